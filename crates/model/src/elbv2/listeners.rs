//! Listeners (a port and protocol on a load balancer with a default action) and
//! their rules (conditions on the path or host, by priority, each with actions).

use serde::{Deserialize, Serialize};

use super::Tag;
use super::errors::ElbError;
use crate::cloud::Cloud;
use crate::ec2::filters::wildcard_match;

/// A fixed response an action returns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FixedResponseConfig {
    /// The body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_body: Option<String>,
    /// `2XX`, `4XX` or `5XX` code, as text.
    pub status_code: String,
    /// `text/plain` ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// A listener's or rule's action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Action {
    /// `forward` or `fixed-response`.
    #[serde(rename = "Type")]
    pub action_type: String,
    /// For `forward`: the target group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    /// Its order among the actions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// For `fixed-response`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_response_config: Option<FixedResponseConfig>,
}

/// Values of a path or host condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ConditionValues {
    /// Patterns with `*` and `?`.
    pub values: Vec<String>,
}

/// A rule's condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RuleCondition {
    /// `path-pattern` or `host-header`.
    pub field: String,
    /// The patterns (the older form).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The patterns of a `path-pattern` condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_pattern_config: Option<ConditionValues>,
    /// The patterns of a `host-header` condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_header_config: Option<ConditionValues>,
}

impl RuleCondition {
    fn patterns(&self) -> Vec<&String> {
        self.values
            .iter()
            .chain(self.path_pattern_config.iter().flat_map(|c| &c.values))
            .chain(self.host_header_config.iter().flat_map(|c| &c.values))
            .collect()
    }

    /// Whether a request for `host` and `path` meets it.
    pub fn matches(&self, host: &str, path: &str) -> bool {
        let patterns = self.patterns();
        match self.field.as_str() {
            "path-pattern" => patterns.iter().any(|p| wildcard_match(p, path)),
            "host-header" => patterns
                .iter()
                .any(|p| wildcard_match(&p.to_ascii_lowercase(), &host.to_ascii_lowercase())),
            _ => false,
        }
    }
}

/// A listener.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listener {
    /// Its ARN.
    pub arn: String,
    /// Its load balancer.
    pub load_balancer_arn: String,
    /// The port it listens on.
    pub port: u16,
    /// `HTTP`.
    pub protocol: String,
    /// What it does with requests no rule takes.
    pub default_actions: Vec<Action>,
    /// The ARN of its default rule.
    pub default_rule_arn: String,
}

impl Listener {
    /// Whether its default action forwards to target group `arn`.
    pub fn forwards_to(&self, arn: &str) -> bool {
        self.default_actions
            .iter()
            .any(|a| a.target_group_arn.as_deref() == Some(arn))
    }
}

/// A listener rule (other than the default one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Its ARN.
    pub arn: String,
    /// Its listener.
    pub listener_arn: String,
    /// 1–50000, lowest first.
    pub priority: i64,
    /// All must match.
    pub conditions: Vec<RuleCondition>,
    /// What it does.
    pub actions: Vec<Action>,
}

impl Rule {
    /// Whether it forwards to target group `arn`.
    pub fn forwards_to(&self, arn: &str) -> bool {
        self.actions
            .iter()
            .any(|a| a.target_group_arn.as_deref() == Some(arn))
    }
}

/// `CreateListener` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateListenerInput {
    /// The load balancer.
    pub load_balancer_arn: String,
    /// `HTTP` (`HTTPS` needs a certificate the lab does not simulate).
    pub protocol: Option<String>,
    /// The port.
    pub port: Option<i64>,
    /// The default actions.
    pub default_actions: Vec<Action>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// `ModifyListener` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyListenerInput {
    /// The listener.
    pub listener_arn: String,
    /// A new port.
    pub port: Option<i64>,
    /// A new protocol.
    pub protocol: Option<String>,
    /// New default actions.
    pub default_actions: Vec<Action>,
}

/// A listener in an output (AWS's member order).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerDescription {
    /// ARN.
    pub listener_arn: String,
    /// Load balancer.
    pub load_balancer_arn: String,
    /// Port.
    pub port: u16,
    /// Protocol.
    pub protocol: String,
    /// Default actions.
    pub default_actions: Vec<Action>,
}

/// `CreateListener` / `DescribeListeners` / `ModifyListener` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenersOutput {
    /// The listeners.
    pub listeners: Vec<ListenerDescription>,
}

/// `DescribeListeners` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeListenersInput {
    /// A load balancer's listeners.
    pub load_balancer_arn: Option<String>,
    /// By ARN.
    pub listener_arns: Vec<String>,
}

/// `DeleteListener` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListenerArnInput {
    /// The listener.
    pub listener_arn: String,
}

/// `CreateRule` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateRuleInput {
    /// The listener.
    pub listener_arn: String,
    /// Conditions.
    pub conditions: Vec<RuleCondition>,
    /// Priority 1–50000.
    pub priority: i64,
    /// Actions.
    pub actions: Vec<Action>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// A rule in an output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleDescription {
    /// ARN.
    pub rule_arn: String,
    /// The priority as text (`default` for the default rule).
    pub priority: String,
    /// Conditions.
    pub conditions: Vec<RuleCondition>,
    /// Actions.
    pub actions: Vec<Action>,
    /// Whether it is the listener's default rule.
    pub is_default: bool,
}

/// `CreateRule` / `DescribeRules` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RulesOutput {
    /// The rules.
    pub rules: Vec<RuleDescription>,
}

/// `DescribeRules` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeRulesInput {
    /// A listener's rules.
    pub listener_arn: Option<String>,
    /// By ARN.
    pub rule_arns: Vec<String>,
}

/// `DeleteRule` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RuleArnInput {
    /// The rule.
    pub rule_arn: String,
}

impl Listener {
    fn describe(&self) -> ListenerDescription {
        ListenerDescription {
            listener_arn: self.arn.clone(),
            load_balancer_arn: self.load_balancer_arn.clone(),
            port: self.port,
            protocol: self.protocol.clone(),
            default_actions: self.default_actions.clone(),
        }
    }
}

impl Rule {
    fn describe(&self) -> RuleDescription {
        RuleDescription {
            rule_arn: self.arn.clone(),
            priority: self.priority.to_string(),
            conditions: self.conditions.clone(),
            actions: self.actions.clone(),
            is_default: false,
        }
    }
}

impl Cloud {
    /// Checks actions: one `forward` to a group of the load balancer's VPC, or a
    /// `fixed-response`.
    fn check_actions(&self, actions: &[Action], vpc_id: &str) -> Result<(), ElbError> {
        if actions.is_empty() {
            return Err(ElbError::Validation(
                "At least one action must be specified".into(),
            ));
        }
        for a in actions {
            match a.action_type.as_str() {
                "forward" => {
                    let arn = a.target_group_arn.as_deref().ok_or_else(|| {
                        ElbError::Validation(
                            "A target group ARN must be specified for a forward action".into(),
                        )
                    })?;
                    let g = self
                        .target_group(arn)
                        .ok_or(ElbError::TargetGroupNotFound)?;
                    if g.vpc_id != vpc_id {
                        return Err(ElbError::Validation(format!(
                            "The target group '{arn}' is in VPC '{}' and the load balancer in VPC '{vpc_id}': they must be in the same VPC",
                            g.vpc_id
                        )));
                    }
                }
                "fixed-response" => {
                    let code = a
                        .fixed_response_config
                        .as_ref()
                        .map(|f| f.status_code.as_str())
                        .unwrap_or("");
                    let valid = code.len() == 3
                        && matches!(code.as_bytes()[0], b'2' | b'4' | b'5')
                        && code.bytes().all(|b| b.is_ascii_digit());
                    if !valid {
                        return Err(ElbError::Validation(format!(
                            "Fixed response status code '{code}' must be a 2XX, 4XX or 5XX code"
                        )));
                    }
                }
                other => {
                    return Err(ElbError::Validation(format!(
                        "The lab simulates 'forward' and 'fixed-response' actions, not '{other}'"
                    )));
                }
            }
        }
        Ok(())
    }

    /// `elbv2 create-listener`: an HTTP listener on a port of a load balancer.
    pub fn create_listener(
        &mut self,
        input: CreateListenerInput,
    ) -> Result<ListenersOutput, ElbError> {
        self.elbv2_call("CreateListener", |c| {
            let lb = c
                .load_balancer(&input.load_balancer_arn)
                .cloned()
                .ok_or(ElbError::LoadBalancerNotFound)?;
            let protocol = input.protocol.clone().unwrap_or_else(|| "HTTP".into());
            match protocol.as_str() {
                "HTTP" => {}
                "HTTPS" => {
                    return Err(ElbError::Validation(
                        "A certificate must be specified for HTTPS listeners".into(),
                    ));
                }
                other => {
                    return Err(ElbError::Validation(format!(
                        "Protocol '{other}' is not supported by Application Load Balancers (HTTP, HTTPS)"
                    )));
                }
            }
            let port = input
                .port
                .and_then(|p| u16::try_from(p).ok())
                .filter(|p| *p >= 1)
                .ok_or_else(|| ElbError::Validation("A listener port from 1 to 65535 must be specified".into()))?;
            c.check_actions(&input.default_actions, &lb.vpc_id)?;
            if c.elbv2.listeners.iter().any(|l| l.load_balancer_arn == lb.arn && l.port == port) {
                return Err(ElbError::DuplicateListener);
            }
            let (hex, rule_hex) = (c.elbv2_hex_id(), c.elbv2_hex_id());
            let base = lb.arn.replacen(":loadbalancer/", ":listener/", 1);
            let arn = format!("{base}/{hex}");
            let listener = Listener {
                default_rule_arn: format!(
                    "{}/{rule_hex}",
                    arn.replacen(":listener/", ":listener-rule/", 1)
                ),
                arn,
                load_balancer_arn: lb.arn.clone(),
                port,
                protocol,
                default_actions: input.default_actions.clone(),
            };
            let out = listener.describe();
            c.elbv2.listeners.push(listener);
            c.elbv2_schedule_health_checks();
            Ok(ListenersOutput { listeners: vec![out] })
        })
    }

    /// `elbv2 describe-listeners`.
    pub fn describe_listeners(
        &mut self,
        input: DescribeListenersInput,
    ) -> Result<ListenersOutput, ElbError> {
        self.elbv2_call("DescribeListeners", |c| {
            if let Some(lb) = &input.load_balancer_arn
                && c.load_balancer(lb).is_none()
            {
                return Err(ElbError::LoadBalancerNotFound);
            }
            let mut out = Vec::new();
            for arn in &input.listener_arns {
                let l = c
                    .elbv2
                    .listeners
                    .iter()
                    .find(|l| &l.arn == arn)
                    .ok_or(ElbError::ListenerNotFound)?;
                out.push(l.describe());
            }
            if input.listener_arns.is_empty() {
                let Some(lb) = &input.load_balancer_arn else {
                    return Err(ElbError::Validation(
                        "You must specify either listener ARNs or a load balancer ARN".into(),
                    ));
                };
                out.extend(
                    c.elbv2
                        .listeners
                        .iter()
                        .filter(|l| &l.load_balancer_arn == lb)
                        .map(Listener::describe),
                );
            }
            Ok(ListenersOutput { listeners: out })
        })
    }

    /// `elbv2 modify-listener`: a new port or default actions.
    pub fn modify_listener(
        &mut self,
        input: ModifyListenerInput,
    ) -> Result<ListenersOutput, ElbError> {
        self.elbv2_call("ModifyListener", |c| {
            let listener = c
                .elbv2
                .listeners
                .iter()
                .find(|l| l.arn == input.listener_arn)
                .cloned()
                .ok_or(ElbError::ListenerNotFound)?;
            let vpc = c
                .load_balancer(&listener.load_balancer_arn)
                .map(|lb| lb.vpc_id.clone())
                .unwrap_or_default();
            if let Some(p) = input.protocol.as_deref()
                && p != "HTTP"
            {
                return Err(ElbError::Validation(format!(
                    "The lab simulates HTTP listeners only, not '{p}'"
                )));
            }
            let port = match input.port {
                None => listener.port,
                Some(p) => u16::try_from(p).ok().filter(|p| *p >= 1).ok_or_else(|| {
                    ElbError::Validation("A listener port from 1 to 65535 must be specified".into())
                })?,
            };
            if port != listener.port
                && c.elbv2
                    .listeners
                    .iter()
                    .any(|l| l.load_balancer_arn == listener.load_balancer_arn && l.port == port)
            {
                return Err(ElbError::DuplicateListener);
            }
            if !input.default_actions.is_empty() {
                c.check_actions(&input.default_actions, &vpc)?;
            }
            let l = c
                .elbv2
                .listeners
                .iter_mut()
                .find(|l| l.arn == input.listener_arn)
                .ok_or(ElbError::ListenerNotFound)?;
            l.port = port;
            if !input.default_actions.is_empty() {
                l.default_actions = input.default_actions.clone();
            }
            let out = l.describe();
            c.elbv2_schedule_health_checks();
            Ok(ListenersOutput {
                listeners: vec![out],
            })
        })
    }

    /// `elbv2 delete-listener`: the listener and its rules.
    pub fn delete_listener(&mut self, input: ListenerArnInput) -> Result<(), ElbError> {
        self.elbv2_call("DeleteListener", |c| {
            if !c
                .elbv2
                .listeners
                .iter()
                .any(|l| l.arn == input.listener_arn)
            {
                return Err(ElbError::ListenerNotFound);
            }
            c.elbv2.listeners.retain(|l| l.arn != input.listener_arn);
            c.elbv2
                .rules
                .retain(|r| r.listener_arn != input.listener_arn);
            c.elbv2_schedule_health_checks();
            Ok(())
        })
    }

    /// `elbv2 create-rule`: a rule with conditions on the path or host.
    pub fn create_rule(&mut self, input: CreateRuleInput) -> Result<RulesOutput, ElbError> {
        self.elbv2_call("CreateRule", |c| {
            let listener = c
                .elbv2
                .listeners
                .iter()
                .find(|l| l.arn == input.listener_arn)
                .cloned()
                .ok_or(ElbError::ListenerNotFound)?;
            if !(1..=50_000).contains(&input.priority) {
                return Err(ElbError::Validation(format!(
                    "Priority '{}' must be between 1 and 50000",
                    input.priority
                )));
            }
            if input.conditions.is_empty() {
                return Err(ElbError::Validation(
                    "A rule must have at least one condition".into(),
                ));
            }
            for cond in &input.conditions {
                if cond.field != "path-pattern" && cond.field != "host-header" {
                    return Err(ElbError::Validation(format!(
                        "The lab simulates 'path-pattern' and 'host-header' conditions, not '{}'",
                        cond.field
                    )));
                }
                let n = cond.patterns().len();
                if n == 0 {
                    return Err(ElbError::Validation(format!(
                        "A '{}' condition must have at least one value",
                        cond.field
                    )));
                }
                if n > 5 {
                    return Err(ElbError::Validation(format!(
                        "A '{}' condition can have at most 5 values",
                        cond.field
                    )));
                }
            }
            let vpc = c
                .load_balancer(&listener.load_balancer_arn)
                .map(|lb| lb.vpc_id.clone())
                .unwrap_or_default();
            c.check_actions(&input.actions, &vpc)?;
            if c.elbv2
                .rules
                .iter()
                .any(|r| r.listener_arn == listener.arn && r.priority == input.priority)
            {
                return Err(ElbError::PriorityInUse(input.priority));
            }
            let hex = c.elbv2_hex_id();
            let rule = Rule {
                arn: format!(
                    "{}/{hex}",
                    listener.arn.replacen(":listener/", ":listener-rule/", 1)
                ),
                listener_arn: listener.arn.clone(),
                priority: input.priority,
                conditions: input.conditions.clone(),
                actions: input.actions.clone(),
            };
            let out = rule.describe();
            c.elbv2.rules.push(rule);
            c.elbv2_schedule_health_checks();
            Ok(RulesOutput { rules: vec![out] })
        })
    }

    /// `elbv2 describe-rules`: a listener's rules by priority, then its default rule.
    pub fn describe_rules(&mut self, input: DescribeRulesInput) -> Result<RulesOutput, ElbError> {
        self.elbv2_call("DescribeRules", |c| {
            let mut out = Vec::new();
            for arn in &input.rule_arns {
                let r = c
                    .elbv2
                    .rules
                    .iter()
                    .find(|r| &r.arn == arn)
                    .ok_or(ElbError::RuleNotFound)?;
                out.push(r.describe());
            }
            if let Some(l) = &input.listener_arn {
                let listener = c
                    .elbv2
                    .listeners
                    .iter()
                    .find(|x| &x.arn == l)
                    .ok_or(ElbError::ListenerNotFound)?;
                out.extend(c.rules_of(l).into_iter().map(Rule::describe));
                out.push(RuleDescription {
                    rule_arn: listener.default_rule_arn.clone(),
                    priority: "default".into(),
                    conditions: Vec::new(),
                    actions: listener.default_actions.clone(),
                    is_default: true,
                });
            } else if input.rule_arns.is_empty() {
                return Err(ElbError::Validation(
                    "You must specify either listener ARN or rule ARNs".into(),
                ));
            }
            Ok(RulesOutput { rules: out })
        })
    }

    /// `elbv2 delete-rule` (the default rule cannot be deleted).
    pub fn delete_rule(&mut self, input: RuleArnInput) -> Result<(), ElbError> {
        self.elbv2_call("DeleteRule", |c| {
            if c.elbv2
                .listeners
                .iter()
                .any(|l| l.default_rule_arn == input.rule_arn)
            {
                return Err(ElbError::OperationNotPermitted(
                    "Default rule cannot be deleted".into(),
                ));
            }
            if !c.elbv2.rules.iter().any(|r| r.arn == input.rule_arn) {
                return Err(ElbError::RuleNotFound);
            }
            c.elbv2.rules.retain(|r| r.arn != input.rule_arn);
            c.elbv2_schedule_health_checks();
            Ok(())
        })
    }

    /// A listener's rules, lowest priority first.
    pub fn rules_of(&self, listener_arn: &str) -> Vec<&Rule> {
        let mut rules: Vec<&Rule> = self
            .elbv2
            .rules
            .iter()
            .filter(|r| r.listener_arn == listener_arn)
            .collect();
        rules.sort_by_key(|r| r.priority);
        rules
    }
}
