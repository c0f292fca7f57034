//! Reusable pieces of the interface, one component per file.

pub mod app_header;
pub mod checkpoint_list;
pub mod clock_bar;
pub mod cost_meter;
pub mod hint_list;
pub mod inline_text;
pub mod notice_banner;
pub mod progress_tools;
pub mod quiz_panel;
pub mod rich_text;
pub mod terminal_panel;
