//! Every version and delete marker of the account's buckets, newest first per
//! key: what `aws s3api list-object-versions` shows, and what a restore copies.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One version or delete marker.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct VersionRow {
    id: String,
    bucket: String,
    key: String,
    version_id: String,
    latest: bool,
    delete_marker: bool,
    size: usize,
    storage_class: String,
    last_modified: String,
}

/// The versions table of S3 → Buckets.
#[component]
pub fn BucketVersions(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let versions = from_cloud(chapter, |cloud| {
        cloud
            .buckets()
            .iter()
            .filter(|b| b.versioning.is_some())
            .flat_map(|b| {
                let keys: std::collections::BTreeSet<&String> =
                    b.objects.keys().chain(b.history.keys()).collect();
                keys.into_iter()
                    .flat_map(|key| {
                        let latest = b.latest_version(key).map(|v| v.version_id.clone());
                        b.versions_of(key).into_iter().map(move |v| VersionRow {
                            id: format!("{}/{}?{}", b.name, v.key, v.version_id),
                            bucket: b.name.clone(),
                            key: v.key.clone(),
                            version_id: v.version_id.clone(),
                            latest: latest.as_deref() == Some(v.version_id.as_str()),
                            delete_marker: v.delete_marker,
                            size: v.body.len(),
                            storage_class: v.storage_class.clone(),
                            last_modified: v.last_modified.to_iso8601(),
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::new("Key", "키", |r: &VersionRow| r.key.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Version ID", "버전 ID", |r: &VersionRow| {
            r.version_id.clone()
        })
        .class("whitespace-nowrap py-1 pr-3 font-mono text-xs"),
        Column::new("Kind", "종류", move |r: &VersionRow| {
            let (latest, marker) = (r.latest, r.delete_marker);
            move || match (marker, latest) {
                (true, true) => tr(
                    lang(),
                    "delete marker (hides the key)",
                    "삭제 마커(키를 가림)",
                ),
                (true, false) => tr(lang(), "delete marker", "삭제 마커"),
                (false, true) => tr(lang(), "current version", "현재 버전"),
                (false, false) => tr(lang(), "older version", "이전 버전"),
            }
        }),
        Column::new("Size (bytes)", "크기(바이트)", |r: &VersionRow| {
            r.size.to_string()
        }),
        Column::new(
            "Storage class",
            "스토리지 클래스",
            |r: &VersionRow| r.storage_class.clone(),
        ),
        Column::new("Last modified", "마지막 수정", |r: &VersionRow| {
            r.last_modified.clone()
        })
        .class("py-1 pr-3 text-xs"),
        Column::new("Bucket", "버킷", |r: &VersionRow| r.bucket.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs"),
    ];
    view! {
        <h4 class="mt-4 font-semibold">{move || tr(lang(), "Versions and delete markers", "버전과 삭제 마커")}</h4>
        <ResourceTable
            rows=versions
            row_id=("data-version", |r: &VersionRow| r.id.clone())
            columns
            caption=("Every version of versioned buckets, newest first per key", "버전 관리 버킷의 모든 버전, 키마다 최신순")
            empty=("No bucket has versioning on.", "버전 관리를 켠 버킷이 없습니다.")
            test_id="versions-table"
        />
    }
}
