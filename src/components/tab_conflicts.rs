//! Chapters that this tab and another tab both changed: the learner chooses which to keep.

use leptos::prelude::*;

use crate::i18n::{tr, tr_string};
use crate::state::use_app;
use crate::sync;

/// One line per chapter in conflict, with a button for each version.
#[component]
pub fn TabConflicts() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let numbers = move || {
        app.conflicts
            .with(|c| c.keys().copied().collect::<Vec<u32>>())
    };
    move || {
        let numbers = numbers();
        (!numbers.is_empty()).then(|| {
            view! {
                <section
                    class="mx-auto mt-3 max-w-screen-2xl rounded-md border border-amber-500 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-50"
                    role="alert"
                    data-testid="tab-conflicts"
                >
                    <h2 class="font-semibold">
                        {move || tr(lang(), "Changed in two tabs", "두 탭에서 바뀐 챕터")}
                    </h2>
                    <ul class="mt-1 space-y-2">
                        {numbers
                            .into_iter()
                            .map(|number| {
                                let title = app.session.with_untracked(|s| {
                                    s.catalog().outline(number).map(|c| c.title.clone())
                                });
                                view! {
                                    <li class="flex flex-wrap items-center gap-2" data-chapter=number.to_string()>
                                        <span class="flex-1">
                                            {move || {
                                                let name = title.as_ref().map(|t| t.get(lang()).to_string()).unwrap_or_default();
                                                tr_string(
                                                    lang(),
                                                    format!("Chapter {number} ({name}) was changed in another tab while you worked on it here. Which version do you want to keep? The other is discarded."),
                                                    format!("챕터 {number}({name})를 여기서 작업하는 동안 다른 탭에서도 바꿨습니다. 어느 쪽을 남길까요? 다른 쪽은 버려집니다."),
                                                )
                                            }}
                                        </span>
                                        <button
                                            type="button"
                                            class="rounded bg-teal-700 px-3 py-1 font-medium text-white hover:bg-teal-800"
                                            on:click=move |_| sync::keep_ours(app, number)
                                            data-testid="keep-this-tab"
                                        >
                                            {move || tr(lang(), "Keep this tab's", "이 탭의 것 남기기")}
                                        </button>
                                        <button
                                            type="button"
                                            class="rounded border border-amber-700 px-3 py-1 font-medium hover:bg-amber-100 dark:hover:bg-amber-900"
                                            on:click=move |_| sync::take_theirs(app, number)
                                            data-testid="take-other-tab"
                                        >
                                            {move || tr(lang(), "Use the other tab's", "다른 탭의 것 쓰기")}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
    }
}
