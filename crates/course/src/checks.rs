//! Every checkpoint kind. A check reads the lab (the simulated account and the
//! learner's machine) and the chapter's progress, never what was typed, and
//! says whether it passed and why, in both languages.

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

/// The tag key that names instances (`Name`), the default for every check.
fn name_tag() -> String {
    "Name".to_string()
}

/// What a checkpoint checks. In lesson TOML: `check = { kind = "api_called", ... }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The account received a successful call of this operation (`sts`, `GetCallerIdentity`).
    ApiCalled {
        /// The service, as in the API log (`sts`, `ec2`).
        service: String,
        /// The operation in AWS's PascalCase (`GetCallerIdentity`).
        operation: String,
    },
    /// The learner revealed at least one hint in this chapter.
    HintUsed,
    /// A key pair exists (with this name, when given).
    KeyPairExists {
        /// The key pair's name; any key pair when absent.
        #[serde(default)]
        name: Option<String>,
    },
    /// Exactly `count` instances with this tag are pending or running, and at least one is running.
    RunningInstances {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value (`web`).
        tag_value: String,
        /// How many such instances there must be.
        count: u32,
    },
    /// No pending or running instance lacks this tag.
    NoOtherInstances {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// The tagged instance was launched with a key pair that still exists.
    InstanceHasKeyPair {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// A security group allows TCP on `port` from `source`: the named group,
    /// or any group of the tagged instance.
    SecurityGroupAllows {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value of the instance whose groups are checked.
        #[serde(default)]
        tag_value: Option<String>,
        /// The name of the group to check, instead of an instance's groups.
        #[serde(default)]
        group_name: Option<String>,
        /// The TCP port.
        port: u16,
        /// `"learner"` (exactly the learner's address as a /32) or a CIDR block.
        source: Source,
        /// When true, no rule may open `port` to any other source.
        #[serde(default)]
        only: bool,
    },
    /// No rule opens `port` to `0.0.0.0/0` or `::/0`: in the named group, or in
    /// any group of the tagged instance.
    PortNotOpenToWorld {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value of the instance whose groups are checked.
        #[serde(default)]
        tag_value: Option<String>,
        /// The name of the group to check, instead of an instance's groups.
        #[serde(default)]
        group_name: Option<String>,
        /// The TCP port.
        port: u16,
    },
    /// The tagged instance has this instance type.
    InstanceTypeIs {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The instance type (`t3.micro`).
        instance_type: String,
    },
    /// The tagged instance has termination protection turned on.
    TerminationProtection {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// A file on the learner's machine exists with exactly this permission mode.
    KeyFileMode {
        /// The file's path (relative paths are in the home directory).
        path: String,
        /// The permission bits, written in octal in TOML (`0o400`).
        mode: u32,
    },
    /// An HTTP GET from the learner's address to the tagged instance's public
    /// address answers 200 (and contains `contains`, when given).
    PageServed {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The TCP port (80).
        port: u16,
        /// Text the page must contain.
        #[serde(default)]
        contains: Option<String>,
    },
    /// Something on the tagged instance listens on TCP `port` (a web server
    /// answers `curl localhost`), whether or not the port is reachable from outside.
    ServiceListening {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The TCP port.
        port: u16,
    },
    /// An Elastic IP address is associated with the tagged instance.
    ElasticIpAssociated {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// The tagged instance was stopped and started again (it is running now).
    InstanceRestarted {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
}

impl Check {
    /// Checks the parameters that the types alone cannot.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Check::ApiCalled { service, operation }
                if service.is_empty() || operation.is_empty() =>
            {
                return Err("service and operation must not be empty".into());
            }
            Check::RunningInstances { count, .. } if *count == 0 => {
                return Err("count must be at least 1".into());
            }
            Check::KeyFileMode { mode, .. } if *mode > 0o7777 => {
                return Err(format!("mode {mode:o} is not a permission mode"));
            }
            Check::SecurityGroupAllows { port: 0, .. }
            | Check::PortNotOpenToWorld { port: 0, .. }
            | Check::PageServed { port: 0, .. }
            | Check::ServiceListening { port: 0, .. } => return Err("port 0 is not a port".into()),
            Check::SecurityGroupAllows {
                tag_value,
                group_name,
                ..
            }
            | Check::PortNotOpenToWorld {
                tag_value,
                group_name,
                ..
            } if tag_value.is_some() == group_name.is_some() => {
                return Err("give exactly one of tag_value and group_name".into());
            }
            _ => {}
        }
        Ok(())
    }
}

/// Where a security group rule must allow traffic from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Source {
    /// Exactly the learner's own address, as a /32.
    Learner,
    /// An IPv4 CIDR block such as `0.0.0.0/0`.
    Cidr(Cidr),
}

/// An IPv4 CIDR block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    /// The network address.
    pub address: Ipv4Addr,
    /// The prefix length, 0 to 32.
    pub prefix: u8,
}

impl Cidr {
    /// The whole IPv4 internet, `0.0.0.0/0`.
    pub const ANYWHERE: Cidr = Cidr {
        address: Ipv4Addr::UNSPECIFIED,
        prefix: 0,
    };

    /// Reads `a.b.c.d/n`.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (address, prefix) = text.trim().split_once('/')?;
        let address: Ipv4Addr = address.parse().ok()?;
        let prefix: u8 = prefix.parse().ok()?;
        (prefix <= 32).then_some(Cidr { address, prefix })
    }

    /// A /32 holding exactly this address.
    pub fn host(address: Ipv4Addr) -> Cidr {
        Cidr {
            address,
            prefix: 32,
        }
    }

    /// Whether `address` lies in this block.
    pub fn contains(&self, address: Ipv4Addr) -> bool {
        let mask = u32::MAX
            .checked_shl(32 - u32::from(self.prefix))
            .unwrap_or(0);
        u32::from(self.address) & mask == u32::from(address) & mask
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

impl TryFrom<String> for Source {
    type Error = String;

    fn try_from(text: String) -> Result<Source, String> {
        if text == "learner" {
            return Ok(Source::Learner);
        }
        Cidr::parse(&text)
            .map(Source::Cidr)
            .ok_or_else(|| format!("{text:?} is neither \"learner\" nor an IPv4 CIDR block"))
    }
}

impl From<Source> for String {
    fn from(source: Source) -> String {
        match source {
            Source::Learner => "learner".to_string(),
            Source::Cidr(cidr) => cidr.to_string(),
        }
    }
}
