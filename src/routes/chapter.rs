//! A chapter: the lesson on one side, the lab (console and terminal) on the other.

use leptos::prelude::*;

use crate::components::checkpoint_list::CheckpointList;
use crate::components::clock_bar::ClockBar;
use crate::components::cost_meter::CostMeter;
use crate::components::hint_list::HintList;
use crate::components::quiz_panel::QuizPanel;
use crate::components::rewind_menu::RewindMenu;
use crate::components::rich_text::RichText;
use crate::components::terminal_panel::TerminalPanel;
use crate::console::ConsolePanel;
use crate::i18n::{tr, tr_string};
use crate::router::Route;
use crate::routes::not_found::NotFoundPage;
use crate::state::use_app;

/// The step id used for the quiz page of a chapter.
pub const QUIZ_STEP: &str = "quiz";

/// Which side of the lab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LabTab {
    Console,
    Terminal,
}

/// A chapter page at a step (the first step when `step` is `None`).
#[component]
pub fn ChapterPage(
    /// Chapter number.
    number: u32,
    /// Step id from the address.
    step: Option<String>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let Some(chapter) = app
        .session
        .with_untracked(|s| s.catalog().chapter(number).cloned())
    else {
        return view! { <NotFoundPage /> }.into_any();
    };
    // Opening a chapter builds its lab the first time and remembers where the learner is.
    app.session
        .update(|s| s.open_chapter(number, step.as_deref()));
    let current = app
        .session
        .with_untracked(|s| s.current_step(number))
        .unwrap_or_else(|| QUIZ_STEP.to_string());

    let step_ids: Vec<String> = chapter
        .steps
        .iter()
        .map(|s| s.id.clone())
        .chain(std::iter::once(QUIZ_STEP.to_string()))
        .collect();
    let position = step_ids.iter().position(|id| *id == current).unwrap_or(0);
    let prev = position
        .checked_sub(1)
        .and_then(|i| step_ids.get(i))
        .cloned();
    let next = step_ids.get(position + 1).cloned();
    let step_data = chapter.steps.iter().find(|s| s.id == current).cloned();
    let next_chapter = app.session.with_untracked(|s| {
        s.catalog()
            .outlines()
            .iter()
            .find(|c| c.number > number)
            .map(|c| (c.number, c.title.clone()))
    });

    // After Next, Previous or a step pill the new step's heading takes focus (the link
    // that was used is gone) and comes into view if it is not on screen.
    let moved_within_chapter = app.last_step_shown.with_value(|last| {
        last.as_ref()
            .is_some_and(|(chapter, step)| *chapter == number && *step != current)
    });
    app.last_step_shown
        .set_value(Some((number, current.clone())));
    if moved_within_chapter {
        Effect::new(move |_| {
            request_animation_frame(bring_step_into_view);
        });
    }

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
    let reset = move |_| {
        let message = tr(
            app.lang(),
            "Reset this chapter? Its lab goes back to the start and its checkpoints, hints and quiz answers are cleared. Other chapters are kept.",
            "이 챕터를 초기화할까요? 실습 환경이 처음 상태로 돌아가고 체크포인트, 힌트, 퀴즈 답이 지워집니다. 다른 챕터는 그대로입니다.",
        );
        if window().confirm_with_message(message).unwrap_or(false) {
            app.session.update(|s| s.reset_chapter(number));
        }
    };

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
    let nav_steps = chapter.steps.clone();
    let title = chapter.title.clone();
    let step_link = move |id: &str| {
        Route::Chapter {
            number,
            step: Some(id.to_string()),
        }
        .href()
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
        <div class="mx-auto grid max-w-screen-2xl gap-4 px-4 py-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
            <article class="min-w-0 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 sm:p-6" aria-labelledby="chapter-title">
                <div class="flex flex-wrap items-start justify-between gap-2">
                    <div>
                        <p class="text-sm font-medium text-teal-800 dark:text-teal-300">
                            {move || format!("{} {}", tr(lang(), "Chapter", "챕터"), number)}
                        </p>
                        <h1 id="chapter-title" tabindex="-1" class="text-2xl font-bold tracking-tight outline-none">
                            {move || title.get(lang()).to_string()}
                        </h1>
                    </div>
                    <div class="flex flex-wrap items-start gap-2">
                        <RewindMenu chapter=number />
                        <button
                            type="button"
                            class="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                            on:click=reset
                            data-testid="reset-chapter"
                        >
                            {move || tr(lang(), "Reset chapter", "챕터 초기화")}
                        </button>
                    </div>
                </div>
                <nav class="mt-4" aria-label=move || tr(lang(), "Steps", "단계")>
                    <ol class="flex flex-wrap gap-1 text-sm">
                        {nav_steps
                            .iter()
                            .enumerate()
                            .map(|(i, s)| {
                                let id = s.id.clone();
                                let is_current = id == current;
                                let title = s.title.clone();
                                let id_for_done = id.clone();
                                let graded = !s.checkpoints.is_empty();
                                let done = move || graded && app.session.with(|sess| sess.step_done(number, &id_for_done));
                                view! {
                                    <li>
                                        <a
                                            href=step_link(&id)
                                            aria-current=if is_current { Some("step") } else { None }
                                            class="inline-flex items-center gap-1 rounded-full border border-slate-300 px-3 py-1 hover:border-teal-600 aria-[current=step]:border-teal-700 aria-[current=step]:bg-teal-700 aria-[current=step]:text-white dark:border-slate-700"
                                        >
                                            <span aria-hidden="true">{move || if done() { "✓".to_string() } else { (i + 1).to_string() }}</span>
                                            <span>{move || title.get(lang()).to_string()}</span>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                        <li>
                            <a
                                href=step_link(QUIZ_STEP)
                                aria-current=if current == QUIZ_STEP { Some("step") } else { None }
                                class="inline-flex items-center rounded-full border border-slate-300 px-3 py-1 hover:border-teal-600 aria-[current=step]:border-teal-700 aria-[current=step]:bg-teal-700 aria-[current=step]:text-white dark:border-slate-700"
                            >
                                {move || tr(lang(), "Quiz", "퀴즈")}
                            </a>
                        </li>
                    </ol>
                </nav>
                <div class="mt-6">
                    {match step_data {
                        Some(step) => {
                            let step_title = step.title.clone();
                            let reading = step.reading.clone();
                            let task = step.task.clone();
                            view! {
                                <h2 id="step-title" tabindex="-1" class="text-xl font-bold outline-none">{move || step_title.get(lang()).to_string()}</h2>
                                <div class="text-[0.975rem]">
                                    {move || view! { <RichText text=reading.get(lang()).to_string() /> }}
                                </div>
                                <section class="mt-4 rounded-md border border-teal-600 bg-teal-50 p-4 dark:bg-teal-950" aria-labelledby="task-title">
                                    <h3 id="task-title" class="font-semibold">{move || tr(lang(), "Your task", "실습 과제")}</h3>
                                    {move || view! { <RichText text=task.get(lang()).to_string() /> }}
                                </section>
                                <CheckpointList chapter=number step=step.id.clone() />
                                <HintList chapter=number step=step.id.clone() />
                            }
                            .into_any()
                        }
                        None => view! { <QuizPanel chapter=number /> }.into_any(),
                    }}
                </div>
                <nav class="mt-8 flex justify-between gap-2 border-t border-slate-200 pt-4 text-sm dark:border-slate-800" aria-label=move || tr(lang(), "Previous and next step", "이전/다음 단계")>
                    {prev.map(|id| view! {
                        <a class="rounded-md px-3 py-2 font-medium text-teal-800 hover:bg-slate-100 dark:text-teal-300 dark:hover:bg-slate-800" href=step_link(&id)>
                            {move || format!("← {}", tr(lang(), "Previous", "이전"))}
                        </a>
                    })}
                    <span></span>
                    {match (next, next_chapter) {
                        (Some(id), _) => view! {
                            <a class="rounded-md bg-teal-700 px-3 py-2 font-medium text-white hover:bg-teal-800" href=step_link(&id) data-testid="next-step">
                                {move || format!("{} →", tr(lang(), "Next", "다음"))}
                            </a>
                        }
                        .into_any(),
                        (None, Some((next_number, next_title))) => view! {
                            <a
                                class="rounded-md bg-teal-700 px-3 py-2 font-medium text-white hover:bg-teal-800"
                                href=Route::Chapter { number: next_number, step: None }.href()
                                data-testid="next-chapter"
                            >
                                {move || tr_string(
                                    lang(),
                                    format!("Next chapter: {} →", next_title.en),
                                    format!("다음 챕터: {} →", next_title.ko),
                                )}
                            </a>
                        }
                        .into_any(),
                        (None, None) => view! {
                            <a class="rounded-md px-3 py-2 font-medium text-teal-800 hover:bg-slate-100 dark:text-teal-300 dark:hover:bg-slate-800" href="#/" data-testid="back-to-chapters">
                                {move || tr(lang(), "Back to the chapters", "목차로 돌아가기")}
                            </a>
                        }
                        .into_any(),
                    }}
                </nav>
            </article>
            <section class="flex min-w-0 flex-col gap-2" aria-label=move || tr(lang(), "Lab", "실습 환경")>
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
            </section>
        </div>
    }
    .into_any()
}

/// Moves focus to the step heading (or the chapter title on the quiz), scrolling it to
/// the top first when it is out of view.
fn bring_step_into_view() {
    use wasm_bindgen::JsCast;
    let Some(heading) = document()
        .get_element_by_id("step-title")
        .or_else(|| document().get_element_by_id("chapter-title"))
    else {
        return;
    };
    let top = heading.get_bounding_client_rect().top();
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let on_screen = top >= 0.0 && top < height * 0.8;
    if !on_screen {
        scroll_to(&heading);
    }
    if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
        let focus = web_sys::FocusOptions::new();
        focus.set_prevent_scroll(true);
        let _ = heading.focus_with_options(&focus);
    }
}

/// Scrolls `element` to the top of the window, smoothly unless the learner asks for
/// reduced motion.
fn scroll_to(element: &web_sys::Element) {
    let reduced = window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Start);
    options.set_behavior(if reduced {
        web_sys::ScrollBehavior::Instant
    } else {
        web_sys::ScrollBehavior::Smooth
    });
    element.scroll_into_view_with_scroll_into_view_options(&options);
}
