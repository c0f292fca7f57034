//! Turning `--key-name web --filters Name=...,Values=...` into the request
//! parameters, the way the AWS CLI does: argparse-style option parsing, shorthand
//! syntax (a port of `awscli/shorthand.py`), JSON values, `file://`/`fileb://`
//! parameter files, and botocore's parameter validation messages.

use serde_json::{Map, Value};

/// The type of a parameter or of a member inside one.
#[derive(Debug)]
pub enum Shape {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// A floating-point number (`double`).
    Float,
    /// A boolean.
    Bool,
    /// Binary data (base64 on the command line, raw with `fileb://`).
    Blob,
    /// A date and time (ISO 8601 text or epoch seconds).
    Timestamp,
    /// A list of the inner shape.
    List(&'static Shape),
    /// A structure with these members.
    Struct(&'static [(&'static str, &'static Shape)]),
    /// A map from strings to the inner shape.
    Map(&'static Shape),
}

impl Shape {
    fn python_type(&self) -> &'static str {
        match self {
            Shape::Str => "<class 'str'>",
            Shape::Int => "<class 'int'>",
            Shape::Float => "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
            Shape::Bool => "<class 'bool'>",
            Shape::Blob => "<class 'bytes'>, <class 'bytearray'>, file-like object",
            Shape::Timestamp => "<class 'datetime.datetime'>, timestamp string",
            Shape::List(_) => "<class 'list'>, <class 'tuple'>",
            Shape::Struct(_) | Shape::Map(_) => "<class 'dict'>",
        }
    }

    /// A structure whose only member is a boolean `Value` (ec2's top-level
    /// boolean customization: `--ebs-optimized` / `--no-ebs-optimized`).
    fn is_attribute_bool(&self) -> bool {
        matches!(self, Shape::Struct([("Value", Shape::Bool)]))
    }

    fn is_attribute_str(&self) -> bool {
        matches!(self, Shape::Struct([("Value", Shape::Str)]))
    }
}

/// One `--option` of an operation.
#[derive(Debug)]
pub struct Param {
    /// The option name without dashes (`key-name`).
    pub name: &'static str,
    /// The request member (`KeyName`), or a name starting with `@` for the CLI's
    /// own options (`@count`, `@port`) that the command turns into members.
    pub member: &'static str,
    /// The member's shape.
    pub shape: &'static Shape,
    /// Whether the CLI requires it.
    pub required: bool,
}

/// The result of parsing an operation's options.
#[derive(Debug, Default, PartialEq)]
pub struct ParsedParams {
    /// Request members in the order given.
    pub params: Map<String, Value>,
    /// The CLI's own options (`@count`, `@port`, ...) with their raw values.
    pub custom: Vec<(String, Option<String>)>,
}

/// Why the command line was refused, and how the CLI reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    /// An argparse error: usage block, then `aws: error: <message>`; exit 252.
    Usage(String),
    /// `Unknown options: --x`: usage block, then the message; exit 252.
    Unknown(String),
    /// `Error parsing parameter '--x': ...` or `Parameter validation failed:`
    /// (exit 252).
    Param(String),
    /// Any other error the CLI raises before calling the service (exit 255).
    Other(String),
}

/// Global options the CLI accepts after any command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GlobalOptions {
    /// `--output`.
    pub output: Option<String>,
    /// `--query`.
    pub query: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--debug` (accepted, ignored).
    pub debug: bool,
    /// `--cli-binary-format` (`raw-in-base64-out` takes blobs such as
    /// `lambda invoke --payload` as typed rather than base64).
    pub cli_binary_format: Option<String>,
}

/// The usage block argparse prints before an error.
pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// Global options that take a value, and those that do not.
const GLOBAL_WITH_VALUE: &[&str] = &[
    "--output",
    "--query",
    "--region",
    "--profile",
    "--endpoint-url",
    "--color",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
    "--ca-bundle",
];
const GLOBAL_FLAGS: &[&str] = &[
    "--debug",
    "--no-cli-pager",
    "--no-paginate",
    "--no-verify-ssl",
    "--no-sign-request",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
];

/// Output formats argparse accepts for `--output`.
pub const OUTPUT_CHOICES: &[&str] = &["json", "text", "table", "yaml", "yaml-stream"];

/// Takes the global options out of `words` (they may appear anywhere).
pub fn split_globals(words: &[String]) -> Result<(GlobalOptions, Vec<String>), ArgError> {
    let mut globals = GlobalOptions::default();
    let mut rest = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (word.as_str(), None),
        };
        if GLOBAL_WITH_VALUE.contains(&name) {
            let value = match inline {
                Some(v) => v,
                None => {
                    i += 1;
                    match words.get(i) {
                        Some(v) if !v.starts_with("--") => v.clone(),
                        _ => {
                            return Err(ArgError::Usage(format!(
                                "argument {name}: expected one argument"
                            )));
                        }
                    }
                }
            };
            match name {
                "--output" => {
                    if !OUTPUT_CHOICES.contains(&value.as_str()) {
                        return Err(ArgError::Usage(format!(
                            "argument --output: {}",
                            invalid_choice(&value, OUTPUT_CHOICES)
                        )));
                    }
                    globals.output = Some(value);
                }
                "--query" => globals.query = Some(value),
                "--region" => globals.region = Some(value),
                "--profile" => globals.profile = Some(value),
                "--cli-binary-format" => {
                    const CHOICES: &[&str] = &["base64", "raw-in-base64-out"];
                    if !CHOICES.contains(&value.as_str()) {
                        return Err(ArgError::Usage(format!(
                            "argument --cli-binary-format: {}",
                            invalid_choice(&value, CHOICES)
                        )));
                    }
                    globals.cli_binary_format = Some(value);
                }
                _ => {}
            }
        } else if GLOBAL_FLAGS.contains(&name) {
            if name == "--debug" {
                globals.debug = true;
            }
        } else {
            rest.push(word.clone());
        }
        i += 1;
    }
    Ok((globals, rest))
}

/// argparse's "Invalid choice" message, with difflib's close matches.
pub fn invalid_choice(value: &str, choices: &[&str]) -> String {
    let mut msg = String::from("Invalid choice, valid choices are:\n\n");
    let lines: Vec<String> = choices
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|c| format!("{c:<40}"))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    msg.push_str(&lines.join("\n"));
    let mut close: Vec<(f64, &str)> = choices
        .iter()
        .map(|c| (similarity(value, c), *c))
        .filter(|(r, _)| *r >= 0.8)
        .collect();
    close.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    if !close.is_empty() {
        msg.push_str(&format!(
            "\n\nInvalid choice: '{value}', maybe you meant:\n"
        ));
        for (_, c) in close.iter().take(3) {
            msg.push_str(&format!("\n  * {c}"));
        }
    }
    msg
}

/// difflib's `SequenceMatcher.ratio()`: 2 * matches / total length, with matches
/// found by the longest-common-block recursion.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    fn matches(a: &[char], b: &[char]) -> usize {
        let mut best = (0usize, 0usize, 0usize);
        for i in 0..a.len() {
            for j in 0..b.len() {
                let mut k = 0;
                while a.get(i + k).is_some() && a.get(i + k) == b.get(j + k) {
                    k += 1;
                }
                if k > best.2 {
                    best = (i, j, k);
                }
            }
        }
        let (i, j, k) = best;
        if k == 0 {
            return 0;
        }
        k + matches(a.get(..i).unwrap_or(&[]), b.get(..j).unwrap_or(&[]))
            + matches(a.get(i + k..).unwrap_or(&[]), b.get(j + k..).unwrap_or(&[]))
    }
    2.0 * matches(&a, &b) as f64 / total as f64
}

/// The name a boolean's negative form has (`--no-x`, with the ec2 renames).
fn negative_name(name: &str) -> String {
    match name {
        "disable-api-termination" => "enable-api-termination".into(),
        "egress" => "ingress".into(),
        "no-reboot" => "reboot".into(),
        other => format!("no-{other}"),
    }
}

/// What a file reference in a value reads: `(path, binary)`.
fn param_file(value: &str) -> Option<(&str, bool)> {
    if let Some(p) = value.strip_prefix("fileb://") {
        Some((p, true))
    } else {
        value.strip_prefix("file://").map(|p| (p, false))
    }
}

/// Parses the options after `aws <service> <operation>`.
///
/// `read_file` reads a `file://` path from the learner's machine (relative to
/// the working directory); it returns the CLI's error text on failure.
pub fn parse_params(
    words: &[String],
    spec: &[Param],
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<ParsedParams, ArgError> {
    let mut parsed = ParsedParams::default();
    let mut unknown: Vec<String> = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        i += 1;
        let Some(stripped) = word.strip_prefix("--") else {
            unknown.push(word.clone());
            continue;
        };
        let (name, inline) = match stripped.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (stripped, None),
        };
        // The positive form, or the negative form of a boolean.
        let found = spec.iter().find_map(|p| {
            if p.name == name {
                Some((p, true))
            } else if (matches!(p.shape, Shape::Bool) || p.shape.is_attribute_bool())
                && negative_name(p.name) == name
            {
                Some((p, false))
            } else {
                None
            }
        });
        let Some((param, positive)) = found else {
            unknown.push(word.clone());
            // argparse leaves the values of an unknown option among the extras.
            while let Some(next) = words.get(i).filter(|w| !w.starts_with("--")) {
                unknown.push(next.clone());
                i += 1;
            }
            continue;
        };
        if !positive {
            if param.shape.is_attribute_bool() {
                let mut m = Map::new();
                m.insert("Value".into(), Value::Bool(false));
                parsed.params.insert(param.member.into(), Value::Object(m));
            } else if param.member.starts_with('@') {
                parsed
                    .custom
                    .push((param.member.into(), Some("false".into())));
            } else {
                parsed
                    .params
                    .insert(param.member.into(), Value::Bool(false));
            }
            seen.push(param.name);
            continue;
        }
        seen.push(param.name);
        // Booleans take no value.
        if matches!(param.shape, Shape::Bool) {
            if param.member.starts_with('@') {
                parsed
                    .custom
                    .push((param.member.into(), Some("true".into())));
            } else {
                parsed.params.insert(param.member.into(), Value::Bool(true));
            }
            continue;
        }
        let takes_many = matches!(param.shape, Shape::List(_));
        let mut values: Vec<String> = Vec::new();
        if let Some(v) = inline {
            values.push(v);
        }
        if values.is_empty() || takes_many {
            while let Some(next) = words.get(i).filter(|w| !w.starts_with("--")) {
                values.push(next.clone());
                i += 1;
                if !takes_many {
                    break;
                }
            }
        }
        if param.shape.is_attribute_bool() && values.is_empty() {
            let mut m = Map::new();
            m.insert("Value".into(), Value::Bool(true));
            parsed.params.insert(param.member.into(), Value::Object(m));
            continue;
        }
        if values.is_empty() {
            return Err(ArgError::Usage(format!(
                "argument --{}: expected {}",
                param.name,
                if takes_many {
                    "at least one argument"
                } else {
                    "one argument"
                }
            )));
        }
        if param.member.starts_with('@') {
            // A customization with several values (`--paths /a /b`) keeps each.
            let kept = if takes_many { values.len() } else { 1 };
            for value in values.into_iter().take(kept) {
                parsed.custom.push((param.member.into(), Some(value)));
            }
            continue;
        }
        let value = unpack(param, &values, read_file)?;
        parsed.params.insert(param.member.into(), value);
    }
    if !unknown.is_empty() {
        return Err(ArgError::Unknown(format!(
            "Unknown options: {}",
            unknown.join(", ")
        )));
    }
    let missing: Vec<String> = spec
        .iter()
        .filter(|p| p.required && !seen.contains(&p.name))
        .map(|p| format!("--{}", p.name))
        .collect();
    if !missing.is_empty() {
        return Err(ArgError::Usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    let mut path = Vec::new();
    for (member, value) in &parsed.params {
        if let Some(param) = spec.iter().find(|p| p.member == member) {
            path.clear();
            path.push(member.clone());
            validate(value, param.shape, &mut path)?;
        }
    }
    Ok(parsed)
}

fn param_error(name: &str, msg: impl std::fmt::Display) -> ArgError {
    ArgError::Param(format!("Error parsing parameter '--{name}': {msg}"))
}

/// Reads a `file://` / `fileb://` value, or returns the value itself.
fn resolve_file(
    param: &Param,
    value: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(String, bool), ArgError> {
    match param_file(value) {
        Some((path, binary)) => {
            let text = read_file(path).map_err(|errno| {
                param_error(
                    param.name,
                    format!("Unable to load paramfile {value}: {errno}: '{path}'"),
                )
            })?;
            Ok((text, binary))
        }
        None => Ok((value.to_string(), false)),
    }
}

fn unpack(
    param: &Param,
    values: &[String],
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Value, ArgError> {
    match param.shape {
        Shape::List(inner) => {
            let first = values.first().map(String::as_str).unwrap_or("");
            let (first_text, _) = resolve_file(param, first, read_file)?;
            if values.len() == 1 && first_text.trim_start().starts_with('[') {
                return parse_json(param, &first_text);
            }
            let mut items = Vec::new();
            for v in values {
                let (text, _) = resolve_file(param, v, read_file)?;
                items.push(unpack_single(param, inner, &text)?);
            }
            Ok(Value::Array(items))
        }
        Shape::Blob => {
            let raw = values.first().map(String::as_str).unwrap_or("");
            let (text, binary) = resolve_file(param, raw, read_file)?;
            if binary {
                Ok(Value::String(text))
            } else {
                // CLI v2 reads blob arguments as base64 (cli_binary_format).
                match base64_decode(text.trim()) {
                    Some(bytes) => Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned())),
                    None => Err(ArgError::Param(format!("Invalid base64: \"{text}\""))),
                }
            }
        }
        shape => {
            let raw = values.first().map(String::as_str).unwrap_or("");
            let (text, _) = resolve_file(param, raw, read_file)?;
            unpack_single(param, shape, &text)
        }
    }
}

fn unpack_single(param: &Param, shape: &'static Shape, text: &str) -> Result<Value, ArgError> {
    match shape {
        Shape::Str | Shape::Blob | Shape::Timestamp => Ok(Value::String(text.to_string())),
        Shape::Float => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| {
                param_error(
                    param.name,
                    format!("could not convert string to float: '{text}'"),
                )
            }),
        Shape::Int => text
            .trim()
            .parse::<i64>()
            .map(|n| Value::Number(n.into()))
            .map_err(|_| {
                param_error(
                    param.name,
                    format!("invalid literal for int() with base 10: '{text}'"),
                )
            }),
        Shape::Bool => Ok(Value::Bool(!text.eq_ignore_ascii_case("false"))),
        Shape::Struct(_) | Shape::List(_) | Shape::Map(_) => {
            let trimmed = text.trim_start();
            if trimmed.starts_with('{') || trimmed.starts_with('[') {
                return parse_json(param, text);
            }
            if shape.is_attribute_str() && !text.contains('=') {
                let mut m = Map::new();
                m.insert("Value".into(), Value::String(text.to_string()));
                return Ok(Value::Object(m));
            }
            if matches!(shape, Shape::List(inner) if !matches!(inner, Shape::Struct(_))) {
                return Ok(Value::Array(vec![Value::String(text.to_string())]));
            }
            let mut value = Shorthand::new(text)
                .parse()
                .map_err(|e| param_error(param.name, e))?;
            back_compat(&mut value, shape).map_err(|e| param_error(param.name, e))?;
            Ok(value)
        }
    }
}

fn parse_json(param: &Param, text: &str) -> Result<Value, ArgError> {
    serde_json::from_str::<Value>(text).map_err(|e| {
        param_error(
            param.name,
            format!("Invalid JSON: {e}\nJSON received: {text}"),
        )
    })
}

/// botocore's `BackCompatVisitor`: wraps scalars given for lists and converts
/// numbers and booleans written as shorthand text.
fn back_compat(value: &mut Value, shape: &'static Shape) -> Result<(), String> {
    match shape {
        Shape::Struct(members) => {
            if let Value::Object(map) = value {
                for (name, member_shape) in members.iter() {
                    if let Some(v) = map.get_mut(*name) {
                        back_compat(v, member_shape)?;
                    }
                }
            }
        }
        Shape::Map(inner) => {
            if let Value::Object(map) = value {
                for v in map.values_mut() {
                    back_compat(v, inner)?;
                }
            }
        }
        Shape::List(inner) => {
            if let Value::Array(items) = value {
                for item in items.iter_mut() {
                    back_compat(item, inner)?;
                }
            } else if !value.is_null() {
                let mut item = value.take();
                back_compat(&mut item, inner)?;
                *value = Value::Array(vec![item]);
            }
        }
        Shape::Float => {
            if let Value::String(s) = value {
                let n = s
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .ok_or_else(|| format!("could not convert string to float: '{s}'"))?;
                *value = Value::Number(n);
            }
        }
        Shape::Int => {
            if let Value::String(s) = value {
                let n = s
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| format!("invalid literal for int() with base 10: '{s}'"))?;
                *value = Value::Number(n.into());
            }
        }
        Shape::Bool => {
            if let Value::String(s) = value {
                if s.eq_ignore_ascii_case("true") {
                    *value = Value::Bool(true);
                } else if s.eq_ignore_ascii_case("false") {
                    *value = Value::Bool(false);
                }
            }
        }
        Shape::Str | Shape::Blob | Shape::Timestamp => {}
    }
    Ok(())
}

fn python_repr(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

fn python_type_of(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "<class 'str'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Null => "<class 'NoneType'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

fn path_text(path: &[String]) -> String {
    let mut s = String::new();
    for (i, p) in path.iter().enumerate() {
        if p.starts_with('[') || i == 0 {
            s.push_str(p);
        } else {
            s.push('.');
            s.push_str(p);
        }
    }
    s
}

/// botocore's `ParamValidator`: types and unknown members.
fn validate(value: &Value, shape: &'static Shape, path: &mut Vec<String>) -> Result<(), ArgError> {
    let type_error = |path: &[String]| {
        ArgError::Param(format!(
            "Parameter validation failed:\nInvalid type for parameter {}, value: {}, type: {}, valid types: {}",
            path_text(path),
            python_repr(value),
            python_type_of(value),
            shape.python_type()
        ))
    };
    match (shape, value) {
        (Shape::Str | Shape::Blob | Shape::Timestamp, Value::String(_)) => Ok(()),
        (Shape::Timestamp, Value::Number(_)) => Ok(()),
        (Shape::Map(inner), Value::Object(map)) => {
            for (k, v) in map {
                path.push(k.clone());
                validate(v, inner, path)?;
                path.pop();
            }
            Ok(())
        }
        (Shape::Int, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
        (Shape::Float, Value::Number(_)) => Ok(()),
        (Shape::Bool, Value::Bool(_)) => Ok(()),
        (Shape::List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(last) = path.last_mut() {
                    let base = last.clone();
                    *last = format!("{base}[{i}]");
                    validate(item, inner, path)?;
                    if let Some(last) = path.last_mut() {
                        *last = base;
                    }
                }
            }
            Ok(())
        }
        (Shape::Struct(members), Value::Object(map)) => {
            for (k, v) in map {
                match members.iter().find(|(name, _)| name == k) {
                    Some((_, member_shape)) => {
                        path.push(k.clone());
                        validate(v, member_shape, path)?;
                        path.pop();
                    }
                    None => {
                        return Err(ArgError::Param(format!(
                            "Parameter validation failed:\nUnknown parameter in {}: \"{k}\", must be one of: {}",
                            path_text(path),
                            members
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )));
                    }
                }
            }
            Ok(())
        }
        _ => Err(type_error(path)),
    }
}

/// Decodes standard base64 (padding optional). `None` if it is not base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0u32;
    let mut seen_pad = false;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                seen_pad = true;
                continue;
            }
            b'\n' | b'\r' => continue,
            _ => return None,
        };
        if seen_pad {
            return None;
        }
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    if text.trim_end_matches('=').len() % 4 == 1 {
        return None;
    }
    Some(out)
}

/// Encodes bytes as standard base64 with padding.
pub fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let idx = ((n >> (18 - 6 * i)) & 63) as usize;
                out.push(char::from(ALPHABET.get(idx).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Shorthand syntax (awscli/shorthand.py).

struct Shorthand {
    input: Vec<char>,
    index: usize,
}

fn is_start_word(c: char) -> bool {
    !matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '"' | '\'' | ',' | '=' | '[' | '{'
    ) && c as u32 >= 0x21
}

fn is_first_follow(c: char) -> bool {
    c.is_whitespace() || (!matches!(c, '"' | '\'' | ',' | ']' | '}') && c as u32 >= 0x21)
}

fn is_second_follow(c: char) -> bool {
    c.is_whitespace() || (!matches!(c, '"' | '\'' | ',' | '=') && c as u32 >= 0x21)
}

impl Shorthand {
    fn new(text: &str) -> Self {
        Shorthand {
            input: text.chars().collect(),
            index: 0,
        }
    }

    fn text(&self) -> String {
        self.input.iter().collect()
    }

    fn current(&self) -> Option<char> {
        self.input.get(self.index).copied()
    }

    fn at_eof(&self) -> bool {
        self.index >= self.input.len()
    }

    fn location(&self) -> String {
        let text = self.text();
        let before: String = self.input.iter().take(self.index).collect();
        let mut num_spaces = self.index;
        let mut consumed = text.clone();
        let mut remaining = String::new();
        if let Some(nl) = before.rfind('\n') {
            num_spaces =
                before.chars().count() - before.get(..nl).unwrap_or("").chars().count() - 1;
        }
        let after: String = self.input.iter().skip(self.index).collect();
        if let Some(nl) = after.find('\n') {
            consumed = format!("{before}{}", after.get(..nl).unwrap_or(""));
            remaining = after.get(nl..).unwrap_or("").to_string();
        }
        format!("{consumed}\n{}^{remaining}", " ".repeat(num_spaces))
    }

    fn syntax_error(&self, expected: &str) -> String {
        let actual = match self.current() {
            None => "EOF".to_string(),
            Some(c) => c.to_string(),
        };
        format!(
            "Expected: '{expected}', received: '{actual}' for input:\n{}",
            self.location()
        )
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(char::is_whitespace) {
            self.index += 1;
        }
    }

    fn expect(&mut self, c: char, ws: bool) -> Result<(), String> {
        if ws {
            self.consume_whitespace();
        }
        if self.current() != Some(c) {
            return Err(self.syntax_error(&c.to_string()));
        }
        self.index += 1;
        if ws {
            self.consume_whitespace();
        }
        Ok(())
    }

    fn parse(mut self) -> Result<Value, String> {
        let mut params = Map::new();
        let (k, v) = self.keyval()?;
        params.insert(k, v);
        let mut last_index = self.index;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (k, v) = self.keyval()?;
            if params.contains_key(&k) {
                self.index = last_index + 1;
                return Err(format!(
                    "Second instance of key \"{k}\" encountered for input:\n{}\nThis is often because there is a preceding \",\" instead of a space.",
                    self.location()
                ));
            }
            params.insert(k, v);
            last_index = self.index;
        }
        Ok(Value::Object(params))
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while self
            .current()
            .is_some_and(|c| c.is_ascii_alphanumeric() || "-_.#/:".contains(c))
        {
            self.index += 1;
        }
        self.input
            .get(start..self.index)
            .unwrap_or(&[])
            .iter()
            .collect()
    }

    fn keyval(&mut self) -> Result<(String, Value), String> {
        let key = self.key();
        self.expect('=', true)?;
        let value = self.values()?;
        Ok((key, value))
    }

    fn values(&mut self) -> Result<Value, String> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<Value, String> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.at_eof() || self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first.clone()];
        loop {
            match self.second_value() {
                Ok(current) => {
                    self.consume_whitespace();
                    if self.at_eof() {
                        list.push(current);
                        break;
                    }
                    if let Err(e) = self.expect(',', true) {
                        if self.at_eof() {
                            return Err(e);
                        }
                        self.backtrack_to(',');
                        break;
                    }
                    list.push(current);
                }
                Err(e) => {
                    if self.at_eof() {
                        return Err(e);
                    }
                    self.backtrack_to(',');
                    break;
                }
            }
        }
        if list.len() == 1 {
            Ok(first)
        } else {
            Ok(Value::Array(list))
        }
    }

    fn backtrack_to(&mut self, c: char) {
        while self.index > 0 && self.current() != Some(c) {
            self.index -= 1;
        }
    }

    fn match_word(&self, follow: fn(char) -> bool) -> usize {
        let mut i = self.index;
        let mut first = true;
        loop {
            let c = self.input.get(i).copied();
            if c == Some('\\') && self.input.get(i + 1) == Some(&',') {
                i += 2;
                first = false;
                continue;
            }
            match c {
                Some(c) if (first && is_start_word(c)) || (!first && follow(c)) => {
                    i += 1;
                    first = false;
                }
                _ => break,
            }
        }
        i - self.index
    }

    fn take_word(&mut self, len: usize) -> String {
        let s: String = self
            .input
            .get(self.index..self.index + len)
            .unwrap_or(&[])
            .iter()
            .collect();
        self.index += len;
        s.replace("\\,", ",").trim_end().to_string()
    }

    fn first_value(&mut self) -> Result<Value, String> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => {
                let len = self.match_word(is_first_follow);
                Ok(Value::String(self.take_word(len)))
            }
        }
    }

    fn second_value(&mut self) -> Result<Value, String> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => {
                let len = self.match_word(is_second_follow);
                if len == 0 {
                    return Err(format!(
                        "Expected: '<second>', received: '<none>' for input:\n{}",
                        self.location()
                    ));
                }
                Ok(Value::String(self.take_word(len)))
            }
        }
    }

    fn quoted(&mut self, q: char) -> Result<Value, String> {
        let start = self.index;
        let mut i = self.index + 1;
        loop {
            match self.input.get(i) {
                None => {
                    let name = if q == '\'' {
                        "singled quoted"
                    } else {
                        "double quoted"
                    };
                    return Err(format!(
                        "Expected: '<{name}>', received: '<none>' for input:\n{}",
                        self.location()
                    ));
                }
                Some('\\') if self.input.get(i + 1) == Some(&q) => i += 2,
                Some(c) if *c == q => break,
                Some(_) => i += 1,
            }
        }
        let inner: String = self.input.get(start + 1..i).unwrap_or(&[]).iter().collect();
        self.index = i + 1;
        let unescaped = inner
            .replace(&format!("\\{q}"), &q.to_string())
            .replace("\\\\", "\\");
        Ok(Value::String(unescaped))
    }

    fn explicit_list(&mut self) -> Result<Value, String> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            if self.at_eof() {
                return Err(self.syntax_error("]"));
            }
            values.push(self.explicit_values()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(Value::Array(values))
    }

    fn explicit_values(&mut self) -> Result<Value, String> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value(),
        }
    }

    fn hash_literal(&mut self) -> Result<Value, String> {
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            if self.at_eof() {
                return Err(self.syntax_error("}"));
            }
            let key = self.key();
            self.expect('=', true)?;
            let v = self.explicit_values()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            map.insert(key, v);
        }
        self.expect('}', false)?;
        Ok(Value::Object(map))
    }
}

/// Parses shorthand syntax into JSON (exposed for tests and the help text).
pub fn parse_shorthand(text: &str) -> Result<Value, String> {
    Shorthand::new(text).parse()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static TAG: Shape = Shape::Struct(&[("Key", &Shape::Str), ("Value", &Shape::Str)]);
    static FILTER: Shape = Shape::Struct(&[("Name", &Shape::Str), ("Values", &STR_LIST)]);
    static STR_LIST: Shape = Shape::List(&Shape::Str);
    static FILTERS: Shape = Shape::List(&FILTER);
    static IP_RANGE: Shape =
        Shape::Struct(&[("CidrIp", &Shape::Str), ("Description", &Shape::Str)]);
    static IP_PERMISSION: Shape = Shape::Struct(&[
        ("IpProtocol", &Shape::Str),
        ("FromPort", &Shape::Int),
        ("ToPort", &Shape::Int),
        ("IpRanges", &Shape::List(&IP_RANGE)),
    ]);
    static IP_PERMISSIONS: Shape = Shape::List(&IP_PERMISSION);
    static TAG_SPEC: Shape =
        Shape::Struct(&[("ResourceType", &Shape::Str), ("Tags", &Shape::List(&TAG))]);
    static ATTR_BOOL: Shape = Shape::Struct(&[("Value", &Shape::Bool)]);
    static ATTR_STR: Shape = Shape::Struct(&[("Value", &Shape::Str)]);

    const SPEC: &[Param] = &[
        Param {
            name: "key-name",
            member: "KeyName",
            shape: &Shape::Str,
            required: true,
        },
        Param {
            name: "count",
            member: "@count",
            shape: &Shape::Str,
            required: false,
        },
        Param {
            name: "max-results",
            member: "MaxResults",
            shape: &Shape::Int,
            required: false,
        },
        Param {
            name: "instance-ids",
            member: "InstanceIds",
            shape: &STR_LIST,
            required: false,
        },
        Param {
            name: "filters",
            member: "Filters",
            shape: &FILTERS,
            required: false,
        },
        Param {
            name: "ip-permissions",
            member: "IpPermissions",
            shape: &IP_PERMISSIONS,
            required: false,
        },
        Param {
            name: "tag-specifications",
            member: "TagSpecifications",
            shape: &Shape::List(&TAG_SPEC),
            required: false,
        },
        Param {
            name: "dry-run",
            member: "DryRun",
            shape: &Shape::Bool,
            required: false,
        },
        Param {
            name: "disable-api-termination",
            member: "DisableApiTermination",
            shape: &ATTR_BOOL,
            required: false,
        },
        Param {
            name: "instance-type",
            member: "InstanceType",
            shape: &ATTR_STR,
            required: false,
        },
        Param {
            name: "public-key-material",
            member: "PublicKeyMaterial",
            shape: &Shape::Blob,
            required: false,
        },
    ];

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    fn no_files(path: &str) -> Result<String, String> {
        if path == "k.pub" {
            Ok("ssh-ed25519 AAAA x\n".into())
        } else {
            Err("[Errno 2] No such file or directory".to_string())
        }
    }

    fn parse(s: &str) -> Result<ParsedParams, ArgError> {
        parse_params(&words(s), SPEC, &no_files)
    }

    #[test]
    fn shorthand_matches_the_cli() {
        // Expected values come from awscli.shorthand.ShorthandParser.
        assert_eq!(parse_shorthand("a=b").unwrap(), json!({"a": "b"}));
        assert_eq!(parse_shorthand("a=b,c").unwrap(), json!({"a": ["b", "c"]}));
        assert_eq!(
            parse_shorthand("Name=instance-state-name,Values=running,stopped").unwrap(),
            json!({"Name": "instance-state-name", "Values": ["running", "stopped"]})
        );
        assert_eq!(
            parse_shorthand(
                "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=203.0.113.5/32}]"
            )
            .unwrap(),
            json!({"IpProtocol": "tcp", "FromPort": "22", "ToPort": "22", "IpRanges": [{"CidrIp": "203.0.113.5/32"}]})
        );
        assert_eq!(
            parse_shorthand("ResourceType=instance,Tags=[{Key=Name,Value=web}]").unwrap(),
            json!({"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]})
        );
        assert_eq!(
            parse_shorthand("Key=Name,Value='my web'").unwrap(),
            json!({"Key": "Name", "Value": "my web"})
        );
        assert_eq!(parse_shorthand("a=b\\,c").unwrap(), json!({"a": "b,c"}));
        assert_eq!(parse_shorthand("a=").unwrap(), json!({"a": ""}));
        assert_eq!(
            parse_shorthand("Name").unwrap_err(),
            "Expected: '=', received: 'EOF' for input:\nName\n    ^"
        );
        assert!(
            parse_shorthand("a=b,a=c")
                .unwrap_err()
                .starts_with("Second instance of key \"a\"")
        );
        assert!(parse_shorthand("a=[b,c").is_err());
        assert!(parse_shorthand("a={b=c").is_err());
    }

    #[test]
    fn options_become_members() {
        let p = parse("--key-name web --max-results 5 --instance-ids i-1 i-2 --dry-run").unwrap();
        assert_eq!(
            Value::Object(p.params),
            json!({"KeyName": "web", "MaxResults": 5, "InstanceIds": ["i-1", "i-2"], "DryRun": true})
        );
        let p = parse("--key-name=web --no-dry-run --count 2:3").unwrap();
        assert_eq!(p.params.get("DryRun"), Some(&json!(false)));
        assert_eq!(
            p.custom,
            vec![("@count".to_string(), Some("2:3".to_string()))]
        );
    }

    #[test]
    fn structured_values() {
        let p = parse("--key-name k --filters Name=instance-state-name,Values=running Name=tag:Name,Values=web").unwrap();
        assert_eq!(
            p.params.get("Filters"),
            Some(
                &json!([{"Name": "instance-state-name", "Values": ["running"]}, {"Name": "tag:Name", "Values": ["web"]}])
            )
        );
        let p = parse_params(
            &[
                "--key-name".into(),
                "k".into(),
                "--filters".into(),
                r#"[{"Name":"x","Values":["a"]}]"#.into(),
            ],
            SPEC,
            &no_files,
        )
        .unwrap();
        assert_eq!(
            p.params.get("Filters"),
            Some(&json!([{"Name": "x", "Values": ["a"]}]))
        );
        let p = parse("--key-name k --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]").unwrap();
        assert_eq!(
            p.params.get("IpPermissions"),
            Some(
                &json!([{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
            )
        );
        let p = parse("--key-name k --disable-api-termination --instance-type t3.small").unwrap();
        assert_eq!(
            p.params.get("DisableApiTermination"),
            Some(&json!({"Value": true}))
        );
        assert_eq!(
            p.params.get("InstanceType"),
            Some(&json!({"Value": "t3.small"}))
        );
        let p =
            parse("--key-name k --enable-api-termination --instance-type Value=t3.micro").unwrap();
        assert_eq!(
            p.params.get("DisableApiTermination"),
            Some(&json!({"Value": false}))
        );
        assert_eq!(
            p.params.get("InstanceType"),
            Some(&json!({"Value": "t3.micro"}))
        );
    }

    #[test]
    fn blobs_and_files() {
        let p = parse("--key-name k --public-key-material fileb://k.pub").unwrap();
        assert_eq!(
            p.params.get("PublicKeyMaterial"),
            Some(&json!("ssh-ed25519 AAAA x\n"))
        );
        assert_eq!(
            parse("--key-name k --public-key-material file://k.pub").unwrap_err(),
            ArgError::Param("Invalid base64: \"ssh-ed25519 AAAA x\n\"".into())
        );
        let encoded = base64_encode(b"ssh-ed25519 AAAA x");
        let p = parse(&format!("--key-name k --public-key-material {encoded}")).unwrap();
        assert_eq!(
            p.params.get("PublicKeyMaterial"),
            Some(&json!("ssh-ed25519 AAAA x"))
        );
        assert!(matches!(
            parse("--key-name k --public-key-material fileb://nope"),
            Err(ArgError::Param(m)) if m == "Error parsing parameter '--public-key-material': Unable to load paramfile fileb://nope: [Errno 2] No such file or directory: 'nope'"
        ));
        assert_eq!(base64_decode("aGk="), Some(b"hi".to_vec()));
        assert_eq!(base64_decode("a b"), None);
        assert_eq!(base64_encode(b"hi"), "aGk=");
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse("--max-results 5").unwrap_err(),
            ArgError::Usage("the following arguments are required: --key-name".into())
        );
        assert_eq!(
            parse("--key-name").unwrap_err(),
            ArgError::Usage("argument --key-name: expected one argument".into())
        );
        assert_eq!(
            parse("--key-name k --bogus 1 --no-disable-api-termination").unwrap_err(),
            ArgError::Unknown("Unknown options: --bogus, 1, --no-disable-api-termination".into())
        );
        assert_eq!(
            parse("--key-name k --filters Name").unwrap_err(),
            ArgError::Param("Error parsing parameter '--filters': Expected: '=', received: 'EOF' for input:\nName\n    ^".into())
        );
        assert_eq!(
            parse("--key-name k --max-results x").unwrap_err(),
            ArgError::Param("Error parsing parameter '--max-results': invalid literal for int() with base 10: 'x'".into())
        );
        let err = parse_params(
            &[
                "--key-name".into(),
                "k".into(),
                "--ip-permissions".into(),
                r#"[{"FromPort":"22"}]"#.into(),
            ],
            SPEC,
            &no_files,
        )
        .unwrap_err();
        assert_eq!(
            err,
            ArgError::Param("Parameter validation failed:\nInvalid type for parameter IpPermissions[0].FromPort, value: 22, type: <class 'str'>, valid types: <class 'int'>".into())
        );
        let err = parse("--key-name k --filters Nme=x,Values=y").unwrap_err();
        assert!(
            matches!(err, ArgError::Param(m) if m.contains("Unknown parameter in Filters[0]: \"Nme\""))
        );
    }

    #[test]
    fn globals_and_choices() {
        let (g, rest) = split_globals(&words(
            "ec2 describe-instances --output text --query X --region us-east-1 --no-cli-pager",
        ))
        .unwrap();
        assert_eq!(g.output.as_deref(), Some("text"));
        assert_eq!(g.query.as_deref(), Some("X"));
        assert_eq!(g.region.as_deref(), Some("us-east-1"));
        assert_eq!(rest, words("ec2 describe-instances"));
        let err = split_globals(&words("--output txt")).unwrap_err();
        assert!(
            matches!(err, ArgError::Usage(m) if m.contains("Invalid choice: 'txt', maybe you meant:\n\n  * text"))
        );
        assert!(similarity("describe-instance", "describe-instances") > 0.9);
        assert!(similarity("abc", "xyz") < 0.1);
    }
}
