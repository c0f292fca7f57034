//! `aws dynamodb`: tables (create, describe, list, delete), items (put, get,
//! update, delete), reads (query, scan, also of secondary indexes), TTL, and
//! the waiter `table-exists`.

use super::Service;
use super::generated;
use super::operation::{Operation, call};

/// Every supported `aws dynamodb` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::dynamodb::CREATE_TABLE,
        "Creates a table with a partition key (and a sort key): CREATING, then ACTIVE.",
        call!(create_table),
    ),
    Operation::new(
        generated::dynamodb::DELETE_ITEM,
        "Deletes an item by its key, if a condition holds.",
        call!(delete_item),
    ),
    Operation::new(
        generated::dynamodb::DELETE_TABLE,
        "Deletes a table and every item in it.",
        call!(delete_table),
    ),
    Operation::new(
        generated::dynamodb::DESCRIBE_TABLE,
        "Describes a table: its key, status, billing mode, item count and size.",
        call!(describe_table),
    ),
    Operation::new(
        generated::dynamodb::DESCRIBE_TIME_TO_LIVE,
        "Says whether TTL is on and which attribute holds the expiry time.",
        call!(describe_time_to_live),
    ),
    Operation::new(
        generated::dynamodb::GET_ITEM,
        "Reads one item by its whole key.",
        call!(get_item),
    ),
    Operation::new(
        generated::dynamodb::LIST_TABLES,
        "Lists the tables of the region.",
        call!(list_tables),
    ),
    Operation::new(
        generated::dynamodb::PUT_ITEM,
        "Writes a whole item, replacing any item with the same key (unless a condition says no).",
        call!(put_item),
    ),
    Operation::new(
        generated::dynamodb::QUERY,
        "Reads the items of one partition in sort-key order: a key condition, then an optional filter.",
        call!(query),
    ),
    Operation::new(
        generated::dynamodb::SCAN,
        "Reads every item of the table, then filters: you pay for everything read.",
        call!(scan),
    ),
    Operation::new(
        generated::dynamodb::UPDATE_ITEM,
        "Changes some attributes of an item (SET, REMOVE, ADD, DELETE), creating it if needed.",
        call!(update_item),
    ),
    Operation::new(
        generated::dynamodb::UPDATE_TABLE,
        "Adds or deletes a global index, switches the billing mode, turns the stream on or off.",
        call!(update_table),
    ),
    Operation::new(
        generated::dynamodb::UPDATE_TIME_TO_LIVE,
        "Turns TTL on or off: items whose attribute (epoch seconds) has passed are deleted.",
        call!(update_time_to_live),
    ),
];

/// `aws dynamodb`.
pub const DYNAMODB: Service = Service {
    name: "dynamodb",
    title: "DynamoDB",
    description: "Amazon DynamoDB is a fully managed NoSQL database: tables of items\n       found by their key, read and written in single-digit milliseconds at\n       any scale, paid for by the request or by provisioned capacity.",
    operations: OPERATIONS,
    extra: &["wait"],
    regional: true,
};
