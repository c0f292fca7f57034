//! The resolver: what a DNS query for a name gets, answered from the account's
//! public hosted zones (routing policies and health checks applied) and from
//! AWS's own names (load balancers, S3 website endpoints, CloudFront
//! distributions, instances' public DNS names). `dig` and `nslookup` print it;
//! `curl` and health checks follow it to what serves the name.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::fqdn;
use super::records::RecordSet;
use super::zones::HostedZone;
use crate::cloud::Cloud;

/// How deep CNAME and alias chains are followed.
const MAX_CHAIN: usize = 8;

/// The TTL of AWS's own names (load balancers, S3, CloudFront).
pub const AWS_NAME_TTL: u32 = 60;

/// A DNS response code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DnsStatus {
    /// The name exists (the answer may still be empty).
    NoError,
    /// The name does not exist.
    NxDomain,
}

impl DnsStatus {
    /// `NOERROR` or `NXDOMAIN`.
    pub fn as_str(self) -> &'static str {
        match self {
            DnsStatus::NoError => "NOERROR",
            DnsStatus::NxDomain => "NXDOMAIN",
        }
    }
}

/// One resource record of an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsRecord {
    /// The owner name, with its final dot.
    pub name: String,
    /// Seconds it may be cached.
    pub ttl: u32,
    /// `A`, `CNAME` ...
    pub record_type: String,
    /// The data.
    pub data: String,
}

/// What a query gets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsAnswer {
    /// The response code.
    pub status: DnsStatus,
    /// The answer section.
    pub answers: Vec<DnsRecord>,
    /// The authority section (the zone's SOA when there is no answer).
    pub authority: Vec<DnsRecord>,
    /// Whether a Route 53 zone of the account answered.
    pub from_route53: bool,
}

/// Where a name leads for HTTP: a host the model serves (an IP address, a load
/// balancer's, S3 website's or distribution's name).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Lead {
    Host(String),
    Nowhere,
}

struct Walk {
    answer: DnsAnswer,
    lead: Option<Lead>,
}

/// A stable number from text (for the addresses of AWS's names).
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A value as it travels in an answer: names fully qualified.
fn record_data(record_type: &str, value: &str) -> String {
    match record_type {
        "CNAME" | "NS" | "PTR" => fqdn(value),
        "MX" => match value.split_once(' ') {
            Some((preference, host)) => format!("{preference} {}", fqdn(host)),
            None => value.to_string(),
        },
        _ => value.to_string(),
    }
}

/// Regions close to each other first: how latency routing ranks them.
fn distance(from: &str, to: &str) -> u32 {
    if from == to {
        return 0;
    }
    let area = |r: &str| r.split('-').next().unwrap_or("").to_string();
    if area(from) == area(to) { 1 } else { 2 }
}

impl Cloud {
    /// The account's public hosted zone that answers for `name` (with its final
    /// dot): the longest matching domain, the oldest zone of that domain.
    pub fn zone_for(&self, name: &str) -> Option<&HostedZone> {
        self.route53
            .zones
            .iter()
            .filter(|z| z.contains(name))
            .max_by(|a, b| {
                a.name
                    .len()
                    .cmp(&b.name.len())
                    .then(b.created_at.cmp(&a.created_at))
            })
    }

    /// The addresses of one of AWS's own names (`name` with its final dot), in
    /// any of the account's regions.
    fn aws_addresses(&self, name: &str) -> Option<Vec<Ipv4Addr>> {
        let bare = name.trim_end_matches('.');
        let lb_name = bare.strip_prefix("dualstack.").unwrap_or(bare);
        for region in std::iter::once(self).chain(self.other_regions.values()) {
            if let Some(lb) = region.load_balancer_by_dns_name(lb_name) {
                return Some(lb.nodes.iter().filter_map(|n| n.public_ip).collect());
            }
        }
        let h = hash(bare);
        if bare.contains(".s3-website") || bare.starts_with("s3-website") {
            let endpoint = bare.split_once("s3-website").map(|(_, rest)| rest)?;
            if endpoint.ends_with(".amazonaws.com") {
                return Some(vec![Ipv4Addr::new(
                    52,
                    219,
                    56 + (h % 4) as u8,
                    1 + (h % 250) as u8,
                )]);
            }
        }
        if self.distribution_by_domain(bare).is_some() {
            return Some(
                (0..4u8)
                    .map(|i| Ipv4Addr::new(13, 35, (h % 200) as u8 + i, 10 + i * 17))
                    .collect(),
            );
        }
        if bare.ends_with(".amazonaws.com")
            && let Some(ip) = self.resolve_public_host(bare)
        {
            return Some(vec![ip]);
        }
        None
    }

    /// Whether a set may be answered: its health check passes and, for an alias
    /// that evaluates its target's health, the target is healthy.
    fn set_healthy(&self, zone: &HostedZone, set: &RecordSet, depth: usize) -> bool {
        if let Some(id) = &set.health_check_id
            && !self.health_check_healthy(id)
        {
            return false;
        }
        match &set.alias_target {
            Some(alias) if alias.evaluate_target_health => {
                self.alias_target_healthy(zone, &set.record_type, &alias.dns_name, depth)
            }
            _ => true,
        }
    }

    /// Whether an alias target is healthy: a load balancer with a target that
    /// answers, a record of the zone that has a healthy set.
    fn alias_target_healthy(
        &self,
        zone: &HostedZone,
        record_type: &str,
        target: &str,
        depth: usize,
    ) -> bool {
        let target = fqdn(target);
        let bare = target.trim_end_matches('.');
        let lb_name = bare.strip_prefix("dualstack.").unwrap_or(bare);
        for region in std::iter::once(self).chain(self.other_regions.values()) {
            if let Some(lb) = region.load_balancer_by_dns_name(lb_name) {
                let (_, checker) = super::health_checks::CHECKERS[0];
                return region
                    .http_get_via_load_balancer(checker, lb, 80, "/")
                    .is_ok_and(|r| r.status < 500);
            }
        }
        if zone.contains(&target) && depth < MAX_CHAIN {
            let sets: Vec<&RecordSet> = zone
                .records
                .iter()
                .filter(|r| r.name == target && r.record_type == record_type)
                .collect();
            return sets.iter().any(|s| self.set_healthy(zone, s, depth + 1));
        }
        true
    }

    /// The set(s) a query gets among `candidates` (same name and type), as their
    /// routing policy picks; `roll` decides weighted answers.
    fn pick<'a>(
        &self,
        zone: &HostedZone,
        candidates: Vec<&'a RecordSet>,
        roll: u64,
        depth: usize,
    ) -> Vec<&'a RecordSet> {
        let Some(first) = candidates.first() else {
            return Vec::new();
        };
        let healthy: Vec<&RecordSet> = candidates
            .iter()
            .copied()
            .filter(|s| self.set_healthy(zone, s, depth))
            .collect();
        // With nothing healthy, Route 53 answers as if everything were.
        let pool = if healthy.is_empty() {
            candidates.clone()
        } else {
            healthy
        };
        match first.routing_policy() {
            "weighted" => {
                let weighted: Vec<&RecordSet> = pool
                    .iter()
                    .copied()
                    .filter(|s| s.weight.unwrap_or(0) > 0)
                    .collect();
                let pool = if weighted.is_empty() { pool } else { weighted };
                let total: u64 = pool
                    .iter()
                    .map(|s| s.weight.unwrap_or(0).max(0) as u64)
                    .sum();
                if total == 0 {
                    let i = (roll % pool.len() as u64) as usize;
                    return pool.get(i).map(|s| vec![*s]).unwrap_or_default();
                }
                let mut at = roll % total;
                for s in &pool {
                    let w = s.weight.unwrap_or(0).max(0) as u64;
                    if at < w {
                        return vec![*s];
                    }
                    at -= w;
                }
                pool.last().map(|s| vec![*s]).unwrap_or_default()
            }
            "failover" => {
                let primary = candidates
                    .iter()
                    .find(|s| s.failover.as_deref() == Some("PRIMARY"));
                let secondary = candidates
                    .iter()
                    .find(|s| s.failover.as_deref() == Some("SECONDARY"));
                match (primary, secondary) {
                    (Some(p), _) if self.set_healthy(zone, p, depth) => vec![*p],
                    (_, Some(s)) if self.set_healthy(zone, s, depth) => vec![*s],
                    (Some(p), _) => vec![*p],
                    (None, Some(s)) => vec![*s],
                    (None, None) => Vec::new(),
                }
            }
            "latency" => {
                let here = self.region_name();
                pool.iter()
                    .min_by_key(|s| distance(here, s.region.as_deref().unwrap_or("")))
                    .map(|s| vec![*s])
                    .unwrap_or_default()
            }
            _ => vec![*first],
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        name: &str,
        qtype: &str,
        roll: u64,
        owner: &str,
        origin: &str,
        depth: usize,
        out: &mut Walk,
    ) {
        let name = fqdn(name);
        if let Some(addresses) = self.aws_addresses(&name) {
            if qtype == "A" {
                for ip in &addresses {
                    out.answer.answers.push(DnsRecord {
                        name: owner.to_string(),
                        ttl: AWS_NAME_TTL,
                        record_type: "A".into(),
                        data: ip.to_string(),
                    });
                }
            }
            let bare = name.trim_end_matches('.');
            let lead = if bare.starts_with("s3-website") {
                // An alias to the website endpoint: the bucket named like the record.
                let region = bare
                    .trim_start_matches("s3-website")
                    .trim_start_matches(['.', '-'])
                    .trim_end_matches(".amazonaws.com");
                crate::s3::website::website_host(origin.trim_end_matches('.'), region)
            } else {
                bare.strip_prefix("dualstack.").unwrap_or(bare).to_string()
            };
            out.lead.get_or_insert(Lead::Host(lead));
            return;
        }
        let Some(zone) = self.zone_for(&name) else {
            if depth == 0 || out.answer.answers.is_empty() {
                out.answer.status = DnsStatus::NxDomain;
            }
            out.lead.get_or_insert(Lead::Nowhere);
            return;
        };
        if depth == 0 {
            out.answer.from_route53 = true;
        }
        let soa = || {
            zone.records
                .iter()
                .find(|r| r.record_type == "SOA")
                .map(|r| DnsRecord {
                    name: zone.name.clone(),
                    ttl: r.ttl.unwrap_or(900) as u32,
                    record_type: "SOA".into(),
                    data: r
                        .resource_records
                        .first()
                        .map(|v| v.value.clone())
                        .unwrap_or_default(),
                })
        };
        let at_name: Vec<&RecordSet> = zone.records.iter().filter(|r| r.name == name).collect();
        if at_name.is_empty() {
            let below = zone
                .records
                .iter()
                .any(|r| r.name.ends_with(&format!(".{name}")));
            out.answer.status = if below {
                DnsStatus::NoError
            } else {
                DnsStatus::NxDomain
            };
            out.answer.authority.extend(soa());
            out.lead.get_or_insert(Lead::Nowhere);
            return;
        }
        let cnames: Vec<&RecordSet> = at_name
            .iter()
            .copied()
            .filter(|r| r.record_type == "CNAME")
            .collect();
        let follow_cname = !cnames.is_empty() && qtype != "CNAME";
        let candidates = if follow_cname {
            cnames
        } else {
            at_name
                .iter()
                .copied()
                .filter(|r| r.record_type == qtype)
                .collect()
        };
        let chosen = self.pick(zone, candidates, roll, depth);
        if chosen.is_empty() {
            out.answer.authority.extend(soa());
            out.lead.get_or_insert(Lead::Nowhere);
            return;
        }
        for set in chosen {
            if let Some(alias) = &set.alias_target {
                if depth >= MAX_CHAIN {
                    continue;
                }
                // The alias answers with the target's records under its own name.
                self.walk(&alias.dns_name, qtype, roll, owner, origin, depth + 1, out);
                continue;
            }
            let ttl = set.ttl.unwrap_or(300).clamp(0, i64::from(u32::MAX)) as u32;
            for value in &set.resource_records {
                out.answer.answers.push(DnsRecord {
                    name: owner.to_string(),
                    ttl,
                    record_type: set.record_type.clone(),
                    data: record_data(&set.record_type, &value.value),
                });
            }
            if set.record_type == "CNAME" && follow_cname {
                if let Some(target) = set.resource_records.first()
                    && depth < MAX_CHAIN
                {
                    let target_name = fqdn(&target.value);
                    // The request keeps its first name (the Host header).
                    self.walk(
                        &target_name,
                        qtype,
                        roll,
                        &target_name,
                        origin,
                        depth + 1,
                        out,
                    );
                }
            } else if set.record_type == "A"
                && let Some(v) = set.resource_records.first()
            {
                out.lead.get_or_insert(Lead::Host(v.value.clone()));
            }
        }
    }

    /// The answer to a query for `name` and `qtype` (`A`, `CNAME`, `TXT` ...);
    /// `roll` decides among weighted sets.
    pub fn resolve(&self, name: &str, qtype: &str, roll: u64) -> DnsAnswer {
        let name = fqdn(name);
        let mut walk = Walk {
            answer: DnsAnswer {
                status: DnsStatus::NoError,
                answers: Vec::new(),
                authority: Vec::new(),
                from_route53: false,
            },
            lead: None,
        };
        self.walk(
            &name,
            &qtype.to_ascii_uppercase(),
            roll,
            &name,
            &name,
            0,
            &mut walk,
        );
        walk.answer
    }

    /// A query as a resolver on the internet sends it: weighted answers are drawn
    /// from the account's generator, so repeated queries spread by weight.
    pub fn dns_query(&mut self, name: &str, qtype: &str) -> DnsAnswer {
        let roll = self.service_rng("route53-resolver").next_u64();
        self.resolve(name, qtype, roll)
    }

    /// For a name in one of the account's hosted zones: the host that serves it
    /// (`Some(None)` when it does not resolve to anything that serves); `None`
    /// for any other name.
    pub fn resolve_http_host(&self, host: &str, roll: u64) -> Option<String> {
        self.route53_lead(host, roll).flatten()
    }

    /// Like [`Cloud::resolve_http_host`], keeping "not a Route 53 name" (`None`)
    /// apart from "a Route 53 name that leads nowhere" (`Some(None)`).
    pub fn route53_lead(&self, host: &str, roll: u64) -> Option<Option<String>> {
        if host.parse::<Ipv4Addr>().is_ok() {
            return None;
        }
        let name = fqdn(host);
        if self.aws_addresses(&name).is_some() || self.zone_for(&name).is_none() {
            return None;
        }
        let mut walk = Walk {
            answer: DnsAnswer {
                status: DnsStatus::NoError,
                answers: Vec::new(),
                authority: Vec::new(),
                from_route53: false,
            },
            lead: None,
        };
        self.walk(&name, "A", roll, &name, &name, 0, &mut walk);
        Some(match walk.lead {
            Some(Lead::Host(h)) => Some(h),
            _ => None,
        })
    }

    /// A name for HTTP, drawing weighted answers from the account's generator:
    /// `None` when it is not in a hosted zone.
    pub fn route53_lead_drawn(&mut self, host: &str) -> Option<Option<String>> {
        let roll = self.service_rng("route53-resolver").next_u64();
        self.route53_lead(host, roll)
    }
}
