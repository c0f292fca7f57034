//! Placeholders in lesson lines and hints, filled in from the lab's state.
//!
//! Lesson authors cannot know the ids a lab will hand out, so solution lines,
//! setup lines and hints may name them with placeholders. Some take an
//! argument after a colon (`{instance_id:test}`):
//!
//! | placeholder            | filled with                                                  |
//! |------------------------|--------------------------------------------------------------|
//! | `{learner_ip}`         | the learner's public IPv4 address                            |
//! | `{region}`             | the lab's region code                                        |
//! | `{account_id}`         | the lab's account id                                         |
//! | `{ubuntu_ami}`         | the Ubuntu Server 24.04 (x86_64) AMI id in the region        |
//! | `{al2023_ami}`         | the Amazon Linux 2023 (x86_64) AMI id in the region          |
//! | `{instance_id}`        | the id of the instance tagged `Name=web` (not terminated)    |
//! | `{instance_id:NAME}`   | the id of the instance tagged `Name=NAME` (not terminated)   |
//! | `{public_ip}`          | the public IPv4 address of the `Name=web` instance           |
//! | `{public_ip:NAME}`     | the public IPv4 address of the `Name=NAME` instance          |
//! | `{allocation_id}`      | the allocation id of the newest Elastic IP                   |
//! | `{access_key:USER}`    | the id of the IAM user's newest access key                   |
//! | `{secret_key:USER}`    | that key's secret (replayed lines only: never put it in a hint) |
//! | `{root_access_key}`    | the id of the root user's newest access key                  |
//! | `{zone}`, `{zone:NAME}` | the Availability Zone of the `Name=web` (`NAME`) instance   |
//! | `{image_id:NAME}`      | the id of the account's AMI named `NAME`                     |
//! | `{volume_id}`          | the newest data volume (not a root volume)                   |
//! | `{snapshot_id}`        | the newest snapshot of a data volume with a file system      |
//! | `{image_in:REGION}`    | the newest AMI of the account in `REGION`                    |
//! | `{public_ip_in:REGION}` | the public address of the newest running instance in `REGION` |
//! | `{instance_in:REGION}` | the id of the newest instance not terminated in `REGION`     |
//! | `{vpc_id}`             | the default VPC's id                                         |
//! | `{subnet:ZONE}`        | the default subnet of Availability Zone `ZONE`               |
//! | `{group_id:NAME}`      | the id of the security group named `NAME`                    |
//! | `{target_group_arn:NAME}` | the ARN of the target group named `NAME`                  |
//! | `{load_balancer_arn:NAME}` | the ARN of the load balancer named `NAME`                |
//! | `{load_balancer_dns:NAME}` | the DNS name of the load balancer named `NAME`           |
//! | `{group_instance:ASG}` | the first instance in service in Auto Scaling group `ASG`    |
//! | `{network_id:NAME}`    | the id of the VPC, subnet, gateway, route table, network ACL or NAT gateway tagged `Name=NAME` |
//! | `{acl_association:NAME}` | the network ACL association id of the subnet tagged `Name=NAME` |
//! | `{default_acl:NAME}`   | the default network ACL of the VPC tagged `Name=NAME`        |
//! | `{bucket:PREFIX}`      | the name of the account's first bucket whose name starts with `PREFIX` |
//! | `{website_host:PREFIX}` | the website endpoint host of that bucket                    |
//! | `{distribution:PREFIX}` | the id of the first CloudFront distribution with an origin in that bucket |
//! | `{distribution_domain:PREFIX}` | its `*.cloudfront.net` name                           |
//! | `{distribution_arn:PREFIX}` | its ARN                                                 |
//! | `{db_endpoint:ID}`     | the endpoint host of DB instance `ID`                        |
//! | `{cache_endpoint:ID}`  | the primary endpoint host of replication group `ID`          |
//! | `{dax_endpoint:NAME}`  | the `dax://` discovery URL of DAX cluster `NAME`             |
//!
//! | `{rest_api_id:NAME}`  | the id of the newest REST API named `NAME`                   |
//! | `{api_root:NAME}`     | the id of that API's root resource (`/`)                     |
//! | `{api_resource:PART}` | the id of the newest API resource whose last path part is `PART` |
//!
//! Any other text in braces (such as `{Key=Name,Value=web}`) is left alone, and a
//! name in doubled braces stands for itself in single braces: `{{name}}` is typed
//! as `{name}` (a Python f-string in a lesson's code).

use crate::inspect;
use crate::lab::Lab;

/// One placeholder kind: its name, whether it takes an argument, and what a
/// hint shows when the lab has no value yet.
struct Kind {
    name: &'static str,
    argument: Argument,
    shown: &'static str,
}

/// Whether a placeholder takes an argument after a colon.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Argument {
    /// `{name}` only.
    None,
    /// `{name}` or `{name:arg}`.
    Optional,
    /// `{name:arg}` only.
    Required,
}

/// Every placeholder kind.
const PLACEHOLDERS: &[Kind] = &[
    Kind {
        name: "learner_ip",
        argument: Argument::None,
        shown: "<your-ip>",
    },
    Kind {
        name: "region",
        argument: Argument::None,
        shown: "<region>",
    },
    Kind {
        name: "account_id",
        argument: Argument::None,
        shown: "<account-id>",
    },
    Kind {
        name: "ubuntu_ami",
        argument: Argument::None,
        shown: "<ami-id>",
    },
    Kind {
        name: "al2023_ami",
        argument: Argument::None,
        shown: "<ami-id>",
    },
    Kind {
        name: "instance_id",
        argument: Argument::Optional,
        shown: "<instance-id>",
    },
    Kind {
        name: "public_ip",
        argument: Argument::Optional,
        shown: "<public-ip>",
    },
    Kind {
        name: "allocation_id",
        argument: Argument::None,
        shown: "<allocation-id>",
    },
    Kind {
        name: "access_key",
        argument: Argument::Required,
        shown: "<access-key-id>",
    },
    Kind {
        name: "secret_key",
        argument: Argument::Required,
        shown: "<secret-access-key>",
    },
    Kind {
        name: "root_access_key",
        argument: Argument::None,
        shown: "<access-key-id>",
    },
    Kind {
        name: "zone",
        argument: Argument::Optional,
        shown: "<availability-zone>",
    },
    Kind {
        name: "image_id",
        argument: Argument::Required,
        shown: "<ami-id>",
    },
    Kind {
        name: "volume_id",
        argument: Argument::None,
        shown: "<volume-id>",
    },
    Kind {
        name: "snapshot_id",
        argument: Argument::None,
        shown: "<snapshot-id>",
    },
    Kind {
        name: "image_in",
        argument: Argument::Required,
        shown: "<ami-id>",
    },
    Kind {
        name: "public_ip_in",
        argument: Argument::Required,
        shown: "<public-ip>",
    },
    Kind {
        name: "instance_in",
        argument: Argument::Required,
        shown: "<instance-id>",
    },
    Kind {
        name: "vpc_id",
        argument: Argument::None,
        shown: "<vpc-id>",
    },
    Kind {
        name: "subnet",
        argument: Argument::Required,
        shown: "<subnet-id>",
    },
    Kind {
        name: "group_id",
        argument: Argument::Required,
        shown: "<security-group-id>",
    },
    Kind {
        name: "target_group_arn",
        argument: Argument::Required,
        shown: "<target-group-arn>",
    },
    Kind {
        name: "load_balancer_arn",
        argument: Argument::Required,
        shown: "<load-balancer-arn>",
    },
    Kind {
        name: "load_balancer_dns",
        argument: Argument::Required,
        shown: "<load-balancer-dns-name>",
    },
    Kind {
        name: "group_instance",
        argument: Argument::Required,
        shown: "<instance-id>",
    },
    Kind {
        name: "network_id",
        argument: Argument::Required,
        shown: "<resource-id>",
    },
    Kind {
        name: "bucket",
        argument: Argument::Required,
        shown: "<bucket-name>",
    },
    Kind {
        name: "website_host",
        argument: Argument::Required,
        shown: "<bucket>.s3-website.<region>.amazonaws.com",
    },
    Kind {
        name: "distribution",
        argument: Argument::Required,
        shown: "<distribution-id>",
    },
    Kind {
        name: "distribution_domain",
        argument: Argument::Required,
        shown: "<id>.cloudfront.net",
    },
    Kind {
        name: "distribution_arn",
        argument: Argument::Required,
        shown: "<distribution-arn>",
    },
    Kind {
        name: "db_endpoint",
        argument: Argument::Required,
        shown: "<id>.<account part>.<region>.rds.amazonaws.com",
    },
    Kind {
        name: "cache_endpoint",
        argument: Argument::Required,
        shown: "<id>.<account part>.ng.0001.<region>.cache.amazonaws.com",
    },
    Kind {
        name: "rest_api_id",
        argument: Argument::Required,
        shown: "<rest-api-id>",
    },
    Kind {
        name: "api_root",
        argument: Argument::Required,
        shown: "<root-resource-id>",
    },
    Kind {
        name: "api_resource",
        argument: Argument::Required,
        shown: "<resource-id>",
    },
    Kind {
        name: "dax_endpoint",
        argument: Argument::Required,
        shown: "dax://<name>.<account part>.dax-clusters.<region>.amazonaws.com",
    },
    Kind {
        name: "acl_association",
        argument: Argument::Required,
        shown: "<aclassoc-id>",
    },
    Kind {
        name: "default_acl",
        argument: Argument::Required,
        shown: "<acl-id>",
    },
    Kind {
        name: "subscription_token",
        argument: Argument::Required,
        shown: "<token from the confirmation mail>",
    },
    Kind {
        name: "hosted_zone_id",
        argument: Argument::Required,
        shown: "<hosted-zone-id>",
    },
    Kind {
        name: "health_check_id",
        argument: Argument::Required,
        shown: "<health-check-id>",
    },
    Kind {
        name: "load_balancer_zone",
        argument: Argument::Required,
        shown: "<canonical-hosted-zone-id>",
    },
];

/// The tag value of the instance the instance placeholders refer to by default.
const WEB_TAG_VALUE: &str = "web";

/// A placeholder as written: `{name}` or `{name:arg}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Placeholder<'a> {
    name: &'a str,
    argument: Option<&'a str>,
}

impl Placeholder<'_> {
    fn kind(&self) -> Option<&'static Kind> {
        PLACEHOLDERS.iter().find(|kind| kind.name == self.name)
    }

    /// What a hint shows while the lab has no value.
    fn shown(&self) -> &'static str {
        self.kind().map_or("<?>", |kind| kind.shown)
    }

    /// `name` or `name:arg`: what is written between the braces.
    fn inner(&self) -> String {
        match self.argument {
            Some(argument) => format!("{}:{argument}", self.name),
            None => self.name.to_string(),
        }
    }

    /// `{name}` or `{name:arg}`, as written.
    fn written(&self) -> String {
        format!("{{{}}}", self.inner())
    }
}

/// Reads the text between braces as a placeholder, if it is a known one with
/// an argument it accepts.
fn parse(inner: &str) -> Option<Placeholder<'_>> {
    let (name, argument) = match inner.split_once(':') {
        Some((name, argument)) => (name, Some(argument)),
        None => (inner, None),
    };
    let kind = PLACEHOLDERS.iter().find(|kind| kind.name == name)?;
    match (kind.argument, argument) {
        (Argument::None | Argument::Optional, None) => Some(Placeholder { name, argument }),
        (Argument::Optional | Argument::Required, Some(argument)) if is_argument(argument) => {
            Some(Placeholder {
                name,
                argument: Some(argument),
            })
        }
        _ => None,
    }
}

/// Arguments are names: letters, digits, `-`, `_` and `.`.
fn is_argument(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The value of one placeholder in `lab`, if the lab has it.
fn value(placeholder: Placeholder<'_>, lab: &Lab) -> Option<String> {
    let cloud = &lab.cloud;
    let tag = placeholder.argument.unwrap_or(WEB_TAG_VALUE);
    match placeholder.name {
        "learner_ip" => Some(cloud.learner_ip().to_string()),
        "region" => Some(cloud.region().code.to_string()),
        "account_id" => Some(cloud.account_id().to_string()),
        "ubuntu_ami" => inspect::ubuntu_ami(cloud),
        "al2023_ami" => inspect::al2023_ami(cloud),
        "instance_id" => inspect::existing_instances_tagged(cloud, "Name", tag)
            .first()
            .map(|instance| instance.id.clone()),
        "public_ip" => inspect::existing_instances_tagged(cloud, "Name", tag)
            .first()
            .and_then(|instance| instance.public_ip)
            .map(|ip| ip.to_string()),
        "allocation_id" => inspect::newest_allocation_id(cloud),
        "access_key" => inspect::iam::newest_key(cloud, tag).map(|(id, _)| id),
        "secret_key" => inspect::iam::newest_key(cloud, tag).map(|(_, secret)| secret),
        "root_access_key" => inspect::iam::root_access_key(cloud),
        "zone" => inspect::existing_instances_tagged(cloud, "Name", tag)
            .first()
            .and_then(|instance| cloud.instance(&instance.id))
            .map(|instance| instance.availability_zone.clone()),
        "image_id" => cloud
            .own_images()
            .iter()
            .find(|image| image.name == tag)
            .map(|image| image.image_id.clone()),
        "volume_id" => {
            let data_volumes = || {
                cloud.volumes().iter().rev().filter(|v| {
                    v.state != "deleting" && !cloud.instances().iter().any(|i| v.is_root_of(i))
                })
            };
            // The data volume on the `web` instance first, else the newest one.
            let web = inspect::existing_instances_tagged(cloud, "Name", WEB_TAG_VALUE)
                .first()
                .map(|i| i.id.clone());
            data_volumes()
                .find(|v| {
                    v.attachment
                        .as_ref()
                        .is_some_and(|a| Some(&a.instance_id) == web.as_ref())
                })
                .or_else(|| data_volumes().next())
                .map(|v| v.volume_id.clone())
        }
        "snapshot_id" => cloud
            .snapshots()
            .iter()
            .rev()
            .find(|s| s.filesystem.is_some())
            .map(|s| s.snapshot_id.clone()),
        "image_in" => cloud
            .other_region(tag)
            .and_then(|other| other.own_images().last())
            .map(|image| image.image_id.clone()),
        "public_ip_in" => cloud.other_region(tag).and_then(|other| {
            other
                .instances()
                .iter()
                .rev()
                .filter(|i| i.is_running())
                .find_map(|i| other.public_ip_of(&i.instance_id))
                .map(|ip| ip.to_string())
        }),
        "instance_in" => cloud.other_region(tag).and_then(|other| {
            other
                .instances()
                .iter()
                .rev()
                .find(|i| {
                    !matches!(
                        i.state,
                        cloudlab_model::ec2::InstanceStateName::Terminated
                            | cloudlab_model::ec2::InstanceStateName::ShuttingDown
                    )
                })
                .map(|i| i.instance_id.clone())
        }),
        "vpc_id" => cloud.default_vpc().map(|v| v.vpc_id.clone()),
        "subnet" => cloud
            .subnets()
            .iter()
            .find(|s| s.default_for_az && s.availability_zone == tag)
            .map(|s| s.subnet_id.clone()),
        "group_id" => cloud
            .security_groups()
            .iter()
            .find(|g| g.group_name == tag)
            .map(|g| g.group_id.clone()),
        "target_group_arn" => cloud
            .target_groups()
            .iter()
            .find(|g| g.name == tag)
            .map(|g| g.arn.clone()),
        "load_balancer_arn" => cloud
            .load_balancers()
            .iter()
            .find(|lb| lb.name == tag)
            .map(|lb| lb.arn.clone()),
        "load_balancer_dns" => cloud
            .load_balancers()
            .iter()
            .find(|lb| lb.name == tag)
            .map(|lb| lb.dns_name.clone()),
        "group_instance" => cloud.auto_scaling_group(tag).and_then(|g| {
            g.instances
                .iter()
                .find(|i| i.lifecycle == "InService")
                .map(|i| i.instance_id.clone())
        }),
        "network_id" => inspect::network_resource_named(cloud, tag),
        "bucket" => cloud
            .buckets()
            .iter()
            .find(|b| b.name.starts_with(tag))
            .map(|b| b.name.clone()),
        "website_host" => cloud
            .buckets()
            .iter()
            .find(|b| b.name.starts_with(tag))
            .map(|b| cloudlab_model::s3::website::website_host(&b.name, &b.region)),
        "distribution" => cloud.distribution_for_bucket(tag).map(|d| d.id.clone()),
        "distribution_domain" => cloud
            .distribution_for_bucket(tag)
            .map(|d| d.domain_name.clone()),
        "distribution_arn" => cloud.distribution_for_bucket(tag).map(|d| d.arn.clone()),
        "db_endpoint" => cloud
            .db_instance(tag)
            .filter(|i| i.has_endpoint())
            .map(|i| cloud.db_endpoint(i)),
        "cache_endpoint" => cloud
            .replication_group(tag)
            .filter(|g| g.status != "creating")
            .map(|g| {
                if g.cluster_mode {
                    cloud.configuration_endpoint(g)
                } else {
                    cloud.primary_endpoint(g)
                }
            }),
        "rest_api_id" => cloud
            .rest_apis()
            .iter()
            .rev()
            .find(|a| a.name == tag)
            .map(|a| a.id.clone()),
        "api_root" => cloud
            .rest_apis()
            .iter()
            .rev()
            .find(|a| a.name == tag)
            .and_then(|a| a.resources.first())
            .map(|r| r.id.clone()),
        "api_resource" => cloud
            .rest_apis()
            .iter()
            .rev()
            .find_map(|a| a.resources.iter().rev().find(|r| r.path_part == tag))
            .map(|r| r.id.clone()),
        "dax_endpoint" => cloud
            .dax_cluster(tag)
            .filter(|c| c.status != "creating")
            .map(|c| format!("dax://{}", cloud.dax_cluster_endpoint(c))),
        "acl_association" => inspect::network_resource_named(cloud, tag).and_then(|subnet| {
            cloud
                .network_acl_for_subnet(&subnet)?
                .associations
                .iter()
                .find(|a| a.subnet_id == subnet)
                .map(|a| a.network_acl_association_id.clone())
        }),
        "subscription_token" => std::iter::once(cloud)
            .chain(cloud.other_regions().values())
            .flat_map(|c| c.subscriptions().iter().rev())
            .filter(|s| s.topic_arn.rsplit(':').next() == Some(tag))
            .find_map(|s| match &s.status {
                cloudlab_model::sns::SubscriptionStatus::PendingConfirmation { token } => {
                    Some(token.clone())
                }
                cloudlab_model::sns::SubscriptionStatus::Confirmed => None,
            }),
        "hosted_zone_id" => {
            let name = cloudlab_model::route53::fqdn(tag);
            cloud
                .hosted_zones()
                .iter()
                .find(|z| z.name == name)
                .map(|z| z.id.clone())
        }
        "health_check_id" => cloud
            .health_checks()
            .iter()
            .find(|h| h.caller_reference == tag)
            .map(|h| h.id.clone()),
        "load_balancer_zone" => cloud
            .load_balancers()
            .iter()
            .find(|lb| lb.name == tag)
            .map(|_| cloud.load_balancer_zone_id().to_string()),
        "default_acl" => inspect::network_resource_named(cloud, tag).and_then(|vpc| {
            cloud
                .network_acls()
                .iter()
                .find(|a| a.vpc_id == vpc && a.is_default)
                .map(|a| a.network_acl_id.clone())
        }),
        _ => None,
    }
}

/// `{{name}}`: a name in doubled braces, which stands for `{name}` as typed (a
/// Python f-string's `{name}` in a lesson's code); the length of the doubled form.
fn escaped_name(from_brace: &str) -> Option<usize> {
    let inner = from_brace.strip_prefix("{{")?;
    let close = inner.find("}}")?;
    let name = &inner[..close];
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | ']' | '\'' | '.'));
    plain.then_some(close + 4)
}

/// Splits `text` into literal pieces and placeholders, in order.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if let Some(len) = escaped_name(&rest[open..]) {
            out.push(Piece::Literal(&rest[..open]));
            out.push(Piece::Literal(&rest[open + 1..open + len - 1]));
            rest = &rest[open + len..];
            continue;
        }
        let after = &rest[open + 1..];
        let known = after
            .find('}')
            .and_then(|close| parse(&after[..close]).map(|placeholder| (placeholder, close)));
        match known {
            Some((placeholder, close)) => {
                out.push(Piece::Literal(&rest[..open]));
                out.push(Piece::Placeholder(placeholder));
                rest = &after[close + 1..];
            }
            None => {
                out.push(Piece::Literal(&rest[..=open]));
                rest = after;
            }
        }
    }
    out.push(Piece::Literal(rest));
    out
}

enum Piece<'a> {
    Literal(&'a str),
    Placeholder(Placeholder<'a>),
}

/// Fills in every placeholder; fails with the first one the lab has no value
/// for, as written between its braces (`instance_id:test`).
pub fn fill(text: &str, lab: &Lab) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Placeholder(placeholder) => {
                out.push_str(&value(placeholder, lab).ok_or_else(|| placeholder.inner())?)
            }
        }
    }
    Ok(out)
}

/// Fills in every placeholder the lab has a value for and keeps the others
/// as written (for replaying known-wrong attempts).
pub fn fill_or_keep(text: &str, lab: &Lab) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Placeholder(placeholder) => match value(placeholder, lab) {
                Some(value) => out.push_str(&value),
                None => out.push_str(&placeholder.written()),
            },
        }
    }
    out
}

/// Fills in every placeholder the lab has a value for and shows the others
/// as `<instance-id>` and the like (for hints).
pub fn fill_for_display(text: &str, lab: &Lab) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Placeholder(placeholder) => match value(placeholder, lab) {
                Some(value) => out.push_str(&value),
                None => out.push_str(placeholder.shown()),
            },
        }
    }
    out
}

/// Shows every placeholder as `<instance-id>` and the like (a hint while the lab's
/// code has not arrived).
pub fn without_lab(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Placeholder(placeholder) => out.push_str(placeholder.shown()),
        }
    }
    out
}

/// Whether `text` contains any placeholder.
pub fn has_placeholders(text: &str) -> bool {
    pieces(text)
        .iter()
        .any(|piece| matches!(piece, Piece::Placeholder(_)))
}

/// The placeholders `text` uses that are not known (for lesson checks): a
/// brace pair holding a lower-case name (letters and underscores), with or
/// without a `:argument`, that is not a placeholder this module fills in, such
/// as a misspelt `{instanceid}` or an argument given to `{region:x}`.
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if let Some(len) = escaped_name(&rest[open..]) {
            rest = &rest[open + len..];
            continue;
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = &after[..close];
        let name = inner.split_once(':').map_or(inner, |(name, _)| name);
        let looks_like_one =
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if looks_like_one && parse(inner).is_none() {
            out.push(inner.to_string());
        }
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapter::Catalog;

    fn lab(chapter: u32) -> Lab {
        let catalog = Catalog::load().unwrap();
        Lab::for_chapter(catalog.chapter(chapter).unwrap()).unwrap()
    }

    #[test]
    fn known_placeholders_are_filled_and_other_braces_kept() {
        let lab = lab(4);
        let text = "--cidr {learner_ip}/32 --tag-specifications \"Tags=[{Key=Name,Value=web}]\" in {region}";
        assert_eq!(
            fill(text, &lab).unwrap(),
            "--cidr 203.0.113.25/32 --tag-specifications \"Tags=[{Key=Name,Value=web}]\" in ap-northeast-2"
        );
        assert!(fill("{ubuntu_ami}", &lab).unwrap().starts_with("ami-"));
        assert!(fill("{al2023_ami}", &lab).unwrap().starts_with("ami-"));
        assert_eq!(fill("{account_id}", &lab).unwrap(), "123456789012");
    }

    #[test]
    fn missing_values_fail_or_show_a_stand_in() {
        let lab = lab(4);
        assert_eq!(
            fill("x {instance_id} y", &lab),
            Err("instance_id".to_string())
        );
        assert_eq!(
            fill_for_display("x {instance_id} {allocation_id}", &lab),
            "x <instance-id> <allocation-id>"
        );
    }

    #[test]
    fn instance_values_come_from_the_web_instance() {
        let lab = lab(5);
        let id = fill("{instance_id}", &lab).unwrap();
        assert!(id.starts_with("i-"), "{id}");
        let ip = fill("{public_ip}", &lab).unwrap();
        assert!(ip.parse::<std::net::Ipv4Addr>().is_ok(), "{ip}");
    }

    #[test]
    fn arguments_pick_another_instance() {
        let mut lab = lab(5);
        assert_eq!(
            fill("{instance_id:test}", &lab),
            Err("instance_id:test".to_string())
        );
        assert_eq!(fill_for_display("{public_ip:test}", &lab), "<public-ip>");
        assert_eq!(
            fill_or_keep("a {instance_id:test} b", &lab),
            "a {instance_id:test} b"
        );
        let launch = fill(
            "aws ec2 run-instances --image-id {ubuntu_ami} --instance-type t3.micro --tag-specifications \"ResourceType=instance,Tags=[{Key=Name,Value=test}]\"",
            &lab,
        )
        .unwrap();
        assert_eq!(lab.run(&launch).exit_code, 0);
        let test = fill("{instance_id:test}", &lab).unwrap();
        let web = fill("{instance_id}", &lab).unwrap();
        assert!(test.starts_with("i-") && test != web, "{test} {web}");
        assert_eq!(fill("{instance_id:web}", &lab).unwrap(), web);
    }

    #[test]
    fn unknown_names_are_reported() {
        assert_eq!(
            unknown_placeholders(
                "{instanceid} {Key=Name} {learner_ip} {} {instance_id:test} {region:x} {nope:y}"
            ),
            vec!["instanceid", "region:x", "nope:y"]
        );
        assert!(has_placeholders("a {public_ip}"));
        assert!(unknown_placeholders("print(f\"Hello, {{name}}! {{record['s3']}}\")").is_empty());
        assert_eq!(
            without_lab("print(f'{{name}}') {region}"),
            "print(f'{name}') <region>"
        );
        assert!(!has_placeholders("a {Key=Name,Value=web} {"));
    }
}
