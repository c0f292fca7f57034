//! The learner's simulated machine and its terminal.
//!
//! A [`Terminal`] is the learner's laptop: a file system with Unix modes
//! ([`vfs`]), a small bash-like shell ([`shell`]), the `aws` CLI ([`aws`]), `ssh`
//! into instances ([`ssh`], [`remote`]) and `curl` ([`curl`]). Every command acts on
//! a [`cloudlab_model::Cloud`] passed in by the caller; the terminal itself does no
//! I/O and reads no clock, so a transcript replays byte for byte.
//!
//! ```
//! use cloudlab_model::{Cloud, CloudConfig};
//! use cloudlab_terminal::Terminal;
//!
//! let mut cloud = Cloud::new(CloudConfig::default()).unwrap();
//! let mut term = Terminal::new();
//! let out = term.run(&mut cloud, "echo hello > note.txt && cat note.txt");
//! assert_eq!(out.stdout, "hello\n");
//! assert_eq!(out.exit_code, 0);
//! ```

pub mod ab;
pub mod aws;
pub mod cache_demo;
pub mod complete;
pub mod curl;
pub mod disks;
pub mod dns;
pub mod heredoc;
pub mod keygen;
pub mod mail;
pub mod mysql;
pub mod oathtool;
pub mod ping;
pub mod rediscli;
pub mod remote;
pub mod scrollback;
pub mod shell;
pub mod ssh;
pub mod sysinfo;
pub mod telnet;
pub mod vfs;
mod zip;

use std::collections::{BTreeMap, BTreeSet};

use cloudlab_model::{Cloud, SimTime};
use serde::{Deserialize, Serialize};

pub use complete::Completion;
pub use scrollback::{ScreenEntry, Scrollback};
pub use vfs::{Vfs, VfsError};

/// What one command line printed and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommandOutput {
    /// Everything written to standard output (not redirected).
    pub stdout: String,
    /// Everything written to standard error (not redirected).
    pub stderr: String,
    /// Both streams interleaved in the order a terminal shows them.
    pub shown: String,
    /// The exit status of the last command (`$?`).
    pub exit_code: i32,
    /// `clear` was run: the UI should clear the screen before showing output.
    pub clear_screen: bool,
}

/// Where the learner's commands run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Session {
    /// On the laptop.
    #[default]
    Local,
    /// Inside `ssh`, on an instance.
    Remote(RemoteSession),
}

/// An open ssh session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteSession {
    /// The instance.
    pub instance_id: String,
    /// The user commands run as (`ubuntu`, or `root` after `sudo -i`).
    pub user: String,
    /// The user ssh logged in as.
    pub login_user: String,
    /// The host as typed on the `ssh` command line.
    pub host: String,
    /// The guest's host name (`ip-172-31-5-10`).
    pub hostname: String,
    /// The working directory on the instance.
    pub cwd: String,
}

/// A question a command is waiting on: the next line typed answers it instead
/// of running as a command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PendingInput {
    /// `aws configure` asking for keys, region and output format.
    AwsConfigure(aws::configure::ConfigurePrompt),
    /// `ssh` asking whether to trust a host key it has not seen.
    SshHostKey(ssh::HostKeyQuestion),
    /// `apt-get install` / `dnf install` on an instance asking to go ahead.
    Install(remote::InstallQuestion),
    /// `mysql` asking for the password, or for the next statement.
    Mysql(mysql::MysqlPrompt),
    /// `redis6-cli` waiting for the next command.
    Redis(rediscli::RedisSession),
    /// `telnet` connected to a Memcached node.
    Telnet(telnet::TelnetSession),
    /// A command waiting for the lines of its here-document.
    HereDoc(heredoc::HereDoc),
}

/// How many lines the history keeps (bash's `HISTSIZE` is 500 by default; Ubuntu sets 1,000).
pub const HISTORY_SIZE: usize = 1_000;

/// The longest line the history keeps, in bytes; longer lines run but are not remembered.
pub const HISTORY_LINE_BYTES: usize = 4_096;

/// The learner's machine: files, history, shell variables and the current session.
/// Fields missing from a saved copy take their fresh-machine values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Terminal {
    /// The file system.
    pub vfs: Vfs,
    /// The working directory on the laptop.
    pub cwd: String,
    /// The previous working directory (`cd -`).
    pub oldpwd: String,
    /// Every non-empty line run, oldest first.
    pub history: Vec<String>,
    /// Shell variables set with `NAME=value` or `export`.
    pub vars: BTreeMap<String, String>,
    /// The variables that are exported to commands (`export NAME`).
    pub exported: BTreeSet<String>,
    /// `$?`.
    pub last_status: i32,
    /// Local or inside ssh.
    pub session: Session,
    /// When the learner last logged in to each instance (for `Last login:`).
    pub last_logins: BTreeMap<String, SimTime>,
    /// When each service was last started with `systemctl` or a package install,
    /// keyed by `instance-id/service` (for `systemctl status`).
    pub service_started: BTreeMap<String, SimTime>,
    /// A command waiting for the next line as its answer (`aws configure`).
    pub pending: Option<PendingInput>,
    /// Whether the lab's AWS CLI credentials and config were written to
    /// `~/.aws` (done once, on the first command).
    pub aws_provisioned: bool,
    /// Whether the command running now is the whole line typed (no pipe,
    /// redirection, list or `$(…)`), so it may stop and ask a question that
    /// the next line answers.
    #[serde(skip)]
    pub(crate) can_ask: bool,
    /// The city a `from CITY command` runs in (`None`: the laptop, in Seoul).
    #[serde(skip)]
    pub(crate) viewer_city: Option<&'static str>,
    /// A finished here-document, the standard input of the first command of
    /// the line it belongs to.
    #[serde(skip)]
    pub(crate) heredoc_stdin: Option<String>,
    /// The laptop's resolver's cache, by `name type` (absent in older saves).
    #[serde(default)]
    pub dns_cache: BTreeMap<String, dns::CachedAnswer>,
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal::new()
    }
}

impl Terminal {
    /// A fresh laptop: an empty home directory and an AWS CLI configured for the
    /// account's region with JSON output.
    pub fn new() -> Terminal {
        Terminal {
            vfs: Vfs::new(),
            cwd: vfs::HOME.to_string(),
            oldpwd: vfs::HOME.to_string(),
            history: Vec::new(),
            vars: BTreeMap::new(),
            exported: BTreeSet::new(),
            last_status: 0,
            session: Session::Local,
            last_logins: BTreeMap::new(),
            service_started: BTreeMap::new(),
            pending: None,
            aws_provisioned: false,
            can_ask: false,
            heredoc_stdin: None,
            viewer_city: None,
            dns_cache: BTreeMap::new(),
        }
    }

    /// A fresh laptop whose AWS CLI is already configured for `cloud`'s lab:
    /// `~/.aws/credentials` holds the lab user's access key and
    /// `~/.aws/config` the lab's region, as after `aws configure`.
    pub fn for_cloud(cloud: &Cloud) -> Terminal {
        let mut term = Terminal::new();
        term.provision_aws(cloud);
        term
    }

    /// Writes the lab's AWS CLI files once (see [`Terminal::for_cloud`]);
    /// files the learner already has are left alone.
    pub fn provision_aws(&mut self, cloud: &Cloud) {
        if self.aws_provisioned {
            return;
        }
        self.aws_provisioned = true;
        aws::provision(self, cloud);
    }

    /// Runs one command line against `cloud`. Never panics. While a command
    /// waits for an answer ([`Terminal::pending`]), the line is that answer.
    pub fn run(&mut self, cloud: &mut Cloud, line: &str) -> CommandOutput {
        self.provision_aws(cloud);
        if let Some(pending) = self.pending.take() {
            return self.answer(cloud, pending, line);
        }
        self.remember(line);
        if let Some(doc) = heredoc::split(line) {
            self.pending = Some(PendingInput::HereDoc(doc));
            return CommandOutput::default();
        }
        shell::run_line(self, cloud, line)
    }

    /// Adds a line to the history, as bash does with `HISTSIZE` set: blank lines
    /// are skipped, lines longer than [`HISTORY_LINE_BYTES`] (a pasted file, say)
    /// are not kept, and only the last [`HISTORY_SIZE`] lines stay.
    fn remember(&mut self, line: &str) {
        if line.trim().is_empty() || line.len() > HISTORY_LINE_BYTES {
            return;
        }
        self.history.push(line.to_string());
        let overflow = self.history.len().saturating_sub(HISTORY_SIZE);
        self.history.drain(..overflow);
    }

    /// Gives `line` to the command waiting for it.
    fn answer(&mut self, cloud: &mut Cloud, pending: PendingInput, line: &str) -> CommandOutput {
        let result = match pending {
            PendingInput::AwsConfigure(mut prompt) => {
                prompt.record(line);
                if prompt.is_complete() {
                    aws::configure::finish(self, cloud, &prompt)
                } else {
                    self.pending = Some(PendingInput::AwsConfigure(prompt));
                    shell::CmdResult::ok("")
                }
            }
            PendingInput::SshHostKey(question) => ssh::answer(self, cloud, question, line),
            PendingInput::Install(question) => remote::answer_install(self, cloud, question, line),
            PendingInput::Mysql(prompt) => mysql::answer(self, cloud, prompt, line),
            PendingInput::Redis(session) => rediscli::answer(self, cloud, session, line),
            PendingInput::Telnet(session) => telnet::answer(self, cloud, session, line),
            PendingInput::HereDoc(mut doc) => {
                if doc.feed(line) {
                    let body = if doc.expand {
                        heredoc::expand(&doc.body, &|name| shell::variable(self, name))
                    } else {
                        doc.body
                    };
                    self.heredoc_stdin = Some(body);
                    let out = shell::run_line(self, cloud, &doc.command);
                    self.heredoc_stdin = None;
                    return out;
                }
                self.pending = Some(PendingInput::HereDoc(doc));
                return CommandOutput::default();
            }
        };
        if self.pending.is_none() {
            self.last_status = result.code;
        }
        // As the shell shows a command's output: its errors and notices first
        // unless they belong after it.
        let shown = if result.err_last {
            format!("{}{}", result.out, result.err)
        } else {
            format!("{}{}", result.err, result.out)
        };
        CommandOutput {
            shown,
            stdout: result.out,
            stderr: result.err,
            exit_code: result.code,
            clear_screen: false,
        }
    }

    /// Ctrl-C: abandons a command waiting for an answer (Python prints a new
    /// line and exits with 130); at the shell prompt it only sets `$?` to 130.
    pub fn interrupt(&mut self) -> CommandOutput {
        let stdout = if self.pending.take().is_some() {
            "\n".to_string()
        } else {
            String::new()
        };
        self.last_status = 130;
        CommandOutput {
            shown: stdout.clone(),
            stdout,
            stderr: String::new(),
            exit_code: 130,
            clear_screen: false,
        }
    }

    /// The prompt: `learner@laptop:~$ ` or `ubuntu@ip-172-31-5-10:~$ `, or the
    /// question a waiting command asks (`AWS Access Key ID [None]: `,
    /// `Are you sure you want to continue connecting (yes/no/[fingerprint])? `).
    pub fn prompt(&self) -> String {
        match &self.pending {
            Some(PendingInput::AwsConfigure(prompt)) => return prompt.question(),
            Some(PendingInput::SshHostKey(question)) => return question.question(),
            Some(PendingInput::Install(question)) => return question.question(),
            Some(PendingInput::Mysql(prompt)) => return prompt.question(),
            Some(PendingInput::Redis(session)) => return session.prompt(),
            Some(PendingInput::Telnet(_)) => return String::new(),
            Some(PendingInput::HereDoc(_)) => return "> ".to_string(),
            None => {}
        }
        match &self.session {
            Session::Local => format!("learner@laptop:{}$ ", tilde(&self.cwd, vfs::HOME)),
            Session::Remote(r) => {
                let home = remote::home_of(&r.user);
                let sign = if r.user == "root" { '#' } else { '$' };
                format!("{}@{}:{}{sign} ", r.user, r.hostname, tilde(&r.cwd, &home))
            }
        }
    }

    /// Whether the next line answers a question whose answer must not be
    /// shown or kept (a password).
    pub fn input_is_secret(&self) -> bool {
        matches!(&self.pending, Some(PendingInput::Mysql(prompt)) if prompt.is_secret())
    }

    /// Tab completion for `line` (the text before the cursor).
    pub fn complete(&self, cloud: &Cloud, line: &str) -> Completion {
        complete::complete(self, cloud, line)
    }

    /// Every line run so far, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Forgets the history (for example after a chapter's setup lines ran, so
    /// the up arrow does not show them).
    pub fn clear_history(&mut self) {
        self.history.clear();
    }

    /// One history entry by index (0 = oldest).
    pub fn history_entry(&self, index: usize) -> Option<&str> {
        self.history.get(index).map(String::as_str)
    }

    /// Writes a file on the laptop, as a browser download does (path relative to
    /// the home directory unless absolute). The file is created anew with `mode`,
    /// replacing any file of that name whatever its permissions.
    pub fn write_file(&mut self, path: &str, contents: &str, mode: u32) -> Result<(), VfsError> {
        let full = vfs::normalize(vfs::HOME, path);
        if self.vfs.get(&full).is_some_and(|n| !n.is_dir()) {
            self.vfs.remove(&full, false)?;
        }
        self.vfs.write_with_mode(&full, contents, false, mode, 0)
    }

    /// Saves a browser download into the home directory and returns the file name used.
    /// Like a browser, it never treats the suggested name as a path: `/`, `\\`, control
    /// characters and the characters Windows refuses (`<>:"|?*`) become `_`, and leading
    /// dots and spaces are dropped (`my/key.pem` is saved as `my_key.pem`).
    pub fn save_download(
        &mut self,
        suggested_name: &str,
        contents: &str,
        mode: u32,
    ) -> Result<String, VfsError> {
        let name = download_file_name(suggested_name);
        self.write_file(&name, contents, mode)?;
        Ok(name)
    }

    /// A laptop file's permission bits (path relative to home unless absolute).
    pub fn file_mode(&self, path: &str) -> Option<u32> {
        self.vfs
            .get(&vfs::normalize(vfs::HOME, path))
            .map(|n| n.mode)
    }

    /// A laptop file's text (path relative to home unless absolute), ignoring
    /// permissions (for checks).
    pub fn read_file(&self, path: &str) -> Option<&str> {
        match &self.vfs.get(&vfs::normalize(vfs::HOME, path))?.kind {
            vfs::NodeKind::File { contents } => Some(contents),
            vfs::NodeKind::Binary { text, .. } => Some(text),
            vfs::NodeKind::Dir => None,
        }
    }

    /// An exported environment variable, as a command such as `aws` sees it.
    pub fn env_var(&self, name: &str) -> Option<&str> {
        if self.exported.contains(name) {
            self.vars.get(name).map(String::as_str)
        } else {
            None
        }
    }

    /// A setting of a named AWS CLI profile (`"default"` for the default one),
    /// as the CLI reads it: `~/.aws/config`'s `[profile NAME]` (or
    /// `[default]`), overridden by `~/.aws/credentials`' `[NAME]`. For checks.
    pub fn aws_profile_setting(&self, profile: &str, key: &str) -> Option<String> {
        aws::config::load(self).ok()?.setting(profile, key)
    }

    /// The instance id the learner is ssh'd into, if any.
    pub fn remote_instance(&self) -> Option<&str> {
        match &self.session {
            Session::Local => None,
            Session::Remote(r) => Some(&r.instance_id),
        }
    }

    /// The AWS CLI setting `key` (`region`, `output`, ...) of the profile
    /// `AWS_PROFILE` names (else `default`), from `~/.aws/config` and
    /// `~/.aws/credentials`.
    pub fn aws_config(&self, key: &str) -> Option<String> {
        aws::config::setting(self, &aws::args::GlobalOptions::default(), key)
    }
}

/// The file name a browser saves a download suggested as `suggested` under.
pub fn download_file_name(suggested: &str) -> String {
    let cleaned: String = suggested
        .chars()
        .map(|c| match c {
            '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches([' ']);
    if trimmed.is_empty() {
        "download".to_string()
    } else {
        trimmed.to_string()
    }
}

/// `path` with `home` shown as `~`.
fn tilde(path: &str, home: &str) -> String {
    if path == home {
        "~".to_string()
    } else if let Some(rest) = path.strip_prefix(&format!("{home}/")) {
        format!("~/{rest}")
    } else {
        path.to_string()
    }
}
