//! Network paths in words: each hop of a traced path says what it checked and
//! what it found, in both languages, for the reachability view and for checks.

use cloudlab_model::Cloud;
use cloudlab_model::ec2::Protocol;
use cloudlab_model::ec2::paths::{Hop, HopKind, NetworkPath};
use cloudlab_model::ec2::vpc::{Direction, Route};

use crate::text::Text;

/// Where a traced path starts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathSource {
    /// An address on the internet (the learner's, or any other).
    Internet(std::net::Ipv4Addr),
    /// An instance.
    Instance(String),
}

/// Where a traced path ends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathDestination {
    /// An instance (its public address from the internet, its private one from inside).
    Instance(String),
    /// An address on the internet.
    Internet(std::net::Ipv4Addr),
}

/// A question the reachability view asks: from where, to where, which port.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PathQuery {
    /// Where the packet starts.
    pub source: PathSource,
    /// Where it goes.
    pub destination: PathDestination,
    /// The protocol.
    pub protocol: Protocol,
    /// The destination port.
    pub port: u16,
}

impl PathQuery {
    /// Reads the reachability form: each end is `internet` or `instance:ID`;
    /// `address` is the internet end's IPv4 address (the learner's when empty);
    /// `port` is 1 to 65535. A form that cannot be a path says why.
    pub fn from_form(
        cloud: &Cloud,
        source: &str,
        destination: &str,
        address: &str,
        protocol: Protocol,
        port: &str,
    ) -> Result<PathQuery, Text> {
        let address = address.trim();
        let ip = if address.is_empty() {
            cloud.learner_ip()
        } else {
            address.parse().map_err(|_| {
                Text::new(
                    format!("{address} is not an IPv4 address such as 203.0.113.25."),
                    format!("{address}은(는) 203.0.113.25 같은 IPv4 주소가 아니에요."),
                )
            })?
        };
        let port: u16 = port.trim().parse().ok().filter(|p| *p > 0).ok_or_else(|| {
            Text::new(
                "The port is a number from 1 to 65535.",
                "포트는 1부터 65535까지의 숫자예요.",
            )
        })?;
        let end = |choice: &str| choice.strip_prefix("instance:").map(str::to_string);
        let source = match end(source) {
            Some(id) => PathSource::Instance(id),
            None => PathSource::Internet(ip),
        };
        let destination = match end(destination) {
            Some(id) => PathDestination::Instance(id),
            None => PathDestination::Internet(ip),
        };
        if matches!(
            (&source, &destination),
            (PathSource::Internet(_), PathDestination::Internet(_))
        ) {
            return Err(Text::new(
                "Pick an instance at one end at least: a path from the internet to the internet does not cross your account.",
                "적어도 한쪽 끝은 인스턴스를 고르세요. 인터넷에서 인터넷으로 가는 경로는 내 계정을 지나지 않아요.",
            ));
        }
        if let (PathSource::Instance(a), PathDestination::Instance(b)) = (&source, &destination)
            && a == b
        {
            return Err(Text::new(
                "Pick two different instances.",
                "서로 다른 인스턴스 두 개를 고르세요.",
            ));
        }
        Ok(PathQuery {
            source,
            destination,
            protocol,
            port,
        })
    }

    /// Traces the path in `cloud`.
    pub fn trace(&self, cloud: &Cloud) -> Option<NetworkPath> {
        trace(
            cloud,
            &self.source,
            &self.destination,
            self.protocol,
            self.port,
        )
    }
}

/// The verdict of a traced path in words.
pub fn explain_verdict(path: &NetworkPath) -> Text {
    match &path.reachability {
        cloudlab_model::ec2::network::Reachability::Reachable {
            via_security_group_rule,
            ..
        } => Text::new(
            format!(
                "Reachable: every hop lets it through, both ways ({} allows it).",
                via_security_group_rule.description
            ),
            format!(
                "닿아요. 모든 단계가 양방향으로 통과시켜요({}이(가) 허용해요).",
                via_security_group_rule.description
            ),
        ),
        cloudlab_model::ec2::network::Reachability::Blocked(reason) => {
            let why = crate::inspect::explain_block(reason);
            Text::new(
                format!("Blocked: {}", why.en),
                format!("막혀요. {}", why.ko),
            )
        }
    }
}

/// Traces a path between any source and destination the reachability view offers.
/// Internet to internet is not a path through the account: `None`.
pub fn trace(
    cloud: &Cloud,
    source: &PathSource,
    destination: &PathDestination,
    protocol: Protocol,
    port: u16,
) -> Option<NetworkPath> {
    Some(match (source, destination) {
        (PathSource::Internet(ip), PathDestination::Instance(id)) => {
            cloud.trace_from_internet(*ip, id, protocol, port)
        }
        (PathSource::Instance(from), PathDestination::Instance(to)) => {
            cloud.trace_between_instances(from, to, protocol, port)
        }
        (PathSource::Instance(from), PathDestination::Internet(ip)) => {
            cloud.trace_to_internet(from, *ip, protocol, port)
        }
        (PathSource::Internet(_), PathDestination::Internet(_)) => return None,
    })
}

fn target_of(route: &Route) -> String {
    route
        .nat_gateway_id
        .clone()
        .unwrap_or_else(|| route.gateway_id.clone())
}

/// One hop in words: what it is and what it found.
pub fn explain_hop(hop: &Hop) -> Text {
    let ok = hop.passed;
    match &hop.kind {
        HopKind::Instance { instance_id, state } => {
            if ok {
                Text::new(
                    format!("Instance {instance_id} is running."),
                    format!("인스턴스 {instance_id}이(가) 실행 중이에요."),
                )
            } else {
                Text::new(
                    format!("Instance {instance_id} is {state}, not running."),
                    format!("인스턴스 {instance_id}이(가) 실행 중이 아니라 {state} 상태예요."),
                )
            }
        }
        HopKind::PublicAddress {
            instance_id,
            address,
        } => match address {
            Some(ip) => Text::new(
                format!(
                    "{instance_id} has the public address {ip}; the internet gateway translates it to the private one."
                ),
                format!(
                    "{instance_id}에 퍼블릭 주소 {ip}이(가) 있어요. 인터넷 게이트웨이가 이 주소를 프라이빗 주소로 바꿔 줘요."
                ),
            ),
            None => Text::new(
                format!(
                    "{instance_id} has no public IPv4 address, so the internet has nothing to send to: launch it with one (`--associate-public-ip-address`, or a subnet that maps public addresses on launch) or give it an Elastic IP."
                ),
                format!(
                    "{instance_id}에 퍼블릭 IPv4 주소가 없어서 인터넷에서 보낼 곳이 없어요. 퍼블릭 주소와 함께 시작하거나(`--associate-public-ip-address`, 또는 시작할 때 퍼블릭 주소를 주는 서브넷) 탄력적 IP를 연결하세요."
                ),
            ),
        },
        HopKind::InternetGateway {
            vpc_id,
            internet_gateway_id,
        } => match internet_gateway_id {
            Some(igw) if ok => Text::new(
                format!("Internet gateway {igw} is attached to {vpc_id}."),
                format!("인터넷 게이트웨이 {igw}이(가) {vpc_id}에 연결되어 있어요."),
            ),
            _ => Text::new(
                format!(
                    "{vpc_id} has no internet gateway attached: nothing connects it to the internet."
                ),
                format!("{vpc_id}에 연결된 인터넷 게이트웨이가 없어서 인터넷과 이어지지 않아요."),
            ),
        },
        HopKind::RouteTable {
            route_table_id,
            subnet_id,
            main,
            destination,
            route,
        } => {
            let (which_en, which_ko) = if *main {
                ("the main route table", "기본(main) 라우팅 테이블")
            } else {
                ("its route table", "연결된 라우팅 테이블")
            };
            match route {
                Some(r) if r.state == "blackhole" => Text::new(
                    format!(
                        "{subnet_id} uses {which_en} {route_table_id}, whose route {} for {destination} is a black hole: its target {} is detached or deleted, so the traffic is dropped. Point it somewhere that exists (`replace-route`) or delete it (`delete-route`).",
                        r.destination_cidr_block,
                        target_of(r)
                    ),
                    format!(
                        "{subnet_id}은(는) {which_ko} {route_table_id}을(를) 쓰는데, {destination}에 맞는 경로 {}이(가) 블랙홀이에요. 대상 {}이(가) 분리되거나 삭제되어 트래픽이 버려져요. 있는 대상으로 바꾸거나(`replace-route`) 경로를 삭제하세요(`delete-route`).",
                        r.destination_cidr_block,
                        target_of(r)
                    ),
                ),
                Some(r) if ok => Text::new(
                    format!(
                        "{subnet_id} uses {which_en} {route_table_id}: route {} sends {destination} to {}.",
                        r.destination_cidr_block,
                        target_of(r)
                    ),
                    format!(
                        "{subnet_id}은(는) {which_ko} {route_table_id}을(를) 써요. 경로 {}이(가) {destination}을(를) {}(으)로 보내요.",
                        r.destination_cidr_block,
                        target_of(r)
                    ),
                ),
                Some(r) => Text::new(
                    format!(
                        "{subnet_id} uses {which_en} {route_table_id}, whose route {} sends {destination} to {}, not where this traffic must go (an internet gateway for a public subnet).",
                        r.destination_cidr_block,
                        target_of(r)
                    ),
                    format!(
                        "{subnet_id}은(는) {which_ko} {route_table_id}을(를) 쓰는데, 경로 {}이(가) {destination}을(를) {}(으)로 보내요. 이 트래픽이 가야 할 곳(퍼블릭 서브넷이라면 인터넷 게이트웨이)이 아니에요.",
                        r.destination_cidr_block,
                        target_of(r)
                    ),
                ),
                None => Text::new(
                    format!(
                        "{subnet_id} uses {which_en} {route_table_id}, which has no route for {destination}: add `0.0.0.0/0` to an internet gateway (public subnet) or a NAT gateway (private subnet going out)."
                    ),
                    format!(
                        "{subnet_id}은(는) {which_ko} {route_table_id}을(를) 쓰는데, {destination}(으)로 가는 경로가 없어요. 인터넷 게이트웨이(퍼블릭 서브넷)나 NAT 게이트웨이(밖으로 나가는 프라이빗 서브넷)로 가는 `0.0.0.0/0`을 추가하세요."
                    ),
                ),
            }
        }
        HopKind::NetworkAcl {
            network_acl_id,
            subnet_id,
            direction,
            rule_number,
            peer,
            port,
            reply,
        } => {
            let (way_en, way_ko) = match (direction, reply) {
                (Direction::Inbound, false) => ("inbound", "인바운드"),
                (Direction::Outbound, false) => ("outbound", "아웃바운드"),
                (Direction::Inbound, true) => ("inbound (the reply)", "인바운드(응답)"),
                (Direction::Outbound, true) => ("outbound (the reply)", "아웃바운드(응답)"),
            };
            let (peer_en, peer_ko) = match direction {
                Direction::Inbound => (format!("from {peer}"), format!("{peer}에서 오는")),
                Direction::Outbound => (format!("to {peer}"), format!("{peer}(으)로 가는")),
            };
            let (rule_en, rule_ko) = match rule_number {
                Some(n) => (format!("rule {n}"), format!("규칙 {n}")),
                None => (
                    "the final * rule (no numbered rule matched)".to_string(),
                    "마지막 * 규칙(번호 붙은 규칙 중 맞는 것이 없음)".to_string(),
                ),
            };
            let (verb_en, verb_ko) = if ok {
                ("allows", "허용해요")
            } else {
                ("denies", "거부해요")
            };
            let reply_note = if *reply && !ok {
                (
                    " Network ACLs are stateless: the reply needs its own rule for ephemeral ports (1024-65535).",
                    " 네트워크 ACL은 상태가 없어서(stateless) 응답에도 임시 포트(1024-65535) 규칙이 따로 있어야 해요.",
                )
            } else {
                ("", "")
            };
            Text::new(
                format!(
                    "Network ACL {network_acl_id} of {subnet_id}, {way_en}: {rule_en} {verb_en} port {port} {peer_en}.{}",
                    reply_note.0
                ),
                format!(
                    "{subnet_id}의 네트워크 ACL {network_acl_id}, {way_ko}: {rule_ko}이(가) {peer_ko} {port}번 포트를 {verb_ko}.{}",
                    reply_note.1
                ),
            )
        }
        HopKind::SecurityGroups {
            instance_id,
            group_ids,
            direction,
            rule,
            peer,
            port,
        } => {
            let groups = group_ids.join(", ");
            match (rule, direction) {
                (Some(rule), Direction::Inbound) => Text::new(
                    format!(
                        "Security group {} of {instance_id} lets it in ({}). Security groups are stateful: the reply goes out without a rule.",
                        rule.group_id, rule.description
                    ),
                    format!(
                        "{instance_id}의 보안 그룹 {}이(가) 들여보내요({}). 보안 그룹은 상태 저장(stateful)이라 응답은 규칙 없이 나가요.",
                        rule.group_id, rule.description
                    ),
                ),
                (Some(rule), Direction::Outbound) => Text::new(
                    format!(
                        "Security group {} of {instance_id} lets it out ({}).",
                        rule.group_id, rule.description
                    ),
                    format!(
                        "{instance_id}의 보안 그룹 {}이(가) 내보내요({}).",
                        rule.group_id, rule.description
                    ),
                ),
                (None, Direction::Inbound) => Text::new(
                    format!(
                        "No inbound rule of {groups} (the security groups of {instance_id}) allows port {port} from {peer}: the packets are dropped silently."
                    ),
                    format!(
                        "{instance_id}의 보안 그룹 {groups}에 {peer}에서 오는 {port}번 포트를 허용하는 인바운드 규칙이 없어서 패킷이 조용히 버려져요."
                    ),
                ),
                (None, Direction::Outbound) => Text::new(
                    format!(
                        "No outbound rule of {groups} (the security groups of {instance_id}) allows port {port} to {peer}."
                    ),
                    format!(
                        "{instance_id}의 보안 그룹 {groups}에 {peer}(으)로 가는 {port}번 포트를 허용하는 아웃바운드 규칙이 없어요."
                    ),
                ),
            }
        }
        HopKind::NatGateway {
            nat_gateway_id,
            state,
            public_ip,
        } => match public_ip {
            Some(ip) if ok => Text::new(
                format!(
                    "NAT gateway {nat_gateway_id} is available: it sends the traffic on from its Elastic IP {ip}, and only replies come back in."
                ),
                format!(
                    "NAT 게이트웨이 {nat_gateway_id}이(가) 사용 가능해요. 탄력적 IP {ip}에서 트래픽을 내보내고, 돌아오는 것은 응답뿐이에요."
                ),
            ),
            None if state == "available" => Text::new(
                format!(
                    "NAT gateway {nat_gateway_id} is private: with no Elastic IP it cannot reach the internet."
                ),
                format!(
                    "NAT 게이트웨이 {nat_gateway_id}은(는) 프라이빗 유형이라 탄력적 IP가 없어 인터넷에 나갈 수 없어요."
                ),
            ),
            _ => Text::new(
                format!("NAT gateway {nat_gateway_id} is {state}, not available."),
                format!(
                    "NAT 게이트웨이 {nat_gateway_id}이(가) 사용 가능(available)하지 않고 {state} 상태예요."
                ),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_instance_is_a_path_with_no_hops_and_a_reason() {
        let cloud = Cloud::default();
        let path = trace(
            &cloud,
            &PathSource::Internet(cloud.learner_ip()),
            &PathDestination::Instance("i-0123456789abcdef0".into()),
            Protocol::Tcp,
            80,
        )
        .unwrap();
        assert!(path.hops.is_empty() && !path.is_reachable());
        assert!(
            trace(
                &cloud,
                &PathSource::Internet(cloud.learner_ip()),
                &PathDestination::Internet(cloud.learner_ip()),
                Protocol::Tcp,
                80
            )
            .is_none()
        );
    }

    #[test]
    fn the_form_is_read_or_says_why_not() {
        let cloud = Cloud::default();
        let q = PathQuery::from_form(&cloud, "internet", "instance:i-1", "", Protocol::Tcp, "80")
            .unwrap();
        assert_eq!(q.source, PathSource::Internet(cloud.learner_ip()));
        assert_eq!(q.destination, PathDestination::Instance("i-1".into()));
        for (address, port) in [("300.1.1.1", "80"), ("", "0"), ("", "http"), ("", "70000")] {
            assert!(
                PathQuery::from_form(
                    &cloud,
                    "internet",
                    "instance:i-1",
                    address,
                    Protocol::Tcp,
                    port
                )
                .is_err(),
                "{address} {port}"
            );
        }
        assert!(
            PathQuery::from_form(&cloud, "internet", "internet", "", Protocol::Tcp, "80").is_err()
        );
        assert!(
            PathQuery::from_form(
                &cloud,
                "instance:i-1",
                "instance:i-1",
                "",
                Protocol::Tcp,
                "80"
            )
            .is_err()
        );
    }

    #[test]
    fn a_missing_reply_rule_is_called_stateless() {
        let hop = Hop {
            kind: HopKind::NetworkAcl {
                network_acl_id: "acl-1".into(),
                subnet_id: "subnet-1".into(),
                direction: Direction::Outbound,
                rule_number: None,
                peer: std::net::Ipv4Addr::new(203, 0, 113, 25),
                port: 50_000,
                reply: true,
            },
            passed: false,
        };
        let text = explain_hop(&hop);
        assert!(text.en.contains("the final * rule"), "{}", text.en);
        assert!(text.en.contains("stateless"), "{}", text.en);
        assert!(text.ko.contains("상태가 없어서"), "{}", text.ko);
    }
}
