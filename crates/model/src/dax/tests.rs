//! DAX as chapter 13 uses it: a cluster whose role reads the table, an
//! application on an instance whose role may use the cluster, cache hits that
//! answer in a fraction of a millisecond, stale reads until the TTL when
//! someone writes around the cache, and denials that name the role.

use std::time::Duration;

use super::reads::DaxClientError;
use super::*;
use crate::catalog::{self, Architecture, OsFamily};
use crate::dynamodb::items::ItemRequest;
use crate::dynamodb::query::ReadRequest;
use crate::dynamodb::tests::{item, music, s};
use crate::ec2::instance_profiles::IamInstanceProfileSpecification;
use crate::ec2::instances::RunInstancesInput;
use crate::ec2::security_groups::{
    CreateSecurityGroupInput, IpPermission, SecurityGroupRulesInput,
};
use crate::iam::inline_policies::PutInlinePolicyInput;
use crate::iam::instance_profiles::{CreateInstanceProfileInput, InstanceProfileRoleInput};
use crate::iam::roles::CreateRoleInput;

fn trust(service: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{service}"}},"Action":"sts:AssumeRole"}}]}}"#
    )
}

fn role(cloud: &mut Cloud, name: &str, service: &str, actions: &str) -> String {
    let arn = cloud
        .create_role(CreateRoleInput {
            role_name: name.into(),
            assume_role_policy_document: trust(service),
            ..Default::default()
        })
        .expect("role")
        .role
        .arn;
    cloud
        .put_role_policy(PutInlinePolicyInput {
            role_name: name.into(),
            policy_name: "access".into(),
            policy_document: format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":{actions},"Resource":"*"}}]}}"#
            ),
            ..Default::default()
        })
        .expect("policy");
    arn
}

struct Lab {
    cloud: Cloud,
    app: String,
    endpoint: String,
}

/// The Music table, a DAX cluster `music-cache` whose role may read it, and
/// an instance whose role may use the cluster, in a group the cluster's
/// group lets in on 8111.
fn lab(dax_role_actions: &str) -> Lab {
    let mut cloud = music();
    let dax_role = role(
        &mut cloud,
        "DAXToDynamoDB",
        "dax.amazonaws.com",
        dax_role_actions,
    );
    role(
        &mut cloud,
        "app",
        "ec2.amazonaws.com",
        r#"["dax:GetItem","dax:PutItem","dax:Query"]"#,
    );
    cloud
        .create_instance_profile(CreateInstanceProfileInput {
            instance_profile_name: "app".into(),
            ..Default::default()
        })
        .expect("profile");
    cloud
        .add_role_to_instance_profile(InstanceProfileRoleInput {
            instance_profile_name: "app".into(),
            role_name: "app".into(),
        })
        .expect("add");
    let group = |c: &mut Cloud, name: &str| {
        c.create_security_group(CreateSecurityGroupInput {
            group_name: name.into(),
            description: name.into(),
            ..Default::default()
        })
        .expect("group")
        .group_id
    };
    let app_sg = group(&mut cloud, "app");
    let dax_sg = group(&mut cloud, "dax");
    cloud
        .authorize_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(dax_sg.clone()),
            ip_permissions: vec![IpPermission::group("tcp", 8111, 8111, &app_sg)],
            ..Default::default()
        })
        .expect("ingress");
    let image_id = catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .expect("image")
    .image_id;
    let app = cloud
        .run_instances(RunInstancesInput {
            image_id,
            instance_type: Some("t3.micro".into()),
            security_group_ids: vec![app_sg],
            iam_instance_profile: Some(IamInstanceProfileSpecification {
                name: Some("app".into()),
                arn: None,
            }),
            ..Default::default()
        })
        .expect("instance")
        .instances[0]
        .instance_id
        .clone();
    let refused = cloud.create_dax_cluster(CreateDaxClusterInput {
        cluster_name: "music-cache".into(),
        node_type: "dax.t3.small".into(),
        replication_factor: 3,
        iam_role_arn: "arn:aws:iam::123456789012:role/app".into(),
        security_group_ids: vec![dax_sg.clone()],
        ..Default::default()
    });
    assert_eq!(
        refused.map(|_| ()).map_err(|e| e.message()),
        Err("No permission to assume role: arn:aws:iam::123456789012:role/app".into()),
        "a role that trusts EC2, not DAX"
    );
    let made = cloud
        .create_dax_cluster(CreateDaxClusterInput {
            cluster_name: "music-cache".into(),
            node_type: "dax.t3.small".into(),
            replication_factor: 3,
            iam_role_arn: dax_role,
            security_group_ids: vec![dax_sg],
            ..Default::default()
        })
        .expect("cluster");
    assert_eq!(made.cluster.status, "creating");
    let zones: std::collections::BTreeSet<String> = made
        .cluster
        .nodes
        .iter()
        .map(|n| n.availability_zone.clone())
        .collect();
    assert_eq!(zones.len(), 3, "three nodes over three zones");
    cloud.advance(Duration::from_secs(6 * 60));
    let cluster = cloud.dax_cluster("music-cache").expect("cluster").clone();
    assert_eq!(cluster.status, "available");
    let endpoint = format!("dax://{}", cloud.dax_cluster_endpoint(&cluster));
    Lab {
        cloud,
        app,
        endpoint,
    }
}

fn key(artist: &str, title: &str) -> ItemRequest {
    ItemRequest {
        table_name: "Music".into(),
        key: Some(item(&[("Artist", s(artist)), ("SongTitle", s(title))])),
        ..Default::default()
    }
}

#[test]
fn the_item_cache_answers_fast_until_its_ttl() {
    let mut lab = lab(r#"["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"]"#);
    let cluster = lab
        .cloud
        .dax_connect(&lab.app, &lab.endpoint)
        .expect("reachable");
    let first = lab
        .cloud
        .dax_get_item(&lab.app, &cluster, key("IU", "Palette"))
        .expect("read");
    assert!(!first.hit);
    assert_eq!(first.items.len(), 1);
    let second = lab
        .cloud
        .dax_get_item(&lab.app, &cluster, key("IU", "Palette"))
        .expect("read");
    assert!(second.hit);
    assert!(second.latency_us < 1_000 && first.latency_us > 3_500);
    // A write around the cache: DAX keeps answering the old item until the TTL.
    lab.cloud
        .put_item(ItemRequest {
            table_name: "Music".into(),
            item: Some(item(&[
                ("Artist", s("IU")),
                ("SongTitle", s("Palette")),
                ("Album", s("Palette (Deluxe)")),
            ])),
            ..Default::default()
        })
        .expect("direct write");
    let stale = lab
        .cloud
        .dax_get_item(&lab.app, &cluster, key("IU", "Palette"))
        .expect("read");
    assert!(stale.hit && !stale.items[0].contains_key("Album"));
    let consistent = lab
        .cloud
        .dax_get_item(
            &lab.app,
            &cluster,
            ItemRequest {
                consistent_read: Some(true),
                ..key("IU", "Palette")
            },
        )
        .expect("read");
    assert!(consistent.passed_through && consistent.items[0].contains_key("Album"));
    lab.cloud.advance(Duration::from_secs(300));
    let fresh = lab
        .cloud
        .dax_get_item(&lab.app, &cluster, key("IU", "Palette"))
        .expect("read");
    assert!(!fresh.hit && fresh.items[0].contains_key("Album"));
    // Writes through DAX update the item cache at once.
    lab.cloud
        .dax_put_item(
            &lab.app,
            &cluster,
            ItemRequest {
                table_name: "Music".into(),
                item: Some(item(&[
                    ("Artist", s("IU")),
                    ("SongTitle", s("Palette")),
                    ("Album", s("Palette")),
                ])),
                ..Default::default()
            },
        )
        .expect("write through");
    let after = lab
        .cloud
        .dax_get_item(&lab.app, &cluster, key("IU", "Palette"))
        .expect("read");
    assert!(after.hit);
    assert_eq!(after.items[0].get("Album"), Some(&s("Palette")));
    // A query: the query cache answers the same request the second time.
    let query = ReadRequest {
        table_name: "Music".into(),
        key_condition_expression: Some("Artist = :a".into()),
        expression_attribute_values: Some([(":a".to_string(), s("BTS"))].into_iter().collect()),
        ..Default::default()
    };
    let q1 = lab
        .cloud
        .dax_query(&lab.app, &cluster, query.clone())
        .expect("query");
    let q2 = lab
        .cloud
        .dax_query(&lab.app, &cluster, query)
        .expect("query");
    assert!(!q1.hit && q2.hit && q2.items.len() == 2);
    let stats = lab.cloud.dax_cluster("music-cache").expect("cluster").stats;
    assert_eq!(
        (stats.item_cache_hits, stats.item_cache_misses),
        (3, 3),
        "consistent reads count as misses"
    );
    assert_eq!((stats.query_cache_hits, stats.query_cache_misses), (1, 1));
    // Three dax.t3.small nodes on the bill.
    let cost = lab
        .cloud
        .hourly_cost_breakdown()
        .lines
        .iter()
        .find(|l| l.resource_id == "music-cache")
        .map(|l| l.usd_per_hour)
        .unwrap_or_default();
    assert!((cost - 3.0 * 0.049).abs() < 1e-9);
}

#[test]
fn denials_name_the_role_that_lacks_the_permission() {
    let mut lab = lab(r#"["dynamodb:Query"]"#);
    let cluster = lab
        .cloud
        .dax_connect(&lab.app, &lab.endpoint)
        .expect("reachable");
    let denied = lab
        .cloud
        .dax_get_item(&lab.app, &cluster, key("IU", "Palette"))
        .expect_err("the DAX role may not GetItem");
    let DaxClientError::AccessDenied(message) = denied else {
        panic!("{denied:?}");
    };
    assert!(
        message.contains("assumed-role/DAXToDynamoDB/") && message.contains("dynamodb:GetItem"),
        "{message}"
    );
    // The wrong port is blocked by the security group.
    let wrong = lab.cloud.dax_connect(
        &lab.app,
        &format!("{}:9111", lab.endpoint.trim_start_matches("dax://")),
    );
    assert!(matches!(wrong, Err(DaxClientError::Blocked(m)) if m.contains("No inbound rule")));
    let deleted = lab.cloud.delete_dax_cluster(DeleteDaxClusterInput {
        cluster_name: "music-cache".into(),
    });
    assert_eq!(deleted.expect("delete").cluster.status, "deleting");
    lab.cloud.advance(Duration::from_secs(3 * 60));
    assert!(lab.cloud.dax_clusters().is_empty());
}
