//! Instance types: `DescribeInstanceTypes`.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use crate::catalog::{self};
use crate::cloud::Cloud;

/// `DescribeInstanceTypes` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeInstanceTypesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Types to describe (the priced table when empty).
    pub instance_types: Vec<String>,
    /// Filters: `instance-type`, `free-tier-eligible`, `current-generation`,
    /// `processor-info.supported-architecture`, `burstable-performance-supported`,
    /// `vcpu-info.default-vcpus`.
    pub filters: Vec<Filter>,
}

/// One instance type as `DescribeInstanceTypes` returns it (main fields).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceTypeDescription {
    /// Name.
    pub instance_type: String,
    /// Current generation.
    pub current_generation: bool,
    /// Free tier.
    pub free_tier_eligible: bool,
    /// `{SupportedArchitectures: [..]}`.
    pub processor_info: serde_json::Value,
    /// `{DefaultVCpus: n}`.
    pub v_cpu_info: serde_json::Value,
    /// `{SizeInMiB: n}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_info: Option<serde_json::Value>,
    /// Burstable.
    pub burstable_performance_supported: bool,
    /// Hypervisor.
    pub hypervisor: String,
}

/// `DescribeInstanceTypes` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceTypesOutput {
    /// The types.
    pub instance_types: Vec<InstanceTypeDescription>,
}

impl Cloud {
    /// `ec2 describe-instance-types`.
    pub fn describe_instance_types(
        &mut self,
        input: DescribeInstanceTypesInput,
    ) -> Result<DescribeInstanceTypesOutput, Ec2Error> {
        self.ec2_call_dry("DescribeInstanceTypes", input.dry_run, |c| {
            let _ = c;
            filters::check_names(
                &input.filters,
                &[
                    "instance-type",
                    "free-tier-eligible",
                    "current-generation",
                    "processor-info.supported-architecture",
                    "burstable-performance-supported",
                    "vcpu-info.default-vcpus",
                ],
            )?;
            for t in &input.instance_types {
                if !catalog::is_instance_type(t) {
                    return Err(Ec2Error::InvalidInstanceType { instance_type: t.clone() });
                }
            }
            let types: Vec<catalog::InstanceTypeInfo> = if input.instance_types.is_empty() {
                catalog::instance_types().collect()
            } else {
                input
                    .instance_types
                    .iter()
                    .filter_map(|n| catalog::instance_type(n))
                    .collect()
            };
            let instance_types = types
                .into_iter()
                .filter(|t| {
                    filters::passes(&input.filters, |name| match name {
                        "instance-type" => vec![t.name.clone()],
                        "free-tier-eligible" => vec![t.free_tier_eligible.to_string()],
                        "current-generation" => vec![t.current_generation.to_string()],
                        "processor-info.supported-architecture" => vec![t.architecture.as_str().into()],
                        "burstable-performance-supported" => vec![t.burstable.to_string()],
                        _ => vec![t.vcpus.to_string()],
                    })
                })
                .map(|t| InstanceTypeDescription {
                    instance_type: t.name.clone(),
                    current_generation: t.current_generation,
                    free_tier_eligible: t.free_tier_eligible,
                    processor_info: serde_json::json!({ "SupportedArchitectures": [t.architecture.as_str()] }),
                    v_cpu_info: serde_json::json!({ "DefaultVCpus": t.vcpus }),
                    memory_info: t.memory_mib.map(|m| serde_json::json!({ "SizeInMiB": m })),
                    burstable_performance_supported: t.burstable,
                    hypervisor: "nitro".into(),
                })
                .collect();
            Ok(DescribeInstanceTypesOutput { instance_types })
        })
    }
}
