//! Replays every chapter: the reference solution passes every checkpoint,
//! every known-wrong attempt fails the checkpoint it names, and the lesson
//! data is complete in both languages. (Soundness — unique ids, both
//! languages present, hints, one correct choice — is enforced by the loader,
//! so `catalog()` below could not return an unsound chapter; `tests/loader.rs`
//! feeds it broken chapters instead.)

use cloudlab_course::checks::evaluate;
use cloudlab_course::placeholders;
use cloudlab_course::text::{Block, Inline, blocks};
use cloudlab_course::{Catalog, Chapter, ChapterProgress, Lab};

fn catalog() -> Catalog {
    match Catalog::load() {
        Ok(catalog) => catalog,
        Err(error) => panic!("the lessons do not load: {error}"),
    }
}

/// The progress of a learner who read the first hint of every step.
fn progress_with_a_hint_per_step(chapter: &Chapter) -> ChapterProgress {
    let mut progress = ChapterProgress::default();
    for step in &chapter.steps {
        progress.hints_revealed.insert(step.id.clone(), 1);
    }
    progress
}

/// Every checkpoint of `chapter` that fails on `lab`, with the reason.
fn failing_checkpoints(chapter: &Chapter, lab: &Lab, progress: &ChapterProgress) -> Vec<String> {
    chapter
        .checkpoints()
        .filter_map(|(step, checkpoint)| {
            let outcome = evaluate(&checkpoint.check, lab, progress);
            (!outcome.passed)
                .then(|| format!("{}/{}: {}", step.id, checkpoint.id, outcome.detail.en))
        })
        .collect()
}

#[test]
fn the_course_has_the_first_chapters() {
    let catalog = catalog();
    let numbers: Vec<u32> = catalog.chapters().map(|chapter| chapter.number).collect();
    for wanted in [0, 1, 2, 3, 4, 5] {
        assert!(
            numbers.contains(&wanted),
            "chapter {wanted} is missing: {numbers:?}"
        );
    }
}

#[test]
fn every_text_has_both_languages() {
    for chapter in catalog().chapters() {
        for (path, text) in chapter.texts() {
            assert!(
                !text.en.trim().is_empty(),
                "chapter {} {path}: English is empty",
                chapter.number
            );
            assert!(
                !text.ko.trim().is_empty(),
                "chapter {} {path}: Korean is empty",
                chapter.number
            );
            assert!(
                text.ko
                    .chars()
                    .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
                "chapter {} {path}: the Korean text has no Hangul: {:?}",
                chapter.number,
                text.ko
            );
        }
    }
}

#[test]
fn every_step_has_hints_and_every_chapter_a_quiz() {
    for chapter in catalog().chapters() {
        for step in &chapter.steps {
            assert!(
                (1..=4).contains(&step.hints.len()),
                "chapter {} step {}: {} hints",
                chapter.number,
                step.id,
                step.hints.len()
            );
        }
        assert!(
            (4..=7).contains(&chapter.quiz.len()),
            "chapter {}: {} quiz questions",
            chapter.number,
            chapter.quiz.len()
        );
    }
}

#[test]
fn each_question_has_one_correct_choice_and_feedback_for_all() {
    for chapter in catalog().chapters() {
        for question in &chapter.quiz {
            let correct = question
                .choices
                .iter()
                .filter(|choice| choice.correct)
                .count();
            assert_eq!(
                correct, 1,
                "chapter {} question {}",
                chapter.number, question.id
            );
            assert!(
                question.choices.len() >= 3,
                "chapter {} question {}",
                chapter.number,
                question.id
            );
            for choice in &question.choices {
                assert!(
                    !choice.feedback.has_missing_language(),
                    "chapter {} question {}: a choice has no feedback",
                    chapter.number,
                    question.id
                );
            }
        }
    }
}

/// Counts the words of a reading, code blocks included.
fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[test]
fn readings_are_concise() {
    for chapter in catalog().chapters() {
        for step in &chapter.steps {
            let words = word_count(&step.reading.en);
            assert!(
                (110..=270).contains(&words),
                "chapter {} step {}: the English reading has {words} words",
                chapter.number,
                step.id
            );
        }
    }
}

/// Every inline run of every block.
fn inline_runs(blocks: &[Block]) -> Vec<&Inline> {
    blocks
        .iter()
        .flat_map(|block| match block {
            Block::Paragraph(runs) | Block::Note(runs) => runs.iter().collect::<Vec<_>>(),
            Block::List(items) => items.iter().flatten().collect(),
            Block::Code(_) => Vec::new(),
        })
        .collect()
}

#[test]
fn lesson_text_has_no_stray_marks() {
    for chapter in catalog().chapters() {
        for (path, text) in chapter.texts() {
            for (lang, source) in [("en", &text.en), ("ko", &text.ko)] {
                for run in inline_runs(&blocks(source)) {
                    if let Inline::Plain(plain) = run {
                        assert!(
                            !plain.contains('`') && !plain.contains("**"),
                            "chapter {} {path} ({lang}): unbalanced mark in {plain:?}",
                            chapter.number
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn placeholders_are_all_known() {
    for chapter in catalog().chapters() {
        let lines = chapter
            .setup
            .iter()
            .chain(&chapter.solution)
            .chain(
                chapter
                    .wrong_attempts
                    .iter()
                    .flat_map(|attempt| &attempt.lines),
            )
            .cloned();
        let hints = chapter
            .steps
            .iter()
            .flat_map(|step| &step.hints)
            .flat_map(|hint| [hint.en.clone(), hint.ko.clone()]);
        for text in lines.chain(hints) {
            assert_eq!(
                placeholders::unknown_placeholders(&text),
                Vec::<String>::new(),
                "chapter {}: {text:?}",
                chapter.number
            );
        }
    }
}

#[test]
fn every_setup_succeeds() {
    for chapter in catalog().chapters() {
        if let Err(error) = Lab::for_chapter(chapter) {
            panic!("{error}");
        }
    }
}

#[test]
fn a_fresh_lab_passes_no_checkpoint_of_a_graded_lab_step() {
    for chapter in catalog().chapters() {
        let lab = Lab::for_chapter(chapter).unwrap();
        let progress = ChapterProgress::default();
        let passing: Vec<String> = chapter
            .checkpoints()
            .filter(|(_, checkpoint)| evaluate(&checkpoint.check, &lab, &progress).passed)
            .map(|(_, checkpoint)| checkpoint.id.clone())
            .collect();
        // The chapter 5 setup already keeps SSH private, as chapter 4 taught.
        let allowed: &[&str] = if chapter.number == 5 {
            &["ssh-still-private"]
        } else {
            &[]
        };
        let unexpected: Vec<_> = passing
            .iter()
            .filter(|id| !allowed.contains(&id.as_str()))
            .collect();
        assert!(
            unexpected.is_empty(),
            "chapter {}: passes before any work: {unexpected:?}",
            chapter.number
        );
    }
}

/// The step id of a chapter's last step when it cleans up what the chapter
/// built (so the earlier checkpoints no longer pass once it is done).
const CLEAN_UP_STEP: &str = "clean-up";

#[test]
fn every_solution_reaches_every_checkpoint() {
    let mut problems = Vec::new();
    for chapter in catalog().chapters() {
        let mut lab = Lab::for_chapter(chapter).unwrap();
        let progress = progress_with_a_hint_per_step(chapter);
        // Line by line, recording what passes, as the session does.
        let mut reached = std::collections::BTreeSet::new();
        for line in &chapter.solution {
            if let Err(failure) = lab.run_script(std::slice::from_ref(line)) {
                problems.push(format!(
                    "chapter {}: solution line {:?} failed: {}",
                    chapter.number, failure.line, failure.detail
                ));
                break;
            }
            for (_, checkpoint) in chapter.checkpoints() {
                if evaluate(&checkpoint.check, &lab, &progress).passed {
                    reached.insert(checkpoint.id.clone());
                }
            }
        }
        for (step, checkpoint) in chapter.checkpoints() {
            if !reached.contains(&checkpoint.id) {
                problems.push(format!(
                    "chapter {}: the solution never reaches {}/{}",
                    chapter.number, step.id, checkpoint.id
                ));
            }
        }
        // At the end everything still passes; after a clean-up step, what
        // that step checks does.
        let cleaned_up = chapter.steps.last().filter(|step| step.id == CLEAN_UP_STEP);
        for failing in failing_checkpoints(chapter, &lab, &progress) {
            let in_last_step =
                cleaned_up.is_some_and(|step| failing.starts_with(&format!("{}/", step.id)));
            if cleaned_up.is_none() || in_last_step {
                problems.push(format!(
                    "chapter {}: at its end the solution fails {failing}",
                    chapter.number
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_wrong_attempt_fails_its_checkpoint() {
    for chapter in catalog().chapters() {
        assert!(
            (2..=8).contains(&chapter.wrong_attempts.len()),
            "chapter {} has {} wrong attempts",
            chapter.number,
            chapter.wrong_attempts.len()
        );
        for attempt in &chapter.wrong_attempts {
            let mut lab = Lab::for_chapter(chapter).unwrap();
            lab.run_lines_leniently(&attempt.lines);
            let Some(checkpoint) = chapter.checkpoint(&attempt.fails) else {
                panic!(
                    "chapter {} attempt {}: no checkpoint {}",
                    chapter.number, attempt.name, attempt.fails
                );
            };
            let outcome = evaluate(&checkpoint.check, &lab, &ChapterProgress::default());
            assert!(
                !outcome.passed,
                "chapter {} wrong attempt {:?} ({}) passes {:?}: {}",
                chapter.number, attempt.name, attempt.description, attempt.fails, outcome.detail.en
            );
            assert!(!outcome.detail.ko.is_empty());
        }
    }
}

#[test]
fn the_last_hint_of_a_graded_lab_step_shows_a_command() {
    for chapter in catalog().chapters() {
        for step in chapter.steps.iter().filter(|step| {
            step.checkpoints
                .iter()
                .any(|checkpoint| !matches!(checkpoint.check, cloudlab_course::Check::HintUsed))
        }) {
            let Some(last) = step.hints.last() else {
                panic!("chapter {} step {} has no hint", chapter.number, step.id);
            };
            for text in [&last.en, &last.ko] {
                let parsed = blocks(text);
                let has_code = parsed.iter().any(|block| matches!(block, Block::Code(_)))
                    || inline_runs(&parsed)
                        .iter()
                        .any(|run| matches!(run, Inline::Code(_)));
                assert!(
                    has_code,
                    "chapter {} step {}: the last hint shows no command",
                    chapter.number, step.id
                );
            }
        }
    }
}

/// The `(region code, amount)` pairs of list lines such as
/// "- `us-east-2` (Ohio): about $1,071 a month".
fn listed_prices(text: &str) -> Vec<(String, u64)> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("- `")?;
            let (code, rest) = rest.split_once('`')?;
            let (_, amount) = rest.split_once('$')?;
            let digits: String = amount
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',')
                .filter(char::is_ascii_digit)
                .collect();
            Some((code.to_string(), digits.parse().ok()?))
        })
        .collect()
}

#[test]
fn chapter_1_prices_match_the_catalogue() {
    use cloudlab_model::catalog;
    let catalog = catalog();
    let chapter = catalog.chapter(1).unwrap();
    let step = chapter.step("cost").unwrap();
    let hourly = catalog::instance_type("c7i.xlarge")
        .and_then(|info| info.price_per_hour_usd)
        .unwrap();
    let english = listed_prices(&step.task.en);
    assert!(english.len() >= 4, "{english:?}");
    assert_eq!(english, listed_prices(&step.task.ko));
    for (code, listed) in &english {
        let region = catalog::region(code).unwrap_or_else(|| panic!("no region {code}"));
        let monthly = (hourly * region.price_factor * 6000.0).round();
        assert_eq!(*listed as f64, monthly, "{code}");
    }
    let cheapest = catalog::REGIONS
        .iter()
        .map(|region| region.price_factor)
        .fold(f64::INFINITY, f64::min);
    assert!(
        english
            .iter()
            .any(|(code, _)| catalog::region(code).unwrap().price_factor == cheapest),
        "the list must include one of the cheapest regions"
    );
}

/// The outcome of one checkpoint after `lines` run in a fresh lab of the chapter.
fn outcome_after(chapter: u32, lines: &[&str], checkpoint: &str) -> cloudlab_course::CheckOutcome {
    let catalog = catalog();
    let Some(chapter) = catalog.chapter(chapter) else {
        panic!("no chapter {chapter}");
    };
    let mut lab = Lab::for_chapter(chapter).unwrap();
    let lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    if let Err(failure) = lab.run_script(&lines) {
        panic!("{:?} failed: {}", failure.line, failure.detail);
    }
    let Some(checkpoint) = chapter.checkpoint(checkpoint) else {
        panic!("no checkpoint {checkpoint}");
    };
    evaluate(&checkpoint.check, &lab, &ChapterProgress::default())
}

#[test]
fn chapter_2_accepts_an_alert_given_as_an_amount() {
    let outcome = outcome_after(
        2,
        &[
            "aws budgets create-budget --account-id {account_id} --budget \"BudgetName=monthly-cost,BudgetLimit={Amount=20,Unit=USD},TimeUnit=MONTHLY,BudgetType=COST\" --notifications-with-subscribers \"Notification={NotificationType=FORECASTED,ComparisonOperator=GREATER_THAN,Threshold=15,ThresholdType=ABSOLUTE_VALUE},Subscribers=[{SubscriptionType=EMAIL,Address=learner@example.com}]\"",
        ],
        "budget-with-alert",
    );
    assert!(outcome.passed, "{}", outcome.detail.en);
}

#[test]
fn chapter_4_says_ssh_open_to_the_world_lets_everyone_in() {
    let outcome = outcome_after(
        4,
        &[
            "aws ec2 create-security-group --group-name web-sg --description \"Web server\"",
            "aws ec2 authorize-security-group-ingress --group-name web-sg --protocol tcp --port 22 --cidr 0.0.0.0/0",
        ],
        "web-sg-ssh-from-learner",
    );
    assert!(!outcome.passed);
    assert!(
        outcome
            .detail
            .en
            .contains("allows TCP 22 from 0.0.0.0/0, the whole internet")
            && !outcome.detail.en.starts_with("No inbound rule"),
        "{}",
        outcome.detail.en
    );
    assert!(
        outcome.detail.ko.contains("인터넷 전체에 허용해요"),
        "{}",
        outcome.detail.ko
    );
}

#[test]
fn chapter_5_accepts_mode_600_as_the_reading_says() {
    let outcome = outcome_after(5, &["chmod 600 web-key.pem"], "key-file-400");
    assert!(outcome.passed, "{}", outcome.detail.en);
    let open = outcome_after(5, &["chmod 640 web-key.pem"], "key-file-400");
    assert!(!open.passed);
    assert_eq!(
        open.detail.en,
        "web-key.pem has mode 640 (-rw-r-----); it should be 400 (-r--------) or 600 (-rw-------). Other users can use it, so `ssh` refuses the key."
    );
}
