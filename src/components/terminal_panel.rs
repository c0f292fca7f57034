//! The in-browser terminal: a scrollback, a prompt and one input line.
//!
//! Shell rules live in the terminal crate; this component sends each line to the course
//! session and shows what came back. Up/Down recall history, Tab completes, Ctrl+L clears.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;

use crate::i18n::tr;
use crate::state::use_app;

/// The terminal for a chapter's lab.
#[component]
pub fn TerminalPanel(
    /// The chapter whose lab the terminal drives.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    // The screen lives in the chapter's lab, so it survives step changes and reloads.
    // Rows are keyed by id: a new command adds one row, it never redraws the others.
    let screen_version = Memo::new(move |_| {
        app.session
            .with(|s| s.screen(chapter).map(|screen| screen.version()))
    });
    let entries = move || {
        // Reading the memo (not only tracking it) makes it recompute when the session changes.
        let _version = screen_version.get();
        app.session.with_untracked(|s| {
            s.screen(chapter)
                .map(|screen| screen.entries().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let (input, set_input) = signal(String::new());
    let (candidates, set_candidates) = signal(Vec::<String>::new());
    // Position while walking back through history; `None` means editing a new line.
    let (recall, set_recall) = signal(Option::<usize>::None);
    let input_ref = NodeRef::<html::Input>::new();
    let screen_ref = NodeRef::<html::Div>::new();

    let prompt = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| lab.terminal.prompt()))
            .unwrap_or_default()
    };
    let lang = move || app.lang();
    let secret = move || {
        app.session.with(|s| {
            s.lab(chapter)
                .is_some_and(|lab| lab.terminal.input_is_secret())
        })
    };

    let scroll_to_end = move || {
        // Runs in a later frame: the panel may be gone by then.
        if let Some(screen) = screen_ref.try_get_untracked().flatten() {
            screen.set_scroll_top(screen.scroll_height());
        }
    };

    let run = move || {
        let line = input.get_untracked();
        app.session.update(|s| {
            s.run_command(chapter, &line);
        });
        set_input.set(String::new());
        set_recall.set(None);
        set_candidates.set(Vec::new());
        request_animation_frame(scroll_to_end);
    };
    // Coming back to the chapter or the step shows the end of the screen, as a terminal does.
    Effect::new(move |_| request_animation_frame(scroll_to_end));

    let history_len = move || {
        app.session
            .with_untracked(|s| s.lab(chapter).map(|lab| lab.terminal.history().len()))
            .unwrap_or(0)
    };
    let history_at = move |index: usize| {
        app.session
            .with_untracked(|s| {
                s.lab(chapter)
                    .and_then(|lab| lab.terminal.history().get(index).cloned())
            })
            .unwrap_or_default()
    };

    // Ctrl+C copies when text is selected; only without a selection does it interrupt.
    let has_selection = || {
        window()
            .get_selection()
            .ok()
            .flatten()
            .is_some_and(|sel| !sel.is_collapsed())
    };

    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            run();
        }
        "ArrowUp" => {
            ev.prevent_default();
            let len = history_len();
            if len == 0 {
                return;
            }
            let index = match recall.get_untracked() {
                None => len - 1,
                Some(i) => i.saturating_sub(1),
            };
            set_recall.set(Some(index));
            set_input.set(history_at(index));
        }
        "ArrowDown" => {
            ev.prevent_default();
            match recall.get_untracked() {
                Some(i) if i + 1 < history_len() => {
                    set_recall.set(Some(i + 1));
                    set_input.set(history_at(i + 1));
                }
                _ => {
                    set_recall.set(None);
                    set_input.set(String::new());
                }
            }
        }
        "Tab" => {
            let line = input.get_untracked();
            if line.is_empty() {
                return; // let Tab move focus out of an empty terminal
            }
            ev.prevent_default();
            let completion = app.session.with_untracked(|s| {
                s.lab(chapter)
                    .map(|lab| lab.terminal.complete(&lab.cloud, &line))
            });
            if let Some(completion) = completion {
                set_input.set(completion.replacement_line);
                set_candidates.set(if completion.candidates.len() > 1 {
                    completion.candidates
                } else {
                    Vec::new()
                });
            }
        }
        "l" if ev.ctrl_key() => {
            ev.prevent_default();
            app.session.update(|s| s.clear_screen(chapter));
        }
        "c" if ev.ctrl_key() && !has_selection() => {
            // Ctrl+C abandons the line (or a waiting question), like a real shell.
            ev.prevent_default();
            let line = input.get_untracked();
            app.session.update(|s| {
                s.interrupt(chapter, &line);
            });
            set_input.set(String::new());
            set_recall.set(None);
            request_animation_frame(scroll_to_end);
        }
        _ => {}
    };

    let focus_input = move |_| {
        if let Some(el) = input_ref.get() {
            let _ = el.focus();
        }
    };

    view! {
        <section
            class="flex h-full min-h-[20rem] flex-col rounded-lg bg-slate-950 text-slate-100 shadow-inner"
            aria-labelledby=format!("terminal-title-{chapter}")
        >
            <h3 id=format!("terminal-title-{chapter}") class="sr-only">
                {move || tr(lang(), "Terminal", "터미널")}
            </h3>
            <div
                node_ref=screen_ref
                class="terminal-screen flex-1 overflow-y-auto p-3 font-mono text-sm"
                role="log"
                aria-live="polite"
                on:click=focus_input
                data-testid="terminal-screen"
            >
                <p class="text-slate-400">
                    {move || tr(
                        lang(),
                        "This terminal is your laptop. Try `aws sts get-caller-identity`, `help`, or Tab to complete.",
                        "이 터미널은 여러분의 노트북입니다. `aws sts get-caller-identity`, `help`를 입력하거나 Tab으로 자동 완성해 보세요.",
                    )}
                </p>
                <For each=entries key=|e| e.id let:entry>
                    <div class="terminal-entry mt-1" data-testid="terminal-entry" data-entry=entry.id.to_string()>
                        {(!entry.prompt.is_empty() || !entry.command.is_empty()).then(|| view! {
                            <div>
                                <span class="text-emerald-400">{entry.prompt.clone()}</span>
                                <span>{entry.command.clone()}</span>
                            </div>
                        })}
                        {(!entry.output.is_empty()).then(|| view! {
                            <div
                                class:text-rose-200=entry.failed
                                class:text-sky-300=entry.prompt.is_empty()
                                data-testid="terminal-output"
                            >
                                {entry.output.clone()}
                            </div>
                        })}
                    </div>
                </For>
                <Show when=move || !candidates.get().is_empty()>
                    <div class="mt-1 text-sky-300">{move || candidates.get().join("  ")}</div>
                </Show>
            </div>
            <div class="flex items-center gap-1 border-t border-slate-800 px-3 py-2 font-mono text-sm">
                <label for=format!("terminal-input-{chapter}") class="shrink-0 text-emerald-400">
                    {prompt}
                    <span class="sr-only">{move || tr(lang(), "Command", "명령")}</span>
                </label>
                <input
                    id=format!("terminal-input-{chapter}")
                    node_ref=input_ref
                    class="terminal-input min-w-0 flex-1 bg-transparent text-slate-100"
                    // A password is typed without echo, as a terminal does.
                    type=move || if secret() { "password" } else { "text" }
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    data-testid="terminal-input"
                    prop:value=input
                    on:input=move |ev| set_input.set(event_target_value(&ev))
                    on:keydown=on_keydown
                />
            </div>
        </section>
    }
}
