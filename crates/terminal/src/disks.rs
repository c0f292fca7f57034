//! Disk commands on an instance, as the EBS User Guide's "make a volume available
//! for use" walks through them: `lsblk` (`-f`), `file -s`, `blkid`, `mkfs`
//! (`-t xfs`, `mkfs.xfs`, `mkfs.ext4`), `mkdir`, `mount`, `umount` and `df`
//! (`-h`, `-T`). What they show comes from the model's
//! [`Cloud::block_devices`]; they print what util-linux, xfsprogs and e2fsprogs
//! print.

use cloudlab_model::Cloud;
use cloudlab_model::ec2::disks::{BlockDevice, DiskError};

use crate::Terminal;
use crate::remote::{resolve, session};
use crate::shell::CmdResult;

fn instance_id(term: &Terminal) -> Option<String> {
    session(term).map(|r| r.instance_id.clone())
}

fn size_text(gib: u32) -> String {
    if gib >= 1024 && gib.is_multiple_of(1024) {
        format!("{}T", gib / 1024)
    } else {
        format!("{gib}G")
    }
}

/// `lsblk` and `lsblk -f`.
pub fn lsblk(term: &Terminal, cloud: &Cloud, args: &[String]) -> CmdResult {
    let Some(id) = instance_id(term) else {
        return CmdResult::default();
    };
    let filesystems = args.iter().any(|a| a == "-f" || a == "--fs");
    let devices = cloud.block_devices(&id);
    let mut out = if filesystems {
        String::from(
            "NAME          FSTYPE FSVER LABEL UUID                                 FSAVAIL FSUSE% MOUNTPOINTS\n",
        )
    } else {
        String::from("NAME          MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS\n")
    };
    let mut minor = 0;
    for d in &devices {
        let major = if d.name.starts_with("nvme") { 259 } else { 202 };
        let line = |name: &str,
                    size: &str,
                    kind: &str,
                    mount: &str,
                    fs: Option<&str>,
                    uuid: Option<&str>,
                    minor: u32| {
            if filesystems {
                format!(
                    "{name:<13} {:<6} {:<5} {:<5} {:<36} {:>7} {:>6} {mount}\n",
                    fs.unwrap_or(""),
                    if fs == Some("ext4") { "1.0" } else { "" },
                    "",
                    uuid.unwrap_or(""),
                    "",
                    "",
                )
            } else {
                format!("{name:<13} {major}:{minor:<3} 0 {size:>5}  0 {kind} {mount}\n")
            }
        };
        let mount = if d.root_partition.is_some() {
            ""
        } else {
            d.mount_point.as_deref().unwrap_or("")
        };
        let fs = if d.root_partition.is_some() {
            None
        } else {
            d.fs_type.as_deref()
        };
        out.push_str(
            line(
                &d.name,
                &size_text(d.size_gib),
                "disk",
                mount,
                fs,
                d.uuid.as_deref(),
                minor,
            )
            .trim_end(),
        );
        out.push('\n');
        minor += 1;
        if let Some(part) = &d.root_partition {
            let text = line(
                &format!("└─{part}"),
                &size_text(d.size_gib),
                "part",
                "/",
                d.fs_type.as_deref(),
                None,
                minor,
            );
            out.push_str(text.trim_end());
            out.push('\n');
            minor += 1;
        }
    }
    CmdResult::ok(out)
}

/// The arguments that are not options, skipping the value of each option in
/// `with_value` (`mount -t xfs DEV DIR`: the operands are DEV and DIR).
fn operands<'a>(args: &'a [String], with_value: &[&str]) -> Vec<&'a String> {
    let mut out = Vec::new();
    let mut words = args.iter();
    while let Some(a) = words.next() {
        if with_value.contains(&a.as_str()) {
            words.next();
        } else if !a.starts_with('-') {
            out.push(a);
        }
    }
    out
}

fn device_arg(args: &[String]) -> Option<&String> {
    args.iter().rev().find(|a| !a.starts_with('-'))
}

fn find<'a>(devices: &'a [BlockDevice], path: &str) -> Option<&'a BlockDevice> {
    let name = path.trim_start_matches("/dev/");
    devices
        .iter()
        .find(|d| d.name == name || d.root_partition.as_deref() == Some(name))
}

/// `file -s DEVICE`: `data` for a volume with no file system yet.
pub fn file_s(term: &Terminal, cloud: &Cloud, args: &[String], root: bool) -> CmdResult {
    let Some(path) = device_arg(args) else {
        return CmdResult::fail(
            "Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding] [--mime-type] file ...\n",
            1,
        );
    };
    let devices = instance_id(term)
        .map(|id| cloud.block_devices(&id))
        .unwrap_or_default();
    let Some(d) = find(&devices, path) else {
        return CmdResult::ok(format!(
            "{path}: cannot open `{path}' (No such file or directory)\n"
        ));
    };
    if !root {
        return CmdResult::ok(format!("{path}: regular file, no read permission\n"));
    }
    let described = match (d.fs_type.as_deref(), &d.root_partition) {
        (_, Some(_)) if path.trim_start_matches("/dev/") == d.name => {
            "DOS/MBR boot sector; partition 1 : ID=0xee, start-CHS (0x0,0,2), end-CHS (0x3ff,255,63), startsector 1, 4294967295 sectors, extended partition table (last)".to_string()
        }
        (Some("xfs"), _) => "SGI XFS filesystem data (blksz 4096, inosz 512, v2 dirs)".to_string(),
        (Some("ext4"), _) => format!(
            "Linux rev 1.0 ext4 filesystem data, UUID={} (extents) (64bit) (large files) (huge files)",
            d.uuid.clone().unwrap_or_default()
        ),
        (Some(other), _) => format!("{other} filesystem data"),
        (None, _) => "data".to_string(),
    };
    CmdResult::ok(format!("{path}: {described}\n"))
}

/// `blkid`: the file systems and their UUIDs.
pub fn blkid(term: &Terminal, cloud: &Cloud, root: bool) -> CmdResult {
    if !root {
        return CmdResult::default();
    }
    let devices = instance_id(term)
        .map(|id| cloud.block_devices(&id))
        .unwrap_or_default();
    let mut out = String::new();
    for d in devices.iter().filter(|d| d.root_partition.is_none()) {
        if let (Some(fs), Some(uuid)) = (&d.fs_type, &d.uuid) {
            out.push_str(&format!(
                "/dev/{}: UUID=\"{uuid}\" BLOCK_SIZE=\"4096\" TYPE=\"{fs}\"\n",
                d.name
            ));
        }
    }
    CmdResult::ok(out)
}

fn disk_error(tool: &str, e: &DiskError) -> CmdResult {
    CmdResult::fail(format!("{tool}: {e}\n"), 1)
}

/// `mkfs -t TYPE DEVICE`, `mkfs.xfs DEVICE`, `mkfs.ext4 DEVICE` (`-f` / `-F`
/// overwrite an existing file system).
pub fn mkfs(
    term: &Terminal,
    cloud: &mut Cloud,
    name: &str,
    args: &[String],
    root: bool,
) -> CmdResult {
    let mut fs_type = name.strip_prefix("mkfs.").map(str::to_string);
    let mut force = false;
    let mut device = None;
    let mut words = args.iter();
    while let Some(a) = words.next() {
        match a.as_str() {
            "-t" => fs_type = words.next().cloned(),
            "-f" | "-F" => force = true,
            other if other.starts_with('-') => {}
            other => device = Some(other.to_string()),
        }
    }
    let fs_type = fs_type.unwrap_or_else(|| "ext2".into());
    let tool = format!("mkfs.{fs_type}");
    let Some(device) = device else {
        return CmdResult::fail(format!("{tool}: no device specified\n"), 1);
    };
    if !root {
        return CmdResult::fail(
            format!("{tool}: cannot open {device}: Permission denied\n"),
            1,
        );
    }
    let Some(id) = instance_id(term) else {
        return CmdResult::default();
    };
    match cloud.guest_mkfs(&id, &device, &fs_type, force) {
        Ok(made) => CmdResult::ok(mkfs_report(&fs_type, &device, &made)),
        Err(DiskError::HasFilesystem {
            device,
            fs_type: existing,
        }) if fs_type == "xfs" => CmdResult::fail(
            format!(
                "mkfs.xfs: {device} appears to contain an existing filesystem ({existing}).\nmkfs.xfs: Use the -f option to force overwrite.\n"
            ),
            1,
        ),
        Err(DiskError::HasFilesystem {
            device,
            fs_type: existing,
        }) => CmdResult::fail(
            format!(
                "mke2fs 1.46.5 (30-Dec-2021)\n{device} contains a {existing} file system\nUse -F to overwrite it (its files are lost).\n"
            ),
            1,
        ),
        Err(DiskError::NoDevice(d)) => CmdResult::fail(
            format!("{tool}: cannot open {d}: No such file or directory\n"),
            1,
        ),
        Err(DiskError::UnknownType(t)) => CmdResult::fail(
            format!("mkfs: failed to execute mkfs.{t}: No such file or directory\n"),
            1,
        ),
        Err(e) => disk_error(&tool, &e),
    }
}

fn mkfs_report(fs_type: &str, device: &str, made: &BlockDevice) -> String {
    let blocks = u64::from(made.size_gib) * 262_144;
    if fs_type == "xfs" {
        let agsize = blocks / 4;
        format!(
            "meta-data={device:<22} isize=512    agcount=4, agsize={agsize} blks\n         =                       sectsz=512   attr=2, projid32bit=1\n         =                       crc=1        finobt=1, sparse=1, rmapbt=0\ndata     =                       bsize=4096   blocks={blocks}, imaxpct=25\n         =                       sunit=1      swidth=1 blks\nnaming   =version 2              bsize=4096   ascii-ci=0, ftype=1\nlog      =internal log           bsize=4096   blocks=16384, version=2\n         =                       sectsz=512   sunit=1 blks, lazy-count=1\nrealtime =none                   extsz=4096   blocks=0, rtextents=0\n"
        )
    } else {
        format!(
            "mke2fs 1.46.5 (30-Dec-2021)\nCreating filesystem with {blocks} 4k blocks and {} inodes\nFilesystem UUID: {}\nAllocating group tables: done\nWriting inode tables: done\nCreating journal (16384 blocks): done\nWriting superblocks and filesystem accounting information: done\n\n",
            blocks / 4,
            made.uuid.clone().unwrap_or_default()
        )
    }
}

/// `mkdir [-p] DIR...` on the instance.
pub fn mkdir(
    term: &Terminal,
    cloud: &mut Cloud,
    args: &[String],
    may_write: impl Fn(&str) -> bool,
) -> CmdResult {
    let parents = args.iter().any(|a| a.starts_with('-') && a.contains('p'));
    let Some(id) = instance_id(term) else {
        return CmdResult::default();
    };
    let mut err = String::new();
    let mut code = 0;
    let dirs = operands(args, &["-m", "--mode"]);
    if dirs.is_empty() {
        return CmdResult::fail(
            "mkdir: missing operand\nTry 'mkdir --help' for more information.\n",
            1,
        );
    }
    for dir in dirs {
        let full = resolve(term, dir);
        if !may_write(&full) {
            err.push_str(&format!(
                "mkdir: cannot create directory '{dir}': Permission denied\n"
            ));
            code = 1;
            continue;
        }
        if let Err(e) = cloud.guest_mkdir(&id, &full, parents) {
            let shown = match e {
                DiskError::Exists(_) => format!("cannot create directory '{dir}': File exists"),
                DiskError::NoParent(_) => {
                    format!("cannot create directory '{dir}': No such file or directory")
                }
                other => other.to_string(),
            };
            err.push_str(&format!("mkdir: {shown}\n"));
            code = 1;
        }
    }
    CmdResult {
        err,
        code,
        ..CmdResult::default()
    }
}

/// `mount DEVICE DIR`, `mount -a` (what `/etc/fstab` lists), and `mount` alone
/// (the mounted volumes).
pub fn mount(term: &Terminal, cloud: &mut Cloud, args: &[String], root: bool) -> CmdResult {
    let Some(id) = instance_id(term) else {
        return CmdResult::default();
    };
    let operands = operands(args, &["-t", "-o", "-L", "-U", "-O"]);
    if operands.is_empty() && !args.iter().any(|a| a == "-a") {
        let devices = cloud.block_devices(&id);
        let mut out = String::new();
        for d in &devices {
            if let Some(m) = &d.mount_point {
                let name = d.root_partition.clone().unwrap_or(d.name.clone());
                let fs = d.fs_type.clone().unwrap_or_default();
                out.push_str(&format!("/dev/{name} on {m} type {fs} (rw,relatime)\n"));
            }
        }
        return CmdResult::ok(out);
    }
    if !root {
        return CmdResult::fail("mount: only root can do that.\n", 1);
    }
    if args.iter().any(|a| a == "-a") {
        let before = cloud.guest(&id).map(|g| g.mounts.len()).unwrap_or(0);
        if let Some(fstab) = cloud
            .guest(&id)
            .and_then(|g| g.files.get("/etc/fstab").cloned())
        {
            let mut err = String::new();
            for line in fstab.lines() {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let [device, mount_point, ..] = fields.as_slice() else {
                    continue;
                };
                if device.starts_with('#') || *mount_point == "/" || !mount_point.starts_with('/') {
                    continue;
                }
                let already = cloud
                    .guest(&id)
                    .is_some_and(|g| g.mounts.contains_key(*mount_point));
                if already {
                    continue;
                }
                if let Err(e) = cloud.guest_mount(&id, device, mount_point) {
                    err.push_str(&format!("mount: {e}\n"));
                }
            }
            let _ = before;
            return CmdResult {
                code: i32::from(!err.is_empty()) * 32,
                err,
                ..CmdResult::default()
            };
        }
        return CmdResult::default();
    }
    let [device, dir, ..] = operands.as_slice() else {
        return CmdResult::fail(
            format!("mount: {}: can't find in /etc/fstab.\n", operands[0]),
            1,
        );
    };
    let full = resolve(term, dir);
    match cloud.guest_mount(&id, device, &full) {
        Ok(()) => CmdResult::default(),
        Err(DiskError::NoDevice(d)) => CmdResult::fail(
            format!("mount: {full}: special device {d} does not exist.\n"),
            32,
        ),
        Err(DiskError::Mounted(d)) => CmdResult::fail(
            format!("mount: {full}: {d} already mounted or mount point busy.\n"),
            32,
        ),
        Err(e) => CmdResult::fail(format!("mount: {e}\n"), 32),
    }
}

/// `umount DIR|DEVICE`.
pub fn umount(term: &Terminal, cloud: &mut Cloud, args: &[String], root: bool) -> CmdResult {
    let Some(target) = device_arg(args) else {
        return CmdResult::fail(
            "Usage:\n umount [-hV]\n umount -a [options]\n umount [options] <source> | <directory>\n",
            1,
        );
    };
    if !root {
        return CmdResult::fail(
            format!("umount: {target}: must be superuser to unmount.\n"),
            32,
        );
    }
    let Some(id) = instance_id(term) else {
        return CmdResult::default();
    };
    let full = if target.starts_with("/dev/") {
        target.clone()
    } else {
        resolve(term, target)
    };
    match cloud.guest_umount(&id, &full) {
        Ok(()) => CmdResult::default(),
        Err(_) => CmdResult::fail(format!("umount: {full}: not mounted.\n"), 32),
    }
}

fn human(bytes: u64) -> String {
    const G: f64 = 1024.0 * 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= G {
        let g = b / G;
        if g >= 10.0 {
            format!("{:.0}G", g.ceil())
        } else {
            format!("{:.1}G", (g * 10.0).ceil() / 10.0)
        }
    } else if b >= 1024.0 * 1024.0 {
        format!("{:.0}M", (b / (1024.0 * 1024.0)).ceil())
    } else if bytes == 0 {
        "0".into()
    } else {
        format!("{:.0}K", (b / 1024.0).ceil())
    }
}

/// `df`, `df -h`, `df -hT`.
pub fn df(term: &Terminal, cloud: &Cloud, args: &[String]) -> CmdResult {
    let Some(id) = instance_id(term) else {
        return CmdResult::default();
    };
    let flag = |c: char| {
        args.iter()
            .any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains(c))
    };
    let readable = flag('h');
    let typed = flag('T');
    let usage = cloud.disk_usage(&id);
    let fs_types: Vec<Option<String>> = {
        let devices = cloud.block_devices(&id);
        usage
            .iter()
            .map(|(_, _, _, mount)| {
                devices
                    .iter()
                    .find(|d| d.mount_point.as_deref() == Some(mount))
                    .and_then(|d| d.fs_type.clone())
            })
            .collect()
    };
    let mut out = String::new();
    let type_col = if typed { "Type     " } else { "" };
    if readable {
        out.push_str(&format!(
            "Filesystem      {type_col}Size  Used Avail Use% Mounted on\n"
        ));
        out.push_str(&format!(
            "devtmpfs        {}4.0M     0  4.0M   0% /dev\n",
            if typed { "devtmpfs " } else { "" }
        ));
        out.push_str(&format!(
            "tmpfs           {}475M     0  475M   0% /dev/shm\n",
            if typed { "tmpfs    " } else { "" }
        ));
    } else {
        out.push_str(&format!(
            "Filesystem     {type_col}1K-blocks    Used Available Use% Mounted on\n"
        ));
    }
    for ((name, size_gib, used, mount), fs) in usage.iter().zip(fs_types) {
        let total = u64::from(*size_gib) * 1024 * 1024 * 1024;
        let used = (*used).min(total);
        let avail = total - used;
        let percent = if total == 0 {
            0
        } else {
            (used * 100).div_ceil(total)
        };
        let t = if typed {
            format!("{:<9}", fs.unwrap_or_default())
        } else {
            String::new()
        };
        if readable {
            out.push_str(&format!(
                "{name:<15} {t}{:>4}  {:>4}  {:>4} {:>3}% {mount}\n",
                human(total),
                human(used),
                human(avail),
                percent
            ));
        } else {
            out.push_str(&format!(
                "{name:<14} {t}{:>10} {:>7} {:>9} {:>3}% {mount}\n",
                total / 1024,
                used / 1024,
                avail / 1024,
                percent
            ));
        }
    }
    CmdResult::ok(out)
}
