//! `IamError`: every error the simulated IAM API returns, with AWS's code,
//! message and HTTP status.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An IAM API error. Each variant is one AWS error code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IamError {
    /// `NoSuchEntity` (404): the user, group, role, policy or key does not exist.
    NoSuchEntity {
        /// The full message.
        message: String,
    },
    /// `EntityAlreadyExists` (409).
    EntityAlreadyExists {
        /// The full message.
        message: String,
    },
    /// `LimitExceeded` (409): a quota such as two access keys per user.
    LimitExceeded {
        /// The full message.
        message: String,
    },
    /// `MalformedPolicyDocument` (400).
    MalformedPolicyDocument {
        /// The full message.
        message: String,
    },
    /// `DeleteConflict` (409): something still depends on the entity.
    DeleteConflict {
        /// The full message.
        message: String,
    },
    /// `ValidationError` (400): an input breaks a constraint.
    ValidationError {
        /// The full message.
        message: String,
    },
    /// `InvalidInput` (400).
    InvalidInput {
        /// The full message.
        message: String,
    },
    /// `InvalidAuthenticationCode` (403): the MFA codes are wrong.
    InvalidAuthenticationCode,
    /// `PasswordPolicyViolation` (400).
    PasswordPolicyViolation {
        /// The full message.
        message: String,
    },
    /// `InvalidUserType` (400): the operation is for IAM users only (e.g.
    /// `ChangePassword` by the root user).
    InvalidUserType,
    /// `EntityTemporarilyUnmodifiable` (409).
    EntityTemporarilyUnmodifiable {
        /// The full message.
        message: String,
    },
    /// `AccessDenied` (403).
    AccessDenied(AccessDenied),
    /// Authentication failed (`InvalidClientTokenId`, `SignatureDoesNotMatch`,
    /// `ExpiredToken`).
    Authentication(AuthFailure),
}

impl IamError {
    /// `NoSuchEntity` with `message`.
    pub fn no_such_entity(message: impl Into<String>) -> IamError {
        IamError::NoSuchEntity {
            message: message.into(),
        }
    }

    /// `EntityAlreadyExists` with `message`.
    pub fn already_exists(message: impl Into<String>) -> IamError {
        IamError::EntityAlreadyExists {
            message: message.into(),
        }
    }

    /// `ValidationError` with `message`.
    pub fn validation(message: impl Into<String>) -> IamError {
        IamError::ValidationError {
            message: message.into(),
        }
    }

    /// `LimitExceeded` with `message`.
    pub fn limit(message: impl Into<String>) -> IamError {
        IamError::LimitExceeded {
            message: message.into(),
        }
    }

    /// `DeleteConflict` with `message`.
    pub fn delete_conflict(message: impl Into<String>) -> IamError {
        IamError::DeleteConflict {
            message: message.into(),
        }
    }

    /// `InvalidInput` with `message`.
    pub fn invalid_input(message: impl Into<String>) -> IamError {
        IamError::InvalidInput {
            message: message.into(),
        }
    }

    /// `MalformedPolicyDocument` with `message`.
    pub fn malformed(message: impl Into<String>) -> IamError {
        IamError::MalformedPolicyDocument {
            message: message.into(),
        }
    }

    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            IamError::NoSuchEntity { .. } => "NoSuchEntity",
            IamError::EntityAlreadyExists { .. } => "EntityAlreadyExists",
            IamError::LimitExceeded { .. } => "LimitExceeded",
            IamError::MalformedPolicyDocument { .. } => "MalformedPolicyDocument",
            IamError::DeleteConflict { .. } => "DeleteConflict",
            IamError::ValidationError { .. } => "ValidationError",
            IamError::InvalidInput { .. } => "InvalidInput",
            IamError::InvalidAuthenticationCode => "InvalidAuthenticationCode",
            IamError::PasswordPolicyViolation { .. } => "PasswordPolicyViolation",
            IamError::InvalidUserType => "InvalidUserType",
            IamError::EntityTemporarilyUnmodifiable { .. } => "EntityTemporarilyUnmodifiable",
            IamError::AccessDenied(_) => "AccessDenied",
            IamError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            IamError::NoSuchEntity { message }
            | IamError::EntityAlreadyExists { message }
            | IamError::LimitExceeded { message }
            | IamError::MalformedPolicyDocument { message }
            | IamError::DeleteConflict { message }
            | IamError::ValidationError { message }
            | IamError::InvalidInput { message }
            | IamError::PasswordPolicyViolation { message }
            | IamError::EntityTemporarilyUnmodifiable { message } => message.clone(),
            IamError::InvalidAuthenticationCode => {
                "Authentication code for device is not valid.".to_string()
            }
            IamError::InvalidUserType => {
                "The request was rejected because the type of user for the transaction was incorrect."
                    .to_string()
            }
            IamError::AccessDenied(d) => d.message(),
            IamError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status of the error response.
    pub fn http_status(&self) -> u16 {
        match self {
            IamError::NoSuchEntity { .. } => 404,
            IamError::EntityAlreadyExists { .. }
            | IamError::LimitExceeded { .. }
            | IamError::DeleteConflict { .. }
            | IamError::EntityTemporarilyUnmodifiable { .. } => 409,
            IamError::InvalidAuthenticationCode | IamError::AccessDenied(_) => 403,
            IamError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for IamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for IamError {}

impl AwsError for IamError {
    fn code(&self) -> &'static str {
        IamError::code(self)
    }
    fn message(&self) -> String {
        IamError::message(self)
    }
    fn http_status(&self) -> u16 {
        IamError::http_status(self)
    }
}

impl ServiceError for IamError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        IamError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        IamError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::DenyReason;

    #[test]
    fn codes_messages_and_statuses() {
        let e = IamError::no_such_entity("The user with name bob cannot be found.");
        assert_eq!(e.code(), "NoSuchEntity");
        assert_eq!(e.http_status(), 404);
        assert_eq!(
            e.to_string(),
            "NoSuchEntity: The user with name bob cannot be found."
        );
        assert_eq!(IamError::limit("x").http_status(), 409);
        assert_eq!(
            IamError::InvalidAuthenticationCode.message(),
            "Authentication code for device is not valid."
        );
        let denied = IamError::AccessDenied(AccessDenied {
            principal_arn: "arn:aws:iam::123456789012:user/alice".into(),
            action: "iam:CreateUser".into(),
            resource: "arn:aws:iam::123456789012:user/bob".into(),
            reason: DenyReason::NoIdentityPolicy,
        });
        assert_eq!(denied.code(), "AccessDenied");
        assert_eq!(denied.http_status(), 403);
        let auth = IamError::Authentication(AuthFailure::InvalidClientTokenId);
        assert_eq!(auth.code(), "InvalidClientTokenId");
        assert_eq!(
            auth.message(),
            "The security token included in the request is invalid."
        );
        let boxed: Box<dyn AwsError> = Box::new(IamError::malformed("Syntax errors in policy."));
        assert_eq!(boxed.code(), "MalformedPolicyDocument");
    }
}
