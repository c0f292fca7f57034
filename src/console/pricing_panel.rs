//! EC2 → Pricing: what each instance type in the lab costs a month under each way
//! of buying it (on-demand, Savings Plan, Reserved Instances, Spot), from the
//! model's dated price tables.

use cloudlab_model::ec2::instances::InstanceStateName;
use cloudlab_model::pricing::{self, M5_DEDICATED_HOST_US_EAST_1_PER_HOUR, PRICES_AS_OF};
use leptos::prelude::*;

use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::{tr, tr_string};
use crate::state::use_app;

/// The type priced when the lab has no instance yet.
const EXAMPLE_TYPE: &str = "t3.micro";

/// One purchase option for one instance type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    instance_type: String,
    option: (&'static str, &'static str),
    commitment: (&'static str, &'static str),
    per_hour: String,
    per_month: String,
    saving: String,
    listed: bool,
}

/// The types of the lab's instances that are not terminated, in launch order
/// (or the example type when there are none).
fn types_in(cloud: &cloudlab_model::Cloud) -> Vec<String> {
    let mut types: Vec<String> = Vec::new();
    for i in cloud.instances() {
        if i.state != InstanceStateName::Terminated && !types.contains(&i.instance_type) {
            types.push(i.instance_type.clone());
        }
    }
    if types.is_empty() {
        types.push(EXAMPLE_TYPE.to_string());
    }
    types
}

/// The pricing page of the console.
#[component]
pub fn PricingPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let region = Signal::derive(move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| lab.cloud.region().code))
            .unwrap_or_default()
    });
    let rows = Signal::derive(move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    let cloud = &lab.cloud;
                    let region = cloud.region().code;
                    types_in(cloud)
                        .into_iter()
                        .flat_map(|instance_type| {
                            let listed = pricing::on_demand_linux(region, &instance_type)
                                .is_some_and(|p| p.listed);
                            pricing::purchase_quotes(region, &instance_type)
                                .unwrap_or_default()
                                .into_iter()
                                .map(move |quote| Row {
                                    instance_type: instance_type.clone(),
                                    option: quote.option.name(),
                                    commitment: quote.option.commitment(),
                                    per_hour: format!("${:.4}", quote.usd_per_hour),
                                    per_month: format!("${:.2}", quote.usd_per_month),
                                    saving: format!("{:.0}%", quote.saving_percent),
                                    listed,
                                })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });

    let columns = vec![
        Column::new("Instance type", "인스턴스 유형", |r: &Row| {
            let estimate = (!r.listed).then(|| {
                view! {
                    <span class="block text-xs text-slate-600 dark:text-slate-400">
                        {move || tr(use_app().lang(), "estimated", "추정")}
                    </span>
                }
            });
            view! { {r.instance_type.clone()} {estimate} }
        })
        .class("py-1 pr-3 font-mono text-xs")
        .row_header(),
        Column::new("Purchase option", "구매 옵션", |r: &Row| {
            let (en, ko) = r.option;
            let (commit_en, commit_ko) = r.commitment;
            view! {
                {move || tr(use_app().lang(), en, ko)}
                <span class="block text-xs text-slate-600 dark:text-slate-400">
                    {move || tr(use_app().lang(), commit_en, commit_ko)}
                </span>
            }
        }),
        Column::new("Per hour", "시간당", |r: &Row| r.per_hour.clone())
            .class("py-1 pr-3 text-right tabular-nums"),
        Column::new("Per month (730 h)", "월간 (730시간)", |r: &Row| {
            r.per_month.clone()
        })
        .class("py-1 pr-3 text-right tabular-nums font-medium"),
        Column::new("Saving", "절감", |r: &Row| r.saving.clone())
            .class("py-1 pr-3 text-right tabular-nums"),
    ];

    view! {
        <section aria-labelledby="pricing-title" data-testid="pricing-panel">
            <h3 id="pricing-title" class="text-lg font-semibold">
                {move || tr(lang(), "Pricing", "요금")}
            </h3>
            <p class="mt-1 max-w-prose text-sm text-slate-700 dark:text-slate-300">
                {move || {
                    let region = region.get();
                    tr_string(
                        lang(),
                        format!("Linux compute for one instance running all month in {region}. On-demand prices are AWS's list prices as of {PRICES_AS_OF}; the other options are representative discounts (AWS publishes one per type, term and payment). Storage and public IPv4 addresses cost the same under every option."),
                        format!("{region}에서 한 달 내내 실행하는 인스턴스 한 대의 Linux 컴퓨팅 요금이에요. 온디맨드는 {PRICES_AS_OF} 기준 AWS 정가이고, 다른 옵션은 대표적인 할인율이에요(AWS는 유형, 기간, 결제 방식마다 하나씩 공개해요). 스토리지와 퍼블릭 IPv4 주소 요금은 어떤 옵션이든 같아요."),
                    )
                }}
            </p>
            <ResourceTable
                rows
                row_id=("data-price", |r: &Row| format!("{} {}", r.instance_type, r.option.0))
                columns
                caption=("Monthly compute cost by purchase option", "구매 옵션별 월간 컴퓨팅 비용")
                empty=("No instance type has a known price.", "가격이 알려진 인스턴스 유형이 없어요.")
                test_id="pricing-table"
            />
            <p class="mt-2 max-w-prose text-xs text-slate-600 dark:text-slate-400">
                {move || tr_string(
                    lang(),
                    format!("A Dedicated Host is billed per physical server, whatever runs on it: an M5 host in N. Virginia is about ${M5_DEDICATED_HOST_US_EAST_1_PER_HOUR:.2} an hour and holds up to 48 m5.large."),
                    format!("전용 호스트는 무엇을 올리든 물리 서버 단위로 과금돼요. 버지니아 북부의 M5 호스트는 시간당 약 {M5_DEDICATED_HOST_US_EAST_1_PER_HOUR:.2}달러이고 m5.large를 최대 48대 올릴 수 있어요."),
                )}
            </p>
        </section>
    }
}
