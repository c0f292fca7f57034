//! The app's shared state: one course `Session` in a signal, plus what the UI alone needs
//! (the banner about a save that could not be used). No course rules live here.

use cloudlab_course::{Catalog, Lang, SaveError, SaveFile, Session};
use leptos::prelude::*;

use crate::storage;

/// A notice shown above the page until the learner dismisses it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// English text.
    pub en: String,
    /// Korean text.
    pub ko: String,
    /// Whether this reports a problem rather than a success.
    pub is_error: bool,
}

/// Everything components share, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct AppContext {
    /// The course session: progress, labs, language.
    pub session: RwSignal<Session>,
    /// A notice above the page.
    pub notice: RwSignal<Option<Notice>>,
}

impl AppContext {
    /// Builds the session from the saved file, keeping a copy of a save it cannot use.
    pub fn load(catalog: Catalog) -> AppContext {
        let mut notice = None;
        let session = match storage::read_save() {
            None => Session::new(catalog),
            Some(raw) => match SaveFile::parse_with(&raw, &catalog) {
                Ok(save) => Session::from_save(catalog, save),
                Err(err) => {
                    notice = Some(unusable_save_notice(&err, storage::keep_copy(&raw).ok()));
                    Session::new(catalog)
                }
            },
        };
        AppContext {
            session: RwSignal::new(session),
            notice: RwSignal::new(notice),
        }
    }

    /// The learner's language.
    pub fn lang(&self) -> Lang {
        self.session.with(|s| s.lang())
    }
}

/// The notice for a save file that could not be loaded, naming the key of the kept copy.
pub fn unusable_save_notice(err: &SaveError, kept_as: Option<String>) -> Notice {
    let (kept_en, kept_ko) = match &kept_as {
        Some(key) => (
            format!(" A copy was kept in this browser's storage under “{key}”."),
            format!(" 원래 저장본은 이 브라우저 저장소의 “{key}” 항목에 보관했습니다."),
        ),
        None => (
            " The browser would not let us keep a copy.".to_string(),
            " 브라우저가 사본 보관을 허용하지 않았습니다.".to_string(),
        ),
    };
    Notice {
        en: format!(
            "Your saved progress could not be loaded: {} You are starting fresh.{kept_en}",
            err.message(Lang::En)
        ),
        ko: format!(
            "저장된 진행 상황을 불러오지 못했습니다: {} 새로 시작합니다.{kept_ko}",
            err.message(Lang::Ko)
        ),
        is_error: true,
    }
}

/// Reads the context provided by `App`.
pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}
