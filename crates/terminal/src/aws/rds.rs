//! `aws rds`: DB subnet groups and DB instances (so far: create, describe,
//! delete), and the waiter `db-instance-available`.

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws rds` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::rds::CREATE_DB_INSTANCE,
        "Creates a DB instance (MySQL or PostgreSQL): creating, backing-up, then available.",
        call!(create_db_instance),
    ),
    Operation::new(
        generated::rds::CREATE_DB_SUBNET_GROUP,
        "Creates a DB subnet group: subnets of one VPC in two or more Availability Zones.",
        call!(create_db_subnet_group),
    ),
    Operation::new(
        generated::rds::DELETE_DB_INSTANCE,
        "Deletes a DB instance (--skip-final-snapshot or --final-db-snapshot-identifier).",
        call!(delete_db_instance),
    ),
    Operation::new(
        generated::rds::DELETE_DB_SUBNET_GROUP,
        "Deletes a DB subnet group no instance uses.",
        call_unit!(delete_db_subnet_group),
    ),
    Operation::new(
        generated::rds::DESCRIBE_DB_INSTANCES,
        "Describes DB instances: status, endpoint, zone, subnet group, security groups.",
        call!(describe_db_instances),
    ),
    Operation::new(
        generated::rds::DESCRIBE_DB_SUBNET_GROUPS,
        "Describes DB subnet groups and their subnets.",
        call!(describe_db_subnet_groups),
    ),
];

/// `aws rds`.
pub const RDS: Service = Service {
    name: "rds",
    title: "RDS",
    description: "Amazon Relational Database Service (RDS) runs MySQL and PostgreSQL\n       databases for you: instances in your VPC's subnets, backed up and\n       patched by AWS, reached at an endpoint.",
    operations: OPERATIONS,
    extra: &["wait"],
    regional: true,
};
