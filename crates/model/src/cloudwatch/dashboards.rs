//! Dashboards: `PutDashboard`, `GetDashboard`, `ListDashboards`,
//! `DeleteDashboards`, and the widgets a body describes (what the console draws
//! from the model's metrics).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::errors::CloudWatchError;
use super::metrics::Dimension;
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// A dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Its name.
    pub name: String,
    /// The JSON body, as put.
    pub body: String,
    /// When it was last put.
    pub last_modified: SimTime,
}

/// A metric a widget draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetMetric {
    /// `AWS/EC2`.
    pub namespace: String,
    /// `CPUUtilization`.
    pub metric_name: String,
    /// Its dimensions.
    pub dimensions: Vec<Dimension>,
}

/// One widget of a dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Widget {
    /// `metric`, `text`, `alarm` ...
    pub kind: String,
    /// Its title (or the first metric's name).
    pub title: String,
    /// Grid position and size (24 columns wide).
    pub x: i64,
    /// Row.
    pub y: i64,
    /// Columns.
    pub width: i64,
    /// Rows.
    pub height: i64,
    /// A metric widget's metrics.
    pub metrics: Vec<WidgetMetric>,
    /// Seconds per point (300 when left out).
    pub period: u64,
    /// `Average` when left out.
    pub stat: String,
    /// A text widget's Markdown.
    pub markdown: String,
}

/// `cloudwatch put-dashboard`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutDashboardInput {
    /// The name.
    pub dashboard_name: String,
    /// The JSON body.
    pub dashboard_body: String,
}

/// A validation message.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DashboardValidationMessage {
    /// Where.
    pub data_path: String,
    /// What.
    pub message: String,
}

/// `put-dashboard`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutDashboardOutput {
    /// Warnings (none when the body is valid).
    pub dashboard_validation_messages: Vec<DashboardValidationMessage>,
}

/// `cloudwatch get-dashboard`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetDashboardInput {
    /// The name.
    pub dashboard_name: String,
}

/// `get-dashboard`'s answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDashboardOutput {
    /// `arn:aws:cloudwatch::<account>:dashboard/<name>`.
    pub dashboard_arn: String,
    /// The body.
    pub dashboard_body: String,
    /// The name.
    pub dashboard_name: String,
}

/// `cloudwatch list-dashboards`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListDashboardsInput {
    /// Only names starting with this.
    pub dashboard_name_prefix: Option<String>,
}

/// A dashboard in a list.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DashboardEntry {
    /// The name.
    pub dashboard_name: String,
    /// The ARN.
    pub dashboard_arn: String,
    /// When it was last put.
    pub last_modified: Timestamp,
    /// The body's size in bytes.
    pub size: usize,
}

/// `list-dashboards`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDashboardsOutput {
    /// The dashboards, by name.
    pub dashboard_entries: Vec<DashboardEntry>,
}

/// `cloudwatch delete-dashboards`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteDashboardsInput {
    /// The names.
    pub dashboard_names: Vec<String>,
}

const WIDGET_TYPES: [&str; 6] = ["metric", "text", "alarm", "log", "explorer", "custom"];

/// The problems of a dashboard body, as (data path, message).
fn body_problems(body: &Value) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let Some(widgets) = body.get("widgets").and_then(Value::as_array) else {
        problems.push((
            String::new(),
            "Should have required property 'widgets'".into(),
        ));
        return problems;
    };
    for (i, widget) in widgets.iter().enumerate() {
        let path = format!("/widgets/{i}");
        let Some(kind) = widget.get("type").and_then(Value::as_str) else {
            problems.push((path, "Should have required property 'type'".into()));
            continue;
        };
        if !WIDGET_TYPES.contains(&kind) {
            problems.push((
                format!("{path}/type"),
                format!(
                    "Should be equal to one of the allowed values: {}",
                    WIDGET_TYPES.join(", ")
                ),
            ));
            continue;
        }
        let Some(properties) = widget.get("properties") else {
            problems.push((path, "Should have required property 'properties'".into()));
            continue;
        };
        if kind == "metric" {
            if properties.get("region").and_then(Value::as_str).is_none() {
                problems.push((
                    format!("{path}/properties"),
                    "Should have required property 'region'".into(),
                ));
            }
            match properties.get("metrics").and_then(Value::as_array) {
                Some(rows) if rows.iter().all(Value::is_array) => {}
                Some(_) => problems.push((
                    format!("{path}/properties/metrics"),
                    "Should be array of arrays".into(),
                )),
                None => problems.push((
                    format!("{path}/properties"),
                    "Should have required property 'metrics'".into(),
                )),
            }
        }
        if kind == "text" && properties.get("markdown").and_then(Value::as_str).is_none() {
            problems.push((
                format!("{path}/properties"),
                "Should have required property 'markdown'".into(),
            ));
        }
    }
    problems
}

/// The metrics of a metric widget's rows: strings, where `.` repeats the row
/// above's value there and `...` the row above's values up to those given after it.
fn widget_metrics(rows: &[Value]) -> Vec<WidgetMetric> {
    let mut previous: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for row in rows {
        let Some(items) = row.as_array() else {
            continue;
        };
        let mut values: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some("...") => {
                    // The row above's values, up to those this row gives after it.
                    let after = items[i + 1..].iter().filter(|v| v.is_string()).count();
                    let end = previous.len().saturating_sub(after).max(i);
                    values.extend(previous.iter().take(end).skip(i).cloned());
                }
                Some(".") => values.push(previous.get(i).cloned().unwrap_or_default()),
                Some(text) => values.push(text.to_string()),
                None => {}
            }
        }
        if values.len() >= 2 {
            let dimensions = values[2..]
                .chunks(2)
                .filter(|pair| pair.len() == 2)
                .map(|pair| Dimension {
                    name: pair[0].clone(),
                    value: pair[1].clone(),
                })
                .collect();
            out.push(WidgetMetric {
                namespace: values[0].clone(),
                metric_name: values[1].clone(),
                dimensions,
            });
        }
        previous = values;
    }
    out
}

impl Dashboard {
    /// The widgets its body describes, in order.
    pub fn widgets(&self) -> Vec<Widget> {
        let Ok(body) = serde_json::from_str::<Value>(&self.body) else {
            return Vec::new();
        };
        let int = |w: &Value, key: &str, default: i64| {
            w.get(key).and_then(Value::as_i64).unwrap_or(default)
        };
        body.get("widgets")
            .and_then(Value::as_array)
            .map(|widgets| {
                widgets
                    .iter()
                    .map(|w| {
                        let p = w.get("properties").cloned().unwrap_or(Value::Null);
                        let metrics = p
                            .get("metrics")
                            .and_then(Value::as_array)
                            .map(|rows| widget_metrics(rows))
                            .unwrap_or_default();
                        let title = p
                            .get("title")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .or_else(|| metrics.first().map(|m| m.metric_name.clone()))
                            .unwrap_or_default();
                        Widget {
                            kind: w
                                .get("type")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_string(),
                            title,
                            x: int(w, "x", 0),
                            y: int(w, "y", 0),
                            width: int(w, "width", 6),
                            height: int(w, "height", 6),
                            metrics,
                            period: p
                                .get("period")
                                .and_then(Value::as_u64)
                                .unwrap_or(300)
                                .max(60),
                            stat: p
                                .get("stat")
                                .and_then(Value::as_str)
                                .unwrap_or("Average")
                                .to_string(),
                            markdown: p
                                .get("markdown")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_string(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Cloud {
    /// `arn:aws:cloudwatch::<account>:dashboard/<name>`.
    pub fn dashboard_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:cloudwatch::{}:dashboard/{name}",
            self.config.account_id
        )
    }

    /// The dashboards, by name.
    pub fn dashboards(&self) -> &[Dashboard] {
        &self.cloudwatch.dashboards
    }

    /// A dashboard by name.
    pub fn dashboard(&self, name: &str) -> Option<&Dashboard> {
        self.cloudwatch.dashboards.iter().find(|d| d.name == name)
    }

    /// `PutDashboard`: creates or replaces it; a body with problems is refused.
    pub fn put_dashboard(
        &mut self,
        input: PutDashboardInput,
    ) -> Result<PutDashboardOutput, CloudWatchError> {
        self.cloudwatch_call("PutDashboard", |c| {
            let name = &input.dashboard_name;
            if name.is_empty()
                || name.len() > 255
                || !name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
            {
                return Err(CloudWatchError::InvalidParameterValue(
                    "The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).".into(),
                ));
            }
            let Ok(body) = serde_json::from_str::<Value>(&input.dashboard_body) else {
                return Err(CloudWatchError::InvalidParameterInput(
                    "The field DashboardBody must be a valid JSON object".into(),
                ));
            };
            if !body.is_object() {
                return Err(CloudWatchError::InvalidParameterInput(
                    "The field DashboardBody must be a valid JSON object".into(),
                ));
            }
            let problems = body_problems(&body);
            if !problems.is_empty() {
                let listed: Vec<String> = problems
                    .iter()
                    .map(|(path, message)| format!("{{\n  \"dataPath\": \"{path}\",\n  \"message\": \"{message}\"\n}}"))
                    .collect();
                return Err(CloudWatchError::InvalidParameterInput(format!(
                    "The dashboard body is invalid, there are {} validation errors: \n[\n{}\n]",
                    problems.len(),
                    listed.join(",\n")
                )));
            }
            let dashboard = Dashboard {
                name: name.clone(),
                body: input.dashboard_body.clone(),
                last_modified: c.now,
            };
            match c.cloudwatch.dashboards.iter_mut().find(|d| d.name == *name) {
                Some(existing) => *existing = dashboard,
                None => {
                    let at = c.cloudwatch.dashboards.partition_point(|d| d.name < *name);
                    c.cloudwatch.dashboards.insert(at, dashboard);
                }
            }
            Ok(PutDashboardOutput {
                dashboard_validation_messages: Vec::new(),
            })
        })
    }

    /// `GetDashboard`.
    pub fn get_dashboard(
        &mut self,
        input: GetDashboardInput,
    ) -> Result<GetDashboardOutput, CloudWatchError> {
        self.cloudwatch_call("GetDashboard", |c| {
            let d = c.dashboard(&input.dashboard_name).ok_or_else(|| {
                CloudWatchError::ResourceNotFound(format!(
                    "Dashboard {} does not exist",
                    input.dashboard_name
                ))
            })?;
            Ok(GetDashboardOutput {
                dashboard_arn: c.dashboard_arn(&d.name),
                dashboard_body: d.body.clone(),
                dashboard_name: d.name.clone(),
            })
        })
    }

    /// `ListDashboards`.
    pub fn list_dashboards(
        &mut self,
        input: ListDashboardsInput,
    ) -> Result<ListDashboardsOutput, CloudWatchError> {
        self.cloudwatch_call("ListDashboards", |c| {
            let dashboard_entries = c
                .cloudwatch
                .dashboards
                .iter()
                .filter(|d| {
                    input
                        .dashboard_name_prefix
                        .as_ref()
                        .is_none_or(|p| d.name.starts_with(p.as_str()))
                })
                .map(|d| DashboardEntry {
                    dashboard_name: d.name.clone(),
                    dashboard_arn: c.dashboard_arn(&d.name),
                    last_modified: Timestamp(d.last_modified),
                    size: d.body.len(),
                })
                .collect();
            Ok(ListDashboardsOutput { dashboard_entries })
        })
    }

    /// `DeleteDashboards`: every name must exist, or nothing is deleted.
    pub fn delete_dashboards(
        &mut self,
        input: DeleteDashboardsInput,
    ) -> Result<(), CloudWatchError> {
        self.cloudwatch_call("DeleteDashboards", |c| {
            if let Some(missing) = input
                .dashboard_names
                .iter()
                .find(|n| c.dashboard(n).is_none())
            {
                return Err(CloudWatchError::ResourceNotFound(format!(
                    "Dashboard {missing} does not exist"
                )));
            }
            c.cloudwatch
                .dashboards
                .retain(|d| !input.dashboard_names.contains(&d.name));
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dashboard_body_is_checked_and_its_widgets_read() {
        let mut cloud = Cloud::default();
        let bad = cloud.put_dashboard(PutDashboardInput {
            dashboard_name: "web".into(),
            dashboard_body: r#"{"widgets":[{"type":"metric","properties":{"metrics":[["AWS/EC2","CPUUtilization"]]}}]}"#.into(),
        });
        let bad = bad.unwrap_err();
        assert_eq!(bad.code(), "InvalidParameterInput");
        assert!(
            bad.message()
                .contains("Should have required property 'region'"),
            "{}",
            bad.message()
        );
        let not_json = cloud.put_dashboard(PutDashboardInput {
            dashboard_name: "web".into(),
            dashboard_body: "widgets".into(),
        });
        assert_eq!(
            not_json.unwrap_err().message(),
            "The field DashboardBody must be a valid JSON object"
        );
        cloud
            .put_dashboard(PutDashboardInput {
                dashboard_name: "web".into(),
                dashboard_body: r##"{"widgets":[{"type":"metric","x":0,"y":0,"width":12,"height":6,"properties":{"metrics":[["AWS/EC2","CPUUtilization","InstanceId","i-1"],["...","i-2"]],"period":60,"stat":"Maximum","region":"ap-northeast-2","title":"Web CPU"}},{"type":"text","properties":{"markdown":"# Web"}}]}"##.into(),
            })
            .unwrap();
        let widgets = cloud.dashboard("web").unwrap().widgets();
        assert_eq!(widgets.len(), 2);
        assert_eq!(widgets[0].title, "Web CPU");
        assert_eq!(
            (widgets[0].period, widgets[0].stat.as_str()),
            (60, "Maximum")
        );
        let instances: Vec<&str> = widgets[0]
            .metrics
            .iter()
            .map(|m| m.dimensions[0].value.as_str())
            .collect();
        assert_eq!(instances, ["i-1", "i-2"]);
        assert_eq!(widgets[1].markdown, "# Web");
        let missing = cloud.delete_dashboards(DeleteDashboardsInput {
            dashboard_names: vec!["web".into(), "nope".into()],
        });
        assert_eq!(
            missing.unwrap_err().message(),
            "Dashboard nope does not exist"
        );
        cloud
            .delete_dashboards(DeleteDashboardsInput {
                dashboard_names: vec!["web".into()],
            })
            .unwrap();
        assert!(cloud.dashboards().is_empty());
    }
}
