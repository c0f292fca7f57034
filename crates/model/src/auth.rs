//! Who is calling: callers, authentication and authorization.
//!
//! Every operation runs as a *caller*. By default that is the account's CLI
//! identity: the IAM user `learner` (AdministratorAccess) signing with its
//! access key, so existing code keeps working unchanged. To act as someone
//! else, either
//! - wrap one call: `cloud.as_caller(CallerIdentity::Root).create_access_key(..)`
//!   ([`Cloud::as_caller`] returns a guard that derefs to the `Cloud` and puts
//!   the previous caller back when dropped), or
//! - set it for every call until changed: [`Cloud::set_caller`] (what a
//!   terminal does after `aws configure`).
//!
//! A caller is an identity the console signed in ([`CallerIdentity`]) or a set
//! of [`Credentials`] (access key id, secret, session token), checked on every
//! request as AWS does: an unknown or inactive key is `InvalidClientTokenId`,
//! a wrong secret `SignatureDoesNotMatch`, an expired session `ExpiredToken`
//! (EC2 says `AuthFailure` / `RequestExpired`).
//!
//! Then the request is authorized ([`Cloud::authorize`]): the root user may do
//! anything; an IAM user needs an identity-based policy (its own, or its
//! groups') that allows the action on the resource; a role session needs one
//! of the role's policies. Denials carry AWS's wording ([`AccessDenied`]).

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::cloud::Cloud;
use crate::iam::evaluate::{
    self, AuthzRequest, Context, ContextValue, EvalEffect, EvalPolicy, PolicySource,
    PolicySourceType, PrincipalKind, RequestPrincipal,
};
use crate::iam::policy::{DocumentKind, PolicyDocument};

/// An identity signed in without keys (the console, or a test).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallerIdentity {
    /// The account's root user.
    Root,
    /// An IAM user.
    User {
        /// The user name.
        user_name: String,
    },
    /// A session of an IAM role (as the console's "Switch role" makes).
    AssumedRole {
        /// The role name.
        role_name: String,
        /// The session name.
        session_name: String,
    },
}

/// Access keys as the CLI sends them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// `AKIA...` (long-term) or `ASIA...` (temporary).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token, for temporary credentials.
    pub session_token: Option<String>,
}

/// Who makes a request: a signed-in identity or a set of credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Caller {
    /// An identity the console signed in.
    Identity(CallerIdentity),
    /// Credentials, checked on every request.
    Credentials(Credentials),
}

impl From<CallerIdentity> for Caller {
    fn from(identity: CallerIdentity) -> Caller {
        Caller::Identity(identity)
    }
}

impl From<Credentials> for Caller {
    fn from(credentials: Credentials) -> Caller {
        Caller::Credentials(credentials)
    }
}

/// Why a request could not be authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthFailure {
    /// No such access key, an inactive one, or an identity that no longer
    /// exists: `InvalidClientTokenId`.
    InvalidClientTokenId,
    /// The secret does not match the key: `SignatureDoesNotMatch`.
    SignatureDoesNotMatch,
    /// The temporary credentials have expired: `ExpiredToken`.
    ExpiredToken,
}

impl AuthFailure {
    /// The code IAM, STS and other query services answer with.
    pub fn code(self) -> &'static str {
        match self {
            AuthFailure::InvalidClientTokenId => "InvalidClientTokenId",
            AuthFailure::SignatureDoesNotMatch => "SignatureDoesNotMatch",
            AuthFailure::ExpiredToken => "ExpiredToken",
        }
    }

    /// AWS's message.
    pub fn message(self) -> &'static str {
        match self {
            AuthFailure::InvalidClientTokenId => {
                "The security token included in the request is invalid."
            }
            AuthFailure::SignatureDoesNotMatch => {
                "The request signature we calculated does not match the signature you provided. \
                 Check your AWS Secret Access Key and signing method. Consult the service \
                 documentation for details."
            }
            AuthFailure::ExpiredToken => "The security token included in the request is expired",
        }
    }

    /// The HTTP status (403, or 400 for an expired token).
    pub fn http_status(self) -> u16 {
        match self {
            AuthFailure::ExpiredToken => 400,
            _ => 403,
        }
    }
}

/// Why an authorized principal was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DenyReason {
    /// No identity-based policy allows the action.
    NoIdentityPolicy,
    /// An identity-based policy denies it.
    ExplicitIdentityDeny,
    /// The resource's policy (e.g. a role's trust policy) does not allow it.
    NoResourcePolicy,
    /// The resource's policy denies it.
    ExplicitResourceDeny,
    /// The session policy of a role session does not allow it.
    NoSessionPolicy,
    /// The session policy of a role session denies it.
    ExplicitSessionDeny,
    /// Not authorized, with no reason given (as `sts:AssumeRole` answers when
    /// the role's trust policy does not let the caller in).
    NotAuthorized,
    /// A fixed rule with its own message (e.g. roles cannot be assumed by root).
    Rule(String),
}

/// An access-denied answer, in AWS's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessDenied {
    /// The caller's ARN.
    pub principal_arn: String,
    /// The action, e.g. `iam:CreateUser`.
    pub action: String,
    /// The resource ARN, or `*`.
    pub resource: String,
    /// Why.
    pub reason: DenyReason,
}

impl AccessDenied {
    /// `User: arn:... is not authorized to perform: iam:CreateUser on resource:
    /// arn:... because no identity-based policy allows the iam:CreateUser action`
    /// (the resource part is left out for `*`).
    pub fn message(&self) -> String {
        if let DenyReason::Rule(message) = &self.reason {
            return message.clone();
        }
        let on = if self.resource == "*" {
            String::new()
        } else {
            format!(" on resource: {}", self.resource)
        };
        let why = match self.reason {
            DenyReason::NoIdentityPolicy => format!(
                "because no identity-based policy allows the {} action",
                self.action
            ),
            DenyReason::ExplicitIdentityDeny => {
                "with an explicit deny in an identity-based policy".to_string()
            }
            DenyReason::NoResourcePolicy => format!(
                "because no resource-based policy allows the {} action",
                self.action
            ),
            DenyReason::ExplicitResourceDeny => {
                "with an explicit deny in a resource-based policy".to_string()
            }
            DenyReason::NoSessionPolicy => format!(
                "because no session policy allows the {} action",
                self.action
            ),
            DenyReason::ExplicitSessionDeny => {
                "with an explicit deny in a session policy".to_string()
            }
            DenyReason::NotAuthorized | DenyReason::Rule(_) => String::new(),
        };
        let message = format!(
            "User: {} is not authorized to perform: {}{on} {why}",
            self.principal_arn, self.action
        );
        message.trim_end().to_string()
    }
}

/// Authentication or authorization failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthError {
    /// The caller could not be authenticated.
    Authentication(AuthFailure),
    /// The caller is not allowed.
    Denied(AccessDenied),
}

/// An authenticated principal making one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// Who it is.
    pub identity: CallerIdentity,
    /// Its ARN (`arn:aws:iam::123456789012:root`, `...:user/alice`,
    /// `arn:aws:sts::123456789012:assumed-role/Admin/session`).
    pub arn: String,
    /// `aws:userid`: the account id (root), `AIDA...` (user),
    /// `AROA...:session` (role session).
    pub user_id: String,
    /// The account id.
    pub account: String,
    /// The access key that signed the request, if any.
    pub access_key_id: Option<String>,
    /// When the principal last authenticated with MFA, if it did.
    pub mfa_authenticated_at: Option<SimTime>,
    /// For temporary credentials: when they were issued.
    pub token_issued_at: Option<SimTime>,
    /// For a role session: the role's ARN.
    pub role_arn: Option<String>,
    /// For a role session: the session policy given to `AssumeRole`.
    pub session_policy: Option<String>,
}

impl Principal {
    /// The principal as resource-based policies match it.
    pub fn request_principal(&self) -> RequestPrincipal {
        RequestPrincipal {
            arn: self.arn.clone(),
            account: self.account.clone(),
            kind: match self.identity {
                CallerIdentity::Root => PrincipalKind::Root,
                CallerIdentity::User { .. } => PrincipalKind::User,
                CallerIdentity::AssumedRole { .. } => PrincipalKind::AssumedRole,
            },
            role_arn: self.role_arn.clone(),
        }
    }

    /// Whether this is the root user.
    pub fn is_root(&self) -> bool {
        self.identity == CallerIdentity::Root
    }
}

/// A `Cloud` borrowed to act as another caller; the previous caller comes
/// back when this is dropped.
pub struct AsCaller<'a> {
    cloud: &'a mut Cloud,
    previous: Option<Caller>,
}

impl Deref for AsCaller<'_> {
    type Target = Cloud;
    fn deref(&self) -> &Cloud {
        self.cloud
    }
}

impl DerefMut for AsCaller<'_> {
    fn deref_mut(&mut self) -> &mut Cloud {
        self.cloud
    }
}

impl Drop for AsCaller<'_> {
    fn drop(&mut self) {
        self.cloud.caller = self.previous.take();
    }
}

impl Cloud {
    /// The caller every operation runs as; `None` means the default CLI
    /// identity (the `learner` user's access key).
    pub fn caller(&self) -> Option<&Caller> {
        self.caller.as_ref()
    }

    /// Makes every following call run as `caller` (`None`: the default CLI
    /// identity).
    pub fn set_caller(&mut self, caller: Option<Caller>) {
        self.caller = caller;
    }

    /// Runs what follows as `caller`, e.g.
    /// `cloud.as_caller(CallerIdentity::Root).create_access_key(input)`.
    pub fn as_caller(&mut self, caller: impl Into<Caller>) -> AsCaller<'_> {
        let previous = self.caller.replace(caller.into());
        AsCaller {
            cloud: self,
            previous,
        }
    }

    /// The caller requests run as, with the default filled in.
    pub fn effective_caller(&self) -> Caller {
        self.caller
            .clone()
            .unwrap_or_else(|| Caller::Credentials(self.default_cli_credentials()))
    }

    /// Authenticates `caller` without side effects (no logging).
    pub fn authenticate(&self, caller: &Caller) -> Result<Principal, AuthFailure> {
        match caller {
            Caller::Identity(identity) => self.principal_for(identity, None, None, None),
            Caller::Credentials(c) => self.authenticate_credentials(c),
        }
    }

    /// Authenticates the current caller (see [`Cloud::authenticate`]).
    pub fn current_principal(&self) -> Result<Principal, AuthFailure> {
        self.authenticate(&self.effective_caller())
    }

    /// Whether `caller` may perform `action` (e.g. `ec2:RunInstances`) on
    /// `resource` (an ARN or `*`), with extra request `context` keys. No
    /// logging; the same check every operation makes.
    pub fn authorize(
        &self,
        caller: &Caller,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Result<(), AuthError> {
        let principal = self
            .authenticate(caller)
            .map_err(AuthError::Authentication)?;
        self.authorize_principal(&principal, action, resource, context)
            .map_err(AuthError::Denied)
    }

    /// Decides an authenticated principal's request against its
    /// identity-based policies.
    pub fn authorize_principal(
        &self,
        principal: &Principal,
        action: &str,
        resource: &str,
        extra_context: &Context,
    ) -> Result<(), AccessDenied> {
        if principal.is_root() {
            return Ok(());
        }
        let policies = self.identity_policies(&principal.identity);
        let session = principal.session_policy.as_ref().map(|text| EvalPolicy {
            source: PolicySource {
                id: "SessionPolicy".into(),
                arn: None,
                source_type: PolicySourceType::None,
            },
            document: PolicyDocument::parse_stored(text, DocumentKind::Inline),
        });
        // Most policies have no conditions and no variables: then the global keys
        // (time, source IP, principal) are never read, and are not built.
        let reads_context = policies
            .iter()
            .chain(session.iter())
            .any(|p| p.document.reads_context());
        let request = if reads_context {
            self.authz_request(principal, action, resource, extra_context)
        } else {
            AuthzRequest {
                principal: principal.request_principal(),
                action: action.to_string(),
                resource: resource.to_string(),
                context: extra_context.clone(),
            }
        };
        let decision = evaluate::evaluate(&request, &policies);
        let deny = |reason: DenyReason| AccessDenied {
            principal_arn: principal.arn.clone(),
            action: action.to_string(),
            resource: resource.to_string(),
            reason,
        };
        match decision.effect {
            EvalEffect::Allowed => {}
            EvalEffect::ExplicitDeny => return Err(deny(DenyReason::ExplicitIdentityDeny)),
            EvalEffect::ImplicitDeny => return Err(deny(DenyReason::NoIdentityPolicy)),
        }
        if let Some(session) = session {
            match evaluate::evaluate(&request, &[session]).effect {
                EvalEffect::Allowed => {}
                EvalEffect::ExplicitDeny => return Err(deny(DenyReason::ExplicitSessionDeny)),
                EvalEffect::ImplicitDeny => return Err(deny(DenyReason::NoSessionPolicy)),
            }
        }
        Ok(())
    }

    /// The full request for `principal`: global condition keys (time, source
    /// IP, principal keys and tags, MFA) plus `extra`.
    pub fn authz_request(
        &self,
        principal: &Principal,
        action: &str,
        resource: &str,
        extra: &Context,
    ) -> AuthzRequest {
        let mut context = self.global_context(principal, action);
        for (k, v) in extra {
            context.insert(k.clone(), v.clone());
        }
        AuthzRequest {
            principal: principal.request_principal(),
            action: action.to_string(),
            resource: resource.to_string(),
            context,
        }
    }

    fn global_context(&self, principal: &Principal, action: &str) -> Context {
        let mut c = Context::new();
        let mut put = |k: &str, v: String| {
            c.insert(k.to_string(), ContextValue::Single(v));
        };
        put("aws:CurrentTime", self.now.to_iso8601());
        put("aws:EpochTime", self.now.unix_seconds().to_string());
        put("aws:SourceIp", self.config.learner_ip.to_string());
        put("aws:SecureTransport", "true".into());
        let global = ["iam:", "sts:", "budgets:", "organizations:", "account:"]
            .iter()
            .any(|p| action.to_ascii_lowercase().starts_with(p));
        put(
            "aws:RequestedRegion",
            if global {
                "us-east-1".to_string()
            } else {
                self.region_name().to_string()
            },
        );
        put("aws:PrincipalAccount", principal.account.clone());
        put("aws:userid", principal.user_id.clone());
        let (kind, principal_arn) = match &principal.identity {
            CallerIdentity::Root => ("Account", principal.arn.clone()),
            CallerIdentity::User { user_name } => {
                put("aws:username", user_name.clone());
                ("User", principal.arn.clone())
            }
            CallerIdentity::AssumedRole { .. } => (
                "AssumedRole",
                principal.role_arn.clone().unwrap_or_default(),
            ),
        };
        put("aws:PrincipalType", kind.into());
        put("aws:PrincipalArn", principal_arn);
        if let Some(at) = principal.mfa_authenticated_at {
            put("aws:MultiFactorAuthPresent", "true".into());
            put(
                "aws:MultiFactorAuthAge",
                self.now.since(at).as_secs().to_string(),
            );
        } else if principal.token_issued_at.is_some() {
            put("aws:MultiFactorAuthPresent", "false".into());
        }
        if let Some(at) = principal.token_issued_at {
            put("aws:TokenIssueTime", at.to_iso8601());
        }
        for tag in self.principal_tags(&principal.identity) {
            c.insert(
                format!("aws:PrincipalTag/{}", tag.key),
                ContextValue::Single(tag.value),
            );
        }
        c
    }

    /// The identity-based policies of an identity, in evaluation order: for a
    /// user its inline policies, its managed policies, then each group's; for
    /// a role session the role's.
    pub fn identity_policies(&self, identity: &CallerIdentity) -> Vec<EvalPolicy> {
        match identity {
            CallerIdentity::Root => Vec::new(),
            CallerIdentity::User { user_name } => self.user_policies(user_name),
            CallerIdentity::AssumedRole { role_name, .. } => self.role_policies(role_name),
        }
    }
}

/// Wraps the authentication and authorization failures of one service.
pub(crate) trait ServiceError: Sized {
    /// The service's answer to a failed authentication.
    fn from_auth_failure(failure: AuthFailure) -> Self;
    /// The service's answer to a denial.
    fn from_access_denied(denied: AccessDenied) -> Self;
    /// The error code, for the API log.
    fn error_code(&self) -> &'static str;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_denied_messages_follow_aws() {
        let d = AccessDenied {
            principal_arn: "arn:aws:iam::123456789012:user/alice".into(),
            action: "iam:CreateUser".into(),
            resource: "arn:aws:iam::123456789012:user/bob".into(),
            reason: DenyReason::NoIdentityPolicy,
        };
        assert_eq!(
            d.message(),
            "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: \
             iam:CreateUser on resource: arn:aws:iam::123456789012:user/bob because no \
             identity-based policy allows the iam:CreateUser action"
        );
        let explicit = AccessDenied {
            reason: DenyReason::ExplicitIdentityDeny,
            ..d.clone()
        };
        assert!(
            explicit
                .message()
                .ends_with("on resource: arn:aws:iam::123456789012:user/bob with an explicit deny in an identity-based policy")
        );
        let star = AccessDenied {
            action: "ec2:DescribeInstances".into(),
            resource: "*".into(),
            ..d
        };
        assert_eq!(
            star.message(),
            "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: \
             ec2:DescribeInstances because no identity-based policy allows the \
             ec2:DescribeInstances action"
        );
        assert_eq!(AuthFailure::ExpiredToken.http_status(), 400);
        assert_eq!(
            AuthFailure::SignatureDoesNotMatch.code(),
            "SignatureDoesNotMatch"
        );
    }
}
