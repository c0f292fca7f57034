//! CloudWatch Logs filter patterns for unstructured log events: terms that must
//! all appear (`ERROR timeout`), quoted phrases (`"Task timed out"`), terms of
//! which one must appear (`?ERROR ?WARN`), terms that must not (`-DEBUG`), and
//! the empty pattern, which matches everything. Matching is case-sensitive, as in
//! CloudWatch Logs. JSON and space-delimited patterns are refused for now.

use super::LogsError;

/// A parsed filter pattern.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FilterPattern {
    all: Vec<String>,
    any: Vec<String>,
    none: Vec<String>,
}

impl FilterPattern {
    /// Parses `text`; `InvalidParameterException` for what it cannot read.
    pub fn parse(text: &str) -> Result<FilterPattern, LogsError> {
        let invalid = || LogsError::InvalidParameter("Invalid filter pattern".into());
        let trimmed = text.trim();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            return Err(LogsError::InvalidParameter(
                "JSON and space-delimited filter patterns are not simulated yet; use terms and \"phrases\"".into(),
            ));
        }
        let mut pattern = FilterPattern::default();
        let mut chars = trimmed.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
                continue;
            }
            let sign = match c {
                '?' | '-' => {
                    chars.next();
                    Some(c)
                }
                _ => None,
            };
            let term = if chars.peek() == Some(&'"') {
                chars.next();
                let mut phrase = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => phrase.push(chars.next().ok_or_else(invalid)?),
                        Some(ch) => phrase.push(ch),
                        None => return Err(invalid()),
                    }
                }
                phrase
            } else {
                let mut word = String::new();
                while let Some(&ch) = chars.peek() {
                    if ch.is_whitespace() {
                        break;
                    }
                    word.push(ch);
                    chars.next();
                }
                word
            };
            if term.is_empty() {
                return Err(invalid());
            }
            match sign {
                Some('?') => pattern.any.push(term),
                Some(_) => pattern.none.push(term),
                None => pattern.all.push(term),
            }
        }
        Ok(pattern)
    }

    /// Whether a log event's message matches.
    pub fn matches(&self, message: &str) -> bool {
        self.all.iter().all(|t| message.contains(t.as_str()))
            && (self.any.is_empty() || self.any.iter().any(|t| message.contains(t.as_str())))
            && !self.none.iter().any(|t| message.contains(t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::FilterPattern;

    #[test]
    fn terms_phrases_alternatives_and_exclusions() {
        let p = FilterPattern::parse("ERROR \"timed out\" -retry").unwrap();
        assert!(p.matches("ERROR: Task timed out after 3.00 seconds"));
        assert!(!p.matches("ERROR: Task timed out, retry"));
        assert!(!p.matches("error: task timed out"));
        let any = FilterPattern::parse("?ERROR ?WARN").unwrap();
        assert!(any.matches("WARN low disk") && !any.matches("INFO fine"));
        assert!(FilterPattern::parse("").unwrap().matches("anything"));
        assert!(FilterPattern::parse("\"open").is_err());
    }
}
