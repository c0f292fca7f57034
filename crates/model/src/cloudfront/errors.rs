//! Amazon CloudFront's errors, with AWS's codes, messages and HTTP statuses.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error CloudFront returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloudFrontError {
    /// `NoSuchDistribution` (404).
    NoSuchDistribution,
    /// `NoSuchOriginAccessControl` (404).
    NoSuchOriginAccessControl,
    /// `NoSuchInvalidation` (404).
    NoSuchInvalidation,
    /// `NoSuchCachePolicy` (404).
    NoSuchCachePolicy,
    /// `NoSuchOrigin` (404): a cache behaviour names an origin id the
    /// distribution does not have.
    NoSuchOrigin,
    /// `InvalidArgument` (400), with its message.
    InvalidArgument(String),
    /// `InconsistentQuantities` (400): `Quantity` and the number of `Items` differ.
    InconsistentQuantities,
    /// `InvalidTTLOrder` (400): MinTTL ≤ DefaultTTL ≤ MaxTTL does not hold.
    InvalidTtlOrder,
    /// `InvalidIfMatchVersion` (400): `--if-match` left out.
    InvalidIfMatchVersion,
    /// `PreconditionFailed` (412): `--if-match` is not the current ETag.
    PreconditionFailed,
    /// `DistributionNotDisabled` (409).
    DistributionNotDisabled,
    /// `DistributionAlreadyExists` (409): the caller reference was used for
    /// another configuration.
    DistributionAlreadyExists(String),
    /// `InvalidDefaultRootObject` (400).
    InvalidDefaultRootObject,
    /// `InvalidOriginAccessIdentity` (400): a legacy OAI that does not exist.
    InvalidOriginAccessIdentity,
    /// `IllegalUpdate` (400): the caller reference may not change.
    IllegalUpdate,
    /// `InvalidOriginAccessControl` (400): the origin's OAC id does not exist.
    InvalidOriginAccessControl,
    /// `IllegalOriginAccessConfiguration` (400): an OAC on an origin it cannot sign for.
    IllegalOriginAccessConfiguration,
    /// `OriginAccessControlAlreadyExists` (409).
    OriginAccessControlAlreadyExists(String),
    /// `OriginAccessControlInUse` (409).
    OriginAccessControlInUse,
    /// `TooManyInvalidationsInProgress` (400).
    TooManyInvalidationsInProgress,
    /// `AccessDenied` (403).
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl CloudFrontError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            CloudFrontError::NoSuchDistribution => "NoSuchDistribution",
            CloudFrontError::NoSuchOriginAccessControl => "NoSuchOriginAccessControl",
            CloudFrontError::NoSuchInvalidation => "NoSuchInvalidation",
            CloudFrontError::NoSuchCachePolicy => "NoSuchCachePolicy",
            CloudFrontError::NoSuchOrigin => "NoSuchOrigin",
            CloudFrontError::InvalidArgument(_) => "InvalidArgument",
            CloudFrontError::InconsistentQuantities => "InconsistentQuantities",
            CloudFrontError::InvalidTtlOrder => "InvalidTTLOrder",
            CloudFrontError::InvalidIfMatchVersion => "InvalidIfMatchVersion",
            CloudFrontError::PreconditionFailed => "PreconditionFailed",
            CloudFrontError::DistributionNotDisabled => "DistributionNotDisabled",
            CloudFrontError::DistributionAlreadyExists(_) => "DistributionAlreadyExists",
            CloudFrontError::InvalidDefaultRootObject => "InvalidDefaultRootObject",
            CloudFrontError::InvalidOriginAccessIdentity => "InvalidOriginAccessIdentity",
            CloudFrontError::IllegalUpdate => "IllegalUpdate",
            CloudFrontError::InvalidOriginAccessControl => "InvalidOriginAccessControl",
            CloudFrontError::IllegalOriginAccessConfiguration => "IllegalOriginAccessConfiguration",
            CloudFrontError::OriginAccessControlAlreadyExists(_) => {
                "OriginAccessControlAlreadyExists"
            }
            CloudFrontError::OriginAccessControlInUse => "OriginAccessControlInUse",
            CloudFrontError::TooManyInvalidationsInProgress => "TooManyInvalidationsInProgress",
            CloudFrontError::AccessDenied(_) => "AccessDenied",
            CloudFrontError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            CloudFrontError::NoSuchDistribution => "The specified distribution does not exist.".into(),
            CloudFrontError::NoSuchOriginAccessControl => {
                "The specified origin access control does not exist.".into()
            }
            CloudFrontError::NoSuchInvalidation => "The specified invalidation does not exist.".into(),
            CloudFrontError::NoSuchCachePolicy => "The cache policy does not exist.".into(),
            CloudFrontError::NoSuchOrigin => {
                "One or more of your origins or origin groups do not exist.".into()
            }
            CloudFrontError::InvalidArgument(message) => message.clone(),
            CloudFrontError::InconsistentQuantities => {
                "The value of Quantity and the size of Items don't match.".into()
            }
            CloudFrontError::InvalidTtlOrder => {
                "MinTTL, MaxTTL and DefaultTTL should follow order MinTTL less than or equal to DefaultTTL less than or equal to MaxTTL".into()
            }
            CloudFrontError::InvalidIfMatchVersion | CloudFrontError::PreconditionFailed => {
                "The If-Match version is missing or not valid for the resource.".into()
            }
            CloudFrontError::DistributionNotDisabled => {
                "The distribution you are trying to delete has not been disabled.".into()
            }
            CloudFrontError::DistributionAlreadyExists(id) => format!(
                "The caller reference that you are using to create a distribution is associated with another distribution. Already exists: {id}"
            ),
            CloudFrontError::InvalidDefaultRootObject => {
                "The default root object file name is too big or contains an invalid character."
                    .into()
            }
            CloudFrontError::InvalidOriginAccessIdentity => {
                "The origin access identity is not valid or doesn't exist.".into()
            }
            CloudFrontError::IllegalUpdate => {
                "The CallerReference of a distribution cannot be changed.".into()
            }
            CloudFrontError::InvalidOriginAccessControl => {
                "The specified origin access control is not valid.".into()
            }
            CloudFrontError::IllegalOriginAccessConfiguration => {
                "Illegal configuration: The origin type and OAC origin type differ.".into()
            }
            CloudFrontError::OriginAccessControlAlreadyExists(id) => format!(
                "An origin access control with the same name already exists. Already exists: {id}"
            ),
            CloudFrontError::OriginAccessControlInUse => {
                "The CloudFront origin access control is still being used.".into()
            }
            CloudFrontError::TooManyInvalidationsInProgress => {
                "Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.".into()
            }
            CloudFrontError::AccessDenied(denied) => denied.message(),
            CloudFrontError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            CloudFrontError::NoSuchDistribution
            | CloudFrontError::NoSuchOriginAccessControl
            | CloudFrontError::NoSuchInvalidation
            | CloudFrontError::NoSuchCachePolicy
            | CloudFrontError::NoSuchOrigin => 404,
            CloudFrontError::PreconditionFailed => 412,
            CloudFrontError::DistributionNotDisabled
            | CloudFrontError::DistributionAlreadyExists(_)
            | CloudFrontError::OriginAccessControlAlreadyExists(_)
            | CloudFrontError::OriginAccessControlInUse => 409,
            CloudFrontError::AccessDenied(_) => 403,
            CloudFrontError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for CloudFrontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for CloudFrontError {}

impl AwsError for CloudFrontError {
    fn code(&self) -> &'static str {
        CloudFrontError::code(self)
    }
    fn message(&self) -> String {
        CloudFrontError::message(self)
    }
    fn http_status(&self) -> u16 {
        CloudFrontError::http_status(self)
    }
}

impl ServiceError for CloudFrontError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        CloudFrontError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        CloudFrontError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
