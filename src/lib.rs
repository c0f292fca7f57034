//! CloudLab's web app: renders the course session and sends the learner's actions to it.
//!
//! `main.rs` only mounts [`App`]. Pages live in [`routes`], reusable pieces in
//! [`components`] and the EC2 console in [`console`]. Course rules live in the
//! `cloudlab-course` crate; this crate only renders state and calls it.

pub mod components;
pub mod console;
pub mod download;
pub mod i18n;
pub mod router;
pub mod routes;
pub mod state;
pub mod storage;

use cloudlab_course::Catalog;
use leptos::prelude::*;

use crate::components::app_header::AppHeader;
use crate::components::notice_banner::NoticeBanner;
use crate::i18n::tr;
use crate::router::{Route, use_route};
use crate::routes::chapter::ChapterPage;
use crate::routes::home::HomePage;
use crate::routes::not_found::NotFoundPage;
use crate::state::{AppContext, Notice, use_app};

/// The whole app: header, notices and the page for the current address.
#[component]
pub fn App() -> impl IntoView {
    match Catalog::load() {
        Ok(catalog) => {
            provide_context(AppContext::load(catalog));
            view! { <Shell /> }.into_any()
        }
        Err(err) => view! {
            <main class="mx-auto max-w-2xl p-8" role="alert">
                <h1 class="text-xl font-bold">"CloudLab could not load its lessons."</h1>
                <p class="mt-2 font-mono text-sm">{err.to_string()}</p>
            </main>
        }
        .into_any(),
    }
}

/// The page frame once the lessons are loaded.
#[component]
fn Shell() -> impl IntoView {
    let app = use_app();
    let route = use_route();
    let lang = move || app.lang();

    // Persist after every change. Serialising the session is cheap next to a render.
    Effect::new(move |_| {
        let json = app.session.with(|s| s.to_save().to_json());
        if storage::write_save(&json).is_err() && app.notice.get_untracked().is_none() {
            app.notice.set(Some(Notice {
                en: "This browser would not save your progress (storage is full or blocked). Export it to keep it.".into(),
                ko: "이 브라우저가 진행 상황을 저장하지 못했습니다(저장소가 가득 찼거나 차단됨). 내보내기로 보관하세요.".into(),
                is_error: true,
            }));
        }
    });

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
        <main id="main" tabindex="-1" class="outline-none">
            {move || match route.get() {
                Route::Home => view! { <HomePage /> }.into_any(),
                Route::Chapter { number, step } => view! { <ChapterPage number step /> }.into_any(),
                Route::NotFound => view! { <NotFoundPage /> }.into_any(),
            }}
        </main>
    }
}
