//! `cloudlab-term`: replays terminal lines against a fresh simulated account.
//!
//! ```text
//! cloudlab-term [--jsonl | --summary] [--seed N] [--region R] [FILE]
//! ```

use std::io::{Read, Write};

use cloudlab_model::{Cloud, CloudConfig};
use cloudlab_terminal::Terminal;
use serde::Serialize;

const HELP: &str = "\
cloudlab-term: run terminal lines against a fresh simulated AWS account

usage: cloudlab-term [--jsonl | --summary] [--seed N] [--region R] [FILE]

Reads one command line per line from FILE (or standard input), runs each in
one terminal against one new account (created from --seed, default 1, in
--region, default ap-northeast-2), and prints what the terminal shows.

  (default)  a transcript: each line after its prompt, then its output
  --jsonl    one JSON object per line:
             {\"cmd\": ..., \"stdout\": ..., \"stderr\": ..., \"exit_code\": ...}
  --summary  nothing per line; at the end one JSON object:
             {\"lines\": ..., \"non_zero_exits\": ...} (what benchmarks read)

Empty lines are skipped. Lines starting with '#' are comments: the transcript
prints them as they are, --jsonl and --summary skip them.
";

#[derive(Serialize)]
struct JsonLine<'a> {
    cmd: &'a str,
    stdout: &'a str,
    stderr: &'a str,
    exit_code: i32,
}

/// What is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Transcript,
    Jsonl,
    Summary,
}

struct Options {
    output: Output,
    seed: u64,
    region: Option<String>,
    file: Option<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut opts = Options {
        output: Output::Transcript,
        seed: 1,
        region: None,
        file: None,
    };
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        match a.as_str() {
            "--jsonl" => opts.output = Output::Jsonl,
            "--summary" => opts.output = Output::Summary,
            "--seed" => {
                let v = args.get(i).ok_or("--seed needs a number")?;
                i += 1;
                opts.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--region" => {
                opts.region = Some(args.get(i).ok_or("--region needs a region")?.clone());
                i += 1;
            }
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') && other != "-" => {
                return Err(format!("unknown option: {other}"));
            }
            other => opts.file = Some(other.to_string()),
        }
    }
    Ok(opts)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_options(&args) {
        Ok(o) => o,
        Err(e) if e.is_empty() => {
            print!("{HELP}");
            return;
        }
        Err(e) => {
            eprintln!("cloudlab-term: {e}\n\n{HELP}");
            std::process::exit(2);
        }
    };
    let mut input = String::new();
    let read = match opts.file.as_deref() {
        None | Some("-") => std::io::stdin().read_to_string(&mut input).map(|_| ()),
        Some(path) => std::fs::read_to_string(path).map(|text| input = text),
    };
    if let Err(e) = read {
        eprintln!("cloudlab-term: cannot read input: {e}");
        std::process::exit(1);
    }
    let mut config = CloudConfig {
        seed: opts.seed,
        ..CloudConfig::default()
    };
    if let Some(region) = opts.region {
        config.region = region;
    }
    let mut cloud = match Cloud::new(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cloudlab-term: {}", e.message());
            std::process::exit(2);
        }
    };
    let mut term = Terminal::for_cloud(&cloud);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut lines, mut non_zero_exits) = (0u64, 0u64);
    for line in input.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.trim_start().starts_with('#') {
            if opts.output == Output::Transcript {
                let _ = writeln!(out, "{line}");
            }
            continue;
        }
        let prompt = term.prompt();
        let result = term.run(&mut cloud, line);
        lines += 1;
        if result.exit_code != 0 {
            non_zero_exits += 1;
        }
        if opts.output == Output::Summary {
            continue;
        }
        if opts.output == Output::Jsonl {
            let json = JsonLine {
                cmd: line,
                stdout: &result.stdout,
                stderr: &result.stderr,
                exit_code: result.exit_code,
            };
            match serde_json::to_string(&json) {
                Ok(s) => {
                    let _ = writeln!(out, "{s}");
                }
                Err(e) => eprintln!("cloudlab-term: {e}"),
            }
        } else {
            let _ = write!(out, "{prompt}{line}\n{}", result.shown);
        }
    }
    if opts.output == Output::Summary {
        let _ = writeln!(
            out,
            "{{\"lines\":{lines},\"non_zero_exits\":{non_zero_exits}}}"
        );
    }
}
