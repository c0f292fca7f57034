//! Real handlers run by Lambda in the model: the code's DynamoDB calls are
//! authorized as the function's role, its prints land in CloudWatch Logs.

use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_model::digest;
use cloudlab_model::dynamodb::items::ItemRequest;
use cloudlab_model::dynamodb::tables::{AttributeDefinition, CreateTableInput, KeySchemaElement};
use cloudlab_model::iam::inline_policies::PutInlinePolicyInput;
use cloudlab_model::iam::policies::AttachRolePolicyInput;
use cloudlab_model::iam::roles::CreateRoleInput;
use cloudlab_model::lambda::package::write_zip;
use cloudlab_model::lambda::{
    CreateFunctionInput, EnvironmentShape, FunctionCodeInput, InvokeInput,
};
use serde_json::{Value, json};

const CODE: &str = r#"import json
import os
import boto3

table = boto3.resource('dynamodb').Table(os.environ['TABLE_NAME'])

def lambda_handler(event, context):
    item = json.loads(event['body'])
    table.put_item(Item=item)
    print(f"Saved item {item['id']}")
    return {'statusCode': 201, 'body': json.dumps({'saved': item['id']})}
"#;

fn lab(actions: &str) -> Cloud {
    cloudlab_python::install();
    let mut cloud = Cloud::default();
    cloud
        .create_table(CreateTableInput {
            table_name: "items".into(),
            attribute_definitions: vec![AttributeDefinition {
                attribute_name: "id".into(),
                attribute_type: "S".into(),
            }],
            key_schema: vec![KeySchemaElement {
                attribute_name: "id".into(),
                key_type: "HASH".into(),
            }],
            billing_mode: Some("PAY_PER_REQUEST".into()),
            ..Default::default()
        })
        .expect("table");
    let role = cloud
        .create_role(CreateRoleInput {
            role_name: "items-api-role".into(),
            assume_role_policy_document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.into(),
            ..Default::default()
        })
        .expect("role")
        .role
        .arn;
    cloud
        .attach_role_policy(AttachRolePolicyInput {
            role_name: "items-api-role".into(),
            policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole".into(),
        })
        .expect("attach");
    cloud
        .put_role_policy(PutInlinePolicyInput {
            role_name: "items-api-role".into(),
            policy_name: "put-items".into(),
            policy_document: format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":{actions},"Resource":"arn:aws:dynamodb:*:*:table/items"}}]}}"#
            ),
            ..Default::default()
        })
        .expect("policy");
    let zip = write_zip(&[("items.py".into(), CODE.as_bytes().to_vec())], 0);
    cloud
        .create_function(CreateFunctionInput {
            function_name: "put-item".into(),
            runtime: Some("python3.13".into()),
            role,
            handler: Some("items.lambda_handler".into()),
            code: FunctionCodeInput {
                zip_file: Some(digest::base64_encode(&zip)),
            },
            environment: Some(EnvironmentShape {
                variables: [("TABLE_NAME".to_string(), "items".to_string())].into(),
            }),
            ..Default::default()
        })
        .expect("function");
    cloud.advance(Duration::from_secs(60));
    cloud
}

fn post(cloud: &mut Cloud, body: &str) -> Value {
    let event = json!({"httpMethod": "POST", "path": "/items", "body": body});
    let out = cloud
        .invoke(InvokeInput {
            function_name: "put-item".into(),
            payload: Some(event.to_string()),
            ..Default::default()
        })
        .expect("invoke");
    serde_json::from_str(&out.payload).expect("json payload")
}

#[test]
fn the_handler_writes_the_item_as_its_role_and_logs_it() {
    let mut cloud = lab(r#""dynamodb:PutItem""#);
    let response = post(&mut cloud, r#"{"id":"1","name":"pen","qty":3}"#);
    assert_eq!(
        response,
        json!({"statusCode": 201, "body": "{\"saved\": \"1\"}"})
    );
    let got = cloud
        .get_item(ItemRequest {
            table_name: "items".into(),
            key: Some(serde_json::from_value(json!({"id": {"S": "1"}})).unwrap()),
            ..Default::default()
        })
        .expect("get");
    let item = serde_json::to_value(got.item.expect("the item")).unwrap();
    assert_eq!(item["qty"], json!({"N": "3"}));
    assert!(cloud.log_group_contains("/aws/lambda/put-item", "Saved item 1"));
}

#[test]
fn a_role_without_the_action_fails_the_call_and_says_why() {
    let mut cloud = lab(r#""dynamodb:GetItem""#);
    let response = post(&mut cloud, r#"{"id":"1"}"#);
    assert_eq!(response["errorType"], "ClientError");
    let message = response["errorMessage"].as_str().unwrap();
    assert!(message.starts_with("An error occurred (AccessDeniedException) when calling the PutItem operation: User: arn:aws:sts::"), "{message}");
    assert!(
        message.contains(
            "assumed-role/items-api-role/put-item is not authorized to perform: dynamodb:PutItem"
        ),
        "{message}"
    );
    assert!(cloud.log_group_contains(
        "/aws/lambda/put-item",
        "[ERROR] ClientError: An error occurred (AccessDeniedException)"
    ));
    let float = post(&mut cloud, r#"{"id":"2","price":1.5}"#);
    assert_eq!(float["errorType"], "TypeError");
    assert_eq!(
        float["errorMessage"],
        "Float types are not supported. Use Decimal types instead."
    );
}
