//! SNS → Topics: each topic in the lab's regions and its subscriptions, pending
//! until confirmed.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One topic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TopicRow {
    arn: String,
    name: String,
    region: String,
    /// Protocol, endpoint, `Confirmed` or `PendingConfirmation`.
    subscriptions: Vec<(String, String, String)>,
}

/// The Topics page of the console.
#[component]
pub fn TopicsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let rows = from_cloud(chapter, |cloud| {
        std::iter::once(cloud)
            .chain(cloud.other_regions().values())
            .flat_map(|c| {
                c.topics().iter().map(move |t| TopicRow {
                    arn: t.arn.clone(),
                    name: t.name.clone(),
                    region: c.region_name().to_string(),
                    subscriptions: c
                        .subscriptions_of(&t.arn)
                        .map(|s| {
                            let status = if s.is_confirmed() {
                                "Confirmed"
                            } else {
                                "PendingConfirmation"
                            };
                            (s.protocol.clone(), s.endpoint.clone(), status.to_string())
                        })
                        .collect(),
                })
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::new("Name", "이름", |r: &TopicRow| r.name.clone())
            .class("whitespace-nowrap py-1 pr-3 font-medium")
            .row_header(),
        Column::new("Region", "리전", |r: &TopicRow| r.region.clone()).class("whitespace-nowrap py-1 pr-3 text-xs"),
        Column::new("Subscriptions", "구독", move |r: &TopicRow| {
            let subs = r.subscriptions.clone();
            view! {
                <ul class="grid gap-1">
                    {if subs.is_empty() {
                        view! { <li>{move || tr(lang(), "none", "없음")}</li> }.into_any()
                    } else {
                        subs.into_iter()
                            .map(|(protocol, endpoint, status)| view! {
                                <li>
                                    <span class="font-mono">{format!("{protocol} {endpoint}")}</span>
                                    " · "
                                    <span data-testid="subscription-status">{status}</span>
                                </li>
                            })
                            .collect_view()
                            .into_any()
                    }}
                </ul>
            }
        })
        .class("py-1 pr-3 text-xs"),
    ];
    view! {
        <section aria-labelledby="topics-title" data-testid="topics-panel">
            <h3 id="topics-title" class="text-lg font-semibold">{move || tr(lang(), "Topics", "주제")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "An e-mail subscription stays PendingConfirmation, and gets nothing, until its confirmation mail's link is opened (SNS → Inbox).", "이메일 구독은 확인 메일의 링크를 열 때까지 PendingConfirmation으로 남고 아무것도 받지 않아요(SNS → 받은 편지함).")}
            </p>
            <ResourceTable
                rows
                row_id=("data-topic", |r: &TopicRow| r.arn.clone())
                row_state=("data-region", |r: &TopicRow| r.region.clone())
                columns
                caption=("SNS topics in the lab's regions", "실습 리전의 SNS 주제")
                empty=("No topics.", "주제가 없습니다.")
                test_id="topics-table"
            />
        </section>
    }
}
