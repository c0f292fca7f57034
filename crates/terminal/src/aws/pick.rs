//! Reads a path (`Instances[0].InstanceId`, `Reservations[].Instances[].State.Name`)
//! out of a typed output while it is serialized, building only the nodes the path
//! reaches: what `--query` asks most (`--query GroupId --output text` after a create)
//! and what a waiter polls, without turning a whole `Reservation` into a JSON tree
//! first. The answers are the ones `query::search` gives on the full tree, since both
//! read the same serialization.

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::Value;

use super::query::Expr;

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// `Name`: a member of an object.
    Field(String),
    /// `[n]`: an element of a list, counted from the start.
    Index(usize),
    /// `[]`: every element of a list (a flattening projection).
    Each,
}

/// The steps of `expr` if it is a plain path of fields and non-negative indexes.
pub fn plain_path(expr: &Expr) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    push_steps(expr, &mut steps)?;
    Some(steps)
}

fn push_steps(expr: &Expr, steps: &mut Vec<Step>) -> Option<()> {
    match expr {
        Expr::Field(name) => steps.push(Step::Field(name.clone())),
        Expr::Index(i) => steps.push(Step::Index(usize::try_from(*i).ok()?)),
        Expr::Sub(left, right) | Expr::IndexExpr(left, right) => {
            push_steps(left, steps)?;
            push_steps(right, steps)?;
        }
        _ => return None,
    }
    Some(())
}

/// The steps of a projection path as botocore's waiters write them
/// (`Reservations[].Instances[].State.Name`): fields, each optionally followed by `[]`.
pub fn projection_path(src: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for segment in src.split('.').filter(|s| !s.is_empty()) {
        match segment.strip_suffix("[]") {
            Some(name) => {
                if !name.is_empty() {
                    steps.push(Step::Field(name.to_string()));
                }
                steps.push(Step::Each);
            }
            None => steps.push(Step::Field(segment.to_string())),
        }
    }
    steps
}

/// The value at a plain `path` in `value`'s serialization (`Null` where the path
/// leads nowhere, as JMESPath answers), or `None` if the output's shape is one this
/// does not read (an enum with data): the caller then searches the whole tree.
pub fn pick<T: Serialize + ?Sized>(value: &T, path: &[Step]) -> Option<Value> {
    let mut found = pick_all(value, path)?;
    Some(found.pop().unwrap_or(Value::Null))
}

/// Every value a path with projections reaches, flattened and without nulls, as
/// JMESPath answers `a[].b[].c`; `None` if the output's shape is one this does not
/// read.
pub fn pick_all<T: Serialize + ?Sized>(value: &T, path: &[Step]) -> Option<Vec<Value>> {
    let mut found = Vec::new();
    collect(value, path, &mut found, false).ok()?;
    Some(found)
}

/// Adds what `path` reaches in `value` to `found`. `from_each`: `value` is an element
/// a `[]` reached. JMESPath would flatten such an element again if it were a list,
/// and keep a scalar or an object that a later `[]` meets; those rare shapes are left
/// to the full search (an error here), so what this answers is JMESPath's answer.
fn collect<T: Serialize + ?Sized>(
    value: &T,
    path: &[Step],
    found: &mut Vec<Value>,
    from_each: bool,
) -> Result<(), serde_json::Error> {
    if path.is_empty() {
        match serde_json::to_value(value)? {
            Value::Null => {}
            Value::Array(_) if from_each => return Err(unsupported()),
            value => found.push(value),
        }
        Ok(())
    } else {
        value.serialize(Picker {
            path,
            found,
            from_each,
        })
    }
}

fn unsupported() -> serde_json::Error {
    ser::Error::custom("not a plain output")
}

/// Serializes a value looking for what `path` (never empty) reaches in it.
struct Picker<'p, 'f> {
    path: &'p [Step],
    found: &'f mut Vec<Value>,
    /// The value is an element a `[]` reached (see [`collect`]).
    from_each: bool,
}

impl Picker<'_, '_> {
    /// A value with no members or elements: the path leads nowhere, unless a `[]`
    /// meets it (JMESPath would keep it).
    fn scalar(self) -> Result<(), serde_json::Error> {
        match self.path.first() {
            Some(Step::Each) => Err(unsupported()),
            _ => Ok(()),
        }
    }
}

/// A scalar has no members or elements.
macro_rules! nowhere {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), serde_json::Error> {
            self.scalar()
        })*
    };
}

impl<'p, 'f> ser::Serializer for Picker<'p, 'f> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = PickSeq<'p, 'f>;
    type SerializeTuple = PickSeq<'p, 'f>;
    type SerializeTupleStruct = PickSeq<'p, 'f>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = PickMap<'p, 'f>;
    type SerializeStruct = PickMap<'p, 'f>;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    nowhere! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    // Null: a projection drops it.
    fn serialize_none(self) -> Result<(), Self::Error> {
        Ok(())
    }

    fn serialize_unit(self) -> Result<(), Self::Error> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Self::Error> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Self::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Self::Error> {
        Err(unsupported())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        PickSeq::new(self)
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Self::Error> {
        PickSeq::new(self)
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        PickSeq::new(self)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(unsupported())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        PickMap::new(self)
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        PickMap::new(self)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(unsupported())
    }
}

/// A list: the element at the first step's index, or every element for `[]`.
struct PickSeq<'p, 'f> {
    path: &'p [Step],
    found: &'f mut Vec<Value>,
    next: usize,
}

impl<'p, 'f> PickSeq<'p, 'f> {
    fn new(picker: Picker<'p, 'f>) -> Result<Self, serde_json::Error> {
        if picker.from_each {
            // A list inside a list a `[]` went through: JMESPath flattens it again.
            return Err(unsupported());
        }
        Ok(PickSeq {
            path: picker.path,
            found: picker.found,
            next: 0,
        })
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        let index = self.next;
        self.next += 1;
        match self.path.split_first() {
            Some((Step::Index(wanted), rest)) if *wanted == index => {
                collect(value, rest, self.found, false)
            }
            Some((Step::Each, rest)) => collect(value, rest, self.found, true),
            _ => Ok(()),
        }
    }
}

impl ser::SerializeSeq for PickSeq<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl ser::SerializeTuple for PickSeq<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for PickSeq<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// An object: the member the first step names.
struct PickMap<'p, 'f> {
    path: &'p [Step],
    found: &'f mut Vec<Value>,
    /// Whether the key just given is the wanted one.
    wanted_next: bool,
}

impl<'p, 'f> PickMap<'p, 'f> {
    fn new(picker: Picker<'p, 'f>) -> Result<Self, serde_json::Error> {
        if picker.path.first() == Some(&Step::Each) {
            // An object a `[]` meets: JMESPath keeps it as one element.
            return Err(unsupported());
        }
        Ok(PickMap {
            path: picker.path,
            found: picker.found,
            wanted_next: false,
        })
    }

    fn is_wanted(&self, key: &str) -> bool {
        matches!(self.path.first(), Some(Step::Field(name)) if name == key)
    }

    fn member<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        collect(value, self.path.get(1..).unwrap_or(&[]), self.found, false)
    }
}

impl ser::SerializeMap for PickMap<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        // JSON keys are text: a number or a boolean key reads as its digits or word.
        self.wanted_next = match serde_json::to_value(key)? {
            Value::String(k) => self.is_wanted(&k),
            Value::Number(n) => self.is_wanted(&n.to_string()),
            Value::Bool(b) => self.is_wanted(if b { "true" } else { "false" }),
            _ => false,
        };
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        if self.wanted_next {
            self.member(value)?;
        }
        Ok(())
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl ser::SerializeStruct for PickMap<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        if self.is_wanted(key) {
            self.member(value)?;
        }
        Ok(())
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::aws::query;

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Instance {
        instance_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        key_name: Option<String>,
        tags: BTreeMap<String, String>,
        state: State,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct State {
        code: u8,
        name: Name,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    enum Name {
        Running,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Reservation {
        instances: Vec<Instance>,
        owner_id: String,
    }

    fn reservation() -> Reservation {
        let instance = |id: &str, key: Option<&str>| Instance {
            instance_id: id.to_string(),
            key_name: key.map(str::to_string),
            tags: BTreeMap::from([("Name".to_string(), "web".to_string())]),
            state: State {
                code: 16,
                name: Name::Running,
            },
        };
        Reservation {
            instances: vec![instance("i-1", Some("k")), instance("i-2", None)],
            owner_id: "123456789012".into(),
        }
    }

    /// Every plain path answers as the search over the whole tree does.
    #[test]
    fn picks_what_search_finds() {
        let typed = reservation();
        let tree = serde_json::to_value(&typed).unwrap();
        for src in [
            "OwnerId",
            "Instances",
            "Instances[0]",
            "Instances[1].InstanceId",
            "Instances[1].KeyName",
            "Instances[0].State.Name",
            "Instances[0].State.Code",
            "Instances[0].Tags.Name",
            "Instances[5].InstanceId",
            "Instances[0].InstanceId.Nope",
            "OwnerId[0]",
            "Nope",
        ] {
            let path = plain_path(&query::compile(src).unwrap()).unwrap();
            assert_eq!(
                pick(&typed, &path),
                Some(query::search(src, &tree).unwrap()),
                "{src}"
            );
        }
        assert_eq!(
            pick(&typed, &[Step::Field("OwnerId".into())]),
            Some(json!("123456789012"))
        );
    }

    /// Projection paths, as waiters poll them, answer as `select` does on the tree.
    #[test]
    fn projections_collect_what_select_finds() {
        let typed = vec![reservation(), reservation()];
        let tree = serde_json::to_value(&typed).unwrap();
        for src in [
            "[].Instances[].State.Name",
            "[].Instances[].KeyName",
            "[]",
            "[].OwnerId",
        ] {
            let expected: Vec<Value> = query::select(src, &tree)
                .unwrap()
                .into_iter()
                .cloned()
                .collect();
            assert_eq!(
                pick_all(&typed, &projection_path(src)),
                Some(expected),
                "{src}"
            );
        }
        assert_eq!(
            projection_path("Reservations[].Instances[].State.Name"),
            [
                Step::Field("Reservations".into()),
                Step::Each,
                Step::Field("Instances".into()),
                Step::Each,
                Step::Field("State".into()),
                Step::Field("Name".into()),
            ]
        );
    }

    /// Shapes where a `[]` meets a list, a scalar or an object are left to the full
    /// search; whatever is answered is the search's answer.
    #[test]
    fn projections_answer_as_search_or_not_at_all() {
        for (data, src) in [
            (json!({"a": [{"b": [[1, 2], 3]}]}), "a[].b[]"),
            (json!({"a": [{"b": 5}, {"b": {"c": 1}}]}), "a[].b[]"),
            (json!({"a": [[{"c": 1}], {"c": 2}]}), "a[].c"),
            (json!({"a": [[1, 2], 3]}), "a[]"),
            (
                json!({"a": [{"b": [{"c": 1}, {"c": null}]}, {"b": null}]}),
                "a[].b[].c",
            ),
            (json!({"a": null}), "a[].b"),
            (json!({"1": {"x": 1}}), "a"),
        ] {
            let steps = projection_path(src);
            if let Some(picked) = pick_all(&data, &steps) {
                let expected: Vec<Value> = query::select(src, &data)
                    .map(|v| v.into_iter().cloned().collect())
                    .unwrap_or_default();
                assert_eq!(picked, expected, "{src} on {data}");
            }
        }
        let keyed: BTreeMap<u32, &str> = BTreeMap::from([(1, "one")]);
        assert_eq!(pick(&keyed, &[Step::Field("1".into())]), Some(json!("one")));
    }

    #[test]
    fn only_plain_paths_are_picked() {
        for src in [
            "Instances[].InstanceId",
            "Instances[-1]",
            "length(Instances)",
            "Instances[?InstanceId=='i-1']",
            "@",
        ] {
            assert_eq!(plain_path(&query::compile(src).unwrap()), None, "{src}");
        }
    }
}
