//! AMIs as EC2 shows them: `DescribeImages` over the region's public images.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use crate::catalog::{self, Architecture};
use crate::cloud::Cloud;

/// `DescribeImages` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeImagesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Image ids.
    pub image_ids: Vec<String>,
    /// Owners: `amazon`, `self`, or account ids.
    pub owners: Vec<String>,
    /// Filters: `name`, `image-id`, `architecture`, `owner-id`, `owner-alias`,
    /// `platform`, `platform-details`, `root-device-type`, `state`,
    /// `virtualization-type`, `description`.
    pub filters: Vec<Filter>,
}

/// An AMI as `DescribeImages` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImageDescription {
    /// Architecture.
    pub architecture: Architecture,
    /// Created.
    pub creation_date: String,
    /// The id.
    pub image_id: String,
    /// The location (`owner/name`).
    pub image_location: String,
    /// `machine`.
    pub image_type: String,
    /// Public.
    pub public: bool,
    /// Owner.
    pub owner_id: String,
    /// `windows`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Platform details.
    pub platform_details: String,
    /// Usage operation.
    pub usage_operation: String,
    /// `available`.
    pub state: String,
    /// Description.
    pub description: String,
    /// ENA.
    pub ena_support: bool,
    /// `xen`.
    pub hypervisor: String,
    /// Owner alias.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_owner_alias: Option<String>,
    /// Name.
    pub name: String,
    /// Root device name.
    pub root_device_name: String,
    /// `ebs`.
    pub root_device_type: String,
    /// `simple`.
    pub sriov_net_support: String,
    /// `hvm`.
    pub virtualization_type: String,
    /// Boot mode.
    pub boot_mode: String,
    /// `v2.0` when IMDSv2 is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imds_support: Option<String>,
    /// Block devices.
    pub block_device_mappings: Vec<serde_json::Value>,
}

/// `DescribeImages` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeImagesOutput {
    /// The images.
    pub images: Vec<ImageDescription>,
}

pub(crate) fn is_ami_id_shape(id: &str) -> bool {
    id.strip_prefix("ami-").is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

impl Cloud {
    /// `ec2 describe-images` over the public AMIs of the region.
    pub fn describe_images(
        &mut self,
        input: DescribeImagesInput,
    ) -> Result<DescribeImagesOutput, Ec2Error> {
        self.ec2_call_dry("DescribeImages", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "name",
                    "image-id",
                    "architecture",
                    "owner-id",
                    "owner-alias",
                    "platform",
                    "platform-details",
                    "root-device-type",
                    "state",
                    "virtualization-type",
                    "description",
                    "is-public",
                    "image-type",
                ],
            )?;
            let account = c.config.account_id.clone();
            let mut all: Vec<ImageDescription> = catalog::images(c.region().code)
                .iter()
                .map(describe_public)
                .collect();
            all.extend(
                c.ec2
                    .images
                    .iter()
                    .filter(|i| i.state != "deregistered")
                    .map(|i| i.describe(&account, c.region().code)),
            );
            for id in &input.image_ids {
                if !is_ami_id_shape(id) {
                    return Err(Ec2Error::AmiIdMalformed {
                        image_id: id.clone(),
                    });
                }
                if !all.iter().any(|a| &a.image_id == id) {
                    return Err(Ec2Error::AmiNotFound {
                        image_id: id.clone(),
                    });
                }
            }
            let images = all
                .into_iter()
                .filter(|a| input.image_ids.is_empty() || input.image_ids.contains(&a.image_id))
                .filter(|a| {
                    input.owners.is_empty()
                        || input.owners.iter().any(|o| {
                            *o == a.owner_id
                                || Some(o) == a.image_owner_alias.as_ref()
                                || (o == "self" && a.owner_id == account)
                        })
                })
                .filter(|a| {
                    filters::passes(&input.filters, |name| match name {
                        "name" => vec![a.name.clone()],
                        "image-id" => vec![a.image_id.clone()],
                        "architecture" => vec![a.architecture.as_str().into()],
                        "owner-id" => vec![a.owner_id.clone()],
                        "owner-alias" => a.image_owner_alias.iter().cloned().collect(),
                        "platform" => a.platform.iter().cloned().collect(),
                        "platform-details" => vec![a.platform_details.clone()],
                        "root-device-type" => vec!["ebs".into()],
                        "state" => vec![a.state.clone()],
                        "virtualization-type" => vec!["hvm".into()],
                        "is-public" => vec![a.public.to_string()],
                        "image-type" => vec!["machine".into()],
                        _ => vec![a.description.clone()],
                    })
                })
                .collect();
            Ok(DescribeImagesOutput { images })
        })
    }
}

/// A public AMI of the catalogue as `DescribeImages` shows it.
fn describe_public(a: &catalog::Ami) -> ImageDescription {
    ImageDescription {
        architecture: a.architecture,
        creation_date: a.creation_date.into(),
        image_id: a.image_id.clone(),
        image_location: format!("{}/{}", a.owner_alias.unwrap_or(a.owner_id), a.name),
        image_type: "machine".into(),
        public: true,
        owner_id: a.owner_id.into(),
        platform: a.platform.map(String::from),
        platform_details: a.platform_details.into(),
        usage_operation: a.usage_operation.into(),
        state: "available".into(),
        description: a.description.clone(),
        ena_support: true,
        hypervisor: "xen".into(),
        image_owner_alias: a.owner_alias.map(String::from),
        name: a.name.clone(),
        root_device_name: a.root_device_name.into(),
        root_device_type: "ebs".into(),
        sriov_net_support: "simple".into(),
        virtualization_type: "hvm".into(),
        boot_mode: a.boot_mode.into(),
        imds_support: a.imds_v2_required.then(|| "v2.0".to_string()),
        block_device_mappings: vec![serde_json::json!({
            "DeviceName": a.root_device_name,
            "Ebs": {
                "DeleteOnTermination": true,
                "SnapshotId": a.snapshot_id,
                "VolumeSize": a.root_volume_size_gib,
                "VolumeType": a.root_volume_type,
                "Encrypted": false
            }
        })],
    }
}
