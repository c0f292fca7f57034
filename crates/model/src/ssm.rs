//! Systems Manager Parameter Store, read-only: AWS's public parameters under
//! `/aws/service/global-infrastructure/`, which list the regions and the
//! services each region offers. This is how a script finds out, without a web
//! page, which regions run a service:
//! `aws ssm get-parameters-by-path --path /aws/service/global-infrastructure/services/braket/regions`.
//!
//! The tree (as AWS publishes it, for the regions and services of
//! [`catalog`]):
//!
//! - `regions/<code>` = `<code>`, with `longName`, `domain`, `partition`,
//!   `geolocationCountry` and `services/<id>` = `<id>` below it;
//! - `services/<id>` = `<id>`, with `longName` and `regions/<code>` = `<code>`
//!   below it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::auth::{AccessDenied, AuthFailure, ServiceError};
use crate::aws_error::AwsError;
use crate::catalog;
use crate::clock::UnixTime;
use crate::cloud::Cloud;
use crate::iam::evaluate::Context;

/// Where AWS's public global-infrastructure parameters live.
pub const GLOBAL_INFRASTRUCTURE: &str = "/aws/service/global-infrastructure";

/// When the public parameters were last changed (the catalogue's date).
const LAST_MODIFIED: UnixTime = UnixTime::utc(2026, 1, 15, 0, 0, 0);

/// An SSM API error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SsmError {
    /// `ParameterNotFound` (400); AWS sends it with an empty message.
    ParameterNotFound,
    /// `ValidationException` (400).
    Validation {
        /// The full message.
        message: String,
    },
    /// `AccessDeniedException` (400).
    AccessDenied(AccessDenied),
    /// Authentication failed.
    Authentication(AuthFailure),
}

impl SsmError {
    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            SsmError::ParameterNotFound => "ParameterNotFound",
            SsmError::Validation { .. } => "ValidationException",
            SsmError::AccessDenied(_) => "AccessDeniedException",
            SsmError::Authentication(AuthFailure::InvalidClientTokenId) => {
                "UnrecognizedClientException"
            }
            SsmError::Authentication(f) => f.code(),
        }
    }

    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            SsmError::ParameterNotFound => String::new(),
            SsmError::Validation { message } => message.clone(),
            SsmError::AccessDenied(d) => d.message(),
            SsmError::Authentication(f) => f.message().to_string(),
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            SsmError::Authentication(f) => f.http_status(),
            _ => 400,
        }
    }
}

impl fmt::Display for SsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for SsmError {}

impl AwsError for SsmError {
    fn code(&self) -> &'static str {
        SsmError::code(self)
    }
    fn message(&self) -> String {
        SsmError::message(self)
    }
    fn http_status(&self) -> u16 {
        SsmError::http_status(self)
    }
}

impl ServiceError for SsmError {
    fn from_auth_failure(failure: AuthFailure) -> Self {
        SsmError::Authentication(failure)
    }
    fn from_access_denied(denied: AccessDenied) -> Self {
        SsmError::AccessDenied(denied)
    }
    fn error_code(&self) -> &'static str {
        self.code()
    }
}

/// One parameter as `GetParameter` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    /// The full name (`/aws/service/global-infrastructure/regions/us-east-1`).
    pub name: String,
    /// `String`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// The value.
    pub value: String,
    /// The version, 1 for these.
    pub version: u64,
    /// When it last changed.
    pub last_modified_date: UnixTime,
    /// `arn:aws:ssm:<region>::parameter/aws/...` (public: no account).
    #[serde(rename = "ARN")]
    pub arn: String,
    /// `text`.
    pub data_type: String,
}

/// `GetParameter` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetParameterInput {
    /// The parameter's name.
    pub name: String,
    /// Ignored: public parameters are not encrypted.
    pub with_decryption: bool,
}

/// `GetParameter` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParameterOutput {
    /// The parameter.
    pub parameter: Parameter,
}

/// `GetParameters` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetParametersInput {
    /// The names, 1 to 10.
    pub names: Vec<String>,
    /// Ignored: public parameters are not encrypted.
    pub with_decryption: bool,
}

/// `GetParameters` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersOutput {
    /// The parameters found, in the order asked.
    pub parameters: Vec<Parameter>,
    /// The names not found.
    pub invalid_parameters: Vec<String>,
}

/// `GetParametersByPath` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetParametersByPathInput {
    /// The hierarchy to list (`/aws/service/global-infrastructure/regions`).
    pub path: String,
    /// Every level below the path instead of the one just below it.
    pub recursive: bool,
    /// Ignored: public parameters are not encrypted.
    pub with_decryption: bool,
}

/// `GetParametersByPath` output (every page: the CLI pages through them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersByPathOutput {
    /// The parameters below the path, by name.
    pub parameters: Vec<Parameter>,
}

/// Every public global-infrastructure parameter as `(name, value)`, by name.
pub fn global_infrastructure_parameters() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for region in catalog::REGIONS {
        let base = format!("{GLOBAL_INFRASTRUCTURE}/regions/{}", region.code);
        out.push((format!("{base}/longName"), region.name.to_string()));
        out.push((format!("{base}/domain"), "amazonaws.com".to_string()));
        out.push((format!("{base}/partition"), "aws".to_string()));
        if let Some(country) = region.country_code() {
            out.push((format!("{base}/geolocationCountry"), country.to_string()));
        }
        for service in catalog::SERVICES.iter().filter(|s| region.offers(s.id)) {
            out.push((format!("{base}/services/{}", service.id), service.id.into()));
        }
        out.push((base, region.code.to_string()));
    }
    for service in catalog::SERVICES {
        let base = format!("{GLOBAL_INFRASTRUCTURE}/services/{}", service.id);
        out.push((format!("{base}/longName"), service.name.to_string()));
        for region in catalog::REGIONS.iter().filter(|r| r.offers(service.id)) {
            out.push((
                format!("{base}/regions/{}", region.code),
                region.code.into(),
            ));
        }
        out.push((base, service.id.to_string()));
    }
    out.sort();
    out
}

/// The value of one public parameter, if it exists.
fn public_parameter(name: &str) -> Option<String> {
    global_infrastructure_parameters()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

fn check_name(name: &str) -> Result<(), SsmError> {
    if name.starts_with('/') || !name.contains('/') {
        Ok(())
    } else {
        Err(SsmError::Validation {
            message: "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_".into(),
        })
    }
}

impl Cloud {
    fn parameter(&self, name: String, value: String) -> Parameter {
        Parameter {
            arn: format!(
                "arn:aws:ssm:{}::parameter{}",
                self.region().code,
                if name.starts_with('/') {
                    name.clone()
                } else {
                    format!("/{name}")
                }
            ),
            name,
            kind: "String".into(),
            value,
            version: 1,
            last_modified_date: LAST_MODIFIED,
            data_type: "text".into(),
        }
    }

    fn ssm_call<T>(
        &mut self,
        operation: &str,
        resource_path: &str,
        body: impl FnOnce(&mut Cloud) -> Result<T, SsmError>,
    ) -> Result<T, SsmError> {
        let action = format!("ssm:{operation}");
        let slash = if resource_path.starts_with('/') {
            ""
        } else {
            "/"
        };
        let resource = format!(
            "arn:aws:ssm:{}::parameter{slash}{resource_path}",
            self.region().code,
        );
        self.service_call(
            "ssm",
            operation,
            |_, _| Some((action, resource, Context::new())),
            body,
        )
    }

    /// `ssm get-parameter`: one public parameter.
    pub fn get_parameter(
        &mut self,
        input: GetParameterInput,
    ) -> Result<GetParameterOutput, SsmError> {
        let name = input.name;
        self.ssm_call("GetParameter", &name.clone(), |c| {
            check_name(&name)?;
            let value = public_parameter(&name).ok_or(SsmError::ParameterNotFound)?;
            Ok(GetParameterOutput {
                parameter: c.parameter(name, value),
            })
        })
    }

    /// `ssm get-parameters`: up to ten public parameters; unknown names are
    /// listed as invalid rather than failing the call.
    pub fn get_parameters(
        &mut self,
        input: GetParametersInput,
    ) -> Result<GetParametersOutput, SsmError> {
        let first = input.names.first().cloned().unwrap_or_default();
        self.ssm_call("GetParameters", &first, |c| {
            if input.names.is_empty() || input.names.len() > 10 {
                return Err(SsmError::Validation {
                    message: format!(
                        "1 validation error detected: Value '{:?}' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10",
                        input.names
                    ),
                });
            }
            let mut parameters = Vec::new();
            let mut invalid = Vec::new();
            for name in input.names {
                match public_parameter(&name) {
                    Some(value) => parameters.push(c.parameter(name, value)),
                    None => invalid.push(name),
                }
            }
            Ok(GetParametersOutput {
                parameters,
                invalid_parameters: invalid,
            })
        })
    }

    /// `ssm get-parameters-by-path`: the public parameters one level below
    /// `path` (every level with `Recursive`). A path with nothing below it
    /// answers an empty list, as AWS does.
    pub fn get_parameters_by_path(
        &mut self,
        input: GetParametersByPathInput,
    ) -> Result<GetParametersByPathOutput, SsmError> {
        let path = input.path.clone();
        self.ssm_call("GetParametersByPath", &path, |c| {
            if !input.path.starts_with('/') {
                return Err(SsmError::Validation {
                    message: "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.".into(),
                });
            }
            let prefix = format!("{}/", input.path.trim_end_matches('/'));
            let parameters = global_infrastructure_parameters()
                .into_iter()
                .filter(|(name, _)| {
                    name.strip_prefix(&prefix)
                        .is_some_and(|rest| input.recursive || !rest.contains('/'))
                })
                .map(|(name, value)| c.parameter(name, value))
                .collect();
            Ok(GetParametersByPathOutput { parameters })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(out: &GetParametersByPathOutput) -> Vec<&str> {
        out.parameters.iter().map(|p| p.value.as_str()).collect()
    }

    #[test]
    fn regions_offering_braket() {
        let mut cloud = Cloud::default();
        let out = cloud
            .get_parameters_by_path(GetParametersByPathInput {
                path: format!("{GLOBAL_INFRASTRUCTURE}/services/braket/regions"),
                ..Default::default()
            })
            .unwrap();
        let mut regions = values(&out);
        regions.sort_unstable();
        assert_eq!(
            regions,
            [
                "eu-north-1",
                "eu-west-2",
                "us-east-1",
                "us-west-1",
                "us-west-2"
            ]
        );
        let first = &out.parameters[0];
        assert_eq!(first.kind, "String");
        assert_eq!(first.data_type, "text");
        assert!(
            first
                .arn
                .starts_with("arn:aws:ssm:ap-northeast-2::parameter/aws/service/")
        );
    }

    #[test]
    fn one_level_unless_recursive() {
        let mut cloud = Cloud::default();
        let path = format!("{GLOBAL_INFRASTRUCTURE}/regions/");
        let shallow = cloud
            .get_parameters_by_path(GetParametersByPathInput {
                path: path.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(shallow.parameters.len(), catalog::REGIONS.len());
        let deep = cloud
            .get_parameters_by_path(GetParametersByPathInput {
                path,
                recursive: true,
                ..Default::default()
            })
            .unwrap();
        assert!(deep.parameters.len() > shallow.parameters.len() * 5);
        let nothing = cloud
            .get_parameters_by_path(GetParametersByPathInput {
                path: "/no/such/path".into(),
                ..Default::default()
            })
            .unwrap();
        assert!(nothing.parameters.is_empty());
    }

    #[test]
    fn get_parameter_and_errors() {
        let mut cloud = Cloud::default();
        let name = format!("{GLOBAL_INFRASTRUCTURE}/regions/ap-northeast-2/longName");
        let out = cloud
            .get_parameter(GetParameterInput {
                name,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(out.parameter.value, "Asia Pacific (Seoul)");
        let missing = cloud
            .get_parameter(GetParameterInput {
                name: format!("{GLOBAL_INFRASTRUCTURE}/regions/xx-nowhere-1/longName"),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(missing.code(), "ParameterNotFound");
        let bad = cloud
            .get_parameters_by_path(GetParametersByPathInput {
                path: "aws/service".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(bad.code(), "ValidationException");
        let some = cloud
            .get_parameters(GetParametersInput {
                names: vec![
                    format!("{GLOBAL_INFRASTRUCTURE}/services/braket/longName"),
                    "/nope".into(),
                ],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(some.parameters[0].value, "Amazon Braket");
        assert_eq!(some.invalid_parameters, ["/nope"]);
    }

    #[test]
    fn every_region_lists_itself_under_each_service_it_offers() {
        let all = global_infrastructure_parameters();
        for region in catalog::REGIONS {
            for service in catalog::SERVICES {
                let by_service = format!(
                    "{GLOBAL_INFRASTRUCTURE}/services/{}/regions/{}",
                    service.id, region.code
                );
                let by_region = format!(
                    "{GLOBAL_INFRASTRUCTURE}/regions/{}/services/{}",
                    region.code, service.id
                );
                let a = all.iter().any(|(n, _)| *n == by_service);
                let b = all.iter().any(|(n, _)| *n == by_region);
                assert_eq!(a, b, "{} / {}", region.code, service.id);
                assert_eq!(a, region.offers(service.id));
            }
        }
    }
}
