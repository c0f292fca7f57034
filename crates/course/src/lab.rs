//! One sandbox per chapter: a simulated account plus the learner's machine,
//! built from the chapter's seed and setup lines.

use std::net::Ipv4Addr;

use cloudlab_model::CallerIdentity;
use cloudlab_model::iam::mfa::{
    CreateVirtualMfaDeviceInput, EnableMfaDeviceInput, totp_code, totp_seconds_left,
};
use cloudlab_model::{Cloud, CloudConfig};
use std::collections::BTreeMap;

use cloudlab_terminal::{CommandOutput, Scrollback, Terminal};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::chapter::{Chapter, LessonError};
use crate::placeholders;

/// The account id every lab uses.
pub const LAB_ACCOUNT_ID: &str = "123456789012";

/// The learner's public address in every lab (from the documentation range
/// TEST-NET-3, so it can never be a real machine).
pub const LAB_LEARNER_IP: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 25);

/// A chapter's sandbox: the simulated AWS account and the learner's laptop.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lab {
    /// The simulated AWS account.
    pub cloud: Cloud,
    /// The learner's machine: shell, files, `aws`, `ssh`, `curl`.
    pub terminal: Terminal,
    /// What the terminal screen shows; a save keeps only its end.
    #[serde(default, serialize_with = "serialize_screen_tail")]
    pub screen: Scrollback,
    /// The lab as it was when the learner first reached each step after the first,
    /// by step id, so the chapter can be rewound to the start of any step reached.
    /// The first step's start is the chapter's fresh lab itself (its seed and setup,
    /// rebuilt at will).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rewind_points: BTreeMap<String, RewindPatch>,
}

/// A rewind point as saved: what changed since an earlier step's point (or since the
/// fresh lab), as a [`crate::json_patch`] patch. Made once when the step is reached and
/// saved as it is, so saving costs nothing extra and each patch holds one step's work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RewindPatch {
    /// The earlier step whose point this patch applies to; `None` for the fresh lab.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The patch that turns the base into this point.
    pub patch: Value,
}

fn serialize_screen_tail<S: Serializer>(
    screen: &Scrollback,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    screen.tail().serialize(serializer)
}

/// The lab at the start of a step: the account and the learner's machine.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RewindPoint {
    /// The simulated AWS account.
    pub cloud: Cloud,
    /// The learner's machine.
    pub terminal: Terminal,
}

impl RewindPoint {
    /// The point as JSON, the form patches are made against.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// One entry of the lab's authenticator app: a virtual MFA device and the
/// code it shows now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthenticatorCode {
    /// The device's name (the last part of its serial number, `root-mfa`).
    pub device: String,
    /// The 6-digit code for the lab's current time.
    pub code: String,
    /// Seconds until the code changes (1 to 30).
    pub seconds_left: u32,
}

/// A line of a script that did not succeed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptFailure {
    /// The line as written (placeholders not filled in).
    pub line: String,
    /// What went wrong: the terminal's stderr, or the placeholder that could
    /// not be filled in.
    pub detail: String,
}

/// A console action a lesson line replays with `@console ACTION`. The console
/// can do a few things the CLI cannot:
///
/// - `assign-mfa root <device-name>`: as the root user, create a virtual MFA
///   device, read two consecutive codes from the authenticator (the second
///   after waiting 30 seconds) and enable the device for root, as **Security
///   credentials → Assign MFA device** does. AWS allows root's MFA to be set
///   only in the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsoleAction {
    /// `assign-mfa root <device-name>`.
    AssignRootMfa {
        /// The virtual MFA device's name.
        device: String,
    },
}

impl ConsoleAction {
    /// Reads an action as written after `@console `.
    pub fn parse(action: &str) -> Result<ConsoleAction, String> {
        let words: Vec<&str> = action.split_whitespace().collect();
        match words.as_slice() {
            ["assign-mfa", "root", device] => Ok(ConsoleAction::AssignRootMfa {
                device: (*device).to_string(),
            }),
            _ => Err(format!(
                "unknown console action {action:?} (the console actions are: assign-mfa root NAME)"
            )),
        }
    }
}

/// One line of a lesson script (setup, solution or wrong attempt), read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptLine {
    /// A terminal line, placeholders not yet filled in. `must_fail` for a
    /// line written `! command`, which must exit with a status other than 0.
    Command {
        /// The command as written after any `! `.
        command: String,
        /// Whether the line was written `! command`.
        must_fail: bool,
    },
    /// `@console ACTION`.
    Console(ConsoleAction),
}

impl ScriptLine {
    /// Reads a lesson line: `@console ACTION`, `! command` or a terminal
    /// line. Refuses, saying why, an unknown console action, an unknown
    /// `@` directive and a `!` with no command after it.
    pub fn parse(line: &str) -> Result<ScriptLine, String> {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('@') {
            let (directive, action) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            return match directive {
                "console" if action.trim().is_empty() => {
                    Err("@console needs an action, such as: @console assign-mfa root NAME".into())
                }
                "console" => ConsoleAction::parse(action).map(ScriptLine::Console),
                _ => Err(format!(
                    "unknown directive @{directive} (lesson lines know @console)"
                )),
            };
        }
        if trimmed == "!" {
            return Err("`!` needs a command after it (`! command` must fail)".into());
        }
        match trimmed.strip_prefix("! ") {
            Some(command) if command.trim().is_empty() => {
                Err("`!` needs a command after it (`! command` must fail)".into())
            }
            Some(command) => Ok(ScriptLine::Command {
                command: command.to_string(),
                must_fail: true,
            }),
            None => Ok(ScriptLine::Command {
                command: line.to_string(),
                must_fail: false,
            }),
        }
    }
}

impl Lab {
    /// A fresh lab for `chapter`: a new account from the chapter's seed and
    /// region, with the chapter's setup lines run. A setup line that fails is
    /// an error in the lesson.
    pub fn for_chapter(chapter: &Chapter) -> Result<Lab, LessonError> {
        // Native tools and tests link the Python interpreter in; the web app
        // fetches it as its own chunk and installs it (`src/python_code.rs`).
        #[cfg(feature = "embedded-lessons")]
        if chapter.python {
            cloudlab_python::install();
        }
        let config = CloudConfig {
            seed: chapter.seed,
            region: chapter.region.clone(),
            account_id: LAB_ACCOUNT_ID.to_string(),
            learner_ip: LAB_LEARNER_IP,
        };
        let cloud = Cloud::new(config).map_err(|error| LessonError::Setup {
            chapter: chapter.number,
            line: String::new(),
            stderr: error.to_string(),
        })?;
        let terminal = Terminal::for_cloud(&cloud);
        let mut lab = Lab::new(cloud, terminal);
        lab.run_script(&chapter.setup)
            .map_err(|failure| LessonError::Setup {
                chapter: chapter.number,
                line: failure.line,
                stderr: failure.detail,
            })?;
        lab.terminal.history.clear();
        Ok(lab)
    }

    /// A lab for `chapter` without its setup lines, used only if the setup
    /// fails (which the lesson tests rule out). Falls back to the default
    /// region when the chapter's is unknown.
    pub fn without_setup(chapter: &Chapter) -> Lab {
        let config = CloudConfig {
            seed: chapter.seed,
            region: chapter.region.clone(),
            account_id: LAB_ACCOUNT_ID.to_string(),
            learner_ip: LAB_LEARNER_IP,
        };
        let cloud = Cloud::new(config).unwrap_or_default();
        let terminal = Terminal::for_cloud(&cloud);
        Lab::new(cloud, terminal)
    }

    /// A lab of an account and a machine, with an empty screen and no rewind points.
    pub fn new(cloud: Cloud, terminal: Terminal) -> Lab {
        Lab {
            cloud,
            terminal,
            screen: Scrollback::new(),
            rewind_points: BTreeMap::new(),
        }
    }

    /// The account and machine as they are now, to come back to later.
    pub fn rewind_point(&self) -> RewindPoint {
        RewindPoint {
            cloud: self.cloud.clone(),
            terminal: self.terminal.clone(),
        }
    }

    /// Puts the account and machine back as they were at `point`. The screen, the
    /// command history and the rewind points are the learner's and stay.
    pub fn restore(&mut self, point: RewindPoint) {
        let history = std::mem::take(&mut self.terminal.history);
        self.cloud = point.cloud;
        self.terminal = point.terminal;
        self.terminal.history = history;
    }

    /// Runs a line typed at the terminal and shows it on the screen with its output
    /// (`clear` empties the screen instead).
    pub fn type_line(&mut self, line: &str) -> CommandOutput {
        let prompt = self.terminal.prompt();
        // A password is typed without echo, as a terminal does.
        let shown_line = if self.terminal.input_is_secret() {
            ""
        } else {
            line
        };
        let output = self.run(line);
        if output.clear_screen {
            self.screen.clear();
        } else {
            self.screen
                .push(&prompt, shown_line, &output.shown, output.exit_code != 0);
        }
        output
    }

    /// Ctrl+C at the terminal: abandons `line` (or the question waiting for an
    /// answer) and shows it with `^C`, as a terminal does.
    pub fn interrupt(&mut self, line: &str) -> CommandOutput {
        let prompt = self.terminal.prompt();
        let output = self.terminal.interrupt();
        self.screen.push(&prompt, &format!("{line}^C"), "", false);
        output
    }

    /// Checks what a saved lab must satisfy to be usable: a region AWS has and
    /// a 12-digit account id.
    pub fn validate(&self) -> Result<(), String> {
        let config = self.cloud.config();
        if cloudlab_model::catalog::region(&config.region).is_none() {
            return Err(format!("unknown region {:?}", config.region));
        }
        if config.account_id.len() != 12 || !config.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "the account id {:?} is not 12 digits",
                config.account_id
            ));
        }
        Ok(())
    }

    /// What the lab's authenticator app shows: every virtual MFA device
    /// created in the account (as if its QR code had been scanned), with its
    /// TOTP code at the lab's current time.
    pub fn authenticator_codes(&self) -> Vec<AuthenticatorCode> {
        let now = self.cloud.now();
        let seconds_left = u32::try_from(totp_seconds_left(now)).unwrap_or(30);
        self.cloud
            .virtual_mfa_devices()
            .iter()
            .map(|device| AuthenticatorCode {
                device: device
                    .serial_number
                    .rsplit('/')
                    .next()
                    .unwrap_or(&device.serial_number)
                    .to_string(),
                code: totp_code(&device.seed_base32, now),
                seconds_left,
            })
            .collect()
    }

    /// Performs a console action written in a lesson line after `@console `
    /// (see [`ConsoleAction`]). An action that cannot be read, or that the
    /// account refuses, is an error saying why.
    pub fn console(&mut self, action: &str) -> Result<(), String> {
        let action = ConsoleAction::parse(action)?;
        self.console_action(&action)
    }

    /// Performs a console action.
    pub fn console_action(&mut self, action: &ConsoleAction) -> Result<(), String> {
        match action {
            ConsoleAction::AssignRootMfa { device } => {
                let mut cloud = self.cloud.as_caller(CallerIdentity::Root);
                let device = cloud
                    .create_virtual_mfa_device(CreateVirtualMfaDeviceInput {
                        virtual_mfa_device_name: device.clone(),
                        ..Default::default()
                    })
                    .map_err(|error| error.to_string())?
                    .virtual_mfa_device;
                let seed = device.base32_string_seed;
                let first = totp_code(&seed, cloud.now());
                cloud.advance(std::time::Duration::from_secs(30));
                let second = totp_code(&seed, cloud.now());
                cloud
                    .enable_mfa_device(EnableMfaDeviceInput {
                        user_name: None,
                        serial_number: device.serial_number,
                        authentication_code1: first,
                        authentication_code2: second,
                    })
                    .map_err(|error| error.to_string())
            }
        }
    }

    /// Runs one line in the learner's terminal, exactly as typed.
    pub fn run(&mut self, line: &str) -> CommandOutput {
        self.terminal.run(&mut self.cloud, line)
    }

    /// Runs lesson lines one by one, filling in placeholders such as
    /// `{instance_id}` from the lab's current state just before each line.
    /// A line must exit with status 0, except a line written `! command`,
    /// which must fail (as in a shell, `!` inverts the status): lessons use it
    /// to show an error on purpose, such as a `curl` that times out. While a
    /// command waits for an answer (ssh's host key question, apt's `[Y/n]`),
    /// the next line is that answer, as in the terminal. Stops at the first
    /// line that does otherwise, cannot be read (see [`ScriptLine::parse`]) or
    /// cannot be filled in.
    pub fn run_script(&mut self, lines: &[String]) -> Result<Vec<CommandOutput>, ScriptFailure> {
        let mut outputs = Vec::with_capacity(lines.len());
        for line in lines {
            let failure = |detail| ScriptFailure {
                line: line.clone(),
                detail,
            };
            let parsed = ScriptLine::parse(line).map_err(failure)?;
            outputs.push(self.run_script_line(&parsed).map_err(failure)?);
        }
        Ok(outputs)
    }

    /// Runs one lesson line that has been read: fills in its placeholders and
    /// runs it in the terminal, or performs its console action. Fails, saying
    /// why, when a placeholder cannot be filled in, the console action is
    /// refused, or the line does not exit as written (0, or not 0 for `!`).
    /// A line that could not be filled in is not run.
    pub fn run_script_line(&mut self, line: &ScriptLine) -> Result<CommandOutput, String> {
        match line {
            ScriptLine::Console(action) => {
                self.console_action(action)?;
                Ok(CommandOutput::default())
            }
            ScriptLine::Command { command, must_fail } => {
                let filled = placeholders::fill(command, self).map_err(|missing| {
                    format!("cannot fill in {{{missing}}}: the lab has no such resource yet")
                })?;
                let output = self.run(&filled);
                let failed = output.exit_code != 0;
                if failed != *must_fail {
                    return Err(format!(
                        "expected {}, got exit code {}: {}{}",
                        if *must_fail { "a failure" } else { "success" },
                        output.exit_code,
                        output.stderr,
                        output.stdout
                    ));
                }
                Ok(output)
            }
        }
    }

    /// Runs lesson lines one by one like [`Lab::run_script`], but carries on
    /// past failures (for known-wrong attempts, whose lines may fail on purpose).
    /// A placeholder that cannot be filled in is left as written.
    pub fn run_lines_leniently(&mut self, lines: &[String]) -> Vec<CommandOutput> {
        lines
            .iter()
            .map(|line| match ScriptLine::parse(line) {
                Ok(ScriptLine::Console(action)) => {
                    let failed = self.console_action(&action).is_err();
                    CommandOutput {
                        exit_code: i32::from(failed),
                        ..CommandOutput::default()
                    }
                }
                Ok(ScriptLine::Command { command, .. }) => {
                    let filled = placeholders::fill_or_keep(&command, self);
                    self.run(&filled)
                }
                Err(detail) => {
                    let message = format!("{detail}\n");
                    CommandOutput {
                        stderr: message.clone(),
                        shown: message,
                        exit_code: 1,
                        ..CommandOutput::default()
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapter::parse_chapter;

    fn chapter_with_setup(setup: &[&str]) -> Chapter {
        let source = format!(
            r#"
number = 90
slug = "lab-test"
title = {{ en = "T", ko = "시험" }}
summary = {{ en = "S", ko = "요약" }}
minutes = 1
region = "ap-northeast-2"
seed = 7
setup = {setup:?}
solution = ["true"]

[[steps]]
id = "only"
title = {{ en = "T", ko = "시험" }}
reading = {{ en = "R", ko = "읽기" }}
task = {{ en = "T", ko = "과제" }}
hints = [{{ en = "H", ko = "힌트" }}]
"#
        );
        parse_chapter("test.toml", &source).unwrap()
    }

    #[test]
    fn setup_lines_run_and_are_not_in_the_history() {
        let chapter = chapter_with_setup(&["echo hello > note.txt", "chmod 600 note.txt"]);
        let lab = Lab::for_chapter(&chapter).unwrap();
        assert_eq!(lab.terminal.file_mode("note.txt"), Some(0o600));
        assert!(lab.terminal.history().is_empty());
        assert_eq!(lab.cloud.learner_ip(), LAB_LEARNER_IP);
        assert!(lab.validate().is_ok());
    }

    #[test]
    fn a_failing_setup_line_is_a_lesson_error() {
        let chapter =
            chapter_with_setup(&["echo ok", "aws ec2 describe-key-pairs --key-names missing"]);
        match Lab::for_chapter(&chapter) {
            Err(LessonError::Setup {
                chapter,
                line,
                stderr,
            }) => {
                assert_eq!(chapter, 90);
                assert!(line.contains("missing"));
                assert!(stderr.contains("InvalidKeyPair.NotFound"), "{stderr}");
            }
            other => panic!("expected a setup error, got {other:?}"),
        }
        let chapter = chapter_with_setup(&["echo {instance_id}"]);
        assert!(matches!(
            Lab::for_chapter(&chapter),
            Err(LessonError::Setup { .. })
        ));
    }

    #[test]
    fn a_bang_line_must_fail() {
        let mut lab = Lab::for_chapter(&chapter_with_setup(&[])).unwrap();
        assert!(lab.run_script(&["! cat no-such-file".to_string()]).is_ok());
        let failure = lab.run_script(&["! echo fine".to_string()]).unwrap_err();
        assert!(
            failure.detail.contains("expected a failure"),
            "{}",
            failure.detail
        );
        let failure = lab
            .run_script(&["cat no-such-file".to_string()])
            .unwrap_err();
        assert_eq!(failure.line, "cat no-such-file");
    }

    #[test]
    fn console_actions_assign_root_mfa_and_refuse_unknown_ones() {
        let mut lab = Lab::for_chapter(&chapter_with_setup(&[])).unwrap();
        assert!(!lab.cloud.root_mfa_enabled());
        assert!(
            lab.run_script(&["@console assign-mfa root phone".to_string()])
                .is_ok()
        );
        assert!(lab.cloud.root_mfa_enabled());
        let codes = lab.authenticator_codes();
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].device, "phone");
        // The same device name twice is an IAM error, reported as a failure.
        let failure = lab
            .run_script(&["@console assign-mfa root phone".to_string()])
            .unwrap_err();
        assert!(!failure.detail.is_empty());
        assert!(lab.console("reboot the internet").is_err());
        let outputs = lab.run_lines_leniently(&["@console nonsense".to_string()]);
        assert_eq!(outputs[0].exit_code, 1);
    }

    #[test]
    fn script_lines_are_read_before_they_run() {
        assert_eq!(
            ScriptLine::parse("aws sts get-caller-identity"),
            Ok(ScriptLine::Command {
                command: "aws sts get-caller-identity".into(),
                must_fail: false
            })
        );
        assert_eq!(
            ScriptLine::parse("! cat nope"),
            Ok(ScriptLine::Command {
                command: "cat nope".into(),
                must_fail: true
            })
        );
        assert_eq!(
            ScriptLine::parse("@console assign-mfa root phone"),
            Ok(ScriptLine::Console(ConsoleAction::AssignRootMfa {
                device: "phone".into()
            }))
        );
        for (line, says) in [
            ("@console", "needs an action"),
            ("@console   ", "needs an action"),
            ("@console assign-mfa admin phone", "unknown console action"),
            ("@consol assign-mfa root phone", "unknown directive @consol"),
            ("!", "needs a command"),
            ("!   ", "needs a command"),
        ] {
            match ScriptLine::parse(line) {
                Err(detail) => assert!(detail.contains(says), "{line:?}: {detail}"),
                Ok(parsed) => panic!("{line:?} was read as {parsed:?}"),
            }
        }
        // A failing script names the line that could not be read.
        let mut lab = Lab::for_chapter(&chapter_with_setup(&[])).unwrap();
        let failure = lab
            .run_script(&["echo ok".to_string(), "@consol x".to_string()])
            .unwrap_err();
        assert_eq!(failure.line, "@consol x");
        assert!(
            failure.detail.contains("unknown directive"),
            "{}",
            failure.detail
        );
    }

    #[test]
    fn lenient_runs_carry_on_past_failures() {
        let mut lab = Lab::for_chapter(&chapter_with_setup(&[])).unwrap();
        let outputs = lab.run_lines_leniently(&[
            "cat nope".to_string(),
            "echo {instance_id} > id.txt".to_string(),
        ]);
        assert_eq!(outputs.len(), 2);
        assert_ne!(outputs[0].exit_code, 0);
        assert_eq!(lab.terminal.read_file("id.txt"), Some("{instance_id}\n"));
    }

    #[test]
    fn an_unknown_region_falls_back_without_setup() {
        let mut chapter = chapter_with_setup(&["echo hi > x"]);
        chapter.region = "xx-nowhere-1".into();
        assert!(Lab::for_chapter(&chapter).is_err());
        let lab = Lab::without_setup(&chapter);
        assert_eq!(lab.cloud.region().code, "ap-northeast-2");
        assert!(lab.terminal.file_mode("x").is_none());
    }
}
