//! AWS Budgets: `CreateBudget`, `DescribeBudgets`, `DescribeBudget`,
//! `DeleteBudget`, `DescribeNotificationsForBudget`, and the e-mail alerts a
//! budget sends.
//!
//! A `COST` budget compares the month-to-date cost (`ACTUAL`) or the
//! month's forecast (`FORECASTED`) with its threshold (a percentage of the
//! limit, or an absolute amount). When the clock moves past the point where
//! the comparison holds, the alert is recorded once per month as a
//! [`SentNotification`] (what the subscribers would receive), and the
//! notification's state becomes `ALARM`. AWS evaluates budgets a few times a
//! day; the simulation checks whenever the clock moves.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;
use crate::clock::{SimTime, Timestamp};
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
            BudgetsError::NotFound { message } | BudgetsError::InvalidParameter { message } => {
                message.clone()
            }
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

/// The budget as given to `CreateBudget`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BudgetInput {
    /// The name.
    pub budget_name: String,
    /// The limit.
    pub budget_limit: Option<Spend>,
    /// `MONTHLY` (the simulation supports monthly budgets).
    pub time_unit: String,
    /// `COST`.
    pub budget_type: String,
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
    /// Its notifications.
    pub notifications: Vec<NotificationWithSubscribers>,
    /// When it was created or last changed.
    pub last_updated: SimTime,
    /// For each notification: the `(year, month)` it last fired in.
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
    /// The amount compared (month-to-date or forecast), in dollars with
    /// two decimals.
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
    /// The month's start.
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
    /// `MONTHLY`.
    pub time_unit: String,
    /// The current period.
    pub time_period: TimePeriod,
    /// What was spent and is forecast.
    pub calculated_spend: CalculatedSpend,
    /// `COST`.
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
        let u = self.now.to_utc();
        let start_unix = crate::clock::days_from_civil(u.year, u.month, 1) * 86_400_000;
        let start = SimTime(
            u64::try_from(start_unix - crate::clock::ACCOUNT_CREATED_UNIX_MS as i64).unwrap_or(0),
        );
        BudgetInfo {
            budget_name: b.budget_name.clone(),
            budget_limit: Spend {
                amount: b.limit_amount.clone(),
                unit: b.limit_unit.clone(),
            },
            time_unit: "MONTHLY".into(),
            time_period: TimePeriod {
                start: Timestamp(start),
            },
            calculated_spend: CalculatedSpend {
                actual_spend: usd(self.month_to_date_usd()),
                forecasted_spend: usd(self.forecast_month_usd()),
            },
            budget_type: "COST".into(),
            last_updated_time: Timestamp(b.last_updated),
        }
    }

    /// `budgets create-budget`: a monthly `COST` budget with alerts.
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
            let Some(limit) = &b.budget_limit else {
                return Err(BudgetsError::invalid(
                    "Unable to create/update budget - please provide one of the followings: Budget Limit/ Planned Budget Limit/ Auto Adjust Data",
                ));
            };
            if limit.amount.parse::<f64>().map_or(true, |a| !a.is_finite() || a < 0.0) {
                return Err(BudgetsError::invalid(format!(
                    "1 validation error detected: Value '{}' at 'budget.budgetLimit.amount' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9]*\\.)?[0-9]+",
                    limit.amount
                )));
            }
            if b.budget_type != "COST" || b.time_unit != "MONTHLY" {
                return Err(BudgetsError::invalid(
                    "The simulation supports COST budgets with TimeUnit MONTHLY.",
                ));
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
                if n.subscribers.is_empty() {
                    return Err(BudgetsError::invalid("A notification needs at least one subscriber."));
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
                let u = c.now.to_utc();
                let b = c.budget_named(&input.budget_name)?;
                Ok(DescribeNotificationsOutput {
                    notifications: b
                        .notifications
                        .iter()
                        .zip(&b.fired)
                        .map(|(n, fired)| Notification {
                            notification_state: Some(
                                if *fired == Some((u.year, u.month)) {
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

    /// Sends the alerts whose condition now holds (once per month each).
    pub(crate) fn check_budgets(&mut self) {
        if self.billing.budgets.is_empty() {
            return;
        }
        let actual = self.month_to_date_usd();
        let forecast = self.forecast_month_usd();
        let u = self.now.to_utc();
        let now = self.now;
        let mut sent = Vec::new();
        for b in &mut self.billing.budgets {
            let budget = b.clone();
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
                let this_month = Some((u.year, u.month));
                if holds && b.fired.get(i).copied().flatten() != this_month {
                    if let Some(f) = b.fired.get_mut(i) {
                        *f = this_month;
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
            notifications_with_subscribers: vec![NotificationWithSubscribers {
                notification: Notification {
                    notification_type: kind.into(),
                    comparison_operator: "GREATER_THAN".into(),
                    threshold,
                    threshold_type: Some("PERCENTAGE".into()),
                    notification_state: None,
                },
                subscribers: vec![Subscriber {
                    subscription_type: "EMAIL".into(),
                    address: "learner@example.com".into(),
                }],
            }],
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
