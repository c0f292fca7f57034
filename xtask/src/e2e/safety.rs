//! Scenarios for the safety nets: two tabs that keep each other's work, an import that
//! asks first and keeps a backup, a refused save restored, the terminal kept across
//! steps and reloads, rewind, and the checkpoints' live announcements.

use serde_json::{Value, json};

use super::chapters::{run, wait_passed};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The safety-net scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "two_tabs_keep_each_others_work",
        run: two_tabs_keep_each_others_work,
    },
    Scenario {
        name: "import_asks_first_and_keeps_a_backup",
        run: import_asks_first_and_keeps_a_backup,
    },
    Scenario {
        name: "a_refused_save_is_kept_and_restored",
        run: a_refused_save_is_kept_and_restored,
    },
    Scenario {
        name: "the_terminal_is_kept_across_steps_and_reloads",
        run: the_terminal_is_kept_across_steps_and_reloads,
    },
    Scenario {
        name: "rewind_a_step_and_redo_it",
        run: rewind_a_step_and_redo_it,
    },
    Scenario {
        name: "a_save_from_an_older_build_loads",
        run: a_save_from_an_older_build_loads,
    },
];

/// A save written as one file by the build before saves were split (a golden file).
const OLD_SAVE: &str =
    include_str!("../../../crates/course/tests/golden/v1-chapter-4-partial.json");

const CREATE_KEY: &str = "aws ec2 create-key-pair --key-name web-key --key-type ed25519 --query KeyMaterial --output text > web-key.pem";

/// Saves a picture of the page as `target/screenshots/<name>.png`, for people to look at.
fn screenshot(b: &Browser, name: &str) -> Result<(), E2eError> {
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&shots)?;
    b.save_screenshot(&shots.join(format!("{name}.png")))
}

fn window_handle(b: &Browser) -> Result<String, E2eError> {
    Ok(b.command("GET", "/window", None)?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

fn switch_to(b: &Browser, handle: &str) -> Result<(), E2eError> {
    b.command("POST", "/window", Some(json!({ "handle": handle })))
        .map(|_| ())
}

/// The stored progress (the save without its labs).
fn saved(b: &Browser) -> Result<Value, E2eError> {
    let text = b.local_storage("cloudlab.progress")?.unwrap_or_default();
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn reached(save: &Value, chapter: u32, checkpoint: &str) -> bool {
    save["progress"]["chapters"][chapter.to_string()]["reached"]
        .as_array()
        .is_some_and(|list| list.iter().any(|id| id.as_str() == Some(checkpoint)))
}

/// Tab A works on chapter 4 while tab B, opened before, works on chapter 0: neither
/// overwrites the other, B says it took A's chapter, and a reload of A keeps both.
fn two_tabs_keep_each_others_work(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(&site.page("#/chapter/4/step/key-pair"))?;
    b.wait_for("main h1#chapter-title", DEFAULT_WAIT)?;
    let tab_a = window_handle(b)?;
    let opened = b.command("POST", "/window/new", Some(json!({ "type": "tab" })))?;
    let tab_b = opened["handle"].as_str().unwrap_or_default().to_string();
    switch_to(b, &tab_b)?;
    b.goto(&site.page("#/chapter/0/step/who-am-i"))?;
    b.wait_for("main h1#chapter-title", DEFAULT_WAIT)?;

    switch_to(b, &tab_a)?;
    run(b, CREATE_KEY)?;
    wait_passed(b, "key-pair-created")?;

    switch_to(b, &tab_b)?;
    run(b, "aws sts get-caller-identity")?;
    wait_passed(b, "ran-get-caller-identity")?;
    b.wait_for_text("[data-testid=notice]", "another tab", DEFAULT_WAIT)?;
    b.execute("window.scrollTo(0, 0);", Vec::new())?;
    screenshot(b, "updated-from-another-tab")?;
    let both = saved(b)?;
    ensure(
        reached(&both, 4, "key-pair-created") && reached(&both, 0, "ran-get-caller-identity"),
        "tab B's save lost tab A's chapter 4 (or its own chapter 0)",
    )?;

    switch_to(b, &tab_a)?;
    b.refresh()?;
    wait_passed(b, "key-pair-created")?;
    b.goto(&site.page("#/chapter/0/step/who-am-i"))?;
    wait_passed(b, "ran-get-caller-identity")
}

/// Importing an older file asks first, names the chapter that would go back, can be
/// cancelled, and once confirmed keeps the previous progress as a restorable backup.
fn import_asks_first_and_keeps_a_backup(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(&site.page("#/chapter/0/step/who-am-i"))?;
    run(b, "aws sts get-caller-identity")?;
    wait_passed(b, "ran-get-caller-identity")?;

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("empty-progress.json");
    std::fs::write(&file, r#"{"schema": 1, "app": "cloudlab"}"#)?;
    let path = file.canonicalize()?.display().to_string();

    let choose_file = |b: &Browser| -> Result<(), E2eError> {
        let input = b.find("[data-testid=import-progress]")?;
        b.send_keys(&input, &path)
    };
    choose_file(b)?;
    b.wait_for("[data-testid=import-dialog][open]", DEFAULT_WAIT)?;
    b.wait_for_text("[data-testid=import-changes]", "goes back", DEFAULT_WAIT)?;
    screenshot(b, "import-dialog")?;
    b.click_on("[data-testid=import-cancel]")?;
    b.wait_for_absent("[data-testid=import-dialog][open]", DEFAULT_WAIT)?;
    ensure(
        reached(&saved(b)?, 0, "ran-get-caller-identity"),
        "cancelling the import changed the progress",
    )?;

    choose_file(b)?;
    b.wait_for("[data-testid=import-dialog][open]", DEFAULT_WAIT)?;
    b.click_on("[data-testid=import-confirm]")?;
    b.wait_for_text("[data-testid=notice]", "backup", DEFAULT_WAIT)?;
    ensure(
        !reached(&saved(b)?, 0, "ran-get-caller-identity"),
        "the confirmed import did not replace the progress",
    )?;

    b.click_on("[data-testid=notice-saved-copies]")?;
    b.wait_for_text("[data-testid=kept-copies]", "Backup", DEFAULT_WAIT)?;
    b.click_on("[data-testid=kept-copies] li [data-testid=copy-restore]")?;
    b.wait_for("[data-testid=import-dialog][open]", DEFAULT_WAIT)?;
    b.click_on("[data-testid=import-confirm]")?;
    b.wait_until("the backup to be restored", DEFAULT_WAIT, |b| {
        Ok(reached(&saved(b)?, 0, "ran-get-caller-identity"))
    })
}

/// A save from a newer version is kept, offered for download, listed, and a restorable
/// kept copy comes back.
fn a_refused_save_is_kept_and_restored(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(&site.page("#/chapter/0/step/who-am-i"))?;
    run(b, "aws sts get-caller-identity")?;
    wait_passed(b, "ran-get-caller-identity")?;
    // Keep today's save as an older kept copy, then pretend a newer CloudLab wrote one.
    b.execute(
        "var save = JSON.parse(localStorage.getItem('cloudlab.progress')); save.labs = {};\
         for (var i = 0; i < localStorage.length; i++) {\
           var key = localStorage.key(i); var m = /^cloudlab[.]lab[.]([0-9]+)$/.exec(key);\
           if (m) { save.labs[m[1]] = JSON.parse(localStorage.getItem(key)); }\
         }\
         localStorage.setItem('cloudlab.save.kept.1000', JSON.stringify(save));\
         localStorage.removeItem('cloudlab.lab.0');\
         localStorage.setItem('cloudlab.progress', '{\"app\":\"cloudlab\",\"schema\":999}');",
        Vec::new(),
    )?;
    b.refresh()?;
    b.wait_for_text("[data-testid=notice]", "newer", DEFAULT_WAIT)?;
    b.wait_for("[data-testid=notice-download-copy]", DEFAULT_WAIT)?;
    b.click_on("[data-testid=notice-saved-copies]")?;
    b.wait_for("[data-testid=kept-copies]", DEFAULT_WAIT)?;
    screenshot(b, "saved-copies-with-a-refused-save")?;
    let rows = b.find_all("[data-testid=kept-copies] li")?;
    ensure(
        rows.len() == 2,
        format!("{} kept copies listed, not 2", rows.len()),
    )?;
    let first_restore = b.find("[data-testid=kept-copies] li [data-testid=copy-restore]")?;
    ensure(
        b.attribute(&first_restore, "disabled")?.is_some(),
        "the save from a newer version can be restored",
    )?;
    b.click_on("[data-testid=kept-copies] li:nth-child(2) [data-testid=copy-restore]")?;
    b.wait_for("[data-testid=import-dialog][open]", DEFAULT_WAIT)?;
    b.click_on("[data-testid=import-confirm]")?;
    b.wait_until(
        "the kept copy to be restored, lab included",
        DEFAULT_WAIT,
        |b| {
            Ok(reached(&saved(b)?, 0, "ran-get-caller-identity")
                && b.local_storage("cloudlab.lab.0")?
                    .is_some_and(|lab| lab.contains("GetCallerIdentity")))
        },
    )
}

/// What the terminal showed stays when the learner moves to the next step and reloads,
/// and Next brings the new step's heading into view.
fn the_terminal_is_kept_across_steps_and_reloads(
    b: &mut Browser,
    site: &Site,
) -> Result<(), E2eError> {
    b.goto(&site.page("#/chapter/4/step/key-pair"))?;
    run(
        b,
        "aws ec2 describe-key-pairs --query 'KeyPairs[].KeyName' --output text",
    )?;
    run(b, "echo marker-42")?;
    b.wait_for_text("[data-testid=terminal-screen]", "marker-42", DEFAULT_WAIT)?;
    b.execute(
        "window.scrollTo(0, document.body.scrollHeight);",
        Vec::new(),
    )?;
    b.click_on("[data-testid=next-step]")?;
    b.wait_until("the next step to open", DEFAULT_WAIT, |b| {
        Ok(b.current_url()?.ends_with("/step/security-group"))
    })?;
    b.wait_until("the step heading to come into view", DEFAULT_WAIT, |b| {
        let top = b.execute(
            "var h = document.getElementById('step-title'); return h ? h.getBoundingClientRect().top : -1;",
            Vec::new(),
        )?;
        Ok(top.as_f64().is_some_and(|top| (0.0..400.0).contains(&top)))
    })?;
    b.click_on("[data-testid=tab-terminal]")?;
    b.wait_for_text("[data-testid=terminal-screen]", "marker-42", DEFAULT_WAIT)?;
    b.refresh()?;
    b.click_on("[data-testid=tab-terminal]")?;
    b.wait_for_text("[data-testid=terminal-screen]", "marker-42", DEFAULT_WAIT)
        .map(|_| ())
}

/// The learner creates a key pair, rewinds to the start of the step (the key pair and its
/// checkpoint go, a polite announcement says so), and redoes the step.
fn rewind_a_step_and_redo_it(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(&site.page("#/chapter/4/step/key-pair"))?;
    run(b, CREATE_KEY)?;
    wait_passed(b, "key-pair-created")?;
    b.wait_for_text(
        "[data-testid=checkpoint-announcer]",
        "Checkpoint passed",
        DEFAULT_WAIT,
    )?;
    b.execute("window.confirm = function () { return true; };", Vec::new())?;
    b.click_on("[data-testid=rewind-menu] summary")?;
    b.click_on("[data-testid=rewind-menu] button[data-step=key-pair]")?;
    b.wait_for(
        r#"[data-checkpoint="key-pair-created"][data-passed="false"]"#,
        DEFAULT_WAIT,
    )?;
    b.click_on("[data-testid=tab-terminal]")?;
    b.wait_for_text("[data-testid=terminal-screen]", "rewound", DEFAULT_WAIT)?;
    let listed = run(
        b,
        "aws ec2 describe-key-pairs --query 'KeyPairs[].KeyName' --output text",
    )?;
    ensure(
        listed.trim().is_empty(),
        format!("after rewind the key pairs are {listed:?}"),
    )?;
    run(b, CREATE_KEY)?;
    wait_passed(b, "key-pair-created")
}

/// A learner comes back with the save an older build wrote as one file: the chapter list
/// shows their progress, the chapter opens where they were, and the save is stored split.
fn a_save_from_an_older_build_loads(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    b.execute(
        "localStorage.clear(); localStorage.setItem('cloudlab.save', arguments[0]);",
        vec![json!(OLD_SAVE)],
    )?;
    b.refresh()?;
    b.wait_for_text(
        r#"a[data-chapter="4"] [data-testid=chapter-progress]"#,
        "1",
        DEFAULT_WAIT,
    )?;
    b.click_on(r##"main a[href="#/chapter/4"]"##)?;
    b.wait_for_text("#step-title", "security group", DEFAULT_WAIT)?;
    b.wait_until("the save to be stored split", DEFAULT_WAIT, |b| {
        Ok(b.local_storage("cloudlab.save")?.is_none()
            && b.local_storage("cloudlab.lab.4")?.is_some()
            && reached(&saved(b)?, 4, "key-pair-created"))
    })
}
