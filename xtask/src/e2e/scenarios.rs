//! The end-to-end scenarios. To add one: write a function with the
//! [`ScenarioFn`](super::ScenarioFn) signature and list it in [`SMOKE`] or in
//! [`learner::SCENARIOS`](super::learner::SCENARIOS). Each runs in a fresh browser
//! session; the runner also fails it on console errors, requests outside the
//! site and missing files, so a scenario only checks what the learner would see.

use super::{
    Browser, DEFAULT_WAIT, E2eError, Scenario, Site, buckets_and_cdn, caches, chapters, databases,
    ensure, learner, lifecycle, loading, monitoring, networking, safety, scaling, serverless,
    storage,
};

/// Checks that the site starts at all.
pub const SMOKE: &[Scenario] = &[Scenario {
    name: "smoke",
    run: smoke,
}];

/// Every scenario, in the order `cargo xtask test` runs them.
pub fn all() -> Vec<Scenario> {
    SMOKE
        .iter()
        .chain(learner::SCENARIOS)
        .chain(chapters::SCENARIOS)
        .chain(lifecycle::SCENARIOS)
        .chain(storage::SCENARIOS)
        .chain(scaling::SCENARIOS)
        .chain(networking::SCENARIOS)
        .chain(buckets_and_cdn::SCENARIOS)
        .chain(databases::SCENARIOS)
        .chain(caches::SCENARIOS)
        .chain(serverless::SCENARIOS)
        .chain(monitoring::SCENARIOS)
        .chain(safety::SCENARIOS)
        .chain(loading::SCENARIOS)
        .copied()
        .collect()
}

/// The site loads from a deep sub-folder, renders its first page and is titled.
fn smoke(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    let title = b.title()?;
    ensure(
        title.contains("CloudLab"),
        format!("document.title is {title:?}, expected it to contain \"CloudLab\""),
    )?;
    b.check_console()
}
