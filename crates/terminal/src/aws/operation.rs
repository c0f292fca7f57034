//! What every service's subcommands share: the operation table entry, the
//! error a call ends with, and turning the CLI's parameters into a model
//! input (and its output back into JSON).

use cloudlab_model::{AwsError, Cloud};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::args::{Param, Shape};

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
    /// A request member the AWS CLI takes but the lab's model does not simulate
    /// (`PermissionsBoundary`): the request is refused rather than sent without it.
    NotSimulated(String),
}

impl CallError {
    /// A model error.
    pub fn service(e: impl AwsError) -> CallError {
        CallError::Service(ServiceError::from_aws(&e))
    }
}

/// The model call behind a subcommand.
pub type CallFn = fn(&mut Cloud, Map<String, Value>) -> Result<Value, CallError>;

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
/// keep (the model has no field for it) is refused with
/// [`CallError::NotSimulated`], so nothing a learner asks for is dropped silently.
pub fn input<T: DeserializeOwned + Serialize>(params: Map<String, Value>) -> Result<T, CallError> {
    let given: Vec<String> = params
        .iter()
        .filter(|(_, value)| !is_blank(value))
        .map(|(member, _)| member.clone())
        .collect();
    let input: T = serde_json::from_value(Value::Object(params))
        .map_err(|e| CallError::Validation(format!("Parameter validation failed:\n{e}")))?;
    if let Ok(Value::Object(kept)) = serde_json::to_value(&input)
        && let Some(dropped) = given.into_iter().find(|member| !kept.contains_key(member))
    {
        return Err(CallError::NotSimulated(dropped));
    }
    Ok(input)
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
pub fn output<T: Serialize>(out: T) -> Result<Value, CallError> {
    serde_json::to_value(out).map_err(|e| CallError::Other(e.to_string()))
}

/// A call whose model method takes the input and returns an output.
macro_rules! call {
    ($method:ident) => {
        |cloud: &mut cloudlab_model::Cloud,
         params: serde_json::Map<String, serde_json::Value>|
         -> Result<serde_json::Value, $crate::aws::operation::CallError> {
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
         -> Result<serde_json::Value, $crate::aws::operation::CallError> {
            cloud
                .$method($crate::aws::operation::input(params)?)
                .map_err($crate::aws::operation::CallError::service)?;
            Ok(serde_json::Value::Object(serde_json::Map::new()))
        }
    };
}

/// A call whose model method takes no input.
macro_rules! call_no_input {
    ($method:ident) => {
        |cloud: &mut cloudlab_model::Cloud,
         _params: serde_json::Map<String, serde_json::Value>|
         -> Result<serde_json::Value, $crate::aws::operation::CallError> {
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
         _params: serde_json::Map<String, serde_json::Value>|
         -> Result<serde_json::Value, $crate::aws::operation::CallError> {
            cloud
                .$method()
                .map_err($crate::aws::operation::CallError::service)?;
            Ok(serde_json::Value::Object(serde_json::Map::new()))
        }
    };
}

pub(crate) use {call, call_no_input, call_unit, call_unit_no_input};
