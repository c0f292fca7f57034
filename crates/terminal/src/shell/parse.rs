//! Parsing a command line the way bash does for the subset CloudLab supports:
//! quoting (`'…'`, `"…"`, `\`), `$VAR`, `${VAR}`, `$?`, `$(…)`, comments, `;`,
//! `&&`, `||`, `|`, `>`, `>>`, `<`, `2>`, `2>>`, `2>&1`, `&>` and `NAME=value`.

use std::fmt;

/// One piece of a word before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text. `quoted` text is never split or globbed.
    Lit {
        /// The text.
        text: String,
        /// Whether it came from quotes or a backslash escape.
        quoted: bool,
    },
    /// `$NAME` or `${NAME}`.
    Var {
        /// The variable name (`?` for the last exit status).
        name: String,
        /// Whether it was inside double quotes.
        quoted: bool,
    },
    /// `$(…)`: the inner command line.
    Subst {
        /// The inner command line.
        line: String,
        /// Whether it was inside double quotes.
        quoted: bool,
    },
}

/// A shell word: its parts, joined without spaces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// The parts in order.
    pub parts: Vec<Part>,
}

impl Word {
    /// The word's text when it has no expansions (`None` if it has any).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for part in &self.parts {
            match part {
                Part::Lit { text, .. } => s.push_str(text),
                _ => return None,
            }
        }
        Some(s)
    }

    /// The raw text of the word, with expansions shown as written (for completion
    /// and messages).
    pub fn display(&self) -> String {
        let mut s = String::new();
        for part in &self.parts {
            match part {
                Part::Lit { text, .. } => s.push_str(text),
                Part::Var { name, .. } => {
                    s.push('$');
                    s.push_str(name);
                }
                Part::Subst { line, .. } => {
                    s.push_str("$(");
                    s.push_str(line);
                    s.push(')');
                }
            }
        }
        s
    }

    fn push_lit(&mut self, c: char, quoted: bool) {
        if let Some(Part::Lit { text, quoted: q }) = self.parts.last_mut()
            && *q == quoted
        {
            text.push(c);
            return;
        }
        self.parts.push(Part::Lit {
            text: c.to_string(),
            quoted,
        });
    }
}

/// Where a redirection sends or takes data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `>`/`>>` (fd 1), `2>`/`2>>` (fd 2), `&>` (both).
    Out {
        /// 1, 2, or 3 for both (`&>`).
        fd: u8,
        /// `>>` instead of `>`.
        append: bool,
        /// The file.
        target: Word,
    },
    /// `< file`.
    In {
        /// The file.
        source: Word,
    },
    /// `2>&1`.
    ErrToOut,
}

/// One simple command: assignments, words and redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    /// `NAME=value` before the command (or alone).
    pub assignments: Vec<(String, Word)>,
    /// The command name and its arguments.
    pub words: Vec<Word>,
    /// Redirections in order.
    pub redirects: Vec<Redirect>,
}

/// How a pipeline is joined to the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `;` (or the first pipeline).
    Always,
    /// `&&`.
    IfSuccess,
    /// `||`.
    IfFailure,
}

/// Commands joined by `|`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pipeline {
    /// The commands, left to right.
    pub commands: Vec<SimpleCommand>,
}

/// A whole command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// Pipelines and how each is joined to the previous one.
    pub items: Vec<(Connector, Pipeline)>,
}

/// A syntax error, printed as bash prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A quote or `$(` that is never closed.
    UnexpectedEof {
        /// The character bash looks for: `'`, `"` or `)`.
        looking_for: char,
    },
    /// An operator where a word was expected.
    UnexpectedToken {
        /// The token text, e.g. `|` or `newline`.
        token: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::UnexpectedEof { looking_for } => write!(
                f,
                "bash: unexpected EOF while looking for matching `{looking_for}'"
            ),
            ParseError::UnexpectedToken { token } => {
                write!(f, "bash: syntax error near unexpected token `{token}'")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(Word),
    Semi,
    And,
    Or,
    Pipe,
    RedirOut { fd: u8, append: bool },
    RedirIn,
    ErrToOut,
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Word(w) => w.display(),
            Token::Semi => ";".into(),
            Token::And => "&&".into(),
            Token::Or => "||".into(),
            Token::Pipe => "|".into(),
            Token::RedirOut { fd, append } => {
                let arrow = if *append { ">>" } else { ">" };
                match fd {
                    2 => format!("2{arrow}"),
                    3 => format!("&{arrow}"),
                    _ => arrow.to_string(),
                }
            }
            Token::RedirIn => "<".into(),
            Token::ErrToOut => "2>&1".into(),
        }
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    _src: &'a str,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer {
            chars: src.chars().collect(),
            pos: 0,
            _src: src,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn tokens(mut self) -> Result<Vec<Token>, ParseError> {
        let mut tokens = Vec::new();
        let mut word = Word::default();
        let mut in_word = false;
        let flush = |word: &mut Word, in_word: &mut bool, tokens: &mut Vec<Token>| {
            if *in_word {
                tokens.push(Token::Word(std::mem::take(word)));
                *in_word = false;
            }
        };
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\n' | '\r' => {
                    flush(&mut word, &mut in_word, &mut tokens);
                    self.pos += 1;
                }
                '#' if !in_word => break,
                ';' => {
                    flush(&mut word, &mut in_word, &mut tokens);
                    tokens.push(Token::Semi);
                    self.pos += 1;
                }
                '&' => {
                    flush(&mut word, &mut in_word, &mut tokens);
                    if self.peek_at(1) == Some('&') {
                        tokens.push(Token::And);
                        self.pos += 2;
                    } else if self.peek_at(1) == Some('>') {
                        let append = self.peek_at(2) == Some('>');
                        tokens.push(Token::RedirOut { fd: 3, append });
                        self.pos += if append { 3 } else { 2 };
                    } else {
                        // Background jobs are not simulated: `&` runs in the foreground.
                        tokens.push(Token::Semi);
                        self.pos += 1;
                    }
                }
                '|' => {
                    flush(&mut word, &mut in_word, &mut tokens);
                    if self.peek_at(1) == Some('|') {
                        tokens.push(Token::Or);
                        self.pos += 2;
                    } else {
                        tokens.push(Token::Pipe);
                        self.pos += 1;
                    }
                }
                '>' => {
                    flush(&mut word, &mut in_word, &mut tokens);
                    let append = self.peek_at(1) == Some('>');
                    tokens.push(Token::RedirOut { fd: 1, append });
                    self.pos += if append { 2 } else { 1 };
                }
                '<' => {
                    flush(&mut word, &mut in_word, &mut tokens);
                    tokens.push(Token::RedirIn);
                    self.pos += 1;
                }
                '2' if !in_word && self.peek_at(1) == Some('>') => {
                    if self.peek_at(2) == Some('&') && self.peek_at(3) == Some('1') {
                        tokens.push(Token::ErrToOut);
                        self.pos += 4;
                    } else {
                        let append = self.peek_at(2) == Some('>');
                        tokens.push(Token::RedirOut { fd: 2, append });
                        self.pos += if append { 3 } else { 2 };
                    }
                }
                '\'' => {
                    in_word = true;
                    self.pos += 1;
                    let mut text = String::new();
                    loop {
                        match self.peek() {
                            None => return Err(ParseError::UnexpectedEof { looking_for: '\'' }),
                            Some('\'') => {
                                self.pos += 1;
                                break;
                            }
                            Some(ch) => {
                                text.push(ch);
                                self.pos += 1;
                            }
                        }
                    }
                    word.parts.push(Part::Lit { text, quoted: true });
                }
                '"' => {
                    in_word = true;
                    self.pos += 1;
                    // Marks an empty "" as a (quoted, empty) word part.
                    word.parts.push(Part::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                    loop {
                        match self.peek() {
                            None => return Err(ParseError::UnexpectedEof { looking_for: '"' }),
                            Some('"') => {
                                self.pos += 1;
                                break;
                            }
                            Some('\\') => match self.peek_at(1) {
                                Some(n @ ('$' | '"' | '\\' | '`')) => {
                                    word.push_lit(n, true);
                                    self.pos += 2;
                                }
                                Some('\n') => self.pos += 2,
                                _ => {
                                    word.push_lit('\\', true);
                                    self.pos += 1;
                                }
                            },
                            Some('$') => self.dollar(&mut word, true)?,
                            Some(ch) => {
                                word.push_lit(ch, true);
                                self.pos += 1;
                            }
                        }
                    }
                }
                '\\' => {
                    in_word = true;
                    match self.peek_at(1) {
                        Some('\n') => {}
                        Some(n) => word.push_lit(n, true),
                        None => {}
                    }
                    self.pos += 2;
                }
                '$' => {
                    in_word = true;
                    self.dollar(&mut word, false)?;
                }
                other => {
                    in_word = true;
                    word.push_lit(other, false);
                    self.pos += 1;
                }
            }
        }
        flush(&mut word, &mut in_word, &mut tokens);
        Ok(tokens)
    }

    /// At a `$`: a variable, `$?`, `${…}`, `$(…)`, or a literal `$`.
    fn dollar(&mut self, word: &mut Word, quoted: bool) -> Result<(), ParseError> {
        match self.peek_at(1) {
            Some('(') => {
                self.pos += 2;
                let start = self.pos;
                let mut depth = 1usize;
                let mut quote: Option<char> = None;
                loop {
                    let Some(ch) = self.peek() else {
                        return Err(ParseError::UnexpectedEof { looking_for: ')' });
                    };
                    match (quote, ch) {
                        (Some(q), c) if c == q => quote = None,
                        (Some('"'), '\\') => self.pos += 1,
                        (Some(_), _) => {}
                        (None, '\'' | '"') => quote = Some(ch),
                        (None, '\\') => self.pos += 1,
                        (None, '(') => depth += 1,
                        (None, ')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
                let line: String = self
                    .chars
                    .get(start..self.pos.min(self.chars.len()))
                    .unwrap_or_default()
                    .iter()
                    .collect();
                self.pos += 1;
                word.parts.push(Part::Subst { line, quoted });
            }
            Some('{') => {
                let start = self.pos + 2;
                let mut end = start;
                while self.chars.get(end).is_some_and(|c| *c != '}') {
                    end += 1;
                }
                if end >= self.chars.len() {
                    return Err(ParseError::UnexpectedEof { looking_for: '}' });
                }
                let name: String = self
                    .chars
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                self.pos = end + 1;
                word.parts.push(Part::Var { name, quoted });
            }
            Some('?') => {
                self.pos += 2;
                word.parts.push(Part::Var {
                    name: "?".into(),
                    quoted,
                });
            }
            Some(c) if is_name_start(c) => {
                self.pos += 1;
                let mut name = String::new();
                while let Some(ch) = self.peek().filter(|c| is_name_char(*c)) {
                    name.push(ch);
                    self.pos += 1;
                }
                word.parts.push(Part::Var { name, quoted });
            }
            _ => {
                word.push_lit('$', quoted);
                self.pos += 1;
            }
        }
        Ok(())
    }
}

/// Splits `NAME=value` off a word in command position.
fn as_assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit {
        text,
        quoted: false,
    }) = word.parts.first()
    else {
        return None;
    };
    let eq = text.find('=')?;
    let name = text.get(..eq)?;
    let mut chars = name.chars();
    if !chars.next().is_some_and(is_name_start) || !chars.all(is_name_char) {
        return None;
    }
    let mut value = Word::default();
    let rest = text.get(eq + 1..).unwrap_or("");
    if !rest.is_empty() {
        value.parts.push(Part::Lit {
            text: rest.to_string(),
            quoted: false,
        });
    }
    value.parts.extend(word.parts.iter().skip(1).cloned());
    Some((name.to_string(), value))
}

/// Parses one command line.
pub fn parse(line: &str) -> Result<CommandLine, ParseError> {
    let tokens = Lexer::new(line).tokens()?;
    let mut result = CommandLine::default();
    let mut connector = Connector::Always;
    let mut pipeline = Pipeline::default();
    let mut command = SimpleCommand::default();
    let mut iter = tokens.into_iter().peekable();
    let unexpected = |t: &Token| ParseError::UnexpectedToken { token: t.text() };
    let is_empty = |c: &SimpleCommand| {
        c.words.is_empty() && c.assignments.is_empty() && c.redirects.is_empty()
    };
    while let Some(token) = iter.next() {
        match token {
            Token::Word(word) => {
                if command.words.is_empty()
                    && let Some(assignment) = as_assignment(&word)
                {
                    command.assignments.push(assignment);
                } else {
                    command.words.push(word);
                }
            }
            Token::RedirOut { fd, append } => match iter.next() {
                Some(Token::Word(target)) => {
                    command.redirects.push(Redirect::Out { fd, append, target })
                }
                Some(other) => return Err(unexpected(&other)),
                None => {
                    return Err(ParseError::UnexpectedToken {
                        token: "newline".into(),
                    });
                }
            },
            Token::RedirIn => match iter.next() {
                Some(Token::Word(source)) => command.redirects.push(Redirect::In { source }),
                Some(other) => return Err(unexpected(&other)),
                None => {
                    return Err(ParseError::UnexpectedToken {
                        token: "newline".into(),
                    });
                }
            },
            Token::ErrToOut => command.redirects.push(Redirect::ErrToOut),
            Token::Pipe => {
                if is_empty(&command) {
                    return Err(unexpected(&Token::Pipe));
                }
                pipeline.commands.push(std::mem::take(&mut command));
                if iter.peek().is_none() {
                    return Err(ParseError::UnexpectedToken {
                        token: "newline".into(),
                    });
                }
            }
            sep @ (Token::Semi | Token::And | Token::Or) => {
                if is_empty(&command) {
                    return Err(unexpected(&sep));
                }
                pipeline.commands.push(std::mem::take(&mut command));
                result
                    .items
                    .push((connector, std::mem::take(&mut pipeline)));
                connector = match sep {
                    Token::And => Connector::IfSuccess,
                    Token::Or => Connector::IfFailure,
                    _ => Connector::Always,
                };
                if iter.peek().is_none() && sep != Token::Semi {
                    return Err(ParseError::UnexpectedToken {
                        token: "newline".into(),
                    });
                }
            }
        }
    }
    if !is_empty(&command) {
        pipeline.commands.push(command);
    }
    if !pipeline.commands.is_empty() {
        result.items.push((connector, pipeline));
    }
    Ok(result)
}

/// Splits a line into plain words the way the parser would, ignoring operators
/// (used by completion). Unterminated quotes are taken as closed.
pub fn rough_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    current.push(n);
                }
                started = true;
            }
            (None, ' ' | '\t' | ';' | '|' | '&' | '>' | '<') => {
                if started || !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                    started = false;
                }
                if c != ' ' && c != '\t' {
                    words.clear();
                }
            }
            (None, c) => current.push(c),
        }
    }
    if started || !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<Vec<String>> {
        let parsed = parse(line).unwrap();
        parsed
            .items
            .iter()
            .flat_map(|(_, p)| p.commands.iter())
            .map(|c| c.words.iter().map(Word::display).collect())
            .collect()
    }

    #[test]
    fn quoting() {
        assert_eq!(
            words(r#"echo 'a b' "c $HOME" d\ e"#),
            vec![vec!["echo", "a b", "c $HOME", "d e"]]
        );
        assert_eq!(words("echo \"\""), vec![vec!["echo", ""]]);
        assert_eq!(
            words("aws ec2 x --query 'Reservations[].Instances[]'"),
            vec![vec![
                "aws",
                "ec2",
                "x",
                "--query",
                "Reservations[].Instances[]"
            ]]
        );
    }

    #[test]
    fn operators_and_redirects() {
        let parsed = parse("a && b || c; d | e > f >> g 2>/dev/null 2>&1").unwrap();
        let connectors: Vec<Connector> = parsed.items.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            connectors,
            vec![
                Connector::Always,
                Connector::IfSuccess,
                Connector::IfFailure,
                Connector::Always
            ]
        );
        let last = &parsed.items[3].1;
        assert_eq!(last.commands.len(), 2);
        assert_eq!(last.commands[1].redirects.len(), 4);
        assert_eq!(
            last.commands[1].redirects[3],
            Redirect::ErrToOut,
            "2>&1 is recognised"
        );
    }

    #[test]
    fn comments_assignments_and_substitution() {
        assert_eq!(words("echo hi # a comment"), vec![vec!["echo", "hi"]]);
        assert!(parse("# only a comment").unwrap().items.is_empty());
        assert_eq!(words("echo a#b"), vec![vec!["echo", "a#b"]]);
        let parsed = parse("ID=$(aws ec2 x --query 'a)b' --output text)").unwrap();
        let cmd = &parsed.items[0].1.commands[0];
        assert!(cmd.words.is_empty());
        assert_eq!(cmd.assignments[0].0, "ID");
        assert_eq!(
            cmd.assignments[0].1.parts,
            vec![Part::Subst {
                line: "aws ec2 x --query 'a)b' --output text".into(),
                quoted: false
            }]
        );
        let parsed = parse("echo ${HOME}/x $?").unwrap();
        assert_eq!(
            parsed.items[0].1.commands[0].words[1].parts[0],
            Part::Var {
                name: "HOME".into(),
                quoted: false
            }
        );
    }

    #[test]
    fn syntax_errors() {
        assert_eq!(
            parse("echo 'abc").unwrap_err().to_string(),
            "bash: unexpected EOF while looking for matching `''"
        );
        assert_eq!(
            parse("| grep x").unwrap_err().to_string(),
            "bash: syntax error near unexpected token `|'"
        );
        assert_eq!(
            parse("echo >").unwrap_err().to_string(),
            "bash: syntax error near unexpected token `newline'"
        );
        assert_eq!(
            parse("a &&").unwrap_err().to_string(),
            "bash: syntax error near unexpected token `newline'"
        );
        assert!(parse("a;").is_ok());
        assert!(parse("echo $(").is_err());
    }

    #[test]
    fn rough_words_for_completion() {
        assert_eq!(rough_words("ls -l 'my f"), vec!["ls", "-l", "my f"]);
        assert_eq!(rough_words("cat x | gre"), vec!["gre"]);
        assert_eq!(rough_words("aws ec2 "), vec!["aws", "ec2"]);
    }
}
