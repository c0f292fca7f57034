//! One page per file.

pub mod chapter;
pub mod chapter_route;
pub mod home;
pub mod not_found;
pub mod saved_copies;
