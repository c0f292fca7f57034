//! What the launch wizard asks EC2 to do, as plain data, so it is tested natively.
//!
//! Like the AWS console, the wizard is a client: it may create a security group and add
//! its rules before it calls `RunInstances`. Each step is an ordinary model operation, so
//! the model's rules and errors apply exactly as they do to the terminal.

use cloudlab_course::Lang;
use cloudlab_model::ec2::Tag;
use cloudlab_model::ec2::TagSpecification;
use cloudlab_model::ec2::instances::{BlockDeviceMapping, EbsBlockDevice, RunInstancesInput};
use cloudlab_model::ec2::security_groups::{
    CreateSecurityGroupInput, IpPermission, IpRange, SecurityGroupRulesInput,
};
use cloudlab_model::{Cloud, Ec2Error, catalog};

use crate::console::choice::Choice;
use crate::i18n::tr;

/// Where SSH may come from when the wizard creates a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SshSource {
    /// Only the learner's address (`/32`).
    MyIp,
    /// Anywhere (`0.0.0.0/0`): works, but the chapter explains why it is risky.
    Anywhere,
}

impl Choice for SshSource {
    const ALL: &'static [Self] = &[SshSource::MyIp, SshSource::Anywhere];

    fn value(self) -> &'static str {
        match self {
            SshSource::MyIp => "my-ip",
            SshSource::Anywhere => "anywhere",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            SshSource::MyIp => tr(lang, "My IP", "내 IP"),
            SshSource::Anywhere => tr(lang, "Anywhere (0.0.0.0/0)", "위치 무관 (0.0.0.0/0)"),
        }
    }
}

/// Whether the wizard creates a security group or uses existing ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupMode {
    /// Create a `launch-wizard-N` group.
    Create,
    /// Choose an existing group.
    Existing,
}

impl Choice for GroupMode {
    const ALL: &'static [Self] = &[GroupMode::Create, GroupMode::Existing];

    fn value(self) -> &'static str {
        match self {
            GroupMode::Create => "create",
            GroupMode::Existing => "existing",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            GroupMode::Create => tr(lang, "Create security group", "보안 그룹 생성"),
            GroupMode::Existing => tr(
                lang,
                "Select existing security group",
                "기존 보안 그룹 선택",
            ),
        }
    }
}

/// The security group part of the wizard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupChoice {
    /// Create a new `launch-wizard-N` group with these rules.
    Create {
        /// Allow SSH, and from where.
        ssh: Option<SshSource>,
        /// Allow HTTP from anywhere.
        http: bool,
        /// Allow HTTPS from anywhere.
        https: bool,
    },
    /// Use existing groups by id.
    Existing(Vec<String>),
}

/// Everything the wizard collected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaunchPlan {
    /// The `Name` tag (empty for none).
    pub name: String,
    /// AMI id.
    pub image_id: String,
    /// Instance type.
    pub instance_type: String,
    /// Key pair name, or none.
    pub key_name: Option<String>,
    /// Security groups.
    pub groups: GroupChoice,
    /// Root volume size in GiB.
    pub volume_size_gib: u32,
    /// Root volume type.
    pub volume_type: String,
    /// How many instances.
    pub count: u32,
    /// Termination protection.
    pub termination_protection: bool,
}

/// What the launch produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaunchOutcome {
    /// The new instances.
    pub instance_ids: Vec<String>,
    /// The group the wizard created, if it did.
    pub created_group: Option<String>,
}

impl LaunchPlan {
    /// Carries out the plan, stopping at the first AWS error (as the console does).
    pub fn execute(&self, cloud: &mut Cloud) -> Result<LaunchOutcome, Ec2Error> {
        let (group_ids, created_group) = match &self.groups {
            GroupChoice::Existing(ids) => (ids.clone(), None),
            GroupChoice::Create { ssh, http, https } => {
                let id = self.create_group(cloud, *ssh, *http, *https)?;
                (vec![id.clone()], Some(id))
            }
        };
        let root_device = catalog::image(cloud.region().code, &self.image_id)
            .map(|ami| ami.root_device_name.to_string())
            .unwrap_or_else(|| "/dev/xvda".to_string());
        let mut tag_specifications = Vec::new();
        if !self.name.trim().is_empty() {
            for resource_type in ["instance", "volume"] {
                tag_specifications.push(TagSpecification {
                    resource_type: resource_type.to_string(),
                    tags: vec![Tag::new("Name", self.name.trim())],
                });
            }
        }
        let input = RunInstancesInput {
            image_id: self.image_id.clone(),
            instance_type: Some(self.instance_type.clone()),
            min_count: Some(self.count),
            max_count: Some(self.count),
            key_name: self.key_name.clone(),
            security_group_ids: group_ids,
            block_device_mappings: vec![BlockDeviceMapping {
                device_name: root_device,
                ebs: Some(EbsBlockDevice {
                    volume_size: Some(self.volume_size_gib),
                    volume_type: Some(self.volume_type.clone()),
                    delete_on_termination: Some(true),
                    ..EbsBlockDevice::default()
                }),
                ..BlockDeviceMapping::default()
            }],
            tag_specifications,
            disable_api_termination: Some(self.termination_protection),
            ..RunInstancesInput::default()
        };
        let reservation = cloud.run_instances(input)?;
        Ok(LaunchOutcome {
            instance_ids: reservation
                .instances
                .iter()
                .map(|i| i.instance_id.clone())
                .collect(),
            created_group,
        })
    }

    fn create_group(
        &self,
        cloud: &mut Cloud,
        ssh: Option<SshSource>,
        http: bool,
        https: bool,
    ) -> Result<String, Ec2Error> {
        let vpc_id = cloud.default_vpc().map(|v| v.vpc_id.clone());
        let taken = |cloud: &Cloud, name: &str| {
            vpc_id
                .as_deref()
                .is_some_and(|vpc| cloud.security_group_by_name(vpc, name).is_some())
        };
        let mut n = 1;
        while taken(cloud, &format!("launch-wizard-{n}")) {
            n += 1;
        }
        let name = format!("launch-wizard-{n}");
        let created = cloud.create_security_group(CreateSecurityGroupInput {
            group_name: name.clone(),
            description: format!("{name} created {}", cloud.now()),
            ..CreateSecurityGroupInput::default()
        })?;
        let my_cidr = format!("{}/32", cloud.learner_ip());
        let mut permissions = Vec::new();
        if let Some(source) = ssh {
            let cidr = match source {
                SshSource::MyIp => my_cidr,
                SshSource::Anywhere => "0.0.0.0/0".to_string(),
            };
            permissions.push(permission(22, &cidr));
        }
        if http {
            permissions.push(permission(80, "0.0.0.0/0"));
        }
        if https {
            permissions.push(permission(443, "0.0.0.0/0"));
        }
        if !permissions.is_empty() {
            cloud.authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(created.group_id.clone()),
                ip_permissions: permissions,
                ..SecurityGroupRulesInput::default()
            })?;
        }
        Ok(created.group_id)
    }
}

fn permission(port: i32, cidr: &str) -> IpPermission {
    IpPermission {
        ip_protocol: "tcp".to_string(),
        from_port: Some(port),
        to_port: Some(port),
        ip_ranges: vec![IpRange {
            cidr_ip: cidr.to_string(),
            description: None,
        }],
        ..IpPermission::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlab_model::CloudConfig;
    use cloudlab_model::catalog::Architecture;
    use cloudlab_model::catalog::{OsFamily, image_for};

    fn ubuntu(cloud: &Cloud) -> String {
        image_for(
            cloud.region().code,
            OsFamily::Ubuntu2404,
            Architecture::X86_64,
        )
        .expect("Ubuntu in the catalog")
        .image_id
    }

    fn plan(cloud: &Cloud) -> LaunchPlan {
        LaunchPlan {
            name: "web".into(),
            image_id: ubuntu(cloud),
            instance_type: "t3.micro".into(),
            key_name: None,
            groups: GroupChoice::Create {
                ssh: Some(SshSource::MyIp),
                http: true,
                https: false,
            },
            volume_size_gib: 8,
            volume_type: "gp3".into(),
            count: 1,
            termination_protection: true,
        }
    }

    #[test]
    fn creates_a_wizard_group_with_the_chosen_rules_and_launches() {
        let mut cloud = Cloud::new(CloudConfig::default()).unwrap();
        let outcome = plan(&cloud).execute(&mut cloud).unwrap();
        assert_eq!(outcome.instance_ids.len(), 1);
        let group_id = outcome.created_group.unwrap();
        let group = cloud.security_group(&group_id).unwrap();
        assert_eq!(group.group_name, "launch-wizard-1");
        let rules: Vec<String> = group.ingress.iter().map(|r| r.summary()).collect();
        assert!(
            rules.contains(&format!("TCP 22 from {}/32", cloud.learner_ip())),
            "{rules:?}"
        );
        assert!(
            rules.contains(&"TCP 80 from 0.0.0.0/0".to_string()),
            "{rules:?}"
        );
        let instance = cloud.instance(&outcome.instance_ids[0]).unwrap();
        assert_eq!(instance.tags.get("Name").map(String::as_str), Some("web"));
        assert!(instance.disable_api_termination);
        assert_eq!(instance.security_group_ids, vec![group_id]);
    }

    #[test]
    fn a_second_launch_gets_the_next_wizard_group_name() {
        let mut cloud = Cloud::new(CloudConfig::default()).unwrap();
        plan(&cloud).execute(&mut cloud).unwrap();
        let second = plan(&cloud).execute(&mut cloud).unwrap();
        let group = cloud
            .security_group(&second.created_group.unwrap())
            .unwrap();
        assert_eq!(group.group_name, "launch-wizard-2");
    }

    #[test]
    fn an_unknown_key_pair_is_aws_s_error() {
        let mut cloud = Cloud::new(CloudConfig::default()).unwrap();
        let mut p = plan(&cloud);
        p.key_name = Some("nope".into());
        let err = p.execute(&mut cloud).unwrap_err();
        assert_eq!(
            cloudlab_model::AwsError::code(&err),
            "InvalidKeyPair.NotFound"
        );
    }
}
