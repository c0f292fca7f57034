//! Property tests for IAM: policy evaluation is monotonic (a Deny never
//! unlocks, an Allow never locks), parsing and evaluation never panic, and
//! IAM operations are deterministic and survive a save round trip.

use std::collections::BTreeMap;
use std::time::Duration;

use cloudlab_model::auth::{CallerIdentity, Credentials};
use cloudlab_model::iam::access_keys::AccessKeysInput;
use cloudlab_model::iam::evaluate::{
    AuthzRequest, ContextValue, EvalEffect, EvalPolicy, PolicySource, PolicySourceType,
    PrincipalKind, RequestPrincipal, evaluate,
};
use cloudlab_model::iam::groups::{CreateGroupInput, GroupMembershipInput};
use cloudlab_model::iam::inline_policies::PutInlinePolicyInput;
use cloudlab_model::iam::mfa::CreateVirtualMfaDeviceInput;
use cloudlab_model::iam::policies::{AttachGroupPolicyInput, CreatePolicyInput};
use cloudlab_model::iam::policy::{DocumentKind, PolicyDocument};
use cloudlab_model::iam::roles::CreateRoleInput;
use cloudlab_model::iam::users::CreateUserInput;
use cloudlab_model::sts::AssumeRoleInput;
use cloudlab_model::{Cloud, CloudConfig};
use proptest::prelude::*;

const ACTIONS: [&str; 8] = [
    "*",
    "ec2:*",
    "ec2:Describe*",
    "ec2:RunInstances",
    "s3:Get?bject",
    "iam:*User*",
    "IAM:listusers",
    "s3:*",
];
const REQUEST_ACTIONS: [&str; 6] = [
    "ec2:RunInstances",
    "ec2:DescribeInstances",
    "s3:GetObject",
    "iam:ListUsers",
    "iam:CreateUser",
    "sts:AssumeRole",
];
const RESOURCES: [&str; 6] = [
    "*",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:iam::123456789012:user/${aws:username}",
    "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*",
    "arn:aws:*:*:123456789012:*",
];
const REQUEST_RESOURCES: [&str; 5] = [
    "*",
    "arn:aws:ec2:ap-northeast-2:123456789012:instance/i-0abc",
    "arn:aws:s3:::bucket/web/index.html",
    "arn:aws:iam::123456789012:user/alice",
    "arn:aws:iam::123456789012:user/bob",
];
const CONDITIONS: [&str; 10] = [
    r#"{"StringEquals":{"aws:PrincipalTag/team":"web"}}"#,
    r#"{"StringNotEquals":{"aws:PrincipalTag/team":"db"}}"#,
    r#"{"StringLikeIfExists":{"ec2:InstanceType":"t3.*"}}"#,
    r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
    r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
    r#"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#,
    r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["Name","Team"]}}"#,
    r#"{"ForAnyValue:StringLike":{"aws:TagKeys":"T*"}}"#,
    r#"{"Null":{"aws:TokenIssueTime":"true"}}"#,
    r#"{"DateLessThan":{"aws:CurrentTime":"2026-06-01T00:00:00Z"},"NumericLessThanEquals":{"s3:max-keys":"10"}}"#,
];

#[derive(Clone, Debug)]
struct StatementSpec {
    deny: bool,
    not_action: bool,
    actions: Vec<usize>,
    not_resource: bool,
    resources: Vec<usize>,
    condition: Option<usize>,
}

fn statement_spec() -> impl Strategy<Value = StatementSpec> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(0..ACTIONS.len(), 1..3),
        any::<bool>(),
        prop::collection::vec(0..RESOURCES.len(), 1..3),
        prop::option::of(0..CONDITIONS.len()),
    )
        .prop_map(
            |(deny, not_action, actions, not_resource, resources, condition)| StatementSpec {
                deny,
                not_action,
                actions,
                not_resource,
                resources,
                condition,
            },
        )
}

fn list(items: &[usize], table: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{}\"", table[*i])).collect();
    format!("[{}]", quoted.join(","))
}

fn statement_json(s: &StatementSpec) -> String {
    let mut out = format!(
        r#"{{"Effect":"{}","{}":{},"{}":{}"#,
        if s.deny { "Deny" } else { "Allow" },
        if s.not_action { "NotAction" } else { "Action" },
        list(&s.actions, &ACTIONS),
        if s.not_resource {
            "NotResource"
        } else {
            "Resource"
        },
        list(&s.resources, &RESOURCES),
    );
    if let Some(c) = s.condition {
        out.push_str(&format!(r#","Condition":{}"#, CONDITIONS[c]));
    }
    out.push('}');
    out
}

fn policy(statements: &[StatementSpec]) -> EvalPolicy {
    let body: Vec<String> = statements.iter().map(statement_json).collect();
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        body.join(",")
    );
    EvalPolicy {
        source: PolicySource {
            id: "p".into(),
            arn: None,
            source_type: PolicySourceType::User,
        },
        document: PolicyDocument::parse(&text, DocumentKind::Inline)
            .expect("generated policies are valid"),
    }
}

#[derive(Clone, Debug)]
struct RequestSpec {
    action: usize,
    resource: usize,
    team: Option<&'static str>,
    ip: &'static str,
    mfa: Option<bool>,
    tag_keys: Option<Vec<&'static str>>,
    instance_type: Option<&'static str>,
}

fn request_spec() -> impl Strategy<Value = RequestSpec> {
    (
        0..REQUEST_ACTIONS.len(),
        0..REQUEST_RESOURCES.len(),
        prop::option::of(prop::sample::select(vec!["web", "db"])),
        prop::sample::select(vec!["203.0.113.25", "10.1.2.3"]),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::collection::vec(
            prop::sample::select(vec!["Name", "Team", "Cost"]),
            0..3,
        )),
        prop::option::of(prop::sample::select(vec!["t3.micro", "m5.large"])),
    )
        .prop_map(
            |(action, resource, team, ip, mfa, tag_keys, instance_type)| RequestSpec {
                action,
                resource,
                team,
                ip,
                mfa,
                tag_keys,
                instance_type,
            },
        )
}

fn request(spec: &RequestSpec) -> AuthzRequest {
    let mut context = BTreeMap::new();
    let mut put = |k: &str, v: ContextValue| {
        context.insert(k.to_string(), v);
    };
    put("aws:username", ContextValue::single("alice"));
    put("aws:SourceIp", ContextValue::single(spec.ip));
    put(
        "aws:CurrentTime",
        ContextValue::single("2026-01-05T09:00:00Z"),
    );
    if let Some(t) = spec.team {
        put("aws:PrincipalTag/team", ContextValue::single(t));
    }
    if let Some(m) = spec.mfa {
        put(
            "aws:MultiFactorAuthPresent",
            ContextValue::single(m.to_string()),
        );
    }
    if let Some(keys) = &spec.tag_keys {
        put("aws:TagKeys", ContextValue::list(keys.iter().copied()));
    }
    if let Some(t) = spec.instance_type {
        put("ec2:InstanceType", ContextValue::single(t));
    }
    AuthzRequest {
        principal: RequestPrincipal {
            arn: "arn:aws:iam::123456789012:user/alice".into(),
            account: "123456789012".into(),
            kind: PrincipalKind::User,
            role_arn: None,
        },
        action: REQUEST_ACTIONS[spec.action].into(),
        resource: REQUEST_RESOURCES[spec.resource].into(),
        context,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn adding_a_deny_never_turns_a_deny_into_an_allow(
        statements in prop::collection::vec(statement_spec(), 1..5),
        extra in statement_spec(),
        req in request_spec(),
    ) {
        let r = request(&req);
        let before = evaluate(&r, &[policy(&statements)]).effect;
        let mut more = statements.clone();
        more.push(StatementSpec { deny: true, ..extra });
        let after = evaluate(&r, &[policy(&more)]).effect;
        if before != EvalEffect::Allowed {
            prop_assert_ne!(after, EvalEffect::Allowed);
        }
        if before == EvalEffect::ExplicitDeny {
            prop_assert_eq!(after, EvalEffect::ExplicitDeny);
        }
    }

    #[test]
    fn adding_an_allow_never_turns_an_allow_into_a_deny(
        statements in prop::collection::vec(statement_spec(), 1..5),
        extra in statement_spec(),
        req in request_spec(),
    ) {
        let r = request(&req);
        let before = evaluate(&r, &[policy(&statements)]).effect;
        let mut more = statements.clone();
        more.push(StatementSpec { deny: false, ..extra });
        let after = evaluate(&r, &[policy(&more)]).effect;
        if before == EvalEffect::Allowed {
            prop_assert_eq!(after, EvalEffect::Allowed);
        }
        // And an Allow never removes an explicit deny.
        if before == EvalEffect::ExplicitDeny {
            prop_assert_eq!(after, EvalEffect::ExplicitDeny);
        }
    }

    #[test]
    fn splitting_statements_across_policies_changes_nothing(
        statements in prop::collection::vec(statement_spec(), 2..5),
        req in request_spec(),
    ) {
        let r = request(&req);
        let together = evaluate(&r, &[policy(&statements)]).effect;
        let apart: Vec<EvalPolicy> = statements.iter().map(|s| policy(std::slice::from_ref(s))).collect();
        prop_assert_eq!(together, evaluate(&r, &apart).effect);
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(text in ".{0,300}") {
        for kind in [DocumentKind::Managed, DocumentKind::Inline, DocumentKind::Trust, DocumentKind::Resource] {
            let _ = PolicyDocument::parse(&text, kind);
        }
    }

    #[test]
    fn arbitrary_json_documents_never_panic(doc in arbitrary_json(), req in request_spec()) {
        let text = doc.to_string();
        for kind in [DocumentKind::Managed, DocumentKind::Inline, DocumentKind::Resource] {
            if let Ok(document) = PolicyDocument::parse(&text, kind) {
                let p = EvalPolicy {
                    source: PolicySource { id: "x".into(), arn: None, source_type: PolicySourceType::Resource },
                    document,
                };
                let _ = evaluate(&request(&req), &[p]);
            }
        }
    }
}

/// Arbitrary JSON shaped like policy documents: known element names mixed
/// with junk, any value types.
fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    let key = prop::sample::select(vec![
        "Version",
        "Statement",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Principal",
        "NotPrincipal",
        "Condition",
        "Sid",
        "Id",
        "StringEquals",
        "DateLessThan",
        "ForAnyValue:StringLikeIfExists",
        "Null",
        "aws:username",
        "AWS",
        "2012-10-17",
    ])
    .prop_map(str::to_string);
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        prop::sample::select(vec![
            "Allow",
            "Deny",
            "allow",
            "*",
            "2012-10-17",
            "2008-10-17",
            "s3:*",
            "ec2:Run*",
            "arn:aws:s3:::b/*",
            "arn:aws:iam::123456789012:user/${aws:username}",
            "",
            "a:b:c",
            "${*}",
            "2026-01-01T00:00:00Z",
            "10",
            "true",
        ])
        .prop_map(|s| serde_json::Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A scripted IAM scenario touching every kind of entity.
fn iam_scenario(seed: u64) -> Cloud {
    let mut cloud = Cloud::new(CloudConfig {
        seed,
        ..CloudConfig::default()
    })
    .unwrap();
    cloud
        .create_user(CreateUserInput {
            user_name: "alice".into(),
            ..Default::default()
        })
        .unwrap();
    let key = cloud
        .create_access_key(AccessKeysInput {
            user_name: Some("alice".into()),
        })
        .unwrap()
        .access_key;
    cloud
        .create_group(CreateGroupInput {
            group_name: "devs".into(),
            path: None,
        })
        .unwrap();
    cloud
        .add_user_to_group(GroupMembershipInput {
            group_name: "devs".into(),
            user_name: "alice".into(),
        })
        .unwrap();
    let policy = cloud
        .create_policy(CreatePolicyInput {
            policy_name: "AssumeDev".into(),
            policy_document: r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}"#.into(),
            ..Default::default()
        })
        .unwrap()
        .policy
        .arn;
    cloud
        .attach_group_policy(AttachGroupPolicyInput {
            group_name: "devs".into(),
            policy_arn: policy,
        })
        .unwrap();
    let role = cloud
        .create_role(CreateRoleInput {
            role_name: "Dev".into(),
            assume_role_policy_document: r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}}"#.into(),
            ..Default::default()
        })
        .unwrap()
        .role
        .arn;
    cloud
        .put_role_policy(PutInlinePolicyInput {
            role_name: "Dev".into(),
            policy_name: "ec2".into(),
            policy_document: r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#.into(),
            ..Default::default()
        })
        .unwrap();
    cloud.advance(Duration::from_secs(45));
    cloud
        .as_caller(Credentials {
            access_key_id: key.access_key_id,
            secret_access_key: key.secret_access_key,
            session_token: None,
        })
        .assume_role(AssumeRoleInput {
            role_arn: role,
            role_session_name: "work".into(),
            ..Default::default()
        })
        .unwrap();
    cloud
        .as_caller(CallerIdentity::Root)
        .create_virtual_mfa_device(CreateVirtualMfaDeviceInput {
            virtual_mfa_device_name: "root-account-mfa-device".into(),
            ..Default::default()
        })
        .unwrap();
    cloud
}

#[test]
fn iam_is_deterministic_and_survives_a_save() {
    let a = iam_scenario(7);
    let b = iam_scenario(7);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let c = iam_scenario(8);
    assert_ne!(
        a.iam_user("alice").unwrap().user_id,
        c.iam_user("alice").unwrap().user_id
    );
    let saved = serde_json::to_string(&a).unwrap();
    let restored: Cloud = serde_json::from_str(&saved).unwrap();
    assert_eq!(restored, a);
}

#[test]
fn iam_calls_do_not_shift_ec2_ids() {
    use cloudlab_model::ec2::key_pairs::CreateKeyPairInput;
    let mut plain = Cloud::default();
    let mut busy = Cloud::default();
    busy.create_user(CreateUserInput {
        user_name: "x".into(),
        ..Default::default()
    })
    .unwrap();
    busy.create_access_key(AccessKeysInput {
        user_name: Some("x".into()),
    })
    .unwrap();
    let k1 = plain
        .create_key_pair(CreateKeyPairInput {
            key_name: "k".into(),
            ..Default::default()
        })
        .unwrap();
    let k2 = busy
        .create_key_pair(CreateKeyPairInput {
            key_name: "k".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(k1.key_pair_id, k2.key_pair_id);
}

#[test]
fn accounts_saved_before_iam_existed_get_a_new_accounts_iam() {
    let cloud = Cloud::default();
    let mut value = serde_json::to_value(&cloud).unwrap();
    value.as_object_mut().unwrap().remove("iam");
    value.as_object_mut().unwrap().remove("caller");
    let restored: Cloud = serde_json::from_value(value).unwrap();
    assert_eq!(restored, cloud);
}
