//! Target groups of instances, their registration, and the health checks the load
//! balancers send them on the clock: from a load balancer node's private address,
//! through the target's security groups, to its web server, every interval; a
//! target becomes healthy after `HealthyThresholdCount` passes in a row and
//! unhealthy after `UnhealthyThresholdCount` failures.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::ElbError;
use super::{Tag, check_name};
use crate::clock::SimTime;
use crate::cloud::Cloud;
use crate::ec2::InstanceStateName;

/// A target's health as `DescribeTargetHealth` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetHealthState {
    /// Registered; health checks have not yet passed enough times.
    Initial,
    /// Passing health checks: receives requests.
    Healthy,
    /// Failing health checks.
    Unhealthy,
    /// Not receiving traffic (no load balancer uses the group, a zone the load
    /// balancer is not in, or the instance is stopped).
    Unused,
    /// Being deregistered: finishing its requests.
    Draining,
}

impl TargetHealthState {
    /// AWS's name (`healthy`).
    pub fn as_str(self) -> &'static str {
        match self {
            TargetHealthState::Initial => "initial",
            TargetHealthState::Healthy => "healthy",
            TargetHealthState::Unhealthy => "unhealthy",
            TargetHealthState::Unused => "unused",
            TargetHealthState::Draining => "draining",
        }
    }
}

/// A registered target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The instance.
    pub id: String,
    /// The port traffic goes to.
    pub port: u16,
    /// Its health from the checks so far.
    pub state: TargetHealthState,
    /// AWS's reason code (`Target.ResponseCodeMismatch`), if any.
    pub reason: Option<String>,
    /// AWS's description of the reason.
    pub description: Option<String>,
    /// Checks passed in a row.
    pub passes: u32,
    /// Checks failed in a row.
    pub failures: u32,
    /// When it was registered.
    pub registered_at: SimTime,
    /// When draining ends (the target is then gone).
    pub draining_until: Option<SimTime>,
}

/// A target group's health check settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthCheck {
    /// Whether checks are sent.
    pub enabled: bool,
    /// `HTTP` or `HTTPS`.
    pub protocol: String,
    /// `traffic-port` or a port number.
    pub port: String,
    /// The path requested.
    pub path: String,
    /// Seconds between checks.
    pub interval: u32,
    /// Seconds before a check times out.
    pub timeout: u32,
    /// Passes in a row to become healthy.
    pub healthy_threshold: u32,
    /// Failures in a row to become unhealthy.
    pub unhealthy_threshold: u32,
    /// The codes that pass (`200`, `200-299`, `200,302`).
    pub matcher: String,
}

impl Default for HealthCheck {
    fn default() -> Self {
        HealthCheck {
            enabled: true,
            protocol: "HTTP".into(),
            port: "traffic-port".into(),
            path: "/".into(),
            interval: 30,
            timeout: 5,
            healthy_threshold: 5,
            unhealthy_threshold: 2,
            matcher: "200".into(),
        }
    }
}

/// Whether `code` is one the matcher accepts.
pub fn matcher_accepts(matcher: &str, code: u16) -> bool {
    matcher.split(',').any(|part| {
        let part = part.trim();
        match part.split_once('-') {
            Some((lo, hi)) => match (lo.parse::<u16>(), hi.parse::<u16>()) {
                (Ok(lo), Ok(hi)) => (lo..=hi).contains(&code),
                _ => false,
            },
            None => part.parse::<u16>() == Ok(code),
        }
    })
}

fn valid_matcher(matcher: &str) -> bool {
    !matcher.is_empty()
        && matcher.split(',').all(|part| {
            let ok = |s: &str| s.parse::<u16>().is_ok_and(|c| (200..=499).contains(&c));
            match part.trim().split_once('-') {
                Some((lo, hi)) => ok(lo) && ok(hi),
                None => ok(part.trim()),
            }
        })
}

/// A target group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetGroup {
    /// Its ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// `HTTP` or `HTTPS`.
    pub protocol: String,
    /// The port targets receive traffic on (unless registered with their own).
    pub port: u16,
    /// Its VPC.
    pub vpc_id: String,
    /// Health check settings.
    pub health_check: HealthCheck,
    /// Registered targets.
    pub targets: Vec<Target>,
    /// Seconds a deregistered target drains.
    pub deregistration_delay: u32,
    /// When its next round of health checks is due (`None`: no load balancer
    /// uses it, or it has no targets).
    pub next_check: Option<SimTime>,
    /// Requests forwarded so far (the round-robin position).
    #[serde(default)]
    pub requests: u64,
    /// Its tags.
    pub tags: Vec<Tag>,
}

/// `Matcher` in inputs and outputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Matcher {
    /// `200`, `200-299`.
    pub http_code: Option<String>,
}

/// `CreateTargetGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateTargetGroupInput {
    /// Name.
    pub name: String,
    /// `HTTP` (the lab's protocol) or `HTTPS`.
    pub protocol: Option<String>,
    /// `HTTP1` (default).
    pub protocol_version: Option<String>,
    /// Port.
    pub port: Option<i64>,
    /// VPC.
    pub vpc_id: Option<String>,
    /// Health check protocol.
    pub health_check_protocol: Option<String>,
    /// `traffic-port` or a number.
    pub health_check_port: Option<String>,
    /// Whether checks are sent.
    pub health_check_enabled: Option<bool>,
    /// Path.
    pub health_check_path: Option<String>,
    /// Interval (5–300 s).
    pub health_check_interval_seconds: Option<i64>,
    /// Timeout (2–120 s).
    pub health_check_timeout_seconds: Option<i64>,
    /// 2–10.
    pub healthy_threshold_count: Option<i64>,
    /// 2–10.
    pub unhealthy_threshold_count: Option<i64>,
    /// Success codes.
    pub matcher: Option<Matcher>,
    /// `instance` (default); the lab simulates no other.
    pub target_type: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// `ModifyTargetGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyTargetGroupInput {
    /// The group.
    pub target_group_arn: String,
    /// Health check protocol.
    pub health_check_protocol: Option<String>,
    /// `traffic-port` or a number.
    pub health_check_port: Option<String>,
    /// Path.
    pub health_check_path: Option<String>,
    /// Whether checks are sent.
    pub health_check_enabled: Option<bool>,
    /// Interval.
    pub health_check_interval_seconds: Option<i64>,
    /// Timeout.
    pub health_check_timeout_seconds: Option<i64>,
    /// 2–10.
    pub healthy_threshold_count: Option<i64>,
    /// 2–10.
    pub unhealthy_threshold_count: Option<i64>,
    /// Success codes.
    pub matcher: Option<Matcher>,
}

/// A target group as `DescribeTargetGroups` shows it (AWS's member order).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupDescription {
    /// ARN.
    pub target_group_arn: String,
    /// Name.
    pub target_group_name: String,
    /// Protocol.
    pub protocol: String,
    /// Port.
    pub port: u16,
    /// VPC.
    pub vpc_id: String,
    /// Health check protocol.
    pub health_check_protocol: String,
    /// Health check port.
    pub health_check_port: String,
    /// Whether checks are sent.
    pub health_check_enabled: bool,
    /// Interval.
    pub health_check_interval_seconds: u32,
    /// Timeout.
    pub health_check_timeout_seconds: u32,
    /// Passes to become healthy.
    pub healthy_threshold_count: u32,
    /// Failures to become unhealthy.
    pub unhealthy_threshold_count: u32,
    /// Path.
    pub health_check_path: String,
    /// Success codes.
    pub matcher: Matcher,
    /// Load balancers that forward to it.
    pub load_balancer_arns: Vec<String>,
    /// `instance`.
    pub target_type: String,
    /// `HTTP1`.
    pub protocol_version: String,
    /// `ipv4`.
    pub ip_address_type: String,
}

/// `CreateTargetGroup` / `DescribeTargetGroups` / `ModifyTargetGroup` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupsOutput {
    /// The groups.
    pub target_groups: Vec<TargetGroupDescription>,
}

/// `DescribeTargetGroups` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeTargetGroupsInput {
    /// Those a load balancer uses.
    pub load_balancer_arn: Option<String>,
    /// By ARN.
    pub target_group_arns: Vec<String>,
    /// By name.
    pub names: Vec<String>,
}

/// A target group by ARN (`DeleteTargetGroup`, `DescribeTargetGroupAttributes`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetGroupArnInput {
    /// The group.
    pub target_group_arn: String,
}

/// A target in `RegisterTargets`, `DeregisterTargets`, `DescribeTargetHealth`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetDescription {
    /// The instance id.
    pub id: String,
    /// Its port (the group's when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
}

/// `RegisterTargets` / `DeregisterTargets` / `DescribeTargetHealth` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetsInput {
    /// The group.
    pub target_group_arn: String,
    /// The targets.
    pub targets: Vec<TargetDescription>,
}

/// A target's health in an output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealth {
    /// `healthy` ...
    pub state: String,
    /// Reason code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One target of `DescribeTargetHealth`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealthDescription {
    /// The target.
    pub target: TargetDescription,
    /// The port checks go to.
    pub health_check_port: String,
    /// Its health.
    pub target_health: TargetHealth,
}

/// `DescribeTargetHealth` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetHealthOutput {
    /// The targets.
    pub target_health_descriptions: Vec<TargetHealthDescription>,
}

/// One attribute (`Key`, `Value`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Attribute {
    /// `deregistration_delay.timeout_seconds` ...
    pub key: String,
    /// Its value as text.
    pub value: String,
}

/// `ModifyTargetGroupAttributes` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyTargetGroupAttributesInput {
    /// The group.
    pub target_group_arn: String,
    /// The attributes to change.
    pub attributes: Vec<Attribute>,
}

/// `DescribeTargetGroupAttributes` / `ModifyTargetGroupAttributes` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesOutput {
    /// Every attribute.
    pub attributes: Vec<Attribute>,
}

/// What one health check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probe {
    /// The expected code came back.
    Pass,
    /// It failed: AWS's reason code and description.
    Fail(&'static str, String),
}

fn range(member: &str, value: i64, lo: i64, hi: i64) -> Result<u32, ElbError> {
    if value < lo || value > hi {
        return Err(ElbError::Validation(format!(
            "{member} must be between {lo} and {hi} ({value} given)"
        )));
    }
    Ok(value as u32)
}

impl HealthCheck {
    /// Applies the optional settings of a create or modify request, checking
    /// AWS's ranges and that the timeout is shorter than the interval.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        protocol: Option<&String>,
        port: Option<&String>,
        path: Option<&String>,
        enabled: Option<bool>,
        interval: Option<i64>,
        timeout: Option<i64>,
        healthy: Option<i64>,
        unhealthy: Option<i64>,
        matcher: Option<&Matcher>,
    ) -> Result<(), ElbError> {
        if let Some(p) = protocol {
            if p != "HTTP" && p != "HTTPS" {
                return Err(ElbError::Validation(format!(
                    "Health check protocol '{p}' must be one of [HTTP, HTTPS] for an instance target group of an Application Load Balancer"
                )));
            }
            self.protocol = p.clone();
        }
        if let Some(p) = port {
            if p != "traffic-port" && !p.parse::<u16>().is_ok_and(|n| n >= 1) {
                return Err(ElbError::Validation(format!(
                    "Health check port '{p}' must be 'traffic-port' or a port from 1 to 65535"
                )));
            }
            self.port = p.clone();
        }
        if let Some(p) = path {
            if !p.starts_with('/') || p.len() > 1024 {
                return Err(ElbError::Validation(
                    "Health check path must begin with a '/' character and can be at most 1024 characters".into(),
                ));
            }
            self.path = p.clone();
        }
        if let Some(e) = enabled {
            self.enabled = e;
        }
        if let Some(v) = interval {
            self.interval = range("Health check interval", v, 5, 300)?;
        }
        if let Some(v) = timeout {
            self.timeout = range("Health check timeout", v, 2, 120)?;
        }
        if let Some(v) = healthy {
            self.healthy_threshold = range("Healthy threshold count", v, 2, 10)?;
        }
        if let Some(v) = unhealthy {
            self.unhealthy_threshold = range("Unhealthy threshold count", v, 2, 10)?;
        }
        if let Some(code) = matcher.and_then(|m| m.http_code.as_ref()) {
            if !valid_matcher(code) {
                return Err(ElbError::Validation(format!(
                    "Health check matcher HTTP code '{code}' must be a code from 200 to 499, a list such as '200,202' or a range such as '200-299'"
                )));
            }
            self.matcher = code.clone();
        }
        if self.timeout >= self.interval {
            return Err(ElbError::Validation(format!(
                "Health check timeout '{}' must be smaller than the interval '{}'",
                self.timeout, self.interval
            )));
        }
        Ok(())
    }
}

impl Cloud {
    /// The target group with this ARN.
    pub fn target_group(&self, arn: &str) -> Option<&TargetGroup> {
        self.elbv2.target_groups.iter().find(|g| g.arn == arn)
    }

    fn target_group_mut(&mut self, arn: &str) -> Result<&mut TargetGroup, ElbError> {
        self.elbv2
            .target_groups
            .iter_mut()
            .find(|g| g.arn == arn)
            .ok_or(ElbError::TargetGroupNotFound)
    }

    /// The load balancers whose listeners or rules forward to target group `arn`.
    pub fn load_balancers_of_target_group(&self, arn: &str) -> Vec<&super::LoadBalancer> {
        let listeners: Vec<&super::Listener> = self
            .elbv2
            .listeners
            .iter()
            .filter(|l| {
                l.forwards_to(arn)
                    || self
                        .elbv2
                        .rules
                        .iter()
                        .any(|r| r.listener_arn == l.arn && r.forwards_to(arn))
            })
            .collect();
        self.elbv2
            .load_balancers
            .iter()
            .filter(|lb| listeners.iter().any(|l| l.load_balancer_arn == lb.arn))
            .collect()
    }

    fn describe_target_group(&self, g: &TargetGroup) -> TargetGroupDescription {
        TargetGroupDescription {
            target_group_arn: g.arn.clone(),
            target_group_name: g.name.clone(),
            protocol: g.protocol.clone(),
            port: g.port,
            vpc_id: g.vpc_id.clone(),
            health_check_protocol: g.health_check.protocol.clone(),
            health_check_port: g.health_check.port.clone(),
            health_check_enabled: g.health_check.enabled,
            health_check_interval_seconds: g.health_check.interval,
            health_check_timeout_seconds: g.health_check.timeout,
            healthy_threshold_count: g.health_check.healthy_threshold,
            unhealthy_threshold_count: g.health_check.unhealthy_threshold,
            health_check_path: g.health_check.path.clone(),
            matcher: Matcher {
                http_code: Some(g.health_check.matcher.clone()),
            },
            load_balancer_arns: self
                .load_balancers_of_target_group(&g.arn)
                .iter()
                .map(|lb| lb.arn.clone())
                .collect(),
            target_type: "instance".into(),
            protocol_version: "HTTP1".into(),
            ip_address_type: "ipv4".into(),
        }
    }

    /// `elbv2 create-target-group`: a group of instances with its health check.
    pub fn create_target_group(
        &mut self,
        input: CreateTargetGroupInput,
    ) -> Result<TargetGroupsOutput, ElbError> {
        self.elbv2_call("CreateTargetGroup", |c| {
            let name = input.name.trim().to_string();
            check_name("Target group", &name)?;
            let target_type = input.target_type.as_deref().unwrap_or("instance");
            if target_type != "instance" {
                return Err(ElbError::Validation(format!(
                    "The lab simulates target groups of instances only, not target type '{target_type}'"
                )));
            }
            let protocol = input.protocol.clone().ok_or_else(|| {
                ElbError::Validation("A protocol must be specified for a target group of type 'instance'".into())
            })?;
            if protocol != "HTTP" && protocol != "HTTPS" {
                return Err(ElbError::Validation(format!(
                    "The lab simulates HTTP and HTTPS target groups (for Application Load Balancers), not '{protocol}'"
                )));
            }
            if let Some(v) = input.protocol_version.as_deref()
                && v != "HTTP1"
            {
                return Err(ElbError::Validation(format!(
                    "The lab simulates protocol version HTTP1 only, not '{v}'"
                )));
            }
            let port = input.port.ok_or_else(|| {
                ElbError::Validation("A port must be specified for a target group of type 'instance'".into())
            })?;
            let port = u16::try_from(port)
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| ElbError::Validation(format!("Port '{port}' must be between 1 and 65535")))?;
            let vpc_id = input.vpc_id.clone().ok_or_else(|| {
                ElbError::Validation("A VPC ID must be specified for a target group of type 'instance'".into())
            })?;
            if !c.ec2.vpcs.iter().any(|v| v.vpc_id == vpc_id) {
                return Err(ElbError::Validation(format!("The VPC ID '{vpc_id}' is not found")));
            }
            let mut health_check = HealthCheck {
                protocol: protocol.clone(),
                ..HealthCheck::default()
            };
            health_check.apply(
                input.health_check_protocol.as_ref(),
                input.health_check_port.as_ref(),
                input.health_check_path.as_ref(),
                input.health_check_enabled,
                input.health_check_interval_seconds,
                input.health_check_timeout_seconds,
                input.healthy_threshold_count,
                input.unhealthy_threshold_count,
                input.matcher.as_ref(),
            )?;
            if let Some(existing) = c.elbv2.target_groups.iter().find(|g| g.name == name) {
                if existing.port == port
                    && existing.protocol == protocol
                    && existing.vpc_id == vpc_id
                    && existing.health_check == health_check
                {
                    let out = c.describe_target_group(existing);
                    return Ok(TargetGroupsOutput {
                        target_groups: vec![out],
                    });
                }
                return Err(ElbError::DuplicateTargetGroupName(name));
            }
            let hex = c.elbv2_hex_id();
            let group = TargetGroup {
                arn: format!(
                    "arn:aws:elasticloadbalancing:{}:{}:targetgroup/{name}/{hex}",
                    c.config.region, c.config.account_id
                ),
                name,
                protocol,
                port,
                vpc_id,
                health_check,
                targets: Vec::new(),
                deregistration_delay: 300,
                next_check: None,
                requests: 0,
                tags: input.tags.clone(),
            };
            let out = c.describe_target_group(&group);
            c.elbv2.target_groups.push(group);
            Ok(TargetGroupsOutput {
                target_groups: vec![out],
            })
        })
    }

    /// `elbv2 describe-target-groups`.
    pub fn describe_target_groups(
        &mut self,
        input: DescribeTargetGroupsInput,
    ) -> Result<TargetGroupsOutput, ElbError> {
        self.elbv2_call("DescribeTargetGroups", |c| {
            let mut groups: Vec<&TargetGroup> = Vec::new();
            if let Some(lb) = &input.load_balancer_arn {
                if c.load_balancer(lb).is_none() {
                    return Err(ElbError::LoadBalancerNotFound);
                }
                groups.extend(c.elbv2.target_groups.iter().filter(|g| {
                    c.load_balancers_of_target_group(&g.arn)
                        .iter()
                        .any(|l| &l.arn == lb)
                }));
            }
            for arn in &input.target_group_arns {
                groups.push(c.target_group(arn).ok_or(ElbError::TargetGroupNotFound)?);
            }
            for name in &input.names {
                groups.push(
                    c.elbv2
                        .target_groups
                        .iter()
                        .find(|g| &g.name == name)
                        .ok_or(ElbError::TargetGroupNotFound)?,
                );
            }
            if input.load_balancer_arn.is_none()
                && input.target_group_arns.is_empty()
                && input.names.is_empty()
            {
                groups.extend(c.elbv2.target_groups.iter());
            }
            Ok(TargetGroupsOutput {
                target_groups: groups.iter().map(|g| c.describe_target_group(g)).collect(),
            })
        })
    }

    /// `elbv2 modify-target-group`: changes its health check.
    pub fn modify_target_group(
        &mut self,
        input: ModifyTargetGroupInput,
    ) -> Result<TargetGroupsOutput, ElbError> {
        self.elbv2_call("ModifyTargetGroup", |c| {
            let group = c.target_group_mut(&input.target_group_arn)?;
            let mut check = group.health_check.clone();
            check.apply(
                input.health_check_protocol.as_ref(),
                input.health_check_port.as_ref(),
                input.health_check_path.as_ref(),
                input.health_check_enabled,
                input.health_check_interval_seconds,
                input.health_check_timeout_seconds,
                input.healthy_threshold_count,
                input.unhealthy_threshold_count,
                input.matcher.as_ref(),
            )?;
            group.health_check = check;
            group.next_check = None;
            c.elbv2_schedule_health_checks();
            let g = c
                .target_group(&input.target_group_arn)
                .ok_or(ElbError::TargetGroupNotFound)?;
            Ok(TargetGroupsOutput {
                target_groups: vec![c.describe_target_group(g)],
            })
        })
    }

    /// `elbv2 delete-target-group`: refused while a listener or rule uses it.
    pub fn delete_target_group(&mut self, input: TargetGroupArnInput) -> Result<(), ElbError> {
        self.elbv2_call("DeleteTargetGroup", |c| {
            let arn = &input.target_group_arn;
            if c.target_group(arn).is_none() {
                return Err(ElbError::TargetGroupNotFound);
            }
            let in_use = c.elbv2.listeners.iter().any(|l| l.forwards_to(arn))
                || c.elbv2.rules.iter().any(|r| r.forwards_to(arn));
            if in_use {
                return Err(ElbError::ResourceInUse(format!(
                    "Target group '{arn}' is currently in use by a listener or a rule"
                )));
            }
            c.elbv2.target_groups.retain(|g| &g.arn != arn);
            Ok(())
        })
    }

    /// `elbv2 register-targets`: adds running (or starting) instances of the
    /// group's VPC; each starts `initial` until its health checks pass.
    pub fn register_targets(&mut self, input: TargetsInput) -> Result<(), ElbError> {
        self.elbv2_call("RegisterTargets", |c| c.register_targets_now(&input))
    }

    /// Registers targets without an API call of its own (Auto Scaling does this
    /// for its group's instances).
    pub(crate) fn register_targets_now(&mut self, input: &TargetsInput) -> Result<(), ElbError> {
        let group = c_group(self, &input.target_group_arn)?;
        if input.targets.is_empty() {
            return Err(ElbError::Validation(
                "Targets must contain at least one target".into(),
            ));
        }
        let mut not_running = Vec::new();
        let mut other_vpc = Vec::new();
        let mut adds = Vec::new();
        for t in &input.targets {
            let Some(instance) = self.instance(&t.id) else {
                return Err(ElbError::Validation(format!(
                    "Instance ID '{}' is not valid",
                    t.id
                )));
            };
            if !matches!(
                instance.state,
                InstanceStateName::Running | InstanceStateName::Pending
            ) {
                not_running.push(format!("'{}'", t.id));
                continue;
            }
            if instance.vpc_id != group.vpc_id {
                other_vpc.push(format!("'{}'", t.id));
                continue;
            }
            let port = match t.port {
                None => group.port,
                Some(p) => u16::try_from(p).ok().filter(|p| *p >= 1).ok_or_else(|| {
                    ElbError::Validation(format!("Port '{p}' must be between 1 and 65535"))
                })?,
            };
            adds.push((t.id.clone(), port));
        }
        if !not_running.is_empty() {
            return Err(ElbError::InvalidTarget(format!(
                "The following targets are not in a running state and cannot be registered: {}",
                not_running.join(", ")
            )));
        }
        if !other_vpc.is_empty() {
            return Err(ElbError::InvalidTarget(format!(
                "The following targets are not in the target group VPC '{}': {}",
                group.vpc_id,
                other_vpc.join(", ")
            )));
        }
        let now = self.now;
        let g = self.target_group_mut(&input.target_group_arn)?;
        for (id, port) in adds {
            if let Some(existing) = g.targets.iter_mut().find(|t| t.id == id && t.port == port) {
                if existing.state == TargetHealthState::Draining {
                    existing.state = TargetHealthState::Initial;
                    existing.draining_until = None;
                    existing.passes = 0;
                    existing.failures = 0;
                    existing.reason = Some("Elb.RegistrationInProgress".into());
                    existing.description = Some("Target registration is in progress".into());
                }
                continue;
            }
            g.targets.push(Target {
                id,
                port,
                state: TargetHealthState::Initial,
                reason: Some("Elb.RegistrationInProgress".into()),
                description: Some("Target registration is in progress".into()),
                passes: 0,
                failures: 0,
                registered_at: now,
                draining_until: None,
            });
        }
        self.elbv2_schedule_health_checks();
        Ok(())
    }

    /// `elbv2 deregister-targets`: the targets drain for the group's
    /// deregistration delay (at once if no load balancer uses the group).
    pub fn deregister_targets(&mut self, input: TargetsInput) -> Result<(), ElbError> {
        self.elbv2_call("DeregisterTargets", |c| c.deregister_targets_now(&input))
    }

    /// Deregisters targets without an API call of its own.
    pub(crate) fn deregister_targets_now(&mut self, input: &TargetsInput) -> Result<(), ElbError> {
        let in_use = !self
            .load_balancers_of_target_group(&input.target_group_arn)
            .is_empty();
        let now = self.now;
        let g = self.target_group_mut(&input.target_group_arn)?;
        for t in &input.targets {
            let registered = g
                .targets
                .iter()
                .any(|r| r.id == t.id && t.port.is_none_or(|p| i64::from(r.port) == p));
            if !registered {
                return Err(ElbError::InvalidTarget(format!(
                    "The following targets are not registered in target group '{}': '{}'",
                    g.arn, t.id
                )));
            }
        }
        let delay = Duration::from_secs(u64::from(g.deregistration_delay));
        for t in &input.targets {
            for r in g
                .targets
                .iter_mut()
                .filter(|r| r.id == t.id && t.port.is_none_or(|p| i64::from(r.port) == p))
            {
                r.state = TargetHealthState::Draining;
                r.reason = Some("Target.DeregistrationInProgress".into());
                r.description = Some("Target deregistration is in progress".into());
                r.draining_until = Some(if in_use { now.plus(delay) } else { now });
            }
        }
        g.targets
            .retain(|r| r.draining_until.is_none_or(|until| until > now));
        Ok(())
    }

    /// A target's health as reported now: what the checks found, or `unused`
    /// when nothing sends it traffic.
    pub fn target_health(
        &self,
        group: &TargetGroup,
        target: &Target,
    ) -> (TargetHealthState, Option<String>, Option<String>) {
        if target.state == TargetHealthState::Draining {
            return (
                target.state,
                target.reason.clone(),
                target.description.clone(),
            );
        }
        let lbs = self.load_balancers_of_target_group(&group.arn);
        if !lbs.iter().any(|lb| lb.is_active()) {
            return (
                TargetHealthState::Unused,
                Some("Target.NotInUse".into()),
                Some(
                    "Target group is not configured to receive traffic from the load balancer"
                        .into(),
                ),
            );
        }
        let Some(instance) = self.instance(&target.id) else {
            return (
                TargetHealthState::Draining,
                Some("Target.DeregistrationInProgress".into()),
                Some("Target deregistration is in progress".into()),
            );
        };
        if !lbs
            .iter()
            .any(|lb| lb.zones().any(|z| z == instance.availability_zone.as_str()))
        {
            return (
                TargetHealthState::Unused,
                Some("Target.NotInUse".into()),
                Some(
                    "Target is in an Availability Zone that is not enabled for the load balancer"
                        .into(),
                ),
            );
        }
        match instance.state {
            InstanceStateName::Stopped | InstanceStateName::Stopping => (
                TargetHealthState::Unused,
                Some("Target.InvalidState".into()),
                Some(format!(
                    "Target is in the {} state",
                    instance.state.as_str()
                )),
            ),
            InstanceStateName::Terminated | InstanceStateName::ShuttingDown => (
                TargetHealthState::Draining,
                Some("Target.DeregistrationInProgress".into()),
                Some("Target deregistration is in progress".into()),
            ),
            _ => (
                target.state,
                target.reason.clone(),
                target.description.clone(),
            ),
        }
    }

    /// `elbv2 describe-target-health`.
    pub fn describe_target_health(
        &mut self,
        input: TargetsInput,
    ) -> Result<DescribeTargetHealthOutput, ElbError> {
        self.elbv2_call("DescribeTargetHealth", |c| {
            let g = c
                .target_group(&input.target_group_arn)
                .ok_or(ElbError::TargetGroupNotFound)?;
            let mut out = Vec::new();
            for t in &g.targets {
                if !input.targets.is_empty() && !input.targets.iter().any(|w| w.id == t.id) {
                    continue;
                }
                let (state, reason, description) = c.target_health(g, t);
                out.push(TargetHealthDescription {
                    target: TargetDescription {
                        id: t.id.clone(),
                        port: Some(i64::from(t.port)),
                    },
                    health_check_port: if g.health_check.port == "traffic-port" {
                        t.port.to_string()
                    } else {
                        g.health_check.port.clone()
                    },
                    target_health: TargetHealth {
                        state: state.as_str().into(),
                        reason,
                        description,
                    },
                });
            }
            for w in &input.targets {
                if !g.targets.iter().any(|t| t.id == w.id) {
                    out.push(TargetHealthDescription {
                        target: w.clone(),
                        health_check_port: g.port.to_string(),
                        target_health: TargetHealth {
                            state: "unavailable".into(),
                            reason: Some("Target.NotRegistered".into()),
                            description: Some(
                                "Target is not registered to the target group".into(),
                            ),
                        },
                    });
                }
            }
            Ok(DescribeTargetHealthOutput {
                target_health_descriptions: out,
            })
        })
    }

    fn target_group_attributes(g: &TargetGroup) -> Vec<Attribute> {
        let pair = |k: &str, v: String| Attribute {
            key: k.into(),
            value: v,
        };
        vec![
            pair(
                "deregistration_delay.timeout_seconds",
                g.deregistration_delay.to_string(),
            ),
            pair("stickiness.enabled", "false".into()),
            pair("stickiness.type", "lb_cookie".into()),
            pair("load_balancing.algorithm.type", "round_robin".into()),
            pair("slow_start.duration_seconds", "0".into()),
        ]
    }

    /// `elbv2 describe-target-group-attributes`.
    pub fn describe_target_group_attributes(
        &mut self,
        input: TargetGroupArnInput,
    ) -> Result<AttributesOutput, ElbError> {
        self.elbv2_call("DescribeTargetGroupAttributes", |c| {
            let g = c
                .target_group(&input.target_group_arn)
                .ok_or(ElbError::TargetGroupNotFound)?;
            Ok(AttributesOutput {
                attributes: Cloud::target_group_attributes(g),
            })
        })
    }

    /// `elbv2 modify-target-group-attributes`: the deregistration delay (0–3600 s);
    /// the other attributes keep the values the lab simulates.
    pub fn modify_target_group_attributes(
        &mut self,
        input: ModifyTargetGroupAttributesInput,
    ) -> Result<AttributesOutput, ElbError> {
        self.elbv2_call("ModifyTargetGroupAttributes", |c| {
            let g = c.target_group_mut(&input.target_group_arn)?;
            let mut delay = g.deregistration_delay;
            for a in &input.attributes {
                match (a.key.as_str(), a.value.as_str()) {
                    ("deregistration_delay.timeout_seconds", v) => {
                        delay = v
                            .parse::<u32>()
                            .ok()
                            .filter(|d| *d <= 3600)
                            .ok_or_else(|| {
                                ElbError::Validation(format!(
                                    "'{v}' must be an integer between 0 and 3600 for attribute 'deregistration_delay.timeout_seconds'"
                                ))
                            })?;
                    }
                    ("stickiness.enabled", "false")
                    | ("stickiness.type", "lb_cookie")
                    | ("load_balancing.algorithm.type", "round_robin")
                    | ("slow_start.duration_seconds", "0") => {}
                    (key, value) => {
                        return Err(ElbError::Validation(format!(
                            "The lab does not simulate target group attribute '{key}' = '{value}'"
                        )));
                    }
                }
            }
            g.deregistration_delay = delay;
            let attributes = Cloud::target_group_attributes(g);
            Ok(AttributesOutput { attributes })
        })
    }

    /// Starts or stops each group's health checks: they run while an active load
    /// balancer forwards to the group and it has targets.
    pub(crate) fn elbv2_schedule_health_checks(&mut self) {
        let now = self.now;
        let wanted: Vec<bool> = self
            .elbv2
            .target_groups
            .iter()
            .map(|g| {
                g.health_check.enabled
                    && !g.targets.is_empty()
                    && self
                        .load_balancers_of_target_group(&g.arn)
                        .iter()
                        .any(|lb| lb.is_active())
            })
            .collect();
        for (g, on) in self.elbv2.target_groups.iter_mut().zip(wanted) {
            match (on, g.next_check) {
                (true, None) => {
                    // Checks start afresh: earlier results do not carry over.
                    g.next_check = Some(now);
                    for t in &mut g.targets {
                        if t.state != TargetHealthState::Draining {
                            t.state = TargetHealthState::Initial;
                            t.passes = 0;
                            t.failures = 0;
                            t.reason = Some("Elb.RegistrationInProgress".into());
                            t.description = Some("Target registration is in progress".into());
                        }
                    }
                }
                (false, Some(_)) => g.next_check = None,
                _ => {}
            }
        }
    }

    /// One health check of `target` in `group`, from the first active load
    /// balancer that forwards to the group.
    pub fn probe_target(&self, group: &TargetGroup, target: &Target) -> Probe {
        let lbs = self.load_balancers_of_target_group(&group.arn);
        let Some(lb) = lbs.iter().find(|lb| lb.is_active()) else {
            return Probe::Fail(
                "Target.NotInUse",
                "Target group is not configured to receive traffic from the load balancer".into(),
            );
        };
        let Some(instance) = self.instance(&target.id) else {
            return Probe::Fail(
                "Target.NotRegistered",
                "Target is not registered to the target group".into(),
            );
        };
        if instance.state != InstanceStateName::Running {
            return Probe::Fail(
                "Target.InvalidState",
                format!("Target is in the {} state", instance.state.as_str()),
            );
        }
        let port = group
            .health_check
            .port
            .parse::<u16>()
            .unwrap_or(target.port);
        match self.node_reaches(lb, instance, port) {
            None => {
                return Probe::Fail(
                    "Elb.InternalError",
                    "Health checks failed due to an internal error".into(),
                );
            }
            Some(false) => return Probe::Fail("Target.Timeout", "Request timed out".into()),
            Some(true) => {}
        }
        match super::routing::serve_target(
            self,
            instance,
            port,
            &group.health_check.path,
            "ELB-HealthChecker/2.0",
        ) {
            Err(_) => Probe::Fail("Target.FailedHealthChecks", "Health checks failed".into()),
            Ok(r) if matcher_accepts(&group.health_check.matcher, r.status) => Probe::Pass,
            Ok(r) => Probe::Fail(
                "Target.ResponseCodeMismatch",
                format!("Health checks failed with these codes: [{}]", r.status),
            ),
        }
    }

    /// Runs the health checks that are due and ends draining that is over (the
    /// clock hook).
    pub(crate) fn elbv2_run_due_health_checks(&mut self) {
        let now = self.now;
        for g in &mut self.elbv2.target_groups {
            g.targets
                .retain(|t| t.draining_until.is_none_or(|until| until > now));
        }
        let due: Vec<usize> = self
            .elbv2
            .target_groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.next_check.is_some_and(|t| t <= now))
            .map(|(i, _)| i)
            .collect();
        for i in due {
            let Some(group) = self.elbv2.target_groups.get(i).cloned() else {
                continue;
            };
            let mut targets = group.targets.clone();
            for t in &mut targets {
                if t.state == TargetHealthState::Draining {
                    continue;
                }
                let gone = self.instance(&t.id).is_none_or(|i| {
                    matches!(
                        i.state,
                        InstanceStateName::Terminated | InstanceStateName::ShuttingDown
                    )
                });
                if gone {
                    // Terminated instances are deregistered for you.
                    t.state = TargetHealthState::Draining;
                    t.reason = Some("Target.DeregistrationInProgress".into());
                    t.description = Some("Target deregistration is in progress".into());
                    t.draining_until =
                        Some(now.plus(Duration::from_secs(u64::from(group.deregistration_delay))));
                    continue;
                }
                apply_probe(t, self.probe_target(&group, t), &group.health_check);
            }
            if let Some(g) = self.elbv2.target_groups.get_mut(i) {
                g.targets = targets;
                let every = u64::from(group.health_check.interval.max(5));
                g.next_check = Some(now.plus(Duration::from_secs(every)));
            }
        }
        self.elbv2_schedule_health_checks();
    }

    /// When the next health check or the end of draining is due.
    pub(crate) fn elbv2_next_health_event(&self) -> Option<SimTime> {
        self.elbv2
            .target_groups
            .iter()
            .flat_map(|g| {
                g.next_check
                    .into_iter()
                    .chain(g.targets.iter().filter_map(|t| t.draining_until))
            })
            .min()
    }
}

fn c_group(cloud: &Cloud, arn: &str) -> Result<TargetGroup, ElbError> {
    cloud
        .target_group(arn)
        .cloned()
        .ok_or(ElbError::TargetGroupNotFound)
}

/// Moves a target's health by one check's result.
fn apply_probe(t: &mut Target, probe: Probe, check: &HealthCheck) {
    match probe {
        Probe::Pass => {
            t.failures = 0;
            t.passes = t.passes.saturating_add(1);
            if t.state != TargetHealthState::Healthy {
                if t.passes >= check.healthy_threshold {
                    t.state = TargetHealthState::Healthy;
                    t.reason = None;
                    t.description = None;
                } else if t.state == TargetHealthState::Initial {
                    t.reason = Some("Elb.InitialHealthChecking".into());
                    t.description = Some("Initial health checking in progress".into());
                }
            }
        }
        Probe::Fail(code, description) => {
            t.passes = 0;
            t.failures = t.failures.saturating_add(1);
            if t.state == TargetHealthState::Unhealthy || t.failures >= check.unhealthy_threshold {
                t.state = TargetHealthState::Unhealthy;
                t.reason = Some(code.into());
                t.description = Some(description);
            } else if t.state == TargetHealthState::Initial {
                t.reason = Some("Elb.InitialHealthChecking".into());
                t.description = Some("Initial health checking in progress".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_accept_codes_lists_and_ranges() {
        assert!(matcher_accepts("200", 200));
        assert!(!matcher_accepts("200", 403));
        assert!(matcher_accepts("200-299", 204));
        assert!(matcher_accepts("200,302", 302));
        assert!(valid_matcher("200-299"));
        assert!(!valid_matcher("600"));
        assert!(!valid_matcher("abc"));
    }

    #[test]
    fn thresholds_move_a_target_between_states() {
        let check = HealthCheck {
            healthy_threshold: 2,
            ..HealthCheck::default()
        };
        let mut t = Target {
            id: "i-1".into(),
            port: 80,
            state: TargetHealthState::Initial,
            reason: None,
            description: None,
            passes: 0,
            failures: 0,
            registered_at: SimTime(0),
            draining_until: None,
        };
        apply_probe(&mut t, Probe::Pass, &check);
        assert_eq!(t.state, TargetHealthState::Initial);
        assert_eq!(t.reason.as_deref(), Some("Elb.InitialHealthChecking"));
        apply_probe(&mut t, Probe::Pass, &check);
        assert_eq!(t.state, TargetHealthState::Healthy);
        apply_probe(
            &mut t,
            Probe::Fail("Target.Timeout", "Request timed out".into()),
            &check,
        );
        assert_eq!(
            t.state,
            TargetHealthState::Healthy,
            "one failure is not enough"
        );
        apply_probe(
            &mut t,
            Probe::Fail("Target.Timeout", "Request timed out".into()),
            &check,
        );
        assert_eq!(t.state, TargetHealthState::Unhealthy);
        assert_eq!(t.reason.as_deref(), Some("Target.Timeout"));
    }

    #[test]
    fn the_timeout_must_be_shorter_than_the_interval() {
        let mut check = HealthCheck::default();
        let err = check
            .apply(None, None, None, None, Some(10), Some(10), None, None, None)
            .unwrap_err();
        assert_eq!(
            err.message(),
            "Health check timeout '10' must be smaller than the interval '10'"
        );
    }
}
