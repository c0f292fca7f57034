//! DB subnet groups: the subnets (in two or more Availability Zones of one VPC)
//! an instance may be placed in. `CreateDBSubnetGroup`, `DescribeDBSubnetGroups`,
//! `DeleteDBSubnetGroup` (refused while an instance uses the group).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::errors::RdsError;
use crate::cloud::Cloud;
use crate::ec2::subnets::SubnetListProblem;

/// A DB subnet group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbSubnetGroup {
    /// Its name (lowercase).
    pub name: String,
    /// Its description.
    pub description: String,
    /// The VPC of its subnets.
    pub vpc_id: String,
    /// Its subnets, in the order given.
    pub subnet_ids: Vec<String>,
}

/// `CreateDBSubnetGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateDbSubnetGroupInput {
    /// The name.
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: String,
    /// The description.
    #[serde(rename = "DBSubnetGroupDescription")]
    pub db_subnet_group_description: String,
    /// The subnets.
    pub subnet_ids: Vec<String>,
}

/// `DescribeDBSubnetGroups` and `DeleteDBSubnetGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbSubnetGroupNameInput {
    /// The name (every group when left out, for Describe).
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: Option<String>,
}

/// `AvailabilityZone` of a subnet.
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
    /// `Active`.
    pub subnet_status: String,
}

/// `DBSubnetGroup`, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbSubnetGroupShape {
    /// The name.
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: String,
    /// The description.
    #[serde(rename = "DBSubnetGroupDescription")]
    pub db_subnet_group_description: String,
    /// The VPC.
    pub vpc_id: String,
    /// `Complete`.
    pub subnet_group_status: String,
    /// The subnets.
    pub subnets: Vec<SubnetShape>,
    /// Its ARN.
    #[serde(rename = "DBSubnetGroupArn")]
    pub db_subnet_group_arn: String,
    /// `IPV4`.
    pub supported_network_types: Vec<String>,
}

/// `CreateDBSubnetGroup` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateDbSubnetGroupOutput {
    /// The group.
    #[serde(rename = "DBSubnetGroup")]
    pub db_subnet_group: DbSubnetGroupShape,
}

/// `DescribeDBSubnetGroups` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDbSubnetGroupsOutput {
    /// The groups.
    #[serde(rename = "DBSubnetGroups")]
    pub db_subnet_groups: Vec<DbSubnetGroupShape>,
}

impl Cloud {
    /// The DB subnet group `name`.
    pub fn db_subnet_group(&self, name: &str) -> Option<&DbSubnetGroup> {
        self.rds.subnet_groups.iter().find(|g| g.name == name)
    }

    /// The zones a group's subnets are in, in order, without repeats.
    pub fn db_subnet_group_zones(&self, group: &DbSubnetGroup) -> Vec<String> {
        let mut seen = BTreeSet::new();
        group
            .subnet_ids
            .iter()
            .filter_map(|id| self.subnet(id).map(|s| s.availability_zone.clone()))
            .filter(|zone| seen.insert(zone.clone()))
            .collect()
    }

    pub(crate) fn db_subnet_group_shape(&self, group: &DbSubnetGroup) -> DbSubnetGroupShape {
        DbSubnetGroupShape {
            db_subnet_group_name: group.name.clone(),
            db_subnet_group_description: group.description.clone(),
            vpc_id: group.vpc_id.clone(),
            subnet_group_status: "Complete".into(),
            subnets: group
                .subnet_ids
                .iter()
                .map(|id| SubnetShape {
                    subnet_identifier: id.clone(),
                    subnet_availability_zone: ZoneName {
                        name: self
                            .subnet(id)
                            .map(|s| s.availability_zone.clone())
                            .unwrap_or_default(),
                    },
                    subnet_status: "Active".into(),
                })
                .collect(),
            db_subnet_group_arn: format!(
                "arn:aws:rds:{}:{}:subgrp:{}",
                self.region().code,
                self.config.account_id,
                group.name
            ),
            supported_network_types: vec!["IPV4".into()],
        }
    }

    /// `rds create-db-subnet-group`: subnets of one VPC covering two or more zones.
    pub fn create_db_subnet_group(
        &mut self,
        input: CreateDbSubnetGroupInput,
    ) -> Result<CreateDbSubnetGroupOutput, RdsError> {
        self.rds_call("CreateDBSubnetGroup", |c| {
            let name = input.db_subnet_group_name.to_ascii_lowercase();
            let allowed = |ch: char| ch.is_ascii_alphanumeric() || " ._-".contains(ch);
            if name.is_empty() || name.len() > 255 || name == "default" || !name.chars().all(allowed)
            {
                return Err(RdsError::InvalidParameterValue(
                    "Only lowercase alphanumeric characters, hyphens, underscores, periods, and spaces allowed in DBSubnetGroupName, and it cannot be \"default\".".into(),
                ));
            }
            if c.db_subnet_group(&name).is_some() {
                return Err(RdsError::DbSubnetGroupAlreadyExists(name));
            }
            let vpc_id = c.vpc_of_subnets(&input.subnet_ids).map_err(|p| match p {
                SubnetListProblem::Missing(id) | SubnetListProblem::OtherVpc(id) => {
                    RdsError::InvalidSubnet(id)
                }
                SubnetListProblem::Empty => RdsError::InvalidParameterValue(
                    "The parameter SubnetIds must contain at least one subnet.".into(),
                ),
            })?;
            let group = DbSubnetGroup {
                name,
                description: input.db_subnet_group_description.clone(),
                vpc_id,
                subnet_ids: input.subnet_ids.clone(),
            };
            let zones = c.db_subnet_group_zones(&group);
            if zones.len() < 2 {
                return Err(RdsError::DbSubnetGroupDoesNotCoverEnoughAzs(zones));
            }
            let shape = c.db_subnet_group_shape(&group);
            c.rds.subnet_groups.push(group);
            Ok(CreateDbSubnetGroupOutput {
                db_subnet_group: shape,
            })
        })
    }

    /// `rds describe-db-subnet-groups`.
    pub fn describe_db_subnet_groups(
        &mut self,
        input: DbSubnetGroupNameInput,
    ) -> Result<DescribeDbSubnetGroupsOutput, RdsError> {
        self.rds_call("DescribeDBSubnetGroups", |c| {
            let groups: Vec<&DbSubnetGroup> = match &input.db_subnet_group_name {
                Some(name) => vec![
                    c.db_subnet_group(name)
                        .ok_or_else(|| RdsError::DbSubnetGroupNotFound(name.clone()))?,
                ],
                None => c.rds.subnet_groups.iter().collect(),
            };
            Ok(DescribeDbSubnetGroupsOutput {
                db_subnet_groups: groups
                    .into_iter()
                    .map(|g| c.db_subnet_group_shape(g))
                    .collect(),
            })
        })
    }

    /// `rds delete-db-subnet-group`: refused while an instance uses it.
    pub fn delete_db_subnet_group(
        &mut self,
        input: DbSubnetGroupNameInput,
    ) -> Result<(), RdsError> {
        self.rds_call("DeleteDBSubnetGroup", |c| {
            let name = input.db_subnet_group_name.clone().unwrap_or_default();
            c.db_subnet_group(&name)
                .ok_or_else(|| RdsError::DbSubnetGroupNotFound(name.clone()))?;
            if let Some(user) = c.rds.instances.iter().find(|i| i.subnet_group == name) {
                return Err(RdsError::InvalidDbSubnetGroupState {
                    group: name,
                    instance: user.identifier.clone(),
                });
            }
            c.rds.subnet_groups.retain(|g| g.name != name);
            Ok(())
        })
    }
}
