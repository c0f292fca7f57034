//! ElastiCache → Caches: each Valkey or Redis OSS replication group and each
//! Memcached cluster with its engine, status, nodes (role and zone), endpoint,
//! hits and misses and security groups; a form to test a group's failover and
//! one to reboot a node, so the difference between the engines can be seen:
//! a replica takes over and keeps the data, a rebooted Memcached node comes
//! back empty.

use cloudlab_model::elasticache::cache_clusters::RebootCacheClusterInput;
use cloudlab_model::elasticache::engine_label;
use cloudlab_model::elasticache::replication_groups::TestFailoverInput;
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One cache: a replication group or a Memcached cluster.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CacheRow {
    id: String,
    engine: String,
    status: String,
    group: bool,
    nodes: Vec<(String, String, String)>,
    endpoint: Option<String>,
    hits: u64,
    misses: u64,
    security_groups: String,
}

/// The ElastiCache caches page of the console.
#[component]
pub fn CachesPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let caches = from_cloud(chapter, |cloud| {
        let mut rows: Vec<CacheRow> = cloud
            .replication_groups()
            .iter()
            .map(|g| {
                let members: Vec<(String, String, String)> = g
                    .shards
                    .iter()
                    .flat_map(|s| {
                        s.members().map(move |m| {
                            let role = if *m == s.primary {
                                "primary"
                            } else {
                                "replica"
                            };
                            (m.clone(), role.to_string(), s.id.clone())
                        })
                    })
                    .filter_map(|(m, role, _)| {
                        let zone = cloud.cache_cluster(&m)?.nodes.first()?.zone.clone();
                        Some((m, role, zone))
                    })
                    .collect();
                let (hits, misses) = g
                    .shards
                    .iter()
                    .flat_map(|s| s.members())
                    .filter_map(|m| cloud.cache_cluster(m))
                    .flat_map(|c| c.nodes.iter())
                    .fold((0, 0), |(h, m), n| {
                        (h + n.cache_hits(), m + n.cache_misses())
                    });
                CacheRow {
                    id: g.id.clone(),
                    engine: format!("{} {}", engine_label(&g.engine), g.engine_version),
                    status: g.status.clone(),
                    group: true,
                    nodes: members,
                    endpoint: (g.status != "creating").then(|| {
                        if g.cluster_mode {
                            cloud.configuration_endpoint(g)
                        } else {
                            cloud.primary_endpoint(g)
                        }
                    }),
                    hits,
                    misses,
                    security_groups: g.security_group_ids.join(", "),
                }
            })
            .collect();
        rows.extend(
            cloud
                .cache_clusters()
                .iter()
                .filter(|c| c.replication_group.is_none())
                .map(|c| CacheRow {
                    id: c.id.clone(),
                    engine: format!("{} {}", engine_label(&c.engine), c.engine_version),
                    status: c.status.clone(),
                    group: false,
                    nodes: c
                        .nodes
                        .iter()
                        .map(|n| {
                            (
                                format!("{}/{}", c.id, n.id),
                                "node".to_string(),
                                n.zone.clone(),
                            )
                        })
                        .collect(),
                    endpoint: (c.status != "creating").then(|| {
                        if c.engine == "memcached" {
                            cloud.memcached_configuration_endpoint(c)
                        } else {
                            c.nodes
                                .first()
                                .map(|n| cloud.cache_node_endpoint(c, n))
                                .unwrap_or_default()
                        }
                    }),
                    hits: c.nodes.iter().map(|n| n.cache_hits()).sum(),
                    misses: c.nodes.iter().map(|n| n.cache_misses()).sum(),
                    security_groups: c.security_group_ids.join(", "),
                }),
        );
        rows
    });

    let failover_target = RwSignal::new(String::new());
    let reboot_target = RwSignal::new(String::new());
    let groups = move || {
        caches
            .get()
            .into_iter()
            .filter(|c| c.group)
            .map(|c| c.id)
            .collect::<Vec<_>>()
    };
    let nodes = move || {
        caches
            .get()
            .into_iter()
            .flat_map(|c| {
                let group = c.group;
                c.nodes.into_iter().map(
                    move |(id, _, _)| {
                        if group { format!("{id}/0001") } else { id }
                    },
                )
            })
            .collect::<Vec<_>>()
    };
    let first_or = |picked: String, all: Vec<String>| {
        if picked.is_empty() {
            all.first().cloned().unwrap_or_default()
        } else {
            picked
        }
    };
    let failover = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = first_or(failover_target.get_untracked(), groups());
        let input = TestFailoverInput {
            replication_group_id: id.clone(),
            node_group_id: "0001".into(),
        };
        action.run_and_say(
            ("Testing failover of", "장애 조치 테스트:"),
            id,
            move |lab| lab.cloud.test_failover(input),
        );
    };
    let reboot = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = first_or(reboot_target.get_untracked(), nodes());
        let (cluster, node) = picked.rsplit_once('/').unwrap_or((&picked, "0001"));
        let input = RebootCacheClusterInput {
            cache_cluster_id: cluster.to_string(),
            cache_node_ids_to_reboot: vec![node.to_string()],
        };
        action.run_and_say(("Rebooting", "재부팅 중:"), picked.clone(), move |lab| {
            lab.cloud.reboot_cache_cluster(input)
        });
    };

    let columns = vec![
        Column::new("Name", "이름", |r: &CacheRow| r.id.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Engine", "엔진", |r: &CacheRow| r.engine.clone())
            .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Status", "상태", |r: &CacheRow| r.status.clone()),
        Column::new("Nodes", "노드", move |r: &CacheRow| {
            let nodes = r.nodes.clone();
            view! {
                <ul class="grid gap-1">
                    {nodes
                        .into_iter()
                        .map(|(id, role, zone)| {
                            let role_text = move || match role.as_str() {
                                "primary" => tr(lang(), "primary", "기본"),
                                "replica" => tr(lang(), "replica", "복제본"),
                                _ => tr(lang(), "node", "노드"),
                            };
                            view! {
                                <li>
                                    <span class="block whitespace-nowrap font-mono">{id}</span>
                                    <span class="block whitespace-nowrap text-slate-600 dark:text-slate-300">{role_text} " · " {zone}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
        .class("py-1 pr-3 text-xs"),
        Column::new("Hits / misses", "적중 / 미스", |r: &CacheRow| {
            format!("{} / {}", r.hits, r.misses)
        })
        .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Endpoint", "엔드포인트", move |r: &CacheRow| {
            let endpoint = r.endpoint.clone();
            move || {
                endpoint
                    .clone()
                    .unwrap_or_else(|| tr(lang(), "(once created)", "(생성된 뒤)").to_string())
            }
        })
        .class("py-1 pr-3 font-mono text-xs break-all"),
        Column::new("Security groups", "보안 그룹", |r: &CacheRow| {
            r.security_groups.clone()
        })
        .class("py-1 pr-3 font-mono text-xs"),
    ];

    view! {
        <section aria-labelledby="caches-title" data-testid="caches-panel">
            <h3 id="caches-title" class="text-lg font-semibold">{move || tr(lang(), "Caches", "캐시")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Valkey and Redis OSS keep replicas that take over and snapshots; Memcached nodes are independent and keep nothing when they restart.", "Valkey와 Redis OSS는 장애 시 대신할 복제본과 스냅샷을 두어요. Memcached 노드는 서로 독립이고, 다시 시작하면 아무것도 남지 않아요.")}
            </p>
            <ResourceTable
                rows=caches
                row_id=("data-cache", |r: &CacheRow| r.id.clone())
                row_state=("data-status", |r: &CacheRow| r.status.clone())
                columns
                caption=("Your caches", "내 캐시")
                empty=("No caches.", "캐시가 없습니다.")
                test_id="caches-table"
            />
            <div class="mt-3 grid gap-3 lg:grid-cols-2">
                <form class="grid gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" on:submit=failover>
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "Replication group", "복제 그룹")}</span>
                        <select class=INPUT_CLASS name="replication-group" on:change=move |ev| failover_target.set(event_target_value(&ev))>
                            {move || groups().into_iter().map(|g| view! { <option value=g.clone()>{g.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="submit" class=PRIMARY_BUTTON data-testid="test-failover" disabled=move || groups().is_empty()>
                        {move || tr(lang(), "Test failover (shard 0001)", "장애 조치 테스트(샤드 0001)")}
                    </button>
                </form>
                <form class="grid gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" on:submit=reboot>
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "Node", "노드")}</span>
                        <select class=INPUT_CLASS name="cache-node" on:change=move |ev| reboot_target.set(event_target_value(&ev))>
                            {move || nodes().into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="submit" class=PRIMARY_BUTTON data-testid="reboot-cache-node" disabled=move || nodes().is_empty()>
                        {move || tr(lang(), "Reboot node", "노드 재부팅")}
                    </button>
                </form>
            </div>
            <ActionStatus action done_test_id="cache-action-done" />
        </section>
    }
}
