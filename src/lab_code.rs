//! The lab's code: the simulated cloud, the learner's machine and the console and
//! terminal that act on them. A release build splits it into its own wasm chunk (the
//! `split` feature, set by `cargo xtask build`), fetched when a chapter opens, so the
//! chapter list and a chapter's reading show without it. Other builds (tests, `--dev`)
//! link it in and [`load`] returns at once.

use cloudlab_course::{Labs, ModelLabs};
use leptos::prelude::*;

use crate::components::lab_pane::LabPane;
use crate::state::{AppContext, Notice, NoticeAction};
use crate::storage;

/// What the lab's code gives the rest of the app: function pointers, so nothing in the
/// main module calls into the chunk before it has loaded.
#[derive(Debug)]
pub struct LabCode {
    /// Labs that run (the simulated cloud), for [`cloudlab_course::Session::attach_labs`].
    pub new_labs: fn() -> Box<dyn Labs>,
    /// The lab side of a chapter page.
    pub lab_pane: fn(u32) -> AnyView,
}

static LAB_CODE: LabCode = LabCode { new_labs, lab_pane };

fn new_labs() -> Box<dyn Labs> {
    Box::new(ModelLabs::default())
}

fn lab_pane(chapter: u32) -> AnyView {
    view! { <LabPane chapter /> }.into_any()
}

/// The lab's chunk could not be fetched (offline, or the site changed under the page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabLoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for LabLoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> LabLoadFailed {
        LabLoadFailed
    }
}

/// The lab's code, fetching its chunk first in a split build. A failure is not kept:
/// calling again tries again.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(lab, fallible)]
pub fn load() -> Result<&'static LabCode, LabLoadFailed> {
    Ok(&LAB_CODE)
}

/// The lab's code (linked in: nothing to fetch).
#[cfg(not(feature = "split"))]
pub async fn load() -> Result<&'static LabCode, LabLoadFailed> {
    Ok(&LAB_CODE)
}

/// Starts fetching the lab's code unless it is here or on its way; once it arrives the
/// session's saved labs come alive and the lab pane shows. A failure sets
/// `AppContext::lab_failed`, whose retry calls this again.
pub fn request(app: AppContext) {
    if app.lab_code.get_untracked().is_some() || app.lab_loading.get_value() {
        return;
    }
    app.lab_loading.set_value(true);
    app.lab_failed.set(false);
    leptos::task::spawn_local(async move {
        let result = load().await;
        app.lab_loading.set_value(false);
        match result {
            Ok(code) => {
                let before = app.session.with_untracked(|session| session.to_save());
                let mut dropped = Vec::new();
                app.session
                    .update(|session| dropped = session.attach_labs((code.new_labs)()));
                if !dropped.is_empty() {
                    keep_save_with_unreadable_labs(app, &before, &dropped);
                }
                app.lab_code.set(Some(code));
            }
            Err(LabLoadFailed) => app.lab_failed.set(true),
        }
    });
}

/// A saved lab the lab's code could not read starts afresh; the save as it was is kept
/// first (Saved copies), and a notice says which chapter and why.
fn keep_save_with_unreadable_labs(
    app: AppContext,
    before: &cloudlab_course::SaveFile,
    dropped: &[(u32, String)],
) {
    let kept = storage::keep_copy(&before.to_compact_json()).ok();
    if kept.is_some() {
        app.copies_changed.update(|n| *n += 1);
    }
    let chapters = dropped
        .iter()
        .map(|(number, _)| number.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let reasons = dropped
        .iter()
        .map(|(number, problem)| format!("{number}: {problem}"))
        .collect::<Vec<_>>()
        .join("; ");
    let (kept_en, kept_ko) = if kept.is_some() {
        (
            "The save as it was is kept in Saved copies.",
            "이전 저장 내용은 '보관된 사본'에 보관했습니다.",
        )
    } else {
        (
            "The browser would not keep a copy of the save as it was; export your progress now if you want one.",
            "브라우저가 이전 저장 내용의 사본 보관을 허용하지 않았어요. 필요하면 지금 진행 상황을 내보내세요.",
        )
    };
    let mut notice = Notice::new(
        format!(
            "The saved lab of chapter {chapters} could not be read ({reasons}), so it starts afresh. Your progress is kept. {kept_en}"
        ),
        format!(
            "챕터 {chapters}의 저장된 실습 환경을 읽지 못해({reasons}) 새로 시작합니다. 진행 상황은 그대로예요. {kept_ko}"
        ),
        true,
    );
    if let Some(key) = kept {
        notice.actions = vec![
            NoticeAction::DownloadCopy(key),
            NoticeAction::OpenSavedCopies,
        ];
    }
    app.notice.set(Some(notice));
}
