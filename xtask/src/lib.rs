//! CloudLab's build, serve and test tooling, run as `cargo xtask <command>`.
//!
//! The binary (`main.rs`) only parses the command line; each command lives in its
//! own module: [`setup`], [`bundle`] (build), [`server`] (serve), [`test_layers`]
//! (test), [`e2e`] (browser scenarios and the WebDriver client),
//! [`screenshots`] and [`bench`]; [`lesson_data`] writes the lessons' data files.

pub mod bench;
pub mod bundle;
pub mod cli_gen;
pub mod css;
pub mod e2e;
pub mod lesson_data;
pub mod screenshots;
pub mod server;
pub mod setup;
pub mod test_layers;
pub mod util;
pub mod wasm_tables;
