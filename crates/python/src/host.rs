//! The objects the host hands the sandbox (`boto3`, its clients, a DynamoDB
//! `Table`, an S3 object's body, `time`, the `context`), and what their methods do.
//! Each is a host class instance: a method call or an attribute the instance did
//! not bring suspends the interpreter and lands here, routed by the instance's id.

use base64::Engine;
use cloudlab_model::lambda::runtime::{InvocationContext, RuntimeHost, SdkError};
use monty_types::{
    DictPairs, ExcType, ExtFunctionResult, MontyClassInstance, MontyClassType, MontyException,
    MontyObject, MontyUuid, NameLookupResult,
};
use serde_json::Value;

use crate::convert;
use crate::sdk;
use crate::source::{Binding, HostModule};

/// One object the host owns.
#[derive(Clone, Debug)]
enum HostObject {
    Module(HostModule),
    Client {
        service: String,
        class: &'static str,
    },
    DynamoDbResource,
    Table {
        name: String,
    },
    Body {
        bytes: Vec<u8>,
    },
    Context,
}

/// The host's objects of one invocation, by id (index + 1).
pub(crate) struct HostObjects {
    objects: Vec<HostObject>,
    /// Functions bound by `from time import sleep`, by the name they are bound to.
    functions: Vec<(String, HostModule, String)>,
    context: InvocationContext,
    timeout_ms: u64,
    /// The message of the last SDK error raised in the sandbox: if the handler
    /// lets it through, Lambda names it `ClientError`, as botocore's class is.
    last_client_error: Option<String>,
}

/// Python's error for a failed host call.
fn raise(exc_type: ExcType, message: impl Into<String>) -> ExtFunctionResult {
    ExtFunctionResult::Error(MontyException::new(exc_type, Some(message.into())))
}

fn string_arg(
    args: &[MontyObject],
    kwargs: &[(MontyObject, MontyObject)],
    index: usize,
    name: &str,
) -> Option<String> {
    let value = args.get(index).or_else(|| {
        kwargs
            .iter()
            .find(|(k, _)| matches!(k, MontyObject::String(s) if s == name))
            .map(|(_, v)| v)
    });
    match value {
        Some(MontyObject::String(s)) => Some(s.clone()),
        _ => None,
    }
}

impl HostObjects {
    pub(crate) fn new(context: &InvocationContext, timeout_ms: u64) -> HostObjects {
        HostObjects {
            objects: Vec::new(),
            functions: Vec::new(),
            context: context.clone(),
            timeout_ms,
            last_client_error: None,
        }
    }

    fn add(
        &mut self,
        object: HostObject,
        class: &str,
        attrs: Vec<(&str, MontyObject)>,
    ) -> MontyObject {
        self.objects.push(object);
        let id = self.objects.len() as u128;
        MontyObject::ClassInstance(Box::new(MontyClassInstance {
            class_type: MontyClassType {
                name: class.to_string(),
                // One class id per class name, so `type(a) is type(b)` holds for two clients.
                id: MontyUuid::from_u128(class_id(class)),
                host_defined: true,
                is_dataclass: false,
                attrs: DictPairs::default(),
            },
            instance_id: MontyUuid::from_u128(id),
            attrs: attrs
                .into_iter()
                .map(|(k, v)| (MontyObject::String(k.to_string()), v))
                .collect::<Vec<_>>()
                .into(),
        }))
    }

    /// The value a module-level name is bound to.
    pub(crate) fn binding(&mut self, binding: &Binding) -> MontyObject {
        match binding {
            Binding::Module(HostModule::Boto3) => {
                self.add(HostObject::Module(HostModule::Boto3), "module", vec![])
            }
            Binding::Module(HostModule::Time) => {
                self.add(HostObject::Module(HostModule::Time), "module", vec![])
            }
            Binding::Function(module, name) => {
                // An external function: calling it suspends with this name.
                let alias = format!("{}.{name}", module.name());
                self.functions.push((alias.clone(), *module, name.clone()));
                MontyObject::Function {
                    name: alias,
                    docstring: None,
                }
            }
        }
    }

    /// The handler's `context` argument.
    pub(crate) fn context(&mut self) -> MontyObject {
        let c = self.context.clone();
        let s = |v: &str| MontyObject::String(v.to_string());
        self.add(
            HostObject::Context,
            "LambdaContext",
            vec![
                ("function_name", s(&c.function_name)),
                ("function_version", s(&c.function_version)),
                ("invoked_function_arn", s(&c.invoked_function_arn)),
                (
                    "memory_limit_in_mb",
                    MontyObject::Int(i64::from(c.memory_limit_in_mb)),
                ),
                ("aws_request_id", s(&c.aws_request_id)),
                ("log_group_name", s(&c.log_group_name)),
                ("log_stream_name", s(&c.log_stream_name)),
            ],
        )
    }

    /// An attribute the instance did not bring: none exist beyond those it
    /// brought, so this is Python's `AttributeError`.
    pub(crate) fn attribute(&mut self, _id: MontyUuid, _name: &str) -> NameLookupResult {
        NameLookupResult::Undefined
    }

    /// The `errorType` Lambda reports for an exception that escaped the handler.
    pub(crate) fn error_type(&self, exc: &MontyException) -> String {
        match (&self.last_client_error, exc.message()) {
            (Some(raised), Some(message)) if raised == message => "ClientError".to_string(),
            _ => exc.exc_type().to_string(),
        }
    }

    fn object(&self, id: Option<MontyUuid>) -> Option<HostObject> {
        let id = id?;
        let index = (0..self.objects.len()).find(|i| MontyUuid::from_u128(*i as u128 + 1) == id)?;
        self.objects.get(index).cloned()
    }

    /// A call of a host function or a method of a host object.
    pub(crate) fn call(
        &mut self,
        id: Option<MontyUuid>,
        method: &str,
        args: &[MontyObject],
        kwargs: &[(MontyObject, MontyObject)],
        host: &mut dyn RuntimeHost,
    ) -> ExtFunctionResult {
        let Some(object) = self.object(id) else {
            let bound = self
                .functions
                .iter()
                .find(|(alias, _, _)| alias == method)
                .cloned();
            return match bound {
                Some((_, HostModule::Time, name)) => self.time(&name, args, host),
                Some((_, HostModule::Boto3, name)) => self.boto3(&name, args, kwargs),
                None => raise(
                    ExcType::NameError,
                    format!("name '{method}' is not defined"),
                ),
            };
        };
        match object {
            HostObject::Module(HostModule::Boto3) => self.boto3(method, args, kwargs),
            HostObject::Module(HostModule::Time) => self.time(method, args, host),
            HostObject::Client { service, class } => {
                self.client_call(&service, class, method, kwargs, host)
            }
            HostObject::DynamoDbResource => match (method, string_arg(args, kwargs, 0, "name")) {
                ("Table", Some(name)) => self
                    .add(
                        HostObject::Table { name: name.clone() },
                        "dynamodb.Table",
                        vec![
                            ("table_name", MontyObject::String(name.clone())),
                            ("name", MontyObject::String(name)),
                        ],
                    )
                    .into(),
                ("Table", None) => raise(
                    ExcType::TypeError,
                    "Table() missing 1 required positional argument: 'name'",
                ),
                _ => raise(
                    ExcType::AttributeError,
                    format!("'dynamodb.ServiceResource' object has no attribute '{method}'"),
                ),
            },
            HostObject::Table { name } => self.table_call(&name, method, kwargs, host),
            HostObject::Body { bytes } => match method {
                "read" => MontyObject::Bytes(bytes).into(),
                "close" => MontyObject::None.into(),
                _ => raise(
                    ExcType::AttributeError,
                    format!("'StreamingBody' object has no attribute '{method}'"),
                ),
            },
            HostObject::Context => match method {
                "get_remaining_time_in_millis" => {
                    MontyObject::Int(self.timeout_ms.saturating_sub(host.elapsed_ms()) as i64)
                        .into()
                }
                _ => raise(
                    ExcType::AttributeError,
                    format!("'LambdaContext' object has no attribute '{method}'"),
                ),
            },
        }
    }

    fn boto3(
        &mut self,
        method: &str,
        args: &[MontyObject],
        kwargs: &[(MontyObject, MontyObject)],
    ) -> ExtFunctionResult {
        let Some(service) = string_arg(args, kwargs, 0, "service_name") else {
            return match method {
                "client" | "resource" => raise(
                    ExcType::TypeError,
                    format!("{method}() missing 1 required positional argument: 'service_name'"),
                ),
                _ => raise(
                    ExcType::AttributeError,
                    format!("module 'boto3' has no attribute '{method}'"),
                ),
            };
        };
        match method {
            "client" => match sdk::client(&service) {
                Some((class, _)) => self
                    .add(HostObject::Client { service, class }, class, vec![])
                    .into(),
                None => raise(ExcType::ValueError, sdk::unknown_service(&service)),
            },
            "resource" if service == "dynamodb" => self
                .add(
                    HostObject::DynamoDbResource,
                    "dynamodb.ServiceResource",
                    vec![],
                )
                .into(),
            "resource" => raise(
                ExcType::ValueError,
                format!(
                    "The '{service}' resource does not exist in this lab's boto3 (only 'dynamodb' does)"
                ),
            ),
            _ => raise(
                ExcType::AttributeError,
                format!("module 'boto3' has no attribute '{method}'"),
            ),
        }
    }

    fn time(
        &mut self,
        name: &str,
        args: &[MontyObject],
        host: &mut dyn RuntimeHost,
    ) -> ExtFunctionResult {
        match name {
            "sleep" => {
                let seconds = match args.first() {
                    Some(MontyObject::Int(i)) => *i as f64,
                    Some(MontyObject::Float(f)) => *f,
                    _ => return raise(ExcType::TypeError, "sleep() takes exactly one number"),
                };
                if seconds.is_nan() || seconds < 0.0 {
                    return raise(ExcType::ValueError, "sleep length must be non-negative");
                }
                host.sleep_ms((seconds * 1000.0).min(9e15) as u64);
                MontyObject::None.into()
            }
            "time" => MontyObject::Float(host.now_unix_ms() as f64 / 1000.0).into(),
            "monotonic" | "perf_counter" => {
                MontyObject::Float(host.elapsed_ms() as f64 / 1000.0).into()
            }
            _ => raise(
                ExcType::AttributeError,
                format!("module 'time' has no attribute '{name}'"),
            ),
        }
    }

    fn sdk(
        &mut self,
        host: &mut dyn RuntimeHost,
        service: &str,
        operation: &str,
        params: Value,
    ) -> Result<Value, ExtFunctionResult> {
        host.sdk_call(service, operation, params)
            .map_err(|SdkError { code, message }| {
                let text = format!(
                    "An error occurred ({code}) when calling the {operation} operation: {message}"
                );
                self.last_client_error = Some(text.clone());
                raise(ExcType::Exception, text)
            })
    }

    fn client_call(
        &mut self,
        service: &str,
        class: &str,
        method: &str,
        kwargs: &[(MontyObject, MontyObject)],
        host: &mut dyn RuntimeHost,
    ) -> ExtFunctionResult {
        let known = sdk::client(service).is_some_and(|(_, methods)| methods.contains(&method));
        if !known {
            return raise(
                ExcType::AttributeError,
                format!("'{class}' object has no attribute '{method}'"),
            );
        }
        let params = match convert::kwargs_to_params(kwargs) {
            Ok(params) => params,
            Err(problem) => return raise(ExcType::TypeError, problem),
        };
        let operation = sdk::operation_name(method);
        let response = match self.sdk(host, service, &operation, Value::Object(params)) {
            Ok(response) => response,
            Err(raised) => return raised,
        };
        let mut result = convert::response_to_python(&response);
        // An S3 object's body is a stream: `response['Body'].read()`.
        if let (MontyObject::Dict(pairs), Some(Value::String(body))) =
            (&mut result, response.get("Body"))
        {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(body)
                .unwrap_or_default();
            let stream = self.add(HostObject::Body { bytes }, "StreamingBody", vec![]);
            let mut replaced: Vec<(MontyObject, MontyObject)> = pairs.clone().into_iter().collect();
            for (k, v) in &mut replaced {
                if matches!(k, MontyObject::String(s) if s == "Body") {
                    *v = stream.clone();
                }
            }
            *pairs = replaced.into();
        }
        result.into()
    }

    fn table_call(
        &mut self,
        table: &str,
        method: &str,
        kwargs: &[(MontyObject, MontyObject)],
        host: &mut dyn RuntimeHost,
    ) -> ExtFunctionResult {
        if !sdk::TABLE_METHODS.contains(&method) {
            return raise(
                ExcType::AttributeError,
                format!("'dynamodb.Table' object has no attribute '{method}'"),
            );
        }
        let mut params = serde_json::Map::new();
        params.insert("TableName".into(), Value::String(table.to_string()));
        for (key, value) in kwargs {
            let MontyObject::String(key) = key else {
                return raise(ExcType::TypeError, "keywords must be strings");
            };
            let converted = match (key.as_str(), value) {
                ("Item" | "Key" | "ExclusiveStartKey", MontyObject::Dict(pairs)) => {
                    convert::attribute_map(pairs).map(Value::Object)
                }
                ("ExpressionAttributeValues", MontyObject::Dict(pairs)) => {
                    convert::attribute_map(pairs).map(Value::Object)
                }
                ("KeyConditionExpression" | "FilterExpression", v) if !matches!(v, MontyObject::String(_)) => {
                    Err("this lab's boto3 takes a condition as a string ('id = :id'), not boto3.dynamodb.conditions".into())
                }
                (_, v) => convert::kwargs_to_params(&[(MontyObject::String(key.clone()), v.clone())])
                    .map(|mut m| m.remove(key.as_str()).unwrap_or(Value::Null)),
            };
            match converted {
                Ok(v) => {
                    params.insert(key.clone(), v);
                }
                Err(problem) => return raise(ExcType::TypeError, problem),
            }
        }
        let operation = sdk::operation_name(method);
        let response = match self.sdk(host, "dynamodb", &operation, Value::Object(params)) {
            Ok(response) => response,
            Err(raised) => return raised,
        };
        plain_response(&response).into()
    }
}

/// A DynamoDB response with its items as plain dicts (the resource layer).
fn plain_response(response: &Value) -> MontyObject {
    let Some(map) = response.as_object() else {
        return MontyObject::None;
    };
    MontyObject::Dict(
        map.iter()
            .map(|(k, v)| {
                let value = match (k.as_str(), v) {
                    ("Item" | "Attributes" | "LastEvaluatedKey", Value::Object(item)) => {
                        convert::item_to_python(item)
                    }
                    ("Items", Value::Array(items)) => MontyObject::List(
                        items
                            .iter()
                            .map(|i| {
                                i.as_object()
                                    .map_or(MontyObject::None, convert::item_to_python)
                            })
                            .collect(),
                    ),
                    _ => convert::json_to_python(v),
                };
                (MontyObject::String(k.clone()), value)
            })
            .collect::<Vec<_>>()
            .into(),
    )
}

/// A stable id per class name (FNV-1a), well away from instance ids.
fn class_id(name: &str) -> u128 {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (1u128 << 100) | u128::from(hash)
}
