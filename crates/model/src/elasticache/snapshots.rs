//! Snapshots of Valkey and Redis OSS replication groups: what makes their
//! data survive (`CreateSnapshot`, `DescribeSnapshots`, `DeleteSnapshot`, a
//! final snapshot on delete, and `CreateReplicationGroup --snapshot-name` to
//! seed a new group). Memcached keeps nothing: it has no snapshots.

use serde::{Deserialize, Serialize};

use super::errors::ElastiCacheError;
use super::keyspace::KeySpace;
use super::{ReplicationGroup, engine_label};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// How long a snapshot takes, in milliseconds.
pub const SNAPSHOT_DURATION: u64 = 60_000;

/// A snapshot: each shard's data when it was taken.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CacheSnapshot {
    /// Its name.
    pub name: String,
    /// The group it was taken from.
    pub replication_group: String,
    /// That group's description.
    pub description: String,
    /// `valkey` or `redis`.
    pub engine: String,
    /// The engine version.
    pub engine_version: String,
    /// The node type.
    pub node_type: String,
    /// `creating` or `available`.
    pub status: String,
    /// When it becomes available.
    pub available_at: Option<SimTime>,
    /// When it was taken.
    pub created: SimTime,
    /// Each shard's keys, in shard order.
    pub shards: Vec<KeySpace>,
}

/// `CreateSnapshot` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateSnapshotInput {
    /// The group to snapshot.
    pub replication_group_id: Option<String>,
    /// Or the cluster to snapshot.
    pub cache_cluster_id: Option<String>,
    /// The snapshot's name.
    pub snapshot_name: String,
}

/// `DescribeSnapshots` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeSnapshotsInput {
    /// Only this group's.
    pub replication_group_id: Option<String>,
    /// Only this one.
    pub snapshot_name: Option<String>,
}

/// `DeleteSnapshot` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteSnapshotInput {
    /// The snapshot.
    pub snapshot_name: String,
}

/// `NodeSnapshot`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NodeSnapshot {
    /// The shard.
    pub node_group_id: String,
    /// `1 MB`.
    pub cache_size: String,
    /// When it was taken.
    pub snapshot_create_time: Timestamp,
}

/// `Snapshot`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotShape {
    /// The name.
    pub snapshot_name: String,
    /// The source group.
    pub replication_group_id: String,
    /// Its description.
    pub replication_group_description: String,
    /// `creating` or `available`.
    pub snapshot_status: String,
    /// `manual`.
    pub snapshot_source: String,
    /// The node type.
    pub cache_node_type: String,
    /// The engine.
    pub engine: String,
    /// The version.
    pub engine_version: String,
    /// Shards.
    pub num_node_groups: usize,
    /// Each shard's part.
    pub node_snapshots: Vec<NodeSnapshot>,
    /// The ARN.
    #[serde(rename = "ARN")]
    pub arn: String,
}

/// `CreateSnapshot` and `DeleteSnapshot` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotOutput {
    /// The snapshot.
    pub snapshot: SnapshotShape,
}

/// `DescribeSnapshots` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotsOutput {
    /// The snapshots.
    pub snapshots: Vec<SnapshotShape>,
}

impl Cloud {
    /// The snapshot `name`.
    pub fn cache_snapshot(&self, name: &str) -> Option<&CacheSnapshot> {
        self.elasticache.snapshots.iter().find(|s| s.name == name)
    }

    /// Every snapshot, oldest first.
    pub fn cache_snapshots(&self) -> &[CacheSnapshot] {
        &self.elasticache.snapshots
    }

    fn snapshot_shape(&self, s: &CacheSnapshot) -> SnapshotShape {
        SnapshotShape {
            snapshot_name: s.name.clone(),
            replication_group_id: s.replication_group.clone(),
            replication_group_description: s.description.clone(),
            snapshot_status: s.status.clone(),
            snapshot_source: "manual".into(),
            cache_node_type: s.node_type.clone(),
            engine: s.engine.clone(),
            engine_version: s.engine_version.clone(),
            num_node_groups: s.shards.len(),
            node_snapshots: s
                .shards
                .iter()
                .enumerate()
                .map(|(i, keys)| NodeSnapshot {
                    node_group_id: format!("{:04}", i + 1),
                    cache_size: format!(
                        "{} MB",
                        keys.used_bytes(s.created).div_ceil(1_000_000).max(1)
                    ),
                    snapshot_create_time: Timestamp(s.created),
                })
                .collect(),
            arn: format!(
                "arn:aws:elasticache:{}:{}:snapshot:{}",
                self.region_name(),
                self.config.account_id,
                s.name
            ),
        }
    }

    /// Takes snapshot `name` of `group`: each shard's primary's data.
    pub(crate) fn take_cache_snapshot(
        &mut self,
        group: &ReplicationGroup,
        name: &str,
    ) -> Result<SnapshotShape, ElastiCacheError> {
        if name.is_empty() {
            return Err(ElastiCacheError::InvalidParameterValue(
                "The parameter SnapshotName must be provided and must not be blank.".into(),
            ));
        }
        if self.cache_snapshot(name).is_some() {
            return Err(ElastiCacheError::SnapshotAlreadyExists(name.to_string()));
        }
        let now = self.now;
        let shards = group
            .shards
            .iter()
            .map(|shard| {
                self.cache_cluster(&shard.primary)
                    .and_then(|c| c.nodes.first())
                    .map(|n| {
                        let mut keys = n.keys.clone();
                        keys.purge_expired(now);
                        keys
                    })
                    .unwrap_or_default()
            })
            .collect();
        let snapshot = CacheSnapshot {
            name: name.to_string(),
            replication_group: group.id.clone(),
            description: group.description.clone(),
            engine: group.engine.clone(),
            engine_version: group.engine_version.clone(),
            node_type: group.node_type.clone(),
            status: "creating".into(),
            available_at: Some(SimTime(now.0 + SNAPSHOT_DURATION)),
            created: now,
            shards,
        };
        let shape = self.snapshot_shape(&snapshot);
        self.elasticache.snapshots.push(snapshot);
        Ok(shape)
    }

    /// `elasticache create-snapshot`.
    pub fn create_cache_snapshot(
        &mut self,
        input: CreateSnapshotInput,
    ) -> Result<SnapshotOutput, ElastiCacheError> {
        self.elasticache_call("CreateSnapshot", |c| {
            let group_id = match (&input.replication_group_id, &input.cache_cluster_id) {
                (Some(g), _) => g.clone(),
                (None, Some(cluster)) => {
                    let cl = c
                        .cache_cluster(cluster)
                        .ok_or_else(|| ElastiCacheError::CacheClusterNotFound(cluster.clone()))?;
                    match &cl.replication_group {
                        Some(g) => g.clone(),
                        None => {
                            return Err(ElastiCacheError::SnapshotFeatureNotSupported(format!(
                                "{} clusters outside a replication group cannot be snapshotted in the lab{}.",
                                engine_label(&cl.engine),
                                if cl.engine == "memcached" {
                                    " (Memcached has no snapshots at all)"
                                } else {
                                    ""
                                }
                            )));
                        }
                    }
                }
                (None, None) => {
                    return Err(ElastiCacheError::InvalidParameterCombination(
                        "Either ReplicationGroupId or CacheClusterId must be provided.".into(),
                    ));
                }
            };
            let group = c
                .replication_group(&group_id)
                .cloned()
                .ok_or(ElastiCacheError::ReplicationGroupNotFound(group_id))?;
            if group.status != "available" {
                return Err(ElastiCacheError::InvalidReplicationGroupState(format!(
                    "Replication group {} is not in available state. Current state is {}.",
                    group.id, group.status
                )));
            }
            Ok(SnapshotOutput {
                snapshot: c.take_cache_snapshot(&group, &input.snapshot_name)?,
            })
        })
    }

    /// `elasticache describe-snapshots`.
    pub fn describe_cache_snapshots(
        &mut self,
        input: DescribeSnapshotsInput,
    ) -> Result<DescribeSnapshotsOutput, ElastiCacheError> {
        self.elasticache_call("DescribeSnapshots", |c| {
            Ok(DescribeSnapshotsOutput {
                snapshots: c
                    .elasticache
                    .snapshots
                    .iter()
                    .filter(|s| {
                        input
                            .replication_group_id
                            .as_deref()
                            .is_none_or(|g| s.replication_group == g)
                            && input.snapshot_name.as_deref().is_none_or(|n| s.name == n)
                    })
                    .map(|s| c.snapshot_shape(s))
                    .collect(),
            })
        })
    }

    /// `elasticache delete-snapshot`.
    pub fn delete_cache_snapshot(
        &mut self,
        input: DeleteSnapshotInput,
    ) -> Result<SnapshotOutput, ElastiCacheError> {
        self.elasticache_call("DeleteSnapshot", |c| {
            let snapshot = c
                .cache_snapshot(&input.snapshot_name)
                .cloned()
                .ok_or_else(|| ElastiCacheError::SnapshotNotFound(input.snapshot_name.clone()))?;
            let mut shape = c.snapshot_shape(&snapshot);
            shape.snapshot_status = "deleting".into();
            c.elasticache.snapshots.retain(|s| s.name != snapshot.name);
            Ok(SnapshotOutput { snapshot: shape })
        })
    }
}
