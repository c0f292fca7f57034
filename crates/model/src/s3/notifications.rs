//! Event notifications: `PutBucketNotificationConfiguration` sends
//! `s3:ObjectCreated:*` and `s3:ObjectRemoved:*` events to Lambda functions.
//! S3 checks each destination when the configuration is saved (the function must
//! exist and its resource-based policy must let `s3.amazonaws.com` invoke it for
//! this bucket), and invokes the function asynchronously with the event record
//! when a matching object is written or deleted. SNS and SQS destinations and
//! EventBridge are not simulated.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::errors::S3Error;
use crate::cloud::Cloud;
use crate::lambda::split_function_ref;

/// The event types a configuration may name.
pub const EVENT_TYPES: &[&str] = &[
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
];

/// One key filter rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FilterRule {
    /// `prefix` or `suffix`.
    pub name: String,
    /// The text.
    pub value: String,
}

/// `Key` in a filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeyFilter {
    /// The rules.
    pub filter_rules: Vec<FilterRule>,
}

/// `Filter` of a destination.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NotificationFilter {
    /// Rules on the key.
    pub key: KeyFilter,
}

/// A Lambda destination.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LambdaFunctionConfiguration {
    /// Its id (one is made up when left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The function's ARN.
    pub lambda_function_arn: String,
    /// The events.
    pub events: Vec<String>,
    /// Which keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<NotificationFilter>,
}

/// A bucket's notification configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NotificationConfiguration {
    /// Lambda destinations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lambda_function_configurations: Vec<LambdaFunctionConfiguration>,
    /// SNS destinations (not simulated).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topic_configurations: Vec<Value>,
    /// SQS destinations (not simulated).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub queue_configurations: Vec<Value>,
}

/// `s3api put-bucket-notification-configuration`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutBucketNotificationConfigurationInput {
    /// The bucket.
    pub bucket: String,
    /// The configuration (empty turns notifications off).
    pub notification_configuration: NotificationConfiguration,
    /// Skip checking the destinations.
    pub skip_destination_validation: Option<bool>,
}

fn event_matches(configured: &str, event: &str) -> bool {
    let event = format!("s3:{event}");
    configured == event
        || configured
            .strip_suffix('*')
            .is_some_and(|prefix| event.starts_with(prefix))
}

fn key_matches(filter: Option<&NotificationFilter>, key: &str) -> bool {
    filter.is_none_or(|f| {
        f.key
            .filter_rules
            .iter()
            .all(|rule| match rule.name.to_ascii_lowercase().as_str() {
                "prefix" => key.starts_with(&rule.value),
                "suffix" => key.ends_with(&rule.value),
                _ => false,
            })
    })
}

/// A key as S3 writes it into an event: URL-encoded, spaces as `+`.
fn encode_key(key: &str) -> String {
    let mut out = String::new();
    for b in key.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Cloud {
    /// `s3api put-bucket-notification-configuration`.
    pub fn put_bucket_notification_configuration(
        &mut self,
        input: PutBucketNotificationConfigurationInput,
    ) -> Result<(), S3Error> {
        let bucket = input.bucket.clone();
        self.on_bucket("PutBucketNotificationConfiguration", "PutBucketNotification", &bucket, |c| {
            let mut config = input.notification_configuration.clone();
            if !config.topic_configurations.is_empty() || !config.queue_configurations.is_empty() {
                return Err(S3Error::InvalidArgument(
                    "SNS and SQS destinations are not simulated here; use LambdaFunctionConfigurations".into(),
                ));
            }
            let bucket_arn = format!("arn:aws:s3:::{bucket}");
            let account = c.account_id().to_string();
            let mut unvalidated = Vec::new();
            for destination in &mut config.lambda_function_configurations {
                if destination.events.is_empty() || destination.events.iter().any(|e| !EVENT_TYPES.contains(&e.as_str())) {
                    return Err(S3Error::InvalidArgument("The event is not supported for notifications".into()));
                }
                if destination.id.is_none() {
                    let n = c.service_rng("s3").next_u64();
                    destination.id = Some(format!("{n:016x}"));
                }
                let (name, _) = split_function_ref(&destination.lambda_function_arn);
                let allowed = c.lambda_function(&name).is_some_and(|f| {
                    Cloud::invoke_permission(f, "s3.amazonaws.com", &bucket_arn, &account).is_some()
                });
                if !allowed && !input.skip_destination_validation.unwrap_or(false) {
                    unvalidated.push(destination.lambda_function_arn.clone());
                }
            }
            if !unvalidated.is_empty() {
                return Err(S3Error::InvalidArgument(format!(
                    "Unable to validate the following destination configurations ({})",
                    unvalidated.join(", ")
                )));
            }
            let b = c.bucket_mut(&bucket).ok_or(S3Error::NoSuchBucket)?;
            b.notification = (!config.lambda_function_configurations.is_empty()).then_some(config);
            Ok(())
        })
    }

    /// `s3api get-bucket-notification-configuration`.
    pub fn get_bucket_notification_configuration(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<NotificationConfiguration, S3Error> {
        self.read_bucket(
            "GetBucketNotificationConfiguration",
            "GetBucketNotification",
            &input.bucket,
            |bucket| Ok(bucket.notification.clone().unwrap_or_default()),
        )
    }

    /// Sends `event` (`ObjectCreated:Put`) for `key` to the bucket's matching
    /// destinations, each function invoked asynchronously as S3.
    pub(crate) fn notify_object_event(
        &mut self,
        bucket: &str,
        key: &str,
        event: &str,
        size: u64,
        etag: &str,
    ) {
        let Some(config) = self.bucket(bucket).and_then(|b| b.notification.clone()) else {
            return;
        };
        let bucket_arn = format!("arn:aws:s3:::{bucket}");
        let account = self.account_id().to_string();
        for destination in &config.lambda_function_configurations {
            if !destination.events.iter().any(|e| event_matches(e, event))
                || !key_matches(destination.filter.as_ref(), key)
            {
                continue;
            }
            let (name, qualifier) = split_function_ref(&destination.lambda_function_arn);
            let Some(f) = self.lambda_function(&name) else {
                continue;
            };
            if Cloud::invoke_permission(f, "s3.amazonaws.com", &bucket_arn, &account).is_none() {
                continue;
            }
            let Ok(version) = self.resolve_version(f, qualifier.as_deref()) else {
                continue;
            };
            let sequencer = format!("{:016X}", self.now.unix_millis());
            let record = json!({
                "Records": [{
                    "eventVersion": "2.1",
                    "eventSource": "aws:s3",
                    "awsRegion": self.region_name(),
                    "eventTime": self.now.to_iso8601_millis(),
                    "eventName": event,
                    "userIdentity": { "principalId": format!("AWS:{}", self.learner_user_id) },
                    "requestParameters": { "sourceIPAddress": "203.0.113.10" },
                    "responseElements": { "x-amz-request-id": &sequencer[..16], "x-amz-id-2": "EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH" },
                    "s3": {
                        "s3SchemaVersion": "1.0",
                        "configurationId": destination.id.clone().unwrap_or_default(),
                        "bucket": { "name": bucket, "ownerIdentity": { "principalId": "A3NL1KOZZKExample" }, "arn": bucket_arn },
                        "object": { "key": encode_key(key), "size": size, "eTag": etag.trim_matches('"'), "sequencer": sequencer }
                    }
                }]
            });
            // Asynchronous: S3 does not see the function's result.
            let _ = self.run_function(&name, &version, qualifier.as_deref(), &record, "s3");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_and_keys_match_as_s3_matches_them() {
        assert!(event_matches("s3:ObjectCreated:*", "ObjectCreated:Put"));
        assert!(event_matches("s3:ObjectCreated:Put", "ObjectCreated:Put"));
        assert!(!event_matches("s3:ObjectCreated:Copy", "ObjectCreated:Put"));
        assert!(!event_matches("s3:ObjectRemoved:*", "ObjectCreated:Put"));
        let jpg = NotificationFilter {
            key: KeyFilter {
                filter_rules: vec![
                    FilterRule {
                        name: "prefix".into(),
                        value: "photos/".into(),
                    },
                    FilterRule {
                        name: "suffix".into(),
                        value: ".jpg".into(),
                    },
                ],
            },
        };
        assert!(key_matches(Some(&jpg), "photos/cat.jpg"));
        assert!(!key_matches(Some(&jpg), "photos/cat.png"));
        assert_eq!(encode_key("my photo/é.jpg"), "my+photo/%C3%A9.jpg");
    }
}
