//! Lifecycle rules: `PutBucketLifecycleConfiguration`,
//! `GetBucketLifecycleConfiguration`, `DeleteBucketLifecycle`, and the actions
//! they take on the simulated clock.
//!
//! A rule picks objects by prefix (and size) and moves them to cheaper storage
//! classes (`Transitions`) or deletes them (`Expiration`) so many days after they
//! were written; `NoncurrentVersion...` actions do the same to older versions so
//! many days after a newer version replaced them. As S3 does, the due time is the
//! object's time plus the days, rounded up to the next midnight UTC; expiring a
//! current object in a versioned bucket adds a delete marker.

use serde::{Deserialize, Serialize};

use super::errors::S3Error;
use super::versions::VersioningStatus;
use super::{Bucket, NULL_VERSION, S3Object};
use crate::clock::SimTime;
use crate::cloud::Cloud;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Which objects a rule applies to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LifecycleFilter {
    /// Keys that start with this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Objects larger than this many bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_size_greater_than: Option<u64>,
    /// Objects smaller than this many bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_size_less_than: Option<u64>,
    /// Object tags are not simulated: a tag filter is refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<serde_json::Value>,
    /// Combined filters are not simulated either.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub and: Option<serde_json::Value>,
}

/// A move to another storage class.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Transition {
    /// Days after the object was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// Or a date (midnight UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The class to move to.
    pub storage_class: String,
}

/// Deleting current objects.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Expiration {
    /// Days after the object was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// Or a date (midnight UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Remove delete markers that no longer hide any version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired_object_delete_marker: Option<bool>,
}

/// A move of older versions to another storage class.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NoncurrentVersionTransition {
    /// Days after a newer version replaced it.
    pub noncurrent_days: i64,
    /// The class to move to.
    pub storage_class: String,
}

/// Deleting older versions for good.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NoncurrentVersionExpiration {
    /// Days after a newer version replaced it.
    pub noncurrent_days: i64,
}

/// One lifecycle rule, as S3 keeps and returns it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LifecycleRule {
    /// Its name.
    #[serde(rename = "ID", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Which objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<LifecycleFilter>,
    /// The older way to give a prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `Enabled` or `Disabled`.
    pub status: String,
    /// Moves of current objects.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transitions: Vec<Transition>,
    /// Deleting current objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<Expiration>,
    /// Moves of older versions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noncurrent_version_transitions: Vec<NoncurrentVersionTransition>,
    /// Deleting older versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noncurrent_version_expiration: Option<NoncurrentVersionExpiration>,
    /// Cleaning up unfinished multipart uploads (accepted; there are none here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_incomplete_multipart_upload: Option<serde_json::Value>,
}

/// `LifecycleConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LifecycleConfiguration {
    /// The rules.
    pub rules: Vec<LifecycleRule>,
}

/// `PutBucketLifecycleConfiguration` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutBucketLifecycleConfigurationInput {
    /// The bucket.
    pub bucket: String,
    /// The rules (all of them: the old configuration is replaced).
    pub lifecycle_configuration: Option<LifecycleConfiguration>,
}

/// `GetBucketLifecycleConfiguration` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLifecycleConfigurationOutput {
    /// The rules.
    pub rules: Vec<LifecycleRule>,
}

/// Storage classes a transition may name, coolest last.
const CLASS_ORDER: &[&str] = &[
    "STANDARD",
    "INTELLIGENT_TIERING",
    "STANDARD_IA",
    "ONEZONE_IA",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
];

fn class_rank(class: &str) -> usize {
    CLASS_ORDER.iter().position(|c| *c == class).unwrap_or(0)
}

/// `time` rounded up to the next midnight UTC (a time at midnight stays).
fn round_up_to_midnight(time: SimTime) -> SimTime {
    let rest = time.0 % DAY_MS;
    if rest == 0 {
        time
    } else {
        SimTime(time.0 - rest + DAY_MS)
    }
}

fn due(since: SimTime, days: Option<i64>, date: Option<&str>) -> Option<SimTime> {
    if let Some(date) = date {
        return SimTime::parse(date);
    }
    let days = u64::try_from(days?).ok()?;
    Some(round_up_to_midnight(SimTime(since.0 + days * DAY_MS)))
}

impl LifecycleRule {
    fn prefix(&self) -> &str {
        self.filter
            .as_ref()
            .and_then(|f| f.prefix.as_deref())
            .or(self.prefix.as_deref())
            .unwrap_or("")
    }

    /// Whether the rule applies to `object`.
    pub fn applies_to(&self, object: &S3Object) -> bool {
        let size = object.body.len() as u64;
        let filter = self.filter.clone().unwrap_or_default();
        self.status == "Enabled"
            && object.key.starts_with(self.prefix())
            && filter.object_size_greater_than.is_none_or(|min| size > min)
            && filter.object_size_less_than.is_none_or(|max| size < max)
    }

    /// The rule's filter as S3's messages show it: `(prefix=logs/)`.
    fn filter_text(&self) -> String {
        format!("(prefix={})", self.prefix())
    }

    fn validate(&self) -> Result<(), S3Error> {
        if !matches!(self.status.as_str(), "Enabled" | "Disabled") {
            return Err(S3Error::MalformedXml);
        }
        if self.filter.is_none() && self.prefix.is_none() {
            return Err(S3Error::MalformedXml);
        }
        if let Some(filter) = &self.filter
            && (filter.tag.is_some() || filter.and.is_some())
        {
            return Err(S3Error::InvalidRequest(
                "Object tags are not simulated in this lab, so a lifecycle rule cannot filter on them. Filter on Prefix or object size."
                    .into(),
            ));
        }
        let has_action = !self.transitions.is_empty()
            || self.expiration.is_some()
            || !self.noncurrent_version_transitions.is_empty()
            || self.noncurrent_version_expiration.is_some()
            || self.abort_incomplete_multipart_upload.is_some();
        if !has_action {
            return Err(S3Error::InvalidRequest(
                "At least one action needs to be specified in a rule".into(),
            ));
        }
        let mut classes = Vec::new();
        for t in &self.transitions {
            if !CLASS_ORDER[1..].contains(&t.storage_class.as_str()) {
                return Err(S3Error::MalformedXml);
            }
            if classes.contains(&t.storage_class) {
                return Err(S3Error::InvalidRequest(
                    "'StorageClass' must be different for 'Transition' actions in same 'Rule'"
                        .into(),
                ));
            }
            classes.push(t.storage_class.clone());
            check_date(t.date.as_deref())?;
            match t.days {
                Some(days) if days < 0 => {
                    return Err(S3Error::InvalidArgument(
                        "'Days' in Transition action must be nonnegative".into(),
                    ));
                }
                Some(days)
                    if days < 30
                        && matches!(t.storage_class.as_str(), "STANDARD_IA" | "ONEZONE_IA") =>
                {
                    return Err(S3Error::InvalidArgument(format!(
                        "'Days' in Transition action must be greater than or equal to 30 for storageClass '{}'",
                        t.storage_class
                    )));
                }
                None if t.date.is_none() => return Err(S3Error::MalformedXml),
                _ => {}
            }
        }
        for t in &self.noncurrent_version_transitions {
            if !CLASS_ORDER[1..].contains(&t.storage_class.as_str()) {
                return Err(S3Error::MalformedXml);
            }
            if t.noncurrent_days < 30
                && matches!(t.storage_class.as_str(), "STANDARD_IA" | "ONEZONE_IA")
            {
                return Err(S3Error::InvalidArgument(format!(
                    "'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 30 for storageClass '{}'",
                    t.storage_class
                )));
            }
        }
        if let Some(expiration) = &self.expiration {
            check_date(expiration.date.as_deref())?;
            match expiration.days {
                Some(days) if days <= 0 => {
                    return Err(S3Error::InvalidArgument(
                        "'Days' for Expiration action must be a positive integer".into(),
                    ));
                }
                Some(days)
                    if self
                        .transitions
                        .iter()
                        .any(|t| t.days.is_some_and(|t| t >= days)) =>
                {
                    return Err(S3Error::InvalidArgument(format!(
                        "'Days' in the Expiration action for filter '{}' must be greater than 'Days' in the Transition action",
                        self.filter_text()
                    )));
                }
                None if expiration.date.is_none()
                    && expiration.expired_object_delete_marker.is_none() =>
                {
                    return Err(S3Error::MalformedXml);
                }
                _ => {}
            }
        }
        if let Some(expiration) = &self.noncurrent_version_expiration
            && expiration.noncurrent_days <= 0
        {
            return Err(S3Error::InvalidArgument(
                "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"
                    .into(),
            ));
        }
        Ok(())
    }
}

fn check_date(date: Option<&str>) -> Result<(), S3Error> {
    let Some(date) = date else {
        return Ok(());
    };
    match SimTime::parse(date) {
        Some(t) if t.0 % DAY_MS == 0 => Ok(()),
        Some(_) => Err(S3Error::InvalidArgument(
            "'Date' must be at midnight GMT".into(),
        )),
        None => Err(S3Error::MalformedXml),
    }
}

/// One action a rule will take.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    /// Move the current object (or an older version) to this class.
    Transition { version_id: String, class: String },
    /// Expire the current object.
    ExpireCurrent,
    /// Remove an older version for good.
    RemoveVersion { version_id: String },
    /// Remove a delete marker that hides nothing.
    RemoveMarker { version_id: String },
}

/// Every pending action of `bucket`, with when it is due.
fn pending_actions(bucket: &Bucket) -> Vec<(SimTime, String, Action)> {
    let Some(rules) = &bucket.lifecycle else {
        return Vec::new();
    };
    let mut actions = Vec::new();
    for rule in rules.iter().filter(|r| r.status == "Enabled") {
        for object in bucket.objects.values().filter(|o| rule.applies_to(o)) {
            for t in &rule.transitions {
                if class_rank(&t.storage_class) > class_rank(&object.storage_class)
                    && let Some(at) = due(object.last_modified, t.days, t.date.as_deref())
                {
                    actions.push((
                        at,
                        object.key.clone(),
                        Action::Transition {
                            version_id: object.version_id.clone(),
                            class: t.storage_class.clone(),
                        },
                    ));
                }
            }
            if let Some(e) = &rule.expiration
                && let Some(at) = due(object.last_modified, e.days, e.date.as_deref())
            {
                actions.push((at, object.key.clone(), Action::ExpireCurrent));
            }
        }
        for (key, versions) in &bucket.history {
            if !key.starts_with(rule.prefix()) {
                continue;
            }
            for version in versions {
                let Some(since) = version.noncurrent_since else {
                    // A delete marker that is the latest version: expired once
                    // nothing is left under it.
                    let alone = versions.len() == 1 && !bucket.objects.contains_key(key);
                    if alone
                        && rule
                            .expiration
                            .as_ref()
                            .and_then(|e| e.expired_object_delete_marker)
                            == Some(true)
                    {
                        actions.push((
                            round_up_to_midnight(version.last_modified),
                            key.clone(),
                            Action::RemoveMarker {
                                version_id: version.version_id.clone(),
                            },
                        ));
                    }
                    continue;
                };
                if !version.delete_marker {
                    for t in &rule.noncurrent_version_transitions {
                        if class_rank(&t.storage_class) > class_rank(&version.storage_class) {
                            actions.push((
                                due(since, Some(t.noncurrent_days), None).unwrap_or(since),
                                key.clone(),
                                Action::Transition {
                                    version_id: version.version_id.clone(),
                                    class: t.storage_class.clone(),
                                },
                            ));
                        }
                    }
                }
                if let Some(e) = &rule.noncurrent_version_expiration {
                    actions.push((
                        due(since, Some(e.noncurrent_days), None).unwrap_or(since),
                        key.clone(),
                        Action::RemoveVersion {
                            version_id: version.version_id.clone(),
                        },
                    ));
                }
            }
        }
    }
    actions
}

impl Cloud {
    /// `s3api put-bucket-lifecycle-configuration`: replaces every rule.
    pub fn put_bucket_lifecycle_configuration(
        &mut self,
        input: PutBucketLifecycleConfigurationInput,
    ) -> Result<(), S3Error> {
        let bucket = input.bucket.clone();
        self.on_bucket(
            "PutBucketLifecycleConfiguration",
            "PutLifecycleConfiguration",
            &bucket,
            |c| {
                let rules = input
                    .lifecycle_configuration
                    .clone()
                    .ok_or(S3Error::MalformedXml)?
                    .rules;
                if rules.is_empty() || rules.len() > 1000 {
                    return Err(S3Error::MalformedXml);
                }
                let mut ids: Vec<&str> = Vec::new();
                for rule in &rules {
                    rule.validate()?;
                    if let Some(id) = rule.id.as_deref() {
                        if ids.contains(&id) {
                            return Err(S3Error::InvalidArgument(
                                "Rule ID must be unique. Found same ID for more than one rule"
                                    .into(),
                            ));
                        }
                        ids.push(id);
                    }
                }
                let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
                bucket.lifecycle = Some(rules);
                Ok(())
            },
        )
    }

    /// `s3api get-bucket-lifecycle-configuration`.
    pub fn get_bucket_lifecycle_configuration(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<GetBucketLifecycleConfigurationOutput, S3Error> {
        self.read_bucket(
            "GetBucketLifecycleConfiguration",
            "GetLifecycleConfiguration",
            &input.bucket,
            |bucket| {
                let rules = bucket
                    .lifecycle
                    .clone()
                    .ok_or(S3Error::NoSuchLifecycleConfiguration)?;
                Ok(GetBucketLifecycleConfigurationOutput { rules })
            },
        )
    }

    /// `s3api delete-bucket-lifecycle`.
    pub fn delete_bucket_lifecycle(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<(), S3Error> {
        self.change_bucket(
            "DeleteBucketLifecycle",
            "PutLifecycleConfiguration",
            &input.bucket,
            |bucket| {
                bucket.lifecycle = None;
                Ok(())
            },
        )
    }

    /// When the next lifecycle action of any bucket is due.
    pub(crate) fn s3_next_transition_at(&self) -> Option<SimTime> {
        self.s3
            .buckets
            .iter()
            .flat_map(pending_actions)
            .map(|(at, _, _)| at)
            .min()
            .map(|at| at.max(self.now))
    }

    /// Takes every lifecycle action that is due.
    pub(crate) fn s3_apply_due_transitions(&mut self) {
        let now = self.now;
        for index in 0..self.s3.buckets.len() {
            let due_now: Vec<(String, Action)> = pending_actions(&self.s3.buckets[index])
                .into_iter()
                .filter(|(at, _, _)| *at <= now)
                .map(|(_, key, action)| (key, action))
                .collect();
            for (key, action) in due_now {
                let marker_id = match action {
                    Action::ExpireCurrent => {
                        let bucket_name = self.s3.buckets[index].name.clone();
                        Some(self.next_version_id(&bucket_name))
                    }
                    _ => None,
                };
                let bucket = &mut self.s3.buckets[index];
                apply(bucket, &key, action, marker_id, now);
            }
        }
    }
}

fn apply(bucket: &mut Bucket, key: &str, action: Action, marker_id: Option<String>, now: SimTime) {
    match action {
        Action::Transition { version_id, class } => {
            let version = match bucket.objects.get_mut(key) {
                Some(o) if o.version_id == version_id => Some(o),
                _ => bucket
                    .history
                    .get_mut(key)
                    .and_then(|vs| vs.iter_mut().find(|v| v.version_id == version_id)),
            };
            if let Some(version) = version
                && class_rank(&class) > class_rank(&version.storage_class)
            {
                version.storage_class = class;
            }
        }
        Action::ExpireCurrent => {
            if !bucket.objects.contains_key(key) {
                return;
            }
            match bucket.versioning {
                None => {
                    bucket.objects.remove(key);
                }
                Some(status) => {
                    let version_id = match status {
                        VersioningStatus::Enabled => {
                            marker_id.unwrap_or_else(|| NULL_VERSION.into())
                        }
                        VersioningStatus::Suspended => NULL_VERSION.into(),
                    };
                    bucket.push_version(S3Object::new_delete_marker(key, version_id, now), now);
                }
            }
        }
        Action::RemoveVersion { version_id } | Action::RemoveMarker { version_id } => {
            bucket.remove_version(key, &version_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::objects::PutObjectInput;
    use crate::s3::test_bucket::lab_with_bucket;

    fn rules(cloud: &mut Cloud, json: &str) -> Result<(), S3Error> {
        let configuration: LifecycleConfiguration = serde_json::from_str(json).unwrap();
        cloud.put_bucket_lifecycle_configuration(PutBucketLifecycleConfigurationInput {
            bucket: "lab-logs".into(),
            lifecycle_configuration: Some(configuration),
        })
    }

    #[test]
    fn rules_are_checked_as_s3_checks_them() {
        let mut cloud = lab_with_bucket("lab-logs");
        let message = |cloud: &mut Cloud, json: &str| rules(cloud, json).unwrap_err().message();
        assert_eq!(
            message(
                &mut cloud,
                r#"{"Rules":[{"ID":"ia","Filter":{"Prefix":"logs/"},"Status":"Enabled","Transitions":[{"Days":7,"StorageClass":"STANDARD_IA"}]}]}"#
            ),
            "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'"
        );
        assert_eq!(
            message(
                &mut cloud,
                r#"{"Rules":[{"ID":"g","Filter":{"Prefix":"logs/"},"Status":"Enabled","Transitions":[{"Days":90,"StorageClass":"GLACIER"}],"Expiration":{"Days":30}}]}"#
            ),
            "'Days' in the Expiration action for filter '(prefix=logs/)' must be greater than 'Days' in the Transition action"
        );
        assert_eq!(
            message(
                &mut cloud,
                r#"{"Rules":[{"ID":"x","Filter":{},"Status":"Enabled"}]}"#
            ),
            "At least one action needs to be specified in a rule"
        );
        assert_eq!(
            rules(
                &mut cloud,
                r#"{"Rules":[{"ID":"x","Status":"On","Filter":{},"Expiration":{"Days":1}}]}"#
            )
            .unwrap_err(),
            S3Error::MalformedXml
        );
        assert_eq!(
            message(
                &mut cloud,
                r#"{"Rules":[{"ID":"x","Status":"Enabled","Filter":{},"Expiration":{"Days":1}},{"ID":"x","Status":"Enabled","Filter":{},"Expiration":{"Days":2}}]}"#
            ),
            "Rule ID must be unique. Found same ID for more than one rule"
        );
    }

    #[test]
    fn objects_move_to_glacier_and_expire_at_midnight_after_their_days() {
        let mut cloud = lab_with_bucket("lab-logs");
        for key in ["logs/a.log", "index.html"] {
            cloud
                .put_object(PutObjectInput {
                    bucket: "lab-logs".into(),
                    key: key.into(),
                    body: Some("x".into()),
                    ..Default::default()
                })
                .unwrap();
        }
        rules(
            &mut cloud,
            r#"{"Rules":[{"ID":"archive-logs","Filter":{"Prefix":"logs/"},"Status":"Enabled","Transitions":[{"Days":30,"StorageClass":"GLACIER"}],"Expiration":{"Days":365}}]}"#,
        )
        .unwrap();
        let written = cloud.bucket("lab-logs").unwrap().objects["logs/a.log"].last_modified;
        let class = |cloud: &Cloud, key: &str| {
            cloud
                .bucket("lab-logs")
                .unwrap()
                .objects
                .get(key)
                .map(|o| o.storage_class.clone())
        };
        let transition_at = round_up_to_midnight(SimTime(written.0 + 30 * DAY_MS));
        assert_eq!(cloud.s3_next_transition_at(), Some(transition_at));
        cloud.advance(std::time::Duration::from_millis(
            transition_at.0 - cloud.now().0 - 1,
        ));
        assert_eq!(class(&cloud, "logs/a.log").as_deref(), Some("STANDARD"));
        cloud.advance(std::time::Duration::from_millis(1));
        assert_eq!(class(&cloud, "logs/a.log").as_deref(), Some("GLACIER"));
        assert_eq!(class(&cloud, "index.html").as_deref(), Some("STANDARD"));
        cloud.advance(std::time::Duration::from_secs(336 * 24 * 3600));
        assert_eq!(class(&cloud, "logs/a.log"), None);
        assert_eq!(class(&cloud, "index.html").as_deref(), Some("STANDARD"));
    }
}
