//! `aws ec2`: the subcommands CloudLab supports, their options (names from
//! botocore's model and the CLI's customizations) and the calls into the model.

use serde_json::{Map, Value};

use super::generated;
pub use super::operation::Operation;
use super::operation::{CallError, call, call_unit};

/// Every supported `aws ec2` subcommand, in the CLI's (alphabetical) order.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::ec2::ALLOCATE_ADDRESS,
        "Allocates an Elastic IP address to your account.",
        call!(allocate_address),
    ),
    Operation::new(
        generated::ec2::ASSOCIATE_ADDRESS,
        "Associates an Elastic IP address with an instance.",
        call!(associate_address),
    ),
    Operation::new(
        generated::ec2::ASSOCIATE_IAM_INSTANCE_PROFILE,
        "Gives a running or stopped instance an IAM role through its instance profile.",
        call!(associate_iam_instance_profile),
    ),
    Operation::new(
        generated::ec2::ASSOCIATE_ROUTE_TABLE,
        "Associates a route table with a subnet (instead of the main table).",
        call!(associate_route_table),
    ),
    Operation::new(
        generated::ec2::ATTACH_INTERNET_GATEWAY,
        "Attaches an internet gateway to a VPC.",
        call_unit!(attach_internet_gateway),
    ),
    Operation::new(
        generated::ec2::ATTACH_VOLUME,
        "Attaches an EBS volume to an instance in the same Availability Zone.",
        call!(attach_volume),
    ),
    Operation::new(
        generated::ec2::AUTHORIZE_SECURITY_GROUP_EGRESS,
        "Adds outbound rules to a security group.",
        call!(authorize_security_group_egress),
    ),
    Operation::new(
        generated::ec2::AUTHORIZE_SECURITY_GROUP_INGRESS,
        "Adds inbound rules to a security group.",
        call!(authorize_security_group_ingress),
    ),
    Operation::new(
        generated::ec2::COPY_IMAGE,
        "Copies an AMI you own, from the same or another region, into the region you send it to.",
        call!(copy_image_here),
    ),
    Operation::new(
        generated::ec2::CREATE_IMAGE,
        "Creates an AMI from an instance (a snapshot of each of its volumes).",
        call!(create_image),
    ),
    Operation::new(
        generated::ec2::CREATE_INTERNET_GATEWAY,
        "Creates an internet gateway (attach it to a VPC).",
        call!(create_internet_gateway),
    ),
    Operation::new(
        generated::ec2::CREATE_KEY_PAIR,
        "Creates a key pair; the private key is returned once.",
        call!(create_key_pair),
    ),
    Operation::new(
        generated::ec2::CREATE_LAUNCH_TEMPLATE,
        "Creates a launch template (its version 1).",
        call!(create_launch_template),
    ),
    Operation::new(
        generated::ec2::CREATE_LAUNCH_TEMPLATE_VERSION,
        "Adds a version to a launch template.",
        call!(create_launch_template_version),
    ),
    Operation::new(
        generated::ec2::CREATE_NAT_GATEWAY,
        "Creates a NAT gateway in a subnet, with an Elastic IP.",
        call!(create_nat_gateway),
    ),
    Operation::new(
        generated::ec2::CREATE_NETWORK_ACL,
        "Creates a network ACL (it denies everything until you add rules).",
        call!(create_network_acl),
    ),
    Operation::new(
        generated::ec2::CREATE_NETWORK_ACL_ENTRY,
        "Adds a numbered rule to a network ACL.",
        call_unit!(create_network_acl_entry),
    ),
    Operation::new(
        generated::ec2::CREATE_ROUTE,
        "Adds a route to a route table.",
        call!(create_route),
    ),
    Operation::new(
        generated::ec2::CREATE_ROUTE_TABLE,
        "Creates a route table with the VPC's local route.",
        call!(create_route_table),
    ),
    Operation::new(
        generated::ec2::CREATE_SECURITY_GROUP,
        "Creates a security group.",
        call!(create_security_group),
    ),
    Operation::new(
        generated::ec2::CREATE_SNAPSHOT,
        "Creates a snapshot of an EBS volume.",
        call!(create_snapshot),
    ),
    Operation::new(
        generated::ec2::CREATE_SUBNET,
        "Creates a subnet in one Availability Zone of a VPC.",
        call!(create_subnet),
    ),
    Operation::new(
        generated::ec2::CREATE_TAGS,
        "Adds or overwrites tags on resources.",
        call_unit!(create_tags),
    ),
    Operation::new(
        generated::ec2::CREATE_VOLUME,
        "Creates an EBS volume in one Availability Zone.",
        call!(create_volume),
    ),
    Operation::new(
        generated::ec2::CREATE_VPC,
        "Creates a VPC with an IPv4 block from /16 to /28.",
        call!(create_vpc),
    ),
    Operation::new(
        generated::ec2::DELETE_INTERNET_GATEWAY,
        "Deletes a detached internet gateway.",
        call_unit!(delete_internet_gateway),
    ),
    Operation::new(
        generated::ec2::DELETE_KEY_PAIR,
        "Deletes a key pair (its public key) from EC2.",
        call!(delete_key_pair),
    ),
    Operation::new(
        generated::ec2::DELETE_LAUNCH_TEMPLATE,
        "Deletes a launch template and all its versions.",
        call!(delete_launch_template),
    ),
    Operation::new(
        generated::ec2::DELETE_NAT_GATEWAY,
        "Deletes a NAT gateway (its Elastic IP stays allocated).",
        call!(delete_nat_gateway),
    ),
    Operation::new(
        generated::ec2::DELETE_NETWORK_ACL,
        "Deletes a network ACL no subnet uses.",
        call_unit!(delete_network_acl),
    ),
    Operation::new(
        generated::ec2::DELETE_NETWORK_ACL_ENTRY,
        "Deletes a rule from a network ACL.",
        call_unit!(delete_network_acl_entry),
    ),
    Operation::new(
        generated::ec2::DELETE_ROUTE,
        "Deletes a route from a route table.",
        call_unit!(delete_route),
    ),
    Operation::new(
        generated::ec2::DELETE_ROUTE_TABLE,
        "Deletes a route table no subnet uses.",
        call_unit!(delete_route_table),
    ),
    Operation::new(
        generated::ec2::DELETE_SECURITY_GROUP,
        "Deletes a security group.",
        call!(delete_security_group),
    ),
    Operation::new(
        generated::ec2::DELETE_SNAPSHOT,
        "Deletes a snapshot that no AMI uses.",
        call_unit!(delete_snapshot),
    ),
    Operation::new(
        generated::ec2::DELETE_SUBNET,
        "Deletes a subnet nothing runs in.",
        call_unit!(delete_subnet),
    ),
    Operation::new(
        generated::ec2::DELETE_TAGS,
        "Deletes tags from resources.",
        call_unit!(delete_tags),
    ),
    Operation::new(
        generated::ec2::DELETE_VOLUME,
        "Deletes an EBS volume that is not attached.",
        call_unit!(delete_volume),
    ),
    Operation::new(
        generated::ec2::DELETE_VPC,
        "Deletes a VPC once its subnets, gateways and groups are gone.",
        call_unit!(delete_vpc),
    ),
    Operation::new(
        generated::ec2::DEREGISTER_IMAGE,
        "Deregisters an AMI you own.",
        call_unit!(deregister_image),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_ADDRESSES,
        "Describes your Elastic IP addresses.",
        call!(describe_addresses),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_AVAILABILITY_ZONES,
        "Describes the Availability Zones of the region.",
        call!(describe_availability_zones_with),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_IAM_INSTANCE_PROFILE_ASSOCIATIONS,
        "Lists which instances hold which instance profiles.",
        call!(describe_iam_instance_profile_associations),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_IMAGES,
        "Describes the AMIs available to you.",
        call!(describe_images),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_INSTANCE_ATTRIBUTE,
        "Describes one attribute of an instance.",
        call!(describe_instance_attribute),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_INSTANCE_STATUS,
        "Describes the status checks of your instances.",
        call!(describe_instance_status),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_INSTANCE_TYPES,
        "Describes instance types: vCPUs, memory, network.",
        call!(describe_instance_types),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_INSTANCES,
        "Describes your instances.",
        call!(describe_instances),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_INTERNET_GATEWAYS,
        "Describes your internet gateways.",
        call!(describe_internet_gateways),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_KEY_PAIRS,
        "Describes your key pairs.",
        call!(describe_key_pairs),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_LAUNCH_TEMPLATE_VERSIONS,
        "Describes versions of a launch template.",
        call!(describe_launch_template_versions),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_LAUNCH_TEMPLATES,
        "Describes launch templates.",
        call!(describe_launch_templates),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_NAT_GATEWAYS,
        "Describes your NAT gateways.",
        call!(describe_nat_gateways),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_NETWORK_ACLS,
        "Describes your network ACLs.",
        call!(describe_network_acls),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_REGIONS,
        "Describes the regions enabled for your account.",
        call!(describe_regions_with),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_ROUTE_TABLES,
        "Describes your route tables.",
        call!(describe_route_tables),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_SECURITY_GROUP_RULES,
        "Describes security group rules.",
        call!(describe_security_group_rules),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_SECURITY_GROUPS,
        "Describes security groups.",
        call!(describe_security_groups),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_SNAPSHOTS,
        "Describes your EBS snapshots.",
        call!(describe_snapshots),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_SUBNETS,
        "Describes your subnets.",
        call!(describe_subnets),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_TAGS,
        "Describes the tags of your resources.",
        call!(describe_tags),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_VOLUMES,
        "Describes your EBS volumes.",
        call!(describe_volumes),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_VOLUMES_MODIFICATIONS,
        "Describes the modifications of your EBS volumes.",
        call!(describe_volumes_modifications),
    ),
    Operation::new(
        generated::ec2::DESCRIBE_VPCS,
        "Describes your VPCs.",
        call!(describe_vpcs),
    ),
    Operation::new(
        generated::ec2::DETACH_INTERNET_GATEWAY,
        "Detaches an internet gateway from its VPC.",
        call_unit!(detach_internet_gateway),
    ),
    Operation::new(
        generated::ec2::DETACH_VOLUME,
        "Detaches an EBS volume from an instance.",
        call!(detach_volume),
    ),
    Operation::new(
        generated::ec2::DISASSOCIATE_ADDRESS,
        "Disassociates an Elastic IP address from its instance.",
        call_unit!(disassociate_address),
    ),
    Operation::new(
        generated::ec2::DISASSOCIATE_IAM_INSTANCE_PROFILE,
        "Takes the instance profile off an instance.",
        call!(disassociate_iam_instance_profile),
    ),
    Operation::new(
        generated::ec2::DISASSOCIATE_ROUTE_TABLE,
        "Removes a subnet's route table association (it goes back to the main table).",
        call_unit!(disassociate_route_table),
    ),
    Operation::new(
        generated::ec2::IMPORT_KEY_PAIR,
        "Imports the public key of a key pair you made (fileb://key.pub).",
        call!(import_key_pair),
    ),
    Operation::new(
        generated::ec2::MODIFY_INSTANCE_ATTRIBUTE,
        "Changes an instance attribute (type, termination protection, ...).",
        call_unit!(modify_instance_attribute),
    ),
    Operation::new(
        generated::ec2::MODIFY_LAUNCH_TEMPLATE,
        "Sets a launch template's default version.",
        call!(modify_launch_template),
    ),
    Operation::new(
        generated::ec2::MODIFY_SUBNET_ATTRIBUTE,
        "Changes a subnet attribute (public addresses on launch).",
        call_unit!(modify_subnet_attribute),
    ),
    Operation::new(
        generated::ec2::MODIFY_VOLUME,
        "Changes an EBS volume's size, type, IOPS or throughput while it is in use.",
        call!(modify_volume),
    ),
    Operation::new(
        generated::ec2::MONITOR_INSTANCES,
        "Turns on detailed (1-minute) monitoring.",
        call!(monitor_instances),
    ),
    Operation::new(
        generated::ec2::REBOOT_INSTANCES,
        "Reboots instances.",
        call_unit!(reboot_instances),
    ),
    Operation::new(
        generated::ec2::RELEASE_ADDRESS,
        "Releases an Elastic IP address.",
        call_unit!(release_address),
    ),
    Operation::new(
        generated::ec2::REPLACE_NETWORK_ACL_ASSOCIATION,
        "Moves a subnet to another network ACL.",
        call!(replace_network_acl_association),
    ),
    Operation::new(
        generated::ec2::REPLACE_NETWORK_ACL_ENTRY,
        "Replaces a numbered rule of a network ACL.",
        call_unit!(replace_network_acl_entry),
    ),
    Operation::new(
        generated::ec2::REPLACE_ROUTE,
        "Replaces the target of a route.",
        call_unit!(replace_route),
    ),
    Operation::new(
        generated::ec2::REVOKE_SECURITY_GROUP_EGRESS,
        "Removes outbound rules from a security group.",
        call!(revoke_security_group_egress),
    ),
    Operation::new(
        generated::ec2::REVOKE_SECURITY_GROUP_INGRESS,
        "Removes inbound rules from a security group.",
        call!(revoke_security_group_ingress),
    ),
    Operation::new(
        generated::ec2::RUN_INSTANCES,
        "Launches instances from an AMI.",
        call!(run_instances),
    ),
    Operation::new(
        generated::ec2::START_INSTANCES,
        "Starts stopped instances.",
        call!(start_instances),
    ),
    Operation::new(
        generated::ec2::STOP_INSTANCES,
        "Stops running instances.",
        call!(stop_instances),
    ),
    Operation::new(
        generated::ec2::TERMINATE_INSTANCES,
        "Terminates instances (their root volumes are deleted).",
        call!(terminate_instances),
    ),
    Operation::new(
        generated::ec2::UNMONITOR_INSTANCES,
        "Turns detailed monitoring off (back to 5-minute metrics).",
        call!(unmonitor_instances),
    ),
];

/// The subcommand named `name`.
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}

/// Applies the CLI's own options (`--count`, `--port`, ...) to the request, as
/// the AWS CLI's customizations do.
pub fn apply_custom(
    op: &Operation,
    params: &mut Map<String, Value>,
    custom: &[(String, Option<String>)],
) -> Result<(), CallError> {
    let get = |name: &str| {
        custom
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.clone())
    };
    if op.name == "run-instances" {
        let (min, max) = match get("@count") {
            Some(count) => {
                let parsed = match count.split_once(':') {
                    Some((a, b)) => a
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .zip(b.trim().parse::<u32>().ok()),
                    None => count.trim().parse::<u32>().ok().map(|n| (n, n)),
                };
                parsed.ok_or_else(|| {
                    CallError::Other(
                        "count parameter should be of form min[:max] (e.g. 1 or 1:10)".into(),
                    )
                })?
            }
            None => (1, 1),
        };
        params.insert("MinCount".into(), Value::from(min));
        params.insert("MaxCount".into(), Value::from(max));
        if let Some(v) = get("@associate-public-ip-address") {
            params.insert("AssociatePublicIpAddress".into(), Value::Bool(v == "true"));
        }
    }
    // `--attribute instanceType --value t3.small` is EC2's older form of
    // `--instance-type Value=t3.small`: the service reads it as that member.
    if op.name == "modify-instance-attribute"
        && let Some(Value::String(attribute)) = params.remove("Attribute")
    {
        let value = match params.remove("Value") {
            Some(Value::String(value)) => value,
            _ => String::new(),
        };
        let member = match attribute.as_str() {
            "instanceType" => "InstanceType",
            "disableApiTermination" => "DisableApiTermination",
            "disableApiStop" => "DisableApiStop",
            "userData" => "UserData",
            "instanceInitiatedShutdownBehavior" => "InstanceInitiatedShutdownBehavior",
            other => {
                return Err(CallError::service(cloudlab_model::Ec2Error::invalid_value(
                    format!(
                        "Value ({other}) for parameter attribute is invalid. Unknown attribute."
                    ),
                )));
            }
        };
        let v = if member.starts_with("Disable") {
            Value::Bool(value.eq_ignore_ascii_case("true"))
        } else {
            Value::String(value)
        };
        let mut m = Map::new();
        m.insert("Value".into(), v);
        params.insert(member.into(), Value::Object(m));
    }
    // `awscli/customizations/ec2/protocolarg.py`: a protocol name becomes its number.
    if matches!(
        op.name,
        "create-network-acl-entry" | "replace-network-acl-entry"
    ) && let Some(Value::String(protocol)) = params.get_mut("Protocol")
    {
        let number = match protocol.as_str() {
            "tcp" => Some("6"),
            "udp" => Some("17"),
            "icmp" => Some("1"),
            "all" => Some("-1"),
            _ => None,
        };
        if let Some(number) = number {
            *protocol = number.to_string();
        }
    }
    if op.name.contains("security-group-")
        && (op.name.starts_with("authorize") || op.name.starts_with("revoke"))
    {
        let simplified: Vec<&str> = [
            "@protocol",
            "@port",
            "@cidr",
            "@source-group",
            "@group-owner",
        ]
        .into_iter()
        .filter(|k| get(k).is_some())
        .collect();
        if simplified.is_empty() {
            return Ok(());
        }
        if params.contains_key("IpPermissions") {
            let key = simplified
                .first()
                .map(|k| k.trim_start_matches('@'))
                .unwrap_or("");
            return Err(CallError::Other(format!(
                "The --{key} option is not compatible with the --ip-permissions option "
            )));
        }
        let mut perm = Map::new();
        if let Some(proto) = get("@protocol") {
            let value = match proto.parse::<i64>() {
                Ok(n) if (0..=255).contains(&n) || n == -1 => proto.clone(),
                Ok(_) => {
                    return Err(CallError::Other(
                        "protocol numbers must be in the range 0-255 or -1 to specify all protocols"
                            .into(),
                    ));
                }
                Err(_) => match proto.as_str() {
                    "tcp" | "udp" | "icmp" => proto.clone(),
                    "all" => "-1".into(),
                    _ => {
                        return Err(CallError::Other(
                            "protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number."
                                .into(),
                        ));
                    }
                },
            };
            perm.insert("IpProtocol".into(), Value::String(value));
        }
        if let Some(port) = get("@port") {
            let bad = || {
                CallError::Other(
                    "port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)".into(),
                )
            };
            let (from, to) = if port == "-1" || port == "all" {
                (-1, -1)
            } else if let Some((a, b)) = port.split_once('-') {
                (
                    a.parse::<i64>().map_err(|_| bad())?,
                    b.parse::<i64>().map_err(|_| bad())?,
                )
            } else {
                let n = port.parse::<i64>().map_err(|_| bad())?;
                (n, n)
            };
            perm.insert("FromPort".into(), Value::from(from));
            perm.insert("ToPort".into(), Value::from(to));
        }
        if let Some(cidr) = get("@cidr") {
            let mut range = Map::new();
            range.insert("CidrIp".into(), Value::String(cidr));
            perm.insert("IpRanges".into(), Value::Array(vec![Value::Object(range)]));
        }
        let mut pair = Map::new();
        if let Some(group) = get("@source-group") {
            let key = if group.starts_with("sg-") {
                "GroupId"
            } else {
                "GroupName"
            };
            pair.insert(key.into(), Value::String(group));
        }
        if let Some(owner) = get("@group-owner") {
            pair.insert("UserId".into(), Value::String(owner));
        }
        if !pair.is_empty() {
            perm.insert(
                "UserIdGroupPairs".into(),
                Value::Array(vec![Value::Object(pair)]),
            );
        }
        params.insert(
            "IpPermissions".into(),
            Value::Array(vec![Value::Object(perm)]),
        );
    }
    Ok(())
}

/// `aws ec2 copy-image`: reads the image from `--source-region` (the lab's region
/// or another one the account uses) and copies it into `region` (the lab's when
/// `None`), which the call is sent to.
pub(super) fn copy_image(
    cloud: &mut cloudlab_model::Cloud,
    region: Option<&str>,
    caller: cloudlab_model::Caller,
    params: Map<String, Value>,
) -> Result<super::operation::Response, CallError> {
    use cloudlab_model::ec2::own_images::CopyImageInput;
    let input: CopyImageInput = super::operation::input(params)?;
    let lab = cloud.region().code;
    let source = if input.source_region == lab {
        Some(&*cloud)
    } else {
        cloud.other_region(&input.source_region)
    };
    let export = match source {
        Some(source) => source.export_image(&input.source_image_id),
        None if cloudlab_model::catalog::region(&input.source_region).is_none() => {
            Err(cloudlab_model::Ec2Error::invalid_value(format!(
                "Invalid value '{}' for SourceRegion",
                input.source_region
            )))
        }
        None => Err(cloudlab_model::Ec2Error::AmiNotFound {
            image_id: input.source_image_id.clone(),
        }),
    };
    let (destination, caller) = match region {
        None => (cloud, caller),
        Some(code) => {
            let other = cloud.region_mut(code).map_err(CallError::service)?;
            let credentials = other.default_cli_credentials();
            (other, cloudlab_model::Caller::Credentials(credentials))
        }
    };
    let out = destination
        .as_caller(caller)
        .copy_image(input, export.as_ref().map_err(Clone::clone))
        .map_err(CallError::service)?;
    super::operation::output(out)
}

/// The table's entry for `copy-image`: only reached through [`copy_image`] (the
/// dispatcher sends copies there, since they read another region).
trait CopyHere {
    fn copy_image_here(
        &mut self,
        input: cloudlab_model::ec2::own_images::CopyImageInput,
    ) -> Result<cloudlab_model::ec2::own_images::CreateImageOutput, cloudlab_model::Ec2Error>;
}

impl CopyHere for cloudlab_model::Cloud {
    fn copy_image_here(
        &mut self,
        input: cloudlab_model::ec2::own_images::CopyImageInput,
    ) -> Result<cloudlab_model::ec2::own_images::CreateImageOutput, cloudlab_model::Ec2Error> {
        let export = self.export_image(&input.source_image_id);
        self.copy_image(input, export.as_ref().map_err(Clone::clone))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_sorted_and_named_like_botocore() {
        let names: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        for op in OPERATIONS {
            // xform_name(Operation, '-') gives the CLI name.
            let mut expected = String::new();
            for (i, c) in op.operation.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    expected.push('-');
                }
                expected.push(c.to_ascii_lowercase());
            }
            assert_eq!(op.name, expected);
        }
    }

    #[test]
    fn simplified_security_group_options() {
        let op = operation("authorize-security-group-ingress").unwrap();
        let mut params = Map::new();
        let custom = vec![
            ("@protocol".to_string(), Some("tcp".to_string())),
            ("@port".to_string(), Some("8000-8100".to_string())),
            ("@cidr".to_string(), Some("0.0.0.0/0".to_string())),
        ];
        apply_custom(op, &mut params, &custom).unwrap();
        assert_eq!(
            Value::Object(params),
            serde_json::json!({"IpPermissions": [{"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8100, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]})
        );
        let mut params = Map::new();
        let bad = vec![("@port".to_string(), Some("ssh".to_string()))];
        assert!(
            matches!(apply_custom(op, &mut params, &bad), Err(CallError::Other(m)) if m.contains("port parameter"))
        );
    }

    #[test]
    fn count_becomes_min_and_max() {
        let op = operation("run-instances").unwrap();
        let mut params = Map::new();
        apply_custom(op, &mut params, &[("@count".into(), Some("2:3".into()))]).unwrap();
        assert_eq!(params.get("MinCount"), Some(&Value::from(2)));
        assert_eq!(params.get("MaxCount"), Some(&Value::from(3)));
        let mut params = Map::new();
        apply_custom(op, &mut params, &[]).unwrap();
        assert_eq!(params.get("MinCount"), Some(&Value::from(1)));
    }
}
