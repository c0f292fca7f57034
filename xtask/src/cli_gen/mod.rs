//! `cargo xtask vendor-botocore` and `cargo xtask gen-cli`: the terminal's `aws`
//! option tables, generated from botocore's service models.
//!
//! - `vendor-botocore --from DIR [service:Operation]...` reads botocore's
//!   `data/<service>/<version>/service-2.json(.gz)` (from the `botocore` wheel on
//!   PyPI) and writes `xtask/botocore/<service>.json`: the operations the labs use
//!   (those already vendored plus any named), their input shapes and nothing else
//!   (no documentation, no outputs).
//! - `gen-cli` reads those files and writes `crates/terminal/src/aws/generated/`:
//!   per operation its CLI name, API name and options (name, request member,
//!   shape, required), with the CLI's own customizations ([`customizations`]).
//!   The test `generated_tables_are_up_to_date` fails when the committed output
//!   differs from what the generator writes.

pub mod customizations;
pub mod names;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Map, Value, json};

use crate::util::{self, Result};
use customizations::Customization;
use names::{static_name, xform_name};

/// Where the vendored, pruned models live.
pub fn vendored_dir(root: &Path) -> PathBuf {
    root.join("xtask/botocore")
}

/// Where the generated tables go.
pub fn generated_dir(root: &Path) -> PathBuf {
    root.join("crates/terminal/src/aws/generated")
}

/// The services whose models are vendored, in name order.
fn vendored_services(root: &Path) -> Result<Vec<String>> {
    let mut services = Vec::new();
    for entry in std::fs::read_dir(vendored_dir(root))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            services.push(stem.to_string());
        }
    }
    services.sort();
    Ok(services)
}

fn read_json(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice()).read_to_string(&mut text)?;
        text
    } else {
        String::from_utf8(bytes)?
    };
    Ok(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?)
}

/// The newest `service-2.json(.gz)` of `service` under botocore's `data` folder.
fn upstream_model(data: &Path, service: &str) -> Result<PathBuf> {
    let dir = data.join(service);
    let mut versions: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    versions.sort();
    let newest = versions
        .pop()
        .ok_or_else(|| format!("no API version under {}", dir.display()))?;
    for name in ["service-2.json", "service-2.json.gz"] {
        if newest.join(name).exists() {
            return Ok(newest.join(name));
        }
    }
    Err(format!("no service-2.json in {}", newest.display()).into())
}

/// The shape keys the generator reads; everything else (documentation, XML
/// names, outputs) stays out of the repository.
const KEPT_SHAPE_KEYS: &[&str] = &[
    "type", "required", "members", "member", "key", "value", "min", "max", "enum",
];

/// Copies the operations the labs use out of botocore's data folder `from`:
/// those already vendored, plus `added` (`ec2:DescribeVolumes`).
pub fn vendor(root: &Path, from: &Path, added: &[String]) -> Result<()> {
    let mut wanted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for service in vendored_services(root)? {
        let model = read_json(&vendored_dir(root).join(format!("{service}.json")))?;
        let operations = model["operations"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        wanted.insert(service, operations);
    }
    for name in added {
        let (service, operation) = name
            .split_once(':')
            .ok_or_else(|| format!("`{name}`: write service:Operation (ec2:DescribeVolumes)"))?;
        wanted
            .entry(service.to_string())
            .or_default()
            .insert(operation.to_string());
    }
    // `from` is `.../botocore/data`; the package's `__init__.py` names its version.
    let init = from.join("../__init__.py");
    let version = std::fs::read_to_string(&init)
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("__version__"))?;
            Some(line.split(['\'', '"']).nth(1)?.to_string())
        })
        .ok_or_else(|| format!("no __version__ in {}", init.display()))?;
    util::write(&vendored_dir(root).join("VERSION"), format!("{version}\n"))?;
    for (service, operations) in &wanted {
        let source = upstream_model(from, service)?;
        let model = read_json(&source)?;
        let pruned = prune(&model, operations).map_err(|e| format!("{}: {e}", source.display()))?;
        let mut text = serde_json::to_string_pretty(&pruned)?;
        text.push('\n');
        util::write(&vendored_dir(root).join(format!("{service}.json")), text)?;
        println!(
            "vendor-botocore: {service}: {} operations",
            operations.len()
        );
    }
    Ok(())
}

/// `model` cut down to `operations` and the shapes their inputs reach.
fn prune(model: &Value, operations: &BTreeSet<String>) -> Result<Value> {
    let shapes = model["shapes"].as_object().ok_or("no shapes")?;
    let mut kept_operations = Map::new();
    let mut todo: Vec<String> = Vec::new();
    for name in operations {
        let op = &model["operations"][name];
        if op.is_null() {
            return Err(format!("no operation {name}").into());
        }
        let mut kept = Map::new();
        kept.insert("name".into(), json!(name));
        if let Some(input) = op["input"]["shape"].as_str() {
            kept.insert("input".into(), json!({ "shape": input }));
            todo.push(input.to_string());
        }
        if op["deprecated"].as_bool() == Some(true) {
            kept.insert("deprecated".into(), json!(true));
        }
        kept_operations.insert(name.clone(), Value::Object(kept));
    }
    let mut kept_shapes: BTreeMap<String, Value> = BTreeMap::new();
    while let Some(name) = todo.pop() {
        if kept_shapes.contains_key(&name) {
            continue;
        }
        let shape = shapes
            .get(&name)
            .ok_or_else(|| format!("no shape {name}"))?;
        let mut kept = Map::new();
        for key in KEPT_SHAPE_KEYS {
            if let Some(value) = shape.get(*key) {
                let value = if *key == "members" {
                    let mut members = Map::new();
                    for (member, target) in value.as_object().into_iter().flatten() {
                        let mut m = Map::new();
                        m.insert("shape".into(), target["shape"].clone());
                        if target["deprecated"].as_bool() == Some(true) {
                            m.insert("deprecated".into(), json!(true));
                        }
                        members.insert(member.clone(), Value::Object(m));
                    }
                    Value::Object(members)
                } else if matches!(*key, "member" | "key" | "value") {
                    json!({ "shape": value["shape"] })
                } else {
                    value.clone()
                };
                kept.insert((*key).to_string(), value);
            }
        }
        for target in referenced_shapes(&kept) {
            todo.push(target);
        }
        kept_shapes.insert(name, Value::Object(kept));
    }
    let metadata = &model["metadata"];
    Ok(json!({
        "metadata": {
            "apiVersion": metadata["apiVersion"],
            "protocol": metadata["protocol"],
            "serviceId": metadata["serviceId"],
            "uid": metadata["uid"],
        },
        "operations": kept_operations,
        "shapes": kept_shapes.into_iter().collect::<Map<_, _>>(),
    }))
}

/// The shapes a (pruned) shape refers to.
fn referenced_shapes(shape: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["member", "key", "value"] {
        if let Some(name) = shape.get(key).and_then(|v| v["shape"].as_str()) {
            out.push(name.to_string());
        }
    }
    if let Some(members) = shape.get("members").and_then(Value::as_object) {
        for target in members.values() {
            if let Some(name) = target["shape"].as_str() {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// Writes the generated tables into the terminal crate.
pub fn generate(root: &Path) -> Result<()> {
    let files = generated_files(root)?;
    let dir = generated_dir(root);
    for (name, text) in &files {
        util::write(&dir.join(name), text)?;
    }
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let stale = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !files.iter().any(|(name, _)| name == n));
        if stale {
            std::fs::remove_file(&path)?;
        }
    }
    println!(
        "gen-cli: wrote {} files to {}",
        files.len(),
        dir.strip_prefix(root).unwrap_or(&dir).display()
    );
    Ok(())
}

/// Every generated file, `(file name, formatted text)`.
pub fn generated_files(root: &Path) -> Result<Vec<(String, String)>> {
    let version = read_botocore_version(root)?;
    let services = vendored_services(root)?;
    let mut files = Vec::new();
    let mut module = String::from(
        "//! The `aws` option tables generated by `cargo xtask gen-cli` from botocore's\n\
         //! service models (vendored in `xtask/botocore/`). Do not edit: change the\n\
         //! vendored model or `xtask/src/cli_gen/` and run the generator again.\n\n",
    );
    for service in &services {
        let model = read_json(&vendored_dir(root).join(format!("{service}.json")))?;
        let text = service_module(service, &model, &version)?;
        files.push((format!("{service}.rs"), rustfmt(root, &text)?));
        writeln!(module, "pub mod {service};")?;
    }
    files.push(("mod.rs".to_string(), rustfmt(root, &module)?));
    Ok(files)
}

/// The botocore version the vendored models come from (`xtask/botocore/VERSION`).
fn read_botocore_version(root: &Path) -> Result<String> {
    Ok(util::read_to_string(&vendored_dir(root).join("VERSION"))?
        .trim()
        .to_string())
}

/// Formats generated Rust with the project's rustfmt settings.
fn rustfmt(root: &Path, text: &str) -> Result<String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("rustfmt: {e} (install it with `rustup component add rustfmt`)"))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write as _;
        stdin.write_all(text.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt refused the generated code: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// The scalar shapes, by botocore type: the static each maps to.
fn scalar_static(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "string" => ("STR", "Shape::Str"),
        "integer" | "long" => ("INT", "Shape::Int"),
        "double" | "float" => ("FLOAT", "Shape::Float"),
        "boolean" => ("BOOL", "Shape::Bool"),
        "blob" => ("BLOB", "Shape::Blob"),
        "timestamp" => ("TIMESTAMP", "Shape::Timestamp"),
        _ => return None,
    })
}

/// One service's generated module.
fn service_module(service: &str, model: &Value, version: &str) -> Result<String> {
    // The CLI's command for botocore's service (`aws s3api` is botocore's `s3`).
    let command = match service {
        "s3" => "s3api",
        other => other,
    };
    let shapes = model["shapes"]
        .as_object()
        .ok_or_else(|| format!("{service}: no shapes"))?;
    let operations = model["operations"]
        .as_object()
        .ok_or_else(|| format!("{service}: no operations"))?;
    let api_version = model["metadata"]["apiVersion"].as_str().unwrap_or("?");
    let mut used_scalars: BTreeSet<&str> = BTreeSet::new();
    let mut used_shapes: BTreeSet<String> = BTreeSet::new();
    let shape_ref = |name: &str,
                     used_scalars: &mut BTreeSet<&str>,
                     used_shapes: &mut BTreeSet<String>|
     -> Result<String> {
        let shape = shapes
            .get(name)
            .ok_or_else(|| format!("{service}: no shape {name}"))?;
        let kind = shape["type"].as_str().unwrap_or("");
        Ok(match scalar_static(kind) {
            Some((scalar, _)) => {
                used_scalars.insert(scalar);
                format!("&{scalar}")
            }
            None => {
                used_shapes.insert(name.to_string());
                format!("&{}", static_name(name))
            }
        })
    };

    let mut ops_text = String::new();
    for (name, op) in operations {
        let cli = xform_name(name);
        let custom = customizations::of(service, name);
        let mut params = Vec::new();
        if let Some(input) = op["input"]["shape"].as_str() {
            let input_shape = shapes
                .get(input)
                .ok_or_else(|| format!("{service}: no shape {input}"))?;
            let required: Vec<&str> = input_shape["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            for (member, target) in input_shape["members"].as_object().into_iter().flatten() {
                if custom.is_some_and(|c: &Customization| c.removed.contains(&member.as_str())) {
                    continue;
                }
                let target = target["shape"]
                    .as_str()
                    .ok_or_else(|| format!("{service}: {input}.{member} has no shape"))?;
                let shape = shape_ref(target, &mut used_scalars, &mut used_shapes)?;
                let optional_here =
                    custom.is_some_and(|c: &Customization| c.optional.contains(&member.as_str()));
                let make = if required.contains(&member.as_str()) && !optional_here {
                    "req"
                } else {
                    "p"
                };
                params.push(format!(
                    "{make}({:?}, {member:?}, {shape})",
                    xform_name(member)
                ));
            }
        }
        for added in custom.map(|c| c.added).unwrap_or_default() {
            let scalar = if added.flag { "BOOL" } else { "STR" };
            used_scalars.insert(scalar);
            let make = if added.required { "req" } else { "p" };
            let shape = if added.many {
                used_scalars.insert("STRINGS");
                "STRINGS"
            } else {
                scalar
            };
            params.push(format!(
                "{make}({:?}, \"@{}\", &{shape})",
                added.name, added.name
            ));
        }
        writeln!(
            ops_text,
            "/// `aws {command} {cli}` ({name}).\npub const {}: OperationModel = OperationModel {{ name: {cli:?}, operation: {name:?}, params: &[{}] }};\n",
            static_name(name),
            params.join(", ")
        )?;
    }
    // The shapes the options reach, and the shapes those reach.
    let mut shapes_text = String::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    loop {
        let pending: Vec<String> = used_shapes.difference(&done).cloned().collect();
        if pending.is_empty() {
            break;
        }
        for name in pending {
            done.insert(name.clone());
            let shape = &shapes[&name];
            let body = match shape["type"].as_str().unwrap_or("") {
                "list" => {
                    let member = shape["member"]["shape"]
                        .as_str()
                        .ok_or_else(|| format!("{service}: list {name} has no member"))?;
                    format!(
                        "Shape::List({})",
                        shape_ref(member, &mut used_scalars, &mut used_shapes)?
                    )
                }
                "map" => {
                    let value = shape["value"]["shape"]
                        .as_str()
                        .ok_or_else(|| format!("{service}: map {name} has no value"))?;
                    format!(
                        "Shape::Map({})",
                        shape_ref(value, &mut used_scalars, &mut used_shapes)?
                    )
                }
                "structure" => {
                    let mut members = Vec::new();
                    for (member, target) in shape["members"].as_object().into_iter().flatten() {
                        let target = target["shape"]
                            .as_str()
                            .ok_or_else(|| format!("{service}: {name}.{member} has no shape"))?;
                        members.push(format!(
                            "({member:?}, {})",
                            shape_ref(target, &mut used_scalars, &mut used_shapes)?
                        ));
                    }
                    format!("Shape::Struct(&[{}])", members.join(", "))
                }
                other => return Err(format!("{service}: shape {name} has type {other}").into()),
            };
            writeln!(
                shapes_text,
                "static {}: Shape = {body};",
                static_name(&name)
            )?;
        }
    }
    let mut out = format!(
        "//! `aws {command}`'s options: botocore {version}'s `{service}` model (API version\n\
         //! {api_version}) with the AWS CLI's customizations. Generated by `cargo xtask\n\
         //! gen-cli`; do not edit.\n\n\
         use crate::aws::args::Shape;\n\
         use crate::aws::operation::{{OperationModel, p, req}};\n\n"
    );
    for scalar in &used_scalars {
        let body = [
            "string",
            "integer",
            "double",
            "boolean",
            "blob",
            "timestamp",
        ]
        .iter()
        .filter_map(|k| scalar_static(k))
        .find(|(s, _)| s == scalar)
        .map(|(_, body)| body)
        .unwrap_or(if *scalar == "STRINGS" {
            "Shape::List(&STR)"
        } else {
            "Shape::Str"
        });
        writeln!(out, "static {scalar}: Shape = {body};")?;
    }
    out.push('\n');
    out.push_str(&shapes_text);
    out.push('\n');
    out.push_str(&ops_text);
    let names: BTreeSet<String> = done.iter().map(|n| static_name(n)).collect();
    if let Some(clash) = used_scalars.iter().find(|s| names.contains(**s)) {
        return Err(format!("{service}: a shape's static is named like the scalar {clash}").into());
    }
    if names.len() != done.len() {
        return Err(format!("{service}: two shapes have the same static name").into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed tables are what the generator writes from the vendored models
    /// (run `cargo xtask gen-cli` after changing either).
    #[test]
    fn generated_tables_are_up_to_date() {
        let root = util::repo_root();
        let dir = generated_dir(&root);
        for (name, text) in generated_files(&root).expect("the generator runs") {
            let committed = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
            assert!(
                committed == text,
                "crates/terminal/src/aws/generated/{name} is stale: run `cargo xtask gen-cli`"
            );
        }
    }

    #[test]
    fn pruning_keeps_only_what_inputs_reach() {
        let model = json!({
            "metadata": { "apiVersion": "2020-01-01", "protocol": "json" },
            "operations": {
                "PutThing": { "name": "PutThing", "input": { "shape": "PutThingRequest" },
                              "output": { "shape": "PutThingResult" }, "documentation": "x" },
                "Other": { "name": "Other", "input": { "shape": "OtherRequest" } }
            },
            "shapes": {
                "PutThingRequest": { "type": "structure", "required": ["Tags"],
                    "members": { "Tags": { "shape": "TagList", "documentation": "d" } } },
                "TagList": { "type": "list", "member": { "shape": "Tag", "locationName": "item" } },
                "Tag": { "type": "structure", "members": { "Key": { "shape": "String" } } },
                "String": { "type": "string", "max": 5 },
                "PutThingResult": { "type": "structure", "members": {} },
                "OtherRequest": { "type": "structure", "members": {} }
            }
        });
        let wanted: BTreeSet<String> = ["PutThing".to_string()].into();
        let pruned = prune(&model, &wanted).unwrap();
        let shapes = pruned["shapes"].as_object().unwrap();
        let names: Vec<&String> = shapes.keys().collect();
        assert_eq!(names, ["PutThingRequest", "String", "Tag", "TagList"]);
        assert_eq!(
            pruned["shapes"]["TagList"]["member"],
            json!({ "shape": "Tag" })
        );
        assert_eq!(pruned["shapes"]["String"]["max"], json!(5));
        assert!(pruned["operations"]["Other"].is_null());
        assert!(pruned["operations"]["PutThing"]["documentation"].is_null());
    }
}
