//! Record sets: `ChangeResourceRecordSets` (validated change by change, applied
//! all or nothing) and `ListResourceRecordSets`.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use super::errors::Route53Error;
use super::zones::HostedZone;
use super::{ChangeInfo, bare_zone_id, fqdn};
use crate::cloud::Cloud;

/// The record types the lab serves.
pub const RECORD_TYPES: [&str; 10] = [
    "A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT",
];

/// CloudFront's hosted zone, the alias target of every distribution.
pub const CLOUDFRONT_ZONE_ID: &str = "Z2FDTNDATAQYW2";

/// The Route 53 hosted zone of S3 website endpoints in `region`.
pub fn s3_website_zone_id(region: &str) -> Option<&'static str> {
    Some(match region {
        "us-east-1" => "Z3AQBSTGFYJSTF",
        "us-east-2" => "Z2O1EMRO9K5GLX",
        "us-west-1" => "Z2F56UZL2M1ACD",
        "us-west-2" => "Z3BJ6K6RIION7M",
        "ap-northeast-1" => "Z2M4EHUR26P7ZW",
        "ap-northeast-2" => "Z3W03O7B5YMIYP",
        "ap-northeast-3" => "Z2YQB5RD63NC85",
        "ap-southeast-1" => "Z3O0J2DXBE1FTB",
        "ap-southeast-2" => "Z1WCIGYICN2BYD",
        "ap-south-1" => "Z11RGJOFQNVJUP",
        "ca-central-1" => "Z1QDHH18159H29",
        "eu-central-1" => "Z21DNDUVLTQW6Q",
        "eu-west-1" => "Z1BKCTXD74EZPE",
        "eu-west-2" => "Z3GKZC51ZF0DB4",
        "eu-west-3" => "Z3R1K369G5AVDG",
        "eu-north-1" => "Z3BAZG2TWCNX0D",
        "sa-east-1" => "Z7KQH4QJS55SO",
        _ => return None,
    })
}

/// One value of a record set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RecordValue {
    /// `203.0.113.10`, `"v=spf1 -all"`, `10 mail.example.com` ...
    pub value: String,
}

/// An alias record's target.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AliasTarget {
    /// The target's hosted zone (the load balancer's, S3's, CloudFront's, or
    /// this zone).
    pub hosted_zone_id: String,
    /// The target's name.
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    /// Whether the alias is healthy only while its target is.
    pub evaluate_target_health: bool,
}

/// A record set, as stored and as Route 53 lists and takes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RecordSet {
    /// `www.my-cloudlab.com.`.
    pub name: String,
    /// `A`, `CNAME` ...
    #[serde(rename = "Type")]
    pub record_type: String,
    /// Tells apart the sets of a weighted, failover or latency group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_identifier: Option<String>,
    /// Weighted routing: 0–255.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    /// Latency routing: the AWS region the set's resource is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Geolocation routing (refused: not simulated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geo_location: Option<BTreeMap<String, String>>,
    /// Failover routing: `PRIMARY` or `SECONDARY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failover: Option<String>,
    /// Multivalue answer routing (refused: not simulated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_value_answer: Option<bool>,
    /// Seconds resolvers may cache the answer (not for aliases).
    #[serde(rename = "TTL", skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
    /// The values (not for aliases).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_records: Vec<RecordValue>,
    /// An alias's target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_target: Option<AliasTarget>,
    /// The health check that decides whether the set is answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_id: Option<String>,
}

impl RecordSet {
    /// A simple record set.
    pub fn simple(name: &str, record_type: &str, ttl: i64, values: Vec<RecordValue>) -> RecordSet {
        RecordSet {
            name: name.to_string(),
            record_type: record_type.to_string(),
            ttl: Some(ttl),
            resource_records: values,
            ..RecordSet::default()
        }
    }

    /// `simple`, `weighted`, `failover`, `latency`.
    pub fn routing_policy(&self) -> &'static str {
        if self.weight.is_some() {
            "weighted"
        } else if self.failover.is_some() {
            "failover"
        } else if self.region.is_some() {
            "latency"
        } else {
            "simple"
        }
    }

    /// The set as AWS's messages name it.
    fn label(&self) -> String {
        match &self.set_identifier {
            Some(id) => format!(
                "[name='{}', type='{}', set-identifier='{id}']",
                self.name, self.record_type
            ),
            None => format!("[name='{}', type='{}']", self.name, self.record_type),
        }
    }

    fn same_set(&self, other: &RecordSet) -> bool {
        self.name == other.name
            && self.record_type == other.record_type
            && self.set_identifier == other.set_identifier
    }

    /// The values, one per line, as the console shows them (an alias shows its
    /// target).
    pub fn values_text(&self) -> Vec<String> {
        match &self.alias_target {
            Some(a) => vec![a.dns_name.clone()],
            None => self
                .resource_records
                .iter()
                .map(|r| r.value.clone())
                .collect(),
        }
    }
}

/// One change of a batch.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Change {
    /// `CREATE`, `DELETE` or `UPSERT`.
    pub action: String,
    /// The record set.
    pub resource_record_set: RecordSet,
}

/// A batch of changes, applied all or nothing.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ChangeBatch {
    /// The comment.
    pub comment: Option<String>,
    /// The changes, in order.
    pub changes: Vec<Change>,
}

/// `route53 change-resource-record-sets`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ChangeResourceRecordSetsInput {
    /// The zone.
    pub hosted_zone_id: String,
    /// The changes.
    pub change_batch: ChangeBatch,
}

/// `change-resource-record-sets`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeResourceRecordSetsOutput {
    /// The change.
    pub change_info: ChangeInfo,
}

/// `route53 list-resource-record-sets`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListResourceRecordSetsInput {
    /// The zone.
    pub hosted_zone_id: String,
    /// Start at this name.
    pub start_record_name: Option<String>,
    /// And this type.
    pub start_record_type: Option<String>,
    /// At most this many (a string, as Route 53 takes it).
    pub max_items: Option<String>,
}

/// `list-resource-record-sets`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceRecordSetsOutput {
    /// The record sets, in Route 53's order.
    pub resource_record_sets: Vec<RecordSet>,
    /// Whether more follow.
    pub is_truncated: bool,
    /// The page size.
    pub max_items: String,
}

/// Route 53's order: by name with its labels reversed, then type, then set.
fn order_key(r: &RecordSet) -> (Vec<String>, String, String) {
    let labels = r
        .name
        .trim_end_matches('.')
        .split('.')
        .rev()
        .map(str::to_string)
        .collect();
    (
        labels,
        r.record_type.clone(),
        r.set_identifier.clone().unwrap_or_default(),
    )
}

/// Whether `value` is a name Route 53 stores: labels of 1–63 printable characters
/// (Route 53 takes `:` and `/` too, so `http://example.org` is a valid, if useless,
/// CNAME value).
fn is_dns_name(value: &str) -> bool {
    let v = value.trim_end_matches('.');
    !v.is_empty()
        && v.len() <= 255
        && v.split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_graphic()))
}

/// Why `value` is not a valid value for `record_type`, in Route 53's words.
fn value_problem(record_type: &str, value: &str) -> Option<String> {
    let fatal = |code: &str, why: &str| {
        Some(format!(
            "Invalid Resource Record: 'FATAL problem: {code} ({why}) encountered with '{value}''"
        ))
    };
    match record_type {
        "A" if value.parse::<Ipv4Addr>().is_err() => fatal(
            "ARRDATAIllegalIPv4Address",
            "Value is not a valid IPv4 address",
        ),
        "AAAA" if value.parse::<Ipv6Addr>().is_err() => fatal(
            "AAAARRDATAIllegalIPv6Address",
            "Value is not a valid IPv6 address",
        ),
        "CNAME" | "NS" | "PTR" if !is_dns_name(value) => {
            fatal("DomainLabelEmpty", "Domain label is empty")
        }
        "TXT" if !(value.len() >= 2 && value.starts_with('"') && value.ends_with('"')) => fatal(
            "InvalidCharacterString",
            "Value should be enclosed in quotation marks",
        ),
        "MX" => {
            let mut parts = value.split_whitespace();
            let ok = parts.next().is_some_and(|p| p.parse::<u16>().is_ok())
                && parts.next().is_some_and(is_dns_name)
                && parts.next().is_none();
            if ok {
                None
            } else {
                fatal(
                    "MXRRDATANotTwoFields",
                    "MX record must have exactly two fields",
                )
            }
        }
        _ => None,
    }
}

impl Cloud {
    /// A record set of a zone, by name, type and set identifier.
    pub fn record_sets_named<'a>(&'a self, zone: &'a HostedZone, name: &str) -> Vec<&'a RecordSet> {
        let name = fqdn(name);
        zone.records.iter().filter(|r| r.name == name).collect()
    }

    /// Why alias target `target` of a `record_type` set in `zone` is refused, if it is.
    fn alias_problem(
        &self,
        zone: &HostedZone,
        record_type: &str,
        target: &AliasTarget,
    ) -> Option<String> {
        let dns = fqdn(&target.dns_name);
        let bare = dns.trim_end_matches('.');
        let zone_id = bare_zone_id(&target.hosted_zone_id);
        let not_in_zone = || {
            Some(format!(
                "Tried to create an alias that targets {dns}, type {record_type} in zone {zone_id}, but the alias target name does not lie within the target zone"
            ))
        };
        if zone_id == zone.id {
            if !zone.contains(&dns) {
                return not_in_zone();
            }
            let found = zone.records.iter().any(|r| {
                r.name == dns && (r.record_type == record_type || r.record_type == "CNAME")
            });
            return (!found).then(|| format!(
                "Tried to create an alias that targets {dns}, type {record_type} in zone {zone_id}, but that target was not found"
            ));
        }
        if zone_id == CLOUDFRONT_ZONE_ID {
            return self
                .distribution_by_domain(bare)
                .is_none()
                .then(not_in_zone)
                .flatten();
        }
        // A load balancer of any of the account's regions (with or without
        // `dualstack.`).
        let lb_name = bare.strip_prefix("dualstack.").unwrap_or(bare);
        let regions = std::iter::once(self).chain(self.other_regions.values());
        for region in regions {
            if region.load_balancer_by_dns_name(lb_name).is_some() {
                let expected = region.load_balancer_zone_id();
                return (expected != zone_id).then(not_in_zone).flatten();
            }
            if s3_website_zone_id(region.region_name()) == Some(zone_id)
                && crate::s3::website::website_endpoint(region.region_name()) == bare
            {
                return None;
            }
        }
        // An S3 website endpoint of a region the account has not used.
        if let Some(region) = crate::catalog::REGIONS
            .iter()
            .find(|r| crate::s3::website::website_endpoint(r.code) == bare)
            && s3_website_zone_id(region.code) == Some(zone_id)
        {
            return None;
        }
        not_in_zone()
    }

    /// Checks one change against `records` (the zone as the batch left it so
    /// far) and applies it there, or says why not.
    fn apply_change(
        &self,
        zone: &HostedZone,
        records: &mut Vec<RecordSet>,
        change: &Change,
    ) -> Result<(), String> {
        let mut set = change.resource_record_set.clone();
        set.name = fqdn(&set.name);
        set.record_type = set.record_type.to_ascii_uppercase();
        if let Some(a) = &mut set.alias_target {
            a.dns_name = fqdn(&a.dns_name);
            a.hosted_zone_id = bare_zone_id(&a.hosted_zone_id).to_string();
        }
        let describe = format!(
            "[Action={}, Name={}, Type={}, SetIdentifier={}]",
            change.action,
            set.name,
            set.record_type,
            set.set_identifier.as_deref().unwrap_or("null")
        );
        if !["CREATE", "DELETE", "UPSERT"].contains(&change.action.as_str()) {
            return Err(format!(
                "Invalid request: Unknown Action '{}' in Change with {describe}",
                change.action
            ));
        }
        if !RECORD_TYPES.contains(&set.record_type.as_str()) {
            return Err(format!(
                "Invalid request: Unknown or unsupported Type '{}' in Change with {describe}",
                set.record_type
            ));
        }
        if !zone.contains(&set.name) {
            return Err(format!(
                "RRSet with DNS name {} is not permitted in zone {}",
                set.name, zone.name
            ));
        }
        if set.geo_location.is_some() || set.multi_value_answer.is_some() {
            return Err(format!(
                "Invalid request: geolocation and multivalue answer routing are not simulated in this lab (simple, weighted, failover and latency are) in Change with {describe}"
            ));
        }
        let apex_required =
            set.name == zone.name && (set.record_type == "NS" || set.record_type == "SOA");
        let position = records.iter().position(|r| r.same_set(&set));
        if change.action == "DELETE" {
            let Some(i) = position else {
                return Err(format!(
                    "Tried to delete resource record set {} but it was not found",
                    set.label()
                ));
            };
            if apex_required {
                return Err(if set.record_type == "SOA" {
                    "A HostedZone must contain exactly one SOA record.".to_string()
                } else {
                    "A HostedZone must contain at least one NS record for the zone itself."
                        .to_string()
                });
            }
            let current = &records[i];
            let matches = current.resource_records == set.resource_records
                && current.alias_target == set.alias_target
                && current.ttl == set.ttl
                && current.weight == set.weight
                && current.failover == set.failover
                && current.region == set.region
                && current.health_check_id == set.health_check_id;
            if !matches {
                return Err(format!(
                    "Tried to delete resource record set {} but the values provided do not match the current values",
                    set.label()
                ));
            }
            records.remove(i);
            return Ok(());
        }
        // CREATE and UPSERT: the set must be whole and valid.
        let has_values = set.ttl.is_some() || !set.resource_records.is_empty();
        match (&set.alias_target, has_values) {
            (Some(_), true) => {
                return Err(format!(
                    "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change with {describe}"
                ));
            }
            (None, false) => {
                return Err(format!(
                    "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with {describe}"
                ));
            }
            (None, true) if set.ttl.is_none() => {
                return Err(format!(
                    "Invalid request: Missing field 'TTL' in Change with {describe}"
                ));
            }
            (None, true) if set.resource_records.is_empty() => {
                return Err(format!(
                    "Invalid request: Missing field 'ResourceRecords' in Change with {describe}"
                ));
            }
            _ => {}
        }
        if let Some(ttl) = set.ttl
            && !(0..=2_147_483_647).contains(&ttl)
        {
            return Err(format!(
                "Invalid request: TTL must be between 0 and 2147483647 in Change with {describe}"
            ));
        }
        for value in &set.resource_records {
            if let Some(problem) = value_problem(&set.record_type, &value.value) {
                return Err(problem);
            }
        }
        if set.record_type == "CNAME" && set.resource_records.len() > 1 {
            return Err(format!(
                "RRSet of type CNAME with DNS name {} must have exactly one resource record.",
                set.name
            ));
        }
        if set.record_type == "CNAME" && set.name == zone.name {
            return Err(format!(
                "RRSet of type CNAME with DNS name {} is not permitted at apex in zone {}",
                set.name, zone.name
            ));
        }
        if let Some(target) = &set.alias_target
            && let Some(problem) = self.alias_problem(zone, &set.record_type, target)
        {
            return Err(problem);
        }
        let policies = [
            set.weight.is_some(),
            set.failover.is_some(),
            set.region.is_some(),
        ];
        let policy_count = policies.iter().filter(|p| **p).count();
        if policy_count > 1 {
            return Err(format!(
                "Invalid request: a record set has one routing policy: Weight, Failover or Region, not several, in Change with {describe}"
            ));
        }
        match (policy_count, &set.set_identifier) {
            (1, None) => {
                return Err(format!(
                    "Invalid request: Missing field 'SetIdentifier' in Change with {describe}"
                ));
            }
            (0, Some(_)) => {
                return Err(format!(
                    "Invalid request: Missing field 'Weight', 'Failover' or 'Region' for a record set with a SetIdentifier in Change with {describe}"
                ));
            }
            _ => {}
        }
        if let Some(w) = set.weight
            && !(0..=255).contains(&w)
        {
            return Err(format!(
                "Invalid request: Weight must be between 0 and 255 in Change with {describe}"
            ));
        }
        if let Some(f) = &set.failover
            && f != "PRIMARY"
            && f != "SECONDARY"
        {
            return Err(format!(
                "Invalid request: Failover must be PRIMARY or SECONDARY in Change with {describe}"
            ));
        }
        if let Some(r) = &set.region
            && crate::catalog::region(r).is_none()
        {
            return Err(format!(
                "Invalid request: Region '{r}' is not an AWS region in Change with {describe}"
            ));
        }
        if let Some(id) = &set.health_check_id
            && !self.route53.health_checks.iter().any(|h| &h.id == id)
        {
            return Err(format!(
                "Invalid request: the health check {id} does not exist in Change with {describe}"
            ));
        }
        // Other sets with this name, leaving out the one being replaced.
        let others: Vec<&RecordSet> = records
            .iter()
            .filter(|r| r.name == set.name && !r.same_set(&set))
            .collect();
        if set.record_type == "CNAME" && others.iter().any(|r| r.record_type != "CNAME") {
            return Err(format!(
                "RRSet of type CNAME with DNS name {} is not permitted as it conflicts with other records with the same DNS name in zone {}",
                set.name, zone.name
            ));
        }
        if set.record_type != "CNAME" && others.iter().any(|r| r.record_type == "CNAME") {
            return Err(format!(
                "RRSet of type {} with DNS name {} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone {}",
                set.record_type, set.name, zone.name
            ));
        }
        let same_type: Vec<&&RecordSet> = others
            .iter()
            .filter(|r| r.record_type == set.record_type)
            .collect();
        if let Some(other) = same_type
            .iter()
            .find(|r| r.routing_policy() != set.routing_policy())
        {
            let policy = set.routing_policy();
            return Err(if policy == "simple" {
                format!(
                    "RRSet with DNS name {}, type {} cannot be created as other RRSets exist with the same name and type.",
                    set.name, set.record_type
                )
            } else {
                format!(
                    "RRSet with DNS name {}, type {}, SetIdentifier {} cannot be created as a {} set exists with the same name and type.",
                    set.name,
                    set.record_type,
                    set.set_identifier.as_deref().unwrap_or(""),
                    if other.routing_policy() == "simple" {
                        "non-".to_string() + policy
                    } else {
                        other.routing_policy().to_string()
                    }
                )
            });
        }
        if let Some(f) = &set.failover
            && same_type.iter().any(|r| r.failover.as_ref() == Some(f))
        {
            return Err(format!(
                "RRSet with DNS name {}, type {}, SetIdentifier {} cannot be created because a {f} set exists with the same name and type.",
                set.name,
                set.record_type,
                set.set_identifier.as_deref().unwrap_or("")
            ));
        }
        match (change.action.as_str(), position) {
            ("CREATE", Some(_)) => Err(format!(
                "Tried to create resource record set {} but it already exists",
                set.label()
            )),
            (_, Some(i)) => {
                records[i] = set;
                Ok(())
            }
            (_, None) => {
                let at = records.partition_point(|r| order_key(r) < order_key(&set));
                records.insert(at, set);
                Ok(())
            }
        }
    }

    /// `ChangeResourceRecordSets`: every change is checked against the zone as
    /// the changes before it leave it; one problem refuses the whole batch.
    pub fn change_resource_record_sets(
        &mut self,
        input: ChangeResourceRecordSetsInput,
    ) -> Result<ChangeResourceRecordSetsOutput, Route53Error> {
        let id = bare_zone_id(&input.hosted_zone_id).to_string();
        self.route53_call(
            "ChangeResourceRecordSets",
            format!("arn:aws:route53:::hostedzone/{id}"),
            |c| {
                let zone = c.hosted_zone(&id).ok_or_else(|| Route53Error::no_zone(&id))?;
                if input.change_batch.changes.is_empty() {
                    return Err(Route53Error::InvalidInput(
                        "1 validation error detected: Value '[]' at 'changeBatch.changes' failed to satisfy constraint: Member must have length greater than or equal to 1".into(),
                    ));
                }
                let mut records = zone.records.clone();
                let mut problems = Vec::new();
                for change in &input.change_batch.changes {
                    if let Err(problem) = c.apply_change(zone, &mut records, change) {
                        problems.push(problem);
                    }
                }
                if !problems.is_empty() {
                    return Err(Route53Error::InvalidChangeBatch(problems));
                }
                if let Some(zone) = c.hosted_zone_mut(&id) {
                    zone.records = records;
                }
                Ok(ChangeResourceRecordSetsOutput {
                    change_info: c.submit_change(input.change_batch.comment.clone()),
                })
            },
        )
    }

    /// `ListResourceRecordSets`.
    pub fn list_resource_record_sets(
        &mut self,
        input: ListResourceRecordSetsInput,
    ) -> Result<ListResourceRecordSetsOutput, Route53Error> {
        let id = bare_zone_id(&input.hosted_zone_id).to_string();
        self.route53_call(
            "ListResourceRecordSets",
            format!("arn:aws:route53:::hostedzone/{id}"),
            |c| {
                let zone = c
                    .hosted_zone(&id)
                    .ok_or_else(|| Route53Error::no_zone(&id))?;
                let start = input.start_record_name.as_deref().map(fqdn);
                let sets = zone
                    .records
                    .iter()
                    .filter(|r| {
                        start.as_ref().is_none_or(|s| {
                            let key = order_key(&RecordSet {
                                name: s.clone(),
                                record_type: input.start_record_type.clone().unwrap_or_default(),
                                ..RecordSet::default()
                            });
                            order_key(r) >= key
                        })
                    })
                    .cloned()
                    .collect();
                Ok(ListResourceRecordSetsOutput {
                    resource_record_sets: sets,
                    is_truncated: false,
                    max_items: input.max_items.clone().unwrap_or_else(|| "300".into()),
                })
            },
        )
    }
}
