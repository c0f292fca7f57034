//! Amazon API Gateway REST APIs: resources in a path tree, methods, their
//! integrations (Lambda proxy, or a mock), deployments that freeze the API, and
//! stages that serve a deployment at
//! `https://<id>.execute-api.<region>.amazonaws.com/<stage>/...` (see
//! [`invoke`]). Not simulated: HTTP and WebSocket APIs, authorizers, API keys and
//! usage plans, request validation and mapping templates, non-proxy AWS and HTTP
//! integrations, custom domain names, caching, and the bill.

mod errors;
pub mod invoke;

pub use errors::ApiGatewayError;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::cloud::Cloud;

/// The HTTP methods a method can be put for.
pub const HTTP_METHODS: &[&str] = &[
    "ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT",
];

/// API Gateway in one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiGatewayState {
    /// REST APIs, oldest first.
    pub rest_apis: Vec<RestApi>,
}

/// A REST API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RestApi {
    /// Ten lowercase letters and digits.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// When it was created.
    pub created: SimTime,
    /// `EDGE` (the CLI's default) or `REGIONAL`.
    pub endpoint_type: String,
    /// The resources being edited, the root (`/`) first.
    pub resources: Vec<ApiResource>,
    /// Deployments, oldest first.
    pub deployments: Vec<Deployment>,
    /// Stages, by name.
    pub stages: Vec<Stage>,
}

/// A resource: a path and its methods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiResource {
    /// Its id.
    pub id: String,
    /// The parent's id (none for `/`).
    pub parent_id: Option<String>,
    /// The last path segment (`items`, `{id}`).
    pub path_part: String,
    /// The full path (`/items`).
    pub path: String,
    /// Methods by HTTP method.
    pub methods: BTreeMap<String, ApiMethod>,
}

/// A method of a resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiMethod {
    /// `NONE`, `AWS_IAM`, ...
    pub authorization_type: String,
    /// Whether an API key is required.
    pub api_key_required: bool,
    /// Where requests go.
    pub integration: Option<Integration>,
}

/// Where a method sends requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integration {
    /// `AWS_PROXY` or `MOCK`.
    pub integration_type: String,
    /// The method used toward the backend (`POST` for Lambda).
    pub http_method: Option<String>,
    /// `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations`.
    pub uri: Option<String>,
    /// 50 to 29,000 ms.
    pub timeout_in_millis: u32,
}

/// A snapshot of the API that stages serve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// Its id.
    pub id: String,
    /// Its description.
    pub description: String,
    /// When it was made.
    pub created: SimTime,
    /// The resources as they were.
    pub resources: Vec<ApiResource>,
}

/// A named stage serving one deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    /// `prod`.
    pub name: String,
    /// The deployment it serves.
    pub deployment_id: String,
    /// When it was created.
    pub created: SimTime,
    /// When it last changed.
    pub last_updated: SimTime,
}

/// `apigateway create-rest-api`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateRestApiInput {
    /// The name.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// `{"types": ["REGIONAL"]}`.
    pub endpoint_configuration: Option<EndpointConfiguration>,
}

/// `endpointConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointConfiguration {
    /// `EDGE`, `REGIONAL` or `PRIVATE`.
    pub types: Vec<String>,
}

/// A REST API as API Gateway returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestApiShape {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Creation time (ISO 8601).
    pub created_date: String,
    /// `HEADER`.
    pub api_key_source: &'static str,
    /// The endpoint type.
    pub endpoint_configuration: EndpointConfiguration,
    /// Whether `execute-api` is on.
    pub disable_execute_api_endpoint: bool,
    /// The root resource's id.
    pub root_resource_id: String,
}

/// `get-rest-apis`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestApisOutput {
    /// The APIs.
    pub items: Vec<RestApiShape>,
}

/// A REST API by id.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RestApiInput {
    /// The API.
    pub rest_api_id: String,
}

/// `apigateway create-resource`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateResourceInput {
    /// The API.
    pub rest_api_id: String,
    /// The parent resource.
    pub parent_id: String,
    /// The new path segment.
    pub path_part: String,
}

/// A resource as API Gateway returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceShape {
    /// Its id.
    pub id: String,
    /// Its parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Its path segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_part: Option<String>,
    /// Its path.
    pub path: String,
    /// Its methods (listed by `get-resources`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_methods: Option<BTreeMap<String, serde_json::Value>>,
}

/// `get-resources`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourcesOutput {
    /// The resources.
    pub items: Vec<ResourceShape>,
}

/// A resource by id.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResourceInput {
    /// The API.
    pub rest_api_id: String,
    /// The resource.
    pub resource_id: String,
}

/// `apigateway put-method` (and `get-method`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PutMethodInput {
    /// The API.
    pub rest_api_id: String,
    /// The resource.
    pub resource_id: String,
    /// `POST`.
    pub http_method: String,
    /// `NONE`.
    pub authorization_type: String,
    /// Require an API key.
    pub api_key_required: Option<bool>,
}

/// A method as API Gateway returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodShape {
    /// `POST`.
    pub http_method: String,
    /// `NONE`.
    pub authorization_type: String,
    /// Whether an API key is required.
    pub api_key_required: bool,
    /// Its integration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_integration: Option<IntegrationShape>,
}

/// `apigateway put-integration`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PutIntegrationInput {
    /// The API.
    pub rest_api_id: String,
    /// The resource.
    pub resource_id: String,
    /// The method it serves.
    pub http_method: String,
    /// `AWS_PROXY` or `MOCK`.
    #[serde(rename = "type")]
    pub integration_type: String,
    /// `POST` for Lambda.
    pub integration_http_method: Option<String>,
    /// The Lambda invocation URI.
    pub uri: Option<String>,
    /// 50 to 29,000 ms.
    pub timeout_in_millis: Option<i64>,
}

/// An integration as API Gateway returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationShape {
    /// `AWS_PROXY`.
    #[serde(rename = "type")]
    pub integration_type: String,
    /// `POST`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_method: Option<String>,
    /// The URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// `WHEN_NO_MATCH`.
    pub passthrough_behavior: &'static str,
    /// The timeout.
    pub timeout_in_millis: u32,
    /// The resource's id.
    pub cache_namespace: String,
    /// None.
    pub cache_key_parameters: Vec<String>,
}

/// `apigateway create-deployment`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateDeploymentInput {
    /// The API.
    pub rest_api_id: String,
    /// A stage to create or point at this deployment.
    pub stage_name: Option<String>,
    /// The deployment's description.
    pub description: Option<String>,
}

/// A deployment as API Gateway returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentShape {
    /// Its id.
    pub id: String,
    /// Its description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// When it was made.
    pub created_date: String,
}

/// `get-stages`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StagesOutput {
    /// The stages.
    pub item: Vec<StageShape>,
}

/// A stage as API Gateway returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageShape {
    /// The deployment.
    pub deployment_id: String,
    /// The name.
    pub stage_name: String,
    /// Creation time.
    pub created_date: String,
    /// Last change.
    pub last_updated_date: String,
}

fn iso(t: SimTime) -> String {
    t.to_iso8601()
}

impl Cloud {
    fn apigw_call<T>(
        &mut self,
        operation: &str,
        method: &str,
        path: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, ApiGatewayError>,
    ) -> Result<T, ApiGatewayError> {
        let action = format!("apigateway:{method}");
        let resource = format!("arn:aws:apigateway:{}::{path}", self.region_name());
        self.service_call(
            "apigateway",
            operation,
            |_, _| Some((action, resource, Default::default())),
            body,
        )
    }

    fn apigw_id(&mut self, len: usize) -> String {
        self.service_rng("apigateway")
            .chars(b"abcdefghijklmnopqrstuvwxyz0123456789", len)
    }

    /// The REST APIs.
    pub fn rest_apis(&self) -> &[RestApi] {
        &self.apigateway.rest_apis
    }

    /// A REST API by id.
    pub fn rest_api(&self, id: &str) -> Option<&RestApi> {
        self.apigateway.rest_apis.iter().find(|a| a.id == id)
    }

    fn rest_api_mut(&mut self, id: &str) -> Result<&mut RestApi, ApiGatewayError> {
        let account = self.config.account_id.clone();
        self.apigateway
            .rest_apis
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| ApiGatewayError::no_api(&account, id))
    }

    /// `https://<id>.execute-api.<region>.amazonaws.com/<stage>`.
    pub fn invoke_url(&self, api_id: &str, stage: &str) -> String {
        format!(
            "https://{api_id}.execute-api.{}.amazonaws.com/{stage}",
            self.region_name()
        )
    }

    fn rest_api_shape(a: &RestApi) -> RestApiShape {
        RestApiShape {
            id: a.id.clone(),
            name: a.name.clone(),
            description: a.description.clone(),
            created_date: iso(a.created),
            api_key_source: "HEADER",
            endpoint_configuration: EndpointConfiguration {
                types: vec![a.endpoint_type.clone()],
            },
            disable_execute_api_endpoint: false,
            root_resource_id: a
                .resources
                .first()
                .map(|r| r.id.clone())
                .unwrap_or_default(),
        }
    }

    fn resource_shape(r: &ApiResource, with_methods: bool) -> ResourceShape {
        ResourceShape {
            id: r.id.clone(),
            parent_id: r.parent_id.clone(),
            path_part: r.parent_id.as_ref().map(|_| r.path_part.clone()),
            path: r.path.clone(),
            resource_methods: (with_methods && !r.methods.is_empty()).then(|| {
                r.methods
                    .keys()
                    .map(|m| (m.clone(), serde_json::json!({})))
                    .collect()
            }),
        }
    }

    fn integration_shape(resource_id: &str, i: &Integration) -> IntegrationShape {
        IntegrationShape {
            integration_type: i.integration_type.clone(),
            http_method: i.http_method.clone(),
            uri: i.uri.clone(),
            passthrough_behavior: "WHEN_NO_MATCH",
            timeout_in_millis: i.timeout_in_millis,
            cache_namespace: resource_id.to_string(),
            cache_key_parameters: Vec::new(),
        }
    }

    /// `apigateway create-rest-api`.
    pub fn create_rest_api(
        &mut self,
        input: CreateRestApiInput,
    ) -> Result<RestApiShape, ApiGatewayError> {
        self.apigw_call("CreateRestApi", "POST", "/restapis", |c| {
            if input.name.trim().is_empty() {
                return Err(ApiGatewayError::BadRequest(
                    "Invalid REST API name specified".into(),
                ));
            }
            let endpoint_type = match input
                .endpoint_configuration
                .as_ref()
                .map(|e| e.types.as_slice())
            {
                None | Some([]) => "EDGE".to_string(),
                Some([t]) if ["EDGE", "REGIONAL"].contains(&t.as_str()) => t.clone(),
                Some([t]) if t == "PRIVATE" => {
                    return Err(ApiGatewayError::BadRequest(
                        "Private APIs are not simulated here".into(),
                    ));
                }
                Some(_) => {
                    return Err(ApiGatewayError::BadRequest(
                        "Invalid endpoint configuration: exactly one endpoint type is allowed"
                            .into(),
                    ));
                }
            };
            let id = c.apigw_id(10);
            let root = c.apigw_id(10);
            let api = RestApi {
                id,
                name: input.name.clone(),
                description: input.description.clone().unwrap_or_default(),
                created: c.now,
                endpoint_type,
                resources: vec![ApiResource {
                    id: root,
                    parent_id: None,
                    path_part: String::new(),
                    path: "/".into(),
                    methods: BTreeMap::new(),
                }],
                deployments: Vec::new(),
                stages: Vec::new(),
            };
            let shape = Cloud::rest_api_shape(&api);
            c.apigateway.rest_apis.push(api);
            Ok(shape)
        })
    }

    /// `apigateway get-rest-apis`.
    pub fn get_rest_apis(&mut self) -> Result<RestApisOutput, ApiGatewayError> {
        self.apigw_call("GetRestApis", "GET", "/restapis", |c| {
            Ok(RestApisOutput {
                items: c
                    .apigateway
                    .rest_apis
                    .iter()
                    .map(Cloud::rest_api_shape)
                    .collect(),
            })
        })
    }

    /// `apigateway get-rest-api`.
    pub fn get_rest_api(&mut self, input: RestApiInput) -> Result<RestApiShape, ApiGatewayError> {
        let path = format!("/restapis/{}", input.rest_api_id);
        self.apigw_call("GetRestApi", "GET", &path, |c| {
            Ok(Cloud::rest_api_shape(c.rest_api_mut(&input.rest_api_id)?))
        })
    }

    /// `apigateway delete-rest-api`.
    pub fn delete_rest_api(&mut self, input: RestApiInput) -> Result<(), ApiGatewayError> {
        let path = format!("/restapis/{}", input.rest_api_id);
        self.apigw_call("DeleteRestApi", "DELETE", &path, |c| {
            c.rest_api_mut(&input.rest_api_id)?;
            c.apigateway.rest_apis.retain(|a| a.id != input.rest_api_id);
            Ok(())
        })
    }

    /// `apigateway get-resources`.
    pub fn get_resources(
        &mut self,
        input: RestApiInput,
    ) -> Result<ResourcesOutput, ApiGatewayError> {
        let path = format!("/restapis/{}/resources", input.rest_api_id);
        self.apigw_call("GetResources", "GET", &path, |c| {
            let api = c.rest_api_mut(&input.rest_api_id)?;
            Ok(ResourcesOutput {
                items: api
                    .resources
                    .iter()
                    .map(|r| Cloud::resource_shape(r, true))
                    .collect(),
            })
        })
    }

    /// `apigateway create-resource`.
    pub fn create_resource(
        &mut self,
        input: CreateResourceInput,
    ) -> Result<ResourceShape, ApiGatewayError> {
        let path = format!("/restapis/{}/resources", input.rest_api_id);
        self.apigw_call("CreateResource", "POST", &path, |c| {
            let id = c.apigw_id(6);
            let api = c.rest_api_mut(&input.rest_api_id)?;
            let parent = api
                .resources
                .iter()
                .find(|r| r.id == input.parent_id)
                .ok_or_else(|| ApiGatewayError::NotFound("Invalid Resource identifier specified".into()))?;
            let part = input.path_part.clone();
            let valid = !part.is_empty()
                && (part
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "-._~:@&=+$,;'!*()".contains(ch))
                    || (part.starts_with('{') && part.ends_with('}') && part.len() > 2));
            if !valid || part.contains('/') {
                return Err(ApiGatewayError::BadRequest(
                    "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.".into(),
                ));
            }
            if api.resources.iter().any(|r| r.parent_id.as_deref() == Some(&input.parent_id) && r.path_part == part) {
                return Err(ApiGatewayError::Conflict(format!(
                    "Another resource with the same parent already has this name: {part}"
                )));
            }
            let path = if parent.path == "/" { format!("/{part}") } else { format!("{}/{part}", parent.path) };
            let resource = ApiResource {
                id,
                parent_id: Some(input.parent_id.clone()),
                path_part: part,
                path,
                methods: BTreeMap::new(),
            };
            let shape = Cloud::resource_shape(&resource, false);
            api.resources.push(resource);
            Ok(shape)
        })
    }

    /// `apigateway delete-resource`: and everything under it.
    pub fn delete_resource(&mut self, input: ResourceInput) -> Result<(), ApiGatewayError> {
        let path = format!(
            "/restapis/{}/resources/{}",
            input.rest_api_id, input.resource_id
        );
        self.apigw_call("DeleteResource", "DELETE", &path, |c| {
            let api = c.rest_api_mut(&input.rest_api_id)?;
            let target = api
                .resources
                .iter()
                .find(|r| r.id == input.resource_id)
                .ok_or_else(|| {
                    ApiGatewayError::NotFound("Invalid Resource identifier specified".into())
                })?;
            if target.parent_id.is_none() {
                return Err(ApiGatewayError::BadRequest(
                    "Cannot delete root resource".into(),
                ));
            }
            let prefix = format!("{}/", target.path);
            let path = target.path.clone();
            api.resources
                .retain(|r| r.path != path && !r.path.starts_with(&prefix));
            Ok(())
        })
    }

    fn find_method<'a>(
        api: &'a mut RestApi,
        resource_id: &str,
        http_method: &str,
    ) -> Result<(&'a mut ApiResource, String), ApiGatewayError> {
        let resource = api
            .resources
            .iter_mut()
            .find(|r| r.id == resource_id)
            .ok_or_else(|| {
                ApiGatewayError::NotFound("Invalid Resource identifier specified".into())
            })?;
        Ok((resource, http_method.to_ascii_uppercase()))
    }

    /// `apigateway put-method`.
    pub fn put_method(&mut self, input: PutMethodInput) -> Result<MethodShape, ApiGatewayError> {
        let path = format!(
            "/restapis/{}/resources/{}/methods/{}",
            input.rest_api_id, input.resource_id, input.http_method
        );
        self.apigw_call("PutMethod", "PUT", &path, |c| {
            let api = c.rest_api_mut(&input.rest_api_id)?;
            let (resource, method) = Cloud::find_method(api, &input.resource_id, &input.http_method)?;
            if !HTTP_METHODS.contains(&method.as_str()) {
                return Err(ApiGatewayError::BadRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY".into()));
            }
            if !["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"].contains(&input.authorization_type.as_str()) {
                return Err(ApiGatewayError::BadRequest(
                    "Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS".into(),
                ));
            }
            if input.authorization_type != "NONE" {
                return Err(ApiGatewayError::BadRequest(
                    "Authorizers are not simulated here; use --authorization-type NONE".into(),
                ));
            }
            if resource.methods.contains_key(&method) {
                return Err(ApiGatewayError::Conflict("Method already exists for this resource".into()));
            }
            let created = ApiMethod {
                authorization_type: input.authorization_type.clone(),
                api_key_required: input.api_key_required.unwrap_or(false),
                integration: None,
            };
            resource.methods.insert(method.clone(), created);
            Ok(MethodShape {
                http_method: method,
                authorization_type: input.authorization_type.clone(),
                api_key_required: input.api_key_required.unwrap_or(false),
                method_integration: None,
            })
        })
    }

    /// `apigateway get-method`.
    pub fn get_method(&mut self, input: PutMethodInput) -> Result<MethodShape, ApiGatewayError> {
        let path = format!(
            "/restapis/{}/resources/{}/methods/{}",
            input.rest_api_id, input.resource_id, input.http_method
        );
        self.apigw_call("GetMethod", "GET", &path, |c| {
            let api = c.rest_api_mut(&input.rest_api_id)?;
            let (resource, method) =
                Cloud::find_method(api, &input.resource_id, &input.http_method)?;
            let found = resource.methods.get(&method).ok_or_else(|| {
                ApiGatewayError::NotFound("Invalid Method identifier specified".into())
            })?;
            Ok(MethodShape {
                http_method: method.clone(),
                authorization_type: found.authorization_type.clone(),
                api_key_required: found.api_key_required,
                method_integration: found
                    .integration
                    .as_ref()
                    .map(|i| Cloud::integration_shape(&resource.id, i)),
            })
        })
    }

    /// `apigateway put-integration`.
    pub fn put_integration(
        &mut self,
        input: PutIntegrationInput,
    ) -> Result<IntegrationShape, ApiGatewayError> {
        let path = format!(
            "/restapis/{}/resources/{}/methods/{}/integration",
            input.rest_api_id, input.resource_id, input.http_method
        );
        let region = self.region_name();
        self.apigw_call("PutIntegration", "PUT", &path, |c| {
            match input.integration_type.as_str() {
                "AWS_PROXY" => {
                    let uri = input.uri.clone().unwrap_or_default();
                    let prefix = format!("arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/");
                    let ok = uri
                        .strip_prefix(&prefix)
                        .and_then(|rest| rest.strip_suffix("/invocations"))
                        .is_some_and(|arn| arn.starts_with("arn:aws:lambda:"));
                    if !ok {
                        return Err(ApiGatewayError::BadRequest(
                            "Invalid ARN specified in the request".into(),
                        ));
                    }
                    if input.integration_http_method.as_deref() != Some("POST") {
                        return Err(ApiGatewayError::BadRequest(
                            "Enumeration value for HttpMethod must be non-empty".into(),
                        ));
                    }
                }
                "MOCK" => {}
                "AWS" | "HTTP" | "HTTP_PROXY" => {
                    return Err(ApiGatewayError::BadRequest(format!(
                        "{} integrations are not simulated here; use AWS_PROXY (Lambda proxy) or MOCK",
                        input.integration_type
                    )));
                }
                other => {
                    return Err(ApiGatewayError::BadRequest(format!(
                        "Invalid integration type specified: {other}. Valid options are HTTP,HTTP_PROXY,AWS,AWS_PROXY,MOCK"
                    )));
                }
            }
            let timeout = input.timeout_in_millis.unwrap_or(29_000);
            if !(50..=29_000).contains(&timeout) {
                return Err(ApiGatewayError::BadRequest(
                    "Timeout should be between 50 ms and 29000 ms".into(),
                ));
            }
            let api = c.rest_api_mut(&input.rest_api_id)?;
            let (resource, method) = Cloud::find_method(api, &input.resource_id, &input.http_method)?;
            let resource_id = resource.id.clone();
            let m = resource
                .methods
                .get_mut(&method)
                .ok_or_else(|| ApiGatewayError::NotFound("Invalid Method identifier specified".into()))?;
            let integration = Integration {
                integration_type: input.integration_type.clone(),
                http_method: input.integration_http_method.clone(),
                uri: input.uri.clone(),
                timeout_in_millis: timeout as u32,
            };
            let shape = Cloud::integration_shape(&resource_id, &integration);
            m.integration = Some(integration);
            Ok(shape)
        })
    }

    /// `apigateway create-deployment`: freezes the resources; with a stage name,
    /// the stage serves this deployment.
    pub fn create_deployment(
        &mut self,
        input: CreateDeploymentInput,
    ) -> Result<DeploymentShape, ApiGatewayError> {
        let path = format!("/restapis/{}/deployments", input.rest_api_id);
        self.apigw_call("CreateDeployment", "POST", &path, |c| {
            let id = c.apigw_id(6);
            let now = c.now;
            let api = c.rest_api_mut(&input.rest_api_id)?;
            if api.resources.iter().all(|r| r.methods.is_empty()) {
                return Err(ApiGatewayError::BadRequest(
                    "The REST API doesn't contain any methods".into(),
                ));
            }
            if api
                .resources
                .iter()
                .any(|r| r.methods.values().any(|m| m.integration.is_none()))
            {
                return Err(ApiGatewayError::BadRequest(
                    "No integration defined for method".into(),
                ));
            }
            let deployment = Deployment {
                id: id.clone(),
                description: input.description.clone().unwrap_or_default(),
                created: now,
                resources: api.resources.clone(),
            };
            let shape = DeploymentShape {
                id: id.clone(),
                description: deployment.description.clone(),
                created_date: iso(now),
            };
            api.deployments.push(deployment);
            if let Some(stage) = &input.stage_name {
                match api.stages.iter_mut().find(|s| s.name == *stage) {
                    Some(s) => {
                        s.deployment_id = id;
                        s.last_updated = now;
                    }
                    None => api.stages.push(Stage {
                        name: stage.clone(),
                        deployment_id: id,
                        created: now,
                        last_updated: now,
                    }),
                }
            }
            Ok(shape)
        })
    }

    /// `apigateway get-stages`.
    pub fn get_stages(&mut self, input: RestApiInput) -> Result<StagesOutput, ApiGatewayError> {
        let path = format!("/restapis/{}/stages", input.rest_api_id);
        self.apigw_call("GetStages", "GET", &path, |c| {
            let api = c.rest_api_mut(&input.rest_api_id)?;
            Ok(StagesOutput {
                item: api
                    .stages
                    .iter()
                    .map(|s| StageShape {
                        deployment_id: s.deployment_id.clone(),
                        stage_name: s.name.clone(),
                        created_date: iso(s.created),
                        last_updated_date: iso(s.last_updated),
                    })
                    .collect(),
            })
        })
    }
}

#[cfg(test)]
mod tests;
