//! `CreateSubnet`, `DeleteSubnet` and `ModifySubnetAttribute`.
//!
//! A subnet lives in one Availability Zone, inside its VPC's block, and
//! overlaps no other subnet of the VPC. It starts with the VPC's default
//! network ACL and (implicitly) its main route table. Whether it is "public"
//! is not an attribute: it is whether its route table sends `0.0.0.0/0` to an
//! internet gateway.
//!
//! Not simulated: IPv6 blocks, IPAM pools, Outposts, Local Zones.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::shapes::AttributeBooleanValue;
use super::vpc::{BlockPublicAccessStates, NetworkAclAssociation, PrivateDnsNameOptions, Subnet};
use super::vpcs::{overlaps, parse_block};
use super::{InstanceStateName, Ipv4Cidr, TagSpecification, tag_list, tags};
use crate::cloud::Cloud;

/// `CreateSubnet` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateSubnetInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The VPC.
    pub vpc_id: String,
    /// The IPv4 block: inside the VPC's, `/16` to `/28`.
    pub cidr_block: Option<String>,
    /// The zone by name (AWS picks one when neither this nor the id is given).
    pub availability_zone: Option<String>,
    /// The zone by id (`apne2-az1`).
    pub availability_zone_id: Option<String>,
    /// Tags (`ResourceType=subnet`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateSubnet` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetOutput {
    /// The new subnet.
    pub subnet: Subnet,
}

/// `DeleteSubnet` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteSubnetInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The subnet.
    pub subnet_id: String,
}

/// `ModifySubnetAttribute` input: one attribute per call.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifySubnetAttributeInput {
    /// The subnet.
    pub subnet_id: String,
    /// Whether instances launched here get a public IPv4 address.
    pub map_public_ip_on_launch: Option<AttributeBooleanValue>,
}

/// Why a list of subnets cannot make a subnet group (RDS, ElastiCache, DAX).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SubnetListProblem {
    /// This subnet does not exist.
    Missing(String),
    /// This subnet is in another VPC than the ones before it.
    OtherVpc(String),
    /// The list is empty.
    Empty,
}

impl Cloud {
    /// The one VPC that every subnet of `ids` is in.
    pub(crate) fn vpc_of_subnets(&self, ids: &[String]) -> Result<String, SubnetListProblem> {
        let mut vpc: Option<String> = None;
        for id in ids {
            let subnet = self
                .subnet(id)
                .ok_or_else(|| SubnetListProblem::Missing(id.clone()))?;
            match &vpc {
                Some(v) if *v != subnet.vpc_id => {
                    return Err(SubnetListProblem::OtherVpc(id.clone()));
                }
                _ => vpc = Some(subnet.vpc_id.clone()),
            }
        }
        vpc.ok_or(SubnetListProblem::Empty)
    }

    /// The subnet with this id, or `InvalidSubnetID.NotFound`.
    pub(crate) fn existing_subnet(&self, subnet_id: &str) -> Result<&Subnet, Ec2Error> {
        self.subnet(subnet_id)
            .ok_or_else(|| Ec2Error::SubnetNotFound {
                subnet_id: subnet_id.to_string(),
            })
    }

    /// `ec2 create-subnet`.
    pub fn create_subnet(
        &mut self,
        input: CreateSubnetInput,
    ) -> Result<CreateSubnetOutput, Ec2Error> {
        self.ec2_call_dry("CreateSubnet", input.dry_run, |c| {
            let vpc = c.existing_vpc(&input.vpc_id)?.clone();
            let Some(text) = input.cidr_block.as_deref().filter(|t| !t.is_empty()) else {
                return Err(Ec2Error::MissingParameter {
                    message: "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.".into(),
                });
            };
            let cidr = parse_block(text, |cidr| Ec2Error::SubnetRange { cidr })?;
            let inside = Ipv4Cidr::parse(&vpc.cidr_block, true)
                .is_ok_and(|v| v.prefix <= cidr.prefix && v.contains(cidr.network));
            if !inside {
                return Err(Ec2Error::SubnetRange {
                    cidr: text.to_string(),
                });
            }
            let conflict = c.ec2.subnets.iter().any(|s| {
                s.vpc_id == vpc.vpc_id
                    && Ipv4Cidr::parse(&s.cidr_block, true).is_ok_and(|o| overlaps(o, cidr))
            });
            if conflict {
                return Err(Ec2Error::SubnetConflict {
                    cidr: text.to_string(),
                });
            }
            let zone = c.subnet_zone(&vpc.vpc_id, &input)?;
            let tags = tags::from_specifications(&input.tag_specifications, "subnet")?;
            let owner = c.config.account_id.clone();
            let subnet_id = c.new_id("subnet");
            let acl_assoc = c.new_id("aclassoc");
            let subnet = Subnet {
                availability_zone: zone.name.into(),
                availability_zone_id: zone.zone_id.into(),
                available_ip_address_count: cidr.size().saturating_sub(5),
                cidr_block: cidr.to_string(),
                default_for_az: false,
                map_public_ip_on_launch: false,
                map_customer_owned_ip_on_launch: false,
                state: "available".into(),
                subnet_id: subnet_id.clone(),
                vpc_id: vpc.vpc_id.clone(),
                owner_id: owner.clone(),
                assign_ipv6_address_on_creation: false,
                ipv6_cidr_block_association_set: Vec::new(),
                subnet_arn: format!("arn:aws:ec2:{}:{owner}:subnet/{subnet_id}", c.region().code),
                enable_dns64: false,
                ipv6_native: false,
                private_dns_name_options_on_launch: PrivateDnsNameOptions {
                    hostname_type: "ip-name".into(),
                    enable_resource_name_dns_a_record: false,
                    enable_resource_name_dns_aaaa_record: false,
                },
                block_public_access_states: BlockPublicAccessStates::default(),
                tags: tag_list(&tags),
            };
            c.ec2.subnets.push(subnet.clone());
            if let Some(acl) = c
                .ec2
                .network_acls
                .iter_mut()
                .find(|a| a.vpc_id == vpc.vpc_id && a.is_default)
            {
                acl.associations.push(NetworkAclAssociation {
                    network_acl_association_id: acl_assoc,
                    network_acl_id: acl.network_acl_id.clone(),
                    subnet_id,
                });
            }
            Ok(CreateSubnetOutput { subnet })
        })
    }

    /// The zone a new subnet goes to: the one asked for, else the zone where the
    /// VPC has the fewest subnets.
    fn subnet_zone(
        &self,
        vpc_id: &str,
        input: &CreateSubnetInput,
    ) -> Result<crate::catalog::AvailabilityZone, Ec2Error> {
        let zones = self.region().zones;
        let names = || zones.iter().map(|z| z.name).collect::<Vec<_>>().join(", ");
        if let Some(name) = input.availability_zone.as_deref().filter(|n| !n.is_empty()) {
            return zones.iter().find(|z| z.name == name).copied().ok_or_else(|| {
                Ec2Error::invalid_value(format!(
                    "Value ({name}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {}.",
                    names()
                ))
            });
        }
        if let Some(id) = input
            .availability_zone_id
            .as_deref()
            .filter(|n| !n.is_empty())
        {
            return zones.iter().find(|z| z.zone_id == id).copied().ok_or_else(|| {
                Ec2Error::invalid_value(format!(
                    "Value ({id}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zones: {}.",
                    names()
                ))
            });
        }
        zones
            .iter()
            .min_by_key(|z| {
                self.ec2
                    .subnets
                    .iter()
                    .filter(|s| s.vpc_id == vpc_id && s.availability_zone == z.name)
                    .count()
            })
            .copied()
            .ok_or_else(|| Ec2Error::invalid_value("The region has no Availability Zone."))
    }

    /// `ec2 delete-subnet`: refused while instances, NAT gateways or load
    /// balancers use it; its network ACL and route table associations go with it.
    pub fn delete_subnet(&mut self, input: DeleteSubnetInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteSubnet", input.dry_run, |c| {
            let subnet_id = c.existing_subnet(&input.subnet_id)?.subnet_id.clone();
            let used = c
                .ec2
                .instances
                .iter()
                .any(|i| i.subnet_id == subnet_id && i.state != InstanceStateName::Terminated)
                || c.ec2
                    .nat_gateways
                    .iter()
                    .any(|n| n.subnet_id == subnet_id && n.state != "deleted")
                || c.load_balancers()
                    .iter()
                    .any(|lb| lb.nodes.iter().any(|n| n.subnet_id == subnet_id));
            if used {
                return Err(Ec2Error::HasDependencies {
                    kind: "subnet".into(),
                    resource_id: subnet_id,
                });
            }
            c.ec2.subnets.retain(|s| s.subnet_id != subnet_id);
            for acl in &mut c.ec2.network_acls {
                acl.associations.retain(|a| a.subnet_id != subnet_id);
            }
            for table in &mut c.ec2.route_tables {
                table
                    .associations
                    .retain(|a| a.subnet_id.as_deref() != Some(subnet_id.as_str()));
            }
            Ok(())
        })
    }

    /// `ec2 modify-subnet-attribute --map-public-ip-on-launch`.
    pub fn modify_subnet_attribute(
        &mut self,
        input: ModifySubnetAttributeInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("ModifySubnetAttribute", false, |c| {
            c.existing_subnet(&input.subnet_id)?;
            let Some(value) = input.map_public_ip_on_launch else {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter mapPublicIpOnLaunch".into(),
                });
            };
            if let Some(s) = c
                .ec2
                .subnets
                .iter_mut()
                .find(|s| s.subnet_id == input.subnet_id)
            {
                s.map_public_ip_on_launch = value.value;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::vpcs::CreateVpcInput;

    fn vpc(cloud: &mut Cloud) -> String {
        cloud
            .create_vpc(CreateVpcInput {
                cidr_block: Some("10.0.0.0/16".into()),
                ..Default::default()
            })
            .unwrap()
            .vpc
            .vpc_id
    }

    fn subnet(cloud: &mut Cloud, vpc_id: &str, cidr: &str) -> Result<Subnet, Ec2Error> {
        cloud
            .create_subnet(CreateSubnetInput {
                vpc_id: vpc_id.into(),
                cidr_block: Some(cidr.into()),
                ..Default::default()
            })
            .map(|o| o.subnet)
    }

    #[test]
    fn subnets_fit_inside_their_vpc_without_overlapping() {
        let mut cloud = Cloud::default();
        let vpc_id = vpc(&mut cloud);
        let a = subnet(&mut cloud, &vpc_id, "10.0.1.0/24").unwrap();
        assert_eq!(a.available_ip_address_count, 251);
        assert!(!a.map_public_ip_on_launch && !a.default_for_az);
        // The next one goes to another zone.
        let b = subnet(&mut cloud, &vpc_id, "10.0.2.0/24").unwrap();
        assert_ne!(a.availability_zone, b.availability_zone);
        let err = subnet(&mut cloud, &vpc_id, "10.0.1.128/25").unwrap_err();
        assert_eq!(err.code(), "InvalidSubnet.Conflict");
        assert_eq!(
            err.message(),
            "The CIDR '10.0.1.128/25' conflicts with another subnet"
        );
        for outside in ["10.1.0.0/24", "10.0.0.0/15", "10.0.0.0/29"] {
            assert_eq!(
                subnet(&mut cloud, &vpc_id, outside).unwrap_err().code(),
                "InvalidSubnet.Range",
                "{outside}"
            );
        }
        // It uses the VPC's default network ACL.
        let acl = cloud.network_acl_for_subnet(&a.subnet_id).unwrap();
        assert!(acl.is_default && acl.vpc_id == vpc_id);
    }

    #[test]
    fn a_vpc_with_subnets_cannot_be_deleted_until_they_are() {
        let mut cloud = Cloud::default();
        let vpc_id = vpc(&mut cloud);
        let a = subnet(&mut cloud, &vpc_id, "10.0.1.0/24").unwrap();
        let delete_vpc = |cloud: &mut Cloud| {
            cloud.delete_vpc(crate::ec2::vpcs::DeleteVpcInput {
                vpc_id: vpc_id.clone(),
                ..Default::default()
            })
        };
        let err = delete_vpc(&mut cloud).unwrap_err();
        assert_eq!(err.code(), "DependencyViolation");
        assert_eq!(
            err.message(),
            format!("The vpc '{vpc_id}' has dependencies and cannot be deleted.")
        );
        cloud
            .delete_subnet(DeleteSubnetInput {
                subnet_id: a.subnet_id,
                ..Default::default()
            })
            .unwrap();
        delete_vpc(&mut cloud).unwrap();
    }

    #[test]
    fn zones_are_checked() {
        let mut cloud = Cloud::default();
        let vpc_id = vpc(&mut cloud);
        let err = cloud
            .create_subnet(CreateSubnetInput {
                vpc_id,
                cidr_block: Some("10.0.1.0/24".into()),
                availability_zone: Some("mars-1a".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            err.message()
                .starts_with("Value (mars-1a) for parameter availabilityZone is invalid.")
        );
    }
}
