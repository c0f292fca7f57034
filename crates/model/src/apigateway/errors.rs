//! API Gateway's errors (REST-JSON: the code is the shape's name).

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error API Gateway returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiGatewayError {
    /// `NotFoundException` (404), with its message.
    NotFound(String),
    /// `ConflictException` (409), with its message.
    Conflict(String),
    /// `BadRequestException`, with its message.
    BadRequest(String),
    /// `AccessDeniedException`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl ApiGatewayError {
    /// `Invalid REST API identifier specified`.
    pub fn no_api(account: &str, id: &str) -> ApiGatewayError {
        ApiGatewayError::NotFound(format!("Invalid API identifier specified {account}:{id}"))
    }

    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiGatewayError::NotFound(_) => "NotFoundException",
            ApiGatewayError::Conflict(_) => "ConflictException",
            ApiGatewayError::BadRequest(_) => "BadRequestException",
            ApiGatewayError::AccessDenied(_) => "AccessDeniedException",
            ApiGatewayError::Authentication(f) => f.code(),
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            ApiGatewayError::NotFound(m)
            | ApiGatewayError::Conflict(m)
            | ApiGatewayError::BadRequest(m) => m.clone(),
            ApiGatewayError::AccessDenied(denied) => denied.message(),
            ApiGatewayError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            ApiGatewayError::NotFound(_) => 404,
            ApiGatewayError::Conflict(_) => 409,
            ApiGatewayError::AccessDenied(_) => 403,
            ApiGatewayError::Authentication(f) => f.http_status(),
            ApiGatewayError::BadRequest(_) => 400,
        }
    }
}

impl fmt::Display for ApiGatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for ApiGatewayError {}

impl AwsError for ApiGatewayError {
    fn code(&self) -> &'static str {
        ApiGatewayError::code(self)
    }
    fn message(&self) -> String {
        ApiGatewayError::message(self)
    }
    fn http_status(&self) -> u16 {
        ApiGatewayError::http_status(self)
    }
}

impl ServiceError for ApiGatewayError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        ApiGatewayError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        ApiGatewayError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
