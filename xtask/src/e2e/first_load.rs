//! What the browser fetches before each first-load milestone: the chapter list usable,
//! a deep-linked chapter's reading shown (with the lab's chunk held back, which proves
//! the reading does not wait for it), and that chapter's terminal answering. Sizes are
//! read from `dist/` for the files the page requested, raw and gzipped, so the figures
//! are the same on every run: `cargo xtask bench` reports them and an e2e scenario
//! holds the first two to the budget.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use super::{Browser, DEFAULT_WAIT, E2eError, Site};
use crate::util;

/// The most a first load may fetch, gzipped, before the chapter list or a deep-linked
/// reading is usable (every kind of file together).
pub const BUDGET_GZIP: u64 = 400 * 1024;
/// The most the chapter list may fetch uncompressed (many static servers do not
/// compress).
pub const BUDGET_RAW: u64 = 1200 * 1024;

/// Run in every new document of a session: the lab's wasm chunks are never fetched.
pub const HOLD_LAB_CHUNKS: &str = "(() => {\
  const real = window.fetch.bind(window);\
  window.fetch = function (input, init) {\
    const url = String((input && input.url) || input);\
    if (/\\/(split_|chunk_)[^/]*\\.wasm/.test(url)) { return new Promise(() => {}); }\
    return real(input, init);\
  };\
})();";

/// The files a page fetched, with their sizes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fetched {
    /// (path under `dist/`, raw bytes, gzipped bytes), in the order first requested.
    pub files: Vec<(String, u64, u64)>,
}

impl Fetched {
    /// Total raw bytes.
    pub fn raw(&self) -> u64 {
        self.files.iter().map(|file| file.1).sum()
    }

    /// Total gzipped bytes.
    pub fn gzip(&self) -> u64 {
        self.files.iter().map(|file| file.2).sum()
    }

    /// One line of totals and the files, for reports and failures.
    pub fn render(&self, label: &str) -> String {
        let mut text = format!(
            "{label}: {} files, {} raw / {} gzipped\n",
            self.files.len(),
            util::human_bytes(self.raw()),
            util::human_bytes(self.gzip())
        );
        for (path, raw, gzip) in &self.files {
            let _ = writeln!(
                text,
                "    {path:<52} {:>10} {:>10}",
                util::human_bytes(*raw),
                util::human_bytes(*gzip)
            );
        }
        text
    }
}

/// The files the current document fetched (itself included), sized from `dist`.
pub fn fetched_by_page(b: &Browser, site: &Site, dist: &Path) -> Result<Fetched, E2eError> {
    let names = b.execute(
        "return performance.getEntriesByType('navigation')\
           .concat(performance.getEntriesByType('resource'))\
           .map(function (e) { return e.name; });",
        Vec::new(),
    )?;
    let mut fetched = Fetched::default();
    for name in names
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str())
    {
        let Some(path) = dist_path(site.url(), name) else {
            continue;
        };
        if fetched.files.iter().any(|file| file.0 == path) {
            continue;
        }
        let file: PathBuf = dist.join(&path);
        let bytes = fs::read(&file).map_err(|err| {
            E2eError::Failed(format!("the page fetched {name}, not in dist/: {err}"))
        })?;
        fetched
            .files
            .push((path, bytes.len() as u64, util::gzip_len(&bytes) as u64));
    }
    Ok(fetched)
}

/// `http://…/cloudlab/pkg-x/cloudlab.js?v#h` → `pkg-x/cloudlab.js`; the page itself is
/// `index.html`. `None` for anything outside the site.
fn dist_path(site_url: &str, url: &str) -> Option<String> {
    let rest = url.strip_prefix(site_url)?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    Some(if rest.is_empty() {
        "index.html".to_string()
    } else {
        rest.to_string()
    })
}

/// Loads the chapter list in a fresh document and waits until its links are there.
pub fn chapter_list(b: &mut Browser, site: &Site, dist: &Path) -> Result<Fetched, E2eError> {
    b.goto("about:blank")?;
    b.goto(site.url())?;
    b.wait_for(r##"main a[href="#/chapter/4"]"##, DEFAULT_WAIT)?;
    fetched_by_page(b, site, dist)
}

/// The deep link every first-load figure uses.
pub const DEEP_LINK: &str = "#/chapter/4/step/key-pair";

/// Loads a deep-linked chapter in a fresh document and waits for its reading (the
/// session should hold the lab's chunks back, see [`HOLD_LAB_CHUNKS`]).
pub fn deep_linked_reading(b: &mut Browser, site: &Site, dist: &Path) -> Result<Fetched, E2eError> {
    b.goto("about:blank")?;
    b.goto(&site.page(DEEP_LINK))?;
    b.wait_for_text("#step-title", "key pair", DEFAULT_WAIT)?;
    b.wait_for("[data-testid=checkpoints]", DEFAULT_WAIT)?;
    fetched_by_page(b, site, dist)
}

/// Loads a deep-linked chapter in a fresh document and waits until its terminal has
/// answered a command.
pub fn terminal_answering(b: &mut Browser, site: &Site, dist: &Path) -> Result<Fetched, E2eError> {
    b.goto("about:blank")?;
    b.goto(&site.page(DEEP_LINK))?;
    b.wait_for("[data-testid=tab-terminal]", DEFAULT_WAIT)?;
    let output = super::chapters::run(b, "echo first-load")?;
    if !output.contains("first-load") {
        return Err(E2eError::Failed(format!(
            "the terminal answered {output:?}"
        )));
    }
    fetched_by_page(b, site, dist)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_files_under_dist() {
        let site = "http://127.0.0.1:9/sub/cloudlab/";
        assert_eq!(dist_path(site, site).as_deref(), Some("index.html"));
        assert_eq!(
            dist_path(site, "http://127.0.0.1:9/sub/cloudlab/pkg-1/a.wasm?x#y").as_deref(),
            Some("pkg-1/a.wasm")
        );
        assert_eq!(dist_path(site, "http://example.org/x.js"), None);
    }

    #[test]
    fn totals_add_up() {
        let fetched = Fetched {
            files: vec![("a".into(), 10, 4), ("b".into(), 5, 3)],
        };
        assert_eq!((fetched.raw(), fetched.gzip()), (15, 7));
        assert!(fetched.render("x").contains("2 files"));
    }
}
