//! The lab side of a chapter: the clock, the cost meter, and the console and terminal
//! tabs. It is built by the lab's code (see [`crate::lab_code`]), which brings the
//! simulated cloud with it.

use leptos::prelude::*;

use crate::components::clock_bar::ClockBar;
use crate::components::cost_meter::CostMeter;
use crate::components::terminal_panel::TerminalPanel;
use crate::console::ConsolePanel;
use crate::i18n::tr;
use crate::state::use_app;

/// Which side of the lab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LabTab {
    Console,
    Terminal,
}

/// The clock, the cost meter, and the console and terminal tabs of chapter `chapter`.
#[component]
pub fn LabPane(
    /// Chapter number.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let number = chapter;
    let first_tab = if app
        .terminal_shown
        .with_value(|shown| shown.contains(&number))
    {
        LabTab::Terminal
    } else {
        LabTab::Console
    };
    let (tab, set_tab) = signal(first_tab);
    // The chosen tab outlives the page, so Next keeps the terminal open.
    Effect::new(move |_| {
        let terminal = tab.get() == LabTab::Terminal;
        app.terminal_shown.update_value(|shown| {
            if terminal {
                shown.insert(number);
            } else {
                shown.remove(&number);
            }
        });
    });

    // Left/Right arrows move between the two tabs, as the WAI-ARIA tabs pattern asks.
    let switch_tab_with_arrows = move |ev: leptos::ev::KeyboardEvent| {
        if !matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight") {
            return;
        }
        ev.prevent_default();
        let (next, id) = match tab.get_untracked() {
            LabTab::Console => (LabTab::Terminal, "tab-terminal"),
            LabTab::Terminal => (LabTab::Console, "tab-console"),
        };
        set_tab.set(next);
        if let Some(button) = document().get_element_by_id(id) {
            use wasm_bindgen::JsCast;
            if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let tab_button = move |which: LabTab, en: &'static str, ko: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=format!("tab-{}", en.to_lowercase())
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                aria-controls=format!("panel-{}", en.to_lowercase())
                class="rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium aria-selected:border-teal-600 aria-selected:text-teal-800 border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100 dark:aria-selected:text-teal-300"
                on:click=move |_| set_tab.set(which)
                data-testid=format!("tab-{}", en.to_lowercase())
            >
                {move || tr(lang(), en, ko)}
            </button>
        }
    };

    view! {
        <ClockBar chapter=number />
        <CostMeter chapter=number />
        <div role="tablist" class="flex gap-1 border-b border-slate-200 dark:border-slate-800" aria-label=move || tr(lang(), "Lab tools", "실습 도구") on:keydown=switch_tab_with_arrows>
            {tab_button(LabTab::Console, "Console", "콘솔")}
            {tab_button(LabTab::Terminal, "Terminal", "터미널")}
        </div>
        <div id="panel-console" role="tabpanel" aria-labelledby="tab-console" hidden=move || tab.get() != LabTab::Console>
            <ConsolePanel chapter=number />
        </div>
        <div id="panel-terminal" role="tabpanel" aria-labelledby="tab-terminal" class="h-[32rem]" hidden=move || tab.get() != LabTab::Terminal>
            <TerminalPanel chapter=number />
        </div>
    }
}
