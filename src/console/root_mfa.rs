//! Root user → Security credentials → Assign MFA device. AWS lets the root user's MFA be
//! set only in the console, so this page is the only way to do it in the lab too.

use cloudlab_model::CallerIdentity;
use cloudlab_model::iam::mfa::{CreateVirtualMfaDeviceInput, EnableMfaDeviceInput};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::authenticator::Authenticator;
use crate::console::console_action::use_console_action;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// The root user's MFA assignment page of the console.
#[component]
pub fn RootMfa(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let (device_name, set_device_name) = signal(String::from("root-phone"));
    let (code1, set_code1) = signal(String::new());
    let (code2, set_code2) = signal(String::new());
    let serial = RwSignal::new(Option::<String>::None);
    let assigned = RwSignal::new(false);
    let action = use_console_action(chapter);

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CreateVirtualMfaDeviceInput {
            virtual_mfa_device_name: device_name.get_untracked().trim().to_string(),
            ..CreateVirtualMfaDeviceInput::default()
        };
        if let Some(out) = action.run(move |lab| {
            lab.cloud
                .as_caller(CallerIdentity::Root)
                .create_virtual_mfa_device(input)
        }) {
            serial.set(Some(out.virtual_mfa_device.serial_number));
        }
    };

    let enable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(serial_number) = serial.get_untracked() else {
            return;
        };
        let input = EnableMfaDeviceInput {
            user_name: None,
            serial_number,
            authentication_code1: code1.get_untracked().trim().to_string(),
            authentication_code2: code2.get_untracked().trim().to_string(),
        };
        if let Some(()) = action.run(move |lab| {
            lab.cloud
                .as_caller(CallerIdentity::Root)
                .enable_mfa_device(input)
        }) {
            assigned.set(true);
        }
    };

    view! {
        <section aria-labelledby="root-mfa-title" data-testid="root-mfa" class="space-y-3">
            <h3 id="root-mfa-title" class="text-lg font-semibold">
                {move || tr(lang(), "Root user: assign an MFA device", "루트 사용자: MFA 디바이스 할당")}
            </h3>
            <p class="text-sm text-slate-600 dark:text-slate-400">
                {move || tr(
                    lang(),
                    "Security credentials → Multi-factor authentication (MFA) → Assign MFA device. You are signed in to the console as the root user here.",
                    "보안 자격 증명 → 멀티 팩터 인증(MFA) → MFA 디바이스 할당. 여기서는 루트 사용자로 콘솔에 로그인한 상태입니다.",
                )}
            </p>
            <form class="flex flex-wrap items-end gap-2" on:submit=create>
                <label class="text-sm">
                    <span class="block font-medium">{move || tr(lang(), "1. Device name", "1. 디바이스 이름")}</span>
                    <input class=INPUT_CLASS name="mfa-device-name" prop:value=device_name on:input=move |ev| set_device_name.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class=PRIMARY_BUTTON disabled=move || serial.get().is_some() data-testid="create-root-mfa">
                    {move || tr(lang(), "Authenticator app: set up", "인증 관리자 앱: 설정")}
                </button>
            </form>
            <Show when=move || serial.get().is_some() && !assigned.get()>
                <form class="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end" on:submit=enable>
                    <label class="text-sm">
                        <span class="block font-medium">{move || tr(lang(), "2. MFA code 1", "2. MFA 코드 1")}</span>
                        <input class=INPUT_CLASS name="mfa-code-1" inputmode="numeric" autocomplete="one-time-code" prop:value=code1 on:input=move |ev| set_code1.set(event_target_value(&ev)) />
                    </label>
                    <label class="text-sm">
                        <span class="block font-medium">{move || tr(lang(), "3. MFA code 2 (the next one)", "3. MFA 코드 2 (다음 코드)")}</span>
                        <input class=INPUT_CLASS name="mfa-code-2" inputmode="numeric" autocomplete="one-time-code" prop:value=code2 on:input=move |ev| set_code2.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" class=PRIMARY_BUTTON data-testid="enable-root-mfa">{move || tr(lang(), "Add MFA", "MFA 추가")}</button>
                </form>
            </Show>
            <ActionStatus action />
            <Show when=move || assigned.get()>
                <p role="status" class="rounded-md border border-emerald-500 bg-emerald-50 px-3 py-2 text-sm dark:bg-emerald-950" data-testid="root-mfa-assigned">
                    {move || tr(lang(), "MFA device assigned to the root user.", "루트 사용자에게 MFA 디바이스를 할당했습니다.")}
                </p>
            </Show>
            <div class="border-t border-slate-200 pt-3 dark:border-slate-700">
                <Authenticator chapter />
            </div>
        </section>
    }
}
