//! The seam between Lambda and the code a function runs. The model decides
//! everything around an invocation (which version, cold or warm, the role, the
//! timeout, the logs, the bill); a [`PythonRuntime`] runs the handler. The
//! runtime is installed once by whoever links one (`cloudlab-python`): the web
//! app fetches it with the chapters that need it, so the model itself never
//! carries an interpreter. Without one, an invocation fails with a message that
//! says so.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

/// What the handler is called with and what it can see.
#[derive(Clone, Copy, Debug)]
pub struct PythonInvocation<'a> {
    /// The deployment package's files, by path inside the package.
    pub files: &'a BTreeMap<String, Vec<u8>>,
    /// The handler setting, `module.function` (`lambda_function.lambda_handler`).
    pub handler: &'a str,
    /// The event, as the function receives it after `json.loads`.
    pub event: &'a Value,
    /// The function's environment variables (`os.environ`).
    pub environment: &'a BTreeMap<String, String>,
    /// What the `context` object tells the handler.
    pub context: &'a InvocationContext,
    /// Whether the module is loaded first (a cold start runs the module's top level
    /// in the init phase; a warm start reuses it).
    pub cold: bool,
}

/// The Lambda context object's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvocationContext {
    /// `context.function_name`.
    pub function_name: String,
    /// `context.function_version` (`$LATEST` or a number).
    pub function_version: String,
    /// `context.invoked_function_arn` (with the alias or version if one was named).
    pub invoked_function_arn: String,
    /// `context.memory_limit_in_mb`.
    pub memory_limit_in_mb: u32,
    /// `context.aws_request_id`.
    pub aws_request_id: String,
    /// `context.log_group_name`.
    pub log_group_name: String,
    /// `context.log_stream_name`.
    pub log_stream_name: String,
    /// The function's timeout, in milliseconds.
    pub timeout_ms: u64,
}

/// An SDK call the function's code made, refused by the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkError {
    /// AWS's error code (`AccessDeniedException`).
    pub code: String,
    /// AWS's message.
    pub message: String,
}

/// What a running handler can ask of the account. The model answers as the
/// function's execution role.
pub trait RuntimeHost {
    /// An AWS API call in the service's own wire shape (`dynamodb`, `PutItem`,
    /// `{"TableName": .., "Item": {"id": {"S": ..}}}`); the answer is the
    /// operation's output in the same shape.
    fn sdk_call(
        &mut self,
        service: &str,
        operation: &str,
        params: Value,
    ) -> Result<Value, SdkError>;
    /// `time.sleep`: moves the invocation's own clock.
    fn sleep_ms(&mut self, ms: u64);
    /// Milliseconds the invocation has run so far (its clock, not the browser's).
    fn elapsed_ms(&self) -> u64;
    /// The simulated wall clock, in Unix milliseconds (`time.time()`).
    fn now_unix_ms(&self) -> u64;
}

/// How a Python invocation ended.
#[derive(Clone, Debug, PartialEq)]
pub enum RunOutcome {
    /// The handler returned this value (already JSON).
    Returned(Value),
    /// The code raised, or could not be loaded or called.
    Failed(FunctionFailure),
    /// The invocation's clock passed the function's timeout (a `time.sleep`, slow
    /// calls), or the code ran past the real time the sandbox allows (an endless
    /// loop): the function times out.
    TimedOut,
}

/// A failure as Lambda reports it in the response payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionFailure {
    /// `errorType`: the exception's class name, or a `Runtime.*` reason.
    pub error_type: String,
    /// `errorMessage`.
    pub message: String,
    /// `stackTrace`, one entry per frame as the Python runtime prints them.
    pub stack_trace: Vec<String>,
    /// Whether it happened while loading the module (the init phase).
    pub during_init: bool,
}

/// What a runtime returns: the outcome and what the code printed.
#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeResult {
    /// Returned, failed or ran away.
    pub outcome: RunOutcome,
    /// Everything the code printed, in order (each line becomes a log event).
    pub printed: String,
}

/// A Python interpreter that can run handlers.
pub trait PythonRuntime: Sync {
    /// Runs `invocation`'s handler, answering SDK calls and time through `host`.
    fn invoke(
        &self,
        invocation: &PythonInvocation<'_>,
        host: &mut dyn RuntimeHost,
    ) -> RuntimeResult;
    /// The interpreter's name and version, for messages (`monty 0.0.23`).
    fn describe(&self) -> &'static str;
}

static PYTHON: OnceLock<&'static dyn PythonRuntime> = OnceLock::new();

/// Installs the Python runtime; later calls keep the first one.
pub fn install_python_runtime(runtime: &'static dyn PythonRuntime) {
    let _ = PYTHON.set(runtime);
}

/// The installed Python runtime, if any.
pub fn python_runtime() -> Option<&'static dyn PythonRuntime> {
    PYTHON.get().copied()
}
