//! IAM checks: group policies, memberships, access keys, the identity a CLI
//! profile signs in as, refused calls, and live policy decisions.

use cloudlab_model::{Cloud, Credentials};

use crate::checks::{CheckOutcome, Decision};
use crate::inspect::{cli, iam};
use crate::lab::Lab;
use crate::text::Text;

fn no_user(user: &str) -> CheckOutcome {
    CheckOutcome::failed(Text::new(
        format!("There is no IAM user named {user} yet."),
        format!("아직 {user}(이)라는 IAM 사용자가 없어요."),
    ))
}

pub(super) fn group_has_policy(cloud: &Cloud, group: &str, policy: &str) -> CheckOutcome {
    let Some(found) = cloud.iam_group(group) else {
        return CheckOutcome::failed(Text::new(
            format!("There is no IAM group named {group} yet."),
            format!("아직 {group}(이)라는 IAM 그룹이 없어요."),
        ));
    };
    let attached = found
        .attached_policies
        .iter()
        .any(|arn| arn == policy || iam::policy_name(arn) == policy);
    if attached {
        return CheckOutcome::passed(Text::new(
            format!("The group {group} has the policy {policy} attached."),
            format!("{group} 그룹에 {policy} 정책이 연결되어 있어요."),
        ));
    }
    let names: Vec<&str> = found
        .attached_policies
        .iter()
        .map(|arn| iam::policy_name(arn))
        .collect();
    CheckOutcome::failed(if names.is_empty() {
        Text::new(
            format!("The group {group} has no managed policy attached yet."),
            format!("{group} 그룹에 아직 연결된 관리형 정책이 없어요."),
        )
    } else {
        Text::new(
            format!(
                "The group {group} has {} attached, but not {policy}.",
                names.join(", ")
            ),
            format!(
                "{group} 그룹에는 {}이(가) 연결되어 있지만 {policy}은(는) 없어요.",
                names.join(", ")
            ),
        )
    })
}

pub(super) fn user_in_group(cloud: &Cloud, user: &str, group: &str) -> CheckOutcome {
    if iam::user(cloud, user).is_none() {
        return no_user(user);
    }
    let groups = cloud.groups_of_user(user);
    if groups.contains(&group) {
        return CheckOutcome::passed(Text::new(
            format!("The user {user} is a member of {group}."),
            format!("{user} 사용자는 {group}의 멤버예요."),
        ));
    }
    CheckOutcome::failed(Text::new(
        format!("The user {user} is not a member of {group}."),
        format!("{user} 사용자는 {group}의 멤버가 아니에요."),
    ))
}

pub(super) fn access_keys(cloud: &Cloud, user: &str, wanted: u32) -> CheckOutcome {
    let Some(found) = iam::user(cloud, user) else {
        return no_user(user);
    };
    let active = iam::active_keys(found);
    let count = u32::try_from(active.len()).unwrap_or(u32::MAX);
    let listed = active.join(", ");
    if count == wanted {
        return CheckOutcome::passed(Text::new(
            format!("The user {user} has {count} active access key(s): {listed}."),
            format!("{user} 사용자에게 활성 액세스 키가 {count}개 있어요: {listed}."),
        ));
    }
    CheckOutcome::failed(Text::new(
        format!(
            "The user {user} has {count} active access key(s), not {wanted}{}.",
            if listed.is_empty() {
                String::new()
            } else {
                format!(" ({listed})")
            }
        ),
        format!(
            "{user} 사용자의 활성 액세스 키는 {wanted}개가 아니라 {count}개예요{}.",
            if listed.is_empty() {
                String::new()
            } else {
                format!("({listed})")
            }
        ),
    ))
}

pub(super) fn profile_identity(lab: &Lab, profile: &str, user: &str) -> CheckOutcome {
    let setting = |key: &str| cli::profile_setting(&lab.terminal, profile, key);
    let (Some(access_key_id), Some(secret_access_key)) = (
        setting("aws_access_key_id"),
        setting("aws_secret_access_key"),
    ) else {
        return CheckOutcome::failed(Text::new(
            format!(
                "The CLI profile {profile} has no access key yet: `aws configure --profile {profile}` sets one."
            ),
            format!(
                "CLI 프로필 {profile}에 아직 액세스 키가 없어요. `aws configure --profile {profile}`로 설정하세요."
            ),
        ));
    };
    let credentials = Credentials {
        access_key_id: access_key_id.clone(),
        secret_access_key,
        session_token: setting("aws_session_token"),
    };
    match iam::signs_in_as(&lab.cloud, credentials) {
        Ok(found) if found == user => CheckOutcome::passed(Text::new(
            format!("The profile {profile} signs in as {user} with the key {access_key_id}."),
            format!("{profile} 프로필은 키 {access_key_id}로 {user}에 로그인해요."),
        )),
        Ok(found) => CheckOutcome::failed(Text::new(
            format!("The profile {profile} signs in as {found}, not as {user}."),
            format!("{profile} 프로필은 {user}이(가) 아니라 {found}(으)로 로그인해요."),
        )),
        Err(code) => CheckOutcome::failed(Text::new(
            format!(
                "AWS refuses the profile {profile}'s credentials ({code}): the key id or the secret is wrong, or the key was deactivated or deleted."
            ),
            format!(
                "AWS가 {profile} 프로필의 자격 증명을 거부해요({code}). 키 ID나 비밀 키가 틀렸거나, 키가 비활성화 또는 삭제됐어요."
            ),
        )),
    }
}

pub(super) fn access_denied_for(cloud: &Cloud, user: &str) -> CheckOutcome {
    let suffix = format!(":user/{user}");
    let denied = cloud.api_log().iter().rev().find(|call| {
        call.caller_arn
            .as_deref()
            .is_some_and(|arn| arn.ends_with(&suffix))
            && matches!(
                call.error_code.as_deref(),
                Some("AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation")
            )
    });
    match denied {
        Some(call) => {
            let code = call.error_code.as_deref().unwrap_or_default();
            CheckOutcome::passed(Text::new(
                format!(
                    "AWS refused {}:{} for {user} ({code}).",
                    call.service, call.operation
                ),
                format!(
                    "AWS가 {user}의 {}:{} 호출을 거부했어요({code}).",
                    call.service, call.operation
                ),
            ))
        }
        None => CheckOutcome::failed(Text::new(
            format!("No call made as {user} has been refused yet."),
            format!("아직 {user}(으)로 한 호출 중 거부된 것이 없어요."),
        )),
    }
}

pub(super) fn policy_decision(
    cloud: &Cloud,
    user: &str,
    action: &str,
    resource: &str,
    wanted: Decision,
    statement: Option<&str>,
) -> CheckOutcome {
    let Some(found) = iam::decision(cloud, user, action, resource) else {
        return no_user(user);
    };
    let by = |sid: &Option<String>| match sid {
        Some(sid) => (
            format!(" by the statement {sid}"),
            format!(" {sid} 문에 의해"),
        ),
        None => (String::new(), String::new()),
    };
    let (by_en, by_ko) = by(&found.statement);
    let why = |decision: &str| match decision {
        "implicitDeny" => (
            ": no statement allows it".to_string(),
            ". 허용하는 문이 없어요".to_string(),
        ),
        _ => (String::new(), String::new()),
    };
    let (why_en, why_ko) = why(found.decision);
    let now = Text::new(
        format!(
            "For user {user}, {action} is {}{by_en}{why_en}.",
            describe_en(found.decision)
        ),
        format!(
            "{user} 사용자의 {action}은(는){by_ko} {}{why_ko}.",
            describe_ko(found.decision)
        ),
    );
    if found.decision != wanted.as_str() {
        return CheckOutcome::failed(Text::new(
            format!("{} It should be {}.", now.en, describe_en(wanted.as_str())),
            format!("{} 기대하는 결과: {}.", now.ko, noun_ko(wanted.as_str())),
        ));
    }
    if let Some(sid) = statement
        && found.statement.as_deref() != Some(sid)
    {
        return CheckOutcome::failed(Text::new(
            format!(
                "{} The deciding statement should be the one with the Sid {sid}.",
                now.en
            ),
            format!("{} 결정하는 문은 Sid가 {sid}인 문이어야 해요.", now.ko),
        ));
    }
    CheckOutcome::passed(now)
}

fn describe_en(decision: &str) -> &'static str {
    match decision {
        "allowed" => "allowed",
        "explicitDeny" => "explicitly denied",
        _ => "implicitly denied",
    }
}

fn noun_ko(decision: &str) -> &'static str {
    match decision {
        "allowed" => "허용",
        "explicitDeny" => "명시적 거부",
        _ => "암시적 거부",
    }
}

fn describe_ko(decision: &str) -> &'static str {
    match decision {
        "allowed" => "허용돼요",
        "explicitDeny" => "명시적으로 거부돼요",
        _ => "암시적으로 거부돼요",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapter::Catalog;

    fn lab_after(lines: &[&str]) -> Lab {
        let catalog = Catalog::load().unwrap();
        let mut lab = Lab::for_chapter(catalog.chapter(3).unwrap()).unwrap();
        for line in lines {
            let output = lab.run(line);
            assert_eq!(output.exit_code, 0, "{line}: {}", output.stderr);
        }
        lab
    }

    #[test]
    fn missing_users_and_groups_are_named() {
        let lab = lab_after(&[]);
        let cloud = &lab.cloud;
        assert!(
            group_has_policy(cloud, "developers", "DeveloperAccess")
                .detail
                .en
                .contains("no IAM group named developers")
        );
        assert!(
            user_in_group(cloud, "dev", "developers")
                .detail
                .en
                .contains("no IAM user named dev")
        );
        assert!(!access_keys(cloud, "dev", 1).passed);
        assert!(!access_denied_for(cloud, "dev").passed);
        let outcome = profile_identity(&lab, "dev", "dev");
        assert!(!outcome.passed && outcome.detail.en.contains("no access key yet"));
        assert!(
            !policy_decision(cloud, "dev", "s3:GetObject", "*", Decision::Allowed, None).passed
        );
    }

    #[test]
    fn decisions_follow_the_policies_and_name_the_statement() {
        let lab = lab_after(&[
            "aws iam create-user --user-name dev",
            "aws iam put-user-policy --user-name dev --policy-name Mixed --policy-document '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"AllowS3\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}, {\"Sid\": \"NoDelete\", \"Effect\": \"Deny\", \"Action\": \"s3:DeleteBucket\", \"Resource\": \"*\"}]}'",
        ]);
        let cloud = &lab.cloud;
        let read = policy_decision(
            cloud,
            "dev",
            "s3:GetObject",
            "*",
            Decision::Allowed,
            Some("AllowS3"),
        );
        assert!(read.passed, "{}", read.detail.en);
        let delete = policy_decision(
            cloud,
            "dev",
            "s3:DeleteBucket",
            "*",
            Decision::ExplicitDeny,
            Some("NoDelete"),
        );
        assert!(delete.passed, "{}", delete.detail.en);
        let wrong_sid = policy_decision(
            cloud,
            "dev",
            "s3:DeleteBucket",
            "*",
            Decision::ExplicitDeny,
            Some("Other"),
        );
        assert!(!wrong_sid.passed && wrong_sid.detail.en.contains("Sid Other"));
        let ec2 = policy_decision(
            cloud,
            "dev",
            "ec2:RunInstances",
            "*",
            Decision::Allowed,
            None,
        );
        assert!(!ec2.passed);
        assert!(
            ec2.detail
                .en
                .contains("implicitly denied: no statement allows it"),
            "{}",
            ec2.detail.en
        );
        assert!(
            ec2.detail.ko.contains("암시적으로 거부돼요"),
            "{}",
            ec2.detail.ko
        );
    }
}
