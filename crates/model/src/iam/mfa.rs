//! MFA: virtual MFA devices (`CreateVirtualMFADevice`,
//! `ListVirtualMFADevices`, `DeleteVirtualMFADevice`), enabling them for a
//! user or the root user (`EnableMFADevice`, `DeactivateMFADevice`,
//! `ListMFADevices`), and the time-based one-time passwords they show
//! ([`totp_code`], RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, computed
//! on the simulated clock).
//!
//! Enabling a device takes two *consecutive* codes, the second one current
//! (a step of clock drift either way is allowed); anything else is
//! `InvalidAuthenticationCode`.

use serde::{Deserialize, Serialize};

use super::errors::IamError;
use super::users::UserInfo;
use super::{TargetUser, constraint_error, merge_tags, validate_name, validate_path};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::digest;
use crate::ec2::Tag;

/// Seconds per TOTP step.
pub const TOTP_STEP_SECONDS: u64 = 30;
/// Digits in a code.
pub const TOTP_DIGITS: u32 = 6;
/// How many MFA devices a user (or the root user) may have.
pub const MFA_DEVICES_PER_USER_QUOTA: usize = 8;

/// The HOTP value (RFC 4226) of `secret` for `counter`, `digits` long.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> String {
    let mac = digest::hmac_sha1(secret, &counter.to_be_bytes());
    let offset = usize::from(mac[19] & 0x0f);
    let word = mac
        .get(offset..offset + 4)
        .map(|b| u32::from_be_bytes([b[0] & 0x7f, b[1], b[2], b[3]]))
        .unwrap_or(0);
    let modulus = 10u64.pow(digits.min(10));
    format!(
        "{:0width$}",
        u64::from(word) % modulus,
        width = digits as usize
    )
}

/// The 6-digit TOTP code (RFC 6238, HMAC-SHA1, 30 s) a device with this
/// Base32 seed shows at simulated time `at`: what the course's simulated
/// authenticator app displays. An invalid seed gives `000000`-style codes of
/// an empty key.
pub fn totp_code(secret_base32: &str, at: SimTime) -> String {
    let secret = digest::base32_decode(secret_base32).unwrap_or_default();
    hotp(&secret, at.unix_seconds() / TOTP_STEP_SECONDS, TOTP_DIGITS)
}

/// Seconds until the code shown at `at` changes.
pub fn totp_seconds_left(at: SimTime) -> u64 {
    TOTP_STEP_SECONDS - at.unix_seconds() % TOTP_STEP_SECONDS
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn otpauth_uri(account_label: &str, device_name: &str, secret_base32: &str) -> String {
    format!(
        "otpauth://totp/Amazon%20Web%20Services:{device_name}@{account_label}?secret={secret_base32}&issuer=Amazon%20Web%20Services"
    )
}

/// An MFA device enabled for a user or the root user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaAssignment {
    /// The device's serial number (its ARN).
    pub serial_number: String,
    /// When it was enabled.
    pub enable_date: SimTime,
}

/// A virtual MFA device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualMfaDevice {
    /// `arn:aws:iam::<account>:mfa<path><name>`.
    pub serial_number: String,
    /// The Base32 seed (kept to check codes; shown once).
    pub seed_base32: String,
    /// When it was created.
    pub create_date: SimTime,
    /// The IAM user it is enabled for.
    pub user: Option<String>,
    /// Whether it is enabled for the root user.
    pub root: bool,
    /// When it was enabled.
    pub enable_date: Option<SimTime>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// `CreateVirtualMFADevice` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateVirtualMfaDeviceInput {
    /// The path (default `/`).
    pub path: Option<String>,
    /// The device name.
    #[serde(rename = "VirtualMFADeviceName")]
    pub virtual_mfa_device_name: String,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// The new device, with its seed (shown only now).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewVirtualMfaDevice {
    /// The serial number (ARN).
    pub serial_number: String,
    /// The Base32 seed to type into (or scan with) an authenticator app.
    pub base32_string_seed: String,
}

/// `CreateVirtualMFADevice` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreateVirtualMfaDeviceOutput {
    /// The device.
    #[serde(rename = "VirtualMFADevice")]
    pub virtual_mfa_device: NewVirtualMfaDevice,
}

/// `EnableMFADevice` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EnableMfaDeviceInput {
    /// The user (for a root caller, omitted means the root user).
    pub user_name: Option<String>,
    /// The device's serial number.
    pub serial_number: String,
    /// The first code.
    pub authentication_code1: String,
    /// The next code.
    pub authentication_code2: String,
}

/// `DeactivateMFADevice` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeactivateMfaDeviceInput {
    /// The user (the caller when omitted).
    pub user_name: Option<String>,
    /// The device's serial number.
    pub serial_number: String,
}

/// `DeleteVirtualMFADevice` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SerialNumberInput {
    /// The device's serial number.
    pub serial_number: String,
}

/// `ListMFADevices` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListMfaDevicesInput {
    /// The user (the caller when omitted).
    pub user_name: Option<String>,
}

/// One enabled device (`MFADevice`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaDeviceInfo {
    /// The user (absent for the root user).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The serial number.
    pub serial_number: String,
    /// When it was enabled.
    pub enable_date: Timestamp,
}

/// `ListMFADevices` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMfaDevicesOutput {
    /// The devices.
    #[serde(rename = "MFADevices")]
    pub mfa_devices: Vec<MfaDeviceInfo>,
    /// Always false.
    pub is_truncated: bool,
}

/// `ListVirtualMFADevices` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListVirtualMfaDevicesInput {
    /// `Assigned`, `Unassigned` or `Any` (default).
    pub assignment_status: Option<String>,
}

/// One virtual device in `ListVirtualMFADevices` (no seed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VirtualMfaDeviceInfo {
    /// The serial number.
    pub serial_number: String,
    /// The user it is enabled for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<UserInfo>,
    /// When it was enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_date: Option<Timestamp>,
}

/// `ListVirtualMFADevices` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListVirtualMfaDevicesOutput {
    /// The devices.
    #[serde(rename = "VirtualMFADevices")]
    pub virtual_mfa_devices: Vec<VirtualMfaDeviceInfo>,
    /// Always false.
    pub is_truncated: bool,
}

fn check_code(code: &str, field: &str) -> Result<(), IamError> {
    if code.len() != 6 {
        return Err(constraint_error(
            code,
            field,
            if code.len() < 6 {
                "Member must have length greater than or equal to 6"
            } else {
                "Member must have length less than or equal to 6"
            },
        ));
    }
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(constraint_error(
            code,
            field,
            "Member must satisfy regular expression pattern: [\\d]+",
        ));
    }
    Ok(())
}

/// Whether `code1`, `code2` are consecutive codes of `seed` ending now (one
/// step of drift either way).
pub fn codes_are_valid(seed_base32: &str, now: SimTime, code1: &str, code2: &str) -> bool {
    let Some(secret) = digest::base32_decode(seed_base32) else {
        return false;
    };
    let step = now.unix_seconds() / TOTP_STEP_SECONDS;
    (step.saturating_sub(2)..=step).any(|k| {
        hotp(&secret, k, TOTP_DIGITS) == code1 && hotp(&secret, k + 1, TOTP_DIGITS) == code2
    })
}

fn no_such_device(serial: &str) -> IamError {
    IamError::no_such_entity(format!(
        "VirtualMFADevice with serial number {serial} doesn't exist."
    ))
}

impl Cloud {
    /// Every virtual MFA device.
    pub fn virtual_mfa_devices(&self) -> &[VirtualMfaDevice] {
        &self.iam.virtual_mfa_devices
    }

    /// `iam create-virtual-mfa-device`: a device with a fresh seed, returned
    /// only in this output.
    pub fn create_virtual_mfa_device(
        &mut self,
        input: CreateVirtualMfaDeviceInput,
    ) -> Result<CreateVirtualMfaDeviceOutput, IamError> {
        let path = input.path.clone().unwrap_or_else(|| "/".into());
        self.iam_call(
            "CreateVirtualMFADevice",
            |c, _| c.iam_arn("mfa", &path, &input.virtual_mfa_device_name),
            |c| {
                validate_name(&input.virtual_mfa_device_name, "virtualMFADeviceName", 226)?;
                let path = validate_path(input.path.as_deref())?;
                let serial = c.iam_arn("mfa", &path, &input.virtual_mfa_device_name);
                if c.iam
                    .virtual_mfa_devices
                    .iter()
                    .any(|d| d.serial_number == serial)
                {
                    return Err(IamError::already_exists(
                        "MFADevice entity at the same path and name already exists.",
                    ));
                }
                let mut tags = Vec::new();
                merge_tags(&mut tags, &input.tags)?;
                let seed = digest::base32_encode(&c.iam.rng.bytes(40), false);
                c.iam.virtual_mfa_devices.push(VirtualMfaDevice {
                    serial_number: serial.clone(),
                    seed_base32: seed.clone(),
                    create_date: c.now,
                    user: None,
                    root: false,
                    enable_date: None,
                    tags,
                });
                Ok(CreateVirtualMfaDeviceOutput {
                    virtual_mfa_device: NewVirtualMfaDevice {
                        serial_number: serial,
                        base32_string_seed: seed,
                    },
                })
            },
        )
    }

    /// `iam enable-mfa-device`: two consecutive current codes enable the
    /// device for the user (or, for a root caller naming no user, for the
    /// root user).
    pub fn enable_mfa_device(&mut self, input: EnableMfaDeviceInput) -> Result<(), IamError> {
        self.iam_call(
            "EnableMFADevice",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| {
                check_code(&input.authentication_code1, "authenticationCode1")?;
                check_code(&input.authentication_code2, "authenticationCode2")?;
                let target = c.target_user(input.user_name.as_deref())?;
                let user_name = match &target {
                    TargetUser::User(n) => Some(c.existing_user(n)?.user_name.clone()),
                    TargetUser::Root => None,
                };
                let now = c.now;
                let device = c
                    .iam
                    .virtual_mfa_devices
                    .iter()
                    .find(|d| d.serial_number == input.serial_number)
                    .ok_or_else(|| no_such_device(&input.serial_number))?;
                if device.enable_date.is_some() {
                    return Err(IamError::already_exists("MFA Device is already in use."));
                }
                let count = match &user_name {
                    Some(n) => c.existing_user(n)?.mfa_devices.len(),
                    None => c.iam.root.mfa_devices.len(),
                };
                if count >= MFA_DEVICES_PER_USER_QUOTA {
                    return Err(IamError::limit(format!(
                        "Cannot exceed quota for MFADevicesPerUser: {MFA_DEVICES_PER_USER_QUOTA}"
                    )));
                }
                if !codes_are_valid(
                    &device.seed_base32,
                    now,
                    &input.authentication_code1,
                    &input.authentication_code2,
                ) {
                    return Err(IamError::InvalidAuthenticationCode);
                }
                let assignment = MfaAssignment {
                    serial_number: input.serial_number.clone(),
                    enable_date: now,
                };
                match &user_name {
                    Some(n) => c.existing_user_mut(n)?.mfa_devices.push(assignment),
                    None => c.iam.root.mfa_devices.push(assignment),
                }
                if let Some(d) = c
                    .iam
                    .virtual_mfa_devices
                    .iter_mut()
                    .find(|d| d.serial_number == input.serial_number)
                {
                    d.enable_date = Some(now);
                    d.root = user_name.is_none();
                    d.user = user_name;
                }
                Ok(())
            },
        )
    }

    /// `iam deactivate-mfa-device`: the device stays, unassigned.
    pub fn deactivate_mfa_device(
        &mut self,
        input: DeactivateMfaDeviceInput,
    ) -> Result<(), IamError> {
        self.iam_call(
            "DeactivateMFADevice",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| {
                let target = c.target_user(input.user_name.as_deref())?;
                let not_found = || {
                    IamError::no_such_entity(format!(
                        "MFA Device with serial number {} does not exist.",
                        input.serial_number
                    ))
                };
                let list = match &target {
                    TargetUser::User(n) => &mut c.existing_user_mut(n)?.mfa_devices,
                    TargetUser::Root => &mut c.iam.root.mfa_devices,
                };
                let before = list.len();
                list.retain(|a| a.serial_number != input.serial_number);
                if list.len() == before {
                    return Err(not_found());
                }
                if let Some(d) = c
                    .iam
                    .virtual_mfa_devices
                    .iter_mut()
                    .find(|d| d.serial_number == input.serial_number)
                {
                    d.user = None;
                    d.root = false;
                    d.enable_date = None;
                }
                Ok(())
            },
        )
    }

    /// `iam delete-virtual-mfa-device` (deactivate it first).
    pub fn delete_virtual_mfa_device(&mut self, input: SerialNumberInput) -> Result<(), IamError> {
        let serial = input.serial_number.clone();
        self.iam_call(
            "DeleteVirtualMFADevice",
            |_, _| serial.clone(),
            |c| {
                let d = c
                    .iam
                    .virtual_mfa_devices
                    .iter()
                    .find(|d| d.serial_number == input.serial_number)
                    .ok_or_else(|| no_such_device(&input.serial_number))?;
                if d.enable_date.is_some() {
                    return Err(IamError::delete_conflict("MFA Device is still in use"));
                }
                c.iam
                    .virtual_mfa_devices
                    .retain(|d| d.serial_number != input.serial_number);
                Ok(())
            },
        )
    }

    /// `iam list-mfa-devices` for a user (or the calling root user).
    pub fn list_mfa_devices(
        &mut self,
        input: ListMfaDevicesInput,
    ) -> Result<ListMfaDevicesOutput, IamError> {
        self.iam_call(
            "ListMFADevices",
            |c, p| c.target_user_arn(p, input.user_name.as_deref()),
            |c| {
                let (user_name, list) = match c.target_user(input.user_name.as_deref())? {
                    TargetUser::User(n) => {
                        let u = c.existing_user(&n)?;
                        (Some(u.user_name.clone()), u.mfa_devices.clone())
                    }
                    TargetUser::Root => (None, c.iam.root.mfa_devices.clone()),
                };
                Ok(ListMfaDevicesOutput {
                    mfa_devices: list
                        .into_iter()
                        .map(|a| MfaDeviceInfo {
                            user_name: user_name.clone(),
                            serial_number: a.serial_number,
                            enable_date: Timestamp(a.enable_date),
                        })
                        .collect(),
                    is_truncated: false,
                })
            },
        )
    }

    /// `iam list-virtual-mfa-devices` (never shows seeds).
    pub fn list_virtual_mfa_devices(
        &mut self,
        input: ListVirtualMfaDevicesInput,
    ) -> Result<ListVirtualMfaDevicesOutput, IamError> {
        self.iam_call(
            "ListVirtualMFADevices",
            |_, _| "*".into(),
            |c| {
                let status = input.assignment_status.as_deref().unwrap_or("Any");
                if !["Assigned", "Unassigned", "Any"].contains(&status) {
                    return Err(constraint_error(
                        status,
                        "assignmentStatus",
                        "Member must satisfy enum value set: [Assigned, Unassigned, Any]",
                    ));
                }
                let devices = c
                    .iam
                    .virtual_mfa_devices
                    .iter()
                    .filter(|d| match status {
                        "Assigned" => d.enable_date.is_some(),
                        "Unassigned" => d.enable_date.is_none(),
                        _ => true,
                    })
                    .map(|d| VirtualMfaDeviceInfo {
                        serial_number: d.serial_number.clone(),
                        user: if d.root {
                            Some(UserInfo {
                                path: None,
                                user_name: None,
                                user_id: c.config.account_id.clone(),
                                arn: c.root_arn(),
                                create_date: Timestamp(c.iam.root.create_date),
                                password_last_used: None,
                                tags: Vec::new(),
                            })
                        } else {
                            d.user
                                .as_deref()
                                .and_then(|n| c.iam_user(n))
                                .map(|u| c.user_info(u, false))
                        },
                        enable_date: d.enable_date.map(Timestamp),
                    })
                    .collect();
                Ok(ListVirtualMfaDevicesOutput {
                    virtual_mfa_devices: devices,
                    is_truncated: false,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::CallerIdentity;
    use crate::clock::ACCOUNT_CREATED_UNIX_MS;
    use std::time::Duration;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc4226_hotp_vectors() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, want) in expected.iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, counter as u64, 6), *want);
        }
    }

    #[test]
    fn rfc6238_totp_sha1_vectors() {
        for (unix, eight) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(hotp(RFC_SECRET, unix / 30, 8), eight, "{unix}");
            // The simulated clock: unix seconds since the account was created.
            if unix * 1000 >= ACCOUNT_CREATED_UNIX_MS {
                let at = SimTime(unix * 1000 - ACCOUNT_CREATED_UNIX_MS);
                let seed = digest::base32_encode(RFC_SECRET, false);
                assert_eq!(totp_code(&seed, at), eight[2..]);
            }
        }
        assert_eq!(
            digest::base32_encode(RFC_SECRET, false),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }

    #[test]
    fn codes_change_every_thirty_seconds() {
        let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        // The account clock starts on a 30-second boundary (09:00:00).
        let a = totp_code(seed, SimTime(0));
        assert_eq!(totp_code(seed, SimTime(29_999)), a);
        assert_ne!(totp_code(seed, SimTime(30_000)), a);
        assert_eq!(totp_seconds_left(SimTime(10_000)), 20);
        assert_eq!(a.len(), 6);
    }

    fn enable(
        cloud: &mut Cloud,
        user: Option<&str>,
        serial: &str,
        c1: &str,
        c2: &str,
    ) -> Result<(), IamError> {
        cloud.enable_mfa_device(EnableMfaDeviceInput {
            user_name: user.map(str::to_string),
            serial_number: serial.into(),
            authentication_code1: c1.into(),
            authentication_code2: c2.into(),
        })
    }

    #[test]
    fn enable_needs_two_consecutive_current_codes() {
        let mut cloud = Cloud::default();
        let dev = cloud
            .create_virtual_mfa_device(CreateVirtualMfaDeviceInput {
                virtual_mfa_device_name: "learner-phone".into(),
                ..Default::default()
            })
            .unwrap()
            .virtual_mfa_device;
        assert_eq!(
            dev.serial_number,
            "arn:aws:iam::123456789012:mfa/learner-phone"
        );
        assert_eq!(dev.base32_string_seed.len(), 64);
        let seed = dev.base32_string_seed.clone();
        let t0 = cloud.now();
        let first = totp_code(&seed, t0);
        cloud.advance(Duration::from_secs(30));
        let second = totp_code(&seed, cloud.now());
        // Wrong order, the same code twice, and a wrong code all fail.
        for (c1, c2) in [
            (&second, &first),
            (&first, &first),
            (&"000000".to_string(), &second),
        ] {
            let e = enable(&mut cloud, Some("learner"), &dev.serial_number, c1, c2).unwrap_err();
            assert_eq!(e.code(), "InvalidAuthenticationCode");
            assert_eq!(e.message(), "Authentication code for device is not valid.");
            assert_eq!(e.http_status(), 403);
        }
        let short = enable(
            &mut cloud,
            Some("learner"),
            &dev.serial_number,
            "123",
            &second,
        )
        .unwrap_err();
        assert_eq!(short.code(), "ValidationError");
        // Stale: the same pair ten minutes later.
        let mut later = cloud.clone();
        later.advance(Duration::from_secs(600));
        let stale = enable(
            &mut later,
            Some("learner"),
            &dev.serial_number,
            &first,
            &second,
        )
        .unwrap_err();
        assert_eq!(stale.code(), "InvalidAuthenticationCode");
        enable(
            &mut cloud,
            Some("learner"),
            &dev.serial_number,
            &first,
            &second,
        )
        .unwrap();
        let listed = cloud
            .list_mfa_devices(ListMfaDevicesInput {
                user_name: Some("learner".into()),
            })
            .unwrap();
        assert_eq!(listed.mfa_devices.len(), 1);
        let again = enable(
            &mut cloud,
            Some("learner"),
            &dev.serial_number,
            &first,
            &second,
        )
        .unwrap_err();
        assert_eq!(again.message(), "MFA Device is already in use.");
        let in_use = cloud
            .delete_virtual_mfa_device(SerialNumberInput {
                serial_number: dev.serial_number.clone(),
            })
            .unwrap_err();
        assert_eq!(in_use.code(), "DeleteConflict");
        let assigned = cloud
            .list_virtual_mfa_devices(ListVirtualMfaDevicesInput {
                assignment_status: Some("Assigned".into()),
            })
            .unwrap();
        assert_eq!(
            assigned.virtual_mfa_devices[0]
                .user
                .as_ref()
                .unwrap()
                .user_name
                .as_deref(),
            Some("learner")
        );
        let json = serde_json::to_string(&assigned).unwrap();
        assert!(!json.contains(&seed));
        cloud
            .deactivate_mfa_device(DeactivateMfaDeviceInput {
                user_name: Some("learner".into()),
                serial_number: dev.serial_number.clone(),
            })
            .unwrap();
        cloud
            .delete_virtual_mfa_device(SerialNumberInput {
                serial_number: dev.serial_number.clone(),
            })
            .unwrap();
        assert!(cloud.virtual_mfa_devices().is_empty());
    }

    #[test]
    fn root_mfa() {
        let mut cloud = Cloud::default();
        let mut root = cloud.as_caller(CallerIdentity::Root);
        let dev = root
            .create_virtual_mfa_device(CreateVirtualMfaDeviceInput {
                virtual_mfa_device_name: "root-account-mfa-device".into(),
                ..Default::default()
            })
            .unwrap()
            .virtual_mfa_device;
        let c1 = totp_code(&dev.base32_string_seed, root.now());
        root.advance(Duration::from_secs(30));
        let c2 = totp_code(&dev.base32_string_seed, root.now());
        enable(&mut root, None, &dev.serial_number, &c1, &c2).unwrap();
        drop(root);
        assert!(cloud.root_mfa_enabled());
        let uri = otpauth_uri(
            "123456789012",
            "root-account-mfa-device",
            &dev.base32_string_seed,
        );
        assert!(uri.starts_with(
            "otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret="
        ));
    }
}
