//! Hints that reveal one at a time.

use leptos::prelude::*;

use crate::components::rich_text::RichText;
use crate::i18n::tr;
use crate::state::use_app;

/// The hints of one step: those already shown, and a button for the next.
#[component]
pub fn HintList(
    /// Chapter number.
    chapter: u32,
    /// Step id.
    #[prop(into)]
    step: String,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let step_for_hints = step.clone();
    let hints = Memo::new(move |_| {
        app.session
            .with(|s| s.revealed_hints(chapter, &step_for_hints))
    });
    let step_for_total = step.clone();
    let total = Memo::new(move |_| app.session.with(|s| s.hint_count(chapter, &step_for_total)));
    let reveal = Callback::new(move |()| {
        app.session.update(|s| {
            s.reveal_next_hint(chapter, &step);
        })
    });

    view! {
        <section class="mt-6" aria-labelledby="hints-title">
            <h3 id="hints-title" class="text-base font-semibold">
                {move || tr(lang(), "Hints", "힌트")}
            </h3>
            <ol class="mt-2 space-y-2" data-testid="hints" aria-live="polite">
                {move || {
                    let lang = lang();
                    hints.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, hint)| view! {
                            <li class="rounded-md bg-sky-50 px-3 py-1 text-sm dark:bg-sky-950">
                                <span class="font-semibold">{format!("{} {}", tr(lang, "Hint", "힌트"), i + 1)}</span>
                                <RichText text=hint.get(lang).to_string() />
                            </li>
                        })
                        .collect_view()
                }}
            </ol>
            <Show when=move || hints.get().len() < total.get()>
                <button
                    type="button"
                    class="mt-2 rounded-md border border-sky-600 px-3 py-1 text-sm font-medium text-sky-800 hover:bg-sky-50 dark:text-sky-200 dark:hover:bg-sky-950"
                    on:click=move |_| reveal.run(())
                    data-testid="reveal-hint"
                >
                    {move || format!(
                        "{} ({}/{})",
                        tr(lang(), "Show a hint", "힌트 보기"),
                        hints.get().len() + 1,
                        total.get()
                    )}
                </button>
            </Show>
        </section>
    }
}
