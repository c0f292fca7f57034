//! Health checks: `CreateHealthCheck`, `GetHealthCheck`, `ListHealthChecks`,
//! `GetHealthCheckStatus`, `DeleteHealthCheck`, and the checks themselves on the
//! clock: checkers in three regions request the endpoint every
//! `RequestInterval` seconds; `FailureThreshold` results in a row that differ
//! from the current status flip it.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::errors::Route53Error;
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::ec2::Protocol;
use crate::ec2::http::HttpFailure;
use crate::ec2::network::Reachability;

/// The checkers: their region and the address their requests come from (in
/// AWS's published `ROUTE53_HEALTHCHECKS` ranges).
pub const CHECKERS: [(&str, Ipv4Addr); 3] = [
    ("us-east-1", Ipv4Addr::new(107, 23, 255, 12)),
    ("eu-west-1", Ipv4Addr::new(54, 228, 16, 4)),
    ("ap-northeast-1", Ipv4Addr::new(54, 248, 220, 8)),
];

/// Where the firewall advice in failure reports points.
const BLOCKED_HELP: &str = "The endpoint or the internet connection is down, or requests are being blocked by your firewall. See https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-router-firewall-rules.html";

/// `HealthCheckConfig`, as taken and shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HealthCheckConfig {
    /// The endpoint's IPv4 address (or give its name).
    #[serde(rename = "IPAddress", skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The port (80 for HTTP, 443 for HTTPS when left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// `HTTP`, `HTTPS`, `TCP`, `HTTP_STR_MATCH`, `HTTPS_STR_MATCH`.
    #[serde(rename = "Type")]
    pub check_type: String,
    /// The path requested (`/` when left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_path: Option<String>,
    /// The endpoint's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fully_qualified_domain_name: Option<String>,
    /// What a `_STR_MATCH` check looks for in the first 5,120 bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_string: Option<String>,
    /// 10 or 30 seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_interval: Option<i64>,
    /// 1–10 results in a row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
    /// Whether latency graphs are kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure_latency: Option<bool>,
    /// Whether the status is turned around.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inverted: Option<bool>,
    /// A disabled check is always healthy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Whether HTTPS checks send the name (SNI).
    #[serde(rename = "EnableSNI", skip_serializing_if = "Option::is_none")]
    pub enable_sni: Option<bool>,
}

/// A health check and what it has found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    /// A UUID.
    pub id: String,
    /// The caller's reference.
    pub caller_reference: String,
    /// The configuration, defaults filled in.
    pub config: HealthCheckConfig,
    /// When it was created.
    pub created_at: SimTime,
    /// Whether Route 53 considers the endpoint healthy.
    pub healthy: bool,
    /// Results in a row that differ from `healthy`.
    pub streak: u32,
    /// When the checkers next ask.
    pub next_check: SimTime,
    /// The last report (`Success: HTTP Status Code 200, OK`), once checked.
    pub last_report: Option<(SimTime, String)>,
    /// When the status flipped, and to what.
    pub changes: Vec<(SimTime, bool)>,
}

impl HealthCheck {
    /// The endpoint, as the console and the bill name it.
    pub fn endpoint_text(&self) -> String {
        let c = &self.config;
        let host = c
            .fully_qualified_domain_name
            .clone()
            .or_else(|| c.ip_address.clone())
            .unwrap_or_default();
        let scheme = c
            .check_type
            .trim_end_matches("_STR_MATCH")
            .to_ascii_lowercase();
        match scheme.as_str() {
            "tcp" => format!("tcp://{host}:{}", c.port.unwrap_or(0)),
            _ => format!(
                "{scheme}://{host}:{}{}",
                c.port.unwrap_or(80),
                c.resource_path.as_deref().unwrap_or("/")
            ),
        }
    }

    fn shape(&self) -> HealthCheckShape {
        HealthCheckShape {
            id: self.id.clone(),
            caller_reference: self.caller_reference.clone(),
            health_check_config: self.config.clone(),
            health_check_version: 1,
        }
    }
}

/// A health check as Route 53 describes it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckShape {
    /// The id.
    pub id: String,
    /// The caller's reference.
    pub caller_reference: String,
    /// The configuration.
    pub health_check_config: HealthCheckConfig,
    /// Its version.
    pub health_check_version: u32,
}

/// `route53 create-health-check`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateHealthCheckInput {
    /// Unique per health check.
    pub caller_reference: String,
    /// What to check.
    pub health_check_config: HealthCheckConfig,
}

/// `create-health-check`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateHealthCheckOutput {
    /// The health check.
    pub health_check: HealthCheckShape,
    /// Its URL.
    pub location: String,
}

/// `get-health-check`, `get-health-check-status`, `delete-health-check`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HealthCheckIdInput {
    /// The id.
    pub health_check_id: String,
}

/// `get-health-check`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHealthCheckOutput {
    /// The health check.
    pub health_check: HealthCheckShape,
}

/// `route53 list-health-checks`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListHealthChecksInput {
    /// At most this many.
    pub max_items: Option<String>,
}

/// `list-health-checks`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListHealthChecksOutput {
    /// The health checks.
    pub health_checks: Vec<HealthCheckShape>,
    /// Always false here.
    pub is_truncated: bool,
    /// The page size.
    pub max_items: String,
}

/// One checker's last report.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusReport {
    /// `Success: HTTP Status Code 200, OK`.
    pub status: String,
    /// When.
    pub checked_time: Timestamp,
}

/// One checker's observation.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckObservation {
    /// The checker's region.
    pub region: String,
    /// Its address.
    #[serde(rename = "IPAddress")]
    pub ip_address: String,
    /// What it found.
    pub status_report: StatusReport,
}

/// `get-health-check-status`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetHealthCheckStatusOutput {
    /// One per checker.
    pub health_check_observations: Vec<HealthCheckObservation>,
}

fn no_health_check(id: &str) -> Route53Error {
    Route53Error::NoSuchHealthCheck(format!("A health check with id {id} does not exist."))
}

fn invalid(message: impl Into<String>) -> Route53Error {
    Route53Error::InvalidInput(message.into())
}

/// The configuration with Route 53's defaults, or why it is refused.
fn complete(mut c: HealthCheckConfig) -> Result<HealthCheckConfig, Route53Error> {
    let kind = c.check_type.as_str();
    match kind {
        "HTTP" | "HTTPS" | "TCP" | "HTTP_STR_MATCH" | "HTTPS_STR_MATCH" => {}
        "CALCULATED" | "CLOUDWATCH_METRIC" | "RECOVERY_CONTROL" => {
            return Err(invalid(format!(
                "{kind} health checks are not simulated in this lab: check an endpoint (HTTP, HTTPS or TCP)."
            )));
        }
        other => {
            return Err(invalid(format!(
                "1 validation error detected: Value '{other}' at 'healthCheckConfig.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, HTTPS, HTTP_STR_MATCH, HTTPS_STR_MATCH, TCP, CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL]"
            )));
        }
    }
    if c.ip_address.is_none() && c.fully_qualified_domain_name.is_none() {
        return Err(invalid(
            "Invalid parameter: you must specify either an IPAddress or a FullyQualifiedDomainName.",
        ));
    }
    if let Some(ip) = &c.ip_address {
        let Ok(addr) = ip.parse::<Ipv4Addr>() else {
            return Err(invalid(format!("Invalid IP address: {ip}")));
        };
        if addr.is_private() || addr.is_loopback() || addr.is_link_local() || addr.is_unspecified()
        {
            return Err(invalid(format!(
                "IP address {ip} is not publicly routable: Route 53's checkers are on the internet."
            )));
        }
    }
    if kind == "TCP" && c.port.is_none() {
        return Err(invalid("A port must be specified for TCP health checks."));
    }
    if kind.ends_with("_STR_MATCH") && c.search_string.as_deref().is_none_or(str::is_empty) {
        return Err(invalid(
            "A search string must be specified for HTTP_STR_MATCH and HTTPS_STR_MATCH health checks.",
        ));
    }
    let https = kind.starts_with("HTTPS");
    c.port = Some(c.port.unwrap_or(if https { 443 } else { 80 }));
    if !(1..=65_535).contains(&c.port.unwrap_or(0)) {
        return Err(invalid("Port must be between 1 and 65535."));
    }
    if kind != "TCP" && c.resource_path.is_none() {
        c.resource_path = Some("/".into());
    }
    let interval = c.request_interval.unwrap_or(30);
    if interval != 10 && interval != 30 {
        return Err(invalid(format!(
            "1 validation error detected: Value '{interval}' at 'healthCheckConfig.requestInterval' failed to satisfy constraint: Member must be 10 or 30"
        )));
    }
    c.request_interval = Some(interval);
    let threshold = c.failure_threshold.unwrap_or(3);
    if !(1..=10).contains(&threshold) {
        return Err(invalid(format!(
            "1 validation error detected: Value '{threshold}' at 'healthCheckConfig.failureThreshold' failed to satisfy constraint: Member must have value less than or equal to 10"
        )));
    }
    c.failure_threshold = Some(threshold);
    c.measure_latency = Some(c.measure_latency.unwrap_or(false));
    c.inverted = Some(c.inverted.unwrap_or(false));
    c.disabled = Some(c.disabled.unwrap_or(false));
    if https {
        c.enable_sni = Some(c.enable_sni.unwrap_or(true));
    }
    Ok(c)
}

impl Cloud {
    /// The health checks, oldest first.
    pub fn health_checks(&self) -> &[HealthCheck] {
        &self.route53.health_checks
    }

    /// A health check by id.
    pub fn health_check(&self, id: &str) -> Option<&HealthCheck> {
        self.route53.health_checks.iter().find(|h| h.id == id)
    }

    /// Whether health check `id` finds its endpoint healthy now (a check that
    /// no longer exists counts as healthy, as Route 53 warns it may).
    pub fn health_check_healthy(&self, id: &str) -> bool {
        self.health_check(id).is_none_or(|h| h.healthy)
    }

    /// `CreateHealthCheck`: the same reference and configuration again answers
    /// the same check.
    pub fn create_health_check(
        &mut self,
        input: CreateHealthCheckInput,
    ) -> Result<CreateHealthCheckOutput, Route53Error> {
        self.route53_call("CreateHealthCheck", "*".into(), |c| {
            if input.caller_reference.is_empty() || input.caller_reference.len() > 64 {
                return Err(invalid(
                    "1 validation error detected: Value at 'callerReference' failed to satisfy constraint: Member must have length between 1 and 64",
                ));
            }
            let config = complete(input.health_check_config.clone())?;
            if let Some(existing) = c
                .route53
                .health_checks
                .iter()
                .find(|h| h.caller_reference == input.caller_reference)
            {
                if existing.config != config {
                    return Err(Route53Error::HealthCheckAlreadyExists);
                }
                return Ok(CreateHealthCheckOutput {
                    health_check: existing.shape(),
                    location: format!(
                        "https://route53.amazonaws.com/2013-04-01/healthcheck/{}",
                        existing.id
                    ),
                });
            }
            let id = c.service_uuid("route53");
            let interval = config.request_interval.unwrap_or(30) as u64 * 1_000;
            let check = HealthCheck {
                id: id.clone(),
                caller_reference: input.caller_reference.clone(),
                config,
                created_at: c.now,
                healthy: true,
                streak: 0,
                next_check: SimTime(c.now.0 + interval),
                last_report: None,
                changes: Vec::new(),
            };
            let shape = check.shape();
            c.route53.health_checks.push(check);
            Ok(CreateHealthCheckOutput {
                health_check: shape,
                location: format!("https://route53.amazonaws.com/2013-04-01/healthcheck/{id}"),
            })
        })
    }

    /// `GetHealthCheck`.
    pub fn get_health_check(
        &mut self,
        input: HealthCheckIdInput,
    ) -> Result<GetHealthCheckOutput, Route53Error> {
        let id = input.health_check_id.clone();
        self.route53_call(
            "GetHealthCheck",
            format!("arn:aws:route53:::healthcheck/{id}"),
            |c| {
                let check = c.health_check(&id).ok_or_else(|| no_health_check(&id))?;
                Ok(GetHealthCheckOutput {
                    health_check: check.shape(),
                })
            },
        )
    }

    /// `ListHealthChecks`.
    pub fn list_health_checks(
        &mut self,
        input: ListHealthChecksInput,
    ) -> Result<ListHealthChecksOutput, Route53Error> {
        self.route53_call("ListHealthChecks", "*".into(), |c| {
            Ok(ListHealthChecksOutput {
                health_checks: c
                    .route53
                    .health_checks
                    .iter()
                    .map(HealthCheck::shape)
                    .collect(),
                is_truncated: false,
                max_items: input.max_items.clone().unwrap_or_else(|| "100".into()),
            })
        })
    }

    /// `GetHealthCheckStatus`: every checker's last report.
    pub fn get_health_check_status(
        &mut self,
        input: HealthCheckIdInput,
    ) -> Result<GetHealthCheckStatusOutput, Route53Error> {
        let id = input.health_check_id.clone();
        self.route53_call(
            "GetHealthCheckStatus",
            format!("arn:aws:route53:::healthcheck/{id}"),
            |c| {
                let check = c.health_check(&id).ok_or_else(|| no_health_check(&id))?;
                let observations = match &check.last_report {
                    None => Vec::new(),
                    Some((at, status)) => CHECKERS
                        .iter()
                        .map(|(region, ip)| HealthCheckObservation {
                            region: (*region).to_string(),
                            ip_address: ip.to_string(),
                            status_report: StatusReport {
                                status: status.clone(),
                                checked_time: Timestamp(*at),
                            },
                        })
                        .collect(),
                };
                Ok(GetHealthCheckStatusOutput {
                    health_check_observations: observations,
                })
            },
        )
    }

    /// `DeleteHealthCheck`: Route 53 does not stop you deleting a check that
    /// records still name (they are then answered as if healthy).
    pub fn delete_health_check(&mut self, input: HealthCheckIdInput) -> Result<(), Route53Error> {
        let id = input.health_check_id.clone();
        self.route53_call(
            "DeleteHealthCheck",
            format!("arn:aws:route53:::healthcheck/{id}"),
            |c| {
                if c.health_check(&id).is_none() {
                    return Err(no_health_check(&id));
                }
                c.route53.health_checks.retain(|h| h.id != id);
                Ok(())
            },
        )
    }

    /// What a checker finds at `config`'s endpoint now: success, and the report.
    pub(crate) fn probe(&self, config: &HealthCheckConfig) -> (bool, String) {
        let (_, checker_ip) = CHECKERS[0];
        let named = config
            .fully_qualified_domain_name
            .clone()
            .or_else(|| config.ip_address.clone())
            .unwrap_or_default();
        // A name in one of the account's zones is resolved first.
        let host = self.resolve_http_host(&named, 0).unwrap_or(named);
        let port = config.port.unwrap_or(80).clamp(1, 65_535) as u16;
        if config.check_type == "TCP" {
            let reachable = self.load_balancer_by_dns_name(&host).is_some()
                || matches!(
                    self.check_reachability(checker_ip, &host, Protocol::Tcp, port),
                    Reachability::Reachable { .. }
                );
            return if reachable {
                (true, "Success: TCP connection established.".into())
            } else {
                (
                    false,
                    format!("Failure: Connection timed out. {BLOCKED_HELP}"),
                )
            };
        }
        let path = config.resource_path.as_deref().unwrap_or("/");
        // A check by name reports the address it reached.
        let resolved = match &config.fully_qualified_domain_name {
            Some(name) => self
                .resolve(name, "A", 0)
                .answers
                .iter()
                .find(|r| r.record_type == "A")
                .map(|r| format!(". Resolved IP: {}", r.data))
                .unwrap_or_default(),
            None => String::new(),
        };
        match self.http_get(checker_ip, &host, port, path) {
            Ok(response) => {
                let code = format!(
                    "HTTP Status Code {}, {}{resolved}",
                    response.status, response.reason
                );
                let status_ok = (200..400).contains(&response.status);
                if !status_ok {
                    return (false, format!("Failure: {code}"));
                }
                if let Some(wanted) = &config.search_string {
                    let head: String = response.body.chars().take(5_120).collect();
                    if !head.contains(wanted.as_str()) {
                        return (
                            false,
                            format!(
                                "Failure: The search string was not found in the first 5120 bytes of the response body. {code}"
                            ),
                        );
                    }
                }
                (true, format!("Success: {code}"))
            }
            Err(HttpFailure::CouldNotResolve { host }) => (
                false,
                format!("Failure: DNS resolution failed: {host} does not resolve."),
            ),
            Err(HttpFailure::ConnectionRefused { .. }) => (
                false,
                format!("Failure: Connection refused. {BLOCKED_HELP}"),
            ),
            Err(HttpFailure::TimedOut(_)) => (
                false,
                format!("Failure: Connection timed out. {BLOCKED_HELP}"),
            ),
        }
    }

    /// Runs every health check that is due (the clock hook).
    pub(crate) fn run_due_health_checks(&mut self) {
        let now = self.now;
        let due: Vec<(usize, HealthCheckConfig)> = self
            .route53
            .health_checks
            .iter()
            .enumerate()
            .filter(|(_, h)| h.next_check <= now)
            .map(|(i, h)| (i, h.config.clone()))
            .collect();
        for (i, config) in due {
            let (mut ok, report) = if config.disabled == Some(true) {
                (true, "Success: the health check is disabled.".to_string())
            } else {
                self.probe(&config)
            };
            if config.inverted == Some(true) {
                ok = !ok;
            }
            let Some(check) = self.route53.health_checks.get_mut(i) else {
                continue;
            };
            if ok == check.healthy {
                check.streak = 0;
            } else {
                check.streak += 1;
                if check.streak >= config.failure_threshold.unwrap_or(3) as u32 {
                    check.healthy = ok;
                    check.streak = 0;
                    check.changes.push((now, ok));
                }
            }
            check.last_report = Some((now, report));
            let interval = config.request_interval.unwrap_or(30) as u64 * 1_000;
            check.next_check = SimTime(now.0 + interval);
        }
    }
}
