//! `ab` (ApacheBench) on the learner's laptop: `ab -n 10000 -c 50 http://HOST/`
//! sends the requests through the model ([`Cloud::load_test`]), which takes as long
//! as the serving instance's capacity allows and loads its CPU meanwhile; the
//! report is worded as ApacheBench 2.3 words it.

use cloudlab_model::Cloud;
use cloudlab_model::ec2::http::HttpFailure;

use crate::shell::CmdResult;

const USAGE: &str = "Usage: ab [options] [http[s]://]hostname[:port]/path
Options are:
    -n requests     Number of requests to perform
    -c concurrency  Number of multiple requests to make at a time
    -t timelimit    Seconds to max. to spend on benchmarking
    -k              Use HTTP KeepAlive feature
    -h              Display usage information (this message)
";

/// The largest test the lab runs (ab itself takes up to 2^31 requests).
const MAX_REQUESTS: u64 = 5_000_000;

fn number(flag: &str, value: Option<&String>) -> Result<u64, CmdResult> {
    value
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            CmdResult::fail(
                format!(
                    "ab: option requires a positive number -- {}\n{USAGE}",
                    flag.trim_start_matches('-')
                ),
                22,
            )
        })
}

/// `ab [-n N] [-c C] URL`.
pub fn run(cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let mut requests = 1;
    let mut concurrency = 1;
    let mut url = None;
    let mut words = args.iter();
    while let Some(a) = words.next() {
        match a.as_str() {
            "-n" => match number(a, words.next()) {
                Ok(n) => requests = n,
                Err(e) => return e,
            },
            "-c" => match number(a, words.next()) {
                Ok(n) => concurrency = n,
                Err(e) => return e,
            },
            "-t" => {
                words.next();
            }
            "-h" => return CmdResult::ok(USAGE),
            "-k" | "-q" | "-r" | "-d" | "-S" => {}
            other if other.starts_with('-') => {
                return CmdResult::fail(
                    format!(
                        "ab: invalid option -- '{}'\n{USAGE}",
                        other.trim_start_matches('-')
                    ),
                    22,
                );
            }
            other => url = Some(other.to_string()),
        }
    }
    let Some(url) = url else {
        return CmdResult::fail(format!("ab: wrong number of arguments\n{USAGE}"), 22);
    };
    if concurrency > requests {
        return CmdResult::fail(
            "ab: Cannot use concurrency level greater than total number of requests\n",
            22,
        );
    }
    if requests > MAX_REQUESTS {
        return CmdResult::fail(
            format!("ab: the lab runs at most {MAX_REQUESTS} requests in one test\n"),
            22,
        );
    }
    // ab wants a scheme-less or http:// URL with a path (`http://host/`).
    let rest = url.strip_prefix("http://").unwrap_or(&url);
    if url.starts_with("https://") {
        return CmdResult::fail("SSL not compiled in; no https support\n", 22);
    }
    let Some((authority, path)) = rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))) else {
        return CmdResult::fail(format!("ab: invalid URL\n{USAGE}"), 22);
    };
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(p) => (h.to_string(), p),
            Err(_) => return CmdResult::fail(format!("ab: invalid URL\n{USAGE}"), 22),
        },
        None => (authority.to_string(), 80),
    };
    let header = format!(
        "This is ApacheBench, Version 2.3 <$Revision: 1903618 $>\nCopyright 1996 Adam Twiss, Zeus Technology Ltd, http://www.zeustech.net/\nLicensed to The Apache Software Foundation, http://www.apache.org/\n\nBenchmarking {host} (be patient)"
    );
    let source = cloud.learner_ip();
    match cloud.load_test(source, &host, port, &path, requests, concurrency) {
        Ok(report) => {
            let mut out = format!("{header}\n");
            if requests >= 1_000 {
                let step = requests / 10;
                for k in 1..=10 {
                    out.push_str(&format!("Completed {} requests\n", step * k));
                }
            } else {
                out.push_str("..done\n");
            }
            if requests >= 1_000 {
                out.push_str(&format!("Finished {requests} requests\n"));
            }
            let r = &report.response;
            let server = r
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("server"))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let length = r.body.len() as u64;
            let head_bytes: u64 = r
                .headers
                .iter()
                .map(|(k, v)| (k.len() + v.len() + 4) as u64)
                .sum::<u64>()
                + 19;
            let seconds = report.duration.as_secs_f64().max(0.001);
            let non_2xx = if r.status >= 300 {
                format!("Non-2xx responses:      {requests}\n")
            } else {
                String::new()
            };
            out.push_str(&format!(
                "\n\nServer Software:        {server}\nServer Hostname:        {host}\nServer Port:            {port}\n\nDocument Path:          {path}\nDocument Length:        {length} bytes\n\nConcurrency Level:      {concurrency}\nTime taken for tests:   {seconds:.3} seconds\nComplete requests:      {requests}\nFailed requests:        0\n{non_2xx}Total transferred:      {} bytes\nHTML transferred:       {} bytes\nRequests per second:    {:.2} [#/sec] (mean)\nTime per request:       {:.3} [ms] (mean)\nTime per request:       {:.3} [ms] (mean, across all concurrent requests)\nTransfer rate:          {:.2} [Kbytes/sec] received\n",
                requests * (length + head_bytes),
                requests * length,
                report.requests_per_second,
                concurrency as f64 * 1_000.0 / report.requests_per_second,
                1_000.0 / report.requests_per_second,
                (requests * (length + head_bytes)) as f64 / 1_024.0 / seconds,
            ));
            CmdResult::ok(out)
        }
        Err(HttpFailure::CouldNotResolve { host }) => CmdResult::fail(
            format!(
                "{header}\napr_sockaddr_info_get() for {host}: Name or service not known (670002)\n"
            ),
            1,
        ),
        Err(HttpFailure::ConnectionRefused { .. }) => CmdResult::fail(
            format!("{header}\napr_socket_connect(): Connection refused (111)\n"),
            1,
        ),
        Err(HttpFailure::TimedOut(_)) => CmdResult::fail(
            format!("{header}\napr_pollset_poll: The timeout specified has expired (70007)\n"),
            1,
        ),
    }
}
