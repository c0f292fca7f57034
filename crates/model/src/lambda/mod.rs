//! AWS Lambda: functions whose Python code really runs (see [`runtime`]), with
//! an execution role that decides what the code may do (every SDK call it makes
//! goes through the IAM evaluator as that role), versions and aliases, a
//! resource-based policy saying who may invoke it (S3, API Gateway), cold and
//! warm starts on the simulated clock, and invocation logs in CloudWatch Logs
//! (written only if the role may write them, as in AWS).
//!
//! Not simulated: Node.js, Java and the other runtimes (refused at creation),
//! container images, layers, VPC access, provisioned concurrency, SnapStart,
//! destinations, event source mappings (SQS, Kinesis, DynamoDB streams), function
//! URLs, and the bill (the labs stay inside the free tier). An asynchronous
//! invocation runs at once rather than from a queue.

mod errors;
mod functions;
mod invoke;
pub mod package;
mod permissions;
pub mod runtime;
mod sdk;
mod versions;

use std::collections::BTreeMap;

pub use errors::LambdaError;
pub use functions::*;
pub use invoke::*;
pub use permissions::*;
pub use versions::*;

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;

/// Runtimes functions can be created with here.
pub const PYTHON_RUNTIMES: &[&str] = &[
    "python3.9",
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
];

/// Python runtimes Lambda no longer lets you create or update functions with.
pub const DEPRECATED_RUNTIMES: &[&str] = &["python2.7", "python3.6", "python3.7", "python3.8"];

/// How long an execution environment stays warm after an invocation.
pub const WARM_FOR_MS: u64 = 10 * 60 * 1000;

/// Lambda in one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LambdaState {
    /// Functions, by name.
    pub functions: Vec<Function>,
}

/// A function: `$LATEST` (editable), its published versions and its aliases.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Function {
    /// The name.
    pub name: String,
    /// `$LATEST`.
    pub latest: FunctionConfig,
    /// Published versions, oldest first (numbered from 1).
    pub versions: Vec<PublishedVersion>,
    /// Aliases, by name.
    pub aliases: Vec<Alias>,
    /// The resource-based policy's statements.
    pub policy: Vec<PolicyStatement>,
    /// `Pending` after creation, then `Active`.
    pub state: String,
    /// When `Pending` ends.
    pub active_at: Option<SimTime>,
    /// When an update in progress finishes (`LastUpdateStatus`).
    pub update_done_at: Option<SimTime>,
    /// Reserved concurrency (`Some(0)` throttles every invocation).
    pub reserved_concurrency: Option<u32>,
    /// Warm execution environments, by version: until when, and their log stream.
    pub warm: BTreeMap<String, WarmEnvironment>,
    /// The latest invocations, newest last (at most [`KEPT_INVOCATIONS`]).
    pub invocations: Vec<InvocationRecord>,
    /// When it was created.
    pub created_at: SimTime,
}

/// A warm execution environment of one version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarmEnvironment {
    /// It is reused by invocations that start before this.
    pub until: SimTime,
    /// The log stream it writes to.
    pub log_stream: String,
}

/// Everything a version fixes: code and configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionConfig {
    /// `python3.13`.
    pub runtime: String,
    /// The execution role's ARN.
    pub role: String,
    /// `lambda_function.lambda_handler`.
    pub handler: String,
    /// The description.
    pub description: String,
    /// Seconds (1–900).
    pub timeout: u32,
    /// Megabytes (128–10,240).
    pub memory_size: u32,
    /// Environment variables.
    pub environment: BTreeMap<String, String>,
    /// The .zip, base64.
    pub package: String,
    /// Base64 of the package's SHA-256 (`CodeSha256`).
    pub code_sha256: String,
    /// The package's size in bytes.
    pub code_size: u64,
    /// When it last changed.
    pub last_modified: SimTime,
    /// Changes with every update (`RevisionId`).
    pub revision_id: String,
}

/// A published, unchangeable version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedVersion {
    /// `1`, `2`, ...
    pub number: u32,
    /// Its code and configuration.
    pub config: FunctionConfig,
}

/// A name pointing at a version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// `live`.
    pub name: String,
    /// `$LATEST` or a number.
    pub function_version: String,
    /// The description.
    pub description: String,
    /// Changes with every update.
    pub revision_id: String,
}

/// One statement of the function's resource-based policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyStatement {
    /// `Sid`.
    pub sid: String,
    /// `lambda:InvokeFunction`.
    pub action: String,
    /// A service (`s3.amazonaws.com`), an account id or an ARN.
    pub principal: String,
    /// Only requests on behalf of this resource (`AWS:SourceArn`).
    pub source_arn: Option<String>,
    /// Only requests on behalf of this account (`AWS:SourceAccount`).
    pub source_account: Option<String>,
    /// The version or alias it is attached to (`None`: the unqualified function).
    pub qualifier: Option<String>,
}

/// How many invocations each function remembers for the console and the checks.
pub const KEPT_INVOCATIONS: usize = 50;

/// One invocation, as the console's Monitor tab would list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvocationRecord {
    /// The request id.
    pub request_id: String,
    /// When it started.
    pub started_at: SimTime,
    /// The version that ran.
    pub version: String,
    /// Who invoked it: `cli`, `s3`, `apigateway`, `console`.
    pub source: String,
    /// Whether a new environment was started (and the module loaded).
    pub cold: bool,
    /// The handler's run time, in milliseconds.
    pub duration_ms: f64,
    /// The init phase's time on a cold start, in milliseconds.
    pub init_duration_ms: Option<f64>,
    /// `Success`, `Error` (with the error type) or `Timeout`.
    pub outcome: InvocationOutcome,
    /// Whether its log lines were written (the role may write logs).
    pub logged: bool,
}

/// How an invocation ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvocationOutcome {
    /// The handler returned.
    Success,
    /// It failed with this `errorType`.
    Error(String),
    /// It ran out of time.
    Timeout,
}

impl FunctionConfig {
    /// The package's files by path (empty if the package cannot be read).
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        crate::digest::base64_decode(&self.package)
            .and_then(|bytes| package::read_zip(&bytes).ok())
            .unwrap_or_default()
    }

    /// The file the handler's module is in (`lambda_function.py`).
    pub fn handler_file(&self) -> String {
        self.handler
            .rsplit_once('.')
            .map(|(module, _)| format!("{}.py", module.replace('.', "/")))
            .unwrap_or_default()
    }

    /// The package with `file` holding `text` (added or replaced), as base64:
    /// what the console's code editor deploys.
    pub fn package_with_file(&self, file: &str, text: &str, unix_seconds: u64) -> String {
        let mut files = self.files();
        files.insert(file.to_string(), text.as_bytes().to_vec());
        let entries: Vec<(String, Vec<u8>)> = files.into_iter().collect();
        crate::digest::base64_encode(&package::write_zip(&entries, unix_seconds))
    }
}

impl Function {
    /// The configuration of `$LATEST` or a published version.
    pub fn config(&self, version: &str) -> Option<&FunctionConfig> {
        if version == "$LATEST" {
            return Some(&self.latest);
        }
        let number: u32 = version.parse().ok()?;
        self.versions
            .iter()
            .find(|v| v.number == number)
            .map(|v| &v.config)
    }

    /// The alias named `name`.
    pub fn alias(&self, name: &str) -> Option<&Alias> {
        self.aliases.iter().find(|a| a.name == name)
    }

    /// The role's name, from its ARN.
    pub fn role_name(config: &FunctionConfig) -> &str {
        config.role.rsplit('/').next().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
