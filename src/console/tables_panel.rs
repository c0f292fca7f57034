//! DynamoDB → Tables: each table with its status, key, billing mode, item
//! count and size, its secondary indexes (and whether one is still
//! backfilling), TTL and stream; and a form that reads items with a Query or
//! a Scan and shows what each cost.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::table_reader::{ReadableTable, TableReader};
use crate::i18n::tr;
use crate::state::use_app;

/// One table.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TableRow {
    name: String,
    status: String,
    key: String,
    billing: String,
    items: usize,
    bytes: u64,
    indexes: String,
    ttl: Option<String>,
    stream: Option<String>,
}

/// The DynamoDB tables page of the console.
#[component]
pub fn TablesPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let tables = from_cloud(chapter, |cloud| {
        cloud
            .dynamodb_tables()
            .iter()
            .map(|t| TableRow {
                name: t.name.clone(),
                status: t.status.clone(),
                key: match &t.range {
                    Some(range) => format!(
                        "{} ({}) + {} ({})",
                        t.hash.name, t.hash.kind, range.name, range.kind
                    ),
                    None => format!("{} ({})", t.hash.name, t.hash.kind),
                },
                billing: match &t.billing {
                    cloudlab_model::dynamodb::BillingMode::PayPerRequest => "on-demand".into(),
                    cloudlab_model::dynamodb::BillingMode::Provisioned { read, write } => {
                        format!("provisioned {read} RCU / {write} WCU")
                    }
                },
                items: t.items.len(),
                bytes: t.size_bytes(),
                indexes: t
                    .indexes
                    .iter()
                    .map(|i| {
                        format!(
                            "{} ({}, {})",
                            i.name,
                            if i.global { "global" } else { "local" },
                            i.status
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                ttl: t.ttl_attribute.clone(),
                stream: t
                    .streams
                    .iter()
                    .find(|s| s.enabled)
                    .map(|s| s.view_type.clone()),
            })
            .collect::<Vec<_>>()
    });
    let readable = from_cloud(chapter, |cloud| {
        cloud
            .dynamodb_tables()
            .iter()
            .filter(|t| t.status == "ACTIVE")
            .map(|t| ReadableTable {
                name: t.name.clone(),
                hash: t.hash.name.clone(),
                hash_kind: t.hash.kind.clone(),
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::new("Name", "이름", |r: &TableRow| r.name.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Status", "상태", |r: &TableRow| r.status.clone()),
        Column::new(
            "Key (partition + sort)",
            "키(파티션 + 정렬)",
            |r: &TableRow| r.key.clone(),
        )
        .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Capacity", "용량", |r: &TableRow| r.billing.clone()),
        Column::new("Items", "항목", |r: &TableRow| r.items.to_string()),
        Column::new("Size (bytes)", "크기(바이트)", |r: &TableRow| {
            r.bytes.to_string()
        }),
        Column::new("Indexes", "인덱스", move |r: &TableRow| {
            let indexes = r.indexes.clone();
            move || {
                if indexes.is_empty() {
                    tr(lang(), "none", "없음").to_string()
                } else {
                    indexes.clone()
                }
            }
        })
        .class("break-keep py-1 pr-3 text-xs"),
        Column::new("TTL and stream", "TTL과 스트림", move |r: &TableRow| {
            let (ttl, stream) = (r.ttl.clone(), r.stream.clone());
            move || {
                let ttl = match &ttl {
                    Some(attribute) => format!("TTL: {attribute}"),
                    None => format!("TTL: {}", tr(lang(), "off", "꺼짐")),
                };
                let stream = match &stream {
                    Some(view) => format!("{}: {view}", tr(lang(), "stream", "스트림")),
                    None => format!(
                        "{}: {}",
                        tr(lang(), "stream", "스트림"),
                        tr(lang(), "off", "꺼짐")
                    ),
                };
                format!("{ttl} · {stream}")
            }
        })
        .class("break-keep py-1 pr-3 text-xs"),
    ];

    view! {
        <section aria-labelledby="tables-title" data-testid="tables-panel">
            <h3 id="tables-title" class="text-lg font-semibold">{move || tr(lang(), "Tables", "테이블")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Items are found by their key: the partition key picks the partition, the sort key orders the items in it.", "항목은 키로 찾아요. 파티션 키가 파티션을 고르고, 정렬 키가 그 안의 항목 순서를 정해요.")}
            </p>
            <ResourceTable
                rows=tables
                row_id=("data-table", |r: &TableRow| r.name.clone())
                row_state=("data-status", |r: &TableRow| r.status.clone())
                columns
                caption=("Your tables", "내 테이블")
                empty=("No tables.", "테이블이 없습니다.")
                test_id="dynamodb-tables-table"
            />
            <TableReader chapter tables=readable />
        </section>
    }
}
