//! EC2 → Load balancers: each load balancer's DNS name, state and zones, its
//! listeners, and each target group's targets with their health and why.

use cloudlab_model::elbv2::load_balancers::DeleteLoadBalancerInput;
use leptos::prelude::*;

use crate::console::SECONDARY_BUTTON;
use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One load balancer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    arn: String,
    name: String,
    dns_name: String,
    state: String,
    zones: String,
    listeners: String,
}

/// One registered target.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TargetRow {
    key: String,
    group: String,
    target: String,
    state: String,
    reason: String,
}

/// The load balancers page of the console.
#[component]
pub fn LoadBalancersPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let rows = from_cloud(chapter, |cloud| {
        cloud
            .load_balancers()
            .iter()
            .map(|lb| Row {
                arn: lb.arn.clone(),
                name: lb.name.clone(),
                dns_name: lb.dns_name.clone(),
                state: lb.state.clone(),
                zones: lb.zones().collect::<Vec<_>>().join(", "),
                listeners: cloud
                    .listeners()
                    .iter()
                    .filter(|l| l.load_balancer_arn == lb.arn)
                    .map(|l| {
                        let to = l
                            .default_actions
                            .iter()
                            .map(|a| match &a.target_group_arn {
                                Some(arn) => format!(
                                    "forward → {}",
                                    cloud
                                        .target_group(arn)
                                        .map_or(arn.as_str(), |g| g.name.as_str())
                                ),
                                None => a.action_type.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join(", ");
                        format!("{}:{} {to}", l.protocol, l.port)
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect::<Vec<_>>()
    });
    let targets = from_cloud(chapter, |cloud| {
        let mut out = Vec::new();
        for g in cloud.target_groups() {
            for t in &g.targets {
                let (state, reason, description) = cloud.target_health(g, t);
                out.push(TargetRow {
                    key: format!("{}/{}", g.name, t.id),
                    group: g.name.clone(),
                    target: format!("{}:{}", t.id, t.port),
                    state: state.as_str().to_string(),
                    reason: match (reason, description) {
                        (Some(r), Some(d)) => format!("{r}: {d}"),
                        (Some(r), None) => r,
                        _ => String::new(),
                    },
                });
            }
        }
        out
    });
    let delete = move |arn: String| {
        action.run(move |lab| {
            lab.cloud.delete_load_balancer(DeleteLoadBalancerInput {
                load_balancer_arn: arn,
            })
        });
    };
    let columns = vec![
        Column::new("Name", "이름", |r: &Row| {
            view! {
                <span class="font-mono text-xs">{r.name.clone()}</span>
                <span class="block break-all font-mono text-xs text-slate-600 dark:text-slate-400">{r.dns_name.clone()}</span>
            }
        })
        .class("py-1 pr-3")
        .row_header(),
        Column::new("State", "상태", |r: &Row| r.state.clone()),
        Column::new("Availability Zones", "가용 영역", |r: &Row| r.zones.clone()),
        Column::new("Listeners", "리스너", |r: &Row| {
            view! { <span class="whitespace-pre-line text-xs">{r.listeners.clone()}</span> }
        }),
    ];
    let actions = move |r: &Row| {
        let arn = r.arn.clone();
        let label = format!("{} {}", tr(lang(), "Actions for", "작업:"), r.name);
        Some(
            view! {
                <div class="flex flex-wrap gap-1" role="group" aria-label=label>
                    <button type="button" class=SECONDARY_BUTTON data-action="delete" on:click=move |_| delete(arn.clone())>
                        {move || tr(lang(), "Delete", "삭제")}
                    </button>
                </div>
            }
            .into_any(),
        )
    };
    let target_columns = vec![
        Column::new("Target group", "대상 그룹", |t: &TargetRow| {
            t.group.clone()
        })
        .class("whitespace-nowrap py-1 pr-3 font-mono text-xs"),
        Column::new("Target", "대상", |t: &TargetRow| t.target.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Health", "상태", |t: &TargetRow| t.state.clone()),
        Column::new("Why", "이유", |t: &TargetRow| t.reason.clone()).class("py-1 pr-3 text-xs"),
    ];
    view! {
        <section aria-labelledby="lb-title" data-testid="load-balancers-panel">
            <h3 id="lb-title" class="text-lg font-semibold">{move || tr(lang(), "Load balancers", "로드 밸런서")}</h3>
            <ActionStatus action />
            <ResourceTable
                rows
                row_id=("data-load-balancer", |r: &Row| r.name.clone())
                row_state=("data-state", |r: &Row| r.state.clone())
                columns
                below=std::sync::Arc::new(actions)
                caption=("Load balancers in this region", "이 리전의 로드 밸런서")
                empty=("No load balancers.", "로드 밸런서가 없습니다.")
                test_id="load-balancers-table"
            />
            <h4 class="mt-4 font-semibold">{move || tr(lang(), "Registered targets", "등록된 대상")}</h4>
            <ResourceTable
                rows=targets
                row_id=("data-target", |t: &TargetRow| t.key.clone())
                row_state=("data-health", |t: &TargetRow| t.state.clone())
                columns=target_columns
                caption=("Each target group's targets and their health", "대상 그룹별 대상과 상태")
                empty=("No registered targets.", "등록된 대상이 없습니다.")
                test_id="targets-table"
            />
        </section>
    }
}
