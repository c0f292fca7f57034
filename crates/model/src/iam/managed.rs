//! The AWS managed policies the course uses, with their documents.
//!
//! Documents follow AWS's published ones. `ReadOnlyAccess` and
//! `job-function/Billing` are **simplified** (AWS's run to thousands of
//! actions across every service; these keep the services this simulation
//! and the course touch, in AWS's style). Version ids and dates are as AWS
//! shows them to the best of our knowledge as of [`CATALOG_AS_OF`]; they are
//! illustrative, not authoritative. `AdministratorAccess`'s policy id is
//! AWS's; the other ids are placeholders in AWS's `ANPA...` format.

use crate::clock::UnixTime;

/// When this catalogue was checked.
pub const CATALOG_AS_OF: &str = "2026-01";

/// `arn:aws:iam::aws:policy/AdministratorAccess`.
pub const ADMINISTRATOR_ACCESS_ARN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// One AWS managed policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AwsManagedPolicy {
    /// The name, e.g. `AdministratorAccess`.
    pub name: &'static str,
    /// The path, `/` or `/job-function/`.
    pub path: &'static str,
    /// `ANPA...`.
    pub policy_id: &'static str,
    /// AWS's description.
    pub description: &'static str,
    /// The default version id.
    pub default_version_id: &'static str,
    /// When AWS created it.
    pub create_date: UnixTime,
    /// When its default version was published.
    pub update_date: UnixTime,
    /// The default version's document.
    pub document: &'static str,
    /// Whether the document is a simplified version of AWS's.
    pub simplified: bool,
}

impl AwsManagedPolicy {
    /// `arn:aws:iam::aws:policy<path><name>`.
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::aws:policy{}{}", self.path, self.name)
    }
}

const FEB_6_2015: UnixTime = UnixTime::utc(2015, 2, 6, 18, 39, 46);

/// Every AWS managed policy the simulation knows.
pub static AWS_MANAGED_POLICIES: &[AwsManagedPolicy] = &[
    AwsManagedPolicy {
        name: "AdministratorAccess",
        path: "/",
        policy_id: "ANPAIWMBCKSKIEE64ZLYK",
        description: "Provides full access to AWS services and resources.",
        default_version_id: "v1",
        create_date: FEB_6_2015,
        update_date: FEB_6_2015,
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "*",
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "PowerUserAccess",
        path: "/",
        policy_id: "ANPAJYRXTHIB4FOVS3ZXS",
        description: "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
        default_version_id: "v5",
        create_date: FEB_6_2015,
        update_date: UnixTime::utc(2023, 7, 6, 22, 4, 19),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "NotAction": [
                "iam:*",
                "organizations:*",
                "account:*"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "account:GetAccountInformation",
                "account:GetPrimaryEmail",
                "account:ListRegions",
                "iam:CreateServiceLinkedRole",
                "iam:DeleteServiceLinkedRole",
                "iam:ListRoles",
                "organizations:DescribeOrganization"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "ReadOnlyAccess",
        path: "/",
        policy_id: "ANPAILL3HVNFSB6DCOWYQ",
        description: "Provides read-only access to AWS services and resources.",
        default_version_id: "v120",
        create_date: FEB_6_2015,
        update_date: UnixTime::utc(2025, 11, 20, 17, 42, 10),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadOnlyActions",
            "Effect": "Allow",
            "Action": [
                "account:Get*",
                "account:List*",
                "autoscaling:Describe*",
                "budgets:Describe*",
                "budgets:View*",
                "ce:Describe*",
                "ce:Get*",
                "ce:List*",
                "cloudfront:Describe*",
                "cloudfront:Get*",
                "cloudfront:List*",
                "cloudtrail:Describe*",
                "cloudtrail:Get*",
                "cloudtrail:List*",
                "cloudtrail:LookupEvents",
                "cloudwatch:Describe*",
                "cloudwatch:Get*",
                "cloudwatch:List*",
                "dynamodb:BatchGet*",
                "dynamodb:Describe*",
                "dynamodb:Get*",
                "dynamodb:List*",
                "dynamodb:Query",
                "dynamodb:Scan",
                "ec2:Describe*",
                "ec2:Get*",
                "elasticloadbalancing:Describe*",
                "freetier:Get*",
                "iam:Generate*",
                "iam:Get*",
                "iam:List*",
                "iam:Simulate*",
                "lambda:Get*",
                "lambda:List*",
                "rds:Describe*",
                "rds:List*",
                "route53:Get*",
                "route53:List*",
                "s3:Describe*",
                "s3:Get*",
                "s3:List*",
                "sns:Get*",
                "sns:List*",
                "sqs:Get*",
                "sqs:List*"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: true,
    },
    AwsManagedPolicy {
        name: "IAMFullAccess",
        path: "/",
        policy_id: "ANPAI7XKCFMBPM3QQRRVQ",
        description: "Provides full access to IAM via the AWS Management Console.",
        default_version_id: "v2",
        create_date: FEB_6_2015,
        update_date: UnixTime::utc(2019, 6, 21, 19, 40, 0),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "iam:*",
                "organizations:DescribeAccount",
                "organizations:DescribeOrganization",
                "organizations:DescribeOrganizationalUnit",
                "organizations:DescribePolicy",
                "organizations:ListChildren",
                "organizations:ListParents",
                "organizations:ListPoliciesForTarget",
                "organizations:ListRoots",
                "organizations:ListPolicies",
                "organizations:ListTargetsForPolicy"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "IAMReadOnlyAccess",
        path: "/",
        policy_id: "ANPAJKSO7NDY4T57MWDSQ",
        description: "Provides read only access to IAM via the AWS Management Console.",
        default_version_id: "v4",
        create_date: FEB_6_2015,
        update_date: UnixTime::utc(2018, 1, 25, 19, 11, 27),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "iam:GenerateCredentialReport",
                "iam:GenerateServiceLastAccessedDetails",
                "iam:Get*",
                "iam:List*",
                "iam:SimulateCustomPolicy",
                "iam:SimulatePrincipalPolicy"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "IAMUserChangePassword",
        path: "/",
        policy_id: "ANPAJ4L4MM2A7QIEB56MS",
        description: "Provides the ability for an IAM user to change their own password.",
        default_version_id: "v2",
        create_date: UnixTime::utc(2016, 11, 15, 0, 25, 16),
        update_date: UnixTime::utc(2016, 11, 15, 23, 18, 55),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "iam:ChangePassword"
            ],
            "Resource": [
                "arn:aws:iam::*:user/${aws:username}"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "iam:GetAccountPasswordPolicy"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "AmazonEC2FullAccess",
        path: "/",
        policy_id: "ANPAI3VAJF5ZCRZ7MCQE6",
        description: "Provides full access to Amazon EC2 via the AWS Management Console.",
        default_version_id: "v5",
        create_date: FEB_6_2015,
        update_date: UnixTime::utc(2018, 11, 27, 2, 16, 56),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": "ec2:*",
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "elasticloadbalancing:*",
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "cloudwatch:*",
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "autoscaling:*",
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "iam:CreateServiceLinkedRole",
            "Resource": "*",
            "Condition": {
                "StringEquals": {
                    "iam:AWSServiceName": [
                        "autoscaling.amazonaws.com",
                        "ec2scheduled.amazonaws.com",
                        "elasticloadbalancing.amazonaws.com",
                        "spot.amazonaws.com",
                        "spotfleet.amazonaws.com",
                        "transitgateway.amazonaws.com"
                    ]
                }
            }
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "AmazonEC2ReadOnlyAccess",
        path: "/",
        policy_id: "ANPAIGDT4SV4GSETWTBZK",
        description: "Provides read only access to Amazon EC2 via the AWS Management Console.",
        default_version_id: "v3",
        create_date: FEB_6_2015,
        update_date: UnixTime::utc(2021, 11, 23, 17, 42, 8),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "ec2:Describe*",
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "elasticloadbalancing:Describe*",
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "cloudwatch:ListMetrics",
                "cloudwatch:GetMetricStatistics",
                "cloudwatch:Describe*"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "autoscaling:Describe*",
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "AmazonS3FullAccess",
        path: "/",
        policy_id: "ANPAIFIR6V6BVTRAHWINE",
        description: "Provides full access to all buckets via the AWS Management Console.",
        default_version_id: "v2",
        create_date: FEB_6_2015,
        update_date: UnixTime::utc(2021, 9, 27, 20, 16, 37),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:*",
                "s3-object-lambda:*"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "AmazonS3ReadOnlyAccess",
        path: "/",
        policy_id: "ANPAIZTJ4DXE7G6AGAE6M",
        description: "Provides read only access to all buckets via the AWS Management Console.",
        default_version_id: "v3",
        create_date: FEB_6_2015,
        update_date: UnixTime::utc(2023, 8, 10, 21, 31, 39),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:Get*",
                "s3:List*",
                "s3:Describe*",
                "s3-object-lambda:Get*",
                "s3-object-lambda:List*"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "AWSLambdaBasicExecutionRole",
        path: "/service-role/",
        policy_id: "ANPAJNCQGXC42545SKXIK",
        description: "Provides write permissions to CloudWatch Logs.",
        default_version_id: "v1",
        create_date: UnixTime::utc(2015, 4, 9, 15, 3, 43),
        update_date: UnixTime::utc(2015, 4, 9, 15, 3, 43),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: false,
    },
    AwsManagedPolicy {
        name: "Billing",
        path: "/job-function/",
        policy_id: "ANPAIFTHXT6FFMIRT7ZEA",
        description: "Grants permissions for billing and cost management. This includes viewing account usage and viewing and modifying budgets and payment methods.",
        default_version_id: "v10",
        create_date: UnixTime::utc(2016, 11, 10, 17, 33, 18),
        update_date: UnixTime::utc(2024, 1, 17, 19, 50, 27),
        document: r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "BillingAndCostManagement",
            "Effect": "Allow",
            "Action": [
                "account:GetAccountInformation",
                "aws-portal:*Billing",
                "aws-portal:*PaymentMethods",
                "aws-portal:*Usage",
                "billing:*",
                "budgets:ModifyBudget",
                "budgets:ViewBudget",
                "ce:*",
                "consolidatedbilling:*",
                "cur:*",
                "freetier:*",
                "invoicing:*",
                "payments:*",
                "pricing:*",
                "tax:*"
            ],
            "Resource": "*"
        }
    ]
}"#,
        simplified: true,
    },
];

/// The AWS managed policy with this ARN.
pub fn aws_managed_policy(arn: &str) -> Option<&'static AwsManagedPolicy> {
    AWS_MANAGED_POLICIES.iter().find(|p| p.arn() == arn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::policy::{DocumentKind, PolicyDocument};

    #[test]
    fn every_managed_policy_is_valid_and_unique() {
        for (i, p) in AWS_MANAGED_POLICIES.iter().enumerate() {
            PolicyDocument::parse(p.document, DocumentKind::Managed)
                .unwrap_or_else(|e| panic!("{}: {e}", p.name));
            assert!(
                p.policy_id.starts_with("ANPA") && p.policy_id.len() == 21,
                "{}",
                p.name
            );
            assert!(p.update_date >= p.create_date, "{}", p.name);
            assert!(
                AWS_MANAGED_POLICIES
                    .iter()
                    .skip(i + 1)
                    .all(|o| o.name != p.name && o.policy_id != p.policy_id)
            );
        }
        assert_eq!(
            aws_managed_policy(ADMINISTRATOR_ACCESS_ARN).unwrap().name,
            "AdministratorAccess"
        );
        assert_eq!(
            aws_managed_policy("arn:aws:iam::aws:policy/job-function/Billing")
                .unwrap()
                .path,
            "/job-function/"
        );
        assert!(aws_managed_policy("arn:aws:iam::aws:policy/Billing").is_none());
    }
}
