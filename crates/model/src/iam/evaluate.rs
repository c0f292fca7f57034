//! Policy evaluation, as AWS's "Policy evaluation logic" describes it for a
//! request inside one account:
//!
//! 1. any matching `Deny` statement decides: **explicit deny**;
//! 2. otherwise any matching `Allow` (in an identity-based *or* a
//!    resource-based policy) decides: **allowed**;
//! 3. otherwise: **implicit deny**.
//!
//! A statement matches when its principal (resource-based policies only),
//! action, resource and every condition block match. Actions match
//! case-insensitively, resources case-sensitively; both take `*` (any run of
//! characters) and `?` (one character). `NotAction`/`NotResource`/
//! `NotPrincipal` invert their element.
//!
//! Conditions: blocks are ANDed, keys in a block are ANDed, the values for
//! one key are ORed (NORed for negated operators). A key missing from the
//! request makes the condition false, except for `...IfExists` operators,
//! negated operators (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, ...),
//! `ForAllValues:` (true for a missing or empty set) and `Null`.
//!
//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${*}`,
//! `${?}`, `${$}`, and `${key, 'default'}`) are replaced in `Resource`
//! patterns and in string and ARN condition values of `2012-10-17`
//! documents; a variable with no value makes that pattern match nothing.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::json::Position;
use super::policy::{
    ActionSpec, BaseOperator, ConditionBlock, Effect, PolicyDocument, PolicyVersion, PrincipalSpec,
    ResourceSpec, SetQualifier, Statement,
};
use crate::clock::days_from_civil;

/// The value of one request-context key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContextValue {
    /// A single value (strings, numbers, dates, booleans and addresses as text).
    Single(String),
    /// A multi-valued key such as `aws:TagKeys`.
    List(Vec<String>),
}

impl ContextValue {
    /// A single string value.
    pub fn single(v: impl Into<String>) -> ContextValue {
        ContextValue::Single(v.into())
    }

    /// A multi-valued key.
    pub fn list<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> ContextValue {
        ContextValue::List(values.into_iter().map(Into::into).collect())
    }

    /// The values (one for a single value).
    pub fn values(&self) -> Vec<&str> {
        match self {
            ContextValue::Single(v) => vec![v.as_str()],
            ContextValue::List(vs) => vs.iter().map(String::as_str).collect(),
        }
    }
}

/// The request context: condition key to value. Keys are compared without
/// regard to case, as AWS does.
pub type Context = BTreeMap<String, ContextValue>;

/// Looks a key up ignoring case.
pub fn context_get<'a>(context: &'a Context, key: &str) -> Option<&'a ContextValue> {
    context.get(key).or_else(|| {
        context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// What kind of principal makes a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrincipalKind {
    /// The account's root user.
    Root,
    /// An IAM user.
    User,
    /// A role session (`assumed-role`).
    AssumedRole,
    /// An AWS service (`ec2.amazonaws.com`).
    Service,
    /// Nobody signed the request (a browser reading a public website).
    Anonymous,
}

/// Who makes a request, as resource-based policies match it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPrincipal {
    /// The principal's ARN (`arn:aws:iam::123456789012:user/alice`,
    /// `arn:aws:sts::123456789012:assumed-role/Admin/s1`), or the service name.
    pub arn: String,
    /// The principal's account id (empty for a service).
    pub account: String,
    /// The kind of principal.
    pub kind: PrincipalKind,
    /// For a role session: the role's ARN.
    pub role_arn: Option<String>,
}

/// One request to decide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthzRequest {
    /// Who asks.
    pub principal: RequestPrincipal,
    /// The action, e.g. `ec2:RunInstances`.
    pub action: String,
    /// The resource ARN, or `*`.
    pub resource: String,
    /// The request context (global and service keys).
    pub context: Context,
}

/// Where a policy comes from, as `SourcePolicyType` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicySourceType {
    /// A user's inline policy.
    #[serde(rename = "user")]
    User,
    /// A group's inline policy.
    #[serde(rename = "group")]
    Group,
    /// A role's inline policy.
    #[serde(rename = "role")]
    Role,
    /// An AWS managed policy.
    #[serde(rename = "aws-managed")]
    AwsManaged,
    /// A customer managed policy.
    #[serde(rename = "user-managed")]
    UserManaged,
    /// A resource-based policy (a bucket policy, a role's trust policy).
    #[serde(rename = "resource")]
    Resource,
    /// A policy given to the simulator directly.
    #[serde(rename = "none")]
    None,
}

/// Inline, managed or resource-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyKind {
    /// Embedded in a user, group or role.
    Inline,
    /// A managed policy (AWS or customer).
    Managed,
    /// Attached to a resource.
    Resource,
}

impl PolicySourceType {
    /// Whether this is an identity-based policy (not resource-based).
    pub fn is_identity(self) -> bool {
        self != PolicySourceType::Resource
    }

    /// Inline, managed or resource-based.
    pub fn kind(self) -> PolicyKind {
        match self {
            PolicySourceType::AwsManaged | PolicySourceType::UserManaged => PolicyKind::Managed,
            PolicySourceType::Resource => PolicyKind::Resource,
            _ => PolicyKind::Inline,
        }
    }

    /// AWS's spelling (`user`, `aws-managed`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            PolicySourceType::User => "user",
            PolicySourceType::Group => "group",
            PolicySourceType::Role => "role",
            PolicySourceType::AwsManaged => "aws-managed",
            PolicySourceType::UserManaged => "user-managed",
            PolicySourceType::Resource => "resource",
            PolicySourceType::None => "none",
        }
    }
}

/// A policy's identity for reporting which statement decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySource {
    /// The simulator's `SourcePolicyId` (the policy name, or `PolicyInputList.1`).
    pub id: String,
    /// The policy's ARN, for managed policies.
    pub arn: Option<String>,
    /// What kind of policy it is.
    pub source_type: PolicySourceType,
}

/// A policy to evaluate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalPolicy {
    /// Where it comes from.
    pub source: PolicySource,
    /// The document.
    pub document: PolicyDocument,
}

/// How a request was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvalEffect {
    /// A statement allows it and none denies it.
    Allowed,
    /// A statement denies it.
    ExplicitDeny,
    /// No statement allows it.
    ImplicitDeny,
}

impl EvalEffect {
    /// The simulator's `EvalDecision` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EvalEffect::Allowed => "allowed",
            EvalEffect::ExplicitDeny => "explicitDeny",
            EvalEffect::ImplicitDeny => "implicitDeny",
        }
    }
}

/// A statement that matched the request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedStatement {
    /// The policy it belongs to.
    pub source: PolicySource,
    /// Its index in the policy's `Statement` list (from 0).
    pub statement_index: usize,
    /// Its `Sid`, if any.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect_is_deny: bool,
    /// Where the statement starts in the document (1-based line and column).
    pub start_line: u32,
    /// Start column.
    pub start_column: u32,
    /// Where it ends.
    pub end_line: u32,
    /// End column.
    pub end_column: u32,
}

/// The outcome of [`evaluate`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Allowed, explicitly denied or implicitly denied.
    pub effect: EvalEffect,
    /// The statement that decided (the first deny, else the first allow).
    pub deciding: Option<MatchedStatement>,
    /// Every statement that matched, in policy order.
    pub matched_statements: Vec<MatchedStatement>,
    /// Condition keys the statements asked for that the request lacks.
    pub missing_context_values: Vec<String>,
}

impl Decision {
    /// Whether the request is allowed.
    pub fn is_allowed(&self) -> bool {
        self.effect == EvalEffect::Allowed
    }
}

/// Decides `request` against `policies` (identity-based and resource-based
/// policies of one account).
pub fn evaluate(request: &AuthzRequest, policies: &[EvalPolicy]) -> Decision {
    let mut matched = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for policy in policies {
        for (index, statement) in policy.document.statements.iter().enumerate() {
            if statement_matches(statement, policy.document.version, request, &mut missing) {
                matched.push(MatchedStatement {
                    source: policy.source.clone(),
                    statement_index: index,
                    sid: statement.sid.clone(),
                    effect_is_deny: statement.effect == Effect::Deny,
                    start_line: statement.start.line,
                    start_column: statement.start.column,
                    end_line: statement.end.line,
                    end_column: statement.end.column,
                });
            }
        }
    }
    let deny = matched.iter().find(|m| m.effect_is_deny).cloned();
    let allow = matched.iter().find(|m| !m.effect_is_deny).cloned();
    let (effect, deciding) = match (deny, allow) {
        (Some(d), _) => (EvalEffect::ExplicitDeny, Some(d)),
        (None, Some(a)) => (EvalEffect::Allowed, Some(a)),
        (None, None) => (EvalEffect::ImplicitDeny, None),
    };
    Decision {
        effect,
        deciding,
        matched_statements: matched,
        missing_context_values: missing,
    }
}

/// Whether one statement applies to the request. Condition keys the
/// statement needs but the request lacks are added to `missing`.
pub fn statement_matches(
    statement: &Statement,
    version: PolicyVersion,
    request: &AuthzRequest,
    missing: &mut Vec<String>,
) -> bool {
    if let Some(p) = &statement.principal
        && !principal_matches(p, &request.principal)
    {
        return false;
    }
    if let Some(p) = &statement.not_principal
        && principal_matches(p, &request.principal)
    {
        return false;
    }
    let action_hit = |patterns: &[String]| {
        patterns
            .iter()
            .any(|p| wildcard_match(&literal_tokens(p), &request.action, true))
    };
    let action_ok = match &statement.action {
        ActionSpec::Action(list) => action_hit(list),
        ActionSpec::NotAction(list) => !action_hit(list),
    };
    if !action_ok {
        return false;
    }
    let resource_hit = |patterns: &[String]| {
        patterns.iter().any(|p| {
            pattern_tokens(p, version, &request.context)
                .is_some_and(|t| wildcard_match(&t, &request.resource, false))
        })
    };
    let resource_ok = match &statement.resource {
        None => true,
        Some(ResourceSpec::Resource(list)) => resource_hit(list),
        Some(ResourceSpec::NotResource(list)) => !resource_hit(list),
    };
    if !resource_ok {
        return false;
    }
    for block in &statement.conditions {
        for (key, _) in &block.entries {
            if context_get(&request.context, key).is_none()
                && block.operator.base != Some(BaseOperator::Null)
                && !missing.iter().any(|m| m.eq_ignore_ascii_case(key))
            {
                missing.push(key.clone());
            }
        }
    }
    statement
        .conditions
        .iter()
        .all(|block| block_matches(block, version, &request.context))
}

fn principal_matches(spec: &PrincipalSpec, principal: &RequestPrincipal) -> bool {
    match spec {
        PrincipalSpec::Anyone => true,
        PrincipalSpec::Typed(entries) => entries.iter().any(|(kind, ids)| match kind.as_str() {
            "AWS" => ids.iter().any(|id| aws_principal_matches(id, principal)),
            "Service" => principal.kind == PrincipalKind::Service && ids.contains(&principal.arn),
            _ => false,
        }),
    }
}

fn aws_principal_matches(id: &str, principal: &RequestPrincipal) -> bool {
    if principal.kind == PrincipalKind::Service {
        return false;
    }
    if id == "*" {
        return true;
    }
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        return principal.account == id;
    }
    if let Some(account) = id
        .strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.strip_suffix(":root"))
    {
        return principal.account == account;
    }
    principal.arn == id || principal.role_arn.as_deref() == Some(id)
}

/// One element of a wildcard pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// This exact character.
    Char(char),
    /// `*`: any run of characters.
    Any,
    /// `?`: exactly one character.
    One,
}

fn literal_tokens(pattern: &str) -> Vec<Token> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Token::Any,
            '?' => Token::One,
            c => Token::Char(c),
        })
        .collect()
}

/// The pattern with its policy variables replaced (2012-10-17 documents).
/// `None` when a variable has no value (the pattern then matches nothing).
fn pattern_tokens(pattern: &str, version: PolicyVersion, context: &Context) -> Option<Vec<Token>> {
    if version != PolicyVersion::V2012_10_17 || !pattern.contains("${") {
        return Some(literal_tokens(pattern));
    }
    let mut tokens = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        tokens.extend(literal_tokens(rest.get(..start).unwrap_or("")));
        let after = rest.get(start + 2..).unwrap_or("");
        let Some(end) = after.find('}') else {
            tokens.extend(literal_tokens(rest.get(start..).unwrap_or("")));
            return Some(tokens);
        };
        let inner = after.get(..end).unwrap_or("");
        let value = resolve_variable(inner, context)?;
        tokens.extend(value.chars().map(Token::Char));
        rest = after.get(end + 1..).unwrap_or("");
    }
    tokens.extend(literal_tokens(rest));
    Some(tokens)
}

/// The text a variable stands for: `*`, `?`, `$`, a single-valued context
/// key, or the default given as `${key, 'default'}`.
fn resolve_variable(inner: &str, context: &Context) -> Option<String> {
    match inner {
        "*" => return Some("*".into()),
        "?" => return Some("?".into()),
        "$" => return Some("$".into()),
        _ => {}
    }
    let (key, default) = match inner.split_once(',') {
        Some((k, d)) => {
            let d = d.trim();
            let d = d
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .unwrap_or(d);
            (k.trim(), Some(d.to_string()))
        }
        None => (inner.trim(), None),
    };
    match context_get(context, key) {
        Some(ContextValue::Single(v)) => Some(v.clone()),
        _ => default,
    }
}

/// Whether `text` matches the tokens; `ignore_case` compares letters
/// without regard to case.
fn wildcard_match(tokens: &[Token], text: &str, ignore_case: bool) -> bool {
    let text: Vec<char> = text.chars().collect();
    let same = |a: char, b: char| {
        if ignore_case {
            a == b || a.to_lowercase().eq(b.to_lowercase())
        } else {
            a == b
        }
    };
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(Token::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Token::One) => {
                p += 1;
                t += 1;
            }
            Some(Token::Char(c)) if text.get(t).is_some_and(|x| same(*c, *x)) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    tokens
        .get(p..)
        .unwrap_or(&[])
        .iter()
        .all(|x| *x == Token::Any)
}

/// Whether `text` matches a wildcard `pattern` (`*`, `?`), e.g. an action
/// pattern (`ignore_case`) or a resource pattern.
pub fn matches_pattern(pattern: &str, text: &str, ignore_case: bool) -> bool {
    wildcard_match(&literal_tokens(pattern), text, ignore_case)
}

fn block_matches(block: &ConditionBlock, version: PolicyVersion, context: &Context) -> bool {
    let Some(base) = block.operator.base else {
        // An unknown operator is only accepted with no keys: it tests nothing.
        return block.entries.is_empty();
    };
    block.entries.iter().all(|(key, policy_values)| {
        key_matches(
            base,
            block.operator.qualifier,
            block.operator.if_exists,
            key,
            policy_values,
            version,
            context,
        )
    })
}

fn key_matches(
    base: BaseOperator,
    qualifier: Option<SetQualifier>,
    if_exists: bool,
    key: &str,
    policy_values: &[String],
    version: PolicyVersion,
    context: &Context,
) -> bool {
    let request = context_get(context, key);
    if base == BaseOperator::Null {
        let present = request.is_some_and(|v| !v.values().is_empty());
        return policy_values
            .iter()
            .any(|p| match p.to_ascii_lowercase().as_str() {
                "true" => !present,
                "false" => present,
                _ => false,
            });
    }
    let request_values = request.map(ContextValue::values).unwrap_or_default();
    if request.is_none() {
        return match qualifier {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => if_exists,
            None => if_exists || base.is_negated(),
        };
    }
    let positive = |v: &str| {
        policy_values
            .iter()
            .any(|p| value_matches(base, v, p, version, context))
    };
    let one = |v: &str| {
        if base.is_negated() {
            !positive(v)
        } else {
            positive(v)
        }
    };
    match qualifier {
        Some(SetQualifier::ForAllValues) => request_values.iter().all(|v| one(v)),
        Some(SetQualifier::ForAnyValue) => request_values.iter().any(|v| one(v)),
        None => {
            let any = request_values.iter().any(|v| positive(v));
            if base.is_negated() { !any } else { any }
        }
    }
}

/// The positive form of `base` for one request value against one policy value.
fn value_matches(
    base: BaseOperator,
    request: &str,
    policy: &str,
    version: PolicyVersion,
    context: &Context,
) -> bool {
    use BaseOperator::*;
    match base {
        StringEquals | StringNotEquals => {
            pattern_text(policy, version, context).is_some_and(|p| p == request)
        }
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
            pattern_text(policy, version, context)
                .is_some_and(|p| p.to_lowercase() == request.to_lowercase())
        }
        StringLike | StringNotLike => pattern_tokens(policy, version, context)
            .is_some_and(|t| wildcard_match(&t, request, false)),
        NumericEquals | NumericNotEquals => compare_numbers(request, policy, |a, b| a == b),
        NumericLessThan => compare_numbers(request, policy, |a, b| a < b),
        NumericLessThanEquals => compare_numbers(request, policy, |a, b| a <= b),
        NumericGreaterThan => compare_numbers(request, policy, |a, b| a > b),
        NumericGreaterThanEquals => compare_numbers(request, policy, |a, b| a >= b),
        DateEquals | DateNotEquals => compare_dates(request, policy, |a, b| a == b),
        DateLessThan => compare_dates(request, policy, |a, b| a < b),
        DateLessThanEquals => compare_dates(request, policy, |a, b| a <= b),
        DateGreaterThan => compare_dates(request, policy, |a, b| a > b),
        DateGreaterThanEquals => compare_dates(request, policy, |a, b| a >= b),
        Bool => request.eq_ignore_ascii_case(policy),
        BinaryEquals => request == policy,
        IpAddress | NotIpAddress => ip_in_cidr(request, policy),
        ArnEquals | ArnNotEquals | ArnLike | ArnNotLike => {
            pattern_text(policy, version, context).is_some_and(|p| arn_matches(&p, request))
        }
        Null => false,
    }
}

/// The policy value with its variables replaced, as plain text.
fn pattern_text(policy: &str, version: PolicyVersion, context: &Context) -> Option<String> {
    let tokens = pattern_tokens(policy, version, context)?;
    Some(
        tokens
            .iter()
            .map(|t| match t {
                Token::Char(c) => *c,
                Token::Any => '*',
                Token::One => '?',
            })
            .collect(),
    )
}

fn compare_numbers(request: &str, policy: &str, op: impl Fn(f64, f64) -> bool) -> bool {
    match (request.trim().parse::<f64>(), policy.trim().parse::<f64>()) {
        (Ok(a), Ok(b)) if a.is_finite() && b.is_finite() => op(a, b),
        _ => false,
    }
}

fn compare_dates(request: &str, policy: &str, op: impl Fn(i128, i128) -> bool) -> bool {
    match (parse_date_millis(request), parse_date_millis(policy)) {
        (Some(a), Some(b)) => op(a, b),
        _ => false,
    }
}

/// Milliseconds since the Unix epoch for an ISO 8601 date (`2026-01-05`,
/// `2026-01-05T09:00:00Z`, `2026-01-05T18:00:00+09:00`, with or without a
/// fraction) or for a number of epoch seconds.
pub fn parse_date_millis(text: &str) -> Option<i128> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i128>().ok()?.checked_mul(1000);
    }
    let (date, time) = match t.split_once(['T', 't']) {
        Some((d, rest)) => (d, rest),
        None => (t, ""),
    };
    let mut dp = date.split('-');
    let year: i64 = dp.next()?.parse().ok()?;
    let month: u32 = dp.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = dp.next().map_or(Some(1), |d| d.parse().ok())?;
    if dp.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = i128::from(days_from_civil(year, month, day));
    let (clock, offset_minutes): (&str, i128) = if time.is_empty() {
        ("", 0)
    } else if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let (c, zone) = time.split_at(i);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let zone = zone.get(1..)?;
        let (h, m) = zone.split_once(':').unwrap_or((zone, "0"));
        let h: i128 = h.parse().ok()?;
        let m: i128 = m.parse().ok()?;
        (c, sign * (h * 60 + m))
    } else {
        (time, 0)
    };
    let mut millis_of_day: i128 = 0;
    if !clock.is_empty() {
        let mut parts = clock.split(':');
        let h: i128 = parts.next()?.parse().ok()?;
        let m: i128 = parts.next().map_or(Some(0), |m| m.parse().ok())?;
        let (s, frac) = match parts.next() {
            Some(s) => match s.split_once('.') {
                Some((s, f)) => (s.parse::<i128>().ok()?, f),
                None => (s.parse::<i128>().ok()?, ""),
            },
            None => (0, ""),
        };
        if h > 23 || m > 59 || s > 60 {
            return None;
        }
        let frac_ms: i128 = if frac.is_empty() {
            0
        } else {
            let digits: String = frac.chars().take(3).collect();
            let padded = format!("{digits:0<3}");
            padded.parse().ok()?
        };
        millis_of_day = ((h * 60 + m) * 60 + s) * 1000 + frac_ms;
    }
    Some(days * 86_400_000 + millis_of_day - offset_minutes * 60_000)
}

fn ip_in_cidr(ip: &str, cidr: &str) -> bool {
    let Ok(addr) = ip.trim().parse::<IpAddr>() else {
        return false;
    };
    let (net, prefix) = match cidr.trim().split_once('/') {
        Some((n, p)) => (n, p.parse::<u32>().ok()),
        None => (cidr.trim(), None),
    };
    let Ok(net) = net.parse::<IpAddr>() else {
        return false;
    };
    match (addr, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let prefix = prefix.unwrap_or(32);
            if prefix > 32 {
                return false;
            }
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - prefix)
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let prefix = prefix.unwrap_or(128);
            if prefix > 128 {
                return false;
            }
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - prefix)
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// ARN matching for the `Arn*` operators: each of the six colon-separated
/// parts is matched separately, wildcards allowed in each.
fn arn_matches(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    p.len() == 6
        && a.len() == 6
        && p.iter()
            .zip(&a)
            .all(|(pp, aa)| wildcard_match(&literal_tokens(pp), aa, false))
}

/// The statement position as the simulator reports it.
pub fn position_of(line: u32, column: u32) -> Position {
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::policy::DocumentKind;

    fn alice() -> RequestPrincipal {
        RequestPrincipal {
            arn: "arn:aws:iam::123456789012:user/alice".into(),
            account: "123456789012".into(),
            kind: PrincipalKind::User,
            role_arn: None,
        }
    }

    fn request(action: &str, resource: &str, context: &[(&str, ContextValue)]) -> AuthzRequest {
        AuthzRequest {
            principal: alice(),
            action: action.into(),
            resource: resource.into(),
            context: context
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }

    fn policy(text: &str) -> EvalPolicy {
        EvalPolicy {
            source: PolicySource {
                id: "test".into(),
                arn: None,
                source_type: PolicySourceType::User,
            },
            document: PolicyDocument::parse(text, DocumentKind::Inline).unwrap(),
        }
    }

    fn statement(body: &str) -> EvalPolicy {
        policy(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{body}]}}"#
        ))
    }

    fn decide(policies: &[EvalPolicy], req: &AuthzRequest) -> EvalEffect {
        evaluate(req, policies).effect
    }

    fn with_condition(condition: &str) -> EvalPolicy {
        statement(&format!(
            r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}"#
        ))
    }

    /// Whether `condition` allows `s3:GetObject` with `context`.
    fn check(condition: &str, context: &[(&str, ContextValue)]) -> bool {
        let req = request("s3:GetObject", "arn:aws:s3:::b/k", context);
        decide(&[with_condition(condition)], &req) == EvalEffect::Allowed
    }

    fn s(v: &str) -> ContextValue {
        ContextValue::single(v)
    }

    #[test]
    fn deny_beats_allow_and_nothing_is_implicit_deny() {
        let allow = statement(r#"{"Effect":"Allow","Action":"ec2:*","Resource":"*"}"#);
        let deny = statement(
            r#"{"Sid":"NoTerminate","Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*"}"#,
        );
        let req = request(
            "ec2:TerminateInstances",
            "arn:aws:ec2:ap-northeast-2:123456789012:instance/i-1",
            &[],
        );
        let d = evaluate(&req, &[allow.clone(), deny.clone()]);
        assert_eq!(d.effect, EvalEffect::ExplicitDeny);
        assert_eq!(
            d.deciding.as_ref().unwrap().sid.as_deref(),
            Some("NoTerminate")
        );
        assert_eq!(d.matched_statements.len(), 2);
        assert_eq!(decide(&[allow], &req), EvalEffect::Allowed);
        assert_eq!(decide(&[], &req), EvalEffect::ImplicitDeny);
        assert_eq!(evaluate(&req, &[]).deciding, None);
    }

    #[test]
    fn actions_ignore_case_and_take_wildcards() {
        let p = statement(
            r#"{"Effect":"Allow","Action":["EC2:describe*","s3:Get?bject"],"Resource":"*"}"#,
        );
        for (action, allowed) in [
            ("ec2:DescribeInstances", true),
            ("ec2:RunInstances", false),
            ("s3:GetObject", true),
            ("s3:GetObjectAcl", false),
            ("s3:Getbject", false),
        ] {
            assert_eq!(
                decide(std::slice::from_ref(&p), &request(action, "*", &[])) == EvalEffect::Allowed,
                allowed,
                "{action}"
            );
        }
    }

    #[test]
    fn not_action_deny_denies_everything_else() {
        let allow_all = statement(r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#);
        let deny_not_iam = statement(r#"{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}"#);
        let both = [allow_all, deny_not_iam];
        assert_eq!(
            decide(&both, &request("ec2:RunInstances", "*", &[])),
            EvalEffect::ExplicitDeny
        );
        assert_eq!(
            decide(&both, &request("iam:ListUsers", "*", &[])),
            EvalEffect::Allowed
        );
    }

    #[test]
    fn resources_are_case_sensitive_with_wildcards_in_any_segment() {
        let p = statement(
            r#"{"Effect":"Allow","Action":"ec2:StopInstances","Resource":"arn:aws:ec2:*:123456789012:instance/i-0ab?"}"#,
        );
        let ok = request(
            "ec2:StopInstances",
            "arn:aws:ec2:ap-northeast-2:123456789012:instance/i-0abc",
            &[],
        );
        assert_eq!(decide(std::slice::from_ref(&p), &ok), EvalEffect::Allowed);
        let upper = request(
            "ec2:StopInstances",
            "arn:aws:ec2:ap-northeast-2:123456789012:instance/I-0ABC",
            &[],
        );
        assert_eq!(
            decide(std::slice::from_ref(&p), &upper),
            EvalEffect::ImplicitDeny
        );
        let nr = statement(
            r#"{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}"#,
        );
        assert_eq!(
            decide(
                std::slice::from_ref(&nr),
                &request("s3:GetObject", "arn:aws:s3:::secret/x", &[])
            ),
            EvalEffect::ImplicitDeny
        );
        assert_eq!(
            decide(&[nr], &request("s3:GetObject", "arn:aws:s3:::open/x", &[])),
            EvalEffect::Allowed
        );
    }

    #[test]
    fn string_operators() {
        let ctx = [("aws:PrincipalTag/team", s("Web"))];
        assert!(check(
            r#"{"StringEquals":{"aws:PrincipalTag/team":["db","Web"]}}"#,
            &ctx
        ));
        assert!(!check(
            r#"{"StringEquals":{"aws:PrincipalTag/team":"web"}}"#,
            &ctx
        ));
        assert!(check(
            r#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"web"}}"#,
            &ctx
        ));
        assert!(check(
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":"db"}}"#,
            &ctx
        ));
        assert!(!check(
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":["db","Web"]}}"#,
            &ctx
        ));
        assert!(check(
            r#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"DB"}}"#,
            &ctx
        ));
        assert!(!check(
            r#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"WEB"}}"#,
            &ctx
        ));
        assert!(check(
            r#"{"StringLike":{"aws:PrincipalTag/team":"W*"}}"#,
            &ctx
        ));
        assert!(!check(
            r#"{"StringLike":{"aws:PrincipalTag/team":"w*"}}"#,
            &ctx
        ));
        assert!(check(
            r#"{"StringNotLike":{"aws:PrincipalTag/team":"d?"}}"#,
            &ctx
        ));
        // Condition key names are case-insensitive.
        assert!(check(
            r#"{"StringEquals":{"AWS:principaltag/TEAM":"Web"}}"#,
            &ctx
        ));
    }

    #[test]
    fn numeric_date_bool_binary_operators() {
        let ctx = [
            ("s3:max-keys", s("10")),
            ("aws:CurrentTime", s("2026-01-05T09:00:00Z")),
            ("aws:EpochTime", s("1767603600")),
            ("aws:SecureTransport", s("true")),
            ("x:bin", s("QmluYXJ5")),
        ];
        for (cond, want) in [
            (r#"{"NumericEquals":{"s3:max-keys":"10"}}"#, true),
            (r#"{"NumericEquals":{"s3:max-keys":10.0}}"#, true),
            (r#"{"NumericNotEquals":{"s3:max-keys":"10"}}"#, false),
            (r#"{"NumericLessThan":{"s3:max-keys":"11"}}"#, true),
            (r#"{"NumericLessThan":{"s3:max-keys":"10"}}"#, false),
            (r#"{"NumericLessThanEquals":{"s3:max-keys":"10"}}"#, true),
            (r#"{"NumericGreaterThan":{"s3:max-keys":"9.5"}}"#, true),
            (
                r#"{"NumericGreaterThanEquals":{"s3:max-keys":"11"}}"#,
                false,
            ),
            (r#"{"NumericEquals":{"s3:max-keys":"ten"}}"#, false),
            (
                r#"{"DateEquals":{"aws:CurrentTime":"2026-01-05T18:00:00+09:00"}}"#,
                true,
            ),
            (
                r#"{"DateNotEquals":{"aws:CurrentTime":"2026-01-05"}}"#,
                true,
            ),
            (
                r#"{"DateLessThan":{"aws:CurrentTime":"2026-12-31T23:59:59Z"}}"#,
                true,
            ),
            (
                r#"{"DateLessThanEquals":{"aws:CurrentTime":"2026-01-05T09:00:00Z"}}"#,
                true,
            ),
            (
                r#"{"DateGreaterThan":{"aws:CurrentTime":"2025-07-15"}}"#,
                true,
            ),
            (
                r#"{"DateGreaterThanEquals":{"aws:CurrentTime":"2026-01-06"}}"#,
                false,
            ),
            (
                r#"{"DateGreaterThan":{"aws:EpochTime":"2026-01-05T08:59:59Z"}}"#,
                true,
            ),
            (r#"{"Bool":{"aws:SecureTransport":"TRUE"}}"#, true),
            (r#"{"Bool":{"aws:SecureTransport":false}}"#, false),
            (r#"{"BinaryEquals":{"x:bin":"QmluYXJ5"}}"#, true),
        ] {
            assert_eq!(check(cond, &ctx), want, "{cond}");
        }
    }

    #[test]
    fn ip_and_arn_operators() {
        let ctx = [
            ("aws:SourceIp", s("203.0.113.25")),
            ("aws:SourceArn", s("arn:aws:s3:::my-bucket")),
            ("v6", s("2001:db8::1")),
        ];
        for (cond, want) in [
            (r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#, true),
            (
                r#"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.25"]}}"#,
                true,
            ),
            (r#"{"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}}"#, false),
            (
                r#"{"NotIpAddress":{"aws:SourceIp":"198.51.100.0/24"}}"#,
                true,
            ),
            (r#"{"NotIpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#, false),
            (r#"{"IpAddress":{"v6":"2001:db8::/32"}}"#, true),
            (
                r#"{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::my-bucket"}}"#,
                true,
            ),
            (r#"{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::my-*"}}"#, true),
            (
                r#"{"ArnLike":{"aws:SourceArn":"arn:aws:*:::my-bucket"}}"#,
                true,
            ),
            (r#"{"ArnLike":{"aws:SourceArn":"arn:aws:s3:*"}}"#, false),
            (
                r#"{"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::other"}}"#,
                true,
            ),
            (
                r#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::my-*"}}"#,
                false,
            ),
        ] {
            assert_eq!(check(cond, &ctx), want, "{cond}");
        }
    }

    #[test]
    fn missing_keys_if_exists_and_null() {
        let none: [(&str, ContextValue); 0] = [];
        // A missing key fails a positive operator but passes a negated one.
        assert!(!check(
            r#"{"StringEquals":{"aws:PrincipalTag/team":"web"}}"#,
            &none
        ));
        assert!(check(
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":"web"}}"#,
            &none
        ));
        assert!(check(
            r#"{"StringNotLike":{"aws:PrincipalTag/team":"w*"}}"#,
            &none
        ));
        assert!(check(r#"{"ArnNotLike":{"aws:SourceArn":"arn:*"}}"#, &none));
        assert!(check(
            r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
            &none
        ));
        assert!(!check(r#"{"NumericLessThan":{"s3:max-keys":"5"}}"#, &none));
        // IfExists: true when absent, tested when present.
        assert!(check(
            r#"{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}"#,
            &none
        ));
        assert!(check(
            r#"{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}"#,
            &[("ec2:InstanceType", s("t3.micro"))]
        ));
        assert!(!check(
            r#"{"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}"#,
            &[("ec2:InstanceType", s("m5.large"))]
        ));
        // Null: true means "absent".
        assert!(check(r#"{"Null":{"aws:TokenIssueTime":"true"}}"#, &none));
        assert!(!check(
            r#"{"Null":{"aws:TokenIssueTime":"true"}}"#,
            &[("aws:TokenIssueTime", s("x"))]
        ));
        assert!(check(
            r#"{"Null":{"aws:TokenIssueTime":false}}"#,
            &[("aws:TokenIssueTime", s("x"))]
        ));
        // Blocks are ANDed, keys ANDed.
        let ctx = [("a:x", s("1")), ("a:y", s("2"))];
        assert!(check(r#"{"StringEquals":{"a:x":"1","a:y":"2"}}"#, &ctx));
        assert!(!check(r#"{"StringEquals":{"a:x":"1","a:y":"3"}}"#, &ctx));
        assert!(!check(
            r#"{"StringEquals":{"a:x":"1"},"NumericGreaterThan":{"a:y":"5"}}"#,
            &ctx
        ));
    }

    #[test]
    fn set_qualifiers() {
        let tags = |v: &[&str]| [("aws:TagKeys", ContextValue::list(v.iter().copied()))];
        let all = r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["Name","Team"]}}"#;
        let any = r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["Name","Team"]}}"#;
        assert!(check(all, &tags(&["Name"])));
        assert!(!check(all, &tags(&["Name", "Cost"])));
        // ForAllValues with an empty or missing set is true.
        assert!(check(all, &tags(&[])));
        assert!(check(all, &[]));
        assert!(check(any, &tags(&["Cost", "Team"])));
        assert!(!check(any, &tags(&["Cost"])));
        assert!(!check(any, &tags(&[])));
        assert!(!check(any, &[]));
        assert!(check(
            r#"{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"Name"}}"#,
            &[]
        ));
        let all_not = r#"{"ForAllValues:StringNotEquals":{"aws:TagKeys":["Secret"]}}"#;
        assert!(check(all_not, &tags(&["Name", "Team"])));
        assert!(!check(all_not, &tags(&["Name", "Secret"])));
        let any_not = r#"{"ForAnyValue:StringNotLike":{"aws:TagKeys":["Se*"]}}"#;
        assert!(check(any_not, &tags(&["Secret", "Name"])));
        assert!(!check(any_not, &tags(&["Secret"])));
    }

    #[test]
    fn policy_variables() {
        let p = statement(
            r#"{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::*:user/${aws:username}"}"#,
        );
        let ctx = [("aws:username", s("alice"))];
        let own = request(
            "iam:CreateAccessKey",
            "arn:aws:iam::123456789012:user/alice",
            &ctx,
        );
        let other = request(
            "iam:CreateAccessKey",
            "arn:aws:iam::123456789012:user/bob",
            &ctx,
        );
        assert_eq!(decide(std::slice::from_ref(&p), &own), EvalEffect::Allowed);
        assert_eq!(
            decide(std::slice::from_ref(&p), &other),
            EvalEffect::ImplicitDeny
        );
        // No value: the pattern matches nothing.
        let anon = request(
            "iam:CreateAccessKey",
            "arn:aws:iam::123456789012:user/alice",
            &[],
        );
        assert_eq!(
            decide(std::slice::from_ref(&p), &anon),
            EvalEffect::ImplicitDeny
        );
        // Substituted text is literal; ${*} is a literal star.
        let star = statement(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${*}/${aws:userid}"}"#,
        );
        let ctx = [("aws:userid", s("AIDA?"))];
        assert_eq!(
            decide(
                std::slice::from_ref(&star),
                &request("s3:GetObject", "arn:aws:s3:::b/*/AIDA?", &ctx)
            ),
            EvalEffect::Allowed
        );
        assert_eq!(
            decide(
                std::slice::from_ref(&star),
                &request("s3:GetObject", "arn:aws:s3:::b/x/AIDAX", &ctx)
            ),
            EvalEffect::ImplicitDeny
        );
        // ${?} and ${$} are literal too; a default applies when the key is absent.
        let lit = statement(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${?}${$}/${aws:PrincipalTag/team, 'shared'}/*"}"#,
        );
        assert_eq!(
            decide(
                std::slice::from_ref(&lit),
                &request("s3:GetObject", "arn:aws:s3:::b/?$/shared/k", &[])
            ),
            EvalEffect::Allowed
        );
        let tagged = [("aws:PrincipalTag/team", s("web"))];
        assert_eq!(
            decide(
                std::slice::from_ref(&lit),
                &request("s3:GetObject", "arn:aws:s3:::b/?$/web/k", &tagged)
            ),
            EvalEffect::Allowed
        );
        // In condition values too.
        let cond = statement(
            r#"{"Effect":"Allow","Action":"ec2:StopInstances","Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/Owner":"${aws:username}"}}}"#,
        );
        let mine = [
            ("aws:username", s("alice")),
            ("ec2:ResourceTag/Owner", s("alice")),
        ];
        let theirs = [
            ("aws:username", s("alice")),
            ("ec2:ResourceTag/Owner", s("bob")),
        ];
        assert_eq!(
            decide(
                std::slice::from_ref(&cond),
                &request("ec2:StopInstances", "*", &mine)
            ),
            EvalEffect::Allowed
        );
        assert_eq!(
            decide(&[cond], &request("ec2:StopInstances", "*", &theirs)),
            EvalEffect::ImplicitDeny
        );
        // 2008-10-17 documents take ${...} literally.
        let old = policy(
            r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}}"#,
        );
        assert_eq!(
            decide(
                std::slice::from_ref(&old),
                &request(
                    "s3:GetObject",
                    "arn:aws:s3:::b/${aws:username}",
                    &[("aws:username", s("alice"))]
                )
            ),
            EvalEffect::Allowed
        );
    }

    #[test]
    fn resource_policies_match_principals() {
        let trust = |principal: &str| {
            EvalPolicy {
            source: PolicySource {
                id: "trust".into(),
                arn: None,
                source_type: PolicySourceType::Resource,
            },
            document: PolicyDocument::parse(
                &format!(r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"}}}}"#),
                DocumentKind::Trust,
            )
            .unwrap(),
        }
        };
        let req = request(
            "sts:AssumeRole",
            "arn:aws:iam::123456789012:role/Admin",
            &[],
        );
        for (principal, allowed) in [
            (r#"{"AWS":"arn:aws:iam::123456789012:user/alice"}"#, true),
            (r#"{"AWS":"arn:aws:iam::123456789012:user/bob"}"#, false),
            (r#"{"AWS":"123456789012"}"#, true),
            (r#"{"AWS":"arn:aws:iam::123456789012:root"}"#, true),
            (r#"{"AWS":"arn:aws:iam::210987654321:root"}"#, false),
            (r#"{"AWS":"*"}"#, true),
            (r#""*""#, true),
            (r#"{"Service":"ec2.amazonaws.com"}"#, false),
        ] {
            assert_eq!(
                decide(&[trust(principal)], &req) == EvalEffect::Allowed,
                allowed,
                "{principal}"
            );
        }
        let service = AuthzRequest {
            principal: RequestPrincipal {
                arn: "ec2.amazonaws.com".into(),
                account: String::new(),
                kind: PrincipalKind::Service,
                role_arn: None,
            },
            ..req.clone()
        };
        assert_eq!(
            decide(&[trust(r#"{"Service":"ec2.amazonaws.com"}"#)], &service),
            EvalEffect::Allowed
        );
        let session = AuthzRequest {
            principal: RequestPrincipal {
                arn: "arn:aws:sts::123456789012:assumed-role/Dev/s1".into(),
                account: "123456789012".into(),
                kind: PrincipalKind::AssumedRole,
                role_arn: Some("arn:aws:iam::123456789012:role/Dev".into()),
            },
            ..req
        };
        assert_eq!(
            decide(
                &[trust(r#"{"AWS":"arn:aws:iam::123456789012:role/Dev"}"#)],
                &session
            ),
            EvalEffect::Allowed
        );
    }

    #[test]
    fn missing_context_values_are_reported() {
        let p = with_condition(
            r#"{"StringEquals":{"aws:PrincipalTag/team":"web"},"Null":{"x:y":"true"}}"#,
        );
        let d = evaluate(&request("s3:GetObject", "*", &[]), &[p]);
        assert_eq!(
            d.missing_context_values,
            vec!["aws:PrincipalTag/team".to_string()]
        );
    }

    #[test]
    fn wildcard_matching() {
        for (p, t, want) in [
            ("*", "", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("??", "ab", true),
            ("??", "abc", false),
            ("*x", "xxxx", true),
            ("a**", "a", true),
        ] {
            assert_eq!(matches_pattern(p, t, false), want, "{p} {t}");
        }
        assert!(matches_pattern("EC2:Run*", "ec2:RunInstances", true));
    }

    #[test]
    fn date_parsing() {
        assert_eq!(parse_date_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date_millis("86400"), Some(86_400_000));
        assert_eq!(
            parse_date_millis("1970-01-02T09:00:00+09:00"),
            Some(86_400_000)
        );
        assert_eq!(parse_date_millis("1970-01-01T00:00:01.5Z"), Some(1_500));
        assert_eq!(parse_date_millis("nope"), None);
        assert_eq!(parse_date_millis("2026-13-01"), None);
    }
}
