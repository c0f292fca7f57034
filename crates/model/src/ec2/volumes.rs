//! EBS volumes: the `Volume` record each instance's block devices create, and
//! `DescribeVolumes`.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::{Tag, TagMap, tag_list};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// An EBS volume.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volume {
    /// `vol-` followed by 17 hex digits.
    pub volume_id: String,
    /// Size in GiB.
    pub size_gib: u32,
    /// `gp3`, `gp2`, `io1` ...
    pub volume_type: String,
    /// Provisioned IOPS.
    pub iops: Option<u32>,
    /// Throughput in MiB/s (gp3).
    pub throughput: Option<u32>,
    /// The snapshot it was made from.
    pub snapshot_id: Option<String>,
    /// Availability Zone.
    pub availability_zone: String,
    /// When it was created.
    pub create_time: SimTime,
    /// `in-use` or `available`.
    pub state: String,
    /// Encryption.
    pub encrypted: bool,
    /// Its attachment, if attached.
    pub attachment: Option<VolumeAttachment>,
    /// Tags.
    pub tags: TagMap,
}

/// A volume's attachment to an instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeAttachment {
    /// The instance.
    pub instance_id: String,
    /// The device name, e.g. `/dev/xvda`.
    pub device: String,
    /// When it was attached.
    pub attach_time: SimTime,
    /// Whether the volume is deleted with the instance.
    pub delete_on_termination: bool,
}

/// `DescribeVolumes` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeVolumesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Volume ids.
    pub volume_ids: Vec<String>,
    /// Filters: `volume-id`, `attachment.instance-id`, `attachment.device`,
    /// `attachment.delete-on-termination`, `status`, `size`, `volume-type`,
    /// `availability-zone`, `snapshot-id`, `encrypted`, tags.
    pub filters: Vec<Filter>,
}

/// A volume attachment in output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeAttachmentDescription {
    /// When attached.
    pub attach_time: Timestamp,
    /// Device name.
    pub device: String,
    /// The instance.
    pub instance_id: String,
    /// `attached`.
    pub state: String,
    /// The volume.
    pub volume_id: String,
    /// Deleted with the instance.
    pub delete_on_termination: bool,
}

/// A volume as `DescribeVolumes` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeDescription {
    /// Attachments.
    pub attachments: Vec<VolumeAttachmentDescription>,
    /// Zone.
    pub availability_zone: String,
    /// Created.
    pub create_time: Timestamp,
    /// Encrypted.
    pub encrypted: bool,
    /// Size in GiB.
    pub size: u32,
    /// Snapshot.
    pub snapshot_id: String,
    /// `in-use` or `available`.
    pub state: String,
    /// The id.
    pub volume_id: String,
    /// IOPS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<u32>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Type.
    pub volume_type: String,
    /// Multi-attach.
    pub multi_attach_enabled: bool,
    /// Throughput.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput: Option<u32>,
}

/// `DescribeVolumes` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumesOutput {
    /// The volumes.
    pub volumes: Vec<VolumeDescription>,
}

impl Cloud {
    /// `ec2 describe-volumes`.
    pub fn describe_volumes(
        &mut self,
        input: DescribeVolumesInput,
    ) -> Result<DescribeVolumesOutput, Ec2Error> {
        self.ec2_call_dry("DescribeVolumes", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "volume-id",
                    "attachment.instance-id",
                    "attachment.device",
                    "attachment.delete-on-termination",
                    "attachment.status",
                    "status",
                    "size",
                    "volume-type",
                    "availability-zone",
                    "snapshot-id",
                    "encrypted",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            if let Some(missing) = input
                .volume_ids
                .iter()
                .find(|id| !c.ec2.volumes.iter().any(|v| &v.volume_id == *id))
            {
                return Err(Ec2Error::VolumeNotFound {
                    volume_id: missing.clone(),
                });
            }
            let volumes = c
                .ec2
                .volumes
                .iter()
                .filter(|v| input.volume_ids.is_empty() || input.volume_ids.contains(&v.volume_id))
                .filter(|v| {
                    filters::passes(&input.filters, |name| match name {
                        "volume-id" => vec![v.volume_id.clone()],
                        "attachment.instance-id" => {
                            v.attachment.iter().map(|a| a.instance_id.clone()).collect()
                        }
                        "attachment.device" => {
                            v.attachment.iter().map(|a| a.device.clone()).collect()
                        }
                        "attachment.delete-on-termination" => v
                            .attachment
                            .iter()
                            .map(|a| a.delete_on_termination.to_string())
                            .collect(),
                        "attachment.status" => v
                            .attachment
                            .iter()
                            .map(|_| "attached".to_string())
                            .collect(),
                        "status" => vec![v.state.clone()],
                        "size" => vec![v.size_gib.to_string()],
                        "volume-type" => vec![v.volume_type.clone()],
                        "availability-zone" => vec![v.availability_zone.clone()],
                        "snapshot-id" => v.snapshot_id.iter().cloned().collect(),
                        "encrypted" => vec![v.encrypted.to_string()],
                        other => filters::tag_candidates(other, &v.tags).unwrap_or_default(),
                    })
                })
                .map(|v| VolumeDescription {
                    attachments: v
                        .attachment
                        .iter()
                        .map(|a| VolumeAttachmentDescription {
                            attach_time: Timestamp(a.attach_time),
                            device: a.device.clone(),
                            instance_id: a.instance_id.clone(),
                            state: "attached".into(),
                            volume_id: v.volume_id.clone(),
                            delete_on_termination: a.delete_on_termination,
                        })
                        .collect(),
                    availability_zone: v.availability_zone.clone(),
                    create_time: Timestamp(v.create_time),
                    encrypted: v.encrypted,
                    size: v.size_gib,
                    snapshot_id: v.snapshot_id.clone().unwrap_or_default(),
                    state: v.state.clone(),
                    volume_id: v.volume_id.clone(),
                    iops: v.iops,
                    tags: tag_list(&v.tags),
                    volume_type: v.volume_type.clone(),
                    multi_attach_enabled: false,
                    throughput: v.throughput,
                })
                .collect();
            Ok(DescribeVolumesOutput { volumes })
        })
    }
}
