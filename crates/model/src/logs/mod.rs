//! Amazon CloudWatch Logs: log groups, their streams and events, written by
//! Lambda functions (whose roles may write them) and by the learner, read with
//! `get-log-events`, `filter-log-events` (see [`pattern`]) and `aws logs tail`.
//! Simulated: groups with retention, streams, events in time order, filter
//! patterns on terms and phrases. Not simulated: metric filters, subscriptions,
//! Logs Insights, KMS, log classes, JSON and space-delimited patterns, the bill for
//! ingestion and storage.

mod errors;
pub mod pattern;

pub use errors::LogsError;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::cloud::Cloud;
use pattern::FilterPattern;

/// The retention periods `put-retention-policy` accepts, in days.
pub const RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// CloudWatch Logs in one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LogsState {
    /// Log groups, by name order.
    pub groups: Vec<LogGroup>,
}

/// A log group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogGroup {
    /// `/aws/lambda/hello`.
    pub name: String,
    /// When it was created.
    pub created_at: SimTime,
    /// Days events are kept (`None`: never expire).
    pub retention_in_days: Option<u32>,
    /// Its streams, oldest first.
    pub streams: Vec<LogStream>,
}

/// A log stream: events from one source, in time order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogStream {
    /// `2026/12/07/[$LATEST]0123456789abcdef0123456789abcdef`.
    pub name: String,
    /// When it was created.
    pub created_at: SimTime,
    /// The events, in timestamp order.
    pub events: Vec<LogEvent>,
}

/// One log event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEvent {
    /// When it happened (Unix milliseconds).
    pub timestamp: u64,
    /// The text.
    pub message: String,
    /// When CloudWatch Logs received it (Unix milliseconds).
    pub ingestion_time: u64,
}

/// `logs create-log-group`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateLogGroupInput {
    /// The group's name.
    pub log_group_name: String,
}

/// `logs delete-log-group`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteLogGroupInput {
    /// The group's name.
    pub log_group_name: String,
}

/// `logs describe-log-groups`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DescribeLogGroupsInput {
    /// Only groups whose names start with this.
    pub log_group_name_prefix: Option<String>,
}

/// A group as `describe-log-groups` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogGroupShape {
    /// The name.
    pub log_group_name: String,
    /// Creation time (Unix milliseconds).
    pub creation_time: u64,
    /// Retention, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_in_days: Option<u32>,
    /// Always 0 for a group with retention (as AWS reports it today).
    pub metric_filter_count: u32,
    /// `arn:aws:logs:<region>:<account>:log-group:<name>:*`.
    pub arn: String,
    /// Bytes stored.
    pub stored_bytes: u64,
    /// `STANDARD`.
    pub log_group_class: &'static str,
    /// The ARN without `:*`.
    pub log_group_arn: String,
}

/// `describe-log-groups`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeLogGroupsOutput {
    /// The groups.
    pub log_groups: Vec<LogGroupShape>,
}

/// `logs put-retention-policy`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PutRetentionPolicyInput {
    /// The group.
    pub log_group_name: String,
    /// Days to keep events.
    pub retention_in_days: i64,
}

/// `logs create-log-stream`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateLogStreamInput {
    /// The group.
    pub log_group_name: String,
    /// The stream's name.
    pub log_stream_name: String,
}

/// `logs describe-log-streams`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DescribeLogStreamsInput {
    /// The group.
    pub log_group_name: String,
    /// Only streams whose names start with this.
    pub log_stream_name_prefix: Option<String>,
    /// `LogStreamName` (default) or `LastEventTime`.
    pub order_by: Option<String>,
    /// Newest (or last name) first.
    pub descending: Option<bool>,
    /// At most this many.
    pub limit: Option<i64>,
}

/// A stream as `describe-log-streams` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogStreamShape {
    /// The name.
    pub log_stream_name: String,
    /// Creation time (Unix milliseconds).
    pub creation_time: u64,
    /// The first event's time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_event_timestamp: Option<u64>,
    /// The last event's time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_event_timestamp: Option<u64>,
    /// When the last event arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_ingestion_time: Option<u64>,
    /// The stream's ARN.
    pub arn: String,
    /// Always 0 (deprecated by AWS).
    pub stored_bytes: u64,
}

/// `describe-log-streams`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeLogStreamsOutput {
    /// The streams.
    pub log_streams: Vec<LogStreamShape>,
}

/// An event to write.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InputLogEvent {
    /// Unix milliseconds.
    pub timestamp: i64,
    /// The text.
    pub message: String,
}

/// `logs put-log-events`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PutLogEventsInput {
    /// The group.
    pub log_group_name: String,
    /// The stream.
    pub log_stream_name: String,
    /// The events, in time order.
    pub log_events: Vec<InputLogEvent>,
}

/// `put-log-events`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PutLogEventsOutput {
    /// Kept for old clients (AWS no longer needs it).
    pub next_sequence_token: String,
}

/// `logs get-log-events`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetLogEventsInput {
    /// The group.
    pub log_group_name: String,
    /// The stream.
    pub log_stream_name: String,
    /// From this time (Unix milliseconds).
    pub start_time: Option<i64>,
    /// Before this time.
    pub end_time: Option<i64>,
    /// At most this many (default 10,000).
    pub limit: Option<i64>,
    /// Oldest first (default: the newest `limit` events).
    pub start_from_head: Option<bool>,
}

/// An event as `get-log-events` returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputLogEvent {
    /// Unix milliseconds.
    pub timestamp: u64,
    /// The text.
    pub message: String,
    /// When it arrived.
    pub ingestion_time: u64,
}

/// `get-log-events`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetLogEventsOutput {
    /// The events, oldest first.
    pub events: Vec<OutputLogEvent>,
    /// Token for newer events.
    pub next_forward_token: String,
    /// Token for older events.
    pub next_backward_token: String,
}

/// `logs filter-log-events`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterLogEventsInput {
    /// The group.
    pub log_group_name: String,
    /// Only these streams.
    pub log_stream_names: Vec<String>,
    /// Only streams whose names start with this.
    pub log_stream_name_prefix: Option<String>,
    /// From this time (Unix milliseconds).
    pub start_time: Option<i64>,
    /// Before this time.
    pub end_time: Option<i64>,
    /// The filter pattern (see [`pattern`]).
    pub filter_pattern: Option<String>,
    /// At most this many.
    pub limit: Option<i64>,
}

/// An event `filter-log-events` found.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilteredLogEvent {
    /// The stream it is in.
    pub log_stream_name: String,
    /// Unix milliseconds.
    pub timestamp: u64,
    /// The text.
    pub message: String,
    /// When it arrived.
    pub ingestion_time: u64,
    /// `<stream index>-<event index>`-like id.
    pub event_id: String,
}

/// `filter-log-events`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterLogEventsOutput {
    /// Matching events, in time order.
    pub events: Vec<FilteredLogEvent>,
    /// Every stream searched (deprecated by AWS, still returned).
    pub searched_log_streams: Vec<SearchedLogStream>,
}

/// A stream `filter-log-events` searched.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchedLogStream {
    /// The stream.
    pub log_stream_name: String,
    /// Always true: every event was searched.
    pub searched_completely: bool,
}

fn valid_group_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 512
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.#".contains(c))
}

impl Cloud {
    fn logs_call<T>(
        &mut self,
        operation: &str,
        group: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, LogsError>,
    ) -> Result<T, LogsError> {
        let action = format!("logs:{operation}");
        let resource = if group.is_empty() {
            "*".to_string()
        } else {
            self.log_group_arn(group) + ":*"
        };
        self.service_call(
            "logs",
            operation,
            |_, _| Some((action, resource, Default::default())),
            body,
        )
    }

    /// `arn:aws:logs:<region>:<account>:log-group:<name>`.
    pub fn log_group_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:logs:{}:{}:log-group:{name}",
            self.region_name(),
            self.config.account_id
        )
    }

    /// The log groups, by name.
    pub fn log_groups(&self) -> &[LogGroup] {
        &self.logs.groups
    }

    /// A log group.
    pub fn log_group(&self, name: &str) -> Option<&LogGroup> {
        self.logs.groups.iter().find(|g| g.name == name)
    }

    fn log_group_mut(&mut self, name: &str) -> Option<&mut LogGroup> {
        self.logs.groups.iter_mut().find(|g| g.name == name)
    }

    /// Whether any event in `group` contains `text` (for checks).
    pub fn log_group_contains(&self, group: &str, text: &str) -> bool {
        self.log_group(group).is_some_and(|g| {
            g.streams
                .iter()
                .any(|s| s.events.iter().any(|e| e.message.contains(text)))
        })
    }

    fn insert_log_group(&mut self, name: &str) {
        let group = LogGroup {
            name: name.to_string(),
            created_at: self.now,
            retention_in_days: None,
            streams: Vec::new(),
        };
        let at = self.logs.groups.partition_point(|g| g.name.as_str() < name);
        self.logs.groups.insert(at, group);
    }

    /// Appends events to a stream, creating the group and stream when `create` is
    /// set (a service writing its own logs, already authorized). Returns whether
    /// the events were written.
    pub(crate) fn append_log_events(
        &mut self,
        group: &str,
        stream: &str,
        messages: &[(u64, String)],
    ) -> bool {
        if self.log_group(group).is_none() {
            self.insert_log_group(group);
        }
        let now_ms = self.now.unix_millis();
        let created_at = self.now;
        let Some(g) = self.log_group_mut(group) else {
            return false;
        };
        let index = match g.streams.iter().position(|s| s.name == stream) {
            Some(i) => i,
            None => {
                g.streams.push(LogStream {
                    name: stream.to_string(),
                    created_at,
                    events: Vec::new(),
                });
                g.streams.len() - 1
            }
        };
        let events = &mut g.streams[index].events;
        for (timestamp, message) in messages {
            let at = events.partition_point(|e| e.timestamp <= *timestamp);
            events.insert(
                at,
                LogEvent {
                    timestamp: *timestamp,
                    message: message.clone(),
                    ingestion_time: now_ms,
                },
            );
        }
        true
    }

    fn log_group_shape(&self, g: &LogGroup) -> LogGroupShape {
        let arn = self.log_group_arn(&g.name);
        LogGroupShape {
            log_group_name: g.name.clone(),
            creation_time: g.created_at.unix_millis(),
            retention_in_days: g.retention_in_days,
            metric_filter_count: 0,
            arn: format!("{arn}:*"),
            stored_bytes: g
                .streams
                .iter()
                .flat_map(|s| &s.events)
                .map(|e| e.message.len() as u64 + 26)
                .sum(),
            log_group_class: "STANDARD",
            log_group_arn: arn,
        }
    }

    /// `logs create-log-group`.
    pub fn create_log_group(&mut self, input: CreateLogGroupInput) -> Result<(), LogsError> {
        let name = input.log_group_name;
        self.logs_call("CreateLogGroup", &name.clone(), |c| {
            if !valid_group_name(&name) {
                return Err(LogsError::InvalidParameter(format!(
                    "1 validation error detected: Value '{name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+"
                )));
            }
            if c.log_group(&name).is_some() {
                return Err(LogsError::ResourceAlreadyExists("The specified log group already exists".into()));
            }
            c.insert_log_group(&name);
            Ok(())
        })
    }

    /// `logs delete-log-group`: its streams and events go with it.
    pub fn delete_log_group(&mut self, input: DeleteLogGroupInput) -> Result<(), LogsError> {
        let name = input.log_group_name;
        self.logs_call("DeleteLogGroup", &name.clone(), |c| {
            if c.log_group(&name).is_none() {
                return Err(LogsError::no_group());
            }
            c.logs.groups.retain(|g| g.name != name);
            Ok(())
        })
    }

    /// `logs describe-log-groups`.
    pub fn describe_log_groups(
        &mut self,
        input: DescribeLogGroupsInput,
    ) -> Result<DescribeLogGroupsOutput, LogsError> {
        self.logs_call("DescribeLogGroups", "", |c| {
            let prefix = input.log_group_name_prefix.unwrap_or_default();
            Ok(DescribeLogGroupsOutput {
                log_groups: c
                    .logs
                    .groups
                    .iter()
                    .filter(|g| g.name.starts_with(&prefix))
                    .map(|g| c.log_group_shape(g))
                    .collect(),
            })
        })
    }

    /// `logs put-retention-policy`.
    pub fn put_retention_policy(
        &mut self,
        input: PutRetentionPolicyInput,
    ) -> Result<(), LogsError> {
        let name = input.log_group_name;
        self.logs_call("PutRetentionPolicy", &name.clone(), |c| {
            let days = u32::try_from(input.retention_in_days)
                .ok()
                .filter(|d| RETENTION_DAYS.contains(d))
                .ok_or_else(|| {
                    LogsError::InvalidParameter(format!(
                        "1 validation error detected: Value '{}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
                        input.retention_in_days
                    ))
                })?;
            let group = c.log_group_mut(&name).ok_or_else(LogsError::no_group)?;
            group.retention_in_days = Some(days);
            Ok(())
        })
    }

    /// `logs create-log-stream`.
    pub fn create_log_stream(&mut self, input: CreateLogStreamInput) -> Result<(), LogsError> {
        let group = input.log_group_name;
        self.logs_call("CreateLogStream", &group.clone(), |c| {
            let stream = input.log_stream_name;
            if stream.is_empty() || stream.contains(':') || stream.contains('*') || stream.len() > 512 {
                return Err(LogsError::InvalidParameter(format!(
                    "1 validation error detected: Value '{stream}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*"
                )));
            }
            let now = c.now;
            let g = c.log_group_mut(&group).ok_or_else(LogsError::no_group)?;
            if g.streams.iter().any(|s| s.name == stream) {
                return Err(LogsError::ResourceAlreadyExists("The specified log stream already exists".into()));
            }
            g.streams.push(LogStream { name: stream, created_at: now, events: Vec::new() });
            Ok(())
        })
    }

    /// `logs describe-log-streams`.
    pub fn describe_log_streams(
        &mut self,
        input: DescribeLogStreamsInput,
    ) -> Result<DescribeLogStreamsOutput, LogsError> {
        let group_name = input.log_group_name.clone();
        self.logs_call("DescribeLogStreams", &group_name, |c| {
            let by_time = match input.order_by.as_deref() {
                None | Some("LogStreamName") => false,
                Some("LastEventTime") => true,
                Some(other) => {
                    return Err(LogsError::InvalidParameter(format!(
                        "1 validation error detected: Value '{other}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]"
                    )));
                }
            };
            if by_time && input.log_stream_name_prefix.is_some() {
                return Err(LogsError::InvalidParameter(
                    "Cannot order by LastEventTime with a logStreamNamePrefix.".into(),
                ));
            }
            let group = c.log_group(&group_name).ok_or_else(LogsError::no_group)?;
            let prefix = input.log_stream_name_prefix.clone().unwrap_or_default();
            let mut streams: Vec<&LogStream> = group.streams.iter().filter(|s| s.name.starts_with(&prefix)).collect();
            if by_time {
                streams.sort_by_key(|s| (s.events.last().map(|e| e.timestamp), s.created_at));
            } else {
                streams.sort_by(|a, b| a.name.cmp(&b.name));
            }
            if input.descending.unwrap_or(false) {
                streams.reverse();
            }
            let limit = input.limit.unwrap_or(50).clamp(1, 50) as usize;
            let arn = c.log_group_arn(&group_name);
            Ok(DescribeLogStreamsOutput {
                log_streams: streams
                    .into_iter()
                    .take(limit)
                    .map(|s| LogStreamShape {
                        log_stream_name: s.name.clone(),
                        creation_time: s.created_at.unix_millis(),
                        first_event_timestamp: s.events.first().map(|e| e.timestamp),
                        last_event_timestamp: s.events.last().map(|e| e.timestamp),
                        last_ingestion_time: s.events.iter().map(|e| e.ingestion_time).max(),
                        arn: format!("{arn}:log-stream:{}", s.name),
                        stored_bytes: 0,
                    })
                    .collect(),
            })
        })
    }

    /// `logs put-log-events`.
    pub fn put_log_events(
        &mut self,
        input: PutLogEventsInput,
    ) -> Result<PutLogEventsOutput, LogsError> {
        let group = input.log_group_name.clone();
        self.logs_call("PutLogEvents", &group, |c| {
            let g = c.log_group(&group).ok_or_else(LogsError::no_group)?;
            if !g.streams.iter().any(|s| s.name == input.log_stream_name) {
                return Err(LogsError::no_stream());
            }
            if input.log_events.is_empty() {
                return Err(LogsError::InvalidParameter(
                    "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1".into(),
                ));
            }
            if input.log_events.windows(2).any(|w| w[1].timestamp < w[0].timestamp) {
                return Err(LogsError::InvalidParameter(
                    "Log events in a single PutLogEvents request must be in chronological order.".into(),
                ));
            }
            let events: Vec<(u64, String)> = input
                .log_events
                .iter()
                .map(|e| (e.timestamp.max(0) as u64, e.message.clone()))
                .collect();
            c.append_log_events(&group, &input.log_stream_name, &events);
            Ok(PutLogEventsOutput { next_sequence_token: format!("{:056}", c.now.unix_millis()) })
        })
    }

    /// `logs get-log-events`.
    pub fn get_log_events(
        &mut self,
        input: GetLogEventsInput,
    ) -> Result<GetLogEventsOutput, LogsError> {
        let group = input.log_group_name.clone();
        self.logs_call("GetLogEvents", &group, |c| {
            let g = c.log_group(&group).ok_or_else(LogsError::no_group)?;
            let stream = g
                .streams
                .iter()
                .find(|s| s.name == input.log_stream_name)
                .ok_or_else(LogsError::no_stream)?;
            let in_range: Vec<&LogEvent> = stream
                .events
                .iter()
                .filter(|e| in_time(e.timestamp, input.start_time, input.end_time))
                .collect();
            let limit = input.limit.unwrap_or(10_000).clamp(1, 10_000) as usize;
            let chosen: Vec<&LogEvent> = if input.start_from_head.unwrap_or(false) {
                in_range.into_iter().take(limit).collect()
            } else {
                let skip = in_range.len().saturating_sub(limit);
                in_range.into_iter().skip(skip).collect()
            };
            Ok(GetLogEventsOutput {
                events: chosen
                    .into_iter()
                    .map(|e| OutputLogEvent {
                        timestamp: e.timestamp,
                        message: e.message.clone(),
                        ingestion_time: e.ingestion_time,
                    })
                    .collect(),
                next_forward_token: format!("f/{:056}", c.now.unix_millis()),
                next_backward_token: format!("b/{:056}", 0),
            })
        })
    }

    /// `logs filter-log-events`: matching events of every stream (or the named
    /// ones), in time order.
    pub fn filter_log_events(
        &mut self,
        input: FilterLogEventsInput,
    ) -> Result<FilterLogEventsOutput, LogsError> {
        let group = input.log_group_name.clone();
        self.logs_call("FilterLogEvents", &group, |c| {
            if !input.log_stream_names.is_empty() && input.log_stream_name_prefix.is_some() {
                return Err(LogsError::InvalidParameter(
                    "logStreamNames and logStreamNamePrefix are mutually exclusive".into(),
                ));
            }
            let pattern = FilterPattern::parse(input.filter_pattern.as_deref().unwrap_or(""))?;
            let g = c.log_group(&group).ok_or_else(LogsError::no_group)?;
            let prefix = input.log_stream_name_prefix.clone().unwrap_or_default();
            let streams: Vec<&LogStream> = g
                .streams
                .iter()
                .filter(|s| {
                    (input.log_stream_names.is_empty() || input.log_stream_names.contains(&s.name))
                        && s.name.starts_with(&prefix)
                })
                .collect();
            let mut events: Vec<FilteredLogEvent> = Vec::new();
            for (si, s) in streams.iter().enumerate() {
                for (ei, e) in s.events.iter().enumerate() {
                    if in_time(e.timestamp, input.start_time, input.end_time)
                        && pattern.matches(&e.message)
                    {
                        events.push(FilteredLogEvent {
                            log_stream_name: s.name.clone(),
                            timestamp: e.timestamp,
                            message: e.message.clone(),
                            ingestion_time: e.ingestion_time,
                            event_id: format!("{:020}{:04}{:08}", e.timestamp, si, ei),
                        });
                    }
                }
            }
            events.sort_by(|a, b| {
                a.timestamp
                    .cmp(&b.timestamp)
                    .then(a.event_id.cmp(&b.event_id))
            });
            events.truncate(input.limit.unwrap_or(10_000).clamp(1, 10_000) as usize);
            Ok(FilterLogEventsOutput {
                events,
                searched_log_streams: streams
                    .iter()
                    .map(|s| SearchedLogStream {
                        log_stream_name: s.name.clone(),
                        searched_completely: true,
                    })
                    .collect(),
            })
        })
    }
}

fn in_time(timestamp: u64, start: Option<i64>, end: Option<i64>) -> bool {
    let t = timestamp as i64;
    start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e)
}

#[cfg(test)]
mod tests;
