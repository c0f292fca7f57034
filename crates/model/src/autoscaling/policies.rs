//! Scaling policies: target tracking (Auto Scaling creates and owns the
//! `TargetTracking-<group>-AlarmHigh-…` and `…-AlarmLow-…` alarms in CloudWatch),
//! step scaling and simple scaling (the learner's own alarms name the policy's
//! ARN as their action). An alarm in ALARM runs its Auto Scaling actions every
//! minute it stays there, as CloudWatch does.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::AutoScalingError;
use super::groups::{cause_time, not_found};
use crate::cloud::Cloud;
use crate::cloudwatch::alarms::{Alarm, PutMetricAlarmInput};
use crate::cloudwatch::metrics::Dimension;

/// A step of a step scaling policy: bounds relative to the alarm's threshold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct StepAdjustment {
    /// From (inclusive); none: minus infinity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    /// To (exclusive); none: infinity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    /// The change.
    pub scaling_adjustment: i64,
}

/// A predefined metric of target tracking.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PredefinedMetricSpecification {
    /// `ASGAverageCPUUtilization` (the one the lab simulates).
    pub predefined_metric_type: String,
    /// For request counts (not simulated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

/// A target tracking configuration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetTrackingConfiguration {
    /// The metric.
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    /// The value to keep the metric at.
    pub target_value: f64,
    /// Never scale in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_scale_in: Option<bool>,
}

/// A scaling policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScalingPolicy {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its group.
    pub group: String,
    /// `TargetTrackingScaling`, `StepScaling`, `SimpleScaling`.
    pub policy_type: String,
    /// `ChangeInCapacity`, `ExactCapacity`, `PercentChangeInCapacity`.
    pub adjustment_type: Option<String>,
    /// Simple scaling's change.
    pub scaling_adjustment: Option<i64>,
    /// Percent changes at least this big.
    pub min_adjustment_magnitude: Option<i64>,
    /// Simple scaling's cooldown (the group's default when none).
    pub cooldown: Option<u32>,
    /// Step scaling's steps.
    pub step_adjustments: Vec<StepAdjustment>,
    /// `Average` ...
    pub metric_aggregation_type: Option<String>,
    /// Seconds a new instance warms up.
    pub estimated_instance_warmup: Option<u32>,
    /// Target tracking.
    pub target_tracking: Option<TargetTrackingConfiguration>,
    /// Whether it runs.
    pub enabled: bool,
    /// The alarms target tracking made (name).
    pub alarms: Vec<String>,
}

/// `PutScalingPolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutScalingPolicyInput {
    /// Group.
    pub auto_scaling_group_name: String,
    /// Name.
    pub policy_name: String,
    /// Type (`SimpleScaling` when not given).
    pub policy_type: Option<String>,
    /// Adjustment type.
    pub adjustment_type: Option<String>,
    /// Percent changes at least this big.
    pub min_adjustment_magnitude: Option<i64>,
    /// Simple scaling's change.
    pub scaling_adjustment: Option<i64>,
    /// Simple scaling's cooldown.
    pub cooldown: Option<i64>,
    /// `Average`, `Minimum`, `Maximum`.
    pub metric_aggregation_type: Option<String>,
    /// Step scaling's steps.
    pub step_adjustments: Vec<StepAdjustment>,
    /// Seconds.
    pub estimated_instance_warmup: Option<i64>,
    /// Target tracking.
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
    /// Whether it runs.
    pub enabled: Option<bool>,
}

/// An alarm in outputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmRef {
    /// Name.
    pub alarm_name: String,
    /// ARN.
    #[serde(rename = "AlarmARN")]
    pub alarm_arn: String,
}

/// `PutScalingPolicy` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutScalingPolicyOutput {
    /// ARN.
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    /// Alarms made for target tracking.
    pub alarms: Vec<AlarmRef>,
}

/// A policy in `DescribePolicies`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDescription {
    /// Group.
    pub auto_scaling_group_name: String,
    /// Name.
    pub policy_name: String,
    /// ARN.
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    /// Type.
    pub policy_type: String,
    /// Adjustment type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<String>,
    /// Min magnitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    /// Simple change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_adjustment: Option<i64>,
    /// Cooldown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<u32>,
    /// Steps.
    pub step_adjustments: Vec<StepAdjustment>,
    /// Aggregation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<String>,
    /// Warm-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_instance_warmup: Option<u32>,
    /// Alarms.
    pub alarms: Vec<AlarmRef>,
    /// Target tracking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
    /// Enabled.
    pub enabled: bool,
}

/// `DescribePolicies` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribePoliciesInput {
    /// A group's.
    pub auto_scaling_group_name: Option<String>,
    /// By name.
    pub policy_names: Vec<String>,
    /// By type.
    pub policy_types: Vec<String>,
}

/// `DescribePolicies` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePoliciesOutput {
    /// Policies.
    pub scaling_policies: Vec<PolicyDescription>,
}

/// `DeletePolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeletePolicyInput {
    /// Group.
    pub auto_scaling_group_name: Option<String>,
    /// Name or ARN.
    pub policy_name: String,
}

/// `ExecutePolicy` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ExecutePolicyInput {
    /// Group.
    pub auto_scaling_group_name: Option<String>,
    /// Name or ARN.
    pub policy_name: String,
    /// Wait out the cooldown (simple scaling).
    pub honor_cooldown: Option<bool>,
    /// Step scaling: the metric's value.
    pub metric_value: Option<f64>,
    /// Step scaling: the threshold.
    pub breach_threshold: Option<f64>,
}

const ADJUSTMENT_TYPES: [&str; 3] = [
    "ChangeInCapacity",
    "ExactCapacity",
    "PercentChangeInCapacity",
];

fn invalid(message: impl Into<String>) -> AutoScalingError {
    AutoScalingError::Validation(message.into())
}

/// The capacity an adjustment leads to from `current`.
fn adjusted(kind: &str, current: u32, adjustment: i64, min_magnitude: Option<i64>) -> i64 {
    let current = i64::from(current);
    match kind {
        "ExactCapacity" => adjustment,
        "PercentChangeInCapacity" => {
            let mut change = current.saturating_mul(adjustment) / 100;
            if change == 0 && adjustment != 0 {
                change = adjustment.signum();
            }
            if let Some(m) = min_magnitude
                && change.saturating_abs() < m
            {
                change = m.saturating_mul(change.signum());
            }
            current.saturating_add(change)
        }
        _ => current.saturating_add(adjustment),
    }
}

/// Checks that an adjustment fits AWS's 32-bit integer.
fn check_adjustment(member: &str, value: i64) -> Result<(), AutoScalingError> {
    if i32::try_from(value).is_err() {
        return Err(invalid(format!(
            "{member} {value} is out of range: it must fit a 32-bit integer"
        )));
    }
    Ok(())
}

impl ScalingPolicy {
    fn describe(&self, region: &str, account: &str) -> PolicyDescription {
        PolicyDescription {
            auto_scaling_group_name: self.group.clone(),
            policy_name: self.name.clone(),
            policy_arn: self.arn.clone(),
            policy_type: self.policy_type.clone(),
            adjustment_type: self.adjustment_type.clone(),
            min_adjustment_magnitude: self.min_adjustment_magnitude,
            scaling_adjustment: self.scaling_adjustment,
            cooldown: self.cooldown,
            step_adjustments: self.step_adjustments.clone(),
            metric_aggregation_type: self.metric_aggregation_type.clone(),
            estimated_instance_warmup: self.estimated_instance_warmup,
            alarms: self
                .alarms
                .iter()
                .map(|a| AlarmRef {
                    alarm_name: a.clone(),
                    alarm_arn: format!("arn:aws:cloudwatch:{region}:{account}:alarm:{a}"),
                })
                .collect(),
            target_tracking_configuration: self.target_tracking.clone(),
            enabled: self.enabled,
        }
    }
}

impl Cloud {
    fn find_policy(
        &self,
        group: Option<&str>,
        name_or_arn: &str,
    ) -> Result<ScalingPolicy, AutoScalingError> {
        self.autoscaling
            .policies
            .iter()
            .find(|p| {
                p.arn == name_or_arn
                    || (p.name == name_or_arn && group.is_none_or(|g| g == p.group))
            })
            .cloned()
            .ok_or_else(|| invalid(format!("Policy {name_or_arn} does not exist")))
    }

    /// `autoscaling put-scaling-policy`: creates or replaces a policy. Target
    /// tracking creates its two alarms (only the high one with `DisableScaleIn`).
    pub fn put_scaling_policy(
        &mut self,
        input: PutScalingPolicyInput,
    ) -> Result<PutScalingPolicyOutput, AutoScalingError> {
        self.autoscaling_call("PutScalingPolicy", |c| {
            let group = c
                .auto_scaling_group(&input.auto_scaling_group_name)
                .cloned()
                .ok_or_else(|| not_found(&input.auto_scaling_group_name))?;
            if group.deleting {
                return Err(super::groups::pending_delete(&group.name));
            }
            let kind = input.policy_type.clone().unwrap_or_else(|| "SimpleScaling".into());
            if let Some(a) = &input.adjustment_type
                && !ADJUSTMENT_TYPES.contains(&a.as_str())
            {
                return Err(invalid(format!(
                    "Invalid adjustment type {a}: it must be one of ChangeInCapacity, ExactCapacity, PercentChangeInCapacity"
                )));
            }
            if let Some(a) = input.scaling_adjustment {
                check_adjustment("ScalingAdjustment", a)?;
            }
            for s in &input.step_adjustments {
                check_adjustment("StepAdjustments.ScalingAdjustment", s.scaling_adjustment)?;
            }
            if let Some(m) = input.min_adjustment_magnitude {
                if m < 1 || i32::try_from(m).is_err() {
                    return Err(invalid(format!("MinAdjustmentMagnitude must be at least 1 ({m} given)")));
                }
                if input.adjustment_type.as_deref() != Some("PercentChangeInCapacity") {
                    return Err(invalid(
                        "MinAdjustmentMagnitude may only be specified when AdjustmentType is PercentChangeInCapacity",
                    ));
                }
            }
            let warmup = input
                .estimated_instance_warmup
                .map(|w| u32::try_from(w).map_err(|_| invalid("EstimatedInstanceWarmup must be at least 0")))
                .transpose()?;
            let cooldown = input
                .cooldown
                .map(|w| u32::try_from(w).map_err(|_| invalid("Cooldown must be at least 0")))
                .transpose()?;
            match kind.as_str() {
                "TargetTrackingScaling" => {
                    let config = input.target_tracking_configuration.as_ref().ok_or_else(|| {
                        invalid("TargetTrackingConfiguration is required for a policy of type TargetTrackingScaling")
                    })?;
                    let metric = config
                        .predefined_metric_specification
                        .as_ref()
                        .map(|m| m.predefined_metric_type.as_str())
                        .unwrap_or("");
                    if metric != "ASGAverageCPUUtilization" {
                        return Err(invalid(format!(
                            "The lab simulates target tracking on ASGAverageCPUUtilization, not '{metric}'"
                        )));
                    }
                    if config.target_value.is_nan() || config.target_value <= 0.0 {
                        return Err(invalid("TargetValue must be greater than 0"));
                    }
                    if input.scaling_adjustment.is_some() || !input.step_adjustments.is_empty() || input.adjustment_type.is_some() {
                        return Err(invalid(
                            "ScalingAdjustment, StepAdjustments and AdjustmentType are not supported for policy type TargetTrackingScaling.",
                        ));
                    }
                }
                "StepScaling" => {
                    if input.step_adjustments.is_empty() {
                        return Err(invalid("StepAdjustments is required for a policy of type StepScaling"));
                    }
                    if input.adjustment_type.is_none() {
                        return Err(invalid("AdjustmentType is required for a policy of type StepScaling"));
                    }
                    if input.cooldown.is_some() {
                        return Err(invalid("Cooldown is not supported for policy type StepScaling."));
                    }
                    let bounds_missing = input
                        .step_adjustments
                        .iter()
                        .filter(|s| s.metric_interval_lower_bound.is_none() && s.metric_interval_upper_bound.is_none())
                        .count();
                    if bounds_missing > 0 && input.step_adjustments.len() > 1 {
                        return Err(invalid("Step adjustments must not overlap: only one step may leave both bounds open"));
                    }
                }
                "SimpleScaling" => {
                    if input.scaling_adjustment.is_none() {
                        return Err(invalid("ScalingAdjustment is required for a policy of type SimpleScaling"));
                    }
                    if input.adjustment_type.is_none() {
                        return Err(invalid("AdjustmentType is required for a policy of type SimpleScaling"));
                    }
                    if input.estimated_instance_warmup.is_some() {
                        return Err(invalid("EstimatedInstanceWarmup is not supported for policy type SimpleScaling."));
                    }
                }
                other => {
                    return Err(invalid(format!(
                        "The lab simulates TargetTrackingScaling, StepScaling and SimpleScaling policies, not '{other}'"
                    )));
                }
            }
            // Replacing a policy drops the alarms it made.
            let existing = c
                .autoscaling
                .policies
                .iter()
                .find(|p| p.group == group.name && p.name == input.policy_name)
                .cloned();
            let arn = match &existing {
                Some(p) => {
                    c.cloudwatch.alarms.retain(|a| !p.alarms.contains(&a.name));
                    p.arn.clone()
                }
                None => {
                    let uuid = c.autoscaling_uuid();
                    format!(
                        "arn:aws:autoscaling:{}:{}:scalingPolicy:{uuid}:autoScalingGroupName/{}:policyName/{}",
                        c.config.region, c.config.account_id, group.name, input.policy_name
                    )
                }
            };
            let mut alarms = Vec::new();
            if kind == "TargetTrackingScaling"
                && let Some(config) = &input.target_tracking_configuration
            {
                let description = format!("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {arn}.");
                let mut make = |c: &mut Cloud, which: &str, operator: &str, threshold: f64, n: i64| {
                    let uuid = c.autoscaling_uuid();
                    let name = format!("TargetTracking-{}-{which}-{uuid}", group.name);
                    let made = c.insert_alarm(PutMetricAlarmInput {
                        alarm_name: name.clone(),
                        alarm_description: Some(description.clone()),
                        actions_enabled: Some(true),
                        alarm_actions: vec![arn.clone()],
                        metric_name: Some("CPUUtilization".into()),
                        namespace: Some("AWS/EC2".into()),
                        statistic: Some("Average".into()),
                        dimensions: vec![Dimension {
                            name: "AutoScalingGroupName".into(),
                            value: group.name.clone(),
                        }],
                        period: Some(60),
                        evaluation_periods: Some(n),
                        datapoints_to_alarm: Some(n),
                        threshold: Some(threshold),
                        comparison_operator: Some(operator.into()),
                        ..Default::default()
                    });
                    if made.is_ok() {
                        alarms.push(name);
                    }
                };
                make(c, "AlarmHigh", "GreaterThanThreshold", config.target_value, 3);
                if !config.disable_scale_in.unwrap_or(false) {
                    make(c, "AlarmLow", "LessThanThreshold", config.target_value * 0.9, 15);
                }
            }
            let policy = ScalingPolicy {
                name: input.policy_name.clone(),
                arn: arn.clone(),
                group: group.name.clone(),
                policy_type: kind,
                adjustment_type: input.adjustment_type.clone(),
                scaling_adjustment: input.scaling_adjustment,
                min_adjustment_magnitude: input.min_adjustment_magnitude,
                cooldown,
                step_adjustments: input.step_adjustments.clone(),
                metric_aggregation_type: input.metric_aggregation_type.clone(),
                estimated_instance_warmup: warmup,
                target_tracking: input.target_tracking_configuration.clone(),
                enabled: input.enabled.unwrap_or(true),
                alarms: alarms.clone(),
            };
            c.autoscaling.policies.retain(|p| p.arn != arn);
            c.autoscaling.policies.push(policy);
            let (region, account) = (c.config.region.clone(), c.config.account_id.clone());
            Ok(PutScalingPolicyOutput {
                policy_arn: arn,
                alarms: alarms
                    .into_iter()
                    .map(|a| AlarmRef {
                        alarm_arn: format!("arn:aws:cloudwatch:{region}:{account}:alarm:{a}"),
                        alarm_name: a,
                    })
                    .collect(),
            })
        })
    }

    /// `autoscaling describe-policies`.
    pub fn describe_policies(
        &mut self,
        input: DescribePoliciesInput,
    ) -> Result<DescribePoliciesOutput, AutoScalingError> {
        self.autoscaling_call("DescribePolicies", |c| {
            if let Some(g) = &input.auto_scaling_group_name
                && c.auto_scaling_group(g).is_none()
            {
                return Err(not_found(g));
            }
            let (region, account) = (c.config.region.clone(), c.config.account_id.clone());
            let scaling_policies = c
                .autoscaling
                .policies
                .iter()
                .filter(|p| {
                    input
                        .auto_scaling_group_name
                        .as_ref()
                        .is_none_or(|g| &p.group == g)
                })
                .filter(|p| input.policy_names.is_empty() || input.policy_names.contains(&p.name))
                .filter(|p| {
                    input.policy_types.is_empty() || input.policy_types.contains(&p.policy_type)
                })
                .map(|p| p.describe(&region, &account))
                .collect();
            Ok(DescribePoliciesOutput { scaling_policies })
        })
    }

    /// `autoscaling delete-policy` (named apart from IAM's `DeletePolicy`): the
    /// policy and the alarms it made.
    pub fn delete_scaling_policy(
        &mut self,
        input: DeletePolicyInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("DeletePolicy", |c| {
            if let Some(g) = &input.auto_scaling_group_name
                && c.auto_scaling_group(g).is_none()
            {
                return Err(not_found(g));
            }
            let p = c.find_policy(input.auto_scaling_group_name.as_deref(), &input.policy_name)?;
            c.cloudwatch.alarms.retain(|a| !p.alarms.contains(&a.name));
            c.autoscaling.policies.retain(|x| x.arn != p.arn);
            Ok(())
        })
    }

    /// Deletes a group's policies and their alarms (the group is being deleted).
    pub(crate) fn delete_group_policies(&mut self, group: &str) {
        let alarms: Vec<String> = self
            .autoscaling
            .policies
            .iter()
            .filter(|p| p.group == group)
            .flat_map(|p| p.alarms.clone())
            .collect();
        self.cloudwatch.alarms.retain(|a| !alarms.contains(&a.name));
        self.autoscaling.policies.retain(|p| p.group != group);
    }

    /// `autoscaling execute-policy`: runs a simple or step policy now (step
    /// scaling needs the metric value and the threshold).
    pub fn execute_policy(&mut self, input: ExecutePolicyInput) -> Result<(), AutoScalingError> {
        self.autoscaling_call("ExecutePolicy", |c| {
            let p = c.find_policy(input.auto_scaling_group_name.as_deref(), &input.policy_name)?;
            let cause = format!("a user request executed policy {}", p.name);
            match p.policy_type.as_str() {
                "TargetTrackingScaling" => Err(invalid(
                    "ExecutePolicy is not supported for a target tracking scaling policy.",
                )),
                "StepScaling" => {
                    let (Some(value), Some(threshold)) = (input.metric_value, input.breach_threshold) else {
                        return Err(invalid(
                            "Both MetricValue and BreachThreshold are required when executing a step scaling policy.",
                        ));
                    };
                    c.apply_step_policy(&p, value, threshold, cause);
                    Ok(())
                }
                _ => {
                    if input.honor_cooldown.unwrap_or(false) && c.in_cooldown(&p) {
                        return Err(AutoScalingError::ScalingActivityInProgress(
                            "The scaling policy cannot be executed while the group is in its cooldown period.".into(),
                        ));
                    }
                    c.apply_simple_policy(&p, cause);
                    Ok(())
                }
            }
        })
    }

    fn in_cooldown(&self, p: &ScalingPolicy) -> bool {
        let Some(g) = self.auto_scaling_group(&p.group) else {
            return false;
        };
        let cooldown = Duration::from_secs(u64::from(p.cooldown.unwrap_or(g.default_cooldown)));
        g.last_simple_scaling
            .is_some_and(|t| self.now < t.plus(cooldown))
    }

    /// Sets a group's desired capacity to `new` (clamped to min and max) for
    /// `cause`, and reconciles it at once.
    fn change_capacity(&mut self, group: &str, new: i64, cause: String) -> bool {
        let now = self.now;
        let Ok(g) = self.group_mut(group) else {
            return false;
        };
        let new = new.clamp(i64::from(g.min_size), i64::from(g.max_size)) as u32;
        if new == g.desired || g.deleting {
            return false;
        }
        g.pending_cause = Some(format!(
            "At {} {cause} changing the desired capacity from {} to {new}.",
            cause_time(now),
            g.desired
        ));
        g.desired = new;
        g.next_check = Some(now);
        self.reconcile_group(group);
        true
    }

    /// Instances of the group still warming up.
    fn warming(&self, group: &str, warmup: u32) -> u32 {
        let Some(g) = self.auto_scaling_group(group) else {
            return 0;
        };
        let w = Duration::from_secs(u64::from(warmup));
        g.instances
            .iter()
            .filter(|i| i.is_live() && self.now < i.launched_at.plus(w))
            .count() as u32
    }

    fn apply_simple_policy(&mut self, p: &ScalingPolicy, cause: String) {
        let Some(g) = self.auto_scaling_group(&p.group).cloned() else {
            return;
        };
        let new = adjusted(
            p.adjustment_type.as_deref().unwrap_or("ChangeInCapacity"),
            g.desired,
            p.scaling_adjustment.unwrap_or(0),
            p.min_adjustment_magnitude,
        );
        let now = self.now;
        if self.change_capacity(&p.group, new, cause)
            && let Ok(g) = self.group_mut(&p.group)
        {
            g.last_simple_scaling = Some(now);
        }
    }

    fn apply_step_policy(&mut self, p: &ScalingPolicy, value: f64, threshold: f64, cause: String) {
        let Some(g) = self.auto_scaling_group(&p.group).cloned() else {
            return;
        };
        let diff = value - threshold;
        // Above the threshold a step holds [lower, upper); below it, (lower, upper].
        let Some(step) = p.step_adjustments.iter().find(|s| {
            let below = s.metric_interval_upper_bound.is_some_and(|hi| hi <= 0.0);
            if below {
                s.metric_interval_lower_bound.is_none_or(|lo| diff > lo)
                    && s.metric_interval_upper_bound.is_none_or(|hi| diff <= hi)
            } else {
                s.metric_interval_lower_bound.is_none_or(|lo| diff >= lo)
                    && s.metric_interval_upper_bound.is_none_or(|hi| diff < hi)
            }
        }) else {
            return;
        };
        let kind = p.adjustment_type.as_deref().unwrap_or("ChangeInCapacity");
        let warmup = p.estimated_instance_warmup.unwrap_or(g.warmup());
        let warming = self.warming(&p.group, warmup);
        let mut new = adjusted(
            kind,
            g.desired,
            step.scaling_adjustment,
            p.min_adjustment_magnitude,
        );
        if step.scaling_adjustment > 0 && warming > 0 && kind != "ExactCapacity" {
            // Instances still warming up count toward this step's increase.
            let settled = g.desired.saturating_sub(warming);
            new = adjusted(
                kind,
                settled,
                step.scaling_adjustment,
                p.min_adjustment_magnitude,
            )
            .max(i64::from(g.desired));
        }
        self.change_capacity(&p.group, new, cause);
    }

    fn apply_target_tracking(&mut self, p: &ScalingPolicy, alarm: &Alarm, value: f64) {
        let Some(config) = &p.target_tracking else {
            return;
        };
        let Some(g) = self.auto_scaling_group(&p.group).cloned() else {
            return;
        };
        let warming = self.warming(&p.group, p.estimated_instance_warmup.unwrap_or(g.warmup()));
        let cause = format!(
            "a monitor alarm {} in state ALARM triggered policy {}",
            alarm.name, p.name
        );
        let target = config.target_value;
        if alarm.comparison_operator == "GreaterThanThreshold" {
            // Scale out in proportion; instances warming up already answer part of it.
            let settled = g.desired.saturating_sub(warming).max(1);
            let new = (f64::from(settled) * value / target).ceil() as i64;
            if new > i64::from(g.desired) {
                self.change_capacity(&p.group, new, cause);
            }
        } else if warming == 0 {
            let new = ((f64::from(g.desired) * value / target).ceil() as i64).max(1);
            if new < i64::from(g.desired) {
                self.change_capacity(&p.group, new, cause);
            }
        }
    }

    /// Runs the Auto Scaling action `policy_arn` of `alarm` (CloudWatch's clock
    /// hook calls this each minute the alarm is in the action's state).
    pub(crate) fn run_scaling_action(&mut self, policy_arn: &str, alarm: &Alarm) {
        let Some(p) = self
            .autoscaling
            .policies
            .iter()
            .find(|p| p.arn == policy_arn)
            .cloned()
        else {
            return;
        };
        if !p.enabled {
            return;
        }
        let value = self.alarm_latest_value(alarm);
        let cause = format!(
            "a monitor alarm {} in state {} triggered policy {}",
            alarm.name, alarm.state, p.name
        );
        match (p.policy_type.as_str(), value) {
            // Target tracking and step scaling act on the metric's value.
            ("TargetTrackingScaling", Some(value)) => self.apply_target_tracking(&p, alarm, value),
            ("StepScaling", Some(value)) => {
                self.apply_step_policy(&p, value, alarm.threshold, cause)
            }
            ("TargetTrackingScaling" | "StepScaling", None) => {}
            _ => {
                if !self.in_cooldown(&p) {
                    self.apply_simple_policy(&p, cause);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjustments_follow_their_type() {
        assert_eq!(adjusted("ChangeInCapacity", 2, 1, None), 3);
        assert_eq!(adjusted("ExactCapacity", 2, 5, None), 5);
        assert_eq!(adjusted("PercentChangeInCapacity", 4, 50, None), 6);
        // A percent change too small to move still moves by one.
        assert_eq!(adjusted("PercentChangeInCapacity", 1, 10, None), 2);
        assert_eq!(adjusted("PercentChangeInCapacity", 10, 10, Some(3)), 13);
        assert_eq!(adjusted("ChangeInCapacity", 2, -1, None), 1);
    }
}
