//! Component tests in headless Chromium (`cargo xtask test` runs them with
//! wasm-bindgen-test-runner). Each test mounts the app into a fresh element.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use cloudlab::App;
use cloudlab::storage::{LEGACY_SAVE_KEY, PROGRESS_KEY};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// Clears saved state, sets the address and mounts a fresh app.
fn start(hash: &str) -> HtmlElement {
    storage().clear().unwrap();
    window().location().set_hash(hash).unwrap();
    mount_fresh()
}

fn mount_fresh() -> HtmlElement {
    // Only our own roots are removed: the test runner reports through elements in <body>.
    let body = document().body().unwrap();
    let old = body.query_selector_all(".test-root").unwrap();
    for i in 0..old.length() {
        if let Some(node) = old.item(i) {
            body.remove_child(&node).unwrap();
        }
    }
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    root.set_class_name("test-root");
    body.append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), App);
    handle.forget();
    root
}

async fn settle() {
    // Lets effects and the hashchange listener run.
    gloo_timers::future::sleep(Duration::from_millis(30)).await;
    leptos::task::tick().await;
}

fn query(root: &HtmlElement, css: &str) -> HtmlElement {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {css}"))
        .unchecked_into()
}

fn query_all(root: &HtmlElement, css: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all(css).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// Dispatches a bubbling `keydown` of `key` (e.g. `"Enter"`) on `target`.
fn press(target: &HtmlElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn type_line(root: &HtmlElement, line: &str) {
    fill(root, "[data-testid=terminal-input]", line);
    press(&query(root, "[data-testid=terminal-input]"), "Enter");
}

/// Types each line in the terminal and lets it run.
async fn type_lines(root: &HtmlElement, lines: &[&str]) {
    for line in lines {
        type_line(root, line);
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn home_lists_chapters_with_progress() {
    let root = start("#/");
    settle().await;
    let cards = query_all(&root, "[data-testid=chapter-list] a[data-chapter]");
    let numbers: Vec<String> = cards
        .iter()
        .filter_map(|c| c.get_attribute("data-chapter"))
        .collect();
    assert!(numbers.contains(&"0".to_string()), "{numbers:?}");
    assert!(numbers.contains(&"4".to_string()), "{numbers:?}");
    assert!(numbers.contains(&"5".to_string()), "{numbers:?}");
    assert!(query(&root, "h1").text_content().unwrap().contains("AWS"));
}

#[wasm_bindgen_test]
async fn language_switch_translates_the_page() {
    let root = start("#/");
    settle().await;
    let korean = query_all(&root, "header button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default() == "한국어")
        .expect("a Korean button");
    korean.click();
    settle().await;
    assert!(query(&root, "h1").text_content().unwrap().contains("AWS"));
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("ko")
    );
    assert!(
        query(&root, "main h2")
            .text_content()
            .unwrap()
            .contains("목차")
    );
}

#[wasm_bindgen_test]
async fn terminal_runs_a_command_and_grades_the_checkpoint() {
    let root = start("#/chapter/0/step/who-am-i");
    settle().await;
    query(&root, "[data-testid=tab-terminal]").click();
    settle().await;
    type_line(&root, "aws sts get-caller-identity");
    settle().await;
    let screen = query(&root, "[data-testid=terminal-screen]")
        .text_content()
        .unwrap();
    assert!(screen.contains("\"Account\""), "{screen}");
    let passed: Vec<String> = query_all(&root, "[data-checkpoint][data-passed=true]")
        .iter()
        .filter_map(|c| c.get_attribute("data-checkpoint"))
        .collect();
    assert!(
        !passed.is_empty(),
        "no checkpoint passed after get-caller-identity"
    );
}

#[wasm_bindgen_test]
async fn checkpoint_and_quiz_text_render_code_marks_as_code() {
    let root = start("#/chapter/1/step/users-and-law");
    settle().await;
    let label = query(
        &root,
        r#"[data-checkpoint="shop-kr-region"] span.font-medium"#,
    );
    assert_eq!(
        query(&label, "code").text_content().as_deref(),
        Some("shop-kr")
    );
    let shown = label.text_content().unwrap_or_default();
    assert!(!shown.contains('`'), "{shown}");
    // The reason names the command to run, also as code.
    let reason = query(&root, r#"[data-checkpoint="shop-kr-region"] p"#);
    assert!(!query_all(&reason, "code").is_empty());

    let root = start("#/chapter/1/step/quiz");
    settle().await;
    let quiz = query(&root, "[data-testid=quiz]");
    assert!(!query_all(&quiz, "legend code, label code").is_empty());
    assert!(!quiz.text_content().unwrap_or_default().contains('`'));
}

#[wasm_bindgen_test]
async fn hints_reveal_one_at_a_time() {
    let root = start("#/chapter/4");
    settle().await;
    assert_eq!(query_all(&root, "[data-testid=hints] li").len(), 0);
    query(&root, "[data-testid=reveal-hint]").click();
    settle().await;
    assert_eq!(query_all(&root, "[data-testid=hints] li").len(), 1);
    query(&root, "[data-testid=reveal-hint]").click();
    settle().await;
    assert_eq!(query_all(&root, "[data-testid=hints] li").len(), 2);
}

#[wasm_bindgen_test]
async fn progress_survives_a_remount() {
    let root = start("#/chapter/4");
    settle().await;
    query(&root, "[data-testid=reveal-hint]").click();
    settle().await;
    assert!(storage().get_item(PROGRESS_KEY).unwrap().is_some());
    assert!(storage().get_item("cloudlab.lab.4").unwrap().is_some());
    assert!(storage().get_item(LEGACY_SAVE_KEY).unwrap().is_none());
    let root = mount_fresh();
    settle().await;
    assert_eq!(query_all(&root, "[data-testid=hints] li").len(), 1);
}

#[wasm_bindgen_test]
async fn a_save_written_as_one_file_by_an_older_build_loads_and_is_split() {
    // Apps mounted by earlier tests still follow the address and save; let them settle
    // before the old save is put in place.
    window().location().set_hash("#/chapter/4").unwrap();
    settle().await;
    storage().clear().unwrap();
    let old = include_str!("../crates/course/tests/golden/v1-chapter-4-partial.json");
    storage().set_item(LEGACY_SAVE_KEY, old).unwrap();
    let root = mount_fresh();
    settle().await;
    let notices: Vec<String> = query_all(&root, "[data-testid=notice]")
        .iter()
        .filter_map(|n| n.text_content())
        .collect();
    assert!(notices.is_empty(), "{notices:?}");
    // The learner is where they left off.
    let title = query(&root, "main h2").text_content().unwrap();
    assert!(title.to_lowercase().contains("security group"), "{title}");
    // Stored split; the old key is gone once the split save is written.
    assert!(storage().get_item(LEGACY_SAVE_KEY).unwrap().is_none());
    let progress = storage().get_item(PROGRESS_KEY).unwrap().unwrap();
    assert!(progress.contains("key-pair-created"), "{progress}");
    assert!(
        progress.contains(r#""hints_revealed":{"key-pair":2}"#),
        "{progress}"
    );
    assert!(!progress.contains("\"cloud\""), "the head carries no lab");
    assert!(storage().get_item("cloudlab.lab.4").unwrap().is_some());
}

/// The text of the first copy the app kept in storage.
fn first_kept_copy() -> String {
    let key = (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .find(|k| k.starts_with("cloudlab.save.kept."))
        .expect("a kept copy");
    storage().get_item(&key).unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn a_lab_the_model_cannot_read_starts_afresh_and_the_save_is_kept() {
    let root = start("#/chapter/4");
    settle().await;
    query(&root, "[data-testid=reveal-hint]").click();
    settle().await;
    // Valid JSON, but not a lab.
    storage()
        .set_item("cloudlab.lab.4", r#"{"cloud":7}"#)
        .unwrap();
    let root = mount_fresh();
    settle().await;
    let notice = query(&root, "[data-testid=notice]").text_content().unwrap();
    assert!(notice.contains("chapter 4"), "{notice}");
    let kept = first_kept_copy();
    assert!(kept.contains(r#""4":{"cloud":7}"#), "{kept}");
    // The progress stayed and the lab works again.
    assert_eq!(query_all(&root, "[data-testid=hints] li").len(), 1);
    query(&root, "[data-testid=tab-terminal]").click();
    type_line(&root, "echo alive");
    settle().await;
    assert!(screen_text(&root).contains("alive"));
}

#[wasm_bindgen_test]
async fn a_damaged_lab_record_is_kept_and_explained() {
    let root = start("#/chapter/4");
    settle().await;
    query(&root, "[data-testid=reveal-hint]").click();
    settle().await;
    storage().set_item("cloudlab.lab.4", "{not json").unwrap();
    let root = mount_fresh();
    settle().await;
    let notice = query(&root, "[data-testid=notice]").text_content().unwrap();
    assert!(notice.contains("chapter 4"), "{notice}");
    let kept = first_kept_copy();
    assert!(kept.contains(r#""4":"{not json""#), "{kept}");
}

#[wasm_bindgen_test]
async fn a_corrupt_save_is_kept_and_explained() {
    storage().clear().unwrap();
    storage().set_item(LEGACY_SAVE_KEY, "{not json").unwrap();
    window().location().set_hash("#/").unwrap();
    let root = mount_fresh();
    settle().await;
    let notice = query(&root, "[data-testid=notice]").text_content().unwrap();
    assert!(notice.contains("could not be loaded"), "{notice}");
    let kept: Vec<String> = (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .filter(|k| k.starts_with("cloudlab.save.kept."))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        storage().get_item(&kept[0]).unwrap().as_deref(),
        Some("{not json")
    );
}

#[wasm_bindgen_test]
async fn a_save_from_a_newer_version_is_not_overwritten_silently() {
    storage().clear().unwrap();
    let newer = r#"{"app":"cloudlab","schema":999}"#;
    storage().set_item(PROGRESS_KEY, newer).unwrap();
    window().location().set_hash("#/").unwrap();
    let root = mount_fresh();
    settle().await;
    let notice = query(&root, "[data-testid=notice]").text_content().unwrap();
    assert!(
        notice.contains("999") || notice.contains("newer"),
        "{notice}"
    );
    let kept = (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .find(|k| k.starts_with("cloudlab.save.kept."))
        .expect("a kept copy");
    assert_eq!(storage().get_item(&kept).unwrap().as_deref(), Some(newer));
}

#[wasm_bindgen_test]
async fn the_cost_meter_follows_the_lab() {
    let root = start("#/chapter/4/step/launch");
    settle().await;
    let meter = || {
        query(&root, "[data-testid=cost-meter]")
            .text_content()
            .unwrap()
    };
    assert!(meter().contains("$0.0000/h"), "{}", meter());
    query(&root, "[data-testid=tab-terminal]").click();
    settle().await;
    type_line(
        &root,
        "aws ec2 run-instances --image-id $(aws ec2 describe-images --owners 099720109477 --query 'Images[0].ImageId' --output text) --instance-type t3.micro",
    );
    settle().await;
    query(&root, "[data-testid=fast-forward-60]").click();
    settle().await;
    let shown = meter();
    let screen = query(&root, "[data-testid=terminal-screen]")
        .text_content()
        .unwrap();
    assert!(shown.contains("t3.micro"), "{shown}\n{screen}");
    assert!(!shown.contains("$0.0000/h ≈"), "{shown}");
}

#[wasm_bindgen_test]
async fn the_policy_simulator_names_the_decision() {
    let root = start("#/chapter/4");
    settle().await;
    query(&root, "[data-testid=console-policy-simulator]").click();
    settle().await;
    query(&root, "[data-testid=run-simulation]").click();
    settle().await;
    let results = query_all(&root, "[data-testid=simulation-results] li[data-decision]");
    assert_eq!(results.len(), 2, "one result per action");
    // The lab's own `learner` user has AdministratorAccess.
    for result in results {
        assert_eq!(
            result.get_attribute("data-decision").as_deref(),
            Some("allowed")
        );
        assert!(
            result
                .text_content()
                .unwrap()
                .contains("AdministratorAccess")
        );
    }
}

#[wasm_bindgen_test]
async fn the_authenticator_shows_six_digit_codes_that_change() {
    let root = start("#/chapter/4");
    settle().await;
    query(&root, "[data-testid=tab-terminal]").click();
    settle().await;
    type_line(
        &root,
        "aws iam create-virtual-mfa-device --virtual-mfa-device-name phone --outfile seed.txt --bootstrap-method Base32StringSeed",
    );
    settle().await;
    query(&root, "[data-testid=tab-console]").click();
    query(&root, "[data-testid=console-authenticator]").click();
    settle().await;
    let code = || {
        query(&root, "[data-testid=mfa-code]")
            .text_content()
            .unwrap()
            .replace(' ', "")
    };
    let first = code();
    assert_eq!(first.len(), 6, "{first}");
    assert!(first.chars().all(|c| c.is_ascii_digit()), "{first}");
    query(&root, "[data-testid=next-mfa-code]").click();
    settle().await;
    assert_ne!(code(), first, "the code changes after 30 s of lab time");
}

#[wasm_bindgen_test]
async fn the_policy_editor_uses_iam_s_validator() {
    let root = start("#/chapter/4");
    settle().await;
    query(&root, "[data-testid=console-policy-editor]").click();
    settle().await;
    let verdict = || query(&root, "[data-testid=policy-verdict] [data-valid]");
    assert_eq!(
        verdict().get_attribute("data-valid").as_deref(),
        Some("true")
    );
    let editor: web_sys::HtmlTextAreaElement =
        query(&root, "textarea[name=policy-document]").unchecked_into();
    editor.set_value(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}"#,
    );
    editor
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        verdict().get_attribute("data-valid").as_deref(),
        Some("false")
    );
    assert!(
        verdict()
            .text_content()
            .unwrap()
            .contains("MalformedPolicyDocument")
    );
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_the_lab_tabs() {
    let root = start("#/chapter/4");
    settle().await;
    let console = query(&root, "[data-testid=tab-console]");
    press(&console, "ArrowRight");
    settle().await;
    let terminal = query(&root, "[data-testid=tab-terminal]");
    assert_eq!(
        terminal.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(terminal.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(console.get_attribute("tabindex").as_deref(), Some("-1"));
    assert!(!query(&root, "#panel-terminal").hidden());
}

fn fill(root: &HtmlElement, css: &str, value: &str) {
    let input: HtmlInputElement = query(root, css).unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn root_mfa_is_assigned_with_two_consecutive_codes() {
    let root = start("#/chapter/2/step/root-mfa");
    settle().await;
    query(&root, "[data-testid=console-root-mfa]").click();
    settle().await;
    query(&root, "[data-testid=create-root-mfa]").click();
    settle().await;
    let code = || {
        query(&root, "[data-testid=mfa-code]")
            .text_content()
            .unwrap()
            .replace(' ', "")
    };
    // A stale code first: AWS refuses it with its own error.
    fill(&root, "input[name=mfa-code-1]", "000000");
    fill(&root, "input[name=mfa-code-2]", "000000");
    query(&root, "[data-testid=enable-root-mfa]").click();
    settle().await;
    let error = query(&root, "[data-testid=console-error]")
        .text_content()
        .unwrap();
    assert!(error.contains("InvalidAuthenticationCode"), "{error}");
    fill(&root, "input[name=mfa-code-1]", &code());
    query(&root, "[data-testid=next-mfa-code]").click();
    settle().await;
    fill(&root, "input[name=mfa-code-2]", &code());
    query(&root, "[data-testid=enable-root-mfa]").click();
    settle().await;
    query(&root, "[data-testid=root-mfa-assigned]");
    let passed = query(&root, r#"[data-checkpoint="root-has-mfa"]"#);
    assert_eq!(passed.get_attribute("data-passed").as_deref(), Some("true"));
}

/// Picks `value` in a `<select>` and tells the page, as a user's choice does.
fn choose(root: &HtmlElement, css: &str, value: &str) {
    let select = query(root, css);
    js_sys::Reflect::set(&select, &"value".into(), &value.into()).unwrap();
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn text(root: &HtmlElement, css: &str) -> String {
    query(root, css).text_content().unwrap_or_default()
}

fn open_user(root: &HtmlElement, user: &str) {
    query(
        root,
        &format!(r#"[data-testid=users-table] tr[data-user="{user}"] button"#),
    )
    .click();
}

#[wasm_bindgen_test]
async fn the_console_creates_a_user_whose_secret_key_is_shown_once() {
    let root = start("#/chapter/3");
    settle().await;
    query(&root, "[data-testid=console-iam-users]").click();
    settle().await;
    fill(&root, "input[name=new-user-name]", "dev");
    query(&root, "[data-testid=create-user]").click();
    settle().await;
    assert!(text(&root, "[data-testid=user-created]").contains("dev"));
    query(&root, "[data-testid=user-details]");

    query(&root, "[data-testid=create-access-key]").click();
    settle().await;
    let key_id = text(&root, "[data-testid=new-access-key-id]");
    let secret = text(&root, "[data-testid=new-secret-access-key]");
    assert!(key_id.starts_with("AKIA") && key_id.len() == 20, "{key_id}");
    assert_eq!(secret.len(), 40, "{secret}");
    assert!(text(&root, "[data-testid=new-access-key]").contains("only time"));
    let row = query(&root, &format!(r#"[data-access-key="{key_id}"]"#));
    assert_eq!(row.get_attribute("data-status").as_deref(), Some("Active"));
    assert!(row.text_content().unwrap().contains("Never"));

    // Away to another console page and back: the secret is gone for good.
    query(&root, "[data-testid=console-iam-groups]").click();
    settle().await;
    query(&root, "[data-testid=console-iam-users]").click();
    settle().await;
    assert!(text(&root, r#"tr[data-user="dev"] [data-testid=user-key-count]"#).starts_with('1'));
    open_user(&root, "dev");
    settle().await;
    assert!(query_all(&root, "[data-testid=new-access-key]").is_empty());
    assert!(!root.text_content().unwrap().contains(&secret));
    query(&root, &format!(r#"[data-access-key="{key_id}"]"#));

    // A second key is fine; a third is AWS's quota error, from the model.
    query(&root, "[data-testid=create-access-key]").click();
    settle().await;
    query(&root, "[data-testid=new-secret-access-key]");
    query(&root, "[data-testid=create-access-key]").click();
    settle().await;
    let error = text(
        &root,
        "[data-testid=access-keys] [data-testid=console-error]",
    );
    assert!(error.contains("LimitExceeded"), "{error}");
    assert!(
        error.contains("Cannot exceed quota for AccessKeysPerUser: 2"),
        "{error}"
    );
    assert!(query_all(&root, "[data-testid=new-access-key]").is_empty());
    assert_eq!(query_all(&root, "tr[data-access-key]").len(), 2);

    // Deactivate the first key, then delete it.
    let row = format!(r#"tr[data-access-key="{key_id}"]"#);
    query(&root, &format!("{row} button")).click();
    settle().await;
    assert_eq!(
        query(&root, &row).get_attribute("data-status").as_deref(),
        Some("Inactive")
    );
    query_all(&root, &format!("{row} button"))[1].click();
    settle().await;
    assert!(query_all(&root, &row).is_empty());
    assert_eq!(query_all(&root, "tr[data-access-key]").len(), 1);

    // A managed policy attached to the user directly, then detached.
    let read_only = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    choose(&root, "select[name=attach-user-policy]", read_only);
    query(&root, "[data-testid=attach-user-policy]").click();
    settle().await;
    let attached = format!(r#"[data-testid=user-policies] li[data-policy="{read_only}"]"#);
    query(&root, &format!("{attached} button")).click();
    settle().await;
    assert!(query_all(&root, &attached).is_empty());
}

#[wasm_bindgen_test]
async fn an_admins_group_with_a_policy_and_a_member_passes_the_chapter_s_checks() {
    let root = start("#/chapter/2/step/admin-user");
    settle().await;
    query(&root, "[data-testid=console-iam-groups]").click();
    settle().await;
    fill(&root, "input[name=new-group-name]", "admins");
    query(&root, "[data-testid=create-group]").click();
    settle().await;
    let admin_access = "arn:aws:iam::aws:policy/AdministratorAccess";
    choose(&root, "select[name=attach-group-policy]", admin_access);
    query(&root, "[data-testid=attach-group-policy]").click();
    settle().await;
    query(
        &root,
        &format!(r#"[data-testid=group-policies] li[data-policy="{admin_access}"]"#),
    );

    // The user, with a console password, as the console's wizard offers.
    query(&root, "[data-testid=console-iam-users]").click();
    settle().await;
    fill(&root, "input[name=new-user-name]", "admin");
    query(&root, "input[name=console-access]").click();
    settle().await;
    fill(
        &root,
        "input[name=new-user-password]",
        "Correct-Horse-Battery-9",
    );
    query(&root, "[data-testid=create-user]").click();
    settle().await;
    assert!(query_all(&root, "[data-testid=console-error]").is_empty());
    choose(&root, "select[name=add-to-group]", "admins");
    query(&root, "[data-testid=add-user-to-group]").click();
    settle().await;
    query(
        &root,
        r#"[data-testid=user-groups] li[data-group="admins"]"#,
    );

    // The group page lists the member.
    query(&root, "[data-testid=console-iam-groups]").click();
    settle().await;
    let row = text(
        &root,
        r#"[data-testid=groups-table] tr[data-group="admins"]"#,
    );
    assert!(row.contains("AdministratorAccess"), "{row}");
    query(&root, r#"tr[data-group="admins"] button"#).click();
    settle().await;
    query(
        &root,
        r#"[data-testid=group-members] li[data-member="admin"]"#,
    );

    for checkpoint in ["admin-via-group", "admin-can-sign-in"] {
        let item = query(&root, &format!(r#"[data-checkpoint="{checkpoint}"]"#));
        assert_eq!(
            item.get_attribute("data-passed").as_deref(),
            Some("true"),
            "{checkpoint}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_budget_is_refused_by_the_model_then_created_and_listed() {
    let root = start("#/chapter/2/step/budget");
    settle().await;
    query(&root, "[data-testid=console-budgets]").click();
    settle().await;
    fill(&root, "input[name=budget-name]", "monthly-cost");
    fill(&root, "input[name=budget-amount]", "ten");
    fill(&root, "input[name=budget-threshold]", "80");
    fill(&root, "input[name=budget-email]", "learner@example.com");
    query(&root, "[data-testid=create-budget]").click();
    settle().await;
    let error = text(&root, "[data-testid=console-error]");
    assert!(error.contains("InvalidParameterException"), "{error}");
    assert!(error.contains("budget.budgetLimit.amount"), "{error}");

    fill(&root, "input[name=budget-amount]", "10");
    query(&root, "[data-testid=create-budget]").click();
    settle().await;
    assert!(query_all(&root, "[data-testid=console-error]").is_empty());
    let row = text(
        &root,
        r#"[data-testid=budgets-table] tr[data-budget="monthly-cost"]"#,
    );
    assert!(row.contains("$10"), "{row}");
    assert!(row.contains("ACTUAL > 80%"), "{row}");
    assert!(row.contains("learner@example.com"), "{row}");
    let passed = query(&root, r#"[data-checkpoint="budget-with-alert"]"#);
    assert_eq!(passed.get_attribute("data-passed").as_deref(), Some("true"));

    // The same name again: AWS's duplicate error.
    query(&root, "[data-testid=create-budget]").click();
    settle().await;
    let error = text(&root, "[data-testid=console-error]");
    assert!(error.contains("DuplicateRecordException"), "{error}");
}

fn screen_text(root: &HtmlElement) -> String {
    query(root, "[data-testid=terminal-screen]")
        .text_content()
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_terminal_keeps_its_screen_across_steps_and_reloads() {
    let root = start("#/chapter/0/step/who-am-i");
    settle().await;
    query(&root, "[data-testid=tab-terminal]").click();
    type_line(&root, "echo kept-line");
    settle().await;
    assert!(screen_text(&root).contains("kept-line"));
    window()
        .location()
        .set_hash("#/chapter/0/step/layout")
        .unwrap();
    settle().await;
    assert!(
        screen_text(&root).contains("kept-line"),
        "a step change keeps the screen"
    );
    let root = mount_fresh();
    settle().await;
    assert!(
        screen_text(&root).contains("kept-line"),
        "a reload keeps the screen"
    );
    // Ctrl+L empties it, for good.
    let input = query(&root, "[data-testid=terminal-input]");
    let init = KeyboardEventInit::new();
    init.set_key("l");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    input
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    settle().await;
    assert!(!screen_text(&root).contains("kept-line"));
}

#[wasm_bindgen_test]
async fn checkpoint_changes_are_announced_once_in_the_page_language() {
    let root = start("#/chapter/0/step/who-am-i");
    settle().await;
    let announcer = || {
        query(&root, "[data-testid=checkpoint-announcer]")
            .text_content()
            .unwrap()
    };
    assert_eq!(announcer(), "", "nothing is announced on arrival");
    query(&root, "[data-testid=tab-terminal]").click();
    type_line(&root, "echo nothing to grade");
    settle().await;
    assert_eq!(
        announcer(),
        "",
        "a command that changes no checkpoint is not announced"
    );
    type_line(&root, "aws sts get-caller-identity");
    settle().await;
    assert!(
        announcer().starts_with("Checkpoint passed:"),
        "{}",
        announcer()
    );
    let region = query(&root, "[data-testid=checkpoint-announcer]");
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
}

#[wasm_bindgen_test]
async fn a_refused_save_is_offered_for_download_and_a_kept_one_is_restored() {
    storage().clear().unwrap();
    let catalog = cloudlab_course::Catalog::load().unwrap();
    let mut earlier = cloudlab_course::Session::new(catalog);
    earlier.run_command(0, "aws sts get-caller-identity");
    storage()
        .set_item(
            "cloudlab.save.kept.1000",
            &earlier.to_save().to_compact_json(),
        )
        .unwrap();
    storage()
        .set_item(PROGRESS_KEY, r#"{"app":"cloudlab","schema":999}"#)
        .unwrap();
    window().location().set_hash("#/").unwrap();
    let root = mount_fresh();
    settle().await;
    query(&root, "[data-testid=notice-download-copy]");
    query(&root, "[data-testid=notice-saved-copies]").click();
    settle().await;
    let rows = query_all(&root, "[data-testid=kept-copies] li");
    assert_eq!(rows.len(), 2, "the refused save and the older kept one");
    // The newest (refused, too new) cannot be restored, and says why.
    let newest = &rows[0];
    assert!(
        query(newest, "[data-testid=copy-summary]")
            .text_content()
            .unwrap()
            .contains("newer")
    );
    assert!(query(newest, "[data-testid=copy-restore]").has_attribute("disabled"));
    query(&rows[1], "[data-testid=copy-restore]").click();
    settle().await;
    let dialog = query(&root, "[data-testid=import-dialog]");
    assert!(dialog.has_attribute("open"), "the restore asks first");
    let changes = query(&root, "[data-testid=import-changes]")
        .text_content()
        .unwrap();
    assert!(changes.contains("Chapter 0"), "{changes}");
    query(&root, "[data-testid=import-confirm]").click();
    settle().await;
    assert!(!query(&root, "[data-testid=import-dialog]").has_attribute("open"));
    let stored = cloudlab::storage::read_stored().unwrap();
    let catalog = cloudlab_course::Catalog::load().unwrap();
    let restored = stored.parse_with(&catalog).unwrap();
    assert!(!restored.progress.chapters[&0].reached.is_empty());
}

#[wasm_bindgen_test]
async fn a_key_pair_name_with_a_slash_still_hands_over_its_private_key() {
    let root = start("#/chapter/4/step/key-pair");
    settle().await;
    query(&root, "[data-testid=console-key-pairs]").click();
    settle().await;
    fill(&root, "input[name=key-name]", "team/web-key");
    query(&root, "[data-testid=create-key-pair]").click();
    settle().await;
    let created = query(&root, "[data-testid=key-created]")
        .text_content()
        .unwrap();
    assert!(created.contains("~/team_web-key.pem"), "{created}");
    query(&root, "[data-testid=tab-terminal]").click();
    type_line(&root, "head -1 team_web-key.pem");
    settle().await;
    assert!(
        screen_text(&root).contains("BEGIN OPENSSH PRIVATE KEY"),
        "{}",
        screen_text(&root)
    );
}

#[wasm_bindgen_test]
async fn rewinding_a_step_undoes_the_lab_and_the_checkpoint() {
    let root = start("#/chapter/4/step/key-pair");
    settle().await;
    query(&root, "[data-testid=tab-terminal]").click();
    type_line(
        &root,
        "aws ec2 create-key-pair --key-name web-key --key-type ed25519 --query KeyMaterial --output text > web-key.pem",
    );
    settle().await;
    assert!(
        query(&root, "[data-checkpoint=key-pair-created]")
            .get_attribute("data-passed")
            .as_deref()
            == Some("true")
    );
    // window.confirm answers yes in this test.
    js_sys::eval("window.confirm = () => true").unwrap();
    query(&root, "[data-testid=rewind-menu] summary").click();
    settle().await;
    query(
        &root,
        "[data-testid=rewind-menu] button[data-step=key-pair]",
    )
    .click();
    settle().await;
    assert_eq!(
        query(&root, "[data-checkpoint=key-pair-created]")
            .get_attribute("data-passed")
            .as_deref(),
        Some("false")
    );
    assert!(screen_text(&root).contains("rewound"));
    type_line(
        &root,
        "aws ec2 describe-key-pairs --query 'KeyPairs[].KeyName' --output text",
    );
    settle().await;
    let screen = screen_text(&root);
    let last = screen
        .rsplit("describe-key-pairs")
        .next()
        .unwrap_or_default();
    assert!(!last.contains("web-key"), "{screen}");
}

/// The output of the last terminal row.
fn last_output(root: &HtmlElement) -> String {
    query_all(root, "[data-testid=terminal-entry]")
        .last()
        .and_then(|row| {
            row.query_selector("[data-testid=terminal-output]")
                .ok()
                .flatten()
        })
        .and_then(|out| out.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_first_ssh_asks_to_trust_the_host_key_at_the_prompt() {
    let root = start("#/chapter/5");
    settle().await;
    query(&root, "[data-testid=tab-terminal]").click();
    type_line(&root, "chmod 400 web-key.pem");
    type_line(
        &root,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query 'Reservations[].Instances[].PublicIpAddress' --output text",
    );
    settle().await;
    let ip = last_output(&root).trim().to_string();
    assert!(ip.split('.').count() == 4, "no address: {ip:?}");
    type_line(&root, &format!("ssh -i web-key.pem ubuntu@{ip}"));
    settle().await;
    assert!(
        last_output(&root).contains("The authenticity of host"),
        "{}",
        last_output(&root)
    );
    let prompt = query(&root, "label[for=terminal-input-5]")
        .text_content()
        .unwrap();
    assert!(prompt.contains("continue connecting"), "{prompt}");
    type_line(&root, "yes");
    settle().await;
    let prompt = query(&root, "label[for=terminal-input-5]")
        .text_content()
        .unwrap();
    assert!(prompt.starts_with("ubuntu@ip-"), "{prompt}");
}

#[wasm_bindgen_test]
async fn the_quiz_links_to_the_next_chapter_and_the_last_one_home() {
    let root = start("#/chapter/4/step/quiz");
    settle().await;
    let next = query(&root, "[data-testid=next-chapter]");
    assert_eq!(next.get_attribute("href").as_deref(), Some("#/chapter/5"));
    let last = cloudlab_course::Catalog::embedded()
        .expect("the tests embed the lessons")
        .expect("the lessons load")
        .chapters()
        .map(|c| c.number)
        .max()
        .expect("there are chapters");
    let root = start(&format!("#/chapter/{last}/step/quiz"));
    settle().await;
    assert!(
        root.query_selector("[data-testid=next-chapter]")
            .unwrap()
            .is_none()
    );
    query(&root, "[data-testid=back-to-chapters]");
}

#[wasm_bindgen_test]
async fn the_terminal_stays_open_when_the_learner_moves_to_another_step() {
    let root = start("#/chapter/4/step/key-pair");
    settle().await;
    query(&root, "[data-testid=tab-terminal]").click();
    settle().await;
    window()
        .location()
        .set_hash("#/chapter/4/step/security-group")
        .unwrap();
    settle().await;
    assert!(!query(&root, "#panel-terminal").has_attribute("hidden"));
    assert!(query(&root, "#panel-console").has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn the_console_hibernates_protects_and_prices_an_instance() {
    let root = start("#/chapter/6/step/hibernate");
    settle().await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-instances]").click();
    settle().await;
    let state = || {
        query(&root, "[data-testid=instances-panel] tr[data-instance]")
            .get_attribute("data-state")
            .unwrap_or_default()
    };
    assert_eq!(state(), "running");
    query(
        &root,
        "[data-testid=instances-panel] button[data-action=hibernate]",
    )
    .click();
    settle().await;
    assert_eq!(state(), "stopping");
    let panel = text(&root, "[data-testid=instances-panel]");
    assert!(panel.contains("hibernated"), "{panel}");
    query(&root, "[data-testid=fast-forward-60]").click();
    settle().await;
    assert_eq!(state(), "stopped");

    // With stop protection on, terminating is refused too, and the reason shows.
    query(
        &root,
        "[data-testid=instances-panel] button[data-action=togglestopprotection]",
    )
    .click();
    settle().await;
    query(
        &root,
        "[data-testid=instances-panel] button[data-action=terminate]",
    )
    .click();
    settle().await;
    let error = text(&root, "[data-testid=console-error]");
    assert!(error.contains("OperationNotPermitted"), "{error}");
    assert!(error.contains("disableApiStop"), "{error}");
    assert_eq!(state(), "stopped");

    query(&root, "[data-testid=console-pricing]").click();
    settle().await;
    let on_demand = text(
        &root,
        r#"[data-testid=pricing-table] tr[data-price="t3.micro On-Demand"]"#,
    );
    assert!(on_demand.contains("$0.0130"), "{on_demand}");
    assert!(on_demand.contains("$9.49"), "{on_demand}");
    assert_eq!(
        query_all(&root, "[data-testid=pricing-table] tr[data-price]").len(),
        5
    );
}

#[wasm_bindgen_test]
async fn the_console_attaches_a_volume_only_in_its_zone_and_images_an_instance() {
    let root = start("#/chapter/7/step/volume");
    settle().await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-volumes]").click();
    settle().await;
    // web runs in ap-northeast-2a: a volume in 2c cannot attach to it.
    choose(&root, "select[name=volume-zone]", "ap-northeast-2c");
    query(&root, "[data-testid=create-volume]").click();
    settle().await;
    query(&root, "[data-testid=fast-forward-60]").click();
    settle().await;
    query(&root, "[data-testid=attach-volume]").click();
    settle().await;
    let error = text(&root, "[data-testid=console-error]");
    assert!(error.contains("InvalidVolume.ZoneMismatch"), "{error}");
    choose(&root, "select[name=volume-zone]", "ap-northeast-2a");
    query(&root, "[data-testid=create-volume]").click();
    settle().await;
    query(&root, "[data-testid=fast-forward-60]").click();
    settle().await;
    let near = query_all(
        &root,
        r#"[data-testid=volumes-table] tr[data-state="available"]"#,
    )
    .into_iter()
    .find(|row| {
        row.text_content()
            .unwrap_or_default()
            .contains("ap-northeast-2a")
    })
    .and_then(|row| row.get_attribute("data-volume"))
    .expect("an available volume in ap-northeast-2a");
    choose(&root, "select[name=attach-volume]", &near);
    query(&root, "[data-testid=attach-volume]").click();
    settle().await;
    query(&root, "[data-testid=fast-forward-60]").click();
    settle().await;
    let row = text(
        &root,
        &format!(r#"[data-testid=volumes-table] tr[data-volume="{near}"]"#),
    );
    assert!(row.contains("/dev/sdf (attached)"), "{row}");
    let passed = query(&root, r#"[data-checkpoint="volume-attached"]"#);
    assert_eq!(passed.get_attribute("data-passed").as_deref(), Some("true"));

    query(&root, "[data-testid=console-images]").click();
    settle().await;
    query(&root, "[data-testid=create-image]").click();
    settle().await;
    let row = text(&root, "[data-testid=images-table] tr[data-image]");
    assert!(row.contains("web-v1") && row.contains("pending"), "{row}");
}

#[wasm_bindgen_test]
async fn the_console_shows_a_load_balancer_and_a_group_with_its_chart() {
    let root = start("#/chapter/8/step/auto-scaling");
    settle().await;
    let lines = [
        "VPC=$(aws ec2 describe-vpcs --query Vpcs[0].VpcId --output text)",
        "A=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=ap-northeast-2a --query Subnets[0].SubnetId --output text)",
        "C=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=ap-northeast-2c --query Subnets[0].SubnetId --output text)",
        "SG=$(aws ec2 create-security-group --group-name alb-sg --description lb --query GroupId --output text)",
        "TG=$(aws elbv2 create-target-group --name web-tg --protocol HTTP --port 80 --vpc-id $VPC --query TargetGroups[0].TargetGroupArn --output text)",
        "LB=$(aws elbv2 create-load-balancer --name web-alb --subnets $A $C --security-groups $SG --query LoadBalancers[0].LoadBalancerArn --output text)",
        "aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG",
        "AMI=$(aws ec2 describe-images --owners amazon --filters Name=name,Values=al2023-ami-2023*-x86_64 --query Images[0].ImageId --output text)",
        r#"aws ec2 create-launch-template --launch-template-name web --launch-template-data "{\"ImageId\":\"$AMI\",\"InstanceType\":\"t3.micro\"}""#,
        r#"aws autoscaling create-auto-scaling-group --auto-scaling-group-name web-asg --launch-template LaunchTemplateName=web --min-size 2 --max-size 4 --vpc-zone-identifier "$A,$C" --target-group-arns $TG"#,
    ];
    for line in lines {
        type_line(&root, line);
        settle().await;
    }
    query(&root, "[data-testid=fast-forward-600]").click();
    settle().await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-load-balancers]").click();
    settle().await;
    let lb = query(
        &root,
        "[data-testid=load-balancers-table] tr[data-load-balancer=web-alb]",
    );
    assert_eq!(lb.get_attribute("data-state").as_deref(), Some("active"));
    // Both instances are registered; their security group does not let the load
    // balancer in, and the page says why.
    let targets = query_all(
        &root,
        r#"[data-testid=targets-table] tr[data-health="unhealthy"]"#,
    );
    assert_eq!(targets.len(), 2);
    let why = text(&root, "[data-testid=targets-table]");
    assert!(why.contains("Target.Timeout"), "{why}");

    query(&root, "[data-testid=console-auto-scaling]").click();
    settle().await;
    let group = text(
        &root,
        "[data-testid=auto-scaling-table] tr[data-group=web-asg]",
    );
    assert!(group.contains("2 / 2 / 4"), "{group}");
    assert_eq!(
        query_all(
            &root,
            "[data-testid=scaling-chart] polyline[data-series=in-service]"
        )
        .len(),
        1
    );
    let summary = text(&root, "[data-testid=scaling-chart-summary]");
    assert!(summary.contains("web-asg"), "{summary}");
    fill(&root, "input[name=desired-capacity]", "3");
    query(&root, "[data-testid=set-desired-capacity]").click();
    settle().await;
    let group = text(
        &root,
        "[data-testid=auto-scaling-table] tr[data-group=web-asg]",
    );
    assert!(group.contains("2 / 3 / 4"), "{group}");
    fill(&root, "input[name=desired-capacity]", "9");
    query(&root, "[data-testid=set-desired-capacity]").click();
    settle().await;
    let error = text(&root, "[data-testid=console-error]");
    assert!(error.contains("above max value 4"), "{error}");
}

#[wasm_bindgen_test]
async fn the_network_map_draws_the_vpc_and_traces_paths_hop_by_hop() {
    let root = start("#/chapter/9/step/two-tiers");
    settle().await;
    let lines = [
        "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)",
        "PUB=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-2a --query Subnet.SubnetId --output text)",
        "PRIV=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.11.0/24 --availability-zone ap-northeast-2c --query Subnet.SubnetId --output text)",
        "IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)",
        "aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC",
        "RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)",
        "aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW",
        "aws ec2 associate-route-table --route-table-id $RT --subnet-id $PUB",
        "SG=$(aws ec2 create-security-group --group-name web-sg --description web --vpc-id $VPC --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0",
        "AMI=$(aws ec2 describe-images --owners amazon --filters Name=name,Values=al2023-ami-2023*-x86_64 --query Images[0].ImageId --output text)",
        "aws ec2 run-instances --image-id $AMI --instance-type t3.micro --subnet-id $PUB --associate-public-ip-address --security-group-ids $SG --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]'",
        "aws ec2 run-instances --image-id $AMI --instance-type t3.micro --subnet-id $PRIV --security-group-ids $SG --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=db}]'",
    ];
    for line in lines {
        type_line(&root, line);
        settle().await;
    }
    query(&root, "[data-testid=fast-forward-60]").click();
    settle().await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-vpcs]").click();
    settle().await;
    assert_eq!(
        query_all(&root, "[data-testid=subnets-table] tr[data-kind=public]").len(),
        5,
        "the public subnet and the default VPC's four"
    );
    assert_eq!(
        query_all(&root, "[data-testid=subnets-table] tr[data-kind=private]").len(),
        1
    );

    query(&root, "[data-testid=console-network-map]").click();
    settle().await;
    let diagram = query(&root, "[data-testid=network-diagram]");
    assert_eq!(query_all(&diagram, "[data-subnet]").len(), 2);
    assert_eq!(
        query_all(&diagram, "[data-subnet][data-public=true]").len(),
        1
    );
    assert_eq!(query_all(&diagram, "[data-node^=i-]").len(), 2);
    // The internet to the private instance: its subnet's route table blocks it.
    let db = query(&root, "[data-testid=path-destination] option:nth-child(2)")
        .get_attribute("value")
        .unwrap_or_default();
    choose(&root, "[data-testid=path-destination]", &db);
    fill(&root, "[data-testid=path-port]", "80");
    query(&root, "[data-testid=path-trace]").click();
    settle().await;
    let result = query(&root, "[data-testid=reachability-result]");
    assert_eq!(
        result.get_attribute("data-reachable").as_deref(),
        Some("false")
    );
    let said = result.text_content().unwrap_or_default();
    assert!(said.contains("no route"), "{said}");
    assert_eq!(query_all(&diagram, "[data-mark=blocked]").len(), 1);
    // To the public one, every hop passes and the path is drawn.
    let web = query(&root, "[data-testid=path-destination] option:nth-child(1)")
        .get_attribute("value")
        .unwrap_or_default();
    choose(&root, "[data-testid=path-destination]", &web);
    query(&root, "[data-testid=path-trace]").click();
    settle().await;
    let result = query(&root, "[data-testid=reachability-result]");
    assert_eq!(
        result.get_attribute("data-reachable").as_deref(),
        Some("true")
    );
    assert!(query_all(&result, "li[data-passed=false]").is_empty());
    let diagram = query(&root, "[data-testid=network-diagram]");
    assert!(query_all(&diagram, "[data-mark=path]").len() >= 3);
    assert!(query_all(&diagram, "[data-mark=blocked]").is_empty());
}

#[wasm_bindgen_test]
async fn the_buckets_page_lists_buckets_and_objects() {
    let root = start("#/chapter/9/step/vpc-and-subnets");
    settle().await;
    type_lines(
        &root,
        &[
        "aws s3 mb s3://cloudlab-web-test-bucket",
        "echo hello > hello.txt",
        "aws s3 cp hello.txt s3://cloudlab-web-test-bucket/notes/hello.txt --storage-class STANDARD_IA",
        ],
    )
    .await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-buckets]").click();
    settle().await;
    let bucket = text(
        &root,
        "[data-testid=buckets-table] tr[data-bucket=cloudlab-web-test-bucket]",
    );
    assert!(bucket.contains("ap-northeast-2"), "{bucket}");
    assert!(bucket.contains("all blocked"), "{bucket}");
    let object = text(
        &root,
        r#"[data-testid=objects-table] tr[data-object="cloudlab-web-test-bucket/notes/hello.txt"]"#,
    );
    assert!(object.contains("STANDARD_IA"), "{object}");
    assert!(object.contains('6'), "{object}");
}

#[wasm_bindgen_test]
async fn the_buckets_page_shows_settings_and_versions() {
    let root = start("#/chapter/9/step/vpc-and-subnets");
    settle().await;
    type_lines(
        &root,
        &[
        "aws s3 mb s3://cloudlab-web-versions",
        "aws s3api put-bucket-versioning --bucket cloudlab-web-versions --versioning-configuration Status=Enabled",
        "echo one > page.html",
        "aws s3 cp page.html s3://cloudlab-web-versions/page.html --cache-control max-age=60",
        "echo two > page.html",
        "aws s3 cp page.html s3://cloudlab-web-versions/page.html",
        "aws s3 rm s3://cloudlab-web-versions/page.html",
        ],
    )
    .await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-buckets]").click();
    settle().await;
    let settings = text(&root, "[data-testid=bucket-settings]");
    assert!(settings.contains("Versioning:Enabled"), "{settings}");
    assert!(settings.contains("SSE-S3"), "{settings}");
    let versions = query_all(&root, "[data-testid=versions-table] tbody tr");
    assert_eq!(versions.len(), 3, "two versions and a delete marker");
    let table = text(&root, "[data-testid=versions-table]");
    assert!(table.contains("delete marker (hides the key)"), "{table}");
    assert!(table.contains("older version"), "{table}");
}

#[wasm_bindgen_test]
async fn the_distributions_page_requests_from_a_city_and_invalidates() {
    let root = start("#/chapter/9/step/vpc-and-subnets");
    settle().await;
    type_lines(
        &root,
        &[
        "aws s3 mb s3://cloudlab-web-cdn",
        "echo '<h1>cdn</h1>' > index.html",
        "aws s3 cp index.html s3://cloudlab-web-cdn/index.html",
        "aws s3 website s3://cloudlab-web-cdn --index-document index.html",
        "aws s3api put-public-access-block --bucket cloudlab-web-cdn --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false",
        "echo '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::cloudlab-web-cdn/*\"}]}' > p.json",
        "aws s3api put-bucket-policy --bucket cloudlab-web-cdn --policy file://p.json",
        "aws cloudfront create-distribution --origin-domain-name cloudlab-web-cdn.s3-website.ap-northeast-2.amazonaws.com --default-root-object index.html",
        ],
    )
    .await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-distributions]").click();
    settle().await;
    let row = text(&root, "[data-testid=distributions-table] tbody tr");
    assert!(row.contains("InProgress"), "{row}");
    assert!(row.contains("allow-all"), "{row}");
    query(&root, "[data-testid=viewer-send]").click();
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=viewer-x-cache]"),
        "Miss from cloudfront"
    );
    query(&root, "[data-testid=viewer-send]").click();
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=viewer-x-cache]"),
        "Hit from cloudfront"
    );
    let copies = text(&root, "[data-testid=edge-copies-table]");
    assert!(copies.contains("ICN57-P1"), "{copies}");
    assert!(copies.contains("/index.html"), "{copies}");
    query(&root, "[data-testid=create-invalidation]").click();
    settle().await;
    let invalidations = text(&root, "[data-testid=invalidations-table]");
    assert!(invalidations.contains("InProgress"), "{invalidations}");
    assert!(invalidations.contains("/*"), "{invalidations}");
    assert!(query_all(&root, "[data-testid=edge-copies-table] tbody tr[data-copy]").is_empty());
}

#[wasm_bindgen_test]
async fn the_databases_page_shows_failover_snapshots_and_tables() {
    let root = start("#/chapter/9/step/vpc-and-subnets");
    settle().await;
    type_lines(
        &root,
        &[
            "aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 3306 --cidr 0.0.0.0/0",
            "aws rds create-db-instance --db-instance-identifier webdb --db-instance-class db.t3.micro --engine mysql --master-username admin --master-user-password Passw0rd! --allocated-storage 20 --multi-az --publicly-accessible",
            "aws rds wait db-instance-available --db-instance-identifier webdb",
            "EP=$(aws rds describe-db-instances --query 'DBInstances[0].Endpoint.Address' --output text)",
            "mysql -h $EP -u admin -pPassw0rd! -e \"CREATE DATABASE shop; CREATE TABLE shop.items (id INT PRIMARY KEY); INSERT INTO shop.items VALUES (1), (2)\"",
        ],
    )
    .await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-databases]").click();
    settle().await;
    let row = text(&root, "[data-testid=db-instances-table] tbody tr");
    assert!(row.contains("available"), "{row}");
    assert!(row.contains("standby in"), "{row}");
    assert!(row.contains(".rds.amazonaws.com"), "{row}");
    let tables = text(&root, "[data-testid=db-tables-table]");
    assert!(tables.contains("shop.items"), "{tables}");
    query(&root, "[name=force-failover]").click();
    query(&root, "[data-testid=reboot-db]").click();
    settle().await;
    let row = text(&root, "[data-testid=db-instances-table] tbody tr");
    assert!(row.contains("rebooting"), "{row}");
    // A snapshot needs the instance available again.
    query(&root, "[data-testid=tab-terminal]").click();
    settle().await;
    type_lines(&root, &["sleep 2m"]).await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-databases]").click();
    settle().await;
    fill(&root, "[name=snapshot-name]", "before-change");
    query(&root, "[data-testid=take-db-snapshot]").click();
    settle().await;
    let snapshots = text(&root, "[data-testid=db-snapshots-table]");
    assert!(snapshots.contains("before-change"), "{snapshots}");
    assert!(
        snapshots.contains("manual: kept until you delete it"),
        "{snapshots}"
    );
}

#[wasm_bindgen_test]
async fn the_tables_page_compares_a_query_with_a_scan() {
    let root = start("#/chapter/9/step/vpc-and-subnets");
    settle().await;
    type_lines(
        &root,
        &[
            "aws dynamodb create-table --table-name Music --attribute-definitions AttributeName=Artist,AttributeType=S AttributeName=SongTitle,AttributeType=S --key-schema AttributeName=Artist,KeyType=HASH AttributeName=SongTitle,KeyType=RANGE --billing-mode PAY_PER_REQUEST",
            "aws dynamodb wait table-exists --table-name Music",
            "aws dynamodb put-item --table-name Music --item '{\"Artist\": {\"S\": \"IU\"}, \"SongTitle\": {\"S\": \"Palette\"}}'",
            "aws dynamodb put-item --table-name Music --item '{\"Artist\": {\"S\": \"IU\"}, \"SongTitle\": {\"S\": \"Blueming\"}}'",
            "aws dynamodb put-item --table-name Music --item '{\"Artist\": {\"S\": \"BTS\"}, \"SongTitle\": {\"S\": \"Dynamite\"}}'",
        ],
    )
    .await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-tables]").click();
    settle().await;
    let row = text(&root, "[data-testid=dynamodb-tables-table] tbody tr");
    assert!(row.contains("ACTIVE"), "{row}");
    assert!(row.contains("Artist (S) + SongTitle (S)"), "{row}");
    fill(&root, "[name=reader-partition]", "IU");
    query(&root, "[data-testid=reader-query]").click();
    settle().await;
    assert_eq!(text(&root, "[data-testid=reader-count]"), "2");
    assert_eq!(text(&root, "[data-testid=reader-scanned]"), "2");
    let items = text(&root, "[data-testid=reader-items]");
    assert!(items.contains("SongTitle=Blueming"), "{items}");
    query(&root, "[data-testid=reader-scan]").click();
    settle().await;
    assert_eq!(text(&root, "[data-testid=reader-scanned]"), "3");
}

#[wasm_bindgen_test]
async fn the_caches_page_fails_over_a_group_and_empties_a_memcached_node() {
    let root = start("#/chapter/9/step/vpc-and-subnets");
    settle().await;
    type_lines(
        &root,
        &[
            "aws elasticache create-replication-group --replication-group-id sessions --replication-group-description sessions --engine valkey --cache-node-type cache.t3.micro --num-cache-clusters 2 --automatic-failover-enabled --multi-az-enabled",
            "aws elasticache create-cache-cluster --cache-cluster-id pages --engine memcached --cache-node-type cache.t3.micro --num-cache-nodes 2 --az-mode cross-az",
            "aws elasticache wait replication-group-available --replication-group-id sessions",
            "aws elasticache wait cache-cluster-available --cache-cluster-id pages",
        ],
    )
    .await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-caches]").click();
    settle().await;
    let sessions = text(&root, "[data-testid=caches-table] tr[data-cache=sessions]");
    assert!(sessions.contains("Valkey 8.0.1"), "{sessions}");
    assert!(
        sessions.contains("sessions-001primary · ap-northeast-2a"),
        "{sessions}"
    );
    assert!(
        sessions.contains("sessions-002replica · ap-northeast-2b"),
        "{sessions}"
    );
    assert!(
        sessions.contains(".ng.0001.apn2.cache.amazonaws.com"),
        "{sessions}"
    );
    let pages = text(&root, "[data-testid=caches-table] tr[data-cache=pages]");
    assert!(pages.contains("Memcached 1.6.22"), "{pages}");
    assert!(pages.contains(".cfg.apn2.cache.amazonaws.com"), "{pages}");
    query(&root, "[data-testid=test-failover]").click();
    settle().await;
    let status = query(&root, "[data-testid=caches-table] tr[data-cache=sessions]")
        .get_attribute("data-status")
        .unwrap_or_default();
    assert_eq!(status, "modifying");
    query(&root, "[data-testid=reboot-cache-node]").click();
    settle().await;
    let done = text(&root, "[data-testid=cache-action-done]");
    assert!(!done.is_empty(), "the action says what it did");
}

fn fill_text_area(root: &HtmlElement, css: &str, value: &str) {
    let area: web_sys::HtmlTextAreaElement = query(root, css).unchecked_into();
    area.set_value(value);
    let event = web_sys::Event::new("input").expect("event");
    area.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_functions_page_deploys_edited_code_and_tests_it() {
    let root = start("#/chapter/14/step/first-function");
    settle().await;
    type_lines(
        &root,
        &[
            "cat > lambda_function.py <<'EOF'",
            "def lambda_handler(event, context):",
            "    print('hi from the terminal')",
            "    return {'statusCode': 200}",
            "EOF",
            "zip function.zip lambda_function.py",
            "aws iam create-role --role-name r --assume-role-policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}'",
            "aws iam attach-role-policy --role-name r --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "aws lambda create-function --function-name hello --runtime python3.13 --role arn:aws:iam::123456789012:role/r --handler lambda_function.lambda_handler --zip-file fileb://function.zip",
            "aws lambda wait function-active-v2 --function-name hello",
        ],
    )
    .await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-functions]").click();
    settle().await;
    let row = text(
        &root,
        "[data-testid=functions-table] tr[data-function=hello]",
    );
    assert!(row.contains("python3.13 · Active · 128 MB · 3 s"), "{row}");
    let editor = text(&root, "[data-testid=code-editor]");
    assert!(
        editor.contains("lambda_function.lambda_handler"),
        "{editor}"
    );
    let code: web_sys::HtmlTextAreaElement =
        query(&root, "[data-testid=code-text]").unchecked_into();
    assert!(
        code.value().contains("hi from the terminal"),
        "{}",
        code.value()
    );
    fill_text_area(
        &root,
        "[data-testid=code-text]",
        "def lambda_handler(event, context):\n    print('hello', event['name'])\n    return {'greeting': 'Hello, ' + event['name'] + '!'}\n",
    );
    query(&root, "[data-testid=deploy-code]").click();
    settle().await;
    let done = text(&root, "[data-testid=function-action-done]");
    assert!(!done.is_empty(), "the deploy says what it did");
    query(&root, "[data-testid=test-function]").click();
    settle().await;
    let result = text(&root, "[data-testid=test-result]");
    assert!(
        result.contains("{\"greeting\":\"Hello, Ada!\"}"),
        "{result}"
    );
    let log = text(&root, "[data-testid=test-log]");
    assert!(log.contains("hello Ada"), "{log}");
    assert!(log.contains("REPORT RequestId:"), "{log}");
}

#[wasm_bindgen_test]
async fn the_inbox_confirms_a_subscription_and_route53_lists_the_records() {
    let root = start("#/chapter/15/step/email-topic");
    settle().await;
    type_lines(
        &root,
        &[
            "aws sns create-topic --name ops-alerts",
            "aws sns subscribe --topic-arn arn:aws:sns:ap-northeast-2:123456789012:ops-alerts --protocol email --notification-endpoint you@example.com",
            "aws route53 create-hosted-zone --name my-cloudlab.com --caller-reference zone-1",
        ],
    )
    .await;
    query(&root, "[data-testid=tab-console]").click();
    settle().await;
    query(&root, "[data-testid=console-topics]").click();
    settle().await;
    let status = text(
        &root,
        "[data-testid=topics-table] [data-testid=subscription-status]",
    );
    assert_eq!(status, "PendingConfirmation");
    query(&root, "[data-testid=console-inbox]").click();
    settle().await;
    let body = text(&root, "[data-testid=inbox-body]");
    assert!(
        body.contains("You have chosen to subscribe to the topic:"),
        "{body}"
    );
    query(&root, "[data-testid=inbox-confirm]").click();
    settle().await;
    let done = text(&root, "[data-testid=inbox-done]");
    assert!(done.contains("ops-alerts"), "{done}");
    query(&root, "[data-testid=console-topics]").click();
    settle().await;
    let status = text(
        &root,
        "[data-testid=topics-table] [data-testid=subscription-status]",
    );
    assert_eq!(status, "Confirmed");
    query(&root, "[data-testid=console-hosted-zones]").click();
    settle().await;
    let zones = text(&root, "[data-testid=hosted-zones-table]");
    assert!(zones.contains("my-cloudlab.com."), "{zones}");
    let records = text(&root, "[data-testid=records-table]");
    assert!(
        records.contains("SOA") && records.contains("awsdns-hostmaster.amazon.com."),
        "{records}"
    );
}
