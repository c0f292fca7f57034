//! `aws sts`: who am I (`get-caller-identity`), and temporary credentials for
//! a role (`assume-role`).

use super::Service;
use super::operation::{Operation, output};

/// Every supported `aws sts` subcommand.
pub const OPERATIONS: &[Operation] = &[Operation {
    name: "get-caller-identity",
    operation: "GetCallerIdentity",
    summary: "Returns the account, user id and ARN of the caller.",
    params: &[],
    call: |cloud, _params| output(cloud.get_caller_identity()),
}];

/// `aws sts`.
pub const STS: Service = Service {
    name: "sts",
    title: "STS",
    description: "Security Token Service (STS) tells you who you are calling AWS as and\n       hands out temporary credentials.",
    operations: OPERATIONS,
    extra: &[],
    regional: false,
};
