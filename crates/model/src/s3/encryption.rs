//! Default encryption: `PutBucketEncryption`, `GetBucketEncryption`,
//! `DeleteBucketEncryption`.
//!
//! Every object is encrypted at rest. Since January 2023 a bucket starts with
//! SSE-S3 (`AES256`, keys S3 manages); the owner may choose SSE-KMS (`aws:kms`,
//! a KMS key, by default the account's `aws/s3` key) instead. Deleting the
//! setting returns the bucket to SSE-S3: encryption can no longer be turned off.

use serde::{Deserialize, Serialize};

use super::errors::S3Error;
use crate::cloud::Cloud;

/// A bucket's default encryption.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DefaultEncryption {
    /// `AES256` or `aws:kms`.
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: String,
    /// The KMS key, for `aws:kms`.
    #[serde(
        rename = "KMSMasterKeyID",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub kms_master_key_id: Option<String>,
}

impl Default for DefaultEncryption {
    fn default() -> Self {
        DefaultEncryption {
            sse_algorithm: "AES256".into(),
            kms_master_key_id: None,
        }
    }
}

/// One rule of `ServerSideEncryptionConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServerSideEncryptionRule {
    /// The default for new objects.
    pub apply_server_side_encryption_by_default: Option<DefaultEncryption>,
    /// Whether SSE-KMS uses an S3 Bucket Key (fewer KMS requests).
    pub bucket_key_enabled: Option<bool>,
}

/// `ServerSideEncryptionConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServerSideEncryptionConfiguration {
    /// Exactly one rule.
    pub rules: Vec<ServerSideEncryptionRule>,
}

/// `PutBucketEncryption` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutBucketEncryptionInput {
    /// The bucket.
    pub bucket: String,
    /// The setting.
    pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
}

/// `GetBucketEncryption` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketEncryptionOutput {
    /// The setting.
    pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
}

impl Cloud {
    /// `s3api put-bucket-encryption`.
    pub fn put_bucket_encryption(
        &mut self,
        input: PutBucketEncryptionInput,
    ) -> Result<(), S3Error> {
        let bucket = input.bucket.clone();
        self.on_bucket("PutBucketEncryption", "PutEncryptionConfiguration", &bucket, |c| {
                let rules = &input.server_side_encryption_configuration.rules;
                let [rule] = rules.as_slice() else {
                    return Err(S3Error::MalformedXml);
                };
                let mut default = rule
                    .apply_server_side_encryption_by_default
                    .clone()
                    .ok_or(S3Error::MalformedXml)?;
                match default.sse_algorithm.as_str() {
                    "AES256" if default.kms_master_key_id.is_some() => {
                        return Err(S3Error::InvalidArgument(
                            "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse".into(),
                        ));
                    }
                    "AES256" => {}
                    "aws:kms" | "aws:kms:dsse" => {
                        default.kms_master_key_id.get_or_insert_with(|| "alias/aws/s3".into());
                    }
                    _ => return Err(S3Error::MalformedXml),
                }
                let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                bucket.encryption = default;
                Ok(())
        })
    }

    /// `s3api get-bucket-encryption`: every bucket has one (SSE-S3 at least).
    pub fn get_bucket_encryption(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<GetBucketEncryptionOutput, S3Error> {
        self.read_bucket(
            "GetBucketEncryption",
            "GetEncryptionConfiguration",
            &input.bucket,
            |bucket| {
                Ok(GetBucketEncryptionOutput {
                    server_side_encryption_configuration: ServerSideEncryptionConfiguration {
                        rules: vec![ServerSideEncryptionRule {
                            apply_server_side_encryption_by_default: Some(
                                bucket.encryption.clone(),
                            ),
                            bucket_key_enabled: Some(bucket.encryption.sse_algorithm != "AES256"),
                        }],
                    },
                })
            },
        )
    }

    /// `s3api delete-bucket-encryption`: back to SSE-S3.
    pub fn delete_bucket_encryption(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<(), S3Error> {
        self.change_bucket(
            "DeleteBucketEncryption",
            "PutEncryptionConfiguration",
            &input.bucket,
            |bucket| {
                bucket.encryption = DefaultEncryption::default();
                Ok(())
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::buckets::BucketInput;
    use crate::s3::objects::{ObjectInput, PutObjectInput};
    use crate::s3::test_bucket::lab_with_bucket;

    #[test]
    fn new_objects_follow_the_bucket_s_default_encryption() {
        let mut cloud = lab_with_bucket("lab-secure");
        let get = |cloud: &mut Cloud| {
            cloud
                .get_bucket_encryption(BucketInput {
                    bucket: "lab-secure".into(),
                })
                .unwrap()
                .server_side_encryption_configuration
                .rules[0]
                .clone()
        };
        assert_eq!(
            get(&mut cloud)
                .apply_server_side_encryption_by_default
                .unwrap()
                .sse_algorithm,
            "AES256"
        );
        cloud
            .put_bucket_encryption(PutBucketEncryptionInput {
                bucket: "lab-secure".into(),
                server_side_encryption_configuration: ServerSideEncryptionConfiguration {
                    rules: vec![ServerSideEncryptionRule {
                        apply_server_side_encryption_by_default: Some(DefaultEncryption {
                            sse_algorithm: "aws:kms".into(),
                            kms_master_key_id: None,
                        }),
                        bucket_key_enabled: Some(true),
                    }],
                },
            })
            .unwrap();
        cloud
            .put_object(PutObjectInput {
                bucket: "lab-secure".into(),
                key: "secret.txt".into(),
                body: Some("s".into()),
                ..Default::default()
            })
            .unwrap();
        let head = cloud
            .head_object(ObjectInput {
                bucket: "lab-secure".into(),
                key: "secret.txt".into(),
                version_id: None,
            })
            .unwrap();
        assert_eq!(head.server_side_encryption, "aws:kms");
        assert_eq!(
            head.ssekms_key_id.as_deref(),
            Some("arn:aws:kms:ap-northeast-2:123456789012:alias/aws/s3")
        );
        let refused = cloud.put_bucket_encryption(PutBucketEncryptionInput {
            bucket: "lab-secure".into(),
            server_side_encryption_configuration: ServerSideEncryptionConfiguration {
                rules: vec![],
            },
        });
        assert_eq!(refused, Err(S3Error::MalformedXml));
        cloud
            .delete_bucket_encryption(BucketInput {
                bucket: "lab-secure".into(),
            })
            .unwrap();
        assert_eq!(
            get(&mut cloud)
                .apply_server_side_encryption_by_default
                .unwrap()
                .sse_algorithm,
            "AES256"
        );
    }
}
