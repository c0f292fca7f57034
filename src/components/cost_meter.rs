//! What the lab account would cost on real AWS right now, line by line.
//!
//! Nothing is billed here; the meter shows the learner which resources keep costing
//! money (running instances, volumes, every public IPv4 address, idle Elastic IPs).

use leptos::prelude::*;

use crate::i18n::tr;
use crate::state::use_app;

/// The running cost meter of a chapter's lab, folded by default.
#[component]
pub fn CostMeter(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let breakdown = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| lab.cloud.hourly_cost_breakdown()))
    };
    let total = move || breakdown().map(|b| b.total_usd_per_hour).unwrap_or(0.0);

    view! {
        <details class="rounded-md border border-slate-200 bg-white px-3 py-1 text-sm dark:border-slate-800 dark:bg-slate-900" data-testid="cost-meter">
            <summary class="cursor-pointer py-1">
                {move || tr(lang(), "What this would cost on AWS:", "AWS에서라면 드는 비용:")}" "
                <span class="font-mono font-semibold">{move || format!("${:.4}/h", total())}</span>
                <span class="text-slate-600 dark:text-slate-400">
                    {move || format!(" ≈ ${:.2}/{}", total() * 730.0, tr(lang(), "month", "월"))}
                </span>
            </summary>
            <table class="mb-2 mt-1 w-full text-left">
                <caption class="sr-only">{move || tr(lang(), "Hourly cost by resource", "리소스별 시간당 비용")}</caption>
                <tbody>
                    {move || {
                        let lang = lang();
                        let lines = breakdown().map(|b| b.lines).unwrap_or_default();
                        if lines.is_empty() {
                            return view! {
                                <tr><td class="py-1 text-slate-600 dark:text-slate-400">{tr(lang, "Nothing in this account costs money right now.", "지금 이 계정에는 비용이 드는 리소스가 없습니다.")}</td></tr>
                            }.into_any();
                        }
                        lines.into_iter().map(|line| {
                            let (en, ko) = line.kind.name();
                            let kind = tr(lang, en, ko);
                            view! {
                                <tr class="border-t border-slate-100 dark:border-slate-800">
                                    <td class="py-1 pr-2">{kind}</td>
                                    <td class="py-1 pr-2 font-mono text-xs">{line.resource_id}</td>
                                    <td class="py-1 pr-2 text-slate-600 dark:text-slate-400">{line.description}</td>
                                    <td class="py-1 text-right font-mono">{format!("${:.4}/h", line.usd_per_hour)}</td>
                                </tr>
                            }
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </details>
    }
}
