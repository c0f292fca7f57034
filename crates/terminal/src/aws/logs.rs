//! `aws logs`: CloudWatch Logs' groups, streams and events, and the CLI's own
//! `aws logs tail GROUP`, which prints the group's recent events with their
//! stream names (`--since 10m` by default; `--follow` prints what is there and
//! returns, as the lab's terminal cannot keep a command running).

use cloudlab_model::Cloud;
use cloudlab_model::logs::FilterLogEventsInput;

use super::Service;
use super::generated;
use super::operation::{CallError, Operation, call, call_unit};
use crate::shell::CmdResult;

/// Every supported `aws logs` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::logs::CREATE_LOG_GROUP,
        "Creates a log group.",
        call_unit!(create_log_group),
    ),
    Operation::new(
        generated::logs::CREATE_LOG_STREAM,
        "Creates a log stream in a group.",
        call_unit!(create_log_stream),
    ),
    Operation::new(
        generated::logs::DELETE_LOG_GROUP,
        "Deletes a log group and its events.",
        call_unit!(delete_log_group),
    ),
    Operation::new(
        generated::logs::DESCRIBE_LOG_GROUPS,
        "Lists log groups.",
        call!(describe_log_groups),
    ),
    Operation::new(
        generated::logs::DESCRIBE_LOG_STREAMS,
        "Lists a group's streams.",
        call!(describe_log_streams),
    ),
    Operation::new(
        generated::logs::FILTER_LOG_EVENTS,
        "Finds events in a group that match a filter pattern.",
        call!(filter_log_events),
    ),
    Operation::new(
        generated::logs::GET_LOG_EVENTS,
        "Reads one stream's events.",
        call!(get_log_events),
    ),
    Operation::new(
        generated::logs::PUT_LOG_EVENTS,
        "Writes events to a stream.",
        call!(put_log_events),
    ),
    Operation::new(
        generated::logs::PUT_RETENTION_POLICY,
        "Sets how many days a group keeps its events.",
        call_unit!(put_retention_policy),
    ),
];

/// `aws logs`.
pub const LOGS: Service = Service {
    name: "logs",
    title: "LOGS",
    description: "Amazon CloudWatch Logs keeps log events from your functions, instances and\n       applications in log groups and streams, to search and keep.",
    operations: OPERATIONS,
    extra: &["tail"],
    regional: true,
};

/// `--since 10m`, `1h`, `2d`, `30s`: milliseconds.
fn since_ms(text: &str) -> Option<u64> {
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = number.parse().ok()?;
    let unit_ms = match unit {
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 604_800_000,
        _ => return None,
    };
    n.checked_mul(unit_ms)
}

fn usage(message: &str) -> CmdResult {
    super::usage_error(message)
}

/// `aws logs tail GROUP [--since 10m] [--format detailed|short] [--filter-pattern P] [--follow]`.
pub fn tail(cloud: &mut Cloud, words: &[String]) -> CmdResult {
    let mut group = None;
    let mut since = 10 * 60_000;
    let mut short = false;
    let mut pattern = None;
    let mut i = 0;
    while let Some(word) = words.get(i) {
        match word.as_str() {
            "--follow" => {}
            "--since"
            | "--format"
            | "--filter-pattern"
            | "--log-stream-names"
            | "--log-stream-name-prefix" => {
                let Some(value) = words.get(i + 1) else {
                    return usage(&format!("argument {word}: expected one argument"));
                };
                match word.as_str() {
                    "--since" => match since_ms(value) {
                        Some(ms) => since = ms,
                        None => {
                            return usage(&format!(
                                "argument --since: Unable to parse '{value}' as a relative time (use 10m, 1h, 2d)"
                            ));
                        }
                    },
                    "--format" => match value.as_str() {
                        "detailed" => short = false,
                        "short" => short = true,
                        other => {
                            return usage(&format!(
                                "argument --format: Invalid choice, valid choices are:\n\ndetailed                                 | short\njson\n\nInvalid choice: '{other}'"
                            ));
                        }
                    },
                    "--filter-pattern" => pattern = Some(value.clone()),
                    _ => {}
                }
                i += 1;
            }
            other if other.starts_with("--") => {
                return usage(&format!("Unknown options: {other}"));
            }
            other if group.is_none() => group = Some(other.to_string()),
            other => return usage(&format!("Unknown options: {other}")),
        }
        i += 1;
    }
    let Some(group) = group else {
        return usage("the following arguments are required: group_name");
    };
    let start = cloud.now().unix_millis().saturating_sub(since) as i64;
    let found = cloud.filter_log_events(FilterLogEventsInput {
        log_group_name: group,
        start_time: Some(start),
        filter_pattern: pattern,
        ..Default::default()
    });
    let events = match found {
        Ok(out) => out.events,
        Err(e) => return super::call_error("FilterLogEvents", CallError::service(e)),
    };
    let mut out = String::new();
    for e in events {
        let t = cloudlab_model::clock::SimTime::from_unix_millis(e.timestamp).to_utc();
        let stamp = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year, t.month, t.day, t.hour, t.minute, t.second
        );
        if short {
            out.push_str(&format!("{stamp} {}\n", e.message));
        } else {
            out.push_str(&format!(
                "{stamp}.{:03}000+00:00 {} {}\n",
                t.millis, e.log_stream_name, e.message
            ));
        }
    }
    CmdResult::ok(out)
}
