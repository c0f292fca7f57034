//! Objects: `PutObject`, `GetObject`, `HeadObject`, `ListObjectsV2`,
//! `DeleteObject`.
//!
//! A bucket is flat: a key such as `photos/2026/cat.txt` is one name, and
//! "folders" are prefixes that `ListObjectsV2` groups with a delimiter. Each
//! object has a storage class; GLACIER and DEEP_ARCHIVE objects cannot be read
//! until restored (`InvalidObjectState`). Objects are encrypted at rest by
//! default (SSE-S3, `AES256`), as AWS does since January 2023.
//!
//! With versioning on, every write adds a version and `VersionId` picks one;
//! `CopyObject` copies any version (how an old version is restored).
//!
//! Not simulated: multipart uploads, restores from archive, metadata beyond the
//! content type, checksums other than the ETag.

use serde::{Deserialize, Serialize};

use super::errors::S3Error;
use super::{NULL_VERSION, S3Object};
use crate::cloud::Cloud;

/// Storage classes a `PutObject` may name.
pub const STORAGE_CLASSES: &[&str] = &[
    "STANDARD",
    "REDUCED_REDUNDANCY",
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER",
    "DEEP_ARCHIVE",
    "GLACIER_IR",
];

/// Storage classes whose objects must be restored before they are read.
pub const ARCHIVE_CLASSES: &[&str] = &["GLACIER", "DEEP_ARCHIVE"];

/// `PutObject` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutObjectInput {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The content.
    pub body: Option<String>,
    /// Its media type.
    pub content_type: Option<String>,
    /// `STANDARD` when left out.
    pub storage_class: Option<String>,
    /// The `Cache-Control` header to return with it.
    pub cache_control: Option<String>,
}

/// `PutObject` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutObjectOutput {
    /// The MD5 of the content, quoted.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// `AES256` or `aws:kms`.
    pub server_side_encryption: String,
    /// The new version's id, when versioning is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// The KMS key, for `aws:kms`.
    #[serde(rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub ssekms_key_id: Option<String>,
}

/// `DeleteObject` output.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectOutput {
    /// Whether a delete marker was added or removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_marker: Option<bool>,
    /// The version added (a marker) or removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

/// `CopyObject` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CopyObjectInput {
    /// The destination bucket.
    pub bucket: String,
    /// The destination key.
    pub key: String,
    /// `bucket/key`, optionally `?versionId=...`.
    pub copy_source: String,
    /// A new storage class.
    pub storage_class: Option<String>,
    /// `COPY` (keep the metadata) or `REPLACE`.
    pub metadata_directive: Option<String>,
    /// A new media type, with `REPLACE`.
    pub content_type: Option<String>,
}

/// The result of a copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectResult {
    /// The copy's ETag.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// When it was written.
    pub last_modified: String,
}

/// `CopyObject` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectOutput {
    /// The version copied from, when one was named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_source_version_id: Option<String>,
    /// The new version's id, when versioning is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// `AES256` or `aws:kms`.
    pub server_side_encryption: String,
    /// The copy.
    pub copy_object_result: CopyObjectResult,
}

/// Input naming one object (and maybe one of its versions).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ObjectInput {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// A version; the latest when left out.
    pub version_id: Option<String>,
}

/// An object's metadata (`HeadObject`, and `GetObject` with its body).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectMetadata {
    /// When it was written.
    pub last_modified: String,
    /// Its size in bytes.
    pub content_length: u64,
    /// The MD5 of the content, quoted.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// Its media type.
    pub content_type: String,
    /// The `Cache-Control` header, when one was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<String>,
    /// The version id, for a versioned object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// `AES256` or `aws:kms`.
    pub server_side_encryption: String,
    /// The KMS key, for `aws:kms`.
    #[serde(rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub ssekms_key_id: Option<String>,
    /// The storage class, left out for STANDARD as S3 does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
}

/// `GetObject` output: the metadata and the content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetObjectOutput {
    /// The metadata.
    pub metadata: ObjectMetadata,
    /// The content.
    pub body: String,
}

/// `ListObjectsV2` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListObjectsV2Input {
    /// The bucket.
    pub bucket: String,
    /// Only keys that start with this.
    pub prefix: Option<String>,
    /// Group keys by what comes before this after the prefix (`/` for folders).
    pub delimiter: Option<String>,
    /// At most this many keys and prefixes (1000 by default and at most).
    pub max_keys: Option<i64>,
    /// Keys after this one.
    pub start_after: Option<String>,
    /// Where the previous page stopped.
    pub continuation_token: Option<String>,
}

/// One key in a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectSummary {
    /// The key.
    pub key: String,
    /// When it was written.
    pub last_modified: String,
    /// Its ETag.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its storage class.
    pub storage_class: String,
}

/// A common prefix (a "folder").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommonPrefix {
    /// The prefix, delimiter included.
    pub prefix: String,
}

/// `ListObjectsV2` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectsV2Output {
    /// Whether more keys follow.
    pub is_truncated: bool,
    /// The keys.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<ObjectSummary>,
    /// The bucket.
    pub name: String,
    /// The prefix asked for.
    pub prefix: String,
    /// The delimiter asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The page size.
    pub max_keys: i64,
    /// The folders.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub common_prefixes: Vec<CommonPrefix>,
    /// Keys and prefixes returned.
    pub key_count: usize,
    /// Where the next page starts, when truncated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
}

/// A continuation token: where a page stopped (a key, or a folder).
fn encode_token(marker: &str, folder: bool) -> String {
    let kind = if folder { "P" } else { "K" };
    crate::digest::base64_encode(format!("{kind}:{marker}").as_bytes())
}

fn decode_token(token: &str) -> Option<(String, bool)> {
    let bytes = crate::digest::base64_decode(token)?;
    let text = String::from_utf8(bytes).ok()?;
    let (kind, marker) = text.split_once(':')?;
    match kind {
        "K" => Some((marker.to_string(), false)),
        "P" => Some((marker.to_string(), true)),
        _ => None,
    }
}

fn object_arn(bucket: &str, key: &str) -> String {
    format!("arn:aws:s3:::{bucket}/{key}")
}

fn metadata(o: &S3Object) -> ObjectMetadata {
    ObjectMetadata {
        last_modified: o.last_modified.to_iso8601(),
        content_length: o.body.len() as u64,
        etag: o.etag.clone(),
        content_type: o
            .content_type
            .clone()
            .unwrap_or_else(|| "binary/octet-stream".into()),
        cache_control: o.cache_control.clone(),
        version_id: (o.version_id != NULL_VERSION).then(|| o.version_id.clone()),
        server_side_encryption: o.server_side_encryption.clone(),
        ssekms_key_id: o.kms_key_id.clone(),
        storage_class: (o.storage_class != "STANDARD").then(|| o.storage_class.clone()),
    }
}

impl Cloud {
    /// `s3api put-object` (and `s3 cp` up).
    pub fn put_object(&mut self, input: PutObjectInput) -> Result<PutObjectOutput, S3Error> {
        let arn = object_arn(&input.bucket, &input.key);
        self.s3_bucket_call("PutObject", "PutObject", arn, &input.bucket.clone(), |c| {
            let storage_class = input
                .storage_class
                .clone()
                .unwrap_or_else(|| "STANDARD".into());
            let mut object = c.new_object(
                &input.bucket,
                &input.key,
                input.body.clone().unwrap_or_default(),
                storage_class,
                input.content_type.clone(),
            )?;
            object.cache_control = input.cache_control.clone();
            Ok(c.store_object(&input.bucket, object))
        })
        .inspect(|put| {
            let size = input.body.as_deref().map_or(0, str::len) as u64;
            self.notify_object_event(
                &input.bucket,
                &input.key,
                "ObjectCreated:Put",
                size,
                &put.etag,
            );
        })
    }

    /// A new object for `bucket`, checked and encrypted as the bucket says.
    fn new_object(
        &mut self,
        bucket: &str,
        key: &str,
        body: String,
        storage_class: String,
        content_type: Option<String>,
    ) -> Result<S3Object, S3Error> {
        let encryption = self
            .bucket(bucket)
            .ok_or(S3Error::NoSuchBucket)?
            .encryption
            .clone();
        if key.len() > 1024 {
            return Err(S3Error::KeyTooLong);
        }
        if !STORAGE_CLASSES.contains(&storage_class.as_str()) {
            return Err(S3Error::InvalidStorageClass);
        }
        let etag = format!(
            "\"{}\"",
            crate::digest::hex(&crate::digest::md5(body.as_bytes()), None)
        );
        let kms_key_id = encryption.kms_master_key_id.as_ref().map(|key| {
            if key.starts_with("arn:") {
                key.clone()
            } else {
                format!(
                    "arn:aws:kms:{}:{}:{key}",
                    self.region().code,
                    self.config.account_id
                )
            }
        });
        Ok(S3Object {
            key: key.to_string(),
            body,
            etag,
            last_modified: self.now,
            storage_class,
            content_type,
            version_id: self.next_version_id(bucket),
            delete_marker: false,
            noncurrent_since: None,
            server_side_encryption: encryption.sse_algorithm,
            kms_key_id,
            cache_control: None,
        })
    }

    /// Stores `object` as its key's latest version.
    fn store_object(&mut self, bucket: &str, object: S3Object) -> PutObjectOutput {
        let now = self.now;
        let output = PutObjectOutput {
            etag: object.etag.clone(),
            server_side_encryption: object.server_side_encryption.clone(),
            version_id: (object.version_id != NULL_VERSION).then(|| object.version_id.clone()),
            ssekms_key_id: object.kms_key_id.clone(),
        };
        if let Some(bucket) = self.bucket_mut(bucket) {
            bucket.push_version(object, now);
        }
        output
    }

    /// The object (or version) `input` names: `NoSuchKey` behind a delete marker,
    /// `MethodNotAllowed` for a marker named by its id.
    fn existing_object(&self, input: &ObjectInput) -> Result<&S3Object, S3Error> {
        let bucket = self.bucket(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
        match &input.version_id {
            None => bucket.objects.get(&input.key).ok_or(S3Error::NoSuchKey),
            Some(id) => {
                let version = bucket
                    .versions_of(&input.key)
                    .into_iter()
                    .find(|v| &v.version_id == id)
                    .ok_or(S3Error::NoSuchVersion)?;
                if version.delete_marker {
                    return Err(S3Error::MethodNotAllowed);
                }
                Ok(version)
            }
        }
    }

    fn read_action(input: &ObjectInput) -> &'static str {
        if input.version_id.is_some() {
            "GetObjectVersion"
        } else {
            "GetObject"
        }
    }

    /// `s3 cp` down: the object and its content. Archived objects must be restored first.
    pub fn get_object(&mut self, input: ObjectInput) -> Result<GetObjectOutput, S3Error> {
        let arn = object_arn(&input.bucket, &input.key);
        let action = Cloud::read_action(&input);
        self.s3_bucket_call("GetObject", action, arn, &input.bucket.clone(), |c| {
            let o = c.existing_object(&input)?;
            if ARCHIVE_CLASSES.contains(&o.storage_class.as_str()) {
                return Err(S3Error::InvalidObjectState);
            }
            Ok(GetObjectOutput {
                metadata: metadata(o),
                body: o.body.clone(),
            })
        })
    }

    /// `s3api head-object`: the metadata (a missing key is a bodiless 404).
    pub fn head_object(&mut self, input: ObjectInput) -> Result<ObjectMetadata, S3Error> {
        let arn = object_arn(&input.bucket, &input.key);
        let action = Cloud::read_action(&input);
        self.s3_bucket_call("HeadObject", action, arn, &input.bucket.clone(), |c| {
            c.existing_object(&input).map(metadata)
        })
        .map_err(S3Error::for_head)
    }

    /// `s3api copy-object` (and `s3 cp`/`s3 mv` between buckets): copying an
    /// older version onto its own key restores it.
    pub fn copy_object(&mut self, input: CopyObjectInput) -> Result<CopyObjectOutput, S3Error> {
        let arn = object_arn(&input.bucket, &input.key);
        let source = input.copy_source.trim_start_matches('/');
        let (path, version_id) = match source.split_once("?versionId=") {
            Some((path, version)) => (path, Some(version.to_string())),
            None => (source, None),
        };
        let Some((source_bucket, source_key)) = path.split_once('/') else {
            return Err(S3Error::InvalidArgument(
                "Invalid copy source object key".into(),
            ));
        };
        let source_input = ObjectInput {
            bucket: source_bucket.to_string(),
            key: crate::s3::presign::uri_decode(source_key),
            version_id: version_id.clone(),
        };
        let source_arn = object_arn(&source_input.bucket, &source_input.key);
        let read_action = format!("s3:{}", Cloud::read_action(&source_input));
        self.s3_bucket_call("CopyObject", "PutObject", arn, &input.bucket.clone(), |c| {
            if let Some(principal) = c.request_principal().cloned() {
                c.s3_authorize(&principal, &read_action, &source_arn, &source_input.bucket)
                    .map_err(S3Error::AccessDenied)?;
            }
            let source = c.existing_object(&source_input)?.clone();
            if ARCHIVE_CLASSES.contains(&source.storage_class.as_str()) {
                return Err(S3Error::ObjectNotInActiveTier);
            }
            let replace = input.metadata_directive.as_deref() == Some("REPLACE");
            let same = source_input.bucket == input.bucket
                && source_input.key == input.key
                && version_id.is_none();
            if same && !replace && input.storage_class.is_none() {
                return Err(S3Error::InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.".into()));
            }
            let content_type = if replace {
                input.content_type.clone()
            } else {
                source.content_type.clone()
            };
            let class = input
                .storage_class
                .clone()
                .unwrap_or_else(|| "STANDARD".into());
            let mut object = c.new_object(&input.bucket, &input.key, source.body.clone(), class, content_type)?;
            object.cache_control = source.cache_control.clone();
            let last_modified = object.last_modified.to_iso8601();
            let out = c.store_object(&input.bucket, object);
            Ok(CopyObjectOutput {
                copy_source_version_id: version_id.clone(),
                version_id: out.version_id,
                server_side_encryption: out.server_side_encryption,
                copy_object_result: CopyObjectResult {
                    etag: out.etag,
                    last_modified,
                },
            })
        })
    }

    /// `s3api list-objects-v2` (and `s3 ls s3://bucket/prefix/`).
    pub fn list_objects_v2(
        &mut self,
        input: ListObjectsV2Input,
    ) -> Result<ListObjectsV2Output, S3Error> {
        let arn = format!("arn:aws:s3:::{}", input.bucket);
        self.s3_bucket_call(
            "ListObjectsV2",
            "ListBucket",
            arn,
            &input.bucket.clone(),
            |c| {
                let bucket = c.bucket(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                let prefix = input.prefix.clone().unwrap_or_default();
                let max_keys = input.max_keys.unwrap_or(1000).clamp(0, 1000);
                // A token says where the last page stopped: after a key, or after
                // everything in a folder.
                let (after, after_folder) = match input.continuation_token.as_deref() {
                    Some(token) => match decode_token(token) {
                        Some(marker) => marker,
                        None => return Err(S3Error::InvalidContinuationToken),
                    },
                    None => (input.start_after.clone().unwrap_or_default(), false),
                };
                let delimiter = input.delimiter.clone().filter(|d| !d.is_empty());
                let mut contents = Vec::new();
                let mut common: Vec<String> = Vec::new();
                let mut truncated = false;
                let mut last = None;
                for (key, o) in bucket.objects.range(after.clone()..) {
                    if key <= &after && !after.is_empty() {
                        continue;
                    }
                    // A page that ended on a folder goes on after everything in it.
                    if after_folder && key.starts_with(after.as_str()) {
                        continue;
                    }
                    let Some(rest) = key.strip_prefix(prefix.as_str()) else {
                        continue;
                    };
                    let folder = delimiter.as_deref().and_then(|d| {
                        rest.find(d)
                            .map(|i| format!("{prefix}{}", &rest[..i + d.len()]))
                    });
                    if let Some(folder) = &folder
                        && common.last() == Some(folder)
                    {
                        continue;
                    }
                    if (contents.len() + common.len()) as i64 >= max_keys {
                        truncated = true;
                        break;
                    }
                    match folder {
                        Some(folder) => {
                            last = Some((folder.clone(), true));
                            common.push(folder);
                        }
                        None => {
                            last = Some((key.clone(), false));
                            contents.push(ObjectSummary {
                                key: key.clone(),
                                last_modified: o.last_modified.to_iso8601(),
                                etag: o.etag.clone(),
                                size: o.body.len() as u64,
                                storage_class: o.storage_class.clone(),
                            });
                        }
                    }
                }
                Ok(ListObjectsV2Output {
                    is_truncated: truncated,
                    key_count: contents.len() + common.len(),
                    contents,
                    name: input.bucket.clone(),
                    prefix,
                    delimiter,
                    max_keys,
                    common_prefixes: common
                        .into_iter()
                        .map(|prefix| CommonPrefix { prefix })
                        .collect(),
                    next_continuation_token: if truncated {
                        last.map(|(marker, folder)| encode_token(&marker, folder))
                    } else {
                        None
                    },
                })
            },
        )
    }

    /// `s3api delete-object` (and `s3 rm`): succeeds whether or not the key
    /// exists. In a versioned bucket it adds a delete marker, unless a version is
    /// named: that version is then removed for good.
    pub fn delete_object(&mut self, input: ObjectInput) -> Result<DeleteObjectOutput, S3Error> {
        let arn = object_arn(&input.bucket, &input.key);
        let action = if input.version_id.is_some() {
            "DeleteObjectVersion"
        } else {
            "DeleteObject"
        };
        self.s3_bucket_call("DeleteObject", action, arn, &input.bucket.clone(), |c| {
            let bucket = c.bucket(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
            let versioning = bucket.versioning;
            if let Some(id) = &input.version_id {
                let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                let removed = bucket.remove_version(&input.key, id);
                return Ok(DeleteObjectOutput {
                    delete_marker: removed.as_ref().filter(|v| v.delete_marker).map(|_| true),
                    version_id: Some(id.clone()),
                });
            }
            if versioning.is_none() {
                let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                bucket.objects.remove(&input.key);
                return Ok(DeleteObjectOutput::default());
            }
            let version_id = c.next_version_id(&input.bucket);
            let now = c.now;
            let marker = S3Object::new_delete_marker(&input.key, version_id.clone(), now);
            let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
            bucket.push_version(marker, now);
            Ok(DeleteObjectOutput {
                delete_marker: Some(true),
                version_id: Some(version_id),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::buckets::{BucketInput, CreateBucketConfiguration, CreateBucketInput};

    fn lab() -> Cloud {
        let mut cloud = Cloud::default();
        let region = cloud.region().code.to_string();
        cloud
            .create_bucket(CreateBucketInput {
                bucket: "lab-notes".into(),
                create_bucket_configuration: Some(CreateBucketConfiguration {
                    location_constraint: Some(region.clone()),
                }),
                endpoint_region: Some(region),
            })
            .unwrap();
        for (key, class) in [
            ("index.html", None),
            ("photos/2026/cat.txt", None),
            ("photos/2026/dog.txt", None),
            ("photos/readme.txt", None),
            ("archive/old.txt", Some("GLACIER")),
        ] {
            cloud
                .put_object(PutObjectInput {
                    bucket: "lab-notes".into(),
                    key: key.into(),
                    body: Some(format!("content of {key}")),
                    storage_class: class.map(str::to_string),
                    ..Default::default()
                })
                .unwrap();
        }
        cloud
    }

    fn list(
        cloud: &mut Cloud,
        prefix: &str,
        delimiter: Option<&str>,
        max: Option<i64>,
    ) -> ListObjectsV2Output {
        cloud
            .list_objects_v2(ListObjectsV2Input {
                bucket: "lab-notes".into(),
                prefix: Some(prefix.into()),
                delimiter: delimiter.map(str::to_string),
                max_keys: max,
                ..Default::default()
            })
            .unwrap()
    }

    #[test]
    fn prefixes_act_as_folders() {
        let mut cloud = lab();
        let top = list(&mut cloud, "", Some("/"), None);
        let keys: Vec<&str> = top.contents.iter().map(|o| o.key.as_str()).collect();
        let folders: Vec<&str> = top
            .common_prefixes
            .iter()
            .map(|p| p.prefix.as_str())
            .collect();
        assert_eq!(keys, ["index.html"]);
        assert_eq!(folders, ["archive/", "photos/"]);
        let photos = list(&mut cloud, "photos/", Some("/"), None);
        let keys: Vec<&str> = photos.contents.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["photos/readme.txt"]);
        assert_eq!(photos.common_prefixes[0].prefix, "photos/2026/");
        // Without a delimiter every key under the prefix is listed.
        assert_eq!(list(&mut cloud, "photos/", None, None).key_count, 3);
        // Pages.
        let first = list(&mut cloud, "", None, Some(2));
        assert!(first.is_truncated);
        let next = cloud
            .list_objects_v2(ListObjectsV2Input {
                bucket: "lab-notes".into(),
                continuation_token: first.next_continuation_token.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(next.key_count, 3);
        assert!(!next.is_truncated);
        // Paging over folders does not list a folder twice.
        let first = list(&mut cloud, "", Some("/"), Some(2));
        let folders: Vec<&str> = first
            .common_prefixes
            .iter()
            .map(|p| p.prefix.as_str())
            .collect();
        assert_eq!(folders, ["archive/"]);
        let rest = cloud
            .list_objects_v2(ListObjectsV2Input {
                bucket: "lab-notes".into(),
                delimiter: Some("/".into()),
                continuation_token: first.next_continuation_token.clone(),
                ..Default::default()
            })
            .unwrap();
        let folders: Vec<&str> = rest
            .common_prefixes
            .iter()
            .map(|p| p.prefix.as_str())
            .collect();
        assert_eq!(folders, ["photos/"]);
        assert!(rest.contents.is_empty());
        // A folder marker object (`photos/`, as consoles make them) ends a page
        // without hiding the folder's keys from the next one.
        cloud
            .put_object(PutObjectInput {
                bucket: "lab-notes".into(),
                key: "photos/".into(),
                ..Default::default()
            })
            .unwrap();
        let first = list(&mut cloud, "photos/", Some("/"), Some(1));
        assert_eq!(first.contents[0].key, "photos/");
        let rest = cloud
            .list_objects_v2(ListObjectsV2Input {
                bucket: "lab-notes".into(),
                prefix: Some("photos/".into()),
                delimiter: Some("/".into()),
                continuation_token: first.next_continuation_token.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(rest.common_prefixes[0].prefix, "photos/2026/");
        assert_eq!(rest.contents[0].key, "photos/readme.txt");
        let bad = cloud
            .list_objects_v2(ListObjectsV2Input {
                bucket: "lab-notes".into(),
                continuation_token: Some("not-a-token".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(bad.code(), "InvalidArgument");
    }

    #[test]
    fn archived_objects_must_be_restored_and_full_buckets_stay() {
        let mut cloud = lab();
        let get = |cloud: &mut Cloud, key: &str| {
            cloud.get_object(ObjectInput {
                bucket: "lab-notes".into(),
                key: key.into(),
                version_id: None,
            })
        };
        assert_eq!(
            get(&mut cloud, "index.html").unwrap().body,
            "content of index.html"
        );
        assert_eq!(
            get(&mut cloud, "archive/old.txt").unwrap_err(),
            S3Error::InvalidObjectState
        );
        assert_eq!(get(&mut cloud, "nope").unwrap_err(), S3Error::NoSuchKey);
        let head = cloud
            .head_object(ObjectInput {
                bucket: "lab-notes".into(),
                key: "nope".into(),
                version_id: None,
            })
            .unwrap_err();
        assert_eq!(head.code(), "404");
        let delete_bucket = |cloud: &mut Cloud| {
            cloud.delete_bucket(BucketInput {
                bucket: "lab-notes".into(),
            })
        };
        assert_eq!(
            delete_bucket(&mut cloud).unwrap_err(),
            S3Error::BucketNotEmpty
        );
        let keys: Vec<String> = cloud
            .bucket("lab-notes")
            .unwrap()
            .objects
            .keys()
            .cloned()
            .collect();
        for key in keys {
            cloud
                .delete_object(ObjectInput {
                    bucket: "lab-notes".into(),
                    key,
                    version_id: None,
                })
                .unwrap();
        }
        delete_bucket(&mut cloud).unwrap();
    }
}
