//! The IAM policy simulator: `SimulatePrincipalPolicy` (a user's, group's or
//! role's own policies, plus optional extra ones) and `SimulateCustomPolicy`
//! (policies given inline), each action against each resource, with the
//! statements that matched and where they are in their documents.
//!
//! As in IAM's simulator, request context comes from `ContextEntries`;
//! keys a statement asked for but the request lacked are listed in
//! `MissingContextValues`. For a principal, its own keys (`aws:username`,
//! `aws:userid`, `aws:PrincipalArn`, `aws:PrincipalTag/*`, ...) are filled in.

use serde::{Deserialize, Serialize};

use super::errors::IamError;
use super::evaluate::{
    self, AuthzRequest, Context, ContextValue, Decision, EvalEffect, EvalPolicy, PolicySource,
    PolicySourceType, PrincipalKind, RequestPrincipal,
};
use super::policy::{DocumentKind, PolicyDocument};
use super::{constraint_error, parse_policy};
use crate::cloud::Cloud;

/// One `ContextEntry`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ContextEntry {
    /// The key, e.g. `aws:SourceIp`.
    pub context_key_name: String,
    /// Its values.
    pub context_key_values: Vec<String>,
    /// `string`, `stringList`, `numeric`, `boolean`, `ip`, `date`, ... (`*List`
    /// types are multi-valued).
    pub context_key_type: String,
}

/// `SimulatePrincipalPolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SimulatePrincipalPolicyInput {
    /// The user, group or role whose policies to simulate.
    pub policy_source_arn: String,
    /// Extra identity policies to include.
    pub policy_input_list: Vec<String>,
    /// The actions, e.g. `ec2:RunInstances`.
    pub action_names: Vec<String>,
    /// The resources (default `*`).
    pub resource_arns: Vec<String>,
    /// A resource-based policy to include.
    pub resource_policy: Option<String>,
    /// The principal resource policies should see (default: the source).
    pub caller_arn: Option<String>,
    /// Request context.
    pub context_entries: Vec<ContextEntry>,
}

/// `SimulateCustomPolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SimulateCustomPolicyInput {
    /// Identity policies to simulate.
    pub policy_input_list: Vec<String>,
    /// The actions.
    pub action_names: Vec<String>,
    /// The resources (default `*`).
    pub resource_arns: Vec<String>,
    /// A resource-based policy to include.
    pub resource_policy: Option<String>,
    /// The principal resource policies should see.
    pub caller_arn: Option<String>,
    /// Request context.
    pub context_entries: Vec<ContextEntry>,
}

/// A place in a policy document (`Position`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Position {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
}

/// A statement that matched (`Statement`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SimulatedStatement {
    /// The policy's id (its name, or `PolicyInputList.<n>`).
    pub source_policy_id: String,
    /// `user`, `group`, `role`, `aws-managed`, `user-managed`, `resource`, `none`.
    pub source_policy_type: String,
    /// Where the statement starts.
    pub start_position: Position,
    /// Where it ends.
    pub end_position: Position,
}

/// One action on one resource (`EvaluationResult`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EvaluationResult {
    /// The action.
    pub eval_action_name: String,
    /// The resource.
    pub eval_resource_name: String,
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub eval_decision: String,
    /// The statements that matched.
    pub matched_statements: Vec<SimulatedStatement>,
    /// Condition keys the request lacked.
    pub missing_context_values: Vec<String>,
}

/// `SimulatePrincipalPolicy` / `SimulateCustomPolicy` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SimulatePolicyOutput {
    /// One result per action and resource.
    pub evaluation_results: Vec<EvaluationResult>,
    /// Always false.
    pub is_truncated: bool,
}

fn context_of(entries: &[ContextEntry]) -> Context {
    entries
        .iter()
        .map(|e| {
            let value = if e.context_key_type.ends_with("List") {
                ContextValue::List(e.context_key_values.clone())
            } else {
                ContextValue::Single(e.context_key_values.first().cloned().unwrap_or_default())
            };
            (e.context_key_name.clone(), value)
        })
        .collect()
}

fn principal_from_arn(arn: &str) -> RequestPrincipal {
    let account = arn.split(':').nth(4).unwrap_or("").to_string();
    let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
    let (kind, role_arn) = if resource == "root" {
        (PrincipalKind::Root, None)
    } else if let Some(rest) = resource.strip_prefix("assumed-role/") {
        let role = rest.split('/').next().unwrap_or("");
        (
            PrincipalKind::AssumedRole,
            Some(format!("arn:aws:iam::{account}:role/{role}")),
        )
    } else {
        (PrincipalKind::User, None)
    };
    RequestPrincipal {
        arn: arn.to_string(),
        account,
        kind,
        role_arn,
    }
}

fn result_of(action: &str, resource: &str, d: &Decision) -> EvaluationResult {
    EvaluationResult {
        eval_action_name: action.to_string(),
        eval_resource_name: resource.to_string(),
        eval_decision: d.effect.as_str().to_string(),
        matched_statements: d
            .matched_statements
            .iter()
            .map(|m| SimulatedStatement {
                source_policy_id: m.source.id.clone(),
                source_policy_type: m.source.source_type.as_str().to_string(),
                start_position: Position {
                    line: m.start_line,
                    column: m.start_column,
                },
                end_position: Position {
                    line: m.end_line,
                    column: m.end_column,
                },
            })
            .collect(),
        missing_context_values: d.missing_context_values.clone(),
    }
}

impl Cloud {
    fn simulate(
        &self,
        policies: Vec<EvalPolicy>,
        principal: RequestPrincipal,
        actions: &[String],
        resources: &[String],
        context: Context,
    ) -> Result<SimulatePolicyOutput, IamError> {
        if actions.is_empty() {
            return Err(constraint_error(
                "[]",
                "actionNames",
                "Member must have length greater than or equal to 1",
            ));
        }
        let resources: Vec<String> = if resources.is_empty() {
            vec!["*".to_string()]
        } else {
            resources.to_vec()
        };
        let mut results = Vec::new();
        for action in actions {
            for resource in &resources {
                let request = AuthzRequest {
                    principal: principal.clone(),
                    action: action.clone(),
                    resource: resource.clone(),
                    context: context.clone(),
                };
                let decision = evaluate::evaluate(&request, &policies);
                results.push(result_of(action, resource, &decision));
            }
        }
        Ok(SimulatePolicyOutput {
            evaluation_results: results,
            is_truncated: false,
        })
    }

    fn extra_policies(
        list: &[String],
        resource_policy: Option<&str>,
    ) -> Result<Vec<EvalPolicy>, IamError> {
        let mut out = Vec::new();
        for (i, text) in list.iter().enumerate() {
            out.push(EvalPolicy {
                source: PolicySource {
                    id: format!("PolicyInputList.{}", i + 1),
                    arn: None,
                    source_type: PolicySourceType::None,
                },
                document: parse_policy(text, DocumentKind::Inline)?,
            });
        }
        if let Some(text) = resource_policy {
            out.push(EvalPolicy {
                source: PolicySource {
                    id: "ResourcePolicy".into(),
                    arn: None,
                    source_type: PolicySourceType::Resource,
                },
                document: parse_policy(text, DocumentKind::Resource)?,
            });
        }
        Ok(out)
    }

    /// `iam simulate-principal-policy`: what a user's, group's or role's
    /// policies decide for each action and resource.
    pub fn simulate_principal_policy(
        &mut self,
        input: SimulatePrincipalPolicyInput,
    ) -> Result<SimulatePolicyOutput, IamError> {
        let source = input.policy_source_arn.clone();
        self.iam_call(
            "SimulatePrincipalPolicy",
            |_, _| source.clone(),
            |c| {
                let arn = input.policy_source_arn.as_str();
                let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
                let name = resource.rsplit('/').next().unwrap_or("").to_string();
                let not_found = || {
                    IamError::no_such_entity(format!(
                        "The user, group or role with ARN {arn} cannot be found."
                    ))
                };
                let mut context = context_of(&input.context_entries);
                let fill = |context: &mut Context, k: &str, v: String| {
                    context
                        .entry(k.to_string())
                        .or_insert(ContextValue::Single(v));
                };
                let mut policies = if resource.starts_with("user/") {
                    let user = c.iam_user(&name).ok_or_else(not_found)?;
                    fill(&mut context, "aws:username", user.user_name.clone());
                    fill(&mut context, "aws:userid", user.user_id.clone());
                    fill(&mut context, "aws:PrincipalType", "User".into());
                    for t in &user.tags {
                        fill(
                            &mut context,
                            &format!("aws:PrincipalTag/{}", t.key),
                            t.value.clone(),
                        );
                    }
                    c.user_policies(&name)
                } else if resource.starts_with("role/") {
                    let role = c.iam_role(&name).ok_or_else(not_found)?;
                    fill(&mut context, "aws:PrincipalType", "AssumedRole".into());
                    for t in &role.tags {
                        fill(
                            &mut context,
                            &format!("aws:PrincipalTag/{}", t.key),
                            t.value.clone(),
                        );
                    }
                    c.role_policies(&name)
                } else if resource.starts_with("group/") {
                    let group = c.iam_group(&name).ok_or_else(not_found)?;
                    let mut out: Vec<EvalPolicy> = group
                        .inline_policies
                        .iter()
                        .map(|p| EvalPolicy {
                            source: PolicySource {
                                id: p.policy_name.clone(),
                                arn: None,
                                source_type: PolicySourceType::Group,
                            },
                            document: PolicyDocument::parse_stored(
                                &p.document,
                                DocumentKind::Inline,
                            ),
                        })
                        .collect();
                    out.extend(
                        group
                            .attached_policies
                            .iter()
                            .filter_map(|a| c.managed_policy_eval(a)),
                    );
                    out
                } else {
                    return Err(IamError::invalid_input(format!(
                        "Invalid ARN: Could not be parsed! ({arn})"
                    )));
                };
                fill(&mut context, "aws:PrincipalArn", arn.to_string());
                fill(
                    &mut context,
                    "aws:PrincipalAccount",
                    c.config.account_id.clone(),
                );
                policies.extend(Cloud::extra_policies(
                    &input.policy_input_list,
                    input.resource_policy.as_deref(),
                )?);
                let caller = input.caller_arn.clone().unwrap_or_else(|| arn.to_string());
                c.simulate(
                    policies,
                    principal_from_arn(&caller),
                    &input.action_names,
                    &input.resource_arns,
                    context,
                )
            },
        )
    }

    /// `iam simulate-custom-policy`: what the given policies decide.
    pub fn simulate_custom_policy(
        &mut self,
        input: SimulateCustomPolicyInput,
    ) -> Result<SimulatePolicyOutput, IamError> {
        self.iam_call(
            "SimulateCustomPolicy",
            |_, _| "*".into(),
            |c| {
                if input.policy_input_list.is_empty() {
                    return Err(constraint_error(
                        "[]",
                        "policyInputList",
                        "Member must have length greater than or equal to 1",
                    ));
                }
                let policies = Cloud::extra_policies(
                    &input.policy_input_list,
                    input.resource_policy.as_deref(),
                )?;
                let caller = input
                    .caller_arn
                    .clone()
                    .unwrap_or_else(|| c.iam_arn("user", "/", "simulated"));
                c.simulate(
                    policies,
                    principal_from_arn(&caller),
                    &input.action_names,
                    &input.resource_arns,
                    context_of(&input.context_entries),
                )
            },
        )
    }
}

/// Whether an evaluation allowed the request.
pub fn is_allowed(result: &EvaluationResult) -> bool {
    result.eval_decision == EvalEffect::Allowed.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::inline_policies::PutInlinePolicyInput;
    use crate::iam::policies::AttachUserPolicyInput;
    use crate::iam::users::CreateUserInput;

    #[test]
    fn principal_simulation_reports_matching_statements() {
        let mut cloud = Cloud::default();
        cloud
            .create_user(CreateUserInput {
                user_name: "alice".into(),
                ..Default::default()
            })
            .unwrap();
        cloud
            .attach_user_policy(AttachUserPolicyInput {
                user_name: "alice".into(),
                policy_arn: "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess".into(),
            })
            .unwrap();
        cloud
            .put_user_policy(PutInlinePolicyInput {
                user_name: "alice".into(),
                policy_name: "NoTerminate".into(),
                policy_document: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Action\": \"ec2:TerminateInstances\", \"Resource\": \"*\"}\n  ]\n}".into(),
                ..Default::default()
            })
            .unwrap();
        let out = cloud
            .simulate_principal_policy(SimulatePrincipalPolicyInput {
                policy_source_arn: "arn:aws:iam::123456789012:user/alice".into(),
                action_names: vec![
                    "ec2:DescribeInstances".into(),
                    "ec2:RunInstances".into(),
                    "ec2:TerminateInstances".into(),
                ],
                ..Default::default()
            })
            .unwrap();
        let decisions: Vec<&str> = out
            .evaluation_results
            .iter()
            .map(|r| r.eval_decision.as_str())
            .collect();
        assert_eq!(decisions, ["allowed", "implicitDeny", "explicitDeny"]);
        let allowed = &out.evaluation_results[0].matched_statements[0];
        assert_eq!(allowed.source_policy_id, "AmazonEC2ReadOnlyAccess");
        assert_eq!(allowed.source_policy_type, "aws-managed");
        let denied = &out.evaluation_results[2].matched_statements[0];
        assert_eq!(denied.source_policy_id, "NoTerminate");
        assert_eq!(denied.source_policy_type, "user");
        assert_eq!(denied.start_position, Position { line: 4, column: 5 });
        let json = serde_json::to_value(&out).unwrap();
        assert_eq!(json["EvaluationResults"][2]["EvalDecision"], "explicitDeny");
        assert_eq!(
            json["EvaluationResults"][2]["MatchedStatements"][0]["StartPosition"]["Line"],
            4
        );
        let missing = cloud
            .simulate_principal_policy(SimulatePrincipalPolicyInput {
                policy_source_arn: "arn:aws:iam::123456789012:user/ghost".into(),
                action_names: vec!["ec2:RunInstances".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(missing.code(), "NoSuchEntity");
    }

    #[test]
    fn custom_simulation_with_context_and_resource_policy() {
        let mut cloud = Cloud::default();
        let ip_only = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}}"#;
        let run = |cloud: &mut Cloud, ip: Option<&str>| {
            cloud
                .simulate_custom_policy(SimulateCustomPolicyInput {
                    policy_input_list: vec![ip_only.into()],
                    action_names: vec!["s3:GetObject".into()],
                    context_entries: ip
                        .map(|v| ContextEntry {
                            context_key_name: "aws:SourceIp".into(),
                            context_key_values: vec![v.into()],
                            context_key_type: "ip".into(),
                        })
                        .into_iter()
                        .collect(),
                    ..Default::default()
                })
                .unwrap()
                .evaluation_results
                .remove(0)
        };
        let inside = run(&mut cloud, Some("203.0.113.9"));
        assert!(is_allowed(&inside));
        assert_eq!(
            inside.matched_statements[0].source_policy_id,
            "PolicyInputList.1"
        );
        let outside = run(&mut cloud, Some("198.51.100.1"));
        assert_eq!(outside.eval_decision, "implicitDeny");
        let unknown = run(&mut cloud, None);
        assert_eq!(unknown.missing_context_values, ["aws:SourceIp"]);
        // A resource policy alone can allow (same account).
        let bucket_policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#;
        let out = cloud
            .simulate_custom_policy(SimulateCustomPolicyInput {
                policy_input_list: vec![r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#.into()],
                action_names: vec!["s3:GetObject".into()],
                resource_arns: vec!["arn:aws:s3:::b/k".into()],
                resource_policy: Some(bucket_policy.into()),
                caller_arn: Some("arn:aws:iam::123456789012:user/alice".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(out.evaluation_results[0].eval_decision, "allowed");
        assert_eq!(
            out.evaluation_results[0].matched_statements[0].source_policy_type,
            "resource"
        );
        let bad = cloud
            .simulate_custom_policy(SimulateCustomPolicyInput {
                policy_input_list: vec!["{".into()],
                action_names: vec!["s3:GetObject".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(bad.code(), "MalformedPolicyDocument");
    }
}
