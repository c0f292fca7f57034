//! `aws route53`: public hosted zones, their record sets, changes and health
//! checks (Route 53 is global: `--region` does not change where they are).

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws route53` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::route53::CHANGE_RESOURCE_RECORD_SETS,
        "Creates, changes or deletes record sets, all or nothing.",
        call!(change_resource_record_sets),
    ),
    Operation::new(
        generated::route53::CREATE_HEALTH_CHECK,
        "Creates a health check of an endpoint.",
        call!(create_health_check),
    ),
    Operation::new(
        generated::route53::CREATE_HOSTED_ZONE,
        "Creates a public hosted zone with its NS and SOA records.",
        call!(create_hosted_zone),
    ),
    Operation::new(
        generated::route53::DELETE_HEALTH_CHECK,
        "Deletes a health check.",
        call_unit!(delete_health_check),
    ),
    Operation::new(
        generated::route53::DELETE_HOSTED_ZONE,
        "Deletes a hosted zone that holds only its NS and SOA records.",
        call!(delete_hosted_zone),
    ),
    Operation::new(
        generated::route53::GET_CHANGE,
        "Shows whether a change has reached every Route 53 name server.",
        call!(get_change),
    ),
    Operation::new(
        generated::route53::GET_HEALTH_CHECK,
        "Shows a health check's configuration.",
        call!(get_health_check),
    ),
    Operation::new(
        generated::route53::GET_HEALTH_CHECK_STATUS,
        "Shows what each health checker found last.",
        call!(get_health_check_status),
    ),
    Operation::new(
        generated::route53::GET_HOSTED_ZONE,
        "Shows a hosted zone and its name servers.",
        call!(get_hosted_zone),
    ),
    Operation::new(
        generated::route53::LIST_HEALTH_CHECKS,
        "Lists health checks.",
        call!(list_health_checks),
    ),
    Operation::new(
        generated::route53::LIST_HOSTED_ZONES,
        "Lists hosted zones.",
        call!(list_hosted_zones),
    ),
    Operation::new(
        generated::route53::LIST_RESOURCE_RECORD_SETS,
        "Lists a zone's record sets.",
        call!(list_resource_record_sets),
    ),
];

/// `aws route53`.
pub const ROUTE53: Service = Service {
    name: "route53",
    title: "ROUTE53",
    description: "Amazon Route 53 is a highly available and scalable Domain Name System\n       (DNS) web service: hosted zones, records, routing policies and health checks.",
    operations: OPERATIONS,
    extra: &["wait"],
    regional: false,
};
