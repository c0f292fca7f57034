//! A small JSON reader for policy documents that remembers where each value
//! starts and ends (line and column), so policy simulation can point at the
//! statement that decided, as IAM's simulator does.
//!
//! It reads JSON as Python's `json.loads` does (the reference IAM behaviour
//! was recorded through it): an object with a repeated key keeps the key's
//! first position and its last value; `NaN`, `Infinity` and `-Infinity` are
//! accepted as numbers. Nesting deeper than [`MAX_DEPTH`] is refused rather
//! than risking the stack.

/// How deep arrays and objects may nest.
pub const MAX_DEPTH: usize = 256;

/// A place in the text: 1-based line and 1-based column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
}

/// A JSON value with the span of text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub start: Position,
    /// Just after where the value ends.
    pub end: Position,
}

/// A JSON value. Objects keep their members in first-appearance order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object: members in order, each key once.
    Object(Vec<(String, Node)>),
}

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// Python's truthiness: empty strings, lists and objects, `null`, `false`
    /// and zero are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => n.parse::<f64>().map(|x| x != 0.0).unwrap_or(true),
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(m) => !m.is_empty(),
        }
    }
}

/// Why the text is not JSON (no detail: IAM only says "Syntax errors in policy.").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotJson;

/// Parses `text` as one JSON value surrounded by optional whitespace.
pub fn parse(text: &str) -> Result<Node, NotJson> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        column: 1,
    };
    reader.skip_whitespace();
    let node = reader.value(0)?;
    reader.skip_whitespace();
    if reader.at != reader.chars.len() {
        return Err(NotJson);
    }
    Ok(node)
}

/// Writes `value` back as compact JSON (members in their order).
pub fn to_compact_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(&item.value, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, node)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(&node.value, out);
            }
            out.push('}');
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    line: u32,
    column: u32,
}

impl Reader {
    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else {
            self.column = self.column.saturating_add(1);
        }
        Some(c)
    }

    fn expect(&mut self, c: char) -> Result<(), NotJson> {
        if self.bump() == Some(c) {
            Ok(())
        } else {
            Err(NotJson)
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), NotJson> {
        for c in word.chars() {
            self.expect(c)?;
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Node, NotJson> {
        if depth > MAX_DEPTH {
            return Err(NotJson);
        }
        let start = self.position();
        let value = match self.peek().ok_or(NotJson)? {
            '{' => self.object(depth)?,
            '[' => self.array(depth)?,
            '"' => Value::String(self.string()?),
            't' => {
                self.literal("true")?;
                Value::Bool(true)
            }
            'f' => {
                self.literal("false")?;
                Value::Bool(false)
            }
            'n' => {
                self.literal("null")?;
                Value::Null
            }
            'N' => {
                self.literal("NaN")?;
                Value::Number("NaN".into())
            }
            'I' => {
                self.literal("Infinity")?;
                Value::Number("Infinity".into())
            }
            '-' if self.chars.get(self.at + 1) == Some(&'I') => {
                self.literal("-Infinity")?;
                Value::Number("-Infinity".into())
            }
            '-' | '0'..='9' => Value::Number(self.number()?),
            _ => return Err(NotJson),
        };
        Ok(Node {
            value,
            start,
            end: self.position(),
        })
    }

    fn object(&mut self, depth: usize) -> Result<Value, NotJson> {
        self.expect('{')?;
        let mut members: Vec<(String, Node)> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some('"') {
                return Err(NotJson);
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(':')?;
            self.skip_whitespace();
            let node = self.value(depth + 1)?;
            match members.iter_mut().find(|(k, _)| *k == key) {
                // Python keeps the first position and the last value.
                Some((_, existing)) => *existing = node,
                None => members.push((key, node)),
            }
            self.skip_whitespace();
            match self.bump() {
                Some(',') => continue,
                Some('}') => return Ok(Value::Object(members)),
                _ => return Err(NotJson),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, NotJson> {
        self.expect('[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.bump() {
                Some(',') => continue,
                Some(']') => return Ok(Value::Array(items)),
                _ => return Err(NotJson),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, NotJson> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = self.bump().and_then(|c| c.to_digit(16)).ok_or(NotJson)?;
            v = v * 16 + d;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, NotJson> {
        self.expect('"')?;
        let mut out = String::new();
        loop {
            match self.bump().ok_or(NotJson)? {
                '"' => return Ok(out),
                '\\' => match self.bump().ok_or(NotJson)? {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let first = self.hex4()?;
                        let code = if (0xD800..0xDC00).contains(&first)
                            && self.peek() == Some('\\')
                            && self.chars.get(self.at + 1) == Some(&'u')
                        {
                            let save = (self.at, self.line, self.column);
                            self.bump();
                            self.bump();
                            let second = self.hex4()?;
                            if (0xDC00..0xE000).contains(&second) {
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                (self.at, self.line, self.column) = save;
                                first
                            }
                        } else {
                            first
                        };
                        // A lone surrogate cannot live in a Rust string.
                        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    }
                    _ => return Err(NotJson),
                },
                c if (c as u32) < 0x20 => return Err(NotJson),
                c => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Result<String, NotJson> {
        let mut out = String::new();
        if self.peek() == Some('-') {
            out.push('-');
            self.bump();
        }
        match self.peek() {
            Some('0') => {
                out.push('0');
                self.bump();
            }
            Some('1'..='9') => {
                while let Some(c @ '0'..='9') = self.peek() {
                    out.push(c);
                    self.bump();
                }
            }
            _ => return Err(NotJson),
        }
        if self.peek() == Some('.') && matches!(self.chars.get(self.at + 1), Some('0'..='9')) {
            out.push('.');
            self.bump();
            while let Some(c @ '0'..='9') = self.peek() {
                out.push(c);
                self.bump();
            }
        }
        if let Some(e @ ('e' | 'E')) = self.peek() {
            let mut look = self.at + 1;
            if matches!(self.chars.get(look), Some('+' | '-')) {
                look += 1;
            }
            if matches!(self.chars.get(look), Some('0'..='9')) {
                out.push(e);
                self.bump();
                if let Some(sign @ ('+' | '-')) = self.peek() {
                    out.push(sign);
                    self.bump();
                }
                while let Some(c @ '0'..='9') = self.peek() {
                    out.push(c);
                    self.bump();
                }
            }
        }
        Ok(out)
    }
}

/// A JSON document held as text and written out as JSON (members in their
/// written order). Text that is not JSON is written as a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonText(pub String);

impl serde::Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match parse(&self.0) {
            Ok(node) => ValueRef(&node.value).serialize(serializer),
            Err(_) => serializer.serialize_str(&self.0),
        }
    }
}

struct ValueRef<'a>(&'a Value);

impl serde::Serialize for ValueRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => {
                if let Ok(i) = n.parse::<i64>() {
                    serializer.serialize_i64(i)
                } else if let Ok(u) = n.parse::<u64>() {
                    serializer.serialize_u64(u)
                } else {
                    match n.parse::<f64>() {
                        Ok(f) if f.is_finite() => serializer.serialize_f64(f),
                        _ => serializer.serialize_str(n),
                    }
                }
            }
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&ValueRef(&item.value))?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, &ValueRef(&v.value))?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_values_with_positions() {
        let text = "{\n  \"a\": [1, true, null],\n  \"b\": {\"c\": \"x\\u00e9\\n\"}\n}";
        let node = parse(text).unwrap();
        assert_eq!(node.start, Position { line: 1, column: 1 });
        assert_eq!(node.end, Position { line: 4, column: 2 });
        let a = node.value.get("a").unwrap();
        assert_eq!(a.start, Position { line: 2, column: 8 });
        let Value::Array(items) = &a.value else {
            panic!("array")
        };
        assert_eq!(items[0].value, Value::Number("1".into()));
        assert_eq!(items[1].value, Value::Bool(true));
        let c = node.value.get("b").unwrap().value.get("c").unwrap();
        assert_eq!(c.value.as_str(), Some("xé\n"));
    }

    #[test]
    fn repeated_keys_keep_first_place_and_last_value() {
        let node = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        let Value::Object(members) = &node.value else {
            panic!("object")
        };
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].0, "a");
        assert_eq!(members[0].1.value, Value::Number("3".into()));
        assert_eq!(to_compact_string(&node.value), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn rejects_what_python_rejects() {
        for bad in [
            "",
            "This is not a json document",
            "{",
            "{\"a\":1,}",
            "[1,]",
            "01",
            "{'a':1}",
            "\"a\nb\"",
            "{} {}",
            "[1 2]",
            "tru",
        ] {
            assert_eq!(parse(bad), Err(NotJson), "{bad:?}");
        }
        for good in [
            "NaN",
            "-Infinity",
            "1.5e3",
            "-0",
            "\"\\ud83d\\ude00\"",
            " [] ",
        ] {
            assert!(parse(good).is_ok(), "{good:?}");
        }
        assert_eq!(
            parse("\"\\ud83d\\ude00\"").unwrap().value.as_str(),
            Some("😀")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000);
        assert_eq!(parse(&deep), Err(NotJson));
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn truthiness_follows_python() {
        for (text, truthy) in [
            ("\"\"", false),
            ("\"x\"", true),
            ("[]", false),
            ("{}", false),
            ("0", false),
            ("0.0", false),
            ("2", true),
            ("null", false),
            ("false", false),
        ] {
            assert_eq!(parse(text).unwrap().value.is_truthy(), truthy, "{text}");
        }
    }

    #[test]
    fn json_text_serializes_as_json_in_written_order() {
        let t = JsonText(r#"{"b": [1, 2.5, "x", null, true], "a": {}}"#.into());
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"b":[1,2.5,"x",null,true],"a":{}}"#
        );
        assert_eq!(
            serde_json::to_string(&JsonText("not json".into())).unwrap(),
            "\"not json\""
        );
    }
}
