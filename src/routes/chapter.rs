//! A chapter: the lesson on one side, the lab (console and terminal) on the other.

use leptos::prelude::*;

use crate::components::checkpoint_list::CheckpointList;
use crate::components::hint_list::HintList;
use crate::components::quiz_panel::QuizPanel;
use crate::components::rewind_menu::RewindMenu;
use crate::components::rich_text::RichText;
use crate::i18n::{tr, tr_string};
use crate::lab_code;
use crate::python_code;
use crate::router::Route;
use crate::routes::not_found::NotFoundPage;
use crate::state::{AppContext, use_app};

/// The step id used for the quiz page of a chapter.
pub const QUIZ_STEP: &str = "quiz";

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

    // The lab's code arrives after the reading: open the chapter again then, so its lab
    // is built and the step's start kept for rewinding.
    lab_code::request(app);
    let needs_python = chapter.python;
    if needs_python {
        python_code::request(app);
    }
    let opened_live = StoredValue::new(app.lab_code.with_untracked(Option::is_some));
    Effect::new(move |_| {
        if app.lab_code.with(Option::is_some) && !opened_live.get_value() {
            opened_live.set_value(true);
            app.session.update(|s| s.open_chapter(number, None));
        }
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

    let nav_steps = chapter.steps.clone();
    let title = chapter.title.clone();
    let step_link = move |id: &str| {
        Route::Chapter {
            number,
            step: Some(id.to_string()),
        }
        .href()
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
                {move || match app.lab_code.get() {
                    Some(_) if needs_python && app.python_failed.get() => load_failed(
                        app,
                        ("python-load-failed", "retry-python"),
                        (
                            "The Python interpreter for this chapter's functions could not be downloaded. Check the connection and try again.",
                            "이 챕터의 함수를 실행할 Python 인터프리터를 내려받지 못했어요. 연결을 확인하고 다시 시도하세요.",
                        ),
                        python_code::request,
                    ),
                    Some(_) if needs_python && !app.python_ready.get() => loading(
                        app,
                        "python-loading",
                        ("Loading the Python interpreter for Lambda…", "Lambda용 Python 인터프리터를 불러오는 중…"),
                    ),
                    Some(code) => (code.lab_pane)(number),
                    None if app.lab_failed.get() => load_failed(
                        app,
                        ("lab-load-failed", "retry-lab"),
                        (
                            "The lab could not be downloaded. Check the connection and try again; if CloudLab was updated since this page opened, reload the page.",
                            "실습 환경을 내려받지 못했어요. 연결을 확인하고 다시 시도하세요. 이 페이지를 연 뒤 CloudLab이 업데이트되었다면 페이지를 새로 고치세요.",
                        ),
                        lab_code::request,
                    ),
                    None => loading(app, "lab-loading", ("Loading the lab…", "실습 환경을 불러오는 중…")),
                }}
            </section>
        </div>
    }
    .into_any()
}

/// A part of the lab that could not be fetched: why, and Try again.
fn load_failed(
    app: AppContext,
    (test_id, retry_id): (&'static str, &'static str),
    (en, ko): (&'static str, &'static str),
    retry: fn(AppContext),
) -> AnyView {
    let lang = move || app.lang();
    view! {
        <div class="rounded-lg border border-red-300 bg-red-50 p-4 dark:border-red-800 dark:bg-red-950" role="alert" data-testid=test_id>
            <p>{move || tr(lang(), en, ko)}</p>
            <button
                type="button"
                class="mt-3 rounded-md bg-teal-700 px-3 py-2 font-medium text-white hover:bg-teal-800"
                data-testid=retry_id
                on:click=move |_| retry(app)
            >
                {move || tr(lang(), "Try again", "다시 시도")}
            </button>
        </div>
    }
    .into_any()
}

/// A part of the lab on its way.
fn loading(
    app: AppContext,
    test_id: &'static str,
    (en, ko): (&'static str, &'static str),
) -> AnyView {
    let lang = move || app.lang();
    view! {
        <p class="rounded-lg border border-slate-200 p-4 text-slate-600 dark:border-slate-800 dark:text-slate-300" role="status" data-testid=test_id>
            {move || tr(lang(), en, ko)}
        </p>
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
