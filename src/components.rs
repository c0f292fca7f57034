//! Reusable pieces of the interface, one component per file.

pub mod app_header;
pub mod checkpoint_list;
pub mod clock_bar;
pub mod cost_meter;
pub mod hint_list;
pub mod import_dialog;
pub mod inline_text;
pub mod lab_pane;
pub mod notice_banner;
pub mod progress_tools;
pub mod quiz_panel;
pub mod rewind_menu;
pub mod rich_text;
pub mod tab_conflicts;
pub mod terminal_panel;
