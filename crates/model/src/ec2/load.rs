//! Load tests (`ab -n N -c C URL` from the learner's laptop): the requests go to
//! the instance that answers the URL, take as long as its capacity allows, and use
//! its CPU meanwhile, which CloudWatch's `CPUUtilization` then shows.
//!
//! The instance's capacity grows with its vCPUs; each request also waits for the
//! network round trip, so few concurrent requests cannot load a big instance.

use std::net::Ipv4Addr;
use std::time::Duration;

use super::http::{HttpFailure, HttpResponse};
use super::instances::LoadSpell;
use crate::catalog;
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// Requests per second one vCPU serves for a small static page.
pub const REQUESTS_PER_VCPU_SECOND: f64 = 400.0;
/// The round trip from the learner's laptop to the region, milliseconds.
pub const ROUND_TRIP_MS: f64 = 12.0;
/// Load spells kept per instance (the oldest go first).
const KEPT_SPELLS: usize = 64;

/// What a load test measured.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadReport {
    /// The first response (server, page size, status).
    pub response: HttpResponse,
    /// Requests made.
    pub requests: u64,
    /// Concurrency.
    pub concurrency: u64,
    /// How long they took.
    pub duration: Duration,
    /// Requests per second achieved.
    pub requests_per_second: f64,
    /// The CPU the instance spent on them, percent.
    pub cpu_percent: f64,
}

impl Cloud {
    /// Runs a load test from `source` against `host:port/path`: one request first
    /// (so an unreachable server fails the same way `curl` would), then `requests`
    /// more, `concurrency` at a time. The clock moves by the test's duration and the
    /// serving instance's CPU rises for that long.
    pub fn load_test(
        &mut self,
        source: Ipv4Addr,
        host: &str,
        port: u16,
        path: &str,
        requests: u64,
        concurrency: u64,
    ) -> Result<LoadReport, HttpFailure> {
        if let Some(lb) = self.load_balancer_by_dns_name(host) {
            let arn = lb.arn.clone();
            return self.load_test_via_load_balancer(
                source,
                &arn,
                port,
                path,
                requests,
                concurrency,
            );
        }
        let response = self.http_get(source, host, port, path)?;
        let vcpus = self
            .instance(&response.instance_id)
            .and_then(|i| catalog::instance_type(&i.instance_type))
            .map_or(2, |t| t.vcpus);
        let capacity = f64::from(vcpus) * REQUESTS_PER_VCPU_SECOND;
        let concurrency = concurrency.clamp(1, requests.max(1));
        let service_ms = 1_000.0 / REQUESTS_PER_VCPU_SECOND;
        let offered = concurrency as f64 * 1_000.0 / (ROUND_TRIP_MS + service_ms);
        let rate = offered.min(capacity).max(1.0);
        let seconds = requests as f64 / rate;
        let duration = Duration::from_millis((seconds * 1_000.0).ceil() as u64);
        let cpu_percent = (rate / capacity * 100.0).clamp(0.0, 100.0);
        let start = self.now;
        let end = start.plus(duration);
        if let Some(i) = self.instance_mut(&response.instance_id) {
            i.load.push(LoadSpell {
                start,
                end,
                cpu_centipercent: (cpu_percent * 100.0).round() as u32,
            });
            keep_spells(&mut i.load);
        }
        self.advance(duration);
        Ok(LoadReport {
            response,
            requests,
            concurrency,
            duration,
            requests_per_second: rate,
            cpu_percent,
        })
    }
}

/// Drops an instance's oldest load spells beyond the ones kept, after joining the
/// newest to the one before when it carries on at the same CPU (a long load test
/// through a load balancer adds one a minute).
pub(crate) fn keep_spells(spells: &mut Vec<LoadSpell>) {
    if let [.., before, last] = spells.as_mut_slice()
        && before.end == last.start
        && before.cpu_centipercent == last.cpu_centipercent
    {
        before.end = last.end;
        spells.pop();
    }
    if spells.len() > KEPT_SPELLS {
        let extra = spells.len() - KEPT_SPELLS;
        spells.drain(..extra);
    }
}

/// The CPU the instance's load spells add over the minute that ends at `t`
/// (each weighted by how much of that minute it covers), percent.
pub(crate) fn load_cpu(spells: &[LoadSpell], t: SimTime) -> f64 {
    let from = t.0.saturating_sub(60_000);
    spells
        .iter()
        .map(|s| {
            let overlap = s.end.0.min(t.0).saturating_sub(s.start.0.max(from));
            f64::from(s.cpu_centipercent) / 100.0 * overlap as f64 / 60_000.0
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spell_counts_for_the_part_of_the_minute_it_covers() {
        let spell = LoadSpell {
            start: SimTime(30_000),
            end: SimTime(150_000),
            cpu_centipercent: 8_000,
        };
        assert_eq!(load_cpu(&[spell], SimTime(60_000)), 40.0);
        assert_eq!(load_cpu(&[spell], SimTime(120_000)), 80.0);
        assert_eq!(load_cpu(&[spell], SimTime(180_000)), 40.0);
        assert_eq!(load_cpu(&[spell], SimTime(240_000)), 0.0);
    }
}
