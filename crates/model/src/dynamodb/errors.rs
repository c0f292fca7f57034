//! Amazon DynamoDB's errors, with AWS's codes, messages and HTTP statuses.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error DynamoDB returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DynamoDbError {
    /// `ValidationException` (400), with its message.
    Validation(String),
    /// `ResourceNotFoundException` (400), with its message.
    ResourceNotFound(String),
    /// `ResourceInUseException` (400), with its message.
    ResourceInUse(String),
    /// `ConditionalCheckFailedException` (400).
    ConditionalCheckFailed,
    /// `LimitExceededException` (400), with its message.
    Limit(String),
    /// `AccessDeniedException` (400).
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl DynamoDbError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            DynamoDbError::Validation(_) => "ValidationException",
            DynamoDbError::ResourceNotFound(_) => "ResourceNotFoundException",
            DynamoDbError::ResourceInUse(_) => "ResourceInUseException",
            DynamoDbError::ConditionalCheckFailed => "ConditionalCheckFailedException",
            DynamoDbError::Limit(_) => "LimitExceededException",
            DynamoDbError::AccessDenied(_) => "AccessDeniedException",
            DynamoDbError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            DynamoDbError::Validation(m)
            | DynamoDbError::ResourceNotFound(m)
            | DynamoDbError::ResourceInUse(m)
            | DynamoDbError::Limit(m) => m.clone(),
            DynamoDbError::ConditionalCheckFailed => "The conditional request failed".into(),
            DynamoDbError::AccessDenied(denied) => denied.message(),
            DynamoDbError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            DynamoDbError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }

    /// `Requested resource not found: Table: NAME not found`.
    pub fn no_table(name: &str) -> DynamoDbError {
        DynamoDbError::ResourceNotFound(format!(
            "Requested resource not found: Table: {name} not found"
        ))
    }
}

impl fmt::Display for DynamoDbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for DynamoDbError {}

impl AwsError for DynamoDbError {
    fn code(&self) -> &'static str {
        DynamoDbError::code(self)
    }
    fn message(&self) -> String {
        DynamoDbError::message(self)
    }
    fn http_status(&self) -> u16 {
        DynamoDbError::http_status(self)
    }
}

impl ServiceError for DynamoDbError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        DynamoDbError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        DynamoDbError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
