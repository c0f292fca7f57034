//! The AWS Free Tier, as data (dated [`FREE_TIER_AS_OF`]).
//!
//! Accounts created on or after 2025-07-15 choose a **Free plan** (credits,
//! six months) or a Paid plan; accounts created before keep the **legacy
//! 12-month free tier**. Simulated accounts are created on 2026-01-05, so
//! they are on the new plans. Figures are AWS's published ones, simplified
//! to what the course discusses.

/// When these tables were checked.
pub const FREE_TIER_AS_OF: &str = "2026-01";

/// The day the new Free plan replaced the 12-month free tier for new accounts.
pub const FREE_PLAN_START: &str = "2025-07-15";

/// One free tier offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FreeTierOffer {
    /// The service.
    pub service: &'static str,
    /// What is free.
    pub allowance: &'static str,
}

/// The Free plan (accounts created on or after 2025-07-15).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FreePlan {
    /// Credits at sign-up, in USD.
    pub signup_credits_usd: u32,
    /// Further credits for completing getting-started activities, in USD.
    pub activity_credits_usd: u32,
    /// How long the Free plan lasts, in months (or until the credits run out).
    pub months: u32,
    /// The activities that earn credits.
    pub activities: &'static [&'static str],
    /// EC2 instance types the Free plan lets you run.
    pub ec2_instance_types: &'static [&'static str],
}

/// The Free plan as AWS describes it.
pub const FREE_PLAN: FreePlan = FreePlan {
    signup_credits_usd: 100,
    activity_credits_usd: 100,
    months: 6,
    activities: &[
        "Launch an EC2 instance",
        "Set up a cost budget in AWS Budgets",
        "Use a foundation model in the Amazon Bedrock playground",
        "Create a web app with AWS Lambda",
        "Create an Amazon RDS database",
    ],
    ec2_instance_types: &[
        "t3.micro",
        "t3.small",
        "t4g.micro",
        "t4g.small",
        "c7i-flex.large",
        "m7i-flex.large",
    ],
};

/// The legacy 12-month free tier (accounts created before 2025-07-15), per month.
pub static LEGACY_12_MONTH: &[FreeTierOffer] = &[
    FreeTierOffer {
        service: "Amazon EC2",
        allowance: "750 hours of t2.micro (t3.micro where t2 is not offered) Linux and Windows",
    },
    FreeTierOffer {
        service: "Amazon EBS",
        allowance: "30 GB of General Purpose (SSD) or Magnetic storage, 1 GB of snapshots",
    },
    FreeTierOffer {
        service: "Public IPv4",
        allowance: "750 hours of public IPv4 address use (since 2024-02-01)",
    },
    FreeTierOffer {
        service: "Amazon S3",
        allowance: "5 GB Standard storage, 20,000 GET and 2,000 PUT requests",
    },
    FreeTierOffer {
        service: "Amazon RDS",
        allowance: "750 hours of db.t2/t3/t4g.micro Single-AZ, 20 GB storage",
    },
];

/// Always-free offers (every account, no time limit), per month.
pub static ALWAYS_FREE: &[FreeTierOffer] = &[
    FreeTierOffer {
        service: "AWS Lambda",
        allowance: "1 million requests and 400,000 GB-seconds",
    },
    FreeTierOffer {
        service: "Amazon DynamoDB",
        allowance: "25 GB of storage",
    },
    FreeTierOffer {
        service: "Amazon CloudFront",
        allowance: "1 TB of data transfer out, 10 million requests",
    },
    FreeTierOffer {
        service: "Data transfer out",
        allowance: "100 GB to the internet, aggregated across services",
    },
    FreeTierOffer {
        service: "AWS Budgets",
        allowance: "Budgets and alerts at no charge (actions-enabled budgets beyond two cost $0.10/day)",
    },
];

/// Whether an account created on `date` (`YYYY-MM-DD`) gets the new Free
/// plan rather than the legacy 12-month free tier.
pub fn gets_free_plan(date: &str) -> bool {
    date >= FREE_PLAN_START
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_by_creation_date() {
        assert!(gets_free_plan("2026-01-05"));
        assert!(!gets_free_plan("2025-07-14"));
        assert_eq!(
            FREE_PLAN.signup_credits_usd + FREE_PLAN.activity_credits_usd,
            200
        );
        assert!(FREE_PLAN.ec2_instance_types.contains(&"t3.micro"));
        assert!(
            LEGACY_12_MONTH
                .iter()
                .any(|o| o.allowance.starts_with("750 hours of t2.micro"))
        );
        assert!(!ALWAYS_FREE.is_empty());
    }
}
