//! The `cloudlab-term` binary's output modes.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], script: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudlab-term"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cloudlab-term runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("script written");
    let out = child.wait_with_output().expect("cloudlab-term ends");
    String::from_utf8(out.stdout).expect("utf-8")
}

const SCRIPT: &str = "# a comment\naws sts get-caller-identity --query Account --output text\n\naws ec2 no-such-command\n";

#[test]
fn summary_counts_lines_and_failures_only() {
    assert_eq!(
        run(&["--summary"], SCRIPT),
        "{\"lines\":2,\"non_zero_exits\":1}\n"
    );
}

#[test]
fn jsonl_prints_one_object_per_line() {
    let out = run(&["--jsonl"], SCRIPT);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["exit_code"], 0);
    assert_eq!(lines[1]["exit_code"], 252);
}
