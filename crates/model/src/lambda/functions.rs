//! Creating, reading, changing and deleting functions.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::package::{ZipProblem, read_zip};
use super::{
    DEPRECATED_RUNTIMES, Function, FunctionConfig, LambdaError, PYTHON_RUNTIMES, WarmEnvironment,
};
use crate::clock::SimTime;
use crate::cloud::Cloud;
use crate::digest;

/// How long a new function stays `Pending`.
const PENDING_FOR: Duration = Duration::from_secs(5);
/// How long an update stays `InProgress`.
const UPDATING_FOR: Duration = Duration::from_secs(2);

/// `Code` in `create-function`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FunctionCodeInput {
    /// The .zip, base64 (`--zip-file fileb://function.zip`).
    pub zip_file: Option<String>,
}

/// `Environment`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EnvironmentShape {
    /// The variables.
    pub variables: BTreeMap<String, String>,
}

/// `lambda create-function`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateFunctionInput {
    /// The name.
    pub function_name: String,
    /// `python3.13`.
    pub runtime: Option<String>,
    /// The execution role's ARN.
    pub role: String,
    /// `lambda_function.lambda_handler`.
    pub handler: Option<String>,
    /// The package.
    pub code: FunctionCodeInput,
    /// The description.
    pub description: Option<String>,
    /// Seconds (default 3).
    pub timeout: Option<i64>,
    /// Megabytes (default 128).
    pub memory_size: Option<i64>,
    /// Environment variables.
    pub environment: Option<EnvironmentShape>,
    /// Publish version 1 at once.
    pub publish: Option<bool>,
    /// `Zip` (images are not simulated).
    pub package_type: Option<String>,
    /// `x86_64` or `arm64`.
    pub architectures: Vec<String>,
}

/// `TracingConfig` and the like: one member.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModeShape {
    /// `PassThrough`.
    pub mode: &'static str,
}

/// `LoggingConfig`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfigShape {
    /// `Text`.
    pub log_format: &'static str,
    /// `/aws/lambda/<name>`.
    pub log_group: String,
}

/// A function's configuration as Lambda returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionConfiguration {
    /// The name.
    pub function_name: String,
    /// The ARN (with the version for a published one).
    pub function_arn: String,
    /// The runtime.
    pub runtime: String,
    /// The role.
    pub role: String,
    /// The handler.
    pub handler: String,
    /// Package size.
    pub code_size: u64,
    /// Description.
    pub description: String,
    /// Seconds.
    pub timeout: u32,
    /// Megabytes.
    pub memory_size: u32,
    /// `2026-12-07T01:50:21.000+0000`.
    pub last_modified: String,
    /// Base64 SHA-256 of the package.
    pub code_sha256: String,
    /// `$LATEST` or a number.
    pub version: String,
    /// Environment variables, when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<EnvironmentShape>,
    /// `PassThrough`.
    pub tracing_config: ModeShape,
    /// The revision.
    pub revision_id: String,
    /// `Pending`, `Active`.
    pub state: String,
    /// Why it is pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<&'static str>,
    /// `Creating`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_reason_code: Option<&'static str>,
    /// `Successful` or `InProgress`.
    pub last_update_status: &'static str,
    /// `Zip`.
    pub package_type: &'static str,
    /// `x86_64`.
    pub architectures: Vec<&'static str>,
    /// Where its logs go.
    pub logging_config: LoggingConfigShape,
}

/// A function named by name, ARN or `name:qualifier`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FunctionRefInput {
    /// The function.
    pub function_name: String,
    /// A version or alias.
    pub qualifier: Option<String>,
}

/// `get-function`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetFunctionOutput {
    /// The configuration.
    pub configuration: FunctionConfiguration,
    /// Where the package can be downloaded.
    pub code: CodeLocation,
}

/// `Code` in `get-function`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeLocation {
    /// `S3`.
    pub repository_type: &'static str,
    /// A presigned URL (valid 10 minutes).
    pub location: String,
}

/// `list-functions`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListFunctionsInput {
    /// At most this many.
    pub max_items: Option<i64>,
}

/// `list-functions`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListFunctionsOutput {
    /// The functions' `$LATEST`.
    pub functions: Vec<FunctionConfiguration>,
}

/// `update-function-code`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateFunctionCodeInput {
    /// The function.
    pub function_name: String,
    /// The new .zip, base64.
    pub zip_file: Option<String>,
    /// Publish a version too.
    pub publish: Option<bool>,
    /// Only if this is the current revision.
    pub revision_id: Option<String>,
}

/// `update-function-configuration`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateFunctionConfigurationInput {
    /// The function.
    pub function_name: String,
    /// New role.
    pub role: Option<String>,
    /// New handler.
    pub handler: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New timeout.
    pub timeout: Option<i64>,
    /// New memory.
    pub memory_size: Option<i64>,
    /// New environment (replaces the old one).
    pub environment: Option<EnvironmentShape>,
    /// New runtime.
    pub runtime: Option<String>,
    /// Only if this is the current revision.
    pub revision_id: Option<String>,
}

/// `put-function-concurrency`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutFunctionConcurrencyInput {
    /// The function.
    pub function_name: String,
    /// Reserved concurrent executions (0 stops every invocation).
    pub reserved_concurrent_executions: i64,
}

/// `put-function-concurrency`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConcurrencyOutput {
    /// What is reserved.
    pub reserved_concurrent_executions: u32,
}

/// The account's concurrency quota.
pub const ACCOUNT_CONCURRENCY: u32 = 1000;
/// What must stay unreserved for functions without a reservation.
pub const UNRESERVED_MINIMUM: u32 = 100;

/// Lambda's time format: `2026-12-07T01:50:21.000+0000`.
pub fn lambda_time(t: SimTime) -> String {
    let u = t.to_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}+0000",
        u.year, u.month, u.day, u.hour, u.minute, u.second, u.millis
    )
}

/// A function reference split into its name and qualifier: `hello`,
/// `hello:live`, `arn:aws:lambda:<region>:<account>:function:hello[:1]`,
/// `<account>:function:hello`.
pub fn split_function_ref(reference: &str) -> (String, Option<String>) {
    let rest = reference
        .strip_prefix("arn:aws:lambda:")
        .and_then(|r| r.split_once(":function:").map(|(_, name)| name))
        .or_else(|| reference.split_once(":function:").map(|(_, name)| name))
        .unwrap_or(reference);
    match rest.split_once(':') {
        Some((name, qualifier)) => (name.to_string(), Some(qualifier.to_string())),
        None => (rest.to_string(), None),
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn check_timeout(timeout: i64) -> Result<u32, LambdaError> {
    if !(1..=900).contains(&timeout) {
        return Err(LambdaError::Validation(format!(
            "1 validation error detected: Value '{timeout}' at 'timeout' failed to satisfy constraint: Member must have value {}",
            if timeout < 1 {
                "greater than or equal to 1"
            } else {
                "less than or equal to 900"
            }
        )));
    }
    Ok(timeout as u32)
}

fn check_memory(memory: i64) -> Result<u32, LambdaError> {
    if !(128..=10_240).contains(&memory) {
        return Err(LambdaError::Validation(format!(
            "1 validation error detected: Value '{memory}' at 'memorySize' failed to satisfy constraint: Member must have value {}",
            if memory < 128 {
                "greater than or equal to 128"
            } else {
                "less than or equal to 10240"
            }
        )));
    }
    Ok(memory as u32)
}

fn check_runtime(runtime: &str) -> Result<(), LambdaError> {
    if PYTHON_RUNTIMES.contains(&runtime) {
        return Ok(());
    }
    if DEPRECATED_RUNTIMES.contains(&runtime) {
        return Err(LambdaError::InvalidParameterValue(format!(
            "The runtime parameter of {runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or upgrading functions."
        )));
    }
    Err(LambdaError::InvalidParameterValue(format!(
        "The runtime parameter of {runtime} is not simulated here: this lab runs Python ({}).",
        PYTHON_RUNTIMES.join(", ")
    )))
}

/// A package's base64 text checked: it must be a .zip Lambda can open.
fn check_package(base64: &str) -> Result<(Vec<u8>, String), LambdaError> {
    let unzip_failed = || {
        LambdaError::InvalidParameterValue(
            "Could not unzip uploaded file. Please check your file, then try to upload again."
                .into(),
        )
    };
    let bytes = digest::base64_decode(base64).ok_or_else(unzip_failed)?;
    match read_zip(&bytes) {
        Ok(_) => {}
        Err(ZipProblem::NotAZip) => return Err(unzip_failed()),
        Err(ZipProblem::Compressed(name)) => {
            return Err(LambdaError::InvalidParameterValue(format!(
                "Could not unzip uploaded file. {name} is compressed, and this lab reads stored (zip -0) entries only."
            )));
        }
    }
    if bytes.len() > 50 * 1024 * 1024 {
        return Err(LambdaError::InvalidParameterValue(
            "Unzipped size must be smaller than 262144000 bytes".into(),
        ));
    }
    let sha = digest::base64_encode(&digest::sha256(&bytes));
    Ok((bytes, sha))
}

impl Cloud {
    /// `arn:aws:lambda:<region>:<account>:function:<name>`.
    pub fn function_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:lambda:{}:{}:function:{name}",
            self.region_name(),
            self.config.account_id
        )
    }

    /// The functions, by name.
    pub fn lambda_functions(&self) -> &[Function] {
        &self.lambda.functions
    }

    /// A function by name.
    pub fn lambda_function(&self, name: &str) -> Option<&Function> {
        self.lambda.functions.iter().find(|f| f.name == name)
    }

    pub(crate) fn lambda_function_mut(&mut self, name: &str) -> Option<&mut Function> {
        self.lambda.functions.iter_mut().find(|f| f.name == name)
    }

    pub(crate) fn lambda_call<T>(
        &mut self,
        operation: &str,
        action: &str,
        function: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, LambdaError>,
    ) -> Result<T, LambdaError> {
        let action = format!("lambda:{action}");
        let resource = if function.is_empty() {
            "*".to_string()
        } else {
            self.function_arn(function)
        };
        self.service_call(
            "lambda",
            operation,
            |_, _| Some((action, resource, Default::default())),
            body,
        )
    }

    /// The function a reference names, or `Function not found`.
    pub(crate) fn find_function(&self, name: &str) -> Result<&Function, LambdaError> {
        self.lambda_function(name)
            .ok_or_else(|| LambdaError::no_function(&self.function_arn(name)))
    }

    /// The role must exist and let Lambda assume it.
    fn check_execution_role(&self, role_arn: &str) -> Result<(), LambdaError> {
        let prefix = format!("arn:aws:iam::{}:role/", self.config.account_id);
        let Some(name) = role_arn
            .strip_prefix(&prefix)
            .map(|path| path.rsplit('/').next().unwrap_or_default())
        else {
            return Err(LambdaError::Validation(format!(
                "1 validation error detected: Value '{role_arn}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{{12}}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"
            )));
        };
        if !self.service_may_assume_role(name, "lambda.amazonaws.com") {
            return Err(LambdaError::InvalidParameterValue(
                "The role defined for the function cannot be assumed by Lambda.".into(),
            ));
        }
        Ok(())
    }

    /// A configuration as Lambda returns it.
    pub fn function_configuration(
        &self,
        f: &Function,
        version: &str,
    ) -> Option<FunctionConfiguration> {
        let config = f.config(version)?;
        let arn = self.function_arn(&f.name);
        let pending = f.state == "Pending";
        Some(FunctionConfiguration {
            function_name: f.name.clone(),
            function_arn: if version == "$LATEST" {
                arn
            } else {
                format!("{arn}:{version}")
            },
            runtime: config.runtime.clone(),
            role: config.role.clone(),
            handler: config.handler.clone(),
            code_size: config.code_size,
            description: config.description.clone(),
            timeout: config.timeout,
            memory_size: config.memory_size,
            last_modified: lambda_time(config.last_modified),
            code_sha256: config.code_sha256.clone(),
            version: version.to_string(),
            environment: (!config.environment.is_empty()).then(|| EnvironmentShape {
                variables: config.environment.clone(),
            }),
            tracing_config: ModeShape {
                mode: "PassThrough",
            },
            revision_id: config.revision_id.clone(),
            state: f.state.clone(),
            state_reason: pending.then_some("The function is being created."),
            state_reason_code: pending.then_some("Creating"),
            last_update_status: if f.update_done_at.is_some() {
                "InProgress"
            } else {
                "Successful"
            },
            package_type: "Zip",
            architectures: vec!["x86_64"],
            logging_config: LoggingConfigShape {
                log_format: "Text",
                log_group: format!("/aws/lambda/{}", f.name),
            },
        })
    }

    /// `lambda create-function`.
    pub fn create_function(
        &mut self,
        input: CreateFunctionInput,
    ) -> Result<FunctionConfiguration, LambdaError> {
        let name = input.function_name.clone();
        self.lambda_call("CreateFunction", "CreateFunction", &name.clone(), |c| {
            if !valid_name(&name) {
                return Err(LambdaError::Validation(format!(
                    "1 validation error detected: Value '{name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}}:)?(\\d{{12}}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
                )));
            }
            if input.package_type.as_deref().is_some_and(|p| p != "Zip") {
                return Err(LambdaError::InvalidParameterValue(
                    "Container images are not simulated here; use PackageType Zip.".into(),
                ));
            }
            let runtime = input.runtime.clone().ok_or_else(|| {
                LambdaError::InvalidParameterValue("Runtime and Handler are mandatory parameters for functions created with deployment packages.".into())
            })?;
            let handler = input.handler.clone().ok_or_else(|| {
                LambdaError::InvalidParameterValue("Runtime and Handler are mandatory parameters for functions created with deployment packages.".into())
            })?;
            check_runtime(&runtime)?;
            let timeout = check_timeout(input.timeout.unwrap_or(3))?;
            let memory_size = check_memory(input.memory_size.unwrap_or(128))?;
            c.check_execution_role(&input.role)?;
            let zip = input.code.zip_file.as_deref().ok_or_else(|| {
                LambdaError::InvalidParameterValue("Please provide a source for function code.".into())
            })?;
            let (bytes, code_sha256) = check_package(zip)?;
            if c.lambda_function(&name).is_some() {
                return Err(LambdaError::ResourceConflict(format!("Function already exist: {name}")));
            }
            let revision_id = c.service_uuid("lambda");
            let now = c.now;
            let config = FunctionConfig {
                runtime,
                role: input.role.clone(),
                handler,
                description: input.description.clone().unwrap_or_default(),
                timeout,
                memory_size,
                environment: input.environment.clone().map(|e| e.variables).unwrap_or_default(),
                package: zip.to_string(),
                code_sha256,
                code_size: bytes.len() as u64,
                last_modified: now,
                revision_id,
            };
            let function = Function {
                name: name.clone(),
                latest: config,
                versions: Vec::new(),
                aliases: Vec::new(),
                policy: Vec::new(),
                state: "Pending".into(),
                active_at: Some(now.plus(PENDING_FOR)),
                update_done_at: None,
                reserved_concurrency: None,
                warm: BTreeMap::<String, WarmEnvironment>::new(),
                invocations: Vec::new(),
                created_at: now,
            };
            let at = c.lambda.functions.partition_point(|f| f.name < name);
            c.lambda.functions.insert(at, function);
            if input.publish.unwrap_or(false) {
                c.publish_latest(&name);
            }
            let f = c.find_function(&name)?;
            Ok(c.function_configuration(f, "$LATEST").expect("$LATEST exists"))
        })
    }

    /// The version a function reference and qualifier name (an alias resolved).
    pub(crate) fn resolve_version(
        &self,
        f: &Function,
        qualifier: Option<&str>,
    ) -> Result<String, LambdaError> {
        let not_found = || {
            LambdaError::no_function(&format!(
                "{}:{}",
                self.function_arn(&f.name),
                qualifier.unwrap_or("")
            ))
        };
        match qualifier {
            None | Some("$LATEST") => Ok("$LATEST".into()),
            Some(q) if q.chars().all(|c| c.is_ascii_digit()) => {
                f.config(q).map(|_| q.to_string()).ok_or_else(not_found)
            }
            Some(q) => f
                .alias(q)
                .map(|a| a.function_version.clone())
                .ok_or_else(|| {
                    LambdaError::ResourceNotFound(format!(
                        "Cannot find alias arn: {}:{q}",
                        self.function_arn(&f.name)
                    ))
                }),
        }
    }

    fn function_and_version(
        &self,
        input: &FunctionRefInput,
    ) -> Result<(String, String), LambdaError> {
        let (name, from_ref) = split_function_ref(&input.function_name);
        let f = self.find_function(&name)?;
        let version =
            self.resolve_version(f, input.qualifier.as_deref().or(from_ref.as_deref()))?;
        Ok((name, version))
    }

    /// `lambda get-function`.
    pub fn get_function(
        &mut self,
        input: FunctionRefInput,
    ) -> Result<GetFunctionOutput, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("GetFunction", "GetFunction", &name, |c| {
            let (name, version) = c.function_and_version(&input)?;
            let f = c.find_function(&name)?;
            let configuration = c.function_configuration(f, &version).ok_or_else(|| LambdaError::no_function(&name))?;
            let location = format!(
                "https://awslambda-{}-tasks.s3.{}.amazonaws.com/snapshots/{}/{}-{}?X-Amz-Expires=600",
                c.region_name(),
                c.region_name(),
                c.config.account_id,
                name,
                &configuration.revision_id[..8]
            );
            Ok(GetFunctionOutput { configuration, code: CodeLocation { repository_type: "S3", location } })
        })
    }

    /// `lambda get-function-configuration`.
    pub fn get_function_configuration(
        &mut self,
        input: FunctionRefInput,
    ) -> Result<FunctionConfiguration, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call(
            "GetFunctionConfiguration",
            "GetFunctionConfiguration",
            &name,
            |c| {
                let (name, version) = c.function_and_version(&input)?;
                let f = c.find_function(&name)?;
                c.function_configuration(f, &version)
                    .ok_or_else(|| LambdaError::no_function(&name))
            },
        )
    }

    /// `lambda list-functions`.
    pub fn list_functions(
        &mut self,
        input: ListFunctionsInput,
    ) -> Result<ListFunctionsOutput, LambdaError> {
        self.lambda_call("ListFunctions", "ListFunctions", "", |c| {
            let limit = input.max_items.unwrap_or(50).clamp(1, 10_000) as usize;
            Ok(ListFunctionsOutput {
                functions: c
                    .lambda
                    .functions
                    .iter()
                    .take(limit)
                    .filter_map(|f| c.function_configuration(f, "$LATEST"))
                    .collect(),
            })
        })
    }

    /// `lambda delete-function`: the whole function, or one version. Its log
    /// group stays.
    pub fn delete_function(&mut self, input: FunctionRefInput) -> Result<(), LambdaError> {
        let (name, from_ref) = split_function_ref(&input.function_name);
        self.lambda_call("DeleteFunction", "DeleteFunction", &name.clone(), |c| {
            c.find_function(&name)?;
            match input.qualifier.or(from_ref) {
                None => c.lambda.functions.retain(|f| f.name != name),
                Some(q) if q == "$LATEST" => {
                    return Err(LambdaError::InvalidParameterValue(
                        "$LATEST version cannot be deleted without deleting the function.".into(),
                    ));
                }
                Some(q) => {
                    let f = c.lambda_function_mut(&name).ok_or_else(|| LambdaError::no_function(&name))?;
                    if let Some(alias) = f.aliases.iter().find(|a| a.function_version == q) {
                        return Err(LambdaError::ResourceConflict(format!(
                            "Unable to delete version because the following aliases reference it: [{}]",
                            alias.name
                        )));
                    }
                    let before = f.versions.len();
                    f.versions.retain(|v| v.number.to_string() != q);
                    if f.versions.len() == before {
                        return Err(LambdaError::no_function(&format!("{}:{q}", c.function_arn(&name))));
                    }
                }
            }
            Ok(())
        })
    }

    fn check_revision(config: &FunctionConfig, expected: Option<&str>) -> Result<(), LambdaError> {
        match expected {
            Some(id) if id != config.revision_id => Err(LambdaError::PreconditionFailed(
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id".into(),
            )),
            _ => Ok(()),
        }
    }

    fn check_not_updating(f: &Function) -> Result<(), LambdaError> {
        if f.state == "Pending" || f.update_done_at.is_some() {
            return Err(LambdaError::ResourceConflict(format!(
                "The operation cannot be performed at this time. An update is in progress for resource: {}",
                f.name
            )));
        }
        Ok(())
    }

    fn after_update(&mut self, name: &str) {
        let revision_id = self.service_uuid("lambda");
        let now = self.now;
        if let Some(f) = self.lambda_function_mut(name) {
            f.latest.last_modified = now;
            f.latest.revision_id = revision_id;
            f.update_done_at = Some(now.plus(UPDATING_FOR));
            // New code or settings start new environments.
            f.warm.remove("$LATEST");
        }
    }

    /// `lambda update-function-code`.
    pub fn update_function_code(
        &mut self,
        input: UpdateFunctionCodeInput,
    ) -> Result<FunctionConfiguration, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call(
            "UpdateFunctionCode",
            "UpdateFunctionCode",
            &name.clone(),
            |c| {
                let f = c.find_function(&name)?;
                Self::check_not_updating(f)?;
                Self::check_revision(&f.latest, input.revision_id.as_deref())?;
                let zip = input.zip_file.as_deref().ok_or_else(|| {
                    LambdaError::InvalidParameterValue(
                        "Please provide a source for function code.".into(),
                    )
                })?;
                let (bytes, sha) = check_package(zip)?;
                if let Some(f) = c.lambda_function_mut(&name) {
                    f.latest.package = zip.to_string();
                    f.latest.code_sha256 = sha;
                    f.latest.code_size = bytes.len() as u64;
                }
                c.after_update(&name);
                if input.publish.unwrap_or(false) {
                    c.publish_latest(&name);
                }
                let f = c.find_function(&name)?;
                Ok(c.function_configuration(f, "$LATEST")
                    .expect("$LATEST exists"))
            },
        )
    }

    /// `lambda update-function-configuration`.
    pub fn update_function_configuration(
        &mut self,
        input: UpdateFunctionConfigurationInput,
    ) -> Result<FunctionConfiguration, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call(
            "UpdateFunctionConfiguration",
            "UpdateFunctionConfiguration",
            &name.clone(),
            |c| {
                let f = c.find_function(&name)?;
                Self::check_not_updating(f)?;
                Self::check_revision(&f.latest, input.revision_id.as_deref())?;
                let timeout = input.timeout.map(check_timeout).transpose()?;
                let memory = input.memory_size.map(check_memory).transpose()?;
                if let Some(runtime) = &input.runtime {
                    check_runtime(runtime)?;
                }
                if let Some(role) = &input.role {
                    c.check_execution_role(role)?;
                }
                if let Some(f) = c.lambda_function_mut(&name) {
                    let l = &mut f.latest;
                    if let Some(t) = timeout {
                        l.timeout = t;
                    }
                    if let Some(m) = memory {
                        l.memory_size = m;
                    }
                    if let Some(r) = &input.runtime {
                        l.runtime = r.clone();
                    }
                    if let Some(r) = &input.role {
                        l.role = r.clone();
                    }
                    if let Some(h) = &input.handler {
                        l.handler = h.clone();
                    }
                    if let Some(d) = &input.description {
                        l.description = d.clone();
                    }
                    if let Some(e) = &input.environment {
                        l.environment = e.variables.clone();
                    }
                }
                c.after_update(&name);
                let f = c.find_function(&name)?;
                Ok(c.function_configuration(f, "$LATEST")
                    .expect("$LATEST exists"))
            },
        )
    }

    /// `lambda put-function-concurrency`.
    pub fn put_function_concurrency(
        &mut self,
        input: PutFunctionConcurrencyInput,
    ) -> Result<ConcurrencyOutput, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("PutFunctionConcurrency", "PutFunctionConcurrency", &name.clone(), |c| {
            c.find_function(&name)?;
            let reserved = u32::try_from(input.reserved_concurrent_executions).map_err(|_| {
                LambdaError::Validation(format!(
                    "1 validation error detected: Value '{}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0",
                    input.reserved_concurrent_executions
                ))
            })?;
            let others: u32 = c
                .lambda
                .functions
                .iter()
                .filter(|f| f.name != name)
                .filter_map(|f| f.reserved_concurrency)
                .sum();
            if others.saturating_add(reserved) > ACCOUNT_CONCURRENCY - UNRESERVED_MINIMUM {
                return Err(LambdaError::InvalidParameterValue(format!(
                    "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{UNRESERVED_MINIMUM}]."
                )));
            }
            if let Some(f) = c.lambda_function_mut(&name) {
                f.reserved_concurrency = Some(reserved);
            }
            Ok(ConcurrencyOutput { reserved_concurrent_executions: reserved })
        })
    }

    /// `lambda delete-function-concurrency`.
    pub fn delete_function_concurrency(
        &mut self,
        input: FunctionRefInput,
    ) -> Result<(), LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call(
            "DeleteFunctionConcurrency",
            "DeleteFunctionConcurrency",
            &name.clone(),
            |c| {
                c.find_function(&name)?;
                if let Some(f) = c.lambda_function_mut(&name) {
                    f.reserved_concurrency = None;
                }
                Ok(())
            },
        )
    }

    pub(crate) fn lambda_next_transition_at(&self) -> Option<SimTime> {
        self.lambda
            .functions
            .iter()
            .flat_map(|f| [f.active_at, f.update_done_at])
            .flatten()
            .min()
    }

    pub(crate) fn lambda_apply_due_transitions(&mut self) {
        let now = self.now;
        for f in &mut self.lambda.functions {
            if f.active_at.is_some_and(|t| t <= now) {
                f.active_at = None;
                f.state = "Active".into();
            }
            if f.update_done_at.is_some_and(|t| t <= now) {
                f.update_done_at = None;
            }
        }
    }
}
