//! Account safety and billing checks: root keys and MFA, an admin through a
//! group, sign-in settings, budget alerts and the cost meter.

use cloudlab_model::Cloud;
use cloudlab_model::iam::managed::ADMINISTRATOR_ACCESS_ARN;

use crate::checks::CheckOutcome;
use crate::text::Text;

fn pass(en: String, ko: String) -> CheckOutcome {
    CheckOutcome::passed(Text::new(en, ko))
}

fn fail(en: String, ko: String) -> CheckOutcome {
    CheckOutcome::failed(Text::new(en, ko))
}

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
                "루트 사용자에게 MFA 기기 {}이(가) 있어요.",
                device.serial_number
            ),
        ),
        None => fail(
            "The root user has no MFA device yet.".into(),
            "루트 사용자에게 아직 MFA 기기가 없어요.".into(),
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

pub(super) fn console_password(cloud: &Cloud, user: &str) -> CheckOutcome {
    match cloud.iam_user(user) {
        None => fail(
            format!("There is no IAM user named {user} yet."),
            format!("아직 {user}(이)라는 IAM 사용자가 없어요."),
        ),
        Some(found) if found.login_profile.is_some() => pass(
            format!("{user} can sign in to the console with a password."),
            format!("{user}은(는) 비밀번호로 콘솔에 로그인할 수 있어요."),
        ),
        Some(_) => fail(
            format!("{user} has no console password yet (no login profile)."),
            format!("{user}에게 아직 콘솔 비밀번호(로그인 프로필)가 없어요."),
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
                "계정 별칭은 {alias}예요. IAM 사용자는 {}에서 로그인해요.",
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
            "계정에 아직 비밀번호 정책이 없어요.".into(),
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
        format!("비밀번호 정책에 빠진 것: {}.", missing_ko.join(", ")),
    )
}

pub(super) fn budget_alert(cloud: &Cloud, max_limit: u32, max_threshold: u32) -> CheckOutcome {
    let budgets = cloud.budgets();
    if budgets.is_empty() {
        return fail(
            "There is no budget yet.".into(),
            "아직 예산이 없어요.".into(),
        );
    }
    let mut reasons_en = Vec::new();
    let mut reasons_ko = Vec::new();
    for budget in budgets {
        let name = &budget.budget_name;
        let limit: f64 = budget.limit_amount.trim().parse().unwrap_or(f64::INFINITY);
        if limit > f64::from(max_limit) {
            reasons_en.push(format!(
                "{name} allows {} {}, more than {max_limit} USD",
                budget.limit_amount, budget.limit_unit
            ));
            reasons_ko.push(format!(
                "{name}의 한도는 {} {}로 {max_limit} USD보다 커요",
                budget.limit_amount, budget.limit_unit
            ));
            continue;
        }
        let alert = budget.notifications.iter().find(|n| {
            let kind = n.notification.notification_type.as_str();
            let percent = n
                .notification
                .threshold_type
                .as_deref()
                .unwrap_or("PERCENTAGE")
                == "PERCENTAGE";
            (kind == "ACTUAL" || kind == "FORECASTED")
                && percent
                && n.notification.threshold <= f64::from(max_threshold)
                && n.subscribers.iter().any(|s| s.subscription_type == "EMAIL")
        });
        match alert {
            Some(found) => {
                let email = found
                    .subscribers
                    .iter()
                    .find(|s| s.subscription_type == "EMAIL")
                    .map(|s| s.address.clone())
                    .unwrap_or_default();
                let n = &found.notification;
                return pass(
                    format!(
                        "The budget {name} ({} {}) e-mails {email} when {} spending passes {}%.",
                        budget.limit_amount, budget.limit_unit, n.notification_type, n.threshold
                    ),
                    format!(
                        "{name} 예산({} {})은 {} 지출이 {}%를 넘으면 {email}(으)로 이메일을 보내요.",
                        budget.limit_amount, budget.limit_unit, n.notification_type, n.threshold
                    ),
                );
            }
            None => {
                reasons_en.push(format!(
                    "{name} has no ACTUAL or FORECASTED e-mail alert at {max_threshold}% or less"
                ));
                reasons_ko.push(format!("{name}에는 {max_threshold}% 이하에서 울리는 ACTUAL 또는 FORECASTED 이메일 알림이 없어요"));
            }
        }
    }
    fail(
        format!("No budget fits: {}.", reasons_en.join("; ")),
        format!("맞는 예산이 없어요: {}.", reasons_ko.join("; ")),
    )
}

pub(super) fn hourly_cost_at_most(cloud: &Cloud, cents: u32) -> CheckOutcome {
    let meter = cloud.hourly_cost_breakdown();
    let limit = f64::from(cents) / 100.0;
    let total = meter.total_usd_per_hour.max(0.0);
    if total <= limit + 1e-9 {
        return pass(
            format!("The account costs ${total:.4} per hour."),
            format!("이 계정은 시간당 ${total:.4}가 들어요."),
        );
    }
    let lines: Vec<String> = meter
        .lines
        .iter()
        .map(|line| {
            format!(
                "{} {} (${:.4}/h)",
                line.resource_id, line.description, line.usd_per_hour
            )
        })
        .collect();
    fail(
        format!(
            "The account still costs ${total:.4} per hour: {}.",
            lines.join(", ")
        ),
        format!(
            "이 계정에는 아직 시간당 ${total:.4}가 들어요: {}.",
            lines.join(", ")
        ),
    )
}
