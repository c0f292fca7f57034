//! ElastiCache as chapter 13 uses it: a Valkey replication group reached from
//! the web tier only, replicas that copy the primary and refuse writes, a
//! failover the primary endpoint follows, snapshots that outlive the group,
//! cluster mode's `MOVED`, and a Memcached cluster that forgets on reboot.

use std::time::Duration;

use super::cache_clusters::{CreateCacheClusterInput, RebootCacheClusterInput};
use super::connect::{CacheConnectError, CacheConnection};
use super::keyspace::Reply;
use super::memcached::Conversation;
use super::replication_groups::{
    CreateReplicationGroupInput, DeleteReplicationGroupInput, TestFailoverInput,
};
use super::snapshots::CreateSnapshotInput;
use super::subnet_groups::{CacheSubnetGroupNameInput, CreateCacheSubnetGroupInput};
use super::*;
use crate::catalog::{self, Architecture, OsFamily};
use crate::ec2::instances::RunInstancesInput;
use crate::ec2::private_endpoints::EndpointClient;
use crate::ec2::security_groups::{
    CreateSecurityGroupInput, IpPermission, SecurityGroupRulesInput,
};

struct Lab {
    cloud: Cloud,
    web: String,
    cache_sg: String,
}

/// The default VPC with a web instance (group `web`), a group `cache` that
/// lets 6379 and 11211 in from `web` only, and a cache subnet group over two
/// zones.
fn lab() -> Lab {
    let mut cloud = Cloud::default();
    let group = |c: &mut Cloud, name: &str| {
        c.create_security_group(CreateSecurityGroupInput {
            group_name: name.into(),
            description: name.into(),
            ..Default::default()
        })
        .expect("group")
        .group_id
    };
    let web_sg = group(&mut cloud, "web");
    let cache_sg = group(&mut cloud, "cache");
    cloud
        .authorize_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(cache_sg.clone()),
            ip_permissions: vec![
                IpPermission::group("tcp", 6379, 6379, &web_sg),
                IpPermission::group("tcp", 11211, 11211, &web_sg),
            ],
            ..Default::default()
        })
        .expect("ingress");
    let image_id = catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .expect("image")
    .image_id;
    let web = cloud
        .run_instances(RunInstancesInput {
            image_id,
            instance_type: Some("t3.micro".into()),
            security_group_ids: vec![web_sg],
            ..Default::default()
        })
        .expect("instance")
        .instances[0]
        .instance_id
        .clone();
    let subnets: Vec<String> = cloud
        .subnets()
        .iter()
        .filter(|s| s.default_for_az)
        .take(2)
        .map(|s| s.subnet_id.clone())
        .collect();
    cloud
        .create_cache_subnet_group(CreateCacheSubnetGroupInput {
            cache_subnet_group_name: "cache-subnets".into(),
            cache_subnet_group_description: "two zones".into(),
            subnet_ids: subnets,
        })
        .expect("subnet group");
    cloud.advance(Duration::from_secs(60));
    Lab {
        cloud,
        web,
        cache_sg,
    }
}

fn valkey(lab: &mut Lab, id: &str, members: u32) {
    lab.cloud
        .create_replication_group(CreateReplicationGroupInput {
            replication_group_id: id.into(),
            replication_group_description: "sessions".into(),
            engine: Some("valkey".into()),
            cache_node_type: Some("cache.t3.micro".into()),
            num_cache_clusters: Some(members),
            automatic_failover_enabled: Some(members > 1),
            multi_az_enabled: Some(members > 1),
            cache_subnet_group_name: Some("cache-subnets".into()),
            security_group_ids: vec![lab.cache_sg.clone()],
            ..Default::default()
        })
        .expect("replication group");
}

fn connect(lab: &Lab, host: &str, port: u16) -> Result<CacheConnection, CacheConnectError> {
    lab.cloud
        .connect_to_cache(EndpointClient::Instance(&lab.web), host, port, false)
}

fn redis(cloud: &mut Cloud, c: &CacheConnection, line: &str) -> Reply {
    let args: Vec<String> = line.split_whitespace().map(String::from).collect();
    cloud.redis_command(c, &args).expect("connected")
}

#[test]
fn a_replication_group_replicates_fails_over_and_stays_private() {
    let mut lab = lab();
    valkey(&mut lab, "sessions", 2);
    let group = lab
        .cloud
        .replication_group("sessions")
        .expect("group")
        .clone();
    assert_eq!(group.status, "creating");
    let primary = lab.cloud.primary_endpoint(&group);
    assert!(
        primary.starts_with("sessions.") && primary.ends_with(".ng.0001.apn2.cache.amazonaws.com"),
        "{primary}"
    );
    assert!(matches!(
        connect(&lab, &primary, 6379),
        Err(CacheConnectError::UnknownHost(_))
    ));
    lab.cloud.advance(Duration::from_secs(6 * 60));
    let group = lab
        .cloud
        .replication_group("sessions")
        .expect("group")
        .clone();
    assert_eq!(group.status, "available");
    let zones: Vec<String> = group.shards[0]
        .members()
        .filter_map(|m| lab.cloud.cache_cluster(m))
        .map(|c| c.nodes[0].zone.clone())
        .collect();
    assert_ne!(
        zones[0], zones[1],
        "Multi-AZ puts the replica in another zone"
    );

    let writer = connect(&lab, &primary, 6379).expect("from the web tier");
    assert_eq!(
        redis(&mut lab.cloud, &writer, "SET cart:1 apples"),
        Reply::Status("OK".into())
    );
    let reader = connect(&lab, &lab.cloud.reader_endpoint(&group), 6379).expect("reader");
    assert_eq!(
        redis(&mut lab.cloud, &reader, "GET cart:1"),
        Reply::Bulk("apples".into())
    );
    assert_eq!(
        redis(&mut lab.cloud, &reader, "SET cart:2 pears"),
        Reply::Error("READONLY You can't write against a read only replica.".into())
    );
    // From the laptop, or on a port the group does not open, nothing gets through.
    let laptop = lab.cloud.connect_to_cache(
        EndpointClient::Laptop("203.0.113.25".parse().expect("ip")),
        &primary,
        6379,
        false,
    );
    assert!(
        matches!(laptop, Err(CacheConnectError::Blocked(m)) if m.contains("not publicly accessible"))
    );
    assert!(
        matches!(connect(&lab, &primary, 6380), Err(CacheConnectError::Blocked(m)) if m.contains("No inbound rule"))
    );
    assert!(matches!(
        lab.cloud
            .connect_to_cache(EndpointClient::Instance(&lab.web), &primary, 6379, true),
        Err(CacheConnectError::TlsMismatch { required: false })
    ));

    let old_primary = group.shards[0].primary.clone();
    lab.cloud
        .test_failover(TestFailoverInput {
            replication_group_id: "sessions".into(),
            node_group_id: "0001".into(),
        })
        .expect("failover");
    lab.cloud.advance(Duration::from_secs(61));
    let group = lab
        .cloud
        .replication_group("sessions")
        .expect("group")
        .clone();
    assert_eq!(group.status, "available");
    assert_ne!(group.shards[0].primary, old_primary);
    assert_eq!(group.failovers.len(), 1);
    let writer = connect(&lab, &primary, 6379).expect("same endpoint");
    assert_eq!(writer.cluster, group.shards[0].primary);
    assert_eq!(
        redis(&mut lab.cloud, &writer, "GET cart:1"),
        Reply::Bulk("apples".into())
    );
    assert_eq!(
        redis(&mut lab.cloud, &writer, "SET cart:2 pears"),
        Reply::Status("OK".into())
    );
    // The new primary is the replica the reader endpoint led to: two reads, two hits.
    let node = &lab
        .cloud
        .cache_cluster(&writer.cluster)
        .expect("cluster")
        .nodes[0];
    assert_eq!((node.cache_hits(), node.cache_misses()), (2, 0));
}

#[test]
fn snapshots_outlive_the_group_and_seed_a_new_one() {
    let mut lab = lab();
    valkey(&mut lab, "board", 1);
    lab.cloud.advance(Duration::from_secs(6 * 60));
    let group = lab.cloud.replication_group("board").expect("group").clone();
    let c = connect(&lab, &lab.cloud.primary_endpoint(&group), 6379).expect("connect");
    assert_eq!(
        redis(&mut lab.cloud, &c, "ZADD scores 300 kim 450 park"),
        Reply::Int(2)
    );
    let failover = lab.cloud.test_failover(TestFailoverInput {
        replication_group_id: "board".into(),
        node_group_id: "0001".into(),
    });
    assert_eq!(
        failover.map_err(|e| e.code()).err(),
        Some("InvalidReplicationGroupState")
    );
    lab.cloud
        .delete_replication_group(DeleteReplicationGroupInput {
            replication_group_id: "board".into(),
            final_snapshot_identifier: Some("board-final".into()),
            ..Default::default()
        })
        .expect("delete");
    assert!(matches!(
        lab.cloud.redis_command(&c, &["GET".into(), "x".into()]),
        Err(CacheConnectError::Lost)
    ));
    lab.cloud.advance(Duration::from_secs(4 * 60));
    assert!(lab.cloud.replication_group("board").is_none());
    assert!(lab.cloud.cache_clusters().is_empty());
    assert_eq!(
        lab.cloud
            .cache_snapshot("board-final")
            .map(|s| s.status.as_str()),
        Some("available")
    );
    lab.cloud
        .create_replication_group(CreateReplicationGroupInput {
            replication_group_id: "board2".into(),
            replication_group_description: "restored".into(),
            engine: Some("valkey".into()),
            cache_node_type: Some("cache.t3.micro".into()),
            snapshot_name: Some("board-final".into()),
            cache_subnet_group_name: Some("cache-subnets".into()),
            security_group_ids: vec![lab.cache_sg.clone()],
            ..Default::default()
        })
        .expect("restore");
    lab.cloud.advance(Duration::from_secs(6 * 60));
    let group = lab
        .cloud
        .replication_group("board2")
        .expect("group")
        .clone();
    let c = connect(&lab, &lab.cloud.primary_endpoint(&group), 6379).expect("connect");
    assert_eq!(
        redis(&mut lab.cloud, &c, "ZREVRANGE scores 0 0"),
        Reply::Array(vec![Reply::Bulk("park".into())])
    );
    // The subnet group is in use until the group is gone.
    let in_use = lab
        .cloud
        .delete_cache_subnet_group(CacheSubnetGroupNameInput {
            cache_subnet_group_name: Some("cache-subnets".into()),
        })
        .expect_err("in use");
    assert_eq!(in_use.code(), "CacheSubnetGroupInUse");
}

#[test]
fn cluster_mode_spreads_keys_over_shards() {
    let mut lab = lab();
    lab.cloud
        .create_replication_group(CreateReplicationGroupInput {
            replication_group_id: "big".into(),
            replication_group_description: "sharded".into(),
            engine: Some("valkey".into()),
            cache_node_type: Some("cache.t3.micro".into()),
            num_node_groups: Some(2),
            replicas_per_node_group: Some(1),
            cache_subnet_group_name: Some("cache-subnets".into()),
            security_group_ids: vec![lab.cache_sg.clone()],
            ..Default::default()
        })
        .expect("cluster mode");
    lab.cloud.advance(Duration::from_secs(6 * 60));
    let group = lab.cloud.replication_group("big").expect("group").clone();
    assert!(group.cluster_mode && group.automatic_failover);
    assert_eq!(group.shards[0].slots, (0, 8191));
    assert_eq!(group.shards[1].slots, (8192, 16383));
    assert!(lab.cloud.cache_cluster("big-0002-002").is_some());
    let c = connect(&lab, &lab.cloud.configuration_endpoint(&group), 6379).expect("connect");
    // `foo` hashes to slot 12182, which the second shard serves.
    let owner = lab
        .cloud
        .cache_cluster(&group.shards[1].primary)
        .expect("primary")
        .nodes[0]
        .ip;
    assert_eq!(
        redis(&mut lab.cloud, &c, "SET foo bar"),
        Reply::Error(format!("MOVED 12182 {owner}:6379"))
    );
    let c2 = connect(&lab, &owner.to_string(), 6379).expect("connect to the owner");
    assert_eq!(
        redis(&mut lab.cloud, &c2, "SET foo bar"),
        Reply::Status("OK".into())
    );
    assert_eq!(
        redis(&mut lab.cloud, &c2, "CLUSTER KEYSLOT foo"),
        Reply::Int(12182)
    );
}

#[test]
fn memcached_nodes_are_independent_and_forget_on_reboot() {
    let mut lab = lab();
    lab.cloud
        .create_cache_cluster(CreateCacheClusterInput {
            cache_cluster_id: "pages".into(),
            engine: Some("memcached".into()),
            cache_node_type: Some("cache.t3.micro".into()),
            num_cache_nodes: Some(2),
            az_mode: Some("cross-az".into()),
            cache_subnet_group_name: Some("cache-subnets".into()),
            security_group_ids: vec![lab.cache_sg.clone()],
            ..Default::default()
        })
        .expect("memcached");
    lab.cloud.advance(Duration::from_secs(6 * 60));
    let cluster = lab.cloud.cache_cluster("pages").expect("cluster").clone();
    assert_ne!(cluster.nodes[0].zone, cluster.nodes[1].zone);
    let config = lab.cloud.memcached_configuration_endpoint(&cluster);
    assert!(config.contains(".cfg.apn2.cache.amazonaws.com"), "{config}");
    let c = connect(&lab, &config, 11211).expect("connect");
    let mut talk = Conversation::default();
    let mut say = |cloud: &mut Cloud, line: &str| {
        cloud
            .memcached_line(&c, &mut talk, line)
            .expect("connected")
    };
    assert_eq!(say(&mut lab.cloud, "set home 0 300 5"), "");
    assert_eq!(say(&mut lab.cloud, "hello"), "STORED\n");
    assert_eq!(
        say(&mut lab.cloud, "get home"),
        "VALUE home 0 5\nhello\nEND\n"
    );
    let second = lab.cloud.cache_node_endpoint(&cluster, &cluster.nodes[1]);
    let c2 = connect(&lab, &second, 11211).expect("second node");
    let mut other = Conversation::default();
    assert_eq!(
        lab.cloud
            .memcached_line(&c2, &mut other, "get home")
            .expect("ok"),
        "END\n",
        "each node keeps its own items"
    );
    let snapshot = lab
        .cloud
        .create_cache_snapshot(CreateSnapshotInput {
            cache_cluster_id: Some("pages".into()),
            snapshot_name: "nope".into(),
            ..Default::default()
        })
        .expect_err("no snapshots");
    assert_eq!(snapshot.code(), "SnapshotFeatureNotSupportedFault");
    lab.cloud
        .reboot_cache_cluster(RebootCacheClusterInput {
            cache_cluster_id: "pages".into(),
            cache_node_ids_to_reboot: vec!["0001".into()],
        })
        .expect("reboot");
    lab.cloud.advance(Duration::from_secs(61));
    let c = connect(&lab, &config, 11211).expect("connect again");
    let mut talk = Conversation::default();
    assert_eq!(
        lab.cloud
            .memcached_line(&c, &mut talk, "get home")
            .expect("ok"),
        "END\n"
    );
    // Two Memcached nodes cost twice one; Valkey costs 20% less than Memcached.
    valkey(&mut lab, "one", 1);
    let lines = lab.cloud.hourly_cost_breakdown();
    let cost = |id: &str| {
        lines
            .lines
            .iter()
            .find(|l| l.resource_id == id)
            .map(|l| l.usd_per_hour)
            .unwrap_or_default()
    };
    assert!((cost("pages") - 2.0 * 0.026).abs() < 1e-9);
    assert!((cost("one-001") - 0.8 * 0.026).abs() < 1e-9);
}

#[test]
fn refusals_name_the_rule() {
    let mut lab = lab();
    let bad = |cloud: &mut Cloud, input: CreateReplicationGroupInput| {
        cloud
            .create_replication_group(input)
            .map(|_| ())
            .map_err(|e| (e.code(), e.message()))
            .expect_err("refused")
    };
    let base = CreateReplicationGroupInput {
        replication_group_id: "ok".into(),
        replication_group_description: "d".into(),
        engine: Some("valkey".into()),
        cache_node_type: Some("cache.t3.micro".into()),
        ..Default::default()
    };
    let (code, _) = bad(
        &mut lab.cloud,
        CreateReplicationGroupInput {
            replication_group_id: "1bad".into(),
            ..base.clone()
        },
    );
    assert_eq!(code, "InvalidParameterValue");
    let (code, message) = bad(
        &mut lab.cloud,
        CreateReplicationGroupInput {
            multi_az_enabled: Some(true),
            num_cache_clusters: Some(2),
            ..base.clone()
        },
    );
    assert_eq!(code, "InvalidParameterCombination");
    assert!(message.contains("automatic failover"), "{message}");
    let (code, _) = bad(
        &mut lab.cloud,
        CreateReplicationGroupInput {
            num_cache_clusters: Some(7),
            ..base.clone()
        },
    );
    assert_eq!(code, "InvalidParameterValue");
    let (code, _) = bad(
        &mut lab.cloud,
        CreateReplicationGroupInput {
            cache_subnet_group_name: Some("missing".into()),
            ..base.clone()
        },
    );
    assert_eq!(code, "CacheSubnetGroupNotFoundFault");
    // With no subnet group named, `default` is made from the default VPC.
    lab.cloud
        .create_replication_group(base)
        .expect("default subnet group");
    assert!(lab.cloud.cache_subnet_group("default").is_some());
}
