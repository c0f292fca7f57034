//! Lambda against the model, with a stand-in runtime (the real interpreter is in
//! `cloudlab-python`, whose tests run these flows with real code): creation's
//! checks, cold and warm starts, logs written only when the role may, timeouts,
//! throttling, versions and aliases, and the resource-based policy.

use std::time::Duration;

use serde_json::{Value, json};

use super::package::write_zip;
use super::runtime::{
    FunctionFailure, PythonInvocation, PythonRuntime, RunOutcome, RuntimeHost, RuntimeResult,
    install_python_runtime,
};
use super::*;
use crate::cloud::Cloud;
use crate::iam::policies::AttachRolePolicyInput;
use crate::iam::roles::CreateRoleInput;
use crate::logs::FilterLogEventsInput;

/// Echoes the event; `{"fail": true}` raises, `{"sleep": ms}` sleeps, `{"put": table}`
/// writes an item as the role.
struct EchoRuntime;

impl PythonRuntime for EchoRuntime {
    fn invoke(
        &self,
        invocation: &PythonInvocation<'_>,
        host: &mut dyn RuntimeHost,
    ) -> RuntimeResult {
        let event = invocation.event;
        let mut printed = format!("handler {} got {event}\n", invocation.handler);
        if invocation.cold {
            printed.insert_str(0, "loading module\n");
        }
        if let Some(ms) = event.get("sleep").and_then(Value::as_u64) {
            host.sleep_ms(ms);
            if host.elapsed_ms() >= invocation.context.timeout_ms {
                return RuntimeResult {
                    outcome: RunOutcome::TimedOut,
                    printed,
                };
            }
        }
        if let Some(table) = event.get("put").and_then(Value::as_str) {
            let put = host.sdk_call(
                "dynamodb",
                "PutItem",
                json!({"TableName": table, "Item": {"id": {"S": "1"}}}),
            );
            if let Err(e) = put {
                let failure = FunctionFailure {
                    error_type: "ClientError".into(),
                    message: format!(
                        "An error occurred ({}) when calling the PutItem operation: {}",
                        e.code, e.message
                    ),
                    stack_trace: vec![],
                    during_init: false,
                };
                return RuntimeResult {
                    outcome: RunOutcome::Failed(failure),
                    printed,
                };
            }
        }
        if event.get("fail").is_some() {
            let failure = FunctionFailure {
                error_type: "KeyError".into(),
                message: "'name'".into(),
                stack_trace: vec![
                    "  File \"/var/task/lambda_function.py\", line 2, in lambda_handler\n".into(),
                ],
                during_init: false,
            };
            return RuntimeResult {
                outcome: RunOutcome::Failed(failure),
                printed,
            };
        }
        RuntimeResult {
            outcome: RunOutcome::Returned(json!({"echo": event})),
            printed,
        }
    }

    fn describe(&self) -> &'static str {
        "echo"
    }
}

static ECHO: EchoRuntime = EchoRuntime;

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn package() -> String {
    let zip = write_zip(
        &[(
            "lambda_function.py".into(),
            b"def lambda_handler(e, c):\n    return e\n".to_vec(),
        )],
        0,
    );
    crate::digest::base64_encode(&zip)
}

fn role(cloud: &mut Cloud, name: &str, basic: bool) -> String {
    let arn = cloud
        .create_role(CreateRoleInput {
            role_name: name.into(),
            assume_role_policy_document: TRUST.into(),
            ..Default::default()
        })
        .expect("role")
        .role
        .arn;
    if basic {
        cloud
            .attach_role_policy(AttachRolePolicyInput {
                role_name: name.into(),
                policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
                    .into(),
            })
            .expect("attach");
    }
    arn
}

fn create(
    cloud: &mut Cloud,
    name: &str,
    role: &str,
) -> Result<functions::FunctionConfiguration, LambdaError> {
    cloud.create_function(CreateFunctionInput {
        function_name: name.into(),
        runtime: Some("python3.13".into()),
        role: role.into(),
        handler: Some("lambda_function.lambda_handler".into()),
        code: FunctionCodeInput {
            zip_file: Some(package()),
        },
        ..Default::default()
    })
}

fn lab() -> Cloud {
    lab_in(Cloud::default())
}

fn lab_in(mut cloud: Cloud) -> Cloud {
    install_python_runtime(&ECHO);
    let arn = role(&mut cloud, "basic", true);
    create(&mut cloud, "hello", &arn).expect("create");
    cloud.advance(Duration::from_secs(10));
    cloud
}

fn invoke(cloud: &mut Cloud, function: &str, payload: &str) -> Result<InvokeOutput, LambdaError> {
    cloud.invoke(InvokeInput {
        function_name: function.into(),
        payload: Some(payload.into()),
        log_type: Some("Tail".into()),
        ..Default::default()
    })
}

fn log_messages(cloud: &mut Cloud, group: &str) -> Vec<String> {
    cloud
        .filter_log_events(FilterLogEventsInput {
            log_group_name: group.into(),
            ..Default::default()
        })
        .map(|o| o.events.into_iter().map(|e| e.message).collect())
        .unwrap_or_default()
}

#[test]
fn creation_checks_the_role_the_runtime_and_the_package() {
    install_python_runtime(&ECHO);
    let mut cloud = Cloud::default();
    let untrusted = cloud
        .create_role(CreateRoleInput {
            role_name: "ec2-only".into(),
            assume_role_policy_document: TRUST.replace("lambda", "ec2"),
            ..Default::default()
        })
        .unwrap()
        .role
        .arn;
    let err = create(&mut cloud, "f", &untrusted).unwrap_err();
    assert_eq!(
        err.message(),
        "The role defined for the function cannot be assumed by Lambda."
    );
    let arn = role(&mut cloud, "basic", true);
    let mut old = CreateFunctionInput {
        function_name: "f".into(),
        runtime: Some("python3.8".into()),
        role: arn.clone(),
        handler: Some("lambda_function.lambda_handler".into()),
        code: FunctionCodeInput {
            zip_file: Some(package()),
        },
        ..Default::default()
    };
    assert!(
        cloud
            .create_function(old.clone())
            .unwrap_err()
            .message()
            .contains("no longer supported")
    );
    old.runtime = Some("python3.13".into());
    old.code.zip_file = Some(crate::digest::base64_encode(b"not a zip"));
    assert_eq!(
        cloud.create_function(old).unwrap_err().message(),
        "Could not unzip uploaded file. Please check your file, then try to upload again."
    );
    let created = create(&mut cloud, "f", &arn).unwrap();
    assert_eq!(
        (created.state.as_str(), created.version.as_str()),
        ("Pending", "$LATEST")
    );
    assert_eq!(created.timeout, 3);
    assert_eq!(
        create(&mut cloud, "f", &arn).unwrap_err().code(),
        "ResourceConflictException"
    );
    let pending = invoke(&mut cloud, "f", "{}").unwrap_err();
    assert!(pending.message().contains("Pending"), "{pending}");
}

#[test]
fn a_cold_start_then_a_warm_one_with_logs_in_the_function_s_group() {
    let mut cloud = lab();
    let first = invoke(&mut cloud, "hello", r#"{"name":"Ada"}"#).unwrap();
    assert_eq!(first.status_code, 200);
    assert_eq!(first.payload, r#"{"echo":{"name":"Ada"}}"#);
    assert_eq!(first.executed_version.as_deref(), Some("$LATEST"));
    invoke(&mut cloud, "hello", r#"{"name":"Lin"}"#).unwrap();
    let f = cloud.lambda_function("hello").unwrap();
    assert_eq!(
        f.invocations.iter().map(|i| i.cold).collect::<Vec<_>>(),
        vec![true, false]
    );
    let messages = log_messages(&mut cloud, "/aws/lambda/hello");
    assert!(
        messages[0].starts_with("INIT_START Runtime Version: python:3.13"),
        "{messages:?}"
    );
    assert_eq!(
        messages.iter().filter(|m| m.starts_with("REPORT")).count(),
        2
    );
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("Init Duration"))
            .count(),
        1
    );
    assert!(messages.contains(&"loading module".to_string()));
    // Both invocations went to the same environment's stream.
    let streams = cloud.log_group("/aws/lambda/hello").unwrap().streams.len();
    assert_eq!(streams, 1);
    // After 10 quiet minutes the environment is gone: a new stream.
    cloud.advance(Duration::from_secs(11 * 60));
    invoke(&mut cloud, "hello", "{}").unwrap();
    assert_eq!(
        cloud.log_group("/aws/lambda/hello").unwrap().streams.len(),
        2
    );
}

#[test]
fn without_the_basic_execution_role_nothing_is_logged() {
    let mut cloud = lab();
    let quiet = role(&mut cloud, "quiet", false);
    create(&mut cloud, "silent", &quiet).unwrap();
    cloud.advance(Duration::from_secs(10));
    let out = invoke(&mut cloud, "silent", "{}").unwrap();
    assert_eq!(out.status_code, 200);
    assert!(cloud.log_group("/aws/lambda/silent").is_none());
    assert!(!cloud.lambda_function("silent").unwrap().invocations[0].logged);
}

#[test]
fn errors_and_timeouts_come_back_as_lambda_reports_them() {
    let mut cloud = lab();
    let failed = invoke(&mut cloud, "hello", r#"{"fail":true}"#).unwrap();
    assert_eq!(failed.function_error.as_deref(), Some("Unhandled"));
    let payload: Value = serde_json::from_str(&failed.payload).unwrap();
    assert_eq!(payload["errorType"], "KeyError");
    let tail = String::from_utf8(
        crate::digest::base64_decode(failed.log_result.as_deref().unwrap()).unwrap(),
    )
    .unwrap();
    assert!(
        tail.contains("[ERROR] KeyError: 'name'\nTraceback (most recent call last):"),
        "{tail}"
    );

    let before = cloud.now();
    let slow = invoke(&mut cloud, "hello", r#"{"sleep":5000}"#).unwrap();
    let payload: Value = serde_json::from_str(&slow.payload).unwrap();
    assert_eq!(payload["errorType"], "Sandbox.Timedout");
    assert!(
        payload["errorMessage"]
            .as_str()
            .unwrap()
            .ends_with("Task timed out after 3.00 seconds")
    );
    assert!(cloud.now().since(before) >= Duration::from_secs(3));
    assert!(
        log_messages(&mut cloud, "/aws/lambda/hello")
            .iter()
            .any(|m| m.ends_with("Status: timeout"))
    );
    let bad = invoke(&mut cloud, "hello", "{not json").unwrap_err();
    assert_eq!(bad.code(), "InvalidRequestContentException");
}

#[test]
fn reserved_concurrency_of_zero_throttles() {
    let mut cloud = lab();
    cloud
        .put_function_concurrency(PutFunctionConcurrencyInput {
            function_name: "hello".into(),
            reserved_concurrent_executions: 0,
        })
        .unwrap();
    let err = invoke(&mut cloud, "hello", "{}").unwrap_err();
    assert_eq!(
        (err.code(), err.http_status()),
        ("TooManyRequestsException", 429)
    );
}

#[test]
fn versions_freeze_the_code_and_aliases_point_at_them() {
    let mut cloud = lab();
    let v1 = cloud
        .publish_version(PublishVersionInput {
            function_name: "hello".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(v1.version, "1");
    assert!(v1.function_arn.ends_with(":function:hello:1"));
    cloud
        .create_alias(AliasInput {
            function_name: "hello".into(),
            name: "live".into(),
            function_version: Some("1".into()),
            ..Default::default()
        })
        .unwrap();
    cloud
        .update_function_configuration(UpdateFunctionConfigurationInput {
            function_name: "hello".into(),
            timeout: Some(10),
            ..Default::default()
        })
        .unwrap();
    let busy = cloud.publish_version(PublishVersionInput {
        function_name: "hello".into(),
        ..Default::default()
    });
    assert_eq!(busy.unwrap_err().code(), "ResourceConflictException");
    cloud.advance(Duration::from_secs(5));
    let live = invoke(&mut cloud, "hello:live", "{}").unwrap();
    assert_eq!(live.executed_version.as_deref(), Some("1"));
    let f = cloud.lambda_function("hello").unwrap();
    assert_eq!(f.config("1").unwrap().timeout, 3);
    assert_eq!(f.latest.timeout, 10);
    let missing = cloud.create_alias(AliasInput {
        function_name: "hello".into(),
        name: "next".into(),
        function_version: Some("7".into()),
        ..Default::default()
    });
    assert_eq!(missing.unwrap_err().code(), "ResourceNotFoundException");
    let deleting = cloud.delete_function(functions::FunctionRefInput {
        function_name: "hello".into(),
        qualifier: Some("1".into()),
    });
    assert!(deleting.unwrap_err().message().contains("[live]"));
}

#[test]
fn the_resource_policy_says_which_service_may_invoke_for_which_source() {
    let mut cloud = lab();
    let added = cloud
        .add_permission(AddPermissionInput {
            function_name: "hello".into(),
            statement_id: "s3-invoke".into(),
            action: "lambda:InvokeFunction".into(),
            principal: "s3.amazonaws.com".into(),
            source_arn: Some("arn:aws:s3:::uploads".into()),
            source_account: Some(cloud.account_id().to_string()),
            qualifier: None,
        })
        .unwrap();
    assert!(
        added
            .statement
            .contains(r#""ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"}"#),
        "{}",
        added.statement
    );
    let f = cloud.lambda_function("hello").unwrap();
    let account = cloud.account_id().to_string();
    assert!(
        Cloud::invoke_permission(f, "s3.amazonaws.com", "arn:aws:s3:::uploads", &account).is_some()
    );
    assert!(
        Cloud::invoke_permission(f, "s3.amazonaws.com", "arn:aws:s3:::other", &account).is_none()
    );
    assert!(
        Cloud::invoke_permission(
            f,
            "apigateway.amazonaws.com",
            "arn:aws:s3:::uploads",
            &account
        )
        .is_none()
    );
    let again = cloud.add_permission(AddPermissionInput {
        function_name: "hello".into(),
        statement_id: "s3-invoke".into(),
        action: "lambda:InvokeFunction".into(),
        principal: "s3.amazonaws.com".into(),
        ..Default::default()
    });
    assert_eq!(again.unwrap_err().code(), "ResourceConflictException");
    let policy = cloud
        .get_function_policy(functions::FunctionRefInput {
            function_name: "hello".into(),
            qualifier: None,
        })
        .unwrap();
    assert!(policy.policy.contains(r#""Service":"s3.amazonaws.com""#));
}

#[test]
fn the_code_s_calls_are_authorized_as_the_execution_role() {
    let mut cloud = lab_in(crate::dynamodb::tests::music());
    let denied = invoke(&mut cloud, "hello", r#"{"put":"Music"}"#).unwrap();
    let payload: Value = serde_json::from_str(&denied.payload).unwrap();
    let message = payload["errorMessage"].as_str().unwrap();
    assert!(
        message.contains("assumed-role/basic/hello is not authorized to perform: dynamodb:PutItem"),
        "{message}"
    );
}
