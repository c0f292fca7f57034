//! What S3 storage costs: every stored version, by storage class, per GB-month
//! (first 50 TB tier), billed by the hour like everything else here.

use super::Bucket;
use crate::billing::cost::{CostKind, CostLine};
use crate::cloud::Cloud;

/// Hours in AWS's billing month.
const HOURS_PER_MONTH: f64 = 730.0;

/// USD per GB-month of a storage class in a region (us-east-1's list prices;
/// Seoul's as published for ap-northeast-2; other regions are priced as Seoul).
pub fn price_per_gb_month(region: &str, class: &str) -> f64 {
    let us_east_1 = region == "us-east-1";
    match (class, us_east_1) {
        ("STANDARD" | "INTELLIGENT_TIERING" | "REDUCED_REDUNDANCY", true) => 0.023,
        ("STANDARD" | "INTELLIGENT_TIERING" | "REDUCED_REDUNDANCY", false) => 0.025,
        ("STANDARD_IA", true) => 0.0125,
        ("STANDARD_IA", false) => 0.0138,
        ("ONEZONE_IA", true) => 0.01,
        ("ONEZONE_IA", false) => 0.011,
        ("GLACIER_IR", true) => 0.004,
        ("GLACIER_IR", false) => 0.005,
        ("GLACIER", true) => 0.0036,
        ("GLACIER", false) => 0.0045,
        ("DEEP_ARCHIVE", true) => 0.00099,
        ("DEEP_ARCHIVE", false) => 0.002,
        (_, _) => 0.025,
    }
}

/// `1.2 KB`, `350 B`: a size for a bill line.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} KB", b as f64 / 1e3),
        b => format!("{b} B"),
    }
}

impl Bucket {
    /// The bucket's bill lines: one per storage class it holds.
    fn cost_lines(&self, lines: &mut Vec<CostLine>) {
        for (class, bytes) in self.stored_bytes() {
            let gb = bytes as f64 / 1e9;
            lines.push(CostLine {
                kind: CostKind::S3Storage,
                resource_id: self.name.clone(),
                description: format!("{} {class} ({})", human_size(bytes), self.region),
                usd_per_hour: gb * price_per_gb_month(&self.region, &class) / HOURS_PER_MONTH,
            });
        }
    }
}

impl Cloud {
    /// S3's lines of the hourly bill.
    pub(crate) fn s3_cost_lines(&self, lines: &mut Vec<CostLine>) {
        for bucket in &self.s3.buckets {
            bucket.cost_lines(lines);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::objects::PutObjectInput;
    use crate::s3::test_bucket::lab_with_bucket;

    #[test]
    fn every_stored_byte_is_on_the_bill_at_its_class_s_price() {
        let mut cloud = lab_with_bucket("lab-bill");
        cloud
            .put_object(PutObjectInput {
                bucket: "lab-bill".into(),
                key: "big.bin".into(),
                body: Some("x".repeat(2_000_000)),
                ..Default::default()
            })
            .unwrap();
        let lines: Vec<CostLine> = cloud
            .hourly_cost_breakdown()
            .lines
            .into_iter()
            .filter(|l| l.kind == CostKind::S3Storage)
            .collect();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].description, "2.0 MB STANDARD (ap-northeast-2)");
        let expected = 0.002 * 0.025 / 730.0;
        assert!((lines[0].usd_per_hour - expected).abs() < 1e-12);
    }
}
