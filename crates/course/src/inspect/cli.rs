//! The AWS CLI's settings on the learner's laptop: named profiles in
//! `~/.aws/config` and `~/.aws/credentials`, read by the terminal's own
//! reader, so checks see exactly what the `aws` command would.

use cloudlab_terminal::Terminal;
use cloudlab_terminal::aws::config;

/// The name of the profile used when none is given.
pub const DEFAULT_PROFILE: &str = "default";

/// A setting of a profile (`region`, `output`, `aws_access_key_id`, ...),
/// the credentials file overriding the config file as in the CLI. An empty
/// value, or files the CLI cannot read, count as unset.
pub fn profile_setting(terminal: &Terminal, profile: &str, key: &str) -> Option<String> {
    config::load(terminal)
        .ok()?
        .setting(profile, key)
        .filter(|value| !value.trim().is_empty())
}

/// Every profile named in the config or credentials file, as
/// `aws configure list-profiles` prints them.
pub fn profiles(terminal: &Terminal) -> Vec<String> {
    config::load(terminal)
        .map(|files| files.profile_names())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CLI's config file, relative to the home directory.
    const CONFIG_FILE: &str = ".aws/config";
    /// The CLI's credentials file, relative to the home directory.
    const CREDENTIALS_FILE: &str = ".aws/credentials";

    fn laptop(config: &str, credentials: &str) -> Terminal {
        let mut terminal = Terminal::new();
        terminal.write_file(CONFIG_FILE, config, 0o600).unwrap();
        terminal
            .write_file(CREDENTIALS_FILE, credentials, 0o600)
            .unwrap();
        terminal
    }

    #[test]
    fn profiles_are_read_from_their_sections() {
        let terminal = laptop(
            "[default]\nregion = us-east-1\n\n# a comment\n[profile shop-kr]\nregion=ap-northeast-2\noutput = table\n[profile empty]\nregion =\n[bare]\nregion = eu-west-1\n",
            "",
        );
        assert_eq!(
            profile_setting(&terminal, "default", "region").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(
            profile_setting(&terminal, "shop-kr", "region").as_deref(),
            Some("ap-northeast-2")
        );
        assert_eq!(
            profile_setting(&terminal, "shop-kr", "output").as_deref(),
            Some("table")
        );
        assert_eq!(profile_setting(&terminal, "empty", "region"), None);
        assert_eq!(profile_setting(&terminal, "missing", "region"), None);
        // A config-file section without `profile ` names no profile.
        assert_eq!(profile_setting(&terminal, "bare", "region"), None);
        assert_eq!(profiles(&terminal), vec!["default", "shop-kr", "empty"]);
    }

    #[test]
    fn the_credentials_file_holds_keys_and_overrides_the_config() {
        let terminal = laptop(
            "[profile dev]\nregion = ap-northeast-2\n",
            "[dev]\naws_access_key_id = AKIAEXAMPLE\n",
        );
        assert_eq!(
            profile_setting(&terminal, "dev", "aws_access_key_id").as_deref(),
            Some("AKIAEXAMPLE")
        );
        assert_eq!(
            profile_setting(&terminal, "dev", "region").as_deref(),
            Some("ap-northeast-2")
        );
        assert_eq!(profiles(&terminal), vec!["dev"]);
    }
}
