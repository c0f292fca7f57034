//! Amazon RDS's errors, with AWS's codes, messages and HTTP statuses.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error Amazon RDS returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RdsError {
    /// `DBInstanceAlreadyExists` (400).
    DbInstanceAlreadyExists,
    /// `DBInstanceNotFound` (404), naming the identifier.
    DbInstanceNotFound(String),
    /// `InvalidDBInstanceState` (400), with its message.
    InvalidDbInstanceState(String),
    /// `DBSubnetGroupAlreadyExists` (400).
    DbSubnetGroupAlreadyExists(String),
    /// `DBSubnetGroupNotFoundFault` (404).
    DbSubnetGroupNotFound(String),
    /// `DBSubnetGroupDoesNotCoverEnoughAZs` (400), naming the zones covered.
    DbSubnetGroupDoesNotCoverEnoughAzs(Vec<String>),
    /// `InvalidDBSubnetGroupStateFault` (400): still used by an instance.
    InvalidDbSubnetGroupState {
        /// The group.
        group: String,
        /// An instance that uses it.
        instance: String,
    },
    /// `InvalidSubnet` (400): a subnet that does not exist or is in another VPC.
    InvalidSubnet(String),
    /// `InvalidParameterValue` (400), with its message.
    InvalidParameterValue(String),
    /// `InvalidParameterCombination` (400), with its message.
    InvalidParameterCombination(String),
    /// `DBSnapshotAlreadyExists` (400).
    DbSnapshotAlreadyExists(String),
    /// `DBSnapshotNotFound` (404).
    DbSnapshotNotFound(String),
    /// `InvalidDBSnapshotState` (400), with its message.
    InvalidDbSnapshotState(String),
    /// `PointInTimeRestoreNotEnabled` (400): the source keeps no backups.
    PointInTimeRestoreNotEnabled(String),
    /// `InvalidRestoreFault` (400), with its message.
    InvalidRestore(String),
    /// `ReadReplicaQuotaExceeded` (400): the source has 15 replicas.
    ReadReplicaQuotaExceeded(String),
    /// `DBParameterGroupAlreadyExists` (400).
    DbParameterGroupAlreadyExists(String),
    /// `DBParameterGroupNotFound` (404).
    DbParameterGroupNotFound(String),
    /// `InvalidDBParameterGroupState` (400), with its message.
    InvalidDbParameterGroupState(String),
    /// `AccessDenied` (403).
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl RdsError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            RdsError::DbInstanceAlreadyExists => "DBInstanceAlreadyExists",
            RdsError::DbInstanceNotFound(_) => "DBInstanceNotFound",
            RdsError::InvalidDbInstanceState(_) => "InvalidDBInstanceState",
            RdsError::DbSubnetGroupAlreadyExists(_) => "DBSubnetGroupAlreadyExists",
            RdsError::DbSubnetGroupNotFound(_) => "DBSubnetGroupNotFoundFault",
            RdsError::DbSubnetGroupDoesNotCoverEnoughAzs(_) => "DBSubnetGroupDoesNotCoverEnoughAZs",
            RdsError::InvalidDbSubnetGroupState { .. } => "InvalidDBSubnetGroupStateFault",
            RdsError::InvalidSubnet(_) => "InvalidSubnet",
            RdsError::InvalidParameterValue(_) => "InvalidParameterValue",
            RdsError::InvalidParameterCombination(_) => "InvalidParameterCombination",
            RdsError::DbSnapshotAlreadyExists(_) => "DBSnapshotAlreadyExists",
            RdsError::DbSnapshotNotFound(_) => "DBSnapshotNotFound",
            RdsError::InvalidDbSnapshotState(_) => "InvalidDBSnapshotState",
            RdsError::PointInTimeRestoreNotEnabled(_) => "PointInTimeRestoreNotEnabled",
            RdsError::InvalidRestore(_) => "InvalidRestoreFault",
            RdsError::ReadReplicaQuotaExceeded(_) => "ReadReplicaQuotaExceeded",
            RdsError::DbParameterGroupAlreadyExists(_) => "DBParameterGroupAlreadyExists",
            RdsError::DbParameterGroupNotFound(_) => "DBParameterGroupNotFound",
            RdsError::InvalidDbParameterGroupState(_) => "InvalidDBParameterGroupState",
            RdsError::AccessDenied(_) => "AccessDenied",
            RdsError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            RdsError::DbInstanceAlreadyExists => "DB instance already exists".into(),
            RdsError::DbInstanceNotFound(id) => format!("DBInstance {id} not found."),
            RdsError::InvalidDbInstanceState(message)
            | RdsError::InvalidDbSnapshotState(message)
            | RdsError::InvalidDbParameterGroupState(message)
            | RdsError::InvalidRestore(message)
            | RdsError::InvalidParameterValue(message)
            | RdsError::InvalidParameterCombination(message) => message.clone(),
            RdsError::DbSubnetGroupAlreadyExists(name) => {
                format!("The DB subnet group '{name}' already exists.")
            }
            RdsError::DbSubnetGroupNotFound(name) => {
                format!("DB subnet group '{name}' does not exist.")
            }
            RdsError::DbSubnetGroupDoesNotCoverEnoughAzs(zones) => format!(
                "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: {}. Add subnets to cover at least 2 AZs.",
                zones.join(", ")
            ),
            RdsError::InvalidDbSubnetGroupState { group, instance } => format!(
                "Cannot delete the subnet group '{group}' because at least one database instance: {instance} is still using it."
            ),
            RdsError::InvalidSubnet(id) => {
                format!("The subnet {id} does not exist or is not in the VPC of the other subnets.")
            }
            RdsError::DbSnapshotAlreadyExists(id) => format!(
                "Cannot create the snapshot because a snapshot with the identifier {id} already exists."
            ),
            RdsError::DbSnapshotNotFound(id) => format!("DBSnapshot {id} not found."),
            RdsError::PointInTimeRestoreNotEnabled(id) => format!(
                "Point-in-time restore is not enabled for DB instance {id}: its backup retention period is 0."
            ),
            RdsError::ReadReplicaQuotaExceeded(id) => {
                format!("Exceeded maximum number of read replicas (15) for DB instance {id}.")
            }
            RdsError::DbParameterGroupAlreadyExists(name) => {
                format!("Parameter group {name} already exists")
            }
            RdsError::DbParameterGroupNotFound(name) => {
                format!("DBParameterGroup not found: {name}")
            }
            RdsError::AccessDenied(denied) => denied.message(),
            RdsError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            RdsError::DbInstanceNotFound(_)
            | RdsError::DbSubnetGroupNotFound(_)
            | RdsError::DbSnapshotNotFound(_)
            | RdsError::DbParameterGroupNotFound(_) => 404,
            RdsError::AccessDenied(_) => 403,
            RdsError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for RdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for RdsError {}

impl AwsError for RdsError {
    fn code(&self) -> &'static str {
        RdsError::code(self)
    }
    fn message(&self) -> String {
        RdsError::message(self)
    }
    fn http_status(&self) -> u16 {
        RdsError::http_status(self)
    }
}

impl ServiceError for RdsError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        RdsError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        RdsError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
