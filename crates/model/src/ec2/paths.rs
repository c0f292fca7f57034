//! Network paths, hop by hop: what a packet meets on its way and on the way
//! back, and the first thing that stops it.
//!
//! Three kinds of path are traced:
//! - from an address on the internet to an instance's public address
//!   ([`Cloud::trace_from_internet`]): internet gateway, the subnet's route
//!   table, the public address, the network ACL both ways (it is stateless), the
//!   security groups (stateful: the reply needs no rule);
//! - between two instances of a VPC ([`Cloud::trace_between_instances`]): the
//!   sender's outbound security group rules, both subnets' ACLs when the
//!   packet crosses between subnets (and again for the reply), the `local`
//!   route, the receiver's inbound rules;
//! - from an instance to an address on the internet
//!   ([`Cloud::trace_to_internet`]): through an internet gateway (with the
//!   instance's own public address) or a NAT gateway (in a public subnet, with
//!   its Elastic IP).
//!
//! Each returns the hops it checked, in order, and the verdict
//! ([`Reachability`]); the first hop that fails is the last one listed.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::network::{AllowingRule, BlockReason, CLIENT_EPHEMERAL_PORT, NatProblem, Reachability};
use super::vpc::{Direction, NetworkAcl, Route};
use super::{Instance, InstanceStateName, Protocol};
use crate::cloud::Cloud;

/// What one hop is, with what it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HopKind {
    /// An instance at one end: is it running?
    Instance {
        /// The instance.
        instance_id: String,
        /// Its state.
        state: InstanceStateName,
    },
    /// An instance's public IPv4 address.
    PublicAddress {
        /// The instance.
        instance_id: String,
        /// Its address, if it has one.
        address: Option<Ipv4Addr>,
    },
    /// The VPC's internet gateway.
    InternetGateway {
        /// The VPC.
        vpc_id: String,
        /// The gateway attached, if any.
        internet_gateway_id: Option<String>,
    },
    /// A subnet's route table, looked up for one destination.
    RouteTable {
        /// The table.
        route_table_id: String,
        /// The subnet that uses it.
        subnet_id: String,
        /// Whether it is the VPC's main table (the subnet has no explicit association).
        main: bool,
        /// The address looked up.
        destination: Ipv4Addr,
        /// The active route that matched (longest prefix), if any.
        route: Option<Route>,
    },
    /// A subnet's network ACL, for one direction.
    NetworkAcl {
        /// The ACL.
        network_acl_id: String,
        /// The subnet.
        subnet_id: String,
        /// Into or out of the subnet.
        direction: Direction,
        /// The rule that matched (`None` = the `*` rule).
        rule_number: Option<u16>,
        /// The address on the other end.
        peer: Ipv4Addr,
        /// The destination port of this packet (an ephemeral port for replies).
        port: u16,
        /// Whether this is the reply.
        reply: bool,
    },
    /// An instance's security groups, for one direction.
    SecurityGroups {
        /// The instance.
        instance_id: String,
        /// Its groups.
        group_ids: Vec<String>,
        /// Inbound (to the instance) or outbound (from it).
        direction: Direction,
        /// The rule that allowed it.
        rule: Option<AllowingRule>,
        /// The address on the other end.
        peer: Ipv4Addr,
        /// The port.
        port: u16,
    },
    /// A NAT gateway.
    NatGateway {
        /// The gateway.
        nat_gateway_id: String,
        /// Its state.
        state: String,
        /// Its public address.
        public_ip: Option<Ipv4Addr>,
    },
}

impl HopKind {
    /// The resources this hop is about (for highlighting them in a diagram).
    pub fn resource_ids(&self) -> Vec<&str> {
        match self {
            HopKind::Instance { instance_id, .. } | HopKind::PublicAddress { instance_id, .. } => {
                vec![instance_id]
            }
            HopKind::InternetGateway {
                internet_gateway_id,
                ..
            } => internet_gateway_id.iter().map(String::as_str).collect(),
            HopKind::RouteTable {
                route_table_id,
                subnet_id,
                ..
            } => vec![route_table_id, subnet_id],
            HopKind::NetworkAcl {
                network_acl_id,
                subnet_id,
                ..
            } => vec![network_acl_id, subnet_id],
            HopKind::SecurityGroups {
                instance_id,
                group_ids,
                ..
            } => std::iter::once(instance_id.as_str())
                .chain(group_ids.iter().map(String::as_str))
                .collect(),
            HopKind::NatGateway { nat_gateway_id, .. } => vec![nat_gateway_id],
        }
    }
}

/// One hop and whether the packet got past it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// What was checked.
    pub kind: HopKind,
    /// Whether it let the packet through.
    pub passed: bool,
}

/// A traced path: the hops checked, in order, and the verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkPath {
    /// The hops, up to and including the first that failed.
    pub hops: Vec<Hop>,
    /// The verdict.
    pub reachability: Reachability,
}

impl NetworkPath {
    /// Whether the packet (and its reply) gets through.
    pub fn is_reachable(&self) -> bool {
        self.reachability.is_reachable()
    }

    /// The hop that stopped the packet.
    pub fn blocking_hop(&self) -> Option<&Hop> {
        self.hops.last().filter(|h| !h.passed)
    }
}

/// Collects hops until one fails.
#[derive(Default)]
struct Trace {
    hops: Vec<Hop>,
}

impl Trace {
    fn pass(&mut self, kind: HopKind) {
        self.hops.push(Hop { kind, passed: true });
    }

    /// Records `kind` as passed or failed; on failure, the path ends with `reason`.
    fn check(
        &mut self,
        kind: HopKind,
        passed: bool,
        reason: impl FnOnce() -> BlockReason,
    ) -> Result<(), BlockReason> {
        self.hops.push(Hop { kind, passed });
        if passed { Ok(()) } else { Err(reason()) }
    }

    fn finish(self, result: Result<Reachability, BlockReason>) -> NetworkPath {
        NetworkPath {
            hops: self.hops,
            reachability: result.unwrap_or_else(Reachability::Blocked),
        }
    }
}

impl Cloud {
    /// Checks one direction of `acl` for a packet and records the hop.
    #[allow(clippy::too_many_arguments)]
    fn acl_hop(
        &self,
        trace: &mut Trace,
        owner: &str,
        subnet_id: &str,
        direction: Direction,
        protocol: Protocol,
        port: u16,
        peer: Ipv4Addr,
        reply: bool,
    ) -> Result<(), BlockReason> {
        let Some(acl) = self.network_acl_for_subnet(subnet_id) else {
            return Ok(());
        };
        let verdict = NetworkAcl::evaluate(acl, direction, protocol.number(), port, peer);
        trace.check(
            HopKind::NetworkAcl {
                network_acl_id: acl.network_acl_id.clone(),
                subnet_id: subnet_id.to_string(),
                direction,
                rule_number: verdict.rule_number,
                peer,
                port,
                reply,
            },
            verdict.allowed,
            || BlockReason::NetworkAclDenied {
                instance_id: owner.to_string(),
                acl_id: acl.network_acl_id.clone(),
                rule_number: verdict.rule_number,
                direction,
                reply,
            },
        )
    }

    fn running_hop(&self, trace: &mut Trace, instance: &Instance) -> Result<(), BlockReason> {
        trace.check(
            HopKind::Instance {
                instance_id: instance.instance_id.clone(),
                state: instance.state,
            },
            instance.state == InstanceStateName::Running,
            || BlockReason::InstanceNotRunning {
                instance_id: instance.instance_id.clone(),
                state: instance.state,
            },
        )
    }

    /// The route table lookup for `destination` from `subnet_id`, recorded as a
    /// hop that passes when `accept` likes the matched route.
    fn route_hop(
        &self,
        trace: &mut Trace,
        subnet_id: &str,
        destination: Ipv4Addr,
        accept: impl Fn(&Route) -> bool,
        reason: impl FnOnce(String) -> BlockReason,
    ) -> Result<Option<Route>, BlockReason> {
        let Some(table) = self.route_table_for_subnet(subnet_id) else {
            return Err(reason(String::new()));
        };
        let route = table.route_for(destination).cloned();
        let passed = route
            .as_ref()
            .is_some_and(|r| r.state == "active" && accept(r));
        trace.check(
            HopKind::RouteTable {
                route_table_id: table.route_table_id.clone(),
                subnet_id: subnet_id.to_string(),
                main: table.is_main(),
                destination,
                route: route.clone(),
            },
            passed,
            || reason(table.route_table_id.clone()),
        )?;
        Ok(route)
    }

    /// The path from `source` on the internet to instance `instance_id`'s
    /// public address on `protocol`/`port`.
    pub fn trace_from_internet(
        &self,
        source: Ipv4Addr,
        instance_id: &str,
        protocol: Protocol,
        port: u16,
    ) -> NetworkPath {
        let mut trace = Trace::default();
        let result = self.walk_from_internet(&mut trace, source, instance_id, protocol, port);
        trace.finish(result)
    }

    fn walk_from_internet(
        &self,
        trace: &mut Trace,
        source: Ipv4Addr,
        instance_id: &str,
        protocol: Protocol,
        port: u16,
    ) -> Result<Reachability, BlockReason> {
        let Some(instance) = self.instance(instance_id) else {
            return Err(BlockReason::UnknownHost {
                destination: instance_id.to_string(),
            });
        };
        let id = instance.instance_id.clone();
        // 1. An internet gateway attached to the VPC.
        let igw = self
            .internet_gateway_for_vpc(&instance.vpc_id)
            .map(|g| g.internet_gateway_id.clone());
        trace.check(
            HopKind::InternetGateway {
                vpc_id: instance.vpc_id.clone(),
                internet_gateway_id: igw.clone(),
            },
            igw.is_some(),
            || BlockReason::NoInternetGateway {
                instance_id: id.clone(),
                vpc_id: instance.vpc_id.clone(),
            },
        )?;
        let igw = igw.unwrap_or_default();
        // 2. The subnet's route table sends the client's address to that gateway.
        self.route_hop(
            trace,
            &instance.subnet_id,
            source,
            |r| r.gateway_id == igw,
            |route_table_id| BlockReason::NoRouteToInternet {
                instance_id: id.clone(),
                route_table_id,
            },
        )?;
        // 3. A public address, and the instance running.
        let public = self.public_ip_of(&id);
        if public.is_none() && instance.state != InstanceStateName::Running {
            self.running_hop(trace, instance)?;
        }
        trace.check(
            HopKind::PublicAddress {
                instance_id: id.clone(),
                address: public,
            },
            public.is_some(),
            || BlockReason::NoPublicAddress {
                instance_id: id.clone(),
            },
        )?;
        self.running_hop(trace, instance)?;
        // 4. The network ACL lets the request in.
        self.acl_hop(
            trace,
            &id,
            &instance.subnet_id,
            Direction::Inbound,
            protocol,
            port,
            source,
            false,
        )?;
        // 5. A security group rule lets it in (group references never match
        // traffic from the internet). Security groups are stateful: the reply
        // needs no rule of theirs.
        let reachable = self.inbound_groups_hop(trace, instance, protocol, port, source, &[])?;
        // 6. The network ACL is not: the reply needs its own outbound rule.
        self.acl_hop(
            trace,
            &id,
            &instance.subnet_id,
            Direction::Outbound,
            protocol,
            CLIENT_EPHEMERAL_PORT,
            source,
            true,
        )?;
        Ok(reachable)
    }

    fn inbound_groups_hop(
        &self,
        trace: &mut Trace,
        instance: &Instance,
        protocol: Protocol,
        port: u16,
        source: Ipv4Addr,
        source_groups: &[String],
    ) -> Result<Reachability, BlockReason> {
        let verdict = self.security_group_verdict(instance, protocol, port, source, source_groups);
        let rule = match &verdict {
            Reachability::Reachable {
                via_security_group_rule,
                ..
            } => Some(via_security_group_rule.clone()),
            Reachability::Blocked(_) => None,
        };
        trace.hops.push(Hop {
            kind: HopKind::SecurityGroups {
                instance_id: instance.instance_id.clone(),
                group_ids: instance.security_group_ids.clone(),
                direction: Direction::Inbound,
                rule: rule.clone(),
                peer: source,
                port,
            },
            passed: rule.is_some(),
        });
        match verdict {
            Reachability::Blocked(reason) => Err(reason),
            reachable => Ok(reachable),
        }
    }

    fn outbound_groups_hop(
        &self,
        trace: &mut Trace,
        instance: &Instance,
        protocol: Protocol,
        port: u16,
        destination: Ipv4Addr,
        destination_groups: &[String],
    ) -> Result<AllowingRule, BlockReason> {
        let rule = instance.security_group_ids.iter().find_map(|gid| {
            let g = self.security_group(gid)?;
            let r = g.outbound_rule_for(protocol, port, destination, destination_groups)?;
            Some(AllowingRule {
                group_id: g.group_id.clone(),
                security_group_rule_id: r.rule_id.clone(),
                description: r.summary(),
            })
        });
        trace.check(
            HopKind::SecurityGroups {
                instance_id: instance.instance_id.clone(),
                group_ids: instance.security_group_ids.clone(),
                direction: Direction::Outbound,
                rule: rule.clone(),
                peer: destination,
                port,
            },
            rule.is_some(),
            || BlockReason::SecurityGroupEgressDenied {
                instance_id: instance.instance_id.clone(),
                group_ids: instance.security_group_ids.clone(),
                protocol,
                port: if protocol == Protocol::Icmp { 0 } else { port },
                destination,
            },
        )?;
        Ok(rule.unwrap_or_else(|| AllowingRule {
            group_id: String::new(),
            security_group_rule_id: String::new(),
            description: String::new(),
        }))
    }

    /// The path from instance `from` to instance `to` over the VPC's private
    /// network. Rules that name the sender's security group count.
    pub fn trace_between_instances(
        &self,
        from: &str,
        to: &str,
        protocol: Protocol,
        port: u16,
    ) -> NetworkPath {
        let mut trace = Trace::default();
        let result = self.walk_between(&mut trace, from, to, protocol, port);
        trace.finish(result)
    }

    fn walk_between(
        &self,
        trace: &mut Trace,
        from: &str,
        to: &str,
        protocol: Protocol,
        port: u16,
    ) -> Result<Reachability, BlockReason> {
        let (Some(src), Some(dst)) = (self.instance(from), self.instance(to)) else {
            return Err(BlockReason::UnknownHost {
                destination: to.to_string(),
            });
        };
        if dst.vpc_id != src.vpc_id {
            return Err(BlockReason::UnknownHost {
                destination: dst.private_ip.to_string(),
            });
        }
        self.running_hop(trace, src)?;
        self.outbound_groups_hop(
            trace,
            src,
            protocol,
            port,
            dst.private_ip,
            &dst.security_group_ids,
        )?;
        let crosses = src.subnet_id != dst.subnet_id;
        if crosses {
            self.acl_hop(
                trace,
                &src.instance_id,
                &src.subnet_id,
                Direction::Outbound,
                protocol,
                port,
                dst.private_ip,
                false,
            )?;
        }
        self.route_hop(
            trace,
            &src.subnet_id,
            dst.private_ip,
            |r| r.gateway_id == "local",
            |route_table_id| BlockReason::NoRouteToInternet {
                instance_id: src.instance_id.clone(),
                route_table_id,
            },
        )?;
        if crosses {
            self.acl_hop(
                trace,
                &dst.instance_id,
                &dst.subnet_id,
                Direction::Inbound,
                protocol,
                port,
                src.private_ip,
                false,
            )?;
        }
        self.running_hop(trace, dst)?;
        let reachable = self.inbound_groups_hop(
            trace,
            dst,
            protocol,
            port,
            src.private_ip,
            &src.security_group_ids,
        )?;
        if crosses {
            self.acl_hop(
                trace,
                &dst.instance_id,
                &dst.subnet_id,
                Direction::Outbound,
                protocol,
                CLIENT_EPHEMERAL_PORT,
                src.private_ip,
                true,
            )?;
            self.acl_hop(
                trace,
                &src.instance_id,
                &src.subnet_id,
                Direction::Inbound,
                protocol,
                CLIENT_EPHEMERAL_PORT,
                dst.private_ip,
                true,
            )?;
        }
        Ok(reachable)
    }

    /// The path from instance `from` to `destination` on the internet: through
    /// the internet gateway with the instance's public address, or through a NAT
    /// gateway.
    pub fn trace_to_internet(
        &self,
        from: &str,
        destination: Ipv4Addr,
        protocol: Protocol,
        port: u16,
    ) -> NetworkPath {
        let mut trace = Trace::default();
        let result = self.walk_to_internet(&mut trace, from, destination, protocol, port);
        trace.finish(result)
    }

    fn walk_to_internet(
        &self,
        trace: &mut Trace,
        from: &str,
        destination: Ipv4Addr,
        protocol: Protocol,
        port: u16,
    ) -> Result<Reachability, BlockReason> {
        let Some(src) = self.instance(from) else {
            return Err(BlockReason::UnknownHost {
                destination: from.to_string(),
            });
        };
        let id = src.instance_id.clone();
        self.running_hop(trace, src)?;
        let rule = self.outbound_groups_hop(trace, src, protocol, port, destination, &[])?;
        let route = self.route_hop(
            trace,
            &src.subnet_id,
            destination,
            |r| r.nat_gateway_id.is_some() || r.gateway_id.starts_with("igw-"),
            |route_table_id| BlockReason::NoRouteToInternet {
                instance_id: id.clone(),
                route_table_id,
            },
        )?;
        let nat = route
            .as_ref()
            .and_then(|r| r.nat_gateway_id.as_deref())
            .and_then(|n| self.nat_gateway(n));
        let Some(nat) = nat else {
            // Straight out through the internet gateway, as the instance's own
            // public address.
            self.acl_hop(
                trace,
                &id,
                &src.subnet_id,
                Direction::Outbound,
                protocol,
                port,
                destination,
                false,
            )?;
            let public = self.public_ip_of(&id);
            trace.check(
                HopKind::PublicAddress {
                    instance_id: id.clone(),
                    address: public,
                },
                public.is_some(),
                || BlockReason::NoPublicAddress {
                    instance_id: id.clone(),
                },
            )?;
            trace.pass(HopKind::InternetGateway {
                vpc_id: src.vpc_id.clone(),
                internet_gateway_id: route.map(|r| r.gateway_id),
            });
            self.acl_hop(
                trace,
                &id,
                &src.subnet_id,
                Direction::Inbound,
                protocol,
                CLIENT_EPHEMERAL_PORT,
                destination,
                true,
            )?;
            return Ok(Reachability::Reachable {
                instance_id: id,
                via_security_group_rule: rule,
            });
        };
        // Through a NAT gateway in (usually) another subnet.
        let nat_id = nat.nat_gateway_id.clone();
        let crosses = nat.subnet_id != src.subnet_id;
        if crosses {
            self.acl_hop(
                trace,
                &id,
                &src.subnet_id,
                Direction::Outbound,
                protocol,
                port,
                destination,
                false,
            )?;
            self.acl_hop(
                trace,
                &nat_id,
                &nat.subnet_id,
                Direction::Inbound,
                protocol,
                port,
                src.private_ip,
                false,
            )?;
        }
        let nat_problem = if !nat.is_available() {
            Some(NatProblem::NotAvailable {
                state: nat.state.clone(),
            })
        } else if nat.public_ip.is_none() {
            Some(NatProblem::Private)
        } else {
            None
        };
        trace.check(
            HopKind::NatGateway {
                nat_gateway_id: nat_id.clone(),
                state: nat.state.clone(),
                public_ip: nat.public_ip,
            },
            nat_problem.is_none(),
            || BlockReason::NatGateway {
                nat_gateway_id: nat_id.clone(),
                problem: nat_problem.clone().unwrap_or(NatProblem::Private),
            },
        )?;
        let igw = self
            .internet_gateway_for_vpc(&nat.vpc_id)
            .map(|g| g.internet_gateway_id.clone());
        let nat_route = self.route_hop(
            trace,
            &nat.subnet_id,
            destination,
            |r| Some(&r.gateway_id) == igw.as_ref(),
            |route_table_id| BlockReason::NatGateway {
                nat_gateway_id: nat_id.clone(),
                problem: NatProblem::NoRoute { route_table_id },
            },
        )?;
        self.acl_hop(
            trace,
            &nat_id,
            &nat.subnet_id,
            Direction::Outbound,
            protocol,
            port,
            destination,
            false,
        )?;
        trace.pass(HopKind::InternetGateway {
            vpc_id: nat.vpc_id.clone(),
            internet_gateway_id: nat_route.map(|r| r.gateway_id),
        });
        self.acl_hop(
            trace,
            &nat_id,
            &nat.subnet_id,
            Direction::Inbound,
            protocol,
            CLIENT_EPHEMERAL_PORT,
            destination,
            true,
        )?;
        if crosses {
            self.acl_hop(
                trace,
                &nat_id,
                &nat.subnet_id,
                Direction::Outbound,
                protocol,
                CLIENT_EPHEMERAL_PORT,
                src.private_ip,
                true,
            )?;
            self.acl_hop(
                trace,
                &id,
                &src.subnet_id,
                Direction::Inbound,
                protocol,
                CLIENT_EPHEMERAL_PORT,
                destination,
                true,
            )?;
        }
        Ok(Reachability::Reachable {
            instance_id: id,
            via_security_group_rule: rule,
        })
    }

    /// Whether `subnet_id` is public: its route table sends `0.0.0.0/0` to an
    /// internet gateway attached to its VPC.
    pub fn subnet_is_public(&self, subnet_id: &str) -> bool {
        let Some(subnet) = self.subnet(subnet_id) else {
            return false;
        };
        let Some(igw) = self.internet_gateway_for_vpc(&subnet.vpc_id) else {
            return false;
        };
        self.route_table_for_subnet(subnet_id).is_some_and(|t| {
            t.route_for(Ipv4Addr::new(8, 8, 8, 8))
                .is_some_and(|r| r.state == "active" && r.gateway_id == igw.internet_gateway_id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, Architecture, OsFamily};
    use crate::ec2::addresses::AllocateAddressInput;
    use crate::ec2::instances::RunInstancesInput;
    use crate::ec2::internet_gateways::{
        CreateInternetGatewayInput, InternetGatewayAttachmentInput,
    };
    use crate::ec2::nat_gateways::{CreateNatGatewayInput, NAT_GATEWAY_PENDING};
    use crate::ec2::network_acls::{
        CreateNetworkAclInput, NetworkAclEntryInput, PortRangeInput,
        ReplaceNetworkAclAssociationInput,
    };
    use crate::ec2::route_tables::{AssociateRouteTableInput, CreateRouteTableInput, RouteInput};
    use crate::ec2::security_groups::{
        CreateSecurityGroupInput, IpPermission, SecurityGroupRulesInput,
    };
    use crate::ec2::subnets::CreateSubnetInput;
    use crate::ec2::vpcs::CreateVpcInput;
    use std::time::Duration;

    /// A VPC with a public and a private subnet, a web server in the first
    /// (port 80 open to all) and a database in the second (3306 from the web
    /// tier's group only).
    struct TwoTier {
        cloud: Cloud,
        vpc: String,
        public: String,
        private: String,
        web: String,
        db: String,
        private_table: String,
    }

    const CLIENT: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 25);

    fn two_tier() -> TwoTier {
        let mut c = Cloud::default();
        let vpc = c
            .create_vpc(CreateVpcInput {
                cidr_block: Some("10.0.0.0/16".into()),
                ..Default::default()
            })
            .unwrap()
            .vpc
            .vpc_id;
        let subnet = |c: &mut Cloud, cidr: &str| {
            c.create_subnet(CreateSubnetInput {
                vpc_id: vpc.clone(),
                cidr_block: Some(cidr.into()),
                ..Default::default()
            })
            .unwrap()
            .subnet
            .subnet_id
        };
        let public = subnet(&mut c, "10.0.1.0/24");
        let private = subnet(&mut c, "10.0.11.0/24");
        let igw = c
            .create_internet_gateway(CreateInternetGatewayInput::default())
            .unwrap()
            .internet_gateway
            .internet_gateway_id;
        c.attach_internet_gateway(InternetGatewayAttachmentInput {
            internet_gateway_id: igw.clone(),
            vpc_id: vpc.clone(),
            ..Default::default()
        })
        .unwrap();
        let table = |c: &mut Cloud| {
            c.create_route_table(CreateRouteTableInput {
                vpc_id: vpc.clone(),
                ..Default::default()
            })
            .unwrap()
            .route_table
            .route_table_id
        };
        let public_table = table(&mut c);
        let private_table = table(&mut c);
        c.create_route(RouteInput {
            route_table_id: public_table.clone(),
            destination_cidr_block: Some("0.0.0.0/0".into()),
            gateway_id: Some(igw),
            ..Default::default()
        })
        .unwrap();
        for (t, s) in [(&public_table, &public), (&private_table, &private)] {
            c.associate_route_table(AssociateRouteTableInput {
                route_table_id: t.clone(),
                subnet_id: Some(s.clone()),
                ..Default::default()
            })
            .unwrap();
        }
        let group = |c: &mut Cloud, name: &str| {
            c.create_security_group(CreateSecurityGroupInput {
                group_name: name.into(),
                description: name.into(),
                vpc_id: Some(vpc.clone()),
                ..Default::default()
            })
            .unwrap()
            .group_id
        };
        let web_sg = group(&mut c, "web");
        let db_sg = group(&mut c, "db");
        c.authorize_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(web_sg.clone()),
            ip_permissions: vec![IpPermission::cidr("tcp", 80, 80, "0.0.0.0/0")],
            ..Default::default()
        })
        .unwrap();
        c.authorize_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(db_sg.clone()),
            ip_permissions: vec![IpPermission::group("tcp", 3306, 3306, &web_sg)],
            ..Default::default()
        })
        .unwrap();
        let image_id = catalog::image_for(
            c.region().code,
            OsFamily::AmazonLinux2023,
            Architecture::X86_64,
        )
        .unwrap()
        .image_id;
        let launch = |c: &mut Cloud, subnet: &str, sg: &str, public_ip: bool| {
            c.run_instances(RunInstancesInput {
                image_id: image_id.clone(),
                instance_type: Some("t3.micro".into()),
                subnet_id: Some(subnet.into()),
                security_group_ids: vec![sg.into()],
                associate_public_ip_address: Some(public_ip),
                ..Default::default()
            })
            .unwrap()
            .instances[0]
                .instance_id
                .clone()
        };
        let web = launch(&mut c, &public, &web_sg, true);
        let db = launch(&mut c, &private, &db_sg, false);
        c.advance(Duration::from_secs(60));
        TwoTier {
            cloud: c,
            vpc,
            public,
            private,
            web,
            db,
            private_table,
        }
    }

    #[test]
    fn the_web_tier_is_public_and_the_database_is_not() {
        let t = two_tier();
        assert!(t.cloud.subnet_is_public(&t.public));
        assert!(!t.cloud.subnet_is_public(&t.private));
        let web = t
            .cloud
            .trace_from_internet(CLIENT, &t.web, Protocol::Tcp, 80);
        assert!(web.is_reachable(), "{:?}", web.reachability);
        assert!(web.hops.iter().all(|h| h.passed));
        let kinds: Vec<&str> = web
            .hops
            .iter()
            .map(|h| match h.kind {
                HopKind::InternetGateway { .. } => "igw",
                HopKind::RouteTable { .. } => "rtb",
                HopKind::PublicAddress { .. } => "ip",
                HopKind::Instance { .. } => "instance",
                HopKind::NetworkAcl { reply: false, .. } => "acl",
                HopKind::NetworkAcl { reply: true, .. } => "acl-reply",
                HopKind::SecurityGroups { .. } => "sg",
                HopKind::NatGateway { .. } => "nat",
            })
            .collect();
        assert_eq!(
            kinds,
            ["igw", "rtb", "ip", "instance", "acl", "sg", "acl-reply"]
        );
        // The database: its route table has no way to the internet.
        let db = t
            .cloud
            .trace_from_internet(CLIENT, &t.db, Protocol::Tcp, 3306);
        assert!(matches!(
            db.reachability,
            Reachability::Blocked(BlockReason::NoRouteToInternet { ref route_table_id, .. })
                if *route_table_id == t.private_table
        ));
        assert!(!db.blocking_hop().unwrap().passed);
        // From the web tier, by group reference, it is reachable; on another port not.
        let inside = t
            .cloud
            .trace_between_instances(&t.web, &t.db, Protocol::Tcp, 3306);
        assert!(inside.is_reachable(), "{:?}", inside.reachability);
        let ssh = t
            .cloud
            .trace_between_instances(&t.web, &t.db, Protocol::Tcp, 22);
        assert!(matches!(
            ssh.reachability,
            Reachability::Blocked(BlockReason::SecurityGroupDenied { .. })
        ));
    }

    #[test]
    fn a_nat_gateway_lets_the_private_tier_out_but_not_the_internet_in() {
        let mut t = two_tier();
        let out = |c: &Cloud, db: &str| c.trace_to_internet(db, CLIENT, Protocol::Tcp, 443);
        assert!(matches!(
            out(&t.cloud, &t.db).reachability,
            Reachability::Blocked(BlockReason::NoRouteToInternet { .. })
        ));
        let c = &mut t.cloud;
        let allocation_id = c
            .allocate_address(AllocateAddressInput::default())
            .unwrap()
            .allocation_id;
        let nat = c
            .create_nat_gateway(CreateNatGatewayInput {
                subnet_id: t.public.clone(),
                allocation_id: Some(allocation_id),
                ..Default::default()
            })
            .unwrap()
            .nat_gateway
            .nat_gateway_id;
        c.create_route(RouteInput {
            route_table_id: t.private_table.clone(),
            destination_cidr_block: Some("0.0.0.0/0".into()),
            nat_gateway_id: Some(nat.clone()),
            ..Default::default()
        })
        .unwrap();
        assert!(matches!(
            out(c, &t.db).reachability,
            Reachability::Blocked(BlockReason::NatGateway {
                problem: NatProblem::NotAvailable { .. },
                ..
            })
        ));
        c.advance(NAT_GATEWAY_PENDING);
        let path = out(c, &t.db);
        assert!(path.is_reachable(), "{:?}", path.reachability);
        assert!(
            path.hops
                .iter()
                .any(|h| matches!(h.kind, HopKind::NatGateway { .. }))
        );
        // Still nothing comes in.
        assert!(
            !c.trace_from_internet(CLIENT, &t.db, Protocol::Tcp, 3306)
                .is_reachable()
        );
        // The web server has its own public address and goes straight out.
        let web = out(c, &t.web);
        assert!(web.is_reachable());
        assert!(
            !web.hops
                .iter()
                .any(|h| matches!(h.kind, HopKind::NatGateway { .. }))
        );
    }

    #[test]
    fn a_stateless_acl_needs_the_reply_allowed_and_a_deny_before_the_allow() {
        let mut t = two_tier();
        let c = &mut t.cloud;
        let acl = c
            .create_network_acl(CreateNetworkAclInput {
                vpc_id: t.vpc.clone(),
                ..Default::default()
            })
            .unwrap()
            .network_acl
            .network_acl_id;
        let entry = |number: i64, egress: bool, action: &str, cidr: &str, ports: (i64, i64)| {
            NetworkAclEntryInput {
                network_acl_id: acl.clone(),
                rule_number: number,
                protocol: "6".into(),
                rule_action: action.into(),
                egress,
                cidr_block: Some(cidr.into()),
                port_range: Some(PortRangeInput {
                    from: Some(ports.0),
                    to: Some(ports.1),
                }),
                ..Default::default()
            }
        };
        c.create_network_acl_entry(entry(100, false, "allow", "0.0.0.0/0", (80, 80)))
            .unwrap();
        let assoc = c
            .network_acl_for_subnet(&t.public)
            .unwrap()
            .associations
            .iter()
            .find(|a| a.subnet_id == t.public)
            .unwrap()
            .network_acl_association_id
            .clone();
        c.replace_network_acl_association(ReplaceNetworkAclAssociationInput {
            association_id: assoc,
            network_acl_id: acl.clone(),
            ..Default::default()
        })
        .unwrap();
        // In, but the reply hits the outbound `*` rule.
        let path = c.trace_from_internet(CLIENT, &t.web, Protocol::Tcp, 80);
        assert!(matches!(
            path.reachability,
            Reachability::Blocked(BlockReason::NetworkAclDenied {
                rule_number: None,
                direction: Direction::Outbound,
                ..
            })
        ));
        assert!(matches!(
            path.blocking_hop().unwrap().kind,
            HopKind::NetworkAcl { reply: true, .. }
        ));
        c.create_network_acl_entry(entry(100, true, "allow", "0.0.0.0/0", (1024, 65535)))
            .unwrap();
        assert!(
            c.trace_from_internet(CLIENT, &t.web, Protocol::Tcp, 80)
                .is_reachable()
        );
        let attacker = Ipv4Addr::new(198, 51, 100, 7);
        c.create_network_acl_entry(entry(90, false, "deny", "198.51.100.7/32", (0, 65535)))
            .unwrap();
        let blocked = c.trace_from_internet(attacker, &t.web, Protocol::Tcp, 80);
        assert!(matches!(
            blocked.reachability,
            Reachability::Blocked(BlockReason::NetworkAclDenied {
                rule_number: Some(90),
                direction: Direction::Inbound,
                ..
            })
        ));
        assert!(
            c.trace_from_internet(CLIENT, &t.web, Protocol::Tcp, 80)
                .is_reachable()
        );
        // Between subnets, the ACL applies both ways too: the web tier's replies
        // from the database come back on an ephemeral port, which rule 100 (port
        // 80 only) does not let in.
        let inside = c.trace_between_instances(&t.web, &t.db, Protocol::Tcp, 3306);
        assert!(matches!(
            inside.reachability,
            Reachability::Blocked(BlockReason::NetworkAclDenied { .. })
        ));
    }
}
