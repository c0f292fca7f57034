//! Cache subnet groups: the subnets of one VPC a cache's nodes are placed
//! in. `CreateCacheSubnetGroup`, `DescribeCacheSubnetGroups`,
//! `DeleteCacheSubnetGroup` (refused while a cluster uses it). A request
//! that names no group uses `default`, the default VPC's subnets.

use serde::{Deserialize, Serialize};

use super::errors::ElastiCacheError;
use crate::cloud::Cloud;
use crate::ec2::subnets::SubnetListProblem;

/// A cache subnet group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheSubnetGroup {
    /// Its name (lowercase).
    pub name: String,
    /// Its description.
    pub description: String,
    /// The VPC of its subnets.
    pub vpc_id: String,
    /// Its subnets, in the order given.
    pub subnet_ids: Vec<String>,
}

/// `CreateCacheSubnetGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateCacheSubnetGroupInput {
    /// The name.
    pub cache_subnet_group_name: String,
    /// The description.
    pub cache_subnet_group_description: String,
    /// The subnets.
    pub subnet_ids: Vec<String>,
}

/// `DescribeCacheSubnetGroups` and `DeleteCacheSubnetGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CacheSubnetGroupNameInput {
    /// The name (every group when left out, for Describe).
    pub cache_subnet_group_name: Option<String>,
}

/// `SubnetAvailabilityZone`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ZoneName {
    /// The zone.
    pub name: String,
}

/// A subnet of a group, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetShape {
    /// The subnet id.
    pub subnet_identifier: String,
    /// Its zone.
    pub subnet_availability_zone: ZoneName,
    /// `ipv4`.
    pub supported_network_types: Vec<String>,
}

/// `CacheSubnetGroup`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheSubnetGroupShape {
    /// The name.
    pub cache_subnet_group_name: String,
    /// The description.
    pub cache_subnet_group_description: String,
    /// The VPC.
    pub vpc_id: String,
    /// The subnets.
    pub subnets: Vec<SubnetShape>,
    /// Its ARN.
    #[serde(rename = "ARN")]
    pub arn: String,
    /// `ipv4`.
    pub supported_network_types: Vec<String>,
}

/// `CreateCacheSubnetGroup` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CacheSubnetGroupOutput {
    /// The group.
    pub cache_subnet_group: CacheSubnetGroupShape,
}

/// `DescribeCacheSubnetGroups` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCacheSubnetGroupsOutput {
    /// The groups.
    pub cache_subnet_groups: Vec<CacheSubnetGroupShape>,
}

impl Cloud {
    /// The cache subnet group `name` (any case); `default` is the default
    /// VPC's subnets, made when first used.
    pub fn cache_subnet_group(&self, name: &str) -> Option<&CacheSubnetGroup> {
        let name = name.to_ascii_lowercase();
        self.elasticache
            .subnet_groups
            .iter()
            .find(|g| g.name == name)
    }

    /// The group a request names, or `default` (made from the default VPC's
    /// subnets on first use).
    pub(crate) fn resolve_cache_subnet_group(
        &mut self,
        name: Option<&str>,
    ) -> Result<CacheSubnetGroup, ElastiCacheError> {
        let name = name.unwrap_or("default").to_ascii_lowercase();
        if let Some(g) = self.cache_subnet_group(&name) {
            return Ok(g.clone());
        }
        if name != "default" {
            return Err(ElastiCacheError::CacheSubnetGroupNotFound(name));
        }
        let Some(vpc) = self.default_vpc().map(|v| v.vpc_id.clone()) else {
            return Err(ElastiCacheError::InvalidParameterValue(
                "There is no default VPC: name a cache subnet group with --cache-subnet-group-name."
                    .into(),
            ));
        };
        let group = CacheSubnetGroup {
            name: "default".into(),
            description: "Default CacheSubnetGroup".into(),
            subnet_ids: self
                .ec2
                .subnets
                .iter()
                .filter(|s| s.vpc_id == vpc && s.default_for_az)
                .map(|s| s.subnet_id.clone())
                .collect(),
            vpc_id: vpc,
        };
        self.elasticache.subnet_groups.push(group.clone());
        Ok(group)
    }

    /// The zones of a group's subnets, in order, without repeats.
    pub fn cache_subnet_group_zones(&self, group: &CacheSubnetGroup) -> Vec<String> {
        let mut zones: Vec<String> = Vec::new();
        for zone in group
            .subnet_ids
            .iter()
            .filter_map(|id| self.subnet(id))
            .map(|s| s.availability_zone.clone())
        {
            if !zones.contains(&zone) {
                zones.push(zone);
            }
        }
        zones
    }

    fn cache_subnet_group_shape(&self, group: &CacheSubnetGroup) -> CacheSubnetGroupShape {
        CacheSubnetGroupShape {
            cache_subnet_group_name: group.name.clone(),
            cache_subnet_group_description: group.description.clone(),
            vpc_id: group.vpc_id.clone(),
            subnets: group
                .subnet_ids
                .iter()
                .filter_map(|id| self.subnet(id))
                .map(|s| SubnetShape {
                    subnet_identifier: s.subnet_id.clone(),
                    subnet_availability_zone: ZoneName {
                        name: s.availability_zone.clone(),
                    },
                    supported_network_types: vec!["ipv4".into()],
                })
                .collect(),
            arn: format!(
                "arn:aws:elasticache:{}:{}:subnetgroup:{}",
                self.region_name(),
                self.config.account_id,
                group.name
            ),
            supported_network_types: vec!["ipv4".into()],
        }
    }

    /// `elasticache create-cache-subnet-group`.
    pub fn create_cache_subnet_group(
        &mut self,
        input: CreateCacheSubnetGroupInput,
    ) -> Result<CacheSubnetGroupOutput, ElastiCacheError> {
        self.elasticache_call("CreateCacheSubnetGroup", |c| {
            let name = input.cache_subnet_group_name.to_ascii_lowercase();
            let allowed = |ch: char| ch.is_ascii_alphanumeric() || ch == '-';
            if name.is_empty() || name.len() > 255 || !name.chars().all(allowed) {
                return Err(ElastiCacheError::InvalidParameterValue(
                    "The parameter CacheSubnetGroupName must be provided and must contain only ASCII letters, digits and hyphens.".into(),
                ));
            }
            if c.cache_subnet_group(&name).is_some() {
                return Err(ElastiCacheError::CacheSubnetGroupAlreadyExists(name));
            }
            let vpc_id = c.vpc_of_subnets(&input.subnet_ids).map_err(|p| match p {
                SubnetListProblem::Missing(id) => {
                    ElastiCacheError::InvalidSubnet(format!("The subnet ID {id} does not exist"))
                }
                SubnetListProblem::OtherVpc(_) => ElastiCacheError::InvalidSubnet(
                    "Subnets in a cache subnet group must all be in the same VPC.".into(),
                ),
                SubnetListProblem::Empty => ElastiCacheError::InvalidParameterValue(
                    "The parameter SubnetIds must contain at least one subnet.".into(),
                ),
            })?;
            let group = CacheSubnetGroup {
                name,
                description: input.cache_subnet_group_description.clone(),
                vpc_id,
                subnet_ids: input.subnet_ids.clone(),
            };
            let shape = c.cache_subnet_group_shape(&group);
            c.elasticache.subnet_groups.push(group);
            Ok(CacheSubnetGroupOutput {
                cache_subnet_group: shape,
            })
        })
    }

    /// `elasticache describe-cache-subnet-groups`.
    pub fn describe_cache_subnet_groups(
        &mut self,
        input: CacheSubnetGroupNameInput,
    ) -> Result<DescribeCacheSubnetGroupsOutput, ElastiCacheError> {
        self.elasticache_call("DescribeCacheSubnetGroups", |c| {
            let groups: Vec<CacheSubnetGroupShape> = match &input.cache_subnet_group_name {
                Some(name) => {
                    let group = c
                        .cache_subnet_group(name)
                        .ok_or_else(|| ElastiCacheError::CacheSubnetGroupNotFound(name.clone()))?;
                    vec![c.cache_subnet_group_shape(group)]
                }
                None => c
                    .elasticache
                    .subnet_groups
                    .iter()
                    .map(|g| c.cache_subnet_group_shape(g))
                    .collect(),
            };
            Ok(DescribeCacheSubnetGroupsOutput {
                cache_subnet_groups: groups,
            })
        })
    }

    /// `elasticache delete-cache-subnet-group`.
    pub fn delete_cache_subnet_group(
        &mut self,
        input: CacheSubnetGroupNameInput,
    ) -> Result<(), ElastiCacheError> {
        self.elasticache_call("DeleteCacheSubnetGroup", |c| {
            let name = input
                .cache_subnet_group_name
                .clone()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if c.cache_subnet_group(&name).is_none() {
                return Err(ElastiCacheError::CacheSubnetGroupNotFound(name));
            }
            if c.elasticache
                .clusters
                .iter()
                .any(|cl| cl.subnet_group == name)
            {
                return Err(ElastiCacheError::CacheSubnetGroupInUse(name));
            }
            c.elasticache.subnet_groups.retain(|g| g.name != name);
            Ok(())
        })
    }
}
