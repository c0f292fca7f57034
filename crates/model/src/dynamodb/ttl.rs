//! Time to live: `UpdateTimeToLive` names an attribute holding a time in
//! epoch seconds, and DynamoDB deletes an item some time after that moment
//! has passed, without consuming write capacity. Until then the expired item
//! is still read (filter on the attribute to hide it). AWS deletes "within a
//! few days"; the lab's sweeper runs every quarter of an hour, so the clock
//! shows it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::DynamoDbError;
use super::values::AttributeValue;
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// How often expired items are swept away.
pub const SWEEP_EVERY: Duration = Duration::from_secs(15 * 60);

/// `TimeToLiveSpecification`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TimeToLiveSpecification {
    /// On or off.
    pub enabled: bool,
    /// The attribute holding the expiry time (epoch seconds).
    pub attribute_name: String,
}

/// `UpdateTimeToLive` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateTimeToLiveInput {
    /// The table.
    pub table_name: String,
    /// What to set.
    pub time_to_live_specification: TimeToLiveSpecification,
}

/// `UpdateTimeToLive` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateTimeToLiveOutput {
    /// What was set.
    pub time_to_live_specification: TimeToLiveSpecification,
}

/// `TimeToLiveDescription`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeToLiveDescription {
    /// `ENABLED` or `DISABLED`.
    pub time_to_live_status: String,
    /// The attribute, when enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `DescribeTimeToLive` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTimeToLiveOutput {
    /// The table's TTL.
    pub time_to_live_description: TimeToLiveDescription,
}

/// When an item with `value` in its TTL attribute expires: a number of epoch
/// seconds; anything else never expires.
pub fn expiry(value: &AttributeValue) -> Option<u64> {
    let AttributeValue::N(n) = value else {
        return None;
    };
    let whole = n.split('.').next().unwrap_or(n);
    whole.parse::<u64>().ok()
}

impl Cloud {
    /// `dynamodb update-time-to-live`.
    pub fn update_time_to_live(
        &mut self,
        input: UpdateTimeToLiveInput,
    ) -> Result<UpdateTimeToLiveOutput, DynamoDbError> {
        let name = input.table_name.clone();
        self.dynamodb_call("UpdateTimeToLive", Some(&name), |c| {
            c.active_table(&name)?;
            let spec = input.time_to_live_specification.clone();
            if spec.attribute_name.is_empty() {
                return Err(DynamoDbError::Validation(
                    "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1".into(),
                ));
            }
            let Some(table) = c.dynamodb.tables.iter_mut().find(|t| t.name == name) else {
                return Err(DynamoDbError::no_table(&name));
            };
            match (&table.ttl_attribute, spec.enabled) {
                (Some(_), true) => {
                    return Err(DynamoDbError::Validation(
                        "TimeToLive is already enabled".into(),
                    ));
                }
                (None, false) => {
                    return Err(DynamoDbError::Validation(
                        "TimeToLive is already disabled".into(),
                    ));
                }
                (Some(current), false) if *current != spec.attribute_name => {
                    return Err(DynamoDbError::Validation(format!(
                        "TimeToLive attribute name does not match the enabled attribute {current}"
                    )));
                }
                _ => {}
            }
            table.ttl_attribute = spec.enabled.then(|| spec.attribute_name.clone());
            Ok(UpdateTimeToLiveOutput {
                time_to_live_specification: spec,
            })
        })
    }

    /// `dynamodb describe-time-to-live`.
    pub fn describe_time_to_live(
        &mut self,
        input: super::tables::TableNameInput,
    ) -> Result<DescribeTimeToLiveOutput, DynamoDbError> {
        let name = input.table_name.clone();
        self.dynamodb_call("DescribeTimeToLive", Some(&name), |c| {
            let table = c
                .dynamodb_table(&name)
                .ok_or_else(|| DynamoDbError::no_table(&name))?;
            Ok(DescribeTimeToLiveOutput {
                time_to_live_description: TimeToLiveDescription {
                    time_to_live_status: if table.ttl_attribute.is_some() {
                        "ENABLED".into()
                    } else {
                        "DISABLED".into()
                    },
                    attribute_name: table.ttl_attribute.clone(),
                },
            })
        })
    }

    /// The next quarter-hour sweep that has an expired item to delete.
    pub(crate) fn next_ttl_sweep(&self) -> Option<SimTime> {
        let earliest = self
            .dynamodb
            .tables
            .iter()
            .filter_map(|t| {
                let attribute = t.ttl_attribute.as_ref()?;
                t.items
                    .iter()
                    .filter_map(|i| i.get(attribute).and_then(expiry))
                    .min()
            })
            .min()?;
        // The first sweep at or after the expiry (sweeps run on the quarter
        // hour of the Unix clock), and never before now.
        let step = SWEEP_EVERY.as_secs();
        let sweep_unix = earliest.div_ceil(step) * step;
        let now_unix = self.now.unix_seconds();
        let at = sweep_unix.max(now_unix.div_ceil(step) * step);
        Some(
            self.now
                .plus(Duration::from_secs(at.saturating_sub(now_unix))),
        )
    }

    /// Deletes every item whose sweep (the first quarter hour after its TTL
    /// time) has come.
    pub(crate) fn sweep_expired_items(&mut self) {
        let now = self.now.unix_seconds();
        let step = SWEEP_EVERY.as_secs();
        for table in &mut self.dynamodb.tables {
            let Some(attribute) = table.ttl_attribute.clone() else {
                continue;
            };
            table.items.retain(|item| {
                item.get(&attribute)
                    .and_then(expiry)
                    .is_none_or(|at| at.div_ceil(step) * step > now)
            });
        }
    }
}
