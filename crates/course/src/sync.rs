//! Keeping several tabs of the course from overwriting each other, and saying what an
//! import would change before it does.
//!
//! Every tab remembers what it last read from or wrote to storage (its *base*), as one
//! fingerprint per chapter. When another tab writes, each chapter is merged on its own:
//! a chapter only the other tab changed is taken from it, a chapter only this tab changed
//! is kept, and a chapter both changed is a conflict the learner decides. Nothing is
//! overwritten without the learner knowing.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::labs::LabJson;
use crate::progress::ChapterProgress;
use crate::save::SaveFile;
use crate::session::Session;
use crate::text::Text;

/// Everything saved about one chapter: its progress and its lab (either may be absent).
#[derive(Clone, Debug, Default)]
pub struct ChapterState {
    /// Checkpoints, hints, quiz answers and the current step.
    pub progress: Option<ChapterProgress>,
    /// The chapter's lab, as saved.
    pub lab: Option<LabJson>,
}

impl ChapterState {
    /// A short number that changes whenever the chapter's work does. The current step
    /// is left out: looking at another step in another tab is not work to protect.
    pub fn fingerprint(&self) -> u64 {
        #[derive(Serialize)]
        struct Work<'a> {
            progress: Option<ChapterProgress>,
            lab: Option<&'a LabJson>,
        }
        let progress = self.progress.clone().map(|mut progress| {
            progress.current_step = None;
            progress
        });
        let json = serde_json::to_string(&Work {
            progress,
            lab: self.lab.as_ref(),
        })
        .unwrap_or_default();
        fnv1a(json.as_bytes())
    }
}

/// The fingerprint of every chapter a save holds, as a tab's base.
pub type Fingerprints = BTreeMap<u32, u64>;

impl SaveFile {
    /// What the save holds about chapter `number`.
    pub fn chapter_state(&self, number: u32) -> ChapterState {
        ChapterState {
            progress: self.progress.chapter(number).cloned(),
            lab: self.labs.get(&number).cloned(),
        }
    }

    /// Replaces what the save holds about chapter `number`.
    pub fn set_chapter_state(&mut self, number: u32, state: ChapterState) {
        match state.progress {
            Some(progress) => {
                self.progress.chapters.insert(number, progress);
            }
            None => {
                self.progress.chapters.remove(&number);
            }
        }
        match state.lab {
            Some(lab) => {
                self.labs.insert(number, lab);
            }
            None => {
                self.labs.remove(&number);
            }
        }
    }

    /// The chapters the save holds anything about.
    pub fn chapter_numbers(&self) -> BTreeSet<u32> {
        self.progress
            .chapters
            .keys()
            .chain(self.labs.keys())
            .copied()
            .collect()
    }

    /// One fingerprint per chapter the save holds (see [`ChapterState::fingerprint`]).
    pub fn fingerprints(&self) -> Fingerprints {
        self.chapter_numbers()
            .into_iter()
            .map(|number| (number, self.chapter_state(number).fingerprint()))
            .collect()
    }
}

/// What merging another tab's save did.
#[derive(Clone, Debug, Default)]
pub struct MergeReport {
    /// Chapters taken from the other tab (this tab had not changed them).
    pub taken: Vec<u32>,
    /// Chapters both tabs changed: the other tab's version of each, for the learner to
    /// choose. This tab keeps its own until then.
    pub conflicts: BTreeMap<u32, ChapterState>,
}

impl Session {
    /// What the session holds about chapter `number`.
    pub fn chapter_state(&self, number: u32) -> ChapterState {
        self.to_save().chapter_state(number)
    }

    /// Replaces chapter `number`'s progress and lab (taking another tab's version of
    /// it, or restoring one), then grades it again.
    pub fn set_chapter_state(&mut self, number: u32, state: ChapterState) {
        let mut save = self.to_save();
        save.set_chapter_state(number, state);
        *self = self.restored(save);
    }

    /// Merges a save another tab wrote, chapter by chapter, against `base` (what this
    /// tab last read or wrote). Preferences (language, theme) follow the other tab.
    pub fn merge_from_other_tab(&mut self, theirs: &SaveFile, base: &Fingerprints) -> MergeReport {
        let ours = self.to_save();
        let ours_prints = ours.fingerprints();
        let theirs_prints = theirs.fingerprints();
        let numbers: BTreeSet<u32> = ours_prints
            .keys()
            .chain(theirs_prints.keys())
            .copied()
            .collect();
        let mut merged = ours.clone();
        merged.lang = theirs.lang;
        merged.theme = theirs.theme;
        let mut report = MergeReport::default();
        for number in numbers {
            let mine = ours_prints.get(&number);
            let other = theirs_prints.get(&number);
            let before = base.get(&number);
            if mine == other {
                continue;
            }
            if mine == before {
                merged.set_chapter_state(number, theirs.chapter_state(number));
                report.taken.push(number);
            } else if other != before {
                report
                    .conflicts
                    .insert(number, theirs.chapter_state(number));
            }
        }
        *self = self.restored(merged);
        report
    }

    /// What importing `save` would change, chapter by chapter.
    pub fn import_preview(&self, save: &SaveFile) -> Vec<ImportChange> {
        let ours = self.to_save();
        let numbers: BTreeSet<u32> = ours
            .chapter_numbers()
            .union(&save.chapter_numbers())
            .copied()
            .collect();
        numbers
            .into_iter()
            .filter_map(|number| {
                let chapter = self.catalog().outline(number)?;
                let count = |state: &ChapterState| {
                    state
                        .progress
                        .as_ref()
                        .map_or(0, |progress| progress.reached_count(chapter))
                };
                let now = ours.chapter_state(number);
                let after = save.chapter_state(number);
                if now.fingerprint() == after.fingerprint() {
                    return None;
                }
                Some(ImportChange {
                    number,
                    title: chapter.title.clone(),
                    reached_now: count(&now),
                    reached_after: count(&after),
                    total: chapter.checkpoint_ids().count(),
                    lab_replaced: now.lab.is_some(),
                })
            })
            .collect()
    }
}

/// How one chapter would change on import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportChange {
    /// The chapter number.
    pub number: u32,
    /// The chapter's title.
    pub title: Text,
    /// Checkpoints reached now.
    pub reached_now: usize,
    /// Checkpoints reached after the import.
    pub reached_after: usize,
    /// Checkpoints in the chapter.
    pub total: usize,
    /// Whether the chapter's current lab would be replaced.
    pub lab_replaced: bool,
}

impl ImportChange {
    /// Whether the chapter would go back (fewer checkpoints reached).
    pub fn goes_back(&self) -> bool {
        self.reached_after < self.reached_now
    }
}

/// FNV-1a, 64 bits: small, stable across builds and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapter::Catalog;

    fn session() -> Session {
        Session::new(Catalog::load().unwrap())
    }

    /// Two tabs that started from the same save.
    fn two_tabs() -> (Session, Session, Fingerprints) {
        let mut first = session();
        first.open_chapter(0, None);
        first.open_chapter(4, None);
        let save = first.to_save();
        let base = save.fingerprints();
        let second = Session::from_save(first.catalog().clone(), save);
        (first, second, base)
    }

    #[test]
    fn a_chapter_only_the_other_tab_changed_is_taken() {
        let (mut a, mut b, base) = two_tabs();
        b.run_command(4, "aws ec2 create-key-pair --key-name web-key --query KeyMaterial --output text > web-key.pem");
        a.run_command(0, "aws sts get-caller-identity");
        let report = a.merge_from_other_tab(&b.to_save(), &base);
        assert_eq!(report.taken, [4]);
        assert!(report.conflicts.is_empty());
        assert_eq!(
            a.lab(4).unwrap().cloud.key_pairs().len(),
            1,
            "chapter 4 came from tab B"
        );
        assert!(
            a.screen(0).unwrap().len() == 1,
            "chapter 0 keeps tab A's own command"
        );
    }

    #[test]
    fn a_chapter_both_tabs_changed_is_a_conflict_and_ours_stays() {
        let (mut a, mut b, base) = two_tabs();
        b.run_command(
            4,
            "aws ec2 create-key-pair --key-name from-b --query KeyMaterial --output text > b.pem",
        );
        a.run_command(
            4,
            "aws ec2 create-key-pair --key-name from-a --query KeyMaterial --output text > a.pem",
        );
        let report = a.merge_from_other_tab(&b.to_save(), &base);
        assert!(report.taken.is_empty());
        let theirs = report
            .conflicts
            .get(&4)
            .expect("chapter 4 conflicts")
            .clone();
        let names = |s: &Session| -> Vec<String> {
            s.lab(4)
                .unwrap()
                .cloud
                .key_pairs()
                .iter()
                .map(|k| k.key_name.clone())
                .collect()
        };
        assert_eq!(names(&a), ["from-a"]);
        a.set_chapter_state(4, theirs);
        assert_eq!(names(&a), ["from-b"]);
    }

    #[test]
    fn moving_between_steps_is_not_a_change() {
        let (mut a, mut b, base) = two_tabs();
        let steps: Vec<String> = a
            .catalog()
            .chapter(4)
            .unwrap()
            .steps
            .iter()
            .map(|s| s.id.clone())
            .collect();
        b.go_to_step(4, &steps[0]);
        a.run_command(4, "echo hi");
        let report = a.merge_from_other_tab(&b.to_save(), &base);
        assert!(report.conflicts.is_empty() && report.taken.is_empty());
    }

    #[test]
    fn the_import_preview_names_chapters_that_would_go_back() {
        let mut learner = session();
        learner.run_command(0, "aws sts get-caller-identity");
        let older = Session::new(learner.catalog().clone()).to_save();
        let changes = learner.import_preview(&older);
        let zero = changes
            .iter()
            .find(|c| c.number == 0)
            .expect("chapter 0 changes");
        assert!(zero.goes_back());
        assert_eq!(zero.reached_after, 0);
        assert!(zero.reached_now > 0 && zero.lab_replaced);
        assert!(learner.import_preview(&learner.to_save()).is_empty());
    }
}
