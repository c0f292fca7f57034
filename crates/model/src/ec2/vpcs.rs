//! `CreateVpc` and `DeleteVpc`: a VPC of your own, with the main route table,
//! default network ACL and default security group AWS creates with it.
//!
//! Not simulated: IPv6 blocks, IPAM pools, secondary IPv4 blocks, dedicated
//! tenancy, DNS attributes (every VPC behaves as if DNS hostnames were on).

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::vpc::{
    AssociationState, BlockPublicAccessStates, CidrBlockAssociation, CidrBlockState, NetworkAcl,
    NetworkAclEntry, Route, RouteTable, RouteTableAssociation, Vpc,
};
use super::{Ipv4Cidr, TagSpecification, tag_list, tags};
use crate::cloud::Cloud;

/// How many VPCs a region holds (AWS's default quota, the default VPC included).
pub const VPCS_PER_REGION: usize = 5;

/// The smallest and largest prefix of a VPC's or subnet's IPv4 block.
pub const BLOCK_PREFIXES: std::ops::RangeInclusive<u8> = 16..=28;

/// `CreateVpc` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateVpcInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The IPv4 block, `/16` to `/28`.
    pub cidr_block: Option<String>,
    /// `default` (`dedicated` is not simulated).
    pub instance_tenancy: Option<String>,
    /// Tags (`ResourceType=vpc`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateVpc` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcOutput {
    /// The new VPC (`pending` in the response, as AWS shows it).
    pub vpc: Vpc,
}

/// `DeleteVpc` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteVpcInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The VPC.
    pub vpc_id: String,
}

/// Parses a VPC or subnet block: malformed text and host bits are
/// `InvalidParameterValue`; `range_error` is called for a prefix outside /16../28.
pub(crate) fn parse_block(
    text: &str,
    range_error: impl Fn(String) -> Ec2Error,
) -> Result<Ipv4Cidr, Ec2Error> {
    let cidr = Ipv4Cidr::parse(text, false).map_err(|()| {
        Ec2Error::invalid_value(format!(
            "Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block."
        ))
    })?;
    if !BLOCK_PREFIXES.contains(&cidr.prefix) {
        return Err(range_error(text.to_string()));
    }
    Ok(cidr)
}

/// Whether two blocks share an address.
pub(crate) fn overlaps(a: Ipv4Cidr, b: Ipv4Cidr) -> bool {
    a.contains(b.network) || b.contains(a.network)
}

/// The rules of a default network ACL: rule 100 allows everything and `*`
/// denies, in each direction.
pub(crate) fn default_acl_entries() -> Vec<NetworkAclEntry> {
    let mut entries = Vec::new();
    for egress in [true, false] {
        entries.push(NetworkAclEntry {
            cidr_block: "0.0.0.0/0".into(),
            egress,
            protocol: "-1".into(),
            rule_action: "allow".into(),
            rule_number: 100,
            port_range: None,
            icmp_type_code: None,
        });
        entries.push(final_deny(egress));
    }
    entries
}

/// The `*` rule every network ACL ends with.
pub(crate) fn final_deny(egress: bool) -> NetworkAclEntry {
    NetworkAclEntry {
        cidr_block: "0.0.0.0/0".into(),
        egress,
        protocol: "-1".into(),
        rule_action: "deny".into(),
        rule_number: 32_767,
        port_range: None,
        icmp_type_code: None,
    }
}

/// The route every route table of a VPC starts with: its block, `local`.
pub(crate) fn local_route(vpc_cidr: &str) -> Route {
    Route {
        destination_cidr_block: vpc_cidr.to_string(),
        gateway_id: "local".into(),
        nat_gateway_id: None,
        origin: "CreateRouteTable".into(),
        state: "active".into(),
    }
}

impl Cloud {
    /// The VPC with this id, or `InvalidVpcID.NotFound`.
    pub(crate) fn existing_vpc(&self, vpc_id: &str) -> Result<&Vpc, Ec2Error> {
        self.ec2
            .vpcs
            .iter()
            .find(|v| v.vpc_id == vpc_id)
            .ok_or_else(|| Ec2Error::VpcNotFound {
                vpc_id: vpc_id.to_string(),
            })
    }

    /// `ec2 create-vpc`: the VPC, its main route table (one `local` route), its
    /// default network ACL (allow all) and its default security group.
    pub fn create_vpc(&mut self, input: CreateVpcInput) -> Result<CreateVpcOutput, Ec2Error> {
        self.ec2_call_dry("CreateVpc", input.dry_run, |c| {
            let Some(text) = input.cidr_block.as_deref().filter(|t| !t.is_empty()) else {
                return Err(Ec2Error::MissingParameter {
                    message: "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.".into(),
                });
            };
            let cidr = parse_block(text, |cidr| Ec2Error::VpcRange { cidr })?;
            if let Some(tenancy) = input.instance_tenancy.as_deref()
                && tenancy != "default"
            {
                return Err(Ec2Error::Unsupported {
                    message: format!(
                        "The instance tenancy '{tenancy}' is not simulated here; use 'default'."
                    ),
                });
            }
            if c.ec2.vpcs.len() >= VPCS_PER_REGION {
                return Err(Ec2Error::VpcLimitExceeded);
            }
            let tags = tags::from_specifications(&input.tag_specifications, "vpc")?;
            let owner = c.config.account_id.clone();
            let vpc_id = c.new_id("vpc");
            let cidr_assoc = c.new_id("vpc-cidr-assoc");
            let dhcp_options_id = match c.ec2.vpcs.first() {
                Some(v) => v.dhcp_options_id.clone(),
                None => c.new_id("dopt"),
            };
            let rtb_id = c.new_id("rtb");
            let rtb_assoc = c.new_id("rtbassoc");
            let acl_id = c.new_id("acl");
            let cidr_text = cidr.to_string();
            let vpc = Vpc {
                is_default: false,
                state: "available".into(),
                cidr_block: cidr_text.clone(),
                dhcp_options_id,
                instance_tenancy: "default".into(),
                vpc_id: vpc_id.clone(),
                owner_id: owner.clone(),
                cidr_block_association_set: vec![CidrBlockAssociation {
                    association_id: cidr_assoc,
                    cidr_block: cidr_text.clone(),
                    cidr_block_state: CidrBlockState {
                        state: "associated".into(),
                    },
                }],
                block_public_access_states: BlockPublicAccessStates::default(),
                tags: tag_list(&tags),
            };
            c.ec2.vpcs.push(vpc.clone());
            c.ec2.route_tables.push(RouteTable {
                associations: vec![RouteTableAssociation {
                    main: true,
                    route_table_association_id: rtb_assoc,
                    route_table_id: rtb_id.clone(),
                    subnet_id: None,
                    association_state: AssociationState {
                        state: "associated".into(),
                    },
                }],
                propagating_vgws: Vec::new(),
                route_table_id: rtb_id,
                routes: vec![local_route(&cidr_text)],
                tags: Vec::new(),
                vpc_id: vpc_id.clone(),
                owner_id: owner.clone(),
            });
            c.ec2.network_acls.push(NetworkAcl {
                associations: Vec::new(),
                entries: default_acl_entries(),
                is_default: true,
                network_acl_id: acl_id,
                tags: Vec::new(),
                vpc_id: vpc_id.clone(),
                owner_id: owner,
            });
            c.create_default_security_group(&vpc_id);
            Ok(CreateVpcOutput {
                vpc: Vpc {
                    state: "pending".into(),
                    ..vpc
                },
            })
        })
    }

    /// `ec2 delete-vpc`: refused (`DependencyViolation`) while the VPC has
    /// subnets, an internet gateway, route tables, network ACLs or security groups
    /// other than the ones it was created with; those go with it.
    pub fn delete_vpc(&mut self, input: DeleteVpcInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteVpc", input.dry_run, |c| {
            let vpc_id = c.existing_vpc(&input.vpc_id)?.vpc_id.clone();
            let has_dependencies = c.ec2.subnets.iter().any(|s| s.vpc_id == vpc_id)
                || c.internet_gateway_for_vpc(&vpc_id).is_some()
                || c.ec2
                    .route_tables
                    .iter()
                    .any(|r| r.vpc_id == vpc_id && !r.is_main())
                || c.ec2
                    .network_acls
                    .iter()
                    .any(|a| a.vpc_id == vpc_id && !a.is_default)
                || c.ec2
                    .security_groups
                    .iter()
                    .any(|g| g.vpc_id == vpc_id && !g.is_default);
            if has_dependencies {
                return Err(Ec2Error::HasDependencies {
                    kind: "vpc".into(),
                    resource_id: vpc_id,
                });
            }
            c.ec2.vpcs.retain(|v| v.vpc_id != vpc_id);
            c.ec2.route_tables.retain(|r| r.vpc_id != vpc_id);
            c.ec2.network_acls.retain(|a| a.vpc_id != vpc_id);
            c.ec2.security_groups.retain(|g| g.vpc_id != vpc_id);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(cloud: &mut Cloud, cidr: &str) -> Result<CreateVpcOutput, Ec2Error> {
        cloud.create_vpc(CreateVpcInput {
            cidr_block: Some(cidr.into()),
            ..Default::default()
        })
    }

    #[test]
    fn a_new_vpc_comes_with_its_main_route_table_acl_and_group() {
        let mut cloud = Cloud::default();
        let out = create(&mut cloud, "10.0.0.0/16").unwrap();
        assert_eq!(out.vpc.state, "pending");
        let id = out.vpc.vpc_id;
        let tables: Vec<_> = cloud
            .route_tables()
            .iter()
            .filter(|r| r.vpc_id == id)
            .collect();
        assert_eq!(tables.len(), 1);
        assert!(tables[0].is_main());
        assert_eq!(tables[0].routes, [local_route("10.0.0.0/16")]);
        let acl = cloud
            .network_acls()
            .iter()
            .find(|a| a.vpc_id == id)
            .unwrap();
        assert!(acl.is_default && acl.associations.is_empty());
        assert!(
            cloud
                .security_groups()
                .iter()
                .any(|g| g.vpc_id == id && g.is_default)
        );
        // An empty VPC can be deleted, and its parts go with it.
        cloud
            .delete_vpc(DeleteVpcInput {
                vpc_id: id.clone(),
                ..Default::default()
            })
            .unwrap();
        assert!(cloud.route_tables().iter().all(|r| r.vpc_id != id));
        assert!(cloud.security_groups().iter().all(|g| g.vpc_id != id));
    }

    #[test]
    fn blocks_must_be_16_to_28_without_host_bits() {
        let mut cloud = Cloud::default();
        for (cidr, code) in [
            ("10.0.0.0/8", "InvalidVpc.Range"),
            ("10.0.0.0/29", "InvalidVpc.Range"),
            ("10.0.0.1/16", "InvalidParameterValue"),
            ("10.0.0/16", "InvalidParameterValue"),
        ] {
            assert_eq!(create(&mut cloud, cidr).unwrap_err().code(), code, "{cidr}");
        }
        assert_eq!(
            create(&mut cloud, "10.0.0.0/8").unwrap_err().message(),
            "The CIDR '10.0.0.0/8' is invalid."
        );
        assert!(create(&mut cloud, "192.168.0.0/28").is_ok());
    }

    #[test]
    fn five_vpcs_per_region_the_default_one_included() {
        let mut cloud = Cloud::default();
        for i in 0..4 {
            create(&mut cloud, &format!("10.{i}.0.0/16")).unwrap();
        }
        assert_eq!(
            create(&mut cloud, "10.9.0.0/16").unwrap_err(),
            Ec2Error::VpcLimitExceeded
        );
    }
}
