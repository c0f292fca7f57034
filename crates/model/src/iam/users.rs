//! IAM users: `CreateUser`, `GetUser`, `ListUsers`, `UpdateUser`,
//! `DeleteUser`, user tags, and console passwords (login profiles,
//! `ChangePassword`).

use serde::{Deserialize, Serialize};

use super::access_keys::AccessKey;
use super::errors::IamError;
use super::mfa::MfaAssignment;
use super::{InlinePolicy, TargetUser, merge_tags, validate_name, validate_path};
use crate::auth::{AccessDenied, CallerIdentity, DenyReason};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::ec2::Tag;

/// How many users an account may have.
pub const USERS_QUOTA: usize = 5000;

/// An IAM user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The name (unique in the account, ignoring case).
    pub user_name: String,
    /// `AIDA...`.
    pub user_id: String,
    /// The path, `/` by default.
    pub path: String,
    /// When it was created.
    pub create_date: SimTime,
    /// Tags in the order given.
    pub tags: Vec<Tag>,
    /// The console password, if any.
    pub login_profile: Option<LoginProfile>,
    /// Access keys (at most two).
    pub access_keys: Vec<AccessKey>,
    /// Inline policies.
    pub inline_policies: Vec<InlinePolicy>,
    /// ARNs of attached managed policies, in attach order.
    pub attached_policies: Vec<String>,
    /// MFA devices enabled for the user.
    pub mfa_devices: Vec<MfaAssignment>,
    /// When the console password was last used.
    pub password_last_used: Option<SimTime>,
}

/// A user's console password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginProfile {
    /// The password (kept to check sign-ins; never returned).
    pub password: String,
    /// When it was set up.
    pub create_date: SimTime,
    /// Whether the user must choose a new password at next sign-in.
    pub password_reset_required: bool,
}

/// A user as IAM returns it (`User`). The root user has no path or name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserInfo {
    /// The path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The unique id.
    pub user_id: String,
    /// The ARN.
    pub arn: String,
    /// When it was created.
    pub create_date: Timestamp,
    /// When its password was last used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_last_used: Option<Timestamp>,
    /// Tags (`GetUser` only, when there are some).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `CreateUser` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateUserInput {
    /// The path (default `/`).
    pub path: Option<String>,
    /// The user name.
    pub user_name: String,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// `CreateUser` / `GetUser` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserOutput {
    /// The user.
    pub user: UserInfo,
}

/// `GetUser` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetUserInput {
    /// The user (the caller when omitted).
    pub user_name: Option<String>,
}

/// `ListUsers` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListUsersInput {
    /// Only users whose path starts with this.
    pub path_prefix: Option<String>,
}

/// `ListUsers` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersOutput {
    /// The users, by name.
    pub users: Vec<UserInfo>,
}

/// `UpdateUser` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateUserInput {
    /// The user.
    pub user_name: String,
    /// A new path.
    pub new_path: Option<String>,
    /// A new name.
    pub new_user_name: Option<String>,
}

/// Input naming one user (`DeleteUser`, `ListUserTags`, `GetLoginProfile`,
/// `DeleteLoginProfile`, `ListGroupsForUser`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserNameInput {
    /// The user.
    pub user_name: String,
}

/// `TagUser` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TagUserInput {
    /// The user.
    pub user_name: String,
    /// Tags to add or replace.
    pub tags: Vec<Tag>,
}

/// `UntagUser` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UntagUserInput {
    /// The user.
    pub user_name: String,
    /// Keys to remove.
    pub tag_keys: Vec<String>,
}

/// `ListUserTags` / `ListRoleTags` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsOutput {
    /// The tags.
    pub tags: Vec<Tag>,
    /// Always false.
    pub is_truncated: bool,
}

/// `CreateLoginProfile` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateLoginProfileInput {
    /// The user (the caller when omitted).
    pub user_name: Option<String>,
    /// The password.
    pub password: String,
    /// Whether the user must set a new password at next sign-in.
    pub password_reset_required: bool,
}

/// `UpdateLoginProfile` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateLoginProfileInput {
    /// The user.
    pub user_name: String,
    /// A new password.
    pub password: Option<String>,
    /// Whether the user must set a new password at next sign-in.
    pub password_reset_required: Option<bool>,
}

/// A login profile as IAM returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoginProfileInfo {
    /// The user.
    pub user_name: String,
    /// When it was created.
    pub create_date: Timestamp,
    /// Whether a new password is required at next sign-in.
    pub password_reset_required: bool,
}

/// `CreateLoginProfile` / `GetLoginProfile` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoginProfileOutput {
    /// The login profile.
    pub login_profile: LoginProfileInfo,
}

/// `ChangePassword` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ChangePasswordInput {
    /// The current password.
    pub old_password: String,
    /// The new password.
    pub new_password: String,
}

impl Cloud {
    /// Every IAM user.
    pub fn iam_users(&self) -> &[User] {
        &self.iam.users
    }

    /// The IAM user with this name (names compare without case, as in IAM).
    pub fn iam_user(&self, name: &str) -> Option<&User> {
        self.iam
            .users
            .iter()
            .find(|u| u.user_name.eq_ignore_ascii_case(name))
    }

    pub(crate) fn iam_user_mut(&mut self, name: &str) -> Option<&mut User> {
        self.iam
            .users
            .iter_mut()
            .find(|u| u.user_name.eq_ignore_ascii_case(name))
    }

    pub(crate) fn existing_user(&self, name: &str) -> Result<&User, IamError> {
        self.iam_user(name).ok_or_else(|| no_such_user(name))
    }

    pub(crate) fn existing_user_mut(&mut self, name: &str) -> Result<&mut User, IamError> {
        self.iam_user_mut(name).ok_or_else(|| no_such_user(name))
    }

    pub(crate) fn user_info(&self, user: &User, with_tags: bool) -> UserInfo {
        UserInfo {
            path: Some(user.path.clone()),
            user_name: Some(user.user_name.clone()),
            user_id: user.user_id.clone(),
            arn: self.iam_arn("user", &user.path, &user.user_name),
            create_date: Timestamp(user.create_date),
            password_last_used: user.password_last_used.map(Timestamp),
            tags: if with_tags {
                user.tags.clone()
            } else {
                Vec::new()
            },
        }
    }

    /// `iam create-user`.
    pub fn create_user(&mut self, input: CreateUserInput) -> Result<UserOutput, IamError> {
        let path = input.path.clone().unwrap_or_else(|| "/".into());
        self.iam_call(
            "CreateUser",
            |c, _| c.iam_arn("user", &path, &input.user_name),
            |c| {
                validate_name(&input.user_name, "userName", 64)?;
                let path = validate_path(input.path.as_deref())?;
                if c.iam_user(&input.user_name).is_some() {
                    return Err(IamError::already_exists(format!(
                        "User with name {} already exists.",
                        input.user_name
                    )));
                }
                if c.iam.users.len() >= USERS_QUOTA {
                    return Err(IamError::limit(format!(
                        "Cannot exceed quota for UsersPerAccount: {USERS_QUOTA}"
                    )));
                }
                let mut tags = Vec::new();
                merge_tags(&mut tags, &input.tags)?;
                let user_id = super::unique_id("AIDA", &mut c.iam.rng);
                let user = User {
                    user_name: input.user_name.clone(),
                    user_id,
                    path,
                    create_date: c.now,
                    tags,
                    login_profile: None,
                    access_keys: Vec::new(),
                    inline_policies: Vec::new(),
                    attached_policies: Vec::new(),
                    mfa_devices: Vec::new(),
                    password_last_used: None,
                };
                let info = c.user_info(&user, true);
                c.iam.users.push(user);
                Ok(UserOutput { user: info })
            },
        )
    }

    /// `iam get-user`: the named user, or the caller (the root user too).
    pub fn get_user(&mut self, input: GetUserInput) -> Result<UserOutput, IamError> {
        self.iam_call(
            "GetUser",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| match c.target_user(input.user_name.as_deref())? {
                TargetUser::Root => Ok(UserOutput {
                    user: UserInfo {
                        path: None,
                        user_name: None,
                        user_id: c.config.account_id.clone(),
                        arn: c.root_arn(),
                        create_date: Timestamp(c.iam.root.create_date),
                        password_last_used: c.iam.root.password_last_used.map(Timestamp),
                        tags: Vec::new(),
                    },
                }),
                TargetUser::User(name) => {
                    let user = c.existing_user(&name)?;
                    Ok(UserOutput {
                        user: c.user_info(user, true),
                    })
                }
            },
        )
    }

    /// `iam list-users`, ordered by name. Authorized on the user path
    /// (`arn:aws:iam::123456789012:user/`), which AWS names when it refuses.
    pub fn list_users(&mut self, input: ListUsersInput) -> Result<ListUsersOutput, IamError> {
        let path = super::list_path(input.path_prefix.as_deref());
        self.iam_call(
            "ListUsers",
            |c, _| c.iam_arn("user", &path, ""),
            |c| {
                let prefix = input.path_prefix.as_deref().unwrap_or("/");
                let mut users: Vec<&User> = c
                    .iam
                    .users
                    .iter()
                    .filter(|u| u.path.starts_with(prefix))
                    .collect();
                users.sort_by_key(|u| u.user_name.to_lowercase());
                Ok(ListUsersOutput {
                    users: users.iter().map(|u| c.user_info(u, false)).collect(),
                })
            },
        )
    }

    /// `iam update-user`: a new path and/or name.
    pub fn update_user(&mut self, input: UpdateUserInput) -> Result<(), IamError> {
        self.iam_call(
            "UpdateUser",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                let old = c.existing_user(&input.user_name)?.user_name.clone();
                let new_path = match &input.new_path {
                    Some(p) => Some(validate_path(Some(p))?),
                    None => None,
                };
                if let Some(new_name) = &input.new_user_name {
                    validate_name(new_name, "newUserName", 64)?;
                    if !new_name.eq_ignore_ascii_case(&old) && c.iam_user(new_name).is_some() {
                        return Err(IamError::already_exists(format!(
                            "User with name {new_name} already exists."
                        )));
                    }
                }
                let user = c.existing_user_mut(&old)?;
                if let Some(p) = new_path {
                    user.path = p;
                }
                if let Some(new_name) = &input.new_user_name {
                    user.user_name = new_name.clone();
                    for g in &mut c.iam.groups {
                        for m in &mut g.members {
                            if *m == old {
                                *m = new_name.clone();
                            }
                        }
                    }
                    for d in &mut c.iam.virtual_mfa_devices {
                        if d.user.as_deref() == Some(old.as_str()) {
                            d.user = Some(new_name.clone());
                        }
                    }
                }
                Ok(())
            },
        )
    }

    /// `iam delete-user`: only once the user has no password, access keys,
    /// MFA devices, policies or group memberships (`DeleteConflict`).
    pub fn delete_user(&mut self, input: UserNameInput) -> Result<(), IamError> {
        self.iam_call(
            "DeleteUser",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                let user = c.existing_user(&input.user_name)?;
                let in_group = c
                    .iam
                    .groups
                    .iter()
                    .any(|g| g.members.contains(&user.user_name));
                let conflict = if user.login_profile.is_some() {
                    Some("Cannot delete entity, must delete login profile first.")
                } else if !user.access_keys.is_empty() {
                    Some("Cannot delete entity, must delete access keys first.")
                } else if !user.mfa_devices.is_empty() {
                    Some("Cannot delete entity, must delete MFA device first.")
                } else if !user.inline_policies.is_empty() {
                    Some("Cannot delete entity, must delete policies first.")
                } else if !user.attached_policies.is_empty() {
                    Some("Cannot delete entity, must detach all policies first.")
                } else if in_group {
                    Some("Cannot delete entity, must remove user from all groups first.")
                } else {
                    None
                };
                if let Some(message) = conflict {
                    return Err(IamError::delete_conflict(message));
                }
                let name = user.user_name.clone();
                c.iam.users.retain(|u| u.user_name != name);
                Ok(())
            },
        )
    }

    /// `iam tag-user`.
    pub fn tag_user(&mut self, input: TagUserInput) -> Result<(), IamError> {
        self.iam_call(
            "TagUser",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                let user = c.existing_user_mut(&input.user_name)?;
                let mut tags = user.tags.clone();
                merge_tags(&mut tags, &input.tags)?;
                user.tags = tags;
                Ok(())
            },
        )
    }

    /// `iam untag-user`.
    pub fn untag_user(&mut self, input: UntagUserInput) -> Result<(), IamError> {
        self.iam_call(
            "UntagUser",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                let user = c.existing_user_mut(&input.user_name)?;
                user.tags.retain(|t| {
                    !input
                        .tag_keys
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(&t.key))
                });
                Ok(())
            },
        )
    }

    /// `iam list-user-tags`.
    pub fn list_user_tags(&mut self, input: UserNameInput) -> Result<ListTagsOutput, IamError> {
        self.iam_call(
            "ListUserTags",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                Ok(ListTagsOutput {
                    tags: c.existing_user(&input.user_name)?.tags.clone(),
                    is_truncated: false,
                })
            },
        )
    }

    /// `iam create-login-profile`: gives a user a console password, which
    /// must meet the account's password policy (or AWS's default one).
    pub fn create_login_profile(
        &mut self,
        input: CreateLoginProfileInput,
    ) -> Result<LoginProfileOutput, IamError> {
        self.iam_call(
            "CreateLoginProfile",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| {
                let TargetUser::User(name) = c.target_user(input.user_name.as_deref())? else {
                    return Err(root_password_error());
                };
                let user = c.existing_user(&name)?;
                if user.login_profile.is_some() {
                    return Err(IamError::already_exists(format!(
                        "Login Profile for user {} already exists.",
                        user.user_name
                    )));
                }
                let user_name = user.user_name.clone();
                c.check_password(&input.password, &user_name)?;
                let now = c.now;
                let user = c.existing_user_mut(&name)?;
                user.login_profile = Some(LoginProfile {
                    password: input.password.clone(),
                    create_date: now,
                    password_reset_required: input.password_reset_required,
                });
                Ok(LoginProfileOutput {
                    login_profile: LoginProfileInfo {
                        user_name,
                        create_date: Timestamp(now),
                        password_reset_required: input.password_reset_required,
                    },
                })
            },
        )
    }

    /// `iam get-login-profile`.
    pub fn get_login_profile(
        &mut self,
        input: UserNameInput,
    ) -> Result<LoginProfileOutput, IamError> {
        self.iam_call(
            "GetLoginProfile",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                let user = c.existing_user(&input.user_name)?;
                let profile = user.login_profile.as_ref().ok_or_else(|| {
                    IamError::no_such_entity(format!(
                        "Login Profile for User {} cannot be found.",
                        user.user_name
                    ))
                })?;
                Ok(LoginProfileOutput {
                    login_profile: LoginProfileInfo {
                        user_name: user.user_name.clone(),
                        create_date: Timestamp(profile.create_date),
                        password_reset_required: profile.password_reset_required,
                    },
                })
            },
        )
    }

    /// `iam update-login-profile`: a new password and/or reset flag.
    pub fn update_login_profile(&mut self, input: UpdateLoginProfileInput) -> Result<(), IamError> {
        self.iam_call(
            "UpdateLoginProfile",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                let user = c.existing_user(&input.user_name)?;
                if user.login_profile.is_none() {
                    return Err(IamError::no_such_entity(format!(
                        "Login Profile for User {} cannot be found.",
                        user.user_name
                    )));
                }
                let user_name = user.user_name.clone();
                if let Some(password) = &input.password {
                    c.check_password(password, &user_name)?;
                }
                let user = c.existing_user_mut(&input.user_name)?;
                if let Some(profile) = &mut user.login_profile {
                    if let Some(password) = &input.password {
                        profile.password = password.clone();
                    }
                    if let Some(reset) = input.password_reset_required {
                        profile.password_reset_required = reset;
                    }
                }
                Ok(())
            },
        )
    }

    /// `iam delete-login-profile`: removes console access.
    pub fn delete_login_profile(&mut self, input: UserNameInput) -> Result<(), IamError> {
        self.iam_call(
            "DeleteLoginProfile",
            |c, _| c.user_arn(&input.user_name),
            |c| {
                let user = c.existing_user_mut(&input.user_name)?;
                if user.login_profile.take().is_none() {
                    return Err(IamError::no_such_entity(format!(
                        "Login Profile for User {} cannot be found.",
                        user.user_name
                    )));
                }
                Ok(())
            },
        )
    }

    /// `iam change-password`: the calling IAM user changes its own password.
    pub fn change_password(&mut self, input: ChangePasswordInput) -> Result<(), IamError> {
        self.iam_call(
            "ChangePassword",
            |c, p| c.target_user_arn(p, None),
            |c| {
                let principal = c.request_principal().cloned();
                let Some(CallerIdentity::User { user_name }) =
                    principal.as_ref().map(|p| &p.identity)
                else {
                    return Err(IamError::InvalidUserType);
                };
                let user = c.existing_user(user_name)?;
                let Some(profile) = &user.login_profile else {
                    return Err(IamError::no_such_entity(format!(
                        "Login Profile for User {} cannot be found.",
                        user.user_name
                    )));
                };
                if profile.password != input.old_password {
                    return Err(IamError::AccessDenied(AccessDenied {
                        principal_arn: principal.map(|p| p.arn).unwrap_or_default(),
                        action: "iam:ChangePassword".into(),
                        resource: "*".into(),
                        reason: DenyReason::Rule("The old password is incorrect.".into()),
                    }));
                }
                let user_name = user.user_name.clone();
                c.check_password(&input.new_password, &user_name)?;
                let user = c.existing_user_mut(&user_name)?;
                if let Some(profile) = &mut user.login_profile {
                    profile.password = input.new_password.clone();
                    profile.password_reset_required = false;
                }
                Ok(())
            },
        )
    }

    /// Whether `password` opens the console for `user_name` (no logging):
    /// the user has a login profile with this password.
    pub fn console_password_accepts(&self, user_name: &str, password: &str) -> bool {
        self.iam_user(user_name)
            .and_then(|u| u.login_profile.as_ref())
            .is_some_and(|p| p.password == password)
    }
}

/// `NoSuchEntity` for a user.
pub(crate) fn no_such_user(name: &str) -> IamError {
    IamError::no_such_entity(format!("The user with name {name} cannot be found."))
}

fn root_password_error() -> IamError {
    IamError::InvalidUserType
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::CallerIdentity;

    fn create(cloud: &mut Cloud, name: &str) -> UserInfo {
        cloud
            .create_user(CreateUserInput {
                user_name: name.into(),
                ..Default::default()
            })
            .unwrap()
            .user
    }

    #[test]
    fn create_get_list_and_names() {
        let mut cloud = Cloud::default();
        let alice = create(&mut cloud, "alice");
        assert_eq!(alice.arn, "arn:aws:iam::123456789012:user/alice");
        assert!(alice.user_id.starts_with("AIDA") && alice.user_id.len() == 21);
        let json = serde_json::to_value(&alice).unwrap();
        assert_eq!(json["Path"], "/");
        assert_eq!(json["CreateDate"], "2026-01-05T09:00:00+00:00");
        let dup = cloud
            .create_user(CreateUserInput {
                user_name: "ALICE".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(dup.code(), "EntityAlreadyExists");
        assert_eq!(dup.message(), "User with name ALICE already exists.");
        let bad = cloud
            .create_user(CreateUserInput {
                user_name: "bad name".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            bad.message(),
            "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"
        );
        let long = cloud
            .create_user(CreateUserInput {
                user_name: "a".repeat(65),
                ..Default::default()
            })
            .unwrap_err();
        assert!(long.message().ends_with("less than or equal to 64"));
        let badpath = cloud
            .create_user(CreateUserInput {
                user_name: "bob".into(),
                path: Some("admins".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(badpath.code(), "ValidationError");
        create(&mut cloud, "Bob");
        let names: Vec<String> = cloud
            .list_users(ListUsersInput::default())
            .unwrap()
            .users
            .into_iter()
            .filter_map(|u| u.user_name)
            .collect();
        assert_eq!(names, ["alice", "Bob", "learner"]);
        let missing = cloud
            .get_user(GetUserInput {
                user_name: Some("carol".into()),
            })
            .unwrap_err();
        assert_eq!(
            missing.message(),
            "The user with name carol cannot be found."
        );
        // Without a name: the caller.
        let me = cloud.get_user(GetUserInput::default()).unwrap().user;
        assert_eq!(me.user_name.as_deref(), Some("learner"));
        let root = cloud
            .as_caller(CallerIdentity::Root)
            .get_user(GetUserInput::default())
            .unwrap()
            .user;
        assert_eq!(root.arn, "arn:aws:iam::123456789012:root");
        assert_eq!(root.user_id, "123456789012");
        assert!(root.user_name.is_none());
    }

    #[test]
    fn paths_tags_and_renames() {
        let mut cloud = Cloud::default();
        let u = cloud
            .create_user(CreateUserInput {
                user_name: "dev1".into(),
                path: Some("/engineering/".into()),
                tags: vec![Tag::new("team", "web")],
            })
            .unwrap()
            .user;
        assert_eq!(u.arn, "arn:aws:iam::123456789012:user/engineering/dev1");
        cloud
            .tag_user(TagUserInput {
                user_name: "dev1".into(),
                tags: vec![Tag::new("TEAM", "db"), Tag::new("cost", "1")],
            })
            .unwrap();
        let tags = cloud
            .list_user_tags(UserNameInput {
                user_name: "dev1".into(),
            })
            .unwrap()
            .tags;
        assert_eq!(tags, vec![Tag::new("TEAM", "db"), Tag::new("cost", "1")]);
        let dup = cloud
            .tag_user(TagUserInput {
                user_name: "dev1".into(),
                tags: vec![Tag::new("a", "1"), Tag::new("A", "2")],
            })
            .unwrap_err();
        assert_eq!(dup.code(), "InvalidInput");
        cloud
            .untag_user(UntagUserInput {
                user_name: "dev1".into(),
                tag_keys: vec!["team".into()],
            })
            .unwrap();
        cloud
            .update_user(UpdateUserInput {
                user_name: "dev1".into(),
                new_user_name: Some("dev2".into()),
                new_path: Some("/".into()),
            })
            .unwrap();
        assert!(cloud.iam_user("dev1").is_none());
        assert_eq!(cloud.iam_user("dev2").unwrap().tags.len(), 1);
        assert_eq!(
            cloud.user_arn("dev2"),
            "arn:aws:iam::123456789012:user/dev2"
        );
    }

    #[test]
    fn login_profiles_and_passwords() {
        let mut cloud = Cloud::default();
        create(&mut cloud, "alice");
        let weak = cloud
            .create_login_profile(CreateLoginProfileInput {
                user_name: Some("alice".into()),
                password: "password".into(),
                password_reset_required: true,
            })
            .unwrap_err();
        assert_eq!(weak.code(), "PasswordPolicyViolation");
        let lp = cloud
            .create_login_profile(CreateLoginProfileInput {
                user_name: Some("alice".into()),
                password: "Correct-Horse-9".into(),
                password_reset_required: true,
            })
            .unwrap();
        assert!(lp.login_profile.password_reset_required);
        assert!(cloud.console_password_accepts("alice", "Correct-Horse-9"));
        let again = cloud
            .create_login_profile(CreateLoginProfileInput {
                user_name: Some("alice".into()),
                password: "Correct-Horse-9".into(),
                password_reset_required: false,
            })
            .unwrap_err();
        assert_eq!(
            again.message(),
            "Login Profile for user alice already exists."
        );
        // Alice changes her own password (needs iam:ChangePassword).
        cloud
            .attach_user_policy(crate::iam::policies::AttachUserPolicyInput {
                user_name: "alice".into(),
                policy_arn: "arn:aws:iam::aws:policy/IAMUserChangePassword".into(),
            })
            .unwrap();
        let alice = CallerIdentity::User {
            user_name: "alice".into(),
        };
        let wrong = cloud
            .as_caller(alice.clone())
            .change_password(ChangePasswordInput {
                old_password: "nope".into(),
                new_password: "New-Secret-42".into(),
            })
            .unwrap_err();
        assert_eq!(wrong.code(), "AccessDenied");
        cloud
            .as_caller(alice)
            .change_password(ChangePasswordInput {
                old_password: "Correct-Horse-9".into(),
                new_password: "New-Secret-42".into(),
            })
            .unwrap();
        assert!(cloud.console_password_accepts("alice", "New-Secret-42"));
        let conflict = cloud
            .delete_user(UserNameInput {
                user_name: "alice".into(),
            })
            .unwrap_err();
        assert_eq!(conflict.code(), "DeleteConflict");
        assert_eq!(
            conflict.message(),
            "Cannot delete entity, must delete login profile first."
        );
        cloud
            .delete_login_profile(UserNameInput {
                user_name: "alice".into(),
            })
            .unwrap();
        let gone = cloud
            .get_login_profile(UserNameInput {
                user_name: "alice".into(),
            })
            .unwrap_err();
        assert_eq!(
            gone.message(),
            "Login Profile for User alice cannot be found."
        );
        cloud
            .detach_user_policy(crate::iam::policies::DetachUserPolicyInput {
                user_name: "alice".into(),
                policy_arn: "arn:aws:iam::aws:policy/IAMUserChangePassword".into(),
            })
            .unwrap();
        cloud
            .delete_user(UserNameInput {
                user_name: "alice".into(),
            })
            .unwrap();
        assert!(cloud.iam_user("alice").is_none());
    }
}
