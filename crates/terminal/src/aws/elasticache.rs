//! `aws elasticache`: cache subnet groups, Valkey and Redis OSS replication
//! groups (create, describe, modify, test a failover, delete), cache clusters
//! (Memcached, and each group's members), snapshots, and the waiters
//! `replication-group-available` and `cache-cluster-available`.

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws elasticache` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::elasticache::CREATE_CACHE_CLUSTER,
        "Creates a Memcached cluster of independent nodes (or a single Valkey or Redis OSS node).",
        call!(create_cache_cluster),
    ),
    Operation::new(
        generated::elasticache::CREATE_CACHE_SUBNET_GROUP,
        "Creates a cache subnet group: the subnets of one VPC a cache's nodes go in.",
        call!(create_cache_subnet_group),
    ),
    Operation::new(
        generated::elasticache::CREATE_REPLICATION_GROUP,
        "Creates a Valkey or Redis OSS replication group: a primary and replicas, or shards in cluster mode.",
        call!(create_replication_group),
    ),
    Operation::new(
        generated::elasticache::CREATE_SNAPSHOT,
        "Takes a snapshot of a replication group's data (Valkey and Redis OSS only).",
        call!(create_cache_snapshot),
    ),
    Operation::new(
        generated::elasticache::DELETE_CACHE_CLUSTER,
        "Deletes a cache cluster (not a member of a replication group).",
        call!(delete_cache_cluster),
    ),
    Operation::new(
        generated::elasticache::DELETE_CACHE_SUBNET_GROUP,
        "Deletes a cache subnet group no cluster uses.",
        call_unit!(delete_cache_subnet_group),
    ),
    Operation::new(
        generated::elasticache::DELETE_REPLICATION_GROUP,
        "Deletes a replication group and its nodes, optionally after a final snapshot.",
        call!(delete_replication_group),
    ),
    Operation::new(
        generated::elasticache::DELETE_SNAPSHOT,
        "Deletes a snapshot.",
        call!(delete_cache_snapshot),
    ),
    Operation::new(
        generated::elasticache::DESCRIBE_CACHE_CLUSTERS,
        "Describes cache clusters; --show-cache-node-info adds each node and its endpoint.",
        call!(describe_cache_clusters),
    ),
    Operation::new(
        generated::elasticache::DESCRIBE_CACHE_SUBNET_GROUPS,
        "Describes cache subnet groups.",
        call!(describe_cache_subnet_groups),
    ),
    Operation::new(
        generated::elasticache::DESCRIBE_REPLICATION_GROUPS,
        "Describes replication groups: shards, members and their roles, endpoints.",
        call!(describe_replication_groups),
    ),
    Operation::new(
        generated::elasticache::DESCRIBE_SNAPSHOTS,
        "Describes snapshots.",
        call!(describe_cache_snapshots),
    ),
    Operation::new(
        generated::elasticache::MODIFY_REPLICATION_GROUP,
        "Turns automatic failover or Multi-AZ on or off, changes security groups or snapshot retention.",
        call!(modify_replication_group),
    ),
    Operation::new(
        generated::elasticache::REBOOT_CACHE_CLUSTER,
        "Reboots nodes of a cluster: they come back empty.",
        call!(reboot_cache_cluster),
    ),
    Operation::new(
        generated::elasticache::TEST_FAILOVER,
        "Makes a shard's primary fail: a replica takes over and the primary endpoint follows.",
        call!(test_failover),
    ),
];

/// `aws elasticache`.
pub const ELASTICACHE: Service = Service {
    name: "elasticache",
    title: "ElastiCache",
    description: "Amazon ElastiCache runs in-memory caches (Valkey, Redis OSS and\n       Memcached) in your VPC: sub-millisecond reads in front of a slower\n       database, sessions, counters and leaderboards.",
    operations: OPERATIONS,
    extra: &["wait"],
    regional: true,
};
