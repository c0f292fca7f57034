//! The chromedriver process: started on a free port, stopped when dropped.

use std::fs::File;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::{E2eError, http};
use crate::util;

/// How long chromedriver may take to answer `/status`.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// A running chromedriver.
pub struct ChromeDriver {
    child: Child,
    addr: SocketAddr,
    chromium: PathBuf,
}

impl ChromeDriver {
    /// Starts `chromedriver` (logging to `log_path`) for the Chromium at `chromium`
    /// and waits until it is ready.
    pub fn start(
        chromedriver: &Path,
        chromium: &Path,
        log_path: &Path,
    ) -> Result<ChromeDriver, E2eError> {
        if let Some(parent) = log_path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let port = util::free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = File::create(log_path)?;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|err| {
                E2eError::Http(format!("cannot start {}: {err}", chromedriver.display()))
            })?;
        let mut driver = ChromeDriver {
            child,
            addr,
            chromium: chromium.to_path_buf(),
        };
        driver.wait_until_ready(log_path)?;
        Ok(driver)
    }

    fn wait_until_ready(&mut self, log_path: &Path) -> Result<(), E2eError> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(E2eError::Http(format!(
                    "chromedriver exited at startup ({status}); see {}",
                    log_path.display()
                )));
            }
            if let Ok((200, body)) = http::request(self.addr, "GET", "/status", None)
                && body["value"]["ready"].as_bool() == Some(true)
            {
                return Ok(());
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(E2eError::Timeout(format!(
                    "chromedriver not ready after {STARTUP_TIMEOUT:?}; see {}",
                    log_path.display()
                )));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// chromedriver's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The Chromium binary sessions use.
    pub fn chromium(&self) -> &Path {
        &self.chromium
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // Ask politely so chromedriver closes its browsers, then make sure.
        let _ = http::request(self.addr, "GET", "/shutdown", None);
        for _ in 0..20 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
