//! The only module that touches `localStorage`.
//!
//! The save file's format and validation belong to the course crate; this module reads and
//! writes the raw text and keeps a copy of any save it could not use, so nothing is lost.

use cloudlab_course::{StoredChanges, StoredSave};
use web_sys::Storage;

/// Key of the save as one file, as builds before the save was split wrote it. Read once
/// if no split save exists, then removed once the split save is written.
pub const LEGACY_SAVE_KEY: &str = "cloudlab.save";
/// Key of the progress and preferences (the save's head, see [`StoredSave`]).
pub const PROGRESS_KEY: &str = "cloudlab.progress";
/// Prefix of each chapter's lab record: `cloudlab.lab.4`.
pub const LAB_PREFIX: &str = "cloudlab.lab.";
/// Key read by `boot.js` before the app starts, so the page never flashes the wrong theme.
pub const THEME_KEY: &str = "cloudlab.theme";
/// Prefix of the copies of saves the app refused at start-up.
pub const KEPT_PREFIX: &str = "cloudlab.save.kept.";
/// Prefix of the backups taken before an import or a restore replaced the progress.
pub const BACKUP_PREFIX: &str = "cloudlab.save.backup.";
/// How many copies of each kind are kept; older ones are removed.
pub const COPIES_KEPT: usize = 5;

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the split save (the progress record and every lab record), if there is one.
pub fn read_stored() -> Option<StoredSave> {
    let head = storage()?.get_item(PROGRESS_KEY).ok().flatten()?;
    Some(StoredSave {
        head,
        labs: read_lab_records(),
    })
}

/// Every lab record in storage, by chapter (also those a missing progress record left).
pub fn read_lab_records() -> std::collections::BTreeMap<u32, String> {
    let Some(storage) = storage() else {
        return Default::default();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter_map(|key| {
            let number = lab_record_number(&key)?;
            let text = storage.get_item(&key).ok().flatten()?;
            Some((number, text))
        })
        .collect()
}

/// The chapter of a lab record's key: `cloudlab.lab.4` is 4; `cloudlab.lab.04` and
/// `cloudlab.lab.+4` are not lab records (only the canonical spelling is).
fn lab_record_number(key: &str) -> Option<u32> {
    let suffix = key.strip_prefix(LAB_PREFIX)?;
    let number: u32 = suffix.parse().ok()?;
    (number.to_string() == suffix).then_some(number)
}

/// Reads a save written as one file by an older build, if any.
pub fn read_legacy_save() -> Option<String> {
    storage()?.get_item(LEGACY_SAVE_KEY).ok().flatten()
}

/// Removes the save written as one file by an older build.
pub fn remove_legacy_save() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(LEGACY_SAVE_KEY);
    }
}

/// Whether a storage key is one of the split save's records.
pub fn is_save_record(key: &str) -> bool {
    key == PROGRESS_KEY
        || key
            .strip_prefix(LAB_PREFIX)
            .is_some_and(|n| n.parse::<u32>().is_ok())
}

/// Writes what changed: the labs first, then the progress that refers to them. Fails
/// when storage is blocked or full.
pub fn write_changes(changes: &StoredChanges) -> Result<(), StorageError> {
    let storage = storage().ok_or(StorageError::Unavailable)?;
    for (number, text) in &changes.labs {
        storage
            .set_item(&format!("{LAB_PREFIX}{number}"), text)
            .map_err(|_| StorageError::Full)?;
    }
    for number in &changes.removed_labs {
        let _ = storage.remove_item(&format!("{LAB_PREFIX}{number}"));
    }
    if let Some(head) = &changes.head {
        storage
            .set_item(PROGRESS_KEY, head)
            .map_err(|_| StorageError::Full)?;
    }
    Ok(())
}

/// Copies a save the app could not use under a new key, and returns that key.
pub fn keep_copy(text: &str) -> Result<String, StorageError> {
    store_copy(KEPT_PREFIX, text)
}

/// Keeps the current progress before an import or a restore replaces it.
pub fn keep_backup(text: &str) -> Result<String, StorageError> {
    store_copy(BACKUP_PREFIX, text)
}

fn store_copy(prefix: &str, text: &str) -> Result<String, StorageError> {
    let storage = storage().ok_or(StorageError::Unavailable)?;
    let mut stamp = js_sys::Date::now() as u64;
    // Two copies in the same millisecond get different keys.
    while storage
        .get_item(&format!("{prefix}{stamp}"))
        .ok()
        .flatten()
        .is_some()
    {
        stamp += 1;
    }
    let key = format!("{prefix}{stamp}");
    storage
        .set_item(&key, text)
        .map_err(|_| StorageError::Full)?;
    let mut same_kind: Vec<KeptCopy> = kept_copies()
        .into_iter()
        .filter(|copy| copy.key.starts_with(prefix))
        .collect();
    while same_kind.len() > COPIES_KEPT {
        let oldest = same_kind.remove(same_kind.len() - 1);
        let _ = storage.remove_item(&oldest.key);
    }
    Ok(key)
}

/// A copy of a save kept in this browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptCopy {
    /// Its storage key.
    pub key: String,
    /// Why it was kept.
    pub kind: CopyKind,
    /// When, in milliseconds since 1970 (from the key).
    pub kept_at_ms: u64,
    /// The save's text, exactly as it was.
    pub text: String,
}

/// Why a copy was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyKind {
    /// The app could not use it at start-up.
    Refused,
    /// The progress before an import or a restore replaced it.
    Backup,
}

/// Every kept copy, newest first.
pub fn kept_copies() -> Vec<KeptCopy> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    let mut copies: Vec<KeptCopy> = (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter_map(|key| {
            let (kind, stamp) = if let Some(stamp) = key.strip_prefix(KEPT_PREFIX) {
                (CopyKind::Refused, stamp)
            } else {
                (CopyKind::Backup, key.strip_prefix(BACKUP_PREFIX)?)
            };
            let kept_at_ms = stamp.parse().ok()?;
            let text = storage.get_item(&key).ok().flatten()?;
            Some(KeptCopy {
                key,
                kind,
                kept_at_ms,
                text,
            })
        })
        .collect();
    copies.sort_by(|a, b| b.kept_at_ms.cmp(&a.kept_at_ms).then(b.key.cmp(&a.key)));
    copies
}

/// One kept copy by key.
pub fn kept_copy(key: &str) -> Option<KeptCopy> {
    kept_copies().into_iter().find(|copy| copy.key == key)
}

/// Deletes a kept copy (only keys of kept copies are accepted).
pub fn remove_copy(key: &str) {
    if (key.starts_with(KEPT_PREFIX) || key.starts_with(BACKUP_PREFIX))
        && let Some(storage) = storage()
    {
        let _ = storage.remove_item(key);
    }
}

/// Stores the theme preference for `boot.js` (`"light"`, `"dark"` or `"system"`).
pub fn write_theme(theme: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(THEME_KEY, theme);
    }
}

/// Why the browser refused to store something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// Storage is disabled (private mode, blocked cookies).
    Unavailable,
    /// The quota is used up.
    Full,
}
