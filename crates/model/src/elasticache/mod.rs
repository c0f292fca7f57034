//! Amazon ElastiCache, node-based: Valkey and Redis OSS replication groups
//! (one primary and up to five replicas per shard, cluster mode with several
//! shards, automatic failover and Multi-AZ, snapshots) and Memcached clusters
//! (up to 40 independent nodes, no replication, no persistence), in cache
//! subnet groups of a VPC, with AWS's endpoint names, their states on the
//! simulated clock and node hours on the bill.
//!
//! Each node keeps its data: a [`keyspace::KeySpace`] answers the Valkey and
//! Redis commands `redis-cli` sends (writes on a primary reach its replicas),
//! an [`memcached::ItemStore`] the Memcached text protocol. Clients reach a
//! node only over the VPC's network ([`connect`]); reads count as hits or
//! misses, ElastiCache's `CacheHits` and `CacheMisses`.
//!
//! Not simulated: ElastiCache Serverless, global datastores, users and user
//! groups (RBAC) and AUTH tokens, parameter groups of one's own, scaling a
//! group's shards or node type, data tiering, slow logs, eviction under memory
//! pressure.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::billing::cost::{CostKind, CostLine};
use crate::clock::SimTime;
use crate::cloud::Cloud;

pub mod cache_clusters;
pub mod connect;
pub mod errors;
pub mod keyspace;
pub mod memcached;
pub mod replication_groups;
pub mod snapshots;
pub mod subnet_groups;

pub use errors::ElastiCacheError;

/// Everything ElastiCache keeps for the account in one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ElastiCacheState {
    /// Cache subnet groups, oldest first.
    pub(crate) subnet_groups: Vec<subnet_groups::CacheSubnetGroup>,
    /// Replication groups (Valkey, Redis OSS), oldest first.
    pub(crate) replication_groups: Vec<ReplicationGroup>,
    /// Cache clusters: every node group member and every Memcached cluster.
    pub(crate) clusters: Vec<CacheCluster>,
    /// Snapshots (Valkey and Redis OSS only).
    pub(crate) snapshots: Vec<snapshots::CacheSnapshot>,
    /// The account's part of every endpoint in the region (6 characters).
    pub(crate) endpoint_suffix: String,
}

/// A Valkey or Redis OSS replication group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplicationGroup {
    /// Its id (lowercase).
    pub id: String,
    /// Its description.
    pub description: String,
    /// `valkey` or `redis`.
    pub engine: String,
    /// `8.0.1`, `7.1.0`.
    pub engine_version: String,
    /// `cache.t3.micro`, ...
    pub node_type: String,
    /// `creating`, `available`, `modifying`, `snapshotting` or `deleting`.
    pub status: String,
    /// When the status changes next on its own.
    pub next_status_at: Option<SimTime>,
    /// Whether keys are spread over several shards by hash slot.
    pub cluster_mode: bool,
    /// Its shards (node groups).
    pub shards: Vec<Shard>,
    /// Whether a replica takes over when the primary fails.
    pub automatic_failover: bool,
    /// Whether replicas are kept in other zones than the primary.
    pub multi_az: bool,
    /// Days of daily automatic snapshots (0: none).
    pub snapshot_retention_limit: u32,
    /// Whether clients must use TLS.
    pub transit_encryption: bool,
    /// Whether snapshots and swap are encrypted.
    pub at_rest_encryption: bool,
    /// The port (6379).
    pub port: u16,
    /// Its cache subnet group.
    pub subnet_group: String,
    /// Its security groups.
    pub security_group_ids: Vec<String>,
    /// When it was asked for.
    pub created: SimTime,
    /// A test failover under way: the shard whose primary gives way.
    pub failing_over: Option<String>,
    /// Failovers done: when, which shard, from which member to which.
    pub failovers: Vec<Failover>,
}

/// A failover of one shard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failover {
    /// When it completed.
    pub at: SimTime,
    /// The shard.
    pub shard: String,
    /// The member that was primary.
    pub from: String,
    /// The member that became primary.
    pub to: String,
}

/// A shard (`NodeGroup`): a primary and its replicas, each a cache cluster
/// of one node, serving a range of hash slots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// `0001`, `0002`, ...
    pub id: String,
    /// The member cluster that takes writes.
    pub primary: String,
    /// The member clusters that copy it.
    pub replicas: Vec<String>,
    /// The hash slots it serves, inclusive.
    pub slots: (u16, u16),
}

impl Shard {
    /// Its members, primary first.
    pub fn members(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.primary).chain(self.replicas.iter())
    }
}

/// A cache cluster: a member of a replication group (one node), or a
/// Memcached cluster (one to forty nodes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CacheCluster {
    /// Its id (lowercase).
    pub id: String,
    /// The replication group it belongs to.
    pub replication_group: Option<String>,
    /// `valkey`, `redis` or `memcached`.
    pub engine: String,
    /// `8.0.1`, `1.6.22`.
    pub engine_version: String,
    /// `cache.t3.micro`, ...
    pub node_type: String,
    /// `creating`, `available`, `modifying`, `rebooting cache cluster nodes`,
    /// `deleting`.
    pub status: String,
    /// When the status changes next on its own.
    pub next_status_at: Option<SimTime>,
    /// Its nodes.
    pub nodes: Vec<CacheNode>,
    /// The port (6379 or 11211).
    pub port: u16,
    /// Its cache subnet group.
    pub subnet_group: String,
    /// Its security groups.
    pub security_group_ids: Vec<String>,
    /// When it was asked for.
    pub created: SimTime,
    /// Whether clients must use TLS.
    pub transit_encryption: bool,
    /// Days of automatic snapshots.
    pub snapshot_retention_limit: u32,
}

/// One cache node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CacheNode {
    /// `0001`, `0002`, ...
    pub id: String,
    /// Its zone.
    pub zone: String,
    /// Its private address.
    pub ip: Ipv4Addr,
    /// When it was created.
    pub created: SimTime,
    /// Valkey and Redis OSS data.
    #[serde(default)]
    pub keys: keyspace::KeySpace,
    /// Memcached data.
    #[serde(default)]
    pub items: memcached::ItemStore,
    /// Reads of keys that were there (Valkey and Redis OSS).
    #[serde(default)]
    pub hits: u64,
    /// Reads of keys that were not.
    #[serde(default)]
    pub misses: u64,
}

impl CacheNode {
    /// `CacheHits` so far, whatever the engine.
    pub fn cache_hits(&self) -> u64 {
        self.hits + self.items.get_hits
    }

    /// `CacheMisses` so far, whatever the engine.
    pub fn cache_misses(&self) -> u64 {
        self.misses + self.items.get_misses
    }
}

/// A node type: memory and On-Demand price per hour (Redis OSS and
/// Memcached; Valkey costs 20% less), in us-east-1 and in Seoul. The
/// us-east-1 figures are AWS's list prices (2025); the Seoul figures come from
/// published price tables and are approximate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeType {
    /// `cache.t3.micro`.
    pub name: &'static str,
    /// Memory, MiB.
    pub memory_mib: u64,
    /// USD per hour in us-east-1.
    pub us_east_1: f64,
    /// USD per hour in ap-northeast-2.
    pub seoul: f64,
}

/// The node types the lab offers.
pub const NODE_TYPES: &[NodeType] = &[
    NodeType {
        name: "cache.t3.micro",
        memory_mib: 512,
        us_east_1: 0.017,
        seoul: 0.026,
    },
    NodeType {
        name: "cache.t4g.micro",
        memory_mib: 512,
        us_east_1: 0.016,
        seoul: 0.025,
    },
    NodeType {
        name: "cache.t3.small",
        memory_mib: 1_400,
        us_east_1: 0.034,
        seoul: 0.052,
    },
    NodeType {
        name: "cache.t4g.small",
        memory_mib: 1_400,
        us_east_1: 0.032,
        seoul: 0.049,
    },
    NodeType {
        name: "cache.t3.medium",
        memory_mib: 3_090,
        us_east_1: 0.068,
        seoul: 0.104,
    },
    NodeType {
        name: "cache.t4g.medium",
        memory_mib: 3_090,
        us_east_1: 0.065,
        seoul: 0.099,
    },
];

/// The node type `name`.
pub fn node_type(name: &str) -> Option<&'static NodeType> {
    NODE_TYPES.iter().find(|t| t.name == name)
}

/// The full engine version a requested one stands for (`8.0` → `8.0.1`), or
/// `None` when ElastiCache does not offer it. With no request, the newest.
pub fn engine_version(engine: &str, requested: Option<&str>) -> Option<&'static str> {
    let versions: &[&str] = match engine {
        "valkey" => &["7.2.6", "8.0.1"],
        "redis" => &["6.2.6", "7.0.7", "7.1.0"],
        "memcached" => &["1.6.17", "1.6.22"],
        _ => &[],
    };
    match requested {
        None => versions.last().copied(),
        Some(v) => versions
            .iter()
            .rev()
            .find(|full| **full == v || full.starts_with(&format!("{v}.")))
            .copied(),
    }
}

/// ElastiCache's short code of a region in endpoint names (`apn2`, `use1`).
pub fn region_short_code(region: &str) -> String {
    match region {
        "ap-northeast-1" => "apne1".into(),
        "ap-southeast-1" => "apse1".into(),
        "ap-southeast-2" => "apse2".into(),
        _ => {
            let mut parts = region.split('-');
            let area = parts.next().unwrap_or_default();
            let direction: String = parts.next().unwrap_or_default().chars().take(1).collect();
            let number = parts.next().unwrap_or_default();
            format!("{area}{direction}{number}")
        }
    }
}

/// How long a deletion takes, in milliseconds.
const DELETE_DURATION: u64 = 3 * 60_000;

impl Cloud {
    /// Runs an ElastiCache operation: authenticated, authorized as
    /// `elasticache:<operation>` and logged.
    pub(crate) fn elasticache_call<T>(
        &mut self,
        operation: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, ElastiCacheError>,
    ) -> Result<T, ElastiCacheError> {
        let action = format!("elasticache:{operation}");
        self.service_call(
            "elasticache",
            operation,
            |_, _| Some((action, "*".to_string(), Default::default())),
            body,
        )
    }

    /// The replication groups, oldest first.
    pub fn replication_groups(&self) -> &[ReplicationGroup] {
        &self.elasticache.replication_groups
    }

    /// The replication group `id` (any case).
    pub fn replication_group(&self, id: &str) -> Option<&ReplicationGroup> {
        let id = id.to_ascii_lowercase();
        self.elasticache
            .replication_groups
            .iter()
            .find(|g| g.id == id)
    }

    /// Every cache cluster, oldest first.
    pub fn cache_clusters(&self) -> &[CacheCluster] {
        &self.elasticache.clusters
    }

    /// The cache cluster `id` (any case).
    pub fn cache_cluster(&self, id: &str) -> Option<&CacheCluster> {
        let id = id.to_ascii_lowercase();
        self.elasticache.clusters.iter().find(|c| c.id == id)
    }

    pub(crate) fn cache_cluster_mut(&mut self, id: &str) -> Option<&mut CacheCluster> {
        self.elasticache.clusters.iter_mut().find(|c| c.id == id)
    }

    /// The account's endpoint part, made on first use.
    pub(crate) fn cache_endpoint_suffix(&mut self) -> String {
        if self.elasticache.endpoint_suffix.is_empty() {
            self.elasticache.endpoint_suffix = self
                .service_rng("elasticache")
                .chars(b"abcdefghijklmnopqrstuvwxyz0123456789", 6);
        }
        self.elasticache.endpoint_suffix.clone()
    }

    fn cache_domain(&self) -> String {
        format!(
            "{}.cache.amazonaws.com",
            region_short_code(self.region_name())
        )
    }

    /// A node's own endpoint: `<cluster>.<suffix>.<node>.<region>.cache.amazonaws.com`.
    pub fn cache_node_endpoint(&self, cluster: &CacheCluster, node: &CacheNode) -> String {
        format!(
            "{}.{}.{}.{}",
            cluster.id,
            self.elasticache.endpoint_suffix,
            node.id,
            self.cache_domain()
        )
    }

    /// A Memcached cluster's configuration endpoint.
    pub fn memcached_configuration_endpoint(&self, cluster: &CacheCluster) -> String {
        format!(
            "{}.{}.cfg.{}",
            cluster.id,
            self.elasticache.endpoint_suffix,
            self.cache_domain()
        )
    }

    /// A replication group's primary endpoint (cluster mode off), which
    /// follows the primary through failovers.
    pub fn primary_endpoint(&self, group: &ReplicationGroup) -> String {
        if group.transit_encryption {
            format!(
                "master.{}.{}.{}",
                group.id,
                self.elasticache.endpoint_suffix,
                self.cache_domain()
            )
        } else {
            format!(
                "{}.{}.ng.0001.{}",
                group.id,
                self.elasticache.endpoint_suffix,
                self.cache_domain()
            )
        }
    }

    /// A replication group's reader endpoint (cluster mode off), spread over
    /// its replicas.
    pub fn reader_endpoint(&self, group: &ReplicationGroup) -> String {
        if group.transit_encryption {
            format!(
                "replica.{}.{}.{}",
                group.id,
                self.elasticache.endpoint_suffix,
                self.cache_domain()
            )
        } else {
            format!(
                "{}-ro.{}.ng.0001.{}",
                group.id,
                self.elasticache.endpoint_suffix,
                self.cache_domain()
            )
        }
    }

    /// A cluster-mode group's configuration endpoint.
    pub fn configuration_endpoint(&self, group: &ReplicationGroup) -> String {
        format!(
            "clustercfg.{}.{}.{}",
            group.id,
            self.elasticache.endpoint_suffix,
            self.cache_domain()
        )
    }

    /// When the next ElastiCache status change is due.
    pub(crate) fn elasticache_next_transition_at(&self) -> Option<SimTime> {
        let groups = self
            .elasticache
            .replication_groups
            .iter()
            .filter_map(|g| g.next_status_at);
        let clusters = self
            .elasticache
            .clusters
            .iter()
            .filter_map(|c| c.next_status_at);
        let snapshots = self
            .elasticache
            .snapshots
            .iter()
            .filter_map(|s| s.available_at);
        groups.chain(clusters).chain(snapshots).min()
    }

    /// Moves every group, cluster and snapshot whose change is due.
    pub(crate) fn elasticache_apply_due_transitions(&mut self) {
        let now = self.now;
        let mut failovers = Vec::new();
        for group in &mut self.elasticache.replication_groups {
            if group.next_status_at.is_some_and(|t| t <= now) {
                let at = group.next_status_at.take().unwrap_or(now);
                group.status = match group.status.as_str() {
                    "deleting" => "deleted".into(),
                    _ => "available".into(),
                };
                if let Some(shard) = group.failing_over.take() {
                    failovers.push((group.id.clone(), shard, at));
                }
            }
        }
        for (group, shard, at) in failovers {
            self.complete_failover(&group, &shard, at);
        }
        for cluster in &mut self.elasticache.clusters {
            if cluster.next_status_at.is_some_and(|t| t <= now) {
                cluster.next_status_at = None;
                cluster.status = match cluster.status.as_str() {
                    "deleting" => "deleted".into(),
                    _ => "available".into(),
                };
            }
        }
        for snapshot in &mut self.elasticache.snapshots {
            if snapshot.available_at.is_some_and(|t| t <= now) {
                snapshot.available_at = None;
                snapshot.status = "available".into();
            }
        }
        self.elasticache
            .replication_groups
            .retain(|g| g.status != "deleted");
        self.elasticache.clusters.retain(|c| c.status != "deleted");
    }

    /// A node hour per node, from creation until the node is gone.
    pub(crate) fn elasticache_cost_lines(&self, lines: &mut Vec<CostLine>) {
        let region = self.region().code;
        for cluster in &self.elasticache.clusters {
            let Some(kind) = node_type(&cluster.node_type) else {
                continue;
            };
            let list = if region == "us-east-1" {
                kind.us_east_1
            } else {
                kind.seoul
            };
            let hourly = if cluster.engine == "valkey" {
                list * 0.8
            } else {
                list
            };
            lines.push(CostLine {
                kind: CostKind::CacheNode,
                resource_id: cluster.id.clone(),
                description: format!(
                    "{} × {} {}",
                    cluster.nodes.len(),
                    cluster.node_type,
                    engine_label(&cluster.engine)
                ),
                usd_per_hour: hourly * cluster.nodes.len() as f64,
            });
        }
    }

    /// Marks a cluster for deletion: gone after a few minutes.
    pub(crate) fn start_deleting_cache_cluster(&mut self, id: &str) {
        let at = SimTime(self.now.0 + DELETE_DURATION);
        if let Some(c) = self.cache_cluster_mut(id) {
            c.status = "deleting".into();
            c.next_status_at = Some(at);
        }
    }
}

/// The engine's name as AWS writes it.
pub fn engine_label(engine: &str) -> &'static str {
    match engine {
        "valkey" => "Valkey",
        "redis" => "Redis OSS",
        _ => "Memcached",
    }
}

#[cfg(test)]
mod tests;
