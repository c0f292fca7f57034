//! Plain data the IAM and Billing console pages show, read from the model through its
//! read-only accessors (which never log), plus the identity those pages act as.
//!
//! Kept apart from the components so it can be tested natively.

use cloudlab_model::billing::budgets::threshold_text;
use cloudlab_model::iam::managed::AWS_MANAGED_POLICIES;
use cloudlab_model::{CallerIdentity, Cloud, SimTime};

/// Who the IAM and Billing pages act as: the console's signed-in root user, a session
/// without access keys (as the root MFA page does). Console clicks therefore never show up
/// as the last use of anyone's access key, and deleting or restricting an IAM user never
/// locks the console out.
pub fn console_identity() -> CallerIdentity {
    CallerIdentity::Root
}

/// A time as the console lists it, to the minute: `2026-01-05 09:00 UTC`.
pub fn short_time(time: SimTime) -> String {
    let full = time.to_string();
    match (full.get(..10), full.get(11..16)) {
        (Some(day), Some(minute)) => format!("{day} {minute} UTC"),
        _ => full,
    }
}

/// One row of the IAM users list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserRow {
    /// The user name.
    pub user_name: String,
    /// The groups the user is in.
    pub groups: Vec<String>,
    /// How many access keys the user has.
    pub access_keys: usize,
    /// How many of them are active.
    pub active_keys: usize,
    /// Whether an MFA device is assigned.
    pub mfa: bool,
    /// Whether the user has a console password.
    pub console_password: bool,
    /// When the user was created, as AWS prints it.
    pub created: String,
}

/// Every IAM user, in the model's order.
pub fn user_rows(cloud: &Cloud) -> Vec<UserRow> {
    cloud
        .iam_users()
        .iter()
        .map(|u| UserRow {
            user_name: u.user_name.clone(),
            groups: cloud
                .groups_of_user(&u.user_name)
                .into_iter()
                .map(str::to_string)
                .collect(),
            access_keys: u.access_keys.len(),
            active_keys: u
                .access_keys
                .iter()
                .filter(|k| k.status == cloudlab_model::iam::AccessKeyStatus::Active)
                .count(),
            mfa: !u.mfa_devices.is_empty(),
            console_password: u.login_profile.is_some(),
            created: short_time(u.create_date),
        })
        .collect()
}

/// One access key as the console lists it: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyRow {
    /// `AKIA...`.
    pub access_key_id: String,
    /// Whether it is active.
    pub active: bool,
    /// When it was created.
    pub created: String,
    /// When, with which service and in which region it was last used, if ever.
    pub last_used: Option<(String, String, String)>,
}

/// A user's access keys (empty if there is no such user).
pub fn key_rows(cloud: &Cloud, user_name: &str) -> Vec<KeyRow> {
    cloud
        .iam_user(user_name)
        .map(|u| {
            u.access_keys
                .iter()
                .map(|k| KeyRow {
                    access_key_id: k.access_key_id.clone(),
                    active: k.status == cloudlab_model::iam::AccessKeyStatus::Active,
                    created: short_time(k.create_date),
                    last_used: k
                        .last_used
                        .as_ref()
                        .map(|l| (short_time(l.at), l.service_name.clone(), l.region.clone())),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A managed policy the console offers to attach.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PolicyChoice {
    /// The policy's ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// Whether AWS manages it (otherwise it is a customer managed policy).
    pub aws_managed: bool,
}

/// The AWS managed policies the model knows, then the account's customer managed ones.
pub fn policy_choices(cloud: &Cloud) -> Vec<PolicyChoice> {
    let aws = AWS_MANAGED_POLICIES.iter().map(|p| PolicyChoice {
        arn: p.arn(),
        name: p.name.to_string(),
        aws_managed: true,
    });
    let account = cloud.account_id().to_string();
    let customer = cloud.customer_policies().iter().map(move |p| PolicyChoice {
        arn: format!("arn:aws:iam::{account}:policy{}{}", p.path, p.policy_name),
        name: p.policy_name.clone(),
        aws_managed: false,
    });
    aws.chain(customer).collect()
}

/// The name part of a policy ARN (what the console shows), e.g. `AdministratorAccess`.
pub fn policy_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// Whether a policy ARN is one of AWS's (`arn:aws:iam::aws:policy/...`).
pub fn is_aws_managed(arn: &str) -> bool {
    arn.starts_with("arn:aws:iam::aws:policy/")
}

/// One row of the user groups list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GroupRow {
    /// The group name.
    pub group_name: String,
    /// Its members.
    pub members: Vec<String>,
    /// The ARNs of its attached managed policies.
    pub policies: Vec<String>,
    /// When it was created.
    pub created: String,
}

/// Every IAM group, in the model's order.
pub fn group_rows(cloud: &Cloud) -> Vec<GroupRow> {
    cloud
        .iam_groups()
        .iter()
        .map(|g| GroupRow {
            group_name: g.group_name.clone(),
            members: g.members.clone(),
            policies: g.attached_policies.clone(),
            created: short_time(g.create_date),
        })
        .collect()
}

/// One alert a budget sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AlertRow {
    /// When it was sent.
    pub at: String,
    /// `ACTUAL` or `FORECASTED`.
    pub notification_type: String,
    /// The threshold, e.g. `80%` or `$5.00`.
    pub threshold: String,
    /// The amount that crossed it, in dollars.
    pub amount_usd: String,
    /// Who got it.
    pub subscribers: Vec<String>,
    /// The e-mail subject.
    pub subject: String,
}

/// One budget as the Budgets page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BudgetRow {
    /// The budget's name.
    pub budget_name: String,
    /// The monthly limit, e.g. `$10`.
    pub limit: String,
    /// Each alert's condition, e.g. `ACTUAL > 80%`, and where it goes.
    pub alerts: Vec<(String, Vec<String>)>,
    /// The alerts it sent.
    pub sent: Vec<AlertRow>,
}

/// Every budget with its alerts and what they sent.
pub fn budget_rows(cloud: &Cloud) -> Vec<BudgetRow> {
    cloud
        .budgets()
        .iter()
        .map(|b| BudgetRow {
            budget_name: b.budget_name.clone(),
            limit: if b.limit_unit == "USD" {
                format!("${}", b.limit_amount)
            } else {
                format!("{} {}", b.limit_amount, b.limit_unit)
            },
            alerts: b
                .notifications
                .iter()
                .map(|n| {
                    let op = match n.notification.comparison_operator.as_str() {
                        "GREATER_THAN" => ">",
                        "LESS_THAN" => "<",
                        _ => "=",
                    };
                    (
                        format!(
                            "{} {op} {}",
                            n.notification.notification_type,
                            threshold_text(
                                n.notification.threshold,
                                n.notification.threshold_type.as_deref()
                            )
                        ),
                        n.subscribers.iter().map(|s| s.address.clone()).collect(),
                    )
                })
                .collect(),
            sent: cloud
                .sent_budget_notifications()
                .iter()
                .filter(|s| s.budget_name == b.budget_name)
                .map(|s| AlertRow {
                    at: short_time(s.at),
                    notification_type: s.notification_type.clone(),
                    threshold: threshold_text(s.threshold, Some(&s.threshold_type)),
                    amount_usd: s.amount_usd.clone(),
                    subscribers: s.subscribers.clone(),
                    subject: s.subject.clone(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlab_model::iam::LEARNER_USER_NAME;

    #[test]
    fn a_new_account_lists_the_learner_with_one_active_key() {
        let cloud = Cloud::default();
        let rows = user_rows(&cloud);
        let learner = rows
            .iter()
            .find(|r| r.user_name == LEARNER_USER_NAME)
            .expect("the learner user");
        assert_eq!((learner.access_keys, learner.active_keys), (1, 1));
        let keys = key_rows(&cloud, LEARNER_USER_NAME);
        assert_eq!(keys.len(), 1);
        assert!(keys[0].access_key_id.starts_with("AKIA"));
        assert!(key_rows(&cloud, "nobody").is_empty());
    }

    #[test]
    fn policy_choices_start_with_aws_managed_ones() {
        let cloud = Cloud::default();
        let choices = policy_choices(&cloud);
        assert_eq!(
            choices[0].arn,
            "arn:aws:iam::aws:policy/AdministratorAccess"
        );
        assert!(choices.iter().all(|c| c.aws_managed));
        assert_eq!(policy_name(&choices[0].arn), "AdministratorAccess");
        assert!(is_aws_managed(&choices[0].arn));
        assert_eq!(
            policy_name("arn:aws:iam::aws:policy/job-function/Billing"),
            "Billing"
        );
    }

    #[test]
    fn times_are_shown_to_the_minute() {
        assert_eq!(short_time(SimTime(5_000)), "2026-01-05 09:00 UTC");
    }

    #[test]
    fn thresholds_read_as_the_console_writes_them() {
        assert_eq!(threshold_text(80.0, Some("PERCENTAGE")), "80%");
        assert_eq!(threshold_text(80.0, None), "80%");
        assert_eq!(threshold_text(5.0, Some("ABSOLUTE_VALUE")), "$5.00");
    }
}
