//! The only module that touches `localStorage`.
//!
//! The save file's format and validation belong to the course crate; this module reads and
//! writes the raw text and keeps a copy of any save it could not use, so nothing is lost.

use web_sys::Storage;

/// Key of the current save file.
pub const SAVE_KEY: &str = "cloudlab.save";
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

/// Reads the saved text, if any.
pub fn read_save() -> Option<String> {
    storage()?.get_item(SAVE_KEY).ok().flatten()
}

/// Writes the save text. Fails when storage is blocked or full.
pub fn write_save(text: &str) -> Result<(), StorageError> {
    let storage = storage().ok_or(StorageError::Unavailable)?;
    storage
        .set_item(SAVE_KEY, text)
        .map_err(|_| StorageError::Full)
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
