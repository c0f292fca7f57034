//! Every API call the account received, like a small CloudTrail. Checks read it
//! ("ran `aws sts get-caller-identity`").

use serde::{Deserialize, Serialize};

use crate::clock::SimTime;

/// One API call: when, which service and operation, and its error code if it failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiCall {
    /// When the call was made.
    pub at: SimTime,
    /// The service, e.g. `ec2` or `sts`.
    pub service: String,
    /// The operation name as AWS spells it, e.g. `RunInstances`.
    pub operation: String,
    /// The AWS error code when the call failed, `None` when it succeeded.
    pub error_code: Option<String>,
    /// Who made the call (`None` when it could not be authenticated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_arn: Option<String>,
    /// The access key that signed the call, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
}

impl ApiCall {
    /// Whether the call succeeded.
    pub fn succeeded(&self) -> bool {
        self.error_code.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn succeeded_reads_the_error_code() {
        let ok = ApiCall {
            at: SimTime(0),
            service: "sts".into(),
            operation: "GetCallerIdentity".into(),
            error_code: None,
            caller_arn: None,
            access_key_id: None,
        };
        let failed = ApiCall {
            error_code: Some("InvalidKeyPair.NotFound".into()),
            ..ok.clone()
        };
        assert!(ok.succeeded());
        assert!(!failed.succeeded());
    }
}
