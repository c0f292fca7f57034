//! Interface strings. Lesson text comes from the course crate; this is only the app's chrome.

use cloudlab_course::Lang;

/// Picks the English or Korean form of an interface string.
pub fn tr(lang: Lang, en: &'static str, ko: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

/// Picks the English or Korean form of a string built at run time.
pub fn tr_string(lang: Lang, en: String, ko: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}
