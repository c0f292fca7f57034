//! `curl`, on the laptop (requests cross the internet from the learner's IP) and
//! on an instance (`curl localhost`). Messages follow curl 8.

use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_model::ec2::http::{HttpFailure, HttpResponse};

use crate::shell::CmdResult;
use crate::vfs;
use crate::{Session, Terminal};

/// How long an unanswered connect takes before the kernel gives up.
pub(crate) const KERNEL_CONNECT_TIMEOUT_MS: u64 = 134_002;

/// A parsed `curl` command line.
#[derive(Debug, Default, PartialEq)]
pub struct CurlArgs {
    /// The URL's host.
    pub host: String,
    /// The port (80 for http, 443 for https).
    pub port: u16,
    /// The path, starting with `/`.
    pub path: String,
    /// `-I`: headers only.
    pub head: bool,
    /// `-i`: headers then body.
    pub include: bool,
    /// `-s`.
    pub silent: bool,
    /// `-S`: show errors even with `-s`.
    pub show_error: bool,
    /// `-v`.
    pub verbose: bool,
    /// `-f`: fail on HTTP errors.
    pub fail: bool,
    /// `-m` / `--connect-timeout`, in seconds.
    pub timeout: Option<f64>,
    /// `-o FILE`.
    pub output: Option<String>,
    /// Whether the URL is `https://`.
    pub https: bool,
    /// `-X METHOD` (`GET`, or `POST` when data is sent).
    pub method: Option<String>,
    /// `-d DATA` (several are joined with `&`, as curl does).
    pub data: Option<String>,
    /// `-H 'Name: value'`.
    pub headers: Vec<(String, String)>,
}

impl CurlArgs {
    /// The request method: `-X`, else `HEAD` for `-I`, `POST` with data, `GET`.
    pub fn method(&self) -> String {
        match (&self.method, self.head, &self.data) {
            (Some(m), _, _) => m.clone(),
            (None, true, _) => "HEAD".into(),
            (None, false, Some(_)) => "POST".into(),
            (None, false, None) => "GET".into(),
        }
    }
}

/// Parses curl's options and URL.
pub fn parse_args(args: &[String]) -> Result<CurlArgs, CmdResult> {
    // Short flags may be combined (`-sI`, `-sSf`), as curl allows.
    let expanded: Vec<String> = args
        .iter()
        .flat_map(|a| {
            let combined = a.len() > 2
                && a.starts_with('-')
                && !a.starts_with("--")
                && a[1..].chars().all(|c| "IisSvfLk".contains(c));
            if combined {
                a[1..].chars().map(|c| format!("-{c}")).collect()
            } else {
                vec![a.clone()]
            }
        })
        .collect();
    let args = expanded.as_slice();
    let mut out = CurlArgs::default();
    let mut url: Option<String> = None;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let mut value = |name: &str| -> Result<String, CmdResult> {
            i += 1;
            args.get(i - 1).cloned().ok_or_else(|| {
                CmdResult::fail(
                    format!("curl: option {name}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"),
                    2,
                )
            })
        };
        match a.as_str() {
            "-I" | "--head" => out.head = true,
            "-i" | "--include" => out.include = true,
            "-s" | "--silent" => out.silent = true,
            "-S" | "--show-error" => out.show_error = true,
            "-v" | "--verbose" => out.verbose = true,
            "-f" | "--fail" => out.fail = true,
            "-L" | "--location" | "-k" | "--insecure" => {}
            "-m" | "--max-time" | "--connect-timeout" => {
                let v = value(a)?;
                out.timeout = Some(v.parse::<f64>().map_err(|_| {
                    CmdResult::fail(format!("curl: option {a}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"), 2)
                })?);
            }
            "-o" | "--output" => out.output = Some(value(a)?),
            "-X" | "--request" => out.method = Some(value(a)?),
            "-d" | "--data" | "--data-raw" | "--data-binary" => {
                let v = value(a)?;
                out.data = Some(match out.data.take() {
                    Some(before) => format!("{before}&{v}"),
                    None => v,
                });
            }
            "-H" | "--header" => {
                let v = value(a)?;
                if let Some((name, val)) = v.split_once(':') {
                    out.headers
                        .push((name.trim().to_string(), val.trim().to_string()));
                }
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(CmdResult::fail(
                    format!(
                        "curl: option {s}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
                    ),
                    2,
                ));
            }
            s => url = Some(s.to_string()),
        }
    }
    let Some(url) = url else {
        return Err(CmdResult::fail(
            "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
            2,
        ));
    };
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r.to_string()),
        None => ("http".to_string(), url.clone()),
    };
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        other => {
            return Err(CmdResult::fail(
                format!("curl: (1) Protocol \"{other}\" not supported\n"),
                1,
            ));
        }
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("/")),
        None => (rest.as_str(), "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(port) => (h.to_string(), port),
            Err(_) => {
                return Err(CmdResult::fail(
                    "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535
",
                    3,
                ));
            }
        },
        None => (authority.to_string(), default_port),
    };
    if host.is_empty() {
        return Err(CmdResult::fail(
            "curl: (3) URL rejected: No host part in the URL\n",
            3,
        ));
    }
    out.host = host;
    out.port = port;
    out.path = path.to_string();
    out.https = scheme == "https";
    Ok(out)
}

fn headers_text(resp: &HttpResponse) -> String {
    let mut s = format!("HTTP/1.1 {} {}\n", resp.status, resp.reason);
    for (k, v) in &resp.headers {
        s.push_str(&format!("{k}: {v}\n"));
    }
    s.push('\n');
    s
}

/// Runs a request with `fetch` and prints what curl prints.
pub fn perform(
    cloud: &mut Cloud,
    args: &CurlArgs,
    fetch: &dyn Fn(&Cloud) -> Result<HttpResponse, HttpFailure>,
) -> (CmdResult, Option<String>) {
    let mut err = String::new();
    let show_errors = !args.silent || args.show_error;
    let target = format!("{} port {}", args.host, args.port);
    if args.verbose {
        err.push_str(&format!("*   Trying {}:{}...\n", args.host, args.port));
    }
    match fetch(cloud) {
        Ok(resp) => {
            if args.verbose {
                err.push_str(&format!(
                    "* Connected to {} port {}\n> {} {} HTTP/1.1\n> Host: {}\n> User-Agent: curl/8.5.0\n> Accept: */*\n> \n",
                    args.host,
                    args.port,
                    args.method(),
                    args.path,
                    args.host
                ));
                for line in headers_text(&resp).lines() {
                    err.push_str(&format!("< {line}\n"));
                }
            }
            if args.fail && resp.status >= 400 {
                if show_errors {
                    err.push_str(&format!(
                        "curl: (22) The requested URL returned error: {}\n",
                        resp.status
                    ));
                }
                return (
                    CmdResult {
                        out: String::new(),
                        err,
                        code: 22,
                        ..CmdResult::default()
                    },
                    None,
                );
            }
            let mut body = String::new();
            if args.head || args.include {
                body.push_str(&headers_text(&resp));
            }
            if !args.head {
                body.push_str(&resp.body);
            }
            if args.output.is_some() {
                (
                    CmdResult {
                        out: String::new(),
                        err,
                        code: 0,
                        ..CmdResult::default()
                    },
                    Some(body),
                )
            } else {
                (
                    CmdResult {
                        out: body,
                        err,
                        code: 0,
                        ..CmdResult::default()
                    },
                    None,
                )
            }
        }
        Err(HttpFailure::CouldNotResolve { host }) => {
            if show_errors {
                err.push_str(&format!("curl: (6) Could not resolve host: {host}\n"));
            }
            (
                CmdResult {
                    out: String::new(),
                    err,
                    code: 6,
                    ..CmdResult::default()
                },
                None,
            )
        }
        Err(HttpFailure::ConnectionRefused { .. }) => {
            if show_errors {
                err.push_str(&format!(
                    "curl: (7) Failed to connect to {target} after 3 ms: Couldn't connect to server\n"
                ));
            }
            (
                CmdResult {
                    out: String::new(),
                    err,
                    code: 7,
                    ..CmdResult::default()
                },
                None,
            )
        }
        Err(HttpFailure::TimedOut(_)) => {
            let (ms, why) = match args.timeout {
                Some(secs) => ((secs * 1000.0).max(0.0) as u64 + 1, "Timeout was reached"),
                None => (KERNEL_CONNECT_TIMEOUT_MS, "Couldn't connect to server"),
            };
            cloud.advance(Duration::from_millis(ms));
            if show_errors {
                err.push_str(&format!(
                    "curl: (28) Failed to connect to {target} after {ms} ms: {why}\n"
                ));
            }
            (
                CmdResult {
                    out: String::new(),
                    err,
                    code: 28,
                    ..CmdResult::default()
                },
                None,
            )
        }
    }
}

/// The page a link in an SNS mail opens (`/confirmation.html?TopicArn=…&Token=…`
/// confirms the subscription), or `None` for any other URL.
fn sns_link(cloud: &mut Cloud, host: &str, path: &str) -> Option<String> {
    let region = host.strip_prefix("sns.")?.strip_suffix(".amazonaws.com")?;
    let (page, query) = path.split_once('?').unwrap_or((path, ""));
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .map(str::to_string)
    };
    let body = match page {
        "/confirmation.html" => {
            let (Some(topic), Some(token)) = (param("TopicArn"), param("Token")) else {
                return Some("<html><body><h1>Missing parameters</h1></body></html>\n".into());
            };
            match cloud.open_confirmation_link(&topic, &token) {
                Ok(arn) => format!(
                    "<html><body><h1>Subscription confirmed!</h1><p>You have successfully subscribed.</p><p>Your subscription's id is:<br>{arn}</p></body></html>\n"
                ),
                Err(e) => format!(
                    "<html><body><h1>Subscription not confirmed</h1><p>{}</p></body></html>\n",
                    e.message()
                ),
            }
        }
        _ => format!("<html><body><h1>Amazon SNS ({region})</h1></body></html>\n"),
    };
    Some(body)
}

/// `curl` on the laptop: the request comes from the learner's public IP.
pub fn run_local(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let parsed = match parse_args(args) {
        Ok(p) => p,
        Err(e) => return e,
    };
    if parsed.host == "localhost" || parsed.host.starts_with("127.") {
        // Nothing listens on the laptop itself.
        let mut err = String::new();
        if !parsed.silent || parsed.show_error {
            err = format!(
                "curl: (7) Failed to connect to {} port {} after 0 ms: Couldn't connect to server\n",
                parsed.host, parsed.port
            );
        }
        return CmdResult::fail(err, 7);
    }
    let source = cloud.learner_ip();
    if parsed.host == "checkip.amazonaws.com" {
        // AWS's "what is my IP" service answers with the caller's public address.
        return CmdResult::ok(format!("{source}\n"));
    }
    if let Some(page) = sns_link(cloud, &parsed.host, &parsed.path) {
        return CmdResult::ok(page);
    }
    // A name in one of the account's hosted zones goes where Route 53 sends it
    // (weighted answers drawn afresh for each request).
    let host = match cloud.route53_lead_drawn(&parsed.host) {
        Some(Some(target)) => target,
        _ => parsed.host.clone(),
    };
    let (port, path) = (parsed.port, parsed.path.clone());
    if cloud.rest_api_for_host(&host).is_some() {
        return execute_api(term, cloud, &parsed, source);
    }
    let edge = cloudlab_model::cloudfront::edge::edge_location(term.viewer_city.unwrap_or("seoul"))
        .unwrap_or(&cloudlab_model::cloudfront::EDGE_LOCATIONS[0]);
    // CloudFront's edges keep what they fetch: asking one changes its cache.
    let through_cloudfront = cloud.cloudfront_get(edge, parsed.https, &host, &path);
    let source = if term.viewer_city.is_some() {
        edge.viewer_ip
    } else {
        source
    };
    let (mut result, file) = perform(cloud, &parsed, &|c: &Cloud| match &through_cloudfront {
        Some(answer) => answer.clone(),
        None => c.http_get(source, &host, port, &path),
    });
    // A load balancer sends the next request to its next target.
    cloud.record_load_balancer_request(&host, port, &path);
    if let (Some(body), Some(out)) = (file, &parsed.output) {
        let now = cloud.now().unix_seconds();
        let written = match &term.session {
            Session::Local => term
                .vfs
                .write(&vfs::normalize(&term.cwd, out), &body, false, now)
                .map_err(|e| e.to_string()),
            Session::Remote(_) => crate::remote::write_file(term, cloud, out, &body, false, false),
        };
        if let Err(e) = written {
            result.err.push_str(&format!(
                "curl: (23) Failure writing output to destination: {out}: {e}\n"
            ));
            result.code = 23;
        }
    }
    result
}

/// A request to an API Gateway invoke URL (HTTPS only).
fn execute_api(
    term: &mut Terminal,
    cloud: &mut Cloud,
    parsed: &CurlArgs,
    source: std::net::Ipv4Addr,
) -> CmdResult {
    if !parsed.https || parsed.port != 443 {
        let refused: Result<HttpResponse, HttpFailure> = Err(HttpFailure::ConnectionRefused {
            instance_id: String::new(),
            port: parsed.port,
        });
        return perform(cloud, parsed, &|_| refused.clone()).0;
    }
    let mut headers = vec![
        ("Host".to_string(), parsed.host.clone()),
        ("User-Agent".to_string(), "curl/8.5.0".to_string()),
        ("Accept".to_string(), "*/*".to_string()),
    ];
    if parsed.data.is_some()
        && !parsed
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        headers.push((
            "Content-Type".to_string(),
            "application/x-www-form-urlencoded".to_string(),
        ));
    }
    headers.extend(parsed.headers.iter().cloned());
    let request = cloudlab_model::apigateway::invoke::ApiRequest {
        method: parsed.method(),
        path: parsed.path.clone(),
        headers,
        body: parsed.data.clone(),
        source_ip: source.to_string(),
    };
    let answer = cloud
        .execute_api(&parsed.host, &request)
        .ok_or(HttpFailure::CouldNotResolve {
            host: parsed.host.clone(),
        });
    let (mut result, file) = perform(cloud, parsed, &|_| answer.clone());
    if let (Some(body), Some(out)) = (file, &parsed.output) {
        let now = cloud.now().unix_seconds();
        if let Err(e) = term
            .vfs
            .write(&vfs::normalize(&term.cwd, out), &body, false, now)
        {
            result.err.push_str(&format!(
                "curl: (23) Failure writing output to destination: {out}: {e}\n"
            ));
            result.code = 23;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn urls() {
        let a = parse_args(&words("http://3.34.1.2/")).unwrap();
        assert_eq!(
            (a.host.as_str(), a.port, a.path.as_str()),
            ("3.34.1.2", 80, "/")
        );
        let a = parse_args(&words(
            "-I ec2-3-34-1-2.ap-northeast-2.compute.amazonaws.com:8080/x/y",
        ))
        .unwrap();
        assert_eq!((a.port, a.path.as_str(), a.head), (8080, "/x/y", true));
        let a = parse_args(&words("-s -m 5 https://h")).unwrap();
        assert_eq!((a.port, a.silent, a.timeout), (443, true, Some(5.0)));
        assert_eq!(parse_args(&[]).unwrap_err().code, 2);
        assert_eq!(parse_args(&words("ftp://h")).unwrap_err().code, 1);
        assert_eq!(parse_args(&words("http://h:99999/")).unwrap_err().code, 3);
        assert_eq!(parse_args(&words("--bogus h")).unwrap_err().code, 2);
    }
}
