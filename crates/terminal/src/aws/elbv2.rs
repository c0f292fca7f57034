//! `aws elbv2`: Application Load Balancers, listeners and rules, target groups
//! and their targets' health.

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws elbv2` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::elbv2::CREATE_LISTENER,
        "Creates a listener: a port on a load balancer and what it does with requests.",
        call!(create_listener),
    ),
    Operation::new(
        generated::elbv2::CREATE_LOAD_BALANCER,
        "Creates an Application Load Balancer in two or more Availability Zones.",
        call!(create_load_balancer),
    ),
    Operation::new(
        generated::elbv2::CREATE_RULE,
        "Creates a listener rule (conditions on the path or host, and actions).",
        call!(create_rule),
    ),
    Operation::new(
        generated::elbv2::CREATE_TARGET_GROUP,
        "Creates a target group and its health check.",
        call!(create_target_group),
    ),
    Operation::new(
        generated::elbv2::DELETE_LISTENER,
        "Deletes a listener and its rules.",
        call_unit!(delete_listener),
    ),
    Operation::new(
        generated::elbv2::DELETE_LOAD_BALANCER,
        "Deletes a load balancer and its listeners.",
        call_unit!(delete_load_balancer),
    ),
    Operation::new(
        generated::elbv2::DELETE_RULE,
        "Deletes a listener rule.",
        call_unit!(delete_rule),
    ),
    Operation::new(
        generated::elbv2::DELETE_TARGET_GROUP,
        "Deletes a target group no listener uses.",
        call_unit!(delete_target_group),
    ),
    Operation::new(
        generated::elbv2::DEREGISTER_TARGETS,
        "Deregisters targets (they drain first).",
        call_unit!(deregister_targets),
    ),
    Operation::new(
        generated::elbv2::DESCRIBE_LISTENERS,
        "Describes a load balancer's listeners.",
        call!(describe_listeners),
    ),
    Operation::new(
        generated::elbv2::DESCRIBE_LOAD_BALANCERS,
        "Describes load balancers.",
        call!(describe_load_balancers),
    ),
    Operation::new(
        generated::elbv2::DESCRIBE_RULES,
        "Describes a listener's rules.",
        call!(describe_rules),
    ),
    Operation::new(
        generated::elbv2::DESCRIBE_TARGET_GROUP_ATTRIBUTES,
        "Describes a target group's attributes.",
        call!(describe_target_group_attributes),
    ),
    Operation::new(
        generated::elbv2::DESCRIBE_TARGET_GROUPS,
        "Describes target groups.",
        call!(describe_target_groups),
    ),
    Operation::new(
        generated::elbv2::DESCRIBE_TARGET_HEALTH,
        "Shows each target's health and why.",
        call!(describe_target_health),
    ),
    Operation::new(
        generated::elbv2::MODIFY_LISTENER,
        "Changes a listener's port or default actions.",
        call!(modify_listener),
    ),
    Operation::new(
        generated::elbv2::MODIFY_TARGET_GROUP,
        "Changes a target group's health check.",
        call!(modify_target_group),
    ),
    Operation::new(
        generated::elbv2::MODIFY_TARGET_GROUP_ATTRIBUTES,
        "Changes a target group's attributes (deregistration delay).",
        call!(modify_target_group_attributes),
    ),
    Operation::new(
        generated::elbv2::REGISTER_TARGETS,
        "Registers instances with a target group.",
        call_unit!(register_targets),
    ),
];

/// `aws elbv2`.
pub const ELBV2: Service = Service {
    name: "elbv2",
    title: "ELBV2",
    description: "Elastic Load Balancing spreads incoming requests over healthy targets.\n       An Application Load Balancer routes HTTP requests by listener and rule\n       to target groups, whose targets it health-checks.",
    operations: OPERATIONS,
    extra: &["wait"],
    regional: true,
};
