//! Route 53 against the model: zones and their NS and SOA, change batches
//! checked change by change and applied all or nothing, routing policies,
//! health checks on the clock, and the resolver.

use std::time::Duration;

use super::health_checks::{CreateHealthCheckInput, HealthCheckConfig, HealthCheckIdInput};
use super::records::{
    Change, ChangeBatch, ChangeResourceRecordSetsInput, ListResourceRecordSetsInput, RecordSet,
    RecordValue,
};
use super::resolver::DnsStatus;
use super::zones::{CreateHostedZoneInput, HostedZoneIdInput};
use super::*;
use crate::catalog::{self, Architecture, OsFamily};
use crate::ec2::instances::RunInstancesInput;

fn zone(cloud: &mut Cloud, name: &str) -> String {
    let out = cloud
        .create_hosted_zone(CreateHostedZoneInput {
            name: name.into(),
            caller_reference: format!("ref-{name}"),
            ..Default::default()
        })
        .unwrap();
    out.hosted_zone
        .id
        .trim_start_matches("/hostedzone/")
        .to_string()
}

fn record(name: &str, record_type: &str, ttl: i64, values: &[&str]) -> RecordSet {
    RecordSet::simple(
        name,
        record_type,
        ttl,
        values
            .iter()
            .map(|v| RecordValue {
                value: (*v).to_string(),
            })
            .collect(),
    )
}

fn change(
    cloud: &mut Cloud,
    zone_id: &str,
    changes: Vec<(&str, RecordSet)>,
) -> Result<(), Route53Error> {
    cloud
        .change_resource_record_sets(ChangeResourceRecordSetsInput {
            hosted_zone_id: zone_id.into(),
            change_batch: ChangeBatch {
                comment: None,
                changes: changes
                    .into_iter()
                    .map(|(action, set)| Change {
                        action: action.into(),
                        resource_record_set: set,
                    })
                    .collect(),
            },
        })
        .map(|_| ())
}

fn problems(result: Result<(), Route53Error>) -> String {
    let e = result.unwrap_err();
    assert_eq!(e.code(), "InvalidChangeBatch", "{e}");
    e.message()
}

#[test]
fn a_zone_starts_with_its_name_servers_and_refuses_what_route53_refuses() {
    let mut cloud = Cloud::default();
    let id = zone(&mut cloud, "My-CloudLab.com");
    assert!(id.starts_with('Z') && id.len() == 21, "{id}");
    let listed = cloud
        .list_resource_record_sets(ListResourceRecordSetsInput {
            hosted_zone_id: id.clone(),
            ..Default::default()
        })
        .unwrap()
        .resource_record_sets;
    let kinds: Vec<(&str, &str)> = listed
        .iter()
        .map(|r| (r.name.as_str(), r.record_type.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [("my-cloudlab.com.", "NS"), ("my-cloudlab.com.", "SOA")]
    );
    assert_eq!(listed[0].resource_records.len(), 4);
    assert!(
        listed[1].resource_records[0]
            .value
            .contains("awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")
    );
    // The change is PENDING, then INSYNC.
    let change_id = cloud.route53.changes[0].id.clone();
    let status = |c: &mut Cloud| {
        c.get_change(GetChangeInput {
            id: change_id.clone(),
        })
        .unwrap()
        .change_info
        .status
    };
    assert_eq!(status(&mut cloud), "PENDING");
    cloud.advance(Duration::from_secs(60));
    assert_eq!(status(&mut cloud), "INSYNC");

    let reserved = cloud.create_hosted_zone(CreateHostedZoneInput {
        name: "example.com".into(),
        caller_reference: "x".into(),
        ..Default::default()
    });
    assert_eq!(
        reserved.unwrap_err().message(),
        "example.com is reserved by AWS!"
    );
    let again = cloud.create_hosted_zone(CreateHostedZoneInput {
        name: "other.com".into(),
        caller_reference: "ref-My-CloudLab.com".into(),
        ..Default::default()
    });
    assert_eq!(again.unwrap_err().code(), "HostedZoneAlreadyExists");

    let apex_cname = change(
        &mut cloud,
        &id,
        vec![(
            "CREATE",
            record("my-cloudlab.com", "CNAME", 300, &["www.other.com"]),
        )],
    );
    assert_eq!(
        problems(apex_cname),
        "[RRSet of type CNAME with DNS name my-cloudlab.com. is not permitted at apex in zone my-cloudlab.com.]"
    );
    let outside = change(
        &mut cloud,
        &id,
        vec![("CREATE", record("www.other.com", "A", 300, &["192.0.2.1"]))],
    );
    assert_eq!(
        problems(outside),
        "[RRSet with DNS name www.other.com. is not permitted in zone my-cloudlab.com.]"
    );
    let bad_ip = change(
        &mut cloud,
        &id,
        vec![(
            "CREATE",
            record("a.my-cloudlab.com", "A", 300, &["300.1.1.1"]),
        )],
    );
    assert!(problems(bad_ip).contains("ARRDATAIllegalIPv4Address"));
    let unquoted = change(
        &mut cloud,
        &id,
        vec![("CREATE", record("my-cloudlab.com", "TXT", 300, &["hello"]))],
    );
    assert!(problems(unquoted).contains("Value should be enclosed in quotation marks"));

    // A batch is all or nothing: the good change is not kept either.
    let mixed = change(
        &mut cloud,
        &id,
        vec![
            (
                "CREATE",
                record("www.my-cloudlab.com", "A", 300, &["192.0.2.1"]),
            ),
            (
                "DELETE",
                record("old.my-cloudlab.com", "A", 300, &["192.0.2.9"]),
            ),
        ],
    );
    assert_eq!(
        problems(mixed),
        "[Tried to delete resource record set [name='old.my-cloudlab.com.', type='A'] but it was not found]"
    );
    assert_eq!(cloud.hosted_zone(&id).unwrap().records.len(), 2);

    change(
        &mut cloud,
        &id,
        vec![(
            "CREATE",
            record("www.my-cloudlab.com", "A", 300, &["192.0.2.1"]),
        )],
    )
    .unwrap();
    let twice = change(
        &mut cloud,
        &id,
        vec![(
            "CREATE",
            record("www.my-cloudlab.com", "A", 300, &["192.0.2.1"]),
        )],
    );
    assert_eq!(
        problems(twice),
        "[Tried to create resource record set [name='www.my-cloudlab.com.', type='A'] but it already exists]"
    );
    let conflict = change(
        &mut cloud,
        &id,
        vec![(
            "CREATE",
            record("www.my-cloudlab.com", "CNAME", 300, &["my-cloudlab.com"]),
        )],
    );
    assert!(problems(conflict).contains("conflicts with other records with the same DNS name"));
    let wrong_values = change(
        &mut cloud,
        &id,
        vec![(
            "DELETE",
            record("www.my-cloudlab.com", "A", 300, &["192.0.2.2"]),
        )],
    );
    assert!(problems(wrong_values).contains("the values provided do not match the current values"));
    let ns = cloud.hosted_zone(&id).unwrap().records[0].clone();
    assert!(
        problems(change(&mut cloud, &id, vec![("DELETE", ns)])).contains("at least one NS record")
    );

    let busy = cloud.delete_hosted_zone(HostedZoneIdInput { id: id.clone() });
    assert_eq!(busy.unwrap_err().code(), "HostedZoneNotEmpty");
    change(
        &mut cloud,
        &id,
        vec![(
            "DELETE",
            record("www.my-cloudlab.com", "A", 300, &["192.0.2.1"]),
        )],
    )
    .unwrap();
    cloud
        .delete_hosted_zone(HostedZoneIdInput { id: id.clone() })
        .unwrap();
    assert_eq!(
        cloud
            .get_hosted_zone(HostedZoneIdInput { id: id.clone() })
            .unwrap_err()
            .message(),
        format!("No hosted zone found with ID: {id}")
    );
}

#[test]
fn the_resolver_follows_cnames_and_spreads_weighted_answers() {
    let mut cloud = Cloud::default();
    let id = zone(&mut cloud, "my-cloudlab.com");
    change(
        &mut cloud,
        &id,
        vec![
            (
                "CREATE",
                record("my-cloudlab.com", "A", 60, &["192.0.2.10"]),
            ),
            (
                "CREATE",
                record("www.my-cloudlab.com", "CNAME", 300, &["my-cloudlab.com"]),
            ),
            (
                "CREATE",
                record("my-cloudlab.com", "TXT", 300, &["\"v=spf1 -all\""]),
            ),
        ],
    )
    .unwrap();
    let answer = cloud.resolve("WWW.my-cloudlab.com", "A", 0);
    assert_eq!(answer.status, DnsStatus::NoError);
    let lines: Vec<String> = answer
        .answers
        .iter()
        .map(|r| format!("{} {} {} {}", r.name, r.ttl, r.record_type, r.data))
        .collect();
    assert_eq!(
        lines,
        [
            "www.my-cloudlab.com. 300 CNAME my-cloudlab.com.",
            "my-cloudlab.com. 60 A 192.0.2.10"
        ]
    );
    assert_eq!(
        cloud.resolve("my-cloudlab.com", "TXT", 0).answers[0].data,
        "\"v=spf1 -all\""
    );
    let missing = cloud.resolve("nope.my-cloudlab.com", "A", 0);
    assert_eq!(missing.status, DnsStatus::NxDomain);
    assert_eq!(missing.authority[0].record_type, "SOA");
    // A name with no AAAA: NOERROR and no answer.
    let no_data = cloud.resolve("my-cloudlab.com", "AAAA", 0);
    assert_eq!(
        (no_data.status, no_data.answers.len()),
        (DnsStatus::NoError, 0)
    );
    assert_eq!(
        cloud.resolve("unknown.test", "A", 0).status,
        DnsStatus::NxDomain
    );

    // Weighted: 3 to 1 over many queries.
    let weighted = |ip: &str, weight: i64, set: &str| RecordSet {
        weight: Some(weight),
        set_identifier: Some(set.into()),
        ..record("api.my-cloudlab.com", "A", 60, &[ip])
    };
    change(
        &mut cloud,
        &id,
        vec![
            ("CREATE", weighted("192.0.2.1", 3, "blue")),
            ("CREATE", weighted("192.0.2.2", 1, "green")),
        ],
    )
    .unwrap();
    let blue = (0..400)
        .filter(|_| cloud.dns_query("api.my-cloudlab.com", "A").answers[0].data == "192.0.2.1")
        .count();
    assert!((250..350).contains(&blue), "{blue} of 400 went to blue");
    // A simple record next to weighted ones is refused.
    let simple = change(
        &mut cloud,
        &id,
        vec![(
            "CREATE",
            record("api.my-cloudlab.com", "A", 60, &["192.0.2.3"]),
        )],
    );
    assert!(problems(simple).contains("cannot be created"));
}

#[test]
fn failover_answers_the_secondary_once_the_primary_s_health_check_fails() {
    let mut cloud = Cloud::default();
    let image = catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .unwrap()
    .image_id;
    let instance = cloud
        .run_instances(RunInstancesInput {
            image_id: image,
            instance_type: Some("t3.micro".into()),
            ..Default::default()
        })
        .unwrap()
        .instances[0]
        .instance_id
        .clone();
    cloud.advance(Duration::from_secs(30));
    let ip = cloud.public_ip_of(&instance).unwrap().to_string();
    // Nothing lets the checkers in: the default security group blocks port 80.
    let check = cloud
        .create_health_check(CreateHealthCheckInput {
            caller_reference: "web".into(),
            health_check_config: HealthCheckConfig {
                ip_address: Some(ip.clone()),
                check_type: "HTTP".into(),
                ..Default::default()
            },
        })
        .unwrap()
        .health_check;
    assert_eq!(check.health_check_config.port, Some(80));
    assert_eq!(check.health_check_config.failure_threshold, Some(3));
    let id = zone(&mut cloud, "my-cloudlab.com");
    let primary = RecordSet {
        failover: Some("PRIMARY".into()),
        set_identifier: Some("primary".into()),
        health_check_id: Some(check.id.clone()),
        ..record("my-cloudlab.com", "A", 60, &[&ip])
    };
    let secondary = RecordSet {
        failover: Some("SECONDARY".into()),
        set_identifier: Some("secondary".into()),
        ..record("my-cloudlab.com", "A", 60, &["198.51.100.7"])
    };
    let no_id = RecordSet {
        set_identifier: None,
        ..primary.clone()
    };
    assert!(
        problems(change(&mut cloud, &id, vec![("CREATE", no_id)]))
            .contains("Missing field 'SetIdentifier'")
    );
    change(
        &mut cloud,
        &id,
        vec![("CREATE", primary), ("CREATE", secondary)],
    )
    .unwrap();
    assert_eq!(cloud.resolve("my-cloudlab.com", "A", 0).answers[0].data, ip);
    // Two failures are not enough; the third flips it.
    cloud.advance(Duration::from_secs(60));
    assert!(cloud.health_check_healthy(&check.id));
    cloud.advance(Duration::from_secs(30));
    assert!(!cloud.health_check_healthy(&check.id));
    assert_eq!(
        cloud.resolve("my-cloudlab.com", "A", 0).answers[0].data,
        "198.51.100.7"
    );
    let status = cloud
        .get_health_check_status(HealthCheckIdInput {
            health_check_id: check.id.clone(),
        })
        .unwrap();
    assert_eq!(status.health_check_observations.len(), 3);
    assert!(
        status.health_check_observations[0]
            .status_report
            .status
            .starts_with("Failure: Connection timed out.")
    );
    // A zone and a health check cost $0.50 a month each.
    let lines: Vec<_> = cloud.own_cost_lines();
    assert!(
        lines
            .iter()
            .any(|l| l.kind == crate::billing::cost::CostKind::HostedZone)
    );
    assert!(
        lines
            .iter()
            .any(|l| l.kind == crate::billing::cost::CostKind::HealthCheck)
    );
}
