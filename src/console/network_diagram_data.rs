//! What the network diagram draws, as plain data laid out from the model: each
//! VPC of the learner's (and the default VPC when something runs in it) as a
//! box with a column per Availability Zone, its subnets in those columns
//! (public ones first), the instances, NAT gateways and load balancer nodes in
//! each subnet, the internet gateway on the VPC's edge, and links: internet to
//! gateway, gateway to public subnets, private subnets to their NAT gateway, and
//! security group references between instances. Tested natively;
//! `network_diagram.rs` only turns it into SVG.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use cloudlab_model::Cloud;
use cloudlab_model::ec2::InstanceStateName;
use cloudlab_model::ec2::paths::NetworkPath;
use cloudlab_model::ec2::security_groups::RulePeer;
use cloudlab_model::ec2::vpc::Subnet;

/// Width of one Availability Zone's column.
pub const ZONE_WIDTH: f64 = 236.0;
const GAP: f64 = 14.0;
const PAD: f64 = 14.0;
const INTERNET_HEIGHT: f64 = 36.0;
const VPC_HEADER: f64 = 58.0;
const SUBNET_HEADER: f64 = 58.0;
const NODE_HEIGHT: f64 = 30.0;
const NODE_GAP: f64 = 6.0;
const EMPTY_SUBNET: f64 = 16.0;
const ZONE_LABEL: f64 = 18.0;

/// The id the internet has in a diagram (for highlighting).
pub const INTERNET: &str = "internet";

/// A rectangle, in SVG units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The centre.
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// An EC2 instance.
    Instance,
    /// A NAT gateway.
    NatGateway,
    /// A load balancer's node in one subnet.
    LoadBalancer,
    /// An internet gateway.
    InternetGateway,
}

/// A thing drawn inside a subnet (or on a VPC's edge).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The resource id (what a traced path names).
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Its name (Name tag) or id.
    pub label: String,
    /// A second line: addresses, state.
    pub detail: String,
    /// Whether it is in a state that works (running, available, active).
    pub up: bool,
    /// Where it is drawn.
    pub rect: Rect,
}

/// A subnet's box.
#[derive(Clone, Debug, PartialEq)]
pub struct SubnetBox {
    /// `subnet-...`.
    pub id: String,
    /// Its Name tag or id.
    pub label: String,
    /// Block and zone.
    pub detail: String,
    /// Whether its route table sends `0.0.0.0/0` to the internet gateway.
    pub public: bool,
    /// Where its `0.0.0.0/0` route goes, if anywhere.
    pub route: Option<String>,
    /// Its network ACL, and whether it is the VPC's default one.
    pub acl: (String, bool),
    /// Where it is drawn.
    pub rect: Rect,
    /// What runs in it.
    pub nodes: Vec<Node>,
}

/// A VPC's box.
#[derive(Clone, Debug, PartialEq)]
pub struct VpcBox {
    /// `vpc-...`.
    pub id: String,
    /// Its Name tag, or id (and "default").
    pub label: String,
    /// Its block.
    pub cidr: String,
    /// Where it is drawn.
    pub rect: Rect,
    /// Its zones' labels: (name, x of the label's centre, y of its baseline).
    pub zones: Vec<(String, f64, f64)>,
    /// Its attached internet gateway.
    pub gateway: Option<Node>,
    /// Its subnets.
    pub subnets: Vec<SubnetBox>,
}

/// What a link stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// The internet and an internet gateway.
    Internet,
    /// A route: gateway to public subnet, private subnet to NAT gateway.
    Route,
    /// A security group rule that names another group as its source.
    GroupReference,
}

/// A line between two drawn things.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// One end's id.
    pub from: String,
    /// The other end's id.
    pub to: String,
    /// What it stands for.
    pub kind: LinkKind,
    /// A short label (`tcp 3306`), if any.
    pub label: String,
    /// Start point.
    pub start: (f64, f64),
    /// End point.
    pub end: (f64, f64),
}

/// Everything the diagram draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
    /// The internet, above everything.
    pub internet: Rect,
    /// The VPCs, top to bottom.
    pub vpcs: Vec<VpcBox>,
    /// Links, drawn under the boxes' text.
    pub links: Vec<Link>,
}

fn name_or(tags: &[cloudlab_model::ec2::Tag], id: &str) -> String {
    tags.iter()
        .find(|t| t.key == "Name" && !t.value.is_empty())
        .map_or_else(|| id.to_string(), |t| t.value.clone())
}

/// The nodes of one subnet, unplaced (rects filled in by the layout).
fn subnet_nodes(cloud: &Cloud, subnet: &Subnet) -> Vec<Node> {
    let mut nodes = Vec::new();
    for i in cloud.instances() {
        if i.subnet_id != subnet.subnet_id || i.state == InstanceStateName::Terminated {
            continue;
        }
        let public = cloud
            .public_ip_of(&i.instance_id)
            .map(|ip| format!(" · {ip}"))
            .unwrap_or_default();
        nodes.push(Node {
            id: i.instance_id.clone(),
            kind: NodeKind::Instance,
            label: i
                .tags
                .get("Name")
                .cloned()
                .unwrap_or_else(|| i.instance_id.clone()),
            detail: format!("{}{public} · {}", i.private_ip, i.state),
            up: i.state == InstanceStateName::Running,
            rect: Rect::default(),
        });
    }
    for n in cloud.nat_gateways() {
        if n.subnet_id != subnet.subnet_id || n.state == "deleted" {
            continue;
        }
        let public = n.public_ip.map(|ip| format!(" · {ip}")).unwrap_or_default();
        nodes.push(Node {
            id: n.nat_gateway_id.clone(),
            kind: NodeKind::NatGateway,
            label: n.tags.get("Name").map_or_else(
                || format!("NAT {}", n.nat_gateway_id),
                |v| format!("NAT {v}"),
            ),
            detail: format!("{}{public} · {}", n.private_ip, n.state),
            up: n.is_available(),
            rect: Rect::default(),
        });
    }
    for lb in cloud.load_balancers() {
        for node in lb.nodes.iter().filter(|n| n.subnet_id == subnet.subnet_id) {
            nodes.push(Node {
                id: lb.name.clone(),
                kind: NodeKind::LoadBalancer,
                label: format!("ALB {}", lb.name),
                detail: format!("{} · {}", node.private_ip, lb.state),
                up: lb.is_active(),
                rect: Rect::default(),
            });
        }
    }
    nodes
}

/// Whether the diagram shows this VPC: every VPC but the default one, which is
/// shown only when something runs in it.
fn shown(cloud: &Cloud, vpc_id: &str, is_default: bool) -> bool {
    !is_default
        || cloud
            .subnets()
            .iter()
            .filter(|s| s.vpc_id == vpc_id)
            .any(|s| !subnet_nodes(cloud, s).is_empty())
}

impl Diagram {
    /// Lays out the account's VPCs with a column per Availability Zone.
    pub fn from_cloud(cloud: &Cloud) -> Diagram {
        Diagram::laid_out(cloud, false)
    }

    /// Lays out the account's VPCs with the zones one above the other, for
    /// narrow screens.
    pub fn stacked(cloud: &Cloud) -> Diagram {
        Diagram::laid_out(cloud, true)
    }

    fn laid_out(cloud: &Cloud, stacked: bool) -> Diagram {
        let mut vpcs = Vec::new();
        let mut links = Vec::new();
        let mut top = PAD + INTERNET_HEIGHT + 30.0;
        let mut width: f64 = 2.0 * PAD + ZONE_WIDTH + 2.0 * PAD;
        for vpc in cloud.vpcs() {
            if !shown(cloud, &vpc.vpc_id, vpc.is_default) {
                continue;
            }
            let mut by_zone: BTreeMap<String, Vec<(SubnetBox, Vec<Node>)>> = BTreeMap::new();
            for s in cloud.subnets().iter().filter(|s| s.vpc_id == vpc.vpc_id) {
                let nodes = subnet_nodes(cloud, s);
                if vpc.is_default && nodes.is_empty() {
                    continue;
                }
                let table = cloud.route_table_for_subnet(&s.subnet_id);
                let route = table.and_then(|t| {
                    t.route_for(std::net::Ipv4Addr::new(8, 8, 8, 8)).map(|r| {
                        r.nat_gateway_id
                            .clone()
                            .unwrap_or_else(|| r.gateway_id.clone())
                    })
                });
                let acl = cloud
                    .network_acl_for_subnet(&s.subnet_id)
                    .map(|a| (a.network_acl_id.clone(), a.is_default))
                    .unwrap_or_default();
                let public = cloud.subnet_is_public(&s.subnet_id);
                by_zone
                    .entry(s.availability_zone.clone())
                    .or_default()
                    .push((
                        SubnetBox {
                            id: s.subnet_id.clone(),
                            label: name_or(&s.tags, &s.subnet_id),
                            detail: format!("{} · {}", s.cidr_block, s.availability_zone),
                            public,
                            route,
                            acl,
                            rect: Rect::default(),
                            nodes: Vec::new(),
                        },
                        nodes,
                    ));
            }
            for subnets in by_zone.values_mut() {
                subnets
                    .sort_by(|(a, _), (b, _)| (!a.public, &a.detail).cmp(&(!b.public, &b.detail)));
            }
            let columns = if stacked { 1 } else { by_zone.len().max(1) };
            let rows = by_zone.values().map(Vec::len).max().unwrap_or(0);
            // Side by side, each row is as tall as its tallest subnet.
            let row_heights: Vec<f64> = (0..rows)
                .map(|r| {
                    by_zone
                        .values()
                        .filter_map(|col| col.get(r))
                        .map(|(_, nodes)| subnet_height(nodes.len()))
                        .fold(0.0, f64::max)
                })
                .collect();
            let vpc_x = PAD;
            let vpc_w = columns as f64 * (ZONE_WIDTH + GAP) - GAP + 2.0 * PAD;
            let mut zones = Vec::new();
            let mut subnets = Vec::new();
            // Stacked, each zone starts below the one before, under its label.
            let mut stack_y = top + VPC_HEADER - ZONE_LABEL;
            for (c, (zone, column)) in by_zone.into_iter().enumerate() {
                let x = if stacked {
                    vpc_x + PAD
                } else {
                    vpc_x + PAD + c as f64 * (ZONE_WIDTH + GAP)
                };
                let mut y = if stacked {
                    zones.push((zone, x + ZONE_WIDTH / 2.0, stack_y + 12.0));
                    stack_y + ZONE_LABEL
                } else {
                    zones.push((zone, x + ZONE_WIDTH / 2.0, top + VPC_HEADER - 12.0));
                    top + VPC_HEADER
                };
                for (r, (mut subnet, nodes)) in column.into_iter().enumerate() {
                    let h = if stacked {
                        subnet_height(nodes.len())
                    } else {
                        row_heights.get(r).copied().unwrap_or(SUBNET_HEADER)
                    };
                    subnet.rect = Rect {
                        x,
                        y,
                        w: ZONE_WIDTH,
                        h,
                    };
                    subnet.nodes = nodes
                        .into_iter()
                        .enumerate()
                        .map(|(i, mut n)| {
                            n.rect = Rect {
                                x: x + 8.0,
                                y: y + SUBNET_HEADER + i as f64 * (NODE_HEIGHT + NODE_GAP),
                                w: ZONE_WIDTH - 16.0,
                                h: NODE_HEIGHT,
                            };
                            n
                        })
                        .collect();
                    y += h + GAP;
                    subnets.push(subnet);
                }
                stack_y = y;
            }
            let bottom = if stacked {
                stack_y - GAP
            } else {
                top + VPC_HEADER
                    + row_heights.iter().sum::<f64>()
                    + GAP * rows.saturating_sub(1) as f64
            };
            let rect = Rect {
                x: vpc_x,
                y: top,
                w: vpc_w,
                h: (bottom - top + PAD).max(VPC_HEADER + PAD + EMPTY_SUBNET),
            };
            let gateway = cloud.internet_gateway_for_vpc(&vpc.vpc_id).map(|g| Node {
                id: g.internet_gateway_id.clone(),
                kind: NodeKind::InternetGateway,
                label: name_or(&g.tags, &g.internet_gateway_id),
                detail: "internet gateway".into(),
                up: true,
                rect: Rect {
                    x: vpc_x + vpc_w / 2.0 - 90.0,
                    y: top - 17.0,
                    w: 180.0,
                    h: 34.0,
                },
            });
            if let Some(g) = &gateway {
                links.push(Link {
                    from: INTERNET.into(),
                    to: g.id.clone(),
                    kind: LinkKind::Internet,
                    label: String::new(),
                    start: (g.rect.center().0, PAD + INTERNET_HEIGHT),
                    end: (g.rect.center().0, g.rect.y),
                });
                for s in subnets.iter().filter(|s| s.public) {
                    links.push(Link {
                        from: g.id.clone(),
                        to: s.id.clone(),
                        kind: LinkKind::Route,
                        label: String::new(),
                        start: (g.rect.center().0, g.rect.y + g.rect.h),
                        end: (s.rect.center().0, s.rect.y),
                    });
                }
            }
            for s in &subnets {
                let Some(target) = s.route.as_deref().filter(|r| r.starts_with("nat-")) else {
                    continue;
                };
                if let Some(nat) = subnets
                    .iter()
                    .flat_map(|x| &x.nodes)
                    .find(|n| n.id == target)
                {
                    links.push(Link {
                        from: s.id.clone(),
                        to: nat.id.clone(),
                        kind: LinkKind::Route,
                        label: String::new(),
                        start: (s.rect.x + s.rect.w - 12.0, s.rect.y + 12.0),
                        end: (nat.rect.x + nat.rect.w - 12.0, nat.rect.y + nat.rect.h),
                    });
                }
            }
            width = width.max(vpc_w + 2.0 * PAD);
            top += rect.h + 40.0;
            vpcs.push(VpcBox {
                id: vpc.vpc_id.clone(),
                label: if vpc.is_default {
                    format!("{} (default)", name_or(&vpc.tags, &vpc.vpc_id))
                } else {
                    name_or(&vpc.tags, &vpc.vpc_id)
                },
                cidr: vpc.cidr_block.clone(),
                rect,
                zones,
                gateway,
                subnets,
            });
        }
        links.extend(group_links(cloud, &vpcs));
        Diagram {
            width,
            height: top,
            internet: Rect {
                x: PAD,
                y: PAD,
                w: width - 2.0 * PAD,
                h: INTERNET_HEIGHT,
            },
            vpcs,
            links,
        }
    }

    /// Every node, wherever it is drawn.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.vpcs.iter().flat_map(|v| {
            v.gateway
                .iter()
                .chain(v.subnets.iter().flat_map(|s| s.nodes.iter()))
        })
    }

    /// The ids a traced path touches (instances, subnets, gateways, and the
    /// internet when it starts or ends there), and the id of what blocked it.
    pub fn path_ids(
        path: &NetworkPath,
        from_internet: bool,
        to_internet: bool,
    ) -> (HashSet<String>, Option<String>) {
        let mut ids: HashSet<String> = path
            .hops
            .iter()
            .flat_map(|h| h.kind.resource_ids())
            .map(str::to_string)
            .collect();
        if from_internet || to_internet {
            ids.insert(INTERNET.to_string());
        }
        let blocked = path.blocking_hop().and_then(|h| {
            let ids = h.kind.resource_ids();
            // A subnet-level hop (route table, ACL) points at the subnet.
            ids.iter()
                .find(|id| id.starts_with("subnet-"))
                .or_else(|| ids.first())
                .map(|id| id.to_string())
        });
        (ids, blocked)
    }
}

fn subnet_height(nodes: usize) -> f64 {
    if nodes == 0 {
        SUBNET_HEADER + EMPTY_SUBNET
    } else {
        SUBNET_HEADER + nodes as f64 * (NODE_HEIGHT + NODE_GAP) + 4.0
    }
}

/// Links for security group rules whose source is another group: from each
/// instance in the source group to each instance the rule protects.
fn group_links(cloud: &Cloud, vpcs: &[VpcBox]) -> Vec<Link> {
    let placed: BTreeMap<&str, &Node> = vpcs
        .iter()
        .flat_map(|v| v.subnets.iter().flat_map(|s| s.nodes.iter()))
        .filter(|n| n.kind == NodeKind::Instance)
        .map(|n| (n.id.as_str(), n))
        .collect();
    let mut seen = BTreeSet::new();
    let mut links = Vec::new();
    for target in cloud.instances() {
        let Some(to) = placed.get(target.instance_id.as_str()) else {
            continue;
        };
        for gid in &target.security_group_ids {
            let Some(group) = cloud.security_group(gid) else {
                continue;
            };
            for rule in &group.ingress {
                let RulePeer::Group { group_id: source } = &rule.peer else {
                    continue;
                };
                for sender in cloud
                    .instances()
                    .iter()
                    .filter(|i| i.security_group_ids.contains(source))
                {
                    let Some(from) = placed.get(sender.instance_id.as_str()) else {
                        continue;
                    };
                    if sender.instance_id == target.instance_id
                        || !seen.insert((sender.instance_id.clone(), target.instance_id.clone()))
                    {
                        continue;
                    }
                    let source_name = cloud
                        .security_group(source)
                        .map_or(source.as_str(), |g| g.group_name.as_str());
                    let summary = rule.summary();
                    let what = summary.split(" from ").next().unwrap_or(&summary);
                    links.push(Link {
                        from: sender.instance_id.clone(),
                        to: target.instance_id.clone(),
                        kind: LinkKind::GroupReference,
                        label: format!("{source_name} → {what}"),
                        start: (from.rect.x + 14.0, from.rect.y + from.rect.h),
                        end: (to.rect.x + 14.0, to.rect.y),
                    });
                }
            }
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlab_course::Catalog;
    use cloudlab_course::Lab;

    /// Chapter 9's lab after its solution up to the clean-up.
    fn chapter_9_lab() -> Cloud {
        let catalog = Catalog::embedded()
            .expect("embedded lessons")
            .expect("the lessons load");
        let chapter = catalog.chapter(9).expect("chapter 9");
        let mut lab = Lab::for_chapter(chapter).unwrap();
        let end = chapter
            .solution
            .iter()
            .position(|l| l.starts_with("aws ec2 terminate-instances"))
            .expect("the solution cleans up");
        lab.run_script(&chapter.solution[..end]).unwrap();
        lab.cloud
    }

    #[test]
    fn the_default_vpc_alone_draws_nothing() {
        let d = Diagram::from_cloud(&Cloud::default());
        assert!(d.vpcs.is_empty());
    }

    #[test]
    fn chapter_9_draws_two_zones_public_over_private_with_links() {
        let cloud = chapter_9_lab();
        let d = Diagram::from_cloud(&cloud);
        assert_eq!(d.vpcs.len(), 1, "only lab-vpc: the default VPC is empty");
        let vpc = &d.vpcs[0];
        assert_eq!(vpc.label, "lab-vpc");
        assert_eq!(vpc.zones.len(), 2);
        assert_eq!(vpc.subnets.len(), 4);
        // In each zone the public subnet is drawn above the private one.
        for zone in ["ap-northeast-2a", "ap-northeast-2c"] {
            let col: Vec<&SubnetBox> = vpc
                .subnets
                .iter()
                .filter(|s| s.detail.ends_with(zone))
                .collect();
            assert_eq!(col.len(), 2);
            assert!(col[0].public && !col[1].public);
            assert!(col[0].rect.y < col[1].rect.y);
        }
        let labels: Vec<&str> = d.nodes().map(|n| n.label.as_str()).collect();
        for wanted in ["lab-igw", "web", "db", "NAT lab-nat"] {
            assert!(labels.contains(&wanted), "{wanted} in {labels:?}");
        }
        let kinds: Vec<LinkKind> = d.links.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == LinkKind::Internet).count(),
            1
        );
        // The gateway to both public subnets, both private subnets to the NAT gateway.
        assert_eq!(kinds.iter().filter(|k| **k == LinkKind::Route).count(), 4);
        let reference = d
            .links
            .iter()
            .find(|l| l.kind == LinkKind::GroupReference)
            .expect("web-sg → db-sg");
        assert!(reference.label.contains("3306"), "{}", reference.label);
        // Everything fits inside the drawing.
        for n in d.nodes() {
            assert!(n.rect.x >= 0.0 && n.rect.x + n.rect.w <= d.width);
            assert!(n.rect.y + n.rect.h <= d.height);
        }
    }

    #[test]
    fn stacked_the_zones_go_one_above_the_other_in_one_column() {
        let cloud = chapter_9_lab();
        let d = Diagram::stacked(&cloud);
        let vpc = &d.vpcs[0];
        let xs: BTreeSet<u64> = vpc.subnets.iter().map(|s| s.rect.x as u64).collect();
        assert_eq!(xs.len(), 1, "one column");
        assert!(d.width < Diagram::from_cloud(&cloud).width);
        // No two subnets overlap, and each zone's label is above its subnets.
        for pair in vpc.subnets.windows(2) {
            assert!(pair[0].rect.y + pair[0].rect.h <= pair[1].rect.y);
        }
        for (zone, _, y) in &vpc.zones {
            let first = vpc
                .subnets
                .iter()
                .find(|s| s.detail.ends_with(zone.as_str()))
                .unwrap();
            assert!(*y < first.rect.y, "{zone}");
        }
        assert!(vpc.rect.y + vpc.rect.h <= d.height);
    }

    #[test]
    fn a_blocked_path_points_at_the_subnet_whose_table_blocks_it() {
        let cloud = chapter_9_lab();
        let db = cloud
            .instances()
            .iter()
            .find(|i| i.tags.get("Name").map(String::as_str) == Some("db"))
            .map(|i| i.instance_id.clone())
            .unwrap_or_default();
        let path = cloud.trace_from_internet(
            cloud.learner_ip(),
            &db,
            cloudlab_model::ec2::Protocol::Tcp,
            3306,
        );
        let (ids, blocked) = Diagram::path_ids(&path, true, false);
        assert!(ids.contains(INTERNET));
        let blocked = blocked.expect("blocked");
        assert!(blocked.starts_with("subnet-"), "{blocked}");
    }
}
