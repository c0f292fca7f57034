//! Amazon EC2 Auto Scaling: groups of instances launched from a launch template
//! across the subnets (and so the Availability Zones) given, kept at their
//! desired capacity on the clock, and the scaling policies CloudWatch alarms set
//! off.
//!
//! Simulated: min/max/desired capacity; launches balanced across zones; EC2 and
//! ELB health checks with a grace period, replacing unhealthy or stopped
//! instances; registration with target groups; scale-in protection; the default
//! termination policy (the zone with the most instances, then the oldest launch
//! template version, then the oldest instance); target tracking (AWS's
//! `TargetTracking-…-AlarmHigh/AlarmLow` alarms in CloudWatch, proportional
//! changes, warm-up), step and simple scaling (adjustment types, cooldown);
//! activities with AWS's causes; the group's size over time.
//! Not simulated: launch configurations (retired for new accounts), mixed
//! instances and Spot, warm pools, lifecycle hooks, scheduled and predictive
//! scaling, instance refresh. Auto Scaling itself costs nothing; its instances do.

pub mod errors;
pub mod groups;
pub mod policies;

use serde::{Deserialize, Serialize};

use crate::auth::{Caller, CallerIdentity};
use crate::cloud::Cloud;
use errors::AutoScalingError;
pub use groups::{Activity, AutoScalingGroup, GroupInstance, SizeSample};
pub use policies::ScalingPolicy;

/// Auto Scaling's state in one account and region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AutoScalingState {
    /// Groups, oldest first.
    pub(crate) groups: Vec<AutoScalingGroup>,
    /// Scaling policies, oldest first.
    pub(crate) policies: Vec<ScalingPolicy>,
    /// Scaling activities, oldest first (the last 500).
    pub(crate) activities: Vec<Activity>,
}

/// Activities kept per account.
const KEPT_ACTIVITIES: usize = 500;

impl Cloud {
    /// Runs one Auto Scaling operation as the current caller: authorized against
    /// `autoscaling:<Operation>` on `*`, and logged.
    pub(crate) fn autoscaling_call<T>(
        &mut self,
        operation: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, AutoScalingError>,
    ) -> Result<T, AutoScalingError> {
        let action = format!("autoscaling:{operation}");
        self.service_call(
            "autoscaling",
            operation,
            |_, _| Some((action, "*".to_string(), Default::default())),
            body,
        )
    }

    /// The ARN Auto Scaling's own calls are made as (its service-linked role).
    pub fn auto_scaling_role_session_arn(&self) -> String {
        format!(
            "arn:aws:sts::{}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling",
            self.config.account_id
        )
    }

    /// Runs `body` as Auto Scaling's service-linked role: allowed everything its
    /// managed policy allows (the lab gives it all of EC2 and Elastic Load
    /// Balancing), logged under the role's session as CloudTrail shows it.
    pub(crate) fn as_auto_scaling<T>(&mut self, body: impl FnOnce(&mut Cloud) -> T) -> T {
        let previous = self.caller.replace(Caller::Identity(CallerIdentity::Root));
        let first = self.api_log.len();
        let out = body(self);
        self.caller = previous;
        let arn = self.auto_scaling_role_session_arn();
        for call in self.api_log.iter_mut().skip(first) {
            call.caller_arn = Some(arn.clone());
            call.access_key_id = None;
        }
        out
    }

    /// A fresh id in the form AWS gives activities and policies (a UUID).
    pub(crate) fn autoscaling_uuid(&mut self) -> String {
        let rng = self.service_rng("autoscaling");
        let hex = format!("{}{}", rng.hex17(), rng.hex17());
        format!(
            "{}-{}-4{}-a{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..15],
            &hex[15..18],
            &hex[18..30]
        )
    }

    /// Keeps an activity (the oldest go first beyond what is kept).
    pub(crate) fn record_activity(&mut self, activity: Activity) {
        self.autoscaling.activities.push(activity);
        if self.autoscaling.activities.len() > KEPT_ACTIVITIES {
            let extra = self.autoscaling.activities.len() - KEPT_ACTIVITIES;
            self.autoscaling.activities.drain(..extra);
        }
    }

    /// The groups, oldest first.
    pub fn auto_scaling_groups(&self) -> &[AutoScalingGroup] {
        &self.autoscaling.groups
    }

    /// The group named `name`.
    pub fn auto_scaling_group(&self, name: &str) -> Option<&AutoScalingGroup> {
        self.autoscaling.groups.iter().find(|g| g.name == name)
    }

    /// The scaling policies, oldest first.
    pub fn scaling_policies(&self) -> &[ScalingPolicy] {
        &self.autoscaling.policies
    }

    /// Every scaling activity kept, oldest first.
    pub fn scaling_activities(&self) -> &[Activity] {
        &self.autoscaling.activities
    }

    /// When a group next needs looking at (the clock hook).
    pub(crate) fn autoscaling_next_transition_at(&self) -> Option<crate::clock::SimTime> {
        self.autoscaling
            .groups
            .iter()
            .filter_map(|g| g.next_check)
            .min()
    }

    /// Reconciles every group that is due (the clock hook).
    pub(crate) fn autoscaling_apply_due_transitions(&mut self) {
        let now = self.now;
        let due: Vec<String> = self
            .autoscaling
            .groups
            .iter()
            .filter(|g| g.next_check.is_some_and(|t| t <= now))
            .map(|g| g.name.clone())
            .collect();
        for name in due {
            self.reconcile_group(&name);
        }
        // A group reconcile could not reach (two groups of one name in a damaged
        // save) must not stay due, or the clock would never move on.
        for g in &mut self.autoscaling.groups {
            if g.next_check.is_some_and(|t| t <= now) {
                g.next_check = Some(now.plus(std::time::Duration::from_secs(10)));
            }
        }
    }
}
