//! Amazon RDS: DB subnet groups and DB instances (MySQL and PostgreSQL) with
//! AWS's identifier, password, storage and class rules, their states on the
//! simulated clock (`creating` → `backing-up` → `available`; `deleting`), an
//! endpoint per instance, the final-snapshot decision on delete, and instance
//! hours and storage on the bill (twice for Multi-AZ).
//!
//! Not simulated yet: modifying and rebooting, failover, read replicas,
//! snapshots other than the final one and restores, parameter groups of one's
//! own, SQL (issue 12 continues), Aurora, option groups, IAM database auth.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::billing::cost::{CostKind, CostLine};
use crate::clock::SimTime;
use crate::cloud::Cloud;

pub mod engines;
pub mod errors;
pub mod instances;
pub mod subnet_groups;

pub use errors::RdsError;
pub use subnet_groups::DbSubnetGroup;

const HOURS_PER_MONTH: f64 = 730.0;

/// Everything RDS keeps for the account in one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RdsState {
    /// DB subnet groups, oldest first.
    pub(crate) subnet_groups: Vec<DbSubnetGroup>,
    /// DB instances, oldest first.
    pub(crate) instances: Vec<DbInstance>,
    /// DB snapshots, oldest first.
    #[serde(default)]
    pub(crate) snapshots: Vec<DbSnapshot>,
    /// The account's part of every endpoint in the region (12 characters).
    #[serde(default)]
    pub(crate) endpoint_suffix: String,
}

/// A DB instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbInstance {
    /// Its identifier (lowercase).
    pub identifier: String,
    /// `db.t3.micro`, ...
    pub class: String,
    /// `mysql` or `postgres`.
    pub engine: String,
    /// `8.4.10`.
    pub engine_version: String,
    /// Its parameter group family (`mysql8.4`).
    pub family: String,
    /// `creating`, `backing-up`, `available` or `deleting`.
    pub status: String,
    /// When the status changes next on its own.
    pub next_status_at: Option<SimTime>,
    /// The admin login.
    pub master_username: String,
    /// The SHA-256 of the admin password (the lab never shows it again).
    pub password_sha256: String,
    /// The database created with it.
    pub db_name: Option<String>,
    /// GiB.
    pub allocated_storage: u32,
    /// `gp3` or `gp2`.
    pub storage_type: String,
    /// Its port.
    pub port: u16,
    /// Its zone.
    pub zone: String,
    /// The standby's zone, for Multi-AZ.
    pub secondary_zone: Option<String>,
    /// Its subnet group.
    pub subnet_group: String,
    /// Its security groups.
    pub security_groups: Vec<String>,
    /// Days of automated backups.
    pub backup_retention: u32,
    /// Whether its endpoint resolves to a public address.
    pub publicly_accessible: bool,
    /// When it was asked for.
    pub created: SimTime,
    /// When it left `creating`.
    pub available_since: Option<SimTime>,
    /// `db-` and 26 characters.
    pub resource_id: String,
}

/// A DB snapshot (so far: the final snapshot of a deleted instance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbSnapshot {
    /// Its identifier.
    pub identifier: String,
    /// The instance it was taken of.
    pub instance: String,
    /// The engine.
    pub engine: String,
    /// The engine version.
    pub engine_version: String,
    /// GiB.
    pub allocated_storage: u32,
    /// When it was taken.
    pub created: SimTime,
    /// Made by a person (kept until deleted) rather than automated.
    pub manual: bool,
}

impl Cloud {
    /// Runs one RDS operation as the current caller: authorized against
    /// `rds:<Operation>` on `*`, and logged.
    pub(crate) fn rds_call<T>(
        &mut self,
        operation: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, RdsError>,
    ) -> Result<T, RdsError> {
        let action = format!("rds:{operation}");
        self.service_call(
            "rds",
            operation,
            |_, _| Some((action, "*".to_string(), Default::default())),
            body,
        )
    }

    /// The account's DB snapshots in this region.
    pub fn db_snapshots(&self) -> &[DbSnapshot] {
        &self.rds.snapshots
    }

    /// When RDS's next change of state is due.
    pub(crate) fn rds_next_transition_at(&self) -> Option<SimTime> {
        self.rds
            .instances
            .iter()
            .filter_map(|i| i.next_status_at)
            .min()
    }

    /// Moves every instance whose change is due to its next state.
    pub(crate) fn rds_apply_due_transitions(&mut self) {
        let now = self.now;
        for instance in &mut self.rds.instances {
            while let Some(due) = instance.next_status_at.filter(|due| *due <= now) {
                let (next, after): (&str, Option<Duration>) = match instance.status.as_str() {
                    "creating" if instance.backup_retention > 0 => {
                        ("backing-up", Some(instances::FIRST_BACKUP_TIME))
                    }
                    "creating" | "backing-up" => ("available", None),
                    "deleting" => ("deleted", None),
                    _ => ("available", None),
                };
                if instance.status == "creating" {
                    instance.available_since = Some(due);
                }
                instance.status = next.to_string();
                instance.next_status_at = after.map(|d| due.plus(d));
            }
        }
        self.rds.instances.retain(|i| i.status != "deleted");
    }

    /// RDS's lines of the hourly bill: each instance's hour and its storage,
    /// twice for Multi-AZ, from the moment it leaves `creating`.
    pub(crate) fn rds_cost_lines(&self, lines: &mut Vec<CostLine>) {
        let region = self.region().code;
        for i in &self.rds.instances {
            if matches!(i.status.as_str(), "creating" | "deleting") {
                continue;
            }
            let copies = if i.secondary_zone.is_some() { 2.0 } else { 1.0 };
            let hourly = engines::instance_class(&i.class)
                .map(|c| {
                    if region == "us-east-1" {
                        c.us_east_1
                    } else {
                        c.seoul
                    }
                })
                .unwrap_or(0.0);
            lines.push(CostLine {
                kind: CostKind::DbInstance,
                resource_id: i.identifier.clone(),
                description: format!(
                    "{} {}{}",
                    i.class,
                    i.engine,
                    if copies > 1.0 { " Multi-AZ" } else { "" }
                ),
                usd_per_hour: hourly * copies,
            });
            lines.push(CostLine {
                kind: CostKind::DbStorage,
                resource_id: i.identifier.clone(),
                description: format!("{} GiB {}", i.allocated_storage, i.storage_type),
                usd_per_hour: f64::from(i.allocated_storage)
                    * engines::storage_price_per_gb_month(region)
                    * copies
                    / HOURS_PER_MONTH,
            });
        }
    }
}

#[cfg(test)]
mod tests;
