//! Asks before an import or a restore replaces the learner's progress, saying what would
//! change, and keeps the current progress as a backup when it goes ahead.

use cloudlab_course::{ImportChange, Lang, Session};
use leptos::html;
use leptos::prelude::*;

use crate::i18n::{tr, tr_string};
use crate::state::{Notice, NoticeAction, use_app};
use crate::storage;

/// The confirmation dialog, shown while an import waits.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let app = use_app();
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let lang = move || app.lang();

    // Open as a modal (focus moves in and stays; Escape cancels) whenever an import waits.
    Effect::new(move |_| {
        let waiting = app.pending_import.with(Option::is_some);
        if let Some(dialog) = dialog_ref.get() {
            if waiting && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !waiting && dialog.open() {
                dialog.close();
            }
        }
    });

    let cancel = move || app.pending_import.set(None);
    let confirm = move |_| {
        let Some(pending) = app.pending_import.get_untracked() else {
            return;
        };
        let current = app.session.with_untracked(Session::to_save);
        let backup = if current.chapter_numbers().is_empty() {
            None
        } else {
            storage::keep_backup(&current.to_compact_json()).ok()
        };
        app.conflicts.set(Default::default());
        app.session
            .update(|session| *session = session.restored(pending.save));
        app.pending_import.set(None);
        app.copies_changed.update(|n| *n += 1);
        let mut notice = match backup {
            Some(_) => Notice::new(
                "Progress imported. What you had before is kept as a backup in Saved copies.",
                "진행 상황을 가져왔습니다. 이전 진행 상황은 '보관된 사본'에 백업해 두었습니다.",
                false,
            ),
            None => Notice::new("Progress imported.", "진행 상황을 가져왔습니다.", false),
        };
        if let Some(key) = backup {
            notice.actions = vec![
                NoticeAction::DownloadCopy(key),
                NoticeAction::OpenSavedCopies,
            ];
        }
        app.notice.set(Some(notice));
    };

    let summary = move || {
        let lang = lang();
        app.pending_import.with(|pending| {
            pending.as_ref().map(|pending| {
                let changes = pending.changes.clone();
                let going_back = changes.iter().filter(|c| c.goes_back()).count();
                view! {
                    <p class="mt-2 text-sm">
                        {tr_string(
                            lang,
                            format!("From {}.", pending.source),
                            format!("가져올 파일: {}.", pending.source),
                        )}
                    </p>
                    {(going_back > 0).then(|| view! {
                        <p class="mt-2 rounded border-l-4 border-rose-500 bg-rose-50 p-2 text-sm text-rose-950 dark:bg-rose-950 dark:text-rose-50" data-testid="import-goes-back">
                            {tr_string(
                                lang,
                                if going_back == 1 {
                                    "1 chapter would go back: you would lose checkpoints you reached here.".to_string()
                                } else {
                                    format!("{going_back} chapters would go back: you would lose checkpoints you reached here.")
                                },
                                format!("챕터 {going_back}개가 뒤로 돌아갑니다. 여기서 통과한 체크포인트를 잃게 됩니다."),
                            )}
                        </p>
                    })}
                    {if changes.is_empty() {
                        view! {
                            <p class="mt-2 text-sm">{tr(lang, "It holds the same work as you have now.", "지금과 같은 작업이 들어 있습니다.")}</p>
                        }
                        .into_any()
                    } else {
                        view! {
                            <ul class="mt-2 space-y-1 text-sm" data-testid="import-changes">
                                {changes.into_iter().map(|change| change_line(lang, change)).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                    <p class="mt-3 text-sm text-slate-700 dark:text-slate-300">
                        {tr(
                            lang,
                            "What you have now is kept as a backup in this browser: you can restore it from Saved copies.",
                            "지금의 진행 상황은 이 브라우저에 백업해 두므로 '보관된 사본'에서 복원할 수 있습니다.",
                        )}
                    </p>
                }
            })
        })
    };

    view! {
        <dialog
            node_ref=dialog_ref
            class="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
            aria-labelledby="import-title"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                cancel();
            }
            data-testid="import-dialog"
        >
            <h2 id="import-title" class="text-lg font-bold">
                {move || tr(lang(), "Replace your progress?", "진행 상황을 바꿀까요?")}
            </h2>
            {summary}
            <div class="mt-4 flex flex-wrap justify-end gap-2">
                <button
                    type="button"
                    class="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                    on:click=move |_| cancel()
                    data-testid="import-cancel"
                >
                    {move || tr(lang(), "Cancel", "취소")}
                </button>
                <button
                    type="button"
                    class="rounded bg-teal-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-teal-800"
                    on:click=confirm
                    data-testid="import-confirm"
                >
                    {move || tr(lang(), "Replace my progress", "진행 상황 바꾸기")}
                </button>
            </div>
        </dialog>
    }
}

/// "Chapter 4 (title): 7 of 9 checkpoints → 2 of 9; its lab is replaced".
fn change_line(lang: Lang, change: ImportChange) -> impl IntoView {
    let title = change.title.get(lang).to_string();
    let goes_back = change.goes_back();
    let (now, after, total, number) = (
        change.reached_now,
        change.reached_after,
        change.total,
        change.number,
    );
    let lab = if change.lab_replaced {
        tr(lang, "; its lab is replaced", "; 실습 환경이 바뀝니다")
    } else {
        ""
    };
    view! {
        <li class:font-semibold=goes_back class:text-rose-800=goes_back class:dark:text-rose-300=goes_back data-goes-back=goes_back.to_string()>
            {tr_string(
                lang,
                format!("Chapter {number} ({title}): {now} of {total} checkpoints → {after} of {total}{lab}"),
                format!("챕터 {number}({title}): 체크포인트 {total}개 중 {now}개 → {after}개{lab}"),
            )}
            {goes_back.then(|| tr(lang, " (goes back)", " (뒤로 돌아감)"))}
        </li>
    }
}
