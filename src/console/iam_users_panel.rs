//! IAM → Users: the list of users, "Create user" (optionally with a console password, as
//! the console's wizard asks), and a user's details page.

use cloudlab_model::iam::users::{CreateLoginProfileInput, CreateUserInput};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::iam_data::{UserRow, console_identity, user_rows};
use crate::console::iam_user_details::IamUserDetails;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// The IAM users page of the console.
#[component]
pub fn IamUsersPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let selected = RwSignal::new(Option::<String>::None);
    let action = use_console_action(chapter);
    let (name, set_name) = signal(String::new());
    let (console_access, set_console_access) = signal(false);
    let (password, set_password) = signal(String::new());
    let (reset_required, set_reset_required) = signal(true);

    let users = Signal::derive(move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| user_rows(&lab.cloud)))
            .unwrap_or_default()
    });

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user_name = name.get_untracked().trim().to_string();
        let input = CreateUserInput {
            user_name: user_name.clone(),
            ..CreateUserInput::default()
        };
        let created = action.run_and_say(
            ("Created user", "사용자를 만들었습니다:"),
            user_name.clone(),
            move |lab| lab.cloud.as_caller(console_identity()).create_user(input),
        );
        if created.is_none() {
            return;
        }
        set_name.set(String::new());
        if console_access.get_untracked() {
            let input = CreateLoginProfileInput {
                user_name: Some(user_name.clone()),
                password: password.get_untracked(),
                password_reset_required: reset_required.get_untracked(),
            };
            set_password.set(String::new());
            // The user exists even if the password is refused (the password policy): the
            // error shows and the success line is kept.
            let done = action.done.get_untracked();
            action.run(move |lab| {
                lab.cloud
                    .as_caller(console_identity())
                    .create_login_profile(input)
            });
            action.done.set(done);
        }
        selected.set(Some(user_name));
    };

    let columns = move || {
        vec![
            Column::new("User name", "사용자 이름", move |u: &UserRow| {
                let user_name = u.user_name.clone();
                view! {
                    <button type="button" class="text-teal-800 underline hover:no-underline dark:text-teal-300" on:click=move |_| { action.clear(); selected.set(Some(user_name.clone())) }>
                        {u.user_name.clone()}
                    </button>
                }
            })
            .row_header(),
            Column::new("Groups", "그룹", |u: &UserRow| {
                if u.groups.is_empty() { "-".to_string() } else { u.groups.join(", ") }
            }),
            Column::new("Access keys", "액세스 키", move |u: &UserRow| {
                let keys = if u.access_keys == 0 {
                    "-".to_string()
                } else {
                    format!("{} ({} {})", u.access_keys, u.active_keys, tr(lang(), "active", "활성"))
                };
                view! { <span data-testid="user-key-count">{keys}</span> }
            }),
            Column::new("MFA", "MFA", move |u: &UserRow| if u.mfa { tr(lang(), "Assigned", "할당됨") } else { "-" }),
            Column::new("Console password", "콘솔 암호", move |u: &UserRow| {
                if u.console_password { tr(lang(), "Enabled", "활성화됨") } else { "-" }
            }),
            Column::new("Created", "생성 시각", |u: &UserRow| u.created.clone())
                .class("whitespace-nowrap py-1 font-mono text-xs"),
        ]
    };

    let list = move || {
        view! {
            <form class="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-700" on:submit=create aria-labelledby="create-user-title">
                <h4 id="create-user-title" class="font-semibold">{move || tr(lang(), "Create user", "사용자 생성")}</h4>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "User name", "사용자 이름")}</span>
                    <input class=INPUT_CLASS name="new-user-name" required autocomplete="off" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) />
                </label>
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="console-access" prop:checked=console_access on:change=move |ev| set_console_access.set(event_target_checked(&ev)) />
                    {move || tr(lang(), "Provide user access to the AWS Management Console (optional)", "AWS Management Console에 대한 사용자 액세스 권한 제공(선택 사항)")}
                </label>
                <Show when=move || console_access.get()>
                    <div class="grid gap-3 rounded border-l-4 border-slate-300 pl-3 dark:border-slate-600">
                        <label class="text-sm">
                            <span class="font-medium">{move || tr(lang(), "Custom password", "사용자 지정 암호")}</span>
                            <input class=INPUT_CLASS type="password" name="new-user-password" autocomplete="new-password" prop:value=password on:input=move |ev| set_password.set(event_target_value(&ev)) />
                        </label>
                        <label class="flex items-center gap-2 text-sm">
                            <input type="checkbox" name="password-reset-required" prop:checked=reset_required on:change=move |ev| set_reset_required.set(event_target_checked(&ev)) />
                            {move || tr(lang(), "Users must create a new password at next sign-in (recommended)", "사용자는 다음 로그인 시 새 암호를 생성해야 합니다(권장)")}
                        </label>
                    </div>
                </Show>
                <div>
                    <button type="submit" class=PRIMARY_BUTTON data-testid="create-user">{move || tr(lang(), "Create user", "사용자 생성")}</button>
                </div>
            </form>
            <ResourceTable
                rows=users
                row_id=("data-user", |u: &UserRow| u.user_name.clone())
                columns=columns()
                test_id="users-table"
                caption=("IAM users in this account", "이 계정의 IAM 사용자")
                empty=("No users yet.", "아직 사용자가 없습니다.")
            />
        }
    };

    view! {
        <section aria-labelledby="iam-users-title" data-testid="iam-users-panel">
            <h3 id="iam-users-title" class="text-lg font-semibold">{move || tr(lang(), "IAM: Users", "IAM: 사용자")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-400">
                {move || tr(
                    lang(),
                    "You are signed in to the console as the root user. This page calls the same IAM API as the terminal's",
                    "여기서는 루트 사용자로 콘솔에 로그인한 상태입니다. 이 페이지는 터미널의",
                )}
                " "<code class="font-mono">"aws iam"</code>
                {move || tr(lang(), ".", "와 같은 IAM API를 호출합니다.")}
            </p>
            <ActionStatus action done_test_id="user-created" />
            {move || match selected.get() {
                Some(user_name) => view! {
                    <IamUserDetails chapter user_name on_back=Callback::new(move |_| { action.clear(); selected.set(None) }) />
                }.into_any(),
                None => list().into_any(),
            }}
        </section>
    }
}
