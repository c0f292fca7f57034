//! `Subscribe`, `ConfirmSubscription`, `ListSubscriptions`,
//! `ListSubscriptionsByTopic`, `Unsubscribe`, and the confirmation mail.

use serde::{Deserialize, Serialize};

use super::errors::SnsError;
use super::{ConfirmLink, Mail, SNS_SENDER, Subscription, SubscriptionStatus};
use crate::cloud::Cloud;

/// The protocols the lab delivers to.
pub const PROTOCOLS: [&str; 3] = ["email", "email-json", "sms"];

/// Protocols SNS has that the lab does not deliver to.
const OTHER_PROTOCOLS: [&str; 6] = ["http", "https", "sqs", "lambda", "firehose", "application"];

/// `sns subscribe`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SubscribeInput {
    /// The topic.
    pub topic_arn: String,
    /// `email`, `email-json`, `sms` ...
    pub protocol: String,
    /// The address or number.
    pub endpoint: Option<String>,
    /// Return the ARN even while pending.
    pub return_subscription_arn: Option<bool>,
}

/// `subscribe`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscribeOutput {
    /// The ARN, or `pending confirmation`.
    pub subscription_arn: String,
}

/// `sns confirm-subscription`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ConfirmSubscriptionInput {
    /// The topic.
    pub topic_arn: String,
    /// The token from the confirmation mail.
    pub token: String,
    /// Whether unsubscribing then needs authentication.
    pub authenticate_on_unsubscribe: Option<String>,
}

/// `confirm-subscription`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSubscriptionOutput {
    /// The subscription's ARN.
    pub subscription_arn: String,
}

/// `sns list-subscriptions`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListSubscriptionsInput {}

/// `sns list-subscriptions-by-topic`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListSubscriptionsByTopicInput {
    /// The topic.
    pub topic_arn: String,
}

/// A subscription in a list.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionShape {
    /// Its ARN, or `PendingConfirmation`.
    pub subscription_arn: String,
    /// The account.
    pub owner: String,
    /// The protocol.
    pub protocol: String,
    /// The endpoint.
    pub endpoint: String,
    /// The topic.
    pub topic_arn: String,
}

/// `list-subscriptions`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSubscriptionsOutput {
    /// The subscriptions.
    pub subscriptions: Vec<SubscriptionShape>,
}

/// `sns unsubscribe`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UnsubscribeInput {
    /// The subscription.
    pub subscription_arn: String,
}

/// Whether `endpoint` looks like an e-mail address SNS accepts.
fn valid_email(endpoint: &str) -> bool {
    let Some((local, domain)) = endpoint.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !endpoint.chars().any(char::is_whitespace)
}

/// Whether `endpoint` is an E.164 phone number (`+` and up to 15 digits).
fn valid_phone(endpoint: &str) -> bool {
    endpoint
        .strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
}

/// A topic ARN must have six parts and name this call's region.
pub(crate) fn check_topic_arn(cloud: &Cloud, arn: &str) -> Result<(), SnsError> {
    let parts = arn.split(':').count();
    if parts < 6 {
        return Err(SnsError::invalid(format!(
            "TopicArn Reason: An ARN must have at least 6 elements, not {parts}"
        )));
    }
    if !arn.starts_with(&format!("arn:aws:sns:{}:", cloud.region_name())) {
        return Err(SnsError::invalid("TopicArn"));
    }
    Ok(())
}

impl Cloud {
    fn shape(&self, s: &Subscription) -> SubscriptionShape {
        SubscriptionShape {
            subscription_arn: s.listed_arn().to_string(),
            owner: self.config.account_id.clone(),
            protocol: s.protocol.clone(),
            endpoint: s.endpoint.clone(),
            topic_arn: s.topic_arn.clone(),
        }
    }

    /// `Subscribe`: an SMS subscription is confirmed at once; an e-mail one waits
    /// for the confirmation mail sent now (subscribing again sends another).
    pub fn subscribe(&mut self, input: SubscribeInput) -> Result<SubscribeOutput, SnsError> {
        self.sns_call("Subscribe", input.topic_arn.clone(), |c| {
            let endpoint = input.endpoint.clone().unwrap_or_default();
            let protocol = input.protocol.as_str();
            if !PROTOCOLS.contains(&protocol) {
                if OTHER_PROTOCOLS.contains(&protocol) {
                    return Err(SnsError::invalid(format!(
                        "Protocol: {protocol} endpoints are not simulated in this lab (it delivers to email, email-json and sms)"
                    )));
                }
                return Err(SnsError::invalid(format!(
                    "Amazon SNS does not support this protocol string: {protocol}"
                )));
            }
            check_topic_arn(c, &input.topic_arn)?;
            let topic = c.topic(&input.topic_arn).ok_or_else(SnsError::no_topic)?.clone();
            match protocol {
                "sms" if !valid_phone(&endpoint) => {
                    return Err(SnsError::InvalidParameter(format!(
                        "Invalid SMS endpoint: {endpoint}"
                    )));
                }
                "email" | "email-json" if !valid_email(&endpoint) => {
                    return Err(SnsError::invalid("Email address"));
                }
                _ => {}
            }
            let existing = c
                .sns
                .subscriptions
                .iter()
                .position(|s| s.topic_arn == topic.arn && s.protocol == protocol && s.endpoint == endpoint);
            let return_arn = input.return_subscription_arn.unwrap_or(false);
            if let Some(i) = existing {
                let s = c.sns.subscriptions[i].clone();
                if let SubscriptionStatus::PendingConfirmation { token } = &s.status {
                    c.send_confirmation(&topic.arn, &topic.display_name, &endpoint, token);
                    let answer = if return_arn { s.arn } else { "pending confirmation".into() };
                    return Ok(SubscribeOutput { subscription_arn: answer });
                }
                return Ok(SubscribeOutput { subscription_arn: s.arn });
            }
            let arn = format!("{}:{}", topic.arn, c.service_uuid("sns"));
            let status = if protocol == "sms" {
                SubscriptionStatus::Confirmed
            } else {
                // Real tokens are 256 hex digits, and start alike.
                let rng = c.service_rng("sns");
                let token: String = std::iter::once("2336412f37fb687f".to_string())
                    .chain((0..120).map(|_| format!("{:02x}", rng.below(256))))
                    .collect();
                c.send_confirmation(&topic.arn, &topic.display_name, &endpoint, &token);
                SubscriptionStatus::PendingConfirmation { token }
            };
            let confirmed = status == SubscriptionStatus::Confirmed;
            c.sns.subscriptions.push(Subscription {
                arn: arn.clone(),
                topic_arn: topic.arn.clone(),
                protocol: protocol.to_string(),
                endpoint,
                status,
                created_at: c.now,
            });
            let answer = if confirmed || return_arn { arn } else { "pending confirmation".into() };
            Ok(SubscribeOutput { subscription_arn: answer })
        })
    }

    /// Mails the confirmation request for a new e-mail subscription.
    fn send_confirmation(&mut self, topic_arn: &str, display_name: &str, to: &str, token: &str) {
        let link = format!(
            "{}/confirmation.html?TopicArn={topic_arn}&Token={token}&Endpoint={to}",
            self.sns_endpoint()
        );
        let from_name = if display_name.is_empty() {
            "AWS Notifications"
        } else {
            display_name
        };
        let subject_name = if display_name.is_empty() {
            "AWS Notification"
        } else {
            display_name
        };
        let body = format!(
            "You have chosen to subscribe to the topic:\n{topic_arn}\n\n\
             To confirm this subscription, click or visit the link below (If this was in error no action is necessary):\n\
             Confirm subscription <{link}>\n\n\
             Please do not reply directly to this email. If you wish to remove yourself from receiving all future SNS subscription confirmation requests please send an email to sns-opt-out\n"
        );
        self.sns.mail.push(Mail {
            at: self.now,
            from: format!("{from_name} <{SNS_SENDER}>"),
            to: to.to_string(),
            subject: format!("{subject_name} - Subscription Confirmation"),
            body,
            confirms: Some(ConfirmLink {
                topic_arn: topic_arn.to_string(),
                token: token.to_string(),
            }),
        });
    }

    /// `ConfirmSubscription`: the token must be one the topic's confirmation mail
    /// carried; confirming twice answers the same ARN.
    pub fn confirm_subscription(
        &mut self,
        input: ConfirmSubscriptionInput,
    ) -> Result<ConfirmSubscriptionOutput, SnsError> {
        self.sns_call("ConfirmSubscription", input.topic_arn.clone(), |c| {
            check_topic_arn(c, &input.topic_arn)?;
            let subscription_arn = c.confirm_token(&input.topic_arn, &input.token)?;
            Ok(ConfirmSubscriptionOutput { subscription_arn })
        })
    }

    /// What the link in a confirmation mail does: no credentials (the token is
    /// the proof), in the topic's own region. Answers the subscription's ARN.
    pub fn open_confirmation_link(
        &mut self,
        topic_arn: &str,
        token: &str,
    ) -> Result<String, SnsError> {
        let region = topic_arn.split(':').nth(3).unwrap_or_default();
        let home = self.region_name() == region;
        let cloud = if home {
            self
        } else {
            self.other_regions
                .get_mut(region)
                .ok_or_else(SnsError::no_topic)?
        };
        cloud.confirm_token(topic_arn, token)
    }

    /// Confirms the subscription `token` was mailed for; a token used before
    /// answers the same subscription.
    fn confirm_token(&mut self, topic_arn: &str, token: &str) -> Result<String, SnsError> {
        if self.topic(topic_arn).is_none() {
            return Err(SnsError::no_topic());
        }
        if token.len() < 16 || !token.chars().all(|ch| ch.is_ascii_hexdigit()) {
            return Err(SnsError::InvalidParameter("Invalid token".into()));
        }
        let pending = self.sns.subscriptions.iter_mut().find(|s| {
            s.topic_arn == topic_arn
                && matches!(&s.status, SubscriptionStatus::PendingConfirmation { token: t } if t == token)
        });
        if let Some(s) = pending {
            s.status = SubscriptionStatus::Confirmed;
            return Ok(s.arn.clone());
        }
        // A link used twice still answers (the subscription is confirmed).
        let mailed_to = self
            .sns
            .mail
            .iter()
            .rev()
            .find(|m| {
                m.confirms
                    .as_ref()
                    .is_some_and(|l| l.topic_arn == topic_arn && l.token == token)
            })
            .map(|m| m.to.clone());
        self.sns
            .subscriptions
            .iter()
            .find(|s| {
                s.topic_arn == topic_arn
                    && Some(&s.endpoint) == mailed_to.as_ref()
                    && s.is_confirmed()
            })
            .map(|s| s.arn.clone())
            .ok_or_else(|| SnsError::invalid("Token"))
    }

    /// `ListSubscriptions`.
    pub fn list_subscriptions(
        &mut self,
        _input: ListSubscriptionsInput,
    ) -> Result<ListSubscriptionsOutput, SnsError> {
        self.sns_call("ListSubscriptions", "*".into(), |c| {
            let subscriptions = c.sns.subscriptions.iter().map(|s| c.shape(s)).collect();
            Ok(ListSubscriptionsOutput { subscriptions })
        })
    }

    /// `ListSubscriptionsByTopic`.
    pub fn list_subscriptions_by_topic(
        &mut self,
        input: ListSubscriptionsByTopicInput,
    ) -> Result<ListSubscriptionsOutput, SnsError> {
        self.sns_call("ListSubscriptionsByTopic", input.topic_arn.clone(), |c| {
            if c.topic(&input.topic_arn).is_none() {
                return Err(SnsError::no_topic());
            }
            let subscriptions = c
                .subscriptions_of(&input.topic_arn)
                .map(|s| c.shape(s))
                .collect();
            Ok(ListSubscriptionsOutput { subscriptions })
        })
    }

    /// `Unsubscribe` (a confirmed subscription's ARN).
    pub fn unsubscribe(&mut self, input: UnsubscribeInput) -> Result<(), SnsError> {
        let topic = input
            .subscription_arn
            .rsplit_once(':')
            .map(|(t, _)| t.to_string())
            .unwrap_or_default();
        self.sns_call("Unsubscribe", topic, |c| {
            let parts = input.subscription_arn.split(':').count();
            if parts < 6 {
                return Err(SnsError::invalid(format!(
                    "SubscriptionArn Reason: An ARN must have at least 6 elements, not {parts}"
                )));
            }
            if parts < 7 {
                return Err(SnsError::invalid("SubscriptionId"));
            }
            let before = c.sns.subscriptions.len();
            c.sns
                .subscriptions
                .retain(|s| s.arn != input.subscription_arn);
            if c.sns.subscriptions.len() == before {
                return Err(SnsError::NotFound("Subscription does not exist".into()));
            }
            Ok(())
        })
    }
}
