//! Tables: `CreateTable`, `DescribeTable`, `ListTables`, `DeleteTable`. A
//! table has a partition (HASH) key and an optional sort (RANGE) key, each
//! `S`, `N` or `B` and each listed in `AttributeDefinitions` (and nothing
//! else is); it is billed on demand or for provisioned capacity units.

use serde::{Deserialize, Serialize};

use super::errors::DynamoDbError;
use super::streams::StreamSpecification;
use super::{
    BillingMode, CREATE_TIME, DELETE_TIME, KeyAttribute, Projection, SecondaryIndex, Table,
};
use crate::cloud::Cloud;

/// `AttributeDefinition`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeDefinition {
    /// The attribute.
    pub attribute_name: String,
    /// `S`, `N` or `B`.
    pub attribute_type: String,
}

/// `KeySchemaElement`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeySchemaElement {
    /// The attribute.
    pub attribute_name: String,
    /// `HASH` or `RANGE`.
    pub key_type: String,
}

/// `ProvisionedThroughput` as asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ProvisionedThroughput {
    /// Read capacity units.
    pub read_capacity_units: Option<i64>,
    /// Write capacity units.
    pub write_capacity_units: Option<i64>,
}

/// `Projection` as asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ProjectionInput {
    /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
    pub projection_type: Option<String>,
    /// For `INCLUDE`: the other attributes copied.
    pub non_key_attributes: Option<Vec<String>>,
}

/// A secondary index as asked for in `CreateTable`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IndexInput {
    /// Its name.
    pub index_name: String,
    /// Its key.
    pub key_schema: Vec<KeySchemaElement>,
    /// What it copies.
    pub projection: ProjectionInput,
    /// Its own capacity (global indexes of provisioned tables).
    pub provisioned_throughput: Option<ProvisionedThroughput>,
}

/// `CreateTable` input: the members the lab simulates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateTableInput {
    /// The key attributes' types.
    pub attribute_definitions: Vec<AttributeDefinition>,
    /// The table's name.
    pub table_name: String,
    /// The partition key, and the sort key if any.
    pub key_schema: Vec<KeySchemaElement>,
    /// `PROVISIONED` (the API's default) or `PAY_PER_REQUEST`.
    pub billing_mode: Option<String>,
    /// Capacity for `PROVISIONED`.
    pub provisioned_throughput: Option<ProvisionedThroughput>,
    /// Global secondary indexes.
    pub global_secondary_indexes: Option<Vec<IndexInput>>,
    /// Local secondary indexes (the table's partition key, another sort key).
    pub local_secondary_indexes: Option<Vec<IndexInput>>,
    /// A stream of the table's changes.
    pub stream_specification: Option<StreamSpecification>,
}

/// One entry of `GlobalSecondaryIndexUpdates`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IndexUpdate {
    /// A new global index.
    pub create: Option<IndexInput>,
    /// An index to delete.
    pub delete: Option<IndexNameInput>,
}

/// `IndexName` alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IndexNameInput {
    /// The index.
    pub index_name: String,
}

/// `UpdateTable` input: the members the lab simulates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateTableInput {
    /// The types of any new index's key attributes.
    pub attribute_definitions: Option<Vec<AttributeDefinition>>,
    /// The table.
    pub table_name: String,
    /// `PROVISIONED` or `PAY_PER_REQUEST`.
    pub billing_mode: Option<String>,
    /// New capacity for `PROVISIONED`.
    pub provisioned_throughput: Option<ProvisionedThroughput>,
    /// Global indexes to add or delete (one a call).
    pub global_secondary_index_updates: Option<Vec<IndexUpdate>>,
    /// Turns the stream on or off.
    pub stream_specification: Option<StreamSpecification>,
}

/// `TableName` alone: `DescribeTable`, `DeleteTable`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TableNameInput {
    /// The table.
    pub table_name: String,
}

/// `ListTables` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListTablesInput {
    /// Start after this name.
    pub exclusive_start_table_name: Option<String>,
    /// At most this many (1 to 100).
    pub limit: Option<i64>,
}

/// `ProvisionedThroughputDescription`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProvisionedThroughputDescription {
    /// Decreases made today.
    pub number_of_decreases_today: u32,
    /// Read capacity units (0 on demand).
    pub read_capacity_units: u64,
    /// Write capacity units (0 on demand).
    pub write_capacity_units: u64,
}

/// `BillingModeSummary`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BillingModeSummary {
    /// `PROVISIONED` or `PAY_PER_REQUEST`.
    pub billing_mode: String,
}

/// `Projection` as described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProjectionShape {
    /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
    pub projection_type: String,
    /// For `INCLUDE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_key_attributes: Option<Vec<String>>,
}

/// A secondary index as described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndexDescription {
    /// Its name.
    pub index_name: String,
    /// Its key.
    pub key_schema: Vec<KeySchemaElement>,
    /// What it copies.
    pub projection: ProjectionShape,
    /// `CREATING`, `ACTIVE` or `DELETING` (global indexes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_status: Option<String>,
    /// Whether a new global index is still being filled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backfilling: Option<bool>,
    /// Bytes it holds.
    pub index_size_bytes: u64,
    /// Items it holds.
    pub item_count: u64,
    /// Its ARN.
    pub index_arn: String,
}

/// `TableDescription`, in AWS's member order (the members the lab keeps).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableDescription {
    /// The key attributes' types.
    pub attribute_definitions: Vec<AttributeDefinition>,
    /// Its name.
    pub table_name: String,
    /// Its key.
    pub key_schema: Vec<KeySchemaElement>,
    /// `CREATING`, `ACTIVE` or `DELETING`.
    pub table_status: String,
    /// When it was created.
    pub creation_date_time: String,
    /// Its capacity.
    pub provisioned_throughput: ProvisionedThroughputDescription,
    /// Bytes its items take.
    pub table_size_bytes: u64,
    /// How many items it holds.
    pub item_count: u64,
    /// Its ARN.
    pub table_arn: String,
    /// Its id.
    pub table_id: String,
    /// On demand or provisioned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_mode_summary: Option<BillingModeSummary>,
    /// Its local secondary indexes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_secondary_indexes: Vec<IndexDescription>,
    /// Its global secondary indexes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub global_secondary_indexes: Vec<IndexDescription>,
    /// Its stream's settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_specification: Option<StreamSpecification>,
    /// Its latest stream's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_stream_label: Option<String>,
    /// Its latest stream's ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_stream_arn: Option<String>,
    /// Whether deletion is refused.
    pub deletion_protection_enabled: bool,
}

/// `CreateTable`, `DescribeTable` and `DeleteTable` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableDescriptionOutput {
    /// The table (`TableDescription`; `Table` for DescribeTable).
    #[serde(rename = "TableDescription")]
    pub table_description: TableDescription,
}

/// `DescribeTable` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTableOutput {
    /// The table.
    pub table: TableDescription,
}

/// `ListTables` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTablesOutput {
    /// Names, in order.
    pub table_names: Vec<String>,
    /// Where the next page starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_evaluated_table_name: Option<String>,
}

/// How long a new global index backfills (`CREATING`).
pub const INDEX_BACKFILL_TIME: std::time::Duration = std::time::Duration::from_secs(120);
/// How long a deleted index is `DELETING`.
pub const INDEX_DELETE_TIME: std::time::Duration = std::time::Duration::from_secs(30);

fn invalid(message: impl Into<String>) -> DynamoDbError {
    DynamoDbError::Validation(message.into())
}

/// DynamoDB's rules for a table name: 3 to 255 of `a-z A-Z 0-9 _ - .`.
pub fn check_table_name(name: &str) -> Result<(), DynamoDbError> {
    let pattern = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    let mut problems = Vec::new();
    if !pattern {
        problems.push(format!(
            "Value '{name}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
        ));
    }
    if name.len() < 3 || name.len() > 255 {
        problems.push(format!(
            "Value '{name}' at 'tableName' failed to satisfy constraint: Member must have length {}",
            if name.len() < 3 {
                "greater than or equal to 3"
            } else {
                "less than or equal to 255"
            }
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(invalid(format!(
        "{} validation error{} detected: {}",
        problems.len(),
        if problems.len() > 1 { "s" } else { "" },
        problems.join("; ")
    )))
}

impl Cloud {
    pub(crate) fn table_description(&self, t: &Table) -> TableDescription {
        let mut definitions = vec![AttributeDefinition {
            attribute_name: t.hash.name.clone(),
            attribute_type: t.hash.kind.clone(),
        }];
        let mut schema = vec![KeySchemaElement {
            attribute_name: t.hash.name.clone(),
            key_type: "HASH".into(),
        }];
        if let Some(range) = &t.range {
            definitions.push(AttributeDefinition {
                attribute_name: range.name.clone(),
                attribute_type: range.kind.clone(),
            });
            schema.push(KeySchemaElement {
                attribute_name: range.name.clone(),
                key_type: "RANGE".into(),
            });
        }
        for index in &t.indexes {
            for key in std::iter::once(&index.hash).chain(index.range.as_ref()) {
                if !definitions.iter().any(|d| d.attribute_name == key.name) {
                    definitions.push(AttributeDefinition {
                        attribute_name: key.name.clone(),
                        attribute_type: key.kind.clone(),
                    });
                }
            }
        }
        let describe_index = |index: &SecondaryIndex| {
            let entries: Vec<_> = t.items.iter().filter_map(|i| index.entry(t, i)).collect();
            let mut key_schema = vec![KeySchemaElement {
                attribute_name: index.hash.name.clone(),
                key_type: "HASH".into(),
            }];
            if let Some(range) = &index.range {
                key_schema.push(KeySchemaElement {
                    attribute_name: range.name.clone(),
                    key_type: "RANGE".into(),
                });
            }
            IndexDescription {
                index_name: index.name.clone(),
                key_schema,
                projection: match &index.projection {
                    Projection::All => ProjectionShape {
                        projection_type: "ALL".into(),
                        non_key_attributes: None,
                    },
                    Projection::KeysOnly => ProjectionShape {
                        projection_type: "KEYS_ONLY".into(),
                        non_key_attributes: None,
                    },
                    Projection::Include(extra) => ProjectionShape {
                        projection_type: "INCLUDE".into(),
                        non_key_attributes: Some(extra.clone()),
                    },
                },
                index_status: index.global.then(|| {
                    if t.status == "CREATING" {
                        t.status.clone()
                    } else {
                        index.status.clone()
                    }
                }),
                backfilling: (index.global && index.status == "CREATING").then_some(true),
                index_size_bytes: entries.iter().map(super::items::item_size).sum(),
                item_count: entries.len() as u64,
                index_arn: format!("{}/index/{}", self.table_arn(&t.name), index.name),
            }
        };
        let (read, write, mode) = match &t.billing {
            BillingMode::PayPerRequest => (0, 0, Some("PAY_PER_REQUEST")),
            BillingMode::Provisioned { read, write } => (*read, *write, None),
        };
        TableDescription {
            attribute_definitions: definitions,
            table_name: t.name.clone(),
            key_schema: schema,
            table_status: t.status.clone(),
            creation_date_time: t.created.to_iso8601_millis(),
            provisioned_throughput: ProvisionedThroughputDescription {
                number_of_decreases_today: 0,
                read_capacity_units: read,
                write_capacity_units: write,
            },
            table_size_bytes: t.size_bytes(),
            item_count: t.items.len() as u64,
            table_arn: self.table_arn(&t.name),
            table_id: t.table_id.clone(),
            billing_mode_summary: mode.map(|m| BillingModeSummary {
                billing_mode: m.into(),
            }),
            local_secondary_indexes: t
                .indexes
                .iter()
                .filter(|i| !i.global)
                .map(describe_index)
                .collect(),
            global_secondary_indexes: t
                .indexes
                .iter()
                .filter(|i| i.global)
                .map(describe_index)
                .collect(),
            stream_specification: t.streams.iter().find(|s| s.enabled).map(|s| {
                StreamSpecification {
                    stream_enabled: true,
                    stream_view_type: Some(s.view_type.clone()),
                }
            }),
            latest_stream_label: t.streams.last().map(|s| s.label.clone()),
            latest_stream_arn: t.streams.last().map(|s| self.stream_arn(&t.name, &s.label)),
            deletion_protection_enabled: false,
        }
    }

    /// `dynamodb create-table`.
    pub fn create_table(
        &mut self,
        input: CreateTableInput,
    ) -> Result<TableDescriptionOutput, DynamoDbError> {
        let name = input.table_name.clone();
        self.dynamodb_call("CreateTable", Some(&name), |c| {
            check_table_name(&name)?;
            let hashes: Vec<&KeySchemaElement> =
                input.key_schema.iter().filter(|k| k.key_type == "HASH").collect();
            let ranges: Vec<&KeySchemaElement> =
                input.key_schema.iter().filter(|k| k.key_type == "RANGE").collect();
            if hashes.len() != 1
                || ranges.len() > 1
                || input.key_schema.len() != hashes.len() + ranges.len()
            {
                return Err(invalid(
                    "1 validation error detected: Value at 'keySchema' failed to satisfy constraint: a key schema has exactly one HASH key and at most one RANGE key",
                ));
            }
            let global = input.global_secondary_indexes.clone().unwrap_or_default();
            let local = input.local_secondary_indexes.clone().unwrap_or_default();
            let mut used: Vec<&str> = Vec::new();
            for k in input
                .key_schema
                .iter()
                .chain(global.iter().flat_map(|i| &i.key_schema))
                .chain(local.iter().flat_map(|i| &i.key_schema))
            {
                if !used.contains(&k.attribute_name.as_str()) {
                    used.push(&k.attribute_name);
                }
            }
            let defined: Vec<&str> = input
                .attribute_definitions
                .iter()
                .map(|d| d.attribute_name.as_str())
                .collect();
            let missing: Vec<&str> = used.iter().filter(|u| !defined.contains(u)).copied().collect();
            if !missing.is_empty() {
                return Err(invalid(format!(
                    "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
                    missing.join(", "),
                    defined.join(", ")
                )));
            }
            if defined.len() != used.len() {
                return Err(invalid(format!(
                    "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [{}], keys used: [{}]",
                    defined.join(", "),
                    used.join(", ")
                )));
            }
            for d in &input.attribute_definitions {
                if !["S", "N", "B"].contains(&d.attribute_type.as_str()) {
                    return Err(invalid(format!(
                        "1 validation error detected: Value '{}' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
                        d.attribute_type
                    )));
                }
            }
            let kind_of = |name: &str| {
                input
                    .attribute_definitions
                    .iter()
                    .find(|d| d.attribute_name == name)
                    .map(|d| d.attribute_type.clone())
                    .unwrap_or_default()
            };
            let mode = input.billing_mode.clone().unwrap_or_else(|| "PROVISIONED".into());
            let billing = match (mode.as_str(), &input.provisioned_throughput) {
                ("PAY_PER_REQUEST", None) => BillingMode::PayPerRequest,
                ("PAY_PER_REQUEST", Some(_)) => {
                    return Err(invalid(
                        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
                    ));
                }
                ("PROVISIONED", Some(ProvisionedThroughput {
                    read_capacity_units: Some(read),
                    write_capacity_units: Some(write),
                })) => {
                    if *read < 1 || *write < 1 {
                        return Err(invalid(
                            "One or more parameter values were invalid: Provisioned throughput for the table must be greater than or equal to 1",
                        ));
                    }
                    BillingMode::Provisioned {
                        read: *read as u64,
                        write: *write as u64,
                    }
                }
                ("PROVISIONED", _) => {
                    return Err(invalid(
                        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
                    ));
                }
                (other, _) => {
                    return Err(invalid(format!(
                        "1 validation error detected: Value '{other}' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
                    )));
                }
            };
            if c.dynamodb_table(&name).is_some() {
                return Err(DynamoDbError::ResourceInUse(format!(
                    "Table already exists: {name}"
                )));
            }
            let table_id = {
                let rng = c.service_rng("dynamodb");
                let hex = rng.chars(b"0123456789abcdef", 32);
                format!(
                    "{}-{}-{}-{}-{}",
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..]
                )
            };
            let now = c.now;
            let mut indexes = Vec::new();
            for (is_global, list) in [(true, &global), (false, &local)] {
                for index in list.iter() {
                    if indexes.iter().any(|i: &SecondaryIndex| i.name == index.index_name) {
                        return Err(invalid(format!(
                            "One or more parameter values were invalid: Duplicate index name: {}",
                            index.index_name
                        )));
                    }
                    let hash = index.key_schema.iter().find(|k| k.key_type == "HASH");
                    let range = index.key_schema.iter().find(|k| k.key_type == "RANGE");
                    let Some(hash) = hash else {
                        return Err(invalid(format!(
                            "One or more parameter values were invalid: Index KeySchema does not have a hash key: {}",
                            index.index_name
                        )));
                    };
                    if !is_global {
                        if hash.attribute_name != hashes[0].attribute_name {
                            return Err(invalid(format!(
                                "One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: {}. index hash key: {}, table hash key: {}",
                                index.index_name, hash.attribute_name, hashes[0].attribute_name
                            )));
                        }
                        if range.is_none() || ranges.is_empty() {
                            return Err(invalid(
                                "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
                            ));
                        }
                    }
                    let projection = match index.projection.projection_type.as_deref() {
                        Some("ALL") => Projection::All,
                        Some("KEYS_ONLY") => Projection::KeysOnly,
                        Some("INCLUDE") => Projection::Include(
                            index.projection.non_key_attributes.clone().unwrap_or_default(),
                        ),
                        other => {
                            return Err(invalid(format!(
                                "One or more parameter values were invalid: Unknown ProjectionType: {}",
                                other.unwrap_or("null")
                            )));
                        }
                    };
                    indexes.push(SecondaryIndex {
                        name: index.index_name.clone(),
                        global: is_global,
                        hash: KeyAttribute {
                            name: hash.attribute_name.clone(),
                            kind: kind_of(&hash.attribute_name),
                        },
                        range: range.map(|r| KeyAttribute {
                            name: r.attribute_name.clone(),
                            kind: kind_of(&r.attribute_name),
                        }),
                        projection,
                        status: "ACTIVE".into(),
                        next_status_at: None,
                    });
                }
            }
            let table = Table {
                name: name.clone(),
                hash: KeyAttribute {
                    name: hashes[0].attribute_name.clone(),
                    kind: kind_of(&hashes[0].attribute_name),
                },
                range: ranges.first().map(|r| KeyAttribute {
                    name: r.attribute_name.clone(),
                    kind: kind_of(&r.attribute_name),
                }),
                billing,
                status: "CREATING".into(),
                next_status_at: Some(now.plus(CREATE_TIME)),
                created: now,
                table_id,
                items: Vec::new(),
                indexes,
                ttl_attribute: None,
                streams: Vec::new(),
            };
            c.dynamodb.tables.push(table);
            if let Some(spec) = input.stream_specification.as_ref().filter(|s| s.stream_enabled)
                && let Err(e) = c.set_stream(&name, spec)
            {
                c.dynamodb.tables.retain(|t| t.name != name);
                return Err(e);
            }
            let description = c
                .dynamodb_table(&name)
                .map(|t| c.table_description(t))
                .ok_or_else(|| DynamoDbError::no_table(&name))?;
            Ok(TableDescriptionOutput {
                table_description: description,
            })
        })
    }

    /// `dynamodb update-table`: adds or deletes a global index (one a call,
    /// backfilled on the clock), switches the billing mode, turns the stream
    /// on or off.
    pub fn update_table(
        &mut self,
        input: UpdateTableInput,
    ) -> Result<TableDescriptionOutput, DynamoDbError> {
        let name = input.table_name.clone();
        self.dynamodb_call("UpdateTable", Some(&name), |c| {
            let table = c
                .dynamodb_table(&name)
                .ok_or_else(|| DynamoDbError::no_table(&name))?
                .clone();
            if table.status != "ACTIVE" {
                return Err(DynamoDbError::ResourceInUse(format!(
                    "Attempt to change a resource which is still in use: Table is being {}: {name}",
                    if table.status == "CREATING" { "created" } else { "deleted" }
                )));
            }
            let updates = input.global_secondary_index_updates.clone().unwrap_or_default();
            if input.billing_mode.is_none()
                && input.provisioned_throughput.is_none()
                && updates.is_empty()
                && input.stream_specification.is_none()
            {
                return Err(invalid(
                    "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required",
                ));
            }
            if updates.len() > 1 {
                return Err(invalid(
                    "One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously.",
                ));
            }
            let now = c.now;
            let mut new_index = None;
            let mut dropped = None;
            if let Some(update) = updates.first() {
                if let Some(create) = &update.create {
                    new_index = Some(new_global_index(&table, create, input.attribute_definitions.as_deref().unwrap_or_default(), now)?);
                }
                if let Some(delete) = &update.delete {
                    if !table.indexes.iter().any(|i| i.global && i.name == delete.index_name) {
                        return Err(DynamoDbError::ResourceNotFound(format!(
                            "Requested resource not found: Requested index {} not found",
                            delete.index_name
                        )));
                    }
                    dropped = Some(delete.index_name.clone());
                }
            }
            let billing = match (input.billing_mode.as_deref(), &input.provisioned_throughput) {
                (None, None) => None,
                (Some("PAY_PER_REQUEST"), None) => Some(BillingMode::PayPerRequest),
                (Some("PAY_PER_REQUEST"), Some(_)) => {
                    return Err(invalid(
                        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
                    ));
                }
                (_, Some(ProvisionedThroughput {
                    read_capacity_units: Some(read),
                    write_capacity_units: Some(write),
                })) if *read >= 1 && *write >= 1 => Some(BillingMode::Provisioned {
                    read: *read as u64,
                    write: *write as u64,
                }),
                _ => {
                    return Err(invalid(
                        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
                    ));
                }
            };
            if let Some(spec) = &input.stream_specification {
                c.set_stream(&name, spec)?;
            }
            let Some(live) = c.dynamodb.tables.iter_mut().find(|t| t.name == name) else {
                return Err(DynamoDbError::no_table(&name));
            };
            if let Some(billing) = billing {
                live.billing = billing;
            }
            if let Some(index) = new_index {
                live.indexes.push(index);
            }
            if let Some(dropped) = dropped {
                for index in live.indexes.iter_mut().filter(|i| i.name == dropped) {
                    index.status = "DELETING".into();
                    index.next_status_at = Some(now.plus(INDEX_DELETE_TIME));
                }
            }
            let shown = live.clone();
            Ok(TableDescriptionOutput {
                table_description: c.table_description(&shown),
            })
        })
    }

    /// `dynamodb describe-table`.
    pub fn describe_table(
        &mut self,
        input: TableNameInput,
    ) -> Result<DescribeTableOutput, DynamoDbError> {
        let name = input.table_name.clone();
        self.dynamodb_call("DescribeTable", Some(&name), |c| {
            let table = c
                .dynamodb_table(&name)
                .ok_or_else(|| DynamoDbError::no_table(&name))?;
            Ok(DescribeTableOutput {
                table: c.table_description(table),
            })
        })
    }

    /// `dynamodb list-tables`: names in order, 100 a page.
    pub fn list_tables(
        &mut self,
        input: ListTablesInput,
    ) -> Result<ListTablesOutput, DynamoDbError> {
        self.dynamodb_call("ListTables", None, |c| {
            let limit = input.limit.unwrap_or(100);
            if !(1..=100).contains(&limit) {
                return Err(invalid(format!(
                    "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"
                )));
            }
            let mut names: Vec<String> = c.dynamodb.tables.iter().map(|t| t.name.clone()).collect();
            names.sort();
            if let Some(start) = &input.exclusive_start_table_name {
                names.retain(|n| n > start);
            }
            let more = names.len() > limit as usize;
            names.truncate(limit as usize);
            Ok(ListTablesOutput {
                last_evaluated_table_name: more.then(|| names.last().cloned()).flatten(),
                table_names: names,
            })
        })
    }

    /// `dynamodb delete-table`: `DELETING`, then gone with its items.
    pub fn delete_table(
        &mut self,
        input: TableNameInput,
    ) -> Result<TableDescriptionOutput, DynamoDbError> {
        let name = input.table_name.clone();
        self.dynamodb_call("DeleteTable", Some(&name), |c| {
            let now = c.now;
            let Some(index) = c.dynamodb.tables.iter().position(|t| t.name == name) else {
                return Err(DynamoDbError::no_table(&name));
            };
            if c.dynamodb.tables[index].status != "ACTIVE" {
                return Err(DynamoDbError::ResourceInUse(format!(
                    "Attempt to change a resource which is still in use: Table is being {}: {name}",
                    if c.dynamodb.tables[index].status == "CREATING" {
                        "created"
                    } else {
                        "deleted"
                    }
                )));
            }
            let table = &mut c.dynamodb.tables[index];
            table.status = "DELETING".into();
            table.next_status_at = Some(now.plus(DELETE_TIME));
            let shown = table.clone();
            Ok(TableDescriptionOutput {
                table_description: c.table_description(&shown),
            })
        })
    }
}

/// A new global index for `table`, `CREATING` while it backfills.
fn new_global_index(
    table: &Table,
    create: &IndexInput,
    definitions: &[AttributeDefinition],
    now: crate::clock::SimTime,
) -> Result<SecondaryIndex, DynamoDbError> {
    if table.indexes.iter().any(|i| i.name == create.index_name) {
        return Err(invalid(format!(
            "Attempting to create an index which already exists: {}",
            create.index_name
        )));
    }
    if table
        .indexes
        .iter()
        .any(|i| i.global && i.status == "CREATING")
    {
        return Err(DynamoDbError::Limit(
            "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table".into(),
        ));
    }
    let known = std::iter::once(&table.hash)
        .chain(table.range.as_ref())
        .chain(
            table
                .indexes
                .iter()
                .flat_map(|i| std::iter::once(&i.hash).chain(i.range.as_ref())),
        );
    let known: Vec<&KeyAttribute> = known.collect();
    let key = |kind: &str| -> Result<Option<KeyAttribute>, DynamoDbError> {
        let Some(element) = create.key_schema.iter().find(|k| k.key_type == kind) else {
            return Ok(None);
        };
        let attribute_type = definitions
            .iter()
            .find(|d| d.attribute_name == element.attribute_name)
            .map(|d| d.attribute_type.clone())
            .or_else(|| {
                known
                    .iter()
                    .find(|k| k.name == element.attribute_name)
                    .map(|k| k.kind.clone())
            })
            .ok_or_else(|| {
                invalid(format!(
                    "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
                    element.attribute_name,
                    definitions.iter().map(|d| d.attribute_name.as_str()).collect::<Vec<_>>().join(", ")
                ))
            })?;
        Ok(Some(KeyAttribute {
            name: element.attribute_name.clone(),
            kind: attribute_type,
        }))
    };
    let hash = key("HASH")?.ok_or_else(|| {
        invalid(format!(
            "One or more parameter values were invalid: Index KeySchema does not have a hash key: {}",
            create.index_name
        ))
    })?;
    let range = key("RANGE")?;
    let projection = match create.projection.projection_type.as_deref() {
        Some("ALL") => Projection::All,
        Some("KEYS_ONLY") => Projection::KeysOnly,
        Some("INCLUDE") => Projection::Include(
            create
                .projection
                .non_key_attributes
                .clone()
                .unwrap_or_default(),
        ),
        other => {
            return Err(invalid(format!(
                "One or more parameter values were invalid: Unknown ProjectionType: {}",
                other.unwrap_or("null")
            )));
        }
    };
    Ok(SecondaryIndex {
        name: create.index_name.clone(),
        global: true,
        hash,
        range,
        projection,
        status: "CREATING".into(),
        next_status_at: Some(now.plus(INDEX_BACKFILL_TIME)),
    })
}
