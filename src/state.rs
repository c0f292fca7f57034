//! The app's shared state: one course `Session` in a signal, plus what the UI alone needs
//! (the banner about a save that could not be used). No course rules live here.

use std::collections::BTreeMap;

use cloudlab_course::{
    Catalog, ChapterState, Fingerprints, ImportChange, Lang, SaveError, SaveFile, Session,
    StoredSave,
};
use leptos::prelude::*;

use crate::lab_code::LabCode;
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
    /// Buttons offered with the notice.
    pub actions: Vec<NoticeAction>,
}

impl Notice {
    /// A notice without buttons.
    pub fn new(en: impl Into<String>, ko: impl Into<String>, is_error: bool) -> Notice {
        Notice {
            en: en.into(),
            ko: ko.into(),
            is_error,
            actions: Vec::new(),
        }
    }
}

/// A button a notice offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    /// Download the kept copy stored under this key.
    DownloadCopy(String),
    /// Open the page listing kept copies.
    OpenSavedCopies,
}

/// An import waiting for the learner to confirm it.
#[derive(Clone, Debug)]
pub struct PendingImport {
    /// The checked save file.
    pub save: SaveFile,
    /// What it would change, chapter by chapter.
    pub changes: Vec<ImportChange>,
    /// Where it comes from (a file name, or a kept copy's date), for the dialog.
    pub source: String,
    /// The kept copy it comes from, removed once restored.
    pub kept_key: Option<String>,
}

/// What this tab last read from or wrote to storage, to tell its own changes from
/// another tab's.
#[derive(Clone, Debug, Default)]
pub struct SyncState {
    /// The save's records as this tab last saw them in storage.
    pub last_stored: Option<StoredSave>,
    /// Whether the session was read from a one-file save of an older build, to remove
    /// once the split save is written (only then: a tab of the older build may still
    /// be writing it).
    pub legacy_to_remove: bool,
    /// Per-chapter fingerprints of that save.
    pub base: Fingerprints,
}

/// Everything components share, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct AppContext {
    /// The course session: progress, labs, language.
    pub session: RwSignal<Session>,
    /// A notice above the page.
    pub notice: RwSignal<Option<Notice>>,
    /// Chapters another tab changed while this one did too: the other tab's version,
    /// until the learner chooses.
    pub conflicts: RwSignal<BTreeMap<u32, ChapterState>>,
    /// An import or restore waiting for confirmation.
    pub pending_import: RwSignal<Option<PendingImport>>,
    /// Bumped whenever kept copies are added or removed, so their list redraws.
    pub copies_changed: RwSignal<u32>,
    /// What this tab last saw in storage.
    pub sync: StoredValue<SyncState>,
    /// The chapter and step last shown, to tell a move between steps from arriving.
    pub last_step_shown: StoredValue<Option<(u32, String)>>,
    /// Chapters whose lab shows the terminal rather than the console, so moving
    /// between steps keeps the learner where they were.
    pub terminal_shown: StoredValue<std::collections::BTreeSet<u32>>,
    /// The lab's code once it has arrived (see [`crate::lab_code`]).
    pub lab_code: RwSignal<Option<&'static LabCode>>,
    /// Whether fetching the lab's code is under way.
    pub lab_loading: StoredValue<bool>,
    /// Whether the last attempt to fetch the lab's code failed.
    pub lab_failed: RwSignal<bool>,
    /// Lambda's Python interpreter is installed (see [`crate::python_code`]).
    pub python_ready: RwSignal<bool>,
    /// The interpreter's chunk is being fetched.
    pub python_loading: StoredValue<bool>,
    /// Fetching the interpreter failed (the chapter offers to try again).
    pub python_failed: RwSignal<bool>,
}

impl AppContext {
    /// Builds the session from the saved file, keeping a copy of a save it cannot use.
    pub fn load(catalog: Catalog) -> AppContext {
        let mut notice = None;
        let mut sync = SyncState::default();
        let session = match storage::read_stored() {
            Some(stored) => match stored.parse_with(&catalog) {
                Ok(save) => {
                    sync.base = save.fingerprints();
                    sync.last_stored = Some(stored);
                    Session::from_save_without_model(catalog, save)
                }
                Err(err) => {
                    let kept = storage::keep_copy(&stored.to_kept_text()).ok();
                    notice = Some(unusable_save_notice(&err, kept));
                    // Already kept: the first save may write over it without keeping it again.
                    sync.last_stored = Some(stored);
                    Session::without_model(catalog)
                }
            },
            // A save written as one file by an older build: read it, and the first
            // save writes it split (and removes the old key).
            None => match storage::read_legacy_save() {
                None => Session::without_model(catalog),
                Some(raw) => match SaveFile::parse_with(&raw, &catalog) {
                    Ok(save) => {
                        sync.legacy_to_remove = true;
                        sync.base = save.fingerprints();
                        Session::from_save_without_model(catalog, save)
                    }
                    Err(err) => {
                        let kept = storage::keep_copy(&raw).ok();
                        // Removed later only if a copy was kept.
                        sync.legacy_to_remove = kept.is_some();
                        notice = Some(unusable_save_notice(&err, kept));
                        Session::without_model(catalog)
                    }
                },
            },
        };
        AppContext {
            session: RwSignal::new(session),
            notice: RwSignal::new(notice),
            conflicts: RwSignal::new(BTreeMap::new()),
            pending_import: RwSignal::new(None),
            copies_changed: RwSignal::new(0),
            sync: StoredValue::new(sync),
            last_step_shown: StoredValue::new(None),
            terminal_shown: StoredValue::new(Default::default()),
            lab_code: RwSignal::new(None),
            lab_loading: StoredValue::new(false),
            lab_failed: RwSignal::new(false),
            python_ready: RwSignal::new(false),
            python_loading: StoredValue::new(false),
            python_failed: RwSignal::new(false),
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
        Some(_) => (
            " Nothing is lost: the file is kept in this browser. Download it, or restore it later from Saved copies.".to_string(),
            " 잃은 것은 없습니다. 파일은 이 브라우저에 보관했으니 내려받거나 나중에 '보관된 사본'에서 복원하세요.".to_string(),
        ),
        None => (
            " The browser would not let us keep a copy.".to_string(),
            " 브라우저가 사본 보관을 허용하지 않았습니다.".to_string(),
        ),
    };
    let actions = match kept_as {
        Some(key) => vec![
            NoticeAction::DownloadCopy(key),
            NoticeAction::OpenSavedCopies,
        ],
        None => Vec::new(),
    };
    Notice {
        actions,
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
