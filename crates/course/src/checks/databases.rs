//! RDS checks (chapter 12): a private MySQL instance that only the web tier's
//! security group reaches on its port, rows stored in it, a read replica with
//! its own endpoint, a Multi-AZ failover that kept the endpoint, a manual
//! snapshot, a restore into a new instance with a new endpoint that the web
//! tier still reaches, and the web tier's page showing the rows. They read the
//! model (instances, security groups, the network path, the data, the page the
//! web server answers with), never what was typed.

use cloudlab_model::Cloud;
use cloudlab_model::ec2::Protocol;
use cloudlab_model::ec2::security_groups::RulePeer;
use cloudlab_model::rds::DbInstance;
use cloudlab_model::rds::network::DbClient;
use cloudlab_model::rds::sql::ColumnType;

use crate::checks::{CheckOutcome, fail, pass, running_web_instance};
use crate::inspect;

/// The instance, or a failure that says it is missing or not ready.
fn available<'a>(cloud: &'a Cloud, identifier: &str) -> Result<&'a DbInstance, CheckOutcome> {
    let Some(db) = cloud.db_instance(identifier) else {
        return Err(fail(
            format!(
                "There is no DB instance {identifier}. Create it with `aws rds create-db-instance --db-instance-identifier {identifier} ...`."
            ),
            format!(
                "DB 인스턴스 {identifier}가 없어요. `aws rds create-db-instance --db-instance-identifier {identifier} ...`로 만드세요."
            ),
        ));
    };
    if db.status != "available" {
        return Err(fail(
            format!(
                "{identifier} is {}, not available yet. Wait with `aws rds wait db-instance-available --db-instance-identifier {identifier}` or fast-forward the clock.",
                db.status
            ),
            format!(
                "{identifier}가 아직 available이 아니라 {}예요. `aws rds wait db-instance-available --db-instance-identifier {identifier}`로 기다리거나 시계를 앞으로 돌리세요.",
                db.status
            ),
        ));
    }
    Ok(db)
}

/// Whether the web tier reaches `db`; the failure says what blocks it.
fn web_reaches(cloud: &Cloud, web: &str, db: &DbInstance) -> Result<(), CheckOutcome> {
    cloud
        .db_path(DbClient::Instance(web), db, db.port)
        .map(|_| ())
        .map_err(|blocked| {
            fail(
                format!(
                    "The web instance {web} cannot reach {} on port {}: {blocked}",
                    db.identifier, db.port
                ),
                format!(
                    "웹 인스턴스 {web}가 {}의 {} 포트에 닿지 못해요: {blocked}",
                    db.identifier, db.port
                ),
            )
        })
}

/// A rule of the DB's groups that lets the port in from anything other than a
/// security group (an address block), as `(group, rule, peer)`.
fn open_rule(cloud: &Cloud, db: &DbInstance) -> Option<(String, String, String)> {
    db.security_groups.iter().find_map(|gid| {
        let group = cloud.security_group(gid)?;
        group
            .ingress
            .iter()
            .find(|r| r.allows(Protocol::Tcp, db.port) && !matches!(r.peer, RulePeer::Group { .. }))
            .map(|r| (gid.clone(), r.rule_id.clone(), r.peer.label()))
    })
}

/// The MySQL instance `identifier` is available on a free-tier class.
pub(super) fn db_available(cloud: &Cloud, identifier: &str) -> CheckOutcome {
    let db = match available(cloud, identifier) {
        Ok(db) => db,
        Err(failed) => return failed,
    };
    if db.engine != "mysql" {
        return fail(
            format!(
                "{identifier} runs {}; this chapter's client speaks MySQL. Create it with `--engine mysql`.",
                db.engine
            ),
            format!(
                "{identifier}는 {}를 실행해요. 이 장의 클라이언트는 MySQL을 써요. `--engine mysql`로 만드세요.",
                db.engine
            ),
        );
    }
    if !["db.t3.micro", "db.t4g.micro"].contains(&db.class.as_str()) {
        return fail(
            format!(
                "{identifier} is a {}; the lab asks for a free-tier class (db.t3.micro or db.t4g.micro).",
                db.class
            ),
            format!(
                "{identifier}는 {}예요. 실습은 프리 티어 클래스(db.t3.micro 또는 db.t4g.micro)를 써요.",
                db.class
            ),
        );
    }
    pass(
        format!(
            "{identifier} (MySQL {}, {}) is available at {}.",
            db.engine_version,
            db.class,
            cloud.db_endpoint(db)
        ),
        format!(
            "{identifier}(MySQL {}, {})가 {}에서 사용 가능해요.",
            db.engine_version,
            db.class,
            cloud.db_endpoint(db)
        ),
    )
}

/// Only the web tier's security group reaches the instance's port: it is not
/// publicly accessible, no rule lets an address block in, and the web
/// instance gets through.
pub(super) fn db_from_web_only(cloud: &Cloud, identifier: &str, web_tag: &str) -> CheckOutcome {
    let db = match available(cloud, identifier) {
        Ok(db) => db,
        Err(failed) => return failed,
    };
    if db.publicly_accessible {
        return fail(
            format!(
                "{identifier} is publicly accessible: its endpoint resolves to a public address. Create it (or modify it) with `--no-publicly-accessible`."
            ),
            format!(
                "{identifier}가 퍼블릭 액세스 가능이라 엔드포인트가 퍼블릭 주소로 풀려요. `--no-publicly-accessible`로 만들거나 수정하세요."
            ),
        );
    }
    if let Some((group, rule, peer)) = open_rule(cloud, db) {
        return fail(
            format!(
                "Rule {rule} of security group {group} lets port {} in from {peer}, an address range rather than the web tier's security group. Revoke it and allow the web tier's group instead.",
                db.port
            ),
            format!(
                "보안 그룹 {group}의 규칙 {rule}이 {} 포트를 웹 계층의 보안 그룹이 아니라 주소 범위 {peer}에서 들여보내요. 그 규칙을 취소하고 웹 계층의 그룹을 허용하세요.",
                db.port
            ),
        );
    }
    let web = match running_web_instance(cloud, web_tag, ("the database", "데이터베이스")) {
        Ok(web) => web,
        Err(failed) => return failed,
    };
    if let Err(failed) = web_reaches(cloud, &web, db) {
        return failed;
    }
    pass(
        format!(
            "Only the web tier's security group reaches {identifier} on port {}; the laptop and the internet do not.",
            db.port
        ),
        format!(
            "웹 계층의 보안 그룹만 {identifier}의 {} 포트에 닿아요. 노트북과 인터넷은 닿지 않아요.",
            db.port
        ),
    )
}

/// `database.table` of the instance holds at least `min_rows` rows.
pub(super) fn db_rows(
    cloud: &Cloud,
    identifier: &str,
    database: &str,
    table: &str,
    min_rows: usize,
) -> CheckOutcome {
    let db = match available(cloud, identifier) {
        Ok(db) => db,
        Err(failed) => return failed,
    };
    let Some(schema) = db.data.databases.get(database) else {
        return fail(
            format!(
                "{identifier} has no database `{database}` yet. Connect with `mysql -h ENDPOINT -u admin -p` from the web instance and run `CREATE DATABASE {database};`."
            ),
            format!(
                "{identifier}에 아직 `{database}` 데이터베이스가 없어요. 웹 인스턴스에서 `mysql -h ENDPOINT -u admin -p`로 접속해 `CREATE DATABASE {database};`를 실행하세요."
            ),
        );
    };
    let Some(rows) = schema.tables.get(table).map(|t| t.rows.len()) else {
        return fail(
            format!(
                "Database `{database}` has no table `{table}` yet (`USE {database};` then `CREATE TABLE {table} (...);`)."
            ),
            format!(
                "`{database}` 데이터베이스에 아직 `{table}` 테이블이 없어요(`USE {database};` 다음에 `CREATE TABLE {table} (...);`)."
            ),
        );
    };
    if rows < min_rows {
        return fail(
            format!("`{database}.{table}` holds {rows} row(s); insert at least {min_rows}."),
            format!("`{database}.{table}`에 행이 {rows}개 있어요. {min_rows}개 이상 넣으세요."),
        );
    }
    pass(
        format!("`{database}.{table}` on {identifier} holds {rows} rows."),
        format!("{identifier}의 `{database}.{table}`에 행이 {rows}개 있어요."),
    )
}

/// A read replica of `source` is available at its own endpoint and has the
/// source's rows of `database.table`.
pub(super) fn db_replica(cloud: &Cloud, source: &str, database: &str, table: &str) -> CheckOutcome {
    let Some(replica) = cloud
        .db_instances()
        .iter()
        .find(|i| i.replica_of.as_deref() == Some(source))
    else {
        return fail(
            format!(
                "{source} has no read replica. Create one with `aws rds create-db-instance-read-replica --db-instance-identifier {source}-replica --source-db-instance-identifier {source}`."
            ),
            format!(
                "{source}에 읽기 전용 복제본이 없어요. `aws rds create-db-instance-read-replica --db-instance-identifier {source}-replica --source-db-instance-identifier {source}`로 만드세요."
            ),
        );
    };
    let replica = match available(cloud, &replica.identifier) {
        Ok(r) => r,
        Err(failed) => return failed,
    };
    let count = |db: &DbInstance| db.data.table(database, table).map(|t| t.rows.len());
    let source_rows = cloud.db_instance(source).and_then(count);
    if source_rows.is_some() && count(replica) != source_rows {
        return fail(
            format!(
                "{} has {} row(s) of `{database}.{table}` and its source {}: it replays the source's writes a moment later. Fast-forward a few seconds.",
                replica.identifier,
                count(replica).unwrap_or(0),
                source_rows.unwrap_or(0)
            ),
            format!(
                "{}에는 `{database}.{table}` 행이 {}개, 원본에는 {}개 있어요. 복제본은 원본의 쓰기를 조금 늦게 재생해요. 시계를 몇 초 앞으로 돌리세요.",
                replica.identifier,
                count(replica).unwrap_or(0),
                source_rows.unwrap_or(0)
            ),
        );
    }
    pass(
        format!(
            "{} replicates {source} at its own endpoint, {}.",
            replica.identifier,
            cloud.db_endpoint(replica)
        ),
        format!(
            "{}가 자기 엔드포인트 {}에서 {source}를 복제해요.",
            replica.identifier,
            cloud.db_endpoint(replica)
        ),
    )
}

/// The Multi-AZ instance failed over: same endpoint, other zone.
pub(super) fn db_failed_over(cloud: &Cloud, identifier: &str) -> CheckOutcome {
    let db = match available(cloud, identifier) {
        Ok(db) => db,
        Err(failed) => return failed,
    };
    if db.secondary_zone.is_none() {
        let waiting = db
            .pending
            .as_ref()
            .is_some_and(|p| p.multi_az == Some(true));
        return if waiting {
            fail(
                format!(
                    "Multi-AZ for {identifier} waits in PendingModifiedValues for the maintenance window. Modify it again with `--apply-immediately`."
                ),
                format!(
                    "{identifier}의 다중 AZ가 유지 관리 기간을 기다리며 PendingModifiedValues에 있어요. `--apply-immediately`로 다시 수정하세요."
                ),
            )
        } else {
            fail(
                format!(
                    "{identifier} is Single-AZ: there is no standby to fail over to. Turn on Multi-AZ with `aws rds modify-db-instance --db-instance-identifier {identifier} --multi-az --apply-immediately`."
                ),
                format!(
                    "{identifier}는 단일 AZ라 장애 조치할 대기 인스턴스가 없어요. `aws rds modify-db-instance --db-instance-identifier {identifier} --multi-az --apply-immediately`로 다중 AZ를 켜세요."
                ),
            )
        };
    }
    let Some(last) = db.failovers.last() else {
        return fail(
            format!(
                "{identifier} has a standby in {} but has not failed over yet. Run `aws rds reboot-db-instance --db-instance-identifier {identifier} --force-failover`.",
                db.secondary_zone.clone().unwrap_or_default()
            ),
            format!(
                "{identifier}의 대기 인스턴스가 {}에 있지만 아직 장애 조치가 없었어요. `aws rds reboot-db-instance --db-instance-identifier {identifier} --force-failover`를 실행하세요.",
                db.secondary_zone.clone().unwrap_or_default()
            ),
        );
    };
    pass(
        format!(
            "{identifier} failed over from {} to {}; its endpoint is still {}.",
            last.from_zone,
            last.to_zone,
            cloud.db_endpoint(db)
        ),
        format!(
            "{identifier}가 {}에서 {}로 장애 조치됐고, 엔드포인트는 그대로 {}예요.",
            last.from_zone,
            last.to_zone,
            cloud.db_endpoint(db)
        ),
    )
}

/// A manual snapshot of `instance` is available.
pub(super) fn db_snapshot(cloud: &Cloud, instance: &str) -> CheckOutcome {
    let manual: Vec<_> = cloud
        .db_snapshots()
        .iter()
        .filter(|s| s.manual && s.instance == instance)
        .collect();
    match manual.iter().find(|s| s.status == "available") {
        Some(s) => pass(
            format!("Snapshot {} of {instance} is available.", s.identifier),
            format!("{instance}의 스냅샷 {}가 사용 가능해요.", s.identifier),
        ),
        None if !manual.is_empty() => fail(
            format!(
                "Snapshot {} of {instance} is still being created. Wait with `aws rds wait db-snapshot-available --db-snapshot-identifier {}`.",
                manual[0].identifier, manual[0].identifier
            ),
            format!(
                "{instance}의 스냅샷 {}가 아직 만들어지는 중이에요. `aws rds wait db-snapshot-available --db-snapshot-identifier {}`로 기다리세요.",
                manual[0].identifier, manual[0].identifier
            ),
        ),
        None => fail(
            format!(
                "{instance} has no manual snapshot. Take one with `aws rds create-db-snapshot --db-instance-identifier {instance} --db-snapshot-identifier NAME`; automated snapshots go when the instance is deleted."
            ),
            format!(
                "{instance}의 수동 스냅샷이 없어요. `aws rds create-db-snapshot --db-instance-identifier {instance} --db-snapshot-identifier NAME`으로 만드세요. 자동 스냅샷은 인스턴스를 삭제하면 함께 사라져요."
            ),
        ),
    }
}

/// An instance restored from a snapshot of `source` is available at a new
/// endpoint, holds `database.table`'s rows, and the web tier reaches it.
pub(super) fn db_restored(
    cloud: &Cloud,
    source: &str,
    database: &str,
    table: &str,
    web_tag: &str,
) -> CheckOutcome {
    let from_source = |origin: &str| {
        cloud
            .db_snapshots()
            .iter()
            .any(|s| s.identifier == origin && s.instance == source)
            || origin.starts_with(&format!("{source}@"))
    };
    let Some(restored) = cloud
        .db_instances()
        .iter()
        .find(|i| i.restored_from.as_deref().is_some_and(from_source))
    else {
        return fail(
            format!(
                "No DB instance was restored from a snapshot of {source}. Use `aws rds restore-db-instance-from-db-snapshot --db-instance-identifier NEW --db-snapshot-identifier SNAPSHOT ...`."
            ),
            format!(
                "{source}의 스냅샷에서 복원한 DB 인스턴스가 없어요. `aws rds restore-db-instance-from-db-snapshot --db-instance-identifier NEW --db-snapshot-identifier SNAPSHOT ...`을 쓰세요."
            ),
        );
    };
    let restored = match available(cloud, &restored.identifier) {
        Ok(r) => r,
        Err(failed) => return failed,
    };
    if restored
        .data
        .table(database, table)
        .is_none_or(|t| t.rows.is_empty())
    {
        return fail(
            format!(
                "{} has no rows in `{database}.{table}`: the snapshot was taken before they were written.",
                restored.identifier
            ),
            format!(
                "{}의 `{database}.{table}`에 행이 없어요. 행을 쓰기 전에 스냅샷을 찍었어요.",
                restored.identifier
            ),
        );
    }
    let web = match running_web_instance(cloud, web_tag, ("the database", "데이터베이스")) {
        Ok(web) => web,
        Err(failed) => return failed,
    };
    if let Err(failed) = web_reaches(cloud, &web, restored) {
        let why = failed.detail;
        return fail(
            format!(
                "{} A restore gets the VPC's default security group unless you pass `--vpc-security-group-ids`.",
                why.en
            ),
            format!(
                "{} 복원한 인스턴스는 `--vpc-security-group-ids`를 주지 않으면 VPC의 기본 보안 그룹을 받아요.",
                why.ko
            ),
        );
    }
    pass(
        format!(
            "{} was restored from {source}'s snapshot at a new endpoint, {}, and the web tier reaches it.",
            restored.identifier,
            cloud.db_endpoint(restored)
        ),
        format!(
            "{}가 {source}의 스냅샷에서 새 엔드포인트 {}로 복원됐고, 웹 계층이 닿아요.",
            restored.identifier,
            cloud.db_endpoint(restored)
        ),
    )
}

/// The web instance's home page, fetched from the learner's address, shows
/// every row of `database.table` (the values of its first text column).
pub(super) fn page_shows_rows(
    cloud: &Cloud,
    identifier: &str,
    database: &str,
    table: &str,
    web_tag: &str,
) -> CheckOutcome {
    let db = match available(cloud, identifier) {
        Ok(db) => db,
        Err(failed) => return failed,
    };
    let Some(stored) = db
        .data
        .table(database, table)
        .filter(|t| !t.rows.is_empty())
    else {
        return fail(
            format!("`{database}.{table}` on {identifier} has no rows to show yet."),
            format!("{identifier}의 `{database}.{table}`에 아직 보여 줄 행이 없어요."),
        );
    };
    let Some(text_column) = stored
        .columns
        .iter()
        .position(|c| !matches!(c.ty, ColumnType::Integer(_) | ColumnType::Decimal(..)))
    else {
        return fail(
            format!("`{database}.{table}` has no text column to show."),
            format!("`{database}.{table}`에 보여 줄 텍스트 열이 없어요."),
        );
    };
    let Some(web) = inspect::existing_instances_tagged(cloud, "Name", web_tag)
        .into_iter()
        .find(|i| i.state == "running")
    else {
        return fail(
            format!("No running instance is tagged Name={web_tag}."),
            format!("Name={web_tag} 태그가 붙은 실행 중인 인스턴스가 없어요."),
        );
    };
    let Some(address) = web.public_ip else {
        return fail(
            format!(
                "{} has no public address, so its page cannot be fetched.",
                web.id
            ),
            format!(
                "{}에 퍼블릭 주소가 없어서 페이지를 가져올 수 없어요.",
                web.id
            ),
        );
    };
    let body = match inspect::http_get_from_learner(cloud, address, 80) {
        inspect::HttpView::Answered { status: 200, body } => body,
        inspect::HttpView::Answered { status, .. } => {
            return fail(
                format!("http://{address}/ answered HTTP {status}, not 200."),
                format!("http://{address}/이(가) 200이 아니라 HTTP {status}로 응답했어요."),
            );
        }
        inspect::HttpView::Blocked(why) => {
            return fail(
                format!("http://{address}/ did not answer: {}", why.en),
                format!("http://{address}/이(가) 응답하지 않았어요. {}", why.ko),
            );
        }
    };
    let missing: Vec<String> = stored
        .rows
        .iter()
        .filter_map(|row| row.get(text_column))
        .map(|v| v.to_string())
        .filter(|v| !body.contains(v.as_str()))
        .collect();
    if !missing.is_empty() {
        return fail(
            format!(
                "The page at http://{address}/ does not show {} yet. Write the rows into /var/www/html/index.html on the web instance (`mysql ... -H -e 'SELECT ...' | sudo tee /var/www/html/index.html`).",
                missing.join(", ")
            ),
            format!(
                "http://{address}/ 페이지에 아직 {}가 없어요. 웹 인스턴스에서 행을 /var/www/html/index.html에 쓰세요(`mysql ... -H -e 'SELECT ...' | sudo tee /var/www/html/index.html`).",
                missing.join(", ")
            ),
        );
    }
    pass(
        format!(
            "http://{address}/ shows all {} rows of `{database}.{table}`.",
            stored.rows.len()
        ),
        format!(
            "http://{address}/가 `{database}.{table}`의 행 {}개를 모두 보여 줘요.",
            stored.rows.len()
        ),
    )
}
