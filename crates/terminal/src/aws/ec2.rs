//! `aws ec2`: the subcommands CloudLab supports, their options (names from
//! botocore's model and the CLI's customizations) and the calls into the model.

use cloudlab_model::Cloud;
use serde_json::{Map, Value};

use super::args::{Param, Shape};
pub use super::operation::Operation;
use super::operation::{CallError, call, call_unit, p, req};

static STR: Shape = Shape::Str;
static INT: Shape = Shape::Int;
static BOOL: Shape = Shape::Bool;
static BLOB: Shape = Shape::Blob;
static STR_LIST: Shape = Shape::List(&STR);
static TAG: Shape = Shape::Struct(&[("Key", &STR), ("Value", &STR)]);
static TAGS: Shape = Shape::List(&TAG);
static TAG_SPEC: Shape = Shape::Struct(&[("ResourceType", &STR), ("Tags", &TAGS)]);
static TAG_SPECS: Shape = Shape::List(&TAG_SPEC);
static FILTER: Shape = Shape::Struct(&[("Name", &STR), ("Values", &STR_LIST)]);
static FILTERS: Shape = Shape::List(&FILTER);
static IP_RANGE: Shape = Shape::Struct(&[("CidrIp", &STR), ("Description", &STR)]);
static IPV6_RANGE: Shape = Shape::Struct(&[("CidrIpv6", &STR), ("Description", &STR)]);
static GROUP_PAIR: Shape = Shape::Struct(&[
    ("Description", &STR),
    ("UserId", &STR),
    ("GroupName", &STR),
    ("GroupId", &STR),
    ("VpcId", &STR),
    ("VpcPeeringConnectionId", &STR),
    ("PeeringStatus", &STR),
]);
static PREFIX_LIST_ID: Shape = Shape::Struct(&[("Description", &STR), ("PrefixListId", &STR)]);
static IP_PERMISSION: Shape = Shape::Struct(&[
    ("IpProtocol", &STR),
    ("FromPort", &INT),
    ("ToPort", &INT),
    ("UserIdGroupPairs", &Shape::List(&GROUP_PAIR)),
    ("IpRanges", &Shape::List(&IP_RANGE)),
    ("Ipv6Ranges", &Shape::List(&IPV6_RANGE)),
    ("PrefixListIds", &Shape::List(&PREFIX_LIST_ID)),
]);
static IP_PERMISSIONS: Shape = Shape::List(&IP_PERMISSION);
static EBS: Shape = Shape::Struct(&[
    ("DeleteOnTermination", &BOOL),
    ("Iops", &INT),
    ("SnapshotId", &STR),
    ("VolumeSize", &INT),
    ("VolumeType", &STR),
    ("KmsKeyId", &STR),
    ("Throughput", &INT),
    ("Encrypted", &BOOL),
]);
static BLOCK_DEVICE: Shape = Shape::Struct(&[
    ("DeviceName", &STR),
    ("VirtualName", &STR),
    ("Ebs", &EBS),
    ("NoDevice", &STR),
]);
static BLOCK_DEVICES: Shape = Shape::List(&BLOCK_DEVICE);
static PLACEMENT: Shape = Shape::Struct(&[("AvailabilityZone", &STR), ("Tenancy", &STR)]);
static MONITORING: Shape = Shape::Struct(&[("Enabled", &BOOL)]);
static METADATA_OPTIONS: Shape = Shape::Struct(&[
    ("HttpTokens", &STR),
    ("HttpPutResponseHopLimit", &INT),
    ("HttpEndpoint", &STR),
    ("InstanceMetadataTags", &STR),
]);
static ATTR_BOOL: Shape = Shape::Struct(&[("Value", &BOOL)]);
static ATTR_STR: Shape = Shape::Struct(&[("Value", &STR)]);

const DRY_RUN: Param = p("dry-run", "DryRun", &BOOL);

const SG_RULE_PARAMS: &[Param] = &[
    p("group-id", "GroupId", &STR),
    p("group-name", "GroupName", &STR),
    p("ip-permissions", "IpPermissions", &IP_PERMISSIONS),
    p("tag-specifications", "TagSpecifications", &TAG_SPECS),
    p("protocol", "@protocol", &STR),
    p("port", "@port", &STR),
    p("cidr", "@cidr", &STR),
    p("source-group", "@source-group", &STR),
    p("group-owner", "@group-owner", &STR),
    p("ip-protocol", "IpProtocol", &STR),
    p("from-port", "FromPort", &INT),
    p("to-port", "ToPort", &INT),
    p("cidr-ip", "CidrIp", &STR),
    p(
        "source-security-group-name",
        "SourceSecurityGroupName",
        &STR,
    ),
    p(
        "source-security-group-owner-id",
        "SourceSecurityGroupOwnerId",
        &STR,
    ),
    p("security-group-rule-ids", "SecurityGroupRuleIds", &STR_LIST),
    DRY_RUN,
];

const SG_EGRESS_PARAMS: &[Param] = &[
    req("group-id", "GroupId", &STR),
    p("ip-permissions", "IpPermissions", &IP_PERMISSIONS),
    p("tag-specifications", "TagSpecifications", &TAG_SPECS),
    p("protocol", "@protocol", &STR),
    p("port", "@port", &STR),
    p("cidr", "@cidr", &STR),
    p("source-group", "@source-group", &STR),
    p("group-owner", "@group-owner", &STR),
    p("ip-protocol", "IpProtocol", &STR),
    p("from-port", "FromPort", &INT),
    p("to-port", "ToPort", &INT),
    p("cidr-ip", "CidrIp", &STR),
    p("security-group-rule-ids", "SecurityGroupRuleIds", &STR_LIST),
    DRY_RUN,
];

const INSTANCE_IDS: &[Param] = &[req("instance-ids", "InstanceIds", &STR_LIST), DRY_RUN];

/// Every supported `aws ec2` subcommand, in the CLI's (alphabetical) order.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "allocate-address",
        operation: "AllocateAddress",
        summary: "Allocates an Elastic IP address to your account.",
        params: &[
            p("domain", "Domain", &STR),
            p("tag-specifications", "TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        call: call!(allocate_address),
    },
    Operation {
        name: "associate-address",
        operation: "AssociateAddress",
        summary: "Associates an Elastic IP address with an instance.",
        params: &[
            p("allocation-id", "AllocationId", &STR),
            p("instance-id", "InstanceId", &STR),
            p("public-ip", "PublicIp", &STR),
            p("network-interface-id", "NetworkInterfaceId", &STR),
            p("private-ip-address", "PrivateIpAddress", &STR),
            p("allow-reassociation", "AllowReassociation", &BOOL),
            DRY_RUN,
        ],
        call: call!(associate_address),
    },
    Operation {
        name: "authorize-security-group-egress",
        operation: "AuthorizeSecurityGroupEgress",
        summary: "Adds outbound rules to a security group.",
        params: SG_EGRESS_PARAMS,
        call: call!(authorize_security_group_egress),
    },
    Operation {
        name: "authorize-security-group-ingress",
        operation: "AuthorizeSecurityGroupIngress",
        summary: "Adds inbound rules to a security group.",
        params: SG_RULE_PARAMS,
        call: call!(authorize_security_group_ingress),
    },
    Operation {
        name: "create-key-pair",
        operation: "CreateKeyPair",
        summary: "Creates a key pair; the private key is returned once.",
        params: &[
            req("key-name", "KeyName", &STR),
            p("key-type", "KeyType", &STR),
            p("key-format", "KeyFormat", &STR),
            p("tag-specifications", "TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        call: call!(create_key_pair),
    },
    Operation {
        name: "create-security-group",
        operation: "CreateSecurityGroup",
        summary: "Creates a security group.",
        params: &[
            req("group-name", "GroupName", &STR),
            req("description", "Description", &STR),
            p("vpc-id", "VpcId", &STR),
            p("tag-specifications", "TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        call: call!(create_security_group),
    },
    Operation {
        name: "create-tags",
        operation: "CreateTags",
        summary: "Adds or overwrites tags on resources.",
        params: &[
            req("resources", "Resources", &STR_LIST),
            req("tags", "Tags", &TAGS),
            DRY_RUN,
        ],
        call: call_unit!(create_tags),
    },
    Operation {
        name: "delete-key-pair",
        operation: "DeleteKeyPair",
        summary: "Deletes a key pair (its public key) from EC2.",
        params: &[
            p("key-name", "KeyName", &STR),
            p("key-pair-id", "KeyPairId", &STR),
            DRY_RUN,
        ],
        call: call!(delete_key_pair),
    },
    Operation {
        name: "delete-security-group",
        operation: "DeleteSecurityGroup",
        summary: "Deletes a security group.",
        params: &[
            p("group-id", "GroupId", &STR),
            p("group-name", "GroupName", &STR),
            DRY_RUN,
        ],
        call: call!(delete_security_group),
    },
    Operation {
        name: "delete-tags",
        operation: "DeleteTags",
        summary: "Deletes tags from resources.",
        params: &[
            req("resources", "Resources", &STR_LIST),
            p("tags", "Tags", &TAGS),
            DRY_RUN,
        ],
        call: call_unit!(delete_tags),
    },
    Operation {
        name: "describe-addresses",
        operation: "DescribeAddresses",
        summary: "Describes your Elastic IP addresses.",
        params: &[
            p("public-ips", "PublicIps", &STR_LIST),
            p("allocation-ids", "AllocationIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_addresses),
    },
    Operation {
        name: "describe-availability-zones",
        operation: "DescribeAvailabilityZones",
        summary: "Describes the Availability Zones of the region.",
        params: &[
            p("zone-names", "ZoneNames", &STR_LIST),
            p("zone-ids", "ZoneIds", &STR_LIST),
            p("all-availability-zones", "AllAvailabilityZones", &BOOL),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_availability_zones_with),
    },
    Operation {
        name: "describe-images",
        operation: "DescribeImages",
        summary: "Describes the AMIs available to you.",
        params: &[
            p("image-ids", "ImageIds", &STR_LIST),
            p("owners", "Owners", &STR_LIST),
            p("executable-users", "ExecutableUsers", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            p("include-deprecated", "IncludeDeprecated", &BOOL),
            DRY_RUN,
        ],
        call: call!(describe_images),
    },
    Operation {
        name: "describe-instance-attribute",
        operation: "DescribeInstanceAttribute",
        summary: "Describes one attribute of an instance.",
        params: &[
            req("instance-id", "InstanceId", &STR),
            req("attribute", "Attribute", &STR),
            DRY_RUN,
        ],
        call: call!(describe_instance_attribute),
    },
    Operation {
        name: "describe-instance-status",
        operation: "DescribeInstanceStatus",
        summary: "Describes the status checks of your instances.",
        params: &[
            p("instance-ids", "InstanceIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            p("include-all-instances", "IncludeAllInstances", &BOOL),
            p("max-results", "MaxResults", &INT),
            DRY_RUN,
        ],
        call: call!(describe_instance_status),
    },
    Operation {
        name: "describe-instance-types",
        operation: "DescribeInstanceTypes",
        summary: "Describes instance types: vCPUs, memory, network.",
        params: &[
            p("instance-types", "InstanceTypes", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_instance_types),
    },
    Operation {
        name: "describe-instances",
        operation: "DescribeInstances",
        summary: "Describes your instances.",
        params: &[
            p("instance-ids", "InstanceIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            p("max-results", "MaxResults", &INT),
            p("next-token", "NextToken", &STR),
            DRY_RUN,
        ],
        call: call!(describe_instances),
    },
    Operation {
        name: "describe-internet-gateways",
        operation: "DescribeInternetGateways",
        summary: "Describes your internet gateways.",
        params: &[
            p("internet-gateway-ids", "InternetGatewayIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_internet_gateways),
    },
    Operation {
        name: "describe-key-pairs",
        operation: "DescribeKeyPairs",
        summary: "Describes your key pairs.",
        params: &[
            p("key-names", "KeyNames", &STR_LIST),
            p("key-pair-ids", "KeyPairIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            p("include-public-key", "IncludePublicKey", &BOOL),
            DRY_RUN,
        ],
        call: call!(describe_key_pairs),
    },
    Operation {
        name: "describe-network-acls",
        operation: "DescribeNetworkAcls",
        summary: "Describes your network ACLs.",
        params: &[
            p("network-acl-ids", "NetworkAclIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_network_acls),
    },
    Operation {
        name: "describe-regions",
        operation: "DescribeRegions",
        summary: "Describes the regions enabled for your account.",
        params: &[
            p("region-names", "RegionNames", &STR_LIST),
            p("all-regions", "AllRegions", &BOOL),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_regions_with),
    },
    Operation {
        name: "describe-route-tables",
        operation: "DescribeRouteTables",
        summary: "Describes your route tables.",
        params: &[
            p("route-table-ids", "RouteTableIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_route_tables),
    },
    Operation {
        name: "describe-security-group-rules",
        operation: "DescribeSecurityGroupRules",
        summary: "Describes security group rules.",
        params: &[
            p("security-group-rule-ids", "SecurityGroupRuleIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            p("max-results", "MaxResults", &INT),
            DRY_RUN,
        ],
        call: call!(describe_security_group_rules),
    },
    Operation {
        name: "describe-security-groups",
        operation: "DescribeSecurityGroups",
        summary: "Describes security groups.",
        params: &[
            p("group-ids", "GroupIds", &STR_LIST),
            p("group-names", "GroupNames", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            p("max-results", "MaxResults", &INT),
            DRY_RUN,
        ],
        call: call!(describe_security_groups),
    },
    Operation {
        name: "describe-subnets",
        operation: "DescribeSubnets",
        summary: "Describes your subnets.",
        params: &[
            p("subnet-ids", "SubnetIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_subnets),
    },
    Operation {
        name: "describe-tags",
        operation: "DescribeTags",
        summary: "Describes the tags of your resources.",
        params: &[
            p("filters", "Filters", &FILTERS),
            p("max-results", "MaxResults", &INT),
            DRY_RUN,
        ],
        call: call!(describe_tags),
    },
    Operation {
        name: "describe-volumes",
        operation: "DescribeVolumes",
        summary: "Describes your EBS volumes.",
        params: &[
            p("volume-ids", "VolumeIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_volumes),
    },
    Operation {
        name: "describe-vpcs",
        operation: "DescribeVpcs",
        summary: "Describes your VPCs.",
        params: &[
            p("vpc-ids", "VpcIds", &STR_LIST),
            p("filters", "Filters", &FILTERS),
            DRY_RUN,
        ],
        call: call!(describe_vpcs),
    },
    Operation {
        name: "disassociate-address",
        operation: "DisassociateAddress",
        summary: "Disassociates an Elastic IP address from its instance.",
        params: &[
            p("association-id", "AssociationId", &STR),
            p("public-ip", "PublicIp", &STR),
            DRY_RUN,
        ],
        call: call_unit!(disassociate_address),
    },
    Operation {
        name: "import-key-pair",
        operation: "ImportKeyPair",
        summary: "Imports the public key of a key pair you made (fileb://key.pub).",
        params: &[
            req("key-name", "KeyName", &STR),
            req("public-key-material", "PublicKeyMaterial", &BLOB),
            p("tag-specifications", "TagSpecifications", &TAG_SPECS),
            DRY_RUN,
        ],
        call: call!(import_key_pair),
    },
    Operation {
        name: "modify-instance-attribute",
        operation: "ModifyInstanceAttribute",
        summary: "Changes an instance attribute (type, termination protection, ...).",
        params: &[
            req("instance-id", "InstanceId", &STR),
            p(
                "disable-api-termination",
                "DisableApiTermination",
                &ATTR_BOOL,
            ),
            p("disable-api-stop", "DisableApiStop", &ATTR_BOOL),
            p("instance-type", "InstanceType", &ATTR_STR),
            p("user-data", "UserData", &ATTR_STR),
            p(
                "instance-initiated-shutdown-behavior",
                "InstanceInitiatedShutdownBehavior",
                &ATTR_STR,
            ),
            p("groups", "Groups", &STR_LIST),
            p("attribute", "@attribute", &STR),
            p("value", "@value", &STR),
            p("source-dest-check", "SourceDestCheck", &ATTR_BOOL),
            p("ebs-optimized", "EbsOptimized", &ATTR_BOOL),
            DRY_RUN,
        ],
        call: call_unit!(modify_instance_attribute),
    },
    Operation {
        name: "reboot-instances",
        operation: "RebootInstances",
        summary: "Reboots instances.",
        params: INSTANCE_IDS,
        call: call_unit!(reboot_instances),
    },
    Operation {
        name: "release-address",
        operation: "ReleaseAddress",
        summary: "Releases an Elastic IP address.",
        params: &[
            p("allocation-id", "AllocationId", &STR),
            p("public-ip", "PublicIp", &STR),
            p("network-border-group", "NetworkBorderGroup", &STR),
            DRY_RUN,
        ],
        call: call_unit!(release_address),
    },
    Operation {
        name: "revoke-security-group-egress",
        operation: "RevokeSecurityGroupEgress",
        summary: "Removes outbound rules from a security group.",
        params: SG_EGRESS_PARAMS,
        call: call!(revoke_security_group_egress),
    },
    Operation {
        name: "revoke-security-group-ingress",
        operation: "RevokeSecurityGroupIngress",
        summary: "Removes inbound rules from a security group.",
        params: SG_RULE_PARAMS,
        call: call!(revoke_security_group_ingress),
    },
    Operation {
        name: "run-instances",
        operation: "RunInstances",
        summary: "Launches instances from an AMI.",
        params: &[
            p("image-id", "ImageId", &STR),
            p("instance-type", "InstanceType", &STR),
            p("count", "@count", &STR),
            p("key-name", "KeyName", &STR),
            p("security-group-ids", "SecurityGroupIds", &STR_LIST),
            p("security-groups", "SecurityGroups", &STR_LIST),
            p("subnet-id", "SubnetId", &STR),
            p("tag-specifications", "TagSpecifications", &TAG_SPECS),
            p(
                "block-device-mappings",
                "BlockDeviceMappings",
                &BLOCK_DEVICES,
            ),
            p("disable-api-termination", "DisableApiTermination", &BOOL),
            p("disable-api-stop", "DisableApiStop", &BOOL),
            p("user-data", "UserData", &STR),
            p(
                "associate-public-ip-address",
                "@associate-public-ip-address",
                &BOOL,
            ),
            p("placement", "Placement", &PLACEMENT),
            p("monitoring", "Monitoring", &MONITORING),
            p("metadata-options", "MetadataOptions", &METADATA_OPTIONS),
            p(
                "instance-initiated-shutdown-behavior",
                "InstanceInitiatedShutdownBehavior",
                &STR,
            ),
            p("private-ip-address", "PrivateIpAddress", &STR),
            p("client-token", "ClientToken", &STR),
            DRY_RUN,
        ],
        call: call!(run_instances),
    },
    Operation {
        name: "start-instances",
        operation: "StartInstances",
        summary: "Starts stopped instances.",
        params: INSTANCE_IDS,
        call: call!(start_instances),
    },
    Operation {
        name: "stop-instances",
        operation: "StopInstances",
        summary: "Stops running instances.",
        params: &[
            req("instance-ids", "InstanceIds", &STR_LIST),
            p("force", "Force", &BOOL),
            p("hibernate", "Hibernate", &BOOL),
            DRY_RUN,
        ],
        call: call!(stop_instances),
    },
    Operation {
        name: "terminate-instances",
        operation: "TerminateInstances",
        summary: "Terminates instances (their root volumes are deleted).",
        params: INSTANCE_IDS,
        call: call!(terminate_instances),
    },
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
    if op.name == "modify-instance-attribute"
        && let Some(attribute) = get("@attribute")
    {
        let value = get("@value").unwrap_or_default();
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

/// Calls the model for `op`.
pub fn call(
    op: &Operation,
    cloud: &mut Cloud,
    params: Map<String, Value>,
) -> Result<Value, CallError> {
    (op.call)(cloud, params)?.into_value()
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
