//! Cache policies: the managed ones AWS offers to every account
//! (`GetCachePolicy`, `ListCachePolicies`). The account's own policies are not
//! simulated; the legacy TTL settings of a cache behaviour do the same job.

use serde::{Deserialize, Serialize};

use super::errors::CloudFrontError;
use crate::cloud::Cloud;

/// A managed cache policy: its id, name, comment and TTLs (min, default, max).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ManagedPolicy {
    /// The policy id distributions name in `CachePolicyId`.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// AWS's description.
    pub comment: &'static str,
    /// MinTTL, DefaultTTL, MaxTTL in seconds.
    pub ttls: (i64, i64, i64),
}

/// The managed cache policies the lab knows.
pub const MANAGED_POLICIES: &[ManagedPolicy] = &[
    ManagedPolicy {
        id: "658327ea-f89d-4fab-a63d-7e88639e58f6",
        name: "Managed-CachingOptimized",
        comment: "Policy with caching enabled. Supports Gzip and Brotli compression.",
        ttls: (1, 86_400, 31_536_000),
    },
    ManagedPolicy {
        id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        name: "Managed-CachingDisabled",
        comment: "Policy with caching disabled",
        ttls: (0, 0, 0),
    },
    ManagedPolicy {
        id: "b2884449-e4de-46a7-ac36-70bc7f1ddd6d",
        name: "Managed-CachingOptimizedForUncompressedObjects",
        comment: "Default policy when compression is disabled",
        ttls: (1, 86_400, 31_536_000),
    },
];

/// The managed policy `id`.
pub fn managed_policy(id: &str) -> Option<&'static ManagedPolicy> {
    MANAGED_POLICIES.iter().find(|p| p.id == id)
}

/// `{"HeaderBehavior": "none"}` and its kin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Behavior {
    #[serde(flatten)]
    member: std::collections::BTreeMap<&'static str, &'static str>,
}

fn none(member: &'static str) -> Behavior {
    Behavior {
        member: [(member, "none")].into_iter().collect(),
    }
}

/// `ParametersInCacheKeyAndForwardedToOrigin`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheKeyParameters {
    /// Gzip in the cache key.
    pub enable_accept_encoding_gzip: bool,
    /// Brotli in the cache key.
    pub enable_accept_encoding_brotli: bool,
    /// No headers.
    pub headers_config: Behavior,
    /// No cookies.
    pub cookies_config: Behavior,
    /// No query strings.
    pub query_strings_config: Behavior,
}

/// `CachePolicyConfig`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CachePolicyConfig {
    /// AWS's description.
    pub comment: String,
    /// The name.
    pub name: String,
    /// Seconds an answer without caching headers is kept.
    #[serde(rename = "DefaultTTL")]
    pub default_ttl: i64,
    /// The longest.
    #[serde(rename = "MaxTTL")]
    pub max_ttl: i64,
    /// The shortest.
    #[serde(rename = "MinTTL")]
    pub min_ttl: i64,
    /// What makes up the cache key.
    pub parameters_in_cache_key_and_forwarded_to_origin: CacheKeyParameters,
}

/// `CachePolicy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CachePolicy {
    /// The id.
    pub id: String,
    /// When AWS last changed it.
    pub last_modified_time: String,
    /// Its settings.
    pub cache_policy_config: CachePolicyConfig,
}

impl ManagedPolicy {
    fn to_shape(self) -> CachePolicy {
        let caching = self.ttls.2 > 0;
        CachePolicy {
            id: self.id.into(),
            last_modified_time: "2020-10-21T20:15:18.545000+00:00".into(),
            cache_policy_config: CachePolicyConfig {
                comment: self.comment.into(),
                name: self.name.into(),
                default_ttl: self.ttls.1,
                max_ttl: self.ttls.2,
                min_ttl: self.ttls.0,
                parameters_in_cache_key_and_forwarded_to_origin: CacheKeyParameters {
                    enable_accept_encoding_gzip: caching && self.name.ends_with("Optimized"),
                    enable_accept_encoding_brotli: caching && self.name.ends_with("Optimized"),
                    headers_config: none("HeaderBehavior"),
                    cookies_config: none("CookieBehavior"),
                    query_strings_config: none("QueryStringBehavior"),
                },
            },
        }
    }
}

/// `GetCachePolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetCachePolicyInput {
    /// The policy id.
    pub id: String,
}

/// `GetCachePolicy` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCachePolicyOutput {
    /// The policy.
    pub cache_policy: CachePolicy,
    /// Its version.
    #[serde(rename = "ETag")]
    pub etag: String,
}

/// `ListCachePolicies` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListCachePoliciesInput {
    /// `managed` or `custom` (both when left out).
    #[serde(rename = "Type")]
    pub policy_type: Option<String>,
}

/// One entry of a `CachePolicyList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CachePolicySummary {
    /// `managed`.
    #[serde(rename = "Type")]
    pub policy_type: String,
    /// The policy.
    pub cache_policy: CachePolicy,
}

/// `CachePolicyList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CachePolicyList {
    /// At most this many.
    pub max_items: i64,
    /// How many.
    pub quantity: i64,
    /// The policies.
    pub items: Vec<CachePolicySummary>,
}

/// `ListCachePolicies` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCachePoliciesOutput {
    /// The list.
    pub cache_policy_list: CachePolicyList,
}

impl Cloud {
    /// `cloudfront get-cache-policy`.
    pub fn get_cache_policy(
        &mut self,
        input: GetCachePolicyInput,
    ) -> Result<GetCachePolicyOutput, CloudFrontError> {
        self.cloudfront_call("GetCachePolicy", "*".into(), |_| {
            let policy = managed_policy(&input.id).ok_or(CloudFrontError::NoSuchCachePolicy)?;
            Ok(GetCachePolicyOutput {
                cache_policy: policy.to_shape(),
                etag: "E23ZP02F085DFQ".into(),
            })
        })
    }

    /// `cloudfront list-cache-policies`.
    pub fn list_cache_policies(
        &mut self,
        input: ListCachePoliciesInput,
    ) -> Result<ListCachePoliciesOutput, CloudFrontError> {
        self.cloudfront_call("ListCachePolicies", "*".into(), |_| {
            let items: Vec<CachePolicySummary> = match input.policy_type.as_deref() {
                None | Some("managed") => MANAGED_POLICIES
                    .iter()
                    .map(|p| CachePolicySummary {
                        policy_type: "managed".into(),
                        cache_policy: p.to_shape(),
                    })
                    .collect(),
                Some("custom") => Vec::new(),
                Some(other) => {
                    return Err(CloudFrontError::InvalidArgument(format!(
                        "The value of Type is not valid: {other}. Valid values: managed, custom."
                    )));
                }
            };
            Ok(ListCachePoliciesOutput {
                cache_policy_list: CachePolicyList {
                    max_items: 100,
                    quantity: items.len() as i64,
                    items,
                },
            })
        })
    }
}
