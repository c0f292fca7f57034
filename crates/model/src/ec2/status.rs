//! `DescribeInstanceStatus`: the two status checks (system and instance
//! reachability) the console shows as "2/2 checks passed". They initialize for a
//! while after an instance starts running, then pass.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::instances::InstanceState;
use super::{Instance, InstanceStateName};
use crate::cloud::Cloud;

/// How long status checks report `initializing` after an instance starts running.
pub const STATUS_CHECKS_INITIALIZING_FOR: Duration = Duration::from_secs(120);

/// `DescribeInstanceStatus` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeInstanceStatusInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Instance ids.
    pub instance_ids: Vec<String>,
    /// Filters: `instance-state-name`, `instance-state-code`, `instance-status.status`,
    /// `instance-status.reachability`, `system-status.status`,
    /// `system-status.reachability`, `availability-zone`.
    pub filters: Vec<Filter>,
    /// Include instances that are not running (by default only running ones).
    pub include_all_instances: bool,
}

/// One check's detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusDetail {
    /// `reachability`.
    pub name: String,
    /// `passed`, `failed`, `insufficient-data` or `initializing`.
    pub status: String,
}

/// A status summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusSummary {
    /// The checks (none when not applicable).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<StatusDetail>,
    /// `ok`, `impaired`, `insufficient-data`, `not-applicable` or `initializing`.
    pub status: String,
}

/// One instance's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStatus {
    /// The zone.
    pub availability_zone: String,
    /// The zone id.
    pub availability_zone_id: String,
    /// The instance.
    pub instance_id: String,
    /// Its state.
    pub instance_state: InstanceState,
    /// The instance check.
    pub instance_status: StatusSummary,
    /// The system check.
    pub system_status: StatusSummary,
    /// The attached EBS check.
    pub attached_ebs_status: StatusSummary,
}

/// `DescribeInstanceStatus` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceStatusOutput {
    /// The statuses.
    pub instance_statuses: Vec<InstanceStatus>,
}

impl Cloud {
    /// The status checks' state for an instance: (summary, detail) such as
    /// (`ok`, `passed`), (`initializing`, `initializing`) or (`not-applicable`, -).
    pub fn status_checks(&self, instance: &Instance) -> (&'static str, Option<&'static str>) {
        if instance.state != InstanceStateName::Running {
            return ("not-applicable", None);
        }
        if self.now.since(instance.state_since) < STATUS_CHECKS_INITIALIZING_FOR {
            ("initializing", Some("initializing"))
        } else {
            ("ok", Some("passed"))
        }
    }

    /// `ec2 describe-instance-status`.
    pub fn describe_instance_status(
        &mut self,
        input: DescribeInstanceStatusInput,
    ) -> Result<DescribeInstanceStatusOutput, Ec2Error> {
        self.ec2_call_dry("DescribeInstanceStatus", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "instance-state-name",
                    "instance-state-code",
                    "instance-status.status",
                    "instance-status.reachability",
                    "system-status.status",
                    "system-status.reachability",
                    "availability-zone",
                ],
            )?;
            let missing: Vec<String> = input
                .instance_ids
                .iter()
                .filter(|id| c.instance(id).is_none())
                .cloned()
                .collect();
            if !missing.is_empty() {
                return Err(Ec2Error::InstanceNotFound {
                    instance_ids: missing,
                });
            }
            let instance_statuses = c
                .ec2
                .instances
                .iter()
                .filter(|i| {
                    input.instance_ids.is_empty() || input.instance_ids.contains(&i.instance_id)
                })
                .filter(|i| input.include_all_instances || i.state == InstanceStateName::Running)
                .filter_map(|i| {
                    let (summary, detail) = c.status_checks(i);
                    let keep = filters::passes(&input.filters, |name| match name {
                        "instance-state-name" => vec![i.state.as_str().into()],
                        "instance-state-code" => vec![i.state.code().to_string()],
                        "instance-status.status" | "system-status.status" => vec![summary.into()],
                        "availability-zone" => vec![i.availability_zone.clone()],
                        _ => detail.iter().map(|d| d.to_string()).collect(),
                    });
                    if !keep {
                        return None;
                    }
                    let check = || StatusSummary {
                        details: detail
                            .map(|d| StatusDetail {
                                name: "reachability".into(),
                                status: d.into(),
                            })
                            .into_iter()
                            .collect(),
                        status: summary.into(),
                    };
                    Some(InstanceStatus {
                        availability_zone: i.availability_zone.clone(),
                        availability_zone_id: c
                            .region()
                            .zone(&i.availability_zone)
                            .map(|z| z.zone_id.to_string())
                            .unwrap_or_default(),
                        instance_id: i.instance_id.clone(),
                        instance_state: i.state.into(),
                        instance_status: check(),
                        system_status: check(),
                        attached_ebs_status: check(),
                    })
                })
                .collect();
            Ok(DescribeInstanceStatusOutput { instance_statuses })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, Architecture, OsFamily};
    use crate::ec2::instances::RunInstancesInput;

    #[test]
    fn checks_initialize_then_pass() {
        let mut cloud = Cloud::default();
        let image_id = catalog::image_for(
            "ap-northeast-2",
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
        let out = cloud
            .describe_instance_status(DescribeInstanceStatusInput::default())
            .unwrap();
        assert!(
            out.instance_statuses.is_empty(),
            "pending is not listed by default"
        );
        let all = cloud
            .describe_instance_status(DescribeInstanceStatusInput {
                include_all_instances: true,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            all.instance_statuses[0].instance_status.status,
            "not-applicable"
        );
        cloud.advance(Duration::from_secs(20));
        let out = cloud
            .describe_instance_status(DescribeInstanceStatusInput::default())
            .unwrap();
        assert_eq!(
            out.instance_statuses[0].system_status.status,
            "initializing"
        );
        cloud.advance(STATUS_CHECKS_INITIALIZING_FOR);
        let out = cloud
            .describe_instance_status(DescribeInstanceStatusInput {
                instance_ids: vec![id],
                filters: vec![Filter::new("instance-status.status", &["ok"])],
                ..Default::default()
            })
            .unwrap();
        let json = serde_json::to_value(&out).unwrap();
        assert_eq!(
            json["InstanceStatuses"][0]["InstanceStatus"],
            serde_json::json!({"Details": [{"Name": "reachability", "Status": "passed"}], "Status": "ok"})
        );
    }
}
