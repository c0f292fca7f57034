//! AWS Budgets: `CreateBudget`, `DescribeBudgets`, `DescribeBudget`,
//! `DeleteBudget`, `DescribeNotificationsForBudget`, and the e-mail alerts a
//! budget sends.
//!
//! Every `TimeUnit` (`DAILY`, `MONTHLY`, `QUARTERLY`, `ANNUALLY`) and every
//! `BudgetType` AWS has is accepted. A `COST` budget compares the cost of
//! its period so far (`ACTUAL`) or the period's forecast (`FORECASTED`) with
//! its threshold (a percentage of the limit, or an absolute amount). When the
//! clock moves past the point where the comparison holds, the alert is
//! recorded once per period as a [`SentNotification`] (what the subscribers
//! would receive), and the notification's state becomes `ALARM`. AWS
//! refreshes billing data up to three times a day, so real alerts come hours
//! late; the simulation checks whenever the clock moves. The model tracks
//! cost only: `USAGE`, reservation and Savings Plans budgets are kept and
//! described (without a calculated spend) but never alert.
//!
//! Each notification takes at most 10 e-mail subscribers and 1 SNS topic
//! (`CreationLimitExceededException`, as AWS answers).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{next_day_start, next_month_start, start_of_day};
use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;
use crate::clock::{SimTime, Timestamp, days_from_civil};
use crate::cloud::Cloud;

/// A Budgets API error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BudgetsError {
    /// `DuplicateRecordException`.
    DuplicateRecord {
        /// The budget name.
        budget_name: String,
    },
    /// `NotFoundException`.
    NotFound {
        /// The full message.
        message: String,
    },
    /// `InvalidParameterException`.
    InvalidParameter {
        /// The full message.
        message: String,
    },
    /// `CreationLimitExceededException`: too many subscribers of one type.
    CreationLimitExceeded {
        /// The full message.
        message: String,
    },
    /// `AccessDeniedException`.
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl BudgetsError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            BudgetsError::DuplicateRecord { .. } => "DuplicateRecordException",
            BudgetsError::NotFound { .. } => "NotFoundException",
            BudgetsError::InvalidParameter { .. } => "InvalidParameterException",
            BudgetsError::CreationLimitExceeded { .. } => "CreationLimitExceededException",
            BudgetsError::AccessDenied(_) => "AccessDeniedException",
            BudgetsError::Authentication(AuthFailure::InvalidClientTokenId) => {
                "UnrecognizedClientException"
            }
            BudgetsError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            BudgetsError::DuplicateRecord { budget_name } => {
                format!("Error creating budget: {budget_name} - the budget already exists.")
            }
            BudgetsError::NotFound { message }
            | BudgetsError::InvalidParameter { message }
            | BudgetsError::CreationLimitExceeded { message } => message.clone(),
            BudgetsError::AccessDenied(d) => d.message(),
            BudgetsError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            BudgetsError::AccessDenied(_) => 403,
            BudgetsError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }

    fn invalid(message: impl Into<String>) -> BudgetsError {
        BudgetsError::InvalidParameter {
            message: message.into(),
        }
    }
}

impl fmt::Display for BudgetsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for BudgetsError {}

impl AwsError for BudgetsError {
    fn code(&self) -> &'static str {
        BudgetsError::code(self)
    }
    fn message(&self) -> String {
        BudgetsError::message(self)
    }
    fn http_status(&self) -> u16 {
        BudgetsError::http_status(self)
    }
}

impl ServiceError for BudgetsError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        BudgetsError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        BudgetsError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}

/// An amount (`Spend`): a decimal string and a unit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Spend {
    /// The amount, e.g. `"10.0"`.
    pub amount: String,
    /// `USD`.
    pub unit: String,
}

/// `Notification`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Notification {
    /// `ACTUAL` or `FORECASTED`.
    pub notification_type: String,
    /// `GREATER_THAN`, `LESS_THAN` or `EQUAL_TO`.
    pub comparison_operator: String,
    /// The threshold.
    pub threshold: f64,
    /// `PERCENTAGE` (default) or `ABSOLUTE_VALUE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_type: Option<String>,
    /// `OK` or `ALARM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_state: Option<String>,
}

/// `Subscriber`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Subscriber {
    /// `EMAIL` or `SNS`.
    pub subscription_type: String,
    /// The e-mail address or topic ARN.
    pub address: String,
}

/// `NotificationWithSubscribers`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NotificationWithSubscribers {
    /// The notification.
    pub notification: Notification,
    /// Who gets it.
    pub subscribers: Vec<Subscriber>,
}

impl NotificationWithSubscribers {
    /// An alert e-mailed to `address` when the `kind` cost (`ACTUAL` or `FORECASTED`)
    /// goes past `percent` of the budgeted amount: the alert the console's monthly cost
    /// budget creates.
    pub fn email_above_percent(kind: &str, percent: f64, address: String) -> Self {
        NotificationWithSubscribers {
            notification: Notification {
                notification_type: kind.into(),
                comparison_operator: "GREATER_THAN".into(),
                threshold: percent,
                threshold_type: Some("PERCENTAGE".into()),
                notification_state: None,
            },
            subscribers: vec![Subscriber {
                subscription_type: "EMAIL".into(),
                address,
            }],
        }
    }
}

/// The budget as given to `CreateBudget`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BudgetInput {
    /// The name.
    pub budget_name: String,
    /// The limit (required for `COST` and `USAGE` budgets).
    pub budget_limit: Option<Spend>,
    /// `DAILY`, `MONTHLY`, `QUARTERLY` or `ANNUALLY`.
    pub time_unit: String,
    /// `COST`, `USAGE`, `RI_UTILIZATION`, `RI_COVERAGE`,
    /// `SAVINGS_PLANS_UTILIZATION` or `SAVINGS_PLANS_COVERAGE`.
    pub budget_type: String,
}

/// How long a budget's period is (`TimeUnit`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimeUnit {
    /// A UTC day.
    Daily,
    /// A calendar month.
    #[default]
    Monthly,
    /// A calendar quarter (January, April, July, October).
    Quarterly,
    /// A calendar year.
    Annually,
}

impl TimeUnit {
    /// Every time unit, in AWS's order.
    pub const ALL: [TimeUnit; 4] = [
        TimeUnit::Daily,
        TimeUnit::Monthly,
        TimeUnit::Quarterly,
        TimeUnit::Annually,
    ];

    /// AWS's spelling (`MONTHLY`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Daily => "DAILY",
            TimeUnit::Monthly => "MONTHLY",
            TimeUnit::Quarterly => "QUARTERLY",
            TimeUnit::Annually => "ANNUALLY",
        }
    }

    /// Reads AWS's spelling.
    pub fn parse(text: &str) -> Option<TimeUnit> {
        TimeUnit::ALL.into_iter().find(|u| u.as_str() == text)
    }

    /// The period containing `t`.
    fn period(self, t: SimTime) -> Period {
        let u = t.to_utc();
        let (key, start, end) = match self {
            TimeUnit::Daily => {
                let ordinal =
                    days_from_civil(u.year, u.month, u.day) - days_from_civil(u.year, 1, 1) + 1;
                (
                    (u.year, u32::try_from(ordinal).unwrap_or(0)),
                    start_of_day(u.year, u.month, u.day),
                    next_day_start(t),
                )
            }
            TimeUnit::Monthly => (
                (u.year, u.month),
                start_of_day(u.year, u.month, 1),
                next_month_start(t),
            ),
            TimeUnit::Quarterly => {
                let quarter = (u.month - 1) / 3 + 1;
                let first = (quarter - 1) * 3 + 1;
                let end = if quarter == 4 {
                    start_of_day(u.year + 1, 1, 1)
                } else {
                    start_of_day(u.year, first + 3, 1)
                };
                ((u.year, quarter), start_of_day(u.year, first, 1), end)
            }
            TimeUnit::Annually => (
                (u.year, 1),
                start_of_day(u.year, 1, 1),
                start_of_day(u.year + 1, 1, 1),
            ),
        };
        Period { key, start, end }
    }
}

/// What a budget tracks (`BudgetType`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BudgetType {
    /// Usage quantities (hours, GB, requests).
    Usage,
    /// Cost in dollars.
    #[default]
    Cost,
    /// How much of the Reserved Instances is used.
    RiUtilization,
    /// How much of the usage Reserved Instances cover.
    RiCoverage,
    /// How much of the Savings Plans commitment is used.
    SavingsPlansUtilization,
    /// How much of the usage Savings Plans cover.
    SavingsPlansCoverage,
}

impl BudgetType {
    /// Every budget type, in AWS's order.
    pub const ALL: [BudgetType; 6] = [
        BudgetType::Usage,
        BudgetType::Cost,
        BudgetType::RiUtilization,
        BudgetType::RiCoverage,
        BudgetType::SavingsPlansUtilization,
        BudgetType::SavingsPlansCoverage,
    ];

    /// AWS's spelling (`COST`).
    pub fn as_str(self) -> &'static str {
        match self {
            BudgetType::Usage => "USAGE",
            BudgetType::Cost => "COST",
            BudgetType::RiUtilization => "RI_UTILIZATION",
            BudgetType::RiCoverage => "RI_COVERAGE",
            BudgetType::SavingsPlansUtilization => "SAVINGS_PLANS_UTILIZATION",
            BudgetType::SavingsPlansCoverage => "SAVINGS_PLANS_COVERAGE",
        }
    }

    /// Reads AWS's spelling.
    pub fn parse(text: &str) -> Option<BudgetType> {
        BudgetType::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// Whether the budget needs a `BudgetLimit` (cost and usage budgets;
    /// utilization and coverage budgets default to 100%).
    fn needs_limit(self) -> bool {
        matches!(self, BudgetType::Cost | BudgetType::Usage)
    }
}

/// One period of a budget.
struct Period {
    /// `(year, n)`: the day of the year, month, quarter, or 1 for a year.
    key: (i64, u32),
    /// When it starts.
    start: SimTime,
    /// When the next one starts.
    end: SimTime,
}

/// Most subscribers of each kind one notification may have.
const MAX_EMAIL_SUBSCRIBERS: usize = 10;
/// Most SNS topics one notification may notify.
const MAX_SNS_SUBSCRIBERS: usize = 1;

/// AWS's message for a value outside an enum (or missing).
fn not_in_enum(value: &str, at: &str, allowed: &[&str]) -> BudgetsError {
    if value.is_empty() {
        return BudgetsError::invalid(format!(
            "1 validation error detected: Value null at '{at}' failed to satisfy constraint: Member must not be null"
        ));
    }
    BudgetsError::invalid(format!(
        "1 validation error detected: Value '{value}' at '{at}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
        allowed.join(", ")
    ))
}

/// `CreateBudget` input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateBudgetInput {
    /// The account id.
    pub account_id: String,
    /// The budget.
    pub budget: BudgetInput,
    /// Its alerts.
    pub notifications_with_subscribers: Vec<NotificationWithSubscribers>,
}

/// Input naming the account (`DescribeBudgets`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccountIdInput {
    /// The account id.
    pub account_id: String,
}

/// Input naming a budget.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BudgetNameInput {
    /// The account id.
    pub account_id: String,
    /// The budget.
    pub budget_name: String,
}

/// A stored budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    /// The name.
    pub budget_name: String,
    /// The limit in dollars, as given.
    pub limit_amount: String,
    /// The limit's unit.
    pub limit_unit: String,
    /// Its period (`MONTHLY` in saves from before other periods existed).
    #[serde(default)]
    pub time_unit: TimeUnit,
    /// What it tracks (`COST` in older saves).
    #[serde(default)]
    pub budget_type: BudgetType,
    /// Its notifications.
    pub notifications: Vec<NotificationWithSubscribers>,
    /// When it was created or last changed.
    pub last_updated: SimTime,
    /// For each notification: the period it last fired in, as `(year, n)`
    /// with n the day of the year, the month, the quarter, or 1.
    pub fired: Vec<Option<(i64, u32)>>,
}

/// An alert the model sent (what each subscriber would receive).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentNotification {
    /// When it was sent.
    pub at: SimTime,
    /// The budget.
    pub budget_name: String,
    /// `ACTUAL` or `FORECASTED`.
    pub notification_type: String,
    /// The threshold as configured.
    pub threshold: f64,
    /// `PERCENTAGE` or `ABSOLUTE_VALUE`.
    pub threshold_type: String,
    /// The amount compared (the period's cost so far, or its forecast), in
    /// dollars with two decimals.
    pub amount_usd: String,
    /// The e-mail addresses (and topics) it went to.
    pub subscribers: Vec<String>,
    /// The e-mail subject, as AWS Budgets writes it.
    pub subject: String,
}

/// `CalculatedSpend`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CalculatedSpend {
    /// Month to date.
    pub actual_spend: Spend,
    /// Forecast for the month.
    pub forecasted_spend: Spend,
}

/// `TimePeriod`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimePeriod {
    /// The current period's start.
    pub start: Timestamp,
}

/// A budget as `DescribeBudgets` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BudgetInfo {
    /// The name.
    pub budget_name: String,
    /// The limit.
    pub budget_limit: Spend,
    /// `DAILY`, `MONTHLY`, `QUARTERLY` or `ANNUALLY`.
    pub time_unit: String,
    /// The current period.
    pub time_period: TimePeriod,
    /// What was spent and is forecast (cost budgets only: the model tracks
    /// no usage quantities, reservations or Savings Plans).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calculated_spend: Option<CalculatedSpend>,
    /// `COST`, `USAGE`, ...
    pub budget_type: String,
    /// When it last changed.
    pub last_updated_time: Timestamp,
}

/// `DescribeBudgets` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBudgetsOutput {
    /// The budgets.
    pub budgets: Vec<BudgetInfo>,
}

/// `DescribeBudget` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBudgetOutput {
    /// The budget.
    pub budget: BudgetInfo,
}

/// `DescribeNotificationsForBudget` output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNotificationsOutput {
    /// The notifications with their state.
    pub notifications: Vec<Notification>,
}

/// An alert's threshold as people read it: `80%`, or `$8.00` for an
/// `ABSOLUTE_VALUE` threshold.
pub fn threshold_text(threshold: f64, threshold_type: Option<&str>) -> String {
    match threshold_type {
        Some("ABSOLUTE_VALUE") => format!("${threshold:.2}"),
        _ => format!("{threshold}%"),
    }
}

fn usd(amount: f64) -> Spend {
    Spend {
        amount: format!("{:.2}", amount.max(0.0)),
        unit: "USD".into(),
    }
}

impl Budget {
    fn threshold_usd(&self, n: &Notification) -> f64 {
        let limit: f64 = self.limit_amount.parse().unwrap_or(0.0);
        match n.threshold_type.as_deref() {
            Some("ABSOLUTE_VALUE") => n.threshold,
            _ => limit * n.threshold / 100.0,
        }
    }
}

impl Cloud {
    /// Budgets (read-only).
    pub fn budgets(&self) -> &[Budget] {
        &self.billing.budgets
    }

    /// What the current period of `unit` has cost so far, in dollars.
    pub fn period_to_date_usd(&self, unit: TimeUnit) -> f64 {
        let u = self.now.to_utc();
        let in_period = |year: i64, month: u32| match unit {
            TimeUnit::Daily | TimeUnit::Monthly => year == u.year && month == u.month,
            TimeUnit::Quarterly => year == u.year && (month - 1) / 3 == (u.month - 1) / 3,
            TimeUnit::Annually => year == u.year,
        };
        match unit {
            TimeUnit::Daily => self.day_to_date_usd(),
            // The bill is the account's: every region's months count.
            _ => {
                self.billing
                    .months
                    .iter()
                    .filter(|m| in_period(m.year, m.month))
                    .fold(0.0, |total, m| total + m.total_usd())
                    + self
                        .other_regions
                        .values()
                        .map(|other| other.period_to_date_usd(unit))
                        .sum::<f64>()
            }
        }
    }

    /// The cost forecast for the current period of `unit`: the period so far
    /// plus the current hourly rate until it ends.
    pub fn forecast_period_usd(&self, unit: TimeUnit) -> f64 {
        self.period_spend(unit, self.hourly_cost_breakdown().total_usd_per_hour)
            .1
    }

    /// The period's cost so far and its forecast at `usd_per_hour`.
    fn period_spend(&self, unit: TimeUnit, usd_per_hour: f64) -> (f64, f64) {
        let hours_left = unit.period(self.now).end.since(self.now).as_secs_f64() / 3600.0;
        let so_far = self.period_to_date_usd(unit);
        (so_far, so_far + usd_per_hour * hours_left)
    }

    /// Alerts the budgets have sent, oldest first.
    pub fn sent_budget_notifications(&self) -> &[SentNotification] {
        &self.billing.notifications
    }

    fn budget_arn(&self, name: &str) -> String {
        format!("arn:aws:budgets::{}:budget/{name}", self.config.account_id)
    }

    fn budgets_call<T>(
        &mut self,
        operation: &str,
        action: &str,
        resource: String,
        account_id: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, BudgetsError>,
    ) -> Result<T, BudgetsError> {
        let action = action.to_string();
        let account = account_id.to_string();
        self.service_call(
            "budgets",
            operation,
            |_, _| Some((action, resource, Default::default())),
            |c| {
                if account != c.config.account_id {
                    return Err(BudgetsError::invalid(format!(
                        "Account ID {account} does not match the caller's account."
                    )));
                }
                body(c)
            },
        )
    }

    /// The budget with this name, or Budgets' `NotFoundException` for a read.
    fn budget_named(&self, name: &str) -> Result<&Budget, BudgetsError> {
        self.billing
            .budgets
            .iter()
            .find(|b| b.budget_name == name)
            .ok_or_else(|| BudgetsError::NotFound {
                message: format!("Unable to get budget: {name} - the budget doesn't exist."),
            })
    }

    fn budget_info(&self, b: &Budget) -> BudgetInfo {
        BudgetInfo {
            budget_name: b.budget_name.clone(),
            budget_limit: Spend {
                amount: b.limit_amount.clone(),
                unit: b.limit_unit.clone(),
            },
            time_unit: b.time_unit.as_str().into(),
            time_period: TimePeriod {
                start: Timestamp(b.time_unit.period(self.now).start),
            },
            calculated_spend: (b.budget_type == BudgetType::Cost).then(|| CalculatedSpend {
                actual_spend: usd(self.period_to_date_usd(b.time_unit)),
                forecasted_spend: usd(self.forecast_period_usd(b.time_unit)),
            }),
            budget_type: b.budget_type.as_str().into(),
            last_updated_time: Timestamp(b.last_updated),
        }
    }

    /// `budgets create-budget`: a budget with its alerts.
    pub fn create_budget(&mut self, input: CreateBudgetInput) -> Result<(), BudgetsError> {
        let arn = self.budget_arn(&input.budget.budget_name);
        let account = input.account_id.clone();
        self.budgets_call("CreateBudget", "budgets:ModifyBudget", arn, &account, |c| {
            let b = &input.budget;
            if b.budget_name.is_empty() || b.budget_name.chars().count() > 100 || b.budget_name.contains([':', '\\']) {
                return Err(BudgetsError::invalid(format!(
                    "1 validation error detected: Value '{}' at 'budget.budgetName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?![^:\\\\]*/action/|(?i).*<script>.*</script>.*)[^:\\\\]+$",
                    b.budget_name
                )));
            }
            let Some(time_unit) = TimeUnit::parse(&b.time_unit) else {
                return Err(not_in_enum(
                    &b.time_unit,
                    "budget.timeUnit",
                    &TimeUnit::ALL.map(TimeUnit::as_str),
                ));
            };
            let Some(budget_type) = BudgetType::parse(&b.budget_type) else {
                return Err(not_in_enum(
                    &b.budget_type,
                    "budget.budgetType",
                    &BudgetType::ALL.map(BudgetType::as_str),
                ));
            };
            let limit = match &b.budget_limit {
                Some(limit) => limit.clone(),
                None if budget_type.needs_limit() => {
                    return Err(BudgetsError::invalid(
                        "Unable to create/update budget - please provide one of the followings: Budget Limit/ Planned Budget Limit/ Auto Adjust Data",
                    ));
                }
                None => Spend {
                    amount: "100.0".into(),
                    unit: "PERCENTAGE".into(),
                },
            };
            if limit.amount.parse::<f64>().map_or(true, |a| !a.is_finite() || a < 0.0) {
                return Err(BudgetsError::invalid(format!(
                    "1 validation error detected: Value '{}' at 'budget.budgetLimit.amount' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9]*\\.)?[0-9]+",
                    limit.amount
                )));
            }
            for n in &input.notifications_with_subscribers {
                let nt = &n.notification;
                if !["ACTUAL", "FORECASTED"].contains(&nt.notification_type.as_str())
                    || !["GREATER_THAN", "LESS_THAN", "EQUAL_TO"].contains(&nt.comparison_operator.as_str())
                {
                    return Err(BudgetsError::invalid(
                        "NotificationType must be ACTUAL or FORECASTED and ComparisonOperator GREATER_THAN, LESS_THAN or EQUAL_TO.",
                    ));
                }
                if let Some(kind) = nt.threshold_type.as_deref()
                    && !["PERCENTAGE", "ABSOLUTE_VALUE"].contains(&kind)
                {
                    return Err(not_in_enum(
                        kind,
                        "notificationsWithSubscribers.member.notification.thresholdType",
                        &["PERCENTAGE", "ABSOLUTE_VALUE"],
                    ));
                }
                if n.subscribers.is_empty() {
                    return Err(BudgetsError::invalid("A notification needs at least one subscriber."));
                }
                for s in &n.subscribers {
                    if !["SNS", "EMAIL"].contains(&s.subscription_type.as_str()) {
                        return Err(not_in_enum(
                            &s.subscription_type,
                            "notificationsWithSubscribers.member.subscribers.member.subscriptionType",
                            &["SNS", "EMAIL"],
                        ));
                    }
                }
                for (kind, most) in [("EMAIL", MAX_EMAIL_SUBSCRIBERS), ("SNS", MAX_SNS_SUBSCRIBERS)] {
                    let count = n.subscribers.iter().filter(|s| s.subscription_type == kind).count();
                    if count > most {
                        return Err(BudgetsError::CreationLimitExceeded {
                            message: format!(
                                "one notification can only have {most} subscribers with type of {kind}"
                            ),
                        });
                    }
                }
            }
            if c.billing.budgets.iter().any(|x| x.budget_name == b.budget_name) {
                return Err(BudgetsError::DuplicateRecord {
                    budget_name: b.budget_name.clone(),
                });
            }
            c.billing.budgets.push(Budget {
                budget_name: b.budget_name.clone(),
                limit_amount: limit.amount.clone(),
                limit_unit: if limit.unit.is_empty() { "USD".into() } else { limit.unit.clone() },
                time_unit,
                budget_type,
                notifications: input.notifications_with_subscribers.clone(),
                last_updated: c.now,
                fired: vec![None; input.notifications_with_subscribers.len()],
            });
            c.check_budgets();
            Ok(())
        })
    }

    /// `budgets describe-budgets`.
    pub fn describe_budgets(
        &mut self,
        input: AccountIdInput,
    ) -> Result<DescribeBudgetsOutput, BudgetsError> {
        let arn = self.budget_arn("*");
        self.budgets_call(
            "DescribeBudgets",
            "budgets:ViewBudget",
            arn,
            &input.account_id,
            |c| {
                Ok(DescribeBudgetsOutput {
                    budgets: c.billing.budgets.iter().map(|b| c.budget_info(b)).collect(),
                })
            },
        )
    }

    /// `budgets describe-budget`.
    pub fn describe_budget(
        &mut self,
        input: BudgetNameInput,
    ) -> Result<DescribeBudgetOutput, BudgetsError> {
        let arn = self.budget_arn(&input.budget_name);
        self.budgets_call(
            "DescribeBudget",
            "budgets:ViewBudget",
            arn,
            &input.account_id,
            |c| {
                let b = c.budget_named(&input.budget_name)?;
                Ok(DescribeBudgetOutput {
                    budget: c.budget_info(b),
                })
            },
        )
    }

    /// `budgets delete-budget`.
    pub fn delete_budget(&mut self, input: BudgetNameInput) -> Result<(), BudgetsError> {
        let arn = self.budget_arn(&input.budget_name);
        self.budgets_call("DeleteBudget", "budgets:ModifyBudget", arn, &input.account_id, |c| {
            let before = c.billing.budgets.len();
            c.billing.budgets.retain(|b| b.budget_name != input.budget_name);
            if c.billing.budgets.len() == before {
                return Err(BudgetsError::NotFound {
                    message: format!(
                        "Unable to delete budget: {} - the budget doesn't exist. Try creating it first. ",
                        input.budget_name
                    ),
                });
            }
            Ok(())
        })
    }

    /// `budgets describe-notifications-for-budget`, with each state.
    pub fn describe_notifications_for_budget(
        &mut self,
        input: BudgetNameInput,
    ) -> Result<DescribeNotificationsOutput, BudgetsError> {
        let arn = self.budget_arn(&input.budget_name);
        self.budgets_call(
            "DescribeNotificationsForBudget",
            "budgets:ViewBudget",
            arn,
            &input.account_id,
            |c| {
                let b = c.budget_named(&input.budget_name)?;
                let period = b.time_unit.period(c.now).key;
                Ok(DescribeNotificationsOutput {
                    notifications: b
                        .notifications
                        .iter()
                        .zip(&b.fired)
                        .map(|(n, fired)| Notification {
                            notification_state: Some(
                                if *fired == Some(period) {
                                    "ALARM"
                                } else {
                                    "OK"
                                }
                                .into(),
                            ),
                            threshold_type: Some(
                                n.notification
                                    .threshold_type
                                    .clone()
                                    .unwrap_or_else(|| "PERCENTAGE".into()),
                            ),
                            ..n.notification.clone()
                        })
                        .collect(),
                })
            },
        )
    }

    /// Sends the alerts of cost budgets whose condition now holds (once per
    /// period each).
    pub(crate) fn check_budgets(&mut self) {
        if self.billing.budgets.is_empty() {
            return;
        }
        let rate = self.hourly_cost_breakdown().total_usd_per_hour;
        let spend: Vec<(TimeUnit, f64, f64)> = TimeUnit::ALL
            .into_iter()
            .filter(|unit| {
                self.billing
                    .budgets
                    .iter()
                    .any(|b| b.budget_type == BudgetType::Cost && b.time_unit == *unit)
            })
            .map(|unit| {
                let (actual, forecast) = self.period_spend(unit, rate);
                (unit, actual, forecast)
            })
            .collect();
        let now = self.now;
        let mut sent = Vec::new();
        for b in &mut self.billing.budgets {
            if b.budget_type != BudgetType::Cost {
                continue;
            }
            let budget = b.clone();
            let Some(&(_, actual, forecast)) = spend.iter().find(|(u, _, _)| *u == b.time_unit)
            else {
                continue;
            };
            let this_period = Some(b.time_unit.period(now).key);
            for (i, n) in budget.notifications.iter().enumerate() {
                let nt = &n.notification;
                let amount = if nt.notification_type == "FORECASTED" {
                    forecast
                } else {
                    actual
                };
                let threshold = budget.threshold_usd(nt);
                let holds = match nt.comparison_operator.as_str() {
                    "GREATER_THAN" => amount > threshold,
                    "LESS_THAN" => amount < threshold,
                    _ => (amount - threshold).abs() < 0.005,
                };
                if holds && b.fired.get(i).copied().flatten() != this_period {
                    if let Some(f) = b.fired.get_mut(i) {
                        *f = this_period;
                    }
                    sent.push(SentNotification {
                        at: now,
                        budget_name: budget.budget_name.clone(),
                        notification_type: nt.notification_type.clone(),
                        threshold: nt.threshold,
                        threshold_type: nt
                            .threshold_type
                            .clone()
                            .unwrap_or_else(|| "PERCENTAGE".into()),
                        amount_usd: format!("{amount:.2}"),
                        subscribers: n.subscribers.iter().map(|s| s.address.clone()).collect(),
                        subject: format!(
                            "AWS Budgets: {} has exceeded your alert threshold",
                            budget.budget_name
                        ),
                    });
                }
            }
        }
        self.billing.notifications.extend(sent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::MonthCharges;
    use crate::ec2::addresses::AllocateAddressInput;
    use std::time::Duration;

    fn budget(limit: &str, threshold: f64, kind: &str) -> CreateBudgetInput {
        CreateBudgetInput {
            account_id: "123456789012".into(),
            budget: BudgetInput {
                budget_name: "Monthly".into(),
                budget_limit: Some(Spend {
                    amount: limit.into(),
                    unit: "USD".into(),
                }),
                time_unit: "MONTHLY".into(),
                budget_type: "COST".into(),
            },
            notifications_with_subscribers: vec![NotificationWithSubscribers::email_above_percent(
                kind,
                threshold,
                "learner@example.com".into(),
            )],
        }
    }

    #[test]
    fn create_describe_delete_and_errors() {
        let mut cloud = Cloud::default();
        cloud.create_budget(budget("1.0", 80.0, "ACTUAL")).unwrap();
        let dup = cloud
            .create_budget(budget("1.0", 80.0, "ACTUAL"))
            .unwrap_err();
        assert_eq!(dup.code(), "DuplicateRecordException");
        assert_eq!(
            dup.message(),
            "Error creating budget: Monthly - the budget already exists."
        );
        let listed = cloud
            .describe_budgets(AccountIdInput {
                account_id: "123456789012".into(),
            })
            .unwrap();
        let json = serde_json::to_value(&listed).unwrap();
        assert_eq!(json["Budgets"][0]["BudgetLimit"]["Amount"], "1.0");
        assert_eq!(
            json["Budgets"][0]["CalculatedSpend"]["ActualSpend"]["Amount"],
            "0.00"
        );
        let name = BudgetNameInput {
            account_id: "123456789012".into(),
            budget_name: "Monthly".into(),
        };
        cloud.delete_budget(name.clone()).unwrap();
        let gone = cloud.delete_budget(name.clone()).unwrap_err();
        assert_eq!(gone.code(), "NotFoundException");
        let missing = cloud.describe_budget(name).unwrap_err();
        assert_eq!(
            missing.message(),
            "Unable to get budget: Monthly - the budget doesn't exist."
        );
    }

    #[test]
    fn an_alert_fires_when_actual_cost_crosses_the_threshold() {
        let mut cloud = Cloud::default();
        cloud.create_budget(budget("1.0", 80.0, "ACTUAL")).unwrap();
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        // An idle EIP costs $0.005/h: $0.80 after 160 hours.
        cloud.advance(Duration::from_secs(150 * 3600));
        assert!(cloud.sent_budget_notifications().is_empty());
        cloud.advance(Duration::from_secs(20 * 3600));
        let sent = cloud.sent_budget_notifications();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].subscribers, ["learner@example.com"]);
        assert!(sent[0].amount_usd.parse::<f64>().unwrap() >= 0.8);
        cloud.advance(Duration::from_secs(24 * 3600));
        assert_eq!(cloud.sent_budget_notifications().len(), 1, "once per month");
        let n = cloud
            .describe_notifications_for_budget(BudgetNameInput {
                account_id: "123456789012".into(),
                budget_name: "Monthly".into(),
            })
            .unwrap();
        assert_eq!(
            n.notifications[0].notification_state.as_deref(),
            Some("ALARM")
        );
    }

    fn with_unit_and_type(time_unit: &str, budget_type: &str) -> CreateBudgetInput {
        let mut input = budget("10", 80.0, "ACTUAL");
        input.budget.budget_name = format!("{time_unit}-{budget_type}");
        input.budget.time_unit = time_unit.into();
        input.budget.budget_type = budget_type.into();
        input
    }

    #[test]
    fn every_time_unit_and_budget_type_is_accepted() {
        let mut cloud = Cloud::default();
        for unit in ["DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY"] {
            for kind in [
                "COST",
                "USAGE",
                "RI_UTILIZATION",
                "RI_COVERAGE",
                "SAVINGS_PLANS_UTILIZATION",
                "SAVINGS_PLANS_COVERAGE",
            ] {
                cloud
                    .create_budget(with_unit_and_type(unit, kind))
                    .unwrap_or_else(|e| panic!("{unit} {kind}: {e}"));
            }
        }
        let listed = cloud
            .describe_budgets(AccountIdInput {
                account_id: "123456789012".into(),
            })
            .unwrap();
        assert_eq!(listed.budgets.len(), 24);
        let json = serde_json::to_value(&listed).unwrap();
        let quarterly = json["Budgets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["BudgetName"] == "QUARTERLY-COST")
            .unwrap();
        assert_eq!(quarterly["TimeUnit"], "QUARTERLY");
        assert_eq!(quarterly["BudgetType"], "COST");
        assert_eq!(
            quarterly["TimePeriod"]["Start"],
            serde_json::to_value(Timestamp(SimTime::ZERO)).unwrap(),
            "the first quarter began before the account"
        );
        assert!(quarterly["CalculatedSpend"].is_object());
        let usage = json["Budgets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["BudgetName"] == "DAILY-USAGE")
            .unwrap();
        assert!(usage.get("CalculatedSpend").is_none(), "{usage}");
    }

    #[test]
    fn unknown_enums_and_missing_limits_are_refused_as_aws_does() {
        let mut cloud = Cloud::default();
        let weekly = cloud
            .create_budget(with_unit_and_type("WEEKLY", "COST"))
            .unwrap_err();
        assert_eq!(weekly.code(), "InvalidParameterException");
        assert_eq!(
            weekly.message(),
            "1 validation error detected: Value 'WEEKLY' at 'budget.timeUnit' failed to satisfy constraint: Member must satisfy enum value set: [DAILY, MONTHLY, QUARTERLY, ANNUALLY]"
        );
        let spend = cloud
            .create_budget(with_unit_and_type("MONTHLY", "SPEND"))
            .unwrap_err();
        assert!(
            spend
                .message()
                .ends_with("[USAGE, COST, RI_UTILIZATION, RI_COVERAGE, SAVINGS_PLANS_UTILIZATION, SAVINGS_PLANS_COVERAGE]"),
            "{}",
            spend.message()
        );
        let missing = cloud
            .create_budget(with_unit_and_type("", "COST"))
            .unwrap_err();
        assert!(
            missing
                .message()
                .contains("Value null at 'budget.timeUnit'")
        );
        let mut no_limit = with_unit_and_type("MONTHLY", "COST");
        no_limit.budget.budget_limit = None;
        assert!(
            cloud
                .create_budget(no_limit)
                .unwrap_err()
                .message()
                .starts_with("Unable to create/update budget")
        );
        let mut ri = with_unit_and_type("MONTHLY", "RI_UTILIZATION");
        ri.budget.budget_limit = None;
        cloud.create_budget(ri).unwrap();
        let stored = cloud.budgets().last().unwrap();
        assert_eq!(
            (stored.limit_amount.as_str(), stored.limit_unit.as_str()),
            ("100.0", "PERCENTAGE")
        );
        assert!(
            cloud
                .budgets()
                .iter()
                .all(|b| b.budget_name != "WEEKLY-COST")
        );
    }

    #[test]
    fn a_notification_takes_ten_addresses_and_one_topic() {
        let mut cloud = Cloud::default();
        let email = |i: usize| Subscriber {
            subscription_type: "EMAIL".into(),
            address: format!("person{i}@example.com"),
        };
        let topic = |name: &str| Subscriber {
            subscription_type: "SNS".into(),
            address: format!("arn:aws:sns:ap-northeast-2:123456789012:{name}"),
        };
        let mut full = budget("10", 80.0, "ACTUAL");
        full.notifications_with_subscribers[0].subscribers =
            (0..10).map(email).chain([topic("alerts")]).collect();
        cloud.create_budget(full).unwrap();

        let mut eleven = budget("10", 80.0, "ACTUAL");
        eleven.budget.budget_name = "Eleven".into();
        eleven.notifications_with_subscribers[0].subscribers = (0..11).map(email).collect();
        let refused = cloud.create_budget(eleven).unwrap_err();
        assert_eq!(refused.code(), "CreationLimitExceededException");
        assert_eq!(refused.http_status(), 400);
        assert_eq!(
            refused.message(),
            "one notification can only have 10 subscribers with type of EMAIL"
        );

        let mut two_topics = budget("10", 80.0, "ACTUAL");
        two_topics.budget.budget_name = "TwoTopics".into();
        two_topics.notifications_with_subscribers[0].subscribers = vec![topic("a"), topic("b")];
        assert_eq!(
            cloud.create_budget(two_topics).unwrap_err().message(),
            "one notification can only have 1 subscribers with type of SNS"
        );

        let mut fax = budget("10", 80.0, "ACTUAL");
        fax.budget.budget_name = "Fax".into();
        fax.notifications_with_subscribers[0].subscribers[0].subscription_type = "FAX".into();
        assert_eq!(
            cloud.create_budget(fax).unwrap_err().code(),
            "InvalidParameterException"
        );
        assert_eq!(cloud.budgets().len(), 1);
    }

    #[test]
    fn a_daily_budget_alerts_once_a_day() {
        let mut cloud = Cloud::default();
        // $0.10 a day, alert above 50%: $0.05, ten hours of an idle EIP.
        let mut daily = budget("0.10", 50.0, "ACTUAL");
        daily.budget.time_unit = "DAILY".into();
        cloud.create_budget(daily).unwrap();
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        // 09:00 to 18:00: $0.045.
        cloud.advance(Duration::from_secs(9 * 3600));
        assert!(cloud.sent_budget_notifications().is_empty());
        // 18:00 to 20:00: past $0.05.
        cloud.advance(Duration::from_secs(2 * 3600));
        assert_eq!(cloud.sent_budget_notifications().len(), 1);
        // The next day starts from zero and crosses at 10:00.
        cloud.advance(Duration::from_secs(13 * 3600));
        assert_eq!(cloud.sent_budget_notifications().len(), 1);
        cloud.advance(Duration::from_secs(2 * 3600));
        assert_eq!(cloud.sent_budget_notifications().len(), 2);
    }

    #[test]
    fn quarterly_and_annual_budgets_add_up_their_months() {
        let mut cloud = Cloud::default();
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        // Into February: January's cost counts for the quarter and the year.
        cloud.advance(Duration::from_secs(30 * 24 * 3600));
        assert_eq!(cloud.now().to_utc().month, 2);
        let month = cloud.period_to_date_usd(TimeUnit::Monthly);
        let quarter = cloud.period_to_date_usd(TimeUnit::Quarterly);
        let year = cloud.period_to_date_usd(TimeUnit::Annually);
        let all: f64 = cloud
            .monthly_charges()
            .iter()
            .map(MonthCharges::total_usd)
            .sum();
        assert!(month < quarter);
        assert!((quarter - all).abs() < 1e-9 && (year - all).abs() < 1e-9);
        assert!(
            cloud.forecast_period_usd(TimeUnit::Annually)
                > cloud.forecast_period_usd(TimeUnit::Quarterly)
        );
    }

    #[test]
    fn budgets_that_do_not_track_cost_never_alert() {
        let mut cloud = Cloud::default();
        let mut usage = budget("1", 1.0, "ACTUAL");
        usage.budget.budget_type = "USAGE".into();
        cloud.create_budget(usage).unwrap();
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        cloud.advance(Duration::from_secs(24 * 3600));
        assert!(cloud.sent_budget_notifications().is_empty());
    }

    #[test]
    fn a_forecast_alert_fires_from_the_rate() {
        let mut cloud = Cloud::default();
        cloud
            .create_budget(budget("1.0", 100.0, "FORECASTED"))
            .unwrap();
        // $0.005/h over the rest of January (~639 h) forecasts ~$3.2.
        cloud
            .allocate_address(AllocateAddressInput::default())
            .unwrap();
        cloud.advance(Duration::from_secs(60));
        assert_eq!(cloud.sent_budget_notifications().len(), 1);
        assert_eq!(
            cloud.sent_budget_notifications()[0].notification_type,
            "FORECASTED"
        );
    }
}
