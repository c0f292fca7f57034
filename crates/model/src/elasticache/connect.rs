//! Reaching a cache node and talking to it. An endpoint name resolves to a
//! node's private address (a replication group's primary endpoint to the
//! current primary, its reader endpoint to a replica, a Memcached cluster's
//! configuration endpoint to its first node), and the VPC's network decides
//! whether packets get there. Commands then run on that node: writes to a
//! primary reach its replicas; in cluster mode a key whose hash slot another
//! shard serves answers `MOVED`, as Valkey and Redis Cluster do.

use std::fmt;

use super::keyspace::{self, Reply, ServerInfo};
use super::memcached::Conversation;
use super::{CacheCluster, CacheNode, ReplicationGroup, node_type};
use crate::cloud::Cloud;
use crate::ec2::private_endpoints::{EndpointClient, PrivateEndpoint};

/// An open connection to one node.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CacheConnection {
    /// The cluster.
    pub cluster: String,
    /// The node (`0001`).
    pub node: String,
    /// The name the client used (for prompts and messages).
    pub host: String,
    /// The port.
    pub port: u16,
    /// `valkey`, `redis` or `memcached`.
    pub engine: String,
}

/// Why a connection failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheConnectError {
    /// The name resolves to no cache node (or not yet: still creating).
    UnknownHost(String),
    /// Packets never arrive: what stops them, in words.
    Blocked(String),
    /// Nothing answers on the port: why, in words.
    Refused(String),
    /// The node requires TLS and the client did not use it (or the other way).
    TlsMismatch {
        /// Whether the node requires TLS.
        required: bool,
    },
    /// The node went away while connected.
    Lost,
}

impl fmt::Display for CacheConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheConnectError::UnknownHost(host) => write!(f, "no cache node answers to {host}"),
            CacheConnectError::Blocked(reason) | CacheConnectError::Refused(reason) => {
                f.write_str(reason)
            }
            CacheConnectError::TlsMismatch { required: true } => f.write_str(
                "the cluster has encryption in transit on: connect with TLS (redis6-cli --tls)",
            ),
            CacheConnectError::TlsMismatch { required: false } => {
                f.write_str("the cluster does not use encryption in transit: connect without TLS")
            }
            CacheConnectError::Lost => f.write_str("the node went away"),
        }
    }
}

/// The statuses in which a cluster's nodes answer.
fn answers(status: &str) -> bool {
    matches!(status, "available" | "modifying" | "snapshotting")
}

impl Cloud {
    /// The group a cluster belongs to.
    fn group_of(&self, cluster: &CacheCluster) -> Option<&ReplicationGroup> {
        cluster
            .replication_group
            .as_deref()
            .and_then(|g| self.replication_group(g))
    }

    /// The cluster and node a host name or address leads to.
    pub fn resolve_cache_host(&self, host: &str) -> Option<(String, String)> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let first_node = |cluster: &str| -> Option<(String, String)> {
            let c = self.cache_cluster(cluster)?;
            Some((c.id.clone(), c.nodes.first()?.id.clone()))
        };
        for group in &self.elasticache.replication_groups {
            if group.status == "creating" {
                continue;
            }
            let first = group.shards.first();
            if group.cluster_mode {
                if host == self.configuration_endpoint(group) {
                    return first.and_then(|s| first_node(&s.primary));
                }
            } else if host == self.primary_endpoint(group) {
                return first.and_then(|s| first_node(&s.primary));
            } else if host == self.reader_endpoint(group) {
                let shard = first?;
                return first_node(shard.replicas.first().unwrap_or(&shard.primary));
            }
        }
        for cluster in &self.elasticache.clusters {
            if cluster.status == "creating" {
                continue;
            }
            if cluster.engine == "memcached"
                && host == self.memcached_configuration_endpoint(cluster)
            {
                return first_node(&cluster.id);
            }
            for node in &cluster.nodes {
                if host == self.cache_node_endpoint(cluster, node) || host == node.ip.to_string() {
                    return Some((cluster.id.clone(), node.id.clone()));
                }
            }
        }
        None
    }

    fn cache_node(&self, cluster: &str, node: &str) -> Option<(&CacheCluster, &CacheNode)> {
        let c = self.cache_cluster(cluster)?;
        let n = c.nodes.iter().find(|n| n.id == node)?;
        Some((c, n))
    }

    /// Opens a TCP connection from `client` to `host`:`port` (with TLS or not).
    pub fn connect_to_cache(
        &self,
        client: EndpointClient<'_>,
        host: &str,
        port: u16,
        tls: bool,
    ) -> Result<CacheConnection, CacheConnectError> {
        let (cluster_id, node_id) = self
            .resolve_cache_host(host)
            .ok_or_else(|| CacheConnectError::UnknownHost(host.to_string()))?;
        let (cluster, node) = self
            .cache_node(&cluster_id, &node_id)
            .ok_or_else(|| CacheConnectError::UnknownHost(host.to_string()))?;
        let group = self.cache_subnet_group(&cluster.subnet_group);
        let subnet = group.and_then(|g| {
            g.subnet_ids
                .iter()
                .filter_map(|id| self.subnet(id))
                .find(|s| s.availability_zone == node.zone)
        });
        let vpc = group.map(|g| g.vpc_id.clone()).unwrap_or_default();
        let target = PrivateEndpoint {
            kind: "cache cluster",
            name: &cluster.id,
            ip: node.ip,
            subnet_id: subnet.map(|s| s.subnet_id.as_str()),
            vpc_id: &vpc,
            security_groups: &cluster.security_group_ids,
            publicly_accessible: false,
        };
        self.tcp_path_to_endpoint(client, &target, port)
            .map_err(CacheConnectError::Blocked)?;
        if !answers(&cluster.status) {
            return Err(CacheConnectError::Refused(format!(
                "{} is {}: its nodes take no connections until it is available again.",
                cluster.id, cluster.status
            )));
        }
        if port != cluster.port {
            return Err(CacheConnectError::Refused(format!(
                "{} listens on port {}, not {port}.",
                cluster.id, cluster.port
            )));
        }
        if tls != cluster.transit_encryption {
            return Err(CacheConnectError::TlsMismatch {
                required: cluster.transit_encryption,
            });
        }
        Ok(CacheConnection {
            cluster: cluster.id.clone(),
            node: node.id.clone(),
            host: host.to_string(),
            port,
            engine: cluster.engine.clone(),
        })
    }

    /// The server's view of itself, for `INFO` and replica rules.
    fn server_info(&self, cluster: &CacheCluster, node: &CacheNode) -> ServerInfo {
        let group = self.group_of(cluster);
        let shard = group.and_then(|g| {
            g.shards
                .iter()
                .find(|s| s.members().any(|m| *m == cluster.id))
        });
        let ip_of = |member: &str| {
            self.cache_cluster(member)
                .and_then(|c| c.nodes.first())
                .map(|n| n.ip.to_string())
        };
        let replica = shard.is_some_and(|s| s.primary != cluster.id);
        ServerInfo {
            engine: cluster.engine.clone(),
            version: cluster.engine_version.clone(),
            replica,
            primary_ip: shard.filter(|_| replica).and_then(|s| ip_of(&s.primary)),
            replica_ips: shard
                .filter(|_| !replica)
                .map(|s| s.replicas.iter().filter_map(|r| ip_of(r)).collect())
                .unwrap_or_default(),
            cluster_mode: group.is_some_and(|g| g.cluster_mode),
            hits: node.hits,
            misses: node.misses,
            max_memory: node_type(&cluster.node_type)
                .map(|t| t.memory_mib * 1024 * 1024)
                .unwrap_or(0),
        }
    }

    /// Runs one Valkey or Redis command on the connection's node.
    pub fn redis_command(
        &mut self,
        connection: &CacheConnection,
        args: &[String],
    ) -> Result<Reply, CacheConnectError> {
        let now = self.now;
        let (cluster, node) = self
            .cache_node(&connection.cluster, &connection.node)
            .map(|(c, n)| (c.clone(), n.clone()))
            .ok_or(CacheConnectError::Lost)?;
        if !answers(&cluster.status) {
            return Err(CacheConnectError::Lost);
        }
        if cluster.engine == "memcached" {
            // Memcached answers a Redis command line with its own ERROR.
            return Ok(Reply::Error("ERROR".into()));
        }
        let server = self.server_info(&cluster, &node);
        let name = args
            .first()
            .map(|a| a.to_ascii_lowercase())
            .unwrap_or_default();
        if name == "cluster" {
            return Ok(self.cluster_command(&cluster, args));
        }
        if server.cluster_mode
            && let Some(key) = keyspace::first_key(args)
        {
            let slot = keyspace::key_slot(key);
            if let Some(owner) = self.slot_owner(&cluster, slot)
                && owner != node.ip.to_string()
            {
                return Ok(Reply::Error(format!(
                    "MOVED {slot} {owner}:{}",
                    cluster.port
                )));
            }
        }
        let Some(target) = self
            .cache_cluster_mut(&connection.cluster)
            .and_then(|c| c.nodes.iter_mut().find(|n| n.id == connection.node))
        else {
            return Err(CacheConnectError::Lost);
        };
        let outcome = target.keys.execute(args, now, &server);
        target.hits += outcome.hits;
        target.misses += outcome.misses;
        if outcome.wrote {
            self.resync_replicas_of(&connection.cluster);
        }
        Ok(outcome.reply)
    }

    /// `CLUSTER KEYSLOT`, `CLUSTER INFO`; refused outside cluster mode.
    fn cluster_command(&self, cluster: &CacheCluster, args: &[String]) -> Reply {
        let Some(group) = self.group_of(cluster).filter(|g| g.cluster_mode) else {
            return Reply::Error("ERR This instance has cluster support disabled".into());
        };
        let sub = args
            .get(1)
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        match (sub.as_str(), args.get(2)) {
            ("keyslot", Some(key)) => Reply::Int(i64::from(keyspace::key_slot(key))),
            ("info", None) => Reply::Bulk(format!(
                "cluster_enabled:1\ncluster_state:ok\ncluster_slots_assigned:16384\ncluster_known_nodes:{}\ncluster_size:{}\n",
                group
                    .shards
                    .iter()
                    .map(|s| s.members().count())
                    .sum::<usize>(),
                group.shards.len()
            )),
            _ => Reply::Error(format!(
                "ERR unknown subcommand '{}'. Try CLUSTER HELP.",
                args.get(1).cloned().unwrap_or_default()
            )),
        }
    }

    /// The address of the primary that serves `slot` in `cluster`'s group.
    fn slot_owner(&self, cluster: &CacheCluster, slot: u16) -> Option<String> {
        let group = self.group_of(cluster)?;
        let shard = group
            .shards
            .iter()
            .find(|s| s.slots.0 <= slot && slot <= s.slots.1)?;
        self.cache_cluster(&shard.primary)
            .and_then(|c| c.nodes.first())
            .map(|n| n.ip.to_string())
    }

    /// Copies a shard primary's data to its replicas (replication is
    /// immediate in the lab), given any member of the shard.
    pub(crate) fn resync_replicas_of(&mut self, member: &str) {
        let Some(shard) = self
            .cache_cluster(member)
            .and_then(|c| self.group_of(c))
            .and_then(|g| {
                g.shards
                    .iter()
                    .find(|s| s.members().any(|m| m == member))
                    .cloned()
            })
        else {
            return;
        };
        let Some(keys) = self
            .cache_cluster(&shard.primary)
            .and_then(|c| c.nodes.first())
            .map(|n| n.keys.clone())
        else {
            return;
        };
        for replica in &shard.replicas {
            if let Some(node) = self
                .cache_cluster_mut(replica)
                .and_then(|c| c.nodes.first_mut())
            {
                node.keys = keys.clone();
            }
        }
    }

    /// Feeds one line of the Memcached text protocol to the connection's node.
    pub fn memcached_line(
        &mut self,
        connection: &CacheConnection,
        conversation: &mut Conversation,
        line: &str,
    ) -> Result<String, CacheConnectError> {
        let now = self.now;
        let Some(cluster) = self.cache_cluster_mut(&connection.cluster) else {
            return Err(CacheConnectError::Lost);
        };
        if !answers(&cluster.status) {
            return Err(CacheConnectError::Lost);
        }
        if cluster.engine != "memcached" {
            // Valkey and Redis read Memcached's commands as their own.
            return Ok(format!(
                "-ERR unknown command '{}'\n",
                line.split_whitespace().next().unwrap_or_default()
            ));
        }
        let Some(node) = cluster.nodes.iter_mut().find(|n| n.id == connection.node) else {
            return Err(CacheConnectError::Lost);
        };
        Ok(conversation.feed(line, &mut node.items, now))
    }
}
