//! Published versions (code and settings frozen) and aliases (names that point
//! at a version and can be moved).

use serde::{Deserialize, Serialize};

use super::functions::{FunctionConfiguration, FunctionRefInput, split_function_ref};
use super::{Alias, LambdaError, PublishedVersion};
use crate::cloud::Cloud;

/// `lambda publish-version`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublishVersionInput {
    /// The function.
    pub function_name: String,
    /// The version's description.
    pub description: Option<String>,
    /// Only if `$LATEST`'s code has this hash.
    pub code_sha256: Option<String>,
}

/// `list-versions-by-function`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListVersionsOutput {
    /// `$LATEST` and every published version.
    pub versions: Vec<FunctionConfiguration>,
}

/// `lambda create-alias` and `update-alias`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AliasInput {
    /// The function.
    pub function_name: String,
    /// The alias.
    pub name: String,
    /// The version it points at.
    pub function_version: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// Only if this is the alias's current revision.
    pub revision_id: Option<String>,
}

/// An alias as Lambda returns it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AliasConfiguration {
    /// `arn:...:function:<name>:<alias>`.
    pub alias_arn: String,
    /// The alias.
    pub name: String,
    /// The version.
    pub function_version: String,
    /// The description.
    pub description: String,
    /// The revision.
    pub revision_id: String,
}

/// `list-aliases`' answer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAliasesOutput {
    /// The aliases.
    pub aliases: Vec<AliasConfiguration>,
}

fn valid_alias(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && !name.chars().all(|c| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Cloud {
    /// Publishes `$LATEST` unless its code and settings are those of the last
    /// version; returns the version's number.
    pub(crate) fn publish_latest(&mut self, name: &str) -> Option<u32> {
        let f = self.lambda_function_mut(name)?;
        if let Some(last) = f.versions.last()
            && last.config.code_sha256 == f.latest.code_sha256
            && last.config.revision_id == f.latest.revision_id
        {
            return Some(last.number);
        }
        let number = f.versions.last().map_or(1, |v| v.number + 1);
        let config = f.latest.clone();
        f.versions.push(PublishedVersion { number, config });
        Some(number)
    }

    /// `lambda publish-version`.
    pub fn publish_version(
        &mut self,
        input: PublishVersionInput,
    ) -> Result<FunctionConfiguration, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("PublishVersion", "PublishVersion", &name.clone(), |c| {
            let f = c.find_function(&name)?;
            if f.update_done_at.is_some() || f.state == "Pending" {
                return Err(LambdaError::ResourceConflict(format!(
                    "The operation cannot be performed at this time. An update is in progress for resource: {}",
                    c.function_arn(&name)
                )));
            }
            if let Some(sha) = &input.code_sha256
                && *sha != f.latest.code_sha256
            {
                return Err(LambdaError::InvalidParameterValue(format!(
                    "CodeSHA256 ({sha}) is different from current CodeSHA256 in $LATEST ({}). Please try again with the CodeSHA256 in $LATEST.",
                    f.latest.code_sha256
                )));
            }
            let number = c.publish_latest(&name).ok_or_else(|| LambdaError::no_function(&name))?;
            if let (Some(d), Some(f)) = (&input.description, c.lambda_function_mut(&name))
                && let Some(v) = f.versions.iter_mut().find(|v| v.number == number)
            {
                v.config.description = d.clone();
            }
            let f = c.find_function(&name)?;
            c.function_configuration(f, &number.to_string())
                .ok_or_else(|| LambdaError::no_function(&name))
        })
    }

    /// `lambda list-versions-by-function`.
    pub fn list_versions_by_function(
        &mut self,
        input: FunctionRefInput,
    ) -> Result<ListVersionsOutput, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call(
            "ListVersionsByFunction",
            "ListVersionsByFunction",
            &name.clone(),
            |c| {
                let f = c.find_function(&name)?;
                let versions = std::iter::once("$LATEST".to_string())
                    .chain(f.versions.iter().map(|v| v.number.to_string()))
                    .filter_map(|v| c.function_configuration(f, &v))
                    .collect();
                Ok(ListVersionsOutput { versions })
            },
        )
    }

    fn alias_shape(&self, function: &str, a: &Alias) -> AliasConfiguration {
        AliasConfiguration {
            alias_arn: format!("{}:{}", self.function_arn(function), a.name),
            name: a.name.clone(),
            function_version: a.function_version.clone(),
            description: a.description.clone(),
            revision_id: a.revision_id.clone(),
        }
    }

    fn alias_target(&self, function: &str, version: &str) -> Result<(), LambdaError> {
        let f = self.find_function(function)?;
        if f.config(version).is_none() {
            return Err(LambdaError::ResourceNotFound(format!(
                "Function not found: {}:{version}",
                self.function_arn(function)
            )));
        }
        Ok(())
    }

    /// `lambda create-alias`.
    pub fn create_alias(&mut self, input: AliasInput) -> Result<AliasConfiguration, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("CreateAlias", "CreateAlias", &name.clone(), |c| {
            if !valid_alias(&input.name) {
                return Err(LambdaError::Validation(format!(
                    "1 validation error detected: Value '{}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
                    input.name
                )));
            }
            let version = input.function_version.clone().unwrap_or_default();
            c.alias_target(&name, &version)?;
            if c.find_function(&name)?.alias(&input.name).is_some() {
                return Err(LambdaError::ResourceConflict(format!(
                    "Alias already exists: {}:{}",
                    c.function_arn(&name),
                    input.name
                )));
            }
            let revision_id = c.service_uuid("lambda");
            let alias = Alias {
                name: input.name.clone(),
                function_version: version,
                description: input.description.clone().unwrap_or_default(),
                revision_id,
            };
            let shape = c.alias_shape(&name, &alias);
            if let Some(f) = c.lambda_function_mut(&name) {
                f.aliases.push(alias);
                f.aliases.sort_by(|a, b| a.name.cmp(&b.name));
            }
            Ok(shape)
        })
    }

    /// `lambda update-alias`: points it at another version.
    pub fn update_alias(&mut self, input: AliasInput) -> Result<AliasConfiguration, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("UpdateAlias", "UpdateAlias", &name.clone(), |c| {
            let f = c.find_function(&name)?;
            let alias = f.alias(&input.name).cloned().ok_or_else(|| {
                LambdaError::ResourceNotFound(format!("Alias not found: {}:{}", c.function_arn(&name), input.name))
            })?;
            if let Some(id) = &input.revision_id
                && *id != alias.revision_id
            {
                return Err(LambdaError::PreconditionFailed(
                    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id".into(),
                ));
            }
            if let Some(v) = &input.function_version {
                c.alias_target(&name, v)?;
            }
            let revision_id = c.service_uuid("lambda");
            let f = c.lambda_function_mut(&name).ok_or_else(|| LambdaError::no_function(&name))?;
            let a = f
                .aliases
                .iter_mut()
                .find(|a| a.name == input.name)
                .ok_or_else(|| LambdaError::no_function(&name))?;
            if let Some(v) = &input.function_version {
                a.function_version = v.clone();
            }
            if let Some(d) = &input.description {
                a.description = d.clone();
            }
            a.revision_id = revision_id;
            let a = a.clone();
            Ok(c.alias_shape(&name, &a))
        })
    }

    /// `lambda get-alias`.
    pub fn get_alias(&mut self, input: AliasInput) -> Result<AliasConfiguration, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("GetAlias", "GetAlias", &name.clone(), |c| {
            let f = c.find_function(&name)?;
            let a = f.alias(&input.name).ok_or_else(|| {
                LambdaError::ResourceNotFound(format!(
                    "Cannot find alias arn: {}:{}",
                    c.function_arn(&name),
                    input.name
                ))
            })?;
            Ok(c.alias_shape(&name, a))
        })
    }

    /// `lambda list-aliases`.
    pub fn list_aliases(
        &mut self,
        input: FunctionRefInput,
    ) -> Result<ListAliasesOutput, LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("ListAliases", "ListAliases", &name.clone(), |c| {
            let f = c.find_function(&name)?;
            Ok(ListAliasesOutput {
                aliases: f.aliases.iter().map(|a| c.alias_shape(&name, a)).collect(),
            })
        })
    }

    /// `lambda delete-alias`.
    pub fn delete_alias(&mut self, input: AliasInput) -> Result<(), LambdaError> {
        let (name, _) = split_function_ref(&input.function_name);
        self.lambda_call("DeleteAlias", "DeleteAlias", &name.clone(), |c| {
            c.find_function(&name)?;
            if let Some(f) = c.lambda_function_mut(&name) {
                f.aliases.retain(|a| a.name != input.name);
            }
            Ok(())
        })
    }
}
