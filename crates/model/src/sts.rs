//! STS: `GetCallerIdentity` (who am I, for each kind of caller) and
//! `AssumeRole` (temporary credentials for a role whose trust policy lets
//! the caller in).
//!
//! `GetCallerIdentity` needs no permission. `AssumeRole` needs the role's
//! trust policy to allow the caller and, when the trust policy names the
//! account (`arn:aws:iam::<account>:root`) rather than the caller itself,
//! an identity policy allowing `sts:AssumeRole` on the role too; an explicit
//! deny in either refuses. The root user cannot assume roles.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::auth::{AccessDenied, AuthFailure, CallerIdentity, DenyReason, Principal, ServiceError};
use crate::aws_error::AwsError;
use crate::clock::Timestamp;
use crate::cloud::Cloud;
use crate::iam::evaluate::{self, Context, EvalEffect, EvalPolicy, PolicySource, PolicySourceType};
use crate::iam::mfa::{TOTP_DIGITS, TOTP_STEP_SECONDS, hotp};
use crate::iam::policy::{DocumentKind, PolicyDocument, PrincipalSpec};
use crate::iam::{RoleSession, random_chars};
use crate::{digest, iam};

pub use crate::iam::LEARNER_USER_NAME;

/// An STS API error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StsError {
    /// `AccessDenied` (403).
    AccessDenied(AccessDenied),
    /// `ValidationError` (400).
    ValidationError {
        /// The full message.
        message: String,
    },
    /// `MalformedPolicyDocument` (400): a bad session policy.
    MalformedPolicyDocument {
        /// The full message.
        message: String,
    },
    /// Authentication failed (`InvalidClientTokenId`, `SignatureDoesNotMatch`,
    /// `ExpiredToken`).
    Authentication(AuthFailure),
}

impl StsError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            StsError::AccessDenied(_) => "AccessDenied",
            StsError::ValidationError { .. } => "ValidationError",
            StsError::MalformedPolicyDocument { .. } => "MalformedPolicyDocument",
            StsError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            StsError::AccessDenied(d) => d.message(),
            StsError::ValidationError { message }
            | StsError::MalformedPolicyDocument { message } => message.clone(),
            StsError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            StsError::AccessDenied(_) => 403,
            StsError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }

    fn validation(message: impl Into<String>) -> StsError {
        StsError::ValidationError {
            message: message.into(),
        }
    }
}

impl fmt::Display for StsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for StsError {}

impl AwsError for StsError {
    fn code(&self) -> &'static str {
        StsError::code(self)
    }
    fn message(&self) -> String {
        StsError::message(self)
    }
    fn http_status(&self) -> u16 {
        StsError::http_status(self)
    }
}

impl ServiceError for StsError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        StsError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        StsError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}

/// `GetCallerIdentity` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCallerIdentityOutput {
    /// `AIDA...` for a user, `AROA...:<session>` for a role session, the
    /// account id for the root user.
    pub user_id: String,
    /// The account id.
    pub account: String,
    /// The caller's ARN.
    pub arn: String,
}

/// `AssumeRole` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AssumeRoleInput {
    /// The role's ARN.
    pub role_arn: String,
    /// A name for the session (2..=64 of `[\w+=,.@-]`).
    pub role_session_name: String,
    /// Seconds the credentials last (900 up to the role's maximum; default 3600).
    pub duration_seconds: Option<u32>,
    /// The caller's MFA device, to prove MFA.
    pub serial_number: Option<String>,
    /// The device's current code.
    pub token_code: Option<String>,
    /// A session policy further limiting the session.
    pub policy: Option<String>,
}

/// Temporary credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TemporaryCredentials {
    /// `ASIA...`.
    pub access_key_id: String,
    /// The secret.
    pub secret_access_key: String,
    /// The session token.
    pub session_token: String,
    /// When they expire.
    pub expiration: Timestamp,
}

/// `AssumedRoleUser`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssumedRoleUser {
    /// `AROA...:<session>`.
    pub assumed_role_id: String,
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
    pub arn: String,
}

/// `AssumeRole` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssumeRoleOutput {
    /// The credentials.
    pub credentials: TemporaryCredentials,
    /// The session's identity.
    pub assumed_role_user: AssumedRoleUser,
}

fn constraint(value: &str, field: &str, constraint: &str) -> StsError {
    StsError::validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}"
    ))
}

impl Cloud {
    /// `sts get-caller-identity` for the current caller; fails only when the
    /// caller's credentials are not valid (`InvalidClientTokenId`, ...).
    pub fn try_get_caller_identity(&mut self) -> Result<GetCallerIdentityOutput, StsError> {
        self.service_call(
            "sts",
            "GetCallerIdentity",
            |_, _| None,
            |c| {
                let p = c
                    .request_principal()
                    .ok_or(StsError::Authentication(AuthFailure::InvalidClientTokenId))?;
                Ok(GetCallerIdentityOutput {
                    user_id: p.user_id.clone(),
                    account: p.account.clone(),
                    arn: p.arn.clone(),
                })
            },
        )
    }

    /// `sts get-caller-identity`, kept infallible for existing callers: the
    /// current caller's identity, or — when its credentials are not valid —
    /// the identity the call claimed to be (the failed call is logged).
    /// Prefer [`Cloud::try_get_caller_identity`].
    pub fn get_caller_identity(&mut self) -> GetCallerIdentityOutput {
        match self.try_get_caller_identity() {
            Ok(out) => out,
            Err(_) => GetCallerIdentityOutput {
                user_id: self.learner_user_id.clone(),
                account: self.config.account_id.clone(),
                arn: self.iam_arn("user", "/", LEARNER_USER_NAME),
            },
        }
    }

    /// `sts assume-role`.
    pub fn assume_role(&mut self, input: AssumeRoleInput) -> Result<AssumeRoleOutput, StsError> {
        self.service_call(
            "sts",
            "AssumeRole",
            |_, _| None,
            |c| {
                let principal = c
                    .request_principal()
                    .cloned()
                    .ok_or(StsError::Authentication(AuthFailure::InvalidClientTokenId))?;
                c.assume_role_as(&principal, &input)
            },
        )
    }

    fn assume_role_as(
        &mut self,
        principal: &Principal,
        input: &AssumeRoleInput,
    ) -> Result<AssumeRoleOutput, StsError> {
        let name = &input.role_session_name;
        let len = name.chars().count();
        if len < 2 {
            return Err(constraint(
                name,
                "roleSessionName",
                "Member must have length greater than or equal to 2",
            ));
        }
        if len > 64 {
            return Err(constraint(
                name,
                "roleSessionName",
                "Member must have length less than or equal to 64",
            ));
        }
        if !name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "_+=,.@-".contains(ch))
        {
            return Err(constraint(
                name,
                "roleSessionName",
                "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            ));
        }
        if input.role_arn.chars().count() < 20 {
            return Err(constraint(
                &input.role_arn,
                "roleArn",
                "Member must have length greater than or equal to 20",
            ));
        }
        let denied = |reason: DenyReason| {
            StsError::AccessDenied(AccessDenied {
                principal_arn: principal.arn.clone(),
                action: "sts:AssumeRole".into(),
                resource: input.role_arn.clone(),
                reason,
            })
        };
        if principal.is_root() {
            return Err(denied(DenyReason::Rule(
                "Roles may not be assumed by root accounts.".into(),
            )));
        }
        let role = self
            .iam
            .roles
            .iter()
            .find(|r| self.iam_arn("role", &r.path, &r.role_name) == input.role_arn)
            .cloned()
            .ok_or_else(|| denied(DenyReason::NotAuthorized))?;
        // MFA proven now, if a device and code are given.
        let mut mfa_at = principal.mfa_authenticated_at;
        if let Some(serial) = &input.serial_number {
            let code = input.token_code.as_deref().unwrap_or("");
            if !self.mfa_code_matches(&principal.identity, serial, code) {
                return Err(denied(DenyReason::Rule(
                    "MultiFactorAuthentication failed with invalid MFA one time pass code.".into(),
                )));
            }
            mfa_at = Some(self.now);
        }
        let mut caller = principal.clone();
        caller.mfa_authenticated_at = mfa_at;
        let request =
            self.authz_request(&caller, "sts:AssumeRole", &input.role_arn, &Context::new());
        let trust = EvalPolicy {
            source: PolicySource {
                id: "AssumeRolePolicyDocument".into(),
                arn: None,
                source_type: PolicySourceType::Resource,
            },
            document: PolicyDocument::parse_stored(
                &role.assume_role_policy_document,
                DocumentKind::Trust,
            ),
        };
        let trust_decision = evaluate::evaluate(&request, std::slice::from_ref(&trust));
        let identity = self.identity_policies(&principal.identity);
        let identity_decision = evaluate::evaluate(&request, &identity);
        if identity_decision.effect == EvalEffect::ExplicitDeny {
            return Err(denied(DenyReason::ExplicitIdentityDeny));
        }
        if trust_decision.effect == EvalEffect::ExplicitDeny {
            return Err(denied(DenyReason::ExplicitResourceDeny));
        }
        if trust_decision.effect != EvalEffect::Allowed {
            return Err(denied(DenyReason::NotAuthorized));
        }
        let named_directly = trust_decision.matched_statements.iter().any(|m| {
            !m.effect_is_deny
                && trust
                    .document
                    .statements
                    .get(m.statement_index)
                    .and_then(|s| s.principal.as_ref())
                    .is_some_and(|p| names_exactly(p, &caller))
        });
        if !named_directly && identity_decision.effect != EvalEffect::Allowed {
            return Err(denied(DenyReason::NoIdentityPolicy));
        }
        let chained = matches!(principal.identity, CallerIdentity::AssumedRole { .. });
        let duration = input.duration_seconds.unwrap_or(3600);
        if duration < 900 {
            return Err(constraint(
                &duration.to_string(),
                "durationSeconds",
                "Member must have value greater than or equal to 900",
            ));
        }
        if chained && duration > 3600 {
            return Err(StsError::validation(
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
            ));
        }
        if duration > role.max_session_duration {
            return Err(StsError::validation(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            ));
        }
        if let Some(policy) = &input.policy {
            PolicyDocument::parse(policy, DocumentKind::Inline)
                .map_err(|e| StsError::MalformedPolicyDocument { message: e.message })?;
        }
        let rng = &mut self.iam.rng;
        let access_key_id = format!(
            "ASIA{}",
            random_chars(rng, 16, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        );
        let secret_access_key = random_chars(
            rng,
            40,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        );
        let session_token = format!(
            "IQoJb3JpZ2luX2VjE{}",
            digest::base64_encode(&rng.bytes(300))
        );
        let expires_at = self.now.plus(Duration::from_secs(u64::from(duration)));
        self.iam.sessions.push(RoleSession {
            access_key_id: access_key_id.clone(),
            secret_access_key: secret_access_key.clone(),
            session_token: session_token.clone(),
            role_name: role.role_name.clone(),
            session_name: name.clone(),
            issued_at: self.now,
            expires_at,
            mfa_authenticated: mfa_at.is_some(),
            chained,
            session_policy: input.policy.clone(),
        });
        Ok(AssumeRoleOutput {
            credentials: TemporaryCredentials {
                access_key_id,
                secret_access_key,
                session_token,
                expiration: Timestamp(expires_at),
            },
            assumed_role_user: AssumedRoleUser {
                assumed_role_id: format!("{}:{name}", role.role_id),
                arn: format!(
                    "arn:aws:sts::{}:assumed-role/{}/{name}",
                    self.config.account_id, role.role_name
                ),
            },
        })
    }

    /// Whether `code` is the current code (one step of drift) of MFA device
    /// `serial` enabled for `identity`.
    fn mfa_code_matches(&self, identity: &CallerIdentity, serial: &str, code: &str) -> bool {
        let assigned = match identity {
            CallerIdentity::User { user_name } => self
                .iam_user(user_name)
                .is_some_and(|u| u.mfa_devices.iter().any(|d| d.serial_number == serial)),
            CallerIdentity::Root => self
                .iam
                .root
                .mfa_devices
                .iter()
                .any(|d| d.serial_number == serial),
            CallerIdentity::AssumedRole { .. } => false,
        };
        let Some(device) = self
            .iam
            .virtual_mfa_devices
            .iter()
            .find(|d| d.serial_number == serial)
        else {
            return false;
        };
        let Some(secret) = digest::base32_decode(&device.seed_base32) else {
            return false;
        };
        let step = self.now.unix_seconds() / TOTP_STEP_SECONDS;
        assigned
            && code.len() == 6
            && (step.saturating_sub(1)..=step + 1).any(|k| hotp(&secret, k, TOTP_DIGITS) == code)
    }

    /// The live (unexpired) role sessions.
    pub fn role_sessions(&self) -> Vec<&iam::RoleSession> {
        self.iam
            .sessions
            .iter()
            .filter(|s| s.expires_at > self.now)
            .collect()
    }
}

/// Whether a trust policy principal names the caller itself (its user ARN,
/// or for a role session its role or session ARN), not just its account.
fn names_exactly(spec: &PrincipalSpec, caller: &Principal) -> bool {
    let PrincipalSpec::Typed(entries) = spec else {
        return false;
    };
    entries.iter().filter(|(k, _)| k == "AWS").any(|(_, ids)| {
        ids.iter()
            .any(|id| *id == caller.arn || caller.role_arn.as_deref() == Some(id.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credentials;
    use crate::iam::access_keys::AccessKeysInput;
    use crate::iam::mfa::{CreateVirtualMfaDeviceInput, EnableMfaDeviceInput, totp_code};
    use crate::iam::policies::{AttachRolePolicyInput, AttachUserPolicyInput};
    use crate::iam::roles::CreateRoleInput;
    use crate::iam::users::{CreateUserInput, ListUsersInput};

    fn trust(principal: &str, condition: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"sts:AssumeRole"{condition}}}]}}"#
        )
    }

    fn user_with_key(cloud: &mut Cloud, name: &str) -> Credentials {
        cloud
            .create_user(CreateUserInput {
                user_name: name.into(),
                ..Default::default()
            })
            .unwrap();
        let key = cloud
            .create_access_key(AccessKeysInput {
                user_name: Some(name.into()),
            })
            .unwrap()
            .access_key;
        Credentials {
            access_key_id: key.access_key_id,
            secret_access_key: key.secret_access_key,
            session_token: None,
        }
    }

    fn role(cloud: &mut Cloud, name: &str, trust_doc: String) -> String {
        cloud
            .create_role(CreateRoleInput {
                role_name: name.into(),
                assume_role_policy_document: trust_doc,
                ..Default::default()
            })
            .unwrap()
            .role
            .arn
    }

    fn assume(arn: &str) -> AssumeRoleInput {
        AssumeRoleInput {
            role_arn: arn.into(),
            role_session_name: "s1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn caller_identity_for_each_kind() {
        let mut cloud = Cloud::default();
        let me = cloud.try_get_caller_identity().unwrap();
        assert_eq!(me.arn, "arn:aws:iam::123456789012:user/learner");
        assert!(me.user_id.starts_with("AIDA"));
        assert_eq!(cloud.get_caller_identity(), me);
        let root = cloud
            .as_caller(CallerIdentity::Root)
            .try_get_caller_identity()
            .unwrap();
        assert_eq!(root.arn, "arn:aws:iam::123456789012:root");
        assert_eq!(root.user_id, "123456789012");
        let creds = user_with_key(&mut cloud, "alice");
        // No permission is needed for GetCallerIdentity.
        let alice = cloud
            .as_caller(creds.clone())
            .try_get_caller_identity()
            .unwrap();
        assert_eq!(alice.arn, "arn:aws:iam::123456789012:user/alice");
        let log = cloud.api_log().last().unwrap();
        assert_eq!(
            log.caller_arn.as_deref(),
            Some("arn:aws:iam::123456789012:user/alice")
        );
        assert_eq!(
            log.access_key_id.as_deref(),
            Some(creds.access_key_id.as_str())
        );
        let wrong = Credentials {
            secret_access_key: "x".repeat(40),
            ..creds.clone()
        };
        let e = cloud
            .as_caller(wrong)
            .try_get_caller_identity()
            .unwrap_err();
        assert_eq!(e.code(), "SignatureDoesNotMatch");
        assert_eq!(
            e.message(),
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method. Consult the service \
             documentation for details."
        );
        let unknown = Credentials {
            access_key_id: "AKIAAAAAAAAAAAAAAAAA".into(),
            ..creds
        };
        let e = cloud
            .as_caller(unknown)
            .try_get_caller_identity()
            .unwrap_err();
        assert_eq!(e.code(), "InvalidClientTokenId");
        assert_eq!(
            e.message(),
            "The security token included in the request is invalid."
        );
        assert_eq!(
            cloud.api_log().last().unwrap().error_code.as_deref(),
            Some("InvalidClientTokenId")
        );
    }

    #[test]
    fn assume_role_with_trust_naming_the_user() {
        let mut cloud = Cloud::default();
        let creds = user_with_key(&mut cloud, "alice");
        let arn = role(
            &mut cloud,
            "Auditor",
            trust("arn:aws:iam::123456789012:user/alice", ""),
        );
        cloud
            .attach_role_policy(AttachRolePolicyInput {
                role_name: "Auditor".into(),
                policy_arn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess".into(),
            })
            .unwrap();
        // alice has no policies, but the trust policy names her.
        let out = cloud
            .as_caller(creds.clone())
            .assume_role(assume(&arn))
            .unwrap();
        assert!(out.credentials.access_key_id.starts_with("ASIA"));
        assert_eq!(out.credentials.access_key_id.len(), 20);
        assert_eq!(
            out.assumed_role_user.arn,
            "arn:aws:sts::123456789012:assumed-role/Auditor/s1"
        );
        assert!(out.assumed_role_user.assumed_role_id.ends_with(":s1"));
        assert_eq!(
            serde_json::to_value(&out).unwrap()["Credentials"]["Expiration"],
            "2026-01-05T10:00:00+00:00"
        );
        let session = Credentials {
            access_key_id: out.credentials.access_key_id.clone(),
            secret_access_key: out.credentials.secret_access_key.clone(),
            session_token: Some(out.credentials.session_token.clone()),
        };
        let who = cloud
            .as_caller(session.clone())
            .try_get_caller_identity()
            .unwrap();
        assert_eq!(who.arn, out.assumed_role_user.arn);
        assert_eq!(who.user_id, out.assumed_role_user.assumed_role_id);
        // The session has the role's permissions, not alice's.
        assert!(
            cloud
                .as_caller(session.clone())
                .list_users(ListUsersInput::default())
                .is_ok()
        );
        let denied = cloud
            .as_caller(session.clone())
            .create_user(CreateUserInput {
                user_name: "x".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            denied.message(),
            "User: arn:aws:sts::123456789012:assumed-role/Auditor/s1 is not authorized to perform: \
             iam:CreateUser on resource: arn:aws:iam::123456789012:user/x because no \
             identity-based policy allows the iam:CreateUser action"
        );
        assert!(cloud.iam_role("Auditor").unwrap().last_used.is_some());
        // After an hour the token expires.
        cloud.advance(Duration::from_secs(3600));
        let expired = cloud
            .as_caller(session.clone())
            .try_get_caller_identity()
            .unwrap_err();
        assert_eq!(expired.code(), "ExpiredToken");
        assert_eq!(
            expired.message(),
            "The security token included in the request is expired"
        );
        // A missing or wrong token is not accepted.
        let no_token = Credentials {
            session_token: None,
            ..session
        };
        cloud.advance(Duration::ZERO);
        assert_eq!(
            cloud
                .as_caller(no_token)
                .try_get_caller_identity()
                .unwrap_err()
                .code(),
            "InvalidClientTokenId"
        );
        // bob is not in the trust policy.
        let bob = user_with_key(&mut cloud, "bob");
        let e = cloud.as_caller(bob).assume_role(assume(&arn)).unwrap_err();
        assert_eq!(e.code(), "AccessDenied");
        assert_eq!(
            e.message(),
            "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Auditor"
        );
    }

    #[test]
    fn account_trust_needs_an_identity_policy_and_limits() {
        let mut cloud = Cloud::default();
        let creds = user_with_key(&mut cloud, "alice");
        let arn = role(
            &mut cloud,
            "Admin",
            trust("arn:aws:iam::123456789012:root", ""),
        );
        let e = cloud
            .as_caller(creds.clone())
            .assume_role(assume(&arn))
            .unwrap_err();
        assert!(
            e.message()
                .ends_with("because no identity-based policy allows the sts:AssumeRole action")
        );
        cloud
            .attach_user_policy(AttachUserPolicyInput {
                user_name: "alice".into(),
                policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess".into(),
            })
            .unwrap();
        let too_long = cloud
            .as_caller(creds.clone())
            .assume_role(AssumeRoleInput {
                duration_seconds: Some(7200),
                ..assume(&arn)
            })
            .unwrap_err();
        assert_eq!(
            too_long.message(),
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
        );
        let short_name = cloud
            .as_caller(creds.clone())
            .assume_role(AssumeRoleInput {
                role_session_name: "x".into(),
                ..assume(&arn)
            })
            .unwrap_err();
        assert_eq!(short_name.code(), "ValidationError");
        cloud.as_caller(creds).assume_role(assume(&arn)).unwrap();
        let root = cloud
            .as_caller(CallerIdentity::Root)
            .assume_role(assume(&arn))
            .unwrap_err();
        assert_eq!(root.message(), "Roles may not be assumed by root accounts.");
        let missing = cloud
            .assume_role(assume("arn:aws:iam::123456789012:role/Nope"))
            .unwrap_err();
        assert_eq!(missing.code(), "AccessDenied");
    }

    #[test]
    fn trust_policy_can_require_mfa() {
        let mut cloud = Cloud::default();
        let arn = role(
            &mut cloud,
            "Admin",
            trust(
                "arn:aws:iam::123456789012:user/learner",
                r#","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#,
            ),
        );
        let no_mfa = cloud.assume_role(assume(&arn)).unwrap_err();
        assert_eq!(no_mfa.code(), "AccessDenied");
        let dev = cloud
            .create_virtual_mfa_device(CreateVirtualMfaDeviceInput {
                virtual_mfa_device_name: "phone".into(),
                ..Default::default()
            })
            .unwrap()
            .virtual_mfa_device;
        let c1 = totp_code(&dev.base32_string_seed, cloud.now());
        cloud.advance(Duration::from_secs(30));
        let c2 = totp_code(&dev.base32_string_seed, cloud.now());
        cloud
            .enable_mfa_device(EnableMfaDeviceInput {
                user_name: Some("learner".into()),
                serial_number: dev.serial_number.clone(),
                authentication_code1: c1,
                authentication_code2: c2,
            })
            .unwrap();
        let wrong = cloud
            .assume_role(AssumeRoleInput {
                serial_number: Some(dev.serial_number.clone()),
                token_code: Some("000000".into()),
                ..assume(&arn)
            })
            .unwrap_err();
        assert_eq!(
            wrong.message(),
            "MultiFactorAuthentication failed with invalid MFA one time pass code."
        );
        cloud.advance(Duration::from_secs(30));
        let code = totp_code(&dev.base32_string_seed, cloud.now());
        cloud
            .assume_role(AssumeRoleInput {
                serial_number: Some(dev.serial_number),
                token_code: Some(code),
                ..assume(&arn)
            })
            .unwrap();
    }

    #[test]
    fn session_policies_limit_the_session() {
        let mut cloud = Cloud::default();
        let arn = role(
            &mut cloud,
            "Admin",
            trust("arn:aws:iam::123456789012:user/learner", ""),
        );
        cloud
            .attach_role_policy(AttachRolePolicyInput {
                role_name: "Admin".into(),
                policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess".into(),
            })
            .unwrap();
        let out = cloud
            .assume_role(AssumeRoleInput {
                policy: Some(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:List*","Resource":"*"}}"#.into()),
                ..assume(&arn)
            })
            .unwrap();
        let session = Credentials {
            access_key_id: out.credentials.access_key_id,
            secret_access_key: out.credentials.secret_access_key,
            session_token: Some(out.credentials.session_token),
        };
        assert!(
            cloud
                .as_caller(session.clone())
                .list_users(ListUsersInput::default())
                .is_ok()
        );
        let e = cloud
            .as_caller(session)
            .create_user(CreateUserInput {
                user_name: "x".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            e.message()
                .ends_with("because no session policy allows the iam:CreateUser action")
        );
    }
}
