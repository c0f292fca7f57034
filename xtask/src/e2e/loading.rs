//! Scenarios for loading what is needed when it is needed: a deep link fetches the
//! course index and its own chapter's text only, and a chapter whose file fails to load
//! offers a retry that works.

use std::path::Path;

use super::first_load::{self, BUDGET_GZIP, BUDGET_RAW};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The loading scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "a_deep_link_fetches_only_its_chapter",
        run: a_deep_link_fetches_only_its_chapter,
    },
    Scenario {
        name: "a_chapter_that_fails_to_load_offers_a_retry",
        run: a_chapter_that_fails_to_load_offers_a_retry,
    },
    Scenario {
        name: "the_lab_chunk_that_fails_once_loads_on_retry",
        run: the_lab_chunk_that_fails_once_loads_on_retry,
    },
    Scenario {
        name: "first_load_stays_within_budget",
        run: first_load_stays_within_budget,
    },
];

/// The lesson data files the pages of this session requested, by file name.
fn lesson_files(b: &mut Browser) -> Vec<String> {
    let mut files: Vec<String> = b
        .requested_urls()
        .into_iter()
        .filter_map(|url| {
            let (_, name) = url.split_once("/lessons/")?;
            Some(name.to_string())
        })
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Opening `#/chapter/4/...` directly reads the index and chapter 4 in English, nothing else.
fn a_deep_link_fetches_only_its_chapter(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(&site.page("#/chapter/4/step/key-pair"))?;
    b.wait_for_text("#step-title", "key pair", DEFAULT_WAIT)?;
    let files = lesson_files(b);
    ensure(
        files.len() == 2
            && files.iter().any(|f| f.starts_with("index."))
            && files.iter().any(|f| f.starts_with("04-launch-ec2.en.")),
        format!("a deep link to chapter 4 fetched {files:?}"),
    )
}

/// The first request for chapter 4's text fails (as offline would); the page says so
/// and offers Try again, which loads the chapter.
fn a_chapter_that_fails_to_load_offers_a_retry(
    b: &mut Browser,
    site: &Site,
) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    fail_first_fetch(b, "/04-launch-ec2[.]")?;
    b.click_on(r##"main a[href="#/chapter/4"]"##)?;
    b.wait_for_text(
        "[data-testid=chapter-load-failed]",
        "Failed to fetch",
        DEFAULT_WAIT,
    )?;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    b.save_screenshot(&shots.join("chapter-load-failed.png"))?;
    b.click_on("[data-testid=retry-chapter]")?;
    b.wait_for("#step-title", DEFAULT_WAIT)?;
    b.wait_for_absent("[data-testid=chapter-load-failed]", DEFAULT_WAIT)
}

/// A split build fetches the lab's code when a chapter opens. The first fetch fails (as
/// offline would): the reading stays, the lab says so and offers Try again, which loads
/// it; the terminal then answers.
fn the_lab_chunk_that_fails_once_loads_on_retry(
    b: &mut Browser,
    site: &Site,
) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    fail_first_fetch(b, "/split_[^/]*[.]wasm")?;
    b.click_on(r##"main a[href="#/chapter/4"]"##)?;
    if !dist_has_lab_chunk()? {
        // A build without the split (`--dev`) links the lab in: nothing to fetch.
        b.wait_for("[data-testid=tab-terminal]", DEFAULT_WAIT)?;
        return Ok(());
    }
    b.wait_for("[data-testid=lab-load-failed]", DEFAULT_WAIT)?;
    b.wait_for("#step-title", DEFAULT_WAIT)?;
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    b.save_screenshot(&shots.join("lab-load-failed.png"))?;
    // The chunk loader reports the failure on the console: expected here.
    b.forget_console_errors("Failed to fetch");
    b.click_on("[data-testid=retry-lab]")?;
    b.wait_for("[data-testid=tab-terminal]", DEFAULT_WAIT)?;
    let output = super::chapters::run(b, "echo back")?;
    ensure(
        output.contains("back"),
        format!("the terminal answered {output:?}"),
    )
}

/// The chapter list and a deep-linked reading are usable after at most 400 KB gzipped
/// (the list also after at most 1.2 MB raw): the sizes of the files the page fetched.
fn first_load_stays_within_budget(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let list = first_load::chapter_list(b, site, &dist)?;
    ensure(
        list.gzip() <= BUDGET_GZIP && list.raw() <= BUDGET_RAW,
        list.render("the chapter list is over budget"),
    )?;
    b.add_init_script(first_load::HOLD_LAB_CHUNKS)?;
    let reading = first_load::deep_linked_reading(b, site, &dist)?;
    ensure(
        reading.gzip() <= BUDGET_GZIP,
        reading.render("a deep-linked reading is over budget"),
    )
}

/// Whether `dist/` holds a split lab chunk (release builds do).
fn dist_has_lab_chunk() -> Result<bool, E2eError> {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let files = crate::util::files_under(&dist).map_err(|err| E2eError::Failed(err.to_string()))?;
    Ok(files.iter().any(|file| {
        file.file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with("split_"))
            && file.extension().is_some_and(|ext| ext == "wasm")
    }))
}

/// Makes the page's next fetch of a URL matching the regular expression `pattern` fail
/// as it would offline (later ones go through).
fn fail_first_fetch(b: &Browser, pattern: &str) -> Result<(), E2eError> {
    b.execute(
        "const real = window.fetch.bind(window); const pattern = new RegExp(arguments[0]);\
         let failed = false;\
         window.fetch = function (url, options) {\
           if (!failed && pattern.test(String(url))) {\
             failed = true; return Promise.reject(new TypeError('Failed to fetch'));\
           }\
           return real(url, options);\
         };",
        vec![serde_json::json!(pattern)],
    )
    .map(|_| ())
}
