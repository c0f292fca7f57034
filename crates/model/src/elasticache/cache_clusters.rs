//! Cache clusters: `CreateCacheCluster` (a Memcached cluster of up to 60
//! independent nodes, in one zone or spread over several; or a single-node
//! Valkey or Redis OSS cluster), `DescribeCacheClusters` (also the members of
//! replication groups), `RebootCacheCluster` (a rebooted node comes back
//! empty, unless it is a replica that copies its primary again) and
//! `DeleteCacheCluster`.

use serde::{Deserialize, Serialize};

use super::errors::ElastiCacheError;
use super::replication_groups::{CREATE_DURATION, Endpoint, check_identifier};
use super::{CacheCluster, engine_version, node_type};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// The most nodes a Memcached cluster may have.
pub const MAX_MEMCACHED_NODES: u32 = 60;
/// How long a node takes to reboot, in milliseconds.
pub const REBOOT_DURATION: u64 = 60_000;

/// `CreateCacheCluster` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateCacheClusterInput {
    /// The id.
    pub cache_cluster_id: String,
    /// `single-az` or `cross-az` (Memcached).
    #[serde(rename = "AZMode")]
    pub az_mode: Option<String>,
    /// The zone of every node.
    pub preferred_availability_zone: Option<String>,
    /// The zone of each node, in order.
    pub preferred_availability_zones: Vec<String>,
    /// Nodes (Memcached: 1 to 60; others: 1).
    pub num_cache_nodes: Option<u32>,
    /// `cache.t3.micro`, ...
    pub cache_node_type: Option<String>,
    /// `memcached`, `valkey` or `redis`.
    pub engine: Option<String>,
    /// `1.6`, ...
    pub engine_version: Option<String>,
    /// The cache subnet group (`default` when left out).
    pub cache_subnet_group_name: Option<String>,
    /// The security groups.
    pub security_group_ids: Vec<String>,
    /// Days of automatic snapshots (not for Memcached).
    pub snapshot_retention_limit: Option<u32>,
    /// The port (11211 or 6379).
    pub port: Option<u16>,
    /// Clients must use TLS.
    pub transit_encryption_enabled: Option<bool>,
}

/// `DescribeCacheClusters` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeCacheClustersInput {
    /// One cluster (all when left out).
    pub cache_cluster_id: Option<String>,
    /// Include each node and its endpoint.
    pub show_cache_node_info: Option<bool>,
}

/// `DeleteCacheCluster` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteCacheClusterInput {
    /// The cluster.
    pub cache_cluster_id: String,
    /// Take a snapshot first (not for Memcached).
    pub final_snapshot_identifier: Option<String>,
}

/// `RebootCacheCluster` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RebootCacheClusterInput {
    /// The cluster.
    pub cache_cluster_id: String,
    /// Its nodes to reboot (`0001`).
    pub cache_node_ids_to_reboot: Vec<String>,
}

/// `CacheNode`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheNodeShape {
    /// `0001`.
    pub cache_node_id: String,
    /// `available`, `creating`, `rebooting`.
    pub cache_node_status: String,
    /// When it was created.
    pub cache_node_create_time: Timestamp,
    /// Its endpoint, once it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// `in-sync`.
    pub parameter_group_status: String,
    /// Its zone.
    pub customer_availability_zone: String,
}

/// `SecurityGroupMembership`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupMembership {
    /// The group.
    pub security_group_id: String,
    /// `active`.
    pub status: String,
}

/// `CacheCluster`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheClusterShape {
    /// The id.
    pub cache_cluster_id: String,
    /// Memcached: where clients discover the nodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration_endpoint: Option<Endpoint>,
    /// The node type.
    pub cache_node_type: String,
    /// The engine.
    pub engine: String,
    /// The engine version.
    pub engine_version: String,
    /// The status.
    pub cache_cluster_status: String,
    /// How many nodes.
    pub num_cache_nodes: usize,
    /// The zone, or `Multiple`.
    pub preferred_availability_zone: String,
    /// When it was created.
    pub cache_cluster_create_time: Timestamp,
    /// The nodes (with `--show-cache-node-info`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_nodes: Option<Vec<CacheNodeShape>>,
    /// The cache subnet group.
    pub cache_subnet_group_name: String,
    /// The security groups.
    pub security_groups: Vec<SecurityGroupMembership>,
    /// Its replication group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replication_group_id: Option<String>,
    /// Days of automatic snapshots (not for Memcached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_retention_limit: Option<u32>,
    /// TLS required.
    pub transit_encryption_enabled: bool,
    /// The ARN.
    #[serde(rename = "ARN")]
    pub arn: String,
}

/// `CreateCacheCluster`, `RebootCacheCluster` and `DeleteCacheCluster` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheClusterOutput {
    /// The cluster.
    pub cache_cluster: CacheClusterShape,
}

/// `DescribeCacheClusters` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCacheClustersOutput {
    /// The clusters.
    pub cache_clusters: Vec<CacheClusterShape>,
}

impl Cloud {
    fn existing_cache_cluster(&self, id: &str) -> Result<&CacheCluster, ElastiCacheError> {
        self.cache_cluster(id)
            .ok_or_else(|| ElastiCacheError::CacheClusterNotFound(id.to_string()))
    }

    /// The API's view of a cluster.
    pub fn cache_cluster_shape(&self, c: &CacheCluster, with_nodes: bool) -> CacheClusterShape {
        let ready = c.status != "creating";
        let zones: std::collections::BTreeSet<&str> =
            c.nodes.iter().map(|n| n.zone.as_str()).collect();
        CacheClusterShape {
            cache_cluster_id: c.id.clone(),
            configuration_endpoint: (c.engine == "memcached" && ready).then(|| Endpoint {
                address: self.memcached_configuration_endpoint(c),
                port: c.port,
            }),
            cache_node_type: c.node_type.clone(),
            engine: c.engine.clone(),
            engine_version: c.engine_version.clone(),
            cache_cluster_status: c.status.clone(),
            num_cache_nodes: c.nodes.len(),
            preferred_availability_zone: if zones.len() > 1 {
                "Multiple".into()
            } else {
                zones.first().map(|z| z.to_string()).unwrap_or_default()
            },
            cache_cluster_create_time: Timestamp(c.created),
            cache_nodes: with_nodes.then(|| {
                c.nodes
                    .iter()
                    .map(|n| CacheNodeShape {
                        cache_node_id: n.id.clone(),
                        cache_node_status: match c.status.as_str() {
                            "creating" => "creating",
                            "rebooting cache cluster nodes" => "rebooting",
                            "deleting" => "deleting",
                            _ => "available",
                        }
                        .into(),
                        cache_node_create_time: Timestamp(n.created),
                        endpoint: ready.then(|| Endpoint {
                            address: self.cache_node_endpoint(c, n),
                            port: c.port,
                        }),
                        parameter_group_status: "in-sync".into(),
                        customer_availability_zone: n.zone.clone(),
                    })
                    .collect()
            }),
            cache_subnet_group_name: c.subnet_group.clone(),
            security_groups: c
                .security_group_ids
                .iter()
                .map(|id| SecurityGroupMembership {
                    security_group_id: id.clone(),
                    status: "active".into(),
                })
                .collect(),
            replication_group_id: c.replication_group.clone(),
            snapshot_retention_limit: (c.engine != "memcached")
                .then_some(c.snapshot_retention_limit),
            transit_encryption_enabled: c.transit_encryption,
            arn: format!(
                "arn:aws:elasticache:{}:{}:cluster:{}",
                self.region_name(),
                self.config.account_id,
                c.id
            ),
        }
    }

    /// `elasticache create-cache-cluster`.
    pub fn create_cache_cluster(
        &mut self,
        input: CreateCacheClusterInput,
    ) -> Result<CacheClusterOutput, ElastiCacheError> {
        self.elasticache_call("CreateCacheCluster", |c| {
            let id = input.cache_cluster_id.to_ascii_lowercase();
            check_identifier(&id, "CacheClusterId")?;
            if c.cache_cluster(&id).is_some() {
                return Err(ElastiCacheError::CacheClusterAlreadyExists);
            }
            let engine = input
                .engine
                .as_deref()
                .unwrap_or("memcached")
                .to_ascii_lowercase();
            let version = engine_version(&engine, input.engine_version.as_deref()).ok_or_else(
                || {
                    ElastiCacheError::InvalidParameterValue(format!(
                        "Cannot find version {} for {engine}",
                        input.engine_version.as_deref().unwrap_or_default()
                    ))
                },
            )?;
            let kind = input.cache_node_type.clone().ok_or_else(|| {
                ElastiCacheError::InvalidParameterValue(
                    "The parameter CacheNodeType must be provided and must not be blank.".into(),
                )
            })?;
            if node_type(&kind).is_none() {
                return Err(ElastiCacheError::InvalidParameterValue(format!(
                    "Invalid Cache Node Type: {kind}"
                )));
            }
            let memcached = engine == "memcached";
            let count = input.num_cache_nodes.unwrap_or(1);
            if count == 0 {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "The parameter NumCacheNodes must be a positive integer.".into(),
                ));
            }
            if memcached && count > MAX_MEMCACHED_NODES {
                return Err(ElastiCacheError::NodeQuotaForClusterExceeded);
            }
            if !memcached && count > 1 {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "Cache clusters of Valkey or Redis OSS have one node; for replicas, create a replication group.".into(),
                ));
            }
            if memcached && input.snapshot_retention_limit.is_some_and(|d| d > 0) {
                return Err(ElastiCacheError::InvalidParameterCombination(
                    "Memcached does not support snapshots: SnapshotRetentionLimit applies to Valkey and Redis OSS only.".into(),
                ));
            }
            let group = c.resolve_cache_subnet_group(input.cache_subnet_group_name.as_deref())?;
            let zones = c.cache_subnet_group_zones(&group);
            if zones.is_empty() {
                return Err(ElastiCacheError::InvalidSubnet(format!(
                    "Cache subnet group {} has no subnets.",
                    group.name
                )));
            }
            let cross_az = input.az_mode.as_deref() == Some("cross-az");
            if cross_az && !memcached {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "AZMode applies to Memcached clusters only.".into(),
                ));
            }
            let placement: Vec<String> = (0..count as usize)
                .map(|i| {
                    input
                        .preferred_availability_zones
                        .get(i)
                        .cloned()
                        .or_else(|| input.preferred_availability_zone.clone())
                        .unwrap_or_else(|| {
                            let at = if cross_az { i % zones.len() } else { 0 };
                            zones.get(at).cloned().unwrap_or_default()
                        })
                })
                .collect();
            if let Some(bad) = placement.iter().find(|z| !zones.contains(z)) {
                return Err(ElastiCacheError::InvalidParameterValue(format!(
                    "Availability zone {bad} is not in cache subnet group {}.",
                    group.name
                )));
            }
            let security_groups =
                c.resolve_cache_security_groups(&input.security_group_ids, &group.vpc_id)?;
            c.cache_endpoint_suffix();
            let now = c.now;
            let nodes = placement
                .iter()
                .enumerate()
                .map(|(i, zone)| c.new_cache_node(format!("{:04}", i + 1), &group, zone))
                .collect();
            let cluster = CacheCluster {
                id,
                replication_group: None,
                engine,
                engine_version: version.to_string(),
                node_type: kind,
                status: "creating".into(),
                next_status_at: Some(SimTime(now.0 + CREATE_DURATION)),
                nodes,
                port: input.port.unwrap_or(if memcached { 11211 } else { 6379 }),
                subnet_group: group.name.clone(),
                security_group_ids: security_groups,
                created: now,
                transit_encryption: input.transit_encryption_enabled.unwrap_or(false),
                snapshot_retention_limit: input.snapshot_retention_limit.unwrap_or(0),
            };
            let shape = c.cache_cluster_shape(&cluster, false);
            c.elasticache.clusters.push(cluster);
            Ok(CacheClusterOutput {
                cache_cluster: shape,
            })
        })
    }

    /// `elasticache describe-cache-clusters`.
    pub fn describe_cache_clusters(
        &mut self,
        input: DescribeCacheClustersInput,
    ) -> Result<DescribeCacheClustersOutput, ElastiCacheError> {
        self.elasticache_call("DescribeCacheClusters", |c| {
            let nodes = input.show_cache_node_info.unwrap_or(false);
            let clusters = match &input.cache_cluster_id {
                Some(id) => vec![c.cache_cluster_shape(c.existing_cache_cluster(id)?, nodes)],
                None => c
                    .elasticache
                    .clusters
                    .iter()
                    .map(|cl| c.cache_cluster_shape(cl, nodes))
                    .collect(),
            };
            Ok(DescribeCacheClustersOutput {
                cache_clusters: clusters,
            })
        })
    }

    /// `elasticache reboot-cache-cluster`: the nodes restart empty (there is
    /// nothing on disk), and a replica copies its primary again.
    pub fn reboot_cache_cluster(
        &mut self,
        input: RebootCacheClusterInput,
    ) -> Result<CacheClusterOutput, ElastiCacheError> {
        self.elasticache_call("RebootCacheCluster", |c| {
            let cluster = c.existing_cache_cluster(&input.cache_cluster_id)?.clone();
            if cluster.status != "available" {
                return Err(ElastiCacheError::InvalidCacheClusterState(format!(
                    "Cache cluster {} is not in available state. Current state is {}.",
                    cluster.id, cluster.status
                )));
            }
            if input.cache_node_ids_to_reboot.is_empty() {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "The parameter CacheNodeIdsToReboot must be provided and must not be empty."
                        .into(),
                ));
            }
            if let Some(bad) = input
                .cache_node_ids_to_reboot
                .iter()
                .find(|id| !cluster.nodes.iter().any(|n| &&n.id == id))
            {
                return Err(ElastiCacheError::InvalidParameterValue(format!(
                    "Cache node {bad} not found in cache cluster {}.",
                    cluster.id
                )));
            }
            let now = c.now;
            if let Some(cl) = c.cache_cluster_mut(&cluster.id) {
                for node in cl
                    .nodes
                    .iter_mut()
                    .filter(|n| input.cache_node_ids_to_reboot.contains(&n.id))
                {
                    node.keys = Default::default();
                    node.items.clear();
                }
                cl.status = "rebooting cache cluster nodes".into();
                cl.next_status_at = Some(SimTime(now.0 + REBOOT_DURATION));
            }
            // A replica copies its primary again; a primary's replicas copy it, empty.
            c.resync_replicas_of(&cluster.id);
            let cluster = c.existing_cache_cluster(&cluster.id)?.clone();
            Ok(CacheClusterOutput {
                cache_cluster: c.cache_cluster_shape(&cluster, false),
            })
        })
    }

    /// `elasticache delete-cache-cluster`: not for members of a replication group.
    pub fn delete_cache_cluster(
        &mut self,
        input: DeleteCacheClusterInput,
    ) -> Result<CacheClusterOutput, ElastiCacheError> {
        self.elasticache_call("DeleteCacheCluster", |c| {
            let cluster = c.existing_cache_cluster(&input.cache_cluster_id)?.clone();
            if let Some(group) = &cluster.replication_group {
                return Err(ElastiCacheError::InvalidCacheClusterState(format!(
                    "Cache cluster {} is a member of replication group {group}: delete the replication group instead.",
                    cluster.id
                )));
            }
            if matches!(cluster.status.as_str(), "creating" | "deleting") {
                return Err(ElastiCacheError::InvalidCacheClusterState(format!(
                    "Cache cluster {} is not in a valid state to be deleted. Current state is {}.",
                    cluster.id, cluster.status
                )));
            }
            if input.final_snapshot_identifier.is_some() {
                return Err(ElastiCacheError::SnapshotFeatureNotSupported(
                    "This cache cluster does not support snapshots.".into(),
                ));
            }
            c.start_deleting_cache_cluster(&cluster.id);
            let cluster = c.existing_cache_cluster(&cluster.id)?.clone();
            Ok(CacheClusterOutput {
                cache_cluster: c.cache_cluster_shape(&cluster, false),
            })
        })
    }
}
