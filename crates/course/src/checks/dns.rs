//! Route 53 checks (chapter 15): where a name leads, a record's value, and a
//! failover pair. They ask the model's resolver and zones, never what was typed.

use cloudlab_model::Cloud;
use cloudlab_model::route53::fqdn;
use cloudlab_model::route53::resolver::DnsStatus;

use crate::checks::{CheckOutcome, fail, pass};

/// What a resolver answers for `name`, as one line (`CNAME x. A 1.2.3.4`).
fn answer_text(cloud: &Cloud, name: &str) -> String {
    let answer = cloud.resolve(name, "A", 0);
    if answer.status == DnsStatus::NxDomain {
        return "NXDOMAIN".into();
    }
    if answer.answers.is_empty() {
        return "no A record".into();
    }
    answer
        .answers
        .iter()
        .map(|r| format!("{} {}", r.record_type, r.data))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the primary of a failover pair at `name` is still answered, if it is.
fn primary_still_healthy(cloud: &Cloud, name: &str) -> Option<(String, String)> {
    let zone = cloud.zone_for(&fqdn(name))?;
    let primary = zone
        .records
        .iter()
        .find(|r| r.name == fqdn(name) && r.failover.as_deref() == Some("PRIMARY"))?;
    let Some(id) = &primary.health_check_id else {
        return Some((
            " The PRIMARY record has no health check, so Route 53 always takes it as healthy."
                .into(),
            " PRIMARY 레코드에 상태 검사가 없어서 Route 53은 늘 정상으로 봐요.".into(),
        ));
    };
    let check = cloud.health_check(id)?;
    check.healthy.then(|| {
        let report = check
            .last_report
            .as_ref()
            .map(|(_, r)| r.clone())
            .unwrap_or_default();
        (
            format!(" Its health check is still healthy (last: {report}); it turns unhealthy after {} failures in a row, {} s apart.", check.config.failure_threshold.unwrap_or(3), check.config.request_interval.unwrap_or(30)),
            format!(" 상태 검사가 아직 정상이에요(마지막 결과: {report}). {}초 간격으로 {}번 연달아 실패해야 비정상이 돼요.", check.config.request_interval.unwrap_or(30), check.config.failure_threshold.unwrap_or(3)),
        )
    })
}

/// Route 53 sends `name` to the load balancer or to the bucket's website.
pub(super) fn name_reaches(
    cloud: &Cloud,
    name: &str,
    load_balancer: Option<&str>,
    bucket: Option<&str>,
) -> CheckOutcome {
    if cloud.zone_for(&fqdn(name)).is_none() {
        return fail(
            format!(
                "{name} is in no hosted zone of yours: create the zone with `aws route53 create-hosted-zone --name {name} --caller-reference <unique>`."
            ),
            format!(
                "{name}이(가) 들어 있는 호스팅 영역이 없어요. `aws route53 create-hosted-zone --name {name} --caller-reference <고유값>`으로 만드세요."
            ),
        );
    }
    let lead = cloud.route53_lead(name, 0).flatten();
    let answer = answer_text(cloud, name);
    let (wanted_en, wanted_ko, host) = match (load_balancer, bucket) {
        (Some(lb), _) => {
            let Some(dns) = cloud
                .load_balancers()
                .iter()
                .find(|l| l.name == lb)
                .map(|l| l.dns_name.clone())
            else {
                return fail(
                    format!("There is no load balancer {lb} for {name} to reach."),
                    format!("{name}이(가) 가야 할 로드 밸런서 {lb}이(가) 없어요."),
                );
            };
            (
                format!("the load balancer {lb}"),
                format!("로드 밸런서 {lb}"),
                dns,
            )
        }
        (None, Some(b)) => (
            format!("the S3 website of {b}"),
            format!("{b}의 S3 웹 사이트"),
            cloudlab_model::s3::website::website_host(b, cloud.region_name()),
        ),
        (None, None) => {
            return fail(
                "The check names no target.".into(),
                "검사에 대상이 없어요.".into(),
            );
        }
    };
    if lead
        .as_deref()
        .is_some_and(|h| h.eq_ignore_ascii_case(&host))
    {
        return pass(
            format!("{name} resolves to {wanted_en} ({answer})."),
            format!("{name}이(가) {wanted_ko}(으)로 가요({answer})."),
        );
    }
    let (why_en, why_ko) = if bucket.is_some() {
        primary_still_healthy(cloud, name).unwrap_or_default()
    } else {
        (String::new(), String::new())
    };
    fail(
        format!("{name} does not lead to {wanted_en}: resolvers get {answer}.{why_en}"),
        format!("{name}이(가) {wanted_ko}(으)로 가지 않아요. 리졸버가 받는 답: {answer}.{why_ko}"),
    )
}

/// The zone has a `record_type` record at `name` whose value is `value`.
pub(super) fn record_is(cloud: &Cloud, name: &str, record_type: &str, value: &str) -> CheckOutcome {
    let full = fqdn(name);
    let Some(zone) = cloud.zone_for(&full) else {
        return fail(
            format!("{name} is in no hosted zone of yours."),
            format!("{name}이(가) 들어 있는 호스팅 영역이 없어요."),
        );
    };
    let sets: Vec<_> = zone
        .records
        .iter()
        .filter(|r| r.name == full && r.record_type == record_type)
        .collect();
    if sets.iter().any(|r| {
        r.resource_records
            .iter()
            .any(|v| fqdn(&v.value) == fqdn(value))
    }) {
        return pass(
            format!("{name} is a {record_type} record for {value}."),
            format!("{name}은(는) {value}을(를) 가리키는 {record_type} 레코드예요."),
        );
    }
    if let Some(r) = sets.first() {
        let values = r.values_text().join(", ");
        return fail(
            format!("{name}'s {record_type} record points at {values}, not {value}."),
            format!(
                "{name}의 {record_type} 레코드가 {value}이(가) 아니라 {values}을(를) 가리켜요."
            ),
        );
    }
    fail(
        format!(
            "{name} has no {record_type} record in the zone {}: UPSERT one with `aws route53 change-resource-record-sets`.",
            zone.name
        ),
        format!(
            "{} 영역에 {name}의 {record_type} 레코드가 없어요. `aws route53 change-resource-record-sets`로 UPSERT하세요.",
            zone.name
        ),
    )
}

/// `name` has a PRIMARY A record with a health check and a SECONDARY one.
pub(super) fn failover_pair(cloud: &Cloud, name: &str) -> CheckOutcome {
    let full = fqdn(name);
    let Some(zone) = cloud.zone_for(&full) else {
        return fail(
            format!("{name} is in no hosted zone of yours."),
            format!("{name}이(가) 들어 있는 호스팅 영역이 없어요."),
        );
    };
    let failover = |which: &str| {
        zone.records.iter().find(|r| {
            r.name == full && r.record_type == "A" && r.failover.as_deref() == Some(which)
        })
    };
    let (Some(primary), Some(_)) = (failover("PRIMARY"), failover("SECONDARY")) else {
        return fail(
            format!(
                "{name} needs two A records with the failover routing policy: a PRIMARY (SetIdentifier primary) and a SECONDARY (SetIdentifier secondary). Delete the simple record in the same change batch."
            ),
            format!(
                "{name}에는 장애 조치 라우팅 정책의 A 레코드 두 개가 필요해요. PRIMARY(SetIdentifier primary)와 SECONDARY(SetIdentifier secondary)를 만들고, 같은 변경 배치에서 단순 레코드를 지우세요."
            ),
        );
    };
    match &primary.health_check_id {
        None => fail(
            format!(
                "The PRIMARY record of {name} has no HealthCheckId: Route 53 treats it as always healthy and never fails over."
            ),
            format!(
                "{name}의 PRIMARY 레코드에 HealthCheckId가 없어서 Route 53이 늘 정상으로 보고 장애 조치를 하지 않아요."
            ),
        ),
        Some(id) if cloud.health_check(id).is_none() => fail(
            format!(
                "The PRIMARY record of {name} names the health check {id}, which does not exist."
            ),
            format!("{name}의 PRIMARY 레코드가 없는 상태 검사 {id}을(를) 가리켜요."),
        ),
        Some(id) => {
            let endpoint = cloud
                .health_check(id)
                .map(|h| h.endpoint_text())
                .unwrap_or_default();
            pass(
                format!(
                    "{name} fails over: PRIMARY is checked by {endpoint}, SECONDARY takes over when it fails."
                ),
                format!(
                    "{name}은(는) 장애 조치돼요. PRIMARY는 {endpoint}을(를) 검사하고, 실패하면 SECONDARY가 이어받아요."
                ),
            )
        }
    }
}
