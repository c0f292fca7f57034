//! Objects: `PutObject`, `GetObject`, `HeadObject`, `ListObjectsV2`,
//! `DeleteObject`.
//!
//! A bucket is flat: a key such as `photos/2026/cat.txt` is one name, and
//! "folders" are prefixes that `ListObjectsV2` groups with a delimiter. Each
//! object has a storage class; GLACIER and DEEP_ARCHIVE objects cannot be read
//! until restored (`InvalidObjectState`). Objects are encrypted at rest by
//! default (SSE-S3, `AES256`), as AWS does since January 2023.
//!
//! Not simulated yet: versions, multipart uploads, restores from archive,
//! metadata beyond the content type, checksums other than the ETag.

use serde::{Deserialize, Serialize};

use super::S3Object;
use super::errors::S3Error;
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
}

/// `PutObject` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutObjectOutput {
    /// The MD5 of the content, quoted.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// `AES256`.
    pub server_side_encryption: String,
}

/// Input naming one object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ObjectInput {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
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
    /// `AES256`.
    pub server_side_encryption: String,
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
        server_side_encryption: "AES256".into(),
        storage_class: (o.storage_class != "STANDARD").then(|| o.storage_class.clone()),
    }
}

impl Cloud {
    /// `s3api put-object` (and `s3 cp` up).
    pub fn put_object(&mut self, input: PutObjectInput) -> Result<PutObjectOutput, S3Error> {
        let arn = object_arn(&input.bucket, &input.key);
        self.s3_call("PutObject", "PutObject", arn, |c| {
            if c.bucket(&input.bucket).is_none() {
                return Err(S3Error::NoSuchBucket);
            }
            if input.key.len() > 1024 {
                return Err(S3Error::KeyTooLong);
            }
            let storage_class = input
                .storage_class
                .clone()
                .unwrap_or_else(|| "STANDARD".into());
            if !STORAGE_CLASSES.contains(&storage_class.as_str()) {
                return Err(S3Error::InvalidStorageClass);
            }
            let body = input.body.clone().unwrap_or_default();
            let etag = format!(
                "\"{}\"",
                crate::digest::hex(&crate::digest::md5(body.as_bytes()), None)
            );
            let now = c.now;
            if let Some(bucket) = c.s3.buckets.iter_mut().find(|b| b.name == input.bucket) {
                bucket.objects.insert(
                    input.key.clone(),
                    S3Object {
                        key: input.key.clone(),
                        body,
                        etag: etag.clone(),
                        last_modified: now,
                        storage_class,
                        content_type: input.content_type.clone(),
                    },
                );
            }
            Ok(PutObjectOutput {
                etag,
                server_side_encryption: "AES256".into(),
            })
        })
    }

    fn existing_object(&self, bucket: &str, key: &str) -> Result<&S3Object, S3Error> {
        let bucket = self.bucket(bucket).ok_or(S3Error::NoSuchBucket)?;
        bucket.objects.get(key).ok_or(S3Error::NoSuchKey)
    }

    /// `s3 cp` down: the object and its content. Archived objects must be restored first.
    pub fn get_object(&mut self, input: ObjectInput) -> Result<GetObjectOutput, S3Error> {
        let arn = object_arn(&input.bucket, &input.key);
        self.s3_call("GetObject", "GetObject", arn, |c| {
            let o = c.existing_object(&input.bucket, &input.key)?;
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
        self.s3_call("HeadObject", "GetObject", arn, |c| {
            c.existing_object(&input.bucket, &input.key).map(metadata)
        })
        .map_err(S3Error::for_head)
    }

    /// `s3api list-objects-v2` (and `s3 ls s3://bucket/prefix/`).
    pub fn list_objects_v2(
        &mut self,
        input: ListObjectsV2Input,
    ) -> Result<ListObjectsV2Output, S3Error> {
        let arn = format!("arn:aws:s3:::{}", input.bucket);
        self.s3_call("ListObjectsV2", "ListBucket", arn, |c| {
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
        })
    }

    /// `s3api delete-object` (and `s3 rm`): succeeds whether or not the key exists.
    pub fn delete_object(&mut self, input: ObjectInput) -> Result<(), S3Error> {
        let arn = object_arn(&input.bucket, &input.key);
        self.s3_call("DeleteObject", "DeleteObject", arn, |c| {
            let bucket =
                c.s3.buckets
                    .iter_mut()
                    .find(|b| b.name == input.bucket)
                    .ok_or(S3Error::NoSuchBucket)?;
            bucket.objects.remove(&input.key);
            Ok(())
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
                })
                .unwrap();
        }
        delete_bucket(&mut cloud).unwrap();
    }
}
