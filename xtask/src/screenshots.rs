//! `cargo xtask screenshots`: PNGs of the main pages at desktop and mobile sizes,
//! in light and dark, for reviewing the design.

use std::path::Path;

use crate::bundle::{self, BuildOptions};
use crate::e2e::{self, Browser, ColorScheme, DEFAULT_WAIT, SITE_PREFIX, Site};
use crate::server::StaticServer;
use crate::setup::{self, Needs};
use crate::util::{self, Result};

/// One page to capture.
pub struct Page {
    /// File name stem.
    pub name: &'static str,
    /// Hash route.
    pub hash: &'static str,
    /// Elements to click, in order, before the picture (e.g. a console page).
    pub clicks: &'static [&'static str],
}

const CONSOLE: &str = "[data-testid=tab-console]";

/// The pages to capture. Add a row to add a page.
pub const PAGES: &[Page] = &[
    Page {
        name: "home",
        hash: "#/",
        clicks: &[],
    },
    Page {
        name: "chapter-0",
        hash: "#/chapter/0",
        clicks: &[],
    },
    Page {
        name: "chapter-1",
        hash: "#/chapter/1/step/services",
        clicks: &[],
    },
    Page {
        name: "chapter-2",
        hash: "#/chapter/2/step/root-mfa",
        clicks: &[],
    },
    Page {
        name: "chapter-2-iam-users",
        hash: "#/chapter/2/step/admin-user",
        clicks: &[CONSOLE, "[data-testid=console-iam-users]"],
    },
    Page {
        name: "chapter-2-budgets",
        hash: "#/chapter/2/step/budget",
        clicks: &[CONSOLE, "[data-testid=console-budgets]"],
    },
    Page {
        name: "chapter-3",
        hash: "#/chapter/3/step/simulator",
        clicks: &[],
    },
    Page {
        name: "chapter-3-iam-groups",
        hash: "#/chapter/3/step/policies",
        clicks: &[CONSOLE, "[data-testid=console-iam-groups]"],
    },
    Page {
        name: "chapter-4",
        hash: "#/chapter/4",
        clicks: &[],
    },
    Page {
        name: "chapter-4-security-groups",
        hash: "#/chapter/4/step/security-group",
        clicks: &[
            CONSOLE,
            "[data-testid=console-security-groups]",
            "[data-testid=edit-sg-default]",
        ],
    },
    Page {
        name: "chapter-4-launch",
        hash: "#/chapter/4/step/launch",
        clicks: &[CONSOLE, "[data-testid=console-launch]"],
    },
    Page {
        name: "chapter-4-key-pairs",
        hash: "#/chapter/4/step/key-pair",
        clicks: &[CONSOLE, "[data-testid=console-key-pairs]"],
    },
    Page {
        name: "chapter-4-rewind",
        hash: "#/chapter/4/step/key-pair",
        clicks: &["[data-testid=rewind-menu] summary"],
    },
    Page {
        name: "chapter-4-quiz",
        hash: "#/chapter/4/step/quiz",
        clicks: &[],
    },
    Page {
        name: "chapter-5",
        hash: "#/chapter/5",
        clicks: &[],
    },
    Page {
        name: "chapter-6",
        hash: "#/chapter/6/step/pricing",
        clicks: &[],
    },
    Page {
        name: "chapter-6-instances",
        hash: "#/chapter/6/step/hibernate",
        clicks: &[CONSOLE, "[data-testid=console-instances]"],
    },
    Page {
        name: "chapter-6-pricing",
        hash: "#/chapter/6/step/pricing",
        clicks: &[CONSOLE, "[data-testid=console-pricing]"],
    },
    Page {
        name: "chapter-7-volumes",
        hash: "#/chapter/7/step/volume",
        clicks: &[CONSOLE, "[data-testid=console-volumes]"],
    },
    Page {
        name: "saved-copies",
        hash: "#/saves",
        clicks: &[],
    },
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
            for page in PAGES {
                let name = page.name;
                browser.goto(&site.page(page.hash))?;
                // A hash change on the same document does not reload: force it.
                browser.refresh()?;
                browser.wait_for(READY_SELECTOR, DEFAULT_WAIT)?;
                for selector in page.clicks {
                    browser.click_on(selector)?;
                }
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
        for (index, page) in PAGES.iter().enumerate() {
            assert!(page.hash.starts_with("#/"), "{}", page.hash);
            assert!(
                !PAGES[..index].iter().any(|other| other.name == page.name),
                "{}",
                page.name
            );
            assert!(
                page.clicks.iter().all(|css| !css.is_empty()),
                "{}",
                page.name
            );
        }
    }
}
