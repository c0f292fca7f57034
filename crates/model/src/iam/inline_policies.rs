//! Inline policies embedded in users, groups and roles: `Put/Get/List/Delete`
//! `{User,Group,Role}Policy`.
//!
//! All the inline policies of one entity share a size quota (characters
//! without whitespace): 2,048 for a user, 5,120 for a group, 10,240 for a role.

use serde::{Deserialize, Serialize};

use super::errors::IamError;
use super::json::JsonText;
use super::policy::{DocumentKind, policy_size};
use super::{InlinePolicy, parse_policy, validate_name};
use crate::cloud::Cloud;

/// The inline-policy size quota of a user.
pub const USER_POLICY_SIZE_QUOTA: usize = 2048;
/// The inline-policy size quota of a group.
pub const GROUP_POLICY_SIZE_QUOTA: usize = 5120;
/// The inline-policy size quota of a role.
pub const ROLE_POLICY_SIZE_QUOTA: usize = 10_240;

/// Which kind of entity holds an inline policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holder {
    User,
    Group,
    Role,
}

impl Holder {
    fn word(self) -> &'static str {
        match self {
            Holder::User => "user",
            Holder::Group => "group",
            Holder::Role => "role",
        }
    }

    fn quota(self) -> usize {
        match self {
            Holder::User => USER_POLICY_SIZE_QUOTA,
            Holder::Group => GROUP_POLICY_SIZE_QUOTA,
            Holder::Role => ROLE_POLICY_SIZE_QUOTA,
        }
    }

    fn op(self, verb: &str) -> String {
        let noun = match self {
            Holder::User => "User",
            Holder::Group => "Group",
            Holder::Role => "Role",
        };
        if verb == "List" {
            format!("List{noun}Policies")
        } else {
            format!("{verb}{noun}Policy")
        }
    }
}

/// `PutUserPolicy` / `PutGroupPolicy` / `PutRolePolicy` input: the entity
/// name goes in the member the operation uses (`UserName`, `GroupName` or
/// `RoleName`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutInlinePolicyInput {
    /// The user (`PutUserPolicy`).
    pub user_name: String,
    /// The group (`PutGroupPolicy`).
    pub group_name: String,
    /// The role (`PutRolePolicy`).
    pub role_name: String,
    /// The policy name.
    pub policy_name: String,
    /// The document (JSON text).
    pub policy_document: String,
}

/// Input naming one inline policy of a user, group or role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InlinePolicyInput {
    /// The user (`...UserPolicy`).
    pub user_name: String,
    /// The group (`...GroupPolicy`).
    pub group_name: String,
    /// The role (`...RolePolicy`).
    pub role_name: String,
    /// The policy name.
    pub policy_name: String,
}

/// Input naming a user, group or role whose inline policies to list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListInlinePoliciesInput {
    /// The user (`ListUserPolicies`).
    pub user_name: String,
    /// The group (`ListGroupPolicies`).
    pub group_name: String,
    /// The role (`ListRolePolicies`).
    pub role_name: String,
}

/// `GetUserPolicy` / `GetGroupPolicy` / `GetRolePolicy` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetInlinePolicyOutput {
    /// The user (`GetUserPolicy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The group (`GetGroupPolicy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The role (`GetRolePolicy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// The policy name.
    pub policy_name: String,
    /// The document (printed as JSON).
    pub policy_document: JsonText,
}

/// `List{User,Group,Role}Policies` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInlinePoliciesOutput {
    /// The policy names, sorted.
    pub policy_names: Vec<String>,
}

impl Cloud {
    fn holder_arn(&self, holder: Holder, name: &str) -> String {
        match holder {
            Holder::User => self.user_arn(name),
            Holder::Group => self.iam_group_arn(name),
            Holder::Role => self.role_arn(name),
        }
    }

    fn inline_list(
        &mut self,
        holder: Holder,
        name: &str,
    ) -> Result<(String, &mut Vec<InlinePolicy>), IamError> {
        Ok(match holder {
            Holder::User => {
                let u = self.existing_user_mut(name)?;
                (u.user_name.clone(), &mut u.inline_policies)
            }
            Holder::Group => {
                let g = self.existing_group_mut(name)?;
                (g.group_name.clone(), &mut g.inline_policies)
            }
            Holder::Role => {
                let r = self.existing_role_mut(name)?;
                (r.role_name.clone(), &mut r.inline_policies)
            }
        })
    }

    fn put_inline(
        &mut self,
        holder: Holder,
        name: &str,
        policy_name: &str,
        document: &str,
    ) -> Result<(), IamError> {
        let name = name.to_string();
        self.iam_call(
            &holder.op("Put"),
            |c, _| c.holder_arn(holder, &name),
            |c| {
                validate_name(policy_name, "policyName", 128)?;
                parse_policy(document, DocumentKind::Inline)?;
                let (entity, list) = c.inline_list(holder, &name)?;
                let others: usize = list
                    .iter()
                    .filter(|p| p.policy_name != policy_name)
                    .map(|p| policy_size(&p.document))
                    .sum();
                if others + policy_size(document) > holder.quota() {
                    return Err(IamError::limit(format!(
                        "Maximum policy size of {} bytes exceeded for {} {entity}",
                        holder.quota(),
                        holder.word()
                    )));
                }
                match list.iter_mut().find(|p| p.policy_name == policy_name) {
                    Some(p) => p.document = document.to_string(),
                    None => list.push(InlinePolicy {
                        policy_name: policy_name.to_string(),
                        document: document.to_string(),
                    }),
                }
                Ok(())
            },
        )
    }

    fn get_inline(
        &mut self,
        holder: Holder,
        name: &str,
        policy_name: &str,
    ) -> Result<GetInlinePolicyOutput, IamError> {
        let name = name.to_string();
        self.iam_call(
            &holder.op("Get"),
            |c, _| c.holder_arn(holder, &name),
            |c| {
                let (entity, list) = c.inline_list(holder, &name)?;
                let p = list
                    .iter()
                    .find(|p| p.policy_name == policy_name)
                    .ok_or_else(|| no_such_inline(holder, policy_name))?;
                Ok(GetInlinePolicyOutput {
                    user_name: (holder == Holder::User).then(|| entity.clone()),
                    group_name: (holder == Holder::Group).then(|| entity.clone()),
                    role_name: (holder == Holder::Role).then(|| entity.clone()),
                    policy_name: p.policy_name.clone(),
                    policy_document: JsonText(p.document.clone()),
                })
            },
        )
    }

    fn list_inline(
        &mut self,
        holder: Holder,
        name: &str,
    ) -> Result<ListInlinePoliciesOutput, IamError> {
        let name = name.to_string();
        self.iam_call(
            &holder.op("List"),
            |c, _| c.holder_arn(holder, &name),
            |c| {
                let (_, list) = c.inline_list(holder, &name)?;
                let mut policy_names: Vec<String> =
                    list.iter().map(|p| p.policy_name.clone()).collect();
                policy_names.sort();
                Ok(ListInlinePoliciesOutput { policy_names })
            },
        )
    }

    fn delete_inline(
        &mut self,
        holder: Holder,
        name: &str,
        policy_name: &str,
    ) -> Result<(), IamError> {
        let name = name.to_string();
        self.iam_call(
            &holder.op("Delete"),
            |c, _| c.holder_arn(holder, &name),
            |c| {
                let (_, list) = c.inline_list(holder, &name)?;
                let before = list.len();
                list.retain(|p| p.policy_name != policy_name);
                if list.len() == before {
                    return Err(no_such_inline(holder, policy_name));
                }
                Ok(())
            },
        )
    }

    /// `iam put-user-policy`: adds or replaces an inline policy of a user.
    pub fn put_user_policy(&mut self, input: PutInlinePolicyInput) -> Result<(), IamError> {
        self.put_inline(
            Holder::User,
            &input.user_name,
            &input.policy_name,
            &input.policy_document,
        )
    }

    /// `iam get-user-policy`.
    pub fn get_user_policy(
        &mut self,
        input: InlinePolicyInput,
    ) -> Result<GetInlinePolicyOutput, IamError> {
        self.get_inline(Holder::User, &input.user_name, &input.policy_name)
    }

    /// `iam list-user-policies`.
    pub fn list_user_policies(
        &mut self,
        input: ListInlinePoliciesInput,
    ) -> Result<ListInlinePoliciesOutput, IamError> {
        self.list_inline(Holder::User, &input.user_name)
    }

    /// `iam delete-user-policy`.
    pub fn delete_user_policy(&mut self, input: InlinePolicyInput) -> Result<(), IamError> {
        self.delete_inline(Holder::User, &input.user_name, &input.policy_name)
    }

    /// `iam put-group-policy`.
    pub fn put_group_policy(&mut self, input: PutInlinePolicyInput) -> Result<(), IamError> {
        self.put_inline(
            Holder::Group,
            &input.group_name,
            &input.policy_name,
            &input.policy_document,
        )
    }

    /// `iam get-group-policy`.
    pub fn get_group_policy(
        &mut self,
        input: InlinePolicyInput,
    ) -> Result<GetInlinePolicyOutput, IamError> {
        self.get_inline(Holder::Group, &input.group_name, &input.policy_name)
    }

    /// `iam list-group-policies`.
    pub fn list_group_policies(
        &mut self,
        input: ListInlinePoliciesInput,
    ) -> Result<ListInlinePoliciesOutput, IamError> {
        self.list_inline(Holder::Group, &input.group_name)
    }

    /// `iam delete-group-policy`.
    pub fn delete_group_policy(&mut self, input: InlinePolicyInput) -> Result<(), IamError> {
        self.delete_inline(Holder::Group, &input.group_name, &input.policy_name)
    }

    /// `iam put-role-policy`.
    pub fn put_role_policy(&mut self, input: PutInlinePolicyInput) -> Result<(), IamError> {
        self.put_inline(
            Holder::Role,
            &input.role_name,
            &input.policy_name,
            &input.policy_document,
        )
    }

    /// `iam get-role-policy`.
    pub fn get_role_policy(
        &mut self,
        input: InlinePolicyInput,
    ) -> Result<GetInlinePolicyOutput, IamError> {
        self.get_inline(Holder::Role, &input.role_name, &input.policy_name)
    }

    /// `iam list-role-policies`.
    pub fn list_role_policies(
        &mut self,
        input: ListInlinePoliciesInput,
    ) -> Result<ListInlinePoliciesOutput, IamError> {
        self.list_inline(Holder::Role, &input.role_name)
    }

    /// `iam delete-role-policy`.
    pub fn delete_role_policy(&mut self, input: InlinePolicyInput) -> Result<(), IamError> {
        self.delete_inline(Holder::Role, &input.role_name, &input.policy_name)
    }
}

fn no_such_inline(holder: Holder, policy_name: &str) -> IamError {
    IamError::no_such_entity(format!(
        "The {} policy with name {policy_name} cannot be found.",
        holder.word()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::groups::CreateGroupInput;

    const DOC: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}}"#;

    #[test]
    fn put_get_list_delete_for_each_holder() {
        let mut cloud = Cloud::default();
        cloud
            .create_group(CreateGroupInput {
                group_name: "ops".into(),
                path: None,
            })
            .unwrap();
        cloud
            .put_user_policy(PutInlinePolicyInput {
                user_name: "learner".into(),
                policy_name: "describe".into(),
                policy_document: DOC.into(),
                ..Default::default()
            })
            .unwrap();
        cloud
            .put_group_policy(PutInlinePolicyInput {
                group_name: "ops".into(),
                policy_name: "describe".into(),
                policy_document: DOC.into(),
                ..Default::default()
            })
            .unwrap();
        let got = cloud
            .get_user_policy(InlinePolicyInput {
                user_name: "learner".into(),
                policy_name: "describe".into(),
                ..Default::default()
            })
            .unwrap();
        let json = serde_json::to_value(&got).unwrap();
        assert_eq!(json["UserName"], "learner");
        assert!(json.get("GroupName").is_none());
        assert_eq!(
            json["PolicyDocument"]["Statement"]["Action"],
            "ec2:Describe*"
        );
        let names = cloud
            .list_group_policies(ListInlinePoliciesInput {
                group_name: "ops".into(),
                ..Default::default()
            })
            .unwrap()
            .policy_names;
        assert_eq!(names, ["describe"]);
        let missing = cloud
            .get_role_policy(InlinePolicyInput {
                role_name: "nobody".into(),
                policy_name: "x".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            missing.message(),
            "The role with name nobody cannot be found."
        );
        let no_policy = cloud
            .delete_user_policy(InlinePolicyInput {
                user_name: "learner".into(),
                policy_name: "other".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            no_policy.message(),
            "The user policy with name other cannot be found."
        );
        cloud
            .delete_user_policy(InlinePolicyInput {
                user_name: "learner".into(),
                policy_name: "describe".into(),
                ..Default::default()
            })
            .unwrap();
        assert!(
            cloud
                .iam_user("learner")
                .unwrap()
                .inline_policies
                .is_empty()
        );
        // Inline policies may omit Version (IAM reads them as 2008-10-17).
        cloud
            .put_user_policy(PutInlinePolicyInput {
                user_name: "learner".into(),
                policy_name: "old".into(),
                policy_document:
                    r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#.into(),
                ..Default::default()
            })
            .unwrap();
    }

    #[test]
    fn user_inline_size_quota() {
        let mut cloud = Cloud::default();
        let actions: Vec<String> = (0..120)
            .map(|i| format!("\"ec2:Describe{i:04}\""))
            .collect();
        let big = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":[{}],"Resource":"*"}}}}"#,
            actions.join(",")
        );
        let err = cloud
            .put_user_policy(PutInlinePolicyInput {
                user_name: "learner".into(),
                policy_name: "big".into(),
                policy_document: big,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "LimitExceeded");
        assert_eq!(
            err.message(),
            "Maximum policy size of 2048 bytes exceeded for user learner"
        );
    }
}
