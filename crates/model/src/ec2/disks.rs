//! The disks an instance's OS sees: its EBS volumes as block devices (NVMe names
//! on Nitro types, `xvd*` on Xen ones), file systems made with `mkfs`, mounts,
//! directories, and `/etc/fstab` at boot.
//!
//! While a volume is mounted its files live in the guest's file tree under the
//! mount point (so every shell command sees them); they are written back to the
//! volume's [`Filesystem`] when it is unmounted, detached, snapshotted or the
//! instance stops, which is what a snapshot or an image then copies.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::InstanceStateName;
use super::volumes::Filesystem;
use crate::cloud::Cloud;

/// Families that run on the Xen hypervisor (their disks are `xvd*`); every other
/// current type is built on Nitro and shows EBS volumes as NVMe devices.
const XEN_FAMILIES: &[&str] = &[
    "t1", "t2", "m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "x1", "x1e", "i2", "i3",
    "d2", "h1", "p2", "p3", "g2", "g3", "f1", "cc2", "cr1", "hs1",
];

/// Whether an instance type presents EBS volumes as NVMe devices.
pub fn is_nitro(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or_default();
    !XEN_FAMILIES.contains(&family)
}

/// One block device as `lsblk` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockDevice {
    /// The kernel's name: `nvme1n1`, `xvdf`.
    pub name: String,
    /// The root volume's partition that holds `/` (`nvme0n1p1`), if this is the root.
    pub root_partition: Option<String>,
    /// Size, GiB.
    pub size_gib: u32,
    /// Where it (or its root partition) is mounted.
    pub mount_point: Option<String>,
    /// Its file system, if any (`xfs`, `ext4`).
    pub fs_type: Option<String>,
    /// The file system's UUID.
    pub uuid: Option<String>,
    /// The EBS volume.
    pub volume_id: String,
    /// The device name given to EC2 (`/dev/sdf`).
    pub ec2_device: String,
}

/// What went wrong on a disk command, worded as the Linux tools word it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiskError {
    /// The instance is not running.
    NotRunning,
    /// No such block device.
    NoDevice(String),
    /// The device is mounted.
    Mounted(String),
    /// The device already holds a file system (`-f` overwrites it).
    HasFilesystem {
        /// The device.
        device: String,
        /// Its file system.
        fs_type: String,
    },
    /// The device holds no file system.
    NoFilesystem {
        /// The device.
        device: String,
        /// The mount point.
        mount_point: String,
    },
    /// The mount point does not exist.
    NoMountPoint(String),
    /// Nothing is mounted there.
    NotMounted(String),
    /// The file system type is not one `mkfs` makes here.
    UnknownType(String),
    /// A directory or file already exists.
    Exists(String),
    /// A parent directory is missing.
    NoParent(String),
}

impl fmt::Display for DiskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiskError::NotRunning => write!(f, "the instance is not running"),
            DiskError::NoDevice(d) => write!(f, "{d}: no such device"),
            DiskError::Mounted(d) => write!(f, "{d} contains a mounted filesystem"),
            DiskError::HasFilesystem { device, fs_type } => {
                write!(
                    f,
                    "{device} appears to contain an existing filesystem ({fs_type})."
                )
            }
            DiskError::NoFilesystem {
                device,
                mount_point,
            } => write!(
                f,
                "{mount_point}: wrong fs type, bad option, bad superblock on {device}, missing codepage or helper program, or other error."
            ),
            DiskError::NoMountPoint(m) => write!(f, "{m}: mount point does not exist."),
            DiskError::NotMounted(m) => write!(f, "{m}: not mounted."),
            DiskError::UnknownType(t) => write!(f, "unknown file system type '{t}'"),
            DiskError::Exists(p) => write!(f, "cannot create directory '{p}': File exists"),
            DiskError::NoParent(p) => {
                write!(
                    f,
                    "cannot create directory '{p}': No such file or directory"
                )
            }
        }
    }
}

/// A UUID for a new file system, derived from the volume and how many times it
/// was formatted (no draw from the account's generator, so ids never shift).
fn filesystem_uuid(volume_id: &str, generation: u64) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ generation;
    let mut next = || {
        for b in volume_id.bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        hash = hash.rotate_left(17) ^ generation;
        hash
    };
    let (a, b) = (next(), next());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

fn under(path: &str, mount_point: &str) -> Option<String> {
    let rest = path.strip_prefix(mount_point)?;
    rest.starts_with('/').then(|| rest.to_string())
}

impl Cloud {
    /// The block devices of an instance, in the order the kernel names them
    /// (the root volume first, then by attach time).
    pub fn block_devices(&self, instance_id: &str) -> Vec<BlockDevice> {
        let Some(instance) = self.instance(instance_id) else {
            return Vec::new();
        };
        let nitro = is_nitro(&instance.instance_type);
        let mut volumes: Vec<_> = self
            .ec2
            .volumes
            .iter()
            .filter(|v| {
                v.attachment
                    .as_ref()
                    .is_some_and(|a| a.instance_id == instance_id && a.state != "detaching")
            })
            .collect();
        volumes.sort_by_key(|v| {
            let a = v.attachment.as_ref();
            (
                !v.is_root_of(instance),
                a.map(|a| a.attach_time),
                a.map(|a| a.device.clone()),
            )
        });
        volumes
            .iter()
            .enumerate()
            .map(|(n, v)| {
                let ec2_device = v
                    .attachment
                    .as_ref()
                    .map(|a| a.device.clone())
                    .unwrap_or_default();
                let root = v.is_root_of(instance);
                let name = if nitro {
                    format!("nvme{n}n1")
                } else {
                    ec2_device
                        .trim_start_matches("/dev/")
                        .replacen("sd", "xvd", 1)
                        .trim_end_matches(|c: char| c.is_ascii_digit())
                        .to_string()
                };
                let root_partition = root.then(|| {
                    if nitro {
                        format!("{name}p1")
                    } else {
                        format!("{name}1")
                    }
                });
                let mount_point = if root {
                    Some("/".to_string())
                } else {
                    instance
                        .guest
                        .mounts
                        .iter()
                        .find(|(_, vol)| **vol == v.volume_id)
                        .map(|(m, _)| m.clone())
                };
                let (fs_type, uuid) = if root {
                    (Some(instance.os.root_fs_type().to_string()), None)
                } else {
                    (
                        v.filesystem.as_ref().map(|f| f.fs_type.clone()),
                        v.filesystem.as_ref().map(|f| f.uuid.clone()),
                    )
                };
                BlockDevice {
                    name,
                    root_partition,
                    size_gib: v.size_gib,
                    mount_point,
                    fs_type,
                    uuid,
                    volume_id: v.volume_id.clone(),
                    ec2_device,
                }
            })
            .collect()
    }

    fn device_named(&self, instance_id: &str, path: &str) -> Result<BlockDevice, DiskError> {
        let name = path.trim_start_matches("/dev/");
        let devices = self.block_devices(instance_id);
        // The name given to EC2 (`/dev/sdf`, and its `xvdf` form) is a link to the
        // kernel's device, as Amazon Linux's udev rules make it.
        let linked = |d: &BlockDevice| {
            let ec2 = d.ec2_device.trim_start_matches("/dev/");
            ec2 == name || ec2.replacen("sd", "xvd", 1) == name
        };
        devices
            .into_iter()
            .find(|d| d.name == name || d.root_partition.as_deref() == Some(name) || linked(d))
            .ok_or_else(|| DiskError::NoDevice(path.to_string()))
    }

    fn running(&self, instance_id: &str) -> Result<(), DiskError> {
        match self.instance(instance_id) {
            Some(i) if i.state == InstanceStateName::Running => Ok(()),
            _ => Err(DiskError::NotRunning),
        }
    }

    /// `mkdir` on a running instance (`-p`: parents too, and no error if it exists).
    pub fn guest_mkdir(
        &mut self,
        instance_id: &str,
        path: &str,
        parents: bool,
    ) -> Result<(), DiskError> {
        self.running(instance_id)?;
        let Some(i) = self.instance_mut(instance_id) else {
            return Err(DiskError::NotRunning);
        };
        let g = &mut i.guest;
        let exists = |g: &super::guest::Guest, p: &str| {
            p == "/"
                || g.dirs.contains(p)
                || g.mounts.contains_key(p)
                || g.files.keys().any(|f| f.starts_with(&format!("{p}/")))
                || super::guest::BASE_DIRS.contains(&p)
        };
        let path = path.trim_end_matches('/').to_string();
        if exists(g, &path) || g.files.contains_key(&path) {
            return if parents {
                Ok(())
            } else {
                Err(DiskError::Exists(path))
            };
        }
        let parent = path.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        let parent = if parent.is_empty() { "/" } else { parent };
        if !exists(g, parent) {
            if !parents {
                return Err(DiskError::NoParent(path));
            }
            let mut built = String::new();
            for part in parent.split('/').filter(|p| !p.is_empty()) {
                built.push('/');
                built.push_str(part);
                g.dirs.insert(built.clone());
            }
        }
        g.dirs.insert(path);
        Ok(())
    }

    /// `mkfs -t TYPE DEVICE` on a running instance: a new, empty file system on a
    /// data volume (`force` overwrites one that exists, and its files).
    pub fn guest_mkfs(
        &mut self,
        instance_id: &str,
        device: &str,
        fs_type: &str,
        force: bool,
    ) -> Result<BlockDevice, DiskError> {
        self.running(instance_id)?;
        if !matches!(fs_type, "xfs" | "ext4") {
            return Err(DiskError::UnknownType(fs_type.to_string()));
        }
        let found = self.device_named(instance_id, device)?;
        if found.mount_point.is_some() {
            return Err(DiskError::Mounted(device.to_string()));
        }
        if let Some(existing) = &found.fs_type
            && !force
        {
            return Err(DiskError::HasFilesystem {
                device: device.to_string(),
                fs_type: existing.clone(),
            });
        }
        let generation = self.now.0;
        if let Some(v) = self.volume_mut(&found.volume_id) {
            v.filesystem = Some(Filesystem {
                fs_type: fs_type.to_string(),
                uuid: filesystem_uuid(&found.volume_id, generation),
                files: Default::default(),
            });
        }
        self.device_named(instance_id, device)
    }

    /// `mount DEVICE DIR` on a running instance (DEVICE may be `UUID=…`).
    pub fn guest_mount(
        &mut self,
        instance_id: &str,
        device: &str,
        mount_point: &str,
    ) -> Result<(), DiskError> {
        self.running(instance_id)?;
        let found = match device.strip_prefix("UUID=") {
            Some(uuid) => self
                .block_devices(instance_id)
                .into_iter()
                .find(|d| d.uuid.as_deref() == Some(uuid))
                .ok_or_else(|| DiskError::NoDevice(device.to_string()))?,
            None => self.device_named(instance_id, device)?,
        };
        let mount_point = mount_point.trim_end_matches('/').to_string();
        let Some(fs) = self
            .volume(&found.volume_id)
            .and_then(|v| v.filesystem.clone())
        else {
            return Err(DiskError::NoFilesystem {
                device: device.to_string(),
                mount_point,
            });
        };
        let Some(i) = self.instance_mut(instance_id) else {
            return Err(DiskError::NotRunning);
        };
        let g = &mut i.guest;
        let is_dir = g.dirs.contains(&mount_point)
            || super::guest::BASE_DIRS.contains(&mount_point.as_str())
            || g.files
                .keys()
                .any(|f| f.starts_with(&format!("{mount_point}/")));
        if !is_dir {
            return Err(DiskError::NoMountPoint(mount_point));
        }
        if found.mount_point.is_some() || g.mounts.contains_key(&mount_point) {
            return Err(DiskError::Mounted(device.to_string()));
        }
        // What was in the directory is hidden while the volume is mounted there.
        let prefix = format!("{mount_point}/");
        let hidden: Vec<(String, String)> = g
            .files
            .iter()
            .filter(|(p, _)| p.starts_with(&prefix))
            .map(|(p, c)| (p.clone(), c.clone()))
            .collect();
        for (p, c) in hidden {
            g.files.remove(&p);
            g.hidden_files.insert(p, c);
        }
        for (path, content) in &fs.files {
            g.files
                .insert(format!("{mount_point}{path}"), content.clone());
        }
        g.mounts.insert(mount_point, found.volume_id);
        Ok(())
    }

    /// Writes the files of every mounted volume of an instance back to its volume.
    pub(crate) fn sync_mounts(&mut self, instance_id: &str) {
        let Some(i) = self.instance(instance_id) else {
            return;
        };
        let writes: Vec<(String, Vec<(String, String)>)> = i
            .guest
            .mounts
            .iter()
            .map(|(mount, volume)| {
                let files = i
                    .guest
                    .files
                    .iter()
                    .filter_map(|(p, c)| under(p, mount).map(|rel| (rel, c.clone())))
                    .collect();
                (volume.clone(), files)
            })
            .collect();
        for (volume, files) in writes {
            if let Some(fs) = self.volume_mut(&volume).and_then(|v| v.filesystem.as_mut()) {
                fs.files = files.into_iter().collect();
            }
        }
    }

    /// `umount DIR|DEVICE` on a running instance.
    pub fn guest_umount(&mut self, instance_id: &str, target: &str) -> Result<(), DiskError> {
        self.running(instance_id)?;
        let target = target.trim_end_matches('/');
        let mount = match self.instance(instance_id) {
            Some(i) if i.guest.mounts.contains_key(target) => target.to_string(),
            Some(i) => {
                let by_device = self
                    .device_named(instance_id, target)
                    .ok()
                    .and_then(|d| d.mount_point.filter(|m| m != "/"));
                by_device
                    .filter(|m| i.guest.mounts.contains_key(m))
                    .ok_or_else(|| DiskError::NotMounted(target.to_string()))?
            }
            None => return Err(DiskError::NotRunning),
        };
        self.sync_mounts(instance_id);
        self.drop_mount(instance_id, &mount);
        Ok(())
    }

    fn drop_mount(&mut self, instance_id: &str, mount: &str) {
        let Some(i) = self.instance_mut(instance_id) else {
            return;
        };
        let g = &mut i.guest;
        g.mounts.remove(mount);
        let prefix = format!("{mount}/");
        g.files.retain(|p, _| !p.starts_with(&prefix));
        let back: Vec<(String, String)> = g
            .hidden_files
            .iter()
            .filter(|(p, _)| p.starts_with(&prefix))
            .map(|(p, c)| (p.clone(), c.clone()))
            .collect();
        for (p, c) in back {
            g.hidden_files.remove(&p);
            g.files.insert(p, c);
        }
    }

    /// A volume leaves an instance (detached): its files are written back and the
    /// mount goes.
    pub(crate) fn guest_device_removed(&mut self, instance_id: &str, volume_id: &str) {
        self.sync_mounts(instance_id);
        let mounts: Vec<String> = self
            .instance(instance_id)
            .map(|i| {
                i.guest
                    .mounts
                    .iter()
                    .filter(|(_, v)| *v == volume_id)
                    .map(|(m, _)| m.clone())
                    .collect()
            })
            .unwrap_or_default();
        for m in mounts {
            self.drop_mount(instance_id, &m);
        }
    }

    /// The OS goes down (stop, reboot, terminate): mounted files are written back
    /// and every mount goes.
    pub(crate) fn guest_unmount_all(&mut self, instance_id: &str) {
        self.sync_mounts(instance_id);
        let mounts: Vec<String> = self
            .instance(instance_id)
            .map(|i| i.guest.mounts.keys().cloned().collect())
            .unwrap_or_default();
        for m in mounts {
            self.drop_mount(instance_id, &m);
        }
    }

    /// At boot, mounts what `/etc/fstab` lists (by `UUID=` or device); an entry
    /// whose device is missing is skipped (as `nofail` would).
    pub(crate) fn mount_fstab(&mut self, instance_id: &str) {
        let Some(fstab) = self
            .instance(instance_id)
            .and_then(|i| i.guest.files.get("/etc/fstab").cloned())
        else {
            return;
        };
        for line in fstab.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [device, mount_point, ..] = fields.as_slice() else {
                continue;
            };
            if device.starts_with('#') || *mount_point == "/" || !mount_point.starts_with('/') {
                continue;
            }
            let _ = self.guest_mount(instance_id, device, mount_point);
        }
    }

    /// Disk use as `df` reports it: (file system, size GiB, used bytes, mounted on).
    pub fn disk_usage(&self, instance_id: &str) -> Vec<(String, u32, u64, String)> {
        let Some(i) = self.instance(instance_id) else {
            return Vec::new();
        };
        self.block_devices(instance_id)
            .into_iter()
            .filter_map(|d| {
                let mount = d.mount_point.clone()?;
                let used = if mount == "/" {
                    u64::from(i.os.base_disk_used_mib()) * 1024 * 1024 + i.guest.root_file_bytes()
                } else {
                    let prefix = format!("{mount}/");
                    // A new file system's metadata takes about 1% of it.
                    u64::from(d.size_gib) * 1024 * 1024 * 1024 / 100
                        + i.guest
                            .files
                            .iter()
                            .filter(|(p, _)| p.starts_with(&prefix))
                            .map(|(_, c)| c.len() as u64)
                            .sum::<u64>()
                };
                let name = d.root_partition.clone().unwrap_or(d.name.clone());
                Some((format!("/dev/{name}"), d.size_gib, used, mount))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nitro_and_xen() {
        assert!(is_nitro("t3.micro"));
        assert!(is_nitro("m7i.large"));
        assert!(!is_nitro("t2.micro"));
        assert!(!is_nitro("m4.large"));
    }

    #[test]
    fn uuids_are_stable_and_differ() {
        let a = filesystem_uuid("vol-0123456789abcdef0", 5);
        assert_eq!(a, filesystem_uuid("vol-0123456789abcdef0", 5));
        assert_ne!(a, filesystem_uuid("vol-0123456789abcdef0", 6));
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
    }
}
