//! Tags: `CreateTags`, `DeleteTags`, `DescribeTags`, and `TagSpecifications`
//! on create operations.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::{Tag, TagMap, TagSpecification};
use crate::cloud::Cloud;

/// At most this many tags per resource.
pub const MAX_TAGS_PER_RESOURCE: usize = 50;

/// Checks one tag against AWS's rules.
pub(crate) fn validate_tag(tag: &Tag) -> Result<(), Ec2Error> {
    if tag.key.is_empty() || tag.key.chars().count() > 128 {
        return Err(Ec2Error::invalid_value(format!(
            "Tag key must be between 1 and 128 characters in length. Key: {}",
            tag.key
        )));
    }
    if tag.key.to_ascii_lowercase().starts_with("aws:") {
        return Err(Ec2Error::invalid_value(
            "Tag keys starting with 'aws:' are reserved for internal use",
        ));
    }
    if tag.value.chars().count() > 256 {
        return Err(Ec2Error::invalid_value(format!(
            "Tag value exceeds the maximum length of 256 characters. Key: {}",
            tag.key
        )));
    }
    Ok(())
}

/// The tags `specs` give to a resource of `resource_type`. A spec for a type the
/// operation does not create is rejected, as AWS does.
pub(crate) fn from_specifications(
    specs: &[TagSpecification],
    resource_type: &str,
) -> Result<TagMap, Ec2Error> {
    let mut out = TagMap::new();
    for spec in specs {
        if spec.resource_type != resource_type {
            return Err(Ec2Error::invalid_value(format!(
                "'{}' is not a valid taggable resource type for this operation.",
                spec.resource_type
            )));
        }
        if spec.tags.is_empty() {
            return Err(Ec2Error::invalid_value(
                "Tag specification must have at least one tag",
            ));
        }
        for tag in &spec.tags {
            validate_tag(tag)?;
            out.insert(tag.key.clone(), tag.value.clone());
        }
    }
    if out.len() > MAX_TAGS_PER_RESOURCE {
        return Err(Ec2Error::TagLimitExceeded);
    }
    Ok(out)
}

/// `CreateTags` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateTagsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Resource ids (`i-`, `sg-`, `key-`, `eipalloc-`, `vol-`, `vpc-`, `subnet-`, ...).
    pub resources: Vec<String>,
    /// Tags to add or overwrite.
    pub tags: Vec<Tag>,
}

/// `DeleteTags` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteTagsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Resource ids.
    pub resources: Vec<String>,
    /// Tags to remove: a tag with an empty value removes the key whatever its
    /// value; with a value, only if it matches. No tags removes every tag.
    pub tags: Vec<Tag>,
}

/// `DescribeTags` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeTagsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Filters: `resource-id`, `resource-type`, `key`, `value`.
    pub filters: Vec<Filter>,
}

/// One tag in `DescribeTags` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    /// The key.
    pub key: String,
    /// The resource id.
    pub resource_id: String,
    /// The resource type, e.g. `instance`.
    pub resource_type: String,
    /// The value.
    pub value: String,
}

/// `DescribeTags` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTagsOutput {
    /// The tags, by resource id then key.
    pub tags: Vec<TagDescription>,
}

/// The resource type a tag lives on, from the id's prefix.
pub fn resource_type_of(id: &str) -> Option<&'static str> {
    let prefix = id.split_once('-').map(|(p, _)| p)?;
    Some(match prefix {
        "i" => "instance",
        "sg" => "security-group",
        "key" => "key-pair",
        "eipalloc" => "elastic-ip",
        "vol" => "volume",
        "vpc" => "vpc",
        "subnet" => "subnet",
        "igw" => "internet-gateway",
        "rtb" => "route-table",
        "acl" => "network-acl",
        "nat" => "natgateway",
        "sgr" => "security-group-rule",
        "ami" => "image",
        _ => return None,
    })
}

fn vec_to_map(tags: &[Tag]) -> TagMap {
    tags.iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect()
}

fn map_to_vec(map: &TagMap) -> Vec<Tag> {
    super::tag_list(map)
}

impl Cloud {
    /// Runs `edit` on the tags of resource `id`, or says the resource does not exist.
    fn edit_tags(&mut self, id: &str, edit: &mut dyn FnMut(&mut TagMap)) -> Result<(), Ec2Error> {
        let not_found = || -> Ec2Error {
            match resource_type_of(id) {
                Some("instance") => Ec2Error::InstanceNotFound {
                    instance_ids: vec![id.to_string()],
                },
                Some("security-group") => Ec2Error::GroupNotFound {
                    group_id: id.to_string(),
                },
                Some("key-pair") => Ec2Error::KeyPairNotFound {
                    key: id.to_string(),
                },
                Some("elastic-ip") => Ec2Error::AllocationNotFound {
                    allocation_id: id.to_string(),
                },
                Some("volume") => Ec2Error::VolumeNotFound {
                    volume_id: id.to_string(),
                },
                Some("vpc") => Ec2Error::VpcNotFound {
                    vpc_id: id.to_string(),
                },
                Some("subnet") => Ec2Error::SubnetNotFound {
                    subnet_id: id.to_string(),
                },
                Some("internet-gateway") => Ec2Error::InternetGatewayNotFound {
                    internet_gateway_id: id.to_string(),
                },
                Some("route-table") => Ec2Error::RouteTableNotFound {
                    route_table_id: id.to_string(),
                },
                Some("network-acl") => Ec2Error::NetworkAclNotFound {
                    network_acl_id: id.to_string(),
                },
                Some("natgateway") => Ec2Error::NatGatewayNotFound {
                    nat_gateway_id: id.to_string(),
                },
                Some("security-group-rule") => Ec2Error::SecurityGroupRuleNotFound {
                    rule_id: id.to_string(),
                },
                Some("image") => Ec2Error::AmiNotFound {
                    image_id: id.to_string(),
                },
                _ => Ec2Error::InvalidId {
                    resource_id: id.to_string(),
                },
            }
        };
        let ec2 = &mut self.ec2;
        macro_rules! map_tags {
            ($list:expr, $field:ident) => {
                if let Some(r) = $list.iter_mut().find(|r| r.$field == id) {
                    edit(&mut r.tags);
                    return Ok(());
                }
            };
        }
        macro_rules! vec_tags {
            ($list:expr, $field:ident) => {
                if let Some(r) = $list.iter_mut().find(|r| r.$field == id) {
                    let mut m = vec_to_map(&r.tags);
                    edit(&mut m);
                    r.tags = map_to_vec(&m);
                    return Ok(());
                }
            };
        }
        map_tags!(ec2.instances, instance_id);
        map_tags!(ec2.security_groups, group_id);
        map_tags!(ec2.key_pairs, key_pair_id);
        map_tags!(ec2.addresses, allocation_id);
        map_tags!(ec2.volumes, volume_id);
        map_tags!(ec2.nat_gateways, nat_gateway_id);
        vec_tags!(ec2.vpcs, vpc_id);
        vec_tags!(ec2.subnets, subnet_id);
        vec_tags!(ec2.internet_gateways, internet_gateway_id);
        vec_tags!(ec2.route_tables, route_table_id);
        vec_tags!(ec2.network_acls, network_acl_id);
        for sg in &mut ec2.security_groups {
            if let Some(rule) = sg
                .ingress
                .iter_mut()
                .chain(sg.egress.iter_mut())
                .find(|r| r.rule_id == id)
            {
                edit(&mut rule.tags);
                return Ok(());
            }
        }
        Err(not_found())
    }

    /// All (resource id, resource type, tags) triples, in a stable order.
    fn all_tags(&self) -> Vec<(String, &'static str, TagMap)> {
        let mut out = Vec::new();
        for i in &self.ec2.instances {
            out.push((i.instance_id.clone(), "instance", i.tags.clone()));
        }
        for g in &self.ec2.security_groups {
            out.push((g.group_id.clone(), "security-group", g.tags.clone()));
        }
        for k in &self.ec2.key_pairs {
            out.push((k.key_pair_id.clone(), "key-pair", k.tags.clone()));
        }
        for a in &self.ec2.addresses {
            out.push((a.allocation_id.clone(), "elastic-ip", a.tags.clone()));
        }
        for v in &self.ec2.volumes {
            out.push((v.volume_id.clone(), "volume", v.tags.clone()));
        }
        for v in &self.ec2.vpcs {
            out.push((v.vpc_id.clone(), "vpc", vec_to_map(&v.tags)));
        }
        for s in &self.ec2.subnets {
            out.push((s.subnet_id.clone(), "subnet", vec_to_map(&s.tags)));
        }
        for g in &self.ec2.internet_gateways {
            out.push((
                g.internet_gateway_id.clone(),
                "internet-gateway",
                vec_to_map(&g.tags),
            ));
        }
        for r in &self.ec2.route_tables {
            out.push((r.route_table_id.clone(), "route-table", vec_to_map(&r.tags)));
        }
        for a in &self.ec2.network_acls {
            out.push((a.network_acl_id.clone(), "network-acl", vec_to_map(&a.tags)));
        }
        for n in &self.ec2.nat_gateways {
            out.push((n.nat_gateway_id.clone(), "natgateway", n.tags.clone()));
        }
        out
    }

    /// `ec2 create-tags`: adds or overwrites tags on each resource. All-or-nothing:
    /// if one resource does not exist, nothing is changed.
    pub fn create_tags(&mut self, input: CreateTagsInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("CreateTags", input.dry_run, |c| {
            if input.resources.is_empty() {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter resourceIdSet".into(),
                });
            }
            if input.tags.is_empty() {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter tagSet".into(),
                });
            }
            for tag in &input.tags {
                validate_tag(tag)?;
            }
            // Check every resource first, and the tag limit.
            let mut staged = c.clone();
            for id in &input.resources {
                let mut over = false;
                staged.edit_tags(id, &mut |tags: &mut TagMap| {
                    for t in &input.tags {
                        tags.insert(t.key.clone(), t.value.clone());
                    }
                    over |= tags.len() > MAX_TAGS_PER_RESOURCE;
                })?;
                if over {
                    return Err(Ec2Error::TagLimitExceeded);
                }
            }
            c.ec2 = staged.ec2;
            Ok(())
        })
    }

    /// `ec2 delete-tags`.
    pub fn delete_tags(&mut self, input: DeleteTagsInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteTags", input.dry_run, |c| {
            if input.resources.is_empty() {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter resourceIdSet".into(),
                });
            }
            let mut staged = c.clone();
            for id in &input.resources {
                staged.edit_tags(id, &mut |tags: &mut TagMap| {
                    if input.tags.is_empty() {
                        tags.clear();
                    }
                    for t in &input.tags {
                        let matches =
                            t.value.is_empty() || tags.get(&t.key).is_some_and(|v| *v == t.value);
                        if matches {
                            tags.remove(&t.key);
                        }
                    }
                })?;
            }
            c.ec2 = staged.ec2;
            Ok(())
        })
    }

    /// `ec2 describe-tags`.
    pub fn describe_tags(
        &mut self,
        input: DescribeTagsInput,
    ) -> Result<DescribeTagsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeTags", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &["resource-id", "resource-type", "key", "value"],
            )?;
            let mut tags = Vec::new();
            for (id, ty, map) in c.all_tags() {
                for (k, v) in map {
                    let d = TagDescription {
                        key: k,
                        resource_id: id.clone(),
                        resource_type: ty.to_string(),
                        value: v,
                    };
                    let keep = filters::passes(&input.filters, |name| match name {
                        "resource-id" => vec![d.resource_id.clone()],
                        "resource-type" => vec![d.resource_type.clone()],
                        "key" => vec![d.key.clone()],
                        _ => vec![d.value.clone()],
                    });
                    if keep {
                        tags.push(d);
                    }
                }
            }
            Ok(DescribeTagsOutput { tags })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::key_pairs::CreateKeyPairInput;

    #[test]
    fn create_describe_delete_tags() {
        let mut cloud = Cloud::default();
        let vpc_id = cloud.default_vpc().unwrap().vpc_id.clone();
        let key = cloud
            .create_key_pair(CreateKeyPairInput {
                key_name: "k".into(),
                ..Default::default()
            })
            .unwrap();
        cloud
            .create_tags(CreateTagsInput {
                resources: vec![vpc_id.clone(), key.key_pair_id.clone()],
                tags: vec![Tag::new("Env", "lab")],
                ..Default::default()
            })
            .unwrap();
        let out = cloud
            .describe_tags(DescribeTagsInput {
                filters: vec![Filter::new("key", &["Env"])],
                ..Default::default()
            })
            .unwrap();
        let types: Vec<_> = out.tags.iter().map(|t| t.resource_type.as_str()).collect();
        assert_eq!(types, ["key-pair", "vpc"]);
        cloud
            .delete_tags(DeleteTagsInput {
                resources: vec![vpc_id.clone()],
                tags: vec![Tag::new("Env", "other")],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(cloud.default_vpc().unwrap().tags.len(), 1);
        cloud
            .delete_tags(DeleteTagsInput {
                resources: vec![vpc_id],
                tags: vec![Tag::new("Env", "")],
                ..Default::default()
            })
            .unwrap();
        assert!(cloud.default_vpc().unwrap().tags.is_empty());
    }

    #[test]
    fn create_tags_is_all_or_nothing() {
        let mut cloud = Cloud::default();
        let vpc_id = cloud.default_vpc().unwrap().vpc_id.clone();
        let err = cloud
            .create_tags(CreateTagsInput {
                resources: vec![vpc_id, "i-0123456789abcdef0".into()],
                tags: vec![Tag::new("Name", "x")],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidInstanceID.NotFound");
        assert!(cloud.default_vpc().unwrap().tags.is_empty());
        let err = cloud
            .create_tags(CreateTagsInput {
                resources: vec!["banana-1".into()],
                tags: vec![Tag::new("Name", "x")],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidID");
        let err = cloud
            .create_tags(CreateTagsInput {
                resources: vec![cloud.default_vpc().unwrap().vpc_id.clone()],
                tags: vec![Tag::new("aws:secret", "x")],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
    }

    #[test]
    fn tag_specifications_must_match_the_resource_type() {
        let spec = TagSpecification {
            resource_type: "instance".into(),
            tags: vec![Tag::new("a", "b")],
        };
        assert!(from_specifications(std::slice::from_ref(&spec), "instance").is_ok());
        let err = from_specifications(&[spec], "key-pair").unwrap_err();
        assert_eq!(
            err.message(),
            "'instance' is not a valid taggable resource type for this operation."
        );
        let many: Vec<Tag> = (0..51).map(|i| Tag::new(format!("k{i}"), "v")).collect();
        let err = from_specifications(
            &[TagSpecification {
                resource_type: "volume".into(),
                tags: many,
            }],
            "volume",
        )
        .unwrap_err();
        assert_eq!(err.code(), "TagLimitExceeded");
    }
}
