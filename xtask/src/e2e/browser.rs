//! One WebDriver session in headless Chromium, with the helpers scenarios use:
//! find, wait, click, type, read, run scripts, screenshots, viewport and colour
//! scheme emulation, and the health checks (console errors, foreign requests).

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

use super::driver::ChromeDriver;
use super::{E2eError, http};
use crate::util::{self, TempDir};

/// Chromium flags for every automated session (the e2e tests here and
/// wasm-bindgen-test through `webdriver.json`).
pub const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
];

/// The W3C key for element references in WebDriver JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long [`Browser::wait_for`] and friends poll by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(20);

/// Keys for [`Browser::send_keys`], as WebDriver's private-use code points.
pub mod keys {
    /// Enter / Return.
    pub const ENTER: &str = "\u{E007}";
    /// Tab.
    pub const TAB: &str = "\u{E004}";
    /// Backspace.
    pub const BACKSPACE: &str = "\u{E003}";
    /// Escape.
    pub const ESCAPE: &str = "\u{E00C}";
    /// Arrow up.
    pub const ARROW_UP: &str = "\u{E013}";
    /// Arrow down.
    pub const ARROW_DOWN: &str = "\u{E015}";
    /// Arrow left.
    pub const ARROW_LEFT: &str = "\u{E012}";
    /// Arrow right.
    pub const ARROW_RIGHT: &str = "\u{E014}";
    /// Control (held until the next [`NULL`] or the end of the text).
    pub const CONTROL: &str = "\u{E009}";
    /// Shift (held until the next [`NULL`] or the end of the text).
    pub const SHIFT: &str = "\u{E008}";
    /// Releases held modifier keys.
    pub const NULL: &str = "\u{E000}";
}

/// A light or dark `prefers-color-scheme`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorScheme {
    /// `prefers-color-scheme: light`.
    Light,
    /// `prefers-color-scheme: dark`.
    Dark,
}

impl ColorScheme {
    /// `light` or `dark`.
    pub fn name(self) -> &'static str {
        match self {
            ColorScheme::Light => "light",
            ColorScheme::Dark => "dark",
        }
    }
}

/// A reference to an element in the current page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    id: String,
    /// The CSS selector that found it (for error messages).
    pub selector: String,
}

impl Element {
    /// The element as an argument for [`Browser::execute`] (`arguments[0]`).
    pub fn as_script_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }
}

/// One entry of the browser console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleEntry {
    /// `SEVERE`, `WARNING`, `INFO`, ...
    pub level: String,
    /// The message as Chromium reports it (source location first).
    pub message: String,
}

/// A WebDriver session; ends (and its browser closes) when dropped.
pub struct Browser {
    driver: std::net::SocketAddr,
    session: String,
    console: Vec<ConsoleEntry>,
    resources: Vec<String>,
    // Dropped after the session ends (field order matters for Drop).
    _profile: TempDir,
}

impl Browser {
    /// Opens a new session with a fresh profile and a `width`×`height` window.
    pub fn new(driver: &ChromeDriver, width: u32, height: u32) -> Result<Browser, E2eError> {
        let profile = TempDir::new("cloudlab-chromium-profile")?;
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|arg| arg.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={width},{height}"));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "goog:chromeOptions": {
                        "binary": driver.chromium().display().to_string(),
                        "args": args,
                    },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "pageLoadStrategy": "normal",
                    "timeouts": { "script": 60_000, "pageLoad": 120_000, "implicit": 0 },
                }
            }
        });
        let (status, body) = http::request(driver.addr(), "POST", "/session", Some(&capabilities))?;
        let session = body["value"]["sessionId"]
            .as_str()
            .filter(|_| status == 200)
            .ok_or_else(|| webdriver_error("new session", &body))?
            .to_string();
        Ok(Browser {
            driver: driver.addr(),
            session,
            console: Vec::new(),
            resources: Vec::new(),
            _profile: profile,
        })
    }

    /// Sends a session command and returns its `value`.
    pub fn command(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, E2eError> {
        let full_path = format!("/session/{}{path}", self.session);
        let body = match (method, body) {
            ("POST", None) => Some(json!({})),
            (_, body) => body,
        };
        let (status, response) = http::request(self.driver, method, &full_path, body.as_ref())?;
        if status == 200 {
            Ok(response.get("value").cloned().unwrap_or(Value::Null))
        } else {
            Err(webdriver_error(&format!("{method} {path}"), &response))
        }
    }

    // ----- navigation -------------------------------------------------------

    /// Loads `url` and waits for its `load` event.
    pub fn goto(&mut self, url: &str) -> Result<(), E2eError> {
        self.record_resources();
        self.command("POST", "/url", Some(json!({ "url": url })))?;
        Ok(())
    }

    /// Reloads the page.
    pub fn refresh(&mut self) -> Result<(), E2eError> {
        self.record_resources();
        self.command("POST", "/refresh", None)?;
        Ok(())
    }

    /// The current address.
    pub fn current_url(&self) -> Result<String, E2eError> {
        Ok(self
            .command("GET", "/url", None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// `document.title`.
    pub fn title(&self) -> Result<String, E2eError> {
        Ok(self
            .command("GET", "/title", None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// Sets `location.hash` (the app's router), e.g. `#/chapter/4`.
    pub fn go_to_hash(&mut self, hash: &str) -> Result<(), E2eError> {
        self.execute("location.hash = arguments[0];", vec![json!(hash)])?;
        Ok(())
    }

    // ----- finding and waiting ----------------------------------------------

    /// The first element matching `css`, now (no waiting).
    pub fn find(&self, css: &str) -> Result<Element, E2eError> {
        let value = self.command(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        element_from(&value, css)
            .ok_or_else(|| E2eError::Failed(format!("no element matches `{css}`")))
    }

    /// Every element matching `css`, now (no waiting).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, E2eError> {
        let value = self.command(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        Ok(value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| element_from(item, css))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Whether something matches `css` now.
    pub fn exists(&self, css: &str) -> Result<bool, E2eError> {
        Ok(!self.find_all(css)?.is_empty())
    }

    /// Polls until an element matches `css` (and is displayed), up to `timeout`.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, E2eError> {
        let mut found = None;
        self.wait_until(&format!("`{css}` to appear"), timeout, |b| {
            for element in b.find_all(css)? {
                if b.is_displayed(&element)? {
                    found = Some(element);
                    return Ok(true);
                }
            }
            Ok(false)
        })?;
        found.ok_or_else(|| E2eError::Timeout(format!("`{css}` to appear")))
    }

    /// Polls until the first element matching `css` has text containing `needle`.
    pub fn wait_for_text(
        &self,
        css: &str,
        needle: &str,
        timeout: Duration,
    ) -> Result<Element, E2eError> {
        let mut found = None;
        self.wait_until(&format!("`{css}` to contain {needle:?}"), timeout, |b| {
            for element in b.find_all(css)? {
                if b.text(&element)?.contains(needle) {
                    found = Some(element);
                    return Ok(true);
                }
            }
            Ok(false)
        })?;
        found.ok_or_else(|| E2eError::Timeout(format!("`{css}` to contain {needle:?}")))
    }

    /// Polls until nothing matches `css`.
    pub fn wait_for_absent(&self, css: &str, timeout: Duration) -> Result<(), E2eError> {
        self.wait_until(&format!("`{css}` to disappear"), timeout, |b| {
            Ok(!b.exists(css)?)
        })
    }

    /// Polls `condition` every 100 ms until it returns `Ok(true)`, up to `timeout`.
    /// Errors from `condition` (e.g. a stale element) count as "not yet"; the last
    /// one is reported on timeout.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        mut condition: impl FnMut(&Browser) -> Result<bool, E2eError>,
    ) -> Result<(), E2eError> {
        let started = Instant::now();
        let mut last_error = None;
        loop {
            match condition(self) {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(err) => last_error = Some(err),
            }
            if started.elapsed() >= timeout {
                let detail = last_error
                    .map(|err| format!(" (last error: {err})"))
                    .unwrap_or_default();
                return Err(E2eError::Timeout(format!(
                    "waited {timeout:?} for {what}{detail}"
                )));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    // ----- acting ----------------------------------------------------------

    /// Clicks an element (scrolling it into view).
    pub fn click(&self, element: &Element) -> Result<(), E2eError> {
        self.command("POST", &format!("/element/{}/click", element.id), None)?;
        Ok(())
    }

    /// Waits for `css`, then clicks it. When the page re-renders between
    /// finding and clicking (a stale element), it finds the element again.
    pub fn click_on(&self, css: &str) -> Result<(), E2eError> {
        let mut attempts = 0;
        loop {
            let element = self.wait_for(css, DEFAULT_WAIT)?;
            match self.click(&element) {
                Err(err) if attempts < 5 && err.to_string().contains("stale element") => {
                    attempts += 1;
                    thread::sleep(Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    /// Types `text` into an element; use [`keys`] for Enter, arrows, Tab...
    pub fn send_keys(&self, element: &Element, text: &str) -> Result<(), E2eError> {
        self.command(
            "POST",
            &format!("/element/{}/value", element.id),
            Some(json!({ "text": text })),
        )?;
        Ok(())
    }

    /// Waits for `css`, then types `text` into it.
    pub fn type_into(&self, css: &str, text: &str) -> Result<(), E2eError> {
        let element = self.wait_for(css, DEFAULT_WAIT)?;
        self.send_keys(&element, text)
    }

    /// Empties an input or textarea.
    pub fn clear(&self, element: &Element) -> Result<(), E2eError> {
        self.command("POST", &format!("/element/{}/clear", element.id), None)?;
        Ok(())
    }

    // ----- reading ---------------------------------------------------------

    /// The element's rendered text.
    pub fn text(&self, element: &Element) -> Result<String, E2eError> {
        Ok(self
            .command("GET", &format!("/element/{}/text", element.id), None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// Waits for `css`, then returns its text.
    pub fn text_of(&self, css: &str) -> Result<String, E2eError> {
        let element = self.wait_for(css, DEFAULT_WAIT)?;
        self.text(&element)
    }

    /// An HTML attribute, `None` if absent.
    pub fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>, E2eError> {
        let value = self.command(
            "GET",
            &format!("/element/{}/attribute/{name}", element.id),
            None,
        )?;
        Ok(value.as_str().map(str::to_string))
    }

    /// A DOM property (e.g. `value` of an input, `checked`).
    pub fn property(&self, element: &Element, name: &str) -> Result<Value, E2eError> {
        self.command(
            "GET",
            &format!("/element/{}/property/{name}", element.id),
            None,
        )
    }

    /// Whether the element is displayed.
    pub fn is_displayed(&self, element: &Element) -> Result<bool, E2eError> {
        Ok(self
            .command("GET", &format!("/element/{}/displayed", element.id), None)?
            .as_bool()
            .unwrap_or(false))
    }

    /// Which element has focus, as an [`Element`].
    pub fn active_element(&self) -> Result<Element, E2eError> {
        let value = self.command("GET", "/element/active", None)?;
        element_from(&value, ":focus")
            .ok_or_else(|| E2eError::Failed("no element has focus".into()))
    }

    // ----- scripts ---------------------------------------------------------

    /// Runs `script` as a function body with `arguments`; returns what it returns.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, E2eError> {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs an async script: it must call `arguments[arguments.length - 1](result)`.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value, E2eError> {
        self.command(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// A `localStorage` value, `None` if unset.
    pub fn local_storage(&self, key: &str) -> Result<Option<String>, E2eError> {
        let value = self.execute(
            "return window.localStorage.getItem(arguments[0]);",
            vec![json!(key)],
        )?;
        Ok(value.as_str().map(str::to_string))
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value, E2eError> {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    // ----- window, viewport and colour scheme --------------------------------

    /// Resizes the browser window.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), E2eError> {
        self.command(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )?;
        Ok(())
    }

    /// Emulates a viewport of exactly `width`×`height` CSS pixels (`mobile` also
    /// turns on touch-style viewport handling).
    pub fn set_viewport(&self, width: u32, height: u32, mobile: bool) -> Result<(), E2eError> {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        )?;
        Ok(())
    }

    /// Emulates `prefers-color-scheme`. Set it before loading the page: the app
    /// reads it at startup.
    pub fn set_color_scheme(&self, scheme: ColorScheme) -> Result<(), E2eError> {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme.name() }] }),
        )?;
        Ok(())
    }

    /// Runs `script` in every new document before the page's own scripts.
    pub fn add_init_script(&self, script: &str) -> Result<(), E2eError> {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": script }),
        )?;
        Ok(())
    }

    // ----- screenshots -----------------------------------------------------

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>, E2eError> {
        let encoded = self.command("GET", "/screenshot", None)?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .map_err(|err| E2eError::Failed(format!("screenshot was not base64: {err}")))
    }

    /// Saves a PNG of the viewport to `path`.
    pub fn save_screenshot(&self, path: &Path) -> Result<(), E2eError> {
        let png = self.screenshot()?;
        util::write(path, png).map_err(|err| E2eError::Failed(err.to_string()))
    }

    /// The page's HTML as it is now.
    pub fn page_source(&self) -> Result<String, E2eError> {
        Ok(self
            .command("GET", "/source", None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    // ----- health checks ---------------------------------------------------

    /// Browser console entries so far (chromedriver hands each entry out once, so
    /// they are kept here).
    pub fn console(&mut self) -> Result<&[ConsoleEntry], E2eError> {
        let entries = self.command("POST", "/se/log", Some(json!({ "type": "browser" })))?;
        for entry in entries.as_array().into_iter().flatten() {
            self.console.push(ConsoleEntry {
                level: entry["level"].as_str().unwrap_or_default().to_string(),
                message: entry["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        Ok(&self.console)
    }

    /// Drops the console entries so far whose message contains `needle` (an error the
    /// scenario caused on purpose), so [`Browser::check_console`] does not report them.
    pub fn forget_console_errors(&mut self, needle: &str) {
        let _ = self.console();
        self.console.retain(|entry| !entry.message.contains(needle));
    }

    /// Fails if the console has had any `SEVERE` entry (errors, failed loads,
    /// uncaught exceptions, panics).
    pub fn check_console(&mut self) -> Result<(), E2eError> {
        let severe: Vec<String> = self
            .console()?
            .iter()
            .filter(|entry| entry.level == "SEVERE")
            .map(|entry| entry.message.clone())
            .collect();
        if severe.is_empty() {
            Ok(())
        } else {
            Err(E2eError::Console(severe))
        }
    }

    /// Every URL the pages of this session loaded (navigation and resources).
    pub fn requested_urls(&mut self) -> Vec<String> {
        self.record_resources();
        self.resources.clone()
    }

    /// Fails if any page of this session requested something outside `origin`.
    pub fn check_requests_stay_on(&mut self, origin: &str) -> Result<(), E2eError> {
        let foreign: Vec<String> = self
            .requested_urls()
            .into_iter()
            .filter(|url| !is_same_origin(url, origin))
            .collect();
        if foreign.is_empty() {
            Ok(())
        } else {
            Err(E2eError::ForeignRequests(foreign))
        }
    }

    /// Adds the current document's Resource Timing entries to the session's list.
    fn record_resources(&mut self) {
        // Browser pages (the first new-tab page, about:blank) are not the site's.
        let script = "if (!/^https?:/.test(location.href)) { return []; }\
                      return performance.getEntriesByType('navigation')\
                      .concat(performance.getEntriesByType('resource'))\
                      .map(function (entry) { return entry.name; });";
        if let Ok(Value::Array(urls)) = self.execute(script, Vec::new()) {
            for url in urls.iter().filter_map(Value::as_str) {
                if !self.resources.iter().any(|seen| seen == url) {
                    self.resources.push(url.to_string());
                }
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http::request(
            self.driver,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}

/// Whether `url` is on `origin` (`http://127.0.0.1:1234`); `data:`, `blob:` and
/// `about:` URLs stay in the browser and count as local.
pub fn is_same_origin(url: &str, origin: &str) -> bool {
    if url.starts_with("data:") || url.starts_with("blob:") || url.starts_with("about:") {
        return true;
    }
    url.strip_prefix(origin)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

fn element_from(value: &Value, selector: &str) -> Option<Element> {
    value[ELEMENT_KEY].as_str().map(|id| Element {
        id: id.to_string(),
        selector: selector.to_string(),
    })
}

fn webdriver_error(command: &str, body: &Value) -> E2eError {
    let value = &body["value"];
    let message = value["message"].as_str().unwrap_or_default();
    E2eError::WebDriver {
        command: command.to_string(),
        error: value["error"]
            .as_str()
            .unwrap_or("unknown error")
            .to_string(),
        // The first line says it all; the rest is chromedriver's native backtrace.
        message: message.lines().next().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_is_exact() {
        let origin = "http://127.0.0.1:4000";
        assert!(is_same_origin("http://127.0.0.1:4000/a/b.js", origin));
        assert!(is_same_origin("http://127.0.0.1:4000", origin));
        assert!(is_same_origin("data:image/png;base64,xx", origin));
        assert!(!is_same_origin("http://127.0.0.1:40001/x", origin));
        assert!(!is_same_origin("https://fonts.example.com/x.css", origin));
        assert!(!is_same_origin("http://127.0.0.1:4000.evil.test/", origin));
    }

    #[test]
    fn webdriver_errors_keep_the_first_line() {
        let body = json!({ "value": { "error": "no such element", "message": "no such element: x\n  (Session info)\n#0 0x55" } });
        let err = webdriver_error("POST /element", &body);
        assert_eq!(
            err.to_string(),
            "WebDriver `POST /element` failed: no such element: no such element: x"
        );
    }

    #[test]
    fn element_references_use_the_w3c_key() {
        let value = json!({ ELEMENT_KEY: "abc" });
        let element = element_from(&value, "main").unwrap();
        assert_eq!(element.as_script_arg(), value);
        assert!(element_from(&json!({}), "main").is_none());
    }
}
