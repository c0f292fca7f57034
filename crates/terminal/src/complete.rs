//! Tab completion: commands, files on the laptop, `aws` services, subcommands and
//! `--options`, and resource ids (instances, key pairs, security groups, ...).

use cloudlab_model::Cloud;
use cloudlab_model::catalog;
use serde::{Deserialize, Serialize};

use crate::aws::{self, args::Shape};
use crate::shell::{builtins, parse};
use crate::{Session, Terminal, vfs};

/// The result of pressing Tab.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// The line with the current word completed as far as it is unambiguous.
    pub replacement_line: String,
    /// Every candidate for the current word (shown when there is more than one).
    pub candidates: Vec<String>,
}

const REMOTE_COMMANDS: &[&str] = &[
    "apt",
    "apt-get",
    "aws",
    "cache-demo",
    "cat",
    "cd",
    "chmod",
    "clear",
    "curl",
    "ab",
    "date",
    "dnf",
    "echo",
    "exit",
    "grep",
    "head",
    "help",
    "history",
    "hostname",
    "id",
    "ip",
    "logout",
    "ls",
    "ps",
    "pwd",
    "rm",
    "sleep",
    "sudo",
    "systemctl",
    "tail",
    "tee",
    "touch",
    "uname",
    "wc",
    "whoami",
    "yum",
];

const GLOBAL_OPTIONS: &[&str] = &[
    "--debug",
    "--no-cli-pager",
    "--output",
    "--profile",
    "--query",
    "--region",
];

fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut end = first.len();
    for item in items.iter().skip(1) {
        end = end.min(
            first
                .char_indices()
                .zip(item.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8()),
        );
    }
    first.get(..end).unwrap_or("").to_string()
}

fn file_candidates(term: &Terminal, word: &str) -> Vec<String> {
    if !matches!(term.session, Session::Local) {
        return Vec::new();
    }
    let (dir_part, name_part) = match word.rfind('/') {
        Some(i) => (
            word.get(..=i).unwrap_or(""),
            word.get(i + 1..).unwrap_or(""),
        ),
        None => ("", word),
    };
    let dir = vfs::normalize(&term.cwd, if dir_part.is_empty() { "." } else { dir_part });
    let Ok(names) = term.vfs.list(&dir) else {
        return Vec::new();
    };
    names
        .into_iter()
        .filter(|n| n.starts_with(name_part))
        .filter(|n| !n.starts_with('.') || name_part.starts_with('.'))
        .map(|n| {
            let path = format!("{}/{n}", dir.trim_end_matches('/'));
            let suffix = if term.vfs.is_dir(&path) { "/" } else { "" };
            format!("{dir_part}{n}{suffix}")
        })
        .collect()
}

/// Values for an `aws` option, from the account.
fn option_values(cloud: &Cloud, option: &str) -> Vec<String> {
    match option {
        "--instance-ids" | "--instance-id" | "--resources" => cloud
            .instances()
            .iter()
            .map(|i| i.instance_id.clone())
            .collect(),
        "--key-name" | "--key-names" => cloud
            .key_pairs()
            .iter()
            .map(|k| k.key_name.clone())
            .collect(),
        "--group-id" | "--group-ids" | "--security-group-ids" | "--source-group" => cloud
            .security_groups()
            .iter()
            .map(|g| g.group_id.clone())
            .collect(),
        "--group-name" | "--group-names" | "--security-groups" => cloud
            .security_groups()
            .iter()
            .map(|g| g.group_name.clone())
            .collect(),
        "--allocation-id" | "--allocation-ids" => cloud
            .addresses()
            .iter()
            .map(|a| a.allocation_id.clone())
            .collect(),
        "--public-ip" | "--public-ips" => cloud
            .addresses()
            .iter()
            .map(|a| a.public_ip.to_string())
            .collect(),
        "--subnet-id" | "--subnet-ids" => cloud
            .subnets()
            .iter()
            .map(|s| s.subnet_id.clone())
            .collect(),
        "--vpc-id" | "--vpc-ids" => cloud.vpcs().iter().map(|v| v.vpc_id.clone()).collect(),
        "--image-id" | "--image-ids" => catalog::images(cloud.region().code)
            .into_iter()
            .map(|a| a.image_id)
            .collect(),
        "--instance-type" | "--instance-types" => {
            catalog::instance_type_names().map(str::to_string).collect()
        }
        "--output" => ["json", "text", "table"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        "--protocol" => ["tcp", "udp", "icmp", "all"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        "--region" => catalog::REGIONS
            .iter()
            .map(|r| r.code.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// Values for an option of `aws iam` or `aws budgets`, from the account.
fn service_option_values(cloud: &Cloud, service: &str, option: &str) -> Option<Vec<String>> {
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
    Some(match (service, option) {
        ("iam", "--user-name") => cloud
            .iam_users()
            .iter()
            .map(|u| u.user_name.clone())
            .collect(),
        ("iam", "--group-name") => cloud
            .iam_groups()
            .iter()
            .map(|g| g.group_name.clone())
            .collect(),
        ("iam", "--role-name") => cloud
            .iam_roles()
            .iter()
            .map(|r| r.role_name.clone())
            .collect(),
        ("iam", "--policy-arn") => cloudlab_model::iam::managed::AWS_MANAGED_POLICIES
            .iter()
            .map(|p| format!("arn:aws:iam::aws:policy{}{}", p.path, p.name))
            .chain(cloud.customer_policies().iter().map(|p| {
                format!(
                    "arn:aws:iam::{}:policy{}{}",
                    cloud.account_id(),
                    p.path,
                    p.policy_name
                )
            }))
            .collect(),
        ("iam", "--serial-number") => cloud
            .virtual_mfa_devices()
            .iter()
            .map(|d| d.serial_number.clone())
            .collect(),
        ("iam", "--bootstrap-method") => strings(aws::iam::BOOTSTRAP_METHODS),
        ("iam", "--scope") => strings(&["AWS", "All", "Local"]),
        ("iam", "--status") => strings(&["Active", "Inactive"]),
        ("budgets", "--budget-name") => cloud
            .budgets()
            .iter()
            .map(|b| b.budget_name.clone())
            .collect(),
        ("budgets", "--account-id") => vec![cloud.account_id().to_string()],
        ("ssm", "--path" | "--name" | "--names") => {
            let base = cloudlab_model::ssm::GLOBAL_INFRASTRUCTURE;
            let mut paths = vec![format!("{base}/regions"), format!("{base}/services")];
            paths.extend(
                cloudlab_model::catalog::SERVICES
                    .iter()
                    .map(|s| format!("{base}/services/{}/regions", s.id)),
            );
            paths.extend(
                cloudlab_model::catalog::REGIONS
                    .iter()
                    .map(|r| format!("{base}/regions/{}/services", r.code)),
            );
            paths
        }
        _ => return None,
    })
}

fn aws_candidates(cloud: &Cloud, words: &[String], current: &str) -> Vec<String> {
    // words[0] is "aws"; skip global options and their values.
    let mut positional: Vec<&str> = Vec::new();
    let mut i = 1;
    while let Some(w) = words.get(i) {
        if w.starts_with("--") {
            break;
        }
        positional.push(w);
        i += 1;
    }
    let previous = words.last().map(String::as_str).unwrap_or("");
    let option_words: Vec<&str> = words
        .iter()
        .skip(1 + positional.len())
        .map(String::as_str)
        .collect();
    match positional.as_slice() {
        [] => aws::SERVICES
            .iter()
            .chain(["help"].iter())
            .map(|s| s.to_string())
            .collect(),
        ["configure"] => ["get", "list", "list-profiles", "set", "help"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [name] => match aws::service(name) {
            Some(service) => service
                .choices()
                .into_iter()
                .chain(["help"])
                .map(str::to_string)
                .collect(),
            None => Vec::new(),
        },
        ["ec2", "wait"] => aws::waiter_names()
            .into_iter()
            .map(str::to_string)
            .collect(),
        [name, op, ..] if aws::service(name).is_some() => {
            if previous.starts_with("--") && !current.starts_with("--") {
                let values = service_option_values(cloud, name, previous)
                    .unwrap_or_else(|| option_values(cloud, previous));
                if !values.is_empty() {
                    return values;
                }
            }
            if current.starts_with('-') || current.is_empty() {
                let spec = if *name == "ec2" && *op == "wait" {
                    let status = positional.get(2).is_some_and(|w| w.ends_with("status-ok"));
                    let polled = if status {
                        "describe-instance-status"
                    } else {
                        "describe-instances"
                    };
                    aws::ec2::operation(polled).map(|o| o.params)
                } else {
                    aws::service(name)
                        .and_then(|s| aws::operation::find(s.operations, op))
                        .map(|o| o.params)
                };
                let mut opts: Vec<String> = Vec::new();
                for p in spec.unwrap_or(&[]) {
                    let name = format!("--{}", p.name);
                    if !option_words.contains(&name.as_str()) {
                        opts.push(name);
                    }
                    if matches!(p.shape, Shape::Bool)
                        || matches!(p.shape, Shape::Struct([("Value", Shape::Bool)]))
                    {
                        let negative = if p.name == "disable-api-termination" {
                            "--enable-api-termination".to_string()
                        } else {
                            format!("--no-{}", p.name)
                        };
                        opts.push(negative);
                    }
                }
                opts.extend(GLOBAL_OPTIONS.iter().map(|s| s.to_string()));
                opts.sort();
                opts.dedup();
                return opts;
            }
            Vec::new()
        }
        _ => {
            if previous.starts_with("--") {
                option_values(cloud, previous)
            } else {
                Vec::new()
            }
        }
    }
}

fn ssh_candidates(term: &Terminal, cloud: &Cloud, previous: &str, current: &str) -> Vec<String> {
    if previous == "-i" {
        return file_candidates(term, current);
    }
    if let Some((user, _)) = current.split_once('@') {
        return cloud
            .instances()
            .iter()
            .filter_map(|i| cloud.public_ip_of(&i.instance_id))
            .map(|ip| format!("{user}@{ip}"))
            .collect();
    }
    let mut out: Vec<String> = ["ubuntu@", "ec2-user@", "admin@"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    out.extend(file_candidates(term, current));
    out
}

/// Completes the word before the cursor in `line`.
pub fn complete(term: &Terminal, cloud: &Cloud, line: &str) -> Completion {
    let words = parse::rough_words(line);
    let at_new_word = line.is_empty() || line.ends_with([' ', '\t']);
    let current = if at_new_word {
        String::new()
    } else {
        words.last().cloned().unwrap_or_default()
    };
    let before: Vec<String> = if at_new_word {
        words.clone()
    } else {
        words
            .iter()
            .take(words.len().saturating_sub(1))
            .cloned()
            .collect()
    };
    let command_position = before.is_empty();
    let raw: Vec<String> = if command_position {
        let names: Vec<String> = match term.session {
            Session::Local => builtins::COMMANDS
                .iter()
                .map(|(n, _)| n.to_string())
                .collect(),
            Session::Remote(_) => REMOTE_COMMANDS.iter().map(|s| s.to_string()).collect(),
        };
        names
    } else {
        match before.first().map(String::as_str) {
            Some("aws") if matches!(term.session, Session::Local) => {
                let mut all = before.clone();
                all.push(current.clone());
                let mut ctx = before.clone();
                if current.starts_with("file://") || current.starts_with("fileb://") {
                    let (scheme, rest) = current.split_once("://").unwrap_or(("file", ""));
                    return finish(
                        line,
                        &current,
                        file_candidates(term, rest)
                            .into_iter()
                            .map(|f| format!("{scheme}://{f}"))
                            .collect(),
                    );
                }
                ctx.truncate(before.len());
                aws_candidates(cloud, &ctx, &current)
            }
            Some("ssh") if matches!(term.session, Session::Local) => {
                let previous = before.last().map(String::as_str).unwrap_or("");
                ssh_candidates(term, cloud, previous, &current)
            }
            _ => file_candidates(term, &current),
        }
    };
    finish(line, &current, raw)
}

fn finish(line: &str, current: &str, raw: Vec<String>) -> Completion {
    let mut candidates: Vec<String> = raw.into_iter().filter(|c| c.starts_with(current)).collect();
    candidates.sort();
    candidates.dedup();
    let base = line
        .get(..line.len().saturating_sub(current.len()))
        .unwrap_or(line);
    let replacement_line = match candidates.as_slice() {
        [] => line.to_string(),
        [only] => {
            let space = if only.ends_with('/') || only.ends_with('@') || only.ends_with("://") {
                ""
            } else {
                " "
            };
            format!("{base}{only}{space}")
        }
        many => {
            let prefix = common_prefix(many);
            if prefix.len() > current.len() {
                format!("{base}{prefix}")
            } else {
                line.to_string()
            }
        }
    };
    Completion {
        replacement_line,
        candidates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let items: Vec<String> = ["describe-instances", "describe-images"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(common_prefix(&items), "describe-i");
        assert_eq!(common_prefix(&[]), "");
    }
}
