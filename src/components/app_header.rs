//! The top bar: home link, language switch, colour theme and the progress menu.

use cloudlab_course::{Lang, ThemePreference};
use leptos::prelude::*;

use crate::components::progress_tools::ProgressTools;
use crate::i18n::tr;
use crate::state::use_app;
use crate::storage;

/// The site header.
#[component]
pub fn AppHeader() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let theme = move || app.session.with(|s| s.theme());

    let set_lang = move |lang: Lang| app.session.update(|s| s.set_lang(lang));
    let cycle_theme = move |_| {
        let next = match theme() {
            ThemePreference::System => ThemePreference::Dark,
            ThemePreference::Dark => ThemePreference::Light,
            ThemePreference::Light => ThemePreference::System,
        };
        app.session.update(|s| s.set_theme(next));
    };
    let theme_label = move || match (theme(), lang()) {
        (ThemePreference::System, l) => tr(l, "Theme: system", "테마: 시스템"),
        (ThemePreference::Dark, l) => tr(l, "Theme: dark", "테마: 어둡게"),
        (ThemePreference::Light, l) => tr(l, "Theme: light", "테마: 밝게"),
    };

    // Keep <html lang> and the `dark` class in step with the preference.
    Effect::new(move |_| {
        let lang = lang();
        let theme = theme();
        let Some(root) = document().document_element() else {
            return;
        };
        let _ = root.set_attribute("lang", if lang == Lang::Ko { "ko" } else { "en" });
        let system_dark = window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        let dark = match theme {
            ThemePreference::Dark => true,
            ThemePreference::Light => false,
            ThemePreference::System => system_dark,
        };
        let _ = root.class_list().toggle_with_force("dark", dark);
        storage::write_theme(match theme {
            ThemePreference::Dark => "dark",
            ThemePreference::Light => "light",
            ThemePreference::System => "system",
        });
    });

    let lang_button = move |target: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                class="whitespace-nowrap rounded px-2 py-1 text-sm font-medium aria-pressed:bg-teal-700 aria-pressed:text-white hover:bg-slate-200 dark:hover:bg-slate-800"
                aria-pressed=move || (lang() == target).to_string()
                on:click=move |_| set_lang(target)
            >
                {label}
            </button>
        }
    };

    view! {
        <header class="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <div class="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-3 px-4 py-2">
                <a href="#/" class="flex items-center gap-2 text-lg font-bold text-teal-800 dark:text-teal-300">
                    <img src="favicon.svg" alt="" width="28" height="28" />
                    "CloudLab"
                </a>
                <span class="hidden text-sm text-slate-600 sm:inline dark:text-slate-400">
                    {move || tr(lang(), "AWS fundamentals, hands-on, in your browser", "브라우저에서 직접 해 보는 AWS 기초")}
                </span>
                <nav class="ml-auto flex flex-wrap items-center justify-end gap-2" aria-label=move || tr(lang(), "Settings", "설정")>
                    <div role="group" class="flex rounded border border-slate-300 dark:border-slate-700" aria-label=move || tr(lang(), "Language", "언어")>
                        {lang_button(Lang::En, "English")}
                        {lang_button(Lang::Ko, "한국어")}
                    </div>
                    <button
                        type="button"
                        class="whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-200 dark:border-slate-700 dark:hover:bg-slate-800"
                        on:click=cycle_theme
                        data-testid="theme-toggle"
                    >
                        {theme_label}
                    </button>
                    <ProgressTools />
                </nav>
            </div>
        </header>
    }
}
