//! The interpreter against a host that records what the handler asked for.

use std::collections::BTreeMap;

use cloudlab_model::lambda::runtime::{
    InvocationContext, PythonInvocation, PythonRuntime, RunOutcome, RuntimeHost, RuntimeResult,
    SdkError,
};
use serde_json::{Value, json};

use crate::MONTY_PYTHON;

#[derive(Default)]
struct FakeHost {
    calls: Vec<(String, String, Value)>,
    elapsed_ms: u64,
    deny: bool,
}

impl RuntimeHost for FakeHost {
    fn sdk_call(
        &mut self,
        service: &str,
        operation: &str,
        params: Value,
    ) -> Result<Value, SdkError> {
        self.calls
            .push((service.to_string(), operation.to_string(), params));
        self.elapsed_ms += 5;
        if self.deny {
            return Err(SdkError {
                code: "AccessDeniedException".into(),
                message: "User: arn:aws:sts::123456789012:assumed-role/r/f is not authorized to perform: dynamodb:PutItem".into(),
            });
        }
        Ok(match operation {
            "GetItem" => json!({"Item": {"id": {"S": "1"}, "qty": {"N": "2"}}}),
            "GetObject" => json!({"Body": "aGVsbG8=", "ContentLength": 5}),
            _ => json!({}),
        })
    }
    fn sleep_ms(&mut self, ms: u64) {
        self.elapsed_ms += ms;
    }
    fn elapsed_ms(&self) -> u64 {
        self.elapsed_ms
    }
    fn now_unix_ms(&self) -> u64 {
        1_800_000_000_000
    }
}

fn invoke(source: &str, event: Value, host: &mut FakeHost) -> RuntimeResult {
    let files = BTreeMap::from([("lambda_function.py".to_string(), source.as_bytes().to_vec())]);
    let environment = BTreeMap::from([("TABLE".to_string(), "items".to_string())]);
    let context = InvocationContext {
        function_name: "f".into(),
        function_version: "$LATEST".into(),
        memory_limit_in_mb: 128,
        aws_request_id: "req-1".into(),
        timeout_ms: 3000,
        ..InvocationContext::default()
    };
    let invocation = PythonInvocation {
        files: &files,
        handler: "lambda_function.lambda_handler",
        event: &event,
        environment: &environment,
        context: &context,
        cold: true,
    };
    MONTY_PYTHON.invoke(&invocation, host)
}

#[test]
fn a_handler_returns_json_and_prints_to_the_log() {
    let mut host = FakeHost::default();
    let result = invoke(
        "import json\nprint('loading')\n\ndef lambda_handler(event, context):\n    print('hello', event['name'], context.function_name)\n    return {'statusCode': 200, 'body': json.dumps({'n': len(event['name'])})}\n",
        json!({"name": "Ada"}),
        &mut host,
    );
    assert_eq!(
        result.outcome,
        RunOutcome::Returned(json!({"statusCode": 200, "body": "{\"n\": 3}"}))
    );
    assert_eq!(result.printed, "loading\nhello Ada f\n");
}

#[test]
fn boto3_resource_calls_reach_the_host_in_the_wire_shape() {
    let mut host = FakeHost::default();
    let result = invoke(
        "import os\nimport boto3\ntable = boto3.resource('dynamodb').Table(os.environ['TABLE'])\n\ndef lambda_handler(event, context):\n    table.put_item(Item={'id': event['id'], 'qty': 2})\n    got = table.get_item(Key={'id': '1'})\n    return got['Item']\n",
        json!({"id": "7"}),
        &mut host,
    );
    assert_eq!(
        result.outcome,
        RunOutcome::Returned(json!({"id": "1", "qty": 2}))
    );
    assert_eq!(
        host.calls[0],
        (
            "dynamodb".to_string(),
            "PutItem".to_string(),
            json!({"TableName": "items", "Item": {"id": {"S": "7"}, "qty": {"N": "2"}}})
        )
    );
    assert_eq!(host.calls[1].1, "GetItem");
}

#[test]
fn an_s3_body_is_read_as_bytes() {
    let mut host = FakeHost::default();
    let result = invoke(
        "import boto3\ns3 = boto3.client('s3')\n\ndef lambda_handler(event, context):\n    obj = s3.get_object(Bucket='b', Key='k')\n    return obj['Body'].read().decode('utf-8')\n",
        json!({}),
        &mut host,
    );
    assert_eq!(result.outcome, RunOutcome::Returned(json!("hello")));
}

#[test]
fn a_denied_call_fails_the_invocation_as_a_client_error() {
    let mut host = FakeHost {
        deny: true,
        ..FakeHost::default()
    };
    let result = invoke(
        "import boto3\nclient = boto3.client('dynamodb')\n\ndef lambda_handler(event, context):\n    client.put_item(TableName='items', Item={'id': {'S': '1'}})\n",
        json!({}),
        &mut host,
    );
    let RunOutcome::Failed(failure) = result.outcome else {
        panic!("{:?}", result.outcome)
    };
    assert_eq!(failure.error_type, "ClientError");
    assert!(failure.message.starts_with(
        "An error occurred (AccessDeniedException) when calling the PutItem operation: User:"
    ));
    assert_eq!(failure.stack_trace.len(), 1, "{:?}", failure.stack_trace);
    assert!(
        failure.stack_trace[0].contains("line 5, in lambda_handler"),
        "{:?}",
        failure.stack_trace
    );
}

#[test]
fn errors_are_the_python_runtime_s() {
    let mut host = FakeHost::default();
    let missing = invoke("def handler(e, c):\n    return 1\n", json!({}), &mut host);
    let RunOutcome::Failed(failure) = missing.outcome else {
        panic!()
    };
    assert_eq!(failure.error_type, "Runtime.HandlerNotFound");
    assert_eq!(
        failure.message,
        "Handler 'lambda_handler' missing on module 'lambda_function'"
    );

    let import = invoke(
        "import requests\ndef lambda_handler(e, c):\n    return 1\n",
        json!({}),
        &mut host,
    );
    let RunOutcome::Failed(failure) = import.outcome else {
        panic!()
    };
    assert_eq!(failure.error_type, "Runtime.ImportModuleError");
    assert_eq!(
        failure.message,
        "Unable to import module 'lambda_function': No module named 'requests'"
    );

    let syntax = invoke(
        "def lambda_handler(e, c)\n    return 1\n",
        json!({}),
        &mut host,
    );
    let RunOutcome::Failed(failure) = syntax.outcome else {
        panic!()
    };
    assert_eq!(failure.error_type, "Runtime.UserCodeSyntaxError");

    let raised = invoke(
        "def lambda_handler(e, c):\n    return e['missing']\n",
        json!({}),
        &mut host,
    );
    let RunOutcome::Failed(failure) = raised.outcome else {
        panic!()
    };
    assert_eq!(
        (failure.error_type.as_str(), failure.message.as_str()),
        ("KeyError", "'missing'")
    );

    let set = invoke(
        "def lambda_handler(e, c):\n    return {1, 2}\n",
        json!({}),
        &mut host,
    );
    let RunOutcome::Failed(failure) = set.outcome else {
        panic!()
    };
    assert_eq!(
        failure.message,
        "Unable to marshal response: Object of type set is not JSON serializable"
    );
}

#[test]
fn sleeping_past_the_timeout_and_looping_forever_both_time_out() {
    let mut host = FakeHost::default();
    let slept = invoke(
        "import time\ndef lambda_handler(e, c):\n    time.sleep(5)\n    print('never')\n",
        json!({}),
        &mut host,
    );
    assert_eq!(slept.outcome, RunOutcome::TimedOut);
    assert_eq!(slept.printed, "");
    let looped = invoke(
        "def lambda_handler(e, c):\n    while True:\n        pass\n",
        json!({}),
        &mut host,
    );
    assert_eq!(looped.outcome, RunOutcome::TimedOut);
}

#[test]
fn from_imports_and_remaining_time_work() {
    let mut host = FakeHost::default();
    let result = invoke(
        "from time import sleep\ndef lambda_handler(e, c):\n    sleep(1)\n    return c.get_remaining_time_in_millis()\n",
        json!({}),
        &mut host,
    );
    assert_eq!(result.outcome, RunOutcome::Returned(json!(2000)));
}
