//! The copies of saves kept in this browser: saves refused at start-up and the backups
//! taken before an import or a restore. Each can be downloaded, restored or deleted.

use cloudlab_course::Lang;
use leptos::prelude::*;

use crate::components::notice_banner::copy_file_name;
use crate::download::download_text;
use crate::i18n::{tr, tr_string};
use crate::state::{PendingImport, use_app};
use crate::storage::{self, COPIES_KEPT, CopyKind, KeptCopy};

/// The saved-copies page (`#/saves`).
#[component]
pub fn SavedCopiesPage() -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let copies = move || {
        app.copies_changed.track();
        storage::kept_copies()
    };

    view! {
        <div class="mx-auto max-w-3xl px-4 py-8">
            <h1 class="text-2xl font-bold tracking-tight">{move || tr(lang(), "Saved copies", "보관된 사본")}</h1>
            <p class="mt-2 text-slate-700 dark:text-slate-300">
                {move || tr_string(
                    lang(),
                    format!("CloudLab keeps a copy of a save it could not open, and a backup of your progress before an import or a restore replaces it: the last {COPIES_KEPT} of each, in this browser only."),
                    format!("CloudLab은 열지 못한 저장본의 사본과, 가져오기나 복원으로 진행 상황을 바꾸기 전의 백업을 이 브라우저에만 종류별로 최근 {COPIES_KEPT}개씩 보관합니다."),
                )}
            </p>
            {move || {
                let list = copies();
                if list.is_empty() {
                    view! {
                        <p class="mt-6 rounded-md border border-slate-200 p-4 dark:border-slate-800" data-testid="no-copies">
                            {tr(lang(), "There are no kept copies.", "보관된 사본이 없습니다.")}
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <ul class="mt-6 space-y-3" data-testid="kept-copies">
                            {list.into_iter().map(|copy| view! { <CopyRow copy /> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
            <p class="mt-6">
                <a class="text-teal-800 underline dark:text-teal-300" href="#/">
                    {move || tr(lang(), "Back to the chapters", "목차로 돌아가기")}
                </a>
            </p>
        </div>
    }
}

/// One kept copy: when and why it was kept, what it holds, and its buttons.
#[component]
fn CopyRow(
    /// The copy.
    copy: KeptCopy,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let parsed = app.session.with_untracked(|s| s.parse_save(&copy.text));
    let when = String::from(
        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(copy.kept_at_ms as f64))
            .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED),
    );
    let kind = copy.kind;
    let size_kb = copy.text.len().div_ceil(1024);
    let what = {
        let parsed = parsed.clone();
        move || {
            let lang = lang();
            match &parsed {
                Ok(save) => {
                    let chapters = save.chapter_numbers().len();
                    let reached: usize = save
                        .progress
                        .chapters
                        .values()
                        .map(|p| p.reached.len())
                        .sum();
                    let chapters_en = if chapters == 1 {
                        "1 chapter".to_string()
                    } else {
                        format!("{chapters} chapters")
                    };
                    let reached_en = if reached == 1 {
                        "1 checkpoint".to_string()
                    } else {
                        format!("{reached} checkpoints")
                    };
                    tr_string(
                        lang,
                        format!("{chapters_en} opened, {reached_en} reached · {size_kb} KB"),
                        format!(
                            "챕터 {chapters}개 열람, 체크포인트 {reached}개 통과 · {size_kb} KB"
                        ),
                    )
                }
                Err(err) => format!("{} · {size_kb} KB", err.message(lang)),
            }
        }
    };
    let restorable = parsed.is_ok();
    let download = {
        let copy = copy.clone();
        move |_| {
            download_text(&copy_file_name(&copy), "application/json", &copy.text);
        }
    };
    let restore = {
        let key = copy.key.clone();
        let when = when.clone();
        move |_| {
            let Ok(save) = parsed.clone() else {
                return;
            };
            let changes = app.session.with_untracked(|s| s.import_preview(&save));
            app.pending_import.set(Some(PendingImport {
                save,
                changes,
                source: when.clone(),
                kept_key: Some(key.clone()),
            }));
        }
    };
    let delete = {
        let key = copy.key.clone();
        move |_| {
            let message = tr(
                app.lang(),
                "Delete this copy? It cannot be brought back.",
                "이 사본을 지울까요? 되돌릴 수 없습니다.",
            );
            if window().confirm_with_message(message).unwrap_or(false) {
                storage::remove_copy(&key);
                app.copies_changed.update(|n| *n += 1);
            }
        }
    };
    let button = "rounded border border-slate-300 px-3 py-1 text-sm font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";

    view! {
        <li class="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-key=copy.key.clone()>
            <p class="font-medium">
                {move || match (kind, lang()) {
                    (CopyKind::Refused, Lang::En) => "Could not be opened at start-up",
                    (CopyKind::Refused, Lang::Ko) => "시작할 때 열지 못한 저장본",
                    (CopyKind::Backup, Lang::En) => "Backup before an import or a restore",
                    (CopyKind::Backup, Lang::Ko) => "가져오기·복원 전 백업",
                }}
                <span class="font-normal text-slate-600 dark:text-slate-400">{format!(" · {when}")}</span>
            </p>
            <p class="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="copy-summary">{what}</p>
            <div class="mt-3 flex flex-wrap gap-2">
                <button type="button" class=button on:click=download data-testid="copy-download">
                    {move || tr(lang(), "Download", "내려받기")}
                </button>
                <button type="button" class=button disabled=!restorable on:click=restore data-testid="copy-restore">
                    {move || tr(lang(), "Restore…", "복원…")}
                </button>
                <button type="button" class=button on:click=delete data-testid="copy-delete">
                    {move || tr(lang(), "Delete", "삭제")}
                </button>
            </div>
        </li>
    }
}
