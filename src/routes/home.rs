//! The chapter list.

use leptos::prelude::*;

use crate::i18n::tr;
use crate::router::Route;
use crate::state::use_app;

/// The home page: what CloudLab is and the chapters with the learner's progress.
#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let chapters = move || app.session.with(|s| s.chapter_summaries());

    view! {
        <div class="mx-auto max-w-5xl px-4 py-8">
            <h1 class="text-3xl font-bold tracking-tight">
                {move || tr(lang(), "Learn AWS by doing it", "직접 해 보며 배우는 AWS")}
            </h1>
            <p class="mt-3 max-w-3xl text-lg text-slate-700 dark:text-slate-300">
                {move || tr(
                    lang(),
                    "Every chapter gives you a simulated AWS account that lives in this page. Launch, break and fix things: there is no bill, no timer and no account to create. Your progress stays in this browser.",
                    "각 장마다 이 페이지 안에 있는 모의 AWS 계정이 주어집니다. 마음껏 만들고, 망가뜨리고, 고쳐 보세요. 요금도, 시간 제한도, 가입도 없습니다. 진행 상황은 이 브라우저에 저장됩니다.",
                )}
            </p>
            <h2 class="mt-8 text-xl font-semibold">{move || tr(lang(), "Chapters", "목차")}</h2>
            <ol class="mt-4 grid gap-4 sm:grid-cols-2" data-testid="chapter-list">
                {move || {
                    let lang = lang();
                    chapters()
                        .into_iter()
                        .map(|c| {
                            let href = Route::Chapter { number: c.number, step: None }.href();
                            let done = c.done == c.total && c.total > 0;
                            view! {
                                <li>
                                    <a
                                        href=href
                                        class="block h-full rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-teal-600 hover:shadow dark:border-slate-800 dark:bg-slate-900 dark:hover:border-teal-400"
                                        data-chapter=c.number.to_string()
                                    >
                                        <div class="flex items-baseline justify-between gap-2">
                                            <span class="text-sm font-medium text-teal-800 dark:text-teal-300">
                                                {format!("{} {}", tr(lang, "Chapter", "챕터"), c.number)}
                                            </span>
                                            <span class="text-xs text-slate-600 dark:text-slate-400">
                                                {format!("{} {}", c.minutes, tr(lang, "min", "분"))}
                                            </span>
                                        </div>
                                        <h3 class="mt-1 text-lg font-semibold">{c.title.get(lang).to_string()}</h3>
                                        <p class="mt-1 text-sm text-slate-700 dark:text-slate-300">{c.summary.get(lang).to_string()}</p>
                                        <div class="mt-3 flex items-center gap-2 text-sm">
                                            <progress class="h-2 flex-1 accent-teal-600" max=c.total.to_string() value=c.done.to_string()></progress>
                                            <span data-testid="chapter-progress">
                                                {if done {
                                                    tr(lang, "Done", "완료").to_string()
                                                } else {
                                                    format!("{}/{}", c.done, c.total)
                                                }}
                                            </span>
                                        </div>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <p class="mt-8 text-sm text-slate-700 dark:text-slate-300">
                {move || tr(
                    lang(),
                    "Your progress is saved in this browser only: Export it to keep it or to move to another browser. Backups taken before an import, and saves CloudLab could not open, are in ",
                    "진행 상황은 이 브라우저에만 저장됩니다. 보관하거나 다른 브라우저로 옮기려면 내보내기를 쓰세요. 가져오기 전에 만든 백업과 CloudLab이 열지 못한 저장본은 여기에 있습니다: ",
                )}
                <a class="font-medium text-teal-800 underline dark:text-teal-300" href=Route::SavedCopies.href() data-testid="saved-copies-link">
                    {move || tr(lang(), "Saved copies", "보관된 사본")}
                </a>
                "."
            </p>
        </div>
    }
}
