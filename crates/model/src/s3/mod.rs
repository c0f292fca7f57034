//! Amazon S3: buckets with AWS's naming rules, one global namespace, a region
//! each, and the settings a new bucket starts with (Block Public Access on,
//! ACLs disabled); objects with keys, prefixes as folders, storage classes and
//! versions; lifecycle rules that run on the simulated clock; bucket policies
//! decided by the IAM evaluator; default encryption; static website hosting;
//! presigned URLs; storage on the bill.
//!
//! Not simulated: access control lists, restores from the archive classes,
//! replication, object lock, multipart uploads, directory buckets, requester pays,
//! access points, event notifications (see chapter 14).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::cloud::Cloud;

pub mod access;
pub mod buckets;
pub mod cost;
pub mod encryption;
pub mod errors;
pub(crate) mod http;
pub mod lifecycle;
pub mod names;
pub mod notifications;
pub mod objects;
pub mod presign;
pub mod versions;
pub mod website;

pub use errors::S3Error;

/// Everything S3 keeps for the account (every region's buckets: names are global).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct S3State {
    /// Buckets, by name.
    pub(crate) buckets: Vec<Bucket>,
}

/// A bucket's Block Public Access settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicAccessBlock {
    /// Refuse new public ACLs.
    pub block_public_acls: bool,
    /// Ignore existing public ACLs.
    pub ignore_public_acls: bool,
    /// Refuse bucket policies that grant public access.
    pub block_public_policy: bool,
    /// Limit access under a public policy to AWS services and the owner.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    /// All four on: a new bucket's settings.
    pub fn all_on() -> PublicAccessBlock {
        PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            block_public_policy: true,
            restrict_public_buckets: true,
        }
    }

    /// Whether every setting is on.
    pub fn blocks_everything(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }
}

/// A bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// Its name.
    pub name: String,
    /// Its region.
    pub region: String,
    /// When it was created.
    pub created: SimTime,
    /// Block Public Access (`None` once deleted: nothing is blocked).
    pub public_access_block: Option<PublicAccessBlock>,
    /// `BucketOwnerEnforced`.
    pub object_ownership: String,
    /// Its current objects, by key (a key whose latest version is a delete marker
    /// is not here).
    #[serde(default)]
    pub objects: BTreeMap<String, S3Object>,
    /// Versioning: `None` while it has never been turned on.
    #[serde(default)]
    pub versioning: Option<versions::VersioningStatus>,
    /// Older versions and delete markers, by key, newest first. A delete marker
    /// that is its key's latest version is first and has no `noncurrent_since`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub history: BTreeMap<String, Vec<S3Object>>,
    /// Lifecycle rules, if configured.
    #[serde(default)]
    pub lifecycle: Option<Vec<lifecycle::LifecycleRule>>,
    /// The bucket policy, as written.
    #[serde(default)]
    pub policy: Option<String>,
    /// Default encryption of new objects.
    #[serde(default)]
    pub encryption: encryption::DefaultEncryption,
    /// Static website hosting, if configured.
    #[serde(default)]
    pub website: Option<website::WebsiteConfiguration>,
    /// Event notifications, if configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification: Option<notifications::NotificationConfiguration>,
}

impl Bucket {
    /// The latest version of `key`: its current object, or the delete marker
    /// that hides it.
    pub fn latest_version(&self, key: &str) -> Option<&S3Object> {
        self.objects.get(key).or_else(|| {
            self.history
                .get(key)
                .and_then(|versions| versions.first())
                .filter(|v| v.is_latest_marker())
        })
    }

    /// Every version of `key`, newest first, delete markers included.
    pub fn versions_of(&self, key: &str) -> Vec<&S3Object> {
        let mut all: Vec<&S3Object> = self.objects.get(key).into_iter().collect();
        all.extend(self.history.get(key).into_iter().flatten());
        all
    }

    /// Whether the bucket holds nothing: no object, no older version, no marker.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty() && self.history.values().all(Vec::is_empty)
    }

    /// Adds `version` as the latest version of its key. The previous latest
    /// version becomes noncurrent (or is replaced, when both are `null`, or when
    /// the bucket is unversioned).
    pub(crate) fn push_version(&mut self, version: S3Object, now: SimTime) {
        let key = version.key.clone();
        let previous = match self.objects.remove(&key) {
            Some(object) => Some(object),
            None => self.history.get_mut(&key).and_then(|versions| {
                (versions.first().is_some_and(S3Object::is_latest_marker))
                    .then(|| versions.remove(0))
            }),
        };
        let keep_previous = self.versioning.is_some();
        if let Some(mut previous) = previous
            && keep_previous
        {
            previous.noncurrent_since = Some(now);
            self.history
                .entry(key.clone())
                .or_default()
                .insert(0, previous);
        }
        if version.version_id == NULL_VERSION
            && let Some(versions) = self.history.get_mut(&key)
        {
            versions.retain(|v| v.version_id != NULL_VERSION);
        }
        if version.delete_marker {
            self.history
                .entry(key.clone())
                .or_default()
                .insert(0, version);
        } else {
            self.objects.insert(key.clone(), version);
        }
        if self.history.get(&key).is_some_and(Vec::is_empty) {
            self.history.remove(&key);
        }
    }

    /// Removes one version for good. When it was the latest, the next newest
    /// version becomes the latest (an object, or a delete marker).
    pub(crate) fn remove_version(&mut self, key: &str, version_id: &str) -> Option<S3Object> {
        let was_latest;
        let removed = if self
            .objects
            .get(key)
            .is_some_and(|o| o.version_id == version_id)
        {
            was_latest = true;
            self.objects.remove(key)
        } else {
            let versions = self.history.get_mut(key)?;
            let index = versions.iter().position(|v| v.version_id == version_id)?;
            was_latest = index == 0 && versions[index].is_latest_marker();
            Some(versions.remove(index))
        };
        if was_latest
            && let Some(versions) = self.history.get_mut(key)
            && !versions.is_empty()
        {
            let mut next = versions.remove(0);
            next.noncurrent_since = None;
            if next.delete_marker {
                versions.insert(0, next);
            } else {
                self.objects.insert(key.to_string(), next);
            }
        }
        if self.history.get(key).is_some_and(Vec::is_empty) {
            self.history.remove(key);
        }
        removed
    }

    /// The bytes the bucket stores, by storage class (every version counts).
    pub fn stored_bytes(&self) -> BTreeMap<String, u64> {
        let mut bytes = BTreeMap::new();
        for object in self
            .objects
            .values()
            .chain(self.history.values().flatten())
            .filter(|o| !o.delete_marker)
        {
            *bytes.entry(object.storage_class.clone()).or_default() += object.body.len() as u64;
        }
        bytes
    }
}

/// The version id of an object written while versioning was off or suspended.
pub const NULL_VERSION: &str = "null";

fn null_version() -> String {
    NULL_VERSION.to_string()
}

fn aes256() -> String {
    "AES256".to_string()
}

/// An object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct S3Object {
    /// Its key.
    pub key: String,
    /// Its content (text: the learner's files are text).
    pub body: String,
    /// The MD5 of the content, quoted.
    pub etag: String,
    /// When it was written.
    pub last_modified: SimTime,
    /// Its storage class.
    pub storage_class: String,
    /// Its media type, if one was given.
    pub content_type: Option<String>,
    /// Its version id (`null` when written without versioning).
    #[serde(default = "null_version")]
    pub version_id: String,
    /// Whether this version is a delete marker (no content).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub delete_marker: bool,
    /// When a newer version replaced it (`None` for the latest version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noncurrent_since: Option<SimTime>,
    /// How it is encrypted at rest: `AES256` or `aws:kms`.
    #[serde(default = "aes256")]
    pub server_side_encryption: String,
    /// The KMS key, for `aws:kms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// The `Cache-Control` header S3 returns with it (`max-age=60`), which
    /// decides how long CloudFront keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<String>,
}

impl S3Object {
    /// A delete marker for `key`, placed at `now`.
    pub(crate) fn new_delete_marker(key: &str, version_id: String, now: SimTime) -> S3Object {
        S3Object {
            key: key.to_string(),
            body: String::new(),
            etag: String::new(),
            last_modified: now,
            storage_class: "STANDARD".into(),
            content_type: None,
            version_id,
            delete_marker: true,
            noncurrent_since: None,
            server_side_encryption: aes256(),
            kms_key_id: None,
            cache_control: None,
        }
    }

    /// Whether this is a delete marker that is its key's latest version.
    pub fn is_latest_marker(&self) -> bool {
        self.delete_marker && self.noncurrent_since.is_none()
    }
}

impl Cloud {
    /// Every bucket of the account, by name.
    pub fn buckets(&self) -> &[Bucket] {
        &self.s3.buckets
    }

    /// The bucket named `name`.
    pub fn bucket(&self, name: &str) -> Option<&Bucket> {
        self.s3.buckets.iter().find(|b| b.name == name)
    }
}

#[cfg(test)]
pub(crate) mod test_bucket {
    //! A lab account with one bucket in its home region, for the tests of S3.

    use super::buckets::{CreateBucketConfiguration, CreateBucketInput};
    use crate::cloud::Cloud;

    /// A new account with the bucket `name` in its home region.
    pub(crate) fn lab_with_bucket(name: &str) -> Cloud {
        let mut cloud = Cloud::default();
        let region = cloud.region().code.to_string();
        cloud
            .create_bucket(CreateBucketInput {
                bucket: name.into(),
                create_bucket_configuration: Some(CreateBucketConfiguration {
                    location_constraint: Some(region.clone()),
                }),
                endpoint_region: Some(region),
            })
            .expect("a valid bucket name");
        cloud
    }
}
