//! Distributions: `CreateDistribution` (also the CLI's `--origin-domain-name`
//! form), `GetDistribution`, `GetDistributionConfig`, `UpdateDistribution` and
//! `DeleteDistribution` with CloudFront's ETag versions (`--if-match`), and
//! `ListDistributions`. A change is `InProgress` for a few minutes on the clock,
//! then `Deployed`; a distribution is deleted only once disabled and deployed.

use serde::{Deserialize, Serialize};

use super::config::{DistributionConfig, Items, Origin, SignerList};
use super::errors::CloudFrontError;
use super::{DEPLOY_TIME, Distribution, check_if_match};
use crate::cloud::Cloud;

/// `CreateDistribution` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateDistributionInput {
    /// The configuration.
    pub distribution_config: DistributionConfig,
}

/// `Distribution`, as the API returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionShape {
    /// Its id.
    pub id: String,
    /// Its ARN.
    #[serde(rename = "ARN")]
    pub arn: String,
    /// `InProgress` or `Deployed`.
    pub status: String,
    /// When it last changed.
    pub last_modified_time: String,
    /// Invalidations still running.
    pub in_progress_invalidation_batches: i64,
    /// `dXXXXXXXXXXXXX.cloudfront.net`.
    pub domain_name: String,
    /// No signed URLs.
    pub active_trusted_signers: SignerList,
    /// No signed URLs.
    pub active_trusted_key_groups: SignerList,
    /// Its configuration.
    pub distribution_config: DistributionConfig,
}

/// `CreateDistribution` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateDistributionOutput {
    /// Where it lives in the API.
    pub location: String,
    /// Its version.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// The distribution.
    pub distribution: DistributionShape,
}

/// `GetDistribution` and `GetDistributionConfig` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DistributionIdInput {
    /// The distribution's id.
    pub id: String,
}

/// `GetDistribution` and `UpdateDistribution` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDistributionOutput {
    /// Its version.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// The distribution.
    pub distribution: DistributionShape,
}

/// `GetDistributionConfig` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDistributionConfigOutput {
    /// Its version: pass it to `update-distribution --if-match`.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// The configuration.
    pub distribution_config: DistributionConfig,
}

/// `UpdateDistribution` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateDistributionInput {
    /// The whole new configuration.
    pub distribution_config: DistributionConfig,
    /// The distribution's id.
    pub id: String,
    /// The ETag of the configuration this one replaces.
    pub if_match: Option<String>,
}

/// `DeleteDistribution` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteDistributionInput {
    /// The distribution's id.
    pub id: String,
    /// Its current ETag.
    pub if_match: Option<String>,
}

/// One entry of `DistributionList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionSummary {
    /// Its id.
    pub id: String,
    /// Its ARN.
    #[serde(rename = "ARN")]
    pub arn: String,
    /// Its version.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// `InProgress` or `Deployed`.
    pub status: String,
    /// When it last changed.
    pub last_modified_time: String,
    /// Its `*.cloudfront.net` name.
    pub domain_name: String,
    /// Alternate names.
    pub aliases: Items<String>,
    /// Its origins.
    pub origins: Items<Origin>,
    /// Its default behaviour.
    pub default_cache_behavior: super::config::CacheBehavior,
    /// Its path behaviours.
    pub cache_behaviors: Items<super::config::CacheBehavior>,
    /// Its note.
    pub comment: String,
    /// Its price class.
    pub price_class: String,
    /// Whether it answers.
    pub enabled: bool,
    /// Its certificate.
    pub viewer_certificate: super::config::ViewerCertificate,
    /// `http2`.
    pub http_version: String,
    /// IPv6.
    #[serde(rename = "IsIPV6Enabled")]
    pub is_ipv6_enabled: bool,
    /// Not simulated.
    pub staging: bool,
}

/// `DistributionList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionList {
    /// Where this page starts.
    pub marker: String,
    /// At most this many.
    pub max_items: i64,
    /// Whether more follow.
    pub is_truncated: bool,
    /// How many.
    pub quantity: i64,
    /// The distributions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<DistributionSummary>,
}

/// `ListDistributions` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDistributionsOutput {
    /// The list.
    pub distribution_list: DistributionList,
}

impl Distribution {
    /// The API's shape of this distribution.
    pub fn shape(&self) -> DistributionShape {
        DistributionShape {
            id: self.id.clone(),
            arn: self.arn.clone(),
            status: self.status.clone(),
            last_modified_time: self.last_modified.to_iso8601_millis(),
            in_progress_invalidation_batches: self
                .invalidations
                .iter()
                .filter(|i| i.status == "InProgress")
                .count() as i64,
            domain_name: self.domain_name.clone(),
            active_trusted_signers: SignerList::default(),
            active_trusted_key_groups: SignerList::default(),
            distribution_config: self.config.clone(),
        }
    }

    fn summary(&self) -> DistributionSummary {
        let c = &self.config;
        DistributionSummary {
            id: self.id.clone(),
            arn: self.arn.clone(),
            etag: self.etag.clone(),
            status: self.status.clone(),
            last_modified_time: self.last_modified.to_iso8601_millis(),
            domain_name: self.domain_name.clone(),
            aliases: c.aliases.clone(),
            origins: c.origins.clone(),
            default_cache_behavior: c.default_cache_behavior.clone(),
            cache_behaviors: c.cache_behaviors.clone(),
            comment: c.comment.clone(),
            price_class: c.price_class.clone(),
            enabled: c.enabled,
            viewer_certificate: c.viewer_certificate.clone(),
            http_version: c.http_version.clone(),
            is_ipv6_enabled: c.is_ipv6_enabled,
            staging: c.staging,
        }
    }
}

impl Cloud {
    /// Checks `config` against the account's origin access controls and cache
    /// policies, filling in CloudFront's defaults.
    fn checked_config(
        &self,
        mut config: DistributionConfig,
    ) -> Result<DistributionConfig, CloudFrontError> {
        config.normalize(
            |id| self.origin_access_control(id).is_some(),
            |id| super::cache_policies::managed_policy(id).is_some(),
        )?;
        Ok(config)
    }

    fn new_domain_name(&mut self) -> String {
        let tail = self
            .service_rng("cloudfront")
            .chars(b"abcdefghijklmnopqrstuvwxyz0123456789", 13);
        format!("d{tail}.cloudfront.net")
    }

    /// `cloudfront create-distribution`.
    pub fn create_distribution(
        &mut self,
        input: CreateDistributionInput,
    ) -> Result<CreateDistributionOutput, CloudFrontError> {
        self.cloudfront_call("CreateDistribution", "*".into(), |c| {
            let config = c.checked_config(input.distribution_config)?;
            if let Some(existing) = c
                .cloudfront
                .distributions
                .iter()
                .find(|d| d.config.caller_reference == config.caller_reference)
            {
                if existing.config != config {
                    return Err(CloudFrontError::DistributionAlreadyExists(
                        existing.id.clone(),
                    ));
                }
                return Ok(CreateDistributionOutput {
                    location: location(&existing.id),
                    etag: existing.etag.clone(),
                    distribution: existing.shape(),
                });
            }
            let id = c.cloudfront_id();
            let etag = c.cloudfront_id();
            let domain_name = c.new_domain_name();
            let distribution = Distribution {
                arn: c.distribution_arn(&id),
                id: id.clone(),
                domain_name,
                status: "InProgress".into(),
                deploying_until: Some(c.now.plus(DEPLOY_TIME)),
                last_modified: c.now,
                etag: etag.clone(),
                config,
                invalidations: Vec::new(),
                edges: Default::default(),
            };
            let shape = distribution.shape();
            c.cloudfront.distributions.push(distribution);
            Ok(CreateDistributionOutput {
                location: location(&id),
                etag,
                distribution: shape,
            })
        })
    }

    /// `cloudfront get-distribution`.
    pub fn get_distribution(
        &mut self,
        input: DistributionIdInput,
    ) -> Result<GetDistributionOutput, CloudFrontError> {
        let arn = self.distribution_arn(&input.id);
        self.cloudfront_call("GetDistribution", arn, |c| {
            let d = c
                .distribution(&input.id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            Ok(GetDistributionOutput {
                etag: d.etag.clone(),
                distribution: d.shape(),
            })
        })
    }

    /// `cloudfront get-distribution-config`.
    pub fn get_distribution_config(
        &mut self,
        input: DistributionIdInput,
    ) -> Result<GetDistributionConfigOutput, CloudFrontError> {
        let arn = self.distribution_arn(&input.id);
        self.cloudfront_call("GetDistributionConfig", arn, |c| {
            let d = c
                .distribution(&input.id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            Ok(GetDistributionConfigOutput {
                etag: d.etag.clone(),
                distribution_config: d.config.clone(),
            })
        })
    }

    /// `cloudfront update-distribution`: the whole configuration, replacing the
    /// version `--if-match` names. Cached copies stay at the edges until their
    /// TTL runs out or an invalidation removes them.
    pub fn update_distribution(
        &mut self,
        input: UpdateDistributionInput,
    ) -> Result<GetDistributionOutput, CloudFrontError> {
        let arn = self.distribution_arn(&input.id);
        self.cloudfront_call("UpdateDistribution", arn, |c| {
            let current = c
                .distribution(&input.id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            check_if_match(&input.if_match, &current.etag)?;
            if input.distribution_config.caller_reference != current.config.caller_reference {
                return Err(CloudFrontError::IllegalUpdate);
            }
            let config = c.checked_config(input.distribution_config)?;
            let etag = c.cloudfront_id();
            let now = c.now;
            let d = c
                .distribution_mut(&input.id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            d.config = config;
            d.etag = etag.clone();
            d.last_modified = now;
            d.status = "InProgress".into();
            d.deploying_until = Some(now.plus(DEPLOY_TIME));
            Ok(GetDistributionOutput {
                etag,
                distribution: d.shape(),
            })
        })
    }

    /// `cloudfront delete-distribution`: only a disabled, deployed distribution.
    pub fn delete_distribution(
        &mut self,
        input: DeleteDistributionInput,
    ) -> Result<(), CloudFrontError> {
        let arn = self.distribution_arn(&input.id);
        self.cloudfront_call("DeleteDistribution", arn, |c| {
            let d = c
                .distribution(&input.id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            check_if_match(&input.if_match, &d.etag)?;
            if d.config.enabled || !d.is_deployed() {
                return Err(CloudFrontError::DistributionNotDisabled);
            }
            c.cloudfront.distributions.retain(|d| d.id != input.id);
            Ok(())
        })
    }

    /// `cloudfront list-distributions`.
    pub fn list_distributions(&mut self) -> Result<ListDistributionsOutput, CloudFrontError> {
        self.cloudfront_call("ListDistributions", "*".into(), |c| {
            let items: Vec<DistributionSummary> = c
                .cloudfront
                .distributions
                .iter()
                .map(Distribution::summary)
                .collect();
            Ok(ListDistributionsOutput {
                distribution_list: DistributionList {
                    marker: String::new(),
                    max_items: 100,
                    is_truncated: false,
                    quantity: items.len() as i64,
                    items,
                },
            })
        })
    }
}

fn location(id: &str) -> String {
    format!("https://cloudfront.amazonaws.com/2020-05-31/distribution/{id}")
}
