//! `Ec2Error`: every error the simulated EC2 API returns, with AWS's code and
//! message. Message texts follow AWS's responses (and moto's catalog where AWS's
//! wording is not documented).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;

/// An EC2 API error. Each variant is one AWS error code (a few codes, such as
/// `InvalidParameterValue`, have several variants for their different messages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ec2Error {
    /// `InvalidParameterValue` with a free-form message.
    InvalidParameterValue {
        /// The full message.
        message: String,
    },
    /// `InvalidParameter` with a free-form message.
    InvalidParameter {
        /// The full message.
        message: String,
    },
    /// `MissingParameter`: a required input is missing.
    MissingParameter {
        /// The full message.
        message: String,
    },
    /// `InvalidParameterCombination`: inputs that cannot be used together.
    InvalidParameterCombination {
        /// The full message.
        message: String,
    },
    /// `InvalidParameterValue`: an instance type that does not exist.
    InvalidInstanceType {
        /// The value given.
        instance_type: String,
    },
    /// `Unsupported`: a configuration this region does not offer.
    Unsupported {
        /// The full message.
        message: String,
    },
    /// `InvalidParameterValue`: an unknown filter name.
    InvalidFilter {
        /// The filter name given.
        name: String,
    },
    /// `InvalidKeyPair.NotFound`.
    KeyPairNotFound {
        /// The key name or key pair id that was not found.
        key: String,
    },
    /// `InvalidKeyPair.Duplicate`.
    KeyPairDuplicate {
        /// The key name that already exists.
        key_name: String,
    },
    /// `InvalidKey.Format`: the public key is not in OpenSSH format.
    KeyFormat,
    /// `InvalidGroup.NotFound` for a group id.
    GroupNotFound {
        /// The group id that was not found.
        group_id: String,
    },
    /// `InvalidGroup.NotFound` for a group name in a VPC.
    GroupNameNotFound {
        /// The group name that was not found.
        group_name: String,
        /// The VPC that was searched.
        vpc_id: String,
    },
    /// `InvalidGroupId.Malformed`.
    GroupIdMalformed {
        /// The id given.
        group_id: String,
    },
    /// `InvalidGroup.Duplicate`.
    GroupDuplicate {
        /// The group name.
        group_name: String,
        /// The VPC it already exists in.
        vpc_id: String,
    },
    /// `CannotDelete`: the default security group.
    CannotDeleteDefaultGroup {
        /// The default group's id.
        group_id: String,
    },
    /// `DependencyViolation`: something still uses the resource.
    DependencyViolation {
        /// The resource id that has dependents.
        resource_id: String,
    },
    /// `InvalidPermission.Duplicate`.
    PermissionDuplicate {
        /// AWS's rule description, e.g. `peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW`.
        rule: String,
    },
    /// `InvalidPermission.NotFound`.
    PermissionNotFound,
    /// `InvalidPermission.Malformed`.
    PermissionMalformed {
        /// The full message.
        message: String,
    },
    /// `InvalidSecurityGroupRuleId.NotFound`.
    SecurityGroupRuleNotFound {
        /// The rule id.
        rule_id: String,
    },
    /// `RulesPerSecurityGroupLimitExceeded`.
    RulesPerSecurityGroupLimitExceeded,
    /// `SecurityGroupsPerInterfaceLimitExceeded`.
    SecurityGroupsPerInterfaceLimitExceeded,
    /// `InvalidInstanceID.NotFound`.
    InstanceNotFound {
        /// The ids that do not exist.
        instance_ids: Vec<String>,
    },
    /// `InvalidInstanceID.Malformed`.
    InstanceIdMalformed {
        /// The id given.
        instance_id: String,
    },
    /// `IncorrectInstanceState` with AWS's message for the attempted action.
    IncorrectInstanceState {
        /// The full message.
        message: String,
    },
    /// `OperationNotPermitted` with a free-form message.
    OperationNotPermitted {
        /// The full message.
        message: String,
    },
    /// `UnsupportedHibernationConfiguration`: hibernation asked of an instance that
    /// cannot hibernate.
    UnsupportedHibernationConfiguration {
        /// The full message.
        message: String,
    },
    /// `UnsupportedOperation` with a free-form message.
    UnsupportedOperation {
        /// The full message.
        message: String,
    },
    /// `InvalidAMIID.NotFound`.
    AmiNotFound {
        /// The image id.
        image_id: String,
    },
    /// `InvalidAMIID.Malformed`.
    AmiIdMalformed {
        /// The image id.
        image_id: String,
    },
    /// `InvalidSubnetID.NotFound`.
    SubnetNotFound {
        /// The subnet id.
        subnet_id: String,
    },
    /// `InvalidVpcID.NotFound`.
    VpcNotFound {
        /// The VPC id.
        vpc_id: String,
    },
    /// `InvalidBlockDeviceMapping`.
    InvalidBlockDeviceMapping {
        /// The full message.
        message: String,
    },
    /// `VcpuLimitExceeded`.
    VcpuLimitExceeded {
        /// The account's vCPU limit for the bucket.
        limit: u32,
    },
    /// `AddressLimitExceeded`.
    AddressLimitExceeded,
    /// `InvalidAllocationID.NotFound`.
    AllocationNotFound {
        /// The allocation id.
        allocation_id: String,
    },
    /// `InvalidAssociationID.NotFound`.
    AssociationNotFound {
        /// The association id.
        association_id: String,
    },
    /// `InvalidAddress.NotFound`.
    AddressNotFound {
        /// The public IP.
        public_ip: String,
    },
    /// `InvalidIPAddress.InUse`: release of an associated address.
    AddressInUse {
        /// The address.
        public_ip: String,
    },
    /// `Resource.AlreadyAssociated`.
    ResourceAlreadyAssociated {
        /// The allocation id.
        allocation_id: String,
        /// The existing association id.
        association_id: String,
    },
    /// `InvalidID`: an id whose prefix names no taggable resource.
    InvalidId {
        /// The id given.
        resource_id: String,
    },
    /// `InvalidVolume.NotFound`.
    VolumeNotFound {
        /// The volume id.
        volume_id: String,
    },
    /// `InvalidVolume.ZoneMismatch`: a volume and an instance in different zones.
    VolumeZoneMismatch {
        /// The full message.
        message: String,
    },
    /// `VolumeInUse`: attached, so it cannot be attached again or deleted.
    VolumeInUse {
        /// The full message.
        message: String,
    },
    /// `IncorrectState`: a volume or snapshot in the wrong state for the call.
    IncorrectState {
        /// The full message.
        message: String,
    },
    /// `IncorrectModificationState`: a volume modification is still running.
    IncorrectModificationState {
        /// The full message.
        message: String,
    },
    /// `InvalidAttachment.NotFound`: the volume is not attached there.
    AttachmentNotFound {
        /// The full message.
        message: String,
    },
    /// `InvalidAMIName.Malformed`.
    ImageNameMalformed {
        /// The full message.
        message: String,
    },
    /// `InvalidAMIName.Duplicate`.
    ImageNameDuplicate {
        /// The full message.
        message: String,
    },
    /// `InvalidLaunchTemplateName.MalformedException`.
    LaunchTemplateNameMalformed {
        /// The full message.
        message: String,
    },
    /// `InvalidLaunchTemplateName.AlreadyExistsException`.
    LaunchTemplateNameExists {
        /// The full message.
        message: String,
    },
    /// `InvalidLaunchTemplateName.NotFoundException`.
    LaunchTemplateNameNotFound {
        /// The full message.
        message: String,
    },
    /// `InvalidLaunchTemplateId.NotFound`.
    LaunchTemplateIdNotFound {
        /// The full message.
        message: String,
    },
    /// `InvalidLaunchTemplateId.VersionNotFound`.
    LaunchTemplateVersionNotFound {
        /// The full message.
        message: String,
    },
    /// `InvalidSnapshot.NotFound`.
    SnapshotNotFound {
        /// The snapshot id.
        snapshot_id: String,
    },
    /// `InvalidSnapshot.InUse`: an image uses the snapshot.
    SnapshotInUse {
        /// The snapshot id.
        snapshot_id: String,
        /// The image that uses it.
        image_id: String,
    },
    /// `TagLimitExceeded`.
    TagLimitExceeded,
    /// `InvalidRouteTableID.NotFound`.
    RouteTableNotFound {
        /// The route table id.
        route_table_id: String,
    },
    /// `InvalidNetworkAclID.NotFound`.
    NetworkAclNotFound {
        /// The network ACL id.
        network_acl_id: String,
    },
    /// `InvalidInternetGatewayID.NotFound`.
    InternetGatewayNotFound {
        /// The gateway id.
        internet_gateway_id: String,
    },
    /// `InvalidVpc.Range`: a VPC block outside /16../28.
    VpcRange {
        /// The block given.
        cidr: String,
    },
    /// `InvalidSubnet.Range`: a subnet block outside /16../28 or outside its VPC.
    SubnetRange {
        /// The block given.
        cidr: String,
    },
    /// `InvalidSubnet.Conflict`: the block overlaps another subnet of the VPC.
    SubnetConflict {
        /// The block given.
        cidr: String,
    },
    /// `VpcLimitExceeded`: five VPCs per region.
    VpcLimitExceeded,
    /// `DependencyViolation` with AWS's "has dependencies" wording.
    HasDependencies {
        /// AWS's name for the resource kind (`vpc`, `subnet`, `routeTable`, ...).
        kind: String,
        /// The resource.
        resource_id: String,
    },
    /// `DependencyViolation` with a message of its own.
    DependencyViolationWith {
        /// The full message.
        message: String,
    },
    /// `Resource.AlreadyAssociated` with a message of its own.
    AlreadyAssociated {
        /// The full message.
        message: String,
    },
    /// `Gateway.NotAttached`.
    GatewayNotAttached {
        /// The gateway.
        internet_gateway_id: String,
        /// The VPC it is not attached to.
        vpc_id: String,
    },
    /// `RouteAlreadyExists`.
    RouteAlreadyExists {
        /// The destination block.
        cidr: String,
    },
    /// `InvalidRoute.NotFound`.
    RouteNotFound {
        /// The destination block.
        cidr: String,
        /// The route table.
        route_table_id: String,
    },
    /// `NatGatewayNotFound`.
    NatGatewayNotFound {
        /// The NAT gateway id.
        nat_gateway_id: String,
    },
    /// `NetworkAclEntryAlreadyExists`.
    NetworkAclEntryAlreadyExists {
        /// The rule number.
        rule_number: i64,
    },
    /// `InvalidNetworkAclEntry.NotFound`.
    NetworkAclEntryNotFound {
        /// The rule number.
        rule_number: i64,
        /// Which list.
        egress: bool,
        /// The ACL.
        network_acl_id: String,
    },
    /// `DryRunOperation`: the request would have succeeded.
    DryRunOperation,
    /// `UnauthorizedOperation`: the caller's policies do not allow the request.
    UnauthorizedOperation(AccessDenied),
    /// `AuthFailure` (401): unknown or inactive access key, or a wrong secret.
    AuthFailure,
    /// `RequestExpired`: the temporary credentials have expired.
    RequestExpired,
}

impl Ec2Error {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        use Ec2Error::*;
        match self {
            InvalidParameterValue { .. } | InvalidInstanceType { .. } | InvalidFilter { .. } => {
                "InvalidParameterValue"
            }
            InvalidParameter { .. } => "InvalidParameter",
            MissingParameter { .. } => "MissingParameter",
            InvalidParameterCombination { .. } => "InvalidParameterCombination",
            Unsupported { .. } => "Unsupported",
            KeyPairNotFound { .. } => "InvalidKeyPair.NotFound",
            KeyPairDuplicate { .. } => "InvalidKeyPair.Duplicate",
            KeyFormat => "InvalidKey.Format",
            GroupNotFound { .. } | GroupNameNotFound { .. } => "InvalidGroup.NotFound",
            GroupIdMalformed { .. } => "InvalidGroupId.Malformed",
            GroupDuplicate { .. } => "InvalidGroup.Duplicate",
            CannotDeleteDefaultGroup { .. } => "CannotDelete",
            DependencyViolation { .. } => "DependencyViolation",
            PermissionDuplicate { .. } => "InvalidPermission.Duplicate",
            PermissionNotFound => "InvalidPermission.NotFound",
            PermissionMalformed { .. } => "InvalidPermission.Malformed",
            SecurityGroupRuleNotFound { .. } => "InvalidSecurityGroupRuleId.NotFound",
            RulesPerSecurityGroupLimitExceeded => "RulesPerSecurityGroupLimitExceeded",
            SecurityGroupsPerInterfaceLimitExceeded => "SecurityGroupsPerInterfaceLimitExceeded",
            InstanceNotFound { .. } => "InvalidInstanceID.NotFound",
            InstanceIdMalformed { .. } => "InvalidInstanceID.Malformed",
            IncorrectInstanceState { .. } => "IncorrectInstanceState",
            OperationNotPermitted { .. } => "OperationNotPermitted",
            UnsupportedOperation { .. } => "UnsupportedOperation",
            UnsupportedHibernationConfiguration { .. } => "UnsupportedHibernationConfiguration",
            AmiNotFound { .. } => "InvalidAMIID.NotFound",
            AmiIdMalformed { .. } => "InvalidAMIID.Malformed",
            SubnetNotFound { .. } => "InvalidSubnetID.NotFound",
            VpcNotFound { .. } => "InvalidVpcID.NotFound",
            InvalidBlockDeviceMapping { .. } => "InvalidBlockDeviceMapping",
            VcpuLimitExceeded { .. } => "VcpuLimitExceeded",
            AddressLimitExceeded => "AddressLimitExceeded",
            AllocationNotFound { .. } => "InvalidAllocationID.NotFound",
            AssociationNotFound { .. } => "InvalidAssociationID.NotFound",
            AddressNotFound { .. } => "InvalidAddress.NotFound",
            AddressInUse { .. } => "InvalidIPAddress.InUse",
            ResourceAlreadyAssociated { .. } => "Resource.AlreadyAssociated",
            InvalidId { .. } => "InvalidID",
            VolumeNotFound { .. } => "InvalidVolume.NotFound",
            VolumeZoneMismatch { .. } => "InvalidVolume.ZoneMismatch",
            VolumeInUse { .. } => "VolumeInUse",
            IncorrectState { .. } => "IncorrectState",
            IncorrectModificationState { .. } => "IncorrectModificationState",
            AttachmentNotFound { .. } => "InvalidAttachment.NotFound",
            SnapshotNotFound { .. } => "InvalidSnapshot.NotFound",
            LaunchTemplateNameMalformed { .. } => "InvalidLaunchTemplateName.MalformedException",
            LaunchTemplateNameExists { .. } => "InvalidLaunchTemplateName.AlreadyExistsException",
            LaunchTemplateNameNotFound { .. } => "InvalidLaunchTemplateName.NotFoundException",
            LaunchTemplateIdNotFound { .. } => "InvalidLaunchTemplateId.NotFound",
            LaunchTemplateVersionNotFound { .. } => "InvalidLaunchTemplateId.VersionNotFound",
            ImageNameMalformed { .. } => "InvalidAMIName.Malformed",
            ImageNameDuplicate { .. } => "InvalidAMIName.Duplicate",
            SnapshotInUse { .. } => "InvalidSnapshot.InUse",
            TagLimitExceeded => "TagLimitExceeded",
            RouteTableNotFound { .. } => "InvalidRouteTableID.NotFound",
            NetworkAclNotFound { .. } => "InvalidNetworkAclID.NotFound",
            InternetGatewayNotFound { .. } => "InvalidInternetGatewayID.NotFound",
            VpcRange { .. } => "InvalidVpc.Range",
            SubnetRange { .. } => "InvalidSubnet.Range",
            SubnetConflict { .. } => "InvalidSubnet.Conflict",
            VpcLimitExceeded => "VpcLimitExceeded",
            HasDependencies { .. } | DependencyViolationWith { .. } => "DependencyViolation",
            AlreadyAssociated { .. } => "Resource.AlreadyAssociated",
            GatewayNotAttached { .. } => "Gateway.NotAttached",
            RouteAlreadyExists { .. } => "RouteAlreadyExists",
            RouteNotFound { .. } => "InvalidRoute.NotFound",
            NatGatewayNotFound { .. } => "NatGatewayNotFound",
            NetworkAclEntryAlreadyExists { .. } => "NetworkAclEntryAlreadyExists",
            NetworkAclEntryNotFound { .. } => "InvalidNetworkAclEntry.NotFound",
            DryRunOperation => "DryRunOperation",
            UnauthorizedOperation(_) => "UnauthorizedOperation",
            AuthFailure => "AuthFailure",
            RequestExpired => "RequestExpired",
        }
    }

    /// AWS's message text.
    pub fn message(&self) -> String {
        use Ec2Error::*;
        match self {
            InvalidParameterValue { message }
            | InvalidParameter { message }
            | MissingParameter { message }
            | InvalidParameterCombination { message }
            | Unsupported { message }
            | PermissionMalformed { message }
            | IncorrectInstanceState { message }
            | OperationNotPermitted { message }
            | UnsupportedHibernationConfiguration { message }
            | VolumeZoneMismatch { message }
            | VolumeInUse { message }
            | IncorrectState { message }
            | IncorrectModificationState { message }
            | AttachmentNotFound { message }
            | ImageNameMalformed { message }
            | LaunchTemplateNameMalformed { message }
            | LaunchTemplateNameExists { message }
            | LaunchTemplateNameNotFound { message }
            | LaunchTemplateIdNotFound { message }
            | LaunchTemplateVersionNotFound { message }
            | ImageNameDuplicate { message }
            | UnsupportedOperation { message }
            | InvalidBlockDeviceMapping { message } => message.clone(),
            InvalidInstanceType { instance_type } => {
                format!("Invalid value '{instance_type}' for InstanceType.")
            }
            InvalidFilter { name } => format!("The filter '{name}' is invalid"),
            KeyPairNotFound { key } => format!("The key pair '{key}' does not exist"),
            KeyPairDuplicate { key_name } => format!("The keypair '{key_name}' already exists."),
            KeyFormat => "Key is not in valid OpenSSH public key format".to_string(),
            GroupNotFound { group_id } => {
                format!("The security group '{group_id}' does not exist")
            }
            GroupNameNotFound { group_name, vpc_id } => format!(
                "The security group '{group_name}' does not exist in default VPC '{vpc_id}'"
            ),
            GroupIdMalformed { group_id } => {
                format!("Invalid id: \"{group_id}\" (expecting \"sg-...\")")
            }
            GroupDuplicate { group_name, vpc_id } => {
                format!("The security group '{group_name}' already exists for VPC '{vpc_id}'")
            }
            CannotDeleteDefaultGroup { group_id } => format!(
                "the specified group: \"{group_id}\" name: \"default\" cannot be deleted by a user"
            ),
            DependencyViolation { resource_id } => {
                format!("resource {resource_id} has a dependent object")
            }
            PermissionDuplicate { rule } => {
                format!("the specified rule \"{rule}\" already exists")
            }
            PermissionNotFound => {
                "The specified rule does not exist in this security group.".to_string()
            }
            SecurityGroupRuleNotFound { rule_id } => {
                format!("The security group rule ID '{rule_id}' does not exist")
            }
            RulesPerSecurityGroupLimitExceeded => {
                "The maximum number of rules per security group has been reached.".to_string()
            }
            SecurityGroupsPerInterfaceLimitExceeded => {
                "The maximum number of security groups per interface has been reached.".to_string()
            }
            InstanceNotFound { instance_ids } => match instance_ids.as_slice() {
                [one] => format!("The instance ID '{one}' does not exist"),
                many => format!("The instance IDs '{}' do not exist", many.join(", ")),
            },
            InstanceIdMalformed { instance_id } => format!("Invalid id: \"{instance_id}\""),
            AmiNotFound { image_id } => format!("The image id '[{image_id}]' does not exist"),
            AmiIdMalformed { image_id } => {
                format!("Invalid id: \"{image_id}\" (expecting \"ami-...\")")
            }
            SubnetNotFound { subnet_id } => {
                format!("The subnet ID '{subnet_id}' does not exist")
            }
            VpcNotFound { vpc_id } => format!("The vpc ID '{vpc_id}' does not exist"),
            VcpuLimitExceeded { limit } => format!(
                "You have requested more vCPU capacity than your current vCPU limit of {limit} \
                 allows for the instance bucket that the specified instance type belongs to. \
                 Please visit http://aws.amazon.com/contact-us/ec2-request to request an \
                 adjustment to this limit."
            ),
            AddressLimitExceeded => "The maximum number of addresses has been reached.".to_string(),
            AllocationNotFound { allocation_id } => {
                format!("The allocation ID '{allocation_id}' does not exist")
            }
            AssociationNotFound { association_id } => {
                format!("The association ID '{association_id}' does not exist")
            }
            AddressNotFound { public_ip } => {
                format!("The address '{public_ip}' does not belong to you.")
            }
            AddressInUse { public_ip } => format!("Address {public_ip} is in use."),
            ResourceAlreadyAssociated {
                allocation_id,
                association_id,
            } => format!(
                "resource {allocation_id} is already associated with associate-id {association_id}"
            ),
            InvalidId { resource_id } => format!("The ID '{resource_id}' is not valid"),
            VolumeNotFound { volume_id } => format!("The volume '{volume_id}' does not exist."),
            SnapshotNotFound { snapshot_id } => {
                format!("The snapshot '{snapshot_id}' does not exist.")
            }
            SnapshotInUse {
                snapshot_id,
                image_id,
            } => format!("The snapshot {snapshot_id} is currently in use by {image_id}"),
            TagLimitExceeded => {
                "The maximum number of Tags for a resource has been reached.".to_string()
            }
            RouteTableNotFound { route_table_id } => {
                format!("The routeTable ID '{route_table_id}' does not exist")
            }
            NetworkAclNotFound { network_acl_id } => {
                format!("The networkAcl ID '{network_acl_id}' does not exist")
            }
            InternetGatewayNotFound {
                internet_gateway_id,
            } => format!("The internetGateway ID '{internet_gateway_id}' does not exist"),
            VpcRange { cidr } | SubnetRange { cidr } => format!("The CIDR '{cidr}' is invalid."),
            SubnetConflict { cidr } => format!("The CIDR '{cidr}' conflicts with another subnet"),
            VpcLimitExceeded => "The maximum number of VPCs has been reached.".to_string(),
            HasDependencies { kind, resource_id } => {
                format!("The {kind} '{resource_id}' has dependencies and cannot be deleted.")
            }
            DependencyViolationWith { message } | AlreadyAssociated { message } => message.clone(),
            GatewayNotAttached {
                internet_gateway_id,
                vpc_id,
            } => format!("resource {internet_gateway_id} is not attached to network {vpc_id}"),
            RouteAlreadyExists { cidr } => {
                format!("The route identified by {cidr} already exists.")
            }
            RouteNotFound {
                cidr,
                route_table_id,
            } => format!(
                "There is no route defined for '{cidr}' in the route table {route_table_id}."
            ),
            NatGatewayNotFound { nat_gateway_id } => {
                format!("The Nat Gateway {nat_gateway_id} was not found")
            }
            NetworkAclEntryAlreadyExists { rule_number } => {
                format!("The network acl entry identified by {rule_number} already exists.")
            }
            NetworkAclEntryNotFound {
                rule_number,
                egress,
                network_acl_id,
            } => format!(
                "The {} network acl entry identified by {rule_number} does not exist in {network_acl_id}.",
                if *egress { "egress" } else { "ingress" }
            ),
            DryRunOperation => "Request would have succeeded, but DryRun flag is set.".to_string(),
            UnauthorizedOperation(denied) => format!(
                "You are not authorized to perform this operation. {}",
                denied.message()
            ),
            AuthFailure => {
                "AWS was not able to validate the provided access credentials".to_string()
            }
            RequestExpired => "Request has expired.".to_string(),
        }
    }

    /// The HTTP status of the error response (EC2 client errors are 400;
    /// `DryRunOperation` is 412 as AWS sends it).
    pub fn http_status(&self) -> u16 {
        match self {
            Ec2Error::DryRunOperation => 412,
            Ec2Error::AuthFailure => 401,
            Ec2Error::UnauthorizedOperation(_) => 403,
            _ => 400,
        }
    }

    /// Shorthand for an `InvalidParameterValue` with `message`.
    pub fn invalid_value(message: impl Into<String>) -> Ec2Error {
        Ec2Error::InvalidParameterValue {
            message: message.into(),
        }
    }
}

impl fmt::Display for Ec2Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for Ec2Error {}

impl AwsError for Ec2Error {
    fn code(&self) -> &'static str {
        Ec2Error::code(self)
    }
    fn message(&self) -> String {
        Ec2Error::message(self)
    }
    fn http_status(&self) -> u16 {
        Ec2Error::http_status(self)
    }
}

impl ServiceError for Ec2Error {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        match failure {
            AuthFailure::ExpiredToken => Ec2Error::RequestExpired,
            _ => Ec2Error::AuthFailure,
        }
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        Ec2Error::UnauthorizedOperation(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(err: Ec2Error, code: &str, message: &str) {
        assert_eq!(err.code(), code);
        assert_eq!(err.message(), message);
        assert_eq!(err.to_string(), format!("{code}: {message}"));
    }

    #[test]
    fn codes_and_messages() {
        check(
            Ec2Error::KeyPairDuplicate {
                key_name: "lab".into(),
            },
            "InvalidKeyPair.Duplicate",
            "The keypair 'lab' already exists.",
        );
        check(
            Ec2Error::InvalidInstanceType {
                instance_type: "t9.huge".into(),
            },
            "InvalidParameterValue",
            "Invalid value 't9.huge' for InstanceType.",
        );
        check(
            Ec2Error::InstanceNotFound {
                instance_ids: vec!["i-1".into(), "i-2".into()],
            },
            "InvalidInstanceID.NotFound",
            "The instance IDs 'i-1, i-2' do not exist",
        );
        check(
            Ec2Error::PermissionDuplicate {
                rule: "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW".into(),
            },
            "InvalidPermission.Duplicate",
            "the specified rule \"peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW\" already exists",
        );
        check(
            Ec2Error::CannotDeleteDefaultGroup {
                group_id: "sg-1".into(),
            },
            "CannotDelete",
            "the specified group: \"sg-1\" name: \"default\" cannot be deleted by a user",
        );
        assert!(
            Ec2Error::VcpuLimitExceeded { limit: 32 }
                .message()
                .contains("current vCPU limit of 32 allows")
        );
        assert_eq!(Ec2Error::DryRunOperation.http_status(), 412);
        assert_eq!(Ec2Error::PermissionNotFound.http_status(), 400);
    }

    #[test]
    fn trait_object_reports_the_same() {
        let err: Box<dyn AwsError> = Box::new(Ec2Error::AddressLimitExceeded);
        assert_eq!(err.code(), "AddressLimitExceeded");
        assert_eq!(
            err.message(),
            "The maximum number of addresses has been reached."
        );
    }
}
