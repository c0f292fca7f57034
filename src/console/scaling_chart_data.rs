//! What the Auto Scaling chart draws, as plain data read from the model: the
//! group's desired and in-service size, its average CPU per minute, and the state
//! of the alarms on its CPU, over the same stretch of simulated time. Tested
//! natively; `scaling_chart.rs` only turns it into SVG.

use cloudlab_model::Cloud;
use cloudlab_model::clock::SimTime;
use cloudlab_model::cloudwatch::metrics::Dimension;

/// The longest stretch the chart shows (the latest part of it), minutes.
pub const WINDOW_MINUTES: u64 = 180;

/// The group's size from a moment on.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeStep {
    /// Minutes from the chart's start.
    pub at: f64,
    /// Desired capacity.
    pub desired: u32,
    /// Instances in service.
    pub in_service: u32,
}

/// A stretch during which an alarm was in one state.
#[derive(Clone, Debug, PartialEq)]
pub struct StateSpan {
    /// Minutes from the chart's start.
    pub from: f64,
    /// Minutes from the chart's start.
    pub to: f64,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub state: String,
}

/// One alarm's row of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct AlarmTrack {
    /// The alarm's full name.
    pub name: String,
    /// A short label (`AlarmHigh`, `AlarmLow`, or the name).
    pub label: String,
    /// Its states over the chart's stretch.
    pub spans: Vec<StateSpan>,
}

/// Everything the chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    /// The group.
    pub group: String,
    /// How many minutes the chart spans.
    pub minutes: f64,
    /// The group's maximum size (the size axis' top).
    pub max_size: u32,
    /// Size steps, oldest first.
    pub size: Vec<SizeStep>,
    /// Average CPU per minute: (minutes from the start, percent).
    pub cpu: Vec<(f64, f64)>,
    /// The target value of a target tracking policy, if any.
    pub cpu_target: Option<f64>,
    /// The alarms on the group's CPU.
    pub alarms: Vec<AlarmTrack>,
}

impl ChartData {
    /// The largest in-service size reached.
    pub fn peak_in_service(&self) -> u32 {
        self.size.iter().map(|s| s.in_service).max().unwrap_or(0)
    }

    /// The highest average CPU.
    pub fn peak_cpu(&self) -> f64 {
        self.cpu.iter().map(|(_, v)| *v).fold(0.0, f64::max)
    }
}

fn minutes_between(from: SimTime, to: SimTime) -> f64 {
    to.as_millis().saturating_sub(from.as_millis()) as f64 / 60_000.0
}

/// The chart of group `name`, or `None` if there is no such group.
pub fn chart_data(cloud: &Cloud, name: &str) -> Option<ChartData> {
    let group = cloud.auto_scaling_group(name)?;
    let now = cloud.now();
    let window_start = SimTime(now.as_millis().saturating_sub(WINDOW_MINUTES * 60_000));
    let start = if group.created > window_start {
        group.created
    } else {
        window_start
    };
    let minutes = minutes_between(start, now).max(1.0);
    // The size the chart opens with (the last sample before it), then each change.
    let before = group.size_history.iter().rev().find(|s| s.at <= start);
    let size: Vec<SizeStep> = before
        .map(|b| (start, b))
        .into_iter()
        .chain(
            group
                .size_history
                .iter()
                .filter(|s| s.at > start)
                .map(|s| (s.at, s)),
        )
        .map(|(at, s)| SizeStep {
            at: minutes_between(start, at),
            desired: s.desired,
            in_service: s.in_service,
        })
        .collect();
    let dims = [Dimension {
        name: "AutoScalingGroupName".into(),
        value: group.name.clone(),
    }];
    let cpu = cloud
        .metric_series(
            "AWS/EC2",
            "CPUUtilization",
            &dims,
            start,
            now,
            60,
            "Average",
        )
        .into_iter()
        .map(|(t, v)| (minutes_between(start, t), v))
        .collect();
    let policies: Vec<_> = cloud
        .scaling_policies()
        .iter()
        .filter(|p| p.group == group.name)
        .collect();
    let cpu_target = policies
        .iter()
        .find_map(|p| p.target_tracking.as_ref().map(|t| t.target_value));
    let alarms = cloud
        .alarms()
        .iter()
        .filter(|a| {
            a.metric_name == "CPUUtilization"
                && (a.dimensions.iter().any(|d| d.value == group.name)
                    || policies.iter().any(|p| a.alarm_actions.contains(&p.arn)))
        })
        .map(|a| {
            let mut spans: Vec<StateSpan> = Vec::new();
            let mut state = "INSUFFICIENT_DATA".to_string();
            let mut from = 0.0;
            for (at, next) in cloud.alarm_state_changes(&a.name) {
                let t = minutes_between(start, at);
                if at > start && t > from {
                    spans.push(StateSpan {
                        from,
                        to: t,
                        state: state.clone(),
                    });
                    from = t;
                }
                state = next;
            }
            spans.push(StateSpan {
                from,
                to: minutes,
                state,
            });
            let label = if a.name.contains("-AlarmHigh-") {
                "AlarmHigh".to_string()
            } else if a.name.contains("-AlarmLow-") {
                "AlarmLow".to_string()
            } else {
                a.name.clone()
            };
            AlarmTrack {
                name: a.name.clone(),
                label,
                spans,
            }
        })
        .collect();
    Some(ChartData {
        group: group.name.clone(),
        minutes,
        max_size: group.max_size.max(1),
        size,
        cpu,
        cpu_target,
        alarms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlab_course::Catalog;
    use cloudlab_course::Lab;

    #[test]
    fn the_chapter_8_load_test_draws_a_scale_out_and_in() {
        let catalog = Catalog::embedded()
            .expect("embedded lessons")
            .expect("the lessons load");
        let chapter = catalog.chapter(8).expect("chapter 8");
        let mut lab = Lab::for_chapter(chapter).unwrap();
        let end = chapter
            .solution
            .iter()
            .position(|l| l == "sleep 1200")
            .expect("the solution rests after the load test");
        lab.run_script(&chapter.solution[..=end]).unwrap();
        let chart = chart_data(&lab.cloud, "web-asg").unwrap();
        assert_eq!(chart.max_size, 4);
        assert_eq!(chart.peak_in_service(), 4, "scaled out to the maximum");
        assert_eq!(chart.size.last().map(|s| s.desired), Some(2), "and back in");
        assert!(chart.peak_cpu() > 90.0, "{}", chart.peak_cpu());
        assert_eq!(chart.cpu_target, Some(50.0));
        let labels: Vec<&str> = chart.alarms.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["AlarmHigh", "AlarmLow"]);
        let high = &chart.alarms[0];
        assert!(high.spans.iter().any(|s| s.state == "ALARM"));
        assert_eq!(high.spans.last().map(|s| s.state.as_str()), Some("OK"));
        // Spans cover the chart without gaps.
        for track in &chart.alarms {
            for pair in track.spans.windows(2) {
                assert_eq!(pair[0].to, pair[1].from);
            }
            assert_eq!(track.spans.last().map(|s| s.to), Some(chart.minutes));
        }
        assert!(chart.size.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(
            chart
                .cpu
                .iter()
                .all(|(t, v)| *t <= chart.minutes && (0.0..=100.0).contains(v))
        );
    }

    #[test]
    fn an_unknown_group_has_no_chart() {
        assert_eq!(chart_data(&Cloud::default(), "nope"), None);
    }
}
