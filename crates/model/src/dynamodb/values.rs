//! DynamoDB's attribute values in their JSON form (`{"S": "text"}`,
//! `{"N": "42"}`, `{"M": {...}}`...), with DynamoDB's ordering of keys:
//! numbers by value, strings and binaries by their bytes.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One attribute value, in DynamoDB's JSON form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttributeValue {
    /// A string.
    S(String),
    /// A number, as its decimal text.
    N(String),
    /// Binary data, base64-encoded.
    B(String),
    /// A Boolean.
    #[serde(rename = "BOOL")]
    Bool(bool),
    /// Null (always `true`).
    #[serde(rename = "NULL")]
    Null(bool),
    /// A map of attributes.
    M(BTreeMap<String, AttributeValue>),
    /// A list of values.
    L(Vec<AttributeValue>),
    /// A set of strings.
    #[serde(rename = "SS")]
    Ss(Vec<String>),
    /// A set of numbers.
    #[serde(rename = "NS")]
    Ns(Vec<String>),
    /// A set of binaries.
    #[serde(rename = "BS")]
    Bs(Vec<String>),
}

impl AttributeValue {
    /// The type's letters as DynamoDB names them (`S`, `N`, `BOOL`...).
    pub fn type_name(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "S",
            AttributeValue::N(_) => "N",
            AttributeValue::B(_) => "B",
            AttributeValue::Bool(_) => "BOOL",
            AttributeValue::Null(_) => "NULL",
            AttributeValue::M(_) => "M",
            AttributeValue::L(_) => "L",
            AttributeValue::Ss(_) => "SS",
            AttributeValue::Ns(_) => "NS",
            AttributeValue::Bs(_) => "BS",
        }
    }

    /// How DynamoDB orders two values of the same scalar type: numbers by
    /// value, strings and binaries by their UTF-8 (or decoded) bytes. `None`
    /// for different types or types that have no order.
    pub fn key_order(&self, other: &AttributeValue) -> Option<Ordering> {
        match (self, other) {
            (AttributeValue::N(a), AttributeValue::N(b)) => compare_numbers(a, b),
            (AttributeValue::S(a), AttributeValue::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (AttributeValue::B(a), AttributeValue::B(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            _ => None,
        }
    }
}

/// A number as its sign, its significant digits and the position of the
/// decimal point: `-12.5` is `(true, [1, 2, 5], 2)`, i.e. -0.125 × 10², so
/// that two numbers compare exactly, whatever their length.
fn parse_decimal(text: &str) -> Option<(bool, Vec<u8>, i64)> {
    let text = text.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| b - b'0')
        .collect();
    // The value is 0.d1d2d3... × 10^point.
    let mut point = whole.len() as i64 + exponent;
    while digits.first() == Some(&0) {
        digits.remove(0);
        point -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        return Some((false, Vec::new(), 0));
    }
    Some((negative, digits, point))
}

/// Compares two decimal numbers exactly; `None` if either is not a number.
pub fn compare_numbers(a: &str, b: &str) -> Option<Ordering> {
    let (na, da, pa) = parse_decimal(a)?;
    let (nb, db, pb) = parse_decimal(b)?;
    let zero_a = da.is_empty();
    let zero_b = db.is_empty();
    let sign = |negative: bool, zero: bool| {
        if zero {
            0
        } else if negative {
            -1
        } else {
            1
        }
    };
    let (sa, sb) = (sign(na, zero_a), sign(nb, zero_b));
    if sa != sb {
        return Some(sa.cmp(&sb));
    }
    if sa == 0 {
        return Some(Ordering::Equal);
    }
    let magnitude = pa.cmp(&pb).then_with(|| da.cmp(&db));
    Some(if sa < 0 {
        magnitude.reverse()
    } else {
        magnitude
    })
}

/// Whether `text` is a number DynamoDB accepts (up to 38 digits of precision).
pub fn is_number(text: &str) -> bool {
    parse_decimal(text)
        .is_some_and(|(_, digits, point)| digits.len() <= 38 && (-129..=126).contains(&point))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_and_write_dynamodb_json() {
        // Map keys come back in sorted order.
        let json = r#"{"M":{"id":{"S":"a1"},"l":{"L":[{"N":"1"}]},"n":{"N":"3.5"},"none":{"NULL":true},"ok":{"BOOL":true},"tags":{"SS":["x","y"]}}}"#;
        let value: AttributeValue = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(compare_numbers("10", "9"), Some(Ordering::Greater));
        assert_eq!(compare_numbers("-10", "-9"), Some(Ordering::Less));
        assert_eq!(compare_numbers("1.50", "1.5"), Some(Ordering::Equal));
        assert_eq!(compare_numbers("1e2", "100"), Some(Ordering::Equal));
        assert_eq!(compare_numbers("0.001", "-0"), Some(Ordering::Greater));
        assert_eq!(compare_numbers("x", "1"), None);
        assert!(is_number("12.5") && !is_number("1.2.3") && !is_number(""));
        // Strings sort by bytes: capitals before lowercase.
        let (a, b) = (
            AttributeValue::S("Zebra".into()),
            AttributeValue::S("apple".into()),
        );
        assert_eq!(a.key_order(&b), Some(Ordering::Less));
    }
}
