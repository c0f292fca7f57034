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

mod api_gateway {
    use cloudlab_model::apigateway::invoke::ApiRequest;
    use cloudlab_model::apigateway::{
        CreateDeploymentInput, CreateResourceInput, CreateRestApiInput, PutIntegrationInput,
        PutMethodInput,
    };
    use cloudlab_model::lambda::AddPermissionInput;

    use super::*;

    fn deploy(cloud: &mut Cloud) -> String {
        let api = cloud
            .create_rest_api(CreateRestApiInput {
                name: "items-api".into(),
                ..Default::default()
            })
            .unwrap();
        let items = cloud
            .create_resource(CreateResourceInput {
                rest_api_id: api.id.clone(),
                parent_id: api.root_resource_id.clone(),
                path_part: "items".into(),
            })
            .unwrap();
        cloud
            .put_method(PutMethodInput {
                rest_api_id: api.id.clone(),
                resource_id: items.id.clone(),
                http_method: "POST".into(),
                authorization_type: "NONE".into(),
                ..Default::default()
            })
            .unwrap();
        let function = cloud.function_arn("put-item");
        cloud
            .put_integration(PutIntegrationInput {
                rest_api_id: api.id.clone(),
                resource_id: items.id.clone(),
                http_method: "POST".into(),
                integration_type: "AWS_PROXY".into(),
                integration_http_method: Some("POST".into()),
                uri: Some(format!(
                    "arn:aws:apigateway:{}:lambda:path/2015-03-31/functions/{function}/invocations",
                    cloud.region_name()
                )),
                ..Default::default()
            })
            .unwrap();
        cloud
            .create_deployment(CreateDeploymentInput {
                rest_api_id: api.id.clone(),
                stage_name: Some("prod".into()),
                ..Default::default()
            })
            .unwrap();
        api.id
    }

    #[test]
    fn a_post_reaches_the_function_only_once_api_gateway_may_invoke_it() {
        let mut cloud = lab(r#""dynamodb:PutItem""#);
        let id = deploy(&mut cloud);
        let host = format!("{id}.execute-api.{}.amazonaws.com", cloud.region_name());
        let request = ApiRequest {
            method: "POST".into(),
            path: "/prod/items".into(),
            body: Some(r#"{"id":"7","name":"pen"}"#.into()),
            source_ip: "203.0.113.10".into(),
            ..Default::default()
        };
        let refused = cloud.execute_api(&host, &request).unwrap();
        assert_eq!(
            (refused.status, refused.body.as_str()),
            (500, r#"{"message":"Internal server error"}"#)
        );
        let account = cloud.account_id().to_string();
        cloud
            .add_permission(AddPermissionInput {
                function_name: "put-item".into(),
                statement_id: "apigateway-post".into(),
                action: "lambda:InvokeFunction".into(),
                principal: "apigateway.amazonaws.com".into(),
                source_arn: Some(format!(
                    "arn:aws:execute-api:{}:{account}:{id}/*/POST/items",
                    cloud.region_name()
                )),
                ..Default::default()
            })
            .unwrap();
        let created = cloud.execute_api(&host, &request).unwrap();
        assert_eq!(
            (created.status, created.body.as_str()),
            (201, r#"{"saved": "7"}"#)
        );
        let f = cloud.lambda_function("put-item").unwrap();
        assert_eq!(f.invocations.last().unwrap().source, "apigateway");
    }
}

mod s3_trigger {
    use cloudlab_model::lambda::AddPermissionInput;
    use cloudlab_model::s3::buckets::{CreateBucketConfiguration, CreateBucketInput};
    use cloudlab_model::s3::notifications::{
        LambdaFunctionConfiguration, NotificationConfiguration,
        PutBucketNotificationConfigurationInput,
    };
    use cloudlab_model::s3::objects::PutObjectInput;

    use super::*;

    const UPLOAD: &str = "def lambda_handler(event, context):\n    for record in event['Records']:\n        bucket = record['s3']['bucket']['name']\n        key = record['s3']['object']['key']\n        size = record['s3']['object']['size']\n        print(f\"Uploaded: {key} ({size} bytes) to {bucket}\")\n";

    #[test]
    fn an_upload_invokes_the_function_once_s3_may() {
        let mut cloud = lab(r#""dynamodb:PutItem""#);
        let role = cloud
            .lambda_function("put-item")
            .unwrap()
            .latest
            .role
            .clone();
        let zip = write_zip(&[("upload.py".into(), UPLOAD.as_bytes().to_vec())], 0);
        cloud
            .create_function(CreateFunctionInput {
                function_name: "on-upload".into(),
                runtime: Some("python3.13".into()),
                role,
                handler: Some("upload.lambda_handler".into()),
                code: FunctionCodeInput {
                    zip_file: Some(digest::base64_encode(&zip)),
                },
                ..Default::default()
            })
            .unwrap();
        cloud.advance(Duration::from_secs(10));
        let region = cloud.region_name().to_string();
        cloud
            .create_bucket(CreateBucketInput {
                bucket: "uploads-1".into(),
                endpoint_region: Some(region.clone()),
                create_bucket_configuration: Some(CreateBucketConfiguration {
                    location_constraint: Some(region),
                }),
            })
            .unwrap();
        let config = NotificationConfiguration {
            lambda_function_configurations: vec![LambdaFunctionConfiguration {
                id: Some("on-upload".into()),
                lambda_function_arn: cloud.function_arn("on-upload"),
                events: vec!["s3:ObjectCreated:Put".into()],
                filter: None,
            }],
            ..Default::default()
        };
        let put_config = PutBucketNotificationConfigurationInput {
            bucket: "uploads-1".into(),
            notification_configuration: config,
            skip_destination_validation: None,
        };
        let unvalidated = cloud
            .put_bucket_notification_configuration(put_config.clone())
            .unwrap_err();
        assert!(
            unvalidated
                .to_string()
                .contains("Unable to validate the following destination configurations")
        );
        let account = cloud.account_id().to_string();
        cloud
            .add_permission(AddPermissionInput {
                function_name: "on-upload".into(),
                statement_id: "s3-invoke".into(),
                action: "lambda:InvokeFunction".into(),
                principal: "s3.amazonaws.com".into(),
                source_arn: Some("arn:aws:s3:::uploads-1".into()),
                source_account: Some(account),
                ..Default::default()
            })
            .unwrap();
        cloud
            .put_bucket_notification_configuration(put_config)
            .unwrap();
        cloud
            .put_object(PutObjectInput {
                bucket: "uploads-1".into(),
                key: "my photo.txt".into(),
                body: Some("hello\n".into()),
                ..Default::default()
            })
            .unwrap();
        assert!(cloud.log_group_contains(
            "/aws/lambda/on-upload",
            "Uploaded: my+photo.txt (6 bytes) to uploads-1"
        ));
    }
}
