//! Lambda's errors (REST-JSON protocol: the code is the shape's name).

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error Lambda returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LambdaError {
    /// `ResourceNotFoundException` (404), with its message.
    ResourceNotFound(String),
    /// `ResourceConflictException` (409), with its message.
    ResourceConflict(String),
    /// `InvalidParameterValueException`, with its message.
    InvalidParameterValue(String),
    /// `ValidationException`, with its message.
    Validation(String),
    /// `InvalidRequestContentException` (the payload is not JSON).
    InvalidRequestContent(String),
    /// `TooManyRequestsException` (429), with its reason.
    TooManyRequests(String),
    /// `PreconditionFailedException` (412): a revision id that is not current.
    PreconditionFailed(String),
    /// `ServiceException` (500): the lab cannot run the code here.
    Service(String),
    /// `AccessDeniedException`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl LambdaError {
    /// `Function not found: <arn>`.
    pub fn no_function(arn: &str) -> LambdaError {
        LambdaError::ResourceNotFound(format!("Function not found: {arn}"))
    }

    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            LambdaError::ResourceNotFound(_) => "ResourceNotFoundException",
            LambdaError::ResourceConflict(_) => "ResourceConflictException",
            LambdaError::InvalidParameterValue(_) => "InvalidParameterValueException",
            LambdaError::Validation(_) => "ValidationException",
            LambdaError::InvalidRequestContent(_) => "InvalidRequestContentException",
            LambdaError::TooManyRequests(_) => "TooManyRequestsException",
            LambdaError::PreconditionFailed(_) => "PreconditionFailedException",
            LambdaError::Service(_) => "ServiceException",
            LambdaError::AccessDenied(_) => "AccessDeniedException",
            LambdaError::Authentication(f) => f.code(),
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            LambdaError::ResourceNotFound(m)
            | LambdaError::ResourceConflict(m)
            | LambdaError::InvalidParameterValue(m)
            | LambdaError::Validation(m)
            | LambdaError::InvalidRequestContent(m)
            | LambdaError::TooManyRequests(m)
            | LambdaError::PreconditionFailed(m)
            | LambdaError::Service(m) => m.clone(),
            LambdaError::AccessDenied(denied) => denied.message(),
            LambdaError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            LambdaError::ResourceNotFound(_) => 404,
            LambdaError::ResourceConflict(_) => 409,
            LambdaError::TooManyRequests(_) => 429,
            LambdaError::PreconditionFailed(_) => 412,
            LambdaError::Service(_) => 500,
            LambdaError::AccessDenied(_) => 403,
            LambdaError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for LambdaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for LambdaError {}

impl AwsError for LambdaError {
    fn code(&self) -> &'static str {
        LambdaError::code(self)
    }
    fn message(&self) -> String {
        LambdaError::message(self)
    }
    fn http_status(&self) -> u16 {
        LambdaError::http_status(self)
    }
}

impl ServiceError for LambdaError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        LambdaError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        LambdaError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
