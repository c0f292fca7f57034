//! The versioned save file: what export writes and import reads, and what the
//! app keeps in `localStorage`. Parsing refuses, with a message for the UI,
//! anything that is not JSON, not a CloudLab save, written by a newer
//! version, or inconsistent with the lessons; it never panics.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::chapter::Catalog;
use crate::lab::Lab;
use crate::labs::{LabJson, ModelLabs};
use crate::progress::Progress;
use crate::session::ThemePreference;
use crate::text::Lang;

/// The schema version this build writes.
pub const CURRENT_SCHEMA: u32 = 1;

/// The value of the `app` field of every CloudLab save file.
pub const APP_NAME: &str = "cloudlab";

/// Everything the learner would lose by clearing the browser.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveFile {
    /// The schema version ([`CURRENT_SCHEMA`] when written by this build).
    pub schema: u32,
    /// Always [`APP_NAME`].
    pub app: String,
    /// When the file was written, as the app's clock reported it (ISO 8601).
    #[serde(default)]
    pub saved_at: Option<String>,
    /// The interface language.
    #[serde(default)]
    pub lang: Lang,
    /// The colour theme.
    #[serde(default)]
    pub theme: ThemePreference,
    /// Checkpoints, hints, quiz answers and current steps.
    #[serde(default)]
    pub progress: Progress,
    /// The lab of every chapter the learner opened, as JSON (a [`crate::lab::Lab`]):
    /// kept as text until the code that runs labs reads it, so showing the course
    /// needs none of it. [`SaveFile::lab`] reads one.
    #[serde(default)]
    pub labs: BTreeMap<u32, LabJson>,
}

/// Why a save file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The text is not JSON; the parser's message.
    NotJson(String),
    /// The JSON is not a CloudLab save file.
    NotCloudLab,
    /// The file was written by a newer CloudLab.
    TooNew {
        /// The file's schema.
        found: u64,
        /// The newest schema this build reads.
        supported: u32,
    },
    /// The file is a CloudLab save but something in it is wrong.
    Invalid(String),
}

impl SaveError {
    /// A sentence for the UI's banner.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SaveError::NotJson(detail), Lang::En) => {
                format!("This file is not a CloudLab save: it is not valid JSON ({detail}).")
            }
            (SaveError::NotJson(detail), Lang::Ko) => {
                format!("CloudLab 저장 파일이 아니에요. 올바른 JSON이 아니에요({detail}).")
            }
            (SaveError::NotCloudLab, Lang::En) => {
                "This JSON file was not written by CloudLab, so it was not loaded.".to_string()
            }
            (SaveError::NotCloudLab, Lang::Ko) => {
                "CloudLab이 만든 JSON 파일이 아니라서 불러오지 않았어요.".to_string()
            }
            (SaveError::TooNew { found, supported }, Lang::En) => format!(
                "This save file was written by a newer version of CloudLab (format {found}; this version reads up to {supported}). Reload the page to get the latest version, then try again."
            ),
            (SaveError::TooNew { found, supported }, Lang::Ko) => format!(
                "더 새로운 버전의 CloudLab이 만든 저장 파일이에요(형식 {found}, 이 버전은 {supported}까지 읽을 수 있어요). 페이지를 새로 고쳐 최신 버전을 받은 뒤 다시 시도하세요."
            ),
            (SaveError::Invalid(detail), Lang::En) => {
                format!("This CloudLab save file is damaged and was not loaded: {detail}.")
            }
            (SaveError::Invalid(detail), Lang::Ko) => {
                format!("CloudLab 저장 파일이 손상되어 불러오지 않았어요: {detail}.")
            }
        }
    }
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SaveError {}

impl SaveFile {
    /// An empty save of the current schema.
    pub fn new(lang: Lang, theme: ThemePreference) -> SaveFile {
        SaveFile {
            schema: CURRENT_SCHEMA,
            app: APP_NAME.to_string(),
            saved_at: None,
            lang,
            theme,
            progress: Progress::default(),
            labs: BTreeMap::new(),
        }
    }

    /// The file as pretty-printed JSON (what export downloads).
    pub fn to_json(&self) -> String {
        // Serializing these plain data types cannot fail; fall back to an
        // empty object rather than panic if it ever did.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// The file as compact JSON (what the browser's storage keeps: about half the size).
    pub fn to_compact_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// Reads and checks a save file against the embedded lessons, its labs included
    /// (see [`SaveFile::check_labs`]).
    #[cfg(feature = "embedded-lessons")]
    pub fn parse(text: &str) -> Result<SaveFile, SaveError> {
        let catalog = Catalog::load()
            .map_err(|error| SaveError::Invalid(format!("the lessons do not load: {error}")))?;
        let save = SaveFile::parse_with(text, &catalog)?;
        save.check_labs().map_err(SaveError::Invalid)?;
        Ok(save)
    }

    /// Reads every lab as the simulated cloud does, refusing a damaged one.
    pub fn check_labs(&self) -> Result<(), String> {
        for (number, json) in &self.labs {
            ModelLabs::parse(json.get())
                .map_err(|problem| format!("the lab of chapter {number}: {problem}"))?;
        }
        Ok(())
    }

    /// Chapter `number`'s lab, read (`None` if it has none or it is damaged).
    pub fn lab(&self, number: u32) -> Option<Lab> {
        ModelLabs::parse(self.labs.get(&number)?.get()).ok()
    }

    /// Replaces chapter `number`'s lab.
    pub fn set_lab(&mut self, number: u32, lab: &Lab) {
        if let Some(json) = serde_json::to_string(lab)
            .ok()
            .and_then(|json| serde_json::value::RawValue::from_string(json).ok())
        {
            self.labs.insert(number, json);
        }
    }

    /// Reads and checks a save file against `catalog`.
    pub fn parse_with(text: &str, catalog: &Catalog) -> Result<SaveFile, SaveError> {
        let value: Value =
            serde_json::from_str(text).map_err(|error| SaveError::NotJson(error.to_string()))?;
        let Value::Object(object) = &value else {
            return Err(SaveError::NotCloudLab);
        };
        if object.get("app").and_then(Value::as_str) != Some(APP_NAME) {
            return Err(SaveError::NotCloudLab);
        }
        let schema = object
            .get("schema")
            .and_then(Value::as_u64)
            .ok_or_else(|| {
                SaveError::Invalid("the schema version is missing or not a whole number".into())
            })?;
        if schema > u64::from(CURRENT_SCHEMA) {
            return Err(SaveError::TooNew {
                found: schema,
                supported: CURRENT_SCHEMA,
            });
        }
        let value = migrate(value, schema)?;
        check_shape(&value)?;
        // Labs stay JSON text, which serde_json reads only from text.
        let save: SaveFile = serde_json::from_str(&value.to_string())
            .map_err(|error| SaveError::Invalid(error.to_string()))?;
        save.validate(catalog).map_err(SaveError::Invalid)?;
        Ok(save)
    }

    /// Checks every field against the lessons: chapter numbers, step ids,
    /// checkpoint ids, hint counts and quiz answers must all exist.
    pub fn validate(&self, catalog: &Catalog) -> Result<(), String> {
        if self.schema != CURRENT_SCHEMA {
            return Err(format!("schema {} is not {CURRENT_SCHEMA}", self.schema));
        }
        if self.app != APP_NAME {
            return Err(format!("app is {:?}, not {APP_NAME:?}", self.app));
        }
        for (number, progress) in &self.progress.chapters {
            let chapter = catalog
                .outline(*number)
                .ok_or_else(|| format!("progress names chapter {number}, which does not exist"))?;
            if let Some(step) = &progress.current_step
                && step != crate::session::QUIZ_STEP
                && chapter.step(step).is_none()
            {
                return Err(format!("chapter {number} has no step {step:?}"));
            }
            for checkpoint in &progress.reached {
                if !chapter.has_checkpoint(checkpoint) {
                    return Err(format!("chapter {number} has no checkpoint {checkpoint:?}"));
                }
            }
            for (step_id, count) in &progress.hints_revealed {
                let step = chapter
                    .step(step_id)
                    .ok_or_else(|| format!("chapter {number} has no step {step_id:?}"))?;
                if usize::try_from(*count).map_or(true, |count| count > step.hints) {
                    return Err(format!(
                        "chapter {number}, step {step_id:?}: {count} hints revealed but it has {}",
                        step.hints
                    ));
                }
            }
            for (question_id, choice) in &progress.quiz_answers {
                let question = chapter
                    .question(question_id)
                    .ok_or_else(|| format!("chapter {number} has no question {question_id:?}"))?;
                if *choice >= question.choices {
                    return Err(format!(
                        "chapter {number}, question {question_id:?}: answer {choice} but it has {} choices",
                        question.choices
                    ));
                }
            }
        }
        // The labs themselves are read when a lab runs (see `SaveFile::check_labs`).
        for number in self.labs.keys() {
            catalog.outline(*number).ok_or_else(|| {
                format!("a lab is saved for chapter {number}, which does not exist")
            })?;
        }
        Ok(())
    }
}

/// Serde accepts a JSON array for a struct (as a tuple of its fields); a
/// save file never writes one, so an array where an object belongs is damage.
fn check_shape(value: &Value) -> Result<(), SaveError> {
    let must_be_object = |value: Option<&Value>, what: &str| match value {
        None | Some(Value::Object(_)) => Ok(()),
        Some(_) => Err(SaveError::Invalid(format!("{what} is not an object"))),
    };
    must_be_object(value.get("progress"), "progress")?;
    must_be_object(value.get("labs"), "labs")?;
    let chapters = value
        .get("progress")
        .and_then(|progress| progress.get("chapters"));
    must_be_object(chapters, "progress.chapters")?;
    if let Some(Value::Object(chapters)) = chapters {
        for (number, chapter) in chapters {
            must_be_object(Some(chapter), &format!("the progress of chapter {number}"))?;
        }
    }
    if let Some(Value::Object(labs)) = value.get("labs") {
        for (number, lab) in labs {
            must_be_object(Some(lab), &format!("the lab of chapter {number}"))?;
        }
    }
    Ok(())
}

/// Brings a save of an older schema up to [`CURRENT_SCHEMA`], one version at
/// a time. Schema 1 is the first, so today this only refuses schema 0.
pub fn migrate(value: Value, schema: u64) -> Result<Value, SaveError> {
    match schema {
        0 => Err(SaveError::Invalid(
            "schema 0 was never written by CloudLab".into(),
        )),
        // Future: `1 => migrate(v1_to_v2(value), 2)`, and so on.
        _ => Ok(value),
    }
}
