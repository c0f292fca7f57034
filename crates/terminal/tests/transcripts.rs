//! Data-driven terminal transcripts: every `tests/transcripts/*.txt` file is a
//! session against a fresh account (seed 1 unless a `%seed N` line says
//! otherwise).
//!
//! Format: a line `$ command` runs the command; the lines after it, up to the
//! next `$ ` line, are what the terminal must show (stdout and stderr in order).
//! A final `[exit N]` line gives a non-zero exit status; `[no newline]` marks
//! output that does not end with a newline. Comments are shell comments:
//! `$ # like this`. A line `> text` answers a question a command is waiting
//! on (`aws configure`, ssh's host key question); the question itself is
//! checked with `? question` right after the output of the command that
//! asked it.
//!
//! `UPDATE_EXPECT=1 cargo test -p cloudlab-terminal --test transcripts` rewrites
//! the expectations from the actual output (review the diff before committing).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cloudlab_model::{Cloud, CloudConfig};
use cloudlab_terminal::Terminal;

struct Step {
    /// `$` for a command line, `>` for an answer to a prompt.
    marker: char,
    /// The prompt expected before this line runs (`? ...`), if given.
    prompt: Option<String>,
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
    // A step's output ends at the next step or at a `? question` line,
    // whichever comes first: it is recorded once.
    let mut open = false;
    let flush = |steps: &mut Vec<Step>,
                 lines: &mut Vec<&str>,
                 no_newline: &mut bool,
                 exit_code: &mut i32,
                 open: &mut bool| {
        if let Some(step) = steps.last_mut().filter(|_| *open) {
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
        *open = false;
    };
    let mut prompt: Option<String> = None;
    for line in text.lines() {
        let step = line
            .strip_prefix("$ ")
            .map(|c| ('$', c))
            .or_else(|| line.strip_prefix("> ").map(|c| ('>', c)))
            .or_else(|| (line == ">").then_some(('>', "")));
        if let Some((marker, cmd)) = step {
            flush(
                &mut steps,
                &mut lines,
                &mut no_newline,
                &mut exit_code,
                &mut open,
            );
            open = true;
            steps.push(Step {
                marker,
                prompt: prompt.take(),
                command: cmd.to_string(),
                expected: String::new(),
                exit_code: 0,
            });
        } else if let Some(question) = line.strip_prefix("? ") {
            flush(
                &mut steps,
                &mut lines,
                &mut no_newline,
                &mut exit_code,
                &mut open,
            );
            prompt = Some(question.to_string());
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
    flush(
        &mut steps,
        &mut lines,
        &mut no_newline,
        &mut exit_code,
        &mut open,
    );
    Script { directives, steps }
}

/// What a step showed: the question asked before it (when the terminal was
/// waiting for an answer), its output and its status.
type Actual = (Option<String>, String, i32);

fn render(script: &Script, actual: &[Actual]) -> String {
    let mut out = String::new();
    for d in &script.directives {
        let _ = writeln!(out, "{d}");
    }
    for (step, (prompt, shown, code)) in script.steps.iter().zip(actual) {
        if let Some(p) = prompt {
            let _ = writeln!(out, "? {p}");
        }
        if step.command.is_empty() {
            let _ = writeln!(out, "{}", step.marker);
        } else {
            let _ = writeln!(out, "{} {}", step.marker, step.command);
        }
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
    cloudlab_python::install();
    let mut cloud = Cloud::new(config).map_err(|e| e.message())?;
    let mut term = Terminal::for_cloud(&cloud);
    let mut actual: Vec<Actual> = Vec::new();
    let mut failures = String::new();
    for step in &script.steps {
        let waiting = term.pending.is_some();
        let question = waiting.then(|| term.prompt());
        if step.marker == '>' && !waiting {
            let _ = write!(
                failures,
                "\n--- {} ---\n> {}\nthe terminal was not waiting for an answer\n",
                path.display(),
                step.command
            );
        }
        if question.is_some() && question != step.prompt {
            let _ = write!(
                failures,
                "\n--- {} ---\nexpected the question {:?}, the terminal asked {:?}\n",
                path.display(),
                step.prompt,
                question
            );
        }
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
        actual.push((question, out.shown, out.exit_code));
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
    let text = "%seed 3\n$ echo -n hi\nhi\n[no newline]\n$ false\n[exit 1]\n$ echo a\na\n$ aws configure\n? AWS Access Key ID [None]: \n> AKIA1\n? AWS Secret Access Key [None]: \n>\n$ ssh host\nThe authenticity of host\n? Are you sure? \n> no\nHost key verification failed.\n[exit 255]\n";
    let script = parse(text);
    assert_eq!(script.steps.len(), 8);
    assert_eq!(script.steps[6].expected, "The authenticity of host\n");
    assert_eq!(script.steps[7].expected, "Host key verification failed.\n");
    assert_eq!(script.steps[0].expected, "hi");
    assert_eq!(script.steps[1].exit_code, 1);
    assert_eq!(script.steps[4].marker, '>');
    assert_eq!(
        script.steps[4].prompt.as_deref(),
        Some("AWS Access Key ID [None]: ")
    );
    assert_eq!(script.steps[5].command, "");
    let actual: Vec<Actual> = script
        .steps
        .iter()
        .map(|s| (s.prompt.clone(), s.expected.clone(), s.exit_code))
        .collect();
    assert_eq!(render(&script, &actual), text);
}
