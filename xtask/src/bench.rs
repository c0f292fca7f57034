//! `cargo xtask bench`: reports (never asserts) the bundle size, how fast the page
//! loads in headless Chromium, and how many terminal commands per second the
//! simulated cloud handles natively. Written to `target/bench-report.txt`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::bundle::{self, BuildOptions};
use crate::e2e::{self, Browser, DEFAULT_WAIT, DESKTOP, SITE_PREFIX, Site, first_load};
use crate::server::StaticServer;
use crate::setup::{self, Needs};
use crate::util::{self, Result};

/// Page loads measured; the median is reported.
const LOADS: usize = 5;

/// Records when `main h1` first appears, before the page's own scripts run.
const FIRST_HEADING_PROBE: &str = r#"(function () {
  var seen = function () {
    if (window.__xtaskFirstHeading === undefined && document.querySelector('main h1')) {
      window.__xtaskFirstHeading = performance.now();
    }
    return window.__xtaskFirstHeading !== undefined;
  };
  new MutationObserver(function (_, observer) { if (seen()) { observer.disconnect(); } })
    .observe(document, { childList: true, subtree: true });
})();"#;

/// Benchmark settings.
#[derive(Clone, Copy, Debug)]
pub struct BenchOptions {
    /// Commands in the generated terminal script.
    pub commands: usize,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions { commands: 2000 }
    }
}

/// Runs every measurement and writes the report.
pub fn bench(root: &Path, options: BenchOptions) -> Result<()> {
    let sizes = bundle::build(root, BuildOptions::default())?;
    let mut report = String::from("CloudLab bench report\n\n");
    let (wasm_raw, wasm_gzip) = sizes.row("wasm").unwrap_or_default();
    let (total_raw, total_gzip) = sizes.total();
    let _ = writeln!(
        report,
        "bundle: wasm {} ({} gzip); total {} ({} gzip)",
        util::human_bytes(wasm_raw),
        util::human_bytes(wasm_gzip),
        util::human_bytes(total_raw),
        util::human_bytes(total_gzip)
    );

    match first_load(root) {
        Ok(text) => report.push_str(&text),
        Err(err) => {
            let _ = writeln!(report, "first load: not measured ({err})");
        }
    }
    match page_load(root) {
        Ok(text) => report.push_str(&text),
        Err(err) => {
            let _ = writeln!(report, "page load: not measured ({err})");
        }
    }
    match throttled_loads(root) {
        Ok(text) => report.push_str(&text),
        Err(err) => {
            let _ = writeln!(report, "throttled loads: not measured ({err})");
        }
    }
    match keystroke_latency(root) {
        Ok(text) => report.push_str(&text),
        Err(err) => {
            let _ = writeln!(report, "keystroke latency: not measured ({err})");
        }
    }
    match round_cost(root) {
        Ok(text) => report.push_str(&text),
        Err(err) => {
            let _ = writeln!(report, "lab rounds: not measured ({err})");
        }
    }
    match model_throughput(root, options.commands) {
        Ok(text) => report.push_str(&text),
        Err(err) => {
            let _ = writeln!(report, "model throughput: not measured ({err})");
        }
    }
    println!("\n{report}");
    util::write(&util::reports_dir(root).join("bench-report.txt"), &report)?;
    println!("bench: written to target/bench-report.txt");
    Ok(())
}

/// Bytes fetched until the chapter list is usable, a deep-linked chapter's reading
/// shows (the lab's chunk held back) and its terminal answers, raw and gzipped, and
/// the size of every wasm module.
fn first_load(root: &Path) -> Result<String> {
    let tools = setup::ensure(root, Needs::BUILD_AND_BROWSER)?;
    let dist = bundle::dist_dir(root);
    let server = StaticServer::start(&dist, SITE_PREFIX, "127.0.0.1:0", false)?;
    let site = Site::of(&server);
    let driver = e2e::start_driver(root, &tools)?;
    let mut text = String::from("first load (bytes fetched; budget 400 KiB gzipped):\n");
    let mut browser = Browser::new(&driver, DESKTOP.0, DESKTOP.1)?;
    let list = first_load::chapter_list(&mut browser, &site, &dist)?;
    let terminal = first_load::terminal_answering(&mut browser, &site, &dist)?;
    drop(browser);
    let mut held = Browser::new(&driver, DESKTOP.0, DESKTOP.1)?;
    held.add_init_script(first_load::HOLD_LAB_CHUNKS)?;
    let reading = first_load::deep_linked_reading(&mut held, &site, &dist)?;
    for (label, fetched) in [
        ("  chapter list usable", &list),
        ("  deep-linked reading shown", &reading),
        ("  its terminal answering", &terminal),
    ] {
        text.push_str(&fetched.render(label));
    }
    text.push_str("  wasm modules:\n");
    for file in util::files_under(&dist)? {
        if file.extension().is_some_and(|ext| ext == "wasm") {
            let bytes = std::fs::read(&file)?;
            let _ = writeln!(
                text,
                "    {:<52} {:>10} {:>10}",
                file.strip_prefix(&dist)?.display(),
                util::human_bytes(bytes.len() as u64),
                util::human_bytes(util::gzip_len(&bytes) as u64)
            );
        }
    }
    Ok(text)
}

/// A network profile for throttled loads: (name, round trip ms, download bytes/s).
const PROFILES: &[(&str, f64, f64)] = &[
    // Chrome DevTools' "Fast 4G": 9 Mbit/s down, 170 ms round trip.
    ("4G (9 Mbit/s, 170 ms)", 170.0, 9_000_000.0 / 8.0),
    // Chrome DevTools' "Fast 3G": 1.44 Mbit/s down, 562.5 ms round trip.
    ("Fast 3G (1.44 Mbit/s, 563 ms)", 562.5, 1_440_000.0 / 8.0),
];

/// When `main h1` shows for the chapter list and for a deep-linked chapter, on each
/// network profile, from a server that sends files uncompressed (as many static
/// servers do), with an empty cache.
fn throttled_loads(root: &Path) -> Result<String> {
    let tools = setup::ensure(root, Needs::BUILD_AND_BROWSER)?;
    let server = StaticServer::start(&bundle::dist_dir(root), SITE_PREFIX, "127.0.0.1:0", false)?;
    let site = Site::of(&server);
    let driver = e2e::start_driver(root, &tools)?;
    let mut text = String::from(
        "throttled first loads (uncompressed server, empty cache, `main h1` shown):\n",
    );
    for (name, latency, download) in PROFILES {
        for (page, url) in [
            ("chapter list", site.url().to_string()),
            ("deep-linked chapter", site.page(first_load::DEEP_LINK)),
        ] {
            let mut browser = Browser::new(&driver, DESKTOP.0, DESKTOP.1)?;
            browser.add_init_script(FIRST_HEADING_PROBE)?;
            browser.cdp("Network.enable", serde_json::json!({}))?;
            browser.cdp(
                "Network.setCacheDisabled",
                serde_json::json!({ "cacheDisabled": true }),
            )?;
            browser.cdp(
                "Network.emulateNetworkConditions",
                serde_json::json!({
                    "offline": false,
                    "latency": latency,
                    "downloadThroughput": download,
                    "uploadThroughput": 750_000.0 / 8.0,
                }),
            )?;
            browser.goto(&url)?;
            browser.wait_for("main h1", Duration::from_secs(120))?;
            let shown = browser.execute("return window.__xtaskFirstHeading;", Vec::new())?;
            let _ = match shown.as_f64() {
                Some(ms) => writeln!(text, "  {name:<30} {page:<20} {:>8.2} s", ms / 1000.0),
                None => writeln!(text, "  {name:<30} {page:<20} not recorded"),
            };
        }
    }
    Ok(text)
}

/// Median navigation timings over [`LOADS`] loads from the sub-folder.
fn page_load(root: &Path) -> Result<String> {
    let tools = setup::ensure(root, Needs::BUILD_AND_BROWSER)?;
    let server = StaticServer::start(&bundle::dist_dir(root), SITE_PREFIX, "127.0.0.1:0", false)?;
    let site = Site::of(&server);
    let driver = e2e::start_driver(root, &tools)?;
    let mut browser = Browser::new(&driver, DESKTOP.0, DESKTOP.1)?;
    browser.add_init_script(FIRST_HEADING_PROBE)?;

    let mut dom_content_loaded = Vec::new();
    let mut load = Vec::new();
    let mut first_heading = Vec::new();
    for _ in 0..LOADS {
        browser.goto("about:blank")?;
        browser.goto(site.url())?;
        browser.wait_for("main h1", DEFAULT_WAIT)?;
        let timings = browser.execute(
            "var nav = performance.getEntriesByType('navigation')[0];\
             return [nav.domContentLoadedEventEnd, nav.loadEventEnd, window.__xtaskFirstHeading];",
            Vec::new(),
        )?;
        let number = |index: usize| timings.get(index).and_then(Value::as_f64);
        dom_content_loaded.extend(number(0));
        load.extend(number(1));
        first_heading.extend(number(2));
    }
    browser.check_console()?;
    let mut text = format!("page load (median of {LOADS}, headless Chromium, localhost):\n");
    for (label, samples) in [
        ("DOMContentLoaded", &mut dom_content_loaded),
        ("load", &mut load),
        ("`main h1` shown", &mut first_heading),
    ] {
        let _ = match median(samples) {
            Some(ms) => writeln!(text, "  {label:<18} {ms:>8.1} ms"),
            None => writeln!(text, "  {label:<18} not recorded"),
        };
    }
    Ok(text)
}

/// Output the terminal has printed before keystrokes are timed.
const KEYSTROKE_OUTPUT_BYTES: usize = 1_000_000;
/// Keystrokes timed.
const KEYSTROKES: usize = 60;

/// Main-thread time per keystroke in the terminal's input line (script, style and
/// layout until the input shows the character) after about 1 MB of output, in
/// headless Chromium. A frame at 60 Hz is 16.7 ms.
fn keystroke_latency(root: &Path) -> Result<String> {
    let tools = setup::ensure(root, Needs::BUILD_AND_BROWSER)?;
    let server = StaticServer::start(&bundle::dist_dir(root), SITE_PREFIX, "127.0.0.1:0", false)?;
    let site = Site::of(&server);
    let driver = e2e::start_driver(root, &tools)?;
    let mut browser = Browser::new(&driver, DESKTOP.0, DESKTOP.1)?;
    browser.goto(&site.page("#/chapter/0/step/who-am-i"))?;
    browser.click_on("[data-testid=tab-terminal]")?;
    let input = browser.wait_for("[data-testid=terminal-input]", DEFAULT_WAIT)?;
    let mut printed = 0usize;
    let mut commands = 0usize;
    while printed < KEYSTROKE_OUTPUT_BYTES {
        // Rows scroll away once the screen is full, so wait for a new last row, not more rows.
        let last_row = |b: &Browser| {
            b.execute(
                "var e = document.querySelectorAll('[data-testid=terminal-entry]');\
                 return e.length ? e[e.length - 1].getAttribute('data-entry') : null;",
                Vec::new(),
            )
        };
        let before = last_row(&browser)?;
        browser.send_keys(&input, "aws ec2 describe-instance-types\n")?;
        browser.wait_until("the command to print", DEFAULT_WAIT, |b| {
            Ok(last_row(b)? != before)
        })?;
        let last = browser.execute(
            "var e = document.querySelectorAll('[data-testid=terminal-output]');\
             return e.length ? e[e.length - 1].textContent.length : 0;",
            Vec::new(),
        )?;
        printed += last.as_u64().unwrap_or(0) as usize;
        commands += 1;
    }
    let measured = browser.execute_async(
        &format!(
            "var done = arguments[arguments.length - 1];\
             var input = document.querySelector('[data-testid=terminal-input]');\
             var screen = document.querySelector('[data-testid=terminal-screen]');\
             input.focus();\
             var samples = [];\
             (async function () {{\
               for (var i = 0; i < {KEYSTROKES}; i++) {{\
                 var t0 = performance.now();\
                 input.dispatchEvent(new KeyboardEvent('keydown', {{ key: 'a', bubbles: true }}));\
                 input.value = input.value + 'a';\
                 input.dispatchEvent(new InputEvent('input', {{ data: 'a', inputType: 'insertText', bubbles: true }}));\
                 await Promise.resolve(); await Promise.resolve();\
                 void screen.scrollHeight; void input.getBoundingClientRect();\
                 samples.push(performance.now() - t0);\
                 await new Promise(function (r) {{ requestAnimationFrame(function () {{ setTimeout(r, 0); }}); }});\
               }}\
               done([samples, screen.textContent.length, document.querySelectorAll('[data-testid=terminal-entry]').length, screen.textContent.split('\\n').length]);\
             }})();"
        ),
        Vec::new(),
    )?;
    let mut samples: Vec<f64> = measured
        .get(0)
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    let kept = measured.get(1).and_then(Value::as_u64).unwrap_or(0);
    let entries = measured.get(2).and_then(Value::as_u64).unwrap_or(0);
    let lines = measured.get(3).and_then(Value::as_u64).unwrap_or(0);
    samples.sort_by(f64::total_cmp);
    let p95 = samples
        .get(samples.len().saturating_mul(95) / 100)
        .copied()
        .unwrap_or(f64::NAN);
    let max = samples.last().copied().unwrap_or(f64::NAN);
    let median = median(&mut samples).unwrap_or(f64::NAN);
    browser.check_console()?;
    Ok(format!(
        "keystroke latency after {} of output ({commands} commands; the screen keeps the last {} in {lines} lines, {entries} command entries: it holds at most 10,000 lines), {KEYSTROKES} keys:\n  median {median:.2} ms, p95 {p95:.2} ms, max {max:.2} ms (one frame = 16.7 ms)\n",
        util::human_bytes(printed as u64),
        util::human_bytes(kept),
    ))
}

/// One lab-shaped round: a key pair, a security group with two rules, an instance run,
/// described, stopped and started again (waiting as `aws ec2 wait` does), the group
/// described, the instance terminated and the key pairs listed: 12 lines, 10 of them
/// API calls. Rounds accumulate resources, so later rounds work on a bigger account.
pub fn lab_rounds_script(rounds: usize) -> String {
    let mut script = String::from(
        "AMI=$(aws ec2 describe-images --owners amazon --query 'Images[0].ImageId' --output text)\n",
    );
    for round in 0..rounds {
        script.push_str(&format!(
            "aws ec2 create-key-pair --key-name bench-{round} --query KeyFingerprint --output text\n\
             SG=$(aws ec2 create-security-group --group-name bench-{round} --description bench --query GroupId --output text)\n\
             aws ec2 authorize-security-group-ingress --group-id $SG --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{{CidrIp=203.0.113.25/32}}]' 'IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{{CidrIp=0.0.0.0/0}}]'\n\
             ID=$(aws ec2 run-instances --image-id $AMI --instance-type t3.micro --key-name bench-{round} --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)\n\
             aws ec2 wait instance-running --instance-ids $ID\n\
             aws ec2 describe-instances --instance-ids $ID --output json\n\
             aws ec2 stop-instances --instance-ids $ID\n\
             aws ec2 wait instance-stopped --instance-ids $ID\n\
             aws ec2 start-instances --instance-ids $ID\n\
             aws ec2 describe-security-groups --group-ids $SG\n\
             aws ec2 terminate-instances --instance-ids $ID\n\
             aws ec2 describe-key-pairs --output json\n"
        ));
    }
    script
}

/// Lines per [`lab_rounds_script`] round.
const LINES_PER_ROUND: usize = 12;

/// Time per line of [`lab_rounds_script`] through `cloudlab-term` (parsing, the model,
/// formatting), at 300 and 3,000 lines: the median and the fastest of 7 runs, less the
/// time of a run with no lines (process start and account creation).
fn round_cost(root: &Path) -> Result<String> {
    let binary = build_cloudlab_term(root)?;
    let dir = util::reports_dir(root).join("bench");
    // (median, fastest) of the runs: the fastest is the steadier figure on a shared
    // machine, where a run can take twice as long for reasons of its own.
    let time = |name: &str, script: &str| -> Result<((Duration, Duration), usize)> {
        let path = dir.join(name);
        util::write(&path, script)?;
        let mut runs = Vec::new();
        let mut failures = 0;
        // Seven runs: a short run's time swings with the machine's other work.
        for _ in 0..7 {
            let started = Instant::now();
            // `--summary` prints one line at the end: the time is the terminal's, not
            // that of encoding every output as JSON.
            let output = Command::new(&binary)
                .arg("--summary")
                .arg(&path)
                .stdin(Stdio::null())
                .output()
                .map_err(|err| format!("cannot run {}: {err}", binary.display()))?;
            runs.push(started.elapsed().as_secs_f64());
            failures = serde_json::from_slice::<Value>(&output.stdout)
                .ok()
                .and_then(|summary| summary["non_zero_exits"].as_u64())
                .ok_or("cloudlab-term --summary printed no summary")?
                as usize;
        }
        let fastest = runs.iter().copied().fold(f64::INFINITY, f64::min);
        let seconds = median(&mut runs).unwrap_or(0.0);
        Ok((
            (
                Duration::from_secs_f64(seconds),
                Duration::from_secs_f64(if fastest.is_finite() { fastest } else { 0.0 }),
            ),
            failures,
        ))
    };
    let (empty, _) = time("rounds-0.txt", "")?;
    let mut text = String::from(
        "lab rounds (cloudlab-term --summary, native release; 12-line rounds: key pair, group + 2 rules, run, wait, describe, stop, wait, start, describe group, terminate, list keys):\n",
    );
    for lines in [300, 3_000] {
        let rounds = lines / LINES_PER_ROUND;
        let ((median, fastest), failures) =
            time(&format!("rounds-{lines}.txt"), &lab_rounds_script(rounds))?;
        let count = (rounds * LINES_PER_ROUND + 1) as f64;
        let per_line =
            |run: Duration, start: Duration| run.saturating_sub(start).as_secs_f64() * 1e6 / count;
        let _ = writeln!(
            text,
            "  {:>5} lines: {:>6.1} µs a line, median of 7 (fastest {:.1} µs; {failures} non-zero exits)",
            rounds * LINES_PER_ROUND + 1,
            per_line(median, empty.0),
            per_line(fastest, empty.1),
        );
    }
    Ok(text)
}

/// Builds the release `cloudlab-term` and returns its path.
fn build_cloudlab_term(root: &Path) -> Result<std::path::PathBuf> {
    util::run(util::cargo().current_dir(root).args([
        "build",
        "--release",
        "-p",
        "cloudlab-terminal",
        "--bin",
        "cloudlab-term",
    ]))?;
    Ok(util::cargo_target_dir(root)
        .join("release")
        .join("cloudlab-term"))
}

/// Runs `cloudlab-term --jsonl` on a generated script of `commands` lines.
fn model_throughput(root: &Path, commands: usize) -> Result<String> {
    let binary = build_cloudlab_term(root)?;
    let script_path = util::reports_dir(root).join("bench").join("script.txt");
    util::write(&script_path, terminal_script(commands))?;

    let started = Instant::now();
    let output = Command::new(&binary)
        .arg("--jsonl")
        .arg(&script_path)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run {}: {err}", binary.display()))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(format!(
            "cloudlab-term exited with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results: Vec<Value> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let failed = results
        .iter()
        .filter(|result| result["exit_code"].as_i64() != Some(0))
        .count();
    Ok(format!(
        "model throughput (cloudlab-term --jsonl, native release):\n  {commands} commands ({} results, {failed} non-zero exits) in {}: {:.0} commands/s\n",
        results.len(),
        util::human_duration(elapsed),
        per_second(commands, elapsed)
    ))
}

/// A learner-like mix of shell and aws commands, `count` lines long.
pub fn terminal_script(count: usize) -> String {
    let mut script = String::new();
    for index in 0..count {
        let line = match index % 8 {
            0 => "aws sts get-caller-identity".to_string(),
            1 => format!(
                "aws ec2 create-key-pair --key-name bench-{index} --query KeyMaterial --output text > bench-{index}.pem"
            ),
            2 => format!("chmod 400 bench-{}.pem", index - 1),
            3 => "aws ec2 describe-key-pairs --output json".to_string(),
            4 => "aws ec2 describe-security-groups --output table".to_string(),
            5 => "aws ec2 describe-instances --query 'Reservations[].Instances[].InstanceId'"
                .to_string(),
            6 => "ls -l".to_string(),
            _ => format!("echo bench {index} | grep bench"),
        };
        script.push_str(&line);
        script.push('\n');
    }
    script
}

fn per_second(count: usize, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 {
        count as f64 / secs
    } else {
        f64::INFINITY
    }
}

/// The median of `samples` (sorted in place); `None` if empty.
fn median(samples: &mut [f64]) -> Option<f64> {
    samples.sort_by(f64::total_cmp);
    let middle = samples.len() / 2;
    match samples.len() {
        0 => None,
        len if len % 2 == 1 => samples.get(middle).copied(),
        _ => Some((samples.get(middle - 1)? + samples.get(middle)?) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_samples() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn script_has_the_requested_length_and_valid_references() {
        let script = terminal_script(17);
        let lines: Vec<&str> = script.lines().collect();
        assert_eq!(lines.len(), 17);
        // Every chmod names a key file created on the line before.
        for (index, line) in lines.iter().enumerate() {
            if let Some(file) = line.strip_prefix("chmod 400 ") {
                assert!(lines[index - 1].ends_with(&format!("> {file}")), "{line}");
            }
        }
    }

    #[test]
    fn lab_rounds_have_twelve_lines_after_the_image_lookup() {
        let script = lab_rounds_script(3);
        assert_eq!(script.lines().count(), 1 + 3 * LINES_PER_ROUND);
        assert!(script.lines().nth(1).unwrap().contains("bench-0"));
        assert!(
            script
                .lines()
                .last()
                .unwrap()
                .starts_with("aws ec2 describe-key-pairs")
        );
    }

    #[test]
    fn per_second_divides_by_elapsed_time() {
        assert_eq!(per_second(100, Duration::from_secs(4)), 25.0);
    }
}
