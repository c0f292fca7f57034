//! Key pairs: `CreateKeyPair`, `ImportKeyPair`, `DescribeKeyPairs`,
//! `DeleteKeyPair`, and whether a private key file opens an instance.
//!
//! The private key is returned once, by `CreateKeyPair`; the account keeps only
//! the public key and the fingerprint, as AWS does.

use serde::{Deserialize, Serialize};

use super::errors::Ec2Error;
use super::filters::{self, Filter};
use super::{Tag, TagMap, TagSpecification, tag_list, tags};
use crate::clock::{SimTime, Timestamp};
use crate::cloud::Cloud;
use crate::ssh_keys::{self, KeyFormat, KeyType, PrivateKeyError};

/// A key pair the account holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPair {
    /// `key-` followed by 17 hex digits.
    pub key_pair_id: String,
    /// The name.
    pub key_name: String,
    /// `rsa` or `ed25519`.
    pub key_type: KeyType,
    /// AWS's fingerprint.
    pub key_fingerprint: String,
    /// The OpenSSH public key line (`ssh-rsa AAAA... name`).
    pub public_key: String,
    /// Whether it was imported rather than created by EC2.
    pub imported: bool,
    /// When it was created or imported.
    pub create_time: SimTime,
    /// Tags.
    pub tags: TagMap,
}

/// `CreateKeyPair` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateKeyPairInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The unique name (up to 255 ASCII characters).
    pub key_name: String,
    /// `rsa` (default) or `ed25519`.
    pub key_type: Option<String>,
    /// `pem` (default) or `ppk`.
    pub key_format: Option<String>,
    /// Tags for the key pair (`ResourceType=key-pair`).
    pub tag_specifications: Vec<TagSpecification>,
}

/// `CreateKeyPair` output: the only time the private key is given out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyPairOutput {
    /// AWS's fingerprint.
    pub key_fingerprint: String,
    /// The private key file's text.
    pub key_material: String,
    /// The name.
    pub key_name: String,
    /// The id.
    pub key_pair_id: String,
    /// Tags, when some were given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `ImportKeyPair` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ImportKeyPairInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The unique name.
    pub key_name: String,
    /// The public key text (OpenSSH `ssh-rsa AAAA...` or RFC 4716).
    pub public_key_material: String,
    /// Tags for the key pair.
    pub tag_specifications: Vec<TagSpecification>,
}

/// `ImportKeyPair` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportKeyPairOutput {
    /// AWS's fingerprint of the imported key.
    pub key_fingerprint: String,
    /// The name.
    pub key_name: String,
    /// The id.
    pub key_pair_id: String,
    /// Tags, when some were given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `DescribeKeyPairs` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeKeyPairsInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// Names to describe (all when empty and no ids).
    pub key_names: Vec<String>,
    /// Ids to describe.
    pub key_pair_ids: Vec<String>,
    /// Filters: `key-name`, `key-pair-id`, `fingerprint`, `key-type`, tags.
    pub filters: Vec<Filter>,
    /// Whether to include the public key.
    pub include_public_key: bool,
}

/// One key pair in `DescribeKeyPairs` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyPairInfo {
    /// The id.
    pub key_pair_id: String,
    /// `rsa` or `ed25519`.
    pub key_type: KeyType,
    /// Tags (always present, possibly empty, as AWS returns it).
    pub tags: Vec<Tag>,
    /// The public key, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// When it was created.
    pub create_time: Timestamp,
    /// The name.
    pub key_name: String,
    /// AWS's fingerprint.
    pub key_fingerprint: String,
}

/// `DescribeKeyPairs` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeKeyPairsOutput {
    /// The key pairs.
    pub key_pairs: Vec<KeyPairInfo>,
}

/// `DeleteKeyPair` input: a name or an id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeleteKeyPairInput {
    /// Only check whether the request would succeed (`DryRunOperation`).
    pub dry_run: bool,
    /// The name.
    pub key_name: Option<String>,
    /// The id.
    pub key_pair_id: Option<String>,
}

/// `DeleteKeyPair` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteKeyPairOutput {
    /// Always true.
    #[serde(rename = "Return")]
    pub return_value: bool,
    /// The deleted key pair's id, when one was deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_pair_id: Option<String>,
}

/// Whether a private key file opens an instance over ssh.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyCheck {
    /// The key matches the public key the instance was launched with.
    Accepted,
    /// A valid private key, but not the instance's (ssh: `Permission denied (publickey)`).
    WrongKey,
    /// The instance was launched without a key pair.
    InstanceHasNoKey,
    /// The file is not a private key (ssh: `invalid format`).
    NotAPrivateKey,
    /// A PuTTY `.ppk` file, which OpenSSH cannot load.
    PuttyFormat,
    /// No such instance.
    UnknownInstance,
}

const KEY_PAIR_FILTERS: &[&str] = &[
    "key-name",
    "key-pair-id",
    "fingerprint",
    "key-type",
    "tag:",
    "tag-key",
    "tag-value",
];

fn validate_key_name(name: &str) -> Result<(), Ec2Error> {
    if name.is_empty() {
        return Err(Ec2Error::MissingParameter {
            message: "The request must contain the parameter KeyName".into(),
        });
    }
    if name.len() > 255 || !name.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(Ec2Error::invalid_value(format!(
            "Value ({name}) for parameter keyName is invalid. Key names must be 255 ASCII characters or fewer."
        )));
    }
    Ok(())
}

impl Cloud {
    /// Every key pair.
    pub fn key_pairs(&self) -> &[KeyPair] {
        &self.ec2.key_pairs
    }

    /// The key pair with this name.
    pub fn key_pair(&self, key_name: &str) -> Option<&KeyPair> {
        self.ec2.key_pairs.iter().find(|k| k.key_name == key_name)
    }

    /// `ec2 create-key-pair`: makes a key pair and returns its private key, once.
    pub fn create_key_pair(
        &mut self,
        input: CreateKeyPairInput,
    ) -> Result<CreateKeyPairOutput, Ec2Error> {
        self.ec2_call_dry("CreateKeyPair", input.dry_run, |c| {
            validate_key_name(&input.key_name)?;
            let key_type = match input.key_type.as_deref() {
                None | Some("") => KeyType::Rsa,
                Some(t) => KeyType::parse(t).ok_or_else(|| {
                    Ec2Error::invalid_value(format!(
                        "Value ({t}) for parameter keyType is invalid. Valid values are rsa and ed25519."
                    ))
                })?,
            };
            let key_format = match input.key_format.as_deref() {
                None | Some("") => KeyFormat::Pem,
                Some(f) => KeyFormat::parse(f).ok_or_else(|| {
                    Ec2Error::invalid_value(format!(
                        "Value ({f}) for parameter keyFormat is invalid. Valid values are pem and ppk."
                    ))
                })?,
            };
            let tags = tags::from_specifications(&input.tag_specifications, "key-pair")?;
            if c.key_pair(&input.key_name).is_some() {
                return Err(Ec2Error::KeyPairDuplicate {
                    key_name: input.key_name.clone(),
                });
            }
            let generated = ssh_keys::generate(key_type, key_format, &input.key_name, &mut c.rng);
            let key_pair_id = c.new_id("key");
            let public_key = generated.public_key_line(&input.key_name);
            c.ec2.key_pairs.push(KeyPair {
                key_pair_id: key_pair_id.clone(),
                key_name: input.key_name.clone(),
                key_type,
                key_fingerprint: generated.aws_fingerprint.clone(),
                public_key,
                imported: false,
                create_time: c.now,
                tags: tags.clone(),
            });
            Ok(CreateKeyPairOutput {
                key_fingerprint: generated.aws_fingerprint,
                key_material: generated.private_key,
                key_name: input.key_name,
                key_pair_id,
                tags: tag_list(&tags),
            })
        })
    }

    /// `ec2 import-key-pair`: registers a public key the learner made.
    pub fn import_key_pair(
        &mut self,
        input: ImportKeyPairInput,
    ) -> Result<ImportKeyPairOutput, Ec2Error> {
        self.ec2_call_dry("ImportKeyPair", input.dry_run, |c| {
            validate_key_name(&input.key_name)?;
            let tags = tags::from_specifications(&input.tag_specifications, "key-pair")?;
            if c.key_pair(&input.key_name).is_some() {
                return Err(Ec2Error::KeyPairDuplicate {
                    key_name: input.key_name.clone(),
                });
            }
            let parsed = ssh_keys::parse_public_key(&input.public_key_material)
                .ok_or(Ec2Error::KeyFormat)?;
            let fingerprint = ssh_keys::imported_fingerprint(&parsed);
            let key_pair_id = c.new_id("key");
            c.ec2.key_pairs.push(KeyPair {
                key_pair_id: key_pair_id.clone(),
                key_name: input.key_name.clone(),
                key_type: parsed.key_type,
                key_fingerprint: fingerprint.clone(),
                public_key: ssh_keys::public_key_line(
                    parsed.key_type,
                    &parsed.blob,
                    &parsed.comment,
                ),
                imported: true,
                create_time: c.now,
                tags: tags.clone(),
            });
            Ok(ImportKeyPairOutput {
                key_fingerprint: fingerprint,
                key_name: input.key_name,
                key_pair_id,
                tags: tag_list(&tags),
            })
        })
    }

    /// `ec2 describe-key-pairs`.
    pub fn describe_key_pairs(
        &mut self,
        input: DescribeKeyPairsInput,
    ) -> Result<DescribeKeyPairsOutput, Ec2Error> {
        self.ec2_call_dry("DescribeKeyPairs", input.dry_run, |c| {
            filters::check_names(&input.filters, KEY_PAIR_FILTERS)?;
            for name in &input.key_names {
                if c.key_pair(name).is_none() {
                    return Err(Ec2Error::KeyPairNotFound { key: name.clone() });
                }
            }
            for id in &input.key_pair_ids {
                if !c.ec2.key_pairs.iter().any(|k| &k.key_pair_id == id) {
                    return Err(Ec2Error::KeyPairNotFound { key: id.clone() });
                }
            }
            let key_pairs = c
                .ec2
                .key_pairs
                .iter()
                .filter(|k| input.key_names.is_empty() || input.key_names.contains(&k.key_name))
                .filter(|k| {
                    input.key_pair_ids.is_empty() || input.key_pair_ids.contains(&k.key_pair_id)
                })
                .filter(|k| {
                    filters::passes(&input.filters, |name| match name {
                        "key-name" => vec![k.key_name.clone()],
                        "key-pair-id" => vec![k.key_pair_id.clone()],
                        "fingerprint" => vec![k.key_fingerprint.clone()],
                        "key-type" => vec![k.key_type.as_str().to_string()],
                        other => filters::tag_candidates(other, &k.tags).unwrap_or_default(),
                    })
                })
                .map(|k| KeyPairInfo {
                    key_pair_id: k.key_pair_id.clone(),
                    key_type: k.key_type,
                    tags: tag_list(&k.tags),
                    public_key: input.include_public_key.then(|| k.public_key.clone()),
                    create_time: Timestamp(k.create_time),
                    key_name: k.key_name.clone(),
                    key_fingerprint: k.key_fingerprint.clone(),
                })
                .collect();
            Ok(DescribeKeyPairsOutput { key_pairs })
        })
    }

    /// `ec2 delete-key-pair`. Deleting a name that does not exist succeeds, as in
    /// AWS; an id that does not exist is `InvalidKeyPair.NotFound`. Instances
    /// launched with the key keep their authorized key.
    pub fn delete_key_pair(
        &mut self,
        input: DeleteKeyPairInput,
    ) -> Result<DeleteKeyPairOutput, Ec2Error> {
        self.ec2_call_dry("DeleteKeyPair", input.dry_run, |c| {
            let position = match (&input.key_name, &input.key_pair_id) {
                (_, Some(id)) if !id.is_empty() => {
                    let p = c.ec2.key_pairs.iter().position(|k| &k.key_pair_id == id);
                    if p.is_none() {
                        return Err(Ec2Error::KeyPairNotFound { key: id.clone() });
                    }
                    p
                }
                (Some(name), _) if !name.is_empty() => {
                    c.ec2.key_pairs.iter().position(|k| &k.key_name == name)
                }
                _ => {
                    return Err(Ec2Error::MissingParameter {
                        message: "The request must contain the parameter KeyName or KeyPairId"
                            .into(),
                    });
                }
            };
            let key_pair_id = position.map(|p| c.ec2.key_pairs.remove(p).key_pair_id);
            Ok(DeleteKeyPairOutput {
                return_value: true,
                key_pair_id,
            })
        })
    }

    /// Whether `private_key_text` (a `.pem` file's content; whitespace and line
    /// endings do not matter) opens `instance_id` over ssh.
    pub fn key_pair_accepts(&self, instance_id: &str, private_key_text: &str) -> KeyCheck {
        let Some(instance) = self.instance(instance_id) else {
            return KeyCheck::UnknownInstance;
        };
        let public = match ssh_keys::public_key_of_private(private_key_text) {
            Ok(p) => p,
            Err(PrivateKeyError::PuttyFormat) => return KeyCheck::PuttyFormat,
            Err(PrivateKeyError::InvalidFormat) => return KeyCheck::NotAPrivateKey,
        };
        // sshd reads the default user's ~/.ssh/authorized_keys (written from the
        // key pair at launch, and editable on the instance); instances from
        // before that file existed fall back to the launch key.
        let guest = &instance.guest;
        let lines: Vec<&str> = match guest.authorized_keys(&guest.default_user) {
            Some(lines) => lines,
            None => instance.authorized_key.as_deref().into_iter().collect(),
        };
        if lines.is_empty() && instance.authorized_key.is_none() {
            return KeyCheck::InstanceHasNoKey;
        }
        let accepted = lines
            .iter()
            .filter_map(|l| ssh_keys::parse_public_key(l))
            .any(|k| k.blob == public.blob);
        if accepted {
            KeyCheck::Accepted
        } else {
            KeyCheck::WrongKey
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(cloud: &mut Cloud, name: &str, key_type: Option<&str>) -> CreateKeyPairOutput {
        cloud
            .create_key_pair(CreateKeyPairInput {
                key_name: name.into(),
                key_type: key_type.map(String::from),
                ..Default::default()
            })
            .unwrap()
    }

    #[test]
    fn create_returns_material_once_and_describe_shows_fingerprint() {
        let mut cloud = Cloud::default();
        let out = create(&mut cloud, "lab-key", None);
        assert!(
            out.key_material
                .starts_with("-----BEGIN RSA PRIVATE KEY-----")
        );
        assert!(out.key_pair_id.starts_with("key-0"));
        let described = cloud
            .describe_key_pairs(DescribeKeyPairsInput::default())
            .unwrap();
        let info = &described.key_pairs[0];
        assert_eq!(info.key_name, "lab-key");
        assert_eq!(info.key_fingerprint, out.key_fingerprint);
        let json = serde_json::to_string(&described).unwrap();
        assert!(!json.contains("PRIVATE KEY"));
        assert!(json.contains("\"CreateTime\":\"2026-01-05T09:00:00+00:00\""));
        assert!(info.public_key.is_none());
        let with_public = cloud
            .describe_key_pairs(DescribeKeyPairsInput {
                include_public_key: true,
                ..Default::default()
            })
            .unwrap();
        assert!(
            with_public.key_pairs[0]
                .public_key
                .as_deref()
                .unwrap()
                .ends_with(" lab-key")
        );
    }

    #[test]
    fn duplicate_and_missing_names() {
        let mut cloud = Cloud::default();
        create(&mut cloud, "k", Some("ed25519"));
        let err = cloud
            .create_key_pair(CreateKeyPairInput {
                key_name: "k".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidKeyPair.Duplicate");
        assert_eq!(err.message(), "The keypair 'k' already exists.");
        let err = cloud
            .describe_key_pairs(DescribeKeyPairsInput {
                key_names: vec!["nope".into()],
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidKeyPair.NotFound");
        assert_eq!(err.message(), "The key pair 'nope' does not exist");
        let err = cloud
            .create_key_pair(CreateKeyPairInput {
                key_name: "x".repeat(256),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
        let err = cloud
            .create_key_pair(CreateKeyPairInput {
                key_name: "k2".into(),
                key_type: Some("dsa".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidParameterValue");
    }

    #[test]
    fn delete_by_missing_name_succeeds_but_missing_id_fails() {
        let mut cloud = Cloud::default();
        let out = create(&mut cloud, "k", None);
        let ok = cloud
            .delete_key_pair(DeleteKeyPairInput {
                key_name: Some("never-existed".into()),
                key_pair_id: None,
                ..Default::default()
            })
            .unwrap();
        assert!(ok.return_value && ok.key_pair_id.is_none());
        let err = cloud
            .delete_key_pair(DeleteKeyPairInput {
                key_name: None,
                key_pair_id: Some("key-0123456789abcdef0".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidKeyPair.NotFound");
        let deleted = cloud
            .delete_key_pair(DeleteKeyPairInput {
                key_name: Some("k".into()),
                key_pair_id: None,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(deleted.key_pair_id, Some(out.key_pair_id));
        assert!(cloud.key_pairs().is_empty());
    }

    #[test]
    fn import_validates_format_and_uses_md5_for_rsa() {
        let mut cloud = Cloud::default();
        let err = cloud
            .import_key_pair(ImportKeyPairInput {
                key_name: "mine".into(),
                public_key_material: "not a key".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "InvalidKey.Format");
        assert_eq!(
            err.message(),
            "Key is not in valid OpenSSH public key format"
        );
        let mut rng = crate::rng::SimRng::new(99);
        let key = ssh_keys::generate(KeyType::Rsa, KeyFormat::Pem, "", &mut rng);
        let out = cloud
            .import_key_pair(ImportKeyPairInput {
                key_name: "mine".into(),
                public_key_material: key.public_key_line("me@laptop"),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(out.key_fingerprint.split(':').count(), 16);
        let filtered = cloud
            .describe_key_pairs(DescribeKeyPairsInput {
                filters: vec![Filter::new("fingerprint", &[&out.key_fingerprint])],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(filtered.key_pairs.len(), 1);
    }

    #[test]
    fn key_pair_accepts_only_the_instances_key() {
        use crate::catalog::{self, Architecture, OsFamily};
        use crate::ec2::instances::RunInstancesInput;
        let mut cloud = Cloud::default();
        let mine = create(&mut cloud, "web-key", Some("ed25519"));
        let other = create(&mut cloud, "other-key", None);
        let image_id =
            catalog::image_for("ap-northeast-2", OsFamily::Ubuntu2404, Architecture::X86_64)
                .unwrap()
                .image_id;
        let run = |cloud: &mut Cloud, key: Option<&str>| {
            cloud
                .run_instances(RunInstancesInput {
                    image_id: image_id.clone(),
                    instance_type: Some("t3.micro".into()),
                    key_name: key.map(String::from),
                    ..Default::default()
                })
                .unwrap()
                .instances[0]
                .instance_id
                .clone()
        };
        let id = run(&mut cloud, Some("web-key"));
        let keyless = run(&mut cloud, None);
        assert_eq!(
            cloud.key_pair_accepts(&id, &mine.key_material),
            KeyCheck::Accepted
        );
        let windows_style = mine.key_material.replace('\n', "\r\n") + "\r\n";
        assert_eq!(
            cloud.key_pair_accepts(&id, &windows_style),
            KeyCheck::Accepted
        );
        assert_eq!(
            cloud.key_pair_accepts(&id, &other.key_material),
            KeyCheck::WrongKey
        );
        assert_eq!(
            cloud.key_pair_accepts(&id, "ssh-ed25519 AAAA"),
            KeyCheck::NotAPrivateKey
        );
        assert_eq!(
            cloud.key_pair_accepts(&keyless, &mine.key_material),
            KeyCheck::InstanceHasNoKey
        );
        assert_eq!(
            cloud.key_pair_accepts("i-0123456789abcdef0", &mine.key_material),
            KeyCheck::UnknownInstance
        );
        // Deleting the key pair does not lock the learner out.
        cloud
            .delete_key_pair(DeleteKeyPairInput {
                key_name: Some("web-key".into()),
                key_pair_id: None,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            cloud.key_pair_accepts(&id, &mine.key_material),
            KeyCheck::Accepted
        );
        // sshd reads ~/.ssh/authorized_keys: a key added there opens the
        // instance too, and a directory others can write locks everyone out.
        cloud.advance(std::time::Duration::from_secs(60));
        let path = "/home/ubuntu/.ssh/authorized_keys";
        let mut keys = cloud.guest_read_file(&id, path).unwrap().to_string();
        assert!(keys.ends_with(" web-key\n"), "{keys}");
        keys.push_str(&format!(
            "{}\n",
            cloud.key_pair("other-key").unwrap().public_key
        ));
        cloud.guest_write_file(&id, path, &keys).unwrap();
        assert_eq!(
            cloud.key_pair_accepts(&id, &other.key_material),
            KeyCheck::Accepted
        );
        cloud.guest_chmod(&id, "/home/ubuntu/.ssh", 0o777).unwrap();
        assert_eq!(
            cloud.key_pair_accepts(&id, &mine.key_material),
            KeyCheck::WrongKey
        );
    }

    #[test]
    fn tags_on_create() {
        let mut cloud = Cloud::default();
        let out = cloud
            .create_key_pair(CreateKeyPairInput {
                key_name: "t".into(),
                tag_specifications: vec![TagSpecification {
                    resource_type: "key-pair".into(),
                    tags: vec![Tag::new("Project", "lab")],
                }],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(out.tags, vec![Tag::new("Project", "lab")]);
        let found = cloud
            .describe_key_pairs(DescribeKeyPairsInput {
                filters: vec![Filter::new("tag:Project", &["lab"])],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.key_pairs.len(), 1);
    }
}
