//! EBS snapshots: a point-in-time copy of a volume, stored by AWS in S3 (not in
//! the learner's buckets), `pending` while it is copied and then `completed`. It
//! keeps the volume's file system and files, so a volume restored from it (and an
//! instance launched from an image made of it) has them. Billed per GB-month.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::volumes::Filesystem;
use super::{Tag, TagMap, TagSpecification, tag_list};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// How long a snapshot stays `pending` at least.
pub const SNAPSHOT_BASE_DURATION: Duration = Duration::from_secs(30);
/// And how much longer per GiB of volume.
pub const SNAPSHOT_PER_GIB: Duration = Duration::from_secs(2);

/// An EBS snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// `snap-` followed by 17 hex digits.
    pub snapshot_id: String,
    /// The volume it copies.
    pub volume_id: String,
    /// The volume's size, GiB.
    pub volume_size: u32,
    /// `pending` or `completed`.
    pub state: String,
    /// When it was started.
    pub start_time: SimTime,
    /// When it completes.
    pub complete_at: SimTime,
    /// The description given.
    pub description: String,
    /// Encrypted (as its volume was).
    pub encrypted: bool,
    /// Tags.
    pub tags: TagMap,
    /// The file system it holds (data volumes).
    pub filesystem: Option<Filesystem>,
    /// How much data it stores, MiB (what it is billed for: only the blocks in use
    /// are copied).
    #[serde(default)]
    pub stored_mib: u64,
}

/// `CreateSnapshot` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateSnapshotInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The volume.
    pub volume_id: String,
    /// A description.
    pub description: Option<String>,
    /// Tags for the `snapshot`.
    pub tag_specifications: Vec<TagSpecification>,
}

/// `DescribeSnapshots` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeSnapshotsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// `self`, an account id or `amazon`.
    pub owner_ids: Vec<String>,
    /// Snapshot ids.
    pub snapshot_ids: Vec<String>,
    /// Filters: `snapshot-id`, `volume-id`, `status`, `owner-id`, `volume-size`,
    /// `description`, `encrypted`, tags.
    pub filters: Vec<Filter>,
}

/// `DeleteSnapshot` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteSnapshotInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The snapshot.
    pub snapshot_id: String,
}

/// A snapshot as `CreateSnapshot` and `DescribeSnapshots` return it (AWS's
/// member order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotDescription {
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// `standard`.
    pub storage_tier: String,
    /// The id.
    pub snapshot_id: String,
    /// The volume.
    pub volume_id: String,
    /// `pending` or `completed`.
    pub state: String,
    /// Started.
    pub start_time: Timestamp,
    /// `42%`.
    pub progress: String,
    /// The account.
    pub owner_id: String,
    /// Description.
    pub description: String,
    /// GiB.
    pub volume_size: u32,
    /// Encrypted.
    pub encrypted: bool,
}

/// `DescribeSnapshots` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotsOutput {
    /// The snapshots.
    pub snapshots: Vec<SnapshotDescription>,
}

impl Snapshot {
    fn progress(&self, now: SimTime) -> u64 {
        if self.state == "completed" {
            return 100;
        }
        let total = self.complete_at.since(self.start_time).as_millis().max(1);
        let done = now.since(self.start_time).as_millis();
        u64::try_from((done * 100 / total).min(99)).unwrap_or(99)
    }

    fn describe(&self, owner_id: &str, now: SimTime) -> SnapshotDescription {
        SnapshotDescription {
            tags: tag_list(&self.tags),
            storage_tier: "standard".into(),
            snapshot_id: self.snapshot_id.clone(),
            volume_id: self.volume_id.clone(),
            state: self.state.clone(),
            start_time: Timestamp(self.start_time),
            progress: format!("{}%", self.progress(now)),
            owner_id: owner_id.to_string(),
            description: self.description.clone(),
            volume_size: self.volume_size,
            encrypted: self.encrypted,
        }
    }
}

impl Cloud {
    /// Every snapshot the account owns.
    pub fn snapshots(&self) -> &[Snapshot] {
        &self.ec2.snapshots
    }

    pub(crate) fn existing_snapshot(&self, snapshot_id: &str) -> Result<&Snapshot, Ec2Error> {
        self.ec2
            .snapshots
            .iter()
            .find(|s| s.snapshot_id == snapshot_id)
            .ok_or_else(|| Ec2Error::SnapshotNotFound {
                snapshot_id: snapshot_id.to_string(),
            })
    }

    /// Takes a snapshot of a volume (for `CreateSnapshot` and `CreateImage`).
    pub(crate) fn snapshot_volume(
        &mut self,
        volume_id: &str,
        description: String,
        tags: TagMap,
    ) -> Result<String, Ec2Error> {
        if let Some(instance_id) = self
            .volume(volume_id)
            .and_then(|v| v.attachment.as_ref())
            .map(|a| a.instance_id.clone())
        {
            self.sync_mounts(&instance_id);
        }
        let volume = self
            .volume(volume_id)
            .filter(|v| v.state != "deleting")
            .ok_or_else(|| Ec2Error::VolumeNotFound {
                volume_id: volume_id.to_string(),
            })?
            .clone();
        if volume.state == "creating" {
            return Err(Ec2Error::IncorrectState {
                message: format!("The volume '{volume_id}' is still being created."),
            });
        }
        let root_os = volume.attachment.as_ref().and_then(|a| {
            self.instance(&a.instance_id)
                .filter(|i| volume.is_root_of(i))
                .map(|i| {
                    (
                        i.os,
                        i.guest.files.values().map(|c| c.len() as u64).sum::<u64>(),
                    )
                })
        });
        let stored_mib = match (&root_os, &volume.filesystem) {
            (Some((os, bytes)), _) => u64::from(os.base_disk_used_mib()) + bytes / (1024 * 1024),
            (None, Some(fs)) => {
                // A file system's own metadata, plus its files.
                64 + fs.files.values().map(|c| c.len() as u64).sum::<u64>() / (1024 * 1024)
            }
            (None, None) => 0,
        };
        // Snapshots are incremental: after the first, only changed blocks are stored.
        let previous = self
            .ec2
            .snapshots
            .iter()
            .rev()
            .find(|s| s.volume_id == volume.volume_id);
        let stored_mib = match (previous, &volume.filesystem) {
            (None, _) => stored_mib,
            (Some(before), Some(fs)) => {
                let old = before.filesystem.as_ref().map(|f| &f.files);
                let changed: u64 = fs
                    .files
                    .iter()
                    .filter(|(p, c)| old.and_then(|o| o.get(*p)) != Some(*c))
                    .map(|(_, c)| c.len() as u64)
                    .sum();
                changed.div_ceil(1024 * 1024)
            }
            (Some(_), None) => 1,
        };
        let snapshot_id = self.new_id("snap");
        let copy = SNAPSHOT_BASE_DURATION + SNAPSHOT_PER_GIB * volume.size_gib.min(300);
        self.ec2.snapshots.push(Snapshot {
            snapshot_id: snapshot_id.clone(),
            volume_id: volume.volume_id.clone(),
            volume_size: volume.size_gib,
            state: "pending".into(),
            start_time: self.now,
            complete_at: self.now.plus(copy),
            description,
            encrypted: volume.encrypted,
            tags,
            filesystem: volume.filesystem.clone(),
            stored_mib,
        });
        Ok(snapshot_id)
    }

    /// `ec2 create-snapshot`: `pending` while the volume's blocks are copied, then
    /// `completed`. The volume can be used meanwhile.
    pub fn create_snapshot(
        &mut self,
        input: CreateSnapshotInput,
    ) -> Result<SnapshotDescription, Ec2Error> {
        self.ec2_call_dry("CreateSnapshot", input.dry_run, |c| {
            let tags = super::tags::from_specifications(&input.tag_specifications, "snapshot")?;
            let id = c.snapshot_volume(
                &input.volume_id,
                input.description.clone().unwrap_or_default(),
                tags,
            )?;
            let owner = c.config.account_id.clone();
            let now = c.now;
            let snapshot = c.existing_snapshot(&id)?;
            Ok(snapshot.describe(&owner, now))
        })
    }

    /// `ec2 describe-snapshots` (the account's own snapshots; AWS's public ones are
    /// not listed).
    pub fn describe_snapshots(
        &mut self,
        input: DescribeSnapshotsInput,
    ) -> Result<DescribeSnapshotsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeSnapshots", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "snapshot-id",
                    "volume-id",
                    "status",
                    "owner-id",
                    "volume-size",
                    "description",
                    "encrypted",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            for id in &input.snapshot_ids {
                c.existing_snapshot(id)?;
            }
            let owner = c.config.account_id.clone();
            let ours = input.owner_ids.is_empty()
                || input.owner_ids.iter().any(|o| o == "self" || *o == owner);
            let now = c.now;
            let snapshots = c
                .ec2
                .snapshots
                .iter()
                .filter(|_| ours)
                .filter(|s| {
                    input.snapshot_ids.is_empty() || input.snapshot_ids.contains(&s.snapshot_id)
                })
                .filter(|s| {
                    filters::passes(&input.filters, |name| match name {
                        "snapshot-id" => vec![s.snapshot_id.clone()],
                        "volume-id" => vec![s.volume_id.clone()],
                        "status" => vec![s.state.clone()],
                        "owner-id" => vec![owner.clone()],
                        "volume-size" => vec![s.volume_size.to_string()],
                        "description" => vec![s.description.clone()],
                        "encrypted" => vec![s.encrypted.to_string()],
                        other => filters::tag_candidates(other, &s.tags).unwrap_or_default(),
                    })
                })
                .map(|s| s.describe(&owner, now))
                .collect();
            Ok(DescribeSnapshotsOutput { snapshots })
        })
    }

    /// `ec2 delete-snapshot`: not while an image uses it.
    pub fn delete_snapshot(&mut self, input: DeleteSnapshotInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteSnapshot", input.dry_run, |c| {
            c.existing_snapshot(&input.snapshot_id)?;
            if let Some(image) = c
                .ec2
                .images
                .iter()
                .find(|i| i.snapshot_ids().any(|s| s == input.snapshot_id))
            {
                return Err(Ec2Error::SnapshotInUse {
                    snapshot_id: input.snapshot_id.clone(),
                    image_id: image.image_id.clone(),
                });
            }
            c.ec2
                .snapshots
                .retain(|s| s.snapshot_id != input.snapshot_id);
            Ok(())
        })
    }

    /// When the next snapshot completes (part of EC2's clock hook).
    pub(crate) fn snapshots_next_transition_at(&self) -> Option<SimTime> {
        self.ec2
            .snapshots
            .iter()
            .filter(|s| s.state == "pending")
            .map(|s| s.complete_at)
            .min()
    }

    /// Completes the snapshots that are due.
    pub(crate) fn apply_snapshot_transitions(&mut self) {
        let now = self.now;
        for s in &mut self.ec2.snapshots {
            if s.state == "pending" && s.complete_at <= now {
                s.state = "completed".into();
            }
        }
    }
}
