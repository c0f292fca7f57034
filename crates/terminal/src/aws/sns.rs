//! `aws sns`: topics, subscriptions (an e-mail one waits for the link or token in
//! its confirmation mail, which `mail` shows) and `publish`.

use serde_json::{Map, Value};

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws sns` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::sns::CONFIRM_SUBSCRIPTION,
        "Confirms a subscription with the token its confirmation mail carries.",
        call!(confirm_subscription),
    ),
    Operation::new(
        generated::sns::CREATE_TOPIC,
        "Creates a topic (or answers the one that has this name).",
        call!(create_topic),
    ),
    Operation::new(
        generated::sns::DELETE_TOPIC,
        "Deletes a topic and its subscriptions.",
        call_unit!(delete_topic),
    ),
    Operation::new(
        generated::sns::GET_TOPIC_ATTRIBUTES,
        "Shows a topic's attributes and how many subscriptions it has.",
        call!(get_topic_attributes),
    ),
    Operation::new(
        generated::sns::LIST_SUBSCRIPTIONS,
        "Lists subscriptions (PendingConfirmation until confirmed).",
        call!(list_subscriptions),
    ),
    Operation::new(
        generated::sns::LIST_SUBSCRIPTIONS_BY_TOPIC,
        "Lists one topic's subscriptions.",
        call!(list_subscriptions_by_topic),
    ),
    Operation::new(
        generated::sns::LIST_TOPICS,
        "Lists topics.",
        call!(list_topics),
    ),
    Operation::new(
        generated::sns::PUBLISH,
        "Sends a message to a topic's confirmed subscriptions.",
        call!(publish),
    ),
    Operation::new(
        generated::sns::SET_TOPIC_ATTRIBUTES,
        "Sets a topic's display name.",
        call_unit!(set_topic_attributes),
    ),
    Operation::new(
        generated::sns::SUBSCRIBE,
        "Subscribes an e-mail address or phone number to a topic.",
        call!(subscribe),
    ),
    Operation::new(
        generated::sns::UNSUBSCRIBE,
        "Deletes a subscription.",
        call_unit!(unsubscribe),
    ),
];

/// `aws sns`.
pub const SNS: Service = Service {
    name: "sns",
    title: "SNS",
    description: "Amazon Simple Notification Service (Amazon SNS) sends messages from\n       publishers to the subscribers of a topic: e-mail, text messages and more.",
    operations: OPERATIONS,
    extra: &[],
    regional: true,
};

/// The CLI's `--notification-endpoint` is the request's `Endpoint`.
pub fn prepare(params: &mut Map<String, Value>, custom: &[(String, Option<String>)]) {
    if let Some((_, Some(endpoint))) = custom.iter().find(|(k, _)| k == "@notification-endpoint") {
        params.insert("Endpoint".into(), Value::String(endpoint.clone()));
    }
}
