//! Network ACLs: `CreateNetworkAcl`, `DeleteNetworkAcl`,
//! `CreateNetworkAclEntry`, `ReplaceNetworkAclEntry`, `DeleteNetworkAclEntry`,
//! `ReplaceNetworkAclAssociation`.
//!
//! An ACL is stateless: inbound and outbound rules are separate lists, each
//! evaluated in ascending rule number, first match wins, and the `*` rule
//! (32767) denies what nothing matched. A new ACL has only the `*` rules, so
//! it denies everything until rules are added. Every subnet has exactly one
//! ACL; `ReplaceNetworkAclAssociation` moves it to another.
//!
//! Not simulated: IPv6 rules.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::vpc::{IcmpTypeCode, NetworkAcl, NetworkAclEntry, PortRange};
use super::vpcs::final_deny;
use super::{Ipv4Cidr, TagSpecification, tag_list, tags};
use crate::cloud::Cloud;

/// The highest rule number a learner may use (32767 is the `*` rule).
pub const MAX_RULE_NUMBER: i64 = 32_766;

/// `CreateNetworkAcl` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateNetworkAclInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The VPC.
    pub vpc_id: String,
    /// Idempotency token (accepted).
    pub client_token: Option<String>,
    /// Tags (`ResourceType=network-acl`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateNetworkAcl` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNetworkAclOutput {
    /// The new ACL.
    pub network_acl: NetworkAcl,
    /// The token given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

/// `DeleteNetworkAcl` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteNetworkAclInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The ACL.
    pub network_acl_id: String,
}

/// A port range as a request gives it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PortRangeInput {
    /// First port.
    pub from: Option<i64>,
    /// Last port.
    pub to: Option<i64>,
}

/// An ICMP type and code as a request gives them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IcmpTypeCodeInput {
    /// The code (-1 = all).
    pub code: Option<i64>,
    /// The type (-1 = all).
    #[serde(rename = "Type")]
    pub icmp_type: Option<i64>,
}

/// Input of `CreateNetworkAclEntry` and `ReplaceNetworkAclEntry`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkAclEntryInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The ACL.
    pub network_acl_id: String,
    /// 1 to 32766; lower numbers are evaluated first.
    pub rule_number: i64,
    /// A protocol number (`6` TCP, `17` UDP, `1` ICMP) or `-1` for all.
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    /// Outbound (`true`) or inbound.
    pub egress: bool,
    /// The IPv4 block the rule matches.
    pub cidr_block: Option<String>,
    /// Ports, for TCP and UDP.
    pub port_range: Option<PortRangeInput>,
    /// Type and code, for ICMP.
    pub icmp_type_code: Option<IcmpTypeCodeInput>,
}

/// `DeleteNetworkAclEntry` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteNetworkAclEntryInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The ACL.
    pub network_acl_id: String,
    /// The rule number.
    pub rule_number: i64,
    /// Outbound (`true`) or inbound.
    pub egress: bool,
}

/// `ReplaceNetworkAclAssociation` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ReplaceNetworkAclAssociationInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The subnet's current association (`aclassoc-...`).
    pub association_id: String,
    /// The ACL the subnet moves to.
    pub network_acl_id: String,
}

/// `ReplaceNetworkAclAssociation` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceNetworkAclAssociationOutput {
    /// The new association.
    pub new_association_id: String,
}

fn check_rule_number(n: i64) -> Result<u16, Ec2Error> {
    u16::try_from(n)
        .ok()
        .filter(|n| (1..=MAX_RULE_NUMBER).contains(&i64::from(*n)))
        .ok_or_else(|| {
            Ec2Error::invalid_value(format!(
                "Value ({n}) for parameter ruleNumber is invalid. Rule numbers must be between 1 and {MAX_RULE_NUMBER}."
            ))
        })
}

/// Checks an entry request and builds the rule.
fn entry_from(input: &NetworkAclEntryInput) -> Result<NetworkAclEntry, Ec2Error> {
    let rule_number = check_rule_number(input.rule_number)?;
    let protocol: i64 = input.protocol.trim().parse().map_err(|_| {
        Ec2Error::invalid_value(format!(
            "Value ({}) for parameter protocol is invalid. Use a protocol number (6 for TCP, 17 for UDP, 1 for ICMP) or -1 for all.",
            input.protocol
        ))
    })?;
    if !(protocol == -1 || (0..=255).contains(&protocol)) {
        return Err(Ec2Error::invalid_value(format!(
            "Value ({protocol}) for parameter protocol is invalid."
        )));
    }
    if !matches!(input.rule_action.as_str(), "allow" | "deny") {
        return Err(Ec2Error::invalid_value(format!(
            "Value ({}) for parameter ruleAction is invalid. Valid values: allow, deny",
            input.rule_action
        )));
    }
    let Some(text) = input.cidr_block.as_deref().filter(|t| !t.is_empty()) else {
        return Err(Ec2Error::MissingParameter {
            message: "The request must contain the parameter cidrBlock or ipv6CidrBlock".into(),
        });
    };
    let cidr = Ipv4Cidr::parse(text, false).map_err(|()| {
        Ec2Error::invalid_value(format!(
            "Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block."
        ))
    })?;
    let port_range = match protocol {
        6 | 17 => {
            let Some(PortRangeInput {
                from: Some(from),
                to: Some(to),
            }) = input.port_range
            else {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must include the PortRange parameter (From and To) for TCP and UDP rules.".into(),
                });
            };
            let port = |p: i64| u16::try_from(p).ok();
            match (port(from), port(to)) {
                (Some(f), Some(t)) if f <= t => Some(PortRange { from: f, to: t }),
                _ => {
                    return Err(Ec2Error::invalid_value(format!(
                        "Value ({from}-{to}) for parameter portRange is invalid. Ports go from 0 to 65535, From first."
                    )));
                }
            }
        }
        _ => None,
    };
    let icmp_type_code = match protocol {
        1 => {
            let Some(IcmpTypeCodeInput {
                code,
                icmp_type: Some(icmp_type),
            }) = input.icmp_type_code
            else {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must include the IcmpTypeCode parameter (Type, and Code) for ICMP rules.".into(),
                });
            };
            let small = |v: i64| i32::try_from(v).ok().filter(|v| (-1..=255).contains(v));
            match (small(icmp_type), small(code.unwrap_or(-1))) {
                (Some(icmp_type), Some(code)) => Some(IcmpTypeCode { code, icmp_type }),
                _ => {
                    return Err(Ec2Error::invalid_value(
                        "ICMP types and codes go from -1 (all) to 255.",
                    ));
                }
            }
        }
        _ => None,
    };
    Ok(NetworkAclEntry {
        cidr_block: cidr.to_string(),
        egress: input.egress,
        protocol: protocol.to_string(),
        rule_action: input.rule_action.clone(),
        rule_number,
        port_range,
        icmp_type_code,
    })
}

impl Cloud {
    fn existing_network_acl(&self, id: &str) -> Result<&NetworkAcl, Ec2Error> {
        self.ec2
            .network_acls
            .iter()
            .find(|a| a.network_acl_id == id)
            .ok_or_else(|| Ec2Error::NetworkAclNotFound {
                network_acl_id: id.to_string(),
            })
    }

    fn network_acl_mut(&mut self, id: &str) -> Option<&mut NetworkAcl> {
        self.ec2
            .network_acls
            .iter_mut()
            .find(|a| a.network_acl_id == id)
    }

    /// `ec2 create-network-acl`: only the `*` deny rules, associated with no subnet.
    pub fn create_network_acl(
        &mut self,
        input: CreateNetworkAclInput,
    ) -> Result<CreateNetworkAclOutput, Ec2Error> {
        self.ec2_call_dry("CreateNetworkAcl", input.dry_run, |c| {
            let vpc_id = c.existing_vpc(&input.vpc_id)?.vpc_id.clone();
            let tags = tags::from_specifications(&input.tag_specifications, "network-acl")?;
            let acl = NetworkAcl {
                associations: Vec::new(),
                entries: vec![final_deny(true), final_deny(false)],
                is_default: false,
                network_acl_id: c.new_id("acl"),
                tags: tag_list(&tags),
                vpc_id,
                owner_id: c.config.account_id.clone(),
            };
            c.ec2.network_acls.push(acl.clone());
            Ok(CreateNetworkAclOutput {
                network_acl: acl,
                client_token: input.client_token.clone(),
            })
        })
    }

    /// `ec2 delete-network-acl`: not the default ACL, not while subnets use it.
    pub fn delete_network_acl(&mut self, input: DeleteNetworkAclInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteNetworkAcl", input.dry_run, |c| {
            let acl = c.existing_network_acl(&input.network_acl_id)?;
            if acl.is_default {
                return Err(Ec2Error::invalid_value(format!(
                    "cannot delete default network ACL {}",
                    input.network_acl_id
                )));
            }
            if !acl.associations.is_empty() {
                return Err(Ec2Error::HasDependencies {
                    kind: "networkAcl".into(),
                    resource_id: input.network_acl_id.clone(),
                });
            }
            c.ec2
                .network_acls
                .retain(|a| a.network_acl_id != input.network_acl_id);
            Ok(())
        })
    }

    /// `ec2 create-network-acl-entry`.
    pub fn create_network_acl_entry(
        &mut self,
        input: NetworkAclEntryInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("CreateNetworkAclEntry", input.dry_run, |c| {
            let acl = c.existing_network_acl(&input.network_acl_id)?;
            let entry = entry_from(&input)?;
            if acl
                .entries
                .iter()
                .any(|e| e.egress == entry.egress && e.rule_number == entry.rule_number)
            {
                return Err(Ec2Error::NetworkAclEntryAlreadyExists {
                    rule_number: input.rule_number,
                });
            }
            if let Some(acl) = c.network_acl_mut(&input.network_acl_id) {
                acl.entries.push(entry);
                acl.entries.sort_by_key(|e| (e.egress, e.rule_number));
            }
            Ok(())
        })
    }

    /// `ec2 replace-network-acl-entry`: a rule with the same number and direction
    /// must exist.
    pub fn replace_network_acl_entry(
        &mut self,
        input: NetworkAclEntryInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("ReplaceNetworkAclEntry", input.dry_run, |c| {
            c.existing_network_acl(&input.network_acl_id)?;
            let entry = entry_from(&input)?;
            let Some(acl) = c.network_acl_mut(&input.network_acl_id) else {
                return Err(Ec2Error::NetworkAclNotFound {
                    network_acl_id: input.network_acl_id.clone(),
                });
            };
            let Some(existing) = acl
                .entries
                .iter_mut()
                .find(|e| e.egress == entry.egress && e.rule_number == entry.rule_number)
            else {
                return Err(Ec2Error::NetworkAclEntryNotFound {
                    rule_number: input.rule_number,
                    egress: input.egress,
                    network_acl_id: input.network_acl_id.clone(),
                });
            };
            *existing = entry;
            Ok(())
        })
    }

    /// `ec2 delete-network-acl-entry`.
    pub fn delete_network_acl_entry(
        &mut self,
        input: DeleteNetworkAclEntryInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteNetworkAclEntry", input.dry_run, |c| {
            c.existing_network_acl(&input.network_acl_id)?;
            let number = check_rule_number(input.rule_number)?;
            let Some(acl) = c.network_acl_mut(&input.network_acl_id) else {
                return Err(Ec2Error::NetworkAclNotFound {
                    network_acl_id: input.network_acl_id.clone(),
                });
            };
            let before = acl.entries.len();
            acl.entries
                .retain(|e| !(e.egress == input.egress && e.rule_number == number));
            if acl.entries.len() == before {
                return Err(Ec2Error::NetworkAclEntryNotFound {
                    rule_number: input.rule_number,
                    egress: input.egress,
                    network_acl_id: input.network_acl_id.clone(),
                });
            }
            Ok(())
        })
    }

    /// `ec2 replace-network-acl-association`: moves a subnet to another ACL of
    /// its VPC; the old association id stops existing.
    pub fn replace_network_acl_association(
        &mut self,
        input: ReplaceNetworkAclAssociationInput,
    ) -> Result<ReplaceNetworkAclAssociationOutput, Ec2Error> {
        self.ec2_call_dry("ReplaceNetworkAclAssociation", input.dry_run, |c| {
            let target_vpc = c
                .existing_network_acl(&input.network_acl_id)?
                .vpc_id
                .clone();
            let Some(subnet_id) = c.ec2.network_acls.iter().find_map(|a| {
                a.associations
                    .iter()
                    .find(|x| x.network_acl_association_id == input.association_id)
                    .map(|x| x.subnet_id.clone())
            }) else {
                return Err(Ec2Error::AssociationNotFound {
                    association_id: input.association_id.clone(),
                });
            };
            if c.subnet(&subnet_id).is_some_and(|s| s.vpc_id != target_vpc) {
                return Err(Ec2Error::invalid_value(format!(
                    "Network ACL {} and subnet {subnet_id} belong to different networks",
                    input.network_acl_id
                )));
            }
            for acl in &mut c.ec2.network_acls {
                acl.associations
                    .retain(|x| x.network_acl_association_id != input.association_id);
            }
            let new_association_id = c.new_id("aclassoc");
            if let Some(acl) = c.network_acl_mut(&input.network_acl_id) {
                acl.associations.push(super::vpc::NetworkAclAssociation {
                    network_acl_association_id: new_association_id.clone(),
                    network_acl_id: input.network_acl_id.clone(),
                    subnet_id,
                });
            }
            Ok(ReplaceNetworkAclAssociationOutput { new_association_id })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::test_network;
    use crate::ec2::vpc::Direction;
    use std::net::Ipv4Addr;

    fn rule(
        acl: &str,
        number: i64,
        action: &str,
        cidr: &str,
        ports: (i64, i64),
    ) -> NetworkAclEntryInput {
        NetworkAclEntryInput {
            network_acl_id: acl.into(),
            rule_number: number,
            protocol: "6".into(),
            rule_action: action.into(),
            egress: false,
            cidr_block: Some(cidr.into()),
            port_range: Some(PortRangeInput {
                from: Some(ports.0),
                to: Some(ports.1),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn rules_are_evaluated_in_number_order_and_the_first_match_wins() {
        let mut cloud = Cloud::default();
        let vpc_id = test_network::vpc(&mut cloud);
        let subnet_id = test_network::subnet(&mut cloud, &vpc_id, "10.0.1.0/24");
        let acl = cloud
            .create_network_acl(CreateNetworkAclInput {
                vpc_id,
                ..Default::default()
            })
            .unwrap()
            .network_acl;
        assert_eq!(acl.entries.len(), 2, "only the * rules");
        let id = acl.network_acl_id;
        let attacker = Ipv4Addr::new(198, 51, 100, 7);
        let other = Ipv4Addr::new(203, 0, 113, 25);
        cloud
            .create_network_acl_entry(rule(&id, 100, "allow", "0.0.0.0/0", (80, 80)))
            .unwrap();
        // A deny numbered after the allow never matches.
        cloud
            .create_network_acl_entry(rule(&id, 200, "deny", "198.51.100.7/32", (0, 65535)))
            .unwrap();
        let verdict = |cloud: &Cloud, ip| {
            cloud
                .network_acls()
                .iter()
                .find(|a| a.network_acl_id == id)
                .unwrap()
                .evaluate(Direction::Inbound, 6, 80, ip)
        };
        assert_eq!(verdict(&cloud, attacker).rule_number, Some(100));
        assert!(verdict(&cloud, attacker).allowed);
        // Placed before it, it does.
        cloud
            .create_network_acl_entry(rule(&id, 90, "deny", "198.51.100.7/32", (0, 65535)))
            .unwrap();
        assert_eq!(verdict(&cloud, attacker).rule_number, Some(90));
        assert!(!verdict(&cloud, attacker).allowed);
        assert!(verdict(&cloud, other).allowed);
        assert_eq!(
            cloud
                .create_network_acl_entry(rule(&id, 90, "allow", "0.0.0.0/0", (22, 22)))
                .unwrap_err()
                .code(),
            "NetworkAclEntryAlreadyExists"
        );
        for bad in [0, 32_767] {
            assert_eq!(
                cloud
                    .create_network_acl_entry(rule(&id, bad, "allow", "0.0.0.0/0", (22, 22)))
                    .unwrap_err()
                    .code(),
                "InvalidParameterValue"
            );
        }
        // Move the subnet to the new ACL, then the old association id is gone.
        let old = cloud
            .network_acl_for_subnet(&subnet_id)
            .unwrap()
            .associations
            .iter()
            .find(|a| a.subnet_id == subnet_id)
            .unwrap()
            .network_acl_association_id
            .clone();
        let replace = |cloud: &mut Cloud, assoc: &str| {
            cloud.replace_network_acl_association(ReplaceNetworkAclAssociationInput {
                association_id: assoc.into(),
                network_acl_id: id.clone(),
                ..Default::default()
            })
        };
        replace(&mut cloud, &old).unwrap();
        assert_eq!(
            cloud
                .network_acl_for_subnet(&subnet_id)
                .unwrap()
                .network_acl_id,
            id
        );
        assert_eq!(
            replace(&mut cloud, &old).unwrap_err().code(),
            "InvalidAssociationID.NotFound"
        );
        let err = cloud
            .delete_network_acl(DeleteNetworkAclInput {
                network_acl_id: id.clone(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "DependencyViolation");
    }

    #[test]
    fn tcp_rules_need_ports() {
        let mut cloud = Cloud::default();
        let acl = cloud.network_acls()[0].network_acl_id.clone();
        let mut input = rule(&acl, 110, "allow", "0.0.0.0/0", (80, 80));
        input.port_range = None;
        assert_eq!(
            cloud.create_network_acl_entry(input).unwrap_err().code(),
            "MissingParameter"
        );
        let mut input = rule(&acl, 110, "allow", "0.0.0.0/0", (80, 80));
        input.protocol = "tcp".into();
        assert_eq!(
            cloud.create_network_acl_entry(input).unwrap_err().code(),
            "InvalidParameterValue"
        );
    }
}
