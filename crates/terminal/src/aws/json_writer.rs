//! The CLI's `--output json` text written straight from a typed output: four-space
//! indentation and `serde_json`'s escaping, byte for byte what `serde_json`'s
//! pretty printer writes (a test compares them), with one string copy per JSON
//! string instead of a call per byte: `describe-key-pairs` on a full account
//! writes tens of kilobytes a call.

use serde::Serialize;
use serde::ser::{self, Error as _};

/// `value` as the CLI's pretty JSON (no trailing newline).
pub fn to_pretty_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    write(value, true)
}

/// `value` as compact JSON on one line, as `serde_json::to_string` writes it.
pub fn to_compact_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    write(value, false)
}

fn write<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Result<String, serde_json::Error> {
    let mut writer = JsonWriter {
        out: String::with_capacity(1024),
        depth: 0,
        pretty,
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

struct JsonWriter {
    out: String,
    depth: usize,
    pretty: bool,
}

const SPACES: &str = "                                                                ";

impl JsonWriter {
    fn newline(&mut self) {
        if !self.pretty {
            return;
        }
        self.out.push('\n');
        let mut width = self.depth * 4;
        while width > 0 {
            let step = width.min(SPACES.len());
            self.out.push_str(SPACES.get(..step).unwrap_or(""));
            width -= step;
        }
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        let mut rest = text;
        // Runs that need no escape are copied whole; only `"`, `\\` and control
        // characters (all ASCII) are written one at a time.
        while let Some(at) = rest
            .bytes()
            .position(|b| b < 0x20 || b == b'"' || b == b'\\')
        {
            // `at` is an ASCII byte's position, so both halves are text.
            let (run, special) = (rest.get(..at).unwrap_or(""), rest.get(at..).unwrap_or(""));
            self.out.push_str(run);
            let byte = special.as_bytes().first().copied().unwrap_or(b' ');
            match byte {
                b'"' => self.out.push_str("\\\""),
                b'\\' => self.out.push_str("\\\\"),
                0x08 => self.out.push_str("\\b"),
                0x0c => self.out.push_str("\\f"),
                b'\n' => self.out.push_str("\\n"),
                b'\r' => self.out.push_str("\\r"),
                b'\t' => self.out.push_str("\\t"),
                other => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(char::from(HEX[usize::from(other >> 4)]));
                    self.out.push(char::from(HEX[usize::from(other & 0xf)]));
                }
            }
            rest = special.get(1..).unwrap_or("");
        }
        self.out.push_str(rest);
        self.out.push('"');
    }

    fn begin(&mut self, open: char) -> Compound<'_> {
        self.out.push(open);
        self.depth += 1;
        Compound {
            writer: self,
            first: true,
            close: if open == '{' { '}' } else { ']' },
            wrapped: false,
            raw: false,
        }
    }

    /// `{"Variant": ` before a variant's data, as `serde_json` writes enums.
    fn begin_variant(&mut self, variant: &str) {
        self.out.push('{');
        self.depth += 1;
        self.newline();
        self.string(variant);
        self.colon();
    }

    fn end_variant(&mut self) {
        self.depth -= 1;
        self.newline();
        self.out.push('}');
    }

    fn colon(&mut self) {
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    fn display(&mut self, value: impl std::fmt::Display) {
        use std::fmt::Write as _;
        let _ = write!(self.out, "{value}");
    }
}

/// The struct name serde_json gives a `RawValue` (its `raw_value` feature is on).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// An object or array being written.
struct Compound<'a> {
    writer: &'a mut JsonWriter,
    first: bool,
    close: char,
    /// Inside `{"Variant": ...}`, closed with it.
    wrapped: bool,
    /// A raw JSON text, written as it is.
    raw: bool,
}

impl Compound<'_> {
    fn item(&mut self) {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
        self.writer.newline();
    }

    fn close(self) {
        if self.raw {
            return;
        }
        self.writer.depth -= 1;
        if !self.first {
            self.writer.newline();
        }
        self.writer.out.push(self.close);
        if self.wrapped {
            self.writer.end_variant();
        }
    }
}

impl<'a> ser::Serializer for &'a mut JsonWriter {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Self::Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Self::Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<(), Self::Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<(), Self::Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<(), Self::Error> {
        self.display(v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Self::Error> {
        self.display(v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Self::Error> {
        self.display(v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Self::Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<(), Self::Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<(), Self::Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<(), Self::Error> {
        self.display(v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Self::Error> {
        // serde_json's own float text (ryu), `null` for NaN and infinities.
        self.out.push_str(&serde_json::to_string(&v)?);
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Self::Error> {
        self.out.push_str(&serde_json::to_string(&v)?);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Self::Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Self::Error> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Self::Error> {
        use ser::SerializeSeq as _;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }

    fn serialize_none(self) -> Result<(), Self::Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Self::Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Self::Error> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Self::Error> {
        self.serialize_none()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Self::Error> {
        self.string(variant);
        Ok(())
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
        variant: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.begin_variant(variant);
        value.serialize(&mut *self)?;
        self.end_variant();
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Self::Error> {
        Ok(self.begin('['))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Self::Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Self::Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Self::Error> {
        self.begin_variant(variant);
        let mut compound = self.begin('[');
        compound.wrapped = true;
        Ok(compound)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Self::Error> {
        Ok(self.begin('{'))
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>, Self::Error> {
        if name == RAW_VALUE_TOKEN {
            // A `serde_json::value::RawValue`: its text goes out as it is.
            return Ok(Compound {
                writer: self,
                first: true,
                close: ' ',
                wrapped: false,
                raw: true,
            });
        }
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Self::Error> {
        self.begin_variant(variant);
        let mut compound = self.begin('{');
        compound.wrapped = true;
        Ok(compound)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.item();
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Self::Error> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        self.item();
        // Keys are strings in JSON; serde_json quotes numbers and booleans too.
        match serde_json::to_value(key)? {
            serde_json::Value::String(text) => self.writer.string(&text),
            serde_json::Value::Number(n) => self.writer.string(&n.to_string()),
            serde_json::Value::Bool(b) => self.writer.string(if b { "true" } else { "false" }),
            _ => return Err(serde_json::Error::custom("key must be a string")),
        }
        self.writer.colon();
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Self::Error> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        if self.raw {
            if let serde_json::Value::String(text) = serde_json::to_value(value)? {
                self.writer.out.push_str(&text);
            }
            return Ok(());
        }
        self.item();
        self.writer.string(key);
        self.writer.colon();
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), Self::Error> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        self.close();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    fn serde_pretty<T: Serialize>(value: &T) -> String {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        value
            .serialize(&mut serde_json::Serializer::with_formatter(
                &mut out, formatter,
            ))
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Sample {
        name: String,
        count: u32,
        offset: i64,
        ratio: f64,
        whole: f64,
        on: bool,
        missing: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<String>,
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        tags: BTreeMap<String, String>,
        nested: Vec<Vec<u8>>,
        kinds: Vec<Kind>,
        keyed: BTreeMap<u32, bool>,
        unit: (),
    }

    #[derive(Serialize)]
    enum Kind {
        Plain,
        Wrapped(String),
        Pair(u8, u8),
        Shaped { x: u8 },
    }

    /// Every kind of value writes as serde_json's pretty printer writes it.
    #[test]
    fn writes_what_serde_json_writes() {
        let sample = Sample {
            name: "quote \" back \\ tab \t nl \n bell \u{7} del \u{7f} 한국어 /".into(),
            count: 3,
            offset: -42,
            ratio: 0.1 + 0.2,
            whole: 3.0,
            on: true,
            missing: None,
            skipped: None,
            empty_list: Vec::new(),
            empty_map: BTreeMap::new(),
            tags: BTreeMap::from([("Name".into(), "web".into()), ("".into(), "".into())]),
            nested: vec![vec![], vec![1, 2]],
            kinds: vec![
                Kind::Plain,
                Kind::Wrapped("w".into()),
                Kind::Pair(1, 2),
                Kind::Shaped { x: 9 },
            ],
            keyed: BTreeMap::from([(1, true), (20, false)]),
            unit: (),
        };
        assert_eq!(to_pretty_json(&sample).unwrap(), serde_pretty(&sample));
        assert_eq!(
            to_compact_json(&sample).unwrap(),
            serde_json::to_string(&sample).unwrap()
        );
        for value in [
            json!({}),
            json!([]),
            json!(null),
            json!("s"),
            json!({"A": {"B": [{"C": []}]}, "D": 1e300, "E": f64::MIN_POSITIVE}),
        ] {
            assert_eq!(
                to_pretty_json(&value).unwrap(),
                serde_pretty(&value),
                "{value}"
            );
            assert_eq!(
                to_compact_json(&value).unwrap(),
                value.to_string(),
                "{value}"
            );
        }
    }

    #[test]
    fn raw_values_and_wide_integers_write_as_serde_json_writes_them() {
        #[derive(Serialize)]
        struct Wrapper {
            raw: Box<serde_json::value::RawValue>,
            wide: i128,
            unsigned: u128,
        }
        let value = Wrapper {
            raw: serde_json::value::RawValue::from_string(r#"{"a":[1,2]}"#.into()).unwrap(),
            wide: -170141183460469231731687303715884105728,
            unsigned: 340282366920938463463374607431768211455,
        };
        assert_eq!(to_pretty_json(&value).unwrap(), serde_pretty(&value));
        assert_eq!(
            to_compact_json(&value).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }

    #[test]
    fn deep_nesting_indents_past_the_spaces_kept() {
        let mut value = json!("leaf");
        for _ in 0..40 {
            value = json!([value]);
        }
        assert_eq!(to_pretty_json(&value).unwrap(), serde_pretty(&value));
    }
}
