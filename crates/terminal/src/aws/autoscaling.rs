//! `aws autoscaling`: Auto Scaling groups, their instances and activities, and
//! scaling policies.

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws autoscaling` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::autoscaling::ATTACH_LOAD_BALANCER_TARGET_GROUPS,
        "Attaches target groups: the group's instances are registered with them.",
        call_unit!(attach_load_balancer_target_groups),
    ),
    Operation::new(
        generated::autoscaling::CREATE_AUTO_SCALING_GROUP,
        "Creates an Auto Scaling group from a launch template.",
        call_unit!(create_auto_scaling_group),
    ),
    Operation::new(
        generated::autoscaling::DELETE_AUTO_SCALING_GROUP,
        "Deletes a group (--force-delete terminates its instances).",
        call_unit!(delete_auto_scaling_group),
    ),
    Operation::new(
        generated::autoscaling::DELETE_POLICY,
        "Deletes a scaling policy and the alarms it made.",
        call_unit!(delete_scaling_policy),
    ),
    Operation::new(
        generated::autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
        "Describes groups and their instances.",
        call!(describe_auto_scaling_groups),
    ),
    Operation::new(
        generated::autoscaling::DESCRIBE_AUTO_SCALING_INSTANCES,
        "Describes instances in groups.",
        call!(describe_auto_scaling_instances),
    ),
    Operation::new(
        generated::autoscaling::DESCRIBE_POLICIES,
        "Describes scaling policies.",
        call!(describe_policies),
    ),
    Operation::new(
        generated::autoscaling::DESCRIBE_SCALING_ACTIVITIES,
        "Describes scaling activities, newest first, with their causes.",
        call!(describe_scaling_activities),
    ),
    Operation::new(
        generated::autoscaling::DETACH_LOAD_BALANCER_TARGET_GROUPS,
        "Detaches target groups: the group's instances are deregistered.",
        call_unit!(detach_load_balancer_target_groups),
    ),
    Operation::new(
        generated::autoscaling::EXECUTE_POLICY,
        "Runs a simple or step scaling policy now.",
        call_unit!(execute_policy),
    ),
    Operation::new(
        generated::autoscaling::PUT_SCALING_POLICY,
        "Creates or updates a scaling policy.",
        call!(put_scaling_policy),
    ),
    Operation::new(
        generated::autoscaling::SET_DESIRED_CAPACITY,
        "Sets a group's desired capacity.",
        call_unit!(set_desired_capacity),
    ),
    Operation::new(
        generated::autoscaling::SET_INSTANCE_HEALTH,
        "Marks an instance Healthy or Unhealthy (Unhealthy ones are replaced).",
        call_unit!(set_instance_health),
    ),
    Operation::new(
        generated::autoscaling::SET_INSTANCE_PROTECTION,
        "Protects instances from scale-in, or stops protecting them.",
        call_unit!(set_instance_protection),
    ),
    Operation::new(
        generated::autoscaling::TERMINATE_INSTANCE_IN_AUTO_SCALING_GROUP,
        "Terminates one instance of a group, with or without a replacement.",
        call!(terminate_instance_in_auto_scaling_group),
    ),
    Operation::new(
        generated::autoscaling::UPDATE_AUTO_SCALING_GROUP,
        "Changes a group's sizes, launch template or health checks.",
        call_unit!(update_auto_scaling_group),
    ),
];

/// `aws autoscaling`.
pub const AUTOSCALING: Service = Service {
    name: "autoscaling",
    title: "AUTOSCALING",
    description: "Amazon EC2 Auto Scaling keeps a group of instances at the size you ask\n       for, replaces unhealthy ones, and changes the size as alarms tell it to.",
    operations: OPERATIONS,
    extra: &[],
    regional: true,
};
