//! Values crossing the sandbox: JSON events in, handler results out, and the
//! DynamoDB type conversions boto3's resource layer makes (`TypeSerializer` and
//! `TypeDeserializer`).

use base64::Engine;
use monty_types::{DictPairs, MontyObject};
use serde_json::{Map, Number, Value};

/// A JSON value as Python sees it after `json.loads`.
pub(crate) fn json_to_python(value: &Value) -> MontyObject {
    match value {
        Value::Null => MontyObject::None,
        Value::Bool(b) => MontyObject::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => MontyObject::Int(i),
            None => MontyObject::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => MontyObject::String(s.clone()),
        Value::Array(items) => MontyObject::List(items.iter().map(json_to_python).collect()),
        Value::Object(map) => MontyObject::Dict(
            map.iter()
                .map(|(k, v)| (MontyObject::String(k.clone()), json_to_python(v)))
                .collect::<Vec<_>>()
                .into(),
        ),
    }
}

/// A Python value as `json.dumps` writes it, or the name of the type it cannot
/// write (Lambda's `Runtime.MarshalError`).
pub(crate) fn python_to_json(value: &MontyObject) -> Result<Value, String> {
    Ok(match value {
        MontyObject::None => Value::Null,
        MontyObject::Bool(b) => Value::Bool(*b),
        MontyObject::Int(i) => Value::Number((*i).into()),
        MontyObject::BigInt(i) => Value::Number(
            i.to_string()
                .parse::<Number>()
                .map_err(|_| "int".to_string())?,
        ),
        MontyObject::Float(f) => match Number::from_f64(*f) {
            Some(n) => Value::Number(n),
            // json.dumps writes NaN and Infinity, which are not JSON; Lambda's
            // marshaller refuses them too.
            None => return Err("float".into()),
        },
        MontyObject::String(s) => Value::String(s.clone()),
        MontyObject::List(items) | MontyObject::Tuple(items) => {
            Value::Array(items.iter().map(python_to_json).collect::<Result<_, _>>()?)
        }
        MontyObject::NamedTuple { values, .. } => Value::Array(
            values
                .iter()
                .map(python_to_json)
                .collect::<Result<_, _>>()?,
        ),
        MontyObject::Dict(pairs) => {
            let mut map = Map::new();
            for (k, v) in pairs {
                let key = match k {
                    MontyObject::String(s) => s.clone(),
                    MontyObject::Int(i) => i.to_string(),
                    MontyObject::Bool(b) => if *b { "true" } else { "false" }.to_string(),
                    MontyObject::None => "null".to_string(),
                    MontyObject::Float(f) => format_float(*f),
                    other => return Err(type_name(other)),
                };
                map.insert(key, python_to_json(v)?);
            }
            Value::Object(map)
        }
        other => return Err(type_name(other)),
    })
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

/// Python's name for a value's type, as error messages print it.
pub(crate) fn type_name(value: &MontyObject) -> String {
    match value {
        MontyObject::None => "NoneType",
        MontyObject::Bool(_) => "bool",
        MontyObject::Int(_) | MontyObject::BigInt(_) => "int",
        MontyObject::Float(_) => "float",
        MontyObject::String(_) => "str",
        MontyObject::Bytes(_) => "bytes",
        MontyObject::List(_) => "list",
        MontyObject::Tuple(_) | MontyObject::NamedTuple { .. } => "tuple",
        MontyObject::Dict(_) => "dict",
        MontyObject::Set(_) => "set",
        MontyObject::FrozenSet(_) => "frozenset",
        MontyObject::Date(_) => "date",
        MontyObject::DateTime(_) => "datetime",
        MontyObject::Time(_) => "time",
        MontyObject::TimeDelta(_) => "timedelta",
        MontyObject::ClassInstance(instance) => return instance.class_type.name.clone(),
        MontyObject::Function { .. } | MontyObject::BuiltinFunction(_) => "function",
        MontyObject::Type(_) => "type",
        MontyObject::Exception { .. } => "Exception",
        _ => "object",
    }
    .to_string()
}

/// Keyword arguments as a JSON object of an API's parameters.
pub(crate) fn kwargs_to_params(
    kwargs: &[(MontyObject, MontyObject)],
) -> Result<Map<String, Value>, String> {
    let mut params = Map::new();
    for (key, value) in kwargs {
        let MontyObject::String(name) = key else {
            return Err("keywords must be strings".into());
        };
        params.insert(name.clone(), sdk_value(value)?);
    }
    Ok(params)
}

/// A parameter value as botocore serializes it: bytes become base64 (the wire
/// form of a blob), sets become lists.
fn sdk_value(value: &MontyObject) -> Result<Value, String> {
    Ok(match value {
        MontyObject::Bytes(bytes) => {
            Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
        }
        MontyObject::Set(items)
        | MontyObject::FrozenSet(items)
        | MontyObject::List(items)
        | MontyObject::Tuple(items) => {
            Value::Array(items.iter().map(sdk_value).collect::<Result<_, _>>()?)
        }
        MontyObject::Dict(pairs) => {
            let mut map = Map::new();
            for (k, v) in pairs {
                let MontyObject::String(k) = k else {
                    return Err(format!("a {} key in a parameter", type_name(k)));
                };
                map.insert(k.clone(), sdk_value(v)?);
            }
            Value::Object(map)
        }
        other => python_to_json(other).map_err(|t| format!("a {t} in a parameter"))?,
    })
}

/// A response from the model as boto3 returns it (a dict of plain values).
pub(crate) fn response_to_python(value: &Value) -> MontyObject {
    json_to_python(value)
}

/// boto3's `TypeSerializer`: a plain Python value as a DynamoDB attribute value.
pub(crate) fn to_attribute_value(value: &MontyObject) -> Result<Value, String> {
    let typed = |tag: &str, v: Value| Value::Object(Map::from_iter([(tag.to_string(), v)]));
    Ok(match value {
        MontyObject::None => typed("NULL", Value::Bool(true)),
        MontyObject::Bool(b) => typed("BOOL", Value::Bool(*b)),
        MontyObject::Int(i) => typed("N", Value::String(i.to_string())),
        MontyObject::BigInt(i) => typed("N", Value::String(i.to_string())),
        MontyObject::Float(_) => {
            return Err("Float types are not supported. Use Decimal types instead.".into());
        }
        MontyObject::String(s) => typed("S", Value::String(s.clone())),
        MontyObject::Bytes(b) => typed(
            "B",
            Value::String(base64::engine::general_purpose::STANDARD.encode(b)),
        ),
        MontyObject::List(items) | MontyObject::Tuple(items) => typed(
            "L",
            Value::Array(
                items
                    .iter()
                    .map(to_attribute_value)
                    .collect::<Result<_, _>>()?,
            ),
        ),
        MontyObject::Dict(pairs) => typed("M", Value::Object(attribute_map(pairs)?)),
        MontyObject::Set(items) | MontyObject::FrozenSet(items) => {
            if items.iter().all(|i| matches!(i, MontyObject::String(_))) {
                typed(
                    "SS",
                    Value::Array(
                        items
                            .iter()
                            .map(|i| python_to_json(i).unwrap_or(Value::Null))
                            .collect(),
                    ),
                )
            } else if items
                .iter()
                .all(|i| matches!(i, MontyObject::Int(_) | MontyObject::BigInt(_)))
            {
                typed(
                    "NS",
                    Value::Array(
                        items
                            .iter()
                            .map(|i| Value::String(number_text(i)))
                            .collect(),
                    ),
                )
            } else {
                return Err("Set types must be all strings or all numbers".into());
            }
        }
        other => {
            return Err(format!(
                "Unsupported type \"{}\" for value \"{}\"",
                type_name(other),
                short_repr(other)
            ));
        }
    })
}

fn number_text(value: &MontyObject) -> String {
    match value {
        MontyObject::Int(i) => i.to_string(),
        MontyObject::BigInt(i) => i.to_string(),
        _ => String::new(),
    }
}

fn short_repr(value: &MontyObject) -> String {
    match python_to_json(value) {
        Ok(v) => v.to_string(),
        Err(t) => format!("<{t}>"),
    }
}

/// A dict of plain values as a map of attribute values (an `Item` or a `Key`).
pub(crate) fn attribute_map(pairs: &DictPairs) -> Result<Map<String, Value>, String> {
    let mut map = Map::new();
    for (k, v) in pairs {
        let MontyObject::String(k) = k else {
            return Err(format!("attribute names must be str, not {}", type_name(k)));
        };
        map.insert(k.clone(), to_attribute_value(v)?);
    }
    Ok(map)
}

/// boto3's `TypeDeserializer`: an attribute value as a plain Python value.
/// Numbers come back as `int` when whole and `float` otherwise (boto3 gives
/// `Decimal`, which this interpreter does not have).
pub(crate) fn from_attribute_value(value: &Value) -> MontyObject {
    let Some((tag, inner)) = value.as_object().and_then(|m| m.iter().next()) else {
        return MontyObject::None;
    };
    match (tag.as_str(), inner) {
        ("S", Value::String(s)) => MontyObject::String(s.clone()),
        ("N", Value::String(n)) => number(n),
        ("BOOL", Value::Bool(b)) => MontyObject::Bool(*b),
        ("NULL", _) => MontyObject::None,
        ("B", Value::String(b)) => MontyObject::Bytes(
            base64::engine::general_purpose::STANDARD
                .decode(b)
                .unwrap_or_default(),
        ),
        ("L", Value::Array(items)) => {
            MontyObject::List(items.iter().map(from_attribute_value).collect())
        }
        ("M", Value::Object(map)) => item_to_python(map),
        ("SS", Value::Array(items)) => MontyObject::Set(items.iter().map(json_to_python).collect()),
        ("NS", Value::Array(items)) => MontyObject::Set(
            items
                .iter()
                .map(|n| number(n.as_str().unwrap_or("0")))
                .collect(),
        ),
        _ => json_to_python(inner),
    }
}

fn number(text: &str) -> MontyObject {
    match text.parse::<i64>() {
        Ok(i) => MontyObject::Int(i),
        Err(_) => MontyObject::Float(text.parse().unwrap_or(f64::NAN)),
    }
}

/// An item (a map of attribute values) as a plain dict.
pub(crate) fn item_to_python(map: &Map<String, Value>) -> MontyObject {
    MontyObject::Dict(
        map.iter()
            .map(|(k, v)| (MontyObject::String(k.clone()), from_attribute_value(v)))
            .collect::<Vec<_>>()
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_round_trip_through_attribute_values() {
        let item = json_to_python(
            &serde_json::json!({"id": "1", "qty": 3, "tags": ["a"], "ok": true, "none": null}),
        );
        let MontyObject::Dict(pairs) = &item else {
            panic!("a dict")
        };
        let typed = attribute_map(pairs).unwrap();
        assert_eq!(
            Value::Object(typed.clone()),
            serde_json::json!({"id": {"S": "1"}, "qty": {"N": "3"}, "tags": {"L": [{"S": "a"}]}, "ok": {"BOOL": true}, "none": {"NULL": true}})
        );
        assert_eq!(item_to_python(&typed), item);
    }

    #[test]
    fn floats_are_refused_as_boto3_refuses_them() {
        assert_eq!(
            to_attribute_value(&MontyObject::Float(1.5)).unwrap_err(),
            "Float types are not supported. Use Decimal types instead."
        );
    }

    #[test]
    fn a_set_cannot_be_returned_as_json() {
        assert_eq!(
            python_to_json(&MontyObject::Set(vec![])).unwrap_err(),
            "set"
        );
        assert_eq!(
            python_to_json(&json_to_python(&serde_json::json!({"a": [1, 2.5, "x"]}))).unwrap(),
            serde_json::json!({"a": [1, 2.5, "x"]})
        );
    }
}
