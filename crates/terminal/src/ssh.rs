//! `ssh`: OpenSSH's checks, in OpenSSH's order, with its messages: name lookup,
//! TCP connect (security groups, network ACLs, routes, public address), host key,
//! private key file permissions and format, then public key authentication.

use std::time::Duration;

use cloudlab_model::ec2::InstanceStateName;
use cloudlab_model::ec2::Protocol;
use cloudlab_model::ec2::guest::HostKey;
use cloudlab_model::ec2::key_pairs::KeyCheck;
use cloudlab_model::ec2::network::Reachability;
use cloudlab_model::{Cloud, OsFamily, SimTime};
use serde::{Deserialize, Serialize};

use crate::shell::CmdResult;
use crate::vfs::{self, VfsError};
use crate::{RemoteSession, Session, Terminal};

/// How long an unanswered TCP connect takes to fail on Linux (SYN retries).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(134);

const USAGE: &str = "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n";

/// The parsed command line.
#[derive(Debug, Default, PartialEq, Eq)]
struct SshArgs {
    identity: Option<String>,
    user: Option<String>,
    host: String,
    port: u16,
    connect_timeout: Option<u64>,
    strict: Strict,
    command: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<SshArgs, String> {
    let mut out = SshArgs {
        port: 22,
        ..SshArgs::default()
    };
    let mut i = 0;
    let mut destination: Option<String> = None;
    while let Some(a) = args.get(i) {
        i += 1;
        if destination.is_some() {
            out.command.push(a.clone());
            continue;
        }
        if let Some(flag) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            let (opt, inline) = flag.split_at(1);
            let takes_value = "BbcDEeFIiJLlmOoPpRSWw".contains(opt);
            if takes_value {
                let value = if inline.is_empty() {
                    i += 1;
                    args.get(i - 1)
                        .cloned()
                        .ok_or_else(|| format!("option requires an argument -- {opt}\n{USAGE}"))?
                } else {
                    inline.to_string()
                };
                match opt {
                    "i" => out.identity = Some(value),
                    "l" => out.user = Some(value),
                    "p" => {
                        out.port = value.parse().map_err(|_| format!("Bad port '{value}'\n"))?;
                    }
                    "o" => {
                        let (k, v) = value
                            .split_once(['=', ' '])
                            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                            .unwrap_or((value.to_ascii_lowercase(), String::new()));
                        if k == "stricthostkeychecking" {
                            out.strict = Strict::parse(&v).ok_or_else(|| {
                                format!("command-line line 0: unsupported option \"{v}\".\n")
                            })?;
                        } else if k == "connecttimeout" {
                            out.connect_timeout = v.parse().ok();
                        } else if k == "user" {
                            out.user = Some(v);
                        } else if k == "port" {
                            out.port = v.parse().unwrap_or(22);
                        }
                    }
                    _ => {}
                }
            } else if !flag.chars().all(|c| "46AaCfGgKkMNnqsTtVvXxYy".contains(c)) {
                let bad = flag
                    .chars()
                    .find(|c| !"46AaCfGgKkMNnqsTtVvXxYy".contains(*c))
                    .unwrap_or('?');
                return Err(format!("unknown option -- {bad}\n{USAGE}"));
            }
        } else {
            destination = Some(a.clone());
        }
    }
    let Some(dest) = destination else {
        return Err(USAGE.to_string());
    };
    match dest.rsplit_once('@') {
        Some((u, h)) => {
            out.user = Some(u.to_string());
            out.host = h.to_string();
        }
        None => out.host = dest,
    }
    Ok(out)
}

use crate::keygen::KNOWN_HOSTS;

/// `StrictHostKeyChecking`: what to do with a host whose key is not known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Strict {
    /// `yes`: refuse unknown hosts.
    Yes,
    /// `ask` (the default): ask whether to trust the key.
    #[default]
    Ask,
    /// `accept-new`: add unknown hosts, refuse changed keys.
    AcceptNew,
    /// `no`/`off`: add unknown hosts, connect to changed keys with a warning.
    Off,
}

impl Strict {
    /// OpenSSH's values (case does not matter).
    fn parse(value: &str) -> Option<Strict> {
        match value.to_ascii_lowercase().as_str() {
            "yes" | "true" => Some(Strict::Yes),
            "ask" => Some(Strict::Ask),
            "accept-new" => Some(Strict::AcceptNew),
            "no" | "off" | "false" => Some(Strict::Off),
            _ => None,
        }
    }
}

/// `ssh` waiting for the answer to "Are you sure you want to continue
/// connecting": the next line typed is that answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostKeyQuestion {
    /// The `ssh` arguments, to carry on with once the key is trusted.
    pub args: Vec<String>,
    /// The instance that answered.
    pub instance_id: String,
    /// The address connected to.
    pub ip: String,
    /// The host key's fingerprint (typing it is a yes too).
    pub fingerprint: String,
    /// An answer was not understood, so OpenSSH asks again.
    pub again: bool,
}

impl HostKeyQuestion {
    /// The question on the prompt line.
    pub fn question(&self) -> String {
        if self.again {
            "Please type 'yes', 'no' or the fingerprint: ".to_string()
        } else {
            "Are you sure you want to continue connecting (yes/no/[fingerprint])? ".to_string()
        }
    }
}

/// What `known_hosts` says about a host and the key it presented.
#[derive(Debug, PartialEq, Eq)]
enum KnownHost {
    /// A line for the host has this key.
    Matches,
    /// Lines for the host have other keys; the first is at this line (1-based).
    Changed(usize),
    /// No line names the host.
    New,
}

/// Whether a `known_hosts` host field (`name,name2`) names `host`.
fn names_host(field: &str, host: &str) -> bool {
    field.split(',').any(|h| h.eq_ignore_ascii_case(host))
}

/// The `known_hosts` entries as (line number, host field, key text).
fn known_hosts(term: &Terminal) -> Vec<(usize, String, String)> {
    term.read_file(KNOWN_HOSTS)
        .unwrap_or("")
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('@') {
                return None;
            }
            let mut parts = line.split_whitespace();
            let hosts = parts.next()?;
            let key: Vec<&str> = parts.take(2).collect();
            Some((i + 1, hosts.to_string(), key.join(" ")))
        })
        .collect()
}

fn check_known_host(term: &Terminal, host: &str, key: &str) -> KnownHost {
    let entries = known_hosts(term);
    let for_host: Vec<&(usize, String, String)> = entries
        .iter()
        .filter(|(_, hosts, _)| names_host(hosts, host))
        .collect();
    if for_host.iter().any(|(_, _, k)| k == key) {
        KnownHost::Matches
    } else if let Some((line, _, _)) = for_host.first() {
        KnownHost::Changed(*line)
    } else {
        KnownHost::New
    }
}

/// OpenSSH's line about other names the same key is known under.
fn other_names_message(term: &Terminal, host: &str, key: &str) -> String {
    let others: Vec<String> = known_hosts(term)
        .into_iter()
        .filter(|(_, hosts, k)| k == key && !names_host(hosts, host))
        .map(|(line, hosts, _)| format!("    ~/.ssh/known_hosts:{line}: {hosts}"))
        .collect();
    if others.is_empty() {
        return "This key is not known by any other names.\n".to_string();
    }
    let mut text = "This host key is known by the following other names/addresses:\n".to_string();
    for name in others.iter().take(8) {
        text.push_str(name);
        text.push('\n');
    }
    if others.len() > 8 {
        text.push_str(&format!(
            "    ({} additional names omitted)\n",
            others.len() - 8
        ));
    }
    text
}

/// Appends a host to `known_hosts` and returns OpenSSH's notice.
fn add_known_host(term: &mut Terminal, cloud: &Cloud, host: &str, key: &HostKey) -> String {
    let now = cloud.now().unix_seconds();
    let _ = term.vfs.write_with_mode(
        KNOWN_HOSTS,
        &format!("{host} {}\n", key.public_key_line("")),
        true,
        0o600,
        now,
    );
    format!(
        "Warning: Permanently added '{host}' ({}) to the list of known hosts.\n",
        key.type_name()
    )
}

/// The block OpenSSH prints when a known host presents a different key.
fn host_key_changed_block(host: &str, key: &HostKey, line: usize) -> String {
    format!(
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
         @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n\
         @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
         IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n\
         Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n\
         It is also possible that a host key has just been changed.\n\
         The fingerprint for the {} key sent by the remote host is\n\
         {}.\n\
         Please contact your system administrator.\n\
         Add correct host key in {KNOWN_HOSTS} to get rid of this message.\n\
         Offending {} key in {KNOWN_HOSTS}:{line}\n  \
         remove with:\n  \
         ssh-keygen -f '{KNOWN_HOSTS}' -R '{host}'\n",
        key.type_name(),
        key.fingerprint(),
        key.type_name(),
    )
}

/// The bad-permissions block OpenSSH prints for a group/other-readable key.
pub fn unprotected_key_block(mode: u32, path: &str) -> String {
    format!(
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
         @         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n\
         @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
         Permissions 0{mode:03o} for '{path}' are too open.\n\
         It is required that your private key files are NOT accessible by others.\n\
         This private key will be ignored.\n\
         Load key \"{path}\": bad permissions\n"
    )
}

/// Runs `ssh <args>` from the laptop.
pub fn run(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let parsed = match parse_args(args) {
        Ok(p) => p,
        Err(e) => return CmdResult::fail(e, 255),
    };
    // OpenSSH checks `-i` while it reads its options, before connecting.
    let mut err = String::new();
    if let Some(path) = &parsed.identity
        && term.vfs.get(&vfs::normalize(&term.cwd, path)).is_none()
    {
        err.push_str(&format!(
            "Warning: Identity file {path} not accessible: No such file or directory.\n"
        ));
    }
    let fail = |mut err: String, text: String| {
        err.push_str(&text);
        CmdResult::fail(err, 255)
    };
    let host = parsed.host.clone();
    // 1. Name lookup.
    let Some(ip) = cloud.resolve_public_host(&host) else {
        return fail(
            err,
            format!("ssh: Could not resolve hostname {host}: Name or service not known\n"),
        );
    };
    let refused = format!(
        "ssh: connect to host {ip} port {}: Connection refused\n",
        parsed.port
    );
    // 2. TCP connect.
    let instance_id =
        match cloud.check_reachability(cloud.learner_ip(), &host, Protocol::Tcp, parsed.port) {
            Reachability::Reachable { instance_id, .. } => instance_id,
            Reachability::Blocked(_) => {
                let wait = parsed
                    .connect_timeout
                    .map_or(CONNECT_TIMEOUT, Duration::from_secs);
                cloud.advance(wait);
                return fail(
                    err,
                    format!(
                        "ssh: connect to host {ip} port {}: Connection timed out\n",
                        parsed.port
                    ),
                );
            }
        };
    if cloud.instance(&instance_id).is_none()
        || parsed.port != 22
        || !cloud.guest(&instance_id).is_some_and(|g| g.listening(22))
    {
        return fail(err, refused);
    }
    let Some(key) = cloud.host_key(&instance_id) else {
        return fail(err, refused);
    };
    // 3. Host key: known, changed (an address now used by another instance),
    // or new, which StrictHostKeyChecking decides.
    let key_text = key.public_key_line("");
    match check_known_host(term, &host, &key_text) {
        KnownHost::Matches => {}
        KnownHost::Changed(line) => {
            err.push_str(&host_key_changed_block(&host, &key, line));
            if parsed.strict != Strict::Off {
                return fail(
                    err,
                    format!(
                        "Host key for {host} has changed and you have requested strict checking.\nHost key verification failed.\n"
                    ),
                );
            }
            err.push_str("Password authentication is disabled to avoid man-in-the-middle attacks.\nKeyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.\nUpdateHostkeys is disabled because the host key is not trusted.\n");
        }
        KnownHost::New => match parsed.strict {
            Strict::Yes => {
                return fail(
                    err,
                    format!(
                        "No {} host key is known for {host} and you have requested strict checking.\nHost key verification failed.\n",
                        key.type_name()
                    ),
                );
            }
            Strict::AcceptNew | Strict::Off => {
                err.push_str(&add_known_host(term, cloud, &host, &key));
            }
            Strict::Ask => {
                err.push_str(&format!(
                    "The authenticity of host '{host} ({ip})' can't be established.\n{} key fingerprint is {}.\n{}",
                    key.type_name(),
                    key.fingerprint(),
                    other_names_message(term, &host, &key_text)
                ));
                let question = HostKeyQuestion {
                    args: args.to_vec(),
                    instance_id,
                    ip: ip.to_string(),
                    fingerprint: key.fingerprint(),
                    again: false,
                };
                if term.can_ask {
                    term.pending = Some(crate::PendingInput::SshHostKey(question));
                    return CmdResult {
                        err,
                        ..CmdResult::default()
                    };
                }
                // Inside a pipe, a `$(…)` or after `&&` the terminal cannot
                // stop halfway through the line for an answer.
                err.push_str(&question.question());
                return fail(
                    err,
                    "\nssh: this terminal answers host key questions only when ssh is the whole command line. Run the ssh command on its own, or add -o StrictHostKeyChecking=accept-new.\nHost key verification failed.\n".to_string(),
                );
            }
        },
    }
    log_in(term, cloud, &parsed, &instance_id, err)
}

/// The answer to [`HostKeyQuestion`]: `yes` or the fingerprint trusts the key
/// and carries on logging in, `no` or an empty line stops, anything else
/// asks again (as OpenSSH's `confirm()` does).
pub fn answer(
    term: &mut Terminal,
    cloud: &mut Cloud,
    mut question: HostKeyQuestion,
    line: &str,
) -> CmdResult {
    let word = line
        .split([' ', '\t'])
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if word.is_empty() || word.eq_ignore_ascii_case("no") {
        return CmdResult::fail("Host key verification failed.\n", 255);
    }
    if !(word.eq_ignore_ascii_case("yes") || word == question.fingerprint) {
        question.again = true;
        term.pending = Some(crate::PendingInput::SshHostKey(question));
        return CmdResult::default();
    }
    let parsed = match parse_args(&question.args) {
        Ok(p) => p,
        Err(e) => return CmdResult::fail(e, 255),
    };
    // The server may have gone while the question waited.
    let id = question.instance_id.clone();
    let key = cloud
        .host_key(&id)
        .filter(|_| cloud.guest(&id).is_some_and(|g| g.listening(22)))
        .filter(|_| {
            cloud
                .instance(&id)
                .is_some_and(|i| i.state == InstanceStateName::Running)
        });
    let Some(key) = key else {
        return CmdResult::fail(
            format!(
                "Connection closed by {} port {}\n",
                question.ip, parsed.port
            ),
            255,
        );
    };
    let err = add_known_host(term, cloud, &parsed.host, &key);
    log_in(term, cloud, &parsed, &id, err)
}

/// Steps 4 and 5: the private key file, public key authentication, then the
/// session (or the command given on the ssh line).
fn log_in(
    term: &mut Terminal,
    cloud: &mut Cloud,
    parsed: &SshArgs,
    instance_id: &str,
    mut err: String,
) -> CmdResult {
    let user = parsed.user.clone().unwrap_or_else(|| vfs::USER.to_string());
    let host = parsed.host.clone();
    let Some(os) = cloud.instance(instance_id).map(|i| i.os) else {
        err.push_str(&format!("Connection closed by {host} port 22\n"));
        return CmdResult::fail(err, 255);
    };
    // 4. The private key file (a missing one was reported while parsing).
    let mut key_text: Option<String> = None;
    if let Some(path) = &parsed.identity {
        let full = vfs::normalize(&term.cwd, path);
        match term.vfs.get(&full) {
            None => {}
            Some(node) if node.is_dir() => {
                err.push_str(&format!("Load key \"{path}\": is a directory\n"))
            }
            Some(node) if node.mode & 0o077 != 0 => {
                err.push_str(&unprotected_key_block(node.mode & 0o777, path));
            }
            Some(_) => match term.vfs.read(&full) {
                Ok(text) => match cloud.key_pair_accepts(instance_id, text) {
                    KeyCheck::NotAPrivateKey | KeyCheck::PuttyFormat => {
                        err.push_str(&format!("Load key \"{path}\": invalid format\n"));
                    }
                    _ => key_text = Some(text.to_string()),
                },
                Err(VfsError::PermissionDenied) => {
                    err.push_str(&format!("Load key \"{path}\": Permission denied\n"));
                }
                Err(e) => err.push_str(&format!("Load key \"{path}\": {e}\n")),
            },
        }
    }
    // 5. Authentication.
    let default_user = cloud
        .guest(instance_id)
        .map(|g| g.default_user.clone())
        .unwrap_or_default();
    let accepted = key_text
        .as_deref()
        .is_some_and(|k| cloud.key_pair_accepts(instance_id, k) == KeyCheck::Accepted);
    if !accepted || user != default_user {
        err.push_str(&format!("{user}@{host}: Permission denied (publickey).\n"));
        return CmdResult::fail(err, 255);
    }
    let hostname = cloud
        .guest(instance_id)
        .map(|g| g.hostname.clone())
        .unwrap_or_else(|| "localhost".into());
    let session = RemoteSession {
        instance_id: instance_id.to_string(),
        user: user.clone(),
        login_user: user.clone(),
        host: host.clone(),
        hostname,
        cwd: crate::remote::home_of(&user),
    };
    // A command on the ssh line runs, then the connection closes.
    if !parsed.command.is_empty() {
        let saved = std::mem::replace(&mut term.session, Session::Remote(session));
        let line = parsed.command.join(" ");
        let mut result = crate::shell::run_sub(term, cloud, &line);
        term.session = saved;
        err.push_str(&result.err);
        result.err = err;
        return result;
    }
    let last = term.last_logins.get(instance_id).copied();
    term.last_logins
        .insert(instance_id.to_string(), cloud.now());
    let motd = motd(cloud, instance_id, os, last);
    term.session = Session::Remote(session);
    CmdResult {
        out: motd,
        err,
        code: 0,
        ..CmdResult::default()
    }
}

fn motd(cloud: &Cloud, instance_id: &str, os: OsFamily, last: Option<SimTime>) -> String {
    let now = cloud.now();
    let private_ip = cloud
        .instance(instance_id)
        .map(|i| i.private_ip.to_string())
        .unwrap_or_default();
    let mut out = match os {
        OsFamily::Ubuntu2404 | OsFamily::Ubuntu2204 => {
            let (version, kernel) = if os == OsFamily::Ubuntu2404 {
                ("24.04.1 LTS", "6.8.0-1018-aws")
            } else {
                ("22.04.5 LTS", "6.8.0-1019-aws")
            };
            format!(
                "Welcome to Ubuntu {version} (GNU/Linux {kernel} x86_64)\n\n \
                 * Documentation:  https://help.ubuntu.com\n \
                 * Management:     https://landscape.canonical.com\n \
                 * Support:        https://ubuntu.com/pro\n\n \
                 System information as of {}\n\n  \
                 System load:  0.0               Processes:             105\n  \
                 Usage of /:   25.3% of 6.71GB   Users logged in:       0\n  \
                 Memory usage: 21%               IPv4 address for ens5: {private_ip}\n  \
                 Swap usage:   0%\n\n\
                 Expanded Security Maintenance for Applications is not enabled.\n\n\
                 0 updates can be applied immediately.\n\n\
                 Enable ESM Apps to receive additional future security updates.\n\
                 See https://ubuntu.com/esm or run: sudo pro status\n\n",
                crate::shell::builtins::format_date(now)
            )
        }
        OsFamily::AmazonLinux2023 => "   ,     #_\n   ~\\_  ####_        Amazon Linux 2023\n  ~~  \\_#####\\\n  ~~     \\###|\n  ~~       \\#/ ___   https://aws.amazon.com/linux/amazon-linux-2023\n   ~~       V~' '->\n    ~~~         /\n      ~~._.   _/\n         _/ _/\n       _/m/'\n".to_string(),
        OsFamily::Debian12 => "Linux ip-host 6.1.0-28-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64\n\nThe programs included with the Debian GNU/Linux system are free software;\nthe exact distribution terms for each program are described in the\nindividual files in /usr/share/doc/*/copyright.\n\nDebian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent\npermitted by applicable law.\n"
            .replace("ip-host", &cloud.guest(instance_id).map(|g| g.hostname.clone()).unwrap_or_default()),
        OsFamily::Rhel9 => "Register this system with Red Hat Insights: rhc connect\n\nExample:\n# rhc connect --activation-key <key> --organization <org>\n\nThe rhc client and Red Hat Insights will enable analytics and additional\nmanagement capabilities on your system.\nView your connected systems at https://console.redhat.com/insights\n\nYou can learn more about how to register your system\nusing rhc at https://red.ht/registration\n".to_string(),
        OsFamily::WindowsServer2022 => String::new(),
    };
    if let Some(t) = last {
        let learner = cloud.learner_ip();
        out.push_str(&format!(
            "Last login: {} from {learner}\n",
            crate::shell::builtins::format_date(t).replace(" UTC", "")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_openssh_arguments() {
        let a = parse_args(&words(
            "-i key.pem -o StrictHostKeyChecking=no ubuntu@3.34.1.2",
        ))
        .unwrap();
        assert_eq!(a.identity.as_deref(), Some("key.pem"));
        assert_eq!(a.user.as_deref(), Some("ubuntu"));
        assert_eq!(a.host, "3.34.1.2");
        assert_eq!(a.port, 22);
        let a = parse_args(&words("-ikey.pem -p 2222 -l ec2-user host uname -a")).unwrap();
        assert_eq!(a.identity.as_deref(), Some("key.pem"));
        assert_eq!(a.port, 2222);
        assert_eq!(a.user.as_deref(), Some("ec2-user"));
        assert_eq!(a.command, words("uname -a"));
        assert!(
            parse_args(&words("-i"))
                .unwrap_err()
                .starts_with("option requires an argument -- i")
        );
        assert!(parse_args(&[]).unwrap_err().starts_with("usage: ssh"));
        assert!(
            parse_args(&words("-Z host"))
                .unwrap_err()
                .starts_with("unknown option -- Z")
        );
    }

    #[test]
    fn unprotected_block_matches_openssh() {
        let block = unprotected_key_block(0o644, "key.pem");
        assert!(block.starts_with("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n"));
        assert!(block.contains("Permissions 0644 for 'key.pem' are too open.\n"));
        assert!(block.ends_with("Load key \"key.pem\": bad permissions\n"));
    }

    #[test]
    fn changed_key_block_matches_openssh() {
        let key = HostKey::derive("i-1");
        let block = host_key_changed_block("3.34.1.2", &key, 2);
        assert!(
            block.contains(
                "The fingerprint for the ED25519 key sent by the remote host is\nSHA256:"
            )
        );
        assert!(block.contains("Offending ED25519 key in /home/learner/.ssh/known_hosts:2\n"));
        assert!(block.ends_with("ssh-keygen -f '/home/learner/.ssh/known_hosts' -R '3.34.1.2'\n"));
    }

    #[test]
    fn strict_host_key_checking_values() {
        assert_eq!(Strict::parse("accept-new"), Some(Strict::AcceptNew));
        assert_eq!(Strict::parse("No"), Some(Strict::Off));
        assert_eq!(Strict::parse("off"), Some(Strict::Off));
        assert_eq!(Strict::parse("true"), Some(Strict::Yes));
        assert_eq!(Strict::parse("ask"), Some(Strict::Ask));
        assert_eq!(Strict::parse("maybe"), None);
        assert_eq!(
            parse_args(&words("-o StrictHostKeyChecking=maybe host")).unwrap_err(),
            "command-line line 0: unsupported option \"maybe\".\n"
        );
        assert_eq!(
            parse_args(&words("host")).unwrap().strict,
            Strict::Ask,
            "OpenSSH asks by default"
        );
    }

    #[test]
    fn known_hosts_lines_are_matched_by_name_and_key() {
        let mut term = Terminal::new();
        let a = HostKey::derive("i-a").public_key_line("");
        let b = HostKey::derive("i-b").public_key_line("");
        let text = format!("# comment\n3.34.1.2 {a}\nweb.example,3.34.1.3 {b}\n");
        term.write_file(KNOWN_HOSTS, &text, 0o600).unwrap();
        assert_eq!(check_known_host(&term, "3.34.1.2", &a), KnownHost::Matches);
        assert_eq!(
            check_known_host(&term, "3.34.1.2", &b),
            KnownHost::Changed(2)
        );
        assert_eq!(check_known_host(&term, "3.34.1.3", &b), KnownHost::Matches);
        assert_eq!(check_known_host(&term, "3.34.1.9", &a), KnownHost::New);
        assert_eq!(
            other_names_message(&term, "ec2-3-34-1-2.example", &a),
            "This host key is known by the following other names/addresses:\n    ~/.ssh/known_hosts:2: 3.34.1.2\n"
        );
        assert_eq!(
            other_names_message(
                &term,
                "3.34.1.9",
                &HostKey::derive("i-c").public_key_line("")
            ),
            "This key is not known by any other names.\n"
        );
    }
}
