//! The "Permissions policies" section of an IAM user's or group's page: the managed
//! policies attached, each with Detach, and a form to attach another.

use leptos::prelude::*;

use crate::console::iam_data::{is_aws_managed, policy_choices, policy_name};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// Attached managed policies with Detach buttons and an Attach form.
#[component]
pub fn AttachedPolicies(
    /// Chapter whose lab this is.
    chapter: u32,
    /// The ARNs attached now.
    attached: Vec<String>,
    /// The section's test id (`user-policies`); its heading's id adds `-title`.
    section_id: &'static str,
    /// The select's name, also the Attach button's test id (`attach-user-policy`).
    attach_name: &'static str,
    /// The heading, in English and Korean.
    title: (&'static str, &'static str),
    /// What to say when nothing is attached, in English and Korean.
    empty: (&'static str, &'static str),
    /// Attaches (`true`) or detaches (`false`) the policy with this ARN.
    on_change: Callback<(String, bool)>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let (choice, set_choice) = signal(String::new());
    let choices = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| policy_choices(&lab.cloud)))
            .unwrap_or_default()
    };
    let kind = move |aws_managed: bool| {
        if aws_managed {
            tr(lang(), "AWS managed", "AWS 관리형")
        } else {
            tr(lang(), "Customer managed", "고객 관리형")
        }
    };
    let attach = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let arn = choice.get_untracked();
        if !arn.is_empty() {
            on_change.run((arn, true));
            set_choice.set(String::new());
        }
    };
    let title_id = format!("{section_id}-title");
    let list = if attached.is_empty() {
        view! { <p class="text-sm text-slate-600 dark:text-slate-400">{tr(lang(), empty.0, empty.1)}</p> }.into_any()
    } else {
        view! {
            <ul class="space-y-1 text-sm">
                {attached.iter().map(|arn| {
                    let detach = arn.clone();
                    view! {
                        <li class="flex items-center justify-between gap-2" data-policy=arn.clone()>
                            <span><span class="font-medium">{policy_name(arn).to_string()}</span>" "<span class="text-xs text-slate-600 dark:text-slate-400">{kind(is_aws_managed(arn))}</span></span>
                            <button type="button" class=SECONDARY_BUTTON on:click=move |_| on_change.run((detach.clone(), false))>
                                {tr(lang(), "Detach", "분리")}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let options = choices()
        .into_iter()
        .filter(|c| !attached.contains(&c.arn))
        .map(|c| {
            let current = c.arn.clone();
            let label = format!("{} ({})", c.name, kind(c.aws_managed));
            view! { <option value=c.arn.clone() selected=move || choice.get() == current>{label}</option> }
        })
        .collect_view();

    view! {
        <section aria-labelledby=title_id.clone() class="space-y-2" data-testid=section_id>
            <h5 id=title_id.clone() class="font-semibold">{tr(lang(), title.0, title.1)}</h5>
            {list}
            <form class="flex flex-wrap items-end gap-2" on:submit=attach>
                <label class="min-w-[12rem] flex-1 text-sm">
                    <span class="font-medium">{tr(lang(), "Attach policy", "정책 연결")}</span>
                    <select class=INPUT_CLASS name=attach_name on:change=move |ev| set_choice.set(event_target_value(&ev))>
                        <option value="" selected=move || choice.get().is_empty()>{tr(lang(), "Choose a policy", "정책 선택")}</option>
                        {options}
                    </select>
                </label>
                <button type="submit" class=PRIMARY_BUTTON data-testid=attach_name>{tr(lang(), "Attach", "연결")}</button>
            </form>
        </section>
    }
}
