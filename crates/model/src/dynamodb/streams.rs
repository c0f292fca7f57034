//! DynamoDB Streams: with `StreamSpecification` on, every change to an item
//! (`INSERT`, `MODIFY`, `REMOVE`) is recorded in order with the keys and the
//! images the view type asks for (`KEYS_ONLY`, `NEW_IMAGE`, `OLD_IMAGE`,
//! `NEW_AND_OLD_IMAGES`), kept 24 hours, and read through a shard iterator
//! (`ListStreams`, `DescribeStream`, `GetShardIterator`, `GetRecords`). A
//! table's stream has one shard in the lab.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::DynamoDbError;
use super::expressions::Item;
use super::items::item_size;
use super::tables::KeySchemaElement;
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// How long records are kept.
pub const RETENTION: Duration = Duration::from_secs(24 * 3600);

/// A table's stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stream {
    /// `NEW_AND_OLD_IMAGES`, ...
    pub view_type: String,
    /// Its label: when it was enabled (`2026-01-05T09:00:00.000`).
    pub label: String,
    /// Whether changes are still recorded.
    pub enabled: bool,
    /// When it was enabled.
    pub created: SimTime,
    /// Its records, oldest first.
    pub records: Vec<ChangeRecord>,
    /// The next sequence number.
    pub next_sequence: u64,
}

/// One change of one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// Its id.
    pub event_id: String,
    /// `INSERT`, `MODIFY` or `REMOVE`.
    pub event_name: String,
    /// When it happened.
    pub at: SimTime,
    /// The item's key.
    pub keys: Item,
    /// The item after, if the view type keeps it.
    pub new_image: Option<Item>,
    /// The item before, if the view type keeps it.
    pub old_image: Option<Item>,
    /// Its sequence number (21 digits).
    pub sequence: String,
    /// Bytes of the record.
    pub size: u64,
}

/// `StreamSpecification`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct StreamSpecification {
    /// On or off.
    pub stream_enabled: bool,
    /// What each record holds (required when enabling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_view_type: Option<String>,
}

/// `ListStreams` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListStreamsInput {
    /// Only this table's streams.
    pub table_name: Option<String>,
}

/// A stream in `ListStreams`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamSummary {
    /// Its ARN.
    pub stream_arn: String,
    /// The table.
    pub table_name: String,
    /// Its label.
    pub stream_label: String,
}

/// `ListStreams` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStreamsOutput {
    /// The streams.
    pub streams: Vec<StreamSummary>,
}

/// `StreamArn` alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct StreamArnInput {
    /// The stream.
    pub stream_arn: String,
}

/// `SequenceNumberRange`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SequenceNumberRange {
    /// The first record's number.
    pub starting_sequence_number: String,
}

/// `Shard`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Shard {
    /// Its id.
    pub shard_id: String,
    /// Its records' numbers.
    pub sequence_number_range: SequenceNumberRange,
}

/// `StreamDescription`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamDescription {
    /// Its ARN.
    pub stream_arn: String,
    /// Its label.
    pub stream_label: String,
    /// `ENABLED` or `DISABLED`.
    pub stream_status: String,
    /// What records hold.
    pub stream_view_type: String,
    /// When it was enabled.
    pub creation_request_date_time: String,
    /// The table.
    pub table_name: String,
    /// The table's key.
    pub key_schema: Vec<KeySchemaElement>,
    /// Its shards (one).
    pub shards: Vec<Shard>,
}

/// `DescribeStream` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStreamOutput {
    /// The stream.
    pub stream_description: StreamDescription,
}

/// `GetShardIterator` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetShardIteratorInput {
    /// The stream.
    pub stream_arn: String,
    /// The shard.
    pub shard_id: String,
    /// `TRIM_HORIZON`, `LATEST`, `AT_SEQUENCE_NUMBER`, `AFTER_SEQUENCE_NUMBER`.
    pub shard_iterator_type: String,
    /// For the `*_SEQUENCE_NUMBER` types.
    pub sequence_number: Option<String>,
}

/// `GetShardIterator` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetShardIteratorOutput {
    /// Where to read from.
    pub shard_iterator: String,
}

/// `GetRecords` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetRecordsInput {
    /// Where to read from.
    pub shard_iterator: String,
    /// At most this many records (1 to 1000).
    pub limit: Option<i64>,
}

/// The `dynamodb` member of a record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamRecordShape {
    /// When the change happened (epoch seconds).
    pub approximate_creation_date_time: f64,
    /// The item's key.
    pub keys: Item,
    /// The item after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_image: Option<Item>,
    /// The item before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_image: Option<Item>,
    /// Its number.
    pub sequence_number: String,
    /// Its size.
    pub size_bytes: u64,
    /// What it holds.
    pub stream_view_type: String,
}

/// A `Record`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordShape {
    /// Its id.
    #[serde(rename = "eventID")]
    pub event_id: String,
    /// `INSERT`, `MODIFY` or `REMOVE`.
    #[serde(rename = "eventName")]
    pub event_name: String,
    /// `1.1`.
    #[serde(rename = "eventVersion")]
    pub event_version: String,
    /// `aws:dynamodb`.
    #[serde(rename = "eventSource")]
    pub event_source: String,
    /// The region.
    #[serde(rename = "awsRegion")]
    pub aws_region: String,
    /// The change.
    pub dynamodb: StreamRecordShape,
}

/// `GetRecords` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetRecordsOutput {
    /// The records.
    pub records: Vec<RecordShape>,
    /// Where to read next.
    pub next_shard_iterator: String,
}

fn invalid(message: impl Into<String>) -> DynamoDbError {
    DynamoDbError::Validation(message.into())
}

/// The label of a stream enabled at `at`: `2026-01-05T09:00:00.000`.
fn label_of(at: SimTime) -> String {
    at.to_iso8601_millis().trim_end_matches('Z').to_string()
}

impl Cloud {
    /// `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`.
    pub fn stream_arn(&self, table: &str, label: &str) -> String {
        format!("{}/stream/{label}", self.table_arn(table))
    }

    fn shard_id(stream: &Stream) -> String {
        format!(
            "shardId-{:020}-{}",
            stream.created.unix_millis(),
            // A label read back from a save may be anything: take what is there.
            stream
                .label
                .chars()
                .filter(char::is_ascii_digit)
                .take(8)
                .collect::<String>()
        )
    }

    /// Turns the table's stream on (a new stream) or off.
    pub(crate) fn set_stream(
        &mut self,
        table: &str,
        spec: &StreamSpecification,
    ) -> Result<(), DynamoDbError> {
        let now = self.now;
        let Some(t) = self.dynamodb.tables.iter_mut().find(|t| t.name == table) else {
            return Err(DynamoDbError::no_table(table));
        };
        let current = t.streams.iter().any(|s| s.enabled);
        if spec.stream_enabled {
            let view = spec.stream_view_type.clone().ok_or_else(|| {
                invalid("One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true")
            })?;
            if !["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]
                .contains(&view.as_str())
            {
                return Err(invalid(format!(
                    "1 validation error detected: Value '{view}' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]"
                )));
            }
            if current {
                return Err(invalid(format!(
                    "Table already has an enabled stream: {table}"
                )));
            }
            t.streams.push(Stream {
                view_type: view,
                label: label_of(now),
                enabled: true,
                created: now,
                records: Vec::new(),
                next_sequence: 1,
            });
        } else {
            if !current {
                return Err(invalid("Table already has no enabled stream"));
            }
            for s in &mut t.streams {
                s.enabled = false;
            }
        }
        Ok(())
    }

    /// Records a change of one item in the table's enabled stream.
    pub(crate) fn record_change(&mut self, table: &str, old: Option<&Item>, new: Option<&Item>) {
        if old == new {
            return;
        }
        let now = self.now;
        let event_id = self.service_rng("dynamodb").chars(b"0123456789abcdef", 32);
        let Some(t) = self.dynamodb.tables.iter_mut().find(|t| t.name == table) else {
            return;
        };
        let Some(source) = new.or(old) else {
            return;
        };
        let keys: Item = std::iter::once(&t.hash)
            .chain(t.range.as_ref())
            .filter_map(|k| source.get(&k.name).map(|v| (k.name.clone(), v.clone())))
            .collect();
        let Some(stream) = t.streams.iter_mut().find(|s| s.enabled) else {
            return;
        };
        let (with_new, with_old) = match stream.view_type.as_str() {
            "NEW_IMAGE" => (true, false),
            "OLD_IMAGE" => (false, true),
            "NEW_AND_OLD_IMAGES" => (true, true),
            _ => (false, false),
        };
        let new_image = new.filter(|_| with_new).cloned();
        let old_image = old.filter(|_| with_old).cloned();
        let size = item_size(&keys)
            + new_image.as_ref().map(item_size).unwrap_or(0)
            + old_image.as_ref().map(item_size).unwrap_or(0);
        let sequence = format!("{:021}", stream.next_sequence * 100);
        stream.next_sequence += 1;
        stream.records.push(ChangeRecord {
            event_id,
            event_name: match (old, new) {
                (None, Some(_)) => "INSERT",
                (Some(_), Some(_)) => "MODIFY",
                _ => "REMOVE",
            }
            .into(),
            at: now,
            keys,
            new_image,
            old_image,
            sequence,
            size,
        });
    }

    /// Drops records older than 24 hours and streams with nothing left.
    pub(crate) fn trim_streams(&mut self) {
        let now = self.now;
        for t in &mut self.dynamodb.tables {
            for s in &mut t.streams {
                s.records.retain(|r| now.since(r.at) < RETENTION);
            }
            t.streams
                .retain(|s| s.enabled || now.since(s.created) < RETENTION);
        }
    }

    fn find_stream(&self, arn: &str) -> Result<(&super::Table, &Stream), DynamoDbError> {
        self.dynamodb
            .tables
            .iter()
            .flat_map(|t| t.streams.iter().map(move |s| (t, s)))
            .find(|(t, s)| self.stream_arn(&t.name, &s.label) == arn)
            .ok_or_else(|| {
                DynamoDbError::ResourceNotFound(format!(
                    "Requested resource not found: Stream: {arn} not found"
                ))
            })
    }

    /// `dynamodbstreams list-streams`.
    pub fn list_streams(
        &mut self,
        input: ListStreamsInput,
    ) -> Result<ListStreamsOutput, DynamoDbError> {
        self.dynamodb_call("ListStreams", None, |c| {
            let streams = c
                .dynamodb
                .tables
                .iter()
                .filter(|t| input.table_name.as_ref().is_none_or(|n| *n == t.name))
                .flat_map(|t| {
                    t.streams.iter().map(|s| StreamSummary {
                        stream_arn: c.stream_arn(&t.name, &s.label),
                        table_name: t.name.clone(),
                        stream_label: s.label.clone(),
                    })
                })
                .collect();
            Ok(ListStreamsOutput { streams })
        })
    }

    /// `dynamodbstreams describe-stream`.
    pub fn describe_stream(
        &mut self,
        input: StreamArnInput,
    ) -> Result<DescribeStreamOutput, DynamoDbError> {
        self.dynamodb_call("DescribeStream", None, |c| {
            let (table, stream) = c.find_stream(&input.stream_arn)?;
            let mut key_schema = vec![KeySchemaElement {
                attribute_name: table.hash.name.clone(),
                key_type: "HASH".into(),
            }];
            if let Some(range) = &table.range {
                key_schema.push(KeySchemaElement {
                    attribute_name: range.name.clone(),
                    key_type: "RANGE".into(),
                });
            }
            Ok(DescribeStreamOutput {
                stream_description: StreamDescription {
                    stream_arn: input.stream_arn.clone(),
                    stream_label: stream.label.clone(),
                    stream_status: if stream.enabled {
                        "ENABLED"
                    } else {
                        "DISABLED"
                    }
                    .into(),
                    stream_view_type: stream.view_type.clone(),
                    creation_request_date_time: stream.created.to_iso8601_millis(),
                    table_name: table.name.clone(),
                    key_schema,
                    shards: vec![Shard {
                        shard_id: Cloud::shard_id(stream),
                        sequence_number_range: SequenceNumberRange {
                            starting_sequence_number: format!("{:021}", 100),
                        },
                    }],
                },
            })
        })
    }

    /// `dynamodbstreams get-shard-iterator`: where in the shard to read.
    pub fn get_shard_iterator(
        &mut self,
        input: GetShardIteratorInput,
    ) -> Result<GetShardIteratorOutput, DynamoDbError> {
        self.dynamodb_call("GetShardIterator", None, |c| {
            let (_, stream) = c.find_stream(&input.stream_arn)?;
            if input.shard_id != Cloud::shard_id(stream) {
                return Err(DynamoDbError::ResourceNotFound(format!(
                    "Requested resource not found: Shard does not exist: {}",
                    input.shard_id
                )));
            }
            let position = match input.shard_iterator_type.as_str() {
                "TRIM_HORIZON" => 0,
                "LATEST" => stream.next_sequence * 100,
                "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" => {
                    let number: u64 = input
                        .sequence_number
                        .as_deref()
                        .and_then(|n| n.parse().ok())
                        .ok_or_else(|| invalid("Invalid SequenceNumber"))?;
                    if input.shard_iterator_type == "AT_SEQUENCE_NUMBER" {
                        number
                    } else {
                        number + 1
                    }
                }
                other => {
                    return Err(invalid(format!(
                        "1 validation error detected: Value '{other}' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]"
                    )));
                }
            };
            Ok(GetShardIteratorOutput {
                shard_iterator: format!("{}|{}|{position}", input.stream_arn, input.shard_id),
            })
        })
    }

    /// `dynamodbstreams get-records`: the records from the iterator on.
    pub fn get_records(
        &mut self,
        input: GetRecordsInput,
    ) -> Result<GetRecordsOutput, DynamoDbError> {
        self.dynamodb_call("GetRecords", None, |c| {
            let expired = || invalid("Invalid ShardIterator");
            let mut parts = input.shard_iterator.rsplitn(3, '|');
            let position: u64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(expired)?;
            let shard = parts.next().ok_or_else(expired)?.to_string();
            let arn = parts.next().ok_or_else(expired)?.to_string();
            let limit = input.limit.unwrap_or(1000);
            if !(1..=1000).contains(&limit) {
                return Err(invalid(format!(
                    "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"
                )));
            }
            let region = c.region().code.to_string();
            let (_, stream) = c.find_stream(&arn)?;
            let records: Vec<&ChangeRecord> = stream
                .records
                .iter()
                .filter(|r| r.sequence.parse::<u64>().unwrap_or(0) >= position)
                .take(limit as usize)
                .collect();
            let next = records
                .last()
                .map(|r| r.sequence.parse::<u64>().unwrap_or(0) + 1)
                .unwrap_or(position);
            Ok(GetRecordsOutput {
                records: records
                    .into_iter()
                    .map(|r| RecordShape {
                        event_id: r.event_id.clone(),
                        event_name: r.event_name.clone(),
                        event_version: "1.1".into(),
                        event_source: "aws:dynamodb".into(),
                        aws_region: region.clone(),
                        dynamodb: StreamRecordShape {
                            approximate_creation_date_time: r.at.unix_seconds() as f64,
                            keys: r.keys.clone(),
                            new_image: r.new_image.clone(),
                            old_image: r.old_image.clone(),
                            sequence_number: r.sequence.clone(),
                            size_bytes: r.size,
                            stream_view_type: stream.view_type.clone(),
                        },
                    })
                    .collect(),
                next_shard_iterator: format!("{arn}|{shard}|{next}"),
            })
        })
    }
}
