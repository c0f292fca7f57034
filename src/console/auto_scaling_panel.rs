//! EC2 → Auto Scaling groups: each group's sizes, zones and instances, a form to
//! set its desired capacity, delete, the chart of its size, CPU and alarms over
//! time, and its latest activities with their causes.

use cloudlab_model::autoscaling::groups::{DeleteAutoScalingGroupInput, SetDesiredCapacityInput};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::scaling_chart::ScalingChart;
use crate::console::scaling_chart_data::chart_data;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// Activities listed under the chart.
const SHOWN_ACTIVITIES: usize = 8;

/// One group in the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    name: String,
    sizes: String,
    in_service: u32,
    zones: String,
    health_check: String,
    instances: String,
}

/// One activity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ActivityRow {
    id: String,
    at: String,
    status: String,
    description: String,
    cause: String,
}

/// The Auto Scaling groups page of the console.
#[component]
pub fn AutoScalingPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let desired = RwSignal::new(String::new());

    let rows = from_cloud(chapter, |cloud| {
        cloud
            .auto_scaling_groups()
            .iter()
            .map(|g| Row {
                name: g.name.clone(),
                sizes: format!("{} / {} / {}", g.min_size, g.desired, g.max_size),
                in_service: g.in_service_count(),
                zones: g.zones.join(", "),
                health_check: format!(
                    "{} ({} s)",
                    g.health_check_type, g.health_check_grace_period
                ),
                instances: g
                    .instances
                    .iter()
                    .map(|i| {
                        format!(
                            "{} {} {}{}",
                            i.instance_id,
                            i.zone,
                            i.lifecycle,
                            if i.protected { " 🛡" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect::<Vec<_>>()
    });
    let first_group = Signal::derive(move || rows.get().first().map(|r| r.name.clone()));
    let chart = from_cloud(chapter, |cloud| {
        cloud
            .auto_scaling_groups()
            .first()
            .and_then(|g| chart_data(cloud, &g.name))
    });
    let activities = from_cloud(chapter, |cloud| {
        let first = cloud.auto_scaling_groups().first().map(|g| g.name.clone());
        cloud
            .scaling_activities()
            .iter()
            .rev()
            .filter(|a| Some(&a.group) == first.as_ref())
            .take(SHOWN_ACTIVITIES)
            .map(|a| ActivityRow {
                id: a.id.clone(),
                at: a.start.to_iso8601(),
                status: a.status.clone(),
                description: a.description.clone(),
                cause: a.cause.clone(),
            })
            .collect::<Vec<_>>()
    });

    let set_desired = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(name) = first_group.get_untracked() else {
            return;
        };
        let value = desired.get_untracked().trim().parse().unwrap_or(-1);
        action.run(move |lab| {
            lab.cloud.set_desired_capacity(SetDesiredCapacityInput {
                auto_scaling_group_name: name,
                desired_capacity: value,
            })
        });
    };
    let delete = move |name: String| {
        action.run(move |lab| {
            lab.cloud
                .delete_auto_scaling_group(DeleteAutoScalingGroupInput {
                    auto_scaling_group_name: name,
                    force_delete: Some(true),
                })
        });
    };

    let columns = vec![
        Column::new("Name", "이름", |r: &Row| r.name.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Min / desired / max", "최소 / 원하는 용량 / 최대", |r: &Row| {
            view! {
                {r.sizes.clone()}
                <span class="block text-xs text-slate-600 dark:text-slate-400">{format!("{} in service", r.in_service)}</span>
            }
        })
        .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Availability Zones", "가용 영역", |r: &Row| r.zones.clone()),
        Column::new("Health check", "상태 검사", |r: &Row| r.health_check.clone()),
        Column::new("Instances", "인스턴스", |r: &Row| {
            view! { <span class="whitespace-pre-line font-mono text-xs">{r.instances.clone()}</span> }
        }),
    ];
    let actions = move |r: &Row| {
        let name = r.name.clone();
        let label = format!("{} {}", tr(lang(), "Actions for", "작업:"), r.name);
        Some(
            view! {
                <div class="flex flex-wrap gap-1" role="group" aria-label=label>
                    <button type="button" class=SECONDARY_BUTTON data-action="delete" on:click=move |_| delete(name.clone())>
                        {move || tr(lang(), "Delete (and terminate its instances)", "삭제(인스턴스도 종료)")}
                    </button>
                </div>
            }
            .into_any(),
        )
    };
    let activity_columns = vec![
        Column::new("Started", "시작", |a: &ActivityRow| a.at.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs"),
        Column::new("Status", "상태", |a: &ActivityRow| a.status.clone()),
        Column::new(
            "Activity and cause",
            "활동과 원인",
            |a: &ActivityRow| {
                view! {
                    {a.description.clone()}
                    <span class="block text-xs text-slate-600 dark:text-slate-400">{a.cause.clone()}</span>
                }
            },
        ),
    ];

    view! {
        <section aria-labelledby="asg-title" data-testid="auto-scaling-panel">
            <h3 id="asg-title" class="text-lg font-semibold">{move || tr(lang(), "Auto Scaling groups", "Auto Scaling 그룹")}</h3>
            <ResourceTable
                rows
                row_id=("data-group", |r: &Row| r.name.clone())
                columns
                below=std::sync::Arc::new(actions)
                caption=("Auto Scaling groups in this region", "이 리전의 Auto Scaling 그룹")
                empty=("No Auto Scaling groups.", "Auto Scaling 그룹이 없습니다.")
                test_id="auto-scaling-table"
            />
            <Show when=move || first_group.get().is_some()>
                <form class="mt-3 flex flex-wrap items-end gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-700" on:submit=set_desired>
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "Desired capacity", "원하는 용량")}</span>
                        <input class=INPUT_CLASS name="desired-capacity" inputmode="numeric" prop:value=desired on:input=move |ev| desired.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" class=PRIMARY_BUTTON data-testid="set-desired-capacity">
                        {move || tr(lang(), "Set desired capacity", "원하는 용량 설정")}
                    </button>
                </form>
            </Show>
            <ActionStatus action />
            {move || {
                let _ = lang();
                chart.get().map(|data| view! { <ScalingChart data /> })
            }}
            <h4 class="mt-4 font-semibold">{move || tr(lang(), "Activity", "활동")}</h4>
            <ResourceTable
                rows=activities
                row_id=("data-activity", |a: &ActivityRow| a.id.clone())
                columns=activity_columns
                caption=("The group's latest activities, newest first", "그룹의 최근 활동(최신순)")
                empty=("No activity yet.", "아직 활동이 없습니다.")
                test_id="scaling-activities"
            />
        </section>
    }
}
