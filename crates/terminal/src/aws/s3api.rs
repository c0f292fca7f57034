//! `aws s3api`: S3's API operations on buckets, and the checks the CLI makes
//! before sending (botocore's bucket name pattern).

use serde_json::{Map, Value};

use super::Service;
use super::generated;
use super::operation::{CallError, Operation, call, call_unit};

/// Every supported `aws s3api` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::s3::COPY_OBJECT,
        "Copies an object (or an older version of it: --copy-source bucket/key?versionId=...).",
        call!(copy_object),
    ),
    Operation::new(
        generated::s3::CREATE_BUCKET,
        "Creates a bucket (outside us-east-1, name the region in --create-bucket-configuration LocationConstraint=...).",
        call!(create_bucket),
    ),
    Operation::new(
        generated::s3::DELETE_BUCKET,
        "Deletes an empty bucket.",
        call_unit!(delete_bucket),
    ),
    Operation::new(
        generated::s3::DELETE_BUCKET_ENCRYPTION,
        "Returns the bucket to the default encryption (SSE-S3).",
        call_unit!(delete_bucket_encryption),
    ),
    Operation::new(
        generated::s3::DELETE_BUCKET_LIFECYCLE,
        "Deletes every lifecycle rule of a bucket.",
        call_unit!(delete_bucket_lifecycle),
    ),
    Operation::new(
        generated::s3::DELETE_BUCKET_POLICY,
        "Deletes a bucket's policy.",
        call_unit!(delete_bucket_policy),
    ),
    Operation::new(
        generated::s3::DELETE_BUCKET_WEBSITE,
        "Turns static website hosting off.",
        call_unit!(delete_bucket_website),
    ),
    Operation::new(
        generated::s3::DELETE_OBJECT,
        "Deletes an object (a delete marker when versioning is on), or one version with --version-id.",
        call!(delete_object),
    ),
    Operation::new(
        generated::s3::DELETE_PUBLIC_ACCESS_BLOCK,
        "Removes a bucket's Block Public Access settings (nothing is blocked afterwards).",
        call_unit!(delete_public_access_block),
    ),
    Operation::new(
        generated::s3::GET_BUCKET_ENCRYPTION,
        "Returns a bucket's default encryption.",
        call!(get_bucket_encryption),
    ),
    Operation::new(
        generated::s3::GET_BUCKET_LIFECYCLE_CONFIGURATION,
        "Returns a bucket's lifecycle rules.",
        call!(get_bucket_lifecycle_configuration),
    ),
    Operation::new(
        generated::s3::GET_BUCKET_LOCATION,
        "Returns the region of a bucket.",
        call!(get_bucket_location),
    ),
    Operation::new(
        generated::s3::GET_BUCKET_NOTIFICATION_CONFIGURATION,
        "Shows which functions the bucket's events invoke.",
        call!(get_bucket_notification_configuration),
    ),
    Operation::new(
        generated::s3::GET_BUCKET_POLICY,
        "Returns a bucket's policy.",
        call!(get_bucket_policy),
    ),
    Operation::new(
        generated::s3::GET_BUCKET_POLICY_STATUS,
        "Says whether a bucket's policy is public.",
        call!(get_bucket_policy_status),
    ),
    Operation::new(
        generated::s3::GET_BUCKET_VERSIONING,
        "Returns a bucket's versioning state (nothing when it was never turned on).",
        call!(get_bucket_versioning),
    ),
    Operation::new(
        generated::s3::GET_BUCKET_WEBSITE,
        "Returns a bucket's website configuration.",
        call!(get_bucket_website),
    ),
    Operation::new(
        generated::s3::GET_PUBLIC_ACCESS_BLOCK,
        "Returns a bucket's Block Public Access settings.",
        call!(get_public_access_block),
    ),
    Operation::new(
        generated::s3::HEAD_BUCKET,
        "Checks that a bucket exists and that you may read it.",
        call!(head_bucket),
    ),
    Operation::new(
        generated::s3::HEAD_OBJECT,
        "Returns an object's metadata (of one version with --version-id).",
        call!(head_object),
    ),
    Operation::new(
        generated::s3::LIST_BUCKETS,
        "Lists your buckets in every region.",
        call!(list_buckets),
    ),
    Operation::new(
        generated::s3::LIST_OBJECT_VERSIONS,
        "Lists every version and delete marker of a bucket's keys.",
        call!(list_object_versions),
    ),
    Operation::new(
        generated::s3::LIST_OBJECTS_V2,
        "Lists the keys of a bucket, with common prefixes for a delimiter.",
        call!(list_objects_v2),
    ),
    Operation::new(
        generated::s3::PUT_BUCKET_ENCRYPTION,
        "Sets a bucket's default encryption (AES256 or aws:kms).",
        call_unit!(put_bucket_encryption),
    ),
    Operation::new(
        generated::s3::PUT_BUCKET_LIFECYCLE_CONFIGURATION,
        "Replaces a bucket's lifecycle rules (transitions and expirations on the clock).",
        call_unit!(put_bucket_lifecycle_configuration),
    ),
    Operation::new(
        generated::s3::PUT_BUCKET_NOTIFICATION_CONFIGURATION,
        "Sends the bucket's object events to Lambda functions.",
        call_unit!(put_bucket_notification_configuration),
    ),
    Operation::new(
        generated::s3::PUT_BUCKET_POLICY,
        "Sets a bucket's policy (refused when public while Block Public Access blocks public policies).",
        call_unit!(put_bucket_policy),
    ),
    Operation::new(
        generated::s3::PUT_BUCKET_VERSIONING,
        "Turns versioning on (Enabled) or suspends it.",
        call_unit!(put_bucket_versioning),
    ),
    Operation::new(
        generated::s3::PUT_BUCKET_WEBSITE,
        "Turns static website hosting on.",
        call_unit!(put_bucket_website),
    ),
    Operation::new(
        generated::s3::PUT_PUBLIC_ACCESS_BLOCK,
        "Sets a bucket's four Block Public Access settings.",
        call_unit!(put_public_access_block),
    ),
];

/// `aws s3api`.
pub const S3API: Service = Service {
    name: "s3api",
    title: "S3API",
    description: "Amazon Simple Storage Service (Amazon S3) stores objects in buckets.\n       These are its API operations; `aws s3` offers file-like commands on top.",
    operations: OPERATIONS,
    extra: &[],
    regional: false,
};

/// botocore's pattern for a bucket name (or an access point ARN), checked by the
/// CLI before a request is sent (`botocore/handlers.py`, `VALID_BUCKET`).
fn passes_client_check(bucket: &str) -> bool {
    let plain = !bucket.is_empty()
        && bucket.len() <= 255
        && bucket
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    plain || (bucket.starts_with("arn:aws") && bucket.contains(":accesspoint"))
}

/// The CLI's own refusal of a bucket name, before anything is sent.
pub fn client_side_bucket_error(bucket: &str) -> Option<String> {
    (!passes_client_check(bucket)).then(|| {
        format!(
            "Parameter validation failed:\nInvalid bucket name \"{bucket}\": Bucket name must match the regex \"^[a-zA-Z0-9.\\-_]{{1,255}}$\" or be an ARN matching the regex \"^arn:(aws).*:(s3|s3-object-lambda):[a-z\\-0-9]*:[0-9]{{12}}:accesspoint[/:][a-zA-Z0-9\\-.]{{1,63}}$|^arn:(aws).*:s3-outposts:[a-z\\-0-9]+:[0-9]{{12}}:outpost[/:][a-zA-Z0-9\\-]{{1,63}}[/:]accesspoint[/:][a-zA-Z0-9\\-]{{1,63}}$\""
        )
    })
}

/// Prepares a request as the CLI and the endpoint would: refuses a bucket name
/// botocore rejects, and tells the model which region the request was sent to.
pub fn prepare(
    op: &Operation,
    params: &mut Map<String, Value>,
    endpoint_region: &str,
) -> Result<(), CallError> {
    if let Some(Value::String(bucket)) = params.get("Bucket")
        && let Some(message) = client_side_bucket_error(bucket)
    {
        return Err(CallError::Validation(message));
    }
    if op.operation == "CreateBucket" {
        params.insert(
            "EndpointRegion".into(),
            Value::String(endpoint_region.to_string()),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_refuses_only_what_botocore_s_pattern_refuses() {
        for sent in ["my-bucket", "My_Bucket", "ab", "-x", "192.168.5.4"] {
            assert!(client_side_bucket_error(sent).is_none(), "{sent}");
        }
        for refused in ["my bucket", "bucket!", "bécket", ""] {
            assert!(client_side_bucket_error(refused).is_some(), "{refused}");
        }
    }
}
