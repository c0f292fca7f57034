//! Items: `PutItem`, `GetItem`, `UpdateItem`, `DeleteItem`, each with an
//! optional `ConditionExpression` (a failed one is
//! `ConditionalCheckFailedException` and still costs a write), `ReturnValues`
//! and the capacity consumed: a write unit per KB written, a read unit per
//! 4 KB read (half for an eventually consistent read).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Table;
use super::errors::DynamoDbError;
use super::expressions::{self, Item, Placeholders};
use super::update;
use super::values::{AttributeValue, is_number};
use crate::cloud::Cloud;

/// DynamoDB's largest item: 400 KB.
pub const MAX_ITEM_BYTES: u64 = 400 * 1024;

/// `ConsumedCapacity` (with `--return-consumed-capacity TOTAL`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConsumedCapacity {
    /// The table.
    pub table_name: String,
    /// Capacity units consumed.
    pub capacity_units: f64,
}

/// The members every item operation shares.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ItemRequest {
    /// The table.
    pub table_name: String,
    /// `PutItem`: the whole item.
    pub item: Option<Item>,
    /// `GetItem`, `UpdateItem`, `DeleteItem`: the key.
    pub key: Option<Item>,
    /// `UpdateItem`: `SET`, `REMOVE`, `ADD`, `DELETE` clauses.
    pub update_expression: Option<String>,
    /// A condition the item must meet first.
    pub condition_expression: Option<String>,
    /// `GetItem`: the attributes to return.
    pub projection_expression: Option<String>,
    /// `#name` placeholders.
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    /// `:value` placeholders.
    pub expression_attribute_values: Option<BTreeMap<String, AttributeValue>>,
    /// `NONE`, `ALL_OLD`, `UPDATED_OLD`, `ALL_NEW`, `UPDATED_NEW`.
    pub return_values: Option<String>,
    /// `TOTAL`, `INDEXES` or `NONE`.
    pub return_consumed_capacity: Option<String>,
    /// `GetItem`: a strongly consistent read (twice the capacity).
    pub consistent_read: Option<bool>,
}

/// The output of an item operation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ItemOutput {
    /// `GetItem`'s item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
    /// The attributes `ReturnValues` asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Item>,
    /// The capacity consumed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumed_capacity: Option<ConsumedCapacity>,
}

/// The size DynamoDB counts for a value.
fn value_size(value: &AttributeValue) -> u64 {
    match value {
        AttributeValue::S(s) => s.len() as u64,
        AttributeValue::N(n) => {
            let digits = n.chars().filter(char::is_ascii_digit).count() as u64;
            digits.div_ceil(2) + 1
        }
        AttributeValue::B(b) => (b.len() as u64 * 3) / 4,
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::M(m) => {
            3 + m
                .iter()
                .map(|(k, v)| k.len() as u64 + value_size(v) + 1)
                .sum::<u64>()
        }
        AttributeValue::L(l) => 3 + l.iter().map(|v| value_size(v) + 1).sum::<u64>(),
        AttributeValue::Ss(set) | AttributeValue::Bs(set) => {
            set.iter().map(|s| s.len() as u64).sum()
        }
        AttributeValue::Ns(set) => set.iter().map(|n| n.len().div_ceil(2) as u64 + 1).sum(),
    }
}

/// The size DynamoDB counts for an item: names plus values.
pub fn item_size(item: &Item) -> u64 {
    item.iter()
        .map(|(k, v)| k.len() as u64 + value_size(v))
        .sum()
}

/// Read units for `bytes` read: one per 4 KB, half when eventually consistent.
pub fn read_units(bytes: u64, consistent: bool) -> f64 {
    let units = bytes.div_ceil(4096).max(1) as f64;
    if consistent { units } else { units / 2.0 }
}

/// Write units for `bytes` written: one per KB.
pub fn write_units(bytes: u64) -> f64 {
    bytes.div_ceil(1024).max(1) as f64
}

fn invalid(message: impl Into<String>) -> DynamoDbError {
    DynamoDbError::Validation(message.into())
}

/// DynamoDB's checks of one value: numbers are numbers, sets are neither
/// empty nor repeat an element.
pub fn check_value(value: &AttributeValue) -> Result<(), DynamoDbError> {
    match value {
        AttributeValue::N(n) if !is_number(n) => Err(invalid(
            "A value provided cannot be converted into a number",
        )),
        AttributeValue::Ss(set) | AttributeValue::Ns(set) | AttributeValue::Bs(set) => {
            if set.is_empty() {
                let kind = match value {
                    AttributeValue::Ss(_) => "string",
                    AttributeValue::Ns(_) => "number",
                    _ => "binary",
                };
                return Err(invalid(format!(
                    "One or more parameter values were invalid: An {kind} set  may not be empty"
                )));
            }
            let mut seen = std::collections::BTreeSet::new();
            if !set.iter().all(|e| seen.insert(e)) {
                return Err(invalid(format!(
                    "Input collection [{}] contains duplicates.",
                    set.join(", ")
                )));
            }
            if let AttributeValue::Ns(numbers) = value
                && numbers.iter().any(|n| !is_number(n))
            {
                return Err(invalid(
                    "A value provided cannot be converted into a number",
                ));
            }
            Ok(())
        }
        AttributeValue::M(map) => map.values().try_for_each(check_value),
        AttributeValue::L(list) => list.iter().try_for_each(check_value),
        _ => Ok(()),
    }
}

/// The checks of a whole item against the table's key.
pub fn check_item(table: &Table, item: &Item) -> Result<(), DynamoDbError> {
    for key in std::iter::once(&table.hash).chain(table.range.as_ref()) {
        let Some(value) = item.get(&key.name) else {
            return Err(invalid(format!(
                "One or more parameter values were invalid: Missing the key {} in the item",
                key.name
            )));
        };
        if value.type_name() != key.kind {
            return Err(invalid(format!(
                "One or more parameter values were invalid: Type mismatch for key {} expected: {} actual: {}",
                key.name,
                key.kind,
                value.type_name()
            )));
        }
        if matches!(value, AttributeValue::S(s) | AttributeValue::B(s) if s.is_empty()) {
            return Err(invalid(format!(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {} value. Key: {}",
                if key.kind == "S" { "string" } else { "binary" },
                key.name
            )));
        }
    }
    item.values().try_for_each(check_value)?;
    if item_size(item) > MAX_ITEM_BYTES {
        return Err(invalid("Item size has exceeded the maximum allowed size"));
    }
    Ok(())
}

/// A `Key` names exactly the table's key attributes with their types.
pub fn check_key(table: &Table, key: &Item) -> Result<(), DynamoDbError> {
    let expected = 1 + usize::from(table.range.is_some());
    let matches = key.len() == expected
        && std::iter::once(&table.hash)
            .chain(table.range.as_ref())
            .all(|k| key.get(&k.name).is_some_and(|v| v.type_name() == k.kind));
    if matches {
        Ok(())
    } else {
        Err(invalid(
            "The provided key element does not match the schema",
        ))
    }
}

fn capacity(request: &ItemRequest, units: f64) -> Option<ConsumedCapacity> {
    matches!(
        request.return_consumed_capacity.as_deref(),
        Some("TOTAL") | Some("INDEXES")
    )
    .then(|| ConsumedCapacity {
        table_name: request.table_name.clone(),
        capacity_units: units,
    })
}

/// Checks `request`'s condition against `current` (an absent item is empty)
/// once every placeholder is known to be used:
/// `ConditionalCheckFailedException` when it does not hold.
fn require_condition(
    request: &ItemRequest,
    current: Option<&Item>,
    placeholders: &mut Placeholders<'_>,
) -> Result<(), DynamoDbError> {
    let holds = match &request.condition_expression {
        Some(text) => {
            let condition = expressions::parse_condition("ConditionExpression", text, placeholders)
                .map_err(DynamoDbError::Validation)?;
            let empty = Item::new();
            expressions::evaluate(&condition, current.unwrap_or(&empty))
        }
        None => true,
    };
    placeholders
        .check_all_used()
        .map_err(DynamoDbError::Validation)?;
    if holds {
        Ok(())
    } else {
        Err(DynamoDbError::ConditionalCheckFailed)
    }
}

impl ItemRequest {
    /// The request's `#name` and `:value` placeholders (empty when absent).
    fn placeholders(&self) -> (BTreeMap<String, String>, BTreeMap<String, AttributeValue>) {
        (
            self.expression_attribute_names.clone().unwrap_or_default(),
            self.expression_attribute_values.clone().unwrap_or_default(),
        )
    }
}

impl Cloud {
    /// `dynamodb put-item`: creates or replaces the whole item.
    pub fn put_item(&mut self, request: ItemRequest) -> Result<ItemOutput, DynamoDbError> {
        let name = request.table_name.clone();
        self.dynamodb_call("PutItem", Some(&name), |c| {
            let table = c.active_table(&name)?;
            let item = request
                .item
                .clone()
                .ok_or_else(|| invalid("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null"))?;
            check_item(table, &item)?;
            let (names, values) = request.placeholders();
            let mut placeholders = Placeholders::new(&names, &values);
            let index = table.find(&item);
            let old = index.map(|i| table.items[i].clone());
            require_condition(&request, old.as_ref(), &mut placeholders)?;
            let units = write_units(item_size(&item).max(old.as_ref().map(item_size).unwrap_or(0)));
            let Some(table) = c.dynamodb.tables.iter_mut().find(|t| t.name == name) else {
                return Err(DynamoDbError::no_table(&name));
            };
            match index {
                Some(i) => table.items[i] = item.clone(),
                None => table.items.push(item.clone()),
            }
            c.record_change(&name, old.as_ref(), Some(&item));
            Ok(ItemOutput {
                item: None,
                attributes: (request.return_values.as_deref() == Some("ALL_OLD"))
                    .then_some(old)
                    .flatten(),
                consumed_capacity: capacity(&request, units),
            })
        })
    }

    /// `dynamodb get-item`: the item with the key, if any.
    pub fn get_item(&mut self, request: ItemRequest) -> Result<ItemOutput, DynamoDbError> {
        let name = request.table_name.clone();
        self.dynamodb_call("GetItem", Some(&name), |c| {
            let table = c.active_table(&name)?;
            let key = request.key.clone().unwrap_or_default();
            check_key(table, &key)?;
            let (names, values) = request.placeholders();
            let mut placeholders = Placeholders::new(&names, &values);
            let projection = match &request.projection_expression {
                Some(text) => Some(
                    expressions::parse_projection(text, &mut placeholders)
                        .map_err(DynamoDbError::Validation)?,
                ),
                None => None,
            };
            placeholders
                .check_all_used()
                .map_err(DynamoDbError::Validation)?;
            let found = table.item(&key).cloned();
            let units = read_units(
                found.as_ref().map(item_size).unwrap_or(0),
                request.consistent_read.unwrap_or(false),
            );
            Ok(ItemOutput {
                item: found.map(|item| match &projection {
                    Some(paths) => expressions::project(&item, paths),
                    None => item,
                }),
                attributes: None,
                consumed_capacity: capacity(&request, units),
            })
        })
    }

    /// `dynamodb delete-item`.
    pub fn delete_item(&mut self, request: ItemRequest) -> Result<ItemOutput, DynamoDbError> {
        let name = request.table_name.clone();
        self.dynamodb_call("DeleteItem", Some(&name), |c| {
            let table = c.active_table(&name)?;
            let key = request.key.clone().unwrap_or_default();
            check_key(table, &key)?;
            let (names, values) = request.placeholders();
            let mut placeholders = Placeholders::new(&names, &values);
            let index = table.find(&key);
            let old = index.map(|i| table.items[i].clone());
            require_condition(&request, old.as_ref(), &mut placeholders)?;
            let units = write_units(old.as_ref().map(item_size).unwrap_or(0));
            if let Some(i) = index
                && let Some(table) = c.dynamodb.tables.iter_mut().find(|t| t.name == name)
            {
                table.items.remove(i);
                c.record_change(&name, old.as_ref(), None);
            }
            Ok(ItemOutput {
                item: None,
                attributes: (request.return_values.as_deref() == Some("ALL_OLD"))
                    .then_some(old)
                    .flatten(),
                consumed_capacity: capacity(&request, units),
            })
        })
    }

    /// `dynamodb update-item`: changes some attributes, creating the item if
    /// it does not exist.
    pub fn update_item(&mut self, request: ItemRequest) -> Result<ItemOutput, DynamoDbError> {
        let name = request.table_name.clone();
        self.dynamodb_call("UpdateItem", Some(&name), |c| {
            let table = c.active_table(&name)?;
            let key = request.key.clone().unwrap_or_default();
            check_key(table, &key)?;
            let (names, values) = request.placeholders();
            let mut placeholders = Placeholders::new(&names, &values);
            let actions = match &request.update_expression {
                Some(text) => update::parse_update(text, &mut placeholders)
                    .map_err(DynamoDbError::Validation)?,
                None => Vec::new(),
            };
            let key_names: Vec<&str> = std::iter::once(table.hash.name.as_str())
                .chain(table.range.as_ref().map(|r| r.name.as_str()))
                .collect();
            if let Some(touched) = actions
                .iter()
                .map(update::UpdateAction::top_attribute)
                .find(|a| key_names.contains(a))
            {
                return Err(invalid(format!(
                    "One or more parameter values were invalid: Cannot update attribute {touched}. This attribute is part of the key"
                )));
            }
            let index = table.find(&key);
            let old = index.map(|i| table.items[i].clone());
            require_condition(&request, old.as_ref(), &mut placeholders)?;
            let mut item = old.clone().unwrap_or_else(|| key.clone());
            update::apply(&actions, &mut item).map_err(DynamoDbError::Validation)?;
            item.values().try_for_each(check_value)?;
            if item_size(&item) > MAX_ITEM_BYTES {
                return Err(invalid("Item size has exceeded the maximum allowed size"));
            }
            let units = write_units(item_size(&item).max(old.as_ref().map(item_size).unwrap_or(0)));
            let changed: Vec<&str> = actions.iter().map(update::UpdateAction::top_attribute).collect();
            let pick = |source: &Item| -> Item {
                source
                    .iter()
                    .filter(|(k, _)| changed.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            };
            let attributes = match request.return_values.as_deref() {
                Some("ALL_OLD") => old.clone(),
                Some("UPDATED_OLD") => old.as_ref().map(pick),
                Some("ALL_NEW") => Some(item.clone()),
                Some("UPDATED_NEW") => Some(pick(&item)),
                _ => None,
            };
            let Some(table) = c.dynamodb.tables.iter_mut().find(|t| t.name == name) else {
                return Err(DynamoDbError::no_table(&name));
            };
            match index {
                Some(i) => table.items[i] = item.clone(),
                None => table.items.push(item.clone()),
            }
            c.record_change(&name, old.as_ref(), Some(&item));
            Ok(ItemOutput {
                item: None,
                attributes,
                consumed_capacity: capacity(&request, units),
            })
        })
    }
}
