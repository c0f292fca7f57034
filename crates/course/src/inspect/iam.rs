//! IAM as checks see it: users, groups, keys, and policy decisions computed
//! live from the account's policies, without touching the API log.

use cloudlab_model::auth::{Caller, CallerIdentity};
use cloudlab_model::iam::evaluate::{self, EvalEffect};
use cloudlab_model::iam::{AccessKeyStatus, User};
use cloudlab_model::{Cloud, Credentials};

/// The ARN name of a policy: the part after the last `/`.
pub fn policy_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The IAM user with this name.
pub fn user<'a>(cloud: &'a Cloud, name: &str) -> Option<&'a User> {
    cloud.iam_user(name)
}

/// The ids of a user's active access keys.
pub fn active_keys(user: &User) -> Vec<String> {
    user.access_keys
        .iter()
        .filter(|key| key.status == AccessKeyStatus::Active)
        .map(|key| key.access_key_id.clone())
        .collect()
}

/// The newest access key id and secret of a user (what the learner copied
/// from `create-access-key`), for replayed lesson lines.
pub fn newest_key(cloud: &Cloud, user_name: &str) -> Option<(String, String)> {
    cloud
        .iam_user(user_name)?
        .access_keys
        .last()
        .map(|key| (key.access_key_id.clone(), key.secret_access_key.clone()))
}

/// The id of the root user's newest access key.
pub fn root_access_key(cloud: &Cloud) -> Option<String> {
    cloud
        .root_user()
        .access_keys
        .last()
        .map(|key| key.access_key_id.clone())
}

/// Who a set of CLI credentials signs in as: the IAM user name, `root`, or
/// the authentication error code.
pub fn signs_in_as(cloud: &Cloud, credentials: Credentials) -> Result<String, &'static str> {
    match cloud.authenticate(&Caller::Credentials(credentials)) {
        Ok(principal) => Ok(match principal.identity {
            CallerIdentity::Root => "root".to_string(),
            CallerIdentity::User { user_name } => user_name,
            CallerIdentity::AssumedRole { role_name, .. } => role_name,
        }),
        Err(failure) => Err(failure.code()),
    }
}

/// What IAM decides for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionView {
    /// `allowed`, `implicitDeny` or `explicitDeny`.
    pub decision: &'static str,
    /// The `Sid` of the deciding statement, if it has one.
    pub statement: Option<String>,
    /// The policy the deciding statement is in.
    pub policy: Option<String>,
}

/// The decision for `user` calling `action` on `resource`, as the policy
/// simulator computes it; `None` if there is no such user.
pub fn decision(cloud: &Cloud, user: &str, action: &str, resource: &str) -> Option<DecisionView> {
    cloud.iam_user(user)?;
    let identity = CallerIdentity::User {
        user_name: user.to_string(),
    };
    let principal = cloud
        .authenticate(&Caller::Identity(identity.clone()))
        .ok()?;
    let request = cloud.authz_request(&principal, action, resource, &Default::default());
    let policies = cloud.identity_policies(&identity);
    let decision = evaluate::evaluate(&request, &policies);
    Some(DecisionView {
        decision: match decision.effect {
            EvalEffect::Allowed => "allowed",
            EvalEffect::ImplicitDeny => "implicitDeny",
            EvalEffect::ExplicitDeny => "explicitDeny",
        },
        statement: decision.deciding.as_ref().and_then(|m| m.sid.clone()),
        policy: decision.deciding.map(|m| m.source.id),
    })
}
