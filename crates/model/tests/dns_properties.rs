//! Properties of Route 53 and SNS under random operations: a change batch is
//! applied whole or not at all; a zone always keeps one SOA and its NS at the
//! apex; a CNAME never shares its name with another record; every answer the
//! resolver gives for A is an IPv4 address and names end with a dot; weighted
//! answers come only from sets with weight; an e-mail subscription receives
//! mail only once confirmed; everything saves and reads back.

use cloudlab_model::Cloud;
use cloudlab_model::route53::records::{
    Change, ChangeBatch, ChangeResourceRecordSetsInput, RecordSet, RecordValue,
};
use cloudlab_model::route53::resolver::DnsStatus;
use cloudlab_model::route53::zones::CreateHostedZoneInput;
use cloudlab_model::sns::{
    ConfirmSubscriptionInput, CreateTopicInput, PublishInput, SubscribeInput, SubscriptionStatus,
};
use proptest::prelude::*;

const NAMES: [&str; 4] = ["lab.test", "www.lab.test", "api.lab.test", "other.test"];
const TYPES: [&str; 3] = ["A", "CNAME", "TXT"];
const VALUES: [&str; 5] = [
    "192.0.2.1",
    "192.0.2.2",
    "lab.test",
    "\"hello\"",
    "not an ip",
];

#[derive(Clone, Debug)]
enum Op {
    Change {
        action: usize,
        name: usize,
        record_type: usize,
        value: usize,
        weight: Option<i64>,
    },
    Query(usize, usize, u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 0..4usize, 0..3usize, 0..5usize, proptest::option::of(0..4i64)).prop_map(
            |(action, name, record_type, value, weight)| Op::Change {
                action,
                name,
                record_type,
                value,
                weight,
            }
        ),
        1 => (0..4usize, 0..3usize, any::<u64>()).prop_map(|(n, t, roll)| Op::Query(n, t, roll)),
    ]
}

fn set(name: &str, record_type: &str, value: &str, weight: Option<i64>) -> RecordSet {
    RecordSet {
        weight,
        set_identifier: weight.map(|w| format!("w{w}")),
        ..RecordSet::simple(
            name,
            record_type,
            60,
            vec![RecordValue {
                value: value.to_string(),
            }],
        )
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn zones_stay_consistent_and_answers_well_formed(ops in proptest::collection::vec(op(), 1..30)) {
        let mut cloud = Cloud::default();
        let zone = cloud
            .create_hosted_zone(CreateHostedZoneInput {
                name: "lab.test".into(),
                caller_reference: "z".into(),
                ..Default::default()
            })
            .unwrap()
            .hosted_zone
            .id;
        for op in ops {
            match op {
                Op::Change { action, name, record_type, value, weight } => {
                    let before = cloud.hosted_zone(&zone).unwrap().records.clone();
                    let result = cloud.change_resource_record_sets(ChangeResourceRecordSetsInput {
                        hosted_zone_id: zone.clone(),
                        change_batch: ChangeBatch {
                            comment: None,
                            changes: vec![Change {
                                action: ["CREATE", "UPSERT", "DELETE"][action].into(),
                                resource_record_set: set(NAMES[name], TYPES[record_type], VALUES[value], weight),
                            }],
                        },
                    });
                    let after = &cloud.hosted_zone(&zone).unwrap().records;
                    if result.is_err() {
                        prop_assert_eq!(&before, after, "a refused batch changed the zone");
                    }
                    let apex = "lab.test.";
                    prop_assert_eq!(after.iter().filter(|r| r.name == apex && r.record_type == "SOA").count(), 1);
                    prop_assert!(after.iter().any(|r| r.name == apex && r.record_type == "NS"));
                    for r in after {
                        prop_assert!(r.name.ends_with("lab.test."), "{} outside the zone", r.name);
                        if r.record_type == "CNAME" {
                            prop_assert!(after.iter().all(|o| o.name != r.name || o.record_type == "CNAME"));
                            prop_assert!(r.name != apex);
                        }
                    }
                }
                Op::Query(name, record_type, roll) => {
                    let answer = cloud.resolve(NAMES[name], TYPES[record_type], roll);
                    for r in &answer.answers {
                        prop_assert!(r.name.ends_with('.'));
                        if r.record_type == "A" {
                            prop_assert!(r.data.parse::<std::net::Ipv4Addr>().is_ok(), "{}", r.data);
                        }
                    }
                    if answer.status == DnsStatus::NxDomain {
                        prop_assert!(answer.answers.is_empty());
                    }
                    // Weighted answers come from sets with weight, when any has one.
                    let zone_records = &cloud.hosted_zone(&zone).unwrap().records;
                    let weighted: Vec<&RecordSet> = zone_records
                        .iter()
                        .filter(|r| r.name == format!("{}.", NAMES[name]) && r.record_type == TYPES[record_type] && r.weight.is_some())
                        .collect();
                    if weighted.iter().any(|r| r.weight.unwrap_or(0) > 0) && TYPES[record_type] != "CNAME" {
                        let chosen: Vec<&str> = answer.answers.iter().filter(|a| a.record_type == TYPES[record_type]).map(|a| a.data.as_str()).collect();
                        for data in chosen {
                            prop_assert!(weighted.iter().any(|r| r.weight.unwrap_or(0) > 0 && r.resource_records.iter().any(|v| v.value == data || format!("{}.", v.value) == data)), "{data} came from a set of weight 0");
                        }
                    }
                }
            }
        }
        let saved = serde_json::to_string(&cloud).unwrap();
        let back: Cloud = serde_json::from_str(&saved).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), saved);
    }

    #[test]
    fn only_confirmed_subscriptions_get_mail(confirm in proptest::collection::vec(any::<bool>(), 1..5), messages in 1..4usize) {
        let mut cloud = Cloud::default();
        let topic = cloud.create_topic(CreateTopicInput { name: "t".into(), ..Default::default() }).unwrap().topic_arn;
        for (i, _) in confirm.iter().enumerate() {
            cloud.subscribe(SubscribeInput {
                topic_arn: topic.clone(),
                protocol: "email".into(),
                endpoint: Some(format!("user{i}@example.com")),
                return_subscription_arn: None,
            }).unwrap();
        }
        let tokens: Vec<(String, String)> = cloud
            .subscriptions()
            .iter()
            .filter_map(|s| match &s.status {
                SubscriptionStatus::PendingConfirmation { token } => Some((s.endpoint.clone(), token.clone())),
                SubscriptionStatus::Confirmed => None,
            })
            .collect();
        for ((_, token), yes) in tokens.iter().zip(&confirm) {
            if *yes {
                cloud.confirm_subscription(ConfirmSubscriptionInput { topic_arn: topic.clone(), token: token.clone(), ..Default::default() }).unwrap();
            }
        }
        for m in 0..messages {
            cloud.publish(PublishInput { topic_arn: Some(topic.clone()), message: format!("m{m}"), ..Default::default() }).unwrap();
        }
        for ((endpoint, _), yes) in tokens.iter().zip(&confirm) {
            let got = cloud.mailbox().iter().filter(|m| &m.to == endpoint && m.confirms.is_none()).count();
            prop_assert_eq!(got, if *yes { messages } else { 0 });
        }
    }
}
