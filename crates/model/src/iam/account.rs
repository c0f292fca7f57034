//! Account-level IAM: the root user, the account alias
//! (`CreateAccountAlias`, `ListAccountAliases`, `DeleteAccountAlias`), the
//! password policy (`UpdateAccountPasswordPolicy`,
//! `GetAccountPasswordPolicy`, `DeleteAccountPasswordPolicy`) and
//! `GetAccountSummary`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::access_keys::AccessKey;
use super::constraint_error;
use super::errors::IamError;
use super::mfa::MfaAssignment;
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// The root user's sign-in email in a new simulated account.
pub const ROOT_EMAIL: &str = "learner@example.com";

/// Aliases "someone else" already uses (aliases are unique across AWS).
pub const TAKEN_ACCOUNT_ALIASES: &[&str] = &["aws", "amazon", "example", "mycompany", "test"];

/// The symbols AWS's password rules count as non-alphanumeric.
pub const PASSWORD_SYMBOLS: &str = "!@#$%^&*()_+-=[]{}|'";

/// The account's root user: signs in with the account email and a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootUser {
    /// The sign-in email.
    pub email: String,
    /// When the account was created.
    pub create_date: SimTime,
    /// Root access keys (none by default; AWS advises never to create them).
    pub access_keys: Vec<AccessKey>,
    /// MFA devices enabled for the root user.
    pub mfa_devices: Vec<MfaAssignment>,
    /// When the root password was last used.
    pub password_last_used: Option<SimTime>,
}

impl RootUser {
    /// The root user of a new account: a password, no keys, no MFA.
    pub(crate) fn new_account() -> RootUser {
        RootUser {
            email: ROOT_EMAIL.to_string(),
            create_date: SimTime::ZERO,
            access_keys: Vec::new(),
            mfa_devices: Vec::new(),
            password_last_used: None,
        }
    }
}

/// The account password policy (`PasswordPolicy`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicy {
    /// Minimum length (6..=128).
    pub minimum_password_length: u32,
    /// At least one of `!@#$%^&*()_+-=[]{}|'`.
    pub require_symbols: bool,
    /// At least one digit.
    pub require_numbers: bool,
    /// At least one uppercase letter.
    pub require_uppercase_characters: bool,
    /// At least one lowercase letter.
    pub require_lowercase_characters: bool,
    /// Whether users may change their own password.
    pub allow_users_to_change_password: bool,
    /// Whether passwords expire.
    pub expire_passwords: bool,
    /// Days a password lasts.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_password_age: Option<u32>,
    /// How many previous passwords cannot be reused.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub password_reuse_prevention: Option<u32>,
    /// Whether an expired password needs an administrator to reset it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hard_expiry: Option<bool>,
}

/// `UpdateAccountPasswordPolicy` input (every member optional; omitted ones
/// take AWS's defaults).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateAccountPasswordPolicyInput {
    /// Minimum length (default 8).
    pub minimum_password_length: Option<u32>,
    /// Require a symbol.
    pub require_symbols: Option<bool>,
    /// Require a digit.
    pub require_numbers: Option<bool>,
    /// Require an uppercase letter.
    pub require_uppercase_characters: Option<bool>,
    /// Require a lowercase letter.
    pub require_lowercase_characters: Option<bool>,
    /// Let users change their own password.
    pub allow_users_to_change_password: Option<bool>,
    /// Days a password lasts (1..=1095).
    pub max_password_age: Option<u32>,
    /// Previous passwords not to reuse (1..=24).
    pub password_reuse_prevention: Option<u32>,
    /// Expired passwords need an administrator.
    pub hard_expiry: Option<bool>,
}

/// `GetAccountPasswordPolicy` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAccountPasswordPolicyOutput {
    /// The policy.
    pub password_policy: PasswordPolicy,
}

/// `CreateAccountAlias` / `DeleteAccountAlias` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccountAliasInput {
    /// The alias.
    pub account_alias: String,
}

/// `ListAccountAliases` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAccountAliasesOutput {
    /// Zero or one alias.
    pub account_aliases: Vec<String>,
    /// Always false.
    pub is_truncated: bool,
}

/// `GetAccountSummary` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAccountSummaryOutput {
    /// Usage and quotas by name.
    pub summary_map: BTreeMap<String, u64>,
}

fn check_range(value: u32, field: &str, lo: u32, hi: u32) -> Result<(), IamError> {
    if value < lo {
        return Err(constraint_error(
            &value.to_string(),
            field,
            &format!("Member must have value greater than or equal to {lo}"),
        ));
    }
    if value > hi {
        return Err(constraint_error(
            &value.to_string(),
            field,
            &format!("Member must have value less than or equal to {hi}"),
        ));
    }
    Ok(())
}

/// Whether `alias` has the shape IAM accepts: 3–63 of `a-z`, `0-9` and
/// single hyphens, starting and ending with a letter or digit.
pub fn is_valid_account_alias(alias: &str) -> bool {
    let b = alias.as_bytes();
    (3..=63).contains(&b.len())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b.first().is_some_and(|c| *c != b'-')
        && b.last().is_some_and(|c| *c != b'-')
        && !alias.contains("--")
}

impl Cloud {
    /// The root user (read-only).
    pub fn root_user(&self) -> &RootUser {
        &self.iam.root
    }

    /// Whether the root user has an MFA device enabled.
    pub fn root_mfa_enabled(&self) -> bool {
        !self.iam.root.mfa_devices.is_empty()
    }

    /// The account alias, if one is set.
    pub fn account_alias(&self) -> Option<&str> {
        self.iam.account_alias.as_deref()
    }

    /// The account password policy, if one is set.
    pub fn password_policy(&self) -> Option<&PasswordPolicy> {
        self.iam.password_policy.as_ref()
    }

    /// The IAM users' console sign-in URL:
    /// `https://<alias or account id>.signin.aws.amazon.com/console`.
    pub fn console_sign_in_url(&self) -> String {
        format!(
            "https://{}.signin.aws.amazon.com/console",
            self.account_alias().unwrap_or(&self.config.account_id)
        )
    }

    /// Checks a new password against the account's password policy or, when
    /// none is set, AWS's default one (8+ characters, three of: uppercase,
    /// lowercase, digits, symbols; not the user name or account email).
    pub(crate) fn check_password(&self, password: &str, user_name: &str) -> Result<(), IamError> {
        let violation = || IamError::PasswordPolicyViolation {
            message: "Password does not conform to the account password policy.".into(),
        };
        let len = password.chars().count();
        if len > 128 {
            return Err(constraint_error(
                "*****",
                "password",
                "Member must have length less than or equal to 128",
            ));
        }
        let upper = password.chars().any(|c| c.is_ascii_uppercase());
        let lower = password.chars().any(|c| c.is_ascii_lowercase());
        let digit = password.chars().any(|c| c.is_ascii_digit());
        let symbol = password.chars().any(|c| PASSWORD_SYMBOLS.contains(c));
        let ok = match &self.iam.password_policy {
            Some(p) => {
                len >= p.minimum_password_length as usize
                    && (!p.require_uppercase_characters || upper)
                    && (!p.require_lowercase_characters || lower)
                    && (!p.require_numbers || digit)
                    && (!p.require_symbols || symbol)
            }
            None => {
                let kinds = [upper, lower, digit, symbol].iter().filter(|k| **k).count();
                len >= 8
                    && kinds >= 3
                    && !password.eq_ignore_ascii_case(user_name)
                    && !password.eq_ignore_ascii_case(&self.iam.root.email)
            }
        };
        if ok { Ok(()) } else { Err(violation()) }
    }

    /// `iam create-account-alias`: sets the alias (replacing the old one; an
    /// account has at most one).
    pub fn create_account_alias(&mut self, input: AccountAliasInput) -> Result<(), IamError> {
        self.iam_call(
            "CreateAccountAlias",
            |_, _| "*".into(),
            |c| {
                if !is_valid_account_alias(&input.account_alias) {
                    return Err(constraint_error(
                        &input.account_alias,
                        "accountAlias",
                        "Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$",
                    ));
                }
                if TAKEN_ACCOUNT_ALIASES.contains(&input.account_alias.as_str()) {
                    return Err(IamError::already_exists(format!(
                        "The account alias {} already exists.",
                        input.account_alias
                    )));
                }
                c.iam.account_alias = Some(input.account_alias.clone());
                Ok(())
            },
        )
    }

    /// `iam list-account-aliases`.
    pub fn list_account_aliases(&mut self) -> Result<ListAccountAliasesOutput, IamError> {
        self.iam_call(
            "ListAccountAliases",
            |_, _| "*".into(),
            |c| {
                Ok(ListAccountAliasesOutput {
                    account_aliases: c.iam.account_alias.iter().cloned().collect(),
                    is_truncated: false,
                })
            },
        )
    }

    /// `iam delete-account-alias`.
    pub fn delete_account_alias(&mut self, input: AccountAliasInput) -> Result<(), IamError> {
        self.iam_call(
            "DeleteAccountAlias",
            |_, _| "*".into(),
            |c| {
                if c.iam.account_alias.as_deref() != Some(input.account_alias.as_str()) {
                    return Err(IamError::no_such_entity(format!(
                        "The account alias {} cannot be found.",
                        input.account_alias
                    )));
                }
                c.iam.account_alias = None;
                Ok(())
            },
        )
    }

    /// `iam update-account-password-policy`: sets the whole policy (omitted
    /// members take AWS's defaults).
    pub fn update_account_password_policy(
        &mut self,
        input: UpdateAccountPasswordPolicyInput,
    ) -> Result<(), IamError> {
        self.iam_call(
            "UpdateAccountPasswordPolicy",
            |_, _| "*".into(),
            |c| {
                let min = input.minimum_password_length.unwrap_or(8);
                check_range(min, "minimumPasswordLength", 6, 128)?;
                if let Some(age) = input.max_password_age {
                    check_range(age, "maxPasswordAge", 1, 1095)?;
                }
                if let Some(n) = input.password_reuse_prevention {
                    check_range(n, "passwordReusePrevention", 1, 24)?;
                }
                c.iam.password_policy = Some(PasswordPolicy {
                    minimum_password_length: min,
                    require_symbols: input.require_symbols.unwrap_or(false),
                    require_numbers: input.require_numbers.unwrap_or(false),
                    require_uppercase_characters: input
                        .require_uppercase_characters
                        .unwrap_or(false),
                    require_lowercase_characters: input
                        .require_lowercase_characters
                        .unwrap_or(false),
                    allow_users_to_change_password: input
                        .allow_users_to_change_password
                        .unwrap_or(false),
                    expire_passwords: input.max_password_age.is_some(),
                    max_password_age: input.max_password_age,
                    password_reuse_prevention: input.password_reuse_prevention,
                    hard_expiry: input.hard_expiry,
                });
                Ok(())
            },
        )
    }

    /// `iam get-account-password-policy`: `NoSuchEntity` when none is set.
    pub fn get_account_password_policy(
        &mut self,
    ) -> Result<GetAccountPasswordPolicyOutput, IamError> {
        self.iam_call(
            "GetAccountPasswordPolicy",
            |_, _| "*".into(),
            |c| match &c.iam.password_policy {
                Some(p) => Ok(GetAccountPasswordPolicyOutput {
                    password_policy: p.clone(),
                }),
                None => Err(IamError::no_such_entity(format!(
                    "The Password Policy with domain name {} cannot be found.",
                    c.config.account_id
                ))),
            },
        )
    }

    /// `iam delete-account-password-policy`.
    pub fn delete_account_password_policy(&mut self) -> Result<(), IamError> {
        self.iam_call(
            "DeleteAccountPasswordPolicy",
            |_, _| "*".into(),
            |c| {
                if c.iam.password_policy.take().is_none() {
                    return Err(IamError::no_such_entity(
                        "The account policy with name PasswordPolicy cannot be found.",
                    ));
                }
                Ok(())
            },
        )
    }

    /// `iam get-account-summary`: entity counts and quotas.
    pub fn get_account_summary(&mut self) -> Result<GetAccountSummaryOutput, IamError> {
        self.iam_call(
            "GetAccountSummary",
            |_, _| "*".into(),
            |c| {
                let i = &c.iam;
                let mfa_in_use = i
                    .virtual_mfa_devices
                    .iter()
                    .filter(|d| d.enable_date.is_some())
                    .count();
                let versions: usize = i.policies.iter().map(|p| p.versions.len()).sum();
                let entries: [(&str, usize); 33] = [
                    ("AccessKeysPerUserQuota", 2),
                    (
                        "AccountAccessKeysPresent",
                        usize::from(!i.root.access_keys.is_empty()),
                    ),
                    (
                        "AccountMFAEnabled",
                        usize::from(!i.root.mfa_devices.is_empty()),
                    ),
                    ("AccountSigningCertificatesPresent", 0),
                    ("AssumeRolePolicySizeQuota", 2048),
                    ("AttachedPoliciesPerGroupQuota", 10),
                    ("AttachedPoliciesPerRoleQuota", 10),
                    ("AttachedPoliciesPerUserQuota", 10),
                    ("GlobalEndpointTokenVersion", 1),
                    ("GroupPolicySizeQuota", 5120),
                    ("Groups", i.groups.len()),
                    ("GroupsPerUserQuota", 10),
                    ("GroupsQuota", 300),
                    ("InstanceProfiles", 0),
                    ("InstanceProfilesQuota", 1000),
                    ("MFADevices", i.virtual_mfa_devices.len()),
                    ("MFADevicesInUse", mfa_in_use),
                    ("Policies", i.policies.len()),
                    ("PoliciesQuota", 1500),
                    ("PolicySizeQuota", 6144),
                    ("PolicyVersionsInUse", versions),
                    ("PolicyVersionsInUseQuota", 10_000),
                    ("Providers", 0),
                    ("RolePolicySizeQuota", 10_240),
                    ("Roles", i.roles.len()),
                    ("RolesQuota", 1000),
                    ("ServerCertificates", 0),
                    ("ServerCertificatesQuota", 20),
                    ("SigningCertificatesPerUserQuota", 2),
                    ("UserPolicySizeQuota", 2048),
                    ("Users", i.users.len()),
                    ("UsersQuota", 5000),
                    ("VersionsPerPolicyQuota", 5),
                ];
                Ok(GetAccountSummaryOutput {
                    summary_map: entries
                        .iter()
                        .map(|(k, v)| ((*k).to_string(), *v as u64))
                        .collect(),
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        let mut cloud = Cloud::default();
        assert_eq!(
            cloud.console_sign_in_url(),
            "https://123456789012.signin.aws.amazon.com/console"
        );
        for bad in ["ab", "-abc", "abc-", "a--b", "My-Company", "a_b"] {
            let e = cloud
                .create_account_alias(AccountAliasInput {
                    account_alias: bad.into(),
                })
                .unwrap_err();
            assert_eq!(e.code(), "ValidationError", "{bad}");
        }
        let taken = cloud
            .create_account_alias(AccountAliasInput {
                account_alias: "example".into(),
            })
            .unwrap_err();
        assert_eq!(taken.message(), "The account alias example already exists.");
        cloud
            .create_account_alias(AccountAliasInput {
                account_alias: "cloudlab-kim".into(),
            })
            .unwrap();
        cloud
            .create_account_alias(AccountAliasInput {
                account_alias: "cloudlab-lee".into(),
            })
            .unwrap();
        assert_eq!(
            cloud.list_account_aliases().unwrap().account_aliases,
            ["cloudlab-lee"]
        );
        assert_eq!(
            cloud.console_sign_in_url(),
            "https://cloudlab-lee.signin.aws.amazon.com/console"
        );
        let wrong = cloud
            .delete_account_alias(AccountAliasInput {
                account_alias: "cloudlab-kim".into(),
            })
            .unwrap_err();
        assert_eq!(wrong.code(), "NoSuchEntity");
        cloud
            .delete_account_alias(AccountAliasInput {
                account_alias: "cloudlab-lee".into(),
            })
            .unwrap();
        assert!(cloud.account_alias().is_none());
    }

    #[test]
    fn password_policy_lifecycle_and_checks() {
        let mut cloud = Cloud::default();
        let none = cloud.get_account_password_policy().unwrap_err();
        assert_eq!(
            none.message(),
            "The Password Policy with domain name 123456789012 cannot be found."
        );
        let del = cloud.delete_account_password_policy().unwrap_err();
        assert_eq!(
            del.message(),
            "The account policy with name PasswordPolicy cannot be found."
        );
        // AWS's default policy: three kinds of characters, 8+ long.
        assert!(cloud.check_password("Passw0rd", "alice").is_ok());
        assert!(cloud.check_password("password", "alice").is_err());
        assert!(cloud.check_password("Pa1!", "alice").is_err());
        let short = cloud
            .update_account_password_policy(UpdateAccountPasswordPolicyInput {
                minimum_password_length: Some(4),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(short.code(), "ValidationError");
        cloud
            .update_account_password_policy(UpdateAccountPasswordPolicyInput {
                minimum_password_length: Some(14),
                require_symbols: Some(true),
                max_password_age: Some(90),
                ..Default::default()
            })
            .unwrap();
        let p = cloud.get_account_password_policy().unwrap().password_policy;
        assert!(p.expire_passwords && p.require_symbols);
        assert_eq!(p.max_password_age, Some(90));
        assert!(cloud.check_password("Passw0rd", "alice").is_err());
        assert!(cloud.check_password("a-long-passphrase!", "alice").is_ok());
        cloud.delete_account_password_policy().unwrap();
        assert!(cloud.password_policy().is_none());
    }

    #[test]
    fn summary_counts() {
        let mut cloud = Cloud::default();
        let s = cloud.get_account_summary().unwrap().summary_map;
        assert_eq!(s["Users"], 1);
        assert_eq!(s["AccountMFAEnabled"], 0);
        assert_eq!(s["AccountAccessKeysPresent"], 0);
        assert_eq!(s["AccessKeysPerUserQuota"], 2);
        assert!(!cloud.root_mfa_enabled());
        assert!(cloud.root_user().access_keys.is_empty());
    }
}
