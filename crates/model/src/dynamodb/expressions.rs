//! DynamoDB's other expressions: conditions and filters (`=`, `<>`, `<`,
//! `<=`, `>`, `>=`, `BETWEEN`, `IN`, `AND`, `OR`, `NOT`, `attribute_exists`,
//! `attribute_not_exists`, `attribute_type`, `begins_with`, `contains`,
//! `size`), projections (`a, b.c, l[0]`) and updates (`SET`, `REMOVE`, `ADD`,
//! `DELETE`, with `+`, `-`, `if_not_exists` and `list_append`). `#names` and
//! `:values` are substituted; a reserved word used as a name, an undefined
//! placeholder and an unused one are refused with DynamoDB's messages.

use std::collections::{BTreeMap, BTreeSet};

use super::values::{AttributeValue, compare_numbers};

/// An item: its attributes by name.
pub type Item = BTreeMap<String, AttributeValue>;

/// Some of DynamoDB's reserved words (it has 573): the ones a learner's
/// attribute names meet most often.
pub const RESERVED_WORDS: &[&str] = &[
    "ACTION",
    "ADD",
    "ALL",
    "AND",
    "BETWEEN",
    "BY",
    "COMMENT",
    "CONNECTION",
    "COUNT",
    "DATA",
    "DATE",
    "DAY",
    "DELETE",
    "FROM",
    "GROUP",
    "HASH",
    "HOUR",
    "IN",
    "INDEX",
    "KEY",
    "LEVEL",
    "LIMIT",
    "LOCATION",
    "MINUTE",
    "MONTH",
    "NAME",
    "NOT",
    "OR",
    "ORDER",
    "OWNER",
    "RANGE",
    "REMOVE",
    "ROLE",
    "SECOND",
    "SELECT",
    "SESSION",
    "SET",
    "SIZE",
    "SOURCE",
    "STATE",
    "STATUS",
    "TABLE",
    "TARGET",
    "TIME",
    "TIMESTAMP",
    "TOTAL",
    "TYPE",
    "USER",
    "VALUE",
    "VALUES",
    "WHERE",
    "YEAR",
    "ZONE",
];

/// One step of a document path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathStep {
    /// A map key or top-level attribute.
    Key(String),
    /// A list index.
    Index(usize),
}

/// A document path: `a`, `a.b`, `l[2].c`.
pub type Path = Vec<PathStep>;

/// What a condition compares.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// An attribute of the item.
    Path(Path),
    /// A `:value`.
    Value(AttributeValue),
    /// `size(path)`.
    Size(Path),
}

/// A condition or filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `a OP b`.
    Compare(&'static str, Operand, Operand),
    /// `a BETWEEN b AND c`.
    Between(Operand, Operand, Operand),
    /// `a IN (b, c, ...)`.
    In(Operand, Vec<Operand>),
    /// `attribute_exists(path)`.
    Exists(Path),
    /// `attribute_not_exists(path)`.
    NotExists(Path),
    /// `attribute_type(path, :type)`.
    Type(Path, Operand),
    /// `begins_with(path, :prefix)`.
    BeginsWith(Operand, Operand),
    /// `contains(path, :operand)`.
    Contains(Operand, Operand),
    /// `a AND b`.
    And(Box<Condition>, Box<Condition>),
    /// `a OR b`.
    Or(Box<Condition>, Box<Condition>),
    /// `NOT a`.
    Not(Box<Condition>),
}

/// The placeholders an expression request defines, and which were used.
pub struct Placeholders<'a> {
    names: &'a BTreeMap<String, String>,
    values: &'a BTreeMap<String, AttributeValue>,
    used_names: BTreeSet<String>,
    used_values: BTreeSet<String>,
}

impl<'a> Placeholders<'a> {
    /// The request's `ExpressionAttributeNames` and `ExpressionAttributeValues`.
    pub fn new(
        names: &'a BTreeMap<String, String>,
        values: &'a BTreeMap<String, AttributeValue>,
    ) -> Placeholders<'a> {
        Placeholders {
            names,
            values,
            used_names: BTreeSet::new(),
            used_values: BTreeSet::new(),
        }
    }

    /// DynamoDB's refusal of placeholders defined but never used.
    pub fn check_all_used(&self) -> Result<(), String> {
        let unused: Vec<&String> = self
            .values
            .keys()
            .filter(|k| !self.used_values.contains(*k))
            .collect();
        if !unused.is_empty() {
            return Err(format!(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {{{}}}",
                unused
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let unused: Vec<&String> = self
            .names
            .keys()
            .filter(|k| !self.used_names.contains(*k))
            .collect();
        if !unused.is_empty() {
            return Err(format!(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {{{}}}",
                unused
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Ok(())
    }

    /// Marks the placeholders a key condition used (it is read elsewhere).
    pub fn mark_used_in(&mut self, expression: &str) {
        for word in expression.split(|c: char| !(c.is_alphanumeric() || "#:_".contains(c))) {
            if word.starts_with('#') && self.names.contains_key(word) {
                self.used_names.insert(word.to_string());
            }
            if word.starts_with(':') && self.values.contains_key(word) {
                self.used_values.insert(word.to_string());
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Token {
    Word(String),
    Name(String),
    Value(String),
    Number(usize),
    Sym(&'static str),
}

pub(super) fn tokenize(kind: &str, text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let take_word = |i: &mut usize| {
            let start = *i;
            *i += 1;
            while *i < chars.len() && (chars[*i].is_alphanumeric() || chars[*i] == '_') {
                *i += 1;
            }
            chars[start..*i].iter().collect::<String>()
        };
        if c == '#' {
            out.push(Token::Name(take_word(&mut i)));
        } else if c == ':' {
            out.push(Token::Value(take_word(&mut i)));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            out.push(Token::Number(digits.parse().unwrap_or(usize::MAX)));
        } else if c.is_alphabetic() || c == '_' {
            out.push(Token::Word(take_word(&mut i)));
        } else {
            let two: String = chars[i..].iter().take(2).collect();
            let sym = ["<=", ">=", "<>"]
                .into_iter()
                .find(|s| *s == two)
                .or_else(|| {
                    ["=", "<", ">", "(", ")", ",", ".", "[", "]", "+", "-"]
                        .into_iter()
                        .find(|s| s.starts_with(c))
                });
            let Some(sym) = sym else {
                return Err(format!(
                    "Invalid {kind}: Syntax error; token: \"{c}\", near: \"{text}\""
                ));
            };
            i += sym.len();
            out.push(Token::Sym(sym));
        }
    }
    Ok(out)
}

pub(super) struct Parser<'p, 'a> {
    pub(super) kind: &'static str,
    pub(super) text: &'p str,
    pub(super) tokens: Vec<Token>,
    pub(super) at: usize,
    pub(super) placeholders: &'p mut Placeholders<'a>,
}

impl Parser<'_, '_> {
    pub(super) fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    pub(super) fn syntax_error(&self) -> String {
        let token = match self.peek() {
            Some(Token::Word(w)) | Some(Token::Name(w)) | Some(Token::Value(w)) => w.clone(),
            Some(Token::Number(n)) => n.to_string(),
            Some(Token::Sym(s)) => s.to_string(),
            None => "<EOF>".into(),
        };
        format!(
            "Invalid {}: Syntax error; token: \"{token}\", near: \"{}\"",
            self.kind, self.text
        )
    }

    pub(super) fn eat_word(&mut self, word: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word));
        if found {
            self.at += 1;
        }
        found
    }

    pub(super) fn eat_sym(&mut self, sym: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Sym(s)) if *s == sym);
        if found {
            self.at += 1;
        }
        found
    }

    pub(super) fn expect_sym(&mut self, sym: &str) -> Result<(), String> {
        if self.eat_sym(sym) {
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }

    fn path_name(&mut self) -> Result<String, String> {
        match self.peek().cloned() {
            Some(Token::Word(w)) => {
                if RESERVED_WORDS.iter().any(|r| r.eq_ignore_ascii_case(&w)) {
                    return Err(format!(
                        "Invalid {}: Attribute name is a reserved keyword; reserved keyword: {w}",
                        self.kind
                    ));
                }
                self.at += 1;
                Ok(w)
            }
            Some(Token::Name(n)) => {
                self.at += 1;
                match self.placeholders.names.get(&n) {
                    Some(real) => {
                        self.placeholders.used_names.insert(n);
                        Ok(real.clone())
                    }
                    None => Err(format!(
                        "Invalid {}: An expression attribute name used in the document path is not defined; attribute name: {n}",
                        self.kind
                    )),
                }
            }
            _ => Err(self.syntax_error()),
        }
    }

    pub(super) fn path(&mut self) -> Result<Path, String> {
        let mut path = vec![PathStep::Key(self.path_name()?)];
        loop {
            if self.eat_sym(".") {
                path.push(PathStep::Key(self.path_name()?));
            } else if self.eat_sym("[") {
                match self.peek() {
                    Some(Token::Number(n)) => {
                        let n = *n;
                        self.at += 1;
                        path.push(PathStep::Index(n));
                    }
                    _ => return Err(self.syntax_error()),
                }
                self.expect_sym("]")?;
            } else {
                return Ok(path);
            }
        }
    }

    pub(super) fn value(&mut self, name: &str) -> Result<AttributeValue, String> {
        match self.placeholders.values.get(name) {
            Some(v) => {
                self.placeholders.used_values.insert(name.to_string());
                Ok(v.clone())
            }
            None => Err(format!(
                "Invalid {}: An expression attribute value used in expression is not defined; attribute value: {name}",
                self.kind
            )),
        }
    }

    fn operand(&mut self) -> Result<Operand, String> {
        match self.peek().cloned() {
            Some(Token::Value(v)) => {
                self.at += 1;
                Ok(Operand::Value(self.value(&v)?))
            }
            Some(Token::Word(w))
                if w == "size" && self.tokens.get(self.at + 1) == Some(&Token::Sym("(")) =>
            {
                self.at += 2;
                let path = self.path()?;
                self.expect_sym(")")?;
                Ok(Operand::Size(path))
            }
            _ => Ok(Operand::Path(self.path()?)),
        }
    }

    fn condition(&mut self) -> Result<Condition, String> {
        let mut left = self.conjunction()?;
        while self.eat_word("OR") {
            left = Condition::Or(Box::new(left), Box::new(self.conjunction()?));
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> Result<Condition, String> {
        let mut left = self.negation()?;
        while self.eat_word("AND") {
            left = Condition::And(Box::new(left), Box::new(self.negation()?));
        }
        Ok(left)
    }

    fn negation(&mut self) -> Result<Condition, String> {
        if self.eat_word("NOT") {
            return Ok(Condition::Not(Box::new(self.negation()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Condition, String> {
        if self.eat_sym("(") {
            let inner = self.condition()?;
            self.expect_sym(")")?;
            return Ok(inner);
        }
        if let Some(Token::Word(function)) = self.peek().cloned()
            && function != "size"
            && self.tokens.get(self.at + 1) == Some(&Token::Sym("("))
        {
            self.at += 2;
            let condition = match function.as_str() {
                "attribute_exists" => Condition::Exists(self.path()?),
                "attribute_not_exists" => Condition::NotExists(self.path()?),
                "attribute_type" => {
                    let path = self.path()?;
                    self.expect_sym(",")?;
                    Condition::Type(path, self.operand()?)
                }
                "begins_with" => {
                    let a = self.operand()?;
                    self.expect_sym(",")?;
                    Condition::BeginsWith(a, self.operand()?)
                }
                "contains" => {
                    let a = self.operand()?;
                    self.expect_sym(",")?;
                    Condition::Contains(a, self.operand()?)
                }
                other => {
                    return Err(format!(
                        "Invalid {}: Invalid function name; function: {other}",
                        self.kind
                    ));
                }
            };
            self.expect_sym(")")?;
            return Ok(condition);
        }
        let left = self.operand()?;
        if self.eat_word("BETWEEN") {
            let low = self.operand()?;
            if !self.eat_word("AND") {
                return Err(self.syntax_error());
            }
            let high = self.operand()?;
            return Ok(Condition::Between(left, low, high));
        }
        if self.eat_word("IN") {
            self.expect_sym("(")?;
            let mut list = vec![self.operand()?];
            while self.eat_sym(",") {
                list.push(self.operand()?);
            }
            self.expect_sym(")")?;
            return Ok(Condition::In(left, list));
        }
        let op = match self.peek() {
            Some(Token::Sym(s)) if ["=", "<>", "<", "<=", ">", ">="].contains(s) => *s,
            _ => return Err(self.syntax_error()),
        };
        self.at += 1;
        let right = self.operand()?;
        Ok(Condition::Compare(op, left, right))
    }

    pub(super) fn finish(&self) -> Result<(), String> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax_error()),
        }
    }
}

/// Reads a `ConditionExpression` or `FilterExpression` (`kind` names it in
/// messages).
pub fn parse_condition(
    kind: &'static str,
    text: &str,
    placeholders: &mut Placeholders<'_>,
) -> Result<Condition, String> {
    let tokens = tokenize(kind, text)?;
    if tokens.is_empty() {
        return Err(format!("Invalid {kind}: The expression can not be empty;"));
    }
    let mut parser = Parser {
        kind,
        text,
        tokens,
        at: 0,
        placeholders,
    };
    let condition = parser.condition()?;
    parser.finish()?;
    Ok(condition)
}

/// Reads a `ProjectionExpression`: paths separated by commas.
pub fn parse_projection(
    text: &str,
    placeholders: &mut Placeholders<'_>,
) -> Result<Vec<Path>, String> {
    let kind = "ProjectionExpression";
    let tokens = tokenize(kind, text)?;
    let mut parser = Parser {
        kind,
        text,
        tokens,
        at: 0,
        placeholders,
    };
    let mut paths = vec![parser.path()?];
    while parser.eat_sym(",") {
        paths.push(parser.path()?);
    }
    parser.finish()?;
    Ok(paths)
}

/// The value at `path` in `item`.
pub fn resolve<'i>(item: &'i Item, path: &Path) -> Option<&'i AttributeValue> {
    let mut steps = path.iter();
    let Some(PathStep::Key(first)) = steps.next() else {
        return None;
    };
    let mut current = item.get(first)?;
    for step in steps {
        current = match (step, current) {
            (PathStep::Key(k), AttributeValue::M(map)) => map.get(k)?,
            (PathStep::Index(i), AttributeValue::L(list)) => list.get(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

fn operand_value(item: &Item, operand: &Operand) -> Option<AttributeValue> {
    match operand {
        Operand::Value(v) => Some(v.clone()),
        Operand::Path(p) => resolve(item, p).cloned(),
        Operand::Size(p) => resolve(item, p).and_then(|v| {
            let size = match v {
                AttributeValue::S(s) => s.len(),
                AttributeValue::B(b) => b.len() * 3 / 4,
                AttributeValue::M(m) => m.len(),
                AttributeValue::L(l) => l.len(),
                AttributeValue::Ss(s) | AttributeValue::Ns(s) | AttributeValue::Bs(s) => s.len(),
                _ => return None,
            };
            Some(AttributeValue::N(size.to_string()))
        }),
    }
}

fn equal(a: &AttributeValue, b: &AttributeValue) -> bool {
    match (a, b) {
        (AttributeValue::N(x), AttributeValue::N(y)) => {
            compare_numbers(x, y) == Some(std::cmp::Ordering::Equal)
        }
        _ => a == b,
    }
}

/// Whether `item` satisfies `condition` (a missing item is an empty one).
pub fn evaluate(condition: &Condition, item: &Item) -> bool {
    use std::cmp::Ordering::*;
    match condition {
        Condition::Compare(op, a, b) => {
            let (Some(a), Some(b)) = (operand_value(item, a), operand_value(item, b)) else {
                return false;
            };
            match *op {
                "=" => equal(&a, &b),
                "<>" => !equal(&a, &b),
                op => match a.key_order(&b) {
                    Some(order) => match op {
                        "<" => order == Less,
                        "<=" => order != Greater,
                        ">" => order == Greater,
                        _ => order != Less,
                    },
                    None => false,
                },
            }
        }
        Condition::Between(a, low, high) => {
            let (Some(a), Some(low), Some(high)) = (
                operand_value(item, a),
                operand_value(item, low),
                operand_value(item, high),
            ) else {
                return false;
            };
            a.key_order(&low).is_some_and(|o| o != Less)
                && a.key_order(&high).is_some_and(|o| o != Greater)
        }
        Condition::In(a, list) => operand_value(item, a).is_some_and(|a| {
            list.iter()
                .filter_map(|o| operand_value(item, o))
                .any(|v| equal(&a, &v))
        }),
        Condition::Exists(p) => resolve(item, p).is_some(),
        Condition::NotExists(p) => resolve(item, p).is_none(),
        Condition::Type(p, t) => match (resolve(item, p), operand_value(item, t)) {
            (Some(v), Some(AttributeValue::S(name))) => v.type_name() == name,
            _ => false,
        },
        Condition::BeginsWith(a, prefix) => {
            match (operand_value(item, a), operand_value(item, prefix)) {
                (Some(AttributeValue::S(s)), Some(AttributeValue::S(p))) => s.starts_with(&p),
                (Some(AttributeValue::B(s)), Some(AttributeValue::B(p))) => s.starts_with(&p),
                _ => false,
            }
        }
        Condition::Contains(a, needle) => {
            match (operand_value(item, a), operand_value(item, needle)) {
                (Some(AttributeValue::S(s)), Some(AttributeValue::S(n))) => s.contains(&n),
                (Some(AttributeValue::Ss(set)), Some(AttributeValue::S(n))) => set.contains(&n),
                (Some(AttributeValue::Ns(set)), Some(AttributeValue::N(n))) => set
                    .iter()
                    .any(|x| compare_numbers(x, &n) == Some(std::cmp::Ordering::Equal)),
                (Some(AttributeValue::L(list)), Some(n)) => list.iter().any(|v| equal(v, &n)),
                _ => false,
            }
        }
        Condition::And(a, b) => evaluate(a, item) && evaluate(b, item),
        Condition::Or(a, b) => evaluate(a, item) || evaluate(b, item),
        Condition::Not(a) => !evaluate(a, item),
    }
}

/// The attributes of `item` that `paths` name (nested paths keep their maps).
pub fn project(item: &Item, paths: &[Path]) -> Item {
    let mut out = Item::new();
    for path in paths {
        let Some(value) = resolve(item, path) else {
            continue;
        };
        let Some(PathStep::Key(first)) = path.first() else {
            continue;
        };
        if path.len() == 1 {
            out.insert(first.clone(), value.clone());
            continue;
        }
        // Rebuild the nesting down to the value (lists keep only the element).
        let mut nested = value.clone();
        for step in path[1..].iter().rev() {
            nested = match step {
                PathStep::Key(k) => AttributeValue::M([(k.clone(), nested)].into_iter().collect()),
                PathStep::Index(_) => AttributeValue::L(vec![nested]),
            };
        }
        out.insert(first.clone(), nested);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.into())
    }

    fn n(v: &str) -> AttributeValue {
        AttributeValue::N(v.into())
    }

    fn item() -> Item {
        [
            ("id".to_string(), s("u1")),
            ("age".to_string(), n("42")),
            (
                "tags".to_string(),
                AttributeValue::Ss(vec!["a".into(), "b".into()]),
            ),
            (
                "address".to_string(),
                AttributeValue::M([("city".to_string(), s("Seoul"))].into_iter().collect()),
            ),
        ]
        .into_iter()
        .collect()
    }

    fn holds(text: &str, values: &[(&str, AttributeValue)]) -> Result<bool, String> {
        let names = BTreeMap::new();
        let values: BTreeMap<String, AttributeValue> = values
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let mut p = Placeholders::new(&names, &values);
        let condition = parse_condition("FilterExpression", text, &mut p)?;
        p.check_all_used()?;
        Ok(evaluate(&condition, &item()))
    }

    #[test]
    fn conditions_evaluate_as_dynamodb_does() {
        assert_eq!(holds("age > :n", &[(":n", n("9"))]), Ok(true));
        assert_eq!(
            holds(
                "age BETWEEN :a AND :b",
                &[(":a", n("40")), (":b", n("42.0"))]
            ),
            Ok(true)
        );
        assert_eq!(
            holds(
                "attribute_not_exists(email) AND contains(tags, :t)",
                &[(":t", s("b"))]
            ),
            Ok(true)
        );
        assert_eq!(
            holds(
                "address.city = :c OR age < :n",
                &[(":c", s("Busan")), (":n", n("1"))]
            ),
            Ok(false)
        );
        assert_eq!(
            holds("NOT begins_with(id, :p)", &[(":p", s("u"))]),
            Ok(false)
        );
        assert_eq!(holds("size(tags) = :two", &[(":two", n("2"))]), Ok(true));
        assert_eq!(
            holds("age IN (:a, :b)", &[(":a", n("1")), (":b", n("42"))]),
            Ok(true)
        );
        // A string never compares with a number.
        assert_eq!(holds("age > :s", &[(":s", s("1"))]), Ok(false));
    }

    #[test]
    fn refusals_use_dynamodb_s_words() {
        assert_eq!(
            holds("name = :n", &[(":n", s("x"))]),
            Err("Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: name".into())
        );
        assert_eq!(
            holds("age > :missing", &[]),
            Err("Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :missing".into())
        );
        assert_eq!(
            holds("age > :n", &[(":n", n("1")), (":extra", n("2"))]),
            Err(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}"
                    .into()
            )
        );
        assert!(
            holds("age >", &[])
                .unwrap_err()
                .contains("Syntax error; token: \"<EOF>\"")
        );
    }

    #[test]
    fn projections_keep_nested_paths() {
        let names: BTreeMap<String, String> = [("#a".to_string(), "address".to_string())].into();
        let values = BTreeMap::new();
        let mut p = Placeholders::new(&names, &values);
        let paths = parse_projection("id, #a.city", &mut p).unwrap();
        let projected = project(&item(), &paths);
        assert_eq!(projected.len(), 2);
        assert_eq!(
            projected.get("address"),
            Some(&AttributeValue::M(
                [("city".to_string(), s("Seoul"))].into_iter().collect()
            ))
        );
    }
}
