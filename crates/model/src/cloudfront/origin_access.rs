//! Origin access control (OAC): CloudFront signs its requests to a bucket with
//! SigV4 as the service principal `cloudfront.amazonaws.com`, so a bucket policy
//! can allow the distribution (by `AWS:SourceArn`) and nobody else.
//! The legacy origin access identity (OAI) is not simulated.

use serde::{Deserialize, Serialize};

use super::errors::CloudFrontError;
use crate::cloud::Cloud;

/// `OriginAccessControlConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OriginAccessControlConfig {
    /// A name unique in the account (at most 64 characters).
    pub name: String,
    /// A note.
    pub description: String,
    /// `sigv4`.
    pub signing_protocol: String,
    /// `always`, `never` or `no-override`.
    pub signing_behavior: String,
    /// `s3` (the only type simulated).
    pub origin_access_control_origin_type: String,
}

/// `OriginAccessControl`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginAccessControl {
    /// Its id.
    pub id: String,
    /// Its settings.
    pub origin_access_control_config: OriginAccessControlConfig,
    /// Its version, for `--if-match`.
    #[serde(rename = "ETag")]
    pub etag: String,
}

impl OriginAccessControl {
    /// Whether CloudFront signs the requests it sends with this control.
    pub fn signs(&self) -> bool {
        self.origin_access_control_config.signing_behavior != "never"
    }
}

/// `CreateOriginAccessControl` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateOriginAccessControlInput {
    /// The settings.
    pub origin_access_control_config: OriginAccessControlConfig,
}

/// The shape AWS returns: the control without its ETag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginAccessControlShape {
    /// Its id.
    pub id: String,
    /// Its settings.
    pub origin_access_control_config: OriginAccessControlConfig,
}

/// `CreateOriginAccessControl` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateOriginAccessControlOutput {
    /// Where it lives in the API.
    pub location: String,
    /// Its version.
    #[serde(rename = "ETag")]
    pub etag: String,
    /// The control.
    pub origin_access_control: OriginAccessControlShape,
}

/// `GetOriginAccessControl` and `DeleteOriginAccessControl` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OriginAccessControlIdInput {
    /// The id.
    pub id: String,
    /// The version to delete (delete only).
    pub if_match: Option<String>,
}

/// `GetOriginAccessControl` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOriginAccessControlOutput {
    /// The control.
    pub origin_access_control: OriginAccessControlShape,
    /// Its version.
    #[serde(rename = "ETag")]
    pub etag: String,
}

/// One entry of `OriginAccessControlList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginAccessControlSummary {
    /// Its id.
    pub id: String,
    /// Its note.
    pub description: String,
    /// Its name.
    pub name: String,
    /// `sigv4`.
    pub signing_protocol: String,
    /// `always`, `never` or `no-override`.
    pub signing_behavior: String,
    /// `s3`.
    pub origin_access_control_origin_type: String,
}

/// `OriginAccessControlList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginAccessControlList {
    /// Where this page starts.
    pub marker: String,
    /// At most this many.
    pub max_items: i64,
    /// Whether more follow.
    pub is_truncated: bool,
    /// How many.
    pub quantity: i64,
    /// The controls.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<OriginAccessControlSummary>,
}

/// `ListOriginAccessControls` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListOriginAccessControlsOutput {
    /// The list.
    pub origin_access_control_list: OriginAccessControlList,
}

fn invalid(message: impl Into<String>) -> CloudFrontError {
    CloudFrontError::InvalidArgument(message.into())
}

fn check_config(config: &OriginAccessControlConfig) -> Result<(), CloudFrontError> {
    if config.name.is_empty() || config.name.len() > 64 {
        return Err(invalid(
            "The parameter Name must be between 1 and 64 characters long.",
        ));
    }
    if config.signing_protocol != "sigv4" {
        return Err(invalid(format!(
            "The value of SigningProtocol is not valid: {}. Valid values: sigv4.",
            config.signing_protocol
        )));
    }
    if !["always", "never", "no-override"].contains(&config.signing_behavior.as_str()) {
        return Err(invalid(format!(
            "The value of SigningBehavior is not valid: {}. Valid values: never, no-override, always.",
            config.signing_behavior
        )));
    }
    if config.origin_access_control_origin_type != "s3" {
        return Err(invalid(format!(
            "The value of OriginAccessControlOriginType is not valid here: {}. This lab simulates s3 origins.",
            config.origin_access_control_origin_type
        )));
    }
    Ok(())
}

impl Cloud {
    /// The origin access control `id`.
    pub fn origin_access_control(&self, id: &str) -> Option<&OriginAccessControl> {
        self.cloudfront
            .origin_access_controls
            .iter()
            .find(|c| c.id == id)
    }

    fn oac_shape(control: &OriginAccessControl) -> OriginAccessControlShape {
        OriginAccessControlShape {
            id: control.id.clone(),
            origin_access_control_config: control.origin_access_control_config.clone(),
        }
    }

    /// `cloudfront create-origin-access-control`.
    pub fn create_origin_access_control(
        &mut self,
        input: CreateOriginAccessControlInput,
    ) -> Result<CreateOriginAccessControlOutput, CloudFrontError> {
        self.cloudfront_call("CreateOriginAccessControl", "*".into(), |c| {
            let config = input.origin_access_control_config;
            check_config(&config)?;
            if let Some(existing) = c
                .cloudfront
                .origin_access_controls
                .iter()
                .find(|o| o.origin_access_control_config.name == config.name)
            {
                return Err(CloudFrontError::OriginAccessControlAlreadyExists(
                    existing.id.clone(),
                ));
            }
            let id = c.cloudfront_id();
            let etag = c.cloudfront_id();
            let control = OriginAccessControl {
                id: id.clone(),
                origin_access_control_config: config,
                etag: etag.clone(),
            };
            let shape = Cloud::oac_shape(&control);
            c.cloudfront.origin_access_controls.push(control);
            Ok(CreateOriginAccessControlOutput {
                location: format!(
                    "https://cloudfront.amazonaws.com/2020-05-31/origin-access-control/{id}"
                ),
                etag,
                origin_access_control: shape,
            })
        })
    }

    /// `cloudfront get-origin-access-control`.
    pub fn get_origin_access_control(
        &mut self,
        input: OriginAccessControlIdInput,
    ) -> Result<GetOriginAccessControlOutput, CloudFrontError> {
        self.cloudfront_call("GetOriginAccessControl", "*".into(), |c| {
            let control = c
                .origin_access_control(&input.id)
                .ok_or(CloudFrontError::NoSuchOriginAccessControl)?;
            Ok(GetOriginAccessControlOutput {
                origin_access_control: Cloud::oac_shape(control),
                etag: control.etag.clone(),
            })
        })
    }

    /// `cloudfront list-origin-access-controls`.
    pub fn list_origin_access_controls(
        &mut self,
    ) -> Result<ListOriginAccessControlsOutput, CloudFrontError> {
        self.cloudfront_call("ListOriginAccessControls", "*".into(), |c| {
            let items: Vec<OriginAccessControlSummary> = c
                .cloudfront
                .origin_access_controls
                .iter()
                .map(|o| {
                    let config = &o.origin_access_control_config;
                    OriginAccessControlSummary {
                        id: o.id.clone(),
                        description: config.description.clone(),
                        name: config.name.clone(),
                        signing_protocol: config.signing_protocol.clone(),
                        signing_behavior: config.signing_behavior.clone(),
                        origin_access_control_origin_type: config
                            .origin_access_control_origin_type
                            .clone(),
                    }
                })
                .collect();
            Ok(ListOriginAccessControlsOutput {
                origin_access_control_list: OriginAccessControlList {
                    marker: String::new(),
                    max_items: 100,
                    is_truncated: false,
                    quantity: items.len() as i64,
                    items,
                },
            })
        })
    }

    /// `cloudfront delete-origin-access-control`: refused while a distribution
    /// uses it.
    pub fn delete_origin_access_control(
        &mut self,
        input: OriginAccessControlIdInput,
    ) -> Result<(), CloudFrontError> {
        self.cloudfront_call("DeleteOriginAccessControl", "*".into(), |c| {
            let control = c
                .origin_access_control(&input.id)
                .ok_or(CloudFrontError::NoSuchOriginAccessControl)?;
            super::check_if_match(&input.if_match, &control.etag)?;
            let in_use = c.cloudfront.distributions.iter().any(|d| {
                d.config
                    .origins
                    .items
                    .iter()
                    .any(|o| o.origin_access_control_id == input.id)
            });
            if in_use {
                return Err(CloudFrontError::OriginAccessControlInUse);
            }
            c.cloudfront
                .origin_access_controls
                .retain(|o| o.id != input.id);
            Ok(())
        })
    }
}
