//! `aws ssm`: AWS's public parameters (`get-parameter`, `get-parameters`,
//! `get-parameters-by-path`), which say which regions offer which services.

use super::Service;
use super::generated;
use super::operation::{Operation, call};

/// Every supported `aws ssm` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::ssm::GET_PARAMETER,
        "Returns one parameter, such as a region's long name.",
        call!(get_parameter),
    ),
    Operation::new(
        generated::ssm::GET_PARAMETERS,
        "Returns up to ten parameters by name.",
        call!(get_parameters),
    ),
    Operation::new(
        generated::ssm::GET_PARAMETERS_BY_PATH,
        "Returns the parameters below a path, such as the regions that offer a service.",
        call!(get_parameters_by_path),
    ),
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
