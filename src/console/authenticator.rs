//! A simulated authenticator app (the learner's phone): six-digit RFC 6238 codes for
//! every virtual MFA device in the lab, computed by the model on the lab clock.

use std::time::Duration;

use cloudlab_model::iam::mfa::{totp_code, totp_seconds_left};
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
    let entries = move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    let now = lab.cloud.now();
                    let left = totp_seconds_left(now);
                    lab.cloud
                        .virtual_mfa_devices()
                        .iter()
                        .map(|d| {
                            (
                                d.serial_number.clone(),
                                totp_code(&d.seed_base32, now),
                                left,
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    let seconds_left = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| totp_seconds_left(lab.cloud.now())))
            .unwrap_or(30)
    };
    let next_code = move |_| {
        let wait = seconds_left();
        app.session
            .update(|s| s.advance_clock(chapter, Duration::from_secs(wait)));
    };

    view! {
        <section aria-labelledby="auth-title" data-testid="authenticator" class="max-w-md">
            <h3 id="auth-title" class="text-lg font-semibold">{move || tr(lang(), "Authenticator app (your phone)", "인증 앱 (내 휴대폰)")}</h3>
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
                    list.into_iter().map(|(serial, code, left)| view! {
                        <li class="rounded-lg border border-slate-200 p-3 dark:border-slate-700" data-mfa-device=serial.clone()>
                            <p class="truncate font-mono text-xs text-slate-600 dark:text-slate-400" title=serial.clone()>{serial.clone()}</p>
                            <p class="font-mono text-3xl tracking-widest" data-testid="mfa-code">{format!("{} {}", code.get(..3).unwrap_or_default(), code.get(3..).unwrap_or_default())}</p>
                            <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{left} s")}</p>
                        </li>
                    }).collect_view().into_any()
                }}
            </ul>
            <button type="button" class=format!("mt-3 {SECONDARY_BUTTON}") on:click=next_code data-testid="next-mfa-code">
                {move || tr(lang(), "Wait for the next code", "다음 코드까지 기다리기")}
            </button>
        </section>
    }
}
