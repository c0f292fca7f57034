//! A JSON policy editor that runs IAM's own validator as the learner types, then creates
//! a customer managed policy.

use cloudlab_model::iam::policies::CreatePolicyInput;
use cloudlab_model::iam::policy::{DocumentKind, PolicyDocument};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

const STARTER: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadInstances",
            "Effect": "Allow",
            "Action": "ec2:Describe*",
            "Resource": "*"
        }
    ]
}"#;

/// The policy editor page of the console.
#[component]
pub fn PolicyEditor(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let (name, set_name) = signal(String::from("ReadEc2"));
    let (document, set_document) = signal(String::from(STARTER));
    let action = use_console_action(chapter);
    let created = RwSignal::new(Option::<String>::None);
    // The same validator `CreatePolicy` runs, so the editor never disagrees with IAM.
    let verdict = Memo::new(move |_| {
        PolicyDocument::parse(&document.get(), DocumentKind::Managed).map(|d| d.statements.len())
    });

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CreatePolicyInput {
            policy_name: name.get_untracked().trim().to_string(),
            policy_document: document.get_untracked(),
            ..CreatePolicyInput::default()
        };
        match action.run(move |lab| lab.cloud.create_policy(input)) {
            Some(out) => {
                created.set(Some(out.policy.arn));
            }
            None => {
                created.set(None);
            }
        }
    };

    view! {
        <form class="space-y-2" on:submit=create aria-labelledby="policy-editor-title" data-testid="policy-editor">
            <h3 id="policy-editor-title" class="text-lg font-semibold">{move || tr(lang(), "Create policy (JSON)", "정책 생성 (JSON)")}</h3>
            <label class="block text-sm">
                <span class="font-medium">{move || tr(lang(), "Policy name", "정책 이름")}</span>
                <input class=INPUT_CLASS name="policy-name" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) />
            </label>
            <label class="block text-sm">
                <span class="font-medium">{move || tr(lang(), "Policy document", "정책 문서")}</span>
                <textarea
                    class=format!("{INPUT_CLASS} h-64 font-mono text-xs")
                    name="policy-document"
                    spellcheck="false"
                    aria-describedby="policy-verdict"
                    prop:value=document
                    on:input=move |ev| set_document.set(event_target_value(&ev))
                ></textarea>
            </label>
            <p id="policy-verdict" class="text-sm" role="status" data-testid="policy-verdict">
                {move || match verdict.get() {
                    Ok(n) => view! {
                        <span class="text-emerald-800 dark:text-emerald-300" data-valid="true">
                            {format!("{} ({n} {})", tr(lang(), "IAM accepts this document", "IAM이 받아들이는 문서입니다"), tr(lang(), "statements", "개의 문"))}
                        </span>
                    }.into_any(),
                    Err(problem) => view! {
                        <span class="text-rose-800 dark:text-rose-300" data-valid="false">
                            <span class="font-mono">"MalformedPolicyDocument: "</span>{problem.message}
                        </span>
                    }.into_any(),
                }}
            </p>
            <ActionStatus action />
            {move || created.get().map(|arn| view! {
                <p role="status" class="rounded-md border border-emerald-500 bg-emerald-50 px-3 py-2 text-sm dark:bg-emerald-950" data-testid="policy-created">
                    {tr(lang(), "Created", "생성됨:")}" "<span class="font-mono">{arn}</span>
                </p>
            })}
            <button type="submit" class=PRIMARY_BUTTON disabled=move || verdict.get().is_err() data-testid="create-policy">
                {move || tr(lang(), "Create policy", "정책 생성")}
            </button>
        </form>
    }
}
