//! Data-driven terminal transcripts: every `tests/transcripts/*.txt` file is a
//! session against a fresh account (seed 1 unless a `%seed N` line says
//! otherwise).
//!
//! Format: a line `$ command` runs the command; the lines after it, up to the
//! next `$ ` line, are what the terminal must show (stdout and stderr in order).
//! A final `[exit N]` line gives a non-zero exit status; `[no newline]` marks
//! output that does not end with a newline. Comments are shell comments:
//! `$ # like this`.
//!
//! `UPDATE_EXPECT=1 cargo test -p cloudlab-terminal --test transcripts` rewrites
//! the expectations from the actual output (review the diff before committing).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cloudlab_model::{Cloud, CloudConfig};
use cloudlab_terminal::Terminal;

struct Step {
    command: String,
    expected: String,
    exit_code: i32,
}

struct Script {
    directives: Vec<String>,
    steps: Vec<Step>,
}

fn parse(text: &str) -> Script {
    let mut directives = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut no_newline = false;
    let mut exit_code = 0;
    let flush = |steps: &mut Vec<Step>,
                 lines: &mut Vec<&str>,
                 no_newline: &mut bool,
                 exit_code: &mut i32| {
        if let Some(step) = steps.last_mut() {
            let mut expected = lines.join("\n");
            if !lines.is_empty() && !*no_newline {
                expected.push('\n');
            }
            step.expected = expected;
            step.exit_code = *exit_code;
        }
        lines.clear();
        *no_newline = false;
        *exit_code = 0;
    };
    for line in text.lines() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            flush(&mut steps, &mut lines, &mut no_newline, &mut exit_code);
            steps.push(Step {
                command: cmd.to_string(),
                expected: String::new(),
                exit_code: 0,
            });
        } else if steps.is_empty() {
            if line.starts_with('%') {
                directives.push(line.to_string());
            }
        } else if line == "[no newline]" {
            no_newline = true;
        } else if let Some(code) = line
            .strip_prefix("[exit ")
            .and_then(|r| r.strip_suffix(']'))
        {
            exit_code = code.parse().unwrap_or(-1);
        } else {
            lines.push(line);
        }
    }
    flush(&mut steps, &mut lines, &mut no_newline, &mut exit_code);
    Script { directives, steps }
}

fn render(script: &Script, actual: &[(String, i32)]) -> String {
    let mut out = String::new();
    for d in &script.directives {
        let _ = writeln!(out, "{d}");
    }
    for (step, (shown, code)) in script.steps.iter().zip(actual) {
        let _ = writeln!(out, "$ {}", step.command);
        out.push_str(shown);
        if !shown.is_empty() && !shown.ends_with('\n') {
            out.push_str("\n[no newline]\n");
        }
        if *code != 0 {
            let _ = writeln!(out, "[exit {code}]");
        }
    }
    out
}

fn run_file(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let script = parse(&text);
    let mut config = CloudConfig::default();
    for d in &script.directives {
        if let Some(seed) = d.strip_prefix("%seed ") {
            config.seed = seed
                .trim()
                .parse()
                .map_err(|_| format!("bad seed in {d}"))?;
        }
        if let Some(region) = d.strip_prefix("%region ") {
            config.region = region.trim().to_string();
        }
    }
    let mut cloud = Cloud::new(config).map_err(|e| e.message())?;
    let mut term = Terminal::new();
    let mut actual = Vec::new();
    let mut failures = String::new();
    for step in &script.steps {
        let out = term.run(&mut cloud, &step.command);
        if out.shown != step.expected || out.exit_code != step.exit_code {
            let _ = write!(
                failures,
                "\n--- {} ---\n$ {}\nexpected (exit {}):\n{}\nactual (exit {}):\n{}\n",
                path.display(),
                step.command,
                step.exit_code,
                step.expected,
                out.exit_code,
                out.shown
            );
        }
        actual.push((out.shown, out.exit_code));
    }
    if std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1") {
        std::fs::write(path, render(&script, &actual)).map_err(|e| e.to_string())?;
        return Ok(());
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

fn transcript_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn transcripts() {
    let files = transcript_files();
    assert!(!files.is_empty(), "no transcripts found");
    let mut failures = String::new();
    for file in &files {
        if let Err(e) = run_file(file) {
            failures.push_str(&e);
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn format_round_trips() {
    let text = "%seed 3\n$ echo -n hi\nhi\n[no newline]\n$ false\n[exit 1]\n$ echo a\na\n";
    let script = parse(text);
    assert_eq!(script.steps.len(), 3);
    assert_eq!(script.steps[0].expected, "hi");
    assert_eq!(script.steps[1].exit_code, 1);
    let actual: Vec<(String, i32)> = script
        .steps
        .iter()
        .map(|s| (s.expected.clone(), s.exit_code))
        .collect();
    assert_eq!(render(&script, &actual), text);
}
