//! NAT gateways: `CreateNatGateway`, `DeleteNatGateway`, `DescribeNatGateways`.
//!
//! A public NAT gateway sits in a (public) subnet with an Elastic IP and lets
//! instances in private subnets open connections to the internet, while
//! nothing on the internet can open one to them. It is `pending` for
//! [`NAT_GATEWAY_PENDING`], then `available`; deleted, it is `deleting` for
//! [`NAT_GATEWAY_DELETING`], releases its address's association, and stays
//! listed as `deleted` for an hour. It is billed by the hour.
//!
//! Not simulated: regional availability mode, secondary addresses, data
//! processing charges per GB, bandwidth and connection limits.

use std::net::Ipv4Addr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::{TagMap, TagSpecification, tag_list, tags};
use crate::billing::cost::{CostKind, CostLine};
use crate::clock::SimTime;
use crate::cloud::Cloud;

/// How long a new NAT gateway is `pending`.
pub const NAT_GATEWAY_PENDING: Duration = Duration::from_secs(120);
/// How long a deleted NAT gateway is `deleting`.
pub const NAT_GATEWAY_DELETING: Duration = Duration::from_secs(60);
/// How long a `deleted` NAT gateway stays listed.
pub const NAT_GATEWAY_LISTED_AFTER_DELETE: Duration = Duration::from_secs(3_600);

/// A NAT gateway's hourly price in a region (USD, 2025 list prices; data
/// processing is not simulated).
pub fn nat_gateway_price_per_hour(region: &str) -> f64 {
    match region {
        "ap-northeast-2" | "ap-northeast-1" | "ap-southeast-1" => 0.059,
        "eu-west-1" => 0.048,
        _ => 0.045,
    }
}

/// A NAT gateway, as the account keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NatGateway {
    /// `nat-...`.
    pub nat_gateway_id: String,
    /// The subnet it sits in.
    pub subnet_id: String,
    /// Its VPC.
    pub vpc_id: String,
    /// `public` or `private`.
    pub connectivity_type: String,
    /// `pending`, `available`, `failed`, `deleting` or `deleted`.
    pub state: String,
    /// When it was created.
    pub created: SimTime,
    /// When it was deleted.
    pub deleted: Option<SimTime>,
    /// When its state next changes.
    pub next_transition: Option<SimTime>,
    /// Its network interface.
    pub network_interface_id: String,
    /// Its private address in the subnet.
    pub private_ip: Ipv4Addr,
    /// The Elastic IP (public NAT gateways).
    pub allocation_id: Option<String>,
    /// That address.
    pub public_ip: Option<Ipv4Addr>,
    /// The Elastic IP association.
    pub association_id: Option<String>,
    /// Tags.
    pub tags: TagMap,
    /// Why it failed (`Gateway.NotAttached`), for a `failed` gateway.
    #[serde(default)]
    pub failure_code: Option<String>,
    /// AWS's words for it.
    #[serde(default)]
    pub failure_message: Option<String>,
}

impl NatGateway {
    /// Whether it forwards traffic now.
    pub fn is_available(&self) -> bool {
        self.state == "available"
    }

    /// Whether it still holds its addresses (not `failed` or `deleted`).
    pub fn holds_addresses(&self) -> bool {
        !matches!(self.state.as_str(), "deleted" | "failed")
    }
}

/// One address of a NAT gateway, as `DescribeNatGateways` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGatewayAddress {
    /// The Elastic IP's allocation id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
    /// The network interface.
    pub network_interface_id: String,
    /// The private address.
    pub private_ip: String,
    /// The public address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    /// The Elastic IP association.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association_id: Option<String>,
    /// Whether it is the primary address.
    pub is_primary: bool,
    /// `assigning`, `succeeded`, `disassociating`.
    pub status: String,
}

/// A NAT gateway, as `DescribeNatGateways` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGatewayDescription {
    /// When it was created.
    pub create_time: String,
    /// When it was deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_time: Option<String>,
    /// Its addresses.
    pub nat_gateway_addresses: Vec<NatGatewayAddress>,
    /// `nat-...`.
    pub nat_gateway_id: String,
    /// Its state.
    pub state: String,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
    /// AWS's words for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_message: Option<String>,
    /// Its subnet.
    pub subnet_id: String,
    /// Its VPC.
    pub vpc_id: String,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<super::Tag>,
    /// `public` or `private`.
    pub connectivity_type: String,
    /// `zonal`.
    pub availability_mode: String,
}

/// `CreateNatGateway` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateNatGatewayInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The subnet to put it in.
    pub subnet_id: String,
    /// The Elastic IP (required for a public NAT gateway).
    pub allocation_id: Option<String>,
    /// `public` (default) or `private`.
    pub connectivity_type: Option<String>,
    /// Idempotency token (accepted; each call creates a gateway).
    pub client_token: Option<String>,
    /// Tags (`ResourceType=natgateway`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateNatGateway` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNatGatewayOutput {
    /// The token given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    /// The new gateway.
    pub nat_gateway: NatGatewayDescription,
}

/// `DeleteNatGateway` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteNatGatewayInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The gateway.
    pub nat_gateway_id: String,
}

/// `DeleteNatGateway` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteNatGatewayOutput {
    /// The gateway.
    pub nat_gateway_id: String,
}

/// `DescribeNatGateways` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeNatGatewaysInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Gateway ids (all when empty).
    pub nat_gateway_ids: Vec<String>,
    /// Filters (`Filter`, singular, in this API): `nat-gateway-id`, `state`,
    /// `subnet-id`, `vpc-id`, tags.
    pub filter: Vec<Filter>,
}

/// `DescribeNatGateways` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNatGatewaysOutput {
    /// The gateways.
    pub nat_gateways: Vec<NatGatewayDescription>,
}

fn describe(n: &NatGateway) -> NatGatewayDescription {
    let status = match n.state.as_str() {
        "pending" => "assigning",
        "deleting" => "disassociating",
        _ => "succeeded",
    };
    NatGatewayDescription {
        create_time: n.created.to_iso8601(),
        delete_time: n.deleted.map(SimTime::to_iso8601),
        nat_gateway_addresses: vec![NatGatewayAddress {
            allocation_id: n.allocation_id.clone(),
            network_interface_id: n.network_interface_id.clone(),
            private_ip: n.private_ip.to_string(),
            public_ip: n.public_ip.map(|ip| ip.to_string()),
            association_id: n.association_id.clone(),
            is_primary: true,
            status: status.into(),
        }],
        nat_gateway_id: n.nat_gateway_id.clone(),
        state: n.state.clone(),
        failure_code: n.failure_code.clone(),
        failure_message: n.failure_message.clone(),
        subnet_id: n.subnet_id.clone(),
        vpc_id: n.vpc_id.clone(),
        tags: tag_list(&n.tags),
        connectivity_type: n.connectivity_type.clone(),
        availability_mode: "zonal".into(),
    }
}

impl Cloud {
    /// Every NAT gateway, `deleted` ones included while they are listed.
    pub fn nat_gateways(&self) -> &[NatGateway] {
        &self.ec2.nat_gateways
    }

    /// The NAT gateway with this id.
    pub fn nat_gateway(&self, id: &str) -> Option<&NatGateway> {
        self.ec2
            .nat_gateways
            .iter()
            .find(|n| n.nat_gateway_id == id)
    }

    /// `ec2 create-nat-gateway`.
    pub fn create_nat_gateway(
        &mut self,
        input: CreateNatGatewayInput,
    ) -> Result<CreateNatGatewayOutput, Ec2Error> {
        self.ec2_call_dry("CreateNatGateway", input.dry_run, |c| {
            let subnet = c.existing_subnet(&input.subnet_id)?.clone();
            let connectivity = input
                .connectivity_type
                .clone()
                .unwrap_or_else(|| "public".into());
            let address = match (connectivity.as_str(), input.allocation_id.as_deref()) {
                ("public", None | Some("")) => {
                    return Err(Ec2Error::MissingParameter {
                        message: "The request must contain the parameter AllocationId when ConnectivityType is public.".into(),
                    });
                }
                ("public", Some(id)) => {
                    let a = c
                        .ec2
                        .addresses
                        .iter()
                        .find(|a| a.allocation_id == id)
                        .ok_or_else(|| Ec2Error::AllocationNotFound {
                            allocation_id: id.to_string(),
                        })?;
                    if a.association_id.is_some() {
                        return Err(Ec2Error::AlreadyAssociated {
                            message: format!("Elastic IP address [{id}] is already associated"),
                        });
                    }
                    Some((id.to_string(), a.public_ip))
                }
                ("private", None | Some("")) => None,
                ("private", Some(_)) => {
                    return Err(Ec2Error::InvalidParameterCombination {
                        message: "A private NAT gateway takes no Elastic IP address.".into(),
                    });
                }
                (other, _) => {
                    return Err(Ec2Error::invalid_value(format!(
                        "Value ({other}) for parameter connectivityType is invalid. Valid values: public, private"
                    )));
                }
            };
            let tags = tags::from_specifications(&input.tag_specifications, "natgateway")?;
            let nat_gateway_id = c.new_id("nat");
            let network_interface_id = c.new_id("eni");
            let private_ip = c.random_private_ip(&subnet.cidr_block);
            let association_id = address.as_ref().map(|_| c.new_id("eipassoc"));
            if let (Some((allocation_id, _)), Some(assoc)) = (&address, &association_id)
                && let Some(a) = c
                    .ec2
                    .addresses
                    .iter_mut()
                    .find(|a| &a.allocation_id == allocation_id)
            {
                a.association_id = Some(assoc.clone());
                a.network_interface_id = Some(network_interface_id.clone());
                a.private_ip_address = Some(private_ip);
            }
            let now = c.now;
            let gateway = NatGateway {
                nat_gateway_id,
                subnet_id: subnet.subnet_id.clone(),
                vpc_id: subnet.vpc_id.clone(),
                connectivity_type: connectivity,
                state: "pending".into(),
                created: now,
                deleted: None,
                next_transition: Some(now.plus(NAT_GATEWAY_PENDING)),
                network_interface_id,
                private_ip,
                allocation_id: address.as_ref().map(|(id, _)| id.clone()),
                public_ip: address.map(|(_, ip)| ip),
                association_id,
                tags,
                failure_code: None,
                failure_message: None,
            };
            let described = describe(&gateway);
            c.ec2.nat_gateways.push(gateway);
            c.refresh_route_states();
            Ok(CreateNatGatewayOutput {
                client_token: input.client_token.clone(),
                nat_gateway: described,
            })
        })
    }

    /// `ec2 delete-nat-gateway`.
    pub fn delete_nat_gateway(
        &mut self,
        input: DeleteNatGatewayInput,
    ) -> Result<DeleteNatGatewayOutput, Ec2Error> {
        self.ec2_call_dry("DeleteNatGateway", input.dry_run, |c| {
            let now = c.now;
            let Some(n) = c
                .ec2
                .nat_gateways
                .iter_mut()
                .find(|n| n.nat_gateway_id == input.nat_gateway_id && n.state != "deleted")
            else {
                return Err(Ec2Error::NatGatewayNotFound {
                    nat_gateway_id: input.nat_gateway_id.clone(),
                });
            };
            if n.state == "failed" {
                n.state = "deleted".into();
                n.deleted = Some(now);
                n.next_transition = Some(now.plus(NAT_GATEWAY_LISTED_AFTER_DELETE));
            } else if n.state != "deleting" {
                n.state = "deleting".into();
                n.next_transition = Some(now.plus(NAT_GATEWAY_DELETING));
            }
            c.refresh_route_states();
            Ok(DeleteNatGatewayOutput {
                nat_gateway_id: input.nat_gateway_id.clone(),
            })
        })
    }

    /// `ec2 describe-nat-gateways`.
    pub fn describe_nat_gateways(
        &mut self,
        input: DescribeNatGatewaysInput,
    ) -> Result<DescribeNatGatewaysOutput, Ec2Error> {
        self.ec2_call_dry("DescribeNatGateways", input.dry_run, |c| {
            filters::check_names(
                &input.filter,
                &[
                    "nat-gateway-id",
                    "state",
                    "subnet-id",
                    "vpc-id",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            if let Some(missing) = input
                .nat_gateway_ids
                .iter()
                .find(|id| c.nat_gateway(id).is_none())
            {
                return Err(Ec2Error::NatGatewayNotFound {
                    nat_gateway_id: missing.clone(),
                });
            }
            let nat_gateways = c
                .ec2
                .nat_gateways
                .iter()
                .filter(|n| {
                    input.nat_gateway_ids.is_empty()
                        || input.nat_gateway_ids.contains(&n.nat_gateway_id)
                })
                .filter(|n| {
                    filters::passes(&input.filter, |name| match name {
                        "nat-gateway-id" => vec![n.nat_gateway_id.clone()],
                        "state" => vec![n.state.clone()],
                        "subnet-id" => vec![n.subnet_id.clone()],
                        "vpc-id" => vec![n.vpc_id.clone()],
                        other => filters::tag_candidates(other, &n.tags).unwrap_or_default(),
                    })
                })
                .map(describe)
                .collect();
            Ok(DescribeNatGatewaysOutput { nat_gateways })
        })
    }

    /// When the next NAT gateway changes state.
    pub(crate) fn nat_gateways_next_transition_at(&self) -> Option<SimTime> {
        self.ec2
            .nat_gateways
            .iter()
            .filter_map(|n| n.next_transition)
            .min()
    }

    /// Applies every NAT gateway change due by now.
    pub(crate) fn apply_nat_gateway_transitions(&mut self) {
        let now = self.now;
        let mut released = Vec::new();
        let mut changed = false;
        let with_gateway: Vec<String> = self
            .ec2
            .internet_gateways
            .iter()
            .flat_map(|g| g.attachments.iter().map(|a| a.vpc_id.clone()))
            .collect();
        for n in &mut self.ec2.nat_gateways {
            let Some(at) = n.next_transition.filter(|t| *t <= now) else {
                continue;
            };
            changed = true;
            match n.state.as_str() {
                // A public NAT gateway needs its VPC's internet gateway: AWS
                // fails it, and gives its address back.
                "pending"
                    if n.connectivity_type == "public" && !with_gateway.contains(&n.vpc_id) =>
                {
                    n.state = "failed".into();
                    n.failure_code = Some("Gateway.NotAttached".into());
                    n.failure_message = Some(format!(
                        "Network {} has no Internet gateway attached",
                        n.vpc_id
                    ));
                    n.next_transition = Some(at.plus(NAT_GATEWAY_LISTED_AFTER_DELETE));
                    if let Some(id) = n.allocation_id.clone() {
                        released.push(id);
                    }
                    n.association_id = None;
                }
                "pending" => {
                    n.state = "available".into();
                    n.next_transition = None;
                }
                "deleting" => {
                    n.state = "deleted".into();
                    n.deleted = Some(at);
                    n.next_transition = Some(at.plus(NAT_GATEWAY_LISTED_AFTER_DELETE));
                    if let Some(id) = n.allocation_id.clone() {
                        released.push(id);
                    }
                    n.association_id = None;
                }
                // Listed long enough: removed below.
                "deleted" | "failed" => {}
                _ => n.next_transition = None,
            }
        }
        self.ec2
            .nat_gateways
            .retain(|n| !(n.state == "deleted" && n.next_transition.is_some_and(|t| t <= now)));
        for a in &mut self.ec2.addresses {
            if released.contains(&a.allocation_id) {
                a.association_id = None;
                a.network_interface_id = None;
                a.private_ip_address = None;
            }
        }
        if changed {
            self.refresh_route_states();
        }
    }

    /// A cost line for each NAT gateway that is not yet deleted.
    pub(crate) fn nat_gateway_cost_lines(&self, lines: &mut Vec<CostLine>) {
        let price = nat_gateway_price_per_hour(self.region().code);
        for n in &self.ec2.nat_gateways {
            if matches!(n.state.as_str(), "pending" | "available" | "deleting") {
                lines.push(CostLine {
                    kind: CostKind::NatGateway,
                    resource_id: n.nat_gateway_id.clone(),
                    description: format!("NAT gateway in {}", n.subnet_id),
                    usd_per_hour: price,
                });
            }
        }
    }

    /// Whether Elastic IP `allocation_id` is held by a NAT gateway.
    pub(crate) fn address_on_nat_gateway(&self, allocation_id: &str) -> bool {
        self.ec2
            .nat_gateways
            .iter()
            .any(|n| n.holds_addresses() && n.allocation_id.as_deref() == Some(allocation_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::addresses::AllocateAddressInput;
    use crate::ec2::test_network;

    #[test]
    fn pending_available_deleting_deleted_gone_and_billed_meanwhile() {
        let mut cloud = Cloud::default();
        let vpc_id = test_network::vpc(&mut cloud);
        let subnet_id = test_network::subnet(&mut cloud, &vpc_id, "10.0.1.0/24");
        test_network::attached_gateway(&mut cloud, &vpc_id);
        let missing = cloud
            .create_nat_gateway(CreateNatGatewayInput {
                subnet_id: subnet_id.clone(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(missing.code(), "MissingParameter");
        let allocation_id = cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap()
            .allocation_id;
        let out = cloud
            .create_nat_gateway(CreateNatGatewayInput {
                subnet_id: subnet_id.clone(),
                allocation_id: Some(allocation_id.clone()),
                ..Default::default()
            })
            .unwrap();
        let id = out.nat_gateway.nat_gateway_id;
        assert_eq!(out.nat_gateway.state, "pending");
        // Its address is in use, not idle, and cannot go to another gateway.
        assert!(cloud.idle_addresses().is_empty());
        let again = cloud
            .create_nat_gateway(CreateNatGatewayInput {
                subnet_id: subnet_id.clone(),
                allocation_id: Some(allocation_id.clone()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(again.code(), "Resource.AlreadyAssociated");
        let kinds = |cloud: &Cloud| -> Vec<CostKind> {
            cloud
                .hourly_cost_breakdown()
                .lines
                .iter()
                .map(|l| l.kind)
                .collect()
        };
        assert_eq!(kinds(&cloud), [CostKind::ElasticIp, CostKind::NatGateway]);
        cloud.advance(NAT_GATEWAY_PENDING);
        assert!(cloud.nat_gateway(&id).unwrap().is_available());
        cloud
            .delete_nat_gateway(DeleteNatGatewayInput {
                nat_gateway_id: id.clone(),
                ..Default::default()
            })
            .unwrap();
        cloud.advance(NAT_GATEWAY_DELETING);
        assert_eq!(cloud.nat_gateway(&id).unwrap().state, "deleted");
        // The address is free again: idle, and billed as such.
        assert_eq!(cloud.idle_addresses().len(), 1);
        assert_eq!(kinds(&cloud), [CostKind::IdleElasticIp]);
        cloud.advance(NAT_GATEWAY_LISTED_AFTER_DELETE);
        assert!(cloud.nat_gateway(&id).is_none());
    }

    #[test]
    fn a_public_nat_gateway_fails_without_an_internet_gateway() {
        let mut cloud = Cloud::default();
        let vpc_id = test_network::vpc(&mut cloud);
        let subnet_id = test_network::subnet(&mut cloud, &vpc_id, "10.0.1.0/24");
        let allocation_id = cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap()
            .allocation_id;
        let id = cloud
            .create_nat_gateway(CreateNatGatewayInput {
                subnet_id,
                allocation_id: Some(allocation_id),
                ..Default::default()
            })
            .unwrap()
            .nat_gateway
            .nat_gateway_id;
        cloud.advance(NAT_GATEWAY_PENDING);
        let n = cloud.nat_gateway(&id).unwrap();
        assert_eq!(n.state, "failed");
        assert_eq!(n.failure_code.as_deref(), Some("Gateway.NotAttached"));
        assert_eq!(
            n.failure_message,
            Some(format!("Network {vpc_id} has no Internet gateway attached"))
        );
        // Its address is free again, and nothing bills for the gateway.
        assert_eq!(cloud.idle_addresses().len(), 1);
        assert!(
            cloud
                .hourly_cost_breakdown()
                .lines
                .iter()
                .all(|l| l.kind != CostKind::NatGateway)
        );
    }
}
