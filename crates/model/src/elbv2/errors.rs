//! Elastic Load Balancing's errors, with AWS's codes.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error Elastic Load Balancing (v2) returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElbError {
    /// `ValidationError`: a parameter breaks a rule.
    Validation(String),
    /// `LoadBalancerNotFound`.
    LoadBalancerNotFound,
    /// `TargetGroupNotFound`.
    TargetGroupNotFound,
    /// `ListenerNotFound`.
    ListenerNotFound,
    /// `RuleNotFound`.
    RuleNotFound,
    /// `DuplicateLoadBalancerName`.
    DuplicateLoadBalancerName(String),
    /// `DuplicateTargetGroupName`.
    DuplicateTargetGroupName(String),
    /// `DuplicateListener`.
    DuplicateListener,
    /// `PriorityInUse`.
    PriorityInUse(i64),
    /// `InvalidTarget`: the message names the targets.
    InvalidTarget(String),
    /// `InvalidConfigurationRequest`.
    InvalidConfigurationRequest(String),
    /// `SubnetNotFound`.
    SubnetNotFound(String),
    /// `InvalidSecurityGroup`.
    InvalidSecurityGroup(String),
    /// `ResourceInUse`.
    ResourceInUse(String),
    /// `OperationNotPermitted`.
    OperationNotPermitted(String),
    /// `AccessDenied`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl ElbError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            ElbError::Validation(_) => "ValidationError",
            ElbError::LoadBalancerNotFound => "LoadBalancerNotFound",
            ElbError::TargetGroupNotFound => "TargetGroupNotFound",
            ElbError::ListenerNotFound => "ListenerNotFound",
            ElbError::RuleNotFound => "RuleNotFound",
            ElbError::DuplicateLoadBalancerName(_) => "DuplicateLoadBalancerName",
            ElbError::DuplicateTargetGroupName(_) => "DuplicateTargetGroupName",
            ElbError::DuplicateListener => "DuplicateListener",
            ElbError::PriorityInUse(_) => "PriorityInUse",
            ElbError::InvalidTarget(_) => "InvalidTarget",
            ElbError::InvalidConfigurationRequest(_) => "InvalidConfigurationRequest",
            ElbError::SubnetNotFound(_) => "SubnetNotFound",
            ElbError::InvalidSecurityGroup(_) => "InvalidSecurityGroup",
            ElbError::ResourceInUse(_) => "ResourceInUse",
            ElbError::OperationNotPermitted(_) => "OperationNotPermitted",
            ElbError::AccessDenied(_) => "AccessDenied",
            ElbError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            ElbError::Validation(m)
            | ElbError::InvalidTarget(m)
            | ElbError::InvalidConfigurationRequest(m)
            | ElbError::InvalidSecurityGroup(m)
            | ElbError::ResourceInUse(m)
            | ElbError::OperationNotPermitted(m) => m.clone(),
            ElbError::LoadBalancerNotFound => "One or more load balancers not found".into(),
            ElbError::TargetGroupNotFound => "One or more target groups not found".into(),
            ElbError::ListenerNotFound => "One or more listeners not found".into(),
            ElbError::RuleNotFound => "One or more rules not found".into(),
            ElbError::DuplicateLoadBalancerName(name) => format!(
                "A load balancer with the same name '{name}' exists, but with different settings"
            ),
            ElbError::DuplicateTargetGroupName(name) => format!(
                "A target group with the same name '{name}' exists, but with different settings"
            ),
            ElbError::DuplicateListener => {
                "A listener already exists on this port for this load balancer".into()
            }
            ElbError::PriorityInUse(p) => format!("Priority '{p}' is currently in use"),
            ElbError::SubnetNotFound(id) => format!("The subnet ID '{id}' is not valid"),
            ElbError::AccessDenied(d) => d.message(),
            ElbError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            ElbError::AccessDenied(_) => 403,
            ElbError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for ElbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for ElbError {}

impl AwsError for ElbError {
    fn code(&self) -> &'static str {
        ElbError::code(self)
    }
    fn message(&self) -> String {
        ElbError::message(self)
    }
    fn http_status(&self) -> u16 {
        ElbError::http_status(self)
    }
}

impl ServiceError for ElbError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        ElbError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        ElbError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
