//! Valkey and Redis OSS replication groups: `CreateReplicationGroup` (cluster
//! mode off: one shard of a primary and up to five replicas; cluster mode on:
//! up to 500 shards sharing the 16384 hash slots), `DescribeReplicationGroups`,
//! `ModifyReplicationGroup` (automatic failover, Multi-AZ, snapshot retention,
//! security groups), `TestFailover` and `DeleteReplicationGroup` (with an
//! optional final snapshot).

use serde::{Deserialize, Serialize};

use super::errors::ElastiCacheError;
use super::{
    CacheCluster, CacheNode, Failover, ReplicationGroup, Shard, engine_version, node_type,
};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// How long a new group takes to become available, in milliseconds.
pub const CREATE_DURATION: u64 = 6 * 60_000;
/// How long a modification or a test failover takes, in milliseconds.
pub const MODIFY_DURATION: u64 = 60_000;
/// The most replicas one shard may have.
pub const MAX_REPLICAS: u32 = 5;

/// `CreateReplicationGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateReplicationGroupInput {
    /// The id.
    pub replication_group_id: String,
    /// The description (required).
    pub replication_group_description: String,
    /// A replica takes over when the primary fails.
    pub automatic_failover_enabled: Option<bool>,
    /// Keep replicas in other zones.
    #[serde(rename = "MultiAZEnabled")]
    pub multi_az_enabled: Option<bool>,
    /// Cluster mode off: the primary and replicas, 1 to 6.
    pub num_cache_clusters: Option<u32>,
    /// Zones for the members, in order.
    #[serde(rename = "PreferredCacheClusterAZs")]
    pub preferred_cache_cluster_azs: Vec<String>,
    /// Cluster mode on: the shards.
    pub num_node_groups: Option<u32>,
    /// Cluster mode on: replicas in each shard.
    pub replicas_per_node_group: Option<u32>,
    /// `cache.t3.micro`, ...
    pub cache_node_type: Option<String>,
    /// `valkey` or `redis` (default `redis`).
    pub engine: Option<String>,
    /// `8.0`, `7.1`, ...
    pub engine_version: Option<String>,
    /// The cache subnet group (`default` when left out).
    pub cache_subnet_group_name: Option<String>,
    /// The security groups (the VPC's default group when left out).
    pub security_group_ids: Vec<String>,
    /// Days of automatic snapshots.
    pub snapshot_retention_limit: Option<u32>,
    /// Seed the group from this snapshot.
    pub snapshot_name: Option<String>,
    /// The port (6379).
    pub port: Option<u16>,
    /// Clients must use TLS.
    pub transit_encryption_enabled: Option<bool>,
    /// Encrypt data at rest.
    pub at_rest_encryption_enabled: Option<bool>,
    /// `enabled`, `disabled` or `compatible`.
    pub cluster_mode: Option<String>,
}

/// `DescribeReplicationGroups` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeReplicationGroupsInput {
    /// One group (all when left out).
    pub replication_group_id: Option<String>,
}

/// `ModifyReplicationGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyReplicationGroupInput {
    /// The group.
    pub replication_group_id: String,
    /// A new description.
    pub replication_group_description: Option<String>,
    /// Turn automatic failover on or off.
    pub automatic_failover_enabled: Option<bool>,
    /// Turn Multi-AZ on or off.
    #[serde(rename = "MultiAZEnabled")]
    pub multi_az_enabled: Option<bool>,
    /// New security groups.
    pub security_group_ids: Vec<String>,
    /// Days of automatic snapshots.
    pub snapshot_retention_limit: Option<u32>,
    /// Apply now rather than in the maintenance window (the lab applies
    /// these changes at once either way, as ElastiCache does for them).
    pub apply_immediately: Option<bool>,
}

/// `DeleteReplicationGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteReplicationGroupInput {
    /// The group.
    pub replication_group_id: String,
    /// Keep the primary as a cluster of its own (not simulated: refused).
    pub retain_primary_cluster: Option<bool>,
    /// Take a snapshot of this name first.
    pub final_snapshot_identifier: Option<String>,
}

/// `TestFailover` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TestFailoverInput {
    /// The group.
    pub replication_group_id: String,
    /// The shard (`0001`).
    pub node_group_id: String,
}

/// `Endpoint`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Endpoint {
    /// The DNS name.
    pub address: String,
    /// The port.
    pub port: u16,
}

/// `NodeGroupMember`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NodeGroupMember {
    /// The member cluster.
    pub cache_cluster_id: String,
    /// `0001`.
    pub cache_node_id: String,
    /// The node's own endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_endpoint: Option<Endpoint>,
    /// Its zone.
    pub preferred_availability_zone: String,
    /// `primary` or `replica` (cluster mode off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_role: Option<String>,
}

/// `NodeGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NodeGroupShape {
    /// `0001`.
    pub node_group_id: String,
    /// `available`, `creating`, ...
    pub status: String,
    /// Cluster mode off: the primary endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_endpoint: Option<Endpoint>,
    /// Cluster mode off: the reader endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reader_endpoint: Option<Endpoint>,
    /// Cluster mode on: the hash slots, `0-8191`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slots: Option<String>,
    /// The members.
    pub node_group_members: Vec<NodeGroupMember>,
}

/// `ReplicationGroup`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationGroupShape {
    /// The id.
    pub replication_group_id: String,
    /// The description.
    pub description: String,
    /// The status.
    pub status: String,
    /// Changes waiting (none in the lab).
    pub pending_modified_values: serde_json::Value,
    /// The member clusters.
    pub member_clusters: Vec<String>,
    /// The shards.
    pub node_groups: Vec<NodeGroupShape>,
    /// `enabled` or `disabled`.
    pub automatic_failover: String,
    /// `enabled` or `disabled`.
    #[serde(rename = "MultiAZ")]
    pub multi_az: String,
    /// Cluster mode on: where clients discover the shards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration_endpoint: Option<Endpoint>,
    /// Days of automatic snapshots.
    pub snapshot_retention_limit: u32,
    /// `05:00-06:00`.
    pub snapshot_window: String,
    /// Whether cluster mode is on.
    pub cluster_enabled: bool,
    /// The node type.
    pub cache_node_type: String,
    /// Always false (AUTH is not simulated).
    pub auth_token_enabled: bool,
    /// TLS required.
    pub transit_encryption_enabled: bool,
    /// Encrypted at rest.
    pub at_rest_encryption_enabled: bool,
    /// The ARN.
    #[serde(rename = "ARN")]
    pub arn: String,
    /// `disabled`.
    pub data_tiering: String,
    /// `ipv4`.
    pub network_type: String,
    /// `enabled` or `disabled`.
    pub cluster_mode: String,
    /// `valkey` or `redis`.
    pub engine: String,
}

/// `CreateReplicationGroup`, `ModifyReplicationGroup`,
/// `DeleteReplicationGroup` and `TestFailover` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationGroupOutput {
    /// The group.
    pub replication_group: ReplicationGroupShape,
}

/// `DescribeReplicationGroups` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeReplicationGroupsOutput {
    /// The groups.
    pub replication_groups: Vec<ReplicationGroupShape>,
}

/// Whether `id` is a valid ElastiCache identifier: 1 to 40 letters, digits
/// and hyphens, starting with a letter, no `--`, no trailing `-`.
pub(crate) fn check_identifier(id: &str, parameter: &str) -> Result<(), ElastiCacheError> {
    let valid = (1..=40).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--");
    if valid {
        Ok(())
    } else {
        Err(ElastiCacheError::InvalidParameterValue(format!(
            "The parameter {parameter} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens."
        )))
    }
}

/// The hash slots shard `index` of `count` serves.
fn slots(index: u32, count: u32) -> (u16, u16) {
    let start = 16384 * index / count;
    let end = 16384 * (index + 1) / count - 1;
    (start as u16, end as u16)
}

fn enabled(on: bool) -> String {
    if on { "enabled" } else { "disabled" }.into()
}

impl Cloud {
    fn existing_replication_group(&self, id: &str) -> Result<&ReplicationGroup, ElastiCacheError> {
        self.replication_group(id)
            .ok_or_else(|| ElastiCacheError::ReplicationGroupNotFound(id.to_string()))
    }

    fn replication_group_mut(
        &mut self,
        id: &str,
    ) -> Result<&mut ReplicationGroup, ElastiCacheError> {
        let id = id.to_ascii_lowercase();
        self.elasticache
            .replication_groups
            .iter_mut()
            .find(|g| g.id == id)
            .ok_or(ElastiCacheError::ReplicationGroupNotFound(id))
    }

    /// The security groups named (each in `vpc_id`), or the VPC's default.
    pub(crate) fn resolve_cache_security_groups(
        &self,
        ids: &[String],
        vpc_id: &str,
    ) -> Result<Vec<String>, ElastiCacheError> {
        if ids.is_empty() {
            return Ok(self
                .security_groups()
                .iter()
                .find(|g| g.vpc_id == vpc_id && g.group_name == "default")
                .map(|g| vec![g.group_id.clone()])
                .unwrap_or_default());
        }
        for id in ids {
            if self.security_group(id).is_none_or(|g| g.vpc_id != vpc_id) {
                return Err(ElastiCacheError::InvalidParameterValue(format!(
                    "Some security group Id not recongized by EC2: {id}"
                )));
            }
        }
        Ok(ids.to_vec())
    }

    /// A new node in `zone` of `group`'s subnets.
    pub(crate) fn new_cache_node(
        &mut self,
        id: String,
        group: &super::subnet_groups::CacheSubnetGroup,
        zone: &str,
    ) -> CacheNode {
        let cidr = group
            .subnet_ids
            .iter()
            .filter_map(|s| self.subnet(s))
            .find(|s| s.availability_zone == zone)
            .map(|s| s.cidr_block.clone())
            .unwrap_or_default();
        CacheNode {
            id,
            zone: zone.to_string(),
            ip: self.random_private_ip(&cidr),
            created: self.now,
            keys: Default::default(),
            items: Default::default(),
            hits: 0,
            misses: 0,
        }
    }

    /// The API's view of a group.
    pub fn replication_group_shape(&self, g: &ReplicationGroup) -> ReplicationGroupShape {
        let ready = g.status != "creating";
        let endpoint = |address: String| {
            ready.then_some(Endpoint {
                address,
                port: g.port,
            })
        };
        let node_groups = g
            .shards
            .iter()
            .map(|shard| NodeGroupShape {
                node_group_id: shard.id.clone(),
                status: if ready { "available" } else { "creating" }.into(),
                primary_endpoint: if g.cluster_mode {
                    None
                } else {
                    endpoint(self.primary_endpoint(g))
                },
                reader_endpoint: if g.cluster_mode {
                    None
                } else {
                    endpoint(self.reader_endpoint(g))
                },
                slots: g
                    .cluster_mode
                    .then(|| format!("{}-{}", shard.slots.0, shard.slots.1)),
                node_group_members: shard
                    .members()
                    .filter_map(|id| self.cache_cluster(id))
                    .flat_map(|cluster| {
                        cluster.nodes.iter().map(move |node| NodeGroupMember {
                            cache_cluster_id: cluster.id.clone(),
                            cache_node_id: node.id.clone(),
                            read_endpoint: endpoint(self.cache_node_endpoint(cluster, node)),
                            preferred_availability_zone: node.zone.clone(),
                            current_role: (!g.cluster_mode).then(|| {
                                if cluster.id == shard.primary {
                                    "primary"
                                } else {
                                    "replica"
                                }
                                .to_string()
                            }),
                        })
                    })
                    .collect(),
            })
            .collect();
        ReplicationGroupShape {
            replication_group_id: g.id.clone(),
            description: g.description.clone(),
            status: g.status.clone(),
            pending_modified_values: serde_json::json!({}),
            member_clusters: g
                .shards
                .iter()
                .flat_map(|s| s.members().cloned())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            node_groups,
            automatic_failover: enabled(g.automatic_failover),
            multi_az: enabled(g.multi_az),
            configuration_endpoint: if g.cluster_mode {
                endpoint(self.configuration_endpoint(g))
            } else {
                None
            },
            snapshot_retention_limit: g.snapshot_retention_limit,
            snapshot_window: "05:00-06:00".into(),
            cluster_enabled: g.cluster_mode,
            cache_node_type: g.node_type.clone(),
            auth_token_enabled: false,
            transit_encryption_enabled: g.transit_encryption,
            at_rest_encryption_enabled: g.at_rest_encryption,
            arn: format!(
                "arn:aws:elasticache:{}:{}:replicationgroup:{}",
                self.region_name(),
                self.config.account_id,
                g.id
            ),
            data_tiering: "disabled".into(),
            network_type: "ipv4".into(),
            cluster_mode: enabled(g.cluster_mode),
            engine: g.engine.clone(),
        }
    }

    /// `elasticache create-replication-group`.
    pub fn create_replication_group(
        &mut self,
        input: CreateReplicationGroupInput,
    ) -> Result<ReplicationGroupOutput, ElastiCacheError> {
        self.elasticache_call("CreateReplicationGroup", |c| {
            let id = input.replication_group_id.to_ascii_lowercase();
            check_identifier(&id, "ReplicationGroupId")?;
            if c.replication_group(&id).is_some() {
                return Err(ElastiCacheError::ReplicationGroupAlreadyExists);
            }
            let engine = input
                .engine
                .as_deref()
                .unwrap_or("redis")
                .to_ascii_lowercase();
            if engine == "memcached" {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "Replication groups are for Valkey and Redis OSS; Memcached has no replication. Use create-cache-cluster.".into(),
                ));
            }
            let version = engine_version(&engine, input.engine_version.as_deref()).ok_or_else(
                || {
                    ElastiCacheError::InvalidParameterValue(format!(
                        "Cannot find version {} for {engine}",
                        input.engine_version.as_deref().unwrap_or_default()
                    ))
                },
            )?;
            let node_type_name = input.cache_node_type.clone().ok_or_else(|| {
                ElastiCacheError::InvalidParameterValue(
                    "The parameter CacheNodeType must be provided and must not be blank.".into(),
                )
            })?;
            if node_type(&node_type_name).is_none() {
                return Err(ElastiCacheError::InvalidParameterValue(format!(
                    "Invalid Cache Node Type: {node_type_name}"
                )));
            }
            let cluster_mode = match input.cluster_mode.as_deref() {
                Some("enabled") => true,
                Some("disabled") | None => input.num_node_groups.is_some_and(|n| n > 1),
                Some(other) => {
                    return Err(ElastiCacheError::InvalidParameterValue(format!(
                        "Invalid ClusterMode: {other}"
                    )));
                }
            };
            let (shard_count, replicas) = if cluster_mode {
                if input.num_cache_clusters.is_some() {
                    return Err(ElastiCacheError::InvalidParameterCombination(
                        "NumCacheClusters cannot be used with cluster mode enabled; use NumNodeGroups and ReplicasPerNodeGroup.".into(),
                    ));
                }
                (
                    input.num_node_groups.unwrap_or(1),
                    input.replicas_per_node_group.unwrap_or(0),
                )
            } else {
                let members = input
                    .num_cache_clusters
                    .or(input.replicas_per_node_group.map(|r| r.saturating_add(1)))
                    .unwrap_or(1);
                (1, members.saturating_sub(1))
            };
            if !(1..=500).contains(&shard_count) {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "NumNodeGroups must be between 1 and 500.".into(),
                ));
            }
            if replicas > MAX_REPLICAS || (!cluster_mode && input.num_cache_clusters == Some(0)) {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "A shard has one primary and at most 5 replicas: NumCacheClusters must be between 1 and 6.".into(),
                ));
            }
            let automatic_failover = input.automatic_failover_enabled.unwrap_or(cluster_mode);
            let multi_az = input.multi_az_enabled.unwrap_or(false);
            if cluster_mode && !automatic_failover {
                return Err(ElastiCacheError::InvalidParameterCombination(
                    "Automatic failover must be enabled for a replication group with cluster mode enabled.".into(),
                ));
            }
            if automatic_failover && !cluster_mode && replicas == 0 {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "Automatic failover needs at least one replica: set NumCacheClusters to 2 or more.".into(),
                ));
            }
            if multi_az && (!automatic_failover || replicas == 0) {
                return Err(ElastiCacheError::InvalidParameterCombination(
                    "Multi-AZ needs automatic failover and at least one replica in each shard.".into(),
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
            if multi_az && zones.len() < 2 {
                return Err(ElastiCacheError::InvalidParameterCombination(format!(
                    "Multi-AZ needs a cache subnet group with subnets in at least two Availability Zones; {} covers only {}.",
                    group.name,
                    zones.join(", ")
                )));
            }
            let members_per_shard = replicas + 1;
            let wanted_zones = &input.preferred_cache_cluster_azs;
            if !wanted_zones.is_empty() {
                if wanted_zones.len() as u32 != members_per_shard * shard_count {
                    return Err(ElastiCacheError::InvalidParameterValue(
                        "The number of PreferredCacheClusterAZs must match NumCacheClusters.".into(),
                    ));
                }
                if let Some(bad) = wanted_zones.iter().find(|z| !zones.contains(z)) {
                    return Err(ElastiCacheError::InvalidParameterValue(format!(
                        "Availability zone {bad} is not in cache subnet group {}.",
                        group.name
                    )));
                }
            }
            let security_groups =
                c.resolve_cache_security_groups(&input.security_group_ids, &group.vpc_id)?;
            let seed = match &input.snapshot_name {
                Some(name) => {
                    let snapshot = c
                        .cache_snapshot(name)
                        .ok_or_else(|| ElastiCacheError::SnapshotNotFound(name.clone()))?;
                    if snapshot.status != "available" {
                        return Err(ElastiCacheError::InvalidParameterValue(format!(
                            "Snapshot {name} is not available yet."
                        )));
                    }
                    snapshot.shards.clone()
                }
                None => Vec::new(),
            };
            c.cache_endpoint_suffix();
            let new_ids: Vec<String> = (0..shard_count)
                .flat_map(|s| {
                    let id = id.clone();
                    (0..members_per_shard).map(move |m| {
                        if cluster_mode {
                            format!("{id}-{:04}-{:03}", s + 1, m + 1)
                        } else {
                            format!("{id}-{:03}", m + 1)
                        }
                    })
                })
                .collect();
            if let Some(taken) = new_ids.iter().find(|m| c.cache_cluster(m).is_some()) {
                return Err(ElastiCacheError::InvalidParameterValue(format!(
                    "Cache cluster {taken} already exists."
                )));
            }
            let now = c.now;
            let mut shards = Vec::new();
            let mut position = 0usize;
            for s in 0..shard_count {
                let mut members = Vec::new();
                for m in 0..members_per_shard {
                    let member_id = new_ids
                        .get((s * members_per_shard + m) as usize)
                        .cloned()
                        .unwrap_or_default();
                    let zone = wanted_zones
                        .get(position)
                        .cloned()
                        .or_else(|| zones.get(position % zones.len()).cloned())
                        .unwrap_or_default();
                    position += 1;
                    let mut node = c.new_cache_node("0001".into(), &group, &zone);
                    if let Some(keys) = seed.get(s as usize) {
                        node.keys = keys.clone();
                    }
                    c.elasticache.clusters.push(CacheCluster {
                        id: member_id.clone(),
                        replication_group: Some(id.clone()),
                        engine: engine.clone(),
                        engine_version: version.to_string(),
                        node_type: node_type_name.clone(),
                        status: "creating".into(),
                        next_status_at: Some(SimTime(now.0 + CREATE_DURATION)),
                        nodes: vec![node],
                        port: input.port.unwrap_or(6379),
                        subnet_group: group.name.clone(),
                        security_group_ids: security_groups.clone(),
                        created: now,
                        transit_encryption: input.transit_encryption_enabled.unwrap_or(false),
                        snapshot_retention_limit: input.snapshot_retention_limit.unwrap_or(0),
                    });
                    members.push(member_id);
                }
                let mut members = members.into_iter();
                shards.push(Shard {
                    id: format!("{:04}", s + 1),
                    primary: members.next().unwrap_or_default(),
                    replicas: members.collect(),
                    slots: slots(s, shard_count),
                });
            }
            let record = ReplicationGroup {
                id: id.clone(),
                description: input.replication_group_description.clone(),
                engine,
                engine_version: version.to_string(),
                node_type: node_type_name,
                status: "creating".into(),
                next_status_at: Some(SimTime(now.0 + CREATE_DURATION)),
                cluster_mode,
                shards,
                automatic_failover,
                multi_az,
                snapshot_retention_limit: input.snapshot_retention_limit.unwrap_or(0),
                transit_encryption: input.transit_encryption_enabled.unwrap_or(false),
                at_rest_encryption: input.at_rest_encryption_enabled.unwrap_or(false),
                port: input.port.unwrap_or(6379),
                subnet_group: group.name.clone(),
                security_group_ids: security_groups,
                created: now,
                failing_over: None,
                failovers: Vec::new(),
            };
            let shape = c.replication_group_shape(&record);
            c.elasticache.replication_groups.push(record);
            Ok(ReplicationGroupOutput {
                replication_group: shape,
            })
        })
    }

    /// `elasticache describe-replication-groups`.
    pub fn describe_replication_groups(
        &mut self,
        input: DescribeReplicationGroupsInput,
    ) -> Result<DescribeReplicationGroupsOutput, ElastiCacheError> {
        self.elasticache_call("DescribeReplicationGroups", |c| {
            let groups = match &input.replication_group_id {
                Some(id) => vec![c.replication_group_shape(c.existing_replication_group(id)?)],
                None => c
                    .elasticache
                    .replication_groups
                    .iter()
                    .map(|g| c.replication_group_shape(g))
                    .collect(),
            };
            Ok(DescribeReplicationGroupsOutput {
                replication_groups: groups,
            })
        })
    }

    fn require_available(group: &ReplicationGroup) -> Result<(), ElastiCacheError> {
        if group.status == "available" {
            Ok(())
        } else {
            Err(ElastiCacheError::InvalidReplicationGroupState(format!(
                "Replication group must be in available state to modify. Current state is {}.",
                group.status
            )))
        }
    }

    /// `elasticache modify-replication-group`.
    pub fn modify_replication_group(
        &mut self,
        input: ModifyReplicationGroupInput,
    ) -> Result<ReplicationGroupOutput, ElastiCacheError> {
        self.elasticache_call("ModifyReplicationGroup", |c| {
            let group = c.existing_replication_group(&input.replication_group_id)?.clone();
            Cloud::require_available(&group)?;
            let failover = input
                .automatic_failover_enabled
                .unwrap_or(group.automatic_failover);
            let multi_az = input.multi_az_enabled.unwrap_or(group.multi_az);
            let has_replicas = group.shards.iter().all(|s| !s.replicas.is_empty());
            if failover && !has_replicas {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "Automatic failover needs at least one replica in each shard.".into(),
                ));
            }
            if group.cluster_mode && !failover {
                return Err(ElastiCacheError::InvalidParameterCombination(
                    "Automatic failover cannot be disabled for a replication group with cluster mode enabled.".into(),
                ));
            }
            if multi_az && !failover {
                return Err(ElastiCacheError::InvalidParameterCombination(
                    "Multi-AZ needs automatic failover.".into(),
                ));
            }
            let vpc = c
                .cache_subnet_group(&group.subnet_group)
                .map(|g| g.vpc_id.clone())
                .unwrap_or_default();
            let security = if input.security_group_ids.is_empty() {
                group.security_group_ids.clone()
            } else {
                c.resolve_cache_security_groups(&input.security_group_ids, &vpc)?
            };
            let now = c.now;
            let members: Vec<String> = group.shards.iter().flat_map(|s| s.members().cloned()).collect();
            for member in &members {
                if let Some(cluster) = c.cache_cluster_mut(member) {
                    cluster.security_group_ids = security.clone();
                    if let Some(days) = input.snapshot_retention_limit {
                        cluster.snapshot_retention_limit = days;
                    }
                }
            }
            let g = c.replication_group_mut(&group.id)?;
            if let Some(d) = &input.replication_group_description {
                g.description = d.clone();
            }
            g.automatic_failover = failover;
            g.multi_az = multi_az;
            g.security_group_ids = security;
            if let Some(days) = input.snapshot_retention_limit {
                g.snapshot_retention_limit = days;
            }
            g.status = "modifying".into();
            g.next_status_at = Some(SimTime(now.0 + MODIFY_DURATION));
            let g = g.clone();
            Ok(ReplicationGroupOutput {
                replication_group: c.replication_group_shape(&g),
            })
        })
    }

    /// `elasticache test-failover`: the shard's primary gives way to a
    /// replica a minute later; the primary endpoint follows.
    pub fn test_failover(
        &mut self,
        input: TestFailoverInput,
    ) -> Result<ReplicationGroupOutput, ElastiCacheError> {
        self.elasticache_call("TestFailover", |c| {
            let group = c.existing_replication_group(&input.replication_group_id)?.clone();
            Cloud::require_available(&group)?;
            let shard = group
                .shards
                .iter()
                .find(|s| s.id == input.node_group_id)
                .ok_or_else(|| ElastiCacheError::NodeGroupNotFound(input.node_group_id.clone()))?;
            if !group.automatic_failover || shard.replicas.is_empty() {
                return Err(ElastiCacheError::InvalidReplicationGroupState(format!(
                    "Replication group {} does not have automatic failover enabled: a test failover needs it, and a replica to promote.",
                    group.id
                )));
            }
            let now = c.now;
            let g = c.replication_group_mut(&group.id)?;
            g.status = "modifying".into();
            g.next_status_at = Some(SimTime(now.0 + MODIFY_DURATION));
            g.failing_over = Some(shard.id.clone());
            let g = g.clone();
            Ok(ReplicationGroupOutput {
                replication_group: c.replication_group_shape(&g),
            })
        })
    }

    /// Promotes the shard's first replica (the old primary becomes a replica).
    pub(crate) fn complete_failover(&mut self, group_id: &str, shard_id: &str, at: SimTime) {
        let Some(group) = self
            .elasticache
            .replication_groups
            .iter_mut()
            .find(|g| g.id == group_id)
        else {
            return;
        };
        let Some(shard) = group.shards.iter_mut().find(|s| s.id == shard_id) else {
            return;
        };
        if shard.replicas.is_empty() {
            return;
        }
        let promoted = shard.replicas.remove(0);
        let old = std::mem::replace(&mut shard.primary, promoted.clone());
        shard.replicas.push(old.clone());
        group.failovers.push(Failover {
            at,
            shard: shard_id.to_string(),
            from: old,
            to: promoted,
        });
    }

    /// `elasticache delete-replication-group`.
    pub fn delete_replication_group(
        &mut self,
        input: DeleteReplicationGroupInput,
    ) -> Result<ReplicationGroupOutput, ElastiCacheError> {
        self.elasticache_call("DeleteReplicationGroup", |c| {
            let group = c
                .existing_replication_group(&input.replication_group_id)?
                .clone();
            if matches!(group.status.as_str(), "creating" | "deleting" | "modifying") {
                return Err(ElastiCacheError::InvalidReplicationGroupState(format!(
                    "Replication group {} is not in a valid state to be deleted.",
                    group.id
                )));
            }
            if input.retain_primary_cluster == Some(true) {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "RetainPrimaryCluster is not simulated in the lab.".into(),
                ));
            }
            if let Some(name) = &input.final_snapshot_identifier {
                c.take_cache_snapshot(&group, name)?;
            }
            let now = c.now;
            for member in group.shards.iter().flat_map(|s| s.members()) {
                c.start_deleting_cache_cluster(member);
            }
            let g = c.replication_group_mut(&group.id)?;
            g.status = "deleting".into();
            g.next_status_at = Some(SimTime(now.0 + super::DELETE_DURATION));
            let g = g.clone();
            Ok(ReplicationGroupOutput {
                replication_group: c.replication_group_shape(&g),
            })
        })
    }
}
