//! Reads the lessons' data files: the course index at start, and a chapter's text in one
//! language when the learner opens it. `cargo xtask build` writes them from `lessons/*.toml`
//! under content-hashed names, and `index.html` names the index in a
//! `<meta name="cloudlab-lessons">` (preloaded beside the wasm). They come from the site's
//! own folder, like the wasm itself; the app requests nothing else.

use cloudlab_course::{Catalog, Chapter, CourseIndex, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The `name` of the `<meta>` whose `content` is the course index's address.
pub const INDEX_META: &str = "cloudlab-lessons";

/// Why a data file could not be used, for the retry panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The page names no course index (a page not built by `cargo xtask build`).
    NoIndex,
    /// The request failed (offline, or the server stopped).
    Network(String),
    /// The server answered with an error status (a file from another build, say).
    Status(u16),
    /// The file arrived but is not what this build reads.
    Damaged(String),
}

impl LoadError {
    /// A sentence for the retry panel.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoadError::NoIndex, Lang::En) => {
                "This page does not name CloudLab's lessons; it was not built with `cargo xtask build`.".into()
            }
            (LoadError::NoIndex, Lang::Ko) => {
                "이 페이지에는 CloudLab 강의 파일이 지정되어 있지 않아요. `cargo xtask build`로 만든 페이지가 아니에요.".into()
            }
            (LoadError::Network(detail), Lang::En) => {
                format!("The lesson could not be downloaded ({detail}). Check the connection and try again.")
            }
            (LoadError::Network(detail), Lang::Ko) => {
                format!("강의를 내려받지 못했어요({detail}). 연결을 확인하고 다시 시도하세요.")
            }
            (LoadError::Status(status), Lang::En) => format!(
                "The server answered {status} for the lesson. If CloudLab was just updated, reload the page."
            ),
            (LoadError::Status(status), Lang::Ko) => format!(
                "서버가 강의 파일에 {status}(으)로 답했어요. CloudLab이 방금 업데이트되었다면 페이지를 새로 고치세요."
            ),
            (LoadError::Damaged(detail), Lang::En) => format!(
                "The lesson file is not one this version of CloudLab reads ({detail}). Reload the page."
            ),
            (LoadError::Damaged(detail), Lang::Ko) => format!(
                "이 버전의 CloudLab이 읽을 수 없는 강의 파일이에요({detail}). 페이지를 새로 고치세요."
            ),
        }
    }
}

/// The course index's address, from the page's `<meta name="cloudlab-lessons">`.
pub fn index_url() -> Option<String> {
    let meta = document()?
        .query_selector(&format!("meta[name=\"{INDEX_META}\"]"))
        .ok()??;
    let content = meta.get_attribute("content")?;
    (!content.is_empty()).then_some(content)
}

/// Reads the course index and builds a catalog with no chapter text yet.
pub async fn load_catalog() -> Result<Catalog, LoadError> {
    let url = index_url().ok_or(LoadError::NoIndex)?;
    let text = fetch_text(&url).await?;
    let index: CourseIndex =
        serde_json::from_str(&text).map_err(|error| LoadError::Damaged(error.to_string()))?;
    Catalog::from_index(index).map_err(|error| LoadError::Damaged(error.to_string()))
}

/// Reads one chapter's text in `lang`, from the file the catalog's index names.
pub async fn load_chapter(catalog_file: Option<String>) -> Result<Chapter, LoadError> {
    let url = catalog_file.ok_or(LoadError::NoIndex)?;
    let text = fetch_text(&url).await?;
    serde_json::from_str(&text).map_err(|error| LoadError::Damaged(error.to_string()))
}

/// GETs a file of the site as text.
async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let window = web_sys::window().ok_or_else(|| LoadError::Network("no window".into()))?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|error| LoadError::Network(describe(&error)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| LoadError::Network("not a response".into()))?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    let text = response
        .text()
        .map_err(|error| LoadError::Network(describe(&error)))?;
    let text = JsFuture::from(text)
        .await
        .map_err(|error| LoadError::Network(describe(&error)))?;
    text.as_string()
        .ok_or_else(|| LoadError::Damaged("not text".into()))
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn describe(error: &wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
