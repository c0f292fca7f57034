//! EC2: one file per resource, the error enum, filters, network reachability and
//! the software on instances.

pub mod addresses;
pub mod billing;
pub mod disks;
pub mod ebs;
pub mod errors;
pub mod filters;
pub mod guest;
pub mod http;
pub mod images;
pub mod instance_profiles;
pub mod instance_types;
pub mod instances;
pub mod internet_gateways;
pub mod key_pairs;
pub mod launch_templates;
pub mod load;
pub mod nat_gateways;
pub mod network;
pub mod network_acls;
pub mod own_images;
pub mod paths;
pub mod private_endpoints;
pub mod route_tables;
pub mod security_groups;
pub mod shapes;
pub mod snapshots;
pub mod status;
pub mod subnets;
pub mod tags;
#[cfg(test)]
mod test_network;
pub mod volumes;
pub mod vpc;
pub mod vpcs;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cloud::Cloud;
use crate::iam::evaluate::{Context, ContextValue};
use errors::Ec2Error;

pub use addresses::Address;
pub use filters::Filter;
pub use instances::{Instance, InstanceState, InstanceStateName, StateChange, Volume};
pub use key_pairs::KeyPair;
pub use security_groups::{SecurityGroup, SecurityGroupRule};
pub use vpc::{InternetGateway, NetworkAcl, RouteTable, Subnet, Vpc};

/// Every EC2 resource of the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ec2State {
    pub(crate) vpcs: Vec<Vpc>,
    pub(crate) subnets: Vec<Subnet>,
    pub(crate) internet_gateways: Vec<InternetGateway>,
    pub(crate) route_tables: Vec<RouteTable>,
    pub(crate) network_acls: Vec<NetworkAcl>,
    pub(crate) security_groups: Vec<SecurityGroup>,
    pub(crate) key_pairs: Vec<KeyPair>,
    pub(crate) instances: Vec<Instance>,
    pub(crate) volumes: Vec<Volume>,
    pub(crate) addresses: Vec<Address>,
    /// EBS snapshots (absent in saves from before chapter 7).
    #[serde(default)]
    pub(crate) snapshots: Vec<snapshots::Snapshot>,
    /// The account's own AMIs.
    #[serde(default)]
    pub(crate) images: Vec<own_images::Image>,
    /// Launch templates.
    #[serde(default)]
    pub(crate) launch_templates: Vec<launch_templates::LaunchTemplate>,
    /// NAT gateways (absent in saves from before chapter 9).
    #[serde(default)]
    pub(crate) nat_gateways: Vec<nat_gateways::NatGateway>,
}

/// A resource tag.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value (may be empty).
    #[serde(default)]
    pub value: String,
}

impl Tag {
    /// A tag `key=value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Tags to apply to a resource created by the request (`TagSpecifications`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagSpecification {
    /// The resource type, e.g. `instance`, `volume`, `security-group`, `key-pair`.
    pub resource_type: String,
    /// The tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// Tags as stored on a resource: key to value, sorted by key.
pub type TagMap = BTreeMap<String, String>;

/// Converts stored tags to AWS's `Tags` list (sorted by key).
pub fn tag_list(tags: &TagMap) -> Vec<Tag> {
    tags.iter().map(|(k, v)| Tag::new(k, v)).collect()
}

/// A protocol for reachability questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP (ping).
    Icmp,
}

impl Protocol {
    /// The IANA protocol number.
    pub fn number(self) -> u8 {
        match self {
            Protocol::Tcp => 6,
            Protocol::Udp => 17,
            Protocol::Icmp => 1,
        }
    }

    /// AWS's lower-case name (`tcp`, `udp`, `icmp`).
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Icmp => "ICMP",
        })
    }
}

/// An IPv4 CIDR block, kept in canonical form (no host bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Ipv4Cidr {
    /// The network address.
    pub network: std::net::Ipv4Addr,
    /// The prefix length 0..=32.
    pub prefix: u8,
}

impl Ipv4Cidr {
    /// Parses `a.b.c.d/n`. `Err(())` carries no detail: callers build AWS's message.
    /// Host bits must be zero unless `allow_host_bits`, in which case they are cleared.
    #[allow(clippy::result_unit_err)]
    pub fn parse(text: &str, allow_host_bits: bool) -> Result<Ipv4Cidr, ()> {
        let (addr, prefix) = text.trim().split_once('/').ok_or(())?;
        let addr: std::net::Ipv4Addr = addr.parse().map_err(|_| ())?;
        if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        let prefix: u8 = prefix.parse().map_err(|_| ())?;
        if prefix > 32 {
            return Err(());
        }
        let mask = Self::mask_of(prefix);
        let raw = u32::from(addr);
        if raw & !mask != 0 && !allow_host_bits {
            return Err(());
        }
        Ok(Ipv4Cidr {
            network: std::net::Ipv4Addr::from(raw & mask),
            prefix,
        })
    }

    fn mask_of(prefix: u8) -> u32 {
        if prefix == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(prefix.min(32)))
        }
    }

    /// Whether `ip` is inside this block.
    pub fn contains(&self, ip: std::net::Ipv4Addr) -> bool {
        let mask = Self::mask_of(self.prefix);
        u32::from(ip) & mask == u32::from(self.network)
    }

    /// Number of addresses in the block.
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix.min(32)))
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

impl Cloud {
    /// The resource an EC2 operation is authorized on before it runs:
    /// `*` for `Describe*` and other operations without resource-level
    /// permissions, `<type>/*` for operations on key pairs, security groups
    /// and Elastic IPs. `None` for operations that authorize each resource
    /// themselves (`RunInstances`, and instance operations, which check each
    /// instance's ARN with its tags as `ec2:ResourceTag/<key>`).
    pub(crate) fn ec2_resource_arn(&self, operation: &str) -> Option<String> {
        let kind = match operation {
            "RunInstances"
            | "StartInstances"
            | "StopInstances"
            | "RebootInstances"
            | "TerminateInstances"
            | "ModifyInstanceAttribute" => return None,
            "CreateKeyPair" | "ImportKeyPair" | "DeleteKeyPair" => "key-pair/*",
            "CreateSecurityGroup"
            | "DeleteSecurityGroup"
            | "AuthorizeSecurityGroupIngress"
            | "AuthorizeSecurityGroupEgress"
            | "RevokeSecurityGroupIngress"
            | "RevokeSecurityGroupEgress" => "security-group/*",
            "AllocateAddress" | "ReleaseAddress" | "AssociateAddress" | "DisassociateAddress" => {
                "elastic-ip/*"
            }
            _ => return Some("*".to_string()),
        };
        Some(self.ec2_arn(kind))
    }

    /// `arn:aws:ec2:<region>:<account>:<resource>`.
    pub fn ec2_arn(&self, resource: &str) -> String {
        format!(
            "arn:aws:ec2:{}:{}:{resource}",
            self.region_name(),
            self.config.account_id
        )
    }

    /// The condition keys of a tagged EC2 resource: `ec2:ResourceTag/<key>`
    /// and `aws:ResourceTag/<key>`.
    pub(crate) fn resource_tag_context(tags: &TagMap) -> Context {
        let mut c = Context::new();
        for (k, v) in tags {
            c.insert(
                format!("ec2:ResourceTag/{k}"),
                ContextValue::single(v.clone()),
            );
            c.insert(
                format!("aws:ResourceTag/{k}"),
                ContextValue::single(v.clone()),
            );
        }
        c
    }

    /// Checks `action` on each instance (its ARN, with its tags as context)
    /// for the request being served.
    pub(crate) fn authorize_instances(&self, action: &str, ids: &[String]) -> Result<(), Ec2Error> {
        for id in ids {
            let mut context = self
                .instance(id)
                .map(|i| Cloud::resource_tag_context(&i.tags))
                .unwrap_or_default();
            if let Some(i) = self.instance(id) {
                context.insert(
                    "ec2:InstanceType".into(),
                    ContextValue::single(i.instance_type.clone()),
                );
            }
            context.insert(
                "ec2:Region".into(),
                ContextValue::single(self.region_name()),
            );
            self.authorize_in_request(action, &self.ec2_arn(&format!("instance/{id}")), &context)
                .map_err(Ec2Error::UnauthorizedOperation)?;
        }
        Ok(())
    }

    /// Checks `ec2:RunInstances` on every resource a launch touches, as AWS
    /// does: the new instance (with `ec2:InstanceType`), its volumes and
    /// network interface, the image, the subnet, the security groups and the
    /// key pair.
    pub(crate) fn authorize_run(
        &self,
        image_id: &str,
        instance_type: &str,
        subnet_id: &str,
        group_ids: &[String],
        key_name: Option<&str>,
    ) -> Result<(), Ec2Error> {
        let action = "ec2:RunInstances";
        let mut region = Context::new();
        region.insert(
            "ec2:Region".into(),
            ContextValue::single(self.region_name()),
        );
        let mut instance = region.clone();
        instance.insert(
            "ec2:InstanceType".into(),
            ContextValue::single(instance_type),
        );
        let mut checks: Vec<(String, Context)> = vec![
            (self.ec2_arn("instance/*"), instance),
            (self.ec2_arn("volume/*"), region.clone()),
            (self.ec2_arn("network-interface/*"), region.clone()),
            (
                format!("arn:aws:ec2:{}::image/{image_id}", self.region_name()),
                region.clone(),
            ),
            (self.ec2_arn(&format!("subnet/{subnet_id}")), region.clone()),
        ];
        for g in group_ids {
            checks.push((self.ec2_arn(&format!("security-group/{g}")), region.clone()));
        }
        if let Some(k) = key_name.filter(|k| !k.is_empty()) {
            checks.push((self.ec2_arn(&format!("key-pair/{k}")), region.clone()));
        }
        for (arn, context) in checks {
            self.authorize_in_request(action, &arn, &context)
                .map_err(Ec2Error::UnauthorizedOperation)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn cidr_parsing() {
        let c = Ipv4Cidr::parse("172.31.0.0/16", false).unwrap();
        assert!(c.contains(Ipv4Addr::new(172, 31, 200, 1)));
        assert!(!c.contains(Ipv4Addr::new(172, 32, 0, 1)));
        assert_eq!(c.to_string(), "172.31.0.0/16");
        assert_eq!(c.size(), 65_536);
        assert!(Ipv4Cidr::parse("10.0.0.1/16", false).is_err());
        assert_eq!(
            Ipv4Cidr::parse("10.0.0.1/16", true).unwrap().to_string(),
            "10.0.0.0/16"
        );
        let all = Ipv4Cidr::parse("0.0.0.0/0", false).unwrap();
        assert!(all.contains(Ipv4Addr::new(8, 8, 8, 8)));
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/8",
            "x/1",
            "10.0.0.0/",
            "1.2.3.4/+1",
        ] {
            assert!(Ipv4Cidr::parse(bad, true).is_err(), "{bad}");
        }
        assert_eq!(Ipv4Cidr::parse("203.0.113.5/32", false).unwrap().size(), 1);
    }

    #[test]
    fn tags_serialize_pascal_case() {
        let json = serde_json::to_string(&Tag::new("Name", "web")).unwrap();
        assert_eq!(json, r#"{"Key":"Name","Value":"web"}"#);
        let mut m = TagMap::new();
        m.insert("b".into(), "2".into());
        m.insert("a".into(), "1".into());
        assert_eq!(tag_list(&m)[0].key, "a");
    }

    mod authorization {
        use crate::auth::CallerIdentity;
        use crate::catalog::{self, Architecture, OsFamily};
        use crate::cloud::Cloud;
        use crate::ec2::instances::{DescribeInstancesInput, InstanceIdsInput, RunInstancesInput};
        use crate::ec2::{Tag, TagSpecification};
        use crate::iam::inline_policies::PutInlinePolicyInput;
        use crate::iam::policies::AttachUserPolicyInput;
        use crate::iam::users::CreateUserInput;
        use std::time::Duration;

        fn alice(cloud: &mut Cloud) -> CallerIdentity {
            cloud
                .create_user(CreateUserInput {
                    user_name: "alice".into(),
                    ..Default::default()
                })
                .unwrap();
            CallerIdentity::User {
                user_name: "alice".into(),
            }
        }

        fn launch(instance_type: &str, owner: &str) -> RunInstancesInput {
            let image_id = catalog::image_for(
                "ap-northeast-2",
                OsFamily::AmazonLinux2023,
                Architecture::X86_64,
            )
            .unwrap()
            .image_id;
            RunInstancesInput {
                image_id,
                instance_type: Some(instance_type.into()),
                tag_specifications: vec![TagSpecification {
                    resource_type: "instance".into(),
                    tags: vec![Tag::new("Owner", owner)],
                }],
                ..Default::default()
            }
        }

        #[test]
        fn read_only_user_gets_unauthorized_operation_with_aws_wording() {
            let mut cloud = Cloud::default();
            let me = alice(&mut cloud);
            let none = cloud
                .as_caller(me.clone())
                .describe_instances(DescribeInstancesInput::default())
                .unwrap_err();
            assert_eq!(none.code(), "UnauthorizedOperation");
            assert_eq!(
                none.message(),
                "You are not authorized to perform this operation. User: \
                 arn:aws:iam::123456789012:user/alice is not authorized to perform: \
                 ec2:DescribeInstances because no identity-based policy allows the \
                 ec2:DescribeInstances action"
            );
            cloud
                .attach_user_policy(AttachUserPolicyInput {
                    user_name: "alice".into(),
                    policy_arn: "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess".into(),
                })
                .unwrap();
            cloud
                .as_caller(me.clone())
                .describe_instances(DescribeInstancesInput::default())
                .unwrap();
            let run = cloud
                .as_caller(me.clone())
                .run_instances(launch("t3.micro", "alice"))
                .unwrap_err();
            assert_eq!(
                run.message(),
                "You are not authorized to perform this operation. User: \
                 arn:aws:iam::123456789012:user/alice is not authorized to perform: \
                 ec2:RunInstances on resource: \
                 arn:aws:ec2:ap-northeast-2:123456789012:instance/* because no \
                 identity-based policy allows the ec2:RunInstances action"
            );
            // Dry runs check permissions first.
            let dry = cloud
                .as_caller(me)
                .run_instances(RunInstancesInput {
                    dry_run: true,
                    ..launch("t3.micro", "alice")
                })
                .unwrap_err();
            assert_eq!(dry.code(), "UnauthorizedOperation");
            let log = cloud.api_log().last().unwrap();
            assert_eq!(log.error_code.as_deref(), Some("UnauthorizedOperation"));
            assert_eq!(
                log.caller_arn.as_deref(),
                Some("arn:aws:iam::123456789012:user/alice")
            );
            // The default CLI identity is an administrator.
            let ok = cloud.run_instances(RunInstancesInput {
                dry_run: true,
                ..launch("t3.micro", "learner")
            });
            assert_eq!(ok.unwrap_err().code(), "DryRunOperation");
        }

        #[test]
        fn conditions_on_instance_type_and_owner_tag() {
            let mut cloud = Cloud::default();
            let me = alice(&mut cloud);
            let policy = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
    {"Effect": "Allow", "Action": "ec2:RunInstances", "NotResource": "arn:aws:ec2:*:*:instance/*"},
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*:*:instance/*",
     "Condition": {"StringEquals": {"ec2:InstanceType": ["t3.micro", "t2.micro"]}}},
    {"Effect": "Allow", "Action": ["ec2:StopInstances", "ec2:TerminateInstances"], "Resource": "*",
     "Condition": {"StringEquals": {"ec2:ResourceTag/Owner": "${aws:username}"}}}
  ]
}"#;
            cloud
                .put_user_policy(PutInlinePolicyInput {
                    user_name: "alice".into(),
                    policy_name: "SmallOwnInstances".into(),
                    policy_document: policy.into(),
                    ..Default::default()
                })
                .unwrap();
            let big = cloud
                .as_caller(me.clone())
                .run_instances(launch("m5.large", "alice"))
                .unwrap_err();
            assert_eq!(big.code(), "UnauthorizedOperation");
            let mine = cloud
                .as_caller(me.clone())
                .run_instances(launch("t3.micro", "alice"))
                .unwrap();
            let theirs = cloud.run_instances(launch("t3.micro", "bob")).unwrap();
            cloud.advance(Duration::from_secs(30));
            let stop = |ids: Vec<String>| InstanceIdsInput {
                instance_ids: ids,
                ..Default::default()
            };
            let bob_id = theirs.instances[0].instance_id.clone();
            let alice_id = mine.instances[0].instance_id.clone();
            let denied = cloud
                .as_caller(me.clone())
                .stop_instances(stop(vec![bob_id.clone()]))
                .unwrap_err();
            assert!(denied.message().contains(&format!(
                "on resource: arn:aws:ec2:ap-northeast-2:123456789012:instance/{bob_id}"
            )));
            cloud
                .as_caller(me.clone())
                .stop_instances(stop(vec![alice_id]))
                .unwrap();
            // An explicit deny wins over everything.
            cloud
                .put_user_policy(PutInlinePolicyInput {
                    user_name: "alice".into(),
                    policy_name: "NoTerminate".into(),
                    policy_document: r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*"}}"#.into(),
                    ..Default::default()
                })
                .unwrap();
            let mine_again = cloud
                .as_caller(me.clone())
                .describe_instances(DescribeInstancesInput::default())
                .unwrap();
            assert_eq!(mine_again.reservations.len(), 2);
            let term = cloud
                .as_caller(me)
                .terminate_instances(stop(vec![mine.instances[0].instance_id.clone()]))
                .unwrap_err();
            assert!(
                term.message()
                    .ends_with("with an explicit deny in an identity-based policy")
            );
        }

        #[test]
        fn bad_credentials_are_auth_failures_in_ec2() {
            let mut cloud = Cloud::default();
            let mut creds = cloud.default_cli_credentials();
            creds.secret_access_key = "wrong".into();
            let e = cloud
                .as_caller(creds)
                .describe_instances(DescribeInstancesInput::default())
                .unwrap_err();
            assert_eq!(e.code(), "AuthFailure");
            assert_eq!(
                e.message(),
                "AWS was not able to validate the provided access credentials"
            );
            assert_eq!(e.http_status(), 401);
            assert_eq!(cloud.api_log().last().unwrap().caller_arn, None);
        }
    }
}
