//! A distribution in front of a bucket, end to end: misses, hits with their
//! age, stale copies until the TTL or an invalidation, refresh hits, the HTTPS
//! redirect, and origin access control keeping the bucket private.

use std::time::Duration;

use super::config::{
    CacheBehavior, CustomOriginConfig, ForwardedValues, Items, Origin, S3OriginConfig,
};
use super::distributions::{
    CreateDistributionInput, DeleteDistributionInput, UpdateDistributionInput,
};
use super::edge::edge_location;
use super::invalidations::{CreateInvalidationInput, InvalidationBatch};
use super::origin_access::{CreateOriginAccessControlInput, OriginAccessControlConfig};
use super::*;
use crate::ec2::http::HttpResponse;
use crate::s3::access::{
    PublicAccessBlockConfiguration, PutBucketPolicyInput, PutPublicAccessBlockInput,
};
use crate::s3::objects::PutObjectInput;
use crate::s3::test_bucket::lab_with_bucket;
use crate::s3::website::{
    IndexDocument, PutBucketWebsiteInput, WebsiteConfiguration, website_host,
};

const BUCKET: &str = "lab-site";

fn put(cloud: &mut Cloud, key: &str, body: &str, cache_control: Option<&str>) {
    cloud
        .put_object(PutObjectInput {
            bucket: BUCKET.into(),
            key: key.into(),
            body: Some(body.into()),
            content_type: Some("text/html".into()),
            cache_control: cache_control.map(str::to_string),
            ..Default::default()
        })
        .unwrap();
}

fn policy(cloud: &mut Cloud, statement: &str) {
    cloud
        .put_bucket_policy(PutBucketPolicyInput {
            bucket: BUCKET.into(),
            policy: format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#),
        })
        .unwrap();
}

/// A public website bucket with `index.html`.
fn public_site() -> Cloud {
    let mut cloud = lab_with_bucket(BUCKET);
    put(&mut cloud, "index.html", "<h1>v1</h1>", None);
    cloud
        .put_bucket_website(PutBucketWebsiteInput {
            bucket: BUCKET.into(),
            website_configuration: WebsiteConfiguration {
                index_document: Some(IndexDocument {
                    suffix: "index.html".into(),
                }),
                ..Default::default()
            },
        })
        .unwrap();
    cloud
        .put_public_access_block(PutPublicAccessBlockInput {
            bucket: BUCKET.into(),
            public_access_block_configuration: PublicAccessBlockConfiguration {
                block_public_acls: Some(true),
                ignore_public_acls: Some(true),
                block_public_policy: Some(false),
                restrict_public_buckets: Some(false),
            },
        })
        .unwrap();
    policy(
        &mut cloud,
        r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::lab-site/*"}"#,
    );
    cloud
}

fn config(origin: Origin) -> DistributionConfig {
    DistributionConfig {
        caller_reference: "lab".into(),
        default_root_object: "index.html".into(),
        default_cache_behavior: CacheBehavior {
            target_origin_id: origin.id.clone(),
            viewer_protocol_policy: "allow-all".into(),
            forwarded_values: Some(ForwardedValues::default()),
            min_ttl: Some(0),
            ..Default::default()
        },
        origins: Items::of(vec![origin]),
        enabled: true,
        ..Default::default()
    }
}

fn website_origin(cloud: &Cloud) -> Origin {
    Origin {
        id: "site".into(),
        domain_name: website_host(BUCKET, cloud.region().code),
        custom_origin_config: Some(CustomOriginConfig {
            origin_protocol_policy: "http-only".into(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn get(cloud: &mut Cloud, city: &str, url: &str) -> HttpResponse {
    let edge = edge_location(city).unwrap();
    let (scheme, rest) = url.split_once("://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    cloud
        .cloudfront_get(edge, scheme == "https", host, path)
        .unwrap()
        .unwrap()
}

fn header<'a>(response: &'a HttpResponse, name: &str) -> Option<&'a str> {
    response
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn create(cloud: &mut Cloud, config: DistributionConfig) -> (String, String) {
    let out = cloud
        .create_distribution(CreateDistributionInput {
            distribution_config: config,
        })
        .unwrap();
    assert_eq!(out.distribution.status, "InProgress");
    (out.distribution.id, out.distribution.domain_name)
}

#[test]
fn edges_cache_on_the_clock_until_the_ttl_or_an_invalidation() {
    let mut cloud = public_site();
    let origin = website_origin(&cloud);
    let (id, host) = create(&mut cloud, config(origin));
    assert!(host.starts_with('d') && host.ends_with(".cloudfront.net"));
    assert!(id.starts_with('E') && id.len() == 14);
    cloud.advance(DEPLOY_TIME);
    assert!(cloud.distribution(&id).unwrap().is_deployed());

    let url = format!("https://{host}/");
    let first = get(&mut cloud, "seoul", &url);
    assert_eq!((first.status, first.body.as_str()), (200, "<h1>v1</h1>"));
    assert_eq!(header(&first, "X-Cache"), Some("Miss from cloudfront"));
    assert_eq!(header(&first, "X-Amz-Cf-Pop"), Some("ICN57-P1"));
    cloud.advance(Duration::from_secs(30));
    let second = get(&mut cloud, "seoul", &url);
    assert_eq!(header(&second, "X-Cache"), Some("Hit from cloudfront"));
    assert_eq!(header(&second, "Age"), Some("30"));
    // Each edge keeps its own cache.
    let tokyo = get(&mut cloud, "tokyo", &url);
    assert_eq!(header(&tokyo, "X-Cache"), Some("Miss from cloudfront"));

    // A new version at the origin: the edges keep the old one for the default day.
    put(&mut cloud, "index.html", "<h1>v2</h1>", None);
    cloud.advance(Duration::from_secs(3600));
    let stale = get(&mut cloud, "seoul", &url);
    assert_eq!(stale.body, "<h1>v1</h1>");
    assert_eq!(header(&stale, "Age"), Some("3630"));

    // An invalidation removes the copy everywhere.
    let out = cloud
        .create_invalidation(CreateInvalidationInput {
            distribution_id: id.clone(),
            invalidation_batch: InvalidationBatch {
                paths: Items::of(vec!["/index.html".into()]),
                caller_reference: "fix".into(),
            },
        })
        .unwrap();
    assert_eq!(out.invalidation.status, "InProgress");
    let fresh = get(&mut cloud, "seoul", &url);
    assert_eq!(fresh.body, "<h1>v2</h1>");
    assert_eq!(header(&fresh, "X-Cache"), Some("Miss from cloudfront"));
    cloud.advance(INVALIDATION_TIME);
    assert_eq!(
        cloud.distribution(&id).unwrap().invalidations[0].status,
        "Completed"
    );

    // Invalidating `/` removes what `/` was cached as (the default root object).
    get(&mut cloud, "tokyo", &url);
    cloud
        .create_invalidation(CreateInvalidationInput {
            distribution_id: id.clone(),
            invalidation_batch: InvalidationBatch {
                paths: Items::of(vec!["/".into()]),
                caller_reference: "root".into(),
            },
        })
        .unwrap();
    let tokyo = get(&mut cloud, "tokyo", &url);
    assert_eq!(header(&tokyo, "X-Cache"), Some("Miss from cloudfront"));
    get(&mut cloud, "seoul", &url);

    // After the TTL, an unchanged object is revalidated: a refresh hit.
    cloud.advance(Duration::from_secs(86_400));
    let refreshed = get(&mut cloud, "seoul", &url);
    assert_eq!(
        header(&refreshed, "X-Cache"),
        Some("RefreshHit from cloudfront")
    );
    assert_eq!(refreshed.body, "<h1>v2</h1>");
}

#[test]
fn the_origin_s_cache_control_sets_the_ttl_within_min_and_max() {
    let mut cloud = public_site();
    put(&mut cloud, "index.html", "<h1>v1</h1>", Some("max-age=60"));
    let origin = website_origin(&cloud);
    let (_, host) = create(&mut cloud, config(origin));
    let url = format!("https://{host}/index.html");
    get(&mut cloud, "seoul", &url);
    put(&mut cloud, "index.html", "<h1>v2</h1>", Some("max-age=60"));
    cloud.advance(Duration::from_secs(59));
    assert_eq!(get(&mut cloud, "seoul", &url).body, "<h1>v1</h1>");
    cloud.advance(Duration::from_secs(1));
    let updated = get(&mut cloud, "seoul", &url);
    assert_eq!(updated.body, "<h1>v2</h1>");
    assert_eq!(header(&updated, "Cache-Control"), Some("max-age=60"));
}

#[test]
fn http_is_redirected_and_the_website_origin_answers_http_only() {
    let mut cloud = public_site();
    let mut origin = website_origin(&cloud);
    let mut settings = config(origin.clone());
    settings.default_cache_behavior.viewer_protocol_policy = "redirect-to-https".into();
    let (id, host) = create(&mut cloud, settings.clone());
    let redirect = get(&mut cloud, "seoul", &format!("http://{host}/a.html"));
    assert_eq!(redirect.status, 301);
    assert_eq!(
        header(&redirect, "Location"),
        Some(format!("https://{host}/a.html").as_str())
    );
    assert_eq!(
        header(&redirect, "X-Cache"),
        Some("Redirect from cloudfront")
    );

    // An S3 website endpoint speaks HTTP only: https-only towards it is a 502.
    origin.custom_origin_config = Some(CustomOriginConfig {
        origin_protocol_policy: "https-only".into(),
        ..Default::default()
    });
    settings.origins = Items::of(vec![origin]);
    let etag = cloud.distribution(&id).unwrap().etag.clone();
    cloud
        .update_distribution(UpdateDistributionInput {
            distribution_config: settings,
            id: id.clone(),
            if_match: Some(etag),
        })
        .unwrap();
    let bad = get(&mut cloud, "seoul", &format!("https://{host}/"));
    assert_eq!(bad.status, 502);
    assert_eq!(header(&bad, "X-Cache"), Some("Error from cloudfront"));
}

#[test]
fn origin_access_control_lets_only_the_distribution_read_a_private_bucket() {
    let mut cloud = lab_with_bucket(BUCKET);
    put(&mut cloud, "index.html", "<h1>private</h1>", None);
    let oac = cloud
        .create_origin_access_control(CreateOriginAccessControlInput {
            origin_access_control_config: OriginAccessControlConfig {
                name: "lab-oac".into(),
                signing_protocol: "sigv4".into(),
                signing_behavior: "always".into(),
                origin_access_control_origin_type: "s3".into(),
                ..Default::default()
            },
        })
        .unwrap()
        .origin_access_control
        .id;
    let rest_host = format!("{BUCKET}.s3.ap-northeast-2.amazonaws.com");
    let origin = Origin {
        id: "s3".into(),
        domain_name: rest_host.clone(),
        s3_origin_config: Some(S3OriginConfig::default()),
        origin_access_control_id: oac.clone(),
        ..Default::default()
    };
    let (id, host) = create(&mut cloud, config(origin));
    let url = format!("https://{host}/");
    let denied = get(&mut cloud, "seoul", &url);
    assert_eq!(denied.status, 403);
    assert_eq!(header(&denied, "X-Cache"), Some("Error from cloudfront"));
    // Errors are kept for ten seconds.
    let arn = cloud.distribution(&id).unwrap().arn.clone();
    policy(
        &mut cloud,
        &format!(
            r#"{{"Effect":"Allow","Principal":{{"Service":"cloudfront.amazonaws.com"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::lab-site/*","Condition":{{"StringEquals":{{"AWS:SourceArn":"{arn}"}}}}}}"#
        ),
    );
    assert_eq!(get(&mut cloud, "seoul", &url).status, 403);
    cloud.advance(Duration::from_secs(10));
    let page = get(&mut cloud, "seoul", &url);
    assert_eq!((page.status, page.body.as_str()), (200, "<h1>private</h1>"));
    // The bucket itself still refuses everyone else.
    assert_eq!(
        cloud.s3_rest_get(&rest_host, "/index.html").unwrap().status,
        403
    );
    // The control cannot go while the distribution uses it.
    let etag = cloud.origin_access_control(&oac).unwrap().etag.clone();
    let in_use = cloud
        .delete_origin_access_control(origin_access::OriginAccessControlIdInput {
            id: oac,
            if_match: Some(etag),
        })
        .unwrap_err();
    assert_eq!(in_use.code(), "OriginAccessControlInUse");
}

#[test]
fn configurations_are_checked_as_cloudfront_does() {
    let mut cloud = public_site();
    let origin = website_origin(&cloud);
    let mut bad_ttl = config(origin.clone());
    bad_ttl.default_cache_behavior.default_ttl = Some(10);
    bad_ttl.default_cache_behavior.max_ttl = Some(5);
    let err = cloud
        .create_distribution(CreateDistributionInput {
            distribution_config: bad_ttl,
        })
        .unwrap_err();
    assert_eq!(err.code(), "InvalidTTLOrder");
    let mut wrong_target = config(origin.clone());
    wrong_target.default_cache_behavior.target_origin_id = "nope".into();
    let err = cloud
        .create_distribution(CreateDistributionInput {
            distribution_config: wrong_target,
        })
        .unwrap_err();
    assert_eq!(err.code(), "NoSuchOrigin");
    let mut counted = config(origin.clone());
    counted.origins.quantity = 2;
    let err = cloud
        .create_distribution(CreateDistributionInput {
            distribution_config: counted,
        })
        .unwrap_err();
    assert_eq!(err.code(), "InconsistentQuantities");

    let (id, _) = create(&mut cloud, config(origin.clone()));
    let etag = cloud.distribution(&id).unwrap().etag.clone();
    let err = cloud
        .delete_distribution(DeleteDistributionInput {
            id: id.clone(),
            if_match: None,
        })
        .unwrap_err();
    assert_eq!(err.code(), "InvalidIfMatchVersion");
    let err = cloud
        .delete_distribution(DeleteDistributionInput {
            id: id.clone(),
            if_match: Some(etag.clone()),
        })
        .unwrap_err();
    assert_eq!(err.code(), "DistributionNotDisabled");
    let mut disabled = config(origin);
    disabled.enabled = false;
    let err = cloud
        .update_distribution(UpdateDistributionInput {
            distribution_config: disabled.clone(),
            id: id.clone(),
            if_match: Some("E0000000000000".into()),
        })
        .unwrap_err();
    assert_eq!(err.code(), "PreconditionFailed");
    let etag = cloud
        .update_distribution(UpdateDistributionInput {
            distribution_config: disabled,
            id: id.clone(),
            if_match: Some(etag),
        })
        .unwrap()
        .etag;
    cloud.advance(DEPLOY_TIME);
    cloud
        .delete_distribution(DeleteDistributionInput {
            id: id.clone(),
            if_match: Some(etag),
        })
        .unwrap();
    assert!(cloud.distribution(&id).is_none());
}
