//! Elastic IP addresses: allocate, associate, disassociate, release, describe.
//! Also where every public IPv4 address in the account is drawn from.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::{InstanceStateName, Ipv4Cidr, Tag, TagMap, TagSpecification, tag_list, tags};
use crate::cloud::Cloud;

/// At most this many Elastic IPs per region (the default quota).
pub const MAX_ADDRESSES: usize = 5;

/// An Elastic IP address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// `eipalloc-` followed by 17 hex digits.
    pub allocation_id: String,
    /// The address.
    pub public_ip: Ipv4Addr,
    /// `eipassoc-...` while associated.
    pub association_id: Option<String>,
    /// The instance it is associated with.
    pub instance_id: Option<String>,
    /// The network interface it is associated with.
    pub network_interface_id: Option<String>,
    /// The private address it maps to.
    pub private_ip_address: Option<Ipv4Addr>,
    /// Tags.
    pub tags: TagMap,
}

/// `AllocateAddress` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AllocateAddressInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// `vpc` (the only kind today; `standard` is refused).
    pub domain: Option<String>,
    /// Tags (`ResourceType=elastic-ip`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `AllocateAddress` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AllocateAddressOutput {
    /// The allocation id.
    pub allocation_id: String,
    /// `amazon`.
    pub public_ipv4_pool: String,
    /// The region.
    pub network_border_group: String,
    /// `vpc`.
    pub domain: String,
    /// The address.
    pub public_ip: String,
}

/// `AssociateAddress` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AssociateAddressInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The Elastic IP's allocation id.
    pub allocation_id: Option<String>,
    /// Or its address.
    pub public_ip: Option<String>,
    /// The instance.
    pub instance_id: Option<String>,
    /// Or a network interface.
    pub network_interface_id: Option<String>,
    /// Move the address even if it is associated elsewhere.
    pub allow_reassociation: Option<bool>,
}

/// `AssociateAddress` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateAddressOutput {
    /// `eipassoc-...`.
    pub association_id: String,
}

/// `DisassociateAddress` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DisassociateAddressInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The association id.
    pub association_id: Option<String>,
    /// Or the address.
    pub public_ip: Option<String>,
}

/// `ReleaseAddress` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ReleaseAddressInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The allocation id.
    pub allocation_id: Option<String>,
    /// Or the address.
    pub public_ip: Option<String>,
}

/// `DescribeAddresses` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeAddressesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Addresses.
    pub public_ips: Vec<String>,
    /// Allocation ids.
    pub allocation_ids: Vec<String>,
    /// Filters: `allocation-id`, `association-id`, `instance-id`, `public-ip`,
    /// `private-ip-address`, `network-interface-id`, `domain`, tags.
    pub filters: Vec<Filter>,
}

/// One address in `DescribeAddresses` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressDescription {
    /// The instance, while associated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// The address.
    pub public_ip: String,
    /// The allocation id.
    pub allocation_id: String,
    /// The association id, while associated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association_id: Option<String>,
    /// `vpc`.
    pub domain: String,
    /// The interface, while associated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<String>,
    /// The interface owner, while associated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface_owner_id: Option<String>,
    /// The private address, while associated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// `amazon`.
    pub public_ipv4_pool: String,
    /// The region.
    pub network_border_group: String,
}

/// `DescribeAddresses` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddressesOutput {
    /// The addresses.
    pub addresses: Vec<AddressDescription>,
}

impl Cloud {
    /// Every Elastic IP.
    pub fn addresses(&self) -> &[Address] {
        &self.ec2.addresses
    }

    /// Elastic IPs that are allocated but not associated with a running
    /// instance (they cost money while idle).
    pub fn idle_addresses(&self) -> Vec<&Address> {
        self.ec2
            .addresses
            .iter()
            .filter(|a| {
                a.instance_id
                    .as_deref()
                    .and_then(|id| self.instance(id))
                    .is_none_or(|i| i.state != InstanceStateName::Running)
                    && !self.address_on_nat_gateway(&a.allocation_id)
            })
            .collect()
    }

    /// A public IPv4 address from the region's pool that nothing in the account uses.
    pub(crate) fn allocate_public_ipv4(&mut self) -> Ipv4Addr {
        let prefixes = self.region().public_ipv4_prefixes;
        for _ in 0..1_000 {
            let pick = self.rng.below(prefixes.len() as u64) as usize;
            let Some(cidr) = prefixes
                .get(pick)
                .and_then(|p| Ipv4Cidr::parse(p, true).ok())
            else {
                continue;
            };
            let offset = self.rng.below(cidr.size()) as u32;
            let ip = Ipv4Addr::from(u32::from(cidr.network).wrapping_add(offset));
            let last = ip.octets()[3];
            if last == 0 || last == 255 {
                continue;
            }
            let used = self.ec2.addresses.iter().any(|a| a.public_ip == ip)
                || self
                    .ec2
                    .instances
                    .iter()
                    .any(|i| i.auto_public_ip == Some(ip));
            if !used {
                return ip;
            }
        }
        Ipv4Addr::new(3, 34, 0, 1)
    }

    fn find_address(
        &self,
        allocation_id: Option<&str>,
        public_ip: Option<&str>,
    ) -> Result<usize, Ec2Error> {
        match (
            allocation_id.filter(|s| !s.is_empty()),
            public_ip.filter(|s| !s.is_empty()),
        ) {
            (Some(id), _) => self
                .ec2
                .addresses
                .iter()
                .position(|a| a.allocation_id == id)
                .ok_or_else(|| Ec2Error::AllocationNotFound {
                    allocation_id: id.to_string(),
                }),
            (None, Some(ip)) => self
                .ec2
                .addresses
                .iter()
                .position(|a| a.public_ip.to_string() == ip)
                .ok_or_else(|| Ec2Error::AddressNotFound {
                    public_ip: ip.to_string(),
                }),
            (None, None) => Err(Ec2Error::MissingParameter {
                message: "The request must contain the parameter AllocationId or PublicIp".into(),
            }),
        }
    }

    /// `ec2 allocate-address`.
    pub fn allocate_address(
        &mut self,
        input: AllocateAddressInput,
    ) -> Result<AllocateAddressOutput, Ec2Error> {
        self.ec2_call_dry("AllocateAddress", input.dry_run, |c| {
            match input.domain.as_deref() {
                None | Some("vpc") | Some("") => {}
                Some("standard") => {
                    return Err(Ec2Error::InvalidParameterValue {
                        message: "EC2-Classic is no longer supported. Use Domain 'vpc'.".into(),
                    });
                }
                Some(other) => {
                    return Err(Ec2Error::invalid_value(format!(
                        "Value ({other}) for parameter domain is invalid. Valid values are 'vpc' and 'standard'."
                    )));
                }
            }
            let tags = tags::from_specifications(&input.tag_specifications, "elastic-ip")?;
            if c.ec2.addresses.len() >= MAX_ADDRESSES {
                return Err(Ec2Error::AddressLimitExceeded);
            }
            let public_ip = c.allocate_public_ipv4();
            let allocation_id = c.new_id("eipalloc");
            c.ec2.addresses.push(Address {
                allocation_id: allocation_id.clone(),
                public_ip,
                association_id: None,
                instance_id: None,
                network_interface_id: None,
                private_ip_address: None,
                tags,
            });
            Ok(AllocateAddressOutput {
                allocation_id,
                public_ipv4_pool: "amazon".into(),
                network_border_group: c.region().code.into(),
                domain: "vpc".into(),
                public_ip: public_ip.to_string(),
            })
        })
    }

    /// `ec2 associate-address`. The instance's auto-assigned public address is
    /// released; an address already associated elsewhere moves only with
    /// `AllowReassociation`.
    pub fn associate_address(
        &mut self,
        input: AssociateAddressInput,
    ) -> Result<AssociateAddressOutput, Ec2Error> {
        self.ec2_call_dry("AssociateAddress", input.dry_run, |c| {
            let idx = c.find_address(input.allocation_id.as_deref(), input.public_ip.as_deref())?;
            let instance_id = match (
                input.instance_id.as_deref().filter(|s| !s.is_empty()),
                input
                    .network_interface_id
                    .as_deref()
                    .filter(|s| !s.is_empty()),
            ) {
                (Some(id), _) => {
                    if !super::instances::is_instance_id_shape(id) {
                        return Err(Ec2Error::InstanceIdMalformed {
                            instance_id: id.to_string(),
                        });
                    }
                    c.instance(id)
                        .map(|i| i.instance_id.clone())
                        .ok_or_else(|| Ec2Error::InstanceNotFound {
                            instance_ids: vec![id.to_string()],
                        })?
                }
                (None, Some(eni)) => c
                    .ec2
                    .instances
                    .iter()
                    .find(|i| {
                        i.network_interface_id == eni && i.state != InstanceStateName::Terminated
                    })
                    .map(|i| i.instance_id.clone())
                    .ok_or_else(|| {
                        Ec2Error::invalid_value(format!(
                            "The networkInterface ID '{eni}' does not exist"
                        ))
                    })?,
                (None, None) => {
                    return Err(Ec2Error::MissingParameter {
                        message: "Either instance ID or network interface id must be specified"
                            .into(),
                    });
                }
            };
            let state = c
                .instance(&instance_id)
                .map(|i| i.state)
                .unwrap_or(InstanceStateName::Terminated);
            if !matches!(
                state,
                InstanceStateName::Running
                    | InstanceStateName::Stopped
                    | InstanceStateName::Pending
            ) {
                return Err(Ec2Error::IncorrectInstanceState {
                    message: format!(
                        "The instance '{instance_id}' is not in a valid state for this operation."
                    ),
                });
            }
            let Some(address) = c.ec2.addresses.get(idx).cloned() else {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter AllocationId".into(),
                });
            };
            if let Some(assoc) = &address.association_id
                && c.address_on_nat_gateway(&address.allocation_id)
            {
                return Err(Ec2Error::ResourceAlreadyAssociated {
                    allocation_id: address.allocation_id.clone(),
                    association_id: assoc.clone(),
                });
            }
            if let (Some(current), Some(assoc)) = (&address.instance_id, &address.association_id) {
                if *current == instance_id {
                    return Ok(AssociateAddressOutput {
                        association_id: assoc.clone(),
                    });
                }
                if !input.allow_reassociation.unwrap_or(false) {
                    return Err(Ec2Error::ResourceAlreadyAssociated {
                        allocation_id: address.allocation_id.clone(),
                        association_id: assoc.clone(),
                    });
                }
            }
            // An instance has one primary public address: another EIP on it is replaced.
            let previous_owner = address.instance_id.clone();
            for a in &mut c.ec2.addresses {
                if a.instance_id.as_deref() == Some(instance_id.as_str()) {
                    a.instance_id = None;
                    a.association_id = None;
                    a.network_interface_id = None;
                    a.private_ip_address = None;
                }
            }
            let association_id = c.new_id("eipassoc");
            let (eni, private_ip) = c
                .instance(&instance_id)
                .map(|i| (i.network_interface_id.clone(), i.private_ip))
                .unwrap_or((String::new(), Ipv4Addr::UNSPECIFIED));
            if let Some(a) = c.ec2.addresses.get_mut(idx) {
                a.instance_id = Some(instance_id.clone());
                a.association_id = Some(association_id.clone());
                a.network_interface_id = Some(eni);
                a.private_ip_address = Some(private_ip);
            }
            if let Some(i) = c.instance_mut(&instance_id) {
                i.auto_public_ip = None;
            }
            if let Some(prev) = previous_owner.filter(|p| *p != instance_id) {
                c.give_back_auto_ip(&prev);
            }
            Ok(AssociateAddressOutput { association_id })
        })
    }

    /// After losing its Elastic IP, a running instance that launched with a public
    /// address gets a new auto-assigned one (as AWS documents).
    fn give_back_auto_ip(&mut self, instance_id: &str) {
        let needs = self.instance(instance_id).is_some_and(|i| {
            i.assigns_public_ip
                && i.auto_public_ip.is_none()
                && matches!(
                    i.state,
                    InstanceStateName::Running | InstanceStateName::Pending
                )
        });
        if needs {
            let ip = self.allocate_public_ipv4();
            if let Some(i) = self.instance_mut(instance_id) {
                i.auto_public_ip = Some(ip);
            }
        }
    }

    /// `ec2 disassociate-address`.
    pub fn disassociate_address(
        &mut self,
        input: DisassociateAddressInput,
    ) -> Result<(), Ec2Error> {
        self.ec2_call_dry("DisassociateAddress", input.dry_run, |c| {
            let idx = match (
                input.association_id.as_deref().filter(|s| !s.is_empty()),
                input.public_ip.as_deref(),
            ) {
                (Some(assoc), _) => c
                    .ec2
                    .addresses
                    .iter()
                    .position(|a| a.association_id.as_deref() == Some(assoc))
                    .ok_or_else(|| Ec2Error::AssociationNotFound {
                        association_id: assoc.to_string(),
                    })?,
                (None, ip) => c.find_address(None, ip)?,
            };
            if let Some(a) = c.ec2.addresses.get(idx)
                && c.address_on_nat_gateway(&a.allocation_id)
            {
                return Err(Ec2Error::AddressInUse {
                    public_ip: a.public_ip.to_string(),
                });
            }
            let instance = c.ec2.addresses.get(idx).and_then(|a| a.instance_id.clone());
            if let Some(a) = c.ec2.addresses.get_mut(idx) {
                a.instance_id = None;
                a.association_id = None;
                a.network_interface_id = None;
                a.private_ip_address = None;
            }
            if let Some(id) = instance {
                c.give_back_auto_ip(&id);
            }
            Ok(())
        })
    }

    /// `ec2 release-address`. An associated address is in use and cannot be released.
    pub fn release_address(&mut self, input: ReleaseAddressInput) -> Result<(), Ec2Error> {
        self.ec2_call_dry("ReleaseAddress", input.dry_run, |c| {
            let idx = c.find_address(input.allocation_id.as_deref(), input.public_ip.as_deref())?;
            if let Some(a) = c.ec2.addresses.get(idx)
                && a.association_id.is_some()
            {
                return Err(Ec2Error::AddressInUse {
                    public_ip: a.public_ip.to_string(),
                });
            }
            c.ec2.addresses.remove(idx);
            Ok(())
        })
    }

    /// `ec2 describe-addresses`.
    pub fn describe_addresses(
        &mut self,
        input: DescribeAddressesInput,
    ) -> Result<DescribeAddressesOutput, Ec2Error> {
        self.ec2_call_dry("DescribeAddresses", input.dry_run, |c| {
            filters::check_names(
                &input.filters,
                &[
                    "allocation-id",
                    "association-id",
                    "instance-id",
                    "public-ip",
                    "private-ip-address",
                    "network-interface-id",
                    "network-interface-owner-id",
                    "network-border-group",
                    "domain",
                    "tag:",
                    "tag-key",
                    "tag-value",
                ],
            )?;
            for id in &input.allocation_ids {
                c.find_address(Some(id), None)?;
            }
            for ip in &input.public_ips {
                c.find_address(None, Some(ip))?;
            }
            let region = c.region().code.to_string();
            let addresses = c
                .ec2
                .addresses
                .iter()
                .filter(|a| {
                    input.allocation_ids.is_empty()
                        || input.allocation_ids.contains(&a.allocation_id)
                })
                .filter(|a| {
                    input.public_ips.is_empty()
                        || input.public_ips.contains(&a.public_ip.to_string())
                })
                .filter(|a| {
                    filters::passes(&input.filters, |name| match name {
                        "allocation-id" => vec![a.allocation_id.clone()],
                        "association-id" => a.association_id.iter().cloned().collect(),
                        "instance-id" => a.instance_id.iter().cloned().collect(),
                        "public-ip" => vec![a.public_ip.to_string()],
                        "private-ip-address" => {
                            a.private_ip_address.iter().map(|p| p.to_string()).collect()
                        }
                        "network-interface-id" => a.network_interface_id.iter().cloned().collect(),
                        "network-interface-owner-id" => a
                            .network_interface_id
                            .iter()
                            .map(|_| c.config.account_id.clone())
                            .collect(),
                        "network-border-group" => vec![region.clone()],
                        "domain" => vec!["vpc".into()],
                        other => filters::tag_candidates(other, &a.tags).unwrap_or_default(),
                    })
                })
                .map(|a| AddressDescription {
                    instance_id: a.instance_id.clone(),
                    public_ip: a.public_ip.to_string(),
                    allocation_id: a.allocation_id.clone(),
                    association_id: a.association_id.clone(),
                    domain: "vpc".into(),
                    network_interface_id: a.network_interface_id.clone(),
                    network_interface_owner_id: a
                        .network_interface_id
                        .as_ref()
                        .map(|_| c.config.account_id.clone()),
                    private_ip_address: a.private_ip_address.map(|p| p.to_string()),
                    tags: tag_list(&a.tags),
                    public_ipv4_pool: "amazon".into(),
                    network_border_group: region.clone(),
                })
                .collect();
            Ok(DescribeAddressesOutput { addresses })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, Architecture, OsFamily};
    use crate::ec2::instances::{InstanceIdsInput, RunInstancesInput};
    use std::time::Duration;

    fn launch(cloud: &mut Cloud) -> String {
        let image_id = catalog::image_for(
            cloud.region().code,
            OsFamily::Ubuntu2404,
            Architecture::X86_64,
        )
        .unwrap()
        .image_id;
        let id = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                ..Default::default()
            })
            .unwrap()
            .instances[0]
            .instance_id
            .clone();
        cloud.advance(Duration::from_secs(20));
        id
    }

    fn allocate(cloud: &mut Cloud) -> AllocateAddressOutput {
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap()
    }

    fn associate(
        cloud: &mut Cloud,
        alloc: &str,
        instance: &str,
        allow: bool,
    ) -> Result<AssociateAddressOutput, Ec2Error> {
        cloud.associate_address(AssociateAddressInput {
            allocation_id: Some(alloc.into()),
            instance_id: Some(instance.into()),
            allow_reassociation: Some(allow),
            ..Default::default()
        })
    }

    #[test]
    fn limit_of_five() {
        let mut cloud = Cloud::default();
        for _ in 0..5 {
            let a = allocate(&mut cloud);
            assert!(a.allocation_id.starts_with("eipalloc-0"));
            assert_eq!(a.domain, "vpc");
        }
        let err = cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap_err();
        assert_eq!(err.code(), "AddressLimitExceeded");
        assert_eq!(
            err.message(),
            "The maximum number of addresses has been reached."
        );
        assert_eq!(cloud.idle_addresses().len(), 5);
    }

    #[test]
    fn associate_replaces_auto_ip_and_disassociate_gives_a_new_one() {
        let mut cloud = Cloud::default();
        let id = launch(&mut cloud);
        let auto = cloud.public_ip_of(&id).unwrap();
        let eip = allocate(&mut cloud);
        let assoc = associate(&mut cloud, &eip.allocation_id, &id, false).unwrap();
        assert!(assoc.association_id.starts_with("eipassoc-0"));
        assert_eq!(cloud.public_ip_of(&id).unwrap().to_string(), eip.public_ip);
        assert!(cloud.instance(&id).unwrap().auto_public_ip.is_none());
        assert!(cloud.idle_addresses().is_empty());

        // The EIP stays through stop/start.
        cloud
            .stop_instances(InstanceIdsInput {
                instance_ids: vec![id.clone()],
                ..Default::default()
            })
            .unwrap();
        cloud.advance(Duration::from_secs(30));
        assert_eq!(cloud.public_ip_of(&id).unwrap().to_string(), eip.public_ip);
        assert_eq!(
            cloud.idle_addresses().len(),
            1,
            "an EIP on a stopped instance is idle"
        );
        cloud
            .start_instances(InstanceIdsInput {
                instance_ids: vec![id.clone()],
                ..Default::default()
            })
            .unwrap();
        cloud.advance(Duration::from_secs(30));

        let err = cloud
            .release_address(ReleaseAddressInput {
                allocation_id: Some(eip.allocation_id.clone()),
                public_ip: None,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidIPAddress.InUse");
        assert_eq!(
            err.message(),
            format!("Address {} is in use.", eip.public_ip)
        );
        cloud
            .disassociate_address(DisassociateAddressInput {
                association_id: Some(assoc.association_id.clone()),
                public_ip: None,
                ..Default::default()
            })
            .unwrap();
        let fresh = cloud.public_ip_of(&id).unwrap();
        assert_ne!(fresh.to_string(), eip.public_ip);
        assert_ne!(fresh, auto);
        cloud
            .release_address(ReleaseAddressInput {
                allocation_id: Some(eip.allocation_id),
                public_ip: None,
                ..Default::default()
            })
            .unwrap();
        assert!(cloud.addresses().is_empty());
    }

    #[test]
    fn reassociation_needs_permission() {
        let mut cloud = Cloud::default();
        let a = launch(&mut cloud);
        let b = launch(&mut cloud);
        let eip = allocate(&mut cloud);
        let first = associate(&mut cloud, &eip.allocation_id, &a, false).unwrap();
        let err = associate(&mut cloud, &eip.allocation_id, &b, false).unwrap_err();
        assert_eq!(err.code(), "Resource.AlreadyAssociated");
        assert_eq!(
            err.message(),
            format!(
                "resource {} is already associated with associate-id {}",
                eip.allocation_id, first.association_id
            )
        );
        associate(&mut cloud, &eip.allocation_id, &b, true).unwrap();
        assert_eq!(cloud.public_ip_of(&b).unwrap().to_string(), eip.public_ip);
        assert!(
            cloud.public_ip_of(&a).is_some(),
            "a got a fresh auto-assigned address"
        );
        assert_ne!(cloud.public_ip_of(&a).unwrap().to_string(), eip.public_ip);
        let described = cloud
            .describe_addresses(DescribeAddressesInput::default())
            .unwrap();
        assert_eq!(
            described.addresses[0].instance_id.as_deref(),
            Some(b.as_str())
        );
    }

    #[test]
    fn not_found_errors() {
        let mut cloud = Cloud::default();
        let err = cloud
            .release_address(ReleaseAddressInput {
                allocation_id: Some("eipalloc-0123456789abcdef0".into()),
                public_ip: None,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidAllocationID.NotFound");
        let err = cloud
            .disassociate_address(DisassociateAddressInput {
                association_id: Some("eipassoc-0123456789abcdef0".into()),
                public_ip: None,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidAssociationID.NotFound");
        let eip = allocate(&mut cloud);
        let err =
            associate(&mut cloud, &eip.allocation_id, "i-0123456789abcdef0", false).unwrap_err();
        assert_eq!(err.code(), "InvalidInstanceID.NotFound");
    }

    #[test]
    fn public_ips_come_from_the_region() {
        let mut cloud = Cloud::default();
        let ip = cloud.allocate_public_ipv4();
        let inside = cloud
            .region()
            .public_ipv4_prefixes
            .iter()
            .any(|p| Ipv4Cidr::parse(p, true).unwrap().contains(ip));
        assert!(inside, "{ip}");
    }
}
