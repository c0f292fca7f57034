//! A small structural diff between two JSON values, so a rewind point can be saved as
//! what differs from the lab it belongs to (a few hundred bytes) rather than a whole
//! account (about ten kilobytes).
//!
//! A patch is JSON too:
//! - `["=", value]` replaces the value;
//! - `["o", {key: patch, ...}, [removed keys]]` patches an object key by key;
//! - `["a", length, {index: patch, ...}]` patches an array element by element, after
//!   cutting or growing it to `length` (new elements arrive as `["=", value]`).
//!
//! `apply(base, diff(base, target)) == target` for every pair of values.

use serde_json::{Map, Value, json};

/// The patch that turns `base` into `target`.
pub fn diff(base: &Value, target: &Value) -> Value {
    match (base, target) {
        (Value::Object(old), Value::Object(new)) => {
            let mut changed = Map::new();
            for (key, value) in new {
                match old.get(key) {
                    Some(before) if before == value => {}
                    Some(before) => {
                        changed.insert(key.clone(), diff(before, value));
                    }
                    None => {
                        changed.insert(key.clone(), json!(["=", value]));
                    }
                }
            }
            let removed: Vec<&String> = old.keys().filter(|key| !new.contains_key(*key)).collect();
            json!(["o", changed, removed])
        }
        (Value::Array(old), Value::Array(new)) => {
            let mut changed = Map::new();
            for (index, value) in new.iter().enumerate() {
                match old.get(index) {
                    Some(before) if before == value => {}
                    Some(before) => {
                        changed.insert(index.to_string(), diff(before, value));
                    }
                    None => {
                        changed.insert(index.to_string(), json!(["=", value]));
                    }
                }
            }
            json!(["a", new.len(), changed])
        }
        _ => json!(["=", target]),
    }
}

/// `base` with `patch` applied; an error names what in the patch does not fit.
pub fn apply(base: &Value, patch: &Value) -> Result<Value, String> {
    let parts = patch
        .as_array()
        .ok_or_else(|| "a patch is not an array".to_string())?;
    match (parts.first().and_then(Value::as_str), parts.as_slice()) {
        (Some("="), [_, value]) => Ok(value.clone()),
        (Some("o"), [_, Value::Object(changed), Value::Array(removed)]) => {
            let mut object = match base {
                Value::Object(object) => object.clone(),
                _ => return Err("an object patch meets something else".into()),
            };
            for key in removed {
                let key = key.as_str().ok_or("a removed key is not a string")?;
                object.remove(key);
            }
            for (key, patch) in changed {
                let before = object.get(key).cloned().unwrap_or(Value::Null);
                object.insert(key.clone(), apply(&before, patch)?);
            }
            Ok(Value::Object(object))
        }
        (Some("a"), [_, length, Value::Object(changed)]) => {
            let mut array = match base {
                Value::Array(array) => array.clone(),
                _ => return Err("an array patch meets something else".into()),
            };
            let length = length
                .as_u64()
                .and_then(|length| usize::try_from(length).ok())
                .ok_or("an array length is not a whole number")?;
            if length > array.len() + changed.len() {
                return Err("an array patch grows the array past its new elements".into());
            }
            array.resize(length, Value::Null);
            for (index, patch) in changed {
                let index: usize = index
                    .parse()
                    .map_err(|_| format!("{index:?} is not an array index"))?;
                let slot = array
                    .get_mut(index)
                    .ok_or_else(|| format!("index {index} is past the array's end"))?;
                *slot = apply(slot, patch)?;
            }
            Ok(Value::Array(array))
        }
        _ => Err("a patch has an unknown shape".into()),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-c]{0,3}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-d]", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn applying_the_diff_gives_the_target(base in json_value(), target in json_value()) {
            let patch = diff(&base, &target);
            prop_assert_eq!(apply(&base, &patch), Ok(target));
        }
    }

    #[test]
    fn a_small_change_makes_a_small_patch() {
        let base = json!({"vpcs": [{"id": "vpc-1", "cidr": "172.31.0.0/16"}], "keys": {}, "n": 1});
        let target =
            json!({"vpcs": [{"id": "vpc-1", "cidr": "172.31.0.0/16"}], "keys": {"web": null}});
        let patch = diff(&base, &target);
        assert_eq!(
            patch,
            json!(["o", {"keys": ["o", {"web": ["=", null]}, []]}, ["n"]])
        );
        assert_eq!(apply(&base, &patch).unwrap(), target);
    }

    #[test]
    fn a_damaged_patch_is_an_error_not_a_panic() {
        let base = json!({"a": [1, 2]});
        for patch in [
            json!("x"),
            json!(["?"]),
            json!(["o", {"a": ["a", 9, {}]}, []]),
            json!(["o", {"a": ["a", 2, {"7": ["=", 1]}]}, []]),
            json!(["o", {"a": ["o", {}, []]}, []]),
            json!(["a", 1, {}]),
        ] {
            assert!(apply(&base, &patch).is_err(), "{patch}");
        }
    }
}
