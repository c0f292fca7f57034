//! DynamoDB Accelerator (DAX): a read-through, write-through cache cluster in
//! front of DynamoDB. Subnet groups and clusters (`CreateSubnetGroup`,
//! `DescribeSubnetGroups`, `DeleteSubnetGroup`, `CreateCluster`,
//! `DescribeClusters`, `DeleteCluster`) with AWS's names, a discovery
//! endpoint on port 8111 (9111 with TLS), nodes spread over the subnet
//! group's zones, states on the simulated clock and node hours on the bill.
//!
//! The data plane ([`reads`]): eventually consistent `GetItem` and `Query`
//! are answered from the item cache and the query cache while their entries
//! live (five minutes by default), and otherwise read from DynamoDB with the
//! cluster's IAM role; strongly consistent reads pass through uncached; writes
//! go to DynamoDB first, then update the item cache (not the query cache).
//!
//! Not simulated: parameter groups of one's own (the default TTLs apply),
//! changing the replication factor, node failures, events.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::billing::cost::{CostKind, CostLine};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::dynamodb::expressions::Item;
use crate::ec2::subnets::SubnetListProblem;

pub mod errors;
pub mod reads;

pub use errors::DaxError;

/// How long a new cluster takes to become available, in milliseconds.
pub const CREATE_DURATION: u64 = 6 * 60_000;
/// How long a deletion takes, in milliseconds.
pub const DELETE_DURATION: u64 = 3 * 60_000;
/// The default parameter group's item and query cache TTL, in milliseconds.
pub const DEFAULT_TTL_MS: u64 = 300_000;

/// A node type and its price per hour in us-east-1 and in Seoul (AWS's list
/// prices for us-east-1, 2025; Seoul approximate).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DaxNodeType {
    /// `dax.t3.small`.
    pub name: &'static str,
    /// USD per hour in us-east-1.
    pub us_east_1: f64,
    /// USD per hour in ap-northeast-2.
    pub seoul: f64,
}

/// The node types the lab offers.
pub const NODE_TYPES: &[DaxNodeType] = &[
    DaxNodeType {
        name: "dax.t3.small",
        us_east_1: 0.04,
        seoul: 0.049,
    },
    DaxNodeType {
        name: "dax.t3.medium",
        us_east_1: 0.08,
        seoul: 0.098,
    },
    DaxNodeType {
        name: "dax.r5.large",
        us_east_1: 0.258,
        seoul: 0.315,
    },
];

/// Everything DAX keeps for the account in one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DaxState {
    /// Subnet groups, oldest first.
    pub(crate) subnet_groups: Vec<DaxSubnetGroup>,
    /// Clusters, oldest first.
    pub(crate) clusters: Vec<DaxCluster>,
    /// The account's part of every endpoint in the region (6 characters).
    pub(crate) endpoint_suffix: String,
}

/// A DAX subnet group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaxSubnetGroup {
    /// Its name (lowercase).
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its VPC.
    pub vpc_id: String,
    /// Its subnets.
    pub subnet_ids: Vec<String>,
}

/// A cached item (or the knowledge that there is none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CachedItem {
    /// The item, or `None` when DynamoDB had none (negative caching).
    pub item: Option<Item>,
    /// When the entry expires.
    pub expires_at: SimTime,
}

/// A cached query result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CachedQuery {
    /// The items.
    pub items: Vec<Item>,
    /// When the entry expires.
    pub expires_at: SimTime,
}

/// Cache statistics, as DAX's CloudWatch metrics count them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaxStats {
    /// `ItemCacheHits`.
    pub item_cache_hits: u64,
    /// `ItemCacheMisses`.
    pub item_cache_misses: u64,
    /// `QueryCacheHits`.
    pub query_cache_hits: u64,
    /// `QueryCacheMisses`.
    pub query_cache_misses: u64,
}

/// A DAX node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaxNode {
    /// `<cluster>-a`, `-b`, ...
    pub id: String,
    /// Its zone.
    pub zone: String,
    /// Its private address.
    pub ip: Ipv4Addr,
}

/// A DAX cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DaxCluster {
    /// Its name (lowercase).
    pub name: String,
    /// Its description.
    pub description: String,
    /// `dax.t3.small`, ...
    pub node_type: String,
    /// `creating`, `available` or `deleting`.
    pub status: String,
    /// When the status changes next on its own.
    pub next_status_at: Option<SimTime>,
    /// Its nodes (the replication factor).
    pub nodes: Vec<DaxNode>,
    /// The role DAX uses to reach DynamoDB.
    pub iam_role_arn: String,
    /// Its subnet group.
    pub subnet_group: String,
    /// Its security groups.
    pub security_group_ids: Vec<String>,
    /// `NONE` or `TLS`.
    pub endpoint_encryption: String,
    /// Server-side encryption at rest.
    pub sse: bool,
    /// When it was asked for.
    pub created: SimTime,
    /// Item cache: table and key to entry.
    #[serde(default)]
    pub item_cache: BTreeMap<String, CachedItem>,
    /// Query cache: request to entry.
    #[serde(default)]
    pub query_cache: BTreeMap<String, CachedQuery>,
    /// Hits and misses so far.
    #[serde(default)]
    pub stats: DaxStats,
}

/// `CreateSubnetGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateDaxSubnetGroupInput {
    /// The name.
    pub subnet_group_name: String,
    /// The description.
    pub description: Option<String>,
    /// The subnets.
    pub subnet_ids: Vec<String>,
}

/// `DescribeSubnetGroups` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeDaxSubnetGroupsInput {
    /// Only these.
    pub subnet_group_names: Vec<String>,
}

/// `DeleteSubnetGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteDaxSubnetGroupInput {
    /// The name.
    pub subnet_group_name: String,
}

/// `CreateCluster` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateDaxClusterInput {
    /// The name.
    pub cluster_name: String,
    /// `dax.t3.small`, ...
    pub node_type: String,
    /// A description.
    pub description: Option<String>,
    /// Nodes, 1 to 11 (3 or more for production).
    pub replication_factor: u32,
    /// Zones for the nodes.
    pub availability_zones: Vec<String>,
    /// The subnet group (the default VPC's subnets when left out).
    pub subnet_group_name: Option<String>,
    /// Security groups.
    pub security_group_ids: Vec<String>,
    /// The role DAX assumes to reach DynamoDB.
    pub iam_role_arn: String,
    /// `{Enabled: true}`.
    #[serde(rename = "SSESpecification")]
    pub sse_specification: Option<SseSpecification>,
    /// `NONE` or `TLS`.
    pub cluster_endpoint_encryption_type: Option<String>,
}

/// `SSESpecification`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SseSpecification {
    /// On or off.
    pub enabled: bool,
}

/// `DescribeClusters` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeDaxClustersInput {
    /// Only these.
    pub cluster_names: Vec<String>,
}

/// `DeleteCluster` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteDaxClusterInput {
    /// The name.
    pub cluster_name: String,
}

/// `Subnet` of a DAX subnet group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxSubnetShape {
    /// The subnet.
    pub subnet_identifier: String,
    /// Its zone.
    pub subnet_availability_zone: String,
}

/// `SubnetGroup`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxSubnetGroupShape {
    /// The name.
    pub subnet_group_name: String,
    /// The description.
    pub description: String,
    /// The VPC.
    pub vpc_id: String,
    /// The subnets.
    pub subnets: Vec<DaxSubnetShape>,
}

/// `CreateSubnetGroup` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxSubnetGroupOutput {
    /// The group.
    pub subnet_group: DaxSubnetGroupShape,
}

/// `DescribeSubnetGroups` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDaxSubnetGroupsOutput {
    /// The groups.
    pub subnet_groups: Vec<DaxSubnetGroupShape>,
}

/// `Endpoint`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxEndpoint {
    /// The DNS name.
    pub address: String,
    /// The port.
    pub port: u16,
    /// `dax://...` or `daxs://...`.
    #[serde(rename = "URL")]
    pub url: String,
}

/// `Node`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxNodeShape {
    /// `<cluster>-a`.
    pub node_id: String,
    /// Its endpoint, once it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<DaxEndpoint>,
    /// When it was created.
    pub node_create_time: Timestamp,
    /// Its zone.
    pub availability_zone: String,
    /// `creating` or `available`.
    pub node_status: String,
    /// `in-sync`.
    pub parameter_group_status: String,
}

/// `SecurityGroupMembership`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxSecurityGroup {
    /// The group.
    pub security_group_identifier: String,
    /// `active`.
    pub status: String,
}

/// `ParameterGroupStatus`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxParameterGroupStatus {
    /// `default.dax1.0`.
    pub parameter_group_name: String,
    /// `in-sync`.
    pub parameter_apply_status: String,
    /// None.
    pub node_ids_to_reboot: Vec<String>,
}

/// `SSEDescription`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SseDescription {
    /// `ENABLED` or `DISABLED`.
    pub status: String,
}

/// `Cluster`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxClusterShape {
    /// The name.
    pub cluster_name: String,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The ARN.
    pub cluster_arn: String,
    /// Nodes.
    pub total_nodes: usize,
    /// Nodes available.
    pub active_nodes: usize,
    /// The node type.
    pub node_type: String,
    /// The status.
    pub status: String,
    /// Where clients discover the nodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_discovery_endpoint: Option<DaxEndpoint>,
    /// The nodes.
    pub nodes: Vec<DaxNodeShape>,
    /// `sun:05:00-sun:06:00`.
    pub preferred_maintenance_window: String,
    /// The subnet group.
    pub subnet_group: String,
    /// The security groups.
    pub security_groups: Vec<DaxSecurityGroup>,
    /// The role.
    pub iam_role_arn: String,
    /// The parameter group.
    pub parameter_group: DaxParameterGroupStatus,
    /// Encryption at rest.
    #[serde(rename = "SSEDescription")]
    pub sse_description: SseDescription,
    /// `NONE` or `TLS`.
    pub cluster_endpoint_encryption_type: String,
    /// `ipv4`.
    pub network_type: String,
}

/// `CreateCluster` and `DeleteCluster` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DaxClusterOutput {
    /// The cluster.
    pub cluster: DaxClusterShape,
}

/// `DescribeClusters` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDaxClustersOutput {
    /// The clusters.
    pub clusters: Vec<DaxClusterShape>,
}

impl DaxCluster {
    /// The port clients use: 8111, or 9111 with TLS.
    pub fn port(&self) -> u16 {
        if self.endpoint_encryption == "TLS" {
            9111
        } else {
            8111
        }
    }
}

impl Cloud {
    fn dax_call<T>(
        &mut self,
        operation: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, DaxError>,
    ) -> Result<T, DaxError> {
        let action = format!("dax:{operation}");
        self.service_call(
            "dax",
            operation,
            |_, _| Some((action, "*".to_string(), Default::default())),
            body,
        )
    }

    /// The DAX clusters, oldest first.
    pub fn dax_clusters(&self) -> &[DaxCluster] {
        &self.dax.clusters
    }

    /// The DAX cluster `name` (any case).
    pub fn dax_cluster(&self, name: &str) -> Option<&DaxCluster> {
        let name = name.to_ascii_lowercase();
        self.dax.clusters.iter().find(|c| c.name == name)
    }

    /// The DAX subnet group `name` (any case).
    pub fn dax_subnet_group(&self, name: &str) -> Option<&DaxSubnetGroup> {
        let name = name.to_ascii_lowercase();
        self.dax.subnet_groups.iter().find(|g| g.name == name)
    }

    /// A cluster's discovery endpoint name.
    pub fn dax_cluster_endpoint(&self, cluster: &DaxCluster) -> String {
        format!(
            "{}.{}.dax-clusters.{}.amazonaws.com",
            cluster.name,
            self.dax.endpoint_suffix,
            self.region_name()
        )
    }

    /// A node's endpoint name.
    pub fn dax_node_endpoint(&self, node: &DaxNode) -> String {
        format!(
            "{}.{}.nodes.dax-clusters.{}.amazonaws.com",
            node.id,
            self.dax.endpoint_suffix,
            self.region_name()
        )
    }

    fn dax_endpoint(&self, cluster: &DaxCluster, address: String) -> DaxEndpoint {
        let scheme = if cluster.endpoint_encryption == "TLS" {
            "daxs"
        } else {
            "dax"
        };
        DaxEndpoint {
            url: format!("{scheme}://{address}"),
            address,
            port: cluster.port(),
        }
    }

    fn dax_subnet_group_shape(&self, g: &DaxSubnetGroup) -> DaxSubnetGroupShape {
        DaxSubnetGroupShape {
            subnet_group_name: g.name.clone(),
            description: g.description.clone(),
            vpc_id: g.vpc_id.clone(),
            subnets: g
                .subnet_ids
                .iter()
                .filter_map(|id| self.subnet(id))
                .map(|s| DaxSubnetShape {
                    subnet_identifier: s.subnet_id.clone(),
                    subnet_availability_zone: s.availability_zone.clone(),
                })
                .collect(),
        }
    }

    /// The API's view of a cluster.
    pub fn dax_cluster_shape(&self, c: &DaxCluster) -> DaxClusterShape {
        let ready = c.status != "creating";
        DaxClusterShape {
            cluster_name: c.name.clone(),
            description: Some(c.description.clone()).filter(|d| !d.is_empty()),
            cluster_arn: self.dax_cluster_arn(c),
            total_nodes: c.nodes.len(),
            active_nodes: if c.status == "available" {
                c.nodes.len()
            } else {
                0
            },
            node_type: c.node_type.clone(),
            status: c.status.clone(),
            cluster_discovery_endpoint: ready
                .then(|| self.dax_endpoint(c, self.dax_cluster_endpoint(c))),
            nodes: c
                .nodes
                .iter()
                .map(|n| DaxNodeShape {
                    node_id: n.id.clone(),
                    endpoint: ready.then(|| self.dax_endpoint(c, self.dax_node_endpoint(n))),
                    node_create_time: Timestamp(c.created),
                    availability_zone: n.zone.clone(),
                    node_status: if ready { "available" } else { "creating" }.into(),
                    parameter_group_status: "in-sync".into(),
                })
                .collect(),
            preferred_maintenance_window: "sun:05:00-sun:06:00".into(),
            subnet_group: c.subnet_group.clone(),
            security_groups: c
                .security_group_ids
                .iter()
                .map(|id| DaxSecurityGroup {
                    security_group_identifier: id.clone(),
                    status: "active".into(),
                })
                .collect(),
            iam_role_arn: c.iam_role_arn.clone(),
            parameter_group: DaxParameterGroupStatus {
                parameter_group_name: "default.dax1.0".into(),
                parameter_apply_status: "in-sync".into(),
                node_ids_to_reboot: Vec::new(),
            },
            sse_description: SseDescription {
                status: if c.sse { "ENABLED" } else { "DISABLED" }.into(),
            },
            cluster_endpoint_encryption_type: c.endpoint_encryption.clone(),
            network_type: "ipv4".into(),
        }
    }

    /// `arn:aws:dax:<region>:<account>:cache/<name>`.
    pub fn dax_cluster_arn(&self, c: &DaxCluster) -> String {
        format!(
            "arn:aws:dax:{}:{}:cache/{}",
            self.region_name(),
            self.config.account_id,
            c.name
        )
    }

    /// `dax create-subnet-group`.
    pub fn create_dax_subnet_group(
        &mut self,
        input: CreateDaxSubnetGroupInput,
    ) -> Result<DaxSubnetGroupOutput, DaxError> {
        self.dax_call("CreateSubnetGroup", |c| {
            let name = input.subnet_group_name.to_ascii_lowercase();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
            {
                return Err(DaxError::InvalidParameterValue(
                    "SubnetGroupName must contain only ASCII letters, digits and hyphens.".into(),
                ));
            }
            if c.dax_subnet_group(&name).is_some() {
                return Err(DaxError::SubnetGroupAlreadyExists(name));
            }
            let vpc_id = c.vpc_of_subnets(&input.subnet_ids).map_err(|p| match p {
                SubnetListProblem::Missing(id) => {
                    DaxError::InvalidSubnet(format!("The subnet ID {id} does not exist"))
                }
                SubnetListProblem::OtherVpc(_) => DaxError::InvalidSubnet(
                    "Subnets in a subnet group must all be in the same VPC.".into(),
                ),
                SubnetListProblem::Empty => DaxError::InvalidParameterValue(
                    "SubnetIds must contain at least one subnet.".into(),
                ),
            })?;
            let group = DaxSubnetGroup {
                name,
                description: input.description.clone().unwrap_or_default(),
                vpc_id,
                subnet_ids: input.subnet_ids.clone(),
            };
            let shape = c.dax_subnet_group_shape(&group);
            c.dax.subnet_groups.push(group);
            Ok(DaxSubnetGroupOutput {
                subnet_group: shape,
            })
        })
    }

    /// `dax describe-subnet-groups`.
    pub fn describe_dax_subnet_groups(
        &mut self,
        input: DescribeDaxSubnetGroupsInput,
    ) -> Result<DescribeDaxSubnetGroupsOutput, DaxError> {
        self.dax_call("DescribeSubnetGroups", |c| {
            for name in &input.subnet_group_names {
                if c.dax_subnet_group(name).is_none() {
                    return Err(DaxError::SubnetGroupNotFound(name.clone()));
                }
            }
            Ok(DescribeDaxSubnetGroupsOutput {
                subnet_groups: c
                    .dax
                    .subnet_groups
                    .iter()
                    .filter(|g| {
                        input.subnet_group_names.is_empty()
                            || input
                                .subnet_group_names
                                .iter()
                                .any(|n| n.eq_ignore_ascii_case(&g.name))
                    })
                    .map(|g| c.dax_subnet_group_shape(g))
                    .collect(),
            })
        })
    }

    /// `dax delete-subnet-group`: refused while a cluster uses it.
    pub fn delete_dax_subnet_group(
        &mut self,
        input: DeleteDaxSubnetGroupInput,
    ) -> Result<(), DaxError> {
        self.dax_call("DeleteSubnetGroup", |c| {
            let name = input.subnet_group_name.to_ascii_lowercase();
            if c.dax_subnet_group(&name).is_none() {
                return Err(DaxError::SubnetGroupNotFound(name));
            }
            if c.dax.clusters.iter().any(|cl| cl.subnet_group == name) {
                return Err(DaxError::SubnetGroupInUse(name));
            }
            c.dax.subnet_groups.retain(|g| g.name != name);
            Ok(())
        })
    }

    /// `dax create-cluster`: the role must exist and trust `dax.amazonaws.com`.
    pub fn create_dax_cluster(
        &mut self,
        input: CreateDaxClusterInput,
    ) -> Result<DaxClusterOutput, DaxError> {
        self.dax_call("CreateCluster", |c| {
            let name = input.cluster_name.to_ascii_lowercase();
            let valid = (1..=20).contains(&name.len())
                && name.starts_with(|ch: char| ch.is_ascii_alphabetic())
                && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
                && !name.ends_with('-')
                && !name.contains("--");
            if !valid {
                return Err(DaxError::InvalidParameterValue(
                    "Cluster name must be 1 to 20 letters, digits or hyphens, begin with a letter, and not end with a hyphen or contain two consecutive hyphens.".into(),
                ));
            }
            if c.dax_cluster(&name).is_some() {
                return Err(DaxError::ClusterAlreadyExists(name));
            }
            if !NODE_TYPES.iter().any(|t| t.name == input.node_type) {
                return Err(DaxError::InvalidParameterValue(format!(
                    "Invalid node type: {}",
                    input.node_type
                )));
            }
            if !(1..=11).contains(&input.replication_factor) {
                return Err(DaxError::InvalidParameterValue(
                    "ReplicationFactor must be between 1 and 11.".into(),
                ));
            }
            let role = c
                .iam
                .roles
                .iter()
                .find(|r| c.iam_arn("role", &r.path, &r.role_name) == input.iam_role_arn)
                .map(|r| r.role_name.clone());
            let trusted = role
                .as_deref()
                .is_some_and(|r| c.service_may_assume_role(r, "dax.amazonaws.com"));
            if !trusted {
                return Err(DaxError::InvalidParameterValue(format!(
                    "No permission to assume role: {}",
                    input.iam_role_arn
                )));
            }
            let encryption = input
                .cluster_endpoint_encryption_type
                .clone()
                .unwrap_or_else(|| "NONE".into());
            if encryption != "NONE" && encryption != "TLS" {
                return Err(DaxError::InvalidParameterValue(format!(
                    "Invalid ClusterEndpointEncryptionType: {encryption}"
                )));
            }
            let group = match &input.subnet_group_name {
                Some(g) => c
                    .dax_subnet_group(g)
                    .cloned()
                    .ok_or_else(|| DaxError::SubnetGroupNotFound(g.clone()))?,
                None => {
                    let vpc = c.default_vpc().map(|v| v.vpc_id.clone()).ok_or_else(|| {
                        DaxError::InvalidParameterValue(
                            "There is no default VPC: name a subnet group.".into(),
                        )
                    })?;
                    DaxSubnetGroup {
                        name: "default".into(),
                        description: "Default DAX subnet group".into(),
                        subnet_ids: c
                            .ec2
                            .subnets
                            .iter()
                            .filter(|s| s.vpc_id == vpc && s.default_for_az)
                            .map(|s| s.subnet_id.clone())
                            .collect(),
                        vpc_id: vpc,
                    }
                }
            };
            let subnets: Vec<(String, String)> = group
                .subnet_ids
                .iter()
                .filter_map(|id| c.subnet(id))
                .map(|s| (s.availability_zone.clone(), s.cidr_block.clone()))
                .collect();
            if subnets.is_empty() {
                return Err(DaxError::InvalidSubnet(format!(
                    "Subnet group {} has no subnets.",
                    group.name
                )));
            }
            let security_groups = if input.security_group_ids.is_empty() {
                c.security_groups()
                    .iter()
                    .find(|g| g.vpc_id == group.vpc_id && g.group_name == "default")
                    .map(|g| vec![g.group_id.clone()])
                    .unwrap_or_default()
            } else {
                for id in &input.security_group_ids {
                    if c.security_group(id).is_none_or(|g| g.vpc_id != group.vpc_id) {
                        return Err(DaxError::InvalidParameterValue(format!(
                            "Invalid security group: {id}"
                        )));
                    }
                }
                input.security_group_ids.clone()
            };
            if c.dax.endpoint_suffix.is_empty() {
                c.dax.endpoint_suffix = c
                    .service_rng("dax")
                    .chars(b"abcdefghijklmnopqrstuvwxyz0123456789", 6);
            }
            let mut nodes = Vec::new();
            for i in 0..input.replication_factor as usize {
                let (zone, cidr) = input
                    .availability_zones
                    .get(i)
                    .and_then(|z| subnets.iter().find(|(sz, _)| sz == z))
                    .or_else(|| subnets.get(i % subnets.len()))
                    .cloned()
                    .unwrap_or_default();
                let letter = char::from(b'a' + (i % 26) as u8);
                nodes.push(DaxNode {
                    id: format!("{name}-{letter}"),
                    zone,
                    ip: c.random_private_ip(&cidr),
                });
            }
            if group.name == "default" && c.dax_subnet_group("default").is_none() {
                c.dax.subnet_groups.push(group.clone());
            }
            let cluster = DaxCluster {
                name,
                description: input.description.clone().unwrap_or_default(),
                node_type: input.node_type.clone(),
                status: "creating".into(),
                next_status_at: Some(SimTime(c.now.0 + CREATE_DURATION)),
                nodes,
                iam_role_arn: input.iam_role_arn.clone(),
                subnet_group: group.name.clone(),
                security_group_ids: security_groups,
                endpoint_encryption: encryption,
                sse: input.sse_specification.as_ref().is_some_and(|s| s.enabled),
                created: c.now,
                item_cache: BTreeMap::new(),
                query_cache: BTreeMap::new(),
                stats: DaxStats::default(),
            };
            let shape = c.dax_cluster_shape(&cluster);
            c.dax.clusters.push(cluster);
            Ok(DaxClusterOutput { cluster: shape })
        })
    }

    /// `dax describe-clusters`.
    pub fn describe_dax_clusters(
        &mut self,
        input: DescribeDaxClustersInput,
    ) -> Result<DescribeDaxClustersOutput, DaxError> {
        self.dax_call("DescribeClusters", |c| {
            for name in &input.cluster_names {
                if c.dax_cluster(name).is_none() {
                    return Err(DaxError::ClusterNotFound(name.clone()));
                }
            }
            Ok(DescribeDaxClustersOutput {
                clusters: c
                    .dax
                    .clusters
                    .iter()
                    .filter(|cl| {
                        input.cluster_names.is_empty()
                            || input
                                .cluster_names
                                .iter()
                                .any(|n| n.eq_ignore_ascii_case(&cl.name))
                    })
                    .map(|cl| c.dax_cluster_shape(cl))
                    .collect(),
            })
        })
    }

    /// `dax delete-cluster`.
    pub fn delete_dax_cluster(
        &mut self,
        input: DeleteDaxClusterInput,
    ) -> Result<DaxClusterOutput, DaxError> {
        self.dax_call("DeleteCluster", |c| {
            let name = input.cluster_name.to_ascii_lowercase();
            let now = c.now;
            let Some(cluster) = c.dax.clusters.iter_mut().find(|cl| cl.name == name) else {
                return Err(DaxError::ClusterNotFound(name));
            };
            if cluster.status != "available" {
                return Err(DaxError::InvalidClusterState(format!(
                    "Cluster {name} is not in available state. Current state is {}.",
                    cluster.status
                )));
            }
            cluster.status = "deleting".into();
            cluster.next_status_at = Some(SimTime(now.0 + DELETE_DURATION));
            let cluster = cluster.clone();
            Ok(DaxClusterOutput {
                cluster: c.dax_cluster_shape(&cluster),
            })
        })
    }

    /// When the next DAX status change is due.
    pub(crate) fn dax_next_transition_at(&self) -> Option<SimTime> {
        self.dax
            .clusters
            .iter()
            .filter_map(|c| c.next_status_at)
            .min()
    }

    /// Moves every cluster whose change is due.
    pub(crate) fn dax_apply_due_transitions(&mut self) {
        let now = self.now;
        for cluster in &mut self.dax.clusters {
            if cluster.next_status_at.is_some_and(|t| t <= now) {
                cluster.next_status_at = None;
                cluster.status = if cluster.status == "deleting" {
                    "deleted".into()
                } else {
                    "available".into()
                };
            }
        }
        self.dax.clusters.retain(|c| c.status != "deleted");
    }

    /// A node hour per node, until the cluster is gone.
    pub(crate) fn dax_cost_lines(&self, lines: &mut Vec<CostLine>) {
        let us = self.region().code == "us-east-1";
        for cluster in &self.dax.clusters {
            let Some(kind) = NODE_TYPES.iter().find(|t| t.name == cluster.node_type) else {
                continue;
            };
            let hourly = if us { kind.us_east_1 } else { kind.seoul };
            lines.push(CostLine {
                kind: CostKind::DaxNode,
                resource_id: cluster.name.clone(),
                description: format!("{} × {}", cluster.nodes.len(), cluster.node_type),
                usd_per_hour: hourly * cluster.nodes.len() as f64,
            });
        }
    }
}

#[cfg(test)]
mod tests;
