//! The shell: runs parsed command lines with expansions, pipes and redirections,
//! and dispatches each command to a builtin, `aws`, `ssh`, `curl` or, inside ssh,
//! to the instance.

pub mod builtins;
pub mod parse;
pub mod text;

use cloudlab_model::Cloud;

use crate::vfs::{self, VfsError};
use crate::{CommandOutput, Session, Terminal};
use parse::{Connector, Part, Redirect, SimpleCommand, Word};

/// How deep `$(…)` may nest.
const MAX_DEPTH: usize = 8;

/// What one command produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CmdResult {
    /// Standard output.
    pub out: String,
    /// Standard error.
    pub err: String,
    /// Exit status.
    pub code: i32,
    /// Whether the command asked to clear the screen.
    pub clear: bool,
    /// Whether its errors come after its output on the screen (apt prints
    /// what it read before `E: Unable to locate package`); by default a
    /// command's errors and notices come first.
    pub err_last: bool,
}

impl CmdResult {
    /// Success with this output.
    pub fn ok(out: impl Into<String>) -> CmdResult {
        CmdResult {
            out: out.into(),
            ..CmdResult::default()
        }
    }

    /// Failure with this error text and status.
    pub fn fail(err: impl Into<String>, code: i32) -> CmdResult {
        CmdResult {
            err: err.into(),
            code,
            ..CmdResult::default()
        }
    }

    /// The same result, after what the command printed before it failed.
    pub fn with_out(mut self, out: String) -> CmdResult {
        self.out = out + &self.out;
        self.err_last = true;
        self
    }
}

/// Output of a whole line, kept in display order.
#[derive(Default)]
struct Io {
    out: CommandOutput,
}

impl Io {
    fn stdout(&mut self, s: &str) {
        self.out.stdout.push_str(s);
        self.out.shown.push_str(s);
    }

    fn stderr(&mut self, s: &str) {
        self.out.stderr.push_str(s);
        self.out.shown.push_str(s);
    }
}

/// The prefix bash puts before its own errors: `bash` on the laptop, `-bash` in a
/// login shell on an instance.
pub fn bash_name(term: &Terminal) -> &'static str {
    match term.session {
        Session::Local => "bash",
        Session::Remote(_) => "-bash",
    }
}

/// Runs one command line (without recording history).
pub fn run_line(term: &mut Terminal, cloud: &mut Cloud, line: &str) -> CommandOutput {
    let mut io = Io::default();
    if let Some(notice) = crate::remote::check_connection(term, cloud) {
        io.stderr(&notice);
        term.last_status = 255;
        io.out.exit_code = 255;
        return io.out;
    }
    let code = run_nested(term, cloud, line, 0, &mut io);
    term.last_status = code;
    io.out.exit_code = code;
    io.out
}

/// Runs a line inside another command (`ssh host cmd`, `sudo sh -c '...'`) and
/// returns what it printed.
pub fn run_sub(term: &mut Terminal, cloud: &mut Cloud, line: &str) -> CmdResult {
    let mut io = Io::default();
    let code = run_nested(term, cloud, line, 1, &mut io);
    let out = io.out;
    let err_last = !out.stdout.is_empty()
        && !out.stderr.is_empty()
        && out.shown == format!("{}{}", out.stdout, out.stderr);
    CmdResult {
        out: out.stdout,
        err: out.stderr,
        code,
        clear: out.clear_screen,
        err_last,
    }
}

fn run_nested(
    term: &mut Terminal,
    cloud: &mut Cloud,
    line: &str,
    depth: usize,
    io: &mut Io,
) -> i32 {
    let parsed = match parse::parse(line) {
        Ok(p) => p,
        Err(e) => {
            io.stderr(&format!("{e}\n"));
            return 2;
        }
    };
    // Only a command that is the whole line typed may stop for an answer.
    let alone = depth == 0
        && parsed.items.len() == 1
        && parsed.items.first().is_some_and(|(_, p)| {
            p.commands.len() == 1 && p.commands.iter().all(|c| c.redirects.is_empty())
        });
    let could_ask = std::mem::replace(&mut term.can_ask, alone);
    let mut status = term.last_status;
    for (connector, pipeline) in &parsed.items {
        let run = match connector {
            Connector::Always => true,
            Connector::IfSuccess => status == 0,
            Connector::IfFailure => status != 0,
        };
        if !run {
            continue;
        }
        status = run_pipeline(term, cloud, &pipeline.commands, depth, io);
        term.last_status = status;
    }
    term.can_ask = could_ask;
    status
}

fn run_pipeline(
    term: &mut Terminal,
    cloud: &mut Cloud,
    commands: &[SimpleCommand],
    depth: usize,
    io: &mut Io,
) -> i32 {
    let mut input: Option<String> = None;
    let mut status = 0;
    let count = commands.len();
    for (index, command) in commands.iter().enumerate() {
        let last = index + 1 == count;
        let result = run_simple(term, cloud, command, input.take(), depth, io);
        status = result.code;
        if result.clear {
            io.out.clear_screen = true;
            io.out.stdout.clear();
            io.out.stderr.clear();
            io.out.shown.clear();
        }
        // Errors a command's redirections raised before it ran, or its own
        // that belong after its output.
        if last && result.err_last {
            io.stdout(&result.out);
            io.stderr(&result.err);
        } else if last {
            io.stderr(&result.err);
            io.stdout(&result.out);
        } else {
            io.stderr(&result.err);
            input = Some(result.out);
        }
    }
    status
}

/// Where a command's output streams go.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Sink {
    Terminal,
    File(String),
    Null,
}

fn run_simple(
    term: &mut Terminal,
    cloud: &mut Cloud,
    command: &SimpleCommand,
    stdin: Option<String>,
    depth: usize,
    io: &mut Io,
) -> CmdResult {
    // Expand words.
    let mut argv: Vec<String> = Vec::new();
    for word in &command.words {
        match expand_word(term, cloud, word, depth, io) {
            Ok(fields) => argv.extend(fields),
            Err(e) => return CmdResult::fail(e, 1),
        }
    }
    let mut assignments = Vec::new();
    for (name, value) in &command.assignments {
        match expand_word(term, cloud, value, depth, io) {
            Ok(fields) => assignments.push((name.clone(), fields.join(" "))),
            Err(e) => return CmdResult::fail(e, 1),
        }
    }
    if argv.is_empty() {
        for (name, value) in &assignments {
            term.vars.insert(name.clone(), value.clone());
        }
    }
    // Open redirections first, as bash does: a target that cannot be written stops
    // the command from running at all.
    let mut stdin = stdin.or_else(|| term.heredoc_stdin.take());
    let mut out_sink = Sink::Terminal;
    let mut err_sink = Sink::Terminal;
    for redirect in &command.redirects {
        match redirect {
            Redirect::Out { fd, append, target } => {
                let path = match expand_word(term, cloud, target, depth, io) {
                    Ok(fields) if fields.len() == 1 => {
                        fields.into_iter().next().unwrap_or_default()
                    }
                    Ok(_) => {
                        return CmdResult::fail(
                            format!(
                                "{}: {}: ambiguous redirect\n",
                                bash_name(term),
                                target.display()
                            ),
                            1,
                        );
                    }
                    Err(e) => return CmdResult::fail(e, 1),
                };
                let sink = if path == "/dev/null" {
                    Sink::Null
                } else {
                    if let Err(e) = open_for_write(term, cloud, &path, *append) {
                        return CmdResult::fail(format!("{}: {path}: {e}\n", bash_name(term)), 1);
                    }
                    Sink::File(path)
                };
                match fd {
                    2 => err_sink = sink,
                    3 => {
                        out_sink = sink.clone();
                        err_sink = sink;
                    }
                    _ => out_sink = sink,
                }
            }
            Redirect::ErrToOut => err_sink = out_sink.clone(),
            Redirect::In { source } => {
                let path = match expand_word(term, cloud, source, depth, io) {
                    Ok(fields) => fields.join(" "),
                    Err(e) => return CmdResult::fail(e, 1),
                };
                match read_file(term, cloud, &path) {
                    Ok(text) => stdin = Some(text),
                    Err(e) => {
                        return CmdResult::fail(format!("{}: {path}: {e}\n", bash_name(term)), 1);
                    }
                }
            }
        }
    }
    let mut result = if argv.is_empty() {
        CmdResult::default()
    } else if assignments.is_empty() {
        dispatch(term, cloud, &argv, stdin.as_deref(), depth)
    } else {
        // `NAME=value command`: the variables are exported to that command only.
        let saved: Vec<(String, Option<String>, bool)> = assignments
            .iter()
            .map(|(k, _)| {
                (
                    k.clone(),
                    term.vars.get(k).cloned(),
                    term.exported.contains(k),
                )
            })
            .collect();
        for (k, v) in &assignments {
            term.vars.insert(k.clone(), v.clone());
            term.exported.insert(k.clone());
        }
        let result = dispatch(term, cloud, &argv, stdin.as_deref(), depth);
        for (k, old, was_exported) in saved {
            match old {
                Some(v) => term.vars.insert(k.clone(), v),
                None => term.vars.remove(&k),
            };
            if !was_exported {
                term.exported.remove(&k);
            }
        }
        result
    };
    // `2>&1` into a pipe or the terminal: stderr joins stdout.
    let err_text = std::mem::take(&mut result.err);
    let out_text = std::mem::take(&mut result.out);
    let mut to_terminal_out = String::new();
    let write_sink =
        |term: &mut Terminal, cloud: &mut Cloud, sink: &Sink, text: &str, io: &mut Io| match sink {
            Sink::Terminal | Sink::Null => {}
            Sink::File(path) => {
                if let Err(e) = append_file(term, cloud, path, text) {
                    io.stderr(&format!("{}: {path}: {e}\n", bash_name(term)));
                }
            }
        };
    // `exit` prints `logout` before ssh's closing line.
    let out_first = matches!(argv.first().map(String::as_str), Some("exit" | "logout"));
    if out_first && out_sink == Sink::Terminal && err_sink == Sink::Terminal {
        io.stdout(&out_text);
        io.stderr(&err_text);
        result.out = String::new();
        return result;
    }
    // Errors shown after the output wait in `result.err` for the pipeline.
    let mut err_after = String::new();
    let joined = command.redirects.contains(&Redirect::ErrToOut);
    match &err_sink {
        Sink::Terminal if joined && result.err_last => err_after = err_text,
        Sink::Terminal if joined => to_terminal_out.push_str(&err_text),
        Sink::Terminal if result.err_last && out_sink == Sink::Terminal => err_after = err_text,
        Sink::Terminal => io.stderr(&err_text),
        sink => write_sink(term, cloud, sink, &err_text, io),
    }
    match &out_sink {
        Sink::Terminal => to_terminal_out.push_str(&out_text),
        sink => write_sink(term, cloud, sink, &out_text, io),
    }
    if joined {
        to_terminal_out.push_str(&std::mem::take(&mut err_after));
    }
    result.out = to_terminal_out;
    result.err = err_after;
    result
}

fn open_for_write(
    term: &mut Terminal,
    cloud: &mut Cloud,
    path: &str,
    append: bool,
) -> Result<(), String> {
    match &term.session {
        Session::Local => {
            let full = vfs::normalize(&term.cwd, path);
            let now = cloud.now().unix_seconds();
            term.vfs
                .write(&full, "", append, now)
                .map_err(|e| e.to_string())
        }
        Session::Remote(_) => crate::remote::write_file(term, cloud, path, "", append, false),
    }
}

fn append_file(
    term: &mut Terminal,
    cloud: &mut Cloud,
    path: &str,
    text: &str,
) -> Result<(), String> {
    match &term.session {
        Session::Local => {
            let full = vfs::normalize(&term.cwd, path);
            let now = cloud.now().unix_seconds();
            term.vfs
                .write(&full, text, true, now)
                .map_err(|e| e.to_string())
        }
        Session::Remote(_) => crate::remote::write_file(term, cloud, path, text, true, false),
    }
}

fn read_file(term: &Terminal, cloud: &Cloud, path: &str) -> Result<String, String> {
    match &term.session {
        Session::Local => {
            let full = vfs::normalize(&term.cwd, path);
            term.vfs
                .read(&full)
                .map(str::to_string)
                .map_err(|e: VfsError| e.to_string())
        }
        Session::Remote(_) => crate::remote::read_file(term, cloud, path, false),
    }
}

/// The value of `$name`.
pub(crate) fn variable(term: &Terminal, name: &str) -> String {
    let (user, home, cwd) = match &term.session {
        Session::Local => (
            vfs::USER.to_string(),
            vfs::HOME.to_string(),
            term.cwd.clone(),
        ),
        Session::Remote(r) => (
            r.user.clone(),
            crate::remote::home_of(&r.user),
            r.cwd.clone(),
        ),
    };
    match name {
        "?" => term.last_status.to_string(),
        "HOME" => home,
        "USER" | "LOGNAME" => user,
        "PWD" => cwd,
        "OLDPWD" => term.oldpwd.clone(),
        "SHELL" => "/bin/bash".into(),
        "HOSTNAME" => match &term.session {
            Session::Local => "laptop".into(),
            Session::Remote(r) => r.hostname.clone(),
        },
        "PATH" => "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
        other => term.vars.get(other).cloned().unwrap_or_default(),
    }
}

/// Expands one word into fields: variables, `$(…)`, `~`, field splitting of
/// unquoted expansions, and globs against the current directory.
fn expand_word(
    term: &mut Terminal,
    cloud: &mut Cloud,
    word: &Word,
    depth: usize,
    io: &mut Io,
) -> Result<Vec<String>, String> {
    let mut fields: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut has_content = false;
    let mut glob = false;
    for (i, part) in word.parts.iter().enumerate() {
        match part {
            Part::Lit { text, quoted } => {
                let mut text = text.clone();
                if i == 0 && !quoted {
                    let home = match &term.session {
                        Session::Local => vfs::HOME.to_string(),
                        Session::Remote(r) => crate::remote::home_of(&r.user),
                    };
                    if text == "~" {
                        text = home;
                    } else if let Some(rest) = text.strip_prefix("~/") {
                        text = format!("{home}/{rest}");
                    }
                }
                if !quoted && (text.contains('*') || text.contains('?')) {
                    glob = true;
                }
                current.push_str(&text);
                has_content = has_content || *quoted || !text.is_empty();
            }
            Part::Var { name, quoted } | Part::Subst { line: name, quoted } => {
                let value = if let Part::Var { .. } = part {
                    variable(term, name)
                } else {
                    if depth >= MAX_DEPTH {
                        return Err(format!(
                            "{}: maximum nesting of command substitution exceeded\n",
                            bash_name(term)
                        ));
                    }
                    let mut inner = Io::default();
                    let code = run_nested(term, cloud, name, depth + 1, &mut inner);
                    term.last_status = code;
                    io.stderr(&inner.out.stderr);
                    inner.out.stdout.trim_end_matches('\n').to_string()
                };
                if *quoted {
                    current.push_str(&value);
                    has_content = true;
                } else {
                    let starts_ws = value.starts_with(char::is_whitespace);
                    let ends_ws = value.ends_with(char::is_whitespace);
                    let pieces: Vec<&str> = value.split_whitespace().collect();
                    if starts_ws && has_content {
                        fields.push(std::mem::take(&mut current));
                        has_content = false;
                    }
                    let n = pieces.len();
                    for (j, piece) in pieces.into_iter().enumerate() {
                        current.push_str(piece);
                        has_content = true;
                        if j + 1 < n {
                            fields.push(std::mem::take(&mut current));
                        }
                    }
                    if ends_ws && n > 0 {
                        fields.push(std::mem::take(&mut current));
                        has_content = false;
                    }
                }
            }
        }
    }
    if has_content {
        fields.push(current);
    }
    if glob && matches!(term.session, Session::Local) {
        let mut expanded = Vec::new();
        for field in fields {
            let matches = glob_local(term, &field);
            if matches.is_empty() {
                expanded.push(field);
            } else {
                expanded.extend(matches);
            }
        }
        return Ok(expanded);
    }
    Ok(fields)
}

/// Whether `name` matches a glob pattern with `*` and `?`.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some('?') => {
                pi += 1;
                ni += 1;
            }
            Some(c) if Some(c) == n.get(ni) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    while p.get(pi) == Some(&'*') {
        pi += 1;
    }
    pi == p.len()
}

fn glob_local(term: &Terminal, pattern: &str) -> Vec<String> {
    let (dir_part, name_pattern) = match pattern.rfind('/') {
        Some(i) => (
            pattern.get(..=i).unwrap_or(""),
            pattern.get(i + 1..).unwrap_or(""),
        ),
        None => ("", pattern),
    };
    if dir_part.contains('*') || dir_part.contains('?') {
        return Vec::new();
    }
    let dir = vfs::normalize(&term.cwd, if dir_part.is_empty() { "." } else { dir_part });
    let Ok(names) = term.vfs.list(&dir) else {
        return Vec::new();
    };
    names
        .into_iter()
        .filter(|n| !n.starts_with('.') || name_pattern.starts_with('.'))
        .filter(|n| glob_match(name_pattern, n))
        .map(|n| format!("{dir_part}{n}"))
        .collect()
}

/// `from CITY COMMAND...`: the lab's way to be a viewer elsewhere. The command
/// runs as on a machine in that city, so `curl` reaches the CloudFront edge
/// location there.
fn from_city(
    term: &mut Terminal,
    cloud: &mut Cloud,
    args: &[String],
    stdin: Option<&str>,
    depth: usize,
) -> CmdResult {
    let cities: Vec<&str> = cloudlab_model::cloudfront::EDGE_LOCATIONS
        .iter()
        .map(|l| l.city)
        .collect();
    let usage = format!(
        "usage: from CITY COMMAND...\nRuns COMMAND as a viewer in CITY: {}.\n",
        cities.join(", ")
    );
    let (Some(city), Some(_)) = (args.first(), args.get(1)) else {
        return CmdResult::fail(usage, 2);
    };
    let Some(edge) = cloudlab_model::cloudfront::edge::edge_location(city) else {
        return CmdResult::fail(format!("from: unknown city '{city}'\n{usage}"), 2);
    };
    let previous = term.viewer_city.replace(edge.city);
    let result = dispatch(term, cloud, args.get(1..).unwrap_or(&[]), stdin, depth + 1);
    term.viewer_city = previous;
    result
}

/// Runs one expanded command.
fn dispatch(
    term: &mut Terminal,
    cloud: &mut Cloud,
    argv: &[String],
    stdin: Option<&str>,
    _depth: usize,
) -> CmdResult {
    let Some(name) = argv.first() else {
        return CmdResult::default();
    };
    let args = argv.get(1..).unwrap_or(&[]);
    if let Session::Remote(_) = term.session {
        return crate::remote::exec(term, cloud, name, args, stdin);
    }
    match name.as_str() {
        "aws" => crate::aws::run(term, cloud, args, stdin),
        "ssh" => crate::ssh::run(term, cloud, args),
        "ssh-keygen" => crate::keygen::run(term, cloud, args),
        "ping" => crate::ping::run(cloud, args),
        "dig" => crate::dns::dig(term, cloud, args),
        "nslookup" => crate::dns::nslookup(term, cloud, args),
        "mail" => crate::mail::run(cloud, args),
        "oathtool" => crate::oathtool::run(cloud, args),
        "curl" => crate::curl::run_local(term, cloud, args),
        "mysql" => crate::mysql::run(term, cloud, args),
        "from" => from_city(term, cloud, args, stdin, _depth),
        "ab" => crate::ab::run(cloud, args),
        "zip" => crate::zip::zip(term, cloud, args),
        "unzip" => crate::zip::unzip(term, cloud, args),
        "sleep" => builtins::sleep(cloud, args),
        "date" => builtins::date(cloud, args),
        other => match text::run(other, args, stdin, &|path: &str| {
            term.vfs
                .read(&vfs::normalize(&term.cwd, path))
                .map(str::to_string)
                .map_err(|e| e.to_string())
        }) {
            Some(result) => result,
            None => builtins::run(term, cloud, other, args, stdin).unwrap_or_else(|| {
                CmdResult::fail(format!("bash: {other}: command not found\n"), 127)
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.pem", "key.pem"));
        assert!(glob_match("k?y*", "key.pem"));
        assert!(!glob_match("*.pem", "key.pub"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "aXXbYc"));
        assert!(!glob_match("a*b*c", "aXXbY"));
    }
}
