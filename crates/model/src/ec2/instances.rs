//! Instances: `RunInstances`, `DescribeInstances`, stop/start/reboot/terminate,
//! instance attributes, their root EBS volumes, and the state machine the clock
//! drives (pending → running, stopping → stopped, shutting-down → terminated).

use std::collections::BTreeMap;
use std::fmt;
use std::net::Ipv4Addr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self};
use super::guest::Guest;
use super::security_groups::MAX_GROUPS_PER_INTERFACE;
use super::{Ipv4Cidr, TagMap, tag_list, tags};
use crate::catalog::{self, Ami, Architecture, OsFamily, VcpuBucket};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

pub use super::images::*;
pub use super::instance_types::*;
pub use super::shapes::*;
pub use super::volumes::*;

/// How long `stopping` lasts.
pub const STOPPING_DURATION: Duration = Duration::from_secs(20);
/// How long `stopping` lasts when the instance hibernates (its memory is written
/// to the root volume first).
pub const HIBERNATING_DURATION: Duration = Duration::from_secs(40);
/// Each start is billed for at least this long (per-second billing's minimum).
pub const MINIMUM_BILLED: Duration = Duration::from_secs(60);
/// Instance families that can hibernate (the EC2 User Guide's list, 2025).
pub const HIBERNATION_FAMILIES: &[&str] = &[
    "c3", "c4", "c5", "c5d", "c6i", "c6id", "c7i", "c7i-flex", "i3", "i3en", "m3", "m4", "m5",
    "m5a", "m5ad", "m5d", "m6i", "m6id", "m7i", "m7i-flex", "r3", "r4", "r5", "r5a", "r5ad", "r5d",
    "r6i", "r7i", "t2", "t3", "t3a",
];
/// The most memory an instance may have to hibernate: Linux, Windows (MiB).
pub const HIBERNATION_MAX_MEMORY_MIB: (u32, u32) = (150 * 1024, 16 * 1024);
/// How long `shutting-down` lasts.
pub const SHUTTING_DOWN_DURATION: Duration = Duration::from_secs(10);
/// Shortest and longest `pending` (drawn from the account's generator).
pub const PENDING_DURATION_RANGE: (Duration, Duration) =
    (Duration::from_secs(10), Duration::from_secs(20));
/// How long a terminated instance stays visible in `DescribeInstances`.
pub const TERMINATED_VISIBLE_FOR: Duration = Duration::from_secs(3_600);
/// The instance type AWS uses when `RunInstances` names none.
pub const DEFAULT_INSTANCE_TYPE: &str = "m1.small";

/// An instance's lifecycle state (`InstanceStateName`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceStateName {
    /// Booting.
    Pending,
    /// Running.
    Running,
    /// Being terminated.
    ShuttingDown,
    /// Terminated (final).
    Terminated,
    /// Being stopped.
    Stopping,
    /// Stopped.
    Stopped,
}

impl InstanceStateName {
    /// Every state, in code order.
    pub const ALL: [InstanceStateName; 6] = [
        InstanceStateName::Pending,
        InstanceStateName::Running,
        InstanceStateName::ShuttingDown,
        InstanceStateName::Terminated,
        InstanceStateName::Stopping,
        InstanceStateName::Stopped,
    ];

    /// AWS's state code: pending 0, running 16, shutting-down 32, terminated 48,
    /// stopping 64, stopped 80.
    pub fn code(self) -> u16 {
        match self {
            InstanceStateName::Pending => 0,
            InstanceStateName::Running => 16,
            InstanceStateName::ShuttingDown => 32,
            InstanceStateName::Terminated => 48,
            InstanceStateName::Stopping => 64,
            InstanceStateName::Stopped => 80,
        }
    }

    /// AWS's name, e.g. `shutting-down`.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStateName::Pending => "pending",
            InstanceStateName::Running => "running",
            InstanceStateName::ShuttingDown => "shutting-down",
            InstanceStateName::Terminated => "terminated",
            InstanceStateName::Stopping => "stopping",
            InstanceStateName::Stopped => "stopped",
        }
    }

    /// Whether the state machine may go from `self` to `next` in one step.
    pub fn can_become(self, next: InstanceStateName) -> bool {
        use InstanceStateName::*;
        matches!(
            (self, next),
            (Pending, Running)
                | (Pending, ShuttingDown)
                | (Running, Stopping)
                | (Running, ShuttingDown)
                | (Stopping, Stopped)
                | (Stopping, ShuttingDown)
                | (Stopped, Pending)
                | (Stopped, ShuttingDown)
                | (ShuttingDown, Terminated)
        )
    }
}

impl fmt::Display for InstanceStateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `{Code, Name}` as AWS returns an instance's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceState {
    /// The state code.
    pub code: u16,
    /// The state name.
    pub name: InstanceStateName,
}

impl From<InstanceStateName> for InstanceState {
    fn from(name: InstanceStateName) -> Self {
        InstanceState {
            code: name.code(),
            name,
        }
    }
}

/// `StateReason`: why the instance last changed state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateReason {
    /// e.g. `Client.UserInitiatedShutdown`.
    pub code: String,
    /// e.g. `Client.UserInitiatedShutdown: User initiated shutdown`.
    pub message: String,
}

impl StateReason {
    fn new(code: &str, message: &str) -> StateReason {
        StateReason {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// One instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// `i-` followed by 17 hex digits.
    pub instance_id: String,
    /// `r-...`: the RunInstances call that launched it.
    pub reservation_id: String,
    /// Position in its reservation.
    pub ami_launch_index: u32,
    /// The AMI.
    pub image_id: String,
    /// The OS family of the AMI.
    pub os: OsFamily,
    /// CPU architecture.
    pub architecture: Architecture,
    /// The instance type.
    pub instance_type: String,
    /// The key pair name given at launch.
    pub key_name: Option<String>,
    /// The public key placed in `authorized_keys` at launch (kept even if the key
    /// pair is later deleted).
    pub authorized_key: Option<String>,
    /// Current state.
    pub state: InstanceStateName,
    /// When the current state began.
    pub state_since: SimTime,
    /// When the clock next changes the state (or removes a terminated instance).
    pub next_transition: Option<SimTime>,
    /// `StateTransitionReason`.
    pub state_transition_reason: String,
    /// `StateReason`.
    pub state_reason: Option<StateReason>,
    /// The last time it went to pending (LaunchTime).
    pub launch_time: SimTime,
    /// The subnet.
    pub subnet_id: String,
    /// The VPC.
    pub vpc_id: String,
    /// The Availability Zone.
    pub availability_zone: String,
    /// The primary private IPv4 address.
    pub private_ip: Ipv4Addr,
    /// The auto-assigned public IPv4 address, while it has one (not an EIP).
    pub auto_public_ip: Option<Ipv4Addr>,
    /// Whether it gets an auto-assigned public address when it runs.
    pub assigns_public_ip: bool,
    /// The primary network interface.
    pub network_interface_id: String,
    /// Its attachment id.
    pub network_interface_attachment_id: String,
    /// Its MAC address.
    pub mac_address: String,
    /// Security groups on the primary interface.
    pub security_group_ids: Vec<String>,
    /// Termination protection.
    pub disable_api_termination: bool,
    /// Stop protection.
    pub disable_api_stop: bool,
    /// `stop` or `terminate`: what an OS shutdown does.
    pub shutdown_behavior: String,
    /// User data as text.
    pub user_data: Option<String>,
    /// Whether IMDSv2 is required.
    pub http_tokens_required: bool,
    /// Detailed monitoring.
    pub monitoring: bool,
    /// The root device name, e.g. `/dev/xvda`.
    pub root_device_name: String,
    /// The client token (idempotency).
    pub client_token: String,
    /// Tags.
    pub tags: TagMap,
    /// The software on the instance.
    pub guest: Guest,
    /// How many `StartInstances` calls started it again after a stop.
    pub start_count: u32,
    /// Every state it has been in, oldest first.
    pub state_history: Vec<StateChange>,
    /// Launched with hibernation enabled (`HibernationOptions.Configured`).
    #[serde(default)]
    pub hibernation_configured: bool,
    /// Its memory is saved on the root volume: set by a hibernating stop, cleared
    /// when it runs again (its processes resume instead of booting).
    #[serde(default)]
    pub hibernated: bool,
    /// When the current stretch of billed time began (running, or stopping to
    /// hibernate): each start is billed for at least a minute.
    #[serde(default)]
    pub billed_since: Option<SimTime>,
    /// The public AMI it descends from, when launched from one of the account's
    /// images (its platform and boot mode; kept if the image is deregistered).
    #[serde(default)]
    pub base_image_id: Option<String>,
    /// Load put on it (a load test's requests), newest last; what its CPU metric
    /// adds up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load: Vec<LoadSpell>,
    /// The instance profile whose role software on the instance acts as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<super::instance_profiles::InstanceProfileAssociation>,
}

/// A stretch of time when an instance served requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadSpell {
    /// From.
    pub start: SimTime,
    /// Until.
    pub end: SimTime,
    /// The CPU it took, in hundredths of a percent of the instance.
    pub cpu_centipercent: u32,
}

/// One entry of an instance's state history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChange {
    /// When it entered the state.
    pub at: SimTime,
    /// The state.
    pub state: InstanceStateName,
    /// Reached by hibernating (`stopping` and `stopped` after `StopInstances
    /// --hibernate`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hibernated: bool,
}

/// Filter names `DescribeInstances` accepts.
pub const INSTANCE_FILTERS: &[&str] = &[
    "instance-state-name",
    "instance-state-code",
    "instance-id",
    "instance-type",
    "image-id",
    "key-name",
    "vpc-id",
    "subnet-id",
    "availability-zone",
    "instance.group-id",
    "instance.group-name",
    "group-id",
    "group-name",
    "ip-address",
    "private-ip-address",
    "dns-name",
    "private-dns-name",
    "reservation-id",
    "architecture",
    "platform",
    "platform-details",
    "root-device-type",
    "root-device-name",
    "launch-time",
    "network-interface.addresses.association.public-ip",
    "tag:",
    "tag-key",
    "tag-value",
];

/// Whether `id` looks like an instance id (`i-` and 8 or 17 hex digits).
pub fn is_instance_id_shape(id: &str) -> bool {
    id.strip_prefix("i-").is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn user_reason(now: SimTime) -> String {
    format!("User initiated ({})", now.to_gmt_reason())
}

fn user_shutdown() -> StateReason {
    StateReason::new(
        "Client.UserInitiatedShutdown",
        "Client.UserInitiatedShutdown: User initiated shutdown",
    )
}

impl Instance {
    /// The host name part of the private DNS name: `ip-172-31-5-10`.
    pub fn private_host_name(&self) -> String {
        format!("ip-{}", self.private_ip.to_string().replace('.', "-"))
    }

    /// Whether it is running.
    pub fn is_running(&self) -> bool {
        self.state == InstanceStateName::Running
    }

    /// Whether it was stopped and later started again.
    pub fn was_restarted(&self) -> bool {
        self.start_count > 0
    }

    /// Whether its compute is billed now: while `running`, and while `stopping`
    /// to hibernate (EC2 bills the time it takes to save the memory).
    pub fn is_billed(&self) -> bool {
        self.state == InstanceStateName::Running
            || (self.state == InstanceStateName::Stopping && self.hibernated)
    }
}

impl Cloud {
    /// Every instance still visible (terminated ones stay for an hour).
    pub fn instances(&self) -> &[Instance] {
        &self.ec2.instances
    }

    /// The instance with this id.
    pub fn instance(&self, instance_id: &str) -> Option<&Instance> {
        self.ec2
            .instances
            .iter()
            .find(|i| i.instance_id == instance_id)
    }

    pub(crate) fn instance_mut(&mut self, instance_id: &str) -> Option<&mut Instance> {
        self.ec2
            .instances
            .iter_mut()
            .find(|i| i.instance_id == instance_id)
    }

    /// Every EBS volume.
    pub fn volumes(&self) -> &[Volume] {
        &self.ec2.volumes
    }

    /// The instance's public IPv4 address: its Elastic IP, else its auto-assigned one.
    pub fn public_ip_of(&self, instance_id: &str) -> Option<Ipv4Addr> {
        let eip = self
            .ec2
            .addresses
            .iter()
            .find(|a| a.instance_id.as_deref() == Some(instance_id))
            .map(|a| a.public_ip);
        eip.or_else(|| self.instance(instance_id).and_then(|i| i.auto_public_ip))
    }

    /// The public DNS name for a public IP: `ec2-3-34-12-5.<region>.compute.amazonaws.com`.
    pub fn public_dns_name_for(&self, ip: Ipv4Addr) -> String {
        format!(
            "ec2-{}.{}",
            ip.to_string().replace('.', "-"),
            self.region().public_dns_suffix()
        )
    }

    /// The instance's public DNS name, empty when it has no public address.
    pub fn public_dns_of(&self, instance_id: &str) -> String {
        self.public_ip_of(instance_id)
            .map(|ip| self.public_dns_name_for(ip))
            .unwrap_or_default()
    }

    /// The instance's private DNS name: `ip-172-31-5-10.<region>.compute.internal`.
    pub fn private_dns_of(&self, instance: &Instance) -> String {
        format!(
            "{}.{}",
            instance.private_host_name(),
            self.region().private_dns_suffix()
        )
    }

    fn instance_description(&self, i: &Instance) -> InstanceDescription {
        let terminated = i.state == InstanceStateName::Terminated;
        let ami = self.base_ami_of(i);
        let info = catalog::instance_type(&i.instance_type);
        let vcpus = info.as_ref().map(|t| t.vcpus).unwrap_or(1);
        let threads = match (&info, i.instance_type.as_str()) {
            (Some(t), _) if t.architecture == Architecture::Arm64 => 1,
            (_, n) if n.starts_with("t2.") || n.starts_with("m1.") => 1,
            _ if vcpus >= 2 => 2,
            _ => 1,
        };
        let groups: Vec<GroupIdentifier> = i
            .security_group_ids
            .iter()
            .map(|g| GroupIdentifier {
                group_id: g.clone(),
                group_name: self
                    .security_group(g)
                    .map(|x| x.group_name.clone())
                    .unwrap_or_default(),
            })
            .collect();
        let public_ip = self.public_ip_of(&i.instance_id);
        let eip_owned = self
            .ec2
            .addresses
            .iter()
            .any(|a| a.instance_id.as_deref() == Some(&i.instance_id));
        let association = public_ip.map(|ip| InterfaceAssociation {
            ip_owner_id: if eip_owned {
                self.config.account_id.clone()
            } else {
                "amazon".into()
            },
            public_dns_name: self.public_dns_name_for(ip),
            public_ip: ip.to_string(),
        });
        let private_dns = self.private_dns_of(i);
        let zone_id = self
            .region()
            .zone(&i.availability_zone)
            .map(|z| z.zone_id.to_string())
            .unwrap_or_default();
        let block_device_mappings: Vec<InstanceBlockDeviceMapping> = if terminated {
            Vec::new()
        } else {
            self.ec2
                .volumes
                .iter()
                .filter_map(|v| {
                    let a = v.attachment.as_ref()?;
                    (a.instance_id == i.instance_id).then(|| InstanceBlockDeviceMapping {
                        device_name: a.device.clone(),
                        ebs: EbsInstanceBlockDevice {
                            attach_time: Timestamp(a.attach_time),
                            delete_on_termination: a.delete_on_termination,
                            status: "attached".into(),
                            volume_id: v.volume_id.clone(),
                        },
                    })
                })
                .collect()
        };
        let network_interfaces = if terminated {
            Vec::new()
        } else {
            vec![InstanceNetworkInterface {
                association: association.clone(),
                attachment: InterfaceAttachment {
                    attach_time: Timestamp(i.launch_time),
                    attachment_id: i.network_interface_attachment_id.clone(),
                    delete_on_termination: true,
                    device_index: 0,
                    status: "attached".into(),
                    network_card_index: 0,
                },
                description: String::new(),
                groups: groups.clone(),
                ipv6_addresses: Vec::new(),
                mac_address: i.mac_address.clone(),
                network_interface_id: i.network_interface_id.clone(),
                owner_id: self.config.account_id.clone(),
                private_dns_name: private_dns.clone(),
                private_ip_address: i.private_ip.to_string(),
                private_ip_addresses: vec![InstancePrivateIpAddress {
                    association,
                    primary: true,
                    private_dns_name: private_dns.clone(),
                    private_ip_address: i.private_ip.to_string(),
                }],
                source_dest_check: true,
                status: "in-use".into(),
                subnet_id: i.subnet_id.clone(),
                vpc_id: i.vpc_id.clone(),
                interface_type: "interface".into(),
            }]
        };
        InstanceDescription {
            ami_launch_index: i.ami_launch_index,
            image_id: i.image_id.clone(),
            instance_id: i.instance_id.clone(),
            instance_type: i.instance_type.clone(),
            key_name: i.key_name.clone(),
            launch_time: Timestamp(i.launch_time),
            monitoring: Monitoring {
                state: if i.monitoring { "enabled" } else { "disabled" }.into(),
            },
            placement: Placement {
                availability_zone: i.availability_zone.clone(),
                availability_zone_id: zone_id,
                group_name: String::new(),
                tenancy: "default".into(),
            },
            platform: ami.as_ref().and_then(|a| a.platform.map(String::from)),
            private_dns_name: if terminated {
                String::new()
            } else {
                private_dns
            },
            private_ip_address: (!terminated).then(|| i.private_ip.to_string()),
            product_codes: Vec::new(),
            public_dns_name: if terminated {
                String::new()
            } else {
                self.public_dns_of(&i.instance_id)
            },
            public_ip_address: if terminated {
                None
            } else {
                public_ip.map(|p| p.to_string())
            },
            state: i.state.into(),
            state_transition_reason: i.state_transition_reason.clone(),
            subnet_id: (!terminated).then(|| i.subnet_id.clone()),
            vpc_id: (!terminated).then(|| i.vpc_id.clone()),
            architecture: i.architecture,
            block_device_mappings,
            client_token: i.client_token.clone(),
            ebs_optimized: false,
            ena_support: true,
            hypervisor: "xen".into(),
            iam_instance_profile: i.iam_instance_profile.as_ref().map(|a| a.shown()),
            network_interfaces,
            root_device_name: i.root_device_name.clone(),
            root_device_type: "ebs".into(),
            security_groups: if terminated { Vec::new() } else { groups },
            source_dest_check: (!terminated).then_some(true),
            state_reason: i.state_reason.clone(),
            tags: tag_list(&i.tags),
            virtualization_type: "hvm".into(),
            cpu_options: CpuOptions {
                core_count: (vcpus / threads).max(1),
                threads_per_core: threads,
            },
            hibernation_options: HibernationOptions {
                configured: i.hibernation_configured,
            },
            metadata_options: MetadataOptions {
                state: if i.state == InstanceStateName::Pending {
                    "pending"
                } else {
                    "applied"
                }
                .into(),
                http_tokens: if i.http_tokens_required {
                    "required"
                } else {
                    "optional"
                }
                .into(),
                http_put_response_hop_limit: if i.http_tokens_required { 2 } else { 1 },
                http_endpoint: "enabled".into(),
                http_protocol_ipv6: "disabled".into(),
                instance_metadata_tags: "disabled".into(),
            },
            boot_mode: ami
                .as_ref()
                .map(|a| a.boot_mode.to_string())
                .unwrap_or_else(|| "uefi-preferred".into()),
            platform_details: ami
                .as_ref()
                .map(|a| a.platform_details.to_string())
                .unwrap_or_else(|| "Linux/UNIX".into()),
            usage_operation: ami
                .as_ref()
                .map(|a| a.usage_operation.to_string())
                .unwrap_or_else(|| "RunInstances".into()),
            usage_operation_update_time: Timestamp(i.launch_time),
            current_instance_boot_mode: match ami.as_ref().map(|a| a.boot_mode) {
                Some("legacy-bios") => "legacy-bios".into(),
                _ => "uefi".into(),
            },
        }
    }

    fn check_instance_ids(&self, ids: &[String]) -> Result<(), Ec2Error> {
        if let Some(bad) = ids.iter().find(|id| !is_instance_id_shape(id)) {
            return Err(Ec2Error::InstanceIdMalformed {
                instance_id: bad.clone(),
            });
        }
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| self.instance(id).is_none())
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Err(Ec2Error::InstanceNotFound {
                instance_ids: missing,
            });
        }
        Ok(())
    }

    /// vCPUs of instances that count against the On-Demand quota of `bucket`.
    fn vcpus_in_use(&self, bucket: VcpuBucket) -> u32 {
        self.ec2
            .instances
            .iter()
            .filter(|i| {
                matches!(
                    i.state,
                    InstanceStateName::Pending
                        | InstanceStateName::Running
                        | InstanceStateName::Stopping
                        | InstanceStateName::ShuttingDown
                )
            })
            .filter_map(|i| catalog::instance_type(&i.instance_type))
            .filter(|t| t.vcpu_bucket == bucket)
            .map(|t| t.vcpus)
            .sum()
    }

    pub(crate) fn random_private_ip(&mut self, subnet_cidr: &str) -> Ipv4Addr {
        let cidr = Ipv4Cidr::parse(subnet_cidr, true).unwrap_or(Ipv4Cidr {
            network: Ipv4Addr::new(172, 31, 0, 0),
            prefix: 20,
        });
        let base = u32::from(cidr.network);
        let size = cidr.size().max(16);
        for _ in 0..1_000 {
            // AWS reserves the first four addresses and the last one.
            let offset = 4 + self.rng.below(size - 5) as u32;
            let ip = Ipv4Addr::from(base.wrapping_add(offset));
            let taken = self
                .ec2
                .instances
                .iter()
                .any(|i| i.private_ip == ip && i.state != InstanceStateName::Terminated)
                || self
                    .ec2
                    .nat_gateways
                    .iter()
                    .any(|n| n.private_ip == ip && n.holds_addresses());
            if !taken {
                return ip;
            }
        }
        Ipv4Addr::from(base.wrapping_add(4))
    }

    fn random_mac(&mut self) -> String {
        let b = self.rng.bytes(5);
        format!(
            "02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
            b.get(2).copied().unwrap_or(0),
            b.get(3).copied().unwrap_or(0),
            b.get(4).copied().unwrap_or(0)
        )
    }

    fn pending_until(&mut self) -> SimTime {
        let (lo, hi) = PENDING_DURATION_RANGE;
        let ms = self
            .rng
            .range_inclusive(lo.as_millis() as u64, hi.as_millis() as u64);
        self.now.plus(Duration::from_millis(ms))
    }

    /// Validates a run request and returns (ami, instance type, subnet, group ids).
    fn validate_run(
        &self,
        input: &RunInstancesInput,
    ) -> Result<(Ami, String, String, Vec<String>), Ec2Error> {
        if input.image_id.is_empty() {
            return Err(Ec2Error::MissingParameter {
                message: "The request must contain the parameter ImageId".into(),
            });
        }
        if !is_ami_id_shape(&input.image_id) {
            return Err(Ec2Error::AmiIdMalformed {
                image_id: input.image_id.clone(),
            });
        }
        let min = input.min_count.unwrap_or(1);
        let max = input.max_count.unwrap_or(min.max(1));
        if min == 0 {
            return Err(Ec2Error::invalid_value(
                "Value (0) for parameter minCount is invalid. Expected a positive integer.",
            ));
        }
        if max == 0 {
            return Err(Ec2Error::invalid_value(
                "Value (0) for parameter maxCount is invalid. Expected a positive integer.",
            ));
        }
        if min > max {
            return Err(Ec2Error::invalid_value(format!(
                "MinCount ({min}) must be less than or equal to MaxCount ({max})."
            )));
        }
        let region = self.region();
        let ami = self
            .launchable_ami(&input.image_id)
            .map(|(ami, _)| ami)
            .ok_or_else(|| Ec2Error::AmiNotFound {
                image_id: input.image_id.clone(),
            })?;
        let instance_type = input
            .instance_type
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| DEFAULT_INSTANCE_TYPE.to_string());
        let info = catalog::instance_type(&instance_type).ok_or_else(|| {
            Ec2Error::InvalidInstanceType {
                instance_type: instance_type.clone(),
            }
        })?;
        if instance_type.starts_with("m1.") && !region.offers_m1 {
            return Err(Ec2Error::Unsupported {
                message: format!(
                    "The requested configuration is currently not supported. Please check the documentation for supported configurations. ({instance_type} is a previous-generation type that {} does not offer.)",
                    region.code
                ),
            });
        }
        if info.architecture != ami.architecture {
            return Err(Ec2Error::invalid_value(format!(
                "The architecture '{}' of the specified instance type does not match the architecture '{}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.",
                info.architecture.as_str(),
                ami.architecture.as_str()
            )));
        }
        if let Some(key) = input.key_name.as_deref().filter(|k| !k.is_empty())
            && self.key_pair(key).is_none()
        {
            return Err(Ec2Error::KeyPairNotFound { key: key.into() });
        }
        if let Some(b) = input.instance_initiated_shutdown_behavior.as_deref()
            && b != "stop"
            && b != "terminate"
        {
            return Err(Ec2Error::invalid_value(format!(
                "Value ({b}) for parameter instanceInitiatedShutdownBehavior is invalid. Valid values are 'stop' and 'terminate'."
            )));
        }
        if let Some(t) = input
            .metadata_options
            .as_ref()
            .and_then(|m| m.http_tokens.as_deref())
            && t != "required"
            && t != "optional"
        {
            return Err(Ec2Error::invalid_value(format!(
                "Value ({t}) for parameter httpTokens is invalid. Valid values are 'required' and 'optional'."
            )));
        }
        // Subnet: given, or the default subnet of the requested / a chosen zone.
        let subnet_id = match input.subnet_id.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => {
                let subnet = self.subnet(s).ok_or_else(|| Ec2Error::SubnetNotFound {
                    subnet_id: s.to_string(),
                })?;
                if let Some(az) = input
                    .placement
                    .as_ref()
                    .and_then(|p| p.availability_zone.as_deref())
                    && az != subnet.availability_zone
                {
                    return Err(Ec2Error::invalid_value(format!(
                        "The specified subnet {s} does not exist in the Availability Zone {az}."
                    )));
                }
                s.to_string()
            }
            None => {
                let default_vpc = self
                    .default_vpc()
                    .ok_or_else(|| Ec2Error::MissingParameter {
                        message: "No subnets found for the default VPC. Please specify a subnet."
                            .into(),
                    })?;
                let az = input
                    .placement
                    .as_ref()
                    .and_then(|p| p.availability_zone.clone());
                if let Some(az) = &az
                    && region.zone(az).is_none()
                {
                    return Err(Ec2Error::invalid_value(format!(
                        "Invalid availability zone: [{az}]"
                    )));
                }
                let candidates: Vec<&super::Subnet> = self
                    .ec2
                    .subnets
                    .iter()
                    .filter(|s| s.vpc_id == default_vpc.vpc_id && s.default_for_az)
                    .filter(|s| az.as_deref().is_none_or(|z| s.availability_zone == z))
                    .collect();
                // The zone is chosen when the instances are created (see run_instances).
                candidates
                    .first()
                    .map(|s| s.subnet_id.clone())
                    .ok_or_else(|| Ec2Error::MissingParameter {
                        message: "No default subnet for the requested Availability Zone.".into(),
                    })?
            }
        };
        let vpc_id = self
            .subnet(&subnet_id)
            .map(|s| s.vpc_id.clone())
            .unwrap_or_default();
        let mut group_ids = Vec::new();
        if !input.security_groups.is_empty()
            && input.subnet_id.as_deref().is_some_and(|s| !s.is_empty())
        {
            return Err(Ec2Error::InvalidParameterCombination {
                message: "The parameter groupName cannot be used with the parameter subnet".into(),
            });
        }
        for id in &input.security_group_ids {
            let g = self.resolve_group(Some(id), None)?;
            if self.security_group(&g).is_some_and(|x| x.vpc_id != vpc_id) {
                return Err(Ec2Error::InvalidParameter {
                    message: format!(
                        "Security group {g} and subnet {subnet_id} belong to different networks."
                    ),
                });
            }
            if !group_ids.contains(&g) {
                group_ids.push(g);
            }
        }
        for name in &input.security_groups {
            let g = self.resolve_group(None, Some(name))?;
            if !group_ids.contains(&g) {
                group_ids.push(g);
            }
        }
        if group_ids.is_empty() {
            let default = self
                .security_group_by_name(&vpc_id, "default")
                .map(|g| g.group_id.clone());
            group_ids.extend(default);
        }
        if group_ids.len() > MAX_GROUPS_PER_INTERFACE {
            return Err(Ec2Error::SecurityGroupsPerInterfaceLimitExceeded);
        }
        Ok((ami, instance_type, subnet_id, group_ids))
    }

    /// Checks block device mappings; returns (root size, root type, root iops,
    /// root throughput, root delete-on-termination, extra volumes).
    fn plan_volumes(ami: &Ami, mappings: &[BlockDeviceMapping]) -> Result<VolumePlan, Ec2Error> {
        let mut plan = VolumePlan {
            root: VolumeSpec {
                device: ami.root_device_name.to_string(),
                size_gib: ami.root_volume_size_gib,
                volume_type: ami.root_volume_type.to_string(),
                iops: super::ebs::check_volume(
                    ami.root_volume_type,
                    ami.root_volume_size_gib,
                    None,
                    None,
                )
                .ok()
                .and_then(|p| p.iops),
                throughput: super::ebs::check_volume(
                    ami.root_volume_type,
                    ami.root_volume_size_gib,
                    None,
                    None,
                )
                .ok()
                .and_then(|p| p.throughput),
                delete_on_termination: true,
                snapshot_id: Some(ami.snapshot_id.clone()),
                encrypted: false,
            },
            extra: Vec::new(),
        };
        for m in mappings {
            let Some(ebs) = &m.ebs else { continue };
            let is_root = m.device_name == ami.root_device_name;
            let volume_type = ebs.volume_type.clone().unwrap_or_else(|| {
                if is_root {
                    ami.root_volume_type.to_string()
                } else {
                    "gp2".to_string()
                }
            });
            let type_limits = super::ebs::limits(&volume_type)?;
            if is_root && !type_limits.bootable {
                return Err(Ec2Error::invalid_value(format!(
                    "The volume type {volume_type} cannot be used for a boot volume."
                )));
            }
            let size = match (ebs.volume_size, is_root) {
                (Some(s), _) => s,
                (None, true) => ami.root_volume_size_gib,
                (None, false) => {
                    return Err(Ec2Error::MissingParameter {
                        message: "The request must contain the parameter size or snapshotId".into(),
                    });
                }
            };
            if is_root && size < ami.root_volume_size_gib {
                return Err(Ec2Error::InvalidBlockDeviceMapping {
                    message: format!(
                        "Volume of size {size}GB is smaller than snapshot '{}', expect size >= {}GB",
                        ami.snapshot_id, ami.root_volume_size_gib
                    ),
                });
            }
            let performance =
                super::ebs::check_volume(&volume_type, size, ebs.iops, ebs.throughput)?;
            let spec = VolumeSpec {
                device: m.device_name.clone(),
                size_gib: size,
                volume_type,
                iops: performance.iops,
                throughput: performance.throughput,
                delete_on_termination: ebs.delete_on_termination.unwrap_or(true),
                snapshot_id: if is_root {
                    Some(ami.snapshot_id.clone())
                } else {
                    ebs.snapshot_id.clone()
                },
                encrypted: ebs.encrypted.unwrap_or(false),
            };
            if is_root {
                plan.root = spec;
            } else {
                plan.extra.push(spec);
            }
        }
        Ok(plan)
    }

    fn create_volume_record(
        &mut self,
        spec: &VolumeSpec,
        az: &str,
        instance_id: &str,
        tags: &TagMap,
    ) -> String {
        let volume_id = self.new_id("vol");
        let (iops, throughput) = (spec.iops, spec.throughput);
        let filesystem = spec.snapshot_id.as_deref().and_then(|id| {
            self.ec2
                .snapshots
                .iter()
                .find(|s| s.snapshot_id == id)
                .and_then(|s| s.filesystem.clone())
        });
        self.ec2.volumes.push(Volume {
            volume_id: volume_id.clone(),
            size_gib: spec.size_gib,
            volume_type: spec.volume_type.clone(),
            iops,
            throughput,
            snapshot_id: spec.snapshot_id.clone(),
            availability_zone: az.to_string(),
            create_time: self.now,
            state: "in-use".into(),
            encrypted: spec.encrypted,
            attachment: Some(VolumeAttachment {
                instance_id: instance_id.to_string(),
                device: spec.device.clone(),
                attach_time: self.now,
                delete_on_termination: spec.delete_on_termination,
                state: "attached".into(),
            }),
            tags: tags.clone(),
            next_transition: None,
            filesystem,
            modification: None,
        });
        volume_id
    }

    /// `ec2 run-instances`: launches between MinCount and MaxCount instances
    /// (as many as the vCPU quota allows), in `pending`.
    pub fn run_instances(&mut self, input: RunInstancesInput) -> Result<Reservation, Ec2Error> {
        self.ec2_call_dry("RunInstances", input.dry_run, |c| {
            let mut input = input;
            c.apply_launch_template(&mut input)?;
            let input = input.normalized()?;
            let (ami, instance_type, mut subnet_id, group_ids) = c.validate_run(&input)?;
            c.authorize_run(
                &ami.image_id,
                &instance_type,
                &subnet_id,
                &group_ids,
                input.key_name.as_deref(),
            )?;
            let mut plan = Cloud::plan_volumes(&ami, &input.block_device_mappings)?;
            let own_image = c
                .launchable_ami(&input.image_id)
                .and_then(|(_, image)| image.cloned());
            if let Some(image) = &own_image {
                // The image's other volumes come back from their snapshots, unless
                // the request maps that device itself.
                for b in image.block_devices.iter().skip(1) {
                    if plan.extra.iter().any(|e| e.device == b.device_name) {
                        continue;
                    }
                    plan.extra.push(VolumeSpec {
                        device: b.device_name.clone(),
                        size_gib: b.volume_size,
                        volume_type: b.volume_type.clone(),
                        iops: b.iops,
                        throughput: b.throughput,
                        delete_on_termination: b.delete_on_termination,
                        snapshot_id: Some(b.snapshot_id.clone()),
                        encrypted: b.encrypted,
                    });
                }
                if let Some(root) = image.block_devices.first()
                    && !input
                        .block_device_mappings
                        .iter()
                        .any(|m| m.device_name == root.device_name && m.ebs.is_some())
                {
                    plan.root.volume_type = root.volume_type.clone();
                    plan.root.iops = root.iops;
                    plan.root.throughput = root.throughput;
                    plan.root.encrypted = root.encrypted;
                    plan.root.delete_on_termination = root.delete_on_termination;
                }
            }
            if input.hibernation_options.is_some_and(|h| h.configured) {
                check_hibernation_prerequisites(&instance_type, &ami, &plan.root)?;
            }
            let mut instance_tags = TagMap::new();
            let mut volume_tags = TagMap::new();
            for spec in &input.tag_specifications {
                let target = match spec.resource_type.as_str() {
                    "instance" => &mut instance_tags,
                    "volume" => &mut volume_tags,
                    "network-interface" => continue,
                    other => {
                        return Err(Ec2Error::invalid_value(format!(
                            "'{other}' is not a valid taggable resource type for this operation."
                        )));
                    }
                };
                let parsed =
                    tags::from_specifications(std::slice::from_ref(spec), &spec.resource_type)?;
                target.extend(parsed);
            }
            let info = catalog::instance_type(&instance_type).ok_or_else(|| {
                Ec2Error::InvalidInstanceType {
                    instance_type: instance_type.clone(),
                }
            })?;
            let min = input.min_count.unwrap_or(1);
            let max = input.max_count.unwrap_or(min.max(1));
            let limit = info.vcpu_bucket.default_limit();
            let in_use = c.vcpus_in_use(info.vcpu_bucket);
            let room = limit.saturating_sub(in_use) / info.vcpus.max(1);
            if room < min {
                return Err(Ec2Error::VcpuLimitExceeded { limit });
            }
            let count = max.min(room);
            // Without a subnet or zone, AWS picks the zone; the generator does here.
            let explicit_zone = input
                .placement
                .as_ref()
                .and_then(|p| p.availability_zone.as_ref())
                .is_some();
            if input.subnet_id.as_deref().is_none_or(str::is_empty) && !explicit_zone {
                let vpc_id = c
                    .subnet(&subnet_id)
                    .map(|s| s.vpc_id.clone())
                    .unwrap_or_default();
                let defaults: Vec<String> = c
                    .ec2
                    .subnets
                    .iter()
                    .filter(|s| s.vpc_id == vpc_id && s.default_for_az)
                    .map(|s| s.subnet_id.clone())
                    .collect();
                let pick = c.rng.below(defaults.len() as u64) as usize;
                if let Some(s) = defaults.get(pick) {
                    subnet_id = s.clone();
                }
            }
            let Some(subnet) = c.subnet(&subnet_id).cloned() else {
                return Err(Ec2Error::SubnetNotFound { subnet_id });
            };
            let profile = input
                .iam_instance_profile
                .as_ref()
                .map(|spec| c.resolve_instance_profile(spec))
                .transpose()?;
            let reservation_id = c.new_id("r");
            let client_token = input.client_token.clone().unwrap_or_else(|| {
                format!(
                    "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                    c.rng.next_u64() as u32,
                    c.rng.below(0x1_0000),
                    c.rng.below(0x1000),
                    c.rng.below(0x1000),
                    c.rng.next_u64() & 0xffff_ffff_ffff
                )
            });
            let authorized_key = input
                .key_name
                .as_deref()
                .and_then(|k| c.key_pair(k))
                .map(|k| k.public_key.clone());
            let assigns_public_ip = input
                .associate_public_ip_address
                .unwrap_or(subnet.map_public_ip_on_launch);
            let mut ids = Vec::new();
            for index in 0..count {
                let instance_id = c.new_id("i");
                let profile_association = profile.as_ref().map(|p| c.new_profile_association(p));
                let private_ip = c.random_private_ip(&subnet.cidr_block);
                let network_interface_id = c.new_id("eni");
                let attachment_id = c.new_id("eni-attach");
                let mac_address = c.random_mac();
                let auto_public_ip = if assigns_public_ip {
                    Some(c.allocate_public_ipv4())
                } else {
                    None
                };
                let pending_until = c.pending_until();
                c.create_volume_record(
                    &plan.root,
                    &subnet.availability_zone,
                    &instance_id,
                    &volume_tags,
                );
                for extra in &plan.extra {
                    c.create_volume_record(
                        extra,
                        &subnet.availability_zone,
                        &instance_id,
                        &volume_tags,
                    );
                }
                let host = format!("ip-{}", private_ip.to_string().replace('.', "-"));
                let mut guest = match &own_image {
                    Some(image) => {
                        let mut guest = image.guest.clone();
                        guest.hostname = host.clone();
                        guest
                    }
                    None => Guest::new(ami.os, &host),
                };
                let host_key = super::guest::HostKey::derive(&instance_id);
                guest.provision_ssh(
                    authorized_key.as_deref(),
                    &host_key.public_key_line(&format!("root@{host}")),
                );
                c.ec2.instances.push(Instance {
                    instance_id: instance_id.clone(),
                    reservation_id: reservation_id.clone(),
                    ami_launch_index: index,
                    image_id: ami.image_id.clone(),
                    os: ami.os,
                    architecture: ami.architecture,
                    instance_type: instance_type.clone(),
                    key_name: input.key_name.clone().filter(|k| !k.is_empty()),
                    authorized_key: authorized_key.clone(),
                    state: InstanceStateName::Pending,
                    state_since: c.now,
                    next_transition: Some(pending_until),
                    state_transition_reason: String::new(),
                    state_reason: Some(StateReason::new("pending", "pending")),
                    launch_time: c.now,
                    subnet_id: subnet.subnet_id.clone(),
                    vpc_id: subnet.vpc_id.clone(),
                    availability_zone: subnet.availability_zone.clone(),
                    private_ip,
                    auto_public_ip,
                    assigns_public_ip,
                    network_interface_id,
                    network_interface_attachment_id: attachment_id,
                    mac_address,
                    security_group_ids: group_ids.clone(),
                    disable_api_termination: input.disable_api_termination.unwrap_or(false),
                    disable_api_stop: input.disable_api_stop.unwrap_or(false),
                    shutdown_behavior: input
                        .instance_initiated_shutdown_behavior
                        .clone()
                        .unwrap_or_else(|| "stop".into()),
                    user_data: input.user_data.clone().filter(|u| !u.is_empty()),
                    http_tokens_required: match input
                        .metadata_options
                        .as_ref()
                        .and_then(|m| m.http_tokens.as_deref())
                    {
                        Some("required") => true,
                        Some(_) => false,
                        None => ami.imds_v2_required,
                    },
                    monitoring: input.monitoring.as_ref().is_some_and(|m| m.enabled),
                    root_device_name: ami.root_device_name.to_string(),
                    client_token: client_token.clone(),
                    tags: instance_tags.clone(),
                    guest,
                    start_count: 0,
                    state_history: vec![StateChange {
                        at: c.now,
                        state: InstanceStateName::Pending,
                        hibernated: false,
                    }],
                    hibernation_configured: input.hibernation_options.is_some_and(|h| h.configured),
                    hibernated: false,
                    billed_since: None,
                    base_image_id: own_image.as_ref().map(|image| image.base_image_id.clone()),
                    load: Vec::new(),
                    iam_instance_profile: profile_association,
                });
                ids.push(instance_id);
            }
            let instances = ids
                .iter()
                .filter_map(|id| c.instance(id))
                .map(|i| {
                    // RunInstances answers before the public address is attached.
                    let mut d = c.instance_description(i);
                    d.public_ip_address = None;
                    d.public_dns_name = String::new();
                    for ni in &mut d.network_interfaces {
                        ni.association = None;
                        for p in &mut ni.private_ip_addresses {
                            p.association = None;
                        }
                    }
                    d
                })
                .collect();
            Ok(Reservation {
                reservation_id,
                owner_id: c.config.account_id.clone(),
                groups: Vec::new(),
                instances,
            })
        })
    }

    fn instance_filter_values(&self, i: &Instance, name: &str) -> Vec<String> {
        let groups = || i.security_group_ids.clone();
        let group_names = || {
            i.security_group_ids
                .iter()
                .filter_map(|g| self.security_group(g).map(|x| x.group_name.clone()))
                .collect::<Vec<_>>()
        };
        let public_ip = self.public_ip_of(&i.instance_id);
        match name {
            "instance-state-name" => vec![i.state.as_str().into()],
            "instance-state-code" => vec![i.state.code().to_string()],
            "instance-id" => vec![i.instance_id.clone()],
            "instance-type" => vec![i.instance_type.clone()],
            "image-id" => vec![i.image_id.clone()],
            "key-name" => i.key_name.clone().into_iter().collect(),
            "vpc-id" => vec![i.vpc_id.clone()],
            "subnet-id" => vec![i.subnet_id.clone()],
            "availability-zone" => vec![i.availability_zone.clone()],
            "instance.group-id" | "group-id" => groups(),
            "instance.group-name" | "group-name" => group_names(),
            "ip-address" | "network-interface.addresses.association.public-ip" => {
                public_ip.map(|p| p.to_string()).into_iter().collect()
            }
            "private-ip-address" => vec![i.private_ip.to_string()],
            "dns-name" => public_ip
                .map(|p| self.public_dns_name_for(p))
                .into_iter()
                .collect(),
            "private-dns-name" => vec![self.private_dns_of(i)],
            "reservation-id" => vec![i.reservation_id.clone()],
            "architecture" => vec![i.architecture.as_str().into()],
            "platform" => {
                if i.os.is_windows() {
                    vec!["windows".into()]
                } else {
                    Vec::new()
                }
            }
            "platform-details" => self
                .base_ami_of(i)
                .map(|a| a.platform_details.to_string())
                .into_iter()
                .collect(),
            "root-device-type" => vec!["ebs".into()],
            "root-device-name" => vec![i.root_device_name.clone()],
            "launch-time" => vec![i.launch_time.to_iso8601_millis()],
            other => filters::tag_candidates(other, &i.tags).unwrap_or_default(),
        }
    }

    /// `ec2 describe-instances`, grouped into reservations.
    pub fn describe_instances(
        &mut self,
        input: DescribeInstancesInput,
    ) -> Result<DescribeInstancesOutput, Ec2Error> {
        self.ec2_call_dry("DescribeInstances", input.dry_run, |c| {
            filters::check_names(&input.filters, INSTANCE_FILTERS)?;
            c.check_instance_ids(&input.instance_ids)?;
            let mut reservations: Vec<Reservation> = Vec::new();
            for i in &c.ec2.instances {
                if !input.instance_ids.is_empty() && !input.instance_ids.contains(&i.instance_id) {
                    continue;
                }
                if !filters::passes(&input.filters, |n| c.instance_filter_values(i, n)) {
                    continue;
                }
                let d = c.instance_description(i);
                match reservations
                    .iter_mut()
                    .find(|r| r.reservation_id == i.reservation_id)
                {
                    Some(r) => r.instances.push(d),
                    None => reservations.push(Reservation {
                        reservation_id: i.reservation_id.clone(),
                        owner_id: c.config.account_id.clone(),
                        groups: Vec::new(),
                        instances: vec![d],
                    }),
                }
            }
            Ok(DescribeInstancesOutput { reservations })
        })
    }

    fn set_state(&mut self, instance_id: &str, state: InstanceStateName, next: Option<SimTime>) {
        let now = self.now;
        let Some(i) = self.instance_mut(instance_id) else {
            return;
        };
        let was_billed = i.is_billed();
        if i.state != state {
            let hibernated = i.hibernated
                && matches!(
                    state,
                    InstanceStateName::Stopping | InstanceStateName::Stopped
                );
            i.state_history.push(StateChange {
                at: now,
                state,
                hibernated,
            });
        }
        i.state = state;
        i.state_since = now;
        i.next_transition = next;
        let billed = i.is_billed();
        if billed && !was_billed {
            i.billed_since = Some(now);
        }
        if was_billed && !billed {
            let since = i.billed_since.take();
            self.bill_first_minute(instance_id, since);
        }
    }

    /// Bills the rest of the first minute when an instance stops being billed less
    /// than a minute after it started (per-second billing has a 60-second minimum
    /// each time an instance starts).
    fn bill_first_minute(&mut self, instance_id: &str, since: Option<SimTime>) {
        let (Some(since), Some(instance)) = (since, self.instance(instance_id)) else {
            return;
        };
        let billed_ms = self.now.since(since).as_millis();
        if billed_ms >= MINIMUM_BILLED.as_millis() {
            return;
        }
        let missing_ms = MINIMUM_BILLED.as_millis() - billed_ms;
        let (usd_per_hour, _) = self.instance_price(instance);
        let pico_per_hour = (usd_per_hour * crate::billing::PICO_PER_USD as f64)
            .round()
            .max(0.0) as u128;
        let pico = u64::try_from(pico_per_hour * missing_ms / 3_600_000).unwrap_or(u64::MAX);
        self.add_charge(crate::billing::cost::CostKind::Instance, pico);
    }

    /// `ec2 stop-instances`.
    pub fn stop_instances(
        &mut self,
        input: InstanceIdsInput,
    ) -> Result<StopInstancesOutput, Ec2Error> {
        self.ec2_call_dry("StopInstances", input.dry_run, |c| {
            c.check_instance_ids(&input.instance_ids)?;
            c.authorize_instances("ec2:StopInstances", &input.instance_ids)?;
            for id in &input.instance_ids {
                let Some(i) = c.instance(id) else { continue };
                if i.disable_api_stop {
                    return Err(Ec2Error::OperationNotPermitted {
                        message: format!(
                            "The instance '{id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again."
                        ),
                    });
                }
                let never_ran = i.state == InstanceStateName::Pending
                    && !i.state_history.iter().any(|c| c.state == InstanceStateName::Running);
                if never_ran {
                    return Err(Ec2Error::IncorrectInstanceState {
                        message: format!(
                            "Instance '{id}' cannot be stopped as it has never reached the 'running' state."
                        ),
                    });
                }
                if matches!(
                    i.state,
                    InstanceStateName::Pending | InstanceStateName::ShuttingDown | InstanceStateName::Terminated
                ) {
                    return Err(Ec2Error::IncorrectInstanceState {
                        message: format!(
                            "The instance '{id}' is not in a state from which it can be stopped."
                        ),
                    });
                }
            }
            if input.hibernate {
                for id in &input.instance_ids {
                    if c.instance(id).is_some_and(|i| !i.hibernation_configured) {
                        return Err(Ec2Error::UnsupportedHibernationConfiguration {
                            message: format!(
                                "The instance can't be hibernated because it was not configured at launch for hibernation: {id}"
                            ),
                        });
                    }
                }
            }
            let mut changes = Vec::new();
            for id in &input.instance_ids {
                let Some(previous) = c.instance(id).map(|i| i.state) else { continue };
                if previous == InstanceStateName::Running {
                    let reason = user_reason(c.now);
                    if input.hibernate {
                        if let Some(i) = c.instance_mut(id) {
                            i.hibernated = true;
                            i.guest.hibernate();
                        }
                        let until = c.now.plus(HIBERNATING_DURATION);
                        c.set_state(id, InstanceStateName::Stopping, Some(until));
                        if let Some(i) = c.instance_mut(id) {
                            i.state_transition_reason = reason;
                            i.state_reason = Some(StateReason::new(
                                "Client.UserInitiatedHibernate",
                                "Client.UserInitiatedHibernate: User initiated hibernate",
                            ));
                        }
                    } else {
                        let until = c.now.plus(STOPPING_DURATION);
                        c.set_state(id, InstanceStateName::Stopping, Some(until));
                        if let Some(i) = c.instance_mut(id) {
                            i.state_transition_reason = reason;
                            i.state_reason = Some(user_shutdown());
                        }
                        c.guest_shut_down(id);
                    }
                }
                let current = c.instance(id).map(|i| i.state).unwrap_or(previous);
                changes.push(InstanceStateChange {
                    instance_id: id.clone(),
                    current_state: current.into(),
                    previous_state: previous.into(),
                });
            }
            Ok(StopInstancesOutput {
                stopping_instances: changes,
            })
        })
    }

    /// `ec2 start-instances`.
    pub fn start_instances(
        &mut self,
        input: InstanceIdsInput,
    ) -> Result<StartInstancesOutput, Ec2Error> {
        self.ec2_call_dry("StartInstances", input.dry_run, |c| {
            c.check_instance_ids(&input.instance_ids)?;
            c.authorize_instances("ec2:StartInstances", &input.instance_ids)?;
            let mut needed: BTreeMap<String, u32> = BTreeMap::new();
            for id in &input.instance_ids {
                let Some(i) = c.instance(id) else { continue };
                if matches!(
                    i.state,
                    InstanceStateName::Stopping
                        | InstanceStateName::ShuttingDown
                        | InstanceStateName::Terminated
                ) {
                    return Err(Ec2Error::IncorrectInstanceState {
                        message: format!(
                            "The instance '{id}' is not in a state from which it can be started."
                        ),
                    });
                }
                if i.state == InstanceStateName::Stopped
                    && let Some(t) = catalog::instance_type(&i.instance_type)
                {
                    *needed.entry(format!("{:?}", t.vcpu_bucket)).or_default() += t.vcpus;
                    let limit = t.vcpu_bucket.default_limit();
                    let total = c.vcpus_in_use(t.vcpu_bucket)
                        + needed
                            .get(&format!("{:?}", t.vcpu_bucket))
                            .copied()
                            .unwrap_or(0);
                    if total > limit {
                        return Err(Ec2Error::VcpuLimitExceeded { limit });
                    }
                }
            }
            let mut changes = Vec::new();
            for id in &input.instance_ids {
                let Some(previous) = c.instance(id).map(|i| i.state) else {
                    continue;
                };
                if previous == InstanceStateName::Stopped {
                    let until = c.pending_until();
                    c.set_state(id, InstanceStateName::Pending, Some(until));
                    let has_eip = c
                        .ec2
                        .addresses
                        .iter()
                        .any(|a| a.instance_id.as_deref() == Some(id));
                    let needs_ip = c
                        .instance(id)
                        .is_some_and(|i| i.assigns_public_ip && i.auto_public_ip.is_none())
                        && !has_eip;
                    let ip = if needs_ip {
                        Some(c.allocate_public_ipv4())
                    } else {
                        None
                    };
                    let now = c.now;
                    if let Some(i) = c.instance_mut(id) {
                        i.start_count += 1;
                        i.launch_time = now;
                        i.state_transition_reason = String::new();
                        i.state_reason = Some(StateReason::new("pending", "pending"));
                        if ip.is_some() {
                            i.auto_public_ip = ip;
                        }
                    }
                }
                let current = c.instance(id).map(|i| i.state).unwrap_or(previous);
                changes.push(InstanceStateChange {
                    instance_id: id.clone(),
                    current_state: current.into(),
                    previous_state: previous.into(),
                });
            }
            Ok(StartInstancesOutput {
                starting_instances: changes,
            })
        })
    }

    /// `ec2 reboot-instances`: the instance stays `running`; its OS restarts
    /// (services that are not enabled stay stopped afterwards).
    pub fn reboot_instances(&mut self, input: InstanceIdsInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("RebootInstances", input.dry_run, |c| {
            c.check_instance_ids(&input.instance_ids)?;
            c.authorize_instances("ec2:RebootInstances", &input.instance_ids)?;
            for id in &input.instance_ids {
                if let Some(i) = c.instance(id)
                    && !matches!(
                        i.state,
                        InstanceStateName::Running | InstanceStateName::Pending
                    )
                {
                    return Err(Ec2Error::IncorrectInstanceState {
                        message: format!(
                            "The instance '{id}' is not in a state from which it can be rebooted."
                        ),
                    });
                }
            }
            for id in &input.instance_ids {
                if c.instance(id)
                    .is_some_and(|i| i.state == InstanceStateName::Running)
                {
                    c.guest_reboot(id);
                }
            }
            Ok(())
        })
    }

    /// `ec2 monitor-instances`: detailed (1-minute) monitoring.
    pub fn monitor_instances(
        &mut self,
        input: MonitorInstancesInput,
    ) -> Result<MonitorInstancesOutput, Ec2Error> {
        self.set_detailed_monitoring(input, true)
    }

    /// `ec2 unmonitor-instances`: back to basic (5-minute) monitoring.
    pub fn unmonitor_instances(
        &mut self,
        input: MonitorInstancesInput,
    ) -> Result<MonitorInstancesOutput, Ec2Error> {
        self.set_detailed_monitoring(input, false)
    }

    /// Turns detailed monitoring on (`enable`) or off.
    fn set_detailed_monitoring(
        &mut self,
        input: MonitorInstancesInput,
        enable: bool,
    ) -> Result<MonitorInstancesOutput, Ec2Error> {
        let operation = if enable {
            "MonitorInstances"
        } else {
            "UnmonitorInstances"
        };
        self.ec2_call_dry(operation, input.dry_run, |c| {
            c.check_instance_ids(&input.instance_ids)?;
            c.authorize_instances(&format!("ec2:{operation}"), &input.instance_ids)?;
            let mut instance_monitorings = Vec::new();
            for id in &input.instance_ids {
                if let Some(i) = c.ec2.instances.iter_mut().find(|i| &i.instance_id == id) {
                    i.monitoring = enable;
                }
                instance_monitorings.push(InstanceMonitoring {
                    instance_id: id.clone(),
                    monitoring: Monitoring {
                        state: if enable { "pending" } else { "disabling" }.into(),
                    },
                });
            }
            Ok(MonitorInstancesOutput {
                instance_monitorings,
            })
        })
    }

    /// `ec2 terminate-instances`.
    pub fn terminate_instances(
        &mut self,
        input: InstanceIdsInput,
    ) -> Result<TerminateInstancesOutput, Ec2Error> {
        self.ec2_call_dry("TerminateInstances", input.dry_run, |c| {
            c.check_instance_ids(&input.instance_ids)?;
            c.authorize_instances("ec2:TerminateInstances", &input.instance_ids)?;
            // A protected instance blocks the request, and with it every instance
            // asked for in its Availability Zone; those in other zones still go.
            let mut refusal = None;
            let mut blocked_zones = Vec::new();
            for id in &input.instance_ids {
                let Some(i) = c.instance(id) else { continue };
                if i.state == InstanceStateName::Terminated {
                    continue;
                }
                let attribute = if i.disable_api_termination {
                    "disableApiTermination"
                } else if i.disable_api_stop {
                    "disableApiStop"
                } else {
                    continue;
                };
                blocked_zones.push(i.availability_zone.clone());
                refusal.get_or_insert_with(|| Ec2Error::OperationNotPermitted {
                    message: format!(
                        "The instance '{id}' may not be terminated. Modify its '{attribute}' instance attribute and try again."
                    ),
                });
            }
            let mut changes = Vec::new();
            for id in &input.instance_ids {
                let Some(i) = c.instance(id) else { continue };
                let previous = i.state;
                if blocked_zones.contains(&i.availability_zone) {
                    continue;
                }
                if !matches!(previous, InstanceStateName::Terminated | InstanceStateName::ShuttingDown) {
                    c.begin_termination(id, user_shutdown());
                }
                let current = c.instance(id).map(|i| i.state).unwrap_or(previous);
                changes.push(InstanceStateChange {
                    instance_id: id.clone(),
                    current_state: current.into(),
                    previous_state: previous.into(),
                });
            }
            if let Some(refusal) = refusal {
                return Err(refusal);
            }
            Ok(TerminateInstancesOutput {
                terminating_instances: changes,
            })
        })
    }

    /// Terminates an instance for a service (Auto Scaling), logged as
    /// `TerminateInstances`. Termination and stop protection do not refuse it:
    /// AWS lets Auto Scaling terminate protected instances.
    pub(crate) fn terminate_for_service(&mut self, id: &str) -> Result<(), Ec2Error> {
        let ids = vec![id.to_string()];
        self.ec2_call_dry("TerminateInstances", false, |c| {
            c.check_instance_ids(&ids)?;
            let state = c.instance(id).map(|i| i.state);
            if !matches!(
                state,
                Some(InstanceStateName::Terminated | InstanceStateName::ShuttingDown)
            ) {
                c.begin_termination(id, user_shutdown());
            }
            Ok(())
        })
    }

    fn begin_termination(&mut self, id: &str, reason: StateReason) {
        let until = self.now.plus(SHUTTING_DOWN_DURATION);
        self.set_state(id, InstanceStateName::ShuttingDown, Some(until));
        let text = user_reason(self.now);
        if let Some(i) = self.instance_mut(id) {
            i.state_transition_reason = text;
            i.state_reason = Some(reason);
        }
        self.guest_shut_down(id);
    }

    /// The OS goes down: mounted volumes are written back and unmounted, every
    /// service stops.
    pub(crate) fn guest_shut_down(&mut self, id: &str) {
        self.guest_unmount_all(id);
        if let Some(i) = self.instance_mut(id) {
            i.guest.shut_down();
        }
    }

    /// The OS restarts: shut down, boot (enabled services start), `/etc/fstab`
    /// mounted.
    pub(crate) fn guest_reboot(&mut self, id: &str) {
        self.guest_shut_down(id);
        if let Some(i) = self.instance_mut(id) {
            i.guest.boot(None);
        }
        self.mount_fstab(id);
    }

    /// The OS on the instance was shut down (`sudo shutdown now`): the instance
    /// stops, or terminates if its shutdown behaviour says so. Not an API call.
    pub fn guest_power_off(&mut self, instance_id: &str) -> bool {
        let Some(i) = self.instance(instance_id) else {
            return false;
        };
        if i.state != InstanceStateName::Running {
            return false;
        }
        let reason = StateReason::new(
            "Client.InstanceInitiatedShutdown",
            "Client.InstanceInitiatedShutdown: Instance initiated shutdown",
        );
        if i.shutdown_behavior == "terminate" {
            self.begin_termination(instance_id, reason);
        } else {
            let until = self.now.plus(STOPPING_DURATION);
            self.set_state(instance_id, InstanceStateName::Stopping, Some(until));
            if let Some(i) = self.instance_mut(instance_id) {
                i.state_transition_reason = String::new();
                i.state_reason = Some(reason);
            }
            self.guest_shut_down(instance_id);
        }
        true
    }

    /// `ec2 modify-instance-attribute`.
    pub fn modify_instance_attribute(
        &mut self,
        input: ModifyInstanceAttributeInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("ModifyInstanceAttribute", input.dry_run, |c| {
            c.check_instance_ids(std::slice::from_ref(&input.instance_id))?;
            c.authorize_instances("ec2:ModifyInstanceAttribute", std::slice::from_ref(&input.instance_id))?;
            let id = input.instance_id.clone();
            let state = c.instance(&id).map(|i| i.state).unwrap_or(InstanceStateName::Terminated);
            let not_stopped = || Ec2Error::IncorrectInstanceState {
                message: format!("The instance '{id}' is not in the 'stopped' state."),
            };
            if let Some(t) = &input.instance_type {
                if state != InstanceStateName::Stopped {
                    return Err(not_stopped());
                }
                let info = catalog::instance_type(&t.value).ok_or_else(|| Ec2Error::InvalidInstanceType {
                    instance_type: t.value.clone(),
                })?;
                let arch = c.instance(&id).map(|i| i.architecture);
                if arch.is_some_and(|a| a != info.architecture) {
                    return Err(Ec2Error::invalid_value(format!(
                        "The instance type '{}' is not supported for the instance's architecture '{}'.",
                        t.value,
                        arch.map(|a| a.as_str()).unwrap_or("x86_64")
                    )));
                }
            }
            if input.user_data.is_some() && state != InstanceStateName::Stopped {
                return Err(not_stopped());
            }
            if let Some(b) = &input.instance_initiated_shutdown_behavior
                && b.value != "stop" && b.value != "terminate" {
                    return Err(Ec2Error::invalid_value(format!(
                        "Value ({}) for parameter instanceInitiatedShutdownBehavior is invalid. Valid values are 'stop' and 'terminate'.",
                        b.value
                    )));
                }
            let mut groups = Vec::new();
            if !input.groups.is_empty() {
                let vpc = c.instance(&id).map(|i| i.vpc_id.clone()).unwrap_or_default();
                for g in &input.groups {
                    let g = c.resolve_group(Some(g), None)?;
                    if c.security_group(&g).is_some_and(|x| x.vpc_id != vpc) {
                        return Err(Ec2Error::InvalidParameter {
                            message: format!("Security group {g} and instance {id} belong to different networks."),
                        });
                    }
                    if !groups.contains(&g) {
                        groups.push(g);
                    }
                }
                if groups.len() > MAX_GROUPS_PER_INTERFACE {
                    return Err(Ec2Error::SecurityGroupsPerInterfaceLimitExceeded);
                }
            }
            let Some(i) = c.instance_mut(&id) else {
                return Err(Ec2Error::InstanceNotFound { instance_ids: vec![id] });
            };
            if let Some(v) = input.disable_api_termination {
                i.disable_api_termination = v.value;
            }
            if let Some(v) = input.disable_api_stop {
                i.disable_api_stop = v.value;
            }
            if let Some(t) = input.instance_type {
                i.instance_type = t.value;
            }
            if let Some(u) = input.user_data {
                i.user_data = Some(u.value).filter(|s| !s.is_empty());
            }
            if let Some(b) = input.instance_initiated_shutdown_behavior {
                i.shutdown_behavior = b.value;
            }
            if !groups.is_empty() {
                i.security_group_ids = groups;
            }
            Ok(())
        })
    }

    /// `ec2 describe-instance-attribute`.
    pub fn describe_instance_attribute(
        &mut self,
        input: DescribeInstanceAttributeInput,
    ) -> Result<DescribeInstanceAttributeOutput, Ec2Error> {
        self.ec2_call_dry("DescribeInstanceAttribute", input.dry_run, |c| {
            c.check_instance_ids(std::slice::from_ref(&input.instance_id))?;
            let Some(i) = c.instance(&input.instance_id) else {
                return Err(Ec2Error::InstanceNotFound {
                    instance_ids: vec![input.instance_id.clone()],
                });
            };
            let mut out = DescribeInstanceAttributeOutput {
                instance_id: i.instance_id.clone(),
                ..Default::default()
            };
            let b = |value| Some(AttributeBooleanValue { value });
            match input.attribute.as_str() {
                "instanceType" => {
                    out.instance_type = Some(AttributeValue {
                        value: i.instance_type.clone(),
                    })
                }
                "disableApiTermination" => {
                    out.disable_api_termination = b(i.disable_api_termination)
                }
                "disableApiStop" => out.disable_api_stop = b(i.disable_api_stop),
                "userData" => {
                    out.user_data = i.user_data.as_ref().map(|u| AttributeValue {
                        value: crate::digest::base64_encode(u.as_bytes()),
                    })
                }
                "groupSet" => out.groups = Some(c.instance_description(i).security_groups),
                "rootDeviceName" => {
                    out.root_device_name = Some(AttributeValue {
                        value: i.root_device_name.clone(),
                    })
                }
                "blockDeviceMapping" => {
                    out.block_device_mappings =
                        Some(c.instance_description(i).block_device_mappings)
                }
                "instanceInitiatedShutdownBehavior" => {
                    out.instance_initiated_shutdown_behavior = Some(AttributeValue {
                        value: i.shutdown_behavior.clone(),
                    })
                }
                "sourceDestCheck" => out.source_dest_check = b(true),
                "ebsOptimized" => out.ebs_optimized = b(false),
                other => {
                    return Err(Ec2Error::invalid_value(format!(
                        "Value ({other}) for parameter attribute is invalid. Unknown attribute."
                    )));
                }
            }
            Ok(out)
        })
    }

    /// When EC2's next scheduled transition is due, if any (its clock hook).
    pub(crate) fn ec2_next_transition_at(&self) -> Option<SimTime> {
        [
            self.ec2
                .instances
                .iter()
                .filter_map(|i| i.next_transition)
                .min(),
            self.volumes_next_transition_at(),
            self.snapshots_next_transition_at(),
            self.images_next_transition_at(),
            self.nat_gateways_next_transition_at(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Applies every EC2 transition due at or before now, earliest first (its clock
    /// hook).
    pub(crate) fn ec2_apply_due_transitions(&mut self) {
        self.apply_volume_transitions();
        self.apply_snapshot_transitions();
        self.apply_image_transitions();
        self.apply_nat_gateway_transitions();
        loop {
            let now = self.now;
            let due = self
                .ec2
                .instances
                .iter()
                .filter(|i| i.next_transition.is_some_and(|t| t <= now))
                .min_by_key(|i| i.next_transition)
                .map(|i| (i.instance_id.clone(), i.state));
            let Some((id, state)) = due else { break };
            match state {
                InstanceStateName::Pending => {
                    self.set_state(&id, InstanceStateName::Running, None);
                    if let Some(i) = self.instance_mut(&id) {
                        i.state_reason = None;
                        if i.hibernated {
                            // The memory comes back from the root volume: every
                            // process resumes where it was.
                            i.hibernated = false;
                            i.guest.resume();
                        } else {
                            let user_data = i.user_data.clone();
                            i.guest.boot(user_data.as_deref());
                        }
                    }
                    self.mount_fstab(&id);
                }
                InstanceStateName::Stopping => {
                    self.set_state(&id, InstanceStateName::Stopped, None);
                    if let Some(i) = self.instance_mut(&id) {
                        i.auto_public_ip = None;
                    }
                }
                InstanceStateName::ShuttingDown => {
                    let gone_at = now.plus(TERMINATED_VISIBLE_FOR);
                    self.set_state(&id, InstanceStateName::Terminated, Some(gone_at));
                    self.finish_termination(&id);
                }
                InstanceStateName::Terminated => {
                    self.ec2.instances.retain(|i| i.instance_id != id);
                }
                InstanceStateName::Running | InstanceStateName::Stopped => {
                    if let Some(i) = self.instance_mut(&id) {
                        i.next_transition = None;
                    }
                }
            }
        }
    }

    /// A terminated instance loses its public address, its Elastic IP
    /// association and its delete-on-termination volumes.
    fn finish_termination(&mut self, id: &str) {
        if let Some(i) = self.instance_mut(id) {
            i.auto_public_ip = None;
        }
        for a in &mut self.ec2.addresses {
            if a.instance_id.as_deref() == Some(id) {
                a.instance_id = None;
                a.association_id = None;
                a.network_interface_id = None;
                a.private_ip_address = None;
            }
        }
        self.ec2.volumes.retain(|v| {
            !v.attachment
                .as_ref()
                .is_some_and(|a| a.instance_id == id && a.delete_on_termination)
        });
        for v in &mut self.ec2.volumes {
            if v.attachment.as_ref().is_some_and(|a| a.instance_id == id) {
                v.attachment = None;
                v.state = "available".into();
            }
        }
    }
}

/// Refuses `HibernationOptions.Configured` for an instance that could not
/// hibernate: a family or size that cannot, more memory than hibernation saves, or
/// an unencrypted root volume (the memory is written there). The AMI is not
/// checked: every AMI the lab offers supports it.
fn check_hibernation_prerequisites(
    instance_type: &str,
    ami: &Ami,
    root: &VolumeSpec,
) -> Result<(), Ec2Error> {
    let refuse = |why: String| {
        Err(Ec2Error::UnsupportedHibernationConfiguration {
            message: format!("The instance could not be launched with hibernation enabled: {why}"),
        })
    };
    let (family, size) = instance_type.split_once('.').unwrap_or((instance_type, ""));
    if !HIBERNATION_FAMILIES.contains(&family) || size.starts_with("metal") {
        return refuse(format!(
            "the instance type {instance_type} does not support hibernation."
        ));
    }
    let limit = if ami.os == OsFamily::WindowsServer2022 {
        HIBERNATION_MAX_MEMORY_MIB.1
    } else {
        HIBERNATION_MAX_MEMORY_MIB.0
    };
    if catalog::instance_type(instance_type)
        .and_then(|t| t.memory_mib)
        .is_some_and(|memory| memory > limit)
    {
        return refuse(format!(
            "{instance_type} has more memory than hibernation supports ({} GiB).",
            limit / 1024
        ));
    }
    if !root.encrypted {
        return refuse("the root volume must be encrypted.".into());
    }
    Ok(())
}

/// What to create for one launch.
struct VolumePlan {
    root: VolumeSpec,
    extra: Vec<VolumeSpec>,
}

struct VolumeSpec {
    device: String,
    size_gib: u32,
    volume_type: String,
    iops: Option<u32>,
    throughput: Option<u32>,
    delete_on_termination: bool,
    snapshot_id: Option<String>,
    encrypted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::cost::CostKind;
    use crate::catalog::PUBLIC_IPV4_PRICE_PER_HOUR;
    use crate::ec2::filters::Filter;
    use crate::ec2::key_pairs::CreateKeyPairInput;
    use crate::ec2::{Tag, TagSpecification};

    fn al2023(cloud: &Cloud) -> String {
        catalog::image_for(
            cloud.region().code,
            OsFamily::AmazonLinux2023,
            Architecture::X86_64,
        )
        .unwrap()
        .image_id
    }

    fn launch(cloud: &mut Cloud) -> String {
        let image_id = al2023(cloud);
        cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                ..Default::default()
            })
            .unwrap()
            .instances[0]
            .instance_id
            .clone()
    }

    fn ids(id: &str) -> InstanceIdsInput {
        InstanceIdsInput {
            instance_ids: vec![id.to_string()],
            ..Default::default()
        }
    }

    #[test]
    fn state_codes() {
        let codes: Vec<_> = InstanceStateName::ALL
            .iter()
            .map(|s| (s.as_str(), s.code()))
            .collect();
        assert_eq!(
            codes,
            [
                ("pending", 0),
                ("running", 16),
                ("shutting-down", 32),
                ("terminated", 48),
                ("stopping", 64),
                ("stopped", 80)
            ]
        );
        assert_eq!(
            serde_json::to_string(&InstanceStateName::ShuttingDown).unwrap(),
            "\"shutting-down\""
        );
    }

    #[test]
    fn lifecycle_follows_the_clock() {
        let mut cloud = Cloud::default();
        let id = launch(&mut cloud);
        let i = cloud.instance(&id).unwrap();
        assert_eq!(i.state, InstanceStateName::Pending);
        assert!(i.auto_public_ip.is_some());
        let wait = cloud.next_transition_in().unwrap();
        assert!((Duration::from_secs(10)..=Duration::from_secs(20)).contains(&wait));
        cloud.advance(Duration::from_secs(20));
        assert_eq!(
            cloud.instance(&id).unwrap().state,
            InstanceStateName::Running
        );
        assert!(cloud.instance(&id).unwrap().guest.service_active("sshd"));
        let ip_before = cloud.public_ip_of(&id).unwrap();

        let out = cloud.stop_instances(ids(&id)).unwrap();
        assert_eq!(
            out.stopping_instances[0].previous_state.name,
            InstanceStateName::Running
        );
        assert_eq!(out.stopping_instances[0].current_state.code, 64);
        cloud.advance(STOPPING_DURATION);
        let i = cloud.instance(&id).unwrap();
        assert_eq!(i.state, InstanceStateName::Stopped);
        assert!(cloud.public_ip_of(&id).is_none());
        assert_eq!(
            i.state_reason.as_ref().unwrap().code,
            "Client.UserInitiatedShutdown"
        );
        assert!(
            i.state_transition_reason
                .starts_with("User initiated (2026-01-05 09:00:20 GMT")
        );

        cloud.start_instances(ids(&id)).unwrap();
        cloud.advance(Duration::from_secs(20));
        let ip_after = cloud.public_ip_of(&id).unwrap();
        assert_ne!(ip_before, ip_after);

        let out = cloud.terminate_instances(ids(&id)).unwrap();
        assert_eq!(
            out.terminating_instances[0].current_state.name,
            InstanceStateName::ShuttingDown
        );
        cloud.advance(SHUTTING_DOWN_DURATION);
        assert_eq!(
            cloud.instance(&id).unwrap().state,
            InstanceStateName::Terminated
        );
        assert!(
            cloud.volumes().is_empty(),
            "root volume deleted on termination"
        );
        let err = cloud.start_instances(ids(&id)).unwrap_err();
        assert_eq!(err.code(), "IncorrectInstanceState");
        assert_eq!(
            err.message(),
            format!("The instance '{id}' is not in a state from which it can be started.")
        );
        cloud.advance(TERMINATED_VISIBLE_FOR);
        assert!(cloud.instance(&id).is_none());
        assert_eq!(cloud.next_transition_in(), None);
    }

    #[test]
    fn run_instances_output_shape() {
        let mut cloud = Cloud::default();
        cloud
            .create_key_pair(CreateKeyPairInput {
                key_name: "lab".into(),
                ..Default::default()
            })
            .unwrap();
        let image_id = al2023(&cloud);
        let r = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t2.micro".into()),
                key_name: Some("lab".into()),
                max_count: Some(2),
                tag_specifications: vec![TagSpecification {
                    resource_type: "instance".into(),
                    tags: vec![Tag::new("Name", "web")],
                }],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r.instances.len(), 2);
        assert!(r.reservation_id.starts_with("r-0"));
        let json = serde_json::to_value(&r).unwrap();
        let first = &json["Instances"][0];
        assert_eq!(first["State"]["Name"], "pending");
        assert_eq!(first["State"]["Code"], 0);
        assert_eq!(first["KeyName"], "lab");
        assert_eq!(first["LaunchTime"], "2026-01-05T09:00:00+00:00");
        assert_eq!(first["MetadataOptions"]["HttpTokens"], "required");
        assert_eq!(first["Tags"][0]["Value"], "web");
        assert_eq!(first["BlockDeviceMappings"][0]["DeviceName"], "/dev/xvda");
        assert_eq!(first["CpuOptions"]["ThreadsPerCore"], 1);
        assert!(
            first["PrivateDnsName"]
                .as_str()
                .unwrap()
                .ends_with(".ap-northeast-2.compute.internal")
        );
        assert!(first.get("PublicIpAddress").is_none());
        assert_eq!(first["AmiLaunchIndex"], 0);
        assert_eq!(json["Instances"][1]["AmiLaunchIndex"], 1);
        let described = cloud
            .describe_instances(DescribeInstancesInput::default())
            .unwrap();
        let d = &described.reservations[0].instances[0];
        let dns = &d.public_dns_name;
        assert!(
            dns.starts_with("ec2-") && dns.ends_with(".ap-northeast-2.compute.amazonaws.com"),
            "{dns}"
        );
        assert_eq!(cloud.volumes().len(), 2);
    }

    #[test]
    fn run_instances_errors() {
        let mut cloud = Cloud::default();
        let image_id = al2023(&cloud);
        let cases: Vec<(RunInstancesInput, &str)> = vec![
            (
                RunInstancesInput {
                    image_id: "ami-12345".into(),
                    ..Default::default()
                },
                "InvalidAMIID.Malformed",
            ),
            (
                RunInstancesInput {
                    image_id: "ami-0123456789abcdef0".into(),
                    ..Default::default()
                },
                "InvalidAMIID.NotFound",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t9.huge".into()),
                    ..Default::default()
                },
                "InvalidParameterValue",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t4g.micro".into()),
                    ..Default::default()
                },
                "InvalidParameterValue",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t3.micro".into()),
                    key_name: Some("nope".into()),
                    ..Default::default()
                },
                "InvalidKeyPair.NotFound",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t3.micro".into()),
                    security_group_ids: vec!["sg-0123456789abcdef0".into()],
                    ..Default::default()
                },
                "InvalidGroup.NotFound",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t3.micro".into()),
                    subnet_id: Some("subnet-0123456789abcdef0".into()),
                    ..Default::default()
                },
                "InvalidSubnetID.NotFound",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t3.micro".into()),
                    min_count: Some(3),
                    max_count: Some(2),
                    ..Default::default()
                },
                "InvalidParameterValue",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    ..Default::default()
                },
                "Unsupported",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("m5.4xlarge".into()),
                    min_count: Some(3),
                    ..Default::default()
                },
                "VcpuLimitExceeded",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("p4d.24xlarge".into()),
                    ..Default::default()
                },
                "VcpuLimitExceeded",
            ),
            (
                RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t3.micro".into()),
                    block_device_mappings: vec![BlockDeviceMapping {
                        device_name: "/dev/xvda".into(),
                        ebs: Some(EbsBlockDevice {
                            volume_size: Some(4),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
                "InvalidBlockDeviceMapping",
            ),
        ];
        for (input, code) in cases {
            let err = cloud.run_instances(input.clone()).unwrap_err();
            assert_eq!(err.code(), code, "{input:?}: {err}");
        }
        assert!(cloud.instances().is_empty());
        let err = cloud
            .run_instances(RunInstancesInput {
                image_id: image_id.clone(),
                instance_type: Some("t4g.micro".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert!(err.message().starts_with("The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI."));
        let err = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t9.huge".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.message(), "Invalid value 't9.huge' for InstanceType.");
    }

    #[test]
    fn vcpu_quota_launches_as_many_as_fit() {
        let mut cloud = Cloud::default();
        let image_id = al2023(&cloud);
        let r = cloud
            .run_instances(RunInstancesInput {
                image_id: image_id.clone(),
                instance_type: Some("m5.4xlarge".into()),
                min_count: Some(1),
                max_count: Some(5),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r.instances.len(), 2, "32 vCPUs fit two 16-vCPU instances");
        let err = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "VcpuLimitExceeded");
    }

    #[test]
    fn dry_run_checks_without_changing_anything() {
        let mut cloud = Cloud::default();
        let id = launch(&mut cloud);
        cloud.advance(Duration::from_secs(20));
        let before = cloud.instances().to_vec();
        let err = cloud
            .terminate_instances(InstanceIdsInput {
                instance_ids: vec![id.clone()],
                dry_run: true,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "DryRunOperation");
        assert_eq!(err.http_status(), 412);
        assert_eq!(cloud.instances(), before.as_slice());
        let err = cloud
            .terminate_instances(InstanceIdsInput {
                instance_ids: vec!["i-0000000000000000f".into()],
                dry_run: true,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidInstanceID.NotFound");
        let err = cloud
            .run_instances(RunInstancesInput {
                image_id: al2023(&cloud),
                instance_type: Some("t3.micro".into()),
                dry_run: true,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "DryRunOperation");
        assert_eq!(cloud.instances().len(), 1);
        let logged: Vec<_> = cloud
            .api_log()
            .iter()
            .map(|c| c.error_code.as_deref())
            .collect();
        assert_eq!(logged.last(), Some(&Some("DryRunOperation")));
    }

    #[test]
    fn stopping_a_pending_instance() {
        let mut cloud = Cloud::default();
        let id = launch(&mut cloud);
        let err = cloud.stop_instances(ids(&id)).unwrap_err();
        assert_eq!(err.code(), "IncorrectInstanceState");
        assert_eq!(
            err.message(),
            format!(
                "Instance '{id}' cannot be stopped as it has never reached the 'running' state."
            )
        );
        cloud.advance(Duration::from_secs(20));
        cloud.stop_instances(ids(&id)).unwrap();
        // Stopping again is not an error: it reports the current state.
        let again = cloud.stop_instances(ids(&id)).unwrap();
        assert_eq!(
            again.stopping_instances[0].previous_state.name,
            InstanceStateName::Stopping
        );
        cloud.advance(Duration::from_secs(20));
        cloud.start_instances(ids(&id)).unwrap();
        let err = cloud.stop_instances(ids(&id)).unwrap_err();
        assert_eq!(
            err.message(),
            format!("The instance '{id}' is not in a state from which it can be stopped.")
        );
    }

    #[test]
    fn protection_attributes() {
        let mut cloud = Cloud::default();
        let id = launch(&mut cloud);
        cloud.advance(Duration::from_secs(20));
        cloud
            .modify_instance_attribute(ModifyInstanceAttributeInput {
                instance_id: id.clone(),
                disable_api_termination: Some(AttributeBooleanValue { value: true }),
                disable_api_stop: Some(AttributeBooleanValue { value: true }),
                ..Default::default()
            })
            .unwrap();
        let err = cloud.terminate_instances(ids(&id)).unwrap_err();
        assert_eq!(err.code(), "OperationNotPermitted");
        assert_eq!(
            err.message(),
            format!(
                "The instance '{id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again."
            )
        );
        let err = cloud.stop_instances(ids(&id)).unwrap_err();
        assert_eq!(err.code(), "OperationNotPermitted");
        let attr = cloud
            .describe_instance_attribute(DescribeInstanceAttributeInput {
                instance_id: id.clone(),
                attribute: "disableApiTermination".into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            serde_json::to_value(&attr).unwrap(),
            serde_json::json!({"InstanceId": id, "DisableApiTermination": {"Value": true}})
        );
        let err = cloud
            .modify_instance_attribute(ModifyInstanceAttributeInput {
                instance_id: id.clone(),
                instance_type: Some(AttributeValue {
                    value: "t3.small".into(),
                }),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            err.message(),
            format!("The instance '{id}' is not in the 'stopped' state.")
        );
        let err = cloud
            .describe_instance_attribute(DescribeInstanceAttributeInput {
                instance_id: id,
                attribute: "colour".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
    }

    fn launch_hibernating(cloud: &mut Cloud, encrypted: bool) -> Result<String, Ec2Error> {
        let image_id = al2023(cloud);
        let out = cloud.run_instances(RunInstancesInput {
            image_id,
            instance_type: Some("t3.micro".into()),
            hibernation_options: Some(HibernationOptions { configured: true }),
            block_device_mappings: vec![BlockDeviceMapping {
                device_name: "/dev/xvda".into(),
                ebs: Some(EbsBlockDevice {
                    volume_size: Some(8),
                    volume_type: Some("gp3".into()),
                    encrypted: Some(encrypted),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ..Default::default()
        })?;
        Ok(out.instances[0].instance_id.clone())
    }

    #[test]
    fn hibernation_keeps_the_memory_and_bills_the_save() {
        let mut cloud = Cloud::default();
        let err = launch_hibernating(&mut cloud, false).unwrap_err();
        assert_eq!(err.code(), "UnsupportedHibernationConfiguration");
        assert!(
            err.message()
                .ends_with("the root volume must be encrypted."),
            "{}",
            err.message()
        );
        let id = launch_hibernating(&mut cloud, true).unwrap();
        cloud.advance(Duration::from_secs(30));
        let d = cloud.instance_description(cloud.instance(&id).unwrap());
        assert!(d.hibernation_options.configured);
        // A service started by hand (not enabled) is what a reboot or a stop loses.
        cloud
            .instance_mut(&id)
            .unwrap()
            .guest
            .install(&["httpd"])
            .unwrap();
        cloud
            .guest_service(&id, "httpd", super::super::guest::ServiceAction::Start)
            .unwrap();
        let stop = InstanceIdsInput {
            hibernate: true,
            ..ids(&id)
        };
        cloud.stop_instances(stop).unwrap();
        let i = cloud.instance(&id).unwrap();
        assert_eq!(i.state, InstanceStateName::Stopping);
        assert_eq!(
            i.state_reason.as_ref().unwrap().code,
            "Client.UserInitiatedHibernate"
        );
        // Saving the memory is billed; a stopped instance is not.
        assert!(
            cloud
                .hourly_cost_breakdown()
                .lines
                .iter()
                .any(|l| l.kind == CostKind::Instance)
        );
        cloud.advance(HIBERNATING_DURATION);
        assert_eq!(
            cloud.instance(&id).unwrap().state,
            InstanceStateName::Stopped
        );
        assert!(
            !cloud
                .hourly_cost_breakdown()
                .lines
                .iter()
                .any(|l| l.kind == CostKind::Instance)
        );
        cloud.start_instances(ids(&id)).unwrap();
        cloud.advance(Duration::from_secs(30));
        let i = cloud.instance(&id).unwrap();
        assert_eq!(i.state, InstanceStateName::Running);
        assert!(!i.hibernated);
        assert!(i.guest.service_active("httpd"), "the service resumed");
        let hibernated: Vec<_> = i
            .state_history
            .iter()
            .filter(|c| c.hibernated)
            .map(|c| c.state)
            .collect();
        assert_eq!(
            hibernated,
            [InstanceStateName::Stopping, InstanceStateName::Stopped]
        );
        // A plain stop and start boots afresh: the hand-started service is gone.
        cloud.stop_instances(ids(&id)).unwrap();
        cloud.advance(Duration::from_secs(30));
        cloud.start_instances(ids(&id)).unwrap();
        cloud.advance(Duration::from_secs(30));
        assert!(!cloud.instance(&id).unwrap().guest.service_active("httpd"));
    }

    #[test]
    fn hibernation_needs_configuring_at_launch_and_a_type_that_can() {
        let mut cloud = Cloud::default();
        let id = launch(&mut cloud);
        cloud.advance(Duration::from_secs(30));
        let err = cloud
            .stop_instances(InstanceIdsInput {
                hibernate: true,
                ..ids(&id)
            })
            .unwrap_err();
        assert_eq!(err.code(), "UnsupportedHibernationConfiguration");
        assert_eq!(
            err.message(),
            format!(
                "The instance can't be hibernated because it was not configured at launch for hibernation: {id}"
            )
        );
        assert_eq!(
            cloud.instance(&id).unwrap().state,
            InstanceStateName::Running
        );
        let image_id = al2023(&cloud);
        let err = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t4g.micro".into()),
                hibernation_options: Some(HibernationOptions { configured: true }),
                ..Default::default()
            })
            .unwrap_err();
        // t4g is Arm: the architecture check comes first; an x86 type that cannot
        // hibernate is refused by name.
        assert_eq!(err.code(), "InvalidParameterValue");
        let image_id = al2023(&cloud);
        let err = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("m6a.large".into()),
                hibernation_options: Some(HibernationOptions { configured: true }),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "UnsupportedHibernationConfiguration");
        assert!(
            err.message()
                .contains("m6a.large does not support hibernation")
        );
    }

    #[test]
    fn stop_protection_also_blocks_termination_zone_by_zone() {
        let mut cloud = Cloud::default();
        let image_id = al2023(&cloud);
        let zones: Vec<String> = cloud
            .ec2
            .subnets
            .iter()
            .filter(|s| s.default_for_az)
            .map(|s| s.availability_zone.clone())
            .collect();
        let mut launch_in = |zone: &str, stop_protected: bool| {
            cloud
                .run_instances(RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t3.micro".into()),
                    placement: Some(PlacementRequest {
                        availability_zone: Some(zone.to_string()),
                    }),
                    disable_api_stop: Some(stop_protected),
                    ..Default::default()
                })
                .unwrap()
                .instances[0]
                .instance_id
                .clone()
        };
        let protected = launch_in(&zones[0], true);
        let neighbour = launch_in(&zones[0], false);
        let elsewhere = launch_in(&zones[1], false);
        cloud.advance(Duration::from_secs(30));
        let err = cloud
            .terminate_instances(InstanceIdsInput {
                instance_ids: vec![protected.clone(), neighbour.clone(), elsewhere.clone()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "OperationNotPermitted");
        assert_eq!(
            err.message(),
            format!(
                "The instance '{protected}' may not be terminated. Modify its 'disableApiStop' instance attribute and try again."
            )
        );
        let state = |id: &str| cloud.instance(id).unwrap().state;
        assert_eq!(state(&protected), InstanceStateName::Running);
        assert_eq!(
            state(&neighbour),
            InstanceStateName::Running,
            "same zone: kept"
        );
        assert_eq!(
            state(&elsewhere),
            InstanceStateName::ShuttingDown,
            "other zone: terminated"
        );
    }

    #[test]
    fn each_start_is_billed_for_at_least_a_minute() {
        let mut cloud = Cloud::default();
        let id = launch(&mut cloud);
        cloud.advance(cloud.next_transition_in().unwrap());
        assert_eq!(
            cloud.instance(&id).unwrap().state,
            InstanceStateName::Running
        );
        let ran_from = cloud.now();
        let before = cloud.month_to_date_usd();
        cloud.advance(Duration::from_secs(10));
        cloud.stop_instances(ids(&id)).unwrap();
        let billed = cloud.month_to_date_usd() - before;
        let (per_hour, _) = cloud.instance_price(cloud.instance(&id).unwrap());
        let volume_and_ip: f64 = 10.0 / 3600.0
            * cloud
                .hourly_cost_breakdown()
                .lines
                .iter()
                .filter(|l| l.kind == CostKind::EbsVolume)
                .map(|l| l.usd_per_hour + PUBLIC_IPV4_PRICE_PER_HOUR)
                .sum::<f64>();
        let minute = per_hour / 60.0;
        assert!(
            (billed - volume_and_ip - minute).abs() < 1e-9,
            "billed {billed} for 10 s from {ran_from:?}; a minute is {minute}"
        );
    }

    #[test]
    fn describe_filters_and_errors() {
        let mut cloud = Cloud::default();
        let a = launch(&mut cloud);
        let b = launch(&mut cloud);
        cloud.advance(Duration::from_secs(20));
        cloud.stop_instances(ids(&b)).unwrap();
        let running = cloud
            .describe_instances(DescribeInstancesInput {
                filters: vec![Filter::new("instance-state-name", &["running"])],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(running.reservations.len(), 1);
        assert_eq!(running.reservations[0].instances[0].instance_id, a);
        let wild = cloud
            .describe_instances(DescribeInstancesInput {
                filters: vec![
                    Filter::new("instance-type", &["t3.*"]),
                    Filter::new("instance-state-code", &["16", "64"]),
                ],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(wild.reservations.len(), 2);
        let err = cloud
            .describe_instances(DescribeInstancesInput {
                filters: vec![Filter::new("instance-state", &["running"])],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.message(), "The filter 'instance-state' is invalid");
        let err = cloud
            .describe_instances(DescribeInstancesInput {
                instance_ids: vec!["i-0000000000000000f".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            err.message(),
            "The instance ID 'i-0000000000000000f' does not exist"
        );
        let err = cloud
            .describe_instances(DescribeInstancesInput {
                instance_ids: vec!["web-1".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidInstanceID.Malformed");
    }

    #[test]
    fn network_interfaces_and_restart_tracking() {
        let mut cloud = Cloud::default();
        let image_id = al2023(&cloud);
        let r = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                network_interfaces: vec![NetworkInterfaceSpecification {
                    device_index: Some(0),
                    associate_public_ip_address: Some(false),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .unwrap();
        let id = r.instances[0].instance_id.clone();
        assert!(cloud.public_ip_of(&id).is_none());
        cloud.advance(Duration::from_secs(20));
        assert!(!cloud.instance(&id).unwrap().was_restarted());
        cloud.stop_instances(ids(&id)).unwrap();
        cloud.advance(Duration::from_secs(20));
        cloud.start_instances(ids(&id)).unwrap();
        cloud.advance(Duration::from_secs(20));
        let i = cloud.instance(&id).unwrap();
        assert!(i.was_restarted());
        let states: Vec<_> = i.state_history.iter().map(|c| c.state.as_str()).collect();
        assert_eq!(
            states,
            [
                "pending", "running", "stopping", "stopped", "pending", "running"
            ]
        );
        assert!(i.guest.listening(22));
        assert!(!i.guest.listening(80));
        let err = cloud
            .run_instances(RunInstancesInput {
                image_id: i.image_id.clone(),
                instance_type: Some("t3.micro".into()),
                subnet_id: Some(i.subnet_id.clone()),
                network_interfaces: vec![NetworkInterfaceSpecification {
                    subnet_id: Some(i.subnet_id.clone()),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterCombination");
    }

    #[test]
    fn images_and_types() {
        let mut cloud = Cloud::default();
        let imgs = cloud
            .describe_images(DescribeImagesInput {
                owners: vec!["amazon".into()],
                filters: vec![Filter::new("name", &["al2023-ami-2023.*-x86_64"])],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(imgs.images.len(), 1);
        assert_eq!(imgs.images[0].imds_support.as_deref(), Some("v2.0"));
        let types = cloud
            .describe_instance_types(DescribeInstanceTypesInput {
                filters: vec![Filter::new("free-tier-eligible", &["true"])],
                ..Default::default()
            })
            .unwrap();
        let names: Vec<_> = types
            .instance_types
            .iter()
            .map(|t| t.instance_type.as_str())
            .collect();
        assert!(names.contains(&"t3.micro") && names.contains(&"t4g.small"));
        assert!(!names.contains(&"t2.micro"));
    }
}
