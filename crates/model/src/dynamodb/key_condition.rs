//! `KeyConditionExpression`, as Query reads it: exactly one `=` on the
//! partition key and at most one condition on the sort key (`=`, `<`, `<=`,
//! `>`, `>=`, `BETWEEN :a AND :b`, `begins_with(sk, :v)`), joined by `AND`,
//! with `#names` and `:values` substituted. Anything else is a
//! `ValidationException` with DynamoDB's words.

use std::collections::BTreeMap;

use super::values::AttributeValue;

/// How the sort key is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKeyOp {
    /// `=`.
    Eq,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `BETWEEN :a AND :b` (both ends included).
    Between,
    /// `begins_with(sk, :prefix)`.
    BeginsWith,
}

/// The partition key's value and the sort key's condition, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyCondition {
    /// The partition key's name and value.
    pub hash: (String, AttributeValue),
    /// The sort key's name, comparison and value(s).
    pub range: Option<(String, SortKeyOp, Vec<AttributeValue>)>,
}

/// The table's (or index's) key: the partition key and the sort key, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyNames<'a> {
    /// The partition (HASH) key.
    pub hash: &'a str,
    /// The sort (RANGE) key.
    pub range: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(String),
    Placeholder(String),
    Value(String),
    Op(&'static str),
    Open,
    Close,
    Comma,
}

fn syntax_error(token: &str, near: &str) -> String {
    format!("Invalid KeyConditionExpression: Syntax error; token: \"{token}\", near: \"{near}\"")
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let word = |i: &mut usize| {
            let start = *i;
            *i += 1;
            while *i < chars.len() && (chars[*i].is_alphanumeric() || chars[*i] == '_') {
                *i += 1;
            }
            chars[start..*i].iter().collect::<String>()
        };
        match c {
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            ',' => {
                out.push(Token::Comma);
                i += 1;
            }
            '#' => out.push(Token::Placeholder(word(&mut i))),
            ':' => out.push(Token::Value(word(&mut i))),
            '<' | '>' | '=' | '!' => {
                let two: String = chars[i..].iter().take(2).collect();
                let op = match two.as_str() {
                    "<=" => "<=",
                    ">=" => ">=",
                    "<>" => "<>",
                    "!=" => "!=",
                    _ => match c {
                        '<' => "<",
                        '>' => ">",
                        '=' => "=",
                        _ => return Err(syntax_error("!", text)),
                    },
                };
                i += op.len();
                out.push(Token::Op(op));
            }
            c if c.is_alphabetic() || c == '_' => out.push(Token::Name(word(&mut i))),
            other => return Err(syntax_error(&other.to_string(), text)),
        }
    }
    Ok(out)
}

/// One condition as written: the attribute (after `#name` substitution, or
/// as written when undefined), the comparison, and the operands' values
/// (`None` where an operand is not a defined `:value`).
struct Condition {
    attribute: String,
    op: SortKeyOp,
    hash_eq: bool,
    operands: Vec<Option<AttributeValue>>,
}

struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    text: &'a str,
    names: &'a BTreeMap<String, String>,
    values: &'a BTreeMap<String, AttributeValue>,
}

const MULTIPLE_NAMES: &str =
    "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition";

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn error_here(&self) -> String {
        let token = match self.peek() {
            Some(Token::Name(n)) | Some(Token::Placeholder(n)) | Some(Token::Value(n)) => n.clone(),
            Some(Token::Op(o)) => o.to_string(),
            Some(Token::Open) => "(".into(),
            Some(Token::Close) => ")".into(),
            Some(Token::Comma) => ",".into(),
            None => "<EOF>".into(),
        };
        syntax_error(&token, self.text)
    }

    fn is_and(&self) -> bool {
        matches!(self.peek(), Some(Token::Name(w)) if w.eq_ignore_ascii_case("AND"))
    }

    /// An attribute operand: a name or a `#placeholder` (undefined ones stay as written).
    fn attribute(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Token::Name(n)) => {
                if super::expressions::RESERVED_WORDS
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(&n))
                {
                    return Err(format!(
                        "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: {n}"
                    ));
                }
                Ok(n)
            }
            Some(Token::Placeholder(p)) => Ok(self.names.get(&p).cloned().unwrap_or(p)),
            _ => {
                self.at -= 1;
                Err(self.error_here())
            }
        }
    }

    /// A value operand: a defined `:value`, else `None` (DynamoDB then reads
    /// the condition as naming two attributes).
    fn value(&mut self) -> Result<Option<AttributeValue>, String> {
        match self.next() {
            Some(Token::Value(v)) => Ok(self.values.get(&v).cloned()),
            Some(Token::Name(_)) | Some(Token::Placeholder(_)) => Ok(None),
            _ => {
                self.at -= 1;
                Err(self.error_here())
            }
        }
    }

    fn conditions(&mut self) -> Result<Vec<Condition>, String> {
        let mut all = Vec::new();
        loop {
            all.extend(self.condition()?);
            if self.is_and() {
                self.at += 1;
                continue;
            }
            if self.peek().is_some() {
                return Err(self.error_here());
            }
            return Ok(all);
        }
    }

    fn condition(&mut self) -> Result<Vec<Condition>, String> {
        if self.peek() == Some(&Token::Open) {
            self.at += 1;
            let inner = self.conditions_until_close()?;
            return Ok(inner);
        }
        if let Some(Token::Name(function)) = self.peek().cloned()
            && self.tokens.get(self.at + 1) == Some(&Token::Open)
        {
            if function != "begins_with" {
                return Err(format!(
                    "Invalid KeyConditionExpression: Invalid function name; function: {function}"
                ));
            }
            self.at += 2;
            let attribute = self.attribute()?;
            if self.next() != Some(Token::Comma) {
                self.at -= 1;
                return Err(self.error_here());
            }
            let prefix = self.value()?;
            if self.next() != Some(Token::Close) {
                self.at -= 1;
                return Err(self.error_here());
            }
            return Ok(vec![Condition {
                attribute,
                op: SortKeyOp::BeginsWith,
                hash_eq: false,
                operands: vec![prefix],
            }]);
        }
        let attribute = self.attribute()?;
        if matches!(self.peek(), Some(Token::Name(w)) if w.eq_ignore_ascii_case("BETWEEN")) {
            self.at += 1;
            let low = self.value()?;
            if !self.is_and() {
                return Err(self.error_here());
            }
            self.at += 1;
            let high = self.value()?;
            return Ok(vec![Condition {
                attribute,
                op: SortKeyOp::Between,
                hash_eq: false,
                operands: vec![low, high],
            }]);
        }
        let op = match self.next() {
            Some(Token::Op("=")) => SortKeyOp::Eq,
            Some(Token::Op("<")) => SortKeyOp::Lt,
            Some(Token::Op("<=")) => SortKeyOp::Le,
            Some(Token::Op(">")) => SortKeyOp::Gt,
            Some(Token::Op(">=")) => SortKeyOp::Ge,
            _ => {
                self.at -= 1;
                return Err(self.error_here());
            }
        };
        let operand = self.value()?;
        Ok(vec![Condition {
            attribute,
            hash_eq: op == SortKeyOp::Eq,
            op,
            operands: vec![operand],
        }])
    }

    fn conditions_until_close(&mut self) -> Result<Vec<Condition>, String> {
        let mut all = Vec::new();
        loop {
            all.extend(self.condition()?);
            if self.is_and() {
                self.at += 1;
                continue;
            }
            if self.next() == Some(Token::Close) {
                return Ok(all);
            }
            self.at -= 1;
            return Err(self.error_here());
        }
    }
}

/// Reads a `KeyConditionExpression` against a key schema. Unused names and
/// values are Query's concern, not this function's.
pub fn parse_key_condition(
    expression: &str,
    names: &BTreeMap<String, String>,
    values: &BTreeMap<String, AttributeValue>,
    key: &KeyNames<'_>,
) -> Result<KeyCondition, String> {
    let tokens = tokenize(expression)?;
    if tokens.is_empty() {
        return Err("Invalid KeyConditionExpression: The expression can not be empty;".into());
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        text: expression,
        names,
        values,
    };
    let conditions = parser.conditions()?;
    let mut hash = None;
    let mut range = None;
    for condition in conditions {
        let mut operands = Vec::with_capacity(condition.operands.len());
        for operand in condition.operands {
            operands.push(operand.ok_or_else(|| MULTIPLE_NAMES.to_string())?);
        }
        if condition.attribute == key.hash {
            if !condition.hash_eq {
                return Err("Query key condition not supported".into());
            }
            hash = operands.into_iter().next();
        } else if Some(condition.attribute.as_str()) == key.range {
            range = Some((condition.attribute, condition.op, operands));
        } else {
            let missing = if hash.is_none() {
                key.hash
            } else {
                key.range.unwrap_or(key.hash)
            };
            return Err(format!(
                "Query condition missed key schema element: {missing}"
            ));
        }
    }
    let Some(value) = hash else {
        return Err(format!(
            "Query condition missed key schema element: {}",
            key.hash
        ));
    };
    Ok(KeyCondition {
        hash: (key.hash.to_string(), value),
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<String, AttributeValue> {
        [(":id", "pk"), (":sk", "sk1")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), AttributeValue::S(v.to_string())))
            .collect()
    }

    const KEY: KeyNames<'static> = KeyNames {
        hash: "job_id",
        range: Some("start_date"),
    };

    #[test]
    fn a_hash_and_a_sort_condition() {
        let parsed = parse_key_condition(
            "job_id = :id AND begins_with(start_date, :sk)",
            &BTreeMap::new(),
            &values(),
            &KEY,
        );
        assert_eq!(
            parsed,
            Ok(KeyCondition {
                hash: ("job_id".into(), AttributeValue::S("pk".into())),
                range: Some((
                    "start_date".into(),
                    SortKeyOp::BeginsWith,
                    vec![AttributeValue::S("sk1".into())]
                )),
            })
        );
    }

    #[test]
    fn or_and_not_equal_are_syntax_errors() {
        let err = parse_key_condition(
            "job_id = :id OR start_date = :sk",
            &BTreeMap::new(),
            &values(),
            &KEY,
        )
        .unwrap_err();
        assert!(
            err.starts_with("Invalid KeyConditionExpression: Syntax error; token: \"OR\""),
            "{err}"
        );
        let err = parse_key_condition(
            "job_id = :id AND start_date <> :sk",
            &BTreeMap::new(),
            &values(),
            &KEY,
        )
        .unwrap_err();
        assert!(err.contains("token: \"<>\""), "{err}");
    }
}
