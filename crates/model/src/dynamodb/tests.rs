//! DynamoDB end to end in the model: a table's states, items written with
//! conditions and updates, Query against Scan (what each reads and costs),
//! pages, and AWS's refusals.

use std::collections::BTreeMap;
use std::time::Duration;

use super::items::ItemRequest;
use super::query::ReadRequest;
use super::tables::{AttributeDefinition, CreateTableInput, KeySchemaElement, TableNameInput};
use super::*;

pub(crate) fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: &str) -> AttributeValue {
    AttributeValue::N(v.into())
}

pub(crate) fn item(pairs: &[(&str, AttributeValue)]) -> Item {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn values(pairs: &[(&str, AttributeValue)]) -> Option<BTreeMap<String, AttributeValue>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

pub(crate) fn music() -> Cloud {
    let mut cloud = Cloud::default();
    let created = cloud
        .create_table(CreateTableInput {
            table_name: "Music".into(),
            attribute_definitions: vec![
                AttributeDefinition {
                    attribute_name: "Artist".into(),
                    attribute_type: "S".into(),
                },
                AttributeDefinition {
                    attribute_name: "SongTitle".into(),
                    attribute_type: "S".into(),
                },
            ],
            key_schema: vec![
                KeySchemaElement {
                    attribute_name: "Artist".into(),
                    key_type: "HASH".into(),
                },
                KeySchemaElement {
                    attribute_name: "SongTitle".into(),
                    key_type: "RANGE".into(),
                },
            ],
            billing_mode: Some("PAY_PER_REQUEST".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(created.table_description.table_status, "CREATING");
    let early = cloud.put_item(ItemRequest {
        table_name: "Music".into(),
        item: Some(item(&[("Artist", s("a")), ("SongTitle", s("b"))])),
        ..Default::default()
    });
    assert_eq!(early.unwrap_err().code(), "ResourceNotFoundException");
    cloud.advance(CREATE_TIME);
    for (artist, title, year) in [
        ("IU", "Good Day", "2010"),
        ("IU", "Palette", "2017"),
        ("IU", "Blueming", "2019"),
        ("BTS", "Dynamite", "2020"),
        ("BTS", "Butter", "2021"),
        ("NewJeans", "Ditto", "2022"),
    ] {
        cloud
            .put_item(ItemRequest {
                table_name: "Music".into(),
                item: Some(item(&[
                    ("Artist", s(artist)),
                    ("SongTitle", s(title)),
                    ("Year", n(year)),
                ])),
                ..Default::default()
            })
            .unwrap();
    }
    cloud
}

#[test]
fn items_are_written_with_conditions_and_updates() {
    let mut cloud = music();
    let again = cloud.put_item(ItemRequest {
        table_name: "Music".into(),
        item: Some(item(&[("Artist", s("IU")), ("SongTitle", s("Palette"))])),
        condition_expression: Some("attribute_not_exists(SongTitle)".into()),
        ..Default::default()
    });
    assert_eq!(again.unwrap_err().code(), "ConditionalCheckFailedException");
    let updated = cloud
        .update_item(ItemRequest {
            table_name: "Music".into(),
            key: Some(item(&[("Artist", s("IU")), ("SongTitle", s("Palette"))])),
            update_expression: Some(
                "SET Plays = if_not_exists(Plays, :zero) + :one ADD Tags :t".into(),
            ),
            expression_attribute_values: values(&[
                (":zero", n("0")),
                (":one", n("1")),
                (":t", AttributeValue::Ss(vec!["ballad".into()])),
            ]),
            return_values: Some("UPDATED_NEW".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        updated.attributes,
        Some(item(&[
            ("Plays", n("1")),
            ("Tags", AttributeValue::Ss(vec!["ballad".into()]))
        ]))
    );
    let got = cloud
        .get_item(ItemRequest {
            table_name: "Music".into(),
            key: Some(item(&[("Artist", s("IU")), ("SongTitle", s("Palette"))])),
            projection_expression: Some("#y, Plays".into()),
            expression_attribute_names: Some([("#y".to_string(), "Year".to_string())].into()),
            return_consumed_capacity: Some("TOTAL".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        got.item,
        Some(item(&[("Plays", n("1")), ("Year", n("2017"))]))
    );
    assert_eq!(got.consumed_capacity.map(|c| c.capacity_units), Some(0.5));
    let key_update = cloud.update_item(ItemRequest {
        table_name: "Music".into(),
        key: Some(item(&[("Artist", s("IU")), ("SongTitle", s("Palette"))])),
        update_expression: Some("SET Artist = :a".into()),
        expression_attribute_values: values(&[(":a", s("x"))]),
        ..Default::default()
    });
    assert!(
        key_update
            .unwrap_err()
            .message()
            .contains("This attribute is part of the key")
    );
    let deleted = cloud
        .delete_item(ItemRequest {
            table_name: "Music".into(),
            key: Some(item(&[("Artist", s("BTS")), ("SongTitle", s("Butter"))])),
            return_values: Some("ALL_OLD".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        deleted.attributes.and_then(|a| a.get("Year").cloned()),
        Some(n("2021"))
    );
}

#[test]
fn query_reads_one_partition_in_order_and_scan_reads_everything() {
    let mut cloud = music();
    let query = cloud
        .query(ReadRequest {
            table_name: "Music".into(),
            key_condition_expression: Some("Artist = :a".into()),
            expression_attribute_values: values(&[(":a", s("IU"))]),
            scan_index_forward: Some(false),
            return_consumed_capacity: Some("TOTAL".into()),
            ..Default::default()
        })
        .unwrap();
    let titles: Vec<AttributeValue> = query
        .items
        .unwrap_or_default()
        .iter()
        .filter_map(|i| i.get("SongTitle").cloned())
        .collect();
    assert_eq!(titles, [s("Palette"), s("Good Day"), s("Blueming")]);
    assert_eq!((query.count, query.scanned_count), (3, 3));
    let scan = cloud
        .scan(ReadRequest {
            table_name: "Music".into(),
            filter_expression: Some("#y >= :y".into()),
            expression_attribute_names: Some([("#y".to_string(), "Year".to_string())].into()),
            expression_attribute_values: values(&[(":y", n("2020"))]),
            return_consumed_capacity: Some("TOTAL".into()),
            ..Default::default()
        })
        .unwrap();
    // The filter runs after the read: three returned, six read and paid for.
    assert_eq!((scan.count, scan.scanned_count), (3, 6));
    // Pages: two at a time until no LastEvaluatedKey.
    let mut seen = 0;
    let mut start = None;
    let mut pages = 0;
    loop {
        let page = cloud
            .scan(ReadRequest {
                table_name: "Music".into(),
                limit: Some(2),
                exclusive_start_key: start.clone(),
                ..Default::default()
            })
            .unwrap();
        seen += page.count;
        pages += 1;
        start = page.last_evaluated_key;
        if start.is_none() || pages > 10 {
            break;
        }
    }
    assert_eq!(seen, 6);
    assert_eq!(
        pages, 4,
        "three full pages and an empty last one, as DynamoDB answers"
    );
    let prefix = cloud
        .query(ReadRequest {
            table_name: "Music".into(),
            key_condition_expression: Some("Artist = :a AND begins_with(SongTitle, :p)".into()),
            expression_attribute_values: values(&[(":a", s("IU")), (":p", s("B"))]),
            select: Some("COUNT".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((prefix.count, prefix.items), (1, None));
}

#[test]
fn aws_refuses_what_aws_refuses() {
    let mut cloud = music();
    let missing = cloud
        .put_item(ItemRequest {
            table_name: "Music".into(),
            item: Some(item(&[("Artist", s("IU"))])),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        missing.message(),
        "One or more parameter values were invalid: Missing the key SongTitle in the item"
    );
    let mismatch = cloud
        .put_item(ItemRequest {
            table_name: "Music".into(),
            item: Some(item(&[("Artist", n("1")), ("SongTitle", s("x"))])),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        mismatch.message(),
        "One or more parameter values were invalid: Type mismatch for key Artist expected: S actual: N"
    );
    let wrong_key = cloud
        .get_item(ItemRequest {
            table_name: "Music".into(),
            key: Some(item(&[("Artist", s("IU"))])),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        wrong_key.message(),
        "The provided key element does not match the schema"
    );
    let reserved = cloud
        .scan(ReadRequest {
            table_name: "Music".into(),
            filter_expression: Some("Year > :y".into()),
            expression_attribute_values: values(&[(":y", n("1"))]),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        reserved.message(),
        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: Year"
    );
    let no_hash = cloud
        .query(ReadRequest {
            table_name: "Music".into(),
            key_condition_expression: Some("SongTitle = :t".into()),
            expression_attribute_values: values(&[(":t", s("Ditto"))]),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        no_hash.message(),
        "Query condition missed key schema element: Artist"
    );
    let unknown = cloud.describe_table(TableNameInput {
        table_name: "Nope".into(),
    });
    assert_eq!(
        unknown.unwrap_err().message(),
        "Requested resource not found: Table: Nope not found"
    );
    cloud
        .delete_table(TableNameInput {
            table_name: "Music".into(),
        })
        .unwrap();
    cloud.advance(Duration::from_secs(10));
    assert!(cloud.dynamodb_tables().is_empty());
}

fn orders() -> Cloud {
    use super::tables::{IndexInput, ProjectionInput};
    let mut cloud = Cloud::default();
    let definition = |name: &str, kind: &str| AttributeDefinition {
        attribute_name: name.into(),
        attribute_type: kind.into(),
    };
    let key = |name: &str, kind: &str| KeySchemaElement {
        attribute_name: name.into(),
        key_type: kind.into(),
    };
    cloud
        .create_table(CreateTableInput {
            table_name: "Orders".into(),
            attribute_definitions: vec![
                definition("CustomerId", "S"),
                definition("OrderDate", "S"),
                definition("OrderStatus", "S"),
                definition("Amount", "N"),
            ],
            key_schema: vec![key("CustomerId", "HASH"), key("OrderDate", "RANGE")],
            billing_mode: Some("PAY_PER_REQUEST".into()),
            global_secondary_indexes: Some(vec![IndexInput {
                index_name: "ByStatus".into(),
                key_schema: vec![key("OrderStatus", "HASH"), key("OrderDate", "RANGE")],
                projection: ProjectionInput {
                    projection_type: Some("KEYS_ONLY".into()),
                    non_key_attributes: None,
                },
                provisioned_throughput: None,
            }]),
            local_secondary_indexes: Some(vec![IndexInput {
                index_name: "ByTotal".into(),
                key_schema: vec![key("CustomerId", "HASH"), key("Amount", "RANGE")],
                projection: ProjectionInput {
                    projection_type: Some("ALL".into()),
                    non_key_attributes: None,
                },
                provisioned_throughput: None,
            }]),
            ..Default::default()
        })
        .unwrap();
    cloud.advance(CREATE_TIME);
    for (customer, date, status, total) in [
        ("c1", "2026-01-01", Some("SHIPPED"), "30"),
        ("c1", "2026-01-02", None, "10"),
        ("c2", "2026-01-03", Some("SHIPPED"), "99"),
        ("c2", "2026-01-04", Some("PENDING"), "5"),
    ] {
        let mut fields = vec![
            ("CustomerId", s(customer)),
            ("OrderDate", s(date)),
            ("Amount", n(total)),
            ("Note", s("gift")),
        ];
        if let Some(status) = status {
            fields.push(("OrderStatus", s(status)));
        }
        cloud
            .put_item(ItemRequest {
                table_name: "Orders".into(),
                item: Some(item(&fields)),
                ..Default::default()
            })
            .unwrap();
    }
    cloud
}

#[test]
fn secondary_indexes_are_sparse_projected_and_queried_by_their_own_key() {
    let mut cloud = orders();
    let shipped = cloud
        .query(ReadRequest {
            table_name: "Orders".into(),
            index_name: Some("ByStatus".into()),
            key_condition_expression: Some("OrderStatus = :s".into()),
            expression_attribute_values: values(&[(":s", s("SHIPPED"))]),
            ..Default::default()
        })
        .unwrap();
    let items = shipped.items.unwrap_or_default();
    assert_eq!(items.len(), 2);
    // KEYS_ONLY: the table's key and the index's, not Amount or Note.
    assert!(
        items
            .iter()
            .all(|i| i.len() == 3 && !i.contains_key("Note")),
        "{items:?}"
    );
    let scanned = cloud
        .scan(ReadRequest {
            table_name: "Orders".into(),
            index_name: Some("ByStatus".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        scanned.count, 3,
        "the order without a status is not in the index"
    );
    let by_total = cloud
        .query(ReadRequest {
            table_name: "Orders".into(),
            index_name: Some("ByTotal".into()),
            key_condition_expression: Some("CustomerId = :c AND Amount > :t".into()),
            expression_attribute_values: values(&[(":c", s("c1")), (":t", n("20"))]),
            consistent_read: Some(true),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_total.count, 1);
    let consistent = cloud.query(ReadRequest {
        table_name: "Orders".into(),
        index_name: Some("ByStatus".into()),
        key_condition_expression: Some("OrderStatus = :s".into()),
        expression_attribute_values: values(&[(":s", s("SHIPPED"))]),
        consistent_read: Some(true),
        ..Default::default()
    });
    assert_eq!(
        consistent.unwrap_err().message(),
        "Consistent reads are not supported on global secondary indexes"
    );
    let described = cloud
        .describe_table(TableNameInput {
            table_name: "Orders".into(),
        })
        .unwrap()
        .table;
    assert_eq!(described.global_secondary_indexes[0].item_count, 3);
    assert_eq!(described.local_secondary_indexes[0].item_count, 4);
    let reserved = cloud.query(ReadRequest {
        table_name: "Orders".into(),
        key_condition_expression: Some("CustomerId = :c AND Date > :d".into()),
        expression_attribute_values: values(&[(":c", s("c1")), (":d", s("x"))]),
        ..Default::default()
    });
    assert!(
        reserved
            .unwrap_err()
            .message()
            .contains("reserved keyword: Date")
    );
}

#[test]
fn ttl_deletes_expired_items_at_the_next_sweep() {
    use super::ttl::{TimeToLiveSpecification, UpdateTimeToLiveInput};
    let mut cloud = orders();
    cloud
        .update_time_to_live(UpdateTimeToLiveInput {
            table_name: "Orders".into(),
            time_to_live_specification: TimeToLiveSpecification {
                enabled: true,
                attribute_name: "ExpiresAt".into(),
            },
        })
        .unwrap();
    let again = cloud.update_time_to_live(UpdateTimeToLiveInput {
        table_name: "Orders".into(),
        time_to_live_specification: TimeToLiveSpecification {
            enabled: true,
            attribute_name: "ExpiresAt".into(),
        },
    });
    assert_eq!(
        again.unwrap_err().message(),
        "TimeToLive is already enabled"
    );
    let soon = cloud.now().unix_seconds() + 60;
    cloud
        .put_item(ItemRequest {
            table_name: "Orders".into(),
            item: Some(item(&[
                ("CustomerId", s("c9")),
                ("OrderDate", s("2026-02-01")),
                ("ExpiresAt", n(&soon.to_string())),
            ])),
            ..Default::default()
        })
        .unwrap();
    let count = |cloud: &Cloud| cloud.dynamodb_table("Orders").map(|t| t.items.len());
    assert_eq!(count(&cloud), Some(5));
    cloud.advance(Duration::from_secs(61));
    // Expired, not yet swept: still read.
    let sweep = super::ttl::SWEEP_EVERY.as_secs();
    if soon.div_ceil(sweep) * sweep > cloud.now().unix_seconds() {
        assert_eq!(count(&cloud), Some(5));
    }
    cloud.advance(super::ttl::SWEEP_EVERY);
    assert_eq!(count(&cloud), Some(4));
}

#[test]
fn a_global_index_added_later_backfills_then_answers() {
    use super::tables::{IndexInput, IndexUpdate, ProjectionInput, UpdateTableInput};
    let mut cloud = music();
    let by_year = || IndexUpdate {
        create: Some(IndexInput {
            index_name: "ByYear".into(),
            key_schema: vec![KeySchemaElement {
                attribute_name: "Year".into(),
                key_type: "HASH".into(),
            }],
            projection: super::tables::ProjectionInput {
                projection_type: Some("ALL".into()),
                non_key_attributes: None,
            },
            provisioned_throughput: None,
        }),
        delete: None,
    };
    let undefined = cloud.update_table(UpdateTableInput {
        table_name: "Music".into(),
        global_secondary_index_updates: Some(vec![by_year()]),
        ..Default::default()
    });
    assert!(
        undefined
            .unwrap_err()
            .message()
            .contains("not defined in AttributeDefinitions")
    );
    let updated = cloud
        .update_table(UpdateTableInput {
            table_name: "Music".into(),
            attribute_definitions: Some(vec![AttributeDefinition {
                attribute_name: "Year".into(),
                attribute_type: "N".into(),
            }]),
            global_secondary_index_updates: Some(vec![by_year()]),
            ..Default::default()
        })
        .unwrap();
    let index = &updated.table_description.global_secondary_indexes[0];
    assert_eq!(
        (index.index_status.as_deref(), index.backfilling),
        (Some("CREATING"), Some(true))
    );
    let query = |cloud: &mut Cloud| {
        cloud.query(ReadRequest {
            table_name: "Music".into(),
            index_name: Some("ByYear".into()),
            key_condition_expression: Some("#y = :y".into()),
            expression_attribute_names: Some([("#y".to_string(), "Year".to_string())].into()),
            expression_attribute_values: values(&[(":y", n("2020"))]),
            ..Default::default()
        })
    };
    assert_eq!(
        query(&mut cloud).unwrap_err().message(),
        "Cannot read from backfilling global secondary index: ByYear"
    );
    cloud.advance(super::tables::INDEX_BACKFILL_TIME);
    let found = query(&mut cloud).unwrap();
    assert_eq!(
        found.count, 1,
        "the base table cannot answer this; the index can"
    );
    let _ = ProjectionInput::default();
}

#[test]
fn a_stream_records_each_change_in_order() {
    use super::streams::{
        GetRecordsInput, GetShardIteratorInput, ListStreamsInput, StreamArnInput,
        StreamSpecification,
    };
    use super::tables::UpdateTableInput;
    let mut cloud = music();
    cloud
        .update_table(UpdateTableInput {
            table_name: "Music".into(),
            stream_specification: Some(StreamSpecification {
                stream_enabled: true,
                stream_view_type: Some("NEW_AND_OLD_IMAGES".into()),
            }),
            ..Default::default()
        })
        .unwrap();
    let key = item(&[("Artist", s("IU")), ("SongTitle", s("Palette"))]);
    cloud
        .update_item(ItemRequest {
            table_name: "Music".into(),
            key: Some(key.clone()),
            update_expression: Some("SET Plays = :one".into()),
            expression_attribute_values: values(&[(":one", n("1"))]),
            ..Default::default()
        })
        .unwrap();
    cloud
        .put_item(ItemRequest {
            table_name: "Music".into(),
            item: Some(item(&[("Artist", s("AKMU")), ("SongTitle", s("Love Lee"))])),
            ..Default::default()
        })
        .unwrap();
    cloud
        .delete_item(ItemRequest {
            table_name: "Music".into(),
            key: Some(key),
            ..Default::default()
        })
        .unwrap();
    let arn = cloud
        .list_streams(ListStreamsInput::default())
        .unwrap()
        .streams[0]
        .stream_arn
        .clone();
    let described = cloud
        .describe_stream(StreamArnInput {
            stream_arn: arn.clone(),
        })
        .unwrap()
        .stream_description;
    assert_eq!(described.stream_status, "ENABLED");
    let iterator = cloud
        .get_shard_iterator(GetShardIteratorInput {
            stream_arn: arn,
            shard_id: described.shards[0].shard_id.clone(),
            shard_iterator_type: "TRIM_HORIZON".into(),
            sequence_number: None,
        })
        .unwrap()
        .shard_iterator;
    let page = cloud
        .get_records(GetRecordsInput {
            shard_iterator: iterator,
            limit: None,
        })
        .unwrap();
    let names: Vec<&str> = page.records.iter().map(|r| r.event_name.as_str()).collect();
    assert_eq!(names, ["MODIFY", "INSERT", "REMOVE"]);
    assert_eq!(
        page.records[0]
            .dynamodb
            .old_image
            .as_ref()
            .and_then(|i| i.get("Plays")),
        None
    );
    assert_eq!(
        page.records[0]
            .dynamodb
            .new_image
            .as_ref()
            .and_then(|i| i.get("Plays")),
        Some(&n("1"))
    );
    let next = cloud
        .get_records(GetRecordsInput {
            shard_iterator: page.next_shard_iterator,
            limit: None,
        })
        .unwrap();
    assert!(next.records.is_empty());
}
