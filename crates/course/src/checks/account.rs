//! Account safety and billing checks: root keys and MFA, an admin through a
//! group, sign-in settings, budget alerts and the cost meter.

use cloudlab_model::Cloud;
use cloudlab_model::billing::budgets::{
    BudgetType, NotificationWithSubscribers, TimeUnit, threshold_text,
};
use cloudlab_model::iam::managed::ADMINISTRATOR_ACCESS_ARN;

use crate::checks::{CheckOutcome, fail, pass};

pub(super) fn root_has_no_access_keys(cloud: &Cloud) -> CheckOutcome {
    let keys: Vec<String> = cloud
        .root_user()
        .access_keys
        .iter()
        .map(|key| format!("{} ({})", key.access_key_id, key.status.as_str()))
        .collect();
    if keys.is_empty() {
        return pass(
            "The root user has no access keys.".into(),
            "루트 사용자에게 액세스 키가 없어요.".into(),
        );
    }
    let listed = keys.join(", ");
    fail(
        format!(
            "The root user still has access keys: {listed}. An inactive key still exists; delete it."
        ),
        format!(
            "루트 사용자에게 아직 액세스 키가 있어요: {listed}. 비활성 키도 남아 있는 것이니 삭제하세요."
        ),
    )
}

pub(super) fn root_mfa_enabled(cloud: &Cloud) -> CheckOutcome {
    match cloud.root_user().mfa_devices.first() {
        Some(device) => pass(
            format!("The root user has the MFA device {}.", device.serial_number),
            format!(
                "루트 사용자에게 MFA 디바이스 {}이(가) 있어요.",
                device.serial_number
            ),
        ),
        None => fail(
            "The root user has no MFA device yet.".into(),
            "루트 사용자에게 아직 MFA 디바이스가 없어요.".into(),
        ),
    }
}

pub(super) fn admin_via_group(cloud: &Cloud, user: &str) -> CheckOutcome {
    let Some(found) = cloud.iam_user(user) else {
        return fail(
            format!("There is no IAM user named {user} yet."),
            format!("아직 {user}(이)라는 IAM 사용자가 없어요."),
        );
    };
    let admin_group = cloud.groups_of_user(user).into_iter().find(|group| {
        cloud.iam_group(group).is_some_and(|g| {
            g.attached_policies
                .iter()
                .any(|arn| arn == ADMINISTRATOR_ACCESS_ARN)
        })
    });
    if let Some(group) = admin_group {
        return pass(
            format!("{user} has AdministratorAccess through the group {group}."),
            format!("{user}은(는) {group} 그룹을 통해 AdministratorAccess를 가져요."),
        );
    }
    if found
        .attached_policies
        .iter()
        .any(|arn| arn == ADMINISTRATOR_ACCESS_ARN)
    {
        return fail(
            format!(
                "AdministratorAccess is attached to {user} directly. Attach it to a group and add {user} to the group instead."
            ),
            format!(
                "AdministratorAccess가 {user}에게 직접 연결되어 있어요. 대신 그룹에 연결하고 {user}을(를) 그룹에 추가하세요."
            ),
        );
    }
    fail(
        format!("{user} is in no group that has AdministratorAccess attached."),
        format!("{user}은(는) AdministratorAccess가 연결된 그룹에 속해 있지 않아요."),
    )
}

pub(super) fn console_password(cloud: &Cloud, user: &str, reset_required: bool) -> CheckOutcome {
    let Some(found) = cloud.iam_user(user) else {
        return fail(
            format!("There is no IAM user named {user} yet."),
            format!("아직 {user}(이)라는 IAM 사용자가 없어요."),
        );
    };
    match &found.login_profile {
        None => fail(
            format!("{user} has no console password yet (no login profile)."),
            format!("{user}에게 아직 콘솔 비밀번호(로그인 프로필)가 없어요."),
        ),
        Some(profile) if reset_required && !profile.password_reset_required => fail(
            format!(
                "{user} has a console password, but need not change it at first sign-in (PasswordResetRequired is false): `aws iam update-login-profile --user-name {user} --password-reset-required` asks for a new one."
            ),
            format!(
                "{user}에게 콘솔 비밀번호는 있지만 처음 로그인할 때 바꾸지 않아도 돼요(PasswordResetRequired가 false예요). `aws iam update-login-profile --user-name {user} --password-reset-required`로 새 비밀번호를 요구할 수 있어요."
            ),
        ),
        Some(profile) if profile.password_reset_required => pass(
            format!(
                "{user} can sign in to the console with a password, and must choose a new one at first sign-in."
            ),
            format!(
                "{user}은(는) 비밀번호로 콘솔에 로그인할 수 있고, 처음 로그인할 때 새 비밀번호를 정해야 해요."
            ),
        ),
        Some(_) => pass(
            format!("{user} can sign in to the console with a password."),
            format!("{user}은(는) 비밀번호로 콘솔에 로그인할 수 있어요."),
        ),
    }
}

pub(super) fn alias_set(cloud: &Cloud) -> CheckOutcome {
    match cloud.account_alias() {
        Some(alias) => pass(
            format!(
                "The account alias is {alias}: IAM users sign in at {}.",
                cloud.console_sign_in_url()
            ),
            format!(
                "계정 별칭은 {alias}(이)에요. IAM 사용자는 {}에서 로그인해요.",
                cloud.console_sign_in_url()
            ),
        ),
        None => fail(
            "The account has no alias yet.".into(),
            "계정에 아직 별칭이 없어요.".into(),
        ),
    }
}

pub(super) fn password_policy(cloud: &Cloud, min_length: u32) -> CheckOutcome {
    let Some(policy) = cloud.password_policy() else {
        return fail(
            "The account has no password policy yet.".into(),
            "계정에 아직 암호 정책이 없어요.".into(),
        );
    };
    let mut missing_en = Vec::new();
    let mut missing_ko = Vec::new();
    if policy.minimum_password_length < min_length {
        missing_en.push(format!(
            "a minimum length of {min_length} (it is {})",
            policy.minimum_password_length
        ));
        missing_ko.push(format!(
            "최소 길이 {min_length}(지금은 {})",
            policy.minimum_password_length
        ));
    }
    for (required, en, ko) in [
        (policy.require_symbols, "symbols", "기호"),
        (policy.require_numbers, "numbers", "숫자"),
        (
            policy.require_uppercase_characters,
            "upper-case letters",
            "대문자",
        ),
        (
            policy.require_lowercase_characters,
            "lower-case letters",
            "소문자",
        ),
    ] {
        if !required {
            missing_en.push(format!("required {en}"));
            missing_ko.push(format!("{ko} 필수"));
        }
    }
    if missing_en.is_empty() {
        return pass(
            format!(
                "Passwords need at least {} characters with symbols, numbers, upper- and lower-case letters.",
                policy.minimum_password_length
            ),
            format!(
                "비밀번호는 기호, 숫자, 대문자, 소문자를 포함해 최소 {}자여야 해요.",
                policy.minimum_password_length
            ),
        );
    }
    fail(
        format!("The password policy lacks {}.", missing_en.join(", ")),
        format!("암호 정책에 빠진 것: {}.", missing_ko.join(", ")),
    )
}

pub(super) fn budget_alert(
    cloud: &Cloud,
    max_limit: u32,
    max_threshold: u32,
    time_unit: TimeUnit,
) -> CheckOutcome {
    let budgets = cloud.budgets();
    if budgets.is_empty() {
        return fail(
            "There is no budget yet.".into(),
            "아직 예산이 없어요.".into(),
        );
    }
    let period = time_unit.as_str();
    let mut reasons_en = Vec::new();
    let mut reasons_ko = Vec::new();
    for budget in budgets {
        let name = &budget.budget_name;
        if budget.budget_type != BudgetType::Cost {
            reasons_en.push(format!(
                "{name} is a {} budget, not a COST budget",
                budget.budget_type.as_str()
            ));
            reasons_ko.push(format!(
                "{name}은(는) 비용(COST) 예산이 아니라 {} 예산이에요",
                budget.budget_type.as_str()
            ));
            continue;
        }
        if budget.time_unit != time_unit {
            reasons_en.push(format!(
                "{name} is a {} budget, not a {period} one",
                budget.time_unit.as_str()
            ));
            reasons_ko.push(format!(
                "{name}은(는) {}({period}) 예산이 아니라 {}({}) 예산이에요",
                period_ko(time_unit),
                period_ko(budget.time_unit),
                budget.time_unit.as_str()
            ));
            continue;
        }
        let limit: f64 = budget.limit_amount.trim().parse().unwrap_or(f64::INFINITY);
        if budget.limit_unit != "USD" || limit > f64::from(max_limit) {
            reasons_en.push(format!(
                "{name} allows {} {}, more than {max_limit} USD",
                budget.limit_amount, budget.limit_unit
            ));
            reasons_ko.push(format!(
                "{name}의 한도는 {} {}(으)로 {max_limit} USD보다 커요",
                budget.limit_amount, budget.limit_unit
            ));
            continue;
        }
        let highest_usd = limit * f64::from(max_threshold) / 100.0;
        let mut problems_en = Vec::new();
        let mut problems_ko = Vec::new();
        for alert in &budget.notifications {
            match alert_problem(alert, max_threshold, highest_usd) {
                Some((en, ko)) => {
                    problems_en.push(en);
                    problems_ko.push(ko);
                }
                None => {
                    let n = &alert.notification;
                    let email = alert
                        .subscribers
                        .iter()
                        .find(|s| s.subscription_type == "EMAIL")
                        .map(|s| s.address.clone())
                        .unwrap_or_default();
                    let at = threshold_text(n.threshold, n.threshold_type.as_deref());
                    return pass(
                        format!(
                            "The {period} budget {name} ({} {}) e-mails {email} when {} spending passes {at}.",
                            budget.limit_amount, budget.limit_unit, n.notification_type
                        ),
                        format!(
                            "{} 예산 {name}({} {})은(는) {} 지출이 {at}을(를) 넘으면 {email}(으)로 이메일을 보내요.",
                            period_ko(time_unit),
                            budget.limit_amount,
                            budget.limit_unit,
                            n.notification_type
                        ),
                    );
                }
            }
        }
        if problems_en.is_empty() {
            reasons_en.push(format!("{name} has no alert"));
            reasons_ko.push(format!("{name}에는 알림이 없어요"));
        } else {
            reasons_en.push(format!("{name}: {}", problems_en.join(", ")));
            reasons_ko.push(format!("{name}: {}", problems_ko.join(", ")));
        }
    }
    fail(
        format!("No budget fits: {}.", reasons_en.join("; ")),
        format!("맞는 예산이 없어요: {}.", reasons_ko.join("; ")),
    )
}

/// A budget period as the Korean Budgets console names it.
fn period_ko(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Daily => "일별",
        TimeUnit::Monthly => "월별",
        TimeUnit::Quarterly => "분기별",
        TimeUnit::Annually => "연간",
    }
}

/// Why an alert does not warn in time by e-mail, in both languages; `None`
/// when it does: spending `GREATER_THAN` a threshold of at most
/// `max_percent` percent (or `highest_usd` dollars), e-mailed to someone.
fn alert_problem(
    alert: &NotificationWithSubscribers,
    max_percent: u32,
    highest_usd: f64,
) -> Option<(String, String)> {
    let n = &alert.notification;
    let at = threshold_text(n.threshold, n.threshold_type.as_deref());
    if n.comparison_operator != "GREATER_THAN" {
        return Some((
            format!(
                "the alert at {at} fires when spending is {}, not GREATER_THAN, the threshold",
                n.comparison_operator
            ),
            format!(
                "{at} 알림은 지출이 임계값보다 클 때(GREATER_THAN)가 아니라 {}일 때 울려요",
                n.comparison_operator
            ),
        ));
    }
    let too_high = if n.threshold_type.as_deref() == Some("ABSOLUTE_VALUE") {
        n.threshold > highest_usd + 1e-9
    } else {
        n.threshold > f64::from(max_percent)
    };
    if too_high {
        return Some((
            format!("the alert at {at} is above {max_percent}% of the budget"),
            format!("{at} 알림은 예산의 {max_percent}%보다 높아요"),
        ));
    }
    if !alert
        .subscribers
        .iter()
        .any(|s| s.subscription_type == "EMAIL")
    {
        return Some((
            format!("the alert at {at} e-mails nobody"),
            format!("{at} 알림은 아무에게도 이메일을 보내지 않아요"),
        ));
    }
    None
}

pub(super) fn hourly_cost_at_most(cloud: &Cloud, cents: u32) -> CheckOutcome {
    let meter = cloud.hourly_cost_breakdown();
    let limit = f64::from(cents) / 100.0;
    let total = meter.total_usd_per_hour.max(0.0);
    if total <= limit + 1e-9 {
        return pass(
            format!("The account costs ${total:.4} per hour."),
            format!("이 계정은 시간당 ${total:.4}이(가) 들어요."),
        );
    }
    let line_text = |korean: bool| -> Vec<String> {
        meter
            .lines
            .iter()
            .map(|line| {
                let (en, ko) = line.kind.name();
                let what = if korean { ko } else { en };
                format!(
                    "{} {what} {} (${:.4}/h)",
                    line.resource_id, line.description, line.usd_per_hour
                )
            })
            .collect()
    };
    let (lines_en, lines_ko) = (line_text(false), line_text(true));
    fail(
        format!(
            "The account still costs ${total:.4} per hour: {}.",
            lines_en.join(", ")
        ),
        format!(
            "이 계정에는 아직 시간당 ${total:.4}이(가) 들어요: {}.",
            lines_ko.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlab_model::billing::budgets::{
        BudgetInput, CreateBudgetInput, Notification, Spend, Subscriber,
    };

    /// A $20 budget with one alert e-mailed to the learner.
    fn budget(
        name: &str,
        time_unit: &str,
        budget_type: &str,
        comparison: &str,
        threshold: f64,
        threshold_type: &str,
    ) -> CreateBudgetInput {
        CreateBudgetInput {
            account_id: "123456789012".into(),
            budget: BudgetInput {
                budget_name: name.into(),
                budget_limit: Some(Spend {
                    amount: "20".into(),
                    unit: "USD".into(),
                }),
                time_unit: time_unit.into(),
                budget_type: budget_type.into(),
            },
            notifications_with_subscribers: vec![NotificationWithSubscribers {
                notification: Notification {
                    notification_type: "ACTUAL".into(),
                    comparison_operator: comparison.into(),
                    threshold,
                    threshold_type: Some(threshold_type.into()),
                    notification_state: None,
                },
                subscribers: vec![Subscriber {
                    subscription_type: "EMAIL".into(),
                    address: "learner@example.com".into(),
                }],
            }],
        }
    }

    /// The chapter 2 check (a monthly cost budget of at most $20 that
    /// e-mails at 100% or less) on an account with this one budget.
    fn grade(input: CreateBudgetInput) -> CheckOutcome {
        let mut cloud = Cloud::default();
        cloud.create_budget(input).unwrap();
        budget_alert(&cloud, 20, 100, TimeUnit::Monthly)
    }

    #[test]
    fn a_password_that_need_not_be_changed_fails_when_the_task_says_so() {
        use cloudlab_model::iam::users::{CreateLoginProfileInput, CreateUserInput};
        let mut cloud = Cloud::default();
        cloud
            .create_user(CreateUserInput {
                user_name: "admin".into(),
                ..Default::default()
            })
            .unwrap();
        cloud
            .create_login_profile(CreateLoginProfileInput {
                user_name: Some("admin".into()),
                password: "Correct-Horse-Battery-9".into(),
                password_reset_required: false,
            })
            .unwrap();
        assert!(console_password(&cloud, "admin", false).passed);
        let strict = console_password(&cloud, "admin", true);
        assert!(!strict.passed);
        assert!(strict.detail.en.contains("PasswordResetRequired is false"));
        assert!(
            strict
                .detail
                .ko
                .contains("PasswordResetRequired가 false예요")
        );
    }

    #[test]
    fn an_absolute_threshold_at_or_below_the_limit_passes() {
        let at_limit = grade(budget(
            "b",
            "MONTHLY",
            "COST",
            "GREATER_THAN",
            20.0,
            "ABSOLUTE_VALUE",
        ));
        assert!(at_limit.passed, "{}", at_limit.detail.en);
        assert!(
            at_limit.detail.en.contains("passes $20.00"),
            "{}",
            at_limit.detail.en
        );
        let percent = grade(budget(
            "b",
            "MONTHLY",
            "COST",
            "GREATER_THAN",
            80.0,
            "PERCENTAGE",
        ));
        assert!(percent.passed, "{}", percent.detail.en);
        assert!(
            percent.detail.ko.contains("월별 예산 b"),
            "{}",
            percent.detail.ko
        );
    }

    #[test]
    fn each_failure_names_its_problem() {
        let cases = [
            (
                budget(
                    "b",
                    "MONTHLY",
                    "COST",
                    "GREATER_THAN",
                    25.0,
                    "ABSOLUTE_VALUE",
                ),
                "the alert at $25.00 is above 100% of the budget",
                "$25.00 알림은 예산의 100%보다 높아요",
            ),
            (
                budget("b", "DAILY", "COST", "GREATER_THAN", 80.0, "PERCENTAGE"),
                "b is a DAILY budget, not a MONTHLY one",
                "b는 월별(MONTHLY) 예산이 아니라 일별(DAILY) 예산이에요",
            ),
            (
                budget("b", "MONTHLY", "USAGE", "GREATER_THAN", 80.0, "PERCENTAGE"),
                "b is a USAGE budget, not a COST budget",
                "b는 비용(COST) 예산이 아니라 USAGE 예산이에요",
            ),
            (
                budget("b", "MONTHLY", "COST", "LESS_THAN", 80.0, "PERCENTAGE"),
                "the alert at 80% fires when spending is LESS_THAN, not GREATER_THAN, the threshold",
                "80% 알림은 지출이 임계값보다 클 때(GREATER_THAN)가 아니라 LESS_THAN일 때 울려요",
            ),
        ];
        for (input, en, ko) in cases {
            let outcome = grade(input);
            assert!(!outcome.passed, "{en}");
            assert!(outcome.detail.en.contains(en), "{}", outcome.detail.en);
            assert!(outcome.detail.ko.contains(ko), "{}", outcome.detail.ko);
        }
    }
}

#[cfg(test)]
mod cost_tests {
    use super::*;
    use cloudlab_model::ec2::addresses::AllocateAddressInput;

    #[test]
    fn an_idle_elastic_ip_is_named_in_both_languages() {
        let mut cloud = Cloud::default();
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        let outcome = hourly_cost_at_most(&cloud, 0);
        assert!(!outcome.passed);
        assert!(
            outcome.detail.en.contains("Elastic IP"),
            "{}",
            outcome.detail.en
        );
        assert!(
            outcome
                .detail
                .ko
                .contains("탄력적 IP (유휴: 실행 중인 인스턴스에 연결되지 않음)"),
            "{}",
            outcome.detail.ko
        );
        assert!(
            !outcome.detail.ko.contains("Elastic IP"),
            "{}",
            outcome.detail.ko
        );
        assert!(hourly_cost_at_most(&cloud, 1).passed);
    }
}
