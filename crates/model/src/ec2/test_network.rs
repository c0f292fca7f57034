//! Unit-test fixtures for the VPC operations: a VPC, a subnet, an attached
//! internet gateway, each made through the public operations.

use super::internet_gateways::{CreateInternetGatewayInput, InternetGatewayAttachmentInput};
use super::subnets::CreateSubnetInput;
use super::vpcs::CreateVpcInput;
use crate::cloud::Cloud;

/// A VPC with the block 10.0.0.0/16; its id.
pub(crate) fn vpc(cloud: &mut Cloud) -> String {
    cloud
        .create_vpc(CreateVpcInput {
            cidr_block: Some("10.0.0.0/16".into()),
            ..Default::default()
        })
        .unwrap()
        .vpc
        .vpc_id
}

/// A subnet of `vpc_id` with block `cidr`; its id.
pub(crate) fn subnet(cloud: &mut Cloud, vpc_id: &str, cidr: &str) -> String {
    cloud
        .create_subnet(CreateSubnetInput {
            vpc_id: vpc_id.into(),
            cidr_block: Some(cidr.into()),
            ..Default::default()
        })
        .unwrap()
        .subnet
        .subnet_id
}

/// An internet gateway attached to `vpc_id`; its id.
pub(crate) fn attached_gateway(cloud: &mut Cloud, vpc_id: &str) -> String {
    let igw = cloud
        .create_internet_gateway(CreateInternetGatewayInput::default())
        .unwrap()
        .internet_gateway
        .internet_gateway_id;
    cloud
        .attach_internet_gateway(InternetGatewayAttachmentInput {
            internet_gateway_id: igw.clone(),
            vpc_id: vpc_id.into(),
            ..Default::default()
        })
        .unwrap();
    igw
}
