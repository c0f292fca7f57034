//! The only module that touches `localStorage`.
//!
//! The save file's format and validation belong to the course crate; this module reads and
//! writes the raw text and keeps a copy of any save it could not use, so nothing is lost.

use web_sys::Storage;

/// Key of the current save file.
pub const SAVE_KEY: &str = "cloudlab.save";
/// Key read by `boot.js` before the app starts, so the page never flashes the wrong theme.
pub const THEME_KEY: &str = "cloudlab.theme";
const KEPT_PREFIX: &str = "cloudlab.save.kept.";

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
    let storage = storage().ok_or(StorageError::Unavailable)?;
    let stamp = js_sys::Date::now() as u64;
    let key = format!("{KEPT_PREFIX}{stamp}");
    storage
        .set_item(&key, text)
        .map_err(|_| StorageError::Full)?;
    Ok(key)
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
