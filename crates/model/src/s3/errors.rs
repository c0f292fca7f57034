//! Amazon S3's errors, with AWS's codes, messages and HTTP statuses.

use std::fmt;

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An error Amazon S3 returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Error {
    /// `InvalidBucketName` (400): the name breaks a naming rule.
    InvalidBucketName,
    /// `BucketAlreadyOwnedByYou` (409).
    BucketAlreadyOwnedByYou,
    /// `BucketAlreadyExists` (409): another account has the name.
    BucketAlreadyExists,
    /// `NoSuchBucket` (404).
    NoSuchBucket,
    /// A HEAD request's 404: no body, so the CLI shows only the status.
    HeadNotFound,
    /// A HEAD request's 403: no body either.
    HeadForbidden,
    /// `KeyTooLongError` (400).
    KeyTooLong,
    /// `InvalidArgument` (400): a continuation token S3 did not hand out.
    InvalidContinuationToken,
    /// `BucketNotEmpty` (409).
    BucketNotEmpty,
    /// `NoSuchKey` (404).
    NoSuchKey,
    /// `InvalidStorageClass` (400).
    InvalidStorageClass,
    /// `InvalidObjectState` (403): an archived object read before it is restored.
    InvalidObjectState,
    /// `IllegalLocationConstraintException` (400): the location constraint does
    /// not match the endpoint the request was sent to (`None`: it was left out).
    IllegalLocationConstraint(Option<String>),
    /// `InvalidLocationConstraint` (400): not a region S3 knows, or `us-east-1`
    /// given explicitly.
    InvalidLocationConstraint,
    /// `InvalidRequest` (400), with its message.
    InvalidRequest(String),
    /// `AccessDenied` (403).
    AccessDenied(AccessDenied),
    /// `MalformedXML` (400): a configuration S3's schema refuses.
    MalformedXml,
    /// `MethodNotAllowed` (405): reading a delete marker by its version id.
    MethodNotAllowed,
    /// `NoSuchVersion` (404).
    NoSuchVersion,
    /// `ObjectNotInActiveTierError` (403): copying an archived object.
    ObjectNotInActiveTier,
    /// `InvalidArgument` (400), with its message.
    InvalidArgument(String),
    /// `MalformedPolicy` (400), with its message.
    MalformedPolicy(String),
    /// `NoSuchPublicAccessBlockConfiguration` (404).
    NoSuchPublicAccessBlockConfiguration,
    /// `NoSuchBucketPolicy` (404).
    NoSuchBucketPolicy,
    /// `NoSuchLifecycleConfiguration` (404).
    NoSuchLifecycleConfiguration,
    /// `NoSuchWebsiteConfiguration` (404).
    NoSuchWebsiteConfiguration,
    /// `ServerSideEncryptionConfigurationNotFoundError` (404).
    ServerSideEncryptionConfigurationNotFound,
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl S3Error {
    /// What a HEAD request shows of this error: only its status, as a HEAD
    /// response has no body.
    pub fn for_head(self) -> S3Error {
        match self {
            S3Error::NoSuchBucket | S3Error::NoSuchKey | S3Error::NoSuchVersion => {
                S3Error::HeadNotFound
            }
            S3Error::AccessDenied(_) => S3Error::HeadForbidden,
            other => other,
        }
    }

    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            S3Error::InvalidBucketName => "InvalidBucketName",
            S3Error::BucketAlreadyOwnedByYou => "BucketAlreadyOwnedByYou",
            S3Error::BucketAlreadyExists => "BucketAlreadyExists",
            S3Error::NoSuchBucket => "NoSuchBucket",
            S3Error::HeadNotFound => "404",
            S3Error::HeadForbidden => "403",
            S3Error::KeyTooLong => "KeyTooLongError",
            S3Error::InvalidContinuationToken => "InvalidArgument",
            S3Error::BucketNotEmpty => "BucketNotEmpty",
            S3Error::NoSuchKey => "NoSuchKey",
            S3Error::InvalidStorageClass => "InvalidStorageClass",
            S3Error::InvalidObjectState => "InvalidObjectState",
            S3Error::IllegalLocationConstraint(_) => "IllegalLocationConstraintException",
            S3Error::InvalidLocationConstraint => "InvalidLocationConstraint",
            S3Error::InvalidRequest(_) => "InvalidRequest",
            S3Error::AccessDenied(_) => "AccessDenied",
            S3Error::MalformedXml => "MalformedXML",
            S3Error::MethodNotAllowed => "MethodNotAllowed",
            S3Error::NoSuchVersion => "NoSuchVersion",
            S3Error::ObjectNotInActiveTier => "ObjectNotInActiveTierError",
            S3Error::InvalidArgument(_) => "InvalidArgument",
            S3Error::MalformedPolicy(_) => "MalformedPolicy",
            S3Error::NoSuchPublicAccessBlockConfiguration => "NoSuchPublicAccessBlockConfiguration",
            S3Error::NoSuchBucketPolicy => "NoSuchBucketPolicy",
            S3Error::NoSuchLifecycleConfiguration => "NoSuchLifecycleConfiguration",
            S3Error::NoSuchWebsiteConfiguration => "NoSuchWebsiteConfiguration",
            S3Error::ServerSideEncryptionConfigurationNotFound => {
                "ServerSideEncryptionConfigurationNotFoundError"
            }
            S3Error::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            S3Error::InvalidBucketName => "The specified bucket is not valid.".into(),
            S3Error::BucketAlreadyOwnedByYou => {
                "Your previous request to create the named bucket succeeded and you already own it."
                    .into()
            }
            S3Error::BucketAlreadyExists => "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.".into(),
            S3Error::NoSuchBucket => "The specified bucket does not exist".into(),
            S3Error::HeadNotFound => "Not Found".into(),
            S3Error::HeadForbidden => "Forbidden".into(),
            S3Error::KeyTooLong => "Your key is too long".into(),
            S3Error::InvalidContinuationToken => {
                "The continuation token provided is incorrect".into()
            }
            S3Error::BucketNotEmpty => "The bucket you tried to delete is not empty".into(),
            S3Error::NoSuchKey => "The specified key does not exist.".into(),
            S3Error::InvalidStorageClass => "The storage class you specified is not valid".into(),
            S3Error::InvalidObjectState => {
                "The operation is not valid for the object's storage class".into()
            }
            S3Error::IllegalLocationConstraint(None) => "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.".into(),
            S3Error::IllegalLocationConstraint(Some(region)) => format!(
                "The {region} location constraint is incompatible for the region specific endpoint this request was sent to."
            ),
            S3Error::InvalidLocationConstraint => {
                "The specified location-constraint is not valid".into()
            }
            S3Error::InvalidRequest(message) => message.clone(),
            S3Error::AccessDenied(denied) => denied.message(),
            S3Error::MalformedXml => "The XML you provided was not well-formed or did not validate against our published schema".into(),
            S3Error::MethodNotAllowed => "The specified method is not allowed against this resource.".into(),
            S3Error::NoSuchVersion => "The specified version does not exist.".into(),
            S3Error::ObjectNotInActiveTier => "The source object of the COPY operation is not in the active tier and is only stored in Amazon Glacier.".into(),
            S3Error::InvalidArgument(message) | S3Error::MalformedPolicy(message) => message.clone(),
            S3Error::NoSuchPublicAccessBlockConfiguration => {
                "The public access block configuration was not found".into()
            }
            S3Error::NoSuchBucketPolicy => "The bucket policy does not exist".into(),
            S3Error::NoSuchLifecycleConfiguration => "The lifecycle configuration does not exist".into(),
            S3Error::NoSuchWebsiteConfiguration => {
                "The specified bucket does not have a website configuration".into()
            }
            S3Error::ServerSideEncryptionConfigurationNotFound => {
                "The server side encryption configuration was not found".into()
            }
            S3Error::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            S3Error::NoSuchBucket
            | S3Error::HeadNotFound
            | S3Error::NoSuchKey
            | S3Error::NoSuchVersion
            | S3Error::NoSuchPublicAccessBlockConfiguration
            | S3Error::NoSuchBucketPolicy
            | S3Error::NoSuchLifecycleConfiguration
            | S3Error::NoSuchWebsiteConfiguration
            | S3Error::ServerSideEncryptionConfigurationNotFound => 404,
            S3Error::MethodNotAllowed => 405,
            S3Error::InvalidObjectState | S3Error::ObjectNotInActiveTier => 403,
            S3Error::BucketAlreadyOwnedByYou
            | S3Error::BucketAlreadyExists
            | S3Error::BucketNotEmpty => 409,
            S3Error::AccessDenied(_) | S3Error::HeadForbidden => 403,
            S3Error::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for S3Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for S3Error {}

impl AwsError for S3Error {
    fn code(&self) -> &'static str {
        S3Error::code(self)
    }
    fn message(&self) -> String {
        S3Error::message(self)
    }
    fn http_status(&self) -> u16 {
        S3Error::http_status(self)
    }
}

impl ServiceError for S3Error {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        S3Error::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        S3Error::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}
