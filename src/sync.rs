//! Keeps this tab, the browser's storage and other tabs of the course in step.
//!
//! The merge rules are the course crate's ([`Session::merge_from_other_tab`]); this
//! module only moves text between the session and `localStorage`: it saves after every
//! change, and when another tab has written since, merges that first, chapter by chapter.

use cloudlab_course::{Session, StoredSave};
use leptos::ev::{StorageEvent, storage as storage_event};
use leptos::prelude::*;

use crate::state::{AppContext, Notice};
use crate::storage;

/// Saves the session, after merging what another tab wrote since this tab last looked.
/// While a chapter is in conflict, storage keeps the other tab's version of it until the
/// learner chooses, so neither tab's work is overwritten unseen.
pub fn save(app: AppContext) {
    let in_storage = storage::read_stored();
    let last_seen = app.sync.with_value(|sync| sync.last_stored.clone());
    if in_storage.is_some() && in_storage != last_seen {
        // Another tab wrote and its storage event has not arrived yet: merge it first.
        // The merge changes the session, which runs this again.
        if merge_stored(app, in_storage.as_ref()) {
            return;
        }
    }
    let mut save = app.session.with_untracked(Session::to_save);
    app.conflicts.with_untracked(|conflicts| {
        for (number, theirs) in conflicts {
            save.set_chapter_state(*number, theirs.clone());
        }
    });
    let stored = save.to_stored();
    // Without a progress record, lab records left behind are still compared, so the
    // ones this save does not have are removed.
    let base = in_storage.unwrap_or_else(|| StoredSave {
        head: String::new(),
        labs: storage::read_lab_records(),
    });
    let changes = base.changes_to(&stored);
    if changes.is_empty() {
        return;
    }
    match storage::write_changes(&changes) {
        Ok(()) => {
            if app.sync.with_value(|sync| sync.legacy_to_remove) {
                // The one-file save it was read from is now stored split.
                storage::remove_legacy_save();
            }
            app.sync.update_value(|sync| {
                sync.base = save.fingerprints();
                sync.last_stored = Some(stored);
                sync.legacy_to_remove = false;
            })
        }
        Err(_) => {
            // Part of the save may have been written: remember what storage holds
            // now, so this tab's own half-write is not taken for another tab's.
            let now = storage::read_stored();
            app.sync.update_value(|sync| sync.last_stored = now);
            if app.notice.get_untracked().is_none() {
                app.notice.set(Some(Notice::new(
                    "This browser would not save your progress (storage is full or blocked). Export it to keep it.",
                    "이 브라우저가 진행 상황을 저장하지 못했습니다(저장소가 가득 찼거나 차단됨). 내보내기로 보관하세요.",
                    true,
                )));
            }
        }
    }
}

/// Merges the save records another tab wrote. Returns whether the session changed.
fn merge_stored(app: AppContext, stored: Option<&StoredSave>) -> bool {
    let Some(stored) = stored else {
        return false;
    };
    let catalog = app.session.with_untracked(|s| s.catalog().clone());
    let Ok(theirs) = stored.parse_with(&catalog) else {
        // Another tab (a newer version, say) wrote something this one cannot read:
        // keep a copy before this tab writes over it.
        if storage::keep_copy(&stored.to_kept_text()).is_ok() {
            app.copies_changed.update(|n| *n += 1);
        }
        app.sync
            .update_value(|sync| sync.last_stored = Some(stored.clone()));
        return false;
    };
    let base = app.sync.with_value(|sync| sync.base.clone());
    let mut report = None;
    app.session.update(|session| {
        report = Some(session.merge_from_other_tab(&theirs, &base));
    });
    app.sync.update_value(|sync| {
        sync.base = theirs.fingerprints();
        sync.last_stored = Some(stored.clone());
    });
    let Some(report) = report else {
        return false;
    };
    if !report.conflicts.is_empty() {
        app.conflicts
            .update(|conflicts| conflicts.extend(report.conflicts));
    }
    if !report.taken.is_empty() {
        let list = report
            .taken
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        app.notice.set(Some(Notice::new(
            format!("Updated from another tab of CloudLab: chapter {list}."),
            format!("CloudLab의 다른 탭에서 한 작업을 반영했습니다: 챕터 {list}."),
            false,
        )));
    }
    true
}

/// Listens for other tabs' writes for as long as the app runs.
pub fn listen(app: AppContext) {
    let handle = window_event_listener(storage_event, move |event: StorageEvent| {
        // A write to one record fires one event; the records are read together, so the
        // first event of a tab's save sees all of it and the rest find nothing new.
        if !event.key().as_deref().is_some_and(storage::is_save_record) {
            return;
        }
        let stored = storage::read_stored();
        let seen = app.sync.with_value(|sync| sync.last_stored == stored);
        if !seen {
            merge_stored(app, stored.as_ref());
        }
    });
    // The listener lives as long as the page.
    std::mem::forget(handle);
}

/// Keeps this tab's version of a chapter both tabs changed (storage gets it on the next save).
pub fn keep_ours(app: AppContext, number: u32) {
    app.conflicts.update(|conflicts| {
        conflicts.remove(&number);
    });
    save(app);
}

/// Takes the other tab's version of a chapter both tabs changed.
pub fn take_theirs(app: AppContext, number: u32) {
    let mut theirs = None;
    app.conflicts
        .update(|conflicts| theirs = conflicts.remove(&number));
    if let Some(state) = theirs {
        app.session
            .update(|session| session.set_chapter_state(number, state));
    }
}
