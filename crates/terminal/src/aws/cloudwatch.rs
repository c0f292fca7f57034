//! `aws cloudwatch`: metrics (`get-metric-statistics`, `get-metric-data`, `list-metrics`,
//! `put-metric-data`) and metric alarms (`put-metric-alarm`, `describe-alarms`,
//! `set-alarm-state`, `describe-alarm-history`, `delete-alarms`) and dashboards
//! (`put-dashboard`, `get-dashboard`, `list-dashboards`, `delete-dashboards`).

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_unit};

/// Every supported `aws cloudwatch` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::cloudwatch::DELETE_ALARMS,
        "Deletes alarms (none if one of them does not exist).",
        call_unit!(delete_alarms),
    ),
    Operation::new(
        generated::cloudwatch::DELETE_DASHBOARDS,
        "Deletes dashboards (none if one of them does not exist).",
        call_unit!(delete_dashboards),
    ),
    Operation::new(
        generated::cloudwatch::DESCRIBE_ALARM_HISTORY,
        "Shows alarms' state changes and updates, newest first.",
        call!(describe_alarm_history),
    ),
    Operation::new(
        generated::cloudwatch::DESCRIBE_ALARMS,
        "Describes alarms and their state.",
        call!(describe_alarms),
    ),
    Operation::new(
        generated::cloudwatch::GET_DASHBOARD,
        "Shows a dashboard's body.",
        call!(get_dashboard),
    ),
    Operation::new(
        generated::cloudwatch::GET_METRIC_DATA,
        "Gets several metrics at once, each by its statistic and period.",
        call!(get_metric_data),
    ),
    Operation::new(
        generated::cloudwatch::GET_METRIC_STATISTICS,
        "Gets statistics of a metric over time, one datapoint per period.",
        call!(get_metric_statistics),
    ),
    Operation::new(
        generated::cloudwatch::LIST_DASHBOARDS,
        "Lists dashboards.",
        call!(list_dashboards),
    ),
    Operation::new(
        generated::cloudwatch::LIST_METRICS,
        "Lists the metrics there are.",
        call!(list_metrics),
    ),
    Operation::new(
        generated::cloudwatch::PUT_DASHBOARD,
        "Creates or replaces a dashboard from its JSON body.",
        call!(put_dashboard),
    ),
    Operation::new(
        generated::cloudwatch::PUT_METRIC_ALARM,
        "Creates or updates a metric alarm.",
        call_unit!(put_metric_alarm),
    ),
    Operation::new(
        generated::cloudwatch::PUT_METRIC_DATA,
        "Publishes datapoints of a custom metric.",
        call_unit!(put_metric_data),
    ),
    Operation::new(
        generated::cloudwatch::SET_ALARM_STATE,
        "Sets an alarm's state until its next evaluation (to test its actions).",
        call_unit!(set_alarm_state),
    ),
];

/// `aws cloudwatch`.
pub const CLOUDWATCH: Service = Service {
    name: "cloudwatch",
    title: "CLOUDWATCH",
    description: "Amazon CloudWatch collects metrics of your AWS resources and runs alarms\n       that change state when a metric crosses a threshold.",
    operations: OPERATIONS,
    extra: &[],
    regional: true,
};
