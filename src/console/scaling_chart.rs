//! The Auto Scaling chart: the group's size, its average CPU and its alarms'
//! states over the same simulated minutes, drawn as SVG from [`ChartData`].
//! Nothing moves on its own (no animation), and a sentence under the chart says
//! what it shows for screen readers and small screens.

use leptos::prelude::*;

use crate::console::scaling_chart_data::ChartData;
use crate::i18n::{tr, tr_string};
use crate::state::use_app;

const WIDTH: f64 = 640.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 8.0;
const SIZE_TOP: f64 = 20.0;
const SIZE_HEIGHT: f64 = 90.0;
const CPU_TOP: f64 = 140.0;
const CPU_HEIGHT: f64 = 90.0;
const ALARM_TOP: f64 = 258.0;
const ALARM_ROW: f64 = 18.0;

fn x(data: &ChartData, minutes: f64) -> f64 {
    LEFT + (WIDTH - LEFT - RIGHT) * (minutes / data.minutes).clamp(0.0, 1.0)
}

/// The points of a step line: each value holds until the next one.
fn step_points(data: &ChartData, values: &[(f64, f64)], top: f64, height: f64, max: f64) -> String {
    let y = |v: f64| top + height - height * (v / max).clamp(0.0, 1.0);
    let mut points = Vec::new();
    for (i, (t, v)) in values.iter().enumerate() {
        if i > 0 {
            let (_, previous) = values[i - 1];
            points.push(format!("{:.1},{:.1}", x(data, *t), y(previous)));
        }
        points.push(format!("{:.1},{:.1}", x(data, *t), y(*v)));
    }
    if let Some((_, last)) = values.last() {
        points.push(format!("{:.1},{:.1}", x(data, data.minutes), y(*last)));
    }
    points.join(" ")
}

fn state_class(state: &str) -> &'static str {
    match state {
        "ALARM" => "text-red-600 dark:text-red-400",
        "OK" => "text-emerald-600 dark:text-emerald-400",
        _ => "text-slate-400 dark:text-slate-500",
    }
}

/// The chart of one Auto Scaling group.
#[component]
pub fn ScalingChart(
    /// What to draw.
    data: ChartData,
) -> impl IntoView {
    let app = use_app();
    let lang = app.lang();
    let max = f64::from(data.max_size);
    let desired: Vec<(f64, f64)> = data
        .size
        .iter()
        .map(|s| (s.at, f64::from(s.desired)))
        .collect();
    let in_service: Vec<(f64, f64)> = data
        .size
        .iter()
        .map(|s| (s.at, f64::from(s.in_service)))
        .collect();
    let desired_points = step_points(&data, &desired, SIZE_TOP, SIZE_HEIGHT, max);
    let in_service_points = step_points(&data, &in_service, SIZE_TOP, SIZE_HEIGHT, max);
    let cpu_y = |v: f64| CPU_TOP + CPU_HEIGHT - CPU_HEIGHT * (v / 100.0).clamp(0.0, 1.0);
    let cpu_points = data
        .cpu
        .iter()
        .map(|(t, v)| format!("{:.1},{:.1}", x(&data, *t), cpu_y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    let target = data.cpu_target.map(|t| {
        let y = cpu_y(t);
        view! {
            <line x1=LEFT x2=WIDTH - RIGHT y1=y y2=y stroke="currentColor" stroke-dasharray="4 3" class="text-amber-600 dark:text-amber-400" />
            <text x=WIDTH - RIGHT y=y - 3.0 text-anchor="end" class="fill-current text-[10px] text-amber-700 dark:text-amber-300">{format!("{} {t:.0}%", tr(lang, "target", "목표"))}</text>
        }
    });
    let height = ALARM_TOP + ALARM_ROW * data.alarms.len() as f64 + 26.0;
    let alarm_rows = data
        .alarms
        .iter()
        .enumerate()
        .map(|(i, track)| {
            let y = ALARM_TOP + ALARM_ROW * i as f64;
            let spans = track
                .spans
                .iter()
                .map(|s| {
                    let (x1, x2) = (x(&data, s.from), x(&data, s.to));
                    view! {
                        <rect x=x1 y=y width=(x2 - x1).max(0.5) height=ALARM_ROW - 6.0 fill="currentColor" class=state_class(&s.state)>
                            <title>{format!("{}: {}", track.label, s.state)}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <text x=LEFT - 4.0 y=y + 9.0 text-anchor="end" class="fill-current text-[9px] text-slate-600 dark:text-slate-300">{track.label.clone()}</text>
                {spans}
            }
        })
        .collect_view();
    let axis_y = height - 12.0;
    let minutes = data.minutes;
    let summary = tr_string(
        lang,
        format!(
            "{}: size {} at most (max {}), now {} desired; average CPU peaked at {:.0}%.",
            data.group,
            data.peak_in_service(),
            data.max_size,
            data.size.last().map_or(0, |s| s.desired),
            data.peak_cpu()
        ),
        format!(
            "{}: 최대 {}대까지 늘었고(최대 크기 {}), 지금 원하는 용량은 {}이에요. 평균 CPU는 최고 {:.0}%였어요.",
            data.group,
            data.peak_in_service(),
            data.max_size,
            data.size.last().map_or(0, |s| s.desired),
            data.peak_cpu()
        ),
    );
    let title = tr_string(
        lang,
        format!(
            "{}: size, CPU and alarms over the last {minutes:.0} minutes",
            data.group
        ),
        format!("{}: 지난 {minutes:.0}분 동안의 크기, CPU, 경보", data.group),
    );
    let label = title.clone();
    let region_label = title.clone();
    view! {
        <figure class="mt-3" data-testid="scaling-chart">
            // Below 36rem the chart scrolls sideways rather than shrinking its text.
            <div class="overflow-x-auto" tabindex="0" role="region" aria-label=region_label>
            <svg viewBox=format!("0 0 {WIDTH} {height}") class="h-auto w-full min-w-[36rem] max-w-3xl" role="img" aria-label=label>
                <title>{title}</title>
                <text x=LEFT y=SIZE_TOP - 6.0 class="fill-current text-[11px] font-semibold text-slate-700 dark:text-slate-200">{tr(lang, "Instances (solid: in service, dashed: desired)", "인스턴스(실선: 서비스 중, 점선: 원하는 용량)")}</text>
                <line x1=LEFT x2=WIDTH - RIGHT y1=SIZE_TOP + SIZE_HEIGHT y2=SIZE_TOP + SIZE_HEIGHT stroke="currentColor" class="text-slate-300 dark:text-slate-600" />
                <text x=LEFT - 4.0 y=SIZE_TOP + 4.0 text-anchor="end" class="fill-current text-[10px] text-slate-600 dark:text-slate-300">{data.max_size}</text>
                <text x=LEFT - 4.0 y=SIZE_TOP + SIZE_HEIGHT text-anchor="end" class="fill-current text-[10px] text-slate-600 dark:text-slate-300">"0"</text>
                <polyline points=desired_points fill="none" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 3" class="text-slate-500 dark:text-slate-400" />
                <polyline points=in_service_points fill="none" stroke="currentColor" stroke-width="2.5" class="text-sky-700 dark:text-sky-300" data-series="in-service" />
                <text x=LEFT y=CPU_TOP - 6.0 class="fill-current text-[11px] font-semibold text-slate-700 dark:text-slate-200">{tr(lang, "Average CPU (%)", "평균 CPU(%)")}</text>
                <line x1=LEFT x2=WIDTH - RIGHT y1=CPU_TOP + CPU_HEIGHT y2=CPU_TOP + CPU_HEIGHT stroke="currentColor" class="text-slate-300 dark:text-slate-600" />
                <text x=LEFT - 4.0 y=CPU_TOP + 4.0 text-anchor="end" class="fill-current text-[10px] text-slate-600 dark:text-slate-300">"100"</text>
                <text x=LEFT - 4.0 y=CPU_TOP + CPU_HEIGHT text-anchor="end" class="fill-current text-[10px] text-slate-600 dark:text-slate-300">"0"</text>
                {target}
                <polyline points=cpu_points fill="none" stroke="currentColor" stroke-width="2" class="text-violet-700 dark:text-violet-300" data-series="cpu" />
                <text x=LEFT y=ALARM_TOP - 8.0 class="fill-current text-[11px] font-semibold text-slate-700 dark:text-slate-200">{tr(lang, "Alarms (green OK, red ALARM, grey no data)", "경보(초록 OK, 빨강 ALARM, 회색 데이터 없음)")}</text>
                {alarm_rows}
                <text x=LEFT y=axis_y + 10.0 class="fill-current text-[10px] text-slate-600 dark:text-slate-300">{tr_string(lang, format!("−{minutes:.0} min"), format!("−{minutes:.0}분"))}</text>
                <text x=WIDTH - RIGHT y=axis_y + 10.0 text-anchor="end" class="fill-current text-[10px] text-slate-600 dark:text-slate-300">{tr(lang, "now", "지금")}</text>
            </svg>
            </div>
            <figcaption class="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="scaling-chart-summary">{summary}</figcaption>
        </figure>
    }
}
