//! A JMESPath evaluator for `--query`, on `serde_json::Value` with member order
//! kept (the `jmespath` crate stores objects in a `BTreeMap`, which would sort the
//! keys of every object the CLI prints; the real CLI keeps AWS's order).
//!
//! The grammar and semantics follow the JMESPath specification and the Python
//! implementation the AWS CLI uses: a Pratt parser with the same binding powers,
//! projections that drop `null`s, and the built-in functions.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Number, Value};

/// A parse or evaluation error, worded like Python's jmespath.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// What went wrong.
    pub message: String,
    /// Whether it happened while parsing (the CLI then says `Bad value for --query`).
    pub at_parse: bool,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn parse_error(message: impl Into<String>) -> QueryError {
    QueryError {
        message: message.into(),
        at_parse: true,
    }
}

fn eval_error(message: impl Into<String>) -> QueryError {
    QueryError {
        message: message.into(),
        at_parse: false,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Cmp(CmpOp),
    Current,
    Expref,
    Number(i64),
    Ident(String),
    QuotedIdent(String),
    Literal(Value),
    Eof,
}

impl Tok {
    fn name(&self) -> &'static str {
        match self {
            Tok::Dot => "dot",
            Tok::Star => "star",
            Tok::Flatten => "flatten",
            Tok::Filter => "filter",
            Tok::LBracket => "lbracket",
            Tok::RBracket => "rbracket",
            Tok::LBrace => "lbrace",
            Tok::RBrace => "rbrace",
            Tok::LParen => "lparen",
            Tok::RParen => "rparen",
            Tok::Comma => "comma",
            Tok::Colon => "colon",
            Tok::Pipe => "pipe",
            Tok::Or => "or",
            Tok::And => "and",
            Tok::Not => "not",
            Tok::Cmp(_) => "comparator",
            Tok::Current => "current",
            Tok::Expref => "expref",
            Tok::Number(_) => "number",
            Tok::Ident(_) => "unquoted_identifier",
            Tok::QuotedIdent(_) => "quoted_identifier",
            Tok::Literal(_) => "literal",
            Tok::Eof => "eof",
        }
    }

    fn binding_power(&self) -> u8 {
        match self {
            Tok::Pipe => 1,
            Tok::Or => 2,
            Tok::And => 3,
            Tok::Cmp(_) => 5,
            Tok::Flatten => 9,
            Tok::Star => 20,
            Tok::Filter => 21,
            Tok::Dot => 40,
            Tok::Not => 45,
            Tok::LBrace => 50,
            Tok::LBracket => 55,
            Tok::LParen => 60,
            _ => 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

fn tokenize(src: &str) -> Result<Vec<Tok>, QueryError> {
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '.' => {
                out.push(Tok::Dot);
                i += 1;
            }
            '*' => {
                out.push(Tok::Star);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            ':' => {
                out.push(Tok::Colon);
                i += 1;
            }
            '@' => {
                out.push(Tok::Current);
                i += 1;
            }
            ']' => {
                out.push(Tok::RBracket);
                i += 1;
            }
            '{' => {
                out.push(Tok::LBrace);
                i += 1;
            }
            '}' => {
                out.push(Tok::RBrace);
                i += 1;
            }
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            '[' => match at(i + 1) {
                Some(']') => {
                    out.push(Tok::Flatten);
                    i += 2;
                }
                Some('?') => {
                    out.push(Tok::Filter);
                    i += 2;
                }
                _ => {
                    out.push(Tok::LBracket);
                    i += 1;
                }
            },
            '|' => {
                if at(i + 1) == Some('|') {
                    out.push(Tok::Or);
                    i += 2;
                } else {
                    out.push(Tok::Pipe);
                    i += 1;
                }
            }
            '&' => {
                if at(i + 1) == Some('&') {
                    out.push(Tok::And);
                    i += 2;
                } else {
                    out.push(Tok::Expref);
                    i += 1;
                }
            }
            '!' => {
                if at(i + 1) == Some('=') {
                    out.push(Tok::Cmp(CmpOp::Ne));
                    i += 2;
                } else {
                    out.push(Tok::Not);
                    i += 1;
                }
            }
            '=' => {
                if at(i + 1) == Some('=') {
                    out.push(Tok::Cmp(CmpOp::Eq));
                    i += 2;
                } else {
                    return Err(parse_error(format!(
                        "Unknown token '=' at column {i}: did you mean '=='?"
                    )));
                }
            }
            '<' | '>' => {
                let eq = at(i + 1) == Some('=');
                let op = match (c, eq) {
                    ('<', true) => CmpOp::Le,
                    ('<', false) => CmpOp::Lt,
                    (_, true) => CmpOp::Ge,
                    _ => CmpOp::Gt,
                };
                out.push(Tok::Cmp(op));
                i += if eq { 2 } else { 1 };
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match at(i) {
                        None => return Err(parse_error("Unterminated raw string literal")),
                        Some('\\') if at(i + 1) == Some('\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Literal(Value::String(s)));
            }
            '`' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match at(i) {
                        None => return Err(parse_error("Unterminated JSON literal")),
                        Some('\\') if at(i + 1) == Some('`') => {
                            s.push('`');
                            i += 2;
                        }
                        Some('`') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                let value = serde_json::from_str::<Value>(s.trim())
                    .or_else(|_| serde_json::from_str::<Value>(&format!("\"{}\"", s.trim())))
                    .map_err(|_| parse_error(format!("Bad token `{s}`")))?;
                out.push(Tok::Literal(value));
            }
            '"' => {
                let start = i;
                i += 1;
                loop {
                    match at(i) {
                        None => return Err(parse_error("Unterminated quoted identifier")),
                        Some('\\') => i += 2,
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                let raw: String = chars.get(start..i).unwrap_or_default().iter().collect();
                let name: String = serde_json::from_str(&raw)
                    .map_err(|_| parse_error(format!("Invalid quoted identifier {raw}")))?;
                out.push(Tok::QuotedIdent(name));
            }
            '-' | '0'..='9' => {
                let start = i;
                i += 1;
                while at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
                let text: String = chars.get(start..i).unwrap_or_default().iter().collect();
                let n = text
                    .parse::<i64>()
                    .map_err(|_| parse_error(format!("Unknown token '{text}'")))?;
                out.push(Tok::Number(n));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    i += 1;
                }
                out.push(Tok::Ident(
                    chars.get(start..i).unwrap_or_default().iter().collect(),
                ));
            }
            other => {
                return Err(parse_error(format!(
                    "Unknown token '{other}' at column {i}"
                )));
            }
        }
    }
    out.push(Tok::Eof);
    Ok(out)
}

/// A parsed JMESPath expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `@` (and the implicit right side of projections).
    Identity,
    /// `name`.
    Field(String),
    /// `a.b` chains.
    Sub(Box<Expr>, Box<Expr>),
    /// `[n]`.
    Index(i64),
    /// `[start:stop:step]`.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// `left[index]`.
    IndexExpr(Box<Expr>, Box<Expr>),
    /// List projection: `left[*].right`, `left[].right`.
    Projection(Box<Expr>, Box<Expr>),
    /// Object projection: `left.*.right`.
    ValueProjection(Box<Expr>, Box<Expr>),
    /// `left[?cond].right`.
    FilterProjection(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `left[]`.
    Flatten(Box<Expr>),
    /// `` `json` `` or `'raw'`.
    Literal(Value),
    /// `[a, b]`.
    MultiList(Vec<Expr>),
    /// `{k: a, l: b}`.
    MultiHash(Vec<(String, Expr)>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `!a`.
    Not(Box<Expr>),
    /// `a | b`.
    Pipe(Box<Expr>, Box<Expr>),
    /// `a == b` etc.
    Compare(CmpKind, Box<Expr>, Box<Expr>),
    /// `f(args)`.
    Function(String, Vec<Expr>),
    /// `&expr`.
    ExpRef(Box<Expr>),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CmpKind(CmpOp);

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 200;

impl Parser {
    fn current(&self) -> &Tok {
        self.tokens.get(self.pos).unwrap_or(&Tok::Eof)
    }

    fn lookahead(&self, n: usize) -> &Tok {
        self.tokens.get(self.pos + n).unwrap_or(&Tok::Eof)
    }

    fn advance(&mut self) -> Tok {
        let t = self.current().clone();
        self.pos += 1;
        t
    }

    fn expect(&mut self, name: &str) -> Result<(), QueryError> {
        if self.current().name() == name {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(&[name]))
        }
    }

    fn unexpected(&self, expected: &[&str]) -> QueryError {
        let got = self.current();
        if *got == Tok::Eof {
            parse_error("Invalid jmespath expression: Incomplete expression")
        } else if expected.is_empty() {
            parse_error(format!("invalid token: {}", got.name()))
        } else {
            parse_error(format!(
                "Expecting: [{}], got: {}",
                expected
                    .iter()
                    .map(|e| format!("'{e}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                got.name()
            ))
        }
    }

    fn expression(&mut self, bp: u8) -> Result<Expr, QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(parse_error("Expression is nested too deeply"));
        }
        let token = self.advance();
        let mut left = self.nud(token)?;
        while bp < self.current().binding_power() {
            let token = self.advance();
            left = self.led(token, left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self, token: Tok) -> Result<Expr, QueryError> {
        match token {
            Tok::Literal(v) => Ok(Expr::Literal(v)),
            Tok::Ident(name) => Ok(Expr::Field(name)),
            Tok::QuotedIdent(name) => {
                if *self.current() == Tok::LParen {
                    Err(parse_error(
                        "Quoted identifier not allowed for function names.",
                    ))
                } else {
                    Ok(Expr::Field(name))
                }
            }
            Tok::Star => {
                let right = if *self.current() == Tok::RBracket {
                    Expr::Identity
                } else {
                    self.projection_rhs(Tok::Star.binding_power())?
                };
                Ok(Expr::ValueProjection(
                    Box::new(Expr::Identity),
                    Box::new(right),
                ))
            }
            Tok::Filter => self.led_filter(Expr::Identity),
            Tok::LBrace => self.multi_hash(),
            Tok::LParen => {
                let e = self.expression(0)?;
                self.expect("rparen")?;
                Ok(e)
            }
            Tok::Flatten => {
                let left = Expr::Flatten(Box::new(Expr::Identity));
                let right = self.projection_rhs(Tok::Flatten.binding_power())?;
                Ok(Expr::Projection(Box::new(left), Box::new(right)))
            }
            Tok::Not => {
                let e = self.expression(Tok::Not.binding_power())?;
                Ok(Expr::Not(Box::new(e)))
            }
            Tok::LBracket => match self.current() {
                Tok::Number(_) | Tok::Colon => {
                    let right = self.index_expression()?;
                    self.project_if_slice(Expr::Identity, right)
                }
                Tok::Star if *self.lookahead(1) == Tok::RBracket => {
                    self.pos += 2;
                    let right = self.projection_rhs(Tok::Star.binding_power())?;
                    Ok(Expr::Projection(Box::new(Expr::Identity), Box::new(right)))
                }
                _ => self.multi_list(),
            },
            Tok::Current => Ok(Expr::Identity),
            Tok::Expref => {
                let e = self.expression(Tok::Expref.binding_power())?;
                Ok(Expr::ExpRef(Box::new(e)))
            }
            Tok::Eof => Err(parse_error(
                "Invalid jmespath expression: Incomplete expression",
            )),
            other => Err(parse_error(format!("invalid token: {}", other.name()))),
        }
    }

    fn led(&mut self, token: Tok, left: Expr) -> Result<Expr, QueryError> {
        match token {
            Tok::Dot => {
                if *self.current() == Tok::Star {
                    self.pos += 1;
                    let right = self.projection_rhs(Tok::Dot.binding_power())?;
                    Ok(Expr::ValueProjection(Box::new(left), Box::new(right)))
                } else {
                    let right = self.dot_rhs(Tok::Dot.binding_power())?;
                    Ok(Expr::Sub(Box::new(left), Box::new(right)))
                }
            }
            Tok::Pipe => {
                let right = self.expression(Tok::Pipe.binding_power())?;
                Ok(Expr::Pipe(Box::new(left), Box::new(right)))
            }
            Tok::Or => {
                let right = self.expression(Tok::Or.binding_power())?;
                Ok(Expr::Or(Box::new(left), Box::new(right)))
            }
            Tok::And => {
                let right = self.expression(Tok::And.binding_power())?;
                Ok(Expr::And(Box::new(left), Box::new(right)))
            }
            Tok::LParen => {
                let Expr::Field(name) = left else {
                    return Err(parse_error("Invalid function name"));
                };
                let mut args = Vec::new();
                while *self.current() != Tok::RParen {
                    args.push(self.expression(0)?);
                    if *self.current() == Tok::Comma {
                        self.pos += 1;
                    } else if *self.current() != Tok::RParen {
                        return Err(self.unexpected(&["comma", "rparen"]));
                    }
                }
                self.pos += 1;
                Ok(Expr::Function(name, args))
            }
            Tok::Filter => self.led_filter(left),
            Tok::Cmp(op) => {
                let right = self.expression(Tok::Cmp(op).binding_power())?;
                Ok(Expr::Compare(CmpKind(op), Box::new(left), Box::new(right)))
            }
            Tok::Flatten => {
                let left = Expr::Flatten(Box::new(left));
                let right = self.projection_rhs(Tok::Flatten.binding_power())?;
                Ok(Expr::Projection(Box::new(left), Box::new(right)))
            }
            Tok::LBracket => match self.current() {
                Tok::Number(_) | Tok::Colon => {
                    let right = self.index_expression()?;
                    self.project_if_slice(left, right)
                }
                _ => {
                    self.expect("star")?;
                    self.expect("rbracket")?;
                    let right = self.projection_rhs(Tok::Star.binding_power())?;
                    Ok(Expr::Projection(Box::new(left), Box::new(right)))
                }
            },
            other => Err(parse_error(format!("invalid token: {}", other.name()))),
        }
    }

    fn led_filter(&mut self, left: Expr) -> Result<Expr, QueryError> {
        let condition = self.expression(0)?;
        self.expect("rbracket")?;
        let right = if *self.current() == Tok::Flatten {
            Expr::Identity
        } else {
            self.projection_rhs(Tok::Filter.binding_power())?
        };
        Ok(Expr::FilterProjection(
            Box::new(left),
            Box::new(right),
            Box::new(condition),
        ))
    }

    fn project_if_slice(&mut self, left: Expr, right: Expr) -> Result<Expr, QueryError> {
        let is_slice = matches!(right, Expr::Slice(..));
        let index = Expr::IndexExpr(Box::new(left), Box::new(right));
        if is_slice {
            let rhs = self.projection_rhs(Tok::Star.binding_power())?;
            Ok(Expr::Projection(Box::new(index), Box::new(rhs)))
        } else {
            Ok(index)
        }
    }

    fn index_expression(&mut self) -> Result<Expr, QueryError> {
        if *self.current() == Tok::Colon || *self.lookahead(1) == Tok::Colon {
            let mut parts: [Option<i64>; 3] = [None, None, None];
            let mut index = 0usize;
            loop {
                match self.current().clone() {
                    Tok::RBracket => break,
                    Tok::Colon => {
                        index += 1;
                        if index >= 3 {
                            return Err(parse_error("Too many colons in slice expression"));
                        }
                        self.pos += 1;
                    }
                    Tok::Number(n) => {
                        if let Some(slot) = parts.get_mut(index) {
                            *slot = Some(n);
                        }
                        self.pos += 1;
                    }
                    _ => return Err(self.unexpected(&["number", "colon", "rbracket"])),
                }
            }
            self.expect("rbracket")?;
            if parts[2] == Some(0) {
                return Err(eval_error("Invalid slice, step cannot be 0"));
            }
            Ok(Expr::Slice(parts[0], parts[1], parts[2]))
        } else {
            let Tok::Number(n) = self.advance() else {
                return Err(parse_error("Expected a number"));
            };
            self.expect("rbracket")?;
            Ok(Expr::Index(n))
        }
    }

    fn multi_list(&mut self) -> Result<Expr, QueryError> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.current() {
                Tok::Comma => self.pos += 1,
                Tok::RBracket => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected(&["comma", "rbracket"])),
            }
        }
        Ok(Expr::MultiList(items))
    }

    fn multi_hash(&mut self) -> Result<Expr, QueryError> {
        let mut pairs = Vec::new();
        loop {
            let key = match self.advance() {
                Tok::Ident(k) | Tok::QuotedIdent(k) => k,
                _ => {
                    self.pos = self.pos.saturating_sub(1);
                    return Err(self.unexpected(&["quoted_identifier", "unquoted_identifier"]));
                }
            };
            self.expect("colon")?;
            let value = self.expression(0)?;
            pairs.push((key, value));
            match self.current() {
                Tok::Comma => self.pos += 1,
                Tok::RBrace => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected(&["comma", "rbrace"])),
            }
        }
        Ok(Expr::MultiHash(pairs))
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Expr, QueryError> {
        let current = self.current().clone();
        if current.binding_power() < 10 {
            Ok(Expr::Identity)
        } else if current == Tok::LBracket || current == Tok::Filter {
            self.expression(bp)
        } else if current == Tok::Dot {
            self.pos += 1;
            self.dot_rhs(bp)
        } else {
            Err(self.unexpected(&[]))
        }
    }

    fn dot_rhs(&mut self, bp: u8) -> Result<Expr, QueryError> {
        match self.current() {
            Tok::Ident(_) | Tok::QuotedIdent(_) | Tok::Star => self.expression(bp),
            Tok::LBracket => {
                self.pos += 1;
                self.multi_list()
            }
            Tok::LBrace => {
                self.pos += 1;
                self.multi_hash()
            }
            _ => Err(self.unexpected(&[
                "quoted_identifier",
                "unquoted_identifier",
                "lbracket",
                "lbrace",
            ])),
        }
    }
}

/// Parses a JMESPath expression.
pub fn compile(src: &str) -> Result<Expr, QueryError> {
    let tokens = tokenize(src)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let expr = parser.expression(0)?;
    if *parser.current() != Tok::Eof {
        return Err(parser.unexpected(&[]));
    }
    Ok(expr)
}

/// Parses and evaluates `src` against `data`.
pub fn search(src: &str, data: &Value) -> Result<Value, QueryError> {
    let expr = compile(src)?;
    eval(&expr, data)
}

/// The values a projection path (`Reservations[].Instances[].State.Name`) yields,
/// borrowed from `data` instead of copied; what a waiter polls many times. `None` for
/// an expression this does not cover (filters, functions, nested projections): the
/// caller then uses [`search`]. Where it answers, it answers as `search` does.
pub fn select<'a>(src: &str, data: &'a Value) -> Option<Vec<&'a Value>> {
    let expr = compile(src).ok()?;
    match selection(&expr, data)? {
        Selection::Many(values) => Some(values),
        Selection::One(Value::Array(items)) => Some(items.iter().collect()),
        Selection::One(_) => None,
    }
}

enum Selection<'a> {
    One(&'a Value),
    Many(Vec<&'a Value>),
}

fn selection<'a>(expr: &Expr, data: &'a Value) -> Option<Selection<'a>> {
    let items = |left: &Expr| -> Option<Option<Vec<&'a Value>>> {
        Some(match selection(left, data)? {
            Selection::One(Value::Array(items)) => Some(items.iter().collect()),
            Selection::One(_) => None,
            Selection::Many(values) => Some(values),
        })
    };
    Some(match expr {
        Expr::Flatten(inner) => match items(inner)? {
            Some(list) => {
                let mut out = Vec::new();
                for item in list {
                    match item {
                        Value::Array(inner) => out.extend(inner.iter()),
                        other => out.push(other),
                    }
                }
                Selection::Many(out)
            }
            None => Selection::One(&NULL),
        },
        Expr::Projection(left, right) => match items(left)? {
            Some(list) => {
                let mut out = Vec::new();
                for item in list {
                    match selection(right, item)? {
                        Selection::One(value) if !value.is_null() => out.push(value),
                        Selection::One(_) => {}
                        // A projection inside a projection makes new arrays.
                        Selection::Many(_) => return None,
                    }
                }
                Selection::Many(out)
            }
            None => Selection::One(&NULL),
        },
        other => Selection::One(path(other, data)?),
    })
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::Number(Number::from(f as i64))
    } else {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

/// `null`, to borrow where a path leads nowhere.
static NULL: Value = Value::Null;

/// Where a plain path (`Reservations[0].Instances`) leads inside `data`, borrowed;
/// `None` for any other expression.
fn path<'a>(expr: &Expr, data: &'a Value) -> Option<&'a Value> {
    match expr {
        Expr::Identity => Some(data),
        Expr::Field(name) => Some(data.get(name.as_str()).unwrap_or(&NULL)),
        Expr::Index(i) => Some(match data {
            Value::Array(items) => {
                let len = items.len() as i64;
                let idx = if *i < 0 { len + i } else { *i };
                usize::try_from(idx)
                    .ok()
                    .and_then(|i| items.get(i))
                    .unwrap_or(&NULL)
            }
            _ => &NULL,
        }),
        Expr::Sub(left, right) | Expr::IndexExpr(left, right) => path(right, path(left, data)?),
        _ => None,
    }
}

/// `expr` on `data`, borrowed when it is a plain path, so projections over a big
/// response do not copy it first.
fn eval_cow<'a>(expr: &Expr, data: &'a Value) -> Result<Cow<'a, Value>, QueryError> {
    match path(expr, data) {
        Some(value) => Ok(Cow::Borrowed(value)),
        None => eval(expr, data).map(Cow::Owned),
    }
}

/// Evaluates a parsed expression.
pub fn eval(expr: &Expr, data: &Value) -> Result<Value, QueryError> {
    Ok(match expr {
        Expr::Identity => data.clone(),
        // A field or an index is a plain path: `path` finds it, then one copy.
        Expr::Field(_) | Expr::Index(_) => path(expr, data).cloned().unwrap_or(Value::Null),
        Expr::Sub(left, right) => {
            let l = eval_cow(left, data)?;
            eval(right, &l)?
        }
        Expr::Slice(start, stop, step) => match data {
            Value::Array(items) => Value::Array(slice(items, *start, *stop, *step)),
            _ => Value::Null,
        },
        Expr::IndexExpr(left, right) => {
            let l = eval_cow(left, data)?;
            eval(right, &l)?
        }
        Expr::Projection(left, right) => match eval_cow(left, data)?.as_ref() {
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    let v = eval(right, item)?;
                    if !v.is_null() {
                        out.push(v);
                    }
                }
                Value::Array(out)
            }
            _ => Value::Null,
        },
        Expr::ValueProjection(left, right) => match eval_cow(left, data)?.as_ref() {
            Value::Object(map) => {
                let mut out = Vec::new();
                for item in map.values() {
                    let v = eval(right, item)?;
                    if !v.is_null() {
                        out.push(v);
                    }
                }
                Value::Array(out)
            }
            _ => Value::Null,
        },
        Expr::FilterProjection(left, right, cond) => match eval_cow(left, data)?.as_ref() {
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    if truthy(&eval(cond, item)?) {
                        let v = eval(right, item)?;
                        if !v.is_null() {
                            out.push(v);
                        }
                    }
                }
                Value::Array(out)
            }
            _ => Value::Null,
        },
        Expr::Flatten(inner) => match eval(inner, data)? {
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::Array(inner) => out.extend(inner),
                        other => out.push(other),
                    }
                }
                Value::Array(out)
            }
            _ => Value::Null,
        },
        Expr::Literal(v) => v.clone(),
        Expr::MultiList(items) => {
            if data.is_null() {
                Value::Null
            } else {
                Value::Array(
                    items
                        .iter()
                        .map(|e| eval(e, data))
                        .collect::<Result<_, _>>()?,
                )
            }
        }
        Expr::MultiHash(pairs) => {
            if data.is_null() {
                Value::Null
            } else {
                let mut map = Map::new();
                for (k, e) in pairs {
                    map.insert(k.clone(), eval(e, data)?);
                }
                Value::Object(map)
            }
        }
        Expr::Or(a, b) => {
            let l = eval(a, data)?;
            if truthy(&l) { l } else { eval(b, data)? }
        }
        Expr::And(a, b) => {
            let l = eval(a, data)?;
            if truthy(&l) { eval(b, data)? } else { l }
        }
        Expr::Not(a) => Value::Bool(!truthy(&eval(a, data)?)),
        Expr::Pipe(a, b) => {
            let l = eval(a, data)?;
            eval(b, &l)?
        }
        Expr::Compare(CmpKind(op), a, b) => {
            let l = eval(a, data)?;
            let r = eval(b, data)?;
            match op {
                CmpOp::Eq => Value::Bool(json_eq(&l, &r)),
                CmpOp::Ne => Value::Bool(!json_eq(&l, &r)),
                _ => {
                    // Python's jmespath orders numbers, and strings with strings.
                    let ord = match (&l, &r) {
                        (Value::Number(x), Value::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()),
                        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
                        _ => None,
                    };
                    match ord {
                        Some(o) => Value::Bool(match op {
                            CmpOp::Lt => o.is_lt(),
                            CmpOp::Le => o.is_le(),
                            CmpOp::Gt => o.is_gt(),
                            _ => o.is_ge(),
                        }),
                        None => Value::Null,
                    }
                }
            }
        }
        Expr::Function(name, args) => call(name, args, data)?,
        Expr::ExpRef(_) => Value::Null,
    })
}

fn slice(items: &[Value], start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Vec<Value> {
    let len = items.len() as i64;
    let step = step.unwrap_or(1);
    if step == 0 {
        return Vec::new();
    }
    // Python's slice.indices(len).
    let bound = |v: i64| -> i64 {
        let v = if v < 0 { v + len } else { v };
        if step > 0 {
            v.clamp(0, len)
        } else {
            v.clamp(-1, len - 1)
        }
    };
    let start = start.map_or(if step > 0 { 0 } else { len - 1 }, bound);
    let stop = stop.map_or(if step > 0 { len } else { -1 }, bound);
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        if let Some(v) = usize::try_from(i).ok().and_then(|i| items.get(i)) {
            out.push(v.clone());
        }
        i = i.saturating_add(step);
    }
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn python_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

fn type_err(func: &str, v: &Value, expected: &[&str]) -> QueryError {
    eval_error(format!(
        "In function {func}(), invalid type for value: {}, expected one of: [{}], received: \"{}\"",
        python_repr(v),
        expected
            .iter()
            .map(|e| format!("'{e}'"))
            .collect::<Vec<_>>()
            .join(", "),
        type_name(v)
    ))
}

fn arity(func: &str, args: &[Expr], n: usize) -> Result<(), QueryError> {
    if args.len() == n {
        Ok(())
    } else {
        Err(eval_error(format!(
            "Expected {n} argument{} for function {func}(), received {}",
            if n == 1 { "" } else { "s" },
            args.len()
        )))
    }
}

fn cmp_values(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

fn expref_arg<'a>(func: &str, args: &'a [Expr], i: usize) -> Result<&'a Expr, QueryError> {
    match args.get(i) {
        Some(Expr::ExpRef(e)) => Ok(e),
        _ => Err(eval_error(format!(
            "In function {func}(), invalid type for value: expref, expected one of: ['expref']"
        ))),
    }
}

fn call(name: &str, args: &[Expr], data: &Value) -> Result<Value, QueryError> {
    let arg = |i: usize| -> Result<Value, QueryError> {
        match args.get(i) {
            Some(e) => eval(e, data),
            None => Ok(Value::Null),
        }
    };
    let v = match name {
        "length" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::String(s) => number(s.chars().count() as f64),
                Value::Array(a) => number(a.len() as f64),
                Value::Object(o) => number(o.len() as f64),
                other => return Err(type_err(name, &other, &["string", "array", "object"])),
            }
        }
        "abs" | "ceil" | "floor" => {
            arity(name, args, 1)?;
            match arg(0)?.as_f64() {
                Some(f) => number(match name {
                    "abs" => f.abs(),
                    "ceil" => f.ceil(),
                    _ => f.floor(),
                }),
                None => return Err(type_err(name, &arg(0)?, &["number"])),
            }
        }
        "sum" | "avg" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::Array(items) => {
                    let mut total = 0.0;
                    for it in &items {
                        total += it.as_f64().ok_or_else(|| type_err(name, it, &["number"]))?;
                    }
                    if name == "sum" {
                        number(total)
                    } else if items.is_empty() {
                        Value::Null
                    } else {
                        number(total / items.len() as f64)
                    }
                }
                other => return Err(type_err(name, &other, &["array-number"])),
            }
        }
        "contains" => {
            arity(name, args, 2)?;
            let needle = arg(1)?;
            match arg(0)? {
                Value::String(s) => Value::Bool(needle.as_str().is_some_and(|n| s.contains(n))),
                Value::Array(a) => Value::Bool(a.iter().any(|x| json_eq(x, &needle))),
                other => return Err(type_err(name, &other, &["array", "string"])),
            }
        }
        "starts_with" | "ends_with" => {
            arity(name, args, 2)?;
            let (a, b) = (arg(0)?, arg(1)?);
            match (a.as_str(), b.as_str()) {
                (Some(s), Some(p)) => Value::Bool(if name == "starts_with" {
                    s.starts_with(p)
                } else {
                    s.ends_with(p)
                }),
                (None, _) => return Err(type_err(name, &a, &["string"])),
                _ => return Err(type_err(name, &b, &["string"])),
            }
        }
        "join" => {
            arity(name, args, 2)?;
            let sep = arg(0)?;
            let Some(sep) = sep.as_str() else {
                return Err(type_err(name, &sep, &["string"]));
            };
            match arg(1)? {
                Value::Array(items) => {
                    let mut parts = Vec::new();
                    for it in &items {
                        parts.push(
                            it.as_str()
                                .ok_or_else(|| type_err(name, it, &["array-string"]))?
                                .to_string(),
                        );
                    }
                    Value::String(parts.join(sep))
                }
                other => return Err(type_err(name, &other, &["array-string"])),
            }
        }
        "keys" | "values" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::Object(o) => Value::Array(if name == "keys" {
                    o.keys().map(|k| Value::String(k.clone())).collect()
                } else {
                    o.values().cloned().collect()
                }),
                other => return Err(type_err(name, &other, &["object"])),
            }
        }
        "max" | "min" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::Array(items) => {
                    let best = items.iter().try_fold(None::<&Value>, |best, it| {
                        if !(it.is_number() || it.is_string()) {
                            return Err(type_err(name, it, &["array-number", "array-string"]));
                        }
                        Ok(Some(match best {
                            None => it,
                            Some(b) => {
                                let ord = cmp_values(it, b);
                                if (name == "max" && ord.is_gt()) || (name == "min" && ord.is_lt())
                                {
                                    it
                                } else {
                                    b
                                }
                            }
                        }))
                    })?;
                    best.cloned().unwrap_or(Value::Null)
                }
                other => return Err(type_err(name, &other, &["array-number", "array-string"])),
            }
        }
        "max_by" | "min_by" | "sort_by" => {
            arity(name, args, 2)?;
            let key_expr = expref_arg(name, args, 1)?;
            let Value::Array(items) = arg(0)? else {
                return Err(type_err(name, &arg(0)?, &["array"]));
            };
            let mut keyed = Vec::new();
            for it in items {
                let k = eval(key_expr, &it)?;
                if !(k.is_number() || k.is_string()) {
                    return Err(type_err(name, &k, &["number", "string"]));
                }
                keyed.push((k, it));
            }
            match name {
                "sort_by" => {
                    keyed.sort_by(|a, b| cmp_values(&a.0, &b.0));
                    Value::Array(keyed.into_iter().map(|(_, v)| v).collect())
                }
                _ => {
                    let mut best: Option<(Value, Value)> = None;
                    for (k, v) in keyed {
                        let replace = match &best {
                            None => true,
                            Some((bk, _)) => {
                                let ord = cmp_values(&k, bk);
                                (name == "max_by" && ord.is_gt())
                                    || (name == "min_by" && ord.is_lt())
                            }
                        };
                        if replace {
                            best = Some((k, v));
                        }
                    }
                    best.map(|(_, v)| v).unwrap_or(Value::Null)
                }
            }
        }
        "sort" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::Array(mut items) => {
                    if let Some(bad) = items.iter().find(|v| !(v.is_number() || v.is_string())) {
                        return Err(type_err(name, bad, &["array-number", "array-string"]));
                    }
                    items.sort_by(cmp_values);
                    Value::Array(items)
                }
                other => return Err(type_err(name, &other, &["array-number", "array-string"])),
            }
        }
        "reverse" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::Array(mut items) => {
                    items.reverse();
                    Value::Array(items)
                }
                Value::String(s) => Value::String(s.chars().rev().collect()),
                other => return Err(type_err(name, &other, &["array", "string"])),
            }
        }
        "not_null" => {
            for i in 0..args.len() {
                let v = arg(i)?;
                if !v.is_null() {
                    return Ok(v);
                }
            }
            Value::Null
        }
        "to_array" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::Array(a) => Value::Array(a),
                other => Value::Array(vec![other]),
            }
        }
        "to_string" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::String(s) => Value::String(s),
                other => Value::String(other.to_string()),
            }
        }
        "to_number" => {
            arity(name, args, 1)?;
            match arg(0)? {
                Value::Number(n) => Value::Number(n),
                Value::String(s) => s.trim().parse::<f64>().map(number).unwrap_or(Value::Null),
                _ => Value::Null,
            }
        }
        "type" => {
            arity(name, args, 1)?;
            Value::String(type_name(&arg(0)?).to_string())
        }
        "merge" => {
            let mut out = Map::new();
            for i in 0..args.len() {
                match arg(i)? {
                    Value::Object(o) => out.extend(o),
                    other => return Err(type_err(name, &other, &["object"])),
                }
            }
            Value::Object(out)
        }
        "map" => {
            arity(name, args, 2)?;
            let e = expref_arg(name, args, 0)?;
            match arg(1)? {
                Value::Array(items) => Value::Array(
                    items
                        .iter()
                        .map(|it| eval(e, it))
                        .collect::<Result<_, _>>()?,
                ),
                other => return Err(type_err(name, &other, &["array"])),
            }
        }
        other => return Err(eval_error(format!("Unknown function: {other}()"))),
    };
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Expected results were checked against Python's jmespath 1.1 (the library the
    /// AWS CLI uses).
    fn check(query: &str, data: Value, expected: Value) {
        assert_eq!(search(query, &data).unwrap(), expected, "query {query}");
    }

    fn reservations() -> Value {
        json!({"Reservations": [
            {"Instances": [
                {"InstanceId": "i-1", "State": {"Name": "running"}, "PublicIpAddress": "3.1.1.1",
                 "Tags": [{"Key": "Name", "Value": "web"}]},
                {"InstanceId": "i-2", "State": {"Name": "stopped"},
                 "Tags": [{"Key": "Name", "Value": "db"}]}
            ]},
            {"Instances": [
                {"InstanceId": "i-3", "State": {"Name": "running"}, "PublicIpAddress": "3.1.1.3"}
            ]}
        ]})
    }

    #[test]
    fn cli_idioms() {
        check("KeyMaterial", json!({"KeyMaterial": "---"}), json!("---"));
        check(
            "Reservations[].Instances[].InstanceId",
            reservations(),
            json!(["i-1", "i-2", "i-3"]),
        );
        check(
            "Reservations[*].Instances[*].InstanceId",
            reservations(),
            json!([["i-1", "i-2"], ["i-3"]]),
        );
        check(
            "Reservations[0].Instances[0].PublicIpAddress",
            reservations(),
            json!("3.1.1.1"),
        );
        check(
            "Reservations[].Instances[?State.Name=='running'].InstanceId[]",
            reservations(),
            json!(["i-1", "i-3"]),
        );
        check(
            "Reservations[].Instances[].[InstanceId, State.Name]",
            reservations(),
            json!([["i-1", "running"], ["i-2", "stopped"], ["i-3", "running"]]),
        );
        check(
            "Reservations[].Instances[].{ID: InstanceId, IP: PublicIpAddress}",
            reservations(),
            json!([{"ID": "i-1", "IP": "3.1.1.1"}, {"ID": "i-2", "IP": null}, {"ID": "i-3", "IP": "3.1.1.3"}]),
        );
        check(
            "Reservations[].Instances[].Tags[?Key=='Name'].Value | []",
            reservations(),
            json!(["web", "db"]),
        );
        check(
            "Reservations[].Instances[].Tags[?Key==`Name`].Value[]",
            reservations(),
            json!(["web", "db"]),
        );
        check(
            "length(Reservations[].Instances[])",
            reservations(),
            json!(3),
        );
        check(
            "Reservations[].Instances[] | [?PublicIpAddress] | length(@)",
            reservations(),
            json!(2),
        );
        check(
            "sort_by(Reservations[].Instances[], &InstanceId)[-1].InstanceId",
            reservations(),
            json!("i-3"),
        );
    }

    #[test]
    fn keeps_member_order() {
        let data = json!({"Zeta": 1, "Alpha": 2});
        let out = search("@", &data).unwrap();
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(keys, vec!["Zeta", "Alpha"]);
        let out = search("{z: Zeta, a: Alpha}", &data).unwrap();
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(keys, vec!["z", "a"]);
    }

    #[test]
    fn spec_examples() {
        check("a.b.c", json!({"a": {"b": {"c": 1}}}), json!(1));
        check("a.x.c", json!({"a": {"b": {"c": 1}}}), Value::Null);
        check("[1]", json!([0, 1, 2]), json!(1));
        check("[-1]", json!([0, 1, 2]), json!(2));
        check("[5]", json!([0, 1, 2]), Value::Null);
        check("[0:2]", json!([0, 1, 2, 3]), json!([0, 1]));
        check("[::-1]", json!([0, 1, 2, 3]), json!([3, 2, 1, 0]));
        check("[1::2]", json!([0, 1, 2, 3, 4]), json!([1, 3]));
        check("[-2:]", json!([0, 1, 2, 3]), json!([2, 3]));
        check("[10:]", json!([0, 1]), json!([]));
        check("[1::9223372036854775807]", json!([0, 1, 2]), json!([1]));
        check("[::-9223372036854775807]", json!([0, 1, 2]), json!([2]));
        check("*.a", json!({"x": {"a": 1}, "y": {"b": 2}}), json!([1]));
        check("[]", json!([[1, 2], 3, [4]]), json!([1, 2, 3, 4]));
        check("a || b", json!({"a": null, "b": 2}), json!(2));
        check("a && b", json!({"a": 1, "b": 2}), json!(2));
        check("!a", json!({"a": []}), json!(true));
        check("[?a > `1`].a", json!([{"a": 1}, {"a": 2}]), json!([2]));
        check(
            "[?a != 'x']",
            json!([{"a": "x"}, {"a": "y"}]),
            json!([{"a": "y"}]),
        );
        check("\"with space\"", json!({"with space": 1}), json!(1));
        check("`[1, 2]`", json!(null), json!([1, 2]));
        check("'raw'", json!(null), json!("raw"));
        check("a == `1.0`", json!({"a": 1}), json!(true));
        check("a < 'b'", json!({"a": "a"}), json!(true));
        check("a < `1`", json!({"a": true}), Value::Null);
        check(
            "foo[*].bar | [0]",
            json!({"foo": [{"bar": 1}, {"bar": 2}]}),
            json!(1),
        );
        check("{a: a}", json!(null), Value::Null);
    }

    #[test]
    fn functions() {
        check("join(', ', @)", json!(["a", "b"]), json!("a, b"));
        check("contains(@, 'b')", json!(["a", "b"]), json!(true));
        check("contains(@, 'ell')", json!("hello"), json!(true));
        check("starts_with(@, 'he')", json!("hello"), json!(true));
        check("max(@)", json!([1, 3, 2]), json!(3));
        check("min(@)", json!(["b", "a"]), json!("a"));
        check("sum(@)", json!([1, 2.5]), json!(3.5));
        check("avg(@)", json!([1, 2]), json!(1.5));
        check("sort(@)", json!([3, 1, 2]), json!([1, 2, 3]));
        check("reverse(@)", json!([1, 2]), json!([2, 1]));
        check("keys(@)", json!({"b": 1, "a": 2}), json!(["b", "a"]));
        check("values(@)", json!({"b": 1, "a": 2}), json!([1, 2]));
        check("to_string(@)", json!([1]), json!("[1]"));
        check("to_number('12')", json!(null), json!(12));
        check("type(@)", json!({}), json!("object"));
        check("not_null(a, b, 'c')", json!({}), json!("c"));
        check("map(&a, @)", json!([{"a": 1}, {}]), json!([1, null]));
        check(
            "max_by(@, &n).id",
            json!([{"n": 1, "id": "x"}, {"n": 5, "id": "y"}]),
            json!("y"),
        );
        check(
            "merge(`{\"a\":1}`, `{\"b\":2}`)",
            json!(null),
            json!({"a": 1, "b": 2}),
        );
        check("length('héllo')", json!(null), json!(5));
    }

    #[test]
    fn errors() {
        let err = search("length(a)", &json!({"a": null})).unwrap_err();
        assert!(!err.at_parse);
        assert_eq!(
            err.message,
            "In function length(), invalid type for value: None, expected one of: ['string', 'array', 'object'], received: \"null\""
        );
        assert!(search("Reservations[", &json!({})).unwrap_err().at_parse);
        assert_eq!(
            search("a.", &json!({})).unwrap_err().message,
            "Invalid jmespath expression: Incomplete expression"
        );
        assert!(
            search("foo(@)", &json!({}))
                .unwrap_err()
                .message
                .contains("Unknown function")
        );
        assert!(search("a = b", &json!({})).is_err());
        assert!(search("[?a==]", &json!({})).is_err());
        assert!(search("{a b}", &json!({})).is_err());
        assert!(search("a b", &json!({})).is_err());
        let deep = "(".repeat(500);
        assert!(search(&deep, &json!({})).is_err());
    }
}

#[cfg(test)]
mod select_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn select_borrows_what_search_copies() {
        let data = json!({
            "Reservations": [
                {"Instances": [{"State": {"Name": "running"}}, {"State": {"Name": "pending"}}]},
                {"Instances": [{"State": {"Name": "stopped"}}]},
                {"Instances": []},
                {"Other": 1}
            ],
            "Name": "x"
        });
        for src in [
            "Reservations[].Instances[].State.Name",
            "Reservations[]",
            "Reservations[*].Instances",
            "Reservations[].Instances[]",
            "Reservations[0].Instances[].State",
        ] {
            let borrowed = select(src, &data).unwrap_or_else(|| panic!("{src}"));
            let copied = search(src, &data).unwrap();
            let owned: Vec<Value> = borrowed.into_iter().cloned().collect();
            assert_eq!(json!(owned), copied, "{src}");
        }
        assert!(select("Reservations[].Instances[].State.Name | [0]", &data).is_none());
        assert!(select("Reservations[*].Instances[*].State", &data).is_none());
        assert!(select("Name", &data).is_none());
        // Not a list: `search` answers null, and `select` leaves it to `search`.
        assert!(select("Missing[].Name", &data).is_none());
        assert_eq!(search("Missing[].Name", &data).unwrap(), Value::Null);
    }
}
