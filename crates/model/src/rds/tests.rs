//! RDS end to end in the model: subnet groups across zones, an instance's
//! states on the clock, its endpoint, AWS's refusals, the delete decision and
//! the bill.

use std::time::Duration;

use super::instances::{
    CREATE_TIME, CreateDbInstanceInput, DELETE_TIME, DeleteDbInstanceInput,
    DescribeDbInstancesInput, FIRST_BACKUP_TIME,
};
use super::subnet_groups::{CreateDbSubnetGroupInput, DbSubnetGroupNameInput};
use super::*;
use crate::billing::cost::CostKind;

fn default_subnets(cloud: &Cloud) -> Vec<(String, String)> {
    cloud
        .subnets()
        .iter()
        .filter(|s| s.default_for_az)
        .map(|s| (s.subnet_id.clone(), s.availability_zone.clone()))
        .collect()
}

fn group(cloud: &mut Cloud, name: &str, subnets: Vec<String>) -> Result<(), RdsError> {
    cloud
        .create_db_subnet_group(CreateDbSubnetGroupInput {
            db_subnet_group_name: name.into(),
            db_subnet_group_description: "lab".into(),
            subnet_ids: subnets,
        })
        .map(|_| ())
}

fn mysql(id: &str) -> CreateDbInstanceInput {
    CreateDbInstanceInput {
        db_instance_identifier: id.into(),
        db_instance_class: "db.t3.micro".into(),
        engine: "mysql".into(),
        master_username: Some("admin".into()),
        master_user_password: Some("Passw0rd!".into()),
        allocated_storage: Some(20),
        db_subnet_group_name: Some("lab-db".into()),
        ..Default::default()
    }
}

fn lab() -> Cloud {
    let mut cloud = Cloud::default();
    let subnets: Vec<String> = default_subnets(&cloud)
        .into_iter()
        .take(2)
        .map(|(id, _)| id)
        .collect();
    group(&mut cloud, "lab-db", subnets).unwrap();
    cloud
}

fn status(cloud: &Cloud, id: &str) -> String {
    cloud
        .db_instance(id)
        .map(|i| i.status.clone())
        .unwrap_or_else(|| "gone".into())
}

#[test]
fn a_subnet_group_must_cover_two_zones() {
    let mut cloud = Cloud::default();
    let subnets = default_subnets(&cloud);
    let (first, zone) = subnets[0].clone();
    let err = group(&mut cloud, "one-zone", vec![first]).unwrap_err();
    assert_eq!(err.code(), "DBSubnetGroupDoesNotCoverEnoughAZs");
    assert!(
        err.message()
            .contains(&format!("Current AZ coverage: {zone}."))
    );
    let err = group(&mut cloud, "nope", vec!["subnet-0000".into()]).unwrap_err();
    assert_eq!(err.code(), "InvalidSubnet");
    group(
        &mut cloud,
        "Lab-DB",
        vec![subnets[0].0.clone(), subnets[1].0.clone()],
    )
    .unwrap();
    assert!(
        cloud.db_subnet_group("lab-db").is_some(),
        "names are lowercased"
    );
    let again = group(
        &mut cloud,
        "lab-db",
        vec![subnets[0].0.clone(), subnets[1].0.clone()],
    );
    assert_eq!(again.unwrap_err().code(), "DBSubnetGroupAlreadyExists");
}

#[test]
fn an_instance_is_created_backed_up_then_available_with_its_endpoint() {
    let mut cloud = lab();
    let out = cloud
        .create_db_instance(mysql("Lab-DB"))
        .unwrap()
        .db_instance;
    assert_eq!(out.db_instance_identifier, "lab-db");
    assert_eq!(out.db_instance_status, "creating");
    assert_eq!(out.engine_version, "8.4.10");
    assert!(out.endpoint.is_none(), "no endpoint while creating");
    assert_eq!(
        out.pending_modified_values.master_user_password.as_deref(),
        Some("****")
    );
    assert_eq!(out.db_instance_port, 0);
    assert_eq!(
        cloud
            .hourly_cost_breakdown()
            .lines
            .iter()
            .filter(|l| l.kind == CostKind::DbInstance)
            .count(),
        0
    );

    cloud.advance(CREATE_TIME);
    assert_eq!(status(&cloud, "lab-db"), "backing-up");
    cloud.advance(FIRST_BACKUP_TIME);
    assert_eq!(status(&cloud, "lab-db"), "available");
    let shown = cloud
        .describe_db_instances(DescribeDbInstancesInput {
            db_instance_identifier: Some("lab-db".into()),
        })
        .unwrap()
        .db_instances
        .remove(0);
    let endpoint = shown.endpoint.unwrap();
    assert_eq!(endpoint.port, 3306);
    let parts: Vec<&str> = endpoint.address.split('.').collect();
    assert_eq!(parts[0], "lab-db");
    assert_eq!(parts[1].len(), 12);
    assert!(
        endpoint
            .address
            .ends_with(".ap-northeast-2.rds.amazonaws.com")
    );
    assert!(shown.availability_zone.is_some());
    assert_eq!(
        shown.db_parameter_groups[0].db_parameter_group_name,
        "default.mysql8.4"
    );

    // The bill: the instance's hour and its 20 GiB.
    let lines = cloud.hourly_cost_breakdown().lines;
    let hour = lines
        .iter()
        .find(|l| l.kind == CostKind::DbInstance)
        .unwrap();
    assert!((hour.usd_per_hour - 0.026).abs() < 1e-9);
    let storage = lines
        .iter()
        .find(|l| l.kind == CostKind::DbStorage)
        .unwrap();
    assert!((storage.usd_per_hour - 20.0 * 0.131 / 730.0).abs() < 1e-9);

    // A second instance in the account shares the endpoint's middle part.
    cloud.create_db_instance(mysql("other")).unwrap();
    cloud.advance(CREATE_TIME);
    let other = cloud.db_instance("other").unwrap();
    assert_eq!(cloud.db_endpoint(other).split('.').nth(1), Some(parts[1]));
}

#[test]
fn multi_az_places_a_standby_in_another_zone_and_doubles_the_bill() {
    let mut cloud = lab();
    let mut input = mysql("ha");
    input.multi_az = Some(true);
    cloud.create_db_instance(input).unwrap();
    cloud.advance(CREATE_TIME + FIRST_BACKUP_TIME);
    let instance = cloud.db_instance("ha").unwrap();
    assert!(instance.secondary_zone.is_some());
    assert_ne!(
        instance.secondary_zone.as_deref(),
        Some(instance.zone.as_str())
    );
    let hour = cloud
        .hourly_cost_breakdown()
        .lines
        .into_iter()
        .find(|l| l.kind == CostKind::DbInstance)
        .unwrap();
    assert!((hour.usd_per_hour - 0.052).abs() < 1e-9);
}

#[test]
fn aws_refuses_what_aws_refuses() {
    let mut cloud = lab();
    let refused = |cloud: &mut Cloud, change: fn(&mut CreateDbInstanceInput)| {
        let mut input = mysql("db1");
        change(&mut input);
        cloud.create_db_instance(input).unwrap_err()
    };
    let e = refused(&mut cloud, |i| i.db_instance_identifier = "1db".into());
    assert!(e.message().contains("must begin with a letter"));
    let e = refused(&mut cloud, |i| i.db_instance_identifier = "db--1".into());
    assert_eq!(e.code(), "InvalidParameterValue");
    let e = refused(&mut cloud, |i| {
        i.master_user_password = Some("short".into())
    });
    assert!(e.message().contains("shorter than 8 characters"));
    let e = refused(&mut cloud, |i| {
        i.master_user_password = Some("has@sign1".into())
    });
    assert!(e.message().contains("besides '/', '@'"));
    let e = refused(&mut cloud, |i| i.allocated_storage = Some(10));
    assert_eq!(
        e.message(),
        "Invalid storage size for engine name mysql and storage type gp3: 10"
    );
    let e = refused(&mut cloud, |i| i.db_instance_class = "db.m1.small".into());
    assert_eq!(e.code(), "InvalidParameterCombination");
    assert!(
        e.message()
            .contains("DBInstanceClass=db.m1.small, Engine=mysql")
    );
    let e = refused(&mut cloud, |i| {
        i.db_subnet_group_name = Some("missing".into())
    });
    assert_eq!(
        (e.code(), e.http_status()),
        ("DBSubnetGroupNotFoundFault", 404)
    );
    cloud.create_db_instance(mysql("db1")).unwrap();
    assert_eq!(
        cloud.create_db_instance(mysql("DB1")).unwrap_err().code(),
        "DBInstanceAlreadyExists"
    );
    let mut postgres = mysql("pg");
    postgres.engine = "postgres".into();
    postgres.engine_version = Some("17".into());
    let pg = cloud.create_db_instance(postgres).unwrap().db_instance;
    assert_eq!(
        (pg.engine_version.as_str(), pg.license_model.as_str()),
        ("17.10", "postgresql-license")
    );
    cloud.advance(CREATE_TIME);
    assert_eq!(cloud.db_instance("pg").map(|i| i.port), Some(5432));
}

#[test]
fn deleting_needs_a_final_snapshot_decision_and_frees_the_subnet_group() {
    let mut cloud = lab();
    cloud.create_db_instance(mysql("lab-db")).unwrap();
    let delete = |cloud: &mut Cloud, skip: Option<bool>, snapshot: Option<&str>| {
        cloud.delete_db_instance(DeleteDbInstanceInput {
            db_instance_identifier: "lab-db".into(),
            skip_final_snapshot: skip,
            final_db_snapshot_identifier: snapshot.map(str::to_string),
        })
    };
    let e = delete(&mut cloud, None, None).unwrap_err();
    assert_eq!(
        e.message(),
        "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified."
    );
    let e = delete(&mut cloud, None, Some("last")).unwrap_err();
    assert_eq!(
        e.message(),
        "Instance lab-db is currently creating - a final snapshot cannot be taken."
    );
    let busy = cloud
        .delete_db_subnet_group(DbSubnetGroupNameInput {
            db_subnet_group_name: Some("lab-db".into()),
        })
        .unwrap_err();
    assert_eq!(busy.code(), "InvalidDBSubnetGroupStateFault");
    cloud.advance(CREATE_TIME + FIRST_BACKUP_TIME);
    let out = delete(&mut cloud, None, Some("last")).unwrap().db_instance;
    assert_eq!(out.db_instance_status, "deleting");
    assert!(
        cloud
            .db_snapshots()
            .iter()
            .any(|s| s.identifier == "last" && s.manual)
    );
    cloud.advance(DELETE_TIME - Duration::from_secs(1));
    assert_eq!(status(&cloud, "lab-db"), "deleting");
    cloud.advance(Duration::from_secs(1));
    assert_eq!(status(&cloud, "lab-db"), "gone");
    // The final snapshot stays; the automated one of the first backup goes.
    let left: Vec<&str> = cloud
        .db_snapshots()
        .iter()
        .map(|s| s.identifier.as_str())
        .collect();
    assert_eq!(left, ["last"]);
    assert_eq!(
        cloud
            .describe_db_instances(DescribeDbInstancesInput {
                db_instance_identifier: Some("lab-db".into()),
            })
            .unwrap_err()
            .message(),
        "DBInstance lab-db not found."
    );
    cloud
        .delete_db_subnet_group(DbSubnetGroupNameInput {
            db_subnet_group_name: Some("lab-db".into()),
        })
        .unwrap();
}

#[test]
fn without_a_subnet_group_the_default_vpc_s_is_made() {
    let mut cloud = Cloud::default();
    let mut input = mysql("quick");
    input.db_subnet_group_name = None;
    let out = cloud.create_db_instance(input).unwrap().db_instance;
    assert_eq!(out.db_subnet_group.db_subnet_group_name, "default");
    assert!(out.db_subnet_group.subnets.len() >= 2);
    assert_eq!(out.vpc_security_groups.len(), 1, "the VPC's default group");
    // The default VPC has an internet gateway, so the API makes it public
    // unless told otherwise; storage is not encrypted unless asked for.
    assert!(out.publicly_accessible);
    assert!(!out.storage_encrypted);
    let mut no_storage = mysql("nostorage");
    no_storage.allocated_storage = None;
    let refused = cloud.create_db_instance(no_storage).unwrap_err();
    assert_eq!(
        refused.message(),
        "Invalid storage size for engine name mysql and storage type gp3: 0"
    );
}
