//! Amazon SNS: topics, subscriptions and the mail they send.
//!
//! Simulated: standard topics, `email`, `email-json` and `sms` subscriptions (an
//! e-mail subscription stays `PendingConfirmation` until the link or token in its
//! confirmation mail is used), `Publish`, CloudWatch alarm notifications, and the
//! lab's mailbox: every mail SNS sends, to any address, kept in the region that
//! sent it ([`Cloud::mailbox`] gathers them). Text messages are accepted and not
//! shown (the SMS sandbox is described by the course). Not simulated: FIFO topics,
//! HTTP, SQS, Lambda and mobile endpoints, filter policies, delivery retries, topic
//! policies, the 48-hour expiry of unconfirmed subscriptions, the bill (the first
//! 1,000 e-mails a month are free).

mod errors;
mod publish;
mod subscriptions;
mod topics;

pub use errors::SnsError;
pub use publish::{PublishInput, PublishOutput};
pub use subscriptions::{
    ConfirmSubscriptionInput, ConfirmSubscriptionOutput, ListSubscriptionsByTopicInput,
    ListSubscriptionsInput, ListSubscriptionsOutput, SubscribeInput, SubscribeOutput,
    SubscriptionShape, UnsubscribeInput,
};
pub use topics::{
    CreateTopicInput, CreateTopicOutput, DeleteTopicInput, GetTopicAttributesInput,
    GetTopicAttributesOutput, ListTopicsInput, ListTopicsOutput, SetTopicAttributesInput,
    TopicArnShape,
};

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;
use crate::cloud::Cloud;

/// Who SNS's mail comes from.
pub const SNS_SENDER: &str = "no-reply@sns.amazonaws.com";

/// SNS in one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SnsState {
    /// Topics, by name.
    pub(crate) topics: Vec<Topic>,
    /// Subscriptions, oldest first.
    pub(crate) subscriptions: Vec<Subscription>,
    /// Every mail sent from this region, oldest first.
    pub(crate) mail: Vec<Mail>,
}

/// A standard topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    /// `ops-alerts`.
    pub name: String,
    /// `arn:aws:sns:<region>:<account>:ops-alerts`.
    pub arn: String,
    /// The name mail comes from (and SMS starts with); empty when unset.
    pub display_name: String,
    /// When it was created.
    pub created_at: SimTime,
}

/// Whether a subscription may receive messages yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubscriptionStatus {
    /// Waiting for the endpoint's owner to confirm with this token.
    PendingConfirmation {
        /// The token the confirmation mail carries.
        token: String,
    },
    /// Confirmed (or, for SMS, not needing confirmation).
    Confirmed,
}

/// A subscription of an endpoint to a topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// `<topic arn>:<uuid>`.
    pub arn: String,
    /// The topic.
    pub topic_arn: String,
    /// `email`, `email-json` or `sms`.
    pub protocol: String,
    /// The address or phone number.
    pub endpoint: String,
    /// Pending or confirmed.
    pub status: SubscriptionStatus,
    /// When it was made.
    pub created_at: SimTime,
}

impl Subscription {
    /// Whether it has been confirmed.
    pub fn is_confirmed(&self) -> bool {
        self.status == SubscriptionStatus::Confirmed
    }

    /// The ARN as SNS lists it: `PendingConfirmation` until confirmed.
    pub fn listed_arn(&self) -> &str {
        if self.is_confirmed() {
            &self.arn
        } else {
            "PendingConfirmation"
        }
    }
}

/// One mail SNS sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    /// When it was sent.
    pub at: SimTime,
    /// `AWS Notifications <no-reply@sns.amazonaws.com>`.
    pub from: String,
    /// The address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The text.
    pub body: String,
    /// For a confirmation mail: what its link confirms.
    pub confirms: Option<ConfirmLink>,
}

/// What a confirmation mail's link carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmLink {
    /// The topic.
    pub topic_arn: String,
    /// The token.
    pub token: String,
}

impl Cloud {
    /// Runs one SNS operation as the current caller, authorized against
    /// `sns:<Operation>` on `resource` (a topic ARN, or `*`), and logged.
    pub(crate) fn sns_call<T>(
        &mut self,
        operation: &str,
        resource: String,
        body: impl FnOnce(&mut Cloud) -> Result<T, SnsError>,
    ) -> Result<T, SnsError> {
        let action = format!("sns:{operation}");
        self.service_call(
            "sns",
            operation,
            |_, _| Some((action, resource, Default::default())),
            body,
        )
    }

    /// `arn:aws:sns:<region>:<account>:<name>`.
    pub fn topic_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:sns:{}:{}:{name}",
            self.region_name(),
            self.config.account_id
        )
    }

    /// The topics in this region, by name.
    pub fn topics(&self) -> &[Topic] {
        &self.sns.topics
    }

    /// A topic by ARN.
    pub fn topic(&self, arn: &str) -> Option<&Topic> {
        self.sns.topics.iter().find(|t| t.arn == arn)
    }

    /// The subscriptions in this region, oldest first.
    pub fn subscriptions(&self) -> &[Subscription] {
        &self.sns.subscriptions
    }

    /// The subscriptions of one topic, oldest first.
    pub fn subscriptions_of<'a>(
        &'a self,
        topic_arn: &'a str,
    ) -> impl Iterator<Item = &'a Subscription> + 'a {
        self.sns
            .subscriptions
            .iter()
            .filter(move |s| s.topic_arn == topic_arn)
    }

    /// Every mail SNS sent from any of the account's regions, oldest first: the
    /// lab's mailbox.
    pub fn mailbox(&self) -> Vec<&Mail> {
        let mut all: Vec<&Mail> = self.sns.mail.iter().collect();
        for other in self.other_regions.values() {
            all.extend(other.sns.mail.iter());
        }
        all.sort_by_key(|m| m.at);
        all
    }

    /// The SNS endpoint of this region.
    pub(crate) fn sns_endpoint(&self) -> String {
        format!("https://sns.{}.amazonaws.com", self.region_name())
    }
}

#[cfg(test)]
mod tests;
