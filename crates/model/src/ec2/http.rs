//! HTTP to instances: what `curl http://<public-ip>/` from the learner's machine,
//! or `curl localhost` on the instance, gets back.

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::guest::Guest;
use super::network::{BlockReason, Reachability};
use super::{InstanceStateName, Protocol};
use crate::catalog::{OsFamily, PackageManager};
use crate::cloud::Cloud;

/// An HTTP response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    /// Status code, e.g. 200.
    pub status: u16,
    /// Reason phrase, e.g. `OK`.
    pub reason: String,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
    /// The instance that answered; behind a load balancer, the target it tried
    /// (empty when the load balancer answered by itself: 503, a fixed response).
    pub instance_id: String,
    /// The client address a load balancer passed on in `X-Forwarded-For`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded_for: Option<Ipv4Addr>,
}

/// Why no response came back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HttpFailure {
    /// The host name does not resolve (curl: `Could not resolve host`).
    CouldNotResolve {
        /// The host.
        host: String,
    },
    /// Packets are dropped (curl: `Failed to connect ... Connection timed out`).
    TimedOut(BlockReason),
    /// The instance answers but nothing listens on the port (curl: `Connection refused`).
    ConnectionRefused {
        /// The instance.
        instance_id: String,
        /// The port.
        port: u16,
    },
}

impl fmt::Display for HttpFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpFailure::CouldNotResolve { host } => write!(f, "Could not resolve host: {host}"),
            HttpFailure::TimedOut(reason) => write!(f, "Connection timed out: {reason}"),
            HttpFailure::ConnectionRefused { instance_id, port } => {
                write!(
                    f,
                    "Connection refused: nothing listens on port {port} of instance {instance_id}"
                )
            }
        }
    }
}

fn server_header(server: &str, os: OsFamily) -> String {
    match (server, os) {
        ("apache2", OsFamily::Ubuntu2404) => "Apache/2.4.58 (Ubuntu)".into(),
        ("apache2", OsFamily::Ubuntu2204) => "Apache/2.4.52 (Ubuntu)".into(),
        ("apache2", _) => "Apache/2.4.62 (Debian)".into(),
        ("httpd", OsFamily::Rhel9) => "Apache/2.4.62 (Red Hat Enterprise Linux)".into(),
        ("httpd", _) => "Apache/2.4.62 (Amazon Linux)".into(),
        ("nginx", OsFamily::Ubuntu2404) => "nginx/1.24.0 (Ubuntu)".into(),
        ("nginx", OsFamily::Ubuntu2204) => "nginx/1.18.0 (Ubuntu)".into(),
        _ => "nginx/1.26.2".into(),
    }
}

/// Serves `path` from the guest's active web server on `port`.
pub(crate) fn serve(
    guest: &Guest,
    instance_id: &str,
    host: &str,
    port: u16,
    path: &str,
    date: String,
) -> Result<HttpResponse, HttpFailure> {
    let Some(server) = guest.web_server_on(port) else {
        return Err(HttpFailure::ConnectionRefused {
            instance_id: instance_id.to_string(),
            port,
        });
    };
    let server_name = server_header(server, guest.os);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.is_empty() { "/" } else { path };
    let root = if server == "nginx" && guest.os.package_manager() == PackageManager::Dnf {
        "/usr/share/nginx/html"
    } else {
        "/var/www/html"
    };
    let mut candidates = Vec::new();
    if path.ends_with('/') {
        candidates.push(format!("{root}{path}index.html"));
        if server == "nginx" && root == "/var/www/html" {
            candidates.push(format!("{root}{path}index.nginx-debian.html"));
        }
    } else {
        candidates.push(format!("{root}{path}"));
    }
    let found = candidates.iter().find_map(|p| guest.files.get(p));
    let (status, reason, body) = match found {
        Some(body) => (200, "OK", body.clone()),
        None if path == "/" && server == "httpd" => {
            let page = guest
                .files
                .get("/usr/share/httpd/noindex/index.html")
                .cloned()
                .unwrap_or_default();
            (403, "Forbidden", page)
        }
        None if path == "/" && server == "apache2" => (
            200,
            "OK",
            format!(
                "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n  <title>Index of /</title>\n </head>\n <body>\n<h1>Index of /</h1>\n<hr>\n<address>{server_name} Server at {host} Port {port}</address>\n</body></html>\n"
            ),
        ),
        None if server == "nginx" => (
            404,
            "Not Found",
            format!(
                "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>{server_name}</center>\r\n</body>\r\n</html>\r\n"
            ),
        ),
        None => (
            404,
            "Not Found",
            format!(
                "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n<address>{server_name} Server at {host} Port {port}</address>\n</body></html>\n"
            ),
        ),
    };
    let headers = vec![
        ("Date".to_string(), date),
        ("Server".to_string(), server_name),
        ("Content-Length".to_string(), body.len().to_string()),
        (
            "Content-Type".to_string(),
            "text/html; charset=UTF-8".to_string(),
        ),
    ];
    Ok(HttpResponse {
        status,
        reason: reason.to_string(),
        headers,
        body,
        instance_id: instance_id.to_string(),
        forwarded_for: None,
    })
}

impl Cloud {
    /// `curl http://host:port/path` from `source` on the internet. `host` is a
    /// public IP, Elastic IP or public DNS name.
    pub fn http_get(
        &self,
        source: Ipv4Addr,
        host: &str,
        port: u16,
        path: &str,
    ) -> Result<HttpResponse, HttpFailure> {
        // A name in one of the account's hosted zones: where Route 53 sends it.
        if let Some(lead) = self.route53_lead(host, 0) {
            return match lead {
                Some(target) => self.http_get(source, &target, port, path),
                None => Err(HttpFailure::CouldNotResolve {
                    host: host.to_string(),
                }),
            };
        }
        if self.website_get(host, "/").is_some() {
            // S3 website endpoints speak plain HTTP only.
            return match self.website_get(host, path) {
                Some(response) if port == 80 => Ok(response),
                _ => Err(HttpFailure::ConnectionRefused {
                    instance_id: String::new(),
                    port,
                }),
            };
        }
        if let Some(response) = self.s3_rest_get(host, path) {
            return Ok(response);
        }
        if let Some(lb) = self.load_balancer_by_dns_name(host) {
            return self.http_get_via_load_balancer(source, lb, port, path);
        }
        // An address of the same account's instances in another region.
        let unknown_here = |c: &Cloud| {
            matches!(
                c.check_reachability(source, host, Protocol::Tcp, port),
                Reachability::Blocked(BlockReason::UnknownHost { .. })
            )
        };
        if unknown_here(self)
            && let Some(other) = self
                .other_regions
                .values()
                .find(|c| c.resolve_public_host(host).is_some() && !unknown_here(c))
        {
            return other.http_get(source, host, port, path);
        }
        if self.resolve_public_host(host).is_none() {
            return Err(HttpFailure::CouldNotResolve {
                host: host.to_string(),
            });
        }
        match self.check_reachability(source, host, Protocol::Tcp, port) {
            Reachability::Blocked(reason) => Err(HttpFailure::TimedOut(reason)),
            Reachability::Reachable { instance_id, .. } => {
                let Some(instance) = self.instance(&instance_id) else {
                    return Err(HttpFailure::CouldNotResolve {
                        host: host.to_string(),
                    });
                };
                serve(
                    &instance.guest,
                    &instance_id,
                    host,
                    port,
                    path,
                    self.now.to_http_date(),
                )
            }
        }
    }

    /// `curl http://host:port/path` run on instance `instance_id` itself. `host`
    /// `localhost`, `127.0.0.1`, the instance's own private IP or host name go to
    /// its own web server with no security group involved; other hosts go out
    /// through the internet from the instance's public address.
    pub fn http_get_from_instance(
        &self,
        instance_id: &str,
        host: &str,
        port: u16,
        path: &str,
    ) -> Result<HttpResponse, HttpFailure> {
        let Some(instance) = self.instance(instance_id) else {
            return Err(HttpFailure::CouldNotResolve {
                host: host.to_string(),
            });
        };
        if instance.state != InstanceStateName::Running {
            return Err(HttpFailure::TimedOut(BlockReason::InstanceNotRunning {
                instance_id: instance_id.to_string(),
                state: instance.state,
            }));
        }
        let own = host == "localhost"
            || host == "127.0.0.1"
            || host == instance.private_ip.to_string()
            || host == instance.private_host_name()
            || host == self.private_dns_of(instance);
        if own {
            return serve(
                &instance.guest,
                instance_id,
                host,
                port,
                path,
                self.now.to_http_date(),
            );
        }
        if let Ok(ip) = host.parse::<Ipv4Addr>()
            && let Some(other) = self.ec2.instances.iter().find(|i| {
                i.private_ip == ip
                    && i.vpc_id == instance.vpc_id
                    && i.state != InstanceStateName::Terminated
            })
        {
            return match self.check_private_reachability(
                instance_id,
                &other.instance_id,
                Protocol::Tcp,
                port,
            ) {
                Reachability::Blocked(reason) => Err(HttpFailure::TimedOut(reason)),
                Reachability::Reachable { .. } => serve(
                    &other.guest,
                    &other.instance_id,
                    host,
                    port,
                    path,
                    self.now.to_http_date(),
                ),
            };
        }
        // Out to the internet: through the instance's own public address, or a
        // NAT gateway's, as its route table and firewalls allow.
        let destination = self
            .resolve_public_host(host)
            .unwrap_or(Ipv4Addr::new(192, 0, 2, 1));
        let outbound = self.trace_to_internet(instance_id, destination, Protocol::Tcp, port);
        if let Reachability::Blocked(reason) = outbound.reachability {
            return Err(HttpFailure::TimedOut(reason));
        }
        let through_nat = outbound.hops.iter().find_map(|h| match &h.kind {
            super::paths::HopKind::NatGateway { public_ip, .. } => *public_ip,
            _ => None,
        });
        let Some(source) = through_nat.or_else(|| self.public_ip_of(instance_id)) else {
            return Err(HttpFailure::TimedOut(BlockReason::NoPublicAddress {
                instance_id: instance_id.to_string(),
            }));
        };
        self.http_get(source, host, port, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, Architecture};
    use crate::ec2::guest::ServiceAction;
    use crate::ec2::instances::RunInstancesInput;
    use crate::ec2::security_groups::{IpPermission, SecurityGroupRulesInput};
    use std::time::Duration;

    fn web_instance(os: OsFamily) -> (Cloud, String) {
        let mut cloud = Cloud::default();
        let image_id = catalog::image_for(cloud.region().code, os, Architecture::X86_64)
            .unwrap()
            .image_id;
        let id = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                ..Default::default()
            })
            .unwrap()
            .instances[0]
            .instance_id
            .clone();
        cloud.advance(Duration::from_secs(20));
        (cloud, id)
    }

    fn open_port_80(cloud: &mut Cloud, id: &str) {
        let sg = cloud.instance(id).unwrap().security_group_ids[0].clone();
        cloud
            .authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(sg),
                ip_permissions: vec![IpPermission::cidr("tcp", 80, 80, "0.0.0.0/0")],
                ..Default::default()
            })
            .unwrap();
    }

    #[test]
    fn the_classic_web_server_walkthrough_on_ubuntu() {
        let (mut cloud, id) = web_instance(OsFamily::Ubuntu2404);
        let learner = cloud.learner_ip();
        let ip = cloud.public_ip_of(&id).unwrap().to_string();
        // Nothing installed: port 80 closed by the default group → time out.
        assert!(matches!(
            cloud.http_get(learner, &ip, 80, "/"),
            Err(HttpFailure::TimedOut(_))
        ));
        open_port_80(&mut cloud, &id);
        assert_eq!(
            cloud.http_get(learner, &ip, 80, "/"),
            Err(HttpFailure::ConnectionRefused {
                instance_id: id.clone(),
                port: 80
            })
        );
        cloud.guest_update_package_lists(&id).unwrap();
        cloud.guest_install_packages(&id, &["apache2"]).unwrap();
        let r = cloud.http_get(learner, &ip, 80, "/").unwrap();
        assert_eq!(r.status, 200);
        assert!(r.body.contains("Apache2 Ubuntu Default Page"));
        assert!(
            r.headers
                .iter()
                .any(|(k, v)| k == "Server" && v == "Apache/2.4.58 (Ubuntu)")
        );
        cloud
            .guest_write_file(&id, "/var/www/html/index.html", "<h1>Hello</h1>\n")
            .unwrap();
        let dns = cloud.public_dns_of(&id);
        assert_eq!(
            cloud.http_get(learner, &dns, 80, "/").unwrap().body,
            "<h1>Hello</h1>\n"
        );
        assert_eq!(
            cloud
                .http_get(learner, &ip, 80, "/missing.html")
                .unwrap()
                .status,
            404
        );
        assert!(matches!(
            cloud.http_get(learner, "www.example.com", 80, "/"),
            Err(HttpFailure::CouldNotResolve { .. })
        ));
    }

    #[test]
    fn httpd_needs_starting_and_serves_the_test_page_with_403() {
        let (mut cloud, id) = web_instance(OsFamily::AmazonLinux2023);
        cloud.guest_install_packages(&id, &["httpd"]).unwrap();
        assert!(matches!(
            cloud.http_get_from_instance(&id, "localhost", 80, "/"),
            Err(HttpFailure::ConnectionRefused { .. })
        ));
        cloud
            .guest_service(&id, "httpd", ServiceAction::Start)
            .unwrap();
        let r = cloud
            .http_get_from_instance(&id, "localhost", 80, "/")
            .unwrap();
        assert_eq!(
            (r.status, r.body.as_str()),
            (403, "<html><body><h1>It works!</h1></body></html>\n")
        );
        // Without an inbound rule, the same page is unreachable from outside.
        let ip = cloud.public_ip_of(&id).unwrap().to_string();
        assert!(matches!(
            cloud.http_get(cloud.learner_ip(), &ip, 80, "/"),
            Err(HttpFailure::TimedOut(
                BlockReason::SecurityGroupDenied { .. }
            ))
        ));
    }
}
