//! The `aws` command: AWS CLI v2's argument handling, output formats, `--query`,
//! error lines and exit codes (0 success, 252 usage error, 254 service error,
//! 255 other errors), on top of the simulated account.

pub mod apigateway;
pub mod args;
pub mod autoscaling;
pub mod budgets;
pub mod cloudfront;
pub mod cloudwatch;
pub mod config;
pub mod configure;
pub mod dax;
pub mod dynamodb;
pub mod dynamodbstreams;
pub mod ec2;
pub mod elasticache;
pub mod elbv2;
pub mod generated;
pub mod help;
pub mod iam;
pub mod ini;
pub mod json_writer;
pub mod lambda;
pub mod logs;
pub mod operation;
pub mod output;
pub mod pick;
pub mod query;
pub mod rds;
pub mod route53;
pub mod s3;
pub mod s3api;
pub mod sns;
pub mod ssm;
pub mod sts;

use std::time::Duration;

use cloudlab_model::auth::{AuthError, Caller, Credentials};
use cloudlab_model::{Cloud, catalog};
use cloudlab_model::{Ec2Error, SsmError};
use serde_json::Value;

use crate::Terminal;
use crate::shell::CmdResult;
use crate::vfs;
use args::{ArgError, GlobalOptions};
use operation::Response;
use output::OutputFormat;

pub use operation::{CallError, Operation, ServiceError};

/// Services `aws` knows.
pub const SERVICES: &[&str] = &[
    "apigateway",
    "autoscaling",
    "budgets",
    "cloudfront",
    "cloudwatch",
    "configure",
    "dax",
    "dynamodb",
    "dynamodbstreams",
    "ec2",
    "elasticache",
    "elbv2",
    "iam",
    "lambda",
    "login",
    "logout",
    "logs",
    "rds",
    "route53",
    "s3",
    "s3api",
    "sns",
    "ssm",
    "sts",
];

pub(crate) fn usage_error(message: &str) -> CmdResult {
    CmdResult::fail(format!("{}\naws: error: {message}\n", args::USAGE), 252)
}

pub(crate) fn arg_error(e: ArgError) -> CmdResult {
    match e {
        ArgError::Usage(m) => usage_error(&m),
        ArgError::Unknown(m) => CmdResult::fail(
            format!(
                "usage: {}\n{m}\n",
                args::USAGE.trim_start_matches("usage: ")
            ),
            252,
        ),
        ArgError::Param(m) => CmdResult::fail(format!("\n{m}\n"), 252),
        ArgError::Other(m) => CmdResult::fail(format!("\n{m}\n"), 255),
    }
}

fn service_error(operation: &str, e: &ServiceError) -> CmdResult {
    CmdResult::fail(
        format!(
            "\nAn error occurred ({}) when calling the {operation} operation: {}\n",
            e.code(),
            e.message()
        ),
        254,
    )
}

/// Writes the lab's AWS CLI configuration into a fresh laptop's `~/.aws`
/// (the files a learner has after `aws configure`); existing files are kept.
pub fn provision(term: &mut Terminal, cloud: &Cloud) {
    if !term.vfs.exists(config::CREDENTIALS_PATH) {
        let keys = cloud.default_cli_credentials();
        let text = format!(
            "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            keys.access_key_id, keys.secret_access_key
        );
        let _ = term
            .vfs
            .write_with_mode(config::CREDENTIALS_PATH, &text, false, 0o600, 0);
    }
    if !term.vfs.exists(config::CONFIG_PATH) {
        let text = format!(
            "[default]\nregion = {}\noutput = json\n",
            cloud.region().code
        );
        let _ = term
            .vfs
            .write_with_mode(config::CONFIG_PATH, &text, false, 0o600, 0);
    }
}

/// Runs `aws <args>`; `stdin` is piped input (read by `aws configure`).
pub fn run(
    term: &mut Terminal,
    cloud: &mut Cloud,
    words: &[String],
    stdin: Option<&str>,
) -> CmdResult {
    let (globals, rest) = match args::split_globals(words) {
        Ok(x) => x,
        Err(e) => return arg_error(e),
    };
    let Some(service) = rest.first() else {
        return usage_error("the following arguments are required: command");
    };
    let rest = rest.get(1..).unwrap_or(&[]);
    match service.as_str() {
        "help" => CmdResult::ok(help::top()),
        "--version" | "version" => {
            CmdResult::ok("aws-cli/2.22.0 Python/3.12.6 Linux/6.8.0 exe/x86_64.ubuntu.24\n")
        }
        "configure" => configure::run(term, cloud, &globals, rest, stdin),
        "login" => configure::login(term, cloud, &globals, rest),
        "logout" => configure::logout(term, cloud, &globals, rest),
        "s3" => s3::run(term, cloud, &globals, rest),
        "s3api" => run_service(term, cloud, &globals, &s3api::S3API, rest),
        "ssm" => run_service(term, cloud, &globals, &ssm::SSM, rest),
        "sts" => run_service(term, cloud, &globals, &sts::STS, rest),
        "iam" => run_service(term, cloud, &globals, &iam::IAM, rest),
        "budgets" => run_service(term, cloud, &globals, &budgets::BUDGETS, rest),
        "cloudwatch" => run_service(term, cloud, &globals, &cloudwatch::CLOUDWATCH, rest),
        "ec2" | "elbv2" | "cloudfront" | "rds" | "dynamodb" | "elasticache"
            if rest.first().map(String::as_str) == Some("wait") =>
        {
            wait(term, cloud, &globals, service, rest.get(1..).unwrap_or(&[]))
        }
        "elbv2" => run_service(term, cloud, &globals, &elbv2::ELBV2, rest),
        "elasticache" => run_service(term, cloud, &globals, &elasticache::ELASTICACHE, rest),
        "dax" => run_service(term, cloud, &globals, &dax::DAX, rest),
        "lambda" if rest.first().map(String::as_str) == Some("wait") => {
            wait(term, cloud, &globals, service, rest.get(1..).unwrap_or(&[]))
        }
        "lambda" => run_service(term, cloud, &globals, &lambda::LAMBDA, rest),
        "logs" if rest.first().map(String::as_str) == Some("tail") => {
            logs::tail(cloud, rest.get(1..).unwrap_or(&[]))
        }
        "logs" => run_service(term, cloud, &globals, &logs::LOGS, rest),
        "sns" => run_service(term, cloud, &globals, &sns::SNS, rest),
        "route53" if rest.first().map(String::as_str) == Some("wait") => {
            wait(term, cloud, &globals, service, rest.get(1..).unwrap_or(&[]))
        }
        "route53" => run_service(term, cloud, &globals, &route53::ROUTE53, rest),
        "apigateway" => run_service(term, cloud, &globals, &apigateway::APIGATEWAY, rest),
        "rds" => run_service(term, cloud, &globals, &rds::RDS, rest),
        "dynamodb" => run_service(term, cloud, &globals, &dynamodb::DYNAMODB, rest),
        "dynamodbstreams" => run_service(
            term,
            cloud,
            &globals,
            &dynamodbstreams::DYNAMODBSTREAMS,
            rest,
        ),
        "cloudfront" => run_service(term, cloud, &globals, &cloudfront::CLOUDFRONT, rest),
        "autoscaling" => run_service(term, cloud, &globals, &autoscaling::AUTOSCALING, rest),
        "ec2" => run_service(term, cloud, &globals, &EC2, rest),
        other => usage_error(&format!(
            "argument command: {}",
            args::invalid_choice(other, SERVICES)
        )),
    }
}

use config::env;

/// The region a call goes to: `--region`, else `AWS_REGION` /
/// `AWS_DEFAULT_REGION`, else the profile's `region`, else the lab's.
fn effective_region(term: &Terminal, cloud: &Cloud, globals: &GlobalOptions) -> String {
    globals
        .region
        .clone()
        .or_else(|| env(term, "AWS_REGION"))
        .or_else(|| env(term, "AWS_DEFAULT_REGION"))
        .or_else(|| config::setting(term, globals, "region"))
        .unwrap_or_else(|| cloud.region().code.to_string())
}

fn output_format(term: &Terminal, globals: &GlobalOptions) -> Result<OutputFormat, CmdResult> {
    let name = globals
        .output
        .clone()
        .or_else(|| env(term, "AWS_DEFAULT_OUTPUT"))
        .or_else(|| config::setting(term, globals, "output"))
        .unwrap_or_else(|| "json".into());
    match name.as_str() {
        "yaml" | "yaml-stream" => Err(CmdResult::fail(
            "\nCloudLab's aws prints json, text or table; use --output json|text|table.\n",
            255,
        )),
        other => OutputFormat::parse(other)
            .ok_or_else(|| CmdResult::fail(format!("\nUnknown output type: {other}\n"), 255)),
    }
}

/// Formats a response as the CLI prints it, after `--query`.
pub fn render(
    term: &Terminal,
    globals: &GlobalOptions,
    operation: &str,
    response: &Value,
) -> CmdResult {
    let format = match output_format(term, globals) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let data = match &globals.query {
        Some(q) => match query::search(q, response) {
            Ok(v) => std::borrow::Cow::Owned(v),
            Err(e) if e.at_parse => {
                return CmdResult::fail(
                    format!("\nBad value for --query {q}: {}\n", e.message),
                    255,
                );
            }
            Err(e) => return CmdResult::fail(format!("\n{}\n", e.message), 255),
        },
        // No query: print the response itself, without copying it.
        None => std::borrow::Cow::Borrowed(response),
    };
    render_data_as(format, operation, data.as_ref())
}

/// Prints data `--query` already selected, in the output format.
fn render_data(
    term: &Terminal,
    globals: &GlobalOptions,
    operation: &str,
    data: &Value,
) -> CmdResult {
    match output_format(term, globals) {
        Ok(format) => render_data_as(format, operation, data),
        Err(e) => e,
    }
}

fn render_data_as(format: OutputFormat, operation: &str, data: &Value) -> CmdResult {
    match format {
        OutputFormat::Json => CmdResult::ok(output::format_json(data)),
        OutputFormat::Text => CmdResult::ok(output::format_text(data)),
        OutputFormat::Table => match output::format_table(operation, data) {
            Ok(t) => CmdResult::ok(t),
            Err(e) => CmdResult::fail(format!("\n{e}\n"), 255),
        },
    }
}

/// Reads a `file://` path for a parameter from the laptop; errors are Python's
/// `[Errno N] ...` text.
fn param_file_reader(term: &Terminal) -> impl Fn(&str) -> Result<String, String> + '_ {
    move |path: &str| {
        // Python's os.path.expanduser: `file://~/policy.json` works.
        let expanded = match path.strip_prefix('~') {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                format!("{}{rest}", vfs::HOME)
            }
            _ => path.to_string(),
        };
        let full = vfs::normalize(&term.cwd, &expanded);
        term.vfs.read(&full).map(str::to_string).map_err(|e| {
            match e {
                vfs::VfsError::PermissionDenied => "[Errno 13] Permission denied",
                vfs::VfsError::IsADirectory => "[Errno 21] Is a directory",
                _ => "[Errno 2] No such file or directory",
            }
            .to_string()
        })
    }
}

/// Who a call is made as: the credentials the CLI's chain finds (the lab's
/// default CLI user when none are configured). Configuration errors are
/// printed as the CLI prints them.
fn caller(term: &Terminal, cloud: &Cloud, globals: &GlobalOptions) -> Result<Caller, CmdResult> {
    if let Some(identity) = config::login_session(term, globals) {
        return Ok(Caller::Identity(identity));
    }
    match config::resolve_credentials(term, globals) {
        Ok(Some(c)) => Ok(Caller::Credentials(Credentials {
            access_key_id: c.access_key_id,
            secret_access_key: c.secret_access_key,
            session_token: c.session_token,
        })),
        Ok(None) => match &term.session {
            // On an instance, botocore's chain ends at the instance metadata
            // service: the instance profile's role, or no credentials at all.
            crate::Session::Remote(remote) => cloud
                .instance_credentials(&remote.instance_id)
                .map(Caller::Identity)
                .map_err(|_| config::ConfigError::NoCredentials.to_result()),
            crate::Session::Local => Ok(Caller::Credentials(cloud.default_cli_credentials())),
        },
        Err(e) => Err(e.to_result()),
    }
}

/// A cloud for a region other than the lab's: reads see that region as a new
/// account would (a default VPC and nothing else).
fn other_region(cloud: &Cloud, region: &str) -> Option<Cloud> {
    cloud.fresh_region(region).ok()
}

/// A service `aws` knows: its name, its help text and its subcommands.
pub struct Service {
    /// The command name (`ec2`).
    pub name: &'static str,
    /// The help page title (`EC2`).
    pub title: &'static str,
    /// The help page description.
    pub description: &'static str,
    /// The subcommands, sorted.
    pub operations: &'static [Operation],
    /// Other subcommands it takes (`wait`).
    pub extra: &'static [&'static str],
    /// Whether it is regional (`--region` picks the endpoint); IAM, Budgets
    /// and Cost Explorer are global.
    pub regional: bool,
}

impl Service {
    /// The names argparse offers for the subcommand.
    pub fn choices(&self) -> Vec<&'static str> {
        self.operations
            .iter()
            .map(|o| o.name)
            .chain(self.extra.iter().copied())
            .collect()
    }
}

/// The services with subcommand tables, by name.
pub fn service(name: &str) -> Option<&'static Service> {
    [
        &apigateway::APIGATEWAY,
        &autoscaling::AUTOSCALING,
        &budgets::BUDGETS,
        &cloudfront::CLOUDFRONT,
        &cloudwatch::CLOUDWATCH,
        &dax::DAX,
        &dynamodb::DYNAMODB,
        &dynamodbstreams::DYNAMODBSTREAMS,
        &EC2,
        &elasticache::ELASTICACHE,
        &elbv2::ELBV2,
        &iam::IAM,
        &lambda::LAMBDA,
        &logs::LOGS,
        &rds::RDS,
        &route53::ROUTE53,
        &s3api::S3API,
        &sns::SNS,
        &ssm::SSM,
        &sts::STS,
    ]
    .into_iter()
    .find(|s| s.name == name)
}

/// `aws ec2`.
pub const EC2: Service = Service {
    name: "ec2",
    title: "EC2",
    description: "Amazon Elastic Compute Cloud (Amazon EC2) provides secure and resizable\n       computing capacity in the Amazon Web Services Cloud.",
    operations: ec2::OPERATIONS,
    extra: &["wait"],
    regional: true,
};

/// Parses, calls and prints one subcommand of `service`.
fn run_service(
    term: &mut Terminal,
    cloud: &mut Cloud,
    globals: &GlobalOptions,
    service: &Service,
    rest: &[String],
) -> CmdResult {
    let Some(sub) = rest.first() else {
        return usage_error("the following arguments are required: operation");
    };
    let words = rest.get(1..).unwrap_or(&[]);
    if sub == "help" {
        return CmdResult::ok(help::service(service));
    }
    let Some(op) = operation::find(service.operations, sub) else {
        return usage_error(&format!(
            "argument operation: {}",
            args::invalid_choice(sub, &service.choices())
        ));
    };
    if words.len() == 1 && words.first().map(String::as_str) == Some("help") {
        return CmdResult::ok(help::operation(op));
    }
    let rewritten;
    let words = if service.name == "lambda" {
        let raw = globals.cli_binary_format.as_deref() == Some("raw-in-base64-out");
        rewritten = lambda::rewrite_words(op.operation, op.params, words, raw);
        &rewritten[..]
    } else {
        words
    };
    let parsed = match args::parse_params(words, op.params, &param_file_reader(term)) {
        Ok(p) => p,
        Err(e) => return arg_error(e),
    };
    let mut params = parsed.params;
    let prepared = match service.name {
        "ec2" => ec2::apply_custom(op, &mut params, &parsed.custom),
        "s3api" => s3api::prepare(op, &mut params, &effective_region(term, cloud, globals)),
        "cloudfront" => cloudfront::prepare(op, &mut params, &parsed.custom, cloud),
        "lambda" => lambda::prepare(term, op.operation, &mut params, &parsed.custom),
        "sns" => {
            sns::prepare(&mut params, &parsed.custom);
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(e) = prepared {
        return call_error(op.operation, e);
    }
    let outfile = match service.name {
        "iam" => match iam::prepare(term, op, &parsed.custom) {
            Ok(o) => o,
            Err(e) => return e,
        },
        _ => None,
    };
    let payload_file = (service.name == "lambda" && op.operation == "Invoke")
        .then(|| {
            parsed
                .custom
                .iter()
                .find(|(k, _)| k == "@outfile")
                .and_then(|(_, v)| v.clone())
        })
        .flatten();
    let caller = match caller(term, cloud, globals) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let region = effective_region(term, cloud, globals);
    let copy_image = service.name == "ec2" && op.operation == "CopyImage";
    let result = if !service.regional || region == cloud.region().code {
        if copy_image {
            ec2::copy_image(cloud, None, caller, params)
        } else {
            (op.call)(&mut cloud.as_caller(caller), params)
        }
    } else {
        if catalog::region(&region).is_none() {
            return CmdResult::fail(
                format!(
                    "\nCould not connect to the endpoint URL: \"https://{}.{region}.amazonaws.com/\"\n",
                    service.name
                ),
                255,
            );
        }
        // The same account in another region: the lab's policies decide whether
        // the caller may make the call at all (against `*`, region-wide); the
        // call then runs there as the account's CLI user (IAM is global, and the
        // other region is not given a copy of it).
        let action = format!("{}:{}", service.name, op.operation);
        let authorized = match cloud.authorize(&caller, &action, "*", &Default::default()) {
            Ok(()) => true,
            Err(AuthError::Denied(denied)) => {
                // EC2 and SSM are the regional services here.
                let refused = match service.name {
                    "ec2" => ServiceError::from_aws(&Ec2Error::UnauthorizedOperation(denied)),
                    "cloudwatch" => ServiceError::from_aws(
                        &cloudlab_model::CloudWatchError::AccessDenied(denied),
                    ),
                    "elbv2" => {
                        ServiceError::from_aws(&cloudlab_model::ElbError::AccessDenied(denied))
                    }
                    "autoscaling" => ServiceError::from_aws(
                        &cloudlab_model::AutoScalingError::AccessDenied(denied),
                    ),
                    _ => ServiceError::from_aws(&SsmError::AccessDenied(denied)),
                };
                return service_error(op.operation, &refused);
            }
            Err(AuthError::Authentication(_)) => false,
        };
        let used = cloud.other_region(&region).is_some();
        if is_read(op) && !used {
            // Nothing was made there: a fresh region answers, as the account's
            // untouched region would.
            match other_region(cloud, &region) {
                Some(mut elsewhere) => {
                    let caller = if authorized {
                        Caller::Credentials(elsewhere.default_cli_credentials())
                    } else {
                        caller
                    };
                    (op.call)(&mut elsewhere.as_caller(caller), params)
                }
                None => return CmdResult::fail(format!("\nUnknown region {region}\n"), 255),
            }
        } else {
            let result = if copy_image {
                ec2::copy_image(cloud, Some(&region), caller, params)
            } else {
                match cloud.region_mut(&region) {
                    Ok(elsewhere) => {
                        let caller = if authorized {
                            Caller::Credentials(elsewhere.default_cli_credentials())
                        } else {
                            caller
                        };
                        (op.call)(&mut elsewhere.as_caller(caller), params)
                    }
                    Err(e) => Err(CallError::service(e)),
                }
            };
            // A refused first call there leaves nothing behind.
            if result.is_err() && !used {
                cloud.discard_region(&region);
            }
            result
        }
    };
    let response = match result {
        Ok(response) => response,
        Err(e) => return call_error(op.operation, with_option_name(op, e)),
    };
    let response = match payload_file {
        Some(file) => {
            let mut value = match response.into_value() {
                Ok(value) => value,
                Err(e) => return call_error(op.operation, e),
            };
            let now = cloud.now().unix_seconds();
            if let Err(e) = lambda::finish_invoke(term, now, &file, &mut value) {
                return e;
            }
            Response::value(value)
        }
        None => response,
    };
    // The CLI's default: JSON with no query, printed straight from the output.
    let plain_json = outfile.is_none()
        && !(service.name == "iam" && iam::is_paginated(op))
        && globals.query.is_none()
        && matches!(output_format(term, globals), Ok(OutputFormat::Json));
    if plain_json {
        return match response.json_text() {
            Ok(text) => CmdResult::ok(text),
            Err(e) => call_error(op.operation, e),
        };
    }
    // `--query Instances[0].InstanceId`: only that node is built.
    let plain_query = outfile.is_none() && !(service.name == "iam" && iam::is_paginated(op));
    if plain_query
        && let Some(q) = &globals.query
        && let Some(path) = query::compile(q).ok().as_ref().and_then(pick::plain_path)
        && let Some(picked) = response.pick(&path)
    {
        return render_data(term, globals, op.operation, &picked);
    }
    let mut value = match response.into_value() {
        Ok(value) => value,
        Err(e) => return call_error(op.operation, e),
    };
    let mut note = None;
    if let Some(outfile) = &outfile {
        match iam::finish(term, cloud, outfile, &mut value) {
            Ok(n) => note = n,
            Err(e) => return e,
        }
    }
    if service.name == "iam"
        && iam::is_paginated(op)
        && let Some(map) = value.as_object_mut()
    {
        // The CLI pages through every result and drops the paging members.
        map.remove("IsTruncated");
        map.remove("Marker");
    }
    let mut shown = render(term, globals, op.operation, &value);
    if let Some(note) = note {
        shown.err.push_str(&note);
    }
    shown
}

/// Whether the subcommand only reads (`describe-*`, `get-*`, `list-*`), so it
/// may be sent to a region outside the lab.
fn is_read(op: &Operation) -> bool {
    ["describe-", "get-", "list-"]
        .iter()
        .any(|prefix| op.name.starts_with(prefix))
}

fn call_error(operation: &str, e: CallError) -> CmdResult {
    match e {
        CallError::Service(e) => service_error(operation, &e),
        CallError::Validation(m) => CmdResult::fail(format!("\n{m}\n"), 252),
        CallError::Other(m) => CmdResult::fail(format!("\n{m}\n"), 255),
        CallError::NotSimulated(member) => CmdResult::fail(
            format!(
                "\ncloudlab: the lab does not simulate {member} in {operation}, so the request was not sent. Run the command without it.\n"
            ),
            255,
        ),
    }
}

/// Names the option behind a member the model does not simulate (`--permissions-boundary`).
fn with_option_name(op: &Operation, e: CallError) -> CallError {
    match e {
        CallError::NotSimulated(path) => {
            let member = path.split(['.', '[']).next().unwrap_or_default();
            let option = match op.params.iter().find(|param| param.member == member) {
                Some(param) if path == member => format!("--{}", param.name),
                Some(param) => format!("--{} ({path})", param.name),
                None => path,
            };
            CallError::NotSimulated(option)
        }
        other => other,
    }
}

/// What a waiter reads in one poll's response: the states at its path, or the
/// reservations for a waiter that only needs something to exist. Read from the typed
/// output where it can be, from the whole tree otherwise.
fn waiter_states(waiter: &Waiter, response: Response) -> Result<Vec<Value>, CallError> {
    let path = if waiter.success.is_empty() {
        "Reservations[]"
    } else {
        waiter.path
    };
    if let Some(states) = response.pick_all(&pick::projection_path(path)) {
        return Ok(states);
    }
    let tree = response.into_value()?;
    Ok(match query::select(path, &tree) {
        Some(states) => states.into_iter().cloned().collect(),
        None => query::search(path, &tree)
            .ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default(),
    })
}

/// One waiter from botocore's `waiters-2.json`: the call it polls, the path it
/// reads, what success and failure look like.
struct Waiter {
    /// The service (`ec2`, `elbv2`).
    service: &'static str,
    /// An error code that means "not there yet": polling goes on.
    retry_error: &'static str,
    cli: &'static str,
    name: &'static str,
    delay_secs: u64,
    operation: &'static str,
    path: &'static str,
    success: &'static str,
    failures: &'static [&'static str],
}

const WAITERS: &[Waiter] = &[
    Waiter {
        service: "route53",
        retry_error: "",
        cli: "resource-record-sets-changed",
        name: "ResourceRecordSetsChanged",
        delay_secs: 30,
        operation: "get-change",
        path: "ChangeInfo.Status",
        success: "INSYNC",
        failures: &[],
    },
    Waiter {
        service: "lambda",
        retry_error: "",
        cli: "function-active-v2",
        name: "FunctionActiveV2",
        delay_secs: 1,
        operation: "get-function",
        path: "Configuration.State",
        success: "Active",
        failures: &["Failed"],
    },
    Waiter {
        service: "lambda",
        retry_error: "",
        cli: "function-updated-v2",
        name: "FunctionUpdatedV2",
        delay_secs: 1,
        operation: "get-function",
        path: "Configuration.LastUpdateStatus",
        success: "Successful",
        failures: &["Failed"],
    },
    Waiter {
        service: "lambda",
        retry_error: "ResourceNotFoundException",
        cli: "function-exists",
        name: "FunctionExists",
        delay_secs: 1,
        operation: "get-function",
        path: "Configuration.FunctionName",
        success: "",
        failures: &[],
    },
    Waiter {
        service: "elasticache",
        retry_error: "ReplicationGroupNotFoundFault",
        cli: "replication-group-available",
        name: "ReplicationGroupAvailable",
        delay_secs: 15,
        operation: "describe-replication-groups",
        path: "ReplicationGroups[].Status",
        success: "available",
        failures: &["deleted"],
    },
    Waiter {
        service: "elasticache",
        retry_error: "CacheClusterNotFound",
        cli: "cache-cluster-available",
        name: "CacheClusterAvailable",
        delay_secs: 15,
        operation: "describe-cache-clusters",
        path: "CacheClusters[].CacheClusterStatus",
        success: "available",
        failures: &[
            "deleted",
            "deleting",
            "incompatible-network",
            "restore-failed",
        ],
    },
    Waiter {
        service: "rds",
        retry_error: "DBInstanceNotFound",
        cli: "db-instance-available",
        name: "DBInstanceAvailable",
        delay_secs: 30,
        operation: "describe-db-instances",
        path: "DBInstances[].DBInstanceStatus",
        success: "available",
        failures: &[
            "deleted",
            "deleting",
            "failed",
            "incompatible-restore",
            "incompatible-parameters",
        ],
    },
    Waiter {
        service: "rds",
        retry_error: "DBSnapshotNotFound",
        cli: "db-snapshot-available",
        name: "DBSnapshotAvailable",
        delay_secs: 30,
        operation: "describe-db-snapshots",
        path: "DBSnapshots[].Status",
        success: "available",
        failures: &[
            "deleted",
            "deleting",
            "failed",
            "incompatible-restore",
            "incompatible-parameters",
        ],
    },
    Waiter {
        service: "dynamodb",
        retry_error: "ResourceNotFoundException",
        cli: "table-exists",
        name: "TableExists",
        delay_secs: 20,
        operation: "describe-table",
        path: "Table.TableStatus",
        success: "ACTIVE",
        failures: &[],
    },
    Waiter {
        service: "cloudfront",
        retry_error: "NoSuchDistribution",
        cli: "distribution-deployed",
        name: "DistributionDeployed",
        delay_secs: 60,
        operation: "get-distribution",
        path: "Distribution.Status",
        success: "Deployed",
        failures: &[],
    },
    Waiter {
        service: "cloudfront",
        retry_error: "NoSuchInvalidation",
        cli: "invalidation-completed",
        name: "InvalidationCompleted",
        delay_secs: 20,
        operation: "get-invalidation",
        path: "Invalidation.Status",
        success: "Completed",
        failures: &[],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "image-available",
        name: "ImageAvailable",
        delay_secs: 15,
        operation: "describe-images",
        path: "Images[].State",
        success: "available",
        failures: &["failed"],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "instance-exists",
        name: "InstanceExists",
        delay_secs: 5,
        operation: "describe-instances",
        path: "",
        success: "",
        failures: &[],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "instance-running",
        name: "InstanceRunning",
        delay_secs: 15,
        operation: "describe-instances",
        path: "Reservations[].Instances[].State.Name",
        success: "running",
        failures: &["shutting-down", "terminated", "stopping"],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "instance-status-ok",
        name: "InstanceStatusOk",
        delay_secs: 15,
        operation: "describe-instance-status",
        path: "InstanceStatuses[].InstanceStatus.Status",
        success: "ok",
        failures: &[],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "instance-stopped",
        name: "InstanceStopped",
        delay_secs: 15,
        operation: "describe-instances",
        path: "Reservations[].Instances[].State.Name",
        success: "stopped",
        failures: &["pending", "terminated"],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "instance-terminated",
        name: "InstanceTerminated",
        delay_secs: 15,
        operation: "describe-instances",
        path: "Reservations[].Instances[].State.Name",
        success: "terminated",
        failures: &["pending", "stopping"],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "snapshot-completed",
        name: "SnapshotCompleted",
        delay_secs: 15,
        operation: "describe-snapshots",
        path: "Snapshots[].State",
        success: "completed",
        failures: &["error"],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "system-status-ok",
        name: "SystemStatusOk",
        delay_secs: 15,
        operation: "describe-instance-status",
        path: "InstanceStatuses[].SystemStatus.Status",
        success: "ok",
        failures: &[],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "volume-available",
        name: "VolumeAvailable",
        delay_secs: 15,
        operation: "describe-volumes",
        path: "Volumes[].State",
        success: "available",
        failures: &["deleted"],
    },
    Waiter {
        service: "ec2",
        retry_error: "InvalidInstanceID.NotFound",
        cli: "volume-in-use",
        name: "VolumeInUse",
        delay_secs: 15,
        operation: "describe-volumes",
        path: "Volumes[].State",
        success: "in-use",
        failures: &["deleted"],
    },
    Waiter {
        service: "elbv2",
        retry_error: "LoadBalancerNotFound",
        cli: "load-balancer-available",
        name: "LoadBalancerAvailable",
        delay_secs: 15,
        operation: "describe-load-balancers",
        path: "LoadBalancers[].State.Code",
        success: "active",
        failures: &[],
    },
    Waiter {
        service: "elbv2",
        retry_error: "InvalidInstance",
        cli: "target-in-service",
        name: "TargetInService",
        delay_secs: 15,
        operation: "describe-target-health",
        path: "TargetHealthDescriptions[].TargetHealth.State",
        success: "healthy",
        failures: &[],
    },
];

/// The names of the `aws ec2 wait` waiters.
pub fn waiter_names() -> Vec<&'static str> {
    WAITERS
        .iter()
        .filter(|w| w.service == "ec2")
        .map(|w| w.cli)
        .collect()
}

/// `aws ec2 wait <waiter>` (and `aws elbv2 wait`): polls like botocore's waiters
/// (every 15 seconds, 40 attempts), moving the simulated clock between polls.
fn wait(
    term: &mut Terminal,
    cloud: &mut Cloud,
    globals: &GlobalOptions,
    service_name: &str,
    words: &[String],
) -> CmdResult {
    let names: Vec<&str> = WAITERS
        .iter()
        .filter(|w| w.service == service_name)
        .map(|w| w.cli)
        .collect();
    let Some(which) = words.first() else {
        return usage_error("the following arguments are required: subcommand");
    };
    if which == "help" {
        return CmdResult::ok(help::waiters(&names));
    }
    let Some(waiter) = WAITERS
        .iter()
        .find(|w| w.service == service_name && w.cli == which)
    else {
        return usage_error(&format!(
            "argument subcommand: {}",
            args::invalid_choice(which, &names)
        ));
    };
    let describe = service(waiter.service)
        .and_then(|s| s.operations.iter().find(|o| o.name == waiter.operation));
    let Some(describe) = describe else {
        return CmdResult::fail(format!("\n{} is missing\n", waiter.operation), 255);
    };
    let rest = words.get(1..).unwrap_or(&[]);
    if rest.len() == 1 && rest.first().map(String::as_str) == Some("help") {
        return CmdResult::ok(help::waiters(&[waiter.cli]));
    }
    let reader = param_file_reader(term);
    let parsed = match args::parse_params(rest, describe.params, &reader) {
        Ok(p) => p,
        Err(e) => return arg_error(e),
    };
    let caller = match caller(term, cloud, globals) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let region = effective_region(term, cloud, globals);
    let elsewhere = region != cloud.region().code;
    if elsewhere && cloud.other_region(&region).is_none() {
        return CmdResult::fail(
            format!("\nWaiter {} failed: Max attempts exceeded\n", waiter.name),
            255,
        );
    }
    let mut last_accepted: Option<String> = None;
    for attempt in 0..40 {
        if attempt > 0 {
            cloud.advance(Duration::from_secs(waiter.delay_secs));
        }
        let polled = match cloud.region_mut(&region) {
            Ok(other) if elsewhere => {
                let credentials = Caller::Credentials(other.default_cli_credentials());
                (describe.call)(&mut other.as_caller(credentials), parsed.params.clone())
            }
            _ => (describe.call)(&mut cloud.as_caller(caller.clone()), parsed.params.clone()),
        };
        match polled.and_then(|response| waiter_states(waiter, response)) {
            Ok(states) => {
                if waiter.success.is_empty() {
                    if !states.is_empty() {
                        return CmdResult::ok("");
                    }
                    continue;
                }
                if let Some(bad) = states
                    .iter()
                    .filter_map(|state| state.as_str())
                    .find(|s| waiter.failures.contains(s))
                {
                    return CmdResult::fail(
                        format!(
                            "\nWaiter {} failed: Waiter encountered a terminal failure state: For expression \"{}\" we matched expected path: \"{bad}\" at least once\n",
                            waiter.name, waiter.path
                        ),
                        255,
                    );
                }
                if !states.is_empty() && states.iter().all(|s| s.as_str() == Some(waiter.success)) {
                    return CmdResult::ok("");
                }
            }
            Err(CallError::Service(e))
                if e.code() == waiter.retry_error && waiter.name != "InstanceTerminated" =>
            {
                last_accepted = Some(format!("Matched expected service error code: {}", e.code()));
            }
            Err(CallError::Service(e)) => {
                return CmdResult::fail(
                    format!(
                        "\nWaiter {} failed: An error occurred ({}): {}\n",
                        waiter.name,
                        e.code(),
                        e.message()
                    ),
                    255,
                );
            }
            Err(other) => return call_error(describe.operation, other),
        }
    }
    let previously = last_accepted
        .map(|s| format!(" Previously accepted state: {s}"))
        .unwrap_or_default();
    CmdResult::fail(
        format!(
            "\nWaiter {} failed: Max attempts exceeded.{previously}\n",
            waiter.name
        ),
        255,
    )
}

#[cfg(test)]
mod every_parameter_reaches_the_model {
    use cloudlab_model::Cloud;
    use serde_json::{Map, Value, json};

    use super::args::Shape;
    use super::operation::CallError;
    use super::{SERVICES, ec2, service};

    /// A value of `shape` with every member set, nested structures `depth` deep
    /// (botocore's shapes may be recursive).
    fn sample(shape: &Shape, depth: usize) -> Value {
        match shape {
            Shape::Str => json!("x"),
            Shape::Int => json!(1),
            Shape::Float => json!(1.5),
            Shape::Bool => json!(true),
            Shape::Blob => json!("eA=="),
            Shape::Timestamp => json!("2026-01-01T00:00:00Z"),
            Shape::Map(inner) => json!({ "k": sample(inner, depth) }),
            Shape::List(inner) => json!([sample(inner, depth)]),
            Shape::Struct(_) if depth == 0 => json!({}),
            Shape::Struct(members) => Value::Object(
                members
                    .iter()
                    .map(|(name, shape)| ((*name).to_string(), sample(shape, depth - 1)))
                    .collect(),
            ),
        }
    }

    /// Removes the member at `path` (`Budget.PlannedBudgetLimits`, `Tags[0].Key`).
    fn remove_path(params: &mut Map<String, Value>, path: &str) -> bool {
        let Some((parent, last)) = path.rsplit_once('.') else {
            return params.remove(path).is_some();
        };
        let mut node = params.get_mut(parent.split(['.', '[']).next().unwrap_or_default());
        for segment in parent.split('.').flat_map(|s| s.split('[')).skip(1) {
            node = match (node, segment.strip_suffix(']')) {
                (Some(Value::Array(items)), Some(index)) => {
                    index.parse::<usize>().ok().and_then(|i| items.get_mut(i))
                }
                (Some(Value::Object(members)), None) => members.get_mut(segment),
                _ => None,
            };
        }
        match node {
            Some(Value::Object(members)) => members.remove(last).is_some(),
            _ => false,
        }
    }

    /// Every option of every subcommand, given alone (with the required ones), either
    /// reaches a field of the model's input or is refused by name. The refused ones
    /// are listed in `not_simulated.txt`, so a change to what the lab simulates shows
    /// in review (`UPDATE_EXPECT=1 cargo test` rewrites the list).
    #[test]
    fn no_option_is_dropped_silently() {
        let mut refused = String::new();
        let mut wrong = Vec::new();
        let mut checked = 0;
        let mut unchecked = Vec::new();
        for name in SERVICES {
            let Some(service) = service(name) else {
                continue;
            };
            for op in service.operations {
                for param in op.params.iter().filter(|p| !p.member.starts_with('@')) {
                    let mut params: Map<String, Value> = op
                        .params
                        .iter()
                        .filter(|p| p.required && !p.member.starts_with('@'))
                        .map(|p| (p.member.to_string(), sample(p.shape, 4)))
                        .collect();
                    params.insert(param.member.to_string(), sample(param.shape, 4));
                    // The other members' samples lose what the model refuses in them,
                    // so that only the option under test can be refused.
                    let result = loop {
                        let mut request = params.clone();
                        let mut cloud = Cloud::default();
                        let prepared = match *name {
                            "ec2" => ec2::apply_custom(op, &mut request, &[]),
                            _ => Ok(()),
                        };
                        let result = prepared
                            .and_then(|()| (op.call)(&mut cloud, request))
                            .and_then(|r| r.into_value());
                        match &result {
                            Err(CallError::NotSimulated(path))
                                if path.split(['.', '[']).next() != Some(param.member)
                                    && remove_path(&mut params, path) => {}
                            _ => break result,
                        }
                    };
                    match result {
                        Err(CallError::NotSimulated(path))
                            if path.split(['.', '[']).next() == Some(param.member) =>
                        {
                            refused.push_str(&format!("{name} {} --{}", op.name, param.name));
                            if path != param.member {
                                refused.push_str(&format!(" ({path})"));
                            }
                            refused.push('\n');
                        }
                        Err(CallError::NotSimulated(path)) => {
                            wrong.push(format!("{} --{}: refused {path}", op.name, param.name))
                        }
                        Err(CallError::Validation(_)) => {
                            unchecked.push(format!("{} --{}", op.name, param.name))
                        }
                        _ => checked += 1,
                    }
                }
            }
        }
        eprintln!("{checked} options reach the model; not checked (sample refused): {unchecked:?}");
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(checked > 300, "only {checked} options reach the model");
        assert!(refused.contains("iam create-user --permissions-boundary\n"));
        let listed = concat!(env!("CARGO_MANIFEST_DIR"), "/src/aws/not_simulated.txt");
        let expected = std::fs::read_to_string(listed).unwrap_or_default();
        if std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1") {
            std::fs::write(listed, &refused).expect("not_simulated.txt is writable");
        } else {
            assert!(
                expected == refused,
                "what the lab refuses changed: rerun with UPDATE_EXPECT=1 and review src/aws/not_simulated.txt"
            );
        }
    }
}

#[cfg(test)]
mod required_parameters_are_enforced {
    use cloudlab_model::Cloud;

    use super::{SERVICES, service};
    use crate::Terminal;

    /// Every operation with required options, called with none, answers as the AWS CLI
    /// does (its usage error naming each missing option, exit 252) and sends nothing.
    #[test]
    fn every_operation_names_its_missing_required_options() {
        let mut checked = 0;
        for name in SERVICES {
            let Some(service) = service(name) else {
                continue;
            };
            for op in service.operations {
                let required: Vec<String> = op
                    .params
                    .iter()
                    .filter(|p| p.required && !p.member.starts_with('@'))
                    .map(|p| format!("--{}", p.name))
                    .collect();
                if required.is_empty() {
                    continue;
                }
                let mut cloud = Cloud::default();
                let mut term = Terminal::new();
                let calls_before = cloud.api_log().len();
                let out = term.run(&mut cloud, &format!("aws {name} {}", op.name));
                assert_eq!(out.exit_code, 252, "aws {name} {}: {}", op.name, out.stderr);
                assert!(
                    out.stderr.contains(&format!(
                        "aws: error: the following arguments are required: {}",
                        required.join(", ")
                    )),
                    "aws {name} {}: {}",
                    op.name,
                    out.stderr
                );
                assert_eq!(
                    cloud.api_log().len(),
                    calls_before,
                    "aws {name} {}",
                    op.name
                );
                checked += 1;
            }
        }
        assert!(
            checked > 40,
            "only {checked} operations have required options"
        );
    }
}

#[cfg(test)]
mod typed_output_prints_as_the_value_would {
    use cloudlab_model::Cloud;

    use crate::Terminal;

    /// `--output json` without `--query` is written straight from the model's output;
    /// `--query @` goes through the value tree. Both must print the same bytes.
    #[test]
    fn plain_json_matches_the_value_path() {
        let mut cloud = Cloud::default();
        let mut term = Terminal::new();
        for line in [
            "aws ec2 create-key-pair --key-name k --key-type ed25519 > k.pem",
            "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
            "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 203.0.113.25/32",
            "AMI=$(aws ec2 describe-images --owners amazon --query 'Images[0].ImageId' --output text)",
            "aws ec2 run-instances --image-id $AMI --instance-type t3.micro --key-name k --security-group-ids $SG",
            "aws iam create-user --user-name ana",
        ] {
            assert_eq!(term.run(&mut cloud, line).exit_code, 0, "{line}");
        }
        for command in [
            "aws ec2 describe-instances",
            "aws ec2 describe-security-groups --group-ids $SG",
            "aws ec2 describe-key-pairs",
            "aws ec2 describe-volumes",
            "aws ec2 describe-instance-types --instance-types t3.micro",
            "aws ec2 describe-regions",
            "aws iam get-user --user-name ana",
            "aws iam list-users",
            "aws sts get-caller-identity",
            "aws ssm get-parameter --name /aws/service/global-infrastructure/regions/ap-northeast-2/longName",
        ] {
            let plain = term.run(&mut cloud, command);
            let through_value = term.run(&mut cloud, &format!("{command} --query '@'"));
            assert_eq!(plain.exit_code, 0, "{command}: {}", plain.stderr);
            assert!(!plain.stdout.is_empty(), "{command}");
            assert_eq!(plain.stdout, through_value.stdout, "{command}");
        }
        // A plain `--query` path is read from the typed output; wrapped in a list it
        // goes through the whole tree. Both must print the same.
        for (command, path) in [
            (
                "aws ec2 describe-instances",
                "Reservations[0].Instances[0].InstanceId",
            ),
            (
                "aws ec2 describe-instances",
                "Reservations[0].Instances[0].State",
            ),
            (
                "aws ec2 describe-instances",
                "Reservations[0].Instances[0].Tags",
            ),
            ("aws ec2 describe-instances", "Reservations[3].Instances"),
            (
                "aws ec2 describe-security-groups --group-ids $SG",
                "SecurityGroups[0].IpPermissions[0]",
            ),
            ("aws ec2 describe-key-pairs", "KeyPairs[0].CreateTime"),
            ("aws iam get-user --user-name ana", "User.Arn"),
            ("aws sts get-caller-identity", "Account"),
        ] {
            for output in ["json", "text", "table"] {
                let picked = term.run(
                    &mut cloud,
                    &format!("{command} --query '{path}' --output {output}"),
                );
                let searched = term.run(
                    &mut cloud,
                    &format!("{command} --query '[{path}][0]' --output {output}"),
                );
                assert_eq!(picked.exit_code, 0, "{command} {path}: {}", picked.stderr);
                assert_eq!(
                    picked.stdout, searched.stdout,
                    "{command} --query {path} --output {output}"
                );
            }
        }
    }
}
