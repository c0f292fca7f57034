//! A dismissible notice above the page (a save that could not be loaded, an import result).

use cloudlab_course::Lang;
use leptos::prelude::*;

use crate::i18n::tr;
use crate::state::use_app;

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
                    <p class="flex-1">{text}</p>
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
