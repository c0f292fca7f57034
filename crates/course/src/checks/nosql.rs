//! DynamoDB and cache checks (chapter 13): a table with the asked partition
//! and sort key, a Query that returns the asked items in order, a global
//! secondary index that answers a query the table's own key cannot, a stream
//! that recorded a change with both images, a Valkey replication group with a
//! replica in another zone that only the web tier reaches, reads that hit and
//! missed the cache, and a DAX cluster that answered from its cache. They
//! read the model (tables, indexes, stream records, nodes, counters), never
//! what was typed.

use cloudlab_model::Cloud;
use cloudlab_model::dynamodb::Table;
use cloudlab_model::dynamodb::values::AttributeValue;
use cloudlab_model::ec2::Protocol;
use cloudlab_model::ec2::private_endpoints::EndpointClient;
use cloudlab_model::ec2::security_groups::RulePeer;
use cloudlab_model::elasticache::ReplicationGroup;

use crate::checks::{CheckOutcome, fail, pass, running_web_instance};

/// The table, ACTIVE, or a failure that says it is missing or not ready.
fn active_table<'a>(cloud: &'a Cloud, table: &str) -> Result<&'a Table, CheckOutcome> {
    let Some(t) = cloud.dynamodb_table(table) else {
        return Err(fail(
            format!(
                "There is no table {table}. Create it with `aws dynamodb create-table --table-name {table} ...`."
            ),
            format!(
                "테이블 {table}이 없어요. `aws dynamodb create-table --table-name {table} ...`로 만드세요."
            ),
        ));
    };
    if t.status != "ACTIVE" {
        return Err(fail(
            format!(
                "{table} is {}, not ACTIVE yet. Wait with `aws dynamodb wait table-exists --table-name {table}`.",
                t.status
            ),
            format!(
                "{table}이 아직 ACTIVE가 아니라 {}예요. `aws dynamodb wait table-exists --table-name {table}`로 기다리세요.",
                t.status
            ),
        ));
    }
    Ok(t)
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn text_of(value: Option<&AttributeValue>) -> String {
    match value {
        Some(AttributeValue::S(s) | AttributeValue::N(s)) => s.clone(),
        Some(other) => format!("{other:?}"),
        None => "(missing)".into(),
    }
}

/// The table's partition key is `partition` and its sort key `sort`.
pub(super) fn table_keys(cloud: &Cloud, table: &str, partition: &str, sort: &str) -> CheckOutcome {
    let t = match active_table(cloud, table) {
        Ok(t) => t,
        Err(failed) => return failed,
    };
    let sort_now = t.range.as_ref().map(|r| r.name.as_str());
    if t.hash.name != partition || sort_now != Some(sort) {
        let (en, ko) = match sort_now {
            Some(s) => (
                format!(
                    "The key of {table} is {} (partition) and {s} (sort)",
                    t.hash.name
                ),
                format!("{table}의 키는 {}(파티션)와 {s}(정렬)예요", t.hash.name),
            ),
            None => (
                format!(
                    "The key of {table} is {} (partition) with no sort key",
                    t.hash.name
                ),
                format!(
                    "{table}의 키는 {}(파티션)이고 정렬 키가 없어요",
                    t.hash.name
                ),
            ),
        };
        return fail(
            format!(
                "{en}; the task asks for {partition} (partition) and {sort} (sort). A key cannot be changed: delete the table and create it again."
            ),
            format!(
                "{ko}. 과제는 {partition}(파티션)과 {sort}(정렬)을 요구해요. 키는 바꿀 수 없으니 테이블을 지우고 다시 만드세요."
            ),
        );
    }
    pass(
        format!(
            "{table} is ACTIVE with {partition} as its partition key and {sort} as its sort key."
        ),
        format!("{table}이 ACTIVE이고 파티션 키는 {partition}, 정렬 키는 {sort}예요."),
    )
}

/// A Query of `partition = value` on the table (or `index`) returns items
/// whose `attribute` values are `expected`, in that order.
pub(super) fn query_order(
    cloud: &Cloud,
    table: &str,
    index: Option<&str>,
    partition: &str,
    value: &str,
    attribute: &str,
    expected: &[String],
) -> CheckOutcome {
    if let Err(failed) = active_table(cloud, table) {
        return failed;
    }
    let items = match cloud.partition_in_order(table, index, &AttributeValue::S(value.into())) {
        Ok(items) => items,
        Err(why) => {
            return fail(
                format!("A Query of {table} cannot run yet: {why}."),
                format!("{table}에 Query를 아직 할 수 없어요: {why}."),
            );
        }
    };
    let got: Vec<String> = items.iter().map(|i| text_of(i.get(attribute))).collect();
    let on = index.map(|i| format!(" (index {i})")).unwrap_or_default();
    if got != expected {
        let (shown, shown_ko) = if got.is_empty() {
            ("nothing".to_string(), "없음".to_string())
        } else {
            (got.join(", "), got.join(", "))
        };
        return fail(
            format!(
                "A Query of {table}{on} for {partition} = {value} returns {shown}; the task expects {} in this order. Items come back in sort-key order, so check each item's key values.",
                expected.join(", ")
            ),
            format!(
                "{table}{on}에서 {partition} = {value} 조건으로 Query한 결과: {shown_ko}. 과제가 기대하는 결과와 순서: {}. 항목은 정렬 키 순서로 나오니 각 항목의 키 값을 확인하세요.",
                expected.join(", ")
            ),
        );
    }
    pass(
        format!(
            "A Query of {table}{on} for {partition} = {value} returns {} items in sort-key order: {}.",
            got.len(),
            got.join(", ")
        ),
        format!(
            "{table}{on}에서 {partition} = {value} 조건으로 Query하면 항목 {}개가 정렬 키 순서로 나와요: {}.",
            got.len(),
            got.join(", ")
        ),
    )
}

/// A global secondary index keyed on `partition` (not the table's partition
/// key) is ACTIVE and answers `partition = value` with at least `min_items`.
pub(super) fn gsi_answers(
    cloud: &Cloud,
    table: &str,
    index: &str,
    partition: &str,
    value: &str,
    min_items: usize,
) -> CheckOutcome {
    let t = match active_table(cloud, table) {
        Ok(t) => t,
        Err(failed) => return failed,
    };
    let Some(i) = t.indexes.iter().find(|i| i.name == index) else {
        return fail(
            format!(
                "{table} has no index {index}. Its own key is {}: a Query by {partition} on the table is refused, so add a global secondary index keyed on {partition} with `aws dynamodb update-table --global-secondary-index-updates`.",
                t.hash.name
            ),
            format!(
                "{table}에 인덱스 {index}가 없어요. 테이블의 키는 {}라서 {partition}로 하는 Query는 거부돼요. `aws dynamodb update-table --global-secondary-index-updates`로 {partition}를 키로 하는 글로벌 보조 인덱스를 더하세요.",
                t.hash.name
            ),
        );
    };
    if !i.global || i.hash.name != partition {
        return fail(
            format!(
                "{index} is keyed on {} ({}); the task asks for a global index whose partition key is {partition}.",
                i.hash.name,
                if i.global {
                    "global"
                } else {
                    "local: same partition key as the table"
                }
            ),
            format!(
                "{index}의 키는 {}({})예요. 과제는 파티션 키가 {partition}인 글로벌 인덱스를 요구해요.",
                i.hash.name,
                if i.global {
                    "글로벌"
                } else {
                    "로컬: 테이블과 같은 파티션 키"
                }
            ),
        );
    }
    let items = match cloud.partition_in_order(table, Some(index), &AttributeValue::S(value.into()))
    {
        Ok(items) => items,
        Err(why) => {
            return fail(
                format!(
                    "{index} cannot be queried yet: {why}. DynamoDB backfills a new index from the table's items first; wait or fast-forward the clock."
                ),
                format!(
                    "{index}를 아직 Query할 수 없어요: {why}. DynamoDB는 새 인덱스를 먼저 테이블 항목으로 채워요. 기다리거나 시계를 앞으로 돌리세요."
                ),
            );
        }
    };
    if items.len() < min_items {
        return fail(
            format!(
                "A Query of {index} for {partition} = {value} returns {} items; the task expects at least {min_items}. Only items that have {partition} appear in the index.",
                items.len()
            ),
            format!(
                "{index}에서 {partition} = {value} 조건으로 Query하면 항목이 {}개예요. 과제는 {min_items}개 이상을 기대해요. {partition}가 있는 항목만 인덱스에 들어가요.",
                items.len()
            ),
        );
    }
    pass(
        format!(
            "{index} answers {partition} = {value} with {} items: the key of {table} itself ({}) cannot answer that query.",
            items.len(),
            t.hash.name
        ),
        format!(
            "{index}가 {partition} = {value}에 항목 {}개로 답해요. {table} 자체의 키({})로는 할 수 없는 질의예요.",
            items.len(),
            t.hash.name
        ),
    )
}

/// The table's stream is on with `view_type` and holds a MODIFY record.
pub(super) fn stream_modify(cloud: &Cloud, table: &str, view_type: &str) -> CheckOutcome {
    let t = match active_table(cloud, table) {
        Ok(t) => t,
        Err(failed) => return failed,
    };
    let Some(stream) = t.streams.iter().find(|s| s.enabled) else {
        return fail(
            format!(
                "{table} has no stream on. Turn it on with `aws dynamodb update-table --table-name {table} --stream-specification StreamEnabled=true,StreamViewType={view_type}`."
            ),
            format!(
                "{table}에 켜진 스트림이 없어요. `aws dynamodb update-table --table-name {table} --stream-specification StreamEnabled=true,StreamViewType={view_type}`로 켜세요."
            ),
        );
    };
    if stream.view_type != view_type {
        return fail(
            format!(
                "The stream of {table} keeps {}; the task asks for {view_type}, so a record shows the item before and after the change.",
                stream.view_type
            ),
            format!(
                "{table}의 스트림은 {}를 남겨요. 과제는 변경 전후 항목을 모두 보여 주는 {view_type}를 요구해요.",
                stream.view_type
            ),
        );
    }
    let Some(record) = stream.records.iter().find(|r| r.event_name == "MODIFY") else {
        return fail(
            format!(
                "The stream of {table} has no MODIFY record yet ({} records). Change an existing item (update-item or put-item with the same key) after turning the stream on: changes made before are not in it.",
                stream.records.len()
            ),
            format!(
                "{table}의 스트림에 아직 MODIFY 레코드가 없어요(레코드 {}개). 스트림을 켠 다음 기존 항목을 바꾸세요(update-item 또는 같은 키로 put-item). 켜기 전의 변경은 들어 있지 않아요.",
                stream.records.len()
            ),
        );
    };
    let keys: Vec<String> = record.keys.values().map(|v| text_of(Some(v))).collect();
    pass(
        format!(
            "The stream of {table} recorded a MODIFY of {} with the old and new images.",
            keys.join(" / ")
        ),
        format!(
            "{table}의 스트림이 {}의 MODIFY를 변경 전후 이미지와 함께 기록했어요.",
            keys.join(" / ")
        ),
    )
}

fn available_group<'a>(
    cloud: &'a Cloud,
    group: &str,
) -> Result<&'a ReplicationGroup, CheckOutcome> {
    let Some(g) = cloud.replication_group(group) else {
        return Err(fail(
            format!(
                "There is no replication group {group}. Create it with `aws elasticache create-replication-group --replication-group-id {group} ...`."
            ),
            format!(
                "복제 그룹 {group}이 없어요. `aws elasticache create-replication-group --replication-group-id {group} ...`로 만드세요."
            ),
        ));
    };
    if g.status != "available" {
        return Err(fail(
            format!(
                "{group} is {}, not available yet. Wait with `aws elasticache wait replication-group-available --replication-group-id {group}`.",
                g.status
            ),
            format!(
                "{group}이 아직 available이 아니라 {}예요. `aws elasticache wait replication-group-available --replication-group-id {group}`로 기다리세요.",
                g.status
            ),
        ));
    }
    Ok(g)
}

/// A Valkey or Redis OSS group with a replica in another zone and automatic
/// failover, whose port only the web tier's security group reaches.
pub(super) fn cache_replicated(cloud: &Cloud, group: &str, web_tag: &str) -> CheckOutcome {
    let g = match available_group(cloud, group) {
        Ok(g) => g,
        Err(failed) => return failed,
    };
    let Some(shard) = g.shards.first() else {
        return fail(
            format!("{group} has no shard."),
            format!("{group}에 샤드가 없어요."),
        );
    };
    let zone_of = |member: &str| {
        cloud
            .cache_cluster(member)
            .and_then(|c| c.nodes.first())
            .map(|n| n.zone.clone())
            .unwrap_or_default()
    };
    let primary_zone = zone_of(&shard.primary);
    if shard.replicas.is_empty() {
        return fail(
            format!(
                "{group} has a primary and no replica: if its node fails, the data and the endpoint go with it. Create it with `--num-cache-clusters 2`."
            ),
            format!(
                "{group}에는 기본 노드만 있고 복제본이 없어요. 노드가 실패하면 데이터와 엔드포인트도 함께 사라져요. `--num-cache-clusters 2`로 만드세요."
            ),
        );
    }
    if !g.automatic_failover || !g.multi_az {
        return fail(
            format!(
                "{group} has a replica, but automatic failover is {} and Multi-AZ {}: nothing takes over when the primary fails. Turn both on with `aws elasticache modify-replication-group --replication-group-id {group} --automatic-failover-enabled --multi-az-enabled --apply-immediately`.",
                if g.automatic_failover { "on" } else { "off" },
                if g.multi_az { "on" } else { "off" }
            ),
            format!(
                "{group}에 복제본은 있지만 자동 장애 조치가 {}, 다중 AZ가 {}예요. 기본 노드가 실패해도 대신할 노드가 없어요. `aws elasticache modify-replication-group --replication-group-id {group} --automatic-failover-enabled --multi-az-enabled --apply-immediately`로 둘 다 켜세요.",
                if g.automatic_failover {
                    "켜짐"
                } else {
                    "꺼짐"
                },
                if g.multi_az { "켜짐" } else { "꺼짐" }
            ),
        );
    }
    if shard.replicas.iter().all(|r| zone_of(r) == primary_zone) {
        return fail(
            format!(
                "The primary and replicas of {group} are all in {primary_zone}: losing that zone loses them all. Use a cache subnet group with subnets in two zones."
            ),
            format!(
                "{group}의 기본 노드와 복제본이 모두 {primary_zone}에 있어요. 그 영역을 잃으면 모두 잃어요. 두 영역에 서브넷이 있는 캐시 서브넷 그룹을 쓰세요."
            ),
        );
    }
    let open = g.security_group_ids.iter().find_map(|gid| {
        let sg = cloud.security_group(gid)?;
        sg.ingress
            .iter()
            .find(|r| r.allows(Protocol::Tcp, g.port) && !matches!(r.peer, RulePeer::Group { .. }))
            .map(|r| (gid.clone(), r.rule_id.clone(), r.peer.label()))
    });
    if let Some((sg, rule, peer)) = open {
        return fail(
            format!(
                "Rule {rule} of security group {sg} lets port {} in from {peer}, an address range rather than the web tier's security group. Revoke it and allow the web tier's group instead.",
                g.port
            ),
            format!(
                "보안 그룹 {sg}의 규칙 {rule}이 {} 포트를 웹 계층의 보안 그룹이 아니라 주소 범위 {peer}에서 들여보내요. 그 규칙을 취소하고 웹 계층의 그룹을 허용하세요.",
                g.port
            ),
        );
    }
    let web = match running_web_instance(cloud, web_tag, ("the cache", "캐시")) {
        Ok(web) => web,
        Err(failed) => return failed,
    };
    let endpoint = cloud.primary_endpoint(g);
    if let Err(e) = cloud.connect_to_cache(
        EndpointClient::Instance(&web),
        &endpoint,
        g.port,
        g.transit_encryption,
    ) {
        return fail(
            format!(
                "The web instance {web} cannot reach {group} on port {}: {e}",
                g.port
            ),
            format!(
                "웹 인스턴스 {web}가 {group}의 {} 포트에 닿지 못해요: {e}",
                g.port
            ),
        );
    }
    let replica_zones: Vec<String> = shard.replicas.iter().map(|r| zone_of(r)).collect();
    pass(
        format!(
            "{group} ({}) has its primary in {primary_zone} and a replica in {}, fails over on its own, and only the web tier reaches it.",
            g.engine,
            replica_zones.join(", ")
        ),
        format!(
            "{group}({})의 기본 노드는 {primary_zone}, 복제본은 {}에 있고, 스스로 장애 조치하며, 웹 계층만 닿아요.",
            g.engine,
            replica_zones.join(", ")
        ),
    )
}

/// The group's nodes counted at least one miss and one hit.
pub(super) fn cache_hits_and_misses(cloud: &Cloud, group: &str) -> CheckOutcome {
    let g = match available_group(cloud, group) {
        Ok(g) => g,
        Err(failed) => return failed,
    };
    let (hits, misses) = g
        .shards
        .iter()
        .flat_map(|s| s.members())
        .filter_map(|m| cloud.cache_cluster(m))
        .flat_map(|c| c.nodes.iter())
        .fold((0, 0), |(h, m), n| {
            (h + n.cache_hits(), m + n.cache_misses())
        });
    if misses == 0 || hits == 0 {
        return fail(
            format!(
                "The nodes of {group} counted {hits} hits and {misses} misses. Run the sample app through the cache from the web instance: `cache-demo --table ... --key ... --redis ENDPOINT`; the first read misses and loads the cache, the next ones hit."
            ),
            format!(
                "{group}의 노드가 적중 {hits}번, 캐시 미스 {misses}번을 셌어요. 웹 인스턴스에서 캐시를 거쳐 샘플 앱을 실행하세요: `cache-demo --table ... --key ... --redis ENDPOINT`. 첫 읽기는 캐시 미스가 나서 캐시를 채우고, 다음 읽기는 적중해요."
            ),
        );
    }
    pass(
        format!(
            "{group} counted {misses} {} (read from DynamoDB, then cached) and {hits} {} (answered from memory).",
            plural(misses, "miss", "misses"),
            plural(hits, "hit", "hits")
        ),
        format!(
            "{group}이 캐시 미스 {misses}번(DynamoDB에서 읽고 캐시에 저장)과 적중 {hits}번(메모리에서 응답)을 셌어요."
        ),
    )
}

/// The DAX cluster is available and its item cache answered a read.
pub(super) fn dax_hits(cloud: &Cloud, cluster: &str) -> CheckOutcome {
    let Some(c) = cloud.dax_cluster(cluster) else {
        return fail(
            format!(
                "There is no DAX cluster {cluster}. Create it with `aws dax create-cluster --cluster-name {cluster} ...`."
            ),
            format!(
                "DAX 클러스터 {cluster}가 없어요. `aws dax create-cluster --cluster-name {cluster} ...`로 만드세요."
            ),
        );
    };
    if c.status != "available" {
        return fail(
            format!(
                "{cluster} is {}, not available yet: a new cluster takes a few minutes. Check with `aws dax describe-clusters`.",
                c.status
            ),
            format!(
                "{cluster}가 아직 available이 아니라 {}예요. 새 클러스터는 몇 분 걸려요. `aws dax describe-clusters`로 확인하세요.",
                c.status
            ),
        );
    }
    let s = c.stats;
    if s.item_cache_hits == 0 {
        return fail(
            format!(
                "The item cache of {cluster} has {} hits and {} misses. Read the same item twice through it from the web instance: `cache-demo --table ... --key ... --dax dax://...` (strongly consistent reads pass through and never hit).",
                s.item_cache_hits, s.item_cache_misses
            ),
            format!(
                "{cluster}의 항목 캐시는 적중 {}번, 캐시 미스 {}번이에요. 웹 인스턴스에서 같은 항목을 DAX로 두 번 읽으세요: `cache-demo --table ... --key ... --dax dax://...`(강력한 일관성 읽기는 그대로 통과해서 적중하지 않아요).",
                s.item_cache_hits, s.item_cache_misses
            ),
        );
    }
    pass(
        format!(
            "The item cache of {cluster} answered {} {} from memory after {} {}.",
            s.item_cache_hits,
            plural(s.item_cache_hits, "read", "reads"),
            s.item_cache_misses,
            plural(s.item_cache_misses, "miss", "misses")
        ),
        format!(
            "{cluster}의 항목 캐시가 캐시 미스 {}번 뒤에 {}번을 메모리에서 답했어요.",
            s.item_cache_misses, s.item_cache_hits
        ),
    )
}
