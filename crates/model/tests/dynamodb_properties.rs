//! Property tests for DynamoDB: whatever items are written, updated and
//! deleted, a table holds one item per key; paging a Scan or a Query with any
//! `Limit` returns every matching item exactly once; a Query returns only its
//! partition, in sort-key order; and a filter never makes `Count` exceed
//! `ScannedCount`.

use std::collections::{BTreeMap, BTreeSet};

use cloudlab_model::Cloud;
use cloudlab_model::dynamodb::items::ItemRequest;
use cloudlab_model::dynamodb::query::{ReadOutput, ReadRequest};
use cloudlab_model::dynamodb::tables::{AttributeDefinition, CreateTableInput, KeySchemaElement};
use cloudlab_model::dynamodb::values::AttributeValue;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Put { pk: u8, sk: u16, score: u16 },
    Delete { pk: u8, sk: u16 },
    Bump { pk: u8, sk: u16 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..4, 0u16..40, 0u16..100).prop_map(|(pk, sk, score)| Op::Put { pk, sk, score }),
        1 => (0u8..4, 0u16..40).prop_map(|(pk, sk)| Op::Delete { pk, sk }),
        1 => (0u8..4, 0u16..40).prop_map(|(pk, sk)| Op::Bump { pk, sk }),
    ]
}

fn key(pk: u8, sk: u16) -> BTreeMap<String, AttributeValue> {
    [
        ("pk".to_string(), AttributeValue::S(format!("p{pk}"))),
        ("sk".to_string(), AttributeValue::N(sk.to_string())),
    ]
    .into()
}

fn table() -> Cloud {
    let mut cloud = Cloud::default();
    let definition = |name: &str, kind: &str| AttributeDefinition {
        attribute_name: name.into(),
        attribute_type: kind.into(),
    };
    let schema = |name: &str, kind: &str| KeySchemaElement {
        attribute_name: name.into(),
        key_type: kind.into(),
    };
    cloud
        .create_table(CreateTableInput {
            table_name: "Things".into(),
            attribute_definitions: vec![definition("pk", "S"), definition("sk", "N")],
            key_schema: vec![schema("pk", "HASH"), schema("sk", "RANGE")],
            billing_mode: Some("PAY_PER_REQUEST".into()),
            ..Default::default()
        })
        .expect("a valid table");
    cloud.advance(cloudlab_model::dynamodb::CREATE_TIME);
    cloud
}

/// Every page of a read, following `LastEvaluatedKey`.
fn all_pages(cloud: &mut Cloud, request: ReadRequest, query: bool) -> Vec<ReadOutput> {
    let mut pages = Vec::new();
    let mut start = None;
    for _ in 0..500 {
        let mut page_request = request.clone();
        page_request.exclusive_start_key = start;
        let page = if query {
            cloud.query(page_request)
        } else {
            cloud.scan(page_request)
        }
        .expect("a valid read");
        start = page.last_evaluated_key.clone();
        pages.push(page);
        if start.is_none() {
            break;
        }
    }
    pages
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn reads_page_through_every_item_once(ops in prop::collection::vec(op(), 1..60), limit in 1i64..8, partition in 0u8..4) {
        let mut cloud = table();
        let mut expected: BTreeSet<(u8, u16)> = BTreeSet::new();
        for op in &ops {
            match op {
                Op::Put { pk, sk, score } => {
                    let mut item = key(*pk, *sk);
                    item.insert("score".into(), AttributeValue::N(score.to_string()));
                    cloud.put_item(ItemRequest { table_name: "Things".into(), item: Some(item), ..Default::default() }).expect("a valid put");
                    expected.insert((*pk, *sk));
                }
                Op::Delete { pk, sk } => {
                    cloud.delete_item(ItemRequest { table_name: "Things".into(), key: Some(key(*pk, *sk)), ..Default::default() }).expect("a valid delete");
                    expected.remove(&(*pk, *sk));
                }
                Op::Bump { pk, sk } => {
                    cloud.update_item(ItemRequest {
                        table_name: "Things".into(),
                        key: Some(key(*pk, *sk)),
                        update_expression: Some("ADD score :one".into()),
                        expression_attribute_values: Some([(":one".to_string(), AttributeValue::N("1".into()))].into()),
                        ..Default::default()
                    }).expect("a valid update");
                    expected.insert((*pk, *sk));
                }
            }
        }
        let table_items = cloud.dynamodb_table("Things").map(|t| t.items.len()).unwrap_or(0);
        prop_assert_eq!(table_items, expected.len(), "one item per key");

        let scan = all_pages(&mut cloud, ReadRequest { table_name: "Things".into(), limit: Some(limit), ..Default::default() }, false);
        let mut seen = Vec::new();
        for page in &scan {
            prop_assert!(page.count <= page.scanned_count);
            for item in page.items.clone().unwrap_or_default() {
                let pk = match item.get("pk") { Some(AttributeValue::S(s)) => s.trim_start_matches('p').parse::<u8>().unwrap_or(99), _ => 99 };
                let sk = match item.get("sk") { Some(AttributeValue::N(n)) => n.parse::<u16>().unwrap_or(9999), _ => 9999 };
                seen.push((pk, sk));
            }
        }
        let unique: BTreeSet<(u8, u16)> = seen.iter().copied().collect();
        prop_assert_eq!(unique.len(), seen.len(), "no item twice");
        prop_assert_eq!(unique, expected.clone());

        // With an even limit, a filter on the score too.
        let filtered = limit % 2 == 0;
        let mut values: BTreeMap<String, AttributeValue> =
            [(":p".to_string(), AttributeValue::S(format!("p{partition}")))].into();
        if filtered {
            values.insert(":min".into(), AttributeValue::N("50".into()));
        }
        let query = all_pages(&mut cloud, ReadRequest {
            table_name: "Things".into(),
            key_condition_expression: Some("pk = :p".into()),
            expression_attribute_values: Some(values),
            filter_expression: filtered.then(|| "score >= :min".to_string()),
            limit: Some(limit),
            ..Default::default()
        }, true);
        let mut sort_keys = Vec::new();
        for page in &query {
            prop_assert!(page.count <= page.scanned_count);
            for item in page.items.clone().unwrap_or_default() {
                prop_assert_eq!(item.get("pk"), Some(&AttributeValue::S(format!("p{partition}"))));
                if let Some(AttributeValue::N(n)) = item.get("sk") {
                    sort_keys.push(n.parse::<u16>().unwrap_or(0));
                }
            }
        }
        let mut sorted = sort_keys.clone();
        sorted.sort_unstable();
        prop_assert_eq!(&sort_keys, &sorted, "sort-key order");
        if !filtered {
            let wanted: Vec<u16> = expected.iter().filter(|(p, _)| *p == partition).map(|(_, s)| *s).collect();
            prop_assert_eq!(sort_keys, wanted);
        }
    }
}
