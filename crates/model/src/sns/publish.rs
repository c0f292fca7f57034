//! `Publish`, and delivery to a topic's confirmed subscriptions (also used by
//! CloudWatch alarms).

use serde::{Deserialize, Serialize};

use super::errors::SnsError;
use super::{Mail, SNS_SENDER};
use crate::cloud::Cloud;

/// The largest message SNS takes, in bytes (256 KiB).
pub const MAX_MESSAGE_BYTES: usize = 262_144;

/// `sns publish`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublishInput {
    /// The topic.
    pub topic_arn: Option<String>,
    /// Or a phone number (an SMS straight to it).
    pub phone_number: Option<String>,
    /// The text.
    pub message: String,
    /// The e-mail subject (up to 100 characters).
    pub subject: Option<String>,
}

/// `publish`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishOutput {
    /// The message's id.
    pub message_id: String,
}

impl Cloud {
    /// `Publish` to a topic: every confirmed e-mail subscription gets a mail.
    pub fn publish(&mut self, input: PublishInput) -> Result<PublishOutput, SnsError> {
        let resource = input.topic_arn.clone().unwrap_or_else(|| "*".into());
        self.sns_call("Publish", resource, |c| {
            if input.message.is_empty() {
                return Err(SnsError::invalid("Empty message"));
            }
            if input.message.len() > MAX_MESSAGE_BYTES {
                return Err(SnsError::invalid("Message too long"));
            }
            if let Some(subject) = &input.subject
                && (subject.is_empty()
                    || subject.chars().count() > 100
                    || subject.chars().any(char::is_control))
            {
                return Err(SnsError::invalid("Subject"));
            }
            match (&input.topic_arn, &input.phone_number) {
                (Some(topic), None) => {
                    super::subscriptions::check_topic_arn(c, topic)?;
                    if c.topic(topic).is_none() {
                        return Err(SnsError::no_topic());
                    }
                    Ok(PublishOutput {
                        message_id: c.deliver(topic, input.subject.as_deref(), &input.message),
                    })
                }
                (None, Some(_)) => Ok(PublishOutput {
                    // A text message: accepted, not shown (the SMS sandbox).
                    message_id: c.service_uuid("sns"),
                }),
                _ => Err(SnsError::invalid(
                    "TopicArn or TargetArn Reason: no value for required parameter",
                )),
            }
        })
    }

    /// Delivers a message to the confirmed subscriptions of `topic_arn` (which
    /// must exist) and answers its message id.
    pub(crate) fn deliver(
        &mut self,
        topic_arn: &str,
        subject: Option<&str>,
        message: &str,
    ) -> String {
        let message_id = self.service_uuid("sns");
        let display_name = self
            .topic(topic_arn)
            .map(|t| t.display_name.clone())
            .unwrap_or_default();
        let from_name = if display_name.is_empty() {
            "AWS Notifications"
        } else {
            display_name.as_str()
        };
        let subject = subject.unwrap_or("AWS Notification Message").to_string();
        let endpoint = self.sns_endpoint();
        let recipients: Vec<(String, String, String)> = self
            .subscriptions_of(topic_arn)
            .filter(|s| s.is_confirmed() && s.protocol.starts_with("email"))
            .map(|s| (s.arn.clone(), s.protocol.clone(), s.endpoint.clone()))
            .collect();
        for (arn, protocol, to) in recipients {
            let unsubscribe =
                format!("{endpoint}/unsubscribe.html?SubscriptionArn={arn}&Endpoint={to}");
            let body = if protocol == "email-json" {
                format!(
                    "{{\"Type\" : \"Notification\", \"MessageId\" : \"{message_id}\", \"TopicArn\" : \"{topic_arn}\", \"Subject\" : {}, \"Message\" : {}, \"Timestamp\" : \"{}\", \"SignatureVersion\" : \"1\", \"UnsubscribeURL\" : \"{unsubscribe}\"}}",
                    serde_json::Value::String(subject.clone()),
                    serde_json::Value::String(message.to_string()),
                    self.now.to_iso8601_millis()
                )
            } else {
                format!(
                    "{message}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n{unsubscribe}\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support\n"
                )
            };
            self.sns.mail.push(Mail {
                at: self.now,
                from: format!("{from_name} <{SNS_SENDER}>"),
                to,
                subject: subject.clone(),
                body,
                confirms: None,
            });
        }
        message_id
    }
}
