//! Amazon RDS: DB subnet groups and DB instances (MySQL and PostgreSQL) with
//! AWS's identifier, password, storage and class rules, their states on the
//! simulated clock (`creating` → `backing-up` → `available`; `deleting`), an
//! endpoint per instance, the final-snapshot decision on delete, and instance
//! hours and storage on the bill (twice for Multi-AZ).
//!
//! Modifying (at once or in the maintenance window), rebooting and Multi-AZ
//! failover, read replicas that replay the source's writes a little later,
//! automated backups with point-in-time restore, manual snapshots and restores
//! into new instances, and a small MySQL ([`sql`]) whose data each instance
//! keeps, reached over the VPC's network ([`network`]).
//!
//! DB parameter groups of one's own ([`parameter_groups`]) apply dynamic
//! changes at once and static ones at the next reboot.
//!
//! Not simulated: Aurora, option groups, IAM database authentication,
//! PostgreSQL's SQL (its instances run, but the lab's client speaks MySQL
//! only), stopping and starting instances.

use std::net::Ipv4Addr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::billing::cost::{CostKind, CostLine};
use crate::clock::SimTime;
use crate::cloud::Cloud;

pub mod engines;
pub mod errors;
pub mod instances;
pub mod modify;
pub mod network;
pub mod parameter_groups;
pub mod replicas;
pub mod snapshots;
pub mod sql;
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
    /// The account's own DB parameter groups.
    #[serde(default)]
    pub(crate) parameter_groups: Vec<parameter_groups::DbParameterGroup>,
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
    /// The address its endpoint resolves to (the primary's, for Multi-AZ).
    #[serde(default)]
    pub private_ip: Option<Ipv4Addr>,
    /// The standby's address, for Multi-AZ (the endpoint moves here on failover).
    #[serde(default)]
    pub standby_ip: Option<Ipv4Addr>,
    /// What its databases hold now.
    #[serde(default)]
    pub data: sql::SqlData,
    /// What they held when it was created or restored (point-in-time restores
    /// replay the binary log on top of this).
    #[serde(default)]
    pub base_data: sql::SqlData,
    /// Every statement that changed data, in order (MySQL's binary log).
    #[serde(default)]
    pub binlog: Vec<LoggedWrite>,
    /// The source instance, for a read replica.
    #[serde(default)]
    pub replica_of: Option<String>,
    /// How many of the source's logged writes a replica has applied.
    #[serde(default)]
    pub replica_applied: usize,
    /// The change being applied while `modifying`.
    #[serde(default)]
    pub modification: Option<modify::Modification>,
    /// A change waiting for the maintenance window.
    #[serde(default)]
    pub pending: Option<modify::Modification>,
    /// The reboot in progress fails over to the standby.
    #[serde(default)]
    pub failing_over: bool,
    /// Every failover so far: when, from which zone to which.
    #[serde(default)]
    pub failovers: Vec<Failover>,
    /// The snapshot (or `instance@time` for a point-in-time restore) it was
    /// restored from.
    #[serde(default)]
    pub restored_from: Option<String>,
    /// Its DB parameter group (`default.mysql8.4` when empty).
    #[serde(default)]
    pub parameter_group: String,
    /// The parameter values it runs with, as its group's were at the last
    /// (re)boot or immediate change; others are the engine's defaults.
    #[serde(default)]
    pub applied_parameters: std::collections::BTreeMap<String, String>,
    /// A new group or a static change waits for a reboot.
    #[serde(default)]
    pub parameters_pending_reboot: bool,
    /// Whether its storage is encrypted.
    #[serde(default)]
    pub storage_encrypted: bool,
}

/// A Multi-AZ failover: the standby became the primary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failover {
    /// When it finished.
    pub at: SimTime,
    /// The old primary's zone.
    pub from_zone: String,
    /// The new primary's zone.
    pub to_zone: String,
}

/// One statement that changed data, with when it ran and the database `USE`
/// had chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedWrite {
    /// When it ran.
    pub at: SimTime,
    /// The current database then.
    pub database: Option<String>,
    /// The statement as typed.
    pub statement: String,
}

/// A DB snapshot: manual (kept until deleted) or automated (taken by the
/// first backup, gone with the instance).
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
    /// `creating` or `available`.
    #[serde(default = "snapshot_available")]
    pub status: String,
    /// When it becomes available.
    #[serde(default)]
    pub available_at: Option<SimTime>,
    /// The instance's class.
    #[serde(default)]
    pub class: String,
    /// The instance's storage type.
    #[serde(default)]
    pub storage_type: String,
    /// The instance's port.
    #[serde(default)]
    pub port: u16,
    /// The instance's zone.
    #[serde(default)]
    pub zone: String,
    /// The instance's VPC.
    #[serde(default)]
    pub vpc_id: String,
    /// The admin login.
    #[serde(default)]
    pub master_username: String,
    /// The admin password's SHA-256.
    #[serde(default)]
    pub password_sha256: String,
    /// The database created with the instance.
    #[serde(default)]
    pub db_name: Option<String>,
    /// When the instance was created.
    #[serde(default)]
    pub instance_created: Option<SimTime>,
    /// What its databases held.
    #[serde(default)]
    pub data: sql::SqlData,
    /// The instance's backup retention (a restore keeps it).
    #[serde(default = "one_day")]
    pub backup_retention: u32,
    /// Whether it is encrypted (as the instance was).
    #[serde(default)]
    pub encrypted: bool,
}

fn one_day() -> u32 {
    1
}

fn snapshot_available() -> String {
    "available".into()
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

    /// The DB instance `identifier` (lowercase), to change it.
    pub(crate) fn db_instance_mut(
        &mut self,
        identifier: &str,
    ) -> Result<&mut DbInstance, RdsError> {
        self.rds
            .instances
            .iter_mut()
            .find(|i| i.identifier == identifier)
            .ok_or_else(|| RdsError::DbInstanceNotFound(identifier.to_string()))
    }

    /// The account's DB snapshots in this region.
    pub fn db_snapshots(&self) -> &[DbSnapshot] {
        &self.rds.snapshots
    }

    /// When RDS's next change of state is due: an instance's or a snapshot's
    /// status, or a write a replica has yet to replay.
    pub(crate) fn rds_next_transition_at(&self) -> Option<SimTime> {
        let instances = self.rds.instances.iter().filter_map(|i| i.next_status_at);
        let snapshots = self.rds.snapshots.iter().filter_map(|s| s.available_at);
        let replication = self
            .rds
            .instances
            .iter()
            .filter_map(|replica| self.next_replayed_write_at(replica));
        instances.chain(snapshots).chain(replication).min()
    }

    /// Moves every instance and snapshot whose change is due to its next
    /// state, and lets replicas replay what they have received.
    pub(crate) fn rds_apply_due_transitions(&mut self) {
        let now = self.now;
        let mut backups = Vec::new();
        for instance in &mut self.rds.instances {
            while let Some(due) = instance.next_status_at.filter(|due| *due <= now) {
                let next = instance.finish_status(due);
                if next == "backing-up:done" {
                    backups.push((instance.identifier.clone(), due));
                }
            }
        }
        for (identifier, at) in backups {
            self.take_automated_snapshot(&identifier, at);
        }
        for snapshot in &mut self.rds.snapshots {
            if snapshot.available_at.is_some_and(|t| t <= now) {
                snapshot.status = "available".into();
                snapshot.available_at = None;
            }
        }
        self.replay_to_replicas();
        let gone: Vec<String> = self
            .rds
            .instances
            .iter()
            .filter(|i| i.status == "deleted")
            .map(|i| i.identifier.clone())
            .collect();
        self.rds.instances.retain(|i| i.status != "deleted");
        // Automated snapshots go with their instance; manual ones stay.
        self.rds
            .snapshots
            .retain(|s| s.manual || !gone.contains(&s.instance));
    }

    /// RDS's lines of the hourly bill: each instance's hour and its storage,
    /// twice for Multi-AZ, from the moment it leaves `creating`.
    pub(crate) fn rds_cost_lines(&self, lines: &mut Vec<CostLine>) {
        let region = self.region().code;
        for i in &self.rds.instances {
            // Billed from available until the instance is gone.
            if i.status == "creating" {
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

impl DbInstance {
    /// Ends the status that fell due at `due` and starts the next; returns
    /// `"backing-up:done"` when a first backup finished.
    fn finish_status(&mut self, due: SimTime) -> &'static str {
        let mut finished = "";
        let (next, after): (&str, Option<Duration>) = match self.status.as_str() {
            "creating" if self.backup_retention > 0 && self.replica_of.is_none() => {
                ("backing-up", Some(instances::FIRST_BACKUP_TIME))
            }
            "backing-up" => {
                finished = "backing-up:done";
                ("available", None)
            }
            "modifying" => {
                let starts_backups = self.modification.as_ref().is_some_and(|m| {
                    self.backup_retention == 0 && m.backup_retention.is_some_and(|r| r > 0)
                });
                if let Some(change) = self.modification.take() {
                    change.apply_to(self);
                }
                if starts_backups {
                    ("backing-up", Some(instances::FIRST_BACKUP_TIME))
                } else {
                    ("available", None)
                }
            }
            "rebooting" => {
                if self.failing_over {
                    self.failing_over = false;
                    if let Some(standby) = self.secondary_zone.take() {
                        let old = std::mem::replace(&mut self.zone, standby);
                        self.failovers.push(Failover {
                            at: due,
                            from_zone: old.clone(),
                            to_zone: self.zone.clone(),
                        });
                        self.secondary_zone = Some(old);
                        std::mem::swap(&mut self.private_ip, &mut self.standby_ip);
                    }
                }
                ("available", None)
            }
            "available" if self.pending.is_some() => {
                // The maintenance window opened.
                self.modification = self.pending.take();
                let took = self
                    .modification
                    .as_ref()
                    .map(modify::Modification::duration)
                    .unwrap_or_default();
                ("modifying", Some(took))
            }
            "deleting" => ("deleted", None),
            _ => ("available", None),
        };
        if self.status == "creating" {
            self.available_since = Some(due);
        }
        self.status = next.to_string();
        self.next_status_at = after.map(|d| due.plus(d));
        if next == "available" && self.next_status_at.is_none() && self.pending.is_some() {
            self.next_status_at = Some(modify::next_maintenance_window(due));
        }
        finished
    }
}

#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod tests;
