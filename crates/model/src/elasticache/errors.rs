//! Amazon ElastiCache's errors, with AWS's codes and HTTP statuses (from
//! botocore's model of the 2015-02-02 API).

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error Amazon ElastiCache returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElastiCacheError {
    /// `CacheSubnetGroupAlreadyExists` (400).
    CacheSubnetGroupAlreadyExists(String),
    /// `CacheSubnetGroupNotFoundFault` (400).
    CacheSubnetGroupNotFound(String),
    /// `CacheSubnetGroupInUse` (400).
    CacheSubnetGroupInUse(String),
    /// `InvalidSubnet` (400), with its message.
    InvalidSubnet(String),
    /// `ReplicationGroupAlreadyExists` (400).
    ReplicationGroupAlreadyExists,
    /// `ReplicationGroupNotFoundFault` (404).
    ReplicationGroupNotFound(String),
    /// `InvalidReplicationGroupState` (400), with its message.
    InvalidReplicationGroupState(String),
    /// `CacheClusterAlreadyExists` (400).
    CacheClusterAlreadyExists,
    /// `CacheClusterNotFound` (404).
    CacheClusterNotFound(String),
    /// `InvalidCacheClusterState` (400), with its message.
    InvalidCacheClusterState(String),
    /// `NodeGroupNotFoundFault` (404).
    NodeGroupNotFound(String),
    /// `TestFailoverNotAvailableFault` (400), with its message.
    TestFailoverNotAvailable(String),
    /// `SnapshotFeatureNotSupportedFault` (400), with its message.
    SnapshotFeatureNotSupported(String),
    /// `SnapshotAlreadyExistsFault` (400).
    SnapshotAlreadyExists(String),
    /// `SnapshotNotFoundFault` (404).
    SnapshotNotFound(String),
    /// `NodeQuotaForClusterExceeded` (400).
    NodeQuotaForClusterExceeded,
    /// `InvalidParameterValue` (400), with its message.
    InvalidParameterValue(String),
    /// `InvalidParameterCombination` (400), with its message.
    InvalidParameterCombination(String),
    /// `AccessDenied` (403).
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl ElastiCacheError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        use ElastiCacheError::*;
        match self {
            CacheSubnetGroupAlreadyExists(_) => "CacheSubnetGroupAlreadyExists",
            CacheSubnetGroupNotFound(_) => "CacheSubnetGroupNotFoundFault",
            CacheSubnetGroupInUse(_) => "CacheSubnetGroupInUse",
            InvalidSubnet(_) => "InvalidSubnet",
            ReplicationGroupAlreadyExists => "ReplicationGroupAlreadyExists",
            ReplicationGroupNotFound(_) => "ReplicationGroupNotFoundFault",
            InvalidReplicationGroupState(_) => "InvalidReplicationGroupState",
            CacheClusterAlreadyExists => "CacheClusterAlreadyExists",
            CacheClusterNotFound(_) => "CacheClusterNotFound",
            InvalidCacheClusterState(_) => "InvalidCacheClusterState",
            NodeGroupNotFound(_) => "NodeGroupNotFoundFault",
            TestFailoverNotAvailable(_) => "TestFailoverNotAvailableFault",
            SnapshotFeatureNotSupported(_) => "SnapshotFeatureNotSupportedFault",
            SnapshotAlreadyExists(_) => "SnapshotAlreadyExistsFault",
            SnapshotNotFound(_) => "SnapshotNotFoundFault",
            NodeQuotaForClusterExceeded => "NodeQuotaForClusterExceeded",
            InvalidParameterValue(_) => "InvalidParameterValue",
            InvalidParameterCombination(_) => "InvalidParameterCombination",
            AccessDenied(_) => "AccessDenied",
            Authentication(f) => f.code(),
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        use ElastiCacheError::*;
        match self {
            CacheSubnetGroupAlreadyExists(name) => {
                format!("Cache subnet group {name} already exists.")
            }
            CacheSubnetGroupNotFound(name) => {
                format!("Cache subnet group {name} not found.")
            }
            CacheSubnetGroupInUse(name) => {
                format!("Cache subnet group {name} is currently in use by a cache cluster.")
            }
            ReplicationGroupAlreadyExists => "Replication group already exists".into(),
            ReplicationGroupNotFound(id) => format!("Replication group {id} not found."),
            CacheClusterAlreadyExists => "Cache cluster already exists".into(),
            CacheClusterNotFound(id) => format!("Cache cluster {id} not found."),
            NodeGroupNotFound(id) => format!("NodeGroup {id} not found."),
            SnapshotAlreadyExists(name) => format!("Snapshot {name} already exists."),
            SnapshotNotFound(name) => format!("Snapshot {name} not found."),
            NodeQuotaForClusterExceeded => {
                "Cluster node quota exceeded. Value for parameter NumCacheNodes must be between 1 and 60."
                    .into()
            }
            InvalidSubnet(m)
            | InvalidReplicationGroupState(m)
            | InvalidCacheClusterState(m)
            | TestFailoverNotAvailable(m)
            | SnapshotFeatureNotSupported(m)
            | InvalidParameterValue(m)
            | InvalidParameterCombination(m) => m.clone(),
            AccessDenied(denied) => denied.message(),
            Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        use ElastiCacheError::*;
        match self {
            ReplicationGroupNotFound(_)
            | CacheClusterNotFound(_)
            | NodeGroupNotFound(_)
            | SnapshotNotFound(_) => 404,
            AccessDenied(_) => 403,
            Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for ElastiCacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for ElastiCacheError {}

impl AwsError for ElastiCacheError {
    fn code(&self) -> &'static str {
        ElastiCacheError::code(self)
    }
    fn message(&self) -> String {
        ElastiCacheError::message(self)
    }
    fn http_status(&self) -> u16 {
        ElastiCacheError::http_status(self)
    }
}

impl ServiceError for ElastiCacheError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        ElastiCacheError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        ElastiCacheError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
