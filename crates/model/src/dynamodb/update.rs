//! `UpdateExpression`: `SET a = :v, b = b + :n, c = list_append(c, :l),
//! d = if_not_exists(d, :z)`, `REMOVE a, l[0]`, `ADD counter :n, tags :set`,
//! `DELETE tags :set`. Right-hand sides read the item as it was before the
//! update, as DynamoDB does.

use super::expressions::{Item, Parser, Path, PathStep, Placeholders, Token, resolve, tokenize};
use super::values::{AttributeValue, compare_numbers};

/// A value on the right of `SET path = ...`.
#[derive(Clone, Debug, PartialEq)]
pub enum SetOperand {
    /// An attribute of the item.
    Path(Path),
    /// A `:value`.
    Value(AttributeValue),
    /// `if_not_exists(path, operand)`.
    IfNotExists(Path, Box<SetOperand>),
    /// `list_append(a, b)`.
    ListAppend(Box<SetOperand>, Box<SetOperand>),
    /// `a + b`.
    Plus(Box<SetOperand>, Box<SetOperand>),
    /// `a - b`.
    Minus(Box<SetOperand>, Box<SetOperand>),
}

/// One action of an update.
#[derive(Clone, Debug, PartialEq)]
pub enum UpdateAction {
    /// `SET path = operand`.
    Set(Path, SetOperand),
    /// `REMOVE path`.
    Remove(Path),
    /// `ADD path :value` (a number or a set).
    Add(Path, AttributeValue),
    /// `DELETE path :set`.
    Delete(Path, AttributeValue),
}

impl UpdateAction {
    /// The top-level attribute the action changes.
    pub fn top_attribute(&self) -> &str {
        let path = match self {
            UpdateAction::Set(p, _)
            | UpdateAction::Remove(p)
            | UpdateAction::Add(p, _)
            | UpdateAction::Delete(p, _) => p,
        };
        match path.first() {
            Some(PathStep::Key(k)) => k,
            _ => "",
        }
    }
}

const KIND: &str = "UpdateExpression";

fn set_operand(p: &mut Parser<'_, '_>) -> Result<SetOperand, String> {
    let left = set_term(p)?;
    if p.eat_sym("+") {
        return Ok(SetOperand::Plus(Box::new(left), Box::new(set_term(p)?)));
    }
    if p.eat_sym("-") {
        return Ok(SetOperand::Minus(Box::new(left), Box::new(set_term(p)?)));
    }
    Ok(left)
}

fn set_term(p: &mut Parser<'_, '_>) -> Result<SetOperand, String> {
    match p.peek().cloned() {
        Some(Token::Value(v)) => {
            p.at += 1;
            Ok(SetOperand::Value(p.value(&v)?))
        }
        Some(Token::Word(w)) if p.tokens.get(p.at + 1) == Some(&Token::Sym("(")) => {
            p.at += 2;
            let operand = match w.as_str() {
                "if_not_exists" => {
                    let path = p.path()?;
                    p.expect_sym(",")?;
                    SetOperand::IfNotExists(path, Box::new(set_operand(p)?))
                }
                "list_append" => {
                    let a = set_operand(p)?;
                    p.expect_sym(",")?;
                    SetOperand::ListAppend(Box::new(a), Box::new(set_operand(p)?))
                }
                other => {
                    return Err(format!(
                        "Invalid {KIND}: Invalid function name; function: {other}"
                    ));
                }
            };
            p.expect_sym(")")?;
            Ok(operand)
        }
        _ => Ok(SetOperand::Path(p.path()?)),
    }
}

fn value_operand(p: &mut Parser<'_, '_>) -> Result<AttributeValue, String> {
    match p.peek().cloned() {
        Some(Token::Value(v)) => {
            p.at += 1;
            p.value(&v)
        }
        _ => Err(p.syntax_error()),
    }
}

/// Reads an `UpdateExpression` into its actions.
pub fn parse_update(
    text: &str,
    placeholders: &mut Placeholders<'_>,
) -> Result<Vec<UpdateAction>, String> {
    let tokens = tokenize(KIND, text)?;
    if tokens.is_empty() {
        return Err(format!("Invalid {KIND}: The expression can not be empty;"));
    }
    let mut p = Parser {
        kind: KIND,
        text,
        tokens,
        at: 0,
        placeholders,
    };
    let mut actions = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    while p.peek().is_some() {
        let clause = match p.peek() {
            Some(Token::Word(w)) => w.to_ascii_uppercase(),
            _ => return Err(p.syntax_error()),
        };
        if !["SET", "REMOVE", "ADD", "DELETE"].contains(&clause.as_str()) {
            return Err(p.syntax_error());
        }
        if seen.contains(&clause) {
            return Err(format!(
                "Invalid {KIND}: The \"{clause}\" section can only be used once in an update expression;"
            ));
        }
        seen.push(clause.clone());
        p.at += 1;
        loop {
            let action = match clause.as_str() {
                "SET" => {
                    let path = p.path()?;
                    p.expect_sym("=")?;
                    UpdateAction::Set(path, set_operand(&mut p)?)
                }
                "REMOVE" => UpdateAction::Remove(p.path()?),
                "ADD" => {
                    let path = p.path()?;
                    UpdateAction::Add(path, value_operand(&mut p)?)
                }
                _ => {
                    let path = p.path()?;
                    UpdateAction::Delete(path, value_operand(&mut p)?)
                }
            };
            actions.push(action);
            if !p.eat_sym(",") {
                break;
            }
        }
    }
    // Two actions on one path, or on a path and its parent, overlap.
    for (i, a) in actions.iter().enumerate() {
        for b in &actions[i + 1..] {
            let (pa, pb) = (path_of(a), path_of(b));
            let shorter = pa.len().min(pb.len());
            if pa[..shorter] == pb[..shorter] {
                return Err(format!(
                    "Invalid {KIND}: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [{}], path two: [{}]",
                    show(pa),
                    show(pb)
                ));
            }
        }
    }
    Ok(actions)
}

fn path_of(action: &UpdateAction) -> &Path {
    match action {
        UpdateAction::Set(p, _)
        | UpdateAction::Remove(p)
        | UpdateAction::Add(p, _)
        | UpdateAction::Delete(p, _) => p,
    }
}

fn show(path: &Path) -> String {
    path.iter()
        .map(|s| match s {
            PathStep::Key(k) => k.clone(),
            PathStep::Index(i) => format!("[{i}]"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn wrong_type() -> String {
    "An operand in the update expression has an incorrect data type".into()
}

fn missing() -> String {
    "The provided expression refers to an attribute that does not exist in the item".into()
}

/// Adds or subtracts two decimal numbers exactly.
fn add_numbers(a: &str, b: &str, subtract: bool) -> Option<String> {
    let scale = |s: &str| s.split_once('.').map(|(_, f)| f.len()).unwrap_or(0);
    let digits = scale(a).max(scale(b));
    let as_int = |s: &str| -> Option<i128> {
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        let padded = format!("{whole}{fraction:0<digits$}");
        padded.parse::<i128>().ok()
    };
    let (x, y) = (as_int(a)?, as_int(b)?);
    let sum = if subtract {
        x.checked_sub(y)?
    } else {
        x.checked_add(y)?
    };
    let negative = sum < 0;
    let text = sum.unsigned_abs().to_string();
    let text = if digits == 0 {
        text
    } else {
        let text = format!("{text:0>width$}", width = digits + 1);
        let (whole, fraction) = text.split_at(text.len() - digits);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            whole.to_string()
        } else {
            format!("{whole}.{fraction}")
        }
    };
    Some(if negative && text != "0" {
        format!("-{text}")
    } else {
        text
    })
}

fn evaluate(operand: &SetOperand, item: &Item) -> Result<AttributeValue, String> {
    Ok(match operand {
        SetOperand::Value(v) => v.clone(),
        SetOperand::Path(p) => resolve(item, p).cloned().ok_or_else(missing)?,
        SetOperand::IfNotExists(p, fallback) => match resolve(item, p) {
            Some(v) => v.clone(),
            None => evaluate(fallback, item)?,
        },
        SetOperand::ListAppend(a, b) => match (evaluate(a, item)?, evaluate(b, item)?) {
            (AttributeValue::L(mut x), AttributeValue::L(y)) => {
                x.extend(y);
                AttributeValue::L(x)
            }
            (AttributeValue::L(_), other) | (other, _) => {
                return Err(format!(
                    "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: {}",
                    other.type_name()
                ));
            }
        },
        SetOperand::Plus(a, b) | SetOperand::Minus(a, b) => {
            match (evaluate(a, item)?, evaluate(b, item)?) {
                (AttributeValue::N(x), AttributeValue::N(y)) => AttributeValue::N(
                    add_numbers(&x, &y, matches!(operand, SetOperand::Minus(..)))
                        .ok_or_else(wrong_type)?,
                ),
                _ => return Err(wrong_type()),
            }
        }
    })
}

/// Writes `value` at `path`, creating the top-level attribute; nested steps
/// must lead through existing maps and lists.
fn put(item: &mut Item, path: &Path, value: AttributeValue) -> Result<(), String> {
    let invalid =
        || "The document path provided in the update expression is invalid for update".to_string();
    let Some((PathStep::Key(first), rest)) = path.split_first().map(|(f, r)| (f.clone(), r)) else {
        return Err(invalid());
    };
    if rest.is_empty() {
        item.insert(first, value);
        return Ok(());
    }
    let mut current = item.get_mut(&first).ok_or_else(invalid)?;
    for (n, step) in rest.iter().enumerate() {
        let last = n + 1 == rest.len();
        current = match (step, current) {
            (PathStep::Key(k), AttributeValue::M(map)) => {
                if last {
                    map.insert(k.clone(), value);
                    return Ok(());
                }
                map.get_mut(k).ok_or_else(invalid)?
            }
            (PathStep::Index(i), AttributeValue::L(list)) => {
                if last {
                    if *i < list.len() {
                        list[*i] = value;
                    } else {
                        list.push(value);
                    }
                    return Ok(());
                }
                list.get_mut(*i).ok_or_else(invalid)?
            }
            _ => return Err(invalid()),
        };
    }
    Ok(())
}

fn remove(item: &mut Item, path: &Path) {
    let Some((PathStep::Key(first), rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        item.remove(first);
        return;
    }
    let Some(mut current) = item.get_mut(first) else {
        return;
    };
    for (n, step) in rest.iter().enumerate() {
        let last = n + 1 == rest.len();
        current = match (step, current) {
            (PathStep::Key(k), AttributeValue::M(map)) => {
                if last {
                    map.remove(k);
                    return;
                }
                match map.get_mut(k) {
                    Some(v) => v,
                    None => return,
                }
            }
            (PathStep::Index(i), AttributeValue::L(list)) => {
                if last {
                    if *i < list.len() {
                        list.remove(*i);
                    }
                    return;
                }
                match list.get_mut(*i) {
                    Some(v) => v,
                    None => return,
                }
            }
            _ => return,
        };
    }
}

fn set_union(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = a.to_vec();
    for e in b {
        if !out.contains(e) {
            out.push(e.clone());
        }
    }
    out
}

/// Applies `actions` to `item`, every right-hand side read from the item as
/// it was before.
pub fn apply(actions: &[UpdateAction], item: &mut Item) -> Result<(), String> {
    let before = item.clone();
    for action in actions {
        match action {
            UpdateAction::Set(path, operand) => {
                let value = evaluate(operand, &before)?;
                put(item, path, value)?;
            }
            UpdateAction::Remove(path) => remove(item, path),
            UpdateAction::Add(path, value) => {
                let current = resolve(&before, path).cloned();
                let added = match (current, value) {
                    (None, v) => v.clone(),
                    (Some(AttributeValue::N(x)), AttributeValue::N(y)) => {
                        AttributeValue::N(add_numbers(&x, y, false).ok_or_else(wrong_type)?)
                    }
                    (Some(AttributeValue::Ss(x)), AttributeValue::Ss(y)) => {
                        AttributeValue::Ss(set_union(&x, y))
                    }
                    (Some(AttributeValue::Ns(x)), AttributeValue::Ns(y)) => {
                        let mut out = x.clone();
                        for n in y {
                            if !out
                                .iter()
                                .any(|e| compare_numbers(e, n) == Some(std::cmp::Ordering::Equal))
                            {
                                out.push(n.clone());
                            }
                        }
                        AttributeValue::Ns(out)
                    }
                    (Some(AttributeValue::Bs(x)), AttributeValue::Bs(y)) => {
                        AttributeValue::Bs(set_union(&x, y))
                    }
                    (Some(other), _) => {
                        return Err(format!(
                            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: {}",
                            other.type_name()
                        ));
                    }
                };
                put(item, path, added)?;
            }
            UpdateAction::Delete(path, value) => {
                let current = resolve(&before, path).cloned();
                let left = match (current, value) {
                    (None, _) => continue,
                    (Some(AttributeValue::Ss(x)), AttributeValue::Ss(y)) => {
                        AttributeValue::Ss(x.into_iter().filter(|e| !y.contains(e)).collect())
                    }
                    (Some(AttributeValue::Ns(x)), AttributeValue::Ns(y)) => AttributeValue::Ns(
                        x.into_iter()
                            .filter(|e| {
                                !y.iter().any(|n| {
                                    compare_numbers(e, n) == Some(std::cmp::Ordering::Equal)
                                })
                            })
                            .collect(),
                    ),
                    (Some(AttributeValue::Bs(x)), AttributeValue::Bs(y)) => {
                        AttributeValue::Bs(x.into_iter().filter(|e| !y.contains(e)).collect())
                    }
                    (Some(other), _) => {
                        return Err(format!(
                            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: {}",
                            other.type_name()
                        ));
                    }
                };
                let empty = matches!(&left, AttributeValue::Ss(s) | AttributeValue::Ns(s) | AttributeValue::Bs(s) if s.is_empty());
                if empty {
                    remove(item, path);
                } else {
                    put(item, path, left)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn run(
        expression: &str,
        item: &mut Item,
        values: &[(&str, AttributeValue)],
    ) -> Result<(), String> {
        let names = BTreeMap::new();
        let values: BTreeMap<String, AttributeValue> = values
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let mut p = Placeholders::new(&names, &values);
        let actions = parse_update(expression, &mut p)?;
        p.check_all_used()?;
        apply(&actions, item)
    }

    #[test]
    fn set_add_remove_and_delete() {
        let mut item: Item = [
            ("id".to_string(), AttributeValue::S("a".into())),
            ("views".to_string(), AttributeValue::N("10".into())),
            (
                "tags".to_string(),
                AttributeValue::Ss(vec!["x".into(), "y".into()]),
            ),
            ("old".to_string(), AttributeValue::Bool(true)),
        ]
        .into_iter()
        .collect();
        run(
            "SET views = views + :one, price = if_not_exists(price, :p) REMOVE old ADD likes :one DELETE tags :x",
            &mut item,
            &[
                (":one", AttributeValue::N("1".into())),
                (":p", AttributeValue::N("9.50".into())),
                (":x", AttributeValue::Ss(vec!["x".into()])),
            ],
        )
        .unwrap();
        assert_eq!(item.get("views"), Some(&AttributeValue::N("11".into())));
        assert_eq!(item.get("price"), Some(&AttributeValue::N("9.50".into())));
        assert_eq!(item.get("likes"), Some(&AttributeValue::N("1".into())));
        assert_eq!(
            item.get("tags"),
            Some(&AttributeValue::Ss(vec!["y".into()]))
        );
        assert!(!item.contains_key("old"));
    }

    #[test]
    fn numbers_add_exactly_and_errors_are_dynamodb_s() {
        assert_eq!(add_numbers("0.1", "0.2", false).as_deref(), Some("0.3"));
        assert_eq!(add_numbers("1", "2.5", true).as_deref(), Some("-1.5"));
        let mut item = Item::new();
        assert_eq!(
            run(
                "SET a = b + :n",
                &mut item,
                &[(":n", AttributeValue::N("1".into()))]
            ),
            Err(missing())
        );
        assert!(
            run(
                "SET a = :n SET b = :n",
                &mut item,
                &[(":n", AttributeValue::N("1".into()))]
            )
            .unwrap_err()
            .contains("The \"SET\" section can only be used once")
        );
        assert!(
            run(
                "SET a = :n REMOVE a",
                &mut item,
                &[(":n", AttributeValue::N("1".into()))]
            )
            .unwrap_err()
            .contains("Two document paths overlap")
        );
    }
}
