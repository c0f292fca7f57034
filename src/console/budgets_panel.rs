//! Billing → Budgets: create a monthly cost budget with an e-mail alert, and list budgets
//! with their spend and the alerts they sent.

use cloudlab_model::billing::budgets::{
    BudgetInput, BudgetNameInput, CreateBudgetInput, NotificationWithSubscribers, Spend,
};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::iam_data::{BudgetRow, budget_rows, console_identity};
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One budget in the list, with the month's figures it is measured against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    budget: BudgetRow,
    actual: String,
    forecast: String,
}

/// The Budgets page of the console.
#[component]
pub fn BudgetsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let bad_threshold = RwSignal::new(false);
    let (name, set_name) = signal(String::from("My Monthly Cost Budget"));
    let (amount, set_amount) = signal(String::from("10"));
    let (threshold, set_threshold) = signal(String::from("80"));
    let (email, set_email) = signal(String::new());

    let budgets = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| budget_rows(&lab.cloud)))
            .unwrap_or_default()
    };
    // (month to date, forecast) in dollars: the same figures DescribeBudgets reports.
    let spend = move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    (
                        lab.cloud.month_to_date_usd(),
                        lab.cloud.forecast_month_usd(),
                    )
                })
            })
            .unwrap_or_default()
    };

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(threshold) = threshold.get_untracked().trim().parse::<f64>() else {
            bad_threshold.set(true);
            return;
        };
        bad_threshold.set(false);
        let budget_name = name.get_untracked().trim().to_string();
        let amount = amount.get_untracked().trim().to_string();
        let address = email.get_untracked().trim().to_string();
        let subject = budget_name.clone();
        action.run_and_say(
            ("Created budget", "예산을 만들었습니다:"),
            subject,
            move |lab| {
                let input = CreateBudgetInput {
                    account_id: lab.cloud.account_id().to_string(),
                    budget: BudgetInput {
                        budget_name,
                        budget_limit: Some(Spend {
                            amount,
                            unit: "USD".into(),
                        }),
                        time_unit: "MONTHLY".into(),
                        budget_type: "COST".into(),
                    },
                    notifications_with_subscribers: vec![
                        NotificationWithSubscribers::email_above_percent(
                            "ACTUAL", threshold, address,
                        ),
                    ],
                };
                lab.cloud.as_caller(console_identity()).create_budget(input)
            },
        );
    };

    let delete = move |budget_name: String| {
        action.run(move |lab| {
            let input = BudgetNameInput {
                account_id: lab.cloud.account_id().to_string(),
                budget_name,
            };
            lab.cloud.as_caller(console_identity()).delete_budget(input)
        });
    };

    let rows = Signal::derive(move || {
        let (mtd, forecast) = spend();
        budgets()
            .into_iter()
            .map(|budget| Row {
                budget,
                actual: format!("${mtd:.2}"),
                forecast: format!("${forecast:.2}"),
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::new("Name", "이름", move |r: &Row| {
            let budget_name = r.budget.budget_name.clone();
            view! {
                <span class="block font-medium">{r.budget.budget_name.clone()}</span>
                <button type="button" class=format!("{SECONDARY_BUTTON} mt-1") on:click=move |_| delete(budget_name.clone())>
                    {tr(lang(), "Delete", "삭제")}
                </button>
            }
        })
        .row_header()
        .class("py-1 pr-3 font-normal"),
        Column::new("Budgeted", "예산 금액", |r: &Row| r.budget.limit.clone())
            .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Actual (MTD)", "실제(이번 달)", |r: &Row| r.actual.clone())
            .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Forecasted", "예상", |r: &Row| r.forecast.clone())
            .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Alerts", "알림", |r: &Row| {
            view! {
                <ul>
                    {r.budget.alerts.iter().map(|(condition, to)| view! {
                        <li><span class="whitespace-nowrap font-mono">{condition.clone()}</span>" → "<span class="break-all">{to.join(", ")}</span></li>
                    }).collect_view()}
                </ul>
            }
        })
        .class("py-1 text-xs"),
    ];

    view! {
        <section aria-labelledby="budgets-title" data-testid="budgets-panel">
            <h3 id="budgets-title" class="text-lg font-semibold">{move || tr(lang(), "Billing: Budgets", "결제: 예산")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-400">
                {move || {
                    let (mtd, forecast) = spend();
                    format!(
                        "{} ${mtd:.2} · {} ${forecast:.2}",
                        tr(lang(), "Month-to-date cost:", "이번 달 누적 비용:"),
                        tr(lang(), "forecast for the month:", "이번 달 예상:"),
                    )
                }}
            </p>
            <form class="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 dark:border-slate-700" on:submit=create aria-labelledby="create-budget-title">
                <h4 id="create-budget-title" class="font-semibold sm:col-span-2">{move || tr(lang(), "Create budget: monthly cost budget", "예산 생성: 월별 비용 예산")}</h4>
                <label class="text-sm sm:col-span-2">
                    <span class="font-medium">{move || tr(lang(), "Budget name", "예산 이름")}</span>
                    <input class=INPUT_CLASS name="budget-name" autocomplete="off" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) />
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Budgeted amount ($, USD per month)", "예산 금액($, 월별 USD)")}</span>
                    <input class=INPUT_CLASS name="budget-amount" inputmode="decimal" autocomplete="off" prop:value=amount on:input=move |ev| set_amount.set(event_target_value(&ev)) />
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Alert threshold (% of budgeted amount, actual cost)", "알림 임계값(예산 금액의 %, 실제 비용)")}</span>
                    <input
                        class=INPUT_CLASS
                        name="budget-threshold"
                        type="number"
                        min="0"
                        step="any"
                        aria-invalid=move || bad_threshold.get().then_some("true")
                        aria-describedby="budget-threshold-problem"
                        prop:value=threshold
                        on:input=move |ev| set_threshold.set(event_target_value(&ev))
                    />
                    <span id="budget-threshold-problem" class="text-rose-800 dark:text-rose-300">
                        {move || bad_threshold.get().then(|| tr(lang(), "Enter a number, e.g. 80.", "80처럼 숫자를 입력하세요."))}
                    </span>
                </label>
                <label class="text-sm sm:col-span-2">
                    <span class="font-medium">{move || tr(lang(), "E-mail recipient for the alert", "알림을 받을 이메일 주소")}</span>
                    <input class=INPUT_CLASS name="budget-email" type="email" required autocomplete="email" prop:value=email on:input=move |ev| set_email.set(event_target_value(&ev)) />
                </label>
                <div class="sm:col-span-2">
                    <button type="submit" class=PRIMARY_BUTTON data-testid="create-budget">{move || tr(lang(), "Create budget", "예산 생성")}</button>
                </div>
            </form>
            <ActionStatus action done_test_id="budget-created" />
            <ResourceTable
                rows
                row_id=("data-budget", |r: &Row| r.budget.budget_name.clone())
                columns
                test_id="budgets-table"
                caption=("Budgets in this account", "이 계정의 예산")
                empty=("No budgets yet.", "아직 예산이 없습니다.")
            />
            <section aria-labelledby="sent-alerts-title" class="mt-4 space-y-2" data-testid="sent-alerts">
                <h4 id="sent-alerts-title" class="font-semibold">{move || tr(lang(), "Alerts sent", "보낸 알림")}</h4>
                {move || {
                    let sent: Vec<_> = budgets().into_iter().flat_map(|b| b.sent).collect();
                    if sent.is_empty() {
                        return view! {
                            <p class="text-sm text-slate-600 dark:text-slate-400">{tr(lang(), "No alert has been sent yet. They are sent when the cost crosses a threshold.", "아직 보낸 알림이 없습니다. 비용이 임계값을 넘으면 보냅니다.")}</p>
                        }.into_any();
                    }
                    view! {
                        <ul class="space-y-2 text-sm">
                            {sent.into_iter().map(|a| view! {
                                <li class="rounded-md border border-amber-400 bg-amber-50 px-3 py-2 dark:bg-amber-950" data-testid="sent-alert">
                                    <p class="font-medium">{a.subject.clone()}</p>
                                    <p class="text-xs">
                                        {format!(
                                            "{} · {} > {} · ${} · {} {}",
                                            a.at,
                                            a.notification_type,
                                            a.threshold,
                                            a.amount_usd,
                                            tr(lang(), "to", "받는 사람:"),
                                            a.subscribers.join(", "),
                                        )}
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </section>
    }
}
