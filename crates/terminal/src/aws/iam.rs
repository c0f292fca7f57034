//! `aws iam`: users, groups, roles, managed and inline policies, access keys,
//! MFA, the account alias and password policy, and the policy simulator,
//! with the AWS CLI v2's names and options (from botocore's IAM model). IAM is
//! global: `--region` changes nothing.

use cloudlab_model::Cloud;
use serde_json::Value;

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_no_input, call_unit, call_unit_no_input};
use crate::Terminal;
use crate::shell::CmdResult;
use crate::vfs;

/// What `--bootstrap-method` accepts.
pub const BOOTSTRAP_METHODS: &[&str] = &["QRCodePNG", "Base32StringSeed"];

/// Every supported `aws iam` subcommand, in the CLI's (alphabetical) order.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::iam::ADD_ROLE_TO_INSTANCE_PROFILE,
        "Puts a role in an instance profile (one role per profile).",
        call_unit!(add_role_to_instance_profile),
    ),
    Operation::new(
        generated::iam::ADD_USER_TO_GROUP,
        "Adds a user to a group.",
        call_unit!(add_user_to_group),
    ),
    Operation::new(
        generated::iam::ATTACH_GROUP_POLICY,
        "Attaches a managed policy to a group.",
        call_unit!(attach_group_policy),
    ),
    Operation::new(
        generated::iam::ATTACH_ROLE_POLICY,
        "Attaches a managed policy to a role.",
        call_unit!(attach_role_policy),
    ),
    Operation::new(
        generated::iam::ATTACH_USER_POLICY,
        "Attaches a managed policy to a user.",
        call_unit!(attach_user_policy),
    ),
    Operation::new(
        generated::iam::CHANGE_PASSWORD,
        "Changes your own console password.",
        call_unit!(change_password),
    ),
    Operation::new(
        generated::iam::CREATE_ACCESS_KEY,
        "Creates an access key; the secret is shown only this once.",
        call!(create_access_key),
    ),
    Operation::new(
        generated::iam::CREATE_ACCOUNT_ALIAS,
        "Creates the account alias (the sign-in URL name).",
        call_unit!(create_account_alias),
    ),
    Operation::new(
        generated::iam::CREATE_GROUP,
        "Creates a group.",
        call!(create_group),
    ),
    Operation::new(
        generated::iam::CREATE_INSTANCE_PROFILE,
        "Creates an instance profile, which hands a role to EC2 instances.",
        call!(create_instance_profile),
    ),
    Operation::new(
        generated::iam::CREATE_LOGIN_PROFILE,
        "Gives a user a console password.",
        call!(create_login_profile),
    ),
    Operation::new(
        generated::iam::CREATE_POLICY,
        "Creates a customer managed policy from a JSON document.",
        call!(create_policy),
    ),
    Operation::new(
        generated::iam::CREATE_POLICY_VERSION,
        "Adds a version to a managed policy.",
        call!(create_policy_version),
    ),
    Operation::new(
        generated::iam::CREATE_ROLE,
        "Creates a role with a trust policy.",
        call!(create_role),
    ),
    Operation::new(
        generated::iam::CREATE_USER,
        "Creates an IAM user.",
        call!(create_user),
    ),
    Operation::new(
        generated::iam::CREATE_VIRTUAL_MFA_DEVICE,
        "Creates a virtual MFA device and saves its seed or QR code.",
        call!(create_virtual_mfa_device),
    ),
    Operation::new(
        generated::iam::DEACTIVATE_MFA_DEVICE,
        "Deactivates an MFA device of a user.",
        call_unit!(deactivate_mfa_device),
    ),
    Operation::new(
        generated::iam::DELETE_ACCESS_KEY,
        "Deletes an access key.",
        call_unit!(delete_access_key),
    ),
    Operation::new(
        generated::iam::DELETE_ACCOUNT_ALIAS,
        "Deletes the account alias.",
        call_unit!(delete_account_alias),
    ),
    Operation::new(
        generated::iam::DELETE_ACCOUNT_PASSWORD_POLICY,
        "Deletes the password policy.",
        call_unit_no_input!(delete_account_password_policy),
    ),
    Operation::new(
        generated::iam::DELETE_GROUP,
        "Deletes an empty group.",
        call_unit!(delete_group),
    ),
    Operation::new(
        generated::iam::DELETE_GROUP_POLICY,
        "Deletes an inline policy of a group.",
        call_unit!(delete_group_policy),
    ),
    Operation::new(
        generated::iam::DELETE_INSTANCE_PROFILE,
        "Deletes an instance profile that holds no role.",
        call_unit!(delete_instance_profile),
    ),
    Operation::new(
        generated::iam::DELETE_LOGIN_PROFILE,
        "Removes a user's console password.",
        call_unit!(delete_login_profile),
    ),
    Operation::new(
        generated::iam::DELETE_POLICY,
        "Deletes a managed policy that is attached nowhere.",
        call_unit!(delete_policy),
    ),
    Operation::new(
        generated::iam::DELETE_POLICY_VERSION,
        "Deletes a non-default policy version.",
        call_unit!(delete_policy_version),
    ),
    Operation::new(
        generated::iam::DELETE_ROLE,
        "Deletes a role.",
        call_unit!(delete_role),
    ),
    Operation::new(
        generated::iam::DELETE_ROLE_POLICY,
        "Deletes an inline policy of a role.",
        call_unit!(delete_role_policy),
    ),
    Operation::new(
        generated::iam::DELETE_USER,
        "Deletes a user that has nothing left attached.",
        call_unit!(delete_user),
    ),
    Operation::new(
        generated::iam::DELETE_USER_POLICY,
        "Deletes an inline policy of a user.",
        call_unit!(delete_user_policy),
    ),
    Operation::new(
        generated::iam::DELETE_VIRTUAL_MFA_DEVICE,
        "Deletes a virtual MFA device.",
        call_unit!(delete_virtual_mfa_device),
    ),
    Operation::new(
        generated::iam::DETACH_GROUP_POLICY,
        "Detaches a managed policy from a group.",
        call_unit!(detach_group_policy),
    ),
    Operation::new(
        generated::iam::DETACH_ROLE_POLICY,
        "Detaches a managed policy from a role.",
        call_unit!(detach_role_policy),
    ),
    Operation::new(
        generated::iam::DETACH_USER_POLICY,
        "Detaches a managed policy from a user.",
        call_unit!(detach_user_policy),
    ),
    Operation::new(
        generated::iam::ENABLE_MFA_DEVICE,
        "Turns on an MFA device with two consecutive codes.",
        call_unit!(enable_mfa_device),
    ),
    Operation::new(
        generated::iam::GET_ACCESS_KEY_LAST_USED,
        "Says when and where an access key was last used.",
        call!(get_access_key_last_used),
    ),
    Operation::new(
        generated::iam::GET_ACCOUNT_PASSWORD_POLICY,
        "Shows the password policy.",
        call_no_input!(get_account_password_policy),
    ),
    Operation::new(
        generated::iam::GET_ACCOUNT_SUMMARY,
        "Counts the account's IAM entities and quotas.",
        call_no_input!(get_account_summary),
    ),
    Operation::new(
        generated::iam::GET_GROUP,
        "Shows a group and its users.",
        call!(get_group),
    ),
    Operation::new(
        generated::iam::GET_GROUP_POLICY,
        "Shows an inline policy of a group.",
        call!(get_group_policy),
    ),
    Operation::new(
        generated::iam::GET_INSTANCE_PROFILE,
        "Shows an instance profile and its role.",
        call!(get_instance_profile),
    ),
    Operation::new(
        generated::iam::GET_LOGIN_PROFILE,
        "Shows whether a user has a console password.",
        call!(get_login_profile),
    ),
    Operation::new(
        generated::iam::GET_POLICY,
        "Shows a managed policy.",
        call!(get_policy),
    ),
    Operation::new(
        generated::iam::GET_POLICY_VERSION,
        "Shows one version (the document) of a managed policy.",
        call!(get_policy_version),
    ),
    Operation::new(
        generated::iam::GET_ROLE,
        "Shows a role and its trust policy.",
        call!(get_role),
    ),
    Operation::new(
        generated::iam::GET_ROLE_POLICY,
        "Shows an inline policy of a role.",
        call!(get_role_policy),
    ),
    Operation::new(
        generated::iam::GET_USER,
        "Shows a user (yourself when --user-name is left out).",
        call!(get_user),
    ),
    Operation::new(
        generated::iam::GET_USER_POLICY,
        "Shows an inline policy of a user.",
        call!(get_user_policy),
    ),
    Operation::new(
        generated::iam::LIST_ACCESS_KEYS,
        "Lists a user's access keys (never the secrets).",
        call!(list_access_keys),
    ),
    Operation::new(
        generated::iam::LIST_ACCOUNT_ALIASES,
        "Lists the account alias.",
        call_no_input!(list_account_aliases),
    ),
    Operation::new(
        generated::iam::LIST_ATTACHED_GROUP_POLICIES,
        "Lists the managed policies attached to a group.",
        call!(list_attached_group_policies),
    ),
    Operation::new(
        generated::iam::LIST_ATTACHED_ROLE_POLICIES,
        "Lists the managed policies attached to a role.",
        call!(list_attached_role_policies),
    ),
    Operation::new(
        generated::iam::LIST_ATTACHED_USER_POLICIES,
        "Lists the managed policies attached to a user.",
        call!(list_attached_user_policies),
    ),
    Operation::new(
        generated::iam::LIST_ENTITIES_FOR_POLICY,
        "Lists the users, groups and roles a policy is attached to.",
        call!(list_entities_for_policy),
    ),
    Operation::new(
        generated::iam::LIST_GROUP_POLICIES,
        "Lists the inline policies of a group.",
        call!(list_group_policies),
    ),
    Operation::new(
        generated::iam::LIST_GROUPS,
        "Lists the groups.",
        call!(list_groups),
    ),
    Operation::new(
        generated::iam::LIST_GROUPS_FOR_USER,
        "Lists the groups a user belongs to.",
        call!(list_groups_for_user),
    ),
    Operation::new(
        generated::iam::LIST_INSTANCE_PROFILES,
        "Lists the instance profiles.",
        call!(list_instance_profiles),
    ),
    Operation::new(
        generated::iam::LIST_INSTANCE_PROFILES_FOR_ROLE,
        "Lists the instance profiles that hold a role.",
        call!(list_instance_profiles_for_role),
    ),
    Operation::new(
        generated::iam::LIST_MFA_DEVICES,
        "Lists a user's MFA devices.",
        call!(list_mfa_devices),
    ),
    Operation::new(
        generated::iam::LIST_POLICIES,
        "Lists managed policies (--scope Local|AWS|All).",
        call!(list_policies),
    ),
    Operation::new(
        generated::iam::LIST_POLICY_VERSIONS,
        "Lists the versions of a managed policy.",
        call!(list_policy_versions),
    ),
    Operation::new(
        generated::iam::LIST_ROLE_POLICIES,
        "Lists the inline policies of a role.",
        call!(list_role_policies),
    ),
    Operation::new(
        generated::iam::LIST_ROLE_TAGS,
        "Lists the tags of a role.",
        call!(list_role_tags),
    ),
    Operation::new(
        generated::iam::LIST_ROLES,
        "Lists the roles.",
        call!(list_roles),
    ),
    Operation::new(
        generated::iam::LIST_USER_POLICIES,
        "Lists the inline policies of a user.",
        call!(list_user_policies),
    ),
    Operation::new(
        generated::iam::LIST_USER_TAGS,
        "Lists the tags of a user.",
        call!(list_user_tags),
    ),
    Operation::new(
        generated::iam::LIST_USERS,
        "Lists the IAM users.",
        call!(list_users),
    ),
    Operation::new(
        generated::iam::LIST_VIRTUAL_MFA_DEVICES,
        "Lists the virtual MFA devices.",
        call!(list_virtual_mfa_devices),
    ),
    Operation::new(
        generated::iam::PUT_GROUP_POLICY,
        "Adds or replaces an inline policy of a group.",
        call_unit!(put_group_policy),
    ),
    Operation::new(
        generated::iam::PUT_ROLE_POLICY,
        "Adds or replaces an inline policy of a role.",
        call_unit!(put_role_policy),
    ),
    Operation::new(
        generated::iam::PUT_USER_POLICY,
        "Adds or replaces an inline policy of a user.",
        call_unit!(put_user_policy),
    ),
    Operation::new(
        generated::iam::REMOVE_ROLE_FROM_INSTANCE_PROFILE,
        "Takes the role out of an instance profile.",
        call_unit!(remove_role_from_instance_profile),
    ),
    Operation::new(
        generated::iam::REMOVE_USER_FROM_GROUP,
        "Removes a user from a group.",
        call_unit!(remove_user_from_group),
    ),
    Operation::new(
        generated::iam::SET_DEFAULT_POLICY_VERSION,
        "Makes a policy version the default.",
        call_unit!(set_default_policy_version),
    ),
    Operation::new(
        generated::iam::SIMULATE_CUSTOM_POLICY,
        "Simulates policies you give against actions and resources.",
        call!(simulate_custom_policy),
    ),
    Operation::new(
        generated::iam::SIMULATE_PRINCIPAL_POLICY,
        "Simulates a user's, group's or role's policies.",
        call!(simulate_principal_policy),
    ),
    Operation::new(
        generated::iam::TAG_ROLE,
        "Adds tags to a role.",
        call_unit!(tag_role),
    ),
    Operation::new(
        generated::iam::TAG_USER,
        "Adds tags to a user.",
        call_unit!(tag_user),
    ),
    Operation::new(
        generated::iam::UNTAG_ROLE,
        "Removes tags from a role.",
        call_unit!(untag_role),
    ),
    Operation::new(
        generated::iam::UNTAG_USER,
        "Removes tags from a user.",
        call_unit!(untag_user),
    ),
    Operation::new(
        generated::iam::UPDATE_ACCESS_KEY,
        "Makes an access key Active or Inactive.",
        call_unit!(update_access_key),
    ),
    Operation::new(
        generated::iam::UPDATE_ACCOUNT_PASSWORD_POLICY,
        "Sets the password policy.",
        call_unit!(update_account_password_policy),
    ),
    Operation::new(
        generated::iam::UPDATE_ASSUME_ROLE_POLICY,
        "Replaces a role's trust policy.",
        call_unit!(update_assume_role_policy),
    ),
    Operation::new(
        generated::iam::UPDATE_LOGIN_PROFILE,
        "Changes a user's console password.",
        call_unit!(update_login_profile),
    ),
    Operation::new(
        generated::iam::UPDATE_ROLE,
        "Changes a role's description or maximum session duration.",
        call_unit!(update_role),
    ),
    Operation::new(
        generated::iam::UPDATE_USER,
        "Renames a user or changes its path.",
        call_unit!(update_user),
    ),
];

/// `aws iam`.
pub const IAM: Service = Service {
    name: "iam",
    title: "IAM",
    description: "Identity and Access Management (IAM) decides who can sign in to your\n       account (authentication) and what they may do (authorization).",
    operations: OPERATIONS,
    extra: &[],
    regional: false,
};

/// Where `create-virtual-mfa-device` saves the seed, checked before the call
/// as the CLI's `FileArgument` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MfaOutfile {
    /// The absolute path on the laptop.
    pub path: String,
    /// `QRCodePNG` or `Base32StringSeed`.
    pub method: String,
}

/// Checks `--outfile` and `--bootstrap-method` (the CLI's own options of
/// `create-virtual-mfa-device`).
pub fn prepare(
    term: &Terminal,
    op: &Operation,
    custom: &[(String, Option<String>)],
) -> Result<Option<MfaOutfile>, CmdResult> {
    if op.name != "create-virtual-mfa-device" {
        return Ok(None);
    }
    let get = |name: &str| {
        custom
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let method = get("@bootstrap-method");
    if !BOOTSTRAP_METHODS.contains(&method.as_str()) {
        return Err(super::usage_error(&format!(
            "argument --bootstrap-method: {}",
            super::args::invalid_choice(&method, BOOTSTRAP_METHODS)
        )));
    }
    let outfile = get("@outfile");
    let expanded = match outfile.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{}{rest}", vfs::HOME),
        _ => outfile.clone(),
    };
    let path = vfs::normalize(&term.cwd, &expanded);
    let dir_ok = term
        .vfs
        .get(vfs::parent(&path))
        .is_some_and(|d| d.is_dir() && (d.owner != vfs::USER || d.mode & 0o200 != 0));
    if !dir_ok {
        return Err(CmdResult::fail(
            format!("\nUnable to write to file: {outfile}\n"),
            255,
        ));
    }
    Ok(Some(MfaOutfile { path, method }))
}

/// Saves the seed (or what the QR code holds) to `--outfile` and removes it
/// from the output, as the CLI does after `CreateVirtualMFADevice`.
pub fn finish(
    term: &mut Terminal,
    cloud: &Cloud,
    outfile: &MfaOutfile,
    value: &mut Value,
) -> Result<Option<String>, CmdResult> {
    let Some(device) = value
        .get_mut("VirtualMFADevice")
        .and_then(Value::as_object_mut)
    else {
        return Ok(None);
    };
    let seed = device
        .get("Base32StringSeed")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let serial = device
        .get("SerialNumber")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    device.remove("Base32StringSeed");
    device.remove("QRCodePNG");
    let (contents, note) = if outfile.method == "Base32StringSeed" {
        (seed, None)
    } else {
        // The laptop keeps text files: save what the QR code encodes.
        let name = serial.rsplit('/').next().unwrap_or_default();
        let uri = cloudlab_model::iam::mfa::otpauth_uri(cloud.account_id(), name, &seed);
        (
            format!("{uri}\n"),
            Some(format!(
                "CloudLab's laptop keeps text files, so {} holds the otpauth:// link the QR code would show.\n",
                vfs::file_name(&outfile.path)
            )),
        )
    };
    let now = cloud.now().unix_seconds();
    term.vfs
        .write(&outfile.path, &contents, false, now)
        .map_err(|e| CmdResult::fail(format!("\n[Errno 13] {e}: '{}'\n", outfile.path), 255))?;
    Ok(note)
}

/// Whether the CLI pages `op` (its output then has no `IsTruncated`/`Marker`).
pub fn is_paginated(op: &Operation) -> bool {
    op.name.starts_with("list-")
        || matches!(
            op.name,
            "get-group" | "simulate-custom-policy" | "simulate-principal-policy"
        )
}
