//! `cargo xtask test`: every test layer, in order, stopping at the first failure.
//!
//! Layers: `setup`, `fmt`, `clippy` (native), `clippy-wasm`, `unit` (native
//! `cargo test` of every crate, the app's library included), `wasm` (the app's
//! wasm-bindgen-test suite in headless Chromium), `build`, `e2e`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bundle::{self, APP_NAME, BuildOptions};
use crate::e2e::{self, browser::CHROME_ARGS};
use crate::setup::{self, Needs, Tools, WASM_TARGET};
use crate::util::{self, Result, TempDir};

/// The layers in the order they run.
pub const LAYERS: &[&str] = &[
    "setup",
    "fmt",
    "clippy",
    "clippy-wasm",
    "unit",
    "wasm",
    "build",
    "e2e",
];

/// What to run.
#[derive(Clone, Debug, Default)]
pub struct TestOptions {
    /// Skip the end-to-end layer.
    pub skip_e2e: bool,
    /// Run only these layers (setup always runs first, quietly, if not listed).
    pub only: Vec<String>,
    /// Only the e2e scenarios whose name contains this.
    pub scenario: Option<String>,
}

/// Counts of individual tests across layers that report them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    passed: usize,
    failed: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// Runs the selected layers; prints elapsed time per layer and a closing total.
pub fn test(root: &Path, options: &TestOptions) -> Result<()> {
    for layer in &options.only {
        if !LAYERS.contains(&layer.as_str()) {
            return Err(format!("unknown layer `{layer}`; layers: {}", LAYERS.join(", ")).into());
        }
    }
    let selected: Vec<&str> = LAYERS
        .iter()
        .copied()
        .filter(|layer| options.only.is_empty() || options.only.iter().any(|only| only == layer))
        .filter(|layer| !(options.skip_e2e && *layer == "e2e"))
        .collect();

    let started = Instant::now();
    let mut timings: Vec<(&str, Duration)> = Vec::new();
    let mut counts = Counts::default();
    // Every layer needs to know the tools; `setup` installs them, others only look.
    let mut tools = None;
    for layer in selected {
        println!("\n==> xtask test: {layer}");
        util::flush_stdout();
        let layer_started = Instant::now();
        let outcome = run_layer(root, layer, options, &mut tools);
        let elapsed = layer_started.elapsed();
        timings.push((layer, elapsed));
        match outcome {
            Ok(layer_counts) => {
                counts.add(layer_counts);
                println!("==> {layer}: ok ({})", util::human_duration(elapsed));
            }
            Err(err) => {
                print_timings(&timings, started.elapsed());
                println!("\nxtask test: FAILED at layer `{layer}`: {err}");
                println!("rerun just that layer with: cargo xtask test --only {layer}");
                return Err(format!("layer `{layer}` failed").into());
            }
        }
    }
    print_timings(&timings, started.elapsed());
    println!("\nxtask test: every layer passed");
    // The closing line CI reads: individual tests across all layers.
    println!("tests: {} passed, {} failed", counts.passed, counts.failed);
    Ok(())
}

fn print_timings(timings: &[(&str, Duration)], total: Duration) {
    println!("\nxtask test timings:");
    for (layer, elapsed) in timings {
        println!("  {layer:<12} {:>8}", util::human_duration(*elapsed));
    }
    println!("  {:<12} {:>8}", "total", util::human_duration(total));
}

fn tools<'a>(root: &Path, tools: &'a mut Option<Tools>) -> Result<&'a Tools> {
    if tools.is_none() {
        *tools = Some(setup::ensure(root, Needs::ALL)?);
    }
    tools
        .as_ref()
        .ok_or_else(|| "setup produced no tools".into())
}

fn run_layer(
    root: &Path,
    layer: &str,
    options: &TestOptions,
    cached: &mut Option<Tools>,
) -> Result<Counts> {
    let none = Counts::default();
    match layer {
        "setup" => {
            tools(root, cached)?;
            Ok(none)
        }
        "fmt" => {
            util::run(
                util::cargo()
                    .current_dir(root)
                    .args(["fmt", "--all", "--", "--check"]),
            )?;
            Ok(none)
        }
        "clippy" => {
            util::run(util::cargo().current_dir(root).args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))?;
            Ok(none)
        }
        "clippy-wasm" => {
            util::run(util::cargo().current_dir(root).args([
                "clippy",
                "-p",
                APP_NAME,
                "--target",
                WASM_TARGET,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))?;
            Ok(none)
        }
        "unit" => {
            let mut counts = run_counting(util::cargo().current_dir(root).args([
                "test",
                "--workspace",
                "--exclude",
                APP_NAME,
            ]))?;
            // The app's own logic tests (router, console helpers) run natively too.
            counts.add(run_counting(
                util::cargo()
                    .current_dir(root)
                    .args(["test", "-p", APP_NAME, "--lib"]),
            )?);
            Ok(counts)
        }
        "wasm" => {
            let tools = tools(root, cached)?;
            wasm_tests(root, tools)
        }
        "build" => {
            bundle::build(root, BuildOptions::default())?;
            Ok(none)
        }
        "e2e" => {
            let tools = tools(root, cached)?;
            let dist = bundle::dist_dir(root);
            if !dist.join("index.html").is_file() {
                return Err("dist/ is not built: run the `build` layer first".into());
            }
            let summary = e2e::run(root, &dist, tools, options.scenario.as_deref())?;
            let counts = Counts {
                passed: summary.passed,
                failed: summary.failed,
            };
            if summary.failed > 0 {
                return Err(format!("{} e2e scenario(s) failed", summary.failed).into());
            }
            Ok(counts)
        }
        other => Err(format!("unknown layer `{other}`").into()),
    }
}

/// The app's wasm-bindgen tests in headless Chromium. webdriver.json is written
/// fresh per run so each run gets its own Chromium profile.
fn wasm_tests(root: &Path, tools: &Tools) -> Result<Counts> {
    let scratch = TempDir::new("cloudlab-wasm-test")?;
    let profile = scratch.path().join("profile");
    let webdriver_json = scratch.path().join("webdriver.json");
    util::write(
        &webdriver_json,
        serde_json::to_string_pretty(&webdriver_capabilities(Some(&profile)))?,
    )?;
    let mut cmd = util::cargo();
    cmd.current_dir(root)
        .args(["test", "-p", APP_NAME, "--target", WASM_TARGET])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            tools.wasm_bindgen_test_runner()?,
        )
        .env("CHROMEDRIVER", tools.chromedriver()?)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json);
    run_counting(&mut cmd)
}

/// The capabilities wasm-bindgen-test-runner passes to chromedriver. With a
/// `profile`, Chromium uses that (fresh) folder; without one chromedriver makes a
/// temporary profile itself.
pub fn webdriver_capabilities(profile: Option<&Path>) -> serde_json::Value {
    let mut args: Vec<String> = CHROME_ARGS.iter().map(|arg| arg.to_string()).collect();
    if let Some(profile) = profile {
        args.push(format!("--user-data-dir={}", profile.display()));
    }
    serde_json::json!({ "goog:chromeOptions": { "args": args } })
}

/// Runs a test command, echoing its stdout while adding up libtest's
/// `test result:` lines.
fn run_counting(cmd: &mut Command) -> Result<Counts> {
    let line = util::command_line(cmd);
    println!("$ {line}");
    util::flush_stdout();
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|err| format!("could not start `{line}`: {err}"))?;
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for text in BufReader::new(stdout).lines() {
            let text = text?;
            println!("{text}");
            if let Some(result) = parse_test_result(&text) {
                counts.add(result);
            }
        }
    }
    let status = child.wait()?;
    if status.success() {
        Ok(counts)
    } else {
        Err(format!("`{line}` failed ({status})").into())
    }
}

/// Reads `test result: ok. 12 passed; 0 failed; 1 ignored; ...`.
fn parse_test_result(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let mut counts = Counts::default();
    for part in rest.split([';', '.']) {
        let mut words = part.split_whitespace();
        if let (Some(number), Some(label)) = (words.next(), words.next()) {
            match (number.parse::<usize>(), label) {
                (Ok(n), "passed") => counts.passed = n,
                (Ok(n), "failed") => counts.failed = n,
                _ => {}
            }
        }
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_result_lines() {
        assert_eq!(
            parse_test_result(
                "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some(Counts {
                passed: 12,
                failed: 0
            })
        );
        assert_eq!(
            parse_test_result("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some(Counts {
                passed: 3,
                failed: 2
            })
        );
        assert_eq!(parse_test_result("running 3 tests"), None);
    }

    #[test]
    fn unknown_layers_are_refused_before_anything_runs() {
        let options = TestOptions {
            only: vec!["nope".into()],
            ..TestOptions::default()
        };
        let err = test(Path::new("/nonexistent"), &options).unwrap_err();
        assert!(err.to_string().contains("unknown layer `nope`"), "{err}");
    }

    #[test]
    fn capabilities_carry_the_chrome_args_and_profile() {
        let caps = webdriver_capabilities(Some(Path::new("/tmp/p")));
        let args = caps["goog:chromeOptions"]["args"].as_array().unwrap();
        assert!(args.iter().any(|a| a == "--headless=new"));
        assert!(args.iter().any(|a| a == "--user-data-dir=/tmp/p"));
        let without = webdriver_capabilities(None);
        let args = without["goog:chromeOptions"]["args"].as_array().unwrap();
        assert!(
            !args
                .iter()
                .any(|a| a.as_str().unwrap().starts_with("--user-data-dir"))
        );
    }

    #[test]
    fn the_committed_webdriver_json_matches_the_chrome_args() {
        let committed = std::fs::read_to_string(util::repo_root().join("webdriver.json")).unwrap();
        let committed: serde_json::Value = serde_json::from_str(&committed).unwrap();
        assert_eq!(committed, webdriver_capabilities(None));
    }
}
