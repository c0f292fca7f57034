//! Chapter 8 (scaling) played start to finish like a learner, once in English and
//! once in Korean. Both resize `web` from the terminal, build the load balancer,
//! the launch template and the Auto Scaling group, run `ab` through the load
//! balancer, and kill an instance. The English run moves time with the clock's
//! fast-forward buttons and cleans up from the console's Auto Scaling and Load
//! balancers pages; the Korean run uses `sleep` and the terminal. Both look at
//! the scale-out and scale-in chart and keep a screenshot of it.

use super::chapters::{
    Lang, answer_quiz, choose_language, console_page, next_step, open_chapter, pass_time,
    read_value, run, screenshot, wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 8 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_8_in_english",
        run: chapter_8_in_english,
    },
    Scenario {
        name: "chapter_8_in_korean",
        run: chapter_8_in_korean,
    },
];

/// The web servers' user data, base64 (installs httpd and writes a page naming the host).
const USER_DATA: &str = "IyEvYmluL2Jhc2gKZG5mIGluc3RhbGwgLXkgaHR0cGQKc3lzdGVtY3RsIGVuYWJsZSAtLW5vdyBodHRwZAplY2hvICI8aDE+SGVsbG8gZnJvbSAkKGhvc3RuYW1lKTwvaDE+IiA+IC92YXIvd3d3L2h0bWwvaW5kZXguaHRtbAo=";

fn chapter_8_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_8(b, site, Lang::En)
}

fn chapter_8_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_8(b, site, Lang::Ko)
}

fn play_chapter_8(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 8)?;

    // Scale up: stop, bigger type, start; the Elastic IP keeps the address.
    let id = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query \"Reservations[].Instances[].InstanceId\" --output text",
    )?;
    let refused = run(
        b,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {id} --instance-type Value=t3.small"
        ),
    )?;
    ensure(
        refused.contains("IncorrectInstanceState"),
        format!("resizing a running instance answered {refused}"),
    )?;
    run(b, &format!("aws ec2 stop-instances --instance-ids {id}"))?;
    run(
        b,
        &format!("aws ec2 wait instance-stopped --instance-ids {id}"),
    )?;
    run(
        b,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {id} --instance-type Value=t3.small"
        ),
    )?;
    run(b, &format!("aws ec2 start-instances --instance-ids {id}"))?;
    run(
        b,
        &format!("aws ec2 wait instance-running --instance-ids {id}"),
    )?;
    wait_passed(b, "web-is-t3-small")?;
    wait_passed(b, "web-restarted")?;
    let eip = read_value(
        b,
        "aws ec2 describe-addresses --query \"Addresses[0].PublicIp\" --output text",
    )?;
    let page = run(b, &format!("curl -s http://{eip}"))?;
    ensure(
        page.contains("Hello from web"),
        format!("the Elastic IP answered {page}"),
    )?;

    // The load balancer.
    next_step(b, 8, "load-balancer")?;
    let vpc = read_value(
        b,
        "aws ec2 describe-vpcs --query \"Vpcs[0].VpcId\" --output text",
    )?;
    let subnet = |b: &mut Browser, zone: &str| {
        read_value(
            b,
            &format!(
                "aws ec2 describe-subnets --filters Name=availability-zone,Values={zone} --query \"Subnets[0].SubnetId\" --output text"
            ),
        )
    };
    let (subnet_a, subnet_c) = (subnet(b, "ap-northeast-2a")?, subnet(b, "ap-northeast-2c")?);
    let alb_sg = read_value(
        b,
        "aws ec2 create-security-group --group-name alb-sg --description \"Load balancer\" --query GroupId --output text",
    )?;
    run(
        b,
        "aws ec2 authorize-security-group-ingress --group-name alb-sg --protocol tcp --port 80 --cidr 0.0.0.0/0",
    )?;
    let web_sg = read_value(
        b,
        "aws ec2 create-security-group --group-name web-tier-sg --description \"Web servers\" --query GroupId --output text",
    )?;
    run(
        b,
        &format!(
            "aws ec2 authorize-security-group-ingress --group-name web-tier-sg --protocol tcp --port 80 --source-group {alb_sg}"
        ),
    )?;
    let tg = read_value(
        b,
        &format!(
            "aws elbv2 create-target-group --name web-tg --protocol HTTP --port 80 --vpc-id {vpc} --health-check-interval-seconds 10 --healthy-threshold-count 2 --query \"TargetGroups[0].TargetGroupArn\" --output text"
        ),
    )?;
    let one_zone = run(
        b,
        &format!(
            "aws elbv2 create-load-balancer --name web-alb --subnets {subnet_a} --security-groups {alb_sg}"
        ),
    )?;
    ensure(
        one_zone.contains("At least two subnets in two different Availability Zones"),
        format!("one subnet answered {one_zone}"),
    )?;
    let lb = read_value(
        b,
        &format!(
            "aws elbv2 create-load-balancer --name web-alb --subnets {subnet_a} {subnet_c} --security-groups {alb_sg} --query \"LoadBalancers[0].LoadBalancerArn\" --output text"
        ),
    )?;
    run(
        b,
        &format!(
            "aws elbv2 create-listener --load-balancer-arn {lb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"
        ),
    )?;
    pass_time(b, lang, 180)?;
    wait_passed(b, "alb-ready")?;
    let dns = read_value(
        b,
        "aws elbv2 describe-load-balancers --query \"LoadBalancers[0].DNSName\" --output text",
    )?;
    let empty = run(b, &format!("curl -s http://{dns}/"))?;
    ensure(
        empty.contains("503"),
        format!("a load balancer without targets answered {empty}"),
    )?;

    // The group behind it.
    next_step(b, 8, "auto-scaling")?;
    let ami = read_value(
        b,
        "aws ec2 describe-images --owners amazon --filters Name=name,Values=al2023-ami-2023*-x86_64 --query \"Images[0].ImageId\" --output text",
    )?;
    run(
        b,
        &format!(
            "aws ec2 create-launch-template --launch-template-name web --launch-template-data '{{\"ImageId\":\"{ami}\",\"InstanceType\":\"t3.micro\",\"SecurityGroupIds\":[\"{web_sg}\"],\"Monitoring\":{{\"Enabled\":true}},\"UserData\":\"{USER_DATA}\"}}'"
        ),
    )?;
    run(
        b,
        &format!(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web-asg --launch-template LaunchTemplateName=web --min-size 2 --max-size 4 --vpc-zone-identifier \"{subnet_a},{subnet_c}\" --target-group-arns {tg} --health-check-type ELB --health-check-grace-period 120"
        ),
    )?;
    run(
        b,
        "aws autoscaling put-scaling-policy --auto-scaling-group-name web-asg --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ASGAverageCPUUtilization\"},\"TargetValue\":50}'",
    )?;
    wait_passed(b, "group-configured")?;
    pass_time(b, lang, 120)?;
    wait_passed(b, "alb-serves-two-zones")?;
    let first = run(b, &format!("curl -s http://{dns}/"))?;
    let second = run(b, &format!("curl -s http://{dns}/"))?;
    ensure(
        first.contains("Hello from ip-") && second.contains("Hello from ip-") && first != second,
        format!("round robin answered {first:?} then {second:?}"),
    )?;

    // Load: out, then back in.
    next_step(b, 8, "load-test")?;
    let report = run(b, &format!("ab -n 2000000 -c 200 http://{dns}/"))?;
    ensure(
        report.contains("Complete requests:      2000000"),
        format!("ab printed {report}"),
    )?;
    let grown = read_value(
        b,
        "aws autoscaling describe-auto-scaling-groups --query \"AutoScalingGroups[0].DesiredCapacity\" --output text",
    )?;
    ensure(grown == "4", format!("the group grew to {grown}"))?;
    pass_time(b, lang, 1200)?;
    wait_passed(b, "scaled-out-and-in")?;
    console_page(b, "auto-scaling")?;
    b.wait_for(
        "[data-testid=scaling-chart] svg polyline[data-series=in-service]",
        DEFAULT_WAIT,
    )?;
    let summary = b.wait_for("[data-testid=scaling-chart-summary]", DEFAULT_WAIT)?;
    let summary = b.text(&summary)?;
    ensure(
        summary.contains(lang.pick("size 4 at most", "최대 4대")),
        format!("the chart says {summary}"),
    )?;
    b.execute(
        "document.querySelector('[data-testid=scaling-chart]').scrollIntoView({block: 'center'});",
        vec![],
    )?;
    screenshot(b, "chapter-8-scaling-chart", lang)?;
    // The same chart at phone width, in dark mode.
    b.execute("document.documentElement.classList.add('dark');", vec![])?;
    b.set_viewport(390, 844, true)?;
    b.execute(
        "document.querySelector('[data-testid=scaling-chart]').scrollIntoView({block: 'center'});",
        vec![],
    )?;
    screenshot(b, "chapter-8-scaling-chart-phone-dark", lang)?;
    b.cdp(
        "Emulation.clearDeviceMetricsOverride",
        serde_json::json!({}),
    )?;
    b.execute("document.documentElement.classList.remove('dark');", vec![])?;

    // Kill an instance: it is replaced.
    next_step(b, 8, "self-healing")?;
    let victim = read_value(
        b,
        "aws autoscaling describe-auto-scaling-instances --query \"AutoScalingInstances[0].InstanceId\" --output text",
    )?;
    run(
        b,
        &format!("aws ec2 terminate-instances --instance-ids {victim}"),
    )?;
    pass_time(b, lang, 120)?;
    wait_passed(b, "instance-replaced")?;

    // Clean up.
    next_step(b, 8, "clean-up")?;
    if lang == Lang::En {
        console_page(b, "auto-scaling")?;
        b.click_on("[data-testid=auto-scaling-panel] button[data-action=delete]")?;
        console_page(b, "load-balancers")?;
        b.wait_for(
            "[data-testid=load-balancers-table] tr[data-load-balancer=web-alb]",
            DEFAULT_WAIT,
        )?;
        screenshot(b, "chapter-8-load-balancers", lang)?;
        b.click_on("[data-testid=load-balancers-panel] button[data-action=delete]")?;
    } else {
        run(
            b,
            "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web-asg --force-delete",
        )?;
        run(
            b,
            &format!("aws elbv2 delete-load-balancer --load-balancer-arn {lb}"),
        )?;
    }
    run(
        b,
        &format!("aws elbv2 delete-target-group --target-group-arn {tg}"),
    )?;
    run(
        b,
        &format!("aws ec2 terminate-instances --instance-ids {id}"),
    )?;
    pass_time(b, lang, 120)?;
    let allocation = read_value(
        b,
        "aws ec2 describe-addresses --query \"Addresses[0].AllocationId\" --output text",
    )?;
    run(
        b,
        &format!("aws ec2 release-address --allocation-id {allocation}"),
    )?;
    wait_passed(b, "nothing-billed")?;

    answer_quiz(b, 8, lang)?;
    b.refresh()?;
    b.go_to_hash("#/")?;
    b.wait_for_text(
        r#"a[data-chapter="8"] [data-testid=chapter-progress]"#,
        lang.pick("Done", "완료"),
        DEFAULT_WAIT,
    )
    .map(|_| ())
}
