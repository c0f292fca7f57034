//! `aws rds`: DB subnet groups, DB parameter groups, DB instances (create, describe, modify,
//! reboot, delete), read replicas, snapshots and restores, and the waiters
//! `db-instance-available` and `db-snapshot-available`.

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
        generated::rds::CREATE_DB_INSTANCE_READ_REPLICA,
        "Creates a read replica: its own endpoint, a copy that follows the source a little behind.",
        call!(create_db_instance_read_replica),
    ),
    Operation::new(
        generated::rds::CREATE_DB_PARAMETER_GROUP,
        "Creates a DB parameter group of one engine family.",
        call!(create_db_parameter_group),
    ),
    Operation::new(
        generated::rds::CREATE_DB_SNAPSHOT,
        "Takes a manual snapshot of a DB instance (kept until you delete it).",
        call!(create_db_snapshot),
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
        generated::rds::DELETE_DB_PARAMETER_GROUP,
        "Deletes a DB parameter group no instance uses.",
        call_unit!(delete_db_parameter_group),
    ),
    Operation::new(
        generated::rds::DELETE_DB_SNAPSHOT,
        "Deletes a manual DB snapshot.",
        call!(delete_db_snapshot),
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
        generated::rds::DESCRIBE_DB_PARAMETERS,
        "Describes a group's parameters: value, source, dynamic or static.",
        call!(describe_db_parameters),
    ),
    Operation::new(
        generated::rds::DESCRIBE_DB_PARAMETER_GROUPS,
        "Describes DB parameter groups: the defaults in use and your own.",
        call!(describe_db_parameter_groups),
    ),
    Operation::new(
        generated::rds::DESCRIBE_DB_SNAPSHOTS,
        "Describes DB snapshots, manual and automated.",
        call!(describe_db_snapshots),
    ),
    Operation::new(
        generated::rds::DESCRIBE_DB_SUBNET_GROUPS,
        "Describes DB subnet groups and their subnets.",
        call!(describe_db_subnet_groups),
    ),
    Operation::new(
        generated::rds::MODIFY_DB_INSTANCE,
        "Changes a DB instance (class, storage, Multi-AZ, backups, security groups), now or in the maintenance window.",
        call!(modify_db_instance),
    ),
    Operation::new(
        generated::rds::MODIFY_DB_PARAMETER_GROUP,
        "Changes parameters: dynamic ones at once, static ones at the next reboot.",
        call!(modify_db_parameter_group),
    ),
    Operation::new(
        generated::rds::PROMOTE_READ_REPLICA,
        "Turns a read replica into a standalone instance that accepts writes.",
        call!(promote_read_replica),
    ),
    Operation::new(
        generated::rds::REBOOT_DB_INSTANCE,
        "Reboots a DB instance; --force-failover makes a Multi-AZ standby the primary.",
        call!(reboot_db_instance),
    ),
    Operation::new(
        generated::rds::RESTORE_DB_INSTANCE_FROM_DB_SNAPSHOT,
        "Creates a new DB instance (a new endpoint) from a snapshot.",
        call!(restore_db_instance_from_db_snapshot),
    ),
    Operation::new(
        generated::rds::RESTORE_DB_INSTANCE_TO_POINT_IN_TIME,
        "Creates a new DB instance holding what another held at a moment within its backup retention.",
        call!(restore_db_instance_to_point_in_time),
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
