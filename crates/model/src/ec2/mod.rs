//! EC2: one file per resource, the error enum, filters, network reachability and
//! the software on instances.

pub mod addresses;
pub mod billing;
pub mod errors;
pub mod filters;
pub mod guest;
pub mod http;
pub mod instances;
pub mod key_pairs;
pub mod network;
pub mod security_groups;
pub mod status;
pub mod tags;
pub mod vpc;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use addresses::Address;
pub use filters::Filter;
pub use instances::{Instance, InstanceState, InstanceStateName, Volume};
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
}
