//! Invalidations: remove paths from every edge's cache before their TTL runs
//! out (`/index.html`, `/images/*`, `/*`). Edges drop the copies at once; the
//! invalidation is `InProgress` for a minute on the clock, then `Completed`.

use serde::{Deserialize, Serialize};

use super::config::{Items, path_matches};
use super::errors::CloudFrontError;
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// At most this many wildcard paths may be in progress per distribution.
pub const MAX_WILDCARDS_IN_PROGRESS: usize = 15;

/// `InvalidationBatch`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InvalidationBatch {
    /// The paths.
    pub paths: Items<String>,
    /// A unique string: the same one twice returns the first invalidation.
    pub caller_reference: String,
}

/// An invalidation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalidation {
    /// `I` and 13 capital letters or digits.
    pub id: String,
    /// `InProgress` or `Completed`.
    pub status: String,
    /// When it was made.
    pub create_time: SimTime,
    /// What it removes.
    pub batch: InvalidationBatch,
}

/// `Invalidation`, as the API returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvalidationShape {
    /// Its id.
    pub id: String,
    /// `InProgress` or `Completed`.
    pub status: String,
    /// When it was made.
    pub create_time: String,
    /// What it removes.
    pub invalidation_batch: InvalidationBatch,
}

impl Invalidation {
    /// The API's shape.
    pub fn shape(&self) -> InvalidationShape {
        InvalidationShape {
            id: self.id.clone(),
            status: self.status.clone(),
            create_time: self.create_time.to_iso8601_millis(),
            invalidation_batch: self.batch.clone(),
        }
    }

    /// Whether it removes what the edges keep for `/`, whose cache key is
    /// `root_key` (the default root object's path): `/` names it too.
    pub fn covers_root(&self, root_key: &str) -> bool {
        self.covers(root_key) || self.covers("/")
    }

    /// Whether it removes cache key `key` (a path, with its query if any).
    pub fn covers(&self, key: &str) -> bool {
        let path = key.split('?').next().unwrap_or(key);
        self.batch.paths.items.iter().any(|p| {
            if p.ends_with('*') {
                path_matches(p, path)
            } else {
                p == path || p == key
            }
        })
    }
}

/// `CreateInvalidation` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateInvalidationInput {
    /// The distribution.
    pub distribution_id: String,
    /// The paths.
    pub invalidation_batch: InvalidationBatch,
}

/// `CreateInvalidation` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInvalidationOutput {
    /// Where it lives in the API.
    pub location: String,
    /// The invalidation.
    pub invalidation: InvalidationShape,
}

/// `GetInvalidation` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetInvalidationInput {
    /// The distribution.
    pub distribution_id: String,
    /// The invalidation.
    pub id: String,
}

/// `GetInvalidation` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetInvalidationOutput {
    /// The invalidation.
    pub invalidation: InvalidationShape,
}

/// `ListInvalidations` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListInvalidationsInput {
    /// The distribution.
    pub distribution_id: String,
}

/// One entry of `InvalidationList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvalidationSummary {
    /// Its id.
    pub id: String,
    /// When it was made.
    pub create_time: String,
    /// `InProgress` or `Completed`.
    pub status: String,
}

/// `InvalidationList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvalidationList {
    /// Where this page starts.
    pub marker: String,
    /// At most this many.
    pub max_items: i64,
    /// Whether more follow.
    pub is_truncated: bool,
    /// How many.
    pub quantity: i64,
    /// Newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<InvalidationSummary>,
}

/// `ListInvalidations` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInvalidationsOutput {
    /// The list.
    pub invalidation_list: InvalidationList,
}

fn check_paths(batch: &InvalidationBatch) -> Result<(), CloudFrontError> {
    batch.paths.check()?;
    if batch.paths.items.is_empty() || batch.caller_reference.is_empty() {
        return Err(CloudFrontError::InvalidArgument(
            "Your request is missing one or more required parameters: Paths and CallerReference."
                .into(),
        ));
    }
    let invalid =
        batch.paths.items.iter().any(|p| {
            !p.starts_with('/') || p.trim_end_matches('*').contains('*') || p.contains(' ')
        });
    if invalid {
        return Err(CloudFrontError::InvalidArgument(
            "Your request contains one or more invalid invalidation paths.".into(),
        ));
    }
    Ok(())
}

impl Cloud {
    /// `cloudfront create-invalidation`.
    pub fn create_invalidation(
        &mut self,
        input: CreateInvalidationInput,
    ) -> Result<CreateInvalidationOutput, CloudFrontError> {
        let arn = self.distribution_arn(&input.distribution_id);
        self.cloudfront_call("CreateInvalidation", arn, |c| {
            let batch = input.invalidation_batch;
            let location = |id: &str| {
                format!(
                    "https://cloudfront.amazonaws.com/2020-05-31/distribution/{}/invalidation/{id}",
                    input.distribution_id
                )
            };
            let d = c
                .distribution(&input.distribution_id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            check_paths(&batch)?;
            if let Some(same) = d
                .invalidations
                .iter()
                .find(|i| i.batch.caller_reference == batch.caller_reference)
            {
                return Ok(CreateInvalidationOutput {
                    location: location(&same.id),
                    invalidation: same.shape(),
                });
            }
            let wildcards =
                |b: &InvalidationBatch| b.paths.items.iter().filter(|p| p.ends_with('*')).count();
            let running: usize = d
                .invalidations
                .iter()
                .filter(|i| i.status == "InProgress")
                .map(|i| wildcards(&i.batch))
                .sum();
            if running + wildcards(&batch) > MAX_WILDCARDS_IN_PROGRESS {
                return Err(CloudFrontError::TooManyInvalidationsInProgress);
            }
            let id = format!("I{}", &c.cloudfront_id()[1..]);
            let invalidation = Invalidation {
                id: id.clone(),
                status: "InProgress".into(),
                create_time: c.now,
                batch,
            };
            let shape = invalidation.shape();
            let d = c
                .distribution_mut(&input.distribution_id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            let root = d.root_cache_key();
            for cache in d.edges.values_mut() {
                cache.retain(|key, _| {
                    !(invalidation.covers(key) || (*key == root && invalidation.covers_root(&root)))
                });
            }
            d.invalidations.insert(0, invalidation);
            Ok(CreateInvalidationOutput {
                location: location(&id),
                invalidation: shape,
            })
        })
    }

    /// `cloudfront get-invalidation`.
    pub fn get_invalidation(
        &mut self,
        input: GetInvalidationInput,
    ) -> Result<GetInvalidationOutput, CloudFrontError> {
        let arn = self.distribution_arn(&input.distribution_id);
        self.cloudfront_call("GetInvalidation", arn, |c| {
            let d = c
                .distribution(&input.distribution_id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            let invalidation = d
                .invalidations
                .iter()
                .find(|i| i.id == input.id)
                .ok_or(CloudFrontError::NoSuchInvalidation)?;
            Ok(GetInvalidationOutput {
                invalidation: invalidation.shape(),
            })
        })
    }

    /// `cloudfront list-invalidations`.
    pub fn list_invalidations(
        &mut self,
        input: ListInvalidationsInput,
    ) -> Result<ListInvalidationsOutput, CloudFrontError> {
        let arn = self.distribution_arn(&input.distribution_id);
        self.cloudfront_call("ListInvalidations", arn, |c| {
            let d = c
                .distribution(&input.distribution_id)
                .ok_or(CloudFrontError::NoSuchDistribution)?;
            let items: Vec<InvalidationSummary> = d
                .invalidations
                .iter()
                .map(|i| InvalidationSummary {
                    id: i.id.clone(),
                    create_time: i.create_time.to_iso8601_millis(),
                    status: i.status.clone(),
                })
                .collect();
            Ok(ListInvalidationsOutput {
                invalidation_list: InvalidationList {
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
