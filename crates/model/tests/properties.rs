//! Property tests: random sequences of operations never panic and keep the
//! model's invariants; the same seed and calls give the same state.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::time::Duration;

use cloudlab_model::catalog::{self, Architecture, OsFamily};
use cloudlab_model::ec2::addresses::{
    AllocateAddressInput, AssociateAddressInput, DisassociateAddressInput, ReleaseAddressInput,
};
use cloudlab_model::ec2::guest::ServiceAction;
use cloudlab_model::ec2::instances::{
    AttributeBooleanValue, BlockDeviceMapping, DescribeInstancesInput, EbsBlockDevice,
    HibernationOptions, InstanceIdsInput, ModifyInstanceAttributeInput, RunInstancesInput,
};
use cloudlab_model::ec2::key_pairs::{CreateKeyPairInput, DeleteKeyPairInput};
use cloudlab_model::ec2::network::Reachability;
use cloudlab_model::ec2::security_groups::{
    CreateSecurityGroupInput, DeleteSecurityGroupInput, IpPermission, SecurityGroupRulesInput,
};
use cloudlab_model::ec2::volumes;
use cloudlab_model::ec2::{InstanceStateName, Protocol};
use cloudlab_model::elasticache::connect::CacheConnection;
use cloudlab_model::elasticache::replication_groups::{
    CreateReplicationGroupInput, DeleteReplicationGroupInput, TestFailoverInput,
};
use cloudlab_model::rds::instances::{CreateDbInstanceInput, DeleteDbInstanceInput};
use cloudlab_model::rds::modify::{ModifyDbInstanceInput, RebootDbInstanceInput};
use cloudlab_model::rds::replicas::CreateReadReplicaInput;
use cloudlab_model::rds::snapshots::{CreateDbSnapshotInput, RestoreFromSnapshotInput};
use cloudlab_model::{Cloud, CloudConfig};
use proptest::prelude::*;

const TYPES: [&str; 5] = [
    "t3.micro",
    "t2.micro",
    "t4g.micro",
    "m5.large",
    "c5.4xlarge",
];
const OSES: [OsFamily; 4] = [
    OsFamily::AmazonLinux2023,
    OsFamily::Ubuntu2404,
    OsFamily::Debian12,
    OsFamily::WindowsServer2022,
];
const CIDRS: [&str; 5] = [
    "0.0.0.0/0",
    "203.0.113.25/32",
    "10.0.0.0/8",
    "198.51.100.0/24",
    "10.0.0.1/8",
];
const PACKAGES: [&str; 4] = ["apache2", "httpd", "nginx", "git"];

/// One thing a learner (or a console) might do.
#[derive(Clone, Debug)]
enum Op {
    Run {
        type_ix: usize,
        os_ix: usize,
        count: u32,
        key: bool,
        group: Option<usize>,
    },
    RunHibernating,
    Stop(usize),
    Hibernate(usize),
    ProtectStop(usize, bool),
    Start(usize),
    Reboot(usize),
    Terminate(usize),
    Protect(usize, bool),
    Advance(u64),
    CreateGroup(u8),
    DeleteGroup(usize),
    Authorize {
        group: usize,
        port: u16,
        cidr: usize,
    },
    Revoke {
        group: usize,
        port: u16,
        cidr: usize,
    },
    CreateKey(u8),
    DeleteKey(u8),
    Allocate,
    Associate {
        eip: usize,
        instance: usize,
        allow: bool,
    },
    Disassociate(usize),
    Release(usize),
    Install {
        instance: usize,
        package: usize,
    },
    StartService {
        instance: usize,
        package: usize,
    },
    Describe,
    CreateVolume {
        zone: usize,
        size: u32,
    },
    AttachVolume {
        volume: usize,
        instance: usize,
        device: usize,
    },
    DetachVolume(usize),
    DeleteVolume(usize),
    GrowVolume {
        volume: usize,
        by: u32,
    },
    Snapshot(usize),
    /// An RDS instance `db{n}` in the default VPC, Multi-AZ or not.
    CreateDb(u8, bool),
    /// Deletes `db{n}`, skipping the final snapshot or not.
    DeleteDb(u8, bool),
    /// Turns Multi-AZ on or off for `db{n}`, at once or in the window.
    ModifyDb(u8, bool, bool),
    /// Reboots `db{n}`, failing over or not.
    RebootDb(u8, bool),
    /// A read replica `db{m}` of `db{n}`.
    ReplicaDb(u8, u8),
    /// A manual snapshot of `db{n}`, restored into `db{m}`.
    SnapshotDb(u8, u8),
    /// A Valkey replication group `cache{n}` with `members` nodes.
    CreateCache(u8, u32),
    /// A test failover of `cache{n}`.
    FailoverCache(u8),
    /// Deletes `cache{n}`.
    DeleteCache(u8),
    /// `SET k{key} v` on `cache{n}`'s primary, from inside the VPC's view.
    WriteCache(u8, u8),
}

const DEVICES: [&str; 3] = ["/dev/sdf", "/dev/sdg", "/dev/xvdh"];

fn nth_volume(cloud: &Cloud, i: usize) -> String {
    let volumes = cloud.volumes();
    if volumes.is_empty() {
        return "vol-00000000000000000".into();
    }
    volumes[i % volumes.len()].volume_id.clone()
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            0..TYPES.len(),
            0..OSES.len(),
            1u32..3,
            any::<bool>(),
            proptest::option::of(0usize..4)
        )
            .prop_map(|(type_ix, os_ix, count, key, group)| Op::Run {
                type_ix,
                os_ix,
                count,
                key,
                group
            }),
        Just(Op::RunHibernating),
        (0usize..6).prop_map(Op::Stop),
        (0usize..6).prop_map(Op::Hibernate),
        (0usize..6, any::<bool>()).prop_map(|(i, b)| Op::ProtectStop(i, b)),
        (0usize..6).prop_map(Op::Start),
        (0usize..6).prop_map(Op::Reboot),
        (0usize..6).prop_map(Op::Terminate),
        (0usize..6, any::<bool>()).prop_map(|(i, b)| Op::Protect(i, b)),
        (0u64..4_000).prop_map(Op::Advance),
        (0u8..4).prop_map(Op::CreateGroup),
        (0usize..5).prop_map(Op::DeleteGroup),
        (
            0usize..5,
            prop_oneof![Just(22u16), Just(80), Just(443), 0u16..1024],
            0..CIDRS.len()
        )
            .prop_map(|(group, port, cidr)| Op::Authorize { group, port, cidr }),
        (
            0usize..5,
            prop_oneof![Just(22u16), Just(80)],
            0..CIDRS.len()
        )
            .prop_map(|(group, port, cidr)| Op::Revoke { group, port, cidr }),
        (0u8..3).prop_map(Op::CreateKey),
        (0u8..3).prop_map(Op::DeleteKey),
        Just(Op::Allocate),
        (0usize..6, 0usize..6, any::<bool>()).prop_map(|(eip, instance, allow)| Op::Associate {
            eip,
            instance,
            allow
        }),
        (0usize..6).prop_map(Op::Disassociate),
        (0usize..6).prop_map(Op::Release),
        (0usize..6, 0..PACKAGES.len())
            .prop_map(|(instance, package)| Op::Install { instance, package }),
        (0usize..6, 0..PACKAGES.len())
            .prop_map(|(instance, package)| Op::StartService { instance, package }),
        Just(Op::Describe),
        (0usize..4, 1u32..40).prop_map(|(zone, size)| Op::CreateVolume { zone, size }),
        (0usize..6, 0usize..6, 0..DEVICES.len()).prop_map(|(volume, instance, device)| {
            Op::AttachVolume {
                volume,
                instance,
                device,
            }
        }),
        (0usize..6).prop_map(Op::DetachVolume),
        (0usize..6).prop_map(Op::DeleteVolume),
        (0usize..6, 0u32..20).prop_map(|(volume, by)| Op::GrowVolume { volume, by }),
        (0usize..6).prop_map(Op::Snapshot),
        (0u8..3, any::<bool>()).prop_map(|(n, multi)| Op::CreateDb(n, multi)),
        (0u8..3, any::<bool>()).prop_map(|(n, skip)| Op::DeleteDb(n, skip)),
        (0u8..3, any::<bool>(), any::<bool>()).prop_map(|(n, on, now)| Op::ModifyDb(n, on, now)),
        (0u8..3, any::<bool>()).prop_map(|(n, failover)| Op::RebootDb(n, failover)),
        (0u8..3, 0u8..3).prop_map(|(n, m)| Op::ReplicaDb(n, m)),
        (0u8..3, 0u8..3).prop_map(|(n, m)| Op::SnapshotDb(n, m)),
        (0u8..2, 1u32..4).prop_map(|(n, members)| Op::CreateCache(n, members)),
        (0u8..2).prop_map(Op::FailoverCache),
        (0u8..2).prop_map(Op::DeleteCache),
        (0u8..2, 0u8..4).prop_map(|(n, key)| Op::WriteCache(n, key)),
    ]
}

fn nth_instance(cloud: &Cloud, i: usize) -> String {
    let all = cloud.instances();
    if all.is_empty() {
        return "i-0123456789abcdef0".into();
    }
    all[i % all.len()].instance_id.clone()
}

fn nth_group(cloud: &Cloud, i: usize) -> String {
    let all = cloud.security_groups();
    all[i % all.len()].group_id.clone()
}

fn nth_eip(cloud: &Cloud, i: usize) -> String {
    let all = cloud.addresses();
    if all.is_empty() {
        return "eipalloc-0123456789abcdef0".into();
    }
    all[i % all.len()].allocation_id.clone()
}

fn ids(id: String) -> InstanceIdsInput {
    InstanceIdsInput {
        instance_ids: vec![id],
        ..Default::default()
    }
}

/// Applies one op. Errors are fine (they are values); panics are not.
fn apply(cloud: &mut Cloud, op: &Op) {
    match op {
        Op::Run {
            type_ix,
            os_ix,
            count,
            key,
            group,
        } => {
            let image = catalog::image_for(cloud.region().code, OSES[*os_ix], Architecture::X86_64)
                .unwrap();
            let group_ids = group.map(|g| vec![nth_group(cloud, g)]).unwrap_or_default();
            let _ = cloud.run_instances(RunInstancesInput {
                image_id: image.image_id,
                instance_type: Some(TYPES[*type_ix].into()),
                max_count: Some(*count),
                key_name: key.then(|| "key-0".to_string()),
                security_group_ids: group_ids,
                ..Default::default()
            });
        }
        Op::RunHibernating => {
            let image = catalog::image_for(
                cloud.region().code,
                OsFamily::AmazonLinux2023,
                Architecture::X86_64,
            )
            .unwrap();
            let _ = cloud.run_instances(RunInstancesInput {
                image_id: image.image_id,
                instance_type: Some("t3.micro".into()),
                hibernation_options: Some(HibernationOptions { configured: true }),
                block_device_mappings: vec![BlockDeviceMapping {
                    device_name: "/dev/xvda".into(),
                    ebs: Some(EbsBlockDevice {
                        encrypted: Some(true),
                        ..Default::default()
                    }),
                    ..Default::default()
                }],
                ..Default::default()
            });
        }
        Op::CreateVolume { zone, size } => {
            let zones = &cloud.region().zones;
            let zone = zones[zone % zones.len()].name.to_string();
            drop(cloud.create_volume(volumes::CreateVolumeInput {
                availability_zone: Some(zone),
                size: Some(*size),
                volume_type: Some("gp3".into()),
                ..Default::default()
            }));
        }
        Op::AttachVolume {
            volume,
            instance,
            device,
        } => drop(cloud.attach_volume(volumes::AttachVolumeInput {
            device: DEVICES[*device].into(),
            instance_id: nth_instance(cloud, *instance),
            volume_id: nth_volume(cloud, *volume),
            ..Default::default()
        })),
        Op::DetachVolume(v) => drop(cloud.detach_volume(volumes::DetachVolumeInput {
            volume_id: nth_volume(cloud, *v),
            ..Default::default()
        })),
        Op::DeleteVolume(v) => drop(cloud.delete_volume(volumes::DeleteVolumeInput {
            volume_id: nth_volume(cloud, *v),
            ..Default::default()
        })),
        Op::GrowVolume { volume, by } => {
            let id = nth_volume(cloud, *volume);
            let size = cloud.volume(&id).map_or(1, |v| v.size_gib) + by;
            drop(cloud.modify_volume(volumes::ModifyVolumeInput {
                volume_id: id,
                size: Some(size),
                ..Default::default()
            }));
        }
        Op::Snapshot(v) => drop(cloud.create_snapshot(
            cloudlab_model::ec2::snapshots::CreateSnapshotInput {
                volume_id: nth_volume(cloud, *v),
                ..Default::default()
            },
        )),
        Op::Stop(i) => drop(cloud.stop_instances(ids(nth_instance(cloud, *i)))),
        Op::Hibernate(i) => drop(cloud.stop_instances(InstanceIdsInput {
            hibernate: true,
            ..ids(nth_instance(cloud, *i))
        })),
        Op::ProtectStop(i, on) => drop(cloud.modify_instance_attribute(
            ModifyInstanceAttributeInput {
                instance_id: nth_instance(cloud, *i),
                disable_api_stop: Some(AttributeBooleanValue { value: *on }),
                ..Default::default()
            },
        )),
        Op::Start(i) => drop(cloud.start_instances(ids(nth_instance(cloud, *i)))),
        Op::Reboot(i) => drop(cloud.reboot_instances(ids(nth_instance(cloud, *i)))),
        Op::Terminate(i) => drop(cloud.terminate_instances(ids(nth_instance(cloud, *i)))),
        Op::Protect(i, on) => drop(
            cloud.modify_instance_attribute(ModifyInstanceAttributeInput {
                instance_id: nth_instance(cloud, *i),
                disable_api_termination: Some(AttributeBooleanValue { value: *on }),
                ..Default::default()
            }),
        ),
        Op::Advance(secs) => cloud.advance(Duration::from_secs(*secs)),
        Op::CreateGroup(n) => drop(cloud.create_security_group(CreateSecurityGroupInput {
            group_name: format!("group-{n}"),
            description: "property test".into(),
            ..Default::default()
        })),
        Op::DeleteGroup(g) => drop(cloud.delete_security_group(DeleteSecurityGroupInput {
            group_id: Some(nth_group(cloud, *g)),
            group_name: None,
            ..Default::default()
        })),
        Op::Authorize { group, port, cidr } => drop(cloud.authorize_security_group_ingress(
            SecurityGroupRulesInput {
                group_id: Some(nth_group(cloud, *group)),
                ip_permissions: vec![IpPermission::cidr(
                    "tcp",
                    i32::from(*port),
                    i32::from(*port),
                    CIDRS[*cidr],
                )],
                ..Default::default()
            },
        )),
        Op::Revoke { group, port, cidr } => drop(cloud.revoke_security_group_ingress(
            SecurityGroupRulesInput {
                group_id: Some(nth_group(cloud, *group)),
                ip_permissions: vec![IpPermission::cidr(
                    "tcp",
                    i32::from(*port),
                    i32::from(*port),
                    CIDRS[*cidr],
                )],
                ..Default::default()
            },
        )),
        Op::CreateKey(n) => drop(cloud.create_key_pair(CreateKeyPairInput {
            key_name: format!("key-{n}"),
            key_type: Some(if n % 2 == 0 { "rsa" } else { "ed25519" }.into()),
            ..Default::default()
        })),
        Op::DeleteKey(n) => drop(cloud.delete_key_pair(DeleteKeyPairInput {
            key_name: Some(format!("key-{n}")),
            key_pair_id: None,
            ..Default::default()
        })),
        Op::Allocate => drop(cloud.allocate_address(AllocateAddressInput::default())),
        Op::Associate {
            eip,
            instance,
            allow,
        } => drop(cloud.associate_address(AssociateAddressInput {
            allocation_id: Some(nth_eip(cloud, *eip)),
            instance_id: Some(nth_instance(cloud, *instance)),
            allow_reassociation: Some(*allow),
            ..Default::default()
        })),
        Op::Disassociate(e) => {
            let assoc = cloud
                .addresses()
                .get(*e % cloud.addresses().len().max(1))
                .and_then(|a| a.association_id.clone())
                .unwrap_or_else(|| "eipassoc-0123456789abcdef0".into());
            drop(cloud.disassociate_address(DisassociateAddressInput {
                association_id: Some(assoc),
                public_ip: None,
                ..Default::default()
            }))
        }
        Op::Release(e) => drop(cloud.release_address(ReleaseAddressInput {
            allocation_id: Some(nth_eip(cloud, *e)),
            public_ip: None,
            ..Default::default()
        })),
        Op::Install { instance, package } => {
            let id = nth_instance(cloud, *instance);
            drop(cloud.guest_update_package_lists(&id));
            drop(cloud.guest_install_packages(&id, &[PACKAGES[*package]]))
        }
        Op::StartService { instance, package } => {
            let id = nth_instance(cloud, *instance);
            drop(cloud.guest_service(&id, PACKAGES[*package], ServiceAction::Start))
        }
        Op::Describe => drop(cloud.describe_instances(DescribeInstancesInput::default())),
        Op::CreateDb(n, multi_az) => drop(cloud.create_db_instance(CreateDbInstanceInput {
            db_instance_identifier: format!("db{n}"),
            db_instance_class: "db.t3.micro".into(),
            engine: "mysql".into(),
            master_username: Some("admin".into()),
            master_user_password: Some("Passw0rd!".into()),
            allocated_storage: Some(20),
            multi_az: Some(*multi_az),
            ..Default::default()
        })),
        Op::DeleteDb(n, skip) => drop(cloud.delete_db_instance(DeleteDbInstanceInput {
            db_instance_identifier: format!("db{n}"),
            skip_final_snapshot: Some(*skip),
            final_db_snapshot_identifier:
                (!*skip).then(|| format!("final-db{n}-{}", cloud.now().as_millis())),
        })),
        Op::ModifyDb(n, on, now) => drop(cloud.modify_db_instance(ModifyDbInstanceInput {
            db_instance_identifier: format!("db{n}"),
            multi_az: Some(*on),
            apply_immediately: Some(*now),
            ..Default::default()
        })),
        Op::RebootDb(n, failover) => drop(cloud.reboot_db_instance(RebootDbInstanceInput {
            db_instance_identifier: format!("db{n}"),
            force_failover: Some(*failover),
        })),
        Op::ReplicaDb(n, m) => drop(cloud.create_db_instance_read_replica(
            CreateReadReplicaInput {
                db_instance_identifier: format!("db{m}"),
                source_db_instance_identifier: Some(format!("db{n}")),
                ..Default::default()
            },
        )),
        Op::SnapshotDb(n, m) => {
            let name = format!("snap-db{n}-{}", cloud.now().as_millis());
            drop(cloud.create_db_snapshot(CreateDbSnapshotInput {
                db_snapshot_identifier: name.clone(),
                db_instance_identifier: format!("db{n}"),
            }));
            cloud.advance(std::time::Duration::from_secs(180));
            drop(
                cloud.restore_db_instance_from_db_snapshot(RestoreFromSnapshotInput {
                    db_instance_identifier: format!("db{m}"),
                    db_snapshot_identifier: Some(name),
                    ..Default::default()
                }),
            )
        }
        Op::CreateCache(n, members) => {
            drop(cloud.create_replication_group(CreateReplicationGroupInput {
                replication_group_id: format!("cache{n}"),
                replication_group_description: "cache".into(),
                engine: Some("valkey".into()),
                cache_node_type: Some("cache.t3.micro".into()),
                num_cache_clusters: Some(*members),
                automatic_failover_enabled: Some(*members > 1),
                multi_az_enabled: Some(*members > 1),
                ..Default::default()
            }))
        }
        Op::FailoverCache(n) => drop(cloud.test_failover(TestFailoverInput {
            replication_group_id: format!("cache{n}"),
            node_group_id: "0001".into(),
        })),
        Op::DeleteCache(n) => drop(cloud.delete_replication_group(DeleteReplicationGroupInput {
            replication_group_id: format!("cache{n}"),
            ..Default::default()
        })),
        Op::WriteCache(n, key) => {
            let primary = cloud
                .replication_group(&format!("cache{n}"))
                .and_then(|g| g.shards.first())
                .map(|s| s.primary.clone());
            if let Some(cluster) = primary {
                let connection = CacheConnection {
                    cluster,
                    node: "0001".into(),
                    host: String::new(),
                    port: 6379,
                    engine: "valkey".into(),
                };
                let args = ["SET".to_string(), format!("k{key}"), "v".to_string()];
                drop(cloud.redis_command(&connection, &args));
            }
        }
    }
}

fn check_invariants(cloud: &Cloud, seen_terminated: &mut BTreeMap<String, bool>) {
    // A DB instance is in one of RDS's statuses; once deleting it never comes
    // back; a Multi-AZ instance's standby is in another zone of its subnet
    // group; a replica's source exists and it has not applied more writes
    // than its source logged.
    const DB_STATUSES: [&str; 6] = [
        "creating",
        "backing-up",
        "available",
        "modifying",
        "rebooting",
        "deleting",
    ];
    for db in cloud.db_instances() {
        assert!(
            DB_STATUSES.contains(&db.status.as_str()),
            "{}: unknown status {}",
            db.identifier,
            db.status
        );
        let key = format!("rds:{}", db.identifier);
        let before = seen_terminated.get(&key).copied().unwrap_or(false);
        // `true` once the instance was seen deleting: it never comes back.
        if before {
            assert_eq!(db.status, "deleting", "{} came back", db.identifier);
        }
        if db.status == "deleting" {
            seen_terminated.insert(key, true);
        }
        if let Some(standby) = &db.secondary_zone {
            assert_ne!(
                standby, &db.zone,
                "{}: standby in its own zone",
                db.identifier
            );
            assert!(
                db.standby_ip.is_some(),
                "{}: standby without an address",
                db.identifier
            );
        }
        if let Some(source) = &db.replica_of {
            assert_ne!(source, &db.identifier);
            let source = cloud.db_instance(source);
            assert!(
                source.is_some(),
                "{}: replica of a missing source",
                db.identifier
            );
            if let Some(source) = source {
                assert!(db.replica_applied <= source.binlog.len());
            }
        }
    }
    // A replication group's shard has its primary outside its replicas, every
    // member exists with one node, Multi-AZ groups keep a replica in another
    // zone, and replicas hold exactly what their primary holds.
    const GROUP_STATUSES: [&str; 4] = ["creating", "available", "modifying", "deleting"];
    for g in cloud.replication_groups() {
        assert!(
            GROUP_STATUSES.contains(&g.status.as_str()),
            "{}: {}",
            g.id,
            g.status
        );
        for shard in &g.shards {
            assert!(
                !shard.replicas.contains(&shard.primary),
                "{}: primary is a replica",
                g.id
            );
            let node = |m: &String| {
                let cluster = cloud.cache_cluster(m);
                assert!(
                    cluster.is_some_and(|c| c.nodes.len() == 1),
                    "{m}: not one node"
                );
                cluster.and_then(|c| c.nodes.first())
            };
            let primary = node(&shard.primary);
            for replica in &shard.replicas {
                let replica = node(replica);
                assert_eq!(
                    replica.map(|n| &n.keys),
                    primary.map(|n| &n.keys),
                    "{}: a replica differs from its primary",
                    g.id
                );
                if g.multi_az {
                    assert!(g.automatic_failover, "{}: Multi-AZ without failover", g.id);
                }
            }
            if g.multi_az {
                let zone = primary.map(|n| n.zone.clone());
                assert!(
                    shard
                        .replicas
                        .iter()
                        .any(|r| node(r).map(|n| n.zone.clone()) != zone),
                    "{}: Multi-AZ with every node in one zone",
                    g.id
                );
            }
        }
    }
    // Once gone, the identifier may be used again by a new instance.
    seen_terminated.retain(|key, _| {
        key.strip_prefix("rds:")
            .is_none_or(|id| cloud.db_instance(id).is_some())
    });
    for i in cloud.instances() {
        // Every recorded step is one the state machine allows.
        for pair in i.state_history.windows(2) {
            assert!(
                pair[0].state.can_become(pair[1].state),
                "{}: {} -> {}",
                i.instance_id,
                pair[0].state,
                pair[1].state
            );
            assert!(pair[0].at <= pair[1].at);
        }
        assert_eq!(i.state_history.last().map(|c| c.state), Some(i.state));
        // A terminated instance never comes back.
        if seen_terminated
            .get(&i.instance_id)
            .copied()
            .unwrap_or(false)
        {
            assert_eq!(
                i.state,
                InstanceStateName::Terminated,
                "{} came back",
                i.instance_id
            );
        }
        if i.state == InstanceStateName::Terminated {
            seen_terminated.insert(i.instance_id.clone(), true);
            assert!(cloud.public_ip_of(&i.instance_id).is_none());
        }
        // Stopped instances have no auto-assigned public address.
        if i.state == InstanceStateName::Stopped {
            assert!(i.auto_public_ip.is_none());
        }
        // Services only run on running instances.
        if i.state != InstanceStateName::Running {
            assert!(
                i.guest.services.values().all(|s| !s.active),
                "{} {}",
                i.instance_id,
                i.state
            );
        }
    }
    // An EIP is associated with at most one instance, and an instance has at most one EIP.
    let mut owners = BTreeMap::new();
    for a in cloud.addresses() {
        assert_eq!(a.instance_id.is_some(), a.association_id.is_some());
        if let Some(id) = &a.instance_id {
            assert!(
                owners.insert(id.clone(), a.allocation_id.clone()).is_none(),
                "{id} has two EIPs"
            );
            let owner = cloud.instance(id).expect("EIP on a missing instance");
            assert!(owner.auto_public_ip.is_none());
        }
    }
    assert!(cloud.addresses().len() <= 5);
    // Public addresses are unique.
    let mut public = BTreeMap::new();
    for i in cloud.instances() {
        if let Some(ip) = cloud.public_ip_of(&i.instance_id) {
            assert!(
                public.insert(ip, i.instance_id.clone()).is_none(),
                "{ip} used twice"
            );
        }
    }
    // Rules stay within the limit and the default group survives.
    for g in cloud.security_groups() {
        assert!(g.ingress.len() <= 60 && g.egress.len() <= 60);
    }
    assert!(cloud.security_groups().iter().any(|g| g.is_default));
    // A volume is attached to one instance, in its zone, at a device no other of
    // its volumes uses.
    let mut devices = std::collections::BTreeSet::new();
    for v in cloud.volumes() {
        assert_eq!(
            v.attachment.is_some(),
            v.state == "in-use",
            "{} {}",
            v.volume_id,
            v.state
        );
        if let Some(a) = &v.attachment {
            let owner = cloud
                .instance(&a.instance_id)
                .expect("attached to a missing instance");
            assert_eq!(owner.availability_zone, v.availability_zone);
            assert!(
                devices.insert((a.instance_id.clone(), a.device.clone())),
                "{} twice",
                a.device
            );
        }
    }
    // Every API call was logged at or before now.
    assert!(cloud.api_log().iter().all(|c| c.at <= cloud.now()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_keep_invariants(ops in proptest::collection::vec(op(), 1..40)) {
        let mut cloud = Cloud::default();
        let mut seen = BTreeMap::new();
        let mut billed = 0.0;
        for op in &ops {
            apply(&mut cloud, op);
            check_invariants(&cloud, &mut seen);
            // The bill never goes down.
            let total: f64 = cloud.monthly_charges().iter().map(|m| m.total_usd()).sum();
            prop_assert!(total >= billed, "the bill went from {} to {} after {:?}", billed, total, op);
            billed = total;
        }
        // Everything still serializes and reads back.
        let json = serde_json::to_string(&cloud).unwrap();
        let back: Cloud = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, cloud);
    }

    #[test]
    fn same_seed_same_calls_same_state(seed in any::<u64>(), ops in proptest::collection::vec(op(), 1..25)) {
        let config = CloudConfig { seed, ..CloudConfig::default() };
        let mut a = Cloud::new(config.clone()).unwrap();
        let mut b = Cloud::new(config).unwrap();
        for op in &ops {
            apply(&mut a, op);
            apply(&mut b, op);
        }
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn authorize_then_revoke_restores_the_group(
        perms in proptest::collection::vec(
            (prop_oneof![Just("tcp"), Just("udp"), Just("icmp"), Just("-1")], 0i32..2000, 0i32..50, 0..CIDRS.len() - 1),
            1..6,
        )
    ) {
        let mut cloud = Cloud::default();
        let group = cloud
            .create_security_group(CreateSecurityGroupInput {
                group_name: "p".into(),
                description: "p".into(),
                ..Default::default()
            })
            .unwrap()
            .group_id;
        let before = cloud.security_group(&group).unwrap().clone();
        let permissions: Vec<IpPermission> = perms
            .iter()
            .map(|(proto, from, span, cidr)| {
                let (f, t) = if *proto == "icmp" { (-1, -1) } else { (*from, from + span) };
                IpPermission::cidr(proto, f, t, CIDRS[*cidr])
            })
            .collect();
        let input = SecurityGroupRulesInput {
            group_id: Some(group.clone()),
            ip_permissions: permissions,
            ..Default::default()
        };
        match cloud.authorize_security_group_ingress(input.clone()) {
            Ok(_) => {
                cloud.revoke_security_group_ingress(input).unwrap();
                prop_assert_eq!(cloud.security_group(&group).unwrap(), &before);
            }
            // Duplicates inside one request are refused whole, changing nothing.
            Err(e) => {
                prop_assert_eq!(e.code(), "InvalidPermission.Duplicate");
                prop_assert_eq!(cloud.security_group(&group).unwrap(), &before);
            }
        }
    }

    #[test]
    fn ssh_rule_for_the_learner_admits_only_the_learner(other in any::<u32>()) {
        let (mut cloud, id, group) = running_web_instance();
        let learner = cloud.learner_ip();
        cloud
            .authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(group),
                ip_permissions: vec![IpPermission::cidr("tcp", 22, 22, &format!("{learner}/32"))],
                ..Default::default()
            })
            .unwrap();
        let ip = cloud.public_ip_of(&id).unwrap().to_string();
        prop_assert!(cloud.check_reachability(learner, &ip, Protocol::Tcp, 22).is_reachable());
        let other = Ipv4Addr::from(other);
        prop_assume!(other != learner);
        prop_assert!(!cloud.check_reachability(other, &ip, Protocol::Tcp, 22).is_reachable());
        prop_assert!(!cloud.check_reachability(learner, &ip, Protocol::Tcp, 23).is_reachable());
    }

    #[test]
    fn adding_an_allow_rule_never_closes_a_port(
        existing in proptest::collection::vec((0u16..200, 0..CIDRS.len() - 1), 0..5),
        new_port in 0u16..200,
        new_cidr in 0..CIDRS.len() - 1,
        probes in proptest::collection::vec((any::<u32>(), 0u16..200), 1..20),
    ) {
        let (mut cloud, id, group) = running_web_instance();
        for (port, cidr) in &existing {
            let _ = cloud.authorize_security_group_ingress(SecurityGroupRulesInput {
                group_id: Some(group.clone()),
                ip_permissions: vec![IpPermission::cidr("tcp", i32::from(*port), i32::from(*port), CIDRS[*cidr])],
                ..Default::default()
            });
        }
        let ip = cloud.public_ip_of(&id).unwrap().to_string();
        let mut probes: Vec<(Ipv4Addr, u16)> = probes.into_iter().map(|(a, p)| (Ipv4Addr::from(a), p)).collect();
        probes.push((cloud.learner_ip(), new_port));
        let before: Vec<bool> = probes
            .iter()
            .map(|(src, port)| cloud.check_reachability(*src, &ip, Protocol::Tcp, *port).is_reachable())
            .collect();
        let _ = cloud.authorize_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(group),
            ip_permissions: vec![IpPermission::cidr("tcp", i32::from(new_port), i32::from(new_port), CIDRS[new_cidr])],
            ..Default::default()
        });
        for ((src, port), was) in probes.iter().zip(before) {
            let now = cloud.check_reachability(*src, &ip, Protocol::Tcp, *port);
            prop_assert!(!was || now.is_reachable(), "{src}:{port} closed by an allow rule: {now:?}");
            if let Reachability::Reachable { via_security_group_rule, .. } = now {
                prop_assert!(via_security_group_rule.security_group_rule_id.starts_with("sgr-"));
            }
        }
    }
}

fn running_web_instance() -> (Cloud, String, String) {
    let mut cloud = Cloud::default();
    let group = cloud
        .create_security_group(CreateSecurityGroupInput {
            group_name: "web".into(),
            description: "web".into(),
            ..Default::default()
        })
        .unwrap()
        .group_id;
    let image = catalog::image_for(
        cloud.region().code,
        OsFamily::Ubuntu2404,
        Architecture::X86_64,
    )
    .unwrap();
    let id = cloud
        .run_instances(RunInstancesInput {
            image_id: image.image_id,
            instance_type: Some("t3.micro".into()),
            security_group_ids: vec![group.clone()],
            ..Default::default()
        })
        .unwrap()
        .instances[0]
        .instance_id
        .clone();
    cloud.advance(Duration::from_secs(30));
    (cloud, id, group)
}

#[test]
fn a_known_scenario_is_reproducible_byte_for_byte() {
    let script = [
        Op::CreateKey(0),
        Op::CreateGroup(1),
        Op::Authorize {
            group: 1,
            port: 22,
            cidr: 1,
        },
        Op::Run {
            type_ix: 0,
            os_ix: 1,
            count: 2,
            key: true,
            group: Some(1),
        },
        Op::Advance(30),
        Op::Allocate,
        Op::Associate {
            eip: 0,
            instance: 0,
            allow: false,
        },
        Op::Install {
            instance: 0,
            package: 0,
        },
        Op::Stop(1),
        Op::Advance(60),
        Op::Terminate(1),
        Op::Advance(3_700),
    ];
    let run = || {
        let mut c = Cloud::default();
        for op in &script {
            apply(&mut c, op);
        }
        c
    };
    let (a, b) = (run(), run());
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    assert_eq!(
        a.instances().len(),
        1,
        "the terminated one is gone after an hour"
    );
    assert_eq!(
        a.addresses()[0].instance_id.as_deref(),
        Some(a.instances()[0].instance_id.as_str())
    );
    assert!(
        a.guest(&a.instances()[0].instance_id)
            .unwrap()
            .service_active("apache2")
    );
    // A different seed gives different ids.
    let mut c = Cloud::new(CloudConfig {
        seed: 2,
        ..CloudConfig::default()
    })
    .unwrap();
    for op in &script {
        apply(&mut c, op);
    }
    assert_ne!(c.instances()[0].instance_id, a.instances()[0].instance_id);
}
