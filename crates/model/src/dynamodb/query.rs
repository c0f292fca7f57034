//! `Query` (one partition, in sort-key order) and `Scan` (the whole table):
//! `Limit` counts the items read before the filter, a page stops at `Limit`
//! or 1 MB read and says where to go on (`LastEvaluatedKey`), the filter
//! runs after the read (so `Count` ≤ `ScannedCount`), and the capacity
//! consumed is the bytes read, not the bytes returned — what makes a Scan
//! with a filter cost as much as reading everything.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::errors::DynamoDbError;
use super::expressions::{self, Item, Placeholders};
use super::items::{ConsumedCapacity, item_size, read_units};
use super::key_condition::{KeyNames, SortKeyOp, parse_key_condition};
use super::values::AttributeValue;
use super::{KeyAttribute, SecondaryIndex, Table};
use crate::cloud::Cloud;

/// The most a page reads: 1 MB.
pub const PAGE_BYTES: u64 = 1024 * 1024;

/// `Query` and `Scan` input: the members the lab simulates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ReadRequest {
    /// The table.
    pub table_name: String,
    /// A secondary index (not simulated yet).
    pub index_name: Option<String>,
    /// `Query`: the partition (and sort) key condition.
    pub key_condition_expression: Option<String>,
    /// A condition applied after the read.
    pub filter_expression: Option<String>,
    /// The attributes to return.
    pub projection_expression: Option<String>,
    /// `#name` placeholders.
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    /// `:value` placeholders.
    pub expression_attribute_values: Option<BTreeMap<String, AttributeValue>>,
    /// At most this many items read.
    pub limit: Option<i64>,
    /// Where to go on from (a previous page's `LastEvaluatedKey`).
    pub exclusive_start_key: Option<Item>,
    /// `Query`: ascending (default) or descending sort-key order.
    pub scan_index_forward: Option<bool>,
    /// `ALL_ATTRIBUTES`, `SPECIFIC_ATTRIBUTES` or `COUNT`.
    pub select: Option<String>,
    /// Strongly consistent (twice the capacity).
    pub consistent_read: Option<bool>,
    /// `TOTAL`, `INDEXES` or `NONE`.
    pub return_consumed_capacity: Option<String>,
}

/// `Query` and `Scan` output.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReadOutput {
    /// The items that passed the filter (not with `Select=COUNT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Item>>,
    /// How many passed the filter.
    pub count: u64,
    /// How many were read.
    pub scanned_count: u64,
    /// Where the next page starts, if the read stopped early.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_evaluated_key: Option<Item>,
    /// The capacity consumed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumed_capacity: Option<ConsumedCapacity>,
}

fn invalid(message: impl Into<String>) -> DynamoDbError {
    DynamoDbError::Validation(message.into())
}

/// FNV-1a of the partition key's text: the order a Scan reads partitions in.
fn partition_hash(value: Option<&AttributeValue>) -> u64 {
    let text = value.map(|v| format!("{v:?}")).unwrap_or_default();
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn sort_order(range: Option<&KeyAttribute>, a: &Item, b: &Item) -> std::cmp::Ordering {
    match range {
        Some(range) => match (a.get(&range.name), b.get(&range.name)) {
            (Some(x), Some(y)) => x.key_order(y).unwrap_or(std::cmp::Ordering::Equal),
            _ => std::cmp::Ordering::Equal,
        },
        None => std::cmp::Ordering::Equal,
    }
}

/// The key attributes of `item`: the table's, and the index's when reading one.
fn key_only(table: &Table, index: Option<&SecondaryIndex>, item: &Item) -> Item {
    std::iter::once(&table.hash)
        .chain(table.range.as_ref())
        .chain(index.map(|i| &i.hash))
        .chain(index.and_then(|i| i.range.as_ref()))
        .filter_map(|k| item.get(&k.name).map(|v| (k.name.clone(), v.clone())))
        .collect()
}

fn sort_matches(
    value: Option<&AttributeValue>,
    op: SortKeyOp,
    operands: &[AttributeValue],
) -> bool {
    use std::cmp::Ordering::*;
    let Some(value) = value else {
        return false;
    };
    let order = |i: usize| operands.get(i).and_then(|o| value.key_order(o));
    match op {
        SortKeyOp::Eq => order(0) == Some(Equal),
        SortKeyOp::Lt => order(0) == Some(Less),
        SortKeyOp::Le => matches!(order(0), Some(Less | Equal)),
        SortKeyOp::Gt => order(0) == Some(Greater),
        SortKeyOp::Ge => matches!(order(0), Some(Greater | Equal)),
        SortKeyOp::Between => {
            matches!(order(0), Some(Greater | Equal)) && matches!(order(1), Some(Less | Equal))
        }
        SortKeyOp::BeginsWith => match (value, operands.first()) {
            (AttributeValue::S(s), Some(AttributeValue::S(p))) => s.starts_with(p.as_str()),
            (AttributeValue::B(s), Some(AttributeValue::B(p))) => s.starts_with(p.as_str()),
            _ => false,
        },
    }
}

impl ReadRequest {
    /// The request's `#name` and `:value` placeholders (empty when absent).
    fn placeholders(&self) -> (BTreeMap<String, String>, BTreeMap<String, AttributeValue>) {
        (
            self.expression_attribute_names.clone().unwrap_or_default(),
            self.expression_attribute_values.clone().unwrap_or_default(),
        )
    }
}

impl Cloud {
    /// The items of one partition of `table` (or of its index `index`) in
    /// sort-key order: what a Query with only `partition key = value` returns.
    /// Read-only and unlogged, for checks and the console; the error says why
    /// there is nothing to read, in English.
    pub fn partition_in_order(
        &self,
        table: &str,
        index: Option<&str>,
        value: &AttributeValue,
    ) -> Result<Vec<Item>, String> {
        let t = self
            .dynamodb_table(table)
            .ok_or_else(|| format!("there is no table {table}"))?;
        let index = match index {
            Some(wanted) => Some(
                t.indexes
                    .iter()
                    .find(|i| i.name == wanted)
                    .ok_or_else(|| format!("{table} has no index {wanted}"))?,
            ),
            None => None,
        };
        if let Some(i) = index.filter(|i| i.status != "ACTIVE") {
            return Err(format!("index {} is {}, not ACTIVE yet", i.name, i.status));
        }
        let (hash, range) = match index {
            Some(i) => (&i.hash, i.range.as_ref()),
            None => (&t.hash, t.range.as_ref()),
        };
        let mut items: Vec<Item> = match index {
            Some(i) => t.items.iter().filter_map(|item| i.entry(t, item)).collect(),
            None => t.items.clone(),
        };
        items.retain(|item| item.get(&hash.name) == Some(value));
        items.sort_by(|a, b| sort_order(range, a, b));
        Ok(items)
    }

    fn read(&mut self, operation: &str, request: ReadRequest) -> Result<ReadOutput, DynamoDbError> {
        let name = request.table_name.clone();
        self.dynamodb_call(operation, Some(&name), |c| {
            let table = c.active_table(&name)?;
            let index = match &request.index_name {
                Some(wanted) => Some(
                    table
                        .indexes
                        .iter()
                        .find(|i| i.name == *wanted)
                        .ok_or_else(|| {
                            invalid(format!("The table does not have the specified index: {wanted}"))
                        })?,
                ),
                None => None,
            };
            if let Some(i) = index.filter(|i| i.status != "ACTIVE") {
                return Err(invalid(format!(
                    "Cannot read from backfilling global secondary index: {}",
                    i.name
                )));
            }
            if index.is_some_and(|i| i.global) && request.consistent_read == Some(true) {
                return Err(invalid(
                    "Consistent reads are not supported on global secondary indexes",
                ));
            }
            let (hash_key, range_key) = match index {
                Some(i) => (&i.hash, i.range.as_ref()),
                None => (&table.hash, table.range.as_ref()),
            };
            // What the table or index holds: every item, or the index's entries.
            let view: Vec<Item> = match index {
                Some(i) => table.items.iter().filter_map(|item| i.entry(table, item)).collect(),
                None => table.items.clone(),
            };
            let (names, values) = request.placeholders();
            let mut placeholders = Placeholders::new(&names, &values);
            let mut candidates: Vec<&Item> = if operation == "Query" {
                let Some(text) = &request.key_condition_expression else {
                    return Err(invalid(
                        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
                    ));
                };
                let key = KeyNames {
                    hash: &hash_key.name,
                    range: range_key.map(|r| r.name.as_str()),
                };
                let condition =
                    parse_key_condition(text, &names, &values, &key).map_err(DynamoDbError::Validation)?;
                placeholders.mark_used_in(text);
                if condition.hash.1.type_name() != hash_key.kind
                    || condition.range.as_ref().is_some_and(|(_, _, vs)| {
                        vs.iter().any(|v| Some(v.type_name()) != range_key.map(|r| r.kind.as_str()))
                    })
                {
                    return Err(invalid(
                        "One or more parameter values were invalid: Condition parameter type does not match schema type",
                    ));
                }
                let mut found: Vec<&Item> = view
                    .iter()
                    .filter(|i| i.get(&hash_key.name) == Some(&condition.hash.1))
                    .filter(|i| match &condition.range {
                        Some((attribute, op, operands)) => sort_matches(i.get(attribute), *op, operands),
                        None => true,
                    })
                    .collect();
                found.sort_by(|a, b| sort_order(range_key, a, b));
                if request.scan_index_forward == Some(false) {
                    found.reverse();
                }
                found
            } else {
                if request.key_condition_expression.is_some() {
                    return Err(invalid("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}"));
                }
                let mut all: Vec<&Item> = view.iter().collect();
                all.sort_by(|a, b| {
                    partition_hash(a.get(&hash_key.name))
                        .cmp(&partition_hash(b.get(&hash_key.name)))
                        .then_with(|| sort_order(range_key, a, b))
                });
                all
            };
            let filter = match &request.filter_expression {
                Some(text) => Some(
                    expressions::parse_condition("FilterExpression", text, &mut placeholders)
                        .map_err(DynamoDbError::Validation)?,
                ),
                None => None,
            };
            let projection = match &request.projection_expression {
                Some(text) => Some(
                    expressions::parse_projection(text, &mut placeholders)
                        .map_err(DynamoDbError::Validation)?,
                ),
                None => None,
            };
            placeholders.check_all_used().map_err(DynamoDbError::Validation)?;
            let limit = match request.limit {
                Some(n) if n < 1 => {
                    return Err(invalid(format!(
                        "1 validation error detected: Value '{n}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
                    )));
                }
                Some(n) => Some(n as usize),
                None => None,
            };
            if let Some(start) = &request.exclusive_start_key {
                let wanted = key_only(table, index, start);
                match candidates.iter().position(|i| key_only(table, index, i) == wanted) {
                    Some(at) => {
                        candidates.drain(..=at);
                    }
                    None => {
                        // The key names an item since deleted: go on after where it would sort.
                        candidates.retain(|i| {
                            operation == "Query"
                                && sort_order(range_key, i, start) == std::cmp::Ordering::Greater
                        });
                    }
                }
            }
            let mut read = Vec::new();
            let mut bytes = 0;
            let mut stopped = false;
            for item in candidates.iter() {
                if limit.is_some_and(|l| read.len() >= l) || bytes >= PAGE_BYTES {
                    stopped = true;
                    break;
                }
                bytes += item_size(item);
                read.push(*item);
            }
            if limit.is_some_and(|l| read.len() >= l) {
                stopped = true;
            }
            let last_evaluated_key = stopped
                .then(|| read.last().map(|i| key_only(table, index, i)))
                .flatten();
            let scanned = read.len() as u64;
            let passed: Vec<Item> = read
                .into_iter()
                .filter(|i| filter.as_ref().is_none_or(|f| expressions::evaluate(f, i)))
                .map(|i| match &projection {
                    Some(paths) => expressions::project(i, paths),
                    None => i.clone(),
                })
                .collect();
            let count = passed.len() as u64;
            let units = read_units(bytes, request.consistent_read.unwrap_or(false));
            Ok(ReadOutput {
                items: (request.select.as_deref() != Some("COUNT")).then_some(passed),
                count,
                scanned_count: scanned,
                last_evaluated_key,
                consumed_capacity: matches!(
                    request.return_consumed_capacity.as_deref(),
                    Some("TOTAL") | Some("INDEXES")
                )
                .then(|| ConsumedCapacity {
                    table_name: name.clone(),
                    capacity_units: units,
                }),
            })
        })
    }

    /// `dynamodb query`: one partition, in sort-key order.
    pub fn query(&mut self, request: ReadRequest) -> Result<ReadOutput, DynamoDbError> {
        self.read("Query", request)
    }

    /// `dynamodb scan`: every item of the table.
    pub fn scan(&mut self, request: ReadRequest) -> Result<ReadOutput, DynamoDbError> {
        self.read("Scan", request)
    }
}
