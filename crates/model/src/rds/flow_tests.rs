//! RDS as chapter 12 uses it: a web instance reaching a private database
//! through the security-group chain, rows written with SQL, changes applied
//! now or in the maintenance window, a Multi-AZ failover that keeps the
//! endpoint, a replica a little behind, snapshots, restores and a
//! point-in-time restore.

use std::time::Duration;

use super::instances::{CreateDbInstanceInput, DeleteDbInstanceInput};
use super::modify::{ModifyDbInstanceInput, RebootDbInstanceInput};
use super::network::{DbClient, DbConnectError, DbConnection};
use super::replicas::{CreateReadReplicaInput, PromoteReadReplicaInput};
use super::snapshots::{
    CreateDbSnapshotInput, DeleteDbSnapshotInput, DescribeDbSnapshotsInput,
    RestoreFromSnapshotInput, RestoreToPointInTimeInput,
};
use super::sql::{SqlOutcome, SqlValue};
use super::subnet_groups::CreateDbSubnetGroupInput;
use super::*;
use crate::catalog::{self, Architecture, OsFamily};
use crate::ec2::instances::RunInstancesInput;
use crate::ec2::security_groups::{
    CreateSecurityGroupInput, IpPermission, SecurityGroupRulesInput,
};

struct Lab {
    cloud: Cloud,
    web: String,
    web_sg: String,
    db_sg: String,
}

/// The default VPC with a web instance (group `web`), a DB group `db` that
/// lets 3306 in from `web` only, a subnet group over two zones and `shopdb`
/// available.
fn lab() -> Lab {
    let mut cloud = Cloud::default();
    let group = |c: &mut Cloud, name: &str| {
        c.create_security_group(CreateSecurityGroupInput {
            group_name: name.into(),
            description: name.into(),
            ..Default::default()
        })
        .unwrap()
        .group_id
    };
    let web_sg = group(&mut cloud, "web");
    let db_sg = group(&mut cloud, "db");
    cloud
        .authorize_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(db_sg.clone()),
            ip_permissions: vec![IpPermission::group("tcp", 3306, 3306, &web_sg)],
            ..Default::default()
        })
        .unwrap();
    let image_id = catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .unwrap()
    .image_id;
    let web = cloud
        .run_instances(RunInstancesInput {
            image_id,
            instance_type: Some("t3.micro".into()),
            security_group_ids: vec![web_sg.clone()],
            ..Default::default()
        })
        .unwrap()
        .instances[0]
        .instance_id
        .clone();
    let subnets: Vec<String> = cloud
        .subnets()
        .iter()
        .filter(|s| s.default_for_az)
        .take(2)
        .map(|s| s.subnet_id.clone())
        .collect();
    cloud
        .create_db_subnet_group(CreateDbSubnetGroupInput {
            db_subnet_group_name: "shop-db".into(),
            db_subnet_group_description: "two zones".into(),
            subnet_ids: subnets,
        })
        .unwrap();
    cloud
        .create_db_instance(CreateDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            db_instance_class: "db.t3.micro".into(),
            engine: "mysql".into(),
            master_username: Some("admin".into()),
            master_user_password: Some("Passw0rd!".into()),
            allocated_storage: Some(20),
            publicly_accessible: Some(false),
            db_subnet_group_name: Some("shop-db".into()),
            vpc_security_group_ids: Some(vec![db_sg.clone()]),
            backup_retention_period: Some(7),
            ..Default::default()
        })
        .unwrap();
    cloud.advance(Duration::from_secs(7 * 60 + 1));
    Lab {
        cloud,
        web,
        web_sg,
        db_sg,
    }
}

fn endpoint(cloud: &Cloud, id: &str) -> String {
    let instance = cloud.db_instance(id).unwrap();
    cloud.db_endpoint(instance)
}

fn connect(lab: &Lab, id: &str) -> Result<DbConnection, DbConnectError> {
    let host = endpoint(&lab.cloud, id);
    lab.cloud.connect_to_database(
        DbClient::Instance(&lab.web),
        &host,
        3306,
        "admin",
        "Passw0rd!",
    )
}

fn sql(cloud: &mut Cloud, connection: &DbConnection, lines: &[&str]) {
    let mut current = None;
    for line in lines {
        let result = cloud.run_sql(connection, &mut current, line);
        assert!(result.is_ok(), "{line}: {result:?}");
    }
}

fn names(cloud: &mut Cloud, id: &str) -> Vec<String> {
    let connection = DbConnection {
        identifier: id.into(),
        client: std::net::Ipv4Addr::new(172, 31, 0, 9),
    };
    let mut current = Some("shop".to_string());
    match cloud.run_sql(
        &connection,
        &mut current,
        "SELECT name FROM items ORDER BY id",
    ) {
        Ok(SqlOutcome::Rows { rows, .. }) => rows.into_iter().map(|r| r[0].to_string()).collect(),
        other => panic!("{other:?}"),
    }
}

fn shop(cloud: &mut Cloud, connection: &DbConnection) {
    sql(
        cloud,
        connection,
        &[
            "CREATE DATABASE shop",
            "USE shop",
            "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
            "INSERT INTO items (name) VALUES ('keyboard'), ('mouse')",
        ],
    );
}

#[test]
fn only_the_web_tier_s_group_reaches_port_3306() {
    let mut lab = lab();
    let connection = connect(&lab, "shopdb").unwrap();
    assert_eq!(connection.identifier, "shopdb");
    // The laptop: the endpoint is a private address.
    let host = endpoint(&lab.cloud, "shopdb");
    let learner = lab.cloud.learner_ip();
    let err = lab
        .cloud
        .connect_to_database(DbClient::Laptop(learner), &host, 3306, "admin", "Passw0rd!")
        .unwrap_err();
    assert!(err.to_string().contains("not publicly accessible"), "{err}");
    // A wrong password reaches the server and is refused there.
    let err = lab
        .cloud
        .connect_to_database(DbClient::Instance(&lab.web), &host, 3306, "admin", "nope")
        .unwrap_err();
    assert!(matches!(err, DbConnectError::AccessDenied { .. }));
    assert!(
        err.to_string()
            .starts_with("Access denied for user 'admin'@'172.31.")
    );
    // Take the web group's rule away: the DB group's inbound rules say no.
    let db_sg = lab.db_sg.clone();
    lab.cloud
        .revoke_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(db_sg.clone()),
            ip_permissions: vec![IpPermission::group("tcp", 3306, 3306, &lab.web_sg)],
            ..Default::default()
        })
        .unwrap();
    let err = connect(&lab, "shopdb").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "No inbound rule in security group {db_sg} of DB instance shopdb allows TCP port 3306 from {} (security group {}).",
            lab.cloud.instance(&lab.web).unwrap().private_ip,
            lab.web_sg
        )
    );
    let unknown = lab.cloud.connect_to_database(
        DbClient::Instance(&lab.web),
        "nodb.example.com",
        3306,
        "admin",
        "x",
    );
    assert!(matches!(unknown, Err(DbConnectError::UnknownHost(_))));
}

#[test]
fn modifying_now_or_in_the_maintenance_window() {
    let mut lab = lab();
    let later = lab
        .cloud
        .modify_db_instance(ModifyDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            db_instance_class: Some("db.t3.small".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(later.db_instance.db_instance_status, "available");
    assert_eq!(
        later
            .db_instance
            .pending_modified_values
            .db_instance_class
            .as_deref(),
        Some("db.t3.small")
    );
    // Until the window (Sunday 18:00 UTC) nothing changes.
    lab.cloud.advance(Duration::from_secs(3600));
    assert_eq!(
        lab.cloud.db_instance("shopdb").unwrap().class,
        "db.t3.micro"
    );
    lab.cloud.advance(Duration::from_secs(8 * 86_400));
    let instance = lab.cloud.db_instance("shopdb").unwrap();
    assert_eq!(
        (instance.class.as_str(), instance.status.as_str()),
        ("db.t3.small", "available")
    );
    assert!(instance.pending.is_none());
    // At once: modifying, then the change.
    let now = lab
        .cloud
        .modify_db_instance(ModifyDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            allocated_storage: Some(21),
            apply_immediately: Some(true),
            ..Default::default()
        })
        .unwrap_err();
    assert!(now.message().contains("at least 10% greater"), "{now}");
    let shown = lab
        .cloud
        .modify_db_instance(ModifyDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            multi_az: Some(true),
            apply_immediately: Some(true),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(shown.db_instance.db_instance_status, "modifying");
    let busy = lab.cloud.reboot_db_instance(RebootDbInstanceInput {
        db_instance_identifier: "shopdb".into(),
        ..Default::default()
    });
    assert_eq!(busy.unwrap_err().code(), "InvalidDBInstanceState");
    lab.cloud.advance(Duration::from_secs(12 * 60));
    let instance = lab.cloud.db_instance("shopdb").unwrap();
    assert_eq!(instance.status, "available");
    assert!(instance.secondary_zone.is_some() && instance.standby_ip.is_some());
}

#[test]
fn a_failover_keeps_the_endpoint_and_changes_the_zone() {
    let mut lab = lab();
    let single = lab.cloud.reboot_db_instance(RebootDbInstanceInput {
        db_instance_identifier: "shopdb".into(),
        force_failover: Some(true),
    });
    assert_eq!(single.unwrap_err().code(), "InvalidParameterCombination");
    lab.cloud
        .modify_db_instance(ModifyDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            multi_az: Some(true),
            apply_immediately: Some(true),
            ..Default::default()
        })
        .unwrap();
    lab.cloud.advance(Duration::from_secs(12 * 60));
    let connection = connect(&lab, "shopdb").unwrap();
    shop(&mut lab.cloud, &connection);
    let before = lab.cloud.db_instance("shopdb").unwrap().clone();
    let host = endpoint(&lab.cloud, "shopdb");
    lab.cloud
        .reboot_db_instance(RebootDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            force_failover: Some(true),
        })
        .unwrap();
    // While it fails over, nothing answers and open connections are lost.
    assert!(matches!(
        connect(&lab, "shopdb"),
        Err(DbConnectError::Refused { .. })
    ));
    let mut current = Some("shop".to_string());
    let lost = lab
        .cloud
        .run_sql(&connection, &mut current, "SELECT 1")
        .unwrap_err();
    assert_eq!(lost.code, 2013);
    lab.cloud.advance(Duration::from_secs(90));
    let after = lab.cloud.db_instance("shopdb").unwrap().clone();
    assert_eq!(endpoint(&lab.cloud, "shopdb"), host);
    assert_eq!(after.zone, before.secondary_zone.clone().unwrap());
    assert_eq!(after.secondary_zone, Some(before.zone.clone()));
    assert_eq!(after.private_ip, before.standby_ip);
    // The data was on both copies.
    assert_eq!(names(&mut lab.cloud, "shopdb"), ["keyboard", "mouse"]);
}

#[test]
fn a_replica_is_a_little_behind_and_refuses_writes() {
    let mut lab = lab();
    let connection = connect(&lab, "shopdb").unwrap();
    shop(&mut lab.cloud, &connection);
    let replica = lab
        .cloud
        .create_db_instance_read_replica(CreateReadReplicaInput {
            db_instance_identifier: "shopdb-replica".into(),
            source_db_instance_identifier: Some("shopdb".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        replica
            .db_instance
            .read_replica_source_db_instance_identifier
            .as_deref(),
        Some("shopdb")
    );
    lab.cloud.advance(Duration::from_secs(7 * 60));
    assert_ne!(
        endpoint(&lab.cloud, "shopdb-replica"),
        endpoint(&lab.cloud, "shopdb")
    );
    assert_eq!(
        names(&mut lab.cloud, "shopdb-replica"),
        ["keyboard", "mouse"]
    );
    sql(
        &mut lab.cloud,
        &connection,
        &["INSERT INTO shop.items (name) VALUES ('monitor')"],
    );
    // Not yet on the replica: it replays the write two seconds later.
    assert_eq!(names(&mut lab.cloud, "shopdb-replica").len(), 2);
    let replica = lab.cloud.db_instance("shopdb-replica").unwrap().clone();
    assert_eq!(
        lab.cloud.replica_lag(&replica),
        Some(Duration::ZERO.max(Duration::from_secs(0)))
    );
    lab.cloud.advance(Duration::from_secs(2));
    assert_eq!(
        names(&mut lab.cloud, "shopdb-replica"),
        ["keyboard", "mouse", "monitor"]
    );
    let read_only = connect(&lab, "shopdb-replica").unwrap();
    let mut current = Some("shop".to_string());
    let refused = lab
        .cloud
        .run_sql(&read_only, &mut current, "DELETE FROM items")
        .unwrap_err();
    assert_eq!(refused.code, 1290);
    let described = lab
        .cloud
        .describe_db_instances(Default::default())
        .unwrap()
        .db_instances;
    assert_eq!(
        described[0].read_replica_db_instance_identifiers,
        ["shopdb-replica"]
    );
    assert_eq!(described[1].status_infos[0].status, "replicating");
    // Promoted, it writes.
    lab.cloud
        .promote_read_replica(PromoteReadReplicaInput {
            db_instance_identifier: "shopdb-replica".into(),
            ..Default::default()
        })
        .unwrap();
    lab.cloud.advance(Duration::from_secs(4 * 60));
    assert_eq!(status(&lab.cloud, "shopdb-replica"), "available");
    let promoted = connect(&lab, "shopdb-replica").unwrap();
    sql(
        &mut lab.cloud,
        &promoted,
        &["DELETE FROM shop.items WHERE name = 'mouse'"],
    );
    assert_eq!(
        names(&mut lab.cloud, "shopdb-replica"),
        ["keyboard", "monitor"]
    );
    assert_eq!(names(&mut lab.cloud, "shopdb").len(), 3);
}

#[test]
fn a_replica_needs_backups_on_its_source() {
    let mut lab = lab();
    lab.cloud
        .modify_db_instance(ModifyDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            backup_retention_period: Some(0),
            apply_immediately: Some(true),
            ..Default::default()
        })
        .unwrap();
    lab.cloud.advance(Duration::from_secs(60));
    let err = lab
        .cloud
        .create_db_instance_read_replica(CreateReadReplicaInput {
            db_instance_identifier: "r1".into(),
            source_db_instance_identifier: Some("shopdb".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), "InvalidDBInstanceState");
    assert!(
        err.message()
            .starts_with("Automated backups are not enabled")
    );
}

fn status(cloud: &Cloud, id: &str) -> String {
    cloud
        .db_instance(id)
        .map(|i| i.status.clone())
        .unwrap_or_else(|| "gone".into())
}

#[test]
fn snapshots_restore_into_a_new_instance_with_a_new_endpoint() {
    let mut lab = lab();
    let connection = connect(&lab, "shopdb").unwrap();
    shop(&mut lab.cloud, &connection);
    let automated = lab
        .cloud
        .describe_db_snapshots(DescribeDbSnapshotsInput {
            snapshot_type: Some("automated".into()),
            ..Default::default()
        })
        .unwrap()
        .db_snapshots;
    assert_eq!(automated.len(), 1);
    assert!(
        automated[0]
            .db_snapshot_identifier
            .starts_with("rds:shopdb-")
    );
    let taken = lab
        .cloud
        .create_db_snapshot(CreateDbSnapshotInput {
            db_snapshot_identifier: "before-cleanup".into(),
            db_instance_identifier: "shopdb".into(),
        })
        .unwrap();
    assert_eq!(taken.db_snapshot.status, "creating");
    let again = lab.cloud.create_db_snapshot(CreateDbSnapshotInput {
        db_snapshot_identifier: "before-cleanup".into(),
        db_instance_identifier: "shopdb".into(),
    });
    assert_eq!(again.unwrap_err().code(), "DBSnapshotAlreadyExists");
    // Too early to restore from.
    let early = lab
        .cloud
        .restore_db_instance_from_db_snapshot(RestoreFromSnapshotInput {
            db_instance_identifier: "shopdb-restored".into(),
            db_snapshot_identifier: Some("before-cleanup".into()),
            ..Default::default()
        });
    assert_eq!(early.unwrap_err().code(), "InvalidDBSnapshotState");
    lab.cloud.advance(Duration::from_secs(3 * 60));
    sql(&mut lab.cloud, &connection, &["DELETE FROM shop.items"]);
    let restored = lab
        .cloud
        .restore_db_instance_from_db_snapshot(RestoreFromSnapshotInput {
            db_instance_identifier: "shopdb-restored".into(),
            db_snapshot_identifier: Some("before-cleanup".into()),
            vpc_security_group_ids: Some(vec![lab.db_sg.clone()]),
            db_subnet_group_name: Some("shop-db".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(restored.db_instance.db_instance_status, "creating");
    lab.cloud.advance(Duration::from_secs(7 * 60));
    assert_ne!(
        endpoint(&lab.cloud, "shopdb-restored"),
        endpoint(&lab.cloud, "shopdb")
    );
    assert_eq!(
        names(&mut lab.cloud, "shopdb-restored"),
        ["keyboard", "mouse"]
    );
    assert!(names(&mut lab.cloud, "shopdb").is_empty());
    // Deleting the instance keeps the manual snapshot and drops the automated one.
    lab.cloud
        .delete_db_instance(DeleteDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            skip_final_snapshot: Some(true),
            ..Default::default()
        })
        .unwrap();
    lab.cloud.advance(Duration::from_secs(3 * 60));
    let left: Vec<String> = lab
        .cloud
        .db_snapshots()
        .iter()
        .map(|s| s.identifier.clone())
        .filter(|s| s.contains("shopdb-") && s.starts_with("rds:shopdb-2"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(
        lab.cloud
            .db_snapshots()
            .iter()
            .any(|s| s.identifier == "before-cleanup")
    );
    lab.cloud
        .delete_db_snapshot(DeleteDbSnapshotInput {
            db_snapshot_identifier: "before-cleanup".into(),
        })
        .unwrap();
    assert!(
        lab.cloud
            .db_snapshots()
            .iter()
            .all(|s| s.identifier != "before-cleanup")
    );
}

#[test]
fn point_in_time_restore_replays_the_log_up_to_the_second() {
    let mut lab = lab();
    let connection = connect(&lab, "shopdb").unwrap();
    shop(&mut lab.cloud, &connection);
    lab.cloud.advance(Duration::from_secs(600));
    let good = lab.cloud.now();
    lab.cloud.advance(Duration::from_secs(60));
    sql(
        &mut lab.cloud,
        &connection,
        &["DELETE FROM shop.items WHERE id > 0"],
    );
    // Too recent: the latest restorable time is five minutes back.
    let early = lab
        .cloud
        .restore_db_instance_to_point_in_time(RestoreToPointInTimeInput {
            source_db_instance_identifier: Some("shopdb".into()),
            target_db_instance_identifier: "shopdb-pitr".into(),
            restore_time: Some(lab.cloud.now().to_iso8601()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(early.code(), "InvalidRestoreFault");
    lab.cloud.advance(Duration::from_secs(600));
    lab.cloud
        .restore_db_instance_to_point_in_time(RestoreToPointInTimeInput {
            source_db_instance_identifier: Some("shopdb".into()),
            target_db_instance_identifier: "shopdb-pitr".into(),
            restore_time: Some(good.to_iso8601()),
            ..Default::default()
        })
        .unwrap();
    lab.cloud.advance(Duration::from_secs(7 * 60));
    assert_eq!(names(&mut lab.cloud, "shopdb-pitr"), ["keyboard", "mouse"]);
    let both = lab
        .cloud
        .restore_db_instance_to_point_in_time(RestoreToPointInTimeInput {
            source_db_instance_identifier: Some("shopdb".into()),
            target_db_instance_identifier: "x".into(),
            restore_time: Some(good.to_iso8601()),
            use_latest_restorable_time: Some(true),
            ..Default::default()
        });
    assert_eq!(both.unwrap_err().code(), "InvalidParameterCombination");
    let rows = |cloud: &Cloud, id: &str| cloud.db_instance(id).map(|i| i.data.row_count());
    assert_eq!(rows(&lab.cloud, "shopdb"), Some(0));
    let _ = SqlValue::Null;
}

#[test]
fn a_parameter_group_applies_after_a_reboot_and_dynamic_changes_at_once() {
    use super::parameter_groups::{
        CreateDbParameterGroupInput, DbParameterGroupNameInput, ModifyDbParameterGroupInput,
        ParameterInput,
    };
    let mut lab = lab();
    let max_connections = |cloud: &mut Cloud, lab_web: &str| -> String {
        let host = endpoint(cloud, "shopdb");
        let connection = cloud
            .connect_to_database(
                DbClient::Instance(lab_web),
                &host,
                3306,
                "admin",
                "Passw0rd!",
            )
            .unwrap();
        let mut current = None;
        match cloud.run_sql(&connection, &mut current, "SELECT @@max_connections") {
            Ok(SqlOutcome::Rows { rows, .. }) => rows[0][0].to_string(),
            other => panic!("{other:?}"),
        }
    };
    let web = lab.web.clone();
    assert_eq!(
        max_connections(&mut lab.cloud, &web),
        "85",
        "1 GiB / 12582880"
    );
    lab.cloud
        .create_db_parameter_group(CreateDbParameterGroupInput {
            db_parameter_group_name: "shop-params".into(),
            db_parameter_group_family: "mysql8.4".into(),
            description: "shop".into(),
        })
        .unwrap();
    let set = |cloud: &mut Cloud, name: &str, value: &str, method: &str| {
        cloud.modify_db_parameter_group(ModifyDbParameterGroupInput {
            db_parameter_group_name: "shop-params".into(),
            parameters: vec![ParameterInput {
                parameter_name: name.into(),
                parameter_value: Some(value.into()),
                apply_method: Some(method.into()),
            }],
        })
    };
    set(&mut lab.cloud, "max_connections", "150", "immediate").unwrap();
    let refused = set(
        &mut lab.cloud,
        "innodb_buffer_pool_size",
        "536870912",
        "immediate",
    );
    assert_eq!(refused.unwrap_err().code(), "InvalidParameterCombination");
    let default = lab
        .cloud
        .modify_db_parameter_group(ModifyDbParameterGroupInput {
            db_parameter_group_name: "default.mysql8.4".into(),
            parameters: vec![],
        });
    assert_eq!(
        default.unwrap_err().message(),
        "Cannot modify a default parameter group."
    );
    let shown = lab
        .cloud
        .modify_db_instance(ModifyDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            db_parameter_group_name: Some("shop-params".into()),
            apply_immediately: Some(true),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        shown.db_instance.db_parameter_groups[0].parameter_apply_status,
        "pending-reboot"
    );
    assert_eq!(max_connections(&mut lab.cloud, &web), "85");
    lab.cloud
        .reboot_db_instance(RebootDbInstanceInput {
            db_instance_identifier: "shopdb".into(),
            force_failover: None,
        })
        .unwrap();
    lab.cloud.advance(Duration::from_secs(60));
    assert_eq!(max_connections(&mut lab.cloud, &web), "150");
    set(&mut lab.cloud, "max_connections", "300", "immediate").unwrap();
    assert_eq!(
        max_connections(&mut lab.cloud, &web),
        "300",
        "dynamic: at once"
    );
    let busy = lab
        .cloud
        .delete_db_parameter_group(DbParameterGroupNameInput {
            db_parameter_group_name: Some("shop-params".into()),
        });
    assert_eq!(busy.unwrap_err().code(), "InvalidDBParameterGroupState");
}
