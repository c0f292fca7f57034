//! The controller the web app calls: the catalog, the learner's progress, one
//! lab per opened chapter, and the interface preferences. Every method that
//! changes a lab re-grades that chapter's checkpoints.

use std::collections::BTreeMap;
use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_terminal::{CommandOutput, Scrollback};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::chapter::{Catalog, Chapter, LessonError};
use crate::checks::{CheckOutcome, evaluate};
use crate::json_patch;
use crate::lab::{AuthenticatorCode, Lab, RewindPatch, RewindPoint};
use crate::outline::ChapterOutline;
use crate::placeholders;
use crate::progress::{ChapterProgress, Progress};
use crate::save::SaveFile;
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
    labs: BTreeMap<u32, Lab>,
    lang: Lang,
    theme: ThemePreference,
    /// Each chapter's fresh lab as JSON, the base of its rewind points (rebuilt from the
    /// chapter's seed and setup when first needed; never saved).
    fresh_labs: BTreeMap<u32, Value>,
}

impl Session {
    /// A new learner: no progress, no labs, English, system theme.
    pub fn new(catalog: Catalog) -> Session {
        Session {
            catalog,
            progress: Progress::default(),
            labs: BTreeMap::new(),
            lang: Lang::default(),
            theme: ThemePreference::default(),
            fresh_labs: BTreeMap::new(),
        }
    }

    /// A session restored from a save file. Progress and labs of chapters
    /// the catalog does not have are dropped, as are ids the lessons no
    /// longer have, so a save from an older course still loads.
    pub fn from_save(catalog: Catalog, save: SaveFile) -> Session {
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
        let mut labs = save.labs;
        labs.retain(|number, lab| catalog.outline(*number).is_some() && lab.validate().is_ok());
        let mut session = Session {
            catalog,
            progress,
            labs,
            lang: save.lang,
            theme: save.theme,
            fresh_labs: BTreeMap::new(),
        };
        let numbers: Vec<u32> = session.labs.keys().copied().collect();
        for number in numbers {
            session.refresh(number);
        }
        session
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
        save.labs = self.labs.clone();
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
        let Some(chapter) = self.catalog.chapter(number) else {
            return;
        };
        if chapter.step_index(step_id).is_none_or(|index| index == 0) {
            return;
        }
        if self
            .labs
            .get(&number)
            .is_none_or(|lab| lab.rewind_points.contains_key(step_id))
        {
            return;
        }
        // The patch is made against the nearest earlier step that has a point, so it
        // holds only what changed since; bases are always earlier steps, so rewinding
        // (which drops later steps' points) never drops a point another one needs.
        let base = self.labs.get(&number).and_then(|lab| {
            chapter.steps[..chapter.step_index(step_id).unwrap_or(0)]
                .iter()
                .rev()
                .find(|step| lab.rewind_points.contains_key(&step.id))
                .map(|step| step.id.clone())
        });
        let Some(base_json) = self.point_json(number, base.as_deref()) else {
            return;
        };
        if let Some(lab) = self.labs.get_mut(&number) {
            let patch = json_patch::diff(&base_json, &lab.rewind_point().to_value());
            lab.rewind_points
                .insert(step_id.to_string(), RewindPatch { base, patch });
        }
    }

    /// The lab at the start of `step` (`None`: the fresh lab) as JSON, applying the
    /// chain of patches that leads to it; `None` when a patch is missing or damaged.
    fn point_json(&mut self, number: u32, step: Option<&str>) -> Option<Value> {
        let mut chain = Vec::new();
        let mut next = step.map(str::to_string);
        while let Some(step) = next {
            let point = self.labs.get(&number)?.rewind_points.get(&step)?.clone();
            // A base is always an earlier step; a longer chain means a damaged save.
            if chain.len() > self.catalog.chapter(number)?.steps.len() {
                return None;
            }
            next = point.base.clone();
            chain.push(point.patch);
        }
        let mut value = self.fresh_lab(number).clone();
        for patch in chain.iter().rev() {
            value = json_patch::apply(&value, patch).ok()?;
        }
        Some(value)
    }

    /// The chapter's fresh lab as JSON (see [`RewindPoint::to_value`]), built once.
    fn fresh_lab(&mut self, number: u32) -> &Value {
        let catalog = &self.catalog;
        self.fresh_labs.entry(number).or_insert_with(|| {
            catalog
                .chapter(number)
                .map(|chapter| {
                    Lab::for_chapter(chapter)
                        .unwrap_or_else(|_| Lab::without_setup(chapter))
                        .rewind_point()
                        .to_value()
                })
                .unwrap_or(Value::Null)
        })
    }

    /// The steps the chapter's lab can be rewound to, in chapter order: the first
    /// step, and every later step the learner has reached since.
    pub fn rewind_targets(&self, number: u32) -> Vec<String> {
        let Some(chapter) = self.catalog.chapter(number) else {
            return Vec::new();
        };
        let points = self.labs.get(&number).map(|lab| &lab.rewind_points);
        chapter
            .steps
            .iter()
            .enumerate()
            .filter(|(index, step)| {
                *index == 0 || points.is_some_and(|points| points.contains_key(&step.id))
            })
            .map(|(_, step)| step.id.clone())
            .collect()
    }

    /// Puts the chapter's lab back as it was when the learner reached `step_id`:
    /// the account and the learner's machine return to that moment, the steps after
    /// it lose their rewind points, and checkpoints of this step and later ones are
    /// graded afresh (hints, quiz answers, the screen and the command history stay).
    /// AWS itself has no undo; this is the lab's. False when the step cannot be
    /// rewound to (see [`Session::rewind_targets`]).
    pub fn rewind_to(&mut self, number: u32, step_id: &str) -> bool {
        let Some(chapter) = self.catalog.chapter(number).cloned() else {
            return false;
        };
        let Some(index) = chapter.step_index(step_id) else {
            return false;
        };
        let point = if index == 0 {
            match Lab::for_chapter(&chapter) {
                Ok(fresh) => fresh.rewind_point(),
                Err(_) => Lab::without_setup(&chapter).rewind_point(),
            }
        } else {
            let point = self
                .point_json(number, Some(step_id))
                .and_then(|value| serde_json::from_value::<RewindPoint>(value).ok());
            match point {
                Some(point) => point,
                None => return false,
            }
        };
        let later: Vec<&str> = chapter.steps[index + 1..]
            .iter()
            .map(|step| step.id.as_str())
            .collect();
        let forgotten: Vec<&str> = chapter.steps[index..]
            .iter()
            .flat_map(|step| step.checkpoints.iter().map(|c| c.id.as_str()))
            .collect();
        let title = &chapter.steps[index].title;
        let note = Text::new(
            format!(
                "── Lab rewound to the start of step {}: {}. (A real AWS account has no undo.) ──",
                index + 1,
                title.en
            ),
            format!(
                "── 실습 환경을 {}단계 '{}'의 시작으로 되돌렸습니다. (실제 AWS 계정에는 되돌리기가 없습니다.) ──",
                index + 1,
                title.ko
            ),
        )
        .get(self.lang)
        .to_string();
        let Some(lab) = self.ensure_lab(number) else {
            return false;
        };
        lab.restore(point);
        lab.rewind_points
            .retain(|id, _| !later.contains(&id.as_str()));
        lab.screen.note(&note);
        let progress = self.progress.chapter_mut(number);
        progress
            .reached
            .retain(|id| !forgotten.contains(&id.as_str()));
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

    /// The chapter's lab, if it has been opened.
    pub fn lab(&self, number: u32) -> Option<&Lab> {
        self.labs.get(&number)
    }

    /// What the chapter lab's authenticator app shows (empty for a chapter
    /// without a lab).
    pub fn authenticator_codes(&self, number: u32) -> Vec<AuthenticatorCode> {
        self.labs
            .get(&number)
            .map(Lab::authenticator_codes)
            .unwrap_or_default()
    }

    /// Runs a line in the chapter's terminal (opening the chapter if needed),
    /// then re-grades its checkpoints.
    pub fn run_command(&mut self, number: u32, line: &str) -> CommandOutput {
        let output = match self.ensure_lab(number) {
            Some(lab) => lab.type_line(line),
            None => {
                let message = format!("cloudlab: there is no chapter {number}\n");
                CommandOutput {
                    stderr: message.clone(),
                    shown: message,
                    exit_code: 1,
                    ..CommandOutput::default()
                }
            }
        };
        self.refresh(number);
        output
    }

    /// Ctrl+C in the chapter's terminal while `line` is being typed: abandons it
    /// (or the question a command is waiting on) and shows it with `^C`.
    pub fn interrupt(&mut self, number: u32, line: &str) -> Option<CommandOutput> {
        let output = self.ensure_lab(number)?.interrupt(line);
        self.refresh(number);
        Some(output)
    }

    /// Ctrl+L: empties the chapter's terminal screen.
    pub fn clear_screen(&mut self, number: u32) {
        if let Some(lab) = self.labs.get_mut(&number) {
            lab.screen.clear();
        }
    }

    /// What the chapter's terminal screen shows, if its lab was opened.
    pub fn screen(&self, number: u32) -> Option<&Scrollback> {
        self.labs.get(&number).map(|lab| &lab.screen)
    }

    /// Lets the console act on the chapter's lab, then re-grades its checkpoints.
    /// `None` for an unknown chapter.
    pub fn with_lab<R>(&mut self, number: u32, action: impl FnOnce(&mut Lab) -> R) -> Option<R> {
        let result = action(self.ensure_lab(number)?);
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
        if let Some(lab) = self.ensure_lab(number) {
            lab.cloud.advance(by);
        }
        self.refresh(number);
    }

    /// Throws the chapter's lab away for a fresh one and clears the chapter's
    /// progress. Other chapters are untouched.
    pub fn reset_chapter(&mut self, number: u32) {
        if self.catalog.chapter(number).is_none() {
            return;
        }
        self.labs.remove(&number);
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
                outcome: match self.labs.get(&number) {
                    Some(lab) => evaluate(&checkpoint.check, lab, progress),
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

    /// The chapter's lab, built if missing. `None` for an unknown chapter.
    fn ensure_lab(&mut self, number: u32) -> Option<&mut Lab> {
        let chapter = self.catalog.chapter(number)?;
        self.progress.chapter_mut(number);
        Some(self.labs.entry(number).or_insert_with(|| {
            Lab::for_chapter(chapter).unwrap_or_else(|_| Lab::without_setup(chapter))
        }))
    }

    /// Re-grades every checkpoint of a chapter and records those that pass.
    fn refresh(&mut self, number: u32) {
        let (Some(chapter), Some(outline), Some(lab)) = (
            self.catalog.chapter(number),
            self.catalog.outline(number),
            self.labs.get(&number),
        ) else {
            return;
        };
        let progress = self.progress.chapter_mut(number);
        let passed: Vec<String> = chapter
            .checkpoints()
            .filter(|(_, checkpoint)| evaluate(&checkpoint.check, lab, progress).passed)
            .map(|(_, checkpoint)| checkpoint.id.clone())
            .collect();
        progress.reached.extend(passed);
        progress.update_completed(outline);
    }

    /// A hint with the lab's ids filled in (or shown as `<instance-id>` and the like).
    fn fill_hint(&self, number: u32, hint: &Text) -> Text {
        match self.labs.get(&number) {
            Some(lab) => hint.map(|text| placeholders::fill_for_display(text, lab)),
            None => hint.clone(),
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
