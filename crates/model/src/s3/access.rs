//! Who may do what to a bucket: Block Public Access (`PutPublicAccessBlock`,
//! `GetPublicAccessBlock`, `DeletePublicAccessBlock`), the bucket policy
//! (`PutBucketPolicy`, `GetBucketPolicy`, `DeleteBucketPolicy`,
//! `GetBucketPolicyStatus`) and the decision every request gets.
//!
//! Within the account a request is allowed when an identity-based policy or the
//! bucket policy allows it and neither denies it (IAM's evaluator decides both).
//! A request nobody signed (a browser on the website endpoint) is allowed only by
//! a bucket policy that grants it to everyone, and only while Block Public Access
//! lets public policies take effect. A policy is public when an `Allow` names
//! every principal without a condition that pins the caller down (AWS's
//! "The meaning of public"); `BlockPublicPolicy` refuses such a policy outright.
//! A bucket policy's denials bind the root user too, except that the root user
//! may always read, replace and delete the policy itself.

use serde::{Deserialize, Serialize};

use super::errors::S3Error;
use super::{Bucket, PublicAccessBlock};
use crate::auth::{AccessDenied, DenyReason, Principal};
use crate::cloud::Cloud;
use crate::iam::evaluate::{
    self, AuthzRequest, Context, ContextValue, EvalEffect, EvalPolicy, PolicySource,
    PolicySourceType, PrincipalKind, RequestPrincipal,
};
use crate::iam::policy::{
    ActionSpec, DocumentKind, Effect, PolicyDocument, PrincipalSpec, ResourceSpec, Statement,
};

/// `PutPublicAccessBlock` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutPublicAccessBlockInput {
    /// The bucket.
    pub bucket: String,
    /// The four settings (a missing one is off).
    pub public_access_block_configuration: PublicAccessBlockConfiguration,
}

/// The four settings as a request gives them: any may be left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublicAccessBlockConfiguration {
    /// `BlockPublicAcls`.
    pub block_public_acls: Option<bool>,
    /// `IgnorePublicAcls`.
    pub ignore_public_acls: Option<bool>,
    /// `BlockPublicPolicy`.
    pub block_public_policy: Option<bool>,
    /// `RestrictPublicBuckets`.
    pub restrict_public_buckets: Option<bool>,
}

/// `GetPublicAccessBlock` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPublicAccessBlockOutput {
    /// The settings.
    pub public_access_block_configuration: PublicAccessBlock,
}

/// `PutBucketPolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutBucketPolicyInput {
    /// The bucket.
    pub bucket: String,
    /// The policy document.
    pub policy: String,
}

/// `GetBucketPolicy` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketPolicyOutput {
    /// The policy document, as written.
    pub policy: String,
}

/// `GetBucketPolicyStatus` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketPolicyStatusOutput {
    /// Whether the policy is public.
    pub policy_status: PolicyStatus,
}

/// Whether a bucket policy is public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyStatus {
    /// `IsPublic`.
    pub is_public: bool,
}

/// How a request from outside the account's identities (anonymous, or an AWS
/// service such as CloudFront) was decided, in words a check can show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnonymousDecision {
    /// The bucket policy allows it.
    Allowed,
    /// The bucket has no policy.
    NoPolicy,
    /// The policy grants nothing to this caller for this action and object.
    NotGranted,
    /// A statement of the policy denies it (its Sid, if any).
    Denied(Option<String>),
    /// The policy is public but `RestrictPublicBuckets` ignores it.
    RestrictedByBlockPublicAccess,
}

impl AnonymousDecision {
    /// Whether the request is allowed.
    pub fn is_allowed(&self) -> bool {
        *self == AnonymousDecision::Allowed
    }
}

/// Condition keys whose fixed values make a statement non-public (AWS's list).
const PINNING_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceowner",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalarn",
    "aws:userid",
    "aws:sourceip",
    "s3:dataaccesspointarn",
    "s3:dataaccesspointaccount",
];

fn grants_everyone(spec: &PrincipalSpec) -> bool {
    match spec {
        PrincipalSpec::Anyone => true,
        PrincipalSpec::Typed(entries) => entries
            .iter()
            .any(|(kind, ids)| kind == "AWS" && ids.iter().any(|id| id == "*")),
    }
}

/// Whether a value of a pinning key is fixed: no wildcard, and for an address
/// range no wider than a /8.
fn is_fixed(key: &str, value: &str) -> bool {
    if value.contains('*') || value.contains('?') {
        return false;
    }
    if key == "aws:sourceip" {
        return match value.split_once('/') {
            Some((_, bits)) => bits.parse::<u8>().is_ok_and(|bits| bits >= 8),
            None => true,
        };
    }
    true
}

/// Whether a statement makes a policy public.
fn statement_is_public(statement: &Statement) -> bool {
    if statement.effect != Effect::Allow {
        return false;
    }
    let everyone = statement.principal.as_ref().is_some_and(grants_everyone)
        || statement.not_principal.is_some();
    if !everyone {
        return false;
    }
    let pinned = statement.conditions.iter().any(|block| {
        !block.operator_name.starts_with("Not")
            && block.entries.iter().any(|(key, values)| {
                let key = key.to_ascii_lowercase();
                PINNING_KEYS.contains(&key.as_str())
                    && !values.is_empty()
                    && values.iter().all(|v| is_fixed(&key, v))
            })
    });
    !pinned
}

/// Whether a bucket policy is public.
pub fn policy_is_public(document: &PolicyDocument) -> bool {
    document.statements.iter().any(statement_is_public)
}

/// S3 actions that act on objects (their resource is `arn:aws:s3:::bucket/key`).
fn is_object_action(action: &str) -> bool {
    let name = action.to_ascii_lowercase();
    let name = name.strip_prefix("s3:").unwrap_or(&name);
    name.contains("object") || name == "abortmultipartupload" || name == "listmultipartuploadparts"
}

fn could_be_object_action(pattern: &str) -> bool {
    pattern == "*" || pattern.contains('*') || pattern.contains('?') || is_object_action(pattern)
}

fn could_be_bucket_action(pattern: &str) -> bool {
    pattern == "*" || pattern.contains('*') || pattern.contains('?') || !is_object_action(pattern)
}

/// S3's checks of a bucket policy before it is stored, with its messages.
fn validate_bucket_policy(
    cloud: &Cloud,
    bucket: &str,
    text: &str,
) -> Result<PolicyDocument, S3Error> {
    if !text.trim_start().starts_with('{') || crate::iam::json::parse(text).is_err() {
        return Err(S3Error::MalformedPolicy(
            "Policies must be valid JSON and the first byte must be '{'".into(),
        ));
    }
    let document = PolicyDocument::parse(text, DocumentKind::Resource)
        .map_err(|_| S3Error::MalformedPolicy("Invalid policy syntax.".into()))?;
    if document.statements.is_empty() {
        return Err(S3Error::MalformedPolicy(
            "Could not parse the policy: Statement is empty!".into(),
        ));
    }
    let bucket_arn = format!("arn:aws:s3:::{bucket}");
    for statement in &document.statements {
        let principal = match (&statement.principal, &statement.not_principal) {
            (Some(p), _) | (None, Some(p)) => p,
            (None, None) => {
                return Err(S3Error::MalformedPolicy(
                    "Missing required field Principal".into(),
                ));
            }
        };
        if let PrincipalSpec::Typed(entries) = principal {
            for (kind, ids) in entries {
                let valid = match kind.as_str() {
                    "AWS" => ids.iter().all(|id| cloud.is_known_aws_principal(id)),
                    "Service" => ids.iter().all(|id| id.ends_with(".amazonaws.com")),
                    "CanonicalUser" => true,
                    _ => false,
                };
                if !valid {
                    return Err(S3Error::MalformedPolicy(
                        "Invalid principal in policy".into(),
                    ));
                }
            }
        }
        let resources = match &statement.resource {
            Some(ResourceSpec::Resource(list) | ResourceSpec::NotResource(list)) => list.clone(),
            None => {
                return Err(S3Error::MalformedPolicy(
                    "Missing required field Resource".into(),
                ));
            }
        };
        for resource in &resources {
            let of_bucket = resource == &bucket_arn
                || resource
                    .strip_prefix(bucket_arn.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
                || (resource.contains('*')
                    && evaluate::matches_pattern(resource, &bucket_arn, false));
            if !of_bucket {
                return Err(S3Error::MalformedPolicy(
                    "Policy has invalid resource".into(),
                ));
            }
        }
        let actions = match &statement.action {
            ActionSpec::Action(list) | ActionSpec::NotAction(list) => list.clone(),
        };
        if actions
            .iter()
            .any(|a| a != "*" && !a.to_ascii_lowercase().starts_with("s3:"))
        {
            return Err(S3Error::MalformedPolicy("Policy has invalid action".into()));
        }
        if matches!(statement.action, ActionSpec::Action(_))
            && matches!(statement.resource, Some(ResourceSpec::Resource(_)))
        {
            let applies = actions.iter().any(|action| {
                resources.iter().any(|resource| {
                    let object_resource = resource.contains('/') || resource.ends_with('*');
                    let bucket_resource = !resource.contains('/');
                    (object_resource && could_be_object_action(action))
                        || (bucket_resource && could_be_bucket_action(action))
                })
            });
            if !applies {
                return Err(S3Error::MalformedPolicy(
                    "Action does not apply to any resource(s) in statement".into(),
                ));
            }
        }
    }
    Ok(document)
}

/// Actions on the policy itself, which the root user keeps whatever the policy says.
const POLICY_ACTIONS: &[&str] = &[
    "s3:GetBucketPolicy",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
];

impl Bucket {
    /// The bucket policy, parsed, for the evaluator.
    pub fn policy_for_evaluation(&self) -> Option<EvalPolicy> {
        self.policy.as_ref().map(|text| EvalPolicy {
            source: PolicySource {
                id: "BucketPolicy".into(),
                arn: None,
                source_type: PolicySourceType::Resource,
            },
            document: PolicyDocument::parse_stored(text, DocumentKind::Resource),
        })
    }

    /// Whether the bucket policy is public.
    pub fn policy_is_public(&self) -> bool {
        self.policy_for_evaluation()
            .is_some_and(|p| policy_is_public(&p.document))
    }

    /// The Block Public Access settings in force (all off once deleted).
    pub fn public_access(&self) -> PublicAccessBlock {
        self.public_access_block.unwrap_or(PublicAccessBlock {
            block_public_acls: false,
            ignore_public_acls: false,
            block_public_policy: false,
            restrict_public_buckets: false,
        })
    }

    /// How a request nobody signed is decided (`action` on `resource`), from the
    /// internet (`secure`: over HTTPS).
    pub fn decide_anonymous(
        &self,
        action: &str,
        resource: &str,
        source_ip: &str,
        secure: bool,
    ) -> AnonymousDecision {
        let Some(policy) = self.policy_for_evaluation() else {
            return AnonymousDecision::NoPolicy;
        };
        let mut context = Context::new();
        context.insert("aws:SourceIp".into(), ContextValue::single(source_ip));
        context.insert(
            "aws:SecureTransport".into(),
            ContextValue::single(secure.to_string()),
        );
        let principal = RequestPrincipal {
            arn: "anonymous".into(),
            account: String::new(),
            kind: PrincipalKind::Anonymous,
            role_arn: None,
        };
        self.decide_by_policy(policy, principal, context, action, resource, true)
    }

    /// How a request an AWS service signs on behalf of `source_arn` is decided
    /// (CloudFront with origin access control: `cloudfront.amazonaws.com` for a
    /// distribution). Only the bucket policy can allow it, and Block Public
    /// Access never restricts AWS services.
    pub fn decide_service(
        &self,
        service: &str,
        source_arn: &str,
        source_account: &str,
        action: &str,
        resource: &str,
    ) -> AnonymousDecision {
        let Some(policy) = self.policy_for_evaluation() else {
            return AnonymousDecision::NoPolicy;
        };
        let mut context = Context::new();
        context.insert("aws:SourceArn".into(), ContextValue::single(source_arn));
        context.insert(
            "aws:SourceAccount".into(),
            ContextValue::single(source_account),
        );
        let principal = RequestPrincipal {
            arn: service.to_string(),
            account: String::new(),
            kind: PrincipalKind::Service,
            role_arn: None,
        };
        self.decide_by_policy(policy, principal, context, action, resource, false)
    }

    fn decide_by_policy(
        &self,
        policy: EvalPolicy,
        principal: RequestPrincipal,
        context: Context,
        action: &str,
        resource: &str,
        restricted_when_public: bool,
    ) -> AnonymousDecision {
        let request = AuthzRequest {
            principal,
            action: action.to_string(),
            resource: resource.to_string(),
            context,
        };
        let decision = evaluate::evaluate(&request, std::slice::from_ref(&policy));
        match decision.effect {
            EvalEffect::ExplicitDeny => {
                AnonymousDecision::Denied(decision.deciding.and_then(|d| d.sid))
            }
            EvalEffect::ImplicitDeny => AnonymousDecision::NotGranted,
            EvalEffect::Allowed => {
                if restricted_when_public
                    && self.public_access().restrict_public_buckets
                    && policy_is_public(&policy.document)
                {
                    AnonymousDecision::RestrictedByBlockPublicAccess
                } else {
                    AnonymousDecision::Allowed
                }
            }
        }
    }
}

impl Cloud {
    pub(crate) fn bucket_mut(&mut self, name: &str) -> Option<&mut Bucket> {
        self.s3.buckets.iter_mut().find(|b| b.name == name)
    }

    /// Whether an `AWS` principal of a policy names something that exists: `*`,
    /// an account, or a user or role of this account.
    pub(crate) fn is_known_aws_principal(&self, id: &str) -> bool {
        if id == "*" || (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())) {
            return true;
        }
        let Some(rest) = id.strip_prefix("arn:aws:iam::") else {
            return false;
        };
        let Some((account, resource)) = rest.split_once(':') else {
            return false;
        };
        if account != self.config.account_id {
            return account.len() == 12;
        }
        match resource.split_once('/') {
            None => resource == "root",
            Some(("user", name)) => self.iam_user(name).is_some(),
            Some(("role", name)) => self.iam_role(name).is_some(),
            _ => false,
        }
    }

    /// Decides a signed request on `bucket`: identity-based policies and the
    /// bucket policy together, as within one account.
    pub(crate) fn s3_authorize(
        &self,
        principal: &Principal,
        action: &str,
        resource: &str,
        bucket: &str,
    ) -> Result<(), AccessDenied> {
        let policy = self.bucket(bucket).and_then(Bucket::policy_for_evaluation);
        let identity = self.authorize_principal(principal, action, resource, &Context::new());
        let Some(policy) = policy else {
            return identity;
        };
        let request = self.authz_request(principal, action, resource, &Context::new());
        let decision = evaluate::evaluate(&request, std::slice::from_ref(&policy));
        let deny = |reason| AccessDenied {
            principal_arn: principal.arn.clone(),
            action: action.to_string(),
            resource: resource.to_string(),
            reason,
        };
        let root_keeps = principal.is_root() && POLICY_ACTIONS.contains(&action);
        match (decision.effect, identity) {
            (EvalEffect::ExplicitDeny, _) if !root_keeps => {
                Err(deny(DenyReason::ExplicitResourceDeny))
            }
            (_, Ok(())) => Ok(()),
            (EvalEffect::Allowed, Err(denied)) if denied.reason == DenyReason::NoIdentityPolicy => {
                Ok(())
            }
            (_, Err(denied)) => Err(denied),
        }
    }

    /// Runs an S3 operation on `bucket` after deciding it with the identity's
    /// policies and the bucket policy.
    pub(crate) fn s3_bucket_call<T>(
        &mut self,
        operation: &str,
        action: &str,
        resource: String,
        bucket: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, S3Error>,
    ) -> Result<T, S3Error> {
        let action = format!("s3:{action}");
        let bucket = bucket.to_string();
        self.service_call(
            "s3",
            operation,
            |_, _| None,
            |c| {
                if let Some(principal) = c.request_principal().cloned() {
                    c.s3_authorize(&principal, &action, &resource, &bucket)
                        .map_err(S3Error::AccessDenied)?;
                }
                body(c)
            },
        )
    }

    /// Runs S3 operation `operation` on bucket `name` (the bucket's ARN is the
    /// resource; `action` is the IAM action without `s3:`), answering
    /// `NoSuchBucket` before `body` runs when there is no such bucket.
    pub(crate) fn on_bucket<T>(
        &mut self,
        operation: &str,
        action: &str,
        name: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, S3Error>,
    ) -> Result<T, S3Error> {
        let arn = format!("arn:aws:s3:::{name}");
        self.s3_bucket_call(operation, action, arn, name, |c| {
            c.bucket(name).ok_or(S3Error::NoSuchBucket)?;
            body(c)
        })
    }

    /// Runs a read of bucket `name`'s settings as S3 operation `operation`.
    pub(crate) fn read_bucket<T>(
        &mut self,
        operation: &str,
        action: &str,
        name: &str,
        read: impl FnOnce(&Bucket) -> Result<T, S3Error>,
    ) -> Result<T, S3Error> {
        self.on_bucket(operation, action, name, |c| {
            read(c.bucket(name).ok_or(S3Error::NoSuchBucket)?)
        })
    }

    /// Runs a change of bucket `name`'s settings as S3 operation `operation`.
    pub(crate) fn change_bucket<T>(
        &mut self,
        operation: &str,
        action: &str,
        name: &str,
        change: impl FnOnce(&mut Bucket) -> Result<T, S3Error>,
    ) -> Result<T, S3Error> {
        self.on_bucket(operation, action, name, |c| {
            change(c.bucket_mut(name).ok_or(S3Error::NoSuchBucket)?)
        })
    }

    /// `s3api put-public-access-block`.
    pub fn put_public_access_block(
        &mut self,
        input: PutPublicAccessBlockInput,
    ) -> Result<(), S3Error> {
        let bucket = input.bucket.clone();
        self.on_bucket(
            "PutPublicAccessBlock",
            "PutBucketPublicAccessBlock",
            &bucket,
            |c| {
                let given = &input.public_access_block_configuration;
                if given == &PublicAccessBlockConfiguration::default() {
                    return Err(S3Error::InvalidRequest(
                        "Must specify at least one configuration.".into(),
                    ));
                }
                let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                bucket.public_access_block = Some(PublicAccessBlock {
                    block_public_acls: given.block_public_acls.unwrap_or(false),
                    ignore_public_acls: given.ignore_public_acls.unwrap_or(false),
                    block_public_policy: given.block_public_policy.unwrap_or(false),
                    restrict_public_buckets: given.restrict_public_buckets.unwrap_or(false),
                });
                Ok(())
            },
        )
    }

    /// `s3api get-public-access-block`.
    pub fn get_public_access_block(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<GetPublicAccessBlockOutput, S3Error> {
        self.read_bucket(
            "GetPublicAccessBlock",
            "GetBucketPublicAccessBlock",
            &input.bucket,
            |bucket| {
                let settings = bucket
                    .public_access_block
                    .ok_or(S3Error::NoSuchPublicAccessBlockConfiguration)?;
                Ok(GetPublicAccessBlockOutput {
                    public_access_block_configuration: settings,
                })
            },
        )
    }

    /// `s3api delete-public-access-block`: nothing is blocked afterwards.
    pub fn delete_public_access_block(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<(), S3Error> {
        self.change_bucket(
            "DeletePublicAccessBlock",
            "PutBucketPublicAccessBlock",
            &input.bucket,
            |bucket| {
                bucket.public_access_block = None;
                Ok(())
            },
        )
    }

    /// `s3api put-bucket-policy`: refused when malformed, and refused when public
    /// while `BlockPublicPolicy` is on.
    pub fn put_bucket_policy(&mut self, input: PutBucketPolicyInput) -> Result<(), S3Error> {
        let arn = format!("arn:aws:s3:::{}", input.bucket);
        let action_arn = arn.clone();
        self.s3_bucket_call("PutBucketPolicy", "PutBucketPolicy", arn, &input.bucket.clone(), |c| {
            let block_public_policy = c
                .bucket(&input.bucket)
                .ok_or(S3Error::NoSuchBucket)?
                .public_access()
                .block_public_policy;
            let document = validate_bucket_policy(c, &input.bucket, &input.policy)?;
            if block_public_policy && policy_is_public(&document) {
                let principal_arn = c
                    .request_principal()
                    .map(|p| p.arn.clone())
                    .unwrap_or_default();
                return Err(S3Error::AccessDenied(AccessDenied {
                    principal_arn: principal_arn.clone(),
                    action: "s3:PutBucketPolicy".into(),
                    resource: action_arn.clone(),
                    reason: DenyReason::Rule(format!(
                        "User: {principal_arn} is not authorized to perform: s3:PutBucketPolicy on resource: \"{action_arn}\" because public policies are blocked by the BlockPublicPolicy block public access setting."
                    )),
                }));
            }
            let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
            bucket.policy = Some(input.policy.clone());
            Ok(())
        })
    }

    /// `s3api get-bucket-policy`.
    pub fn get_bucket_policy(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<GetBucketPolicyOutput, S3Error> {
        self.read_bucket(
            "GetBucketPolicy",
            "GetBucketPolicy",
            &input.bucket,
            |bucket| {
                let policy = bucket.policy.clone().ok_or(S3Error::NoSuchBucketPolicy)?;
                Ok(GetBucketPolicyOutput { policy })
            },
        )
    }

    /// `s3api delete-bucket-policy` (succeeds when there is none).
    pub fn delete_bucket_policy(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<(), S3Error> {
        self.change_bucket(
            "DeleteBucketPolicy",
            "DeleteBucketPolicy",
            &input.bucket,
            |bucket| {
                bucket.policy = None;
                Ok(())
            },
        )
    }

    /// `s3api get-bucket-policy-status`.
    pub fn get_bucket_policy_status(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<GetBucketPolicyStatusOutput, S3Error> {
        self.read_bucket(
            "GetBucketPolicyStatus",
            "GetBucketPolicyStatus",
            &input.bucket,
            |bucket| {
                if bucket.policy.is_none() {
                    return Err(S3Error::NoSuchBucketPolicy);
                }
                Ok(GetBucketPolicyStatusOutput {
                    policy_status: PolicyStatus {
                        is_public: bucket.policy_is_public(),
                    },
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::buckets::BucketInput;
    use crate::s3::test_bucket::lab_with_bucket;

    const PUBLIC_READ: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "PublicRead",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::lab-site/*"
  }]
}"#;

    fn put_policy(cloud: &mut Cloud, policy: &str) -> Result<(), S3Error> {
        cloud.put_bucket_policy(PutBucketPolicyInput {
            bucket: "lab-site".into(),
            policy: policy.into(),
        })
    }

    fn allow_public_policies(cloud: &mut Cloud) {
        cloud
            .put_public_access_block(PutPublicAccessBlockInput {
                bucket: "lab-site".into(),
                public_access_block_configuration: PublicAccessBlockConfiguration {
                    block_public_acls: Some(true),
                    ignore_public_acls: Some(true),
                    block_public_policy: Some(false),
                    restrict_public_buckets: Some(false),
                },
            })
            .unwrap();
    }

    #[test]
    fn a_public_policy_is_refused_while_block_public_access_says_so() {
        let mut cloud = lab_with_bucket("lab-site");
        let refused = put_policy(&mut cloud, PUBLIC_READ).unwrap_err();
        assert_eq!(refused.code(), "AccessDenied");
        assert!(refused.message().contains(
            "because public policies are blocked by the BlockPublicPolicy block public access setting"
        ));
        allow_public_policies(&mut cloud);
        put_policy(&mut cloud, PUBLIC_READ).unwrap();
        let bucket = cloud.bucket("lab-site").unwrap();
        assert!(bucket.policy_is_public());
        let object = "arn:aws:s3:::lab-site/index.html";
        assert!(
            bucket
                .decide_anonymous("s3:GetObject", object, "203.0.113.9", false)
                .is_allowed()
        );
        assert_eq!(
            bucket.decide_anonymous("s3:PutObject", object, "203.0.113.9", false),
            AnonymousDecision::NotGranted
        );
        // RestrictPublicBuckets ignores the public policy for strangers.
        cloud
            .put_public_access_block(PutPublicAccessBlockInput {
                bucket: "lab-site".into(),
                public_access_block_configuration: PublicAccessBlockConfiguration {
                    restrict_public_buckets: Some(true),
                    ..Default::default()
                },
            })
            .unwrap();
        assert_eq!(
            cloud.bucket("lab-site").unwrap().decide_anonymous(
                "s3:GetObject",
                object,
                "203.0.113.9",
                false
            ),
            AnonymousDecision::RestrictedByBlockPublicAccess
        );
        let status = cloud
            .get_bucket_policy_status(BucketInput {
                bucket: "lab-site".into(),
            })
            .unwrap();
        assert!(status.policy_status.is_public);
    }

    #[test]
    fn a_policy_pinned_to_an_address_range_or_an_account_is_not_public() {
        let mut cloud = lab_with_bucket("lab-site");
        let pinned = PUBLIC_READ.replace(
            "\"Resource\"",
            "\"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.0/24\"}}, \"Resource\"",
        );
        put_policy(&mut cloud, &pinned).unwrap();
        assert!(!cloud.bucket("lab-site").unwrap().policy_is_public());
        let wide = PUBLIC_READ.replace(
            "\"Resource\"",
            "\"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"0.0.0.0/1\"}}, \"Resource\"",
        );
        assert_eq!(
            put_policy(&mut cloud, &wide).unwrap_err().code(),
            "AccessDenied"
        );
    }

    #[test]
    fn malformed_policies_get_s3_s_messages() {
        let mut cloud = lab_with_bucket("lab-site");
        let message =
            |cloud: &mut Cloud, policy: &str| put_policy(cloud, policy).unwrap_err().message();
        assert_eq!(
            message(&mut cloud, "not json"),
            "Policies must be valid JSON and the first byte must be '{'"
        );
        assert_eq!(
            message(
                &mut cloud,
                &PUBLIC_READ.replace("lab-site/*", "other-bucket/*")
            ),
            "Policy has invalid resource"
        );
        assert_eq!(
            message(&mut cloud, &PUBLIC_READ.replace("lab-site/*", "lab-site")),
            "Action does not apply to any resource(s) in statement"
        );
        assert_eq!(
            message(
                &mut cloud,
                &PUBLIC_READ.replace("\"Principal\": \"*\",", "")
            ),
            "Missing required field Principal"
        );
        assert_eq!(
            message(
                &mut cloud,
                &PUBLIC_READ.replace(
                    "\"*\",",
                    "{\"AWS\": \"arn:aws:iam::123456789012:user/nobody\"},"
                )
            ),
            "Invalid principal in policy"
        );
    }

    #[test]
    fn a_bucket_policy_deny_binds_even_the_root_user_but_not_on_the_policy() {
        let mut cloud = lab_with_bucket("lab-site");
        let deny_all = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::lab-site","arn:aws:s3:::lab-site/*"]}]}"#;
        put_policy(&mut cloud, deny_all).unwrap();
        let listed = cloud.list_objects_v2(crate::s3::objects::ListObjectsV2Input {
            bucket: "lab-site".into(),
            ..Default::default()
        });
        assert!(
            listed
                .unwrap_err()
                .message()
                .contains("explicit deny in a resource-based policy")
        );
        // An administrator is locked out of the policy too; the root user is not.
        let admin = cloud.delete_bucket_policy(BucketInput {
            bucket: "lab-site".into(),
        });
        assert_eq!(admin.unwrap_err().code(), "AccessDenied");
        let root_list = cloud
            .as_caller(crate::auth::CallerIdentity::Root)
            .list_objects_v2(crate::s3::objects::ListObjectsV2Input {
                bucket: "lab-site".into(),
                ..Default::default()
            });
        assert!(root_list.is_err());
        cloud
            .as_caller(crate::auth::CallerIdentity::Root)
            .delete_bucket_policy(BucketInput {
                bucket: "lab-site".into(),
            })
            .unwrap();
        assert!(
            cloud
                .list_objects_v2(crate::s3::objects::ListObjectsV2Input {
                    bucket: "lab-site".into(),
                    ..Default::default()
                })
                .is_ok()
        );
    }
}
