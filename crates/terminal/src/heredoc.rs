//! Here-documents: `cat > lambda_function.py <<'EOF'`, then the lines, then
//! `EOF`. The command waits (prompt `> `) until the delimiter line and then runs
//! with the lines as its standard input. As in bash, `<<-` strips leading tabs;
//! with an unquoted delimiter (`<<EOF`) `$NAME` and `${NAME}` in the lines are
//! replaced by the variables' values (`\$` keeps a dollar sign); a quoted one
//! (`<<'EOF'`) keeps the lines as typed.

use serde::{Deserialize, Serialize};

/// A command waiting for its here-document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HereDoc {
    /// The command line without the `<<DELIM` part.
    pub command: String,
    /// The line that ends the document.
    pub delimiter: String,
    /// `<<-`: leading tabs are removed from each line.
    pub strip_tabs: bool,
    /// The lines so far.
    pub body: String,
    /// Whether `$VARIABLES` are expanded (the delimiter was not quoted).
    #[serde(default)]
    pub expand: bool,
}

impl HereDoc {
    /// Takes one line; returns the finished document when `line` is the delimiter.
    pub fn feed(&mut self, line: &str) -> bool {
        let line = if self.strip_tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        if line == self.delimiter {
            return true;
        }
        self.body.push_str(line);
        self.body.push('\n');
        false
    }
}

/// Finds a `<<DELIM` outside quotes: the command without it, and the document.
pub fn split(line: &str) -> Option<HereDoc> {
    let bytes: Vec<char> = line.chars().collect();
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '\\' => i += 1,
            // `<<<` is a here-string, not a here-document.
            None if c == '<'
                && bytes.get(i + 1) == Some(&'<')
                && bytes.get(i + 2) == Some(&'<') =>
            {
                i += 2
            }
            None if c == '<'
                && bytes.get(i + 1) == Some(&'<')
                && bytes.get(i + 2) != Some(&'<') =>
            {
                let mut j = i + 2;
                let strip_tabs = bytes.get(j) == Some(&'-');
                if strip_tabs {
                    j += 1;
                }
                while bytes.get(j).is_some_and(|c| *c == ' ' || *c == '\t') {
                    j += 1;
                }
                let mut delimiter = String::new();
                let mut in_quote: Option<char> = None;
                let mut quoted = false;
                while let Some(&ch) = bytes.get(j) {
                    match in_quote {
                        Some(q) if ch == q => in_quote = None,
                        Some(_) => delimiter.push(ch),
                        None if ch == '\'' || ch == '"' => {
                            in_quote = Some(ch);
                            quoted = true;
                        }
                        None if ch == '\\' => quoted = true,
                        None if ch.is_whitespace() || ";|&<>".contains(ch) => break,
                        None => delimiter.push(ch),
                    }
                    j += 1;
                }
                if delimiter.is_empty() {
                    return None;
                }
                let before: String = bytes[..i].iter().collect();
                let after: String = bytes[j..].iter().collect();
                return Some(HereDoc {
                    command: format!("{}{}", before.trim_end(), after).trim().to_string(),
                    delimiter,
                    strip_tabs,
                    body: String::new(),
                    expand: !quoted,
                });
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// The body with `$NAME` and `${NAME}` replaced by `lookup`'s answers.
pub fn expand(body: &str, lookup: &dyn Fn(&str) -> String) -> String {
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\\' && chars.get(i + 1) == Some(&'$') {
            out.push('$');
            i += 2;
            continue;
        }
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        let braced = chars.get(i + 1) == Some(&'{');
        let start = if braced { i + 2 } else { i + 1 };
        let mut end = start;
        while chars.get(end).is_some_and(|ch| {
            ch.is_ascii_alphanumeric() || *ch == '_' || (end == start && *ch == '?')
        }) {
            end += 1;
        }
        if end == start || (braced && chars.get(end) != Some(&'}')) {
            out.push('$');
            i += 1;
            continue;
        }
        let name: String = chars[start..end].iter().collect();
        out.push_str(&lookup(&name));
        i = if braced { end + 1 } else { end };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_delimiter_outside_quotes() {
        let doc = split("cat > lambda_function.py <<'EOF'").unwrap();
        assert_eq!(
            (doc.command.as_str(), doc.delimiter.as_str()),
            ("cat > lambda_function.py", "EOF")
        );
        let doc = split("cat <<-END > f.txt").unwrap();
        assert_eq!(
            (doc.command.as_str(), doc.delimiter.as_str(), doc.strip_tabs),
            ("cat > f.txt", "END", true)
        );
        assert!(split("echo '<<EOF'").is_none());
        assert!(split("echo a << ").is_none());
        assert!(split("cat <<< word").is_none());
        let mut doc = split("cat <<EOF").unwrap();
        assert!(!doc.feed("line 1"));
        assert!(!doc.feed("  EOF"));
        assert!(doc.feed("EOF"));
        assert_eq!(doc.body, "line 1\n  EOF\n");
        assert!(doc.expand);
        assert!(!split("cat <<'EOF'").unwrap().expand);
        assert!(!split("cat <<\\EOF").unwrap().expand);
    }

    #[test]
    fn an_unquoted_document_expands_variables() {
        let lookup = |name: &str| match name {
            "DNS" => "web-alb.elb".to_string(),
            _ => String::new(),
        };
        assert_eq!(
            expand(
                "{\"DNSName\":\"dualstack.$DNS\", \"x\":\"${DNS}!\", \"cost\":\"\\$5\", \"none\":\"$NOPE.\", \"$\"}",
                &lookup
            ),
            "{\"DNSName\":\"dualstack.web-alb.elb\", \"x\":\"web-alb.elb!\", \"cost\":\"$5\", \"none\":\".\", \"$\"}"
        );
    }
}
