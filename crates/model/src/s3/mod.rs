//! Amazon S3: buckets with AWS's naming rules, one global namespace, a region
//! each, and the settings a new bucket starts with (Block Public Access on,
//! ACLs disabled); objects with keys, prefixes as folders and storage classes.
//!
//! Not simulated yet: versioning, storage classes, lifecycle rules,
//! bucket policies, default encryption settings, static website hosting and
//! storage cost; access control lists, directory buckets, requester pays,
//! object lock.

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::cloud::Cloud;

pub mod buckets;
pub mod errors;
pub mod names;
pub mod objects;

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
    /// Block Public Access.
    pub public_access_block: PublicAccessBlock,
    /// `BucketOwnerEnforced`.
    pub object_ownership: String,
    /// Its objects, by key.
    #[serde(default)]
    pub objects: std::collections::BTreeMap<String, S3Object>,
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
