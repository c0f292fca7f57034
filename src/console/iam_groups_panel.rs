//! IAM → User groups: the list of groups, "Create group", and a group's details page.

use cloudlab_model::iam::groups::CreateGroupInput;
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::iam_data::{GroupRow, console_identity, group_rows, policy_name};
use crate::console::iam_group_details::IamGroupDetails;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// The IAM user groups page of the console.
#[component]
pub fn IamGroupsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let selected = RwSignal::new(Option::<String>::None);
    let action = use_console_action(chapter);
    let (name, set_name) = signal(String::new());

    let groups = Signal::derive(move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| group_rows(&lab.cloud)))
            .unwrap_or_default()
    });

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group_name = name.get_untracked().trim().to_string();
        let input = CreateGroupInput {
            group_name: group_name.clone(),
            ..CreateGroupInput::default()
        };
        if action
            .run(move |lab| lab.cloud.as_caller(console_identity()).create_group(input))
            .is_some()
        {
            set_name.set(String::new());
            selected.set(Some(group_name));
        }
    };

    let columns = move || {
        vec![
            Column::new("Group name", "그룹 이름", move |g: &GroupRow| {
                let group_name = g.group_name.clone();
                view! {
                    <button type="button" class="text-teal-800 underline hover:no-underline dark:text-teal-300" on:click=move |_| { action.clear(); selected.set(Some(group_name.clone())) }>
                        {g.group_name.clone()}
                    </button>
                }
            })
            .row_header(),
            Column::new("Users", "사용자", |g: &GroupRow| g.members.len()),
            Column::new("Permissions", "권한", |g: &GroupRow| {
                if g.policies.is_empty() {
                    "-".to_string()
                } else {
                    g.policies.iter().map(|p| policy_name(p)).collect::<Vec<_>>().join(", ")
                }
            }),
            Column::new("Created", "생성 시각", |g: &GroupRow| g.created.clone())
                .class("whitespace-nowrap py-1 font-mono text-xs"),
        ]
    };

    let list = move || {
        view! {
            <form class="mt-3 flex flex-wrap items-end gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" on:submit=create>
                <label class="min-w-[12rem] flex-1 text-sm">
                    <span class="font-medium">{move || tr(lang(), "User group name", "사용자 그룹 이름")}</span>
                    <input class=INPUT_CLASS name="new-group-name" required autocomplete="off" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class=PRIMARY_BUTTON data-testid="create-group">{move || tr(lang(), "Create group", "그룹 생성")}</button>
            </form>
            <ResourceTable
                rows=groups
                row_id=("data-group", |g: &GroupRow| g.group_name.clone())
                columns=columns()
                test_id="groups-table"
                caption=("IAM user groups in this account", "이 계정의 IAM 사용자 그룹")
                empty=("No user groups yet.", "아직 사용자 그룹이 없습니다.")
            />
        }
    };

    view! {
        <section aria-labelledby="iam-groups-title" data-testid="iam-groups-panel">
            <h3 id="iam-groups-title" class="text-lg font-semibold">{move || tr(lang(), "IAM: User groups", "IAM: 사용자 그룹")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-400">
                {move || tr(
                    lang(),
                    "A group gives its policies to every user in it. Attach permissions to groups, not to each user.",
                    "그룹은 자신의 정책을 그룹의 모든 사용자에게 줍니다. 권한은 사용자마다가 아니라 그룹에 연결하세요.",
                )}
            </p>
            <ActionStatus action />
            {move || match selected.get() {
                Some(group_name) => view! {
                    <IamGroupDetails chapter group_name on_back=Callback::new(move |_| { action.clear(); selected.set(None) }) />
                }.into_any(),
                None => list().into_any(),
            }}
        </section>
    }
}
