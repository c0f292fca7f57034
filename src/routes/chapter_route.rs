//! The address `#/chapter/N`: the chapter's text in the learner's language loads on the
//! first visit (a few KB), then the chapter page shows. A file that fails to load offers
//! a retry; the rest of the app keeps working.

use leptos::prelude::*;

use cloudlab_course::Lang;

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
    let lang = Memo::new(move |_| app.lang());
    // The text in the learner's language has loaded; or, while it loads after a
    // language switch, the other one has (the page stays, in that language).
    let ready = Memo::new(move |_| {
        let lang = lang.get();
        app.session.with(|s| s.catalog().has_text(number, lang))
    });
    // What the route shows: (some language has loaded, the learner's has); one memo,
    // so the page is rebuilt only when one of them changes.
    let shown = Memo::new(move |_| {
        let any = app
            .session
            .with(|s| Lang::ALL.iter().any(|l| s.catalog().has_text(number, *l)));
        (any, ready.get())
    });
    let failure: RwSignal<Option<LoadError>> = RwSignal::new(None);
    let attempt = RwSignal::new(0u32);
    // Whenever the text in the current language is missing (first visit, or the learner
    // switched language), fetch it; a retry runs this again. Only the language, the
    // retry and `ready` are tracked, so a refused file is not fetched again by itself.
    Effect::new(move |_| {
        attempt.track();
        if ready.get() {
            return;
        }
        let lang = lang.get();
        let file = app.session.with_untracked(|s| {
            s.catalog()
                .outline(number)
                .and_then(|outline| outline.files.get(&lang).cloned())
        });
        failure.set(None);
        leptos::task::spawn_local(async move {
            let chapter = match lessons::load_chapter(file).await {
                Ok(chapter) => chapter,
                Err(err) => return failure.set(Some(err)),
            };
            // Checked on a copy first, so a refused file changes nothing.
            let accepted = app.session.with_untracked(|s| {
                let mut catalog = s.catalog().clone();
                catalog.add_chapter(chapter.clone(), lang)
            });
            match accepted {
                Ok(()) => app.session.update(|s| {
                    let _ = s.add_chapter(chapter, lang);
                }),
                Err(err) => failure.set(Some(LoadError::Damaged(err.to_string()))),
            }
        });
    });
    let tr_lang = move || lang.get();
    let step = StoredValue::new(step);
    let retry = move |_| attempt.update(|n| *n += 1);
    (move || {
        // Rebuilt when the learner's language arrives, so the page shows it.
        let (any, _) = shown.get();
        if any {
            let step = step.get_value();
            let pending = move || (!ready.get()).then(|| match failure.get() {
                None => view! {
                    <p class="mx-auto max-w-screen-2xl px-4 pt-3 text-sm text-slate-600 dark:text-slate-300" role="status" data-testid="chapter-loading">
                        {move || tr(tr_lang(), "Loading the English text…", "한국어 본문을 불러오는 중…")}
                    </p>
                }
                .into_any(),
                Some(err) => view! {
                    <p class="mx-auto max-w-screen-2xl px-4 pt-3 text-sm text-red-800 dark:text-red-300" role="alert" data-testid="chapter-load-failed">
                        {err.message(tr_lang())}
                        " "
                        <button type="button" class="underline" data-testid="retry-chapter" on:click=retry>
                            {move || tr(tr_lang(), "Try again", "다시 시도")}
                        </button>
                    </p>
                }
                .into_any(),
            });
            return view! { {pending} <ChapterPage number step /> }.into_any();
        }
        match failure.get() {
            None => view! {
                <p class="mx-auto max-w-3xl px-4 py-16 text-center text-slate-600 dark:text-slate-300" role="status" data-testid="chapter-loading">
                    {move || tr(tr_lang(), "Loading the chapter…", "챕터를 불러오는 중…")}
                </p>
            }
            .into_any(),
            Some(err) => view! {
                <div class="mx-auto max-w-3xl px-4 py-16 text-center" role="alert" data-testid="chapter-load-failed">
                    <h1 class="text-xl font-bold">
                        {move || tr(tr_lang(), "This chapter could not be loaded", "이 챕터를 불러오지 못했어요")}
                    </h1>
                    <p class="mt-2">{err.message(tr_lang())}</p>
                    <p class="mt-4 flex justify-center gap-3">
                        <button
                            type="button"
                            class="rounded-md bg-teal-700 px-3 py-2 font-medium text-white hover:bg-teal-800"
                            data-testid="retry-chapter"
                            on:click=retry
                        >
                            {move || tr(tr_lang(), "Try again", "다시 시도")}
                        </button>
                        <a class="rounded-md px-3 py-2 font-medium text-teal-800 underline dark:text-teal-300" href="#/">
                            {move || tr(tr_lang(), "Back to the chapters", "목차로 돌아가기")}
                        </a>
                    </p>
                </div>
            }
            .into_any(),
        }
    })
    .into_any()
}
