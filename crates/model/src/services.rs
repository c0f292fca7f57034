//! Every simulated service, registered in one place: what the clock and the bill ask
//! of each. A service keeps its state, rules, shapes and one error enum in its own
//! folder (`ec2/`, `iam/`, ...) and its state in one field of [`Cloud`]; here it says
//! when its next scheduled transition falls due, applies the transitions that are due,
//! and lists what its resources cost per hour. ARCHITECTURE.md has the whole recipe.

use crate::billing::cost::CostLine;
use crate::clock::SimTime;
use crate::cloud::Cloud;
use crate::rng::SimRng;

/// What the clock and the bill need from one service.
pub(crate) struct ServiceHooks {
    /// The service's name, as in the API log (`ec2`).
    pub name: &'static str,
    /// When its next scheduled transition is due, if any.
    pub next_transition_at: fn(&Cloud) -> Option<SimTime>,
    /// Applies every transition due at or before the account's current time.
    pub apply_due_transitions: fn(&mut Cloud),
    /// Adds a line per resource that costs money now (USD per hour).
    pub cost_lines: fn(&Cloud, &mut Vec<CostLine>),
}

impl ServiceHooks {
    /// A service with nothing on the clock and nothing on the bill.
    pub const fn passive(name: &'static str) -> ServiceHooks {
        ServiceHooks {
            name,
            next_transition_at: |_| None,
            apply_due_transitions: |_| {},
            cost_lines: |_, _| {},
        }
    }
}

/// Every service, in the order the bill lists them.
pub(crate) const SERVICES: &[ServiceHooks] = &[
    ServiceHooks {
        name: "ec2",
        next_transition_at: Cloud::ec2_next_transition_at,
        apply_due_transitions: Cloud::ec2_apply_due_transitions,
        cost_lines: Cloud::ec2_cost_lines,
    },
    ServiceHooks {
        name: "cloudwatch",
        next_transition_at: Cloud::cloudwatch_next_transition_at,
        apply_due_transitions: Cloud::cloudwatch_apply_due_transitions,
        cost_lines: Cloud::cloudwatch_cost_lines,
    },
    ServiceHooks {
        name: "elasticloadbalancing",
        next_transition_at: Cloud::elbv2_next_transition_at,
        apply_due_transitions: Cloud::elbv2_apply_due_transitions,
        cost_lines: Cloud::elbv2_cost_lines,
    },
    ServiceHooks {
        name: "autoscaling",
        next_transition_at: Cloud::autoscaling_next_transition_at,
        apply_due_transitions: Cloud::autoscaling_apply_due_transitions,
        cost_lines: |_, _| {},
    },
    ServiceHooks::passive("iam"),
    ServiceHooks::passive("sts"),
    ServiceHooks::passive("ssm"),
    ServiceHooks::passive("budgets"),
    ServiceHooks {
        name: "s3",
        next_transition_at: Cloud::s3_next_transition_at,
        apply_due_transitions: Cloud::s3_apply_due_transitions,
        cost_lines: Cloud::s3_cost_lines,
    },
    ServiceHooks {
        name: "rds",
        next_transition_at: Cloud::rds_next_transition_at,
        apply_due_transitions: Cloud::rds_apply_due_transitions,
        cost_lines: Cloud::rds_cost_lines,
    },
    ServiceHooks {
        name: "dynamodb",
        next_transition_at: Cloud::dynamodb_next_transition_at,
        apply_due_transitions: Cloud::dynamodb_apply_due_transitions,
        cost_lines: |_, _| {},
    },
    ServiceHooks {
        name: "elasticache",
        next_transition_at: Cloud::elasticache_next_transition_at,
        apply_due_transitions: Cloud::elasticache_apply_due_transitions,
        cost_lines: Cloud::elasticache_cost_lines,
    },
    ServiceHooks {
        name: "dax",
        next_transition_at: Cloud::dax_next_transition_at,
        apply_due_transitions: Cloud::dax_apply_due_transitions,
        cost_lines: Cloud::dax_cost_lines,
    },
    ServiceHooks {
        name: "lambda",
        next_transition_at: Cloud::lambda_next_transition_at,
        apply_due_transitions: Cloud::lambda_apply_due_transitions,
        cost_lines: |_, _| {},
    },
    ServiceHooks::passive("logs"),
    ServiceHooks::passive("apigateway"),
    ServiceHooks::passive("sns"),
    ServiceHooks {
        name: "route53",
        next_transition_at: Cloud::route53_next_transition_at,
        apply_due_transitions: Cloud::route53_apply_due_transitions,
        cost_lines: Cloud::route53_cost_lines,
    },
    ServiceHooks {
        name: "cloudfront",
        next_transition_at: Cloud::cloudfront_next_transition_at,
        apply_due_transitions: Cloud::cloudfront_apply_due_transitions,
        cost_lines: |_, _| {},
    },
];

/// The simulated services' names, in the order the bill lists them.
pub fn names() -> Vec<&'static str> {
    SERVICES.iter().map(|service| service.name).collect()
}

/// The seed of a service's own id generator: the account's seed mixed with the
/// service's name, so a new service's ids never shift another service's.
pub(crate) fn salted_seed(seed: u64, service: &str) -> u64 {
    let salt = service
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    seed ^ salt
}

impl Cloud {
    /// When the next scheduled transition of any service is due.
    pub(crate) fn next_transition_at(&self) -> Option<SimTime> {
        SERVICES
            .iter()
            .filter_map(|service| (service.next_transition_at)(self))
            .min()
    }

    /// When the next transition of the account falls due, in any of its regions
    /// (what a clock that ticks in real time waits for).
    pub(crate) fn next_transition_anywhere(&self) -> Option<SimTime> {
        self.other_regions
            .values()
            .filter_map(Cloud::next_transition_anywhere)
            .chain(self.next_transition_at())
            .min()
    }

    /// Applies every service's transitions that are due now.
    pub(crate) fn apply_due_transitions(&mut self) {
        for service in SERVICES {
            (service.apply_due_transitions)(self);
        }
    }

    /// A new UUID-shaped id (`8-4-4-4-12` hex digits, version 4) from `service`'s
    /// own generator: Lambda's request ids, SNS's subscription and message ids,
    /// Route 53's health check ids.
    pub(crate) fn service_uuid(&mut self, service: &'static str) -> String {
        let rng = self.service_rng(service);
        let hex: String = (0..16).map(|_| format!("{:02x}", rng.below(256))).collect();
        format!(
            "{}-{}-4{}-a{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        )
    }

    /// The id generator of `service` (created from the account's seed on first use
    /// and saved with the account). EC2 keeps the account's first generator, and IAM
    /// its own, as they always have.
    // Unused until the first service after EC2 and IAM (see `salted_seed`).
    #[allow(dead_code)]
    pub(crate) fn service_rng(&mut self, service: &'static str) -> &mut SimRng {
        let seed = self.config.seed;
        self.service_rngs
            .entry(service.to_string())
            .or_insert_with(|| SimRng::new(salted_seed(seed, service)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_is_registered_once() {
        let mut names = names();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SERVICES.len());
    }

    #[test]
    fn a_service_generator_is_its_own_and_does_not_shift_ec2_ids() {
        let mut plain = Cloud::default();
        let mut mixed = Cloud::default();
        let from_new_service = mixed.service_rng("elasticloadbalancing").next_u64();
        assert_ne!(
            from_new_service,
            mixed.service_rng("rds").next_u64(),
            "each service draws from its own generator"
        );
        assert_eq!(plain.new_id("i-"), mixed.new_id("i-"));
        // Saved and restored, the generator continues where it was.
        let json = serde_json::to_string(&mixed).unwrap();
        let mut back: Cloud = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back.service_rng("rds").next_u64(),
            mixed.service_rng("rds").next_u64()
        );
        // An account saved before service generators existed still loads.
        let old = serde_json::to_string(&plain).unwrap();
        assert!(!old.contains("service_rngs"));
        let _: Cloud = serde_json::from_str(&old).unwrap();
    }

    #[test]
    fn the_bill_is_the_sum_of_every_service_s_lines() {
        let cloud = Cloud::default();
        let bill = cloud.hourly_cost_breakdown();
        let mut lines = Vec::new();
        for service in SERVICES {
            (service.cost_lines)(&cloud, &mut lines);
        }
        assert_eq!(bill.lines, lines);
    }
}
