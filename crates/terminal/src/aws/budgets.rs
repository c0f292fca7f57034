//! `aws budgets`: cost budgets (daily, monthly, quarterly or annual) with e-mail alerts
//! (`create-budget --budget file://budget.json
//! --notifications-with-subscribers file://notifications.json`), listing and
//! deleting budgets. Budgets is global: `--region` changes nothing.

use super::Service;
use super::args::Shape;
use super::operation::{Operation, call, call_unit, p, req};

static STR: Shape = Shape::Str;
static FLOAT: Shape = Shape::Float;
static SPEND: Shape = Shape::Struct(&[("Amount", &STR), ("Unit", &STR)]);
static TIME_PERIOD: Shape = Shape::Struct(&[("Start", &STR), ("End", &STR)]);
static BUDGET: Shape = Shape::Struct(&[
    ("BudgetName", &STR),
    ("BudgetLimit", &SPEND),
    ("TimeUnit", &STR),
    ("TimePeriod", &TIME_PERIOD),
    ("BudgetType", &STR),
]);
static NOTIFICATION: Shape = Shape::Struct(&[
    ("NotificationType", &STR),
    ("ComparisonOperator", &STR),
    ("Threshold", &FLOAT),
    ("ThresholdType", &STR),
    ("NotificationState", &STR),
]);
static SUBSCRIBER: Shape = Shape::Struct(&[("SubscriptionType", &STR), ("Address", &STR)]);
static NOTIFICATION_WITH_SUBSCRIBERS: Shape = Shape::Struct(&[
    ("Notification", &NOTIFICATION),
    ("Subscribers", &Shape::List(&SUBSCRIBER)),
]);
static NOTIFICATIONS: Shape = Shape::List(&NOTIFICATION_WITH_SUBSCRIBERS);

/// Every supported `aws budgets` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "create-budget",
        operation: "CreateBudget",
        summary: "Creates a budget, with alerts to e-mail subscribers.",
        params: &[
            req("account-id", "AccountId", &STR),
            req("budget", "Budget", &BUDGET),
            p(
                "notifications-with-subscribers",
                "NotificationsWithSubscribers",
                &NOTIFICATIONS,
            ),
        ],
        call: call_unit!(create_budget),
    },
    Operation {
        name: "delete-budget",
        operation: "DeleteBudget",
        summary: "Deletes a budget.",
        params: &[
            req("account-id", "AccountId", &STR),
            req("budget-name", "BudgetName", &STR),
        ],
        call: call_unit!(delete_budget),
    },
    Operation {
        name: "describe-budget",
        operation: "DescribeBudget",
        summary: "Shows a budget, with its actual and forecasted spend.",
        params: &[
            req("account-id", "AccountId", &STR),
            req("budget-name", "BudgetName", &STR),
        ],
        call: call!(describe_budget),
    },
    Operation {
        name: "describe-budgets",
        operation: "DescribeBudgets",
        summary: "Lists the account's budgets.",
        params: &[req("account-id", "AccountId", &STR)],
        call: call!(describe_budgets),
    },
    Operation {
        name: "describe-notifications-for-budget",
        operation: "DescribeNotificationsForBudget",
        summary: "Lists a budget's alerts.",
        params: &[
            req("account-id", "AccountId", &STR),
            req("budget-name", "BudgetName", &STR),
        ],
        call: call!(describe_notifications_for_budget),
    },
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
