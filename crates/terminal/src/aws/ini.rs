//! The AWS CLI's INI files (`~/.aws/config`, `~/.aws/credentials`): reading
//! them as Python's `configparser` does (what botocore uses), and updating them
//! as the CLI's `ConfigFileWriter` does, so `cat ~/.aws/credentials` after
//! `aws configure` shows what it shows on a real laptop.

/// One `[section]` and its `key = value` lines, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// The text between the brackets (`default`, `profile work`).
    pub name: String,
    /// Keys (lowercased, as `configparser` does) and their values.
    pub entries: Vec<(String, String)>,
}

impl Section {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed INI file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ini {
    /// Sections in file order.
    pub sections: Vec<Section>,
}

impl Ini {
    /// The section named `name`.
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }
}

/// Why a file could not be parsed (botocore then says `Unable to parse config
/// file: <path>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IniError {
    /// A `key = value` line before any `[section]`.
    MissingSectionHeader(usize),
    /// A line that is neither a section, an option nor a continuation.
    Parsing(usize),
    /// The same section twice.
    DuplicateSection(String),
    /// The same key twice in one section.
    DuplicateOption(String, String),
}

fn is_comment(stripped: &str) -> bool {
    stripped.starts_with('#') || stripped.starts_with(';')
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `configparser`'s section header: `[` anything `]` (the last `]` on the line).
fn section_header(stripped: &str) -> Option<&str> {
    let rest = stripped.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    let header = rest.get(..end)?;
    (!header.is_empty()).then_some(header)
}

/// `configparser`'s option line: the name is everything before the first `=`
/// or `:`, both sides stripped.
fn option_line(stripped: &str) -> Option<(String, String)> {
    let at = stripped.find(['=', ':'])?;
    let name = stripped.get(..at)?.trim_end();
    let value = stripped.get(at + 1..)?.trim();
    Some((name.to_lowercase(), value.to_string()))
}

/// Parses INI text as `configparser.RawConfigParser` (strict) does: `#` and `;`
/// comment lines, keys lowercased, indented lines continuing the previous value
/// (joined with newlines, as nested CLI settings are written).
pub fn parse(text: &str) -> Result<Ini, IniError> {
    let mut ini = Ini::default();
    // The indent of the current option's first line, for continuations.
    let mut option_indent: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let stripped = line.trim();
        if stripped.is_empty() || is_comment(stripped) {
            if stripped.is_empty() {
                option_indent = None;
            }
            continue;
        }
        let indent = indent_of(line);
        if let Some(level) = option_indent
            && indent > level
            && let Some(section) = ini.sections.last_mut()
            && let Some((_, value)) = section.entries.last_mut()
        {
            value.push('\n');
            value.push_str(stripped);
            continue;
        }
        if let Some(header) = section_header(stripped) {
            if ini.section(header).is_some() {
                return Err(IniError::DuplicateSection(header.to_string()));
            }
            ini.sections.push(Section {
                name: header.to_string(),
                entries: Vec::new(),
            });
            option_indent = None;
            continue;
        }
        let Some(section) = ini.sections.last_mut() else {
            return Err(IniError::MissingSectionHeader(number));
        };
        let Some((key, value)) = option_line(stripped) else {
            return Err(IniError::Parsing(number));
        };
        if section.get(&key).is_some() {
            return Err(IniError::DuplicateOption(section.name.clone(), key));
        }
        section.entries.push((key, value));
        option_indent = Some(indent);
    }
    Ok(ini)
}

/// A value to write: a plain value, or a nested block (`s3 =` then indented
/// `key = value` lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewValue {
    /// `key = value`.
    Scalar(String),
    /// `key =` followed by indented sub-keys.
    Nested(Vec<(String, String)>),
}

/// The header line that starts section `name` (`[name]`, or for a name with a
/// space also `[profile "my name"]`).
fn matches_section(line: &str, name: &str) -> bool {
    let Some(header) = line.strip_prefix('[') else {
        return false;
    };
    let Some(end) = header.find(']') else {
        return false;
    };
    let matched = header.get(..end).unwrap_or("");
    if matched == name {
        return true;
    }
    match name.split_once(' ') {
        Some((kind, rest)) => matched == format!("{kind} \"{rest}\""),
        None => false,
    }
}

fn is_section_line(line: &str) -> bool {
    line.trim_start()
        .strip_prefix('[')
        .and_then(|rest| rest.find(']'))
        .is_some_and(|end| end > 0)
}

/// The CLI writer's option pattern: a name not starting with `=`/`:`, then `=`
/// or `:`.
fn option_name(line: &str) -> Option<&str> {
    let body = line.strip_suffix('\n').unwrap_or(line);
    if body.starts_with(['=', ':']) {
        return None;
    }
    let at = body.find(['=', ':'])?;
    body.get(..at)
}

fn render_values(values: &[(String, NewValue)], indent: &str) -> String {
    let mut out = String::new();
    for (key, value) in values {
        match value {
            NewValue::Scalar(v) => out.push_str(&format!("{indent}{key} = {v}\n")),
            NewValue::Nested(subs) => {
                out.push_str(&format!("{indent}{key} =\n"));
                for (k, v) in subs {
                    out.push_str(&format!("{indent}    {k} = {v}\n"));
                }
            }
        }
    }
    out
}

/// Inserts `text` as one list element after `line_number`, as Python's
/// `list.insert(line_number + 1, ...)` does (past the end appends).
fn insert_after(lines: &mut Vec<String>, line_number: usize, text: String) {
    let at = (line_number + 1).min(lines.len());
    lines.insert(at, text);
}

/// `ConfigFileWriter.update_config`: returns the file's new text after setting
/// `values` in `section`. `current` is the file's text (`None` if it does not
/// exist). Lines for keys already present are rewritten in place; new keys go
/// after the section's last option; a missing section is appended.
pub fn update(current: Option<&str>, section: &str, values: &[(String, NewValue)]) -> String {
    let Some(text) = current else {
        return format!("[{section}]\n{}", render_values(values, ""));
    };
    // Lines with their newlines, as `readlines()` gives them.
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let start = lines.iter().position(|line| {
        let t = line.trim();
        !(t.starts_with('#') || t.starts_with(';')) && matches_section(line, section)
    });
    let Some(start) = start else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("[{section}]\n{}", render_values(values, "")));
        return out;
    };
    let mut pending: Vec<(String, NewValue)> = values.to_vec();
    let mut last_matching = start;
    let mut j = start + 1;
    while j < lines.len() {
        let line = lines.get(j).cloned().unwrap_or_default();
        if is_section_line(&line) {
            let block = render_values(&pending, "");
            insert_after(&mut lines, last_matching, block);
            return lines.concat();
        }
        if let Some(raw_name) = option_name(&line) {
            last_matching = j;
            let key = raw_name.trim().to_string();
            if let Some(pos) = pending.iter().position(|(k, _)| *k == key) {
                let (_, value) = pending.remove(pos);
                match value {
                    NewValue::Scalar(v) => {
                        if let Some(slot) = lines.get_mut(j) {
                            *slot = format!("{key} = {v}\n");
                        }
                    }
                    NewValue::Nested(subs) => {
                        let indent = raw_name.len() - raw_name.trim_start().len();
                        update_nested(&mut lines, j, subs, indent);
                        // The CLI stops after a nested update.
                        if !pending.is_empty() {
                            // Keys not yet written follow the section's options.
                            let block = render_values(&pending, "");
                            insert_after(&mut lines, last_matching, block);
                        }
                        return lines.concat();
                    }
                }
            }
        }
        j += 1;
    }
    if !pending.is_empty() {
        if lines.last().is_some_and(|l| !l.ends_with('\n')) {
            lines.push("\n".to_string());
        }
        insert_after(&mut lines, last_matching + 1, render_values(&pending, ""));
    }
    lines.concat()
}

/// Removes `key` from `section` (as `aws logout` drops `login_session`);
/// the text is unchanged if the key is not there.
pub fn remove_key(text: &str, section: &str, key: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        if is_section_line(line) {
            inside = matches_section(line, section);
        } else if inside && option_name(line).is_some_and(|n| n.trim() == key) {
            continue;
        }
        out.push_str(line);
    }
    out
}

/// `_update_subattributes`: rewrites or adds indented sub-keys under the
/// option at `index`.
fn update_nested(
    lines: &mut Vec<String>,
    index: usize,
    mut values: Vec<(String, String)>,
    starting_indent: usize,
) {
    let mut current_indent = starting_indent;
    let mut i = index + 1;
    let mut stopped = false;
    while i < lines.len() {
        let line = lines.get(i).cloned().unwrap_or_default();
        if let Some(raw_name) = option_name(&line) {
            current_indent = raw_name.len() - raw_name.trim_start().len();
            let key = raw_name.trim().to_string();
            if let Some(pos) = values.iter().position(|(k, _)| *k == key) {
                let (_, v) = values.remove(pos);
                if let Some(slot) = lines.get_mut(i) {
                    *slot = format!("{}{key} = {v}\n", " ".repeat(current_indent));
                }
            }
        }
        if starting_indent == current_indent || is_section_line(&line) {
            let block: Vec<(String, NewValue)> = values
                .drain(..)
                .map(|(k, v)| (k, NewValue::Scalar(v)))
                .collect();
            insert_after(lines, i.saturating_sub(1), render_values(&block, "    "));
            stopped = true;
            break;
        }
        i += 1;
    }
    if !stopped && starting_indent != current_indent {
        let block: Vec<(String, NewValue)> = values
            .into_iter()
            .map(|(k, v)| (k, NewValue::Scalar(v)))
            .collect();
        insert_after(lines, i, render_values(&block, "    "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(pairs: &[(&str, &str)]) -> Vec<(String, NewValue)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), NewValue::Scalar(v.to_string())))
            .collect()
    }

    #[test]
    fn parses_like_configparser() {
        let ini = parse(
            "# comment\n[default]\nAWS_Access_Key_ID = AKIA1\naws_secret_access_key=abc=def\n\n[profile work]\nregion: eu-west-1\ns3 =\n  max_concurrent_requests = 20\n",
        )
        .unwrap();
        let default = ini.section("default").unwrap();
        assert_eq!(default.get("aws_access_key_id"), Some("AKIA1"));
        assert_eq!(default.get("aws_secret_access_key"), Some("abc=def"));
        let work = ini.section("profile work").unwrap();
        assert_eq!(work.get("region"), Some("eu-west-1"));
        assert_eq!(work.get("s3"), Some("\nmax_concurrent_requests = 20"));
    }

    #[test]
    fn refuses_what_configparser_refuses() {
        assert_eq!(
            parse("region = x\n"),
            Err(IniError::MissingSectionHeader(1))
        );
        assert_eq!(parse("[a]\njust words\n"), Err(IniError::Parsing(2)));
        assert_eq!(
            parse("[a]\n[a]\n"),
            Err(IniError::DuplicateSection("a".into()))
        );
        assert_eq!(
            parse("[a]\nk = 1\nK = 2\n"),
            Err(IniError::DuplicateOption("a".into(), "k".into()))
        );
        assert_eq!(parse("").unwrap(), Ini::default());
    }

    #[test]
    fn writes_a_new_file() {
        assert_eq!(
            update(
                None,
                "default",
                &scalar(&[
                    ("aws_access_key_id", "AKIA1"),
                    ("aws_secret_access_key", "s")
                ])
            ),
            "[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n"
        );
    }

    #[test]
    fn rewrites_in_place_and_adds_after_the_last_option() {
        let text =
            "[default]\nregion = us-east-1\noutput = json\n\n[profile work]\nregion = eu-west-1\n";
        assert_eq!(
            update(
                Some(text),
                "default",
                &scalar(&[("region", "ap-northeast-2")])
            ),
            "[default]\nregion = ap-northeast-2\noutput = json\n\n[profile work]\nregion = eu-west-1\n"
        );
        assert_eq!(
            update(Some(text), "default", &scalar(&[("cli_pager", "")])),
            "[default]\nregion = us-east-1\noutput = json\ncli_pager = \n\n[profile work]\nregion = eu-west-1\n"
        );
        assert_eq!(
            update(Some(text), "profile work", &scalar(&[("output", "text")])),
            "[default]\nregion = us-east-1\noutput = json\n\n[profile work]\nregion = eu-west-1\noutput = text\n"
        );
    }

    #[test]
    fn appends_a_missing_section() {
        assert_eq!(
            update(
                Some("[default]\noutput = json"),
                "work",
                &scalar(&[("a", "1")])
            ),
            "[default]\noutput = json\n[work]\na = 1\n"
        );
        assert_eq!(
            update(Some(""), "default", &scalar(&[("a", "1")])),
            "[default]\na = 1\n"
        );
    }

    #[test]
    fn removes_one_key() {
        let text = "[default]\nregion = x\nlogin_session = arn\n[profile a]\nlogin_session = b\n";
        assert_eq!(
            remove_key(text, "default", "login_session"),
            "[default]\nregion = x\n[profile a]\nlogin_session = b\n"
        );
        assert_eq!(remove_key(text, "profile zz", "login_session"), text);
    }

    #[test]
    fn nested_values() {
        let text = "[default]\ns3 =\n    max_concurrent_requests = 10\nregion = x\n";
        let updated = update(
            Some(text),
            "default",
            &[(
                "s3".to_string(),
                NewValue::Nested(vec![("max_concurrent_requests".into(), "20".into())]),
            )],
        );
        assert_eq!(
            updated,
            "[default]\ns3 =\n    max_concurrent_requests = 20\nregion = x\n"
        );
        let added = update(
            Some("[default]\nregion = x\n"),
            "default",
            &[(
                "s3".to_string(),
                NewValue::Nested(vec![("addressing_style".into(), "path".into())]),
            )],
        );
        assert_eq!(
            added,
            "[default]\nregion = x\ns3 =\n    addressing_style = path\n"
        );
    }
}
