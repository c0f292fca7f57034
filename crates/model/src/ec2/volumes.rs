//! EBS volumes: the `Volume` record (made by `RunInstances` for an instance's
//! block devices, or by `CreateVolume`), and the operations on it: create,
//! describe, attach (same Availability Zone only), detach, modify (size only grows)
//! and delete, each state change on the clock (`creating` → `available`,
//! `attaching` → `attached`, `modifying` → `optimizing` → `completed` ...). A volume
//! carries the file system made on it (`mkfs`) and its files, so a snapshot or an
//! image copies what was written. Limits are in [`super::ebs`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::{Tag, TagMap, TagSpecification, tag_list};
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
    /// When the clock next changes its state or its attachment's.
    #[serde(default)]
    pub next_transition: Option<SimTime>,
    /// The file system made on it, with its files (`None`: a raw block device).
    /// A root volume's files are the instance's [`super::guest::Guest`].
    #[serde(default)]
    pub filesystem: Option<Filesystem>,
    /// The latest `ModifyVolume`, if any.
    #[serde(default)]
    pub modification: Option<VolumeModification>,
}

/// A file system on a data volume.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filesystem {
    /// `xfs`, `ext4`.
    pub fs_type: String,
    /// Its UUID (what `lsblk -f` and `/etc/fstab` show).
    pub uuid: String,
    /// Files by path inside the file system (`/index.html`).
    pub files: BTreeMap<String, String>,
}

/// A volume modification (`ModifyVolume`) and its progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeModification {
    /// `modifying`, `optimizing` or `completed`.
    pub state: String,
    /// Before.
    pub original: VolumeConfig,
    /// After.
    pub target: VolumeConfig,
    /// When it began.
    pub start_time: SimTime,
    /// When it completed.
    pub end_time: Option<SimTime>,
}

/// A volume's size, type and performance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeConfig {
    /// Size, GiB.
    pub size_gib: u32,
    /// Type.
    pub volume_type: String,
    /// IOPS.
    pub iops: Option<u32>,
    /// Throughput, MiB/s.
    pub throughput: Option<u32>,
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
    /// `attaching`, `attached` or `detaching`.
    #[serde(default = "attached")]
    pub state: String,
}

fn attached() -> String {
    "attached".to_string()
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
    /// Attachments (`CreateVolume`'s answer has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<VolumeAttachmentDescription>>,
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
                        "attachment.status" => {
                            v.attachment.iter().map(|a| a.state.clone()).collect()
                        }
                        "status" => vec![v.state.clone()],
                        "size" => vec![v.size_gib.to_string()],
                        "volume-type" => vec![v.volume_type.clone()],
                        "availability-zone" => vec![v.availability_zone.clone()],
                        "snapshot-id" => v.snapshot_id.iter().cloned().collect(),
                        "encrypted" => vec![v.encrypted.to_string()],
                        other => filters::tag_candidates(other, &v.tags).unwrap_or_default(),
                    })
                })
                .map(Volume::describe)
                .collect();
            Ok(DescribeVolumesOutput { volumes })
        })
    }
}

/// How long `creating` lasts.
pub const CREATING_DURATION: Duration = Duration::from_secs(10);
/// How long `attaching` and `detaching` last.
pub const ATTACH_DURATION: Duration = Duration::from_secs(5);
/// How long `deleting` lasts before the volume is gone.
pub const DELETING_DURATION: Duration = Duration::from_secs(5);
/// How long a modification is `modifying` (then the new size can be used).
pub const MODIFYING_DURATION: Duration = Duration::from_secs(30);
/// How long a modification is `optimizing` before `completed`.
pub const OPTIMIZING_DURATION: Duration = Duration::from_secs(300);

/// `CreateVolume` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateVolumeInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The zone (required: a volume lives in one zone).
    pub availability_zone: Option<String>,
    /// Encrypt it.
    pub encrypted: Option<bool>,
    /// Provisioned IOPS (gp3, io1, io2).
    pub iops: Option<u32>,
    /// Size in GiB (the snapshot's size when omitted with `SnapshotId`).
    pub size: Option<u32>,
    /// Restore from this snapshot.
    pub snapshot_id: Option<String>,
    /// `gp2` when omitted, as the API's default.
    pub volume_type: Option<String>,
    /// Tags for the `volume`.
    pub tag_specifications: Vec<TagSpecification>,
    /// Throughput in MiB/s (gp3).
    pub throughput: Option<u32>,
    /// Idempotency token.
    pub client_token: Option<String>,
}

/// `AttachVolume` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachVolumeInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The device name, e.g. `/dev/sdf`.
    pub device: String,
    /// The instance.
    pub instance_id: String,
    /// The volume.
    pub volume_id: String,
}

/// `DetachVolume` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DetachVolumeInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The device name, if given.
    pub device: Option<String>,
    /// Detach even if the OS has not released it.
    pub force: Option<bool>,
    /// The instance, if given.
    pub instance_id: Option<String>,
    /// The volume.
    pub volume_id: String,
}

/// `DeleteVolume` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteVolumeInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The volume.
    pub volume_id: String,
}

/// `ModifyVolume` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyVolumeInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The volume.
    pub volume_id: String,
    /// New size in GiB (only larger).
    pub size: Option<u32>,
    /// New type.
    pub volume_type: Option<String>,
    /// New IOPS.
    pub iops: Option<u32>,
    /// New throughput.
    pub throughput: Option<u32>,
}

/// `DescribeVolumesModifications` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeVolumesModificationsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Volume ids.
    pub volume_ids: Vec<String>,
    /// Filters: `volume-id`, `modification-state`, `target-volume-type`,
    /// `original-volume-type`, `target-size`, `original-size`.
    pub filters: Vec<Filter>,
}

/// `CreateVolume` output: the volume, without its attachments.
pub type CreateVolumeOutput = VolumeDescription;

/// `AttachVolume` / `DetachVolume` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachmentChange {
    /// When attached.
    pub attach_time: Timestamp,
    /// Device name.
    pub device: String,
    /// The instance.
    pub instance_id: String,
    /// `attaching` or `detaching`.
    pub state: String,
    /// The volume.
    pub volume_id: String,
}

/// One modification as `ModifyVolume` and `DescribeVolumesModifications` return it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeModificationDescription {
    /// The volume.
    pub volume_id: String,
    /// `modifying`, `optimizing`, `completed`.
    pub modification_state: String,
    /// New size.
    pub target_size: u32,
    /// New IOPS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_iops: Option<u32>,
    /// New type.
    pub target_volume_type: String,
    /// New throughput.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_throughput: Option<u32>,
    /// Multi-attach after.
    pub target_multi_attach_enabled: bool,
    /// Size before.
    pub original_size: u32,
    /// IOPS before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_iops: Option<u32>,
    /// Type before.
    pub original_volume_type: String,
    /// Throughput before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_throughput: Option<u32>,
    /// Multi-attach before.
    pub original_multi_attach_enabled: bool,
    /// Percent done.
    pub progress: u32,
    /// When it began.
    pub start_time: Timestamp,
    /// When it completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
}

/// `ModifyVolume` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyVolumeOutput {
    /// The modification.
    pub volume_modification: VolumeModificationDescription,
}

/// `DescribeVolumesModifications` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumesModificationsOutput {
    /// The modifications.
    pub volumes_modifications: Vec<VolumeModificationDescription>,
}

impl VolumeModification {
    fn describe(&self, volume_id: &str, now: SimTime) -> VolumeModificationDescription {
        let progress = match self.state.as_str() {
            "completed" => 100,
            "modifying" => 0,
            _ => {
                let done = now.since(self.start_time).as_secs();
                let total = (MODIFYING_DURATION + OPTIMIZING_DURATION).as_secs().max(1);
                u32::try_from((done * 100 / total).min(99)).unwrap_or(99)
            }
        };
        VolumeModificationDescription {
            volume_id: volume_id.to_string(),
            modification_state: self.state.clone(),
            target_size: self.target.size_gib,
            target_iops: self.target.iops,
            target_volume_type: self.target.volume_type.clone(),
            target_throughput: self.target.throughput,
            target_multi_attach_enabled: false,
            original_size: self.original.size_gib,
            original_iops: self.original.iops,
            original_volume_type: self.original.volume_type.clone(),
            original_throughput: self.original.throughput,
            original_multi_attach_enabled: false,
            progress,
            start_time: Timestamp(self.start_time),
            end_time: self.end_time.map(Timestamp),
        }
    }
}

impl Volume {
    /// The volume as `DescribeVolumes` returns it.
    pub fn describe(&self) -> VolumeDescription {
        VolumeDescription {
            attachments: Some(
                self.attachment
                    .iter()
                    .map(|a| VolumeAttachmentDescription {
                        attach_time: Timestamp(a.attach_time),
                        device: a.device.clone(),
                        instance_id: a.instance_id.clone(),
                        state: a.state.clone(),
                        volume_id: self.volume_id.clone(),
                        delete_on_termination: a.delete_on_termination,
                    })
                    .collect(),
            ),
            availability_zone: self.availability_zone.clone(),
            create_time: Timestamp(self.create_time),
            encrypted: self.encrypted,
            size: self.size_gib,
            snapshot_id: self.snapshot_id.clone().unwrap_or_default(),
            state: self.state.clone(),
            volume_id: self.volume_id.clone(),
            iops: self.iops,
            tags: tag_list(&self.tags),
            volume_type: self.volume_type.clone(),
            multi_attach_enabled: false,
            throughput: self.throughput,
        }
    }

    /// Makes the clock look at it again by `at` (keeping an earlier change due).
    fn schedule(&mut self, at: SimTime) {
        self.next_transition = Some(self.next_transition.map_or(at, |t| t.min(at)));
    }

    fn config(&self) -> VolumeConfig {
        VolumeConfig {
            size_gib: self.size_gib,
            volume_type: self.volume_type.clone(),
            iops: self.iops,
            throughput: self.throughput,
        }
    }

    /// Whether it is the root volume of its instance.
    pub fn is_root_of(&self, instance: &super::Instance) -> bool {
        self.attachment.as_ref().is_some_and(|a| {
            a.instance_id == instance.instance_id && a.device == instance.root_device_name
        })
    }
}

impl Cloud {
    /// The volume with this id.
    pub fn volume(&self, volume_id: &str) -> Option<&Volume> {
        self.ec2.volumes.iter().find(|v| v.volume_id == volume_id)
    }

    pub(crate) fn volume_mut(&mut self, volume_id: &str) -> Option<&mut Volume> {
        self.ec2
            .volumes
            .iter_mut()
            .find(|v| v.volume_id == volume_id)
    }

    fn existing_volume(&self, volume_id: &str) -> Result<&Volume, Ec2Error> {
        self.volume(volume_id)
            .filter(|v| v.state != "deleting")
            .ok_or_else(|| Ec2Error::VolumeNotFound {
                volume_id: volume_id.to_string(),
            })
    }

    /// `ec2 create-volume`: a volume in one zone, `creating` for a few seconds,
    /// then `available`.
    pub fn create_volume(
        &mut self,
        input: CreateVolumeInput,
    ) -> Result<CreateVolumeOutput, Ec2Error> {
        self.ec2_call_dry("CreateVolume", input.dry_run, |c| {
            let Some(zone) = input.availability_zone.clone().filter(|z| !z.is_empty()) else {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter AvailabilityZone".into(),
                });
            };
            if c.region().zone(&zone).is_none() {
                return Err(Ec2Error::invalid_value(format!(
                    "Invalid availability zone: [{zone}]"
                )));
            }
            let snapshot = match input.snapshot_id.as_deref().filter(|s| !s.is_empty()) {
                Some(id) => Some(c.existing_snapshot(id)?.clone()),
                None => None,
            };
            if let Some(s) = snapshot.as_ref().filter(|s| s.state != "completed") {
                return Err(Ec2Error::IncorrectState {
                    message: format!("Snapshot is in invalid state - {}", s.state),
                });
            }
            let size = match (input.size, &snapshot) {
                (Some(size), Some(snapshot)) if size < snapshot.volume_size => {
                    return Err(Ec2Error::invalid_value(format!(
                        "Volume of {size}GiB is smaller than snapshot '{}', expect size >= {}GiB",
                        snapshot.snapshot_id, snapshot.volume_size
                    )));
                }
                (Some(size), _) => size,
                (None, Some(snapshot)) => snapshot.volume_size,
                (None, None) => {
                    return Err(Ec2Error::MissingParameter {
                        message: "The request must contain the parameter size or snapshotId".into(),
                    });
                }
            };
            let volume_type = input
                .volume_type
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "gp2".into());
            let performance =
                super::ebs::check_volume(&volume_type, size, input.iops, input.throughput)?;
            let tags = super::tags::from_specifications(&input.tag_specifications, "volume")?;
            let volume_id = c.new_id("vol");
            let volume = Volume {
                volume_id: volume_id.clone(),
                size_gib: size,
                volume_type,
                iops: performance.iops,
                throughput: performance.throughput,
                snapshot_id: snapshot.as_ref().map(|s| s.snapshot_id.clone()),
                availability_zone: zone,
                create_time: c.now,
                state: "creating".into(),
                encrypted: input.encrypted.unwrap_or(false)
                    || snapshot.as_ref().is_some_and(|s| s.encrypted),
                attachment: None,
                tags,
                next_transition: Some(c.now.plus(CREATING_DURATION)),
                filesystem: snapshot.as_ref().and_then(|s| s.filesystem.clone()),
                modification: None,
            };
            let out = VolumeDescription {
                attachments: None,
                ..volume.describe()
            };
            c.ec2.volumes.push(volume);
            Ok(out)
        })
    }

    /// `ec2 attach-volume`: only an `available` volume, only to an instance in the
    /// same Availability Zone, at a device name the instance does not use yet.
    pub fn attach_volume(
        &mut self,
        input: AttachVolumeInput,
    ) -> Result<AttachmentChange, Ec2Error> {
        self.ec2_call_dry("AttachVolume", input.dry_run, |c| {
            let volume = c.existing_volume(&input.volume_id)?.clone();
            let instance = c
                .instance(&input.instance_id)
                .filter(|i| i.state != super::InstanceStateName::Terminated)
                .ok_or_else(|| Ec2Error::InstanceNotFound {
                    instance_ids: vec![input.instance_id.clone()],
                })?
                .clone();
            if !super::ebs::is_device_name(&input.device) {
                return Err(Ec2Error::invalid_value(format!(
                    "Value ({}) for parameter device is invalid. {} is not a valid EBS device name.",
                    input.device, input.device
                )));
            }
            if volume.attachment.is_some() {
                return Err(Ec2Error::VolumeInUse {
                    message: format!("{} is already attached to an instance", volume.volume_id),
                });
            }
            if volume.state != "available" {
                return Err(Ec2Error::IncorrectState {
                    message: format!("{} is not 'available'.", volume.volume_id),
                });
            }
            if !matches!(
                instance.state,
                super::InstanceStateName::Running | super::InstanceStateName::Stopped
            ) {
                return Err(Ec2Error::IncorrectInstanceState {
                    message: format!(
                        "Instance '{}' is not 'running' or 'stopped'.",
                        instance.instance_id
                    ),
                });
            }
            if volume.availability_zone != instance.availability_zone {
                return Err(Ec2Error::VolumeZoneMismatch {
                    message: format!(
                        "The volume '{}' is not in the same availability zone as instance '{}'",
                        volume.volume_id, instance.instance_id
                    ),
                });
            }
            let taken = c.ec2.volumes.iter().any(|v| {
                v.attachment
                    .as_ref()
                    .is_some_and(|a| a.instance_id == instance.instance_id && a.device == input.device)
            });
            if taken {
                return Err(Ec2Error::invalid_value(format!(
                    "Invalid value '{}' for unixDevice. Attachment point {} is already in use",
                    input.device, input.device
                )));
            }
            let now = c.now;
            if let Some(v) = c.volume_mut(&input.volume_id) {
                v.state = "in-use".into();
                v.attachment = Some(VolumeAttachment {
                    instance_id: instance.instance_id.clone(),
                    device: input.device.clone(),
                    attach_time: now,
                    delete_on_termination: false,
                    state: "attaching".into(),
                });
                v.schedule(now.plus(ATTACH_DURATION));
            }
            Ok(AttachmentChange {
                attach_time: Timestamp(now),
                device: input.device.clone(),
                instance_id: instance.instance_id,
                state: "attaching".into(),
                volume_id: input.volume_id.clone(),
            })
        })
    }

    /// `ec2 detach-volume`: not the root volume of an instance that runs.
    pub fn detach_volume(
        &mut self,
        input: DetachVolumeInput,
    ) -> Result<AttachmentChange, Ec2Error> {
        self.ec2_call_dry("DetachVolume", input.dry_run, |c| {
            let volume = c.existing_volume(&input.volume_id)?.clone();
            let Some(attachment) = volume.attachment.clone() else {
                return Err(Ec2Error::IncorrectState {
                    message: format!("Volume '{}' is in the '{}' state.", volume.volume_id, volume.state),
                });
            };
            if let Some(instance_id) = input.instance_id.as_deref().filter(|i| !i.is_empty())
                && instance_id != attachment.instance_id
            {
                return Err(Ec2Error::AttachmentNotFound {
                    message: format!(
                        "Volume {} can not be detached from {instance_id} because it is not attached",
                        volume.volume_id
                    ),
                });
            }
            if let Some(device) = input.device.as_deref().filter(|d| !d.is_empty())
                && device != attachment.device
            {
                return Err(Ec2Error::AttachmentNotFound {
                    message: format!(
                        "The volume {} is not attached to instance {} as device {device}",
                        volume.volume_id, attachment.instance_id
                    ),
                });
            }
            if attachment.state == "detaching" {
                return Err(Ec2Error::IncorrectState {
                    message: format!("Volume '{}' is already detaching.", volume.volume_id),
                });
            }
            if let Some(instance) = c.instance(&attachment.instance_id)
                && volume.is_root_of(instance)
                && instance.state != super::InstanceStateName::Stopped
            {
                return Err(Ec2Error::OperationNotPermitted {
                    message: format!(
                        "Unable to detach root volume '{}' from instance '{}'",
                        volume.volume_id, instance.instance_id
                    ),
                });
            }
            let now = c.now;
            if let Some(v) = c.volume_mut(&input.volume_id)
                && let Some(a) = v.attachment.as_mut()
            {
                a.state = "detaching".into();
                v.schedule(now.plus(ATTACH_DURATION));
            }
            c.guest_device_removed(&attachment.instance_id, &input.volume_id);
            Ok(AttachmentChange {
                attach_time: Timestamp(attachment.attach_time),
                device: attachment.device,
                instance_id: attachment.instance_id,
                state: "detaching".into(),
                volume_id: input.volume_id.clone(),
            })
        })
    }

    /// `ec2 delete-volume`: only a volume that is not attached.
    pub fn delete_volume(&mut self, input: DeleteVolumeInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteVolume", input.dry_run, |c| {
            let volume = c.existing_volume(&input.volume_id)?.clone();
            if let Some(a) = &volume.attachment {
                return Err(Ec2Error::VolumeInUse {
                    message: format!(
                        "Volume {} is currently attached to {}",
                        volume.volume_id, a.instance_id
                    ),
                });
            }
            if volume.state == "creating" {
                return Err(Ec2Error::IncorrectState {
                    message: format!("The volume '{}' is still being created.", volume.volume_id),
                });
            }
            let now = c.now;
            if let Some(v) = c.volume_mut(&input.volume_id) {
                v.state = "deleting".into();
                v.next_transition = Some(now.plus(DELETING_DURATION));
            }
            Ok(())
        })
    }

    /// `ec2 modify-volume`: a larger size, another type, IOPS or throughput, while
    /// the volume stays in use; `modifying`, then `optimizing` (the new size can be
    /// used), then `completed`.
    pub fn modify_volume(
        &mut self,
        input: ModifyVolumeInput,
    ) -> Result<ModifyVolumeOutput, Ec2Error> {
        self.ec2_call_dry("ModifyVolume", input.dry_run, |c| {
            let volume = c.existing_volume(&input.volume_id)?.clone();
            if volume
                .modification
                .as_ref()
                .is_some_and(|m| m.state != "completed")
            {
                return Err(Ec2Error::IncorrectModificationState {
                    message: format!(
                        "Volume {} is already being modified; wait until its modification is completed.",
                        volume.volume_id
                    ),
                });
            }
            if input.size.is_none()
                && input.volume_type.is_none()
                && input.iops.is_none()
                && input.throughput.is_none()
            {
                return Err(Ec2Error::MissingParameter {
                    message: "At least one of Size, VolumeType, Iops or Throughput must be given.".into(),
                });
            }
            if !matches!(volume.state.as_str(), "available" | "in-use") {
                return Err(Ec2Error::IncorrectState {
                    message: format!(
                        "The volume '{}' is not in the 'available' or 'in-use' state.",
                        volume.volume_id
                    ),
                });
            }
            let size = input.size.unwrap_or(volume.size_gib);
            if size < volume.size_gib {
                return Err(Ec2Error::invalid_value(
                    "New size cannot be smaller than existing size",
                ));
            }
            let volume_type = input
                .volume_type
                .clone()
                .unwrap_or_else(|| volume.volume_type.clone());
            let same_type = volume_type == volume.volume_type;
            // Provisioned figures carry over within a type that takes them.
            let keeps = |given: Option<u32>, current: Option<u32>, provisioned: bool| {
                given.or(if same_type && provisioned { current } else { None })
            };
            let limits = super::ebs::limits(&volume_type)?;
            let is_root = volume.attachment.as_ref().is_some_and(|a| {
                c.instance(&a.instance_id)
                    .is_some_and(|i| i.root_device_name == a.device)
            });
            if is_root && !limits.bootable {
                return Err(Ec2Error::invalid_value(format!(
                    "The volume type {volume_type} cannot be used for a boot volume."
                )));
            }
            let iops = keeps(input.iops, volume.iops, limits.iops.is_some());
            let throughput = keeps(input.throughput, volume.throughput, limits.throughput.is_some());
            let performance = super::ebs::check_volume(&volume_type, size, iops, throughput)?;
            let target = VolumeConfig {
                size_gib: size,
                volume_type,
                iops: performance.iops,
                throughput: performance.throughput,
            };
            let modification = VolumeModification {
                state: "modifying".into(),
                original: volume.config(),
                target,
                start_time: c.now,
                end_time: None,
            };
            let now = c.now;
            let description = modification.describe(&volume.volume_id, now);
            if let Some(v) = c.volume_mut(&input.volume_id) {
                v.modification = Some(modification);
                v.schedule(now.plus(MODIFYING_DURATION));
            }
            Ok(ModifyVolumeOutput {
                volume_modification: description,
            })
        })
    }

    /// `ec2 describe-volumes-modifications`.
    pub fn describe_volumes_modifications(
        &mut self,
        input: DescribeVolumesModificationsInput,
    ) -> Result<DescribeVolumesModificationsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeVolumesModifications", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "volume-id",
                    "modification-state",
                    "target-volume-type",
                    "original-volume-type",
                    "target-size",
                    "original-size",
                ],
            )?;
            for id in &input.volume_ids {
                c.existing_volume(id)?;
            }
            let now = c.now;
            let volumes_modifications = c
                .ec2
                .volumes
                .iter()
                .filter(|v| input.volume_ids.is_empty() || input.volume_ids.contains(&v.volume_id))
                .filter_map(|v| {
                    v.modification
                        .as_ref()
                        .map(|m| m.describe(&v.volume_id, now))
                })
                .filter(|d| {
                    filters::passes(&input.filters, |name| match name {
                        "volume-id" => vec![d.volume_id.clone()],
                        "modification-state" => vec![d.modification_state.clone()],
                        "target-volume-type" => vec![d.target_volume_type.clone()],
                        "original-volume-type" => vec![d.original_volume_type.clone()],
                        "target-size" => vec![d.target_size.to_string()],
                        "original-size" => vec![d.original_size.to_string()],
                        _ => Vec::new(),
                    })
                })
                .collect();
            Ok(DescribeVolumesModificationsOutput {
                volumes_modifications,
            })
        })
    }

    /// When the next volume change is due (part of EC2's clock hook).
    pub(crate) fn volumes_next_transition_at(&self) -> Option<SimTime> {
        self.ec2
            .volumes
            .iter()
            .filter_map(|v| v.next_transition)
            .min()
    }

    /// Applies every volume change due now: `creating` → `available`, `attaching`
    /// → `attached`, `detaching` → detached, `deleting` → gone, and a
    /// modification's `modifying` → `optimizing` → `completed`.
    pub(crate) fn apply_volume_transitions(&mut self) {
        let now = self.now;
        let mut gone = Vec::new();
        for v in &mut self.ec2.volumes {
            if v.next_transition.is_none_or(|t| t > now) {
                continue;
            }
            v.next_transition = None;
            if v.state == "creating" {
                v.state = "available".into();
            } else if v.state == "deleting" {
                gone.push(v.volume_id.clone());
            } else if let Some(a) = v.attachment.as_mut()
                && a.state != "attached"
            {
                if a.state == "attaching" {
                    a.state = "attached".into();
                } else {
                    v.attachment = None;
                    v.state = "available".into();
                }
            }
            if let Some(m) = v.modification.as_mut() {
                match m.state.as_str() {
                    "modifying" if m.start_time.plus(MODIFYING_DURATION) <= now => {
                        m.state = "optimizing".into();
                        v.size_gib = m.target.size_gib;
                        v.volume_type = m.target.volume_type.clone();
                        v.iops = m.target.iops;
                        v.throughput = m.target.throughput;
                    }
                    "optimizing"
                        if m.start_time.plus(MODIFYING_DURATION + OPTIMIZING_DURATION) <= now =>
                    {
                        m.state = "completed".into();
                        m.end_time = Some(now);
                    }
                    _ => {}
                }
                let next = match m.state.as_str() {
                    "modifying" => Some(m.start_time.plus(MODIFYING_DURATION)),
                    "optimizing" => {
                        Some(m.start_time.plus(MODIFYING_DURATION + OPTIMIZING_DURATION))
                    }
                    _ => None,
                };
                v.next_transition = match (v.next_transition, next) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
        }
        self.ec2.volumes.retain(|v| !gone.contains(&v.volume_id));
    }
}
