//! Internet gateways: `CreateInternetGateway`, `AttachInternetGateway`,
//! `DetachInternetGateway`, `DeleteInternetGateway`.
//!
//! A gateway serves one VPC at a time, and a VPC has at most one. Routes to a
//! gateway that is detached or deleted turn `blackhole`.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::vpc::{InternetGateway, InternetGatewayAttachment};
use super::{InstanceStateName, TagSpecification, tag_list, tags};
use crate::cloud::Cloud;

/// `CreateInternetGateway` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateInternetGatewayInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Tags (`ResourceType=internet-gateway`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateInternetGateway` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInternetGatewayOutput {
    /// The new, detached gateway.
    pub internet_gateway: InternetGateway,
}

/// Input of `AttachInternetGateway` and `DetachInternetGateway`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InternetGatewayAttachmentInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The gateway.
    pub internet_gateway_id: String,
    /// The VPC.
    pub vpc_id: String,
}

/// `DeleteInternetGateway` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteInternetGatewayInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The gateway.
    pub internet_gateway_id: String,
}

impl Cloud {
    fn existing_internet_gateway(&self, id: &str) -> Result<&InternetGateway, Ec2Error> {
        self.ec2
            .internet_gateways
            .iter()
            .find(|g| g.internet_gateway_id == id)
            .ok_or_else(|| Ec2Error::InternetGatewayNotFound {
                internet_gateway_id: id.to_string(),
            })
    }

    /// `ec2 create-internet-gateway`.
    pub fn create_internet_gateway(
        &mut self,
        input: CreateInternetGatewayInput,
    ) -> Result<CreateInternetGatewayOutput, Ec2Error> {
        self.ec2_call_dry("CreateInternetGateway", input.dry_run, |c| {
            let tags = tags::from_specifications(&input.tag_specifications, "internet-gateway")?;
            let gateway = InternetGateway {
                attachments: Vec::new(),
                internet_gateway_id: c.new_id("igw"),
                owner_id: c.config.account_id.clone(),
                tags: tag_list(&tags),
            };
            c.ec2.internet_gateways.push(gateway.clone());
            Ok(CreateInternetGatewayOutput {
                internet_gateway: gateway,
            })
        })
    }

    /// `ec2 attach-internet-gateway`.
    pub fn attach_internet_gateway(
        &mut self,
        input: InternetGatewayAttachmentInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("AttachInternetGateway", input.dry_run, |c| {
            let gateway = c.existing_internet_gateway(&input.internet_gateway_id)?;
            if let Some(a) = gateway.attachments.first() {
                return Err(Ec2Error::AlreadyAssociated {
                    message: format!(
                        "resource {} is already attached to network {}",
                        input.internet_gateway_id, a.vpc_id
                    ),
                });
            }
            let vpc_id = c.existing_vpc(&input.vpc_id)?.vpc_id.clone();
            if let Some(other) = c.internet_gateway_for_vpc(&vpc_id) {
                return Err(Ec2Error::AlreadyAssociated {
                    message: format!(
                        "Network {vpc_id} already has an internet gateway attached ({}).",
                        other.internet_gateway_id
                    ),
                });
            }
            if let Some(g) = c
                .ec2
                .internet_gateways
                .iter_mut()
                .find(|g| g.internet_gateway_id == input.internet_gateway_id)
            {
                g.attachments.push(InternetGatewayAttachment {
                    state: "available".into(),
                    vpc_id,
                });
            }
            c.refresh_route_states();
            Ok(())
        })
    }

    /// Whether anything in the VPC has a public address mapped through its
    /// gateway: a public IPv4 address on an instance, a NAT gateway's Elastic IP,
    /// an internet-facing load balancer.
    fn vpc_has_public_addresses(&self, vpc_id: &str) -> bool {
        self.ec2.instances.iter().any(|i| {
            i.vpc_id == vpc_id
                && i.state != InstanceStateName::Terminated
                && self.public_ip_of(&i.instance_id).is_some()
        }) || self
            .ec2
            .nat_gateways
            .iter()
            .any(|n| n.vpc_id == vpc_id && n.holds_addresses() && n.public_ip.is_some())
            || self
                .load_balancers()
                .iter()
                .any(|lb| lb.vpc_id == vpc_id && lb.nodes.iter().any(|n| n.public_ip.is_some()))
    }

    /// `ec2 detach-internet-gateway`: refused while the VPC has public
    /// addresses mapped.
    pub fn detach_internet_gateway(
        &mut self,
        input: InternetGatewayAttachmentInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DetachInternetGateway", input.dry_run, |c| {
            let gateway = c.existing_internet_gateway(&input.internet_gateway_id)?;
            if !gateway.attachments.iter().any(|a| a.vpc_id == input.vpc_id) {
                c.existing_vpc(&input.vpc_id)?;
                return Err(Ec2Error::GatewayNotAttached {
                    internet_gateway_id: input.internet_gateway_id.clone(),
                    vpc_id: input.vpc_id.clone(),
                });
            }
            if c.vpc_has_public_addresses(&input.vpc_id) {
                return Err(Ec2Error::DependencyViolationWith {
                    message: format!(
                        "Network {} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.",
                        input.vpc_id
                    ),
                });
            }
            if let Some(g) = c
                .ec2
                .internet_gateways
                .iter_mut()
                .find(|g| g.internet_gateway_id == input.internet_gateway_id)
            {
                g.attachments.clear();
            }
            c.refresh_route_states();
            Ok(())
        })
    }

    /// `ec2 delete-internet-gateway`: only a detached gateway.
    pub fn delete_internet_gateway(
        &mut self,
        input: DeleteInternetGatewayInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteInternetGateway", input.dry_run, |c| {
            let gateway = c.existing_internet_gateway(&input.internet_gateway_id)?;
            if !gateway.attachments.is_empty() {
                return Err(Ec2Error::HasDependencies {
                    kind: "internetGateway".into(),
                    resource_id: input.internet_gateway_id.clone(),
                });
            }
            c.ec2
                .internet_gateways
                .retain(|g| g.internet_gateway_id != input.internet_gateway_id);
            c.refresh_route_states();
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::test_network;

    #[test]
    fn one_gateway_per_vpc_and_only_detached_ones_are_deleted() {
        let mut cloud = Cloud::default();
        let vpc_id = test_network::vpc(&mut cloud);
        let igw = cloud
            .create_internet_gateway(CreateInternetGatewayInput::default())
            .unwrap()
            .internet_gateway
            .internet_gateway_id;
        let attach = |cloud: &mut Cloud, igw: &str, vpc: &str| {
            cloud.attach_internet_gateway(InternetGatewayAttachmentInput {
                internet_gateway_id: igw.into(),
                vpc_id: vpc.into(),
                ..Default::default()
            })
        };
        // The default VPC already has one.
        let default_vpc = cloud.default_vpc().unwrap().vpc_id.clone();
        assert_eq!(
            attach(&mut cloud, &igw, &default_vpc).unwrap_err().code(),
            "Resource.AlreadyAssociated"
        );
        attach(&mut cloud, &igw, &vpc_id).unwrap();
        assert_eq!(
            cloud
                .internet_gateway_for_vpc(&vpc_id)
                .map(|g| g.internet_gateway_id.clone()),
            Some(igw.clone())
        );
        let delete = |cloud: &mut Cloud| {
            cloud.delete_internet_gateway(DeleteInternetGatewayInput {
                internet_gateway_id: igw.clone(),
                ..Default::default()
            })
        };
        assert_eq!(
            delete(&mut cloud).unwrap_err().code(),
            "DependencyViolation"
        );
        let detach = |cloud: &mut Cloud, vpc: &str| {
            cloud.detach_internet_gateway(InternetGatewayAttachmentInput {
                internet_gateway_id: igw.clone(),
                vpc_id: vpc.into(),
                ..Default::default()
            })
        };
        assert_eq!(
            detach(&mut cloud, &default_vpc).unwrap_err().code(),
            "Gateway.NotAttached"
        );
        detach(&mut cloud, &vpc_id).unwrap();
        delete(&mut cloud).unwrap();
    }
}
