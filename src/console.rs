//! A small AWS console (EC2, IAM, Billing) beside the terminal. Both act on the same simulated account.
//!
//! Each panel builds AWS request inputs from form fields and calls the model through the
//! course session; the model decides and the panel shows the result or AWS's error.

pub mod attached_policies;
pub mod authenticator;
pub mod budgets_panel;
pub mod error_box;
pub mod iam_access_keys;
pub mod iam_data;
pub mod iam_group_details;
pub mod iam_groups_panel;
pub mod iam_user_details;
pub mod iam_users_panel;
pub mod instances_panel;
pub mod key_pairs_panel;
pub mod launch_plan;
pub mod launch_wizard;
pub mod policy_editor;
pub mod policy_simulator;
pub mod root_mfa;
pub mod security_groups_panel;

use leptos::prelude::*;

use crate::i18n::tr;
use crate::state::use_app;
use authenticator::Authenticator;
use budgets_panel::BudgetsPanel;
use iam_groups_panel::IamGroupsPanel;
use iam_users_panel::IamUsersPanel;
use instances_panel::InstancesPanel;
use key_pairs_panel::KeyPairsPanel;
use launch_wizard::LaunchWizard;
use policy_editor::PolicyEditor;
use policy_simulator::PolicySimulator;
use root_mfa::RootMfa;
use security_groups_panel::SecurityGroupsPanel;

/// The console's pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsolePage {
    /// Instance list and actions.
    Instances,
    /// The launch wizard.
    Launch,
    /// Key pairs.
    KeyPairs,
    /// Security groups and their rules.
    SecurityGroups,
    /// The JSON policy editor.
    PolicyEditor,
    /// The IAM policy simulator.
    PolicySimulator,
    /// The simulated authenticator app for MFA.
    Authenticator,
    /// The root user's MFA assignment.
    RootMfa,
    /// IAM users, their groups, policies and access keys.
    IamUsers,
    /// IAM user groups, their members and policies.
    IamGroups,
    /// AWS Budgets.
    Budgets,
}

/// The console (EC2, IAM, Billing) for a chapter's lab.
#[component]
pub fn ConsolePanel(
    /// Chapter whose lab the console shows.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let (page, set_page) = signal(ConsolePage::Instances);
    provide_context(set_page);

    let nav_item = move |which: ConsolePage,
                         en: &'static str,
                         ko: &'static str,
                         test_id: &'static str| {
        view! {
            <li>
                <button
                    type="button"
                    class=move || {
                        // The current page keeps its colour under the pointer too.
                        if page.get() == which {
                            "w-full rounded bg-teal-700 px-3 py-1.5 text-left text-sm font-semibold text-white"
                        } else {
                            "w-full rounded px-3 py-1.5 text-left text-sm hover:bg-slate-200 dark:hover:bg-slate-800"
                        }
                    }
                    aria-current=move || (page.get() == which).then_some("page")
                    on:click=move |_| set_page.set(which)
                    data-testid=test_id
                >
                    {move || tr(lang(), en, ko)}
                </button>
            </li>
        }
    };

    view! {
        <div class="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900 xl:flex-row">
            <nav class="xl:w-44 xl:shrink-0" aria-label=move || tr(lang(), "Console", "콘솔")>
                <p class="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">"EC2"</p>
                <ul class="flex flex-wrap gap-1 xl:flex-col">
                    {nav_item(ConsolePage::Instances, "Instances", "인스턴스", "console-instances")}
                    {nav_item(ConsolePage::Launch, "Launch instance", "인스턴스 시작", "console-launch")}
                    {nav_item(ConsolePage::KeyPairs, "Key pairs", "키 페어", "console-key-pairs")}
                    {nav_item(ConsolePage::SecurityGroups, "Security groups", "보안 그룹", "console-security-groups")}
                </ul>
                <p class="px-3 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">"IAM"</p>
                <ul class="flex flex-wrap gap-1 xl:flex-col">
                    {nav_item(ConsolePage::IamUsers, "Users", "사용자", "console-iam-users")}
                    {nav_item(ConsolePage::IamGroups, "User groups", "사용자 그룹", "console-iam-groups")}
                    {nav_item(ConsolePage::PolicyEditor, "Create policy", "정책 생성", "console-policy-editor")}
                    {nav_item(ConsolePage::PolicySimulator, "Policy simulator", "정책 시뮬레이터", "console-policy-simulator")}
                    {nav_item(ConsolePage::RootMfa, "Root user MFA", "루트 사용자 MFA", "console-root-mfa")}
                    {nav_item(ConsolePage::Authenticator, "MFA authenticator", "MFA 인증 관리자 앱", "console-authenticator")}
                </ul>
                <p class="px-3 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{move || tr(lang(), "Billing", "결제")}</p>
                <ul class="flex flex-wrap gap-1 xl:flex-col">
                    {nav_item(ConsolePage::Budgets, "Budgets", "예산", "console-budgets")}
                </ul>
            </nav>
            <div class="min-w-0 flex-1">
                {move || match page.get() {
                    ConsolePage::Instances => view! { <InstancesPanel chapter /> }.into_any(),
                    ConsolePage::Launch => view! { <LaunchWizard chapter /> }.into_any(),
                    ConsolePage::KeyPairs => view! { <KeyPairsPanel chapter /> }.into_any(),
                    ConsolePage::SecurityGroups => view! { <SecurityGroupsPanel chapter /> }.into_any(),
                    ConsolePage::PolicyEditor => view! { <PolicyEditor chapter /> }.into_any(),
                    ConsolePage::PolicySimulator => view! { <PolicySimulator chapter /> }.into_any(),
                    ConsolePage::Authenticator => view! { <Authenticator chapter /> }.into_any(),
                    ConsolePage::RootMfa => view! { <RootMfa chapter /> }.into_any(),
                    ConsolePage::IamUsers => view! { <IamUsersPanel chapter /> }.into_any(),
                    ConsolePage::IamGroups => view! { <IamGroupsPanel chapter /> }.into_any(),
                    ConsolePage::Budgets => view! { <BudgetsPanel chapter /> }.into_any(),
                }}
            </div>
        </div>
    }
}

use cloudlab_course::Lab;
use cloudlab_model::AwsError;

use crate::state::AppContext;
use error_box::ConsoleError;

/// Runs a console action on a chapter's lab and turns an AWS error into a displayable one.
pub fn act<T, E: AwsError>(
    app: AppContext,
    chapter: u32,
    action: impl FnOnce(&mut Lab) -> Result<T, E>,
) -> Result<T, ConsoleError> {
    match app
        .session
        .try_update(|s| s.with_lab(chapter, action))
        .flatten()
    {
        Some(Ok(value)) => Ok(value),
        Some(Err(err)) => Err(ConsoleError {
            code: err.code().to_string(),
            message: err.message(),
        }),
        None => Err(ConsoleError {
            code: "LabUnavailable".into(),
            message: "This chapter's lab is not open.".into(),
        }),
    }
}

/// Classes shared by the console's form controls.
pub const INPUT_CLASS: &str = "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800";
/// Classes of a primary button.
pub const PRIMARY_BUTTON: &str = "rounded bg-teal-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-teal-800 disabled:opacity-50";
/// Classes of a secondary button.
pub const SECONDARY_BUTTON: &str = "rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";
