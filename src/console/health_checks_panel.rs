//! Route 53 → Health checks: what each check requests, how often, and what the
//! checkers found last.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One health check.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CheckRow {
    id: String,
    reference: String,
    endpoint: String,
    schedule: String,
    status: String,
    report: String,
}

/// The Health checks page of the console.
#[component]
pub fn HealthChecksPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let rows = from_cloud(chapter, |cloud| {
        cloud
            .health_checks()
            .iter()
            .map(|h| CheckRow {
                id: h.id.clone(),
                reference: h.caller_reference.clone(),
                endpoint: h.endpoint_text(),
                schedule: format!(
                    "every {} s · {} in a row",
                    h.config.request_interval.unwrap_or(30),
                    h.config.failure_threshold.unwrap_or(3)
                ),
                status: if h.healthy { "Healthy" } else { "Unhealthy" }.to_string(),
                report: h
                    .last_report
                    .as_ref()
                    .map(|(at, r)| format!("{} · {r}", at.to_cli()))
                    .unwrap_or_default(),
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::new("Name", "이름", |r: &CheckRow| r.reference.clone())
            .class("whitespace-nowrap py-1 pr-3 font-medium")
            .row_header(),
        Column::new("Status", "상태", |r: &CheckRow| r.status.clone())
            .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Endpoint", "엔드포인트", |r: &CheckRow| {
            let (endpoint, schedule) = (r.endpoint.clone(), r.schedule.clone());
            view! {
                <span class="block break-all font-mono">{endpoint}</span>
                <span class="block text-slate-600 dark:text-slate-300">{schedule}</span>
            }
        })
        .class("py-1 pr-3 text-xs"),
        Column::new("Last report", "마지막 결과", |r: &CheckRow| {
            r.report.clone()
        })
        .class("py-1 pr-3 text-xs"),
    ];
    view! {
        <section aria-labelledby="health-checks-title" data-testid="health-checks-panel">
            <h3 id="health-checks-title" class="text-lg font-semibold">{move || tr(lang(), "Health checks", "상태 검사")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Checkers in three regions request the endpoint; the status flips after the failure threshold's results in a row. Fast-forward the clock to watch it.", "세 리전의 검사기가 엔드포인트에 요청해요. 실패 임계값만큼 결과가 연달아 나오면 상태가 바뀌어요. 시계를 빨리 감아 지켜보세요.")}
            </p>
            <ResourceTable
                rows
                row_id=("data-health-check", |r: &CheckRow| r.id.clone())
                row_state=("data-status", |r: &CheckRow| r.status.clone())
                columns
                caption=("Route 53 health checks", "Route 53 상태 검사")
                empty=("No health checks.", "상태 검사가 없습니다.")
                test_id="health-checks-table"
            />
        </section>
    }
}
