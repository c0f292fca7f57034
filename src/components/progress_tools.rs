//! Export and import of the learner's progress as a file.

use cloudlab_course::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::download::download_text;
use crate::i18n::tr;
use crate::state::{Notice, PendingImport, use_app};

/// Buttons to export progress to a file and import it back.
#[component]
pub fn ProgressTools() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let file_input = NodeRef::<leptos::html::Input>::new();

    let export = move |_| {
        let json = app.session.with_untracked(|s| s.to_save().to_json());
        let ok = download_text("cloudlab-progress.json", "application/json", &json);
        if !ok {
            app.notice.set(Some(Notice::new(
                "The browser refused the download.",
                "브라우저가 다운로드를 거부했습니다.",
                true,
            )));
        }
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            let parsed = text
                .as_deref()
                .map(|t| app.session.with_untracked(|s| s.parse_save(t)));
            let notice = match parsed {
                Some(Ok(save)) => {
                    // Nothing changes until the learner confirms (see ImportDialog).
                    let changes = app.session.with_untracked(|s| s.import_preview(&save));
                    app.pending_import.set(Some(PendingImport {
                        save,
                        changes,
                        source: format!("“{name}”"),
                        kept_key: None,
                    }));
                    return;
                }
                Some(Err(err)) => Notice::new(
                    format!("That file was not imported: {}", err.message(Lang::En)),
                    format!("파일을 가져오지 않았습니다: {}", err.message(Lang::Ko)),
                    true,
                ),
                None => Notice::new(
                    "That file could not be read as text.",
                    "파일을 텍스트로 읽을 수 없습니다.",
                    true,
                ),
            };
            app.notice.set(Some(notice));
        });
    };

    view! {
        <button
            type="button"
            class="whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-200 dark:border-slate-700 dark:hover:bg-slate-800"
            on:click=export
            data-testid="export-progress"
        >
            {move || tr(lang(), "Export", "내보내기")}
        </button>
        <label class="cursor-pointer whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-200 focus-within:outline focus-within:outline-2 focus-within:outline-sky-500 dark:border-slate-700 dark:hover:bg-slate-800">
            {move || tr(lang(), "Import", "가져오기")}
            <input
                node_ref=file_input
                type="file"
                accept="application/json,.json"
                class="sr-only"
                on:change=on_file
                data-testid="import-progress"
            />
        </label>
    }
}
