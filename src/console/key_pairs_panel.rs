//! Key pairs: list, create (the private key is handed over once), delete.

use cloudlab_model::ec2::key_pairs::{CreateKeyPairInput, DeleteKeyPairInput};
use leptos::prelude::*;

use crate::console::error_box::{ConsoleError, ErrorBox};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON, act};
use crate::i18n::tr;
use crate::state::use_app;

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
    let (key_type, set_key_type) = signal(String::from("ed25519"));
    let error = RwSignal::new(Option::<ConsoleError>::None);
    let created = RwSignal::new(Option::<Created>::None);

    let key_pairs = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| lab.cloud.key_pairs().to_vec()))
            .unwrap_or_default()
    };

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key_name = name.get_untracked().trim().to_string();
        let input = CreateKeyPairInput {
            key_name: key_name.clone(),
            key_type: Some(key_type.get_untracked()),
            ..CreateKeyPairInput::default()
        };
        // The browser "downloads" the .pem into the lab laptop's home folder, like a real
        // download lands in ~/Downloads: mode 644, which ssh will refuse until chmod 400.
        let suggested = format!("{key_name}.pem");
        let result = act(app, chapter, move |lab| {
            let output = lab.cloud.create_key_pair(input)?;
            let saved = lab
                .terminal
                .save_download(&suggested, &output.key_material, 0o644)
                .map_err(|e| e.to_string());
            Ok::<_, cloudlab_model::Ec2Error>(saved)
        });
        match result {
            Ok(saved) => {
                error.set(None);
                created.set(Some(Created { key_name, saved }));
            }
            Err(e) => {
                created.set(None);
                error.set(Some(e));
            }
        }
    };

    let delete = move |key_name: String| {
        let input = DeleteKeyPairInput {
            key_name: Some(key_name),
            ..DeleteKeyPairInput::default()
        };
        match act(app, chapter, move |lab| lab.cloud.delete_key_pair(input)) {
            Ok(_) => error.set(None),
            Err(e) => error.set(Some(e)),
        }
    };

    view! {
        <section aria-labelledby="kp-title" data-testid="key-pairs-panel">
            <h3 id="kp-title" class="text-lg font-semibold">{move || tr(lang(), "Key pairs", "키 페어")}</h3>
            <form class="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_auto_auto] sm:items-end dark:border-slate-700" on:submit=create>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Name", "이름")}</span>
                    <input class=INPUT_CLASS name="key-name" required prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) />
                </label>
                <fieldset class="text-sm">
                    <legend class="font-medium">{move || tr(lang(), "Key pair type", "키 페어 유형")}</legend>
                    <div class="flex gap-3 py-1">
                        {["ed25519", "rsa"].into_iter().map(|t| view! {
                            <label class="flex items-center gap-1">
                                <input type="radio" name="key-type" value=t prop:checked=move || key_type.get() == t on:change=move |_| set_key_type.set(t.to_string()) />
                                {if t == "rsa" { "RSA" } else { "ED25519" }}
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <button type="submit" class=PRIMARY_BUTTON data-testid="create-key-pair">
                    {move || tr(lang(), "Create key pair", "키 페어 생성")}
                </button>
            </form>
            <ErrorBox error=error />
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
            <div class="mt-3 overflow-x-auto">
                <table class="w-full text-left text-sm">
                    <caption class="sr-only">{move || tr(lang(), "Key pairs in this region", "이 리전의 키 페어")}</caption>
                    <thead class="border-b border-slate-300 dark:border-slate-600">
                        <tr>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Name", "이름")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Type", "유형")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Fingerprint", "지문")}</th>
                            <th scope="col" class="py-1 pr-3">"ID"</th>
                            <th scope="col" class="py-1"><span class="sr-only">{move || tr(lang(), "Actions", "작업")}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let rows = key_pairs();
                            if rows.is_empty() {
                                return view! {
                                    <tr><td colspan="5" class="py-3 text-slate-600 dark:text-slate-400">{tr(lang(), "No key pairs yet.", "아직 키 페어가 없습니다.")}</td></tr>
                                }.into_any();
                            }
                            rows.into_iter().map(|k| {
                                let key_name = k.key_name.clone();
                                view! {
                                    <tr class="border-b border-slate-100 dark:border-slate-800">
                                        <td class="py-1 pr-3 font-medium">{k.key_name.clone()}</td>
                                        <td class="py-1 pr-3">{format!("{:?}", k.key_type).to_lowercase()}</td>
                                        <td class="max-w-[14rem] truncate py-1 pr-3 font-mono text-xs" title=k.key_fingerprint.clone()>{k.key_fingerprint.clone()}</td>
                                        <td class="py-1 pr-3 font-mono text-xs">{k.key_pair_id.clone()}</td>
                                        <td class="py-1 text-right">
                                            <button type="button" class=SECONDARY_BUTTON on:click=move |_| delete(key_name.clone())>
                                                {tr(lang(), "Delete", "삭제")}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
