//! Amazon SNS's errors (query protocol), with AWS's codes.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error SNS returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnsError {
    /// `InvalidParameter`, with its message.
    InvalidParameter(String),
    /// `NotFound` (HTTP 404), with its message.
    NotFound(String),
    /// `AuthorizationError` (HTTP 403): SNS's name for a denied call.
    AuthorizationError(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl SnsError {
    /// `Topic does not exist`.
    pub fn no_topic() -> SnsError {
        SnsError::NotFound("Topic does not exist".into())
    }

    /// `Invalid parameter: <what>`.
    pub fn invalid(what: impl fmt::Display) -> SnsError {
        SnsError::InvalidParameter(format!("Invalid parameter: {what}"))
    }

    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            SnsError::InvalidParameter(_) => "InvalidParameter",
            SnsError::NotFound(_) => "NotFound",
            SnsError::AuthorizationError(_) => "AuthorizationError",
            SnsError::Authentication(f) => f.code(),
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            SnsError::InvalidParameter(m) | SnsError::NotFound(m) => m.clone(),
            SnsError::AuthorizationError(denied) => denied.message(),
            SnsError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            SnsError::NotFound(_) => 404,
            SnsError::AuthorizationError(_) => 403,
            SnsError::Authentication(f) => f.http_status(),
            SnsError::InvalidParameter(_) => 400,
        }
    }
}

impl fmt::Display for SnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for SnsError {}

impl AwsError for SnsError {
    fn code(&self) -> &'static str {
        SnsError::code(self)
    }
    fn message(&self) -> String {
        SnsError::message(self)
    }
    fn http_status(&self) -> u16 {
        SnsError::http_status(self)
    }
}

impl ServiceError for SnsError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        SnsError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        SnsError::AuthorizationError(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
