//! CloudWatch Logs' errors (JSON protocol: the code is the shape's name).

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error CloudWatch Logs returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogsError {
    /// `ResourceAlreadyExistsException`, with its message.
    ResourceAlreadyExists(String),
    /// `ResourceNotFoundException`, with its message.
    ResourceNotFound(String),
    /// `InvalidParameterException`, with its message.
    InvalidParameter(String),
    /// `AccessDeniedException`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl LogsError {
    /// `The specified log group does not exist.`
    pub fn no_group() -> LogsError {
        LogsError::ResourceNotFound("The specified log group does not exist.".into())
    }

    /// `The specified log stream does not exist.`
    pub fn no_stream() -> LogsError {
        LogsError::ResourceNotFound("The specified log stream does not exist.".into())
    }

    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            LogsError::ResourceAlreadyExists(_) => "ResourceAlreadyExistsException",
            LogsError::ResourceNotFound(_) => "ResourceNotFoundException",
            LogsError::InvalidParameter(_) => "InvalidParameterException",
            LogsError::AccessDenied(_) => "AccessDeniedException",
            LogsError::Authentication(f) => f.code(),
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            LogsError::ResourceAlreadyExists(m)
            | LogsError::ResourceNotFound(m)
            | LogsError::InvalidParameter(m) => m.clone(),
            LogsError::AccessDenied(denied) => denied.message(),
            LogsError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            LogsError::AccessDenied(_) => 403,
            LogsError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for LogsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for LogsError {}

impl AwsError for LogsError {
    fn code(&self) -> &'static str {
        LogsError::code(self)
    }
    fn message(&self) -> String {
        LogsError::message(self)
    }
    fn http_status(&self) -> u16 {
        LogsError::http_status(self)
    }
}

impl ServiceError for LogsError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        LogsError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        LogsError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
