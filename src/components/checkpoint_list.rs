//! The graded checkpoints of a step, each with the reason it passes or fails.

use cloudlab_course::announce::checkpoint_changes;
use leptos::prelude::*;

use crate::components::inline_text::InlineText;
use crate::i18n::tr;
use crate::state::use_app;

/// Checkpoints of one step, evaluated live on the lab's state.
#[component]
pub fn CheckpointList(
    /// Chapter number.
    chapter: u32,
    /// Step id.
    #[prop(into)]
    step: String,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let has_checkpoints = app
        .session
        .with_untracked(|s| !s.checkpoints(chapter, &step).is_empty());
    let statuses = Memo::new(move |_| app.session.with(|s| s.checkpoints(chapter, &step)));
    // A polite live region says what changed, once per change, in the page's language.
    let (announcement, set_announcement) = signal(String::new());
    Effect::new(
        move |before: Option<Vec<cloudlab_course::CheckpointStatus>>| {
            let after = statuses.get();
            if let Some(before) = before
                && let Some(text) = checkpoint_changes(&before, &after)
            {
                set_announcement.set(text.get(app.lang()).to_string());
            }
            after
        },
    );

    view! {
        <section class="mt-6" aria-labelledby="checkpoints-title" hidden=!has_checkpoints>
            <h3 id="checkpoints-title" class="text-base font-semibold">
                {move || tr(lang(), "Checkpoints", "체크포인트")}
            </h3>
            <ul class="mt-2 space-y-2" data-testid="checkpoints">
                {move || {
                    let lang = lang();
                    statuses
                        .get()
                        .into_iter()
                        .map(|status| {
                            let passed = status.outcome.passed;
                            let (mark, mark_label, colours) = if passed {
                                ("✓", tr(lang, "Passed", "통과"), "border-emerald-500 bg-emerald-50 dark:bg-emerald-950")
                            } else if status.reached {
                                ("!", tr(lang, "Reached before, not true now", "이전에 통과했지만 지금은 아님"), "border-amber-500 bg-amber-50 dark:bg-amber-950")
                            } else {
                                ("○", tr(lang, "Not yet", "아직"), "border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900")
                            };
                            view! {
                                <li
                                    class=format!("rounded-md border-l-4 p-3 {colours}")
                                    data-checkpoint=status.id.clone()
                                    data-passed=passed.to_string()
                                >
                                    <div class="flex items-start gap-2">
                                        <span aria-hidden="true" class="w-4 font-bold">{mark}</span>
                                        <span class="sr-only">{mark_label}": "</span>
                                        <span class="font-medium"><InlineText text=status.label.get(lang).to_string() /></span>
                                    </div>
                                    <p class="mt-1 pl-6 text-sm text-slate-700 dark:text-slate-300">
                                        <InlineText text=status.outcome.detail.get(lang).to_string() />
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="checkpoint-announcer">
                {announcement}
            </p>
        </section>
    }
}
