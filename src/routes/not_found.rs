//! The page for an address the app does not know.

use leptos::prelude::*;

use crate::i18n::tr;
use crate::state::use_app;

/// Shown for an unknown `#/` address.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    view! {
        <div class="mx-auto max-w-3xl px-4 py-16 text-center">
            <h1 class="text-2xl font-bold">{move || tr(lang(), "This page does not exist", "없는 페이지입니다")}</h1>
            <p class="mt-4">
                <a class="text-teal-800 underline dark:text-teal-300" href="#/">
                    {move || tr(lang(), "Back to the chapters", "목차로 돌아가기")}
                </a>
            </p>
        </div>
    }
}
