//! Route 53's errors (REST-XML protocol), with AWS's codes.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error Route 53 returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route53Error {
    /// `NoSuchHostedZone` (404).
    NoSuchHostedZone(String),
    /// `HostedZoneAlreadyExists` (409).
    HostedZoneAlreadyExists(String),
    /// `HostedZoneNotEmpty` (400).
    HostedZoneNotEmpty,
    /// `InvalidChangeBatch`: every problem of the batch, as AWS lists them.
    InvalidChangeBatch(Vec<String>),
    /// `InvalidInput`.
    InvalidInput(String),
    /// `InvalidDomainName`.
    InvalidDomainName(String),
    /// `NoSuchChange` (404).
    NoSuchChange(String),
    /// `NoSuchHealthCheck` (404).
    NoSuchHealthCheck(String),
    /// `HealthCheckAlreadyExists` (409).
    HealthCheckAlreadyExists,
    /// `HealthCheckInUse`.
    HealthCheckInUse(String),
    /// `AccessDenied`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl Route53Error {
    /// `No hosted zone found with ID: <id>`.
    pub fn no_zone(id: &str) -> Route53Error {
        Route53Error::NoSuchHostedZone(format!("No hosted zone found with ID: {id}"))
    }

    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            Route53Error::NoSuchHostedZone(_) => "NoSuchHostedZone",
            Route53Error::HostedZoneAlreadyExists(_) => "HostedZoneAlreadyExists",
            Route53Error::HostedZoneNotEmpty => "HostedZoneNotEmpty",
            Route53Error::InvalidChangeBatch(_) => "InvalidChangeBatch",
            Route53Error::InvalidInput(_) => "InvalidInput",
            Route53Error::InvalidDomainName(_) => "InvalidDomainName",
            Route53Error::NoSuchChange(_) => "NoSuchChange",
            Route53Error::NoSuchHealthCheck(_) => "NoSuchHealthCheck",
            Route53Error::HealthCheckAlreadyExists => "HealthCheckAlreadyExists",
            Route53Error::HealthCheckInUse(_) => "HealthCheckInUse",
            Route53Error::AccessDenied(_) => "AccessDenied",
            Route53Error::Authentication(f) => f.code(),
        }
    }

    /// The message.
    pub fn message(&self) -> String {
        match self {
            Route53Error::NoSuchHostedZone(m)
            | Route53Error::HostedZoneAlreadyExists(m)
            | Route53Error::InvalidInput(m)
            | Route53Error::InvalidDomainName(m)
            | Route53Error::NoSuchChange(m)
            | Route53Error::NoSuchHealthCheck(m)
            | Route53Error::HealthCheckInUse(m) => m.clone(),
            Route53Error::HostedZoneNotEmpty => "The specified hosted zone contains non-required resource record sets and so cannot be deleted.".into(),
            Route53Error::InvalidChangeBatch(problems) => format!("[{}]", problems.join(", ")),
            Route53Error::HealthCheckAlreadyExists => "A health check has already been created with the specified caller reference.".into(),
            Route53Error::AccessDenied(d) => d.message(),
            Route53Error::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            Route53Error::NoSuchHostedZone(_)
            | Route53Error::NoSuchChange(_)
            | Route53Error::NoSuchHealthCheck(_) => 404,
            Route53Error::HostedZoneAlreadyExists(_) | Route53Error::HealthCheckAlreadyExists => {
                409
            }
            Route53Error::AccessDenied(_) => 403,
            Route53Error::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for Route53Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for Route53Error {}

impl AwsError for Route53Error {
    fn code(&self) -> &'static str {
        Route53Error::code(self)
    }
    fn message(&self) -> String {
        Route53Error::message(self)
    }
    fn http_status(&self) -> u16 {
        Route53Error::http_status(self)
    }
}

impl ServiceError for Route53Error {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        Route53Error::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        Route53Error::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
