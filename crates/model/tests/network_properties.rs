//! Properties of traced network paths under random changes to a two-subnet VPC
//! that starts out working (network ACL rules added and removed, the internet route taken away and put
//! back, security group rules, the gateway detached, the web server stopped):
//!
//! - a path lists the hops it checked; it is reachable exactly when every hop
//!   passed, and when blocked the last hop is the one that failed;
//! - "reachable from the internet" agrees with AWS's documented conditions,
//!   worked out here independently from the account's records (gateway, longest
//!   route, public address, running, ACL both ways with the first matching rule
//!   in number order, a security group rule for the client);
//! - the database is reached from the web server only when one of its group's
//!   rules names the web tier's group, or an address block holding the web
//!   server's address.

use std::net::Ipv4Addr;
use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_model::catalog::{self, Architecture, OsFamily};
use cloudlab_model::ec2::instances::{InstanceIdsInput, RunInstancesInput};
use cloudlab_model::ec2::internet_gateways::{
    CreateInternetGatewayInput, InternetGatewayAttachmentInput,
};
use cloudlab_model::ec2::network_acls::{
    CreateNetworkAclInput, DeleteNetworkAclEntryInput, NetworkAclEntryInput, PortRangeInput,
    ReplaceNetworkAclAssociationInput,
};
use cloudlab_model::ec2::paths::NetworkPath;
use cloudlab_model::ec2::route_tables::{
    AssociateRouteTableInput, CreateRouteTableInput, DeleteRouteInput, RouteInput,
};
use cloudlab_model::ec2::security_groups::{
    CreateSecurityGroupInput, IpPermission, RulePeer, SecurityGroupRulesInput,
};
use cloudlab_model::ec2::subnets::CreateSubnetInput;
use cloudlab_model::ec2::vpcs::CreateVpcInput;
use cloudlab_model::ec2::{Ipv4Cidr, Protocol};
use proptest::prelude::*;

const CLIENTS: [Ipv4Addr; 2] = [
    Ipv4Addr::new(203, 0, 113, 25),
    Ipv4Addr::new(198, 51, 100, 7),
];
const CIDRS: [&str; 4] = [
    "0.0.0.0/0",
    "203.0.113.0/24",
    "198.51.100.7/32",
    "10.0.0.0/16",
];
const PORTS: [(i64, i64); 3] = [(80, 80), (1024, 65535), (0, 65535)];

struct Lab {
    cloud: Cloud,
    vpc: String,
    igw: String,
    table: String,
    acl: String,
    web: String,
    db: String,
    web_sg: String,
    db_sg: String,
}

fn lab() -> Lab {
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
    let private = subnet(&mut c, "10.0.2.0/24");
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
    let table = c
        .create_route_table(CreateRouteTableInput {
            vpc_id: vpc.clone(),
            ..Default::default()
        })
        .unwrap()
        .route_table
        .route_table_id;
    c.associate_route_table(AssociateRouteTableInput {
        route_table_id: table.clone(),
        subnet_id: Some(public.clone()),
        ..Default::default()
    })
    .unwrap();
    // The public subnet gets an ACL of its own (it denies everything to start with).
    let acl = c
        .create_network_acl(CreateNetworkAclInput {
            vpc_id: vpc.clone(),
            ..Default::default()
        })
        .unwrap()
        .network_acl
        .network_acl_id;
    let assoc = c
        .network_acl_for_subnet(&public)
        .unwrap()
        .associations
        .iter()
        .find(|a| a.subnet_id == public)
        .unwrap()
        .network_acl_association_id
        .clone();
    c.replace_network_acl_association(ReplaceNetworkAclAssociationInput {
        association_id: assoc,
        network_acl_id: acl.clone(),
        ..Default::default()
    })
    .unwrap();
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
    // A working start: the page open to all, SSH from one range, replies out.
    for (egress, number, cidr, ports) in [
        (false, 100, "0.0.0.0/0", (80, 80)),
        (false, 110, "203.0.113.0/24", (22, 22)),
        (true, 100, "0.0.0.0/0", (1024, 65535)),
    ] {
        c.create_network_acl_entry(NetworkAclEntryInput {
            network_acl_id: acl.clone(),
            rule_number: number,
            protocol: "6".into(),
            rule_action: "allow".into(),
            egress,
            cidr_block: Some(cidr.into()),
            port_range: Some(PortRangeInput {
                from: Some(ports.0),
                to: Some(ports.1),
            }),
            ..Default::default()
        })
        .unwrap();
    }
    c.authorize_security_group_ingress(SecurityGroupRulesInput {
        group_id: Some(web_sg.clone()),
        ip_permissions: vec![IpPermission::cidr("tcp", 80, 80, "0.0.0.0/0")],
        ..Default::default()
    })
    .unwrap();
    let web = launch(&mut c, &public, &web_sg, true);
    let db = launch(&mut c, &private, &db_sg, false);
    c.advance(Duration::from_secs(60));
    Lab {
        cloud: c,
        vpc,
        igw,
        table,
        acl,
        web,
        db,
        web_sg,
        db_sg,
    }
}

#[derive(Clone, Debug)]
enum Op {
    AddAclEntry {
        egress: bool,
        number: i64,
        allow: bool,
        cidr: usize,
        all_protocols: bool,
        ports: usize,
    },
    DeleteAclEntry {
        egress: bool,
        number: i64,
    },
    RemoveInternetRoute,
    RestoreInternetRoute,
    AllowWeb {
        port: u16,
        cidr: usize,
    },
    AllowDbFromWebGroup,
    AllowDbFromBlock {
        cidr: usize,
    },
    DetachGateway,
    AttachGateway,
    StopWeb,
    StartWeb,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<bool>(), 1i64..300, any::<bool>(), 0..CIDRS.len(), any::<bool>(), 0..PORTS.len())
            .prop_map(|(egress, number, allow, cidr, all_protocols, ports)| Op::AddAclEntry {
                egress, number, allow, cidr, all_protocols, ports
            }),
        2 => (any::<bool>(), prop_oneof![Just(100i64), Just(110i64), 1i64..300]).prop_map(|(egress, number)| Op::DeleteAclEntry { egress, number }),
        1 => Just(Op::RemoveInternetRoute),
        1 => Just(Op::RestoreInternetRoute),
        2 => (prop_oneof![Just(80u16), Just(22u16)], 0..CIDRS.len())
            .prop_map(|(port, cidr)| Op::AllowWeb { port, cidr }),
        1 => Just(Op::AllowDbFromWebGroup),
        1 => (0..CIDRS.len()).prop_map(|cidr| Op::AllowDbFromBlock { cidr }),
        1 => Just(Op::DetachGateway),
        1 => Just(Op::AttachGateway),
        1 => Just(Op::StopWeb),
        1 => Just(Op::StartWeb),
    ]
}

/// Applies an operation; AWS may refuse it (a duplicate rule, a gateway with
/// public addresses mapped), which is part of the game.
fn apply(lab: &mut Lab, op: &Op) {
    let c = &mut lab.cloud;
    let _ = match op {
        Op::AddAclEntry {
            egress,
            number,
            allow,
            cidr,
            all_protocols,
            ports,
        } => c
            .create_network_acl_entry(NetworkAclEntryInput {
                network_acl_id: lab.acl.clone(),
                rule_number: *number,
                protocol: if *all_protocols { "-1" } else { "6" }.into(),
                rule_action: if *allow { "allow" } else { "deny" }.into(),
                egress: *egress,
                cidr_block: Some(CIDRS[*cidr].into()),
                port_range: Some(PortRangeInput {
                    from: Some(PORTS[*ports].0),
                    to: Some(PORTS[*ports].1),
                }),
                ..Default::default()
            })
            .map(|_| ()),
        Op::DeleteAclEntry { egress, number } => {
            c.delete_network_acl_entry(DeleteNetworkAclEntryInput {
                network_acl_id: lab.acl.clone(),
                rule_number: *number,
                egress: *egress,
                ..Default::default()
            })
        }
        Op::RemoveInternetRoute => c.delete_route(DeleteRouteInput {
            route_table_id: lab.table.clone(),
            destination_cidr_block: Some("0.0.0.0/0".into()),
            ..Default::default()
        }),
        Op::RestoreInternetRoute => c
            .create_route(RouteInput {
                route_table_id: lab.table.clone(),
                destination_cidr_block: Some("0.0.0.0/0".into()),
                gateway_id: Some(lab.igw.clone()),
                ..Default::default()
            })
            .map(|_| ()),
        Op::AllowWeb { port, cidr } => c
            .authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(lab.web_sg.clone()),
                ip_permissions: vec![IpPermission::cidr(
                    "tcp",
                    i32::from(*port),
                    i32::from(*port),
                    CIDRS[*cidr],
                )],
                ..Default::default()
            })
            .map(|_| ()),
        Op::AllowDbFromWebGroup => c
            .authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(lab.db_sg.clone()),
                ip_permissions: vec![IpPermission::group("tcp", 3306, 3306, &lab.web_sg)],
                ..Default::default()
            })
            .map(|_| ()),
        Op::AllowDbFromBlock { cidr } => c
            .authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(lab.db_sg.clone()),
                ip_permissions: vec![IpPermission::cidr("tcp", 3306, 3306, CIDRS[*cidr])],
                ..Default::default()
            })
            .map(|_| ()),
        Op::DetachGateway => c.detach_internet_gateway(InternetGatewayAttachmentInput {
            internet_gateway_id: lab.igw.clone(),
            vpc_id: lab.vpc.clone(),
            ..Default::default()
        }),
        Op::AttachGateway => c.attach_internet_gateway(InternetGatewayAttachmentInput {
            internet_gateway_id: lab.igw.clone(),
            vpc_id: lab.vpc.clone(),
            ..Default::default()
        }),
        Op::StopWeb => c
            .stop_instances(InstanceIdsInput {
                instance_ids: vec![lab.web.clone()],
                ..Default::default()
            })
            .map(|_| ()),
        Op::StartWeb => c
            .start_instances(InstanceIdsInput {
                instance_ids: vec![lab.web.clone()],
                ..Default::default()
            })
            .map(|_| ()),
    };
    c.advance(Duration::from_secs(60));
}

/// The first matching rule of one direction of an ACL, in number order.
fn acl_allows(c: &Cloud, subnet: &str, egress: bool, port: u16, peer: Ipv4Addr) -> bool {
    let Some(acl) = c.network_acl_for_subnet(subnet) else {
        return true;
    };
    let mut rules: Vec<_> = acl.entries.iter().filter(|e| e.egress == egress).collect();
    rules.sort_by_key(|e| e.rule_number);
    for e in rules {
        let peer_ok = Ipv4Cidr::parse(&e.cidr_block, true).is_ok_and(|b| b.contains(peer));
        let proto_ok = e.protocol == "-1" || e.protocol == "6";
        let port_ok = e.protocol == "-1"
            || e.port_range
                .as_ref()
                .is_none_or(|r| r.from <= port && port <= r.to);
        if peer_ok && proto_ok && port_ok {
            return e.rule_action == "allow";
        }
    }
    false
}

/// AWS's documented conditions for "reachable from the internet on TCP `port`".
fn oracle_from_internet(c: &Cloud, client: Ipv4Addr, instance_id: &str, port: u16) -> bool {
    let Some(i) = c.instance(instance_id) else {
        return false;
    };
    let Some(igw) = c.internet_gateway_for_vpc(&i.vpc_id) else {
        return false;
    };
    let routed = c.route_table_for_subnet(&i.subnet_id).is_some_and(|t| {
        t.routes
            .iter()
            .filter_map(|r| {
                Ipv4Cidr::parse(&r.destination_cidr_block, true)
                    .ok()
                    .filter(|b| b.contains(client))
                    .map(|b| (b.prefix, r))
            })
            .max_by_key(|(p, _)| *p)
            .is_some_and(|(_, r)| r.state == "active" && r.gateway_id == igw.internet_gateway_id)
    });
    let running = i.state == cloudlab_model::ec2::InstanceStateName::Running;
    let public = c.public_ip_of(instance_id).is_some();
    let in_ok = acl_allows(c, &i.subnet_id, false, port, client);
    let out_ok = acl_allows(c, &i.subnet_id, true, 50_000, client);
    let sg_ok = i.security_group_ids.iter().any(|g| {
        c.security_group(g).is_some_and(|g| {
            g.ingress.iter().any(|r| {
                r.allows(Protocol::Tcp, port)
                    && matches!(&r.peer, RulePeer::Ipv4(b) if b.contains(client))
            })
        })
    });
    routed && running && public && in_ok && out_ok && sg_ok
}

fn check_shape(path: &NetworkPath) -> Result<(), TestCaseError> {
    if path.is_reachable() {
        prop_assert!(!path.hops.is_empty());
        prop_assert!(path.hops.iter().all(|h| h.passed), "{path:?}");
    } else if let Some((last, before)) = path.hops.split_last() {
        prop_assert!(!last.passed, "{path:?}");
        prop_assert!(before.iter().all(|h| h.passed), "{path:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn traced_paths_agree_with_aws_rules(ops in proptest::collection::vec(op(), 1..25)) {
        let mut lab = lab();
        for op in &ops {
            apply(&mut lab, op);
            let c = &lab.cloud;
            for client in CLIENTS {
                for port in [80u16, 22] {
                    let path = c.trace_from_internet(client, &lab.web, Protocol::Tcp, port);
                    check_shape(&path)?;
                    prop_assert_eq!(
                        path.is_reachable(),
                        oracle_from_internet(c, client, &lab.web, port),
                        "{:?} from {} on {} after {:?}", path, client, port, op
                    );
                }
                // The database never has a way in from the internet.
                let db = c.trace_from_internet(client, &lab.db, Protocol::Tcp, 3306);
                check_shape(&db)?;
                prop_assert!(!db.is_reachable());
            }
            let inside = c.trace_between_instances(&lab.web, &lab.db, Protocol::Tcp, 3306);
            check_shape(&inside)?;
            if inside.is_reachable() {
                let web_ip = c.instance(&lab.web).map(|i| i.private_ip);
                let allowed = c.security_group(&lab.db_sg).is_some_and(|g| {
                    g.ingress.iter().any(|r| match &r.peer {
                        RulePeer::Group { group_id } => *group_id == lab.web_sg,
                        RulePeer::Ipv4(b) => web_ip.is_some_and(|ip| b.contains(ip)),
                        _ => false,
                    })
                });
                prop_assert!(allowed, "web reached db with no rule for it: {inside:?}");
            }
        }
    }
}
