//! S3 → Buckets: the account's buckets in every region (S3 names are global)
//! with their settings (Block Public Access, policy, versioning, lifecycle
//! rules, default encryption, website address), their objects with their
//! storage class and Cache-Control, and every version and delete marker.

use leptos::prelude::*;

use cloudlab_model::s3::versions::VersioningStatus;

use crate::console::bucket_versions::BucketVersions;
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
    policy: PolicyState,
    versioning: &'static str,
    lifecycle_rules: usize,
    encryption: String,
    website: Option<String>,
}

/// What a bucket's policy says about strangers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum PolicyState {
    None,
    NotPublic,
    Public,
}

/// One object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ObjectRow {
    id: String,
    bucket: String,
    key: String,
    size: usize,
    storage_class: String,
    cache_control: String,
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
                policy: match (&b.policy, b.policy_is_public()) {
                    (None, _) => PolicyState::None,
                    (Some(_), false) => PolicyState::NotPublic,
                    (Some(_), true) => PolicyState::Public,
                },
                versioning: match b.versioning {
                    None => "Off",
                    Some(VersioningStatus::Enabled) => "Enabled",
                    Some(VersioningStatus::Suspended) => "Suspended",
                },
                lifecycle_rules: b.lifecycle.as_ref().map_or(0, Vec::len),
                encryption: match b.encryption.sse_algorithm.as_str() {
                    "aws:kms" => format!(
                        "SSE-KMS ({})",
                        b.encryption
                            .kms_master_key_id
                            .as_deref()
                            .unwrap_or("aws/s3")
                    ),
                    _ => "SSE-S3".into(),
                },
                website: b.website_url(),
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
                    cache_control: o.cache_control.clone().unwrap_or_default(),
                })
            })
            .collect::<Vec<_>>()
    });
    let bucket_columns = vec![
        Column::new("Name", "이름", |r: &BucketRow| {
            view! { <span class="font-mono text-xs">{r.name.clone()}</span> }
        })
        .class("whitespace-nowrap py-1 pr-3")
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
    // A bucket's settings, on a line of their own under its row.
    let settings = move |r: &BucketRow| {
        let r = r.clone();
        let entry = move |en: &'static str, ko: &'static str, value: String| {
            view! {
                <div class="flex gap-1">
                    <dt class="font-medium">{move || tr(lang(), en, ko)}":"</dt>
                    <dd class="break-all">{value}</dd>
                </div>
            }
        };
        let policy = r.policy;
        let policy_words = move || match policy {
            PolicyState::None => tr(lang(), "none", "없음"),
            PolicyState::NotPublic => tr(lang(), "not public", "퍼블릭 아님"),
            PolicyState::Public => tr(lang(), "public", "퍼블릭"),
        };
        Some(
            view! {
                <dl class="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300" data-testid="bucket-settings">
                    <div class="flex gap-1">
                        <dt class="font-medium">{move || tr(lang(), "Policy", "정책")}":"</dt>
                        <dd>{policy_words}</dd>
                    </div>
                    {entry("Versioning", "버전 관리", r.versioning.to_string())}
                    {entry("Lifecycle rules", "수명 주기 규칙", r.lifecycle_rules.to_string())}
                    {entry("Default encryption", "기본 암호화", r.encryption.clone())}
                    {entry("Website", "웹 사이트", r.website.clone().unwrap_or_else(|| "-".into()))}
                </dl>
            }
            .into_any(),
        )
    };
    let object_columns = vec![
        Column::new("Bucket", "버킷", |r: &ObjectRow| r.bucket.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs"),
        Column::new("Key", "키", |r: &ObjectRow| r.key.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Size (bytes)", "크기(바이트)", |r: &ObjectRow| {
            r.size.to_string()
        }),
        Column::new(
            "Storage class",
            "스토리지 클래스",
            |r: &ObjectRow| r.storage_class.clone(),
        ),
        Column::new("Cache-Control", "Cache-Control", |r: &ObjectRow| {
            r.cache_control.clone()
        })
        .class("py-1 pr-3 font-mono text-xs"),
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
                below=std::sync::Arc::new(settings)
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
            <BucketVersions chapter />
        </section>
    }
}
