//! A request to a stage's invoke URL: the stage's deployment finds the resource
//! and method, a Lambda proxy integration invokes the function (if its
//! resource-based policy lets API Gateway do so for this API, stage, method and
//! path) with the proxy event, and the function's `statusCode`, `headers` and
//! `body` become the HTTP response. API Gateway's own answers are as in AWS:
//! `{"message":"Missing Authentication Token"}` (403) for a path or method the
//! deployment does not have, `{"message": "Internal server error"}` (500) when it
//! may not invoke the function, 502 for a failed function or a malformed reply.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{ApiResource, RestApi};
use crate::cloud::Cloud;
use crate::ec2::http::HttpResponse;
use crate::lambda::split_function_ref;

/// An HTTP request to an `execute-api` host.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiRequest {
    /// `POST`.
    pub method: String,
    /// The path with the stage and query (`/prod/items?x=1`).
    pub path: String,
    /// Headers as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Option<String>,
    /// The client's address.
    pub source_ip: String,
}

/// Which invocation of a deployed method a request became, for the console.
fn response(
    cloud: &mut Cloud,
    status: u16,
    body: String,
    extra: Vec<(String, String)>,
) -> HttpResponse {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "",
    };
    let id = cloud
        .service_rng("apigateway")
        .chars(b"abcdef0123456789", 32);
    let request_id = format!(
        "{}-{}-{}-{}-{}",
        &id[..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..32]
    );
    let mut headers = vec![
        ("Date".to_string(), cloud.now().to_http_date()),
        ("Content-Type".to_string(), "application/json".to_string()),
        ("Content-Length".to_string(), body.len().to_string()),
        ("Connection".to_string(), "keep-alive".to_string()),
        ("x-amzn-RequestId".to_string(), request_id),
        (
            "x-amz-apigw-id".to_string(),
            cloud
                .service_rng("apigateway")
                .chars(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=", 16),
        ),
    ];
    for (k, v) in extra {
        if let Some(slot) = headers
            .iter_mut()
            .find(|(name, _)| name.eq_ignore_ascii_case(&k))
        {
            slot.1 = v;
        } else {
            headers.push((k, v));
        }
    }
    HttpResponse {
        status,
        reason: reason.into(),
        headers,
        body,
        instance_id: String::new(),
        forwarded_for: None,
    }
}

fn message(text: &str) -> String {
    json!({ "message": text }).to_string()
}

/// The deployed resource a path matches, and its path parameters.
fn match_path<'r>(
    resources: &'r [ApiResource],
    path: &str,
) -> Option<(&'r ApiResource, BTreeMap<String, String>)> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut best: Option<(&ApiResource, BTreeMap<String, String>, usize)> = None;
    for r in resources {
        let pattern: Vec<&str> = r.path.split('/').filter(|s| !s.is_empty()).collect();
        let mut params = BTreeMap::new();
        let mut literal = 0;
        let matched = if let Some(last) = pattern.last().filter(|p| p.ends_with("+}")) {
            let fixed = &pattern[..pattern.len() - 1];
            segments.len() > fixed.len()
                && fixed
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}')))
                && {
                    params.insert(
                        last.trim_matches(|c| c == '{' || c == '}' || c == '+')
                            .to_string(),
                        segments[fixed.len()..].join("/"),
                    );
                    true
                }
        } else {
            pattern.len() == segments.len()
                && pattern.iter().zip(&segments).all(|(p, s)| {
                    if p.starts_with('{') && p.ends_with('}') {
                        params.insert(
                            p.trim_matches(|c| c == '{' || c == '}').to_string(),
                            (*s).to_string(),
                        );
                        true
                    } else {
                        literal += 1;
                        p == s
                    }
                })
        };
        if matched && best.as_ref().is_none_or(|(_, _, l)| literal > *l) {
            best = Some((r, params, literal));
        }
    }
    best.map(|(r, p, _)| (r, p))
}

impl Cloud {
    /// The REST API an `execute-api` host names, in this region.
    pub fn rest_api_for_host(&self, host: &str) -> Option<&RestApi> {
        let suffix = format!(".execute-api.{}.amazonaws.com", self.region_name());
        let id = host.strip_suffix(&suffix)?;
        self.rest_api(id)
    }

    /// Serves a request to `host` if it is one of this account's invoke URLs.
    pub fn execute_api(&mut self, host: &str, request: &ApiRequest) -> Option<HttpResponse> {
        let api = self.rest_api_for_host(host)?.clone();
        let (path, query) = match request.path.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (request.path.clone(), None),
        };
        let mut parts = path.trim_start_matches('/').splitn(2, '/');
        let stage_name = parts.next().unwrap_or_default().to_string();
        let rest = format!("/{}", parts.next().unwrap_or_default());
        let Some(stage) = api.stages.iter().find(|s| s.name == stage_name) else {
            return Some(response(
                self,
                403,
                message("Forbidden"),
                vec![("x-amzn-ErrorType".into(), "ForbiddenException".into())],
            ));
        };
        let Some(deployment) = api.deployments.iter().find(|d| d.id == stage.deployment_id) else {
            return Some(response(self, 403, message("Forbidden"), vec![]));
        };
        let method = request.method.to_ascii_uppercase();
        let found = match_path(&deployment.resources, &rest).and_then(|(r, params)| {
            r.methods
                .get(&method)
                .or_else(|| r.methods.get("ANY"))
                .map(|m| (r.clone(), m.clone(), params))
        });
        let Some((resource, api_method, path_params)) = found else {
            return Some(response(
                self,
                403,
                message("Missing Authentication Token"),
                vec![(
                    "x-amzn-ErrorType".into(),
                    "MissingAuthenticationTokenException".into(),
                )],
            ));
        };
        let Some(integration) = api_method.integration.clone() else {
            return Some(response(
                self,
                500,
                message("Internal server error"),
                vec![],
            ));
        };
        if integration.integration_type == "MOCK" {
            return Some(response(self, 200, String::new(), vec![]));
        }
        let function_arn = integration
            .uri
            .as_deref()
            .and_then(|u| u.split("/functions/").nth(1))
            .and_then(|u| u.strip_suffix("/invocations"))
            .unwrap_or_default()
            .to_string();
        let (name, qualifier) = split_function_ref(&function_arn);
        let source_arn = format!(
            "arn:aws:execute-api:{}:{}:{}/{}/{method}{}",
            self.region_name(),
            self.account_id(),
            api.id,
            stage.name,
            resource.path
        );
        let account = self.account_id().to_string();
        let allowed = self.lambda_function(&name).is_some_and(|f| {
            Cloud::invoke_permission(f, "apigateway.amazonaws.com", &source_arn, &account).is_some()
        });
        let version = self
            .lambda_function(&name)
            .and_then(|f| self.resolve_version(f, qualifier.as_deref()).ok());
        let (true, Some(version)) = (allowed, version) else {
            // "Execution failed due to configuration error: Invalid permissions on Lambda function"
            return Some(response(
                self,
                500,
                message("Internal server error"),
                vec![(
                    "x-amzn-ErrorType".into(),
                    "InternalServerErrorException".into(),
                )],
            ));
        };
        let headers: serde_json::Map<String, Value> = request
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        let multi_headers: serde_json::Map<String, Value> = request
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), json!([v])))
            .collect();
        let query_params: Option<serde_json::Map<String, Value>> = query.as_ref().map(|q| {
            q.split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (k.to_string(), Value::String(v.to_string()))
                })
                .collect()
        });
        let request_id = self
            .service_rng("apigateway")
            .chars(b"abcdef0123456789", 32);
        let event = json!({
            "resource": resource.path,
            "path": rest,
            "httpMethod": method,
            "headers": headers,
            "multiValueHeaders": multi_headers,
            "queryStringParameters": query_params,
            "multiValueQueryStringParameters": null,
            "pathParameters": if path_params.is_empty() { Value::Null } else { json!(path_params) },
            "stageVariables": null,
            "requestContext": {
                "resourceId": resource.id,
                "resourcePath": resource.path,
                "httpMethod": method,
                "extendedRequestId": &request_id[..16],
                "requestTime": self.now().to_http_date(),
                "path": path,
                "accountId": account,
                "protocol": "HTTP/1.1",
                "stage": stage.name,
                "domainPrefix": api.id,
                "requestTimeEpoch": self.now().unix_millis(),
                "requestId": request_id,
                "identity": { "sourceIp": request.source_ip, "userAgent": request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("user-agent")).map(|(_, v)| v.clone()) },
                "domainName": host,
                "apiId": api.id,
            },
            "body": request.body,
            "isBase64Encoded": false,
        });
        let execution =
            match self.run_function(&name, &version, qualifier.as_deref(), &event, "apigateway") {
                Ok(execution) => execution,
                Err(e) if e.http_status() == 429 => {
                    return Some(response(self, 429, message("Too Many Requests"), vec![]));
                }
                Err(_) => {
                    return Some(response(
                        self,
                        500,
                        message("Internal server error"),
                        vec![],
                    ));
                }
            };
        if execution.function_error.is_some() {
            return Some(response(
                self,
                502,
                message("Internal server error"),
                vec![],
            ));
        }
        let reply = &execution.payload;
        let status = reply
            .get("statusCode")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok());
        let body = match reply.get("body") {
            None | Some(Value::Null) => Some(String::new()),
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => None,
        };
        let (Some(status), Some(body)) = (status, body) else {
            // "Execution failed due to configuration error: Malformed Lambda proxy response"
            return Some(response(
                self,
                502,
                message("Internal server error"),
                vec![],
            ));
        };
        let extra: Vec<(String, String)> = reply
            .get("headers")
            .and_then(Value::as_object)
            .map(|h| {
                h.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str().map_or_else(|| v.to_string(), str::to_string),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(response(self, status, body, extra))
    }
}
