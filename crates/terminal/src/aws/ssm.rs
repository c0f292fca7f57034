//! `aws ssm`: AWS's public parameters (`get-parameter`, `get-parameters`,
//! `get-parameters-by-path`), which say which regions offer which services.

use super::Service;
use super::args::Shape;
use super::operation::{Operation, call, p, req};

static STR: Shape = Shape::Str;
static BOOL: Shape = Shape::Bool;
static NAMES: Shape = Shape::List(&STR);

/// Every supported `aws ssm` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "get-parameter",
        operation: "GetParameter",
        summary: "Returns one parameter, such as a region's long name.",
        params: &[
            req("name", "Name", &STR),
            p("with-decryption", "WithDecryption", &BOOL),
        ],
        call: call!(get_parameter),
    },
    Operation {
        name: "get-parameters",
        operation: "GetParameters",
        summary: "Returns up to ten parameters by name.",
        params: &[
            req("names", "Names", &NAMES),
            p("with-decryption", "WithDecryption", &BOOL),
        ],
        call: call!(get_parameters),
    },
    Operation {
        name: "get-parameters-by-path",
        operation: "GetParametersByPath",
        summary: "Returns the parameters below a path, such as the regions that offer a service.",
        params: &[
            req("path", "Path", &STR),
            p("recursive", "Recursive", &BOOL),
            p("with-decryption", "WithDecryption", &BOOL),
        ],
        call: call!(get_parameters_by_path),
    },
];

/// `aws ssm`.
pub const SSM: Service = Service {
    name: "ssm",
    title: "SSM",
    description: "AWS Systems Manager Parameter Store. AWS publishes public parameters\n       under /aws/service/global-infrastructure/ that list its regions and\n       the services each region offers.",
    operations: OPERATIONS,
    extra: &[],
    regional: true,
};
