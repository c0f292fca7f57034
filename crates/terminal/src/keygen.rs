//! `ssh-keygen` on the laptop: make a key pair (`-t ed25519|rsa -f FILE`), print
//! a private key's public key (`-y`), a fingerprint (`-l`), and forget a host
//! (`-R`). Keys come from the model's seeded generator, so they work with
//! `aws ec2 import-key-pair` and `ssh`.

use cloudlab_model::Cloud;
use cloudlab_model::digest;
use cloudlab_model::rng::SimRng;
use cloudlab_model::ssh_keys::{self, KeyFormat, KeyType};

use crate::Terminal;
use crate::shell::CmdResult;
use crate::vfs;

/// The known_hosts file.
pub const KNOWN_HOSTS: &str = "/home/learner/.ssh/known_hosts";

const USAGE: &str = "usage: ssh-keygen [-q] [-a rounds] [-b bits] [-C comment] [-f output_keyfile]\n                  [-m format] [-N new_passphrase] [-O option]\n                  [-t dsa | ecdsa | ecdsa-sk | ed25519 | ed25519-sk | rsa]\n                  [-w provider] [-Z cipher]\n       ssh-keygen -l [-v] [-E fingerprint_hash] [-f input_keyfile]\n       ssh-keygen -R hostname [-f known_hosts_file]\n       ssh-keygen -y [-f input_keyfile]\n";

/// OpenSSH's "drunken bishop" picture of a fingerprint.
pub fn randomart(title: &str, digest: &[u8]) -> String {
    const W: usize = 17;
    const H: usize = 9;
    const AUGMENT: &[u8] = b" .o+=*BOX@%&#/^SE";
    let len = AUGMENT.len() - 1;
    let mut field = [[0usize; H]; W];
    let (mut x, mut y) = (W / 2, H / 2);
    for byte in digest {
        let mut input = *byte;
        for _ in 0..4 {
            x = if input & 1 != 0 {
                (x + 1).min(W - 1)
            } else {
                x.saturating_sub(1)
            };
            y = if input & 2 != 0 {
                (y + 1).min(H - 1)
            } else {
                y.saturating_sub(1)
            };
            if let Some(cell) = field.get_mut(x).and_then(|c| c.get_mut(y))
                && *cell < len - 2
            {
                *cell += 1;
            }
            input >>= 2;
        }
    }
    if let Some(c) = field.get_mut(W / 2).and_then(|c| c.get_mut(H / 2)) {
        *c = len - 1;
    }
    if let Some(c) = field.get_mut(x).and_then(|c| c.get_mut(y)) {
        *c = len;
    }
    let border = |label: &str| {
        let left = W.saturating_sub(label.len()) / 2;
        let right = W.saturating_sub(left + label.len());
        format!("+{}{label}{}+\n", "-".repeat(left), "-".repeat(right))
    };
    let mut out = border(title);
    for row in 0..H {
        out.push('|');
        for column in field.iter() {
            let v = column.get(row).copied().unwrap_or(0).min(len);
            out.push(char::from(AUGMENT.get(v).copied().unwrap_or(b' ')));
        }
        out.push_str("|\n");
    }
    out.push_str(&border("[SHA256]"));
    out
}

fn seed_for(cloud: &Cloud, term: &Terminal, path: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325
        ^ cloud.now().as_millis()
        ^ (term.history.len() as u64).rotate_left(32);
    for b in path.bytes().chain(cloud.config().seed.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Runs `ssh-keygen <args>`.
pub fn run(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let mut key_type = KeyType::Ed25519;
    let mut file: Option<String> = None;
    let mut comment = "learner@laptop".to_string();
    let mut mode = 'g';
    let mut remove_host: Option<String> = None;
    let mut quiet = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let mut value = || {
            i += 1;
            args.get(i - 1).cloned()
        };
        match a.as_str() {
            "-t" => match value().as_deref() {
                Some("ed25519") => key_type = KeyType::Ed25519,
                Some("rsa") => key_type = KeyType::Rsa,
                Some(other) => return CmdResult::fail(format!("unknown key type {other}\n"), 255),
                None => {
                    return CmdResult::fail(
                        format!("option requires an argument -- t\n{USAGE}"),
                        255,
                    );
                }
            },
            "-f" => match value() {
                Some(f) => file = Some(f),
                None => {
                    return CmdResult::fail(
                        format!("option requires an argument -- f\n{USAGE}"),
                        255,
                    );
                }
            },
            "-C" => comment = value().unwrap_or_default(),
            "-N" | "-b" | "-m" | "-a" | "-E" => {
                value();
            }
            "-q" => quiet = true,
            "-y" => mode = 'y',
            "-l" => mode = 'l',
            "-R" => {
                mode = 'R';
                remove_host = value();
                if remove_host.is_none() {
                    return CmdResult::fail(
                        format!("option requires an argument -- R\n{USAGE}"),
                        255,
                    );
                }
            }
            other => {
                let flag = other.trim_start_matches('-');
                return CmdResult::fail(format!("unknown option -- {flag}\n{USAGE}"), 255);
            }
        }
    }
    let now = cloud.now().unix_seconds();
    match mode {
        'R' => {
            let host = remove_host.unwrap_or_default();
            let path = file.map_or(KNOWN_HOSTS.to_string(), |f| vfs::normalize(&term.cwd, &f));
            let Ok(text) = term.vfs.read(&path).map(str::to_string) else {
                return CmdResult::fail(
                    format!("Cannot stat {path}: No such file or directory\n"),
                    255,
                );
            };
            let mut kept = String::new();
            let mut found = Vec::new();
            for (n, line) in text.lines().enumerate() {
                if line.split_whitespace().next() == Some(host.as_str()) {
                    found.push(n + 1);
                } else {
                    kept.push_str(line);
                    kept.push('\n');
                }
            }
            if found.is_empty() {
                return CmdResult::fail(format!("Host {host} not found in {path}\n"), 255);
            }
            let _ = term
                .vfs
                .write_with_mode(&format!("{path}.old"), &text, false, 0o600, now);
            let _ = term.vfs.write(&path, &kept, false, now);
            let mut out = String::new();
            for n in found {
                out.push_str(&format!("# Host {host} found: line {n}\n"));
            }
            out.push_str(&format!(
                "{path} updated.\nOriginal contents retained as {path}.old\n"
            ));
            CmdResult::ok(out)
        }
        'y' | 'l' => {
            let Some(f) = file else {
                return CmdResult::fail(
                    "ssh-keygen: -y and -l need -f FILE in this terminal\n",
                    255,
                );
            };
            let path = vfs::normalize(&term.cwd, &f);
            let text = match term.vfs.read(&path) {
                Ok(t) => t.to_string(),
                Err(e) => return CmdResult::fail(format!("{f}: {e}\n"), 255),
            };
            let key = if mode == 'l' {
                ssh_keys::parse_public_key(&text)
                    .ok_or(())
                    .or_else(|_| ssh_keys::public_key_of_private(&text).map_err(|_| ()))
            } else {
                ssh_keys::public_key_of_private(&text).map_err(|_| ())
            };
            let Ok(key) = key else {
                return CmdResult::fail(
                    if mode == 'l' {
                        format!("{f} is not a public key file.\n")
                    } else {
                        format!("Load key \"{f}\": invalid format\n")
                    },
                    255,
                );
            };
            if mode == 'y' {
                CmdResult::ok(format!(
                    "{}\n",
                    ssh_keys::public_key_line(key.key_type, &key.blob, &key.comment)
                ))
            } else {
                let bits = if key.key_type == KeyType::Rsa {
                    2048
                } else {
                    256
                };
                let name = if key.key_type == KeyType::Rsa {
                    "RSA"
                } else {
                    "ED25519"
                };
                let comment = if key.comment.is_empty() {
                    "no comment"
                } else {
                    key.comment.as_str()
                };
                CmdResult::ok(format!(
                    "{bits} {} {comment} ({name})\n",
                    ssh_keys::openssh_fingerprint(&key.blob)
                ))
            }
        }
        _ => {
            let default = match key_type {
                KeyType::Ed25519 => "~/.ssh/id_ed25519",
                KeyType::Rsa => "~/.ssh/id_rsa",
            };
            let shown = file
                .clone()
                .unwrap_or_else(|| default.replace('~', vfs::HOME));
            let path = vfs::normalize(&term.cwd, file.as_deref().unwrap_or(default));
            let (kind, bits) = match key_type {
                KeyType::Ed25519 => ("ed25519", 256),
                KeyType::Rsa => ("rsa", 2048),
            };
            let mut out = String::new();
            if !quiet {
                out.push_str(&format!("Generating public/private {kind} key pair.\n"));
            }
            if term.vfs.exists(&path) {
                return CmdResult {
                    out: format!("{out}{shown} already exists.\nOverwrite (y/n)? \n"),
                    err: String::new(),
                    code: 1,
                    ..CmdResult::default()
                };
            }
            let mut rng = SimRng::new(seed_for(cloud, term, &path));
            let key = ssh_keys::generate(key_type, KeyFormat::Pem, &comment, &mut rng);
            if let Err(e) = term
                .vfs
                .write_with_mode(&path, &key.private_key, false, 0o600, now)
            {
                return CmdResult::fail(format!("{out}Saving key \"{shown}\" failed: {e}\n"), 255);
            }
            let public_line = format!("{}\n", key.public_key_line(&comment));
            if let Err(e) =
                term.vfs
                    .write_with_mode(&format!("{path}.pub"), &public_line, false, 0o644, now)
            {
                return CmdResult::fail(
                    format!("{out}Saving key \"{shown}.pub\" failed: {e}\n"),
                    255,
                );
            }
            if !quiet {
                let title = format!("[{} {bits}]", kind.to_uppercase());
                out.push_str(&format!(
                    "Your identification has been saved in {shown}\nYour public key has been saved in {shown}.pub\nThe key fingerprint is:\n{} {comment}\nThe key's randomart image is:\n{}",
                    ssh_keys::openssh_fingerprint(&key.public_blob),
                    randomart(&title, &digest::sha256(&key.public_blob))
                ));
            }
            CmdResult::ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn randomart_has_openssh_borders() {
        let art = randomart("[ED25519 256]", &[0u8; 32]);
        let lines: Vec<&str> = art.lines().collect();
        assert_eq!(lines.len(), 11);
        assert_eq!(lines[0], "+--[ED25519 256]--+");
        assert_eq!(lines[10], "+----[SHA256]-----+");
        assert!(lines.iter().all(|l| l.chars().count() == 19));
        // All-zero bytes walk up-left into the corner: start S in the middle, end E at 0,0.
        assert!(lines[5].contains('S'));
        assert!(lines[1].starts_with("|E"));
    }
}
