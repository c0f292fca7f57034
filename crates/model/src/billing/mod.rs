//! Billing: a cost meter that accrues what the account's resources cost as
//! the simulated clock moves (month-to-date cost, by kind of charge), AWS
//! Budgets with e-mail alerts ([`budgets`]), and the free tier tables
//! ([`free_tier`]).
//!
//! The hourly rates come from every service's cost lines ([`cost`]; EC2's in
//! [`crate::ec2::billing`]: running instances by
//! type, EBS storage per GB-month, every public IPv4 address at $0.005/h
//! since 2024-02-01, idle Elastic IPs, snapshots per GB-month of the data they
//! hold). Amounts are kept in pico-dollars
//! (integers), so saved accounts round-trip exactly. The meter shows the
//! gross cost: free-tier allowances and credits are not subtracted.

pub mod budgets;
pub mod cost;
pub mod free_tier;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::{SimTime, days_from_civil};
use crate::cloud::Cloud;
use cost::CostKind;

/// Pico-dollars in a dollar.
pub const PICO_PER_USD: u64 = 1_000_000_000_000;

/// What one calendar month has cost so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCharges {
    /// The year.
    pub year: i64,
    /// The month, 1..=12.
    pub month: u32,
    /// Pico-dollars by kind of charge (`Instance`, `EbsVolume`, ...).
    pub by_kind: BTreeMap<String, u64>,
}

impl MonthCharges {
    /// The month's total in dollars.
    pub fn total_usd(&self) -> f64 {
        self.by_kind.values().sum::<u64>() as f64 / PICO_PER_USD as f64
    }
}

/// What the current UTC day has cost so far (what a `DAILY` budget compares).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCharges {
    /// The year.
    pub year: i64,
    /// The month, 1..=12.
    pub month: u32,
    /// The day of the month.
    pub day: u32,
    /// Pico-dollars charged that day.
    pub pico: u64,
}

/// The account's billing state: accrued charges, budgets, sent alerts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BillingState {
    /// Charges per month, oldest first.
    pub(crate) months: Vec<MonthCharges>,
    /// Charges of the latest day the clock reached (absent in older saves).
    #[serde(default)]
    pub(crate) today: DayCharges,
    /// Budgets.
    pub(crate) budgets: Vec<budgets::Budget>,
    /// Alerts sent.
    pub(crate) notifications: Vec<budgets::SentNotification>,
    /// Month-to-date totals taken every six hours while a billing alarm exists
    /// (CloudWatch's `EstimatedCharges`), oldest first.
    #[serde(default)]
    pub(crate) charge_samples: Vec<(SimTime, f64)>,
    /// In us-east-1 when it is not the account's own region: the account's
    /// samples, copied from its own region as the clock moves.
    #[serde(default)]
    pub(crate) account_charge_samples: Vec<(SimTime, f64)>,
}

/// Midnight UTC at the start of a calendar day (the account's creation
/// when that day began earlier).
pub(crate) fn start_of_day(year: i64, month: u32, day: u32) -> SimTime {
    let unix_ms = days_from_civil(year, month, day).saturating_mul(86_400_000);
    let base = crate::clock::ACCOUNT_CREATED_UNIX_MS as i64;
    SimTime(u64::try_from(unix_ms - base).unwrap_or(0))
}

/// The start of the calendar month after the one containing `t`.
pub(crate) fn next_month_start(t: SimTime) -> SimTime {
    let u = t.to_utc();
    let (y, m) = if u.month == 12 {
        (u.year + 1, 1)
    } else {
        (u.year, u.month + 1)
    };
    start_of_day(y, m, 1)
}

/// The start of the UTC day after the one containing `t`.
pub(crate) fn next_day_start(t: SimTime) -> SimTime {
    let u = t.to_utc();
    let (y, m, d) = crate::clock::civil_from_days(days_from_civil(u.year, u.month, u.day) + 1);
    start_of_day(y, m, d)
}

fn kind_name(kind: CostKind) -> &'static str {
    match kind {
        CostKind::Instance => "Instance",
        CostKind::EbsVolume => "EbsVolume",
        CostKind::PublicIpv4 => "PublicIpv4",
        CostKind::ElasticIp => "ElasticIp",
        CostKind::IdleElasticIp => "IdleElasticIp",
        CostKind::Snapshot => "Snapshot",
        CostKind::Alarm => "Alarm",
        CostKind::LoadBalancer => "LoadBalancer",
        CostKind::NatGateway => "NatGateway",
        CostKind::S3Storage => "S3Storage",
        CostKind::DbInstance => "DbInstance",
        CostKind::DbStorage => "DbStorage",
        CostKind::CacheNode => "CacheNode",
        CostKind::DaxNode => "DaxNode",
        CostKind::HostedZone => "HostedZone",
        CostKind::HealthCheck => "HealthCheck",
    }
}

impl Cloud {
    /// Accrues the current hourly rates from now until `until` (split at
    /// day and month boundaries) and moves the clock there, checking budgets
    /// at each step.
    pub(crate) fn accrue_until(&mut self, until: SimTime) {
        while self.now < until {
            let step_end = until
                .min(next_month_start(self.now))
                .min(next_day_start(self.now));
            let ms = u128::from(step_end.0 - self.now.0);
            for line in &self.own_cost_lines() {
                let pico_per_hour =
                    (line.usd_per_hour * PICO_PER_USD as f64).round().max(0.0) as u128;
                let add = u64::try_from(pico_per_hour * ms / 3_600_000).unwrap_or(u64::MAX);
                self.add_charge(line.kind, add);
            }
            self.now = step_end;
            self.check_budgets();
        }
    }

    /// Adds `pico` pico-dollars of `kind` to the current month and day: what
    /// [`Cloud::accrue_until`] adds for each line, and one-off charges such as the
    /// rest of an instance's first minute when it stops sooner.
    pub(crate) fn add_charge(&mut self, kind: CostKind, pico: u64) {
        let u = self.now.to_utc();
        let month = match self
            .billing
            .months
            .iter()
            .position(|m| m.year == u.year && m.month == u.month)
        {
            Some(i) => i,
            None => {
                self.billing.months.push(MonthCharges {
                    year: u.year,
                    month: u.month,
                    by_kind: BTreeMap::new(),
                });
                self.billing.months.len() - 1
            }
        };
        if let Some(m) = self.billing.months.get_mut(month) {
            let e = m.by_kind.entry(kind_name(kind).to_string()).or_insert(0);
            *e = e.saturating_add(pico);
        }
        let today = &mut self.billing.today;
        if (today.year, today.month, today.day) != (u.year, u.month, u.day) {
            *today = DayCharges {
                year: u.year,
                month: u.month,
                day: u.day,
                pico: 0,
            };
        }
        today.pico = today.pico.saturating_add(pico);
    }

    /// Charges of the current calendar month so far, in every region the
    /// account uses.
    pub fn month_to_date(&self) -> MonthCharges {
        let u = self.now.to_utc();
        let mut month = self
            .billing
            .months
            .iter()
            .find(|m| m.year == u.year && m.month == u.month)
            .cloned()
            .unwrap_or(MonthCharges {
                year: u.year,
                month: u.month,
                by_kind: BTreeMap::new(),
            });
        for other in self.other_regions.values() {
            for (kind, pico) in other.month_to_date().by_kind {
                let e = month.by_kind.entry(kind).or_insert(0);
                *e = e.saturating_add(pico);
            }
        }
        month
    }

    /// Month-to-date cost in dollars.
    pub fn month_to_date_usd(&self) -> f64 {
        self.month_to_date().total_usd()
    }

    /// What the current UTC day has cost so far, in dollars.
    pub fn day_to_date_usd(&self) -> f64 {
        let u = self.now.to_utc();
        let today = &self.billing.today;
        let own = if (today.year, today.month, today.day) == (u.year, u.month, u.day) {
            today.pico as f64 / PICO_PER_USD as f64
        } else {
            0.0
        };
        own + self
            .other_regions
            .values()
            .map(Cloud::day_to_date_usd)
            .sum::<f64>()
    }

    /// Every month's charges so far, oldest first.
    pub fn monthly_charges(&self) -> &[MonthCharges] {
        &self.billing.months
    }

    /// The cost forecast for the current month: month-to-date plus the
    /// current hourly rate until the month ends (a simplification of AWS's
    /// forecast, which needs weeks of history).
    pub fn forecast_month_usd(&self) -> f64 {
        let hours_left = next_month_start(self.now).since(self.now).as_secs_f64() / 3600.0;
        self.month_to_date_usd() + self.hourly_cost_breakdown().total_usd_per_hour * hours_left
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, Architecture, OsFamily};
    use crate::ec2::addresses::AllocateAddressInput;
    use crate::ec2::instances::RunInstancesInput;
    use std::time::Duration;

    #[test]
    fn month_boundaries() {
        // The account starts 2026-01-05 09:00; February starts 26 days 15 h later.
        let feb = next_month_start(SimTime::ZERO);
        assert_eq!(feb.to_iso8601(), "2026-02-01T00:00:00Z");
        assert_eq!(next_month_start(feb).to_iso8601(), "2026-03-01T00:00:00Z");
        assert_eq!(
            next_day_start(SimTime::ZERO).to_iso8601(),
            "2026-01-06T00:00:00Z"
        );
        let jan31 = start_of_day(2026, 1, 31);
        assert_eq!(next_day_start(jan31).to_iso8601(), "2026-02-01T00:00:00Z");
        assert_eq!(
            start_of_day(2025, 12, 1),
            SimTime::ZERO,
            "before the account"
        );
    }

    #[test]
    fn the_day_to_date_starts_again_at_midnight() {
        let mut cloud = Cloud::default();
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        // 09:00 to 19:00 on the first day: ten hours at $0.005.
        cloud.advance(Duration::from_secs(10 * 3600));
        assert!((cloud.day_to_date_usd() - 0.05).abs() < 1e-9);
        // 19:00 to 01:00 the next day: one hour of the new day.
        cloud.advance(Duration::from_secs(6 * 3600));
        assert!((cloud.day_to_date_usd() - 0.005).abs() < 1e-9);
        assert!((cloud.month_to_date_usd() - 0.08).abs() < 1e-9);
    }

    #[test]
    fn the_meter_accrues_as_time_passes() {
        let mut cloud = Cloud::default();
        cloud.advance(Duration::from_secs(3600));
        assert_eq!(cloud.month_to_date_usd(), 0.0);
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        cloud.advance(Duration::from_secs(10 * 3600));
        let mtd = cloud.month_to_date();
        assert!(
            (cloud.month_to_date_usd() - 0.05).abs() < 1e-9,
            "{}",
            cloud.month_to_date_usd()
        );
        assert_eq!(mtd.by_kind.keys().collect::<Vec<_>>(), ["IdleElasticIp"]);
        let image_id = catalog::image_for(
            "ap-northeast-2",
            OsFamily::AmazonLinux2023,
            Architecture::X86_64,
        )
        .unwrap()
        .image_id;
        cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                ..Default::default()
            })
            .unwrap();
        cloud.advance(Duration::from_secs(24 * 3600));
        let kinds: Vec<String> = cloud.month_to_date().by_kind.keys().cloned().collect();
        assert!(
            kinds.contains(&"Instance".to_string()) && kinds.contains(&"EbsVolume".to_string())
        );
        assert!(cloud.forecast_month_usd() > cloud.month_to_date_usd());
        // A new month starts from zero.
        cloud.advance(Duration::from_secs(30 * 24 * 3600));
        assert_eq!(cloud.monthly_charges().len(), 2);
        assert!(cloud.month_to_date_usd() < cloud.monthly_charges()[0].total_usd() + 100.0);
    }
}
