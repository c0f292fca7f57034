//! Versioning: `PutBucketVersioning`, `GetBucketVersioning`, `ListObjectVersions`.
//!
//! A bucket starts unversioned. Once versioning is `Enabled` it can only be
//! `Suspended`, never turned off. While enabled, every write keeps the previous
//! version and a delete without a version id adds a delete marker that hides the
//! key; deleting a version by its id removes it for good. Objects written while
//! unversioned or suspended have the version id `null`, and a new `null` version
//! replaces the old one.

use serde::{Deserialize, Serialize};

use super::errors::S3Error;
use super::{NULL_VERSION, S3Object};
use crate::cloud::Cloud;
use crate::s3::buckets::Owner;

/// A bucket's versioning state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersioningStatus {
    /// Every write keeps the previous version.
    Enabled,
    /// New writes get the `null` version id; older versions stay.
    Suspended,
}

impl VersioningStatus {
    /// AWS's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            VersioningStatus::Enabled => "Enabled",
            VersioningStatus::Suspended => "Suspended",
        }
    }
}

/// `VersioningConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VersioningConfiguration {
    /// `Enabled` or `Suspended`.
    pub status: Option<String>,
    /// `Enabled` or `Disabled` (MFA delete: needs the root user's device).
    #[serde(rename = "MFADelete")]
    pub mfa_delete: Option<String>,
}

/// `PutBucketVersioning` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutBucketVersioningInput {
    /// The bucket.
    pub bucket: String,
    /// The new state.
    pub versioning_configuration: VersioningConfiguration,
}

/// `GetBucketVersioning` output: empty for a bucket never versioned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketVersioningOutput {
    /// `Enabled` or `Suspended`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// `ListObjectVersions` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListObjectVersionsInput {
    /// The bucket.
    pub bucket: String,
    /// Only keys that start with this.
    pub prefix: Option<String>,
}

/// One object version in `ListObjectVersions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectVersionSummary {
    /// Its ETag.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its storage class.
    pub storage_class: String,
    /// The key.
    pub key: String,
    /// The version id.
    pub version_id: String,
    /// Whether it is the key's latest version.
    pub is_latest: bool,
    /// When it was written.
    pub last_modified: String,
    /// The account.
    pub owner: Owner,
}

/// One delete marker in `ListObjectVersions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMarkerSummary {
    /// The account.
    pub owner: Owner,
    /// The key.
    pub key: String,
    /// The marker's version id.
    pub version_id: String,
    /// Whether it is the key's latest version (the key then reads as deleted).
    pub is_latest: bool,
    /// When it was placed.
    pub last_modified: String,
}

/// `ListObjectVersions` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectVersionsOutput {
    /// Always false: the lab's buckets hold fewer than 1000 versions.
    pub is_truncated: bool,
    /// Object versions, by key, newest first within a key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<ObjectVersionSummary>,
    /// Delete markers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delete_markers: Vec<DeleteMarkerSummary>,
    /// The bucket.
    pub name: String,
    /// The prefix asked for.
    pub prefix: String,
    /// The page size.
    pub max_keys: u32,
}

impl Cloud {
    /// A new version id: `null` unless versioning is enabled on `bucket`.
    pub(crate) fn next_version_id(&mut self, bucket: &str) -> String {
        let enabled = self
            .bucket(bucket)
            .is_some_and(|b| b.versioning == Some(VersioningStatus::Enabled));
        if !enabled {
            return NULL_VERSION.to_string();
        }
        let bytes = self.service_rng("s3").bytes(24);
        crate::digest::base64_encode(&bytes)
            .replace('+', ".")
            .replace('/', "_")
    }

    /// `s3api put-bucket-versioning`.
    pub fn put_bucket_versioning(
        &mut self,
        input: PutBucketVersioningInput,
    ) -> Result<(), S3Error> {
        let bucket = input.bucket.clone();
        self.on_bucket("PutBucketVersioning", "PutBucketVersioning", &bucket, |c| {
            let status = match input.versioning_configuration.status.as_deref() {
                Some("Enabled") => VersioningStatus::Enabled,
                Some("Suspended") => VersioningStatus::Suspended,
                _ => return Err(S3Error::MalformedXml),
            };
            if input.versioning_configuration.mfa_delete.as_deref() == Some("Enabled") {
                return Err(S3Error::InvalidRequest(
                    "DevPay and Mfa are mutually exclusive authorization methods.".into(),
                ));
            }
            let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
            bucket.versioning = Some(status);
            Ok(())
        })
    }

    /// `s3api get-bucket-versioning`.
    pub fn get_bucket_versioning(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<GetBucketVersioningOutput, S3Error> {
        self.read_bucket(
            "GetBucketVersioning",
            "GetBucketVersioning",
            &input.bucket,
            |bucket| {
                Ok(GetBucketVersioningOutput {
                    status: bucket.versioning.map(|s| s.as_str().to_string()),
                })
            },
        )
    }

    /// `s3api list-object-versions`.
    pub fn list_object_versions(
        &mut self,
        input: ListObjectVersionsInput,
    ) -> Result<ListObjectVersionsOutput, S3Error> {
        let owner = Owner {
            id: self.s3_canonical_user_id(),
        };
        self.read_bucket(
            "ListObjectVersions",
            "ListBucketVersions",
            &input.bucket,
            |bucket| {
                let prefix = input.prefix.clone().unwrap_or_default();
                let mut keys: Vec<&String> =
                    bucket.objects.keys().chain(bucket.history.keys()).collect();
                keys.sort();
                keys.dedup();
                let mut versions = Vec::new();
                let mut delete_markers = Vec::new();
                for key in keys.into_iter().filter(|k| k.starts_with(prefix.as_str())) {
                    for (index, v) in bucket.versions_of(key).into_iter().enumerate() {
                        let is_latest = index == 0;
                        if v.delete_marker {
                            delete_markers.push(DeleteMarkerSummary {
                                owner: owner.clone(),
                                key: v.key.clone(),
                                version_id: v.version_id.clone(),
                                is_latest,
                                last_modified: v.last_modified.to_iso8601(),
                            });
                        } else {
                            versions.push(summary(v, is_latest, &owner));
                        }
                    }
                }
                Ok(ListObjectVersionsOutput {
                    is_truncated: false,
                    versions,
                    delete_markers,
                    name: input.bucket.clone(),
                    prefix,
                    max_keys: 1000,
                })
            },
        )
    }
}

fn summary(v: &S3Object, is_latest: bool, owner: &Owner) -> ObjectVersionSummary {
    ObjectVersionSummary {
        etag: v.etag.clone(),
        size: v.body.len() as u64,
        storage_class: v.storage_class.clone(),
        key: v.key.clone(),
        version_id: v.version_id.clone(),
        is_latest,
        last_modified: v.last_modified.to_iso8601(),
        owner: owner.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::buckets::BucketInput;
    use crate::s3::objects::{ObjectInput, PutObjectInput};
    use crate::s3::test_bucket::lab_with_bucket;

    fn put(cloud: &mut Cloud, key: &str, body: &str) -> String {
        cloud
            .put_object(PutObjectInput {
                bucket: "lab-notes".into(),
                key: key.into(),
                body: Some(body.into()),
                ..Default::default()
            })
            .unwrap()
            .version_id
            .unwrap_or_else(|| NULL_VERSION.into())
    }

    fn get(cloud: &mut Cloud, key: &str, version: Option<&str>) -> Result<String, S3Error> {
        cloud
            .get_object(ObjectInput {
                bucket: "lab-notes".into(),
                key: key.into(),
                version_id: version.map(str::to_string),
            })
            .map(|o| o.body)
    }

    fn enable(cloud: &mut Cloud, status: &str) {
        cloud
            .put_bucket_versioning(PutBucketVersioningInput {
                bucket: "lab-notes".into(),
                versioning_configuration: VersioningConfiguration {
                    status: Some(status.into()),
                    mfa_delete: None,
                },
            })
            .unwrap();
    }

    #[test]
    fn versions_are_kept_and_delete_markers_hide_and_reveal() {
        let mut cloud = lab_with_bucket("lab-notes");
        let status = |cloud: &mut Cloud| {
            cloud
                .get_bucket_versioning(BucketInput {
                    bucket: "lab-notes".into(),
                })
                .unwrap()
                .status
        };
        assert_eq!(status(&mut cloud), None);
        let unversioned = put(&mut cloud, "index.html", "v0");
        assert_eq!(unversioned, "null");
        enable(&mut cloud, "Enabled");
        assert_eq!(status(&mut cloud).as_deref(), Some("Enabled"));
        let v1 = put(&mut cloud, "index.html", "v1");
        let v2 = put(&mut cloud, "index.html", "v2");
        assert_ne!(v1, v2);
        assert_eq!(get(&mut cloud, "index.html", None).unwrap(), "v2");
        assert_eq!(get(&mut cloud, "index.html", Some(&v1)).unwrap(), "v1");
        assert_eq!(get(&mut cloud, "index.html", Some("null")).unwrap(), "v0");
        // A delete without a version id adds a marker.
        let deleted = cloud
            .delete_object(ObjectInput {
                bucket: "lab-notes".into(),
                key: "index.html".into(),
                version_id: None,
            })
            .unwrap();
        assert_eq!(deleted.delete_marker, Some(true));
        let marker = deleted.version_id.clone().unwrap();
        assert_eq!(get(&mut cloud, "index.html", None), Err(S3Error::NoSuchKey));
        assert_eq!(
            get(&mut cloud, "index.html", Some(&marker)),
            Err(S3Error::MethodNotAllowed)
        );
        assert_eq!(
            get(&mut cloud, "index.html", Some("nope")),
            Err(S3Error::NoSuchVersion)
        );
        let listed = cloud
            .list_object_versions(ListObjectVersionsInput {
                bucket: "lab-notes".into(),
                prefix: None,
            })
            .unwrap();
        assert_eq!(listed.versions.len(), 3);
        assert!(listed.versions.iter().all(|v| !v.is_latest));
        assert_eq!(listed.delete_markers.len(), 1);
        assert!(listed.delete_markers[0].is_latest);
        // Deleting the marker brings the newest version back.
        cloud
            .delete_object(ObjectInput {
                bucket: "lab-notes".into(),
                key: "index.html".into(),
                version_id: Some(marker),
            })
            .unwrap();
        assert_eq!(get(&mut cloud, "index.html", None).unwrap(), "v2");
        // Deleting the current version by id makes the one before it current.
        cloud
            .delete_object(ObjectInput {
                bucket: "lab-notes".into(),
                key: "index.html".into(),
                version_id: Some(v2),
            })
            .unwrap();
        assert_eq!(get(&mut cloud, "index.html", None).unwrap(), "v1");
        // Suspended: a new write replaces the null version, older ones stay.
        enable(&mut cloud, "Suspended");
        assert_eq!(put(&mut cloud, "index.html", "v3"), "null");
        let versions: Vec<String> = cloud
            .bucket("lab-notes")
            .unwrap()
            .versions_of("index.html")
            .iter()
            .map(|v| v.body.clone())
            .collect();
        assert_eq!(versions, ["v3", "v1"]);
        assert_eq!(
            cloud.delete_bucket(BucketInput {
                bucket: "lab-notes".into()
            }),
            Err(S3Error::BucketNotEmpty)
        );
    }
}
