//! What the learner has done: checkpoints reached, hints shown, quiz answers
//! and the current step, per chapter.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::outline::ChapterOutline;

/// The learner's progress through the whole course.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Progress per chapter number; chapters never opened are absent.
    #[serde(default)]
    pub chapters: BTreeMap<u32, ChapterProgress>,
}

/// The learner's progress through one chapter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterProgress {
    /// The id of the step the learner is on; `None` means the first step.
    #[serde(default)]
    pub current_step: Option<String>,
    /// Checkpoints that have passed at least once.
    #[serde(default)]
    pub reached: BTreeSet<String>,
    /// How many hints were revealed, per step id.
    #[serde(default)]
    pub hints_revealed: BTreeMap<String, u32>,
    /// The choice picked last, per question id.
    #[serde(default)]
    pub quiz_answers: BTreeMap<String, usize>,
    /// Every checkpoint of the chapter has been reached.
    #[serde(default)]
    pub completed: bool,
}

impl Progress {
    /// The progress of a chapter, if it was ever opened.
    pub fn chapter(&self, number: u32) -> Option<&ChapterProgress> {
        self.chapters.get(&number)
    }

    /// The progress of a chapter, created empty on first use.
    pub fn chapter_mut(&mut self, number: u32) -> &mut ChapterProgress {
        self.chapters.entry(number).or_default()
    }
}

impl ChapterProgress {
    /// How many hints of this step are showing.
    pub fn hints_shown(&self, step_id: &str) -> u32 {
        self.hints_revealed.get(step_id).copied().unwrap_or(0)
    }

    /// Whether any hint of the chapter was revealed.
    pub fn used_any_hint(&self) -> bool {
        self.hints_revealed.values().any(|count| *count > 0)
    }

    /// The index of the current step in `chapter` (0 when unset or unknown).
    pub fn current_step_index(&self, chapter: &ChapterOutline) -> usize {
        self.current_step
            .as_deref()
            .and_then(|step_id| chapter.step_index(step_id))
            .unwrap_or(0)
    }

    /// How many quiz questions of `chapter` are answered correctly.
    pub fn quiz_score(&self, chapter: &ChapterOutline) -> usize {
        chapter
            .quiz
            .iter()
            .filter(|question| self.quiz_answers.get(&question.id) == Some(&question.correct))
            .count()
    }

    /// How many checkpoints of `chapter` have been reached.
    pub fn reached_count(&self, chapter: &ChapterOutline) -> usize {
        chapter
            .checkpoint_ids()
            .filter(|id| self.reached.contains(*id))
            .count()
    }

    /// Recomputes `completed` from `reached`.
    pub fn update_completed(&mut self, chapter: &ChapterOutline) {
        self.completed = self.reached_count(chapter) == chapter.checkpoint_ids().count();
    }
}

#[cfg(all(test, feature = "embedded-lessons"))]
mod tests {
    use super::*;
    use crate::chapter::Catalog;

    #[test]
    fn a_fresh_chapter_has_nothing_done() {
        let catalog = Catalog::load().unwrap();
        let chapter = catalog.outline(4).unwrap();
        let progress = ChapterProgress::default();
        assert_eq!(progress.current_step_index(chapter), 0);
        assert_eq!(progress.quiz_score(chapter), 0);
        assert_eq!(progress.reached_count(chapter), 0);
        assert!(!progress.used_any_hint());
    }

    #[test]
    fn quiz_score_counts_only_correct_answers_in_range() {
        let catalog = Catalog::load().unwrap();
        let chapter = catalog.chapter(4).unwrap();
        let mut progress = ChapterProgress::default();
        for question in &chapter.quiz {
            let right = question.choices.iter().position(|c| c.correct).unwrap();
            progress.quiz_answers.insert(question.id.clone(), right);
        }
        let outline = chapter.outline();
        assert_eq!(progress.quiz_score(&outline), chapter.quiz.len());
        let first = &chapter.quiz[0];
        let wrong = first.choices.iter().position(|c| !c.correct).unwrap();
        progress.quiz_answers.insert(first.id.clone(), wrong);
        progress
            .quiz_answers
            .insert(chapter.quiz[1].id.clone(), 999);
        assert_eq!(progress.quiz_score(&outline), chapter.quiz.len() - 2);
    }

    #[test]
    fn completed_follows_reached() {
        let catalog = Catalog::load().unwrap();
        let chapter = catalog.outline(0).unwrap();
        let mut progress = ChapterProgress::default();
        progress.update_completed(chapter);
        assert!(!progress.completed);
        for id in chapter.checkpoint_ids() {
            progress.reached.insert(id.to_string());
        }
        progress.update_completed(chapter);
        assert!(progress.completed);
    }
}
