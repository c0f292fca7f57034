//! Amazon CloudFront: distributions in front of an origin (a bucket's REST
//! endpoint with origin access control, an S3 website endpoint, a load balancer),
//! cache behaviours with TTLs, managed cache policies, invalidations, and edge
//! locations in several cities that each keep their own cache on the simulated
//! clock: hits, misses, refresh hits and stale content, told by `X-Cache` and `Age`.
//!
//! CloudFront is global: its state lives with the account, not a region.
//! Configuration changes reach every edge at once (AWS rolls them out over a few
//! minutes, which `Status: InProgress` shows). Not simulated: alternate domain
//! names and certificates, signed URLs, functions, origin groups, custom error
//! pages, logging, WAF, geographic restrictions, regional edge caches, and the
//! bill (the always-free tier covers 1 TB and 10 million requests a month).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::cloud::Cloud;

pub mod cache_policies;
pub mod config;
pub mod distributions;
pub mod edge;
pub mod errors;
#[cfg(test)]
mod flow_tests;
pub mod invalidations;
pub mod origin_access;

pub use config::DistributionConfig;
pub use edge::{EDGE_LOCATIONS, EdgeLocation};
pub use errors::CloudFrontError;
pub use invalidations::Invalidation;
pub use origin_access::OriginAccessControl;

/// How long a new or changed distribution stays `InProgress`.
pub const DEPLOY_TIME: Duration = Duration::from_secs(4 * 60);
/// How long an invalidation stays `InProgress`.
pub const INVALIDATION_TIME: Duration = Duration::from_secs(60);

/// Everything CloudFront keeps for the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CloudFrontState {
    /// Distributions, oldest first.
    pub(crate) distributions: Vec<Distribution>,
    /// Origin access controls.
    #[serde(default)]
    pub(crate) origin_access_controls: Vec<OriginAccessControl>,
}

/// A distribution and what its edges hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// `E` and 13 letters or digits.
    pub id: String,
    /// `arn:aws:cloudfront::ACCOUNT:distribution/ID`.
    pub arn: String,
    /// `d` and 13 letters or digits, `.cloudfront.net`.
    pub domain_name: String,
    /// `InProgress` or `Deployed`.
    pub status: String,
    /// When the last change is deployed everywhere (`None` once it is).
    pub deploying_until: Option<SimTime>,
    /// When it last changed.
    pub last_modified: SimTime,
    /// The version `--if-match` must name to change or delete it.
    pub etag: String,
    /// Its configuration.
    pub config: DistributionConfig,
    /// Its invalidations, newest first.
    pub invalidations: Vec<Invalidation>,
    /// What each edge location keeps, by location code, then cache key.
    pub edges: BTreeMap<String, BTreeMap<String, edge::CachedObject>>,
}

impl Distribution {
    /// The cache key of `/`: the default root object's path, or `/`.
    pub fn root_cache_key(&self) -> String {
        if self.config.default_root_object.is_empty() {
            "/".into()
        } else {
            format!("/{}", self.config.default_root_object)
        }
    }

    /// Whether every edge has the last change.
    pub fn is_deployed(&self) -> bool {
        self.status == "Deployed"
    }
}

/// Checks `--if-match` against the resource's current ETag.
pub(crate) fn check_if_match(given: &Option<String>, current: &str) -> Result<(), CloudFrontError> {
    match given {
        None => Err(CloudFrontError::InvalidIfMatchVersion),
        Some(tag) if tag != current => Err(CloudFrontError::PreconditionFailed),
        Some(_) => Ok(()),
    }
}

/// The bucket a REST endpoint host names (`BUCKET.s3.amazonaws.com`,
/// `BUCKET.s3.REGION.amazonaws.com`), if it is one.
pub fn bucket_of_rest_host(host: &str) -> Option<&str> {
    let rest = host.strip_suffix(".amazonaws.com")?;
    let (bucket, service) = rest
        .split_once(".s3.")
        .or_else(|| rest.strip_suffix(".s3").map(|b| (b, "")))?;
    (!bucket.is_empty() && !service.starts_with("website")).then_some(bucket)
}

impl Cloud {
    /// Runs a CloudFront operation after deciding `cloudfront:OPERATION` on
    /// `resource` (`*` or an ARN) with the caller's policies.
    pub(crate) fn cloudfront_call<T>(
        &mut self,
        operation: &str,
        resource: String,
        body: impl FnOnce(&mut Cloud) -> Result<T, CloudFrontError>,
    ) -> Result<T, CloudFrontError> {
        let action = format!("cloudfront:{operation}");
        self.service_call(
            "cloudfront",
            operation,
            |_, _| Some((action, resource, Default::default())),
            body,
        )
    }

    /// The ARN of distribution `id`.
    pub(crate) fn distribution_arn(&self, id: &str) -> String {
        format!(
            "arn:aws:cloudfront::{}:distribution/{id}",
            self.config.account_id
        )
    }

    /// The account's distributions, oldest first.
    pub fn distributions(&self) -> &[Distribution] {
        &self.cloudfront.distributions
    }

    /// The distribution `id`.
    pub fn distribution(&self, id: &str) -> Option<&Distribution> {
        self.cloudfront.distributions.iter().find(|d| d.id == id)
    }

    pub(crate) fn distribution_mut(&mut self, id: &str) -> Option<&mut Distribution> {
        self.cloudfront
            .distributions
            .iter_mut()
            .find(|d| d.id == id)
    }

    /// The distribution whose `*.cloudfront.net` name is `host`.
    pub fn distribution_by_domain(&self, host: &str) -> Option<&Distribution> {
        let host = host.to_ascii_lowercase();
        self.cloudfront
            .distributions
            .iter()
            .find(|d| d.domain_name == host)
    }

    /// The bucket an origin host names: a REST endpoint's, or the account's
    /// bucket behind a website endpoint.
    pub fn origin_bucket(&self, host: &str) -> Option<String> {
        bucket_of_rest_host(host)
            .map(str::to_string)
            .or_else(|| self.bucket_for_website_host(host).map(|b| b.name.clone()))
    }

    /// The newest distribution with an origin in a bucket named `prefix...`
    /// (the one a learner made last, if they made several).
    pub fn distribution_for_bucket(&self, prefix: &str) -> Option<&Distribution> {
        self.cloudfront.distributions.iter().rev().find(|d| {
            d.config.origins.items.iter().any(|o| {
                self.origin_bucket(&o.domain_name)
                    .is_some_and(|b| b.starts_with(prefix))
            })
        })
    }

    /// The account's origin access controls.
    pub fn origin_access_controls(&self) -> &[OriginAccessControl] {
        &self.cloudfront.origin_access_controls
    }

    /// A new CloudFront id: `E` and 13 capital letters or digits.
    pub(crate) fn cloudfront_id(&mut self) -> String {
        let tail = self
            .service_rng("cloudfront")
            .chars(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 13);
        format!("E{tail}")
    }

    /// When CloudFront's next change of state is due: a deployment or an
    /// invalidation finishing.
    pub(crate) fn cloudfront_next_transition_at(&self) -> Option<SimTime> {
        self.cloudfront
            .distributions
            .iter()
            .flat_map(|d| {
                d.deploying_until.into_iter().chain(
                    d.invalidations
                        .iter()
                        .filter(|i| i.status == "InProgress")
                        .map(|i| i.create_time.plus(INVALIDATION_TIME)),
                )
            })
            .min()
    }

    /// Finishes the deployments and invalidations that are due.
    pub(crate) fn cloudfront_apply_due_transitions(&mut self) {
        let now = self.now;
        for distribution in &mut self.cloudfront.distributions {
            if distribution.deploying_until.is_some_and(|due| due <= now) {
                distribution.deploying_until = None;
                distribution.status = "Deployed".into();
            }
            for invalidation in &mut distribution.invalidations {
                if invalidation.status == "InProgress"
                    && invalidation.create_time.plus(INVALIDATION_TIME) <= now
                {
                    invalidation.status = "Completed".into();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_hosts_name_their_bucket_and_website_hosts_do_not() {
        assert_eq!(bucket_of_rest_host("site.s3.amazonaws.com"), Some("site"));
        assert_eq!(
            bucket_of_rest_host("site.s3.ap-northeast-2.amazonaws.com"),
            Some("site")
        );
        assert_eq!(
            bucket_of_rest_host("site.s3-website.ap-northeast-2.amazonaws.com"),
            None
        );
        assert_eq!(
            bucket_of_rest_host("site.s3-website-us-east-1.amazonaws.com"),
            None
        );
        assert_eq!(bucket_of_rest_host("example.com"), None);
    }
}
