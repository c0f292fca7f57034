//! IAM groups: `CreateGroup`, `GetGroup`, `ListGroups`, `DeleteGroup`,
//! `AddUserToGroup`, `RemoveUserFromGroup`, `ListGroupsForUser`.
//!
//! A user gets the permissions of every group it belongs to.

use serde::{Deserialize, Serialize};

use super::errors::IamError;
use super::users::{UserInfo, UserNameInput};
use super::{InlinePolicy, validate_name, validate_path};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// How many groups a user may belong to.
pub const GROUPS_PER_USER_QUOTA: usize = 10;

/// An IAM group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The name (unique ignoring case).
    pub group_name: String,
    /// `AGPA...`.
    pub group_id: String,
    /// The path.
    pub path: String,
    /// When it was created.
    pub create_date: SimTime,
    /// Member user names, in the order they were added.
    pub members: Vec<String>,
    /// Inline policies.
    pub inline_policies: Vec<InlinePolicy>,
    /// ARNs of attached managed policies.
    pub attached_policies: Vec<String>,
}

/// A group as IAM returns it (`Group`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupInfo {
    /// The path.
    pub path: String,
    /// The name.
    pub group_name: String,
    /// The unique id.
    pub group_id: String,
    /// The ARN.
    pub arn: String,
    /// When it was created.
    pub create_date: Timestamp,
}

/// `CreateGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateGroupInput {
    /// The path (default `/`).
    pub path: Option<String>,
    /// The group name.
    pub group_name: String,
}

/// `CreateGroup` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateGroupOutput {
    /// The group.
    pub group: GroupInfo,
}

/// Input naming one group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupNameInput {
    /// The group.
    pub group_name: String,
}

/// `GetGroup` output: the group and its users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetGroupOutput {
    /// The members.
    pub users: Vec<UserInfo>,
    /// The group.
    pub group: GroupInfo,
}

/// `ListGroups` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListGroupsInput {
    /// Only groups whose path starts with this.
    pub path_prefix: Option<String>,
}

/// `ListGroups` / `ListGroupsForUser` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGroupsOutput {
    /// The groups, by name.
    pub groups: Vec<GroupInfo>,
}

/// `AddUserToGroup` / `RemoveUserFromGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupMembershipInput {
    /// The group.
    pub group_name: String,
    /// The user.
    pub user_name: String,
}

impl Cloud {
    /// Every IAM group.
    pub fn iam_groups(&self) -> &[Group] {
        &self.iam.groups
    }

    /// The group with this name (ignoring case).
    pub fn iam_group(&self, name: &str) -> Option<&Group> {
        self.iam
            .groups
            .iter()
            .find(|g| g.group_name.eq_ignore_ascii_case(name))
    }

    pub(crate) fn existing_group(&self, name: &str) -> Result<&Group, IamError> {
        self.iam_group(name).ok_or_else(|| no_such_group(name))
    }

    pub(crate) fn existing_group_mut(&mut self, name: &str) -> Result<&mut Group, IamError> {
        self.iam
            .groups
            .iter_mut()
            .find(|g| g.group_name.eq_ignore_ascii_case(name))
            .ok_or_else(|| no_such_group(name))
    }

    /// The names of the groups `user_name` belongs to.
    pub fn groups_of_user(&self, user_name: &str) -> Vec<&str> {
        self.iam
            .groups
            .iter()
            .filter(|g| g.members.iter().any(|m| m.eq_ignore_ascii_case(user_name)))
            .map(|g| g.group_name.as_str())
            .collect()
    }

    /// The ARN of group `name` (path `/` when it does not exist).
    pub(crate) fn iam_group_arn(&self, name: &str) -> String {
        let path = self.iam_group(name).map_or("/", |g| g.path.as_str());
        self.iam_arn("group", path, name)
    }

    fn group_info(&self, g: &Group) -> GroupInfo {
        GroupInfo {
            path: g.path.clone(),
            group_name: g.group_name.clone(),
            group_id: g.group_id.clone(),
            arn: self.iam_arn("group", &g.path, &g.group_name),
            create_date: Timestamp(g.create_date),
        }
    }

    /// `iam create-group`.
    pub fn create_group(&mut self, input: CreateGroupInput) -> Result<CreateGroupOutput, IamError> {
        let path = input.path.clone().unwrap_or_else(|| "/".into());
        self.iam_call(
            "CreateGroup",
            |c, _| c.iam_arn("group", &path, &input.group_name),
            |c| {
                validate_name(&input.group_name, "groupName", 128)?;
                let path = validate_path(input.path.as_deref())?;
                if c.iam_group(&input.group_name).is_some() {
                    return Err(IamError::already_exists(format!(
                        "Group with name {} already exists.",
                        input.group_name
                    )));
                }
                let group = Group {
                    group_name: input.group_name.clone(),
                    group_id: super::unique_id("AGPA", &mut c.iam.rng),
                    path,
                    create_date: c.now,
                    members: Vec::new(),
                    inline_policies: Vec::new(),
                    attached_policies: Vec::new(),
                };
                let info = c.group_info(&group);
                c.iam.groups.push(group);
                Ok(CreateGroupOutput { group: info })
            },
        )
    }

    /// `iam get-group`: the group and its members.
    pub fn get_group(&mut self, input: GroupNameInput) -> Result<GetGroupOutput, IamError> {
        self.iam_call(
            "GetGroup",
            |c, _| c.iam_group_arn(&input.group_name),
            |c| {
                let g = c.existing_group(&input.group_name)?;
                let users = g
                    .members
                    .iter()
                    .filter_map(|m| c.iam_user(m))
                    .map(|u| c.user_info(u, false))
                    .collect();
                Ok(GetGroupOutput {
                    users,
                    group: c.group_info(g),
                })
            },
        )
    }

    /// `iam list-groups`, by name. Authorized on the group path
    /// (`arn:aws:iam::123456789012:group/`).
    pub fn list_groups(&mut self, input: ListGroupsInput) -> Result<ListGroupsOutput, IamError> {
        let path = super::list_path(input.path_prefix.as_deref());
        self.iam_call(
            "ListGroups",
            |c, _| c.iam_arn("group", &path, ""),
            |c| {
                let prefix = input.path_prefix.as_deref().unwrap_or("/");
                let mut groups: Vec<&Group> = c
                    .iam
                    .groups
                    .iter()
                    .filter(|g| g.path.starts_with(prefix))
                    .collect();
                groups.sort_by_key(|g| g.group_name.to_lowercase());
                Ok(ListGroupsOutput {
                    groups: groups.iter().map(|g| c.group_info(g)).collect(),
                })
            },
        )
    }

    /// `iam delete-group`: only when it has no members and no policies.
    pub fn delete_group(&mut self, input: GroupNameInput) -> Result<(), IamError> {
        self.iam_call(
            "DeleteGroup",
            |c, _| c.iam_group_arn(&input.group_name),
            |c| {
                let g = c.existing_group(&input.group_name)?;
                if !g.members.is_empty() {
                    return Err(IamError::delete_conflict(
                        "Cannot delete entity, must remove users from group first.",
                    ));
                }
                if !g.inline_policies.is_empty() {
                    return Err(IamError::delete_conflict(
                        "Cannot delete entity, must delete policies first.",
                    ));
                }
                if !g.attached_policies.is_empty() {
                    return Err(IamError::delete_conflict(
                        "Cannot delete entity, must detach all policies first.",
                    ));
                }
                let name = g.group_name.clone();
                c.iam.groups.retain(|g| g.group_name != name);
                Ok(())
            },
        )
    }

    /// `iam add-user-to-group` (adding a member twice changes nothing).
    pub fn add_user_to_group(&mut self, input: GroupMembershipInput) -> Result<(), IamError> {
        self.iam_call(
            "AddUserToGroup",
            |c, _| c.iam_group_arn(&input.group_name),
            |c| {
                let user_name = c.existing_user(&input.user_name)?.user_name.clone();
                c.existing_group(&input.group_name)?;
                let already = c
                    .groups_of_user(&user_name)
                    .iter()
                    .any(|g| g.eq_ignore_ascii_case(&input.group_name));
                if !already && c.groups_of_user(&user_name).len() >= GROUPS_PER_USER_QUOTA {
                    return Err(IamError::limit(format!(
                        "Cannot exceed quota for GroupsPerUser: {GROUPS_PER_USER_QUOTA}"
                    )));
                }
                let g = c.existing_group_mut(&input.group_name)?;
                if !already {
                    g.members.push(user_name);
                }
                Ok(())
            },
        )
    }

    /// `iam remove-user-from-group`.
    pub fn remove_user_from_group(&mut self, input: GroupMembershipInput) -> Result<(), IamError> {
        self.iam_call(
            "RemoveUserFromGroup",
            |c, _| c.iam_group_arn(&input.group_name),
            |c| {
                let user_name = c.existing_user(&input.user_name)?.user_name.clone();
                let g = c.existing_group_mut(&input.group_name)?;
                let before = g.members.len();
                g.members.retain(|m| *m != user_name);
                if g.members.len() == before {
                    return Err(IamError::no_such_entity(format!(
                        "The user with name {user_name} cannot be found in group {}.",
                        g.group_name
                    )));
                }
                Ok(())
            },
        )
    }

    /// `iam list-groups-for-user`.
    pub fn list_groups_for_user(
        &mut self,
        input: UserNameInput,
    ) -> Result<ListGroupsOutput, IamError> {
        self.iam_call(
            "ListGroupsForUser",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                let user = c.existing_user(&input.user_name)?;
                let mut groups: Vec<&Group> = c
                    .iam
                    .groups
                    .iter()
                    .filter(|g| g.members.contains(&user.user_name))
                    .collect();
                groups.sort_by_key(|g| g.group_name.to_lowercase());
                Ok(ListGroupsOutput {
                    groups: groups.iter().map(|g| c.group_info(g)).collect(),
                })
            },
        )
    }
}

/// `NoSuchEntity` for a group.
pub(crate) fn no_such_group(name: &str) -> IamError {
    IamError::no_such_entity(format!("The group with name {name} cannot be found."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::users::CreateUserInput;

    fn membership(group: &str, user: &str) -> GroupMembershipInput {
        GroupMembershipInput {
            group_name: group.into(),
            user_name: user.into(),
        }
    }

    #[test]
    fn groups_and_members() {
        let mut cloud = Cloud::default();
        let g = cloud
            .create_group(CreateGroupInput {
                group_name: "Developers".into(),
                path: None,
            })
            .unwrap()
            .group;
        assert_eq!(g.arn, "arn:aws:iam::123456789012:group/Developers");
        assert!(g.group_id.starts_with("AGPA"));
        let dup = cloud
            .create_group(CreateGroupInput {
                group_name: "developers".into(),
                path: None,
            })
            .unwrap_err();
        assert_eq!(dup.message(), "Group with name developers already exists.");
        cloud
            .create_user(CreateUserInput {
                user_name: "alice".into(),
                ..Default::default()
            })
            .unwrap();
        cloud
            .add_user_to_group(membership("Developers", "alice"))
            .unwrap();
        cloud
            .add_user_to_group(membership("Developers", "alice"))
            .unwrap();
        let got = cloud
            .get_group(GroupNameInput {
                group_name: "Developers".into(),
            })
            .unwrap();
        assert_eq!(got.users.len(), 1);
        assert_eq!(cloud.groups_of_user("alice"), ["Developers"]);
        let listed = cloud
            .list_groups_for_user(UserNameInput {
                user_name: "alice".into(),
            })
            .unwrap();
        assert_eq!(listed.groups[0].group_name, "Developers");
        let missing_user = cloud
            .add_user_to_group(membership("Developers", "nobody"))
            .unwrap_err();
        assert_eq!(missing_user.code(), "NoSuchEntity");
        let in_use = cloud
            .delete_group(GroupNameInput {
                group_name: "Developers".into(),
            })
            .unwrap_err();
        assert_eq!(
            in_use.message(),
            "Cannot delete entity, must remove users from group first."
        );
        let user_in_group = cloud
            .delete_user(UserNameInput {
                user_name: "alice".into(),
            })
            .unwrap_err();
        assert_eq!(user_in_group.code(), "DeleteConflict");
        cloud
            .remove_user_from_group(membership("Developers", "alice"))
            .unwrap();
        let not_member = cloud
            .remove_user_from_group(membership("Developers", "alice"))
            .unwrap_err();
        assert_eq!(not_member.code(), "NoSuchEntity");
        cloud
            .delete_group(GroupNameInput {
                group_name: "Developers".into(),
            })
            .unwrap();
        assert!(
            cloud
                .list_groups(ListGroupsInput::default())
                .unwrap()
                .groups
                .is_empty()
        );
        let gone = cloud
            .get_group(GroupNameInput {
                group_name: "Developers".into(),
            })
            .unwrap_err();
        assert_eq!(
            gone.message(),
            "The group with name Developers cannot be found."
        );
    }

    #[test]
    fn groups_per_user_quota() {
        let mut cloud = Cloud::default();
        for i in 0..=GROUPS_PER_USER_QUOTA {
            cloud
                .create_group(CreateGroupInput {
                    group_name: format!("g{i}"),
                    path: None,
                })
                .unwrap();
        }
        for i in 0..GROUPS_PER_USER_QUOTA {
            cloud
                .add_user_to_group(membership(&format!("g{i}"), "learner"))
                .unwrap();
        }
        let err = cloud
            .add_user_to_group(membership(&format!("g{GROUPS_PER_USER_QUOTA}"), "learner"))
            .unwrap_err();
        assert_eq!(err.message(), "Cannot exceed quota for GroupsPerUser: 10");
    }
}
