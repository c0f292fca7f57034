//! The outcome of a console page's last action: AWS's error, or what was done.

use leptos::prelude::*;

use crate::console::console_action::ConsoleAction;
use crate::console::error_box::ErrorBox;
use crate::i18n::tr;
use crate::state::use_app;

/// AWS's error in red, or a green line saying what the last action did.
#[component]
pub fn ActionStatus(
    /// The page's actions.
    action: ConsoleAction,
    /// The success line's test id (`budget-created`).
    #[prop(optional)]
    done_test_id: Option<&'static str>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    view! {
        {move || action.done.get().map(|done| view! {
            <p role="status" class="my-2 rounded-md border border-emerald-500 bg-emerald-50 px-3 py-2 text-sm dark:bg-emerald-950" data-testid=done_test_id>
                {tr(lang(), done.said.0, done.said.1)}" "<span class="font-medium">{done.subject}</span>
            </p>
        })}
        <ErrorBox error=action.error />
    }
}
