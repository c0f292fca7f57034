//! Chapter 6 (instance lifecycle and pricing) played start to finish like a learner,
//! once in English and once in Korean. The English run stops and hibernates from
//! the console's buttons and the clock's fast-forward; the Korean run does the same
//! in the terminal with `aws ec2 wait`. Both log in over SSH to start the web server
//! by hand, see it survive hibernation, meet stop protection's refusals, price a
//! month (a first answer that forgets the addresses is refused with its reason),
//! clean up until nothing bills, and answer the quiz.

use super::chapters::{
    Lang, answer_quiz, choose_language, next_step, open_chapter, read_value, run, screenshot,
    wait_failed_because, wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 6 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_6_in_english",
        run: chapter_6_in_english,
    },
    Scenario {
        name: "chapter_6_in_korean",
        run: chapter_6_in_korean,
    },
];

fn chapter_6_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_6(b, site, Lang::En)
}

fn chapter_6_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_6(b, site, Lang::Ko)
}

/// Clicks an action button of the instance on the console's Instances page.
fn instance_action(b: &mut Browser, action: &str) -> Result<(), E2eError> {
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-instances]")?;
    b.click_on(&format!(
        "[data-testid=instances-panel] button[data-action={action}]"
    ))
}

/// Waits until the console lists the instance in `state`.
fn wait_state(b: &mut Browser, state: &str) -> Result<(), E2eError> {
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-instances]")?;
    b.wait_for(
        &format!(r#"[data-testid=instances-panel] tr[data-instance][data-state="{state}"]"#),
        DEFAULT_WAIT,
    )
    .map(|_| ())
}

/// Fast-forwards the lab clock a minute.
fn fast_forward(b: &mut Browser) -> Result<(), E2eError> {
    b.click_on("[data-testid=fast-forward-60]")
}

fn play_chapter_6(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 6)?;

    // Stop, start and reboot.
    let id = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query \"Reservations[].Instances[].InstanceId\" --output text",
    )?;
    let address = |b: &mut Browser| {
        read_value(
            b,
            &format!(
                "aws ec2 describe-instances --instance-ids {id} --query \"Reservations[0].Instances[0].PublicIpAddress\" --output text"
            ),
        )
    };
    let before = address(b)?;
    run(b, &format!("aws ec2 reboot-instances --instance-ids {id}"))?;
    wait_passed(b, "rebooted")?;
    ensure(
        address(b)? == before,
        "the reboot changed the public address",
    )?;
    if lang == Lang::En {
        instance_action(b, "stop")?;
        wait_state(b, "stopping")?;
        fast_forward(b)?;
        wait_state(b, "stopped")?;
        // Stopped: the meter keeps only the volume.
        let meter = b.wait_for("[data-testid=cost-meter]", DEFAULT_WAIT)?;
        let shown = b.text(&meter)?;
        ensure(
            !shown.contains("t3.micro"),
            format!("a stopped instance is billed: {shown}"),
        )?;
        screenshot(b, "chapter-6-stopped-meter", lang)?;
        instance_action(b, "start")?;
        fast_forward(b)?;
        wait_state(b, "running")?;
    } else {
        run(b, &format!("aws ec2 stop-instances --instance-ids {id}"))?;
        run(
            b,
            &format!("aws ec2 wait instance-stopped --instance-ids {id}"),
        )?;
        run(b, &format!("aws ec2 start-instances --instance-ids {id}"))?;
        run(
            b,
            &format!("aws ec2 wait instance-running --instance-ids {id}"),
        )?;
    }
    wait_passed(b, "stopped-and-started")?;
    let after = address(b)?;
    ensure(
        after != before,
        "a stop and start kept the automatic address",
    )?;
    let gone = run(b, &format!("curl -s -m 5 http://{after}"))?;
    ensure(
        !gone.contains("Hello from web"),
        format!("the page survived a stop: {gone}"),
    )?;

    // Hibernate: the hand-started web server survives.
    next_step(b, 6, "hibernate")?;
    run(b, &format!("ssh -i web-key.pem ec2-user@{after}"))?;
    run(b, "yes")?;
    run(b, "sudo systemctl start httpd")?;
    run(b, "exit")?;
    if lang == Lang::En {
        instance_action(b, "hibernate")?;
        wait_state(b, "stopping")?;
        fast_forward(b)?;
        wait_state(b, "stopped")?;
        instance_action(b, "start")?;
        fast_forward(b)?;
        wait_state(b, "running")?;
    } else {
        run(
            b,
            &format!("aws ec2 stop-instances --instance-ids {id} --hibernate"),
        )?;
        let reason = read_value(
            b,
            &format!(
                "aws ec2 describe-instances --instance-ids {id} --query \"Reservations[0].Instances[0].StateReason.Code\" --output text"
            ),
        )?;
        ensure(
            reason == "Client.UserInitiatedHibernate",
            format!("state reason {reason}"),
        )?;
        run(
            b,
            &format!("aws ec2 wait instance-stopped --instance-ids {id}"),
        )?;
        run(b, &format!("aws ec2 start-instances --instance-ids {id}"))?;
        run(
            b,
            &format!("aws ec2 wait instance-running --instance-ids {id}"),
        )?;
    }
    wait_passed(b, "hibernated-and-resumed")?;
    let resumed = address(b)?;
    let page = run(b, &format!("curl -s http://{resumed}"))?;
    ensure(
        page.contains("Hello from web"),
        format!("the page did not survive hibernation: {page}"),
    )?;

    // Stop protection refuses a stop and a termination.
    next_step(b, 6, "protection")?;
    run(
        b,
        &format!("aws ec2 modify-instance-attribute --instance-id {id} --disable-api-stop"),
    )?;
    wait_passed(b, "stop-protection-on")?;
    let refused = run(b, &format!("aws ec2 stop-instances --instance-ids {id}"))?;
    ensure(
        refused.contains("OperationNotPermitted"),
        format!("stop answered {refused}"),
    )?;
    wait_passed(b, "stop-refused")?;
    run(
        b,
        &format!("aws ec2 terminate-instances --instance-ids {id}"),
    )?;
    wait_passed(b, "terminate-refused")?;

    // Price a month: a first answer without the addresses is too low.
    next_step(b, 6, "pricing")?;
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-pricing]")?;
    b.wait_for_text(
        r#"[data-testid=pricing-table] tr[data-price="t3.micro On-Demand"]"#,
        "$9.49",
        DEFAULT_WAIT,
    )?;
    screenshot(b, "chapter-6-pricing", lang)?;
    run(b, "echo 41.61 > monthly-cost.txt")?;
    wait_failed_because(b, "monthly-cost", lang.pick("too low", "너무 낮아요"))?;
    run(b, "echo '$48.91' > monthly-cost.txt")?;
    wait_passed(b, "monthly-cost")?;

    // Clean up until nothing bills.
    next_step(b, 6, "clean-up")?;
    run(
        b,
        &format!("aws ec2 modify-instance-attribute --instance-id {id} --no-disable-api-stop"),
    )?;
    run(
        b,
        &format!("aws ec2 terminate-instances --instance-ids {id}"),
    )?;
    run(
        b,
        &format!("aws ec2 wait instance-terminated --instance-ids {id}"),
    )?;
    wait_passed(b, "web-terminated")?;
    wait_passed(b, "whole-lifecycle")?;
    wait_passed(b, "nothing-billed")?;
    screenshot(b, "chapter-6-clean-up", lang)?;

    answer_quiz(b, 6, lang)?;

    // Progress survives a reload.
    b.refresh()?;
    b.go_to_hash("#/")?;
    b.wait_for_text(
        r#"a[data-chapter="6"] [data-testid=chapter-progress]"#,
        lang.pick("Done", "완료"),
        DEFAULT_WAIT,
    )
    .map(|_| ())
}
