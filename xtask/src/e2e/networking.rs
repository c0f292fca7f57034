//! Chapter 9 (VPC networking) played start to finish like a learner, once in
//! English and once in Korean. Both build `lab-vpc` from the terminal, launch
//! the two tiers, trace paths in the console's network map (the internet to the
//! database is blocked by its route table, to the web server every hop passes),
//! try a network ACL deny numbered after the allow and then before it, and let
//! the database out through a NAT gateway. The English run moves time with the
//! fast-forward buttons and deletes the NAT gateway from the console; the Korean
//! run uses `sleep` and the terminal. Both keep screenshots of the diagram,
//! on a desktop in light mode and on a phone in dark mode.

use super::chapters::{
    Lang, answer_quiz, choose_language, console_page, next_step, open_chapter, pass_time,
    read_value, run, screenshot, wait_failed_because, wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 9 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_9_in_english",
        run: chapter_9_in_english,
    },
    Scenario {
        name: "chapter_9_in_korean",
        run: chapter_9_in_korean,
    },
];

fn chapter_9_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_9(b, site, Lang::En)
}

fn chapter_9_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_9(b, site, Lang::Ko)
}

/// `--tag-specifications` naming a `kind` resource `name`.
fn named(kind: &str, name: &str) -> String {
    format!("--tag-specifications 'ResourceType={kind},Tags=[{{Key=Name,Value={name}}}]'")
}

/// Traces a path in the network map: from the internet to the instance named
/// `to`, on `port`. Returns whether it was reachable.
fn trace_to(b: &mut Browser, to: &str, port: u16) -> Result<bool, E2eError> {
    console_page(b, "network-map")?;
    b.wait_for("[data-testid=reachability-form]", DEFAULT_WAIT)?;
    b.execute(
        "var select = document.querySelector('[data-testid=path-destination]');\
         var option = Array.from(select.options).find(o => o.textContent.includes('(' + arguments[0] + ')'));\
         select.value = option.value;\
         select.dispatchEvent(new Event('change'));",
        vec![serde_json::json!(to)],
    )?;
    let port_input = b.find("[data-testid=path-port]")?;
    b.clear(&port_input)?;
    b.send_keys(&port_input, &port.to_string())?;
    b.click_on("[data-testid=path-trace]")?;
    let result = b.wait_for("[data-testid=reachability-result]", DEFAULT_WAIT)?;
    Ok(b.attribute(&result, "data-reachable")?.as_deref() == Some("true"))
}

/// Keeps screenshots of the diagram on a desktop and on a phone, each in light
/// and dark mode.
fn diagram_screenshots(b: &mut Browser, name: &str, lang: Lang) -> Result<(), E2eError> {
    let centre = "document.querySelector('[data-testid=network-diagram-figure]').scrollIntoView({block: 'center'});";
    let dark = |b: &mut Browser, on: bool| {
        let change = if on { "add" } else { "remove" };
        b.execute(
            &format!("document.documentElement.classList.{change}('dark');"),
            vec![],
        )
        .map(|_| ())
    };
    b.execute(centre, vec![])?;
    screenshot(b, name, lang)?;
    dark(b, true)?;
    b.execute(centre, vec![])?;
    screenshot(b, &format!("{name}-dark"), lang)?;
    b.set_viewport(390, 844, true)?;
    b.execute(centre, vec![])?;
    screenshot(b, &format!("{name}-phone-dark"), lang)?;
    dark(b, false)?;
    b.execute(centre, vec![])?;
    screenshot(b, &format!("{name}-phone"), lang)?;
    b.cdp(
        "Emulation.clearDeviceMetricsOverride",
        serde_json::json!({}),
    )?;
    Ok(())
}

fn play_chapter_9(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 9)?;

    // A VPC and four subnets in two zones.
    let too_big = run(b, "aws ec2 create-vpc --cidr-block 10.0.0.0/8")?;
    ensure(
        too_big.contains("InvalidVpc.Range"),
        format!("a /8 VPC answered {too_big}"),
    )?;
    let vpc = read_value(
        b,
        &format!(
            "aws ec2 create-vpc --cidr-block 10.0.0.0/16 {} --query Vpc.VpcId --output text",
            named("vpc", "lab-vpc")
        ),
    )?;
    let subnet = |b: &mut Browser, name: &str, cidr: &str, zone: &str| {
        read_value(
            b,
            &format!(
                "aws ec2 create-subnet --vpc-id {vpc} --cidr-block {cidr} --availability-zone {zone} {} --query Subnet.SubnetId --output text",
                named("subnet", name)
            ),
        )
    };
    let public_a = subnet(b, "public-a", "10.0.1.0/24", "ap-northeast-2a")?;
    let public_c = subnet(b, "public-c", "10.0.2.0/24", "ap-northeast-2c")?;
    let private_a = subnet(b, "private-a", "10.0.11.0/24", "ap-northeast-2a")?;
    let private_c = subnet(b, "private-c", "10.0.12.0/24", "ap-northeast-2c")?;
    let overlap = run(
        b,
        &format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.128/25"),
    )?;
    ensure(
        overlap.contains("InvalidSubnet.Conflict"),
        format!("an overlapping subnet answered {overlap}"),
    )?;
    wait_passed(b, "lab-vpc-subnets")?;

    // The internet gateway and a public route table.
    next_step(b, 9, "gateway-and-routes")?;
    let igw = read_value(
        b,
        &format!(
            "aws ec2 create-internet-gateway {} --query InternetGateway.InternetGatewayId --output text",
            named("internet-gateway", "lab-igw")
        ),
    )?;
    let public_rt = read_value(
        b,
        &format!(
            "aws ec2 create-route-table --vpc-id {vpc} --query RouteTable.RouteTableId --output text"
        ),
    )?;
    let detached = run(
        b,
        &format!(
            "aws ec2 create-route --route-table-id {public_rt} --destination-cidr-block 0.0.0.0/0 --gateway-id {igw}"
        ),
    )?;
    ensure(
        detached.contains("belong to different networks"),
        format!("a route to a detached gateway answered {detached}"),
    )?;
    run(
        b,
        &format!("aws ec2 attach-internet-gateway --internet-gateway-id {igw} --vpc-id {vpc}"),
    )?;
    run(
        b,
        &format!(
            "aws ec2 create-route --route-table-id {public_rt} --destination-cidr-block 0.0.0.0/0 --gateway-id {igw}"
        ),
    )?;
    for s in [&public_a, &public_c] {
        run(
            b,
            &format!("aws ec2 associate-route-table --route-table-id {public_rt} --subnet-id {s}"),
        )?;
    }
    wait_passed(b, "public-and-private")?;

    // Two tiers.
    next_step(b, 9, "two-tiers")?;
    let web_sg = read_value(
        b,
        &format!(
            "aws ec2 create-security-group --group-name web-sg --description \"Web tier\" --vpc-id {vpc} --query GroupId --output text"
        ),
    )?;
    let db_sg = read_value(
        b,
        &format!(
            "aws ec2 create-security-group --group-name db-sg --description \"Database tier\" --vpc-id {vpc} --query GroupId --output text"
        ),
    )?;
    run(
        b,
        &format!(
            "aws ec2 authorize-security-group-ingress --group-id {web_sg} --protocol tcp --port 80 --cidr 0.0.0.0/0"
        ),
    )?;
    run(
        b,
        &format!(
            "aws ec2 authorize-security-group-ingress --group-id {db_sg} --protocol tcp --port 3306 --source-group {web_sg}"
        ),
    )?;
    let ami = read_value(
        b,
        "aws ec2 describe-images --owners amazon --filters Name=name,Values=al2023-ami-2023*-x86_64 --query \"Images[0].ImageId\" --output text",
    )?;
    run(
        b,
        &format!(
            "aws ec2 run-instances --image-id {ami} --instance-type t3.micro --subnet-id {public_a} --associate-public-ip-address --security-group-ids {web_sg} --user-data \"dnf install -y httpd && echo '<h1>Hello from lab-vpc</h1>' > /var/www/html/index.html && systemctl enable --now httpd\" {}",
            named("instance", "web")
        ),
    )?;
    run(
        b,
        &format!(
            "aws ec2 run-instances --image-id {ami} --instance-type t3.micro --subnet-id {private_a} --security-group-ids {db_sg} {}",
            named("instance", "db")
        ),
    )?;
    pass_time(b, lang, 60)?;
    wait_passed(b, "web-reachable")?;
    wait_passed(b, "db-private")?;
    wait_passed(b, "web-reaches-db")?;
    let web_ip = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query \"Reservations[0].Instances[0].PublicIpAddress\" --output text",
    )?;
    let page = run(b, &format!("curl -s http://{web_ip}"))?;
    ensure(
        page.contains("Hello from lab-vpc"),
        format!("web answered {page}"),
    )?;
    // The network map: the database is out of the internet's reach, and says why.
    ensure(!trace_to(b, "db", 3306)?, "the internet reached db on 3306")?;
    let why = b.text_of("[data-testid=reachability-result]")?;
    ensure(
        why.contains(lang.pick("no route for", "경로가 없어요")),
        format!("the trace to db says {why}"),
    )?;
    b.wait_for(
        "[data-testid=network-diagram] [data-subnet][data-mark=blocked]",
        DEFAULT_WAIT,
    )?;
    diagram_screenshots(b, "chapter-9-diagram-blocked", lang)?;
    ensure(
        trace_to(b, "web", 80)?,
        "the internet did not reach web on 80",
    )?;
    let marked = b
        .find_all("[data-testid=network-diagram] [data-mark=path]")?
        .len();
    ensure(
        marked >= 3,
        format!("the path to web highlights {marked} things"),
    )?;
    diagram_screenshots(b, "chapter-9-diagram", lang)?;

    // A deny after the allow never matches; before it, it does.
    next_step(b, 9, "network-acl")?;
    let acl = read_value(
        b,
        &format!(
            "aws ec2 describe-network-acls --filters Name=vpc-id,Values={vpc} Name=default,Values=true --query \"NetworkAcls[0].NetworkAclId\" --output text"
        ),
    )?;
    run(
        b,
        &format!(
            "aws ec2 create-network-acl-entry --network-acl-id {acl} --ingress --rule-number 200 --protocol -1 --cidr-block 198.51.100.7/32 --rule-action deny"
        ),
    )?;
    wait_failed_because(
        b,
        "acl-deny-first",
        lang.pick("allows it first", "먼저 허용해요"),
    )?;
    run(
        b,
        &format!(
            "aws ec2 delete-network-acl-entry --network-acl-id {acl} --ingress --rule-number 200"
        ),
    )?;
    run(
        b,
        &format!(
            "aws ec2 create-network-acl-entry --network-acl-id {acl} --ingress --rule-number 90 --protocol -1 --cidr-block 198.51.100.7/32 --rule-action deny"
        ),
    )?;
    wait_passed(b, "acl-deny-first")?;

    // A NAT gateway for the private tier.
    next_step(b, 9, "nat-gateway")?;
    let allocation = read_value(
        b,
        "aws ec2 describe-addresses --query \"Addresses[0].AllocationId\" --output text",
    )?;
    let nat = read_value(
        b,
        &format!(
            "aws ec2 create-nat-gateway --subnet-id {public_a} --allocation-id {allocation} {} --query NatGateway.NatGatewayId --output text",
            named("natgateway", "lab-nat")
        ),
    )?;
    let private_rt = read_value(
        b,
        &format!(
            "aws ec2 create-route-table --vpc-id {vpc} --query RouteTable.RouteTableId --output text"
        ),
    )?;
    run(
        b,
        &format!(
            "aws ec2 create-route --route-table-id {private_rt} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id {nat}"
        ),
    )?;
    for s in [&private_a, &private_c] {
        run(
            b,
            &format!("aws ec2 associate-route-table --route-table-id {private_rt} --subnet-id {s}"),
        )?;
    }
    wait_failed_because(b, "db-gets-out", "pending")?;
    pass_time(b, lang, 120)?;
    wait_passed(b, "db-gets-out")?;
    console_page(b, "network-map")?;
    b.wait_for(
        &format!("[data-testid=network-diagram] [data-node={nat}]"),
        DEFAULT_WAIT,
    )?;
    if lang == Lang::En {
        diagram_screenshots(b, "chapter-9-diagram-nat", lang)?;
    }

    // Clean up what bills.
    next_step(b, 9, "clean-up")?;
    if lang == Lang::En {
        console_page(b, "vpcs")?;
        b.click_on("[data-testid=nat-gateways-table] button[data-action=delete]")?;
        b.wait_for(
            &format!(
                "[data-testid=nat-gateways-table] tr[data-nat-gateway={nat}][data-state=deleting]"
            ),
            DEFAULT_WAIT,
        )?;
    } else {
        run(
            b,
            &format!("aws ec2 delete-nat-gateway --nat-gateway-id {nat}"),
        )?;
    }
    let ids = read_value(
        b,
        "aws ec2 describe-instances --filters Name=instance-state-name,Values=running --query \"Reservations[].Instances[].InstanceId\" --output text",
    )?;
    run(
        b,
        &format!(
            "aws ec2 terminate-instances --instance-ids {}",
            ids.replace('\t', " ")
        ),
    )?;
    let held = run(
        b,
        &format!("aws ec2 release-address --allocation-id {allocation}"),
    )?;
    ensure(
        held.contains("InvalidIPAddress.InUse") || held.contains("in use"),
        format!("releasing the NAT gateway's address answered {held}"),
    )?;
    pass_time(b, lang, 120)?;
    run(
        b,
        &format!("aws ec2 release-address --allocation-id {allocation}"),
    )?;
    wait_passed(b, "nothing-billed")?;

    answer_quiz(b, 9, lang)?;
    b.refresh()?;
    b.go_to_hash("#/")?;
    b.wait_for_text(
        r#"a[data-chapter="9"] [data-testid=chapter-progress]"#,
        lang.pick("Done", "완료"),
        DEFAULT_WAIT,
    )
    .map(|_| ())
}
