//! The request and response shapes of the instance operations (`RunInstances`,
//! `DescribeInstances`, stop/start/terminate, instance attributes), with AWS's member
//! names and order.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::Filter;
use super::instances::*;
use super::{Tag, TagSpecification};
use crate::catalog::Architecture;
use crate::clock::Timestamp;

/// An EBS part of a block device mapping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EbsBlockDevice {
    /// Delete with the instance (default true).
    pub delete_on_termination: Option<bool>,
    /// Provisioned IOPS.
    pub iops: Option<u32>,
    /// Snapshot to restore.
    pub snapshot_id: Option<String>,
    /// Size in GiB.
    pub volume_size: Option<u32>,
    /// Volume type.
    pub volume_type: Option<String>,
    /// Throughput (gp3).
    pub throughput: Option<u32>,
    /// Encrypt.
    pub encrypted: Option<bool>,
}

/// One block device mapping in `RunInstances`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BlockDeviceMapping {
    /// The device name, e.g. `/dev/xvda`.
    pub device_name: String,
    /// The EBS volume.
    pub ebs: Option<EbsBlockDevice>,
    /// Suppress the device.
    pub no_device: Option<String>,
    /// Instance store name.
    pub virtual_name: Option<String>,
}

/// `Placement` in `RunInstances`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PlacementRequest {
    /// Availability Zone name.
    pub availability_zone: Option<String>,
}

/// `RunInstances` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RunInstancesInput {
    /// The AMI (required).
    pub image_id: String,
    /// The instance type (`m1.small` when omitted, as AWS does).
    pub instance_type: Option<String>,
    /// Fewest instances to launch (default 1).
    pub min_count: Option<u32>,
    /// Most instances to launch (default 1).
    pub max_count: Option<u32>,
    /// Key pair name.
    pub key_name: Option<String>,
    /// Security group ids.
    pub security_group_ids: Vec<String>,
    /// Security group names (default VPC, not with a subnet id).
    pub security_groups: Vec<String>,
    /// Subnet.
    pub subnet_id: Option<String>,
    /// Placement.
    pub placement: Option<PlacementRequest>,
    /// Public IPv4 on the primary interface (the subnet's setting when omitted).
    pub associate_public_ip_address: Option<bool>,
    /// Block device mappings.
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    /// Tags for `instance` and `volume`.
    pub tag_specifications: Vec<TagSpecification>,
    /// Termination protection.
    pub disable_api_termination: Option<bool>,
    /// Stop protection.
    pub disable_api_stop: Option<bool>,
    /// `stop` (default) or `terminate`.
    pub instance_initiated_shutdown_behavior: Option<String>,
    /// User data, as text (the terminal decodes base64 or `file://`).
    pub user_data: Option<String>,
    /// Detailed monitoring (`{Enabled: true}`).
    pub monitoring: Option<MonitoringRequest>,
    /// `{Configured: true}` launches it able to hibernate (only at launch).
    pub hibernation_options: Option<HibernationOptions>,
    /// Launch from a template version; the request's own values win.
    pub launch_template: Option<super::launch_templates::LaunchTemplateSpecification>,
    /// Instance metadata options (`HttpTokens` `required` or `optional`; the
    /// AMI's default when omitted).
    pub metadata_options: Option<MetadataOptionsRequest>,
    /// Idempotency token.
    pub client_token: Option<String>,
    /// The instance profile whose role the instance's software acts as.
    pub iam_instance_profile: Option<super::instance_profiles::IamInstanceProfileSpecification>,
    /// Only check the request.
    pub dry_run: bool,
    /// Network interfaces; the one with `DeviceIndex` 0 may carry
    /// `AssociatePublicIpAddress`, `SubnetId` and `Groups` (what the CLI's
    /// `--associate-public-ip-address` builds).
    pub network_interfaces: Vec<NetworkInterfaceSpecification>,
}

/// `Monitoring` in `RunInstances`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MonitoringRequest {
    /// Detailed monitoring on.
    pub enabled: bool,
}

/// `MetadataOptions` in `RunInstances`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetadataOptionsRequest {
    /// `required` (IMDSv2 only) or `optional`.
    pub http_tokens: Option<String>,
    /// `enabled` or `disabled`.
    pub http_endpoint: Option<String>,
    /// 1..=64.
    pub http_put_response_hop_limit: Option<u32>,
}

/// A network interface in `RunInstances`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkInterfaceSpecification {
    /// 0 for the primary interface.
    pub device_index: Option<u32>,
    /// Give it a public IPv4 address.
    pub associate_public_ip_address: Option<bool>,
    /// Its subnet.
    pub subnet_id: Option<String>,
    /// Its security groups.
    pub groups: Vec<String>,
    /// Delete with the instance.
    pub delete_on_termination: Option<bool>,
    /// Description.
    pub description: Option<String>,
}

impl RunInstancesInput {
    /// Folds the primary `NetworkInterfaces` entry into the top-level fields.
    pub(crate) fn normalized(mut self) -> Result<RunInstancesInput, Ec2Error> {
        let interfaces = std::mem::take(&mut self.network_interfaces);
        if interfaces.len() > 1 {
            return Err(Ec2Error::InvalidParameterValue {
                message:
                    "Only one network interface can be specified per instance in this simulation."
                        .into(),
            });
        }
        if let Some(ni) = interfaces.into_iter().next() {
            if ni.device_index.unwrap_or(0) != 0 {
                return Err(Ec2Error::invalid_value(
                    "Each network interface requires a device index; the primary interface has DeviceIndex 0.",
                ));
            }
            if ni.subnet_id.is_some() && self.subnet_id.is_some() {
                return Err(Ec2Error::InvalidParameterCombination {
                    message: "Network interfaces and an instance-level subnet ID may not be specified on the same request".into(),
                });
            }
            if !ni.groups.is_empty()
                && (!self.security_group_ids.is_empty() || !self.security_groups.is_empty())
            {
                return Err(Ec2Error::InvalidParameterCombination {
                    message: "Network interfaces and an instance-level security groups may not be specified on the same request".into(),
                });
            }
            if ni.subnet_id.is_some() {
                self.subnet_id = ni.subnet_id;
            }
            if !ni.groups.is_empty() {
                self.security_group_ids = ni.groups;
            }
            if ni.associate_public_ip_address.is_some() {
                self.associate_public_ip_address = ni.associate_public_ip_address;
            }
        }
        Ok(self)
    }
}

/// `{GroupId, GroupName}` of an instance's security group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifier {
    /// The group id.
    pub group_id: String,
    /// The group name.
    pub group_name: String,
}

/// `Monitoring`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Monitoring {
    /// `disabled` or `enabled`.
    pub state: String,
}

/// `Placement` in output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Placement {
    /// The zone.
    pub availability_zone: String,
    /// The zone id.
    pub availability_zone_id: String,
    /// Placement group name (empty).
    pub group_name: String,
    /// `default`.
    pub tenancy: String,
}

/// EBS part of an instance's block device mapping in output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsInstanceBlockDevice {
    /// When attached.
    pub attach_time: Timestamp,
    /// Deleted with the instance.
    pub delete_on_termination: bool,
    /// `attached`.
    pub status: String,
    /// The volume.
    pub volume_id: String,
}

/// An instance's block device mapping in output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceBlockDeviceMapping {
    /// Device name.
    pub device_name: String,
    /// The volume.
    pub ebs: EbsInstanceBlockDevice,
}

/// Public address of a network interface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfaceAssociation {
    /// `amazon` for an auto-assigned address, the account id for an EIP.
    pub ip_owner_id: String,
    /// Public DNS name.
    pub public_dns_name: String,
    /// Public IP.
    pub public_ip: String,
}

/// Attachment of a network interface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfaceAttachment {
    /// When attached.
    pub attach_time: Timestamp,
    /// `eni-attach-...`.
    pub attachment_id: String,
    /// Deleted with the instance.
    pub delete_on_termination: bool,
    /// 0 for the primary interface.
    pub device_index: u32,
    /// `attached`.
    pub status: String,
    /// 0.
    pub network_card_index: u32,
}

/// A private address of an interface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstancePrivateIpAddress {
    /// Its public address, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<InterfaceAssociation>,
    /// Primary.
    pub primary: bool,
    /// Private DNS name.
    pub private_dns_name: String,
    /// Private IP.
    pub private_ip_address: String,
}

/// A network interface of an instance in output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceNetworkInterface {
    /// Public address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<InterfaceAssociation>,
    /// Attachment.
    pub attachment: InterfaceAttachment,
    /// Description (empty).
    pub description: String,
    /// Security groups.
    pub groups: Vec<GroupIdentifier>,
    /// IPv6 addresses (none).
    pub ipv6_addresses: Vec<serde_json::Value>,
    /// MAC.
    pub mac_address: String,
    /// `eni-...`.
    pub network_interface_id: String,
    /// Owner.
    pub owner_id: String,
    /// Private DNS.
    pub private_dns_name: String,
    /// Private IP.
    pub private_ip_address: String,
    /// Private IPs.
    pub private_ip_addresses: Vec<InstancePrivateIpAddress>,
    /// Source/destination check.
    pub source_dest_check: bool,
    /// `in-use`.
    pub status: String,
    /// Subnet.
    pub subnet_id: String,
    /// VPC.
    pub vpc_id: String,
    /// `interface`.
    pub interface_type: String,
}

/// `CpuOptions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CpuOptions {
    /// Cores.
    pub core_count: u32,
    /// Threads per core.
    pub threads_per_core: u32,
}

/// `MetadataOptions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions {
    /// `applied` (or `pending` while pending).
    pub state: String,
    /// `required` (IMDSv2 only) or `optional`.
    pub http_tokens: String,
    /// Hop limit.
    pub http_put_response_hop_limit: u32,
    /// `enabled`.
    pub http_endpoint: String,
    /// `disabled`.
    pub http_protocol_ipv6: String,
    /// `disabled`.
    pub instance_metadata_tags: String,
}

/// One instance as `DescribeInstances` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceDescription {
    /// Position in the reservation.
    pub ami_launch_index: u32,
    /// AMI.
    pub image_id: String,
    /// Instance id.
    pub instance_id: String,
    /// Instance type.
    pub instance_type: String,
    /// Key pair name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    /// Launch time.
    pub launch_time: Timestamp,
    /// Monitoring.
    pub monitoring: Monitoring,
    /// Placement.
    pub placement: Placement,
    /// `windows` for Windows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Private DNS name (empty when terminated).
    pub private_dns_name: String,
    /// Private IP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    /// Product codes (none).
    pub product_codes: Vec<serde_json::Value>,
    /// Public DNS name (empty when it has no public address).
    pub public_dns_name: String,
    /// Public IP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_address: Option<String>,
    /// State.
    pub state: InstanceState,
    /// Why it last changed state (empty if never).
    pub state_transition_reason: String,
    /// Subnet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// VPC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// Architecture.
    pub architecture: Architecture,
    /// Block devices.
    pub block_device_mappings: Vec<InstanceBlockDeviceMapping>,
    /// Client token.
    pub client_token: String,
    /// EBS optimized.
    pub ebs_optimized: bool,
    /// ENA.
    pub ena_support: bool,
    /// `xen`.
    pub hypervisor: String,
    /// The instance profile, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<super::instance_profiles::IamInstanceProfile>,
    /// Network interfaces.
    pub network_interfaces: Vec<InstanceNetworkInterface>,
    /// Root device name.
    pub root_device_name: String,
    /// `ebs`.
    pub root_device_type: String,
    /// Security groups.
    pub security_groups: Vec<GroupIdentifier>,
    /// Source/dest check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<bool>,
    /// State reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<StateReason>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// `hvm`.
    pub virtualization_type: String,
    /// CPU options.
    pub cpu_options: CpuOptions,
    /// Whether it was launched able to hibernate.
    pub hibernation_options: HibernationOptions,
    /// Metadata options.
    pub metadata_options: MetadataOptions,
    /// Boot mode of the AMI.
    pub boot_mode: String,
    /// `Linux/UNIX`, `Windows`, `Red Hat Enterprise Linux`.
    pub platform_details: String,
    /// `RunInstances` ...
    pub usage_operation: String,
    /// When the usage operation was set.
    pub usage_operation_update_time: Timestamp,
    /// `uefi` or `legacy-bios`.
    pub current_instance_boot_mode: String,
}

/// A reservation: the instances one `RunInstances` call launched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation {
    /// `r-...`.
    pub reservation_id: String,
    /// The owner account.
    pub owner_id: String,
    /// EC2-Classic groups (always empty).
    pub groups: Vec<serde_json::Value>,
    /// The instances.
    pub instances: Vec<InstanceDescription>,
}

/// `DescribeInstances` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeInstancesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Instance ids.
    pub instance_ids: Vec<String>,
    /// Filters (see [`INSTANCE_FILTERS`]).
    pub filters: Vec<Filter>,
}

/// `DescribeInstances` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancesOutput {
    /// Reservations, in launch order.
    pub reservations: Vec<Reservation>,
}

/// `ec2 monitor-instances` and `unmonitor-instances`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MonitorInstancesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The instances.
    pub instance_ids: Vec<String>,
}

/// One instance's monitoring in `monitor-instances`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceMonitoring {
    /// The instance.
    pub instance_id: String,
    /// `pending` (turning on) or `disabling`.
    pub monitoring: Monitoring,
}

/// `monitor-instances`' and `unmonitor-instances`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MonitorInstancesOutput {
    /// One per instance.
    pub instance_monitorings: Vec<InstanceMonitoring>,
}

/// Input of stop/start/reboot/terminate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceIdsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The instances.
    pub instance_ids: Vec<String>,
    /// Stop only: force.
    pub force: bool,
    /// Stop only: hibernate (save RAM to the root volume) instead of shutting down.
    pub hibernate: bool,
}

/// `HibernationOptions`: in `RunInstances` (`Configured` asks for it) and in
/// `DescribeInstances` (whether the instance has it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HibernationOptions {
    /// Hibernation is enabled (only at launch).
    pub configured: bool,
}

/// One instance's state change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStateChange {
    /// The instance.
    pub instance_id: String,
    /// Its state now.
    pub current_state: InstanceState,
    /// Its state before the call.
    pub previous_state: InstanceState,
}

/// `StopInstances` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StopInstancesOutput {
    /// State changes.
    pub stopping_instances: Vec<InstanceStateChange>,
}

/// `StartInstances` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartInstancesOutput {
    /// State changes.
    pub starting_instances: Vec<InstanceStateChange>,
}

/// `TerminateInstances` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateInstancesOutput {
    /// State changes.
    pub terminating_instances: Vec<InstanceStateChange>,
}

/// `{Value: bool}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeBooleanValue {
    /// The value.
    pub value: bool,
}

/// `{Value: string}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeValue {
    /// The value.
    pub value: String,
}

/// `ModifyInstanceAttribute` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyInstanceAttributeInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The instance.
    pub instance_id: String,
    /// Termination protection.
    pub disable_api_termination: Option<AttributeBooleanValue>,
    /// Stop protection.
    pub disable_api_stop: Option<AttributeBooleanValue>,
    /// New instance type (instance must be stopped).
    pub instance_type: Option<AttributeValue>,
    /// New user data (instance must be stopped).
    pub user_data: Option<AttributeValue>,
    /// `stop` or `terminate`.
    pub instance_initiated_shutdown_behavior: Option<AttributeValue>,
    /// Replace the security groups.
    pub groups: Vec<String>,
}

/// `DescribeInstanceAttribute` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeInstanceAttributeInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The instance.
    pub instance_id: String,
    /// `instanceType`, `disableApiTermination`, `disableApiStop`, `userData`,
    /// `groupSet`, `rootDeviceName`, `blockDeviceMapping`,
    /// `instanceInitiatedShutdownBehavior`, `sourceDestCheck`, `ebsOptimized`.
    pub attribute: String,
}

/// `DescribeInstanceAttribute` output (only the asked attribute is set).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceAttributeOutput {
    /// The instance.
    pub instance_id: String,
    /// Instance type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<AttributeValue>,
    /// Termination protection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_api_termination: Option<AttributeBooleanValue>,
    /// Stop protection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_api_stop: Option<AttributeBooleanValue>,
    /// User data (base64, as AWS returns it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<AttributeValue>,
    /// Security groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupIdentifier>>,
    /// Root device name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_device_name: Option<AttributeValue>,
    /// Block devices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_device_mappings: Option<Vec<InstanceBlockDeviceMapping>>,
    /// Shutdown behaviour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_initiated_shutdown_behavior: Option<AttributeValue>,
    /// Source/dest check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<AttributeBooleanValue>,
    /// EBS optimized.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ebs_optimized: Option<AttributeBooleanValue>,
}
