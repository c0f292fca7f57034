//! `aws iam`: users, groups, roles, managed and inline policies, access keys,
//! MFA, the account alias and password policy, and the policy simulator,
//! with the AWS CLI v2's names and options (from botocore's IAM model). IAM is
//! global: `--region` changes nothing.

use cloudlab_model::Cloud;
use serde_json::Value;

use super::Service;
use super::args::Shape;
use super::operation::{Operation, call, call_no_input, call_unit, call_unit_no_input, p, req};
use crate::Terminal;
use crate::shell::CmdResult;
use crate::vfs;

static STR: Shape = Shape::Str;
static INT: Shape = Shape::Int;
static BOOL: Shape = Shape::Bool;
static STR_LIST: Shape = Shape::List(&STR);
static TAG: Shape = Shape::Struct(&[("Key", &STR), ("Value", &STR)]);
static TAGS: Shape = Shape::List(&TAG);
static CONTEXT_ENTRY: Shape = Shape::Struct(&[
    ("ContextKeyName", &STR),
    ("ContextKeyValues", &STR_LIST),
    ("ContextKeyType", &STR),
]);
static CONTEXT_ENTRIES: Shape = Shape::List(&CONTEXT_ENTRY);

/// What `--bootstrap-method` accepts.
pub const BOOTSTRAP_METHODS: &[&str] = &["QRCodePNG", "Base32StringSeed"];

/// Every supported `aws iam` subcommand, in the CLI's (alphabetical) order.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "add-user-to-group",
        operation: "AddUserToGroup",
        summary: "Adds a user to a group.",
        params: &[
            req("group-name", "GroupName", &STR),
            req("user-name", "UserName", &STR),
        ],
        call: call_unit!(add_user_to_group),
    },
    Operation {
        name: "attach-group-policy",
        operation: "AttachGroupPolicy",
        summary: "Attaches a managed policy to a group.",
        params: &[
            req("group-name", "GroupName", &STR),
            req("policy-arn", "PolicyArn", &STR),
        ],
        call: call_unit!(attach_group_policy),
    },
    Operation {
        name: "attach-role-policy",
        operation: "AttachRolePolicy",
        summary: "Attaches a managed policy to a role.",
        params: &[
            req("role-name", "RoleName", &STR),
            req("policy-arn", "PolicyArn", &STR),
        ],
        call: call_unit!(attach_role_policy),
    },
    Operation {
        name: "attach-user-policy",
        operation: "AttachUserPolicy",
        summary: "Attaches a managed policy to a user.",
        params: &[
            req("user-name", "UserName", &STR),
            req("policy-arn", "PolicyArn", &STR),
        ],
        call: call_unit!(attach_user_policy),
    },
    Operation {
        name: "change-password",
        operation: "ChangePassword",
        summary: "Changes your own console password.",
        params: &[
            req("old-password", "OldPassword", &STR),
            req("new-password", "NewPassword", &STR),
        ],
        call: call_unit!(change_password),
    },
    Operation {
        name: "create-access-key",
        operation: "CreateAccessKey",
        summary: "Creates an access key; the secret is shown only this once.",
        params: &[p("user-name", "UserName", &STR)],
        call: call!(create_access_key),
    },
    Operation {
        name: "create-account-alias",
        operation: "CreateAccountAlias",
        summary: "Creates the account alias (the sign-in URL name).",
        params: &[req("account-alias", "AccountAlias", &STR)],
        call: call_unit!(create_account_alias),
    },
    Operation {
        name: "create-group",
        operation: "CreateGroup",
        summary: "Creates a group.",
        params: &[
            p("path", "Path", &STR),
            req("group-name", "GroupName", &STR),
        ],
        call: call!(create_group),
    },
    Operation {
        name: "create-login-profile",
        operation: "CreateLoginProfile",
        summary: "Gives a user a console password.",
        params: &[
            p("user-name", "UserName", &STR),
            p("password", "Password", &STR),
            p("password-reset-required", "PasswordResetRequired", &BOOL),
        ],
        call: call!(create_login_profile),
    },
    Operation {
        name: "create-policy",
        operation: "CreatePolicy",
        summary: "Creates a customer managed policy from a JSON document.",
        params: &[
            req("policy-name", "PolicyName", &STR),
            p("path", "Path", &STR),
            req("policy-document", "PolicyDocument", &STR),
            p("description", "Description", &STR),
            p("tags", "Tags", &TAGS),
        ],
        call: call!(create_policy),
    },
    Operation {
        name: "create-policy-version",
        operation: "CreatePolicyVersion",
        summary: "Adds a version to a managed policy.",
        params: &[
            req("policy-arn", "PolicyArn", &STR),
            req("policy-document", "PolicyDocument", &STR),
            p("set-as-default", "SetAsDefault", &BOOL),
        ],
        call: call!(create_policy_version),
    },
    Operation {
        name: "create-role",
        operation: "CreateRole",
        summary: "Creates a role with a trust policy.",
        params: &[
            p("path", "Path", &STR),
            req("role-name", "RoleName", &STR),
            req(
                "assume-role-policy-document",
                "AssumeRolePolicyDocument",
                &STR,
            ),
            p("description", "Description", &STR),
            p("max-session-duration", "MaxSessionDuration", &INT),
            p("permissions-boundary", "PermissionsBoundary", &STR),
            p("tags", "Tags", &TAGS),
        ],
        call: call!(create_role),
    },
    Operation {
        name: "create-user",
        operation: "CreateUser",
        summary: "Creates an IAM user.",
        params: &[
            p("path", "Path", &STR),
            req("user-name", "UserName", &STR),
            p("permissions-boundary", "PermissionsBoundary", &STR),
            p("tags", "Tags", &TAGS),
        ],
        call: call!(create_user),
    },
    Operation {
        name: "create-virtual-mfa-device",
        operation: "CreateVirtualMFADevice",
        summary: "Creates a virtual MFA device and saves its seed or QR code.",
        params: &[
            p("path", "Path", &STR),
            req("virtual-mfa-device-name", "VirtualMFADeviceName", &STR),
            p("tags", "Tags", &TAGS),
            req("outfile", "@outfile", &STR),
            req("bootstrap-method", "@bootstrap-method", &STR),
        ],
        call: call!(create_virtual_mfa_device),
    },
    Operation {
        name: "deactivate-mfa-device",
        operation: "DeactivateMFADevice",
        summary: "Deactivates an MFA device of a user.",
        params: &[
            p("user-name", "UserName", &STR),
            req("serial-number", "SerialNumber", &STR),
        ],
        call: call_unit!(deactivate_mfa_device),
    },
    Operation {
        name: "delete-access-key",
        operation: "DeleteAccessKey",
        summary: "Deletes an access key.",
        params: &[
            p("user-name", "UserName", &STR),
            req("access-key-id", "AccessKeyId", &STR),
        ],
        call: call_unit!(delete_access_key),
    },
    Operation {
        name: "delete-account-alias",
        operation: "DeleteAccountAlias",
        summary: "Deletes the account alias.",
        params: &[req("account-alias", "AccountAlias", &STR)],
        call: call_unit!(delete_account_alias),
    },
    Operation {
        name: "delete-account-password-policy",
        operation: "DeleteAccountPasswordPolicy",
        summary: "Deletes the password policy.",
        params: &[],
        call: call_unit_no_input!(delete_account_password_policy),
    },
    Operation {
        name: "delete-group",
        operation: "DeleteGroup",
        summary: "Deletes an empty group.",
        params: &[req("group-name", "GroupName", &STR)],
        call: call_unit!(delete_group),
    },
    Operation {
        name: "delete-group-policy",
        operation: "DeleteGroupPolicy",
        summary: "Deletes an inline policy of a group.",
        params: &[
            req("group-name", "GroupName", &STR),
            req("policy-name", "PolicyName", &STR),
        ],
        call: call_unit!(delete_group_policy),
    },
    Operation {
        name: "delete-login-profile",
        operation: "DeleteLoginProfile",
        summary: "Removes a user's console password.",
        params: &[p("user-name", "UserName", &STR)],
        call: call_unit!(delete_login_profile),
    },
    Operation {
        name: "delete-policy",
        operation: "DeletePolicy",
        summary: "Deletes a managed policy that is attached nowhere.",
        params: &[req("policy-arn", "PolicyArn", &STR)],
        call: call_unit!(delete_policy),
    },
    Operation {
        name: "delete-policy-version",
        operation: "DeletePolicyVersion",
        summary: "Deletes a non-default policy version.",
        params: &[
            req("policy-arn", "PolicyArn", &STR),
            req("version-id", "VersionId", &STR),
        ],
        call: call_unit!(delete_policy_version),
    },
    Operation {
        name: "delete-role",
        operation: "DeleteRole",
        summary: "Deletes a role.",
        params: &[req("role-name", "RoleName", &STR)],
        call: call_unit!(delete_role),
    },
    Operation {
        name: "delete-role-policy",
        operation: "DeleteRolePolicy",
        summary: "Deletes an inline policy of a role.",
        params: &[
            req("role-name", "RoleName", &STR),
            req("policy-name", "PolicyName", &STR),
        ],
        call: call_unit!(delete_role_policy),
    },
    Operation {
        name: "delete-user",
        operation: "DeleteUser",
        summary: "Deletes a user that has nothing left attached.",
        params: &[req("user-name", "UserName", &STR)],
        call: call_unit!(delete_user),
    },
    Operation {
        name: "delete-user-policy",
        operation: "DeleteUserPolicy",
        summary: "Deletes an inline policy of a user.",
        params: &[
            req("user-name", "UserName", &STR),
            req("policy-name", "PolicyName", &STR),
        ],
        call: call_unit!(delete_user_policy),
    },
    Operation {
        name: "delete-virtual-mfa-device",
        operation: "DeleteVirtualMFADevice",
        summary: "Deletes a virtual MFA device.",
        params: &[req("serial-number", "SerialNumber", &STR)],
        call: call_unit!(delete_virtual_mfa_device),
    },
    Operation {
        name: "detach-group-policy",
        operation: "DetachGroupPolicy",
        summary: "Detaches a managed policy from a group.",
        params: &[
            req("group-name", "GroupName", &STR),
            req("policy-arn", "PolicyArn", &STR),
        ],
        call: call_unit!(detach_group_policy),
    },
    Operation {
        name: "detach-role-policy",
        operation: "DetachRolePolicy",
        summary: "Detaches a managed policy from a role.",
        params: &[
            req("role-name", "RoleName", &STR),
            req("policy-arn", "PolicyArn", &STR),
        ],
        call: call_unit!(detach_role_policy),
    },
    Operation {
        name: "detach-user-policy",
        operation: "DetachUserPolicy",
        summary: "Detaches a managed policy from a user.",
        params: &[
            req("user-name", "UserName", &STR),
            req("policy-arn", "PolicyArn", &STR),
        ],
        call: call_unit!(detach_user_policy),
    },
    Operation {
        name: "enable-mfa-device",
        operation: "EnableMFADevice",
        summary: "Turns on an MFA device with two consecutive codes.",
        params: &[
            req("user-name", "UserName", &STR),
            req("serial-number", "SerialNumber", &STR),
            req("authentication-code1", "AuthenticationCode1", &STR),
            req("authentication-code2", "AuthenticationCode2", &STR),
        ],
        call: call_unit!(enable_mfa_device),
    },
    Operation {
        name: "get-access-key-last-used",
        operation: "GetAccessKeyLastUsed",
        summary: "Says when and where an access key was last used.",
        params: &[req("access-key-id", "AccessKeyId", &STR)],
        call: call!(get_access_key_last_used),
    },
    Operation {
        name: "get-account-password-policy",
        operation: "GetAccountPasswordPolicy",
        summary: "Shows the password policy.",
        params: &[],
        call: call_no_input!(get_account_password_policy),
    },
    Operation {
        name: "get-account-summary",
        operation: "GetAccountSummary",
        summary: "Counts the account's IAM entities and quotas.",
        params: &[],
        call: call_no_input!(get_account_summary),
    },
    Operation {
        name: "get-group",
        operation: "GetGroup",
        summary: "Shows a group and its users.",
        params: &[req("group-name", "GroupName", &STR)],
        call: call!(get_group),
    },
    Operation {
        name: "get-group-policy",
        operation: "GetGroupPolicy",
        summary: "Shows an inline policy of a group.",
        params: &[
            req("group-name", "GroupName", &STR),
            req("policy-name", "PolicyName", &STR),
        ],
        call: call!(get_group_policy),
    },
    Operation {
        name: "get-login-profile",
        operation: "GetLoginProfile",
        summary: "Shows whether a user has a console password.",
        params: &[p("user-name", "UserName", &STR)],
        call: call!(get_login_profile),
    },
    Operation {
        name: "get-policy",
        operation: "GetPolicy",
        summary: "Shows a managed policy.",
        params: &[req("policy-arn", "PolicyArn", &STR)],
        call: call!(get_policy),
    },
    Operation {
        name: "get-policy-version",
        operation: "GetPolicyVersion",
        summary: "Shows one version (the document) of a managed policy.",
        params: &[
            req("policy-arn", "PolicyArn", &STR),
            req("version-id", "VersionId", &STR),
        ],
        call: call!(get_policy_version),
    },
    Operation {
        name: "get-role",
        operation: "GetRole",
        summary: "Shows a role and its trust policy.",
        params: &[req("role-name", "RoleName", &STR)],
        call: call!(get_role),
    },
    Operation {
        name: "get-role-policy",
        operation: "GetRolePolicy",
        summary: "Shows an inline policy of a role.",
        params: &[
            req("role-name", "RoleName", &STR),
            req("policy-name", "PolicyName", &STR),
        ],
        call: call!(get_role_policy),
    },
    Operation {
        name: "get-user",
        operation: "GetUser",
        summary: "Shows a user (yourself when --user-name is left out).",
        params: &[p("user-name", "UserName", &STR)],
        call: call!(get_user),
    },
    Operation {
        name: "get-user-policy",
        operation: "GetUserPolicy",
        summary: "Shows an inline policy of a user.",
        params: &[
            req("user-name", "UserName", &STR),
            req("policy-name", "PolicyName", &STR),
        ],
        call: call!(get_user_policy),
    },
    Operation {
        name: "list-access-keys",
        operation: "ListAccessKeys",
        summary: "Lists a user's access keys (never the secrets).",
        params: &[p("user-name", "UserName", &STR)],
        call: call!(list_access_keys),
    },
    Operation {
        name: "list-account-aliases",
        operation: "ListAccountAliases",
        summary: "Lists the account alias.",
        params: &[],
        call: call_no_input!(list_account_aliases),
    },
    Operation {
        name: "list-attached-group-policies",
        operation: "ListAttachedGroupPolicies",
        summary: "Lists the managed policies attached to a group.",
        params: &[
            req("group-name", "GroupName", &STR),
            p("path-prefix", "PathPrefix", &STR),
        ],
        call: call!(list_attached_group_policies),
    },
    Operation {
        name: "list-attached-role-policies",
        operation: "ListAttachedRolePolicies",
        summary: "Lists the managed policies attached to a role.",
        params: &[
            req("role-name", "RoleName", &STR),
            p("path-prefix", "PathPrefix", &STR),
        ],
        call: call!(list_attached_role_policies),
    },
    Operation {
        name: "list-attached-user-policies",
        operation: "ListAttachedUserPolicies",
        summary: "Lists the managed policies attached to a user.",
        params: &[
            req("user-name", "UserName", &STR),
            p("path-prefix", "PathPrefix", &STR),
        ],
        call: call!(list_attached_user_policies),
    },
    Operation {
        name: "list-entities-for-policy",
        operation: "ListEntitiesForPolicy",
        summary: "Lists the users, groups and roles a policy is attached to.",
        params: &[
            req("policy-arn", "PolicyArn", &STR),
            p("entity-filter", "EntityFilter", &STR),
            p("path-prefix", "PathPrefix", &STR),
            p("policy-usage-filter", "PolicyUsageFilter", &STR),
        ],
        call: call!(list_entities_for_policy),
    },
    Operation {
        name: "list-group-policies",
        operation: "ListGroupPolicies",
        summary: "Lists the inline policies of a group.",
        params: &[req("group-name", "GroupName", &STR)],
        call: call!(list_group_policies),
    },
    Operation {
        name: "list-groups",
        operation: "ListGroups",
        summary: "Lists the groups.",
        params: &[p("path-prefix", "PathPrefix", &STR)],
        call: call!(list_groups),
    },
    Operation {
        name: "list-groups-for-user",
        operation: "ListGroupsForUser",
        summary: "Lists the groups a user belongs to.",
        params: &[req("user-name", "UserName", &STR)],
        call: call!(list_groups_for_user),
    },
    Operation {
        name: "list-mfa-devices",
        operation: "ListMFADevices",
        summary: "Lists a user's MFA devices.",
        params: &[p("user-name", "UserName", &STR)],
        call: call!(list_mfa_devices),
    },
    Operation {
        name: "list-policies",
        operation: "ListPolicies",
        summary: "Lists managed policies (--scope Local|AWS|All).",
        params: &[
            p("scope", "Scope", &STR),
            p("only-attached", "OnlyAttached", &BOOL),
            p("path-prefix", "PathPrefix", &STR),
            p("policy-usage-filter", "PolicyUsageFilter", &STR),
        ],
        call: call!(list_policies),
    },
    Operation {
        name: "list-policy-versions",
        operation: "ListPolicyVersions",
        summary: "Lists the versions of a managed policy.",
        params: &[req("policy-arn", "PolicyArn", &STR)],
        call: call!(list_policy_versions),
    },
    Operation {
        name: "list-role-policies",
        operation: "ListRolePolicies",
        summary: "Lists the inline policies of a role.",
        params: &[req("role-name", "RoleName", &STR)],
        call: call!(list_role_policies),
    },
    Operation {
        name: "list-role-tags",
        operation: "ListRoleTags",
        summary: "Lists the tags of a role.",
        params: &[req("role-name", "RoleName", &STR)],
        call: call!(list_role_tags),
    },
    Operation {
        name: "list-roles",
        operation: "ListRoles",
        summary: "Lists the roles.",
        params: &[p("path-prefix", "PathPrefix", &STR)],
        call: call!(list_roles),
    },
    Operation {
        name: "list-user-policies",
        operation: "ListUserPolicies",
        summary: "Lists the inline policies of a user.",
        params: &[req("user-name", "UserName", &STR)],
        call: call!(list_user_policies),
    },
    Operation {
        name: "list-user-tags",
        operation: "ListUserTags",
        summary: "Lists the tags of a user.",
        params: &[req("user-name", "UserName", &STR)],
        call: call!(list_user_tags),
    },
    Operation {
        name: "list-users",
        operation: "ListUsers",
        summary: "Lists the IAM users.",
        params: &[p("path-prefix", "PathPrefix", &STR)],
        call: call!(list_users),
    },
    Operation {
        name: "list-virtual-mfa-devices",
        operation: "ListVirtualMFADevices",
        summary: "Lists the virtual MFA devices.",
        params: &[p("assignment-status", "AssignmentStatus", &STR)],
        call: call!(list_virtual_mfa_devices),
    },
    Operation {
        name: "put-group-policy",
        operation: "PutGroupPolicy",
        summary: "Adds or replaces an inline policy of a group.",
        params: &[
            req("group-name", "GroupName", &STR),
            req("policy-name", "PolicyName", &STR),
            req("policy-document", "PolicyDocument", &STR),
        ],
        call: call_unit!(put_group_policy),
    },
    Operation {
        name: "put-role-policy",
        operation: "PutRolePolicy",
        summary: "Adds or replaces an inline policy of a role.",
        params: &[
            req("role-name", "RoleName", &STR),
            req("policy-name", "PolicyName", &STR),
            req("policy-document", "PolicyDocument", &STR),
        ],
        call: call_unit!(put_role_policy),
    },
    Operation {
        name: "put-user-policy",
        operation: "PutUserPolicy",
        summary: "Adds or replaces an inline policy of a user.",
        params: &[
            req("user-name", "UserName", &STR),
            req("policy-name", "PolicyName", &STR),
            req("policy-document", "PolicyDocument", &STR),
        ],
        call: call_unit!(put_user_policy),
    },
    Operation {
        name: "remove-user-from-group",
        operation: "RemoveUserFromGroup",
        summary: "Removes a user from a group.",
        params: &[
            req("group-name", "GroupName", &STR),
            req("user-name", "UserName", &STR),
        ],
        call: call_unit!(remove_user_from_group),
    },
    Operation {
        name: "set-default-policy-version",
        operation: "SetDefaultPolicyVersion",
        summary: "Makes a policy version the default.",
        params: &[
            req("policy-arn", "PolicyArn", &STR),
            req("version-id", "VersionId", &STR),
        ],
        call: call_unit!(set_default_policy_version),
    },
    Operation {
        name: "simulate-custom-policy",
        operation: "SimulateCustomPolicy",
        summary: "Simulates policies you give against actions and resources.",
        params: &[
            req("policy-input-list", "PolicyInputList", &STR_LIST),
            p(
                "permissions-boundary-policy-input-list",
                "PermissionsBoundaryPolicyInputList",
                &STR_LIST,
            ),
            p(
                "ordered-organization-policy-input-list",
                "OrderedOrganizationPolicyInputList",
                &STR_LIST,
            ),
            req("action-names", "ActionNames", &STR_LIST),
            p("resource-arns", "ResourceArns", &STR_LIST),
            p("resource-policy", "ResourcePolicy", &STR),
            p("resource-owner", "ResourceOwner", &STR),
            p("caller-arn", "CallerArn", &STR),
            p("context-entries", "ContextEntries", &CONTEXT_ENTRIES),
            p("resource-handling-option", "ResourceHandlingOption", &STR),
        ],
        call: call!(simulate_custom_policy),
    },
    Operation {
        name: "simulate-principal-policy",
        operation: "SimulatePrincipalPolicy",
        summary: "Simulates a user's, group's or role's policies.",
        params: &[
            req("policy-source-arn", "PolicySourceArn", &STR),
            p("policy-input-list", "PolicyInputList", &STR_LIST),
            p(
                "permissions-boundary-policy-input-list",
                "PermissionsBoundaryPolicyInputList",
                &STR_LIST,
            ),
            p("policy-exclusion-list", "PolicyExclusionList", &STR_LIST),
            req("action-names", "ActionNames", &STR_LIST),
            p("resource-arns", "ResourceArns", &STR_LIST),
            p("resource-policy", "ResourcePolicy", &STR),
            p("resource-owner", "ResourceOwner", &STR),
            p("caller-arn", "CallerArn", &STR),
            p("context-entries", "ContextEntries", &CONTEXT_ENTRIES),
            p("resource-handling-option", "ResourceHandlingOption", &STR),
        ],
        call: call!(simulate_principal_policy),
    },
    Operation {
        name: "tag-role",
        operation: "TagRole",
        summary: "Adds tags to a role.",
        params: &[
            req("role-name", "RoleName", &STR),
            req("tags", "Tags", &TAGS),
        ],
        call: call_unit!(tag_role),
    },
    Operation {
        name: "tag-user",
        operation: "TagUser",
        summary: "Adds tags to a user.",
        params: &[
            req("user-name", "UserName", &STR),
            req("tags", "Tags", &TAGS),
        ],
        call: call_unit!(tag_user),
    },
    Operation {
        name: "untag-role",
        operation: "UntagRole",
        summary: "Removes tags from a role.",
        params: &[
            req("role-name", "RoleName", &STR),
            req("tag-keys", "TagKeys", &STR_LIST),
        ],
        call: call_unit!(untag_role),
    },
    Operation {
        name: "untag-user",
        operation: "UntagUser",
        summary: "Removes tags from a user.",
        params: &[
            req("user-name", "UserName", &STR),
            req("tag-keys", "TagKeys", &STR_LIST),
        ],
        call: call_unit!(untag_user),
    },
    Operation {
        name: "update-access-key",
        operation: "UpdateAccessKey",
        summary: "Makes an access key Active or Inactive.",
        params: &[
            p("user-name", "UserName", &STR),
            req("access-key-id", "AccessKeyId", &STR),
            req("status", "Status", &STR),
        ],
        call: call_unit!(update_access_key),
    },
    Operation {
        name: "update-account-password-policy",
        operation: "UpdateAccountPasswordPolicy",
        summary: "Sets the password policy.",
        params: &[
            p("minimum-password-length", "MinimumPasswordLength", &INT),
            p("require-symbols", "RequireSymbols", &BOOL),
            p("require-numbers", "RequireNumbers", &BOOL),
            p(
                "require-uppercase-characters",
                "RequireUppercaseCharacters",
                &BOOL,
            ),
            p(
                "require-lowercase-characters",
                "RequireLowercaseCharacters",
                &BOOL,
            ),
            p(
                "allow-users-to-change-password",
                "AllowUsersToChangePassword",
                &BOOL,
            ),
            p("max-password-age", "MaxPasswordAge", &INT),
            p("password-reuse-prevention", "PasswordReusePrevention", &INT),
            p("hard-expiry", "HardExpiry", &BOOL),
        ],
        call: call_unit!(update_account_password_policy),
    },
    Operation {
        name: "update-assume-role-policy",
        operation: "UpdateAssumeRolePolicy",
        summary: "Replaces a role's trust policy.",
        params: &[
            req("role-name", "RoleName", &STR),
            req("policy-document", "PolicyDocument", &STR),
        ],
        call: call_unit!(update_assume_role_policy),
    },
    Operation {
        name: "update-login-profile",
        operation: "UpdateLoginProfile",
        summary: "Changes a user's console password.",
        params: &[
            req("user-name", "UserName", &STR),
            p("password", "Password", &STR),
            p("password-reset-required", "PasswordResetRequired", &BOOL),
        ],
        call: call_unit!(update_login_profile),
    },
    Operation {
        name: "update-role",
        operation: "UpdateRole",
        summary: "Changes a role's description or maximum session duration.",
        params: &[
            req("role-name", "RoleName", &STR),
            p("description", "Description", &STR),
            p("max-session-duration", "MaxSessionDuration", &INT),
        ],
        call: call_unit!(update_role),
    },
    Operation {
        name: "update-user",
        operation: "UpdateUser",
        summary: "Renames a user or changes its path.",
        params: &[
            req("user-name", "UserName", &STR),
            p("new-path", "NewPath", &STR),
            p("new-user-name", "NewUserName", &STR),
        ],
        call: call_unit!(update_user),
    },
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
