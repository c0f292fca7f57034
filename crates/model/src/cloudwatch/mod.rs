//! Amazon CloudWatch: metrics and metric alarms.
//!
//! Simulated: EC2's `CPUUtilization` per instance (basic monitoring's 5-minute
//! samples, or 1-minute ones with detailed monitoring), derived from what the
//! instance was doing; custom metrics from `PutMetricData`; `GetMetricStatistics`
//! and `ListMetrics`; metric alarms with M-of-N evaluation every minute on the
//! clock, `TreatMissingData`, state history, and $0.10 per alarm-month on the bill;
//! alarm notifications to SNS topics; the billing metric in us-east-1; dashboards.
//! Not simulated: `GetMetricData` math expressions, composite and anomaly-detection
//! alarms, percentiles, dashboards' price ($3 a month after the first three).

pub mod alarms;
pub mod billing;
pub mod dashboards;
pub mod errors;
pub mod metric_data;
pub mod metrics;
mod notifications;

use serde::{Deserialize, Serialize};

use crate::billing::cost::{CostKind, CostLine, HOURS_PER_MONTH};
use crate::cloud::Cloud;
use errors::CloudWatchError;

/// A standard-resolution alarm's price per month (USD).
pub const ALARM_PRICE_PER_MONTH: f64 = 0.10;

/// CloudWatch's state in one account and region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CloudWatchState {
    /// Metric alarms.
    pub(crate) alarms: Vec<alarms::Alarm>,
    /// Alarm history, oldest first.
    pub(crate) history: Vec<alarms::AlarmHistoryEntry>,
    /// Datapoints sent with `PutMetricData`.
    pub(crate) custom: Vec<metrics::CustomDatapoint>,
    /// Dashboards, by name (absent in saves from before chapter 15).
    #[serde(default)]
    pub(crate) dashboards: Vec<dashboards::Dashboard>,
}

impl Cloud {
    /// Runs one CloudWatch operation as the current caller: authorized against
    /// `cloudwatch:<Operation>` on `*`, and logged.
    pub(crate) fn cloudwatch_call<T>(
        &mut self,
        operation: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, CloudWatchError>,
    ) -> Result<T, CloudWatchError> {
        let action = format!("cloudwatch:{operation}");
        self.service_call(
            "cloudwatch",
            operation,
            |_, _| Some((action, "*".to_string(), Default::default())),
            body,
        )
    }

    /// CloudWatch's lines of the bill: each alarm.
    pub(crate) fn cloudwatch_cost_lines(&self, lines: &mut Vec<CostLine>) {
        for a in &self.cloudwatch.alarms {
            lines.push(CostLine {
                kind: CostKind::Alarm,
                resource_id: a.name.clone(),
                description: a.metric_name.clone(),
                usd_per_hour: ALARM_PRICE_PER_MONTH / HOURS_PER_MONTH,
            });
        }
    }
}
