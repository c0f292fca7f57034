//! CloudWatch → Alarms: each alarm's state and why, and what it watches.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One alarm.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    name: String,
    state: String,
    reason: String,
    condition: String,
}

/// The alarms page of the console.
#[component]
pub fn AlarmsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let rows = from_cloud(chapter, |cloud| {
        cloud
            .alarms()
            .iter()
            .map(|a| Row {
                name: a.name.clone(),
                state: a.state.clone(),
                reason: a.state_reason.clone(),
                condition: format!(
                    "{} {} {} {} ({} of {} × {} s) {}",
                    a.statistic,
                    a.metric_name,
                    a.comparison_operator,
                    a.threshold,
                    a.datapoints_to_alarm,
                    a.evaluation_periods,
                    a.period,
                    a.dimensions
                        .iter()
                        .map(|d| format!("{}={}", d.name, d.value))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::new("Name", "이름", |r: &Row| r.name.clone())
            .class("break-all py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("State", "상태", |r: &Row| r.state.clone())
            .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Condition", "조건", |r: &Row| r.condition.clone()).class("py-1 pr-3 text-xs"),
        Column::new("Reason", "이유", |r: &Row| r.reason.clone()).class("py-1 pr-3 text-xs"),
    ];
    view! {
        <section aria-labelledby="alarms-title" data-testid="alarms-panel">
            <h3 id="alarms-title" class="text-lg font-semibold">{move || tr(lang(), "Alarms", "경보")}</h3>
            <ResourceTable
                rows
                row_id=("data-alarm", |r: &Row| r.name.clone())
                row_state=("data-state", |r: &Row| r.state.clone())
                columns
                caption=("CloudWatch alarms in this region", "이 리전의 CloudWatch 경보")
                empty=("No alarms.", "경보가 없습니다.")
                test_id="alarms-table"
            />
        </section>
    }
}
