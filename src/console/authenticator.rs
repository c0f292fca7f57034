//! A simulated authenticator app (the learner's phone): six-digit RFC 6238 codes for
//! every virtual MFA device in the lab, as the course session computes them on the lab
//! clock (with the model's `totp_code`).

use std::time::Duration;

use leptos::prelude::*;

use crate::console::SECONDARY_BUTTON;
use crate::i18n::tr;
use crate::state::use_app;

/// The authenticator page of the console.
#[component]
pub fn Authenticator(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let entries = move || app.session.with(|s| s.authenticator_codes(chapter));
    let next_code = move |_| {
        // Every code changes at the same 30-second boundary of lab time.
        let wait = entries().first().map_or(30, |c| c.seconds_left);
        app.session
            .update(|s| s.advance_clock(chapter, Duration::from_secs(u64::from(wait))));
    };

    view! {
        <section aria-labelledby="auth-title" data-testid="authenticator" class="max-w-md">
            <h3 id="auth-title" class="text-lg font-semibold">{move || tr(lang(), "Authenticator app (your phone)", "인증 관리자 앱 (내 휴대폰)")}</h3>
            <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {move || tr(
                    lang(),
                    "Each virtual MFA device you create appears here, as if you had scanned its QR code. Codes change every 30 seconds of lab time.",
                    "가상 MFA 디바이스를 만들면 QR 코드를 스캔한 것처럼 여기에 나타납니다. 코드는 실습 시간 30초마다 바뀝니다.",
                )}
            </p>
            <ul class="mt-3 space-y-2">
                {move || {
                    let list = entries();
                    if list.is_empty() {
                        return view! {
                            <li class="text-sm text-slate-600 dark:text-slate-400">{tr(lang(), "No MFA devices yet.", "아직 MFA 디바이스가 없습니다.")}</li>
                        }.into_any();
                    }
                    list.into_iter().map(|entry| {
                        let code = &entry.code;
                        let shown = format!("{} {}", code.get(..3).unwrap_or_default(), code.get(3..).unwrap_or_default());
                        view! {
                            <li class="rounded-lg border border-slate-200 p-3 dark:border-slate-700" data-mfa-device=entry.device.clone()>
                                <p class="truncate font-mono text-xs text-slate-600 dark:text-slate-400">{entry.device.clone()}</p>
                                <p class="font-mono text-3xl tracking-widest" data-testid="mfa-code">{shown}</p>
                                <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{} s", entry.seconds_left)}</p>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <button type="button" class=format!("mt-3 {SECONDARY_BUTTON}") on:click=next_code data-testid="next-mfa-code">
                {move || tr(lang(), "Wait for the next code", "다음 코드까지 기다리기")}
            </button>
        </section>
    }
}
