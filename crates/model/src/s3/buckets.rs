//! Buckets: `CreateBucket`, `ListBuckets`, `HeadBucket`, `GetBucketLocation`,
//! `DeleteBucket`.
//!
//! Names are global: one namespace for every account in the partition, and a
//! bucket lives in the region its request named. Outside us-east-1 the request
//! must name the endpoint's region as its location constraint; in us-east-1 it
//! must name none. A new bucket blocks all public access and has ACLs disabled
//! (`BucketOwnerEnforced`), as AWS has made them since April 2023.

use serde::{Deserialize, Serialize};

use super::errors::S3Error;
use super::names::is_valid_bucket_name;
use super::{Bucket, PublicAccessBlock};
use crate::catalog;
use crate::cloud::Cloud;

/// `CreateBucketConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateBucketConfiguration {
    /// The region, for any endpoint but us-east-1.
    pub location_constraint: Option<String>,
}

/// `CreateBucket` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateBucketInput {
    /// The bucket's name.
    pub bucket: String,
    /// Where it goes.
    pub create_bucket_configuration: Option<CreateBucketConfiguration>,
    /// The region the request was sent to (the CLI's `--region`). Not an AWS
    /// member: the endpoint a real request goes to.
    pub endpoint_region: Option<String>,
}

/// `CreateBucket` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketOutput {
    /// `/name` in us-east-1, the bucket's regional URL elsewhere.
    pub location: String,
}

/// Input naming one bucket (`HeadBucket`, `GetBucketLocation`, `DeleteBucket`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BucketInput {
    /// The bucket.
    pub bucket: String,
}

/// `ListBuckets` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListBucketsInput {
    /// Only buckets whose names start with this.
    pub prefix: Option<String>,
    /// Only buckets in this region.
    pub bucket_region: Option<String>,
}

/// One bucket in `ListBuckets`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketSummary {
    /// The name.
    pub name: String,
    /// When it was created.
    pub creation_date: String,
    /// Its region.
    pub bucket_region: String,
}

/// The account as S3 names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Owner {
    /// The canonical user id.
    #[serde(rename = "ID")]
    pub id: String,
}

/// `ListBuckets` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketsOutput {
    /// The buckets, by name.
    pub buckets: Vec<BucketSummary>,
    /// The account.
    pub owner: Owner,
    /// The prefix asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// `HeadBucket` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadBucketOutput {
    /// The bucket's region.
    pub bucket_region: String,
    /// Whether the name is an access point alias (never here).
    pub access_point_alias: bool,
}

/// `GetBucketLocation` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLocationOutput {
    /// The region; `null` for us-east-1, as S3 answers.
    pub location_constraint: Option<String>,
}

fn bucket_arn(name: &str) -> String {
    format!("arn:aws:s3:::{name}")
}

impl Cloud {
    pub(crate) fn s3_call<T>(
        &mut self,
        operation: &str,
        action: &str,
        resource: String,
        body: impl FnOnce(&mut Cloud) -> Result<T, S3Error>,
    ) -> Result<T, S3Error> {
        let action = format!("s3:{action}");
        self.service_call(
            "s3",
            operation,
            |_, _| Some((action, resource, Default::default())),
            body,
        )
    }

    /// The account's canonical user id (64 hex digits, derived from its id).
    pub fn s3_canonical_user_id(&self) -> String {
        crate::digest::hex(
            &crate::digest::sha256(format!("canonical:{}", self.config.account_id).as_bytes()),
            None,
        )
    }

    /// `s3api create-bucket` (and `s3 mb`).
    pub fn create_bucket(
        &mut self,
        input: CreateBucketInput,
    ) -> Result<CreateBucketOutput, S3Error> {
        let arn = bucket_arn(&input.bucket);
        self.s3_call("CreateBucket", "CreateBucket", arn, |c| {
            if !is_valid_bucket_name(&input.bucket) {
                return Err(S3Error::InvalidBucketName);
            }
            let endpoint = input
                .endpoint_region
                .clone()
                .unwrap_or_else(|| c.region().code.to_string());
            let constraint = input
                .create_bucket_configuration
                .as_ref()
                .and_then(|b| b.location_constraint.clone())
                .filter(|l| !l.is_empty());
            let region = match (endpoint.as_str(), constraint) {
                ("us-east-1", None) => "us-east-1".to_string(),
                ("us-east-1", Some(l)) if l == "us-east-1" => {
                    return Err(S3Error::InvalidLocationConstraint);
                }
                (_, Some(l)) if catalog::region(&l).is_none() => {
                    return Err(S3Error::InvalidLocationConstraint);
                }
                (_, Some(l)) if l != endpoint => {
                    return Err(S3Error::IllegalLocationConstraint(Some(l)));
                }
                (_, Some(l)) => l,
                (_, None) => return Err(S3Error::IllegalLocationConstraint(None)),
            };
            if let Some(existing) = c.bucket(&input.bucket) {
                // us-east-1 answers 200 to its owner, for old times' sake.
                if existing.region == "us-east-1" && region == "us-east-1" {
                    return Ok(CreateBucketOutput {
                        location: format!("/{}", input.bucket),
                    });
                }
                return Err(S3Error::BucketAlreadyOwnedByYou);
            }
            let location = if region == "us-east-1" {
                format!("/{}", input.bucket)
            } else {
                format!("http://{}.s3.{region}.amazonaws.com/", input.bucket)
            };
            let now = c.now;
            c.s3.buckets.push(Bucket {
                name: input.bucket.clone(),
                region,
                created: now,
                public_access_block: Some(PublicAccessBlock::all_on()),
                object_ownership: "BucketOwnerEnforced".into(),
                objects: Default::default(),
                versioning: None,
                history: Default::default(),
                lifecycle: None,
                policy: None,
                encryption: Default::default(),
                website: None,
                notification: None,
            });
            c.s3.buckets.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(CreateBucketOutput { location })
        })
    }

    /// `s3api list-buckets` (and `s3 ls`): every bucket of the account, in every region.
    pub fn list_buckets(&mut self, input: ListBucketsInput) -> Result<ListBucketsOutput, S3Error> {
        self.s3_call("ListBuckets", "ListAllMyBuckets", "*".into(), |c| {
            let buckets =
                c.s3.buckets
                    .iter()
                    .filter(|b| {
                        input
                            .prefix
                            .as_deref()
                            .is_none_or(|p| b.name.starts_with(p))
                    })
                    .filter(|b| input.bucket_region.as_deref().is_none_or(|r| b.region == r))
                    .map(|b| BucketSummary {
                        name: b.name.clone(),
                        creation_date: b.created.to_iso8601(),
                        bucket_region: b.region.clone(),
                    })
                    .collect();
            Ok(ListBucketsOutput {
                buckets,
                owner: Owner {
                    id: c.s3_canonical_user_id(),
                },
                prefix: input.prefix.clone(),
            })
        })
    }

    /// `s3api head-bucket`: whether the bucket exists and may be read (a 404 has no body).
    pub fn head_bucket(&mut self, input: BucketInput) -> Result<HeadBucketOutput, S3Error> {
        let arn = bucket_arn(&input.bucket);
        self.s3_bucket_call(
            "HeadBucket",
            "ListBucket",
            arn,
            &input.bucket.clone(),
            |c| {
                let bucket = c.bucket(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                Ok(HeadBucketOutput {
                    bucket_region: bucket.region.clone(),
                    access_point_alias: false,
                })
            },
        )
        .map_err(S3Error::for_head)
    }

    /// `s3api get-bucket-location`.
    pub fn get_bucket_location(
        &mut self,
        input: BucketInput,
    ) -> Result<GetBucketLocationOutput, S3Error> {
        let arn = bucket_arn(&input.bucket);
        self.s3_bucket_call(
            "GetBucketLocation",
            "GetBucketLocation",
            arn,
            &input.bucket.clone(),
            |c| {
                let bucket = c.bucket(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                Ok(GetBucketLocationOutput {
                    location_constraint: (bucket.region != "us-east-1")
                        .then(|| bucket.region.clone()),
                })
            },
        )
    }

    /// `s3api delete-bucket` (and `s3 rb`): only an empty bucket.
    pub fn delete_bucket(&mut self, input: BucketInput) -> Result<(), S3Error> {
        let arn = bucket_arn(&input.bucket);
        self.s3_bucket_call(
            "DeleteBucket",
            "DeleteBucket",
            arn,
            &input.bucket.clone(),
            |c| {
                let bucket = c.bucket(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                if !bucket.is_empty() {
                    return Err(S3Error::BucketNotEmpty);
                }
                c.s3.buckets.retain(|b| b.name != input.bucket);
                Ok(())
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(
        cloud: &mut Cloud,
        name: &str,
        endpoint: &str,
        constraint: Option<&str>,
    ) -> Result<CreateBucketOutput, S3Error> {
        cloud.create_bucket(CreateBucketInput {
            bucket: name.into(),
            create_bucket_configuration: constraint.map(|l| CreateBucketConfiguration {
                location_constraint: Some(l.into()),
            }),
            endpoint_region: Some(endpoint.into()),
        })
    }

    #[test]
    fn location_constraints_follow_the_endpoint() {
        let mut cloud = Cloud::default();
        let seoul = "ap-northeast-2";
        assert_eq!(
            create(&mut cloud, "lab-bucket-1", seoul, None).unwrap_err(),
            S3Error::IllegalLocationConstraint(None)
        );
        assert_eq!(
            create(&mut cloud, "lab-bucket-1", seoul, Some("us-west-2"))
                .unwrap_err()
                .code(),
            "IllegalLocationConstraintException"
        );
        assert_eq!(
            create(&mut cloud, "lab-bucket-1", "us-east-1", Some("us-east-1")).unwrap_err(),
            S3Error::InvalidLocationConstraint
        );
        let out = create(&mut cloud, "lab-bucket-1", seoul, Some(seoul)).unwrap();
        assert_eq!(
            out.location,
            "http://lab-bucket-1.s3.ap-northeast-2.amazonaws.com/"
        );
        assert_eq!(
            create(&mut cloud, "lab-bucket-1", seoul, Some(seoul)).unwrap_err(),
            S3Error::BucketAlreadyOwnedByYou
        );
        // us-east-1 answers its owner with success.
        create(&mut cloud, "lab-bucket-2", "us-east-1", None).unwrap();
        assert_eq!(
            create(&mut cloud, "lab-bucket-2", "us-east-1", None)
                .unwrap()
                .location,
            "/lab-bucket-2"
        );
        let listed = cloud.list_buckets(ListBucketsInput::default()).unwrap();
        let names: Vec<&str> = listed.buckets.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["lab-bucket-1", "lab-bucket-2"]);
        assert_eq!(listed.owner.id.len(), 64);
        let location = |cloud: &mut Cloud, name: &str| {
            cloud
                .get_bucket_location(BucketInput {
                    bucket: name.into(),
                })
                .unwrap()
                .location_constraint
        };
        assert_eq!(location(&mut cloud, "lab-bucket-1").as_deref(), Some(seoul));
        assert_eq!(location(&mut cloud, "lab-bucket-2"), None);
        let bucket = cloud.bucket("lab-bucket-1").unwrap();
        assert!(bucket.public_access().blocks_everything());
        assert_eq!(bucket.object_ownership, "BucketOwnerEnforced");
    }

    #[test]
    fn missing_buckets() {
        let mut cloud = Cloud::default();
        let missing = BucketInput {
            bucket: "nope-nope".into(),
        };
        let head = cloud.head_bucket(missing.clone()).unwrap_err();
        assert_eq!(
            (head.code(), head.message().as_str(), head.http_status()),
            ("404", "Not Found", 404)
        );
        assert_eq!(
            cloud.delete_bucket(missing).unwrap_err(),
            S3Error::NoSuchBucket
        );
    }
}
