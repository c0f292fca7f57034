//! The chapters' labs behind an object, so that code which only shows the course never
//! reaches the simulated cloud: a [`Session`](crate::Session) holds a `Box<dyn Labs>`.
//! [`ModelLabs`] runs real labs (the model and the learner's machine); [`StoredLabs`]
//! only keeps saved labs as JSON text, for a web page that shows the reading before the
//! lab's code has arrived. [`Session::attach_labs`](crate::Session::attach_labs) swaps
//! one for the other without losing a lab.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use cloudlab_terminal::{CommandOutput, Scrollback};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::chapter::Chapter;
use crate::checks::{CheckOutcome, evaluate};
use crate::json_patch;
use crate::lab::{AuthenticatorCode, Lab, RewindPatch, RewindPoint};
use crate::placeholders;
use crate::progress::ChapterProgress;

/// A saved lab as JSON text (what a save file holds under `labs`).
pub type LabJson = Box<RawValue>;

/// What a session needs from its chapters' labs.
pub trait Labs: fmt::Debug + Send + Sync {
    /// A copy.
    fn clone_box(&self) -> Box<dyn Labs>;
    /// A backend of the same kind, with no labs.
    fn empty(&self) -> Box<dyn Labs>;
    /// For code that knows the concrete backend (the console reads [`ModelLabs`]).
    fn as_any(&self) -> &dyn Any;
    /// For code that knows the concrete backend.
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// Whether labs run here (false: they are only kept until the lab code arrives).
    fn is_live(&self) -> bool;
    /// The chapters that have a lab.
    fn numbers(&self) -> Vec<u32>;
    /// Whether chapter `number` has a lab.
    fn contains(&self, number: u32) -> bool;
    /// Forgets chapter `number`'s lab.
    fn remove(&mut self, number: u32);
    /// Chapter `number`'s lab as JSON, for saving.
    fn to_json(&self, number: u32) -> Option<LabJson>;
    /// Takes a saved lab, refusing one that is damaged.
    fn insert_json(&mut self, number: u32, json: &RawValue) -> Result<(), String>;
    /// Builds the chapter's lab if it has none; false if labs do not run here.
    fn ensure(&mut self, chapter: &Chapter) -> bool;
    /// The checkpoints of `chapter` that pass on its lab (`None`: no lab to grade).
    fn passing(&self, chapter: &Chapter, progress: &ChapterProgress) -> Option<Vec<String>>;
    /// One checkpoint's outcome on the lab of chapter `number`.
    fn grade(
        &self,
        number: u32,
        check: &crate::checks::Check,
        progress: &ChapterProgress,
    ) -> Option<CheckOutcome>;
    /// `text` with the lab's ids filled in (see [`placeholders::fill_for_display`]).
    fn fill(&self, number: u32, text: &str) -> Option<String>;
    /// Keeps the lab as it is now as the start of `step_id`, the first time.
    fn mark_step_start(&mut self, chapter: &Chapter, step_id: &str);
    /// The steps the lab can be rewound to.
    fn rewind_targets(&self, chapter: &Chapter) -> Vec<String>;
    /// Puts the lab back at the start of `step_id`, noting it on the screen.
    fn rewind_to(&mut self, chapter: &Chapter, step_id: &str, note: &str) -> bool;
    /// Runs a line typed at the chapter's terminal.
    fn type_line(&mut self, number: u32, line: &str) -> Option<CommandOutput>;
    /// Ctrl+C at the chapter's terminal.
    fn interrupt(&mut self, number: u32, line: &str) -> Option<CommandOutput>;
    /// Ctrl+L.
    fn clear_screen(&mut self, number: u32);
    /// Moves the chapter's lab clock forward.
    fn advance_clock(&mut self, number: u32, by: Duration);
    /// What the lab's authenticator app shows.
    fn authenticator_codes(&self, number: u32) -> Vec<AuthenticatorCode>;
    /// The chapter's terminal screen.
    fn screen(&self, number: u32) -> Option<&Scrollback>;
}

impl Clone for Box<dyn Labs> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// Saved labs kept as JSON text until the code that runs them arrives.
#[derive(Clone, Debug, Default)]
pub struct StoredLabs {
    labs: BTreeMap<u32, LabJson>,
}

impl Labs for StoredLabs {
    fn clone_box(&self) -> Box<dyn Labs> {
        Box::new(self.clone())
    }
    fn empty(&self) -> Box<dyn Labs> {
        Box::new(StoredLabs::default())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn is_live(&self) -> bool {
        false
    }
    fn numbers(&self) -> Vec<u32> {
        self.labs.keys().copied().collect()
    }
    fn contains(&self, number: u32) -> bool {
        self.labs.contains_key(&number)
    }
    fn remove(&mut self, number: u32) {
        self.labs.remove(&number);
    }
    fn to_json(&self, number: u32) -> Option<LabJson> {
        self.labs.get(&number).cloned()
    }
    fn insert_json(&mut self, number: u32, json: &RawValue) -> Result<(), String> {
        if !json.get().trim_start().starts_with('{') {
            return Err(format!("the lab of chapter {number} is not an object"));
        }
        self.labs.insert(number, json.to_owned());
        Ok(())
    }
    fn ensure(&mut self, _chapter: &Chapter) -> bool {
        false
    }
    fn passing(&self, _chapter: &Chapter, _progress: &ChapterProgress) -> Option<Vec<String>> {
        None
    }
    fn grade(
        &self,
        _number: u32,
        _check: &crate::checks::Check,
        _progress: &ChapterProgress,
    ) -> Option<CheckOutcome> {
        None
    }
    fn fill(&self, _number: u32, _text: &str) -> Option<String> {
        None
    }
    fn mark_step_start(&mut self, _chapter: &Chapter, _step_id: &str) {}
    fn rewind_targets(&self, _chapter: &Chapter) -> Vec<String> {
        Vec::new()
    }
    fn rewind_to(&mut self, _chapter: &Chapter, _step_id: &str, _note: &str) -> bool {
        false
    }
    fn type_line(&mut self, _number: u32, _line: &str) -> Option<CommandOutput> {
        None
    }
    fn interrupt(&mut self, _number: u32, _line: &str) -> Option<CommandOutput> {
        None
    }
    fn clear_screen(&mut self, _number: u32) {}
    fn advance_clock(&mut self, _number: u32, _by: Duration) {}
    fn authenticator_codes(&self, _number: u32) -> Vec<AuthenticatorCode> {
        Vec::new()
    }
    fn screen(&self, _number: u32) -> Option<&Scrollback> {
        None
    }
}

/// Labs that run: one [`Lab`] per opened chapter, and each chapter's fresh lab as
/// JSON, the base of its rewind points (rebuilt from the chapter's seed and setup when
/// first needed; never saved).
#[derive(Clone, Debug, Default)]
pub struct ModelLabs {
    labs: BTreeMap<u32, Lab>,
    fresh_labs: BTreeMap<u32, Value>,
}

impl ModelLabs {
    /// Chapter `number`'s lab.
    pub fn lab(&self, number: u32) -> Option<&Lab> {
        self.labs.get(&number)
    }

    /// Chapter `number`'s lab, to change.
    pub fn lab_mut(&mut self, number: u32) -> Option<&mut Lab> {
        self.labs.get_mut(&number)
    }

    /// Replaces chapter `number`'s lab.
    pub fn insert(&mut self, number: u32, lab: Lab) {
        self.labs.insert(number, lab);
    }

    /// Parses and checks a saved lab.
    pub fn parse(json: &str) -> Result<Lab, String> {
        let lab: Lab = serde_json::from_str(json).map_err(|error| error.to_string())?;
        lab.validate()?;
        Ok(lab)
    }

    /// The lab at the start of `step` (`None`: the fresh lab) as JSON, applying the
    /// chain of patches that leads to it; `None` when a patch is missing or damaged.
    fn point_json(&mut self, chapter: &Chapter, step: Option<&str>) -> Option<Value> {
        let number = chapter.number;
        let mut chain = Vec::new();
        let mut next = step.map(str::to_string);
        while let Some(step) = next {
            let point = self.labs.get(&number)?.rewind_points.get(&step)?.clone();
            // A base is always an earlier step; a longer chain means a damaged save.
            if chain.len() > chapter.steps.len() {
                return None;
            }
            next = point.base.clone();
            chain.push(point.patch);
        }
        let mut value = self.fresh_lab(chapter).clone();
        for patch in chain.iter().rev() {
            value = json_patch::apply(&value, patch).ok()?;
        }
        Some(value)
    }

    /// The chapter's fresh lab as JSON (see [`RewindPoint::to_value`]), built once.
    fn fresh_lab(&mut self, chapter: &Chapter) -> &Value {
        self.fresh_labs
            .entry(chapter.number)
            .or_insert_with(|| fresh_lab(chapter).rewind_point().to_value())
    }
}

/// A chapter's fresh lab (its setup lines run), or one without setup if they fail
/// (which the lesson tests rule out).
fn fresh_lab(chapter: &Chapter) -> Lab {
    Lab::for_chapter(chapter).unwrap_or_else(|_| Lab::without_setup(chapter))
}

impl Labs for ModelLabs {
    fn clone_box(&self) -> Box<dyn Labs> {
        Box::new(self.clone())
    }
    fn empty(&self) -> Box<dyn Labs> {
        Box::new(ModelLabs::default())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn is_live(&self) -> bool {
        true
    }
    fn numbers(&self) -> Vec<u32> {
        self.labs.keys().copied().collect()
    }
    fn contains(&self, number: u32) -> bool {
        self.labs.contains_key(&number)
    }
    fn remove(&mut self, number: u32) {
        self.labs.remove(&number);
    }
    fn to_json(&self, number: u32) -> Option<LabJson> {
        let lab = self.labs.get(&number)?;
        serde_json::to_string(lab)
            .ok()
            .and_then(|json| RawValue::from_string(json).ok())
    }
    fn insert_json(&mut self, number: u32, json: &RawValue) -> Result<(), String> {
        let lab = ModelLabs::parse(json.get())?;
        self.labs.insert(number, lab);
        Ok(())
    }
    fn ensure(&mut self, chapter: &Chapter) -> bool {
        self.labs
            .entry(chapter.number)
            .or_insert_with(|| fresh_lab(chapter));
        true
    }
    fn passing(&self, chapter: &Chapter, progress: &ChapterProgress) -> Option<Vec<String>> {
        let lab = self.labs.get(&chapter.number)?;
        Some(
            chapter
                .checkpoints()
                .filter(|(_, checkpoint)| evaluate(&checkpoint.check, lab, progress).passed)
                .map(|(_, checkpoint)| checkpoint.id.clone())
                .collect(),
        )
    }
    fn grade(
        &self,
        number: u32,
        check: &crate::checks::Check,
        progress: &ChapterProgress,
    ) -> Option<CheckOutcome> {
        Some(evaluate(check, self.labs.get(&number)?, progress))
    }
    fn fill(&self, number: u32, text: &str) -> Option<String> {
        Some(placeholders::fill_for_display(
            text,
            self.labs.get(&number)?,
        ))
    }
    fn mark_step_start(&mut self, chapter: &Chapter, step_id: &str) {
        let number = chapter.number;
        let Some(index) = chapter.step_index(step_id) else {
            return;
        };
        if index == 0
            || self
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
            chapter.steps[..index]
                .iter()
                .rev()
                .find(|step| lab.rewind_points.contains_key(&step.id))
                .map(|step| step.id.clone())
        });
        let Some(base_json) = self.point_json(chapter, base.as_deref()) else {
            return;
        };
        if let Some(lab) = self.labs.get_mut(&number) {
            let patch = json_patch::diff(&base_json, &lab.rewind_point().to_value());
            lab.rewind_points
                .insert(step_id.to_string(), RewindPatch { base, patch });
        }
    }
    fn rewind_targets(&self, chapter: &Chapter) -> Vec<String> {
        let points = self.labs.get(&chapter.number).map(|lab| &lab.rewind_points);
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
    fn rewind_to(&mut self, chapter: &Chapter, step_id: &str, note: &str) -> bool {
        let Some(index) = chapter.step_index(step_id) else {
            return false;
        };
        let point = if index == 0 {
            fresh_lab(chapter).rewind_point()
        } else {
            let point = self
                .point_json(chapter, Some(step_id))
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
        self.ensure(chapter);
        let Some(lab) = self.labs.get_mut(&chapter.number) else {
            return false;
        };
        lab.restore(point);
        lab.rewind_points
            .retain(|id, _| !later.contains(&id.as_str()));
        lab.screen.note(note);
        true
    }
    fn type_line(&mut self, number: u32, line: &str) -> Option<CommandOutput> {
        Some(self.labs.get_mut(&number)?.type_line(line))
    }
    fn interrupt(&mut self, number: u32, line: &str) -> Option<CommandOutput> {
        Some(self.labs.get_mut(&number)?.interrupt(line))
    }
    fn clear_screen(&mut self, number: u32) {
        if let Some(lab) = self.labs.get_mut(&number) {
            lab.screen.clear();
        }
    }
    fn advance_clock(&mut self, number: u32, by: Duration) {
        if let Some(lab) = self.labs.get_mut(&number) {
            lab.cloud.advance(by);
        }
    }
    fn authenticator_codes(&self, number: u32) -> Vec<AuthenticatorCode> {
        self.labs
            .get(&number)
            .map(Lab::authenticator_codes)
            .unwrap_or_default()
    }
    fn screen(&self, number: u32) -> Option<&Scrollback> {
        self.labs.get(&number).map(|lab| &lab.screen)
    }
}

#[cfg(all(test, feature = "embedded-lessons"))]
mod tests {
    use crate::chapter::Catalog;
    use crate::session::Session;

    #[test]
    fn a_session_without_the_model_keeps_labs_until_they_are_attached() {
        let mut played = Session::new(Catalog::load().unwrap());
        played.open_chapter(4, None);
        played.run_command(
            4,
            "aws ec2 create-key-pair --key-name web-key --key-type ed25519",
        );
        let save = played.to_save();

        let mut shown = Session::from_save_without_model(played.catalog().clone(), save.clone());
        assert!(!shown.labs_live());
        // The save round-trips untouched, and what was reached stays reached.
        assert_eq!(shown.to_save().to_compact_json(), save.to_compact_json());
        let statuses = shown.checkpoints(4, "key-pair");
        assert!(
            statuses
                .iter()
                .any(|c| c.reached && c.id == "key-pair-created")
        );
        assert!(
            statuses
                .iter()
                .all(|c| c.outcome.detail.en.contains("loading"))
        );
        let output = shown.run_command(4, "aws ec2 describe-key-pairs");
        assert_eq!(output.exit_code, 1);
        assert!(output.stderr.contains("still loading"), "{}", output.stderr);
        assert!(shown.lab(4).is_none());

        assert!(
            shown
                .attach_labs(Box::new(super::ModelLabs::default()))
                .is_empty()
        );
        assert!(shown.labs_live());
        assert!(shown.lab(4).is_some());
        let statuses = shown.checkpoints(4, "key-pair");
        assert!(
            statuses
                .iter()
                .any(|c| c.id == "key-pair-created" && c.outcome.passed)
        );
        let output = shown.run_command(
            4,
            "aws ec2 describe-key-pairs --query 'KeyPairs[].KeyName' --output text",
        );
        assert_eq!(output.stdout.trim(), "web-key");
    }

    #[test]
    fn a_damaged_lab_is_kept_as_text_then_dropped_when_the_model_reads_it() {
        let mut save = Session::new(Catalog::load().unwrap()).to_save();
        let damaged = serde_json::value::RawValue::from_string(r#"{"cloud":7}"#.into()).unwrap();
        save.labs.insert(4, damaged);
        let catalog = Catalog::load().unwrap();
        let mut shown = Session::from_save_without_model(catalog, save);
        assert!(
            shown.check_lab(&shown.to_save().labs[&4]).is_ok(),
            "only its shape is known"
        );
        let dropped = shown.attach_labs(Box::new(super::ModelLabs::default()));
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].0, 4);
        assert!(shown.lab(4).is_none());
        assert!(
            shown
                .check_lab(
                    &serde_json::value::RawValue::from_string(r#"{"cloud":7}"#.into()).unwrap()
                )
                .is_err()
        );
        // An import with such a lab is refused, naming the chapter.
        let mut file = shown.to_save();
        file.labs.insert(
            4,
            serde_json::value::RawValue::from_string(r#"{"cloud":7}"#.into()).unwrap(),
        );
        let error = shown.parse_save(&file.to_json()).unwrap_err();
        assert!(error.to_string().contains("chapter 4"), "{error}");
    }
}
