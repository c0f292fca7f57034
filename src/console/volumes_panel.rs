//! EC2 → Volumes: the account's EBS volumes, a form to create one in a zone, a
//! form to attach one to an instance, and per-volume detach, snapshot and delete.

use cloudlab_model::ec2::InstanceStateName;
use cloudlab_model::ec2::snapshots::CreateSnapshotInput;
use cloudlab_model::ec2::volumes::{
    AttachVolumeInput, CreateVolumeInput, DeleteVolumeInput, DetachVolumeInput,
};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::choice::{Choice, VolumeType};
use crate::console::choice_select::ChoiceSelect;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::{from_cloud, zone_names};
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One volume in the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    size: u32,
    volume_type: String,
    iops: String,
    zone: String,
    state: String,
    attached_to: String,
    file_system: String,
}

/// A choice in a `<select>`: its value and what it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SelectOption {
    value: String,
    label: String,
}

/// The volumes page of the console.
#[component]
pub fn VolumesPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let zone = RwSignal::new(String::new());
    let size = RwSignal::new(String::from("10"));
    let volume_type = RwSignal::new(VolumeType::Gp3);
    let attach_volume = RwSignal::new(String::new());
    let attach_instance = RwSignal::new(String::new());
    let device = RwSignal::new(String::from("/dev/sdf"));

    let rows = from_cloud(chapter, |cloud| {
        cloud
            .volumes()
            .iter()
            .map(|v| Row {
                id: v.volume_id.clone(),
                size: v.size_gib,
                volume_type: v.volume_type.clone(),
                iops: v.iops.map(|i| i.to_string()).unwrap_or_else(|| "–".into()),
                zone: v.availability_zone.clone(),
                state: v.state.clone(),
                attached_to: v
                    .attachment
                    .as_ref()
                    .map(|a| format!("{} {} ({})", a.instance_id, a.device, a.state))
                    .unwrap_or_default(),
                file_system: v
                    .filesystem
                    .as_ref()
                    .map(|f| f.fs_type.clone())
                    .unwrap_or_else(|| "–".into()),
            })
            .collect::<Vec<_>>()
    });
    let zones = from_cloud(chapter, zone_names);
    let instances = from_cloud(chapter, |cloud| {
        cloud
            .instances()
            .iter()
            .filter(|i| i.state != InstanceStateName::Terminated)
            .map(|i| SelectOption {
                value: i.instance_id.clone(),
                label: format!(
                    "{} {} ({})",
                    i.tags.get("Name").cloned().unwrap_or_default(),
                    i.instance_id,
                    i.availability_zone
                ),
            })
            .collect::<Vec<_>>()
    });
    let available = Signal::derive(move || {
        rows.get()
            .into_iter()
            .filter(|r| r.state == "available")
            .map(|r| SelectOption {
                label: format!("{} ({} GiB {}, {})", r.id, r.size, r.volume_type, r.zone),
                value: r.id,
            })
            .collect::<Vec<_>>()
    });

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen_zone = zone.get_untracked();
        let zone_name = if chosen_zone.is_empty() {
            zones.get_untracked().first().cloned().unwrap_or_default()
        } else {
            chosen_zone
        };
        let input = CreateVolumeInput {
            availability_zone: Some(zone_name),
            size: size.get_untracked().trim().parse().ok(),
            volume_type: Some(volume_type.get_untracked().value().to_string()),
            ..CreateVolumeInput::default()
        };
        action.run(move |lab| lab.cloud.create_volume(input).map(|_| ()));
    };
    let attach = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pick = |chosen: String, first: Option<String>| {
            if chosen.is_empty() {
                first.unwrap_or_default()
            } else {
                chosen
            }
        };
        let input = AttachVolumeInput {
            volume_id: pick(
                attach_volume.get_untracked(),
                available.get_untracked().first().map(|o| o.value.clone()),
            ),
            instance_id: pick(
                attach_instance.get_untracked(),
                instances.get_untracked().first().map(|o| o.value.clone()),
            ),
            device: device.get_untracked().trim().to_string(),
            ..AttachVolumeInput::default()
        };
        action.run(move |lab| lab.cloud.attach_volume(input).map(|_| ()));
    };
    let detach = move |id: String| {
        action.run(move |lab| {
            lab.cloud
                .detach_volume(DetachVolumeInput {
                    volume_id: id,
                    ..DetachVolumeInput::default()
                })
                .map(|_| ())
        });
    };
    let snapshot = move |id: String| {
        action.run(move |lab| {
            lab.cloud
                .create_snapshot(CreateSnapshotInput {
                    volume_id: id,
                    ..CreateSnapshotInput::default()
                })
                .map(|_| ())
        });
    };
    let delete = move |id: String| {
        action.run(move |lab| {
            lab.cloud.delete_volume(DeleteVolumeInput {
                volume_id: id,
                ..DeleteVolumeInput::default()
            })
        });
    };

    let columns = vec![
        Column::new("Volume", "볼륨", |r: &Row| {
            view! {
                <span class="font-mono text-xs">{r.id.clone()}</span>
                <span class="block text-xs text-slate-600 dark:text-slate-400">{r.zone.clone()}</span>
            }
        })
        .class("whitespace-nowrap py-1 pr-3")
        .row_header(),
        Column::new("Size and type", "크기와 유형", |r: &Row| {
            view! {
                {format!("{} GiB {}", r.size, r.volume_type)}
                <span class="block text-xs text-slate-600 dark:text-slate-400">{format!("{} IOPS", r.iops)}</span>
            }
        })
        .class("whitespace-nowrap py-1 pr-3"),
        Column::new("State", "상태", |r: &Row| {
            view! {
                {r.state.clone()}
                <span class="block font-mono text-xs text-slate-600 dark:text-slate-400">{r.attached_to.clone()}</span>
            }
        }),
        Column::new("File system", "파일 시스템", |r: &Row| r.file_system.clone()),
    ];
    let actions = move |r: &Row| {
        let (a, b, c) = (r.id.clone(), r.id.clone(), r.id.clone());
        let label = format!("{} {}", tr(lang(), "Actions for", "작업:"), r.id);
        Some(
            view! {
                <div class="flex flex-wrap gap-1" role="group" aria-label=label>
                    <button type="button" class=SECONDARY_BUTTON data-action="detach" on:click=move |_| detach(a.clone())>
                        {move || tr(lang(), "Detach", "분리")}
                    </button>
                    <button type="button" class=SECONDARY_BUTTON data-action="snapshot" on:click=move |_| snapshot(b.clone())>
                        {move || tr(lang(), "Create snapshot", "스냅샷 생성")}
                    </button>
                    <button type="button" class=SECONDARY_BUTTON data-action="delete" on:click=move |_| delete(c.clone())>
                        {move || tr(lang(), "Delete", "삭제")}
                    </button>
                </div>
            }
            .into_any(),
        )
    };

    let option_list = move |options: Signal<Vec<SelectOption>>| {
        move || {
            let list = options.get();
            let none = list.is_empty().then(|| {
                view! { <option value="" disabled selected>{tr(lang(), "None available", "없음")}</option> }
            });
            view! {
                {none}
                {list
                    .into_iter()
                    .map(|o| view! { <option value=o.value.clone()>{o.label.clone()}</option> })
                    .collect_view()}
            }
        }
    };

    view! {
        <section aria-labelledby="volumes-title" data-testid="volumes-panel">
            <h3 id="volumes-title" class="text-lg font-semibold">{move || tr(lang(), "Volumes", "볼륨")}</h3>
            <form class="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 sm:items-end dark:border-slate-700" on:submit=create>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Availability Zone", "가용 영역")}</span>
                    <select class=INPUT_CLASS name="volume-zone" on:change=move |ev| zone.set(event_target_value(&ev))>
                        {move || zones.get().into_iter().map(|z| view! { <option value=z.clone()>{z.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Size (GiB)", "크기(GiB)")}</span>
                    <input class=INPUT_CLASS name="volume-size" inputmode="numeric" prop:value=size on:input=move |ev| size.set(event_target_value(&ev)) />
                </label>
                <ChoiceSelect label=("Volume type", "볼륨 유형") name="volume-type" value=volume_type />
                <button type="submit" class=PRIMARY_BUTTON data-testid="create-volume">
                    {move || tr(lang(), "Create volume", "볼륨 생성")}
                </button>
            </form>
            <form class="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 sm:items-end dark:border-slate-700" on:submit=attach>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Volume", "볼륨")}</span>
                    <select class=INPUT_CLASS name="attach-volume" on:change=move |ev| attach_volume.set(event_target_value(&ev))>
                        {option_list(available)}
                    </select>
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Instance", "인스턴스")}</span>
                    <select class=INPUT_CLASS name="attach-instance" on:change=move |ev| attach_instance.set(event_target_value(&ev))>
                        {option_list(instances)}
                    </select>
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Device name", "디바이스 이름")}</span>
                    <input class=INPUT_CLASS name="attach-device" prop:value=device on:input=move |ev| device.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class=PRIMARY_BUTTON data-testid="attach-volume">
                    {move || tr(lang(), "Attach volume", "볼륨 연결")}
                </button>
            </form>
            <ActionStatus action />
            <ResourceTable
                rows
                row_id=("data-volume", |r: &Row| r.id.clone())
                row_state=("data-state", |r: &Row| r.state.clone())
                columns
                below=std::sync::Arc::new(actions)
                caption=("EBS volumes in this region", "이 리전의 EBS 볼륨")
                empty=("No volumes.", "볼륨이 없습니다.")
                test_id="volumes-table"
            />
        </section>
    }
}
