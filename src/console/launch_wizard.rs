//! The launch wizard: name, image, type, key pair, network, storage, then Launch.

use cloudlab_model::catalog;
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::choice::{Choice, VolumeType};
use crate::console::choice_radios::ChoiceRadios;
use crate::console::choice_select::ChoiceSelect;
use crate::console::console_action::use_console_action;
use crate::console::launch_plan::{GroupChoice, GroupMode, LaunchPlan, SshSource};
use crate::console::{ConsolePage, INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// Instance types the wizard offers first (any valid type can be typed in the terminal).
const OFFERED_TYPES: [&str; 10] = [
    "t3.micro",
    "t3.small",
    "t3.medium",
    "t2.micro",
    "t4g.micro",
    "t4g.small",
    "m7i.large",
    "c7i.large",
    "r7i.large",
    "m5.xlarge",
];

/// The launch wizard page of the console.
#[component]
pub fn LaunchWizard(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let set_page = use_context::<RwSignal<ConsolePage>>();
    let region = app
        .session
        .with_untracked(|s| s.lab(chapter).map(|lab| lab.cloud.region().code))
        .unwrap_or("ap-northeast-2");
    let images = catalog::images(region);
    let first_image = images
        .first()
        .map(|i| i.image_id.clone())
        .unwrap_or_default();

    let (name, set_name) = signal(String::from("web"));
    let (image_id, set_image_id) = signal(first_image);
    let (instance_type, set_instance_type) = signal(String::from("t3.micro"));
    let (key_name, set_key_name) = signal(String::new());
    let group_mode = RwSignal::new(GroupMode::Create);
    let (allow_ssh, set_allow_ssh) = signal(true);
    let ssh_source = RwSignal::new(SshSource::MyIp);
    let (allow_http, set_allow_http) = signal(false);
    let (allow_https, set_allow_https) = signal(false);
    let (existing_group, set_existing_group) = signal(String::new());
    let (volume_size, set_volume_size) = signal(String::from("8"));
    let volume_type = RwSignal::new(VolumeType::Gp3);
    let (count, set_count) = signal(String::from("1"));
    let (protect, set_protect) = signal(false);
    let action = use_console_action(chapter);
    let launched = RwSignal::new(Option::<Vec<String>>::None);

    let key_names = move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    lab.cloud
                        .key_pairs()
                        .iter()
                        .map(|k| k.key_name.clone())
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    let groups = move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    lab.cloud
                        .security_groups()
                        .iter()
                        .map(|g| (g.group_id.clone(), g.group_name.clone()))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    let learner_ip = StoredValue::new(
        app.session
            .with_untracked(|s| s.lab(chapter).map(|lab| lab.cloud.learner_ip().to_string()))
            .unwrap_or_default(),
    );

    let launch = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let invalid = |en: &'static str, ko: &'static str| {
            action.refuse("InvalidParameterValue", tr(app.lang(), en, ko));
        };
        let Ok(count) = count.get_untracked().trim().parse::<u32>() else {
            invalid(
                "Number of instances must be a whole number.",
                "인스턴스 개수는 정수여야 합니다.",
            );
            return;
        };
        let Ok(volume_size_gib) = volume_size.get_untracked().trim().parse::<u32>() else {
            invalid(
                "Storage size must be a whole number of GiB.",
                "스토리지 크기는 GiB 단위 정수여야 합니다.",
            );
            return;
        };
        let groups = if group_mode.get_untracked() == GroupMode::Create {
            GroupChoice::Create {
                ssh: allow_ssh
                    .get_untracked()
                    .then(|| ssh_source.get_untracked()),
                http: allow_http.get_untracked(),
                https: allow_https.get_untracked(),
            }
        } else {
            GroupChoice::Existing(
                vec![existing_group.get_untracked()]
                    .into_iter()
                    .filter(|g| !g.is_empty())
                    .collect(),
            )
        };
        let key = key_name.get_untracked();
        let plan = LaunchPlan {
            name: name.get_untracked(),
            image_id: image_id.get_untracked(),
            instance_type: instance_type.get_untracked(),
            key_name: (!key.is_empty()).then_some(key),
            groups,
            volume_size_gib,
            volume_type: volume_type.get_untracked().value().to_string(),
            count,
            termination_protection: protect.get_untracked(),
        };
        match action.run(move |lab| plan.execute(&mut lab.cloud)) {
            Some(outcome) => {
                launched.set(Some(outcome.instance_ids));
            }
            None => {
                launched.set(None);
            }
        }
    };

    let fieldset = "rounded-md border border-slate-200 p-3 dark:border-slate-700";
    let legend = "px-1 text-sm font-semibold";
    let type_info = move || {
        catalog::instance_type(&instance_type.get()).map(|info| {
            let memory = info
                .memory_mib
                .map(|m| format!("{:.1} GiB", f64::from(m) / 1024.0))
                .unwrap_or_default();
            let price = info
                .price_per_hour_usd
                .map(|p| format!("${p:.4}/h"))
                .unwrap_or_default();
            let free = if info.free_tier_eligible {
                tr(lang(), " · free tier eligible", " · 프리 티어 대상")
            } else {
                ""
            };
            format!(
                "{} vCPU · {memory} · {price} · {}{free}",
                info.vcpus,
                info.architecture.as_str()
            )
        })
    };

    view! {
        <form class="space-y-4" on:submit=launch aria-labelledby="launch-title" data-testid="launch-wizard">
            <h3 id="launch-title" class="text-lg font-semibold">{move || tr(lang(), "Launch an instance", "인스턴스 시작")}</h3>
            <fieldset class=fieldset>
                <legend class=legend>{move || tr(lang(), "Name and tags", "이름 및 태그")}</legend>
                <label class="block text-sm">
                    <span>{move || tr(lang(), "Name (the Name tag)", "이름 (Name 태그)")}</span>
                    <input class=INPUT_CLASS name="instance-name" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) />
                </label>
            </fieldset>
            <fieldset class=fieldset>
                <legend class=legend>{move || tr(lang(), "Application and OS image (AMI)", "애플리케이션 및 OS 이미지(AMI)")}</legend>
                <div class="grid gap-2 sm:grid-cols-2">
                    {images.into_iter().map(|ami| {
                        let id = ami.image_id.clone();
                        let id_checked = id.clone();
                        view! {
                            <label class="flex cursor-pointer items-start gap-2 rounded border border-slate-200 p-2 text-sm has-[:checked]:border-teal-600 dark:border-slate-700">
                                <input type="radio" name="ami" class="mt-1" value=id.clone() prop:checked=move || image_id.get() == id_checked on:change=move |_| set_image_id.set(id.clone()) />
                                <span>
                                    <span class="block font-medium">{ami.os.pretty_name()}" ("{ami.architecture.as_str()}")"</span>
                                    <span class="block font-mono text-xs text-slate-600 dark:text-slate-400">{ami.image_id.clone()}</span>
                                    <span class="block text-xs text-slate-600 dark:text-slate-400">{format!("{} · {}", ami.os.default_user(), ami.platform_details)}</span>
                                </span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <fieldset class=fieldset>
                <legend class=legend>{move || tr(lang(), "Instance type", "인스턴스 유형")}</legend>
                <label class="block text-sm">
                    <span class="sr-only">{move || tr(lang(), "Instance type", "인스턴스 유형")}</span>
                    <select class=INPUT_CLASS name="instance-type" on:change=move |ev| set_instance_type.set(event_target_value(&ev))>
                        {OFFERED_TYPES.into_iter().map(|t| view! { <option value=t selected=move || instance_type.get() == t>{t}</option> }).collect_view()}
                    </select>
                </label>
                <p class="mt-1 text-xs text-slate-600 dark:text-slate-400">{type_info}</p>
            </fieldset>
            <fieldset class=fieldset>
                <legend class=legend>{move || tr(lang(), "Key pair (login)", "키 페어(로그인)")}</legend>
                <label class="block text-sm">
                    <span class="sr-only">{move || tr(lang(), "Key pair name", "키 페어 이름")}</span>
                    <select class=INPUT_CLASS name="key-pair" on:change=move |ev| set_key_name.set(event_target_value(&ev))>
                        <option value="" selected=move || key_name.get().is_empty()>{move || tr(lang(), "Proceed without a key pair (not recommended)", "키 페어 없이 계속 진행(권장하지 않음)")}</option>
                        {move || key_names().into_iter().map(|k| {
                            let value = k.clone();
                            let label = k.clone();
                            view! { <option value=value selected=move || key_name.get() == k>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="mt-1 text-sm text-teal-800 underline dark:text-teal-300" on:click=move |_| if let Some(set) = set_page { set.set(ConsolePage::KeyPairs) }>
                    {move || tr(lang(), "Create a new key pair", "새 키 페어 생성")}
                </button>
            </fieldset>
            <fieldset class=fieldset>
                <legend class=legend>{move || tr(lang(), "Network settings: firewall (security groups)", "네트워크 설정: 방화벽(보안 그룹)")}</legend>
                <ChoiceRadios legend=("Security group", "보안 그룹") name="group-mode" value=group_mode />
                <Show
                    when=move || group_mode.get() == GroupMode::Create
                    fallback=move || view! {
                        <label class="mt-2 block text-sm">
                            <span>{move || tr(lang(), "Security group", "보안 그룹")}</span>
                            <select class=INPUT_CLASS name="existing-group" on:change=move |ev| set_existing_group.set(event_target_value(&ev))>
                                <option value="" selected=move || existing_group.get().is_empty()>{move || tr(lang(), "Choose a group", "그룹 선택")}</option>
                                {move || groups().into_iter().map(|(id, name)| {
                                    let label = format!("{name} ({id})");
                                    let value = id.clone();
                                    view! { <option value=value selected=move || existing_group.get() == id>{label}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                >
                    <div class="mt-2 space-y-1 text-sm">
                        <div class="flex flex-wrap items-center gap-2">
                            <label class="flex items-center gap-1">
                                <input type="checkbox" name="allow-ssh" prop:checked=allow_ssh on:change=move |ev| set_allow_ssh.set(event_target_checked(&ev)) />
                                {move || tr(lang(), "Allow SSH traffic from", "SSH 트래픽 허용:")}
                            </label>
                            <ChoiceSelect label=("SSH source", "SSH 소스") name="ssh-source" value=ssh_source described_by="ssh-source-address" />
                            <Show when=move || ssh_source.get() == SshSource::MyIp>
                                <span id="ssh-source-address" class="text-xs text-slate-600 dark:text-slate-400">
                                    {move || format!("{} {}/32", tr(lang(), "Your address:", "내 주소:"), learner_ip.get_value())}
                                </span>
                            </Show>
                        </div>
                        <label class="flex items-center gap-1">
                            <input type="checkbox" name="allow-http" prop:checked=allow_http on:change=move |ev| set_allow_http.set(event_target_checked(&ev)) />
                            {move || tr(lang(), "Allow HTTP traffic from the internet", "인터넷에서 HTTP 트래픽 허용")}
                        </label>
                        <label class="flex items-center gap-1">
                            <input type="checkbox" name="allow-https" prop:checked=allow_https on:change=move |ev| set_allow_https.set(event_target_checked(&ev)) />
                            {move || tr(lang(), "Allow HTTPS traffic from the internet", "인터넷에서 HTTPS 트래픽 허용")}
                        </label>
                    </div>
                </Show>
            </fieldset>
            <fieldset class=fieldset>
                <legend class=legend>{move || tr(lang(), "Configure storage", "스토리지 구성")}</legend>
                <div class="flex flex-wrap items-end gap-2 text-sm">
                    <label>
                        <span class="block">"GiB"</span>
                        <input class="w-20 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800" type="number" min="1" name="volume-size" prop:value=volume_size on:input=move |ev| set_volume_size.set(event_target_value(&ev)) />
                    </label>
                    <ChoiceSelect label=("Volume type", "볼륨 유형") name="volume-type" value=volume_type />
                </div>
            </fieldset>
            <fieldset class=fieldset>
                <legend class=legend>{move || tr(lang(), "Advanced details and summary", "고급 세부 정보 및 요약")}</legend>
                <div class="flex flex-wrap items-center gap-4 text-sm">
                    <label class="flex items-center gap-1">
                        <input type="checkbox" name="termination-protection" prop:checked=protect on:change=move |ev| set_protect.set(event_target_checked(&ev)) />
                        {move || tr(lang(), "Termination protection", "종료 방지")}
                    </label>
                    <label class="flex items-center gap-1">
                        {move || tr(lang(), "Number of instances", "인스턴스 개수")}
                        <input class="w-16 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800" type="number" min="1" name="instance-count" prop:value=count on:input=move |ev| set_count.set(event_target_value(&ev)) />
                    </label>
                </div>
            </fieldset>
            <ActionStatus action />
            {move || launched.get().map(|ids| view! {
                <p role="status" class="rounded-md border border-emerald-500 bg-emerald-50 px-3 py-2 text-sm dark:bg-emerald-950" data-testid="launch-success">
                    {tr(lang(), "Successfully initiated launch of", "인스턴스 시작을 요청했습니다:")}" "<span class="font-mono">{ids.join(", ")}</span>
                </p>
            })}
            <button type="submit" class=PRIMARY_BUTTON data-testid="launch-instance">{move || tr(lang(), "Launch instance", "인스턴스 시작")}</button>
        </form>
    }
}
