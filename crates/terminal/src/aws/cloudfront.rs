//! `aws cloudfront`: distributions, invalidations, origin access controls and
//! the managed cache policies, with the AWS CLI's shortcuts
//! (`awscli/customizations/cloudfront.py`): `create-distribution
//! --origin-domain-name D [--default-root-object O]`, `update-distribution
//! --default-root-object O` (which reads the configuration and its ETag first)
//! and `create-invalidation --paths /a /b`.

use serde_json::{Map, Value, json};

use super::Service;
use super::generated;
use super::operation::{CallError, Operation, call, call_no_input, call_unit};
use cloudlab_model::Cloud;

/// Every supported `aws cloudfront` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::cloudfront::CREATE_DISTRIBUTION,
        "Creates a distribution (--origin-domain-name for one origin, or a whole --distribution-config).",
        call!(create_distribution),
    ),
    Operation::new(
        generated::cloudfront::CREATE_INVALIDATION,
        "Removes paths from every edge's cache (--paths /index.html '/images/*').",
        call!(create_invalidation),
    ),
    Operation::new(
        generated::cloudfront::CREATE_ORIGIN_ACCESS_CONTROL,
        "Creates an origin access control: CloudFront signs its requests to a bucket.",
        call!(create_origin_access_control),
    ),
    Operation::new(
        generated::cloudfront::DELETE_DISTRIBUTION,
        "Deletes a disabled, deployed distribution (--if-match its ETag).",
        call_unit!(delete_distribution),
    ),
    Operation::new(
        generated::cloudfront::DELETE_ORIGIN_ACCESS_CONTROL,
        "Deletes an origin access control no distribution uses.",
        call_unit!(delete_origin_access_control),
    ),
    Operation::new(
        generated::cloudfront::GET_CACHE_POLICY,
        "Returns a managed cache policy and its TTLs.",
        call!(get_cache_policy),
    ),
    Operation::new(
        generated::cloudfront::GET_DISTRIBUTION,
        "Returns a distribution, its status and its configuration.",
        call!(get_distribution),
    ),
    Operation::new(
        generated::cloudfront::GET_DISTRIBUTION_CONFIG,
        "Returns a distribution's configuration and the ETag update-distribution needs.",
        call!(get_distribution_config),
    ),
    Operation::new(
        generated::cloudfront::GET_INVALIDATION,
        "Returns an invalidation and its status.",
        call!(get_invalidation),
    ),
    Operation::new(
        generated::cloudfront::GET_ORIGIN_ACCESS_CONTROL,
        "Returns an origin access control.",
        call!(get_origin_access_control),
    ),
    Operation::new(
        generated::cloudfront::LIST_CACHE_POLICIES,
        "Lists the managed cache policies.",
        call!(list_cache_policies),
    ),
    Operation::new(
        generated::cloudfront::LIST_DISTRIBUTIONS,
        "Lists your distributions.",
        call_no_input!(list_distributions),
    ),
    Operation::new(
        generated::cloudfront::LIST_INVALIDATIONS,
        "Lists a distribution's invalidations, newest first.",
        call!(list_invalidations),
    ),
    Operation::new(
        generated::cloudfront::LIST_ORIGIN_ACCESS_CONTROLS,
        "Lists your origin access controls.",
        call_no_input!(list_origin_access_controls),
    ),
    Operation::new(
        generated::cloudfront::UPDATE_DISTRIBUTION,
        "Replaces a distribution's configuration (--if-match the ETag of get-distribution-config).",
        call!(update_distribution),
    ),
];

/// `aws cloudfront`.
pub const CLOUDFRONT: Service = Service {
    name: "cloudfront",
    title: "CLOUDFRONT",
    description: "Amazon CloudFront delivers your content from edge locations near your\n       viewers, caching what an origin (a bucket, a website, a load balancer)\n       serves.",
    operations: OPERATIONS,
    extra: &["wait"],
    regional: false,
};

/// The CLI's unique caller reference: `PREFIX-SECONDS-NUMBER`.
fn unique_string(prefix: &str, cloud: &Cloud) -> String {
    let now = cloud.now();
    let number = now.as_millis() % 1_000_000 + 1;
    format!("{prefix}-{}-{number}", now.unix_seconds())
}

fn custom_values<'a>(custom: &'a [(String, Option<String>)], name: &str) -> Vec<&'a str> {
    custom
        .iter()
        .filter(|(k, _)| k == name)
        .filter_map(|(_, v)| v.as_deref())
        .collect()
}

/// awscli's `validate_mutually_exclusive`: names the added option, then the
/// model's argument it clashes with.
fn exclusive(key: &str, others: &[&str]) -> CallError {
    CallError::Other(format!(
        "The key \"{key}\" cannot be specified when one of the following keys are also specified: {}",
        others.join(", ")
    ))
}

fn missing(member: &str) -> CallError {
    CallError::Validation(format!(
        "Parameter validation failed:\nMissing required parameter in input: \"{member}\""
    ))
}

/// The configuration `--origin-domain-name` starts from (the CLI's template).
fn distribution_template(cloud: &Cloud) -> Value {
    json!({
        "CallerReference": unique_string("cli", cloud),
        "Origins": {"Quantity": 0, "Items": []},
        "DefaultCacheBehavior": {
            "TargetOriginId": "placeholder",
            "ForwardedValues": {"QueryString": false, "Cookies": {"Forward": "none"}},
            "TrustedSigners": {"Enabled": false, "Quantity": 0},
            "ViewerProtocolPolicy": "allow-all",
            "MinTTL": 0
        },
        "Enabled": true,
        "Comment": ""
    })
}

/// Turns the CLI's added options into request members before the call.
pub fn prepare(
    op: &Operation,
    params: &mut Map<String, Value>,
    custom: &[(String, Option<String>)],
    cloud: &mut Cloud,
) -> Result<(), CallError> {
    let origin = custom_values(custom, "@origin-domain-name");
    let root = custom_values(custom, "@default-root-object");
    match op.name {
        "create-distribution" => {
            if params.contains_key("DistributionConfig") {
                if !origin.is_empty() || !root.is_empty() {
                    let key = if origin.is_empty() {
                        "default_root_object"
                    } else {
                        "origin_domain_name"
                    };
                    return Err(exclusive(key, &["distribution_config"]));
                }
                return Ok(());
            }
            if origin.is_empty() && root.is_empty() {
                return Err(missing("DistributionConfig"));
            }
            let mut config = distribution_template(cloud);
            if let Some(domain) = origin.first() {
                let id = unique_string(domain, cloud);
                let mut item = json!({"Id": id, "DomainName": domain, "OriginPath": ""});
                if domain.ends_with(".s3.amazonaws.com") {
                    item["S3OriginConfig"] = json!({"OriginAccessIdentity": ""});
                } else {
                    item["CustomOriginConfig"] = json!({
                        "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "http-only"
                    });
                }
                config["Origins"] = json!({"Quantity": 1, "Items": [item]});
                config["DefaultCacheBehavior"]["TargetOriginId"] = json!(id);
            }
            if let Some(object) = root.first() {
                config["DefaultRootObject"] = json!(object);
            }
            params.insert("DistributionConfig".into(), config);
        }
        "update-distribution" => {
            if params.contains_key("DistributionConfig") {
                if !root.is_empty() {
                    return Err(exclusive("default_root_object", &["distribution_config"]));
                }
                return Ok(());
            }
            let Some(object) = root.first() else {
                return Err(missing("DistributionConfig"));
            };
            let id = params.get("Id").and_then(Value::as_str).unwrap_or_default();
            let current = cloud
                .get_distribution_config(
                    cloudlab_model::cloudfront::distributions::DistributionIdInput {
                        id: id.to_string(),
                    },
                )
                .map_err(CallError::service)?;
            let mut config = serde_json::to_value(&current.distribution_config)
                .map_err(|e| CallError::Other(e.to_string()))?;
            config["DefaultRootObject"] = json!(object);
            params.insert("DistributionConfig".into(), config);
            params.insert("IfMatch".into(), json!(current.etag));
        }
        "create-invalidation" => {
            let paths = custom_values(custom, "@paths");
            if params.contains_key("InvalidationBatch") {
                if !paths.is_empty() {
                    return Err(exclusive("paths", &["invalidation_batch"]));
                }
                return Ok(());
            }
            if paths.is_empty() {
                return Err(missing("InvalidationBatch"));
            }
            params.insert(
                "InvalidationBatch".into(),
                json!({
                    "CallerReference": unique_string("cli", cloud),
                    "Paths": {"Quantity": paths.len(), "Items": paths},
                }),
            );
        }
        _ => {}
    }
    Ok(())
}
