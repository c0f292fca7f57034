//! An instance's IAM role: `RunInstances --iam-instance-profile`,
//! `AssociateIamInstanceProfile`, `DisassociateIamInstanceProfile` and
//! `DescribeIamInstanceProfileAssociations`. Software on the instance then
//! acts as the profile's role ([`Cloud::instance_credentials`]).

use serde::{Deserialize, Serialize};

use super::InstanceStateName;
use super::errors::Ec2Error;
use crate::cloud::Cloud;

/// `IamInstanceProfile` in a request: the profile's ARN or its name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamInstanceProfileSpecification {
    /// The profile's ARN.
    pub arn: Option<String>,
    /// The profile's name.
    pub name: Option<String>,
}

/// The profile an instance holds (kept on the instance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceProfileAssociation {
    /// `iip-assoc-...`.
    pub association_id: String,
    /// The profile's ARN.
    pub arn: String,
    /// The profile's id (`AIPA...`).
    pub id: String,
}

/// `IamInstanceProfile` as `DescribeInstances` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfile {
    /// The profile's ARN.
    pub arn: String,
    /// The profile's id.
    pub id: String,
}

/// One `IamInstanceProfileAssociation`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfileAssociation {
    /// `iip-assoc-...`.
    pub association_id: String,
    /// The instance.
    pub instance_id: String,
    /// The profile.
    pub iam_instance_profile: IamInstanceProfile,
    /// `associated`.
    pub state: String,
}

/// `AssociateIamInstanceProfile` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AssociateIamInstanceProfileInput {
    /// The profile.
    pub iam_instance_profile: IamInstanceProfileSpecification,
    /// The instance.
    pub instance_id: String,
}

/// `AssociateIamInstanceProfile` and `DisassociateIamInstanceProfile` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfileAssociationOutput {
    /// The association.
    pub iam_instance_profile_association: IamInstanceProfileAssociation,
}

/// `DisassociateIamInstanceProfile` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DisassociateIamInstanceProfileInput {
    /// `iip-assoc-...`.
    pub association_id: String,
}

/// `DescribeIamInstanceProfileAssociations` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeIamInstanceProfileAssociationsInput {
    /// Only these associations.
    pub association_ids: Vec<String>,
}

/// `DescribeIamInstanceProfileAssociations` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeIamInstanceProfileAssociationsOutput {
    /// The associations of instances that are not terminated.
    pub iam_instance_profile_associations: Vec<IamInstanceProfileAssociation>,
}

impl InstanceProfileAssociation {
    /// As `DescribeInstances` shows it.
    pub fn shown(&self) -> IamInstanceProfile {
        IamInstanceProfile {
            arn: self.arn.clone(),
            id: self.id.clone(),
        }
    }
}

impl Cloud {
    /// Resolves a request's `IamInstanceProfile` to the profile's ARN and id,
    /// with EC2's errors for a profile that does not exist.
    pub(crate) fn resolve_instance_profile(
        &self,
        spec: &IamInstanceProfileSpecification,
    ) -> Result<IamInstanceProfile, Ec2Error> {
        let profile = match (&spec.arn, &spec.name) {
            (Some(_), Some(_)) => {
                return Err(Ec2Error::InvalidParameterCombination {
                    message: "The parameter 'iamInstanceProfile.name' may not be used in combination with 'iamInstanceProfile.arn'".into(),
                });
            }
            (Some(arn), None) => self.instance_profile_by_arn(arn).ok_or_else(|| {
                Ec2Error::invalid_value(format!(
                    "Value ({arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN"
                ))
            })?,
            (None, Some(name)) => self.instance_profile(name).ok_or_else(|| {
                Ec2Error::invalid_value(format!(
                    "Value ({name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"
                ))
            })?,
            (None, None) => {
                return Err(Ec2Error::MissingParameter {
                    message: "The request must contain the parameter iamInstanceProfile.name or iamInstanceProfile.arn".into(),
                });
            }
        };
        Ok(IamInstanceProfile {
            arn: self.instance_profile_arn(profile),
            id: profile.id.clone(),
        })
    }

    /// A new association (`iip-assoc-...`) of a resolved profile.
    pub(crate) fn new_profile_association(
        &mut self,
        profile: &IamInstanceProfile,
    ) -> InstanceProfileAssociation {
        InstanceProfileAssociation {
            association_id: self.new_id("iip-assoc"),
            arn: profile.arn.clone(),
            id: profile.id.clone(),
        }
    }

    fn association_shape(
        instance_id: &str,
        association: &InstanceProfileAssociation,
        state: &str,
    ) -> IamInstanceProfileAssociation {
        IamInstanceProfileAssociation {
            association_id: association.association_id.clone(),
            instance_id: instance_id.to_string(),
            iam_instance_profile: association.shown(),
            state: state.into(),
        }
    }

    /// `ec2 associate-iam-instance-profile`: one profile per instance.
    pub fn associate_iam_instance_profile(
        &mut self,
        input: AssociateIamInstanceProfileInput,
    ) -> Result<IamInstanceProfileAssociationOutput, Ec2Error> {
        self.ec2_call_dry("AssociateIamInstanceProfile", false, |c| {
            let id = input.instance_id.clone();
            let instance = c
                .instance(&id)
                .filter(|i| i.state != InstanceStateName::Terminated)
                .ok_or_else(|| Ec2Error::InstanceNotFound {
                    instance_ids: vec![id.clone()],
                })?;
            if instance.iam_instance_profile.is_some() {
                return Err(Ec2Error::IncorrectState {
                    message: format!("There is an existing association for instance {id}"),
                });
            }
            let profile = c.resolve_instance_profile(&input.iam_instance_profile)?;
            let association = c.new_profile_association(&profile);
            let shape = Cloud::association_shape(&id, &association, "associating");
            if let Some(i) = c.instance_mut(&id) {
                i.iam_instance_profile = Some(association);
            }
            Ok(IamInstanceProfileAssociationOutput {
                iam_instance_profile_association: shape,
            })
        })
    }

    /// `ec2 disassociate-iam-instance-profile`.
    pub fn disassociate_iam_instance_profile(
        &mut self,
        input: DisassociateIamInstanceProfileInput,
    ) -> Result<IamInstanceProfileAssociationOutput, Ec2Error> {
        self.ec2_call_dry("DisassociateIamInstanceProfile", false, |c| {
            let found = c.ec2.instances.iter_mut().find(|i| {
                i.iam_instance_profile
                    .as_ref()
                    .is_some_and(|a| a.association_id == input.association_id)
            });
            let Some(instance) = found else {
                return Err(Ec2Error::AssociationNotFound {
                    association_id: input.association_id.clone(),
                });
            };
            let association = instance.iam_instance_profile.take();
            let id = instance.instance_id.clone();
            let association = association.ok_or_else(|| Ec2Error::AssociationNotFound {
                association_id: input.association_id.clone(),
            })?;
            Ok(IamInstanceProfileAssociationOutput {
                iam_instance_profile_association: Cloud::association_shape(
                    &id,
                    &association,
                    "disassociating",
                ),
            })
        })
    }

    /// `ec2 describe-iam-instance-profile-associations`.
    pub fn describe_iam_instance_profile_associations(
        &mut self,
        input: DescribeIamInstanceProfileAssociationsInput,
    ) -> Result<DescribeIamInstanceProfileAssociationsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeIamInstanceProfileAssociations", false, |c| {
            for wanted in &input.association_ids {
                let known = c.ec2.instances.iter().any(|i| {
                    i.iam_instance_profile
                        .as_ref()
                        .is_some_and(|a| &a.association_id == wanted)
                });
                if !known {
                    return Err(Ec2Error::AssociationNotFound {
                        association_id: wanted.clone(),
                    });
                }
            }
            let associations = c
                .ec2
                .instances
                .iter()
                .filter(|i| i.state != InstanceStateName::Terminated)
                .filter_map(|i| {
                    let a = i.iam_instance_profile.as_ref()?;
                    let wanted = input.association_ids.is_empty()
                        || input.association_ids.contains(&a.association_id);
                    wanted.then(|| Cloud::association_shape(&i.instance_id, a, "associated"))
                })
                .collect();
            Ok(DescribeIamInstanceProfileAssociationsOutput {
                iam_instance_profile_associations: associations,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::ec2::shapes::RunInstancesInput;
    use crate::iam::instance_profiles::{CreateInstanceProfileInput, InstanceProfileRoleInput};
    use crate::iam::roles::CreateRoleInput;

    #[test]
    fn an_instance_acts_as_its_profile_s_role() {
        let mut cloud = Cloud::default();
        let image_id = catalog::image_for(
            cloud.region().code,
            crate::catalog::OsFamily::AmazonLinux2023,
            crate::catalog::Architecture::X86_64,
        )
        .expect("image")
        .image_id;
        let launched = cloud
            .run_instances(RunInstancesInput {
                image_id: image_id.clone(),
                instance_type: Some("t3.micro".into()),
                ..Default::default()
            })
            .expect("launch");
        let id = launched.instances[0].instance_id.clone();
        assert!(launched.instances[0].iam_instance_profile.is_none());
        assert!(cloud.instance_credentials(&id).is_err());
        cloud
            .create_role(CreateRoleInput {
                role_name: "app".into(),
                assume_role_policy_document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.into(),
                ..Default::default()
            })
            .expect("role");
        cloud
            .create_instance_profile(CreateInstanceProfileInput {
                instance_profile_name: "app-profile".into(),
                ..Default::default()
            })
            .expect("profile");
        let missing = cloud
            .associate_iam_instance_profile(AssociateIamInstanceProfileInput {
                instance_id: id.clone(),
                iam_instance_profile: IamInstanceProfileSpecification {
                    name: Some("nope".into()),
                    arn: None,
                },
            })
            .expect_err("no such profile");
        assert_eq!(missing.code(), "InvalidParameterValue");
        let spec = IamInstanceProfileSpecification {
            name: Some("app-profile".into()),
            arn: None,
        };
        let made = cloud
            .associate_iam_instance_profile(AssociateIamInstanceProfileInput {
                instance_id: id.clone(),
                iam_instance_profile: spec.clone(),
            })
            .expect("associate");
        let association = made.iam_instance_profile_association.association_id;
        assert!(association.starts_with("iip-assoc-"));
        let twice = cloud
            .associate_iam_instance_profile(AssociateIamInstanceProfileInput {
                instance_id: id.clone(),
                iam_instance_profile: spec,
            })
            .expect_err("one per instance");
        assert_eq!(twice.code(), "IncorrectState");
        // An empty profile gives no credentials; with the role it does.
        assert!(cloud.instance_credentials(&id).is_err());
        cloud
            .add_role_to_instance_profile(InstanceProfileRoleInput {
                instance_profile_name: "app-profile".into(),
                role_name: "app".into(),
            })
            .expect("add role");
        assert_eq!(
            cloud.instance_credentials(&id),
            Ok(crate::auth::CallerIdentity::AssumedRole {
                role_name: "app".into(),
                session_name: id.clone(),
            })
        );
        let listed = cloud
            .describe_iam_instance_profile_associations(Default::default())
            .expect("describe");
        assert_eq!(listed.iam_instance_profile_associations.len(), 1);
        cloud
            .disassociate_iam_instance_profile(DisassociateIamInstanceProfileInput {
                association_id: association.clone(),
            })
            .expect("disassociate");
        assert!(cloud.instance_credentials(&id).is_err());
        let again = cloud
            .disassociate_iam_instance_profile(DisassociateIamInstanceProfileInput {
                association_id: association,
            })
            .expect_err("gone");
        assert_eq!(again.code(), "InvalidAssociationID.NotFound");
        let with_profile = cloud
            .run_instances(RunInstancesInput {
                image_id,
                instance_type: Some("t3.micro".into()),
                iam_instance_profile: Some(IamInstanceProfileSpecification {
                    name: Some("app-profile".into()),
                    arn: None,
                }),
                ..Default::default()
            })
            .expect("launch with a profile");
        let shown = with_profile.instances[0]
            .iam_instance_profile
            .as_ref()
            .expect("shown");
        assert_eq!(
            shown.arn,
            "arn:aws:iam::123456789012:instance-profile/app-profile"
        );
        assert!(
            cloud
                .instance_credentials(&with_profile.instances[0].instance_id)
                .is_ok()
        );
    }
}
