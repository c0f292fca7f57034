//! VPC checks (chapter 9): a VPC with subnets in two zones, public and private
//! subnets told apart by their routes, an instance reachable from the internet
//! and one that is not, a security group reference between tiers, a network ACL
//! deny placed before its allow, and a private instance that gets out through a
//! NAT gateway. Every verdict comes from a traced path, so a failure names the
//! hop that blocks.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use cloudlab_model::Cloud;
use cloudlab_model::ec2::Protocol;
use cloudlab_model::ec2::network::{BlockReason, Reachability};
use cloudlab_model::ec2::paths::NetworkPath;
use cloudlab_model::ec2::security_groups::RulePeer;
use cloudlab_model::ec2::vpc::{Direction, Vpc};

use crate::checks::{CheckOutcome, fail, pass};
use crate::inspect;
use crate::inspect::paths::explain_hop;
use crate::text::Text;

/// The VPC tagged `Name=name`.
fn named_vpc<'a>(cloud: &'a Cloud, name: &str) -> Result<&'a Vpc, CheckOutcome> {
    cloud
        .vpcs()
        .iter()
        .find(|v| v.tags.iter().any(|t| t.key == "Name" && t.value == name))
        .ok_or_else(|| {
            fail(
                format!("No VPC is tagged Name={name} yet."),
                format!("아직 Name={name} 태그가 붙은 VPC가 없어요."),
            )
        })
}

/// The instance tagged `Name=tag_value` (not terminated).
fn tagged_instance(cloud: &Cloud, tag_value: &str) -> Result<String, CheckOutcome> {
    inspect::existing_instances_tagged(cloud, "Name", tag_value)
        .into_iter()
        .next()
        .map(|i| i.id)
        .ok_or_else(|| {
            fail(
                format!("No instance is tagged Name={tag_value}."),
                format!("Name={tag_value} 태그가 붙은 인스턴스가 없어요."),
            )
        })
}

/// Why a path is blocked: its blocking hop in words, else the block reason.
fn why_blocked(path: &NetworkPath) -> Text {
    match (path.blocking_hop(), &path.reachability) {
        (Some(hop), _) => explain_hop(hop),
        (None, Reachability::Blocked(reason)) => inspect::explain_block(reason),
        (None, Reachability::Reachable { .. }) => Text::new("", ""),
    }
}

/// A VPC tagged `Name=name` with block `cidr` and at least `min_subnets`
/// subnets across at least `min_zones` Availability Zones.
pub(super) fn vpc_subnets(
    cloud: &Cloud,
    name: &str,
    cidr: &str,
    min_subnets: u32,
    min_zones: u32,
) -> CheckOutcome {
    let vpc = match named_vpc(cloud, name) {
        Ok(v) => v,
        Err(outcome) => return outcome,
    };
    if vpc.cidr_block != cidr {
        return fail(
            format!(
                "{name} ({}) has the block {}, not {cidr}. A VPC's primary block cannot change: delete it and create it again.",
                vpc.vpc_id, vpc.cidr_block
            ),
            format!(
                "{name}({})의 주소 블록이 {cidr}이(가) 아니라 {}이에요. VPC의 기본 블록은 바꿀 수 없으니 삭제하고 다시 만드세요.",
                vpc.vpc_id, vpc.cidr_block
            ),
        );
    }
    let subnets: Vec<_> = cloud
        .subnets()
        .iter()
        .filter(|s| s.vpc_id == vpc.vpc_id)
        .collect();
    let zones: BTreeSet<&str> = subnets
        .iter()
        .map(|s| s.availability_zone.as_str())
        .collect();
    let count = subnets.len() as u32;
    let zone_count = zones.len() as u32;
    if count < min_subnets || zone_count < min_zones {
        return fail(
            format!(
                "{name} has {count} subnet(s) in {zone_count} zone(s); the task needs {min_subnets} in {min_zones} zones. Give each `create-subnet` an `--availability-zone`."
            ),
            format!(
                "{name}에 서브넷이 {zone_count}개 가용 영역에 {count}개 있어요. 과제는 {min_zones}개 영역에 {min_subnets}개가 필요해요. `create-subnet`마다 `--availability-zone`을 주세요."
            ),
        );
    }
    let list = subnets
        .iter()
        .map(|s| format!("{} ({})", s.cidr_block, s.availability_zone))
        .collect::<Vec<_>>()
        .join(", ");
    pass(
        format!("{name} ({cidr}) has {count} subnets: {list}."),
        format!("{name}({cidr})에 서브넷이 {count}개 있어요: {list}."),
    )
}

/// In the VPC tagged `Name=vpc`, an internet gateway is attached, and public
/// subnets (route `0.0.0.0/0` to it) and private ones (no such route) each
/// span at least `min_zones` zones.
pub(super) fn public_and_private_subnets(cloud: &Cloud, vpc: &str, min_zones: u32) -> CheckOutcome {
    let v = match named_vpc(cloud, vpc) {
        Ok(v) => v,
        Err(outcome) => return outcome,
    };
    let Some(igw) = cloud.internet_gateway_for_vpc(&v.vpc_id) else {
        return fail(
            format!(
                "No internet gateway is attached to {vpc} ({}): create one and attach it.",
                v.vpc_id
            ),
            format!(
                "{vpc}({})에 연결된 인터넷 게이트웨이가 없어요. 만들어서 연결하세요.",
                v.vpc_id
            ),
        );
    };
    let mut public = BTreeSet::new();
    let mut private = BTreeSet::new();
    for s in cloud.subnets().iter().filter(|s| s.vpc_id == v.vpc_id) {
        if cloud.subnet_is_public(&s.subnet_id) {
            public.insert(s.availability_zone.as_str());
        } else {
            private.insert(s.availability_zone.as_str());
        }
    }
    let igw_id = &igw.internet_gateway_id;
    if (public.len() as u32) < min_zones {
        return fail(
            format!(
                "Public subnets are in {} zone(s), not {min_zones}: a subnet is public when its route table sends 0.0.0.0/0 to {igw_id}. Add that route to a route table and associate it with one subnet in each zone.",
                public.len()
            ),
            format!(
                "퍼블릭 서브넷이 {min_zones}개가 아니라 {}개 가용 영역에 있어요. 라우팅 테이블이 0.0.0.0/0을 {igw_id}(으)로 보내는 서브넷이 퍼블릭 서브넷이에요. 그 경로를 라우팅 테이블에 추가하고 영역마다 서브넷 하나씩 연결하세요.",
                public.len()
            ),
        );
    }
    if (private.len() as u32) < min_zones {
        return fail(
            format!(
                "Private subnets are in {} zone(s), not {min_zones}: every subnet routes to {igw_id}. The private ones must keep a route table with no route to the internet gateway (the main table, if you left it alone).",
                private.len()
            ),
            format!(
                "프라이빗 서브넷이 {min_zones}개가 아니라 {}개 가용 영역에 있어요. 모든 서브넷이 {igw_id}(으)로 가요. 프라이빗 서브넷은 인터넷 게이트웨이로 가는 경로가 없는 라우팅 테이블(건드리지 않았다면 기본 테이블)을 써야 해요.",
                private.len()
            ),
        );
    }
    let join = |zones: &BTreeSet<&str>| zones.iter().copied().collect::<Vec<_>>().join(", ");
    pass(
        format!(
            "Public subnets in {}; private subnets in {}; internet gateway {igw_id} attached.",
            join(&public),
            join(&private)
        ),
        format!(
            "퍼블릭 서브넷: {}, 프라이빗 서브넷: {}, 인터넷 게이트웨이 {igw_id} 연결됨.",
            join(&public),
            join(&private)
        ),
    )
}

/// The instance tagged `Name=tag_value` is reachable from the learner's
/// address on TCP `port`.
pub(super) fn reachable_from_internet(cloud: &Cloud, tag_value: &str, port: u16) -> CheckOutcome {
    let id = match tagged_instance(cloud, tag_value) {
        Ok(id) => id,
        Err(outcome) => return outcome,
    };
    let path = cloud.trace_from_internet(cloud.learner_ip(), &id, Protocol::Tcp, port);
    if path.is_reachable() {
        return pass(
            format!(
                "From your address, TCP {port} reaches {tag_value} ({id}) through {} hops.",
                path.hops.len()
            ),
            format!(
                "내 주소에서 TCP {port}번 포트가 {}개 단계를 거쳐 {tag_value}({id})에 닿아요.",
                path.hops.len()
            ),
        );
    }
    let why = why_blocked(&path);
    fail(
        format!(
            "TCP {port} does not reach {tag_value} ({id}) from the internet. {}",
            why.en
        ),
        format!(
            "인터넷에서 TCP {port}번 포트로 {tag_value}({id})에 닿지 않아요. {}",
            why.ko
        ),
    )
}

/// The instance tagged `Name=tag_value` is in a private subnet and nothing on
/// the internet reaches it on TCP `port`.
pub(super) fn unreachable_from_internet(cloud: &Cloud, tag_value: &str, port: u16) -> CheckOutcome {
    let id = match tagged_instance(cloud, tag_value) {
        Ok(id) => id,
        Err(outcome) => return outcome,
    };
    let Some(instance) = cloud.instance(&id) else {
        return fail(format!("{id} is gone."), format!("{id}이(가) 없어요."));
    };
    if cloud.subnet_is_public(&instance.subnet_id) {
        return fail(
            format!(
                "{tag_value} ({id}) runs in {}, a public subnet (its route table sends 0.0.0.0/0 to the internet gateway). Launch it in a private subnet.",
                instance.subnet_id
            ),
            format!(
                "{tag_value}({id})이(가) 퍼블릭 서브넷 {}에서 실행 중이에요(라우팅 테이블이 0.0.0.0/0을 인터넷 게이트웨이로 보내요). 프라이빗 서브넷에서 시작하세요.",
                instance.subnet_id
            ),
        );
    }
    let path =
        cloud.trace_from_internet(Ipv4Addr::new(198, 51, 100, 200), &id, Protocol::Tcp, port);
    if path.is_reachable() {
        return fail(
            format!("{tag_value} ({id}) can be reached from the internet on TCP {port}."),
            format!("인터넷에서 TCP {port}번 포트로 {tag_value}({id})에 닿아요."),
        );
    }
    let why = why_blocked(&path);
    pass(
        format!(
            "Nothing on the internet reaches {tag_value} ({id}) on TCP {port}: {}",
            why.en
        ),
        format!(
            "인터넷의 어떤 주소도 TCP {port}번 포트로 {tag_value}({id})에 닿지 않아요. {}",
            why.ko
        ),
    )
}

/// Instance `from` reaches instance `to` on TCP `port` over the VPC.
pub(super) fn reachable_between(cloud: &Cloud, from: &str, to: &str, port: u16) -> CheckOutcome {
    let (src, dst) = match (tagged_instance(cloud, from), tagged_instance(cloud, to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(outcome), _) | (_, Err(outcome)) => return outcome,
    };
    let path = cloud.trace_between_instances(&src, &dst, Protocol::Tcp, port);
    if let Reachability::Reachable {
        via_security_group_rule,
        ..
    } = &path.reachability
    {
        // It must be the group reference that lets it in, not an address range.
        let sender_groups = cloud
            .instance(&src)
            .map(|i| i.security_group_ids.clone())
            .unwrap_or_default();
        let by_reference = cloud
            .security_group(&via_security_group_rule.group_id)
            .and_then(|g| {
                g.ingress
                    .iter()
                    .find(|r| r.rule_id == via_security_group_rule.security_group_rule_id)
            })
            .is_some_and(|r| {
                matches!(&r.peer, RulePeer::Group { group_id } if sender_groups.contains(group_id))
            });
        if !by_reference {
            return fail(
                format!(
                    "{from} reaches {to} on TCP {port}, but through {} ({}), a rule on addresses: anything with such an address gets in too. Allow the port from {from}'s security group instead (`--source-group`).",
                    via_security_group_rule.group_id, via_security_group_rule.description
                ),
                format!(
                    "{from}에서 {to}의 TCP {port}번 포트에 닿지만, 주소 기반 규칙인 {}({})을(를) 통해서예요. 그 주소를 가진 것은 무엇이든 들어올 수 있어요. 대신 {from}의 보안 그룹에서 오는 포트를 허용하세요(`--source-group`).",
                    via_security_group_rule.group_id, via_security_group_rule.description
                ),
            );
        }
        return pass(
            format!(
                "{from} reaches {to} on TCP {port}, allowed by {} ({}).",
                via_security_group_rule.group_id, via_security_group_rule.description
            ),
            format!(
                "{from}에서 {to}의 TCP {port}번 포트에 닿아요. {}({})이(가) 허용해요.",
                via_security_group_rule.group_id, via_security_group_rule.description
            ),
        );
    }
    let why = why_blocked(&path);
    fail(
        format!("{from} does not reach {to} on TCP {port}. {}", why.en),
        format!(
            "{from}에서 {to}의 TCP {port}번 포트에 닿지 않아요. {}",
            why.ko
        ),
    )
}

/// From `blocked`, the instance's TCP `port` is refused by a numbered network
/// ACL rule; from `allowed` it still gets through.
pub(super) fn acl_blocks_address(
    cloud: &Cloud,
    tag_value: &str,
    port: u16,
    blocked: Ipv4Addr,
    allowed: Ipv4Addr,
) -> CheckOutcome {
    let id = match tagged_instance(cloud, tag_value) {
        Ok(id) => id,
        Err(outcome) => return outcome,
    };
    let attack = cloud.trace_from_internet(blocked, &id, Protocol::Tcp, port);
    let denied_by_rule = matches!(
        attack.reachability,
        Reachability::Blocked(BlockReason::NetworkAclDenied {
            rule_number: Some(_),
            direction: Direction::Inbound,
            ..
        })
    );
    if !denied_by_rule {
        let detail = match &attack.reachability {
            Reachability::Reachable { .. } => {
                let acl = cloud
                    .instance(&id)
                    .and_then(|i| cloud.network_acl_for_subnet(&i.subnet_id));
                let allow = acl
                    .map(|a| a.evaluate(Direction::Inbound, Protocol::Tcp.number(), port, blocked))
                    .and_then(|v| v.rule_number);
                let covers_address = |e: &&cloudlab_model::ec2::vpc::NetworkAclEntry| {
                    !e.egress
                        && e.rule_action == "deny"
                        && e.rule_number < 32_767
                        && cloudlab_model::ec2::Ipv4Cidr::parse(&e.cidr_block, true)
                            .is_ok_and(|c| c.contains(blocked))
                };
                let covers_port = |e: &&cloudlab_model::ec2::vpc::NetworkAclEntry| {
                    (e.protocol == "-1" || e.protocol == "6")
                        && e.port_range
                            .as_ref()
                            .is_none_or(|r| r.from <= port && port <= r.to)
                };
                let denies =
                    acl.map(|a| a.entries.iter().filter(covers_address).collect::<Vec<_>>());
                let late = denies.as_ref().and_then(|d| {
                    d.iter()
                        .copied()
                        .filter(covers_port)
                        .map(|e| e.rule_number)
                        .min()
                });
                let narrow = denies
                    .as_ref()
                    .and_then(|d| d.first().map(|e| e.rule_number));
                match (allow, late, narrow) {
                    (Some(allow), Some(deny), _) => Text::new(
                        format!(
                            "Rule {deny} denies {blocked}, but rule {allow} allows it first: rules are checked from the lowest number and the first match wins. Give the deny a number below {allow}."
                        ),
                        format!(
                            "규칙 {deny}이(가) {blocked}을(를) 거부하지만 규칙 {allow}이(가) 먼저 허용해요. 규칙은 번호가 낮은 것부터 검사하고 처음 맞는 규칙이 적용돼요. 거부 규칙에 {allow}보다 작은 번호를 주세요."
                        ),
                    ),
                    (_, None, Some(deny)) => Text::new(
                        format!(
                            "Rule {deny} names {blocked}, but not TCP port {port}: give it `--protocol -1` (all traffic)."
                        ),
                        format!(
                            "규칙 {deny}이(가) {blocked}을(를) 다루지만 TCP {port}번 포트는 포함하지 않아요. `--protocol -1`(모든 트래픽)로 만드세요."
                        ),
                    ),
                    _ => Text::new(
                        format!(
                            "{blocked} still reaches port {port}: the subnet's network ACL has no inbound deny rule for it."
                        ),
                        format!(
                            "{blocked}이(가) 여전히 {port}번 포트에 닿아요. 서브넷의 네트워크 ACL에 이 주소를 거부하는 인바운드 규칙이 없어요."
                        ),
                    ),
                }
            }
            Reachability::Blocked(BlockReason::NetworkAclDenied {
                rule_number: Some(n),
                direction: Direction::Outbound,
                ..
            }) => Text::new(
                format!(
                    "Rule {n} is an outbound rule: it drops the replies to {blocked}, but its requests still reach `{tag_value}`. Create the deny with `--ingress`."
                ),
                format!(
                    "규칙 {n}은(는) 아웃바운드 규칙이라 {blocked}(으)로 가는 응답만 버리고, 요청은 여전히 `{tag_value}`에 닿아요. 거부 규칙을 `--ingress`로 만드세요."
                ),
            ),
            Reachability::Blocked(reason) => {
                let why = inspect::explain_block(reason);
                Text::new(
                    format!(
                        "{blocked} is blocked, but not by a numbered network ACL rule: {}",
                        why.en
                    ),
                    format!(
                        "{blocked}이(가) 막히긴 하지만 번호 붙은 네트워크 ACL 규칙 때문은 아니에요. {}",
                        why.ko
                    ),
                )
            }
        };
        return CheckOutcome::failed(detail);
    }
    let visitor = cloud.trace_from_internet(allowed, &id, Protocol::Tcp, port);
    if !visitor.is_reachable() {
        let why = why_blocked(&visitor);
        return fail(
            format!(
                "{blocked} is denied, but so is everyone else: from {allowed}, port {port} is blocked. {}",
                why.en
            ),
            format!(
                "{blocked}은(는) 거부되지만 다른 주소도 모두 막혀요. {allowed}에서 {port}번 포트가 막혀요. {}",
                why.ko
            ),
        );
    }
    let rule = match &attack.reachability {
        Reachability::Blocked(BlockReason::NetworkAclDenied {
            rule_number: Some(n),
            acl_id,
            ..
        }) => format!("{acl_id} rule {n}"),
        _ => String::new(),
    };
    pass(
        format!("{rule} denies {blocked}; {allowed} still reaches port {port}."),
        format!(
            "{rule}이(가) {blocked}을(를) 거부하고, {allowed}은(는) 여전히 {port}번 포트에 닿아요."
        ),
    )
}

/// The instance tagged `Name=tag_value` has no public address, yet opens TCP
/// connections to the internet on `port` (through a NAT gateway).
pub(super) fn reaches_internet_privately(
    cloud: &Cloud,
    tag_value: &str,
    port: u16,
) -> CheckOutcome {
    let id = match tagged_instance(cloud, tag_value) {
        Ok(id) => id,
        Err(outcome) => return outcome,
    };
    if cloud.public_ip_of(&id).is_some() {
        return fail(
            format!(
                "{tag_value} ({id}) has a public address: a private instance must get out without one, through a NAT gateway."
            ),
            format!(
                "{tag_value}({id})에 퍼블릭 주소가 있어요. 프라이빗 인스턴스는 퍼블릭 주소 없이 NAT 게이트웨이를 거쳐 나가야 해요."
            ),
        );
    }
    let path = cloud.trace_to_internet(&id, Ipv4Addr::new(52, 95, 110, 1), Protocol::Tcp, port);
    if path.is_reachable() {
        let nat = path
            .hops
            .iter()
            .find_map(|h| match &h.kind {
                cloudlab_model::ec2::paths::HopKind::NatGateway { nat_gateway_id, .. } => {
                    Some(nat_gateway_id.clone())
                }
                _ => None,
            })
            .unwrap_or_default();
        return pass(
            format!("{tag_value} ({id}) gets out on TCP {port} through {nat}."),
            format!("{tag_value}({id})이(가) {nat}을(를) 거쳐 TCP {port}번 포트로 나가요."),
        );
    }
    let why = why_blocked(&path);
    fail(
        format!(
            "{tag_value} ({id}) cannot open a connection to the internet on TCP {port}. {}",
            why.en
        ),
        format!(
            "{tag_value}({id})이(가) 인터넷의 TCP {port}번 포트로 연결하지 못해요. {}",
            why.ko
        ),
    )
}
