//! The IAM policy simulator: what a user's, group's or role's policies decide for an
//! action on a resource, and which statement decided it.

use cloudlab_model::iam::simulate::{EvaluationResult, SimulatePrincipalPolicyInput};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// The policy simulator page of the console.
#[component]
pub fn PolicySimulator(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let (principal, set_principal) = signal(String::new());
    let (actions, set_actions) = signal(String::from("s3:ListAllMyBuckets, ec2:RunInstances"));
    let (resource, set_resource) = signal(String::from("*"));
    let action = use_console_action(chapter);
    let results = RwSignal::new(Vec::<EvaluationResult>::new());

    // Users, groups and roles, by ARN, as the simulator's "Users, Groups, and Roles" list.
    let principals = move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    let cloud = &lab.cloud;
                    let account = cloud.account_id();
                    let mut list: Vec<(String, String)> = cloud
                        .iam_users()
                        .iter()
                        .map(|u| {
                            (
                                format!("arn:aws:iam::{account}:user{}{}", u.path, u.user_name),
                                format!("user/{}", u.user_name),
                            )
                        })
                        .collect();
                    list.extend(cloud.iam_groups().iter().map(|g| {
                        (
                            format!("arn:aws:iam::{account}:group{}{}", g.path, g.group_name),
                            format!("group/{}", g.group_name),
                        )
                    }));
                    list.extend(cloud.iam_roles().iter().map(|r| {
                        (
                            cloud.role_arn(&r.role_name),
                            format!("role/{}", r.role_name),
                        )
                    }));
                    list
                })
            })
            .unwrap_or_default()
    };

    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let source = if principal.get_untracked().is_empty() {
            principals()
                .first()
                .map(|(arn, _)| arn.clone())
                .unwrap_or_default()
        } else {
            principal.get_untracked()
        };
        let input = SimulatePrincipalPolicyInput {
            policy_source_arn: source,
            action_names: split_list(&actions.get_untracked()),
            resource_arns: split_list(&resource.get_untracked()),
            ..SimulatePrincipalPolicyInput::default()
        };
        match action.run(move |lab| lab.cloud.simulate_principal_policy(input)) {
            Some(out) => {
                results.set(out.evaluation_results);
            }
            None => {
                results.set(Vec::new());
            }
        }
    };

    view! {
        <section aria-labelledby="sim-title" data-testid="policy-simulator">
            <h3 id="sim-title" class="text-lg font-semibold">{move || tr(lang(), "IAM policy simulator", "IAM 정책 시뮬레이터")}</h3>
            <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {move || tr(lang(), "Checks what the principal's policies decide today, without making the call.", "실제로 호출하지 않고, 지금의 정책이 어떤 결정을 내리는지 확인합니다.")}
            </p>
            <form class="mt-3 grid gap-2 sm:grid-cols-2" on:submit=run>
                <label class="text-sm sm:col-span-2">
                    <span class="font-medium">{move || tr(lang(), "User, group or role", "사용자, 그룹 또는 역할")}</span>
                    <select class=INPUT_CLASS name="principal" on:change=move |ev| set_principal.set(event_target_value(&ev))>
                        {move || principals().into_iter().map(|(arn, label)| {
                            let value = arn.clone();
                            view! { <option value=value selected=move || principal.get() == arn>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Actions (comma separated)", "작업 (쉼표로 구분)")}</span>
                    <input class=INPUT_CLASS name="actions" prop:value=actions on:input=move |ev| set_actions.set(event_target_value(&ev)) />
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Resource ARN", "리소스 ARN")}</span>
                    <input class=INPUT_CLASS name="resource" prop:value=resource on:input=move |ev| set_resource.set(event_target_value(&ev)) />
                </label>
                <div class="sm:col-span-2">
                    <button type="submit" class=PRIMARY_BUTTON data-testid="run-simulation">{move || tr(lang(), "Run simulation", "시뮬레이션 실행")}</button>
                </div>
            </form>
            <ActionStatus action />
            <ul class="mt-3 space-y-2" aria-live="polite" data-testid="simulation-results">
                {move || results.get().into_iter().map(|r| {
                    let lang = lang();
                    let (label, colours) = match r.eval_decision.as_str() {
                        "allowed" => (tr(lang, "Allowed", "허용"), "border-emerald-500 bg-emerald-50 dark:bg-emerald-950"),
                        "explicitDeny" => (tr(lang, "Explicitly denied", "명시적 거부"), "border-rose-500 bg-rose-50 dark:bg-rose-950"),
                        _ => (tr(lang, "Implicitly denied (no statement allows it)", "암묵적 거부 (허용하는 문이 없음)"), "border-amber-500 bg-amber-50 dark:bg-amber-950"),
                    };
                    let deciding = r.matched_statements.iter().map(|m| {
                        format!("{} ({}), {} {}–{}", m.source_policy_id, m.source_policy_type, tr(lang, "lines", "줄"), m.start_position.line, m.end_position.line)
                    }).collect::<Vec<_>>();
                    view! {
                        <li class=format!("rounded-md border-l-4 p-3 text-sm {colours}") data-decision=r.eval_decision.clone()>
                            <p><span class="font-mono">{r.eval_action_name.clone()}</span>" · "<span class="font-mono text-xs">{r.eval_resource_name.clone()}</span></p>
                            <p class="font-semibold">{label}</p>
                            {(!deciding.is_empty()).then(|| view! {
                                <p class="text-slate-700 dark:text-slate-300">{tr(lang, "Matched statements: ", "일치한 문: ")}{deciding.join("; ")}</p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Splits `a, b c` into `["a", "b", "c"]`.
fn split_list(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split_list;

    #[test]
    fn lists_split_on_commas_and_spaces() {
        assert_eq!(
            split_list(" s3:GetObject, ec2:RunInstances\niam:*"),
            ["s3:GetObject", "ec2:RunInstances", "iam:*"]
        );
        assert!(split_list(" , ").is_empty());
    }
}
