//! The shell on an instance, inside `ssh`: `sudo`, `apt-get`/`apt` (Ubuntu,
//! Debian), `dnf`/`yum` (Amazon Linux, RHEL), `systemctl`, `curl localhost`,
//! `tee`, files, and leaving with `exit`. Software state lives in the model's
//! guest; this module adds what the shell prints and who may do what.

use std::time::Duration;

use cloudlab_model::catalog::PackageManager;
use cloudlab_model::ec2::InstanceStateName;
use cloudlab_model::ec2::guest::{GuestError, ServiceAction};
use cloudlab_model::{Cloud, OsFamily, SimTime};

use serde::{Deserialize, Serialize};

use crate::shell::{CmdResult, text};
use crate::{RemoteSession, Session, Terminal};

/// A user's home directory on an instance.
pub fn home_of(user: &str) -> String {
    if user == "root" {
        "/root".to_string()
    } else {
        format!("/home/{user}")
    }
}

/// The open ssh session, if any.
pub(crate) fn session(term: &Terminal) -> Option<&RemoteSession> {
    match &term.session {
        Session::Remote(r) => Some(r),
        Session::Local => None,
    }
}

/// If the instance stopped or went away while connected, ends the session and
/// returns what ssh prints.
pub fn check_connection(term: &mut Terminal, cloud: &Cloud) -> Option<String> {
    let r = session(term)?;
    let alive = cloud
        .instance(&r.instance_id)
        .is_some_and(|i| i.state == InstanceStateName::Running);
    if alive {
        return None;
    }
    let host = r.host.clone();
    term.session = Session::Local;
    Some(format!(
        "Connection to {host} closed by remote host.\nConnection to {host} closed.\n"
    ))
}

/// Absolute path on the instance for what the learner typed.
pub(crate) fn resolve(term: &Terminal, path: &str) -> String {
    let (cwd, home) = match session(term) {
        Some(r) => (r.cwd.clone(), home_of(&r.user)),
        None => ("/".to_string(), "/".to_string()),
    };
    let expanded = if path == "~" {
        home
    } else if let Some(rest) = path.strip_prefix("~/") {
        format!("{home}/{rest}")
    } else {
        path.to_string()
    };
    crate::vfs::normalize(&cwd, &expanded)
}

fn is_root(term: &Terminal) -> bool {
    session(term).is_some_and(|r| r.user == "root")
}

/// Whether the current user (or root) may write `path`.
fn may_write(term: &Terminal, path: &str, as_root: bool) -> bool {
    if as_root || is_root(term) {
        return true;
    }
    let Some(r) = session(term) else {
        return false;
    };
    let home = home_of(&r.user);
    path.starts_with(&format!("{home}/")) || path.starts_with("/tmp/")
}

/// Whether the user (not root) may read (`0o4`) or write (`0o2`) a file by
/// its mode: the owner's bits for the owner, the others' bits for the rest.
/// Files nobody ran `chmod` on keep the simpler rules of [`may_write`]
/// (owners are not tracked), except `/etc/shadow`.
fn permits(term: &Terminal, cloud: &Cloud, path: &str, bit: u32) -> bool {
    let chmodded = session(term)
        .and_then(|r| cloud.guest(&r.instance_id))
        .is_some_and(|g| g.modes.contains_key(path));
    if !chmodded && path != "/etc/shadow" {
        return true;
    }
    let mode = mode_of(term, cloud, path, false);
    if owner_of(term, path) == "root" {
        mode & bit != 0
    } else {
        mode & (bit << 6) != 0
    }
}

/// Directories every guest has.
const BASE_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/share",
    "/var",
    "/var/lib",
    "/var/log",
    "/var/tmp",
];

/// Directories a package creates even when they hold no file yet.
fn package_dirs(package: &str) -> &'static [&'static str] {
    match package {
        "apache2" | "httpd" => &[
            "/var/www",
            "/var/www/html",
            "/var/log/httpd",
            "/var/log/apache2",
        ],
        "nginx" => &[
            "/var/www",
            "/var/www/html",
            "/usr/share/nginx",
            "/usr/share/nginx/html",
        ],
        _ => &[],
    }
}

fn dir_exists(term: &Terminal, cloud: &Cloud, path: &str) -> bool {
    if BASE_DIRS.contains(&path) {
        return true;
    }
    let from_packages = session(term)
        .and_then(|r| cloud.guest(&r.instance_id))
        .is_some_and(|g| g.packages.iter().any(|p| package_dirs(p).contains(&path)));
    if from_packages {
        return true;
    }
    if let Some(r) = session(term)
        && (path == home_of(&r.login_user))
    {
        return true;
    }
    let made = session(term)
        .and_then(|r| cloud.guest(&r.instance_id))
        .is_some_and(|g| g.dirs.contains(path) || g.mounts.contains_key(path));
    if made {
        return true;
    }
    let prefix = format!("{}/", path.trim_end_matches('/'));
    session(term)
        .and_then(|r| cloud.guest(&r.instance_id))
        .is_some_and(|g| g.files.keys().any(|f| f.starts_with(&prefix)))
}

/// Writes a file on the instance (redirections, `tee`, `curl -o`).
pub fn write_file(
    term: &Terminal,
    cloud: &mut Cloud,
    path: &str,
    text: &str,
    append: bool,
    as_root: bool,
) -> Result<(), String> {
    let full = resolve(term, path);
    let Some(r) = session(term) else {
        return Err("No such file or directory".into());
    };
    let id = r.instance_id.clone();
    if dir_exists(term, cloud, &full) {
        return Err("Is a directory".into());
    }
    if !dir_exists(term, cloud, crate::vfs::parent(&full)) {
        return Err("No such file or directory".into());
    }
    let exists = cloud
        .guest(&id)
        .is_some_and(|g| g.files.contains_key(&full));
    if !may_write(term, &full, as_root)
        || (exists && !(as_root || is_root(term)) && !permits(term, cloud, &full, 0o2))
    {
        return Err("Permission denied".into());
    }
    let mut content = if append {
        cloud
            .guest_read_file(&id, &full)
            .map(str::to_string)
            .unwrap_or_default()
    } else {
        String::new()
    };
    content.push_str(text);
    cloud
        .guest_write_file(&id, &full, &content)
        .map_err(|e| e.to_string())
}

/// Reads a file on the instance.
pub fn read_file(
    term: &Terminal,
    cloud: &Cloud,
    path: &str,
    as_root: bool,
) -> Result<String, String> {
    let full = resolve(term, path);
    let Some(r) = session(term) else {
        return Err("No such file or directory".into());
    };
    if !(as_root || is_root(term))
        && (full.starts_with("/root/") || !permits(term, cloud, &full, 0o4))
    {
        return Err("Permission denied".into());
    }
    if dir_exists(term, cloud, &full) {
        return Err("Is a directory".into());
    }
    match cloud.guest_read_file(&r.instance_id, &full) {
        Ok(t) => Ok(t.to_string()),
        Err(_) => Err("No such file or directory".into()),
    }
}

fn os_of(term: &Terminal, cloud: &Cloud) -> Option<OsFamily> {
    session(term)
        .and_then(|r| cloud.instance(&r.instance_id))
        .map(|i| i.os)
}

/// Runs one command on the instance.
pub fn exec(
    term: &mut Terminal,
    cloud: &mut Cloud,
    name: &str,
    args: &[String],
    stdin: Option<&str>,
) -> CmdResult {
    exec_as(term, cloud, name, args, stdin, false)
}

/// Whether the session's instance has `package` installed.
fn has_package(term: &Terminal, cloud: &Cloud, package: &str) -> bool {
    !package.is_empty()
        && session(term)
            .and_then(|r| cloud.guest(&r.instance_id))
            .is_some_and(|g| g.packages.contains(package))
}

fn not_found(name: &str) -> CmdResult {
    CmdResult::fail(format!("-bash: {name}: command not found\n"), 127)
}

fn exec_as(
    term: &mut Terminal,
    cloud: &mut Cloud,
    name: &str,
    args: &[String],
    stdin: Option<&str>,
    sudo: bool,
) -> CmdResult {
    let root = sudo || is_root(term);
    let Some(os) = os_of(term, cloud) else {
        return CmdResult::fail("Connection closed.\n", 255);
    };
    let manager = os.package_manager();
    // Shared text tools read guest files.
    {
        let reader = |p: &str| read_file(term, cloud, p, root);
        if let Some(result) = text::run(name, args, stdin, &reader) {
            return result;
        }
    }
    match name {
        "exit" | "logout" => leave(term),
        "sudo" => sudo_cmd(term, cloud, args, stdin),
        "apt-get" | "apt" if manager == PackageManager::Apt => {
            apt(term, cloud, name, args, root, stdin)
        }
        "dnf" | "yum" if manager == PackageManager::Dnf => dnf(term, cloud, args, root, stdin),
        "systemctl" => systemctl(term, cloud, args, root),
        "service" => {
            // `service apache2 start` is `systemctl start apache2`.
            let mut v: Vec<String> = args.iter().skip(1).cloned().collect();
            if let Some(svc) = args.first() {
                v.push(svc.clone());
            }
            systemctl(term, cloud, &v, root)
        }
        "curl" => curl_on_instance(term, cloud, args),
        "mysql" => {
            let client = match manager {
                PackageManager::Dnf => &["mariadb105"][..],
                PackageManager::Apt => &["mysql-client", "mariadb-client"][..],
                PackageManager::None => &[][..],
            };
            let installed = session(term)
                .and_then(|r| cloud.guest(&r.instance_id))
                .is_some_and(|g| client.iter().any(|p| g.packages.contains(*p)));
            if installed {
                crate::mysql::run(term, cloud, args)
            } else {
                not_found(name)
            }
        }
        "redis6-cli" | "redis-cli" => {
            let package = if name == "redis6-cli" && manager == PackageManager::Dnf {
                "redis6"
            } else if name == "redis-cli" && manager == PackageManager::Apt {
                "redis-tools"
            } else {
                ""
            };
            if has_package(term, cloud, package) {
                crate::rediscli::run(term, cloud, name, args)
            } else {
                not_found(name)
            }
        }
        "telnet" if has_package(term, cloud, "telnet") => crate::telnet::telnet(term, cloud, args),
        "nc" | "ncat" if has_package(term, cloud, "nmap-ncat") => {
            crate::telnet::nc(term, cloud, args, stdin)
        }
        "cache-demo" => crate::cache_demo::run(term, cloud, args),
        "tee" => tee(term, cloud, args, stdin, root),
        "sh" | "bash" => shell_c(term, cloud, name, args, root),
        "cat" => cat(term, cloud, args, stdin, root),
        "ls" => ls(term, cloud, args),
        "lsblk" => crate::disks::lsblk(term, cloud, args),
        "blkid" => crate::disks::blkid(term, cloud, root),
        "file" if args.iter().any(|a| a == "-s") => crate::disks::file_s(term, cloud, args, root),
        "file" => {
            let mut out = String::new();
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                let described = if read_file(term, cloud, f, root).is_ok() {
                    "ASCII text"
                } else if dir_exists(term, cloud, &resolve(term, f)) {
                    "directory"
                } else {
                    "cannot open (No such file or directory)"
                };
                out.push_str(&format!("{f}: {described}\n"));
            }
            CmdResult::ok(out)
        }
        "mkfs" | "mkfs.xfs" | "mkfs.ext4" => crate::disks::mkfs(term, cloud, name, args, root),
        "mkdir" => crate::disks::mkdir(term, cloud, args, |p| may_write(term, p, root)),
        "mount" => crate::disks::mount(term, cloud, args, root),
        "umount" => crate::disks::umount(term, cloud, args, root),
        "df" => crate::disks::df(term, cloud, args),
        "chmod" => chmod(term, cloud, args, root),
        "cd" => cd(term, cloud, args),
        "pwd" => CmdResult::ok(format!(
            "{}\n",
            session(term).map(|r| r.cwd.clone()).unwrap_or_default()
        )),
        "whoami" => CmdResult::ok(format!(
            "{}\n",
            if sudo {
                "root".to_string()
            } else {
                session(term).map(|r| r.user.clone()).unwrap_or_default()
            }
        )),
        "hostname" => crate::sysinfo::hostname(term, cloud, args),
        "ps" => crate::sysinfo::ps(term, cloud, args, sudo),
        "ip" => crate::sysinfo::ip(term, cloud, args),
        "help" => crate::sysinfo::help(term, cloud, args),
        "id" => {
            let user = if root {
                "root".to_string()
            } else {
                session(term).map(|r| r.user.clone()).unwrap_or_default()
            };
            if user == "root" {
                CmdResult::ok("uid=0(root) gid=0(root) groups=0(root)\n")
            } else {
                // The groups cloud-init gives the default user: on Ubuntu
                // `sudo` (and so sudo's group rule), on Amazon Linux `wheel`.
                let groups = match os {
                    OsFamily::Ubuntu2404 | OsFamily::Ubuntu2204 => {
                        "4(adm),24(cdrom),27(sudo),30(dip),105(lxd)"
                    }
                    OsFamily::AmazonLinux2023 => "4(adm),10(wheel),190(systemd-journal)",
                    OsFamily::Debian12 => {
                        "4(adm),20(dialout),24(cdrom),25(floppy),27(sudo),29(audio),30(dip),44(video),46(plugdev)"
                    }
                    _ => "4(adm),10(wheel),190(systemd-journal)",
                };
                CmdResult::ok(format!(
                    "uid=1000({user}) gid=1000({user}) groups=1000({user}),{groups}\n"
                ))
            }
        }
        "uname" => uname(term, os, args),
        "date" => crate::shell::builtins::date(cloud, args),
        "sleep" => crate::shell::builtins::sleep(cloud, args),
        "clear" => CmdResult {
            clear: true,
            ..CmdResult::default()
        },
        "touch" => {
            let mut err = String::new();
            let mut code = 0;
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                if read_file(term, cloud, f, root).is_err()
                    && let Err(e) = write_file(term, cloud, f, "", true, root)
                {
                    err.push_str(&format!("touch: cannot touch '{f}': {e}\n"));
                    code = 1;
                }
            }
            CmdResult {
                out: String::new(),
                err,
                code,
                ..CmdResult::default()
            }
        }
        "rm" => {
            let mut err = String::new();
            let mut code = 0;
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                let full = resolve(term, f);
                let exists = session(term)
                    .and_then(|r| cloud.guest(&r.instance_id))
                    .is_some_and(|g| g.files.contains_key(&full));
                if !exists {
                    if !args.iter().any(|a| a.starts_with('-') && a.contains('f')) {
                        err.push_str(&format!(
                            "rm: cannot remove '{f}': No such file or directory\n"
                        ));
                        code = 1;
                    }
                } else if !may_write(term, &full, root) {
                    err.push_str(&format!("rm: cannot remove '{f}': Permission denied\n"));
                    code = 1;
                } else if let Some(id) = session(term).map(|r| r.instance_id.clone()) {
                    // The model has no delete: an emptied file stands in for it.
                    let _ = cloud.guest_write_file(&id, &full, "");
                }
            }
            CmdResult {
                out: String::new(),
                err,
                code,
                ..CmdResult::default()
            }
        }
        "history" => {
            crate::shell::builtins::run(term, cloud, "history", args, stdin).unwrap_or_default()
        }
        "nano" | "vim" | "vi" | "emacs" => CmdResult::fail(
            format!(
                "{name}: this terminal cannot run full-screen editors. Write files with:\n  echo '<h1>Hello</h1>' | sudo tee /var/www/html/index.html\n"
            ),
            1,
        ),
        // Amazon Linux ships the AWS CLI; it acts as the instance profile's role.
        "aws" if os == OsFamily::AmazonLinux2023 => crate::aws::run(term, cloud, args, stdin),
        "ssh" => CmdResult::fail(
            "ssh: this lab only connects from your laptop. Type 'exit' first.\n",
            255,
        ),
        "poweroff" | "shutdown" | "halt" => power_off(term, cloud, name, root),
        _ => not_found(name),
    }
}

/// `sudo poweroff` / `sudo shutdown -h now`: the instance stops (or terminates,
/// per its shutdown behavior) and the connection drops.
fn power_off(term: &mut Terminal, cloud: &mut Cloud, name: &str, root: bool) -> CmdResult {
    if !root {
        return CmdResult::fail(
            format!(
                "Call to PowerOff failed: Interactive authentication required.\n{name}: must be root\n"
            ),
            1,
        );
    }
    let Some(r) = session(term).cloned() else {
        return CmdResult::default();
    };
    cloud.guest_power_off(&r.instance_id);
    term.session = Session::Local;
    CmdResult::fail(
        format!(
            "Connection to {} closed by remote host.\nConnection to {} closed.\n",
            r.host, r.host
        ),
        255,
    )
}

fn leave(term: &mut Terminal) -> CmdResult {
    let Some(r) = session(term).cloned() else {
        return CmdResult::ok("");
    };
    if r.user != r.login_user {
        // Leaving a `sudo -i` shell returns to the login user.
        if let Session::Remote(s) = &mut term.session {
            s.user = r.login_user.clone();
            s.cwd = home_of(&r.login_user);
        }
        return CmdResult::ok("logout\n");
    }
    term.session = Session::Local;
    CmdResult {
        out: "logout\n".into(),
        err: format!("Connection to {} closed.\n", r.host),
        code: 0,
        ..CmdResult::default()
    }
}

fn sudo_cmd(
    term: &mut Terminal,
    cloud: &mut Cloud,
    args: &[String],
    stdin: Option<&str>,
) -> CmdResult {
    let mut rest: Vec<String> = Vec::new();
    let mut login_shell = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        match a.as_str() {
            "-i" | "-s" => login_shell = true,
            "-E" | "-H" | "-n" => {}
            "-l" | "--list" => return crate::sysinfo::sudo_list(term, cloud),
            // Passwordless: nothing to validate or forget.
            "-v" | "-k" | "-K" => return CmdResult::default(),
            "-u" => {
                let who = args.get(i).cloned().unwrap_or_default();
                i += 1;
                if who != "root" {
                    return CmdResult::fail(
                        format!(
                            "sudo: unknown user {who}\nsudo: error initializing audit plugin sudoers_audit\n"
                        ),
                        1,
                    );
                }
            }
            _ => {
                rest = args.get(i - 1..).unwrap_or(&[]).to_vec();
                break;
            }
        }
    }
    let root_shell = match rest.first().map(String::as_str) {
        None => login_shell,
        Some("su") => rest.len() == 1 || rest.get(1).map(String::as_str) == Some("-"),
        Some("bash") | Some("sh") => rest.len() == 1,
        _ => false,
    };
    if root_shell {
        if let Session::Remote(s) = &mut term.session {
            s.user = "root".into();
            s.cwd = "/root".into();
        }
        return CmdResult::ok("");
    }
    let Some((cmd, cmd_args)) = rest.split_first() else {
        return CmdResult::fail(
            "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] [VAR=value] [-i | -s] [<command>]\n",
            1,
        );
    };
    let result = exec_as(term, cloud, cmd, cmd_args, stdin, true);
    if result.code == 127 && result.err.ends_with(": command not found\n") {
        return CmdResult::fail(format!("sudo: {cmd}: command not found\n"), 1);
    }
    result
}

fn shell_c(
    term: &mut Terminal,
    cloud: &mut Cloud,
    name: &str,
    args: &[String],
    root: bool,
) -> CmdResult {
    if args.first().map(String::as_str) != Some("-c") {
        return CmdResult::fail(
            format!("{name}: this lab runs scripts with {name} -c '<commands>'\n"),
            2,
        );
    }
    let Some(line) = args.get(1) else {
        return CmdResult::fail(format!("{name}: -c: option requires an argument\n"), 2);
    };
    let saved_user = session(term).map(|r| r.user.clone());
    if root && let Session::Remote(s) = &mut term.session {
        s.user = "root".into();
    }
    let result = crate::shell::run_sub(term, cloud, line);
    if let (Some(user), Session::Remote(s)) = (saved_user, &mut term.session) {
        s.user = user;
    }
    result
}

fn uname(term: &Terminal, os: OsFamily, args: &[String]) -> CmdResult {
    let host = session(term)
        .map(|r| r.hostname.clone())
        .unwrap_or_default();
    let kernel = match os {
        OsFamily::Ubuntu2404 => "6.8.0-1018-aws #19-Ubuntu SMP Wed Oct  9 17:32:54 UTC 2024",
        OsFamily::Ubuntu2204 => {
            "6.8.0-1019-aws #20~22.04.1-Ubuntu SMP Wed Oct 30 02:05:03 UTC 2024"
        }
        OsFamily::AmazonLinux2023 => {
            "6.1.119-129.201.amzn2023.x86_64 #1 SMP PREEMPT_DYNAMIC Tue Dec  3 21:07:35 UTC 2024"
        }
        OsFamily::Debian12 => {
            "6.1.0-28-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"
        }
        _ => "5.14.0-503.15.1.el9_5.x86_64 #1 SMP PREEMPT_DYNAMIC Tue Nov 12 12:00:00 EST 2024",
    };
    let (release, version) = kernel.split_once(' ').unwrap_or((kernel, ""));
    match args.first().map(String::as_str) {
        Some("-a") => CmdResult::ok(format!(
            "Linux {host} {release} {version} x86_64 x86_64 x86_64 GNU/Linux\n"
        )),
        Some("-r") => CmdResult::ok(format!("{release}\n")),
        Some("-n") => CmdResult::ok(format!("{host}\n")),
        _ => CmdResult::ok("Linux\n"),
    }
}

fn cat(
    term: &Terminal,
    cloud: &Cloud,
    args: &[String],
    stdin: Option<&str>,
    root: bool,
) -> CmdResult {
    let files: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || a.as_str() == "-")
        .collect();
    if files.is_empty() {
        return CmdResult::ok(stdin.unwrap_or(""));
    }
    let mut out = String::new();
    let mut err = String::new();
    let mut code = 0;
    for f in files {
        match read_file(term, cloud, f, root) {
            Ok(t) => out.push_str(&t),
            Err(e) => {
                err.push_str(&format!("cat: {f}: {e}\n"));
                code = 1;
            }
        }
    }
    CmdResult {
        out,
        err,
        code,
        ..CmdResult::default()
    }
}

fn ls(term: &Terminal, cloud: &Cloud, args: &[String]) -> CmdResult {
    let flag = |c: char| args.iter().any(|a| a.starts_with('-') && a.contains(c));
    let long = flag('l');
    // `-a` also lists `.` and `..`; `-A` only the hidden names.
    let (all, almost_all) = (flag('a'), flag('A'));
    let targets: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    let targets = if targets.is_empty() {
        vec![".".to_string()]
    } else {
        targets
    };
    let Some(r) = session(term) else {
        return CmdResult::default();
    };
    let Some(guest) = cloud.guest(&r.instance_id) else {
        return CmdResult::default();
    };
    let mut out = String::new();
    let mut err = String::new();
    let mut code = 0;
    for t in &targets {
        let full = resolve(term, t);
        let is_dir = dir_exists(term, cloud, &full);
        if let Some(content) = guest.files.get(&full).filter(|_| !is_dir) {
            if long {
                out.push_str(&long_line(term, cloud, &full, t, false, content.len(), 0));
            } else {
                out.push_str(&format!("{t}\n"));
            }
            continue;
        }
        if !is_dir {
            err.push_str(&format!(
                "ls: cannot access '{t}': No such file or directory\n"
            ));
            code = 2;
            continue;
        }
        let prefix = if full == "/" {
            "/".to_string()
        } else {
            format!("{full}/")
        };
        let mut names: Vec<(String, bool, usize)> = Vec::new();
        for (path, content) in &guest.files {
            if let Some(rest) = path.strip_prefix(&prefix) {
                match rest.split_once('/') {
                    Some((dir, _)) if !names.iter().any(|(n, _, _)| n == dir) => {
                        names.push((dir.to_string(), true, 4096));
                    }
                    Some(_) => {}
                    None if !rest.is_empty() => {
                        let dir = dir_exists(term, cloud, path);
                        let size = if dir { 4096 } else { content.len() };
                        if !names.iter().any(|(n, _, _)| n == rest) {
                            names.push((rest.to_string(), dir, size));
                        }
                    }
                    None => {}
                }
            }
        }
        for d in BASE_DIRS {
            if let Some(rest) = d.strip_prefix(&prefix)
                && !rest.is_empty()
                && !rest.contains('/')
                && !names.iter().any(|(n, _, _)| n == rest)
            {
                names.push((rest.to_string(), true, 4096));
            }
        }
        if !(all || almost_all) {
            names.retain(|(n, _, _)| !n.starts_with('.'));
        }
        if all {
            names.push((".".to_string(), true, 4096));
            names.push(("..".to_string(), true, 4096));
        }
        names.sort();
        if long {
            out.push_str(&format!("total {}\n", names.len() * 4));
            let width = names
                .iter()
                .map(|(_, _, size)| size.to_string().len())
                .max()
                .unwrap_or(1);
            for (n, is_dir, size) in &names {
                let path = match n.as_str() {
                    "." => full.clone(),
                    ".." => crate::vfs::parent(&full).to_string(),
                    _ => format!("{prefix}{n}"),
                };
                out.push_str(&long_line(term, cloud, &path, n, *is_dir, *size, width));
            }
        } else if !names.is_empty() {
            let list: Vec<String> = names.into_iter().map(|(n, _, _)| n).collect();
            out.push_str(&list.join("  "));
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

/// Who owns a path on the instance: the login user's home and what is in it
/// belong to that user, the rest to root.
fn owner_of<'a>(term: &'a Terminal, path: &str) -> &'a str {
    match session(term) {
        Some(r) => {
            let home = home_of(&r.login_user);
            if path == home || path.starts_with(&format!("{home}/")) {
                &r.login_user
            } else {
                "root"
            }
        }
        None => "root",
    }
}

/// A path's permission bits: set with `chmod`, else the distribution's
/// defaults (Ubuntu and Debian give each user a private group and umask 002,
/// and a home directory only its owner and group may enter).
fn mode_of(term: &Terminal, cloud: &Cloud, path: &str, is_dir: bool) -> u32 {
    let Some(r) = session(term) else {
        return 0o644;
    };
    if let Some(mode) = cloud
        .guest(&r.instance_id)
        .and_then(|g| g.modes.get(path).copied())
    {
        return mode;
    }
    let apt = os_of(term, cloud).is_some_and(|os| os.package_manager() == PackageManager::Apt);
    let owned = owner_of(term, path) != "root";
    match (is_dir, owned && apt) {
        _ if path == "/root" => 0o700,
        _ if path == "/etc/shadow" => 0o640,
        (true, _) if path == home_of(&r.login_user) => {
            if apt {
                0o750
            } else {
                0o700
            }
        }
        (true, true) => 0o775,
        (true, false) => 0o755,
        (false, true) => 0o664,
        (false, false) => 0o644,
    }
}

/// `drwxr-xr-x` for a mode.
fn mode_string(mode: u32, is_dir: bool) -> String {
    let mut s = String::from(if is_dir { "d" } else { "-" });
    for shift in [6u32, 3, 0] {
        let bits = (mode >> shift) & 0o7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        s.push(if bits & 1 != 0 { 'x' } else { '-' });
    }
    s
}

/// One `ls -l` line.
fn long_line(
    term: &Terminal,
    cloud: &Cloud,
    path: &str,
    name: &str,
    is_dir: bool,
    size: usize,
    width: usize,
) -> String {
    let owner = owner_of(term, path);
    let mode = mode_string(mode_of(term, cloud, path, is_dir), is_dir);
    format!(
        "{mode} 1 {owner} {owner} {size:>width$} {} {name}\n",
        ls_date(cloud.now())
    )
}

/// `chmod MODE FILE...` on the instance: the owner (or root) may change a
/// file's mode, as coreutils says.
fn chmod(term: &mut Terminal, cloud: &mut Cloud, args: &[String], root: bool) -> CmdResult {
    let words: Vec<&String> = args.iter().filter(|a| *a != "-R").collect();
    let try_help = "Try 'chmod --help' for more information.\n";
    let Some((mode, files)) = words.split_first() else {
        return CmdResult::fail(format!("chmod: missing operand\n{try_help}"), 1);
    };
    if files.is_empty() {
        return CmdResult::fail(
            format!("chmod: missing operand after '{mode}'\n{try_help}"),
            1,
        );
    }
    let Some(id) = session(term).map(|r| r.instance_id.clone()) else {
        return CmdResult::default();
    };
    let mut err = String::new();
    let mut code = 0;
    for f in files {
        let full = resolve(term, f);
        let is_dir = dir_exists(term, cloud, &full);
        let exists = is_dir
            || cloud
                .guest(&id)
                .is_some_and(|g| g.files.contains_key(&full));
        if !exists {
            err.push_str(&format!(
                "chmod: cannot access '{f}': No such file or directory\n"
            ));
            code = 1;
            continue;
        }
        let current = mode_of(term, cloud, &full, is_dir);
        let Some(new_mode) = crate::vfs::apply_chmod(mode, current, is_dir) else {
            return CmdResult::fail(format!("chmod: invalid mode: '{mode}'\n{try_help}"), 1);
        };
        if !(root || is_root(term) || owner_of(term, &full) != "root") {
            err.push_str(&format!(
                "chmod: changing permissions of '{f}': Operation not permitted\n"
            ));
            code = 1;
            continue;
        }
        if let Err(e) = cloud.guest_chmod(&id, &full, new_mode) {
            err.push_str(&format!("chmod: cannot access '{f}': {e}\n"));
            code = 1;
        }
    }
    CmdResult {
        err,
        code,
        ..CmdResult::default()
    }
}

fn ls_date(t: SimTime) -> String {
    let d = crate::shell::builtins::format_date(t);
    // "Mon Jan  5 09:03:12 UTC 2026" -> "Jan  5 09:03"
    d.get(4..16).unwrap_or("").to_string()
}

fn cd(term: &mut Terminal, cloud: &Cloud, args: &[String]) -> CmdResult {
    let target = match args.first() {
        None => session(term).map(|r| home_of(&r.user)).unwrap_or_default(),
        Some(t) => resolve(term, t),
    };
    let shown = args.first().cloned().unwrap_or_default();
    if cloud_has_file(term, cloud, &target) {
        return CmdResult::fail(format!("-bash: cd: {shown}: Not a directory\n"), 1);
    }
    if !dir_exists(term, cloud, &target) {
        return CmdResult::fail(
            format!("-bash: cd: {shown}: No such file or directory\n"),
            1,
        );
    }
    if let Session::Remote(s) = &mut term.session {
        s.cwd = target;
    }
    CmdResult::ok("")
}

fn cloud_has_file(term: &Terminal, cloud: &Cloud, path: &str) -> bool {
    !dir_exists(term, cloud, path)
        && session(term)
            .and_then(|r| cloud.guest(&r.instance_id))
            .is_some_and(|g| g.files.contains_key(path))
}

fn tee(
    term: &mut Terminal,
    cloud: &mut Cloud,
    args: &[String],
    stdin: Option<&str>,
    root: bool,
) -> CmdResult {
    let append = args.iter().any(|a| a == "-a" || a == "--append");
    let input = stdin.unwrap_or("");
    let mut err = String::new();
    let mut code = 0;
    for f in args.iter().filter(|a| !a.starts_with('-')) {
        if let Err(e) = write_file(term, cloud, f, input, append, root) {
            err.push_str(&format!("tee: {f}: {e}\n"));
            code = 1;
        }
    }
    CmdResult {
        out: input.to_string(),
        err,
        code,
        ..CmdResult::default()
    }
}

fn curl_on_instance(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let parsed = match crate::curl::parse_args(args) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let Some(id) = session(term).map(|r| r.instance_id.clone()) else {
        return CmdResult::default();
    };
    let (host, port, path) = (parsed.host.clone(), parsed.port, parsed.path.clone());
    let (result, file) = crate::curl::perform(cloud, &parsed, &|c: &Cloud| {
        c.http_get_from_instance(&id, &host, port, &path)
    });
    if let (Some(body), Some(out)) = (file, &parsed.output) {
        let mut result = result;
        if let Err(e) = write_file(term, cloud, out, &body, false, false) {
            result.err.push_str(&format!(
                "curl: (23) Failure writing output to destination: {out}: {e}\n"
            ));
            result.code = 23;
        }
        return result;
    }
    result
}

/// A package's version string as the distribution ships it.
fn version_of(package: &str, manager: PackageManager) -> &'static str {
    match (package, manager) {
        ("apache2" | "apache2-bin" | "apache2-data" | "apache2-utils", _) => "2.4.58-1ubuntu8.5",
        ("nginx", PackageManager::Apt) => "1.24.0-2ubuntu7.1",
        ("nginx", _) => "1:1.24.0-1.amzn2023.0.4",
        ("httpd", _) => "2.4.62-1.amzn2023",
        ("git", PackageManager::Apt) => "1:2.43.0-1ubuntu7.1",
        ("git", _) => "2.40.1-1.amzn2023.0.3",
        (_, PackageManager::Apt) => "1.0-1ubuntu1",
        _ => "1.0-1.amzn2023",
    }
}

/// `1840` as apt prints it: `1,840`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn apt_dependencies(package: &str) -> &'static [&'static str] {
    match package {
        "apache2" => &[
            "apache2-bin",
            "apache2-data",
            "apache2-utils",
            "libapr1t64",
            "libaprutil1-dbd-sqlite3",
            "libaprutil1-ldap",
            "libaprutil1t64",
            "liblua5.4-0",
            "ssl-cert",
        ],
        "nginx" => &["nginx-common"],
        _ => &[],
    }
}

fn wrap_names(names: &[String]) -> String {
    let mut out = String::new();
    let mut line = String::from(" ");
    for n in names {
        if line.len() + n.len() + 1 > 79 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(n);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The services running on an instance.
fn active_services(cloud: &Cloud, id: &str) -> Vec<String> {
    cloud.guest(id).map_or_else(Vec::new, |g| {
        g.services
            .iter()
            .filter(|(_, s)| s.active)
            .map(|(n, _)| n.clone())
            .collect()
    })
}

/// Notes when the services a package install started began (for
/// `systemctl status` and `ps`); those already running keep their time.
fn record_service_starts(term: &mut Terminal, cloud: &Cloud, id: &str, before: &[String]) {
    for name in active_services(cloud, id) {
        if !before.contains(&name) {
            term.service_started
                .insert(format!("{id}/{name}"), cloud.now());
        }
    }
}

fn apt(
    term: &mut Terminal,
    cloud: &mut Cloud,
    name: &str,
    args: &[String],
    root: bool,
    stdin: Option<&str>,
) -> CmdResult {
    let yes = args
        .iter()
        .any(|a| a == "-y" || a == "--yes" || a == "-yq" || a == "-qy");
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(sub) = words.first().map(|s| s.as_str()) else {
        return CmdResult::fail(
            format!("{name} 2.7.14 (amd64)\nUsage: {name} [options] command\n"),
            1,
        );
    };
    let Some(id) = session(term).map(|r| r.instance_id.clone()) else {
        return CmdResult::default();
    };
    match sub {
        "update" => {
            if !root {
                return CmdResult {
                    out: "Reading package lists... Done\n".into(),
                    err: "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\nW: Problem unlinking the file /var/cache/apt/pkgcache.bin - RemoveCaches (13: Permission denied)\nW: Problem unlinking the file /var/cache/apt/srcpkgcache.bin - RemoveCaches (13: Permission denied)\n".into(),
                    code: 100,
                    err_last: true,
                    ..CmdResult::default()
                };
            }
            if let Err(e) = cloud.guest_update_package_lists(&id) {
                return CmdResult::fail(format!("{e}\n"), 100);
            }
            cloud.advance(Duration::from_secs(4));
            CmdResult::ok(
                "Hit:1 http://ap-northeast-2.ec2.archive.ubuntu.com/ubuntu noble InRelease\nGet:2 http://ap-northeast-2.ec2.archive.ubuntu.com/ubuntu noble-updates InRelease [126 kB]\nGet:3 http://security.ubuntu.com/ubuntu noble-security InRelease [126 kB]\nFetched 252 kB in 1s (312 kB/s)\nReading package lists... Done\n",
            )
        }
        "upgrade" => {
            if !root {
                return CmdResult::fail(
                    "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n",
                    100,
                );
            }
            CmdResult::ok(
                "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nCalculating upgrade... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n",
            )
        }
        "install" => {
            if !root {
                return CmdResult::fail(
                    "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n",
                    100,
                );
            }
            let packages: Vec<&str> = words.iter().skip(1).map(|s| s.as_str()).collect();
            if packages.is_empty() {
                return CmdResult::ok(
                    "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n",
                );
            }
            let mut out = String::from(
                "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n",
            );
            let already: Vec<&str> = packages
                .iter()
                .copied()
                .filter(|p| cloud.guest(&id).is_some_and(|g| g.packages.contains(*p)))
                .collect();
            let new: Vec<&str> = packages
                .iter()
                .copied()
                .filter(|p| !already.contains(p))
                .collect();
            for p in &already {
                out.push_str(&format!(
                    "{p} is already the newest version ({}).\n",
                    version_of(p, PackageManager::Apt)
                ));
            }
            if new.is_empty() {
                out.push_str("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
                return CmdResult::ok(out);
            }
            // Check the names before asking, as apt does.
            if let Some(g) = cloud.guest(&id) {
                let mut probe = g.clone();
                if let Err(e) = probe.install(&new) {
                    return CmdResult {
                        out,
                        err: format!("{e}\n"),
                        code: 100,
                        err_last: true,
                        ..CmdResult::default()
                    };
                }
            }
            let deps: Vec<String> = new
                .iter()
                .flat_map(|p| apt_dependencies(p).iter().map(|d| d.to_string()))
                .collect();
            let mut all: Vec<String> = new
                .iter()
                .map(|s| s.to_string())
                .chain(deps.iter().cloned())
                .collect();
            all.sort();
            if !deps.is_empty() {
                out.push_str("The following additional packages will be installed:\n");
                out.push_str(&wrap_names(&deps));
            }
            out.push_str("The following NEW packages will be installed:\n");
            out.push_str(&wrap_names(&all));
            let size_kb = 180 * all.len() + 40;
            out.push_str(&format!(
                "0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.\nNeed to get {} kB of archives.\nAfter this operation, {} kB of additional disk space will be used.\n",
                all.len(),
                thousands(size_kb),
                thousands(size_kb * 4)
            ));
            let question = InstallQuestion {
                instance_id: id,
                manager: PackageManager::Apt,
                packages: new.iter().map(|p| p.to_string()).collect(),
            };
            install_or_ask(term, cloud, question, out, yes, stdin)
        }
        other => CmdResult::fail(format!("E: Invalid operation {other}\n"), 100),
    }
}

/// `apt-get install` / `dnf install` waiting for its `[Y/n]` / `[y/N]`
/// answer: the next line typed is that answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallQuestion {
    /// The instance.
    pub instance_id: String,
    /// apt or dnf.
    pub manager: PackageManager,
    /// The packages asked for that are not installed yet.
    pub packages: Vec<String>,
}

/// What an answer to [`InstallQuestion`] means.
enum Reply {
    Yes,
    No,
    /// dnf did not understand it and asks again.
    Again,
}

impl InstallQuestion {
    /// The question, as the package manager prints it.
    pub fn question(&self) -> String {
        match self.manager {
            PackageManager::Apt => "Do you want to continue? [Y/n] ".to_string(),
            _ => "Is this ok [y/N]: ".to_string(),
        }
    }

    /// apt (`YnPrompt`): empty is yes, anything starting with `y`/`Y` is
    /// yes, the rest no. dnf (`userconfirm`): `y`/`yes` yes, empty, `n`,
    /// `no` no, anything else is asked again.
    fn reply(&self, line: &str) -> Reply {
        let answer = line.trim_end_matches(['\r', '\n']);
        match self.manager {
            PackageManager::Apt => {
                if answer.is_empty() || answer.starts_with(['y', 'Y']) {
                    Reply::Yes
                } else {
                    Reply::No
                }
            }
            _ => match answer.trim().to_lowercase().as_str() {
                "y" | "yes" => Reply::Yes,
                "" | "n" | "no" => Reply::No,
                _ => Reply::Again,
            },
        }
    }

    /// What the package manager prints when the answer is no (exit 1).
    fn refused(&self) -> CmdResult {
        match self.manager {
            PackageManager::Apt => CmdResult {
                out: "Abort.\n".into(),
                code: 1,
                ..CmdResult::default()
            },
            // dnf logs it; printed after the question, as the terminal shows it.
            _ => CmdResult {
                out: "Operation aborted.\n".into(),
                code: 1,
                ..CmdResult::default()
            },
        }
    }
}

/// Asks whether to install: answered by piped input (printed without the
/// answer, as a pipe is not echoed), by the next line typed when the command
/// is the whole line, or else at once by end of input, which is a no.
/// Installs at once after `out` (the package manager's summary) with `-y`, else asks.
fn install_or_ask(
    term: &mut Terminal,
    cloud: &mut Cloud,
    question: InstallQuestion,
    out: String,
    yes: bool,
    stdin: Option<&str>,
) -> CmdResult {
    if !yes {
        return ask_to_install(term, cloud, question, out, stdin);
    }
    let mut result = install_confirmed(term, cloud, &question);
    result.out = format!("{out}{}", result.out);
    result
}

fn ask_to_install(
    term: &mut Terminal,
    cloud: &mut Cloud,
    question: InstallQuestion,
    mut out: String,
    stdin: Option<&str>,
) -> CmdResult {
    let Some(input) = stdin else {
        if term.can_ask {
            term.pending = Some(crate::PendingInput::Install(question));
            return CmdResult::ok(out);
        }
        out.push_str(&question.question());
        let mut result = question.refused();
        result.out = format!("{out}{}", result.out);
        return result;
    };
    let mut lines = input.lines();
    loop {
        out.push_str(&question.question());
        let reply = match lines.next() {
            Some(line) => question.reply(line),
            None => Reply::No,
        };
        let mut result = match reply {
            Reply::Yes => install_confirmed(term, cloud, &question),
            Reply::No => question.refused(),
            Reply::Again => continue,
        };
        result.out = format!("{out}{}", result.out);
        return result;
    }
}

/// The answer to an [`InstallQuestion`] typed on the next line.
pub fn answer_install(
    term: &mut Terminal,
    cloud: &mut Cloud,
    question: InstallQuestion,
    line: &str,
) -> CmdResult {
    if let Some(notice) = check_connection(term, cloud) {
        return CmdResult::fail(notice, 255);
    }
    match question.reply(line) {
        Reply::Yes => install_confirmed(term, cloud, &question),
        Reply::No => question.refused(),
        Reply::Again => {
            term.pending = Some(crate::PendingInput::Install(question));
            CmdResult::default()
        }
    }
}

/// Downloads and installs the packages once the install is confirmed.
fn install_confirmed(
    term: &mut Terminal,
    cloud: &mut Cloud,
    question: &InstallQuestion,
) -> CmdResult {
    let id = question.instance_id.clone();
    let new: Vec<&str> = question.packages.iter().map(String::as_str).collect();
    let apt = question.manager == PackageManager::Apt;
    let before = active_services(cloud, &id);
    let installed = match cloud.guest_install_packages(&id, &new) {
        Ok(installed) => installed,
        Err(e) => {
            return CmdResult::fail(format!("{e}\n"), if apt { 100 } else { 1 });
        }
    };
    let mut out = String::new();
    if apt {
        let deps: Vec<String> = new
            .iter()
            .flat_map(|p| apt_dependencies(p).iter().map(|d| d.to_string()))
            .collect();
        let mut all: Vec<String> = installed.iter().cloned().chain(deps).collect();
        all.sort();
        cloud.advance(Duration::from_secs(12));
        for p in &all {
            out.push_str(&format!("Selecting previously unselected package {p}.\n"));
        }
        for p in &all {
            out.push_str(&format!(
                "Setting up {p} ({}) ...\n",
                version_of(p, PackageManager::Apt)
            ));
        }
        if new.contains(&"apache2") {
            out.push_str("Created symlink /etc/systemd/system/multi-user.target.wants/apache2.service → /usr/lib/systemd/system/apache2.service.\n");
        }
        out.push_str("Processing triggers for man-db (2.12.0-4build2) ...\n");
        record_service_starts(term, cloud, &id, &before);
    } else {
        cloud.advance(Duration::from_secs(10));
        out.push_str("Downloading Packages:\nRunning transaction check\nTransaction check succeeded.\nRunning transaction test\nTransaction test succeeded.\nRunning transaction\n");
        for p in &new {
            out.push_str(&format!(
                "  Installing       : {p}-{}.x86_64\n",
                version_of(p, PackageManager::Dnf)
            ));
        }
        out.push_str("\nInstalled:\n");
        for p in &new {
            out.push_str(&format!(
                "  {p}-{}.x86_64\n",
                version_of(p, PackageManager::Dnf)
            ));
        }
        out.push_str("\nComplete!\n");
    }
    CmdResult::ok(out)
}

fn dnf(
    term: &mut Terminal,
    cloud: &mut Cloud,
    args: &[String],
    root: bool,
    stdin: Option<&str>,
) -> CmdResult {
    let yes = args.iter().any(|a| a == "-y" || a == "--assumeyes");
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(sub) = words.first().map(|s| s.as_str()) else {
        return CmdResult::fail("usage: dnf [options] COMMAND\n", 1);
    };
    let Some(id) = session(term).map(|r| r.instance_id.clone()) else {
        return CmdResult::default();
    };
    let needs_root = matches!(sub, "install" | "update" | "upgrade" | "remove" | "erase");
    if needs_root && !root {
        return CmdResult::fail(
            "Error: This command has to be run with superuser privileges (under the root user on most systems).\n",
            1,
        );
    }
    let header = format!(
        "Last metadata expiration check: 0:01:12 ago on {}.\n",
        crate::shell::builtins::format_date(cloud.now()).replace(" UTC", "")
    );
    match sub {
        "update" | "upgrade" | "check-update" | "makecache" => {
            cloud.advance(Duration::from_secs(3));
            CmdResult::ok(format!(
                "{header}Dependencies resolved.\nNothing to do.\nComplete!\n"
            ))
        }
        "install" => {
            let packages: Vec<&str> = words.iter().skip(1).map(|s| s.as_str()).collect();
            let mut out = header;
            let already: Vec<&str> = packages
                .iter()
                .copied()
                .filter(|p| cloud.guest(&id).is_some_and(|g| g.packages.contains(*p)))
                .collect();
            for p in &already {
                out.push_str(&format!(
                    "Package {p}-{}.x86_64 is already installed.\n",
                    version_of(p, PackageManager::Dnf)
                ));
            }
            let new: Vec<&str> = packages
                .iter()
                .copied()
                .filter(|p| !already.contains(p))
                .collect();
            if new.is_empty() {
                out.push_str("Dependencies resolved.\nNothing to do.\nComplete!\n");
                return CmdResult::ok(out);
            }
            if let Some(g) = cloud.guest(&id) {
                let mut probe = g.clone();
                if let Err(e) = probe.install(&new) {
                    return CmdResult {
                        out,
                        err: format!("{e}\n"),
                        code: 1,
                        err_last: true,
                        ..CmdResult::default()
                    };
                }
            }
            let rule = "=".repeat(80);
            out.push_str(&format!("Dependencies resolved.\n{rule}\n Package              Architecture   Version                        Repository         Size\n{rule}\nInstalling:\n"));
            for p in &new {
                out.push_str(&format!(
                    " {p:<20} x86_64         {:<30} amazonlinux        48 k\n",
                    version_of(p, PackageManager::Dnf)
                ));
            }
            out.push_str(&format!(
                "\nTransaction Summary\n{rule}\nInstall  {} Package{}\n\nTotal download size: {} k\nInstalled size: {} k\n",
                new.len(),
                if new.len() == 1 { "" } else { "s" },
                48 * new.len(),
                120 * new.len()
            ));
            let question = InstallQuestion {
                instance_id: id,
                manager: PackageManager::Dnf,
                packages: new.iter().map(|p| p.to_string()).collect(),
            };
            install_or_ask(term, cloud, question, out, yes, stdin)
        }
        other => CmdResult::fail(
            format!("No such command: {other}. Please use /usr/bin/dnf --help\n"),
            1,
        ),
    }
}

fn unit_file(os: OsFamily, svc: &str) -> String {
    match os.package_manager() {
        PackageManager::Apt => format!("/usr/lib/systemd/system/{svc}.service"),
        _ => format!("/usr/lib/systemd/system/{svc}.service"),
    }
}

fn describe_unit(svc: &str) -> &'static str {
    match svc {
        "apache2" | "httpd" => "The Apache HTTP Server",
        "nginx" => "A high performance web server and a reverse proxy server",
        "ssh" => "OpenBSD Secure Shell server",
        "sshd" => "OpenSSH server daemon",
        "mariadb" => "MariaDB 10.11 database server",
        "mysql" => "MySQL Community Server",
        "docker" => "Docker Application Container Engine",
        "cron" | "crond" => "Regular background program processing daemon",
        _ => "System service",
    }
}

/// systemd's "1min 3s ago" style.
fn ago(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s}s ago")
    } else if s < 3600 {
        format!("{}min {}s ago", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{}h {}min ago", s / 3600, (s % 3600) / 60)
    } else {
        format!("{} days ago", s / 86_400)
    }
}

fn systemctl(term: &mut Terminal, cloud: &mut Cloud, args: &[String], root: bool) -> CmdResult {
    let now_flag = args.iter().any(|a| a == "--now");
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(action) = words.first().map(|s| s.as_str()) else {
        return CmdResult::ok("  UNIT                      LOAD   ACTIVE SUB     DESCRIPTION\n");
    };
    let Some(svc_arg) = words.get(1) else {
        return CmdResult::fail("Too few arguments.\n", 1);
    };
    let svc = svc_arg.trim_end_matches(".service").to_string();
    let unit = format!("{svc}.service");
    let Some(r) = session(term).cloned() else {
        return CmdResult::default();
    };
    let Some(os) = os_of(term, cloud) else {
        return CmdResult::default();
    };
    let known = cloud
        .guest(&r.instance_id)
        .and_then(|g| g.service(&svc).copied());
    match action {
        "status" | "is-active" | "is-enabled" => {
            let Some(state) = known else {
                return match action {
                    "status" => CmdResult::fail(format!("Unit {unit} could not be found.\n"), 4),
                    "is-active" => CmdResult {
                        out: "inactive\n".into(),
                        err: String::new(),
                        code: 3,
                        ..CmdResult::default()
                    },
                    _ => CmdResult::fail(
                        format!(
                            "Failed to get unit file state for {unit}: No such file or directory\n"
                        ),
                        1,
                    ),
                };
            };
            match action {
                "is-active" => {
                    if state.active {
                        CmdResult::ok("active\n")
                    } else {
                        CmdResult {
                            out: "inactive\n".into(),
                            err: String::new(),
                            code: 3,
                            ..CmdResult::default()
                        }
                    }
                }
                "is-enabled" => {
                    if state.enabled {
                        CmdResult::ok("enabled\n")
                    } else {
                        CmdResult {
                            out: "disabled\n".into(),
                            err: String::new(),
                            code: 1,
                            ..CmdResult::default()
                        }
                    }
                }
                _ => {
                    let preset = if os.package_manager() == PackageManager::Apt {
                        "enabled"
                    } else {
                        "disabled"
                    };
                    let enabled = if state.enabled { "enabled" } else { "disabled" };
                    let mut out = format!(
                        "{} {unit} - {}\n     Loaded: loaded ({}; {enabled}; preset: {preset})\n",
                        if state.active { "●" } else { "○" },
                        describe_unit(&svc),
                        unit_file(os, &svc)
                    );
                    if state.active {
                        let boot = cloud
                            .instance(&r.instance_id)
                            .map(|i| i.state_since)
                            .unwrap_or(SimTime::ZERO);
                        let since = term
                            .service_started
                            .get(&format!("{}/{svc}", r.instance_id))
                            .copied()
                            .filter(|t| *t >= boot)
                            .unwrap_or(boot);
                        let when = crate::shell::builtins::format_date(since);
                        // "Mon Jan  5 09:03:12 UTC 2026" -> "Mon 2026-01-05 09:03:12 UTC"
                        let iso = since.to_iso8601();
                        out.push_str(&format!(
                            "     Active: active (running) since {} {} {} UTC; {}\n",
                            when.get(..3).unwrap_or(""),
                            iso.get(..10).unwrap_or(""),
                            iso.get(11..19).unwrap_or(""),
                            ago(cloud.now().since(since))
                        ));
                        let pid = crate::sysinfo::service_pid(&svc);
                        out.push_str(&format!(
                            "   Main PID: {pid} ({})\n      Tasks: 55 (limit: 1111)\n     Memory: 5.4M (peak: 5.7M)\n        CPU: 41ms\n     CGroup: /system.slice/{unit}\n",
                            if svc == "apache2" { "apache2" } else { svc.as_str() }
                        ));
                        CmdResult::ok(out)
                    } else {
                        out.push_str("     Active: inactive (dead)\n");
                        CmdResult {
                            out,
                            err: String::new(),
                            code: 3,
                            ..CmdResult::default()
                        }
                    }
                }
            }
        }
        "start" | "stop" | "restart" | "reload" | "enable" | "disable" => {
            if !root {
                return CmdResult::fail(
                    format!(
                        "Failed to {action} {unit}: Interactive authentication required.\nSee system logs and 'systemctl status {unit}' for details.\n"
                    ),
                    1,
                );
            }
            let mut actions: Vec<ServiceAction> = Vec::new();
            match action {
                "start" => actions.push(ServiceAction::Start),
                "stop" => actions.push(ServiceAction::Stop),
                "restart" | "reload" => actions.push(ServiceAction::Restart),
                "enable" => {
                    actions.push(ServiceAction::Enable);
                    if now_flag {
                        actions.push(ServiceAction::Start);
                    }
                }
                _ => {
                    actions.push(ServiceAction::Disable);
                    if now_flag {
                        actions.push(ServiceAction::Stop);
                    }
                }
            }
            let was_enabled = known.is_some_and(|s| s.enabled);
            let mut err = String::new();
            for a in actions {
                match cloud.guest_service(&r.instance_id, &svc, a) {
                    Ok(_) => {
                        if matches!(a, ServiceAction::Start | ServiceAction::Restart) {
                            term.service_started
                                .insert(format!("{}/{svc}", r.instance_id), cloud.now());
                        }
                        if a == ServiceAction::Enable && !was_enabled {
                            if os.package_manager() == PackageManager::Apt {
                                err.push_str(&format!("Synchronizing state of {unit} with SysV service script with /usr/lib/systemd/systemd-sysv-install.\nExecuting: /usr/lib/systemd/systemd-sysv-install enable {svc}\n"));
                            }
                            err.push_str(&format!("Created symlink /etc/systemd/system/multi-user.target.wants/{unit} → {}.\n", unit_file(os, &svc)));
                        }
                        if a == ServiceAction::Disable && was_enabled {
                            err.push_str(&format!(
                                "Removed \"/etc/systemd/system/multi-user.target.wants/{unit}\".\n"
                            ));
                        }
                    }
                    Err(GuestError::UnitNotFound { .. }) => {
                        let verb = match a {
                            ServiceAction::Enable | ServiceAction::Disable => {
                                return CmdResult::fail(
                                    format!(
                                        "Failed to {action} unit: Unit file {unit} does not exist.\n"
                                    ),
                                    1,
                                );
                            }
                            _ => action,
                        };
                        return CmdResult::fail(
                            format!("Failed to {verb} {unit}: Unit {unit} not found.\n"),
                            5,
                        );
                    }
                    Err(e) => return CmdResult::fail(format!("{e}\n"), 1),
                }
            }
            CmdResult {
                out: String::new(),
                err,
                code: 0,
                ..CmdResult::default()
            }
        }
        other => CmdResult::fail(format!("Unknown command verb '{other}'.\n"), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homes_and_durations() {
        assert_eq!(home_of("ubuntu"), "/home/ubuntu");
        assert_eq!(home_of("root"), "/root");
        assert_eq!(thousands(1840), "1,840");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(ago(Duration::from_secs(5)), "5s ago");
        assert_eq!(ago(Duration::from_secs(63)), "1min 3s ago");
        assert_eq!(ago(Duration::from_secs(3720)), "1h 2min ago");
    }

    #[test]
    fn install_answers_follow_apt_and_dnf() {
        let q = |manager| InstallQuestion {
            instance_id: "i-1".into(),
            manager,
            packages: vec!["git".into()],
        };
        let apt = q(PackageManager::Apt);
        assert_eq!(apt.question(), "Do you want to continue? [Y/n] ");
        for yes in ["", "y", "Y", "yes", "yup"] {
            assert!(matches!(apt.reply(yes), Reply::Yes), "{yes:?}");
        }
        for no in ["n", "N", "no", "x"] {
            assert!(matches!(apt.reply(no), Reply::No), "{no:?}");
        }
        assert_eq!(apt.refused().out, "Abort.\n");
        let dnf = q(PackageManager::Dnf);
        assert_eq!(dnf.question(), "Is this ok [y/N]: ");
        assert!(matches!(dnf.reply("Y"), Reply::Yes));
        assert!(matches!(dnf.reply("yes"), Reply::Yes));
        for no in ["", "n", "No"] {
            assert!(matches!(dnf.reply(no), Reply::No), "{no:?}");
        }
        assert!(matches!(dnf.reply("sure"), Reply::Again));
        assert_eq!(dnf.refused().out, "Operation aborted.\n");
        assert_eq!(dnf.refused().code, 1);
    }

    #[test]
    fn package_lists_wrap() {
        let names: Vec<String> = (0..20).map(|i| format!("package-{i}")).collect();
        let text = wrap_names(&names);
        assert!(text.lines().all(|l| l.len() <= 80));
        assert!(text.lines().count() > 1);
    }
}
