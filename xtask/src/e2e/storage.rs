//! Chapter 7 (AMIs and EBS) played start to finish like a learner, in English
//! and in Korean. The English run makes the image and the volume in the console
//! (a volume in the wrong zone first, refused with its reason); the Korean run
//! does everything in the terminal. Both launch copies here and in us-east-1,
//! format and mount the volume over SSH, snapshot and restore it, clean up in
//! both regions until nothing bills, and answer the quiz.

use super::chapters::{
    Lang, answer_quiz, choose_language, next_step, open_chapter, read_value, run, screenshot,
    wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 7 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_7_in_english",
        run: chapter_7_in_english,
    },
    Scenario {
        name: "chapter_7_in_korean",
        run: chapter_7_in_korean,
    },
];

fn chapter_7_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_7(b, site, Lang::En)
}

fn chapter_7_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_7(b, site, Lang::Ko)
}

/// Opens a console page.
fn console_page(b: &mut Browser, page: &str) -> Result<(), E2eError> {
    b.click_on("[data-testid=tab-console]")?;
    b.click_on(&format!("[data-testid=console-{page}]"))
}

/// Picks `value` in a `<select>` as a learner does.
fn choose(b: &mut Browser, select: &str, value: &str) -> Result<(), E2eError> {
    b.execute(
        "var s = document.querySelector(arguments[0]); s.value = arguments[1];\
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![select.into(), value.into()],
    )?;
    Ok(())
}

fn play_chapter_7(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 7)?;

    // An image of web.
    let web = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query \"Reservations[].Instances[].InstanceId\" --output text",
    )?;
    if lang == Lang::En {
        console_page(b, "images")?;
        b.click_on("[data-testid=create-image]")?;
        b.wait_for_text("[data-testid=images-table]", "pending", DEFAULT_WAIT)?;
        b.click_on("[data-testid=fast-forward-60]")?;
        b.click_on("[data-testid=fast-forward-60]")?;
        b.wait_for(
            r#"[data-testid=images-table] tr[data-state="available"]"#,
            DEFAULT_WAIT,
        )?;
        screenshot(b, "chapter-7-images", lang)?;
    } else {
        run(
            b,
            &format!("aws ec2 create-image --instance-id {web} --name web-v1"),
        )?;
    }
    let image = read_value(
        b,
        "aws ec2 describe-images --owners self --filters Name=name,Values=web-v1 --query \"Images[0].ImageId\" --output text",
    )?;
    run(
        b,
        &format!("aws ec2 wait image-available --image-ids {image}"),
    )?;
    wait_passed(b, "image-available")?;

    // A copy here, and one in N. Virginia.
    next_step(b, 7, "launch-copy")?;
    let copy = read_value(
        b,
        &format!(
            "aws ec2 run-instances --image-id {image} --instance-type t3.micro --key-name web-key --security-groups web-sg --tag-specifications \"ResourceType=instance,Tags=[{{Key=Name,Value=web-copy}}]\" --query \"Instances[0].InstanceId\" --output text"
        ),
    )?;
    run(
        b,
        &format!("aws ec2 wait instance-running --instance-ids {copy}"),
    )?;
    let address = read_value(
        b,
        &format!(
            "aws ec2 describe-instances --instance-ids {copy} --query \"Reservations[0].Instances[0].PublicIpAddress\" --output text"
        ),
    )?;
    let page = run(b, &format!("curl -s http://{address}"))?;
    ensure(
        page.contains("Hello from web"),
        format!("the copy served {page:?}"),
    )?;
    wait_passed(b, "copy-from-image")?;
    wait_passed(b, "copy-serves-page")?;
    let far_image = read_value(
        b,
        &format!(
            "aws ec2 copy-image --region us-east-1 --source-region ap-northeast-2 --source-image-id {image} --name web-v1 --query ImageId --output text"
        ),
    )?;
    run(
        b,
        &format!("aws ec2 wait image-available --region us-east-1 --image-ids {far_image}"),
    )?;
    run(
        b,
        "aws ec2 create-security-group --region us-east-1 --group-name web-sg --description web",
    )?;
    run(
        b,
        "aws ec2 authorize-security-group-ingress --region us-east-1 --group-name web-sg --protocol tcp --port 80 --cidr 0.0.0.0/0",
    )?;
    let far = read_value(
        b,
        &format!(
            "aws ec2 run-instances --region us-east-1 --image-id {far_image} --instance-type t3.micro --security-groups web-sg --query \"Instances[0].InstanceId\" --output text"
        ),
    )?;
    run(
        b,
        &format!("aws ec2 wait instance-running --region us-east-1 --instance-ids {far}"),
    )?;
    let far_address = read_value(
        b,
        &format!(
            "aws ec2 describe-instances --region us-east-1 --instance-ids {far} --query \"Reservations[0].Instances[0].PublicIpAddress\" --output text"
        ),
    )?;
    let page = run(b, &format!("curl -s http://{far_address}"))?;
    ensure(
        page.contains("Hello from web"),
        format!("the us-east-1 copy served {page:?}"),
    )?;
    wait_passed(b, "virginia-serves-page")?;

    // A data volume in web's zone, formatted and mounted.
    next_step(b, 7, "volume")?;
    let zone = read_value(
        b,
        &format!(
            "aws ec2 describe-instances --instance-ids {web} --query \"Reservations[0].Instances[0].Placement.AvailabilityZone\" --output text"
        ),
    )?;
    if lang == Lang::En {
        console_page(b, "volumes")?;
        choose(b, "select[name=volume-zone]", "ap-northeast-2c")?;
        b.click_on("[data-testid=create-volume]")?;
        b.click_on("[data-testid=fast-forward-60]")?;
        choose(b, "select[name=attach-instance]", &web)?;
        b.click_on("[data-testid=attach-volume]")?;
        b.wait_for_text(
            "[data-testid=console-error]",
            "InvalidVolume.ZoneMismatch",
            DEFAULT_WAIT,
        )?;
        screenshot(b, "chapter-7-zone-mismatch", lang)?;
        choose(b, "select[name=volume-zone]", &zone)?;
        b.click_on("[data-testid=create-volume]")?;
        b.click_on("[data-testid=fast-forward-60]")?;
    } else {
        run(
            b,
            &format!(
                "aws ec2 create-volume --availability-zone {zone} --size 10 --volume-type gp3"
            ),
        )?;
    }
    let volume = read_value(
        b,
        &format!(
            "aws ec2 describe-volumes --filters Name=availability-zone,Values={zone} Name=size,Values=10 Name=status,Values=available,creating --query \"Volumes[0].VolumeId\" --output text"
        ),
    )?;
    run(
        b,
        &format!("aws ec2 wait volume-available --volume-ids {volume}"),
    )?;
    run(
        b,
        &format!(
            "aws ec2 attach-volume --volume-id {volume} --instance-id {web} --device /dev/sdf"
        ),
    )?;
    run(
        b,
        &format!("aws ec2 wait volume-in-use --volume-ids {volume}"),
    )?;
    wait_passed(b, "volume-attached")?;
    let web_address = read_value(
        b,
        &format!(
            "aws ec2 describe-instances --instance-ids {web} --query \"Reservations[0].Instances[0].PublicIpAddress\" --output text"
        ),
    )?;
    run(b, &format!("ssh -i web-key.pem ec2-user@{web_address}"))?;
    run(b, "yes")?;
    let disks = run(b, "lsblk")?;
    ensure(disks.contains("nvme1n1"), format!("lsblk shows {disks}"))?;
    run(b, "sudo mkfs -t xfs /dev/nvme1n1")?;
    run(b, "sudo mkdir /data")?;
    run(b, "sudo mount /dev/nvme1n1 /data")?;
    run(b, "echo 'orders: 42' | sudo tee /data/orders.txt")?;
    let usage = run(b, "df -h")?;
    ensure(usage.contains("/data"), format!("df shows {usage}"))?;
    screenshot(b, "chapter-7-df", lang)?;
    run(b, "exit")?;
    wait_passed(b, "volume-mounted")?;

    // Snapshot and restore in another zone.
    next_step(b, 7, "snapshot")?;
    let snapshot = read_value(
        b,
        &format!("aws ec2 create-snapshot --volume-id {volume} --query SnapshotId --output text"),
    )?;
    run(
        b,
        &format!("aws ec2 wait snapshot-completed --snapshot-ids {snapshot}"),
    )?;
    wait_passed(b, "data-snapshot")?;
    if lang == Lang::En {
        console_page(b, "snapshots")?;
        choose(b, "select[name=restore-zone]", "ap-northeast-2c")?;
        b.click_on(&format!(
            r#"[data-testid=snapshots-table] tr[data-snapshot="{snapshot}"] ~ tr button[data-action=restore]"#
        ))?;
    } else {
        run(
            b,
            &format!(
                "aws ec2 create-volume --availability-zone ap-northeast-2c --snapshot-id {snapshot} --volume-type gp3"
            ),
        )?;
    }
    wait_passed(b, "volume-restored")?;

    // Clean up both regions.
    next_step(b, 7, "clean-up")?;
    run(
        b,
        &format!("aws ec2 terminate-instances --instance-ids {web} {copy}"),
    )?;
    run(
        b,
        &format!("aws ec2 terminate-instances --region us-east-1 --instance-ids {far}"),
    )?;
    run(
        b,
        &format!("aws ec2 wait instance-terminated --instance-ids {web} {copy}"),
    )?;
    let volumes = read_value(
        b,
        "aws ec2 describe-volumes --query \"Volumes[].VolumeId\" --output text",
    )?;
    for id in volumes.split_whitespace() {
        run(b, &format!("aws ec2 delete-volume --volume-id {id}"))?;
    }
    run(
        b,
        &format!("aws ec2 deregister-image --image-id {image} --delete-associated-snapshots"),
    )?;
    run(
        b,
        &format!(
            "aws ec2 deregister-image --region us-east-1 --image-id {far_image} --delete-associated-snapshots"
        ),
    )?;
    run(
        b,
        &format!("aws ec2 delete-snapshot --snapshot-id {snapshot}"),
    )?;
    b.click_on("[data-testid=fast-forward-60]")?;
    wait_passed(b, "nothing-billed")?;
    screenshot(b, "chapter-7-clean-up", lang)?;

    answer_quiz(b, 7, lang)?;
    b.refresh()?;
    b.go_to_hash("#/")?;
    b.wait_for_text(
        r#"a[data-chapter="7"] [data-testid=chapter-progress]"#,
        lang.pick("Done", "완료"),
        DEFAULT_WAIT,
    )
    .map(|_| ())
}
