//! `ssh`: OpenSSH's checks, in OpenSSH's order, with its messages: name lookup,
//! TCP connect (security groups, network ACLs, routes, public address), host key,
//! private key file permissions and format, then public key authentication.

use std::time::Duration;

use cloudlab_model::ec2::Protocol;
use cloudlab_model::ec2::key_pairs::KeyCheck;
use cloudlab_model::ec2::network::Reachability;
use cloudlab_model::ssh_keys::{self, KeyType};
use cloudlab_model::{Cloud, OsFamily, SimTime};

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
    strict_host_key_checking: Option<String>,
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
                            out.strict_host_key_checking = Some(v.to_ascii_lowercase());
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

/// An instance's ED25519 host key blob (stable per instance, new for a new one).
fn host_key_blob(instance_id: &str) -> Vec<u8> {
    let key = cloudlab_model::digest::sha256(format!("host key of {instance_id}").as_bytes());
    let mut blob = Vec::new();
    for part in [b"ssh-ed25519".as_slice(), key.as_slice()] {
        blob.extend_from_slice(&(part.len() as u32).to_be_bytes());
        blob.extend_from_slice(part);
    }
    blob
}

/// The `known_hosts` key text (`ssh-ed25519 AAAA...`) for an instance.
fn host_key(instance_id: &str) -> String {
    ssh_keys::public_key_line(KeyType::Ed25519, &host_key_blob(instance_id), "")
}

use crate::keygen::KNOWN_HOSTS;

/// The block OpenSSH prints when a known host presents a different key.
fn host_key_changed_block(host: &str, instance_id: &str, line: usize) -> String {
    format!(
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
         @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n\
         @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
         IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n\
         Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n\
         It is also possible that a host key has just been changed.\n\
         The fingerprint for the ED25519 key sent by the remote host is\n\
         {}.\n\
         Please contact your system administrator.\n\
         Add correct host key in {KNOWN_HOSTS} to get rid of this message.\n\
         Offending ED25519 key in {KNOWN_HOSTS}:{line}\n  \
         remove with:\n  \
         ssh-keygen -f '{KNOWN_HOSTS}' -R '{host}'\n",
        ssh_keys::openssh_fingerprint(&host_key_blob(instance_id))
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
    let user = parsed.user.clone().unwrap_or_else(|| vfs::USER.to_string());
    let host = parsed.host.clone();
    let mut err = String::new();
    // 1. Name lookup.
    let Some(ip) = cloud.resolve_public_host(&host) else {
        return CmdResult::fail(
            format!("ssh: Could not resolve hostname {host}: Name or service not known\n"),
            255,
        );
    };
    // 2. TCP connect.
    let instance_id =
        match cloud.check_reachability(cloud.learner_ip(), &host, Protocol::Tcp, parsed.port) {
            Reachability::Reachable { instance_id, .. } => instance_id,
            Reachability::Blocked(_) => {
                let wait = parsed
                    .connect_timeout
                    .map_or(CONNECT_TIMEOUT, Duration::from_secs);
                cloud.advance(wait);
                return CmdResult::fail(
                    format!(
                        "ssh: connect to host {ip} port {}: Connection timed out\n",
                        parsed.port
                    ),
                    255,
                );
            }
        };
    let Some(instance) = cloud.instance(&instance_id) else {
        return CmdResult::fail(
            format!(
                "ssh: connect to host {ip} port {}: Connection refused\n",
                parsed.port
            ),
            255,
        );
    };
    let os = instance.os;
    if parsed.port != 22 || !cloud.guest(&instance_id).is_some_and(|g| g.listening(22)) {
        return CmdResult::fail(
            format!(
                "ssh: connect to host {ip} port {}: Connection refused\n",
                parsed.port
            ),
            255,
        );
    }
    // 3. Host key: first contact adds it to known_hosts; a different key for a
    // known name (an Elastic IP moved to a new instance) is refused.
    let key_text = host_key(&instance_id);
    let known = term.read_file(KNOWN_HOSTS).unwrap_or("").to_string();
    let existing = known
        .lines()
        .enumerate()
        .find(|(_, l)| l.split_whitespace().next() == Some(host.as_str()));
    match existing {
        None => {
            let now = cloud.now().unix_seconds();
            let _ = term.vfs.write_with_mode(
                KNOWN_HOSTS,
                &format!("{host} {key_text}\n"),
                true,
                0o600,
                now,
            );
            err.push_str(&format!(
                "Warning: Permanently added '{host}' (ED25519) to the list of known hosts.\n"
            ));
        }
        Some((index, line)) if !line.ends_with(&key_text) => {
            err.push_str(&host_key_changed_block(&host, &instance_id, index + 1));
            if parsed.strict_host_key_checking.as_deref() != Some("no") {
                err.push_str(&format!(
                    "Host key for {host} has changed and you have requested strict checking.\nHost key verification failed.\n"
                ));
                return CmdResult::fail(err, 255);
            }
            err.push_str("Password authentication is disabled to avoid man-in-the-middle attacks.\nKeyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.\nUpdateHostkeys is disabled because the host key is not trusted.\n");
        }
        Some(_) => {}
    }
    // 4. The private key file.
    let mut key_text: Option<String> = None;
    if let Some(path) = &parsed.identity {
        let full = vfs::normalize(&term.cwd, path);
        match term.vfs.get(&full) {
            None => err.push_str(&format!(
                "Warning: Identity file {path} not accessible: No such file or directory.\n"
            )),
            Some(node) if node.is_dir() => {
                err.push_str(&format!("Load key \"{path}\": is a directory\n"))
            }
            Some(node) if node.mode & 0o077 != 0 => {
                err.push_str(&unprotected_key_block(node.mode & 0o777, path));
            }
            Some(_) => match term.vfs.read(&full) {
                Ok(text) => match cloud.key_pair_accepts(&instance_id, text) {
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
        .guest(&instance_id)
        .map(|g| g.default_user.clone())
        .unwrap_or_default();
    let accepted = key_text
        .as_deref()
        .is_some_and(|k| cloud.key_pair_accepts(&instance_id, k) == KeyCheck::Accepted);
    if !accepted || user != default_user {
        err.push_str(&format!("{user}@{host}: Permission denied (publickey).\n"));
        return CmdResult::fail(err, 255);
    }
    let hostname = cloud
        .guest(&instance_id)
        .map(|g| g.hostname.clone())
        .unwrap_or_else(|| "localhost".into());
    let session = RemoteSession {
        instance_id: instance_id.clone(),
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
    let last = term.last_logins.get(&instance_id).copied();
    term.last_logins.insert(instance_id.clone(), cloud.now());
    let motd = motd(cloud, &instance_id, os, last);
    term.session = Session::Remote(session);
    CmdResult {
        out: motd,
        err,
        code: 0,
        clear: false,
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
    fn host_keys_are_stable() {
        assert_eq!(host_key("i-1"), host_key("i-1"));
        assert_ne!(host_key("i-1"), host_key("i-2"));
        assert!(host_key("i-1").starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"));
        let block = host_key_changed_block("3.34.1.2", "i-1", 2);
        assert!(block.contains("Offending ED25519 key in /home/learner/.ssh/known_hosts:2\n"));
        assert!(block.ends_with("ssh-keygen -f '/home/learner/.ssh/known_hosts' -R '3.34.1.2'\n"));
    }
}
