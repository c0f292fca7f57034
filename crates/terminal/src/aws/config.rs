//! The AWS CLI's configuration on the laptop: `~/.aws/config` and
//! `~/.aws/credentials` in the VFS, the profile a command runs with
//! (`--profile`, `AWS_PROFILE`), its settings (`region`, `output`) and the
//! credentials botocore's provider chain would find (environment variables,
//! the shared credentials file, the config file).

use std::cell::RefCell;
use std::rc::Rc;

use cloudlab_model::CallerIdentity;

use super::args::GlobalOptions;
use super::ini::{self, Ini};
use crate::Terminal;
use crate::shell::CmdResult;

/// `~/.aws/config` on the laptop.
pub const CONFIG_PATH: &str = "/home/learner/.aws/config";
/// `~/.aws/credentials` on the laptop.
pub const CREDENTIALS_PATH: &str = "/home/learner/.aws/credentials";
/// `~/.aws`.
pub const AWS_DIR: &str = "/home/learner/.aws";
/// How the CLI names the config file in `aws configure list`.
pub const CONFIG_DISPLAY: &str = "~/.aws/config";

/// Why the CLI's configuration cannot be used, and how the CLI says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// A file `configparser` refuses (exit 255).
    Parse(&'static str),
    /// `--profile` or `AWS_PROFILE` names a profile neither file has (exit 255).
    ProfileNotFound(String),
    /// An access key id without its secret (exit 255).
    PartialCredentials {
        /// The provider (`env`, `shared-credentials-file`, `config-file`).
        provider: &'static str,
        /// The missing variable.
        missing: &'static str,
    },
    /// No credentials anywhere for the chosen profile (exit 253).
    NoCredentials,
}

impl ConfigError {
    /// What the CLI prints and its exit status.
    pub fn to_result(&self) -> CmdResult {
        match self {
            ConfigError::Parse(path) => {
                CmdResult::fail(format!("\nUnable to parse config file: {path}\n"), 255)
            }
            ConfigError::ProfileNotFound(name) => CmdResult::fail(
                format!("\nThe config profile ({name}) could not be found\n"),
                255,
            ),
            ConfigError::PartialCredentials { provider, missing } => CmdResult::fail(
                format!("\nPartial credentials found in {provider}, missing: {missing}\n"),
                255,
            ),
            ConfigError::NoCredentials => CmdResult::fail(
                "\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
                253,
            ),
        }
    }
}

/// Where the chosen profile name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileSource {
    /// `--profile NAME`.
    Flag,
    /// `AWS_PROFILE` or `AWS_DEFAULT_PROFILE`.
    Env,
}

/// The profile a command runs with; `None` means `default`, not chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileChoice {
    /// The chosen name, if one was chosen.
    pub name: Option<String>,
    /// How it was chosen.
    pub source: Option<ProfileSource>,
}

impl ProfileChoice {
    /// The profile name to look up (`default` when none was chosen).
    pub fn effective(&self) -> &str {
        self.name.as_deref().unwrap_or("default")
    }
}

/// A non-empty exported environment variable.
pub fn env(term: &Terminal, name: &str) -> Option<String> {
    term.env_var(name)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// `--profile`, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`.
pub fn chosen_profile(term: &Terminal, globals: &GlobalOptions) -> ProfileChoice {
    if let Some(name) = &globals.profile {
        return ProfileChoice {
            name: Some(name.clone()),
            source: Some(ProfileSource::Flag),
        };
    }
    match env(term, "AWS_PROFILE").or_else(|| env(term, "AWS_DEFAULT_PROFILE")) {
        Some(name) => ProfileChoice {
            name: Some(name),
            source: Some(ProfileSource::Env),
        },
        None => ProfileChoice {
            name: None,
            source: None,
        },
    }
}

/// Both files, parsed. A missing or unreadable file reads as empty, as
/// `configparser.read` skips files it cannot open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    /// `~/.aws/config`.
    pub config: Ini,
    /// `~/.aws/credentials`.
    pub credentials: Ini,
}

/// Reads `~/.aws/config` and `~/.aws/credentials`.
///
/// One `aws` command reads them for its credentials, its region and its output
/// format; the parse depends on the two texts alone, so it is remembered per
/// thread for the last texts seen and shared.
pub fn load(term: &Terminal) -> Result<Rc<Files>, ConfigError> {
    // On an instance the laptop's files are not there: the CLI finds the
    // instance profile's credentials and the instance's region instead.
    let on_instance = matches!(term.session, crate::Session::Remote(_));
    let config = term.vfs.read(CONFIG_PATH).ok().filter(|_| !on_instance);
    let credentials = term
        .vfs
        .read(CREDENTIALS_PATH)
        .ok()
        .filter(|_| !on_instance);
    type Seen = (
        Option<String>,
        Option<String>,
        Result<Rc<Files>, ConfigError>,
    );
    thread_local! {
        static LOADED: RefCell<Option<Seen>> = const { RefCell::new(None) };
    }
    LOADED.with(|loaded| {
        let mut loaded = loaded.borrow_mut();
        if let Some((c, k, files)) = loaded.as_ref()
            && c.as_deref() == config
            && k.as_deref() == credentials
        {
            return files.clone();
        }
        let parse = |text: Option<&str>, path: &'static str| match text {
            Some(text) => ini::parse(text).map_err(|_| ConfigError::Parse(path)),
            None => Ok(Ini::default()),
        };
        let files = parse(config, CONFIG_PATH).and_then(|config| {
            Ok(Rc::new(Files {
                config,
                credentials: parse(credentials, CREDENTIALS_PATH)?,
            }))
        });
        *loaded = Some((
            config.map(str::to_string),
            credentials.map(str::to_string),
            files.clone(),
        ));
        files
    })
}

/// The profile name a config-file section header stands for (`default`,
/// `profile work`, `profile "my work"`), as botocore's `build_profile_map`.
fn config_profile_name(header: &str) -> Option<String> {
    if header == "default" {
        return Some("default".into());
    }
    let rest = header.strip_prefix("profile")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let unquoted = rest
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(rest);
    (!unquoted.is_empty() && !unquoted.contains(char::is_whitespace) || rest.starts_with('"'))
        .then(|| unquoted.to_string())
}

impl Files {
    /// Every profile name, config file first, as `aws configure list-profiles`
    /// prints them.
    pub fn profile_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for section in &self.config.sections {
            if let Some(name) = config_profile_name(&section.name)
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
        for section in &self.credentials.sections {
            if !names.contains(&section.name) {
                names.push(section.name.clone());
            }
        }
        names
    }

    /// Whether either file has the profile.
    pub fn has_profile(&self, name: &str) -> bool {
        self.profile_names().iter().any(|n| n == name)
    }

    /// The config-file section of a profile.
    pub fn config_section(&self, profile: &str) -> Option<&ini::Section> {
        self.config
            .sections
            .iter()
            .find(|s| config_profile_name(&s.name).as_deref() == Some(profile))
    }

    /// A profile's settings: the config file's, overridden by the credentials
    /// file's (botocore's scoped config).
    pub fn scoped(&self, profile: &str) -> Vec<(String, String)> {
        let mut entries: Vec<(String, String)> = self
            .config_section(profile)
            .map(|s| s.entries.clone())
            .unwrap_or_default();
        if let Some(creds) = self.credentials.section(profile) {
            for (k, v) in &creds.entries {
                match entries.iter_mut().find(|(key, _)| key == k) {
                    Some(slot) => slot.1 = v.clone(),
                    None => entries.push((k.clone(), v.clone())),
                }
            }
        }
        entries
    }

    /// One setting of a profile.
    pub fn setting(&self, profile: &str, key: &str) -> Option<String> {
        // The credentials file wins, as in `scoped`.
        self.credentials
            .section(profile)
            .and_then(|s| s.get(key))
            .or_else(|| self.config_section(profile).and_then(|s| s.get(key)))
            .map(str::to_string)
    }
}

/// The profile's settings, failing if a chosen profile does not exist.
pub fn scoped_config(
    term: &Terminal,
    globals: &GlobalOptions,
) -> Result<(Rc<Files>, ProfileChoice), ConfigError> {
    let files = load(term)?;
    let choice = chosen_profile(term, globals);
    if let Some(name) = &choice.name
        && name != "default"
        && !files.has_profile(name)
    {
        return Err(ConfigError::ProfileNotFound(name.clone()));
    }
    Ok((files, choice))
}

/// A setting (`region`, `output`) of the chosen profile; `None` if unset or
/// if the files cannot be read.
pub fn setting(term: &Terminal, globals: &GlobalOptions, key: &str) -> Option<String> {
    let files = load(term).ok()?;
    let choice = chosen_profile(term, globals);
    files
        .setting(choice.effective(), key)
        .filter(|v| !v.is_empty())
}

/// Which provider found the credentials (`aws configure list`'s Type column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialMethod {
    /// `AWS_ACCESS_KEY_ID` and friends.
    Env,
    /// `~/.aws/credentials`.
    SharedCredentialsFile,
    /// `~/.aws/config`.
    ConfigFile,
}

impl CredentialMethod {
    /// botocore's name for the provider.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialMethod::Env => "env",
            CredentialMethod::SharedCredentialsFile => "shared-credentials-file",
            CredentialMethod::ConfigFile => "config-file",
        }
    }
}

/// Credentials as the CLI would sign a request with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The access key id (`AKIA…` or `ASIA…`).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token of temporary credentials.
    pub session_token: Option<String>,
    /// Where they were found.
    pub method: CredentialMethod,
}

fn from_section(
    section: &[(String, String)],
    method: CredentialMethod,
) -> Result<Option<Credentials>, ConfigError> {
    let get = |key: &str| {
        section
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let Some(access_key_id) = get("aws_access_key_id") else {
        return Ok(None);
    };
    let Some(secret_access_key) = get("aws_secret_access_key") else {
        return Err(ConfigError::PartialCredentials {
            provider: method.as_str(),
            missing: "aws_secret_access_key",
        });
    };
    let session_token = get("aws_session_token")
        .or_else(|| get("aws_security_token"))
        .filter(|t| !t.is_empty());
    Ok(Some(Credentials {
        access_key_id,
        secret_access_key,
        session_token,
        method,
    }))
}

/// botocore's credential chain for the chosen profile: environment variables
/// (skipped when `--profile` is given), then `~/.aws/credentials`, then
/// `~/.aws/config`.
///
/// `Ok(None)` means the default profile has no credentials anywhere: the lab
/// then calls as its default identity (a named profile without credentials is
/// the CLI's `Unable to locate credentials`).
pub fn resolve_credentials(
    term: &Terminal,
    globals: &GlobalOptions,
) -> Result<Option<Credentials>, ConfigError> {
    let (files, choice) = scoped_config(term, globals)?;
    if choice.source != Some(ProfileSource::Flag)
        && let Some(access_key_id) = env(term, "AWS_ACCESS_KEY_ID")
    {
        let Some(secret_access_key) = env(term, "AWS_SECRET_ACCESS_KEY") else {
            return Err(ConfigError::PartialCredentials {
                provider: "env",
                missing: "AWS_SECRET_ACCESS_KEY",
            });
        };
        let session_token =
            env(term, "AWS_SECURITY_TOKEN").or_else(|| env(term, "AWS_SESSION_TOKEN"));
        return Ok(Some(Credentials {
            access_key_id,
            secret_access_key,
            session_token,
            method: CredentialMethod::Env,
        }));
    }
    let profile = choice.effective();
    if let Some(section) = files.credentials.section(profile)
        && let Some(found) =
            from_section(&section.entries, CredentialMethod::SharedCredentialsFile)?
    {
        return Ok(Some(found));
    }
    if let Some(section) = files.config_section(profile)
        && let Some(found) = from_section(&section.entries, CredentialMethod::ConfigFile)?
    {
        return Ok(Some(found));
    }
    if profile == "default" {
        return Ok(None);
    }
    Err(ConfigError::NoCredentials)
}

/// The console session `aws login` left in the chosen profile
/// (`login_session = <arn>` in `~/.aws/config`), unless environment
/// credentials take precedence: the identity the CLI then acts as.
pub fn login_session(term: &Terminal, globals: &GlobalOptions) -> Option<CallerIdentity> {
    let (files, choice) = scoped_config(term, globals).ok()?;
    if choice.source != Some(ProfileSource::Flag) && env(term, "AWS_ACCESS_KEY_ID").is_some() {
        return None;
    }
    let arn = files
        .config_section(choice.effective())?
        .get("login_session")?
        .to_string();
    if arn.ends_with(":root") {
        return Some(CallerIdentity::Root);
    }
    let name = arn.split_once(":user/")?.1.rsplit('/').next()?;
    Some(CallerIdentity::User {
        user_name: name.to_string(),
    })
}

/// `****************ABCD`: the CLI's mask for keys.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let tail: String = chars
        .get(chars.len().saturating_sub(4)..)
        .unwrap_or(&[])
        .iter()
        .collect();
    format!("{}{tail}", "*".repeat(16))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Terminal;

    fn term_with(config: &str, credentials: Option<&str>) -> Terminal {
        let mut term = Terminal::new();
        term.write_file(CONFIG_PATH, config, 0o600).unwrap();
        if let Some(c) = credentials {
            term.write_file(CREDENTIALS_PATH, c, 0o600).unwrap();
        }
        term
    }

    fn globals(profile: Option<&str>) -> GlobalOptions {
        GlobalOptions {
            profile: profile.map(str::to_string),
            ..GlobalOptions::default()
        }
    }

    fn export(term: &mut Terminal, name: &str, value: &str) {
        term.vars.insert(name.into(), value.into());
        term.exported.insert(name.into());
    }

    #[test]
    fn profile_names_follow_botocore() {
        assert_eq!(config_profile_name("default").as_deref(), Some("default"));
        assert_eq!(config_profile_name("profile work").as_deref(), Some("work"));
        assert_eq!(
            config_profile_name("profile \"my work\"").as_deref(),
            Some("my work")
        );
        assert_eq!(config_profile_name("profilework"), None);
        assert_eq!(config_profile_name("sso-session x"), None);
        let term = term_with(
            "[default]\nregion = a\n[profile work]\nregion = b\n[plugins]\nx = y\n",
            Some("[default]\naws_access_key_id = A\n[dev]\naws_access_key_id = B\n"),
        );
        let files = load(&term).unwrap();
        assert_eq!(files.profile_names(), vec!["default", "work", "dev"]);
    }

    #[test]
    fn credentials_file_overrides_config() {
        let term = term_with(
            "[default]\nregion = us-east-1\naws_access_key_id = FROMCONFIG\n",
            Some("[default]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s\n"),
        );
        let files = load(&term).unwrap();
        assert_eq!(
            files.setting("default", "aws_access_key_id").as_deref(),
            Some("FROMCREDS")
        );
        let creds = resolve_credentials(&term, &globals(None)).unwrap().unwrap();
        assert_eq!(creds.access_key_id, "FROMCREDS");
        assert_eq!(creds.method, CredentialMethod::SharedCredentialsFile);
        assert_eq!(
            setting(&term, &globals(None), "region").as_deref(),
            Some("us-east-1")
        );
    }

    #[test]
    fn environment_wins_unless_profile_flag_given() {
        let mut term = term_with(
            "[default]\n[profile work]\nregion = eu-west-1\n",
            Some("[work]\naws_access_key_id = WORK\naws_secret_access_key = w\n"),
        );
        export(&mut term, "AWS_ACCESS_KEY_ID", "ENVKEY");
        export(&mut term, "AWS_SECRET_ACCESS_KEY", "envsecret");
        export(&mut term, "AWS_SESSION_TOKEN", "tok");
        let creds = resolve_credentials(&term, &globals(None)).unwrap().unwrap();
        assert_eq!(
            (creds.access_key_id.as_str(), creds.session_token.as_deref()),
            ("ENVKEY", Some("tok"))
        );
        assert_eq!(creds.method, CredentialMethod::Env);
        let creds = resolve_credentials(&term, &globals(Some("work")))
            .unwrap()
            .unwrap();
        assert_eq!(creds.access_key_id, "WORK");
        assert_eq!(
            setting(&term, &globals(Some("work")), "region").as_deref(),
            Some("eu-west-1")
        );
        export(&mut term, "AWS_PROFILE", "work");
        // AWS_PROFILE does not remove the environment provider.
        let creds = resolve_credentials(&term, &globals(None)).unwrap().unwrap();
        assert_eq!(creds.access_key_id, "ENVKEY");
    }

    #[test]
    fn configuration_errors() {
        let mut term = term_with(
            "[default]\n[profile empty]\n",
            Some("[work]\naws_access_key_id = K\n"),
        );
        assert_eq!(
            resolve_credentials(&term, &globals(Some("nope"))),
            Err(ConfigError::ProfileNotFound("nope".into()))
        );
        assert_eq!(
            resolve_credentials(&term, &globals(Some("work"))),
            Err(ConfigError::PartialCredentials {
                provider: "shared-credentials-file",
                missing: "aws_secret_access_key"
            })
        );
        assert_eq!(
            resolve_credentials(&term, &globals(Some("empty"))),
            Err(ConfigError::NoCredentials)
        );
        export(&mut term, "AWS_ACCESS_KEY_ID", "K");
        assert_eq!(
            resolve_credentials(&term, &globals(None)),
            Err(ConfigError::PartialCredentials {
                provider: "env",
                missing: "AWS_SECRET_ACCESS_KEY"
            })
        );
        let broken = term_with("region = x\n", None);
        assert_eq!(
            resolve_credentials(&broken, &globals(None)),
            Err(ConfigError::Parse(CONFIG_PATH))
        );
        assert_eq!(ConfigError::NoCredentials.to_result().code, 253);
    }

    #[test]
    fn nothing_configured_means_the_lab_identity() {
        let term = Terminal::new();
        assert_eq!(resolve_credentials(&term, &globals(None)), Ok(None));
        assert_eq!(
            resolve_credentials(&term, &globals(Some("default"))),
            Ok(None)
        );
    }

    #[test]
    fn masks_like_the_cli() {
        assert_eq!(mask("AKIAIOSFODNN7EXAMPLE"), "****************MPLE");
        assert_eq!(mask("ab"), "****************ab");
    }
}
