//! API Gateway's control plane against the model: the resource tree, methods,
//! integrations, deployments and stages, and AWS's refusals.

use super::*;

fn api(cloud: &mut Cloud) -> (String, String) {
    let created = cloud
        .create_rest_api(CreateRestApiInput {
            name: "items-api".into(),
            ..Default::default()
        })
        .unwrap();
    (created.id, created.root_resource_id)
}

#[test]
fn resources_methods_and_deployments() {
    let mut cloud = Cloud::default();
    let (id, root) = api(&mut cloud);
    assert_eq!(id.len(), 10);
    let items = cloud
        .create_resource(CreateResourceInput {
            rest_api_id: id.clone(),
            parent_id: root.clone(),
            path_part: "items".into(),
        })
        .unwrap();
    assert_eq!(items.path, "/items");
    let twice = cloud.create_resource(CreateResourceInput {
        rest_api_id: id.clone(),
        parent_id: root.clone(),
        path_part: "items".into(),
    });
    assert_eq!(
        twice.unwrap_err().message(),
        "Another resource with the same parent already has this name: items"
    );
    let child = cloud
        .create_resource(CreateResourceInput {
            rest_api_id: id.clone(),
            parent_id: items.id.clone(),
            path_part: "{id}".into(),
        })
        .unwrap();
    assert_eq!(child.path, "/items/{id}");
    let empty = cloud.create_deployment(CreateDeploymentInput {
        rest_api_id: id.clone(),
        stage_name: Some("prod".into()),
        ..Default::default()
    });
    assert_eq!(
        empty.unwrap_err().message(),
        "The REST API doesn't contain any methods"
    );
    cloud
        .put_method(PutMethodInput {
            rest_api_id: id.clone(),
            resource_id: items.id.clone(),
            http_method: "POST".into(),
            authorization_type: "NONE".into(),
            ..Default::default()
        })
        .unwrap();
    let no_integration = cloud.create_deployment(CreateDeploymentInput {
        rest_api_id: id.clone(),
        stage_name: Some("prod".into()),
        ..Default::default()
    });
    assert_eq!(
        no_integration.unwrap_err().message(),
        "No integration defined for method"
    );
    let bad_uri = cloud.put_integration(PutIntegrationInput {
        rest_api_id: id.clone(),
        resource_id: items.id.clone(),
        http_method: "POST".into(),
        integration_type: "AWS_PROXY".into(),
        integration_http_method: Some("POST".into()),
        uri: Some("arn:aws:lambda:ap-northeast-2:123456789012:function:put-item".into()),
        ..Default::default()
    });
    assert_eq!(bad_uri.unwrap_err().code(), "BadRequestException");
    cloud
        .put_integration(PutIntegrationInput {
            rest_api_id: id.clone(),
            resource_id: items.id.clone(),
            http_method: "POST".into(),
            integration_type: "MOCK".into(),
            ..Default::default()
        })
        .unwrap();
    cloud
        .create_deployment(CreateDeploymentInput {
            rest_api_id: id.clone(),
            stage_name: Some("prod".into()),
            ..Default::default()
        })
        .unwrap();
    let stages = cloud
        .get_stages(RestApiInput {
            rest_api_id: id.clone(),
        })
        .unwrap();
    assert_eq!(stages.item[0].stage_name, "prod");
    let host = format!("{id}.execute-api.{}.amazonaws.com", cloud.region_name());
    let get = invoke::ApiRequest {
        method: "GET".into(),
        path: "/prod/items".into(),
        ..Default::default()
    };
    let missing = cloud.execute_api(&host, &get).unwrap();
    assert_eq!(
        (missing.status, missing.body.as_str()),
        (403, r#"{"message":"Missing Authentication Token"}"#)
    );
    let post = invoke::ApiRequest {
        method: "POST".into(),
        path: "/prod/items".into(),
        ..Default::default()
    };
    assert_eq!(cloud.execute_api(&host, &post).unwrap().status, 200);
    let wrong_stage = invoke::ApiRequest {
        method: "POST".into(),
        path: "/dev/items".into(),
        ..Default::default()
    };
    assert_eq!(cloud.execute_api(&host, &wrong_stage).unwrap().status, 403);
    assert!(
        cloud
            .execute_api("nope.execute-api.ap-northeast-2.amazonaws.com", &post)
            .is_none()
    );
    cloud
        .delete_rest_api(RestApiInput {
            rest_api_id: id.clone(),
        })
        .unwrap();
    assert_eq!(
        cloud
            .get_rest_api(RestApiInput { rest_api_id: id })
            .unwrap_err()
            .code(),
        "NotFoundException"
    );
}
