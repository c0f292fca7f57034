//! The simulated clock: shows the lab's time, moves with real time while something is
//! changing (an instance starting), and fast-forwards on request.

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::tr;
use crate::state::use_app;

/// The lab clock with fast-forward buttons.
#[component]
pub fn ClockBar(
    /// Chapter whose lab clock this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let now = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| lab.cloud.now().to_string()))
            .unwrap_or_default()
    };

    // While the model has a transition due, let one simulated second pass per real second.
    let ticker = set_interval_with_handle(
        move || {
            let busy = app.session.with_untracked(|s| {
                s.lab(chapter)
                    .is_some_and(|lab| lab.cloud.next_transition_in().is_some())
            });
            if busy {
                app.session
                    .update(|s| s.advance_clock(chapter, Duration::from_secs(1)));
            }
        },
        Duration::from_secs(1),
    );
    if let Ok(handle) = ticker {
        on_cleanup(move || handle.clear());
    }

    let forward = move |secs: u64| {
        move |_| {
            app.session
                .update(|s| s.advance_clock(chapter, Duration::from_secs(secs)))
        }
    };
    let button = "rounded border border-slate-300 px-2 py-0.5 text-xs font-medium hover:bg-slate-200 dark:border-slate-700 dark:hover:bg-slate-800";

    view! {
        <div class="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label=move || tr(lang(), "Lab clock", "실습 시계")>
            <span class="text-slate-600 dark:text-slate-400">{move || tr(lang(), "Lab time", "실습 시각")}</span>
            <time class="font-mono" data-testid="lab-clock">{now}</time>
            <span class="text-slate-600 dark:text-slate-400">{move || tr(lang(), "Fast-forward:", "빨리 감기:")}</span>
            <button type="button" class=button on:click=forward(60) data-testid="fast-forward-60">"+1 min"</button>
            <button type="button" class=button on:click=forward(600) data-testid="fast-forward-600">"+10 min"</button>
            <button type="button" class=button on:click=forward(3600) data-testid="fast-forward-3600">"+1 h"</button>
        </div>
    }
}
