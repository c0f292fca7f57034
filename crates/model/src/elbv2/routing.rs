//! Requests to a load balancer's DNS name: the listener on the port, its rules
//! by priority, then round robin over the target group's healthy targets (every
//! registered target when none is healthy: ALB's fail-open). The target sees the
//! node's private address as the client and the learner's in `X-Forwarded-For`.
//! Load tests through the load balancer spread their requests the same way,
//! minute by minute, so instances that join during a test take their share.

use std::net::Ipv4Addr;
use std::time::Duration;

use super::LoadBalancer;
use super::listeners::Action;
use super::target_groups::TargetHealthState;
use crate::catalog;
use crate::cloud::Cloud;
use crate::ec2::http::{HttpFailure, HttpResponse, serve};
use crate::ec2::instances::LoadSpell;
use crate::ec2::load::{LoadReport, REQUESTS_PER_VCPU_SECOND, ROUND_TRIP_MS, keep_spells};
use crate::ec2::network::BlockReason;
use crate::ec2::{Instance, InstanceStateName, Protocol};

/// Serves `path` on `port` of `instance` (a health check or a forwarded request).
pub(crate) fn serve_target(
    cloud: &Cloud,
    instance: &Instance,
    port: u16,
    path: &str,
    _user_agent: &str,
) -> Result<HttpResponse, HttpFailure> {
    serve(
        &instance.guest,
        &instance.instance_id,
        &instance.private_ip.to_string(),
        port,
        path,
        cloud.now.to_http_date(),
    )
}

/// What a request to a load balancer comes to.
enum Routed {
    /// The listener's action answers by itself (fixed response, 503).
    Answer(HttpResponse),
    /// Forward to one of these targets (instance id, port).
    Targets {
        group_arn: String,
        targets: Vec<(String, u16)>,
    },
}

/// A response the load balancer itself writes (`Server: awselb/2.0`).
pub(crate) fn elb_response(status: u16, reason: &str, date: String) -> HttpResponse {
    let body = format!(
        "<html>\n<head><title>{status} {reason}</title></head>\n<body>\n<center><h1>{status} {reason}</h1></center>\n</body>\n</html>\n"
    );
    HttpResponse {
        status,
        reason: reason.to_string(),
        headers: vec![
            ("Server".into(), "awselb/2.0".into()),
            ("Date".into(), date),
            ("Content-Type".into(), "text/html".into()),
            ("Content-Length".into(), body.len().to_string()),
            ("Connection".into(), "keep-alive".into()),
        ],
        body,
        instance_id: String::new(),
        forwarded_for: None,
    }
}

impl Cloud {
    /// The targets of target group `arn` a request may go to now: the healthy
    /// ones, or (fail-open) every unhealthy one when none is healthy. Targets
    /// still in `initial`, draining or unused never get requests.
    pub fn routable_targets(&self, arn: &str) -> Vec<(String, u16)> {
        let Some(group) = self.target_group(arn) else {
            return Vec::new();
        };
        let with_state = |wanted: TargetHealthState| -> Vec<(String, u16)> {
            group
                .targets
                .iter()
                .filter(|t| self.target_health(group, t).0 == wanted)
                .filter(|t| {
                    self.instance(&t.id)
                        .is_some_and(|i| i.state == InstanceStateName::Running)
                })
                .map(|t| (t.id.clone(), t.port))
                .collect()
        };
        let healthy = with_state(TargetHealthState::Healthy);
        if healthy.is_empty() {
            with_state(TargetHealthState::Unhealthy)
        } else {
            healthy
        }
    }

    /// The listener, rule and action a request to `port`, `host`, `path` meets.
    fn route(
        &self,
        lb: &LoadBalancer,
        port: u16,
        host: &str,
        path: &str,
    ) -> Result<Routed, BlockReason> {
        let Some(listener) = self
            .elbv2
            .listeners
            .iter()
            .find(|l| l.load_balancer_arn == lb.arn && l.port == port)
        else {
            return Err(BlockReason::NoListener {
                load_balancer: lb.name.clone(),
                port,
            });
        };
        let path_only = path.split(['?', '#']).next().unwrap_or("/");
        let actions: &[Action] = self
            .rules_of(&listener.arn)
            .into_iter()
            .find(|r| r.conditions.iter().all(|c| c.matches(host, path_only)))
            .map_or(&listener.default_actions, |r| &r.actions);
        let mut ordered: Vec<&Action> = actions.iter().collect();
        ordered.sort_by_key(|a| a.order.unwrap_or(i64::MAX));
        let date = self.now.to_http_date();
        match ordered.first() {
            Some(a) if a.action_type == "fixed-response" => {
                let config = a.fixed_response_config.clone().unwrap_or_default();
                let status = config.status_code.parse().unwrap_or(200);
                let body = config.message_body.unwrap_or_default();
                let mut r = elb_response(status, reason_phrase(status), date);
                r.headers
                    .retain(|(k, _)| k != "Content-Type" && k != "Content-Length");
                r.headers.push((
                    "Content-Type".into(),
                    config.content_type.unwrap_or_else(|| "text/plain".into()),
                ));
                r.headers
                    .push(("Content-Length".into(), body.len().to_string()));
                r.body = body;
                Ok(Routed::Answer(r))
            }
            Some(a) => {
                let group_arn = a.target_group_arn.clone().unwrap_or_default();
                let targets = self.routable_targets(&group_arn);
                if targets.is_empty() {
                    return Ok(Routed::Answer(elb_response(
                        503,
                        "Service Temporarily Unavailable",
                        date,
                    )));
                }
                Ok(Routed::Targets { group_arn, targets })
            }
            None => Ok(Routed::Answer(elb_response(
                503,
                "Service Temporarily Unavailable",
                date,
            ))),
        }
    }

    /// Whether `lb`'s node in the instance's zone (else its first node) gets
    /// through the instance's security groups on `port`; `None` with no node.
    pub(crate) fn node_reaches(
        &self,
        lb: &LoadBalancer,
        instance: &Instance,
        port: u16,
    ) -> Option<bool> {
        let node = lb
            .nodes
            .iter()
            .find(|n| n.zone == instance.availability_zone)
            .or(lb.nodes.first())?;
        let verdict = self.security_group_verdict(
            instance,
            Protocol::Tcp,
            port,
            node.private_ip,
            &lb.security_groups,
        );
        Some(verdict.is_reachable())
    }

    /// Whether `source` on the internet may reach `lb` on `port` at all.
    fn load_balancer_admits(
        &self,
        lb: &LoadBalancer,
        source: Ipv4Addr,
        port: u16,
    ) -> Result<(), HttpFailure> {
        if !lb.is_active() {
            return Err(HttpFailure::CouldNotResolve {
                host: lb.dns_name.clone(),
            });
        }
        if lb.scheme == "internal" {
            return Err(HttpFailure::TimedOut(BlockReason::InternalLoadBalancer {
                load_balancer: lb.name.clone(),
            }));
        }
        let allowed = lb.security_groups.iter().any(|g| {
            self.security_group(g).is_some_and(|sg| {
                sg.inbound_rule_for(Protocol::Tcp, port, source, &[])
                    .is_some()
            })
        });
        if !allowed {
            return Err(HttpFailure::TimedOut(
                BlockReason::LoadBalancerSecurityGroupDenied {
                    load_balancer: lb.name.clone(),
                    group_ids: lb.security_groups.clone(),
                    port,
                    source,
                },
            ));
        }
        Ok(())
    }

    /// Sends one request from `lb` to target `id` on `port`: 504 when its
    /// security groups drop the node's traffic, 502 when nothing listens.
    fn forward(
        &self,
        lb: &LoadBalancer,
        id: &str,
        port: u16,
        path: &str,
        source: Ipv4Addr,
    ) -> HttpResponse {
        let date = self.now.to_http_date();
        let tried = |mut r: HttpResponse| {
            r.instance_id = id.to_string();
            r
        };
        let Some(instance) = self.instance(id) else {
            return tried(elb_response(502, "Bad Gateway", date));
        };
        match self.node_reaches(lb, instance, port) {
            None => return elb_response(503, "Service Temporarily Unavailable", date),
            Some(false) => return tried(elb_response(504, "Gateway Time-out", date)),
            Some(true) => {}
        }
        match serve_target(self, instance, port, path, "curl") {
            Ok(mut r) => {
                r.forwarded_for = Some(source);
                r
            }
            Err(_) => tried(elb_response(502, "Bad Gateway", date)),
        }
    }

    /// `curl http://<load balancer DNS name>:port/path` from `source`.
    pub(crate) fn http_get_via_load_balancer(
        &self,
        source: Ipv4Addr,
        lb: &LoadBalancer,
        port: u16,
        path: &str,
    ) -> Result<HttpResponse, HttpFailure> {
        self.load_balancer_admits(lb, source, port)?;
        match self.route(lb, port, &lb.dns_name, path) {
            Err(reason) => Err(HttpFailure::TimedOut(reason)),
            Ok(Routed::Answer(r)) => Ok(r),
            Ok(Routed::Targets { group_arn, targets }) => {
                // Reading does not move the turn: `record_load_balancer_request` does.
                let turn = self.target_group(&group_arn).map_or(0, |g| g.requests);
                let index = (turn % targets.len() as u64) as usize;
                let Some((id, port)) = targets.get(index) else {
                    return Ok(elb_response(
                        503,
                        "Service Temporarily Unavailable",
                        self.now.to_http_date(),
                    ));
                };
                Ok(self.forward(lb, id, *port, path, source))
            }
        }
    }

    /// Counts a request the learner sent to a load balancer's DNS name, so the
    /// next one goes to the next target (round robin). Checks and previews read
    /// `http_get` without calling this, and so never move the turn.
    pub fn record_load_balancer_request(&mut self, host: &str, port: u16, path: &str) {
        let Some(lb) = self.load_balancer_by_dns_name(host).cloned() else {
            return;
        };
        if let Ok(Routed::Targets { group_arn, .. }) = self.route(&lb, port, &lb.dns_name, path)
            && let Some(g) = self
                .elbv2
                .target_groups
                .iter_mut()
                .find(|g| g.arn == group_arn)
        {
            g.requests = g.requests.wrapping_add(1);
        }
    }

    /// A load test through a load balancer (see [`Cloud::load_test`]): minute by
    /// minute, the requests go round robin to the targets routable then, as fast
    /// as the slowest of them allows, and load their CPUs.
    pub(crate) fn load_test_via_load_balancer(
        &mut self,
        source: Ipv4Addr,
        lb_arn: &str,
        port: u16,
        path: &str,
        requests: u64,
        concurrency: u64,
    ) -> Result<LoadReport, HttpFailure> {
        let Some(lb) = self.load_balancer(lb_arn).cloned() else {
            return Err(HttpFailure::CouldNotResolve {
                host: lb_arn.to_string(),
            });
        };
        let response = self.http_get_via_load_balancer(source, &lb, port, path)?;
        let concurrency = concurrency.clamp(1, requests.max(1));
        let service_ms = 1_000.0 / REQUESTS_PER_VCPU_SECOND;
        let offered = concurrency as f64 * 1_000.0 / (ROUND_TRIP_MS + service_ms);
        let start = self.now;
        let mut remaining = requests as f64;
        let mut cpu_weighted = 0.0;
        while remaining > 0.5 {
            let group = match self.route(&lb, port, &lb.dns_name, path) {
                Ok(Routed::Targets { group_arn, targets }) => Some((group_arn, targets)),
                _ => None,
            };
            let Some((group_arn, targets)) = group else {
                // Nothing to forward to: the rest fail as fast as the network allows.
                let secs = remaining / offered.max(1.0);
                self.advance(Duration::from_millis((secs * 1_000.0).ceil() as u64));
                break;
            };
            let capacities: Vec<f64> = targets
                .iter()
                .map(|(id, _)| {
                    let vcpus = self
                        .instance(id)
                        .and_then(|i| catalog::instance_type(&i.instance_type))
                        .map_or(2, |t| t.vcpus);
                    f64::from(vcpus) * REQUESTS_PER_VCPU_SECOND
                })
                .collect();
            let slowest = capacities.iter().copied().fold(f64::INFINITY, f64::min);
            let n = targets.len() as f64;
            let rate = offered.min(slowest * n).max(1.0);
            let secs = (remaining / rate).min(60.0);
            let slice = Duration::from_millis((secs * 1_000.0).ceil().max(1.0) as u64);
            let (from, to) = (self.now, self.now.plus(slice));
            let mut slice_cpu = 0.0;
            for ((id, _), capacity) in targets.iter().zip(&capacities) {
                let cpu = (rate / n / capacity * 100.0).clamp(0.0, 100.0);
                slice_cpu += cpu / n;
                if let Some(i) = self.instance_mut(id) {
                    i.load.push(LoadSpell {
                        start: from,
                        end: to,
                        cpu_centipercent: (cpu * 100.0).round() as u32,
                    });
                    keep_spells(&mut i.load);
                }
            }
            let served = rate * secs;
            if let Some(g) = self
                .elbv2
                .target_groups
                .iter_mut()
                .find(|g| g.arn == group_arn)
            {
                g.requests = g.requests.wrapping_add(served as u64);
            }
            cpu_weighted += slice_cpu * secs;
            remaining -= served;
            self.advance(slice);
        }
        let duration = self.now.since(start);
        let seconds = duration.as_secs_f64().max(0.001);
        Ok(LoadReport {
            response,
            requests,
            concurrency,
            duration,
            requests_per_second: requests as f64 / seconds,
            cpu_percent: cpu_weighted / seconds,
        })
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Temporarily Unavailable",
        504 => "Gateway Time-out",
        _ => "",
    }
}
