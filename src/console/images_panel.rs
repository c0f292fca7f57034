//! EC2 → AMIs: the account's own images, a form to create one from an instance
//! (rebooting it first unless "No reboot"), and deregistering one with or without
//! its snapshots.

use cloudlab_model::ec2::InstanceStateName;
use cloudlab_model::ec2::own_images::{CreateImageInput, DeregisterImageInput};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One image in the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    name: String,
    state: String,
    source: String,
    devices: usize,
}

/// The AMIs page of the console.
#[component]
pub fn ImagesPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let instance = RwSignal::new(String::new());
    let name = RwSignal::new(String::from("web-v1"));
    let no_reboot = RwSignal::new(false);

    let rows = from_cloud(chapter, |cloud| {
        cloud
            .own_images()
            .iter()
            .map(|i| Row {
                id: i.image_id.clone(),
                name: i.name.clone(),
                state: i.state.clone(),
                source: i.source_instance_id.clone(),
                devices: i.block_devices.len(),
            })
            .collect::<Vec<_>>()
    });
    let instances = from_cloud(chapter, |cloud| {
        cloud
            .instances()
            .iter()
            .filter(|i| {
                matches!(
                    i.state,
                    InstanceStateName::Running | InstanceStateName::Stopped
                )
            })
            .map(|i| {
                (
                    i.instance_id.clone(),
                    format!(
                        "{} {}",
                        i.tags.get("Name").cloned().unwrap_or_default(),
                        i.instance_id
                    ),
                )
            })
            .collect::<Vec<_>>()
    });

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = instance.get_untracked();
        let instance_id = if chosen.is_empty() {
            instances
                .get_untracked()
                .first()
                .map(|(id, _)| id.clone())
                .unwrap_or_default()
        } else {
            chosen
        };
        let input = CreateImageInput {
            instance_id,
            name: name.get_untracked().trim().to_string(),
            no_reboot: Some(no_reboot.get_untracked()),
            ..CreateImageInput::default()
        };
        action.run(move |lab| lab.cloud.create_image(input).map(|_| ()));
    };
    let deregister = move |id: String, with_snapshots: bool| {
        action.run(move |lab| {
            lab.cloud.deregister_image(DeregisterImageInput {
                image_id: id,
                delete_associated_snapshots: Some(with_snapshots),
                ..DeregisterImageInput::default()
            })
        });
    };

    let columns = vec![
        Column::new("Name", "이름", |r: &Row| r.name.clone())
            .class("py-1 pr-3 font-medium")
            .row_header(),
        Column::new("AMI ID", "AMI ID", |r: &Row| r.id.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs"),
        Column::new("State", "상태", |r: &Row| r.state.clone()),
        Column::new("From instance", "원본 인스턴스", |r: &Row| {
            r.source.clone()
        })
        .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Snapshots", "스냅샷", |r: &Row| r.devices.to_string()),
    ];
    let actions = move |r: &Row| {
        let (a, b) = (r.id.clone(), r.id.clone());
        let label = format!("{} {}", tr(lang(), "Actions for", "작업:"), r.id);
        Some(
            view! {
                <div class="flex flex-wrap gap-1" role="group" aria-label=label>
                    <button type="button" class=SECONDARY_BUTTON data-action="deregister" on:click=move |_| deregister(a.clone(), false)>
                        {move || tr(lang(), "Deregister (keep snapshots)", "등록 취소(스냅샷 유지)")}
                    </button>
                    <button type="button" class=SECONDARY_BUTTON data-action="deregister-all" on:click=move |_| deregister(b.clone(), true)>
                        {move || tr(lang(), "Deregister and delete snapshots", "등록 취소 및 스냅샷 삭제")}
                    </button>
                </div>
            }
            .into_any(),
        )
    };

    view! {
        <section aria-labelledby="images-title" data-testid="images-panel">
            <h3 id="images-title" class="text-lg font-semibold">{move || tr(lang(), "AMIs", "AMI")}</h3>
            <form class="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 sm:items-end dark:border-slate-700" on:submit=create>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Instance", "인스턴스")}</span>
                    <select class=INPUT_CLASS name="image-instance" on:change=move |ev| instance.set(event_target_value(&ev))>
                        {move || instances.get().into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                    </select>
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Image name", "이미지 이름")}</span>
                    <input class=INPUT_CLASS name="image-name" required prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="no-reboot" prop:checked=no_reboot on:change=move |ev| no_reboot.set(event_target_checked(&ev)) />
                    <span>{move || tr(lang(), "No reboot (the image may miss unwritten data)", "재부팅 안 함(기록되지 않은 데이터가 빠질 수 있음)")}</span>
                </label>
                <button type="submit" class=PRIMARY_BUTTON data-testid="create-image">
                    {move || tr(lang(), "Create image", "이미지 생성")}
                </button>
            </form>
            <ActionStatus action />
            <ResourceTable
                rows
                row_id=("data-image", |r: &Row| r.id.clone())
                row_state=("data-state", |r: &Row| r.state.clone())
                columns
                below=std::sync::Arc::new(actions)
                caption=("Your AMIs in this region", "이 리전의 내 AMI")
                empty=("No images of yours yet.", "아직 내 이미지가 없습니다.")
                test_id="images-table"
            />
        </section>
    }
}
