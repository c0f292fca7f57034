//! Read-only views of the simulated account for checks and placeholders.
//! This is the only module that reads the model's state; it uses accessors
//! that do not touch the API log, so grading never shows up as API calls.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use cloudlab_model::Cloud;
use cloudlab_model::catalog::{self, Architecture, OsFamily};
use cloudlab_model::ec2::http::HttpFailure;
use cloudlab_model::ec2::instances::Instance;
use cloudlab_model::ec2::network::{BlockReason, NatProblem};
use cloudlab_model::ec2::security_groups::{RulePeer, SecurityGroup};
use cloudlab_model::ec2::vpc::Direction;

use crate::checks::Cidr;
use crate::text::Text;

pub mod cli;
pub mod iam;
pub mod paths;
pub mod regions;

/// What checks need to know about one instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceView {
    /// `i-…`.
    pub id: String,
    /// AWS's state name (`pending`, `running`, ...).
    pub state: String,
    /// Tags by key.
    pub tags: BTreeMap<String, String>,
    /// The key pair given at launch.
    pub key_name: Option<String>,
    /// The instance type.
    pub instance_type: String,
    /// The AMI it was launched from.
    pub image_id: String,
    /// The AMI's operating system.
    pub os: OsFamily,
    /// Its root EBS volume, while attached.
    pub root_volume: Option<VolumeView>,
    /// The current public IPv4 address (Elastic or automatic).
    pub public_ip: Option<Ipv4Addr>,
    /// Its security groups.
    pub group_ids: Vec<String>,
    /// Termination protection.
    pub termination_protection: bool,
    /// Stop protection (it also refuses termination).
    pub stop_protection: bool,
}

impl InstanceView {
    /// Pending or running: the states that count as "launched and on".
    pub fn is_live(&self) -> bool {
        self.state == "pending" || self.state == "running"
    }
}

/// An EBS volume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeView {
    /// `vol-…`.
    pub id: String,
    /// `gp3`, `gp2`, ...
    pub volume_type: String,
    /// Size in GiB.
    pub size_gib: u32,
}

/// One inbound rule, with its peers split by kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleView {
    /// `tcp`, `udp`, `icmp`, `-1` (all) or a number.
    pub protocol: String,
    /// First port (-1 when not applicable).
    pub from_port: i32,
    /// Last port (-1 when not applicable).
    pub to_port: i32,
    /// IPv4 sources.
    pub ipv4: Vec<Cidr>,
    /// IPv6 sources, as written.
    pub ipv6: Vec<String>,
    /// Source security groups and prefix lists.
    pub groups: Vec<String>,
}

impl RuleView {
    /// Whether the rule lets TCP traffic to `port` in (ignoring the source).
    pub fn covers_tcp(&self, port: u16) -> bool {
        match self.protocol.as_str() {
            "-1" => true,
            "tcp" | "6" => self.from_port <= i32::from(port) && i32::from(port) <= self.to_port,
            _ => false,
        }
    }
}

/// A security group and its inbound rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupView {
    /// `sg-…`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Inbound rules.
    pub inbound: Vec<RuleView>,
}

/// An Elastic IP address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressView {
    /// The address.
    pub public_ip: Ipv4Addr,
    /// `eipalloc-…`.
    pub allocation_id: String,
    /// The instance it is associated with.
    pub instance_id: Option<String>,
}

/// What an HTTP request from the learner's laptop got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpView {
    /// A server answered.
    Answered {
        /// The HTTP status code.
        status: u16,
        /// The body.
        body: String,
    },
    /// The request got no answer; why, in both languages.
    Blocked(Text),
}

fn view_instance(cloud: &Cloud, instance: &Instance) -> InstanceView {
    InstanceView {
        id: instance.instance_id.clone(),
        state: instance.state.as_str().to_string(),
        tags: instance.tags.clone(),
        key_name: instance.key_name.clone(),
        instance_type: instance.instance_type.clone(),
        image_id: instance.image_id.clone(),
        os: instance.os,
        root_volume: cloud
            .volumes()
            .iter()
            .find(|volume| {
                volume.attachment.as_ref().is_some_and(|attachment| {
                    attachment.instance_id == instance.instance_id
                        && attachment.device == instance.root_device_name
                })
            })
            .map(|volume| VolumeView {
                id: volume.volume_id.clone(),
                volume_type: volume.volume_type.clone(),
                size_gib: volume.size_gib,
            }),
        public_ip: cloud.public_ip_of(&instance.instance_id),
        group_ids: instance.security_group_ids.clone(),
        termination_protection: instance.disable_api_termination,
        stop_protection: instance.disable_api_stop,
    }
}

fn view_group(group: &SecurityGroup) -> GroupView {
    GroupView {
        id: group.group_id.clone(),
        name: group.group_name.clone(),
        inbound: group
            .ingress
            .iter()
            .map(|rule| {
                let mut view = RuleView {
                    protocol: rule.protocol.clone(),
                    from_port: rule.from_port,
                    to_port: rule.to_port,
                    ipv4: Vec::new(),
                    ipv6: Vec::new(),
                    groups: Vec::new(),
                };
                match &rule.peer {
                    RulePeer::Ipv4(cidr) => view.ipv4.push(Cidr {
                        address: cidr.network,
                        prefix: cidr.prefix,
                    }),
                    RulePeer::Ipv6(cidr) => view.ipv6.push(cidr.clone()),
                    RulePeer::Group { group_id } => view.groups.push(group_id.clone()),
                    RulePeer::PrefixList(list) => view.groups.push(list.clone()),
                }
                view
            })
            .collect(),
    }
}

/// Every instance still visible, in launch order.
pub fn instances(cloud: &Cloud) -> Vec<InstanceView> {
    cloud
        .instances()
        .iter()
        .map(|instance| view_instance(cloud, instance))
        .collect()
}

/// Pending or running instances whose tag `key` has `value`.
pub fn live_instances_tagged(cloud: &Cloud, key: &str, value: &str) -> Vec<InstanceView> {
    instances(cloud)
        .into_iter()
        .filter(|instance| {
            instance.is_live() && instance.tags.get(key).map(String::as_str) == Some(value)
        })
        .collect()
}

/// Instances whose tag `key` has `value` and that are not terminated or
/// being terminated, live ones first.
pub fn existing_instances_tagged(cloud: &Cloud, key: &str, value: &str) -> Vec<InstanceView> {
    let mut found: Vec<InstanceView> = instances(cloud)
        .into_iter()
        .filter(|instance| {
            instance.state != "terminated"
                && instance.state != "shutting-down"
                && instance.tags.get(key).map(String::as_str) == Some(value)
        })
        .collect();
    found.sort_by_key(|instance| !instance.is_live());
    found
}

/// The id of the VPC, subnet, internet gateway, route table, network ACL or
/// NAT gateway (not deleted) tagged `Name=name`, in that order of kinds.
pub fn network_resource_named(cloud: &Cloud, name: &str) -> Option<String> {
    let named =
        |tags: &[cloudlab_model::ec2::Tag]| tags.iter().any(|t| t.key == "Name" && t.value == name);
    let vpcs = cloud.vpcs().iter().filter(|v| named(&v.tags));
    let subnets = cloud.subnets().iter().filter(|s| named(&s.tags));
    let gateways = cloud.internet_gateways().iter().filter(|g| named(&g.tags));
    let tables = cloud.route_tables().iter().filter(|t| named(&t.tags));
    let acls = cloud.network_acls().iter().filter(|a| named(&a.tags));
    vpcs.map(|v| v.vpc_id.clone())
        .chain(subnets.map(|s| s.subnet_id.clone()))
        .chain(gateways.map(|g| g.internet_gateway_id.clone()))
        .chain(tables.map(|t| t.route_table_id.clone()))
        .chain(acls.map(|a| a.network_acl_id.clone()))
        .chain(
            cloud
                .nat_gateways()
                .iter()
                .filter(|n| {
                    n.state != "deleted" && n.tags.get("Name").map(String::as_str) == Some(name)
                })
                .map(|n| n.nat_gateway_id.clone()),
        )
        .next()
}

/// The security groups of an instance, in its order.
pub fn groups_of(cloud: &Cloud, instance: &InstanceView) -> Vec<GroupView> {
    instance
        .group_ids
        .iter()
        .filter_map(|id| cloud.security_group(id))
        .map(view_group)
        .collect()
}

/// The security group named `name` in the default VPC (or, failing that, in any VPC).
pub fn security_group_by_name(cloud: &Cloud, name: &str) -> Option<GroupView> {
    let in_default_vpc = cloud
        .default_vpc()
        .and_then(|vpc| cloud.security_group_by_name(&vpc.vpc_id, name));
    in_default_vpc
        .or_else(|| {
            cloud
                .security_groups()
                .iter()
                .find(|group| group.group_name == name)
        })
        .map(view_group)
}

/// The names of every key pair.
pub fn key_pair_names(cloud: &Cloud) -> Vec<String> {
    cloud
        .key_pairs()
        .iter()
        .map(|key_pair| key_pair.key_name.clone())
        .collect()
}

/// Every Elastic IP address.
pub fn addresses(cloud: &Cloud) -> Vec<AddressView> {
    cloud
        .addresses()
        .iter()
        .map(|address| AddressView {
            public_ip: address.public_ip,
            allocation_id: address.allocation_id.clone(),
            instance_id: address.instance_id.clone(),
        })
        .collect()
}

/// The allocation id of the most recently allocated Elastic IP.
pub fn newest_allocation_id(cloud: &Cloud) -> Option<String> {
    cloud
        .addresses()
        .last()
        .map(|address| address.allocation_id.clone())
}

/// The Ubuntu Server 24.04 (x86_64) AMI in the lab's region.
pub fn ubuntu_ami(cloud: &Cloud) -> Option<String> {
    catalog::image_for(
        cloud.region().code,
        OsFamily::Ubuntu2404,
        Architecture::X86_64,
    )
    .map(|ami| ami.image_id)
}

/// The Amazon Linux 2023 (x86_64) AMI in the lab's region.
pub fn al2023_ami(cloud: &Cloud) -> Option<String> {
    catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .map(|ami| ami.image_id)
}

/// Whether a web server on the instance listens on TCP `port`.
pub fn listening(cloud: &Cloud, instance_id: &str, port: u16) -> bool {
    cloud
        .http_get_from_instance(instance_id, "localhost", port, "/")
        .is_ok()
}

/// Whether the instance was stopped and then started again (a reboot does
/// not count: it keeps the instance running).
pub fn was_restarted(cloud: &Cloud, instance_id: &str) -> bool {
    cloud
        .instance(instance_id)
        .is_some_and(Instance::was_restarted)
}

/// An HTTP GET of `/` from the learner's laptop to `address:port`.
pub fn http_get_from_learner(cloud: &Cloud, address: Ipv4Addr, port: u16) -> HttpView {
    match cloud.http_get(cloud.learner_ip(), &address.to_string(), port, "/") {
        Ok(response) => HttpView::Answered {
            status: response.status,
            body: response.body,
        },
        Err(HttpFailure::TimedOut(reason)) => HttpView::Blocked(explain_block(&reason)),
        Err(HttpFailure::ConnectionRefused { port, .. }) => HttpView::Blocked(refused(port)),
        Err(HttpFailure::CouldNotResolve { host }) => HttpView::Blocked(Text::new(
            format!("no instance has the address {host}."),
            format!("{host} 주소를 가진 인스턴스가 없어요."),
        )),
    }
}

fn refused(port: u16) -> Text {
    Text::new(
        format!(
            "the connection was refused: the packets reached the instance, but nothing listens on port {port}. Install and start a web server on it."
        ),
        format!(
            "연결이 거부됐어요. 패킷은 인스턴스에 도착했지만 {port}번 포트에서 기다리는 프로그램이 없어요. 인스턴스에 웹 서버를 설치하고 실행하세요."
        ),
    )
}

/// A network block reason, in words, in both languages.
pub fn explain_block(reason: &BlockReason) -> Text {
    match reason {
        BlockReason::UnknownHost { destination } => Text::new(
            format!("no instance has the address {destination}."),
            format!("{destination} 주소를 가진 인스턴스가 없어요."),
        ),
        BlockReason::PrivateAddress {
            instance_id,
            address,
        } => Text::new(
            format!(
                "{address} is the private address of {instance_id}, which the internet cannot reach. Use its public address."
            ),
            format!(
                "{address}은(는) {instance_id}의 프라이빗 주소라서 인터넷에서 접속할 수 없어요. 퍼블릭 주소를 쓰세요."
            ),
        ),
        BlockReason::InstanceNotRunning { instance_id, state } => Text::new(
            format!("{instance_id} is {state}, not running."),
            format!("{instance_id}은(는) 실행 중이 아니라 {state} 상태예요."),
        ),
        BlockReason::NoPublicAddress { instance_id } => Text::new(
            format!("{instance_id} has no public IPv4 address."),
            format!("{instance_id}에 퍼블릭 IPv4 주소가 없어요."),
        ),
        BlockReason::NoInternetGateway {
            instance_id,
            vpc_id,
        } => Text::new(
            format!("the VPC {vpc_id} of {instance_id} has no internet gateway attached."),
            format!(
                "{instance_id}이(가) 있는 VPC {vpc_id}에 인터넷 게이트웨이가 연결되어 있지 않아요."
            ),
        ),
        BlockReason::NoRouteToInternet {
            instance_id,
            route_table_id,
        } => Text::new(
            format!(
                "the route table {route_table_id} of {instance_id}'s subnet has no route to an internet gateway."
            ),
            format!(
                "{instance_id} 서브넷의 라우팅 테이블 {route_table_id}에 인터넷 게이트웨이로 가는 경로가 없어요."
            ),
        ),
        BlockReason::NetworkAclDenied {
            instance_id,
            acl_id,
            rule_number,
            direction,
            reply,
        } => {
            let (rule_en, rule_ko) = match rule_number {
                Some(number) => (format!("rule {number}"), format!("규칙 {number}")),
                None => ("the final * rule".to_string(), "마지막 * 규칙".to_string()),
            };
            let (way_en, way_ko) = match (direction, reply) {
                (Direction::Inbound, false) => ("the inbound traffic", "들어오는 트래픽"),
                (Direction::Inbound, true) => ("the inbound reply", "들어오는 응답 트래픽"),
                (Direction::Outbound, false) => ("the outbound traffic", "나가는 트래픽"),
                (Direction::Outbound, true) => ("the outbound reply", "나가는 응답 트래픽"),
            };
            Text::new(
                format!(
                    "the network ACL {acl_id} of {instance_id}'s subnet denies {way_en} ({rule_en})."
                ),
                format!(
                    "{instance_id} 서브넷의 네트워크 ACL {acl_id}이(가) {way_ko}을(를) 거부해요({rule_ko})."
                ),
            )
        }
        BlockReason::SecurityGroupDenied {
            instance_id,
            group_ids,
            protocol,
            port,
            source,
        } => {
            let groups = group_ids.join(", ");
            Text::new(
                format!(
                    "the connection timed out: no inbound rule of {groups} (the security groups of {instance_id}) allows {protocol} port {port} from {source}, so the packets are silently dropped."
                ),
                format!(
                    "연결 시간이 초과됐어요. {instance_id}의 보안 그룹 {groups}에 {source}에서 오는 {protocol} {port}번 포트를 허용하는 인바운드 규칙이 없어서 패킷이 조용히 버려져요."
                ),
            )
        }
        BlockReason::SecurityGroupEgressDenied {
            instance_id,
            group_ids,
            protocol,
            port,
            destination,
        } => {
            let groups = group_ids.join(", ");
            Text::new(
                format!(
                    "no outbound rule of {groups} (the security groups of {instance_id}) allows {protocol} port {port} to {destination}, so the connection never leaves the instance."
                ),
                format!(
                    "{instance_id}의 보안 그룹 {groups}에 {destination}(으)로 가는 {protocol} {port}번 포트를 허용하는 아웃바운드 규칙이 없어서 연결이 인스턴스를 떠나지 못해요."
                ),
            )
        }
        BlockReason::NatGateway {
            nat_gateway_id,
            problem,
        } => match problem {
            NatProblem::NotAvailable { state } if state == "pending" => Text::new(
                format!(
                    "the NAT gateway {nat_gateway_id} is pending, not available yet: fast-forward a minute or two."
                ),
                format!(
                    "NAT 게이트웨이 {nat_gateway_id}이(가) 아직 pending 상태예요. 시간을 1~2분 앞으로 돌려 보세요."
                ),
            ),
            NatProblem::NotAvailable { state } => Text::new(
                format!(
                    "the NAT gateway {nat_gateway_id} is {state}: it no longer forwards traffic."
                ),
                format!(
                    "NAT 게이트웨이 {nat_gateway_id}이(가) {state} 상태라 더는 트래픽을 전달하지 않아요."
                ),
            ),
            NatProblem::Private => Text::new(
                format!(
                    "the NAT gateway {nat_gateway_id} is private: without an Elastic IP it cannot reach the internet."
                ),
                format!(
                    "NAT 게이트웨이 {nat_gateway_id}은(는) 프라이빗 유형이라 탄력적 IP가 없어 인터넷에 나갈 수 없어요."
                ),
            ),
            NatProblem::NoRoute { route_table_id } => Text::new(
                format!(
                    "the NAT gateway {nat_gateway_id} sits in a subnet whose route table {route_table_id} has no route to the internet gateway: put it in a public subnet."
                ),
                format!(
                    "NAT 게이트웨이 {nat_gateway_id}이(가) 있는 서브넷의 라우팅 테이블 {route_table_id}에 인터넷 게이트웨이로 가는 경로가 없어요. 퍼블릭 서브넷에 만드세요."
                ),
            ),
        },
        BlockReason::LoadBalancerSecurityGroupDenied {
            load_balancer,
            group_ids,
            port,
            source,
        } => {
            let groups = group_ids.join(", ");
            Text::new(
                format!(
                    "the connection timed out: no inbound rule of {groups} (the security groups of load balancer {load_balancer}) allows TCP port {port} from {source}."
                ),
                format!(
                    "연결 시간이 초과됐어요. 로드 밸런서 {load_balancer}의 보안 그룹 {groups}에 {source}에서 오는 TCP {port}번 포트를 허용하는 인바운드 규칙이 없어요."
                ),
            )
        }
        BlockReason::NoListener {
            load_balancer,
            port,
        } => Text::new(
            format!("load balancer {load_balancer} has no listener on port {port}."),
            format!("로드 밸런서 {load_balancer}에 {port}번 포트의 리스너가 없어요."),
        ),
        BlockReason::InternalLoadBalancer { load_balancer } => Text::new(
            format!(
                "load balancer {load_balancer} is internal: only addresses inside its VPC reach it."
            ),
            format!(
                "로드 밸런서 {load_balancer}은(는) 내부용이라 같은 VPC 안의 주소만 접속할 수 있어요."
            ),
        ),
    }
}
