//! CloudFront → Distributions: each distribution with its status, origin,
//! viewer protocol policy and TTLs; what every edge location keeps (fresh or
//! stale, for how long); the invalidations, with a form to make one; and a
//! viewer's request from a chosen city.

use cloudlab_model::cloudfront::EDGE_LOCATIONS;
use cloudlab_model::cloudfront::config::Items;
use cloudlab_model::cloudfront::invalidations::{CreateInvalidationInput, InvalidationBatch};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::viewer_request::ViewerRequest;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One distribution.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct DistributionRow {
    id: String,
    domain: String,
    status: String,
    enabled: bool,
    origin: String,
    origin_access: bool,
    viewer_protocol: String,
    ttls: (i64, i64, i64),
}

/// One copy an edge keeps.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CopyRow {
    id: String,
    distribution: String,
    city_en: &'static str,
    city_ko: &'static str,
    code: &'static str,
    path: String,
    status: u16,
    age: u64,
    ttl: u64,
}

/// One invalidation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct InvalidationRow {
    id: String,
    distribution: String,
    paths: String,
    status: String,
    created: String,
}

/// The CloudFront distributions page of the console.
#[component]
pub fn DistributionsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let distributions = from_cloud(chapter, |cloud| {
        cloud
            .distributions()
            .iter()
            .map(|d| {
                let origin = d.config.origins.items.first();
                DistributionRow {
                    id: d.id.clone(),
                    domain: d.domain_name.clone(),
                    status: d.status.clone(),
                    enabled: d.config.enabled,
                    origin: origin.map(|o| o.domain_name.clone()).unwrap_or_default(),
                    origin_access: origin.is_some_and(|o| !o.origin_access_control_id.is_empty()),
                    viewer_protocol: d
                        .config
                        .default_cache_behavior
                        .viewer_protocol_policy
                        .clone(),
                    ttls: d.config.default_cache_behavior.ttls(),
                }
            })
            .collect::<Vec<_>>()
    });
    let copies = from_cloud(chapter, |cloud| {
        let now = cloud.now();
        cloud
            .distributions()
            .iter()
            .flat_map(|d| {
                EDGE_LOCATIONS.iter().flat_map(move |edge| {
                    d.edges
                        .get(edge.code)
                        .into_iter()
                        .flatten()
                        .map(move |(path, copy)| {
                            let age = now.since(copy.fetched_at).as_secs();
                            CopyRow {
                                id: format!("{}/{}{path}", d.id, edge.code),
                                distribution: d.id.clone(),
                                city_en: edge.name_en,
                                city_ko: edge.name_ko,
                                code: edge.code,
                                path: path.clone(),
                                status: copy.status,
                                age,
                                ttl: copy.ttl_seconds,
                            }
                        })
                })
            })
            .collect::<Vec<_>>()
    });
    let invalidations = from_cloud(chapter, |cloud| {
        cloud
            .distributions()
            .iter()
            .flat_map(|d| {
                d.invalidations.iter().map(|i| InvalidationRow {
                    id: i.id.clone(),
                    distribution: d.id.clone(),
                    paths: i.batch.paths.items.join(" "),
                    status: i.status.clone(),
                    created: i.create_time.to_iso8601(),
                })
            })
            .collect::<Vec<_>>()
    });
    let domains = Signal::derive(move || {
        distributions
            .get()
            .into_iter()
            .map(|d| d.domain)
            .collect::<Vec<_>>()
    });

    let paths = RwSignal::new("/*".to_string());
    let target = RwSignal::new(String::new());
    let invalidate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = target.get_untracked();
        let id = if chosen.is_empty() {
            distributions
                .get_untracked()
                .first()
                .map(|d| d.id.clone())
                .unwrap_or_default()
        } else {
            chosen
        };
        let items: Vec<String> = paths
            .get_untracked()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let input = CreateInvalidationInput {
            distribution_id: id.clone(),
            invalidation_batch: InvalidationBatch {
                paths: Items::of(items),
                caller_reference: String::new(),
            },
        };
        action.run_and_say(
            ("Created an invalidation for", "무효화를 만들었습니다:"),
            id,
            move |lab| {
                let mut input = input;
                input.invalidation_batch.caller_reference =
                    format!("console-{}", lab.cloud.now().as_millis());
                lab.cloud.create_invalidation(input)
            },
        );
    };

    let distribution_columns = vec![
        Column::new("ID", "ID", |r: &DistributionRow| r.id.clone())
            .class("py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Domain name", "도메인 이름", |r: &DistributionRow| {
            view! { <span class="font-mono text-xs">{r.domain.clone()}</span> }
        })
        .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Status", "상태", move |r: &DistributionRow| {
            let (status, enabled) = (r.status.clone(), r.enabled);
            move || {
                if enabled {
                    status.clone()
                } else {
                    format!("{status} ({})", tr(lang(), "disabled", "비활성"))
                }
            }
        }),
        Column::new("Origin", "오리진", move |r: &DistributionRow| {
            let (origin, oac) = (r.origin.clone(), r.origin_access);
            view! {
                <span class="font-mono text-xs">{origin}</span>
                {oac.then(|| view! { <span class="ml-1 rounded bg-teal-100 px-1 text-xs text-teal-900 dark:bg-teal-900 dark:text-teal-50">"OAC"</span> })}
            }
        })
        .class("whitespace-nowrap py-1 pr-3"),
        Column::new(
            "Viewer protocol",
            "뷰어 프로토콜",
            |r: &DistributionRow| r.viewer_protocol.clone(),
        ),
        Column::new(
            "TTL min / default / max (s)",
            "TTL 최소/기본/최대(초)",
            |r: &DistributionRow| format!("{} / {} / {}", r.ttls.0, r.ttls.1, r.ttls.2),
        ),
    ];
    let copy_columns = vec![
        Column::new("Edge", "엣지", move |r: &CopyRow| {
            let (en, ko, code) = (r.city_en, r.city_ko, r.code);
            move || format!("{} ({code})", tr(lang(), en, ko))
        })
        .row_header(),
        Column::new("Path", "경로", |r: &CopyRow| r.path.clone())
            .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Status", "상태", |r: &CopyRow| r.status.to_string()),
        Column::new("Age (s)", "나이(초)", |r: &CopyRow| r.age.to_string()),
        Column::new("TTL (s)", "TTL(초)", |r: &CopyRow| r.ttl.to_string()),
        Column::new("Fresh?", "신선한가요?", move |r: &CopyRow| {
            let fresh = r.age < r.ttl;
            move || {
                if fresh {
                    tr(lang(), "fresh: served as a Hit", "신선해요: Hit으로 제공")
                } else {
                    tr(
                        lang(),
                        "stale: the next request asks the origin",
                        "만료: 다음 요청 때 오리진에 물어요",
                    )
                }
            }
        }),
        Column::new("Distribution", "배포", |r: &CopyRow| {
            r.distribution.clone()
        })
        .class("py-1 pr-3 font-mono text-xs"),
    ];
    let invalidation_columns = vec![
        Column::new("ID", "ID", |r: &InvalidationRow| r.id.clone())
            .class("py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Paths", "경로", |r: &InvalidationRow| r.paths.clone())
            .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Status", "상태", |r: &InvalidationRow| r.status.clone()),
        Column::new("Created", "생성", |r: &InvalidationRow| r.created.clone())
            .class("py-1 pr-3 text-xs"),
        Column::new("Distribution", "배포", |r: &InvalidationRow| {
            r.distribution.clone()
        })
        .class("py-1 pr-3 font-mono text-xs"),
    ];

    view! {
        <section aria-labelledby="distributions-title" data-testid="distributions-panel">
            <h3 id="distributions-title" class="text-lg font-semibold">{move || tr(lang(), "Distributions", "배포")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "CloudFront is global: a distribution serves viewers everywhere from the edge location nearest them.", "CloudFront는 글로벌 서비스예요. 배포는 어디서든 가장 가까운 엣지 로케이션에서 뷰어에게 응답해요.")}
            </p>
            <ResourceTable
                rows=distributions
                row_id=("data-distribution", |r: &DistributionRow| r.id.clone())
                row_state=("data-status", |r: &DistributionRow| r.status.clone())
                columns=distribution_columns
                caption=("Your distributions", "내 배포")
                empty=("No distributions.", "배포가 없습니다.")
                test_id="distributions-table"
            />
            <ViewerRequest chapter domains />
            <h4 class="mt-4 font-semibold">{move || tr(lang(), "What the edges keep", "엣지가 보관하는 것")}</h4>
            <ResourceTable
                rows=copies
                row_id=("data-copy", |r: &CopyRow| r.id.clone())
                columns=copy_columns
                caption=("Copies kept at each edge location", "엣지 로케이션마다 보관한 사본")
                empty=("No edge keeps anything yet.", "아직 엣지가 보관한 것이 없습니다.")
                test_id="edge-copies-table"
            />
            <h4 class="mt-4 font-semibold">{move || tr(lang(), "Invalidations", "무효화")}</h4>
            <form class="mt-2 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[2fr_2fr_auto] sm:items-end dark:border-slate-700" on:submit=invalidate>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Distribution", "배포")}</span>
                    <select class=INPUT_CLASS name="invalidation-distribution" on:change=move |ev| target.set(event_target_value(&ev))>
                        {move || distributions.get().into_iter().map(|d| view! { <option value=d.id.clone()>{d.id.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Paths (space-separated, starting with /)", "경로(공백으로 구분, /로 시작)")}</span>
                    <input class=INPUT_CLASS name="invalidation-paths" prop:value=paths on:input=move |ev| paths.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class=PRIMARY_BUTTON data-testid="create-invalidation" disabled=move || distributions.get().is_empty()>
                    {move || tr(lang(), "Create invalidation", "무효화 생성")}
                </button>
            </form>
            <ActionStatus action done_test_id="invalidation-created" />
            <ResourceTable
                rows=invalidations
                row_id=("data-invalidation", |r: &InvalidationRow| r.id.clone())
                row_state=("data-status", |r: &InvalidationRow| r.status.clone())
                columns=invalidation_columns
                caption=("Invalidations, newest first", "무효화, 최신순")
                empty=("No invalidations.", "무효화가 없습니다.")
                test_id="invalidations-table"
            />
        </section>
    }
}
