//! Managed policies: customer managed policies with versions
//! (`CreatePolicy`, `GetPolicy`, `ListPolicies`, `DeletePolicy`,
//! `CreatePolicyVersion`, `GetPolicyVersion`, `ListPolicyVersions`,
//! `DeletePolicyVersion`, `SetDefaultPolicyVersion`), and attaching managed
//! policies (AWS or customer) to users, groups and roles.

use serde::{Deserialize, Serialize};

use super::errors::IamError;
use super::evaluate::{Context, ContextValue};
use super::json::JsonText;
use super::managed::{AWS_MANAGED_POLICIES, AwsManagedPolicy, aws_managed_policy};
use super::policy::{DocumentKind, policy_size};
use super::{constraint_error, merge_tags, parse_policy, validate_name};
use crate::auth::{AccessDenied, DenyReason};
use crate::clock::{SimTime, UnixTime};
use crate::cloud::Cloud;
use crate::ec2::Tag;

/// The largest managed policy document (characters, without whitespace).
pub const MANAGED_POLICY_SIZE_QUOTA: usize = 6144;
/// How many versions a managed policy may keep.
pub const VERSIONS_PER_POLICY_QUOTA: usize = 5;
/// How many managed policies a user, group or role may have attached.
pub const ATTACHED_POLICIES_QUOTA: usize = 10;

/// A customer managed policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerManagedPolicy {
    /// The name (unique in the account).
    pub policy_name: String,
    /// `ANPA...`.
    pub policy_id: String,
    /// The path.
    pub path: String,
    /// The description.
    pub description: Option<String>,
    /// When it was created.
    pub create_date: SimTime,
    /// When its default version last changed.
    pub update_date: SimTime,
    /// Its versions, oldest first.
    pub versions: Vec<PolicyVersionEntry>,
    /// The number of the next version (`v<n>`).
    pub next_version: u32,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// One version of a customer managed policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersionEntry {
    /// `v1`, `v2`, ...
    pub version_id: String,
    /// The document as given.
    pub document: String,
    /// Whether this is the default (effective) version.
    pub is_default: bool,
    /// When it was created.
    pub create_date: SimTime,
}

impl CustomerManagedPolicy {
    /// The default version's document.
    pub fn default_document(&self) -> &str {
        self.versions
            .iter()
            .find(|v| v.is_default)
            .map_or("", |v| v.document.as_str())
    }

    /// The default version's id.
    pub fn default_version_id(&self) -> &str {
        self.versions
            .iter()
            .find(|v| v.is_default)
            .map_or("", |v| v.version_id.as_str())
    }
}

/// A managed policy as IAM returns it (`Policy`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyInfo {
    /// The name.
    pub policy_name: String,
    /// The unique id.
    pub policy_id: String,
    /// The ARN.
    pub arn: String,
    /// The path.
    pub path: String,
    /// The default version.
    pub default_version_id: String,
    /// Users, groups and roles it is attached to.
    pub attachment_count: usize,
    /// Always 0 (permissions boundaries are not modelled).
    pub permissions_boundary_usage_count: usize,
    /// Always true.
    pub is_attachable: bool,
    /// The description (`GetPolicy`, when set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When it was created.
    pub create_date: UnixTime,
    /// When its default version changed.
    pub update_date: UnixTime,
    /// Tags, when there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `CreatePolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreatePolicyInput {
    /// The name.
    pub policy_name: String,
    /// The path (default `/`).
    pub path: Option<String>,
    /// The document (JSON text).
    pub policy_document: String,
    /// A description.
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// `CreatePolicy` / `GetPolicy` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyOutput {
    /// The policy.
    pub policy: PolicyInfo,
}

/// Input naming one managed policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyArnInput {
    /// The policy ARN.
    pub policy_arn: String,
}

/// `ListPolicies` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListPoliciesInput {
    /// `All` (default), `AWS` or `Local`.
    pub scope: Option<String>,
    /// Only policies attached to something.
    pub only_attached: bool,
    /// Only policies whose path starts with this.
    pub path_prefix: Option<String>,
}

/// `ListPolicies` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListPoliciesOutput {
    /// The policies, by name.
    pub policies: Vec<PolicyInfo>,
}

/// `CreatePolicyVersion` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreatePolicyVersionInput {
    /// The policy.
    pub policy_arn: String,
    /// The new document.
    pub policy_document: String,
    /// Whether the new version becomes the default.
    pub set_as_default: bool,
}

/// A policy version as IAM returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyVersionInfo {
    /// The document (`GetPolicyVersion` only; printed as JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<JsonText>,
    /// `v<n>`.
    pub version_id: String,
    /// Whether it is the default.
    pub is_default_version: bool,
    /// When it was created.
    pub create_date: UnixTime,
}

/// `CreatePolicyVersion` / `GetPolicyVersion` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyVersionOutput {
    /// The version.
    pub policy_version: PolicyVersionInfo,
}

/// Input naming one policy version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyVersionInput {
    /// The policy.
    pub policy_arn: String,
    /// The version id.
    pub version_id: String,
}

/// `ListPolicyVersions` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListPolicyVersionsOutput {
    /// The versions, newest first.
    pub versions: Vec<PolicyVersionInfo>,
}

/// `AttachUserPolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachUserPolicyInput {
    /// The user.
    pub user_name: String,
    /// The policy.
    pub policy_arn: String,
}

/// `DetachUserPolicy` input.
pub type DetachUserPolicyInput = AttachUserPolicyInput;

/// `AttachGroupPolicy` / `DetachGroupPolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachGroupPolicyInput {
    /// The group.
    pub group_name: String,
    /// The policy.
    pub policy_arn: String,
}

/// `AttachRolePolicy` / `DetachRolePolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachRolePolicyInput {
    /// The role.
    pub role_name: String,
    /// The policy.
    pub policy_arn: String,
}

/// One attached policy (`AttachedPolicy`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    /// The name.
    pub policy_name: String,
    /// The ARN.
    pub policy_arn: String,
}

/// `ListAttached{User,Group,Role}Policies` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAttachedPoliciesOutput {
    /// The attached policies, in attach order.
    pub attached_policies: Vec<AttachedPolicy>,
}

/// A group a policy is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyGroup {
    /// The group name.
    pub group_name: String,
    /// The group id.
    pub group_id: String,
}

/// A user a policy is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyUser {
    /// The user name.
    pub user_name: String,
    /// The user id.
    pub user_id: String,
}

/// A role a policy is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyRole {
    /// The role name.
    pub role_name: String,
    /// The role id.
    pub role_id: String,
}

/// `ListEntitiesForPolicy` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListEntitiesForPolicyOutput {
    /// Groups.
    pub policy_groups: Vec<PolicyGroup>,
    /// Users.
    pub policy_users: Vec<PolicyUser>,
    /// Roles.
    pub policy_roles: Vec<PolicyRole>,
}

/// Checks a managed policy path (`/` or `/a/b/`).
fn validate_policy_path(path: Option<&str>) -> Result<String, IamError> {
    let path = match path {
        None | Some("") => return Ok("/".into()),
        Some(p) => p,
    };
    let segment_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".,+@=_-".contains(c))
    };
    let ok = path == "/"
        || (path.starts_with('/')
            && path.ends_with('/')
            && path
                .get(1..path.len() - 1)
                .is_some_and(|inner| inner.split('/').all(segment_ok)));
    if !ok {
        return Err(constraint_error(
            path,
            "path",
            "Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/",
        ));
    }
    Ok(path.to_string())
}

/// Checks a managed policy document: IAM's rules and its size quota.
fn validate_managed_document(text: &str) -> Result<(), IamError> {
    parse_policy(text, DocumentKind::Managed)?;
    if policy_size(text) > MANAGED_POLICY_SIZE_QUOTA {
        return Err(IamError::limit(format!(
            "Cannot exceed quota for PolicySize: {MANAGED_POLICY_SIZE_QUOTA}"
        )));
    }
    Ok(())
}

fn not_found(arn: &str) -> IamError {
    IamError::no_such_entity(format!("Policy {arn} was not found."))
}

fn not_attachable(arn: &str) -> IamError {
    IamError::no_such_entity(format!("Policy {arn} does not exist or is not attachable."))
}

impl Cloud {
    /// Customer managed policies.
    pub fn customer_policies(&self) -> &[CustomerManagedPolicy] {
        &self.iam.policies
    }

    /// The customer managed policy with this ARN.
    pub fn customer_policy(&self, arn: &str) -> Option<&CustomerManagedPolicy> {
        self.iam
            .policies
            .iter()
            .find(|p| self.iam_arn("policy", &p.path, &p.policy_name) == arn)
    }

    fn customer_policy_mut(&mut self, arn: &str) -> Option<&mut CustomerManagedPolicy> {
        let account = self.config.account_id.clone();
        self.iam
            .policies
            .iter_mut()
            .find(|p| format!("arn:aws:iam::{account}:policy{}{}", p.path, p.policy_name) == arn)
    }

    /// Whether a managed policy (AWS or customer) exists.
    pub fn managed_policy_exists(&self, arn: &str) -> bool {
        aws_managed_policy(arn).is_some() || self.customer_policy(arn).is_some()
    }

    /// How many users, groups and roles a managed policy is attached to.
    pub fn policy_attachment_count(&self, arn: &str) -> usize {
        let i = &self.iam;
        i.users
            .iter()
            .filter(|u| u.attached_policies.iter().any(|a| a == arn))
            .count()
            + i.groups
                .iter()
                .filter(|g| g.attached_policies.iter().any(|a| a == arn))
                .count()
            + i.roles
                .iter()
                .filter(|r| r.attached_policies.iter().any(|a| a == arn))
                .count()
    }

    fn aws_policy_info(&self, p: &AwsManagedPolicy) -> PolicyInfo {
        let arn = p.arn();
        PolicyInfo {
            policy_name: p.name.to_string(),
            policy_id: p.policy_id.to_string(),
            attachment_count: self.policy_attachment_count(&arn),
            arn,
            path: p.path.to_string(),
            default_version_id: p.default_version_id.to_string(),
            permissions_boundary_usage_count: 0,
            is_attachable: true,
            description: None,
            create_date: p.create_date,
            update_date: p.update_date,
            tags: Vec::new(),
        }
    }

    fn customer_policy_info(&self, p: &CustomerManagedPolicy) -> PolicyInfo {
        let arn = self.iam_arn("policy", &p.path, &p.policy_name);
        PolicyInfo {
            policy_name: p.policy_name.clone(),
            policy_id: p.policy_id.clone(),
            attachment_count: self.policy_attachment_count(&arn),
            arn,
            path: p.path.clone(),
            default_version_id: p.default_version_id().to_string(),
            permissions_boundary_usage_count: 0,
            is_attachable: true,
            description: None,
            create_date: p.create_date.into(),
            update_date: p.update_date.into(),
            tags: p.tags.clone(),
        }
    }

    /// `iam create-policy`: a customer managed policy with version `v1` as
    /// its default.
    pub fn create_policy(&mut self, input: CreatePolicyInput) -> Result<PolicyOutput, IamError> {
        let path = input.path.clone().unwrap_or_else(|| "/".into());
        self.iam_call(
            "CreatePolicy",
            |c, _| c.iam_arn("policy", &path, &input.policy_name),
            |c| {
                validate_name(&input.policy_name, "policyName", 128)?;
                let path = validate_policy_path(input.path.as_deref())?;
                validate_managed_document(&input.policy_document)?;
                if c.iam
                    .policies
                    .iter()
                    .any(|p| p.policy_name.eq_ignore_ascii_case(&input.policy_name))
                {
                    return Err(IamError::already_exists(format!(
                        "A policy called {} already exists. Duplicate names are not allowed.",
                        input.policy_name
                    )));
                }
                let mut tags = Vec::new();
                merge_tags(&mut tags, &input.tags)?;
                let policy = CustomerManagedPolicy {
                    policy_name: input.policy_name.clone(),
                    policy_id: super::unique_id("ANPA", &mut c.iam.rng),
                    path,
                    description: input.description.clone(),
                    create_date: c.now,
                    update_date: c.now,
                    versions: vec![PolicyVersionEntry {
                        version_id: "v1".into(),
                        document: input.policy_document.clone(),
                        is_default: true,
                        create_date: c.now,
                    }],
                    next_version: 2,
                    tags,
                };
                let info = c.customer_policy_info(&policy);
                c.iam.policies.push(policy);
                Ok(PolicyOutput { policy: info })
            },
        )
    }

    /// `iam get-policy` (AWS managed and customer managed).
    pub fn get_policy(&mut self, input: PolicyArnInput) -> Result<PolicyOutput, IamError> {
        let arn = input.policy_arn.clone();
        self.iam_call(
            "GetPolicy",
            |_, _| arn.clone(),
            |c| {
                if let Some(p) = aws_managed_policy(&input.policy_arn) {
                    let mut info = c.aws_policy_info(p);
                    info.description = Some(p.description.to_string());
                    return Ok(PolicyOutput { policy: info });
                }
                let p = c
                    .customer_policy(&input.policy_arn)
                    .ok_or_else(|| not_found(&input.policy_arn))?;
                let mut info = c.customer_policy_info(p);
                info.description = p.description.clone();
                Ok(PolicyOutput { policy: info })
            },
        )
    }

    /// `iam list-policies`: `Scope` `All` (default), `AWS` or `Local`.
    pub fn list_policies(
        &mut self,
        input: ListPoliciesInput,
    ) -> Result<ListPoliciesOutput, IamError> {
        let path = super::list_path(input.path_prefix.as_deref());
        self.iam_call(
            "ListPolicies",
            // AWS names no ARN here: "... on resource: policy path /".
            |_, _| format!("policy path {path}"),
            |c| {
                let scope = input.scope.as_deref().unwrap_or("All");
                if !["All", "AWS", "Local"].contains(&scope) {
                    return Err(constraint_error(
                        scope,
                        "scope",
                        "Member must satisfy enum value set: [All, AWS, Local]",
                    ));
                }
                let prefix = input.path_prefix.as_deref().unwrap_or("/");
                let mut out: Vec<PolicyInfo> = Vec::new();
                if scope != "Local" {
                    out.extend(AWS_MANAGED_POLICIES.iter().map(|p| c.aws_policy_info(p)));
                }
                if scope != "AWS" {
                    out.extend(c.iam.policies.iter().map(|p| c.customer_policy_info(p)));
                }
                out.retain(|p| p.path.starts_with(prefix));
                if input.only_attached {
                    out.retain(|p| p.attachment_count > 0);
                }
                out.sort_by_key(|p| p.policy_name.to_lowercase());
                Ok(ListPoliciesOutput { policies: out })
            },
        )
    }

    fn principal_arn_or_empty(&self) -> String {
        self.request_principal()
            .map(|p| p.arn.clone())
            .unwrap_or_default()
    }

    fn refuse_aws_managed(&self, action: &str, arn: &str) -> IamError {
        IamError::AccessDenied(AccessDenied {
            principal_arn: self.principal_arn_or_empty(),
            action: action.into(),
            resource: arn.into(),
            reason: DenyReason::Rule(format!(
                "User: {} is not authorized to perform: {action} on resource: policy {arn}",
                self.principal_arn_or_empty()
            )),
        })
    }

    /// `iam delete-policy`: only when it is attached nowhere and has no
    /// versions other than the default.
    pub fn delete_policy(&mut self, input: PolicyArnInput) -> Result<(), IamError> {
        let arn = input.policy_arn.clone();
        self.iam_call(
            "DeletePolicy",
            |_, _| arn.clone(),
            |c| {
                if aws_managed_policy(&input.policy_arn).is_some() {
                    return Err(c.refuse_aws_managed("iam:DeletePolicy", &input.policy_arn));
                }
                let p = c
                    .customer_policy(&input.policy_arn)
                    .ok_or_else(|| not_found(&input.policy_arn))?;
                if c.policy_attachment_count(&input.policy_arn) > 0 {
                    return Err(IamError::delete_conflict(
                        "Cannot delete a policy attached to entities.",
                    ));
                }
                if p.versions.len() > 1 {
                    return Err(IamError::delete_conflict(
                        "This policy has more than one version. Before you delete a policy, you \
                         must delete the policy's versions. The default version is deleted with \
                         the policy.",
                    ));
                }
                let id = p.policy_id.clone();
                c.iam.policies.retain(|p| p.policy_id != id);
                Ok(())
            },
        )
    }

    /// `iam create-policy-version` (at most five versions).
    pub fn create_policy_version(
        &mut self,
        input: CreatePolicyVersionInput,
    ) -> Result<PolicyVersionOutput, IamError> {
        let arn = input.policy_arn.clone();
        self.iam_call(
            "CreatePolicyVersion",
            |_, _| arn.clone(),
            |c| {
                if aws_managed_policy(&input.policy_arn).is_some() {
                    return Err(c.refuse_aws_managed("iam:CreatePolicyVersion", &input.policy_arn));
                }
                validate_managed_document(&input.policy_document)?;
                let now = c.now;
                let p = c
                    .customer_policy_mut(&input.policy_arn)
                    .ok_or_else(|| not_found(&input.policy_arn))?;
                if p.versions.len() >= VERSIONS_PER_POLICY_QUOTA {
                    return Err(IamError::limit(
                        "A managed policy can have up to 5 versions. Before you create a new \
                         version, you must delete an existing version.",
                    ));
                }
                let version_id = format!("v{}", p.next_version);
                p.next_version += 1;
                if input.set_as_default {
                    for v in &mut p.versions {
                        v.is_default = false;
                    }
                    p.update_date = now;
                }
                p.versions.push(PolicyVersionEntry {
                    version_id: version_id.clone(),
                    document: input.policy_document.clone(),
                    is_default: input.set_as_default,
                    create_date: now,
                });
                Ok(PolicyVersionOutput {
                    policy_version: PolicyVersionInfo {
                        document: None,
                        version_id,
                        is_default_version: input.set_as_default,
                        create_date: now.into(),
                    },
                })
            },
        )
    }

    /// `iam get-policy-version`: one version with its document.
    pub fn get_policy_version(
        &mut self,
        input: PolicyVersionInput,
    ) -> Result<PolicyVersionOutput, IamError> {
        let arn = input.policy_arn.clone();
        self.iam_call(
            "GetPolicyVersion",
            |_, _| arn.clone(),
            |c| {
                check_version_id(&input.version_id)?;
                let missing = || {
                    IamError::no_such_entity(format!(
                        "Policy {} version {} does not exist or is not attachable.",
                        input.policy_arn, input.version_id
                    ))
                };
                if let Some(p) = aws_managed_policy(&input.policy_arn) {
                    if p.default_version_id != input.version_id {
                        return Err(missing());
                    }
                    return Ok(PolicyVersionOutput {
                        policy_version: PolicyVersionInfo {
                            document: Some(JsonText(p.document.to_string())),
                            version_id: p.default_version_id.to_string(),
                            is_default_version: true,
                            create_date: p.update_date,
                        },
                    });
                }
                let p = c.customer_policy(&input.policy_arn).ok_or_else(missing)?;
                let v = p
                    .versions
                    .iter()
                    .find(|v| v.version_id == input.version_id)
                    .ok_or_else(missing)?;
                Ok(PolicyVersionOutput {
                    policy_version: PolicyVersionInfo {
                        document: Some(JsonText(v.document.clone())),
                        version_id: v.version_id.clone(),
                        is_default_version: v.is_default,
                        create_date: v.create_date.into(),
                    },
                })
            },
        )
    }

    /// `iam list-policy-versions`, newest first.
    pub fn list_policy_versions(
        &mut self,
        input: PolicyArnInput,
    ) -> Result<ListPolicyVersionsOutput, IamError> {
        let arn = input.policy_arn.clone();
        self.iam_call(
            "ListPolicyVersions",
            |_, _| arn.clone(),
            |c| {
                if let Some(p) = aws_managed_policy(&input.policy_arn) {
                    return Ok(ListPolicyVersionsOutput {
                        versions: vec![PolicyVersionInfo {
                            document: None,
                            version_id: p.default_version_id.to_string(),
                            is_default_version: true,
                            create_date: p.update_date,
                        }],
                    });
                }
                let p = c
                    .customer_policy(&input.policy_arn)
                    .ok_or_else(|| not_found(&input.policy_arn))?;
                Ok(ListPolicyVersionsOutput {
                    versions: p
                        .versions
                        .iter()
                        .rev()
                        .map(|v| PolicyVersionInfo {
                            document: None,
                            version_id: v.version_id.clone(),
                            is_default_version: v.is_default,
                            create_date: v.create_date.into(),
                        })
                        .collect(),
                })
            },
        )
    }

    /// `iam delete-policy-version` (not the default one).
    pub fn delete_policy_version(&mut self, input: PolicyVersionInput) -> Result<(), IamError> {
        let arn = input.policy_arn.clone();
        self.iam_call(
            "DeletePolicyVersion",
            |_, _| arn.clone(),
            |c| {
                check_version_id(&input.version_id)?;
                if aws_managed_policy(&input.policy_arn).is_some() {
                    return Err(c.refuse_aws_managed("iam:DeletePolicyVersion", &input.policy_arn));
                }
                let p = c
                    .customer_policy_mut(&input.policy_arn)
                    .ok_or_else(|| not_found(&input.policy_arn))?;
                let Some(v) = p.versions.iter().find(|v| v.version_id == input.version_id) else {
                    return Err(IamError::no_such_entity(format!(
                        "Policy {} version {} does not exist or is not attachable.",
                        input.policy_arn, input.version_id
                    )));
                };
                if v.is_default {
                    return Err(IamError::delete_conflict(
                        "Cannot delete the default version of a policy.",
                    ));
                }
                p.versions.retain(|v| v.version_id != input.version_id);
                Ok(())
            },
        )
    }

    /// `iam set-default-policy-version`.
    pub fn set_default_policy_version(
        &mut self,
        input: PolicyVersionInput,
    ) -> Result<(), IamError> {
        let arn = input.policy_arn.clone();
        self.iam_call(
            "SetDefaultPolicyVersion",
            |_, _| arn.clone(),
            |c| {
                check_version_id(&input.version_id)?;
                if aws_managed_policy(&input.policy_arn).is_some() {
                    return Err(
                        c.refuse_aws_managed("iam:SetDefaultPolicyVersion", &input.policy_arn)
                    );
                }
                let now = c.now;
                let p = c
                    .customer_policy_mut(&input.policy_arn)
                    .ok_or_else(|| not_found(&input.policy_arn))?;
                if !p.versions.iter().any(|v| v.version_id == input.version_id) {
                    return Err(IamError::no_such_entity(format!(
                        "Policy {} version {} does not exist or is not attachable.",
                        input.policy_arn, input.version_id
                    )));
                }
                for v in &mut p.versions {
                    v.is_default = v.version_id == input.version_id;
                }
                p.update_date = now;
                Ok(())
            },
        )
    }

    /// `iam list-entities-for-policy`.
    pub fn list_entities_for_policy(
        &mut self,
        input: PolicyArnInput,
    ) -> Result<ListEntitiesForPolicyOutput, IamError> {
        let arn = input.policy_arn.clone();
        self.iam_call(
            "ListEntitiesForPolicy",
            |_, _| arn.clone(),
            |c| {
                if !c.managed_policy_exists(&input.policy_arn) {
                    return Err(not_found(&input.policy_arn));
                }
                let has = |list: &[String]| list.contains(&input.policy_arn);
                Ok(ListEntitiesForPolicyOutput {
                    policy_groups: c
                        .iam
                        .groups
                        .iter()
                        .filter(|g| has(&g.attached_policies))
                        .map(|g| PolicyGroup {
                            group_name: g.group_name.clone(),
                            group_id: g.group_id.clone(),
                        })
                        .collect(),
                    policy_users: c
                        .iam
                        .users
                        .iter()
                        .filter(|u| has(&u.attached_policies))
                        .map(|u| PolicyUser {
                            user_name: u.user_name.clone(),
                            user_id: u.user_id.clone(),
                        })
                        .collect(),
                    policy_roles: c
                        .iam
                        .roles
                        .iter()
                        .filter(|r| has(&r.attached_policies))
                        .map(|r| PolicyRole {
                            role_name: r.role_name.clone(),
                            role_id: r.role_id.clone(),
                        })
                        .collect(),
                })
            },
        )
    }

    fn attach(
        &mut self,
        operation: &str,
        entity_arn: String,
        policy_arn: &str,
        attach: bool,
        list: impl FnOnce(&mut Cloud) -> Result<(&'static str, &mut Vec<String>), IamError>,
    ) -> Result<(), IamError> {
        let action = format!("iam:{operation}");
        let mut context = Context::new();
        context.insert("iam:PolicyARN".into(), ContextValue::single(policy_arn));
        self.service_call(
            "iam",
            operation,
            |_, _| Some((action, entity_arn, context)),
            |c| {
                if attach && !c.managed_policy_exists(policy_arn) {
                    return Err(not_attachable(policy_arn));
                }
                let (quota_name, attached) = list(c)?;
                let present = attached.iter().any(|a| a == policy_arn);
                if attach {
                    if !present {
                        if attached.len() >= ATTACHED_POLICIES_QUOTA {
                            return Err(IamError::limit(format!(
                                "Cannot exceed quota for {quota_name}: {ATTACHED_POLICIES_QUOTA}"
                            )));
                        }
                        attached.push(policy_arn.to_string());
                    }
                } else {
                    if !present {
                        return Err(not_found(policy_arn));
                    }
                    attached.retain(|a| a != policy_arn);
                }
                Ok(())
            },
        )
    }

    /// `iam attach-user-policy`.
    pub fn attach_user_policy(&mut self, input: AttachUserPolicyInput) -> Result<(), IamError> {
        let arn = self.user_arn(&input.user_name);
        self.attach("AttachUserPolicy", arn, &input.policy_arn, true, |c| {
            Ok((
                "PoliciesPerUser",
                &mut c.existing_user_mut(&input.user_name)?.attached_policies,
            ))
        })
    }

    /// `iam detach-user-policy`.
    pub fn detach_user_policy(&mut self, input: DetachUserPolicyInput) -> Result<(), IamError> {
        let arn = self.user_arn(&input.user_name);
        self.attach("DetachUserPolicy", arn, &input.policy_arn, false, |c| {
            Ok((
                "PoliciesPerUser",
                &mut c.existing_user_mut(&input.user_name)?.attached_policies,
            ))
        })
    }

    /// `iam attach-group-policy`.
    pub fn attach_group_policy(&mut self, input: AttachGroupPolicyInput) -> Result<(), IamError> {
        let arn = self.iam_group_arn(&input.group_name);
        self.attach("AttachGroupPolicy", arn, &input.policy_arn, true, |c| {
            Ok((
                "PoliciesPerGroup",
                &mut c.existing_group_mut(&input.group_name)?.attached_policies,
            ))
        })
    }

    /// `iam detach-group-policy`.
    pub fn detach_group_policy(&mut self, input: AttachGroupPolicyInput) -> Result<(), IamError> {
        let arn = self.iam_group_arn(&input.group_name);
        self.attach("DetachGroupPolicy", arn, &input.policy_arn, false, |c| {
            Ok((
                "PoliciesPerGroup",
                &mut c.existing_group_mut(&input.group_name)?.attached_policies,
            ))
        })
    }

    /// `iam attach-role-policy`.
    pub fn attach_role_policy(&mut self, input: AttachRolePolicyInput) -> Result<(), IamError> {
        let arn = self.role_arn(&input.role_name);
        self.attach("AttachRolePolicy", arn, &input.policy_arn, true, |c| {
            Ok((
                "PoliciesPerRole",
                &mut c.existing_role_mut(&input.role_name)?.attached_policies,
            ))
        })
    }

    /// `iam detach-role-policy`.
    pub fn detach_role_policy(&mut self, input: AttachRolePolicyInput) -> Result<(), IamError> {
        let arn = self.role_arn(&input.role_name);
        self.attach("DetachRolePolicy", arn, &input.policy_arn, false, |c| {
            Ok((
                "PoliciesPerRole",
                &mut c.existing_role_mut(&input.role_name)?.attached_policies,
            ))
        })
    }

    fn attached_list(&self, arns: &[String]) -> ListAttachedPoliciesOutput {
        ListAttachedPoliciesOutput {
            attached_policies: arns
                .iter()
                .map(|arn| AttachedPolicy {
                    policy_name: arn.rsplit('/').next().unwrap_or(arn).to_string(),
                    policy_arn: arn.clone(),
                })
                .collect(),
        }
    }

    /// `iam list-attached-user-policies`.
    pub fn list_attached_user_policies(
        &mut self,
        input: super::users::UserNameInput,
    ) -> Result<ListAttachedPoliciesOutput, IamError> {
        self.iam_call(
            "ListAttachedUserPolicies",
            |c, _| c.user_arn(&input.user_name),
            |c| Ok(c.attached_list(&c.existing_user(&input.user_name)?.attached_policies)),
        )
    }

    /// `iam list-attached-group-policies`.
    pub fn list_attached_group_policies(
        &mut self,
        input: super::groups::GroupNameInput,
    ) -> Result<ListAttachedPoliciesOutput, IamError> {
        self.iam_call(
            "ListAttachedGroupPolicies",
            |c, _| c.iam_group_arn(&input.group_name),
            |c| Ok(c.attached_list(&c.existing_group(&input.group_name)?.attached_policies)),
        )
    }

    /// `iam list-attached-role-policies`.
    pub fn list_attached_role_policies(
        &mut self,
        input: super::roles::RoleNameInput,
    ) -> Result<ListAttachedPoliciesOutput, IamError> {
        self.iam_call(
            "ListAttachedRolePolicies",
            |c, _| c.role_arn(&input.role_name),
            |c| Ok(c.attached_list(&c.existing_role(&input.role_name)?.attached_policies)),
        )
    }
}

fn check_version_id(id: &str) -> Result<(), IamError> {
    let ok = id.strip_prefix('v').is_some_and(|rest| {
        let digits: &str = rest.split('.').next().unwrap_or("");
        !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
    });
    if ok {
        Ok(())
    } else {
        Err(constraint_error(
            id,
            "versionId",
            "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::users::{CreateUserInput, UserNameInput};

    const S3_READ: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#;

    fn create(cloud: &mut Cloud) -> String {
        cloud
            .create_policy(CreatePolicyInput {
                policy_name: "S3Read".into(),
                policy_document: S3_READ.into(),
                description: Some("read".into()),
                ..Default::default()
            })
            .unwrap()
            .policy
            .arn
    }

    #[test]
    fn create_get_and_list() {
        let mut cloud = Cloud::default();
        let arn = create(&mut cloud);
        assert_eq!(arn, "arn:aws:iam::123456789012:policy/S3Read");
        let p = cloud
            .get_policy(PolicyArnInput {
                policy_arn: arn.clone(),
            })
            .unwrap()
            .policy;
        assert_eq!(p.default_version_id, "v1");
        assert_eq!(p.description.as_deref(), Some("read"));
        assert_eq!(p.attachment_count, 0);
        let dup = cloud
            .create_policy(CreatePolicyInput {
                policy_name: "S3Read".into(),
                policy_document: S3_READ.into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            dup.message(),
            "A policy called S3Read already exists. Duplicate names are not allowed."
        );
        let malformed = cloud
            .create_policy(CreatePolicyInput {
                policy_name: "Bad".into(),
                policy_document: r#"{"Statement":[]}"#.into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(malformed.code(), "MalformedPolicyDocument");
        let local = cloud
            .list_policies(ListPoliciesInput {
                scope: Some("Local".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(local.policies.len(), 1);
        let aws = cloud
            .list_policies(ListPoliciesInput {
                scope: Some("AWS".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(aws.policies.len(), AWS_MANAGED_POLICIES.len());
        let attached = cloud
            .list_policies(ListPoliciesInput {
                only_attached: true,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(attached.policies.len(), 1);
        assert_eq!(attached.policies[0].policy_name, "AdministratorAccess");
        let admin = cloud
            .get_policy(PolicyArnInput {
                policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess".into(),
            })
            .unwrap();
        let json = serde_json::to_value(&admin).unwrap();
        assert_eq!(json["Policy"]["CreateDate"], "2015-02-06T18:39:46+00:00");
        assert_eq!(json["Policy"]["AttachmentCount"], 1);
        let missing = cloud
            .get_policy(PolicyArnInput {
                policy_arn: "arn:aws:iam::123456789012:policy/Nope".into(),
            })
            .unwrap_err();
        assert_eq!(
            missing.message(),
            "Policy arn:aws:iam::123456789012:policy/Nope was not found."
        );
    }

    #[test]
    fn versions() {
        let mut cloud = Cloud::default();
        let arn = create(&mut cloud);
        for n in 2..=5 {
            let v = cloud
                .create_policy_version(CreatePolicyVersionInput {
                    policy_arn: arn.clone(),
                    policy_document: S3_READ.into(),
                    set_as_default: n == 3,
                })
                .unwrap();
            assert_eq!(v.policy_version.version_id, format!("v{n}"));
        }
        let sixth = cloud
            .create_policy_version(CreatePolicyVersionInput {
                policy_arn: arn.clone(),
                policy_document: S3_READ.into(),
                set_as_default: false,
            })
            .unwrap_err();
        assert_eq!(sixth.code(), "LimitExceeded");
        let got = cloud
            .get_policy_version(PolicyVersionInput {
                policy_arn: arn.clone(),
                version_id: "v3".into(),
            })
            .unwrap();
        assert!(got.policy_version.is_default_version);
        let json = serde_json::to_value(&got).unwrap();
        assert_eq!(
            json["PolicyVersion"]["Document"]["Statement"][0]["Action"],
            "s3:Get*"
        );
        let listed = cloud
            .list_policy_versions(PolicyArnInput {
                policy_arn: arn.clone(),
            })
            .unwrap();
        assert_eq!(listed.versions[0].version_id, "v5");
        let default = cloud
            .delete_policy_version(PolicyVersionInput {
                policy_arn: arn.clone(),
                version_id: "v3".into(),
            })
            .unwrap_err();
        assert_eq!(
            default.message(),
            "Cannot delete the default version of a policy."
        );
        let bad = cloud
            .get_policy_version(PolicyVersionInput {
                policy_arn: arn.clone(),
                version_id: "3".into(),
            })
            .unwrap_err();
        assert_eq!(bad.code(), "ValidationError");
        cloud
            .set_default_policy_version(PolicyVersionInput {
                policy_arn: arn.clone(),
                version_id: "v1".into(),
            })
            .unwrap();
        let many = cloud
            .delete_policy(PolicyArnInput {
                policy_arn: arn.clone(),
            })
            .unwrap_err();
        assert_eq!(many.code(), "DeleteConflict");
        for v in ["v2", "v3", "v4", "v5"] {
            cloud
                .delete_policy_version(PolicyVersionInput {
                    policy_arn: arn.clone(),
                    version_id: v.into(),
                })
                .unwrap();
        }
        cloud
            .delete_policy(PolicyArnInput { policy_arn: arn })
            .unwrap();
        assert!(cloud.customer_policies().is_empty());
    }

    #[test]
    fn attach_detach_and_conflicts() {
        let mut cloud = Cloud::default();
        let arn = create(&mut cloud);
        cloud
            .create_user(CreateUserInput {
                user_name: "alice".into(),
                ..Default::default()
            })
            .unwrap();
        let attach = AttachUserPolicyInput {
            user_name: "alice".into(),
            policy_arn: arn.clone(),
        };
        cloud.attach_user_policy(attach.clone()).unwrap();
        cloud.attach_user_policy(attach.clone()).unwrap();
        let listed = cloud
            .list_attached_user_policies(UserNameInput {
                user_name: "alice".into(),
            })
            .unwrap();
        assert_eq!(listed.attached_policies.len(), 1);
        assert_eq!(listed.attached_policies[0].policy_name, "S3Read");
        let in_use = cloud
            .delete_policy(PolicyArnInput {
                policy_arn: arn.clone(),
            })
            .unwrap_err();
        assert_eq!(
            in_use.message(),
            "Cannot delete a policy attached to entities."
        );
        let entities = cloud
            .list_entities_for_policy(PolicyArnInput {
                policy_arn: arn.clone(),
            })
            .unwrap();
        assert_eq!(entities.policy_users[0].user_name, "alice");
        let ghost = cloud
            .attach_user_policy(AttachUserPolicyInput {
                user_name: "alice".into(),
                policy_arn: "arn:aws:iam::aws:policy/NoSuchPolicy".into(),
            })
            .unwrap_err();
        assert_eq!(
            ghost.message(),
            "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."
        );
        cloud.detach_user_policy(attach.clone()).unwrap();
        let again = cloud.detach_user_policy(attach).unwrap_err();
        assert_eq!(again.code(), "NoSuchEntity");
        let aws = cloud
            .delete_policy(PolicyArnInput {
                policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
            })
            .unwrap_err();
        assert_eq!(aws.code(), "AccessDenied");
    }

    #[test]
    fn attached_policies_quota() {
        let mut cloud = Cloud::default();
        for (i, p) in AWS_MANAGED_POLICIES.iter().enumerate().skip(1) {
            let r = cloud.attach_user_policy(AttachUserPolicyInput {
                user_name: "learner".into(),
                policy_arn: p.arn(),
            });
            if i < ATTACHED_POLICIES_QUOTA {
                r.unwrap();
            } else {
                assert_eq!(
                    r.unwrap_err().message(),
                    "Cannot exceed quota for PoliciesPerUser: 10"
                );
            }
        }
    }
}
