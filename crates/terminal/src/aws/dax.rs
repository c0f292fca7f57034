//! `aws dax`: DynamoDB Accelerator's subnet groups and clusters. Reads and
//! writes through a cluster come from an application on an instance (the
//! lab's `cache-demo`), as the AWS CLI has no DAX data plane either.

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws dax` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::dax::CREATE_CLUSTER,
        "Creates a DAX cluster: nodes over the zones and a role DAX uses to read your tables.",
        call!(create_dax_cluster),
    ),
    Operation::new(
        generated::dax::CREATE_SUBNET_GROUP,
        "Creates a subnet group for DAX clusters.",
        call!(create_dax_subnet_group),
    ),
    Operation::new(
        generated::dax::DELETE_CLUSTER,
        "Deletes a DAX cluster.",
        call!(delete_dax_cluster),
    ),
    Operation::new(
        generated::dax::DELETE_SUBNET_GROUP,
        "Deletes a subnet group no cluster uses.",
        call_unit!(delete_dax_subnet_group),
    ),
    Operation::new(
        generated::dax::DESCRIBE_CLUSTERS,
        "Describes DAX clusters: status, nodes and the discovery endpoint.",
        call!(describe_dax_clusters),
    ),
    Operation::new(
        generated::dax::DESCRIBE_SUBNET_GROUPS,
        "Describes DAX subnet groups.",
        call!(describe_dax_subnet_groups),
    ),
];

/// `aws dax`.
pub const DAX: Service = Service {
    name: "dax",
    title: "DAX",
    description: "DynamoDB Accelerator (DAX) is an in-memory cache for DynamoDB: the\n       same API, answers in microseconds for repeated reads, write-through to\n       the table.",
    operations: OPERATIONS,
    extra: &[],
    regional: true,
};
