//! `aws budgets`: cost budgets (daily, monthly, quarterly or annual) with e-mail alerts
//! (`create-budget --budget file://budget.json
//! --notifications-with-subscribers file://notifications.json`), listing and
//! deleting budgets. Budgets is global: `--region` changes nothing.

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws budgets` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::budgets::CREATE_BUDGET,
        "Creates a budget, with alerts to e-mail subscribers.",
        call_unit!(create_budget),
    ),
    Operation::new(
        generated::budgets::DELETE_BUDGET,
        "Deletes a budget.",
        call_unit!(delete_budget),
    ),
    Operation::new(
        generated::budgets::DESCRIBE_BUDGET,
        "Shows a budget, with its actual and forecasted spend.",
        call!(describe_budget),
    ),
    Operation::new(
        generated::budgets::DESCRIBE_BUDGETS,
        "Lists the account's budgets.",
        call!(describe_budgets),
    ),
    Operation::new(
        generated::budgets::DESCRIBE_NOTIFICATIONS_FOR_BUDGET,
        "Lists a budget's alerts.",
        call!(describe_notifications_for_budget),
    ),
];

/// `aws budgets`.
pub const BUDGETS: Service = Service {
    name: "budgets",
    title: "BUDGETS",
    description: "AWS Budgets tracks your cost against a limit and e-mails you when the\n       actual or forecasted cost crosses a threshold.",
    operations: OPERATIONS,
    extra: &[],
    regional: false,
};
