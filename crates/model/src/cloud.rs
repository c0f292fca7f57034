//! `Cloud`: one simulated AWS account in one region, its clock and its generator.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::api_log::ApiCall;
use crate::auth::{Caller, Principal, ServiceError};
use crate::billing::BillingState;
use crate::catalog::{self, Region};
use crate::clock::SimTime;
use crate::ec2::Ec2State;
use crate::ec2::errors::Ec2Error;
use crate::iam::IamState;
use crate::iam::evaluate::Context;
use crate::rng::SimRng;

/// How a new account is set up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudConfig {
    /// Seed of every id, address and key the account hands out.
    pub seed: u64,
    /// The region, e.g. `ap-northeast-2`.
    pub region: String,
    /// The 12-digit account id.
    pub account_id: String,
    /// The learner's own public IPv4 address (what "My IP" means).
    pub learner_ip: Ipv4Addr,
}

impl Default for CloudConfig {
    fn default() -> Self {
        CloudConfig {
            seed: 1,
            region: "ap-northeast-2".to_string(),
            account_id: "123456789012".to_string(),
            learner_ip: Ipv4Addr::new(203, 0, 113, 25),
        }
    }
}

/// One AWS account in one region: its resources, clock, generator and API log.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(from = "SavedCloud")]
pub struct Cloud {
    pub(crate) config: CloudConfig,
    pub(crate) now: SimTime,
    pub(crate) rng: SimRng,
    pub(crate) learner_user_id: String,
    pub(crate) api_log: Vec<ApiCall>,
    pub(crate) ec2: Ec2State,
    pub(crate) iam: IamState,
    pub(crate) billing: BillingState,
    /// Who calls (`None`: the default CLI identity).
    pub(crate) caller: Option<Caller>,
    /// The id generators of services added after EC2 and IAM, by service name (see
    /// [`Cloud::service_rng`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) service_rngs: BTreeMap<String, SimRng>,
    /// The account's other regions the learner has created something in (an
    /// image copied there, an instance launched there), by region code. They
    /// share this account's clock; see [`Cloud::region_mut`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) other_regions: BTreeMap<String, Cloud>,
    /// CloudWatch (absent in saves from before chapter 8).
    #[serde(default)]
    pub(crate) cloudwatch: crate::cloudwatch::CloudWatchState,
    /// Elastic Load Balancing (absent in saves from before chapter 8).
    #[serde(default)]
    pub(crate) elbv2: crate::elbv2::ElbState,
    /// Auto Scaling (absent in saves from before chapter 8).
    #[serde(default)]
    pub(crate) autoscaling: crate::autoscaling::AutoScalingState,
    /// Amazon S3 (absent in saves from before chapter 10).
    #[serde(default)]
    pub(crate) s3: crate::s3::S3State,
    /// Amazon CloudFront (absent in saves from before chapter 11).
    #[serde(default)]
    pub(crate) cloudfront: crate::cloudfront::CloudFrontState,
    /// Amazon RDS (absent in saves from before chapter 12).
    #[serde(default)]
    pub(crate) rds: crate::rds::RdsState,
    /// Amazon DynamoDB (absent in saves from before chapter 13).
    #[serde(default)]
    pub(crate) dynamodb: crate::dynamodb::DynamoDbState,
    /// Amazon ElastiCache (absent in saves from before chapter 13).
    #[serde(default)]
    pub(crate) elasticache: crate::elasticache::ElastiCacheState,
    /// DynamoDB Accelerator (absent in saves from before chapter 13).
    #[serde(default)]
    pub(crate) dax: crate::dax::DaxState,
    /// CloudWatch Logs (absent in saves from before chapter 14).
    #[serde(default)]
    pub(crate) logs: crate::logs::LogsState,
    /// AWS Lambda (absent in saves from before chapter 14).
    #[serde(default)]
    pub(crate) lambda: crate::lambda::LambdaState,
    /// Amazon API Gateway (absent in saves from before chapter 14).
    #[serde(default)]
    pub(crate) apigateway: crate::apigateway::ApiGatewayState,
    /// Amazon SNS (absent in saves from before chapter 15).
    #[serde(default)]
    pub(crate) sns: crate::sns::SnsState,
    /// Amazon Route 53 (absent in saves from before chapter 15; global: only the
    /// account's own region's is used).
    #[serde(default)]
    pub(crate) route53: crate::route53::Route53State,
    /// The principal of the request being served; only set inside an operation.
    #[serde(skip)]
    pub(crate) request: Option<Principal>,
}

/// A saved account as read back: accounts saved before IAM existed get the
/// IAM state of a new account.
#[derive(Deserialize)]
struct SavedCloud {
    config: CloudConfig,
    now: SimTime,
    rng: SimRng,
    learner_user_id: String,
    api_log: Vec<ApiCall>,
    ec2: Ec2State,
    #[serde(default)]
    iam: Option<IamState>,
    #[serde(default)]
    billing: BillingState,
    #[serde(default)]
    caller: Option<Caller>,
    #[serde(default)]
    service_rngs: BTreeMap<String, SimRng>,
    #[serde(default)]
    other_regions: BTreeMap<String, Cloud>,
    #[serde(default)]
    cloudwatch: crate::cloudwatch::CloudWatchState,
    #[serde(default)]
    elbv2: crate::elbv2::ElbState,
    #[serde(default)]
    autoscaling: crate::autoscaling::AutoScalingState,
    #[serde(default)]
    s3: crate::s3::S3State,
    #[serde(default)]
    cloudfront: crate::cloudfront::CloudFrontState,
    #[serde(default)]
    rds: crate::rds::RdsState,
    #[serde(default)]
    dynamodb: crate::dynamodb::DynamoDbState,
    #[serde(default)]
    elasticache: crate::elasticache::ElastiCacheState,
    #[serde(default)]
    dax: crate::dax::DaxState,
    #[serde(default)]
    logs: crate::logs::LogsState,
    #[serde(default)]
    lambda: crate::lambda::LambdaState,
    #[serde(default)]
    apigateway: crate::apigateway::ApiGatewayState,
    #[serde(default)]
    sns: crate::sns::SnsState,
    #[serde(default)]
    route53: crate::route53::Route53State,
}

impl From<SavedCloud> for Cloud {
    fn from(s: SavedCloud) -> Cloud {
        let iam = s
            .iam
            .unwrap_or_else(|| IamState::new_account(s.config.seed, &s.learner_user_id));
        Cloud {
            config: s.config,
            now: s.now,
            rng: s.rng,
            learner_user_id: s.learner_user_id,
            api_log: s.api_log,
            ec2: s.ec2,
            iam,
            billing: s.billing,
            caller: s.caller,
            service_rngs: s.service_rngs,
            other_regions: s.other_regions,
            cloudwatch: s.cloudwatch,
            elbv2: s.elbv2,
            autoscaling: s.autoscaling,
            s3: s.s3,
            cloudfront: s.cloudfront,
            rds: s.rds,
            dynamodb: s.dynamodb,
            elasticache: s.elasticache,
            dax: s.dax,
            logs: s.logs,
            lambda: s.lambda,
            apigateway: s.apigateway,
            sns: s.sns,
            route53: s.route53,
            request: None,
        }
    }
}

impl Default for Cloud {
    fn default() -> Self {
        Cloud::build(CloudConfig::default(), &catalog::AP_NORTHEAST_2)
    }
}

impl Cloud {
    /// A new account as `config` describes: a default VPC with one default subnet
    /// per Availability Zone, an internet gateway, the main route table, the
    /// default network ACL and the default security group.
    ///
    /// Fails with `InvalidParameterValue` for a region AWS does not have, or an
    /// account id that is not 12 digits.
    pub fn new(config: CloudConfig) -> Result<Cloud, Ec2Error> {
        let region = catalog::region(&config.region).ok_or_else(|| {
            Ec2Error::invalid_value(format!(
                "Invalid region '{}'. Valid regions: {}",
                config.region,
                catalog::REGIONS
                    .iter()
                    .map(|r| r.code)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        if config.account_id.len() != 12 || !config.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Ec2Error::invalid_value(format!(
                "Invalid account id '{}': an AWS account id is 12 digits.",
                config.account_id
            )));
        }
        Ok(Cloud::build(config, region))
    }

    fn build(config: CloudConfig, region: &'static Region) -> Cloud {
        let mut rng = SimRng::new(config.seed);
        let learner_user_id = iam_unique_id("AIDA", &mut rng);
        let iam = IamState::new_account(config.seed, &learner_user_id);
        let mut cloud = Cloud {
            config,
            now: SimTime::ZERO,
            rng,
            learner_user_id,
            api_log: Vec::new(),
            ec2: Ec2State::default(),
            iam,
            billing: BillingState::default(),
            caller: None,
            service_rngs: BTreeMap::new(),
            other_regions: BTreeMap::new(),
            cloudwatch: Default::default(),
            elbv2: Default::default(),
            autoscaling: Default::default(),
            s3: Default::default(),
            cloudfront: Default::default(),
            rds: Default::default(),
            dynamodb: Default::default(),
            elasticache: Default::default(),
            dax: Default::default(),
            logs: Default::default(),
            lambda: Default::default(),
            apigateway: Default::default(),
            sns: Default::default(),
            route53: Default::default(),
            request: None,
        };
        cloud.create_default_vpc(region);
        cloud
    }

    /// The same account in another region, if anything was created there.
    pub fn other_region(&self, code: &str) -> Option<&Cloud> {
        self.other_regions.get(code)
    }

    /// The account's other regions in use, by code.
    pub fn other_regions(&self) -> &BTreeMap<String, Cloud> {
        &self.other_regions
    }

    /// The same account in region `code`, created (a fresh default VPC, its own
    /// seeded ids, this account's clock) the first time something is written
    /// there. `code` must be another region AWS has.
    pub fn region_mut(&mut self, code: &str) -> Result<&mut Cloud, Ec2Error> {
        if code == self.config.region {
            return Err(Ec2Error::invalid_value(format!(
                "{code} is this account's own region"
            )));
        }
        if !self.other_regions.contains_key(code) {
            let other = self.fresh_region(code)?;
            self.other_regions.insert(code.to_string(), other);
        }
        self.other_regions
            .get_mut(code)
            .ok_or_else(|| Ec2Error::invalid_value(format!("no region {code}")))
    }

    /// The account's region `code` as it is before anything is made there (what a
    /// read sent there sees, and what [`Cloud::region_mut`] starts from): its own
    /// seeded ids and default VPC, at the account's time.
    pub fn fresh_region(&self, code: &str) -> Result<Cloud, Ec2Error> {
        let config = CloudConfig {
            seed: crate::services::salted_seed(self.config.seed, code),
            region: code.to_string(),
            ..self.config.clone()
        };
        let mut other = Cloud::new(config)?;
        other.advance(self.now.since(SimTime::ZERO));
        Ok(other)
    }

    /// Forgets region `code` if the call that created it failed, so a refused
    /// call leaves nothing behind.
    pub fn discard_region(&mut self, code: &str) {
        self.other_regions.remove(code);
    }

    /// The configuration the account was created with.
    pub fn config(&self) -> &CloudConfig {
        &self.config
    }

    /// The account's region (falls back to Seoul if a saved file names an unknown one).
    pub fn region(&self) -> &'static Region {
        catalog::region(&self.config.region).unwrap_or(&catalog::AP_NORTHEAST_2)
    }

    /// The region code, e.g. `ap-northeast-2`.
    pub fn region_name(&self) -> &'static str {
        self.region().code
    }

    /// The account id.
    pub fn account_id(&self) -> &str {
        &self.config.account_id
    }

    /// The learner's own public IP (for "My IP" and `/32` rules).
    pub fn learner_ip(&self) -> Ipv4Addr {
        self.config.learner_ip
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Moves the clock forward by `by`, applying every state transition that falls
    /// due on the way, in time order, and accruing what resources cost meanwhile
    /// (budgets alert when a threshold is crossed) (instances finishing `pending`, `stopping`,
    /// `shutting-down`, and terminated instances disappearing after an hour).
    pub fn advance(&mut self, by: Duration) {
        let target = self.now.plus(by);
        while let Some(due) = self.next_transition_at() {
            if due > target {
                break;
            }
            if due > self.now {
                self.accrue_until(due);
            }
            self.apply_due_transitions();
        }
        self.accrue_until(target);
        if let Some(east) = self
            .other_regions
            .get_mut(crate::cloudwatch::billing::BILLING_REGION)
        {
            east.billing.account_charge_samples = self.billing.charge_samples.clone();
        }
        for other in self.other_regions.values_mut() {
            let behind = target.since(other.now);
            other.advance(behind);
        }
    }

    /// How long until the next scheduled state transition, if any (what
    /// `aws ec2 wait` sleeps on). Zero if one is already due.
    pub fn next_transition_in(&self) -> Option<Duration> {
        self.next_transition_anywhere().map(|t| t.since(self.now))
    }

    /// Every API call received so far, oldest first.
    pub fn api_log(&self) -> &[ApiCall] {
        &self.api_log
    }

    /// Appends one call to the API log.
    pub(crate) fn record_call(
        &mut self,
        service: &str,
        operation: &str,
        error_code: Option<&str>,
        principal: Option<&Principal>,
    ) {
        self.api_log.push(ApiCall {
            at: self.now,
            service: service.to_string(),
            operation: operation.to_string(),
            error_code: error_code.map(str::to_string),
            caller_arn: principal.map(|p| p.arn.clone()),
            access_key_id: principal.and_then(|p| p.access_key_id.clone()),
        });
    }

    /// Runs one operation of `service` as the current caller: authenticates
    /// it (the key's last use is noted), asks `authz` which action, resource
    /// and extra context to check (`None`: nothing beyond authentication),
    /// runs `body` with the principal available, and logs the call.
    pub(crate) fn service_call<T, E: ServiceError>(
        &mut self,
        service: &str,
        operation: &str,
        authz: impl FnOnce(&Cloud, &Principal) -> Option<(String, String, Context)>,
        body: impl FnOnce(&mut Cloud) -> Result<T, E>,
    ) -> Result<T, E> {
        let principal = match self.current_principal() {
            Ok(p) => p,
            Err(failure) => {
                let err = E::from_auth_failure(failure);
                self.record_call(service, operation, Some(err.error_code()), None);
                return Err(err);
            }
        };
        if let Some(key) = &principal.access_key_id {
            self.note_access_key_use(key, service);
        }
        if let Some((action, resource, context)) = authz(self, &principal)
            && let Err(denied) = self.authorize_principal(&principal, &action, &resource, &context)
        {
            let err = E::from_access_denied(denied);
            self.record_call(service, operation, Some(err.error_code()), Some(&principal));
            return Err(err);
        }
        let previous = self.request.replace(principal.clone());
        let result = body(self);
        self.request = previous;
        let code = result.as_ref().err().map(|e| e.error_code());
        self.record_call(service, operation, code, Some(&principal));
        result
    }

    /// Checks one more action/resource for the request being served (for
    /// operations that touch several resources, like `RunInstances`).
    pub(crate) fn authorize_in_request(
        &self,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Result<(), crate::auth::AccessDenied> {
        match self.request_principal() {
            Some(p) => self.authorize_principal(p, action, resource, context),
            None => Ok(()),
        }
    }

    /// Runs an EC2 operation that has a `DryRun` flag: the caller must be
    /// allowed `ec2:<operation>` on the operation's resource type
    /// ([`Cloud::ec2_resource_arn`]); with the flag set, the operation then
    /// runs on a scratch copy and, if it would have succeeded, fails with
    /// `DryRunOperation`, leaving the account unchanged (but logged).
    pub(crate) fn ec2_call_dry<T>(
        &mut self,
        operation: &str,
        dry_run: bool,
        body: impl FnOnce(&mut Cloud) -> Result<T, Ec2Error>,
    ) -> Result<T, Ec2Error> {
        let authz = |c: &Cloud, _: &Principal| {
            c.ec2_resource_arn(operation)
                .map(|arn| (format!("ec2:{operation}"), arn, Context::new()))
        };
        if !dry_run {
            return self.service_call("ec2", operation, authz, body);
        }
        self.service_call("ec2", operation, authz, |c| {
            let mut scratch = c.clone();
            body(&mut scratch).and(Err(Ec2Error::DryRunOperation))
        })
    }

    /// A fresh resource id such as `i-0123456789abcdef0`.
    pub(crate) fn new_id(&mut self, prefix: &str) -> String {
        self.rng.resource_id(prefix)
    }
}

/// An IAM-style unique id: a 4-letter prefix and 17 characters of `[A-Z0-9]`.
fn iam_unique_id(prefix: &str, rng: &mut SimRng) -> String {
    crate::iam::unique_id(prefix, rng)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_matches_the_contract() {
        let c = CloudConfig::default();
        assert_eq!(c.seed, 1);
        assert_eq!(c.region, "ap-northeast-2");
        assert_eq!(c.account_id, "123456789012");
        assert_eq!(c.learner_ip.octets()[..3], [203, 0, 113]);
        assert_eq!(Cloud::new(c).unwrap(), Cloud::default());
    }

    #[test]
    fn unknown_region_is_an_invalid_parameter() {
        let err = Cloud::new(CloudConfig {
            region: "mars-1".into(),
            ..CloudConfig::default()
        })
        .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
        assert!(err.message().contains("mars-1"));
        let err = Cloud::new(CloudConfig {
            account_id: "12".into(),
            ..CloudConfig::default()
        })
        .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
    }

    #[test]
    fn advance_moves_the_clock() {
        let mut cloud = Cloud::default();
        assert_eq!(cloud.now(), SimTime::ZERO);
        cloud.advance(Duration::from_secs(90));
        assert_eq!(cloud.now(), SimTime(90_000));
        assert_eq!(cloud.next_transition_in(), None);
    }
}
