//! What things cost: on-demand list prices for the instance types and regions the
//! labs use, EBS storage per GB-month, and what the other ways of buying EC2
//! (Savings Plans, Reserved Instances, Spot, Dedicated Hosts) change on the bill.
//!
//! Listed prices are AWS's public Linux on-demand prices as of [`PRICES_AS_OF`] for
//! Seoul (`ap-northeast-2`) and N. Virginia (`us-east-1`). Any other region or type
//! is estimated from the us-east-1 price and the region's price factor, and says so
//! ([`InstancePrice::listed`]). The discounts of the other purchase options are
//! representative rates (AWS publishes one per type, term and payment; these are
//! rounded from those of the T3 and M5 families), labelled as such wherever shown.
//!
//! The cost meter ([`crate::ec2::billing`]) and the scenario a lab asks the learner
//! to price ([`Scenario::monthly_cost_usd`]) read the same tables, so an answer
//! worked out from the readings agrees with the bill.

use serde::{Deserialize, Serialize};

use crate::billing::cost::HOURS_PER_MONTH;
use crate::catalog::{self, PUBLIC_IPV4_PRICE_PER_HOUR};

/// When the listed prices were read from AWS's pricing pages.
pub const PRICES_AS_OF: &str = "2025-06";

/// Linux on-demand USD per hour in Seoul, as listed.
static SEOUL_LINUX: &[(&str, f64)] = &[
    ("t2.micro", 0.0144),
    ("t3.nano", 0.0065),
    ("t3.micro", 0.013),
    ("t3.small", 0.026),
    ("t3.medium", 0.052),
    ("t3.large", 0.104),
    ("t4g.micro", 0.0104),
    ("t4g.small", 0.0208),
    ("m5.large", 0.118),
    ("m5.xlarge", 0.236),
    ("c5.large", 0.096),
    ("r5.large", 0.152),
];

/// EBS USD per GB-month in Seoul, as listed.
static SEOUL_EBS: &[(&str, f64)] = &[("gp3", 0.0912), ("gp2", 0.114)];

/// EBS snapshot storage (standard tier), USD per GB-month, in both listed regions.
pub const SNAPSHOT_PRICE_PER_GB_MONTH: f64 = 0.05;

/// An instance type's on-demand price in a region.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InstancePrice {
    /// USD per hour (Linux).
    pub usd_per_hour: f64,
    /// Whether it is AWS's listed price (`false`: estimated from us-east-1).
    pub listed: bool,
}

/// The Linux on-demand price of `instance_type` in `region`, or `None` when the
/// type has no known price.
pub fn on_demand_linux(region: &str, instance_type: &str) -> Option<InstancePrice> {
    if region == "ap-northeast-2"
        && let Some((_, usd)) = SEOUL_LINUX.iter().find(|(t, _)| *t == instance_type)
    {
        return Some(InstancePrice {
            usd_per_hour: *usd,
            listed: true,
        });
    }
    let us_east = catalog::instance_type(instance_type)?.price_per_hour_usd?;
    let factor = catalog::region(region).map_or(1.0, |r| r.price_factor);
    Some(InstancePrice {
        usd_per_hour: us_east * factor,
        listed: region == "us-east-1",
    })
}

/// EBS storage price per GB-month of `volume_type` in `region`.
pub fn ebs_per_gb_month(region: &str, volume_type: &str) -> f64 {
    if region == "ap-northeast-2"
        && let Some((_, usd)) = SEOUL_EBS.iter().find(|(t, _)| *t == volume_type)
    {
        return *usd;
    }
    let factor = catalog::region(region).map_or(1.0, |r| r.price_factor);
    catalog::ebs_price_per_gb_month(volume_type) * factor.min(1.14)
}

/// A way of paying for EC2 capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PurchaseOption {
    /// Pay per second (60-second minimum each start), no commitment.
    #[serde(rename = "on-demand")]
    OnDemand,
    /// Compute Savings Plan, 1 year, no upfront: a $/hour commitment for any
    /// instance family, region or OS.
    #[serde(rename = "savings-plan-1y")]
    ComputeSavingsPlan1Year,
    /// Standard Reserved Instance, 1 year, no upfront: one type in one region.
    #[serde(rename = "reserved-1y-no-upfront")]
    Reserved1YearNoUpfront,
    /// Standard Reserved Instance, 3 years, all upfront.
    #[serde(rename = "reserved-3y-all-upfront")]
    Reserved3YearAllUpfront,
    /// Spare capacity at the current Spot price; EC2 may take it back with a
    /// two-minute notice.
    #[serde(rename = "spot")]
    Spot,
}

impl PurchaseOption {
    /// Every option, cheapest commitment first.
    pub const ALL: [PurchaseOption; 5] = [
        PurchaseOption::OnDemand,
        PurchaseOption::ComputeSavingsPlan1Year,
        PurchaseOption::Reserved1YearNoUpfront,
        PurchaseOption::Reserved3YearAllUpfront,
        PurchaseOption::Spot,
    ];

    /// The share of the on-demand rate it costs per hour (representative).
    pub fn rate_of_on_demand(self) -> f64 {
        match self {
            PurchaseOption::OnDemand => 1.0,
            PurchaseOption::ComputeSavingsPlan1Year => 0.72,
            PurchaseOption::Reserved1YearNoUpfront => 0.63,
            PurchaseOption::Reserved3YearAllUpfront => 0.38,
            PurchaseOption::Spot => 0.32,
        }
    }

    /// Its name, in English and Korean.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            PurchaseOption::OnDemand => ("On-Demand", "온디맨드"),
            PurchaseOption::ComputeSavingsPlan1Year => (
                "Compute Savings Plan, 1 year, no upfront",
                "Compute Savings Plan, 1년, 선결제 없음",
            ),
            PurchaseOption::Reserved1YearNoUpfront => (
                "Reserved Instance, 1 year, no upfront",
                "예약 인스턴스, 1년, 선결제 없음",
            ),
            PurchaseOption::Reserved3YearAllUpfront => (
                "Reserved Instance, 3 years, all upfront",
                "예약 인스턴스, 3년, 전체 선결제",
            ),
            PurchaseOption::Spot => ("Spot (typical price)", "스팟 (일반적인 가격)"),
        }
    }

    /// What it commits you to, in English and Korean.
    pub fn commitment(self) -> (&'static str, &'static str) {
        match self {
            PurchaseOption::OnDemand => (
                "None; billed per second while running",
                "없음, 실행 중일 때 초 단위 과금",
            ),
            PurchaseOption::ComputeSavingsPlan1Year => (
                "A $/hour spend for 1 year, paid whether used or not",
                "1년 동안 시간당 사용 금액 약정, 쓰지 않아도 지불",
            ),
            PurchaseOption::Reserved1YearNoUpfront => (
                "This type in this region for 1 year, paid every hour",
                "이 리전의 이 유형을 1년 약정, 매시간 지불",
            ),
            PurchaseOption::Reserved3YearAllUpfront => (
                "This type in this region for 3 years, paid at once",
                "이 리전의 이 유형을 3년 약정, 한 번에 지불",
            ),
            PurchaseOption::Spot => (
                "None, but EC2 can reclaim it with a 2-minute notice",
                "없음, 대신 EC2가 2분 전 통지 후 회수할 수 있음",
            ),
        }
    }
}

/// What one instance type costs a month under one purchase option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PurchaseQuote {
    /// The option.
    pub option: PurchaseOption,
    /// The effective USD per hour (an upfront payment spread over the term).
    pub usd_per_hour: f64,
    /// USD for a 730-hour month running all the time.
    pub usd_per_month: f64,
    /// The saving against on-demand, in percent.
    pub saving_percent: f64,
}

/// What a running `instance_type` in `region` costs a month under each option
/// (Linux, running all month), or `None` without a known price.
pub fn purchase_quotes(region: &str, instance_type: &str) -> Option<Vec<PurchaseQuote>> {
    let on_demand = on_demand_linux(region, instance_type)?.usd_per_hour;
    Some(
        PurchaseOption::ALL
            .iter()
            .map(|&option| {
                let rate = option.rate_of_on_demand();
                let usd_per_hour = on_demand * rate;
                PurchaseQuote {
                    option,
                    usd_per_hour,
                    usd_per_month: usd_per_hour * HOURS_PER_MONTH,
                    saving_percent: (1.0 - rate) * 100.0,
                }
            })
            .collect(),
    )
}

/// A Dedicated Host for the M5 family in us-east-1, USD per hour, billed per host
/// whatever runs on it (up to 48 `m5.large`, representative).
pub const M5_DEDICATED_HOST_US_EAST_1_PER_HOUR: f64 = 5.069;

/// A monthly bill a lab asks the learner to work out, in a 730-hour month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// The region, e.g. `ap-northeast-2`.
    pub region: String,
    /// Instances: type, how many, and how many hours a month each runs.
    pub instances: Vec<ScenarioInstances>,
    /// EBS volumes that exist all month.
    pub volumes: Vec<ScenarioVolumes>,
    /// Public IPv4 addresses held all month.
    pub public_ipv4_addresses: u32,
}

/// Instances of one type in a [`Scenario`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioInstances {
    /// The instance type.
    pub instance_type: String,
    /// How many.
    pub count: u32,
    /// Hours each runs in the month (730 = all month).
    pub hours: u32,
    /// How they are bought (on-demand when omitted).
    pub purchase: Option<PurchaseOption>,
}

/// EBS volumes of one type and size in a [`Scenario`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioVolumes {
    /// `gp3`, `gp2`, ...
    pub volume_type: String,
    /// How many.
    pub count: u32,
    /// Size of each, GiB.
    pub size_gib: u32,
}

/// Why a scenario cannot be priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// The region is not one AWS has.
    UnknownRegion(String),
    /// No price is known for this instance type.
    UnpricedType(String),
}

impl Scenario {
    /// Its cost for a 730-hour month, USD.
    pub fn monthly_cost_usd(&self) -> Result<f64, ScenarioError> {
        if catalog::region(&self.region).is_none() {
            return Err(ScenarioError::UnknownRegion(self.region.clone()));
        }
        let mut total = 0.0;
        for group in &self.instances {
            let price = on_demand_linux(&self.region, &group.instance_type)
                .ok_or_else(|| ScenarioError::UnpricedType(group.instance_type.clone()))?;
            let rate = group
                .purchase
                .unwrap_or(PurchaseOption::OnDemand)
                .rate_of_on_demand();
            total += price.usd_per_hour * rate * f64::from(group.hours) * f64::from(group.count);
        }
        for group in &self.volumes {
            total += ebs_per_gb_month(&self.region, &group.volume_type)
                * f64::from(group.size_gib)
                * f64::from(group.count);
        }
        total +=
            PUBLIC_IPV4_PRICE_PER_HOUR * HOURS_PER_MONTH * f64::from(self.public_ipv4_addresses);
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seoul_prices_are_listed_and_others_estimated() {
        let micro = on_demand_linux("ap-northeast-2", "t3.micro").unwrap();
        assert_eq!(
            micro,
            InstancePrice {
                usd_per_hour: 0.013,
                listed: true
            }
        );
        let virginia = on_demand_linux("us-east-1", "t3.micro").unwrap();
        assert_eq!(
            virginia,
            InstancePrice {
                usd_per_hour: 0.0104,
                listed: true
            }
        );
        let tokyo = on_demand_linux("ap-northeast-1", "t3.micro").unwrap();
        assert!(!tokyo.listed);
        assert!(tokyo.usd_per_hour > 0.0104);
        assert_eq!(on_demand_linux("ap-northeast-2", "x9.unknown"), None);
        assert_eq!(ebs_per_gb_month("ap-northeast-2", "gp3"), 0.0912);
        assert_eq!(ebs_per_gb_month("us-east-1", "gp3"), 0.08);
    }

    #[test]
    fn every_listed_seoul_type_is_a_known_type() {
        for (name, usd) in SEOUL_LINUX {
            let us_east = catalog::instance_type(name)
                .and_then(|t| t.price_per_hour_usd)
                .unwrap_or_else(|| panic!("{name} has no us-east-1 price"));
            // Seoul lists higher than N. Virginia, by less than half again.
            assert!(*usd > us_east && *usd < us_east * 1.5, "{name}");
        }
    }

    #[test]
    fn a_scenario_adds_instances_volumes_and_addresses() {
        let scenario = Scenario {
            region: "ap-northeast-2".into(),
            instances: vec![ScenarioInstances {
                instance_type: "t3.small".into(),
                count: 2,
                hours: 730,
                purchase: None,
            }],
            volumes: vec![ScenarioVolumes {
                volume_type: "gp3".into(),
                count: 2,
                size_gib: 20,
            }],
            public_ipv4_addresses: 2,
        };
        let cost = scenario.monthly_cost_usd().unwrap();
        let expected = 2.0 * 0.026 * 730.0 + 40.0 * 0.0912 + 2.0 * 0.005 * 730.0;
        assert!((cost - expected).abs() < 1e-9, "{cost} vs {expected}");
        let reserved = Scenario {
            instances: vec![ScenarioInstances {
                purchase: Some(PurchaseOption::Reserved1YearNoUpfront),
                ..scenario.instances[0].clone()
            }],
            ..scenario.clone()
        };
        assert!(reserved.monthly_cost_usd().unwrap() < cost);
        let nowhere = Scenario {
            region: "xx-nowhere-1".into(),
            ..scenario
        };
        assert_eq!(
            nowhere.monthly_cost_usd(),
            Err(ScenarioError::UnknownRegion("xx-nowhere-1".into()))
        );
    }

    #[test]
    fn quotes_get_cheaper_with_commitment() {
        let quotes = purchase_quotes("ap-northeast-2", "m5.large").unwrap();
        assert_eq!(quotes[0].option, PurchaseOption::OnDemand);
        assert!((quotes[0].usd_per_month - 0.118 * 730.0).abs() < 1e-9);
        for pair in quotes.windows(2) {
            assert!(pair[1].usd_per_hour < pair[0].usd_per_hour);
        }
    }
}
