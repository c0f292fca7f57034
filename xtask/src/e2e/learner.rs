//! Scenarios that follow a learner through the app. Add more here and list them
//! in [`SCENARIOS`]; the helpers are on [`Browser`] (find, wait, click, type with
//! [`keys`](super::keys), read, scripts, `localStorage`, reload).

use super::{Browser, ColorScheme, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The learner scenarios, run after the smoke test.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "open_chapter_and_reload",
        run: open_chapter_and_reload,
    },
    Scenario {
        name: "dark_scheme_follows_the_system",
        run: dark_scheme_follows_the_system,
    },
];

/// From the chapter list, open chapter 4; a reload keeps the learner there.
fn open_chapter_and_reload(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.click_on(r##"main a[href="#/chapter/4"]"##)?;
    let title = b.wait_for("main h1#chapter-title", DEFAULT_WAIT)?;
    let before = b.text(&title)?;
    ensure(!before.is_empty(), "chapter 4 has an empty title")?;
    b.wait_until("the address to name chapter 4", DEFAULT_WAIT, |b| {
        Ok(b.current_url()?.contains("#/chapter/4"))
    })?;

    b.refresh()?;
    b.wait_for_text("main h1#chapter-title", &before, DEFAULT_WAIT)?;
    let url = b.current_url()?;
    ensure(
        url.starts_with(site.url()) && url.contains("#/chapter/4"),
        format!("after reload the address is {url}"),
    )
}

/// With the system in dark mode and no saved choice, the page starts dark.
fn dark_scheme_follows_the_system(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.set_color_scheme(ColorScheme::Dark)?;
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    let dark = b.execute(
        "return document.documentElement.classList.contains('dark');",
        Vec::new(),
    )?;
    ensure(
        dark.as_bool() == Some(true),
        "<html> lacks the `dark` class under prefers-color-scheme: dark",
    )?;
    // The stylesheet's `dark:` utilities must follow that class.
    let backgrounds = b.execute(
        "var root = document.documentElement;\
         var dark = getComputedStyle(document.body).backgroundColor;\
         root.classList.remove('dark');\
         var light = getComputedStyle(document.body).backgroundColor;\
         root.classList.add('dark');\
         return [dark, light];",
        Vec::new(),
    )?;
    let dark = backgrounds[0].as_str().unwrap_or_default();
    let light = backgrounds[1].as_str().unwrap_or_default();
    ensure(
        dark != light,
        format!("the body background is {dark:?} with and without the `dark` class"),
    )
}
