//! `--filters` for Describe operations: names, values with `*` and `?` wildcards,
//! values ORed within a filter and filters ANDed together.

use serde::{Deserialize, Serialize};

use super::TagMap;
use super::errors::Ec2Error;

/// One filter: `Name=instance-state-name,Values=running,pending`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    /// The filter name, e.g. `instance-state-name` or `tag:Name`.
    pub name: String,
    /// Accepted values; `*` matches any run of characters, `?` exactly one.
    #[serde(default)]
    pub values: Vec<String>,
}

impl Filter {
    /// A filter `name` with `values`.
    pub fn new(name: impl Into<String>, values: &[&str]) -> Filter {
        Filter {
            name: name.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }
}

/// Whether `value` matches `pattern`, where `*` matches any run of characters and
/// `?` exactly one (EC2 filter wildcards; `\` escapes the next character).
pub fn wildcard_match(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let v: Vec<char> = value.chars().collect();
    // Tokens: (char, is_literal)
    let mut tokens = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        match p.get(i) {
            Some('\\') if i + 1 < p.len() => {
                tokens.push((p.get(i + 1).copied().unwrap_or('\\'), true));
                i += 2;
            }
            Some(c) => {
                tokens.push((*c, false));
                i += 1;
            }
            None => break,
        }
    }
    // Classic DP over (token index, value index), iterative to avoid recursion depth.
    let mut prev = vec![false; v.len() + 1];
    prev[0] = true;
    for (c, literal) in &tokens {
        let mut cur = vec![false; v.len() + 1];
        if *c == '*' && !literal {
            let mut any = false;
            for j in 0..=v.len() {
                any |= prev[j];
                cur[j] = any;
            }
        } else {
            for j in 1..=v.len() {
                let ok = (*c == '?' && !literal) || v.get(j - 1) == Some(c);
                cur[j] = prev[j - 1] && ok;
            }
        }
        prev = cur;
    }
    prev[v.len()]
}

/// Checks that every filter name is one `known` lists (a name ending in `:` is a
/// prefix, e.g. `tag:`). Unknown names give AWS's `The filter 'x' is invalid`.
pub(crate) fn check_names(filters: &[Filter], known: &[&str]) -> Result<(), Ec2Error> {
    for f in filters {
        let ok = known.iter().any(|k| {
            if let Some(prefix) = k.strip_suffix(':') {
                f.name
                    .strip_prefix(prefix)
                    .and_then(|r| r.strip_prefix(':'))
                    .is_some()
            } else {
                *k == f.name
            }
        });
        if !ok {
            return Err(Ec2Error::InvalidFilter {
                name: f.name.clone(),
            });
        }
    }
    Ok(())
}

/// Whether any of `candidates` matches any of the filter's values.
pub(crate) fn any_matches(filter: &Filter, candidates: &[String]) -> bool {
    candidates
        .iter()
        .any(|c| filter.values.iter().any(|p| wildcard_match(p, c)))
}

/// Candidate values for the tag filters every taggable resource supports:
/// `tag:<key>`, `tag-key`, `tag-value`. `None` if `name` is not a tag filter.
pub(crate) fn tag_candidates(name: &str, tags: &TagMap) -> Option<Vec<String>> {
    if let Some(key) = name.strip_prefix("tag:") {
        return Some(tags.get(key).cloned().into_iter().collect());
    }
    match name {
        "tag-key" => Some(tags.keys().cloned().collect()),
        "tag-value" => Some(tags.values().cloned().collect()),
        _ => None,
    }
}

/// Whether a resource passes every filter. `candidates` gives the resource's
/// values for a filter name (already validated).
pub(crate) fn passes(filters: &[Filter], mut candidates: impl FnMut(&str) -> Vec<String>) -> bool {
    filters
        .iter()
        .all(|f| any_matches(f, &candidates(f.name.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        for (p, v, want) in [
            ("web*", "web-server", true),
            ("web*", "db", false),
            ("*", "", true),
            ("?", "a", true),
            ("?", "", false),
            ("t?.micro", "t3.micro", true),
            ("t?.micro", "t3a.micro", false),
            ("*micro", "t3.micro", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("exact", "exact", true),
            ("\\*", "*", true),
            ("\\*", "x", false),
        ] {
            assert_eq!(wildcard_match(p, v), want, "{p} vs {v}");
        }
    }

    #[test]
    fn unknown_filter_names_are_rejected() {
        let known = ["instance-id", "tag:"];
        assert!(check_names(&[Filter::new("instance-id", &["i-1"])], &known).is_ok());
        assert!(check_names(&[Filter::new("tag:Name", &["x"])], &known).is_ok());
        let err = check_names(&[Filter::new("instance-color", &["red"])], &known).unwrap_err();
        assert_eq!(err.message(), "The filter 'instance-color' is invalid");
        assert_eq!(err.code(), "InvalidParameterValue");
        assert!(check_names(&[Filter::new("tag", &["x"])], &known).is_err());
    }

    #[test]
    fn tag_filters() {
        let mut tags = TagMap::new();
        tags.insert("Name".into(), "web".into());
        assert_eq!(tag_candidates("tag:Name", &tags), Some(vec!["web".into()]));
        assert_eq!(tag_candidates("tag:Env", &tags), Some(vec![]));
        assert_eq!(tag_candidates("tag-key", &tags), Some(vec!["Name".into()]));
        assert_eq!(tag_candidates("instance-id", &tags), None);
        let filters = [Filter::new("tag:Name", &["w*", "db"])];
        assert!(passes(&filters, |n| tag_candidates(n, &tags).unwrap_or_default()));
    }
}
