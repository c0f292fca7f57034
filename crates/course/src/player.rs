//! The course player: plays a script against a chapter's lab, as a learner
//! would in the app, and grades every checkpoint of the chapter afterwards.
//! For authors and teachers checking a lesson, a learner's transcript or a
//! bug report without the browser. `cloudlab-course play N [FILE]` (the
//! binary in `src/bin/cloudlab-course.rs`) is [`main_with`].
//!
//! A script is lesson lines (see [`ScriptLine`]), one per line: terminal
//! lines, `! command` for a line that must fail and `@console ACTION`, plus
//! `@hint STEP` to reveal a step's next hint as the learner's **Show a hint**
//! button does. Blank lines and `#` comments are skipped.

use std::fmt;
#[cfg(feature = "embedded-lessons")]
use std::io::{Read, Write};

use serde::Serialize;

use crate::chapter::{Catalog, LessonError};
use crate::lab::{Lab, ScriptLine};
use crate::save::SaveFile;
use crate::session::{Session, ThemePreference};
use crate::text::Lang;

/// The player's `--help` text.
pub const HELP: &str = "\
cloudlab-course: play a chapter's lab from a script and grade its checkpoints

usage: cloudlab-course play N [FILE] [--lang en|ko]
       cloudlab-course --help

play N [FILE]   Starts chapter N's lab as the app does (the chapter's seed,
                region and setup lines), runs each line of FILE (standard
                input when FILE is absent or -), then prints one JSON object
                per checkpoint of the chapter, in chapter order, one per line:
                {\"step\": \"...\", \"checkpoint\": \"...\", \"passed\": true,
                 \"reason\": \"...\", \"reached\": true}
--lang en|ko    the language of the reasons (default en)

Lines are written as in a lesson's solution:
  aws ec2 describe-instances       a terminal line, which should succeed
  ! curl -m 5 http://{public_ip}   a line that should fail (exit code not 0)
  @console assign-mfa root NAME    a console action (root's MFA can only be
                                   assigned in the console)
  @hint STEP                       reveal the next hint of step STEP, as the
                                   Show a hint button does
  # a comment                      skipped, as are blank lines
Placeholders such as {instance_id}, {public_ip:NAME}, {learner_ip} or
{account_id} are filled in from the lab just before their line runs.

A line that cannot be read, or that does not succeed or fail as written, is
reported on standard error as `line N: ...`, and the run carries on with the
next line. The checkpoints are graded once, after the last line, against the
lab and the progress (hints revealed) at that point: `passed` is whether the
checkpoint passes then, `reason` says why, and `reached` whether it passed at
any moment of the run, as the app's tick marks (a chapter that ends by
cleaning up passes its earlier checkpoints only along the way).

Exit status: 0 when the script ran, whatever the checkpoints say; 1 when the
lessons themselves are broken or the output could not be written; 2 for a
usage error (no or unknown chapter, unreadable file, unknown option).
";

/// One checkpoint's grade after a run: a line of the player's output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckpointResult {
    /// The id of the checkpoint's step.
    pub step: String,
    /// The checkpoint's id.
    pub checkpoint: String,
    /// Whether the checkpoint passes after the run.
    pub passed: bool,
    /// Why it passes or fails, in the language asked for.
    pub reason: String,
    /// Whether it passed at some point of the run (the app keeps its tick).
    pub reached: bool,
}

/// What kind of trouble a script line ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineProblemKind {
    /// The line could not be read (an unknown `@` directive or console
    /// action, a bare `!`, `@hint` naming no step of the chapter); it did not run.
    Parse,
    /// The line was read but did not do what it says: a command that should
    /// succeed failed or one written `! command` succeeded, a placeholder had
    /// no value yet (the line did not run), a console action or hint was refused.
    Failed,
}

/// A script line that did not go as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    /// The line's number in the script, from 1.
    pub number: usize,
    /// The line as written.
    pub line: String,
    /// Whether it could not be read or did not go as written.
    pub kind: LineProblemKind,
    /// What went wrong.
    pub detail: String,
}

impl fmt::Display for LineProblem {
    /// `line N: "the line": what went wrong`, or `line N: cannot read "the
    /// line": why` for a line that did not run. Lines of a multi-line detail
    /// (a command's output) after the first are indented by two spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            LineProblemKind::Parse => "cannot read ",
            LineProblemKind::Failed => "",
        };
        let detail = self.detail.trim_end().replace('\n', "\n  ");
        write!(f, "line {}: {what}{:?}: {detail}", self.number, self.line)
    }
}

/// Why the player could not start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlayError {
    /// The course has no chapter with this number.
    UnknownChapter {
        /// The number asked for.
        number: u32,
        /// The numbers the course has.
        known: Vec<u32>,
    },
    /// The lessons do not load, or the chapter's setup failed (a bug in the
    /// lesson, which the lesson tests rule out).
    Lessons(LessonError),
}

impl fmt::Display for PlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlayError::UnknownChapter { number, known } => {
                let known: Vec<String> = known.iter().map(u32::to_string).collect();
                write!(
                    f,
                    "there is no chapter {number} (the chapters are {})",
                    known.join(", ")
                )
            }
            PlayError::Lessons(error) => write!(f, "the lessons are broken: {error}"),
        }
    }
}

impl std::error::Error for PlayError {}

/// A line of a player script, read.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PlayLine {
    /// A blank line or a `#` comment.
    Skip,
    /// `@hint STEP`.
    Hint(String),
    /// A lesson line.
    Script(ScriptLine),
}

/// A chapter's lab in a [`Session`], driven line by line.
#[derive(Clone, Debug)]
pub struct Player {
    session: Session,
    number: u32,
    lines_read: usize,
    problems: Vec<LineProblem>,
}

impl Player {
    /// Starts chapter `number`'s lab as the app does: a fresh account from
    /// the chapter's seed and region with its setup lines run
    /// ([`Lab::for_chapter`]), in a new [`Session`] with no progress. Unlike
    /// the app, which falls back to a lab without setup, a failing setup is
    /// an error here.
    pub fn start(catalog: Catalog, number: u32) -> Result<Player, PlayError> {
        let Some(chapter) = catalog.chapter(number) else {
            return Err(PlayError::UnknownChapter {
                number,
                known: catalog.outlines().iter().map(|c| c.number).collect(),
            });
        };
        let lab = Lab::for_chapter(chapter).map_err(PlayError::Lessons)?;
        let mut save = SaveFile::new(Lang::default(), ThemePreference::default());
        save.set_lab(number, &lab);
        let mut session = Session::from_save(catalog, save);
        session.open_chapter(number, None);
        Ok(Player {
            session,
            number,
            lines_read: 0,
            problems: Vec::new(),
        })
    }

    /// The chapter being played.
    pub fn chapter_number(&self) -> u32 {
        self.number
    }

    /// The session: the lab and the progress so far.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Every line so far that did not go as written, in order.
    pub fn problems(&self) -> &[LineProblem] {
        &self.problems
    }

    /// Runs every line of `script` (see [`Player::run_line`]) and returns the
    /// problems those lines ran into.
    pub fn run_script(&mut self, script: &str) -> Vec<LineProblem> {
        script
            .lines()
            .filter_map(|line| self.run_line(line).err())
            .collect()
    }

    /// Runs the script's next line through the session, which re-grades the
    /// chapter afterwards as the app does. A line that cannot be read does
    /// not run. Problems are also kept in [`Player::problems`].
    pub fn run_line(&mut self, line: &str) -> Result<(), LineProblem> {
        self.lines_read += 1;
        let result = match self.read(line) {
            Err(detail) => Err((LineProblemKind::Parse, detail)),
            Ok(PlayLine::Skip) => Ok(()),
            Ok(PlayLine::Hint(step)) => self
                .session
                .reveal_next_hint(self.number, &step)
                .map(|_| ())
                .ok_or_else(|| {
                    (
                        LineProblemKind::Failed,
                        format!("every hint of step {step:?} is already showing"),
                    )
                }),
            Ok(PlayLine::Script(parsed)) => self
                .session
                .with_lab(self.number, |lab| lab.run_script_line(&parsed))
                .unwrap_or_else(|| Err("the chapter has no lab".to_string()))
                .map(|_| ())
                .map_err(|detail| (LineProblemKind::Failed, detail)),
        };
        result.map_err(|(kind, detail)| {
            let problem = LineProblem {
                number: self.lines_read,
                line: line.to_string(),
                kind,
                detail,
            };
            self.problems.push(problem.clone());
            problem
        })
    }

    /// Every checkpoint of the chapter, in chapter order, graded now against
    /// the lab and the session's progress, with reasons in `lang`.
    pub fn results(&self, lang: Lang) -> Vec<CheckpointResult> {
        let Some(chapter) = self.session.catalog().chapter(self.number) else {
            return Vec::new();
        };
        chapter
            .steps
            .iter()
            .flat_map(|step| {
                self.session
                    .checkpoints(self.number, &step.id)
                    .into_iter()
                    .map(|status| CheckpointResult {
                        step: step.id.clone(),
                        checkpoint: status.id,
                        passed: status.outcome.passed,
                        reason: status.outcome.detail.get(lang).to_string(),
                        reached: status.reached,
                    })
            })
            .collect()
    }

    /// Reads one line of a player script.
    fn read(&self, line: &str) -> Result<PlayLine, String> {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(PlayLine::Skip);
        }
        let Some(directive) = trimmed.strip_prefix('@') else {
            return ScriptLine::parse(line).map(PlayLine::Script);
        };
        let mut words = directive.split_whitespace();
        match words.next() {
            Some("console") => ScriptLine::parse(line).map(PlayLine::Script),
            Some("hint") => {
                let steps: Vec<&str> = self
                    .session
                    .catalog()
                    .chapter(self.number)
                    .map(|chapter| chapter.steps.iter().map(|step| step.id.as_str()).collect())
                    .unwrap_or_default();
                match (words.next(), words.next()) {
                    (Some(step), None) if steps.contains(&step) => {
                        Ok(PlayLine::Hint(step.to_string()))
                    }
                    (Some(step), None) => Err(format!(
                        "chapter {} has no step {step:?} (its steps are {})",
                        self.number,
                        steps.join(", ")
                    )),
                    _ => Err(format!(
                        "@hint needs one step id (chapter {}'s steps are {})",
                        self.number,
                        steps.join(", ")
                    )),
                }
            }
            other => Err(format!(
                "unknown directive @{} (scripts know @console and @hint)",
                other.unwrap_or("")
            )),
        }
    }
}

/// Plays `script` against chapter `number` of `catalog`: the checkpoints
/// graded after the run (reasons in `lang`) and the lines that did not go
/// as written.
pub fn play(
    catalog: Catalog,
    number: u32,
    script: &str,
    lang: Lang,
) -> Result<(Vec<CheckpointResult>, Vec<LineProblem>), PlayError> {
    let mut player = Player::start(catalog, number)?;
    let problems = player.run_script(script);
    Ok((player.results(lang), problems))
}

/// What the command line asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `--help`.
    Help,
    /// `play N [FILE] [--lang L]`.
    Play {
        /// The chapter number.
        chapter: u32,
        /// The script file; `None` (or `-`) for standard input.
        file: Option<String>,
        /// The language of the reasons.
        lang: Lang,
    },
}

/// Reads the command line (without the program name). A usage error is a
/// message for standard error.
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut positional = Vec::new();
    let mut lang = Lang::En;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        match arg.as_str() {
            "-h" | "--help" | "help" => return Ok(Command::Help),
            "--lang" => {
                let code = args.get(i).ok_or("--lang needs a language: en or ko")?;
                i += 1;
                lang = parse_lang(code)?;
            }
            other if other.starts_with("--lang=") => {
                lang = parse_lang(&other["--lang=".len()..])?;
            }
            other if other.starts_with('-') && other != "-" => {
                return Err(format!("unknown option {other}"));
            }
            other => positional.push(other),
        }
    }
    match positional.as_slice() {
        [] => Err("say what to do: cloudlab-course play N [FILE]".into()),
        ["play"] => Err("play needs a chapter number: cloudlab-course play N [FILE]".into()),
        ["play", chapter, rest @ ..] if rest.len() <= 1 => {
            let chapter = chapter
                .parse()
                .map_err(|_| format!("the chapter must be a number, not {chapter:?}"))?;
            let file = rest
                .first()
                .filter(|file| **file != "-")
                .map(|file| (*file).to_string());
            Ok(Command::Play {
                chapter,
                file,
                lang,
            })
        }
        ["play", ..] => Err("play takes one chapter number and at most one FILE".into()),
        [other, ..] => Err(format!("unknown command {other:?} (the command is play)")),
    }
}

fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| format!("--lang: unknown language {code:?} (en or ko)"))
}

/// The whole `cloudlab-course` program on the given streams; returns the exit
/// status (see [`HELP`]). The binary only passes it the process's arguments
/// and streams.
#[cfg(feature = "embedded-lessons")]
pub fn main_with(
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    // Writing to standard error is best effort: there is nowhere else to say
    // that it failed.
    let mut complain = |message: &str| {
        let _ = writeln!(stderr, "cloudlab-course: {message}");
    };
    let (chapter, file, lang) = match parse_args(args) {
        Ok(Command::Help) => {
            return match stdout.write_all(HELP.as_bytes()) {
                Ok(()) => 0,
                Err(_) => 1,
            };
        }
        Ok(Command::Play {
            chapter,
            file,
            lang,
        }) => (chapter, file, lang),
        Err(message) => {
            complain(&format!("{message}\n(cloudlab-course --help says more)"));
            return 2;
        }
    };
    let catalog = match Catalog::load() {
        Ok(catalog) => catalog,
        Err(error) => {
            complain(&PlayError::Lessons(error).to_string());
            return 1;
        }
    };
    // Check the chapter before reading standard input, so that a wrong
    // number does not wait for input first.
    if catalog.chapter(chapter).is_none() {
        let error = PlayError::UnknownChapter {
            number: chapter,
            known: catalog.outlines().iter().map(|c| c.number).collect(),
        };
        complain(&error.to_string());
        return 2;
    }
    let script = match &file {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))
        }
        None => {
            let mut text = String::new();
            stdin
                .read_to_string(&mut text)
                .map(|_| text)
                .map_err(|error| format!("cannot read standard input: {error}"))
        }
    };
    let script = match script {
        Ok(script) => script,
        Err(message) => {
            complain(&message);
            return 2;
        }
    };
    let mut player = match Player::start(catalog, chapter) {
        Ok(player) => player,
        Err(error @ PlayError::UnknownChapter { .. }) => {
            complain(&error.to_string());
            return 2;
        }
        Err(error) => {
            complain(&error.to_string());
            return 1;
        }
    };
    for line in script.lines() {
        if let Err(problem) = player.run_line(line) {
            complain(&problem.to_string());
        }
    }
    for result in player.results(lang) {
        let written = serde_json::to_string(&result)
            .map_err(|error| error.to_string())
            .and_then(|json| writeln!(stdout, "{json}").map_err(|error| error.to_string()));
        if let Err(error) = written {
            complain(&format!("cannot write the results: {error}"));
            return 1;
        }
    }
    match stdout.flush() {
        Ok(()) => 0,
        Err(error) => {
            complain(&format!("cannot write the results: {error}"));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_string()).collect()
    }

    /// Runs the program on `stdin`; its exit status, stdout and stderr.
    fn run(words: &[&str], stdin: &str) -> (i32, String, String) {
        let mut stdout = Vec::new();
        let mut stderr = Vec::new();
        let code = main_with(
            &args(words),
            &mut stdin.as_bytes(),
            &mut stdout,
            &mut stderr,
        );
        (
            code,
            String::from_utf8_lossy(&stdout).into_owned(),
            String::from_utf8_lossy(&stderr).into_owned(),
        )
    }

    #[test]
    fn the_command_line_is_read() {
        assert_eq!(
            parse_args(&args(&["play", "4"])),
            Ok(Command::Play {
                chapter: 4,
                file: None,
                lang: Lang::En
            })
        );
        assert_eq!(
            parse_args(&args(&["--lang", "ko", "play", "2", "script.txt"])),
            Ok(Command::Play {
                chapter: 2,
                file: Some("script.txt".into()),
                lang: Lang::Ko
            })
        );
        assert_eq!(
            parse_args(&args(&["play", "2", "-", "--lang=ko"])),
            Ok(Command::Play {
                chapter: 2,
                file: None,
                lang: Lang::Ko
            })
        );
        assert_eq!(
            parse_args(&args(&["play", "2", "--help"])),
            Ok(Command::Help)
        );
        for (words, says) in [
            (&[][..], "say what to do"),
            (&["play"][..], "needs a chapter number"),
            (&["play", "four"][..], "must be a number"),
            (&["play", "-1"][..], "unknown option -1"),
            (&["play", "4", "a", "b"][..], "at most one FILE"),
            (&["run", "4"][..], "unknown command"),
            (&["play", "4", "--lang"][..], "needs a language"),
            (
                &["play", "4", "--lang", "fr"][..],
                "unknown language \"fr\"",
            ),
            (&["play", "4", "--verbose"][..], "unknown option --verbose"),
        ] {
            match parse_args(&args(words)) {
                Err(message) => assert!(message.contains(says), "{words:?}: {message}"),
                Ok(command) => panic!("{words:?} was read as {command:?}"),
            }
        }
    }

    #[test]
    fn usage_errors_exit_with_2_and_say_why() {
        let (code, stdout, stderr) = run(&["play", "99"], "");
        assert_eq!(code, 2);
        assert!(stdout.is_empty());
        assert!(stderr.contains("there is no chapter 99"), "{stderr}");
        assert!(stderr.contains("0, 1, 2"), "{stderr}");
        let (code, stdout, stderr) = run(&["play", "4", "/no/such/dir/script.txt"], "");
        assert_eq!(code, 2);
        assert!(stdout.is_empty());
        assert!(
            stderr.contains("cannot read /no/such/dir/script.txt"),
            "{stderr}"
        );
        let (code, _, stderr) = run(&["play"], "");
        assert_eq!(code, 2);
        assert!(stderr.contains("--help"), "{stderr}");
    }

    #[test]
    fn help_goes_to_stdout() {
        let (code, stdout, stderr) = run(&["--help"], "");
        assert_eq!(code, 0);
        assert_eq!(stdout, HELP);
        assert!(stderr.is_empty());
    }

    #[test]
    fn a_run_prints_one_json_object_per_checkpoint_and_problems_on_stderr() {
        let script = "# chapter 0, partly\n\naws sts get-caller-identity\n@bogus\n! echo fine\n";
        let (code, stdout, stderr) = run(&["play", "0"], script);
        assert_eq!(code, 0, "{stderr}");
        let catalog = Catalog::load().unwrap();
        let chapter = catalog.chapter(0).unwrap();
        let lines: Vec<serde_json::Value> = stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let expected: Vec<(String, String)> = chapter
            .checkpoints()
            .map(|(step, checkpoint)| (step.id.clone(), checkpoint.id.clone()))
            .collect();
        let got: Vec<(String, String)> = lines
            .iter()
            .map(|line| {
                (
                    line["step"].as_str().unwrap().to_string(),
                    line["checkpoint"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, expected);
        for line in &lines {
            let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                ["step", "checkpoint", "passed", "reason", "reached"],
                "{line}"
            );
            assert!(line["passed"].is_boolean() && line["reason"].is_string());
            assert!(line["reached"].is_boolean());
        }
        let problems: Vec<&str> = stderr.lines().collect();
        assert_eq!(problems.len(), 2, "{stderr}");
        assert!(
            problems[0].starts_with("cloudlab-course: line 4: cannot read \"@bogus\""),
            "{stderr}"
        );
        assert!(
            problems[1].starts_with("cloudlab-course: line 5: \"! echo fine\": expected a failure"),
            "{stderr}"
        );
    }

    #[test]
    fn hint_lines_name_a_step_of_the_chapter() {
        let mut player = Player::start(Catalog::load().unwrap(), 0).unwrap();
        assert_eq!(player.run_line("@hint who-am-i"), Ok(()));
        for line in [
            "@hint",
            "@hint launch",
            "@hint who-am-i extra",
            "@hintwho-am-i",
        ] {
            let problem = player.run_line(line).unwrap_err();
            assert_eq!(problem.kind, LineProblemKind::Parse, "{line}: {problem}");
        }
        // Revealing beyond the last hint is refused but not a parse error.
        let hints = player.session().hint_count(0, "who-am-i");
        for _ in 1..hints {
            assert_eq!(player.run_line("@hint who-am-i"), Ok(()));
        }
        let problem = player.run_line("@hint who-am-i").unwrap_err();
        assert_eq!(problem.kind, LineProblemKind::Failed);
        assert!(problem.detail.contains("already showing"), "{problem}");
        assert_eq!(problem.number, hints + 5);
        assert_eq!(player.problems().len(), 5);
    }

    #[test]
    fn a_placeholder_without_a_value_is_reported_and_the_line_not_run() {
        let mut player = Player::start(Catalog::load().unwrap(), 4).unwrap();
        let problem = player
            .run_line("aws ec2 terminate-instances --instance-ids {instance_id}")
            .unwrap_err();
        assert_eq!(problem.kind, LineProblemKind::Failed);
        assert!(
            problem.detail.contains("cannot fill in {instance_id}"),
            "{problem}"
        );
        let history = &player.session().lab(4).unwrap().terminal.history;
        assert!(history.is_empty(), "{history:?}");
    }
}
