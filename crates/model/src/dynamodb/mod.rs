//! Amazon DynamoDB (chapter 13, begun): tables with a partition key and an
//! optional sort key, on-demand or provisioned, `CREATING` → `ACTIVE` on the
//! clock ([`tables`]); items of every DynamoDB type written and read with
//! conditions and update expressions ([`items`]); Query and Scan with key
//! conditions, filters, projections, pages and consumed capacity ([`query`]).
//! Attribute values in DynamoDB's JSON form ([`values`]), the expression
//! languages ([`key_condition`], [`expressions`], [`update`]).
//!
//! Global and local secondary indexes (sparse, projected) can be queried and
//! scanned; TTL deletes expired items on the clock ([`ttl`]).
//!
//! `UpdateTable` adds and removes global indexes (backfilled on the clock),
//! switches the billing mode and turns the stream on or off ([`streams`]).
//!
//! Not simulated yet (issue 12 continues): transactions, batch operations,
//! throttling of provisioned capacity, and DynamoDB on the bill.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::cloud::Cloud;

pub mod errors;
pub mod expressions;
pub mod items;
pub mod key_condition;
pub mod query;
pub mod streams;
pub mod tables;
pub mod ttl;
pub mod update;
pub mod values;

pub use errors::DynamoDbError;
use expressions::Item;
use values::AttributeValue;

/// How long a new table is `CREATING`.
pub const CREATE_TIME: Duration = Duration::from_secs(20);
/// How long a deleted table is `DELETING`.
pub const DELETE_TIME: Duration = Duration::from_secs(10);

/// Everything DynamoDB keeps for the account in one region.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DynamoDbState {
    /// Tables, oldest first.
    pub(crate) tables: Vec<Table>,
}

/// A key attribute: its name and type (`S`, `N` or `B`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAttribute {
    /// The attribute's name.
    pub name: String,
    /// `S`, `N` or `B`.
    pub kind: String,
}

/// How a table pays for reads and writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BillingMode {
    /// `PAY_PER_REQUEST`: on demand.
    PayPerRequest,
    /// `PROVISIONED`: so many read and write capacity units a second.
    Provisioned {
        /// Read capacity units.
        read: u64,
        /// Write capacity units.
        write: u64,
    },
}

/// A table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Its name.
    pub name: String,
    /// The partition key.
    pub hash: KeyAttribute,
    /// The sort key, if any.
    pub range: Option<KeyAttribute>,
    /// On demand or provisioned.
    pub billing: BillingMode,
    /// `CREATING`, `ACTIVE` or `DELETING`.
    pub status: String,
    /// When the status changes next on its own.
    pub next_status_at: Option<SimTime>,
    /// When it was created.
    pub created: SimTime,
    /// Its id (a UUID).
    pub table_id: String,
    /// Its items, in the order they were first written.
    pub items: Vec<Item>,
    /// Its global and local secondary indexes.
    #[serde(default)]
    pub indexes: Vec<SecondaryIndex>,
    /// The attribute whose epoch-seconds value expires an item, when TTL is on.
    #[serde(default)]
    pub ttl_attribute: Option<String>,
    /// Its streams: the enabled one, and disabled ones still readable.
    #[serde(default)]
    pub streams: Vec<streams::Stream>,
}

/// Which attributes an index copies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Projection {
    /// `ALL`: every attribute.
    All,
    /// `KEYS_ONLY`: the table's and the index's keys.
    KeysOnly,
    /// `INCLUDE`: the keys and these attributes.
    Include(Vec<String>),
}

/// A secondary index: another key to query the same items by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondaryIndex {
    /// Its name.
    pub name: String,
    /// Global (any partition key, eventually consistent) or local (the
    /// table's partition key, another sort key).
    pub global: bool,
    /// Its partition key.
    pub hash: KeyAttribute,
    /// Its sort key, if any.
    pub range: Option<KeyAttribute>,
    /// What it copies.
    pub projection: Projection,
    /// `CREATING` (backfilling), `ACTIVE` or `DELETING`.
    #[serde(default = "active")]
    pub status: String,
    /// When its status changes next on its own.
    #[serde(default)]
    pub next_status_at: Option<SimTime>,
}

fn active() -> String {
    "ACTIVE".into()
}

impl SecondaryIndex {
    /// The item as the index holds it, or `None` when the item lacks the
    /// index's key (indexes are sparse).
    pub fn entry(&self, table: &Table, item: &Item) -> Option<Item> {
        let keys = [Some(&self.hash), self.range.as_ref()];
        if keys.iter().flatten().any(|k| !item.contains_key(&k.name)) {
            return None;
        }
        let keep = |name: &str| -> bool {
            match &self.projection {
                Projection::All => true,
                Projection::KeysOnly | Projection::Include(_) => {
                    let is_key = [
                        Some(&table.hash),
                        table.range.as_ref(),
                        Some(&self.hash),
                        self.range.as_ref(),
                    ]
                    .iter()
                    .flatten()
                    .any(|k| k.name == name);
                    is_key
                        || matches!(&self.projection, Projection::Include(extra) if extra.iter().any(|e| e == name))
                }
            }
        };
        Some(
            item.iter()
                .filter(|(k, _)| keep(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }
}

impl Table {
    /// The key attributes' values of `item`, partition key first.
    pub fn key_of(&self, item: &Item) -> Vec<Option<AttributeValue>> {
        let mut key = vec![item.get(&self.hash.name).cloned()];
        if let Some(range) = &self.range {
            key.push(item.get(&range.name).cloned());
        }
        key
    }

    /// The item whose key is `key`'s, if any.
    pub fn find(&self, key: &Item) -> Option<usize> {
        let wanted = self.key_of(key);
        self.items.iter().position(|i| self.key_of(i) == wanted)
    }

    /// The item with `key` (the key attributes only).
    pub fn item(&self, key: &Item) -> Option<&Item> {
        self.find(key).map(|i| &self.items[i])
    }

    /// Bytes the table's items take.
    pub fn size_bytes(&self) -> u64 {
        self.items.iter().map(items::item_size).sum()
    }
}

impl Cloud {
    /// Runs one DynamoDB operation as the current caller: authorized against
    /// `dynamodb:<Operation>` on the table's ARN (or `*`), and logged.
    pub(crate) fn dynamodb_call<T>(
        &mut self,
        operation: &str,
        table: Option<&str>,
        body: impl FnOnce(&mut Cloud) -> Result<T, DynamoDbError>,
    ) -> Result<T, DynamoDbError> {
        let action = format!("dynamodb:{operation}");
        let resource = match table {
            Some(name) => self.table_arn(name),
            None => "*".to_string(),
        };
        self.service_call(
            "dynamodb",
            operation,
            |_, _| Some((action, resource, Default::default())),
            body,
        )
    }

    /// `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`.
    pub fn table_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:dynamodb:{}:{}:table/{name}",
            self.region().code,
            self.config.account_id
        )
    }

    /// The account's DynamoDB tables in this region, oldest first.
    pub fn dynamodb_tables(&self) -> &[Table] {
        &self.dynamodb.tables
    }

    /// The table `name` (case-sensitive, as DynamoDB's names are).
    pub fn dynamodb_table(&self, name: &str) -> Option<&Table> {
        self.dynamodb.tables.iter().find(|t| t.name == name)
    }

    /// The table `name`, ready for reads and writes.
    pub(crate) fn active_table(&self, name: &str) -> Result<&Table, DynamoDbError> {
        self.dynamodb_table(name)
            .filter(|t| t.status == "ACTIVE")
            .ok_or_else(|| DynamoDbError::ResourceNotFound("Requested resource not found".into()))
    }

    /// When DynamoDB's next change of state is due.
    pub(crate) fn dynamodb_next_transition_at(&self) -> Option<SimTime> {
        self.dynamodb
            .tables
            .iter()
            .flat_map(|t| {
                t.indexes
                    .iter()
                    .filter_map(|i| i.next_status_at)
                    .chain(t.next_status_at)
            })
            .chain(self.next_ttl_sweep())
            .min()
    }

    /// Moves every table whose change is due to its next state.
    pub(crate) fn dynamodb_apply_due_transitions(&mut self) {
        let now = self.now;
        for table in &mut self.dynamodb.tables {
            if table.next_status_at.is_some_and(|due| due <= now) {
                table.next_status_at = None;
                table.status = match table.status.as_str() {
                    "DELETING" => "DELETED".into(),
                    _ => "ACTIVE".into(),
                };
            }
        }
        for table in &mut self.dynamodb.tables {
            for index in &mut table.indexes {
                if index.next_status_at.is_some_and(|due| due <= now) {
                    index.next_status_at = None;
                    index.status = if index.status == "DELETING" {
                        "DELETED".into()
                    } else {
                        "ACTIVE".into()
                    };
                }
            }
            table.indexes.retain(|i| i.status != "DELETED");
        }
        self.dynamodb.tables.retain(|t| t.status != "DELETED");
        self.sweep_expired_items();
        self.trim_streams();
    }
}

#[cfg(test)]
pub(crate) mod tests;
