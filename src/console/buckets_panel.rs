//! S3 → Buckets: the account's buckets in every region (S3 names are global),
//! whether each blocks public access, and its objects with their storage class.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One bucket.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct BucketRow {
    name: String,
    region: String,
    created: String,
    objects: usize,
    public_access_blocked: bool,
}

/// One object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ObjectRow {
    id: String,
    bucket: String,
    key: String,
    size: usize,
    storage_class: String,
}

/// The S3 buckets page of the console.
#[component]
pub fn BucketsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let buckets = from_cloud(chapter, |cloud| {
        cloud
            .buckets()
            .iter()
            .map(|b| BucketRow {
                name: b.name.clone(),
                region: b.region.clone(),
                created: b.created.to_iso8601(),
                objects: b.objects.len(),
                public_access_blocked: b.public_access().blocks_everything(),
            })
            .collect::<Vec<_>>()
    });
    let objects = from_cloud(chapter, |cloud| {
        cloud
            .buckets()
            .iter()
            .flat_map(|b| {
                b.objects.values().map(|o| ObjectRow {
                    id: format!("{}/{}", b.name, o.key),
                    bucket: b.name.clone(),
                    key: o.key.clone(),
                    size: o.body.len(),
                    storage_class: o.storage_class.clone(),
                })
            })
            .collect::<Vec<_>>()
    });
    let bucket_columns = vec![
        Column::new("Name", "이름", |r: &BucketRow| {
            view! { <span class="font-mono text-xs">{r.name.clone()}</span> }
        })
        .class("py-1 pr-3")
        .row_header(),
        Column::new("Region", "리전", |r: &BucketRow| r.region.clone()),
        Column::new("Created", "생성", |r: &BucketRow| r.created.clone())
            .class("py-1 pr-3 text-xs"),
        Column::new("Objects", "객체", |r: &BucketRow| r.objects.to_string()),
        Column::new(
            "Public access",
            "퍼블릭 액세스",
            move |r: &BucketRow| {
                let blocked = r.public_access_blocked;
                move || {
                    if blocked {
                        tr(lang(), "all blocked", "모두 차단")
                    } else {
                        tr(lang(), "not all blocked", "일부 허용")
                    }
                }
            },
        ),
    ];
    let object_columns = vec![
        Column::new("Bucket", "버킷", |r: &ObjectRow| r.bucket.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs"),
        Column::new("Key", "키", |r: &ObjectRow| r.key.clone())
            .class("py-1 pr-3 font-mono text-xs break-all")
            .row_header(),
        Column::new("Size (bytes)", "크기(바이트)", |r: &ObjectRow| {
            r.size.to_string()
        }),
        Column::new(
            "Storage class",
            "스토리지 클래스",
            |r: &ObjectRow| r.storage_class.clone(),
        ),
    ];
    view! {
        <section aria-labelledby="buckets-title" data-testid="buckets-panel">
            <h3 id="buckets-title" class="text-lg font-semibold">{move || tr(lang(), "Buckets", "버킷")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Bucket names are global: this list shows your buckets in every region.", "버킷 이름은 전 세계에서 하나뿐이에요. 이 목록은 모든 리전의 내 버킷을 보여 줘요.")}
            </p>
            <ResourceTable
                rows=buckets
                row_id=("data-bucket", |r: &BucketRow| r.name.clone())
                columns=bucket_columns
                caption=("Your buckets", "내 버킷")
                empty=("No buckets.", "버킷이 없습니다.")
                test_id="buckets-table"
            />
            <h4 class="mt-4 font-semibold">{move || tr(lang(), "Objects", "객체")}</h4>
            <ResourceTable
                rows=objects
                row_id=("data-object", |r: &ObjectRow| r.id.clone())
                columns=object_columns
                caption=("Every object, by bucket and key", "버킷과 키별 모든 객체")
                empty=("No objects.", "객체가 없습니다.")
                test_id="objects-table"
            />
        </section>
    }
}
