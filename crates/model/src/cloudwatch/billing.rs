//! CloudWatch's billing metric: `AWS/Billing` `EstimatedCharges` (`Currency=USD`),
//! the account's month-to-date charges, published in us-east-1 only, every six
//! hours while a billing alarm exists anywhere in the account.

use super::metrics::{Dimension, Sample};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// The only region with billing metrics.
pub const BILLING_REGION: &str = "us-east-1";

/// The billing metric's namespace.
pub const BILLING_NAMESPACE: &str = "AWS/Billing";

/// The billing metric's name.
pub const ESTIMATED_CHARGES: &str = "EstimatedCharges";

/// How often the account's charges are sampled.
pub const SAMPLE_EVERY_MS: u64 = 6 * 3_600_000;

impl Cloud {
    /// Whether this region has an alarm on the billing metric.
    fn has_billing_alarm(&self) -> bool {
        self.cloudwatch
            .alarms
            .iter()
            .any(|a| a.namespace == BILLING_NAMESPACE)
    }

    /// Whether the account's charges are being sampled.
    fn samples_charges(&self) -> bool {
        self.has_billing_alarm() || self.other_regions.values().any(Cloud::has_billing_alarm)
    }

    /// When the next sample is due, if charges are sampled.
    pub(crate) fn next_charge_sample_at(&self) -> Option<SimTime> {
        if !self.samples_charges() {
            return None;
        }
        let last = self.billing.charge_samples.last().map(|(t, _)| *t);
        let next = match last {
            Some(t) => t.unix_millis() + SAMPLE_EVERY_MS,
            None => self.now.unix_millis().div_ceil(SAMPLE_EVERY_MS) * SAMPLE_EVERY_MS,
        };
        Some(SimTime::from_unix_millis(next))
    }

    /// Takes the samples that are due.
    pub(crate) fn take_due_charge_samples(&mut self) {
        while let Some(due) = self.next_charge_sample_at() {
            if due > self.now {
                break;
            }
            let total = self.month_to_date_usd();
            self.billing
                .charge_samples
                .push((due, (total * 100.0).round() / 100.0));
        }
    }

    /// The billing metric's samples between `start` and `end`, in us-east-1.
    pub(crate) fn billing_samples(
        &self,
        dimensions: &[Dimension],
        start: SimTime,
        end: SimTime,
    ) -> Vec<Sample> {
        let usd = [Dimension {
            name: "Currency".into(),
            value: "USD".into(),
        }];
        if self.region_name() != BILLING_REGION || dimensions != usd {
            return Vec::new();
        }
        let samples = if self.billing.account_charge_samples.is_empty() {
            &self.billing.charge_samples
        } else {
            &self.billing.account_charge_samples
        };
        samples
            .iter()
            .filter(|(t, _)| *t >= start && *t < end && *t <= self.now)
            .copied()
            .collect()
    }

    /// Whether the billing metric has data here (for `list-metrics`).
    pub(crate) fn has_billing_metric(&self) -> bool {
        self.region_name() == BILLING_REGION
            && !(self.billing.charge_samples.is_empty()
                && self.billing.account_charge_samples.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::catalog::{self, Architecture, OsFamily};
    use crate::cloudwatch::alarms::PutMetricAlarmInput;
    use crate::ec2::instances::RunInstancesInput;
    use crate::sns::{ConfirmSubscriptionInput, CreateTopicInput, SubscribeInput};

    /// A topic with a confirmed e-mail subscription, in `cloud`'s region.
    fn confirmed_topic(cloud: &mut Cloud, name: &str) -> String {
        let arn = cloud
            .create_topic(CreateTopicInput {
                name: name.into(),
                ..Default::default()
            })
            .unwrap()
            .topic_arn;
        cloud
            .subscribe(SubscribeInput {
                topic_arn: arn.clone(),
                protocol: "email".into(),
                endpoint: Some("you@example.com".into()),
                return_subscription_arn: None,
            })
            .unwrap();
        let token = cloud
            .sns
            .mail
            .last()
            .unwrap()
            .confirms
            .clone()
            .unwrap()
            .token;
        cloud
            .confirm_subscription(ConfirmSubscriptionInput {
                topic_arn: arn.clone(),
                token,
                ..Default::default()
            })
            .unwrap();
        arn
    }

    #[test]
    fn a_billing_alarm_in_us_east_1_mails_when_the_account_spends() {
        let mut cloud = Cloud::default();
        let image_id = catalog::image_for(
            cloud.region().code,
            OsFamily::AmazonLinux2023,
            Architecture::X86_64,
        )
        .unwrap()
        .image_id;
        cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("m5.large".into()),
                ..Default::default()
            })
            .unwrap();
        let east = cloud.region_mut(BILLING_REGION).unwrap();
        let topic = confirmed_topic(east, "billing-alerts");
        east.put_metric_alarm(PutMetricAlarmInput {
            alarm_name: "billing-over-1".into(),
            namespace: Some(BILLING_NAMESPACE.into()),
            metric_name: Some(ESTIMATED_CHARGES.into()),
            statistic: Some("Maximum".into()),
            dimensions: vec![Dimension {
                name: "Currency".into(),
                value: "USD".into(),
            }],
            period: Some(21_600),
            evaluation_periods: Some(1),
            threshold: Some(1.0),
            comparison_operator: Some("GreaterThanThreshold".into()),
            alarm_actions: vec![topic],
            ..Default::default()
        })
        .unwrap();
        // An m5.large costs about $0.118 an hour in Seoul: $1 takes about 9 hours.
        cloud.advance(Duration::from_secs(3 * 3_600));
        assert!(
            cloud.other_region(BILLING_REGION).unwrap().alarms()[0].state != "ALARM",
            "not yet over a dollar"
        );
        cloud.advance(Duration::from_secs(12 * 3_600));
        let east = cloud.other_region(BILLING_REGION).unwrap();
        assert_eq!(
            east.alarms()[0].state,
            "ALARM",
            "{}",
            east.alarms()[0].state_reason
        );
        let mailbox = cloud.mailbox();
        let alarm_mail = mailbox.last().unwrap();
        assert_eq!(
            alarm_mail.subject,
            "ALARM: \"billing-over-1\" in US East (N. Virginia)"
        );
        assert!(
            alarm_mail
                .body
                .contains("- MetricName:                          EstimatedCharges")
        );
        // The home region has no billing metric.
        assert!(
            cloud
                .billing_samples(
                    &[Dimension {
                        name: "Currency".into(),
                        value: "USD".into()
                    }],
                    SimTime::ZERO,
                    cloud.now()
                )
                .is_empty()
        );
    }
}
