//! Launch templates: the launch settings of an instance kept under a name, with
//! numbered versions and a default one; `RunInstances --launch-template` (and,
//! later, Auto Scaling groups) launch from a version, anything the request gives
//! itself overriding the template.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::shapes::{
    BlockDeviceMapping, HibernationOptions, MetadataOptionsRequest, MonitoringRequest,
    PlacementRequest, RunInstancesInput,
};
use super::{Tag, TagMap, TagSpecification, tag_list};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;

/// The most versions one template keeps.
pub const MAX_VERSIONS: u64 = 10_000;

/// What a version holds (`LaunchTemplateData`), the members the lab launches with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateData {
    /// The AMI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// The instance type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// The key pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    /// Security group ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    /// Security group names (default VPC).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    /// User data, base64-encoded as the API keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    /// Tags for the instances and volumes launched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
    /// Block devices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    /// Detailed monitoring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<MonitoringRequest>,
    /// Placement (Availability Zone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<PlacementRequest>,
    /// Termination protection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_api_termination: Option<bool>,
    /// Stop protection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_api_stop: Option<bool>,
    /// `stop` or `terminate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_initiated_shutdown_behavior: Option<String>,
    /// IMDS options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_options: Option<MetadataOptionsRequest>,
    /// Hibernation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hibernation_options: Option<HibernationOptions>,
}

/// One version of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVersion {
    /// 1, 2, ...
    pub number: u64,
    /// Its description.
    pub description: Option<String>,
    /// When it was made.
    pub created: SimTime,
    /// Who made it (an ARN).
    pub created_by: String,
    /// Its data.
    pub data: LaunchTemplateData,
}

/// A launch template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchTemplate {
    /// `lt-` followed by 17 hex digits.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was made.
    pub created: SimTime,
    /// Who made it.
    pub created_by: String,
    /// The default version's number.
    pub default_version: u64,
    /// Its versions, oldest first.
    pub versions: Vec<TemplateVersion>,
    /// Tags.
    pub tags: TagMap,
}

impl LaunchTemplate {
    /// The latest version's number.
    pub fn latest_version(&self) -> u64 {
        self.versions.last().map_or(1, |v| v.number)
    }

    /// The version `spec` names: `$Default` (or none), `$Latest`, or a number.
    pub fn version(&self, spec: Option<&str>) -> Result<&TemplateVersion, Ec2Error> {
        let number = match spec.unwrap_or("$Default") {
            "$Default" => self.default_version,
            "$Latest" => self.latest_version(),
            n => n
                .parse::<u64>()
                .map_err(|_| Ec2Error::LaunchTemplateVersionNotFound {
                    message: format!("The specified launch template version '{n}' is not valid."),
                })?,
        };
        self.versions
            .iter()
            .find(|v| v.number == number)
            .ok_or_else(|| Ec2Error::LaunchTemplateVersionNotFound {
                message: format!(
                    "The specified launch template, with template ID {}, has no version {number}.",
                    self.id
                ),
            })
    }
}

/// Which template and version (`--launch-template LaunchTemplateName=web,Version=2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateSpecification {
    /// By id.
    pub launch_template_id: Option<String>,
    /// Or by name.
    pub launch_template_name: Option<String>,
    /// `$Default` (when omitted), `$Latest` or a number.
    pub version: Option<String>,
}

/// `CreateLaunchTemplate` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateLaunchTemplateInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Idempotency token.
    pub client_token: Option<String>,
    /// The name: 3 to 128 letters, digits and `()./-_`.
    pub launch_template_name: String,
    /// Version 1's description.
    pub version_description: Option<String>,
    /// Version 1.
    pub launch_template_data: LaunchTemplateData,
    /// Tags for the `launch-template`.
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateLaunchTemplateVersion` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateLaunchTemplateVersionInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Idempotency token.
    pub client_token: Option<String>,
    /// By id.
    pub launch_template_id: Option<String>,
    /// Or by name.
    pub launch_template_name: Option<String>,
    /// Start from this version's data and change what `LaunchTemplateData` gives.
    pub source_version: Option<String>,
    /// Description.
    pub version_description: Option<String>,
    /// The new version's data.
    pub launch_template_data: LaunchTemplateData,
}

/// `DescribeLaunchTemplates` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeLaunchTemplatesInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Ids.
    pub launch_template_ids: Vec<String>,
    /// Names.
    pub launch_template_names: Vec<String>,
}

/// `DescribeLaunchTemplateVersions` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeLaunchTemplateVersionsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// By id.
    pub launch_template_id: Option<String>,
    /// Or by name.
    pub launch_template_name: Option<String>,
    /// `$Latest`, `$Default` or numbers (every version when empty).
    pub versions: Vec<String>,
}

/// `ModifyLaunchTemplate` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModifyLaunchTemplateInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Idempotency token.
    pub client_token: Option<String>,
    /// By id.
    pub launch_template_id: Option<String>,
    /// Or by name.
    pub launch_template_name: Option<String>,
    /// The new default version.
    pub default_version: Option<String>,
}

/// `DeleteLaunchTemplate` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteLaunchTemplateInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// By id.
    pub launch_template_id: Option<String>,
    /// Or by name.
    pub launch_template_name: Option<String>,
}

/// A template as the API returns it (AWS's member order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateDescription {
    /// Id.
    pub launch_template_id: String,
    /// Name.
    pub launch_template_name: String,
    /// Created.
    pub create_time: Timestamp,
    /// By.
    pub created_by: String,
    /// Default version.
    pub default_version_number: u64,
    /// Latest version.
    pub latest_version_number: u64,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// A version as the API returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateVersionDescription {
    /// Template id.
    pub launch_template_id: String,
    /// Template name.
    pub launch_template_name: String,
    /// Number.
    pub version_number: u64,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
    /// Created.
    pub create_time: Timestamp,
    /// By.
    pub created_by: String,
    /// Whether it is the default.
    pub default_version: bool,
    /// Its data.
    pub launch_template_data: LaunchTemplateData,
}

/// `{"LaunchTemplate": …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateOutput {
    /// The template.
    pub launch_template: LaunchTemplateDescription,
}

/// `{"LaunchTemplateVersion": …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateVersionOutput {
    /// The version.
    pub launch_template_version: LaunchTemplateVersionDescription,
}

/// `DescribeLaunchTemplates` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplatesOutput {
    /// The templates.
    pub launch_templates: Vec<LaunchTemplateDescription>,
}

/// `DescribeLaunchTemplateVersions` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplateVersionsOutput {
    /// The versions.
    pub launch_template_versions: Vec<LaunchTemplateVersionDescription>,
}

fn check_name(name: &str) -> Result<(), Ec2Error> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "().-/_".contains(c);
    if !(3..=128).contains(&name.chars().count()) || !name.chars().all(allowed) {
        return Err(Ec2Error::LaunchTemplateNameMalformed {
            message: "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'".into(),
        });
    }
    Ok(())
}

fn check_data(data: &LaunchTemplateData) -> Result<(), Ec2Error> {
    if let Some(user_data) = &data.user_data
        && crate::digest::base64_decode(user_data).is_none()
    {
        return Err(Ec2Error::InvalidParameterValue {
            message: "Invalid BASE64 encoding of user data.".into(),
        });
    }
    Ok(())
}

impl LaunchTemplate {
    fn describe(&self) -> LaunchTemplateDescription {
        LaunchTemplateDescription {
            launch_template_id: self.id.clone(),
            launch_template_name: self.name.clone(),
            create_time: Timestamp(self.created),
            created_by: self.created_by.clone(),
            default_version_number: self.default_version,
            latest_version_number: self.latest_version(),
            tags: tag_list(&self.tags),
        }
    }

    fn describe_version(&self, v: &TemplateVersion) -> LaunchTemplateVersionDescription {
        LaunchTemplateVersionDescription {
            launch_template_id: self.id.clone(),
            launch_template_name: self.name.clone(),
            version_number: v.number,
            version_description: v.description.clone(),
            create_time: Timestamp(v.created),
            created_by: v.created_by.clone(),
            default_version: v.number == self.default_version,
            launch_template_data: v.data.clone(),
        }
    }
}

impl Cloud {
    /// The account's launch templates.
    pub fn launch_templates(&self) -> &[LaunchTemplate] {
        &self.ec2.launch_templates
    }

    fn caller_arn(&self) -> String {
        self.request
            .as_ref()
            .map(|p| p.arn.clone())
            .unwrap_or_else(|| format!("arn:aws:iam::{}:root", self.config.account_id))
    }

    /// The template an id or a name names, with EC2's error for each.
    pub(crate) fn find_launch_template(
        &self,
        id: Option<&str>,
        name: Option<&str>,
    ) -> Result<&LaunchTemplate, Ec2Error> {
        match (id.filter(|s| !s.is_empty()), name.filter(|s| !s.is_empty())) {
            (Some(id), _) => self
                .ec2
                .launch_templates
                .iter()
                .find(|t| t.id == id)
                .ok_or_else(|| Ec2Error::LaunchTemplateIdNotFound {
                    message: format!(
                        "The specified launch template, with template ID {id}, does not exist."
                    ),
                }),
            (None, Some(name)) => self
                .ec2
                .launch_templates
                .iter()
                .find(|t| t.name == name)
                .ok_or_else(|| Ec2Error::LaunchTemplateNameNotFound {
                    message: format!(
                        "The specified launch template, with template name {name}, does not exist."
                    ),
                }),
            (None, None) => Err(Ec2Error::MissingParameter {
                message:
                    "The request must contain the parameter LaunchTemplateName or LaunchTemplateId"
                        .into(),
            }),
        }
    }

    /// `ec2 create-launch-template`: version 1, the default.
    pub fn create_launch_template(
        &mut self,
        input: CreateLaunchTemplateInput,
    ) -> Result<LaunchTemplateOutput, Ec2Error> {
        self.ec2_call_dry("CreateLaunchTemplate", input.dry_run, |c| {
            check_name(&input.launch_template_name)?;
            if c.ec2
                .launch_templates
                .iter()
                .any(|t| t.name == input.launch_template_name)
            {
                return Err(Ec2Error::LaunchTemplateNameExists {
                    message: "Launch template name already in use.".into(),
                });
            }
            check_data(&input.launch_template_data)?;
            let tags =
                super::tags::from_specifications(&input.tag_specifications, "launch-template")?;
            let id = c.new_id("lt");
            let by = c.caller_arn();
            let template = LaunchTemplate {
                id,
                name: input.launch_template_name.clone(),
                created: c.now,
                created_by: by.clone(),
                default_version: 1,
                versions: vec![TemplateVersion {
                    number: 1,
                    description: input.version_description.clone(),
                    created: c.now,
                    created_by: by,
                    data: input.launch_template_data.clone(),
                }],
                tags,
            };
            let out = template.describe();
            c.ec2.launch_templates.push(template);
            Ok(LaunchTemplateOutput {
                launch_template: out,
            })
        })
    }

    /// `ec2 create-launch-template-version`: the next number; the default stays.
    pub fn create_launch_template_version(
        &mut self,
        input: CreateLaunchTemplateVersionInput,
    ) -> Result<LaunchTemplateVersionOutput, Ec2Error> {
        self.ec2_call_dry("CreateLaunchTemplateVersion", input.dry_run, |c| {
            let template = c
                .find_launch_template(
                    input.launch_template_id.as_deref(),
                    input.launch_template_name.as_deref(),
                )?
                .clone();
            check_data(&input.launch_template_data)?;
            if template.latest_version() >= MAX_VERSIONS {
                return Err(Ec2Error::invalid_value(format!(
                    "A launch template can have at most {MAX_VERSIONS} versions."
                )));
            }
            let mut data = match &input.source_version {
                Some(v) => template.version(Some(v))?.data.clone(),
                None => LaunchTemplateData::default(),
            };
            merge_data(&mut data, input.launch_template_data.clone());
            let version = TemplateVersion {
                number: template.latest_version() + 1,
                description: input.version_description.clone(),
                created: c.now,
                created_by: c.caller_arn(),
                data,
            };
            let Some(stored) = c
                .ec2
                .launch_templates
                .iter_mut()
                .find(|t| t.id == template.id)
            else {
                return Err(Ec2Error::LaunchTemplateIdNotFound {
                    message: format!(
                        "The specified launch template, with template ID {}, does not exist.",
                        template.id
                    ),
                });
            };
            stored.versions.push(version.clone());
            Ok(LaunchTemplateVersionOutput {
                launch_template_version: stored.describe_version(&version),
            })
        })
    }

    /// `ec2 describe-launch-templates`.
    pub fn describe_launch_templates(
        &mut self,
        input: DescribeLaunchTemplatesInput,
    ) -> Result<DescribeLaunchTemplatesOutput, Ec2Error> {
        self.ec2_call_dry("DescribeLaunchTemplates", input.dry_run, |c| {
            for id in &input.launch_template_ids {
                c.find_launch_template(Some(id), None)?;
            }
            for name in &input.launch_template_names {
                c.find_launch_template(None, Some(name))?;
            }
            let launch_templates = c
                .ec2
                .launch_templates
                .iter()
                .filter(|t| {
                    input.launch_template_ids.is_empty()
                        || input.launch_template_ids.contains(&t.id)
                })
                .filter(|t| {
                    input.launch_template_names.is_empty()
                        || input.launch_template_names.contains(&t.name)
                })
                .map(LaunchTemplate::describe)
                .collect();
            Ok(DescribeLaunchTemplatesOutput { launch_templates })
        })
    }

    /// `ec2 describe-launch-template-versions`.
    pub fn describe_launch_template_versions(
        &mut self,
        input: DescribeLaunchTemplateVersionsInput,
    ) -> Result<DescribeLaunchTemplateVersionsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeLaunchTemplateVersions", input.dry_run, |c| {
            let template = c.find_launch_template(
                input.launch_template_id.as_deref(),
                input.launch_template_name.as_deref(),
            )?;
            let mut versions = Vec::new();
            if input.versions.is_empty() {
                versions.extend(template.versions.iter().rev());
            } else {
                for v in &input.versions {
                    versions.push(template.version(Some(v))?);
                }
            }
            Ok(DescribeLaunchTemplateVersionsOutput {
                launch_template_versions: versions
                    .into_iter()
                    .map(|v| template.describe_version(v))
                    .collect(),
            })
        })
    }

    /// `ec2 modify-launch-template --default-version N`.
    pub fn modify_launch_template(
        &mut self,
        input: ModifyLaunchTemplateInput,
    ) -> Result<LaunchTemplateOutput, Ec2Error> {
        self.ec2_call_dry("ModifyLaunchTemplate", input.dry_run, |c| {
            let template = c
                .find_launch_template(
                    input.launch_template_id.as_deref(),
                    input.launch_template_name.as_deref(),
                )?
                .clone();
            let number = match &input.default_version {
                Some(v) => template.version(Some(v))?.number,
                None => template.default_version,
            };
            let Some(stored) = c
                .ec2
                .launch_templates
                .iter_mut()
                .find(|t| t.id == template.id)
            else {
                return Err(Ec2Error::LaunchTemplateIdNotFound {
                    message: format!(
                        "The specified launch template, with template ID {}, does not exist.",
                        template.id
                    ),
                });
            };
            stored.default_version = number;
            Ok(LaunchTemplateOutput {
                launch_template: stored.describe(),
            })
        })
    }

    /// `ec2 delete-launch-template`: every version.
    pub fn delete_launch_template(
        &mut self,
        input: DeleteLaunchTemplateInput,
    ) -> Result<LaunchTemplateOutput, Ec2Error> {
        self.ec2_call_dry("DeleteLaunchTemplate", input.dry_run, |c| {
            let template = c
                .find_launch_template(
                    input.launch_template_id.as_deref(),
                    input.launch_template_name.as_deref(),
                )?
                .clone();
            c.ec2.launch_templates.retain(|t| t.id != template.id);
            Ok(LaunchTemplateOutput {
                launch_template: template.describe(),
            })
        })
    }

    /// Fills what a `RunInstances` request leaves out from the template version it
    /// names (the request's own values win).
    pub(crate) fn apply_launch_template(
        &self,
        input: &mut RunInstancesInput,
    ) -> Result<(), Ec2Error> {
        let Some(spec) = input.launch_template.clone() else {
            return Ok(());
        };
        let template = self.find_launch_template(
            spec.launch_template_id.as_deref(),
            spec.launch_template_name.as_deref(),
        )?;
        let data = template.version(spec.version.as_deref())?.data.clone();
        if input.image_id.is_empty() {
            input.image_id = data.image_id.unwrap_or_default();
        }
        input.instance_type = input.instance_type.take().or(data.instance_type);
        input.key_name = input.key_name.take().or(data.key_name);
        if input.security_group_ids.is_empty() && input.security_groups.is_empty() {
            input.security_group_ids = data.security_group_ids;
            input.security_groups = data.security_groups;
        }
        if input.user_data.is_none()
            && let Some(encoded) = data.user_data
        {
            let bytes = crate::digest::base64_decode(&encoded).unwrap_or_default();
            input.user_data = Some(String::from_utf8_lossy(&bytes).into_owned());
        }
        if input.tag_specifications.is_empty() {
            input.tag_specifications = data.tag_specifications;
        }
        if input.block_device_mappings.is_empty() {
            input.block_device_mappings = data.block_device_mappings;
        }
        input.monitoring = input.monitoring.take().or(data.monitoring);
        input.placement = input.placement.take().or(data.placement);
        input.disable_api_termination = input
            .disable_api_termination
            .or(data.disable_api_termination);
        input.disable_api_stop = input.disable_api_stop.or(data.disable_api_stop);
        input.instance_initiated_shutdown_behavior = input
            .instance_initiated_shutdown_behavior
            .take()
            .or(data.instance_initiated_shutdown_behavior);
        input.metadata_options = input.metadata_options.take().or(data.metadata_options);
        input.hibernation_options = input.hibernation_options.or(data.hibernation_options);
        Ok(())
    }
}

/// A new version from a source version: what the request gives replaces the
/// source's member.
fn merge_data(base: &mut LaunchTemplateData, new: LaunchTemplateData) {
    macro_rules! take {
        ($($field:ident),*) => {$(
            if new.$field.is_some() {
                base.$field = new.$field;
            }
        )*};
    }
    take!(
        image_id,
        instance_type,
        key_name,
        user_data,
        monitoring,
        placement,
        disable_api_termination,
        disable_api_stop,
        instance_initiated_shutdown_behavior,
        metadata_options,
        hibernation_options
    );
    if !new.security_group_ids.is_empty() || !new.security_groups.is_empty() {
        base.security_group_ids = new.security_group_ids;
        base.security_groups = new.security_groups;
    }
    if !new.tag_specifications.is_empty() {
        base.tag_specifications = new.tag_specifications;
    }
    if !new.block_device_mappings.is_empty() {
        base.block_device_mappings = new.block_device_mappings;
    }
}
