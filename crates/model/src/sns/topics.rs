//! `CreateTopic`, `ListTopics`, `GetTopicAttributes`, `SetTopicAttributes`,
//! `DeleteTopic`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::errors::SnsError;
use super::{SubscriptionStatus, Topic};
use crate::cloud::Cloud;

/// Topics an account may have in one region.
pub const TOPICS_PER_REGION: usize = 100_000;

/// `sns create-topic`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateTopicInput {
    /// 1–256 letters, digits, `-` and `_`.
    pub name: String,
    /// `DisplayName` and the like.
    pub attributes: BTreeMap<String, String>,
}

/// `create-topic`'s answer, and a topic as `list-topics` lists it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTopicOutput {
    /// The topic's ARN.
    pub topic_arn: String,
}

/// A topic's ARN in a list.
pub type TopicArnShape = CreateTopicOutput;

/// `sns list-topics`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListTopicsInput {}

/// `list-topics`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTopicsOutput {
    /// The topics.
    pub topics: Vec<TopicArnShape>,
}

/// `sns get-topic-attributes` and `delete-topic`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetTopicAttributesInput {
    /// The topic.
    pub topic_arn: String,
}

/// `sns delete-topic`.
pub type DeleteTopicInput = GetTopicAttributesInput;

/// `get-topic-attributes`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTopicAttributesOutput {
    /// Name to value, as SNS returns them (every value a string).
    pub attributes: BTreeMap<String, String>,
}

/// `sns set-topic-attributes`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SetTopicAttributesInput {
    /// The topic.
    pub topic_arn: String,
    /// `DisplayName` (the only one simulated).
    pub attribute_name: String,
    /// Its value.
    pub attribute_value: Option<String>,
}

fn valid_topic_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 256
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn check_display_name(name: &str) -> Result<(), SnsError> {
    if name.chars().count() > 100 {
        return Err(SnsError::invalid("DisplayName"));
    }
    Ok(())
}

impl Cloud {
    /// `CreateTopic`: idempotent for the same name and attributes.
    pub fn create_topic(&mut self, input: CreateTopicInput) -> Result<CreateTopicOutput, SnsError> {
        let arn = self.topic_arn(&input.name);
        self.sns_call("CreateTopic", arn.clone(), |c| {
            if !valid_topic_name(&input.name) {
                return Err(SnsError::invalid("Topic Name"));
            }
            let mut display_name = String::new();
            for (key, value) in &input.attributes {
                match key.as_str() {
                    "DisplayName" => {
                        check_display_name(value)?;
                        display_name = value.clone();
                    }
                    "FifoTopic" if value == "true" => {
                        return Err(SnsError::invalid(
                            "Attributes Reason: FifoTopic is not simulated in this lab (standard topics only)",
                        ));
                    }
                    "FifoTopic" | "Policy" | "DeliveryPolicy" | "KmsMasterKeyId"
                    | "TracingConfig" | "SignatureVersion" => {}
                    other => {
                        return Err(SnsError::invalid(format!(
                            "Attributes Reason: Unknown attribute {other}"
                        )));
                    }
                }
            }
            if let Some(existing) = c.sns.topics.iter().find(|t| t.arn == arn) {
                if input.attributes.contains_key("DisplayName")
                    && existing.display_name != display_name
                {
                    return Err(SnsError::invalid(
                        "Attributes Reason: Topic already exists with different attributes",
                    ));
                }
                return Ok(CreateTopicOutput { topic_arn: arn });
            }
            if c.sns.topics.len() >= TOPICS_PER_REGION {
                return Err(SnsError::InvalidParameter(
                    "Topic limit exceeded".to_string(),
                ));
            }
            let topic = Topic {
                name: input.name.clone(),
                arn: arn.clone(),
                display_name,
                created_at: c.now,
            };
            let at = c.sns.topics.partition_point(|t| t.name < topic.name);
            c.sns.topics.insert(at, topic);
            Ok(CreateTopicOutput { topic_arn: arn })
        })
    }

    /// `ListTopics`.
    pub fn list_topics(&mut self, _input: ListTopicsInput) -> Result<ListTopicsOutput, SnsError> {
        self.sns_call("ListTopics", "*".into(), |c| {
            Ok(ListTopicsOutput {
                topics: c
                    .sns
                    .topics
                    .iter()
                    .map(|t| TopicArnShape {
                        topic_arn: t.arn.clone(),
                    })
                    .collect(),
            })
        })
    }

    /// `GetTopicAttributes`.
    pub fn get_topic_attributes(
        &mut self,
        input: GetTopicAttributesInput,
    ) -> Result<GetTopicAttributesOutput, SnsError> {
        self.sns_call("GetTopicAttributes", input.topic_arn.clone(), |c| {
            let topic = c.topic(&input.topic_arn).ok_or_else(SnsError::no_topic)?;
            let account = c.config.account_id.clone();
            let (confirmed, pending) =
                c.subscriptions_of(&topic.arn)
                    .fold((0, 0), |(ok, wait), s| match s.status {
                        SubscriptionStatus::Confirmed => (ok + 1, wait),
                        SubscriptionStatus::PendingConfirmation { .. } => (ok, wait + 1),
                    });
            let policy = format!(
                "{{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{{\"Sid\":\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"*\"}},\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\"{}\",\"Condition\":{{\"StringEquals\":{{\"AWS:SourceOwner\":\"{account}\"}}}}}}]}}",
                topic.arn
            );
            let mut attributes = BTreeMap::new();
            attributes.insert("Policy".to_string(), policy);
            attributes.insert("Owner".to_string(), account);
            attributes.insert("SubscriptionsPending".to_string(), pending.to_string());
            attributes.insert("TopicArn".to_string(), topic.arn.clone());
            attributes.insert(
                "EffectiveDeliveryPolicy".to_string(),
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}".to_string(),
            );
            attributes.insert("SubscriptionsConfirmed".to_string(), confirmed.to_string());
            attributes.insert("DisplayName".to_string(), topic.display_name.clone());
            attributes.insert("SubscriptionsDeleted".to_string(), "0".to_string());
            Ok(GetTopicAttributesOutput { attributes })
        })
    }

    /// `SetTopicAttributes` (`DisplayName`).
    pub fn set_topic_attributes(&mut self, input: SetTopicAttributesInput) -> Result<(), SnsError> {
        self.sns_call("SetTopicAttributes", input.topic_arn.clone(), |c| {
            if input.attribute_name != "DisplayName" {
                return Err(SnsError::invalid(format!(
                    "AttributeName (the lab simulates DisplayName, not {})",
                    input.attribute_name
                )));
            }
            let value = input.attribute_value.clone().unwrap_or_default();
            check_display_name(&value)?;
            let topic = c
                .sns
                .topics
                .iter_mut()
                .find(|t| t.arn == input.topic_arn)
                .ok_or_else(SnsError::no_topic)?;
            topic.display_name = value;
            Ok(())
        })
    }

    /// `DeleteTopic`: its subscriptions go with it; deleting a topic that does not
    /// exist succeeds, as in AWS.
    pub fn delete_topic(&mut self, input: DeleteTopicInput) -> Result<(), SnsError> {
        self.sns_call("DeleteTopic", input.topic_arn.clone(), |c| {
            c.sns.topics.retain(|t| t.arn != input.topic_arn);
            c.sns
                .subscriptions
                .retain(|s| s.topic_arn != input.topic_arn);
            Ok(())
        })
    }
}
