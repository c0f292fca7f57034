//! Metric alarms: `PutMetricAlarm`, `DescribeAlarms`, `DeleteAlarms`,
//! `SetAlarmState`, `DescribeAlarmHistory`, and their evaluation on the clock:
//! every minute, the last `EvaluationPeriods` periods of the metric are compared
//! with the threshold; `DatapointsToAlarm` of them breaching (M of N) puts the alarm
//! in `ALARM`, enough data that does not breach in `OK`, too little in
//! `INSUFFICIENT_DATA`, as `TreatMissingData` says.

use serde::{Deserialize, Serialize};

use super::errors::CloudWatchError;
use super::metrics::{Dimension, STATISTICS, statistic};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// The comparison operators a metric alarm takes.
pub const COMPARISON_OPERATORS: [&str; 4] = [
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
];

/// How long between evaluations.
pub const EVALUATION_INTERVAL_MS: u64 = 60_000;

/// A metric alarm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alarm {
    /// Name (unique in the region).
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Namespace.
    pub namespace: String,
    /// Metric.
    pub metric_name: String,
    /// Dimensions.
    pub dimensions: Vec<Dimension>,
    /// `Average`, `Maximum` ...
    pub statistic: String,
    /// Seconds.
    pub period: u64,
    /// N.
    pub evaluation_periods: u32,
    /// M.
    pub datapoints_to_alarm: u32,
    /// The threshold.
    pub threshold: f64,
    /// `GreaterThanThreshold` ...
    pub comparison_operator: String,
    /// `missing`, `notBreaching`, `breaching`, `ignore`.
    pub treat_missing_data: String,
    /// Whether actions run.
    pub actions_enabled: bool,
    /// ARNs to notify or run in `ALARM`.
    pub alarm_actions: Vec<String>,
    /// In `OK`.
    pub ok_actions: Vec<String>,
    /// In `INSUFFICIENT_DATA`.
    pub insufficient_data_actions: Vec<String>,
    /// `OK`, `ALARM`, `INSUFFICIENT_DATA`.
    pub state: String,
    /// Why.
    pub state_reason: String,
    /// When the state was last set.
    pub state_updated: SimTime,
    /// When the configuration was last set.
    pub configuration_updated: SimTime,
    /// When it is next evaluated.
    pub next_evaluation: SimTime,
}

/// One entry of an alarm's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlarmHistoryEntry {
    /// The alarm.
    pub alarm_name: String,
    /// When.
    pub at: SimTime,
    /// `StateUpdate`, `ConfigurationUpdate`.
    pub item_type: String,
    /// `Alarm updated from OK to ALARM`.
    pub summary: String,
}

/// `PutMetricAlarm` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutMetricAlarmInput {
    /// Name.
    pub alarm_name: String,
    /// Description.
    pub alarm_description: Option<String>,
    /// Whether actions run (true by default).
    pub actions_enabled: Option<bool>,
    /// ARNs in `OK`.
    #[serde(rename = "OKActions")]
    pub ok_actions: Vec<String>,
    /// ARNs in `ALARM`.
    pub alarm_actions: Vec<String>,
    /// ARNs in `INSUFFICIENT_DATA`.
    pub insufficient_data_actions: Vec<String>,
    /// Metric.
    pub metric_name: Option<String>,
    /// Namespace.
    pub namespace: Option<String>,
    /// Statistic.
    pub statistic: Option<String>,
    /// Dimensions.
    pub dimensions: Vec<Dimension>,
    /// Seconds.
    pub period: Option<i64>,
    /// N.
    pub evaluation_periods: Option<i64>,
    /// M (N when omitted).
    pub datapoints_to_alarm: Option<i64>,
    /// Threshold.
    pub threshold: Option<f64>,
    /// Operator.
    pub comparison_operator: Option<String>,
    /// Missing data (`missing` when omitted).
    pub treat_missing_data: Option<String>,
    /// Unit.
    pub unit: Option<String>,
}

/// `DescribeAlarms` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeAlarmsInput {
    /// Names.
    pub alarm_names: Vec<String>,
    /// Name prefix.
    pub alarm_name_prefix: Option<String>,
    /// Only in this state.
    pub state_value: Option<String>,
    /// Only these types (`MetricAlarm`).
    pub alarm_types: Vec<String>,
}

/// `DeleteAlarms` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteAlarmsInput {
    /// Names.
    pub alarm_names: Vec<String>,
}

/// `SetAlarmState` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SetAlarmStateInput {
    /// The alarm.
    pub alarm_name: String,
    /// `OK`, `ALARM`, `INSUFFICIENT_DATA`.
    pub state_value: String,
    /// Why.
    pub state_reason: String,
    /// JSON data (kept as given).
    pub state_reason_data: Option<String>,
}

/// `DescribeAlarmHistory` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeAlarmHistoryInput {
    /// Only this alarm.
    pub alarm_name: Option<String>,
    /// Only this type.
    pub history_item_type: Option<String>,
}

/// A metric alarm as `DescribeAlarms` returns it (AWS's member order).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarmDescription {
    /// Name.
    pub alarm_name: String,
    /// ARN.
    pub alarm_arn: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_description: Option<String>,
    /// When configured.
    pub alarm_configuration_updated_timestamp: Timestamp,
    /// Actions enabled.
    pub actions_enabled: bool,
    /// OK actions.
    #[serde(rename = "OKActions")]
    pub ok_actions: Vec<String>,
    /// Alarm actions.
    pub alarm_actions: Vec<String>,
    /// Insufficient-data actions.
    pub insufficient_data_actions: Vec<String>,
    /// State.
    pub state_value: String,
    /// Why.
    pub state_reason: String,
    /// When the state was set.
    pub state_updated_timestamp: Timestamp,
    /// Metric.
    pub metric_name: String,
    /// Namespace.
    pub namespace: String,
    /// Statistic.
    pub statistic: String,
    /// Dimensions.
    pub dimensions: Vec<Dimension>,
    /// Period.
    pub period: u64,
    /// N.
    pub evaluation_periods: u32,
    /// M.
    pub datapoints_to_alarm: u32,
    /// Threshold.
    pub threshold: f64,
    /// Operator.
    pub comparison_operator: String,
    /// Missing data.
    pub treat_missing_data: String,
    /// When the state last changed.
    pub state_transitioned_timestamp: Timestamp,
}

/// `DescribeAlarms` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsOutput {
    /// Composite alarms (none here).
    pub composite_alarms: Vec<serde_json::Value>,
    /// Metric alarms.
    pub metric_alarms: Vec<MetricAlarmDescription>,
}

/// One history item as `DescribeAlarmHistory` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmHistoryItem {
    /// The alarm.
    pub alarm_name: String,
    /// `MetricAlarm`.
    pub alarm_type: String,
    /// When.
    pub timestamp: Timestamp,
    /// Type.
    pub history_item_type: String,
    /// Summary.
    pub history_summary: String,
}

/// `DescribeAlarmHistory` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmHistoryOutput {
    /// Newest first.
    pub alarm_history_items: Vec<AlarmHistoryItem>,
}

fn breaches(operator: &str, value: f64, threshold: f64) -> bool {
    match operator {
        "GreaterThanOrEqualToThreshold" => value >= threshold,
        "GreaterThanThreshold" => value > threshold,
        "LessThanThreshold" => value < threshold,
        _ => value <= threshold,
    }
}

fn operator_words(operator: &str) -> &'static str {
    match operator {
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "GreaterThanThreshold" => "greater than",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    }
}

/// `05/01/26 09:10:00`, as alarm reasons write a datapoint's time.
fn reason_time(t: SimTime) -> String {
    let u = t.to_utc();
    format!(
        "{:02}/{:02}/{:02} {:02}:{:02}:{:02}",
        u.day,
        u.month,
        u.year % 100,
        u.hour,
        u.minute,
        u.second
    )
}

fn invalid(message: impl Into<String>) -> CloudWatchError {
    CloudWatchError::InvalidParameterValue(message.into())
}

impl Alarm {
    fn describe(&self, region: &str, account: &str) -> MetricAlarmDescription {
        MetricAlarmDescription {
            alarm_name: self.name.clone(),
            alarm_arn: format!("arn:aws:cloudwatch:{region}:{account}:alarm:{}", self.name),
            alarm_description: self.description.clone(),
            alarm_configuration_updated_timestamp: Timestamp(self.configuration_updated),
            actions_enabled: self.actions_enabled,
            ok_actions: self.ok_actions.clone(),
            alarm_actions: self.alarm_actions.clone(),
            insufficient_data_actions: self.insufficient_data_actions.clone(),
            state_value: self.state.clone(),
            state_reason: self.state_reason.clone(),
            state_updated_timestamp: Timestamp(self.state_updated),
            metric_name: self.metric_name.clone(),
            namespace: self.namespace.clone(),
            statistic: self.statistic.clone(),
            dimensions: self.dimensions.clone(),
            period: self.period,
            evaluation_periods: self.evaluation_periods,
            datapoints_to_alarm: self.datapoints_to_alarm,
            threshold: self.threshold,
            comparison_operator: self.comparison_operator.clone(),
            treat_missing_data: self.treat_missing_data.clone(),
            state_transitioned_timestamp: Timestamp(self.state_updated),
        }
    }
}

impl Cloud {
    /// The alarms, in the order they were created.
    pub fn alarms(&self) -> &[Alarm] {
        &self.cloudwatch.alarms
    }

    /// The state changes of alarm `name`, oldest first: when, and the new state.
    pub fn alarm_state_changes(&self, name: &str) -> Vec<(SimTime, String)> {
        self.cloudwatch
            .history
            .iter()
            .filter(|h| h.alarm_name == name && h.item_type == "StateUpdate")
            .filter_map(|h| {
                h.summary
                    .rsplit_once(" to ")
                    .map(|(_, state)| (h.at, state.to_string()))
            })
            .collect()
    }

    /// Every state change and configuration update of the alarms, oldest first.
    pub fn alarm_history(&self) -> &[AlarmHistoryEntry] {
        &self.cloudwatch.history
    }

    /// `cloudwatch put-metric-alarm`: creates or replaces an alarm, which starts in
    /// `INSUFFICIENT_DATA` and is evaluated every minute.
    pub fn put_metric_alarm(&mut self, input: PutMetricAlarmInput) -> Result<(), CloudWatchError> {
        self.cloudwatch_call("PutMetricAlarm", |c| c.insert_alarm(input))
    }

    /// Creates or replaces an alarm without an API call of its own (Auto
    /// Scaling's target tracking makes its alarms this way).
    pub(crate) fn insert_alarm(
        &mut self,
        input: PutMetricAlarmInput,
    ) -> Result<(), CloudWatchError> {
        {
            let c = self;
            let name = input.alarm_name.trim().to_string();
            if name.is_empty() || name.chars().count() > 255 {
                return Err(invalid(
                    "The parameter AlarmName must be between 1 and 255 characters.",
                ));
            }
            let required = |value: Option<String>, member: &str| {
                value.filter(|v| !v.is_empty()).ok_or_else(|| {
                    CloudWatchError::MissingParameter(format!(
                        "The parameter {member} is required for a metric alarm."
                    ))
                })
            };
            let metric_name = required(input.metric_name.clone(), "MetricName")?;
            let namespace = required(input.namespace.clone(), "Namespace")?;
            let statistic = required(input.statistic.clone(), "Statistic")?;
            if !STATISTICS.contains(&statistic.as_str()) {
                return Err(invalid(format!(
                    "The parameter Statistic must be a value in the set [ SampleCount, Average, Sum, Minimum, Maximum ] ({statistic} is not)."
                )));
            }
            let operator = required(input.comparison_operator.clone(), "ComparisonOperator")?;
            if !COMPARISON_OPERATORS.contains(&operator.as_str()) {
                return Err(invalid(format!(
                    "The parameter ComparisonOperator must be a value in the set [ {} ].",
                    COMPARISON_OPERATORS.join(", ")
                )));
            }
            let period = input.period.ok_or_else(|| {
                CloudWatchError::MissingParameter("The parameter Period is required.".into())
            })?;
            if !(period == 10 || period == 30 || (period >= 60 && period % 60 == 0)) {
                return Err(invalid(
                    "The parameter Period must be 10, 30 or a multiple of 60.",
                ));
            }
            let threshold = input.threshold.filter(|t| t.is_finite()).ok_or_else(|| {
                CloudWatchError::MissingParameter("The parameter Threshold is required.".into())
            })?;
            let n = input.evaluation_periods.unwrap_or(0);
            if n < 1 {
                return Err(invalid(
                    "The parameter EvaluationPeriods must be greater than or equal to 1.",
                ));
            }
            let m = input.datapoints_to_alarm.unwrap_or(n);
            if m < 1 || m > n {
                return Err(invalid(format!(
                    "DatapointsToAlarm ({m}) must be between 1 and EvaluationPeriods ({n})."
                )));
            }
            if u64::try_from(period)
                .unwrap_or(0)
                .saturating_mul(u64::try_from(n).unwrap_or(0))
                > 86_400 * 7
            {
                return Err(invalid(
                    "The evaluation period (Period × EvaluationPeriods) must be 7 days or less.",
                ));
            }
            let treat = input
                .treat_missing_data
                .clone()
                .unwrap_or_else(|| "missing".into());
            if !["missing", "notBreaching", "breaching", "ignore"].contains(&treat.as_str()) {
                return Err(invalid(format!(
                    "The parameter TreatMissingData must be one of missing, notBreaching, breaching, ignore ({treat} is not)."
                )));
            }
            for arn in input
                .alarm_actions
                .iter()
                .chain(&input.ok_actions)
                .chain(&input.insufficient_data_actions)
            {
                if !arn.starts_with("arn:aws:") {
                    return Err(invalid(format!("Invalid arn syntax: {arn}")));
                }
            }
            if c.cloudwatch.alarms.len() >= 5_000
                && !c.cloudwatch.alarms.iter().any(|a| a.name == name)
            {
                return Err(CloudWatchError::LimitExceeded(
                    "The maximum number of alarms for this account has been reached.".into(),
                ));
            }
            let now = c.now;
            let next = SimTime((now.0 / EVALUATION_INTERVAL_MS + 1) * EVALUATION_INTERVAL_MS);
            let alarm = Alarm {
                name: name.clone(),
                description: input.alarm_description.clone(),
                namespace,
                metric_name,
                dimensions: input.dimensions.clone(),
                statistic,
                period: period as u64,
                evaluation_periods: n as u32,
                datapoints_to_alarm: m as u32,
                threshold,
                comparison_operator: operator,
                treat_missing_data: treat,
                actions_enabled: input.actions_enabled.unwrap_or(true),
                alarm_actions: input.alarm_actions.clone(),
                ok_actions: input.ok_actions.clone(),
                insufficient_data_actions: input.insufficient_data_actions.clone(),
                state: "INSUFFICIENT_DATA".into(),
                state_reason: "Unchecked: Initial alarm creation".into(),
                state_updated: now,
                configuration_updated: now,
                next_evaluation: next,
            };
            let summary = match c.cloudwatch.alarms.iter().position(|a| a.name == name) {
                Some(i) => {
                    c.cloudwatch.alarms[i] = alarm;
                    format!("Alarm \"{name}\" updated")
                }
                None => {
                    c.cloudwatch.alarms.push(alarm);
                    format!("Alarm \"{name}\" created")
                }
            };
            c.cloudwatch.history.push(AlarmHistoryEntry {
                alarm_name: name,
                at: now,
                item_type: "ConfigurationUpdate".into(),
                summary,
            });
            Ok(())
        }
    }

    /// `cloudwatch describe-alarms`.
    pub fn describe_alarms(
        &mut self,
        input: DescribeAlarmsInput,
    ) -> Result<DescribeAlarmsOutput, CloudWatchError> {
        self.cloudwatch_call("DescribeAlarms", |c| {
            if let Some(state) = &input.state_value
                && !["OK", "ALARM", "INSUFFICIENT_DATA"].contains(&state.as_str())
            {
                return Err(invalid(format!(
                    "1 validation error detected: Value '{state}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]"
                )));
            }
            let region = c.region().code;
            let account = c.account_id().to_string();
            let metric_alarms = c
                .cloudwatch
                .alarms
                .iter()
                .filter(|a| input.alarm_names.is_empty() || input.alarm_names.contains(&a.name))
                .filter(|a| input.alarm_name_prefix.as_ref().is_none_or(|p| a.name.starts_with(p.as_str())))
                .filter(|a| input.state_value.as_ref().is_none_or(|s| *s == a.state))
                .filter(|_| input.alarm_types.is_empty() || input.alarm_types.iter().any(|t| t == "MetricAlarm"))
                .map(|a| a.describe(region, &account))
                .collect();
            Ok(DescribeAlarmsOutput {
                composite_alarms: Vec::new(),
                metric_alarms,
            })
        })
    }

    /// `cloudwatch delete-alarms`: all of them, or none if one does not exist.
    pub fn delete_alarms(&mut self, input: DeleteAlarmsInput) -> Result<(), CloudWatchError> {
        self.cloudwatch_call("DeleteAlarms", |c| {
            if let Some(missing) = input
                .alarm_names
                .iter()
                .find(|n| !c.cloudwatch.alarms.iter().any(|a| &a.name == *n))
            {
                return Err(CloudWatchError::ResourceNotFound(format!(
                    "The following alarms were not found: [{missing}]"
                )));
            }
            c.cloudwatch
                .alarms
                .retain(|a| !input.alarm_names.contains(&a.name));
            Ok(())
        })
    }

    /// `cloudwatch set-alarm-state`: sets the state until the next evaluation (to
    /// test the alarm's actions).
    pub fn set_alarm_state(&mut self, input: SetAlarmStateInput) -> Result<(), CloudWatchError> {
        self.cloudwatch_call("SetAlarmState", |c| {
            if !["OK", "ALARM", "INSUFFICIENT_DATA"].contains(&input.state_value.as_str()) {
                return Err(invalid(format!(
                    "1 validation error detected: Value '{}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
                    input.state_value
                )));
            }
            if !c.cloudwatch.alarms.iter().any(|a| a.name == input.alarm_name) {
                return Err(CloudWatchError::ResourceNotFound(format!(
                    "Alarm {} not found",
                    input.alarm_name
                )));
            }
            let before = c
                .cloudwatch
                .alarms
                .iter()
                .find(|a| a.name == input.alarm_name)
                .map(|a| a.state.clone());
            c.change_alarm_state(&input.alarm_name, &input.state_value, input.state_reason.clone());
            // A state change runs the alarm's actions at once, as on AWS.
            if before.as_deref() != Some(input.state_value.as_str()) {
                c.run_auto_scaling_actions(&input.alarm_name);
            }
            Ok(())
        })
    }

    /// `cloudwatch describe-alarm-history`: newest first.
    pub fn describe_alarm_history(
        &mut self,
        input: DescribeAlarmHistoryInput,
    ) -> Result<DescribeAlarmHistoryOutput, CloudWatchError> {
        self.cloudwatch_call("DescribeAlarmHistory", |c| {
            let alarm_history_items = c
                .cloudwatch
                .history
                .iter()
                .rev()
                .filter(|h| input.alarm_name.as_ref().is_none_or(|n| *n == h.alarm_name))
                .filter(|h| {
                    input
                        .history_item_type
                        .as_ref()
                        .is_none_or(|t| *t == h.item_type)
                })
                .map(|h| AlarmHistoryItem {
                    alarm_name: h.alarm_name.clone(),
                    alarm_type: "MetricAlarm".into(),
                    timestamp: Timestamp(h.at),
                    history_item_type: h.item_type.clone(),
                    history_summary: h.summary.clone(),
                })
                .collect();
            Ok(DescribeAlarmHistoryOutput {
                alarm_history_items,
            })
        })
    }

    fn change_alarm_state(&mut self, name: &str, state: &str, reason: String) {
        let now = self.now;
        let Some(alarm) = self.cloudwatch.alarms.iter_mut().find(|a| a.name == name) else {
            return;
        };
        let before = std::mem::replace(&mut alarm.state, state.to_string());
        alarm.state_reason = reason;
        if before != state {
            alarm.state_updated = now;
            let changed = alarm.clone();
            self.cloudwatch.history.push(AlarmHistoryEntry {
                alarm_name: name.to_string(),
                at: now,
                item_type: "StateUpdate".into(),
                summary: format!("Alarm updated from {before} to {state}"),
            });
            self.notify_alarm_topics(&changed, &before);
        }
    }

    /// Runs the Auto Scaling actions of alarm `name` for the state it is in.
    fn run_auto_scaling_actions(&mut self, name: &str) {
        let Some(current) = self
            .cloudwatch
            .alarms
            .iter()
            .find(|a| a.name == name)
            .cloned()
        else {
            return;
        };
        if !current.actions_enabled {
            return;
        }
        let actions = match current.state.as_str() {
            "ALARM" => &current.alarm_actions,
            "OK" => &current.ok_actions,
            _ => &current.insufficient_data_actions,
        };
        for arn in actions
            .iter()
            .filter(|a| a.starts_with("arn:aws:autoscaling:"))
        {
            self.run_scaling_action(arn, &current);
        }
    }

    /// The alarm's statistic over its latest period that has data (within its
    /// evaluation range): the value its actions act on.
    pub(crate) fn alarm_latest_value(&self, alarm: &Alarm) -> Option<f64> {
        self.alarm_periods(alarm).into_iter().find_map(|(_, v)| v)
    }

    /// The alarm's evaluation range, newest period first: each period's start and
    /// its statistic (`None` without data).
    fn alarm_periods(&self, alarm: &Alarm) -> Vec<(SimTime, Option<f64>)> {
        let period_ms = alarm.period.max(10) * 1_000;
        let end = self.now.0 / period_ms * period_ms;
        let mut periods = Vec::new();
        for k in 0..u64::from(alarm.evaluation_periods) {
            let Some(to) = end.checked_sub(k * period_ms) else {
                break;
            };
            let from = to.saturating_sub(period_ms);
            let values: Vec<f64> = self
                .metric_samples(
                    &alarm.namespace,
                    &alarm.metric_name,
                    &alarm.dimensions,
                    SimTime(from + 1),
                    SimTime(to + 1),
                )
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            periods.push((SimTime(from), statistic(&alarm.statistic, &values)));
        }
        periods
    }

    /// What one evaluation of `alarm` at the current time concludes: the state and
    /// its reason, or `None` to keep the state (`ignore` with no data).
    fn evaluate(&self, alarm: &Alarm) -> Option<(String, String)> {
        let periods = self.alarm_periods(alarm);
        let present: Vec<(SimTime, f64)> = periods
            .iter()
            .filter_map(|(t, v)| v.map(|v| (*t, v)))
            .collect();
        let missing = periods.len() - present.len();
        let breaching_data = present
            .iter()
            .filter(|(_, v)| breaches(&alarm.comparison_operator, *v, alarm.threshold))
            .count();
        let breaching = breaching_data
            + match alarm.treat_missing_data.as_str() {
                "breaching" => missing,
                _ => 0,
            };
        let m = alarm.datapoints_to_alarm as usize;
        let n = alarm.evaluation_periods;
        let shown: Vec<String> = present
            .iter()
            .take(5)
            .map(|(t, v)| format!("{v:.1} ({})", reason_time(*t)))
            .collect();
        let words = operator_words(&alarm.comparison_operator);
        if present.is_empty() {
            return match alarm.treat_missing_data.as_str() {
                "breaching" if breaching >= m => Some((
                    "ALARM".into(),
                    format!(
                        "Threshold Crossed: no datapoints were received for {n} periods and {n} missing datapoints were treated as [Breaching]."
                    ),
                )),
                "notBreaching" => Some((
                    "OK".into(),
                    format!(
                        "Threshold Crossed: no datapoints were received for {n} periods and {n} missing datapoints were treated as [NonBreaching]."
                    ),
                )),
                "ignore" => None,
                _ => Some((
                    "INSUFFICIENT_DATA".into(),
                    format!("Insufficient Data: {n} datapoints were unknown."),
                )),
            };
        }
        let plural = if present.len() == 1 {
            "datapoint"
        } else {
            "datapoints"
        };
        let was = if present.len() == 1 { "was" } else { "were" };
        if breaching >= m {
            Some((
                "ALARM".into(),
                format!(
                    "Threshold Crossed: {breaching_data} out of the last {} {plural} [{}] {was} {words} the threshold ({:.1}) (minimum {m} datapoint{} for OK -> ALARM transition).",
                    present.len(),
                    shown.join(", "),
                    alarm.threshold,
                    if m == 1 { "" } else { "s" }
                ),
            ))
        } else {
            Some((
                "OK".into(),
                format!(
                    "Threshold Crossed: {} out of the last {} {plural} [{}] {was} not {words} the threshold ({:.1}) (minimum 1 datapoint for ALARM -> OK transition).",
                    present.len() - breaching_data,
                    present.len(),
                    shown.join(", "),
                    alarm.threshold
                ),
            ))
        }
    }

    /// When the next alarm evaluation is due (CloudWatch's clock hook).
    pub(crate) fn cloudwatch_next_transition_at(&self) -> Option<SimTime> {
        let alarms = self
            .cloudwatch
            .alarms
            .iter()
            .map(|a| a.next_evaluation)
            .min();
        match (alarms, self.next_charge_sample_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Evaluates every alarm that is due (CloudWatch's clock hook).
    pub(crate) fn cloudwatch_apply_due_transitions(&mut self) {
        self.take_due_charge_samples();
        let now = self.now;
        let due: Vec<Alarm> = self
            .cloudwatch
            .alarms
            .iter()
            .filter(|a| a.next_evaluation <= now)
            .cloned()
            .collect();
        for alarm in due {
            if let Some((state, reason)) = self.evaluate(&alarm) {
                self.change_alarm_state(&alarm.name, &state, reason);
            }
            // Auto Scaling actions run every minute the alarm stays in their state.
            self.run_auto_scaling_actions(&alarm.name);
            if let Some(a) = self
                .cloudwatch
                .alarms
                .iter_mut()
                .find(|a| a.name == alarm.name)
            {
                a.next_evaluation =
                    SimTime((now.0 / EVALUATION_INTERVAL_MS + 1) * EVALUATION_INTERVAL_MS);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::catalog::{self, Architecture, OsFamily};
    use crate::ec2::instances::RunInstancesInput;

    fn alarm(instance: &str, n: i64, m: i64, treat: &str) -> PutMetricAlarmInput {
        PutMetricAlarmInput {
            alarm_name: format!("cpu-{n}-{m}-{treat}"),
            metric_name: Some("CPUUtilization".into()),
            namespace: Some("AWS/EC2".into()),
            statistic: Some("Average".into()),
            dimensions: vec![Dimension {
                name: "InstanceId".into(),
                value: instance.into(),
            }],
            period: Some(300),
            evaluation_periods: Some(n),
            datapoints_to_alarm: Some(m),
            threshold: Some(10.0),
            comparison_operator: Some("GreaterThanThreshold".into()),
            treat_missing_data: Some(treat.into()),
            ..Default::default()
        }
    }

    #[test]
    fn m_of_n_and_missing_data() {
        let mut cloud = Cloud::default();
        let image_id = catalog::image_for(
            cloud.region().code,
            OsFamily::AmazonLinux2023,
            Architecture::X86_64,
        )
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
        // One busy period out of two: 1 of 2 alarms, 2 of 2 does not.
        cloud.put_metric_alarm(alarm(&id, 2, 1, "missing")).unwrap();
        cloud.put_metric_alarm(alarm(&id, 2, 2, "missing")).unwrap();
        cloud
            .put_metric_alarm(alarm("i-0000000000000000f", 1, 1, "breaching"))
            .unwrap();
        cloud
            .put_metric_alarm(alarm("i-0000000000000000e", 1, 1, "notBreaching"))
            .unwrap();
        cloud
            .put_metric_alarm(alarm("i-0000000000000000d", 1, 1, "missing"))
            .unwrap();
        let states = |cloud: &Cloud| -> Vec<String> {
            cloud.alarms().iter().map(|a| a.state.clone()).collect()
        };
        assert!(states(&cloud).iter().all(|s| s == "INSUFFICIENT_DATA"));
        cloud.advance(Duration::from_secs(600));
        assert_eq!(
            states(&cloud),
            ["ALARM", "OK", "ALARM", "OK", "INSUFFICIENT_DATA"]
        );
        cloud.advance(Duration::from_secs(600));
        assert_eq!(states(&cloud)[..2], ["OK", "OK"]);
        let bill = cloud.hourly_cost_breakdown();
        assert_eq!(
            bill.lines
                .iter()
                .filter(|l| l.kind == crate::billing::cost::CostKind::Alarm)
                .count(),
            5
        );
        // SetAlarmState holds until the next evaluation.
        let name = cloud.alarms()[0].name.clone();
        cloud
            .set_alarm_state(SetAlarmStateInput {
                alarm_name: name.clone(),
                state_value: "ALARM".into(),
                state_reason: "testing".into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(cloud.alarms()[0].state, "ALARM");
        cloud.advance(Duration::from_secs(60));
        assert_eq!(cloud.alarms()[0].state, "OK");
        let history: Vec<&str> = cloud
            .alarm_history()
            .iter()
            .filter(|h| h.alarm_name == name)
            .map(|h| h.summary.as_str())
            .collect();
        assert_eq!(history.last(), Some(&"Alarm updated from ALARM to OK"));
    }

    #[test]
    fn bad_alarms_are_refused_with_cloudwatch_s_errors() {
        let mut cloud = Cloud::default();
        let mut input = alarm("i-0", 2, 3, "missing");
        assert_eq!(
            cloud.put_metric_alarm(input.clone()).unwrap_err().code(),
            "InvalidParameterValue"
        );
        input.datapoints_to_alarm = Some(1);
        input.comparison_operator = Some("Bigger".into());
        assert_eq!(
            cloud.put_metric_alarm(input.clone()).unwrap_err().code(),
            "InvalidParameterValue"
        );
        input.comparison_operator = None;
        assert_eq!(
            cloud.put_metric_alarm(input).unwrap_err().code(),
            "MissingParameter"
        );
        let err = cloud
            .delete_alarms(DeleteAlarmsInput {
                alarm_names: vec!["nope".into()],
            })
            .unwrap_err();
        assert_eq!((err.code(), err.http_status()), ("ResourceNotFound", 404));
    }

    #[test]
    fn timestamps_as_the_cli_takes_them() {
        assert_eq!(SimTime::parse("2026-01-05T09:00:00Z"), Some(SimTime::ZERO));
        assert_eq!(
            SimTime::parse("2026-01-05T09:01:00.500+00:00"),
            Some(SimTime(60_500))
        );
        assert_eq!(SimTime::parse("2026-01-05 10:00"), Some(SimTime(3_600_000)));
        assert_eq!(SimTime::parse("2026-01-06"), Some(SimTime(15 * 3_600_000)));
        assert_eq!(SimTime::parse("1767603660"), Some(SimTime(60_000)));
        assert_eq!(SimTime::parse("2025-01-01T00:00:00Z"), None);
        assert_eq!(SimTime::parse("yesterday"), None);
        assert_eq!(SimTime::parse("2026-13-01"), None);
    }
}
