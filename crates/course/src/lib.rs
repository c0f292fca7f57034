//! CloudLab's course: chapters as data, the checks that grade them, the
//! learner's progress and the save file.
//!
//! The web app only renders what this crate returns and calls [`Session`]'s
//! methods: every rule about lessons, checkpoints, hints, quiz answers and
//! saving lives here.

pub mod announce;
pub mod chapter;
pub mod checks;
pub mod inspect;
pub mod json_patch;
pub mod lab;
pub mod labs;
pub mod outline;
pub mod particles;
pub mod placeholders;
pub mod player;
pub mod progress;
pub mod save;
pub mod session;
pub mod stored;
pub mod sync;
pub mod text;

pub use chapter::{
    Catalog, Chapter, Checkpoint, Choice, LessonError, Question, Step, WrongAttempt,
};
pub use checks::{Check, CheckOutcome, Cidr, Source, evaluate};
pub use lab::{
    AuthenticatorCode, ConsoleAction, Lab, RewindPatch, RewindPoint, ScriptFailure, ScriptLine,
};
pub use labs::{LabJson, Labs, ModelLabs, StoredLabs};
pub use outline::{ChapterOutline, CourseIndex, QuestionOutline, StepOutline};
pub use player::{CheckpointResult, LineProblem, PlayError, Player};
pub use progress::{ChapterProgress, Progress};
pub use save::{CURRENT_SCHEMA, SaveError, SaveFile};
pub use session::{AnswerFeedback, ChapterSummary, CheckpointStatus, Session, ThemePreference};
pub use stored::{StoredChanges, StoredSave};
pub use sync::{ChapterState, Fingerprints, ImportChange, MergeReport};
pub use text::{Block, Inline, Lang, Text};
