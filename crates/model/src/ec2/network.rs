//! Network reachability: can this source reach this port, and if not, which part
//! of the network says no. The checks follow AWS's "reachable from the
//! internet" conditions in order: internet gateway, route, public address and
//! running state, network ACL (inbound, and outbound for the reply), then
//! security groups (stateful, so egress rules do not matter for replies).

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::vpc::Direction;
use super::{InstanceStateName, Protocol};
use crate::cloud::Cloud;

/// The client port a reply goes back to (an ephemeral port, as Linux picks them).
pub const CLIENT_EPHEMERAL_PORT: u16 = 50_000;

/// The security group rule that let the traffic in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowingRule {
    /// The group.
    pub group_id: String,
    /// The rule id (`sgr-...`).
    pub security_group_rule_id: String,
    /// A short description, e.g. `TCP 22 from 203.0.113.25/32`.
    pub description: String,
}

/// The answer to "can `source` reach this port?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reachability {
    /// The traffic gets through.
    Reachable {
        /// The instance reached.
        instance_id: String,
        /// The rule that allowed it.
        via_security_group_rule: AllowingRule,
    },
    /// Something blocks it.
    Blocked(BlockReason),
}

impl Reachability {
    /// Whether the traffic gets through.
    pub fn is_reachable(&self) -> bool {
        matches!(self, Reachability::Reachable { .. })
    }
}

/// Which part of the network says no.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockReason {
    /// No instance has that address (or the name does not resolve).
    UnknownHost {
        /// The destination as given.
        destination: String,
    },
    /// The address is an instance's private address, which the internet cannot reach.
    PrivateAddress {
        /// The instance.
        instance_id: String,
        /// The private address.
        address: Ipv4Addr,
    },
    /// The instance is not running.
    InstanceNotRunning {
        /// The instance.
        instance_id: String,
        /// Its state.
        state: InstanceStateName,
    },
    /// The instance has no public IPv4 address.
    NoPublicAddress {
        /// The instance.
        instance_id: String,
    },
    /// The instance's VPC has no internet gateway attached.
    NoInternetGateway {
        /// The instance.
        instance_id: String,
        /// Its VPC.
        vpc_id: String,
    },
    /// The subnet's route table sends this traffic nowhere near an internet gateway.
    NoRouteToInternet {
        /// The instance.
        instance_id: String,
        /// The route table in use.
        route_table_id: String,
    },
    /// The subnet's network ACL denies the traffic or its reply.
    NetworkAclDenied {
        /// The instance (or NAT gateway) whose subnet it is.
        instance_id: String,
        /// The ACL.
        acl_id: String,
        /// The rule that matched; `None` for the final `*` rule.
        rule_number: Option<u16>,
        /// Which way.
        direction: Direction,
        /// Whether the packet denied is the reply (absent in older saves: an
        /// outbound denial was always a reply then).
        #[serde(default)]
        reply: bool,
    },
    /// No inbound rule of the instance's security groups allows it.
    SecurityGroupDenied {
        /// The instance.
        instance_id: String,
        /// Its security groups.
        group_ids: Vec<String>,
        /// The protocol.
        protocol: Protocol,
        /// The port (0 for ICMP).
        port: u16,
        /// The source address.
        source: Ipv4Addr,
    },
    /// No outbound rule of the sender's security groups allows it.
    SecurityGroupEgressDenied {
        /// The sending instance.
        instance_id: String,
        /// Its security groups.
        group_ids: Vec<String>,
        /// The protocol.
        protocol: Protocol,
        /// The port (0 for ICMP).
        port: u16,
        /// The destination address.
        destination: Ipv4Addr,
    },
    /// The NAT gateway on the route cannot take the traffic out.
    NatGateway {
        /// The gateway.
        nat_gateway_id: String,
        /// Why not.
        problem: NatProblem,
    },
    /// No inbound rule of the load balancer's security groups allows it.
    LoadBalancerSecurityGroupDenied {
        /// The load balancer's name.
        load_balancer: String,
        /// Its security groups.
        group_ids: Vec<String>,
        /// The port.
        port: u16,
        /// The source address.
        source: Ipv4Addr,
    },
    /// The load balancer has no listener on the port.
    NoListener {
        /// The load balancer's name.
        load_balancer: String,
        /// The port.
        port: u16,
    },
    /// An internal load balancer: only reachable from inside its VPC.
    InternalLoadBalancer {
        /// The load balancer's name.
        load_balancer: String,
    },
}

/// What an id names, in words (`instance`, `NAT gateway`).
pub fn owner_kind(id: &str) -> &'static str {
    if id.starts_with("nat-") {
        "NAT gateway"
    } else {
        "instance"
    }
}

/// Why a NAT gateway cannot take traffic to the internet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NatProblem {
    /// It is `pending`, `deleting` or `deleted`.
    NotAvailable {
        /// Its state.
        state: String,
    },
    /// A private NAT gateway: no Elastic IP, no way to the internet.
    Private,
    /// Its subnet's route table has no route to an internet gateway.
    NoRoute {
        /// The table.
        route_table_id: String,
    },
}

impl fmt::Display for BlockReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockReason::UnknownHost { destination } => {
                write!(f, "No instance has the address {destination}.")
            }
            BlockReason::LoadBalancerSecurityGroupDenied {
                load_balancer,
                group_ids,
                port,
                source,
            } => write!(
                f,
                "No inbound rule in security group {} of load balancer {load_balancer} allows TCP port {port} from {source}.",
                group_ids.join(", ")
            ),
            BlockReason::NoListener {
                load_balancer,
                port,
            } => write!(
                f,
                "Load balancer {load_balancer} has no listener on port {port}."
            ),
            BlockReason::InternalLoadBalancer { load_balancer } => write!(
                f,
                "Load balancer {load_balancer} is internal: only addresses inside its VPC can reach it."
            ),
            BlockReason::PrivateAddress {
                instance_id,
                address,
            } => write!(
                f,
                "{address} is the private address of instance {instance_id}; it cannot be reached from the internet. Use its public IP address or public DNS name."
            ),
            BlockReason::InstanceNotRunning { instance_id, state } => {
                write!(f, "Instance {instance_id} is {state}, not running.")
            }
            BlockReason::NoPublicAddress { instance_id } => {
                write!(f, "Instance {instance_id} has no public IPv4 address.")
            }
            BlockReason::NoInternetGateway {
                instance_id,
                vpc_id,
            } => write!(
                f,
                "VPC {vpc_id} of instance {instance_id} has no internet gateway attached."
            ),
            BlockReason::NoRouteToInternet {
                instance_id,
                route_table_id,
            } => write!(
                f,
                "Route table {route_table_id} of instance {instance_id}'s subnet has no route to an internet gateway for this traffic."
            ),
            BlockReason::NetworkAclDenied {
                instance_id,
                acl_id,
                rule_number,
                direction,
                reply,
            } => {
                let way = match (direction, reply) {
                    (Direction::Inbound, false) => "inbound traffic",
                    (Direction::Inbound, true) => "the inbound reply traffic",
                    (Direction::Outbound, false) => "outbound traffic",
                    (Direction::Outbound, true) => "the outbound reply traffic",
                };
                let rule = match rule_number {
                    Some(n) => format!("rule {n}"),
                    None => "the final * rule".to_string(),
                };
                write!(
                    f,
                    "Network ACL {acl_id} of {} {instance_id}'s subnet denies {way} ({rule}).",
                    owner_kind(instance_id)
                )
            }
            BlockReason::SecurityGroupEgressDenied {
                instance_id,
                group_ids,
                protocol,
                port,
                destination,
            } => write!(
                f,
                "No outbound rule in security group {} of instance {instance_id} allows {protocol} port {port} to {destination}.",
                group_ids.join(", ")
            ),
            BlockReason::NatGateway {
                nat_gateway_id,
                problem,
            } => match problem {
                NatProblem::NotAvailable { state } => {
                    write!(f, "NAT gateway {nat_gateway_id} is {state}, not available.")
                }
                NatProblem::Private => write!(
                    f,
                    "NAT gateway {nat_gateway_id} is private: it has no Elastic IP to reach the internet."
                ),
                NatProblem::NoRoute { route_table_id } => write!(
                    f,
                    "Route table {route_table_id} of NAT gateway {nat_gateway_id}'s subnet has no route to an internet gateway."
                ),
            },
            BlockReason::SecurityGroupDenied {
                instance_id,
                group_ids,
                protocol,
                port,
                source,
            } => {
                let what = match protocol {
                    Protocol::Icmp => "ICMP".to_string(),
                    p => format!("{p} port {port}"),
                };
                write!(
                    f,
                    "No inbound rule in security group {} of instance {instance_id} allows {what} from {source}.",
                    group_ids.join(", ")
                )
            }
        }
    }
}

impl Cloud {
    /// Resolves a public IP, Elastic IP or public DNS name to an IP address.
    /// Names other than EC2's public names do not resolve.
    pub fn resolve_public_host(&self, host: &str) -> Option<Ipv4Addr> {
        if let Ok(ip) = host.parse::<Ipv4Addr>() {
            return Some(ip);
        }
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let suffix = format!(".{}", self.region().public_dns_suffix());
        let label = host.strip_suffix(&suffix)?.strip_prefix("ec2-")?;
        label.replace('-', ".").parse().ok()
    }

    /// The instance that owns public address `ip` (auto-assigned or Elastic IP).
    pub fn instance_by_public_ip(&self, ip: Ipv4Addr) -> Option<&super::Instance> {
        self.ec2
            .instances
            .iter()
            .find(|i| self.public_ip_of(&i.instance_id) == Some(ip))
    }

    /// The instance behind a public IP, Elastic IP or public DNS name.
    pub fn instance_by_public_address(&self, address: &str) -> Option<&super::Instance> {
        self.resolve_public_host(address)
            .and_then(|ip| self.instance_by_public_ip(ip))
    }

    /// Can `source` on the internet reach `destination` (a public IP, Elastic IP
    /// or public DNS name) with `protocol` on `port`?
    pub fn check_reachability(
        &self,
        source: Ipv4Addr,
        destination: &str,
        protocol: Protocol,
        port: u16,
    ) -> Reachability {
        let unknown = || {
            Reachability::Blocked(BlockReason::UnknownHost {
                destination: destination.to_string(),
            })
        };
        let Some(ip) = self.resolve_public_host(destination) else {
            return unknown();
        };
        let Some(instance) = self.instance_by_public_ip(ip) else {
            if let Some(i) = self
                .ec2
                .instances
                .iter()
                .find(|i| i.private_ip == ip && i.state != InstanceStateName::Terminated)
            {
                return Reachability::Blocked(BlockReason::PrivateAddress {
                    instance_id: i.instance_id.clone(),
                    address: ip,
                });
            }
            return unknown();
        };
        self.check_reachability_to_instance(source, &instance.instance_id, protocol, port)
    }

    /// Can `source` on the internet reach instance `instance_id` through its
    /// public address with `protocol` on `port`?
    pub fn check_reachability_to_instance(
        &self,
        source: Ipv4Addr,
        instance_id: &str,
        protocol: Protocol,
        port: u16,
    ) -> Reachability {
        self.trace_from_internet(source, instance_id, protocol, port)
            .reachability
    }

    /// Can instance `from` reach instance `to` over the VPC's private network?
    /// Here security group references (a rule naming `from`'s group) count.
    pub fn check_private_reachability(
        &self,
        from: &str,
        to: &str,
        protocol: Protocol,
        port: u16,
    ) -> Reachability {
        self.trace_between_instances(from, to, protocol, port)
            .reachability
    }

    pub(crate) fn security_group_verdict(
        &self,
        instance: &super::Instance,
        protocol: Protocol,
        port: u16,
        source: Ipv4Addr,
        source_groups: &[String],
    ) -> Reachability {
        for gid in &instance.security_group_ids {
            if let Some(g) = self.security_group(gid)
                && let Some(rule) = g.inbound_rule_for(protocol, port, source, source_groups)
            {
                return Reachability::Reachable {
                    instance_id: instance.instance_id.clone(),
                    via_security_group_rule: AllowingRule {
                        group_id: g.group_id.clone(),
                        security_group_rule_id: rule.rule_id.clone(),
                        description: rule.summary(),
                    },
                };
            }
        }
        Reachability::Blocked(BlockReason::SecurityGroupDenied {
            instance_id: instance.instance_id.clone(),
            group_ids: instance.security_group_ids.clone(),
            protocol,
            port: if protocol == Protocol::Icmp { 0 } else { port },
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, Architecture, OsFamily};
    use crate::ec2::instances::{InstanceIdsInput, RunInstancesInput};
    use crate::ec2::security_groups::{
        CreateSecurityGroupInput, IpPermission, SecurityGroupRulesInput,
    };
    use crate::ec2::vpc::NetworkAclEntry;
    use std::time::Duration;

    fn setup() -> (Cloud, String, String) {
        let mut cloud = Cloud::default();
        let sg = cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "web".into(),
                description: "web".into(),
                ..Default::default()
            })
            .unwrap()
            .group_id;
        let image_id = catalog::image_for(
            cloud.region().code,
            OsFamily::AmazonLinux2023,
            Architecture::X86_64,
        )
        .unwrap()
        .image_id;
        let id = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                security_group_ids: vec![sg.clone()],
                ..Default::default()
            })
            .unwrap()
            .instances[0]
            .instance_id
            .clone();
        (cloud, id, sg)
    }

    fn allow(cloud: &mut Cloud, sg: &str, port: i32, cidr: &str) {
        cloud
            .authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(sg.into()),
                ip_permissions: vec![IpPermission::cidr("tcp", port, port, cidr)],
                ..Default::default()
            })
            .unwrap();
    }

    #[test]
    fn ssh_from_learner_only() {
        let (mut cloud, id, sg) = setup();
        let learner = cloud.learner_ip();
        let ip = cloud.public_ip_of(&id).unwrap().to_string();
        // Still pending.
        let r = cloud.check_reachability(learner, &ip, Protocol::Tcp, 22);
        assert!(
            matches!(
                r,
                Reachability::Blocked(BlockReason::InstanceNotRunning { .. })
            ),
            "{r:?}"
        );
        cloud.advance(Duration::from_secs(20));
        let r = cloud.check_reachability(learner, &ip, Protocol::Tcp, 22);
        let Reachability::Blocked(reason) = &r else {
            panic!("{r:?}")
        };
        assert!(matches!(reason, BlockReason::SecurityGroupDenied { .. }));
        assert_eq!(
            reason.to_string(),
            format!(
                "No inbound rule in security group {sg} of instance {id} allows TCP port 22 from {learner}."
            )
        );
        allow(&mut cloud, &sg, 22, &format!("{learner}/32"));
        let r = cloud.check_reachability(learner, &ip, Protocol::Tcp, 22);
        let Reachability::Reachable {
            via_security_group_rule,
            ..
        } = r
        else {
            panic!()
        };
        assert_eq!(via_security_group_rule.group_id, sg);
        assert_eq!(
            via_security_group_rule.description,
            format!("TCP 22 from {learner}/32")
        );
        let other = Ipv4Addr::new(198, 51, 100, 7);
        assert!(
            !cloud
                .check_reachability(other, &ip, Protocol::Tcp, 22)
                .is_reachable()
        );
        // By public DNS name too.
        let dns = cloud.public_dns_of(&id);
        assert!(
            cloud
                .check_reachability(learner, &dns, Protocol::Tcp, 22)
                .is_reachable()
        );
        assert!(
            !cloud
                .check_reachability(learner, &ip, Protocol::Tcp, 80)
                .is_reachable()
        );
    }

    #[test]
    fn private_addresses_and_unknown_hosts() {
        let (mut cloud, id, _) = setup();
        cloud.advance(Duration::from_secs(20));
        let private = cloud.instance(&id).unwrap().private_ip;
        let r =
            cloud.check_reachability(cloud.learner_ip(), &private.to_string(), Protocol::Tcp, 22);
        assert!(matches!(
            r,
            Reachability::Blocked(BlockReason::PrivateAddress { .. })
        ));
        let r = cloud.check_reachability(cloud.learner_ip(), "example.com", Protocol::Tcp, 80);
        assert!(matches!(
            r,
            Reachability::Blocked(BlockReason::UnknownHost { .. })
        ));
        let r = cloud.check_reachability(cloud.learner_ip(), "8.8.8.8", Protocol::Tcp, 80);
        assert!(matches!(
            r,
            Reachability::Blocked(BlockReason::UnknownHost { .. })
        ));
    }

    #[test]
    fn stopped_instance_loses_its_address() {
        let (mut cloud, id, sg) = setup();
        allow(&mut cloud, &sg, 80, "0.0.0.0/0");
        cloud.advance(Duration::from_secs(20));
        let ip = cloud.public_ip_of(&id).unwrap().to_string();
        cloud
            .stop_instances(InstanceIdsInput {
                instance_ids: vec![id.clone()],
                ..Default::default()
            })
            .unwrap();
        let r = cloud.check_reachability(cloud.learner_ip(), &ip, Protocol::Tcp, 80);
        assert!(matches!(
            r,
            Reachability::Blocked(BlockReason::InstanceNotRunning {
                state: InstanceStateName::Stopping,
                ..
            })
        ));
        cloud.advance(Duration::from_secs(30));
        let r = cloud.check_reachability(cloud.learner_ip(), &ip, Protocol::Tcp, 80);
        assert!(matches!(
            r,
            Reachability::Blocked(BlockReason::UnknownHost { .. })
        ));
    }

    #[test]
    fn network_acl_and_routes_block() {
        let (mut cloud, id, sg) = setup();
        allow(&mut cloud, &sg, 80, "0.0.0.0/0");
        cloud.advance(Duration::from_secs(20));
        let ip = cloud.public_ip_of(&id).unwrap().to_string();
        let learner = cloud.learner_ip();
        assert!(
            cloud
                .check_reachability(learner, &ip, Protocol::Tcp, 80)
                .is_reachable()
        );
        // A deny rule before the allow.
        cloud.ec2.network_acls[0].entries.push(NetworkAclEntry {
            cidr_block: "0.0.0.0/0".into(),
            egress: false,
            protocol: "6".into(),
            rule_action: "deny".into(),
            rule_number: 90,
            port_range: Some(crate::ec2::vpc::PortRange { from: 80, to: 80 }),
            icmp_type_code: None,
        });
        let r = cloud.check_reachability(learner, &ip, Protocol::Tcp, 80);
        let Reachability::Blocked(reason) = r else {
            panic!()
        };
        assert!(matches!(
            reason,
            BlockReason::NetworkAclDenied {
                rule_number: Some(90),
                direction: Direction::Inbound,
                ..
            }
        ));
        assert!(
            reason
                .to_string()
                .contains("denies inbound traffic (rule 90)")
        );
        cloud.ec2.network_acls[0]
            .entries
            .retain(|e| e.rule_number != 90);
        // Outbound replies denied.
        cloud.ec2.network_acls[0]
            .entries
            .retain(|e| !(e.egress && e.rule_number == 100));
        let r = cloud.check_reachability(learner, &ip, Protocol::Tcp, 80);
        assert!(matches!(
            r,
            Reachability::Blocked(BlockReason::NetworkAclDenied {
                rule_number: None,
                direction: Direction::Outbound,
                ..
            })
        ));
        cloud = {
            let mut c = cloud.clone();
            c.ec2.network_acls[0] = Cloud::default().ec2.network_acls[0].clone();
            c.ec2.network_acls[0].network_acl_id = cloud.ec2.network_acls[0].network_acl_id.clone();
            c.ec2.network_acls[0].associations = cloud.ec2.network_acls[0].associations.clone();
            c
        };
        assert!(
            cloud
                .check_reachability(learner, &ip, Protocol::Tcp, 80)
                .is_reachable()
        );
        // Remove the internet route.
        cloud.ec2.route_tables[0]
            .routes
            .retain(|r| r.gateway_id == "local");
        let r = cloud.check_reachability(learner, &ip, Protocol::Tcp, 80);
        assert!(matches!(
            r,
            Reachability::Blocked(BlockReason::NoRouteToInternet { .. })
        ));
        // Detach the gateway.
        cloud.ec2.internet_gateways[0].attachments.clear();
        let r = cloud.check_reachability(learner, &ip, Protocol::Tcp, 80);
        assert!(matches!(
            r,
            Reachability::Blocked(BlockReason::NoInternetGateway { .. })
        ));
    }

    #[test]
    fn private_reachability_uses_group_references() {
        let (mut cloud, web, web_sg) = setup();
        let db_sg = cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "db".into(),
                description: "db".into(),
                ..Default::default()
            })
            .unwrap()
            .group_id;
        let image_id = cloud.instance(&web).unwrap().image_id.clone();
        let db = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                security_group_ids: vec![db_sg.clone()],
                ..Default::default()
            })
            .unwrap()
            .instances[0]
            .instance_id
            .clone();
        cloud.advance(Duration::from_secs(20));
        assert!(
            !cloud
                .check_private_reachability(&web, &db, Protocol::Tcp, 3306)
                .is_reachable()
        );
        cloud
            .authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(db_sg),
                ip_permissions: vec![IpPermission::group("tcp", 3306, 3306, &web_sg)],
                ..Default::default()
            })
            .unwrap();
        assert!(
            cloud
                .check_private_reachability(&web, &db, Protocol::Tcp, 3306)
                .is_reachable()
        );
    }
}
