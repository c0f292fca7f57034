//! The chapter quiz, with feedback for whichever answer the learner picks.

use leptos::prelude::*;

use crate::components::inline_text::InlineText;
use crate::i18n::tr;
use crate::state::use_app;

/// All questions of a chapter's quiz.
#[component]
pub fn QuizPanel(
    /// Chapter number.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let questions = app.session.with_untracked(|s| {
        s.catalog()
            .chapter(chapter)
            .map(|c| c.quiz.clone())
            .unwrap_or_default()
    });
    let total = questions.len();
    let correct_count = move || app.session.with(|s| s.quiz_score(chapter));

    view! {
        <section aria-labelledby="quiz-title" data-testid="quiz">
            <h2 id="quiz-title" class="text-xl font-bold">{move || tr(lang(), "Quiz", "퀴즈")}</h2>
            <p class="mt-1 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
                {move || format!("{} {}/{}", tr(lang(), "Correct so far:", "지금까지 정답:"), correct_count(), total)}
            </p>
            <ol class="mt-4 space-y-6">
                {questions
                    .into_iter()
                    .enumerate()
                    .map(|(qi, question)| {
                        let qid = question.id.clone();
                        let qid_for_answer = qid.clone();
                        let chosen = Memo::new(move |_| app.session.with(|s| s.quiz_answer(chapter, &qid_for_answer)));
                        let prompt = question.prompt.clone();
                        let choices = question.choices.clone();
                        view! {
                            <li>
                                <fieldset class="rounded-md border border-slate-300 p-4 dark:border-slate-700">
                                    <legend class="float-left mb-2 w-full font-medium">
                                        {format!("{}. ", qi + 1)}
                                        {move || view! { <InlineText text=prompt.get(lang()).to_string() /> }}
                                    </legend>
                                    <div class="clear-both space-y-1">
                                        {choices
                                            .iter()
                                            .enumerate()
                                            .map(|(ci, choice)| {
                                                let text = choice.text.clone();
                                                let qid = qid.clone();
                                                let name = format!("quiz-{chapter}-{}", qid);
                                                view! {
                                                    <label class="flex cursor-pointer items-start gap-2 rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800">
                                                        <input
                                                            type="radio"
                                                            class="mt-1"
                                                            name=name
                                                            prop:checked=move || chosen.get() == Some(ci)
                                                            on:change=move |_| {
                                                                app.session.update(|s| {
                                                                    s.answer(chapter, &qid, ci);
                                                                });
                                                            }
                                                        />
                                                        <span>{move || view! { <InlineText text=text.get(lang()).to_string() /> }}</span>
                                                    </label>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                    {move || {
                                        chosen.get().and_then(|ci| choices.get(ci).cloned()).map(|choice| {
                                            let lang = lang();
                                            let (verdict, colours) = if choice.correct {
                                                (tr(lang, "Correct.", "정답입니다."), "bg-emerald-50 text-emerald-950 dark:bg-emerald-950 dark:text-emerald-50")
                                            } else {
                                                (tr(lang, "Not quite.", "아쉽네요."), "bg-rose-50 text-rose-950 dark:bg-rose-950 dark:text-rose-50")
                                            };
                                            view! {
                                                <p class=format!("mt-2 rounded px-3 py-2 text-sm {colours}") role="status" data-testid="quiz-feedback">
                                                    <strong>{verdict}</strong>" "<InlineText text=choice.feedback.get(lang).to_string() />
                                                </p>
                                            }
                                        })
                                    }}
                                </fieldset>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
