//! Application Load Balancers: created in two or more Availability Zones (one node
//! per zone, each with a private address and, when internet-facing, a public
//! one), `provisioning` for a few minutes, then `active`; described and deleted.

use std::net::Ipv4Addr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::ElbError;
use super::{SERVICE, Tag, check_name};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::ec2::Ipv4Cidr;

/// How long a new load balancer stays `provisioning`.
pub const PROVISIONING_TIME: Duration = Duration::from_secs(180);

/// One node of a load balancer: its address in one Availability Zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadBalancerNode {
    /// The subnet it sits in.
    pub subnet_id: String,
    /// The subnet's zone.
    pub zone: String,
    /// Its private address (what targets see as the client).
    pub private_ip: Ipv4Addr,
    /// Its public address (internet-facing load balancers only).
    pub public_ip: Option<Ipv4Addr>,
}

/// An Application Load Balancer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancer {
    /// Its ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// Its DNS name (`web-alb-1234567890.ap-northeast-2.elb.amazonaws.com`).
    pub dns_name: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    /// Its VPC.
    pub vpc_id: String,
    /// `provisioning`, `active`.
    pub state: String,
    /// When it was created.
    pub created: SimTime,
    /// When it becomes (or became) active.
    pub active_at: SimTime,
    /// A node per Availability Zone.
    pub nodes: Vec<LoadBalancerNode>,
    /// Its security groups.
    pub security_groups: Vec<String>,
    /// Its tags.
    pub tags: Vec<Tag>,
}

impl LoadBalancer {
    /// Whether it is `active`.
    pub fn is_active(&self) -> bool {
        self.state == "active"
    }

    /// The Availability Zones it is enabled in.
    pub fn zones(&self) -> impl Iterator<Item = &str> {
        self.nodes.iter().map(|n| n.zone.as_str())
    }
}

/// `CreateLoadBalancer` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateLoadBalancerInput {
    /// Name.
    pub name: String,
    /// Subnets, at least two in different zones.
    pub subnets: Vec<String>,
    /// Security groups (the VPC's default group when none).
    pub security_groups: Vec<String>,
    /// `internet-facing` (default) or `internal`.
    pub scheme: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
    /// `application` (default); the lab simulates no other type.
    #[serde(rename = "Type")]
    pub load_balancer_type: Option<String>,
    /// `ipv4` (default).
    pub ip_address_type: Option<String>,
}

/// A load balancer's state in an output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerState {
    /// `provisioning`, `active`.
    pub code: String,
}

/// A zone of a load balancer in an output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailabilityZone {
    /// The zone.
    pub zone_name: String,
    /// The subnet.
    pub subnet_id: String,
    /// Addresses (ALBs list none).
    pub load_balancer_addresses: Vec<serde_json::Value>,
}

/// A load balancer as `DescribeLoadBalancers` shows it (AWS's member order).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerDescription {
    /// ARN.
    pub load_balancer_arn: String,
    /// DNS name.
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    /// The Route 53 zone of the DNS name.
    pub canonical_hosted_zone_id: String,
    /// Created.
    pub created_time: Timestamp,
    /// Name.
    pub load_balancer_name: String,
    /// Scheme.
    pub scheme: String,
    /// VPC.
    pub vpc_id: String,
    /// State.
    pub state: LoadBalancerState,
    /// `application`.
    #[serde(rename = "Type")]
    pub load_balancer_type: String,
    /// Zones.
    pub availability_zones: Vec<AvailabilityZone>,
    /// Security groups.
    pub security_groups: Vec<String>,
    /// `ipv4`.
    pub ip_address_type: String,
}

/// `CreateLoadBalancer` / `DescribeLoadBalancers` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancersOutput {
    /// The load balancers.
    pub load_balancers: Vec<LoadBalancerDescription>,
}

/// `DescribeLoadBalancers` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeLoadBalancersInput {
    /// By ARN.
    pub load_balancer_arns: Vec<String>,
    /// By name.
    pub names: Vec<String>,
}

/// `DeleteLoadBalancer` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteLoadBalancerInput {
    /// The load balancer.
    pub load_balancer_arn: String,
}

/// The Route 53 hosted zone of an ALB's DNS names in `region`.
pub(crate) fn canonical_hosted_zone_id(region: &str) -> &'static str {
    match region {
        "ap-northeast-2" => "ZWKZPGTI48KDX",
        "ap-northeast-1" => "Z14GRHDCWA56QT",
        "us-east-1" => "Z35SXDOTRQ7X7K",
        "us-west-2" => "Z1H1FL5HABSF5",
        "eu-west-1" => "Z32O12XQLNTSW2",
        _ => "Z35SXDOTRQ7X7K",
    }
}

impl LoadBalancer {
    fn describe(&self, region: &str) -> LoadBalancerDescription {
        LoadBalancerDescription {
            load_balancer_arn: self.arn.clone(),
            dns_name: self.dns_name.clone(),
            canonical_hosted_zone_id: canonical_hosted_zone_id(region).into(),
            created_time: Timestamp(self.created),
            load_balancer_name: self.name.clone(),
            scheme: self.scheme.clone(),
            vpc_id: self.vpc_id.clone(),
            state: LoadBalancerState {
                code: self.state.clone(),
            },
            load_balancer_type: "application".into(),
            availability_zones: self
                .nodes
                .iter()
                .map(|n| AvailabilityZone {
                    zone_name: n.zone.clone(),
                    subnet_id: n.subnet_id.clone(),
                    load_balancer_addresses: Vec::new(),
                })
                .collect(),
            security_groups: self.security_groups.clone(),
            ip_address_type: "ipv4".into(),
        }
    }
}

impl Cloud {
    /// The load balancer with this ARN.
    pub fn load_balancer(&self, arn: &str) -> Option<&LoadBalancer> {
        self.elbv2.load_balancers.iter().find(|lb| lb.arn == arn)
    }

    /// The Route 53 hosted zone of this region's load balancers' names.
    pub fn load_balancer_zone_id(&self) -> &'static str {
        canonical_hosted_zone_id(self.region_name())
    }

    /// The load balancer whose DNS name is `host` (any case, trailing dot allowed).
    pub fn load_balancer_by_dns_name(&self, host: &str) -> Option<&LoadBalancer> {
        let host = host.trim_end_matches('.');
        self.elbv2
            .load_balancers
            .iter()
            .find(|lb| lb.dns_name.eq_ignore_ascii_case(host))
    }

    /// A private address in `subnet` that no instance or load balancer node uses.
    fn free_private_ip(&mut self, cidr: &str) -> Option<Ipv4Addr> {
        let cidr = Ipv4Cidr::parse(cidr, true).ok()?;
        let size = cidr.size();
        for _ in 0..100 {
            // AWS keeps the first four addresses and the last one.
            let offset = 4 + self
                .service_rng(SERVICE)
                .below(size.saturating_sub(5).max(1));
            let ip = Ipv4Addr::from(u32::from(cidr.network).wrapping_add(offset as u32));
            let used = self.ec2.instances.iter().any(|i| i.private_ip == ip)
                || self
                    .elbv2
                    .load_balancers
                    .iter()
                    .flat_map(|lb| &lb.nodes)
                    .any(|n| n.private_ip == ip);
            if !used {
                return Some(ip);
            }
        }
        None
    }

    /// A public address for a load balancer node, from the region's pool.
    fn node_public_ip(&mut self) -> Ipv4Addr {
        let prefixes = self.region().public_ipv4_prefixes;
        for _ in 0..1_000 {
            let pick = self.service_rng(SERVICE).below(prefixes.len() as u64) as usize;
            let Some(cidr) = prefixes
                .get(pick)
                .and_then(|p| Ipv4Cidr::parse(p, true).ok())
            else {
                continue;
            };
            let offset = self.service_rng(SERVICE).below(cidr.size()) as u32;
            let ip = Ipv4Addr::from(u32::from(cidr.network).wrapping_add(offset));
            let last = ip.octets()[3];
            if last == 0 || last == 255 || self.instance_by_public_ip(ip).is_some() {
                continue;
            }
            return ip;
        }
        Ipv4Addr::new(13, 124, 0, 10)
    }

    /// `elbv2 create-load-balancer`: an Application Load Balancer in the given
    /// subnets (at least two zones), `provisioning` until it is ready. The same
    /// name and settings again return the existing one, as AWS does.
    pub fn create_load_balancer(
        &mut self,
        input: CreateLoadBalancerInput,
    ) -> Result<LoadBalancersOutput, ElbError> {
        self.elbv2_call("CreateLoadBalancer", |c| {
            let name = input.name.trim().to_string();
            check_name("Load balancer", &name)?;
            if name.starts_with("internal-") {
                return Err(ElbError::Validation(
                    "Load balancer name cannot begin with 'internal-'".into(),
                ));
            }
            let kind = input.load_balancer_type.as_deref().unwrap_or("application");
            if kind != "application" {
                return Err(ElbError::Validation(format!(
                    "The lab simulates Application Load Balancers only, not type '{kind}'"
                )));
            }
            let scheme = input.scheme.clone().unwrap_or_else(|| "internet-facing".into());
            if scheme != "internet-facing" && scheme != "internal" {
                return Err(ElbError::Validation(format!(
                    "Value '{scheme}' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]"
                )));
            }
            if let Some(t) = input.ip_address_type.as_deref()
                && t != "ipv4"
            {
                return Err(ElbError::Validation(format!(
                    "The lab simulates IPv4 load balancers only, not '{t}'"
                )));
            }
            let mut subnets = Vec::new();
            for id in &input.subnets {
                let subnet = c
                    .subnet(id)
                    .cloned()
                    .ok_or_else(|| ElbError::SubnetNotFound(id.clone()))?;
                if subnets.iter().any(|s: &crate::ec2::Subnet| {
                    s.availability_zone == subnet.availability_zone
                }) {
                    return Err(ElbError::InvalidConfigurationRequest(
                        "A load balancer cannot be attached to multiple subnets in the same Availability Zone".into(),
                    ));
                }
                subnets.push(subnet);
            }
            if subnets.len() < 2 {
                return Err(ElbError::Validation(
                    "At least two subnets in two different Availability Zones must be specified"
                        .into(),
                ));
            }
            let vpc_id = subnets[0].vpc_id.clone();
            if subnets.iter().any(|s| s.vpc_id != vpc_id) {
                return Err(ElbError::InvalidConfigurationRequest(
                    "All subnets must belong to the same VPC".into(),
                ));
            }
            let mut groups = input.security_groups.clone();
            if groups.is_empty() {
                groups.extend(
                    c.ec2
                        .security_groups
                        .iter()
                        .find(|g| g.vpc_id == vpc_id && g.group_name == "default")
                        .map(|g| g.group_id.clone()),
                );
            }
            for g in &groups {
                match c.security_group(g) {
                    Some(sg) if sg.vpc_id == vpc_id => {}
                    _ => {
                        return Err(ElbError::InvalidSecurityGroup(format!(
                            "One or more security groups are invalid: '{g}'"
                        )));
                    }
                }
            }
            let region = c.config.region.clone();
            if let Some(existing) = c.elbv2.load_balancers.iter().find(|lb| lb.name == name) {
                let same = existing.scheme == scheme
                    && existing.security_groups == groups
                    && existing.nodes.iter().map(|n| &n.subnet_id).eq(subnets.iter().map(|s| &s.subnet_id));
                if same {
                    return Ok(LoadBalancersOutput {
                        load_balancers: vec![existing.describe(&region)],
                    });
                }
                return Err(ElbError::DuplicateLoadBalancerName(name));
            }
            if c.elbv2.load_balancers.len() >= 50 {
                return Err(ElbError::OperationNotPermitted(
                    "You have reached the limit of '50' load balancers for this Region".into(),
                ));
            }
            let mut nodes = Vec::new();
            for s in &subnets {
                let private_ip = c.free_private_ip(&s.cidr_block).ok_or_else(|| {
                    ElbError::InvalidConfigurationRequest(format!(
                        "Not enough IP space available in {}. ELB requires at least 8 free IP addresses in each subnet.",
                        s.subnet_id
                    ))
                })?;
                let public_ip = (scheme == "internet-facing").then(|| c.node_public_ip());
                nodes.push(LoadBalancerNode {
                    subnet_id: s.subnet_id.clone(),
                    zone: s.availability_zone.clone(),
                    private_ip,
                    public_ip,
                });
            }
            let hex = c.elbv2_hex_id();
            let digits = 1_000_000_000 + c.service_rng(SERVICE).below(9_000_000_000);
            let prefix = if scheme == "internal" { "internal-" } else { "" };
            let lb = LoadBalancer {
                arn: format!(
                    "arn:aws:elasticloadbalancing:{region}:{}:loadbalancer/app/{name}/{hex}",
                    c.config.account_id
                ),
                dns_name: format!("{prefix}{name}-{digits}.{region}.elb.amazonaws.com"),
                name,
                scheme,
                vpc_id,
                state: "provisioning".into(),
                created: c.now,
                active_at: c.now.plus(PROVISIONING_TIME),
                nodes,
                security_groups: groups,
                tags: input.tags.clone(),
            };
            let out = lb.describe(&region);
            c.elbv2.load_balancers.push(lb);
            Ok(LoadBalancersOutput {
                load_balancers: vec![out],
            })
        })
    }

    /// `elbv2 describe-load-balancers`: all, or those named (any unknown one fails).
    pub fn describe_load_balancers(
        &mut self,
        input: DescribeLoadBalancersInput,
    ) -> Result<LoadBalancersOutput, ElbError> {
        self.elbv2_call("DescribeLoadBalancers", |c| {
            let region = c.config.region.clone();
            let all = &c.elbv2.load_balancers;
            let mut out = Vec::new();
            if input.load_balancer_arns.is_empty() && input.names.is_empty() {
                out.extend(all.iter().map(|lb| lb.describe(&region)));
            }
            for arn in &input.load_balancer_arns {
                let lb = all
                    .iter()
                    .find(|lb| &lb.arn == arn)
                    .ok_or(ElbError::LoadBalancerNotFound)?;
                out.push(lb.describe(&region));
            }
            for name in &input.names {
                let lb = all
                    .iter()
                    .find(|lb| &lb.name == name)
                    .ok_or(ElbError::LoadBalancerNotFound)?;
                out.push(lb.describe(&region));
            }
            Ok(LoadBalancersOutput {
                load_balancers: out,
            })
        })
    }

    /// `elbv2 delete-load-balancer`: deletes it and its listeners and rules (its
    /// target groups stay). Deleting one that does not exist succeeds, as in AWS.
    pub fn delete_load_balancer(&mut self, input: DeleteLoadBalancerInput) -> Result<(), ElbError> {
        self.elbv2_call("DeleteLoadBalancer", |c| {
            let arn = input.load_balancer_arn.clone();
            if !arn.starts_with("arn:aws:elasticloadbalancing:") {
                return Err(ElbError::Validation(format!(
                    "'{arn}' is not a valid load balancer ARN"
                )));
            }
            let listeners: Vec<String> = c
                .elbv2
                .listeners
                .iter()
                .filter(|l| l.load_balancer_arn == arn)
                .map(|l| l.arn.clone())
                .collect();
            c.elbv2
                .rules
                .retain(|r| !listeners.contains(&r.listener_arn));
            c.elbv2.listeners.retain(|l| l.load_balancer_arn != arn);
            c.elbv2.load_balancers.retain(|lb| lb.arn != arn);
            c.elbv2_schedule_health_checks();
            Ok(())
        })
    }

    /// Load balancers that have become active by now (the clock hook).
    pub(crate) fn elbv2_activate_due(&mut self) {
        let now = self.now;
        let mut activated = false;
        for lb in &mut self.elbv2.load_balancers {
            if lb.state == "provisioning" && lb.active_at <= now {
                lb.state = "active".into();
                activated = true;
            }
        }
        if activated {
            self.elbv2_schedule_health_checks();
        }
    }

    /// When the next load balancer becomes active.
    pub(crate) fn elbv2_next_activation(&self) -> Option<SimTime> {
        self.elbv2
            .load_balancers
            .iter()
            .filter(|lb| lb.state == "provisioning")
            .map(|lb| lb.active_at)
            .min()
    }
}
