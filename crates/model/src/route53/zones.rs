//! `CreateHostedZone`, `GetHostedZone`, `ListHostedZones`, `DeleteHostedZone`.

use serde::{Deserialize, Serialize};

use super::errors::Route53Error;
use super::records::{RecordSet, RecordValue};
use super::{ChangeInfo, bare_zone_id, fqdn};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// Hosted zones an account may have.
pub const ZONES_PER_ACCOUNT: usize = 500;

/// A public hosted zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostedZone {
    /// `Z0123456789ABCDEFGHIJ` (without `/hostedzone/`).
    pub id: String,
    /// `my-cloudlab.com.`.
    pub name: String,
    /// The caller's unique reference.
    pub caller_reference: String,
    /// The comment.
    pub comment: Option<String>,
    /// Its four name servers (`ns-1234.awsdns-38.org`).
    pub name_servers: Vec<String>,
    /// Its record sets, in Route 53's order.
    pub records: Vec<RecordSet>,
    /// When it was created.
    pub created_at: SimTime,
}

/// `HostedZoneConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HostedZoneConfig {
    /// The comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Private zones are not simulated.
    pub private_zone: bool,
}

/// `route53 create-hosted-zone`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateHostedZoneInput {
    /// The domain.
    pub name: String,
    /// A private zone's VPC (not simulated).
    #[serde(rename = "VPC")]
    pub vpc: Option<serde_json::Value>,
    /// Unique per request (a retry with the same one is refused).
    pub caller_reference: String,
    /// The comment and whether the zone is private.
    pub hosted_zone_config: Option<HostedZoneConfig>,
    /// A reusable delegation set (not simulated).
    pub delegation_set_id: Option<String>,
}

/// A zone as Route 53 describes it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HostedZoneShape {
    /// `/hostedzone/Z...`.
    pub id: String,
    /// The domain, with its final dot.
    pub name: String,
    /// The caller's reference.
    pub caller_reference: String,
    /// The comment and privacy.
    pub config: HostedZoneConfig,
    /// Record sets in it, NS and SOA included.
    pub resource_record_set_count: usize,
}

/// `DelegationSet`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DelegationSet {
    /// The four name servers.
    pub name_servers: Vec<String>,
}

/// `create-hosted-zone`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateHostedZoneOutput {
    /// The zone's URL.
    pub location: String,
    /// The zone.
    pub hosted_zone: HostedZoneShape,
    /// The change that created it.
    pub change_info: ChangeInfo,
    /// Its name servers.
    pub delegation_set: DelegationSet,
}

/// `route53 get-hosted-zone` and `delete-hosted-zone`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HostedZoneIdInput {
    /// `Z...` or `/hostedzone/Z...`.
    pub id: String,
}

/// `get-hosted-zone`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHostedZoneOutput {
    /// The zone.
    pub hosted_zone: HostedZoneShape,
    /// Its name servers.
    pub delegation_set: DelegationSet,
}

/// `route53 list-hosted-zones`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListHostedZonesInput {
    /// At most this many (as a string, as Route 53 takes it).
    pub max_items: Option<String>,
}

/// `list-hosted-zones`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListHostedZonesOutput {
    /// The zones.
    pub hosted_zones: Vec<HostedZoneShape>,
    /// Always false here.
    pub is_truncated: bool,
    /// The page size.
    pub max_items: String,
}

/// `delete-hosted-zone`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteHostedZoneOutput {
    /// The change that deletes it.
    pub change_info: ChangeInfo,
}

/// Names Route 53 will not host.
const RESERVED: [&str; 3] = ["example.com.", "example.net.", "example.org."];

/// Why `name` (with its final dot) is not a domain Route 53 hosts, if it is not.
fn domain_problem(name: &str) -> Option<String> {
    let bare = name.trim_end_matches('.');
    let labels: Vec<&str> = bare.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if bare.is_empty() || name.len() > 255 || !labels.iter().all(label_ok) {
        return Some(format!("{bare} is not a valid domain name."));
    }
    if labels.len() < 2 {
        return Some(format!(
            "{bare} is a top-level domain: Route 53 hosts domains below one."
        ));
    }
    if RESERVED
        .iter()
        .any(|r| name == *r || name.ends_with(&format!(".{r}")))
    {
        return Some(format!("{bare} is reserved by AWS!"));
    }
    None
}

impl HostedZone {
    fn shape(&self) -> HostedZoneShape {
        HostedZoneShape {
            id: format!("/hostedzone/{}", self.id),
            name: self.name.clone(),
            caller_reference: self.caller_reference.clone(),
            config: HostedZoneConfig {
                comment: self.comment.clone(),
                private_zone: false,
            },
            resource_record_set_count: self.records.len(),
        }
    }

    fn delegation_set(&self) -> DelegationSet {
        DelegationSet {
            name_servers: self.name_servers.clone(),
        }
    }

    /// Whether `name` (with its final dot) is the zone's apex or below it.
    pub fn contains(&self, name: &str) -> bool {
        name == self.name || name.ends_with(&format!(".{}", self.name))
    }
}

impl Cloud {
    /// The hosted zones, oldest first.
    pub fn hosted_zones(&self) -> &[HostedZone] {
        &self.route53.zones
    }

    /// A hosted zone by id (with or without `/hostedzone/`).
    pub fn hosted_zone(&self, id: &str) -> Option<&HostedZone> {
        let id = bare_zone_id(id);
        self.route53.zones.iter().find(|z| z.id == id)
    }

    pub(crate) fn hosted_zone_mut(&mut self, id: &str) -> Option<&mut HostedZone> {
        let id = bare_zone_id(id);
        self.route53.zones.iter_mut().find(|z| z.id == id)
    }

    /// `CreateHostedZone`: a public zone with its NS and SOA records.
    pub fn create_hosted_zone(
        &mut self,
        input: CreateHostedZoneInput,
    ) -> Result<CreateHostedZoneOutput, Route53Error> {
        self.route53_call("CreateHostedZone", "*".into(), |c| {
            let config = input.hosted_zone_config.clone().unwrap_or_default();
            if input.vpc.is_some() || config.private_zone {
                return Err(Route53Error::InvalidInput(
                    "Private hosted zones are not simulated in this lab: create a public one (leave out --vpc and PrivateZone).".into(),
                ));
            }
            if input.caller_reference.is_empty() || input.caller_reference.len() > 128 {
                return Err(Route53Error::InvalidInput(
                    "1 validation error detected: Value at 'callerReference' failed to satisfy constraint: Member must have length between 1 and 128".into(),
                ));
            }
            if let Some(comment) = &config.comment
                && comment.len() > 256
            {
                return Err(Route53Error::InvalidInput(
                    "1 validation error detected: Value at 'hostedZoneConfig.comment' failed to satisfy constraint: Member must have length less than or equal to 256".into(),
                ));
            }
            let name = fqdn(&input.name);
            if let Some(problem) = domain_problem(&name) {
                return Err(Route53Error::InvalidDomainName(problem));
            }
            if c
                .route53
                .zones
                .iter()
                .any(|z| z.caller_reference == input.caller_reference)
            {
                return Err(Route53Error::HostedZoneAlreadyExists(
                    "A hosted zone has already been created with the specified caller reference.".into(),
                ));
            }
            if c.route53.zones.len() >= ZONES_PER_ACCOUNT {
                return Err(Route53Error::InvalidInput(
                    "TooManyHostedZones: This operation would exceed the limit of 500 hosted zones for this account.".into(),
                ));
            }
            let id = c.route53_id("Z0");
            let rng = c.service_rng("route53");
            // One name server per top-level domain, numbered in its block.
            let name_servers: Vec<String> = ["com", "net", "org", "co.uk"]
                .iter()
                .enumerate()
                .map(|(block, tld)| {
                    let n = block as u64 * 512 + rng.below(512);
                    format!("ns-{n}.awsdns-{:02}.{tld}", n / 8 % 64)
                })
                .collect();
            let soa = format!(
                "{}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
                name_servers[0]
            );
            let records = vec![
                RecordSet::simple(
                    &name,
                    "NS",
                    172_800,
                    name_servers
                        .iter()
                        .map(|n| RecordValue { value: format!("{n}.") })
                        .collect(),
                ),
                RecordSet::simple(&name, "SOA", 900, vec![RecordValue { value: soa }]),
            ];
            let zone = HostedZone {
                id: id.clone(),
                name,
                caller_reference: input.caller_reference.clone(),
                comment: config.comment.clone(),
                name_servers,
                records,
                created_at: c.now,
            };
            let hosted_zone = zone.shape();
            let delegation_set = zone.delegation_set();
            c.route53.zones.push(zone);
            let change_info = c.submit_change(None);
            Ok(CreateHostedZoneOutput {
                location: format!("https://route53.amazonaws.com/2013-04-01/hostedzone/{id}"),
                hosted_zone,
                change_info,
                delegation_set,
            })
        })
    }

    /// `GetHostedZone`.
    pub fn get_hosted_zone(
        &mut self,
        input: HostedZoneIdInput,
    ) -> Result<GetHostedZoneOutput, Route53Error> {
        let id = bare_zone_id(&input.id).to_string();
        self.route53_call(
            "GetHostedZone",
            format!("arn:aws:route53:::hostedzone/{id}"),
            |c| {
                let zone = c
                    .hosted_zone(&id)
                    .ok_or_else(|| Route53Error::no_zone(&id))?;
                Ok(GetHostedZoneOutput {
                    hosted_zone: zone.shape(),
                    delegation_set: zone.delegation_set(),
                })
            },
        )
    }

    /// `ListHostedZones`.
    pub fn list_hosted_zones(
        &mut self,
        input: ListHostedZonesInput,
    ) -> Result<ListHostedZonesOutput, Route53Error> {
        self.route53_call("ListHostedZones", "*".into(), |c| {
            let mut zones: Vec<&HostedZone> = c.route53.zones.iter().collect();
            zones.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            Ok(ListHostedZonesOutput {
                hosted_zones: zones.into_iter().map(HostedZone::shape).collect(),
                is_truncated: false,
                max_items: input.max_items.clone().unwrap_or_else(|| "100".into()),
            })
        })
    }

    /// `DeleteHostedZone`: only its own NS and SOA records may be left.
    pub fn delete_hosted_zone(
        &mut self,
        input: HostedZoneIdInput,
    ) -> Result<DeleteHostedZoneOutput, Route53Error> {
        let id = bare_zone_id(&input.id).to_string();
        self.route53_call(
            "DeleteHostedZone",
            format!("arn:aws:route53:::hostedzone/{id}"),
            |c| {
                let zone = c
                    .hosted_zone(&id)
                    .ok_or_else(|| Route53Error::no_zone(&id))?;
                let required = |r: &RecordSet| {
                    r.name == zone.name && (r.record_type == "NS" || r.record_type == "SOA")
                };
                if !zone.records.iter().all(required) {
                    return Err(Route53Error::HostedZoneNotEmpty);
                }
                c.route53.zones.retain(|z| z.id != id);
                Ok(DeleteHostedZoneOutput {
                    change_info: c.submit_change(None),
                })
            },
        )
    }
}
