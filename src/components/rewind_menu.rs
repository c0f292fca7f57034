//! Rewinds the chapter's lab to the start of a step the learner reached.

use leptos::prelude::*;

use crate::i18n::{tr, tr_string};
use crate::router::Route;
use crate::state::use_app;

/// A disclosure listing the steps the lab can go back to.
#[component]
pub fn RewindMenu(
    /// Chapter number.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let targets = move || {
        app.session.with(|s| {
            let Some(c) = s.catalog().chapter(chapter) else {
                return Vec::new();
            };
            s.rewind_targets(chapter)
                .into_iter()
                .filter_map(|id| {
                    let index = c.step_index(&id)?;
                    Some((id, index + 1, c.steps[index].title.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    let rewind = move |step: String, number: usize| {
        let message = tr_string(
            app.lang(),
            format!(
                "Rewind the lab to the start of step {number}? Everything done in the lab since then is undone, and the checkpoints of that step and later ones are graded again. (Only the lab can do this: a real AWS account has no undo.)"
            ),
            format!(
                "실습 환경을 {number}단계의 시작으로 되돌릴까요? 그 뒤에 실습 환경에서 한 일은 모두 취소되고, 그 단계와 이후 단계의 체크포인트는 다시 채점됩니다. (실습 환경이라 가능한 일이고, 실제 AWS 계정에는 되돌리기가 없습니다.)"
            ),
        );
        if window().confirm_with_message(&message).unwrap_or(false) {
            app.session.update(|s| {
                s.rewind_to(chapter, &step);
            });
            let href = Route::Chapter {
                number: chapter,
                step: Some(step),
            }
            .href();
            let _ = window().location().set_hash(&href);
        }
    };

    view! {
        <details class="relative" data-testid="rewind-menu">
            <summary class="cursor-pointer list-none rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                {move || tr(lang(), "Rewind lab…", "실습 되돌리기…")}
            </summary>
            <div class="absolute left-0 z-20 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-md border border-slate-300 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
                <p class="text-slate-700 dark:text-slate-300">
                    {move || tr(
                        lang(),
                        "Go back to the lab as it was when you reached a step. AWS itself has no undo: in a real account, what you delete stays deleted.",
                        "단계에 처음 도착했을 때의 실습 환경으로 돌아갑니다. AWS에는 되돌리기가 없어서 실제 계정에서 지운 것은 돌아오지 않습니다.",
                    )}
                </p>
                <ul class="mt-2 space-y-1">
                    {move || {
                        let lang = lang();
                        targets()
                            .into_iter()
                            .map(|(id, number, title)| {
                                let label = tr_string(
                                    lang,
                                    format!("Start of step {number}: {}", title.en),
                                    format!("{number}단계 시작: {}", title.ko),
                                );
                                let step = id.clone();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="w-full rounded px-2 py-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
                                            on:click=move |_| rewind(step.clone(), number)
                                            data-step=id
                                        >
                                            {label}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </details>
    }
}
