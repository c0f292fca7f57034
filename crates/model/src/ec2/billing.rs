//! What the account's resources cost per hour right now: running instances by
//! type, EBS storage, and public IPv4 addresses (every public IPv4 address,
//! attached or idle, costs $0.005 per hour since February 2024).

use super::instances::Instance;
use crate::catalog::{self, OsFamily, PUBLIC_IPV4_PRICE_PER_HOUR};
use crate::cloud::Cloud;
use crate::pricing;

pub use crate::billing::cost::{CostBreakdown, CostKind, CostLine, HOURS_PER_MONTH};

impl Cloud {
    /// EC2's lines of the hourly bill (its hook in [`crate::services`]). Instances
    /// cost while running; volumes cost while they exist; every public IPv4 address
    /// costs. Prices are Linux on-demand list prices scaled for the region; Windows
    /// and RHEL add their license per vCPU (approximate).
    pub(crate) fn ec2_cost_lines(&self, lines: &mut Vec<CostLine>) {
        let region = self.region();
        for i in &self.ec2.instances {
            if !i.is_billed() {
                continue;
            }
            let (usd_per_hour, label) = self.instance_price(i);
            lines.push(CostLine {
                kind: CostKind::Instance,
                resource_id: i.instance_id.clone(),
                description: format!("{} ({label})", i.instance_type),
                usd_per_hour,
            });
            if let Some(ip) = i.auto_public_ip {
                lines.push(CostLine {
                    kind: CostKind::PublicIpv4,
                    resource_id: i.instance_id.clone(),
                    description: ip.to_string(),
                    usd_per_hour: PUBLIC_IPV4_PRICE_PER_HOUR,
                });
            }
        }
        for v in &self.ec2.volumes {
            let per_month = pricing::ebs_per_gb_month(region.code, &v.volume_type);
            lines.push(CostLine {
                kind: CostKind::EbsVolume,
                resource_id: v.volume_id.clone(),
                description: format!("{} GiB {}", v.size_gib, v.volume_type),
                usd_per_hour: f64::from(v.size_gib) * per_month / HOURS_PER_MONTH,
            });
        }
        for s in &self.ec2.snapshots {
            let gib = s.stored_mib as f64 / 1024.0;
            lines.push(CostLine {
                kind: CostKind::Snapshot,
                resource_id: s.snapshot_id.clone(),
                description: format!("{gib:.2} GiB of {} GiB", s.volume_size),
                usd_per_hour: gib * pricing::SNAPSHOT_PRICE_PER_GB_MONTH / HOURS_PER_MONTH,
            });
        }
        let idle: Vec<String> = self
            .idle_addresses()
            .iter()
            .map(|a| a.allocation_id.clone())
            .collect();
        for a in &self.ec2.addresses {
            let is_idle = idle.contains(&a.allocation_id);
            lines.push(CostLine {
                kind: if is_idle {
                    CostKind::IdleElasticIp
                } else {
                    CostKind::ElasticIp
                },
                resource_id: a.allocation_id.clone(),
                description: a.public_ip.to_string(),
                usd_per_hour: PUBLIC_IPV4_PRICE_PER_HOUR,
            });
        }
        self.nat_gateway_cost_lines(lines);
    }
}

impl Cloud {
    /// What `instance` costs per hour while billed, and its platform's name: the
    /// Linux on-demand price for the region (see [`crate::pricing`]) plus the
    /// Windows or RHEL licence per vCPU (approximate).
    pub(crate) fn instance_price(&self, instance: &Instance) -> (f64, &'static str) {
        let info = catalog::instance_type(&instance.instance_type);
        let base = pricing::on_demand_linux(self.region().code, &instance.instance_type)
            .map_or(0.0, |p| p.usd_per_hour);
        let vcpus = info.as_ref().map(|t| t.vcpus).unwrap_or(1) as f64;
        let burstable = info.as_ref().is_some_and(|t| t.burstable);
        let (license, label) = match instance.os {
            OsFamily::WindowsServer2022 => {
                (vcpus * if burstable { 0.0046 } else { 0.046 }, "Windows")
            }
            OsFamily::Rhel9 => (vcpus * 0.0144, "Red Hat Enterprise Linux"),
            _ => (0.0, "Linux/UNIX"),
        };
        (base + license, label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Architecture;
    use crate::ec2::addresses::AllocateAddressInput;
    use crate::ec2::instances::RunInstancesInput;
    use std::time::Duration;

    #[test]
    fn running_instance_volume_and_idle_eip() {
        let mut cloud = Cloud::default();
        let empty = cloud.hourly_cost_breakdown().total_usd_per_hour;
        assert!(empty == 0.0 && empty.is_sign_positive(), "{empty}");
        let image_id = catalog::image_for(
            cloud.region().code,
            OsFamily::AmazonLinux2023,
            Architecture::X86_64,
        )
        .unwrap()
        .image_id;
        cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                ..Default::default()
            })
            .unwrap();
        // Pending: only the volume costs.
        let bill = cloud.hourly_cost_breakdown();
        assert_eq!(bill.lines.len(), 1);
        assert_eq!(bill.lines[0].kind, CostKind::EbsVolume);
        cloud.advance(Duration::from_secs(20));
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        let bill = cloud.hourly_cost_breakdown();
        let kinds: Vec<_> = bill.lines.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [
                CostKind::Instance,
                CostKind::PublicIpv4,
                CostKind::EbsVolume,
                CostKind::IdleElasticIp
            ]
        );
        let instance = bill.lines[0].usd_per_hour;
        assert!((instance - 0.0104 * 1.25).abs() < 1e-9, "{instance}");
        assert_eq!(bill.lines[0].description, "t3.micro (Linux/UNIX)");
        let sum: f64 = bill.lines.iter().map(|l| l.usd_per_hour).sum();
        assert!((bill.total_usd_per_hour - sum).abs() < 1e-12);
    }
}
