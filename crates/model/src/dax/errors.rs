//! DynamoDB Accelerator's errors: the control plane's faults (JSON protocol,
//! so the code is the shape's name) and the data plane's denials.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error DAX returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DaxError {
    /// `ClusterAlreadyExistsFault`.
    ClusterAlreadyExists(String),
    /// `ClusterNotFoundFault`.
    ClusterNotFound(String),
    /// `InvalidClusterStateFault`, with its message.
    InvalidClusterState(String),
    /// `SubnetGroupAlreadyExistsFault`.
    SubnetGroupAlreadyExists(String),
    /// `SubnetGroupNotFoundFault`.
    SubnetGroupNotFound(String),
    /// `SubnetGroupInUseFault`.
    SubnetGroupInUse(String),
    /// `InvalidSubnet`, with its message.
    InvalidSubnet(String),
    /// `InvalidParameterValueException`, with its message.
    InvalidParameterValue(String),
    /// `InvalidParameterCombinationException`, with its message.
    InvalidParameterCombination(String),
    /// `AccessDeniedException`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl DaxError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            DaxError::ClusterAlreadyExists(_) => "ClusterAlreadyExistsFault",
            DaxError::ClusterNotFound(_) => "ClusterNotFoundFault",
            DaxError::InvalidClusterState(_) => "InvalidClusterStateFault",
            DaxError::SubnetGroupAlreadyExists(_) => "SubnetGroupAlreadyExistsFault",
            DaxError::SubnetGroupNotFound(_) => "SubnetGroupNotFoundFault",
            DaxError::SubnetGroupInUse(_) => "SubnetGroupInUseFault",
            DaxError::InvalidSubnet(_) => "InvalidSubnet",
            DaxError::InvalidParameterValue(_) => "InvalidParameterValueException",
            DaxError::InvalidParameterCombination(_) => "InvalidParameterCombinationException",
            DaxError::AccessDenied(_) => "AccessDeniedException",
            DaxError::Authentication(f) => f.code(),
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            DaxError::ClusterAlreadyExists(name) => format!("Cluster {name} already exists."),
            DaxError::ClusterNotFound(name) => format!("Cluster {name} not found."),
            DaxError::SubnetGroupAlreadyExists(name) => {
                format!("Subnet group {name} already exists.")
            }
            DaxError::SubnetGroupNotFound(name) => format!("Subnet group {name} not found."),
            DaxError::SubnetGroupInUse(name) => {
                format!("Subnet group {name} is in use by a cluster.")
            }
            DaxError::InvalidClusterState(m)
            | DaxError::InvalidSubnet(m)
            | DaxError::InvalidParameterValue(m)
            | DaxError::InvalidParameterCombination(m) => m.clone(),
            DaxError::AccessDenied(denied) => denied.message(),
            DaxError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            DaxError::AccessDenied(_) => 403,
            DaxError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for DaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for DaxError {}

impl AwsError for DaxError {
    fn code(&self) -> &'static str {
        DaxError::code(self)
    }
    fn message(&self) -> String {
        DaxError::message(self)
    }
    fn http_status(&self) -> u16 {
        DaxError::http_status(self)
    }
}

impl ServiceError for DaxError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        DaxError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        DaxError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
