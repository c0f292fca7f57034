//! IAM → Users → a user: its groups, its attached managed policies and its access keys.

use cloudlab_model::iam::groups::GroupMembershipInput;
use cloudlab_model::iam::policies::AttachUserPolicyInput;
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::attached_policies::AttachedPolicies;
use crate::console::console_action::use_console_action;
use crate::console::iam_access_keys::IamAccessKeys;
use crate::console::iam_data::console_identity;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// What the details page reads about its user.
#[derive(Clone, Debug, Default, PartialEq)]
struct UserView {
    exists: bool,
    arn: String,
    created: String,
    console_password: bool,
    groups: Vec<String>,
    policies: Vec<String>,
}

/// One user's details page.
#[component]
pub fn IamUserDetails(
    /// Chapter whose lab this is.
    chapter: u32,
    /// The user shown.
    user_name: String,
    /// Goes back to the users list.
    on_back: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let user = StoredValue::new(user_name);
    let (group_choice, set_group_choice) = signal(String::new());

    let info = move || {
        let name = user.get_value();
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    let cloud = &lab.cloud;
                    cloud
                        .iam_user(&name)
                        .map(|u| UserView {
                            exists: true,
                            arn: format!(
                                "arn:aws:iam::{}:user{}{}",
                                cloud.account_id(),
                                u.path,
                                u.user_name
                            ),
                            created: u.create_date.to_string(),
                            console_password: u.login_profile.is_some(),
                            groups: cloud
                                .groups_of_user(&name)
                                .into_iter()
                                .map(str::to_string)
                                .collect(),
                            policies: u.attached_policies.clone(),
                        })
                        .unwrap_or_default()
                })
            })
            .unwrap_or_default()
    };
    let all_groups = move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    lab.cloud
                        .iam_groups()
                        .iter()
                        .map(|g| g.group_name.clone())
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };

    let membership = move |group_name: String, add: bool| {
        let input = GroupMembershipInput {
            group_name,
            user_name: user.get_value(),
        };
        action.run(move |lab| {
            let mut cloud = lab.cloud.as_caller(console_identity());
            if add {
                cloud.add_user_to_group(input)
            } else {
                cloud.remove_user_from_group(input)
            }
        });
    };
    let attachment = move |policy_arn: String, attach: bool| {
        let input = AttachUserPolicyInput {
            user_name: user.get_value(),
            policy_arn,
        };
        action.run(move |lab| {
            let mut cloud = lab.cloud.as_caller(console_identity());
            if attach {
                cloud.attach_user_policy(input)
            } else {
                cloud.detach_user_policy(input)
            }
        });
    };

    let add_to_group = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group = group_choice.get_untracked();
        if !group.is_empty() {
            membership(group, true);
            set_group_choice.set(String::new());
        }
    };

    view! {
        <div class="mt-3 space-y-4" data-testid="user-details">
            <div class="flex flex-wrap items-center gap-2">
                <button type="button" class=SECONDARY_BUTTON on:click=move |_| on_back.run(()) data-testid="back-to-users">
                    {move || tr(lang(), "← Users", "← 사용자")}
                </button>
                <h4 class="text-base font-semibold">{move || user.get_value()}</h4>
            </div>
            <ActionStatus action />
            {move || {
                let u = info();
                if !u.exists {
                    return view! {
                        <p class="text-sm">{tr(lang(), "This user no longer exists.", "이 사용자는 더 이상 없습니다.")}</p>
                    }.into_any();
                }
                let in_groups = u.groups.clone();
                let attached = u.policies.clone();
                view! {
                    <dl class="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                        <dt class="font-medium">"ARN"</dt>
                        <dd class="break-all font-mono text-xs">{u.arn.clone()}</dd>
                        <dt class="font-medium">{tr(lang(), "Created", "생성 시각")}</dt>
                        <dd class="font-mono text-xs">{u.created.clone()}</dd>
                        <dt class="font-medium">{tr(lang(), "Console access", "콘솔 액세스")}</dt>
                        <dd>{if u.console_password { tr(lang(), "Enabled (password set)", "활성화됨(암호 설정됨)") } else { tr(lang(), "Disabled", "비활성화됨") }}</dd>
                    </dl>

                    <section aria-labelledby="user-groups-title" class="space-y-2" data-testid="user-groups">
                        <h5 id="user-groups-title" class="font-semibold">{tr(lang(), "Groups", "그룹")}</h5>
                        {if u.groups.is_empty() {
                            view! { <p class="text-sm text-slate-600 dark:text-slate-400">{tr(lang(), "Not in any group.", "어느 그룹에도 속하지 않습니다.")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="space-y-1 text-sm">
                                    {u.groups.iter().map(|g| {
                                        let group = g.clone();
                                        view! {
                                            <li class="flex items-center justify-between gap-2" data-group=g.clone()>
                                                <span class="font-medium">{g.clone()}</span>
                                                <button type="button" class=SECONDARY_BUTTON on:click=move |_| membership(group.clone(), false)>
                                                    {tr(lang(), "Remove", "제거")}
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <form class="flex flex-wrap items-end gap-2" on:submit=add_to_group>
                            <label class="min-w-[12rem] flex-1 text-sm">
                                <span class="font-medium">{tr(lang(), "Add user to group", "그룹에 사용자 추가")}</span>
                                <select class=INPUT_CLASS name="add-to-group" on:change=move |ev| set_group_choice.set(event_target_value(&ev))>
                                    <option value="" selected=move || group_choice.get().is_empty()>{tr(lang(), "Choose a group", "그룹 선택")}</option>
                                    {all_groups().into_iter().filter(|g| !in_groups.contains(g)).map(|g| {
                                        let value = g.clone();
                                        let current = g.clone();
                                        view! { <option value=value selected=move || group_choice.get() == current>{g}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                            <button type="submit" class=PRIMARY_BUTTON data-testid="add-user-to-group">{tr(lang(), "Add", "추가")}</button>
                        </form>
                    </section>

                    <AttachedPolicies
                        chapter
                        attached
                        section_id="user-policies"
                        attach_name="attach-user-policy"
                        title=("Permissions policies (attached directly)", "권한 정책(직접 연결됨)")
                        empty=("No policies attached directly. Permissions from groups still apply.", "직접 연결된 정책이 없습니다. 그룹의 권한은 그대로 적용됩니다.")
                        on_change=Callback::new(move |(arn, attach): (String, bool)| attachment(arn, attach))
                    />
                }.into_any()
            }}
            <IamAccessKeys chapter user_name=user.get_value() />
        </div>
    }
}
