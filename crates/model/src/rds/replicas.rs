//! Read replicas: `CreateDBInstanceReadReplica` copies the source and then
//! replays each write of the source's binary log [`REPLICATION_LAG`] after it
//! happened (MySQL's asynchronous replication), so a row written on the
//! source shows on the replica a moment later. A replica has its own endpoint,
//! refuses writes (`read_only`), and becomes a standalone instance when
//! promoted or when its source is deleted.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::DbInstance;
use super::errors::RdsError;
use super::instances::{DbInstanceOutput, check_identifier};
use super::modify::Modification;
use super::sql::{self, ServerContext};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// How long after a write on the source a replica applies it (`ReplicaLag`).
pub const REPLICATION_LAG: Duration = Duration::from_secs(2);
/// How long a replica is `creating`.
pub const REPLICA_CREATE_TIME: Duration = Duration::from_secs(7 * 60);
/// AWS's limit of read replicas per source (MySQL).
pub const MAX_REPLICAS: usize = 15;

/// `CreateDBInstanceReadReplica` input: the members the lab simulates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateReadReplicaInput {
    /// The replica's identifier.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// The source instance.
    #[serde(rename = "SourceDBInstanceIdentifier")]
    pub source_db_instance_identifier: Option<String>,
    /// A class (the source's when left out).
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: Option<String>,
    /// A zone of the source's subnet group.
    pub availability_zone: Option<String>,
    /// Security groups (the source's when left out).
    pub vpc_security_group_ids: Option<Vec<String>>,
    /// Whether the endpoint resolves to a public address.
    pub publicly_accessible: Option<bool>,
}

/// `PromoteReadReplica` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PromoteReadReplicaInput {
    /// The replica.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// Days of automated backups once standalone (1 by default).
    pub backup_retention_period: Option<i64>,
}

impl Cloud {
    /// When `replica` next applies a write of its source, if one is waiting.
    pub(crate) fn next_replayed_write_at(&self, replica: &DbInstance) -> Option<SimTime> {
        let source = self.db_instance(replica.replica_of.as_deref()?)?;
        let write = source.binlog.get(replica.replica_applied)?;
        Some(write.at.plus(REPLICATION_LAG))
    }

    /// Lets every replica apply the writes that have reached it.
    pub(crate) fn replay_to_replicas(&mut self) {
        let now = self.now;
        let sources: Vec<(usize, Vec<super::LoggedWrite>)> = self
            .rds
            .instances
            .iter()
            .enumerate()
            .filter_map(|(index, replica)| {
                let source = self.db_instance(replica.replica_of.as_deref()?)?;
                let waiting: Vec<_> = source
                    .binlog
                    .iter()
                    .skip(replica.replica_applied)
                    .take_while(|w| w.at.plus(REPLICATION_LAG) <= now)
                    .cloned()
                    .collect();
                (!waiting.is_empty()).then_some((index, waiting))
            })
            .collect();
        for (index, writes) in sources {
            let Some(replica) = self.rds.instances.get_mut(index) else {
                continue;
            };
            for write in writes {
                let mut current = write.database.clone();
                let server = ServerContext {
                    now: write.at,
                    version: replica.engine_version.clone(),
                    hostname: String::new(),
                    read_only: false,
                    variables: Default::default(),
                };
                // The write succeeded on the source's copy of the same data.
                let _ = sql::execute(&mut replica.data, &mut current, &server, &write.statement);
                replica.replica_applied += 1;
            }
        }
    }

    /// How many seconds `replica` is behind its source (`ReplicaLag`): 0 when
    /// it has applied everything.
    pub fn replica_lag(&self, replica: &DbInstance) -> Option<Duration> {
        let source = self.db_instance(replica.replica_of.as_deref()?)?;
        Some(match source.binlog.get(replica.replica_applied) {
            Some(oldest) => self.now.since(oldest.at),
            None => Duration::ZERO,
        })
    }

    /// `rds create-db-instance-read-replica`.
    pub fn create_db_instance_read_replica(
        &mut self,
        input: CreateReadReplicaInput,
    ) -> Result<DbInstanceOutput, RdsError> {
        self.rds_call("CreateDBInstanceReadReplica", |c| {
            let identifier = input.db_instance_identifier.to_ascii_lowercase();
            check_identifier(&identifier)?;
            let source_id = input.source_db_instance_identifier.clone().ok_or_else(|| {
                RdsError::InvalidParameterValue(
                    "The parameter SourceDBInstanceIdentifier must be provided.".into(),
                )
            })?;
            let source = c
                .db_instance(&source_id)
                .cloned()
                .ok_or_else(|| RdsError::DbInstanceNotFound(source_id.clone()))?;
            if c.db_instance(&identifier).is_some() {
                return Err(RdsError::DbInstanceAlreadyExists);
            }
            if source.backup_retention == 0 {
                return Err(RdsError::InvalidDbInstanceState(
                    "Automated backups are not enabled for this database instance. To enable automated backups, use ModifyDBInstance to set the backup retention period to a non-zero value.".into(),
                ));
            }
            if source.status != "available" {
                return Err(RdsError::InvalidDbInstanceState(format!(
                    "Instance {} is not in available state.",
                    source.identifier
                )));
            }
            let replicas = c
                .rds
                .instances
                .iter()
                .filter(|r| r.replica_of.as_deref() == Some(source.identifier.as_str()))
                .count();
            if replicas >= MAX_REPLICAS {
                return Err(RdsError::ReadReplicaQuotaExceeded(source.identifier.clone()));
            }
            let class = input
                .db_instance_class
                .clone()
                .unwrap_or_else(|| source.class.clone());
            if super::engines::instance_class(&class).is_none() {
                return Err(RdsError::InvalidParameterCombination(format!(
                    "RDS does not support creating a DB instance with the following combination: DBInstanceClass={class}, Engine={}, EngineVersion={}, LicenseModel=general-public-license. For supported combinations of instance class and database engine version, see the documentation.",
                    source.engine, source.engine_version
                )));
            }
            let group = c.resolve_db_subnet_group(Some(&source.subnet_group))?;
            let (zone, _) = c.choose_db_zones(&group, input.availability_zone.as_deref(), false)?;
            let security_groups = match &input.vpc_security_group_ids {
                Some(ids) => c.resolve_db_security_groups(Some(ids), &group.vpc_id)?,
                None => source.security_groups.clone(),
            };
            let now = c.now;
            let mut replica = DbInstance {
                identifier,
                class,
                status: "creating".into(),
                next_status_at: Some(now.plus(REPLICA_CREATE_TIME)),
                zone,
                secondary_zone: None,
                security_groups,
                backup_retention: 0,
                publicly_accessible: input.publicly_accessible.unwrap_or(source.publicly_accessible),
                created: now,
                available_since: None,
                resource_id: String::new(),
                private_ip: None,
                standby_ip: None,
                base_data: source.data.clone(),
                binlog: Vec::new(),
                replica_of: Some(source.identifier.clone()),
                replica_applied: source.binlog.len(),
                modification: None,
                pending: None,
                failing_over: false,
                failovers: Vec::new(),
                restored_from: None,
                ..source
            };
            c.place_db_instance(&mut replica, &group);
            let shape = c.db_instance_shape(&replica);
            c.rds.instances.push(replica);
            Ok(DbInstanceOutput { db_instance: shape })
        })
    }

    /// `rds promote-read-replica`: the replica stops replicating, accepts
    /// writes and starts its own backups.
    pub fn promote_read_replica(
        &mut self,
        input: PromoteReadReplicaInput,
    ) -> Result<DbInstanceOutput, RdsError> {
        self.rds_call("PromoteReadReplica", |c| {
            let replica = c
                .db_instance(&input.db_instance_identifier)
                .cloned()
                .ok_or_else(|| {
                    RdsError::DbInstanceNotFound(input.db_instance_identifier.clone())
                })?;
            if replica.replica_of.is_none() {
                return Err(RdsError::InvalidDbInstanceState(format!(
                    "DB Instance {} is not a read replica.",
                    replica.identifier
                )));
            }
            if replica.status != "available" {
                return Err(RdsError::InvalidDbInstanceState(format!(
                    "Instance {} is not in available state.",
                    replica.identifier
                )));
            }
            let retention = input.backup_retention_period.unwrap_or(1);
            if !(0..=35).contains(&retention) {
                return Err(RdsError::InvalidParameterValue(
                    "The parameter BackupRetentionPeriod must be between 0 and 35.".into(),
                ));
            }
            c.replay_to_replicas();
            let now = c.now;
            let change = Modification {
                backup_retention: Some(retention as u32),
                ..Modification::default()
            };
            let live = c.db_instance_mut(&replica.identifier)?;
            live.replica_of = None;
            live.replica_applied = 0;
            live.base_data = live.data.clone();
            live.status = "modifying".into();
            live.next_status_at = Some(now.plus(change.duration()));
            live.modification = Some(change);
            let shown = live.clone();
            Ok(DbInstanceOutput {
                db_instance: c.db_instance_shape(&shown),
            })
        })
    }
}
