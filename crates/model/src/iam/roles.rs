//! IAM roles: `CreateRole`, `GetRole`, `ListRoles`, `UpdateRole`,
//! `UpdateAssumeRolePolicy`, `DeleteRole`, role tags.
//!
//! A role has a trust policy (who may assume it, checked by `sts:AssumeRole`)
//! and permissions policies (what its sessions may do).

use serde::{Deserialize, Serialize};

use super::errors::IamError;
use super::json::JsonText;
use super::policy::{DocumentKind, PrincipalSpec, policy_size};
use super::users::ListTagsOutput;
use super::{
    InlinePolicy, constraint_error, merge_tags, parse_policy, validate_name, validate_path,
};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::ec2::Tag;

/// The largest trust policy IAM accepts by default (characters, without whitespace).
pub const TRUST_POLICY_SIZE_QUOTA: usize = 2048;

/// An IAM role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The name (unique ignoring case).
    pub role_name: String,
    /// `AROA...`.
    pub role_id: String,
    /// The path.
    pub path: String,
    /// When it was created.
    pub create_date: SimTime,
    /// The trust policy as given.
    pub assume_role_policy_document: String,
    /// The description.
    pub description: Option<String>,
    /// The longest session `AssumeRole` may grant, in seconds (3600..=43200).
    pub max_session_duration: u32,
    /// Tags.
    pub tags: Vec<Tag>,
    /// Inline policies.
    pub inline_policies: Vec<InlinePolicy>,
    /// ARNs of attached managed policies.
    pub attached_policies: Vec<String>,
    /// When a session of the role last made a call.
    pub last_used: Option<SimTime>,
}

/// `RoleLastUsed`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleLastUsed {
    /// When the role was last used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_date: Option<Timestamp>,
    /// Where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// A role as IAM returns it (`Role`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleInfo {
    /// The path.
    pub path: String,
    /// The name.
    pub role_name: String,
    /// The unique id.
    pub role_id: String,
    /// The ARN.
    pub arn: String,
    /// When it was created.
    pub create_date: Timestamp,
    /// The trust policy (printed as JSON, as the CLI decodes it).
    pub assume_role_policy_document: JsonText,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The longest session, in seconds.
    pub max_session_duration: u32,
    /// Tags (`GetRole`, when there are some).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Last use (`GetRole` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_last_used: Option<RoleLastUsed>,
}

/// `CreateRole` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateRoleInput {
    /// The path (default `/`).
    pub path: Option<String>,
    /// The role name.
    pub role_name: String,
    /// The trust policy (JSON text).
    pub assume_role_policy_document: String,
    /// A description.
    pub description: Option<String>,
    /// The longest session in seconds (default 3600).
    pub max_session_duration: Option<u32>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// `CreateRole` / `GetRole` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleOutput {
    /// The role.
    pub role: RoleInfo,
}

/// Input naming one role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RoleNameInput {
    /// The role.
    pub role_name: String,
}

/// `ListRoles` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListRolesInput {
    /// Only roles whose path starts with this.
    pub path_prefix: Option<String>,
}

/// `ListRoles` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListRolesOutput {
    /// The roles, by name.
    pub roles: Vec<RoleInfo>,
}

/// `UpdateRole` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateRoleInput {
    /// The role.
    pub role_name: String,
    /// A new description.
    pub description: Option<String>,
    /// A new maximum session duration.
    pub max_session_duration: Option<u32>,
}

/// `UpdateAssumeRolePolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateAssumeRolePolicyInput {
    /// The role.
    pub role_name: String,
    /// The new trust policy.
    pub policy_document: String,
}

/// `TagRole` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TagRoleInput {
    /// The role.
    pub role_name: String,
    /// Tags to add or replace.
    pub tags: Vec<Tag>,
}

/// `UntagRole` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UntagRoleInput {
    /// The role.
    pub role_name: String,
    /// Keys to remove.
    pub tag_keys: Vec<String>,
}

fn check_max_session(seconds: u32) -> Result<(), IamError> {
    if seconds < 3600 {
        return Err(constraint_error(
            &seconds.to_string(),
            "maxSessionDuration",
            "Member must have value greater than or equal to 3600",
        ));
    }
    if seconds > 43_200 {
        return Err(constraint_error(
            &seconds.to_string(),
            "maxSessionDuration",
            "Member must have value less than or equal to 43200",
        ));
    }
    Ok(())
}

impl Cloud {
    /// Every IAM role.
    pub fn iam_roles(&self) -> &[Role] {
        &self.iam.roles
    }

    /// The role with this name (ignoring case).
    pub fn iam_role(&self, name: &str) -> Option<&Role> {
        self.iam
            .roles
            .iter()
            .find(|r| r.role_name.eq_ignore_ascii_case(name))
    }

    pub(crate) fn existing_role(&self, name: &str) -> Result<&Role, IamError> {
        self.iam_role(name).ok_or_else(|| no_such_role(name))
    }

    pub(crate) fn existing_role_mut(&mut self, name: &str) -> Result<&mut Role, IamError> {
        self.iam
            .roles
            .iter_mut()
            .find(|r| r.role_name.eq_ignore_ascii_case(name))
            .ok_or_else(|| no_such_role(name))
    }

    /// The ARN of role `name` (path `/` when it does not exist).
    pub fn role_arn(&self, name: &str) -> String {
        let path = self.iam_role(name).map_or("/", |r| r.path.as_str());
        self.iam_arn("role", path, name)
    }

    pub(crate) fn role_info(&self, r: &Role, detailed: bool) -> RoleInfo {
        RoleInfo {
            path: r.path.clone(),
            role_name: r.role_name.clone(),
            role_id: r.role_id.clone(),
            arn: self.iam_arn("role", &r.path, &r.role_name),
            create_date: Timestamp(r.create_date),
            assume_role_policy_document: JsonText(r.assume_role_policy_document.clone()),
            description: r.description.clone(),
            max_session_duration: r.max_session_duration,
            tags: if detailed { r.tags.clone() } else { Vec::new() },
            role_last_used: detailed.then(|| RoleLastUsed {
                last_used_date: r.last_used.map(Timestamp),
                region: r.last_used.map(|_| self.region_name().to_string()),
            }),
        }
    }

    /// Validates a trust policy: IAM's document rules, its size quota, and
    /// principals that exist (`Invalid principal in policy`).
    pub(crate) fn validate_trust_policy(&self, text: &str) -> Result<(), IamError> {
        let doc = parse_policy(text, DocumentKind::Trust)?;
        if policy_size(text) > TRUST_POLICY_SIZE_QUOTA {
            return Err(IamError::limit(format!(
                "Cannot exceed quota for ACLSizePerRole: {TRUST_POLICY_SIZE_QUOTA}"
            )));
        }
        for statement in &doc.statements {
            for spec in [&statement.principal, &statement.not_principal]
                .into_iter()
                .flatten()
            {
                let PrincipalSpec::Typed(entries) = spec else {
                    continue;
                };
                for (kind, ids) in entries {
                    for id in ids {
                        if !self.principal_is_valid(kind, id) {
                            let label = if kind == "AWS" {
                                "AWS".to_string()
                            } else {
                                kind.to_uppercase()
                            };
                            return Err(IamError::malformed(format!(
                                "Invalid principal in policy: \"{label}\":\"{id}\""
                            )));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn principal_is_valid(&self, kind: &str, id: &str) -> bool {
        match kind {
            "AWS" => {
                if id == "*" || (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())) {
                    return true;
                }
                let Some(rest) = id
                    .strip_prefix("arn:aws:iam::")
                    .or_else(|| id.strip_prefix("arn:aws:sts::"))
                else {
                    return false;
                };
                let Some((account, resource)) = rest.split_once(':') else {
                    return false;
                };
                if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
                    return false;
                }
                if resource == "root" {
                    return true;
                }
                if account != self.config.account_id {
                    return resource.starts_with("user/")
                        || resource.starts_with("role/")
                        || resource.starts_with("assumed-role/");
                }
                let name = |r: &str| r.rsplit('/').next().unwrap_or("").to_string();
                if let Some(r) = resource.strip_prefix("user/") {
                    self.iam_user(&name(r)).is_some()
                } else if let Some(r) = resource.strip_prefix("role/") {
                    self.iam_role(&name(r)).is_some()
                } else {
                    resource.starts_with("assumed-role/")
                }
            }
            "Service" => id.ends_with(".amazonaws.com") || id.ends_with(".amazonaws.com.cn"),
            "Federated" | "CanonicalUser" => !id.is_empty(),
            _ => false,
        }
    }

    /// `iam create-role`.
    pub fn create_role(&mut self, input: CreateRoleInput) -> Result<RoleOutput, IamError> {
        let path = input.path.clone().unwrap_or_else(|| "/".into());
        self.iam_call(
            "CreateRole",
            |c, _| c.iam_arn("role", &path, &input.role_name),
            |c| {
                validate_name(&input.role_name, "roleName", 64)?;
                let path = validate_path(input.path.as_deref())?;
                let max = input.max_session_duration.unwrap_or(3600);
                check_max_session(max)?;
                if let Some(d) = &input.description
                    && d.chars().count() > 1000
                {
                    return Err(constraint_error(
                        d,
                        "description",
                        "Member must have length less than or equal to 1000",
                    ));
                }
                c.validate_trust_policy(&input.assume_role_policy_document)?;
                if c.iam_role(&input.role_name).is_some() {
                    return Err(IamError::already_exists(format!(
                        "Role with name {} already exists.",
                        input.role_name
                    )));
                }
                let mut tags = Vec::new();
                merge_tags(&mut tags, &input.tags)?;
                let role = Role {
                    role_name: input.role_name.clone(),
                    role_id: super::unique_id("AROA", &mut c.iam.rng),
                    path,
                    create_date: c.now,
                    assume_role_policy_document: input.assume_role_policy_document.clone(),
                    description: input.description.clone(),
                    max_session_duration: max,
                    tags,
                    inline_policies: Vec::new(),
                    attached_policies: Vec::new(),
                    last_used: None,
                };
                let mut info = c.role_info(&role, false);
                info.tags = role.tags.clone();
                c.iam.roles.push(role);
                Ok(RoleOutput { role: info })
            },
        )
    }

    /// `iam get-role`.
    pub fn get_role(&mut self, input: RoleNameInput) -> Result<RoleOutput, IamError> {
        self.iam_call(
            "GetRole",
            |c, _| c.role_arn(&input.role_name),
            |c| {
                let r = c.existing_role(&input.role_name)?;
                Ok(RoleOutput {
                    role: c.role_info(r, true),
                })
            },
        )
    }

    /// `iam list-roles`, by name. Authorized on the role path
    /// (`arn:aws:iam::123456789012:role/`).
    pub fn list_roles(&mut self, input: ListRolesInput) -> Result<ListRolesOutput, IamError> {
        let path = super::list_path(input.path_prefix.as_deref());
        self.iam_call(
            "ListRoles",
            |c, _| c.iam_arn("role", &path, ""),
            |c| {
                let prefix = input.path_prefix.as_deref().unwrap_or("/");
                let mut roles: Vec<&Role> = c
                    .iam
                    .roles
                    .iter()
                    .filter(|r| r.path.starts_with(prefix))
                    .collect();
                roles.sort_by_key(|r| r.role_name.to_lowercase());
                Ok(ListRolesOutput {
                    roles: roles.iter().map(|r| c.role_info(r, false)).collect(),
                })
            },
        )
    }

    /// `iam update-role`: description and maximum session duration.
    pub fn update_role(&mut self, input: UpdateRoleInput) -> Result<(), IamError> {
        self.iam_call(
            "UpdateRole",
            |c, _| c.role_arn(&input.role_name),
            |c| {
                if let Some(max) = input.max_session_duration {
                    check_max_session(max)?;
                }
                let r = c.existing_role_mut(&input.role_name)?;
                if let Some(d) = &input.description {
                    r.description = Some(d.clone());
                }
                if let Some(max) = input.max_session_duration {
                    r.max_session_duration = max;
                }
                Ok(())
            },
        )
    }

    /// `iam update-assume-role-policy`: replaces the trust policy.
    pub fn update_assume_role_policy(
        &mut self,
        input: UpdateAssumeRolePolicyInput,
    ) -> Result<(), IamError> {
        self.iam_call(
            "UpdateAssumeRolePolicy",
            |c, _| c.role_arn(&input.role_name),
            |c| {
                c.existing_role(&input.role_name)?;
                c.validate_trust_policy(&input.policy_document)?;
                c.existing_role_mut(&input.role_name)?
                    .assume_role_policy_document = input.policy_document.clone();
                Ok(())
            },
        )
    }

    /// `iam delete-role`: only once no policies remain.
    pub fn delete_role(&mut self, input: RoleNameInput) -> Result<(), IamError> {
        self.iam_call(
            "DeleteRole",
            |c, _| c.role_arn(&input.role_name),
            |c| {
                let r = c.existing_role(&input.role_name)?;
                if !r.attached_policies.is_empty() {
                    return Err(IamError::delete_conflict(
                        "Cannot delete entity, must detach all policies first.",
                    ));
                }
                if !r.inline_policies.is_empty() {
                    return Err(IamError::delete_conflict(
                        "Cannot delete entity, must delete policies first.",
                    ));
                }
                if c.role_in_instance_profile(&r.role_name) {
                    return Err(IamError::delete_conflict(
                        "Cannot delete entity, must remove roles from instance profile first.",
                    ));
                }
                let name = r.role_name.clone();
                c.iam.roles.retain(|r| r.role_name != name);
                c.iam.sessions.retain(|s| s.role_name != name);
                Ok(())
            },
        )
    }

    /// `iam tag-role`.
    pub fn tag_role(&mut self, input: TagRoleInput) -> Result<(), IamError> {
        self.iam_call(
            "TagRole",
            |c, _| c.role_arn(&input.role_name),
            |c| {
                let r = c.existing_role_mut(&input.role_name)?;
                let mut tags = r.tags.clone();
                merge_tags(&mut tags, &input.tags)?;
                r.tags = tags;
                Ok(())
            },
        )
    }

    /// `iam untag-role`.
    pub fn untag_role(&mut self, input: UntagRoleInput) -> Result<(), IamError> {
        self.iam_call(
            "UntagRole",
            |c, _| c.role_arn(&input.role_name),
            |c| {
                let r = c.existing_role_mut(&input.role_name)?;
                r.tags.retain(|t| {
                    !input
                        .tag_keys
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(&t.key))
                });
                Ok(())
            },
        )
    }

    /// `iam list-role-tags`.
    pub fn list_role_tags(&mut self, input: RoleNameInput) -> Result<ListTagsOutput, IamError> {
        self.iam_call(
            "ListRoleTags",
            |c, _| c.role_arn(&input.role_name),
            |c| {
                Ok(ListTagsOutput {
                    tags: c.existing_role(&input.role_name)?.tags.clone(),
                    is_truncated: false,
                })
            },
        )
    }
}

/// `NoSuchEntity` for a role.
pub(crate) fn no_such_role(name: &str) -> IamError {
    IamError::no_such_entity(format!("The role with name {name} cannot be found."))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trust policy letting `principal` assume the role.
    pub(crate) fn trust(principal: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"}}]}}"#
        )
    }

    #[test]
    fn create_get_update_delete() {
        let mut cloud = Cloud::default();
        let role = cloud
            .create_role(CreateRoleInput {
                role_name: "ReadOnly".into(),
                assume_role_policy_document: trust(r#"{"AWS":"arn:aws:iam::123456789012:root"}"#),
                description: Some("read only".into()),
                ..Default::default()
            })
            .unwrap()
            .role;
        assert_eq!(role.arn, "arn:aws:iam::123456789012:role/ReadOnly");
        assert!(role.role_id.starts_with("AROA"));
        assert_eq!(role.max_session_duration, 3600);
        let json = serde_json::to_value(&role).unwrap();
        assert_eq!(
            json["AssumeRolePolicyDocument"]["Statement"][0]["Action"],
            "sts:AssumeRole"
        );
        let got = cloud
            .get_role(RoleNameInput {
                role_name: "readonly".into(),
            })
            .unwrap()
            .role;
        assert_eq!(got.role_last_used, Some(RoleLastUsed::default()));
        let dup = cloud
            .create_role(CreateRoleInput {
                role_name: "ReadOnly".into(),
                assume_role_policy_document: trust(r#""*""#),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(dup.message(), "Role with name ReadOnly already exists.");
        let too_long = cloud
            .update_role(UpdateRoleInput {
                role_name: "ReadOnly".into(),
                max_session_duration: Some(100),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(too_long.code(), "ValidationError");
        cloud
            .update_role(UpdateRoleInput {
                role_name: "ReadOnly".into(),
                max_session_duration: Some(7200),
                description: None,
            })
            .unwrap();
        assert_eq!(
            cloud.iam_role("ReadOnly").unwrap().max_session_duration,
            7200
        );
        cloud
            .update_assume_role_policy(UpdateAssumeRolePolicyInput {
                role_name: "ReadOnly".into(),
                policy_document: trust(r#"{"Service":"ec2.amazonaws.com"}"#),
            })
            .unwrap();
        assert_eq!(
            cloud
                .list_roles(ListRolesInput::default())
                .unwrap()
                .roles
                .len(),
            1
        );
        cloud
            .delete_role(RoleNameInput {
                role_name: "ReadOnly".into(),
            })
            .unwrap();
        let gone = cloud
            .get_role(RoleNameInput {
                role_name: "ReadOnly".into(),
            })
            .unwrap_err();
        assert_eq!(
            gone.message(),
            "The role with name ReadOnly cannot be found."
        );
    }

    #[test]
    fn trust_policies_are_validated() {
        let mut cloud = Cloud::default();
        let create = |cloud: &mut Cloud, doc: String| {
            cloud.create_role(CreateRoleInput {
                role_name: "R".into(),
                assume_role_policy_document: doc,
                ..Default::default()
            })
        };
        let ghost = create(
            &mut cloud,
            trust(r#"{"AWS":"arn:aws:iam::123456789012:user/ghost"}"#),
        )
        .unwrap_err();
        assert_eq!(ghost.code(), "MalformedPolicyDocument");
        assert_eq!(
            ghost.message(),
            "Invalid principal in policy: \"AWS\":\"arn:aws:iam::123456789012:user/ghost\""
        );
        let bad_service =
            create(&mut cloud, trust(r#"{"Service":"ec2.amazonaws.co"}"#)).unwrap_err();
        assert_eq!(
            bad_service.message(),
            "Invalid principal in policy: \"SERVICE\":\"ec2.amazonaws.co\""
        );
        let with_resource = create(
            &mut cloud,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}"#.into(),
        )
        .unwrap_err();
        assert_eq!(with_resource.message(), "Has prohibited field Resource.");
        let syntax = create(&mut cloud, "{".into()).unwrap_err();
        assert_eq!(syntax.message(), "Syntax errors in policy.");
        create(
            &mut cloud,
            trust(r#"{"AWS":"arn:aws:iam::123456789012:user/learner"}"#),
        )
        .unwrap();
    }
}
