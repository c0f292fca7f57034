//! Amazon Route 53: public hosted zones, their record sets with routing
//! policies, health checks on the clock, and the resolver that answers for them
//! (`dig`, `nslookup`, and `curl` by name).
//!
//! Simulated: public hosted zones with their NS and SOA records; A, AAAA, CNAME,
//! TXT, MX, NS and CAA records; alias records to Application Load Balancers, S3
//! website endpoints, CloudFront distributions and records of the same zone;
//! simple, weighted, failover and latency routing; changes `PENDING` then
//! `INSYNC`; HTTP, HTTPS and TCP health checks from three checker regions,
//! turning unhealthy after `FailureThreshold` failures in a row; $0.50 per zone
//! and per health check a month on the bill. The lab's domains need no
//! registration: a public hosted zone answers for its domain at once (the oldest,
//! when there are several). Not simulated: private zones, domain registration,
//! geolocation, geoproximity, IP-based and multivalue routing, traffic policies,
//! DNSSEC, query logging, calculated and CloudWatch-alarm health checks, the
//! price of queries.

mod errors;
pub mod health_checks;
pub mod records;
pub mod resolver;
pub mod zones;

pub use errors::Route53Error;

use serde::{Deserialize, Serialize};

use crate::billing::cost::{CostKind, CostLine, HOURS_PER_MONTH};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// A hosted zone's price per month (the first 25).
pub const HOSTED_ZONE_PRICE_PER_MONTH: f64 = 0.50;

/// A health check's price per month (an AWS endpoint, basic options).
pub const HEALTH_CHECK_PRICE_PER_MONTH: f64 = 0.50;

/// How long a change takes to reach every Route 53 name server.
pub const CHANGE_PROPAGATION_MS: u64 = 30_000;

/// Route 53's state (a global service: kept in the account's own region).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Route53State {
    /// Hosted zones, oldest first.
    pub(crate) zones: Vec<zones::HostedZone>,
    /// Changes submitted, oldest first.
    pub(crate) changes: Vec<ChangeRecord>,
    /// Health checks, oldest first.
    pub(crate) health_checks: Vec<health_checks::HealthCheck>,
}

/// A submitted change: `PENDING` until every name server has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// `C0123456789ABCDEFGHIJ`.
    pub id: String,
    /// When it was submitted.
    pub submitted_at: SimTime,
    /// When it is `INSYNC`.
    pub insync_at: SimTime,
    /// The batch's comment.
    pub comment: Option<String>,
}

/// `ChangeInfo`, as Route 53 answers a change.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeInfo {
    /// `/change/C...`.
    pub id: String,
    /// `PENDING` or `INSYNC`.
    pub status: &'static str,
    /// When it was submitted.
    pub submitted_at: crate::clock::Timestamp,
    /// The batch's comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `route53 get-change`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetChangeInput {
    /// `C...` or `/change/C...`.
    pub id: String,
}

/// `get-change`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetChangeOutput {
    /// The change.
    pub change_info: ChangeInfo,
}

/// Upper-case letters and digits, as Route 53's ids use.
const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A name in Route 53's form: lower case, with the final dot.
pub fn fqdn(name: &str) -> String {
    let name = name.trim().to_ascii_lowercase();
    let name = name.replace("\\052", "*");
    if name.ends_with('.') {
        name
    } else {
        format!("{name}.")
    }
}

/// A zone id without its `/hostedzone/` prefix.
pub fn bare_zone_id(id: &str) -> &str {
    id.trim_start_matches("/hostedzone/")
}

impl Cloud {
    /// Runs one Route 53 operation as the current caller, authorized against
    /// `route53:<Operation>` on `resource`, and logged.
    pub(crate) fn route53_call<T>(
        &mut self,
        operation: &str,
        resource: String,
        body: impl FnOnce(&mut Cloud) -> Result<T, Route53Error>,
    ) -> Result<T, Route53Error> {
        let action = format!("route53:{operation}");
        self.service_call(
            "route53",
            operation,
            |_, _| Some((action, resource, Default::default())),
            body,
        )
    }

    /// A new id: `prefix` and upper-case letters and digits, 21 in all.
    pub(crate) fn route53_id(&mut self, prefix: &str) -> String {
        let rng = self.service_rng("route53");
        format!("{prefix}{}", rng.chars(ID_ALPHABET, 21 - prefix.len()))
    }

    /// Records a change submitted now and answers its `ChangeInfo`.
    pub(crate) fn submit_change(&mut self, comment: Option<String>) -> ChangeInfo {
        let id = self.route53_id("C0");
        let change = ChangeRecord {
            id,
            submitted_at: self.now,
            insync_at: SimTime(self.now.0 + CHANGE_PROPAGATION_MS),
            comment,
        };
        let info = self.change_info(&change);
        self.route53.changes.push(change);
        info
    }

    fn change_info(&self, change: &ChangeRecord) -> ChangeInfo {
        ChangeInfo {
            id: format!("/change/{}", change.id),
            status: if self.now >= change.insync_at {
                "INSYNC"
            } else {
                "PENDING"
            },
            submitted_at: crate::clock::Timestamp(change.submitted_at),
            comment: change.comment.clone(),
        }
    }

    /// `GetChange`.
    pub fn get_change(&mut self, input: GetChangeInput) -> Result<GetChangeOutput, Route53Error> {
        let id = input.id.trim_start_matches("/change/").to_string();
        self.route53_call("GetChange", format!("arn:aws:route53:::change/{id}"), |c| {
            let change = c
                .route53
                .changes
                .iter()
                .find(|ch| ch.id == id)
                .ok_or_else(|| {
                    Route53Error::NoSuchChange(
                        "A change with the specified change ID does not exist.".into(),
                    )
                })?;
            Ok(GetChangeOutput {
                change_info: c.change_info(change),
            })
        })
    }

    /// When the next change reaches `INSYNC` or a health check is due (the clock
    /// hook).
    pub(crate) fn route53_next_transition_at(&self) -> Option<SimTime> {
        let changes = self
            .route53
            .changes
            .iter()
            .map(|c| c.insync_at)
            .filter(|t| *t > self.now)
            .min();
        let checks = self
            .route53
            .health_checks
            .iter()
            .map(|h| h.next_check)
            .min();
        match (changes, checks) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs the health checks that are due (changes need nothing: their status
    /// follows the clock).
    pub(crate) fn route53_apply_due_transitions(&mut self) {
        self.run_due_health_checks();
    }

    /// Route 53's lines of the bill: each hosted zone and health check.
    pub(crate) fn route53_cost_lines(&self, lines: &mut Vec<CostLine>) {
        for zone in &self.route53.zones {
            lines.push(CostLine {
                kind: CostKind::HostedZone,
                resource_id: zone.id.clone(),
                description: zone.name.trim_end_matches('.').to_string(),
                usd_per_hour: HOSTED_ZONE_PRICE_PER_MONTH / HOURS_PER_MONTH,
            });
        }
        for check in &self.route53.health_checks {
            lines.push(CostLine {
                kind: CostKind::HealthCheck,
                resource_id: check.id.clone(),
                description: check.endpoint_text(),
                usd_per_hour: HEALTH_CHECK_PRICE_PER_MONTH / HOURS_PER_MONTH,
            });
        }
    }
}

#[cfg(test)]
mod tests;
