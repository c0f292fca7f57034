//! Data-driven checks against AWS's own reference data (botocore enums, shapes and
//! operations; moto's error catalog) in the shared fidelity folder.
//!
//! The data is the EC2 and IAM part kept in `tests/fidelity/` (see its README for
//! sources and licences); `CLOUDLAB_FIDELITY_DIR` points the test at another copy of
//! the same layout, such as the full reference set.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use cloudlab_model::catalog::{self, Architecture, OsFamily};
use cloudlab_model::ec2::addresses::{
    AllocateAddressInput, AssociateAddressInput, DescribeAddressesInput,
};
use cloudlab_model::ec2::filters::Filter;
use cloudlab_model::ec2::instances::{
    DescribeImagesInput, DescribeInstancesInput, DescribeVolumesInput, InstanceIdsInput,
    RunInstancesInput,
};
use cloudlab_model::ec2::key_pairs::{
    CreateKeyPairInput, DeleteKeyPairInput, DescribeKeyPairsInput, ImportKeyPairInput,
};
use cloudlab_model::ec2::security_groups::{
    CreateSecurityGroupInput, DescribeSecurityGroupsInput, IpPermission, SecurityGroupRulesInput,
};
use cloudlab_model::ec2::status::DescribeInstanceStatusInput;
use cloudlab_model::ec2::vpc::{
    DescribeInternetGatewaysInput, DescribeNetworkAclsInput, DescribeRouteTablesInput,
    DescribeSubnetsInput, DescribeVpcsInput,
};
use cloudlab_model::ec2::{InstanceStateName, Tag, TagSpecification};
use cloudlab_model::{Cloud, Ec2Error};
use serde_json::Value;

fn fidelity_dir() -> PathBuf {
    std::env::var_os("CLOUDLAB_FIDELITY_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity"))
}

fn load(rel: &str) -> Value {
    let path = fidelity_dir().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_botocore_instance_type_is_accepted_and_no_other() {
    let enums = load("botocore/enums.json");
    let aws: Vec<String> = strings(&enums["ec2"]["InstanceType"]);
    let ours: Vec<&str> = catalog::instance_type_names().collect();
    assert_eq!(ours.len(), aws.len());
    for name in &aws {
        assert!(catalog::is_instance_type(name), "{name}");
        assert!(catalog::instance_type(name).is_some(), "{name}");
    }
    let summary = load("botocore/summary.json");
    assert_eq!(
        aws.len() as u64,
        summary["ec2_InstanceType_count"].as_u64().unwrap()
    );
    for bad in ["t3.mega", "T3.MICRO", "", "t3micro"] {
        assert!(!catalog::is_instance_type(bad), "{bad}");
    }
}

#[test]
fn state_names_and_codes_match_botocore() {
    let summary = load("botocore/summary.json");
    let codes = summary["ec2_instance_state_codes"].as_object().unwrap();
    assert_eq!(codes.len(), InstanceStateName::ALL.len());
    for state in InstanceStateName::ALL {
        assert_eq!(
            codes[state.as_str()].as_u64().unwrap(),
            u64::from(state.code()),
            "{state}"
        );
        assert_eq!(
            serde_json::to_value(state).unwrap(),
            Value::from(state.as_str())
        );
    }
    let enums = load("botocore/enums.json");
    let names = strings(&enums["ec2"]["InstanceStateName"]);
    let ours: Vec<&str> = InstanceStateName::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(names, ours);
}

#[test]
fn key_types_volume_types_and_architectures_are_botocore_values() {
    let enums = load("botocore/enums.json");
    assert_eq!(strings(&enums["ec2"]["KeyType"]), ["rsa", "ed25519"]);
    let archs = strings(&enums["ec2"]["ArchitectureValues"]);
    for a in [Architecture::X86_64, Architecture::Arm64] {
        assert!(archs.contains(&a.as_str().to_string()));
    }
    // Every botocore volume type is one the model knows, and launches as a data
    // volume of a size it allows (io1/io2 need IOPS; st1 and sc1 start at 125 GiB
    // and cannot boot).
    let mut cloud = Cloud::default();
    let ami = catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .unwrap();
    for volume_type in strings(&enums["ec2"]["VolumeType"]) {
        let r = cloud.run_instances(RunInstancesInput {
            image_id: ami.image_id.clone(),
            instance_type: Some("t3.nano".into()),
            block_device_mappings: vec![cloudlab_model::ec2::instances::BlockDeviceMapping {
                device_name: "/dev/sdf".into(),
                ebs: Some(cloudlab_model::ec2::instances::EbsBlockDevice {
                    volume_type: Some(volume_type.clone()),
                    volume_size: Some(125),
                    iops: volume_type.starts_with("io").then_some(3_000),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ..Default::default()
        });
        assert!(r.is_ok(), "{volume_type}: {r:?}");
        assert!(cloudlab_model::ec2::ebs::limits(&volume_type).is_ok());
    }
}

/// Codes the model uses that moto's EC2 catalog lacks but AWS documents.
const AWS_ONLY_CODES: &[&str] = &[
    "InvalidKey.Format",
    "CannotDelete",
    "InvalidPermission.Malformed",
    "SecurityGroupsPerInterfaceLimitExceeded",
    "IncorrectInstanceState",
    "UnsupportedOperation",
    "Unsupported",
    "InvalidBlockDeviceMapping",
    "VcpuLimitExceeded",
    "AddressLimitExceeded",
    "InvalidIPAddress.InUse",
    "InvalidSecurityGroupRuleId.NotFound",
];

fn moto_codes() -> BTreeSet<String> {
    let catalog = load("moto_error_catalog.json");
    let mut codes = BTreeSet::new();
    for entry in catalog["ec2"].as_object().unwrap().values() {
        if let Some(c) = entry.get("code").and_then(Value::as_str) {
            codes.insert(c.to_string());
        }
        if let Some(c) = entry
            .get("init_args")
            .and_then(|a| a.get(0))
            .and_then(Value::as_str)
        {
            codes.insert(c.to_string());
        }
    }
    codes
}

fn moto_message(class: &str) -> String {
    let catalog = load("moto_error_catalog.json");
    let e = &catalog["ec2"][class];
    e.get("init_args")
        .and_then(|a| a.get(1))
        .or_else(|| e.get("message"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{class}"))
        .to_string()
}

/// One error of each kind the lab's operations produce, from real calls.
fn produced_errors() -> Vec<Ec2Error> {
    let mut cloud = Cloud::default();
    let ami = catalog::image_for(
        cloud.region().code,
        OsFamily::Ubuntu2404,
        Architecture::X86_64,
    )
    .unwrap();
    let mut errs = Vec::new();
    let mut push = |r: Result<(), Ec2Error>| {
        if let Err(e) = r {
            errs.push(e);
        }
    };
    cloud
        .create_key_pair(CreateKeyPairInput {
            key_name: "k".into(),
            ..Default::default()
        })
        .unwrap();
    push(
        cloud
            .create_key_pair(CreateKeyPairInput {
                key_name: "k".into(),
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .describe_key_pairs(DescribeKeyPairsInput {
                key_names: vec!["x".into()],
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .import_key_pair(ImportKeyPairInput {
                key_name: "i".into(),
                public_key_material: "nope".into(),
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .delete_key_pair(DeleteKeyPairInput {
                key_name: None,
                key_pair_id: Some("key-0123456789abcdef0".into()),
                ..Default::default()
            })
            .map(drop),
    );
    let sg = cloud
        .create_security_group(CreateSecurityGroupInput {
            group_name: "web".into(),
            description: "d".into(),
            ..Default::default()
        })
        .unwrap()
        .group_id;
    push(
        cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "web".into(),
                description: "d".into(),
                ..Default::default()
            })
            .map(drop),
    );
    let rule = || SecurityGroupRulesInput {
        group_id: Some(sg.clone()),
        ip_permissions: vec![IpPermission::cidr("tcp", 22, 22, "0.0.0.0/0")],
        ..Default::default()
    };
    cloud.authorize_security_group_ingress(rule()).unwrap();
    push(cloud.authorize_security_group_ingress(rule()).map(drop));
    cloud.revoke_security_group_ingress(rule()).unwrap();
    push(cloud.revoke_security_group_ingress(rule()).map(drop));
    push(
        cloud
            .describe_security_groups(DescribeSecurityGroupsInput {
                group_ids: vec!["sg-0123456789abcdef0".into()],
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .describe_instances(DescribeInstancesInput {
                filters: vec![Filter::new("bogus", &["x"])],
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .describe_instances(DescribeInstancesInput {
                instance_ids: vec!["i-0123456789abcdef0".into()],
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .run_instances(RunInstancesInput {
                image_id: "ami-0123456789abcdef0".into(),
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .run_instances(RunInstancesInput {
                image_id: "ami-1".into(),
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .run_instances(RunInstancesInput {
                image_id: ami.image_id.clone(),
                instance_type: Some("t3.micro".into()),
                subnet_id: Some("subnet-0123456789abcdef0".into()),
                ..Default::default()
            })
            .map(drop),
    );
    push(
        cloud
            .run_instances(RunInstancesInput {
                image_id: ami.image_id.clone(),
                instance_type: Some("t3.micro".into()),
                tag_specifications: vec![TagSpecification {
                    resource_type: "key-pair".into(),
                    tags: vec![Tag::new("a", "b")],
                }],
                ..Default::default()
            })
            .map(drop),
    );
    let id = cloud
        .run_instances(RunInstancesInput {
            image_id: ami.image_id.clone(),
            instance_type: Some("t3.micro".into()),
            disable_api_termination: Some(true),
            ..Default::default()
        })
        .unwrap()
        .instances[0]
        .instance_id
        .clone();
    cloud.advance(Duration::from_secs(30));
    push(
        cloud
            .terminate_instances(InstanceIdsInput {
                instance_ids: vec![id.clone()],
                ..Default::default()
            })
            .map(drop),
    );
    for _ in 0..5 {
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
    }
    push(
        cloud
            .allocate_address(AllocateAddressInput::default())
            .map(drop),
    );
    push(
        cloud
            .associate_address(AssociateAddressInput {
                allocation_id: Some("eipalloc-0123456789abcdef0".into()),
                instance_id: Some(id),
                ..Default::default()
            })
            .map(drop),
    );
    errs
}

#[test]
fn error_codes_are_aws_codes() {
    let known = moto_codes();
    let errs = produced_errors();
    assert!(errs.len() >= 15, "{}", errs.len());
    for e in &errs {
        let code = e.code();
        assert!(
            known.contains(code) || AWS_ONLY_CODES.contains(&code),
            "{code} is neither in moto's catalog nor an AWS-documented code we list"
        );
        assert_eq!(e.http_status(), 400);
        assert!(!e.message().is_empty());
    }
}

#[test]
fn messages_match_moto_templates_where_aws_wording_agrees() {
    let fill = |template: &str, pairs: &[(&str, &str)]| {
        pairs.iter().fold(template.to_string(), |t, (k, v)| {
            t.replace(&format!("{{{k}}}"), v)
        })
    };
    let cases: Vec<(Ec2Error, String)> = vec![
        (
            Ec2Error::KeyPairDuplicate { key_name: "lab".into() },
            fill(&moto_message("InvalidKeyPairDuplicateError"), &[("key", "lab")]),
        ),
        (
            Ec2Error::InvalidFilter { name: "colour".into() },
            fill(&moto_message("InvalidFilter"), &[("filter_name", "colour")]),
        ),
        (
            Ec2Error::SubnetNotFound { subnet_id: "subnet-1".into() },
            fill(&moto_message("InvalidSubnetIdError"), &[("subnet_id", "subnet-1")]),
        ),
        (Ec2Error::RulesPerSecurityGroupLimitExceeded, moto_message("RulesPerSecurityGroupLimitExceededError")),
        (Ec2Error::TagLimitExceeded, moto_message("TagLimitExceeded")),
        (Ec2Error::DryRunOperation, moto_message("DryRunClientError")),
        (
            Ec2Error::InvalidId { resource_id: "x-1".into() },
            fill(&moto_message("InvalidID"), &[("resource_id", "x-1")]),
        ),
        (
            Ec2Error::AmiIdMalformed { image_id: "ami-1".into() },
            moto_message("MalformedAMIIdError").replace("{ami_id[0]}", "ami-1"),
        ),
        (
            Ec2Error::OperationNotPermitted {
                message: "The instance 'i-1' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.".into(),
            },
            fill(&moto_message("OperationNotPermitted4"), &[("instance_id", "i-1")]),
        ),
        (
            Ec2Error::ResourceAlreadyAssociated { allocation_id: "eipalloc-1".into(), association_id: "eipassoc-2".into() },
            "resource eipalloc-1 is already associated with associate-id eipassoc-2".into(),
        ),
    ];
    for (err, want) in cases {
        assert_eq!(err.message(), want, "{}", err.code());
    }
    // The taggable-resource message is the one tags::from_specifications uses.
    let mut cloud = Cloud::default();
    let err = cloud
        .create_key_pair(CreateKeyPairInput {
            key_name: "k".into(),
            tag_specifications: vec![TagSpecification {
                resource_type: "instance".into(),
                tags: vec![Tag::new("a", "b")],
            }],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        err.message(),
        fill(
            &moto_message("InvalidTaggableResourceType"),
            &[("resource_type", "instance")]
        )
    );
}

#[test]
fn tag_key_length_follows_botocore_constraints() {
    let constraints = load("botocore/constraints.json");
    let max = constraints["ec2"]["TagKey"]["max"].as_u64().unwrap() as usize;
    let mut cloud = Cloud::default();
    let vpc = cloud.default_vpc().unwrap().vpc_id.clone();
    let tag = |len: usize| cloudlab_model::ec2::tags::CreateTagsInput {
        resources: vec![vpc.clone()],
        tags: vec![Tag::new("k".repeat(len), "v")],
        ..Default::default()
    };
    assert!(cloud.create_tags(tag(max)).is_ok());
    assert_eq!(
        cloud.create_tags(tag(max + 1)).unwrap_err().code(),
        "InvalidParameterValue"
    );
}

/// Every key of `ours` is a member of the botocore shape `shape` (recursively).
fn assert_within_shape(ours: &Value, shape: &Value, path: &str) {
    match ours {
        Value::Object(map) => {
            let Some(members) = shape.get("members").and_then(Value::as_object) else {
                // A free-form document or a map: nothing to check.
                return;
            };
            for (k, v) in map {
                let member = members.get(k).unwrap_or_else(|| {
                    panic!(
                        "{path}.{k} is not an AWS member (has {:?})",
                        members.keys().collect::<Vec<_>>()
                    )
                });
                assert_within_shape(v, &member["type"], &format!("{path}.{k}"));
            }
        }
        Value::Array(items) => {
            if let Some(inner) = shape.get("list") {
                for (i, item) in items.iter().enumerate() {
                    assert_within_shape(item, inner, &format!("{path}[{i}]"));
                }
            }
        }
        _ => {}
    }
}

fn output_shape<'a>(skeletons: &'a Value, op: &str) -> &'a Value {
    &skeletons["ec2"][op]["output"]
}

#[test]
fn outputs_use_only_aws_member_names() {
    let skeletons = load("botocore/shape_skeletons.json");
    let mut cloud = Cloud::default();
    let ami = catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .unwrap();
    let key = cloud
        .create_key_pair(CreateKeyPairInput {
            key_name: "lab".into(),
            tag_specifications: vec![TagSpecification {
                resource_type: "key-pair".into(),
                tags: vec![Tag::new("a", "b")],
            }],
            ..Default::default()
        })
        .unwrap();
    let sg = cloud
        .create_security_group(CreateSecurityGroupInput {
            group_name: "web".into(),
            description: "web".into(),
            ..Default::default()
        })
        .unwrap();
    let auth = cloud
        .authorize_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(sg.group_id.clone()),
            ip_permissions: vec![
                IpPermission::cidr("tcp", 22, 22, "203.0.113.25/32"),
                IpPermission::group("tcp", 80, 80, &sg.group_id),
            ],
            ..Default::default()
        })
        .unwrap();
    let run = cloud
        .run_instances(RunInstancesInput {
            image_id: ami.image_id,
            instance_type: Some("t3.micro".into()),
            key_name: Some("lab".into()),
            security_group_ids: vec![sg.group_id.clone()],
            tag_specifications: vec![TagSpecification {
                resource_type: "instance".into(),
                tags: vec![Tag::new("Name", "web")],
            }],
            ..Default::default()
        })
        .unwrap();
    let id = run.instances[0].instance_id.clone();
    cloud.advance(Duration::from_secs(30));
    let eip = cloud
        .allocate_address(AllocateAddressInput::default())
        .unwrap();
    let assoc = cloud
        .associate_address(AssociateAddressInput {
            allocation_id: Some(eip.allocation_id.clone()),
            instance_id: Some(id.clone()),
            ..Default::default()
        })
        .unwrap();
    let ids = InstanceIdsInput {
        instance_ids: vec![id.clone()],
        ..Default::default()
    };
    let outputs: Vec<(&str, Value)> = vec![
        ("CreateKeyPair", serde_json::to_value(&key).unwrap()),
        (
            "DescribeKeyPairs",
            serde_json::to_value(
                cloud
                    .describe_key_pairs(DescribeKeyPairsInput {
                        include_public_key: true,
                        ..Default::default()
                    })
                    .unwrap(),
            )
            .unwrap(),
        ),
        ("CreateSecurityGroup", serde_json::to_value(&sg).unwrap()),
        (
            "AuthorizeSecurityGroupIngress",
            serde_json::to_value(&auth).unwrap(),
        ),
        (
            "DescribeSecurityGroups",
            serde_json::to_value(
                cloud
                    .describe_security_groups(DescribeSecurityGroupsInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        ("RunInstances", serde_json::to_value(&run).unwrap()),
        (
            "DescribeInstances",
            serde_json::to_value(
                cloud
                    .describe_instances(DescribeInstancesInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        ("AllocateAddress", serde_json::to_value(&eip).unwrap()),
        ("AssociateAddress", serde_json::to_value(&assoc).unwrap()),
        (
            "DescribeAddresses",
            serde_json::to_value(
                cloud
                    .describe_addresses(DescribeAddressesInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "DescribeVolumes",
            serde_json::to_value(
                cloud
                    .describe_volumes(DescribeVolumesInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "DescribeImages",
            serde_json::to_value(
                cloud
                    .describe_images(DescribeImagesInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "DescribeVpcs",
            serde_json::to_value(cloud.describe_vpcs(DescribeVpcsInput::default()).unwrap())
                .unwrap(),
        ),
        (
            "DescribeSubnets",
            serde_json::to_value(
                cloud
                    .describe_subnets(DescribeSubnetsInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "DescribeRouteTables",
            serde_json::to_value(
                cloud
                    .describe_route_tables(DescribeRouteTablesInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "DescribeInternetGateways",
            serde_json::to_value(
                cloud
                    .describe_internet_gateways(DescribeInternetGatewaysInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "DescribeNetworkAcls",
            serde_json::to_value(
                cloud
                    .describe_network_acls(DescribeNetworkAclsInput::default())
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "DescribeInstanceStatus",
            serde_json::to_value({
                cloud.advance(Duration::from_secs(300));
                cloud
                    .describe_instance_status(DescribeInstanceStatusInput::default())
                    .unwrap()
            })
            .unwrap(),
        ),
        (
            "StopInstances",
            serde_json::to_value(cloud.stop_instances(ids.clone()).unwrap()).unwrap(),
        ),
        (
            "StartInstances",
            serde_json::to_value({
                cloud.advance(Duration::from_secs(30));
                cloud.start_instances(ids.clone()).unwrap()
            })
            .unwrap(),
        ),
        (
            "TerminateInstances",
            serde_json::to_value(cloud.terminate_instances(ids).unwrap()).unwrap(),
        ),
    ];
    for (op, value) in &outputs {
        assert_within_shape(value, output_shape(&skeletons, op), op);
    }
}

#[test]
fn input_members_are_botocore_members() {
    let operations = load("botocore/operations.json");
    // Members the model accepts beyond the API (documented on the input structs).
    let extensions = ["AssociatePublicIpAddress", "Force"];
    let inputs: Vec<(&str, Value)> = vec![
        (
            "CreateKeyPair",
            serde_json::to_value(CreateKeyPairInput::default()).unwrap(),
        ),
        (
            "ImportKeyPair",
            serde_json::to_value(ImportKeyPairInput::default()).unwrap(),
        ),
        (
            "DescribeKeyPairs",
            serde_json::to_value(DescribeKeyPairsInput::default()).unwrap(),
        ),
        (
            "DeleteKeyPair",
            serde_json::to_value(DeleteKeyPairInput::default()).unwrap(),
        ),
        (
            "CreateSecurityGroup",
            serde_json::to_value(CreateSecurityGroupInput::default()).unwrap(),
        ),
        (
            "DescribeSecurityGroups",
            serde_json::to_value(DescribeSecurityGroupsInput::default()).unwrap(),
        ),
        ("AuthorizeSecurityGroupIngress", {
            let mut v = serde_json::to_value(SecurityGroupRulesInput::default()).unwrap();
            v.as_object_mut().unwrap().remove("SecurityGroupRuleIds");
            v
        }),
        ("RevokeSecurityGroupIngress", {
            let mut v = serde_json::to_value(SecurityGroupRulesInput::default()).unwrap();
            v.as_object_mut().unwrap().remove("TagSpecifications");
            v
        }),
        (
            "RunInstances",
            serde_json::to_value(RunInstancesInput::default()).unwrap(),
        ),
        (
            "DescribeInstances",
            serde_json::to_value(DescribeInstancesInput::default()).unwrap(),
        ),
        (
            "StopInstances",
            serde_json::to_value(InstanceIdsInput::default()).unwrap(),
        ),
        (
            "AllocateAddress",
            serde_json::to_value(AllocateAddressInput::default()).unwrap(),
        ),
        (
            "AssociateAddress",
            serde_json::to_value(AssociateAddressInput::default()).unwrap(),
        ),
        (
            "DescribeAddresses",
            serde_json::to_value(DescribeAddressesInput::default()).unwrap(),
        ),
        (
            "DescribeVolumes",
            serde_json::to_value(DescribeVolumesInput::default()).unwrap(),
        ),
        (
            "DescribeImages",
            serde_json::to_value(DescribeImagesInput::default()).unwrap(),
        ),
        (
            "DescribeVpcs",
            serde_json::to_value(DescribeVpcsInput::default()).unwrap(),
        ),
        (
            "DescribeSubnets",
            serde_json::to_value(DescribeSubnetsInput::default()).unwrap(),
        ),
        (
            "DescribeInstanceStatus",
            serde_json::to_value(DescribeInstanceStatusInput::default()).unwrap(),
        ),
    ];
    for (op, value) in inputs {
        let members = operations["ec2"][op]["input_members"]
            .as_object()
            .unwrap_or_else(|| panic!("{op}"));
        for key in value.as_object().unwrap().keys() {
            assert!(
                members.contains_key(key) || extensions.contains(&key.as_str()),
                "{op}: {key} is not an input member"
            );
        }
        for required in strings(&operations["ec2"][op]["input_required"]) {
            let ok = value.get(&required).is_some()
                || ["MinCount", "MaxCount"].contains(&required.as_str());
            assert!(ok, "{op}: required {required} missing");
        }
    }
}

#[test]
fn inputs_deserialize_from_cli_style_json() {
    let run: RunInstancesInput = serde_json::from_value(serde_json::json!({
        "ImageId": "ami-0123456789abcdef0",
        "InstanceType": "t3.micro",
        "MinCount": 1,
        "MaxCount": 1,
        "KeyName": "web-key",
        "SecurityGroups": ["web-sg"],
        "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}],
        "BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8, "VolumeType": "gp3"}}],
        "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": true}],
        "SomethingNew": 1
    }))
    .unwrap();
    assert_eq!(run.key_name.as_deref(), Some("web-key"));
    assert_eq!(
        run.block_device_mappings[0]
            .ebs
            .as_ref()
            .unwrap()
            .volume_size,
        Some(8)
    );
    let auth: SecurityGroupRulesInput = serde_json::from_value(serde_json::json!({
        "GroupName": "web-sg",
        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.25/32", "Description": "me"}]}]
    }))
    .unwrap();
    assert_eq!(
        auth.ip_permissions[0].ip_ranges[0].description.as_deref(),
        Some("me")
    );
}
