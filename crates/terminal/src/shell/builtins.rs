//! The laptop's commands: file commands with coreutils' messages, and the shell's
//! own builtins (`cd`, `history`, `export`, ...).

use std::time::Duration;

use cloudlab_model::{Cloud, SimTime};

use super::CmdResult;
use crate::Terminal;
use crate::vfs::{self, Node, VfsError};

/// Every command the laptop knows, for `help`, `which` and completion.
pub const COMMANDS: &[(&str, &str)] = &[
    ("aws", "the AWS command line interface (aws help)"),
    ("cat", "print files"),
    ("cd", "change the working directory"),
    (
        "chmod",
        "change file permissions (chmod 400 key.pem, chmod u+x f)",
    ),
    ("clear", "clear the screen"),
    ("cp", "copy files"),
    ("curl", "fetch a URL (curl http://3.34.1.2/)"),
    (
        "ab",
        "load-test a web server (ab -n 10000 -c 50 http://3.34.1.2/)",
    ),
    ("cut", "print selected fields (cut -f1, cut -d , -f2)"),
    ("date", "show the (simulated) date and time"),
    (
        "dig",
        "ask DNS for a name's records (dig +short www.example.org)",
    ),
    ("echo", "print text"),
    ("env", "show environment variables"),
    ("exit", "leave an ssh session"),
    ("export", "set a shell variable"),
    ("grep", "print lines that match a pattern"),
    ("head", "print the first lines"),
    ("help", "this list"),
    ("history", "commands you ran"),
    ("hostname", "this machine's name"),
    ("ls", "list files (ls -l shows permissions)"),
    ("mail", "read the lab's mailbox (mail, mail 2)"),
    ("mkdir", "make directories"),
    ("mv", "move or rename files"),
    (
        "nslookup",
        "look up a name's addresses (nslookup www.example.org)",
    ),
    ("oathtool", "one-time MFA codes (oathtool --totp -b SEED)"),
    ("ping", "send ICMP echo requests (ping -c 2 3.34.1.2)"),
    ("printf", "print formatted text (printf '%s\\n' hello)"),
    ("pwd", "print the working directory"),
    ("rm", "remove files"),
    ("rmdir", "remove empty directories"),
    ("sleep", "wait N seconds (the simulated clock moves on)"),
    ("sort", "sort lines"),
    ("ssh", "log in to an instance (ssh -i key.pem ubuntu@IP)"),
    (
        "ssh-keygen",
        "make a key pair (ssh-keygen -t ed25519 -f my-key)",
    ),
    ("tail", "print the last lines"),
    ("touch", "create empty files"),
    ("uname", "print system information"),
    ("unset", "remove a shell variable"),
    ("wc", "count lines, words and bytes"),
    ("which", "locate a command"),
    ("whoami", "print your user name"),
    ("zip", "package files (zip function.zip lambda_function.py)"),
    ("unzip", "list or extract a .zip (unzip -l function.zip)"),
];

fn try_help(cmd: &str) -> String {
    format!("Try '{cmd} --help' for more information.\n")
}

/// `sleep N[smhd]`: moves the simulated clock forward.
pub fn sleep(cloud: &mut Cloud, args: &[String]) -> CmdResult {
    if args.is_empty() {
        return CmdResult::fail(format!("sleep: missing operand\n{}", try_help("sleep")), 1);
    }
    let mut total_ms: u64 = 0;
    for a in args {
        let (num, unit) = match a
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        {
            Some((i, _)) => (a.get(..i).unwrap_or(""), a.get(i..).unwrap_or("")),
            None => (a.as_str(), ""),
        };
        let mult: f64 = match unit {
            "" | "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            _ => -1.0,
        };
        let value = num
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0);
        match value {
            Some(v) if mult > 0.0 => {
                let ms = (v * mult * 1000.0).min(365.0 * 86_400_000.0);
                total_ms = total_ms.saturating_add(ms as u64);
            }
            _ => {
                return CmdResult::fail(
                    format!("sleep: invalid time interval '{a}'\n{}", try_help("sleep")),
                    1,
                );
            }
        }
    }
    cloud.advance(Duration::from_millis(total_ms));
    CmdResult::ok("")
}

/// `date` as GNU date prints it in the C locale: `Mon Jan  5 09:03:12 UTC 2026`.
pub fn format_date(t: SimTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let u = t.to_utc();
    let weekday = DAYS
        .get(((t.unix_seconds() / 86_400) % 7) as usize)
        .copied()
        .unwrap_or("Thu");
    let month = MONTHS
        .get(u.month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    format!(
        "{weekday} {month} {:>2} {:02}:{:02}:{:02} UTC {}",
        u.day, u.hour, u.minute, u.second, u.year
    )
}

/// `date` (and `date -u`, `date +%s`).
pub fn date(cloud: &Cloud, args: &[String]) -> CmdResult {
    let now = cloud.now();
    match args.iter().find(|a| a.starts_with('+')) {
        Some(fmt) if fmt == "+%s" => CmdResult::ok(format!("{}\n", now.unix_seconds())),
        Some(fmt) if fmt == "+%Y-%m-%d" => {
            CmdResult::ok(format!("{}\n", now.to_iso8601().get(..10).unwrap_or("")))
        }
        _ => CmdResult::ok(format!("{}\n", format_date(now))),
    }
}

/// `ls -l`'s time column: `Jan  5 09:03`.
fn ls_time(unix: u64) -> String {
    let t = SimTime(
        unix.saturating_mul(1000)
            .saturating_sub(cloudlab_model::clock::ACCOUNT_CREATED_UNIX_MS),
    );
    let u = if unix == 0 {
        SimTime::ZERO.to_utc()
    } else {
        t.to_utc()
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(u.month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    format!("{month} {:>2} {:02}:{:02}", u.day, u.hour, u.minute)
}

/// Runs a laptop builtin; `None` if `name` is not one.
pub fn run(
    term: &mut Terminal,
    cloud: &mut Cloud,
    name: &str,
    args: &[String],
    stdin: Option<&str>,
) -> Option<CmdResult> {
    let now = cloud.now().unix_seconds();
    Some(match name {
        "ls" => ls(term, args),
        "cat" => cat(term, args, stdin),
        "chmod" => chmod(term, args),
        "pwd" => CmdResult::ok(format!("{}\n", term.cwd)),
        "cd" => cd(term, args),
        "mkdir" => mkdir(term, args, now),
        "rm" => rm(term, args),
        "rmdir" => rmdir(term, args),
        "mv" => mv_cp(term, args, false, now),
        "cp" => mv_cp(term, args, true, now),
        "touch" => touch(term, args, now),
        "clear" => CmdResult {
            clear: true,
            ..CmdResult::default()
        },
        "history" => history(term, args),
        "whoami" => CmdResult::ok(format!("{}\n", vfs::USER)),
        "hostname" => CmdResult::ok("laptop\n"),
        "uname" => uname(args),
        "help" => help(),
        "exit" | "logout" => CmdResult::ok(""),
        "export" => export(term, args),
        "unset" => {
            for a in args {
                term.vars.remove(a);
                term.exported.remove(a);
            }
            CmdResult::ok("")
        }
        "env" | "printenv" => {
            let mut out = format!(
                "HOME={}\nUSER={}\nPWD={}\nSHELL=/bin/bash\n",
                vfs::HOME,
                vfs::USER,
                term.cwd
            );
            for k in &term.exported {
                let v = term.vars.get(k).cloned().unwrap_or_default();
                out.push_str(&format!("{k}={v}\n"));
            }
            CmdResult::ok(out)
        }
        "which" | "type" => which(name, args),
        _ => return None,
    })
}

fn uname(args: &[String]) -> CmdResult {
    if args.iter().any(|a| a == "-a") {
        CmdResult::ok(
            "Linux laptop 6.8.0-49-generic #49-Ubuntu SMP PREEMPT_DYNAMIC x86_64 x86_64 x86_64 GNU/Linux\n",
        )
    } else {
        CmdResult::ok("Linux\n")
    }
}

fn help() -> CmdResult {
    let mut out = String::from("Commands on this laptop:\n\n");
    for (name, what) in COMMANDS {
        out.push_str(&format!("  {name:<9} {what}\n"));
    }
    out.push_str("\nShell features: 'quotes', $VAR, $(command), ; && ||, | grep/head/tail/wc, > and >> files.\n");
    CmdResult::ok(out)
}

fn which(name: &str, args: &[String]) -> CmdResult {
    let mut out = String::new();
    let mut err = String::new();
    let mut code = 0;
    for a in args {
        let known =
            COMMANDS.iter().any(|(c, _)| c == a) || ["true", "false", "sort"].contains(&a.as_str());
        let builtin = [
            "cd", "echo", "export", "exit", "help", "history", "pwd", "unset", "type", "true",
            "false",
        ]
        .contains(&a.as_str());
        if name == "type" {
            if builtin {
                out.push_str(&format!("{a} is a shell builtin\n"));
            } else if known {
                out.push_str(&format!("{a} is /usr/bin/{a}\n"));
            } else {
                err.push_str(&format!("bash: type: {a}: not found\n"));
                code = 1;
            }
        } else if known && !builtin || a == "echo" || a == "pwd" {
            let dir = if a == "aws" {
                "/usr/local/bin"
            } else {
                "/usr/bin"
            };
            out.push_str(&format!("{dir}/{a}\n"));
        } else {
            code = 1;
        }
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

fn export(term: &mut Terminal, args: &[String]) -> CmdResult {
    let valid = |k: &str| {
        !k.is_empty()
            && !k.starts_with(|c: char| c.is_ascii_digit())
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if args.is_empty() {
        let mut out = String::new();
        for name in &term.exported {
            let value = term.vars.get(name).cloned().unwrap_or_default();
            out.push_str(&format!("declare -x {name}=\"{value}\"\n"));
        }
        return CmdResult::ok(out);
    }
    for a in args {
        let (k, v) = match a.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (a.as_str(), None),
        };
        if !valid(k) {
            return CmdResult::fail(format!("bash: export: `{a}': not a valid identifier\n"), 1);
        }
        if let Some(v) = v {
            term.vars.insert(k.to_string(), v.to_string());
        }
        term.exported.insert(k.to_string());
    }
    CmdResult::ok("")
}

fn history(term: &Terminal, args: &[String]) -> CmdResult {
    if args.first().map(String::as_str) == Some("-c") {
        return CmdResult::ok("");
    }
    let limit = args.first().and_then(|a| a.parse::<usize>().ok());
    let start = limit.map_or(0, |n| term.history.len().saturating_sub(n));
    let mut out = String::new();
    for (i, line) in term.history.iter().enumerate().skip(start) {
        out.push_str(&format!("{:>5}  {line}\n", i + 1));
    }
    CmdResult::ok(out)
}

/// Splits `-la` style flags from operands (`--` ends flags).
fn flags_and_operands(args: &[String]) -> (String, Vec<String>) {
    let mut flags = String::new();
    let mut operands = Vec::new();
    let mut done = false;
    for a in args {
        if !done && a == "--" {
            done = true;
        } else if !done && a.starts_with('-') && a.len() > 1 {
            flags.push_str(a.trim_start_matches('-'));
        } else {
            operands.push(a.clone());
        }
    }
    (flags, operands)
}

fn check_flags(cmd: &str, flags: &str, allowed: &str) -> Result<(), CmdResult> {
    match flags.chars().find(|c| !allowed.contains(*c)) {
        Some(c) => Err(CmdResult::fail(
            format!("{cmd}: invalid option -- '{c}'\n{}", try_help(cmd)),
            if cmd == "ls" { 2 } else { 1 },
        )),
        None => Ok(()),
    }
}

/// Lays names out in columns for an 80-column terminal, as `ls` does.
fn columns(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let width = 80;
    let n = names.len();
    let lens: Vec<usize> = names.iter().map(|s| s.chars().count()).collect();
    for cols in (1..=n).rev() {
        let rows = n.div_ceil(cols);
        let cols = n.div_ceil(rows);
        let mut col_widths = Vec::new();
        for c in 0..cols {
            let w = (0..rows)
                .filter_map(|r| lens.get(c * rows + r))
                .max()
                .copied()
                .unwrap_or(0);
            col_widths.push(w);
        }
        let total: usize = col_widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
        if total <= width || cols == 1 {
            let mut out = String::new();
            for r in 0..rows {
                let mut line = String::new();
                for c in 0..cols {
                    if let Some(name) = names.get(c * rows + r) {
                        let last = c + 1 == cols || names.get((c + 1) * rows + r).is_none();
                        if last {
                            line.push_str(name);
                        } else {
                            let w = col_widths.get(c).copied().unwrap_or(0);
                            line.push_str(&format!("{name:<w$}  "));
                        }
                    }
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
            return out;
        }
    }
    String::new()
}

fn long_lines(term: &Terminal, entries: &[(String, &Node, String)]) -> String {
    let nlink = |path: &str, node: &Node| -> usize {
        if node.is_dir() {
            2 + term
                .vfs
                .list(path)
                .map(|names| {
                    names
                        .iter()
                        .filter(|n| {
                            term.vfs
                                .is_dir(&format!("{}/{n}", path.trim_end_matches('/')))
                        })
                        .count()
                })
                .unwrap_or(0)
        } else {
            1
        }
    };
    let links: Vec<usize> = entries.iter().map(|(_, n, p)| nlink(p, n)).collect();
    let link_w = links.iter().max().map_or(1, |m| m.to_string().len());
    let size_w = entries
        .iter()
        .map(|(_, n, _)| n.size().to_string().len())
        .max()
        .unwrap_or(1);
    let owner_w = entries
        .iter()
        .map(|(_, n, _)| n.owner.len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for ((name, node, _), links) in entries.iter().zip(links) {
        out.push_str(&format!(
            "{} {links:>link_w$} {:<owner_w$} {:<owner_w$} {:>size_w$} {} {name}\n",
            node.mode_string(),
            node.owner,
            node.owner,
            node.size(),
            ls_time(node.mtime),
        ));
    }
    out
}

fn blocks(node: &Node) -> usize {
    if node.is_dir() || node.size() > 0 {
        4 * node.size().div_ceil(4096).max(1)
    } else {
        0
    }
}

fn ls(term: &Terminal, args: &[String]) -> CmdResult {
    let (flags, operands) = flags_and_operands(args);
    if let Err(e) = check_flags("ls", &flags, "laA1dhtr") {
        return e;
    }
    let long = flags.contains('l');
    let all = flags.contains('a');
    let almost_all = flags.contains('A');
    let dir_itself = flags.contains('d');
    let targets = if operands.is_empty() {
        vec![".".to_string()]
    } else {
        operands
    };
    let mut err = String::new();
    let mut code = 0;
    let mut file_entries: Vec<(String, &Node, String)> = Vec::new();
    let mut dirs: Vec<(String, String)> = Vec::new();
    for t in &targets {
        let path = vfs::normalize(&term.cwd, t);
        match term.vfs.get(&path) {
            None => {
                err.push_str(&format!(
                    "ls: cannot access '{t}': No such file or directory\n"
                ));
                code = 2;
            }
            Some(node) if node.is_dir() && !dir_itself => dirs.push((t.clone(), path)),
            Some(node) => file_entries.push((t.clone(), node, path)),
        }
    }
    let mut out = String::new();
    if !file_entries.is_empty() {
        if long {
            out.push_str(&long_lines(term, &file_entries));
        } else {
            let names: Vec<String> = file_entries.iter().map(|(n, _, _)| n.clone()).collect();
            out.push_str(&columns(&names));
        }
    }
    let show_headers = targets.len() > 1;
    for (i, (shown, path)) in dirs.iter().enumerate() {
        let names = match term.vfs.list(path) {
            Ok(n) => n,
            Err(e) => {
                err.push_str(&format!("ls: cannot open directory '{shown}': {e}\n"));
                code = 2;
                continue;
            }
        };
        if show_headers {
            if i > 0 || !file_entries.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("{shown}:\n"));
        }
        let mut entries: Vec<(String, &Node, String)> = Vec::new();
        if all {
            if let Some(node) = term.vfs.get(path) {
                entries.push((".".into(), node, path.clone()));
            }
            let parent = vfs::parent(path).to_string();
            if let Some(node) = term.vfs.get(&parent) {
                entries.push(("..".into(), node, parent));
            }
        }
        for name in names {
            if name.starts_with('.') && !(all || almost_all) {
                continue;
            }
            let child = if path == "/" {
                format!("/{name}")
            } else {
                format!("{path}/{name}")
            };
            if let Some(node) = term.vfs.get(&child) {
                entries.push((name, node, child));
            }
        }
        if long {
            let total: usize = entries
                .iter()
                .filter(|(n, _, _)| n != "." && n != "..")
                .map(|(_, n, _)| blocks(n))
                .sum::<usize>()
                + if all { 8 } else { 0 };
            out.push_str(&format!("total {total}\n"));
            out.push_str(&long_lines(term, &entries));
        } else {
            let names: Vec<String> = entries.iter().map(|(n, _, _)| n.clone()).collect();
            out.push_str(&columns(&names));
        }
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

fn cat(term: &Terminal, args: &[String], stdin: Option<&str>) -> CmdResult {
    let (flags, operands) = flags_and_operands(args);
    if let Err(e) = check_flags("cat", &flags, "n") {
        return e;
    }
    let mut out = String::new();
    let mut err = String::new();
    let mut code = 0;
    if operands.is_empty() {
        out.push_str(stdin.unwrap_or(""));
    }
    for f in &operands {
        if f == "-" {
            out.push_str(stdin.unwrap_or(""));
            continue;
        }
        match term.vfs.read(&vfs::normalize(&term.cwd, f)) {
            Ok(text) => out.push_str(text),
            Err(e) => {
                err.push_str(&format!("cat: {f}: {e}\n"));
                code = 1;
            }
        }
    }
    if flags.contains('n') {
        out = out
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| format!("{:>6}\t{l}", i + 1))
            .collect();
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

fn chmod(term: &mut Terminal, args: &[String]) -> CmdResult {
    // Symbolic modes such as `-w` or `go-rwx` start with a dash: take the first
    // word that is not an option as the mode.
    let mut recursive = false;
    let mut words: Vec<&String> = Vec::new();
    for a in args {
        if a == "-R" {
            recursive = true;
        } else {
            words.push(a);
        }
    }
    let _ = recursive;
    let Some((mode, files)) = words.split_first() else {
        return CmdResult::fail(format!("chmod: missing operand\n{}", try_help("chmod")), 1);
    };
    if files.is_empty() {
        return CmdResult::fail(
            format!(
                "chmod: missing operand after '{mode}'\n{}",
                try_help("chmod")
            ),
            1,
        );
    }
    let mut err = String::new();
    let mut code = 0;
    for f in files {
        let path = vfs::normalize(&term.cwd, f);
        let Some(node) = term.vfs.get(&path) else {
            err.push_str(&format!(
                "chmod: cannot access '{f}': No such file or directory\n"
            ));
            code = 1;
            continue;
        };
        let Some(new_mode) = vfs::apply_chmod(mode, node.mode, node.is_dir()) else {
            return CmdResult::fail(
                format!("chmod: invalid mode: '{mode}'\n{}", try_help("chmod")),
                1,
            );
        };
        if let Err(e) = term.vfs.chmod(&path, new_mode) {
            let msg = if e == VfsError::PermissionDenied {
                format!("chmod: changing permissions of '{f}': Operation not permitted\n")
            } else {
                format!("chmod: cannot access '{f}': {e}\n")
            };
            err.push_str(&msg);
            code = 1;
        }
    }
    CmdResult {
        err,
        code,
        ..CmdResult::default()
    }
}

fn cd(term: &mut Terminal, args: &[String]) -> CmdResult {
    if args.len() > 1 {
        return CmdResult::fail("bash: cd: too many arguments\n", 1);
    }
    let (target, print) = match args.first().map(String::as_str) {
        None | Some("~") => (vfs::HOME.to_string(), false),
        Some("-") => (term.oldpwd.clone(), true),
        Some(t) => (vfs::normalize(&term.cwd, t), false),
    };
    let shown = args.first().cloned().unwrap_or_default();
    match term.vfs.get(&target) {
        None => CmdResult::fail(format!("bash: cd: {shown}: No such file or directory\n"), 1),
        Some(node) if !node.is_dir() => {
            CmdResult::fail(format!("bash: cd: {shown}: Not a directory\n"), 1)
        }
        Some(node) if node.owner == vfs::USER && node.mode & 0o100 == 0 => {
            CmdResult::fail(format!("bash: cd: {shown}: Permission denied\n"), 1)
        }
        Some(_) => {
            term.oldpwd = std::mem::replace(&mut term.cwd, target.clone());
            CmdResult::ok(if print {
                format!("{target}\n")
            } else {
                String::new()
            })
        }
    }
}

fn mkdir(term: &mut Terminal, args: &[String], now: u64) -> CmdResult {
    let (flags, operands) = flags_and_operands(args);
    if let Err(e) = check_flags("mkdir", &flags, "p") {
        return e;
    }
    if operands.is_empty() {
        return CmdResult::fail(format!("mkdir: missing operand\n{}", try_help("mkdir")), 1);
    }
    let parents = flags.contains('p');
    let mut err = String::new();
    let mut code = 0;
    for d in &operands {
        if let Err(e) = term.vfs.mkdir(&vfs::normalize(&term.cwd, d), parents, now) {
            err.push_str(&format!("mkdir: cannot create directory '{d}': {e}\n"));
            code = 1;
        }
    }
    CmdResult {
        err,
        code,
        ..CmdResult::default()
    }
}

fn rm(term: &mut Terminal, args: &[String]) -> CmdResult {
    let (flags, operands) = flags_and_operands(args);
    if let Err(e) = check_flags("rm", &flags, "rfRv") {
        return e;
    }
    let recursive = flags.contains('r') || flags.contains('R');
    let force = flags.contains('f');
    if operands.is_empty() && !force {
        return CmdResult::fail(format!("rm: missing operand\n{}", try_help("rm")), 1);
    }
    let mut err = String::new();
    let mut code = 0;
    for f in &operands {
        let path = vfs::normalize(&term.cwd, f);
        match term.vfs.remove(&path, recursive) {
            Ok(()) => {}
            Err(VfsError::NotFound) if force => {}
            Err(e) => {
                err.push_str(&format!("rm: cannot remove '{f}': {e}\n"));
                code = 1;
            }
        }
    }
    CmdResult {
        err,
        code,
        ..CmdResult::default()
    }
}

fn rmdir(term: &mut Terminal, args: &[String]) -> CmdResult {
    if args.is_empty() {
        return CmdResult::fail(format!("rmdir: missing operand\n{}", try_help("rmdir")), 1);
    }
    let mut err = String::new();
    let mut code = 0;
    for d in args {
        if let Err(e) = term.vfs.rmdir(&vfs::normalize(&term.cwd, d)) {
            err.push_str(&format!("rmdir: failed to remove '{d}': {e}\n"));
            code = 1;
        }
    }
    CmdResult {
        err,
        code,
        ..CmdResult::default()
    }
}

fn mv_cp(term: &mut Terminal, args: &[String], copy: bool, now: u64) -> CmdResult {
    let cmd = if copy { "cp" } else { "mv" };
    let (flags, operands) = flags_and_operands(args);
    if let Err(e) = check_flags(cmd, &flags, "rRfivp") {
        return e;
    }
    let recursive = flags.contains('r') || flags.contains('R');
    let Some((dest, sources)) = operands.split_last() else {
        return CmdResult::fail(format!("{cmd}: missing file operand\n{}", try_help(cmd)), 1);
    };
    if sources.is_empty() {
        return CmdResult::fail(
            format!(
                "{cmd}: missing destination file operand after '{dest}'\n{}",
                try_help(cmd)
            ),
            1,
        );
    }
    let dest_path = vfs::normalize(&term.cwd, dest);
    let dest_is_dir = term.vfs.is_dir(&dest_path);
    if sources.len() > 1 && !dest_is_dir {
        return CmdResult::fail(format!("{cmd}: target '{dest}' is not a directory\n"), 1);
    }
    let mut err = String::new();
    let mut code = 0;
    for s in sources {
        let src = vfs::normalize(&term.cwd, s);
        if !term.vfs.exists(&src) {
            err.push_str(&format!(
                "{cmd}: cannot stat '{s}': No such file or directory\n"
            ));
            code = 1;
            continue;
        }
        let target = if dest_is_dir {
            format!(
                "{}/{}",
                dest_path.trim_end_matches('/'),
                vfs::file_name(&src)
            )
        } else {
            dest_path.clone()
        };
        let result = if copy {
            if term.vfs.is_dir(&src) {
                if !recursive {
                    err.push_str(&format!("cp: -r not specified; omitting directory '{s}'\n"));
                    code = 1;
                    continue;
                }
                copy_tree(term, &src, &target, now)
            } else {
                term.vfs.copy(&src, &target, now)
            }
        } else {
            term.vfs.rename(&src, &target)
        };
        if let Err(e) = result {
            let msg = match (copy, e) {
                (_, VfsError::InvalidArgument) => {
                    format!("{cmd}: cannot move '{s}' to a subdirectory of itself, '{dest}'\n")
                }
                (true, e) => format!("cp: cannot create regular file '{dest}': {e}\n"),
                (false, e) => format!("mv: cannot move '{s}' to '{dest}': {e}\n"),
            };
            err.push_str(&msg);
            code = 1;
        }
    }
    CmdResult {
        err,
        code,
        ..CmdResult::default()
    }
}

fn copy_tree(term: &mut Terminal, src: &str, dest: &str, now: u64) -> Result<(), VfsError> {
    if dest.starts_with(&format!("{src}/")) {
        return Err(VfsError::InvalidArgument);
    }
    term.vfs.mkdir(dest, false, now).or_else(|e| {
        if e == VfsError::AlreadyExists {
            Ok(())
        } else {
            Err(e)
        }
    })?;
    for name in term.vfs.list(src)? {
        let from = format!("{src}/{name}");
        let to = format!("{dest}/{name}");
        if term.vfs.is_dir(&from) {
            copy_tree(term, &from, &to, now)?;
        } else {
            term.vfs.copy(&from, &to, now)?;
        }
    }
    Ok(())
}

fn touch(term: &mut Terminal, args: &[String], now: u64) -> CmdResult {
    let (_, operands) = flags_and_operands(args);
    if operands.is_empty() {
        return CmdResult::fail(
            format!("touch: missing file operand\n{}", try_help("touch")),
            1,
        );
    }
    let mut err = String::new();
    let mut code = 0;
    for f in &operands {
        if let Err(e) = term.vfs.touch(&vfs::normalize(&term.cwd, f), now) {
            err.push_str(&format!("touch: cannot touch '{f}': {e}\n"));
            code = 1;
        }
    }
    CmdResult {
        err,
        code,
        ..CmdResult::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_format() {
        assert_eq!(format_date(SimTime::ZERO), "Mon Jan  5 09:00:00 UTC 2026");
        assert_eq!(
            ls_time(cloudlab_model::clock::ACCOUNT_CREATED_UNIX_MS / 1000 + 180),
            "Jan  5 09:03"
        );
    }

    #[test]
    fn ls_columns() {
        let names: Vec<String> = ["a", "bb", "ccc"].iter().map(|s| s.to_string()).collect();
        assert_eq!(columns(&names), "a  bb  ccc\n");
        let many: Vec<String> = (0..30).map(|i| format!("file-number-{i:02}")).collect();
        let out = columns(&many);
        assert!(out.lines().all(|l| l.chars().count() <= 80));
        assert!(out.lines().count() > 1);
    }
}
