//! DB instances: `CreateDBInstance`, `DescribeDBInstances`, `DeleteDBInstance`.
//! An instance is `creating` for five minutes, then `backing-up` for two (its
//! first automated backup, when retention is above zero), then `available`,
//! with an endpoint that keeps its name for the instance's life. Deleting takes
//! three minutes and needs a decision about the final snapshot.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::DbInstance;
use super::engines::{default_port, engine_version, instance_class};
use super::errors::RdsError;
use super::subnet_groups::{DbSubnetGroup, DbSubnetGroupShape};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// How long an instance is `creating`.
pub const CREATE_TIME: Duration = Duration::from_secs(5 * 60);
/// How long the first automated backup takes (`backing-up`).
pub const FIRST_BACKUP_TIME: Duration = Duration::from_secs(2 * 60);
/// How long deleting takes.
pub const DELETE_TIME: Duration = Duration::from_secs(3 * 60);

/// `CreateDBInstance` input: the members the lab simulates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateDbInstanceInput {
    /// Its identifier.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// `db.t3.micro`, ...
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: String,
    /// `mysql` or `postgres`.
    pub engine: String,
    /// A version or a major version; the engine's default when left out.
    pub engine_version: Option<String>,
    /// The admin login.
    pub master_username: Option<String>,
    /// The admin password.
    pub master_user_password: Option<String>,
    /// A database to create at once.
    #[serde(rename = "DBName")]
    pub db_name: Option<String>,
    /// GiB (20 to 65536 for gp2 and gp3).
    pub allocated_storage: Option<i64>,
    /// `gp3` (default) or `gp2`.
    pub storage_type: Option<String>,
    /// The subnet group (the default VPC's when left out).
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: Option<String>,
    /// The security groups (the VPC's default group when left out).
    pub vpc_security_group_ids: Option<Vec<String>>,
    /// The zone (one of the subnet group's).
    pub availability_zone: Option<String>,
    /// A standby in a second zone.
    #[serde(rename = "MultiAZ")]
    pub multi_az: Option<bool>,
    /// Days of automated backups (0 to 35; 1 by default).
    pub backup_retention_period: Option<i64>,
    /// Whether the endpoint resolves to a public address.
    pub publicly_accessible: Option<bool>,
    /// The port (the engine's when left out).
    pub port: Option<i64>,
    /// Encrypt the storage (off unless asked for, through the API).
    pub storage_encrypted: Option<bool>,
    /// A DB parameter group of the engine's family (the default one when left out).
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: Option<String>,
}

/// `DescribeDBInstances` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeDbInstancesInput {
    /// One instance (every one when left out).
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: Option<String>,
}

/// `DeleteDBInstance` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteDbInstanceInput {
    /// The instance.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// Delete without a final snapshot.
    pub skip_final_snapshot: Option<bool>,
    /// The final snapshot's identifier.
    #[serde(rename = "FinalDBSnapshotIdentifier")]
    pub final_db_snapshot_identifier: Option<String>,
}

/// `Endpoint`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointShape {
    /// The host name.
    pub address: String,
    /// The port.
    pub port: u16,
    /// Route 53's zone for RDS endpoints in the region.
    pub hosted_zone_id: String,
}

/// A security group of the instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcSecurityGroupMembership {
    /// The group.
    pub vpc_security_group_id: String,
    /// `active`.
    pub status: String,
}

/// The parameter group of the instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ParameterGroupStatus {
    /// `default.mysql8.4`.
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: String,
    /// `in-sync`.
    pub parameter_apply_status: String,
}

/// `PendingModifiedValues`: changes waiting for the maintenance window (and
/// the password while creating).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PendingModifiedValues {
    /// A new class.
    #[serde(rename = "DBInstanceClass", skip_serializing_if = "Option::is_none")]
    pub db_instance_class: Option<String>,
    /// New storage, GiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated_storage: Option<u32>,
    /// `****` while the password is being set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master_user_password: Option<String>,
    /// New backup retention, days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_retention_period: Option<u32>,
    /// Multi-AZ on or off.
    #[serde(rename = "MultiAZ", skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
}

/// One line of `StatusInfos` (a replica's replication state).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbInstanceStatusInfo {
    /// `read replication`.
    pub status_type: String,
    /// Whether all is well.
    pub normal: bool,
    /// `replicating`.
    pub status: String,
}

/// `DBInstance`, in AWS's member order (the members the lab keeps).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbInstanceShape {
    /// Its identifier.
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    /// Its class.
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: String,
    /// Its engine.
    pub engine: String,
    /// `creating`, `backing-up`, `available`, `deleting`.
    #[serde(rename = "DBInstanceStatus")]
    pub db_instance_status: String,
    /// The admin login.
    pub master_username: String,
    /// The database created with it.
    #[serde(rename = "DBName", skip_serializing_if = "Option::is_none")]
    pub db_name: Option<String>,
    /// Its endpoint (not while creating).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<EndpointShape>,
    /// GiB.
    pub allocated_storage: u32,
    /// When it became available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_create_time: Option<String>,
    /// The daily backup window.
    pub preferred_backup_window: String,
    /// Days of automated backups.
    pub backup_retention_period: u32,
    /// Classic security groups (none).
    #[serde(rename = "DBSecurityGroups")]
    pub db_security_groups: Vec<String>,
    /// Its VPC security groups.
    pub vpc_security_groups: Vec<VpcSecurityGroupMembership>,
    /// Its parameter group.
    #[serde(rename = "DBParameterGroups")]
    pub db_parameter_groups: Vec<ParameterGroupStatus>,
    /// Its zone (not while creating).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// Its subnet group.
    #[serde(rename = "DBSubnetGroup")]
    pub db_subnet_group: DbSubnetGroupShape,
    /// The weekly maintenance window.
    pub preferred_maintenance_window: String,
    /// Changes not applied yet.
    pub pending_modified_values: PendingModifiedValues,
    /// The latest time a point-in-time restore can go back to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_restorable_time: Option<String>,
    /// Whether a standby runs in a second zone.
    #[serde(rename = "MultiAZ")]
    pub multi_az: bool,
    /// Its version.
    pub engine_version: String,
    /// Minor upgrades in the maintenance window.
    pub auto_minor_version_upgrade: bool,
    /// The source, for a read replica.
    #[serde(
        rename = "ReadReplicaSourceDBInstanceIdentifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub read_replica_source_db_instance_identifier: Option<String>,
    /// Its read replicas.
    #[serde(rename = "ReadReplicaDBInstanceIdentifiers")]
    pub read_replica_db_instance_identifiers: Vec<String>,
    /// `general-public-license` (MySQL) or `postgresql-license`.
    pub license_model: String,
    /// Whether its endpoint resolves to a public address.
    pub publicly_accessible: bool,
    /// A replica's replication state.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status_infos: Vec<DbInstanceStatusInfo>,
    /// `gp3` or `gp2`.
    pub storage_type: String,
    /// The port inside the VPC (0 while creating).
    pub db_instance_port: u16,
    /// Encryption at rest.
    pub storage_encrypted: bool,
    /// Its resource id.
    pub dbi_resource_id: String,
    /// Its ARN.
    #[serde(rename = "DBInstanceArn")]
    pub db_instance_arn: String,
    /// The standby's zone, for Multi-AZ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_availability_zone: Option<String>,
}

/// `CreateDBInstance` and `DeleteDBInstance` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbInstanceOutput {
    /// The instance.
    #[serde(rename = "DBInstance")]
    pub db_instance: DbInstanceShape,
}

/// `DescribeDBInstances` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDbInstancesOutput {
    /// The instances.
    #[serde(rename = "DBInstances")]
    pub db_instances: Vec<DbInstanceShape>,
}

fn invalid(message: impl Into<String>) -> RdsError {
    RdsError::InvalidParameterValue(message.into())
}

/// AWS's rules for a DB instance identifier.
pub fn check_identifier(id: &str) -> Result<(), RdsError> {
    if id.len() > 63 {
        return Err(invalid(
            "The parameter DBInstanceIdentifier is not a valid identifier because it is longer than 63 characters.",
        ));
    }
    let valid = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--");
    if valid {
        Ok(())
    } else {
        Err(invalid(
            "The parameter DBInstanceIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.",
        ))
    }
}

/// AWS's rules for a master password (MySQL's 8 to 41 characters; PostgreSQL
/// allows up to 128).
pub fn check_password(engine: &str, password: &str) -> Result<(), RdsError> {
    let longest = if engine == "postgres" { 128 } else { 41 };
    if password.len() < 8 {
        return Err(invalid(
            "The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.",
        ));
    }
    if password.len() > longest {
        return Err(invalid(format!(
            "The parameter MasterUserPassword is not a valid password because it is longer than {longest} characters."
        )));
    }
    let printable = password
        .chars()
        .all(|c| c.is_ascii_graphic() && !"/@\"".contains(c));
    if !printable {
        return Err(invalid(
            "The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used.",
        ));
    }
    Ok(())
}

/// The stored form of a password (the lab never shows it again).
pub fn password_digest(password: &str) -> String {
    crate::digest::hex(&crate::digest::sha256(password.as_bytes()), None)
}

impl DbInstance {
    /// Whether it answers on its endpoint.
    pub fn has_endpoint(&self) -> bool {
        !matches!(self.status.as_str(), "creating")
    }
}

impl Cloud {
    /// The account's DB instances in this region, oldest first.
    pub fn db_instances(&self) -> &[DbInstance] {
        &self.rds.instances
    }

    /// The DB instance `identifier` (any case).
    pub fn db_instance(&self, identifier: &str) -> Option<&DbInstance> {
        let identifier = identifier.to_ascii_lowercase();
        self.rds
            .instances
            .iter()
            .find(|i| i.identifier == identifier)
    }

    /// The endpoint host of instance `identifier`.
    pub fn db_endpoint(&self, instance: &DbInstance) -> String {
        format!(
            "{}.{}.{}.rds.amazonaws.com",
            instance.identifier,
            self.rds.endpoint_suffix,
            self.region().code
        )
    }

    pub(crate) fn db_instance_shape(&self, i: &DbInstance) -> DbInstanceShape {
        let group = self
            .db_subnet_group(&i.subnet_group)
            .cloned()
            .unwrap_or(DbSubnetGroup {
                name: i.subnet_group.clone(),
                description: String::new(),
                vpc_id: String::new(),
                subnet_ids: Vec::new(),
            });
        let creating = i.status == "creating";
        DbInstanceShape {
            db_instance_identifier: i.identifier.clone(),
            db_instance_class: i.class.clone(),
            engine: i.engine.clone(),
            db_instance_status: i.status.clone(),
            master_username: i.master_username.clone(),
            db_name: i.db_name.clone(),
            endpoint: i.has_endpoint().then(|| EndpointShape {
                address: self.db_endpoint(i),
                port: i.port,
                hosted_zone_id: "ZLA2NUCOLGUUR".into(),
            }),
            allocated_storage: i.allocated_storage,
            instance_create_time: i.available_since.map(SimTime::to_iso8601_millis),
            preferred_backup_window: "17:00-17:30".into(),
            backup_retention_period: i.backup_retention,
            db_security_groups: Vec::new(),
            vpc_security_groups: i
                .security_groups
                .iter()
                .map(|g| VpcSecurityGroupMembership {
                    vpc_security_group_id: g.clone(),
                    status: "active".into(),
                })
                .collect(),
            db_parameter_groups: vec![ParameterGroupStatus {
                db_parameter_group_name: if i.parameter_group.is_empty() {
                    format!("default.{}", i.family)
                } else {
                    i.parameter_group.clone()
                },
                parameter_apply_status: if i.parameters_pending_reboot {
                    "pending-reboot".into()
                } else {
                    "in-sync".into()
                },
            }],
            availability_zone: (!creating).then(|| i.zone.clone()),
            db_subnet_group: self.db_subnet_group_shape(&group),
            preferred_maintenance_window: "sun:18:00-sun:18:30".into(),
            pending_modified_values: PendingModifiedValues {
                db_instance_class: i.pending.as_ref().and_then(|p| p.class.clone()),
                allocated_storage: i.pending.as_ref().and_then(|p| p.allocated_storage),
                master_user_password: creating.then(|| "****".into()),
                backup_retention_period: i.pending.as_ref().and_then(|p| p.backup_retention),
                multi_az: i.pending.as_ref().and_then(|p| p.multi_az),
            },
            latest_restorable_time: self
                .latest_restorable_time(i)
                .map(SimTime::to_iso8601_millis),
            multi_az: i.secondary_zone.is_some(),
            engine_version: i.engine_version.clone(),
            auto_minor_version_upgrade: true,
            read_replica_source_db_instance_identifier: i.replica_of.clone(),
            read_replica_db_instance_identifiers: self
                .rds
                .instances
                .iter()
                .filter(|r| r.replica_of.as_deref() == Some(i.identifier.as_str()))
                .map(|r| r.identifier.clone())
                .collect(),
            license_model: if i.engine == "postgres" {
                "postgresql-license".into()
            } else {
                "general-public-license".into()
            },
            publicly_accessible: i.publicly_accessible,
            status_infos: match (&i.replica_of, creating) {
                (Some(_), false) => vec![DbInstanceStatusInfo {
                    status_type: "read replication".into(),
                    normal: true,
                    status: "replicating".into(),
                }],
                _ => Vec::new(),
            },
            storage_type: i.storage_type.clone(),
            db_instance_port: if creating { 0 } else { i.port },
            storage_encrypted: i.storage_encrypted,
            dbi_resource_id: i.resource_id.clone(),
            db_instance_arn: format!(
                "arn:aws:rds:{}:{}:db:{}",
                self.region().code,
                self.config.account_id,
                i.identifier
            ),
            secondary_availability_zone: (!creating).then(|| i.secondary_zone.clone()).flatten(),
        }
    }

    /// The default VPC's subnet group, made the first time an instance needs it
    /// (as AWS makes `default`).
    fn default_db_subnet_group(&mut self) -> Result<String, RdsError> {
        if self.db_subnet_group("default").is_some() {
            return Ok("default".into());
        }
        let vpc = self.default_vpc().map(|v| v.vpc_id.clone()).ok_or_else(|| {
            RdsError::InvalidParameterCombination(
                "Cannot create the DB Instance because db subnet group has not been specified which is required for a private DBInstance creation.".into(),
            )
        })?;
        let subnet_ids = self
            .subnets()
            .iter()
            .filter(|s| s.vpc_id == vpc)
            .map(|s| s.subnet_id.clone())
            .collect();
        self.rds.subnet_groups.push(DbSubnetGroup {
            name: "default".into(),
            description: "default".into(),
            vpc_id: vpc,
            subnet_ids,
        });
        Ok("default".into())
    }

    /// The subnet group `name` names, or the default VPC's (made on first use).
    pub(crate) fn resolve_db_subnet_group(
        &mut self,
        name: Option<&str>,
    ) -> Result<DbSubnetGroup, RdsError> {
        let group_name = match name {
            Some(name) => name.to_ascii_lowercase(),
            None => self.default_db_subnet_group()?,
        };
        self.db_subnet_group(&group_name)
            .cloned()
            .ok_or(RdsError::DbSubnetGroupNotFound(group_name))
    }

    /// The zone asked for (one of the group's) or the group's first, and the
    /// standby's zone for Multi-AZ.
    pub(crate) fn choose_db_zones(
        &self,
        group: &DbSubnetGroup,
        requested: Option<&str>,
        multi_az: bool,
    ) -> Result<(String, Option<String>), RdsError> {
        let zones = self.db_subnet_group_zones(group);
        let zone = match requested {
            Some(zone) if zones.iter().any(|z| z == zone) => zone.to_string(),
            Some(zone) => {
                return Err(RdsError::InvalidParameterCombination(format!(
                    "No subnets in DB subnet group {} are in Availability Zone {zone}.",
                    group.name
                )));
            }
            None => zones.first().cloned().unwrap_or_default(),
        };
        if multi_az && requested.is_some() {
            return Err(RdsError::InvalidParameterCombination(
                "Requesting a specific availability zone is not valid for Multi-AZ instances."
                    .into(),
            ));
        }
        let secondary = multi_az
            .then(|| zones.iter().find(|z| **z != zone).cloned())
            .flatten();
        Ok((zone, secondary))
    }

    /// The security groups named (each in `vpc_id`), or the VPC's default group.
    pub(crate) fn resolve_db_security_groups(
        &self,
        ids: Option<&[String]>,
        vpc_id: &str,
    ) -> Result<Vec<String>, RdsError> {
        match ids {
            Some(ids) if !ids.is_empty() => {
                for id in ids {
                    let in_vpc = self.security_group(id).is_some_and(|g| g.vpc_id == vpc_id);
                    if !in_vpc {
                        return Err(invalid(format!(
                            "Invalid security group , groupId= {id}, groupName=."
                        )));
                    }
                }
                Ok(ids.to_vec())
            }
            _ => Ok(self
                .security_groups()
                .iter()
                .find(|g| g.vpc_id == vpc_id && g.group_name == "default")
                .map(|g| vec![g.group_id.clone()])
                .unwrap_or_default()),
        }
    }

    /// Gives a new instance its resource id and its addresses (in the group's
    /// subnet of its zone, and of the standby's), and the account its
    /// endpoint part on first use.
    pub(crate) fn place_db_instance(&mut self, instance: &mut DbInstance, group: &DbSubnetGroup) {
        if self.rds.endpoint_suffix.is_empty() {
            self.rds.endpoint_suffix = self
                .service_rng("rds")
                .chars(b"abcdefghijklmnopqrstuvwxyz0123456789", 12);
        }
        let tail = self
            .service_rng("rds")
            .chars(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 26);
        instance.resource_id = format!("db-{tail}");
        instance.private_ip = self.db_address_in_zone(group, &instance.zone);
        instance.standby_ip = match &instance.secondary_zone {
            Some(zone) => self.db_address_in_zone(group, zone),
            None => None,
        };
    }

    /// A free address in the group's subnet in `zone`.
    pub(crate) fn db_address_in_zone(
        &mut self,
        group: &DbSubnetGroup,
        zone: &str,
    ) -> Option<std::net::Ipv4Addr> {
        let cidr = group
            .subnet_ids
            .iter()
            .filter_map(|id| self.subnet(id))
            .find(|s| s.availability_zone == zone)
            .map(|s| s.cidr_block.clone())?;
        Some(self.random_private_ip(&cidr))
    }

    /// `rds create-db-instance`.
    pub fn create_db_instance(
        &mut self,
        input: CreateDbInstanceInput,
    ) -> Result<DbInstanceOutput, RdsError> {
        self.rds_call("CreateDBInstance", |c| {
            let identifier = input.db_instance_identifier.to_ascii_lowercase();
            check_identifier(&identifier)?;
            let engine = input.engine.to_ascii_lowercase();
            let Some(version) = engine_version(&engine, input.engine_version.as_deref()) else {
                return Err(match engine.as_str() {
                    "mysql" | "postgres" => invalid(format!(
                        "Cannot find version {} for {engine}",
                        input.engine_version.clone().unwrap_or_default()
                    )),
                    _ => invalid(format!("Invalid DB engine: {}", input.engine)),
                });
            };
            if instance_class(&input.db_instance_class).is_none() {
                return Err(RdsError::InvalidParameterCombination(format!(
                    "RDS does not support creating a DB instance with the following combination: DBInstanceClass={}, Engine={engine}, EngineVersion={}, LicenseModel={}. For supported combinations of instance class and database engine version, see the documentation.",
                    input.db_instance_class,
                    version.version,
                    if engine == "postgres" { "postgresql-license" } else { "general-public-license" }
                )));
            }
            let master_username = input
                .master_username
                .clone()
                .filter(|u| !u.is_empty())
                .ok_or_else(|| {
                    invalid("The parameter MasterUsername must be provided and must not be blank.")
                })?;
            let password = input.master_user_password.clone().ok_or_else(|| {
                invalid("The parameter MasterUserPassword must be provided and must not be blank.")
            })?;
            check_password(&engine, &password)?;
            if let Some(name) = &input.db_name {
                let good = name.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic())
                    && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
                if !good {
                    return Err(invalid(
                        "DBName must begin with a letter and contain only alphanumeric characters.",
                    ));
                }
            }
            let storage_type = input.storage_type.clone().unwrap_or_else(|| "gp3".into());
            if !["gp2", "gp3"].contains(&storage_type.as_str()) {
                return Err(invalid(format!(
                    "Invalid storage type: {storage_type}. This lab simulates gp2 and gp3."
                )));
            }
            let storage = input.allocated_storage.unwrap_or(0);
            if !(20..=65_536).contains(&storage) {
                return Err(RdsError::InvalidParameterCombination(format!(
                    "Invalid storage size for engine name {engine} and storage type {storage_type}: {storage}"
                )));
            }
            let retention = input.backup_retention_period.unwrap_or(1);
            if !(0..=35).contains(&retention) {
                return Err(invalid(
                    "The parameter BackupRetentionPeriod must be between 0 and 35.",
                ));
            }
            if c.db_instance(&identifier).is_some() {
                return Err(RdsError::DbInstanceAlreadyExists);
            }
            let group = c.resolve_db_subnet_group(input.db_subnet_group_name.as_deref())?;
            let multi_az = input.multi_az.unwrap_or(false);
            let (zone, secondary_zone) =
                c.choose_db_zones(&group, input.availability_zone.as_deref(), multi_az)?;
            let security_groups =
                c.resolve_db_security_groups(input.vpc_security_group_ids.as_deref(), &group.vpc_id)?;
            let port = match input.port {
                Some(p) if (1150..=65_535).contains(&p) => p as u16,
                Some(_) => {
                    return Err(invalid(
                        "The parameter Port must be between 1150 and 65535.",
                    ));
                }
                None => default_port(&engine),
            };
            let now = c.now;
            let mut instance = DbInstance {
                identifier: identifier.clone(),
                class: input.db_instance_class.clone(),
                engine: engine.clone(),
                engine_version: version.version.into(),
                family: version.family.into(),
                status: "creating".into(),
                next_status_at: Some(now.plus(CREATE_TIME)),
                master_username,
                password_sha256: password_digest(&password),
                db_name: input.db_name.clone(),
                allocated_storage: storage as u32,
                storage_type,
                port,
                zone,
                secondary_zone,
                subnet_group: group.name.clone(),
                security_groups,
                backup_retention: retention as u32,
                publicly_accessible: input
                    .publicly_accessible
                    .unwrap_or_else(|| c.internet_gateway_for_vpc(&group.vpc_id).is_some()),
                created: now,
                available_since: None,
                resource_id: String::new(),
                private_ip: None,
                standby_ip: None,
                data: Default::default(),
                base_data: Default::default(),
                binlog: Vec::new(),
                replica_of: None,
                replica_applied: 0,
                modification: None,
                pending: None,
                failing_over: false,
                failovers: Vec::new(),
                restored_from: None,
                parameter_group: String::new(),
                applied_parameters: Default::default(),
                parameters_pending_reboot: false,
                storage_encrypted: input.storage_encrypted.unwrap_or(false),
            };
            instance.parameter_group = match &input.db_parameter_group_name {
                Some(group) => c.check_group_for(group, &instance.family)?,
                None => format!("default.{}", instance.family),
            };
            c.apply_parameter_group(&mut instance);
            if let Some(name) = &input.db_name {
                instance.data.databases.insert(name.clone(), Default::default());
                instance.base_data = instance.data.clone();
            }
            c.place_db_instance(&mut instance, &group);
            let shape = c.db_instance_shape(&instance);
            c.rds.instances.push(instance);
            Ok(DbInstanceOutput { db_instance: shape })
        })
    }

    /// `rds describe-db-instances`.
    pub fn describe_db_instances(
        &mut self,
        input: DescribeDbInstancesInput,
    ) -> Result<DescribeDbInstancesOutput, RdsError> {
        self.rds_call("DescribeDBInstances", |c| {
            let instances: Vec<&DbInstance> = match &input.db_instance_identifier {
                Some(id) => vec![
                    c.db_instance(id)
                        .ok_or_else(|| RdsError::DbInstanceNotFound(id.clone()))?,
                ],
                None => c.rds.instances.iter().collect(),
            };
            Ok(DescribeDbInstancesOutput {
                db_instances: instances
                    .into_iter()
                    .map(|i| c.db_instance_shape(i))
                    .collect(),
            })
        })
    }

    /// `rds delete-db-instance`: `--skip-final-snapshot` or
    /// `--final-db-snapshot-identifier`, one of the two.
    pub fn delete_db_instance(
        &mut self,
        input: DeleteDbInstanceInput,
    ) -> Result<DbInstanceOutput, RdsError> {
        self.rds_call("DeleteDBInstance", |c| {
            let id = input.db_instance_identifier.to_ascii_lowercase();
            let instance = c
                .db_instance(&id)
                .ok_or_else(|| RdsError::DbInstanceNotFound(input.db_instance_identifier.clone()))?
                .clone();
            let skip = input.skip_final_snapshot.unwrap_or(false);
            let snapshot = input.final_db_snapshot_identifier.clone();
            let replica = instance.replica_of.is_some();
            if replica && snapshot.is_some() {
                return Err(RdsError::InvalidParameterCombination(
                    "FinalDBSnapshotIdentifier can not be specified when deleting a replica instance"
                        .into(),
                ));
            }
            match (skip || replica, &snapshot) {
                (false, None) => {
                    return Err(RdsError::InvalidParameterCombination(
                        "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified."
                            .into(),
                    ));
                }
                (true, Some(_)) => {
                    return Err(RdsError::InvalidParameterCombination(
                        "Cannot specify both FinalDBSnapshotIdentifier and SkipFinalSnapshot."
                            .into(),
                    ));
                }
                _ => {}
            }
            if instance.status == "deleting" {
                return Err(RdsError::InvalidDbInstanceState(format!(
                    "Instance {id} is already being deleted."
                )));
            }
            if let Some(name) = &snapshot {
                if instance.status != "available" {
                    return Err(RdsError::InvalidDbInstanceState(format!(
                        "Instance {id} is currently {} - a final snapshot cannot be taken.",
                        instance.status
                    )));
                }
                if c.rds.snapshots.iter().any(|s| s.identifier == *name) {
                    return Err(RdsError::DbSnapshotAlreadyExists(name.clone()));
                }
                let snapshot = c.snapshot_of(&instance, name, true, c.now);
                c.rds.snapshots.push(snapshot);
            }
            let now = c.now;
            let Some(live) = c.rds.instances.iter_mut().find(|i| i.identifier == id) else {
                return Err(RdsError::DbInstanceNotFound(id));
            };
            live.status = "deleting".into();
            live.next_status_at = Some(now.plus(DELETE_TIME));
            live.modification = None;
            live.pending = None;
            let deleting = live.clone();
            // MySQL's replicas of a deleted source carry on as standalone instances.
            for orphan in c.rds.instances.iter_mut() {
                if orphan.replica_of.as_deref() == Some(id.as_str()) {
                    orphan.replica_of = None;
                    orphan.replica_applied = 0;
                    orphan.base_data = orphan.data.clone();
                }
            }
            let shape = c.db_instance_shape(&deleting);
            Ok(DbInstanceOutput { db_instance: shape })
        })
    }
}
