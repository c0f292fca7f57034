//! CloudLab's web app: renders the course session and sends the learner's actions to it.
//!
//! `main.rs` only mounts [`App`]. Pages live in [`routes`], reusable pieces in
//! [`components`] and the EC2 console in [`console`]. Course rules live in the
//! `cloudlab-course` crate; this crate only renders state and calls it.

pub mod components;
pub mod console;
pub mod download;
pub mod i18n;
pub mod lab_code;
pub mod lessons;
pub mod python_code;
pub mod router;
pub mod routes;
pub mod state;
pub mod storage;
pub mod sync;

use cloudlab_course::{Catalog, Lang};
use leptos::prelude::*;

use crate::components::app_header::AppHeader;
use crate::components::import_dialog::ImportDialog;
use crate::components::notice_banner::NoticeBanner;
use crate::components::tab_conflicts::TabConflicts;
use crate::i18n::tr;
use crate::router::{Route, use_route};
use crate::routes::chapter_route::ChapterRoute;
use crate::routes::home::HomePage;
use crate::routes::not_found::NotFoundPage;
use crate::routes::saved_copies::SavedCopiesPage;
use crate::state::{AppContext, use_app};

/// The whole app: header, notices and the page for the current address. The course
/// index is read first (a few KB); a build with the embedded lessons (the component
/// tests) starts at once.
#[component]
pub fn App() -> impl IntoView {
    let loaded: RwSignal<Option<Result<Catalog, String>>> = RwSignal::new(None);
    let attempt = RwSignal::new(0u32);
    match Catalog::embedded() {
        Some(result) => loaded.set(Some(result.map_err(|err| err.to_string()))),
        None => {
            Effect::new(move |_| {
                attempt.track();
                leptos::task::spawn_local(async move {
                    let result = lessons::load_catalog()
                        .await
                        .map_err(|err| err.message(Lang::En));
                    loaded.set(Some(result));
                });
            });
        }
    }
    move || {
        match loaded.get() {
        None => view! {
            <p class="mx-auto max-w-2xl p-8 text-slate-600 dark:text-slate-300" role="status">
                "Loading CloudLab…"
            </p>
        }
        .into_any(),
        Some(Ok(catalog)) => {
            provide_context(AppContext::load(catalog));
            view! { <Shell /> }.into_any()
        }
        Some(Err(err)) => view! {
            <main class="mx-auto max-w-2xl p-8" role="alert">
                <h1 class="text-xl font-bold">"CloudLab could not load its lessons."</h1>
                <p class="mt-2 text-sm">{err}</p>
                <button
                    type="button"
                    class="mt-4 rounded-md bg-teal-700 px-3 py-2 font-medium text-white hover:bg-teal-800"
                    data-testid="retry-lessons"
                    on:click=move |_| {
                        loaded.set(None);
                        attempt.update(|n| *n += 1);
                    }
                >
                    "Try again"
                </button>
            </main>
        }
        .into_any(),
    }
    }
}

/// The page frame once the lessons are loaded.
#[component]
fn Shell() -> impl IntoView {
    let app = use_app();
    let route = use_route();
    let lang = move || app.lang();

    // Persist after every change, merging what other tabs wrote (see `sync`).
    Effect::new(move |_| {
        app.session.track();
        app.conflicts.track();
        sync::save(app);
    });
    sync::listen(app);

    let skip_to_main = move |_| {
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    };

    view! {
        <button type="button" class="skip-link" on:click=skip_to_main>
            {move || tr(lang(), "Skip to content", "본문으로 건너뛰기")}
        </button>
        <AppHeader />
        <NoticeBanner />
        <TabConflicts />
        <ImportDialog />
        <main id="main" tabindex="-1" class="outline-none">
            {move || match route.get() {
                Route::Home => view! { <HomePage /> }.into_any(),
                Route::Chapter { number, step } => view! { <ChapterRoute number step /> }.into_any(),
                Route::SavedCopies => view! { <SavedCopiesPage /> }.into_any(),
                Route::NotFound => view! { <NotFoundPage /> }.into_any(),
            }}
        </main>
    }
}
