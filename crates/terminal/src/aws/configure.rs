//! `aws configure`: the four questions (asked one line at a time through the
//! terminal's prompt, or read from a pipe), `set`, `get`, `list` and
//! `list-profiles`, writing the same `~/.aws/credentials` and `~/.aws/config`
//! the AWS CLI v2 writes.

use cloudlab_model::Cloud;
use serde::{Deserialize, Serialize};

use super::args::{self, GlobalOptions};
use super::config::{
    self, AWS_DIR, CONFIG_DISPLAY, CONFIG_PATH, CREDENTIALS_PATH, ConfigError, ProfileSource,
};
use super::ini::{self, NewValue};
use super::usage_error;
use crate::shell::CmdResult;
use crate::{Terminal, vfs};

/// The questions, in order: the setting each answer goes to and its text.
const QUESTIONS: [(&str, &str); 4] = [
    ("aws_access_key_id", "AWS Access Key ID"),
    ("aws_secret_access_key", "AWS Secret Access Key"),
    ("region", "Default region name"),
    ("output", "Default output format"),
];

/// Settings written to `~/.aws/credentials` rather than `~/.aws/config`.
const CREDENTIAL_KEYS: [&str; 3] = [
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
];

/// `aws configure` waiting for its answers: the profile, the values it
/// started with and the answers so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfigurePrompt {
    /// The profile being configured (`None`: the default profile).
    pub profile: Option<String>,
    /// Each question's current value.
    pub current: Vec<Option<String>>,
    /// The answers given so far (`None`: kept the current value).
    pub answers: Vec<Option<String>>,
}

impl ConfigurePrompt {
    /// The question for the next answer, as the CLI prints it:
    /// `AWS Access Key ID [****************ABCD]: `.
    pub fn question(&self) -> String {
        let index = self.answers.len();
        let (name, text) = QUESTIONS.get(index).copied().unwrap_or(("", ""));
        let current = self.current.get(index).cloned().flatten();
        let shown = match current {
            None => "None".to_string(),
            Some(v) if CREDENTIAL_KEYS.contains(&name) => config::mask(&v),
            Some(v) => v,
        };
        format!("{text} [{shown}]: ")
    }

    /// Whether every question has an answer.
    pub fn is_complete(&self) -> bool {
        self.answers.len() >= QUESTIONS.len()
    }

    /// Records one answer (an empty line keeps the current value).
    pub fn record(&mut self, line: &str) {
        let answer = line.trim_end_matches(['\r', '\n']);
        self.answers
            .push((!answer.is_empty()).then(|| answer.to_string()));
    }
}

/// Runs `aws configure ...`. `stdin` is piped input, if any: the questions
/// are then answered from it at once.
pub fn run(
    term: &mut Terminal,
    cloud: &mut Cloud,
    globals: &GlobalOptions,
    words: &[String],
    stdin: Option<&str>,
) -> CmdResult {
    match words.first().map(String::as_str) {
        None => start(term, cloud, globals, stdin),
        Some("help") => CmdResult::ok(super::help::configure()),
        Some("list") => no_extra(words, 1).unwrap_or_else(|| list(term, globals)),
        Some("list-profiles") => no_extra(words, 1).unwrap_or_else(|| list_profiles(term)),
        Some("get") => match words.get(1) {
            None => usage_error("the following arguments are required: varname"),
            Some(name) => no_extra(words, 2).unwrap_or_else(|| get(term, globals, name)),
        },
        Some("set") => match (words.get(1), words.get(2)) {
            (Some(name), Some(value)) => {
                no_extra(words, 3).unwrap_or_else(|| set(term, cloud, globals, name, value))
            }
            (Some(_), None) => usage_error("the following arguments are required: value"),
            _ => usage_error("the following arguments are required: varname, value"),
        },
        Some(other) if other.starts_with("--") => super::arg_error(args::ArgError::Unknown(
            format!("Unknown options: {}", words.join(", ")),
        )),
        Some(other) => usage_error(&format!(
            "argument subcommand: {}",
            args::invalid_choice(other, &["list", "get", "set", "list-profiles"])
        )),
    }
}

/// `Unknown options: ...` for words after a subcommand's arguments.
fn no_extra(words: &[String], expected: usize) -> Option<CmdResult> {
    let extra = words.get(expected..).unwrap_or(&[]);
    (!extra.is_empty()).then(|| {
        super::arg_error(args::ArgError::Unknown(format!(
            "Unknown options: {}",
            extra.join(", ")
        )))
    })
}

/// The session's profile for `configure` (`--profile`, else `AWS_PROFILE`).
fn session_profile(term: &Terminal, globals: &GlobalOptions) -> Option<String> {
    config::chosen_profile(term, globals).name
}

/// `aws configure` with no subcommand: asks the four questions.
fn start(
    term: &mut Terminal,
    cloud: &mut Cloud,
    globals: &GlobalOptions,
    stdin: Option<&str>,
) -> CmdResult {
    let profile = session_profile(term, globals);
    let files = match config::load(term) {
        Ok(f) => f,
        Err(e) => return e.to_result(),
    };
    let name = profile.as_deref().unwrap_or("default");
    let current: Vec<Option<String>> = QUESTIONS
        .iter()
        .map(|(key, _)| files.setting(name, key))
        .collect();
    let mut prompt = ConfigurePrompt {
        profile,
        current,
        answers: Vec::new(),
    };
    match stdin {
        None => {
            term.pending = Some(crate::PendingInput::AwsConfigure(prompt));
            CmdResult::ok("")
        }
        Some(input) => {
            // Python's input() on a pipe: each prompt is printed, the answer
            // is not echoed.
            let mut out = String::new();
            let mut lines = input.lines();
            while !prompt.is_complete() {
                out.push_str(&prompt.question());
                match lines.next() {
                    Some(line) => prompt.record(line),
                    None => {
                        return CmdResult {
                            out,
                            err: "\nEOF when reading a line\n".into(),
                            code: 255,
                            ..CmdResult::default()
                        };
                    }
                }
            }
            let mut result = finish(term, cloud, &prompt);
            result.out = format!("{out}{}", result.out);
            result
        }
    }
}

/// Writes the answers of a finished `aws configure`: keys to
/// `~/.aws/credentials`, region and output to `~/.aws/config`.
pub fn finish(term: &mut Terminal, cloud: &Cloud, prompt: &ConfigurePrompt) -> CmdResult {
    let mut credentials: Vec<(String, NewValue)> = Vec::new();
    let mut settings: Vec<(String, NewValue)> = Vec::new();
    for (index, (key, _)) in QUESTIONS.iter().enumerate() {
        let Some(Some(answer)) = prompt.answers.get(index) else {
            continue;
        };
        let current = prompt.current.get(index).cloned().flatten();
        if current.as_deref() == Some(answer.as_str()) {
            continue;
        }
        let entry = (key.to_string(), NewValue::Scalar(answer.clone()));
        if CREDENTIAL_KEYS.contains(key) {
            credentials.push(entry);
        } else {
            settings.push(entry);
        }
    }
    let now = cloud.now().unix_seconds();
    let profile = prompt.profile.as_deref();
    if !credentials.is_empty() {
        let section = profile.unwrap_or("default");
        if let Err(e) = update_file(term, now, CREDENTIALS_PATH, section, &credentials) {
            return e;
        }
    }
    if !settings.is_empty() {
        let section = profile.map_or_else(|| "default".to_string(), profile_to_section);
        if let Err(e) = update_file(term, now, CONFIG_PATH, &section, &settings) {
            return e;
        }
    }
    CmdResult::ok("")
}

/// `aws login`: signs the CLI in with the lab's console session — the
/// account's root user, as in the lab's console — for the chosen profile
/// (AWS CLI 2.32's `aws login` gives the CLI temporary credentials from a
/// console sign-in). It records `login_session` in `~/.aws/config`.
pub fn login(
    term: &mut Terminal,
    cloud: &Cloud,
    globals: &GlobalOptions,
    words: &[String],
) -> CmdResult {
    if let Some(extra) = no_extra(words, 0) {
        return extra;
    }
    let profile = session_profile(term, globals);
    let name = profile.clone().unwrap_or_else(|| "default".into());
    let section = profile.map_or_else(|| "default".to_string(), |p| profile_to_section(&p));
    let arn = cloud.root_arn();
    let value = vec![("login_session".to_string(), NewValue::Scalar(arn.clone()))];
    if let Err(e) = update_file(
        term,
        cloud.now().unix_seconds(),
        CONFIG_PATH,
        &section,
        &value,
    ) {
        return e;
    }
    CmdResult::ok(format!(
        "Signed in with the console session of {arn}.\nThe profile {name} now uses it; `aws logout` ends it.\n"
    ))
}

/// `aws logout`: forgets the console session of the chosen profile.
pub fn logout(
    term: &mut Terminal,
    cloud: &Cloud,
    globals: &GlobalOptions,
    words: &[String],
) -> CmdResult {
    if let Some(extra) = no_extra(words, 0) {
        return extra;
    }
    let profile = session_profile(term, globals);
    let section = profile.map_or_else(|| "default".to_string(), |p| profile_to_section(&p));
    let Ok(text) = term.vfs.read(CONFIG_PATH).map(str::to_string) else {
        return CmdResult::ok("");
    };
    let updated = ini::remove_key(&text, &section, "login_session");
    if updated != text
        && let Err(e) = term.vfs.write_with_mode(
            CONFIG_PATH,
            &updated,
            false,
            0o600,
            cloud.now().unix_seconds(),
        )
    {
        return os_error(&e, CONFIG_PATH);
    }
    CmdResult::ok("")
}

/// `profile NAME` (quoted if it has spaces), or `default`.
fn profile_to_section(name: &str) -> String {
    if name == "default" {
        name.to_string()
    } else if name.contains([' ', '\t']) {
        format!("profile '{name}'")
    } else {
        format!("profile {name}")
    }
}

/// Python's error text for a file the CLI cannot open.
fn os_error(e: &vfs::VfsError, path: &str) -> CmdResult {
    let errno = match e {
        vfs::VfsError::PermissionDenied => "[Errno 13] Permission denied",
        vfs::VfsError::IsADirectory => "[Errno 21] Is a directory",
        vfs::VfsError::NotADirectory => "[Errno 20] Not a directory",
        _ => "[Errno 2] No such file or directory",
    };
    CmdResult::fail(format!("\n{errno}: '{path}'\n"), 255)
}

/// `ConfigFileWriter.update_config` on a VFS file: creates `~/.aws` and the
/// file (mode 0600) if needed.
fn update_file(
    term: &mut Terminal,
    now: u64,
    path: &str,
    section: &str,
    values: &[(String, NewValue)],
) -> Result<(), CmdResult> {
    if !term.vfs.exists(AWS_DIR) {
        term.vfs
            .mkdir(AWS_DIR, true, now)
            .map_err(|e| os_error(&e, AWS_DIR))?;
    }
    let current = if term.vfs.exists(path) {
        Some(
            term.vfs
                .read(path)
                .map_err(|e| os_error(&e, path))?
                .to_string(),
        )
    } else {
        None
    };
    let text = ini::update(current.as_deref(), section, values);
    term.vfs
        .write_with_mode(path, &text, false, 0o600, now)
        .map_err(|e| os_error(&e, path))
}

/// `aws configure set varname value`, scoping the name as `set.py` does.
fn set(
    term: &mut Terminal,
    cloud: &Cloud,
    globals: &GlobalOptions,
    varname: &str,
    value: &str,
) -> CmdResult {
    let session = session_profile(term, globals);
    let mut profile = "default".to_string();
    let mut key = varname.to_string();
    let mut nested: Option<String> = None;
    let parts: Vec<&str> = varname.split('.').collect();
    if parts.len() == 1 {
        if let Some(p) = &session {
            profile = p.clone();
        }
    } else {
        let first = parts.first().copied().unwrap_or("");
        if first == "default" || first == "profile" {
            let remaining: &[&str] = if first == "default" {
                parts.get(1..).unwrap_or(&[])
            } else {
                profile = parts.get(1).copied().unwrap_or("").to_string();
                parts.get(2..).unwrap_or(&[])
            };
            let Some(name) = remaining.first() else {
                return CmdResult::fail("\nlist index out of range\n", 255);
            };
            key = name.to_string();
            if remaining.len() == 2 {
                nested = remaining.get(1).map(|s| s.to_string());
            }
        } else if !"plugins".contains(first) {
            if let Some(p) = &session {
                profile = p.clone();
            }
            key = first.to_string();
            if parts.len() == 2 {
                nested = parts.get(1).map(|s| s.to_string());
            }
        } else if parts.len() == 2 {
            profile = first.to_string();
            key = parts.get(1).copied().unwrap_or("").to_string();
        }
    }
    let new_value = match nested {
        Some(sub) => NewValue::Nested(vec![(sub, value.to_string())]),
        None => NewValue::Scalar(value.to_string()),
    };
    let (path, section) = if CREDENTIAL_KEYS.contains(&key.as_str()) {
        (CREDENTIALS_PATH, profile.clone())
    } else if "plugins".contains(profile.as_str()) || profile == "default" {
        (CONFIG_PATH, profile.clone())
    } else {
        (CONFIG_PATH, profile_to_section(&profile))
    };
    let now = cloud.now().unix_seconds();
    match update_file(term, now, path, &section, &[(key, new_value)]) {
        Ok(()) => CmdResult::ok(""),
        Err(e) => e,
    }
}

/// A nested value (`\nkey = value` lines) as its keys and values.
fn nested_entries(value: &str) -> Vec<(String, String)> {
    value
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// `aws configure get varname`, looking the name up as `get.py` does.
fn get(term: &Terminal, globals: &GlobalOptions, varname: &str) -> CmdResult {
    let files = match config::load(term) {
        Ok(f) => f,
        Err(e) => return e.to_result(),
    };
    let session = session_profile(term, globals);
    let value: Option<String> = if !varname.contains('.') {
        let name = session.clone().unwrap_or_else(|| "default".into());
        if session.is_some() && name != "default" && !files.has_profile(&name) {
            return ConfigError::ProfileNotFound(name).to_result();
        }
        files.setting(&name, varname)
    } else {
        let parts: Vec<&str> = varname.split('.').collect();
        let first = parts.first().copied().unwrap_or("");
        let (profile, name, remaining): (String, &str, &[&str]) = if first == "profile" {
            (
                parts.get(1).copied().unwrap_or("").to_string(),
                parts.get(2).copied().unwrap_or(""),
                parts.get(3..).unwrap_or(&[]),
            )
        } else if first == "default" || files.has_profile(first) {
            (
                first.to_string(),
                parts.get(1).copied().unwrap_or(""),
                parts.get(2..).unwrap_or(&[]),
            )
        } else {
            (
                session.clone().unwrap_or_else(|| "default".into()),
                first,
                parts.get(1..).unwrap_or(&[]),
            )
        };
        let value = files.setting(&profile, name);
        match remaining {
            [sub] => value.and_then(|v| {
                nested_entries(&v)
                    .into_iter()
                    .find(|(k, _)| k == sub)
                    .map(|(_, v)| v)
            }),
            _ => value,
        }
    };
    match value {
        Some(v) if v.starts_with('\n') => CmdResult::fail(
            format!("varname ({varname}) must reference a value, not a section or sub-section."),
            1,
        ),
        Some(v) => CmdResult::ok(format!("{v}\n")),
        None => CmdResult::fail("", 1),
    }
}

/// One row of `aws configure list` (`'%10s %24s %16s    %s'`).
fn list_row(name: &str, value: &str, kind: &str, location: &str) -> String {
    format!("{name:>10} {value:>24} {kind:>16}    {location}\n")
}

/// `aws configure list`: where the profile, keys and region come from.
fn list(term: &Terminal, globals: &GlobalOptions) -> CmdResult {
    let files = match config::load(term) {
        Ok(f) => f,
        Err(e) => return e.to_result(),
    };
    let choice = config::chosen_profile(term, globals);
    let mut out = list_row("Name", "Value", "Type", "Location");
    out.push_str(&list_row("----", "-----", "----", "--------"));
    out.push_str(&match (&choice.name, choice.source) {
        (Some(name), Some(ProfileSource::Flag)) => list_row("profile", name, "manual", "--profile"),
        (Some(name), _) => list_row(
            "profile",
            name,
            "env",
            "['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']",
        ),
        (None, _) => list_row("profile", "<not set>", "None", "None"),
    });
    match config::resolve_credentials(term, globals) {
        Ok(Some(creds)) => {
            let method = creds.method.as_str();
            out.push_str(&list_row(
                "access_key",
                &config::mask(&creds.access_key_id),
                method,
                "",
            ));
            out.push_str(&list_row(
                "secret_key",
                &config::mask(&creds.secret_access_key),
                method,
                "",
            ));
        }
        Ok(None) => {
            out.push_str(&list_row("access_key", "<not set>", "None", "None"));
            out.push_str(&list_row("secret_key", "<not set>", "None", "None"));
        }
        Err(ConfigError::NoCredentials) => {
            out.push_str(&list_row("access_key", "<not set>", "None", "None"));
            out.push_str(&list_row("secret_key", "<not set>", "None", "None"));
        }
        Err(e) => return e.to_result(),
    }
    let env_region =
        config::env(term, "AWS_REGION").or_else(|| config::env(term, "AWS_DEFAULT_REGION"));
    out.push_str(&match env_region {
        Some(r) => list_row("region", &r, "env", "['AWS_REGION', 'AWS_DEFAULT_REGION']"),
        None => match files
            .setting(choice.effective(), "region")
            .filter(|r| !r.is_empty())
        {
            Some(r) => list_row("region", &r, "config-file", CONFIG_DISPLAY),
            None => list_row("region", "<not set>", "None", "None"),
        },
    });
    CmdResult::ok(out)
}

/// `aws configure list-profiles`.
fn list_profiles(term: &Terminal) -> CmdResult {
    match config::load(term) {
        Ok(files) => CmdResult::ok(
            files
                .profile_names()
                .iter()
                .map(|n| format!("{n}\n"))
                .collect::<String>(),
        ),
        Err(e) => e.to_result(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn run_words(term: &mut Terminal, cloud: &mut Cloud, line: &str) -> CmdResult {
        let (globals, rest) = args::split_globals(&words(line)).unwrap();
        run(term, cloud, &globals, rest.get(1..).unwrap_or(&[]), None)
    }

    #[test]
    fn questions_show_masked_keys() {
        let prompt = ConfigurePrompt {
            profile: None,
            current: vec![
                Some("AKIAIOSFODNN7EXAMPLE".into()),
                None,
                Some("ap-northeast-2".into()),
                None,
            ],
            answers: Vec::new(),
        };
        assert_eq!(
            prompt.question(),
            "AWS Access Key ID [****************MPLE]: "
        );
        let mut prompt = prompt;
        prompt.record("");
        assert_eq!(prompt.question(), "AWS Secret Access Key [None]: ");
        prompt.record("secret");
        assert_eq!(prompt.question(), "Default region name [ap-northeast-2]: ");
        prompt.record("us-east-1\r");
        assert_eq!(prompt.question(), "Default output format [None]: ");
        prompt.record("text");
        assert!(prompt.is_complete());
        assert_eq!(
            prompt.answers,
            vec![
                None,
                Some("secret".into()),
                Some("us-east-1".into()),
                Some("text".into())
            ]
        );
    }

    #[test]
    fn set_scopes_names_like_the_cli() {
        let mut term = Terminal::new();
        let mut cloud = Cloud::default();
        let cases = [
            (
                "configure set region eu-west-1",
                CONFIG_PATH,
                "[default]\nregion = eu-west-1\n",
            ),
            (
                "configure set aws_access_key_id AKIA1 --profile work",
                CREDENTIALS_PATH,
                "[work]\naws_access_key_id = AKIA1\n",
            ),
            (
                "configure set region us-east-2 --profile work",
                CONFIG_PATH,
                "[default]\nregion = eu-west-1\n[profile work]\nregion = us-east-2\n",
            ),
            (
                "configure set profile.dev.output text",
                CONFIG_PATH,
                "[default]\nregion = eu-west-1\n[profile work]\nregion = us-east-2\n[profile dev]\noutput = text\n",
            ),
            (
                "configure set default.s3.addressing_style path",
                CONFIG_PATH,
                "[default]\nregion = eu-west-1\ns3 =\n    addressing_style = path\n[profile work]\nregion = us-east-2\n[profile dev]\noutput = text\n",
            ),
        ];
        for (line, path, expected) in cases {
            let out = run_words(&mut term, &mut cloud, line);
            assert_eq!(out.code, 0, "{line}: {}", out.err);
            assert_eq!(term.read_file(path), Some(expected), "{line}");
        }
        assert_eq!(term.file_mode(CREDENTIALS_PATH), Some(0o600));
        let get = |term: &mut Terminal, cloud: &mut Cloud, line: &str| {
            let r = run_words(term, cloud, line);
            (r.out, r.code)
        };
        assert_eq!(
            get(&mut term, &mut cloud, "configure get region"),
            ("eu-west-1\n".into(), 0)
        );
        assert_eq!(
            get(&mut term, &mut cloud, "configure get region --profile work"),
            ("us-east-2\n".into(), 0)
        );
        assert_eq!(
            get(
                &mut term,
                &mut cloud,
                "configure get work.aws_access_key_id"
            ),
            ("AKIA1\n".into(), 0)
        );
        assert_eq!(
            get(&mut term, &mut cloud, "configure get s3.addressing_style"),
            ("path\n".into(), 0)
        );
        assert_eq!(get(&mut term, &mut cloud, "configure get s3").1, 1);
        assert_eq!(
            get(&mut term, &mut cloud, "configure get nothing"),
            (String::new(), 1)
        );
        assert_eq!(
            run_words(&mut term, &mut cloud, "configure get region --profile nope").err,
            "\nThe config profile (nope) could not be found\n"
        );
        assert_eq!(
            get(&mut term, &mut cloud, "configure list-profiles").0,
            "default\nwork\ndev\n"
        );
    }

    #[test]
    fn list_shows_sources() {
        let mut term = Terminal::new();
        let mut cloud = Cloud::default();
        run_words(
            &mut term,
            &mut cloud,
            "configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE",
        );
        run_words(
            &mut term,
            &mut cloud,
            "configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        );
        run_words(&mut term, &mut cloud, "configure set region us-west-2");
        let out = run_words(&mut term, &mut cloud, "configure list");
        assert_eq!(
            out.out,
            "      Name                    Value             Type    Location\n      ----                    -----             ----    --------\n   profile                <not set>             None    None\naccess_key     ****************MPLE shared-credentials-file    \nsecret_key     ****************EKEY shared-credentials-file    \n    region                us-west-2      config-file    ~/.aws/config\n"
        );
        term.vars.insert("AWS_REGION".into(), "eu-north-1".into());
        term.exported.insert("AWS_REGION".into());
        let out = run_words(&mut term, &mut cloud, "configure list --profile default");
        assert!(
            out.out
                .contains("   profile                  default           manual    --profile\n")
        );
        assert!(out.out.contains("    region               eu-north-1              env    ['AWS_REGION', 'AWS_DEFAULT_REGION']\n"));
    }

    #[test]
    fn piped_answers() {
        let mut cloud = Cloud::default();
        let mut term = Terminal::for_cloud(&cloud);
        let (globals, _) = args::split_globals(&words("--profile lab")).unwrap();
        let out = run(
            &mut term,
            &mut cloud,
            &globals,
            &[],
            Some("AKIAEXAMPLE1\nsecret1\n\ntable\n"),
        );
        assert_eq!(out.code, 0);
        assert_eq!(
            out.out,
            "AWS Access Key ID [None]: AWS Secret Access Key [None]: Default region name [None]: Default output format [None]: "
        );
        let lab = cloud.default_cli_credentials();
        assert_eq!(
            term.read_file(CREDENTIALS_PATH).unwrap(),
            format!(
                "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n[lab]\naws_access_key_id = AKIAEXAMPLE1\naws_secret_access_key = secret1\n",
                lab.access_key_id, lab.secret_access_key
            )
        );
        assert_eq!(
            term.read_file(CONFIG_PATH),
            Some(
                "[default]\nregion = ap-northeast-2\noutput = json\n[profile lab]\noutput = table\n"
            )
        );
        let out = run(&mut term, &mut cloud, &globals, &[], Some("x\n"));
        assert_eq!(out.code, 255);
        assert_eq!(out.err, "\nEOF when reading a line\n");
    }
}
