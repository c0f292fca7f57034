//! Chapters 1, 2 and 3 played start to finish like a learner, once in English
//! and once in Korean: each step is opened in turn with the "Next" link, the
//! task is done in the terminal or the console (the English run makes the admin
//! user and the budget in the console, the Korean run in the terminal; values such
//! as ids are read back from the terminal's answers, as a learner copies them),
//! every checkpoint is waited for, a wrong choice is shown with its reason, and
//! the quiz is answered until each question says it is right. After a reload,
//! the chapter list shows the three chapters as done.

use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure, keys};

/// The chapter scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapters_1_to_3_in_english",
        run: chapters_1_to_3_in_english,
    },
    Scenario {
        name: "chapters_1_to_3_in_korean",
        run: chapters_1_to_3_in_korean,
    },
];

/// The interface language a scenario plays in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lang {
    En,
    Ko,
}

impl Lang {
    /// `en` or `ko`, as `<html lang>` says.
    pub(super) fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// Picks the text for this language.
    pub(super) fn pick(self, en: &'static str, ko: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Ko => ko,
        }
    }
}

fn chapters_1_to_3_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapters_1_to_3(b, site, Lang::En)
}

fn chapters_1_to_3_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapters_1_to_3(b, site, Lang::Ko)
}

fn play_chapters_1_to_3(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;

    chapter_1(b, lang)?;
    chapter_2(b, lang)?;
    chapter_3(b, lang)?;

    // Progress survives a reload; the chapter list counts the three as done.
    b.refresh()?;
    b.go_to_hash("#/")?;
    for chapter in 1..=3 {
        b.wait_for_text(
            &format!(r#"a[data-chapter="{chapter}"] [data-testid=chapter-progress]"#),
            lang.pick("Done", "완료"),
            DEFAULT_WAIT,
        )?;
    }
    let html_lang = b.execute("return document.documentElement.lang;", Vec::new())?;
    ensure(
        html_lang.as_str() == Some(lang.code()),
        format!("after reload the page language is {html_lang}"),
    )
}

/// Switches the interface to `lang` with the header's language buttons.
pub(super) fn choose_language(b: &mut Browser, lang: Lang) -> Result<(), E2eError> {
    if lang == Lang::Ko {
        b.execute(
            "var button = Array.from(document.querySelectorAll('header button'))\
                 .find(function (b) { return b.textContent.trim() === '한국어'; });\
             if (!button) { throw new Error('no 한국어 button in the header'); }\
             button.click();",
            Vec::new(),
        )?;
    }
    b.wait_until(
        &format!("the page to be in {}", lang.code()),
        DEFAULT_WAIT,
        |b| {
            let value = b.execute("return document.documentElement.lang;", Vec::new())?;
            Ok(value.as_str() == Some(lang.code()))
        },
    )
}

/// Opens a chapter from the chapter list at its first step.
pub(super) fn open_chapter(b: &mut Browser, chapter: u32) -> Result<(), E2eError> {
    b.go_to_hash("#/")?;
    b.click_on(&format!(r##"main a[href="#/chapter/{chapter}"]"##))?;
    b.wait_for("main h1#chapter-title", DEFAULT_WAIT)?;
    Ok(())
}

/// Follows the "Next" link and waits until the address names `step`.
pub(super) fn next_step(b: &mut Browser, chapter: u32, step: &str) -> Result<(), E2eError> {
    b.click_on("[data-testid=next-step]")?;
    let wanted = format!("#/chapter/{chapter}/step/{step}");
    b.wait_until(&format!("step {step} to open"), DEFAULT_WAIT, |b| {
        Ok(b.current_url()?.ends_with(&wanted))
    })
}

/// Types `line` into the terminal, presses Enter and returns what it printed.
pub(super) fn run(b: &mut Browser, line: &str) -> Result<String, E2eError> {
    b.click_on("[data-testid=tab-terminal]")?;
    let count = |b: &Browser| -> Result<usize, E2eError> {
        Ok(b.find_all("[data-testid=terminal-entry]")?.len())
    };
    let before = count(b)?;
    let input = b.wait_for("[data-testid=terminal-input]", DEFAULT_WAIT)?;
    b.send_keys(&input, line)?;
    b.send_keys(&input, keys::ENTER)?;
    b.wait_until(&format!("`{line}` to run"), DEFAULT_WAIT, |b| {
        Ok(count(b)? > before)
    })?;
    let output = b.execute(
        "var entries = document.querySelectorAll('[data-testid=terminal-entry]');\
         var last = entries[entries.length - 1];\
         var out = last && last.querySelector('[data-testid=terminal-output]');\
         return out ? out.textContent : '';",
        Vec::new(),
    )?;
    Ok(output.as_str().unwrap_or_default().to_string())
}

/// Runs a command whose answer is one value (`--output text`) and returns it.
pub(super) fn read_value(b: &mut Browser, line: &str) -> Result<String, E2eError> {
    let value = run(b, line)?.trim().to_string();
    ensure(
        !value.is_empty() && !value.contains('\n'),
        format!("`{line}` printed {value:?}, not one value"),
    )?;
    Ok(value)
}

/// Saves a picture of the page as `target/screenshots/<name>-<lang>.png`, for
/// people to look at (not compared by the test).
pub(super) fn screenshot(b: &Browser, name: &str, lang: Lang) -> Result<(), E2eError> {
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&shots)?;
    b.save_screenshot(&shots.join(format!("{name}-{}.png", lang.code())))
}

/// Keeps a screenshot of a console page on a desktop, then on a phone in dark mode.
pub(super) fn page_screenshots(
    b: &mut Browser,
    testid: &str,
    name: &str,
    lang: Lang,
) -> Result<(), E2eError> {
    let top = format!(
        "document.querySelector('[data-testid={testid}]').scrollIntoView({{block: 'start'}});"
    );
    b.execute(&top, vec![])?;
    screenshot(b, name, lang)?;
    b.execute("document.documentElement.classList.add('dark');", vec![])?;
    b.set_viewport(390, 844, true)?;
    b.execute(&top, vec![])?;
    screenshot(b, &format!("{name}-phone-dark"), lang)?;
    b.cdp(
        "Emulation.clearDeviceMetricsOverride",
        serde_json::json!({}),
    )?;
    b.execute("document.documentElement.classList.remove('dark');", vec![])?;
    Ok(())
}

/// Opens a page of the lab's console.
pub(super) fn console_page(b: &mut Browser, page: &str) -> Result<(), E2eError> {
    b.click_on("[data-testid=tab-console]")?;
    b.click_on(&format!("[data-testid=console-{page}]"))
}

/// Moves the lab clock on by `seconds`: the fast-forward buttons in English,
/// `sleep` in Korean.
pub(super) fn pass_time(b: &mut Browser, lang: Lang, seconds: u32) -> Result<(), E2eError> {
    if lang == Lang::Ko {
        run(b, &format!("sleep {seconds}"))?;
        return Ok(());
    }
    let mut left = seconds;
    for (step, button) in [
        (3600, "fast-forward-3600"),
        (600, "fast-forward-600"),
        (60, "fast-forward-60"),
    ] {
        while left >= step {
            b.click_on(&format!("[data-testid={button}]"))?;
            left -= step;
        }
    }
    Ok(())
}

pub(super) fn wait_passed(b: &Browser, checkpoint: &str) -> Result<(), E2eError> {
    b.wait_for(
        &format!(r#"[data-checkpoint="{checkpoint}"][data-passed="true"]"#),
        DEFAULT_WAIT,
    )
    .map(|_| ())
}

/// Waits until a checkpoint fails with a reason that contains `why`.
pub(super) fn wait_failed_because(
    b: &Browser,
    checkpoint: &str,
    why: &str,
) -> Result<(), E2eError> {
    b.wait_for_text(
        &format!(r#"[data-checkpoint="{checkpoint}"][data-passed="false"] p"#),
        why,
        DEFAULT_WAIT,
    )?;
    Ok(())
}

/// Answers the chapter's quiz, reloads the page and waits for the chapter
/// list to call the chapter done: progress survives a reload.
pub(super) fn finish_chapter(b: &mut Browser, chapter: u32, lang: Lang) -> Result<(), E2eError> {
    answer_quiz(b, chapter, lang)?;
    b.refresh()?;
    b.go_to_hash("#/")?;
    b.wait_for_text(
        &format!(r#"a[data-chapter="{chapter}"] [data-testid=chapter-progress]"#),
        lang.pick("Done", "완료"),
        DEFAULT_WAIT,
    )
    .map(|_| ())
}

/// Answers every quiz question of the open chapter, trying the choices in order
/// until the feedback says the answer is right, as a learner may.
pub(super) fn answer_quiz(b: &mut Browser, chapter: u32, lang: Lang) -> Result<(), E2eError> {
    b.click_on(&format!(r##"nav a[href="#/chapter/{chapter}/step/quiz"]"##))?;
    b.wait_for("[data-testid=quiz]", DEFAULT_WAIT)?;
    let questions = b.find_all("[data-testid=quiz] ol > li")?.len();
    ensure(
        questions >= 4,
        format!("chapter {chapter} has {questions} quiz questions"),
    )?;
    let right = lang.pick("Correct.", "정답입니다.");
    for question in 1..=questions {
        let item = format!("[data-testid=quiz] ol > li:nth-child({question})");
        let choices = b.find_all(&format!("{item} input[type=radio]"))?;
        let mut answered = false;
        for choice in choices {
            b.click(&choice)?;
            let feedback =
                b.wait_for(&format!("{item} [data-testid=quiz-feedback]"), DEFAULT_WAIT)?;
            if b.text(&feedback)?.starts_with(right) {
                answered = true;
                break;
            }
        }
        ensure(
            answered,
            format!("chapter {chapter} question {question}: no choice was right"),
        )?;
    }
    b.wait_for_text(
        "[data-testid=quiz] p[aria-live]",
        &format!("{questions}/{questions}"),
        DEFAULT_WAIT,
    )?;
    Ok(())
}

/// Chapter 1: regions and zones from the CLI, then a region per scenario,
/// recorded as CLI profiles.
fn chapter_1(b: &mut Browser, lang: Lang) -> Result<(), E2eError> {
    open_chapter(b, 1)?;
    next_step(b, 1, "regions-and-zones")?;
    let regions = run(b, "aws ec2 describe-regions --output table")?;
    ensure(
        regions.contains("ap-northeast-2"),
        "describe-regions does not list Seoul",
    )?;
    wait_passed(b, "listed-regions")?;
    let zones = run(
        b,
        "aws ec2 describe-availability-zones --query \"AvailabilityZones[].ZoneId\" --output text",
    )?;
    ensure(zones.contains("apne2-az1"), format!("zone ids: {zones:?}"))?;
    wait_passed(b, "listed-zones")?;

    next_step(b, 1, "edge-and-global")?;
    next_step(b, 1, "users-and-law")?;
    run(
        b,
        "aws configure set region ap-northeast-2 --profile shop-kr",
    )?;
    wait_passed(b, "shop-kr-region")?;
    // Seoul is close to Japan, but the clinic's records must stay in Japan.
    run(
        b,
        "aws configure set region ap-northeast-2 --profile clinic-jp",
    )?;
    wait_failed_because(b, "clinic-jp-region", lang.pick("not in Japan", "일본"))?;
    run(
        b,
        "aws configure set region ap-northeast-1 --profile clinic-jp",
    )?;
    wait_passed(b, "clinic-jp-region")?;

    next_step(b, 1, "cost")?;
    run(b, "aws configure set region us-east-2 --profile batch")?;
    wait_passed(b, "batch-region")?;

    next_step(b, 1, "services")?;
    let offering = run(
        b,
        "aws ssm get-parameters-by-path --path /aws/service/global-infrastructure/services/braket/regions --query \"Parameters[].Value\" --output text",
    )?;
    ensure(
        offering.contains("eu-west-2") && offering.contains("eu-north-1"),
        format!("Braket regions: {offering:?}"),
    )?;
    wait_passed(b, "looked-up-service-regions")?;
    // London starts with eu-, but the United Kingdom is not in the EU.
    run(b, "aws configure set region eu-west-2 --profile quantum")?;
    wait_failed_because(
        b,
        "quantum-region",
        lang.pick(
            "not a member of the European Union",
            "EU) 회원국이 아니에요",
        ),
    )?;
    let country = read_value(
        b,
        "aws ssm get-parameter --name /aws/service/global-infrastructure/regions/eu-north-1/geolocationCountry --query Parameter.Value --output text",
    )?;
    ensure(country == "SE", format!("eu-north-1 is in {country:?}"))?;
    screenshot(b, "chapter-1-services-failed-check", lang)?;
    run(b, "aws configure set region eu-north-1 --profile quantum")?;
    wait_passed(b, "quantum-region")?;

    answer_quiz(b, 1, lang)
}

/// Chapter 2: root without keys and with MFA (in the console), an admin user
/// through a group, the sign-in settings, a budget, and nothing left billing.
fn chapter_2(b: &mut Browser, lang: Lang) -> Result<(), E2eError> {
    open_chapter(b, 2)?;
    let who = run(b, "aws sts get-caller-identity --query Arn --output text")?;
    ensure(
        who.trim().ends_with(":root"),
        format!("signed in as {who:?}"),
    )?;
    let root_key = read_value(
        b,
        "aws iam list-access-keys --query \"AccessKeyMetadata[].AccessKeyId\" --output text",
    )?;
    run(
        b,
        &format!("aws iam delete-access-key --access-key-id {root_key}"),
    )?;
    wait_passed(b, "root-has-no-access-keys")?;

    // Root's MFA can only be assigned in the console; the authenticator beside
    // the form shows the codes.
    next_step(b, 2, "root-mfa")?;
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-root-mfa]")?;
    b.click_on("[data-testid=create-root-mfa]")?;
    let first = mfa_code(b)?;
    b.click_on("[data-testid=next-mfa-code]")?;
    b.wait_until("the next MFA code", DEFAULT_WAIT, |b| {
        Ok(mfa_code(b)? != first)
    })?;
    let second = mfa_code(b)?;
    b.type_into("input[name=mfa-code-1]", &first)?;
    b.type_into("input[name=mfa-code-2]", &second)?;
    b.click_on("[data-testid=enable-root-mfa]")?;
    b.wait_for("[data-testid=root-mfa-assigned]", DEFAULT_WAIT)?;
    wait_passed(b, "root-has-mfa")?;
    screenshot(b, "chapter-2-root-mfa", lang)?;

    next_step(b, 2, "admin-user")?;
    match lang {
        // In English the admin is made in the console's IAM pages, in Korean
        // in the terminal: both lead to the same checkpoints.
        Lang::En => admin_in_console(b)?,
        Lang::Ko => {
            for line in [
                "aws iam create-group --group-name admins",
                "aws iam attach-group-policy --group-name admins --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
                "aws iam create-user --user-name admin",
                "aws iam add-user-to-group --user-name admin --group-name admins",
            ] {
                run(b, line)?;
            }
            wait_passed(b, "admin-via-group")?;
            run(
                b,
                "aws iam create-login-profile --user-name admin --password \"Correct-Horse-Battery-9\" --password-reset-required",
            )?;
        }
    }
    wait_passed(b, "admin-via-group")?;
    wait_passed(b, "admin-can-sign-in")?;

    next_step(b, 2, "sign-in-settings")?;
    let account = read_value(
        b,
        "aws sts get-caller-identity --query Account --output text",
    )?;
    run(
        b,
        &format!("aws iam create-account-alias --account-alias cloudlab-{account}"),
    )?;
    wait_passed(b, "alias-set")?;
    // A weak policy first: the checkpoint says what is missing.
    run(
        b,
        "aws iam update-account-password-policy --minimum-password-length 8",
    )?;
    wait_failed_because(
        b,
        "strong-password-policy",
        lang.pick("a minimum length of 14 (it is 8)", "최소 길이 14(지금은 8)"),
    )?;
    run(
        b,
        "aws iam update-account-password-policy --minimum-password-length 14 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password",
    )?;
    wait_passed(b, "strong-password-policy")?;

    next_step(b, 2, "budget")?;
    match lang {
        Lang::En => {
            b.click_on("[data-testid=tab-console]")?;
            b.click_on("[data-testid=console-budgets]")?;
            b.type_into("input[name=budget-email]", "learner@example.com")?;
            b.click_on("[data-testid=create-budget]")?;
            b.wait_for("[data-testid=budget-created]", DEFAULT_WAIT)?;
        }
        Lang::Ko => {
            run(
                b,
                &format!(
                    "aws budgets create-budget --account-id {account} --budget \"BudgetName=monthly-cost,BudgetLimit={{Amount=10,Unit=USD}},TimeUnit=MONTHLY,BudgetType=COST\" --notifications-with-subscribers \"Notification={{NotificationType=ACTUAL,ComparisonOperator=GREATER_THAN,Threshold=80,ThresholdType=PERCENTAGE}},Subscribers=[{{SubscriptionType=EMAIL,Address=learner@example.com}}]\""
                ),
            )?;
        }
    }
    wait_passed(b, "budget-with-alert")?;

    next_step(b, 2, "what-costs")?;
    wait_failed_because(b, "nothing-billed", "$")?;
    let instance = read_value(
        b,
        "aws ec2 describe-instances --filters Name=tag:Name,Values=test --query \"Reservations[].Instances[].InstanceId\" --output text",
    )?;
    run(
        b,
        &format!("aws ec2 terminate-instances --instance-ids {instance}"),
    )?;
    let allocation = read_value(
        b,
        "aws ec2 describe-addresses --query \"Addresses[].AllocationId\" --output text",
    )?;
    run(
        b,
        &format!("aws ec2 release-address --allocation-id {allocation}"),
    )?;
    // Termination takes a moment of lab time.
    b.click_on("[data-testid=fast-forward-60]")?;
    wait_passed(b, "nothing-billed")?;

    answer_quiz(b, 2, lang)?;
    screenshot(b, "chapter-2-quiz", lang)
}

/// The group `admins` with AdministratorAccess and the user `admin` in it, with a
/// console password, made in the console's IAM pages.
fn admin_in_console(b: &mut Browser) -> Result<(), E2eError> {
    let admin_access = "arn:aws:iam::aws:policy/AdministratorAccess";
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-iam-groups]")?;
    b.type_into("input[name=new-group-name]", "admins")?;
    b.click_on("[data-testid=create-group]")?;
    b.click_on(&format!(
        r#"select[name=attach-group-policy] option[value="{admin_access}"]"#
    ))?;
    b.click_on("[data-testid=attach-group-policy]")?;
    b.wait_for(
        &format!(r#"[data-testid=group-policies] li[data-policy="{admin_access}"]"#),
        DEFAULT_WAIT,
    )?;

    b.click_on("[data-testid=console-iam-users]")?;
    b.type_into("input[name=new-user-name]", "admin")?;
    b.click_on("input[name=console-access]")?;
    b.type_into("input[name=new-user-password]", "Correct-Horse-Battery-9")?;
    b.click_on("[data-testid=create-user]")?;
    b.wait_for("[data-testid=user-details]", DEFAULT_WAIT)?;
    b.click_on(r#"select[name=add-to-group] option[value="admins"]"#)?;
    b.click_on("[data-testid=add-user-to-group]")?;
    b.wait_for(
        r#"[data-testid=user-groups] li[data-group="admins"]"#,
        DEFAULT_WAIT,
    )?;
    Ok(())
}

/// The authenticator's current code for the first device.
pub(super) fn mfa_code(b: &Browser) -> Result<String, E2eError> {
    let element = b.wait_for("[data-testid=mfa-code]", DEFAULT_WAIT)?;
    let digits: String = b
        .text(&element)?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    ensure(
        digits.len() == 6,
        format!("the authenticator shows {digits:?}"),
    )?;
    Ok(digits)
}

/// Chapter 3: a customer managed policy on a group, a user with an access key,
/// working as that user, the simulator, and an explicit deny.
fn chapter_3(b: &mut Browser, lang: Lang) -> Result<(), E2eError> {
    open_chapter(b, 3)?;
    let policy = run(b, "cat developer-policy.json")?;
    ensure(
        policy.contains("ReadEc2"),
        "developer-policy.json is missing",
    )?;
    let policy_arn = read_value(
        b,
        "aws iam create-policy --policy-name DeveloperAccess --policy-document file://developer-policy.json --query Policy.Arn --output text",
    )?;
    run(b, "aws iam create-group --group-name developers")?;
    run(
        b,
        &format!("aws iam attach-group-policy --group-name developers --policy-arn {policy_arn}"),
    )?;
    wait_passed(b, "developers-have-policy")?;

    next_step(b, 3, "user-and-key")?;
    run(b, "aws iam create-user --user-name dev")?;
    run(
        b,
        "aws iam add-user-to-group --user-name dev --group-name developers",
    )?;
    wait_passed(b, "dev-in-developers")?;
    let key = read_value(
        b,
        "aws iam create-access-key --user-name dev --query \"AccessKey.[AccessKeyId,SecretAccessKey]\" --output text",
    )?;
    let (key_id, secret) = key
        .split_once('\t')
        .ok_or_else(|| E2eError::Failed(format!("create-access-key printed {key:?}")))?;
    wait_passed(b, "dev-has-one-key")?;

    // `aws configure` asks four questions; each answer is its own line.
    next_step(b, 3, "work-as-dev")?;
    for line in [
        "aws configure --profile dev",
        key_id,
        secret,
        "ap-northeast-2",
        "json",
    ] {
        run(b, line)?;
    }
    let me = run(
        b,
        "aws sts get-caller-identity --profile dev --query Arn --output text",
    )?;
    ensure(me.trim().ends_with(":user/dev"), format!("dev is {me:?}"))?;
    wait_passed(b, "dev-profile-works")?;
    let denied = run(b, "aws iam list-users --profile dev")?;
    ensure(
        denied.contains("AccessDenied") && denied.contains("iam:ListUsers"),
        format!("list-users as dev printed {denied:?}"),
    )?;
    wait_passed(b, "dev-was-denied")?;

    next_step(b, 3, "simulator")?;
    let table = run(
        b,
        &format!(
            "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::{}:user/dev --action-names ec2:DescribeInstances ec2:TerminateInstances s3:DeleteBucket --query \"EvaluationResults[].[EvalActionName,EvalDecision]\" --output table",
            policy_arn.split(':').nth(4).unwrap_or_default()
        ),
    )?;
    ensure(
        table.contains("implicitDeny") && table.contains("allowed"),
        format!("simulator table: {table:?}"),
    )?;
    for checkpoint in [
        "ran-simulator",
        "describe-allowed",
        "terminate-implicitly-denied",
    ] {
        wait_passed(b, checkpoint)?;
    }

    next_step(b, 3, "explicit-deny")?;
    run(
        b,
        "aws iam put-group-policy --group-name developers --policy-name DenyDelete --policy-document '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"DenyDelete\", \"Effect\": \"Deny\", \"Action\": \"s3:DeleteBucket\", \"Resource\": \"*\"}]}'",
    )?;
    wait_passed(b, "delete-bucket-explicitly-denied")?;
    wait_passed(b, "reads-still-allowed")?;
    // The console's simulator shows the same decision and the deciding statement.
    b.click_on("[data-testid=tab-console]")?;
    b.click_on("[data-testid=console-policy-simulator]")?;
    b.wait_for("[data-testid=policy-simulator]", DEFAULT_WAIT)?;
    let mut chose_dev = false;
    for option in b.find_all("select[name=principal] option")? {
        if b.attribute(&option, "value")?
            .is_some_and(|v| v.ends_with(":user/dev"))
        {
            b.click(&option)?;
            chose_dev = true;
        }
    }
    ensure(chose_dev, "the simulator does not offer the user dev")?;
    let actions = b.find("input[name=actions]")?;
    b.clear(&actions)?;
    b.send_keys(&actions, "s3:DeleteBucket, s3:GetObject")?;
    b.click_on("[data-testid=run-simulation]")?;
    b.wait_for_text(
        "[data-testid=simulation-results] [data-decision=explicitDeny]",
        lang.pick("Explicitly denied", "명시적 거부"),
        DEFAULT_WAIT,
    )?;
    b.wait_for_text(
        "[data-testid=simulation-results] [data-decision=explicitDeny]",
        "DenyDelete",
        DEFAULT_WAIT,
    )?;
    b.wait_for(
        "[data-testid=simulation-results] [data-decision=allowed]",
        DEFAULT_WAIT,
    )?;
    screenshot(b, "chapter-3-simulator", lang)?;

    answer_quiz(b, 3, lang)
}
