//! A dismissible notice above the page (a save that could not be loaded, an import result).

use cloudlab_course::Lang;
use leptos::prelude::*;

use crate::download::download_text;
use crate::i18n::tr;
use crate::router::Route;
use crate::state::{NoticeAction, use_app};
use crate::storage;

/// Shows the current notice, if any.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let app = use_app();
    move || {
        app.notice.get().map(|notice| {
            let lang = app.lang();
            let text = if lang == Lang::Ko { notice.ko.clone() } else { notice.en.clone() };
            let colours = if notice.is_error {
                "border-rose-400 bg-rose-50 text-rose-950 dark:bg-rose-950 dark:text-rose-50"
            } else {
                "border-emerald-400 bg-emerald-50 text-emerald-950 dark:bg-emerald-950 dark:text-emerald-50"
            };
            view! {
                <div
                    class=format!("mx-auto mt-3 flex max-w-screen-2xl items-start gap-3 rounded-md border px-4 py-3 text-sm {colours}")
                    role=if notice.is_error { "alert" } else { "status" }
                    data-testid="notice"
                >
                    <div class="flex flex-1 flex-wrap items-center gap-x-3 gap-y-1">
                        <p class="min-w-[12rem] flex-1">{text}</p>
                        {notice.actions.iter().cloned().map(|action| action_button(lang, action)).collect_view()}
                    </div>
                    <button
                        type="button"
                        class="rounded px-2 py-0.5 font-medium underline"
                        on:click=move |_| app.notice.set(None)
                    >
                        {tr(lang, "Dismiss", "닫기")}
                    </button>
                </div>
            }
        })
    }
}

/// A button or link a notice offers.
fn action_button(lang: Lang, action: NoticeAction) -> AnyView {
    let classes =
        "whitespace-nowrap rounded border border-current px-2 py-0.5 font-medium hover:bg-white/40";
    match action {
        NoticeAction::DownloadCopy(key) => view! {
            <button
                type="button"
                class=classes
                on:click=move |_| {
                    if let Some(copy) = storage::kept_copy(&key) {
                        download_text(&copy_file_name(&copy), "application/json", &copy.text);
                    }
                }
                data-testid="notice-download-copy"
            >
                {tr(lang, "Download the kept copy", "보관한 사본 내려받기")}
            </button>
        }
        .into_any(),
        NoticeAction::OpenSavedCopies => view! {
            <a class=classes href=Route::SavedCopies.href() data-testid="notice-saved-copies">
                {tr(lang, "Saved copies", "보관된 사본")}
            </a>
        }
        .into_any(),
    }
}

/// The file name a kept copy downloads as: `cloudlab-kept-2026-12-05T10-00-00.json`.
pub fn copy_file_name(copy: &storage::KeptCopy) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(copy.kept_at_ms as f64));
    let stamp: String = String::from(date.to_iso_string())
        .chars()
        .take(19)
        .map(|c| if c == ':' { '-' } else { c })
        .collect();
    let kind = match copy.kind {
        storage::CopyKind::Refused => "kept",
        storage::CopyKind::Backup => "backup",
    };
    format!("cloudlab-{kind}-{stamp}.json")
}
