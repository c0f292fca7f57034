//! Auto Scaling groups: created from a launch template in one or more subnets,
//! kept at their desired capacity on the clock (launching balanced across
//! Availability Zones, replacing unhealthy instances, terminating by the default
//! termination policy), with their activities and their size over time.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::AutoScalingError;
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::ec2::InstanceStateName;
use crate::ec2::launch_templates::LaunchTemplateSpecification;
use crate::ec2::shapes::RunInstancesInput;
use crate::elbv2::target_groups::{TargetDescription, TargetHealthState, TargetsInput};

/// How soon a group with something under way is looked at again.
const BUSY_CHECK: Duration = Duration::from_secs(10);
/// How often a settled group's health is checked.
const HEALTH_CHECK: Duration = Duration::from_secs(60);
/// How long a group waits after a failed launch before trying again.
const LAUNCH_RETRY: Duration = Duration::from_secs(300);
/// Size samples kept per group.
const KEPT_SAMPLES: usize = 1_000;

/// An instance in a group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupInstance {
    /// The instance.
    pub instance_id: String,
    /// Its instance type.
    pub instance_type: String,
    /// Its Availability Zone.
    pub zone: String,
    /// `Pending`, `InService`, `Terminating`.
    pub lifecycle: String,
    /// `Healthy` or `Unhealthy`.
    pub health: String,
    /// Protected from scale-in.
    pub protected: bool,
    /// When it was launched.
    pub launched_at: SimTime,
    /// The launch template version it came from.
    pub template_version: String,
    /// The activity that launched or is terminating it.
    pub activity_id: Option<String>,
}

impl GroupInstance {
    /// Counted in the group's capacity (pending or in service).
    pub fn is_live(&self) -> bool {
        self.lifecycle == "Pending" || self.lifecycle == "InService"
    }
}

/// The group's size at one moment (for the chart).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeSample {
    /// When.
    pub at: SimTime,
    /// The desired capacity.
    pub desired: u32,
    /// Instances in service.
    pub in_service: u32,
    /// Instances launching.
    pub pending: u32,
}

/// A tag on a group, copied to its instances when `PropagateAtLaunch`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupTag {
    /// The group's name (in requests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// `auto-scaling-group`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Key.
    pub key: String,
    /// Value.
    pub value: Option<String>,
    /// Whether instances get it.
    pub propagate_at_launch: Option<bool>,
}

/// An Auto Scaling group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutoScalingGroup {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// The launch template its instances come from.
    pub launch_template: LaunchTemplateSpecification,
    /// Minimum size.
    pub min_size: u32,
    /// Maximum size.
    pub max_size: u32,
    /// Desired capacity.
    pub desired: u32,
    /// Seconds simple scaling waits after an activity.
    pub default_cooldown: u32,
    /// Subnets, in the order given.
    pub subnets: Vec<String>,
    /// Their Availability Zones.
    pub zones: Vec<String>,
    /// Target groups its instances join.
    pub target_group_arns: Vec<String>,
    /// `EC2` or `ELB`.
    pub health_check_type: String,
    /// Seconds after launch before health checks count.
    pub health_check_grace_period: u32,
    /// Seconds a new instance warms up before its metrics count.
    pub default_instance_warmup: Option<u32>,
    /// Whether new instances are protected from scale-in.
    pub new_instances_protected: bool,
    /// Its instances.
    pub instances: Vec<GroupInstance>,
    /// Its tags.
    pub tags: Vec<GroupTag>,
    /// When it was created.
    pub created: SimTime,
    /// `Delete in progress` once a forced delete started.
    pub deleting: bool,
    /// When it is next looked at.
    pub next_check: Option<SimTime>,
    /// What changed the desired capacity, for the next activity's cause.
    pub pending_cause: Option<String>,
    /// When a launch last failed.
    pub launch_failed_at: Option<SimTime>,
    /// When simple scaling last changed the capacity.
    pub last_simple_scaling: Option<SimTime>,
    /// Its size over time, oldest first.
    pub size_history: Vec<SizeSample>,
}

impl AutoScalingGroup {
    /// Instances pending or in service.
    pub fn live_count(&self) -> u32 {
        self.instances.iter().filter(|i| i.is_live()).count() as u32
    }

    /// Instances in service.
    pub fn in_service_count(&self) -> u32 {
        self.instances
            .iter()
            .filter(|i| i.lifecycle == "InService")
            .count() as u32
    }

    /// Seconds new instances warm up (the group's default warm-up, else its cooldown).
    pub fn warmup(&self) -> u32 {
        self.default_instance_warmup
            .unwrap_or(self.default_cooldown)
    }

    fn sample(&mut self, now: SimTime) {
        let s = SizeSample {
            at: now,
            desired: self.desired,
            in_service: self.in_service_count(),
            pending: self
                .instances
                .iter()
                .filter(|i| i.lifecycle == "Pending")
                .count() as u32,
        };
        let same = self.size_history.last().is_some_and(|l| {
            (l.desired, l.in_service, l.pending) == (s.desired, s.in_service, s.pending)
        });
        if !same {
            self.size_history.push(s);
            if self.size_history.len() > KEPT_SAMPLES {
                let extra = self.size_history.len() - KEPT_SAMPLES;
                self.size_history.drain(..extra);
            }
        }
    }
}

/// A scaling activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Its id.
    pub id: String,
    /// The group.
    pub group: String,
    /// What it does (`Launching a new EC2 instance: i-…`).
    pub description: String,
    /// Why, in AWS's words.
    pub cause: String,
    /// When it started.
    pub start: SimTime,
    /// When it ended.
    pub end: Option<SimTime>,
    /// `InProgress`, `Successful`, `Failed`.
    pub status: String,
    /// Why it failed.
    pub status_message: Option<String>,
    /// The subnet and zone, as AWS's JSON text.
    #[serde(default)]
    pub details: String,
}

/// The time as activity causes write it (`2026-12-06T10:00:00Z`).
pub(crate) fn cause_time(t: SimTime) -> String {
    t.to_iso8601()
}

/// `CreateAutoScalingGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateAutoScalingGroupInput {
    /// Name.
    pub auto_scaling_group_name: String,
    /// The launch template.
    pub launch_template: Option<LaunchTemplateSpecification>,
    /// Launch configurations are retired: refused.
    pub launch_configuration_name: Option<String>,
    /// Minimum size.
    pub min_size: Option<i64>,
    /// Maximum size.
    pub max_size: Option<i64>,
    /// Desired capacity (the minimum when not given).
    pub desired_capacity: Option<i64>,
    /// Cooldown (300 s when not given).
    pub default_cooldown: Option<i64>,
    /// Zones (their default subnets).
    pub availability_zones: Vec<String>,
    /// Target groups.
    #[serde(rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
    /// `EC2` (default) or `ELB`.
    pub health_check_type: Option<String>,
    /// Seconds (0 when not given).
    pub health_check_grace_period: Option<i64>,
    /// Subnets, comma-separated.
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: Option<String>,
    /// Protect new instances from scale-in.
    pub new_instances_protected_from_scale_in: Option<bool>,
    /// Tags.
    pub tags: Vec<GroupTag>,
    /// Seconds.
    pub default_instance_warmup: Option<i64>,
}

/// `UpdateAutoScalingGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UpdateAutoScalingGroupInput {
    /// Name.
    pub auto_scaling_group_name: String,
    /// A new launch template (or version).
    pub launch_template: Option<LaunchTemplateSpecification>,
    /// Minimum size.
    pub min_size: Option<i64>,
    /// Maximum size.
    pub max_size: Option<i64>,
    /// Desired capacity.
    pub desired_capacity: Option<i64>,
    /// Cooldown.
    pub default_cooldown: Option<i64>,
    /// `EC2` or `ELB`.
    pub health_check_type: Option<String>,
    /// Seconds.
    pub health_check_grace_period: Option<i64>,
    /// Subnets, comma-separated.
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: Option<String>,
    /// Protect new instances from scale-in.
    pub new_instances_protected_from_scale_in: Option<bool>,
    /// Seconds.
    pub default_instance_warmup: Option<i64>,
}

/// A group by name (`DeleteAutoScalingGroup`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteAutoScalingGroupInput {
    /// Name.
    pub auto_scaling_group_name: String,
    /// Terminate its instances too.
    pub force_delete: Option<bool>,
}

/// `DescribeAutoScalingGroups` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeAutoScalingGroupsInput {
    /// By name (all when empty).
    pub auto_scaling_group_names: Vec<String>,
}

/// `SetDesiredCapacity` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SetDesiredCapacityInput {
    /// Name.
    pub auto_scaling_group_name: String,
    /// The new capacity.
    pub desired_capacity: i64,
}

/// `AttachLoadBalancerTargetGroups` / `DetachLoadBalancerTargetGroups` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetGroupsInput {
    /// Name.
    pub auto_scaling_group_name: String,
    /// Target groups.
    #[serde(rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
}

/// `SetInstanceProtection` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SetInstanceProtectionInput {
    /// Instances.
    pub instance_ids: Vec<String>,
    /// Their group.
    pub auto_scaling_group_name: String,
    /// Protect or not.
    pub protected_from_scale_in: bool,
}

/// `SetInstanceHealth` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SetInstanceHealthInput {
    /// Instance.
    pub instance_id: String,
    /// `Healthy` or `Unhealthy`.
    pub health_status: String,
    /// Ignore it during the grace period.
    pub should_respect_grace_period: Option<bool>,
}

/// `TerminateInstanceInAutoScalingGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TerminateInstanceInGroupInput {
    /// Instance.
    pub instance_id: Option<String>,
    /// Lower the desired capacity (else a replacement is launched).
    pub should_decrement_desired_capacity: Option<bool>,
}

/// `DescribeAutoScalingInstances` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeAutoScalingInstancesInput {
    /// Instances (all when empty).
    pub instance_ids: Vec<String>,
}

/// `DescribeScalingActivities` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeScalingActivitiesInput {
    /// By id.
    pub activity_ids: Vec<String>,
    /// A group's.
    pub auto_scaling_group_name: Option<String>,
    /// At most this many (100 when not given).
    pub max_records: Option<i64>,
}

/// A launch template reference in outputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TemplateRef {
    /// Id.
    pub launch_template_id: String,
    /// Name.
    pub launch_template_name: String,
    /// Version as given.
    pub version: String,
}

/// An instance in `DescribeAutoScalingGroups`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceDescription {
    /// Id.
    pub instance_id: String,
    /// Type.
    pub instance_type: String,
    /// Zone.
    pub availability_zone: String,
    /// Lifecycle state.
    pub lifecycle_state: String,
    /// `Healthy`.
    pub health_status: String,
    /// Template.
    pub launch_template: TemplateRef,
    /// Protected from scale-in.
    pub protected_from_scale_in: bool,
}

/// A group in `DescribeAutoScalingGroups` (AWS's member order).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupDescription {
    /// Name.
    pub auto_scaling_group_name: String,
    /// ARN.
    #[serde(rename = "AutoScalingGroupARN")]
    pub auto_scaling_group_arn: String,
    /// Template.
    pub launch_template: TemplateRef,
    /// Min.
    pub min_size: u32,
    /// Max.
    pub max_size: u32,
    /// Desired.
    pub desired_capacity: u32,
    /// Cooldown.
    pub default_cooldown: u32,
    /// Zones.
    pub availability_zones: Vec<String>,
    /// Classic load balancers (none).
    pub load_balancer_names: Vec<String>,
    /// Target groups.
    #[serde(rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
    /// Health check type.
    pub health_check_type: String,
    /// Grace period.
    pub health_check_grace_period: u32,
    /// Instances.
    pub instances: Vec<InstanceDescription>,
    /// Created.
    pub created_time: Timestamp,
    /// Suspended processes (none).
    pub suspended_processes: Vec<serde_json::Value>,
    /// `Delete in progress` while deleting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Subnets.
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: String,
    /// Enabled metrics (none).
    pub enabled_metrics: Vec<serde_json::Value>,
    /// Tags.
    pub tags: Vec<GroupTag>,
    /// `Default`.
    pub termination_policies: Vec<String>,
    /// New instances protected.
    pub new_instances_protected_from_scale_in: bool,
    /// The service-linked role.
    #[serde(rename = "ServiceLinkedRoleARN")]
    pub service_linked_role_arn: String,
    /// Warm-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_instance_warmup: Option<u32>,
}

/// `DescribeAutoScalingGroups` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingGroupsOutput {
    /// Groups.
    pub auto_scaling_groups: Vec<GroupDescription>,
}

/// An instance in `DescribeAutoScalingInstances`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AutoScalingInstanceDescription {
    /// Id.
    pub instance_id: String,
    /// Type.
    pub instance_type: String,
    /// Group.
    pub auto_scaling_group_name: String,
    /// Zone.
    pub availability_zone: String,
    /// Lifecycle state.
    pub lifecycle_state: String,
    /// `HEALTHY` or `UNHEALTHY` (upper case here, as AWS writes it).
    pub health_status: String,
    /// Template.
    pub launch_template: TemplateRef,
    /// Protected from scale-in.
    pub protected_from_scale_in: bool,
}

/// `DescribeAutoScalingInstances` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingInstancesOutput {
    /// Instances.
    pub auto_scaling_instances: Vec<AutoScalingInstanceDescription>,
}

/// An activity in outputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityDescription {
    /// Id.
    pub activity_id: String,
    /// Group.
    pub auto_scaling_group_name: String,
    /// What.
    pub description: String,
    /// Why.
    pub cause: String,
    /// Started.
    pub start_time: Timestamp,
    /// Ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    /// Status.
    pub status_code: String,
    /// Failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// Percent done.
    pub progress: u32,
    /// Details.
    pub details: String,
}

/// `DescribeScalingActivities` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesOutput {
    /// Activities, newest first.
    pub activities: Vec<ActivityDescription>,
}

/// `TerminateInstanceInAutoScalingGroup` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityOutput {
    /// The activity.
    pub activity: ActivityDescription,
}

/// The error for a change to a group that is being deleted.
pub(crate) fn pending_delete(name: &str) -> AutoScalingError {
    AutoScalingError::ScalingActivityInProgress(format!(
        "AutoScalingGroup {name} is pending delete: it cannot be changed."
    ))
}

pub(crate) fn not_found(name: &str) -> AutoScalingError {
    AutoScalingError::Validation(format!(
        "AutoScalingGroup name not found - AutoScalingGroup '{name}' not found"
    ))
}

fn count(member: &str, value: i64) -> Result<u32, AutoScalingError> {
    u32::try_from(value).map_err(|_| {
        AutoScalingError::Validation(format!("{member} must be at least 0 ({value} given)"))
    })
}

fn check_bounds(min: u32, max: u32, desired: u32) -> Result<(), AutoScalingError> {
    if max < min {
        return Err(AutoScalingError::Validation(format!(
            "Max bound, {max}, must be greater than or equal to min bound, {min}"
        )));
    }
    if desired < min || desired > max {
        return Err(AutoScalingError::Validation(format!(
            "Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"
        )));
    }
    Ok(())
}

impl Activity {
    fn describe(&self) -> ActivityDescription {
        ActivityDescription {
            activity_id: self.id.clone(),
            auto_scaling_group_name: self.group.clone(),
            description: self.description.clone(),
            cause: self.cause.clone(),
            start_time: Timestamp(self.start),
            end_time: self.end.map(Timestamp),
            status_code: self.status.clone(),
            status_message: self.status_message.clone(),
            progress: if self.end.is_some() { 100 } else { 30 },
            details: self.details.clone(),
        }
    }
}

impl Cloud {
    fn template_ref(&self, spec: &LaunchTemplateSpecification) -> TemplateRef {
        let t = self
            .find_launch_template(
                spec.launch_template_id.as_deref(),
                spec.launch_template_name.as_deref(),
            )
            .ok();
        TemplateRef {
            launch_template_id: t.map(|t| t.id.clone()).unwrap_or_default(),
            launch_template_name: t.map(|t| t.name.clone()).unwrap_or_default(),
            version: spec.version.clone().unwrap_or_else(|| "$Default".into()),
        }
    }

    fn describe_asg(&self, g: &AutoScalingGroup) -> GroupDescription {
        GroupDescription {
            auto_scaling_group_name: g.name.clone(),
            auto_scaling_group_arn: g.arn.clone(),
            launch_template: self.template_ref(&g.launch_template),
            min_size: g.min_size,
            max_size: g.max_size,
            desired_capacity: g.desired,
            default_cooldown: g.default_cooldown,
            availability_zones: g.zones.clone(),
            load_balancer_names: Vec::new(),
            target_group_arns: g.target_group_arns.clone(),
            health_check_type: g.health_check_type.clone(),
            health_check_grace_period: g.health_check_grace_period,
            instances: g
                .instances
                .iter()
                .map(|i| InstanceDescription {
                    instance_id: i.instance_id.clone(),
                    instance_type: i.instance_type.clone(),
                    availability_zone: i.zone.clone(),
                    lifecycle_state: i.lifecycle.clone(),
                    health_status: i.health.clone(),
                    launch_template: TemplateRef {
                        version: i.template_version.clone(),
                        ..self.template_ref(&g.launch_template)
                    },
                    protected_from_scale_in: i.protected,
                })
                .collect(),
            created_time: Timestamp(g.created),
            suspended_processes: Vec::new(),
            status: g.deleting.then(|| "Delete in progress".to_string()),
            vpc_zone_identifier: g.subnets.join(","),
            enabled_metrics: Vec::new(),
            tags: g
                .tags
                .iter()
                .map(|t| GroupTag {
                    resource_id: Some(g.name.clone()),
                    resource_type: Some("auto-scaling-group".into()),
                    key: t.key.clone(),
                    value: Some(t.value.clone().unwrap_or_default()),
                    propagate_at_launch: Some(t.propagate_at_launch.unwrap_or(false)),
                })
                .collect(),
            termination_policies: vec!["Default".into()],
            new_instances_protected_from_scale_in: g.new_instances_protected,
            service_linked_role_arn: format!(
                "arn:aws:iam::{}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
                self.config.account_id
            ),
            default_instance_warmup: g.default_instance_warmup,
        }
    }

    pub(crate) fn group_mut(
        &mut self,
        name: &str,
    ) -> Result<&mut AutoScalingGroup, AutoScalingError> {
        self.autoscaling
            .groups
            .iter_mut()
            .find(|g| g.name == name)
            .ok_or_else(|| not_found(name))
    }

    /// The subnets of `VPCZoneIdentifier` (or the default subnets of the zones).
    fn group_subnets(
        &self,
        vpc_zone_identifier: Option<&str>,
        zones: &[String],
    ) -> Result<(Vec<String>, Vec<String>), AutoScalingError> {
        let ids: Vec<String> = vpc_zone_identifier
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let mut subnets = Vec::new();
        let mut group_zones = Vec::new();
        if ids.is_empty() {
            if zones.is_empty() {
                return Err(AutoScalingError::Validation(
                    "At least one Availability Zone or VPC Subnet is required.".into(),
                ));
            }
            for z in zones {
                let s = self
                    .ec2
                    .subnets
                    .iter()
                    .find(|s| &s.availability_zone == z && s.default_for_az)
                    .ok_or_else(|| {
                        AutoScalingError::Validation(format!(
                            "The availability zone {z} is not legal or has no default subnet"
                        ))
                    })?;
                subnets.push(s.subnet_id.clone());
                group_zones.push(z.clone());
            }
        } else {
            let mut vpc: Option<String> = None;
            for id in &ids {
                let s = self.subnet(id).ok_or_else(|| {
                    AutoScalingError::Validation(format!("The subnet ID '{id}' does not exist"))
                })?;
                if vpc.as_ref().is_some_and(|v| v != &s.vpc_id) {
                    return Err(AutoScalingError::Validation(
                        "The subnets of an Auto Scaling group must be in the same VPC.".into(),
                    ));
                }
                vpc = Some(s.vpc_id.clone());
                subnets.push(s.subnet_id.clone());
                if !group_zones.contains(&s.availability_zone) {
                    group_zones.push(s.availability_zone.clone());
                }
            }
        }
        Ok((subnets, group_zones))
    }

    fn check_target_groups(&self, arns: &[String]) -> Result<(), AutoScalingError> {
        if arns.iter().any(|a| self.target_group(a).is_none()) {
            return Err(AutoScalingError::Validation(
                "Provided Target Groups may not be valid. Please ensure they exist and try again."
                    .into(),
            ));
        }
        Ok(())
    }

    fn check_template(&self, spec: &LaunchTemplateSpecification) -> Result<(), AutoScalingError> {
        let template = self
            .find_launch_template(spec.launch_template_id.as_deref(), spec.launch_template_name.as_deref())
            .map_err(|_| {
                let which = match (&spec.launch_template_id, &spec.launch_template_name) {
                    (Some(id), _) => format!("template ID {id}"),
                    (_, Some(name)) => format!("template name {name}"),
                    _ => "no template".into(),
                };
                AutoScalingError::Validation(format!(
                    "You must use a valid fully-formed launch template. The specified launch template, with {which}, does not exist."
                ))
            })?;
        template.version(spec.version.as_deref()).map_err(|e| {
            AutoScalingError::Validation(format!(
                "You must use a valid fully-formed launch template. {}",
                e.message()
            ))
        })?;
        Ok(())
    }

    fn check_health_type(kind: &str) -> Result<(), AutoScalingError> {
        if kind == "EC2" || kind == "ELB" {
            return Ok(());
        }
        Err(AutoScalingError::Validation(format!(
            "The lab simulates health check types EC2 and ELB, not '{kind}'"
        )))
    }

    /// `autoscaling create-auto-scaling-group`: a group that launches its
    /// desired capacity from the launch template, spread over the subnets' zones.
    pub fn create_auto_scaling_group(
        &mut self,
        input: CreateAutoScalingGroupInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("CreateAutoScalingGroup", |c| {
            let name = input.auto_scaling_group_name.trim().to_string();
            if name.is_empty() || name.chars().count() > 255 {
                return Err(AutoScalingError::Validation(
                    "AutoScalingGroupName must be 1 to 255 characters long".into(),
                ));
            }
            if input.launch_configuration_name.is_some() {
                return Err(AutoScalingError::Validation(
                    "Launch configurations are no longer available to new accounts: use a launch template (LaunchTemplate).".into(),
                ));
            }
            let Some(spec) = input.launch_template.clone() else {
                return Err(AutoScalingError::Validation(
                    "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.".into(),
                ));
            };
            if c.autoscaling.groups.iter().any(|g| g.name == name) {
                return Err(AutoScalingError::AlreadyExists(format!(
                    "AutoScalingGroup by this name already exists - A group with the name {name} already exists"
                )));
            }
            let min = count("MinSize", input.min_size.unwrap_or(0))?;
            let max = count("MaxSize", input.max_size.unwrap_or(0))?;
            let desired = count("DesiredCapacity", input.desired_capacity.unwrap_or(i64::from(min)))?;
            check_bounds(min, max, desired)?;
            c.check_template(&spec)?;
            let (subnets, zones) =
                c.group_subnets(input.vpc_zone_identifier.as_deref(), &input.availability_zones)?;
            c.check_target_groups(&input.target_group_arns)?;
            let health_check_type = input.health_check_type.clone().unwrap_or_else(|| "EC2".into());
            Cloud::check_health_type(&health_check_type)?;
            let grace = count("HealthCheckGracePeriod", input.health_check_grace_period.unwrap_or(0))?;
            let cooldown = count("DefaultCooldown", input.default_cooldown.unwrap_or(300))?;
            let warmup = input
                .default_instance_warmup
                .map(|w| count("DefaultInstanceWarmup", w))
                .transpose()?;
            for t in &input.tags {
                if t.key.is_empty() || t.key.starts_with("aws:") {
                    return Err(AutoScalingError::Validation(format!(
                        "Tag key '{}' is not valid: keys are 1 to 128 characters and cannot start with 'aws:'",
                        t.key
                    )));
                }
            }
            let now = c.now;
            let uuid = c.autoscaling_uuid();
            let group = AutoScalingGroup {
                arn: format!(
                    "arn:aws:autoscaling:{}:{}:autoScalingGroup:{uuid}:autoScalingGroupName/{name}",
                    c.config.region, c.config.account_id
                ),
                pending_cause: Some(format!(
                    "At {} a user request created an AutoScalingGroup changing the desired capacity from 0 to {desired}.",
                    cause_time(now)
                )),
                name,
                launch_template: spec,
                min_size: min,
                max_size: max,
                desired,
                default_cooldown: cooldown,
                subnets,
                zones,
                target_group_arns: input.target_group_arns.clone(),
                health_check_type,
                health_check_grace_period: grace,
                default_instance_warmup: warmup,
                new_instances_protected: input.new_instances_protected_from_scale_in.unwrap_or(false),
                instances: Vec::new(),
                tags: input
                    .tags
                    .iter()
                    .map(|t| GroupTag {
                        resource_id: None,
                        resource_type: None,
                        key: t.key.clone(),
                        value: t.value.clone(),
                        propagate_at_launch: t.propagate_at_launch,
                    })
                    .collect(),
                created: now,
                deleting: false,
                next_check: Some(now),
                launch_failed_at: None,
                last_simple_scaling: None,
                size_history: vec![SizeSample {
                    at: now,
                    desired: 0,
                    in_service: 0,
                    pending: 0,
                }],
            };
            c.autoscaling.groups.push(group);
            c.reconcile_group(input.auto_scaling_group_name.trim());
            Ok(())
        })
    }

    /// `autoscaling update-auto-scaling-group`. A minimum above the desired
    /// capacity raises it; a maximum below lowers it.
    pub fn update_auto_scaling_group(
        &mut self,
        input: UpdateAutoScalingGroupInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("UpdateAutoScalingGroup", |c| {
            let g = c
                .auto_scaling_group(&input.auto_scaling_group_name)
                .cloned()
                .ok_or_else(|| not_found(&input.auto_scaling_group_name))?;
            if g.deleting {
                return Err(pending_delete(&g.name));
            }
            let min = input.min_size.map(|v| count("MinSize", v)).transpose()?.unwrap_or(g.min_size);
            let max = input.max_size.map(|v| count("MaxSize", v)).transpose()?.unwrap_or(g.max_size);
            let desired = match input.desired_capacity {
                Some(d) => count("DesiredCapacity", d)?,
                None => g.desired.clamp(min.min(max), max.max(min)),
            };
            check_bounds(min, max, desired)?;
            if let Some(spec) = &input.launch_template {
                c.check_template(spec)?;
            }
            let subnets = match input.vpc_zone_identifier.as_deref() {
                Some(v) => Some(c.group_subnets(Some(v), &[])?),
                None => None,
            };
            if let Some(kind) = &input.health_check_type {
                Cloud::check_health_type(kind)?;
            }
            let grace = input
                .health_check_grace_period
                .map(|v| count("HealthCheckGracePeriod", v))
                .transpose()?;
            let cooldown = input.default_cooldown.map(|v| count("DefaultCooldown", v)).transpose()?;
            let warmup = input
                .default_instance_warmup
                .map(|v| count("DefaultInstanceWarmup", v))
                .transpose()?;
            let now = c.now;
            let group = c.group_mut(&input.auto_scaling_group_name)?;
            if desired != group.desired {
                group.pending_cause = Some(format!(
                    "At {} a user request update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired} changing the desired capacity from {} to {desired}.",
                    cause_time(now),
                    group.desired
                ));
            }
            group.min_size = min;
            group.max_size = max;
            group.desired = desired;
            if let Some(spec) = input.launch_template.clone() {
                group.launch_template = spec;
            }
            if let Some((subnets, zones)) = subnets {
                group.subnets = subnets;
                group.zones = zones;
            }
            if let Some(kind) = input.health_check_type.clone() {
                group.health_check_type = kind;
            }
            if let Some(grace) = grace {
                group.health_check_grace_period = grace;
            }
            if let Some(cooldown) = cooldown {
                group.default_cooldown = cooldown;
            }
            if warmup.is_some() {
                group.default_instance_warmup = warmup;
            }
            if let Some(p) = input.new_instances_protected_from_scale_in {
                group.new_instances_protected = p;
            }
            group.next_check = Some(now);
            group.launch_failed_at = None;
            c.reconcile_group(&input.auto_scaling_group_name);
            Ok(())
        })
    }

    /// `autoscaling set-desired-capacity`.
    pub fn set_desired_capacity(
        &mut self,
        input: SetDesiredCapacityInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("SetDesiredCapacity", |c| {
            let now = c.now;
            let group = c.group_mut(&input.auto_scaling_group_name)?;
            if group.deleting {
                return Err(pending_delete(&group.name));
            }
            let d = input.desired_capacity;
            if d > i64::from(group.max_size) {
                return Err(AutoScalingError::Validation(format!(
                    "New SetDesiredCapacity value {d} is above max value {} for the AutoScalingGroup.",
                    group.max_size
                )));
            }
            if d < i64::from(group.min_size) {
                return Err(AutoScalingError::Validation(format!(
                    "New SetDesiredCapacity value {d} is below min value {} for the AutoScalingGroup.",
                    group.min_size
                )));
            }
            let d = d as u32;
            if d != group.desired {
                group.pending_cause = Some(format!(
                    "At {} a user request explicitly set group desired capacity changing the desired capacity from {} to {d}.",
                    cause_time(now),
                    group.desired
                ));
                group.desired = d;
            }
            group.next_check = Some(now);
            group.launch_failed_at = None;
            c.reconcile_group(&input.auto_scaling_group_name);
            Ok(())
        })
    }

    /// `autoscaling describe-auto-scaling-groups`.
    pub fn describe_auto_scaling_groups(
        &mut self,
        input: DescribeAutoScalingGroupsInput,
    ) -> Result<DescribeAutoScalingGroupsOutput, AutoScalingError> {
        self.autoscaling_call("DescribeAutoScalingGroups", |c| {
            let groups = c
                .autoscaling
                .groups
                .iter()
                .filter(|g| {
                    input.auto_scaling_group_names.is_empty()
                        || input.auto_scaling_group_names.contains(&g.name)
                })
                .map(|g| c.describe_asg(g))
                .collect();
            Ok(DescribeAutoScalingGroupsOutput {
                auto_scaling_groups: groups,
            })
        })
    }

    /// `autoscaling describe-auto-scaling-instances`.
    pub fn describe_auto_scaling_instances(
        &mut self,
        input: DescribeAutoScalingInstancesInput,
    ) -> Result<DescribeAutoScalingInstancesOutput, AutoScalingError> {
        self.autoscaling_call("DescribeAutoScalingInstances", |c| {
            let mut out = Vec::new();
            for g in &c.autoscaling.groups {
                for i in &g.instances {
                    if !input.instance_ids.is_empty()
                        && !input.instance_ids.contains(&i.instance_id)
                    {
                        continue;
                    }
                    out.push(AutoScalingInstanceDescription {
                        instance_id: i.instance_id.clone(),
                        instance_type: i.instance_type.clone(),
                        auto_scaling_group_name: g.name.clone(),
                        availability_zone: i.zone.clone(),
                        lifecycle_state: i.lifecycle.clone(),
                        health_status: i.health.to_ascii_uppercase(),
                        launch_template: TemplateRef {
                            version: i.template_version.clone(),
                            ..c.template_ref(&g.launch_template)
                        },
                        protected_from_scale_in: i.protected,
                    });
                }
            }
            Ok(DescribeAutoScalingInstancesOutput {
                auto_scaling_instances: out,
            })
        })
    }

    /// `autoscaling describe-scaling-activities`: newest first.
    pub fn describe_scaling_activities(
        &mut self,
        input: DescribeScalingActivitiesInput,
    ) -> Result<DescribeScalingActivitiesOutput, AutoScalingError> {
        self.autoscaling_call("DescribeScalingActivities", |c| {
            if let Some(name) = &input.auto_scaling_group_name
                && c.auto_scaling_group(name).is_none()
                && !c.autoscaling.activities.iter().any(|a| &a.group == name)
            {
                return Err(not_found(name));
            }
            let limit = input.max_records.unwrap_or(100).clamp(1, 100) as usize;
            let activities = c
                .autoscaling
                .activities
                .iter()
                .rev()
                .filter(|a| {
                    input
                        .auto_scaling_group_name
                        .as_ref()
                        .is_none_or(|n| &a.group == n)
                })
                .filter(|a| input.activity_ids.is_empty() || input.activity_ids.contains(&a.id))
                .take(limit)
                .map(Activity::describe)
                .collect();
            Ok(DescribeScalingActivitiesOutput { activities })
        })
    }

    /// `autoscaling delete-auto-scaling-group`: refused while it has instances,
    /// unless `--force-delete` (which terminates them first).
    pub fn delete_auto_scaling_group(
        &mut self,
        input: DeleteAutoScalingGroupInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("DeleteAutoScalingGroup", |c| {
            let name = input.auto_scaling_group_name.clone();
            let g = c.auto_scaling_group(&name).cloned().ok_or_else(|| not_found(&name))?;
            let force = input.force_delete.unwrap_or(false);
            if !g.instances.is_empty() && !force {
                return Err(AutoScalingError::ResourceInUse(
                    "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.".into(),
                ));
            }
            c.delete_group_policies(&name);
            let now = c.now;
            let group = c.group_mut(&name)?;
            group.deleting = true;
            group.min_size = 0;
            group.desired = 0;
            for i in &mut group.instances {
                i.protected = false;
            }
            group.pending_cause = Some(format!(
                "At {} a user request delete of AutoScalingGroup changing the desired capacity from {} to 0.",
                cause_time(now),
                g.desired
            ));
            group.next_check = Some(now);
            c.reconcile_group(&name);
            Ok(())
        })
    }

    /// `autoscaling attach-load-balancer-target-groups`: its instances in service
    /// are registered at once, new ones as they come into service.
    pub fn attach_load_balancer_target_groups(
        &mut self,
        input: TargetGroupsInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("AttachLoadBalancerTargetGroups", |c| {
            c.check_target_groups(&input.target_group_arns)?;
            let group = c.group_mut(&input.auto_scaling_group_name)?;
            if group.deleting {
                return Err(pending_delete(&group.name));
            }
            let mut added = Vec::new();
            for arn in &input.target_group_arns {
                if !group.target_group_arns.contains(arn) {
                    group.target_group_arns.push(arn.clone());
                    added.push(arn.clone());
                }
            }
            let in_service: Vec<String> = group
                .instances
                .iter()
                .filter(|i| i.lifecycle == "InService")
                .map(|i| i.instance_id.clone())
                .collect();
            for arn in added {
                for id in &in_service {
                    c.register_in(&arn, id);
                }
            }
            Ok(())
        })
    }

    /// `autoscaling detach-load-balancer-target-groups`: its instances are deregistered.
    pub fn detach_load_balancer_target_groups(
        &mut self,
        input: TargetGroupsInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("DetachLoadBalancerTargetGroups", |c| {
            let group = c.group_mut(&input.auto_scaling_group_name)?;
            group
                .target_group_arns
                .retain(|a| !input.target_group_arns.contains(a));
            let ids: Vec<String> = group
                .instances
                .iter()
                .map(|i| i.instance_id.clone())
                .collect();
            for arn in &input.target_group_arns {
                for id in &ids {
                    c.deregister_from(arn, id);
                }
            }
            Ok(())
        })
    }

    /// `autoscaling set-instance-protection`.
    pub fn set_instance_protection(
        &mut self,
        input: SetInstanceProtectionInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("SetInstanceProtection", |c| {
            let group = c.group_mut(&input.auto_scaling_group_name)?;
            for id in &input.instance_ids {
                if !group.instances.iter().any(|i| &i.instance_id == id) {
                    return Err(AutoScalingError::Validation(format!(
                        "The instance {id} is not part of Auto Scaling group {}.",
                        group.name
                    )));
                }
            }
            for i in &mut group.instances {
                if input.instance_ids.contains(&i.instance_id) {
                    i.protected = input.protected_from_scale_in;
                }
            }
            // Protection lifted from an instance above the maximum lets the group
            // terminate it at once, as a capacity change does.
            c.reconcile_group(&input.auto_scaling_group_name);
            Ok(())
        })
    }

    fn group_of_instance(&self, id: &str) -> Option<String> {
        self.autoscaling
            .groups
            .iter()
            .find(|g| g.instances.iter().any(|i| i.instance_id == id))
            .map(|g| g.name.clone())
    }

    /// `autoscaling set-instance-health`: an `Unhealthy` instance is replaced.
    pub fn set_instance_health(
        &mut self,
        input: SetInstanceHealthInput,
    ) -> Result<(), AutoScalingError> {
        self.autoscaling_call("SetInstanceHealth", |c| {
            if input.health_status != "Healthy" && input.health_status != "Unhealthy" {
                return Err(AutoScalingError::Validation(format!(
                    "Health status '{}' must be Healthy or Unhealthy",
                    input.health_status
                )));
            }
            let name = c.group_of_instance(&input.instance_id).ok_or_else(|| {
                AutoScalingError::Validation(format!(
                    "Instance Id not found - No managed instance found for instance ID: {}",
                    input.instance_id
                ))
            })?;
            let now = c.now;
            let group = c.group_mut(&name)?;
            let grace = Duration::from_secs(u64::from(group.health_check_grace_period));
            if let Some(i) = group
                .instances
                .iter_mut()
                .find(|i| i.instance_id == input.instance_id)
            {
                let in_grace = now < i.launched_at.plus(grace);
                if !(input.should_respect_grace_period.unwrap_or(false) && in_grace) {
                    i.health = input.health_status.clone();
                }
            }
            group.next_check = Some(now);
            c.reconcile_group(&name);
            Ok(())
        })
    }

    /// `autoscaling terminate-instance-in-auto-scaling-group`.
    pub fn terminate_instance_in_auto_scaling_group(
        &mut self,
        input: TerminateInstanceInGroupInput,
    ) -> Result<ActivityOutput, AutoScalingError> {
        self.autoscaling_call("TerminateInstanceInAutoScalingGroup", |c| {
            let id = input.instance_id.clone().unwrap_or_default();
            let decrement = input.should_decrement_desired_capacity.ok_or_else(|| {
                AutoScalingError::Validation(
                    "ShouldDecrementDesiredCapacity is required".into(),
                )
            })?;
            let name = c.group_of_instance(&id).ok_or_else(|| {
                AutoScalingError::Validation(format!(
                    "Instance Id not found - No managed instance found for instance ID: {id}"
                ))
            })?;
            let now = c.now;
            let group = c.group_mut(&name)?;
            let live = group.instances.iter().any(|i| i.instance_id == id && i.is_live());
            if !live {
                return Err(AutoScalingError::ScalingActivityInProgress(format!(
                    "Instance {id} is already being terminated."
                )));
            }
            if decrement && group.desired <= group.min_size {
                return Err(AutoScalingError::Validation(format!(
                    "Currently, desiredSize equals minSize ({}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.",
                    group.min_size
                )));
            }
            let before = group.desired;
            let cause = if decrement {
                group.desired -= 1;
                format!(
                    "At {} instance {id} was taken out of service in response to a user request, shrinking the capacity from {before} to {}.",
                    cause_time(now),
                    before - 1
                )
            } else {
                format!(
                    "At {} instance {id} was taken out of service in response to a user request.",
                    cause_time(now)
                )
            };
            let activity = c.terminate_group_instance(&name, &id, cause);
            c.reconcile_group(&name);
            let a = c
                .autoscaling
                .activities
                .iter()
                .find(|a| a.id == activity)
                .map(Activity::describe)
                .ok_or_else(|| not_found(&name))?;
            Ok(ActivityOutput { activity: a })
        })
    }

    fn register_in(&mut self, target_group_arn: &str, id: &str) {
        let input = TargetsInput {
            target_group_arn: target_group_arn.to_string(),
            targets: vec![TargetDescription {
                id: id.to_string(),
                port: None,
            }],
        };
        // A target group deleted since then is skipped, as AWS reports it in the activity.
        let _ = self.register_targets_now(&input);
    }

    fn deregister_from(&mut self, target_group_arn: &str, id: &str) {
        let input = TargetsInput {
            target_group_arn: target_group_arn.to_string(),
            targets: vec![TargetDescription {
                id: id.to_string(),
                port: None,
            }],
        };
        let _ = self.deregister_targets_now(&input);
    }

    /// Starts terminating one of a group's instances (deregistered from its
    /// target groups first); returns the activity's id.
    pub(crate) fn terminate_group_instance(
        &mut self,
        group: &str,
        id: &str,
        cause: String,
    ) -> String {
        let arns = self
            .auto_scaling_group(group)
            .map(|g| g.target_group_arns.clone())
            .unwrap_or_default();
        for arn in &arns {
            self.deregister_from(arn, id);
        }
        let terminated = self.as_auto_scaling(|c| c.terminate_for_service(id));
        // An instance taken out before it came into service: its launch is cancelled.
        let launch = self
            .auto_scaling_group(group)
            .and_then(|g| g.instances.iter().find(|i| i.instance_id == id))
            .and_then(|i| i.activity_id.clone());
        if let Some(launch) = launch
            && self
                .autoscaling
                .activities
                .iter()
                .any(|a| a.id == launch && a.status == "InProgress")
        {
            self.finish_activity(Some(&launch), "Cancelled");
        }
        let activity_id = self.autoscaling_uuid();
        self.record_activity(Activity {
            id: activity_id.clone(),
            group: group.to_string(),
            description: format!("Terminating EC2 instance: {id}"),
            cause,
            start: self.now,
            end: None,
            status: "InProgress".into(),
            status_message: None,
            details: self.activity_details(id),
        });
        let done = terminated.is_err();
        if done {
            // The instance is gone already: the activity is over.
            self.finish_activity(Some(&activity_id), "Successful");
        }
        if let Ok(g) = self.group_mut(group) {
            if done {
                g.instances.retain(|i| i.instance_id != id);
            } else if let Some(i) = g.instances.iter_mut().find(|i| i.instance_id == id) {
                i.lifecycle = "Terminating".into();
                i.activity_id = Some(activity_id.clone());
            }
        }
        activity_id
    }

    /// `{"Subnet ID":"subnet-…","Availability Zone":"…"}` for an instance.
    fn activity_details(&self, id: &str) -> String {
        self.instance(id)
            .map(|i| {
                serde_json::json!({"Subnet ID": i.subnet_id, "Availability Zone": i.availability_zone})
                    .to_string()
            })
            .unwrap_or_default()
    }

    fn finish_activity(&mut self, activity_id: Option<&str>, status: &str) {
        let now = self.now;
        if let Some(a) = self
            .autoscaling
            .activities
            .iter_mut()
            .find(|a| Some(a.id.as_str()) == activity_id)
        {
            a.end = Some(now);
            a.status = status.into();
        }
    }

    /// Launches one instance into `group` in the zone with the fewest.
    fn launch_group_instance(&mut self, group: &AutoScalingGroup, cause: String) -> bool {
        let counts: Vec<usize> = group
            .subnets
            .iter()
            .map(|s| {
                let zone = self
                    .subnet(s)
                    .map(|x| x.availability_zone.clone())
                    .unwrap_or_default();
                group
                    .instances
                    .iter()
                    .filter(|i| i.is_live() && i.zone == zone)
                    .count()
            })
            .collect();
        let Some((pick, _)) = counts.iter().enumerate().min_by_key(|(i, n)| (**n, *i)) else {
            return false;
        };
        let subnet = group.subnets[pick].clone();
        let spec = group.launch_template.clone();
        let result = self.as_auto_scaling(|c| {
            c.run_instances(RunInstancesInput {
                launch_template: Some(spec.clone()),
                subnet_id: Some(subnet.clone()),
                min_count: Some(1),
                max_count: Some(1),
                ..Default::default()
            })
        });
        let now = self.now;
        let activity_id = self.autoscaling_uuid();
        match result {
            Ok(reservation) => {
                let Some(d) = reservation.instances.first() else {
                    return false;
                };
                let id = d.instance_id.clone();
                let (instance_type, zone) = self
                    .instance(&id)
                    .map(|i| (i.instance_type.clone(), i.availability_zone.clone()))
                    .unwrap_or_default();
                if let Some(i) = self.instance_mut(&id) {
                    i.tags
                        .insert("aws:autoscaling:groupName".into(), group.name.clone());
                    for t in group
                        .tags
                        .iter()
                        .filter(|t| t.propagate_at_launch.unwrap_or(false))
                    {
                        i.tags
                            .insert(t.key.clone(), t.value.clone().unwrap_or_default());
                    }
                }
                let version = self
                    .find_launch_template(
                        spec.launch_template_id.as_deref(),
                        spec.launch_template_name.as_deref(),
                    )
                    .ok()
                    .and_then(|t| {
                        t.version(spec.version.as_deref())
                            .ok()
                            .map(|v| v.number.to_string())
                    })
                    .unwrap_or_else(|| "1".into());
                self.record_activity(Activity {
                    id: activity_id.clone(),
                    group: group.name.clone(),
                    description: format!("Launching a new EC2 instance: {id}"),
                    cause,
                    start: now,
                    end: None,
                    status: "InProgress".into(),
                    status_message: None,
                    details: self.activity_details(&id),
                });
                if let Ok(g) = self.group_mut(&group.name) {
                    let protected = g.new_instances_protected;
                    g.instances.push(GroupInstance {
                        instance_id: id,
                        instance_type,
                        zone,
                        lifecycle: "Pending".into(),
                        health: "Healthy".into(),
                        protected,
                        launched_at: now,
                        template_version: version,
                        activity_id: Some(activity_id),
                    });
                }
                true
            }
            Err(e) => {
                self.record_activity(Activity {
                    id: activity_id,
                    group: group.name.clone(),
                    description: format!(
                        "Launching a new EC2 instance.  Status Reason: {}. Launching EC2 instance failed.",
                        e.message()
                    ),
                    cause,
                    start: now,
                    end: Some(now),
                    status: "Failed".into(),
                    status_message: Some(format!("{}. Launching EC2 instance failed.", e.message())),
                    details: String::new(),
                });
                if let Ok(g) = self.group_mut(&group.name) {
                    g.launch_failed_at = Some(now);
                }
                false
            }
        }
    }

    /// Brings a group to its desired capacity: instances that came up go in
    /// service (and into the target groups), unhealthy ones are replaced, and
    /// instances are launched or terminated until the count is right.
    pub(crate) fn reconcile_group(&mut self, name: &str) {
        let Some(group) = self.auto_scaling_group(name).cloned() else {
            return;
        };
        let now = self.now;
        let grace = Duration::from_secs(u64::from(group.health_check_grace_period));
        // 1. Each instance's lifecycle and health.
        let mut replace: Vec<(String, String)> = Vec::new();
        let mut gone: Vec<String> = Vec::new();
        let mut in_service: Vec<String> = Vec::new();
        for gi in &group.instances {
            let state = self.instance(&gi.instance_id).map(|i| i.state);
            match (gi.lifecycle.as_str(), state) {
                ("Terminating", None | Some(InstanceStateName::Terminated)) => {
                    gone.push(gi.instance_id.clone());
                    self.finish_activity(gi.activity_id.as_deref(), "Successful");
                }
                ("Terminating", _) => {}
                (
                    _,
                    None
                    | Some(
                        InstanceStateName::Terminated
                        | InstanceStateName::ShuttingDown
                        | InstanceStateName::Stopped
                        | InstanceStateName::Stopping,
                    ),
                ) => {
                    replace.push((
                        gi.instance_id.clone(),
                        format!(
                            "At {} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.",
                            cause_time(now)
                        ),
                    ));
                }
                ("Pending", Some(InstanceStateName::Running)) => {
                    in_service.push(gi.instance_id.clone())
                }
                ("InService", Some(InstanceStateName::Running)) => {
                    let past_grace = now >= gi.launched_at.plus(grace);
                    let elb_unhealthy = group.health_check_type == "ELB"
                        && past_grace
                        && group.target_group_arns.iter().any(|arn| {
                            self.target_group(arn).is_some_and(|tg| {
                                tg.targets
                                    .iter()
                                    .filter(|t| t.id == gi.instance_id)
                                    .any(|t| {
                                        self.target_health(tg, t).0 == TargetHealthState::Unhealthy
                                    })
                            })
                        });
                    if elb_unhealthy {
                        replace.push((
                            gi.instance_id.clone(),
                            format!(
                                "At {} an instance was taken out of service in response to an ELB system health check failure.",
                                cause_time(now)
                            ),
                        ));
                    } else if gi.health == "Unhealthy" {
                        replace.push((
                            gi.instance_id.clone(),
                            format!(
                                "At {} an instance was taken out of service in response to a user health-check.",
                                cause_time(now)
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
        for id in &in_service {
            let activity = group
                .instances
                .iter()
                .find(|i| &i.instance_id == id)
                .and_then(|i| i.activity_id.clone());
            self.finish_activity(activity.as_deref(), "Successful");
            for arn in &group.target_group_arns {
                self.register_in(arn, id);
            }
            if let Ok(g) = self.group_mut(name)
                && let Some(i) = g.instances.iter_mut().find(|i| &i.instance_id == id)
            {
                i.lifecycle = "InService".into();
            }
        }
        if let Ok(g) = self.group_mut(name) {
            g.instances.retain(|i| !gone.contains(&i.instance_id));
        }
        for (id, cause) in replace {
            if let Ok(g) = self.group_mut(name)
                && let Some(i) = g.instances.iter_mut().find(|i| i.instance_id == id)
            {
                i.health = "Unhealthy".into();
            }
            self.terminate_group_instance(name, &id, cause);
        }
        // 2. Capacity.
        let Some(group) = self.auto_scaling_group(name).cloned() else {
            return;
        };
        let live = group.live_count();
        let retry_wait = group
            .launch_failed_at
            .is_some_and(|t| now < t.plus(LAUNCH_RETRY));
        if live < group.desired && !retry_wait {
            let cause = format!(
                "{}{}At {} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {live} to {}.",
                group.pending_cause.clone().unwrap_or_default(),
                if group.pending_cause.is_some() {
                    "  "
                } else {
                    ""
                },
                cause_time(now),
                group.desired
            );
            for _ in live..group.desired {
                let Some(current) = self.auto_scaling_group(name).cloned() else {
                    break;
                };
                if !self.launch_group_instance(&current, cause.clone()) {
                    break;
                }
            }
        } else if live > group.desired {
            let mut current = group.clone();
            for _ in group.desired..live {
                let Some(victim) = termination_choice(&current) else {
                    break;
                };
                let cause = format!(
                    "{}{}At {} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {live} to {}.  At {} instance {victim} was selected for termination.",
                    group.pending_cause.clone().unwrap_or_default(),
                    if group.pending_cause.is_some() {
                        "  "
                    } else {
                        ""
                    },
                    cause_time(now),
                    group.desired,
                    cause_time(now)
                );
                self.terminate_group_instance(name, &victim, cause);
                let Some(next) = self.auto_scaling_group(name).cloned() else {
                    break;
                };
                current = next;
            }
        }
        // 3. The size for the chart, and when to look again.
        let Ok(g) = self.group_mut(name) else {
            return;
        };
        g.pending_cause = None;
        g.sample(now);
        let busy =
            g.instances.iter().any(|i| i.lifecycle != "InService") || g.live_count() != g.desired;
        let failed_wait = g
            .launch_failed_at
            .map(|t| t.plus(LAUNCH_RETRY))
            .filter(|t| *t > now);
        g.next_check = if let Some(t) = failed_wait.filter(|_| g.live_count() < g.desired) {
            Some(t)
        } else if busy {
            Some(now.plus(BUSY_CHECK))
        } else if g.instances.is_empty() {
            None
        } else {
            Some(now.plus(HEALTH_CHECK))
        };
        if g.deleting && g.instances.is_empty() {
            self.autoscaling.groups.retain(|x| x.name != name);
        }
    }
}

/// The instance the default termination policy picks: among unprotected live
/// instances, the zone with the most instances, then the oldest launch template
/// version, then the instance launched first.
pub(crate) fn termination_choice(group: &AutoScalingGroup) -> Option<String> {
    let candidates: Vec<&GroupInstance> = group
        .instances
        .iter()
        .filter(|i| i.is_live() && !i.protected)
        .collect();
    let per_zone = |zone: &str| {
        group
            .instances
            .iter()
            .filter(|i| i.is_live() && i.zone == zone)
            .count()
    };
    candidates
        .iter()
        .max_by(|a, b| {
            per_zone(&a.zone)
                .cmp(&per_zone(&b.zone))
                .then_with(|| {
                    let va: u64 = a.template_version.parse().unwrap_or(0);
                    let vb: u64 = b.template_version.parse().unwrap_or(0);
                    vb.cmp(&va)
                })
                .then_with(|| b.launched_at.cmp(&a.launched_at))
                .then_with(|| b.instance_id.cmp(&a.instance_id))
        })
        .map(|i| i.instance_id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, zone: &str, version: &str, at: u64, protected: bool) -> GroupInstance {
        GroupInstance {
            instance_id: id.into(),
            instance_type: "t3.micro".into(),
            zone: zone.into(),
            lifecycle: "InService".into(),
            health: "Healthy".into(),
            protected,
            launched_at: SimTime(at),
            template_version: version.into(),
            activity_id: None,
        }
    }

    #[test]
    fn the_default_policy_balances_zones_then_drops_old_versions_then_old_instances() {
        let mut g = AutoScalingGroup {
            name: "web".into(),
            arn: String::new(),
            launch_template: LaunchTemplateSpecification::default(),
            min_size: 0,
            max_size: 10,
            desired: 3,
            default_cooldown: 300,
            subnets: Vec::new(),
            zones: Vec::new(),
            target_group_arns: Vec::new(),
            health_check_type: "EC2".into(),
            health_check_grace_period: 0,
            default_instance_warmup: None,
            new_instances_protected: false,
            instances: vec![
                member("i-a1", "a", "2", 10, false),
                member("i-a2", "a", "2", 20, false),
                member("i-c1", "c", "1", 5, false),
            ],
            tags: Vec::new(),
            created: SimTime(0),
            deleting: false,
            next_check: None,
            pending_cause: None,
            launch_failed_at: None,
            last_simple_scaling: None,
            size_history: Vec::new(),
        };
        // Zone a has two: its older instance goes.
        assert_eq!(termination_choice(&g).as_deref(), Some("i-a1"));
        g.instances[0].template_version = "3".into();
        assert_eq!(
            termination_choice(&g).as_deref(),
            Some("i-a2"),
            "older version first"
        );
        g.instances[0].protected = true;
        g.instances[1].protected = true;
        assert_eq!(
            termination_choice(&g).as_deref(),
            Some("i-c1"),
            "protected ones stay"
        );
        g.instances[2].protected = true;
        assert_eq!(termination_choice(&g), None);
    }
}
