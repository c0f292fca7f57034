//! One sandbox per chapter: a simulated account plus the learner's machine,
//! built from the chapter's seed and setup lines.

use std::net::Ipv4Addr;

use cloudlab_model::{Cloud, CloudConfig};
use cloudlab_terminal::{CommandOutput, Terminal};
use serde::{Deserialize, Serialize};

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

impl Lab {
    /// A fresh lab for `chapter`: a new account from the chapter's seed and
    /// region, with the chapter's setup lines run. A setup line that fails is
    /// an error in the lesson.
    pub fn for_chapter(chapter: &Chapter) -> Result<Lab, LessonError> {
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
        let mut lab = Lab {
            cloud,
            terminal: Terminal::new(),
        };
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
        Lab {
            cloud,
            terminal: Terminal::new(),
        }
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

    /// Runs one line in the learner's terminal, exactly as typed.
    pub fn run(&mut self, line: &str) -> CommandOutput {
        self.terminal.run(&mut self.cloud, line)
    }

    /// Runs lesson lines one by one, filling in placeholders such as
    /// `{instance_id}` from the lab's current state just before each line.
    /// A line must exit with status 0, except a line written `! command`,
    /// which must fail (as in a shell, `!` inverts the status): lessons use it
    /// to show an error on purpose, such as a `curl` that times out. Stops at
    /// the first line that does otherwise or cannot be filled in.
    pub fn run_script(&mut self, lines: &[String]) -> Result<Vec<CommandOutput>, ScriptFailure> {
        let mut outputs = Vec::with_capacity(lines.len());
        for line in lines {
            let (command, must_fail) = match line.strip_prefix("! ") {
                Some(command) => (command, true),
                None => (line.as_str(), false),
            };
            let filled = placeholders::fill(command, self).map_err(|missing| ScriptFailure {
                line: line.clone(),
                detail: format!("cannot fill in {{{missing}}}: the lab has no such resource yet"),
            })?;
            let output = self.run(&filled);
            let failed = output.exit_code != 0;
            if failed != must_fail {
                return Err(ScriptFailure {
                    line: line.clone(),
                    detail: format!(
                        "expected {}, got exit code {}: {}{}",
                        if must_fail { "a failure" } else { "success" },
                        output.exit_code,
                        output.stderr,
                        output.stdout
                    ),
                });
            }
            outputs.push(output);
        }
        Ok(outputs)
    }

    /// Runs lesson lines one by one like [`Lab::run_script`], but carries on
    /// past failures (for known-wrong attempts, whose lines may fail on purpose).
    /// A placeholder that cannot be filled in is left as written.
    pub fn run_lines_leniently(&mut self, lines: &[String]) -> Vec<CommandOutput> {
        lines
            .iter()
            .map(|line| {
                let command = line.strip_prefix("! ").unwrap_or(line);
                let filled = placeholders::fill_for_display(command, self);
                self.run(&filled)
            })
            .collect()
    }
}
