//! Metrics: EC2's `CPUUtilization` per instance, derived from the model (what the
//! instance was doing each minute; a sample every 5 minutes with basic monitoring,
//! every minute with detailed), and custom metrics from `PutMetricData`;
//! `GetMetricStatistics` and `ListMetrics` over them.

use serde::{Deserialize, Serialize};

use super::errors::CloudWatchError;
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::ec2::{Instance, InstanceStateName};

/// A metric's dimension (`InstanceId=i-…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Dimension {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
}

/// A datapoint sent with `PutMetricData`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomDatapoint {
    /// Namespace (not `AWS/…`).
    pub namespace: String,
    /// Metric name.
    pub metric_name: String,
    /// Dimensions, sorted.
    pub dimensions: Vec<Dimension>,
    /// When.
    pub at: SimTime,
    /// The value.
    pub value: f64,
    /// The unit (`None` when not given).
    pub unit: String,
}

/// The statistics CloudWatch computes.
pub const STATISTICS: [&str; 5] = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

/// The most datapoints one `GetMetricStatistics` call returns.
pub const MAX_DATAPOINTS: u64 = 1_440;

/// A sample of a metric: when and how much.
pub(crate) type Sample = (SimTime, f64);

fn hash(text: &str, n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// The state an instance was in at `t`, from its history.
fn state_at(instance: &Instance, t: SimTime) -> Option<InstanceStateName> {
    instance
        .state_history
        .iter()
        .take_while(|c| c.at <= t)
        .last()
        .map(|c| c.state)
}

/// An instance's CPU utilization over the minute that ends at `t`, in percent,
/// or `None` if it was not running then. An idle Linux server: a few percent,
/// more in its first five minutes after boot (cloud-init, user data); load the lab puts on it adds to that.
pub(crate) fn cpu_percent(instance: &Instance, t: SimTime) -> Option<f64> {
    if state_at(instance, t) != Some(InstanceStateName::Running) {
        return None;
    }
    let minute = t.0 / 60_000;
    let noise = (hash(&instance.instance_id, minute) % 1_000) as f64 / 1_000.0;
    let since_boot = instance
        .state_history
        .iter()
        .rev()
        .find(|c| c.at <= t && c.state == InstanceStateName::Running)
        .map_or(u64::MAX, |c| t.since(c.at).as_secs());
    let boot = if since_boot < 300 { 18.0 } else { 0.0 };
    let load = crate::ec2::load::load_cpu(&instance.load, t);
    let cpu = (0.4 + 1.6 * noise + boot + load).min(100.0);
    Some((cpu * 100.0).round() / 100.0)
}

impl Cloud {
    /// The samples of one metric between `start` (inclusive) and `end`
    /// (exclusive), oldest first.
    pub(crate) fn metric_samples(
        &self,
        namespace: &str,
        metric_name: &str,
        dimensions: &[Dimension],
        start: SimTime,
        end: SimTime,
    ) -> Vec<Sample> {
        if namespace == "AWS/EC2" && metric_name == "CPUUtilization" {
            let [Dimension { name, value }] = dimensions else {
                return Vec::new();
            };
            if name == "AutoScalingGroupName" {
                // The group's instances (tagged by Auto Scaling), each sample counted.
                let mut out: Vec<Sample> = self
                    .ec2
                    .instances
                    .iter()
                    .filter(|i| i.tags.get("aws:autoscaling:groupName") == Some(value))
                    .flat_map(|i| {
                        let dims = [Dimension {
                            name: "InstanceId".into(),
                            value: i.instance_id.clone(),
                        }];
                        self.metric_samples(namespace, metric_name, &dims, start, end)
                    })
                    .collect();
                out.sort_by_key(|(t, _)| *t);
                return out;
            }
            let Some(instance) = self.instance(value).filter(|_| name == "InstanceId") else {
                return Vec::new();
            };
            // Basic monitoring sends a sample every 5 minutes, detailed every minute.
            let every: u64 = if instance.monitoring { 60_000 } else { 300_000 };
            let mut out = Vec::new();
            let mut t = start.0.div_ceil(every) * every;
            while t < end.0 && t <= self.now.0 {
                let at = SimTime(t);
                if let Some(cpu) = cpu_percent(instance, at) {
                    out.push((at, cpu));
                }
                t += every;
            }
            return out;
        }
        if namespace == super::billing::BILLING_NAMESPACE
            && metric_name == super::billing::ESTIMATED_CHARGES
        {
            return self.billing_samples(dimensions, start, end);
        }
        let mut wanted = dimensions.to_vec();
        wanted.sort();
        self.cloudwatch
            .custom
            .iter()
            .filter(|d| {
                d.namespace == namespace
                    && d.metric_name == metric_name
                    && d.dimensions == wanted
                    && d.at >= start
                    && d.at < end
            })
            .map(|d| (d.at, d.value))
            .collect()
    }
}

impl Cloud {
    #[allow(clippy::too_many_arguments)]
    /// A metric's `statistic` per `period_secs` between `start` and `end`, oldest
    /// first, periods without data left out (what a console graph draws; no API
    /// call is logged).
    pub fn metric_series(
        &self,
        namespace: &str,
        metric_name: &str,
        dimensions: &[Dimension],
        start: SimTime,
        end: SimTime,
        period_secs: u64,
        statistic_name: &str,
    ) -> Vec<(SimTime, f64)> {
        let period = period_secs.max(60) * 1_000;
        let mut out = Vec::new();
        let mut from = start.0 / period * period;
        while from < end.0 {
            let values: Vec<f64> = self
                .metric_samples(
                    namespace,
                    metric_name,
                    dimensions,
                    SimTime(from + 1),
                    SimTime(from + period + 1),
                )
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            if let Some(v) = statistic(statistic_name, &values) {
                out.push((SimTime(from + period), v));
            }
            from += period;
        }
        out
    }
}

/// Computes `statistic` over `values`.
pub(crate) fn statistic(statistic: &str, values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let sum: f64 = values.iter().sum();
    Some(match statistic {
        "SampleCount" => values.len() as f64,
        "Sum" => sum,
        "Minimum" => values.iter().copied().fold(f64::INFINITY, f64::min),
        "Maximum" => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        _ => sum / values.len() as f64,
    })
}

/// `GetMetricStatistics` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetMetricStatisticsInput {
    /// `AWS/EC2` or a custom namespace.
    pub namespace: String,
    /// `CPUUtilization` ...
    pub metric_name: String,
    /// `InstanceId=i-…`.
    pub dimensions: Vec<Dimension>,
    /// From (ISO 8601 or Unix seconds).
    pub start_time: String,
    /// Until.
    pub end_time: String,
    /// Seconds per datapoint (a multiple of 60).
    pub period: i64,
    /// `Average`, `Maximum` ...
    pub statistics: Vec<String>,
    /// Only datapoints of this unit.
    pub unit: Option<String>,
}

/// One datapoint of `GetMetricStatistics` (AWS's member order).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Datapoint {
    /// The start of the period.
    pub timestamp: Timestamp,
    /// How many samples.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_count: Option<f64>,
    /// Their mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average: Option<f64>,
    /// Their sum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<f64>,
    /// The smallest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// The largest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// `Percent`, `Count` ...
    pub unit: String,
}

/// `GetMetricStatistics` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricStatisticsOutput {
    /// The metric name.
    pub label: String,
    /// The datapoints, oldest first.
    pub datapoints: Vec<Datapoint>,
}

/// `ListMetrics` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListMetricsInput {
    /// Only this namespace.
    pub namespace: Option<String>,
    /// Only this metric.
    pub metric_name: Option<String>,
    /// Only metrics with these dimensions.
    pub dimensions: Vec<DimensionFilter>,
}

/// A dimension filter in `ListMetrics` (a value is optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DimensionFilter {
    /// The name.
    pub name: String,
    /// The value, if any.
    pub value: Option<String>,
}

/// A metric as `ListMetrics` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Metric {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub metric_name: String,
    /// Dimensions.
    pub dimensions: Vec<Dimension>,
}

/// `ListMetrics` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMetricsOutput {
    /// The metrics.
    pub metrics: Vec<Metric>,
}

/// `PutMetricData` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutMetricDataInput {
    /// A custom namespace (`AWS/` is reserved).
    pub namespace: String,
    /// The datapoints.
    pub metric_data: Vec<MetricDatum>,
}

/// One datapoint of `PutMetricData`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetricDatum {
    /// Metric name.
    pub metric_name: String,
    /// Dimensions.
    pub dimensions: Vec<Dimension>,
    /// When (now when omitted).
    pub timestamp: Option<String>,
    /// The value.
    pub value: Option<f64>,
    /// Unit.
    pub unit: Option<String>,
}

/// Reads a timestamp parameter, with CloudWatch's error.
pub(crate) fn parse_time(name: &str, text: &str) -> Result<SimTime, CloudWatchError> {
    if text.trim().is_empty() {
        return Err(CloudWatchError::MissingParameter(format!(
            "The parameter {name} is required."
        )));
    }
    SimTime::parse(text).ok_or_else(|| {
        CloudWatchError::InvalidParameterValue(format!(
            "The parameter {name} must be a valid ISO 8601 timestamp, and not before the account existed."
        ))
    })
}

impl Cloud {
    /// `cloudwatch get-metric-statistics`.
    pub fn get_metric_statistics(
        &mut self,
        input: GetMetricStatisticsInput,
    ) -> Result<GetMetricStatisticsOutput, CloudWatchError> {
        self.cloudwatch_call("GetMetricStatistics", |c| {
            let start = parse_time("StartTime", &input.start_time)?;
            let end = parse_time("EndTime", &input.end_time)?;
            if start >= end {
                return Err(CloudWatchError::InvalidParameterValue(
                    "The parameter StartTime must be less than the parameter EndTime.".into(),
                ));
            }
            if input.period < 60 || input.period % 60 != 0 {
                return Err(CloudWatchError::InvalidParameterValue(
                    "The parameter Period must be a multiple of 60.".into(),
                ));
            }
            if input.statistics.is_empty() {
                return Err(CloudWatchError::MissingParameter(
                    "Must specify either Statistics or ExtendedStatistics.".into(),
                ));
            }
            for (n, s) in input.statistics.iter().enumerate() {
                if !STATISTICS.contains(&s.as_str()) {
                    return Err(CloudWatchError::InvalidParameterValue(format!(
                        "The parameter Statistics.member.{} must be a value in the set [ Minimum, Maximum, Sum, SampleCount, Average ].",
                        n + 1
                    )));
                }
            }
            let period_ms = input.period as u64 * 1_000;
            let count = (end.0 - start.0).div_ceil(period_ms);
            if count > MAX_DATAPOINTS {
                return Err(CloudWatchError::InvalidParameterCombination(format!(
                    "You have requested up to {count} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range."
                )));
            }
            let unit = if input.namespace == "AWS/EC2" {
                "Percent".to_string()
            } else {
                input.unit.clone().unwrap_or_else(|| "None".into())
            };
            let samples =
                c.metric_samples(&input.namespace, &input.metric_name, &input.dimensions, start, end);
            let mut datapoints = Vec::new();
            let mut from = start.0;
            while from < end.0 {
                let to = (from + period_ms).min(end.0);
                // A sample stamped at the end of its minute belongs to that minute.
                let values: Vec<f64> = samples
                    .iter()
                    .filter(|(at, _)| at.0 > from && at.0 <= to)
                    .map(|(_, v)| *v)
                    .collect();
                if !values.is_empty() {
                    let stat = |name: &str| {
                        input
                            .statistics
                            .iter()
                            .any(|s| s == name)
                            .then(|| statistic(name, &values))
                            .flatten()
                    };
                    datapoints.push(Datapoint {
                        timestamp: Timestamp(SimTime(from)),
                        sample_count: stat("SampleCount"),
                        average: stat("Average"),
                        sum: stat("Sum"),
                        minimum: stat("Minimum"),
                        maximum: stat("Maximum"),
                        unit: unit.clone(),
                    });
                }
                from = to;
            }
            Ok(GetMetricStatisticsOutput {
                label: input.metric_name.clone(),
                datapoints,
            })
        })
    }

    /// `cloudwatch list-metrics`: EC2's per-instance metrics for the instances
    /// that have run, and the custom metrics sent.
    pub fn list_metrics(
        &mut self,
        input: ListMetricsInput,
    ) -> Result<ListMetricsOutput, CloudWatchError> {
        self.cloudwatch_call("ListMetrics", |c| {
            let mut metrics: Vec<Metric> = c
                .instances()
                .iter()
                .filter(|i| {
                    i.state_history
                        .iter()
                        .any(|s| s.state == InstanceStateName::Running)
                })
                .map(|i| Metric {
                    namespace: "AWS/EC2".into(),
                    metric_name: "CPUUtilization".into(),
                    dimensions: vec![Dimension {
                        name: "InstanceId".into(),
                        value: i.instance_id.clone(),
                    }],
                })
                .collect();
            if c.has_billing_metric() {
                metrics.push(Metric {
                    namespace: super::billing::BILLING_NAMESPACE.into(),
                    metric_name: super::billing::ESTIMATED_CHARGES.into(),
                    dimensions: vec![Dimension {
                        name: "Currency".into(),
                        value: "USD".into(),
                    }],
                });
            }
            for d in &c.cloudwatch.custom {
                let m = Metric {
                    namespace: d.namespace.clone(),
                    metric_name: d.metric_name.clone(),
                    dimensions: d.dimensions.clone(),
                };
                if !metrics.contains(&m) {
                    metrics.push(m);
                }
            }
            metrics.retain(|m| {
                input.namespace.as_ref().is_none_or(|n| *n == m.namespace)
                    && input
                        .metric_name
                        .as_ref()
                        .is_none_or(|n| *n == m.metric_name)
                    && input.dimensions.iter().all(|f| {
                        m.dimensions.iter().any(|d| {
                            d.name == f.name && f.value.as_ref().is_none_or(|v| *v == d.value)
                        })
                    })
            });
            Ok(ListMetricsOutput { metrics })
        })
    }

    /// `cloudwatch put-metric-data`: custom datapoints (not in an `AWS/` namespace).
    pub fn put_metric_data(&mut self, input: PutMetricDataInput) -> Result<(), CloudWatchError> {
        self.cloudwatch_call("PutMetricData", |c| {
            if input.namespace.starts_with("AWS/") {
                return Err(CloudWatchError::InvalidParameterValue(
                    "The value AWS/ for parameter Namespace is invalid.".into(),
                ));
            }
            if input.metric_data.is_empty() {
                return Err(CloudWatchError::MissingParameter(
                    "The parameter MetricData is required.".into(),
                ));
            }
            let mut points = Vec::new();
            for (n, d) in input.metric_data.iter().enumerate() {
                let Some(value) = d.value.filter(|v| v.is_finite()) else {
                    return Err(CloudWatchError::InvalidParameterCombination(format!(
                        "At least one of the parameters MetricData.member.{}.Value, Values or StatisticValues must be specified.",
                        n + 1
                    )));
                };
                let at = match &d.timestamp {
                    Some(t) => parse_time("Timestamp", t)?,
                    None => c.now,
                };
                let mut dimensions = d.dimensions.clone();
                dimensions.sort();
                points.push(CustomDatapoint {
                    namespace: input.namespace.clone(),
                    metric_name: d.metric_name.clone(),
                    dimensions,
                    at,
                    value,
                    unit: d.unit.clone().unwrap_or_else(|| "None".into()),
                });
            }
            c.cloudwatch.custom.extend(points);
            Ok(())
        })
    }
}
