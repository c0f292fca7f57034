//! The address `#/chapter/N`: the chapter's text in the learner's language loads on the
//! first visit (a few KB), then the chapter page shows. A file that fails to load offers
//! a retry; the rest of the app keeps working.

use leptos::prelude::*;

use crate::i18n::tr;
use crate::lessons::{self, LoadError};
use crate::routes::chapter::ChapterPage;
use crate::routes::not_found::NotFoundPage;
use crate::state::use_app;

/// A chapter at a step, once its text has loaded.
#[component]
pub fn ChapterRoute(
    /// Chapter number.
    number: u32,
    /// Step id from the address.
    step: Option<String>,
) -> impl IntoView {
    let app = use_app();
    if app
        .session
        .with_untracked(|s| s.catalog().outline(number).is_none())
    {
        return view! { <NotFoundPage /> }.into_any();
    }
    let ready = Memo::new(move |_| {
        let lang = app.lang();
        app.session.with(|s| s.catalog().has_text(number, lang))
    });
    let failure: RwSignal<Option<LoadError>> = RwSignal::new(None);
    let attempt = RwSignal::new(0u32);
    // Whenever the text in the current language is missing (first visit, or the learner
    // switched language), fetch it; a retry runs this again.
    Effect::new(move |_| {
        attempt.track();
        if ready.get() {
            return;
        }
        let lang = app.lang();
        let file = app.session.with_untracked(|s| {
            s.catalog()
                .outline(number)
                .and_then(|outline| outline.files.get(&lang).cloned())
        });
        failure.set(None);
        leptos::task::spawn_local(async move {
            match lessons::load_chapter(file).await {
                Ok(chapter) => {
                    let mut refused = None;
                    app.session.update(|s| {
                        if let Err(err) = s.add_chapter(chapter, lang) {
                            refused = Some(LoadError::Damaged(err.to_string()));
                        }
                    });
                    failure.set(refused);
                }
                Err(err) => failure.set(Some(err)),
            }
        });
    });
    let lang = move || app.lang();
    let step = StoredValue::new(step);
    (move || {
        if ready.get() {
            let step = step.get_value();
            return view! { <ChapterPage number step /> }.into_any();
        }
        match failure.get() {
            None => view! {
                <p class="mx-auto max-w-3xl px-4 py-16 text-center text-slate-600 dark:text-slate-300" role="status" data-testid="chapter-loading">
                    {move || tr(lang(), "Loading the chapter…", "챕터를 불러오는 중…")}
                </p>
            }
            .into_any(),
            Some(err) => view! {
                <div class="mx-auto max-w-3xl px-4 py-16 text-center" role="alert" data-testid="chapter-load-failed">
                    <h1 class="text-xl font-bold">
                        {move || tr(lang(), "This chapter could not be loaded", "이 챕터를 불러오지 못했어요")}
                    </h1>
                    <p class="mt-2">{err.message(lang())}</p>
                    <p class="mt-4 flex justify-center gap-3">
                        <button
                            type="button"
                            class="rounded-md bg-teal-700 px-3 py-2 font-medium text-white hover:bg-teal-800"
                            data-testid="retry-chapter"
                            on:click=move |_| attempt.update(|n| *n += 1)
                        >
                            {move || tr(lang(), "Try again", "다시 시도")}
                        </button>
                        <a class="rounded-md px-3 py-2 font-medium text-teal-800 underline dark:text-teal-300" href="#/">
                            {move || tr(lang(), "Back to the chapters", "목차로 돌아가기")}
                        </a>
                    </p>
                </div>
            }
            .into_any(),
        }
    })
    .into_any()
}
