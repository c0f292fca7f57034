//! Bilingual text and the "markdown-lite" that lesson text is written in.
//!
//! Lesson text is plain text with a few marks: blank lines separate blocks,
//! `- ` starts a list item, `> ` starts a call-out note, a line of three
//! backticks opens and closes a code block, and inside a line `` `code` ``,
//! `**strong**` and `*emphasis*`. [`blocks`] turns such text into a tree of
//! [`Block`]s and [`Inline`]s that the UI renders as elements. Nothing here
//! is ever HTML, so text cannot inject markup.

use serde::{Deserialize, Serialize};

/// A language the course is written in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// Every language, in the order the UI lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 code (`"en"`, `"ko"`), as used in `<html lang>` and the save file.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name for itself.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// Reads a code such as `"ko"`; `None` for any other language.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

/// The same text in English and in Korean.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// English (left out of a data file that holds only Korean).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
    /// Korean (left out of a data file that holds only English).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ko: String,
}

impl Text {
    /// Builds a text from its two translations. Double-form Korean particles
    /// (`{name}을(를)`) become the form that fits the word before them.
    pub fn new(en: impl Into<String>, ko: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            ko: crate::particles::choose_particles(&ko.into()),
        }
    }

    /// The text in `lang`; the other language while `lang`'s has not loaded (a
    /// chapter's data file holds one language, and lessons always have both).
    pub fn get(&self, lang: Lang) -> &str {
        let (wanted, other) = match lang {
            Lang::En => (&self.en, &self.ko),
            Lang::Ko => (&self.ko, &self.en),
        };
        if wanted.is_empty() { other } else { wanted }
    }

    /// True when either translation is empty or only white space.
    pub fn has_missing_language(&self) -> bool {
        self.en.trim().is_empty() || self.ko.trim().is_empty()
    }

    /// Applies `f` to both translations.
    pub fn map(&self, mut f: impl FnMut(&str) -> String) -> Text {
        Text {
            en: f(&self.en),
            ko: f(&self.ko),
        }
    }
}

/// A block of lesson text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// A paragraph: consecutive lines joined with spaces.
    Paragraph(Vec<Inline>),
    /// A bulleted list; one entry per item.
    List(Vec<Vec<Inline>>),
    /// A code block, verbatim (lines joined with `\n`).
    Code(String),
    /// A call-out (lines starting with `> `), used for "today's AWS differs" notes.
    Note(Vec<Inline>),
}

/// A run of text inside a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    /// Ordinary text.
    Plain(String),
    /// Inline code, written `` `like this` ``.
    Code(String),
    /// Strong emphasis, written `**like this**`.
    Strong(String),
    /// Emphasis, written `*like this*`.
    Emphasis(String),
}

/// What a source line is, for grouping lines into blocks.
enum LineKind<'a> {
    Blank,
    Fence,
    Item(&'a str),
    Note(&'a str),
    Text(&'a str),
}

fn classify(line: &str) -> LineKind<'_> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    if trimmed.starts_with("```") {
        return LineKind::Fence;
    }
    if let Some(rest) = trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("* "))
    {
        return LineKind::Item(rest.trim());
    }
    if trimmed == ">" {
        return LineKind::Note("");
    }
    if let Some(rest) = trimmed.strip_prefix("> ") {
        return LineKind::Note(rest.trim());
    }
    LineKind::Text(trimmed)
}

/// Joins non-empty pieces with single spaces.
fn join_words(pieces: &[&str]) -> String {
    pieces
        .iter()
        .filter(|piece| !piece.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits markdown-lite text into blocks. Never fails: anything it does not
/// recognise is kept as plain text.
pub fn blocks(source: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        match classify(line) {
            LineKind::Blank => {}
            LineKind::Fence => {
                let mut code = Vec::new();
                for inner in lines.by_ref() {
                    if inner.trim().starts_with("```") {
                        break;
                    }
                    code.push(inner);
                }
                out.push(Block::Code(dedent(&code)));
            }
            LineKind::Item(first) => {
                let mut items = vec![vec![first]];
                while let Some(next) = lines.peek() {
                    match classify(next) {
                        LineKind::Item(text) => items.push(vec![text]),
                        // An indented line continues the item above it.
                        LineKind::Text(text) if next.starts_with(' ') || next.starts_with('\t') => {
                            if let Some(last) = items.last_mut() {
                                last.push(text);
                            }
                        }
                        _ => break,
                    }
                    lines.next();
                }
                out.push(Block::List(
                    items
                        .iter()
                        .map(|item| inlines(&join_words(item)))
                        .collect(),
                ));
            }
            LineKind::Note(first) => {
                let mut parts = vec![first];
                while let Some(LineKind::Note(text)) = lines.peek().map(|next| classify(next)) {
                    parts.push(text);
                    lines.next();
                }
                out.push(Block::Note(inlines(&join_words(&parts))));
            }
            LineKind::Text(first) => {
                let mut parts = vec![first];
                while let Some(LineKind::Text(text)) = lines.peek().map(|next| classify(next)) {
                    parts.push(text);
                    lines.next();
                }
                out.push(Block::Paragraph(inlines(&join_words(&parts))));
            }
        }
    }
    out
}

/// Removes the indentation common to every non-blank line of a code block.
fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Splits one line of text into inline runs.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        let marked = match ch {
            '`' => take_delimited(rest, "`", false)
                .map(|(inner, after)| (Inline::Code(inner.to_string()), after)),
            '*' if rest.starts_with("**") => take_delimited(rest, "**", true)
                .map(|(inner, after)| (Inline::Strong(inner.to_string()), after)),
            '*' => take_delimited(rest, "*", true)
                .map(|(inner, after)| (Inline::Emphasis(inner.to_string()), after)),
            _ => None,
        };
        match marked {
            Some((inline, after)) => {
                if !plain.is_empty() {
                    out.push(Inline::Plain(std::mem::take(&mut plain)));
                }
                out.push(inline);
                rest = after;
            }
            None => {
                plain.push(ch);
                rest = &rest[ch.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Plain(plain));
    }
    out
}

/// If `text` starts with `mark`, finds the closing `mark` and returns the text
/// between and the text after. With `tight`, the inner text may not start or
/// end with white space (so `2 * 3 * 4` stays plain).
fn take_delimited<'a>(text: &'a str, mark: &str, tight: bool) -> Option<(&'a str, &'a str)> {
    let body = text.strip_prefix(mark)?;
    let end = body.find(mark)?;
    let inner = body.get(..end)?;
    if inner.is_empty() {
        return None;
    }
    if tight && (inner.starts_with(char::is_whitespace) || inner.ends_with(char::is_whitespace)) {
        return None;
    }
    Some((inner, body.get(end + mark.len()..)?))
}

/// The plain text of inline runs, without marks (for search and tests).
pub fn plain_text(runs: &[Inline]) -> String {
    runs.iter()
        .map(|run| match run {
            Inline::Plain(text)
            | Inline::Code(text)
            | Inline::Strong(text)
            | Inline::Emphasis(text) => text.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Inline {
        Inline::Plain(text.to_string())
    }

    fn check(source: &str, expected: Vec<Block>) {
        assert_eq!(blocks(source), expected, "source: {source:?}");
    }

    #[test]
    fn text_picks_the_language() {
        let text = Text::new("Hello", "안녕하세요");
        assert_eq!(text.get(Lang::En), "Hello");
        assert_eq!(text.get(Lang::Ko), "안녕하세요");
        assert!(!text.has_missing_language());
        assert!(Text::new("Hello", "  ").has_missing_language());
    }

    #[test]
    fn lang_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(
                serde_json::to_string(&lang).unwrap(),
                format!("\"{}\"", lang.code())
            );
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn paragraphs_join_lines_and_split_on_blank_lines() {
        check(
            "one\ntwo\n\n  three  ",
            vec![
                Block::Paragraph(vec![plain("one two")]),
                Block::Paragraph(vec![plain("three")]),
            ],
        );
    }

    #[test]
    fn lists_collect_items_and_indented_continuations() {
        check(
            "Intro\n- first\n  goes on\n* second\n\nafter",
            vec![
                Block::Paragraph(vec![plain("Intro")]),
                Block::List(vec![vec![plain("first goes on")], vec![plain("second")]]),
                Block::Paragraph(vec![plain("after")]),
            ],
        );
    }

    #[test]
    fn notes_are_call_outs() {
        check(
            "> Today's AWS differs:\n> `t3.micro` is free.\ntext",
            vec![
                Block::Note(vec![
                    plain("Today's AWS differs: "),
                    Inline::Code("t3.micro".into()),
                    plain(" is free."),
                ]),
                Block::Paragraph(vec![plain("text")]),
            ],
        );
    }

    #[test]
    fn code_blocks_are_verbatim_and_dedented() {
        check(
            "```\n  chmod 400 key.pem\n    **not bold**\n```\nafter",
            vec![
                Block::Code("chmod 400 key.pem\n  **not bold**".into()),
                Block::Paragraph(vec![plain("after")]),
            ],
        );
    }

    #[test]
    fn an_unclosed_code_block_runs_to_the_end() {
        check("```\nls -l", vec![Block::Code("ls -l".into())]);
    }

    #[test]
    fn inline_marks() {
        assert_eq!(
            inlines("Run `aws sts get-caller-identity` **now**, *please*."),
            vec![
                plain("Run "),
                Inline::Code("aws sts get-caller-identity".into()),
                plain(" "),
                Inline::Strong("now".into()),
                plain(", "),
                Inline::Emphasis("please".into()),
                plain("."),
            ]
        );
    }

    #[test]
    fn unmatched_or_loose_marks_stay_plain() {
        assert_eq!(inlines("2 * 3 * 4"), vec![plain("2 * 3 * 4")]);
        assert_eq!(inlines("a `b"), vec![plain("a `b")]);
        assert_eq!(inlines("**"), vec![plain("**")]);
        assert_eq!(inlines("``"), vec![plain("``")]);
    }

    #[test]
    fn markup_is_never_interpreted_as_html() {
        let runs = inlines("<script>alert(1)</script>");
        assert_eq!(runs, vec![plain("<script>alert(1)</script>")]);
    }

    #[test]
    fn plain_text_drops_the_marks() {
        assert_eq!(plain_text(&inlines("a `b` **c** *d*")), "a b c d");
    }

    #[test]
    fn empty_input_has_no_blocks() {
        check("", vec![]);
        check("\n \n", vec![]);
    }

    proptest::proptest! {
        #[test]
        fn blocks_never_panic_and_never_lose_all_text(source in "\\PC{0,200}") {
            let parsed = blocks(&source);
            // Text with any non-blank line yields at least one block.
            if source.lines().any(|line| !line.trim().is_empty()) {
                proptest::prop_assert!(!parsed.is_empty());
            }
        }
    }
}
