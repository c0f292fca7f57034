//! CloudLab's Python runtime for Lambda: handlers run in [monty] 0.0.23, a
//! sandboxed Python interpreter written in Rust (Ruff's parser, its own bytecode
//! VM; no CPython, no C, no access to the host), so the code a learner writes is
//! really run, in the browser.
//!
//! What a handler gets:
//! - the Python monty implements: functions, classes, comprehensions, f-strings,
//!   exceptions, `json`, `os` (`os.environ`, `os.getenv`), `math`, `re`,
//!   `datetime`, `base64`, `collections`, `itertools`, `functools`, `dataclasses`;
//! - `boto3.client('dynamodb')` and `boto3.client('s3')`, and
//!   `boto3.resource('dynamodb').Table(name)`, whose calls the model answers as the
//!   function's execution role ([`sdk`]);
//! - `time.sleep` and `time.time` on the invocation's own clock, so a sleep
//!   counts against the function's timeout without waiting;
//! - `print`, whose lines land in the function's CloudWatch log stream.
//!
//! What it refuses: any other import (`requests`, `urllib`, `logging`, `decimal`:
//! `ModuleNotFoundError`), files and the network (there are none), and code that
//! runs longer than [`SANDBOX_WALL_CLOCK`] of real time (it times out). One value
//! larger than the function's memory is refused with `MemoryError`; memory that
//! grows a little at a time is bounded only by that time limit. Numbers read from
//! DynamoDB come back as `int` or `float` (boto3 gives `Decimal`), and
//! `botocore`'s `ClientError` cannot be caught by name (`except Exception` can).
//! Module-level state is not kept between invocations: each one loads the module
//! again (a warm start does so silently).

mod convert;
mod host;
pub mod sdk;
mod source;

use std::time::Duration;

use cloudlab_model::lambda::runtime::{
    FunctionFailure, PythonInvocation, PythonRuntime, RunOutcome, RuntimeHost, RuntimeResult,
};
use monty::{MontyRepl, ReplProgress, ReplStartError};
use monty_types::{
    CompileOptions, ExcType, ExtFunctionResult, MontyException, MontyObject, NameLookupResult,
    OsFunctionCall, PrintWriter, ResourceLimits, ResourceTracker,
};

use crate::host::HostObjects;

/// Real time one phase (loading the module, or calling the handler) may take
/// before the sandbox stops it. It bounds an endless loop; the function's own
/// timeout is counted on the simulated clock.
pub const SANDBOX_WALL_CLOCK: Duration = Duration::from_millis(1500);

/// What one invocation may print before `MemoryError` (bytes).
const PRINT_LIMIT: usize = 256 * 1024;

/// The interpreter, as the model's [`PythonRuntime`].
#[derive(Debug)]
pub struct MontyPython;

/// The one instance [`install`] hands to the model.
pub static MONTY_PYTHON: MontyPython = MontyPython;

/// Makes this interpreter the one Lambda's Python functions run in.
pub fn install() {
    cloudlab_model::lambda::runtime::install_python_runtime(&MONTY_PYTHON);
}

impl PythonRuntime for MontyPython {
    fn invoke(
        &self,
        invocation: &PythonInvocation<'_>,
        host: &mut dyn RuntimeHost,
    ) -> RuntimeResult {
        let mut printed = String::new();
        let outcome = run(invocation, host, &mut printed);
        RuntimeResult { outcome, printed }
    }

    fn describe(&self) -> &'static str {
        "monty 0.0.23"
    }
}

/// Where a run stopped other than by returning.
enum Stop {
    /// A Python exception, with the session to read it against.
    Raised(MontyException),
    /// The invocation's clock passed the function's timeout, or the sandbox's
    /// real-time limit was reached.
    OutOfTime,
}

fn run(
    invocation: &PythonInvocation<'_>,
    host: &mut dyn RuntimeHost,
    printed: &mut String,
) -> RunOutcome {
    let loaded = match source::load(invocation.files, invocation.handler) {
        Ok(loaded) => loaded,
        Err(error) => {
            return RunOutcome::Failed(FunctionFailure {
                error_type: error.error_type.to_string(),
                message: error.message,
                stack_trace: Vec::new(),
                during_init: true,
            });
        }
    };
    let limits = ResourceLimits {
        max_duration: Some(SANDBOX_WALL_CLOCK),
        max_memory: Some(invocation.context.memory_limit_in_mb as usize * 1024 * 1024),
        ..ResourceLimits::default()
    };
    let mut objects = HostObjects::new(invocation.context, invocation.context.timeout_ms);
    let repl = MontyRepl::new(
        &loaded.file,
        ResourceTracker::new(limits.clone()),
        CompileOptions::default(),
    );
    let inputs = loaded
        .bindings
        .iter()
        .map(|(name, binding)| (name.clone(), objects.binding(binding)))
        .collect();

    // The init phase: a cold start loads the module and its prints reach the log;
    // a warm start's copy of the module was loaded before, so it loads quietly.
    let mut quiet = String::new();
    let init_out = if invocation.cold {
        &mut *printed
    } else {
        &mut quiet
    };
    let repl = match drive(
        repl.feed_start(&loaded.source, inputs, collect(init_out)),
        &mut objects,
        host,
        invocation,
        init_out,
    ) {
        Ok((repl, _)) => repl,
        Err(Stop::OutOfTime) => return RunOutcome::TimedOut,
        Err(Stop::Raised(exc)) => return RunOutcome::Failed(init_failure(&loaded, &exc, &objects)),
    };
    if !repl.has_function(&loaded.function) {
        return RunOutcome::Failed(FunctionFailure {
            error_type: "Runtime.HandlerNotFound".into(),
            message: format!(
                "Handler '{}' missing on module '{}'",
                loaded.function, loaded.module
            ),
            stack_trace: Vec::new(),
            during_init: false,
        });
    }
    let mut repl = repl;
    *repl.tracker_mut() = ResourceTracker::new(limits);
    let call = format!("{}(__lambda_event__, __lambda_context__)", loaded.function);
    let inputs = vec![
        (
            "__lambda_event__".to_string(),
            convert::json_to_python(invocation.event),
        ),
        ("__lambda_context__".to_string(), objects.context()),
    ];
    match drive(
        repl.feed_start(&call, inputs, collect(printed)),
        &mut objects,
        host,
        invocation,
        printed,
    ) {
        Ok((_, value)) => match convert::python_to_json(&value) {
            Ok(json) => RunOutcome::Returned(json),
            Err(type_name) => RunOutcome::Failed(FunctionFailure {
                error_type: "Runtime.MarshalError".into(),
                message: format!(
                    "Unable to marshal response: Object of type {type_name} is not JSON serializable"
                ),
                stack_trace: Vec::new(),
                during_init: false,
            }),
        },
        Err(Stop::OutOfTime) => RunOutcome::TimedOut,
        Err(Stop::Raised(exc)) => RunOutcome::Failed(handler_failure(&loaded, &exc, &objects)),
    }
}

fn collect(out: &mut String) -> PrintWriter<'_> {
    PrintWriter::CollectString(out, Some(PRINT_LIMIT))
}

/// Runs a snippet to its end, answering every call it makes of the host.
fn drive(
    mut step: Result<ReplProgress, Box<ReplStartError>>,
    objects: &mut HostObjects,
    host: &mut dyn RuntimeHost,
    invocation: &PythonInvocation<'_>,
    out: &mut String,
) -> Result<(MontyRepl, MontyObject), Stop> {
    let mut answered = 0usize;
    loop {
        let progress = match step {
            Ok(progress) => progress,
            Err(error) => {
                let exc = error.error;
                return Err(if is_time_limit(&exc) {
                    Stop::OutOfTime
                } else {
                    Stop::Raised(exc)
                });
            }
        };
        answered += 1;
        if answered > ResourceLimits::default().max_suspensions {
            return Err(Stop::Raised(MontyException::new(
                ExcType::RuntimeError,
                Some("too many calls to AWS in one invocation".into()),
            )));
        }
        step = match progress {
            ReplProgress::Complete { repl, value } => return Ok((repl, value)),
            ReplProgress::FunctionCall(call) => {
                let result = objects.call(
                    call.object_id,
                    &call.function_name,
                    &call.args,
                    &call.kwargs,
                    host,
                );
                if host.elapsed_ms() >= invocation.context.timeout_ms {
                    return Err(Stop::OutOfTime);
                }
                call.resume(result, collect(out))
            }
            ReplProgress::NameLookup(lookup) => {
                let answer = match lookup.object_id() {
                    Some(id) => objects.attribute(id, &lookup.name),
                    None => NameLookupResult::Undefined,
                };
                lookup.resume(answer, collect(out))
            }
            ReplProgress::OsCall(call) => {
                let result = match &call.function_call {
                    OsFunctionCall::GetEnviron => ExtFunctionResult::Return(MontyObject::Dict(
                        invocation
                            .environment
                            .iter()
                            .map(|(k, v)| {
                                (
                                    MontyObject::String(k.clone()),
                                    MontyObject::String(v.clone()),
                                )
                            })
                            .collect::<Vec<_>>()
                            .into(),
                    )),
                    OsFunctionCall::Getenv(args) => ExtFunctionResult::Return(
                        invocation
                            .environment
                            .get(&args.key)
                            .map(|v| MontyObject::String(v.clone()))
                            .unwrap_or_else(|| args.default.clone()),
                    ),
                    other => ExtFunctionResult::Error(MontyException::new(
                        ExcType::PermissionError,
                        Some(format!(
                            "[Errno 30] Read-only file system: {} is not available in this function",
                            other.name()
                        )),
                    )),
                };
                call.resume(result, collect(out))
            }
            ReplProgress::ResolveFutures(waiting) => {
                let exc = MontyException::new(
                    ExcType::RuntimeError,
                    Some("asyncio is not supported in a handler".into()),
                );
                waiting.abort(exc, collect(out))
            }
        };
    }
}

fn is_time_limit(exc: &MontyException) -> bool {
    exc.exc_type() == ExcType::TimeoutError
        && exc
            .message()
            .is_some_and(|m| m.starts_with("time limit exceeded"))
}

/// The stack trace as the Python runtime lists it, one frame per entry:
/// `  File "/var/task/lambda_function.py", line 5, in lambda_handler\n    return 1/0\n`.
fn stack_trace(loaded: &source::LoadedModule, exc: &MontyException) -> Vec<String> {
    exc.traceback()
        .iter()
        .filter(|frame| frame.filename == "<python-input-0>")
        .map(|frame| {
            let name = frame.frame_name.as_deref().unwrap_or("<module>");
            let mut entry = format!(
                "  File \"/var/task/{}\", line {}, in {name}\n",
                loaded.file, frame.start.line
            );
            if let Some(line) = &frame.preview_line {
                entry.push_str(&format!("    {}\n", line.trim()));
            }
            entry
        })
        .collect()
}

/// `str(exc)`, as Lambda's `errorMessage` shows it: a `KeyError` prints the
/// key's repr (`'missing'`).
fn message_of(exc: &MontyException) -> String {
    let message = exc.message().unwrap_or_default();
    if exc.exc_type() == ExcType::KeyError {
        let quote = if message.contains('\'') && !message.contains('"') {
            '"'
        } else {
            '\''
        };
        format!("{quote}{message}{quote}")
    } else {
        message.to_string()
    }
}

fn init_failure(
    loaded: &source::LoadedModule,
    exc: &MontyException,
    objects: &HostObjects,
) -> FunctionFailure {
    let (error_type, message) = match exc.exc_type() {
        ExcType::SyntaxError => (
            "Runtime.UserCodeSyntaxError".to_string(),
            format!(
                "Syntax error in module '{}': {} ({}, line {})",
                loaded.module,
                message_of(exc),
                loaded.file,
                exc.traceback().first().map_or(1, |f| f.start.line)
            ),
        ),
        ExcType::ModuleNotFoundError | ExcType::ImportError => (
            "Runtime.ImportModuleError".to_string(),
            format!(
                "Unable to import module '{}': {}",
                loaded.module,
                message_of(exc)
            ),
        ),
        _ => (objects.error_type(exc), message_of(exc)),
    };
    FunctionFailure {
        error_type,
        message,
        stack_trace: stack_trace(loaded, exc),
        during_init: true,
    }
}

fn handler_failure(
    loaded: &source::LoadedModule,
    exc: &MontyException,
    objects: &HostObjects,
) -> FunctionFailure {
    FunctionFailure {
        error_type: objects.error_type(exc),
        message: message_of(exc),
        stack_trace: stack_trace(loaded, exc),
        during_init: false,
    }
}

#[cfg(test)]
mod tests;
