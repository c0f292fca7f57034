//! Chapter 15 (monitoring and DNS) played start to finish like a learner, once
//! in English and once in Korean: an e-mail subscription pending until its
//! confirmation mail's link is used (the console's Inbox in English, the
//! terminal's `mail` and `curl` in Korean); a dashboard and a CPU alarm that
//! mails under a load test; the billing alarm in us-east-1; a hosted zone whose
//! apex refuses a CNAME, then an alias to the load balancer and a CNAME for www
//! that `dig` and `curl` follow; failover records on a health check that send the
//! apex to the S3 website once both servers stop; the clean-up, the quiz and
//! "Done" after a reload. Screenshots of the Inbox, the Dashboards and the
//! Route 53 pages are kept on a desktop and on a phone in dark mode.

use super::chapters::{
    Lang, choose_language, console_page, finish_chapter, next_step, open_chapter, page_screenshots,
    read_value, run, wait_failed_because, wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 15 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_15_in_english",
        run: chapter_15_in_english,
    },
    Scenario {
        name: "chapter_15_in_korean",
        run: chapter_15_in_korean,
    },
];

fn chapter_15_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_15(b, site, Lang::En)
}

fn chapter_15_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_15(b, site, Lang::Ko)
}

/// Writes `file` with a quoted here-document, line by line as typed.
fn write_file(b: &mut Browser, file: &str, lines: &[&str]) -> Result<(), E2eError> {
    run(b, &format!("cat > {file} <<'EOF'"))?;
    for line in lines {
        run(b, line)?;
    }
    run(b, "EOF")?;
    Ok(())
}

/// Confirms the newest pending confirmation mail from the console's Inbox.
fn confirm_in_inbox(b: &mut Browser) -> Result<(), E2eError> {
    console_page(b, "inbox")?;
    b.wait_for("[data-testid=inbox-list]", DEFAULT_WAIT)?;
    let mails = b.find_all("[data-testid=inbox-mail]")?;
    let mut newest = None;
    for mail in mails {
        if b.text(&mail)?.contains("Subscription Confirmation") {
            newest = Some(mail);
        }
    }
    let Some(mail) = newest else {
        return Err(E2eError::Failed("no confirmation mail in the Inbox".into()));
    };
    b.click(&mail)?;
    b.wait_for_text(
        "[data-testid=inbox-body]",
        "You have chosen to subscribe to the topic:",
        DEFAULT_WAIT,
    )?;
    b.click_on("[data-testid=inbox-confirm]")?;
    b.wait_for("[data-testid=inbox-done]", DEFAULT_WAIT)?;
    Ok(())
}

fn play_chapter_15(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 15)?;
    b.wait_for("[data-testid=tab-terminal]", DEFAULT_WAIT)?;
    let account = read_value(
        b,
        "aws sts get-caller-identity --query Account --output text",
    )?;
    let topic = format!("arn:aws:sns:ap-northeast-2:{account}:ops-alerts");

    // Step 1: a topic and an e-mail subscription, pending until confirmed.
    run(b, "aws sns create-topic --name ops-alerts")?;
    let pending = run(
        b,
        &format!(
            "aws sns subscribe --topic-arn {topic} --protocol email --notification-endpoint you@example.com"
        ),
    )?;
    ensure(
        pending.contains("pending confirmation"),
        format!("subscribe answered {pending}"),
    )?;
    wait_failed_because(b, "email-confirmed", "PendingConfirmation")?;
    if lang == Lang::En {
        confirm_in_inbox(b)?;
        page_screenshots(b, "inbox-panel", "chapter-15-inbox", lang)?;
    } else {
        let listed = run(b, "mail")?;
        ensure(
            listed.contains("Subscription Confirmation"),
            format!("mail listed {listed}"),
        )?;
        run(
            b,
            "LINK=$(mail 1 | grep 'Confirm subscription' | cut -d '<' -f2 | cut -d '>' -f1)",
        )?;
        let page = run(b, "curl -s \"$LINK\"")?;
        ensure(
            page.contains("Subscription confirmed!"),
            format!("the confirmation link answered {page}"),
        )?;
    }
    wait_passed(b, "email-confirmed")?;
    run(
        b,
        &format!("aws sns publish --topic-arn {topic} --subject Test --message hello"),
    )?;
    let test_mail = run(b, "mail 2")?;
    ensure(
        test_mail.contains("hello") && test_mail.contains("unsubscribe"),
        format!("the test mail reads {test_mail}"),
    )?;

    // Step 2: detailed monitoring, a dashboard, a CPU alarm that mails.
    next_step(b, 15, "cpu-alarm")?;
    let web_a = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web-a --query 'Reservations[0].Instances[0].InstanceId' --output text",
    )?;
    let web_b = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web-b --query 'Reservations[0].Instances[0].InstanceId' --output text",
    )?;
    run(
        b,
        &format!("aws ec2 monitor-instances --instance-ids {web_a}"),
    )?;
    write_file(
        b,
        "dashboard.json",
        &[&format!(
            r#"{{"widgets":[{{"type":"metric","x":0,"y":0,"width":12,"height":6,"properties":{{"metrics":[["AWS/EC2","CPUUtilization","InstanceId","{web_a}"],["AWS/EC2","CPUUtilization","InstanceId","{web_b}"]],"period":60,"stat":"Average","region":"ap-northeast-2","title":"Web CPU"}}}}]}}"#
        )],
    )?;
    run(
        b,
        "aws cloudwatch put-dashboard --dashboard-name web --dashboard-body file://dashboard.json",
    )?;
    wait_passed(b, "dashboard-shows-cpu")?;
    run(
        b,
        &format!(
            "aws cloudwatch put-metric-alarm --alarm-name web-a-cpu-high --namespace AWS/EC2 --metric-name CPUUtilization --dimensions Name=InstanceId,Value={web_a} --statistic Average --period 60 --evaluation-periods 3 --threshold 70 --comparison-operator GreaterThanThreshold --alarm-actions {topic} --ok-actions {topic}"
        ),
    )?;
    wait_passed(b, "alarm-notifies")?;
    let dns = read_value(
        b,
        "aws elbv2 describe-load-balancers --names web-alb --query 'LoadBalancers[0].DNSName' --output text",
    )?;
    run(b, &format!("ab -n 600000 -c 100 http://{dns}/"))?;
    run(b, "sleep 120")?;
    wait_passed(b, "alarm-mailed")?;
    let mails = run(b, "mail")?;
    ensure(
        mails.contains("ALARM: \"web-a-cpu-high\" in Asia Pacific (Seoul)"),
        format!("the mailbox lists {mails}"),
    )?;
    if lang == Lang::En {
        console_page(b, "dashboards")?;
        b.wait_for("[data-testid=dashboard-widget] svg polyline", DEFAULT_WAIT)?;
        page_screenshots(b, "dashboards-panel", "chapter-15-dashboards", lang)?;
    }

    // Step 3: the billing alarm, in us-east-1.
    next_step(b, 15, "billing-alarm")?;
    let billing = format!("arn:aws:sns:us-east-1:{account}:billing-alerts");
    run(
        b,
        "aws sns create-topic --name billing-alerts --region us-east-1",
    )?;
    run(
        b,
        &format!(
            "aws sns subscribe --topic-arn {billing} --protocol email --notification-endpoint you@example.com --region us-east-1"
        ),
    )?;
    confirm_in_inbox(b)?;
    let alarm = |region: &str| {
        format!(
            "aws cloudwatch put-metric-alarm --region {region} --alarm-name billing-over-10 --namespace AWS/Billing --metric-name EstimatedCharges --dimensions Name=Currency,Value=USD --statistic Maximum --period 21600 --evaluation-periods 1 --threshold 10 --comparison-operator GreaterThanThreshold --alarm-actions {billing}"
        )
    };
    // In Seoul first: billing metrics exist only in us-east-1.
    run(b, &alarm("ap-northeast-2"))?;
    wait_failed_because(b, "billing-alarm-set", "us-east-1")?;
    run(
        b,
        "aws cloudwatch delete-alarms --alarm-names billing-over-10",
    )?;
    run(b, &alarm("us-east-1"))?;
    wait_passed(b, "billing-alarm-set")?;

    // Step 4: a hosted zone, an alias at the apex, a CNAME for www.
    next_step(b, 15, "domain-to-alb")?;
    let zone = read_value(
        b,
        "aws route53 create-hosted-zone --name my-cloudlab.com --caller-reference zone-1 --query HostedZone.Id --output text",
    )?;
    let lb_zone = read_value(
        b,
        "aws elbv2 describe-load-balancers --names web-alb --query 'LoadBalancers[0].CanonicalHostedZoneId' --output text",
    )?;
    let apex_cname = run(
        b,
        &format!(
            r#"aws route53 change-resource-record-sets --hosted-zone-id {zone} --change-batch '{{"Changes":[{{"Action":"CREATE","ResourceRecordSet":{{"Name":"my-cloudlab.com","Type":"CNAME","TTL":300,"ResourceRecords":[{{"Value":"{dns}"}}]}}}}]}}'"#
        ),
    )?;
    ensure(
        apex_cname.contains("is not permitted at apex"),
        format!("a CNAME at the apex answered {apex_cname}"),
    )?;
    let alias = format!(
        r#"{{"HostedZoneId":"{lb_zone}","DNSName":"dualstack.{dns}","EvaluateTargetHealth":false}}"#
    );
    write_file(
        b,
        "records.json",
        &[&format!(
            r#"{{"Changes":[{{"Action":"UPSERT","ResourceRecordSet":{{"Name":"my-cloudlab.com","Type":"A","AliasTarget":{alias}}}}},{{"Action":"UPSERT","ResourceRecordSet":{{"Name":"www.my-cloudlab.com","Type":"CNAME","TTL":300,"ResourceRecords":[{{"Value":"my-cloudlab.com"}}]}}}}]}}"#
        )],
    )?;
    run(
        b,
        &format!(
            "aws route53 change-resource-record-sets --hosted-zone-id {zone} --change-batch file://records.json"
        ),
    )?;
    let answer = run(b, "dig www.my-cloudlab.com")?;
    ensure(
        answer.contains("CNAME") && answer.contains("status: NOERROR"),
        format!("dig answered {answer}"),
    )?;
    let page = run(b, "curl -s http://www.my-cloudlab.com/")?;
    ensure(
        page.contains("Hello from web-"),
        format!("www answered {page}"),
    )?;
    wait_passed(b, "apex-to-alb")?;
    wait_passed(b, "www-cname")?;
    if lang == Lang::En {
        console_page(b, "hosted-zones")?;
        b.wait_for_text("[data-testid=records-table]", "CNAME", DEFAULT_WAIT)?;
        page_screenshots(b, "hosted-zones-panel", "chapter-15-hosted-zones", lang)?;
    }

    // Step 5: failover to the S3 website on a health check.
    next_step(b, 15, "failover")?;
    let check = read_value(
        b,
        &format!(
            "aws route53 create-health-check --caller-reference web-alb-check --health-check-config Type=HTTP,FullyQualifiedDomainName={dns},Port=80,ResourcePath=/,RequestInterval=30,FailureThreshold=3 --query HealthCheck.Id --output text"
        ),
    )?;
    write_file(
        b,
        "failover.json",
        &[&format!(
            r#"{{"Changes":[{{"Action":"DELETE","ResourceRecordSet":{{"Name":"my-cloudlab.com","Type":"A","AliasTarget":{alias}}}}},{{"Action":"CREATE","ResourceRecordSet":{{"Name":"my-cloudlab.com","Type":"A","SetIdentifier":"primary","Failover":"PRIMARY","HealthCheckId":"{check}","AliasTarget":{alias}}}}},{{"Action":"CREATE","ResourceRecordSet":{{"Name":"my-cloudlab.com","Type":"A","SetIdentifier":"secondary","Failover":"SECONDARY","AliasTarget":{{"HostedZoneId":"Z3W03O7B5YMIYP","DNSName":"s3-website.ap-northeast-2.amazonaws.com","EvaluateTargetHealth":false}}}}}}]}}"#
        )],
    )?;
    run(
        b,
        &format!(
            "aws route53 change-resource-record-sets --hosted-zone-id {zone} --change-batch file://failover.json"
        ),
    )?;
    wait_passed(b, "failover-records")?;
    wait_failed_because(b, "failed-over", "my-cloudlab.com")?;
    run(
        b,
        &format!("aws ec2 stop-instances --instance-ids {web_a} {web_b}"),
    )?;
    run(b, "sleep 180")?;
    let status = run(
        b,
        &format!(
            "aws route53 get-health-check-status --health-check-id {check} --query 'HealthCheckObservations[0].StatusReport.Status' --output text"
        ),
    )?;
    ensure(
        status.contains("Failure: HTTP Status Code 503"),
        format!("the health check reports {status}"),
    )?;
    let sorry = run(b, "curl -s http://my-cloudlab.com/")?;
    ensure(
        sorry.contains("right back"),
        format!("the apex answered {sorry}"),
    )?;
    wait_passed(b, "failed-over")?;
    if lang == Lang::En {
        console_page(b, "health-checks")?;
        b.wait_for_text(
            "[data-testid=health-checks-table]",
            "Unhealthy",
            DEFAULT_WAIT,
        )?;
        page_screenshots(b, "health-checks-panel", "chapter-15-health-checks", lang)?;
    }

    // Step 6: clean up.
    next_step(b, 15, "clean-up")?;
    write_file(
        b,
        "cleanup.json",
        &[&format!(
            r#"{{"Changes":[{{"Action":"DELETE","ResourceRecordSet":{{"Name":"my-cloudlab.com","Type":"A","SetIdentifier":"primary","Failover":"PRIMARY","HealthCheckId":"{check}","AliasTarget":{alias}}}}},{{"Action":"DELETE","ResourceRecordSet":{{"Name":"my-cloudlab.com","Type":"A","SetIdentifier":"secondary","Failover":"SECONDARY","AliasTarget":{{"HostedZoneId":"Z3W03O7B5YMIYP","DNSName":"s3-website.ap-northeast-2.amazonaws.com","EvaluateTargetHealth":false}}}}}},{{"Action":"DELETE","ResourceRecordSet":{{"Name":"www.my-cloudlab.com","Type":"CNAME","TTL":300,"ResourceRecords":[{{"Value":"my-cloudlab.com"}}]}}}}]}}"#
        )],
    )?;
    run(
        b,
        &format!(
            "aws route53 change-resource-record-sets --hosted-zone-id {zone} --change-batch file://cleanup.json"
        ),
    )?;
    run(b, &format!("aws route53 delete-hosted-zone --id {zone}"))?;
    run(
        b,
        &format!("aws route53 delete-health-check --health-check-id {check}"),
    )?;
    run(
        b,
        "aws cloudwatch delete-alarms --alarm-names web-a-cpu-high",
    )?;
    run(
        b,
        "aws cloudwatch delete-alarms --alarm-names billing-over-10 --region us-east-1",
    )?;
    run(b, "aws cloudwatch delete-dashboards --dashboard-names web")?;
    run(b, &format!("aws sns delete-topic --topic-arn {topic}"))?;
    run(
        b,
        &format!("aws sns delete-topic --topic-arn {billing} --region us-east-1"),
    )?;
    wait_passed(b, "nothing-left")?;

    finish_chapter(b, 15, lang)
}
