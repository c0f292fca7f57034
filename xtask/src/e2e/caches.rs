//! Chapter 13 (DynamoDB and caches) played start to finish like a learner,
//! once in English and once in Korean: an order missing from the Query and
//! the check saying what came back, then put; a Scan's cost, the table
//! refusing a Query by status and the index still backfilling, then
//! answering; a stream record; the sample app first without credentials, then
//! through Valkey (a failover from the console in English, the terminal in
//! Korean); DAX refused a role it cannot assume, then reading from its cache;
//! a clean-up to a $0 meter, the quiz and "Done" after a reload. Screenshots
//! of the Caches and DAX pages are kept on a desktop and on a phone in dark mode.

use super::chapters::{
    Lang, choose_language, console_page, finish_chapter, next_step, open_chapter, page_screenshots,
    pass_time, read_value, run, wait_failed_because, wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 13 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_13_in_english",
        run: chapter_13_in_english,
    },
    Scenario {
        name: "chapter_13_in_korean",
        run: chapter_13_in_korean,
    },
];

fn chapter_13_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_13(b, site, Lang::En)
}

fn chapter_13_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_13(b, site, Lang::Ko)
}

fn put_order(
    b: &mut Browser,
    customer: &str,
    date: &str,
    status: &str,
    total: &str,
) -> Result<(), E2eError> {
    run(
        b,
        &format!(
            "aws dynamodb put-item --table-name Orders --item '{{\"CustomerId\":{{\"S\":\"{customer}\"}},\"OrderDate\":{{\"S\":\"{date}\"}},\"Status\":{{\"S\":\"{status}\"}},\"Total\":{{\"N\":\"{total}\"}}}}'"
        ),
    )
    .map(|_| ())
}

const KEY: &str = r#"'{"CustomerId":{"S":"c-100"},"OrderDate":{"S":"2026-02-14"}}'"#;
const STATUS_NAMES: &str = r##"--expression-attribute-names '{"#s":"Status"}' --expression-attribute-values '{":s":{"S":"SHIPPED"}}'"##;

fn play_chapter_13(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 13)?;

    // Step 1: the table, an order missing from the Query, then put.
    run(
        b,
        "aws dynamodb create-table --table-name Orders --attribute-definitions AttributeName=CustomerId,AttributeType=S AttributeName=OrderDate,AttributeType=S --key-schema AttributeName=CustomerId,KeyType=HASH AttributeName=OrderDate,KeyType=RANGE --billing-mode PAY_PER_REQUEST",
    )?;
    run(b, "aws dynamodb wait table-exists --table-name Orders")?;
    wait_passed(b, "orders-table")?;
    put_order(b, "c-100", "2026-03-01", "PENDING", "42.50")?;
    put_order(b, "c-100", "2026-01-03", "SHIPPED", "18.00")?;
    put_order(b, "c-200", "2026-02-20", "PENDING", "120.00")?;
    put_order(b, "c-200", "2026-01-28", "SHIPPED", "9.99")?;
    wait_failed_because(b, "query-in-order", "2026-01-03, 2026-03-01")?;
    put_order(b, "c-100", "2026-02-14", "SHIPPED", "64.90")?;
    wait_passed(b, "query-in-order")?;
    let dates = run(
        b,
        r#"aws dynamodb query --table-name Orders --key-condition-expression 'CustomerId = :c' --expression-attribute-values '{":c":{"S":"c-100"}}' --query 'Items[].OrderDate.S' --output text"#,
    )?;
    ensure(
        dates.trim() == "2026-01-03\t2026-02-14\t2026-03-01",
        format!("the Query returned {dates:?}"),
    )?;

    // Step 2: a Scan's cost; the table refuses a Query by status; the index.
    next_step(b, 13, "query-scan-index")?;
    let scanned = run(
        b,
        &format!(
            "aws dynamodb scan --table-name Orders --filter-expression '#s = :s' {STATUS_NAMES} --return-consumed-capacity TOTAL --query '[Count,ScannedCount]' --output text"
        ),
    )?;
    ensure(
        scanned.trim() == "3\t5",
        format!("the Scan counted {scanned:?}"),
    )?;
    let refused = run(
        b,
        &format!(
            "aws dynamodb query --table-name Orders --key-condition-expression '#s = :s' {STATUS_NAMES}"
        ),
    )?;
    ensure(
        refused.contains("ValidationException"),
        format!("a Query by status answered {refused}"),
    )?;
    wait_failed_because(b, "gsi-answers", "StatusIndex")?;
    run(
        b,
        r#"aws dynamodb update-table --table-name Orders --attribute-definitions AttributeName=Status,AttributeType=S AttributeName=OrderDate,AttributeType=S --global-secondary-index-updates '[{"Create":{"IndexName":"StatusIndex","KeySchema":[{"AttributeName":"Status","KeyType":"HASH"},{"AttributeName":"OrderDate","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}}]'"#,
    )?;
    wait_failed_because(b, "gsi-answers", "CREATING")?;
    pass_time(b, lang, 180)?;
    wait_passed(b, "gsi-answers")?;
    let shipped = run(
        b,
        &format!(
            "aws dynamodb query --table-name Orders --index-name StatusIndex --key-condition-expression '#s = :s' {STATUS_NAMES} --query 'Items[].OrderDate.S' --output text"
        ),
    )?;
    ensure(
        shipped.trim() == "2026-01-03\t2026-01-28\t2026-02-14",
        format!("the index returned {shipped:?}"),
    )?;

    // Step 3: the stream.
    next_step(b, 13, "stream")?;
    run(
        b,
        "aws dynamodb update-table --table-name Orders --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES",
    )?;
    wait_failed_because(b, "stream-modify", "MODIFY")?;
    run(
        b,
        &format!(
            r#"aws dynamodb update-item --table-name Orders --key '{{"CustomerId":{{"S":"c-100"}},"OrderDate":{{"S":"2026-03-01"}}}}' --update-expression 'SET #s = :s' {STATUS_NAMES}"#
        ),
    )?;
    wait_passed(b, "stream-modify")?;
    run(
        b,
        "STREAM=$(aws dynamodbstreams list-streams --table-name Orders --query 'Streams[0].StreamArn' --output text)",
    )?;
    run(
        b,
        "SHARD=$(aws dynamodbstreams describe-stream --stream-arn $STREAM --query 'StreamDescription.Shards[0].ShardId' --output text)",
    )?;
    run(
        b,
        "ITER=$(aws dynamodbstreams get-shard-iterator --stream-arn $STREAM --shard-id $SHARD --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text)",
    )?;
    let records = run(
        b,
        "aws dynamodbstreams get-records --shard-iterator $ITER --query 'Records[].[eventName,dynamodb.OldImage.Status.S,dynamodb.NewImage.Status.S]' --output text",
    )?;
    ensure(
        records.contains("MODIFY\tPENDING\tSHIPPED"),
        format!("the stream holds {records}"),
    )?;

    // Step 4: Valkey in front of the table.
    next_step(b, 13, "cache-aside")?;
    let web_sg = read_value(
        b,
        "aws ec2 describe-security-groups --group-names web-sg --query 'SecurityGroups[0].GroupId' --output text",
    )?;
    run(
        b,
        "aws ec2 create-security-group --group-name cache-sg --description \"cache tier\"",
    )?;
    run(
        b,
        &format!(
            "aws ec2 authorize-security-group-ingress --group-name cache-sg --protocol tcp --port 6379 --source-group {web_sg}"
        ),
    )?;
    let cache_sg = read_value(
        b,
        "aws ec2 describe-security-groups --group-names cache-sg --query 'SecurityGroups[0].GroupId' --output text",
    )?;
    run(
        b,
        "aws elasticache create-cache-subnet-group --cache-subnet-group-name cache-subnets --cache-subnet-group-description \"two zones\" --subnet-ids $(aws ec2 describe-subnets --query 'Subnets[0:2].SubnetId' --output text)",
    )?;
    let created = run(
        b,
        &format!(
            "aws elasticache create-replication-group --replication-group-id orders-cache --replication-group-description \"orders read cache\" --engine valkey --cache-node-type cache.t3.micro --num-cache-clusters 2 --automatic-failover-enabled --multi-az-enabled --cache-subnet-group-name cache-subnets --security-group-ids {cache_sg} --query ReplicationGroup.Status"
        ),
    )?;
    ensure(
        created.contains("creating"),
        format!("create answered {created}"),
    )?;
    wait_failed_because(b, "valkey-replicated", "creating")?;
    run(
        b,
        "aws elasticache wait replication-group-available --replication-group-id orders-cache",
    )?;
    wait_passed(b, "valkey-replicated")?;
    let endpoint = read_value(
        b,
        "aws elasticache describe-replication-groups --replication-group-id orders-cache --query 'ReplicationGroups[0].NodeGroups[0].PrimaryEndpoint.Address' --output text",
    )?;
    let web_ip = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query 'Reservations[0].Instances[0].PublicIpAddress' --output text",
    )?;
    run(b, &format!("ssh -i web-key.pem ec2-user@{web_ip}"))?;
    run(b, "yes")?;
    let no_role = run(
        b,
        &format!("cache-demo --table Orders --key {KEY} --redis {endpoint}"),
    )?;
    ensure(
        no_role.contains("Unable to locate credentials"),
        format!("without a role cache-demo printed {no_role}"),
    )?;
    run(b, "exit")?;
    run(
        b,
        r#"aws iam create-role --role-name web-app --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#,
    )?;
    run(
        b,
        r#"aws iam put-role-policy --role-name web-app --policy-name read-orders --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dax:GetItem"],"Resource":["arn:aws:dynamodb:*:*:table/Orders","arn:aws:dax:*:*:cache/orders-dax"]}]}'"#,
    )?;
    run(
        b,
        "aws iam create-instance-profile --instance-profile-name web-app",
    )?;
    run(
        b,
        "aws iam add-role-to-instance-profile --instance-profile-name web-app --role-name web-app",
    )?;
    run(
        b,
        "aws ec2 associate-iam-instance-profile --instance-id $(aws ec2 describe-instances --filters Name=tag:Name,Values=web --query 'Reservations[0].Instances[0].InstanceId' --output text) --iam-instance-profile Name=web-app",
    )?;
    run(b, &format!("ssh -i web-key.pem ec2-user@{web_ip}"))?;
    let direct = run(
        b,
        &format!("cache-demo --table Orders --key {KEY} --reads 3"),
    )?;
    ensure(
        direct.contains("read 3  DynamoDB"),
        format!("straight from DynamoDB cache-demo printed {direct}"),
    )?;
    let cached = run(
        b,
        &format!("cache-demo --table Orders --key {KEY} --redis {endpoint} --reads 5"),
    )?;
    ensure(
        cached.contains("read 1  miss")
            && cached.contains("read 2  hit")
            && cached.contains("1 miss, 4 hits"),
        format!("through the cache cache-demo printed {cached}"),
    )?;
    run(b, "exit")?;
    wait_passed(b, "cache-hits")?;
    if lang == Lang::En {
        console_page(b, "caches")?;
        b.click_on("[data-testid=test-failover]")?;
        b.wait_for(
            r#"[data-testid=caches-table] tr[data-cache="orders-cache"][data-status="modifying"]"#,
            DEFAULT_WAIT,
        )?;
    } else {
        run(
            b,
            "aws elasticache test-failover --replication-group-id orders-cache --node-group-id 0001",
        )?;
    }
    pass_time(b, lang, 60)?;
    let roles = run(
        b,
        "aws elasticache describe-replication-groups --replication-group-id orders-cache --query 'ReplicationGroups[0].NodeGroups[0].NodeGroupMembers[].[CacheClusterId,CurrentRole]' --output text",
    )?;
    ensure(
        roles.contains("orders-cache-002\tprimary"),
        format!("after the failover the members are {roles}"),
    )?;
    console_page(b, "caches")?;
    b.wait_for_text("[data-testid=caches-table]", "4 / 1", DEFAULT_WAIT)?;
    page_screenshots(b, "caches-panel", "chapter-13-caches", lang)?;

    // Step 5: DAX.
    next_step(b, 13, "dax")?;
    run(
        b,
        r#"aws iam create-role --role-name dax-to-dynamodb --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"dax.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#,
    )?;
    run(
        b,
        r#"aws iam put-role-policy --role-name dax-to-dynamodb --policy-name read-orders --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:*:*:table/Orders"}]}'"#,
    )?;
    run(
        b,
        &format!(
            "aws ec2 authorize-security-group-ingress --group-name cache-sg --protocol tcp --port 8111 --source-group {web_sg}"
        ),
    )?;
    let account = read_value(
        b,
        "aws sts get-caller-identity --query Account --output text",
    )?;
    let wrong_role = run(
        b,
        &format!(
            "aws dax create-cluster --cluster-name orders-dax --node-type dax.t3.small --replication-factor 1 --iam-role-arn arn:aws:iam::{account}:role/web-app --security-group-ids {cache_sg}"
        ),
    )?;
    ensure(
        wrong_role.contains("No permission to assume role"),
        format!("a role DAX cannot assume answered {wrong_role}"),
    )?;
    wait_failed_because(b, "dax-hits", "orders-dax")?;
    run(
        b,
        &format!(
            "aws dax create-cluster --cluster-name orders-dax --node-type dax.t3.small --replication-factor 1 --iam-role-arn arn:aws:iam::{account}:role/dax-to-dynamodb --security-group-ids {cache_sg}"
        ),
    )?;
    pass_time(b, lang, 360)?;
    let url = read_value(
        b,
        "aws dax describe-clusters --cluster-names orders-dax --query 'Clusters[0].ClusterDiscoveryEndpoint.URL' --output text",
    )?;
    ensure(
        url.starts_with("dax://orders-dax.")
            && url.ends_with(".dax-clusters.ap-northeast-2.amazonaws.com"),
        format!("the DAX endpoint is {url}"),
    )?;
    run(b, &format!("ssh -i web-key.pem ec2-user@{web_ip}"))?;
    let through = run(
        b,
        &format!("cache-demo --table Orders --key {KEY} --dax {url} --reads 5"),
    )?;
    ensure(
        through.contains("read 1  miss") && through.contains("1 miss, 4 hits"),
        format!("through DAX cache-demo printed {through}"),
    )?;
    run(b, "exit")?;
    wait_passed(b, "dax-hits")?;
    console_page(b, "dax-clusters")?;
    b.wait_for_text("[data-testid=dax-clusters-table]", "4 / 1", DEFAULT_WAIT)?;
    page_screenshots(b, "dax-panel", "chapter-13-dax", lang)?;

    // Step 6: clean up.
    next_step(b, 13, "clean-up")?;
    let refused = run(
        b,
        "aws elasticache delete-cache-cluster --cache-cluster-id orders-cache-001",
    )?;
    ensure(
        refused.contains("InvalidCacheClusterState"),
        format!("deleting one member answered {refused}"),
    )?;
    run(
        b,
        "aws elasticache delete-replication-group --replication-group-id orders-cache",
    )?;
    run(b, "aws dax delete-cluster --cluster-name orders-dax")?;
    run(
        b,
        "aws ec2 terminate-instances --instance-ids $(aws ec2 describe-instances --filters Name=tag:Name,Values=web --query 'Reservations[0].Instances[0].InstanceId' --output text)",
    )?;
    pass_time(b, lang, 300)?;
    wait_passed(b, "nothing-billed")?;

    finish_chapter(b, 13, lang)
}
