//! Access keys: `CreateAccessKey`, `ListAccessKeys`, `UpdateAccessKey`,
//! `DeleteAccessKey`, `GetAccessKeyLastUsed`.
//!
//! A key id is `AKIA` and 16 characters; the 40-character secret is shown
//! once, by `CreateAccessKey`, and never again. A user (or the root user) may
//! have two keys. Every request signed with a key records its last use.

use serde::{Deserialize, Serialize};

use super::errors::IamError;
use super::{TargetUser, constraint_error, random_chars};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::rng::SimRng;

/// How many access keys a user (or the root user) may have.
pub const ACCESS_KEYS_PER_USER_QUOTA: usize = 2;

const KEY_ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `Active` or `Inactive`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessKeyStatus {
    /// The key signs requests.
    Active,
    /// The key is refused (`InvalidClientTokenId`).
    Inactive,
}

impl AccessKeyStatus {
    /// AWS's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessKeyStatus::Active => "Active",
            AccessKeyStatus::Inactive => "Inactive",
        }
    }
}

/// When and where a key was last used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyLastUse {
    /// When.
    pub at: SimTime,
    /// The service, e.g. `ec2`.
    pub service_name: String,
    /// The region (`us-east-1` for global services).
    pub region: String,
}

/// A long-term access key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKey {
    /// `AKIA...`.
    pub access_key_id: String,
    /// The secret (kept to check signatures; never returned again).
    pub secret_access_key: String,
    /// Active or inactive.
    pub status: AccessKeyStatus,
    /// When it was created.
    pub create_date: SimTime,
    /// Its last use, if any.
    pub last_used: Option<KeyLastUse>,
}

impl AccessKey {
    /// A new active key.
    pub(crate) fn generate(rng: &mut SimRng, now: SimTime) -> AccessKey {
        AccessKey {
            access_key_id: format!("AKIA{}", random_chars(rng, 16, KEY_ID_ALPHABET)),
            secret_access_key: random_chars(rng, 40, SECRET_ALPHABET),
            status: AccessKeyStatus::Active,
            create_date: now,
            last_used: None,
        }
    }
}

/// `CreateAccessKey` output's key, with its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessKeyWithSecret {
    /// The user (absent for the root user's keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The key id.
    pub access_key_id: String,
    /// `Active`.
    pub status: String,
    /// The secret, shown only now.
    pub secret_access_key: String,
    /// When it was created.
    pub create_date: Timestamp,
}

/// `CreateAccessKey` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAccessKeyOutput {
    /// The new key.
    pub access_key: AccessKeyWithSecret,
}

/// Input naming a user (optional: the caller).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccessKeysInput {
    /// The user (the caller when omitted).
    pub user_name: Option<String>,
}

/// A key without its secret (`AccessKeyMetadata`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessKeyMetadata {
    /// The user (absent for the root user's keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The key id.
    pub access_key_id: String,
    /// `Active` or `Inactive`.
    pub status: String,
    /// When it was created.
    pub create_date: Timestamp,
}

/// `ListAccessKeys` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAccessKeysOutput {
    /// The keys.
    pub access_key_metadata: Vec<AccessKeyMetadata>,
}

/// `UpdateAccessKey` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateAccessKeyInput {
    /// The user (the caller when omitted).
    pub user_name: Option<String>,
    /// The key.
    pub access_key_id: String,
    /// `Active` or `Inactive`.
    pub status: String,
}

/// `DeleteAccessKey` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteAccessKeyInput {
    /// The user (the caller when omitted).
    pub user_name: Option<String>,
    /// The key.
    pub access_key_id: String,
}

/// `GetAccessKeyLastUsed` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetAccessKeyLastUsedInput {
    /// The key.
    pub access_key_id: String,
}

/// `AccessKeyLastUsed`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessKeyLastUsed {
    /// When it was last used (absent if never).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_date: Option<Timestamp>,
    /// The service, or `N/A`.
    pub service_name: String,
    /// The region, or `N/A`.
    pub region: String,
}

/// `GetAccessKeyLastUsed` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAccessKeyLastUsedOutput {
    /// The key's user (absent for the root user).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Its last use.
    pub access_key_last_used: AccessKeyLastUsed,
}

fn key_not_found(id: &str) -> IamError {
    IamError::no_such_entity(format!("The Access Key with id {id} cannot be found"))
}

impl Cloud {
    fn keys_of(
        &mut self,
        target: &TargetUser,
    ) -> Result<(Option<String>, &mut Vec<AccessKey>), IamError> {
        match target {
            TargetUser::Root => Ok((None, &mut self.iam.root.access_keys)),
            TargetUser::User(name) => {
                let user = self.existing_user_mut(name)?;
                Ok((Some(user.user_name.clone()), &mut user.access_keys))
            }
        }
    }

    /// Who owns an access key: `Some(None)` for the root user,
    /// `Some(Some(name))` for a user.
    pub fn access_key_owner(&self, access_key_id: &str) -> Option<Option<&str>> {
        if self
            .iam
            .root
            .access_keys
            .iter()
            .any(|k| k.access_key_id == access_key_id)
        {
            return Some(None);
        }
        self.iam
            .users
            .iter()
            .find(|u| {
                u.access_keys
                    .iter()
                    .any(|k| k.access_key_id == access_key_id)
            })
            .map(|u| Some(u.user_name.as_str()))
    }

    /// Records that a request was signed with `access_key_id` (called for
    /// every authenticated request).
    pub(crate) fn note_access_key_use(&mut self, access_key_id: &str, service: &str) {
        let region = match service {
            "iam" | "sts" | "budgets" => "us-east-1".to_string(),
            _ => self.region_name().to_string(),
        };
        let use_ = KeyLastUse {
            at: self.now,
            service_name: service.to_string(),
            region,
        };
        let now = self.now;
        let iam = &mut self.iam;
        let keys = iam
            .root
            .access_keys
            .iter_mut()
            .chain(iam.users.iter_mut().flat_map(|u| u.access_keys.iter_mut()));
        for k in keys {
            if k.access_key_id == access_key_id {
                k.last_used = Some(use_.clone());
            }
        }
        if let Some(s) = iam
            .sessions
            .iter()
            .find(|s| s.access_key_id == access_key_id)
        {
            let role = s.role_name.clone();
            if let Some(r) = iam.roles.iter_mut().find(|r| r.role_name == role) {
                r.last_used = Some(now);
            }
        }
    }

    /// `iam create-access-key`: a new key for the user (or, for a root caller
    /// naming no user, for the root user). The secret is in this output only.
    pub fn create_access_key(
        &mut self,
        input: AccessKeysInput,
    ) -> Result<CreateAccessKeyOutput, IamError> {
        self.iam_call(
            "CreateAccessKey",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| {
                let target = c.target_user(input.user_name.as_deref())?;
                let now = c.now;
                // Check the owner before drawing ids, so failures change nothing.
                let (_, keys) = c.keys_of(&target)?;
                if keys.len() >= ACCESS_KEYS_PER_USER_QUOTA {
                    return Err(IamError::limit(format!(
                        "Cannot exceed quota for AccessKeysPerUser: {ACCESS_KEYS_PER_USER_QUOTA}"
                    )));
                }
                let key = AccessKey::generate(&mut c.iam.rng, now);
                let (user_name, keys) = c.keys_of(&target)?;
                keys.push(key.clone());
                Ok(CreateAccessKeyOutput {
                    access_key: AccessKeyWithSecret {
                        user_name,
                        access_key_id: key.access_key_id,
                        status: key.status.as_str().into(),
                        secret_access_key: key.secret_access_key,
                        create_date: Timestamp(now),
                    },
                })
            },
        )
    }

    /// `iam list-access-keys` (no secrets).
    pub fn list_access_keys(
        &mut self,
        input: AccessKeysInput,
    ) -> Result<ListAccessKeysOutput, IamError> {
        self.iam_call(
            "ListAccessKeys",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| {
                let target = c.target_user(input.user_name.as_deref())?;
                let (user_name, keys) = c.keys_of(&target)?;
                Ok(ListAccessKeysOutput {
                    access_key_metadata: keys
                        .iter()
                        .map(|k| AccessKeyMetadata {
                            user_name: user_name.clone(),
                            access_key_id: k.access_key_id.clone(),
                            status: k.status.as_str().into(),
                            create_date: Timestamp(k.create_date),
                        })
                        .collect(),
                })
            },
        )
    }

    /// `iam update-access-key`: `Active` or `Inactive`.
    pub fn update_access_key(&mut self, input: UpdateAccessKeyInput) -> Result<(), IamError> {
        self.iam_call(
            "UpdateAccessKey",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| {
                let status = match input.status.as_str() {
                    "Active" => AccessKeyStatus::Active,
                    "Inactive" => AccessKeyStatus::Inactive,
                    other => {
                        return Err(constraint_error(
                            other,
                            "status",
                            "Member must satisfy enum value set: [Active, Inactive]",
                        ));
                    }
                };
                let target = c.target_user(input.user_name.as_deref())?;
                let (_, keys) = c.keys_of(&target)?;
                let key = keys
                    .iter_mut()
                    .find(|k| k.access_key_id == input.access_key_id)
                    .ok_or_else(|| key_not_found(&input.access_key_id))?;
                key.status = status;
                Ok(())
            },
        )
    }

    /// `iam delete-access-key`.
    pub fn delete_access_key(&mut self, input: DeleteAccessKeyInput) -> Result<(), IamError> {
        self.iam_call(
            "DeleteAccessKey",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| {
                let target = c.target_user(input.user_name.as_deref())?;
                let (_, keys) = c.keys_of(&target)?;
                let before = keys.len();
                keys.retain(|k| k.access_key_id != input.access_key_id);
                if keys.len() == before {
                    return Err(key_not_found(&input.access_key_id));
                }
                Ok(())
            },
        )
    }

    /// `iam get-access-key-last-used`.
    pub fn get_access_key_last_used(
        &mut self,
        input: GetAccessKeyLastUsedInput,
    ) -> Result<GetAccessKeyLastUsedOutput, IamError> {
        self.iam_call(
            "GetAccessKeyLastUsed",
            |c, p| match c.access_key_owner(&input.access_key_id) {
                Some(Some(user)) => c.user_arn(user),
                Some(None) => c.root_arn(),
                None => p.arn.clone(),
            },
            |c| {
                let owner = c
                    .access_key_owner(&input.access_key_id)
                    .ok_or_else(|| key_not_found(&input.access_key_id))?
                    .map(str::to_string);
                let key = c
                    .iam
                    .root
                    .access_keys
                    .iter()
                    .chain(c.iam.users.iter().flat_map(|u| u.access_keys.iter()))
                    .find(|k| k.access_key_id == input.access_key_id)
                    .ok_or_else(|| key_not_found(&input.access_key_id))?;
                let last = match &key.last_used {
                    Some(u) => AccessKeyLastUsed {
                        last_used_date: Some(Timestamp(u.at)),
                        service_name: u.service_name.clone(),
                        region: u.region.clone(),
                    },
                    None => AccessKeyLastUsed {
                        last_used_date: None,
                        service_name: "N/A".into(),
                        region: "N/A".into(),
                    },
                };
                Ok(GetAccessKeyLastUsedOutput {
                    user_name: owner,
                    access_key_last_used: last,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{CallerIdentity, Credentials};
    use crate::iam::users::CreateUserInput;
    use std::time::Duration;

    fn for_user(name: &str) -> AccessKeysInput {
        AccessKeysInput {
            user_name: Some(name.into()),
        }
    }

    #[test]
    fn key_shapes_and_quota() {
        let mut cloud = Cloud::default();
        cloud
            .create_user(CreateUserInput {
                user_name: "alice".into(),
                ..Default::default()
            })
            .unwrap();
        let k1 = cloud
            .create_access_key(for_user("alice"))
            .unwrap()
            .access_key;
        assert!(k1.access_key_id.starts_with("AKIA"));
        assert_eq!(k1.access_key_id.len(), 20);
        assert!(
            k1.access_key_id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        assert_eq!(k1.secret_access_key.len(), 40);
        assert_eq!(k1.status, "Active");
        cloud.create_access_key(for_user("alice")).unwrap();
        let third = cloud.create_access_key(for_user("alice")).unwrap_err();
        assert_eq!(third.code(), "LimitExceeded");
        assert_eq!(
            third.message(),
            "Cannot exceed quota for AccessKeysPerUser: 2"
        );
        let listed = cloud.list_access_keys(for_user("alice")).unwrap();
        assert_eq!(listed.access_key_metadata.len(), 2);
        let json = serde_json::to_string(&listed).unwrap();
        assert!(
            !json.contains(&k1.secret_access_key),
            "secrets are never listed"
        );
        let bad_status = cloud
            .update_access_key(UpdateAccessKeyInput {
                user_name: Some("alice".into()),
                access_key_id: k1.access_key_id.clone(),
                status: "Disabled".into(),
            })
            .unwrap_err();
        assert_eq!(bad_status.code(), "ValidationError");
        cloud
            .delete_access_key(DeleteAccessKeyInput {
                user_name: Some("alice".into()),
                access_key_id: k1.access_key_id.clone(),
            })
            .unwrap();
        let gone = cloud
            .delete_access_key(DeleteAccessKeyInput {
                user_name: Some("alice".into()),
                access_key_id: k1.access_key_id.clone(),
            })
            .unwrap_err();
        assert_eq!(
            gone.message(),
            format!(
                "The Access Key with id {} cannot be found",
                k1.access_key_id
            )
        );
    }

    #[test]
    fn root_has_no_keys_until_it_makes_one() {
        let mut cloud = Cloud::default();
        let mut root = cloud.as_caller(CallerIdentity::Root);
        assert!(
            root.list_access_keys(AccessKeysInput::default())
                .unwrap()
                .access_key_metadata
                .is_empty()
        );
        let key = root
            .create_access_key(AccessKeysInput::default())
            .unwrap()
            .access_key;
        assert_eq!(key.user_name, None);
        drop(root);
        assert_eq!(cloud.access_key_owner(&key.access_key_id), Some(None));
    }

    #[test]
    fn keys_authenticate_and_record_last_use() {
        let mut cloud = Cloud::default();
        cloud
            .create_user(CreateUserInput {
                user_name: "bob".into(),
                ..Default::default()
            })
            .unwrap();
        let key = cloud.create_access_key(for_user("bob")).unwrap().access_key;
        let never = cloud
            .get_access_key_last_used(GetAccessKeyLastUsedInput {
                access_key_id: key.access_key_id.clone(),
            })
            .unwrap();
        assert_eq!(never.access_key_last_used.service_name, "N/A");
        assert_eq!(never.access_key_last_used.last_used_date, None);
        cloud.advance(Duration::from_secs(60));
        let creds = Credentials {
            access_key_id: key.access_key_id.clone(),
            secret_access_key: key.secret_access_key.clone(),
            session_token: None,
        };
        // bob has no policies: denied, but the key was used.
        let denied = cloud
            .as_caller(creds.clone())
            .list_users(Default::default())
            .unwrap_err();
        assert_eq!(denied.code(), "AccessDenied");
        // AWS names the path a List call is authorized on.
        assert_eq!(
            denied.message(),
            "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: \
             iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no \
             identity-based policy allows the iam:ListUsers action"
        );
        let groups = cloud
            .as_caller(creds.clone())
            .list_groups(Default::default())
            .unwrap_err();
        assert!(
            groups
                .message()
                .contains("iam:ListGroups on resource: arn:aws:iam::123456789012:group/ because"),
            "{}",
            groups.message()
        );
        let roles = cloud
            .as_caller(creds.clone())
            .list_roles(Default::default())
            .unwrap_err();
        assert!(
            roles
                .message()
                .contains("iam:ListRoles on resource: arn:aws:iam::123456789012:role/ because"),
            "{}",
            roles.message()
        );
        let policies = cloud
            .as_caller(creds.clone())
            .list_policies(Default::default())
            .unwrap_err();
        assert!(
            policies
                .message()
                .contains("iam:ListPolicies on resource: policy path / because"),
            "{}",
            policies.message()
        );
        let used = cloud
            .get_access_key_last_used(GetAccessKeyLastUsedInput {
                access_key_id: key.access_key_id.clone(),
            })
            .unwrap();
        assert_eq!(used.user_name.as_deref(), Some("bob"));
        assert_eq!(used.access_key_last_used.service_name, "iam");
        assert_eq!(used.access_key_last_used.region, "us-east-1");
        assert_eq!(
            used.access_key_last_used.last_used_date,
            Some(Timestamp(SimTime(60_000)))
        );
        // Inactive keys are refused like unknown ones.
        cloud
            .update_access_key(UpdateAccessKeyInput {
                user_name: Some("bob".into()),
                access_key_id: key.access_key_id.clone(),
                status: "Inactive".into(),
            })
            .unwrap();
        let inactive = cloud
            .as_caller(creds)
            .list_users(Default::default())
            .unwrap_err();
        assert_eq!(inactive.code(), "InvalidClientTokenId");
    }
}
