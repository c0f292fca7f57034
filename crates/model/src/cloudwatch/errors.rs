//! CloudWatch's errors, with AWS's codes.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error CloudWatch returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloudWatchError {
    /// `InvalidParameterValue`.
    InvalidParameterValue(String),
    /// `InvalidParameterCombination`.
    InvalidParameterCombination(String),
    /// `InvalidParameterInput` (a dashboard body).
    InvalidParameterInput(String),
    /// `MissingParameter` (botocore's `MissingRequiredParameterException`).
    MissingParameter(String),
    /// `ResourceNotFound` (HTTP 404): an alarm that does not exist.
    ResourceNotFound(String),
    /// `LimitExceeded`.
    LimitExceeded(String),
    /// `AccessDenied`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl CloudWatchError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            CloudWatchError::InvalidParameterValue(_) => "InvalidParameterValue",
            CloudWatchError::InvalidParameterCombination(_) => "InvalidParameterCombination",
            CloudWatchError::InvalidParameterInput(_) => "InvalidParameterInput",
            CloudWatchError::MissingParameter(_) => "MissingParameter",
            CloudWatchError::ResourceNotFound(_) => "ResourceNotFound",
            CloudWatchError::LimitExceeded(_) => "LimitExceeded",
            CloudWatchError::AccessDenied(_) => "AccessDenied",
            CloudWatchError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            CloudWatchError::InvalidParameterValue(m)
            | CloudWatchError::InvalidParameterCombination(m)
            | CloudWatchError::InvalidParameterInput(m)
            | CloudWatchError::MissingParameter(m)
            | CloudWatchError::ResourceNotFound(m)
            | CloudWatchError::LimitExceeded(m) => m.clone(),
            CloudWatchError::AccessDenied(d) => d.message(),
            CloudWatchError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            CloudWatchError::ResourceNotFound(_) => 404,
            CloudWatchError::AccessDenied(_) => 403,
            CloudWatchError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for CloudWatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for CloudWatchError {}

impl AwsError for CloudWatchError {
    fn code(&self) -> &'static str {
        CloudWatchError::code(self)
    }
    fn message(&self) -> String {
        CloudWatchError::message(self)
    }
    fn http_status(&self) -> u16 {
        CloudWatchError::http_status(self)
    }
}

impl ServiceError for CloudWatchError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        CloudWatchError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        CloudWatchError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
