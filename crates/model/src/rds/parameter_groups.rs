//! DB parameter groups: the engine settings an instance runs with. Every
//! family has a default group (`default.mysql8.4`) that cannot be changed; a
//! group of one's own can, one parameter at a time. A dynamic parameter
//! applies at once (`immediate`); a static one, and any new group given to an
//! instance, wait for a reboot (`pending-reboot`), as on RDS.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::DbInstance;
use super::engines::instance_class;
use super::errors::RdsError;
use crate::cloud::Cloud;

/// A parameter the lab knows: its name, engine, whether it applies without
/// a reboot, its type and range, and its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParameterInfo {
    /// `max_connections`.
    pub name: &'static str,
    /// `mysql` or `postgres`.
    pub engine: &'static str,
    /// `dynamic` (applies at once) or `static` (after a reboot).
    pub apply_type: &'static str,
    /// `integer`, `boolean` or `string`.
    pub data_type: &'static str,
    /// What values it takes (`1-100000`, `0,1`).
    pub allowed: &'static str,
    /// Its default, or a formula of the instance's memory.
    pub default: &'static str,
    /// What it does.
    pub description: &'static str,
}

/// The parameters the lab simulates.
pub const PARAMETERS: &[ParameterInfo] = &[
    ParameterInfo {
        name: "max_connections",
        engine: "mysql",
        apply_type: "dynamic",
        data_type: "integer",
        allowed: "1-100000",
        default: "{DBInstanceClassMemory/12582880}",
        description: "The number of simultaneous client connections allowed.",
    },
    ParameterInfo {
        name: "slow_query_log",
        engine: "mysql",
        apply_type: "dynamic",
        data_type: "boolean",
        allowed: "0,1",
        default: "0",
        description: "Whether the slow query log is enabled.",
    },
    ParameterInfo {
        name: "long_query_time",
        engine: "mysql",
        apply_type: "dynamic",
        data_type: "float",
        allowed: "0-31536000",
        default: "10",
        description: "Queries that take longer than this many seconds are slow.",
    },
    ParameterInfo {
        name: "time_zone",
        engine: "mysql",
        apply_type: "dynamic",
        data_type: "string",
        allowed: "UTC,Asia/Seoul,Asia/Tokyo,US/Eastern,Europe/London",
        default: "UTC",
        description: "The server time zone.",
    },
    ParameterInfo {
        name: "innodb_buffer_pool_size",
        engine: "mysql",
        apply_type: "static",
        data_type: "integer",
        allowed: "5242880-18446744073709551615",
        default: "{DBInstanceClassMemory*3/4}",
        description: "The size in bytes of the memory buffer InnoDB uses to cache data and indexes.",
    },
    ParameterInfo {
        name: "max_connections",
        engine: "postgres",
        apply_type: "static",
        data_type: "integer",
        allowed: "6-262143",
        default: "LEAST({DBInstanceClassMemory/9531392},5000)",
        description: "Sets the maximum number of concurrent connections.",
    },
    ParameterInfo {
        name: "log_min_duration_statement",
        engine: "postgres",
        apply_type: "dynamic",
        data_type: "integer",
        allowed: "-1-2147483647",
        default: "-1",
        description: "Logs statements that run at least this many milliseconds (-1: none).",
    },
];

/// A DB parameter group of the account's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbParameterGroup {
    /// Its name (lowercase).
    pub name: String,
    /// `mysql8.4`, ...
    pub family: String,
    /// Its description.
    pub description: String,
    /// Values changed from the engine's defaults.
    pub values: BTreeMap<String, String>,
}

/// `CreateDBParameterGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateDbParameterGroupInput {
    /// Its name.
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: String,
    /// `mysql8.4`, `postgres17`, ...
    #[serde(rename = "DBParameterGroupFamily")]
    pub db_parameter_group_family: String,
    /// Its description.
    pub description: String,
}

/// `DBParameterGroupName` alone (describe, delete).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbParameterGroupNameInput {
    /// The group (every group when left out, for describe).
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: Option<String>,
}

/// One parameter as given to `ModifyDBParameterGroup`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ParameterInput {
    /// The parameter.
    pub parameter_name: String,
    /// Its new value.
    pub parameter_value: Option<String>,
    /// `immediate` or `pending-reboot`.
    pub apply_method: Option<String>,
}

/// `ModifyDBParameterGroup` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyDbParameterGroupInput {
    /// The group.
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: String,
    /// Up to 20 parameters.
    pub parameters: Vec<ParameterInput>,
}

/// `DescribeDBParameters` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeDbParametersInput {
    /// The group.
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: String,
    /// `user`, `system` or `engine-default`.
    pub source: Option<String>,
}

/// `DBParameterGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbParameterGroupShape {
    /// Its name.
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: String,
    /// Its family.
    #[serde(rename = "DBParameterGroupFamily")]
    pub db_parameter_group_family: String,
    /// Its description.
    pub description: String,
    /// Its ARN.
    #[serde(rename = "DBParameterGroupArn")]
    pub db_parameter_group_arn: String,
}

/// `CreateDBParameterGroup` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateDbParameterGroupOutput {
    /// The group.
    #[serde(rename = "DBParameterGroup")]
    pub db_parameter_group: DbParameterGroupShape,
}

/// `DescribeDBParameterGroups` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDbParameterGroupsOutput {
    /// The groups.
    #[serde(rename = "DBParameterGroups")]
    pub db_parameter_groups: Vec<DbParameterGroupShape>,
}

/// `ModifyDBParameterGroup` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyDbParameterGroupOutput {
    /// The group.
    #[serde(rename = "DBParameterGroupName")]
    pub db_parameter_group_name: String,
}

/// `Parameter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ParameterShape {
    /// Its name.
    pub parameter_name: String,
    /// Its value.
    pub parameter_value: String,
    /// What it does.
    pub description: String,
    /// `engine-default` or `user`.
    pub source: String,
    /// `dynamic` or `static`.
    pub apply_type: String,
    /// Its type.
    pub data_type: String,
    /// Its range.
    pub allowed_values: String,
    /// Whether it may be changed.
    pub is_modifiable: bool,
    /// `pending-reboot` for static parameters, `immediate` for dynamic ones.
    pub apply_method: String,
}

/// `DescribeDBParameters` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDbParametersOutput {
    /// The parameters.
    pub parameters: Vec<ParameterShape>,
}

fn family_engine(family: &str) -> &'static str {
    if family.starts_with("postgres") {
        "postgres"
    } else {
        "mysql"
    }
}

/// The value a parameter takes on `class`: a formula of the class's memory
/// worked out (`{DBInstanceClassMemory/12582880}` on 1 GiB is 85).
pub fn resolve_default(formula: &str, class: &str) -> String {
    let memory = instance_class(class).map(|c| c.memory_gib).unwrap_or(1) * 1024 * 1024 * 1024;
    if let Some(divisor) = formula
        .strip_prefix("{DBInstanceClassMemory/")
        .and_then(|r| r.strip_suffix('}'))
        .and_then(|d| d.parse::<u64>().ok())
    {
        return (memory / divisor).to_string();
    }
    if formula == "{DBInstanceClassMemory*3/4}" {
        return (memory * 3 / 4).to_string();
    }
    if let Some(divisor) = formula
        .strip_prefix("LEAST({DBInstanceClassMemory/")
        .and_then(|r| r.strip_suffix("},5000)"))
        .and_then(|d| d.parse::<u64>().ok())
    {
        return (memory / divisor).min(5000).to_string();
    }
    formula.to_string()
}

impl Cloud {
    /// The account's own parameter group `name`.
    pub fn db_parameter_group(&self, name: &str) -> Option<&DbParameterGroup> {
        let name = name.to_ascii_lowercase();
        self.rds.parameter_groups.iter().find(|g| g.name == name)
    }

    /// The family of group `name`: a default group's, or one of the account's.
    fn group_family(&self, name: &str) -> Option<String> {
        if let Some(family) = name.strip_prefix("default.") {
            return super::engines::ENGINE_VERSIONS
                .iter()
                .any(|v| v.family == family)
                .then(|| family.to_string());
        }
        self.db_parameter_group(name).map(|g| g.family.clone())
    }

    /// What `parameter` is set to in group `group` on an instance of `class`.
    pub fn parameter_value(&self, group: &str, parameter: &ParameterInfo, class: &str) -> String {
        self.db_parameter_group(group)
            .and_then(|g| g.values.get(parameter.name).cloned())
            .unwrap_or_else(|| resolve_default(parameter.default, class))
    }

    /// The values `instance` runs with now (its group's, as last applied).
    pub fn effective_parameters(&self, instance: &DbInstance) -> BTreeMap<String, String> {
        let mut values: BTreeMap<String, String> = PARAMETERS
            .iter()
            .filter(|p| p.engine == instance.engine)
            .map(|p| {
                (
                    p.name.to_string(),
                    resolve_default(p.default, &instance.class),
                )
            })
            .collect();
        values.extend(instance.applied_parameters.clone());
        values
    }

    fn group_shape(&self, name: &str, family: &str, description: &str) -> DbParameterGroupShape {
        DbParameterGroupShape {
            db_parameter_group_name: name.to_string(),
            db_parameter_group_family: family.to_string(),
            description: description.to_string(),
            db_parameter_group_arn: format!(
                "arn:aws:rds:{}:{}:pg:{name}",
                self.region().code,
                self.config.account_id
            ),
        }
    }

    /// `rds create-db-parameter-group`.
    pub fn create_db_parameter_group(
        &mut self,
        input: CreateDbParameterGroupInput,
    ) -> Result<CreateDbParameterGroupOutput, RdsError> {
        self.rds_call("CreateDBParameterGroup", |c| {
            let name = input.db_parameter_group_name.to_ascii_lowercase();
            let valid = name.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic())
                && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
                && !name.ends_with('-')
                && !name.contains("--")
                && name.len() <= 255;
            if !valid || name.starts_with("default") {
                return Err(RdsError::InvalidParameterValue(format!(
                    "The parameter DBParameterGroupName is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens. ({name})"
                )));
            }
            if !super::engines::ENGINE_VERSIONS
                .iter()
                .any(|v| v.family == input.db_parameter_group_family)
            {
                return Err(RdsError::InvalidParameterValue(format!(
                    "DBParameterGroupFamily {} is not a valid parameter group family",
                    input.db_parameter_group_family
                )));
            }
            if c.db_parameter_group(&name).is_some() {
                return Err(RdsError::DbParameterGroupAlreadyExists(name));
            }
            let shape = c.group_shape(&name, &input.db_parameter_group_family, &input.description);
            c.rds.parameter_groups.push(DbParameterGroup {
                name,
                family: input.db_parameter_group_family.clone(),
                description: input.description.clone(),
                values: BTreeMap::new(),
            });
            Ok(CreateDbParameterGroupOutput {
                db_parameter_group: shape,
            })
        })
    }

    /// `rds describe-db-parameter-groups`: the default groups of the engines
    /// in use, and the account's own.
    pub fn describe_db_parameter_groups(
        &mut self,
        input: DbParameterGroupNameInput,
    ) -> Result<DescribeDbParameterGroupsOutput, RdsError> {
        self.rds_call("DescribeDBParameterGroups", |c| {
            let mut groups: Vec<DbParameterGroupShape> = Vec::new();
            let mut families: Vec<&str> =
                c.rds.instances.iter().map(|i| i.family.as_str()).collect();
            families.sort_unstable();
            families.dedup();
            for family in families {
                groups.push(c.group_shape(
                    &format!("default.{family}"),
                    family,
                    &format!("Default parameter group for {family}"),
                ));
            }
            for g in &c.rds.parameter_groups {
                groups.push(c.group_shape(&g.name, &g.family, &g.description));
            }
            if let Some(wanted) = &input.db_parameter_group_name {
                let wanted = wanted.to_ascii_lowercase();
                if let Some(family) = c.group_family(&wanted)
                    && !groups.iter().any(|g| g.db_parameter_group_name == wanted)
                {
                    groups.push(c.group_shape(
                        &wanted,
                        &family,
                        &format!("Default parameter group for {family}"),
                    ));
                }
                groups.retain(|g| g.db_parameter_group_name == wanted);
                if groups.is_empty() {
                    return Err(RdsError::DbParameterGroupNotFound(wanted));
                }
            }
            Ok(DescribeDbParameterGroupsOutput {
                db_parameter_groups: groups,
            })
        })
    }

    /// `rds describe-db-parameters`: the parameters the lab simulates, with
    /// their values in the group (formulas for a default group).
    pub fn describe_db_parameters(
        &mut self,
        input: DescribeDbParametersInput,
    ) -> Result<DescribeDbParametersOutput, RdsError> {
        self.rds_call("DescribeDBParameters", |c| {
            let name = input.db_parameter_group_name.to_ascii_lowercase();
            let family = c
                .group_family(&name)
                .ok_or_else(|| RdsError::DbParameterGroupNotFound(name.clone()))?;
            let engine = family_engine(&family);
            let own = c.db_parameter_group(&name);
            let parameters = PARAMETERS
                .iter()
                .filter(|p| p.engine == engine)
                .map(|p| {
                    let user = own.and_then(|g| g.values.get(p.name));
                    ParameterShape {
                        parameter_name: p.name.into(),
                        parameter_value: user.cloned().unwrap_or_else(|| p.default.to_string()),
                        description: p.description.into(),
                        source: if user.is_some() {
                            "user"
                        } else {
                            "engine-default"
                        }
                        .into(),
                        apply_type: p.apply_type.into(),
                        data_type: p.data_type.into(),
                        allowed_values: p.allowed.into(),
                        is_modifiable: true,
                        apply_method: if p.apply_type == "static" {
                            "pending-reboot"
                        } else {
                            "immediate"
                        }
                        .into(),
                    }
                })
                .filter(|p| input.source.as_ref().is_none_or(|s| *s == p.source))
                .collect();
            Ok(DescribeDbParametersOutput { parameters })
        })
    }

    /// `rds modify-db-parameter-group`: dynamic parameters with `immediate`
    /// reach the instances using the group at once; the others wait for each
    /// instance's reboot.
    pub fn modify_db_parameter_group(
        &mut self,
        input: ModifyDbParameterGroupInput,
    ) -> Result<ModifyDbParameterGroupOutput, RdsError> {
        self.rds_call("ModifyDBParameterGroup", |c| {
            let name = input.db_parameter_group_name.to_ascii_lowercase();
            if name.starts_with("default.") {
                return Err(RdsError::InvalidParameterValue(
                    "Cannot modify a default parameter group.".into(),
                ));
            }
            let group = c
                .db_parameter_group(&name)
                .cloned()
                .ok_or_else(|| RdsError::DbParameterGroupNotFound(name.clone()))?;
            if input.parameters.is_empty() || input.parameters.len() > 20 {
                return Err(RdsError::InvalidParameterValue(
                    "The number of parameters must be between 1 and 20.".into(),
                ));
            }
            let engine = family_engine(&group.family);
            let mut immediate = BTreeMap::new();
            let mut changed = group.values.clone();
            for p in &input.parameters {
                let info = PARAMETERS
                    .iter()
                    .find(|i| i.engine == engine && i.name == p.parameter_name)
                    .ok_or_else(|| {
                        RdsError::InvalidParameterValue(format!(
                            "Could not find parameter with name: {}",
                            p.parameter_name
                        ))
                    })?;
                let value = p.parameter_value.clone().ok_or_else(|| {
                    RdsError::InvalidParameterValue(format!(
                        "A value must be given for parameter {}",
                        p.parameter_name
                    ))
                })?;
                let method = p
                    .apply_method
                    .clone()
                    .unwrap_or_else(|| "pending-reboot".into());
                if method == "immediate" && info.apply_type == "static" {
                    return Err(RdsError::InvalidParameterCombination(format!(
                        "cannot use immediate apply method for static parameter {}",
                        p.parameter_name
                    )));
                }
                if info.data_type == "integer" && value.parse::<i64>().is_err() {
                    return Err(RdsError::InvalidParameterValue(format!(
                        "Value: {value} is not a valid value for the parameter: {}",
                        p.parameter_name
                    )));
                }
                if method == "immediate" {
                    immediate.insert(p.parameter_name.clone(), value.clone());
                }
                changed.insert(p.parameter_name.clone(), value);
            }
            if let Some(g) = c.rds.parameter_groups.iter_mut().find(|g| g.name == name) {
                g.values = changed;
            }
            let any_static = input
                .parameters
                .iter()
                .any(|p| !immediate.contains_key(&p.parameter_name));
            for instance in c
                .rds
                .instances
                .iter_mut()
                .filter(|i| i.parameter_group == name)
            {
                instance.applied_parameters.extend(immediate.clone());
                if any_static {
                    instance.parameters_pending_reboot = true;
                }
            }
            Ok(ModifyDbParameterGroupOutput {
                db_parameter_group_name: name,
            })
        })
    }

    /// `rds delete-db-parameter-group` (not while an instance uses it).
    pub fn delete_db_parameter_group(
        &mut self,
        input: DbParameterGroupNameInput,
    ) -> Result<(), RdsError> {
        self.rds_call("DeleteDBParameterGroup", |c| {
            let name = input
                .db_parameter_group_name
                .clone()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if name.starts_with("default.") {
                return Err(RdsError::InvalidDbParameterGroupState(
                    "Default DBParameterGroup cannot be deleted".into(),
                ));
            }
            if c.db_parameter_group(&name).is_none() {
                return Err(RdsError::DbParameterGroupNotFound(name));
            }
            if let Some(user) = c.rds.instances.iter().find(|i| i.parameter_group == name) {
                return Err(RdsError::InvalidDbParameterGroupState(format!(
                    "One or more database instances are still members of this parameter group {name}, so the group cannot be deleted ({})",
                    user.identifier
                )));
            }
            c.rds.parameter_groups.retain(|g| g.name != name);
            Ok(())
        })
    }

    /// Gives `instance` the values of its group, as a reboot does.
    pub(crate) fn apply_parameter_group(&self, instance: &mut DbInstance) {
        let group = instance.parameter_group.clone();
        instance.applied_parameters = self
            .db_parameter_group(&group)
            .map(|g| g.values.clone())
            .unwrap_or_default();
        instance.parameters_pending_reboot = false;
    }

    /// Checks a group named for an instance of `family`.
    pub(crate) fn check_group_for(&self, group: &str, family: &str) -> Result<String, RdsError> {
        let name = group.to_ascii_lowercase();
        let found = self
            .group_family(&name)
            .ok_or_else(|| RdsError::DbParameterGroupNotFound(name.clone()))?;
        if found != family {
            return Err(RdsError::InvalidParameterCombination(format!(
                "The parameter group {name} with DBParameterGroupFamily {found} can't be used for this instance. Use a parameter group with DBParameterGroupFamily {family}."
            )));
        }
        Ok(name)
    }
}
