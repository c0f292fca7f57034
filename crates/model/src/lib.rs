//! The simulated AWS account.
//!
//! One [`Cloud`] value is one AWS account in one region. It does no I/O, reads no
//! clock and no entropy: [`Cloud::new`] with the same [`CloudConfig`] followed by
//! the same calls gives the same state, byte for byte. Time only moves when the
//! caller calls [`Cloud::advance`].
//!
//! Operations are methods on `Cloud` named after the AWS operation in snake case
//! (`run_instances`, `authorize_security_group_ingress`). They take an input
//! struct and return `Result<Output, Ec2Error>`. Inputs and outputs serialize with
//! AWS's PascalCase member names, so a terminal can print outputs as the AWS CLI
//! does. Every operation, successful or not, is appended to [`Cloud::api_log`].

#![warn(missing_docs)]

pub mod api_log;
pub mod apigateway;
pub mod auth;
pub mod autoscaling;
pub mod aws_error;
pub mod billing;
pub mod catalog;
pub mod clock;
pub mod cloudfront;
pub mod cloudwatch;
pub mod dax;
pub mod digest;
pub mod dynamodb;
pub mod ec2;
pub mod elasticache;
pub mod elbv2;
pub mod iam;
pub mod lambda;
pub mod latency;
pub mod logs;
pub mod pricing;
pub mod rds;
pub mod rng;
pub mod route53;
pub mod s3;
pub mod services;
pub mod sns;
pub mod ssh_keys;
pub mod ssm;
pub mod sts;

mod cloud;

pub use api_log::ApiCall;
pub use auth::{AccessDenied, AuthFailure, Caller, CallerIdentity, Credentials};
pub use autoscaling::errors::AutoScalingError;
pub use aws_error::AwsError;
pub use catalog::{Architecture, OsFamily, PackageManager};
pub use clock::{SimTime, Timestamp};
pub use cloud::{Cloud, CloudConfig};
pub use cloudwatch::errors::CloudWatchError;
pub use ec2::errors::Ec2Error;
pub use elbv2::errors::ElbError;
pub use iam::errors::IamError;
pub use rng::SimRng;
pub use s3::S3Error;
pub use ssm::SsmError;
pub use sts::StsError;
