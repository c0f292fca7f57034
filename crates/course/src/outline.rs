//! What the app knows of every chapter before the chapter's own text has loaded: the
//! chapter list's lines (title, summary, minutes) and the ids and counts a saved
//! progress is checked against (steps, checkpoints, hints, quiz answers).
//!
//! `cargo xtask build` writes the outlines as `lessons/index.<hash>.json` and each
//! chapter, one language at a time, as `lessons/<file>.<lang>.<hash>.json`; the app
//! reads the index at start and a chapter's file when the learner opens it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::chapter::Chapter;
use crate::text::{Lang, Text};

/// Every chapter's outline, in order: the `lessons/index` data file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseIndex {
    /// The chapters, in order.
    pub chapters: Vec<ChapterOutline>,
}

/// One chapter as the chapter list and the save's checks need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterOutline {
    /// The chapter's number.
    pub number: u32,
    /// Its short name.
    pub slug: String,
    /// Its title, in both languages.
    pub title: Text,
    /// Its summary, in both languages.
    pub summary: Text,
    /// About how long it takes, in minutes.
    pub minutes: u32,
    /// Its steps, in order.
    pub steps: Vec<StepOutline>,
    /// Its quiz questions, in order.
    #[serde(default)]
    pub quiz: Vec<QuestionOutline>,
    /// The data file of the chapter in each language, relative to the page
    /// (`lessons/04-launch-ec2.en.<hash>.json`).
    #[serde(default)]
    pub files: BTreeMap<Lang, String>,
}

/// A step's ids and counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepOutline {
    /// The step's id.
    pub id: String,
    /// Its checkpoints' ids, in order.
    pub checkpoints: Vec<String>,
    /// How many hints it has.
    pub hints: usize,
}

/// A quiz question's id and answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionOutline {
    /// The question's id.
    pub id: String,
    /// How many choices it offers.
    pub choices: usize,
    /// The position of the right one.
    pub correct: usize,
}

impl Chapter {
    /// The chapter's outline (with no data files named).
    pub fn outline(&self) -> ChapterOutline {
        ChapterOutline {
            number: self.number,
            slug: self.slug.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            minutes: self.minutes,
            steps: self
                .steps
                .iter()
                .map(|step| StepOutline {
                    id: step.id.clone(),
                    checkpoints: step.checkpoints.iter().map(|c| c.id.clone()).collect(),
                    hints: step.hints.len(),
                })
                .collect(),
            quiz: self
                .quiz
                .iter()
                .map(|question| QuestionOutline {
                    id: question.id.clone(),
                    choices: question.choices.len(),
                    correct: question
                        .choices
                        .iter()
                        .position(|choice| choice.correct)
                        .unwrap_or(usize::MAX),
                })
                .collect(),
            files: BTreeMap::new(),
        }
    }

    /// The chapter as the app needs it in one language: the other language's text is
    /// left out, and so are the reference solution and the wrong attempts (tests only).
    pub fn for_language(&self, lang: Lang) -> Chapter {
        let mut chapter = self.clone();
        chapter.solution.clear();
        chapter.wrong_attempts.clear();
        chapter.for_each_text_mut(|text| match lang {
            Lang::En => text.ko.clear(),
            Lang::Ko => text.en.clear(),
        });
        chapter
    }

    /// Adds `lang`'s text from `other`, the same chapter loaded in that language.
    /// Refused (false, nothing changed) if `other` is not shaped like this chapter.
    pub fn merge_language(&mut self, other: &Chapter, lang: Lang) -> bool {
        if self.number != other.number || !self.outline().same_shape(&other.outline()) {
            return false;
        }
        let theirs: Vec<String> = other
            .texts()
            .into_iter()
            .map(|(_, text)| text.get(lang).to_string())
            .collect();
        let mut theirs = theirs.into_iter();
        self.for_each_text_mut(|text| {
            if let Some(value) = theirs.next() {
                match lang {
                    Lang::En => text.en = value,
                    Lang::Ko => text.ko = value,
                }
            }
        });
        true
    }

    /// Calls `f` on every text of the chapter, in the order of [`Chapter::texts`].
    fn for_each_text_mut(&mut self, mut f: impl FnMut(&mut Text)) {
        f(&mut self.title);
        f(&mut self.summary);
        for step in &mut self.steps {
            f(&mut step.title);
            f(&mut step.reading);
            f(&mut step.task);
            for checkpoint in &mut step.checkpoints {
                f(&mut checkpoint.label);
            }
            for hint in &mut step.hints {
                f(hint);
            }
        }
        for question in &mut self.quiz {
            f(&mut question.prompt);
            for choice in &mut question.choices {
                f(&mut choice.text);
                f(&mut choice.feedback);
            }
        }
    }
}

impl ChapterOutline {
    /// Whether two outlines have the same number, slug, ids and counts (texts and
    /// file names aside).
    pub fn same_shape(&self, other: &ChapterOutline) -> bool {
        self.number == other.number
            && self.slug == other.slug
            && self.steps == other.steps
            && self.quiz == other.quiz
    }

    /// The step with this id.
    pub fn step(&self, step_id: &str) -> Option<&StepOutline> {
        self.steps.iter().find(|step| step.id == step_id)
    }

    /// The position of the step with this id.
    pub fn step_index(&self, step_id: &str) -> Option<usize> {
        self.steps.iter().position(|step| step.id == step_id)
    }

    /// Every checkpoint id, in order.
    pub fn checkpoint_ids(&self) -> impl Iterator<Item = &str> {
        self.steps
            .iter()
            .flat_map(|step| step.checkpoints.iter().map(String::as_str))
    }

    /// Whether the chapter has this checkpoint.
    pub fn has_checkpoint(&self, checkpoint_id: &str) -> bool {
        self.checkpoint_ids().any(|id| id == checkpoint_id)
    }

    /// The quiz question with this id.
    pub fn question(&self, question_id: &str) -> Option<&QuestionOutline> {
        self.quiz.iter().find(|question| question.id == question_id)
    }
}

#[cfg(all(test, feature = "embedded-lessons"))]
mod tests {
    use super::*;
    use crate::chapter::Catalog;

    #[test]
    fn one_language_each_merges_back_into_the_whole_chapter() {
        let catalog = Catalog::load().unwrap();
        for chapter in catalog.chapters() {
            let english = chapter.for_language(Lang::En);
            let korean = chapter.for_language(Lang::Ko);
            assert!(english.texts().iter().all(|(_, text)| text.ko.is_empty()));
            assert!(korean.texts().iter().all(|(_, text)| text.en.is_empty()));
            assert!(english.solution.is_empty() && english.wrong_attempts.is_empty());
            let mut merged = korean.clone();
            assert!(merged.merge_language(&english, Lang::En));
            assert_eq!(
                merged,
                chapter.for_language(Lang::En).with_all_text(chapter)
            );
        }
    }

    #[test]
    fn a_chapter_of_another_shape_is_not_merged() {
        let catalog = Catalog::load().unwrap();
        let mut four = catalog.chapter(4).unwrap().for_language(Lang::Ko);
        let mut other = four.clone();
        other.steps.pop();
        let before = four.clone();
        assert!(!four.merge_language(&other, Lang::En));
        assert_eq!(four, before);
        let five = catalog.chapter(5).unwrap().for_language(Lang::En);
        assert!(!four.merge_language(&five, Lang::En));
    }

    #[test]
    fn the_outline_counts_what_the_chapter_has() {
        let catalog = Catalog::load().unwrap();
        let chapter = catalog.chapter(4).unwrap();
        let outline = chapter.outline();
        assert_eq!(outline.steps.len(), chapter.steps.len());
        assert_eq!(
            outline.checkpoint_ids().count(),
            chapter.checkpoints().count()
        );
        for question in &chapter.quiz {
            let shape = outline.question(&question.id).unwrap();
            assert!(question.choices[shape.correct].correct);
        }
    }

    impl Chapter {
        /// This chapter with the text of `whole` in both languages.
        fn with_all_text(mut self, whole: &Chapter) -> Chapter {
            self.merge_language(whole, Lang::Ko);
            self.merge_language(whole, Lang::En);
            self
        }
    }
}
