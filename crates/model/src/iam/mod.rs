//! IAM: the account's root user, IAM users, groups, roles, managed and
//! inline policies, access keys, MFA devices, the account alias and password
//! policy — and how policies are validated ([`policy`]) and evaluated
//! ([`evaluate`]).
//!
//! IAM is global: its ARNs have no region (`arn:aws:iam::123456789012:user/alice`).
//! Every operation is a `Cloud` method named after the AWS operation, checked
//! against the caller's policies (`iam:<Operation>` on the entity's ARN) and
//! logged with service `iam`.
//!
//! A new account has the root user (no access keys, no MFA) and the IAM user
//! `learner` with `AdministratorAccess` and one access key: the identity the
//! CLI is configured with. IAM ids, keys and secrets come from their own
//! generator (seeded from the account seed), so IAM calls never shift EC2 ids.

pub mod access_keys;
pub mod account;
pub mod errors;
pub mod evaluate;
pub mod groups;
pub mod inline_policies;
pub mod instance_profiles;
pub mod json;
pub mod managed;
pub mod mfa;
pub mod policies;
pub mod policy;
pub mod roles;
pub mod simulate;
pub mod users;

use serde::{Deserialize, Serialize};

use crate::auth::{AuthFailure, CallerIdentity, Credentials, Principal};
use crate::clock::SimTime;
use crate::cloud::Cloud;
use crate::ec2::Tag;
use crate::rng::SimRng;
use errors::IamError;
use evaluate::{EvalPolicy, PolicySource, PolicySourceType};
use policy::{DocumentKind, PolicyDocument};

pub use access_keys::{AccessKey, AccessKeyStatus};
pub use account::{PasswordPolicy, RootUser};
pub use groups::Group;
pub use mfa::{VirtualMfaDevice, totp_code};
pub use policies::{CustomerManagedPolicy, PolicyVersionEntry};
pub use roles::Role;
pub use users::{LoginProfile, User};

/// The IAM user the CLI is configured as in a new account.
pub const LEARNER_USER_NAME: &str = "learner";

/// Salt mixed into the account seed for IAM's own generator.
const IAM_SEED_SALT: u64 = 0x1A4D_0000_5EED_0001;

/// An inline policy embedded in a user, group or role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlinePolicy {
    /// The policy name.
    pub policy_name: String,
    /// The document as given.
    pub document: String,
}

/// A role session created by `AssumeRole`: temporary credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSession {
    /// `ASIA...`.
    pub access_key_id: String,
    /// The secret.
    pub secret_access_key: String,
    /// The session token.
    pub session_token: String,
    /// The role.
    pub role_name: String,
    /// The session name.
    pub session_name: String,
    /// When the credentials were issued.
    pub issued_at: SimTime,
    /// When they expire.
    pub expires_at: SimTime,
    /// Whether the caller proved MFA when assuming the role.
    pub mfa_authenticated: bool,
    /// Whether the role was assumed by another role session (role chaining).
    pub chained: bool,
    /// The session policy given to `AssumeRole`, if any.
    pub session_policy: Option<String>,
}

/// Every IAM entity of the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IamState {
    pub(crate) rng: SimRng,
    pub(crate) root: RootUser,
    pub(crate) users: Vec<User>,
    pub(crate) groups: Vec<Group>,
    pub(crate) roles: Vec<Role>,
    pub(crate) policies: Vec<CustomerManagedPolicy>,
    pub(crate) virtual_mfa_devices: Vec<VirtualMfaDevice>,
    pub(crate) account_alias: Option<String>,
    pub(crate) password_policy: Option<PasswordPolicy>,
    pub(crate) sessions: Vec<RoleSession>,
    pub(crate) default_credentials: Credentials,
    #[serde(default)]
    pub(crate) instance_profiles: Vec<instance_profiles::InstanceProfile>,
}

impl IamState {
    /// The IAM state of a new account: the root user and the `learner` user
    /// (AdministratorAccess, one access key).
    pub(crate) fn new_account(seed: u64, learner_user_id: &str) -> IamState {
        let mut rng = SimRng::new(seed ^ IAM_SEED_SALT);
        let key = AccessKey::generate(&mut rng, SimTime::ZERO);
        let default_credentials = Credentials {
            access_key_id: key.access_key_id.clone(),
            secret_access_key: key.secret_access_key.clone(),
            session_token: None,
        };
        let learner = User {
            user_name: LEARNER_USER_NAME.to_string(),
            user_id: learner_user_id.to_string(),
            path: "/".to_string(),
            create_date: SimTime::ZERO,
            tags: Vec::new(),
            login_profile: None,
            access_keys: vec![key],
            inline_policies: Vec::new(),
            attached_policies: vec![managed::ADMINISTRATOR_ACCESS_ARN.to_string()],
            mfa_devices: Vec::new(),
            password_last_used: None,
        };
        IamState {
            rng,
            root: RootUser::new_account(),
            users: vec![learner],
            groups: Vec::new(),
            roles: Vec::new(),
            policies: Vec::new(),
            virtual_mfa_devices: Vec::new(),
            account_alias: None,
            password_policy: None,
            sessions: Vec::new(),
            default_credentials,
            instance_profiles: Vec::new(),
        }
    }
}

/// An IAM-style unique id: a 4-letter prefix and 17 characters of `[A-Z2-7]`.
pub(crate) fn unique_id(prefix: &str, rng: &mut SimRng) -> String {
    format!(
        "{prefix}{}",
        random_chars(rng, 17, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    )
}

/// `len` characters drawn from `alphabet`.
pub(crate) fn random_chars(rng: &mut SimRng, len: usize, alphabet: &[u8]) -> String {
    (0..len)
        .map(|_| {
            let i = rng.below(alphabet.len() as u64) as usize;
            char::from(alphabet.get(i).copied().unwrap_or(b'A'))
        })
        .collect()
}

/// `1 validation error detected: Value '<value>' at '<field>' failed to
/// satisfy constraint: <constraint>`.
pub(crate) fn constraint_error(value: &str, field: &str, constraint: &str) -> IamError {
    IamError::validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}"
    ))
}

/// Checks an IAM name (`[\w+=,.@-]+`, 1..=`max` characters).
pub(crate) fn validate_name(value: &str, field: &str, max: usize) -> Result<(), IamError> {
    let len = value.chars().count();
    if len < 1 {
        return Err(constraint_error(
            value,
            field,
            "Member must have length greater than or equal to 1",
        ));
    }
    if len > max {
        return Err(constraint_error(
            value,
            field,
            &format!("Member must have length less than or equal to {max}"),
        ));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
    {
        return Err(constraint_error(
            value,
            field,
            "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        ));
    }
    Ok(())
}

/// Checks a path (`/` or `/a/b/`), defaulting to `/`.
pub(crate) fn validate_path(path: Option<&str>) -> Result<String, IamError> {
    let path = match path {
        None | Some("") => return Ok("/".to_string()),
        Some(p) => p,
    };
    let ok = path == "/"
        || (path.len() >= 2
            && path.starts_with('/')
            && path.ends_with('/')
            && path.chars().all(|c| ('\u{21}'..='\u{7e}').contains(&c)));
    if path.chars().count() > 512 {
        return Err(constraint_error(
            path,
            "path",
            "Member must have length less than or equal to 512",
        ));
    }
    if !ok {
        return Err(IamError::validation(
            "The specified value for path is invalid. It must begin and end with / and contain \
             only alphanumeric characters and/or / characters.",
        ));
    }
    Ok(path.to_string())
}

/// Checks tags given to a create or tag call and merges them into `existing`
/// (a key given again replaces the value; keys compare without case).
pub(crate) fn merge_tags(existing: &mut Vec<Tag>, new: &[Tag]) -> Result<(), IamError> {
    for (i, t) in new.iter().enumerate() {
        if t.key.is_empty() || t.key.chars().count() > 128 {
            return Err(constraint_error(
                &t.key,
                &format!("tags.{}.member.key", i + 1),
                "Member must have length less than or equal to 128",
            ));
        }
        if t.value.chars().count() > 256 {
            return Err(constraint_error(
                &t.value,
                &format!("tags.{}.member.value", i + 1),
                "Member must have length less than or equal to 256",
            ));
        }
        if new
            .iter()
            .skip(i + 1)
            .any(|o| o.key.eq_ignore_ascii_case(&t.key))
        {
            return Err(IamError::invalid_input(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
            ));
        }
    }
    for t in new {
        match existing
            .iter_mut()
            .find(|e| e.key.eq_ignore_ascii_case(&t.key))
        {
            Some(e) => *e = t.clone(),
            None => existing.push(t.clone()),
        }
    }
    if existing.len() > 50 {
        return Err(IamError::limit(
            "The number of tags has reached the maximum limit.",
        ));
    }
    Ok(())
}

/// Parses a policy document for storing, with IAM's error.
pub(crate) fn parse_policy(text: &str, kind: DocumentKind) -> Result<PolicyDocument, IamError> {
    PolicyDocument::parse(text, kind).map_err(|e| IamError::malformed(e.message))
}

impl Cloud {
    /// The account's IAM state (read-only, no logging).
    pub fn iam(&self) -> &IamState {
        &self.iam
    }

    /// `arn:aws:iam::<account>:root`.
    pub fn root_arn(&self) -> String {
        format!("arn:aws:iam::{}:root", self.config.account_id)
    }

    /// The ARN of an IAM entity: `arn:aws:iam::<account>:<kind><path><name>`.
    pub(crate) fn iam_arn(&self, kind: &str, path: &str, name: &str) -> String {
        format!("arn:aws:iam::{}:{kind}{path}{name}", self.config.account_id)
    }

    /// The credentials the CLI is configured with in a new account (the
    /// `learner` user's first access key), for `~/.aws/credentials`.
    pub fn default_cli_credentials(&self) -> Credentials {
        self.iam.default_credentials.clone()
    }

    /// The principal of the request being served (inside an operation).
    pub(crate) fn request_principal(&self) -> Option<&Principal> {
        self.request.as_ref()
    }

    /// Builds the principal for a signed-in identity.
    pub(crate) fn principal_for(
        &self,
        identity: &CallerIdentity,
        access_key_id: Option<String>,
        mfa_at: Option<SimTime>,
        token_issued_at: Option<SimTime>,
    ) -> Result<Principal, AuthFailure> {
        let account = self.config.account_id.clone();
        match identity {
            CallerIdentity::Root => {
                // A console sign-in with an MFA device asks for a code.
                let console_mfa = access_key_id.is_none() && !self.iam.root.mfa_devices.is_empty();
                Ok(Principal {
                    identity: identity.clone(),
                    arn: self.root_arn(),
                    user_id: account.clone(),
                    account,
                    access_key_id,
                    mfa_authenticated_at: mfa_at.or(console_mfa.then_some(self.now)),
                    token_issued_at,
                    role_arn: None,
                    session_policy: None,
                })
            }
            CallerIdentity::User { user_name } => {
                let user = self
                    .iam_user(user_name)
                    .ok_or(AuthFailure::InvalidClientTokenId)?;
                let console_mfa = access_key_id.is_none() && !user.mfa_devices.is_empty();
                Ok(Principal {
                    identity: identity.clone(),
                    arn: self.iam_arn("user", &user.path, &user.user_name),
                    user_id: user.user_id.clone(),
                    account,
                    access_key_id,
                    mfa_authenticated_at: mfa_at.or(console_mfa.then_some(self.now)),
                    token_issued_at,
                    role_arn: None,
                    session_policy: None,
                })
            }
            CallerIdentity::AssumedRole {
                role_name,
                session_name,
            } => {
                let role = self
                    .iam_role(role_name)
                    .ok_or(AuthFailure::InvalidClientTokenId)?;
                Ok(Principal {
                    identity: identity.clone(),
                    arn: format!(
                        "arn:aws:sts::{account}:assumed-role/{}/{session_name}",
                        role.role_name
                    ),
                    user_id: format!("{}:{session_name}", role.role_id),
                    role_arn: Some(self.iam_arn("role", &role.path, &role.role_name)),
                    account,
                    access_key_id,
                    mfa_authenticated_at: mfa_at,
                    token_issued_at: token_issued_at.or(Some(self.now)),
                    session_policy: None,
                })
            }
        }
    }

    /// Authenticates access keys: long-term keys of users and of the root
    /// user, and role-session credentials.
    pub(crate) fn authenticate_credentials(
        &self,
        c: &Credentials,
    ) -> Result<Principal, AuthFailure> {
        let check = |key: &AccessKey| -> Result<(), AuthFailure> {
            if key.status != AccessKeyStatus::Active {
                return Err(AuthFailure::InvalidClientTokenId);
            }
            if key.secret_access_key != c.secret_access_key {
                return Err(AuthFailure::SignatureDoesNotMatch);
            }
            Ok(())
        };
        if let Some(key) = self
            .iam
            .root
            .access_keys
            .iter()
            .find(|k| k.access_key_id == c.access_key_id)
        {
            check(key)?;
            return self.principal_for(
                &CallerIdentity::Root,
                Some(key.access_key_id.clone()),
                None,
                None,
            );
        }
        for user in &self.iam.users {
            if let Some(key) = user
                .access_keys
                .iter()
                .find(|k| k.access_key_id == c.access_key_id)
            {
                check(key)?;
                return self.principal_for(
                    &CallerIdentity::User {
                        user_name: user.user_name.clone(),
                    },
                    Some(key.access_key_id.clone()),
                    None,
                    None,
                );
            }
        }
        if let Some(session) = self
            .iam
            .sessions
            .iter()
            .find(|s| s.access_key_id == c.access_key_id)
        {
            if c.session_token.as_deref() != Some(session.session_token.as_str()) {
                return Err(AuthFailure::InvalidClientTokenId);
            }
            if session.secret_access_key != c.secret_access_key {
                return Err(AuthFailure::SignatureDoesNotMatch);
            }
            if self.now >= session.expires_at {
                return Err(AuthFailure::ExpiredToken);
            }
            let mut principal = self.principal_for(
                &CallerIdentity::AssumedRole {
                    role_name: session.role_name.clone(),
                    session_name: session.session_name.clone(),
                },
                Some(session.access_key_id.clone()),
                session.mfa_authenticated.then_some(session.issued_at),
                Some(session.issued_at),
            )?;
            principal.session_policy = session.session_policy.clone();
            return Ok(principal);
        }
        Err(AuthFailure::InvalidClientTokenId)
    }

    /// The tags of a user or role (for `aws:PrincipalTag/...`).
    pub(crate) fn principal_tags(&self, identity: &CallerIdentity) -> Vec<Tag> {
        match identity {
            CallerIdentity::Root => Vec::new(),
            CallerIdentity::User { user_name } => self
                .iam_user(user_name)
                .map(|u| u.tags.clone())
                .unwrap_or_default(),
            CallerIdentity::AssumedRole { role_name, .. } => self
                .iam_role(role_name)
                .map(|r| r.tags.clone())
                .unwrap_or_default(),
        }
    }

    /// A managed policy's default document and its source (AWS or customer).
    pub(crate) fn managed_policy_eval(&self, arn: &str) -> Option<EvalPolicy> {
        if let Some(p) = managed::aws_managed_policy(arn) {
            return Some(EvalPolicy {
                source: PolicySource {
                    id: p.name.to_string(),
                    arn: Some(arn.to_string()),
                    source_type: PolicySourceType::AwsManaged,
                },
                document: PolicyDocument::parse_stored(p.document, DocumentKind::Managed),
            });
        }
        let p = self.customer_policy(arn)?;
        Some(EvalPolicy {
            source: PolicySource {
                id: p.policy_name.clone(),
                arn: Some(arn.to_string()),
                source_type: PolicySourceType::UserManaged,
            },
            document: PolicyDocument::parse_stored(p.default_document(), DocumentKind::Managed),
        })
    }

    fn inline_eval(policy: &InlinePolicy, source_type: PolicySourceType) -> EvalPolicy {
        EvalPolicy {
            source: PolicySource {
                id: policy.policy_name.clone(),
                arn: None,
                source_type,
            },
            document: PolicyDocument::parse_stored(&policy.document, DocumentKind::Inline),
        }
    }

    /// A user's identity-based policies: inline, attached, then each group's.
    pub(crate) fn user_policies(&self, user_name: &str) -> Vec<EvalPolicy> {
        let Some(user) = self.iam_user(user_name) else {
            return Vec::new();
        };
        let mut out: Vec<EvalPolicy> = user
            .inline_policies
            .iter()
            .map(|p| Cloud::inline_eval(p, PolicySourceType::User))
            .collect();
        out.extend(
            user.attached_policies
                .iter()
                .filter_map(|arn| self.managed_policy_eval(arn)),
        );
        for group in self
            .iam
            .groups
            .iter()
            .filter(|g| g.members.iter().any(|m| m == user_name))
        {
            out.extend(
                group
                    .inline_policies
                    .iter()
                    .map(|p| Cloud::inline_eval(p, PolicySourceType::Group)),
            );
            out.extend(
                group
                    .attached_policies
                    .iter()
                    .filter_map(|arn| self.managed_policy_eval(arn)),
            );
        }
        out
    }

    /// A role's identity-based policies: inline, then attached.
    pub(crate) fn role_policies(&self, role_name: &str) -> Vec<EvalPolicy> {
        let Some(role) = self.iam_role(role_name) else {
            return Vec::new();
        };
        let mut out: Vec<EvalPolicy> = role
            .inline_policies
            .iter()
            .map(|p| Cloud::inline_eval(p, PolicySourceType::Role))
            .collect();
        out.extend(
            role.attached_policies
                .iter()
                .filter_map(|arn| self.managed_policy_eval(arn)),
        );
        out
    }

    /// Runs an IAM operation as the current caller: authenticates, checks
    /// `iam:<operation>` on the resource `resource` names (given the
    /// principal), runs `body` and logs the call.
    pub(crate) fn iam_call<T>(
        &mut self,
        operation: &str,
        resource: impl FnOnce(&Cloud, &Principal) -> String,
        body: impl FnOnce(&mut Cloud) -> Result<T, IamError>,
    ) -> Result<T, IamError> {
        let action = format!("iam:{operation}");
        self.service_call(
            "iam",
            operation,
            |c, p| Some((action, resource(c, p), Default::default())),
            body,
        )
    }

    /// The user a call is about: `user_name`, or the caller itself when it is
    /// omitted (an error for callers that are not IAM users, except root
    /// where `allow_root` says the root user is meant).
    pub(crate) fn target_user(&self, user_name: Option<&str>) -> Result<TargetUser, IamError> {
        match user_name.filter(|n| !n.is_empty()) {
            Some(name) => Ok(TargetUser::User(name.to_string())),
            None => match self.request_principal().map(|p| &p.identity) {
                Some(CallerIdentity::User { user_name }) => Ok(TargetUser::User(user_name.clone())),
                Some(CallerIdentity::Root) => Ok(TargetUser::Root),
                _ => Err(IamError::validation(
                    "Must specify userName when calling with non-User credentials",
                )),
            },
        }
    }

    /// The ARN a call about `user_name` (or the caller) is authorized on.
    pub(crate) fn target_user_arn(&self, principal: &Principal, user_name: Option<&str>) -> String {
        match user_name.filter(|n| !n.is_empty()) {
            Some(name) => self.user_arn(name),
            None => match &principal.identity {
                CallerIdentity::User { user_name } => self.user_arn(user_name),
                _ => principal.arn.clone(),
            },
        }
    }

    /// The ARN of user `name` (path `/` when it does not exist).
    pub(crate) fn user_arn(&self, name: &str) -> String {
        let path = self.iam_user(name).map_or("/", |u| u.path.as_str());
        self.iam_arn("user", path, name)
    }
}

/// The path a `List*` call is authorized on: its `PathPrefix`, `/` when
/// none is given.
pub(crate) fn list_path(prefix: Option<&str>) -> String {
    match prefix.filter(|p| !p.is_empty()) {
        Some(prefix) => prefix.to_string(),
        None => "/".to_string(),
    }
}

/// The user an operation acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TargetUser {
    /// The root user (a root caller that named no user).
    Root,
    /// An IAM user by name.
    User(String),
}
