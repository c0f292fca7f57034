//! Scenarios that follow a learner through the app. Add more here and list them
//! in [`SCENARIOS`]; the helpers are on [`Browser`] (find, wait, click, type with
//! [`keys`](super::keys), read, scripts, `localStorage`, reload) and, for terminal
//! lines and checkpoints, in [`chapters`](super::chapters) (`run`, `wait_passed`).

use super::chapters::{mfa_code, run, wait_passed};
use super::{Browser, ColorScheme, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The learner scenarios, run after the smoke test.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "open_chapter_and_reload",
        run: open_chapter_and_reload,
    },
    Scenario {
        name: "dark_scheme_follows_the_system",
        run: dark_scheme_follows_the_system,
    },
    Scenario {
        name: "complete_chapter_4_and_reload",
        run: complete_chapter_4_and_reload,
    },
    Scenario {
        name: "iam_tools_in_korean",
        run: iam_tools_in_korean,
    },
];

/// In Korean, a learner creates a virtual MFA device in the terminal, reads its codes
/// in the authenticator, and asks the policy simulator about the lab's admin user.
fn iam_tools_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(&site.page("#/chapter/0"))?;
    b.wait_for("main h1#chapter-title", DEFAULT_WAIT)?;
    b.click_on("header [aria-pressed=false]")?;
    b.wait_until("the page to switch to Korean", DEFAULT_WAIT, |b| {
        let lang = b.execute("return document.documentElement.lang;", Vec::new())?;
        Ok(lang.as_str() == Some("ko"))
    })?;
    run_in_terminal(
        b,
        "aws iam create-virtual-mfa-device --virtual-mfa-device-name phone --outfile seed.txt --bootstrap-method Base32StringSeed",
    )?;
    b.wait_for_text(
        "[data-testid=terminal-screen]",
        "SerialNumber",
        DEFAULT_WAIT,
    )?;
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-authenticator]")?;
    mfa_code(b)?;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&shots)?;
    b.save_screenshot(&shots.join("authenticator-ko.png"))?;

    b.click_on("[data-testid=console-policy-simulator]")?;
    b.click_on("[data-testid=run-simulation]")?;
    b.wait_for_text("[data-testid=simulation-results]", "허용", DEFAULT_WAIT)?;
    b.save_screenshot(&shots.join("policy-simulator-ko.png"))
}

/// Chapter 4 checkpoints, in the order the learner reaches them.
const CHAPTER_4_CHECKPOINTS: [&str; 15] = [
    "looked-up-images",
    "compared-instance-types",
    "key-pair-created",
    "web-sg-ssh-from-learner",
    "web-sg-http-from-anywhere",
    "one-web-instance",
    "web-is-t3-micro",
    "web-runs-ubuntu",
    "web-root-gp3-8",
    "web-has-key-pair",
    "ssh-only-from-learner",
    "ssh-not-open-to-world",
    "http-open-to-world",
    "no-extra-instances",
    "termination-protection",
];

fn open_step(b: &mut Browser, step: &str) -> Result<(), E2eError> {
    b.click_on(&format!(r##"nav a[href="#/chapter/4/step/{step}"]"##))?;
    b.wait_until(&format!("step {step} to open"), DEFAULT_WAIT, |b| {
        Ok(b.current_url()?.ends_with(&format!("/step/{step}")))
    })
}

fn run_in_terminal(b: &mut Browser, line: &str) -> Result<(), E2eError> {
    run(b, line).map(|_| ())
}

/// A learner completes chapter 4 with the terminal and the console, as the lesson
/// asks, from the site served in a sub-folder; after a reload every checkpoint is
/// still reached and the chapter list shows the chapter as done.
fn complete_chapter_4_and_reload(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.click_on(r##"main a[href="#/chapter/4"]"##)?;
    b.wait_for("main h1#chapter-title", DEFAULT_WAIT)?;

    open_step(b, "ami")?;
    run_in_terminal(
        b,
        "aws ec2 describe-images --owners 099720109477 --query \"Images[].[ImageId,Name]\" --output text",
    )?;
    b.wait_for_text("[data-testid=terminal-screen]", "ubuntu", DEFAULT_WAIT)?;
    wait_passed(b, "looked-up-images")?;

    open_step(b, "instance-type")?;
    run_in_terminal(
        b,
        "aws ec2 describe-instance-types --instance-types t3.micro t4g.micro --output table",
    )?;
    wait_passed(b, "compared-instance-types")?;

    // The console: a key pair (downloaded to the lab laptop), then the security group.
    open_step(b, "key-pair")?;
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-key-pairs]")?;
    b.click_on("[data-testid=create-key-pair]")?;
    b.wait_for_text("[data-testid=key-created]", "web-key", DEFAULT_WAIT)?;
    wait_passed(b, "key-pair-created")?;

    open_step(b, "security-group")?;
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-security-groups]")?;
    b.click_on("[data-testid=create-security-group]")?;
    b.wait_for("[data-testid=rule-editor]", DEFAULT_WAIT)?;
    // SSH from "My IP" is the form's default.
    b.click_on("[data-testid=add-rule]")?;
    wait_passed(b, "web-sg-ssh-from-learner")?;
    b.click_on(r#"select[name=rule-type] option[value=http]"#)?;
    b.click_on(r#"select[name=rule-source] option[value=anywhere]"#)?;
    b.click_on("[data-testid=add-rule]")?;
    wait_passed(b, "web-sg-http-from-anywhere")?;

    // The launch wizard with the existing key pair and group.
    open_step(b, "launch")?;
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-launch]")?;
    b.wait_for("[data-testid=launch-wizard]", DEFAULT_WAIT)?;
    // The wizard starts on Amazon Linux, as AWS's does; the lesson uses Ubuntu.
    let mut ubuntu = false;
    for image in b.find_all(r#"[data-testid=launch-wizard] label:has(input[name=ami])"#)? {
        let text = b.text(&image)?;
        if !ubuntu && text.contains("Ubuntu 24.04") && text.contains("x86_64") {
            b.click(&image)?;
            ubuntu = true;
        }
    }
    ensure(ubuntu, "the wizard does not offer Ubuntu 24.04 (x86_64)")?;
    b.click_on(r#"select[name=key-pair] option[value=web-key]"#)?;
    b.click_on(r#"input[name=group-mode]:not(:checked)"#)?;
    b.wait_for(
        r#"select[name=existing-group] option:not([value=""])"#,
        DEFAULT_WAIT,
    )?;
    let options = b.find_all(r#"select[name=existing-group] option"#)?;
    let mut chosen = false;
    for option in options {
        if b.text(&option)?.starts_with("web-sg ") {
            b.click(&option)?;
            chosen = true;
        }
    }
    ensure(chosen, "the wizard does not offer web-sg")?;
    b.click_on("[data-testid=launch-instance]")?;
    b.wait_for("[data-testid=launch-success]", DEFAULT_WAIT)?;
    // Pending becomes running on the lab clock: fast-forward a minute.
    b.click_on("[data-testid=fast-forward-60]")?;
    for checkpoint in &CHAPTER_4_CHECKPOINTS[5..14] {
        wait_passed(b, checkpoint)?;
    }

    open_step(b, "protect")?;
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-instances]")?;
    b.click_on(r#"[data-instance] ~ tr button[data-action=toggleprotection]"#)?;
    wait_passed(b, "termination-protection")?;
    // Pictures of the finished lab, for people to look at (not compared by the test).
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&shots)?;
    b.save_screenshot(&shots.join("chapter-4-completed-console.png"))?;
    run_in_terminal(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query \"Reservations[].Instances[].[InstanceId,State.Name,PublicIpAddress]\" --output table",
    )?;
    b.wait_for_text("[data-testid=terminal-screen]", "running", DEFAULT_WAIT)?;
    b.save_screenshot(&shots.join("chapter-4-completed-terminal.png"))?;

    // Everything survives a reload.
    b.refresh()?;
    for (step, checkpoint) in [
        ("ami", "looked-up-images"),
        ("launch", "one-web-instance"),
        ("protect", "termination-protection"),
    ] {
        b.go_to_hash(&format!("#/chapter/4/step/{step}"))?;
        wait_passed(b, checkpoint)?;
    }
    b.go_to_hash("#/")?;
    b.wait_for_text(
        r#"a[data-chapter="4"] [data-testid=chapter-progress]"#,
        "Done",
        DEFAULT_WAIT,
    )?;
    let saved = b.local_storage("cloudlab.progress")?.unwrap_or_default();
    ensure(
        CHAPTER_4_CHECKPOINTS.iter().all(|c| saved.contains(c)),
        "the save in localStorage lacks some chapter 4 checkpoints",
    )
}

/// From the chapter list, open chapter 4; a reload keeps the learner there.
fn open_chapter_and_reload(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.click_on(r##"main a[href="#/chapter/4"]"##)?;
    let title = b.wait_for("main h1#chapter-title", DEFAULT_WAIT)?;
    let before = b.text(&title)?;
    ensure(!before.is_empty(), "chapter 4 has an empty title")?;
    b.wait_until("the address to name chapter 4", DEFAULT_WAIT, |b| {
        Ok(b.current_url()?.contains("#/chapter/4"))
    })?;

    b.refresh()?;
    b.wait_for_text("main h1#chapter-title", &before, DEFAULT_WAIT)?;
    let url = b.current_url()?;
    ensure(
        url.starts_with(site.url()) && url.contains("#/chapter/4"),
        format!("after reload the address is {url}"),
    )
}

/// With the system in dark mode and no saved choice, the page starts dark.
fn dark_scheme_follows_the_system(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.set_color_scheme(ColorScheme::Dark)?;
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    let dark = b.execute(
        "return document.documentElement.classList.contains('dark');",
        Vec::new(),
    )?;
    ensure(
        dark.as_bool() == Some(true),
        "<html> lacks the `dark` class under prefers-color-scheme: dark",
    )?;
    // The stylesheet's `dark:` utilities must follow that class.
    let backgrounds = b.execute(
        "var root = document.documentElement;\
         var dark = getComputedStyle(document.body).backgroundColor;\
         root.classList.remove('dark');\
         var light = getComputedStyle(document.body).backgroundColor;\
         root.classList.add('dark');\
         return [dark, light];",
        Vec::new(),
    )?;
    let dark = backgrounds[0].as_str().unwrap_or_default();
    let light = backgrounds[1].as_str().unwrap_or_default();
    ensure(
        dark != light,
        format!("the body background is {dark:?} with and without the `dark` class"),
    )
}
