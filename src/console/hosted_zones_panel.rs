//! Route 53 → Hosted zones: each public zone's name servers and records, with
//! their routing policy, values or alias target, TTL and health check.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One record set.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct RecordRow {
    key: String,
    zone: String,
    name: String,
    record_type: String,
    routing: String,
    values: Vec<String>,
    ttl: String,
    health: String,
}

/// One zone's summary.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ZoneRow {
    id: String,
    name: String,
    name_servers: Vec<String>,
    count: usize,
}

/// The Hosted zones page of the console.
#[component]
pub fn HostedZonesPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let zones = from_cloud(chapter, |cloud| {
        cloud
            .hosted_zones()
            .iter()
            .map(|z| ZoneRow {
                id: z.id.clone(),
                name: z.name.clone(),
                name_servers: z.name_servers.clone(),
                count: z.records.len(),
            })
            .collect::<Vec<_>>()
    });
    let records = from_cloud(chapter, |cloud| {
        cloud
            .hosted_zones()
            .iter()
            .flat_map(|z| {
                z.records.iter().map(move |r| {
                    let routing = match r.routing_policy() {
                        "weighted" => format!(
                            "Weighted {} ({})",
                            r.weight.unwrap_or(0),
                            r.set_identifier.clone().unwrap_or_default()
                        ),
                        "failover" => format!(
                            "Failover {} ({})",
                            r.failover.clone().unwrap_or_default(),
                            r.set_identifier.clone().unwrap_or_default()
                        ),
                        "latency" => format!(
                            "Latency {} ({})",
                            r.region.clone().unwrap_or_default(),
                            r.set_identifier.clone().unwrap_or_default()
                        ),
                        _ => "Simple".to_string(),
                    };
                    let health = match &r.health_check_id {
                        Some(id) => match cloud.health_check(id) {
                            Some(h) => format!(
                                "{} · {}",
                                h.caller_reference,
                                if h.healthy { "Healthy" } else { "Unhealthy" }
                            ),
                            None => format!("{id} (deleted)"),
                        },
                        None => String::new(),
                    };
                    RecordRow {
                        key: format!(
                            "{} {} {} {}",
                            z.id,
                            r.name,
                            r.record_type,
                            r.set_identifier.clone().unwrap_or_default()
                        ),
                        zone: z.name.clone(),
                        name: r.name.clone(),
                        record_type: if r.alias_target.is_some() {
                            format!("{} (alias)", r.record_type)
                        } else {
                            r.record_type.clone()
                        },
                        routing,
                        values: r.values_text(),
                        ttl: r.ttl.map(|t| t.to_string()).unwrap_or_else(|| "—".into()),
                        health,
                    }
                })
            })
            .collect::<Vec<_>>()
    });
    let zone_columns = vec![
        Column::new("Domain", "도메인", |r: &ZoneRow| r.name.clone())
            .class("whitespace-nowrap py-1 pr-3 font-medium")
            .row_header(),
        Column::new("Hosted zone ID", "호스팅 영역 ID", |r: &ZoneRow| r.id.clone()).class("py-1 pr-3 font-mono text-xs"),
        Column::new("Records", "레코드", |r: &ZoneRow| r.count.to_string()),
        Column::new("Name servers", "이름 서버", |r: &ZoneRow| {
            let servers = r.name_servers.clone();
            view! {
                <ul>{servers.into_iter().map(|s| view! { <li class="font-mono">{s}</li> }).collect_view()}</ul>
            }
        })
        .class("py-1 pr-3 text-xs"),
    ];
    let record_columns = vec![
        Column::new("Record name", "레코드 이름", |r: &RecordRow| r.name.clone())
            .class("break-all py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Type", "유형", |r: &RecordRow| r.record_type.clone()).class("whitespace-nowrap py-1 pr-3 text-xs"),
        Column::new("Routing", "라우팅", |r: &RecordRow| r.routing.clone()).class("py-1 pr-3 text-xs"),
        Column::new("Value / route traffic to", "값/트래픽 라우팅 대상", |r: &RecordRow| {
            let values = r.values.clone();
            view! {
                <ul>{values.into_iter().map(|v| view! { <li class="break-all font-mono">{v}</li> }).collect_view()}</ul>
            }
        })
        .class("py-1 pr-3 text-xs"),
        Column::new("TTL (s)", "TTL(초)", |r: &RecordRow| r.ttl.clone()).class("py-1 pr-3 text-xs"),
        Column::new("Health check", "상태 검사", |r: &RecordRow| r.health.clone()).class("py-1 pr-3 text-xs"),
    ];
    view! {
        <section aria-labelledby="zones-title" data-testid="hosted-zones-panel" class="grid gap-3">
            <h3 id="zones-title" class="text-lg font-semibold">{move || tr(lang(), "Hosted zones", "호스팅 영역")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "In the lab, a public hosted zone answers for its domain at once; for a real domain you would register it or point the registrar's NS records at the zone's four name servers.", "실습에서는 퍼블릭 호스팅 영역이 바로 도메인에 대해 응답해요. 실제 도메인이라면 등록하거나, 등록 기관의 NS 레코드를 영역의 이름 서버 네 개로 바꿔야 해요.")}
            </p>
            <ResourceTable
                rows=zones
                row_id=("data-zone", |r: &ZoneRow| r.id.clone())
                columns=zone_columns
                caption=("Public hosted zones", "퍼블릭 호스팅 영역")
                empty=("No hosted zones.", "호스팅 영역이 없습니다.")
                test_id="hosted-zones-table"
            />
            <ResourceTable
                rows=records
                row_id=("data-record", |r: &RecordRow| r.key.clone())
                row_state=("data-zone-name", |r: &RecordRow| r.zone.clone())
                columns=record_columns
                caption=("Records", "레코드")
                empty=("No records.", "레코드가 없습니다.")
                test_id="records-table"
            />
        </section>
    }
}
