//! VPC → Your VPCs: the account's VPCs, subnets (public or private, from their
//! route tables), route tables with their routes, network ACLs with their rules
//! in evaluation order, and gateways. NAT gateways can be deleted here.

use cloudlab_model::ec2::Tag;
use cloudlab_model::ec2::nat_gateways::DeleteNatGatewayInput;
use cloudlab_model::ec2::vpc::NetworkAclEntry;
use leptos::prelude::*;

use crate::console::SECONDARY_BUTTON;
use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

fn name_of(tags: &[Tag]) -> String {
    tags.iter()
        .find(|t| t.key == "Name")
        .map(|t| t.value.clone())
        .unwrap_or_default()
}

/// One VPC.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct VpcRow {
    id: String,
    name: String,
    cidr: String,
    default: bool,
    gateway: String,
}

/// One subnet.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct SubnetRow {
    id: String,
    name: String,
    vpc: String,
    zone: String,
    cidr: String,
    public: bool,
    route_table: String,
    acl: String,
    free: u64,
}

/// One route table.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TableRow {
    id: String,
    name: String,
    main: bool,
    subnets: String,
    routes: String,
}

/// One network ACL.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct AclRow {
    id: String,
    name: String,
    default: bool,
    subnets: String,
    inbound: String,
    outbound: String,
}

/// One NAT gateway.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct NatRow {
    id: String,
    name: String,
    subnet: String,
    state: String,
    address: String,
}

/// Rules of one direction, in the order they are evaluated.
fn rules(entries: &[NetworkAclEntry], egress: bool) -> String {
    let mut list: Vec<&NetworkAclEntry> = entries.iter().filter(|e| e.egress == egress).collect();
    list.sort_by_key(|e| e.rule_number);
    list.iter()
        .map(|e| {
            let number = if e.rule_number >= 32_767 {
                "*".to_string()
            } else {
                e.rule_number.to_string()
            };
            let protocol = match e.protocol.as_str() {
                "-1" => "all".to_string(),
                "6" => "tcp".to_string(),
                "17" => "udp".to_string(),
                "1" => "icmp".to_string(),
                other => other.to_string(),
            };
            let ports = e
                .port_range
                .as_ref()
                .map(|p| {
                    if p.from == p.to {
                        format!(" {}", p.from)
                    } else {
                        format!(" {}-{}", p.from, p.to)
                    }
                })
                .unwrap_or_default();
            format!(
                "{number} {} {protocol}{ports} {}",
                e.rule_action, e.cidr_block
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The VPC resources page of the console.
#[component]
pub fn VpcsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let vpcs = from_cloud(chapter, |cloud| {
        cloud
            .vpcs()
            .iter()
            .map(|v| VpcRow {
                id: v.vpc_id.clone(),
                name: name_of(&v.tags),
                cidr: v.cidr_block.clone(),
                default: v.is_default,
                gateway: cloud
                    .internet_gateway_for_vpc(&v.vpc_id)
                    .map(|g| g.internet_gateway_id.clone())
                    .unwrap_or_default(),
            })
            .collect::<Vec<_>>()
    });
    let subnets = from_cloud(chapter, |cloud| {
        let mut rows: Vec<SubnetRow> = cloud
            .subnets()
            .iter()
            .map(|s| SubnetRow {
                id: s.subnet_id.clone(),
                name: name_of(&s.tags),
                vpc: s.vpc_id.clone(),
                zone: s.availability_zone.clone(),
                cidr: s.cidr_block.clone(),
                public: cloud.subnet_is_public(&s.subnet_id),
                route_table: cloud
                    .route_table_for_subnet(&s.subnet_id)
                    .map(|t| t.route_table_id.clone())
                    .unwrap_or_default(),
                acl: cloud
                    .network_acl_for_subnet(&s.subnet_id)
                    .map(|a| a.network_acl_id.clone())
                    .unwrap_or_default(),
                free: s.available_ip_address_count,
            })
            .collect();
        // The learner's own subnets first.
        rows.sort_by_key(|r| r.name.is_empty());
        rows
    });
    let tables = from_cloud(chapter, |cloud| {
        cloud
            .route_tables()
            .iter()
            .map(|t| TableRow {
                id: t.route_table_id.clone(),
                name: name_of(&t.tags),
                main: t.is_main(),
                subnets: t
                    .associations
                    .iter()
                    .filter_map(|a| a.subnet_id.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
                routes: t
                    .routes
                    .iter()
                    .map(|r| {
                        let target = r
                            .nat_gateway_id
                            .clone()
                            .unwrap_or_else(|| r.gateway_id.clone());
                        format!("{} → {target} ({})", r.destination_cidr_block, r.state)
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect::<Vec<_>>()
    });
    let acls = from_cloud(chapter, |cloud| {
        cloud
            .network_acls()
            .iter()
            .map(|a| AclRow {
                id: a.network_acl_id.clone(),
                name: name_of(&a.tags),
                default: a.is_default,
                subnets: a
                    .associations
                    .iter()
                    .map(|x| x.subnet_id.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
                inbound: rules(&a.entries, false),
                outbound: rules(&a.entries, true),
            })
            .collect::<Vec<_>>()
    });
    let nats = from_cloud(chapter, |cloud| {
        cloud
            .nat_gateways()
            .iter()
            .map(|n| NatRow {
                id: n.nat_gateway_id.clone(),
                name: n.tags.get("Name").cloned().unwrap_or_default(),
                subnet: n.subnet_id.clone(),
                state: n.state.clone(),
                address: n.public_ip.map(|ip| ip.to_string()).unwrap_or_default(),
            })
            .collect::<Vec<_>>()
    });
    let delete_nat = move |id: String| {
        action.run(move |lab| {
            lab.cloud.delete_nat_gateway(DeleteNatGatewayInput {
                nat_gateway_id: id,
                ..Default::default()
            })
        });
    };
    let id_cell = |name: &str, id: &str| {
        let name = name.to_string();
        let id = id.to_string();
        view! {
            <span class="text-sm font-medium">{name}</span>
            <span class="block font-mono text-xs text-slate-600 dark:text-slate-400">{id}</span>
        }
    };
    let pre = |text: &str| {
        view! { <span class="whitespace-pre-line font-mono text-xs">{text.to_string()}</span> }
    };
    let vpc_columns = vec![
        Column::new("Name", "이름", move |r: &VpcRow| id_cell(&r.name, &r.id))
            .class("py-1 pr-3")
            .row_header(),
        Column::new("IPv4 CIDR", "IPv4 CIDR", |r: &VpcRow| r.cidr.clone()),
        Column::new(
            "Default",
            "기본",
            |r: &VpcRow| {
                if r.default { "✓" } else { "" }
            },
        ),
        Column::new(
            "Internet gateway",
            "인터넷 게이트웨이",
            move |r: &VpcRow| pre(&r.gateway),
        ),
    ];
    let subnet_columns = vec![
        Column::new("Name", "이름", move |r: &SubnetRow| {
            id_cell(&r.name, &r.id)
        })
        .class("py-1 pr-3")
        .row_header(),
        Column::new("VPC", "VPC", move |r: &SubnetRow| pre(&r.vpc)),
        Column::new("Zone", "가용 영역", |r: &SubnetRow| r.zone.clone()),
        Column::new("IPv4 CIDR", "IPv4 CIDR", |r: &SubnetRow| r.cidr.clone()),
        Column::new("Kind", "종류", move |r: &SubnetRow| {
            let public = r.public;
            move || {
                if public {
                    tr(lang(), "public", "퍼블릭")
                } else {
                    tr(lang(), "private", "프라이빗")
                }
            }
        }),
        Column::new(
            "Route table / ACL",
            "라우팅 테이블 / ACL",
            move |r: &SubnetRow| pre(&format!("{}\n{}", r.route_table, r.acl)),
        ),
        Column::new("Free addresses", "남은 주소", |r: &SubnetRow| {
            r.free.to_string()
        }),
    ];
    let table_columns = vec![
        Column::new("Name", "이름", move |r: &TableRow| {
            id_cell(&r.name, &r.id)
        })
        .class("py-1 pr-3")
        .row_header(),
        Column::new("Main", "기본", |r: &TableRow| if r.main { "✓" } else { "" }),
        Column::new("Subnets", "서브넷", move |r: &TableRow| pre(&r.subnets)),
        Column::new("Routes", "경로", move |r: &TableRow| pre(&r.routes)),
    ];
    let acl_columns = vec![
        Column::new("Name", "이름", move |r: &AclRow| id_cell(&r.name, &r.id))
            .class("py-1 pr-3")
            .row_header(),
        Column::new(
            "Default",
            "기본",
            |r: &AclRow| if r.default { "✓" } else { "" },
        ),
        Column::new("Subnets", "서브넷", move |r: &AclRow| pre(&r.subnets)),
        Column::new("Inbound rules", "인바운드 규칙", move |r: &AclRow| {
            pre(&r.inbound)
        }),
        Column::new(
            "Outbound rules",
            "아웃바운드 규칙",
            move |r: &AclRow| pre(&r.outbound),
        ),
    ];
    let nat_columns = vec![
        Column::new("Name", "이름", move |r: &NatRow| id_cell(&r.name, &r.id))
            .class("py-1 pr-3")
            .row_header(),
        Column::new("Subnet", "서브넷", move |r: &NatRow| pre(&r.subnet)),
        Column::new("State", "상태", |r: &NatRow| r.state.clone()),
        Column::new("Elastic IP", "탄력적 IP", |r: &NatRow| r.address.clone()),
    ];
    let nat_actions = move |r: &NatRow| {
        if matches!(r.state.as_str(), "deleting" | "deleted") {
            return None;
        }
        let id = r.id.clone();
        let label = format!("{} {}", tr(lang(), "Actions for", "작업:"), r.id);
        Some(
            view! {
                <div class="flex flex-wrap gap-1" role="group" aria-label=label>
                    <button type="button" class=SECONDARY_BUTTON data-action="delete" on:click=move |_| delete_nat(id.clone())>
                        {move || tr(lang(), "Delete", "삭제")}
                    </button>
                </div>
            }
            .into_any(),
        )
    };
    let heading = move |en: &'static str, ko: &'static str| {
        view! { <h4 class="mt-4 font-semibold">{move || tr(lang(), en, ko)}</h4> }
    };
    view! {
        <section aria-labelledby="vpcs-title" data-testid="vpcs-panel">
            <h3 id="vpcs-title" class="text-lg font-semibold">{move || tr(lang(), "Your VPCs", "내 VPC")}</h3>
            <ActionStatus action />
            <ResourceTable rows=vpcs row_id=("data-vpc", |r: &VpcRow| r.id.clone()) columns=vpc_columns caption=("VPCs in this region", "이 리전의 VPC") empty=("No VPCs.", "VPC가 없습니다.") test_id="vpcs-table" />
            {heading("Subnets", "서브넷")}
            <ResourceTable rows=subnets row_id=("data-subnet", |r: &SubnetRow| r.id.clone()) row_state=("data-kind", |r: &SubnetRow| if r.public { "public".to_string() } else { "private".to_string() }) columns=subnet_columns caption=("Subnets, public or private by their route tables", "서브넷(라우팅 테이블에 따라 퍼블릭 또는 프라이빗)") empty=("No subnets.", "서브넷이 없습니다.") test_id="subnets-table" />
            {heading("Route tables", "라우팅 테이블")}
            <ResourceTable rows=tables row_id=("data-route-table", |r: &TableRow| r.id.clone()) columns=table_columns caption=("Route tables, their subnets and routes", "라우팅 테이블, 연결된 서브넷과 경로") empty=("No route tables.", "라우팅 테이블이 없습니다.") test_id="route-tables-table" />
            {heading("Network ACLs (rules in evaluation order)", "네트워크 ACL(평가 순서대로 본 규칙)")}
            <ResourceTable rows=acls row_id=("data-network-acl", |r: &AclRow| r.id.clone()) columns=acl_columns caption=("Network ACLs, their subnets and rules", "네트워크 ACL, 연결된 서브넷과 규칙") empty=("No network ACLs.", "네트워크 ACL이 없습니다.") test_id="network-acls-table" />
            {heading("NAT gateways", "NAT 게이트웨이")}
            <ResourceTable rows=nats row_id=("data-nat-gateway", |r: &NatRow| r.id.clone()) row_state=("data-state", |r: &NatRow| r.state.clone()) columns=nat_columns below=std::sync::Arc::new(nat_actions) caption=("NAT gateways", "NAT 게이트웨이") empty=("No NAT gateways.", "NAT 게이트웨이가 없습니다.") test_id="nat-gateways-table" />
        </section>
    }
}
