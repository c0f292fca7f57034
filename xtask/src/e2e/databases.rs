//! Chapter 12 (RDS) played start to finish like a learner, once in English and
//! once in Korean: a database port first opened to the world and the check
//! naming that rule, then the web tier's group instead; the laptop refused and
//! the web instance let in (the password typed without echo), rows stored with
//! SQL; a replica, Multi-AZ and a failover (from the console in English, the
//! terminal in Korean); a snapshot restored first into the default security
//! group (the check says so) and then fixed; a clean-up to a $0 meter, the quiz,
//! and "Done" after a reload. Screenshots of the console's Databases page are
//! kept on a desktop and on a phone in dark mode.

use super::chapters::{
    Lang, choose_language, console_page, finish_chapter, next_step, open_chapter, page_screenshots,
    pass_time, read_value, run, wait_failed_because, wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 12 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_12_in_english",
        run: chapter_12_in_english,
    },
    Scenario {
        name: "chapter_12_in_korean",
        run: chapter_12_in_korean,
    },
    Scenario {
        name: "dynamodb_tables_page",
        run: dynamodb_tables_page,
    },
];

/// The DynamoDB console page in a lab: a table made in the terminal, a Query
/// and a Scan from the page with their counts, screenshots in both languages.
fn dynamodb_tables_page(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    for lang in [Lang::En, Lang::Ko] {
        b.goto(site.url())?;
        b.wait_for("main h1", DEFAULT_WAIT)?;
        choose_language(b, lang)?;
        open_chapter(b, 12)?;
        if lang == Lang::En {
            run(
                b,
                "aws dynamodb create-table --table-name Music --attribute-definitions AttributeName=Artist,AttributeType=S AttributeName=SongTitle,AttributeType=S --key-schema AttributeName=Artist,KeyType=HASH AttributeName=SongTitle,KeyType=RANGE --billing-mode PAY_PER_REQUEST",
            )?;
            run(b, "aws dynamodb wait table-exists --table-name Music")?;
            for (artist, title) in [
                ("IU", "Palette"),
                ("IU", "Blueming"),
                ("BTS", "Dynamite"),
                ("NewJeans", "Ditto"),
            ] {
                run(
                    b,
                    &format!(
                        "aws dynamodb put-item --table-name Music --item '{{\"Artist\": {{\"S\": \"{artist}\"}}, \"SongTitle\": {{\"S\": \"{title}\"}}}}'"
                    ),
                )?;
            }
        }
        console_page(b, "tables")?;
        b.wait_for_text(
            "[data-testid=dynamodb-tables-table]",
            "ACTIVE",
            DEFAULT_WAIT,
        )?;
        let input = b.wait_for("[name=reader-partition]", DEFAULT_WAIT)?;
        b.send_keys(&input, "IU")?;
        b.click_on("[data-testid=reader-query]")?;
        b.wait_for_text("[data-testid=reader-scanned]", "2", DEFAULT_WAIT)?;
        b.click_on("[data-testid=reader-scan]")?;
        b.wait_for_text("[data-testid=reader-scanned]", "4", DEFAULT_WAIT)?;
        page_screenshots(b, "tables-panel", "dynamodb-tables", lang)?;
    }
    Ok(())
}

fn chapter_12_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_12(b, site, Lang::En)
}

fn chapter_12_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_12(b, site, Lang::Ko)
}

/// The type of the terminal's input box (`password` while a password is asked).
fn input_type(b: &mut Browser) -> Result<String, E2eError> {
    let value = b.execute(
        "return document.querySelector('[data-testid=terminal-input]').type;",
        Vec::new(),
    )?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

fn play_chapter_12(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 12)?;

    // Step 1: a port opened to the world first, then the web tier's group.
    run(
        b,
        "aws ec2 create-security-group --group-name db-sg --description \"database tier\"",
    )?;
    run(
        b,
        "aws ec2 authorize-security-group-ingress --group-name db-sg --protocol tcp --port 3306 --cidr 0.0.0.0/0",
    )?;
    let zones = run(
        b,
        "aws rds create-db-subnet-group --db-subnet-group-name shop-db --db-subnet-group-description \"two zones\" --subnet-ids $(aws ec2 describe-subnets --query 'Subnets[0:2].SubnetId' --output text) --query 'DBSubnetGroup.Subnets[].SubnetAvailabilityZone.Name' --output text",
    )?;
    ensure(
        zones.split_whitespace().count() == 2,
        format!("the subnet group covers {zones}"),
    )?;
    let db_sg = read_value(
        b,
        "aws ec2 describe-security-groups --group-names db-sg --query 'SecurityGroups[0].GroupId' --output text",
    )?;
    let web_sg = read_value(
        b,
        "aws ec2 describe-security-groups --group-names web-sg --query 'SecurityGroups[0].GroupId' --output text",
    )?;
    let created = run(
        b,
        &format!(
            "aws rds create-db-instance --db-instance-identifier shopdb --db-instance-class db.t3.micro --engine mysql --master-username admin --master-user-password Passw0rd! --allocated-storage 20 --db-subnet-group-name shop-db --vpc-security-group-ids {db_sg} --no-publicly-accessible --backup-retention-period 7 --query DBInstance.DBInstanceStatus"
        ),
    )?;
    ensure(
        created.contains("creating"),
        format!("create answered {created}"),
    )?;
    wait_failed_because(b, "db-available", "creating")?;
    run(
        b,
        "aws rds wait db-instance-available --db-instance-identifier shopdb",
    )?;
    wait_passed(b, "db-available")?;
    wait_failed_because(b, "db-from-web-only", "0.0.0.0/0")?;
    run(
        b,
        "aws ec2 revoke-security-group-ingress --group-name db-sg --protocol tcp --port 3306 --cidr 0.0.0.0/0",
    )?;
    run(
        b,
        &format!(
            "aws ec2 authorize-security-group-ingress --group-name db-sg --protocol tcp --port 3306 --source-group {web_sg}"
        ),
    )?;
    wait_passed(b, "db-from-web-only")?;

    // Step 2: the laptop is refused; the web instance gets in.
    next_step(b, 12, "connect-and-store")?;
    let endpoint = read_value(
        b,
        "aws rds describe-db-instances --db-instance-identifier shopdb --query 'DBInstances[0].Endpoint.Address' --output text",
    )?;
    ensure(
        endpoint.starts_with("shopdb.") && endpoint.ends_with(".ap-northeast-2.rds.amazonaws.com"),
        format!("the endpoint is {endpoint}"),
    )?;
    run(b, &format!("mysql -h {endpoint} -u admin -p"))?;
    ensure(
        input_type(b)? == "password",
        "the password is asked in a password box",
    )?;
    let refused = run(b, "Passw0rd!")?;
    ensure(
        refused.contains("Can't connect to MySQL server"),
        format!("the laptop got {refused}"),
    )?;
    let screen = b.execute(
        "return document.querySelector('[data-testid=terminal-screen]').textContent;",
        Vec::new(),
    )?;
    ensure(
        !screen
            .as_str()
            .unwrap_or_default()
            .contains("Enter password: Passw0rd!"),
        "the typed password is not shown on the screen",
    )?;
    let web_ip = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query 'Reservations[0].Instances[0].PublicIpAddress' --output text",
    )?;
    run(b, &format!("ssh -i web-key.pem ec2-user@{web_ip}"))?;
    run(b, "yes")?;
    let missing = run(b, &format!("mysql -h {endpoint} -u admin -p"))?;
    ensure(
        missing.contains("command not found"),
        format!("before the install mysql answered {missing}"),
    )?;
    run(b, "sudo dnf install -y mariadb105")?;
    run(b, &format!("mysql -h {endpoint} -u admin -p"))?;
    let welcome = run(b, "Passw0rd!")?;
    ensure(
        welcome.contains("Welcome to the MariaDB monitor"),
        format!("the web instance got {welcome}"),
    )?;
    run(b, "CREATE DATABASE shop;")?;
    run(b, "USE shop;")?;
    run(
        b,
        "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL, price DECIMAL(8,2));",
    )?;
    let typo = run(b, "SELECT * FROM item;")?;
    ensure(
        typo.contains("ERROR 1146 (42S02)"),
        format!("a typo answered {typo}"),
    )?;
    run(
        b,
        "INSERT INTO items (name, price) VALUES ('keyboard', 45.50), ('mouse', 19.99), ('monitor', 210.00);",
    )?;
    let rows = run(
        b,
        "SELECT * FROM items WHERE price > 20 ORDER BY price DESC;",
    )?;
    ensure(
        rows.contains("monitor") && rows.contains("2 rows in set") && !rows.contains("mouse"),
        format!("the SELECT printed {rows}"),
    )?;
    wait_passed(b, "rows-stored")?;
    run(b, "exit")?;
    wait_failed_because(b, "page-shows-rows", lang.pick("does not show", "아직"))?;
    let page = run(
        b,
        &format!(
            "mysql -h {endpoint} -u admin -pPassw0rd! shop -H -e 'SELECT name, price FROM items ORDER BY name' | sudo tee /var/www/html/index.html"
        ),
    )?;
    ensure(
        page.contains("<TD>keyboard</TD>"),
        format!("mysql -H printed {page}"),
    )?;
    wait_passed(b, "page-shows-rows")?;
    run(b, "exit")?;
    let served = run(b, &format!("curl -s http://{web_ip}/"))?;
    ensure(
        served.contains("<TD>monitor</TD>"),
        format!("the web page is {served}"),
    )?;

    // Step 3: a replica, Multi-AZ and a failover.
    next_step(b, 12, "replica-and-failover")?;
    run(
        b,
        "aws rds create-db-instance-read-replica --db-instance-identifier shopdb-replica --source-db-instance-identifier shopdb",
    )?;
    run(
        b,
        "aws rds modify-db-instance --db-instance-identifier shopdb --multi-az --apply-immediately",
    )?;
    run(
        b,
        "aws rds wait db-instance-available --db-instance-identifier shopdb",
    )?;
    run(
        b,
        "aws rds wait db-instance-available --db-instance-identifier shopdb-replica",
    )?;
    wait_passed(b, "replica-own-endpoint")?;
    let before = read_value(
        b,
        "aws rds describe-db-instances --db-instance-identifier shopdb --query 'DBInstances[0].AvailabilityZone' --output text",
    )?;
    wait_failed_because(b, "failover-kept-endpoint", "force-failover")?;
    if lang == Lang::En {
        console_page(b, "databases")?;
        b.click_on(r#"select[name="db-instance"] option[value="shopdb"]"#)?;
        b.click_on(r#"input[name="force-failover"]"#)?;
        b.click_on("[data-testid=reboot-db]")?;
        b.wait_for(
            r#"[data-testid=db-instances-table] tr[data-db-instance="shopdb"][data-status="rebooting"]"#,
            DEFAULT_WAIT,
        )?;
    } else {
        run(
            b,
            "aws rds reboot-db-instance --db-instance-identifier shopdb --force-failover",
        )?;
    }
    pass_time(b, lang, 120)?;
    wait_passed(b, "failover-kept-endpoint")?;
    let after = read_value(
        b,
        "aws rds describe-db-instances --db-instance-identifier shopdb --query 'DBInstances[0].AvailabilityZone' --output text",
    )?;
    ensure(before != after, format!("the zone stayed {after}"))?;
    let same = read_value(
        b,
        "aws rds describe-db-instances --db-instance-identifier shopdb --query 'DBInstances[0].Endpoint.Address' --output text",
    )?;
    ensure(same == endpoint, format!("the endpoint became {same}"))?;
    console_page(b, "databases")?;
    b.wait_for_text("[data-testid=db-tables-table]", "shop.items", DEFAULT_WAIT)?;
    page_screenshots(b, "databases-panel", "chapter-12-databases", lang)?;

    // Step 4: a snapshot, restored first into the default group.
    next_step(b, 12, "snapshot-and-restore")?;
    run(
        b,
        "aws rds create-db-snapshot --db-instance-identifier shopdb --db-snapshot-identifier shop-snap",
    )?;
    run(
        b,
        "aws rds wait db-snapshot-available --db-snapshot-identifier shop-snap",
    )?;
    wait_passed(b, "manual-snapshot")?;
    run(
        b,
        "aws rds restore-db-instance-from-db-snapshot --db-instance-identifier shopdb-restored --db-snapshot-identifier shop-snap --db-subnet-group-name shop-db --no-publicly-accessible",
    )?;
    run(
        b,
        "aws rds wait db-instance-available --db-instance-identifier shopdb-restored",
    )?;
    wait_failed_because(
        b,
        "restored-new-endpoint",
        lang.pick("default security group", "기본 보안 그룹"),
    )?;
    run(
        b,
        &format!(
            "aws rds modify-db-instance --db-instance-identifier shopdb-restored --vpc-security-group-ids {db_sg} --apply-immediately"
        ),
    )?;
    wait_passed(b, "restored-new-endpoint")?;
    let restored = read_value(
        b,
        "aws rds describe-db-instances --db-instance-identifier shopdb-restored --query 'DBInstances[0].Endpoint.Address' --output text",
    )?;
    ensure(restored != endpoint, "the restore has a new endpoint")?;
    run(b, &format!("ssh -i web-key.pem ec2-user@{web_ip}"))?;
    let count = run(
        b,
        &format!("mysql -h {restored} -u admin -pPassw0rd! shop -e 'SELECT COUNT(*) FROM items'"),
    )?;
    ensure(
        count.contains("|        3 |"),
        format!("the restore holds {count}"),
    )?;
    run(b, "exit")?;

    // Step 5: clean up.
    next_step(b, 12, "clean-up")?;
    let refused = run(
        b,
        "aws rds delete-db-instance --db-instance-identifier shopdb",
    )?;
    ensure(
        refused.contains("FinalDBSnapshotIdentifier is required"),
        format!("a delete without a decision answered {refused}"),
    )?;
    run(
        b,
        "aws rds delete-db-instance --db-instance-identifier shopdb-replica",
    )?;
    run(
        b,
        "aws rds delete-db-instance --db-instance-identifier shopdb --final-db-snapshot-identifier shopdb-final",
    )?;
    run(
        b,
        "aws rds delete-db-instance --db-instance-identifier shopdb-restored --skip-final-snapshot",
    )?;
    run(
        b,
        "aws ec2 terminate-instances --instance-ids $(aws ec2 describe-instances --filters Name=tag:Name,Values=web --query 'Reservations[0].Instances[0].InstanceId' --output text)",
    )?;
    pass_time(b, lang, 300)?;
    wait_passed(b, "nothing-billed")?;

    finish_chapter(b, 12, lang)
}
