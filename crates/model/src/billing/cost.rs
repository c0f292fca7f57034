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
}

/// One line of the hourly bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    /// What it is.
    pub kind: CostKind,
    /// The resource id.
    pub resource_id: String,
    /// A short English description, e.g. `t3.micro (Linux/UNIX)`.
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
    /// The current hourly cost of the account, line by line, from every service.
    pub fn hourly_cost_breakdown(&self) -> CostBreakdown {
        let mut lines = Vec::new();
        for service in SERVICES {
            (service.cost_lines)(self, &mut lines);
        }
        let total_usd_per_hour = lines.iter().fold(0.0, |sum, l| sum + l.usd_per_hour);
        CostBreakdown {
            lines,
            total_usd_per_hour,
        }
    }
}
