//! The function's resource-based policy: who may invoke it. A service (S3, API
//! Gateway) invokes a function only if a statement names it as the principal and,
//! when the statement has them, the source ARN and account match.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::functions::split_function_ref;
use super::{Function, LambdaError, PolicyStatement};
use crate::cloud::Cloud;
use crate::iam::evaluate::matches_pattern;

/// `lambda add-permission`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AddPermissionInput {
    /// The function.
    pub function_name: String,
    /// The statement's id.
    pub statement_id: String,
    /// `lambda:InvokeFunction`.
    pub action: String,
    /// `s3.amazonaws.com`, `apigateway.amazonaws.com`, an account id.
    pub principal: String,
    /// Only on behalf of this resource.
    pub source_arn: Option<String>,
    /// Only on behalf of this account.
    pub source_account: Option<String>,
    /// A version or alias.
    pub qualifier: Option<String>,
}

/// `add-permission`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddPermissionOutput {
    /// The statement, as JSON text.
    pub statement: String,
}

/// `lambda remove-permission`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RemovePermissionInput {
    /// The function.
    pub function_name: String,
    /// The statement's id.
    pub statement_id: String,
    /// A version or alias.
    pub qualifier: Option<String>,
}

/// `get-policy`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPolicyOutput {
    /// The policy, as JSON text.
    pub policy: String,
    /// The revision.
    pub revision_id: String,
}

impl Cloud {
    fn statement_json(&self, function: &str, s: &PolicyStatement) -> serde_json::Value {
        let principal = if s.principal.ends_with(".amazonaws.com") {
            json!({ "Service": s.principal })
        } else if s.principal.chars().all(|c| c.is_ascii_digit()) {
            json!({ "AWS": format!("arn:aws:iam::{}:root", s.principal) })
        } else {
            json!({ "AWS": s.principal })
        };
        let resource = match &s.qualifier {
            Some(q) => format!("{}:{q}", self.function_arn(function)),
            None => self.function_arn(function),
        };
        let mut statement = json!({
            "Sid": s.sid,
            "Effect": "Allow",
            "Principal": principal,
            "Action": s.action,
            "Resource": resource,
        });
        let mut condition = serde_json::Map::new();
        if let Some(account) = &s.source_account {
            condition.insert(
                "StringEquals".into(),
                json!({ "AWS:SourceAccount": account }),
            );
        }
        if let Some(arn) = &s.source_arn {
            condition.insert("ArnLike".into(), json!({ "AWS:SourceArn": arn }));
        }
        if !condition.is_empty() {
            statement["Condition"] = serde_json::Value::Object(condition);
        }
        statement
    }

    /// `lambda add-permission`.
    pub fn add_permission(
        &mut self,
        input: AddPermissionInput,
    ) -> Result<AddPermissionOutput, LambdaError> {
        let (name, from_ref) = split_function_ref(&input.function_name);
        self.lambda_call("AddPermission", "AddPermission", &name.clone(), |c| {
            let f = c.find_function(&name)?;
            let qualifier = input.qualifier.clone().or(from_ref);
            if let Some(q) = &qualifier {
                c.resolve_version(f, Some(q))?;
            }
            let action = if input.action.starts_with("lambda:") {
                input.action.clone()
            } else {
                return Err(LambdaError::Validation(format!(
                    "1 validation error detected: Value '{}' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])",
                    input.action
                )));
            };
            if input.statement_id.is_empty()
                || !input.statement_id.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
            {
                return Err(LambdaError::Validation(format!(
                    "1 validation error detected: Value '{}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
                    input.statement_id
                )));
            }
            if f.policy.iter().any(|s| s.sid == input.statement_id) {
                return Err(LambdaError::ResourceConflict(format!(
                    "The statement id ({}) provided already exists. Please provide a new statement id, or remove the existing statement.",
                    input.statement_id
                )));
            }
            let statement = PolicyStatement {
                sid: input.statement_id.clone(),
                action,
                principal: input.principal.clone(),
                source_arn: input.source_arn.clone(),
                source_account: input.source_account.clone(),
                qualifier,
            };
            let text = c.statement_json(&name, &statement).to_string();
            if let Some(f) = c.lambda_function_mut(&name) {
                f.policy.push(statement);
            }
            Ok(AddPermissionOutput { statement: text })
        })
    }

    /// `lambda remove-permission`.
    pub fn remove_permission(&mut self, input: RemovePermissionInput) -> Result<(), LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("RemovePermission", "RemovePermission", &name.clone(), |c| {
            let f = c.find_function(&name)?;
            if !f.policy.iter().any(|s| s.sid == input.statement_id) {
                return Err(LambdaError::ResourceNotFound(format!(
                    "Statement {} is not found in resource policy.",
                    input.statement_id
                )));
            }
            if let Some(f) = c.lambda_function_mut(&name) {
                f.policy.retain(|s| s.sid != input.statement_id);
            }
            Ok(())
        })
    }

    /// `lambda get-policy`.
    pub fn get_function_policy(
        &mut self,
        input: super::functions::FunctionRefInput,
    ) -> Result<GetPolicyOutput, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("GetPolicy", "GetPolicy", &name.clone(), |c| {
            let f = c.find_function(&name)?;
            if f.policy.is_empty() {
                return Err(LambdaError::ResourceNotFound(
                    "The resource you requested does not exist.".into(),
                ));
            }
            let statements: Vec<_> = f
                .policy
                .iter()
                .map(|s| c.statement_json(&name, s))
                .collect();
            let policy =
                json!({ "Version": "2012-10-17", "Id": "default", "Statement": statements });
            Ok(GetPolicyOutput {
                policy: policy.to_string(),
                revision_id: f.latest.revision_id.clone(),
            })
        })
    }

    /// The statement that lets `service` invoke `function` for `source_arn` in
    /// `source_account`, if any.
    pub fn invoke_permission<'f>(
        function: &'f Function,
        service: &str,
        source_arn: &str,
        source_account: &str,
    ) -> Option<&'f PolicyStatement> {
        function.policy.iter().find(|s| {
            (s.action == "lambda:InvokeFunction" || s.action == "lambda:*" || s.action == "*")
                && s.principal == service
                && s.source_arn
                    .as_deref()
                    .is_none_or(|arn| matches_pattern(arn, source_arn, false))
                && s.source_account
                    .as_deref()
                    .is_none_or(|a| a == source_account)
        })
    }
}
