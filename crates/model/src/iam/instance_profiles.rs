//! Instance profiles: the container that hands a role to an EC2 instance
//! (`CreateInstanceProfile`, `AddRoleToInstanceProfile`,
//! `RemoveRoleFromInstanceProfile`, `GetInstanceProfile`,
//! `ListInstanceProfiles`, `ListInstanceProfilesForRole`,
//! `DeleteInstanceProfile`).
//!
//! A profile holds at most one role. Software on an instance launched with
//! the profile gets that role's temporary credentials from the instance
//! metadata service, provided the role's trust policy lets
//! `ec2.amazonaws.com` assume it ([`Cloud::instance_credentials`]).

use serde::{Deserialize, Serialize};

use super::errors::IamError;
use super::evaluate::{
    self, AuthzRequest, EvalEffect, EvalPolicy, PolicySource, PolicySourceType, PrincipalKind,
    RequestPrincipal,
};
use super::policy::{DocumentKind, PolicyDocument};
use super::roles::RoleInfo;
use super::{merge_tags, validate_name, validate_path};
use crate::auth::CallerIdentity;
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::ec2::Tag;

/// An instance profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceProfile {
    /// The name (unique ignoring case).
    pub name: String,
    /// `AIPA...`.
    pub id: String,
    /// The path.
    pub path: String,
    /// When it was created.
    pub create_date: SimTime,
    /// The role it holds (at most one).
    pub role_name: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// An instance profile as IAM returns it (`InstanceProfile`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileInfo {
    /// The path.
    pub path: String,
    /// The name.
    pub instance_profile_name: String,
    /// The unique id.
    pub instance_profile_id: String,
    /// The ARN.
    pub arn: String,
    /// When it was created.
    pub create_date: Timestamp,
    /// Its role, if any.
    pub roles: Vec<RoleInfo>,
    /// Tags, when there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `CreateInstanceProfile` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateInstanceProfileInput {
    /// The name.
    pub instance_profile_name: String,
    /// The path (default `/`).
    pub path: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// Input naming an instance profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceProfileNameInput {
    /// The name.
    pub instance_profile_name: String,
}

/// `AddRoleToInstanceProfile` and `RemoveRoleFromInstanceProfile` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceProfileRoleInput {
    /// The instance profile.
    pub instance_profile_name: String,
    /// The role.
    pub role_name: String,
}

/// `ListInstanceProfiles` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListInstanceProfilesInput {
    /// Only profiles whose path starts with this.
    pub path_prefix: Option<String>,
}

/// `ListInstanceProfilesForRole` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListInstanceProfilesForRoleInput {
    /// The role.
    pub role_name: String,
}

/// `CreateInstanceProfile` and `GetInstanceProfile` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileOutput {
    /// The profile.
    pub instance_profile: InstanceProfileInfo,
}

/// `ListInstanceProfiles` and `ListInstanceProfilesForRole` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInstanceProfilesOutput {
    /// The profiles, by name.
    pub instance_profiles: Vec<InstanceProfileInfo>,
    /// Always false: one page.
    pub is_truncated: bool,
}

/// Why software on an instance finds no credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoInstanceCredentials {
    /// The instance has no instance profile.
    NoProfile,
    /// The profile holds no role.
    NoRole(String),
    /// The role's trust policy does not let EC2 assume it.
    NotTrusted(String),
}

impl std::fmt::Display for NoInstanceCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoInstanceCredentials::NoProfile => {
                f.write_str("the instance has no IAM role (instance profile)")
            }
            NoInstanceCredentials::NoRole(profile) => {
                write!(f, "instance profile {profile} holds no role")
            }
            NoInstanceCredentials::NotTrusted(role) => write!(
                f,
                "the trust policy of role {role} does not let ec2.amazonaws.com assume it"
            ),
        }
    }
}

fn no_such_profile(name: &str) -> IamError {
    IamError::no_such_entity(format!("Instance Profile {name} cannot be found."))
}

impl Cloud {
    /// The instance profile `name` (any case).
    pub fn instance_profile(&self, name: &str) -> Option<&InstanceProfile> {
        self.iam
            .instance_profiles
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The instance profile whose ARN is `arn`.
    pub fn instance_profile_by_arn(&self, arn: &str) -> Option<&InstanceProfile> {
        self.iam
            .instance_profiles
            .iter()
            .find(|p| self.instance_profile_arn(p) == arn)
    }

    /// `arn:aws:iam::<account>:instance-profile/<path><name>`.
    pub fn instance_profile_arn(&self, profile: &InstanceProfile) -> String {
        self.iam_arn("instance-profile", &profile.path, &profile.name)
    }

    fn instance_profile_mut(&mut self, name: &str) -> Result<&mut InstanceProfile, IamError> {
        self.iam
            .instance_profiles
            .iter_mut()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| no_such_profile(name))
    }

    fn profile_arn_for(&self, name: &str) -> String {
        match self.instance_profile(name) {
            Some(p) => self.instance_profile_arn(p),
            None => self.iam_arn("instance-profile", "/", name),
        }
    }

    fn profile_info(&self, p: &InstanceProfile) -> InstanceProfileInfo {
        InstanceProfileInfo {
            path: p.path.clone(),
            instance_profile_name: p.name.clone(),
            instance_profile_id: p.id.clone(),
            arn: self.instance_profile_arn(p),
            create_date: Timestamp(p.create_date),
            roles: p
                .role_name
                .as_deref()
                .and_then(|r| self.iam_role(r))
                .map(|r| self.role_info(r, false))
                .into_iter()
                .collect(),
            tags: p.tags.clone(),
        }
    }

    /// Whether role `role_name`'s trust policy lets the AWS service
    /// `service` (e.g. `ec2.amazonaws.com`) call `sts:AssumeRole` on it.
    pub fn service_may_assume_role(&self, role_name: &str, service: &str) -> bool {
        let Some(role) = self.iam_role(role_name) else {
            return false;
        };
        let request = AuthzRequest {
            principal: RequestPrincipal {
                arn: service.to_string(),
                account: String::new(),
                kind: PrincipalKind::Service,
                role_arn: None,
            },
            action: "sts:AssumeRole".into(),
            resource: self.iam_arn("role", &role.path, &role.role_name),
            context: Default::default(),
        };
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
        evaluate::evaluate(&request, std::slice::from_ref(&trust)).effect == EvalEffect::Allowed
    }

    /// Who software on instance `instance_id` acts as: a session of its
    /// instance profile's role named after the instance, as the instance
    /// metadata service hands out; or why there are no credentials.
    pub fn instance_credentials(
        &self,
        instance_id: &str,
    ) -> Result<CallerIdentity, NoInstanceCredentials> {
        let arn = self
            .instance(instance_id)
            .and_then(|i| i.iam_instance_profile.as_ref())
            .map(|a| a.arn.clone())
            .ok_or(NoInstanceCredentials::NoProfile)?;
        let profile = self
            .instance_profile_by_arn(&arn)
            .ok_or(NoInstanceCredentials::NoProfile)?;
        let role = profile
            .role_name
            .clone()
            .ok_or_else(|| NoInstanceCredentials::NoRole(profile.name.clone()))?;
        if !self.service_may_assume_role(&role, "ec2.amazonaws.com") {
            return Err(NoInstanceCredentials::NotTrusted(role));
        }
        Ok(CallerIdentity::AssumedRole {
            role_name: role,
            session_name: instance_id.to_string(),
        })
    }

    /// `iam create-instance-profile`.
    pub fn create_instance_profile(
        &mut self,
        input: CreateInstanceProfileInput,
    ) -> Result<InstanceProfileOutput, IamError> {
        let path = input.path.clone().unwrap_or_else(|| "/".into());
        self.iam_call(
            "CreateInstanceProfile",
            |c, _| c.iam_arn("instance-profile", &path, &input.instance_profile_name),
            |c| {
                validate_name(&input.instance_profile_name, "instanceProfileName", 128)?;
                let path = validate_path(input.path.as_deref())?;
                if c.instance_profile(&input.instance_profile_name).is_some() {
                    return Err(IamError::already_exists(format!(
                        "Instance Profile {} already exists.",
                        input.instance_profile_name
                    )));
                }
                let mut tags = Vec::new();
                merge_tags(&mut tags, &input.tags)?;
                let profile = InstanceProfile {
                    name: input.instance_profile_name.clone(),
                    id: super::unique_id("AIPA", &mut c.iam.rng),
                    path,
                    create_date: c.now,
                    role_name: None,
                    tags,
                };
                let info = c.profile_info(&profile);
                c.iam.instance_profiles.push(profile);
                Ok(InstanceProfileOutput {
                    instance_profile: info,
                })
            },
        )
    }

    /// `iam get-instance-profile`.
    pub fn get_instance_profile(
        &mut self,
        input: InstanceProfileNameInput,
    ) -> Result<InstanceProfileOutput, IamError> {
        self.iam_call(
            "GetInstanceProfile",
            |c, _| c.profile_arn_for(&input.instance_profile_name),
            |c| {
                let p = c
                    .instance_profile(&input.instance_profile_name)
                    .ok_or_else(|| no_such_profile(&input.instance_profile_name))?;
                Ok(InstanceProfileOutput {
                    instance_profile: c.profile_info(p),
                })
            },
        )
    }

    /// `iam list-instance-profiles`.
    pub fn list_instance_profiles(
        &mut self,
        input: ListInstanceProfilesInput,
    ) -> Result<ListInstanceProfilesOutput, IamError> {
        let path = super::list_path(input.path_prefix.as_deref());
        self.iam_call(
            "ListInstanceProfiles",
            |c, _| c.iam_arn("instance-profile", &path, ""),
            |c| {
                let prefix = input.path_prefix.as_deref().unwrap_or("/");
                Ok(c.list_profiles(|p| p.path.starts_with(prefix)))
            },
        )
    }

    /// `iam list-instance-profiles-for-role`.
    pub fn list_instance_profiles_for_role(
        &mut self,
        input: ListInstanceProfilesForRoleInput,
    ) -> Result<ListInstanceProfilesOutput, IamError> {
        self.iam_call(
            "ListInstanceProfilesForRole",
            |c, _| c.role_arn(&input.role_name),
            |c| {
                let role = c.existing_role(&input.role_name)?.role_name.clone();
                Ok(c.list_profiles(|p| p.role_name.as_deref() == Some(role.as_str())))
            },
        )
    }

    fn list_profiles(&self, keep: impl Fn(&InstanceProfile) -> bool) -> ListInstanceProfilesOutput {
        let mut profiles: Vec<&InstanceProfile> = self
            .iam
            .instance_profiles
            .iter()
            .filter(|p| keep(p))
            .collect();
        profiles.sort_by_key(|p| p.name.to_lowercase());
        ListInstanceProfilesOutput {
            instance_profiles: profiles.iter().map(|p| self.profile_info(p)).collect(),
            is_truncated: false,
        }
    }

    /// `iam add-role-to-instance-profile`: a profile holds one role.
    pub fn add_role_to_instance_profile(
        &mut self,
        input: InstanceProfileRoleInput,
    ) -> Result<(), IamError> {
        self.iam_call(
            "AddRoleToInstanceProfile",
            |c, _| c.profile_arn_for(&input.instance_profile_name),
            |c| {
                let role = c.existing_role(&input.role_name)?.role_name.clone();
                let profile = c.instance_profile_mut(&input.instance_profile_name)?;
                if profile.role_name.is_some() {
                    return Err(IamError::limit(
                        "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
                    ));
                }
                profile.role_name = Some(role);
                Ok(())
            },
        )
    }

    /// `iam remove-role-from-instance-profile`.
    pub fn remove_role_from_instance_profile(
        &mut self,
        input: InstanceProfileRoleInput,
    ) -> Result<(), IamError> {
        self.iam_call(
            "RemoveRoleFromInstanceProfile",
            |c, _| c.profile_arn_for(&input.instance_profile_name),
            |c| {
                let role = c.existing_role(&input.role_name)?.role_name.clone();
                let profile = c.instance_profile_mut(&input.instance_profile_name)?;
                if profile.role_name.as_deref() != Some(role.as_str()) {
                    return Err(IamError::no_such_entity(format!(
                        "The role with name {role} cannot be found in instance profile {}.",
                        profile.name
                    )));
                }
                profile.role_name = None;
                Ok(())
            },
        )
    }

    /// `iam delete-instance-profile`: refused while it holds a role.
    pub fn delete_instance_profile(
        &mut self,
        input: InstanceProfileNameInput,
    ) -> Result<(), IamError> {
        self.iam_call(
            "DeleteInstanceProfile",
            |c, _| c.profile_arn_for(&input.instance_profile_name),
            |c| {
                let p = c
                    .instance_profile(&input.instance_profile_name)
                    .ok_or_else(|| no_such_profile(&input.instance_profile_name))?;
                if p.role_name.is_some() {
                    return Err(IamError::delete_conflict(
                        "Cannot delete entity, must remove roles from instance profile first.",
                    ));
                }
                let name = p.name.clone();
                c.iam.instance_profiles.retain(|p| p.name != name);
                Ok(())
            },
        )
    }

    /// Whether role `role_name` is in an instance profile (it cannot be
    /// deleted until removed).
    pub(crate) fn role_in_instance_profile(&self, role_name: &str) -> bool {
        self.iam
            .instance_profiles
            .iter()
            .any(|p| p.role_name.as_deref() == Some(role_name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::roles::CreateRoleInput;

    const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    const LAMBDA_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

    fn role(cloud: &mut Cloud, name: &str, trust: &str) {
        cloud
            .create_role(CreateRoleInput {
                role_name: name.into(),
                assume_role_policy_document: trust.into(),
                ..Default::default()
            })
            .expect("role");
    }

    fn profile_role(name: &str, role: &str) -> InstanceProfileRoleInput {
        InstanceProfileRoleInput {
            instance_profile_name: name.into(),
            role_name: role.into(),
        }
    }

    #[test]
    fn a_profile_holds_one_role_and_guards_deletes() {
        let mut cloud = Cloud::default();
        role(&mut cloud, "app", EC2_TRUST);
        role(&mut cloud, "other", EC2_TRUST);
        let made = cloud
            .create_instance_profile(CreateInstanceProfileInput {
                instance_profile_name: "app".into(),
                ..Default::default()
            })
            .expect("profile");
        assert!(
            made.instance_profile
                .instance_profile_id
                .starts_with("AIPA")
        );
        assert_eq!(
            made.instance_profile.arn,
            "arn:aws:iam::123456789012:instance-profile/app"
        );
        let again = cloud.create_instance_profile(CreateInstanceProfileInput {
            instance_profile_name: "APP".into(),
            ..Default::default()
        });
        assert_eq!(again.map_err(|e| e.code()), Err("EntityAlreadyExists"));
        cloud
            .add_role_to_instance_profile(profile_role("app", "app"))
            .expect("add");
        let second = cloud
            .add_role_to_instance_profile(profile_role("app", "other"))
            .expect_err("one role");
        assert_eq!(second.code(), "LimitExceeded");
        let delete = cloud
            .delete_instance_profile(InstanceProfileNameInput {
                instance_profile_name: "app".into(),
            })
            .expect_err("holds a role");
        assert_eq!(delete.code(), "DeleteConflict");
        let role_delete = cloud
            .delete_role(crate::iam::roles::RoleNameInput {
                role_name: "app".into(),
            })
            .expect_err("in a profile");
        assert_eq!(role_delete.code(), "DeleteConflict");
        let listed = cloud
            .list_instance_profiles_for_role(ListInstanceProfilesForRoleInput {
                role_name: "app".into(),
            })
            .expect("list");
        assert_eq!(listed.instance_profiles.len(), 1);
        assert_eq!(listed.instance_profiles[0].roles[0].role_name, "app");
        cloud
            .remove_role_from_instance_profile(profile_role("app", "app"))
            .expect("remove");
        cloud
            .delete_instance_profile(InstanceProfileNameInput {
                instance_profile_name: "app".into(),
            })
            .expect("delete");
        let gone = cloud
            .get_instance_profile(InstanceProfileNameInput {
                instance_profile_name: "app".into(),
            })
            .expect_err("gone");
        assert_eq!(gone.message(), "Instance Profile app cannot be found.");
    }

    #[test]
    fn only_a_role_that_trusts_ec2_gives_credentials() {
        let mut cloud = Cloud::default();
        role(&mut cloud, "app", EC2_TRUST);
        role(&mut cloud, "fn", LAMBDA_TRUST);
        assert!(cloud.service_may_assume_role("app", "ec2.amazonaws.com"));
        assert!(!cloud.service_may_assume_role("fn", "ec2.amazonaws.com"));
        assert!(cloud.service_may_assume_role("fn", "lambda.amazonaws.com"));
        assert!(!cloud.service_may_assume_role("missing", "ec2.amazonaws.com"));
    }
}
