//! Offers text to the learner as a file download, without any network request.

use wasm_bindgen::JsCast;

/// Starts a download of `contents` named `file_name`. Returns false if the browser refused.
pub fn download_text(file_name: &str, mime: &str, contents: &str) -> bool {
    try_download(file_name, mime, contents).is_some()
}

fn try_download(file_name: &str, mime: &str, contents: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let anchor = document
        .create_element("a")
        .ok()?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
