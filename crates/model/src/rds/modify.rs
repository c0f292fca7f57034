//! `ModifyDBInstance` and `RebootDBInstance`. A change applies at once with
//! `--apply-immediately` (the instance is `modifying` for a while) or waits in
//! `PendingModifiedValues` for the weekly maintenance window. A reboot takes a
//! minute; `--force-failover` on a Multi-AZ instance makes the standby the
//! primary: the endpoint keeps its name and moves to the other zone.

use std::net::Ipv4Addr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::DbInstance;
use super::engines::instance_class;
use super::errors::RdsError;
use super::instances::{DbInstanceOutput, check_password, password_digest};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// How long a reboot takes.
pub const REBOOT_TIME: Duration = Duration::from_secs(60);
/// How long a forced failover takes (AWS: usually 60 to 120 seconds).
pub const FAILOVER_TIME: Duration = Duration::from_secs(90);

/// A change to an instance, applied while it is `modifying`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Modification {
    /// A new class.
    pub class: Option<String>,
    /// New storage, GiB.
    pub allocated_storage: Option<u32>,
    /// Multi-AZ on or off.
    pub multi_az: Option<bool>,
    /// New backup retention, days.
    pub backup_retention: Option<u32>,
    /// The standby's zone and address, chosen when Multi-AZ is asked for.
    pub standby: Option<(String, Option<Ipv4Addr>)>,
}

impl Modification {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.class.is_none()
            && self.allocated_storage.is_none()
            && self.multi_az.is_none()
            && self.backup_retention.is_none()
    }

    /// How long the instance stays `modifying`: a class change moves it to
    /// new hardware (about 6 minutes), adding a standby copies the data to
    /// the other zone (about 12), growing storage about 4, other changes a
    /// minute.
    pub fn duration(&self) -> Duration {
        let mut minutes = 1;
        if self.allocated_storage.is_some() {
            minutes = minutes.max(4);
        }
        if self.class.is_some() {
            minutes = minutes.max(6);
        }
        if self.multi_az == Some(true) {
            minutes = minutes.max(12);
        }
        Duration::from_secs(minutes * 60)
    }

    /// `other`'s values over this one's.
    fn merged_with(mut self, other: Modification) -> Modification {
        self.class = other.class.or(self.class);
        self.allocated_storage = other.allocated_storage.or(self.allocated_storage);
        self.multi_az = other.multi_az.or(self.multi_az);
        self.backup_retention = other.backup_retention.or(self.backup_retention);
        self.standby = other.standby.or(self.standby);
        self
    }

    /// Writes the change into `instance`.
    pub(crate) fn apply_to(self, instance: &mut DbInstance) {
        if let Some(class) = self.class {
            instance.class = class;
        }
        if let Some(storage) = self.allocated_storage {
            instance.allocated_storage = storage;
        }
        if let Some(retention) = self.backup_retention {
            instance.backup_retention = retention;
        }
        match self.multi_az {
            Some(true) => {
                if let Some((zone, ip)) = self.standby {
                    instance.secondary_zone = Some(zone);
                    instance.standby_ip = ip;
                }
            }
            Some(false) => {
                instance.secondary_zone = None;
                instance.standby_ip = None;
            }
            None => {}
        }
    }
}

/// `ModifyDBInstance` input: the members the lab simulates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyDbInstanceInput {
    /// The instance.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// A new class.
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: Option<String>,
    /// New storage, GiB (at least 10% more; storage never shrinks).
    pub allocated_storage: Option<i64>,
    /// Multi-AZ on or off.
    #[serde(rename = "MultiAZ")]
    pub multi_az: Option<bool>,
    /// Days of automated backups.
    pub backup_retention_period: Option<i64>,
    /// New security groups (applied at once, whatever `ApplyImmediately` says).
    pub vpc_security_group_ids: Option<Vec<String>>,
    /// A new admin password (applied at once).
    pub master_user_password: Option<String>,
    /// A new DB parameter group (applied at the next reboot).
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: Option<String>,
    /// Apply now rather than in the maintenance window.
    pub apply_immediately: Option<bool>,
}

/// `RebootDBInstance` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RebootDbInstanceInput {
    /// The instance.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// Fail over to the standby (Multi-AZ only).
    pub force_failover: Option<bool>,
}

/// The start of the next weekly maintenance window (Sunday 18:00 UTC) after `now`.
pub fn next_maintenance_window(now: SimTime) -> SimTime {
    const DAY: u64 = 86_400;
    let seconds = now.unix_seconds();
    let days = seconds / DAY;
    // 1970-01-01 was a Thursday: day 3 after Sunday 1969-12-28.
    let since_sunday = (days + 4) % 7;
    let this_sunday = (days - since_sunday.min(days)) * DAY + 18 * 3600;
    let mut start = this_sunday;
    while start <= seconds {
        start += 7 * DAY;
    }
    now.plus(Duration::from_secs(start - seconds))
}

impl Cloud {
    fn available_db_instance(&self, identifier: &str) -> Result<DbInstance, RdsError> {
        let instance = self
            .db_instance(identifier)
            .ok_or_else(|| RdsError::DbInstanceNotFound(identifier.to_string()))?;
        Ok(instance.clone())
    }

    /// `rds modify-db-instance`.
    pub fn modify_db_instance(
        &mut self,
        input: ModifyDbInstanceInput,
    ) -> Result<DbInstanceOutput, RdsError> {
        self.rds_call("ModifyDBInstance", |c| {
            let instance = c.available_db_instance(&input.db_instance_identifier)?;
            if instance.status != "available" {
                return Err(RdsError::InvalidDbInstanceState(
                    "Database instance is not in available state.".into(),
                ));
            }
            let mut change = Modification::default();
            if let Some(class) = &input.db_instance_class
                && *class != instance.class
            {
                if instance_class(class).is_none() {
                    return Err(RdsError::InvalidParameterCombination(format!(
                        "RDS does not support creating a DB instance with the following combination: DBInstanceClass={class}, Engine={}, EngineVersion={}, LicenseModel={}. For supported combinations of instance class and database engine version, see the documentation.",
                        instance.engine,
                        instance.engine_version,
                        if instance.engine == "postgres" { "postgresql-license" } else { "general-public-license" }
                    )));
                }
                change.class = Some(class.clone());
            }
            if let Some(storage) = input.allocated_storage
                && storage != i64::from(instance.allocated_storage)
            {
                if !(20..=65_536).contains(&storage) || storage < i64::from(instance.allocated_storage) {
                    return Err(RdsError::InvalidParameterCombination(format!(
                        "Invalid storage size for engine name {} and storage type {}: {storage}",
                        instance.engine, instance.storage_type
                    )));
                }
                if storage * 10 < i64::from(instance.allocated_storage) * 11 {
                    return Err(RdsError::InvalidParameterCombination(
                        "Invalid value for AllocatedStorage. The new value must be at least 10% greater than the current value.".into(),
                    ));
                }
                change.allocated_storage = Some(storage as u32);
            }
            if let Some(retention) = input.backup_retention_period
                && retention != i64::from(instance.backup_retention)
            {
                if !(0..=35).contains(&retention) {
                    return Err(RdsError::InvalidParameterValue(
                        "The parameter BackupRetentionPeriod must be between 0 and 35.".into(),
                    ));
                }
                let has_replicas = c
                    .rds
                    .instances
                    .iter()
                    .any(|r| r.replica_of.as_deref() == Some(instance.identifier.as_str()));
                if retention == 0 && has_replicas {
                    return Err(RdsError::InvalidParameterCombination(
                        "Cannot set backup retention period to 0 while the DB instance has read replicas.".into(),
                    ));
                }
                change.backup_retention = Some(retention as u32);
            }
            if let Some(multi_az) = input.multi_az
                && multi_az != instance.secondary_zone.is_some()
            {
                change.multi_az = Some(multi_az);
                if multi_az {
                    let group = c.resolve_db_subnet_group(Some(&instance.subnet_group))?;
                    let zone = c
                        .db_subnet_group_zones(&group)
                        .into_iter()
                        .find(|z| *z != instance.zone)
                        .ok_or_else(|| RdsError::DbSubnetGroupDoesNotCoverEnoughAzs(vec![instance.zone.clone()]))?;
                    let ip = c.db_address_in_zone(&group, &zone);
                    change.standby = Some((zone, ip));
                }
            }
            if let Some(password) = &input.master_user_password {
                check_password(&instance.engine, password)?;
            }
            let groups = match &input.vpc_security_group_ids {
                Some(ids) => {
                    let group = c.resolve_db_subnet_group(Some(&instance.subnet_group))?;
                    Some(c.resolve_db_security_groups(Some(ids), &group.vpc_id)?)
                }
                None => None,
            };
            let parameter_group = match &input.db_parameter_group_name {
                Some(group) => Some(c.check_group_for(group, &instance.family)?),
                None => None,
            };
            let now = c.now;
            let live = c.db_instance_mut(&instance.identifier)?;
            if let Some(group) = parameter_group
                && group != live.parameter_group
            {
                live.parameter_group = group;
                live.parameters_pending_reboot = true;
            }
            if let Some(groups) = groups {
                live.security_groups = groups;
            }
            // A retention change between two non-zero values applies as soon
            // as possible, whatever ApplyImmediately says; only turning
            // backups on or off waits.
            if let Some(days) = change.backup_retention
                && days > 0
                && live.backup_retention > 0
            {
                live.backup_retention = days;
                change.backup_retention = None;
            }
            if let Some(password) = &input.master_user_password {
                live.password_sha256 = password_digest(password);
            }
            if !change.is_empty() {
                if input.apply_immediately.unwrap_or(false) {
                    let all = live.pending.take().unwrap_or_default().merged_with(change);
                    live.status = "modifying".into();
                    live.next_status_at = Some(now.plus(all.duration()));
                    live.modification = Some(all);
                } else {
                    let all = live.pending.take().unwrap_or_default().merged_with(change);
                    live.pending = Some(all);
                    live.next_status_at = Some(next_maintenance_window(now));
                }
            }
            let shown = live.clone();
            Ok(DbInstanceOutput {
                db_instance: c.db_instance_shape(&shown),
            })
        })
    }

    /// `rds reboot-db-instance` (`--force-failover` for Multi-AZ).
    pub fn reboot_db_instance(
        &mut self,
        input: RebootDbInstanceInput,
    ) -> Result<DbInstanceOutput, RdsError> {
        self.rds_call("RebootDBInstance", |c| {
            let instance = c.available_db_instance(&input.db_instance_identifier)?;
            if instance.status != "available" {
                return Err(RdsError::InvalidDbInstanceState(
                    "Instance cannot currently reboot due to an in-progress management operation."
                        .into(),
                ));
            }
            let failover = input.force_failover.unwrap_or(false);
            if failover && instance.secondary_zone.is_none() {
                return Err(RdsError::InvalidParameterCombination(
                    "ForceFailover is only valid for Multi-AZ DB instances.".into(),
                ));
            }
            let now = c.now;
            let live = c.db_instance_mut(&instance.identifier)?;
            live.status = "rebooting".into();
            live.failing_over = failover;
            // The group's values take effect as the engine restarts.
            let mut rebooted = live.clone();
            c.apply_parameter_group(&mut rebooted);
            let live = c.db_instance_mut(&instance.identifier)?;
            live.applied_parameters = rebooted.applied_parameters;
            live.parameters_pending_reboot = false;
            live.next_status_at =
                Some(now.plus(if failover { FAILOVER_TIME } else { REBOOT_TIME }));
            let shown = live.clone();
            Ok(DbInstanceOutput {
                db_instance: c.db_instance_shape(&shown),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_maintenance_window_is_the_next_sunday_evening() {
        // 2026-12-06 is a Sunday.
        let before = SimTime::parse("2026-12-06T10:00:00Z").unwrap_or_default();
        assert_eq!(
            next_maintenance_window(before).to_iso8601(),
            "2026-12-06T18:00:00Z"
        );
        let after = SimTime::parse("2026-12-06T18:00:00Z").unwrap_or_default();
        assert_eq!(
            next_maintenance_window(after).to_iso8601(),
            "2026-12-13T18:00:00Z"
        );
        let wednesday = SimTime::parse("2026-12-09T23:59:00Z").unwrap_or_default();
        assert_eq!(
            next_maintenance_window(wednesday).to_iso8601(),
            "2026-12-13T18:00:00Z"
        );
    }
}
