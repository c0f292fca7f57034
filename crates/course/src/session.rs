//! The controller the web app calls: the catalog, the learner's progress, one
//! lab per opened chapter, and the interface preferences. Every method that
//! changes a lab re-grades that chapter's checkpoints.

use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_terminal::{CommandOutput, Scrollback};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::chapter::{Catalog, Chapter, LessonError};
use crate::checks::CheckOutcome;
use crate::lab::{AuthenticatorCode, Lab};
use crate::labs::{Labs, ModelLabs, StoredLabs};
use crate::outline::ChapterOutline;
use crate::placeholders;
use crate::progress::{ChapterProgress, Progress};
use crate::save::{SaveError, SaveFile};
use crate::text::{Lang, Text};

/// The pseudo step id of a chapter's quiz page.
pub const QUIZ_STEP: &str = "quiz";

/// The colour theme the learner picked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemePreference {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// A checkpoint as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointStatus {
    /// The checkpoint's id.
    pub id: String,
    /// What it asks for.
    pub label: Text,
    /// Whether it passes now, and why.
    pub outcome: CheckOutcome,
    /// Whether it has passed at least once.
    pub reached: bool,
}

/// What the quiz says about a picked answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerFeedback {
    /// Whether the picked choice is the right one.
    pub correct: bool,
    /// The explanation for the picked choice.
    pub feedback: Text,
}

/// One line of the chapter list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChapterSummary {
    /// The chapter number.
    pub number: u32,
    /// The chapter's title.
    pub title: Text,
    /// The chapter's summary.
    pub summary: Text,
    /// About how long it takes, in minutes.
    pub minutes: u32,
    /// Checkpoints reached.
    pub done: usize,
    /// Checkpoints in the chapter.
    pub total: usize,
}

/// The course as one learner is taking it.
#[derive(Clone, Debug)]
pub struct Session {
    catalog: Catalog,
    progress: Progress,
    /// The chapters' labs: [`ModelLabs`] where labs run, [`StoredLabs`] until the
    /// lab's code has arrived (see [`Session::without_model`]).
    labs: Box<dyn Labs>,
    lang: Lang,
    theme: ThemePreference,
}

impl Session {
    /// A new learner: no progress, no labs, English, system theme.
    pub fn new(catalog: Catalog) -> Session {
        Session::with_labs(catalog, Box::new(ModelLabs::default()))
    }

    /// A new learner whose labs do not run yet: saved labs are kept as they are and
    /// checkpoints keep what was reached, until [`Session::attach_labs`] brings the
    /// labs' code. The web app starts so, and the simulated cloud arrives with the lab.
    pub fn without_model(catalog: Catalog) -> Session {
        Session::with_labs(catalog, Box::new(StoredLabs::default()))
    }

    fn with_labs(catalog: Catalog, labs: Box<dyn Labs>) -> Session {
        Session {
            catalog,
            progress: Progress::default(),
            labs,
            lang: Lang::default(),
            theme: ThemePreference::default(),
        }
    }

    /// A session restored from a save file. Progress and labs of chapters
    /// the catalog does not have are dropped, as are ids the lessons no
    /// longer have and labs that are damaged, so a save from an older course still
    /// loads.
    pub fn from_save(catalog: Catalog, save: SaveFile) -> Session {
        Session::new(catalog).restored(save)
    }

    /// [`Session::from_save`] for a session whose labs do not run yet.
    pub fn from_save_without_model(catalog: Catalog, save: SaveFile) -> Session {
        Session::without_model(catalog).restored(save)
    }

    /// `save` restored into a session like this one (same catalog, same kind of labs).
    pub fn restored(&self, save: SaveFile) -> Session {
        let catalog = self.catalog.clone();
        let mut progress = save.progress;
        progress
            .chapters
            .retain(|number, chapter_progress| match catalog.outline(*number) {
                Some(chapter) => {
                    prune_progress(chapter, chapter_progress);
                    true
                }
                None => false,
            });
        let mut labs = self.labs.empty();
        for (number, json) in &save.labs {
            if catalog.outline(*number).is_some() {
                // A damaged lab is dropped: the chapter starts a fresh one.
                let _ = labs.insert_json(*number, json);
            }
        }
        let mut session = Session {
            catalog,
            progress,
            labs,
            lang: save.lang,
            theme: save.theme,
        };
        for number in session.labs.numbers() {
            session.refresh(number);
        }
        session
    }

    /// Brings the labs' code: every saved lab moves into `labs` and every chapter is
    /// graded on it. A saved lab the code cannot read is dropped (the chapter starts a
    /// fresh one) and returned with the reason, so the caller can keep the save first.
    pub fn attach_labs(&mut self, labs: Box<dyn Labs>) -> Vec<(u32, String)> {
        let mut labs = labs;
        let mut dropped = Vec::new();
        for number in self.labs.numbers() {
            if let Some(json) = self.labs.to_json(number)
                && let Err(problem) = labs.insert_json(number, &json)
            {
                dropped.push((number, problem));
            }
        }
        self.labs = labs;
        for number in self.labs.numbers() {
            self.refresh(number);
        }
        dropped
    }

    /// Whether the labs run (their code has arrived).
    pub fn labs_live(&self) -> bool {
        self.labs.is_live()
    }

    /// Checks a saved lab as [`Session::attach_labs`] would (only its shape while the
    /// labs do not run).
    pub fn check_lab(&self, json: &RawValue) -> Result<(), String> {
        self.labs.empty().insert_json(0, json)
    }

    /// Reads a save file to import or restore: [`SaveFile::parse_with`] against this
    /// session's lessons, and every lab checked as this session would read it, so a
    /// lab that cannot be used is refused by chapter rather than dropped later.
    pub fn parse_save(&self, text: &str) -> Result<SaveFile, SaveError> {
        let save = SaveFile::parse_with(text, &self.catalog)?;
        for (number, json) in &save.labs {
            self.check_lab(json).map_err(|problem| {
                SaveError::Invalid(format!("the lab of chapter {number}: {problem}"))
            })?;
        }
        Ok(save)
    }

    /// Adds a chapter's text in `lang`, as read from its data file (see
    /// [`Catalog::add_chapter`]), and grades its lab if one was restored.
    pub fn add_chapter(&mut self, chapter: Chapter, lang: Lang) -> Result<(), LessonError> {
        let number = chapter.number;
        self.catalog.add_chapter(chapter, lang)?;
        self.refresh(number);
        Ok(())
    }

    /// Everything worth saving, ready for [`SaveFile::to_json`].
    pub fn to_save(&self) -> SaveFile {
        let mut save = SaveFile::new(self.lang, self.theme);
        save.progress = self.progress.clone();
        save.labs = self
            .labs
            .numbers()
            .into_iter()
            .filter_map(|number| Some((number, self.labs.to_json(number)?)))
            .collect();
        save
    }

    /// The course's chapters.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The learner's progress.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The progress of one chapter, if it was ever opened.
    pub fn chapter_progress(&self, number: u32) -> Option<&ChapterProgress> {
        self.progress.chapter(number)
    }

    /// The interface language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Changes the interface language.
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The colour theme.
    pub fn theme(&self) -> ThemePreference {
        self.theme
    }

    /// Changes the colour theme.
    pub fn set_theme(&mut self, theme: ThemePreference) {
        self.theme = theme;
    }

    /// Opens a chapter: builds its lab if it has none, and makes `step` the
    /// current step when it is one of the chapter's step ids or [`QUIZ_STEP`].
    /// Unknown chapters and steps are ignored.
    pub fn open_chapter(&mut self, number: u32, step: Option<&str>) {
        let Some(chapter) = self.catalog.outline(number) else {
            return;
        };
        if let Some(step) = step
            && (step == QUIZ_STEP || chapter.step(step).is_some())
        {
            self.progress.chapter_mut(number).current_step = Some(step.to_string());
        }
        self.ensure_lab(number);
        if let Some(step) = self.current_step(number) {
            self.mark_step_start(number, &step);
        }
    }

    /// Makes `step_id` the current step of a chapter; false if there is no such step.
    pub fn go_to_step(&mut self, number: u32, step_id: &str) -> bool {
        let Some(chapter) = self.catalog.outline(number) else {
            return false;
        };
        if step_id != QUIZ_STEP && chapter.step(step_id).is_none() {
            return false;
        }
        self.progress.chapter_mut(number).current_step = Some(step_id.to_string());
        self.mark_step_start(number, step_id);
        true
    }

    /// Keeps the lab as it is now as the start of `step_id`, the first time the
    /// learner reaches that step (the first step's start is the fresh lab).
    fn mark_step_start(&mut self, number: u32, step_id: &str) {
        if let Some(chapter) = self.catalog.chapter(number) {
            self.labs.mark_step_start(chapter, step_id);
        }
    }

    /// The steps the chapter's lab can be rewound to, in chapter order: the first
    /// step, and every later step the learner has reached since.
    pub fn rewind_targets(&self, number: u32) -> Vec<String> {
        match self.catalog.chapter(number) {
            Some(chapter) => self.labs.rewind_targets(chapter),
            None => Vec::new(),
        }
    }

    /// Puts the chapter's lab back as it was when the learner reached `step_id`:
    /// the account and the learner's machine return to that moment, the steps after
    /// it lose their rewind points, and checkpoints of this step and later ones are
    /// graded afresh (hints, quiz answers, the screen and the command history stay).
    /// AWS itself has no undo; this is the lab's. False when the step cannot be
    /// rewound to (see [`Session::rewind_targets`]).
    pub fn rewind_to(&mut self, number: u32, step_id: &str) -> bool {
        let Some(chapter) = self.catalog.chapter(number) else {
            return false;
        };
        let Some(index) = chapter.step_index(step_id) else {
            return false;
        };
        let forgotten: Vec<String> = chapter.steps[index..]
            .iter()
            .flat_map(|step| step.checkpoints.iter().map(|c| c.id.clone()))
            .collect();
        let title = &chapter.steps[index].title;
        let note = Text::new(
            format!(
                "── Lab rewound to the start of step {}: {}. (A real AWS account has no undo.) ──",
                index + 1,
                title.get(self.lang)
            ),
            format!(
                "── 실습 환경을 {}단계 '{}'의 시작으로 되돌렸습니다. (실제 AWS 계정에는 되돌리기가 없습니다.) ──",
                index + 1,
                title.get(self.lang)
            ),
        )
        .get(self.lang)
        .to_string();
        if !self.labs.rewind_to(chapter, step_id, &note) {
            return false;
        }
        let progress = self.progress.chapter_mut(number);
        progress.reached.retain(|id| !forgotten.contains(id));
        progress.current_step = Some(step_id.to_string());
        self.refresh(number);
        true
    }

    /// The current step id of a chapter (its first step by default; may be
    /// [`QUIZ_STEP`]); `None` for an unknown chapter.
    pub fn current_step(&self, number: u32) -> Option<String> {
        let chapter = self.catalog.outline(number)?;
        let saved = self
            .progress
            .chapter(number)
            .and_then(|progress| progress.current_step.clone())
            .filter(|step| step == QUIZ_STEP || chapter.step(step).is_some());
        saved.or_else(|| chapter.steps.first().map(|step| step.id.clone()))
    }

    /// Whether every checkpoint of the step has been reached (a step without
    /// checkpoints counts as done).
    pub fn step_done(&self, number: u32, step_id: &str) -> bool {
        let Some(step) = self
            .catalog
            .outline(number)
            .and_then(|chapter| chapter.step(step_id))
        else {
            return false;
        };
        let reached = self
            .progress
            .chapter(number)
            .map(|progress| &progress.reached);
        step.checkpoints
            .iter()
            .all(|checkpoint| reached.is_some_and(|reached| reached.contains(checkpoint)))
    }

    /// The chapter's lab, if it has been opened and labs run here.
    pub fn lab(&self, number: u32) -> Option<&Lab> {
        self.labs.as_any().downcast_ref::<ModelLabs>()?.lab(number)
    }

    /// What the chapter lab's authenticator app shows (empty for a chapter
    /// without a lab).
    pub fn authenticator_codes(&self, number: u32) -> Vec<AuthenticatorCode> {
        self.labs.authenticator_codes(number)
    }

    /// Runs a line in the chapter's terminal (opening the chapter if needed),
    /// then re-grades its checkpoints.
    pub fn run_command(&mut self, number: u32, line: &str) -> CommandOutput {
        let output = match self.ensure_lab(number) {
            true => self.labs.type_line(number, line),
            false => None,
        };
        let output = output.unwrap_or_else(|| {
            let message = if self.catalog.outline(number).is_none() {
                format!("cloudlab: there is no chapter {number}\n")
            } else {
                "cloudlab: the lab is still loading\n".to_string()
            };
            CommandOutput {
                stderr: message.clone(),
                shown: message,
                exit_code: 1,
                ..CommandOutput::default()
            }
        });
        self.refresh(number);
        output
    }

    /// Ctrl+C in the chapter's terminal while `line` is being typed: abandons it
    /// (or the question a command is waiting on) and shows it with `^C`.
    pub fn interrupt(&mut self, number: u32, line: &str) -> Option<CommandOutput> {
        if !self.ensure_lab(number) {
            return None;
        }
        let output = self.labs.interrupt(number, line)?;
        self.refresh(number);
        Some(output)
    }

    /// Ctrl+L: empties the chapter's terminal screen.
    pub fn clear_screen(&mut self, number: u32) {
        self.labs.clear_screen(number);
    }

    /// What the chapter's terminal screen shows, if its lab was opened.
    pub fn screen(&self, number: u32) -> Option<&Scrollback> {
        self.labs.screen(number)
    }

    /// Lets the console act on the chapter's lab, then re-grades its checkpoints.
    /// `None` for an unknown chapter.
    pub fn with_lab<R>(&mut self, number: u32, action: impl FnOnce(&mut Lab) -> R) -> Option<R> {
        if !self.ensure_lab(number) {
            return None;
        }
        let lab = self
            .labs
            .as_any_mut()
            .downcast_mut::<ModelLabs>()?
            .lab_mut(number)?;
        let result = action(lab);
        self.refresh(number);
        Some(result)
    }

    /// Lets the console act on the chapter's account, then re-grades its checkpoints.
    pub fn with_cloud<R>(
        &mut self,
        number: u32,
        action: impl FnOnce(&mut Cloud) -> R,
    ) -> Option<R> {
        self.with_lab(number, |lab| action(&mut lab.cloud))
    }

    /// Moves the chapter's lab clock forward, then re-grades its checkpoints.
    pub fn advance_clock(&mut self, number: u32, by: Duration) {
        if self.ensure_lab(number) {
            self.labs.advance_clock(number, by);
        }
        self.refresh(number);
    }

    /// Throws the chapter's lab away for a fresh one and clears the chapter's
    /// progress. Other chapters are untouched.
    pub fn reset_chapter(&mut self, number: u32) {
        if self.catalog.chapter(number).is_none() {
            return;
        }
        self.labs.remove(number);
        self.progress.chapters.remove(&number);
        self.ensure_lab(number);
    }

    /// The checkpoints of a step with their current outcome.
    pub fn checkpoints(&self, number: u32, step_id: &str) -> Vec<CheckpointStatus> {
        let Some(step) = self
            .catalog
            .chapter(number)
            .and_then(|chapter| chapter.step(step_id))
        else {
            return Vec::new();
        };
        let empty = ChapterProgress::default();
        let progress = self.progress.chapter(number).unwrap_or(&empty);
        step.checkpoints
            .iter()
            .map(|checkpoint| CheckpointStatus {
                id: checkpoint.id.clone(),
                label: checkpoint.label.clone(),
                outcome: match self.labs.grade(number, &checkpoint.check, progress) {
                    Some(outcome) => outcome,
                    None if !self.labs.is_live() => CheckOutcome::failed(Text::new(
                        "The lab is still loading.",
                        "실습 환경을 불러오는 중이에요.",
                    )),
                    None => CheckOutcome::failed(Text::new(
                        "The lab of this chapter has not been opened yet.",
                        "이 챕터의 실습 환경을 아직 열지 않았어요.",
                    )),
                },
                reached: progress.reached.contains(&checkpoint.id),
            })
            .collect()
    }

    /// How many hints the step has.
    pub fn hint_count(&self, number: u32, step_id: &str) -> usize {
        self.catalog
            .chapter(number)
            .and_then(|chapter| chapter.step(step_id))
            .map_or(0, |step| step.hints.len())
    }

    /// The hints of the step revealed so far, with ids from the lab filled in.
    pub fn revealed_hints(&self, number: u32, step_id: &str) -> Vec<Text> {
        let Some(step) = self
            .catalog
            .chapter(number)
            .and_then(|chapter| chapter.step(step_id))
        else {
            return Vec::new();
        };
        let shown = self
            .progress
            .chapter(number)
            .map_or(0, |progress| progress.hints_shown(step_id));
        step.hints
            .iter()
            .take(usize::try_from(shown).unwrap_or(usize::MAX))
            .map(|hint| self.fill_hint(number, hint))
            .collect()
    }

    /// Reveals the step's next hint and returns it; `None` when every hint is
    /// already showing or the step does not exist.
    pub fn reveal_next_hint(&mut self, number: u32, step_id: &str) -> Option<Text> {
        let step = self.catalog.chapter(number)?.step(step_id)?;
        let progress = self.progress.chapter_mut(number);
        let shown = progress.hints_shown(step_id);
        let hint = step.hints.get(usize::try_from(shown).ok()?)?.clone();
        progress
            .hints_revealed
            .insert(step_id.to_string(), shown + 1);
        self.refresh(number);
        Some(self.fill_hint(number, &hint))
    }

    /// Records an answer to a quiz question and returns its feedback; `None`
    /// for an unknown question or a choice out of range.
    pub fn answer(
        &mut self,
        number: u32,
        question_id: &str,
        choice: usize,
    ) -> Option<AnswerFeedback> {
        let question = self.catalog.chapter(number)?.question(question_id)?;
        let picked = question.choices.get(choice)?;
        let feedback = AnswerFeedback {
            correct: picked.correct,
            feedback: picked.feedback.clone(),
        };
        self.progress
            .chapter_mut(number)
            .quiz_answers
            .insert(question_id.to_string(), choice);
        Some(feedback)
    }

    /// The choice last picked for a question.
    pub fn quiz_answer(&self, number: u32, question_id: &str) -> Option<usize> {
        self.progress
            .chapter(number)?
            .quiz_answers
            .get(question_id)
            .copied()
    }

    /// How many questions of the chapter's quiz are answered correctly.
    pub fn quiz_score(&self, number: u32) -> usize {
        match (self.catalog.outline(number), self.progress.chapter(number)) {
            (Some(chapter), Some(progress)) => progress.quiz_score(chapter),
            _ => 0,
        }
    }

    /// Every chapter with its checkpoints reached and total, for the chapter list.
    pub fn chapter_summaries(&self) -> Vec<ChapterSummary> {
        self.catalog
            .outlines()
            .iter()
            .map(|chapter| ChapterSummary {
                number: chapter.number,
                title: chapter.title.clone(),
                summary: chapter.summary.clone(),
                minutes: chapter.minutes,
                done: self
                    .progress
                    .chapter(chapter.number)
                    .map_or(0, |progress| progress.reached_count(chapter)),
                total: chapter.checkpoint_ids().count(),
            })
            .collect()
    }

    /// Alias of [`Session::chapter_summaries`].
    pub fn chapter_summary(&self) -> Vec<ChapterSummary> {
        self.chapter_summaries()
    }

    /// Builds the chapter's lab if missing; false for a chapter whose text has not
    /// loaded or while the labs do not run.
    fn ensure_lab(&mut self, number: u32) -> bool {
        let Some(chapter) = self.catalog.chapter(number) else {
            return false;
        };
        self.progress.chapter_mut(number);
        self.labs.ensure(chapter)
    }

    /// Re-grades every checkpoint of a chapter and records those that pass.
    fn refresh(&mut self, number: u32) {
        let Some(outline) = self.catalog.outline(number) else {
            return;
        };
        let passed = match self.catalog.chapter(number) {
            Some(chapter) => {
                let progress = self.progress.chapter_mut(number);
                self.labs.passing(chapter, progress)
            }
            None => None,
        };
        let Some(passed) = passed else {
            return;
        };
        let progress = self.progress.chapter_mut(number);
        progress.reached.extend(passed);
        progress.update_completed(outline);
    }

    /// A hint with the lab's ids filled in (or shown as `<instance-id>` and the like).
    fn fill_hint(&self, number: u32, hint: &Text) -> Text {
        Text {
            en: self
                .labs
                .fill(number, &hint.en)
                .unwrap_or_else(|| placeholders::without_lab(&hint.en)),
            ko: self
                .labs
                .fill(number, &hint.ko)
                .unwrap_or_else(|| placeholders::without_lab(&hint.ko)),
        }
    }
}

/// Drops ids that `chapter` no longer has, and hint counts beyond its hints.
fn prune_progress(chapter: &ChapterOutline, progress: &mut ChapterProgress) {
    if let Some(step) = &progress.current_step
        && step != QUIZ_STEP
        && chapter.step(step).is_none()
    {
        progress.current_step = None;
    }
    progress.reached.retain(|id| chapter.has_checkpoint(id));
    progress
        .hints_revealed
        .retain(|step_id, count| match chapter.step(step_id) {
            Some(step) => {
                *count = (*count).min(u32::try_from(step.hints).unwrap_or(u32::MAX));
                true
            }
            None => false,
        });
    progress.quiz_answers.retain(|question_id, choice| {
        chapter
            .question(question_id)
            .is_some_and(|question| *choice < question.choices)
    });
    progress.update_completed(chapter);
}
