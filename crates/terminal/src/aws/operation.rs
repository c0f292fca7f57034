//! What every service's subcommands share: the operation table entry, the
//! error a call ends with, and turning the CLI's parameters into a model
//! input (and its output back into JSON).

use cloudlab_model::{AwsError, Cloud};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::args::{Param, Shape};
use super::pick::Step;

/// An error a service answered with, as the CLI prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    /// AWS's error code (`NoSuchEntity`, `InvalidKeyPair.NotFound`).
    pub code: String,
    /// AWS's message.
    pub message: String,
}

impl ServiceError {
    /// The code and message of any model error.
    pub fn from_aws(e: &impl AwsError) -> ServiceError {
        ServiceError {
            code: e.code().to_string(),
            message: e.message(),
        }
    }

    /// AWS's error code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// AWS's message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Why a call did not produce output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallError {
    /// The service answered with an error (exit 254).
    Service(ServiceError),
    /// The request could not be built from the options (exit 252).
    Validation(String),
    /// Anything else the CLI reports before or after the call (exit 255).
    Other(String),
    /// A request member the AWS CLI takes but the lab's model does not simulate,
    /// by its path (`PermissionsBoundary`, `BlockDeviceMappings[0].Ebs.Throughput`):
    /// the request is refused rather than sent without it.
    NotSimulated(String),
}

impl CallError {
    /// A model error.
    pub fn service(e: impl AwsError) -> CallError {
        CallError::Service(ServiceError::from_aws(&e))
    }
}

/// The model call behind a subcommand.
pub type CallFn = fn(&mut Cloud, Map<String, Value>) -> Result<Response, CallError>;

/// A model's answer, kept typed until it is printed: written straight to JSON text
/// when nothing needs it as a value tree (`--output json` without `--query`, the
/// CLI's default), turned into a `serde_json::Value` otherwise. Both give the same
/// bytes: the value keeps the output's member order.
pub struct Response(Answer);

enum Answer {
    Value(Value),
    Typed(Box<dyn TypedOutput>),
}

/// An output struct behind a `Response`.
trait TypedOutput {
    fn to_value(&self) -> serde_json::Result<Value>;
    fn write_json(&self) -> serde_json::Result<String>;
    fn pick_all(&self, path: &[Step]) -> Option<Vec<Value>>;
}

impl<T: Serialize> TypedOutput for T {
    fn to_value(&self) -> serde_json::Result<Value> {
        serde_json::to_value(self)
    }

    fn pick_all(&self, path: &[Step]) -> Option<Vec<Value>> {
        super::pick::pick_all(self, path)
    }

    fn write_json(&self) -> serde_json::Result<String> {
        super::json_writer::to_pretty_json(self)
    }
}

impl Response {
    /// An answer already in JSON form.
    pub fn value(value: Value) -> Response {
        Response(Answer::Value(value))
    }

    /// A typed output.
    pub fn typed<T: Serialize + 'static>(out: T) -> Response {
        Response(Answer::Typed(Box::new(out)))
    }

    /// An answer with nothing in it (the CLI prints nothing).
    pub fn empty() -> Response {
        Response::value(Value::Object(Map::new()))
    }

    /// The node at a plain `--query` path, read from a typed output without building
    /// the rest of it; `None` when the answer is already a value tree or the output's
    /// shape is one [`super::pick`] does not read.
    pub fn pick(&self, path: &[Step]) -> Option<Value> {
        let mut found = self.pick_all(path)?;
        Some(found.pop().unwrap_or(Value::Null))
    }

    /// Every value a projection path (`Reservations[].Instances[].State.Name`) reaches,
    /// flattened and without nulls, read as [`Response::pick`] reads.
    pub fn pick_all(&self, path: &[Step]) -> Option<Vec<Value>> {
        match &self.0 {
            Answer::Typed(out) => out.pick_all(path),
            Answer::Value(_) => None,
        }
    }

    /// The answer as a JSON value.
    pub fn into_value(self) -> Result<Value, CallError> {
        match self.0 {
            Answer::Value(value) => Ok(value),
            Answer::Typed(out) => out.to_value().map_err(|e| CallError::Other(e.to_string())),
        }
    }

    /// The answer as `--output json` prints it (see [`super::output::format_json`]).
    pub fn json_text(self) -> Result<String, CallError> {
        match self.0 {
            Answer::Value(value) => Ok(super::output::format_json(&value)),
            Answer::Typed(out) => {
                let mut text = out
                    .write_json()
                    .map_err(|e| CallError::Other(e.to_string()))?;
                if text == "{}" {
                    return Ok(String::new());
                }
                text.push('\n');
                Ok(text)
            }
        }
    }
}

/// What botocore's model (and the CLI's customizations) say about a subcommand:
/// generated into `aws/generated/` by `cargo xtask gen-cli`.
#[derive(Clone, Copy)]
pub struct OperationModel {
    /// The CLI name (`run-instances`).
    pub name: &'static str,
    /// The API operation (`RunInstances`).
    pub operation: &'static str,
    /// Its options.
    pub params: &'static [Param],
}

/// One subcommand of a service (`aws ec2 run-instances`, `aws iam create-user`).
pub struct Operation {
    /// The CLI name (`run-instances`).
    pub name: &'static str,
    /// The API operation (`RunInstances`).
    pub operation: &'static str,
    /// One line for help.
    pub summary: &'static str,
    /// Its options.
    pub params: &'static [Param],
    /// The call into the model.
    pub call: CallFn,
}

impl Operation {
    /// The subcommand `model` describes, with its help line and its call.
    pub const fn new(model: OperationModel, summary: &'static str, call: CallFn) -> Operation {
        Operation {
            name: model.name,
            operation: model.operation,
            summary,
            params: model.params,
            call,
        }
    }
}

/// The operation named `name` in `table`.
pub fn find<'a>(table: &'a [Operation], name: &str) -> Option<&'a Operation> {
    table.iter().find(|o| o.name == name)
}

/// An optional option.
pub const fn p(name: &'static str, member: &'static str, shape: &'static Shape) -> Param {
    Param {
        name,
        member,
        shape,
        required: false,
    }
}

/// A required option.
pub const fn req(name: &'static str, member: &'static str, shape: &'static Shape) -> Param {
    Param {
        name,
        member,
        shape,
        required: true,
    }
}

/// Builds a model input from the request members. A member the input does not
/// keep (the model has no field for it), at any depth, is refused with
/// [`CallError::NotSimulated`], so nothing a learner asks for is dropped silently.
pub fn input<T: DeserializeOwned + Serialize>(params: Map<String, Value>) -> Result<T, CallError> {
    let given = Value::Object(params);
    let input: T = T::deserialize(&given)
        .map_err(|e| CallError::Validation(format!("Parameter validation failed:\n{e}")))?;
    if let Ok(kept) = serde_json::to_value(&input) {
        let mut path = String::new();
        if first_dropped(&given, &kept, &mut path) {
            return Err(CallError::NotSimulated(path));
        }
    }
    Ok(input)
}

/// Whether `given` has a member (not blank) that `kept` lacks; `path` then names it
/// (`BlockDeviceMappings[0].Ebs.Throughput`).
fn first_dropped(given: &Value, kept: &Value, path: &mut String) -> bool {
    match (given, kept) {
        (Value::Object(given), Value::Object(kept)) => {
            for (member, value) in given.iter().filter(|(_, v)| !is_blank(v)) {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(member);
                match kept.get(member) {
                    None => return true,
                    Some(kept) if first_dropped(value, kept, path) => return true,
                    Some(_) => path.truncate(len),
                }
            }
            false
        }
        (Value::Array(given), Value::Array(kept)) => {
            for (i, value) in given.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                match kept.get(i) {
                    None => return true,
                    Some(kept) if first_dropped(value, kept, path) => return true,
                    Some(_) => path.truncate(len),
                }
            }
            false
        }
        _ => false,
    }
}

/// For a model call that takes no input: refuses any member given (with a value), as
/// [`input`] refuses one the input does not keep.
pub fn no_input(params: &Map<String, Value>) -> Result<(), CallError> {
    match params.iter().find(|(_, value)| !is_blank(value)) {
        Some((member, _)) => Err(CallError::NotSimulated(member.clone())),
        None => Ok(()),
    }
}

/// A value an input may leave out when it serializes (it equals the default), so its
/// absence does not show that the member was dropped.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        Value::Number(number) => number.as_f64() == Some(0.0),
        Value::Bool(true) => false,
    }
}

/// A model output as the JSON the CLI prints.
pub fn output<T: Serialize + 'static>(out: T) -> Result<Response, CallError> {
    Ok(Response::typed(out))
}

/// A call whose model method takes the input and returns an output.
macro_rules! call {
    ($method:ident) => {
        |cloud: &mut cloudlab_model::Cloud,
         params: serde_json::Map<String, serde_json::Value>|
         -> Result<$crate::aws::operation::Response, $crate::aws::operation::CallError> {
            let out = cloud
                .$method($crate::aws::operation::input(params)?)
                .map_err($crate::aws::operation::CallError::service)?;
            $crate::aws::operation::output(out)
        }
    };
}

/// A call whose model method returns nothing (the CLI prints nothing).
macro_rules! call_unit {
    ($method:ident) => {
        |cloud: &mut cloudlab_model::Cloud,
         params: serde_json::Map<String, serde_json::Value>|
         -> Result<$crate::aws::operation::Response, $crate::aws::operation::CallError> {
            cloud
                .$method($crate::aws::operation::input(params)?)
                .map_err($crate::aws::operation::CallError::service)?;
            Ok($crate::aws::operation::Response::empty())
        }
    };
}

/// A call whose model method takes no input.
macro_rules! call_no_input {
    ($method:ident) => {
        |cloud: &mut cloudlab_model::Cloud,
         params: serde_json::Map<String, serde_json::Value>|
         -> Result<$crate::aws::operation::Response, $crate::aws::operation::CallError> {
            $crate::aws::operation::no_input(&params)?;
            let out = cloud
                .$method()
                .map_err($crate::aws::operation::CallError::service)?;
            $crate::aws::operation::output(out)
        }
    };
}

/// A call whose model method takes no input and returns nothing.
macro_rules! call_unit_no_input {
    ($method:ident) => {
        |cloud: &mut cloudlab_model::Cloud,
         params: serde_json::Map<String, serde_json::Value>|
         -> Result<$crate::aws::operation::Response, $crate::aws::operation::CallError> {
            $crate::aws::operation::no_input(&params)?;
            cloud
                .$method()
                .map_err($crate::aws::operation::CallError::service)?;
            Ok($crate::aws::operation::Response::empty())
        }
    };
}

pub(crate) use {call, call_no_input, call_unit, call_unit_no_input};
