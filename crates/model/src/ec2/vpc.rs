//! The default VPC and its parts: subnets, internet gateway, route tables and
//! network ACLs, plus `DescribeAvailabilityZones` and `DescribeRegions`.
//!
//! These records already have AWS's shape (PascalCase members), so Describe
//! operations return them as they are.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::{Ipv4Cidr, Tag};
use crate::catalog::{self, Region};
use crate::cloud::Cloud;

/// The CIDR block of every default VPC.
pub const DEFAULT_VPC_CIDR: &str = "172.31.0.0/16";

/// `InternetGatewayBlockMode` state, shown on VPCs and subnets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockPublicAccessStates {
    /// `off` unless VPC Block Public Access is on.
    pub internet_gateway_block_mode: String,
}

impl Default for BlockPublicAccessStates {
    fn default() -> Self {
        BlockPublicAccessStates {
            internet_gateway_block_mode: "off".to_string(),
        }
    }
}

/// The state of a CIDR association.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockState {
    /// `associated`.
    pub state: String,
}

/// A CIDR block associated with a VPC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockAssociation {
    /// `vpc-cidr-assoc-...`.
    pub association_id: String,
    /// The block.
    pub cidr_block: String,
    /// Its state.
    pub cidr_block_state: CidrBlockState,
}

/// A VPC, as `DescribeVpcs` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    /// Whether this is the account's default VPC.
    pub is_default: bool,
    /// `available`.
    pub state: String,
    /// The primary IPv4 block.
    pub cidr_block: String,
    /// `dopt-...`.
    pub dhcp_options_id: String,
    /// `default`.
    pub instance_tenancy: String,
    /// The VPC id.
    pub vpc_id: String,
    /// The owner account.
    pub owner_id: String,
    /// IPv4 block associations.
    pub cidr_block_association_set: Vec<CidrBlockAssociation>,
    /// Block Public Access state.
    pub block_public_access_states: BlockPublicAccessStates,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `PrivateDnsNameOptionsOnLaunch` of a subnet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateDnsNameOptions {
    /// `ip-name`.
    pub hostname_type: String,
    /// Whether an A record for the resource name is made.
    #[serde(rename = "EnableResourceNameDnsARecord")]
    pub enable_resource_name_dns_a_record: bool,
    /// Whether an AAAA record for the resource name is made.
    #[serde(rename = "EnableResourceNameDnsAAAARecord")]
    pub enable_resource_name_dns_aaaa_record: bool,
}

/// A subnet, as `DescribeSubnets` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    /// The Availability Zone name.
    pub availability_zone: String,
    /// The zone id.
    pub availability_zone_id: String,
    /// Free addresses (the block minus 5 AWS reserves minus what is in use).
    pub available_ip_address_count: u64,
    /// The IPv4 block.
    pub cidr_block: String,
    /// Whether it is the default subnet of its zone.
    pub default_for_az: bool,
    /// Whether instances launched here get a public IPv4 address.
    pub map_public_ip_on_launch: bool,
    /// Customer-owned IP mapping (always false here).
    pub map_customer_owned_ip_on_launch: bool,
    /// `available`.
    pub state: String,
    /// The subnet id.
    pub subnet_id: String,
    /// The VPC.
    pub vpc_id: String,
    /// The owner account.
    pub owner_id: String,
    /// IPv6 auto-assignment (always false here).
    pub assign_ipv6_address_on_creation: bool,
    /// IPv6 blocks (none here).
    pub ipv6_cidr_block_association_set: Vec<serde_json::Value>,
    /// The subnet ARN.
    pub subnet_arn: String,
    /// DNS64 (off).
    pub enable_dns64: bool,
    /// IPv6-only subnet (no).
    pub ipv6_native: bool,
    /// Hostname options.
    pub private_dns_name_options_on_launch: PrivateDnsNameOptions,
    /// Block Public Access state.
    pub block_public_access_states: BlockPublicAccessStates,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// An internet gateway attachment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGatewayAttachment {
    /// `available` when attached.
    pub state: String,
    /// The VPC.
    pub vpc_id: String,
}

/// An internet gateway, as `DescribeInternetGateways` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    /// Its attachments (at most one VPC).
    pub attachments: Vec<InternetGatewayAttachment>,
    /// `igw-...`.
    pub internet_gateway_id: String,
    /// The owner account.
    pub owner_id: String,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// The state of a route table association.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociationState {
    /// `associated`.
    pub state: String,
}

/// A route table association (main, or with one subnet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableAssociation {
    /// Whether this is the main association.
    pub main: bool,
    /// `rtbassoc-...`.
    pub route_table_association_id: String,
    /// The route table.
    pub route_table_id: String,
    /// The subnet, for explicit associations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// Its state.
    pub association_state: AssociationState,
}

/// One route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    /// The destination block.
    pub destination_cidr_block: String,
    /// `local` or an internet gateway id (empty for a NAT gateway route).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub gateway_id: String,
    /// The NAT gateway the route sends traffic to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_gateway_id: Option<String>,
    /// `CreateRouteTable` or `CreateRoute`.
    pub origin: String,
    /// `active` or `blackhole`.
    pub state: String,
}

/// A route table, as `DescribeRouteTables` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    /// Its associations.
    pub associations: Vec<RouteTableAssociation>,
    /// Virtual private gateways propagating routes (none here).
    pub propagating_vgws: Vec<serde_json::Value>,
    /// `rtb-...`.
    pub route_table_id: String,
    /// The routes.
    pub routes: Vec<Route>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// The VPC.
    pub vpc_id: String,
    /// The owner account.
    pub owner_id: String,
}

impl RouteTable {
    /// Whether this is its VPC's main route table.
    pub fn is_main(&self) -> bool {
        self.associations.iter().any(|a| a.main)
    }

    /// The route that best matches `ip` (longest prefix), `blackhole` ones
    /// included: a more specific black hole drops the traffic rather than
    /// falling back to a broader route, as in AWS.
    pub fn route_for(&self, ip: Ipv4Addr) -> Option<&Route> {
        self.routes
            .iter()
            .filter_map(|r| {
                Ipv4Cidr::parse(&r.destination_cidr_block, true)
                    .ok()
                    .filter(|c| c.contains(ip))
                    .map(|c| (c.prefix, r))
            })
            .max_by_key(|(p, _)| *p)
            .map(|(_, r)| r)
    }
}

/// An ICMP type and code in a network ACL entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IcmpTypeCode {
    /// ICMP code (-1 = all).
    pub code: i32,
    /// ICMP type (-1 = all).
    #[serde(rename = "Type")]
    pub icmp_type: i32,
}

/// A port range in a network ACL entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRange {
    /// First port.
    pub from: u16,
    /// Last port.
    pub to: u16,
}

/// One network ACL rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntry {
    /// The IPv4 block the rule matches.
    pub cidr_block: String,
    /// Outbound (true) or inbound (false).
    pub egress: bool,
    /// `-1` for all, or a protocol number such as `6`.
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    /// 1..=32766, or 32767 for the `*` rule.
    pub rule_number: u16,
    /// Ports for TCP/UDP rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_range: Option<PortRange>,
    /// Type and code for ICMP rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type_code: Option<IcmpTypeCode>,
}

/// A network ACL's association with a subnet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclAssociation {
    /// `aclassoc-...`.
    pub network_acl_association_id: String,
    /// The ACL.
    pub network_acl_id: String,
    /// The subnet.
    pub subnet_id: String,
}

/// A network ACL, as `DescribeNetworkAcls` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAcl {
    /// Subnets that use this ACL.
    pub associations: Vec<NetworkAclAssociation>,
    /// Rules, inbound and outbound.
    pub entries: Vec<NetworkAclEntry>,
    /// Whether it is the VPC's default ACL.
    pub is_default: bool,
    /// `acl-...`.
    pub network_acl_id: String,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// The VPC.
    pub vpc_id: String,
    /// The owner account.
    pub owner_id: String,
}

/// Which way traffic crosses a network ACL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Into the subnet.
    Inbound,
    /// Out of the subnet.
    Outbound,
}

/// The first matching rule of a network ACL for one packet: its number
/// (`None` = the `*` rule) and whether it allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AclVerdict {
    /// The rule number, `None` for the final `*` rule.
    pub rule_number: Option<u16>,
    /// Whether the packet is allowed.
    pub allowed: bool,
}

impl NetworkAcl {
    /// Evaluates rules in ascending number; the first match wins, `*` denies.
    pub fn evaluate(
        &self,
        direction: Direction,
        protocol_number: u8,
        port: u16,
        peer: Ipv4Addr,
    ) -> AclVerdict {
        let egress = direction == Direction::Outbound;
        let mut rules: Vec<&NetworkAclEntry> = self
            .entries
            .iter()
            .filter(|e| e.egress == egress && e.rule_number < 32_767)
            .collect();
        rules.sort_by_key(|e| e.rule_number);
        for e in rules {
            let cidr_ok = Ipv4Cidr::parse(&e.cidr_block, true)
                .map(|c| c.contains(peer))
                .unwrap_or(false);
            let proto_ok = e.protocol == "-1" || e.protocol == protocol_number.to_string();
            let port_ok = match (&e.port_range, protocol_number) {
                (Some(r), 6 | 17) => r.from <= port && port <= r.to,
                _ => true,
            };
            if cidr_ok && proto_ok && port_ok {
                return AclVerdict {
                    rule_number: Some(e.rule_number),
                    allowed: e.rule_action == "allow",
                };
            }
        }
        AclVerdict {
            rule_number: None,
            allowed: false,
        }
    }
}

/// `DescribeVpcs` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeVpcsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// VPC ids (all when empty).
    pub vpc_ids: Vec<String>,
    /// Filters: `vpc-id`, `is-default`, `cidr`, `cidr-block-association.cidr-block`,
    /// `state`, `owner-id`, `dhcp-options-id`, `tag:<key>`, `tag-key`, `tag-value`.
    pub filters: Vec<Filter>,
}

/// `DescribeVpcs` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcsOutput {
    /// The VPCs.
    pub vpcs: Vec<Vpc>,
}

/// `DescribeSubnets` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeSubnetsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Subnet ids (all when empty).
    pub subnet_ids: Vec<String>,
    /// Filters: `vpc-id`, `subnet-id`, `availability-zone`, `availability-zone-id`,
    /// `default-for-az`, `cidr-block`, `map-public-ip-on-launch`, `state`, tags.
    pub filters: Vec<Filter>,
}

/// `DescribeSubnets` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSubnetsOutput {
    /// The subnets.
    pub subnets: Vec<Subnet>,
}

/// What the simple Describe operations on network parts (internet gateways, route
/// tables, network ACLs) take: ids and filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DescribeNetworkInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Resource ids (all when empty).
    pub ids: Vec<String>,
    /// Filters: `vpc-id`, the resource's id filter, `association.subnet-id`
    /// (route tables, network ACLs), `attachment.vpc-id` (gateways), tags.
    pub filters: Vec<Filter>,
}

/// One operation's request for [`DescribeNetworkInput`], with AWS's member names.
macro_rules! network_describe_input {
    ($name:ident, $ids:literal, $what:literal) => {
        #[doc = concat!("Input of `Describe", $what, "`: ids (`", $ids, "`) and filters.")]
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct $name {
            /// Only check whether the request would succeed (`DryRunOperation`).
            #[serde(rename = "DryRun")]
            pub dry_run: bool,
            /// Resource ids (all when empty).
            #[serde(rename = $ids)]
            pub ids: Vec<String>,
            /// Filters.
            #[serde(rename = "Filters")]
            pub filters: Vec<Filter>,
        }

        impl From<$name> for DescribeNetworkInput {
            fn from(input: $name) -> DescribeNetworkInput {
                DescribeNetworkInput {
                    dry_run: input.dry_run,
                    ids: input.ids,
                    filters: input.filters,
                }
            }
        }
    };
}

network_describe_input!(
    DescribeInternetGatewaysInput,
    "InternetGatewayIds",
    "InternetGateways"
);
network_describe_input!(DescribeRouteTablesInput, "RouteTableIds", "RouteTables");
network_describe_input!(DescribeNetworkAclsInput, "NetworkAclIds", "NetworkAcls");

/// `DescribeInternetGateways` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInternetGatewaysOutput {
    /// The gateways.
    pub internet_gateways: Vec<InternetGateway>,
}

/// `DescribeRouteTables` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRouteTablesOutput {
    /// The route tables.
    pub route_tables: Vec<RouteTable>,
}

/// `DescribeNetworkAcls` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkAclsOutput {
    /// The ACLs.
    pub network_acls: Vec<NetworkAcl>,
}

/// One Availability Zone, as `DescribeAvailabilityZones` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailabilityZoneInfo {
    /// `available`.
    pub state: String,
    /// `opt-in-not-required`.
    pub opt_in_status: String,
    /// No messages.
    pub messages: Vec<serde_json::Value>,
    /// The region.
    pub region_name: String,
    /// The zone name.
    pub zone_name: String,
    /// The zone id.
    pub zone_id: String,
    /// The zone group, `<region>-zg-1`.
    pub group_name: String,
    /// The region code.
    pub network_border_group: String,
    /// `availability-zone`.
    pub zone_type: String,
    /// The group's long name, e.g. `Asia Pacific (Seoul) 1`.
    pub group_long_name: String,
}

/// `DescribeAvailabilityZones` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAvailabilityZonesOutput {
    /// The zones of the account's region.
    pub availability_zones: Vec<AvailabilityZoneInfo>,
}

/// `DescribeAvailabilityZones` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeAvailabilityZonesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Zone names to describe.
    pub zone_names: Vec<String>,
    /// Zone ids to describe.
    pub zone_ids: Vec<String>,
    /// Include Local Zones and Wavelength Zones (the simulation has none).
    pub all_availability_zones: bool,
    /// Filters: `zone-name`, `zone-id`, `state`, `region-name`, ...
    pub filters: Vec<Filter>,
}

/// `DescribeRegions` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeRegionsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Regions to describe.
    pub region_names: Vec<String>,
    /// Include regions the account has not enabled.
    pub all_regions: bool,
    /// Filters: `endpoint`, `region-name`, `opt-in-status`.
    pub filters: Vec<Filter>,
}

/// One region, as `DescribeRegions` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegionInfo {
    /// `ec2.<region>.amazonaws.com`.
    pub endpoint: String,
    /// The region code.
    pub region_name: String,
    /// `opt-in-not-required`, `opted-in` or `not-opted-in`.
    pub opt_in_status: String,
}

/// `DescribeRegions` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRegionsOutput {
    /// Every enabled region.
    pub regions: Vec<RegionInfo>,
}

impl Cloud {
    /// Creates the default VPC, its subnets, gateway, main route table, default
    /// network ACL and default security group (ids drawn in that order).
    pub(crate) fn create_default_vpc(&mut self, region: &'static Region) {
        let owner = self.config.account_id.clone();
        let vpc_id = self.new_id("vpc");
        let cidr_assoc = self.new_id("vpc-cidr-assoc");
        let dopt = self.new_id("dopt");
        let igw_id = self.new_id("igw");
        let rtb_id = self.new_id("rtb");
        let rtb_assoc = self.new_id("rtbassoc");
        let acl_id = self.new_id("acl");
        self.ec2.vpcs.push(Vpc {
            is_default: true,
            state: "available".into(),
            cidr_block: DEFAULT_VPC_CIDR.into(),
            dhcp_options_id: dopt,
            instance_tenancy: "default".into(),
            vpc_id: vpc_id.clone(),
            owner_id: owner.clone(),
            cidr_block_association_set: vec![CidrBlockAssociation {
                association_id: cidr_assoc,
                cidr_block: DEFAULT_VPC_CIDR.into(),
                cidr_block_state: CidrBlockState {
                    state: "associated".into(),
                },
            }],
            block_public_access_states: BlockPublicAccessStates::default(),
            tags: Vec::new(),
        });
        self.ec2.internet_gateways.push(InternetGateway {
            attachments: vec![InternetGatewayAttachment {
                state: "available".into(),
                vpc_id: vpc_id.clone(),
            }],
            internet_gateway_id: igw_id.clone(),
            owner_id: owner.clone(),
            tags: Vec::new(),
        });
        self.ec2.route_tables.push(RouteTable {
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
            routes: vec![
                super::vpcs::local_route(DEFAULT_VPC_CIDR),
                Route {
                    destination_cidr_block: "0.0.0.0/0".into(),
                    gateway_id: igw_id,
                    nat_gateway_id: None,
                    origin: "CreateRoute".into(),
                    state: "active".into(),
                },
            ],
            tags: Vec::new(),
            vpc_id: vpc_id.clone(),
            owner_id: owner.clone(),
        });
        let entries = super::vpcs::default_acl_entries();
        self.ec2.network_acls.push(NetworkAcl {
            associations: Vec::new(),
            entries,
            is_default: true,
            network_acl_id: acl_id.clone(),
            tags: Vec::new(),
            vpc_id: vpc_id.clone(),
            owner_id: owner.clone(),
        });
        self.create_default_security_group(&vpc_id);
        for (i, zone) in region.zones.iter().enumerate() {
            let subnet_id = self.new_id("subnet");
            let acl_assoc = self.new_id("aclassoc");
            let cidr = format!("172.31.{}.0/20", (i * 16) % 256);
            self.ec2.subnets.push(Subnet {
                availability_zone: zone.name.into(),
                availability_zone_id: zone.zone_id.into(),
                available_ip_address_count: 4_091,
                cidr_block: cidr,
                default_for_az: true,
                map_public_ip_on_launch: true,
                map_customer_owned_ip_on_launch: false,
                state: "available".into(),
                subnet_id: subnet_id.clone(),
                vpc_id: vpc_id.clone(),
                owner_id: owner.clone(),
                assign_ipv6_address_on_creation: false,
                ipv6_cidr_block_association_set: Vec::new(),
                subnet_arn: format!("arn:aws:ec2:{}:{owner}:subnet/{subnet_id}", region.code),
                enable_dns64: false,
                ipv6_native: false,
                private_dns_name_options_on_launch: PrivateDnsNameOptions {
                    hostname_type: "ip-name".into(),
                    enable_resource_name_dns_a_record: false,
                    enable_resource_name_dns_aaaa_record: false,
                },
                block_public_access_states: BlockPublicAccessStates::default(),
                tags: Vec::new(),
            });
            if let Some(acl) = self
                .ec2
                .network_acls
                .iter_mut()
                .find(|a| a.network_acl_id == acl_id)
            {
                acl.associations.push(NetworkAclAssociation {
                    network_acl_association_id: acl_assoc,
                    network_acl_id: acl_id.clone(),
                    subnet_id,
                });
            }
        }
    }

    /// The account's default VPC, if it still has one.
    pub fn default_vpc(&self) -> Option<&Vpc> {
        self.ec2.vpcs.iter().find(|v| v.is_default)
    }

    /// Every VPC.
    pub fn vpcs(&self) -> &[Vpc] {
        &self.ec2.vpcs
    }

    /// Every subnet.
    pub fn subnets(&self) -> &[Subnet] {
        &self.ec2.subnets
    }

    /// Every internet gateway.
    pub fn internet_gateways(&self) -> &[InternetGateway] {
        &self.ec2.internet_gateways
    }

    /// Every route table.
    pub fn route_tables(&self) -> &[RouteTable] {
        &self.ec2.route_tables
    }

    /// Every network ACL.
    pub fn network_acls(&self) -> &[NetworkAcl] {
        &self.ec2.network_acls
    }

    /// The subnet with this id.
    pub fn subnet(&self, subnet_id: &str) -> Option<&Subnet> {
        self.ec2.subnets.iter().find(|s| s.subnet_id == subnet_id)
    }

    /// The route table a subnet uses: its explicit association, else the main one.
    pub fn route_table_for_subnet(&self, subnet_id: &str) -> Option<&RouteTable> {
        let vpc_id = &self.subnet(subnet_id)?.vpc_id;
        self.ec2
            .route_tables
            .iter()
            .find(|rt| {
                rt.associations
                    .iter()
                    .any(|a| a.subnet_id.as_deref() == Some(subnet_id))
            })
            .or_else(|| {
                self.ec2
                    .route_tables
                    .iter()
                    .find(|rt| &rt.vpc_id == vpc_id && rt.is_main())
            })
    }

    /// The network ACL a subnet uses.
    pub fn network_acl_for_subnet(&self, subnet_id: &str) -> Option<&NetworkAcl> {
        self.ec2
            .network_acls
            .iter()
            .find(|acl| acl.associations.iter().any(|a| a.subnet_id == subnet_id))
    }

    /// The internet gateway attached (state `available`) to a VPC.
    pub fn internet_gateway_for_vpc(&self, vpc_id: &str) -> Option<&InternetGateway> {
        self.ec2.internet_gateways.iter().find(|g| {
            g.attachments
                .iter()
                .any(|a| a.vpc_id == vpc_id && a.state == "available")
        })
    }

    fn subnet_with_usage(&self, s: &Subnet) -> Subnet {
        let used = self
            .ec2
            .instances
            .iter()
            .filter(|i| {
                i.subnet_id == s.subnet_id && i.state != super::InstanceStateName::Terminated
            })
            .count() as u64
            + self
                .ec2
                .nat_gateways
                .iter()
                .filter(|n| n.subnet_id == s.subnet_id && n.holds_addresses())
                .count() as u64;
        let total = Ipv4Cidr::parse(&s.cidr_block, true)
            .map(|c| c.size())
            .unwrap_or(4_096);
        Subnet {
            available_ip_address_count: total.saturating_sub(5).saturating_sub(used),
            ..s.clone()
        }
    }

    /// `ec2 describe-vpcs`.
    pub fn describe_vpcs(
        &mut self,
        input: DescribeVpcsInput,
    ) -> Result<DescribeVpcsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeVpcs", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "vpc-id",
                    "is-default",
                    "cidr",
                    "cidr-block-association.cidr-block",
                    "cidr-block-association.association-id",
                    "cidr-block-association.state",
                    "state",
                    "owner-id",
                    "dhcp-options-id",
                    "instance-tenancy",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            if let Some(missing) = input
                .vpc_ids
                .iter()
                .find(|id| !c.ec2.vpcs.iter().any(|v| &v.vpc_id == *id))
            {
                return Err(Ec2Error::VpcNotFound {
                    vpc_id: missing.clone(),
                });
            }
            let vpcs = c
                .ec2
                .vpcs
                .iter()
                .filter(|v| input.vpc_ids.is_empty() || input.vpc_ids.contains(&v.vpc_id))
                .filter(|v| {
                    filters::passes(&input.filters, |name| match name {
                        "vpc-id" => vec![v.vpc_id.clone()],
                        "is-default" => vec![v.is_default.to_string()],
                        "cidr" | "cidr-block-association.cidr-block" => vec![v.cidr_block.clone()],
                        "cidr-block-association.association-id" => v
                            .cidr_block_association_set
                            .iter()
                            .map(|a| a.association_id.clone())
                            .collect(),
                        "cidr-block-association.state" => vec!["associated".into()],
                        "state" => vec![v.state.clone()],
                        "owner-id" => vec![v.owner_id.clone()],
                        "dhcp-options-id" => vec![v.dhcp_options_id.clone()],
                        "instance-tenancy" => vec![v.instance_tenancy.clone()],
                        other => tags_of(other, &v.tags),
                    })
                })
                .cloned()
                .collect();
            Ok(DescribeVpcsOutput { vpcs })
        })
    }

    /// `ec2 describe-subnets`.
    pub fn describe_subnets(
        &mut self,
        input: DescribeSubnetsInput,
    ) -> Result<DescribeSubnetsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeSubnets", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "vpc-id",
                    "subnet-id",
                    "availability-zone",
                    "availability-zone-id",
                    "availabilityZone",
                    "default-for-az",
                    "defaultForAz",
                    "cidr-block",
                    "cidr",
                    "cidrBlock",
                    "map-public-ip-on-launch",
                    "state",
                    "owner-id",
                    "subnet-arn",
                    "available-ip-address-count",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            if let Some(missing) = input.subnet_ids.iter().find(|id| c.subnet(id).is_none()) {
                return Err(Ec2Error::SubnetNotFound {
                    subnet_id: missing.clone(),
                });
            }
            let subnets = c
                .ec2
                .subnets
                .iter()
                .filter(|s| input.subnet_ids.is_empty() || input.subnet_ids.contains(&s.subnet_id))
                .map(|s| c.subnet_with_usage(s))
                .filter(|s| {
                    filters::passes(&input.filters, |name| match name {
                        "vpc-id" => vec![s.vpc_id.clone()],
                        "subnet-id" => vec![s.subnet_id.clone()],
                        "availability-zone" | "availabilityZone" => {
                            vec![s.availability_zone.clone()]
                        }
                        "availability-zone-id" => vec![s.availability_zone_id.clone()],
                        "default-for-az" | "defaultForAz" => vec![s.default_for_az.to_string()],
                        "cidr-block" | "cidr" | "cidrBlock" => vec![s.cidr_block.clone()],
                        "map-public-ip-on-launch" => vec![s.map_public_ip_on_launch.to_string()],
                        "state" => vec![s.state.clone()],
                        "owner-id" => vec![s.owner_id.clone()],
                        "subnet-arn" => vec![s.subnet_arn.clone()],
                        "available-ip-address-count" => {
                            vec![s.available_ip_address_count.to_string()]
                        }
                        other => tags_of(other, &s.tags),
                    })
                })
                .collect();
            Ok(DescribeSubnetsOutput { subnets })
        })
    }

    /// `ec2 describe-internet-gateways`.
    pub fn describe_internet_gateways(
        &mut self,
        input: DescribeInternetGatewaysInput,
    ) -> Result<DescribeInternetGatewaysOutput, Ec2Error> {
        let input = DescribeNetworkInput::from(input);
        self.ec2_call_dry("DescribeInternetGateways", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "internet-gateway-id",
                    "attachment.vpc-id",
                    "attachment.state",
                    "owner-id",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            if let Some(missing) = input.ids.iter().find(|id| {
                !c.ec2
                    .internet_gateways
                    .iter()
                    .any(|g| &g.internet_gateway_id == *id)
            }) {
                return Err(Ec2Error::InternetGatewayNotFound {
                    internet_gateway_id: missing.clone(),
                });
            }
            let internet_gateways = c
                .ec2
                .internet_gateways
                .iter()
                .filter(|g| input.ids.is_empty() || input.ids.contains(&g.internet_gateway_id))
                .filter(|g| {
                    filters::passes(&input.filters, |name| match name {
                        "internet-gateway-id" => vec![g.internet_gateway_id.clone()],
                        "attachment.vpc-id" => {
                            g.attachments.iter().map(|a| a.vpc_id.clone()).collect()
                        }
                        "attachment.state" => {
                            g.attachments.iter().map(|a| a.state.clone()).collect()
                        }
                        "owner-id" => vec![g.owner_id.clone()],
                        other => tags_of(other, &g.tags),
                    })
                })
                .cloned()
                .collect();
            Ok(DescribeInternetGatewaysOutput { internet_gateways })
        })
    }

    /// `ec2 describe-route-tables`.
    pub fn describe_route_tables(
        &mut self,
        input: DescribeRouteTablesInput,
    ) -> Result<DescribeRouteTablesOutput, Ec2Error> {
        let input = DescribeNetworkInput::from(input);
        self.ec2_call_dry("DescribeRouteTables", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "route-table-id",
                    "vpc-id",
                    "association.main",
                    "association.subnet-id",
                    "association.route-table-association-id",
                    "route.destination-cidr-block",
                    "route.gateway-id",
                    "route.nat-gateway-id",
                    "route.state",
                    "owner-id",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            if let Some(missing) = input
                .ids
                .iter()
                .find(|id| !c.ec2.route_tables.iter().any(|r| &r.route_table_id == *id))
            {
                return Err(Ec2Error::RouteTableNotFound {
                    route_table_id: missing.clone(),
                });
            }
            let route_tables = c
                .ec2
                .route_tables
                .iter()
                .filter(|r| input.ids.is_empty() || input.ids.contains(&r.route_table_id))
                .filter(|r| {
                    filters::passes(&input.filters, |name| match name {
                        "route-table-id" => vec![r.route_table_id.clone()],
                        "vpc-id" => vec![r.vpc_id.clone()],
                        "association.main" => {
                            r.associations.iter().map(|a| a.main.to_string()).collect()
                        }
                        "association.subnet-id" => r
                            .associations
                            .iter()
                            .filter_map(|a| a.subnet_id.clone())
                            .collect(),
                        "association.route-table-association-id" => r
                            .associations
                            .iter()
                            .map(|a| a.route_table_association_id.clone())
                            .collect(),
                        "route.destination-cidr-block" => r
                            .routes
                            .iter()
                            .map(|x| x.destination_cidr_block.clone())
                            .collect(),
                        "route.gateway-id" => {
                            r.routes.iter().map(|x| x.gateway_id.clone()).collect()
                        }
                        "route.nat-gateway-id" => r
                            .routes
                            .iter()
                            .filter_map(|x| x.nat_gateway_id.clone())
                            .collect(),
                        "route.state" => r.routes.iter().map(|x| x.state.clone()).collect(),
                        "owner-id" => vec![r.owner_id.clone()],
                        other => tags_of(other, &r.tags),
                    })
                })
                .cloned()
                .collect();
            Ok(DescribeRouteTablesOutput { route_tables })
        })
    }

    /// `ec2 describe-network-acls`.
    pub fn describe_network_acls(
        &mut self,
        input: DescribeNetworkAclsInput,
    ) -> Result<DescribeNetworkAclsOutput, Ec2Error> {
        let input = DescribeNetworkInput::from(input);
        self.ec2_call_dry("DescribeNetworkAcls", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "network-acl-id",
                    "vpc-id",
                    "default",
                    "association.subnet-id",
                    "association.network-acl-id",
                    "association.association-id",
                    "entry.rule-number",
                    "entry.rule-action",
                    "entry.egress",
                    "entry.protocol",
                    "entry.cidr",
                    "owner-id",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            if let Some(missing) = input
                .ids
                .iter()
                .find(|id| !c.ec2.network_acls.iter().any(|a| &a.network_acl_id == *id))
            {
                return Err(Ec2Error::NetworkAclNotFound {
                    network_acl_id: missing.clone(),
                });
            }
            let network_acls = c
                .ec2
                .network_acls
                .iter()
                .filter(|a| input.ids.is_empty() || input.ids.contains(&a.network_acl_id))
                .filter(|a| {
                    filters::passes(&input.filters, |name| match name {
                        "network-acl-id" | "association.network-acl-id" => {
                            vec![a.network_acl_id.clone()]
                        }
                        "vpc-id" => vec![a.vpc_id.clone()],
                        "default" => vec![a.is_default.to_string()],
                        "association.subnet-id" => {
                            a.associations.iter().map(|x| x.subnet_id.clone()).collect()
                        }
                        "association.association-id" => a
                            .associations
                            .iter()
                            .map(|x| x.network_acl_association_id.clone())
                            .collect(),
                        "entry.rule-number" => a
                            .entries
                            .iter()
                            .map(|e| e.rule_number.to_string())
                            .collect(),
                        "entry.rule-action" => {
                            a.entries.iter().map(|e| e.rule_action.clone()).collect()
                        }
                        "entry.egress" => a.entries.iter().map(|e| e.egress.to_string()).collect(),
                        "entry.protocol" => a.entries.iter().map(|e| e.protocol.clone()).collect(),
                        "entry.cidr" => a.entries.iter().map(|e| e.cidr_block.clone()).collect(),
                        "owner-id" => vec![a.owner_id.clone()],
                        other => tags_of(other, &a.tags),
                    })
                })
                .cloned()
                .collect();
            Ok(DescribeNetworkAclsOutput { network_acls })
        })
    }

    /// Whether the account has region `code` enabled: regions that need no
    /// opt-in, and the account's own region.
    pub fn region_enabled(&self, code: &str) -> bool {
        catalog::region(code).is_some_and(|r| !r.opt_in || r.code == self.region_name())
    }

    fn opt_in_status(&self, r: &Region) -> &'static str {
        if !r.opt_in {
            "opt-in-not-required"
        } else if r.code == self.region_name() {
            "opted-in"
        } else {
            "not-opted-in"
        }
    }

    /// `ec2 describe-availability-zones` with its input: the account region's
    /// zones (`ZoneNames` / `ZoneIds` pick some; `zone-name`, `zone-id`,
    /// `state`, `region-name` filters).
    pub fn describe_availability_zones_with(
        &mut self,
        input: DescribeAvailabilityZonesInput,
    ) -> Result<DescribeAvailabilityZonesOutput, Ec2Error> {
        self.ec2_call_dry("DescribeAvailabilityZones", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "zone-name",
                    "zone-id",
                    "state",
                    "region-name",
                    "zone-type",
                    "group-name",
                    "opt-in-status",
                ],
            )?;
            let region = c.region();
            for name in &input.zone_names {
                if region.zone(name).is_none() {
                    return Err(Ec2Error::invalid_value(format!(
                        "The zone '{name}' does not exist."
                    )));
                }
            }
            for id in &input.zone_ids {
                if !region.zones.iter().any(|z| z.zone_id == id) {
                    return Err(Ec2Error::invalid_value(format!(
                        "The zone '{id}' does not exist."
                    )));
                }
            }
            let availability_zones = region
                .zones
                .iter()
                .filter(|z| {
                    input.zone_names.is_empty() || input.zone_names.iter().any(|n| n == z.name)
                })
                .filter(|z| {
                    input.zone_ids.is_empty() || input.zone_ids.iter().any(|n| n == z.zone_id)
                })
                .map(|z| AvailabilityZoneInfo {
                    state: "available".into(),
                    opt_in_status: "opt-in-not-required".into(),
                    messages: Vec::new(),
                    region_name: region.code.into(),
                    zone_name: z.name.into(),
                    zone_id: z.zone_id.into(),
                    group_name: format!("{}-zg-1", region.code),
                    network_border_group: region.code.into(),
                    zone_type: "availability-zone".into(),
                    group_long_name: format!("{} 1", region.name),
                })
                .filter(|z| {
                    filters::passes(&input.filters, |name| match name {
                        "zone-name" => vec![z.zone_name.clone()],
                        "zone-id" => vec![z.zone_id.clone()],
                        "state" => vec![z.state.clone()],
                        "region-name" => vec![z.region_name.clone()],
                        "zone-type" => vec![z.zone_type.clone()],
                        "group-name" => vec![z.group_name.clone()],
                        "opt-in-status" => vec![z.opt_in_status.clone()],
                        _ => Vec::new(),
                    })
                })
                .collect();
            Ok(DescribeAvailabilityZonesOutput { availability_zones })
        })
    }

    /// `ec2 describe-availability-zones` with no input (kept for existing
    /// callers; an error answers an empty list). Prefer
    /// [`Cloud::describe_availability_zones_with`].
    pub fn describe_availability_zones(&mut self) -> DescribeAvailabilityZonesOutput {
        self.describe_availability_zones_with(DescribeAvailabilityZonesInput::default())
            .unwrap_or(DescribeAvailabilityZonesOutput {
                availability_zones: Vec::new(),
            })
    }

    /// `ec2 describe-regions` with its input: the regions the account has
    /// enabled, or with `AllRegions` every region with its `OptInStatus`
    /// (`opt-in-not-required`, `opted-in`, `not-opted-in`).
    pub fn describe_regions_with(
        &mut self,
        input: DescribeRegionsInput,
    ) -> Result<DescribeRegionsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeRegions", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &["endpoint", "region-name", "opt-in-status"],
            )?;
            for name in &input.region_names {
                if catalog::region(name).is_none() {
                    return Err(Ec2Error::invalid_value(format!("Invalid region: {name}")));
                }
            }
            let regions = catalog::REGIONS
                .iter()
                .filter(|r| {
                    if input.region_names.is_empty() {
                        input.all_regions || c.region_enabled(r.code)
                    } else {
                        input.region_names.iter().any(|n| n == r.code)
                    }
                })
                .map(|r| RegionInfo {
                    endpoint: format!("ec2.{}.amazonaws.com", r.code),
                    region_name: r.code.into(),
                    opt_in_status: c.opt_in_status(r).into(),
                })
                .filter(|r| {
                    filters::passes(&input.filters, |name| match name {
                        "endpoint" => vec![r.endpoint.clone()],
                        "region-name" => vec![r.region_name.clone()],
                        "opt-in-status" => vec![r.opt_in_status.clone()],
                        _ => Vec::new(),
                    })
                })
                .collect();
            Ok(DescribeRegionsOutput { regions })
        })
    }

    /// `ec2 describe-regions` with no input (kept for existing callers; an
    /// error answers an empty list). Prefer [`Cloud::describe_regions_with`].
    pub fn describe_regions(&mut self) -> DescribeRegionsOutput {
        self.describe_regions_with(DescribeRegionsInput::default())
            .unwrap_or(DescribeRegionsOutput {
                regions: Vec::new(),
            })
    }
}

/// Tag filter candidates from a `Tags` list.
pub(crate) fn tags_of(name: &str, tags: &[Tag]) -> Vec<String> {
    let map = tags
        .iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect();
    filters::tag_candidates(name, &map).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_vpc_layout() {
        let mut cloud = Cloud::default();
        let vpcs = cloud
            .describe_vpcs(DescribeVpcsInput::default())
            .unwrap()
            .vpcs;
        assert_eq!(vpcs.len(), 1);
        assert!(vpcs[0].is_default);
        assert_eq!(vpcs[0].cidr_block, "172.31.0.0/16");
        let subnets = cloud
            .describe_subnets(DescribeSubnetsInput::default())
            .unwrap()
            .subnets;
        let cidrs: Vec<_> = subnets.iter().map(|s| s.cidr_block.as_str()).collect();
        assert_eq!(
            cidrs,
            [
                "172.31.0.0/20",
                "172.31.16.0/20",
                "172.31.32.0/20",
                "172.31.48.0/20"
            ]
        );
        assert!(
            subnets
                .iter()
                .all(|s| s.map_public_ip_on_launch && s.default_for_az)
        );
        assert_eq!(subnets[0].available_ip_address_count, 4_091);
        assert_eq!(subnets[1].availability_zone_id, "apne2-az2");
        for s in &subnets {
            let rt = cloud.route_table_for_subnet(&s.subnet_id).unwrap();
            assert!(rt.is_main());
            let igw = cloud.internet_gateway_for_vpc(&s.vpc_id).unwrap();
            let route = rt.route_for(Ipv4Addr::new(8, 8, 8, 8)).unwrap();
            assert_eq!(route.gateway_id, igw.internet_gateway_id);
            let local = rt.route_for(Ipv4Addr::new(172, 31, 3, 3)).unwrap();
            assert_eq!(local.gateway_id, "local");
            assert!(
                cloud
                    .network_acl_for_subnet(&s.subnet_id)
                    .unwrap()
                    .is_default
            );
        }
    }

    #[test]
    fn subnet_filters_and_errors() {
        let mut cloud = Cloud::default();
        let out = cloud
            .describe_subnets(DescribeSubnetsInput {
                filters: vec![Filter::new("availability-zone", &["ap-northeast-2c"])],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(out.subnets.len(), 1);
        assert_eq!(out.subnets[0].cidr_block, "172.31.32.0/20");
        let out = cloud
            .describe_subnets(DescribeSubnetsInput {
                filters: vec![Filter::new("default-for-az", &["false"])],
                ..Default::default()
            })
            .unwrap();
        assert!(out.subnets.is_empty());
        let err = cloud
            .describe_subnets(DescribeSubnetsInput {
                subnet_ids: vec!["subnet-0000000000000000a".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidSubnetID.NotFound");
        assert_eq!(
            err.message(),
            "The subnet ID 'subnet-0000000000000000a' does not exist"
        );
        let err = cloud
            .describe_vpcs(DescribeVpcsInput {
                filters: vec![Filter::new("colour", &["x"])],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.message(), "The filter 'colour' is invalid");
        assert_eq!(cloud.api_log().len(), 4);
        assert_eq!(
            cloud.api_log()[3].error_code.as_deref(),
            Some("InvalidParameterValue")
        );
    }

    #[test]
    fn default_acl_allows_everything_and_star_denies() {
        let cloud = Cloud::default();
        let acl = &cloud.network_acls()[0];
        let v = acl.evaluate(Direction::Inbound, 6, 22, Ipv4Addr::new(1, 2, 3, 4));
        assert_eq!(
            v,
            AclVerdict {
                rule_number: Some(100),
                allowed: true
            }
        );
        let mut custom = acl.clone();
        custom.entries.retain(|e| e.rule_number == 32_767);
        let v = custom.evaluate(Direction::Outbound, 6, 40_000, Ipv4Addr::new(1, 2, 3, 4));
        assert_eq!(
            v,
            AclVerdict {
                rule_number: None,
                allowed: false
            }
        );
    }

    #[test]
    fn zones_and_regions() {
        let mut cloud = Cloud::default();
        let zones = cloud.describe_availability_zones().availability_zones;
        assert_eq!(zones.len(), 4);
        assert_eq!(zones[0].zone_id, "apne2-az1");
        let regions = cloud.describe_regions().regions;
        assert!(regions.iter().any(|r| r.region_name == "us-east-1"));
        assert!(
            regions
                .iter()
                .all(|r| r.opt_in_status == "opt-in-not-required")
        );
        assert!(!regions.iter().any(|r| r.region_name == "ap-southeast-7"));
        let all = cloud
            .describe_regions_with(DescribeRegionsInput {
                all_regions: true,
                ..Default::default()
            })
            .unwrap()
            .regions;
        assert_eq!(all.len(), catalog::REGIONS.len());
        let thai = all
            .iter()
            .find(|r| r.region_name == "ap-southeast-7")
            .unwrap();
        assert_eq!(thai.opt_in_status, "not-opted-in");
        assert_eq!(thai.endpoint, "ec2.ap-southeast-7.amazonaws.com");
        let bad = cloud
            .describe_regions_with(DescribeRegionsInput {
                region_names: vec!["mars-1".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(bad.code(), "InvalidParameterValue");
        let one = cloud
            .describe_availability_zones_with(DescribeAvailabilityZonesInput {
                zone_names: vec!["ap-northeast-2c".into()],
                ..Default::default()
            })
            .unwrap()
            .availability_zones;
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].zone_id, "apne2-az3");
        assert_eq!(one[0].group_name, "ap-northeast-2-zg-1");
        let mut malaysia = Cloud::new(crate::cloud::CloudConfig {
            region: "ap-southeast-5".into(),
            ..Default::default()
        })
        .unwrap();
        let mine = malaysia.describe_regions().regions;
        assert!(
            mine.iter()
                .any(|r| r.region_name == "ap-southeast-5" && r.opt_in_status == "opted-in")
        );
        assert_eq!(
            cloud
                .describe_internet_gateways(DescribeInternetGatewaysInput::default())
                .unwrap()
                .internet_gateways
                .len(),
            1
        );
        assert_eq!(
            cloud
                .describe_route_tables(DescribeRouteTablesInput::default())
                .unwrap()
                .route_tables
                .len(),
            1
        );
        assert_eq!(
            cloud
                .describe_network_acls(DescribeNetworkAclsInput::default())
                .unwrap()
                .network_acls[0]
                .associations
                .len(),
            4
        );
    }
}
