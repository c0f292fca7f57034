//! The CLI's three output formats, ported from the AWS CLI's `formatter.py`,
//! `text.py` and `table.py` so the simulated terminal prints what the real one does.

use serde::Serialize;
use serde_json::Value;

/// `--output` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Pretty JSON with a 4-space indent (the default).
    Json,
    /// Tab-separated text.
    Text,
    /// Box table titled with the operation name.
    Table,
}

impl OutputFormat {
    /// Parses an `--output` value.
    pub fn parse(s: &str) -> Option<OutputFormat> {
        match s {
            "json" => Some(OutputFormat::Json),
            "text" => Some(OutputFormat::Text),
            "table" => Some(OutputFormat::Table),
            _ => None,
        }
    }
}

/// How Python's `str()` prints a JSON scalar (the CLI's text and table output).
pub fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// JSON as `json.dump(indent=4, ensure_ascii=False)` prints it, plus a newline.
/// An empty object prints nothing, as in the CLI.
pub fn format_json(value: &Value) -> String {
    if value.as_object().is_some_and(|o| o.is_empty()) {
        return String::new();
    }
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    let mut s = String::from_utf8(buf).unwrap_or_default();
    s.push('\n');
    s
}

/// Text output (`text.py`).
pub fn format_text(value: &Value) -> String {
    let mut out = String::new();
    text_item(value, None, None, &mut out);
    out
}

fn text_item(
    item: &Value,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    match item {
        Value::Object(_) => text_dict(scalar_keys, item, identifier, out),
        Value::Array(items) => text_list(items, identifier, out),
        other => {
            out.push_str(&py_str(other));
            out.push('\n');
        }
    }
}

fn text_list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let mut keys: Vec<String> = Vec::new();
        for item in items {
            if let Value::Object(map) = item {
                for (k, v) in map {
                    if is_scalar(v) && !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
        }
        keys.sort();
        for item in items {
            text_item(item, identifier, Some(&keys), out);
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, non_scalars): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            text_scalar_list(&scalars, identifier, out);
        }
        for ns in non_scalars {
            text_item(ns, identifier, None, out);
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        text_scalar_list(&all, identifier, out);
    }
}

fn text_scalar_list(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for item in items {
                out.push_str(&id.to_uppercase());
                out.push('\t');
                out.push_str(&py_str(item));
                out.push('\n');
            }
        }
        None => {
            let parts: Vec<String> = items.iter().map(|v| py_str(v)).collect();
            out.push_str(&parts.join("\t"));
            out.push('\n');
        }
    }
}

fn text_dict(
    scalar_keys: Option<&[String]>,
    item: &Value,
    identifier: Option<&str>,
    out: &mut String,
) {
    let Value::Object(map) = item else {
        return;
    };
    let mut scalars: Vec<String> = Vec::new();
    let mut non_scalars: Vec<(String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for k in keys {
                if let Some(v) = map.get(k) {
                    if is_scalar(v) {
                        scalars.push(py_str(v));
                    } else {
                        non_scalars.push((k.clone(), v));
                    }
                }
            }
        }
        Some(keys) => {
            for k in keys {
                scalars.push(map.get(k).map(py_str).unwrap_or_default());
            }
            let mut rest: Vec<&String> = map.keys().filter(|k| !keys.contains(k)).collect();
            rest.sort();
            for k in rest {
                if let Some(v) = map.get(k) {
                    non_scalars.push((k.clone(), v));
                }
            }
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (k, v) in non_scalars {
        text_item(v, Some(&k), None, out);
    }
}

/// Display width as the CLI computes it (East Asian wide characters count 2).
fn text_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let cp = c as u32;
            let wide = (0x1100..=0x115F).contains(&cp)
                || (0x2E80..=0xA4CF).contains(&cp)
                || (0xAC00..=0xD7A3).contains(&cp)
                || (0xF900..=0xFAFF).contains(&cp)
                || (0xFE30..=0xFE4F).contains(&cp)
                || (0xFF00..=0xFF60).contains(&cp)
                || (0xFFE0..=0xFFE6).contains(&cp)
                || (0x1F300..=0x1FAFF).contains(&cp)
                || (0x20000..=0x3FFFD).contains(&cp);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[derive(Clone, Debug, Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent_level: usize,
    num_cols: Option<usize>,
    max_widths: Vec<usize>,
}

impl Section {
    fn update_max_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|s| text_width(s)).collect();
        } else {
            for (i, el) in row.iter().enumerate() {
                if let Some(w) = self.max_widths.get_mut(i) {
                    *w = (*w).max(text_width(el));
                }
            }
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_max_widths(&headers);
        if self.num_cols.is_none() {
            self.num_cols = Some(headers.len());
        }
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), String> {
        let n = *self.num_cols.get_or_insert(row.len());
        if row.len() != n {
            return Err(format!(
                "Row should have {n} elements, instead it has {}",
                row.len()
            ));
        }
        self.update_max_widths(&row);
        self.rows.push(row);
        Ok(())
    }

    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else {
            return unscaled;
        };
        let total: usize = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| (scale * *w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        let n = scaled.len();
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..n).rev().collect()
            } else {
                (0..n).collect()
            };
            for i in order {
                if let Some(s) = scaled.get_mut(i) {
                    if off_by > 0 {
                        *s -= 1;
                        off_by -= 1;
                    } else {
                        *s += 1;
                        off_by += 1;
                    }
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self, padding: usize, outer_padding: usize) -> usize {
        let border = 2;
        let total: usize = self
            .column_widths(0, None)
            .iter()
            .map(|w| w + padding)
            .sum::<usize>()
            + border
            + 2 * outer_padding;
        total.max(text_width(&self.title) + border + 2 * outer_padding)
    }
}

fn center_text(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = text_width(text) as i64;
    let char_start = (length as i64 / 2) - (text_len / 2) - 1;
    let mut out = String::from(left);
    out.push_str(&" ".repeat(char_start.max(0) as usize));
    out.push_str(text);
    let so_far = text_width(left) as i64 + char_start + text_len;
    let right_spaces = length as i64 - text_width(right) as i64 - so_far;
    out.push_str(&" ".repeat(right_spaces.max(0) as usize));
    out.push_str(right);
    out
}

fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = text_width(text);
    let computed = text_len + 2 + text_width(left) + text_width(right);
    let padding = if length >= computed { 2 } else { 0 };
    let mut out = String::from(left);
    out.push_str(&" ".repeat(padding));
    out.push_str(text);
    let so_far = left.chars().count() + padding + text_len;
    let fill = length as i64 - so_far as i64 - right.chars().count() as i64;
    out.push_str(&" ".repeat(fill.max(0) as usize));
    out.push_str(right);
    out
}

struct TableBuilder {
    sections: Vec<Section>,
}

impl TableBuilder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        // In bounds: the list was made non-empty just above.
        &mut self.sections[last]
    }

    fn new_section(&mut self, title: &str, indent_level: usize) {
        self.sections.push(Section {
            title: title.to_string(),
            indent_level,
            ..Section::default()
        });
    }

    fn build(
        &mut self,
        title: Option<&str>,
        current: &Value,
        indent: usize,
    ) -> Result<bool, String> {
        let empty = match current {
            Value::Null => true,
            Value::Bool(b) => !b,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::Number(n) => n.as_f64() == Some(0.0),
        };
        if empty {
            return Ok(false);
        }
        if let Some(t) = title {
            self.new_section(t, indent);
        }
        match current {
            Value::Array(items) => {
                if items.first().is_some_and(Value::is_object) {
                    self.sub_table_from_list(items, indent, title)?;
                } else {
                    for item in items {
                        match item {
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                self.current().add_row(inner.iter().map(py_str).collect())?
                            }
                            v if is_scalar(v) => self.current().add_row(vec![py_str(v)])?,
                            other => {
                                self.build(None, other, 0)?;
                            }
                        }
                    }
                }
            }
            Value::Object(_) => self.sub_table_from_dict(current, indent)?,
            _ => {}
        }
        Ok(true)
    }

    fn group_keys(current: &Value) -> (Vec<String>, Vec<String>) {
        let mut headers = Vec::new();
        let mut more = Vec::new();
        if let Value::Object(map) = current {
            for (k, v) in map {
                if is_scalar(v) {
                    headers.push(k.clone());
                } else {
                    more.push(k.clone());
                }
            }
        }
        headers.sort();
        more.sort();
        (headers, more)
    }

    fn sub_table_from_dict(&mut self, current: &Value, indent: usize) -> Result<(), String> {
        let (headers, more) = Self::group_keys(current);
        let get = |k: &str| current.get(k).map(py_str).unwrap_or_default();
        if let [only] = headers.as_slice() {
            let row = vec![only.clone(), get(only)];
            self.current().add_row(row)?;
        } else if !headers.is_empty() {
            let row = headers.iter().map(|k| get(k)).collect();
            self.current().add_header(headers);
            self.current().add_row(row)?;
        }
        for k in more {
            if let Some(v) = current.get(&k) {
                self.build(Some(&k), v, indent + 1)?;
            }
        }
        Ok(())
    }

    fn sub_table_from_list(
        &mut self,
        items: &[Value],
        indent: usize,
        title: Option<&str>,
    ) -> Result<(), String> {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in items {
            let (h, m) = Self::group_keys(item);
            for k in h {
                if !headers.contains(&k) {
                    headers.push(k);
                }
            }
            for k in m {
                if !more.contains(&k) {
                    more.push(k);
                }
            }
        }
        headers.sort();
        more.sort();
        self.current().add_header(headers.clone());
        let mut first = true;
        for element in items {
            if !first && !more.is_empty() {
                self.new_section(title.unwrap_or(""), indent);
                self.current().add_header(headers.clone());
            }
            first = false;
            let row = headers
                .iter()
                .map(|h| element.get(h).map(py_str).unwrap_or_default())
                .collect();
            self.current().add_row(row)?;
            for k in &more {
                if let Some(v) = element.get(k) {
                    self.build(Some(k), v, indent + 1)?;
                }
            }
        }
        Ok(())
    }

    fn render(mut self, terminal_width: usize) -> String {
        let max_width = |sections: &[Section]| {
            sections
                .iter()
                .map(|s| s.total_width(4, s.indent_level))
                .max()
                .unwrap_or(0)
        };
        let mut width = max_width(&self.sections);
        if width > terminal_width {
            for section in &mut self.sections {
                if section.rows.len() == 1 && !section.headers.is_empty() {
                    let mut vertical = Section {
                        title: section.title.clone(),
                        indent_level: section.indent_level,
                        ..Section::default()
                    };
                    let headers = section.headers.clone();
                    let row = section.rows.first().cloned().unwrap_or_default();
                    for (h, e) in headers.into_iter().zip(row) {
                        // Two columns each time, so this cannot fail.
                        let _ = vertical.add_row(vec![h, e]);
                    }
                    *section = vertical;
                }
            }
            width = max_width(&self.sections);
        }
        let mut out = "-".repeat(width);
        out.push('\n');
        for section in &self.sections {
            render_section(section, width, &mut out);
        }
        out
    }
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push('+');
            s.push_str(&"-".repeat(w.saturating_sub(2)));
            s.push('+');
        } else {
            s.push_str(&"-".repeat(w.saturating_sub(1)));
            s.push('+');
        }
    }
    s
}

fn render_section(section: &Section, max_width: usize, out: &mut String) {
    let indent = section.indent_level;
    let mut write = |line: &str| {
        out.push_str(&"|".repeat(indent));
        out.push_str(line);
        out.push_str(&"|".repeat(indent));
        out.push('\n');
    };
    let width = max_width.saturating_sub(indent * 2);
    if !section.title.is_empty() {
        write(&center_text(&section.title, width, "|", "|"));
        if section.headers.is_empty() && section.rows.is_empty() {
            write(&format!("+{}+", "-".repeat(width.saturating_sub(2))));
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(4, Some(width));
        let mut line = String::new();
        for (i, (w, h)) in widths.iter().zip(&section.headers).enumerate() {
            line.push_str(&center_text(h, *w, if i == 0 { "|" } else { "" }, "|"));
        }
        write(&line_break(&widths));
        write(&line);
    }
    if !section.rows.is_empty() {
        let widths = section.column_widths(4, Some(width));
        if widths.is_empty() {
            return;
        }
        write(&line_break(&widths));
        for row in &section.rows {
            let mut line = String::new();
            for (i, (w, e)) in widths.iter().zip(row).enumerate() {
                line.push_str(&align_left(e, *w, if i == 0 { "|" } else { "" }, "|"));
            }
            write(&line);
        }
        write(&line_break(&widths));
    }
}

/// Table output (`table.py`), titled with the operation name, for an 80-column
/// terminal. Returns the CLI's error text if a list mixes row lengths.
pub fn format_table(title: &str, value: &Value) -> Result<String, String> {
    let mut builder = TableBuilder {
        sections: Vec::new(),
    };
    if builder.build(Some(title), value, 0)? {
        Ok(builder.render(80))
    } else {
        Ok(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Expected strings were produced by the AWS CLI's own formatter modules
    // (awscli.text.format_text / awscli.formatter.TableFormatter) on the same data.

    #[test]
    fn json_is_indented_by_four_and_keeps_order() {
        let v = json!({"KeyName": "k", "KeyFingerprint": "f", "Tags": [], "Nested": {"A": null}});
        assert_eq!(
            format_json(&v),
            "{\n    \"KeyName\": \"k\",\n    \"KeyFingerprint\": \"f\",\n    \"Tags\": [],\n    \"Nested\": {\n        \"A\": null\n    }\n}\n"
        );
        assert_eq!(format_json(&json!({})), "");
        assert_eq!(format_json(&json!("x")), "\"x\"\n");
        assert_eq!(format_json(&json!("한글")), "\"한글\"\n");
    }

    #[test]
    fn text_output() {
        let v = json!({"Reservations": [{"ReservationId": "r-1", "OwnerId": "123",
            "Instances": [{"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"},
                "Tags": [{"Key": "Name", "Value": "web"}], "EbsOptimized": false, "Kernel": null}]}]});
        assert_eq!(
            format_text(&v),
            "RESERVATIONS\t123\tr-1\nINSTANCES\tFalse\ti-1\tNone\nSTATE\t16\trunning\nTAGS\tName\tweb\n"
        );
        assert_eq!(format_text(&json!("abc")), "abc\n");
        assert_eq!(format_text(&json!(["a", "b"])), "a\tb\n");
        assert_eq!(format_text(&json!([["a", "b"], ["c"]])), "a\tb\nc\n");
        assert_eq!(format_text(&json!(null)), "None\n");
        assert_eq!(format_text(&json!([])), "");
        assert_eq!(
            format_text(&json!({"GroupIds": ["sg-1", "sg-2"]})),
            "GROUPIDS\tsg-1\nGROUPIDS\tsg-2\n"
        );
        assert_eq!(format_text(&json!([{"a": 1}, {"b": 2}])), "1\t\n\t2\n");
    }

    #[test]
    fn table_output() {
        let v = json!({"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/learner", "UserId": "AIDAX"});
        assert_eq!(
            format_table("GetCallerIdentity", &v).unwrap(),
            concat!(
                "----------------------------------------------------------------------\n",
                "|                          GetCallerIdentity                         |\n",
                "+--------------+------------------------------------------+----------+\n",
                "|    Account   |                   Arn                    | UserId   |\n",
                "+--------------+------------------------------------------+----------+\n",
                "|  123456789012|  arn:aws:iam::123456789012:user/learner  |  AIDAX   |\n",
                "+--------------+------------------------------------------+----------+\n",
            )
        );
        let v = json!({"KeyPairs": [{"KeyName": "a", "KeyPairId": "key-1"}, {"KeyName": "bb", "KeyPairId": "key-2"}]});
        assert_eq!(
            format_table("DescribeKeyPairs", &v).unwrap(),
            concat!(
                "----------------------------\n",
                "|     DescribeKeyPairs     |\n",
                "+--------------------------+\n",
                "||        KeyPairs        ||\n",
                "|+----------+-------------+|\n",
                "||  KeyName |  KeyPairId  ||\n",
                "|+----------+-------------+|\n",
                "||  a       |  key-1      ||\n",
                "||  bb      |  key-2      ||\n",
                "|+----------+-------------+|\n",
            )
        );
        let v = json!([["i-1", "running"], ["i-2", "stopped"]]);
        assert_eq!(
            format_table("DescribeInstances", &v).unwrap(),
            concat!(
                "--------------------\n",
                "| DescribeInstances|\n",
                "+------+-----------+\n",
                "|  i-1 |  running  |\n",
                "|  i-2 |  stopped  |\n",
                "+------+-----------+\n",
            )
        );
        assert_eq!(format_table("X", &json!({})).unwrap(), "");
    }
}
