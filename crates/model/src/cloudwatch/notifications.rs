//! What an alarm sends when its state changes: a message to each SNS topic among
//! the new state's actions, worded as CloudWatch words its e-mail, and an
//! `Action` entry in the alarm's history.

use super::alarms::{Alarm, AlarmHistoryEntry};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// `Monday 07 December, 2026 05:13:22 UTC`, as alarm e-mails write the time.
fn mail_time(t: SimTime) -> String {
    const DAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let u = t.to_utc();
    let day = DAYS[(t.unix_millis() / 86_400_000 % 7) as usize];
    let month = MONTHS[(u.month.clamp(1, 12) - 1) as usize];
    format!(
        "{day} {:02} {month}, {} {:02}:{:02}:{:02} UTC",
        u.day, u.year, u.hour, u.minute, u.second
    )
}

fn action_list(actions: &[String]) -> String {
    if actions.is_empty() {
        String::new()
    } else {
        format!(" [{}]", actions.join(", "))
    }
}

impl Cloud {
    /// Sends `alarm`'s state change (from `before`) to the SNS topics among the
    /// actions of its new state, and notes each in the alarm's history.
    pub(crate) fn notify_alarm_topics(&mut self, alarm: &Alarm, before: &str) {
        if !alarm.actions_enabled {
            return;
        }
        let actions = match alarm.state.as_str() {
            "ALARM" => &alarm.alarm_actions,
            "OK" => &alarm.ok_actions,
            _ => &alarm.insufficient_data_actions,
        };
        let topics: Vec<String> = actions
            .iter()
            .filter(|a| a.starts_with("arn:aws:sns:"))
            .cloned()
            .collect();
        if topics.is_empty() {
            return;
        }
        let region = self.region();
        let subject = format!("{}: \"{}\" in {}", alarm.state, alarm.name, region.name);
        let dimensions = alarm
            .dimensions
            .iter()
            .map(|d| format!("{} = {}", d.name, d.value))
            .collect::<Vec<_>>()
            .join(", ");
        let at = mail_time(self.now);
        let message = format!(
            "You are receiving this email because your Amazon CloudWatch Alarm \"{name}\" in the {region_name} region has entered the {state} state, because \"{reason}\" at \"{at}\".\n\n\
             View this alarm in the AWS Management Console:\n\
             https://{code}.console.aws.amazon.com/cloudwatch/deeplink.js?region={code}#alarmsV2:alarm/{name}\n\n\
             Alarm Details:\n\
             - Name:                       {name}\n\
             - Description:                {description}\n\
             - State Change:               {before} -> {state}\n\
             - Reason for State Change:    {reason}\n\
             - Timestamp:                  {at}\n\
             - AWS Account:                {account}\n\
             - Alarm Arn:                  arn:aws:cloudwatch:{code}:{account}:alarm:{name}\n\n\
             Threshold:\n\
             - The alarm is in the ALARM state when the metric is {operator} {threshold:.1} for at least {m} of the last {n} period(s) of {period} seconds.\n\n\
             Monitored Metric:\n\
             - MetricNamespace:                     {namespace}\n\
             - MetricName:                          {metric}\n\
             - Dimensions:                          [{dimensions}]\n\
             - Period:                              {period} seconds\n\
             - Statistic:                           {statistic}\n\
             - Unit:                                not specified\n\
             - TreatMissingData:                    {treat}\n\n\n\
             State Change Actions:\n\
             - OK:{ok}\n\
             - ALARM:{alarm_actions}\n\
             - INSUFFICIENT_DATA:{insufficient}\n",
            name = alarm.name,
            region_name = region.name,
            code = region.code,
            state = alarm.state,
            reason = alarm.state_reason,
            description = alarm.description.clone().unwrap_or_default(),
            account = self.config.account_id,
            operator = alarm.comparison_operator,
            threshold = alarm.threshold,
            m = alarm.datapoints_to_alarm,
            n = alarm.evaluation_periods,
            period = alarm.period,
            namespace = alarm.namespace,
            metric = alarm.metric_name,
            statistic = alarm.statistic,
            treat = alarm.treat_missing_data,
            ok = action_list(&alarm.ok_actions),
            alarm_actions = action_list(&alarm.alarm_actions),
            insufficient = action_list(&alarm.insufficient_data_actions),
        );
        for topic in topics {
            let summary = if self.topic(&topic).is_some() {
                self.deliver(&topic, Some(&subject), &message);
                format!("Successfully executed action {topic}")
            } else {
                format!("Failed to execute action {topic}. Received error: \"Resource not found.\"")
            };
            self.cloudwatch.history.push(AlarmHistoryEntry {
                alarm_name: alarm.name.clone(),
                at: self.now,
                item_type: "Action".into(),
                summary,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_time_names_the_weekday() {
        // 2026-12-07 is a Monday.
        let t = SimTime::parse("2026-12-07T05:13:22Z").unwrap();
        assert_eq!(mail_time(t), "Monday 07 December, 2026 05:13:22 UTC");
    }
}
