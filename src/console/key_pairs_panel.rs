//! Key pairs: list, create (the private key is handed over once), delete.

use cloudlab_model::ec2::key_pairs::{CreateKeyPairInput, DeleteKeyPairInput};
use cloudlab_model::ssh_keys::KeyType;
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::choice::Choice;
use crate::console::choice_radios::ChoiceRadios;
use crate::console::console_action::use_console_action;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One key pair in the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    name: String,
    key_type: KeyType,
    fingerprint: String,
    id: String,
}

/// What the learner saw right after creating a key pair.
#[derive(Clone, Debug, PartialEq)]
struct Created {
    key_name: String,
    /// The file the private key was saved as, or why it could not be saved.
    saved: Result<String, String>,
}

/// The key pairs page of the console.
#[component]
pub fn KeyPairsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let (name, set_name) = signal(String::from("web-key"));
    let key_type = RwSignal::new(KeyType::Ed25519);
    let action = use_console_action(chapter);
    let created = RwSignal::new(Option::<Created>::None);

    let key_pairs = Signal::derive(move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    let rows = lab.cloud.key_pairs().iter().map(|k| Row {
                        name: k.key_name.clone(),
                        key_type: k.key_type,
                        fingerprint: k.key_fingerprint.clone(),
                        id: k.key_pair_id.clone(),
                    });
                    rows.collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key_name = name.get_untracked().trim().to_string();
        let input = CreateKeyPairInput {
            key_name: key_name.clone(),
            key_type: Some(key_type.get_untracked().value().to_string()),
            ..CreateKeyPairInput::default()
        };
        // The browser "downloads" the .pem into the lab laptop's home folder, like a real
        // download lands in ~/Downloads: mode 644, which ssh will refuse until chmod 400.
        let suggested = format!("{key_name}.pem");
        let saved = action.run(move |lab| {
            let output = lab.cloud.create_key_pair(input)?;
            let saved = lab
                .terminal
                .save_download(&suggested, &output.key_material, 0o644)
                .map_err(|e| e.to_string());
            Ok::<_, cloudlab_model::Ec2Error>(saved)
        });
        created.set(saved.map(|saved| Created { key_name, saved }));
    };

    let delete = move |key_name: String| {
        let input = DeleteKeyPairInput {
            key_name: Some(key_name),
            ..DeleteKeyPairInput::default()
        };
        action.run(move |lab| lab.cloud.delete_key_pair(input));
    };

    let columns = vec![
        Column::new("Name", "이름", |k: &Row| k.name.clone()).class("py-1 pr-3 font-medium"),
        Column::new("Type", "유형", |k: &Row| k.key_type.as_str()),
        Column::new("Fingerprint", "지문", |k: &Row| {
            view! { <span title=k.fingerprint.clone()>{k.fingerprint.clone()}</span> }
        })
        .class("max-w-[14rem] truncate py-1 pr-3 font-mono text-xs"),
        Column::new("ID", "ID", |k: &Row| k.id.clone()).class("py-1 pr-3 font-mono text-xs"),
        Column::new("Actions", "작업", move |k: &Row| {
            let key_name = k.name.clone();
            view! {
                <button type="button" class=SECONDARY_BUTTON on:click=move |_| delete(key_name.clone())>
                    {move || tr(lang(), "Delete", "삭제")}
                </button>
            }
        })
        .class("py-1 text-right")
        .header_hidden(),
    ];

    view! {
        <section aria-labelledby="kp-title" data-testid="key-pairs-panel">
            <h3 id="kp-title" class="text-lg font-semibold">{move || tr(lang(), "Key pairs", "키 페어")}</h3>
            <form class="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_auto_auto] sm:items-end dark:border-slate-700" on:submit=create>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Name", "이름")}</span>
                    <input class=INPUT_CLASS name="key-name" required prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) />
                </label>
                <ChoiceRadios legend=("Key pair type", "키 페어 유형") name="key-type" value=key_type />
                <button type="submit" class=PRIMARY_BUTTON data-testid="create-key-pair">
                    {move || tr(lang(), "Create key pair", "키 페어 생성")}
                </button>
            </form>
            <ActionStatus action />
            {move || created.get().map(|c| match c.saved {
                Ok(file_name) => view! {
                    <div role="status" class="my-2 rounded-md border border-emerald-500 bg-emerald-50 px-3 py-2 text-sm dark:bg-emerald-950" data-testid="key-created">
                        <p class="font-semibold">
                            {format!("{} {}", tr(lang(), "Created key pair", "키 페어를 만들었습니다:"), c.key_name)}
                        </p>
                        <p>
                            {format!(
                                "{} ~/{file_name} {}",
                                tr(lang(), "Your browser downloaded the private key to", "브라우저가 개인 키를"),
                                tr(lang(), "on your lab laptop. AWS will never show it again: this was the only copy.", "(실습용 노트북)에 내려받았습니다. AWS는 이 키를 다시 보여 주지 않습니다. 이것이 유일한 사본입니다."),
                            )}
                        </p>
                        {(file_name != format!("{}.pem", c.key_name)).then(|| view! {
                            <p class="mt-1">
                                {tr(lang(), "Browsers never put / or other characters file names cannot hold in a downloaded file's name, so the file name differs from the key pair's name.", "브라우저는 내려받은 파일 이름에 /처럼 파일 이름에 쓸 수 없는 문자를 넣지 않으므로 파일 이름이 키 페어 이름과 다릅니다.")}
                            </p>
                        })}
                    </div>
                }
                .into_any(),
                Err(reason) => view! {
                    <div role="alert" class="my-2 rounded-md border border-rose-500 bg-rose-50 px-3 py-2 text-sm text-rose-950 dark:bg-rose-950 dark:text-rose-50" data-testid="key-not-saved">
                        <p class="font-semibold">
                            {format!("{} {}", tr(lang(), "Created key pair", "키 페어를 만들었습니다:"), c.key_name)}
                        </p>
                        <p>
                            {format!(
                                "{} ({reason}). {}",
                                tr(lang(), "but its private key could not be saved on your lab laptop", "하지만 개인 키를 실습용 노트북에 저장하지 못했습니다"),
                                tr(lang(), "AWS never shows a private key twice, so this key pair cannot be used to sign in. Delete it in the list below, then create it again.", "AWS는 개인 키를 두 번 보여 주지 않으므로 이 키 페어로는 로그인할 수 없습니다. 아래 목록에서 지운 뒤 다시 만드세요."),
                            )}
                        </p>
                    </div>
                }
                .into_any(),
            })}
            <ResourceTable
                rows=key_pairs
                row_id=("data-key-pair", |k: &Row| k.name.clone())
                columns
                caption=("Key pairs in this region", "이 리전의 키 페어")
                empty=("No key pairs yet.", "아직 키 페어가 없습니다.")
            />
        </section>
    }
}
