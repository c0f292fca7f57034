//! STS: `GetCallerIdentity` for the account's default CLI identity, the IAM user
//! `learner` (with AdministratorAccess).

use serde::{Deserialize, Serialize};

use crate::cloud::Cloud;

/// The name of the IAM user the learner's CLI is configured as.
pub const LEARNER_USER_NAME: &str = "learner";

/// The identity behind the CLI's credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallerIdentity {
    /// The IAM user's unique id (`AIDA...`).
    pub user_id: String,
    /// The account id.
    pub account: String,
    /// The user's ARN, e.g. `arn:aws:iam::123456789012:user/learner`.
    pub arn: String,
}

impl Cloud {
    /// `sts get-caller-identity`. It never fails for a configured CLI.
    pub fn get_caller_identity(&mut self) -> CallerIdentity {
        let identity = CallerIdentity {
            user_id: self.learner_user_id.clone(),
            account: self.config.account_id.clone(),
            arn: format!(
                "arn:aws:iam::{}:user/{LEARNER_USER_NAME}",
                self.config.account_id
            ),
        };
        self.record_call("sts", "GetCallerIdentity", None);
        identity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_is_the_learner_user_and_is_logged() {
        let mut cloud = Cloud::default();
        let id = cloud.get_caller_identity();
        assert_eq!(id.account, "123456789012");
        assert_eq!(id.arn, "arn:aws:iam::123456789012:user/learner");
        assert!(id.user_id.starts_with("AIDA"));
        assert_eq!(id.user_id.len(), 21);
        let last = cloud.api_log().last().unwrap();
        assert_eq!(
            (last.service.as_str(), last.operation.as_str()),
            ("sts", "GetCallerIdentity")
        );
        let json = serde_json::to_value(&id).unwrap();
        assert!(json.get("UserId").is_some() && json.get("Arn").is_some());
    }
}
