//! The save as the browser's storage keeps it: one record for the progress and the
//! preferences, and one record per chapter lab, so a change to one chapter's lab writes
//! that lab alone and a page that shows no lab need not read any.
//!
//! An exported file is still one [`SaveFile`]; the records are the same JSON cut in
//! pieces, and reading them back runs every check [`SaveFile::parse_with`] does.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::chapter::Catalog;
use crate::save::{SaveError, SaveFile};

/// The stored records of one save: the head (everything but the labs, as a save file
/// with no `labs`) and each chapter's lab, as compact JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredSave {
    /// The save file without its labs.
    pub head: String,
    /// Each chapter's lab, by chapter number.
    pub labs: BTreeMap<u32, String>,
}

impl SaveFile {
    /// The save cut into its stored records.
    pub fn to_stored(&self) -> StoredSave {
        let labs = self
            .labs
            .iter()
            .map(|(number, lab)| (*number, lab.get().to_string()))
            .collect();
        let mut head = self.clone();
        head.labs.clear();
        StoredSave {
            head: head.to_compact_json(),
            labs,
        }
    }
}

impl StoredSave {
    /// Reads the records back into one save file and checks it against `catalog`
    /// exactly as an imported file is checked.
    pub fn parse_with(&self, catalog: &Catalog) -> Result<SaveFile, SaveError> {
        SaveFile::parse_with(&self.assemble()?, catalog)
    }

    /// The records as the one save file they were cut from. A lab that is not JSON is
    /// an error naming its chapter; the head's own problems are left to the parser.
    fn assemble(&self) -> Result<String, SaveError> {
        if self.labs.is_empty() {
            return Ok(self.head.clone());
        }
        let mut head: Value = serde_json::from_str(&self.head)
            .map_err(|error| SaveError::NotJson(error.to_string()))?;
        let Value::Object(object) = &mut head else {
            return Err(SaveError::NotCloudLab);
        };
        let mut labs = Map::new();
        for (number, text) in &self.labs {
            let lab: Value = serde_json::from_str(text).map_err(|error| {
                SaveError::Invalid(format!("the lab of chapter {number} is not JSON ({error})"))
            })?;
            labs.insert(number.to_string(), lab);
        }
        object.insert("labs".to_string(), Value::Object(labs));
        Ok(head.to_string())
    }

    /// The records as one text to keep when they cannot be used: the assembled save
    /// file when the head is a JSON object, otherwise the head followed by each lab.
    /// A lab that is not JSON is kept as a string, so nothing is lost.
    pub fn to_kept_text(&self) -> String {
        let Ok(Value::Object(mut object)) = serde_json::from_str::<Value>(&self.head) else {
            let mut text = self.head.clone();
            for (number, lab) in &self.labs {
                text.push_str(&format!("\n\n// lab of chapter {number}\n{lab}"));
            }
            return text;
        };
        if !self.labs.is_empty() {
            let labs = self
                .labs
                .iter()
                .map(|(number, text)| {
                    let lab = serde_json::from_str(text).unwrap_or(Value::String(text.clone()));
                    (number.to_string(), lab)
                })
                .collect();
            object.insert("labs".to_string(), Value::Object(labs));
        }
        Value::Object(object).to_string()
    }

    /// What must change in storage to go from `self` (what it holds) to `next`: the
    /// head if it differs, the labs that differ, and the labs `next` no longer has.
    pub fn changes_to(&self, next: &StoredSave) -> StoredChanges {
        StoredChanges {
            head: (self.head != next.head).then(|| next.head.clone()),
            labs: next
                .labs
                .iter()
                .filter(|(number, text)| self.labs.get(number) != Some(text))
                .map(|(number, text)| (*number, text.clone()))
                .collect(),
            removed_labs: self
                .labs
                .keys()
                .filter(|number| !next.labs.contains_key(number))
                .copied()
                .collect(),
        }
    }
}

/// The writes that bring storage up to date (see [`StoredSave::changes_to`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredChanges {
    /// The new head, if it changed.
    pub head: Option<String>,
    /// Labs to write.
    pub labs: BTreeMap<u32, String>,
    /// Chapters whose lab record goes.
    pub removed_labs: Vec<u32>,
}

impl StoredChanges {
    /// Whether nothing needs writing.
    pub fn is_empty(&self) -> bool {
        self.head.is_none() && self.labs.is_empty() && self.removed_labs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;

    fn session_with_two_labs() -> Session {
        let mut session = Session::new(Catalog::load().unwrap());
        session.run_command(0, "aws sts get-caller-identity");
        session.run_command(4, "aws ec2 create-key-pair --key-name web-key");
        session
    }

    #[test]
    fn a_save_cut_into_records_reads_back_the_same() {
        let session = session_with_two_labs();
        let save = session.to_save();
        let stored = save.to_stored();
        assert_eq!(stored.labs.keys().copied().collect::<Vec<_>>(), vec![0, 4]);
        assert!(!stored.head.contains("\"labs\":{\"0\""), "{}", stored.head);
        let back = stored.parse_with(session.catalog()).unwrap();
        assert_eq!(back.to_compact_json(), save.to_compact_json());
    }

    #[test]
    fn only_the_changed_lab_is_written() {
        let mut session = session_with_two_labs();
        let before = session.to_save().to_stored();
        session.run_command(4, "aws ec2 describe-key-pairs");
        let after = session.to_save().to_stored();
        let changes = before.changes_to(&after);
        assert_eq!(changes.labs.keys().copied().collect::<Vec<_>>(), vec![4]);
        assert!(changes.removed_labs.is_empty());
        assert!(before.changes_to(&before).is_empty());

        session.reset_chapter(0);
        let reset = session.to_save().to_stored();
        let changes = after.changes_to(&reset);
        assert_eq!(changes.labs.keys().copied().collect::<Vec<_>>(), vec![0]);
        assert!(changes.head.is_some(), "the chapter's progress went too");

        let mut without_four = reset.clone();
        without_four.labs.remove(&4);
        assert_eq!(reset.changes_to(&without_four).removed_labs, vec![4]);
    }

    #[test]
    fn a_damaged_lab_record_is_refused_by_chapter_and_kept_whole() {
        let session = session_with_two_labs();
        let mut stored = session.to_save().to_stored();
        stored.labs.insert(4, "{not json".to_string());
        let error = stored.parse_with(session.catalog()).unwrap_err();
        assert!(error.to_string().contains("chapter 4"), "{error}");
        let kept = stored.to_kept_text();
        let value: Value = serde_json::from_str(&kept).unwrap();
        assert_eq!(value["labs"]["4"], Value::String("{not json".into()));
        assert!(value["labs"]["0"].is_object());

        stored.head = "not json either".to_string();
        assert!(matches!(
            stored.parse_with(session.catalog()),
            Err(SaveError::NotJson(_))
        ));
        assert!(stored.to_kept_text().starts_with("not json either"));
    }

    #[test]
    fn a_head_from_a_newer_version_is_refused_as_too_new() {
        let stored = StoredSave {
            head: r#"{"app":"cloudlab","schema":999}"#.to_string(),
            labs: BTreeMap::new(),
        };
        let catalog = Catalog::load().unwrap();
        assert!(matches!(
            stored.parse_with(&catalog),
            Err(SaveError::TooNew { found: 999, .. })
        ));
    }

    #[test]
    fn the_golden_save_of_schema_one_cuts_and_reads_back() {
        let text = include_str!("../tests/golden/v1-chapters-0-5.json");
        let catalog = Catalog::load().unwrap();
        let save = SaveFile::parse_with(text, &catalog).unwrap();
        let back = save.to_stored().parse_with(&catalog).unwrap();
        assert_eq!(back.to_compact_json(), save.to_compact_json());
    }
}
