//! `cargo xtask screenshots`: PNGs of the main pages at desktop and mobile sizes,
//! in light and dark, for reviewing the design.

use std::path::Path;

use crate::bundle::{self, BuildOptions};
use crate::e2e::{self, Browser, ColorScheme, DEFAULT_WAIT, SITE_PREFIX, Site};
use crate::server::StaticServer;
use crate::setup::{self, Needs};
use crate::util::{self, Result};

/// The pages to capture: (file name stem, hash route). Add a row to add a page.
pub const PAGES: &[(&str, &str)] = &[
    ("home", "#/"),
    ("chapter-0", "#/chapter/0"),
    ("chapter-4", "#/chapter/4"),
    ("chapter-5", "#/chapter/5"),
];

/// The viewports: (width, height, mobile).
pub const VIEWPORTS: &[(u32, u32, bool)] = &[(1280, 800, false), (390, 844, true)];

/// The colour schemes.
pub const SCHEMES: &[ColorScheme] = &[ColorScheme::Light, ColorScheme::Dark];

/// What the page must show before the picture is taken.
const READY_SELECTOR: &str = "main h1";

/// Builds, serves and captures every page × viewport × scheme into `out`
/// as `<page>-<width>-<scheme>.png`.
pub fn screenshots(root: &Path, out: &Path, full_page: bool) -> Result<()> {
    bundle::build(root, BuildOptions::default())?;
    let tools = setup::ensure(root, Needs::BUILD_AND_BROWSER)?;
    let server = StaticServer::start(&bundle::dist_dir(root), SITE_PREFIX, "127.0.0.1:0", false)?;
    let site = Site::of(&server);
    let driver = e2e::start_driver(root, &tools)?;
    std::fs::create_dir_all(out)?;
    let mut written = 0;
    for &(width, height, mobile) in VIEWPORTS {
        for &scheme in SCHEMES {
            // One session per viewport and scheme: the scheme is read at startup.
            let mut browser = Browser::new(&driver, width, height)?;
            browser.set_viewport(width, height, mobile)?;
            browser.set_color_scheme(scheme)?;
            for (name, hash) in PAGES {
                browser.goto(&site.page(hash))?;
                // A hash change on the same document does not reload: force it.
                browser.refresh()?;
                browser.wait_for(READY_SELECTOR, DEFAULT_WAIT)?;
                let path = out.join(format!("{name}-{width}-{}.png", scheme.name()));
                if full_page {
                    save_full_page(&browser, &path, width)?;
                } else {
                    browser.save_screenshot(&path)?;
                }
                written += 1;
                println!("screenshots: {}", path.display());
            }
            browser.check_console()?;
        }
    }
    println!("screenshots: {written} PNGs in {}", out.display());
    Ok(())
}

/// Captures the whole scrollable page, not just the viewport.
fn save_full_page(browser: &Browser, path: &Path, width: u32) -> Result<()> {
    let metrics = browser.cdp("Page.getLayoutMetrics", serde_json::json!({}))?;
    let height = metrics["cssContentSize"]["height"]
        .as_f64()
        .unwrap_or(800.0)
        .ceil();
    let shot = browser.cdp(
        "Page.captureScreenshot",
        serde_json::json!({
            "format": "png",
            "captureBeyondViewport": true,
            "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
        }),
    )?;
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().unwrap_or_default())?;
    util::write(path, png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_are_unique_and_routes_are_hashes() {
        for (index, (name, hash)) in PAGES.iter().enumerate() {
            assert!(hash.starts_with("#/"), "{hash}");
            assert!(
                !PAGES[..index].iter().any(|(other, _)| other == name),
                "{name}"
            );
        }
    }
}
