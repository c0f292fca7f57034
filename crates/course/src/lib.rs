//! CloudLab's course: chapters as data, the checks that grade them, the
//! learner's progress and the save file.
//!
//! The web app only renders what this crate returns and calls its methods:
//! every rule about lessons, checkpoints, hints, quiz answers and saving
//! lives here.

pub mod chapter;
pub mod checks;
pub mod progress;
pub mod text;

pub use chapter::{
    Catalog, Chapter, Checkpoint, Choice, LessonError, Question, Step, WrongAttempt,
};
pub use checks::{Check, Cidr, Source};
pub use progress::{ChapterProgress, Progress};
pub use text::{Block, Inline, Lang, Text};
