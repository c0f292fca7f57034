//! Property tests for Lambda with the real interpreter: random invocations,
//! updates, versions, aliases, throttling and time keep the function's records
//! consistent, and the same calls give the same account, byte for byte.

use std::time::Duration;

use cloudlab_model::iam::policies::AttachRolePolicyInput;
use cloudlab_model::iam::roles::CreateRoleInput;
use cloudlab_model::lambda::package::write_zip;
use cloudlab_model::lambda::{
    AliasInput, CreateFunctionInput, FunctionCodeInput, InvokeInput, KEPT_INVOCATIONS,
    PublishVersionInput, PutFunctionConcurrencyInput, UpdateFunctionConfigurationInput,
};
use cloudlab_model::{Cloud, CloudConfig, digest};
use proptest::prelude::*;

const CODE: &str = "import time\n\ndef lambda_handler(event, context):\n    time.sleep(event.get('sleep', 0))\n    if event.get('fail'):\n        raise ValueError('asked to fail')\n    print('hello', event.get('name', 'world'))\n    return {'name': event.get('name', 'world')}\n";

#[derive(Clone, Debug)]
enum Op {
    Invoke {
        sleep: u8,
        fail: bool,
        qualifier: Option<u8>,
    },
    Timeout(u8),
    Publish,
    Alias(u8),
    Throttle(bool),
    Wait(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..5, any::<bool>(), proptest::option::of(0u8..4))
            .prop_map(|(sleep, fail, qualifier)| Op::Invoke { sleep, fail, qualifier }),
        1 => (1u8..6).prop_map(Op::Timeout),
        1 => Just(Op::Publish),
        1 => (0u8..4).prop_map(Op::Alias),
        1 => any::<bool>().prop_map(Op::Throttle),
        1 => (1u16..900).prop_map(Op::Wait),
    ]
}

fn lab(seed: u64) -> Cloud {
    cloudlab_python::install();
    let mut cloud = Cloud::new(CloudConfig {
        seed,
        ..CloudConfig::default()
    })
    .expect("cloud");
    let role = cloud
        .create_role(CreateRoleInput {
            role_name: "fn".into(),
            assume_role_policy_document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.into(),
            ..Default::default()
        })
        .expect("role")
        .role
        .arn;
    cloud
        .attach_role_policy(AttachRolePolicyInput {
            role_name: "fn".into(),
            policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole".into(),
        })
        .expect("attach");
    let zip = write_zip(
        &[("lambda_function.py".into(), CODE.as_bytes().to_vec())],
        0,
    );
    cloud
        .create_function(CreateFunctionInput {
            function_name: "f".into(),
            runtime: Some("python3.13".into()),
            role,
            handler: Some("lambda_function.lambda_handler".into()),
            code: FunctionCodeInput {
                zip_file: Some(digest::base64_encode(&zip)),
            },
            ..Default::default()
        })
        .expect("function");
    cloud.advance(Duration::from_secs(10));
    cloud
}

/// Applies one operation; AWS's refusals are part of the game.
fn apply(cloud: &mut Cloud, op: &Op) {
    match op {
        Op::Invoke {
            sleep,
            fail,
            qualifier,
        } => {
            let payload =
                serde_json::json!({"sleep": sleep, "fail": fail, "name": "p"}).to_string();
            let _ = cloud.invoke(InvokeInput {
                function_name: "f".into(),
                qualifier: qualifier.map(|q| {
                    if q == 0 {
                        "live".to_string()
                    } else {
                        q.to_string()
                    }
                }),
                payload: Some(payload),
                ..Default::default()
            });
        }
        Op::Timeout(seconds) => {
            let _ = cloud.update_function_configuration(UpdateFunctionConfigurationInput {
                function_name: "f".into(),
                timeout: Some(i64::from(*seconds)),
                ..Default::default()
            });
        }
        Op::Publish => {
            let _ = cloud.publish_version(PublishVersionInput {
                function_name: "f".into(),
                ..Default::default()
            });
        }
        Op::Alias(version) => {
            let version = if *version == 0 {
                "$LATEST".to_string()
            } else {
                version.to_string()
            };
            let input = AliasInput {
                function_name: "f".into(),
                name: "live".into(),
                function_version: Some(version),
                ..Default::default()
            };
            if cloud.update_alias(input.clone()).is_err() {
                let _ = cloud.create_alias(input);
            }
        }
        Op::Throttle(on) => {
            let _ = if *on {
                cloud
                    .put_function_concurrency(PutFunctionConcurrencyInput {
                        function_name: "f".into(),
                        reserved_concurrent_executions: 0,
                    })
                    .map(|_| ())
            } else {
                cloud.delete_function_concurrency(cloudlab_model::lambda::FunctionRefInput {
                    function_name: "f".into(),
                    qualifier: None,
                })
            };
        }
        Op::Wait(seconds) => cloud.advance(Duration::from_secs(u64::from(*seconds))),
    }
}

fn check(cloud: &Cloud) -> Result<(), TestCaseError> {
    let f = cloud.lambda_function("f").expect("the function stays");
    prop_assert!(f.invocations.len() <= KEPT_INVOCATIONS);
    for (i, v) in f.versions.iter().enumerate() {
        prop_assert_eq!(
            v.number as usize,
            i + 1,
            "versions are numbered from 1 without gaps"
        );
    }
    for a in &f.aliases {
        prop_assert!(
            f.config(&a.function_version).is_some(),
            "alias {} points at a missing version",
            a.name
        );
    }
    for pair in f.invocations.windows(2) {
        prop_assert!(
            pair[0].started_at <= pair[1].started_at,
            "invocations are recorded in time order"
        );
    }
    let reports = cloud
        .log_group("/aws/lambda/f")
        .map(|g| {
            g.streams
                .iter()
                .flat_map(|s| &s.events)
                .filter(|e| e.message.starts_with("REPORT"))
                .count()
        })
        .unwrap_or(0);
    if f.invocations.len() < KEPT_INVOCATIONS {
        prop_assert_eq!(
            reports,
            f.invocations.len(),
            "one REPORT line per invocation"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_lambda_operations_keep_the_records_consistent(ops in proptest::collection::vec(op(), 1..30)) {
        let mut cloud = lab(1);
        for op in &ops {
            apply(&mut cloud, op);
            check(&cloud)?;
        }
        let json = serde_json::to_string(&cloud).unwrap();
        let back: Cloud = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, cloud);
    }

    #[test]
    fn the_same_calls_give_the_same_account(seed in any::<u64>(), ops in proptest::collection::vec(op(), 1..20)) {
        let mut a = lab(seed);
        let mut b = lab(seed);
        for op in &ops {
            apply(&mut a, op);
            apply(&mut b, op);
        }
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }
}

#[test]
fn the_lab_function_runs_its_code() {
    let mut cloud = lab(1);
    apply(
        &mut cloud,
        &Op::Invoke {
            sleep: 0,
            fail: false,
            qualifier: None,
        },
    );
    apply(
        &mut cloud,
        &Op::Invoke {
            sleep: 4,
            fail: false,
            qualifier: None,
        },
    );
    let f = cloud.lambda_function("f").expect("function");
    let outcomes: Vec<_> = f.invocations.iter().map(|i| i.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        vec![
            cloudlab_model::lambda::InvocationOutcome::Success,
            cloudlab_model::lambda::InvocationOutcome::Timeout
        ]
    );
    assert!(cloud.log_group_contains("/aws/lambda/f", "hello p"));
}
