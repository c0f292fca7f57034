//! A user's access keys: create (the secret is shown once, here, and never again),
//! make inactive or active, delete (only an inactive key, as the console asks).

use cloudlab_model::iam::access_keys::{
    AccessKeysInput, DeleteAccessKeyInput, UpdateAccessKeyInput,
};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::iam_data::{KeyRow, console_identity, key_rows};
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// A key just created: the only moment its secret exists outside the model.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NewKey {
    access_key_id: String,
    secret_access_key: String,
    /// Where the .csv was saved on the lab laptop, once it was.
    saved_as: Option<String>,
}

/// The access keys section of a user's details page.
#[component]
pub fn IamAccessKeys(
    /// Chapter whose lab this is.
    chapter: u32,
    /// Whose keys.
    user_name: String,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let user = StoredValue::new(user_name);
    let action = use_console_action(chapter);
    // Lives only as long as this component: leaving the page forgets the secret for good.
    let created = RwSignal::new(Option::<NewKey>::None);

    let keys = Signal::derive(move || {
        let name = user.get_value();
        app.session
            .with(|s| s.lab(chapter).map(|lab| key_rows(&lab.cloud, &name)))
            .unwrap_or_default()
    });

    let create = move |_| {
        let input = AccessKeysInput {
            user_name: Some(user.get_value()),
        };
        let out = action.run(move |lab| {
            lab.cloud
                .as_caller(console_identity())
                .create_access_key(input)
        });
        created.set(out.map(|out| NewKey {
            access_key_id: out.access_key.access_key_id,
            secret_access_key: out.access_key.secret_access_key,
            saved_as: None,
        }));
    };

    let set_status = move |access_key_id: String, active: bool| {
        let input = UpdateAccessKeyInput {
            user_name: Some(user.get_value()),
            access_key_id,
            status: if active { "Active" } else { "Inactive" }.to_string(),
        };
        action.run(move |lab| {
            lab.cloud
                .as_caller(console_identity())
                .update_access_key(input)
        });
    };

    let delete = move |access_key_id: String| {
        let input = DeleteAccessKeyInput {
            user_name: Some(user.get_value()),
            access_key_id,
        };
        action.run(move |lab| {
            lab.cloud
                .as_caller(console_identity())
                .delete_access_key(input)
        });
    };

    let columns = vec![
        Column::new("Access key ID", "액세스 키 ID", move |k: &KeyRow| {
            view! {
                <span class="block font-mono text-xs">{k.access_key_id.clone()}</span>
                <span class="block text-xs text-slate-600 dark:text-slate-400">{format!("{} {}", tr(lang(), "Created", "생성:"), k.created)}</span>
            }
        })
        .row_header()
        .class("py-1 pr-3 font-normal"),
        Column::new("Status", "상태", move |k: &KeyRow| {
            if k.active { tr(lang(), "Active", "활성") } else { tr(lang(), "Inactive", "비활성") }
        }),
        Column::new("Last used", "마지막 사용", move |k: &KeyRow| match &k.last_used {
            Some((at, service, region)) => format!("{at} ({service}, {region})"),
            None => tr(lang(), "Never", "사용 안 함").to_string(),
        })
        .class("py-1 pr-3 text-xs"),
        Column::new("Actions", "작업", move |k: &KeyRow| {
            let id_status = k.access_key_id.clone();
            let id_delete = k.access_key_id.clone();
            let active = k.active;
            view! {
                <div class="flex flex-wrap justify-end gap-1">
                    <button type="button" class=SECONDARY_BUTTON on:click=move |_| set_status(id_status.clone(), !active)>
                        {if active { tr(lang(), "Deactivate", "비활성화") } else { tr(lang(), "Activate", "활성화") }}
                    </button>
                    <button
                        type="button"
                        class=SECONDARY_BUTTON
                        disabled=active
                        title=if active { tr(lang(), "Deactivate the key before deleting it.", "삭제하기 전에 키를 비활성화하세요.") } else { "" }
                        on:click=move |_| delete(id_delete.clone())
                    >
                        {tr(lang(), "Delete", "삭제")}
                    </button>
                </div>
            }
        })
        .class("py-1")
        .header_hidden(),
    ];

    // "Download .csv file": the browser saves it to the lab laptop's home folder, as a real
    // download lands in ~/Downloads, in AWS's format.
    let download = move |_| {
        let Some(key) = created.get_untracked() else {
            return;
        };
        let file = format!("{}_accessKeys.csv", user.get_value());
        let contents = format!(
            "Access key ID,Secret access key\n{},{}\n",
            key.access_key_id, key.secret_access_key
        );
        let path = file.clone();
        let saved = app
            .session
            .try_update(|s| {
                s.with_lab(chapter, move |lab| {
                    lab.terminal.write_file(&path, &contents, 0o600).is_ok()
                })
            })
            .flatten()
            .unwrap_or(false);
        if saved {
            created.update(|c| {
                if let Some(c) = c {
                    c.saved_as = Some(file);
                }
            });
        }
    };

    view! {
        <section aria-labelledby="access-keys-title" class="space-y-2" data-testid="access-keys">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h5 id="access-keys-title" class="font-semibold">{move || tr(lang(), "Access keys", "액세스 키")}</h5>
                <button type="button" class=PRIMARY_BUTTON on:click=create data-testid="create-access-key">
                    {move || tr(lang(), "Create access key", "액세스 키 만들기")}
                </button>
            </div>
            <p class="text-sm text-slate-600 dark:text-slate-400">
                {move || tr(
                    lang(),
                    "Access keys sign CLI and API requests. A user may have at most two. To delete a key, deactivate it first. Prefer short-lived credentials where you can.",
                    "액세스 키는 CLI와 API 요청에 서명합니다. 사용자당 최대 두 개까지 가질 수 있습니다. 키를 삭제하려면 먼저 비활성화하세요. 가능하면 단기 자격 증명을 쓰세요.",
                )}
            </p>
            <ActionStatus action />
            {move || created.get().map(|k| view! {
                <div role="alert" class="space-y-2 rounded-md border-2 border-amber-500 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-50" data-testid="new-access-key">
                    <p class="font-semibold">{tr(lang(), "Retrieve access keys", "액세스 키 검색")}</p>
                    <p>
                        {tr(
                            lang(),
                            "This is the only time that the secret access key can be viewed or downloaded. You cannot recover it later. However, you can create a new access key any time.",
                            "이번이 비밀 액세스 키를 보거나 다운로드할 수 있는 유일한 기회입니다. 나중에 복구할 수 없습니다. 하지만 언제든지 새 액세스 키를 만들 수 있습니다.",
                        )}
                    </p>
                    <dl class="grid gap-x-3 gap-y-1 sm:grid-cols-[auto_1fr]">
                        <dt class="font-medium">{tr(lang(), "Access key", "액세스 키")}</dt>
                        <dd class="break-all font-mono text-xs" data-testid="new-access-key-id">{k.access_key_id.clone()}</dd>
                        <dt class="font-medium">{tr(lang(), "Secret access key", "비밀 액세스 키")}</dt>
                        <dd class="break-all font-mono text-xs" data-testid="new-secret-access-key">{k.secret_access_key.clone()}</dd>
                    </dl>
                    {k.saved_as.clone().map(|file| view! {
                        <p role="status">{tr(lang(), "Saved on your lab laptop as", "실습용 노트북에 저장한 파일:")}" "<span class="font-mono">{format!("~/{file}")}</span></p>
                    })}
                    <div class="flex flex-wrap gap-2">
                        <button type="button" class=SECONDARY_BUTTON on:click=download data-testid="download-access-key">
                            {tr(lang(), "Download .csv file", ".csv 파일 다운로드")}
                        </button>
                        <button type="button" class=PRIMARY_BUTTON on:click=move |_| created.set(None) data-testid="access-key-done">
                            {tr(lang(), "Done", "완료")}
                        </button>
                    </div>
                </div>
            })}
            <ResourceTable
                rows=keys
                row_id=("data-access-key", |k: &KeyRow| k.access_key_id.clone())
                row_state=("data-status", |k: &KeyRow| if k.active { "Active" } else { "Inactive" }.to_string())
                columns
                test_id="access-keys-table"
                caption=("This user's access keys", "이 사용자의 액세스 키")
                empty=("No access keys.", "액세스 키가 없습니다.")
            />
        </section>
    }
}
