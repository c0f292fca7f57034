//! `aws sts`: who am I (`get-caller-identity`), and temporary credentials for
//! a role (`assume-role`).

use super::Service;
use super::generated;
use super::operation::{CallError, Operation, call, output};

/// Every supported `aws sts` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::sts::ASSUME_ROLE,
        "Returns temporary credentials for a role you are trusted to assume.",
        call!(assume_role),
    ),
    Operation::new(
        generated::sts::GET_CALLER_IDENTITY,
        "Returns the account, user id and ARN of the caller.",
        |cloud, params| {
            super::operation::no_input(&params)?;
            cloud
                .try_get_caller_identity()
                .map_err(CallError::service)
                .and_then(output)
        },
    ),
];

/// `aws sts`.
pub const STS: Service = Service {
    name: "sts",
    title: "STS",
    description: "Security Token Service (STS) tells you who you are calling AWS as and\n       hands out temporary credentials.",
    operations: OPERATIONS,
    extra: &[],
    regional: false,
};
