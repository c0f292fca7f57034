//! Auto Scaling's errors, with AWS's codes.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error Amazon EC2 Auto Scaling returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutoScalingError {
    /// `ValidationError`: a parameter breaks a rule, or a group or policy is not found.
    Validation(String),
    /// `AlreadyExists`.
    AlreadyExists(String),
    /// `ResourceInUse`.
    ResourceInUse(String),
    /// `ScalingActivityInProgress`.
    ScalingActivityInProgress(String),
    /// `LimitExceeded`.
    LimitExceeded(String),
    /// `AccessDenied`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl AutoScalingError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            AutoScalingError::Validation(_) => "ValidationError",
            AutoScalingError::AlreadyExists(_) => "AlreadyExists",
            AutoScalingError::ResourceInUse(_) => "ResourceInUse",
            AutoScalingError::ScalingActivityInProgress(_) => "ScalingActivityInProgress",
            AutoScalingError::LimitExceeded(_) => "LimitExceeded",
            AutoScalingError::AccessDenied(_) => "AccessDenied",
            AutoScalingError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            AutoScalingError::Validation(m)
            | AutoScalingError::AlreadyExists(m)
            | AutoScalingError::ResourceInUse(m)
            | AutoScalingError::ScalingActivityInProgress(m)
            | AutoScalingError::LimitExceeded(m) => m.clone(),
            AutoScalingError::AccessDenied(d) => d.message(),
            AutoScalingError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            AutoScalingError::AccessDenied(_) => 403,
            AutoScalingError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for AutoScalingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for AutoScalingError {}

impl AwsError for AutoScalingError {
    fn code(&self) -> &'static str {
        AutoScalingError::code(self)
    }
    fn message(&self) -> String {
        AutoScalingError::message(self)
    }
    fn http_status(&self) -> u16 {
        AutoScalingError::http_status(self)
    }
}

impl ServiceError for AutoScalingError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        AutoScalingError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        AutoScalingError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
