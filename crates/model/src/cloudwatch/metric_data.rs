//! `GetMetricData`: several metrics at once, each by its own statistic and
//! period, newest first unless asked otherwise. Metric math expressions are not
//! simulated and are refused as such.

use serde::{Deserialize, Serialize};

use super::errors::CloudWatchError;
use super::metrics::{Dimension, STATISTICS, parse_time, statistic};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// The most queries one call takes.
pub const MAX_QUERIES: usize = 500;
/// The most datapoints one call returns by default.
pub const MAX_DATAPOINTS: u64 = 100_800;

/// A metric: namespace, name and dimensions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Metric {
    /// `AWS/EC2` ...
    pub namespace: String,
    /// `CPUUtilization` ...
    pub metric_name: String,
    /// `InstanceId=i-…`, `AutoScalingGroupName=…`.
    pub dimensions: Vec<Dimension>,
}

/// A metric and how to aggregate it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetricStat {
    /// The metric.
    pub metric: Metric,
    /// Seconds per datapoint (a multiple of 60).
    pub period: i64,
    /// `Average`, `Maximum`, `Minimum`, `Sum`, `SampleCount`.
    pub stat: String,
    /// Only this unit.
    pub unit: Option<String>,
}

/// One query of `GetMetricData`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetricDataQuery {
    /// Its id: a lowercase letter, then letters, digits and `_`.
    pub id: String,
    /// The metric to return.
    pub metric_stat: Option<MetricStat>,
    /// A math expression (not simulated).
    pub expression: Option<String>,
    /// A label for the results (the metric's name when none).
    pub label: Option<String>,
    /// Whether to return it (true when not given).
    pub return_data: Option<bool>,
}

/// `GetMetricData` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetMetricDataInput {
    /// The queries.
    pub metric_data_queries: Vec<MetricDataQuery>,
    /// From.
    pub start_time: String,
    /// Until.
    pub end_time: String,
    /// `TimestampDescending` (default) or `TimestampAscending`.
    pub scan_by: Option<String>,
    /// At most this many datapoints in all.
    pub max_datapoints: Option<i64>,
}

/// One query's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDataResult {
    /// The query's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The start of each period with data.
    pub timestamps: Vec<Timestamp>,
    /// The statistic for each.
    pub values: Vec<f64>,
    /// `Complete`.
    pub status_code: String,
}

/// `GetMetricData` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricDataOutput {
    /// Results, one per query returned.
    pub metric_data_results: Vec<MetricDataResult>,
    /// Messages (none).
    pub messages: Vec<serde_json::Value>,
}

fn invalid(message: String) -> CloudWatchError {
    CloudWatchError::InvalidParameterValue(message)
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && id.len() <= 255
}

impl Cloud {
    /// `cloudwatch get-metric-data`.
    pub fn get_metric_data(
        &mut self,
        input: GetMetricDataInput,
    ) -> Result<GetMetricDataOutput, CloudWatchError> {
        self.cloudwatch_call("GetMetricData", |c| {
            let start = parse_time("StartTime", &input.start_time)?;
            let end = parse_time("EndTime", &input.end_time)?;
            if start >= end {
                return Err(invalid(
                    "The parameter StartTime must be less than the parameter EndTime.".into(),
                ));
            }
            let queries = &input.metric_data_queries;
            if queries.is_empty() || queries.len() > MAX_QUERIES {
                return Err(invalid(format!(
                    "The collection MetricDataQueries must not be empty and must not have more than {MAX_QUERIES} elements."
                )));
            }
            let ascending = match input.scan_by.as_deref() {
                None | Some("TimestampDescending") => false,
                Some("TimestampAscending") => true,
                Some(other) => {
                    return Err(invalid(format!(
                        "The parameter ScanBy must be TimestampDescending or TimestampAscending ({other} is not)."
                    )));
                }
            };
            let mut ids: Vec<&str> = Vec::new();
            let mut results = Vec::new();
            let mut total = 0u64;
            let limit = input
                .max_datapoints
                .map_or(MAX_DATAPOINTS, |m| u64::try_from(m).unwrap_or(0));
            for (n, q) in queries.iter().enumerate() {
                let member = n + 1;
                if !valid_id(&q.id) {
                    return Err(invalid(format!(
                        "The value {} for parameter MetricDataQueries.member.{member}.Id is invalid: an id starts with a lowercase letter and holds only letters, digits and underscores.",
                        q.id
                    )));
                }
                if ids.contains(&q.id.as_str()) {
                    return Err(invalid(format!(
                        "The value {} for parameter MetricDataQueries.member.{member}.Id is used more than once.",
                        q.id
                    )));
                }
                ids.push(&q.id);
                let stat = match (&q.metric_stat, &q.expression) {
                    (Some(stat), None) => stat,
                    (None, Some(_)) => {
                        return Err(invalid(format!(
                            "The lab does not simulate metric math: MetricDataQueries.member.{member}.Expression is refused; use MetricStat."
                        )));
                    }
                    _ => {
                        return Err(invalid(format!(
                            "Exactly one element of the MetricStat and Expression fields must be specified in MetricDataQueries.member.{member}."
                        )));
                    }
                };
                if !STATISTICS.contains(&stat.stat.as_str()) {
                    return Err(invalid(format!(
                        "The value {} for parameter MetricDataQueries.member.{member}.MetricStat.Stat is invalid (the lab simulates SampleCount, Average, Sum, Minimum and Maximum).",
                        stat.stat
                    )));
                }
                if stat.period < 60 || stat.period % 60 != 0 || stat.period > 86_400 * 455 {
                    return Err(invalid(format!(
                        "The parameter MetricDataQueries.member.{member}.MetricStat.Period must be a multiple of 60."
                    )));
                }
                if !q.return_data.unwrap_or(true) {
                    continue;
                }
                let period = stat.period as u64 * 1_000;
                // Nothing is measured after now: the periods stop there.
                let until = SimTime(end.0.min(c.now.0.saturating_add(period)));
                let first = start.0 / period * period;
                let count = until.0.saturating_sub(first).div_ceil(period);
                if count > MAX_DATAPOINTS {
                    return Err(invalid(format!(
                        "You have requested up to {count} datapoints in MetricDataQueries.member.{member}, which exceeds the limit of {MAX_DATAPOINTS}. Increase Period or shorten the time range."
                    )));
                }
                let samples = c.metric_samples(
                    &stat.metric.namespace,
                    &stat.metric.metric_name,
                    &stat.metric.dimensions,
                    start,
                    SimTime(until.0.saturating_add(1)),
                );
                // The samples are in time order: one pass puts each in its period
                // (a sample stamped at a period's end belongs to that period).
                let mut buckets: std::collections::BTreeMap<u64, Vec<f64>> = Default::default();
                for (at, v) in samples {
                    let from = at.0.saturating_sub(1) / period * period;
                    if from >= first && from < until.0 {
                        buckets.entry(from).or_default().push(v);
                    }
                }
                let mut points: Vec<(SimTime, f64)> = buckets
                    .into_iter()
                    .filter_map(|(from, values)| {
                        statistic(&stat.stat, &values).map(|v| (SimTime(from), (v * 1e6).round() / 1e6))
                    })
                    .collect();
                if !ascending {
                    points.reverse();
                }
                let room = limit.saturating_sub(total) as usize;
                points.truncate(room);
                total += points.len() as u64;
                results.push(MetricDataResult {
                    id: q.id.clone(),
                    label: q.label.clone().unwrap_or_else(|| stat.metric.metric_name.clone()),
                    timestamps: points.iter().map(|(t, _)| Timestamp(*t)).collect(),
                    values: points.iter().map(|(_, v)| *v).collect(),
                    status_code: "Complete".into(),
                });
            }
            Ok(GetMetricDataOutput {
                metric_data_results: results,
                messages: Vec::new(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_cloudwatch_rules() {
        assert!(valid_id("cpu"));
        assert!(valid_id("m1_avg"));
        assert!(!valid_id("Cpu"));
        assert!(!valid_id("1cpu"));
        assert!(!valid_id("cpu-1"));
        assert!(!valid_id(""));
    }

    #[test]
    fn an_expression_is_refused_and_a_stat_must_be_known() {
        let mut cloud = Cloud::default();
        let query = |q: MetricDataQuery| GetMetricDataInput {
            metric_data_queries: vec![q],
            start_time: "2026-01-05T09:00:00Z".into(),
            end_time: "2026-01-05T10:00:00Z".into(),
            ..Default::default()
        };
        let err = cloud
            .get_metric_data(query(MetricDataQuery {
                id: "e1".into(),
                expression: Some("SUM(METRICS())".into()),
                ..Default::default()
            }))
            .unwrap_err();
        assert!(err.message().contains("metric math"), "{}", err.message());
        let err = cloud
            .get_metric_data(query(MetricDataQuery {
                id: "m1".into(),
                metric_stat: Some(MetricStat {
                    metric: Metric {
                        namespace: "AWS/EC2".into(),
                        metric_name: "CPUUtilization".into(),
                        dimensions: Vec::new(),
                    },
                    period: 60,
                    stat: "p99".into(),
                    unit: None,
                }),
                ..Default::default()
            }))
            .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
    }
}
