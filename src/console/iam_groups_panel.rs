//! IAM → User groups: the list of groups, "Create group", and a group's details page.

use cloudlab_model::iam::groups::CreateGroupInput;
use leptos::prelude::*;

use crate::console::error_box::{ConsoleError, ErrorBox};
use crate::console::iam_data::{console_identity, group_rows, policy_name};
use crate::console::iam_group_details::IamGroupDetails;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, act};
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
    let error = RwSignal::new(Option::<ConsoleError>::None);
    let (name, set_name) = signal(String::new());

    let groups = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| group_rows(&lab.cloud)))
            .unwrap_or_default()
    };

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group_name = name.get_untracked().trim().to_string();
        let input = CreateGroupInput {
            group_name: group_name.clone(),
            ..CreateGroupInput::default()
        };
        match act(app, chapter, move |lab| {
            lab.cloud.as_caller(console_identity()).create_group(input)
        }) {
            Ok(_) => {
                error.set(None);
                set_name.set(String::new());
                selected.set(Some(group_name));
            }
            Err(e) => error.set(Some(e)),
        }
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
            <div class="mt-3 overflow-x-auto">
                <table class="w-full text-left text-sm" data-testid="groups-table">
                    <caption class="sr-only">{move || tr(lang(), "IAM user groups in this account", "이 계정의 IAM 사용자 그룹")}</caption>
                    <thead class="border-b border-slate-300 dark:border-slate-600">
                        <tr>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Group name", "그룹 이름")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Users", "사용자")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Permissions", "권한")}</th>
                            <th scope="col" class="py-1">{move || tr(lang(), "Created", "생성 시각")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let rows = groups();
                            if rows.is_empty() {
                                return view! {
                                    <tr><td colspan="4" class="py-3 text-slate-600 dark:text-slate-400">{tr(lang(), "No user groups yet.", "아직 사용자 그룹이 없습니다.")}</td></tr>
                                }.into_any();
                            }
                            rows.into_iter().map(|g| {
                                let group_name = g.group_name.clone();
                                let policies = if g.policies.is_empty() {
                                    "-".to_string()
                                } else {
                                    g.policies.iter().map(|p| policy_name(p)).collect::<Vec<_>>().join(", ")
                                };
                                view! {
                                    <tr class="border-b border-slate-100 dark:border-slate-800" data-group=g.group_name.clone()>
                                        <th scope="row" class="py-1 pr-3 font-medium">
                                            <button type="button" class="text-teal-800 underline hover:no-underline dark:text-teal-300" on:click=move |_| { error.set(None); selected.set(Some(group_name.clone())) }>
                                                {g.group_name.clone()}
                                            </button>
                                        </th>
                                        <td class="py-1 pr-3">{g.members.len()}</td>
                                        <td class="py-1 pr-3">{policies}</td>
                                        <td class="whitespace-nowrap py-1 font-mono text-xs">{g.created.clone()}</td>
                                    </tr>
                                }
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
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
            <ErrorBox error=error />
            {move || match selected.get() {
                Some(group_name) => view! {
                    <IamGroupDetails chapter group_name on_back=Callback::new(move |_| { error.set(None); selected.set(None) }) />
                }.into_any(),
                None => list().into_any(),
            }}
        </section>
    }
}
