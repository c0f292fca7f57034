//! The course player: a chapter's reference solution passes every checkpoint,
//! a known-wrong attempt fails the checkpoint it names with a reason, reasons
//! come in Korean on request, and the built `cloudlab-course` binary does all
//! this end to end.

use std::io::Write;
use std::process::{Command, Stdio};

use cloudlab_course::player::{LineProblemKind, play};
use cloudlab_course::{Catalog, Chapter, CheckpointResult, Lang, Player};

fn catalog() -> Catalog {
    Catalog::load().unwrap()
}

/// The chapter's solution as a player script, then `@hint STEP` for every
/// step, as a learner who read a hint per step (for `hint_used`).
fn solution_script(chapter: &Chapter) -> String {
    let mut script = chapter.solution.join("\n");
    for step in &chapter.steps {
        script.push_str(&format!("\n@hint {}", step.id));
    }
    script
}

fn failing(results: &[CheckpointResult]) -> Vec<&CheckpointResult> {
    results.iter().filter(|result| !result.passed).collect()
}

#[test]
fn every_reference_solution_passes_every_checkpoint() {
    let catalog = catalog();
    for chapter in catalog.chapters() {
        let (results, problems) = play(
            catalog.clone(),
            chapter.number,
            &solution_script(chapter),
            Lang::En,
        )
        .unwrap();
        assert!(
            problems.is_empty(),
            "chapter {}: {problems:?}",
            chapter.number
        );
        assert_eq!(
            results.len(),
            chapter.checkpoints().count(),
            "chapter {}",
            chapter.number
        );
        // Every checkpoint passes at some point; at the end all still pass, except the
        // earlier steps of a chapter whose last step cleans up.
        assert!(
            results.iter().all(|r| r.reached),
            "chapter {}: {results:?}",
            chapter.number
        );
        let cleaned_up = chapter.steps.last().filter(|step| step.id == "clean-up");
        let unexpected: Vec<&CheckpointResult> = failing(&results)
            .into_iter()
            .filter(|r| cleaned_up.is_none_or(|step| r.step == step.id))
            .collect();
        assert!(
            unexpected.is_empty(),
            "chapter {}: {unexpected:?}",
            chapter.number
        );
        for result in &results {
            assert!(!result.reason.is_empty(), "{result:?}");
        }
    }
}

#[test]
fn hint_checkpoints_are_graded_against_the_progress_after_the_run() {
    // Chapter 0's solution alone reveals no hint, so `used-a-hint` fails...
    let catalog = catalog();
    let chapter = catalog.chapter(0).unwrap().clone();
    let (results, problems) =
        play(catalog.clone(), 0, &chapter.solution.join("\n"), Lang::En).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let failed: Vec<&str> = failing(&results)
        .iter()
        .map(|result| result.checkpoint.as_str())
        .collect();
    assert_eq!(failed, ["used-a-hint"]);
    // ...and passes once the script reveals one, in any step.
    let script = format!("@hint layout\n{}", chapter.solution.join("\n"));
    let (results, _) = play(catalog, 0, &script, Lang::En).unwrap();
    assert!(failing(&results).is_empty(), "{results:?}");
}

#[test]
fn a_wrong_attempt_fails_the_checkpoint_it_names_with_a_reason() {
    let catalog = catalog();
    let chapter = catalog.chapter(4).unwrap();
    let attempt = chapter
        .wrong_attempts
        .iter()
        .find(|attempt| attempt.name == "ssh-open-to-world")
        .expect("chapter 4 has the ssh-open-to-world attempt");
    let (results, _) = play(catalog.clone(), 4, &attempt.lines.join("\n"), Lang::En).unwrap();
    let result = results
        .iter()
        .find(|result| result.checkpoint == attempt.fails)
        .unwrap();
    assert!(!result.passed, "{result:?}");
    assert!(result.reason.contains("0.0.0.0/0"), "{result:?}");
}

#[test]
fn every_wrong_attempt_fails_its_checkpoint_in_the_player_too() {
    let catalog = catalog();
    for chapter in catalog.chapters() {
        for attempt in &chapter.wrong_attempts {
            let (results, _) = play(
                catalog.clone(),
                chapter.number,
                &attempt.lines.join("\n"),
                Lang::En,
            )
            .unwrap();
            let Some(result) = results
                .iter()
                .find(|result| result.checkpoint == attempt.fails)
            else {
                panic!(
                    "chapter {}: no checkpoint {}",
                    chapter.number, attempt.fails
                );
            };
            assert!(
                !result.passed && !result.reason.is_empty(),
                "chapter {} wrong attempt {:?}: {result:?}",
                chapter.number,
                attempt.name
            );
        }
    }
}

#[test]
fn reasons_come_in_korean_on_request() {
    let catalog = catalog();
    let script = "aws ec2 create-key-pair --key-name web-key --query KeyMaterial --output text > web-key.pem";
    let (english, _) = play(catalog.clone(), 4, script, Lang::En).unwrap();
    let (korean, _) = play(catalog, 4, script, Lang::Ko).unwrap();
    assert_eq!(english.len(), korean.len());
    for (en, ko) in english.iter().zip(&korean) {
        assert_eq!(
            (&en.step, &en.checkpoint, en.passed),
            (&ko.step, &ko.checkpoint, ko.passed)
        );
        assert!(
            ko.reason
                .chars()
                .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{ko:?}"
        );
        assert_ne!(en.reason, ko.reason);
    }
    // The key pair exists; the security group does not yet, and the Korean
    // reason names it.
    let by_id = |id: &str| {
        korean
            .iter()
            .find(|result| result.checkpoint == id)
            .unwrap()
    };
    let key_pair = by_id("key-pair-created");
    assert!(
        key_pair.passed && key_pair.reason.contains("web-key"),
        "{key_pair:?}"
    );
    let group = by_id("web-sg-ssh-from-learner");
    assert!(
        !group.passed && group.reason.contains("web-sg"),
        "{group:?}"
    );
    assert!(group.reason.contains("보안 그룹"), "{group:?}");
}

#[test]
fn the_player_starts_the_lab_the_app_starts() {
    // Same seed, region and setup as a session opening the chapter.
    let catalog = catalog();
    let player = Player::start(catalog.clone(), 5).unwrap();
    let mut session = cloudlab_course::Session::new(catalog);
    session.open_chapter(5, None);
    assert_eq!(
        player.session().lab(5).unwrap().cloud,
        session.lab(5).unwrap().cloud
    );
    assert_eq!(
        player.session().lab(5).unwrap().terminal.history(),
        session.lab(5).unwrap().terminal.history()
    );
}

#[test]
fn a_broken_script_line_is_reported_and_the_rest_still_runs() {
    let mut player = Player::start(catalog(), 0).unwrap();
    let problems = player.run_script("@console reboot everything\naws sts get-caller-identity\n");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].number, 1);
    assert_eq!(problems[0].kind, LineProblemKind::Parse);
    assert!(
        problems[0].detail.contains("unknown console action"),
        "{}",
        problems[0]
    );
    let results = player.results(Lang::En);
    assert!(results[0].passed, "{results:?}");
}

/// Runs the built binary with `args` and `stdin`; exit status, stdout, stderr.
fn run_binary(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudlab-course"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the cloudlab-course binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("the script is written");
    let output = child.wait_with_output().expect("the binary finishes");
    (
        output
            .status
            .code()
            .expect("the binary exits with a status"),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

#[test]
fn the_binary_plays_a_script_end_to_end() {
    let catalog = catalog();
    let chapter = catalog.chapter(4).unwrap();
    let dir = std::env::temp_dir().join(format!("cloudlab-course-player-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("chapter-4.txt");
    std::fs::write(&file, solution_script(chapter)).unwrap();
    let path = file.to_str().unwrap();

    let (code, stdout, stderr) = run_binary(&["play", "4", path, "--lang", "ko"], "");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), chapter.checkpoints().count());
    for (line, (step, checkpoint)) in lines.iter().zip(chapter.checkpoints()) {
        assert_eq!(line["step"], step.id.as_str());
        assert_eq!(line["checkpoint"], checkpoint.id.as_str());
        assert_eq!(line["passed"], true, "{line}");
        let reason = line["reason"].as_str().unwrap();
        assert!(
            reason
                .chars()
                .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{reason}"
        );
    }

    // Standard input, a failing checkpoint and a line that cannot be read.
    let (code, stdout, stderr) = run_binary(&["play", "0"], "@nope\n");
    assert_eq!(code, 0);
    assert!(
        stdout.lines().all(|line| line.contains("\"passed\":false")),
        "{stdout}"
    );
    assert!(stderr.contains("line 1: cannot read \"@nope\""), "{stderr}");

    // Usage errors.
    let (code, stdout, stderr) = run_binary(&["play", "99"], "");
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("there is no chapter 99"), "{stderr}");
    let missing = dir.join("missing.txt");
    let (code, _, stderr) = run_binary(&["play", "4", missing.to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
    let (code, stdout, _) = run_binary(&["--help"], "");
    assert_eq!(code, 0);
    assert!(
        stdout.contains("usage: cloudlab-course play N [FILE]"),
        "{stdout}"
    );

    std::fs::remove_dir_all(&dir).unwrap();
}
