//! A small static file server for `dist/`, mounted under a path prefix so the site
//! is tested the way it is hosted: from some sub-folder, with no rewrites.
//!
//! `/prefix` redirects to `/prefix/`, `/prefix/` serves `index.html`, files under
//! the prefix are served with their MIME type and `Cache-Control: no-cache`, and
//! everything else is 404 (the app routes with `location.hash`, so it never needs a
//! fallback page).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How many served requests are remembered for [`StaticServer::requests`].
const REQUEST_LOG_LIMIT: usize = 10_000;

/// One request the server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServedRequest {
    /// Request method (`GET`, `HEAD`, ...).
    pub method: String,
    /// Path as requested, query included.
    pub target: String,
    /// HTTP status sent back.
    pub status: u16,
}

/// A running static server; stops when dropped.
pub struct StaticServer {
    addr: SocketAddr,
    prefix: String,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<ServedRequest>>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` under `prefix` on `bind` (port 0 picks a free port).
    /// With `log`, prints one line per request.
    pub fn start(
        root: &Path,
        prefix: &str,
        bind: impl ToSocketAddrs,
        log: bool,
    ) -> io::Result<StaticServer> {
        let listener = TcpListener::bind(bind)?;
        let addr = listener.local_addr()?;
        let prefix = normalize_prefix(prefix);
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(SiteFiles {
            root: root.to_path_buf(),
            prefix: prefix.clone(),
        });
        let thread = {
            let stop = Arc::clone(&stop);
            let requests = Arc::clone(&requests);
            thread::Builder::new()
                .name("static-server".into())
                .spawn(move || accept_loop(&listener, &site, &stop, &requests, log))?
        };
        Ok(StaticServer {
            addr,
            prefix,
            stop,
            requests,
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:port` (no trailing slash).
    pub fn origin(&self) -> String {
        let host = if self.addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            self.addr.ip().to_string()
        };
        format!("http://{host}:{}", self.addr.port())
    }

    /// The site's URL: origin plus prefix, ending in `/`.
    pub fn url(&self) -> String {
        format!("{}{}", self.origin(), self.prefix)
    }

    /// The path prefix, starting and ending with `/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The requests answered so far (the most recent ones if there were many).
    pub fn requests(&self) -> Vec<ServedRequest> {
        self.requests
            .lock()
            .map(|log| log.clone())
            .unwrap_or_default()
    }

    /// Blocks until the server thread ends (it only ends when stopped).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(500));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct SiteFiles {
    root: PathBuf,
    prefix: String,
}

fn accept_loop(
    listener: &TcpListener,
    site: &Arc<SiteFiles>,
    stop: &AtomicBool,
    requests: &Arc<Mutex<Vec<ServedRequest>>>,
    log: bool,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let site = Arc::clone(site);
        let requests = Arc::clone(requests);
        let _ = thread::Builder::new()
            .name("static-conn".into())
            .spawn(move || {
                let _ = handle_connection(stream, &site, &requests, log);
            });
    }
}

/// `cloudlab` → `/cloudlab/`; `` → `/`.
pub fn normalize_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// Redirect (301) to this location.
    Redirect(String),
    /// Serve this file, relative to the site root.
    File(PathBuf),
    /// Nothing here.
    NotFound,
}

/// Resolves a request target (path and optional query) under `prefix`.
pub fn route(prefix: &str, target: &str) -> Route {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or_default();
    if prefix.len() > 1 && path == prefix.trim_end_matches('/') {
        let location = match query {
            Some(query) => format!("{prefix}?{query}"),
            None => prefix.to_string(),
        };
        return Route::Redirect(location);
    }
    let Some(rest) = path.strip_prefix(prefix) else {
        return Route::NotFound;
    };
    let Some(decoded) = percent_decode(rest) else {
        return Route::NotFound;
    };
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        if segment.is_empty() {
            continue;
        }
        let is_plain = matches!(
            Path::new(segment).components().next(),
            Some(Component::Normal(_))
        ) && !segment.contains(['\\', '\0']);
        if !is_plain {
            return Route::NotFound;
        }
        relative.push(segment);
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        relative.push("index.html");
    }
    Route::File(relative)
}

/// Decodes `%XX` escapes; `None` if malformed or not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file name.
pub fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A response ready to send.
struct Response {
    status: u16,
    reason: &'static str,
    content_type: &'static str,
    location: Option<String>,
    body: Vec<u8>,
}

impl Response {
    fn text(status: u16, reason: &'static str) -> Response {
        Response {
            status,
            reason,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: format!("{status} {reason}\n").into_bytes(),
        }
    }
}

fn handle_connection(
    stream: TcpStream,
    site: &SiteFiles,
    requests: &Mutex<Vec<ServedRequest>>,
    log: bool,
) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    // Drain the headers; none of them changes what we send.
    let mut header_bytes = 0;
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line)?;
        header_bytes += read;
        if read == 0 || line == "\r\n" || line == "\n" || header_bytes > 64 * 1024 {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let response = respond(site, &method, &target);
    if log {
        println!("{} {method} {target}", response.status);
    }
    if let Ok(mut served) = requests.lock() {
        if served.len() >= REQUEST_LOG_LIMIT {
            served.remove(0);
        }
        served.push(ServedRequest {
            method: method.clone(),
            target,
            status: response.status,
        });
    }
    send(stream, &response, method == "HEAD")
}

fn respond(site: &SiteFiles, method: &str, target: &str) -> Response {
    if method != "GET" && method != "HEAD" {
        return Response::text(405, "Method Not Allowed");
    }
    match route(&site.prefix, target) {
        Route::Redirect(location) => Response {
            location: Some(location),
            ..Response::text(301, "Moved Permanently")
        },
        Route::File(relative) => {
            let path = site.root.join(&relative);
            match std::fs::read(&path) {
                Ok(body) if path.is_file() => Response {
                    status: 200,
                    reason: "OK",
                    content_type: mime_type(&path),
                    location: None,
                    body,
                },
                _ => Response::text(404, "Not Found"),
            }
        }
        Route::NotFound => Response::text(404, "Not Found"),
    }
}

fn send(mut stream: TcpStream, response: &Response, head_only: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status,
        response.reason,
        response.content_type,
        response.body.len()
    );
    if let Some(location) = &response.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if response.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()?;
    // Close our side, then give the client a moment to read before the socket goes.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 512];
    let _ = stream.read(&mut sink);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::TempDir;

    #[test]
    fn prefixes_are_normalized() {
        assert_eq!(normalize_prefix("cloudlab"), "/cloudlab/");
        assert_eq!(normalize_prefix("/a/b/"), "/a/b/");
        assert_eq!(normalize_prefix(""), "/");
        assert_eq!(normalize_prefix("/"), "/");
    }

    fn check_route(target: &str, expected: Route) {
        assert_eq!(route("/sub/cloudlab/", target), expected, "target {target}");
    }

    #[test]
    fn routes_follow_the_prefix() {
        check_route("/sub/cloudlab", Route::Redirect("/sub/cloudlab/".into()));
        check_route(
            "/sub/cloudlab?x=1",
            Route::Redirect("/sub/cloudlab/?x=1".into()),
        );
        check_route("/sub/cloudlab/", Route::File("index.html".into()));
        check_route("/sub/cloudlab/?v=2", Route::File("index.html".into()));
        check_route(
            "/sub/cloudlab/pkg/cloudlab.js",
            Route::File("pkg/cloudlab.js".into()),
        );
        check_route("/sub/cloudlab/a%20b.txt", Route::File("a b.txt".into()));
        check_route("/", Route::NotFound);
        check_route("/sub/", Route::NotFound);
        check_route("/other/cloudlab/", Route::NotFound);
        check_route("/sub/cloudlabx", Route::NotFound);
    }

    #[test]
    fn routes_refuse_to_leave_the_site() {
        check_route("/sub/cloudlab/../secret", Route::NotFound);
        check_route("/sub/cloudlab/%2e%2e/secret", Route::NotFound);
        check_route("/sub/cloudlab/a/%2E%2E/%2E%2E/x", Route::NotFound);
        check_route("/sub/cloudlab/%zz", Route::NotFound);
        check_route("/sub/cloudlab/a%5cb", Route::NotFound);
    }

    #[test]
    fn root_prefix_serves_from_slash() {
        assert_eq!(route("/", "/"), Route::File("index.html".into()));
        assert_eq!(route("/", "/app.css"), Route::File("app.css".into()));
    }

    #[test]
    fn mime_types_match_what_browsers_require() {
        for (name, expected) in [
            ("x.wasm", "application/wasm"),
            ("x.js", "text/javascript; charset=utf-8"),
            ("x.css", "text/css; charset=utf-8"),
            ("index.html", "text/html; charset=utf-8"),
            ("favicon.svg", "image/svg+xml"),
            ("shot.PNG", "image/png"),
            ("blob", "application/octet-stream"),
        ] {
            assert_eq!(mime_type(Path::new(name)), expected, "{name}");
        }
    }

    fn get(server: &StaticServer, target: &str) -> String {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn serves_files_over_http() {
        let dir = TempDir::new("xtask-server").unwrap();
        std::fs::write(dir.path().join("index.html"), "<h1>hi</h1>").unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/app.wasm"), b"\0asm").unwrap();
        let server = StaticServer::start(dir.path(), "deep/folder", "127.0.0.1:0", false).unwrap();
        assert!(server.url().ends_with("/deep/folder/"));

        let index = get(&server, "/deep/folder/");
        assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(index.contains("Cache-Control: no-cache\r\n"));
        assert!(index.ends_with("<h1>hi</h1>"));

        let wasm = get(&server, "/deep/folder/pkg/app.wasm");
        assert!(
            wasm.contains("Content-Type: application/wasm\r\n"),
            "{wasm}"
        );

        let redirect = get(&server, "/deep/folder");
        assert!(redirect.starts_with("HTTP/1.1 301"), "{redirect}");
        assert!(redirect.contains("Location: /deep/folder/\r\n"));

        assert!(get(&server, "/deep/folder/missing.js").starts_with("HTTP/1.1 404"));
        assert!(get(&server, "/index.html").starts_with("HTTP/1.1 404"));

        let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
        assert_eq!(statuses.len(), 5);
        assert_eq!(statuses.iter().filter(|&&s| s == 404).count(), 2);
    }
}
