//! The hourly bill: one line per resource that costs money now, gathered from every
//! service's hook (see [`crate::services`]).

use serde::{Deserialize, Serialize};

use crate::cloud::Cloud;
use crate::services::SERVICES;

/// Hours in a billing month, as AWS prices GB-months.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// What kind of charge a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CostKind {
    /// A running instance.
    Instance,
    /// EBS storage.
    EbsVolume,
    /// A public IPv4 address on an instance (auto-assigned).
    PublicIpv4,
    /// An Elastic IP on a running instance.
    ElasticIp,
    /// An Elastic IP not on a running instance (idle).
    IdleElasticIp,
    /// EBS snapshot storage.
    Snapshot,
    /// A CloudWatch alarm.
    Alarm,
    /// An Elastic Load Balancing load balancer's hour.
    LoadBalancer,
    /// A NAT gateway's hour.
    NatGateway,
    /// Objects stored in S3.
    S3Storage,
    /// An RDS DB instance's hour.
    DbInstance,
    /// An RDS DB instance's storage.
    DbStorage,
    /// ElastiCache nodes' hours.
    CacheNode,
    /// DAX nodes' hours.
    DaxNode,
    /// A Route 53 hosted zone.
    HostedZone,
    /// A Route 53 health check.
    HealthCheck,
}

impl CostKind {
    /// What the line is, in English and Korean (the console's names).
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            CostKind::Instance => ("Instance", "인스턴스"),
            CostKind::EbsVolume => ("EBS volume", "EBS 볼륨"),
            CostKind::PublicIpv4 => ("Public IPv4 address", "퍼블릭 IPv4 주소"),
            CostKind::ElasticIp => ("Elastic IP (in use)", "탄력적 IP (사용 중)"),
            CostKind::IdleElasticIp => (
                "Elastic IP (idle: not on a running instance)",
                "탄력적 IP (유휴: 실행 중인 인스턴스에 연결되지 않음)",
            ),
            CostKind::Snapshot => ("EBS snapshot", "EBS 스냅샷"),
            CostKind::Alarm => ("CloudWatch alarm", "CloudWatch 경보"),
            CostKind::HostedZone => ("Route 53 hosted zone", "Route 53 호스팅 영역"),
            CostKind::HealthCheck => ("Route 53 health check", "Route 53 상태 검사"),
            CostKind::LoadBalancer => ("Load balancer", "로드 밸런서"),
            CostKind::NatGateway => ("NAT gateway", "NAT 게이트웨이"),
            CostKind::S3Storage => ("S3 storage", "S3 스토리지"),
            CostKind::DbInstance => ("RDS DB instance", "RDS DB 인스턴스"),
            CostKind::DbStorage => ("RDS storage", "RDS 스토리지"),
            CostKind::CacheNode => ("ElastiCache nodes", "ElastiCache 노드"),
            CostKind::DaxNode => ("DAX nodes", "DAX 노드"),
        }
    }
}

/// One line of the hourly bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    /// What it is.
    pub kind: CostKind,
    /// The resource id.
    pub resource_id: String,
    /// What it is, in words that read the same in any language: `t3.micro
    /// (Linux/UNIX)`, `8 GiB gp3`, an address `3.35.10.20`. The kind says the rest.
    pub description: String,
    /// USD per hour.
    pub usd_per_hour: f64,
}

/// The account's hourly cost, line by line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostBreakdown {
    /// The lines.
    pub lines: Vec<CostLine>,
    /// Their sum, USD per hour.
    pub total_usd_per_hour: f64,
}

impl Cloud {
    /// This region's lines of the hourly bill (what it accrues itself).
    pub(crate) fn own_cost_lines(&self) -> Vec<CostLine> {
        let mut lines = Vec::new();
        for service in SERVICES {
            (service.cost_lines)(self, &mut lines);
        }
        lines
    }

    /// The current hourly cost of the account, line by line, from every service,
    /// in every region it uses (another region's lines name it).
    pub fn hourly_cost_breakdown(&self) -> CostBreakdown {
        let mut lines = self.own_cost_lines();
        for (code, other) in &self.other_regions {
            lines.extend(
                other
                    .hourly_cost_breakdown()
                    .lines
                    .into_iter()
                    .map(|mut l| {
                        l.description = format!("{} ({code})", l.description);
                        l
                    }),
            );
        }
        let total_usd_per_hour = lines.iter().fold(0.0, |sum, l| sum + l.usd_per_hour);
        CostBreakdown {
            lines,
            total_usd_per_hour,
        }
    }
}
