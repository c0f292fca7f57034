//! The account's own AMIs: `CreateImage` from an instance (a snapshot of each of
//! its EBS volumes; the instance reboots first unless `NoReboot`), `pending` until
//! the snapshots complete, then `available` to launch; `DeregisterImage`. An image
//! keeps what was installed and written on the instance (its [`Guest`]'s disk
//! state), so an instance launched from it serves the same page.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::guest::Guest;
use super::images::ImageDescription;
use super::{InstanceStateName, TagMap, TagSpecification};
use crate::catalog::{self, Ami, Architecture, OsFamily};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// How long after its snapshots complete an image becomes `available`.
pub const REGISTER_DURATION: Duration = Duration::from_secs(10);

/// One of the account's AMIs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// `ami-` followed by 17 hex digits.
    pub image_id: String,
    /// Its name (unique in the account and region).
    pub name: String,
    /// Its description.
    pub description: String,
    /// `pending`, `available`.
    pub state: String,
    /// When `CreateImage` was called.
    pub creation_date: SimTime,
    /// When it becomes `available`.
    pub available_at: SimTime,
    /// The instance it was made from.
    pub source_instance_id: String,
    /// The public AMI the instance was launched from (platform, boot mode, user).
    pub base_image_id: String,
    /// OS family.
    pub os: OsFamily,
    /// Architecture.
    pub architecture: Architecture,
    /// The root device name.
    pub root_device_name: String,
    /// One entry per EBS volume, the root first.
    pub block_devices: Vec<ImageBlockDevice>,
    /// The software and files of the root volume.
    pub guest: Guest,
    /// Tags.
    pub tags: TagMap,
}

/// One block device of an [`Image`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageBlockDevice {
    /// `/dev/xvda`, `/dev/sdf` ...
    pub device_name: String,
    /// The snapshot it restores.
    pub snapshot_id: String,
    /// Size, GiB.
    pub volume_size: u32,
    /// Type.
    pub volume_type: String,
    /// IOPS.
    pub iops: Option<u32>,
    /// Throughput.
    pub throughput: Option<u32>,
    /// Deleted with the instance.
    pub delete_on_termination: bool,
    /// Encrypted.
    pub encrypted: bool,
}

impl Image {
    /// The snapshots it uses.
    pub fn snapshot_ids(&self) -> impl Iterator<Item = &str> {
        self.block_devices.iter().map(|b| b.snapshot_id.as_str())
    }

    /// As `DescribeImages` shows it.
    pub(crate) fn describe(&self, account_id: &str, region: &str) -> ImageDescription {
        let base = catalog::image(region, &self.base_image_id);
        let base = base.as_ref();
        ImageDescription {
            architecture: self.architecture,
            creation_date: Timestamp(self.creation_date).to_string(),
            image_id: self.image_id.clone(),
            image_location: format!("{account_id}/{}", self.name),
            image_type: "machine".into(),
            public: false,
            owner_id: account_id.to_string(),
            platform: base.and_then(|b| b.platform).map(String::from),
            platform_details: base.map_or("Linux/UNIX", |b| b.platform_details).into(),
            usage_operation: base.map_or("RunInstances", |b| b.usage_operation).into(),
            state: self.state.clone(),
            description: self.description.clone(),
            ena_support: true,
            hypervisor: "xen".into(),
            image_owner_alias: None,
            name: self.name.clone(),
            root_device_name: self.root_device_name.clone(),
            root_device_type: "ebs".into(),
            sriov_net_support: "simple".into(),
            virtualization_type: "hvm".into(),
            boot_mode: base.map_or("uefi-preferred", |b| b.boot_mode).into(),
            imds_support: base
                .is_some_and(|b| b.imds_v2_required)
                .then(|| "v2.0".to_string()),
            block_device_mappings: self
                .block_devices
                .iter()
                .map(|b| {
                    serde_json::json!({
                        "DeviceName": b.device_name,
                        "Ebs": {
                            "DeleteOnTermination": b.delete_on_termination,
                            "SnapshotId": b.snapshot_id,
                            "VolumeSize": b.volume_size,
                            "VolumeType": b.volume_type,
                            "Encrypted": b.encrypted
                        }
                    })
                })
                .collect(),
        }
    }
}

/// `CreateImage` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateImageInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The instance to image.
    pub instance_id: String,
    /// The image's name: 3 to 128 letters, digits and `()[] ./-'@_`.
    pub name: String,
    /// A description.
    pub description: Option<String>,
    /// Do not reboot the instance first (the file systems may be inconsistent).
    pub no_reboot: Option<bool>,
    /// Tags for the `image` (and its `snapshot`s).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateImage` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateImageOutput {
    /// The new image's id.
    pub image_id: String,
}

/// `DeregisterImage` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeregisterImageInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The image.
    pub image_id: String,
    /// Delete its snapshots too (they stay, and bill, otherwise).
    pub delete_associated_snapshots: Option<bool>,
}

/// `CopyImage` input (sent to the destination region).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CopyImageInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The new image's name.
    pub name: String,
    /// The image to copy.
    pub source_image_id: String,
    /// The region it is in.
    pub source_region: String,
    /// A description.
    pub description: Option<String>,
    /// Encrypt the copy's snapshots.
    pub encrypted: Option<bool>,
    /// Copy the image's tags too.
    pub copy_image_tags: Option<bool>,
    /// Tags for the new `image`.
    pub tag_specifications: Vec<TagSpecification>,
    /// Idempotency token.
    pub client_token: Option<String>,
}

/// An image and the snapshots it uses, read from the source region for a copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageExport {
    /// The image.
    pub image: Image,
    /// Its snapshots, in the image's block-device order.
    pub snapshots: Vec<super::snapshots::Snapshot>,
    /// The source region.
    pub region: String,
}

/// How long a copy to another region takes at least, and per GiB more.
pub const COPY_BASE_DURATION: Duration = Duration::from_secs(60);
/// See [`COPY_BASE_DURATION`].
pub const COPY_PER_GIB: Duration = Duration::from_secs(4);

/// Checks an image name as EC2 does.
pub fn check_image_name(name: &str) -> Result<(), Ec2Error> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "()[] ./-'@_".contains(c);
    if !(3..=128).contains(&name.chars().count()) || !name.chars().all(allowed) {
        return Err(Ec2Error::ImageNameMalformed {
            message: format!(
                "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_' ({name:?} is not valid)"
            ),
        });
    }
    Ok(())
}

impl Cloud {
    /// The account's own images (deregistered ones are gone).
    pub fn own_images(&self) -> &[Image] {
        &self.ec2.images
    }

    /// The image `image_id` as the launch needs it: a public AMI of the region, or
    /// one of the account's `available` images (with its public base's platform).
    pub(crate) fn launchable_ami(&self, image_id: &str) -> Option<(Ami, Option<&Image>)> {
        if let Some(ami) = catalog::image(self.region().code, image_id) {
            return Some((ami, None));
        }
        let own = self
            .ec2
            .images
            .iter()
            .find(|i| i.image_id == image_id && i.state == "available")?;
        let mut ami = catalog::image(self.region().code, &own.base_image_id)?;
        let root = own.block_devices.first()?;
        ami.image_id = own.image_id.clone();
        ami.name = own.name.clone();
        ami.description = own.description.clone();
        ami.snapshot_id = root.snapshot_id.clone();
        ami.root_volume_size_gib = root.volume_size;
        Some((ami, Some(own)))
    }

    /// The public AMI an instance descends from: the one it was launched from, or
    /// its image's base (kept on the instance, so it outlives a deregistered image).
    pub(crate) fn base_ami_of(&self, instance: &super::Instance) -> Option<Ami> {
        let region = self.region().code;
        catalog::image(region, &instance.image_id)
            .or_else(|| {
                let base = instance.base_image_id.as_deref()?;
                catalog::image(region, base)
            })
            .or_else(|| {
                let own = self
                    .ec2
                    .images
                    .iter()
                    .find(|i| i.image_id == instance.image_id)?;
                catalog::image(region, &own.base_image_id)
            })
            .or_else(|| catalog::image_for(region, instance.os, instance.architecture))
    }

    /// `ec2 create-image`: snapshots every EBS volume of the instance and keeps its
    /// software; `pending` until the snapshots complete. A running instance is
    /// rebooted first unless `NoReboot` (its services start again as enabled).
    pub fn create_image(&mut self, input: CreateImageInput) -> Result<CreateImageOutput, Ec2Error> {
        self.ec2_call_dry("CreateImage", input.dry_run, |c| {
            check_image_name(&input.name)?;
            let instance = c
                .instance(&input.instance_id)
                .ok_or_else(|| Ec2Error::InstanceNotFound {
                    instance_ids: vec![input.instance_id.clone()],
                })?
                .clone();
            if !matches!(
                instance.state,
                InstanceStateName::Running | InstanceStateName::Stopped
            ) {
                return Err(Ec2Error::IncorrectInstanceState {
                    message: format!(
                        "Instance '{}' is not in a state from which it can be imaged.",
                        instance.instance_id
                    ),
                });
            }
            if let Some(existing) = c.ec2.images.iter().find(|i| i.name == input.name) {
                return Err(Ec2Error::ImageNameDuplicate {
                    message: format!(
                        "AMI name {} is already in use by AMI {}",
                        input.name, existing.image_id
                    ),
                });
            }
            let base = c
                .base_ami_of(&instance)
                .ok_or_else(|| Ec2Error::AmiNotFound {
                    image_id: instance.image_id.clone(),
                })?;
            let image_tags = super::tags::from_specifications(&input.tag_specifications, "image")?;
            let snapshot_tags =
                super::tags::from_specifications(&input.tag_specifications, "snapshot")?;
            if instance.state == InstanceStateName::Running && !input.no_reboot.unwrap_or(false) {
                c.guest_reboot(&instance.instance_id);
            }
            c.sync_mounts(&instance.instance_id);
            let image_id = c.new_id("ami");
            let mut volumes: Vec<super::Volume> = c
                .ec2
                .volumes
                .iter()
                .filter(|v| {
                    v.attachment
                        .as_ref()
                        .is_some_and(|a| a.instance_id == instance.instance_id)
                })
                .cloned()
                .collect();
            // The root first, then the others by device name.
            volumes.sort_by_key(|v| {
                let device = v
                    .attachment
                    .as_ref()
                    .map(|a| a.device.clone())
                    .unwrap_or_default();
                (device != instance.root_device_name, device)
            });
            let mut block_devices = Vec::new();
            let mut ready = c.now;
            for v in &volumes {
                let snapshot_id = c.snapshot_volume(
                    &v.volume_id,
                    format!(
                        "Created by CreateImage({}) for {image_id}",
                        instance.instance_id
                    ),
                    snapshot_tags.clone(),
                )?;
                if let Ok(s) = c.existing_snapshot(&snapshot_id) {
                    ready = ready.max(s.complete_at);
                }
                let attachment = v.attachment.clone();
                block_devices.push(ImageBlockDevice {
                    device_name: attachment
                        .as_ref()
                        .map(|a| a.device.clone())
                        .unwrap_or_default(),
                    snapshot_id,
                    volume_size: v.size_gib,
                    volume_type: v.volume_type.clone(),
                    iops: v.iops,
                    throughput: v.throughput,
                    delete_on_termination: attachment.is_some_and(|a| a.delete_on_termination),
                    encrypted: v.encrypted,
                });
            }
            let mut guest = c
                .instance(&instance.instance_id)
                .map(|i| i.guest.clone())
                .unwrap_or(instance.guest.clone());
            guest.image_disk_state();
            c.ec2.images.push(Image {
                image_id: image_id.clone(),
                name: input.name.clone(),
                description: input.description.clone().unwrap_or_default(),
                state: "pending".into(),
                creation_date: c.now,
                available_at: ready.plus(REGISTER_DURATION),
                source_instance_id: instance.instance_id.clone(),
                base_image_id: base.image_id.clone(),
                os: instance.os,
                architecture: instance.architecture,
                root_device_name: instance.root_device_name.clone(),
                block_devices,
                guest,
                tags: image_tags,
            });
            Ok(CreateImageOutput { image_id })
        })
    }

    /// Reads one of the account's available images and its snapshots, for
    /// [`Cloud::copy_image`] in another region. Not an API call.
    pub fn export_image(&self, image_id: &str) -> Result<ImageExport, Ec2Error> {
        if !super::images::is_ami_id_shape(image_id) {
            return Err(Ec2Error::AmiIdMalformed {
                image_id: image_id.to_string(),
            });
        }
        let image = self
            .ec2
            .images
            .iter()
            .find(|i| i.image_id == image_id)
            .ok_or_else(|| Ec2Error::AmiNotFound {
                image_id: image_id.to_string(),
            })?;
        if image.state != "available" {
            return Err(Ec2Error::IncorrectState {
                message: format!(
                    "Image {image_id} is not in a valid state for copying: {}.",
                    image.state
                ),
            });
        }
        let snapshots = image
            .snapshot_ids()
            .filter_map(|id| {
                self.ec2
                    .snapshots
                    .iter()
                    .find(|s| s.snapshot_id == id)
                    .cloned()
            })
            .collect();
        Ok(ImageExport {
            image: image.clone(),
            snapshots,
            region: self.region().code.to_string(),
        })
    }

    /// `ec2 copy-image`, called in the destination region: a new image with its
    /// own id and copies of the snapshots, `pending` while they are copied across.
    /// `source` is what the source region gave (or why it could not): either way
    /// the call is authorized and logged here first.
    pub fn copy_image(
        &mut self,
        input: CopyImageInput,
        source: Result<&ImageExport, Ec2Error>,
    ) -> Result<CreateImageOutput, Ec2Error> {
        self.ec2_call_dry("CopyImage", input.dry_run, |c| {
            let source = source?;
            check_image_name(&input.name)?;
            if let Some(existing) = c.ec2.images.iter().find(|i| i.name == input.name) {
                return Err(Ec2Error::ImageNameDuplicate {
                    message: format!(
                        "AMI name {} is already in use by AMI {}",
                        input.name, existing.image_id
                    ),
                });
            }
            let base = catalog::image_for(c.region().code, source.image.os, source.image.architecture)
                .ok_or_else(|| Ec2Error::AmiNotFound {
                    image_id: source.image.base_image_id.clone(),
                })?;
            let image_id = c.new_id("ami");
            let mut block_devices = Vec::new();
            let mut ready = c.now;
            for (device, original) in source.image.block_devices.iter().zip(&source.snapshots) {
                let snapshot_id = c.new_id("snap");
                let copy = COPY_BASE_DURATION + COPY_PER_GIB * original.volume_size.min(300);
                ready = ready.max(c.now.plus(copy));
                let encrypted = original.encrypted || input.encrypted.unwrap_or(false);
                c.ec2.snapshots.push(super::snapshots::Snapshot {
                    snapshot_id: snapshot_id.clone(),
                    volume_id: "vol-ffffffff".into(),
                    volume_size: original.volume_size,
                    state: "pending".into(),
                    start_time: c.now,
                    complete_at: c.now.plus(copy),
                    description: format!(
                        "Copied for DestinationAmi {image_id} from SourceAmi {} for SourceSnapshot {}. Task created on {}.",
                        source.image.image_id,
                        original.snapshot_id,
                        c.now.to_cli()
                    ),
                    encrypted,
                    tags: TagMap::new(),
                    filesystem: original.filesystem.clone(),
                    stored_mib: original.stored_mib,
                });
                block_devices.push(ImageBlockDevice {
                    snapshot_id,
                    encrypted,
                    ..device.clone()
                });
            }
            let mut tags = super::tags::from_specifications(&input.tag_specifications, "image")?;
            if input.copy_image_tags.unwrap_or(false) {
                for (k, v) in &source.image.tags {
                    tags.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            c.ec2.images.push(Image {
                image_id: image_id.clone(),
                name: input.name.clone(),
                description: input
                    .description
                    .clone()
                    .unwrap_or_else(|| {
                        format!(
                            "[Copied {} from {}] {}",
                            source.image.image_id, source.region, source.image.description
                        )
                        .trim_end()
                        .to_string()
                    }),
                state: "pending".into(),
                creation_date: c.now,
                available_at: ready.plus(REGISTER_DURATION),
                source_instance_id: source.image.source_instance_id.clone(),
                base_image_id: base.image_id.clone(),
                os: source.image.os,
                architecture: source.image.architecture,
                root_device_name: source.image.root_device_name.clone(),
                block_devices,
                guest: source.image.guest.clone(),
                tags,
            });
            Ok(CreateImageOutput { image_id })
        })
    }

    /// `ec2 deregister-image`: the image can no longer be launched; its snapshots
    /// stay (and bill) unless `DeleteAssociatedSnapshots`.
    pub fn deregister_image(&mut self, input: DeregisterImageInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeregisterImage", input.dry_run, |c| {
            if !super::images::is_ami_id_shape(&input.image_id) {
                return Err(Ec2Error::AmiIdMalformed {
                    image_id: input.image_id.clone(),
                });
            }
            let Some(image) = c
                .ec2
                .images
                .iter()
                .find(|i| i.image_id == input.image_id)
                .cloned()
            else {
                return Err(Ec2Error::AmiNotFound {
                    image_id: input.image_id.clone(),
                });
            };
            c.ec2.images.retain(|i| i.image_id != input.image_id);
            if input.delete_associated_snapshots.unwrap_or(false) {
                let ids: Vec<&str> = image.snapshot_ids().collect();
                c.ec2
                    .snapshots
                    .retain(|s| !ids.contains(&s.snapshot_id.as_str()));
            }
            Ok(())
        })
    }

    /// When the next image becomes available (part of EC2's clock hook).
    pub(crate) fn images_next_transition_at(&self) -> Option<SimTime> {
        self.ec2
            .images
            .iter()
            .filter(|i| i.state == "pending")
            .map(|i| i.available_at)
            .min()
    }

    /// Makes the images that are due `available`.
    pub(crate) fn apply_image_transitions(&mut self) {
        let now = self.now;
        for i in &mut self.ec2.images {
            if i.state == "pending" && i.available_at <= now {
                i.state = "available".into();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::catalog::{self, Architecture, OsFamily};
    use crate::ec2::guest::ServiceAction;
    use crate::ec2::instances::{InstanceIdsInput, RunInstancesInput};
    use crate::ec2::snapshots::{CreateSnapshotInput, DeleteSnapshotInput};
    use crate::ec2::volumes::{
        AttachVolumeInput, CreateVolumeInput, DeleteVolumeInput, DescribeVolumesModificationsInput,
        DetachVolumeInput, ModifyVolumeInput,
    };

    fn launch(cloud: &mut Cloud, image_id: Option<String>, zone: Option<&str>) -> String {
        let image_id = image_id.unwrap_or_else(|| {
            catalog::image_for(
                cloud.region().code,
                OsFamily::AmazonLinux2023,
                Architecture::X86_64,
            )
            .unwrap()
            .image_id
        });
        let id = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                placement: zone.map(|z| crate::ec2::instances::PlacementRequest {
                    availability_zone: Some(z.to_string()),
                }),
                ..Default::default()
            })
            .unwrap()
            .instances[0]
            .instance_id
            .clone();
        cloud.advance(Duration::from_secs(30));
        id
    }

    fn zone_of(cloud: &Cloud, id: &str) -> String {
        cloud.instance(id).unwrap().availability_zone.clone()
    }

    fn other_zone(cloud: &Cloud, zone: &str) -> String {
        cloud
            .region()
            .zones
            .iter()
            .map(|z| z.name.to_string())
            .find(|z| z != zone)
            .unwrap()
    }

    fn new_volume(cloud: &mut Cloud, zone: &str, size: u32) -> String {
        let id = cloud
            .create_volume(CreateVolumeInput {
                availability_zone: Some(zone.into()),
                size: Some(size),
                volume_type: Some("gp3".into()),
                ..Default::default()
            })
            .unwrap()
            .volume_id;
        assert_eq!(cloud.volume(&id).unwrap().state, "creating");
        cloud.advance(Duration::from_secs(10));
        assert_eq!(cloud.volume(&id).unwrap().state, "available");
        id
    }

    fn attach(cloud: &mut Cloud, volume: &str, instance: &str) -> Result<(), Ec2Error> {
        cloud
            .attach_volume(AttachVolumeInput {
                device: "/dev/sdf".into(),
                instance_id: instance.into(),
                volume_id: volume.into(),
                ..Default::default()
            })
            .map(|_| ())
    }

    #[test]
    fn volumes_attach_in_their_zone_only_and_follow_the_clock() {
        let mut cloud = Cloud::default();
        let web = launch(&mut cloud, None, None);
        let zone = zone_of(&cloud, &web);
        let far_zone = other_zone(&cloud, &zone);
        let far = new_volume(&mut cloud, &far_zone, 10);
        let err = attach(&mut cloud, &far, &web).unwrap_err();
        assert_eq!(err.code(), "InvalidVolume.ZoneMismatch");
        assert_eq!(
            err.message(),
            format!("The volume '{far}' is not in the same availability zone as instance '{web}'")
        );
        let near = new_volume(&mut cloud, &zone, 10);
        attach(&mut cloud, &near, &web).unwrap();
        assert_eq!(
            cloud
                .volume(&near)
                .unwrap()
                .attachment
                .as_ref()
                .unwrap()
                .state,
            "attaching"
        );
        cloud.advance(Duration::from_secs(5));
        assert_eq!(
            cloud
                .volume(&near)
                .unwrap()
                .attachment
                .as_ref()
                .unwrap()
                .state,
            "attached"
        );
        assert_eq!(cloud.volume(&near).unwrap().state, "in-use");
        assert_eq!(
            attach(&mut cloud, &near, &web).unwrap_err().code(),
            "VolumeInUse"
        );
        let err = cloud
            .delete_volume(DeleteVolumeInput {
                volume_id: near.clone(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            err.message(),
            format!("Volume {near} is currently attached to {web}")
        );
        // The device name is taken, and not every name is a device.
        let third = new_volume(&mut cloud, &zone, 10);
        assert!(
            attach(&mut cloud, &third, &web)
                .unwrap_err()
                .message()
                .contains("already in use")
        );
        let err = cloud
            .attach_volume(AttachVolumeInput {
                device: "/dev/nvme1n1".into(),
                instance_id: web.clone(),
                volume_id: third.clone(),
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            err.message().contains("is not a valid EBS device name"),
            "{}",
            err.message()
        );
        // The root volume stays while the instance runs.
        let root = cloud
            .volumes()
            .iter()
            .find(|v| v.is_root_of(cloud.instance(&web).unwrap()))
            .unwrap()
            .volume_id
            .clone();
        let err = cloud
            .detach_volume(DetachVolumeInput {
                volume_id: root,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "OperationNotPermitted");
        cloud
            .detach_volume(DetachVolumeInput {
                volume_id: near.clone(),
                ..Default::default()
            })
            .unwrap();
        cloud.advance(Duration::from_secs(5));
        assert_eq!(cloud.volume(&near).unwrap().state, "available");
        let err = cloud
            .detach_volume(DetachVolumeInput {
                volume_id: near.clone(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            err.message(),
            format!("Volume '{near}' is in the 'available' state.")
        );
        cloud
            .delete_volume(DeleteVolumeInput {
                volume_id: near.clone(),
                ..Default::default()
            })
            .unwrap();
        cloud.advance(Duration::from_secs(5));
        assert!(cloud.volume(&near).is_none());
    }

    #[test]
    fn a_modification_grows_the_volume_on_the_clock() {
        let mut cloud = Cloud::default();
        let zone = cloud.region().zones[0].name.to_string();
        let vol = new_volume(&mut cloud, &zone, 10);
        let modify = |size| ModifyVolumeInput {
            volume_id: vol.clone(),
            size: Some(size),
            ..Default::default()
        };
        let err = cloud.modify_volume(modify(5)).unwrap_err();
        assert_eq!(
            err.message(),
            "New size cannot be smaller than existing size"
        );
        let out = cloud.modify_volume(modify(20)).unwrap();
        assert_eq!(out.volume_modification.modification_state, "modifying");
        assert_eq!(out.volume_modification.original_size, 10);
        assert_eq!(out.volume_modification.target_iops, Some(3_000));
        assert_eq!(
            cloud.modify_volume(modify(30)).unwrap_err().code(),
            "IncorrectModificationState"
        );
        cloud.advance(MODIFYING_DURATION_FOR_TESTS);
        assert_eq!(cloud.volume(&vol).unwrap().size_gib, 20);
        let listed = cloud
            .describe_volumes_modifications(DescribeVolumesModificationsInput::default())
            .unwrap();
        assert_eq!(
            listed.volumes_modifications[0].modification_state,
            "optimizing"
        );
        cloud.advance(Duration::from_secs(300));
        let listed = cloud
            .describe_volumes_modifications(DescribeVolumesModificationsInput::default())
            .unwrap();
        assert_eq!(
            listed.volumes_modifications[0].modification_state,
            "completed"
        );
        assert_eq!(listed.volumes_modifications[0].progress, 100);
        // gp2 to gp3 takes gp3's baseline.
        cloud
            .modify_volume(ModifyVolumeInput {
                volume_id: vol.clone(),
                volume_type: Some("io2".into()),
                ..Default::default()
            })
            .unwrap_err();
    }

    const MODIFYING_DURATION_FOR_TESTS: Duration = crate::ec2::volumes::MODIFYING_DURATION;

    #[test]
    fn files_on_a_volume_travel_in_snapshots_and_images() {
        let mut cloud = Cloud::default();
        let web = launch(&mut cloud, None, None);
        let zone = zone_of(&cloud, &web);
        let data = new_volume(&mut cloud, &zone, 10);
        attach(&mut cloud, &data, &web).unwrap();
        cloud.advance(Duration::from_secs(5));
        let devices = cloud.block_devices(&web);
        assert_eq!(
            devices.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
            ["nvme0n1", "nvme1n1"]
        );
        assert_eq!(devices[0].mount_point.as_deref(), Some("/"));
        assert_eq!(
            cloud.guest_mount(&web, "/dev/nvme1n1", "/data"),
            Err(crate::ec2::disks::DiskError::NoFilesystem {
                device: "/dev/nvme1n1".into(),
                mount_point: "/data".into()
            })
        );
        cloud
            .guest_mkfs(&web, "/dev/nvme1n1", "xfs", false)
            .unwrap();
        assert!(
            cloud
                .guest_mkfs(&web, "/dev/nvme1n1", "xfs", false)
                .is_err(),
            "already has one"
        );
        assert!(
            cloud.guest_mount(&web, "/dev/nvme1n1", "/data").is_err(),
            "no /data yet"
        );
        cloud.guest_mkdir(&web, "/data", false).unwrap();
        cloud.guest_mount(&web, "/dev/nvme1n1", "/data").unwrap();
        cloud
            .guest_write_file(&web, "/data/notes.txt", "kept\n")
            .unwrap();
        let snapshot = cloud
            .create_snapshot(CreateSnapshotInput {
                volume_id: data.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(snapshot.state, "pending");
        cloud.advance(Duration::from_secs(60));
        // A volume made from the snapshot, in another zone, holds the file.
        let other = other_zone(&cloud, &zone);
        let restored = cloud
            .create_volume(CreateVolumeInput {
                availability_zone: Some(other.clone()),
                snapshot_id: Some(snapshot.snapshot_id.clone()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(restored.size, 10);
        let fs = cloud
            .volume(&restored.volume_id)
            .unwrap()
            .filesystem
            .clone()
            .unwrap();
        assert_eq!(
            fs.files.get("/notes.txt").map(String::as_str),
            Some("kept\n")
        );

        // An image of the web server carries its software, files and data volume.
        cloud.guest_install_packages(&web, &["httpd"]).unwrap();
        cloud
            .guest_write_file(
                &web,
                "/var/www/html/index.html",
                "<h1>from the image</h1>\n",
            )
            .unwrap();
        cloud
            .guest_service(&web, "httpd", ServiceAction::Enable)
            .unwrap();
        cloud
            .guest_service(&web, "httpd", ServiceAction::Start)
            .unwrap();
        let err = cloud
            .create_image(CreateImageInput {
                instance_id: web.clone(),
                name: "x".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidAMIName.Malformed");
        let image = cloud
            .create_image(CreateImageInput {
                instance_id: web.clone(),
                name: "web-v1".into(),
                ..Default::default()
            })
            .unwrap()
            .image_id;
        assert_eq!(
            cloud
                .create_image(CreateImageInput {
                    instance_id: web.clone(),
                    name: "web-v1".into(),
                    ..Default::default()
                })
                .unwrap_err()
                .code(),
            "InvalidAMIName.Duplicate"
        );
        assert_eq!(cloud.own_images()[0].state, "pending");
        assert_eq!(cloud.own_images()[0].block_devices.len(), 2);
        // The reboot unmounted /data (no fstab entry) and kept httpd (enabled).
        assert!(cloud.guest(&web).unwrap().mounts.is_empty());
        cloud.advance(Duration::from_secs(120));
        assert_eq!(cloud.own_images()[0].state, "available");
        let copy = launch(&mut cloud, Some(image.clone()), Some(&zone));
        let guest = cloud.guest(&copy).unwrap();
        assert!(guest.service_active("httpd"));
        assert_eq!(
            guest
                .files
                .get("/var/www/html/index.html")
                .map(String::as_str),
            Some("<h1>from the image</h1>\n")
        );
        let copy_devices = cloud.block_devices(&copy);
        assert_eq!(copy_devices.len(), 2);
        assert_eq!(copy_devices[1].fs_type.as_deref(), Some("xfs"));
        // The image's snapshots cannot go while it is registered.
        let root_snapshot = cloud.own_images()[0].block_devices[0].snapshot_id.clone();
        let err = cloud
            .delete_snapshot(DeleteSnapshotInput {
                snapshot_id: root_snapshot.clone(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            err.message(),
            format!("The snapshot {root_snapshot} is currently in use by {image}")
        );
        cloud
            .deregister_image(DeregisterImageInput {
                image_id: image.clone(),
                delete_associated_snapshots: Some(true),
                ..Default::default()
            })
            .unwrap();
        assert!(
            cloud
                .snapshots()
                .iter()
                .all(|s| s.snapshot_id != root_snapshot)
        );
        cloud
            .stop_instances(InstanceIdsInput {
                instance_ids: vec![copy],
                ..Default::default()
            })
            .unwrap();
    }

    #[test]
    fn a_copy_mounts_its_own_volume_and_leaves_the_source_alone() {
        let mut cloud = Cloud::default();
        let web = launch(&mut cloud, None, None);
        let zone = zone_of(&cloud, &web);
        let data = new_volume(&mut cloud, &zone, 10);
        attach(&mut cloud, &data, &web).unwrap();
        cloud.advance(Duration::from_secs(5));
        let made = cloud.guest_mkfs(&web, "/dev/sdf", "xfs", false).unwrap();
        cloud.guest_mkdir(&web, "/data", false).unwrap();
        cloud.guest_mount(&web, "/dev/nvme1n1", "/data").unwrap();
        cloud
            .guest_write_file(&web, "/data/a.txt", "source")
            .unwrap();
        let fstab = format!(
            "UUID={} /data xfs defaults,nofail 0 2\n",
            made.uuid.unwrap()
        );
        cloud.guest_write_file(&web, "/etc/fstab", &fstab).unwrap();
        // A snapshot still pending cannot be restored yet.
        let pending = cloud
            .create_snapshot(CreateSnapshotInput {
                volume_id: data.clone(),
                ..Default::default()
            })
            .unwrap();
        let err = cloud
            .create_volume(CreateVolumeInput {
                availability_zone: Some(zone.clone()),
                snapshot_id: Some(pending.snapshot_id),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "IncorrectState");
        let image = cloud
            .create_image(CreateImageInput {
                instance_id: web.clone(),
                name: "web-v2".into(),
                ..Default::default()
            })
            .unwrap()
            .image_id;
        assert!(cloud.own_images()[0].guest.mounts.is_empty());
        cloud.advance(Duration::from_secs(120));
        let copy = launch(&mut cloud, Some(image.clone()), Some(&zone));
        let copy_volume = cloud
            .guest(&copy)
            .unwrap()
            .mounts
            .get("/data")
            .cloned()
            .unwrap();
        assert_ne!(copy_volume, data, "the copy mounts its own restored volume");
        cloud
            .guest_write_file(&copy, "/data/a.txt", "copy")
            .unwrap();
        cloud
            .stop_instances(InstanceIdsInput {
                instance_ids: vec![copy.clone()],
                ..Default::default()
            })
            .unwrap();
        cloud.guest_umount(&web, "/data").unwrap();
        let source = cloud.volume(&data).unwrap().filesystem.clone().unwrap();
        assert_eq!(
            source.files.get("/a.txt").map(String::as_str),
            Some("source")
        );
        // Deregistering the image leaves the copy's platform known.
        cloud
            .deregister_image(DeregisterImageInput {
                image_id: image,
                ..Default::default()
            })
            .unwrap();
        let instance = cloud.instance(&copy).unwrap().clone();
        assert!(cloud.base_ami_of(&instance).is_some());
    }

    #[test]
    fn fstab_mounts_survive_a_reboot() {
        let mut cloud = Cloud::default();
        let web = launch(&mut cloud, None, None);
        let zone = zone_of(&cloud, &web);
        let data = new_volume(&mut cloud, &zone, 10);
        attach(&mut cloud, &data, &web).unwrap();
        cloud.advance(Duration::from_secs(5));
        let made = cloud
            .guest_mkfs(&web, "/dev/nvme1n1", "ext4", false)
            .unwrap();
        cloud.guest_mkdir(&web, "/data", false).unwrap();
        cloud.guest_mount(&web, "/dev/nvme1n1", "/data").unwrap();
        cloud.guest_write_file(&web, "/data/a.txt", "a").unwrap();
        let fstab = format!(
            "UUID={} /data ext4 defaults,nofail 0 2\n",
            made.uuid.unwrap()
        );
        cloud.guest_write_file(&web, "/etc/fstab", &fstab).unwrap();
        cloud
            .reboot_instances(InstanceIdsInput {
                instance_ids: vec![web.clone()],
                ..Default::default()
            })
            .unwrap();
        let guest = cloud.guest(&web).unwrap();
        assert_eq!(guest.mounts.get("/data"), Some(&data));
        assert_eq!(
            guest.files.get("/data/a.txt").map(String::as_str),
            Some("a")
        );
        let usage = cloud.disk_usage(&web);
        assert_eq!(usage.len(), 2);
        assert_eq!(usage[1].0, "/dev/nvme1n1");
        assert_eq!(usage[1].3, "/data");
    }
}
