//! The AWS calls a function's code makes, answered by the model as the
//! function's execution role: each goes through the same authorization as a call
//! from the terminal, so the role's policy decides what the code may do.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::runtime::{RuntimeHost, SdkError};
use crate::auth::CallerIdentity;
use crate::aws_error::AwsError;
use crate::cloud::Cloud;
use crate::digest;
use crate::latency::RoundTrip;

/// What a running function reaches: the account, as its role, and its clock.
pub(crate) struct FunctionHost<'c> {
    pub(crate) cloud: &'c mut Cloud,
    pub(crate) role: CallerIdentity,
    /// Microseconds the handler has run (SDK round trips and sleeps).
    pub(crate) elapsed_us: u64,
    /// When the handler started (Unix milliseconds).
    pub(crate) started_unix_ms: u64,
}

fn call<I: DeserializeOwned, O: Serialize, E: AwsError>(
    cloud: &mut Cloud,
    params: Value,
    operation: impl FnOnce(&mut Cloud, I) -> Result<O, E>,
) -> Result<Value, SdkError> {
    let input: I = serde_json::from_value(params).map_err(|e| SdkError {
        code: "ValidationException".into(),
        message: format!("Parameter validation failed: {e}"),
    })?;
    let output = operation(cloud, input).map_err(|e| SdkError {
        code: e.code().to_string(),
        message: e.message(),
    })?;
    serde_json::to_value(output).map_err(|e| SdkError {
        code: "InternalError".into(),
        message: e.to_string(),
    })
}

impl FunctionHost<'_> {
    fn dispatch(
        &mut self,
        service: &str,
        operation: &str,
        params: Value,
    ) -> Result<Value, SdkError> {
        let mut as_role = self.cloud.as_caller(self.role.clone());
        let cloud: &mut Cloud = &mut as_role;
        match (service, operation) {
            ("dynamodb", "PutItem") => call(cloud, params, Cloud::put_item),
            ("dynamodb", "GetItem") => call(cloud, params, Cloud::get_item),
            ("dynamodb", "DeleteItem") => call(cloud, params, Cloud::delete_item),
            ("dynamodb", "UpdateItem") => call(cloud, params, Cloud::update_item),
            ("dynamodb", "Query") => call(cloud, params, Cloud::query),
            ("dynamodb", "Scan") => call(cloud, params, Cloud::scan),
            ("dynamodb", "DescribeTable") => call(cloud, params, Cloud::describe_table),
            ("dynamodb", "ListTables") => call(cloud, params, Cloud::list_tables),
            ("s3", "PutObject") => call(cloud, params, Cloud::put_object),
            ("s3", "HeadObject") => call(cloud, params, Cloud::head_object),
            ("s3", "DeleteObject") => call(cloud, params, Cloud::delete_object),
            ("s3", "CopyObject") => call(cloud, params, Cloud::copy_object),
            ("s3", "ListObjectsV2") => call(cloud, params, Cloud::list_objects_v2),
            ("s3", "ListBuckets") => call(cloud, params, Cloud::list_buckets),
            ("s3", "GetObject") => {
                let input = serde_json::from_value(params).map_err(|e| SdkError {
                    code: "ValidationException".into(),
                    message: format!("Parameter validation failed: {e}"),
                })?;
                let got = cloud.get_object(input).map_err(|e| SdkError {
                    code: e.code().to_string(),
                    message: e.message(),
                })?;
                let mut value = serde_json::to_value(&got.metadata).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut value {
                    map.insert(
                        "Body".into(),
                        Value::String(digest::base64_encode(got.body.as_bytes())),
                    );
                }
                Ok(value)
            }
            _ => Err(SdkError {
                code: "NotSimulated".into(),
                message: format!("{service} {operation} is not simulated for functions"),
            }),
        }
    }
}

impl RuntimeHost for FunctionHost<'_> {
    fn sdk_call(
        &mut self,
        service: &str,
        operation: &str,
        params: Value,
    ) -> Result<Value, SdkError> {
        let trip = match (service, operation) {
            ("dynamodb", "PutItem" | "UpdateItem" | "DeleteItem") => RoundTrip::DynamoDbWrite,
            ("s3", _) => RoundTrip::S3Request,
            _ => RoundTrip::DynamoDbRead,
        };
        self.elapsed_us += self.cloud.sample_round_trip_us(trip);
        self.dispatch(service, operation, params)
    }

    fn sleep_ms(&mut self, ms: u64) {
        self.elapsed_us = self.elapsed_us.saturating_add(ms.saturating_mul(1000));
    }

    fn elapsed_ms(&self) -> u64 {
        self.elapsed_us / 1000
    }

    fn now_unix_ms(&self) -> u64 {
        self.started_unix_ms + self.elapsed_ms()
    }
}
