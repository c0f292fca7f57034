//! Policy documents: IAM's validation (`MalformedPolicyDocument` with IAM's
//! messages) and the typed [`PolicyDocument`] the evaluator reads.
//!
//! Validation runs in IAM's order, and the first failing phase decides the
//! message:
//! 1. syntax — JSON, known elements, value types → `Syntax errors in policy.`
//! 2. version — managed policies must say `2012-10-17`
//!    → `Policy document must be version 2012-10-17 or greater.`
//! 3. "legacy parsing" — case-sensitive `Effect`, date condition values,
//!    ARN shape → `The policy failed legacy parsing`
//! 4. unique `Sid`s, 5. every statement has actions, 6. resource format
//!    messages (`Resource x must be in ARN format or "*".`, partitions, IAM
//!    and S3 region rules), 7. action vendor prefixes, 8. every statement has
//!    resources (identity policies).
//!
//! Then the rules by kind of document: identity policies may not name a
//! principal; trust policies must name one, may only allow STS actions and
//! may not name resources.
//!
//! The phases follow the reference behaviour recorded in
//! `fidelity/cases/iam_policy_document_validation.json` (IAM as moto models
//! it). Where that model accepts less than IAM's documentation (inline and
//! trust policies without `Version`, which default to `2008-10-17`), the
//! documentation wins.

use std::fmt;

use super::json::{self, Node, Position, Value};

/// The policy language versions IAM accepts.
pub const VALID_VERSIONS: [&str; 2] = ["2008-10-17", "2012-10-17"];

/// The partitions an ARN may name.
pub const PARTITIONS: [&str; 6] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-eusc",
];

const TOP_ELEMENTS: [&str; 4] = ["Version", "Id", "Statement", "Conditions"];

const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Condition",
];

const IAM_RESOURCE_PREFIXES: [&str; 13] = [
    "user/",
    "federated-user/",
    "role/",
    "group/",
    "instance-profile/",
    "mfa/",
    "server-certificate/",
    "policy/",
    "sms-mfa/",
    "saml-provider/",
    "oidc-provider/",
    "report/",
    "access-report/",
];

/// The STS actions a trust policy may name.
const TRUST_ACTIONS: [&str; 11] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:DecodeAuthorizationMessage",
    "sts:GetAccessKeyInfo",
    "sts:GetCallerIdentity",
    "sts:GetFederationToken",
    "sts:GetServiceBearerToken",
    "sts:GetSessionToken",
    "sts:SetSourceIdentity",
    "sts:TagSession",
];

/// What a document is for; each kind has its own rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// A managed policy (`CreatePolicy`, `CreatePolicyVersion`): must say
    /// `Version: 2012-10-17`.
    Managed,
    /// An inline policy of a user, group or role.
    Inline,
    /// A role's trust policy (`AssumeRolePolicyDocument`).
    Trust,
    /// A resource-based policy (as given to the policy simulator).
    Resource,
}

/// A policy document IAM refuses: the `MalformedPolicyDocument` message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MalformedPolicy {
    /// IAM's message, e.g. `Syntax errors in policy.`
    pub message: String,
}

impl MalformedPolicy {
    fn new(message: impl Into<String>) -> MalformedPolicy {
        MalformedPolicy {
            message: message.into(),
        }
    }
}

impl fmt::Display for MalformedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The policy language version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyVersion {
    /// `2012-10-17`: policy variables are substituted.
    V2012_10_17,
    /// `2008-10-17` (also what a missing `Version` means): `${...}` is literal text.
    V2008_10_17,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

/// `Action` or `NotAction` with its patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionSpec {
    /// The statement applies to these actions.
    Action(Vec<String>),
    /// The statement applies to every action except these.
    NotAction(Vec<String>),
}

/// `Resource` or `NotResource` with its patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceSpec {
    /// The statement applies to these resources.
    Resource(Vec<String>),
    /// The statement applies to every resource except these.
    NotResource(Vec<String>),
}

/// A `Principal` or `NotPrincipal` element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalSpec {
    /// `"*"`: everyone.
    Anyone,
    /// `{"AWS": [...], "Service": [...], ...}`: principal type to identifiers.
    Typed(Vec<(String, Vec<String>)>),
}

/// A set qualifier on a condition operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    /// `ForAllValues:` every value in the request must match.
    ForAllValues,
    /// `ForAnyValue:` at least one value in the request must match.
    ForAnyValue,
}

/// A condition operator without its qualifier and `IfExists` suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseOperator {
    /// `StringEquals`.
    StringEquals,
    /// `StringNotEquals`.
    StringNotEquals,
    /// `StringEqualsIgnoreCase`.
    StringEqualsIgnoreCase,
    /// `StringNotEqualsIgnoreCase`.
    StringNotEqualsIgnoreCase,
    /// `StringLike`.
    StringLike,
    /// `StringNotLike`.
    StringNotLike,
    /// `NumericEquals`.
    NumericEquals,
    /// `NumericNotEquals`.
    NumericNotEquals,
    /// `NumericLessThan`.
    NumericLessThan,
    /// `NumericLessThanEquals`.
    NumericLessThanEquals,
    /// `NumericGreaterThan`.
    NumericGreaterThan,
    /// `NumericGreaterThanEquals`.
    NumericGreaterThanEquals,
    /// `DateEquals`.
    DateEquals,
    /// `DateNotEquals`.
    DateNotEquals,
    /// `DateLessThan`.
    DateLessThan,
    /// `DateLessThanEquals`.
    DateLessThanEquals,
    /// `DateGreaterThan`.
    DateGreaterThan,
    /// `DateGreaterThanEquals`.
    DateGreaterThanEquals,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    BinaryEquals,
    /// `IpAddress`.
    IpAddress,
    /// `NotIpAddress`.
    NotIpAddress,
    /// `ArnEquals`.
    ArnEquals,
    /// `ArnLike`.
    ArnLike,
    /// `ArnNotEquals`.
    ArnNotEquals,
    /// `ArnNotLike`.
    ArnNotLike,
    /// `Null`.
    Null,
}

impl BaseOperator {
    /// Every operator with its name.
    pub const ALL: [(&'static str, BaseOperator); 27] = [
        ("StringEquals", BaseOperator::StringEquals),
        ("StringNotEquals", BaseOperator::StringNotEquals),
        (
            "StringEqualsIgnoreCase",
            BaseOperator::StringEqualsIgnoreCase,
        ),
        (
            "StringNotEqualsIgnoreCase",
            BaseOperator::StringNotEqualsIgnoreCase,
        ),
        ("StringLike", BaseOperator::StringLike),
        ("StringNotLike", BaseOperator::StringNotLike),
        ("NumericEquals", BaseOperator::NumericEquals),
        ("NumericNotEquals", BaseOperator::NumericNotEquals),
        ("NumericLessThan", BaseOperator::NumericLessThan),
        ("NumericLessThanEquals", BaseOperator::NumericLessThanEquals),
        ("NumericGreaterThan", BaseOperator::NumericGreaterThan),
        (
            "NumericGreaterThanEquals",
            BaseOperator::NumericGreaterThanEquals,
        ),
        ("DateEquals", BaseOperator::DateEquals),
        ("DateNotEquals", BaseOperator::DateNotEquals),
        ("DateLessThan", BaseOperator::DateLessThan),
        ("DateLessThanEquals", BaseOperator::DateLessThanEquals),
        ("DateGreaterThan", BaseOperator::DateGreaterThan),
        ("DateGreaterThanEquals", BaseOperator::DateGreaterThanEquals),
        ("Bool", BaseOperator::Bool),
        ("BinaryEquals", BaseOperator::BinaryEquals),
        ("IpAddress", BaseOperator::IpAddress),
        ("NotIpAddress", BaseOperator::NotIpAddress),
        ("ArnEquals", BaseOperator::ArnEquals),
        ("ArnLike", BaseOperator::ArnLike),
        ("ArnNotEquals", BaseOperator::ArnNotEquals),
        ("ArnNotLike", BaseOperator::ArnNotLike),
        ("Null", BaseOperator::Null),
    ];

    /// The operator with this exact (case-sensitive) name.
    pub fn parse(name: &str) -> Option<BaseOperator> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, op)| *op)
    }

    /// Whether the operator is a negated match (true when the key is missing).
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            BaseOperator::StringNotEquals
                | BaseOperator::StringNotEqualsIgnoreCase
                | BaseOperator::StringNotLike
                | BaseOperator::NumericNotEquals
                | BaseOperator::DateNotEquals
                | BaseOperator::NotIpAddress
                | BaseOperator::ArnNotEquals
                | BaseOperator::ArnNotLike
        )
    }
}

/// A parsed condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionOperator {
    /// `ForAllValues:` / `ForAnyValue:`, if any.
    pub qualifier: Option<SetQualifier>,
    /// The operator; `None` for a name IAM does not know (only allowed with
    /// an empty block, which then tests nothing).
    pub base: Option<BaseOperator>,
    /// The `IfExists` suffix.
    pub if_exists: bool,
}

impl ConditionOperator {
    /// Splits an operator name into qualifier, operator and suffix, as IAM
    /// does (one prefix, then one suffix).
    pub fn parse(name: &str) -> ConditionOperator {
        let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else {
            (None, name)
        };
        let (if_exists, base) = match rest.strip_suffix("IfExists") {
            Some(base) => (true, base),
            None => (false, rest),
        };
        ConditionOperator {
            qualifier,
            base: BaseOperator::parse(base),
            if_exists,
        }
    }
}

/// One operator block of a `Condition`: the operator and, for each key, the
/// values to compare with (ORed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionBlock {
    /// The operator's name as written.
    pub operator_name: String,
    /// The parsed operator.
    pub operator: ConditionOperator,
    /// Condition key and its values (JSON booleans and numbers as text).
    pub entries: Vec<(String, Vec<String>)>,
}

/// One statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// `Sid`, if given.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal`, if given.
    pub principal: Option<PrincipalSpec>,
    /// `NotPrincipal`, if given.
    pub not_principal: Option<PrincipalSpec>,
    /// `Action` or `NotAction`.
    pub action: ActionSpec,
    /// `Resource` or `NotResource` (absent in trust policies).
    pub resource: Option<ResourceSpec>,
    /// The `Condition` blocks (ANDed).
    pub conditions: Vec<ConditionBlock>,
    /// Where the statement's `{` is.
    pub start: Position,
    /// Just after its `}`.
    pub end: Position,
}

/// A validated policy document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDocument {
    /// `Version` (`2008-10-17` when absent).
    pub version: PolicyVersion,
    /// Whether `Version` was written.
    pub version_given: bool,
    /// `Id`, if given.
    pub id: Option<String>,
    /// The statements in order.
    pub statements: Vec<Statement>,
}

impl PolicyDocument {
    /// Parses and validates `text` as a document of `kind`, with IAM's
    /// `MalformedPolicyDocument` message when it is refused.
    pub fn parse(text: &str, kind: DocumentKind) -> Result<PolicyDocument, MalformedPolicy> {
        let root = json::parse(text).map_err(|_| MalformedPolicy::new(SYNTAX))?;
        let statements = validate(&root, kind)?;
        build(&root, &statements)
    }

    /// Whether evaluating the document reads the request context: a `Condition`, or a
    /// policy variable (`${aws:username}`) in a resource. Without either, the
    /// request's context keys are never looked at.
    pub fn reads_context(&self) -> bool {
        self.statements.iter().any(|statement| {
            !statement.conditions.is_empty()
                || match &statement.resource {
                    Some(ResourceSpec::Resource(list) | ResourceSpec::NotResource(list)) => {
                        list.iter().any(|p| p.contains("${"))
                    }
                    None => false,
                }
        })
    }

    /// Parses a document this model already accepted (a stored policy). A
    /// document that no longer parses yields no statements (grants nothing).
    ///
    /// Every authorized call reads the caller's policies, so parsed documents are
    /// kept per thread, by kind and text (a pure function of both).
    pub fn parse_stored(text: &str, kind: DocumentKind) -> PolicyDocument {
        thread_local! {
            static PARSED: std::cell::RefCell<std::collections::HashMap<(String, u8), PolicyDocument>> =
                std::cell::RefCell::new(std::collections::HashMap::new());
        }
        /// Enough for every policy of a lab account; past it the cache starts over.
        const KEPT: usize = 512;
        let key = (text.to_string(), kind as u8);
        if let Some(parsed) = PARSED.with(|cache| cache.borrow().get(&key).cloned()) {
            return parsed;
        }
        let parsed = PolicyDocument::parse(text, kind).unwrap_or(PolicyDocument {
            version: PolicyVersion::V2008_10_17,
            version_given: false,
            id: None,
            statements: Vec::new(),
        });
        PARSED.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.len() >= KEPT {
                cache.clear();
            }
            cache.insert(key, parsed.clone());
        });
        parsed
    }
}

const SYNTAX: &str = "Syntax errors in policy.";
const VERSION: &str = "Policy document must be version 2012-10-17 or greater.";
const LEGACY: &str = "The policy failed legacy parsing";

/// The statement objects of a syntactically valid document.
type Statements<'a> = Vec<&'a Node>;

fn members(node: &Node) -> &[(String, Node)] {
    match &node.value {
        Value::Object(m) => m,
        _ => &[],
    }
}

fn validate(root: &Node, kind: DocumentKind) -> Result<Statements<'_>, MalformedPolicy> {
    let statements = validate_syntax(root).ok_or_else(|| MalformedPolicy::new(SYNTAX))?;
    if kind == DocumentKind::Managed
        && root.value.get("Version").and_then(|v| v.value.as_str()) != Some("2012-10-17")
    {
        return Err(MalformedPolicy::new(VERSION));
    }
    for statement in &statements {
        legacy_parse_statement(statement).ok_or_else(|| MalformedPolicy::new(LEGACY))?;
    }
    let resource_error =
        validate_resource_formats(&statements).ok_or_else(|| MalformedPolicy::new(LEGACY))?;
    validate_sid_uniqueness(&statements)?;
    validate_actions_exist(&statements)?;
    if let Some(message) = resource_error {
        return Err(MalformedPolicy::new(message));
    }
    for key in ["Action", "NotAction"] {
        for statement in &statements {
            if let Some(node) = statement.value.get(key) {
                for action in string_items(node) {
                    validate_action_prefix(action)?;
                }
            }
        }
    }
    match kind {
        DocumentKind::Managed | DocumentKind::Inline => {
            validate_resources_exist(&statements)?;
            if statements.iter().any(|s| {
                s.value.get("Principal").is_some() || s.value.get("NotPrincipal").is_some()
            }) {
                return Err(MalformedPolicy::new(
                    "Policy document should not specify a principal.",
                ));
            }
        }
        DocumentKind::Trust => {
            for statement in &statements {
                let allowed = statement
                    .value
                    .get("Action")
                    .is_some_and(|a| string_items(a).all(|x| TRUST_ACTIONS.contains(&x)));
                if !allowed {
                    return Err(MalformedPolicy::new(
                        "Trust Policy statement actions can only be sts:AssumeRole, \
                         sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity",
                    ));
                }
            }
            if statements
                .iter()
                .any(|s| s.value.get("Resource").is_some() || s.value.get("NotResource").is_some())
            {
                return Err(MalformedPolicy::new("Has prohibited field Resource."));
            }
            if statements.iter().any(|s| {
                s.value.get("Principal").is_none() && s.value.get("NotPrincipal").is_none()
            }) {
                return Err(MalformedPolicy::new("Missing required field Principal"));
            }
        }
        DocumentKind::Resource => {}
    }
    Ok(statements)
}

/// The string items of a string-or-list element (nulls skipped).
fn string_items(node: &Node) -> impl Iterator<Item = &str> {
    let items: Vec<&str> = match &node.value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(|i| i.value.as_str()).collect(),
        _ => Vec::new(),
    };
    items.into_iter()
}

fn validate_syntax(root: &Node) -> Option<Statements<'_>> {
    let top = match &root.value {
        Value::Object(m) => m,
        _ => return None,
    };
    if !top.iter().all(|(k, _)| TOP_ELEMENTS.contains(&k.as_str())) {
        return None;
    }
    if let Some(version) = root.value.get("Version")
        && !version
            .value
            .as_str()
            .is_some_and(|v| VALID_VERSIONS.contains(&v))
    {
        return None;
    }
    if let Some(id) = root.value.get("Id")
        && id.value.as_str().is_none()
    {
        return None;
    }
    let statement = root.value.get("Statement")?;
    let statements: Statements<'_> = match &statement.value {
        Value::Object(_) => vec![statement],
        Value::Array(items) => items.iter().collect(),
        _ => return None,
    };
    if statements.is_empty() {
        return None;
    }
    for s in &statements {
        validate_statement_syntax(s)?;
    }
    Some(statements)
}

fn validate_statement_syntax(statement: &Node) -> Option<()> {
    if !statement.value.is_object() {
        return None;
    }
    let m = members(statement);
    if !m
        .iter()
        .all(|(k, _)| STATEMENT_ELEMENTS.contains(&k.as_str()))
    {
        return None;
    }
    let has = |k: &str| statement.value.get(k).is_some();
    if (has("Resource") && has("NotResource")) || (has("Action") && has("NotAction")) {
        return None;
    }
    let effect = statement.value.get("Effect")?.value.as_str()?;
    if !["allow", "deny"].contains(&effect.to_lowercase().as_str()) {
        return None;
    }
    for key in ["Action", "NotAction", "Resource", "NotResource"] {
        if let Some(node) = statement.value.get(key) {
            match &node.value {
                Value::String(_) => {}
                Value::Array(items) => {
                    if !items
                        .iter()
                        .all(|i| matches!(i.value, Value::String(_) | Value::Null))
                    {
                        return None;
                    }
                }
                _ => return None,
            }
        }
    }
    if let Some(condition) = statement.value.get("Condition") {
        let Value::Object(blocks) = &condition.value else {
            return None;
        };
        for (operator, block) in blocks {
            let Value::Object(entries) = &block.value else {
                return None;
            };
            // IAM's grammar allows strings, numbers and booleans (or a list).
            if !entries.iter().all(|(_, v)| {
                matches!(
                    v.value,
                    Value::Bool(_) | Value::Array(_) | Value::String(_) | Value::Number(_)
                )
            }) {
                return None;
            }
            if ConditionOperator::parse(operator).base.is_none() && !entries.is_empty() {
                return None;
            }
        }
    }
    if let Some(sid) = statement.value.get("Sid")
        && sid.value.as_str().is_none()
    {
        return None;
    }
    Some(())
}

fn legacy_parse_statement(statement: &Node) -> Option<()> {
    let effect = statement.value.get("Effect")?.value.as_str()?;
    if effect != "Allow" && effect != "Deny" {
        return None;
    }
    if let Some(condition) = statement.value.get("Condition") {
        for (operator, block) in members(condition) {
            if !strip_operator(operator).starts_with("Date") {
                continue;
            }
            for (_, value) in members(block) {
                match &value.value {
                    Value::String(s) => legacy_parse_date(s)?,
                    Value::Number(n) => in_range(n, 0, 9_223_372_036_854_775_807)?,
                    Value::Array(items) => {
                        for item in items {
                            legacy_parse_date(item.value.as_str()?)?;
                        }
                    }
                    _ => return None,
                }
            }
        }
    }
    Some(())
}

/// The operator name without one `ForAnyValue:`/`ForAllValues:` prefix and one
/// `IfExists` suffix.
fn strip_operator(name: &str) -> &str {
    let rest = name
        .strip_prefix("ForAnyValue:")
        .or_else(|| name.strip_prefix("ForAllValues:"))
        .unwrap_or(name);
    rest.strip_suffix("IfExists").unwrap_or(rest)
}

/// Python's `int()` on a string: surrounding whitespace, an optional sign,
/// ASCII digits with single underscores between them. `None` when it is not
/// an integer or does not fit in an `i128` (always out of every range IAM
/// checks).
pub(crate) fn python_int(text: &str) -> Option<i128> {
    let t = text.trim();
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut value: i128 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(10)?;
        value = value.checked_mul(10)?.checked_add(i128::from(d))?;
    }
    Some(if negative { -value } else { value })
}

fn in_range(text: &str, lo: i128, hi: i128) -> Option<()> {
    let v = python_int(text)?;
    (lo..=hi).contains(&v).then_some(())
}

fn legacy_parse_date(value: &str) -> Option<()> {
    let lower = value.to_lowercase();
    if lower.contains('t') || value.contains('-') {
        validate_iso_8601(&lower)
    } else {
        in_range(value, 0, 9_223_372_036_854_775_807)
    }
}

fn partition3<'a>(s: &'a str, sep: &str) -> (&'a str, bool, &'a str) {
    match s.split_once(sep) {
        Some((a, b)) => (a, true, b),
        None => (s, false, ""),
    }
}

fn validate_iso_8601(datetime: &str) -> Option<()> {
    let (date, _, time) = partition3(datetime, "t");
    let negative_year = date.starts_with('-');
    let date_parts: Vec<&str> = if negative_year {
        date.get(1..)?.split('-').collect()
    } else {
        date.split('-').collect()
    };
    let year = date_parts.first()?;
    let year = if negative_year {
        format!("-{year}")
    } else {
        year.to_string()
    };
    in_range(&year, -292_275_054, 292_278_993)?;
    if let Some(month) = date_parts.get(1) {
        in_range(month, 1, 12)?;
    }
    if let Some(day) = date_parts.get(2) {
        in_range(day, 1, 31)?;
    }
    if date_parts.len() >= 4 {
        return None;
    }
    let time_parts: Vec<&str> = time.split(':').collect();
    if let Some(hours) = time_parts.first()
        && !hours.is_empty()
    {
        in_range(hours, 0, 23)?;
    }
    if let Some(minutes) = time_parts.get(1) {
        in_range(minutes, 0, 59)?;
    }
    if let Some(third) = time_parts.get(2) {
        let seconds_with_fraction = if third.contains('z') {
            let (seconds, _, after) = partition3(third, "z");
            if !after.is_empty() {
                return None;
            }
            seconds
        } else if third.contains('+') {
            let (seconds, _, zone) = partition3(third, "+");
            let (zone_hours, has_minutes, zone_minutes) = partition3(zone, ":");
            if zone_hours.chars().count() != 2 {
                return None;
            }
            in_range(zone_hours, 0, 23)?;
            if has_minutes {
                if zone_minutes.chars().count() != 2 {
                    return None;
                }
                in_range(zone_minutes, 0, 59)?;
            }
            seconds
        } else {
            third
        };
        let (seconds, has_fraction, fraction) = partition3(seconds_with_fraction, ".");
        in_range(seconds, 0, 59)?;
        if has_fraction {
            in_range(fraction, 0, 999_999_999)?;
        }
    }
    Some(())
}

/// Checks every `Resource`, then every `NotResource`. Returns the resource
/// format message IAM will report later (the last one found), or `None`
/// when the ARN-shape ("legacy") check fails outright.
fn validate_resource_formats(statements: &Statements<'_>) -> Option<Option<String>> {
    let mut error: Option<String> = None;
    for key in ["Resource", "NotResource"] {
        for statement in statements {
            let Some(node) = statement.value.get(key) else {
                continue;
            };
            let resources: Vec<&str> = match &node.value {
                Value::String(s) => vec![s.as_str()],
                Value::Array(items) => {
                    let mut list: Vec<&str> = items
                        .iter()
                        .filter_map(|i| i.value.as_str())
                        .filter(|s| !s.is_empty())
                        .collect();
                    list.sort_unstable_by(|a, b| b.cmp(a));
                    list
                }
                _ => Vec::new(),
            };
            for resource in &resources {
                if let Some(message) = resource_format_error(resource) {
                    error = Some(message);
                }
            }
            if error.is_none() {
                for resource in &resources {
                    if *resource == "*" {
                        continue;
                    }
                    let colons = resource.matches(':').count();
                    if colons < 5 && resource.contains("::") {
                        return None;
                    }
                    if resource.split(':').nth(2).is_none_or(str::is_empty) {
                        return None;
                    }
                }
            }
        }
    }
    Some(error)
}

fn resource_format_error(resource: &str) -> Option<String> {
    if resource == "*" {
        return None;
    }
    let (_, has_colon, after_prefix) = partition3(resource, ":");
    if !has_colon {
        return Some(format!(
            "Resource {resource} must be in ARN format or \"*\"."
        ));
    }
    let (partition, has_sep, remaining) = partition3(after_prefix, ":");
    if partition != "*" && !PARTITIONS.contains(&partition) {
        let parts: Vec<&str> = remaining.split(':').collect();
        let part = |i: usize| parts.get(i).copied().unwrap_or("*");
        let arn1 = if parts.len() > 1 || !part(0).is_empty() {
            part(0)
        } else {
            "*"
        };
        let arn4 = if parts.len() > 3 {
            parts.get(3..).map(|p| p.join(":")).unwrap_or_default()
        } else {
            "*".to_string()
        };
        return Some(format!(
            "Partition \"{partition}\" is not valid for resource \"arn:{partition}:{arn1}:{}:{}:{arn4}\".",
            part(1),
            part(2)
        ));
    }
    if !has_sep {
        return Some("Resource vendor must be fully qualified and cannot contain regexes.".into());
    }
    let (service, _, region_and_rest) = partition3(remaining, ":");
    let (_, _, after_region) = partition3(region_and_rest, ":");
    let (_, _, resource_id) = partition3(after_region, ":");
    if (service == "iam" || service == "s3") && !region_and_rest.starts_with(':') {
        if service == "s3" && resource_id.starts_with("accesspoint/") {
            // S3 access points live in a region.
        } else if service == "iam" {
            return Some(format!(
                "IAM resource {resource} cannot contain region information."
            ));
        } else {
            return Some(format!(
                "Resource {resource} can not contain region information."
            ));
        }
    }
    if service == "iam"
        && !IAM_RESOURCE_PREFIXES
            .iter()
            .any(|p| resource_id.starts_with(p))
    {
        return Some(format!(
            "IAM resource path must either be \"*\" or start with {}.",
            IAM_RESOURCE_PREFIXES.join(", ")
        ));
    }
    None
}

fn validate_sid_uniqueness(statements: &Statements<'_>) -> Result<(), MalformedPolicy> {
    let mut seen: Vec<&str> = Vec::new();
    for statement in statements {
        if let Some(sid) = statement.value.get("Sid").and_then(|s| s.value.as_str())
            && !sid.is_empty()
        {
            if seen.contains(&sid) {
                return Err(MalformedPolicy::new(
                    "Statement IDs (SID) in a single policy must be unique.",
                ));
            }
            seen.push(sid);
        }
    }
    Ok(())
}

fn is_empty_list(node: &Node) -> bool {
    matches!(&node.value, Value::Array(items) if items.is_empty())
}

fn validate_actions_exist(statements: &Statements<'_>) -> Result<(), MalformedPolicy> {
    for statement in statements {
        let action = statement.value.get("Action");
        let not_action = statement.value.get("NotAction");
        let ok = match (action, not_action) {
            (Some(a), _) => !is_empty_list(a),
            (None, Some(n)) => !is_empty_list(n),
            (None, None) => false,
        };
        if !ok {
            return Err(MalformedPolicy::new(
                "Policy statement must contain actions.",
            ));
        }
    }
    Ok(())
}

fn validate_resources_exist(statements: &Statements<'_>) -> Result<(), MalformedPolicy> {
    for statement in statements {
        let ok = match (
            statement.value.get("Resource"),
            statement.value.get("NotResource"),
        ) {
            (Some(r), _) => !is_empty_list(r),
            (None, Some(n)) => !is_empty_list(n),
            (None, None) => false,
        };
        if !ok {
            return Err(MalformedPolicy::new(
                "Policy statement must contain resources.",
            ));
        }
    }
    Ok(())
}

fn validate_action_prefix(action: &str) -> Result<(), MalformedPolicy> {
    let parts: Vec<&str> = action.split(':').collect();
    let vendor = parts.first().copied().unwrap_or("");
    if parts.len() == 1 && vendor != "*" {
        return Err(MalformedPolicy::new(
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        ));
    }
    if parts.len() > 2 {
        return Err(MalformedPolicy::new(
            "Actions/Condition can contain only one colon.",
        ));
    }
    if vendor != "*"
        && vendor
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
    {
        return Err(MalformedPolicy::new(format!(
            "Vendor {vendor} is not valid"
        )));
    }
    Ok(())
}

fn strings_of(node: &Node) -> Vec<String> {
    string_items(node).map(str::to_string).collect()
}

fn condition_values(node: &Node) -> Vec<String> {
    fn scalar(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.clone()),
            _ => None,
        }
    }
    match &node.value {
        Value::Array(items) => items.iter().filter_map(|i| scalar(&i.value)).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

fn principal_of(node: &Node) -> Option<PrincipalSpec> {
    match &node.value {
        Value::String(s) if s == "*" => Some(PrincipalSpec::Anyone),
        Value::Object(m) => Some(PrincipalSpec::Typed(
            m.iter().map(|(k, v)| (k.clone(), strings_of(v))).collect(),
        )),
        _ => None,
    }
}

fn build(root: &Node, statements: &Statements<'_>) -> Result<PolicyDocument, MalformedPolicy> {
    let version = match root.value.get("Version").and_then(|v| v.value.as_str()) {
        Some("2012-10-17") => PolicyVersion::V2012_10_17,
        _ => PolicyVersion::V2008_10_17,
    };
    let mut out = Vec::with_capacity(statements.len());
    for s in statements {
        let v = &s.value;
        let effect = match v.get("Effect").and_then(|e| e.value.as_str()) {
            Some("Deny") => Effect::Deny,
            _ => Effect::Allow,
        };
        let action = match (v.get("Action"), v.get("NotAction")) {
            (Some(a), _) => ActionSpec::Action(strings_of(a)),
            (None, Some(n)) => ActionSpec::NotAction(strings_of(n)),
            (None, None) => ActionSpec::Action(Vec::new()),
        };
        let resource = match (v.get("Resource"), v.get("NotResource")) {
            (Some(r), _) => Some(ResourceSpec::Resource(strings_of(r))),
            (None, Some(n)) => Some(ResourceSpec::NotResource(strings_of(n))),
            (None, None) => None,
        };
        let principal = match v.get("Principal") {
            Some(p) => Some(principal_of(p).ok_or_else(|| {
                MalformedPolicy::new(format!(
                    "Invalid principal in policy: {}",
                    json::to_compact_string(&p.value)
                ))
            })?),
            None => None,
        };
        let not_principal = match v.get("NotPrincipal") {
            Some(p) => Some(principal_of(p).ok_or_else(|| {
                MalformedPolicy::new(format!(
                    "Invalid principal in policy: {}",
                    json::to_compact_string(&p.value)
                ))
            })?),
            None => None,
        };
        let conditions = v
            .get("Condition")
            .map(|c| {
                members(c)
                    .iter()
                    .map(|(name, block)| ConditionBlock {
                        operator_name: name.clone(),
                        operator: ConditionOperator::parse(name),
                        entries: members(block)
                            .iter()
                            .map(|(key, values)| (key.clone(), condition_values(values)))
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(Statement {
            sid: v
                .get("Sid")
                .and_then(|s| s.value.as_str())
                .map(str::to_string),
            effect,
            principal,
            not_principal,
            action,
            resource,
            conditions,
            start: s.start,
            end: s.end,
        });
    }
    Ok(PolicyDocument {
        version,
        version_given: root.value.get("Version").is_some(),
        id: root
            .value
            .get("Id")
            .and_then(|i| i.value.as_str())
            .map(str::to_string),
        statements: out,
    })
}

/// The size IAM counts against its quotas: characters other than whitespace.
pub fn policy_size(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_reads_the_context_only_through_conditions_and_variables() {
        let reads = |text: &str| {
            PolicyDocument::parse(text, DocumentKind::Managed)
                .expect("valid")
                .reads_context()
        };
        let plain = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#;
        let condition = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#;
        let variable = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#;
        assert!(!reads(plain));
        assert!(reads(condition));
        assert!(reads(variable));
    }

    fn err(text: &str, kind: DocumentKind) -> String {
        PolicyDocument::parse(text, kind).unwrap_err().message
    }

    #[test]
    fn parses_a_typical_document() {
        let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*"},
    {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:s3:::b/*"],
     "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a", true, 3]}}}
  ]
}"#;
        let doc = PolicyDocument::parse(text, DocumentKind::Managed).unwrap();
        assert_eq!(doc.version, PolicyVersion::V2012_10_17);
        assert_eq!(doc.statements.len(), 2);
        let s0 = &doc.statements[0];
        assert_eq!(s0.sid.as_deref(), Some("Read"));
        assert_eq!(s0.start, Position { line: 4, column: 5 });
        assert_eq!(s0.end.line, 4);
        let s1 = &doc.statements[1];
        assert_eq!(s1.effect, Effect::Deny);
        assert_eq!(s1.action, ActionSpec::NotAction(vec!["iam:*".into()]));
        let block = &s1.conditions[0];
        assert_eq!(
            block.operator,
            ConditionOperator {
                qualifier: Some(SetQualifier::ForAnyValue),
                base: Some(BaseOperator::StringLike),
                if_exists: true
            }
        );
        assert_eq!(
            block.entries[0].1,
            vec!["a".to_string(), "true".into(), "3".into()]
        );
    }

    #[test]
    fn version_rules_depend_on_the_kind() {
        let no_version = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        assert_eq!(err(no_version, DocumentKind::Managed), VERSION);
        let doc = PolicyDocument::parse(no_version, DocumentKind::Inline).unwrap();
        assert_eq!(doc.version, PolicyVersion::V2008_10_17);
        assert!(!doc.version_given);
    }

    #[test]
    fn identity_policies_name_no_principal() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#;
        assert_eq!(
            err(text, DocumentKind::Managed),
            "Policy document should not specify a principal."
        );
        assert!(PolicyDocument::parse(text, DocumentKind::Resource).is_ok());
    }

    #[test]
    fn trust_policy_rules() {
        let ok = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#;
        let doc = PolicyDocument::parse(ok, DocumentKind::Trust).unwrap();
        assert_eq!(
            doc.statements[0].principal,
            Some(PrincipalSpec::Typed(vec![(
                "AWS".into(),
                vec!["arn:aws:iam::123456789012:root".into()]
            )]))
        );
        let with_resource = ok.replace(
            r#""Action":"sts:AssumeRole""#,
            r#""Action":"sts:AssumeRole","Resource":"*""#,
        );
        assert_eq!(
            err(&with_resource, DocumentKind::Trust),
            "Has prohibited field Resource."
        );
        let wrong_action = ok.replace("sts:AssumeRole", "s3:GetObject");
        assert!(
            err(&wrong_action, DocumentKind::Trust).starts_with("Trust Policy statement actions")
        );
        let no_principal = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#;
        assert_eq!(
            err(no_principal, DocumentKind::Trust),
            "Missing required field Principal"
        );
    }

    #[test]
    fn python_int_accepts_what_python_accepts() {
        assert_eq!(python_int(" 12 "), Some(12));
        assert_eq!(python_int("+5"), Some(5));
        assert_eq!(python_int("-7"), Some(-7));
        assert_eq!(python_int("1_000"), Some(1000));
        for bad in ["", "-", "1__0", "_1", "1_", "1.5", "0x10", "sdf"] {
            assert_eq!(python_int(bad), None, "{bad}");
        }
        assert_eq!(python_int(&"9".repeat(60)), None);
    }

    #[test]
    fn dates_are_checked_like_iam() {
        for ok in [
            "2019-07-01T13:20:15Z",
            "2016-12-13T21:20:37.593194+00:00",
            "2016-12-13t2:00:00.593194+23",
            "-292275054",
            "01T",
            "1561987215",
        ] {
            assert_eq!(legacy_parse_date(ok), Some(()), "{ok}");
        }
        for bad in [
            "sdfdsf",
            "234-13",
            "2016-12-13t2:00:00.1999999999+10:59",
            "9223372036854775808",
            "2016-12-13t2:00:00.593194+1",
            "2020-01-01-01",
            "2020-01-01T24:00:00Z",
        ] {
            assert_eq!(legacy_parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn size_ignores_whitespace() {
        assert_eq!(policy_size("{ \"a\" :\n 1 }"), 7);
    }
}
