//! The console's navigation list, drawn from the services' tables in
//! [`super::navigation`].

use leptos::prelude::*;

use super::ConsolePage;
use super::navigation::SECTIONS;
use crate::i18n::tr;
use crate::state::use_app;

/// Every service's pages, with the current one marked.
#[component]
pub fn ConsoleNav(
    /// The page shown.
    page: RwSignal<ConsolePage>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let sections = SECTIONS.iter().enumerate().map(|(i, section)| {
        let heading = if i == 0 {
            "px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400"
        } else {
            "px-3 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400"
        };
        let items = section.items.iter().map(|item| {
            let which = item.page;
            let (en, ko) = item.label;
            view! {
                <li>
                    <button
                        type="button"
                        class=move || {
                            // The current page keeps its colour under the pointer too.
                            if page.get() == which {
                                "w-full rounded bg-teal-700 px-3 py-1.5 text-left text-sm font-semibold text-white"
                            } else {
                                "w-full rounded px-3 py-1.5 text-left text-sm hover:bg-slate-200 dark:hover:bg-slate-800"
                            }
                        }
                        aria-current=move || (page.get() == which).then_some("page")
                        on:click=move |_| page.set(which)
                        data-testid=item.test_id
                    >
                        {move || tr(lang(), en, ko)}
                    </button>
                </li>
            }
        }).collect_view();
        let (en, ko) = section.title;
        view! {
            <p class=heading>{move || tr(lang(), en, ko)}</p>
            <ul class="flex flex-wrap gap-1 xl:flex-col">{items}</ul>
        }
    }).collect_view();
    view! {
        <nav class="xl:w-44 xl:shrink-0" aria-label=move || tr(lang(), "Console", "콘솔")>
            {sections}
        </nav>
    }
}
