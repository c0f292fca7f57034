//! Route tables: `CreateRouteTable`, `DeleteRouteTable`, `CreateRoute`,
//! `ReplaceRoute`, `DeleteRoute`, `AssociateRouteTable`,
//! `DisassociateRouteTable`.
//!
//! Every table has its VPC's `local` route. A subnet uses the table it is
//! explicitly associated with, else the VPC's main table. A route's target is
//! an internet gateway attached to the same VPC or a NAT gateway in it; a route
//! whose target is gone or detached is `blackhole`.
//!
//! Not simulated: routes to instances, interfaces, peering connections,
//! transit and virtual private gateways, prefix lists, IPv6, gateway route
//! tables (edge associations), replacing the main association.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::vpc::{AssociationState, Route, RouteTable, RouteTableAssociation};
use super::vpcs::{local_route, overlaps};
use super::{Ipv4Cidr, TagSpecification, tag_list, tags};
use crate::cloud::Cloud;

/// `CreateRouteTable` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateRouteTableInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The VPC.
    pub vpc_id: String,
    /// Idempotency token (accepted).
    pub client_token: Option<String>,
    /// Tags (`ResourceType=route-table`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateRouteTable` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRouteTableOutput {
    /// The new table.
    pub route_table: RouteTable,
    /// The token given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

/// `DeleteRouteTable` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteRouteTableInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The table.
    pub route_table_id: String,
}

/// Input of `CreateRoute` and `ReplaceRoute`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RouteInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The table.
    pub route_table_id: String,
    /// The IPv4 destination.
    pub destination_cidr_block: Option<String>,
    /// An internet gateway.
    pub gateway_id: Option<String>,
    /// A NAT gateway.
    pub nat_gateway_id: Option<String>,
}

/// `CreateRoute` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRouteOutput {
    /// `true`.
    #[serde(rename = "Return")]
    pub returned: bool,
}

/// `DeleteRoute` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteRouteInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The table.
    pub route_table_id: String,
    /// The route's destination.
    pub destination_cidr_block: Option<String>,
}

/// `AssociateRouteTable` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AssociateRouteTableInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The table.
    pub route_table_id: String,
    /// The subnet.
    pub subnet_id: Option<String>,
}

/// `AssociateRouteTable` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateRouteTableOutput {
    /// `rtbassoc-...`.
    pub association_id: String,
    /// `associated`.
    pub association_state: AssociationState,
}

/// `DisassociateRouteTable` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DisassociateRouteTableInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The association.
    pub association_id: String,
}

impl Cloud {
    fn existing_route_table(&self, id: &str) -> Result<&RouteTable, Ec2Error> {
        self.ec2
            .route_tables
            .iter()
            .find(|r| r.route_table_id == id)
            .ok_or_else(|| Ec2Error::RouteTableNotFound {
                route_table_id: id.to_string(),
            })
    }

    fn route_table_mut(&mut self, id: &str) -> Option<&mut RouteTable> {
        self.ec2
            .route_tables
            .iter_mut()
            .find(|r| r.route_table_id == id)
    }

    /// Sets each route `active` or `blackhole` from its target: an internet
    /// gateway attached to the table's VPC, a NAT gateway not being deleted.
    pub(crate) fn refresh_route_states(&mut self) {
        let attached: Vec<(String, String)> = self
            .ec2
            .internet_gateways
            .iter()
            .flat_map(|g| {
                g.attachments
                    .iter()
                    .filter(|a| a.state == "available")
                    .map(|a| (g.internet_gateway_id.clone(), a.vpc_id.clone()))
            })
            .collect();
        let live_nats: Vec<String> = self
            .ec2
            .nat_gateways
            .iter()
            .filter(|n| matches!(n.state.as_str(), "pending" | "available"))
            .map(|n| n.nat_gateway_id.clone())
            .collect();
        for table in &mut self.ec2.route_tables {
            for route in &mut table.routes {
                let active = if route.gateway_id == "local" {
                    true
                } else if let Some(nat) = &route.nat_gateway_id {
                    live_nats.contains(nat)
                } else {
                    attached
                        .iter()
                        .any(|(g, v)| *g == route.gateway_id && *v == table.vpc_id)
                };
                route.state = if active { "active" } else { "blackhole" }.into();
            }
        }
    }

    /// `ec2 create-route-table`: a table with the VPC's `local` route.
    pub fn create_route_table(
        &mut self,
        input: CreateRouteTableInput,
    ) -> Result<CreateRouteTableOutput, Ec2Error> {
        self.ec2_call_dry("CreateRouteTable", input.dry_run, |c| {
            let vpc = c.existing_vpc(&input.vpc_id)?.clone();
            let tags = tags::from_specifications(&input.tag_specifications, "route-table")?;
            let table = RouteTable {
                associations: Vec::new(),
                propagating_vgws: Vec::new(),
                route_table_id: c.new_id("rtb"),
                routes: vec![local_route(&vpc.cidr_block)],
                tags: tag_list(&tags),
                vpc_id: vpc.vpc_id,
                owner_id: c.config.account_id.clone(),
            };
            c.ec2.route_tables.push(table.clone());
            Ok(CreateRouteTableOutput {
                route_table: table,
                client_token: input.client_token.clone(),
            })
        })
    }

    /// `ec2 delete-route-table`: not the main table, not while subnets use it.
    pub fn delete_route_table(&mut self, input: DeleteRouteTableInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteRouteTable", input.dry_run, |c| {
            let table = c.existing_route_table(&input.route_table_id)?;
            if !table.associations.is_empty() {
                return Err(Ec2Error::HasDependencies {
                    kind: "routeTable".into(),
                    resource_id: input.route_table_id.clone(),
                });
            }
            c.ec2
                .route_tables
                .retain(|r| r.route_table_id != input.route_table_id);
            Ok(())
        })
    }

    /// Checks a route request and builds the route.
    fn route_from(&self, table: &RouteTable, input: &RouteInput) -> Result<Route, Ec2Error> {
        let Some(text) = input
            .destination_cidr_block
            .as_deref()
            .filter(|t| !t.is_empty())
        else {
            return Err(Ec2Error::MissingParameter {
                message: "The request must contain the parameter destinationCidrBlock".into(),
            });
        };
        let destination = Ipv4Cidr::parse(text, false).map_err(|()| {
            Ec2Error::invalid_value(format!(
                "Value ({text}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block."
            ))
        })?;
        let vpc_block = Ipv4Cidr::parse(&self.existing_vpc(&table.vpc_id)?.cidr_block, true).ok();
        if let Some(vpc_block) = vpc_block
            && destination.prefix >= vpc_block.prefix
            && overlaps(destination, vpc_block)
        {
            return Err(Ec2Error::invalid_value(format!(
                "The destination CIDR block {destination} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance."
            )));
        }
        let gateway = input.gateway_id.as_deref().filter(|g| !g.is_empty());
        let nat = input.nat_gateway_id.as_deref().filter(|g| !g.is_empty());
        let (gateway_id, nat_gateway_id) = match (gateway, nat) {
            (Some(g), None) => {
                let gw = self
                    .ec2
                    .internet_gateways
                    .iter()
                    .find(|x| x.internet_gateway_id == g)
                    .ok_or_else(|| Ec2Error::InternetGatewayNotFound {
                        internet_gateway_id: g.to_string(),
                    })?;
                if !gw.attachments.iter().any(|a| a.vpc_id == table.vpc_id) {
                    return Err(Ec2Error::invalid_value(format!(
                        "route table {} and network gateway {g} belong to different networks",
                        table.route_table_id
                    )));
                }
                (g.to_string(), None)
            }
            (None, Some(n)) => {
                let gw = self
                    .nat_gateway(n)
                    .filter(|x| x.state != "deleted")
                    .ok_or_else(|| Ec2Error::NatGatewayNotFound {
                        nat_gateway_id: n.to_string(),
                    })?;
                if gw.vpc_id != table.vpc_id {
                    return Err(Ec2Error::invalid_value(format!(
                        "route table {} and NAT gateway {n} belong to different networks",
                        table.route_table_id
                    )));
                }
                (String::new(), Some(n.to_string()))
            }
            (None, None) => {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, transitGatewayId or instanceId".into(),
                });
            }
            (Some(_), Some(_)) => {
                return Err(Ec2Error::InvalidParameterCombination {
                    message:
                        "The parameter gatewayId cannot be used with the parameter natGatewayId"
                            .into(),
                });
            }
        };
        Ok(Route {
            destination_cidr_block: destination.to_string(),
            gateway_id,
            nat_gateway_id,
            origin: "CreateRoute".into(),
            state: "active".into(),
        })
    }

    /// `ec2 create-route`.
    pub fn create_route(&mut self, input: RouteInput) -> Result<CreateRouteOutput, Ec2Error> {
        self.ec2_call_dry("CreateRoute", input.dry_run, |c| {
            let table = c.existing_route_table(&input.route_table_id)?.clone();
            let route = c.route_from(&table, &input)?;
            if table
                .routes
                .iter()
                .any(|r| r.destination_cidr_block == route.destination_cidr_block)
            {
                return Err(Ec2Error::RouteAlreadyExists {
                    cidr: route.destination_cidr_block,
                });
            }
            if let Some(t) = c.route_table_mut(&input.route_table_id) {
                t.routes.push(route);
            }
            c.refresh_route_states();
            Ok(CreateRouteOutput { returned: true })
        })
    }

    /// `ec2 replace-route`: a new target for an existing destination.
    pub fn replace_route(&mut self, input: RouteInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("ReplaceRoute", input.dry_run, |c| {
            let table = c.existing_route_table(&input.route_table_id)?.clone();
            let route = c.route_from(&table, &input)?;
            let Some(t) = c.route_table_mut(&input.route_table_id) else {
                return Err(Ec2Error::RouteTableNotFound {
                    route_table_id: input.route_table_id.clone(),
                });
            };
            let Some(existing) = t
                .routes
                .iter_mut()
                .find(|r| r.destination_cidr_block == route.destination_cidr_block)
            else {
                return Err(Ec2Error::invalid_value(format!(
                    "There is no route defined for '{}' in the route table. Use CreateRoute instead.",
                    route.destination_cidr_block
                )));
            };
            *existing = Route {
                origin: "CreateRoute".into(),
                ..route
            };
            c.refresh_route_states();
            Ok(())
        })
    }

    /// `ec2 delete-route`: any route but `local`.
    pub fn delete_route(&mut self, input: DeleteRouteInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DeleteRoute", input.dry_run, |c| {
            let table = c.existing_route_table(&input.route_table_id)?;
            let Some(text) = input
                .destination_cidr_block
                .as_deref()
                .filter(|t| !t.is_empty())
            else {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter destinationCidrBlock".into(),
                });
            };
            let destination = Ipv4Cidr::parse(text, true)
                .map(|d| d.to_string())
                .unwrap_or_else(|()| text.to_string());
            let Some(route) = table
                .routes
                .iter()
                .find(|r| r.destination_cidr_block == destination)
            else {
                return Err(Ec2Error::RouteNotFound {
                    cidr: destination,
                    route_table_id: input.route_table_id.clone(),
                });
            };
            if route.gateway_id == "local" {
                return Err(Ec2Error::invalid_value(format!(
                    "cannot remove local route {destination} in route table {}",
                    input.route_table_id
                )));
            }
            if let Some(t) = c.route_table_mut(&input.route_table_id) {
                t.routes.retain(|r| r.destination_cidr_block != destination);
            }
            Ok(())
        })
    }

    /// `ec2 associate-route-table`: the subnet uses this table instead of the
    /// main one. A subnet has one explicit association at a time.
    pub fn associate_route_table(
        &mut self,
        input: AssociateRouteTableInput,
    ) -> Result<AssociateRouteTableOutput, Ec2Error> {
        self.ec2_call_dry("AssociateRouteTable", input.dry_run, |c| {
            let table = c.existing_route_table(&input.route_table_id)?.clone();
            let Some(subnet_id) = input.subnet_id.as_deref().filter(|s| !s.is_empty()) else {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter subnetId or gatewayId".into(),
                });
            };
            let subnet = c.existing_subnet(subnet_id)?.clone();
            if subnet.vpc_id != table.vpc_id {
                return Err(Ec2Error::invalid_value(format!(
                    "Route table {} and subnet {subnet_id} belong to different networks",
                    table.route_table_id
                )));
            }
            let taken = c.ec2.route_tables.iter().any(|r| {
                r.associations
                    .iter()
                    .any(|a| a.subnet_id.as_deref() == Some(subnet_id))
            });
            if taken {
                return Err(Ec2Error::AlreadyAssociated {
                    message: format!(
                        "the specified association for route table {} conflicts with an existing association",
                        table.route_table_id
                    ),
                });
            }
            let association_id = c.new_id("rtbassoc");
            let state = AssociationState {
                state: "associated".into(),
            };
            if let Some(t) = c.route_table_mut(&input.route_table_id) {
                t.associations.push(RouteTableAssociation {
                    main: false,
                    route_table_association_id: association_id.clone(),
                    route_table_id: input.route_table_id.clone(),
                    subnet_id: Some(subnet_id.to_string()),
                    association_state: state.clone(),
                });
            }
            Ok(AssociateRouteTableOutput {
                association_id,
                association_state: state,
            })
        })
    }

    /// `ec2 disassociate-route-table`: the subnet goes back to the main table.
    pub fn disassociate_route_table(
        &mut self,
        input: DisassociateRouteTableInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DisassociateRouteTable", input.dry_run, |c| {
            let found = c.ec2.route_tables.iter().find_map(|r| {
                r.associations
                    .iter()
                    .find(|a| a.route_table_association_id == input.association_id)
            });
            match found {
                None => {
                    return Err(Ec2Error::AssociationNotFound {
                        association_id: input.association_id.clone(),
                    });
                }
                Some(a) if a.main => {
                    return Err(Ec2Error::invalid_value(format!(
                        "cannot disassociate the main route table association {}",
                        input.association_id
                    )));
                }
                Some(_) => {}
            }
            for table in &mut c.ec2.route_tables {
                table
                    .associations
                    .retain(|a| a.route_table_association_id != input.association_id);
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::internet_gateways::{
        CreateInternetGatewayInput, DeleteInternetGatewayInput, InternetGatewayAttachmentInput,
    };
    use crate::ec2::test_network;

    struct Lab {
        cloud: Cloud,
        vpc_id: String,
        subnet_id: String,
        igw: String,
        table: String,
    }

    fn lab() -> Lab {
        let mut cloud = Cloud::default();
        let vpc_id = test_network::vpc(&mut cloud);
        let subnet_id = test_network::subnet(&mut cloud, &vpc_id, "10.0.1.0/24");
        let igw = cloud
            .create_internet_gateway(CreateInternetGatewayInput::default())
            .unwrap()
            .internet_gateway
            .internet_gateway_id;
        let table = cloud
            .create_route_table(CreateRouteTableInput {
                vpc_id: vpc_id.clone(),
                ..Default::default()
            })
            .unwrap()
            .route_table
            .route_table_id;
        Lab {
            cloud,
            vpc_id,
            subnet_id,
            igw,
            table,
        }
    }

    fn to_internet(table: &str, igw: &str) -> RouteInput {
        RouteInput {
            route_table_id: table.into(),
            destination_cidr_block: Some("0.0.0.0/0".into()),
            gateway_id: Some(igw.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_public_route_needs_the_gateway_attached_to_the_same_vpc() {
        let Lab {
            mut cloud,
            vpc_id,
            subnet_id,
            igw,
            table,
        } = lab();
        let err = cloud.create_route(to_internet(&table, &igw)).unwrap_err();
        assert!(
            err.message().contains("belong to different networks"),
            "{err}"
        );
        cloud
            .attach_internet_gateway(InternetGatewayAttachmentInput {
                internet_gateway_id: igw.clone(),
                vpc_id: vpc_id.clone(),
                ..Default::default()
            })
            .unwrap();
        cloud.create_route(to_internet(&table, &igw)).unwrap();
        assert_eq!(
            cloud.create_route(to_internet(&table, &igw)).unwrap_err(),
            Ec2Error::RouteAlreadyExists {
                cidr: "0.0.0.0/0".into()
            }
        );
        // The subnet uses the main table until associated.
        assert!(cloud.route_table_for_subnet(&subnet_id).unwrap().is_main());
        let assoc = cloud
            .associate_route_table(AssociateRouteTableInput {
                route_table_id: table.clone(),
                subnet_id: Some(subnet_id.clone()),
                ..Default::default()
            })
            .unwrap()
            .association_id;
        assert_eq!(
            cloud
                .route_table_for_subnet(&subnet_id)
                .unwrap()
                .route_table_id,
            table
        );
        let err = cloud
            .delete_route_table(DeleteRouteTableInput {
                route_table_id: table.clone(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            err.message(),
            format!("The routeTable '{table}' has dependencies and cannot be deleted.")
        );
        // Detached, the gateway's routes turn into black holes.
        cloud
            .detach_internet_gateway(InternetGatewayAttachmentInput {
                internet_gateway_id: igw.clone(),
                vpc_id,
                ..Default::default()
            })
            .unwrap();
        cloud
            .delete_internet_gateway(DeleteInternetGatewayInput {
                internet_gateway_id: igw,
                ..Default::default()
            })
            .unwrap();
        let route = |cloud: &Cloud| {
            cloud
                .route_table_for_subnet(&subnet_id)
                .unwrap()
                .routes
                .iter()
                .find(|r| r.destination_cidr_block == "0.0.0.0/0")
                .map(|r| r.state.clone())
        };
        assert_eq!(route(&cloud).as_deref(), Some("blackhole"));
        cloud
            .disassociate_route_table(DisassociateRouteTableInput {
                association_id: assoc,
                ..Default::default()
            })
            .unwrap();
        cloud
            .delete_route_table(DeleteRouteTableInput {
                route_table_id: table,
                ..Default::default()
            })
            .unwrap();
    }

    #[test]
    fn local_routes_stay_and_missing_routes_are_named() {
        let Lab {
            mut cloud, table, ..
        } = lab();
        let err = cloud
            .delete_route(DeleteRouteInput {
                route_table_id: table.clone(),
                destination_cidr_block: Some("10.0.0.0/16".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert!(err.message().starts_with("cannot remove local route"));
        let err = cloud
            .delete_route(DeleteRouteInput {
                route_table_id: table.clone(),
                destination_cidr_block: Some("0.0.0.0/0".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidRoute.NotFound");
        let err = cloud
            .create_route(RouteInput {
                route_table_id: "rtb-0000000000000000f".into(),
                destination_cidr_block: Some("0.0.0.0/0".into()),
                gateway_id: Some("igw-1".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidRouteTableID.NotFound");
        let err = cloud
            .create_route(RouteInput {
                route_table_id: table,
                destination_cidr_block: Some("10.0.1.0/24".into()),
                gateway_id: Some("igw-1".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            err.message()
                .contains("more specific than one of this VPC's CIDR blocks")
        );
    }
}
