//! `aws dynamodbstreams`: a table's stream of changes, read shard by shard.

use super::Service;
use super::generated;
use super::operation::{Operation, call};

/// Every supported `aws dynamodbstreams` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::dynamodbstreams::DESCRIBE_STREAM,
        "Describes a stream: its status, view type and shards.",
        call!(describe_stream),
    ),
    Operation::new(
        generated::dynamodbstreams::GET_RECORDS,
        "Reads the changes from a shard iterator on, and where to read next.",
        call!(get_records),
    ),
    Operation::new(
        generated::dynamodbstreams::GET_SHARD_ITERATOR,
        "Says where in a shard to start reading (TRIM_HORIZON, LATEST, ...).",
        call!(get_shard_iterator),
    ),
    Operation::new(
        generated::dynamodbstreams::LIST_STREAMS,
        "Lists the streams of the region's tables.",
        call!(list_streams),
    ),
];

/// `aws dynamodbstreams`.
pub const DYNAMODBSTREAMS: Service = Service {
    name: "dynamodbstreams",
    title: "DynamoDB Streams",
    description: "Amazon DynamoDB Streams records every change to a table's items, in\n       order, for 24 hours: what a trigger or a copy elsewhere reads.",
    operations: OPERATIONS,
    extra: &[],
    regional: true,
};
