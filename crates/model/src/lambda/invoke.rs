//! Running a function: `$LATEST`, a version or an alias; a cold start (a new
//! execution environment: the init phase loads the module) or a warm one; the
//! code run by the installed [`runtime`](super::runtime) as the execution role;
//! the log lines Lambda writes around it; and the response.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::functions::split_function_ref;
use super::runtime::{
    FunctionFailure, InvocationContext, PythonInvocation, RunOutcome, python_runtime,
};
use super::sdk::FunctionHost;
use super::{
    Function, InvocationOutcome, InvocationRecord, KEPT_INVOCATIONS, LambdaError, WARM_FOR_MS,
    WarmEnvironment,
};
use crate::auth::{Caller, CallerIdentity};
use crate::cloud::Cloud;
use crate::digest;

/// `lambda invoke`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InvokeInput {
    /// The function (name, ARN, or `name:qualifier`).
    pub function_name: String,
    /// A version or alias.
    pub qualifier: Option<String>,
    /// `RequestResponse` (default), `Event` or `DryRun`.
    pub invocation_type: Option<String>,
    /// `Tail` returns the last 4 KB of the log.
    pub log_type: Option<String>,
    /// The event, as JSON text.
    pub payload: Option<String>,
}

/// `invoke`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvokeOutput {
    /// 200, 202 (`Event`) or 204 (`DryRun`).
    pub status_code: u16,
    /// `Unhandled` when the function failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_error: Option<String>,
    /// Base64 of the log's last 4 KB, with `--log-type Tail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_result: Option<String>,
    /// The version that ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executed_version: Option<String>,
    /// The response (JSON text); the CLI writes it to the outfile.
    pub payload: String,
}

/// One run of a function, as the services that invoke it see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    /// The request id.
    pub request_id: String,
    /// The version that ran.
    pub version: String,
    /// The response payload (the handler's value, or the error document).
    pub payload: Value,
    /// `Some("Unhandled")` when it failed or timed out.
    pub function_error: Option<String>,
    /// The log lines of this invocation (written or not).
    pub log_lines: Vec<String>,
}

/// A warm start's share of the init time; a cold start takes 120 to 260 ms to
/// start Python and load the module.
const INIT_MS: (u64, u64) = (120_000, 140_000);

fn timeout_text(seconds: u32) -> String {
    format!("Task timed out after {seconds}.00 seconds")
}

impl Cloud {
    /// `lambda invoke`. The caller needs `lambda:InvokeFunction`.
    pub fn invoke(&mut self, input: InvokeInput) -> Result<InvokeOutput, LambdaError> {
        let (name, from_ref) = split_function_ref(&input.function_name);
        self.lambda_call("Invoke", "InvokeFunction", &name.clone(), |c| {
            let invocation_type = input.invocation_type.as_deref().unwrap_or("RequestResponse");
            if !["RequestResponse", "Event", "DryRun"].contains(&invocation_type) {
                return Err(LambdaError::Validation(format!(
                    "1 validation error detected: Value '{invocation_type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"
                )));
            }
            let text = input.payload.as_deref().unwrap_or("{}");
            let event: Value = serde_json::from_str(if text.trim().is_empty() { "{}" } else { text }).map_err(|e| {
                LambdaError::InvalidRequestContent(format!(
                    "Could not parse request body into json: Could not parse payload into json: {e}"
                ))
            })?;
            let f = c.find_function(&name)?;
            let version = c.resolve_version(f, input.qualifier.as_deref().or(from_ref.as_deref()))?;
            if invocation_type == "DryRun" {
                return Ok(InvokeOutput {
                    status_code: 204,
                    function_error: None,
                    log_result: None,
                    executed_version: None,
                    payload: String::new(),
                });
            }
            let qualifier = input.qualifier.clone().or(from_ref);
            let execution = c.run_function(&name, &version, qualifier.as_deref(), &event, "cli")?;
            let tail = (input.log_type.as_deref() == Some("Tail")).then(|| {
                let text = execution.log_lines.join("\n") + "\n";
                let start = text.len().saturating_sub(4096);
                let start = (start..text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
                digest::base64_encode(&text.as_bytes()[start..])
            });
            if invocation_type == "Event" {
                return Ok(InvokeOutput {
                    status_code: 202,
                    function_error: None,
                    log_result: None,
                    executed_version: None,
                    payload: String::new(),
                });
            }
            Ok(InvokeOutput {
                status_code: 200,
                function_error: execution.function_error.clone(),
                log_result: tail,
                executed_version: Some(execution.version.clone()),
                payload: execution.payload.to_string(),
            })
        })
    }

    /// Runs a function for a service (`s3`, `apigateway`) or the CLI, with no
    /// further authorization: the caller has checked who may invoke it.
    pub(crate) fn run_function(
        &mut self,
        name: &str,
        version: &str,
        qualifier: Option<&str>,
        event: &Value,
        source: &str,
    ) -> Result<Execution, LambdaError> {
        let f = self.find_function(name)?.clone();
        if f.state != "Active" {
            return Err(LambdaError::ResourceConflict(format!(
                "The operation cannot be performed at this time. The function is currently in the following state: {}",
                f.state
            )));
        }
        if f.reserved_concurrency == Some(0) {
            return Err(LambdaError::TooManyRequests(
                "Rate Exceeded. (Reason: ReservedFunctionConcurrentInvocationLimitExceeded)".into(),
            ));
        }
        let runtime = python_runtime().ok_or_else(|| {
            LambdaError::Service(
                "The Python runtime has not loaded on this page: it comes with the chapters that use Lambda.".into(),
            )
        })?;
        let config = f
            .config(version)
            .cloned()
            .ok_or_else(|| LambdaError::no_function(name))?;
        let files = config.files();

        let request_id = self.service_uuid("lambda");
        let now = self.now;
        let warm = f.warm.get(version).filter(|w| w.until > now).cloned();
        let cold = warm.is_none();
        let log_stream = match &warm {
            Some(w) => w.log_stream.clone(),
            None => {
                let u = now.to_utc();
                let hex: String = {
                    let rng = self.service_rng("lambda");
                    (0..16).map(|_| format!("{:02x}", rng.below(256))).collect()
                };
                format!("{:04}/{:02}/{:02}/[{version}]{hex}", u.year, u.month, u.day)
            }
        };
        let init_us = if cold {
            INIT_MS.0 + self.service_rng("lambda").below(INIT_MS.1)
        } else {
            0
        };
        let log_group = format!("/aws/lambda/{name}");
        let invoked_arn = match qualifier {
            Some(q) => format!("{}:{q}", self.function_arn(name)),
            None => self.function_arn(name),
        };
        let context = InvocationContext {
            function_name: name.to_string(),
            function_version: version.to_string(),
            invoked_function_arn: invoked_arn,
            memory_limit_in_mb: config.memory_size,
            aws_request_id: request_id.clone(),
            log_group_name: log_group.clone(),
            log_stream_name: log_stream.clone(),
            timeout_ms: u64::from(config.timeout) * 1000,
        };
        let role = CallerIdentity::AssumedRole {
            role_name: Function::role_name(&config).to_string(),
            session_name: name.to_string(),
        };
        let started_ms = now.unix_millis() + init_us / 1000;
        let base_us = 800 + self.service_rng("lambda").below(2_400);
        let (result, elapsed_us) = {
            let mut host = FunctionHost {
                cloud: self,
                role: role.clone(),
                elapsed_us: base_us,
                started_unix_ms: started_ms,
            };
            let invocation = PythonInvocation {
                files: &files,
                handler: &config.handler,
                event,
                environment: &config.environment,
                context: &context,
                cold,
            };
            let result = runtime.invoke(&invocation, &mut host);
            (result, host.elapsed_us)
        };
        let timeout_us = u64::from(config.timeout) * 1_000_000;
        let outcome = match result.outcome {
            RunOutcome::Returned(_) if elapsed_us > timeout_us => RunOutcome::TimedOut,
            other => other,
        };
        let duration_us = match outcome {
            RunOutcome::TimedOut => timeout_us,
            _ => elapsed_us.min(timeout_us),
        };

        // The log lines, as the Python runtime writes them.
        let mut lines = Vec::new();
        if cold {
            lines.push(format!(
                "INIT_START Runtime Version: {}.v{}\tRuntime Version ARN: arn:aws:lambda:{}::runtime:{}",
                config.runtime.replace("python", "python:"),
                64,
                self.region_name(),
                digest::hex(&digest::sha256(config.runtime.as_bytes()), None)
            ));
        }
        lines.push(format!("START RequestId: {request_id} Version: {version}"));
        lines.extend(result.printed.lines().map(str::to_string));
        let (payload, function_error, record_outcome) = match &outcome {
            RunOutcome::Returned(value) => (value.clone(), None, InvocationOutcome::Success),
            RunOutcome::Failed(failure) => {
                lines.push(error_log_line(failure));
                let payload = json!({
                    "errorMessage": failure.message,
                    "errorType": failure.error_type,
                    "requestId": if failure.during_init { String::new() } else { request_id.clone() },
                    "stackTrace": failure.stack_trace,
                });
                (
                    payload,
                    Some("Unhandled".to_string()),
                    InvocationOutcome::Error(failure.error_type.clone()),
                )
            }
            RunOutcome::TimedOut => {
                let end = crate::clock::SimTime(now.0 + (init_us + duration_us) / 1000);
                lines.push(format!(
                    "{} {request_id} {}",
                    end.to_iso8601_millis(),
                    timeout_text(config.timeout)
                ));
                let payload = json!({
                    "errorType": "Sandbox.Timedout",
                    "errorMessage": format!("RequestId: {request_id} Error: {}", timeout_text(config.timeout)),
                });
                (
                    payload,
                    Some("Unhandled".to_string()),
                    InvocationOutcome::Timeout,
                )
            }
        };
        lines.push(format!("END RequestId: {request_id}"));
        let duration_ms = duration_us as f64 / 1000.0;
        let init_ms = init_us as f64 / 1000.0;
        // Since August 2025 the init phase of on-demand functions is billed too.
        let billed_ms = ((duration_us + init_us) as f64 / 1000.0).ceil() as u64;
        let used_mb = 36 + self.service_rng("lambda").below(8);
        let mut report = format!(
            "REPORT RequestId: {request_id}\tDuration: {duration_ms:.2} ms\tBilled Duration: {billed_ms} ms\tMemory Size: {} MB\tMax Memory Used: {used_mb} MB\t",
            config.memory_size
        );
        if cold {
            report.push_str(&format!("Init Duration: {init_ms:.2} ms\t"));
        }
        if matches!(outcome, RunOutcome::TimedOut) {
            report.push_str("Status: timeout");
        }
        lines.push(report);

        let logged =
            self.write_function_logs(&role, &log_group, &log_stream, now.unix_millis(), &lines);
        let total = Duration::from_micros(init_us + duration_us);
        self.advance(total);
        let until = crate::clock::SimTime(self.now.0 + WARM_FOR_MS);
        if let Some(f) = self.lambda_function_mut(name) {
            f.warm.insert(
                version.to_string(),
                WarmEnvironment {
                    until,
                    log_stream: log_stream.clone(),
                },
            );
            f.invocations.push(InvocationRecord {
                request_id: request_id.clone(),
                started_at: now,
                version: version.to_string(),
                source: source.to_string(),
                cold,
                duration_ms,
                init_duration_ms: cold.then_some(init_ms),
                outcome: record_outcome,
                logged,
            });
            let excess = f.invocations.len().saturating_sub(KEPT_INVOCATIONS);
            f.invocations.drain(..excess);
        }
        Ok(Execution {
            request_id,
            version: version.to_string(),
            payload,
            function_error,
            log_lines: lines,
        })
    }

    /// Writes an invocation's lines if the role may write them; returns whether
    /// it did. Without `logs:CreateLogGroup` (for a new group),
    /// `logs:CreateLogStream` and `logs:PutLogEvents`, nothing is written, as in
    /// AWS.
    fn write_function_logs(
        &mut self,
        role: &CallerIdentity,
        group: &str,
        stream: &str,
        start_ms: u64,
        lines: &[String],
    ) -> bool {
        let caller = Caller::Identity(role.clone());
        let group_arn = self.log_group_arn(group);
        let stream_arn = format!("{group_arn}:log-stream:{stream}");
        let context = BTreeMap::new();
        let may = |cloud: &Cloud, action: &str, resource: &str| {
            cloud.authorize(&caller, action, resource, &context).is_ok()
        };
        let group_ok = self.log_group(group).is_some()
            || may(self, "logs:CreateLogGroup", &format!("{group_arn}:*"));
        if !group_ok
            || !may(self, "logs:CreateLogStream", &stream_arn)
            || !may(self, "logs:PutLogEvents", &stream_arn)
        {
            return false;
        }
        let events: Vec<(u64, String)> =
            lines.iter().map(|line| (start_ms, line.clone())).collect();
        self.append_log_events(group, stream, &events)
    }
}

/// The runtime's `[ERROR]` line: the error, then the traceback.
fn error_log_line(failure: &FunctionFailure) -> String {
    let mut line = format!("[ERROR] {}: {}", failure.error_type, failure.message);
    line.push_str("\nTraceback (most recent call last):");
    for frame in &failure.stack_trace {
        line.push('\n');
        line.push_str(frame.trim_end());
    }
    line
}
