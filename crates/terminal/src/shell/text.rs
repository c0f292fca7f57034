//! Text commands that work the same on the laptop and on an instance: `echo`,
//! `grep`, `head`, `tail`, `wc`, `sort`, `true`, `false`. Files are read through
//! a callback so the same code serves both machines.

use super::CmdResult;

/// Reads a file by the path the learner typed, or gives the error text
/// (`No such file or directory`).
pub type ReadFile<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Runs a text command; `None` if `name` is not one.
pub fn run(
    name: &str,
    args: &[String],
    stdin: Option<&str>,
    read: ReadFile<'_>,
) -> Option<CmdResult> {
    Some(match name {
        "echo" => echo(args),
        "printf" => printf(args),
        "true" => CmdResult::ok(""),
        "false" => CmdResult::fail("", 1),
        "grep" => grep(args, stdin, read),
        "head" => head_tail("head", args, stdin, read),
        "tail" => head_tail("tail", args, stdin, read),
        "wc" => wc(args, stdin, read),
        "sort" => sort(args, stdin, read),
        "cut" => cut(args, stdin, read),
        _ => return None,
    })
}

fn echo(args: &[String]) -> CmdResult {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = args;
    while let Some(first) = rest.first() {
        let flag = first
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && f.chars().all(|c| "neE".contains(c)));
        match flag {
            Some(f) => {
                for c in f.chars() {
                    match c {
                        'n' => newline = false,
                        'e' => escapes = true,
                        _ => escapes = false,
                    }
                }
                rest = rest.get(1..).unwrap_or(&[]);
            }
            None => break,
        }
    }
    let mut text = rest.join(" ");
    if escapes {
        text = text
            .replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace("\\\\", "\\");
    }
    if newline {
        text.push('\n');
    }
    CmdResult::ok(text)
}

/// `printf FORMAT [ARGUMENT...]`: `%s`, `%d`, `%%` and backslash escapes; the
/// format is reused while arguments remain, as in bash.
fn printf(args: &[String]) -> CmdResult {
    let Some(format) = args.first() else {
        return CmdResult::fail(
            "bash: printf: usage: printf [-v var] format [arguments]\n",
            2,
        );
    };
    let mut rest: std::collections::VecDeque<&String> = args.iter().skip(1).collect();
    let mut out = String::new();
    let mut err = String::new();
    let mut code = 0;
    loop {
        let mut used = false;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('\\') => out.push('\\'),
                    Some(other) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => out.push('\\'),
                },
                '%' => match chars.next() {
                    Some('%') => out.push('%'),
                    Some('s') => {
                        used = true;
                        out.push_str(rest.pop_front().map_or("", String::as_str));
                    }
                    Some('d') => {
                        used = true;
                        let arg = rest.pop_front().map_or("", String::as_str);
                        match arg.trim().parse::<i64>() {
                            Ok(n) => out.push_str(&n.to_string()),
                            Err(_) if arg.is_empty() => out.push('0'),
                            Err(_) => {
                                err.push_str(&format!("bash: printf: {arg}: invalid number\n"));
                                out.push('0');
                                code = 1;
                            }
                        }
                    }
                    Some(other) => {
                        out.push('%');
                        out.push(other);
                    }
                    None => out.push('%'),
                },
                other => out.push(other),
            }
        }
        if !used || rest.is_empty() {
            break;
        }
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

/// The inputs of a filter: named files, or standard input.
fn inputs(
    cmd: &str,
    files: &[String],
    stdin: Option<&str>,
    read: ReadFile<'_>,
) -> (Vec<(String, String)>, String, i32) {
    let mut out = Vec::new();
    let mut err = String::new();
    let mut code = 0;
    if files.is_empty() {
        out.push((
            "(standard input)".to_string(),
            stdin.unwrap_or("").to_string(),
        ));
    }
    for f in files {
        if f == "-" {
            out.push((
                "(standard input)".to_string(),
                stdin.unwrap_or("").to_string(),
            ));
            continue;
        }
        match read(f) {
            Ok(text) => out.push((f.clone(), text)),
            Err(e) => {
                let msg = if cmd == "head" || cmd == "tail" {
                    format!("{cmd}: cannot open '{f}' for reading: {e}\n")
                } else {
                    format!("{cmd}: {f}: {e}\n")
                };
                err.push_str(&msg);
                code = if cmd == "grep" { 2 } else { 1 };
            }
        }
    }
    (out, err, code)
}

fn grep(args: &[String], stdin: Option<&str>, read: ReadFile<'_>) -> CmdResult {
    let mut ignore_case = false;
    let mut invert = false;
    let mut count = false;
    let mut numbers = false;
    let mut only_names = false;
    let mut quiet = false;
    let mut pattern: Option<String> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "-e" {
            pattern = args.get(i).cloned();
            i += 1;
        } else if a.starts_with('-') && a.len() > 1 && pattern.is_none()
            || (a.starts_with('-')
                && a.len() > 1
                && a.chars().skip(1).all(|c| "ivcnlqEFw".contains(c)))
        {
            for c in a.chars().skip(1) {
                match c {
                    'i' => ignore_case = true,
                    'v' => invert = true,
                    'c' => count = true,
                    'n' => numbers = true,
                    'l' => only_names = true,
                    'q' => quiet = true,
                    'E' | 'F' | 'w' => {}
                    other => {
                        return CmdResult::fail(
                            format!(
                                "grep: invalid option -- '{other}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
                            ),
                            2,
                        );
                    }
                }
            }
        } else if pattern.is_none() {
            pattern = Some(a.clone());
        } else {
            files.push(a.clone());
        }
    }
    let Some(pattern) = pattern else {
        return CmdResult::fail(
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
            2,
        );
    };
    let matcher = Pattern::new(&pattern, ignore_case);
    let (inputs, err, err_code) = inputs("grep", &files, stdin, read);
    let many = inputs.len() > 1;
    let mut out = String::new();
    let mut any = false;
    for (name, text) in &inputs {
        let mut n = 0;
        for (lineno, line) in text.lines().enumerate() {
            if matcher.is_match(line) != invert {
                n += 1;
                any = true;
                if !count && !only_names && !quiet {
                    if many {
                        out.push_str(name);
                        out.push(':');
                    }
                    if numbers {
                        out.push_str(&format!("{}:", lineno + 1));
                    }
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        if count && !quiet {
            if many {
                out.push_str(&format!("{name}:{n}\n"));
            } else {
                out.push_str(&format!("{n}\n"));
            }
        }
        if only_names && n > 0 && !quiet {
            out.push_str(name);
            out.push('\n');
        }
    }
    CmdResult {
        out,
        err,
        code: if err_code != 0 && !any {
            err_code
        } else if any {
            0
        } else {
            1
        },
        ..CmdResult::default()
    }
}

/// A small grep pattern: literal text with optional `^` and `$` anchors and `.`
/// as any character.
struct Pattern {
    text: Vec<char>,
    start: bool,
    end: bool,
    ignore_case: bool,
}

impl Pattern {
    fn new(p: &str, ignore_case: bool) -> Pattern {
        let start = p.starts_with('^');
        let body = p.strip_prefix('^').unwrap_or(p);
        let end = body.ends_with('$') && !body.ends_with("\\$");
        let body = if end {
            body.get(..body.len() - 1).unwrap_or("")
        } else {
            body
        };
        let mut text = Vec::new();
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    // Escaped: a literal character, marked by a private-use prefix.
                    text.push('\u{E000}');
                    text.push(n);
                }
            } else {
                text.push(c);
            }
        }
        Pattern {
            text,
            start,
            end,
            ignore_case,
        }
    }

    fn matches_at(&self, line: &[char], at: usize) -> Option<usize> {
        let mut i = at;
        let mut p = 0;
        while p < self.text.len() {
            let (pc, literal) = match self.text.get(p) {
                Some('\u{E000}') => {
                    p += 1;
                    (self.text.get(p).copied(), true)
                }
                other => (other.copied(), false),
            };
            let lc = line.get(i).copied()?;
            let pc = pc?;
            let ok = if pc == '.' && !literal {
                true
            } else if self.ignore_case {
                pc.to_lowercase().eq(lc.to_lowercase())
            } else {
                pc == lc
            };
            if !ok {
                return None;
            }
            i += 1;
            p += 1;
        }
        Some(i)
    }

    fn is_match(&self, line: &str) -> bool {
        let chars: Vec<char> = line.chars().collect();
        let last_start = if self.start { 0 } else { chars.len() };
        (0..=last_start).any(|at| match self.matches_at(&chars, at) {
            Some(end) => !self.end || end == chars.len(),
            None => false,
        })
    }
}

fn head_tail(cmd: &str, args: &[String], stdin: Option<&str>, read: ReadFile<'_>) -> CmdResult {
    let mut n: usize = 10;
    let mut from_start = false;
    let mut bytes = false;
    let mut files = Vec::new();
    let mut i = 0;
    let bad = |v: &str, bytes: bool| {
        let what = if bytes { "bytes" } else { "lines" };
        CmdResult::fail(format!("{cmd}: invalid number of {what}: '{v}'\n"), 1)
    };
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "-c" || (a.starts_with("-c") && a.len() > 2) {
            bytes = true;
        }
        let value = if a == "-n" || a == "-c" {
            i += 1;
            match args.get(i - 1) {
                Some(v) => Some(v.clone()),
                None => {
                    return CmdResult::fail(
                        format!(
                            "{cmd}: option requires an argument -- '{}'\nTry '{cmd} --help' for more information.\n",
                            a.trim_start_matches('-')
                        ),
                        1,
                    );
                }
            }
        } else if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix("-c")) {
            Some(v.to_string())
        } else if let Some(v) = a
            .strip_prefix('-')
            .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
        {
            Some(v.to_string())
        } else {
            files.push(a.clone());
            None
        };
        if let Some(v) = value {
            let (plus, digits) = match v.strip_prefix('+') {
                Some(d) => (true, d),
                None => (false, v.as_str()),
            };
            match digits.parse::<usize>() {
                Ok(k) => {
                    n = k;
                    from_start = plus;
                }
                Err(_) => return bad(&v, bytes),
            }
        }
    }
    let (inputs, err, code) = inputs(cmd, &files, stdin, read);
    let many = inputs.len() > 1;
    let mut out = String::new();
    for (idx, (name, text)) in inputs.iter().enumerate() {
        if many {
            if idx > 0 {
                out.push('\n');
            }
            out.push_str(&format!("==> {name} <==\n"));
        }
        if bytes {
            let b = text.as_bytes();
            let slice = if cmd == "head" {
                b.get(..n.min(b.len()))
            } else if from_start {
                b.get(n.saturating_sub(1).min(b.len())..)
            } else {
                b.get(b.len().saturating_sub(n)..)
            };
            out.push_str(&String::from_utf8_lossy(slice.unwrap_or(&[])));
            continue;
        }
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let selected: &[&str] = if cmd == "head" {
            lines.get(..n.min(lines.len())).unwrap_or(&[])
        } else if from_start {
            lines
                .get(n.saturating_sub(1).min(lines.len())..)
                .unwrap_or(&[])
        } else {
            lines.get(lines.len().saturating_sub(n)..).unwrap_or(&[])
        };
        for l in selected {
            out.push_str(l);
        }
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

fn wc(args: &[String], stdin: Option<&str>, read: ReadFile<'_>) -> CmdResult {
    let mut lines = false;
    let mut words = false;
    let mut bytes = false;
    let mut chars = false;
    let mut files = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 {
            for c in a.chars().skip(1) {
                match c {
                    'l' => lines = true,
                    'w' => words = true,
                    'c' => bytes = true,
                    'm' => chars = true,
                    other => {
                        return CmdResult::fail(
                            format!(
                                "wc: invalid option -- '{other}'\nTry 'wc --help' for more information.\n"
                            ),
                            1,
                        );
                    }
                }
            }
        } else {
            files.push(a.clone());
        }
    }
    if !(lines || words || bytes || chars) {
        lines = true;
        words = true;
        bytes = true;
    }
    let (inputs, err, code) = inputs("wc", &files, stdin, read);
    let mut rows: Vec<(Vec<usize>, Option<String>)> = Vec::new();
    let mut totals = [0usize; 4];
    for (name, text) in &inputs {
        let all = [
            text.matches('\n').count(),
            text.split_whitespace().count(),
            text.chars().count(),
            text.len(),
        ];
        let mut counts = Vec::new();
        for (i, (on, v)) in [
            (lines, all[0]),
            (words, all[1]),
            (chars, all[2]),
            (bytes, all[3]),
        ]
        .iter()
        .enumerate()
        {
            if *on {
                counts.push(*v);
                if let Some(t) = totals.get_mut(i) {
                    *t += v;
                }
            }
        }
        let label = if files.is_empty() {
            None
        } else {
            Some(name.clone())
        };
        rows.push((counts, label));
    }
    if inputs.len() > 1 {
        let mut counts = Vec::new();
        for (i, on) in [lines, words, chars, bytes].iter().enumerate() {
            if *on {
                counts.push(totals.get(i).copied().unwrap_or(0));
            }
        }
        rows.push((counts, Some("total".into())));
    }
    let single = rows.len() == 1 && rows.first().is_some_and(|r| r.0.len() == 1);
    let width = if single {
        0
    } else if files.is_empty() {
        7
    } else {
        rows.iter()
            .flat_map(|r| r.0.iter())
            .max()
            .map_or(1, |m| m.to_string().len())
    };
    let mut out = String::new();
    for (counts, label) in rows {
        let cells: Vec<String> = counts.iter().map(|c| format!("{c:>width$}")).collect();
        out.push_str(&cells.join(" "));
        if let Some(l) = label {
            out.push(' ');
            out.push_str(&l);
        }
        out.push('\n');
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

fn sort(args: &[String], stdin: Option<&str>, read: ReadFile<'_>) -> CmdResult {
    let reverse = args.iter().any(|a| a == "-r");
    let unique = args.iter().any(|a| a == "-u");
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let (inputs, err, code) = inputs("sort", &files, stdin, read);
    let mut lines: Vec<String> = inputs
        .iter()
        .flat_map(|(_, t)| t.lines().map(str::to_string))
        .collect();
    lines.sort();
    if unique {
        lines.dedup();
    }
    if reverse {
        lines.reverse();
    }
    let mut out = lines.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

/// Which fields or characters `cut` keeps: 1-based ranges, `N`, `N-M`,
/// `N-`, `-M`.
fn parse_list(spec: &str) -> Option<Vec<(usize, usize)>> {
    spec.split(',')
        .map(|part| {
            let (a, b) = match part.split_once('-') {
                Some((a, b)) => (a, b),
                None => (part, part),
            };
            let from = if a.is_empty() { 1 } else { a.parse().ok()? };
            let to = if b.is_empty() {
                usize::MAX
            } else {
                b.parse().ok()?
            };
            (from >= 1 && from <= to).then_some((from, to))
        })
        .collect()
}

/// `cut -f LIST [-d DELIM]` or `cut -c LIST`.
fn cut(args: &[String], stdin: Option<&str>, read: ReadFile<'_>) -> CmdResult {
    let mut fields: Option<String> = None;
    let mut chars: Option<String> = None;
    let mut delimiter = '\t';
    let mut files: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let mut take = |flag: &str| -> Option<String> {
            match arg.strip_prefix(flag) {
                Some("") => {
                    let v = args.get(i).cloned();
                    i += 1;
                    v
                }
                Some(rest) => Some(rest.to_string()),
                None => None,
            }
        };
        if let Some(v) = take("-f") {
            fields = Some(v);
        } else if let Some(v) = take("-c") {
            chars = Some(v);
        } else if let Some(v) = take("-d") {
            let mut it = v.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => delimiter = c,
                _ => {
                    return CmdResult::fail(
                        "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
                        1,
                    );
                }
            }
        } else {
            files.push(arg.clone());
        }
    }
    let (spec, by_field) = match (fields, chars) {
        (Some(f), None) => (f, true),
        (None, Some(c)) => (c, false),
        _ => {
            return CmdResult::fail(
                "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
                1,
            );
        }
    };
    let Some(ranges) = parse_list(&spec) else {
        return CmdResult::fail(
            format!("cut: invalid field value '{spec}'\nTry 'cut --help' for more information.\n"),
            1,
        );
    };
    let keep = |n: usize| ranges.iter().any(|(a, b)| (*a..=*b).contains(&n));
    let (inputs, err, code) = inputs("cut", &files, stdin, read);
    let mut out = String::new();
    for (_, text) in &inputs {
        for line in text.lines() {
            if by_field {
                if !line.contains(delimiter) {
                    out.push_str(line);
                } else {
                    let kept: Vec<&str> = line
                        .split(delimiter)
                        .enumerate()
                        .filter(|(i, _)| keep(i + 1))
                        .map(|(_, f)| f)
                        .collect();
                    out.push_str(&kept.join(&delimiter.to_string()));
                }
            } else {
                out.extend(
                    line.chars()
                        .enumerate()
                        .filter(|(i, _)| keep(i + 1))
                        .map(|(_, c)| c),
                );
            }
            out.push('\n');
        }
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_fields_and_chars() {
        let tsv = Some("AKIA1\tsecret1\nno-tabs\n");
        assert_eq!(run_cmd("cut", "-f1", tsv).out, "AKIA1\nno-tabs\n");
        assert_eq!(run_cmd("cut", "-f 2", tsv).out, "secret1\nno-tabs\n");
        assert_eq!(run_cmd("cut", "-d , -f2-", Some("a,b,c\n")).out, "b,c\n");
        assert_eq!(run_cmd("cut", "-c1-3", Some("abcdef\n")).out, "abc\n");
        assert_eq!(run_cmd("cut", "-f1 a.txt", None).out, "one\ntwo\nthree\n");
        assert_eq!(run_cmd("cut", "a.txt", None).code, 1);
        assert_eq!(run_cmd("cut", "-f0", tsv).code, 1);
    }

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn files(path: &str) -> Result<String, String> {
        match path {
            "a.txt" => Ok("one\ntwo\nthree\n".into()),
            _ => Err("No such file or directory".into()),
        }
    }

    fn run_cmd(cmd: &str, a: &str, stdin: Option<&str>) -> CmdResult {
        run(cmd, &args(a), stdin, &files).unwrap()
    }

    #[test]
    fn printf_formats() {
        let run_args = |a: &[&str]| {
            let a: Vec<String> = a.iter().map(|s| s.to_string()).collect();
            run("printf", &a, None, &files).unwrap()
        };
        assert_eq!(run_args(&["%s\\n", "a", "b"]).out, "a\nb\n");
        assert_eq!(run_args(&["x=%d%%\\t", "42"]).out, "x=42%\t");
        assert_eq!(run_args(&["no newline"]).out, "no newline");
        let bad = run_args(&["%d", "x"]);
        assert_eq!((bad.out.as_str(), bad.code), ("0", 1));
        assert_eq!(run_args(&[]).code, 2);
    }

    #[test]
    fn echo_flags() {
        assert_eq!(run_cmd("echo", "a b", None).out, "a b\n");
        assert_eq!(run_cmd("echo", "-n a", None).out, "a");
        assert_eq!(
            run("echo", &["-e".into(), "a\\tb".into()], None, &files)
                .unwrap()
                .out,
            "a\tb\n"
        );
        assert_eq!(run_cmd("echo", "-x", None).out, "-x\n");
    }

    #[test]
    fn grep_variants() {
        let input = "Running\nstopped\nrunning now\n";
        assert_eq!(run_cmd("grep", "running", Some(input)).out, "running now\n");
        assert_eq!(
            run_cmd("grep", "-i running", Some(input)).out,
            "Running\nrunning now\n"
        );
        assert_eq!(
            run_cmd("grep", "-v running", Some(input)).out,
            "Running\nstopped\n"
        );
        assert_eq!(run_cmd("grep", "-c -i run", Some(input)).out, "2\n");
        assert_eq!(run_cmd("grep", "^stop", Some(input)).out, "stopped\n");
        assert_eq!(run_cmd("grep", "now$", Some(input)).out, "running now\n");
        assert_eq!(run_cmd("grep", "-n t a.txt", None).out, "2:two\n3:three\n");
        let miss = run_cmd("grep", "zzz", Some(input));
        assert_eq!((miss.out.as_str(), miss.code), ("", 1));
        let nofile = run_cmd("grep", "x nope", None);
        assert_eq!(
            (nofile.err.as_str(), nofile.code),
            ("grep: nope: No such file or directory\n", 2)
        );
    }

    #[test]
    fn head_tail_wc() {
        let input = "1\n2\n3\n4\n";
        assert_eq!(run_cmd("head", "-n 2", Some(input)).out, "1\n2\n");
        assert_eq!(run_cmd("head", "-3", Some(input)).out, "1\n2\n3\n");
        assert_eq!(run_cmd("tail", "-n 1", Some(input)).out, "4\n");
        assert_eq!(run_cmd("tail", "-n +3", Some(input)).out, "3\n4\n");
        assert_eq!(run_cmd("head", "-c 3", Some("abcdef")).out, "abc");
        assert_eq!(run_cmd("tail", "-c 2", Some("abcdef")).out, "ef");
        assert_eq!(
            run_cmd("head", "-c x", Some("a")).err,
            "head: invalid number of bytes: 'x'\n"
        );
        assert_eq!(
            run_cmd("head", "-n x", Some(input)).err,
            "head: invalid number of lines: 'x'\n"
        );
        assert_eq!(run_cmd("wc", "-l", Some(input)).out, "4\n");
        assert_eq!(
            run_cmd("wc", "", Some("a b\n")).out,
            "      1       2       4\n"
        );
        assert_eq!(run_cmd("wc", "-l a.txt", None).out, "3 a.txt\n");
        assert_eq!(
            run_cmd("tail", "-n 1 nope", None).err,
            "tail: cannot open 'nope' for reading: No such file or directory\n"
        );
        assert_eq!(run_cmd("sort", "-r", Some("b\na\nc\n")).out, "c\nb\na\n");
    }
}
