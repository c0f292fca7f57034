//! EBS volume types and their limits: the sizes, IOPS and throughput each type
//! allows, as the EBS User Guide's "Amazon EBS volume types" page lists them
//! ([`LIMITS_AS_OF`]), and the checks `RunInstances`, `CreateVolume` and
//! `ModifyVolume` share, with EC2's error for each broken rule.

use super::errors::Ec2Error;

/// When the limits were read (gp3 grew to 64 TiB, 80,000 IOPS and 2,000 MiB/s in
/// late 2025).
pub const LIMITS_AS_OF: &str = "2026-01";

/// Every volume type, in the order EC2's errors list them.
pub const VOLUME_TYPES: [&str; 7] = ["standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"];

/// What one volume type allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VolumeTypeLimits {
    /// The type, e.g. `gp3`.
    pub name: &'static str,
    /// Smallest and largest size, GiB.
    pub size_gib: (u32, u32),
    /// Provisioned IOPS, lowest and highest, when the type takes `Iops`.
    pub iops: Option<(u32, u32)>,
    /// The most IOPS per GiB of size, when the type takes `Iops`.
    pub max_iops_per_gib: u32,
    /// Provisioned throughput, lowest and highest MiB/s, when the type takes it.
    pub throughput: Option<(u32, u32)>,
    /// Whether `Iops` must be given (io1, io2).
    pub iops_required: bool,
    /// Whether it can be a boot volume (not st1 or sc1).
    pub bootable: bool,
}

/// The limits of every type.
pub const LIMITS: [VolumeTypeLimits; 7] = [
    VolumeTypeLimits {
        name: "gp3",
        size_gib: (1, 65_536),
        iops: Some((3_000, 80_000)),
        max_iops_per_gib: 500,
        throughput: Some((125, 2_000)),
        iops_required: false,
        bootable: true,
    },
    VolumeTypeLimits {
        name: "gp2",
        size_gib: (1, 16_384),
        iops: None,
        max_iops_per_gib: 3,
        throughput: None,
        iops_required: false,
        bootable: true,
    },
    VolumeTypeLimits {
        name: "io1",
        size_gib: (4, 16_384),
        iops: Some((100, 64_000)),
        max_iops_per_gib: 50,
        throughput: None,
        iops_required: true,
        bootable: true,
    },
    VolumeTypeLimits {
        name: "io2",
        size_gib: (4, 65_536),
        iops: Some((100, 256_000)),
        max_iops_per_gib: 1_000,
        throughput: None,
        iops_required: true,
        bootable: true,
    },
    VolumeTypeLimits {
        name: "st1",
        size_gib: (125, 16_384),
        iops: None,
        max_iops_per_gib: 0,
        throughput: None,
        iops_required: false,
        bootable: false,
    },
    VolumeTypeLimits {
        name: "sc1",
        size_gib: (125, 16_384),
        iops: None,
        max_iops_per_gib: 0,
        throughput: None,
        iops_required: false,
        bootable: false,
    },
    VolumeTypeLimits {
        name: "standard",
        size_gib: (1, 1_024),
        iops: None,
        max_iops_per_gib: 0,
        throughput: None,
        iops_required: false,
        bootable: true,
    },
];

/// gp3's most throughput per provisioned IOPS (MiB/s).
pub const GP3_MAX_THROUGHPUT_PER_IOPS: f64 = 0.25;

/// The limits of `volume_type`, or AWS's error for a type that does not exist.
pub fn limits(volume_type: &str) -> Result<&'static VolumeTypeLimits, Ec2Error> {
    LIMITS.iter().find(|l| l.name == volume_type).ok_or_else(|| {
        Ec2Error::invalid_value(format!(
            "Value ({volume_type}) for parameter volumeType is invalid. Valid volume types are: {}",
            VOLUME_TYPES.join(", ")
        ))
    })
}

/// A volume's performance once its type and size are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Performance {
    /// IOPS (provisioned, or gp2's baseline), when the type has a figure.
    pub iops: Option<u32>,
    /// Throughput, MiB/s (gp3).
    pub throughput: Option<u32>,
}

/// Checks a volume's type, size, IOPS and throughput against [`LIMITS`] and gives
/// its performance (the defaults: gp3 3,000 IOPS and 125 MiB/s; gp2 3 IOPS per
/// GiB between 100 and 16,000).
pub fn check_volume(
    volume_type: &str,
    size_gib: u32,
    iops: Option<u32>,
    throughput: Option<u32>,
) -> Result<Performance, Ec2Error> {
    let limits = limits(volume_type)?;
    let (min, max) = limits.size_gib;
    if size_gib < min {
        return Err(Ec2Error::invalid_value(format!(
            "Volume of size {size_gib}GB is too small; minimum is {min}GB."
        )));
    }
    if size_gib > max {
        return Err(Ec2Error::invalid_value(format!(
            "Volume of size {size_gib}GB is too large; maximum is {max}GB."
        )));
    }
    let iops = match (limits.iops, iops) {
        (None, Some(_)) => {
            return Err(Ec2Error::InvalidParameterCombination {
                message: format!("The parameter iops is not supported for {volume_type} volumes."),
            });
        }
        (Some(_), None) if limits.iops_required => {
            return Err(Ec2Error::InvalidParameterCombination {
                message: format!("The parameter iops must be specified for {volume_type} volumes."),
            });
        }
        (Some((low, high)), Some(given)) => {
            if given < low || given > high {
                return Err(Ec2Error::invalid_value(format!(
                    "Volume iops of {given} is not valid for {volume_type}: IOPS must be between {low} and {high}."
                )));
            }
            let ratio = f64::from(given) / f64::from(size_gib);
            // gp3's 3,000 baseline is allowed at any size.
            let baseline = volume_type == "gp3" && given <= low;
            if !baseline && ratio > f64::from(limits.max_iops_per_gib) {
                return Err(Ec2Error::invalid_value(format!(
                    "Iops to volume size ratio of {ratio:.6} is too high; maximum is {:.6}.",
                    f64::from(limits.max_iops_per_gib)
                )));
            }
            Some(given)
        }
        (Some((low, _)), None) => Some(low),
        (None, None) if volume_type == "gp2" => {
            Some((size_gib.saturating_mul(3)).clamp(100, 16_000))
        }
        (None, None) => None,
    };
    let throughput = match (limits.throughput, throughput) {
        (None, Some(_)) => {
            return Err(Ec2Error::InvalidParameterCombination {
                message: format!(
                    "The parameter throughput is not supported for {volume_type} volumes."
                ),
            });
        }
        (Some((low, high)), Some(given)) => {
            if given < low || given > high {
                return Err(Ec2Error::invalid_value(format!(
                    "Throughput of {given} MiB/s is not valid for {volume_type}: it must be between {low} and {high}."
                )));
            }
            let most = f64::from(iops.unwrap_or(low)) * GP3_MAX_THROUGHPUT_PER_IOPS;
            if given > low && f64::from(given) > most {
                return Err(Ec2Error::invalid_value(format!(
                    "Throughput to iops ratio of {:.6} is too high; maximum is {GP3_MAX_THROUGHPUT_PER_IOPS:.6}.",
                    f64::from(given) / f64::from(iops.unwrap_or(low).max(1))
                )));
            }
            Some(given)
        }
        (Some((low, _)), None) => Some(low),
        (None, None) => None,
    };
    Ok(Performance { iops, throughput })
}

/// Whether `device` is a name EC2 accepts for an EBS volume on Linux:
/// `/dev/sd[a-z]`, `/dev/xvd[a-z]` (optionally with a second letter or a partition
/// digit, as AWS allows for the root).
pub fn is_device_name(device: &str) -> bool {
    let rest = device
        .strip_prefix("/dev/sd")
        .or_else(|| device.strip_prefix("/dev/xvd"));
    let Some(rest) = rest else { return false };
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_ascii_lowercase() {
        return false;
    }
    let tail: String = chars.collect();
    tail.is_empty()
        || (tail.len() == 1
            && tail
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_each_type() {
        assert!(check_volume("gp3", 65_536, None, None).is_ok());
        let err = check_volume("gp3", 65_537, None, None).unwrap_err();
        assert_eq!(
            err.message(),
            "Volume of size 65537GB is too large; maximum is 65536GB."
        );
        let err = check_volume("st1", 100, None, None).unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
        assert_eq!(
            err.message(),
            "Volume of size 100GB is too small; minimum is 125GB."
        );
        assert!(check_volume("standard", 1_025, None, None).is_err());
        assert!(check_volume("io2", 65_536, Some(1_000), None).is_ok());
        assert!(check_volume("io1", 16_385, Some(1_000), None).is_err());
        let err = check_volume("gp4", 8, None, None).unwrap_err();
        assert!(
            err.message()
                .contains("Valid volume types are: standard, io1, io2, gp2, sc1, st1, gp3")
        );
    }

    #[test]
    fn iops_and_throughput_follow_each_type() {
        let gp3 = check_volume("gp3", 8, None, None).unwrap();
        assert_eq!(
            gp3,
            Performance {
                iops: Some(3_000),
                throughput: Some(125)
            }
        );
        let gp2 = check_volume("gp2", 80, None, None).unwrap();
        assert_eq!(gp2.iops, Some(240));
        assert_eq!(check_volume("gp2", 1, None, None).unwrap().iops, Some(100));
        assert_eq!(
            check_volume("gp2", 16_384, None, None).unwrap().iops,
            Some(16_000)
        );
        let err = check_volume("io1", 10, None, None).unwrap_err();
        assert_eq!(err.code(), "InvalidParameterCombination");
        let err = check_volume("io1", 10, Some(1_000), None).unwrap_err();
        assert_eq!(
            err.message(),
            "Iops to volume size ratio of 100.000000 is too high; maximum is 50.000000."
        );
        assert!(check_volume("io1", 20, Some(1_000), None).is_ok());
        assert_eq!(
            check_volume("gp2", 8, Some(300), None).unwrap_err().code(),
            "InvalidParameterCombination"
        );
        assert!(check_volume("gp3", 100, Some(16_000), Some(1_000)).is_ok());
        let err = check_volume("gp3", 8, Some(3_000), Some(1_000)).unwrap_err();
        assert!(
            err.message().starts_with("Throughput to iops ratio"),
            "{}",
            err.message()
        );
        assert!(check_volume("st1", 500, None, Some(250)).is_err());
    }

    #[test]
    fn device_names() {
        for ok in ["/dev/sdf", "/dev/xvdf", "/dev/sda1", "/dev/xvdba"] {
            assert!(is_device_name(ok), "{ok}");
        }
        for bad in ["sdf", "/dev/nvme1n1", "/dev/sd", "/dev/sdF", "/dev/hda"] {
            assert!(!is_device_name(bad), "{bad}");
        }
    }
}
