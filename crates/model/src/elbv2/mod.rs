//! Elastic Load Balancing (v2): Application Load Balancers, their listeners and
//! rules, and target groups whose targets are health-checked on the clock.
//!
//! Simulated: internet-facing and internal ALBs (provisioning → active, one node
//! per Availability Zone with its own addresses, security groups), HTTP listeners
//! whose default action and rules (path and host patterns, by priority) forward to
//! a target group or answer a fixed response, target groups of instances with
//! health checks (path, port, interval, timeout, thresholds, matcher) sent from
//! the load balancer's nodes through the targets' security groups, deregistration
//! delay, and requests to the DNS name spread round robin over healthy targets
//! (`X-Forwarded-For` carries the client's address); 502, 503 and 504 when nothing
//! healthy answers, and AWS's fail-open when every target is unhealthy. The bill
//! has the load balancer's hour and its public IPv4 addresses.
//! Not simulated: Network and Gateway Load Balancers, HTTPS listeners (they need
//! ACM certificates), LCU charges, sticky sessions, weighted forwarding, access logs.

pub mod errors;
pub mod listeners;
pub mod load_balancers;
pub mod routing;
pub mod target_groups;

use serde::{Deserialize, Serialize};

use crate::billing::cost::{CostKind, CostLine};
use crate::cloud::Cloud;
use errors::ElbError;
pub use listeners::{Action, Listener, Rule, RuleCondition};
pub use load_balancers::{LoadBalancer, LoadBalancerNode};
pub use target_groups::{HealthCheck, Target, TargetGroup, TargetHealthState};

/// An Application Load Balancer's hourly price (USD), the same in Seoul and
/// N. Virginia (June 2025); LCUs are not charged in the lab.
pub const ALB_PRICE_PER_HOUR: f64 = 0.0225;
/// A public IPv4 address's hourly price (USD), charged since February 2024.
pub const PUBLIC_IPV4_PRICE_PER_HOUR: f64 = 0.005;

/// The service's name in ARNs and IAM actions.
pub const SERVICE: &str = "elasticloadbalancing";

/// Elastic Load Balancing's state in one account and region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ElbState {
    /// Load balancers, oldest first.
    pub(crate) load_balancers: Vec<LoadBalancer>,
    /// Target groups, oldest first.
    pub(crate) target_groups: Vec<TargetGroup>,
    /// Listeners, oldest first.
    pub(crate) listeners: Vec<Listener>,
    /// Listener rules other than the default ones, oldest first.
    pub(crate) rules: Vec<Rule>,
}

/// A tag (`Key`, `Value`) as Elastic Load Balancing takes and returns it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Checks a load balancer or target group name: 1–32 letters, digits and hyphens,
/// not starting or ending with a hyphen (`what` is "Load balancer" or "Target group").
pub(crate) fn check_name(what: &str, name: &str) -> Result<(), ElbError> {
    if name.is_empty() || name.len() > 32 {
        return Err(ElbError::Validation(format!(
            "{what} name '{name}' cannot be longer than '32' characters"
        )));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ElbError::Validation(format!(
            "{what} name '{name}' can only contain characters that are alphanumeric characters and hyphens(-)"
        )));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(ElbError::Validation(format!(
            "{what} name '{name}' cannot begin or end with a hyphen(-)"
        )));
    }
    Ok(())
}

impl Cloud {
    /// Runs one Elastic Load Balancing operation as the current caller:
    /// authorized against `elasticloadbalancing:<Operation>` on `*`, and logged.
    pub(crate) fn elbv2_call<T>(
        &mut self,
        operation: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, ElbError>,
    ) -> Result<T, ElbError> {
        let action = format!("{SERVICE}:{operation}");
        self.service_call(
            "elasticloadbalancing",
            operation,
            |_, _| Some((action, "*".to_string(), Default::default())),
            body,
        )
    }

    /// A fresh 16-hex-digit id for an ARN.
    pub(crate) fn elbv2_hex_id(&mut self) -> String {
        let mut id = self.service_rng(SERVICE).hex17();
        id.truncate(16);
        id
    }

    /// The load balancers, oldest first.
    pub fn load_balancers(&self) -> &[LoadBalancer] {
        &self.elbv2.load_balancers
    }

    /// The target groups, oldest first.
    pub fn target_groups(&self) -> &[TargetGroup] {
        &self.elbv2.target_groups
    }

    /// The listeners, oldest first.
    pub fn listeners(&self) -> &[Listener] {
        &self.elbv2.listeners
    }

    /// When the next load balancer becomes active, health check runs or
    /// draining ends (the clock hook).
    pub(crate) fn elbv2_next_transition_at(&self) -> Option<crate::clock::SimTime> {
        self.elbv2_next_activation()
            .into_iter()
            .chain(self.elbv2_next_health_event())
            .min()
    }

    /// Activates load balancers and runs health checks that are due.
    pub(crate) fn elbv2_apply_due_transitions(&mut self) {
        self.elbv2_activate_due();
        self.elbv2_run_due_health_checks();
    }

    /// Elastic Load Balancing's lines of the bill: each load balancer's hour and
    /// its nodes' public IPv4 addresses.
    pub(crate) fn elbv2_cost_lines(&self, lines: &mut Vec<CostLine>) {
        for lb in &self.elbv2.load_balancers {
            lines.push(CostLine {
                kind: CostKind::LoadBalancer,
                resource_id: lb.name.clone(),
                description: "Application Load Balancer".into(),
                usd_per_hour: ALB_PRICE_PER_HOUR,
            });
            let public = lb.nodes.iter().filter(|n| n.public_ip.is_some()).count();
            if public > 0 {
                lines.push(CostLine {
                    kind: CostKind::PublicIpv4,
                    resource_id: lb.name.clone(),
                    description: format!("{public} public IPv4 address(es) of the load balancer"),
                    usd_per_hour: PUBLIC_IPV4_PRICE_PER_HOUR * public as f64,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_elb_rules() {
        assert!(check_name("Load balancer", "web-alb").is_ok());
        for bad in ["", "-web", "web-", "web_alb", &"a".repeat(33)] {
            assert_eq!(
                check_name("Load balancer", bad).unwrap_err().code(),
                "ValidationError",
                "{bad}"
            );
        }
    }
}
