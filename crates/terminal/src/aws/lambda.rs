//! `aws lambda`: functions, versions, aliases, permissions and `invoke`, whose
//! response payload goes to the file named last on the line, as the AWS CLI
//! writes it. `--zip-file fileb://function.zip` is the CLI's shortcut for
//! `--code ZipFile=...`; CLI v2 reads `--payload` as base64 unless
//! `--cli-binary-format raw-in-base64-out` is given.

use serde_json::{Map, Value};

use super::Service;
use super::generated;
use super::operation::{CallError, Operation, call, call_unit};
use crate::shell::CmdResult;
use crate::vfs;
use crate::{Terminal, aws::args::Param};

/// Every supported `aws lambda` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::lambda::ADD_PERMISSION,
        "Lets a service or account invoke the function (its resource-based policy).",
        call!(add_permission),
    ),
    Operation::new(
        generated::lambda::CREATE_ALIAS,
        "Creates an alias pointing at a version.",
        call!(create_alias),
    ),
    Operation::new(
        generated::lambda::CREATE_FUNCTION,
        "Creates a function from a .zip package, with an execution role.",
        call!(create_function),
    ),
    Operation::new(
        generated::lambda::DELETE_ALIAS,
        "Deletes an alias.",
        call_unit!(delete_alias),
    ),
    Operation::new(
        generated::lambda::DELETE_FUNCTION,
        "Deletes a function (or one version). Its log group stays.",
        call_unit!(delete_function),
    ),
    Operation::new(
        generated::lambda::DELETE_FUNCTION_CONCURRENCY,
        "Removes the function's reserved concurrency.",
        call_unit!(delete_function_concurrency),
    ),
    Operation::new(
        generated::lambda::GET_ALIAS,
        "Describes an alias.",
        call!(get_alias),
    ),
    Operation::new(
        generated::lambda::GET_FUNCTION,
        "Describes a function and where its package can be downloaded.",
        call!(get_function),
    ),
    Operation::new(
        generated::lambda::GET_FUNCTION_CONFIGURATION,
        "Describes a function's settings.",
        call!(get_function_configuration),
    ),
    Operation::new(
        generated::lambda::GET_POLICY,
        "Shows the function's resource-based policy.",
        call!(get_function_policy),
    ),
    Operation::new(
        generated::lambda::INVOKE,
        "Runs the function and writes its response to a file.",
        call!(invoke),
    ),
    Operation::new(
        generated::lambda::LIST_ALIASES,
        "Lists a function's aliases.",
        call!(list_aliases),
    ),
    Operation::new(
        generated::lambda::LIST_FUNCTIONS,
        "Lists functions.",
        call!(list_functions),
    ),
    Operation::new(
        generated::lambda::LIST_VERSIONS_BY_FUNCTION,
        "Lists $LATEST and the published versions.",
        call!(list_versions_by_function),
    ),
    Operation::new(
        generated::lambda::PUBLISH_VERSION,
        "Publishes $LATEST as a numbered version that never changes.",
        call!(publish_version),
    ),
    Operation::new(
        generated::lambda::PUT_FUNCTION_CONCURRENCY,
        "Reserves concurrency for the function (0 stops every invocation).",
        call!(put_function_concurrency),
    ),
    Operation::new(
        generated::lambda::REMOVE_PERMISSION,
        "Removes a statement from the function's resource-based policy.",
        call_unit!(remove_permission),
    ),
    Operation::new(
        generated::lambda::UPDATE_ALIAS,
        "Points an alias at another version.",
        call!(update_alias),
    ),
    Operation::new(
        generated::lambda::UPDATE_FUNCTION_CODE,
        "Replaces the function's code with a new .zip.",
        call!(update_function_code),
    ),
    Operation::new(
        generated::lambda::UPDATE_FUNCTION_CONFIGURATION,
        "Changes the function's settings (timeout, memory, environment, role, handler).",
        call!(update_function_configuration),
    ),
];

/// `aws lambda`.
pub const LAMBDA: Service = Service {
    name: "lambda",
    title: "LAMBDA",
    description: "AWS Lambda runs your code without servers: you upload a function, and\n       Lambda runs it when something invokes it, billing by the millisecond.",
    operations: OPERATIONS,
    extra: &["wait"],
    regional: true,
};

fn takes_value(params: &[Param], option: &str) -> bool {
    let name = option.trim_start_matches("--");
    params
        .iter()
        .find(|p| p.name == name || Some(p.name) == name.strip_prefix("no-"))
        .is_none_or(|p| !matches!(p.shape, super::args::Shape::Bool))
}

/// The CLI's reading of the words before they are parsed: `invoke`'s
/// positional outfile becomes `--outfile`, and with `raw-in-base64-out` a
/// `--payload` typed as text is taken as it is (the parser decodes base64).
pub fn rewrite_words(
    operation: &str,
    params: &[Param],
    words: &[String],
    raw_payload: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut positional = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        if word.starts_with("--") {
            out.push(word.clone());
            if !word.contains('=')
                && takes_value(params, word)
                && let Some(value) = words.get(i + 1)
            {
                let is_payload = word == "--payload";
                let raw_text = is_payload
                    && raw_payload
                    && !value.starts_with("file://")
                    && !value.starts_with("fileb://");
                out.push(if raw_text {
                    cloudlab_model::digest::base64_encode(value.as_bytes())
                } else {
                    value.clone()
                });
                i += 1;
            }
        } else {
            positional.push(word.clone());
        }
        i += 1;
    }
    if operation == "Invoke" {
        if let Some(outfile) = positional.first() {
            out.push("--outfile".into());
            out.push(outfile.clone());
        }
        out.extend(positional.into_iter().skip(1));
    } else {
        out.extend(positional);
    }
    out
}

/// A blob read from a file (`fileb://`) as bytes, base64 for the model.
fn package_base64(text: &str) -> String {
    cloudlab_model::digest::base64_encode(&vfs::text_bytes(text))
}

/// Fills `Code.ZipFile` from `--zip-file`, and turns packages into base64.
pub fn prepare(
    term: &Terminal,
    operation: &str,
    params: &mut Map<String, Value>,
    custom: &[(String, Option<String>)],
) -> Result<(), CallError> {
    match operation {
        "CreateFunction" => {
            let zip = match custom
                .iter()
                .find(|(k, _)| k == "@zip-file")
                .and_then(|(_, v)| v.as_deref())
            {
                Some(value) => Some(read_blob(term, value)?),
                None => None,
            };
            let code = params
                .entry("Code")
                .or_insert_with(|| Value::Object(Map::new()));
            if let (Some(zip), Value::Object(code)) = (zip, &mut *code) {
                code.insert("ZipFile".into(), Value::String(zip));
            }
            if let Some(Value::String(zip)) = code.get_mut("ZipFile") {
                *zip = package_base64(zip);
            }
            if code.as_object().is_some_and(Map::is_empty) {
                return Err(CallError::Other(
                    "\nAn error occurred (InvalidParameterValueException) when calling the CreateFunction operation: Please provide a source for function code.\n".into(),
                ));
            }
        }
        "UpdateFunctionCode" => {
            if let Some(Value::String(zip)) = params.get_mut("ZipFile") {
                *zip = package_base64(zip);
            }
        }
        _ => {}
    }
    Ok(())
}

/// `--zip-file`'s value: a `fileb://` (or `file://`) file's contents, or the
/// text itself.
fn read_blob(term: &Terminal, value: &str) -> Result<String, CallError> {
    let Some(path) = value
        .strip_prefix("fileb://")
        .or_else(|| value.strip_prefix("file://"))
    else {
        return Ok(value.to_string());
    };
    term.vfs
        .read(&vfs::normalize(&term.cwd, path))
        .map(str::to_string)
        .map_err(|_| CallError::Other(format!("\nError parsing parameter '--zip-file': Unable to load paramfile {value}: [Errno 2] No such file or directory: '{path}'\n")))
}

/// `invoke`: writes the payload to the outfile and leaves the rest to print.
pub fn finish_invoke(
    term: &mut Terminal,
    now_unix: u64,
    outfile: &str,
    value: &mut Value,
) -> Result<(), CmdResult> {
    let payload = value
        .as_object_mut()
        .and_then(|map| map.remove("Payload"))
        .and_then(|p| p.as_str().map(str::to_string))
        .unwrap_or_default();
    let path = vfs::normalize(&term.cwd, outfile);
    term.vfs
        .write(&path, &payload, false, now_unix)
        .map_err(|e| CmdResult::fail(format!("\n[Errno 2] {e}: '{outfile}'\n"), 255))
}
