//! `aws sts`: who am I (`get-caller-identity`), and temporary credentials for
//! a role (`assume-role`).

use super::Service;
use super::args::Shape;
use super::operation::{CallError, Operation, call, output, p, req};

static STR: Shape = Shape::Str;
static INT: Shape = Shape::Int;

/// Every supported `aws sts` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "assume-role",
        operation: "AssumeRole",
        summary: "Returns temporary credentials for a role you are trusted to assume.",
        params: &[
            req("role-arn", "RoleArn", &STR),
            req("role-session-name", "RoleSessionName", &STR),
            p("policy", "Policy", &STR),
            p("duration-seconds", "DurationSeconds", &INT),
            p("serial-number", "SerialNumber", &STR),
            p("token-code", "TokenCode", &STR),
        ],
        call: call!(assume_role),
    },
    Operation {
        name: "get-caller-identity",
        operation: "GetCallerIdentity",
        summary: "Returns the account, user id and ARN of the caller.",
        params: &[],
        call: |cloud, _params| {
            cloud
                .try_get_caller_identity()
                .map_err(CallError::service)
                .and_then(output)
        },
    },
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
