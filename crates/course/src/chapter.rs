//! Chapters as data: steps, checkpoints, hints, quiz, reference solution and
//! known-wrong attempts. The TOML files under `lessons/` are the source: with the
//! `embedded-lessons` feature (native tools and tests) they are embedded and parsed
//! here; the web app instead reads the JSON data files `cargo xtask build` makes of
//! them (see [`crate::outline`]), so neither the text nor `toml` is in its wasm.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::checks::Check;
use crate::outline::{ChapterOutline, CourseIndex};
use crate::text::{Lang, Text};

/// The lesson files, in chapter order, embedded at compile time.
#[cfg(feature = "embedded-lessons")]
pub const LESSON_FILES: &[(&str, &str)] = &[
    (
        "00-welcome.toml",
        include_str!("../../../lessons/00-welcome.toml"),
    ),
    (
        "01-cloud-and-regions.toml",
        include_str!("../../../lessons/01-cloud-and-regions.toml"),
    ),
    (
        "02-account-and-billing.toml",
        include_str!("../../../lessons/02-account-and-billing.toml"),
    ),
    ("03-iam.toml", include_str!("../../../lessons/03-iam.toml")),
    (
        "04-launch-ec2.toml",
        include_str!("../../../lessons/04-launch-ec2.toml"),
    ),
    (
        "05-connect-and-serve.toml",
        include_str!("../../../lessons/05-connect-and-serve.toml"),
    ),
    (
        "06-lifecycle-and-pricing.toml",
        include_str!("../../../lessons/06-lifecycle-and-pricing.toml"),
    ),
    (
        "07-amis-and-ebs.toml",
        include_str!("../../../lessons/07-amis-and-ebs.toml"),
    ),
    (
        "08-scaling.toml",
        include_str!("../../../lessons/08-scaling.toml"),
    ),
    ("09-vpc.toml", include_str!("../../../lessons/09-vpc.toml")),
    ("10-s3.toml", include_str!("../../../lessons/10-s3.toml")),
    (
        "11-cloudfront.toml",
        include_str!("../../../lessons/11-cloudfront.toml"),
    ),
    ("12-rds.toml", include_str!("../../../lessons/12-rds.toml")),
    (
        "13-dynamodb-and-caches.toml",
        include_str!("../../../lessons/13-dynamodb-and-caches.toml"),
    ),
    (
        "14-serverless.toml",
        include_str!("../../../lessons/14-serverless.toml"),
    ),
    (
        "15-monitoring-and-dns.toml",
        include_str!("../../../lessons/15-monitoring-and-dns.toml"),
    ),
];

/// One chapter of the course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    /// The chapter's number in the syllabus (0 = welcome).
    pub number: u32,
    /// A short name for URLs (`launch-ec2`).
    pub slug: String,
    /// The chapter's title.
    pub title: Text,
    /// One or two sentences for the chapter list.
    pub summary: Text,
    /// About how long the chapter takes, in minutes.
    pub minutes: u32,
    /// The AWS region the chapter's lab starts in.
    pub region: String,
    /// The seed of the chapter's simulated account.
    pub seed: u64,
    /// Whether the lab runs Lambda functions' Python code: the app then fetches
    /// the interpreter (its own wasm chunk) with the chapter.
    #[serde(default)]
    pub python: bool,
    /// Terminal lines run on a fresh lab before the learner starts.
    #[serde(default)]
    pub setup: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// The end-of-chapter quiz.
    #[serde(default)]
    pub quiz: Vec<Question>,
    /// Terminal lines that, run on a fresh lab, pass every checkpoint.
    pub solution: Vec<String>,
    /// Known-wrong ways to do the chapter, each of which must fail one checkpoint.
    #[serde(default)]
    pub wrong_attempts: Vec<WrongAttempt>,
}

/// One step of a chapter: a short reading, a task and the checkpoints that grade it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique within the chapter (`key-pair`).
    pub id: String,
    /// The step's title.
    pub title: Text,
    /// The reading, in markdown-lite (see [`crate::text::blocks`]).
    pub reading: Text,
    /// What the learner is asked to do, in markdown-lite.
    pub task: Text,
    /// The checkpoints that grade the task.
    #[serde(default)]
    pub checkpoints: Vec<Checkpoint>,
    /// Hints, revealed one at a time; the last one gives the exact command.
    pub hints: Vec<Text>,
}

/// A graded condition on the lab's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Unique within the chapter (`ssh-from-learner-only`).
    pub id: String,
    /// What the checkpoint asks for, shown beside its tick.
    pub label: Text,
    /// How it is graded.
    pub check: Check,
}

/// A quiz question with one correct choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique within the chapter.
    pub id: String,
    /// The question.
    pub prompt: Text,
    /// The choices, in the order shown.
    pub choices: Vec<Choice>,
}

/// One answer to a quiz question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The answer as shown.
    pub text: Text,
    /// Whether this is the right answer.
    #[serde(default)]
    pub correct: bool,
    /// Why this answer is right or wrong, shown once it is picked.
    pub feedback: Text,
}

/// A known-wrong way through a chapter, replayed by the tests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrongAttempt {
    /// A short name (`ssh-open-to-world`).
    pub name: String,
    /// What the mistake is.
    pub description: String,
    /// Terminal lines run on a fresh lab.
    pub lines: Vec<String>,
    /// The checkpoint these lines must fail.
    pub fails: String,
}

impl Chapter {
    /// Parses one chapter from its TOML text and checks it as the loader
    /// does: a chapter that does not match the lesson format is a
    /// [`LessonError::Parse`], one that is not sound (see
    /// [`Chapter::problems`]) a [`LessonError::Invalid`] listing every problem.
    #[cfg(feature = "embedded-lessons")]
    pub fn parse(source: &str) -> Result<Chapter, LessonError> {
        Chapter::parse_file("chapter.toml", source)
    }

    /// [`Chapter::parse`] for a lesson file, whose name a parse error names.
    #[cfg(feature = "embedded-lessons")]
    pub fn parse_file(file: &str, source: &str) -> Result<Chapter, LessonError> {
        let chapter = parse_chapter(file, source)?;
        let problems = chapter.problems();
        if problems.is_empty() {
            Ok(chapter)
        } else {
            Err(LessonError::Invalid {
                chapter: chapter.number,
                problems,
            })
        }
    }

    /// The step with this id.
    pub fn step(&self, step_id: &str) -> Option<&Step> {
        self.steps.iter().find(|step| step.id == step_id)
    }

    /// The position of the step with this id.
    pub fn step_index(&self, step_id: &str) -> Option<usize> {
        self.steps.iter().position(|step| step.id == step_id)
    }

    /// Every checkpoint of every step, in order, with its step.
    pub fn checkpoints(&self) -> impl Iterator<Item = (&Step, &Checkpoint)> {
        self.steps.iter().flat_map(|step| {
            step.checkpoints
                .iter()
                .map(move |checkpoint| (step, checkpoint))
        })
    }

    /// The checkpoint with this id.
    pub fn checkpoint(&self, checkpoint_id: &str) -> Option<&Checkpoint> {
        self.checkpoints()
            .map(|(_, checkpoint)| checkpoint)
            .find(|checkpoint| checkpoint.id == checkpoint_id)
    }

    /// The quiz question with this id.
    pub fn question(&self, question_id: &str) -> Option<&Question> {
        self.quiz.iter().find(|question| question.id == question_id)
    }

    /// Every text of the chapter with a path naming where it is (`steps[2].hints[0]`).
    pub fn texts(&self) -> Vec<(String, &Text)> {
        let mut out = vec![
            ("title".to_string(), &self.title),
            ("summary".to_string(), &self.summary),
        ];
        for step in &self.steps {
            let at = format!("steps[{}]", step.id);
            out.push((format!("{at}.title"), &step.title));
            out.push((format!("{at}.reading"), &step.reading));
            out.push((format!("{at}.task"), &step.task));
            for checkpoint in &step.checkpoints {
                out.push((
                    format!("{at}.checkpoints[{}].label", checkpoint.id),
                    &checkpoint.label,
                ));
            }
            for (index, hint) in step.hints.iter().enumerate() {
                out.push((format!("{at}.hints[{index}]"), hint));
            }
        }
        for question in &self.quiz {
            let at = format!("quiz[{}]", question.id);
            out.push((format!("{at}.prompt"), &question.prompt));
            for (index, choice) in question.choices.iter().enumerate() {
                out.push((format!("{at}.choices[{index}].text"), &choice.text));
                out.push((format!("{at}.choices[{index}].feedback"), &choice.feedback));
            }
        }
        out
    }

    /// Everything wrong with the chapter as data; empty when it is sound.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (path, text) in self.texts() {
            if text.has_missing_language() {
                problems.push(format!("{path}: a language is empty"));
            }
        }
        if self.steps.is_empty() {
            problems.push("the chapter has no steps".into());
        }
        if self.solution.is_empty() {
            problems.push("the chapter has no solution".into());
        }
        for duplicate in duplicates(self.steps.iter().map(|step| step.id.as_str())) {
            problems.push(format!("step id {duplicate:?} is used twice"));
        }
        for duplicate in duplicates(
            self.checkpoints()
                .map(|(_, checkpoint)| checkpoint.id.as_str()),
        ) {
            problems.push(format!("checkpoint id {duplicate:?} is used twice"));
        }
        for duplicate in duplicates(self.quiz.iter().map(|question| question.id.as_str())) {
            problems.push(format!("question id {duplicate:?} is used twice"));
        }
        for duplicate in duplicates(
            self.wrong_attempts
                .iter()
                .map(|attempt| attempt.name.as_str()),
        ) {
            problems.push(format!("wrong attempt {duplicate:?} is named twice"));
        }
        for step in &self.steps {
            if step.hints.is_empty() {
                problems.push(format!("step {:?} has no hint", step.id));
            }
            for checkpoint in &step.checkpoints {
                if let Err(problem) = checkpoint.check.validate() {
                    problems.push(format!("checkpoint {:?}: {problem}", checkpoint.id));
                }
            }
        }
        for question in &self.quiz {
            let correct = question
                .choices
                .iter()
                .filter(|choice| choice.correct)
                .count();
            if correct != 1 {
                problems.push(format!(
                    "question {:?} has {correct} correct choices, not 1",
                    question.id
                ));
            }
            if question.choices.len() < 2 {
                problems.push(format!(
                    "question {:?} has fewer than 2 choices",
                    question.id
                ));
            }
        }
        for attempt in &self.wrong_attempts {
            if self.checkpoint(&attempt.fails).is_none() {
                problems.push(format!(
                    "wrong attempt {:?} names an unknown checkpoint {:?}",
                    attempt.name, attempt.fails
                ));
            }
            if attempt.lines.is_empty() {
                problems.push(format!("wrong attempt {:?} has no lines", attempt.name));
            }
        }
        problems
    }
}

/// The ids that occur more than once, each once.
fn duplicates<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    ids.filter(|id| !seen.insert(*id)).collect()
}

/// Why the lessons could not be loaded or a lab could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonError {
    /// A lesson file is not valid TOML or does not match the lesson format.
    Parse {
        /// The lesson file.
        file: String,
        /// The parser's message.
        detail: String,
    },
    /// A lesson parsed but is not sound (see [`Chapter::problems`]).
    Invalid {
        /// The chapter number.
        chapter: u32,
        /// What is wrong, one entry per problem.
        problems: Vec<String>,
    },
    /// Two lesson files have the same chapter number or slug.
    Duplicate {
        /// The number or slug used twice.
        what: String,
    },
    /// A setup line failed on a fresh lab.
    Setup {
        /// The chapter number.
        chapter: u32,
        /// The line that failed.
        line: String,
        /// What the terminal printed on stderr.
        stderr: String,
    },
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LessonError::Parse { file, detail } => write!(f, "{file}: {detail}"),
            LessonError::Invalid { chapter, problems } => {
                write!(f, "chapter {chapter}: {}", problems.join("; "))
            }
            LessonError::Duplicate { what } => write!(f, "two chapters share {what}"),
            LessonError::Setup {
                chapter,
                line,
                stderr,
            } => {
                write!(f, "chapter {chapter}: setup line {line:?} failed: {stderr}")
            }
        }
    }
}

impl std::error::Error for LessonError {}

/// The course: every chapter's outline, and the chapters whose text has loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    outlines: Vec<ChapterOutline>,
    chapters: BTreeMap<u32, Chapter>,
    languages: BTreeMap<u32, BTreeSet<Lang>>,
}

impl Catalog {
    /// Parses and checks the embedded lesson files: every chapter, in both languages.
    #[cfg(feature = "embedded-lessons")]
    pub fn load() -> Result<Catalog, LessonError> {
        Catalog::from_sources(LESSON_FILES.iter().copied())
    }

    /// The embedded lessons when this build has them (the `embedded-lessons`
    /// feature), `None` in a build that reads the lessons' data files instead.
    pub fn embedded() -> Option<Result<Catalog, LessonError>> {
        #[cfg(feature = "embedded-lessons")]
        return Some(Catalog::load());
        #[cfg(not(feature = "embedded-lessons"))]
        return None;
    }

    /// Parses and checks lesson files given as `(file name, TOML text)` pairs.
    #[cfg(feature = "embedded-lessons")]
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Catalog, LessonError> {
        let mut chapters = Vec::new();
        for (file, source) in sources {
            chapters.push(Chapter::parse_file(file, source)?);
        }
        Catalog::from_chapters(chapters)
    }

    /// A catalog of whole chapters (both languages loaded), refusing two chapters with
    /// the same number or slug.
    pub fn from_chapters(mut chapters: Vec<Chapter>) -> Result<Catalog, LessonError> {
        chapters.sort_by_key(|chapter| chapter.number);
        let outlines: Vec<ChapterOutline> = chapters.iter().map(Chapter::outline).collect();
        check_unique(&outlines)?;
        Ok(Catalog {
            outlines,
            languages: chapters
                .iter()
                .map(|chapter| (chapter.number, Lang::ALL.into_iter().collect()))
                .collect(),
            chapters: chapters
                .into_iter()
                .map(|chapter| (chapter.number, chapter))
                .collect(),
        })
    }

    /// A catalog that knows every chapter's outline and has no chapter's text yet.
    pub fn from_index(index: CourseIndex) -> Result<Catalog, LessonError> {
        let mut outlines = index.chapters;
        outlines.sort_by_key(|outline| outline.number);
        check_unique(&outlines)?;
        Ok(Catalog {
            outlines,
            chapters: BTreeMap::new(),
            languages: BTreeMap::new(),
        })
    }

    /// Every chapter's outline, in order, with its data files named by `file_of`
    /// (`file_of(outline, lang)`): the `lessons/index` data file.
    pub fn index(&self, file_of: impl Fn(&ChapterOutline, Lang) -> String) -> CourseIndex {
        CourseIndex {
            chapters: self
                .outlines
                .iter()
                .map(|outline| {
                    let mut outline = outline.clone();
                    outline.files = Lang::ALL
                        .into_iter()
                        .map(|lang| (lang, file_of(&outline, lang)))
                        .collect();
                    outline
                })
                .collect(),
        }
    }

    /// Adds a chapter's text in `lang` (see [`Chapter::for_language`]). Refused if the
    /// catalog has no such chapter or the chapter is not shaped as its outline says.
    pub fn add_chapter(&mut self, chapter: Chapter, lang: Lang) -> Result<(), LessonError> {
        let number = chapter.number;
        let Some(outline) = self.outline(number) else {
            return Err(LessonError::Invalid {
                chapter: number,
                problems: vec!["the course has no such chapter".into()],
            });
        };
        let mismatch = || LessonError::Invalid {
            chapter: number,
            problems: vec!["the chapter's data does not match the course index".into()],
        };
        if !outline.same_shape(&chapter.outline()) {
            return Err(mismatch());
        }
        match self.chapters.get_mut(&number) {
            Some(loaded) => {
                if !loaded.merge_language(&chapter, lang) {
                    return Err(mismatch());
                }
            }
            None => {
                self.chapters.insert(number, chapter);
            }
        }
        self.languages.entry(number).or_default().insert(lang);
        Ok(())
    }

    /// Whether chapter `number`'s text in `lang` has loaded.
    pub fn has_text(&self, number: u32, lang: Lang) -> bool {
        self.languages
            .get(&number)
            .is_some_and(|languages| languages.contains(&lang))
    }

    /// Every chapter's outline, in order.
    pub fn outlines(&self) -> &[ChapterOutline] {
        &self.outlines
    }

    /// The outline of chapter `number`.
    pub fn outline(&self, number: u32) -> Option<&ChapterOutline> {
        self.outlines
            .iter()
            .find(|outline| outline.number == number)
    }

    /// The chapters whose text has loaded, in order.
    pub fn chapters(&self) -> impl Iterator<Item = &Chapter> {
        self.chapters.values()
    }

    /// The chapter with this number, if its text has loaded.
    pub fn chapter(&self, number: u32) -> Option<&Chapter> {
        self.chapters.get(&number)
    }

    /// The chapter with this slug, if its text has loaded.
    pub fn chapter_by_slug(&self, slug: &str) -> Option<&Chapter> {
        self.chapters.values().find(|chapter| chapter.slug == slug)
    }
}

/// Refuses two outlines with the same number or slug.
fn check_unique(outlines: &[ChapterOutline]) -> Result<(), LessonError> {
    if let Some(what) = duplicates(outlines.iter().map(|outline| outline.slug.as_str())).first() {
        return Err(LessonError::Duplicate {
            what: format!("the slug {what:?}"),
        });
    }
    if let Some(pair) = outlines
        .windows(2)
        .find(|pair| pair[0].number == pair[1].number)
    {
        return Err(LessonError::Duplicate {
            what: format!("the number {}", pair[0].number),
        });
    }
    Ok(())
}

/// Parses one lesson file without checking that it is sound (see
/// [`Chapter::parse`] for the check the loader makes).
#[cfg(feature = "embedded-lessons")]
pub fn parse_chapter(file: &str, source: &str) -> Result<Chapter, LessonError> {
    toml::from_str(source).map_err(|error| LessonError::Parse {
        file: file.to_string(),
        detail: error.to_string(),
    })
}

#[cfg(all(test, feature = "embedded-lessons"))]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
number = 9
slug = "test"
title = { en = "Test", ko = "시험" }
summary = { en = "A test.", ko = "시험이에요." }
minutes = 5
region = "ap-northeast-2"
seed = 1
solution = ["aws sts get-caller-identity"]

[[steps]]
id = "only"
title = { en = "Only", ko = "하나" }
reading = { en = "Read.", ko = "읽어요." }
task = { en = "Do.", ko = "해요." }
hints = [{ en = "Hint.", ko = "힌트." }]

[[steps.checkpoints]]
id = "called"
label = { en = "Called STS", ko = "STS 호출" }
check = { kind = "api_called", service = "sts", operation = "GetCallerIdentity" }

[[quiz]]
id = "q1"
prompt = { en = "Q?", ko = "질문?" }
choices = [
  { text = { en = "A", ko = "가" }, correct = true, feedback = { en = "Yes.", ko = "네." } },
  { text = { en = "B", ko = "나" }, feedback = { en = "No.", ko = "아니요." } },
]
"#;

    #[test]
    fn a_minimal_chapter_parses_and_is_sound() {
        let chapter = parse_chapter("test.toml", MINIMAL).unwrap();
        assert_eq!(chapter.number, 9);
        assert_eq!(chapter.steps.len(), 1);
        assert_eq!(
            chapter.checkpoint("called").map(|c| c.id.as_str()),
            Some("called")
        );
        assert_eq!(chapter.problems(), Vec::<String>::new());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let source = MINIMAL.replace("minutes = 5", "minutes = 5\nminuets = 6");
        let error = parse_chapter("test.toml", &source).unwrap_err();
        assert!(matches!(error, LessonError::Parse { .. }), "{error}");
    }

    #[test]
    fn an_unknown_check_kind_is_refused() {
        let source = MINIMAL.replace("kind = \"api_called\"", "kind = \"api_caled\"");
        assert!(parse_chapter("test.toml", &source).is_err());
    }

    #[test]
    fn problems_name_what_is_wrong() {
        let source = MINIMAL
            .replace("ko = \"하나\"", "ko = \"\"")
            .replace("hints = [{ en = \"Hint.\", ko = \"힌트.\" }]", "hints = []")
            .replace(
                "feedback = { en = \"No.\", ko = \"아니요.\" }",
                "correct = true, feedback = { en = \"No.\", ko = \"아니요.\" }",
            );
        let chapter = parse_chapter("test.toml", &source).unwrap();
        let problems = chapter.problems();
        assert!(
            problems.iter().any(|p| p.contains("steps[only].title")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("has no hint")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("2 correct choices")),
            "{problems:?}"
        );
    }

    #[test]
    fn duplicate_chapters_are_refused() {
        let error = Catalog::from_sources([("a.toml", MINIMAL), ("b.toml", MINIMAL)]).unwrap_err();
        assert!(matches!(error, LessonError::Duplicate { .. }), "{error}");
    }

    #[test]
    fn the_embedded_catalog_loads() {
        let catalog = Catalog::load().unwrap();
        assert!(catalog.chapter(0).is_some());
        assert_eq!(
            catalog.chapter_by_slug("launch-ec2").map(|c| c.number),
            Some(4)
        );
    }
}

#[cfg(all(test, feature = "embedded-lessons"))]
mod index_tests {
    use super::*;

    #[test]
    fn a_catalog_from_the_index_loads_chapters_one_language_at_a_time() {
        let whole = Catalog::load().unwrap();
        let index = whole.index(|outline, lang| format!("{}.{}.json", outline.slug, lang.code()));
        assert_eq!(index.chapters[4].files[&Lang::Ko], "launch-ec2.ko.json");
        let json = serde_json::to_string(&index).unwrap();
        let index: CourseIndex = serde_json::from_str(&json).unwrap();
        let mut catalog = Catalog::from_index(index).unwrap();
        assert_eq!(catalog.outlines().len(), whole.outlines().len());
        assert!(catalog.chapter(4).is_none());

        let four = whole.chapter(4).unwrap();
        catalog
            .add_chapter(four.for_language(Lang::Ko), Lang::Ko)
            .unwrap();
        assert!(catalog.has_text(4, Lang::Ko) && !catalog.has_text(4, Lang::En));
        assert!(catalog.chapter(4).unwrap().title.en.is_empty());
        catalog
            .add_chapter(four.for_language(Lang::En), Lang::En)
            .unwrap();
        assert_eq!(catalog.chapter(4).unwrap().title, four.title);

        let mut wrong = whole.chapter(5).unwrap().for_language(Lang::En);
        wrong.number = 4;
        assert!(catalog.add_chapter(wrong, Lang::En).is_err());
        let mut unknown = four.for_language(Lang::En);
        unknown.number = 99;
        assert!(catalog.add_chapter(unknown, Lang::En).is_err());
    }
}
