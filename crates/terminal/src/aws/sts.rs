//! `aws sts`: `get-caller-identity`, the "who am I" call of every course.

use cloudlab_model::Cloud;

use super::args::{self, GlobalOptions, Param};
use super::{arg_error, render, usage_error};
use crate::Terminal;
use crate::shell::CmdResult;

/// The supported `aws sts` subcommands.
pub const OPERATIONS: &[(&str, &str, &str)] = &[(
    "get-caller-identity",
    "GetCallerIdentity",
    "Returns the account, user id and ARN of the caller.",
)];

/// Runs `aws sts <args>`.
pub fn run(
    term: &mut Terminal,
    cloud: &mut Cloud,
    globals: &GlobalOptions,
    words: &[String],
) -> CmdResult {
    let Some(sub) = words.first() else {
        return usage_error("the following arguments are required: operation");
    };
    let rest = words.get(1..).unwrap_or(&[]);
    if sub == "help" {
        return CmdResult::ok(super::help::sts());
    }
    if sub != "get-caller-identity" {
        let names: Vec<&str> = OPERATIONS.iter().map(|o| o.0).collect();
        return usage_error(&format!(
            "argument operation: {}",
            args::invalid_choice(sub, &names)
        ));
    }
    if rest.len() == 1 && rest.first().map(String::as_str) == Some("help") {
        return CmdResult::ok(super::help::sts_operation());
    }
    const NO_PARAMS: &[Param] = &[];
    if let Err(e) = args::parse_params(rest, NO_PARAMS, &|_| Err(String::new())) {
        return arg_error(e);
    }
    if let Err(e) = super::config::resolve_credentials(term, globals) {
        return e.to_result();
    }
    let identity = cloud.get_caller_identity();
    match serde_json::to_value(identity) {
        Ok(value) => render(term, globals, "GetCallerIdentity", &value),
        Err(e) => CmdResult::fail(format!("\n{e}\n"), 255),
    }
}
