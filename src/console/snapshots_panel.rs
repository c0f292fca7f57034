//! EC2 → Snapshots: the account's EBS snapshots, restoring one as a new volume in
//! any zone of the region, and deleting one (not while an image uses it).

use cloudlab_model::ec2::snapshots::DeleteSnapshotInput;
use cloudlab_model::ec2::volumes::CreateVolumeInput;
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::{from_cloud, zone_names};
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One snapshot in the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    volume_id: String,
    size: u32,
    state: String,
    description: String,
}

/// The snapshots page of the console.
#[component]
pub fn SnapshotsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let zone = RwSignal::new(String::new());

    let rows = from_cloud(chapter, |cloud| {
        cloud
            .snapshots()
            .iter()
            .map(|s| Row {
                id: s.snapshot_id.clone(),
                volume_id: s.volume_id.clone(),
                size: s.volume_size,
                state: s.state.clone(),
                description: s.description.clone(),
            })
            .collect::<Vec<_>>()
    });
    let zones = from_cloud(chapter, zone_names);

    let restore = move |id: String| {
        let chosen = zone.get_untracked();
        let zone_name = if chosen.is_empty() {
            zones.get_untracked().first().cloned().unwrap_or_default()
        } else {
            chosen
        };
        let input = CreateVolumeInput {
            availability_zone: Some(zone_name),
            snapshot_id: Some(id),
            volume_type: Some("gp3".into()),
            ..CreateVolumeInput::default()
        };
        action.run(move |lab| lab.cloud.create_volume(input).map(|_| ()));
    };
    let delete = move |id: String| {
        action.run(move |lab| {
            lab.cloud.delete_snapshot(DeleteSnapshotInput {
                snapshot_id: id,
                ..DeleteSnapshotInput::default()
            })
        });
    };

    let columns = vec![
        Column::new("Snapshot ID", "스냅샷 ID", |r: &Row| r.id.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("Volume", "볼륨", |r: &Row| r.volume_id.clone())
            .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Size", "크기", |r: &Row| format!("{} GiB", r.size)),
        Column::new("State", "상태", |r: &Row| r.state.clone()),
        Column::new("Description", "설명", |r: &Row| r.description.clone())
            .class("py-1 pr-3 text-xs"),
    ];
    let actions = move |r: &Row| {
        let (a, b) = (r.id.clone(), r.id.clone());
        let label = format!("{} {}", tr(lang(), "Actions for", "작업:"), r.id);
        Some(
            view! {
                <div class="flex flex-wrap gap-1" role="group" aria-label=label>
                    <button type="button" class=SECONDARY_BUTTON data-action="restore" on:click=move |_| restore(a.clone())>
                        {move || tr(lang(), "Create volume from snapshot", "스냅샷으로 볼륨 생성")}
                    </button>
                    <button type="button" class=SECONDARY_BUTTON data-action="delete" on:click=move |_| delete(b.clone())>
                        {move || tr(lang(), "Delete", "삭제")}
                    </button>
                </div>
            }
            .into_any(),
        )
    };

    view! {
        <section aria-labelledby="snapshots-title" data-testid="snapshots-panel">
            <h3 id="snapshots-title" class="text-lg font-semibold">{move || tr(lang(), "Snapshots", "스냅샷")}</h3>
            <label class="mt-3 block max-w-xs text-sm">
                <span class="font-medium">{move || tr(lang(), "Restore into Availability Zone", "복원할 가용 영역")}</span>
                <select class=INPUT_CLASS name="restore-zone" on:change=move |ev| zone.set(event_target_value(&ev))>
                    {move || zones.get().into_iter().map(|z| view! { <option value=z.clone()>{z.clone()}</option> }).collect_view()}
                </select>
            </label>
            <ActionStatus action />
            <ResourceTable
                rows
                row_id=("data-snapshot", |r: &Row| r.id.clone())
                row_state=("data-state", |r: &Row| r.state.clone())
                columns
                below=std::sync::Arc::new(actions)
                caption=("EBS snapshots you own", "내 EBS 스냅샷")
                empty=("No snapshots.", "스냅샷이 없습니다.")
                test_id="snapshots-table"
            />
        </section>
    }
}
