//! SNS against the model: topics, e-mail subscriptions pending until confirmed
//! with the token their mail carries, delivery, and AWS's errors.

use super::*;

fn topic(cloud: &mut Cloud, name: &str) -> String {
    cloud
        .create_topic(CreateTopicInput {
            name: name.into(),
            ..Default::default()
        })
        .unwrap()
        .topic_arn
}

fn subscribe_email(cloud: &mut Cloud, topic_arn: &str, address: &str) -> String {
    cloud
        .subscribe(SubscribeInput {
            topic_arn: topic_arn.into(),
            protocol: "email".into(),
            endpoint: Some(address.into()),
            return_subscription_arn: None,
        })
        .unwrap()
        .subscription_arn
}

fn token_in(mail: &Mail) -> String {
    mail.confirms.as_ref().unwrap().token.clone()
}

#[test]
fn an_email_subscription_waits_for_its_confirmation() {
    let mut cloud = Cloud::default();
    let arn = topic(&mut cloud, "ops-alerts");
    assert_eq!(
        arn,
        format!(
            "arn:aws:sns:ap-northeast-2:{}:ops-alerts",
            cloud.account_id()
        )
    );
    // Creating it again answers the same ARN.
    assert_eq!(topic(&mut cloud, "ops-alerts"), arn);
    assert_eq!(
        subscribe_email(&mut cloud, &arn, "you@example.com"),
        "pending confirmation"
    );
    let listed = cloud.list_subscriptions(ListSubscriptionsInput {}).unwrap();
    assert_eq!(
        listed.subscriptions[0].subscription_arn,
        "PendingConfirmation"
    );

    // Nothing is delivered to a pending subscription.
    cloud
        .publish(PublishInput {
            topic_arn: Some(arn.clone()),
            message: "before".into(),
            ..Default::default()
        })
        .unwrap();
    let mailbox = cloud.mailbox();
    assert_eq!(mailbox.len(), 1);
    assert_eq!(
        mailbox[0].subject,
        "AWS Notification - Subscription Confirmation"
    );
    assert!(mailbox[0].body.contains(&arn));
    let token = token_in(mailbox[0]);
    assert!(mailbox[0].body.contains(&token));

    let wrong = cloud.confirm_subscription(ConfirmSubscriptionInput {
        topic_arn: arn.clone(),
        token: "2336412f37fb687f00".into(),
        ..Default::default()
    });
    assert_eq!(wrong.unwrap_err().message(), "Invalid parameter: Token");
    let confirmed = cloud
        .confirm_subscription(ConfirmSubscriptionInput {
            topic_arn: arn.clone(),
            token: token.clone(),
            ..Default::default()
        })
        .unwrap();
    assert!(confirmed.subscription_arn.starts_with(&format!("{arn}:")));
    // The link used twice answers the same subscription.
    let again = cloud
        .confirm_subscription(ConfirmSubscriptionInput {
            topic_arn: arn.clone(),
            token,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(again.subscription_arn, confirmed.subscription_arn);

    cloud
        .publish(PublishInput {
            topic_arn: Some(arn.clone()),
            message: "Disk almost full".into(),
            subject: Some("Test".into()),
            ..Default::default()
        })
        .unwrap();
    let mailbox = cloud.mailbox();
    assert_eq!(mailbox.len(), 2);
    assert_eq!(mailbox[1].subject, "Test");
    assert!(mailbox[1].body.starts_with("Disk almost full\n"));
    assert_eq!(mailbox[1].to, "you@example.com");

    // Subscribing a confirmed address again answers its ARN and sends nothing.
    assert_eq!(
        subscribe_email(&mut cloud, &arn, "you@example.com"),
        confirmed.subscription_arn
    );
    assert_eq!(cloud.mailbox().len(), 2);

    cloud
        .unsubscribe(UnsubscribeInput {
            subscription_arn: confirmed.subscription_arn,
        })
        .unwrap();
    assert!(cloud.subscriptions().is_empty());
}

#[test]
fn sns_refuses_what_aws_refuses() {
    let mut cloud = Cloud::default();
    let bad_name = cloud.create_topic(CreateTopicInput {
        name: "ops alerts".into(),
        ..Default::default()
    });
    assert_eq!(
        bad_name.unwrap_err().message(),
        "Invalid parameter: Topic Name"
    );
    let arn = topic(&mut cloud, "t");
    let bad = |cloud: &mut Cloud, protocol: &str, endpoint: &str| {
        cloud
            .subscribe(SubscribeInput {
                topic_arn: arn.clone(),
                protocol: protocol.into(),
                endpoint: Some(endpoint.into()),
                return_subscription_arn: None,
            })
            .unwrap_err()
    };
    assert_eq!(
        bad(&mut cloud, "email", "not-an-address").code(),
        "InvalidParameter"
    );
    assert_eq!(
        bad(&mut cloud, "sms", "010-1234").code(),
        "InvalidParameter"
    );
    assert_eq!(
        bad(&mut cloud, "carrier-pigeon", "x").message(),
        "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon"
    );
    let missing = cloud.subscribe(SubscribeInput {
        topic_arn: cloud.topic_arn("nope"),
        protocol: "email".into(),
        endpoint: Some("you@example.com".into()),
        return_subscription_arn: None,
    });
    let missing = missing.unwrap_err();
    assert_eq!((missing.code(), missing.http_status()), ("NotFound", 404));
    // A text-message subscription needs no confirmation.
    let sms = cloud
        .subscribe(SubscribeInput {
            topic_arn: arn.clone(),
            protocol: "sms".into(),
            endpoint: Some("+821012345678".into()),
            return_subscription_arn: None,
        })
        .unwrap();
    assert!(sms.subscription_arn.starts_with(&arn));
    // Deleting the topic deletes its subscriptions; deleting it again is fine.
    cloud
        .delete_topic(DeleteTopicInput {
            topic_arn: arn.clone(),
        })
        .unwrap();
    cloud
        .delete_topic(DeleteTopicInput { topic_arn: arn })
        .unwrap();
    assert!(cloud.subscriptions().is_empty());
    assert!(cloud.topics().is_empty());
}
