//! "Read items": asks a DynamoDB table for one partition (Query) or for
//! everything (Scan) and shows what came back next to what it cost: the
//! items, `Count`, `ScannedCount` and the read capacity consumed, so the
//! difference between the two reads is seen, not told.

use cloudlab_model::dynamodb::expressions::Item;
use cloudlab_model::dynamodb::query::{ReadOutput, ReadRequest};
use cloudlab_model::dynamodb::values::AttributeValue;
use leptos::prelude::*;

use crate::console::console_action::use_console_action;
use crate::console::error_box::ErrorBox;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// A table as the form needs it: its name and partition key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReadableTable {
    /// The table.
    pub name: String,
    /// The partition key's name.
    pub hash: String,
    /// Its type (`S`, `N`, `B`).
    pub hash_kind: String,
}

/// What one read returned, as the page shows it.
#[derive(Clone, Debug, PartialEq)]
struct ReadResult {
    operation: &'static str,
    items: Vec<String>,
    count: u64,
    scanned: u64,
    units: f64,
    more: bool,
}

/// One value in a line of text: `IU`, `2017`, `["a","b"]`.
fn show_value(value: &AttributeValue) -> String {
    match value {
        AttributeValue::S(s) | AttributeValue::N(s) => s.clone(),
        AttributeValue::Bool(b) => b.to_string(),
        AttributeValue::Null(_) => "null".into(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// An item in one line: `Artist=IU · SongTitle=Palette · Year=2017`.
fn show_item(item: &Item) -> String {
    item.iter()
        .map(|(k, v)| format!("{k}={}", show_value(v)))
        .collect::<Vec<_>>()
        .join(" · ")
}

impl ReadResult {
    fn from_output(operation: &'static str, out: ReadOutput) -> ReadResult {
        ReadResult {
            operation,
            items: out
                .items
                .unwrap_or_default()
                .iter()
                .map(show_item)
                .collect(),
            count: out.count,
            scanned: out.scanned_count,
            units: out
                .consumed_capacity
                .map(|c| c.capacity_units)
                .unwrap_or(0.0),
            more: out.last_evaluated_key.is_some(),
        }
    }
}

/// A form that queries one partition or scans a whole table.
#[component]
pub fn TableReader(
    /// Chapter whose lab this is.
    chapter: u32,
    /// The tables that can be read.
    #[prop(into)]
    tables: Signal<Vec<ReadableTable>>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let chosen = RwSignal::new(String::new());
    let partition = RwSignal::new(String::new());
    let result = RwSignal::new(Option::<ReadResult>::None);
    let table = move || {
        let name = chosen.get();
        let all = tables.get();
        all.iter().find(|t| t.name == name).or(all.first()).cloned()
    };
    let read = move |query: bool| {
        let Some(table) = table() else {
            return;
        };
        let mut request = ReadRequest {
            table_name: table.name.clone(),
            return_consumed_capacity: Some("TOTAL".into()),
            ..Default::default()
        };
        if query {
            let value = partition.get_untracked();
            let value = match table.hash_kind.as_str() {
                "N" => AttributeValue::N(value),
                "B" => AttributeValue::B(value),
                _ => AttributeValue::S(value),
            };
            request.key_condition_expression = Some("#pk = :pk".into());
            request.expression_attribute_names =
                Some([("#pk".to_string(), table.hash.clone())].into());
            request.expression_attribute_values = Some([(":pk".to_string(), value)].into());
        }
        let got = action.run(move |lab| {
            if query {
                lab.cloud.query(request)
            } else {
                lab.cloud.scan(request)
            }
        });
        result
            .set(got.map(|out| ReadResult::from_output(if query { "Query" } else { "Scan" }, out)));
    };
    let on_query = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        read(true);
    };

    view! {
        <section aria-labelledby="table-reader-title" class="mt-4" data-testid="table-reader">
            <h4 id="table-reader-title" class="font-semibold">{move || tr(lang(), "Read items", "항목 읽기")}</h4>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "A Query reads one partition; a Scan reads every item and pays for all of them.", "Query는 파티션 하나만 읽고, Scan은 모든 항목을 읽고 그 전부에 대해 비용을 내요.")}
            </p>
            <form class="mt-2 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto] lg:items-end dark:border-slate-700" on:submit=on_query>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Table", "테이블")}</span>
                    <select class=INPUT_CLASS name="reader-table" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {move || tables.get().into_iter().map(|t| view! { <option value=t.name.clone()>{t.name.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="text-sm">
                    <span class="font-medium">
                        {move || {
                            let key = table().map(|t| t.hash).unwrap_or_default();
                            format!("{} ({key})", tr(lang(), "Partition key value", "파티션 키 값"))
                        }}
                    </span>
                    <input class=INPUT_CLASS name="reader-partition" prop:value=partition on:input=move |ev| partition.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class=PRIMARY_BUTTON data-testid="reader-query" disabled=move || tables.get().is_empty()>
                    {move || tr(lang(), "Query", "Query")}
                </button>
                <button type="button" class=SECONDARY_BUTTON data-testid="reader-scan" disabled=move || tables.get().is_empty() on:click=move |_| read(false)>
                    {move || tr(lang(), "Scan", "Scan")}
                </button>
            </form>
            <ErrorBox error=action.error />
            {move || result.get().map(|r| {
                let units = format!("{:.1}", r.units);
                view! {
                    <div role="status" class="my-2 rounded-md border border-slate-300 p-3 text-sm dark:border-slate-600" data-testid="reader-result" data-operation=r.operation>
                        <dl class="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                            <dt class="font-medium">{move || tr(lang(), "Read", "읽기")}</dt>
                            <dd>{r.operation}</dd>
                            <dt class="font-medium">"Count"</dt>
                            <dd data-testid="reader-count">{r.count}</dd>
                            <dt class="font-medium">"ScannedCount"</dt>
                            <dd data-testid="reader-scanned">{r.scanned}</dd>
                            <dt class="font-medium">{move || tr(lang(), "Read capacity units", "읽기 용량 단위")}</dt>
                            <dd data-testid="reader-units">{units.clone()}</dd>
                        </dl>
                        {r.more.then(|| view! { <p class="mt-1">{move || tr(lang(), "More items remain: the read stopped at a page boundary.", "항목이 더 남았어요. 읽기가 페이지 경계에서 멈췄어요.")}</p> })}
                        <ul class="mt-2 max-h-48 overflow-auto font-mono text-xs" data-testid="reader-items">
                            {r.items.iter().map(|i| view! { <li class="break-all">{i.clone()}</li> }).collect_view()}
                        </ul>
                    </div>
                }
            })}
        </section>
    }
}
