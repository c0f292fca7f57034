//! CloudWatch → Dashboards: each dashboard's widgets drawn from the model's
//! metrics over the last three hours (a line per metric) and its text widgets.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::i18n::tr;
use crate::state::use_app;

/// Hours a graph covers.
const HOURS: u64 = 3;
/// The graph's size in SVG units.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 100.0;
/// Line colours, one per metric (they stay readable in dark mode).
const COLOURS: [&str; 4] = ["#0284c7", "#d97706", "#16a34a", "#db2777"];

/// One line of a graph.
#[derive(Clone, Debug, Default, PartialEq)]
struct Line {
    label: String,
    points: String,
    last: Option<f64>,
}

/// One widget, ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
struct WidgetView {
    title: String,
    detail: String,
    lines: Vec<Line>,
    top: f64,
    markdown: String,
}

/// One dashboard.
#[derive(Clone, Debug, Default, PartialEq)]
struct DashboardView {
    name: String,
    widgets: Vec<WidgetView>,
}

/// The Dashboards page of the console.
#[component]
pub fn DashboardsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let dashboards = from_cloud(chapter, |cloud| {
        let end = cloud.now();
        let start = cloudlab_model::SimTime(end.as_millis().saturating_sub(HOURS * 3_600_000));
        let span = (end.as_millis() - start.as_millis()).max(1) as f64;
        cloud
            .dashboards()
            .iter()
            .map(|d| DashboardView {
                name: d.name.clone(),
                widgets: d
                    .widgets()
                    .into_iter()
                    .map(|w| {
                        let series: Vec<(String, Vec<(cloudlab_model::SimTime, f64)>)> = w
                            .metrics
                            .iter()
                            .map(|m| {
                                let label = m
                                    .dimensions
                                    .iter()
                                    .map(|d| d.value.clone())
                                    .next()
                                    .unwrap_or_else(|| m.metric_name.clone());
                                let data = cloud.metric_series(
                                    &m.namespace,
                                    &m.metric_name,
                                    &m.dimensions,
                                    start,
                                    end,
                                    w.period,
                                    &w.stat,
                                );
                                (label, data)
                            })
                            .collect();
                        let top = series
                            .iter()
                            .flat_map(|(_, d)| d.iter().map(|(_, v)| *v))
                            .fold(0.0_f64, f64::max)
                            .max(
                                if w.metrics.iter().any(|m| m.metric_name == "CPUUtilization") {
                                    100.0
                                } else {
                                    1.0
                                },
                            );
                        let lines = series
                            .into_iter()
                            .map(|(label, data)| Line {
                                label,
                                last: data.last().map(|(_, v)| *v),
                                points: data
                                    .iter()
                                    .map(|(t, v)| {
                                        let x = (t.as_millis().saturating_sub(start.as_millis()))
                                            as f64
                                            / span
                                            * WIDTH;
                                        let y = HEIGHT - v / top * HEIGHT;
                                        format!("{x:.1},{y:.1}")
                                    })
                                    .collect::<Vec<_>>()
                                    .join(" "),
                            })
                            .collect();
                        WidgetView {
                            title: w.title.clone(),
                            detail: format!("{} · {} s · 0–{top:.0}", w.stat, w.period),
                            lines,
                            top,
                            markdown: w.markdown.clone(),
                        }
                    })
                    .collect(),
            })
            .collect::<Vec<_>>()
    });
    view! {
        <section aria-labelledby="dashboards-title" data-testid="dashboards-panel" class="grid gap-3">
            <h3 id="dashboards-title" class="text-lg font-semibold">{move || tr(lang(), "Dashboards", "대시보드")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Each graph shows the last three hours of the simulated clock; fast-forward it to see the lines move.", "그래프마다 시뮬레이션 시계의 최근 세 시간을 보여 줘요. 시계를 빨리 감으면 선이 움직여요.")}
            </p>
            <Show
                when=move || !dashboards.get().is_empty()
                fallback=move || view! { <p class="text-sm">{move || tr(lang(), "No dashboards.", "대시보드가 없습니다.")}</p> }
            >
                {move || dashboards.get().into_iter().map(|d| view! {
                    <article class="grid gap-2" data-testid="dashboard" data-dashboard=d.name.clone()>
                        <h4 class="font-semibold">{d.name.clone()}</h4>
                        <div class="grid gap-3 sm:grid-cols-2">
                            {d.widgets.into_iter().map(|w| {
                                let title = w.title.clone();
                                view! {
                                    <figure class="rounded border border-slate-300 p-2 dark:border-slate-600" data-testid="dashboard-widget">
                                        <figcaption class="text-sm font-medium">{title.clone()} <span class="text-xs font-normal text-slate-600 dark:text-slate-300">{format!(" {}", w.detail)}</span></figcaption>
                                        {(!w.markdown.is_empty()).then(|| view! { <p class="whitespace-pre-wrap text-sm">{w.markdown.clone()}</p> })}
                                        {(!w.lines.is_empty()).then(|| {
                                            let lines = w.lines.clone();
                                            let legend = w.lines.clone();
                                            view! {
                                                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="h-28 w-full bg-slate-50 dark:bg-slate-900" role="img" aria-label=format!("{title}: {} (top {:.0})", legend.iter().map(|l| format!("{} {}", l.label, l.last.map(|v| format!("{v:.1}")).unwrap_or_else(|| "no data".into()))).collect::<Vec<_>>().join(", "), w.top) preserveAspectRatio="none">
                                                    {lines.into_iter().enumerate().map(|(i, l)| view! {
                                                        <polyline points=l.points fill="none" stroke=COLOURS[i % COLOURS.len()] stroke-width="1.5" vector-effect="non-scaling-stroke" />
                                                    }).collect_view()}
                                                </svg>
                                                <ul class="flex flex-wrap gap-3 text-xs">
                                                    {legend.into_iter().enumerate().map(|(i, l)| view! {
                                                        <li>
                                                            <svg aria-hidden="true" viewBox="0 0 8 8" class="mr-1 inline h-2 w-2"><rect width="8" height="8" fill=COLOURS[i % COLOURS.len()] /></svg>
                                                            <span class="font-mono">{l.label}</span>
                                                            {l.last.map(|v| format!(" {v:.1}"))}
                                                        </li>
                                                    }).collect_view()}
                                                </ul>
                                            }
                                        })}
                                    </figure>
                                }
                            }).collect_view()}
                        </div>
                    </article>
                }).collect_view()}
            </Show>
        </section>
    }
}
