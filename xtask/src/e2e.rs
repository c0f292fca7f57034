//! End-to-end tests: the built `dist/` served from a deep sub-folder, driven in
//! headless Chromium through chromedriver with a small WebDriver client.
//!
//! Each scenario is a plain function registered in [`scenarios::all`]. It
//! gets a fresh browser session (fresh profile, so empty `localStorage`) and the
//! [`Site`]. After it returns, the runner also fails it on any console error,
//! any request outside the site's origin, or any 404 under the site's folder. A
//! failing scenario leaves `target/e2e/<name>-failure.png` and `.html`.

pub mod browser;
pub mod buckets_and_cdn;
pub mod caches;
pub mod chapters;
pub mod databases;
pub mod driver;
pub mod first_load;
pub mod http;
pub mod learner;
pub mod lifecycle;
pub mod loading;
pub mod monitoring;
pub mod networking;
pub mod safety;
pub mod scaling;
pub mod scenarios;
pub mod serverless;
pub mod storage;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use browser::{Browser, ColorScheme, DEFAULT_WAIT, Element, keys};
pub use driver::ChromeDriver;

use crate::server::StaticServer;
use crate::setup::Tools;
use crate::util;

/// The folder the e2e tests serve the site from: deep, to prove nothing assumes `/`.
pub const SITE_PREFIX: &str = "/some/sub/folder/cloudlab/";

/// The default window for scenarios (desktop).
pub const DESKTOP: (u32, u32) = (1280, 800);

/// Why a scenario failed.
#[derive(Debug)]
pub enum E2eError {
    /// chromedriver answered a command with an error.
    WebDriver {
        /// The command, e.g. `POST /element`.
        command: String,
        /// WebDriver's error code, e.g. `no such element`.
        error: String,
        /// Its message.
        message: String,
    },
    /// Talking to chromedriver failed.
    Http(String),
    /// Something did not happen in time.
    Timeout(String),
    /// A check in the scenario failed.
    Failed(String),
    /// The browser console had errors.
    Console(Vec<String>),
    /// The page requested URLs outside the site's origin.
    ForeignRequests(Vec<String>),
    /// Reading or writing a file failed.
    Io(std::io::Error),
}

impl fmt::Display for E2eError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            E2eError::WebDriver {
                command,
                error,
                message,
            } => {
                write!(f, "WebDriver `{command}` failed: {error}: {message}")
            }
            E2eError::Http(message) => write!(f, "chromedriver connection: {message}"),
            E2eError::Timeout(message) => write!(f, "timed out: {message}"),
            E2eError::Failed(message) => write!(f, "{message}"),
            E2eError::Console(entries) => {
                write!(f, "browser console errors:")?;
                entries
                    .iter()
                    .try_for_each(|entry| write!(f, "\n    {entry}"))
            }
            E2eError::ForeignRequests(urls) => {
                write!(f, "requests outside the site's origin:")?;
                urls.iter().try_for_each(|url| write!(f, "\n    {url}"))
            }
            E2eError::Io(err) => write!(f, "I/O error: {err}"),
        }
    }
}

impl std::error::Error for E2eError {}

impl From<std::io::Error> for E2eError {
    fn from(err: std::io::Error) -> Self {
        E2eError::Io(err)
    }
}

/// Fails the scenario with `message` unless `condition` holds.
pub fn ensure(condition: bool, message: impl Into<String>) -> Result<(), E2eError> {
    if condition {
        Ok(())
    } else {
        Err(E2eError::Failed(message.into()))
    }
}

/// Where the site under test is served.
#[derive(Clone, Debug)]
pub struct Site {
    url: String,
    origin: String,
}

impl Site {
    /// The site for a running server.
    pub fn of(server: &StaticServer) -> Site {
        Site {
            url: server.url(),
            origin: server.origin(),
        }
    }

    /// The site's root URL (ends in `/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A page of the app: `page("#/chapter/4")` → `http://…/cloudlab/#/chapter/4`.
    pub fn page(&self, hash: &str) -> String {
        format!("{}{hash}", self.url)
    }

    /// `http://127.0.0.1:port`.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

/// A scenario's body.
pub type ScenarioFn = fn(&mut Browser, &Site) -> Result<(), E2eError>;

/// A named end-to-end scenario.
#[derive(Clone, Copy)]
pub struct Scenario {
    /// Short name: used by `--only` filters and failure file names.
    pub name: &'static str,
    /// What it does.
    pub run: ScenarioFn,
}

/// How the e2e run went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Scenarios that passed.
    pub passed: usize,
    /// Scenarios that failed.
    pub failed: usize,
}

/// `<root>/target/e2e`: logs and failure screenshots.
pub fn artifacts_dir(root: &Path) -> PathBuf {
    util::reports_dir(root).join("e2e")
}

/// Starts chromedriver for the tools setup found.
pub fn start_driver(root: &Path, tools: &Tools) -> util::Result<ChromeDriver> {
    Ok(ChromeDriver::start(
        tools.chromedriver()?,
        tools.chromium()?,
        &artifacts_dir(root).join("chromedriver.log"),
    )?)
}

/// Runs the scenarios whose name contains `filter` (all if `None`) against `dist`.
pub fn run(root: &Path, dist: &Path, tools: &Tools, filter: Option<&str>) -> util::Result<Summary> {
    let all = scenarios::all();
    let selected: Vec<&Scenario> = all
        .iter()
        .filter(|scenario| filter.is_none_or(|filter| scenario.name.contains(filter)))
        .collect();
    if selected.is_empty() {
        return Err(format!("no e2e scenario matches {filter:?}").into());
    }
    let artifacts = artifacts_dir(root);
    std::fs::create_dir_all(&artifacts)?;
    let driver = start_driver(root, tools)?;
    let server = StaticServer::start(dist, SITE_PREFIX, "127.0.0.1:0", false)?;
    let site = Site::of(&server);
    println!("e2e: serving {} at {}", dist.display(), site.url());

    let mut summary = Summary::default();
    for scenario in selected {
        let started = Instant::now();
        print!("e2e: {} ... ", scenario.name);
        util::flush_stdout();
        let mut saved = Vec::new();
        match run_one(scenario, &driver, &server, &site, &artifacts, &mut saved) {
            Ok(()) => {
                summary.passed += 1;
                println!("ok ({})", util::human_duration(started.elapsed()));
            }
            Err(err) => {
                summary.failed += 1;
                println!("FAILED ({})", util::human_duration(started.elapsed()));
                println!("    {}", err.to_string().replace('\n', "\n    "));
                for path in saved {
                    println!("    saved {}", path.display());
                }
            }
        }
    }
    println!("e2e: {} passed, {} failed", summary.passed, summary.failed);
    Ok(summary)
}

fn run_one(
    scenario: &Scenario,
    driver: &ChromeDriver,
    server: &StaticServer,
    site: &Site,
    artifacts: &Path,
    saved: &mut Vec<PathBuf>,
) -> Result<(), E2eError> {
    let mut browser = Browser::new(driver, DESKTOP.0, DESKTOP.1)?;
    let requests_before = server.requests().len();
    let outcome = (scenario.run)(&mut browser, site)
        .and_then(|()| browser.check_console())
        .and_then(|()| browser.check_requests_stay_on(site.origin()))
        .and_then(|()| check_no_missing_files(server, requests_before));
    if outcome.is_err() {
        let png = artifacts.join(format!("{}-failure.png", scenario.name));
        let html = artifacts.join(format!("{}-failure.html", scenario.name));
        if browser.save_screenshot(&png).is_ok() {
            saved.push(png);
        }
        if let Ok(source) = browser.page_source()
            && std::fs::write(&html, source).is_ok()
        {
            saved.push(html);
        }
    }
    outcome
}

fn check_no_missing_files(server: &StaticServer, skip: usize) -> Result<(), E2eError> {
    let missing: Vec<String> = server
        .requests()
        .into_iter()
        .skip(skip)
        .filter(|request| request.status == 404 && request.target.starts_with(server.prefix()))
        .map(|request| request.target)
        .collect();
    ensure(
        missing.is_empty(),
        format!("the site asked for files dist/ does not have: {missing:?}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_pages_append_the_hash() {
        let site = Site {
            url: "http://127.0.0.1:9/some/sub/folder/cloudlab/".into(),
            origin: "http://127.0.0.1:9".into(),
        };
        assert_eq!(
            site.page("#/chapter/4"),
            "http://127.0.0.1:9/some/sub/folder/cloudlab/#/chapter/4"
        );
    }

    #[test]
    fn scenario_names_are_unique_and_file_safe() {
        let names: Vec<&str> = scenarios::all().iter().map(|s| s.name).collect();
        for (index, name) in names.iter().enumerate() {
            assert!(!names[..index].contains(name), "duplicate scenario {name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                "{name} is not file-name safe"
            );
        }
    }

    #[test]
    fn errors_read_well() {
        let err = E2eError::Console(vec!["a".into(), "b".into()]);
        assert_eq!(err.to_string(), "browser console errors:\n    a\n    b");
        assert!(ensure(false, "nope").unwrap_err().to_string() == "nope");
        assert!(ensure(true, "fine").is_ok());
    }
}
