//! IAM → User groups → a group: its members and its attached managed policies.

use cloudlab_model::iam::groups::GroupMembershipInput;
use cloudlab_model::iam::policies::AttachGroupPolicyInput;
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::attached_policies::AttachedPolicies;
use crate::console::console_action::use_console_action;
use crate::console::iam_data::console_identity;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One group's details page.
#[component]
pub fn IamGroupDetails(
    /// Chapter whose lab this is.
    chapter: u32,
    /// The group shown.
    group_name: String,
    /// Goes back to the groups list.
    on_back: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let group = StoredValue::new(group_name);
    let (user_choice, set_user_choice) = signal(String::new());

    // (exists, ARN, members, attached policy ARNs)
    let info = move || {
        let name = group.get_value();
        app.session.with(|s| {
            s.lab(chapter).and_then(|lab| {
                let cloud = &lab.cloud;
                cloud.iam_group(&name).map(|g| {
                    (
                        format!(
                            "arn:aws:iam::{}:group{}{}",
                            cloud.account_id(),
                            g.path,
                            g.group_name
                        ),
                        g.members.clone(),
                        g.attached_policies.clone(),
                    )
                })
            })
        })
    };
    let all_users = move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    lab.cloud
                        .iam_users()
                        .iter()
                        .map(|u| u.user_name.clone())
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };

    let membership = move |user_name: String, add: bool| {
        let input = GroupMembershipInput {
            group_name: group.get_value(),
            user_name,
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
        let input = AttachGroupPolicyInput {
            group_name: group.get_value(),
            policy_arn,
        };
        action.run(move |lab| {
            let mut cloud = lab.cloud.as_caller(console_identity());
            if attach {
                cloud.attach_group_policy(input)
            } else {
                cloud.detach_group_policy(input)
            }
        });
    };

    let add_user = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user = user_choice.get_untracked();
        if !user.is_empty() {
            membership(user, true);
            set_user_choice.set(String::new());
        }
    };

    view! {
        <div class="mt-3 space-y-4" data-testid="group-details">
            <div class="flex flex-wrap items-center gap-2">
                <button type="button" class=SECONDARY_BUTTON on:click=move |_| on_back.run(()) data-testid="back-to-groups">
                    {move || tr(lang(), "← User groups", "← 사용자 그룹")}
                </button>
                <h4 class="text-base font-semibold">{move || group.get_value()}</h4>
            </div>
            <ActionStatus action />
            {move || {
                let Some((arn, members, policies)) = info() else {
                    return view! {
                        <p class="text-sm">{tr(lang(), "This group no longer exists.", "이 그룹은 더 이상 없습니다.")}</p>
                    }.into_any();
                };
                let member_list = members.clone();
                let attached = policies.clone();
                view! {
                    <p class="break-all font-mono text-xs">{arn}</p>

                    <section aria-labelledby="group-members-title" class="space-y-2" data-testid="group-members">
                        <h5 id="group-members-title" class="font-semibold">{format!("{} ({})", tr(lang(), "Users in this group", "이 그룹의 사용자"), members.len())}</h5>
                        {if members.is_empty() {
                            view! { <p class="text-sm text-slate-600 dark:text-slate-400">{tr(lang(), "No users in this group.", "이 그룹에 사용자가 없습니다.")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="space-y-1 text-sm">
                                    {members.iter().map(|m| {
                                        let member = m.clone();
                                        view! {
                                            <li class="flex items-center justify-between gap-2" data-member=m.clone()>
                                                <span class="font-medium">{m.clone()}</span>
                                                <button type="button" class=SECONDARY_BUTTON on:click=move |_| membership(member.clone(), false)>
                                                    {tr(lang(), "Remove", "제거")}
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <form class="flex flex-wrap items-end gap-2" on:submit=add_user>
                            <label class="min-w-[12rem] flex-1 text-sm">
                                <span class="font-medium">{tr(lang(), "Add user", "사용자 추가")}</span>
                                <select class=INPUT_CLASS name="add-group-member" on:change=move |ev| set_user_choice.set(event_target_value(&ev))>
                                    <option value="" selected=move || user_choice.get().is_empty()>{tr(lang(), "Choose a user", "사용자 선택")}</option>
                                    {all_users().into_iter().filter(|u| !member_list.contains(u)).map(|u| {
                                        let current = u.clone();
                                        let value = u.clone();
                                        view! { <option value=value selected=move || user_choice.get() == current>{u}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                            <button type="submit" class=PRIMARY_BUTTON data-testid="add-group-member">{tr(lang(), "Add", "추가")}</button>
                        </form>
                    </section>

                    <AttachedPolicies
                        chapter
                        attached
                        section_id="group-policies"
                        attach_name="attach-group-policy"
                        title=("Permissions policies", "권한 정책")
                        empty=("No policies attached.", "연결된 정책이 없습니다.")
                        on_change=Callback::new(move |(arn, attach): (String, bool)| attachment(arn, attach))
                    />
                }.into_any()
            }}
        </div>
    }
}
