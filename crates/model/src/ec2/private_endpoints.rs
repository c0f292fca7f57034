//! The path from a client to a private endpoint in a VPC (a DB instance, a
//! cache node, a DAX node): the client's outbound security group rules, both
//! subnets' network ACLs (both ways, as they are stateless) and, last, the
//! endpoint's inbound security group rules, where a rule naming the client's
//! security group counts. From the laptop, only a publicly accessible
//! endpoint in a public subnet is reachable at all.

use std::net::Ipv4Addr;

use crate::cloud::Cloud;
use crate::ec2::network::CLIENT_EPHEMERAL_PORT;
use crate::ec2::vpc::{Direction, NetworkAcl};
use crate::ec2::{InstanceStateName, Protocol};

/// Where a client runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointClient<'a> {
    /// The learner's laptop, at this public address.
    Laptop(Ipv4Addr),
    /// An EC2 instance (an ssh session on it).
    Instance(&'a str),
}

/// A private endpoint a client connects to.
#[derive(Clone, Copy, Debug)]
pub struct PrivateEndpoint<'a> {
    /// What it is, for messages: `DB instance`, `cache node`.
    pub kind: &'a str,
    /// Its name, for messages.
    pub name: &'a str,
    /// The address its name resolves to.
    pub ip: Ipv4Addr,
    /// Its subnet, when known.
    pub subnet_id: Option<&'a str>,
    /// Its VPC.
    pub vpc_id: &'a str,
    /// Its security groups.
    pub security_groups: &'a [String],
    /// Whether its name resolves to a public address.
    pub publicly_accessible: bool,
}

impl Cloud {
    /// Whether `client` can open TCP to `target` on `port`: `Ok` with the
    /// client's address as the target sees it, or what stops the packets, in words.
    pub fn tcp_path_to_endpoint(
        &self,
        client: EndpointClient<'_>,
        target: &PrivateEndpoint<'_>,
        port: u16,
    ) -> Result<Ipv4Addr, String> {
        let db_groups = target.security_groups;
        let db_ip = target.ip;
        let db_vpc = target.vpc_id;

        let (source_ip, source_groups, source_subnet): (Ipv4Addr, Vec<String>, Option<String>) =
            match client {
                EndpointClient::Laptop(address) => {
                    if !target.publicly_accessible {
                        return Err(format!(
                            "{} is not publicly accessible: its endpoint resolves to the private address {db_ip}, which only the VPC {db_vpc} can reach. Connect from an instance in that VPC (ssh to it first).",
                            target.name
                        ));
                    }
                    let public_subnet = target
                        .subnet_id
                        .map(|s| self.subnet_is_public(s))
                        .unwrap_or(false);
                    if !public_subnet {
                        return Err(format!(
                            "{} is publicly accessible, but its subnet has no route to an internet gateway, so nothing from the internet reaches it.",
                            target.name
                        ));
                    }
                    (address, Vec::new(), None)
                }
                EndpointClient::Instance(id) => {
                    let Some(source) = self.instance(id) else {
                        return Err(format!("instance {id} does not exist"));
                    };
                    if source.state != InstanceStateName::Running {
                        return Err(format!("instance {id} is not running"));
                    }
                    if source.vpc_id != db_vpc {
                        return Err(format!(
                            "instance {id} is in {} and {} in {db_vpc}: the endpoint's private address {db_ip} is not reachable from another VPC.",
                            source.vpc_id, target.name
                        ));
                    }
                    let egress = source.security_group_ids.iter().any(|gid| {
                        self.security_group(gid).is_some_and(|g| {
                            g.outbound_rule_for(Protocol::Tcp, port, db_ip, db_groups)
                                .is_some()
                        })
                    });
                    if !egress {
                        return Err(format!(
                            "No outbound rule in security group {} of instance {id} allows TCP port {port} to {db_ip}.",
                            source.security_group_ids.join(", ")
                        ));
                    }
                    (
                        source.private_ip,
                        source.security_group_ids.clone(),
                        Some(source.subnet_id.clone()),
                    )
                }
            };
        if let (Some(from), Some(to)) = (&source_subnet, target.subnet_id)
            && from != to
        {
            let checks = [
                (from.as_str(), Direction::Outbound, port, db_ip, false),
                (to, Direction::Inbound, port, source_ip, false),
                (
                    to,
                    Direction::Outbound,
                    CLIENT_EPHEMERAL_PORT,
                    source_ip,
                    true,
                ),
                (
                    from.as_str(),
                    Direction::Inbound,
                    CLIENT_EPHEMERAL_PORT,
                    db_ip,
                    true,
                ),
            ];
            for (subnet, direction, check_port, peer, reply) in checks {
                let Some(acl) = self.network_acl_for_subnet(subnet) else {
                    continue;
                };
                let verdict =
                    NetworkAcl::evaluate(acl, direction, Protocol::Tcp.number(), check_port, peer);
                if !verdict.allowed {
                    let rule = verdict
                        .rule_number
                        .map(|n| format!("rule {n}"))
                        .unwrap_or_else(|| "the final * rule".into());
                    let way = match direction {
                        Direction::Inbound => "inbound",
                        Direction::Outbound => "outbound",
                    };
                    return Err(format!(
                        "Network ACL {} of subnet {subnet} denies the {} {way} ({rule}).",
                        acl.network_acl_id,
                        if reply { "reply" } else { "connection" }
                    ));
                }
            }
        }
        let inbound = db_groups.iter().any(|gid| {
            self.security_group(gid).is_some_and(|g| {
                g.inbound_rule_for(Protocol::Tcp, port, source_ip, &source_groups)
                    .is_some()
            })
        });
        if !inbound {
            return Err(format!(
                "No inbound rule in security group {} of {} {} allows TCP port {port} from {source_ip}{}.",
                db_groups.join(", "),
                target.kind,
                target.name,
                if source_groups.is_empty() {
                    String::new()
                } else {
                    format!(" (security group {})", source_groups.join(", "))
                }
            ));
        }
        Ok(source_ip)
    }
}
