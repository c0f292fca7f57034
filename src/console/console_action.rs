//! What every console page does with an action: run it on the chapter's lab, then
//! show AWS's error, or say what was done.

use cloudlab_course::Lab;
use cloudlab_model::AwsError;
use leptos::prelude::*;

use crate::console::error_box::ConsoleError;
use crate::state::{AppContext, use_app};

/// What an action did, said in English and Korean, about one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    /// The sentence, in English and Korean (`"Created budget"`).
    pub said: (&'static str, &'static str),
    /// The resource it was about (`My Monthly Cost Budget`).
    pub subject: String,
}

/// A console page's actions on a chapter's lab, and what the last one said.
#[derive(Clone, Copy)]
pub struct ConsoleAction {
    app: AppContext,
    chapter: u32,
    /// AWS's error from the last action, if it failed.
    pub error: RwSignal<Option<ConsoleError>>,
    /// What the last action did, if it says so.
    pub done: RwSignal<Option<Done>>,
}

/// The actions of a console page on `chapter`'s lab.
pub fn use_console_action(chapter: u32) -> ConsoleAction {
    ConsoleAction {
        app: use_app(),
        chapter,
        error: RwSignal::new(None),
        done: RwSignal::new(None),
    }
}

impl ConsoleAction {
    /// Runs `action` on the lab. On success the error goes away and the value comes
    /// back; on failure AWS's error shows and nothing comes back.
    pub fn run<T, E: AwsError>(self, action: impl FnOnce(&mut Lab) -> Result<T, E>) -> Option<T> {
        self.done.set(None);
        match act(self.app, self.chapter, action) {
            Ok(value) => {
                self.error.set(None);
                Some(value)
            }
            Err(e) => {
                self.error.set(Some(e));
                None
            }
        }
    }

    /// Runs `action`, then says `said` about `subject` if it succeeded.
    pub fn run_and_say<T, E: AwsError>(
        self,
        said: (&'static str, &'static str),
        subject: String,
        action: impl FnOnce(&mut Lab) -> Result<T, E>,
    ) -> Option<T> {
        let value = self.run(action)?;
        self.done.set(Some(Done { said, subject }));
        Some(value)
    }

    /// Shows an error the form found before calling AWS (a port that is not a number).
    pub fn refuse(self, code: &str, message: &str) {
        self.done.set(None);
        self.error.set(Some(ConsoleError {
            code: code.to_string(),
            message: message.to_string(),
        }));
    }

    /// Forgets the last action's outcome (the learner moved to another view).
    pub fn clear(self) {
        self.error.set(None);
        self.done.set(None);
    }
}

/// Runs an action on a chapter's lab and turns an AWS error into a displayable one.
fn act<T, E: AwsError>(
    app: AppContext,
    chapter: u32,
    action: impl FnOnce(&mut Lab) -> Result<T, E>,
) -> Result<T, ConsoleError> {
    match app
        .session
        .try_update(|s| s.with_lab(chapter, action))
        .flatten()
    {
        Some(Ok(value)) => Ok(value),
        Some(Err(err)) => Err(ConsoleError {
            code: err.code().to_string(),
            message: err.message(),
        }),
        None => Err(ConsoleError {
            code: "LabUnavailable".into(),
            message: "This chapter's lab is not open.".into(),
        }),
    }
}
