//! Backups: manual DB snapshots (`CreateDBSnapshot`, kept until deleted),
//! the automated snapshot of an instance's first backup, restores from a
//! snapshot into a new instance, and point-in-time restores that replay the
//! binary log up to a chosen second within the retention period.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::RdsError;
use super::instances::{CREATE_TIME, DbInstanceOutput, check_identifier};
use super::sql::{self, ServerContext};
use super::{DbInstance, DbSnapshot};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// How far behind the present the latest restorable time stays (RDS ships
/// its transaction logs to storage every five minutes).
pub const RESTORE_LAG: Duration = Duration::from_secs(5 * 60);

/// How long a snapshot of `gib` GiB takes: a minute, plus three seconds a GiB.
pub fn snapshot_time(gib: u32) -> Duration {
    Duration::from_secs(60 + 3 * u64::from(gib))
}

/// `CreateDBSnapshot` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateDbSnapshotInput {
    /// The snapshot's identifier.
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: String,
    /// The instance.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
}

/// `DescribeDBSnapshots` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeDbSnapshotsInput {
    /// Only this instance's snapshots.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: Option<String>,
    /// Only this snapshot.
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: Option<String>,
    /// `manual` or `automated`.
    pub snapshot_type: Option<String>,
}

/// `DeleteDBSnapshot` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteDbSnapshotInput {
    /// The snapshot.
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: String,
}

/// `RestoreDBInstanceFromDBSnapshot` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RestoreFromSnapshotInput {
    /// The new instance.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// The snapshot.
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: Option<String>,
    /// A class (the snapshot's instance's when left out).
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: Option<String>,
    /// The subnet group (the default VPC's when left out).
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: Option<String>,
    /// The security groups (the VPC's default group when left out).
    pub vpc_security_group_ids: Option<Vec<String>>,
    /// A standby in a second zone.
    #[serde(rename = "MultiAZ")]
    pub multi_az: Option<bool>,
    /// Whether the endpoint resolves to a public address.
    pub publicly_accessible: Option<bool>,
}

/// `RestoreDBInstanceToPointInTime` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RestoreToPointInTimeInput {
    /// The source instance.
    #[serde(rename = "SourceDBInstanceIdentifier")]
    pub source_db_instance_identifier: Option<String>,
    /// The new instance.
    #[serde(rename = "TargetDBInstanceIdentifier")]
    pub target_db_instance_identifier: String,
    /// The moment to restore (ISO 8601).
    pub restore_time: Option<String>,
    /// Restore to the latest restorable time instead.
    pub use_latest_restorable_time: Option<bool>,
    /// A class (the source's when left out).
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: Option<String>,
    /// The subnet group (the default VPC's when left out).
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: Option<String>,
    /// The security groups (the VPC's default group when left out).
    pub vpc_security_group_ids: Option<Vec<String>>,
    /// A standby in a second zone.
    #[serde(rename = "MultiAZ")]
    pub multi_az: Option<bool>,
    /// Whether the endpoint resolves to a public address.
    pub publicly_accessible: Option<bool>,
}

/// `DBSnapshot`, in AWS's member order (the members the lab keeps).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbSnapshotShape {
    /// Its identifier.
    #[serde(rename = "DBSnapshotIdentifier")]
    pub db_snapshot_identifier: String,
    /// The instance.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// When it was taken.
    pub snapshot_create_time: String,
    /// The engine.
    pub engine: String,
    /// GiB.
    pub allocated_storage: u32,
    /// `creating` or `available`.
    pub status: String,
    /// The port.
    pub port: u16,
    /// The instance's zone.
    pub availability_zone: String,
    /// The VPC.
    pub vpc_id: String,
    /// When the instance was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_create_time: Option<String>,
    /// The admin login.
    pub master_username: String,
    /// The engine version.
    pub engine_version: String,
    /// The licence.
    pub license_model: String,
    /// `manual` or `automated`.
    pub snapshot_type: String,
    /// 0 to 100.
    pub percent_progress: u32,
    /// The storage type.
    pub storage_type: String,
    /// Encrypted (as the instance was).
    pub encrypted: bool,
    /// Its ARN.
    #[serde(rename = "DBSnapshotArn")]
    pub db_snapshot_arn: String,
}

/// `CreateDBSnapshot` and `DeleteDBSnapshot` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbSnapshotOutput {
    /// The snapshot.
    #[serde(rename = "DBSnapshot")]
    pub db_snapshot: DbSnapshotShape,
}

/// `DescribeDBSnapshots` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDbSnapshotsOutput {
    /// The snapshots.
    #[serde(rename = "DBSnapshots")]
    pub db_snapshots: Vec<DbSnapshotShape>,
}

fn check_snapshot_identifier(id: &str) -> Result<(), RdsError> {
    check_identifier(id).map_err(|_| {
        RdsError::InvalidParameterValue(format!(
            "The parameter DBSnapshotIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens. ({id})"
        ))
    })
}

/// What a restore starts from.
struct RestoreSource {
    origin: String,
    backup_retention: u32,
    encrypted: bool,
    engine: String,
    engine_version: String,
    family: String,
    class: String,
    allocated_storage: u32,
    storage_type: String,
    port: u16,
    master_username: String,
    password_sha256: String,
    db_name: Option<String>,
    data: sql::SqlData,
}

/// Where and how a restored instance runs.
struct RestoreTarget<'a> {
    identifier: &'a str,
    class: Option<&'a str>,
    subnet_group: Option<&'a str>,
    security_groups: Option<&'a [String]>,
    multi_az: bool,
    publicly_accessible: Option<bool>,
}

impl Cloud {
    /// A snapshot of `instance` as it is now, named `identifier`.
    pub(crate) fn snapshot_of(
        &self,
        instance: &DbInstance,
        identifier: &str,
        manual: bool,
        at: SimTime,
    ) -> DbSnapshot {
        let vpc_id = self
            .db_subnet_group(&instance.subnet_group)
            .map(|g| g.vpc_id.clone())
            .unwrap_or_default();
        DbSnapshot {
            identifier: identifier.to_string(),
            instance: instance.identifier.clone(),
            engine: instance.engine.clone(),
            engine_version: instance.engine_version.clone(),
            allocated_storage: instance.allocated_storage,
            created: at,
            manual,
            status: "creating".into(),
            available_at: Some(at.plus(snapshot_time(instance.allocated_storage))),
            class: instance.class.clone(),
            storage_type: instance.storage_type.clone(),
            port: instance.port,
            zone: instance.zone.clone(),
            vpc_id,
            master_username: instance.master_username.clone(),
            password_sha256: instance.password_sha256.clone(),
            db_name: instance.db_name.clone(),
            instance_created: instance.available_since,
            data: instance.data.clone(),
            backup_retention: instance.backup_retention.max(1),
            encrypted: instance.storage_encrypted,
        }
    }

    /// The automated snapshot of an instance's first backup
    /// (`rds:<id>-YYYY-MM-DD-HH-MM`), available at once.
    pub(crate) fn take_automated_snapshot(&mut self, identifier: &str, at: SimTime) {
        let Some(instance) = self.db_instance(identifier).cloned() else {
            return;
        };
        let stamp = at.to_iso8601();
        let name = format!(
            "rds:{identifier}-{}-{}",
            stamp.get(..10).unwrap_or_default(),
            stamp.get(11..16).unwrap_or_default().replace(':', "-")
        );
        if self.rds.snapshots.iter().any(|s| s.identifier == name) {
            return;
        }
        let mut snapshot = self.snapshot_of(&instance, &name, false, at);
        snapshot.status = "available".into();
        snapshot.available_at = None;
        self.rds.snapshots.push(snapshot);
    }

    /// The latest moment a point-in-time restore of `instance` can reach:
    /// five minutes ago, once backups run; `None` without backups.
    pub fn latest_restorable_time(&self, instance: &DbInstance) -> Option<SimTime> {
        if instance.backup_retention == 0 || instance.replica_of.is_some() {
            return None;
        }
        let since = instance.available_since?;
        let latest = SimTime(self.now.0.saturating_sub(RESTORE_LAG.as_millis() as u64));
        Some(latest.max(since))
    }

    /// The earliest moment a point-in-time restore of `instance` can reach:
    /// its creation, or the start of the retention period.
    pub fn earliest_restorable_time(&self, instance: &DbInstance) -> Option<SimTime> {
        let since = instance.available_since?;
        let window = Duration::from_secs(u64::from(instance.backup_retention) * 86_400);
        let start = SimTime(self.now.0.saturating_sub(window.as_millis() as u64));
        Some(start.max(since))
    }

    fn db_snapshot_shape(&self, s: &DbSnapshot) -> DbSnapshotShape {
        let progress = match s.available_at {
            None => 100,
            Some(done) => {
                let total = done.since(s.created).as_secs().max(1);
                let gone = self.now.since(s.created).as_secs().min(total);
                (gone * 100 / total) as u32
            }
        };
        DbSnapshotShape {
            db_snapshot_identifier: s.identifier.clone(),
            db_instance_identifier: s.instance.clone(),
            snapshot_create_time: s.created.to_iso8601_millis(),
            engine: s.engine.clone(),
            allocated_storage: s.allocated_storage,
            status: s.status.clone(),
            port: s.port,
            availability_zone: s.zone.clone(),
            vpc_id: s.vpc_id.clone(),
            instance_create_time: s.instance_created.map(SimTime::to_iso8601_millis),
            master_username: s.master_username.clone(),
            engine_version: s.engine_version.clone(),
            license_model: if s.engine == "postgres" {
                "postgresql-license".into()
            } else {
                "general-public-license".into()
            },
            snapshot_type: if s.manual { "manual" } else { "automated" }.into(),
            percent_progress: progress,
            storage_type: s.storage_type.clone(),
            encrypted: s.encrypted,
            db_snapshot_arn: format!(
                "arn:aws:rds:{}:{}:snapshot:{}",
                self.region().code,
                self.config.account_id,
                s.identifier
            ),
        }
    }

    /// `rds create-db-snapshot`.
    pub fn create_db_snapshot(
        &mut self,
        input: CreateDbSnapshotInput,
    ) -> Result<DbSnapshotOutput, RdsError> {
        self.rds_call("CreateDBSnapshot", |c| {
            let id = input.db_snapshot_identifier.to_ascii_lowercase();
            check_snapshot_identifier(&id)?;
            let instance = c
                .db_instance(&input.db_instance_identifier)
                .cloned()
                .ok_or_else(|| RdsError::DbInstanceNotFound(input.db_instance_identifier.clone()))?;
            if instance.status != "available" {
                return Err(RdsError::InvalidDbInstanceState(format!(
                    "Cannot create a snapshot because the database instance {} is not currently in the available state.",
                    instance.identifier
                )));
            }
            if c.rds.snapshots.iter().any(|s| s.identifier == id) {
                return Err(RdsError::DbSnapshotAlreadyExists(id));
            }
            let snapshot = c.snapshot_of(&instance, &id, true, c.now);
            let shape = c.db_snapshot_shape(&snapshot);
            c.rds.snapshots.push(snapshot);
            Ok(DbSnapshotOutput { db_snapshot: shape })
        })
    }

    /// `rds describe-db-snapshots`.
    pub fn describe_db_snapshots(
        &mut self,
        input: DescribeDbSnapshotsInput,
    ) -> Result<DescribeDbSnapshotsOutput, RdsError> {
        self.rds_call("DescribeDBSnapshots", |c| {
            if let Some(id) = &input.db_snapshot_identifier
                && !c
                    .rds
                    .snapshots
                    .iter()
                    .any(|s| s.identifier == id.to_ascii_lowercase())
            {
                return Err(RdsError::DbSnapshotNotFound(id.clone()));
            }
            let shapes = c
                .rds
                .snapshots
                .iter()
                .filter(|s| {
                    input
                        .db_snapshot_identifier
                        .as_ref()
                        .is_none_or(|id| s.identifier == id.to_ascii_lowercase())
                })
                .filter(|s| {
                    input
                        .db_instance_identifier
                        .as_ref()
                        .is_none_or(|id| s.instance == id.to_ascii_lowercase())
                })
                .filter(|s| {
                    input
                        .snapshot_type
                        .as_deref()
                        .is_none_or(|t| (t == "manual") == s.manual)
                })
                .map(|s| c.db_snapshot_shape(s))
                .collect();
            Ok(DescribeDbSnapshotsOutput {
                db_snapshots: shapes,
            })
        })
    }

    /// `rds delete-db-snapshot` (manual snapshots only).
    pub fn delete_db_snapshot(
        &mut self,
        input: DeleteDbSnapshotInput,
    ) -> Result<DbSnapshotOutput, RdsError> {
        self.rds_call("DeleteDBSnapshot", |c| {
            let id = input.db_snapshot_identifier.to_ascii_lowercase();
            let Some(index) = c.rds.snapshots.iter().position(|s| s.identifier == id) else {
                return Err(RdsError::DbSnapshotNotFound(input.db_snapshot_identifier.clone()));
            };
            let snapshot = &c.rds.snapshots[index];
            if !snapshot.manual {
                return Err(RdsError::InvalidDbSnapshotState(
                    "Only manual snapshots may be deleted. Automated snapshots go when their retention period ends or their instance is deleted.".into(),
                ));
            }
            if snapshot.status != "available" {
                return Err(RdsError::InvalidDbSnapshotState(format!(
                    "Snapshot {id} is not in available state."
                )));
            }
            let mut shape = c.db_snapshot_shape(snapshot);
            shape.status = "deleted".into();
            c.rds.snapshots.remove(index);
            Ok(DbSnapshotOutput { db_snapshot: shape })
        })
    }

    /// A new instance from `source`, placed as `target` asks: `creating` for
    /// five minutes, then its first backup, then available at a new endpoint.
    fn restore_into(
        &mut self,
        source: RestoreSource,
        target: RestoreTarget<'_>,
    ) -> Result<DbInstanceOutput, RdsError> {
        let identifier = target.identifier.to_ascii_lowercase();
        check_identifier(&identifier)?;
        if self.db_instance(&identifier).is_some() {
            return Err(RdsError::DbInstanceAlreadyExists);
        }
        let class = target.class.unwrap_or(&source.class).to_string();
        if super::engines::instance_class(&class).is_none() {
            return Err(RdsError::InvalidParameterCombination(format!(
                "RDS does not support creating a DB instance with the following combination: DBInstanceClass={class}, Engine={}, EngineVersion={}, LicenseModel=general-public-license. For supported combinations of instance class and database engine version, see the documentation.",
                source.engine, source.engine_version
            )));
        }
        let group = self.resolve_db_subnet_group(target.subnet_group)?;
        let (zone, secondary_zone) = self.choose_db_zones(&group, None, target.multi_az)?;
        let security_groups =
            self.resolve_db_security_groups(target.security_groups, &group.vpc_id)?;
        let now = self.now;
        let mut instance = DbInstance {
            identifier,
            class,
            engine: source.engine,
            engine_version: source.engine_version,
            family: source.family,
            status: "creating".into(),
            next_status_at: Some(now.plus(CREATE_TIME)),
            master_username: source.master_username,
            password_sha256: source.password_sha256,
            db_name: source.db_name,
            allocated_storage: source.allocated_storage,
            storage_type: source.storage_type,
            port: source.port,
            zone,
            secondary_zone,
            subnet_group: group.name.clone(),
            security_groups,
            backup_retention: source.backup_retention,
            publicly_accessible: target
                .publicly_accessible
                .unwrap_or_else(|| self.internet_gateway_for_vpc(&group.vpc_id).is_some()),
            created: now,
            available_since: None,
            resource_id: String::new(),
            private_ip: None,
            standby_ip: None,
            base_data: source.data.clone(),
            data: source.data,
            binlog: Vec::new(),
            replica_of: None,
            replica_applied: 0,
            modification: None,
            pending: None,
            failing_over: false,
            failovers: Vec::new(),
            restored_from: Some(source.origin),
            parameter_group: String::new(),
            applied_parameters: Default::default(),
            parameters_pending_reboot: false,
            storage_encrypted: source.encrypted,
        };
        instance.parameter_group = format!("default.{}", instance.family);
        self.place_db_instance(&mut instance, &group);
        let shape = self.db_instance_shape(&instance);
        self.rds.instances.push(instance);
        Ok(DbInstanceOutput { db_instance: shape })
    }

    /// `rds restore-db-instance-from-db-snapshot`: a new instance (a new
    /// endpoint) holding what the snapshot holds.
    pub fn restore_db_instance_from_db_snapshot(
        &mut self,
        input: RestoreFromSnapshotInput,
    ) -> Result<DbInstanceOutput, RdsError> {
        self.rds_call("RestoreDBInstanceFromDBSnapshot", |c| {
            let name = input.db_snapshot_identifier.clone().ok_or_else(|| {
                RdsError::InvalidParameterValue(
                    "DBSnapshotIdentifier or DBClusterSnapshotIdentifier must be provided.".into(),
                )
            })?;
            let snapshot = c
                .rds
                .snapshots
                .iter()
                .find(|s| s.identifier == name.to_ascii_lowercase())
                .cloned()
                .ok_or_else(|| RdsError::DbSnapshotNotFound(name.clone()))?;
            if snapshot.status != "available" {
                return Err(RdsError::InvalidDbSnapshotState(format!(
                    "Snapshot {} is not in available state.",
                    snapshot.identifier
                )));
            }
            let family =
                super::engines::engine_version(&snapshot.engine, Some(&snapshot.engine_version))
                    .map(|v| v.family.to_string())
                    .unwrap_or_default();
            c.restore_into(
                RestoreSource {
                    origin: snapshot.identifier.clone(),
                    backup_retention: snapshot.backup_retention,
                    encrypted: snapshot.encrypted,
                    engine: snapshot.engine,
                    engine_version: snapshot.engine_version,
                    family,
                    class: snapshot.class,
                    allocated_storage: snapshot.allocated_storage,
                    storage_type: snapshot.storage_type,
                    port: snapshot.port,
                    master_username: snapshot.master_username,
                    password_sha256: snapshot.password_sha256,
                    db_name: snapshot.db_name,
                    data: snapshot.data,
                },
                RestoreTarget {
                    identifier: &input.db_instance_identifier,
                    class: input.db_instance_class.as_deref(),
                    subnet_group: input.db_subnet_group_name.as_deref(),
                    security_groups: input.vpc_security_group_ids.as_deref(),
                    multi_az: input.multi_az.unwrap_or(false),
                    publicly_accessible: input.publicly_accessible,
                },
            )
        })
    }

    /// `rds restore-db-instance-to-point-in-time`: a new instance holding what
    /// the source held at `RestoreTime` (or the latest restorable time).
    pub fn restore_db_instance_to_point_in_time(
        &mut self,
        input: RestoreToPointInTimeInput,
    ) -> Result<DbInstanceOutput, RdsError> {
        self.rds_call("RestoreDBInstanceToPointInTime", |c| {
            let source_id = input.source_db_instance_identifier.clone().ok_or_else(|| {
                RdsError::InvalidParameterValue(
                    "SourceDBInstanceIdentifier or SourceDbiResourceId must be provided.".into(),
                )
            })?;
            let source = c
                .db_instance(&source_id)
                .cloned()
                .ok_or_else(|| RdsError::DbInstanceNotFound(source_id.clone()))?;
            let latest_flag = input.use_latest_restorable_time.unwrap_or(false);
            if latest_flag == input.restore_time.is_some() {
                return Err(RdsError::InvalidParameterCombination(
                    "Exactly one of RestoreTime or UseLatestRestorableTime must be specified."
                        .into(),
                ));
            }
            if source.backup_retention == 0 {
                return Err(RdsError::PointInTimeRestoreNotEnabled(
                    source.identifier.clone(),
                ));
            }
            let (Some(earliest), Some(latest)) = (
                c.earliest_restorable_time(&source),
                c.latest_restorable_time(&source),
            ) else {
                return Err(RdsError::InvalidDbInstanceState(format!(
                    "Instance {} has no backup to restore from yet.",
                    source.identifier
                )));
            };
            let outside = |shown: &str| {
                RdsError::InvalidRestore(format!(
                    "Restore time {shown} is outside the restorable window of {} ({} to {}).",
                    source.identifier,
                    earliest.to_iso8601(),
                    latest.to_iso8601()
                ))
            };
            let at = match &input.restore_time {
                Some(text) => match SimTime::parse(text) {
                    Some(at) => at,
                    // A well-formed date before the account existed.
                    None if text.get(..4).is_some_and(|y| y.parse::<u32>().is_ok()) => {
                        return Err(outside(text));
                    }
                    None => {
                        return Err(RdsError::InvalidParameterValue(format!(
                            "Invalid RestoreTime: {text}. Use ISO 8601, e.g. 2026-12-06T10:30:00Z."
                        )));
                    }
                },
                None => latest,
            };
            if at < earliest || at > latest {
                return Err(outside(&at.to_iso8601()));
            }
            let data = replay(&source, at);
            c.restore_into(
                RestoreSource {
                    origin: format!("{}@{}", source.identifier, at.to_iso8601()),
                    backup_retention: source.backup_retention,
                    encrypted: source.storage_encrypted,
                    engine: source.engine.clone(),
                    engine_version: source.engine_version.clone(),
                    family: source.family.clone(),
                    class: source.class.clone(),
                    allocated_storage: source.allocated_storage,
                    storage_type: source.storage_type.clone(),
                    port: source.port,
                    master_username: source.master_username.clone(),
                    password_sha256: source.password_sha256.clone(),
                    db_name: source.db_name.clone(),
                    data,
                },
                RestoreTarget {
                    identifier: &input.target_db_instance_identifier,
                    class: input.db_instance_class.as_deref(),
                    subnet_group: input.db_subnet_group_name.as_deref(),
                    security_groups: input.vpc_security_group_ids.as_deref(),
                    multi_az: input.multi_az.unwrap_or(false),
                    publicly_accessible: input.publicly_accessible,
                },
            )
        })
    }
}

/// What `instance` held at `at`: its first data with the logged writes up to
/// and including that second replayed.
pub fn replay(instance: &DbInstance, at: SimTime) -> sql::SqlData {
    let mut data = instance.base_data.clone();
    for write in instance.binlog.iter().take_while(|w| w.at <= at) {
        let mut current = write.database.clone();
        let server = ServerContext {
            now: write.at,
            version: instance.engine_version.clone(),
            hostname: String::new(),
            read_only: false,
            variables: Default::default(),
        };
        // A logged write succeeded once against the same data, so it does again.
        let _ = sql::execute(&mut data, &mut current, &server, &write.statement);
    }
    data
}
