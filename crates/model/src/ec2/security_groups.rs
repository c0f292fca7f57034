//! Security groups: create, describe, delete, and their inbound and outbound
//! rules (`AuthorizeSecurityGroupIngress` ...). Rules are allow-only and
//! stateful; each stored rule has one peer (one CIDR or one group) and an id
//! (`sgr-...`), as AWS's security group rules do.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::{InstanceStateName, Ipv4Cidr, Protocol, Tag, TagMap, TagSpecification, tag_list, tags};
use crate::cloud::Cloud;

/// At most this many inbound rules, and separately outbound rules, per group.
pub const MAX_RULES_PER_DIRECTION: usize = 60;
/// At most this many security groups per network interface.
pub const MAX_GROUPS_PER_INTERFACE: usize = 5;

/// Where a rule's traffic comes from (inbound) or goes to (outbound).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RulePeer {
    /// An IPv4 block.
    Ipv4(Ipv4Cidr),
    /// An IPv6 block, as written.
    Ipv6(String),
    /// Another security group (instances in it).
    Group {
        /// The group id.
        group_id: String,
    },
    /// A managed prefix list.
    PrefixList(String),
}

impl RulePeer {
    /// The peer as AWS writes it in messages (`0.0.0.0/0`, `sg-...`).
    pub fn label(&self) -> String {
        match self {
            RulePeer::Ipv4(c) => c.to_string(),
            RulePeer::Ipv6(c) | RulePeer::PrefixList(c) => c.clone(),
            RulePeer::Group { group_id } => group_id.clone(),
        }
    }
}

/// One security group rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    /// `sgr-` followed by 17 hex digits.
    pub rule_id: String,
    /// `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all) or a protocol number.
    pub protocol: String,
    /// First port (ICMP: type); -1 when not applicable.
    pub from_port: i32,
    /// Last port (ICMP: code); -1 when not applicable.
    pub to_port: i32,
    /// The peer.
    pub peer: RulePeer,
    /// The rule's description.
    pub description: Option<String>,
    /// Tags.
    pub tags: TagMap,
}

impl SecurityGroupRule {
    fn same_permission(&self, other: &SecurityGroupRule) -> bool {
        self.protocol == other.protocol
            && self.from_port == other.from_port
            && self.to_port == other.to_port
            && self.peer == other.peer
    }

    /// Whether this rule allows `protocol`/`port` (ignoring the peer).
    pub fn allows(&self, protocol: Protocol, port: u16) -> bool {
        match self.protocol.as_str() {
            "-1" => true,
            "tcp" | "udp" => {
                self.protocol == protocol.as_str()
                    && self.from_port <= i32::from(port)
                    && i32::from(port) <= self.to_port
            }
            "icmp" => protocol == Protocol::Icmp,
            n => n == protocol.number().to_string(),
        }
    }

    /// AWS's wording of the rule in `InvalidPermission.Duplicate`:
    /// `peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW`.
    pub fn aws_description(&self) -> String {
        let peer = self.peer.label();
        match self.protocol.as_str() {
            "-1" => format!("peer: {peer}, ALL, ALLOW"),
            "tcp" | "udp" => format!(
                "peer: {peer}, {}, from port: {}, to port: {}, ALLOW",
                self.protocol.to_uppercase(),
                self.from_port,
                self.to_port
            ),
            "icmp" | "icmpv6" => format!(
                "peer: {peer}, {}, type: {}, code: {}, ALLOW",
                self.protocol.to_uppercase(),
                self.from_port,
                self.to_port
            ),
            other => format!("peer: {peer}, {other}, ALLOW"),
        }
    }

    /// A short English summary: `TCP 22 from 203.0.113.25/32`.
    pub fn summary(&self) -> String {
        let what = match self.protocol.as_str() {
            "-1" => "all traffic".to_string(),
            "tcp" | "udp" if self.from_port == self.to_port => {
                format!("{} {}", self.protocol.to_uppercase(), self.from_port)
            }
            "tcp" | "udp" => format!(
                "{} {}-{}",
                self.protocol.to_uppercase(),
                self.from_port,
                self.to_port
            ),
            "icmp" => "ICMP".to_string(),
            other => format!("protocol {other}"),
        };
        format!("{what} from {}", self.peer.label())
    }
}

/// A security group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroup {
    /// `sg-` followed by 17 hex digits.
    pub group_id: String,
    /// The name, unique in its VPC.
    pub group_name: String,
    /// The description.
    pub description: String,
    /// The VPC.
    pub vpc_id: String,
    /// The owner account.
    pub owner_id: String,
    /// Inbound rules.
    pub ingress: Vec<SecurityGroupRule>,
    /// Outbound rules.
    pub egress: Vec<SecurityGroupRule>,
    /// Tags.
    pub tags: TagMap,
    /// Whether this is its VPC's default group.
    pub is_default: bool,
}

impl SecurityGroup {
    /// The first inbound rule allowing `protocol`/`port` from `source`, where
    /// `source_groups` are the groups of the sending instance (if it is one).
    pub fn inbound_rule_for(
        &self,
        protocol: Protocol,
        port: u16,
        source: Ipv4Addr,
        source_groups: &[String],
    ) -> Option<&SecurityGroupRule> {
        matching_rule(&self.ingress, protocol, port, source, source_groups)
    }

    /// The first outbound rule that lets this group's members open a connection
    /// to `destination` (in `destination_groups`) on `port`.
    pub fn outbound_rule_for(
        &self,
        protocol: Protocol,
        port: u16,
        destination: Ipv4Addr,
        destination_groups: &[String],
    ) -> Option<&SecurityGroupRule> {
        matching_rule(
            &self.egress,
            protocol,
            port,
            destination,
            destination_groups,
        )
    }
}

/// The first of `rules` that allows `protocol`/`port` with `peer` (an address,
/// or a member of `peer_groups`).
fn matching_rule<'a>(
    rules: &'a [SecurityGroupRule],
    protocol: Protocol,
    port: u16,
    peer: Ipv4Addr,
    peer_groups: &[String],
) -> Option<&'a SecurityGroupRule> {
    rules.iter().find(|r| {
        r.allows(protocol, port)
            && match &r.peer {
                RulePeer::Ipv4(c) => c.contains(peer),
                RulePeer::Group { group_id } => peer_groups.contains(group_id),
                RulePeer::Ipv6(_) | RulePeer::PrefixList(_) => false,
            }
    })
}

/// An IPv4 range in an `IpPermission`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    /// The block, e.g. `203.0.113.25/32`.
    pub cidr_ip: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An IPv6 range in an `IpPermission`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Range {
    /// The block.
    pub cidr_ipv6: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A security group as a rule's peer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserIdGroupPair {
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The owner account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The group id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// The group name (default VPC only, in requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

/// A prefix list as a rule's peer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListId {
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `pl-...`.
    pub prefix_list_id: String,
}

/// One permission: a protocol and port range with its peers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpPermission {
    /// `tcp`, `udp`, `icmp`, `-1` or a protocol number.
    pub ip_protocol: String,
    /// First port (ICMP type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// Last port (ICMP code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// Security group peers.
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
    /// IPv4 peers.
    pub ip_ranges: Vec<IpRange>,
    /// IPv6 peers.
    pub ipv6_ranges: Vec<Ipv6Range>,
    /// Prefix list peers.
    pub prefix_list_ids: Vec<PrefixListId>,
}

impl IpPermission {
    /// `IpProtocol` with one port range and one CIDR (what `--protocol tcp
    /// --port 22 --cidr 0.0.0.0/0` means).
    pub fn cidr(protocol: &str, from_port: i32, to_port: i32, cidr: &str) -> IpPermission {
        IpPermission {
            ip_protocol: protocol.to_string(),
            from_port: Some(from_port),
            to_port: Some(to_port),
            ip_ranges: vec![IpRange {
                cidr_ip: cidr.to_string(),
                description: None,
            }],
            ..IpPermission::default()
        }
    }

    /// `IpProtocol` with one port range and a source security group.
    pub fn group(protocol: &str, from_port: i32, to_port: i32, group_id: &str) -> IpPermission {
        IpPermission {
            ip_protocol: protocol.to_string(),
            from_port: Some(from_port),
            to_port: Some(to_port),
            user_id_group_pairs: vec![UserIdGroupPair {
                group_id: Some(group_id.to_string()),
                ..UserIdGroupPair::default()
            }],
            ..IpPermission::default()
        }
    }
}

/// `CreateSecurityGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateSecurityGroupInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The name (unique per VPC, not `sg-*`).
    pub group_name: String,
    /// The description (required).
    pub description: String,
    /// The VPC (the default VPC when omitted).
    pub vpc_id: Option<String>,
    /// Tags (`ResourceType=security-group`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateSecurityGroup` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupOutput {
    /// The new group's id.
    pub group_id: String,
    /// Tags, when given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// The group's ARN.
    pub security_group_arn: String,
}

/// `DescribeSecurityGroups` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeSecurityGroupsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Group ids.
    pub group_ids: Vec<String>,
    /// Group names (default VPC).
    pub group_names: Vec<String>,
    /// Filters: `group-id`, `group-name`, `vpc-id`, `description`, `owner-id`,
    /// `ip-permission.protocol`, `ip-permission.from-port`, `ip-permission.to-port`,
    /// `ip-permission.cidr`, `ip-permission.group-id`, `ip-permission.group-name`,
    /// the same with `egress.ip-permission.`, and tags.
    pub filters: Vec<Filter>,
}

/// A security group as `DescribeSecurityGroups` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupDescription {
    /// The group's ARN.
    pub security_group_arn: String,
    /// The owner account.
    pub owner_id: String,
    /// The name.
    pub group_name: String,
    /// The id.
    pub group_id: String,
    /// Inbound permissions.
    pub ip_permissions: Vec<IpPermission>,
    /// Outbound permissions.
    pub ip_permissions_egress: Vec<IpPermission>,
    /// The VPC.
    pub vpc_id: String,
    /// The description.
    pub description: String,
    /// Tags, when any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `DescribeSecurityGroups` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupsOutput {
    /// The groups.
    pub security_groups: Vec<SecurityGroupDescription>,
}

/// `DeleteSecurityGroup` input: an id, or a name in the default VPC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteSecurityGroupInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The id.
    pub group_id: Option<String>,
    /// The name (default VPC).
    pub group_name: Option<String>,
}

/// `DeleteSecurityGroup` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSecurityGroupOutput {
    /// Always true.
    #[serde(rename = "Return")]
    pub return_value: bool,
    /// The deleted group's id.
    pub group_id: String,
}

/// Input of `AuthorizeSecurityGroupIngress`/`Egress` and `Revoke...`: the group
/// (id, or name in the default VPC), then `IpPermissions` or the flat shorthand
/// (`IpProtocol`, `FromPort`, `ToPort`, `CidrIp` or `SourceSecurityGroupName`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityGroupRulesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The group id.
    pub group_id: Option<String>,
    /// The group name (default VPC; ingress only).
    pub group_name: Option<String>,
    /// Permissions to add or remove.
    pub ip_permissions: Vec<IpPermission>,
    /// Shorthand protocol.
    pub ip_protocol: Option<String>,
    /// Shorthand first port.
    pub from_port: Option<i32>,
    /// Shorthand last port.
    pub to_port: Option<i32>,
    /// Shorthand IPv4 block.
    pub cidr_ip: Option<String>,
    /// Shorthand source group, by name.
    pub source_security_group_name: Option<String>,
    /// Rule ids to revoke (revoke only).
    pub security_group_rule_ids: Vec<String>,
    /// Tags for the new rules (authorize only).
    pub tag_specifications: Vec<TagSpecification>,
}

/// A referenced group inside a security group rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReferencedGroupInfo {
    /// The group id.
    pub group_id: String,
    /// Its owner.
    pub user_id: String,
}

/// One rule as `DescribeSecurityGroupRules` (and `Authorize...`) return it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRuleDescription {
    /// `sgr-...`.
    pub security_group_rule_id: String,
    /// The group.
    pub group_id: String,
    /// The group's owner.
    pub group_owner_id: String,
    /// Outbound or inbound.
    pub is_egress: bool,
    /// The protocol.
    pub ip_protocol: String,
    /// First port.
    pub from_port: i32,
    /// Last port.
    pub to_port: i32,
    /// IPv4 peer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    /// IPv6 peer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    /// Prefix list peer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix_list_id: Option<String>,
    /// Group peer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referenced_group_info: Option<ReferencedGroupInfo>,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
    /// The rule's ARN.
    pub security_group_rule_arn: String,
}

/// `Authorize...` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizeSecurityGroupOutput {
    /// Always true.
    #[serde(rename = "Return")]
    pub return_value: bool,
    /// The rules added.
    pub security_group_rules: Vec<SecurityGroupRuleDescription>,
}

/// `Revoke...` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeSecurityGroupOutput {
    /// True when every rule asked for was revoked.
    #[serde(rename = "Return")]
    pub return_value: bool,
    /// Permissions asked for that matched no rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_ip_permissions: Vec<IpPermission>,
    /// The rules removed.
    pub revoked_security_group_rules: Vec<SecurityGroupRuleDescription>,
}

/// `DescribeSecurityGroupRules` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeSecurityGroupRulesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Rule ids.
    pub security_group_rule_ids: Vec<String>,
    /// Filters: `group-id`, `security-group-rule-id`, `is-egress`, tags.
    pub filters: Vec<Filter>,
}

/// `DescribeSecurityGroupRules` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupRulesOutput {
    /// The rules.
    pub security_group_rules: Vec<SecurityGroupRuleDescription>,
}

const RULE_TEXT_CHARS: &str = " ._-:/()#,@[]+=&;{}!$*";

fn valid_rule_text(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_alphanumeric() || RULE_TEXT_CHARS.contains(c))
}

fn validate_group_text(field: &str, value: &str) -> Result<(), Ec2Error> {
    if value.is_empty() {
        return Err(Ec2Error::MissingParameter {
            message: format!("The request must contain the parameter {field}"),
        });
    }
    if !value.is_ascii() {
        return Err(Ec2Error::invalid_value(
            "Character sets beyond ASCII are not supported.",
        ));
    }
    if value.len() > 255 {
        return Err(Ec2Error::invalid_value(format!(
            "Value ({value}) for parameter {field} is invalid. Length exceeds maximum of 255."
        )));
    }
    if !valid_rule_text(value) {
        return Err(Ec2Error::invalid_value(format!(
            "Value ({value}) for parameter {field} is invalid. Valid characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{{}}!$*"
        )));
    }
    Ok(())
}

fn validate_rule_description(d: &Option<String>) -> Result<(), Ec2Error> {
    if let Some(d) = d
        && (d.len() > 255 || !valid_rule_text(d))
    {
        return Err(Ec2Error::invalid_value(
            "Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*",
        ));
    }
    Ok(())
}

/// Normalizes a protocol name or number to AWS's stored form.
pub fn normalize_protocol(protocol: &str) -> Result<String, Ec2Error> {
    let p = protocol.trim().to_ascii_lowercase();
    let normalized = match p.as_str() {
        "tcp" | "6" => "tcp".to_string(),
        "udp" | "17" => "udp".to_string(),
        "icmp" | "1" => "icmp".to_string(),
        "icmpv6" | "58" => "icmpv6".to_string(),
        "-1" | "all" => "-1".to_string(),
        n if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => match n.parse::<u16>() {
            Ok(v) if v <= 255 => v.to_string(),
            _ => return Err(unknown_protocol(protocol)),
        },
        _ => return Err(unknown_protocol(protocol)),
    };
    Ok(normalized)
}

fn unknown_protocol(protocol: &str) -> Ec2Error {
    Ec2Error::invalid_value(format!(
        "Invalid value '{protocol}' for IP protocol. Unknown protocol."
    ))
}

/// Normalizes ports for a protocol: TCP/UDP need 0..=65535 with from <= to
/// (-1 means all ports); ICMP takes type and code (-1 = all); others ignore ports.
fn normalize_ports(
    protocol: &str,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<(i32, i32), Ec2Error> {
    match protocol {
        "tcp" | "udp" => {
            let (from, to) = match (from, to) {
                (Some(-1), Some(-1)) | (Some(-1), None) => (0, 65_535),
                (Some(f), Some(t)) => (f, t),
                (Some(f), None) => (f, f),
                (None, _) => {
                    return Err(Ec2Error::invalid_value("Invalid TCP/UDP port range"));
                }
            };
            if !(0..=65_535).contains(&from) || !(0..=65_535).contains(&to) || from > to {
                return Err(Ec2Error::invalid_value("Invalid TCP/UDP port range"));
            }
            Ok((from, to))
        }
        "icmp" | "icmpv6" => {
            let t = from.unwrap_or(-1);
            let c = to.unwrap_or(-1);
            if !(-1..=255).contains(&t) || !(-1..=255).contains(&c) {
                return Err(Ec2Error::invalid_value(format!(
                    "Invalid value for portRange. Must specify both from and to ports with ICMP. type: {t}, code: {c}"
                )));
            }
            Ok((t, c))
        }
        _ => Ok((-1, -1)),
    }
}

/// Parses a rule CIDR; host bits set or a missing prefix length is malformed.
fn parse_rule_cidr(text: &str) -> Result<Ipv4Cidr, Ec2Error> {
    Ipv4Cidr::parse(text, false)
        .map_err(|_| Ec2Error::invalid_value(format!("CIDR block {text} is malformed")))
}

impl Cloud {
    /// Every security group.
    pub fn security_groups(&self) -> &[SecurityGroup] {
        &self.ec2.security_groups
    }

    /// The security group with this id.
    pub fn security_group(&self, group_id: &str) -> Option<&SecurityGroup> {
        self.ec2
            .security_groups
            .iter()
            .find(|g| g.group_id == group_id)
    }

    /// The group named `name` in `vpc_id`.
    pub fn security_group_by_name(&self, vpc_id: &str, name: &str) -> Option<&SecurityGroup> {
        self.ec2
            .security_groups
            .iter()
            .find(|g| g.vpc_id == vpc_id && g.group_name == name)
    }

    pub(crate) fn create_default_security_group(&mut self, vpc_id: &str) {
        let group_id = self.new_id("sg");
        let ingress_id = self.new_id("sgr");
        let egress_id = self.new_id("sgr");
        self.ec2.security_groups.push(SecurityGroup {
            group_id: group_id.clone(),
            group_name: "default".into(),
            description: "default VPC security group".into(),
            vpc_id: vpc_id.into(),
            owner_id: self.config.account_id.clone(),
            ingress: vec![SecurityGroupRule {
                rule_id: ingress_id,
                protocol: "-1".into(),
                from_port: -1,
                to_port: -1,
                peer: RulePeer::Group { group_id },
                description: None,
                tags: TagMap::new(),
            }],
            egress: vec![all_outbound(egress_id)],
            tags: TagMap::new(),
            is_default: true,
        });
    }

    fn default_vpc_id(&self) -> Result<String, Ec2Error> {
        self.default_vpc()
            .map(|v| v.vpc_id.clone())
            .ok_or_else(|| Ec2Error::MissingParameter {
                message: "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.".into(),
            })
    }

    /// Finds a group by id (checking its shape) or by name in the default VPC.
    pub(crate) fn resolve_group(
        &self,
        group_id: Option<&str>,
        group_name: Option<&str>,
    ) -> Result<String, Ec2Error> {
        match (
            group_id.filter(|s| !s.is_empty()),
            group_name.filter(|s| !s.is_empty()),
        ) {
            (Some(id), _) => {
                if !id.starts_with("sg-") {
                    return Err(Ec2Error::GroupIdMalformed {
                        group_id: id.to_string(),
                    });
                }
                self.security_group(id)
                    .map(|g| g.group_id.clone())
                    .ok_or_else(|| Ec2Error::GroupNotFound {
                        group_id: id.to_string(),
                    })
            }
            (None, Some(name)) => {
                let vpc_id = self.default_vpc_id()?;
                self.security_group_by_name(&vpc_id, name)
                    .map(|g| g.group_id.clone())
                    .ok_or(Ec2Error::GroupNameNotFound {
                        group_name: name.to_string(),
                        vpc_id,
                    })
            }
            (None, None) => Err(Ec2Error::MissingParameter {
                message: "The request must contain the parameter groupName or groupId".into(),
            }),
        }
    }

    /// `ec2 create-security-group`. A new group has no inbound rules and allows
    /// all outbound traffic.
    pub fn create_security_group(
        &mut self,
        input: CreateSecurityGroupInput,
    ) -> Result<CreateSecurityGroupOutput, Ec2Error> {
        self.ec2_call_dry("CreateSecurityGroup", input.dry_run, |c| {
            validate_group_text("GroupName", &input.group_name)?;
            validate_group_text("GroupDescription", &input.description)?;
            if input.group_name.to_ascii_lowercase().starts_with("sg-") {
                return Err(Ec2Error::invalid_value(format!(
                    "Value ({}) for parameter GroupName is invalid. Group names may not be in the format sg-*.",
                    input.group_name
                )));
            }
            let vpc_id = match input.vpc_id.as_deref().filter(|v| !v.is_empty()) {
                Some(v) => {
                    if !c.ec2.vpcs.iter().any(|x| x.vpc_id == v) {
                        return Err(Ec2Error::VpcNotFound {
                            vpc_id: v.to_string(),
                        });
                    }
                    v.to_string()
                }
                None => c.default_vpc_id()?,
            };
            if c.security_group_by_name(&vpc_id, &input.group_name).is_some() {
                return Err(Ec2Error::GroupDuplicate {
                    group_name: input.group_name.clone(),
                    vpc_id,
                });
            }
            let tags = tags::from_specifications(&input.tag_specifications, "security-group")?;
            let group_id = c.new_id("sg");
            let egress_id = c.new_id("sgr");
            c.ec2.security_groups.push(SecurityGroup {
                group_id: group_id.clone(),
                group_name: input.group_name.clone(),
                description: input.description.clone(),
                vpc_id,
                owner_id: c.config.account_id.clone(),
                ingress: Vec::new(),
                egress: vec![all_outbound(egress_id)],
                tags: tags.clone(),
                is_default: false,
            });
            let security_group_arn = c.group_arn(&group_id);
            Ok(CreateSecurityGroupOutput {
                group_id,
                tags: tag_list(&tags),
                security_group_arn,
            })
        })
    }

    fn group_arn(&self, group_id: &str) -> String {
        format!(
            "arn:aws:ec2:{}:{}:security-group/{group_id}",
            self.region().code,
            self.config.account_id
        )
    }

    fn describe_group(&self, g: &SecurityGroup) -> SecurityGroupDescription {
        SecurityGroupDescription {
            security_group_arn: self.group_arn(&g.group_id),
            owner_id: g.owner_id.clone(),
            group_name: g.group_name.clone(),
            group_id: g.group_id.clone(),
            ip_permissions: self.permissions_of(&g.ingress),
            ip_permissions_egress: self.permissions_of(&g.egress),
            vpc_id: g.vpc_id.clone(),
            description: g.description.clone(),
            tags: tag_list(&g.tags),
        }
    }

    /// Groups rules into `IpPermission`s by protocol and port range, in first-seen order.
    fn permissions_of(&self, rules: &[SecurityGroupRule]) -> Vec<IpPermission> {
        let mut out: Vec<IpPermission> = Vec::new();
        for r in rules {
            let ports = matches!(r.protocol.as_str(), "tcp" | "udp" | "icmp" | "icmpv6");
            let (from_port, to_port) = if ports {
                (Some(r.from_port), Some(r.to_port))
            } else {
                (None, None)
            };
            let idx = match out.iter().position(|p| {
                p.ip_protocol == r.protocol && p.from_port == from_port && p.to_port == to_port
            }) {
                Some(i) => i,
                None => {
                    out.push(IpPermission {
                        ip_protocol: r.protocol.clone(),
                        from_port,
                        to_port,
                        ..IpPermission::default()
                    });
                    out.len() - 1
                }
            };
            let Some(p) = out.get_mut(idx) else { continue };
            match &r.peer {
                RulePeer::Ipv4(c) => p.ip_ranges.push(IpRange {
                    cidr_ip: c.to_string(),
                    description: r.description.clone(),
                }),
                RulePeer::Ipv6(c) => p.ipv6_ranges.push(Ipv6Range {
                    cidr_ipv6: c.clone(),
                    description: r.description.clone(),
                }),
                RulePeer::Group { group_id } => p.user_id_group_pairs.push(UserIdGroupPair {
                    description: r.description.clone(),
                    user_id: Some(self.config.account_id.clone()),
                    group_id: Some(group_id.clone()),
                    group_name: None,
                }),
                RulePeer::PrefixList(id) => p.prefix_list_ids.push(PrefixListId {
                    description: r.description.clone(),
                    prefix_list_id: id.clone(),
                }),
            }
        }
        out
    }

    /// `ec2 describe-security-groups`.
    pub fn describe_security_groups(
        &mut self,
        input: DescribeSecurityGroupsInput,
    ) -> Result<DescribeSecurityGroupsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeSecurityGroups", input.dry_run, |c| {
            let mut known: Vec<&str> = vec![
                "group-id",
                "group-name",
                "vpc-id",
                "description",
                "owner-id",
                "tag:",
                "tag-key",
                "tag-value",
            ];
            const PERM: [&str; 7] = [
                "ip-permission.protocol",
                "ip-permission.from-port",
                "ip-permission.to-port",
                "ip-permission.cidr",
                "ip-permission.group-id",
                "ip-permission.group-name",
                "ip-permission.description",
            ];
            const EGRESS: [&str; 7] = [
                "egress.ip-permission.protocol",
                "egress.ip-permission.from-port",
                "egress.ip-permission.to-port",
                "egress.ip-permission.cidr",
                "egress.ip-permission.group-id",
                "egress.ip-permission.group-name",
                "egress.ip-permission.description",
            ];
            known.extend(PERM);
            known.extend(EGRESS);
            filters::check_names(&input.filters, &known)?;
            let mut wanted: Vec<String> = Vec::new();
            for id in &input.group_ids {
                wanted.push(c.resolve_group(Some(id), None)?);
            }
            for name in &input.group_names {
                wanted.push(c.resolve_group(None, Some(name))?);
            }
            let security_groups =
                c.ec2
                    .security_groups
                    .iter()
                    .filter(|g| wanted.is_empty() || wanted.contains(&g.group_id))
                    .filter(|g| {
                        filters::passes(&input.filters, |name| {
                            let (rules, field) =
                                if let Some(f) = name.strip_prefix("egress.ip-permission.") {
                                    (&g.egress, f)
                                } else if let Some(f) = name.strip_prefix("ip-permission.") {
                                    (&g.ingress, f)
                                } else {
                                    return match name {
                                        "group-id" => vec![g.group_id.clone()],
                                        "group-name" => vec![g.group_name.clone()],
                                        "vpc-id" => vec![g.vpc_id.clone()],
                                        "description" => vec![g.description.clone()],
                                        "owner-id" => vec![g.owner_id.clone()],
                                        other => filters::tag_candidates(other, &g.tags)
                                            .unwrap_or_default(),
                                    };
                                };
                            rules
                                .iter()
                                .filter_map(|r| match field {
                                    "protocol" => Some(r.protocol.clone()),
                                    "from-port" => Some(r.from_port.to_string()),
                                    "to-port" => Some(r.to_port.to_string()),
                                    "cidr" => match &r.peer {
                                        RulePeer::Ipv4(x) => Some(x.to_string()),
                                        _ => None,
                                    },
                                    "group-id" => match &r.peer {
                                        RulePeer::Group { group_id } => Some(group_id.clone()),
                                        _ => None,
                                    },
                                    "group-name" => match &r.peer {
                                        RulePeer::Group { group_id } => {
                                            c.security_group(group_id).map(|x| x.group_name.clone())
                                        }
                                        _ => None,
                                    },
                                    _ => r.description.clone(),
                                })
                                .collect()
                        })
                    })
                    .map(|g| c.describe_group(g))
                    .collect();
            Ok(DescribeSecurityGroupsOutput { security_groups })
        })
    }

    /// `ec2 delete-security-group`.
    pub fn delete_security_group(
        &mut self,
        input: DeleteSecurityGroupInput,
    ) -> Result<DeleteSecurityGroupOutput, Ec2Error> {
        self.ec2_call_dry("DeleteSecurityGroup", input.dry_run, |c| {
            let group_id =
                c.resolve_group(input.group_id.as_deref(), input.group_name.as_deref())?;
            if c.security_group(&group_id).is_some_and(|g| g.is_default) {
                return Err(Ec2Error::CannotDeleteDefaultGroup { group_id });
            }
            let in_use = c.ec2.instances.iter().any(|i| {
                i.state != InstanceStateName::Terminated && i.security_group_ids.contains(&group_id)
            });
            let referenced = c.ec2.security_groups.iter().any(|g| {
                g.group_id != group_id
                    && g.ingress.iter().chain(&g.egress).any(|r| {
                        r.peer
                            == RulePeer::Group {
                                group_id: group_id.clone(),
                            }
                    })
            });
            if in_use || referenced {
                return Err(Ec2Error::DependencyViolation {
                    resource_id: group_id,
                });
            }
            c.ec2.security_groups.retain(|g| g.group_id != group_id);
            Ok(DeleteSecurityGroupOutput {
                return_value: true,
                group_id,
            })
        })
    }

    /// Turns a request into candidate rules (without ids yet).
    fn rules_from_request(
        &self,
        group_id: &str,
        input: &SecurityGroupRulesInput,
    ) -> Result<Vec<SecurityGroupRule>, Ec2Error> {
        let vpc_id = self
            .security_group(group_id)
            .map(|g| g.vpc_id.clone())
            .unwrap_or_default();
        let mut perms = input.ip_permissions.clone();
        let shorthand = input.ip_protocol.is_some()
            || input.cidr_ip.is_some()
            || input.source_security_group_name.is_some();
        if shorthand {
            if !perms.is_empty() {
                return Err(Ec2Error::InvalidParameterCombination {
                    message: "The parameter 'ipPermissions' may not be used in combination with 'ipProtocol'".into(),
                });
            }
            let mut p = IpPermission {
                ip_protocol: input.ip_protocol.clone().unwrap_or_else(|| "-1".into()),
                from_port: input.from_port,
                to_port: input.to_port,
                ..IpPermission::default()
            };
            if let Some(cidr) = &input.cidr_ip {
                p.ip_ranges.push(IpRange {
                    cidr_ip: cidr.clone(),
                    description: None,
                });
            }
            if let Some(name) = &input.source_security_group_name {
                p.user_id_group_pairs.push(UserIdGroupPair {
                    group_name: Some(name.clone()),
                    ..UserIdGroupPair::default()
                });
            }
            perms.push(p);
        }
        if perms.is_empty() {
            return Err(Ec2Error::MissingParameter {
                message: "The request must contain the parameter ipPermissions".into(),
            });
        }
        let mut rules = Vec::new();
        for p in &perms {
            let protocol = normalize_protocol(&p.ip_protocol)?;
            let (from_port, to_port) = normalize_ports(&protocol, p.from_port, p.to_port)?;
            let mut push = |peer: RulePeer, description: &Option<String>| -> Result<(), Ec2Error> {
                validate_rule_description(description)?;
                rules.push(SecurityGroupRule {
                    rule_id: String::new(),
                    protocol: protocol.clone(),
                    from_port,
                    to_port,
                    peer,
                    description: description.clone().filter(|d| !d.is_empty()),
                    tags: TagMap::new(),
                });
                Ok(())
            };
            for r in &p.ip_ranges {
                push(RulePeer::Ipv4(parse_rule_cidr(&r.cidr_ip)?), &r.description)?;
            }
            for r in &p.ipv6_ranges {
                if !r.cidr_ipv6.contains(':') || !r.cidr_ipv6.contains('/') {
                    return Err(Ec2Error::invalid_value(format!(
                        "CIDR block {} is malformed",
                        r.cidr_ipv6
                    )));
                }
                push(
                    RulePeer::Ipv6(r.cidr_ipv6.to_ascii_lowercase()),
                    &r.description,
                )?;
            }
            for pair in &p.user_id_group_pairs {
                let peer_id = match (&pair.group_id, &pair.group_name) {
                    (Some(id), _) => {
                        let g = self
                            .security_group(id)
                            .ok_or_else(|| Ec2Error::GroupNotFound {
                                group_id: id.clone(),
                            })?;
                        if g.vpc_id != vpc_id {
                            return Err(Ec2Error::GroupNotFound {
                                group_id: id.clone(),
                            });
                        }
                        id.clone()
                    }
                    (None, Some(name)) => self
                        .security_group_by_name(&vpc_id, name)
                        .map(|g| g.group_id.clone())
                        .ok_or_else(|| Ec2Error::GroupNameNotFound {
                            group_name: name.clone(),
                            vpc_id: vpc_id.clone(),
                        })?,
                    (None, None) => {
                        return Err(Ec2Error::MissingParameter {
                            message: "The request must contain the parameter groupId".into(),
                        });
                    }
                };
                push(RulePeer::Group { group_id: peer_id }, &pair.description)?;
            }
            for pl in &p.prefix_list_ids {
                push(
                    RulePeer::PrefixList(pl.prefix_list_id.clone()),
                    &pl.description,
                )?;
            }
            if p.ip_ranges.is_empty()
                && p.ipv6_ranges.is_empty()
                && p.user_id_group_pairs.is_empty()
                && p.prefix_list_ids.is_empty()
            {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter ipRanges, ipv6Ranges, groups or prefixListIds".into(),
                });
            }
        }
        Ok(rules)
    }

    fn rule_description(
        &self,
        g: &SecurityGroup,
        r: &SecurityGroupRule,
        egress: bool,
    ) -> SecurityGroupRuleDescription {
        let (cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_group_info) = match &r.peer {
            RulePeer::Ipv4(c) => (Some(c.to_string()), None, None, None),
            RulePeer::Ipv6(c) => (None, Some(c.clone()), None, None),
            RulePeer::PrefixList(p) => (None, None, Some(p.clone()), None),
            RulePeer::Group { group_id } => (
                None,
                None,
                None,
                Some(ReferencedGroupInfo {
                    group_id: group_id.clone(),
                    user_id: self.config.account_id.clone(),
                }),
            ),
        };
        SecurityGroupRuleDescription {
            security_group_rule_id: r.rule_id.clone(),
            group_id: g.group_id.clone(),
            group_owner_id: g.owner_id.clone(),
            is_egress: egress,
            ip_protocol: r.protocol.clone(),
            from_port: r.from_port,
            to_port: r.to_port,
            cidr_ipv4,
            cidr_ipv6,
            prefix_list_id,
            referenced_group_info,
            description: r.description.clone(),
            tags: tag_list(&r.tags),
            security_group_rule_arn: format!(
                "arn:aws:ec2:{}:{}:security-group-rule/{}",
                self.region().code,
                self.config.account_id,
                r.rule_id
            ),
        }
    }

    fn authorize_rules(
        &mut self,
        input: SecurityGroupRulesInput,
        egress: bool,
    ) -> Result<AuthorizeSecurityGroupOutput, Ec2Error> {
        let group_id = if egress {
            self.resolve_group(input.group_id.as_deref(), None)?
        } else {
            self.resolve_group(input.group_id.as_deref(), input.group_name.as_deref())?
        };
        let tags = tags::from_specifications(&input.tag_specifications, "security-group-rule")?;
        let mut new_rules = self.rules_from_request(&group_id, &input)?;
        let Some(group) = self.security_group(&group_id) else {
            return Err(Ec2Error::GroupNotFound { group_id });
        };
        let existing = if egress {
            &group.egress
        } else {
            &group.ingress
        };
        for (i, r) in new_rules.iter().enumerate() {
            let dup_existing = existing.iter().any(|e| e.same_permission(r));
            let dup_request = new_rules.iter().take(i).any(|e| e.same_permission(r));
            if dup_existing || dup_request {
                return Err(Ec2Error::PermissionDuplicate {
                    rule: r.aws_description(),
                });
            }
        }
        if existing.len() + new_rules.len() > MAX_RULES_PER_DIRECTION {
            return Err(Ec2Error::RulesPerSecurityGroupLimitExceeded);
        }
        for r in &mut new_rules {
            r.rule_id = self.new_id("sgr");
            r.tags = tags.clone();
        }
        let Some(group) = self
            .ec2
            .security_groups
            .iter_mut()
            .find(|g| g.group_id == group_id)
        else {
            return Err(Ec2Error::GroupNotFound { group_id });
        };
        if egress {
            group.egress.extend(new_rules.iter().cloned());
        } else {
            group.ingress.extend(new_rules.iter().cloned());
        }
        let group = group.clone();
        let security_group_rules = new_rules
            .iter()
            .map(|r| self.rule_description(&group, r, egress))
            .collect();
        Ok(AuthorizeSecurityGroupOutput {
            return_value: true,
            security_group_rules,
        })
    }

    fn revoke(
        &mut self,
        input: SecurityGroupRulesInput,
        egress: bool,
    ) -> Result<RevokeSecurityGroupOutput, Ec2Error> {
        let group_id = if egress {
            self.resolve_group(input.group_id.as_deref(), None)?
        } else {
            self.resolve_group(input.group_id.as_deref(), input.group_name.as_deref())?
        };
        let Some(group) = self.security_group(&group_id).cloned() else {
            return Err(Ec2Error::GroupNotFound { group_id });
        };
        let existing = if egress {
            &group.egress
        } else {
            &group.ingress
        };
        let mut remove_ids: Vec<String> = Vec::new();
        let mut unknown = Vec::new();
        if !input.security_group_rule_ids.is_empty() {
            for id in &input.security_group_rule_ids {
                if existing.iter().any(|r| &r.rule_id == id) {
                    remove_ids.push(id.clone());
                } else {
                    return Err(Ec2Error::SecurityGroupRuleNotFound {
                        rule_id: id.clone(),
                    });
                }
            }
        } else {
            let wanted = self.rules_from_request(&group_id, &input)?;
            for w in &wanted {
                match existing.iter().find(|e| e.same_permission(w)) {
                    Some(e) => remove_ids.push(e.rule_id.clone()),
                    None => unknown.push(w.clone()),
                }
            }
            if remove_ids.is_empty() {
                return Err(Ec2Error::PermissionNotFound);
            }
        }
        let removed: Vec<SecurityGroupRuleDescription> = existing
            .iter()
            .filter(|r| remove_ids.contains(&r.rule_id))
            .map(|r| self.rule_description(&group, r, egress))
            .collect();
        if let Some(g) = self
            .ec2
            .security_groups
            .iter_mut()
            .find(|g| g.group_id == group_id)
        {
            let list = if egress {
                &mut g.egress
            } else {
                &mut g.ingress
            };
            list.retain(|r| !remove_ids.contains(&r.rule_id));
        }
        let unknown_ip_permissions = self.permissions_of(&unknown);
        Ok(RevokeSecurityGroupOutput {
            return_value: unknown_ip_permissions.is_empty(),
            unknown_ip_permissions,
            revoked_security_group_rules: removed,
        })
    }

    /// `ec2 authorize-security-group-ingress`: adds inbound rules.
    pub fn authorize_security_group_ingress(
        &mut self,
        input: SecurityGroupRulesInput,
    ) -> Result<AuthorizeSecurityGroupOutput, Ec2Error> {
        self.ec2_call_dry("AuthorizeSecurityGroupIngress", input.dry_run, |c| {
            c.authorize_rules(input, false)
        })
    }

    /// `ec2 authorize-security-group-egress`: adds outbound rules.
    pub fn authorize_security_group_egress(
        &mut self,
        input: SecurityGroupRulesInput,
    ) -> Result<AuthorizeSecurityGroupOutput, Ec2Error> {
        self.ec2_call_dry("AuthorizeSecurityGroupEgress", input.dry_run, |c| {
            c.authorize_rules(input, true)
        })
    }

    /// `ec2 revoke-security-group-ingress`: removes inbound rules.
    pub fn revoke_security_group_ingress(
        &mut self,
        input: SecurityGroupRulesInput,
    ) -> Result<RevokeSecurityGroupOutput, Ec2Error> {
        self.ec2_call_dry("RevokeSecurityGroupIngress", input.dry_run, |c| {
            c.revoke(input, false)
        })
    }

    /// `ec2 revoke-security-group-egress`: removes outbound rules.
    pub fn revoke_security_group_egress(
        &mut self,
        input: SecurityGroupRulesInput,
    ) -> Result<RevokeSecurityGroupOutput, Ec2Error> {
        self.ec2_call_dry("RevokeSecurityGroupEgress", input.dry_run, |c| {
            c.revoke(input, true)
        })
    }

    /// `ec2 describe-security-group-rules`.
    pub fn describe_security_group_rules(
        &mut self,
        input: DescribeSecurityGroupRulesInput,
    ) -> Result<DescribeSecurityGroupRulesOutput, Ec2Error> {
        self.ec2_call_dry("DescribeSecurityGroupRules", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "group-id",
                    "security-group-rule-id",
                    "is-egress",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            let mut all = Vec::new();
            for g in &c.ec2.security_groups {
                for (rules, egress) in [(&g.ingress, false), (&g.egress, true)] {
                    for r in rules {
                        all.push((c.rule_description(g, r, egress), r.tags.clone()));
                    }
                }
            }
            for id in &input.security_group_rule_ids {
                if !all.iter().any(|(d, _)| &d.security_group_rule_id == id) {
                    return Err(Ec2Error::SecurityGroupRuleNotFound {
                        rule_id: id.clone(),
                    });
                }
            }
            let security_group_rules = all
                .into_iter()
                .filter(|(d, _)| {
                    input.security_group_rule_ids.is_empty()
                        || input
                            .security_group_rule_ids
                            .contains(&d.security_group_rule_id)
                })
                .filter(|(d, tags)| {
                    filters::passes(&input.filters, |name| match name {
                        "group-id" => vec![d.group_id.clone()],
                        "security-group-rule-id" => vec![d.security_group_rule_id.clone()],
                        "is-egress" => vec![d.is_egress.to_string()],
                        other => filters::tag_candidates(other, tags).unwrap_or_default(),
                    })
                })
                .map(|(d, _)| d)
                .collect();
            Ok(DescribeSecurityGroupRulesOutput {
                security_group_rules,
            })
        })
    }
}

fn all_outbound(rule_id: String) -> SecurityGroupRule {
    SecurityGroupRule {
        rule_id,
        protocol: "-1".into(),
        from_port: -1,
        to_port: -1,
        peer: RulePeer::Ipv4(Ipv4Cidr {
            network: Ipv4Addr::UNSPECIFIED,
            prefix: 0,
        }),
        description: None,
        tags: TagMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_group(cloud: &mut Cloud, name: &str) -> String {
        cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: name.into(),
                description: "web servers".into(),
                ..Default::default()
            })
            .unwrap()
            .group_id
    }

    fn ingress(group_id: &str, perm: IpPermission) -> SecurityGroupRulesInput {
        SecurityGroupRulesInput {
            group_id: Some(group_id.into()),
            ip_permissions: vec![perm],
            ..Default::default()
        }
    }

    #[test]
    fn new_group_has_no_inbound_and_all_outbound() {
        let mut cloud = Cloud::default();
        let id = new_group(&mut cloud, "web-sg");
        let g = cloud.security_group(&id).unwrap();
        assert!(g.ingress.is_empty());
        assert_eq!(g.egress.len(), 1);
        assert_eq!(g.egress[0].protocol, "-1");
        let out = cloud
            .describe_security_groups(DescribeSecurityGroupsInput {
                group_ids: vec![id.clone()],
                ..Default::default()
            })
            .unwrap();
        let json = serde_json::to_value(&out).unwrap();
        let egress = &json["SecurityGroups"][0]["IpPermissionsEgress"][0];
        assert_eq!(egress["IpProtocol"], "-1");
        assert!(egress.get("FromPort").is_none());
        assert_eq!(egress["IpRanges"][0]["CidrIp"], "0.0.0.0/0");
    }

    #[test]
    fn default_group_rules_and_protection() {
        let mut cloud = Cloud::default();
        let default = cloud.security_groups()[0].clone();
        assert!(default.is_default);
        assert_eq!(
            default.ingress[0].peer,
            RulePeer::Group {
                group_id: default.group_id.clone()
            }
        );
        let err = cloud
            .delete_security_group(DeleteSecurityGroupInput {
                group_id: Some(default.group_id.clone()),
                group_name: None,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "CannotDelete");
        assert_eq!(
            err.message(),
            format!(
                "the specified group: \"{}\" name: \"default\" cannot be deleted by a user",
                default.group_id
            )
        );
        let err = cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "default".into(),
                description: "x".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidGroup.Duplicate");
    }

    #[test]
    fn create_validation() {
        let mut cloud = Cloud::default();
        new_group(&mut cloud, "web");
        let err = cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "web".into(),
                description: "again".into(),
                ..Default::default()
            })
            .unwrap_err();
        let vpc = cloud.default_vpc().unwrap().vpc_id.clone();
        assert_eq!(
            err.message(),
            format!("The security group 'web' already exists for VPC '{vpc}'")
        );
        let err = cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "sg-web".into(),
                description: "x".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            err.message()
                .ends_with("Group names may not be in the format sg-*.")
        );
        let err = cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "x".into(),
                description: String::new(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "MissingParameter");
        let err = cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "x".into(),
                description: "웹 서버".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
    }

    #[test]
    fn duplicate_rule_message_and_revoke() {
        let mut cloud = Cloud::default();
        let id = new_group(&mut cloud, "web");
        let out = cloud
            .authorize_security_group_ingress(ingress(
                &id,
                IpPermission::cidr("tcp", 22, 22, "0.0.0.0/0"),
            ))
            .unwrap();
        assert!(
            out.security_group_rules[0]
                .security_group_rule_id
                .starts_with("sgr-0")
        );
        let err = cloud
            .authorize_security_group_ingress(ingress(
                &id,
                IpPermission::cidr("6", 22, 22, "0.0.0.0/0"),
            ))
            .unwrap_err();
        assert_eq!(err.code(), "InvalidPermission.Duplicate");
        assert_eq!(
            err.message(),
            "the specified rule \"peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW\" already exists"
        );
        cloud
            .revoke_security_group_ingress(ingress(
                &id,
                IpPermission::cidr("tcp", 22, 22, "0.0.0.0/0"),
            ))
            .unwrap();
        let err = cloud
            .revoke_security_group_ingress(ingress(
                &id,
                IpPermission::cidr("tcp", 22, 22, "0.0.0.0/0"),
            ))
            .unwrap_err();
        assert_eq!(err.code(), "InvalidPermission.NotFound");
        assert_eq!(
            err.message(),
            "The specified rule does not exist in this security group."
        );
    }

    #[test]
    fn cidr_and_port_validation() {
        let mut cloud = Cloud::default();
        let id = new_group(&mut cloud, "web");
        for (perm, code, msg) in [
            (
                IpPermission::cidr("tcp", 22, 22, "10.0.0.1/16"),
                "InvalidParameterValue",
                "CIDR block 10.0.0.1/16 is malformed",
            ),
            (
                IpPermission::cidr("tcp", 22, 22, "203.0.113.5"),
                "InvalidParameterValue",
                "CIDR block 203.0.113.5 is malformed",
            ),
            (
                IpPermission::cidr("tcp", 80, 22, "0.0.0.0/0"),
                "InvalidParameterValue",
                "Invalid TCP/UDP port range",
            ),
            (
                IpPermission::cidr("tcp", 22, 70_000, "0.0.0.0/0"),
                "InvalidParameterValue",
                "Invalid TCP/UDP port range",
            ),
            (
                IpPermission::cidr("tcpx", 22, 22, "0.0.0.0/0"),
                "InvalidParameterValue",
                "Invalid value 'tcpx' for IP protocol. Unknown protocol.",
            ),
        ] {
            let err = cloud
                .authorize_security_group_ingress(ingress(&id, perm))
                .unwrap_err();
            assert_eq!((err.code(), err.message().as_str()), (code, msg));
        }
        // -1 for TCP means every port.
        cloud
            .authorize_security_group_ingress(ingress(
                &id,
                IpPermission::cidr("tcp", -1, -1, "10.0.0.0/8"),
            ))
            .unwrap();
        let g = cloud.security_group(&id).unwrap();
        assert_eq!((g.ingress[0].from_port, g.ingress[0].to_port), (0, 65_535));
    }

    #[test]
    fn shorthand_and_source_group() {
        let mut cloud = Cloud::default();
        let web = new_group(&mut cloud, "web");
        let db = new_group(&mut cloud, "db");
        cloud
            .authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(web.clone()),
                ip_protocol: Some("tcp".into()),
                from_port: Some(80),
                to_port: Some(80),
                cidr_ip: Some("0.0.0.0/0".into()),
                ..Default::default()
            })
            .unwrap();
        cloud
            .authorize_security_group_ingress(ingress(
                &db,
                IpPermission::group("tcp", 3306, 3306, &web),
            ))
            .unwrap();
        let err = cloud
            .delete_security_group(DeleteSecurityGroupInput {
                group_id: Some(web.clone()),
                group_name: None,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "DependencyViolation");
        assert_eq!(
            err.message(),
            format!("resource {web} has a dependent object")
        );
        let rule = cloud
            .security_group(&db)
            .unwrap()
            .inbound_rule_for(
                Protocol::Tcp,
                3306,
                Ipv4Addr::new(172, 31, 0, 9),
                std::slice::from_ref(&web),
            )
            .cloned();
        assert!(rule.is_some());
        let filtered = cloud
            .describe_security_groups(DescribeSecurityGroupsInput {
                filters: vec![Filter::new("ip-permission.from-port", &["80"])],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(filtered.security_groups.len(), 1);
        assert_eq!(filtered.security_groups[0].group_id, web);
    }

    #[test]
    fn rule_limit() {
        let mut cloud = Cloud::default();
        let id = new_group(&mut cloud, "many");
        for i in 0..60 {
            cloud
                .authorize_security_group_ingress(ingress(
                    &id,
                    IpPermission::cidr("tcp", 1000 + i, 1000 + i, "0.0.0.0/0"),
                ))
                .unwrap();
        }
        let err = cloud
            .authorize_security_group_ingress(ingress(
                &id,
                IpPermission::cidr("tcp", 1, 1, "0.0.0.0/0"),
            ))
            .unwrap_err();
        assert_eq!(err.code(), "RulesPerSecurityGroupLimitExceeded");
        // Egress has its own 60.
        cloud
            .authorize_security_group_egress(SecurityGroupRulesInput {
                group_id: Some(id.clone()),
                ip_permissions: vec![IpPermission::cidr("tcp", 443, 443, "10.0.0.0/8")],
                ..Default::default()
            })
            .unwrap();
    }

    #[test]
    fn missing_and_malformed_groups() {
        let mut cloud = Cloud::default();
        let err = cloud
            .describe_security_groups(DescribeSecurityGroupsInput {
                group_ids: vec!["sg-0123456789abcdef0".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidGroup.NotFound");
        assert_eq!(
            err.message(),
            "The security group 'sg-0123456789abcdef0' does not exist"
        );
        let err = cloud
            .describe_security_groups(DescribeSecurityGroupsInput {
                group_ids: vec!["web".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidGroupId.Malformed");
        let err = cloud
            .describe_security_groups(DescribeSecurityGroupsInput {
                group_names: vec!["nope".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            err.message()
                .starts_with("The security group 'nope' does not exist in default VPC")
        );
        let rules = cloud
            .describe_security_group_rules(DescribeSecurityGroupRulesInput::default())
            .unwrap();
        assert_eq!(rules.security_group_rules.len(), 2);
    }
}
