//! DynamoDB → DAX clusters: each cluster with its status, nodes and zones,
//! discovery endpoint, the role it reads tables with, and its item and query
//! caches' hits and misses.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One DAX cluster.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct DaxRow {
    name: String,
    status: String,
    nodes: String,
    endpoint: Option<String>,
    role: String,
    item_cache: (u64, u64),
    query_cache: (u64, u64),
}

/// The DAX clusters page of the console.
#[component]
pub fn DaxClustersPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let clusters = from_cloud(chapter, |cloud| {
        cloud
            .dax_clusters()
            .iter()
            .map(|c| DaxRow {
                name: c.name.clone(),
                status: c.status.clone(),
                nodes: c
                    .nodes
                    .iter()
                    .map(|n| format!("{} ({}) {}", n.id, n.zone, c.node_type))
                    .collect::<Vec<_>>()
                    .join(" · "),
                endpoint: (c.status != "creating").then(|| {
                    let scheme = if c.port() == 9111 { "daxs" } else { "dax" };
                    format!("{scheme}://{}", cloud.dax_cluster_endpoint(c))
                }),
                role: c
                    .iam_role_arn
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                item_cache: (c.stats.item_cache_hits, c.stats.item_cache_misses),
                query_cache: (c.stats.query_cache_hits, c.stats.query_cache_misses),
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::new("Name", "이름", |r: &DaxRow| r.name.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Status", "상태", |r: &DaxRow| r.status.clone()),
        Column::new("Nodes", "노드", |r: &DaxRow| r.nodes.clone())
            .class("break-keep py-1 pr-3 text-xs"),
        Column::new("Endpoint", "엔드포인트", move |r: &DaxRow| {
            let endpoint = r.endpoint.clone();
            move || {
                endpoint
                    .clone()
                    .unwrap_or_else(|| tr(lang(), "(once created)", "(생성된 뒤)").to_string())
            }
        })
        .class("py-1 pr-3 font-mono text-xs break-all"),
        Column::new(
            "Item cache hits / misses",
            "항목 캐시 적중 / 미스",
            |r: &DaxRow| format!("{} / {}", r.item_cache.0, r.item_cache.1),
        )
        .class("whitespace-nowrap py-1 pr-3"),
        Column::new(
            "Query cache hits / misses",
            "쿼리 캐시 적중 / 미스",
            |r: &DaxRow| format!("{} / {}", r.query_cache.0, r.query_cache.1),
        )
        .class("whitespace-nowrap py-1 pr-3"),
        Column::new("IAM role", "IAM 역할", |r: &DaxRow| r.role.clone())
            .class("py-1 pr-3 font-mono text-xs"),
    ];
    view! {
        <section aria-labelledby="dax-title" data-testid="dax-panel">
            <h3 id="dax-title" class="text-lg font-semibold">{move || tr(lang(), "DAX clusters", "DAX 클러스터")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Eventually consistent reads are answered from the caches for five minutes; strongly consistent reads pass through to the table.", "최종 일관성 읽기는 5분 동안 캐시에서 답하고, 강력한 일관성 읽기는 테이블로 그대로 가요.")}
            </p>
            <ResourceTable
                rows=clusters
                row_id=("data-dax-cluster", |r: &DaxRow| r.name.clone())
                row_state=("data-status", |r: &DaxRow| r.status.clone())
                columns
                caption=("Your DAX clusters", "내 DAX 클러스터")
                empty=("No DAX clusters.", "DAX 클러스터가 없습니다.")
                test_id="dax-clusters-table"
            />
        </section>
    }
}
