//! The lesson loader refuses chapters that are not sound. Every test feeds a
//! chapter broken in one way to [`Chapter::parse`] (and, where it matters,
//! to [`Catalog::from_sources`], which the app's `Catalog::load` uses) and
//! checks that it is refused with a problem naming what is wrong.

use cloudlab_course::{Catalog, Chapter, LessonError};

/// A small sound chapter: two steps, three checkpoints, a quiz of two
/// questions and a wrong attempt. Each test breaks one thing in it.
const SOUND: &str = r#"
number = 42
slug = "fixture"
title = { en = "Fixture", ko = "시험용 챕터" }
summary = { en = "A chapter for loader tests.", ko = "로더 시험용 챕터예요." }
minutes = 5
region = "ap-northeast-2"
seed = 42
solution = ["aws sts get-caller-identity", "aws ec2 describe-regions"]

[[steps]]
id = "first"
title = { en = "First", ko = "첫째" }
reading = { en = "Read this.", ko = "이걸 읽어요." }
task = { en = "Do this.", ko = "이걸 해요." }
hints = [{ en = "First hint.", ko = "첫 힌트." }]

[[steps.checkpoints]]
id = "called-sts"
label = { en = "Called STS", ko = "STS 호출" }
check = { kind = "api_called", service = "sts", operation = "GetCallerIdentity" }

[[steps.checkpoints]]
id = "used-a-hint"
label = { en = "Used a hint", ko = "힌트 사용" }
check = { kind = "hint_used" }

[[steps]]
id = "second"
title = { en = "Second", ko = "둘째" }
reading = { en = "Read that.", ko = "저걸 읽어요." }
task = { en = "Do that.", ko = "저걸 해요." }
hints = [{ en = "Second hint.", ko = "둘째 힌트." }]

[[steps.checkpoints]]
id = "listed-regions"
label = { en = "Listed regions", ko = "리전 목록" }
check = { kind = "api_called", service = "ec2", operation = "DescribeRegions" }

[[quiz]]
id = "q1"
prompt = { en = "Which?", ko = "어느 것?" }
choices = [
  { text = { en = "A", ko = "가" }, correct = true, feedback = { en = "Yes.", ko = "네." } },
  { text = { en = "B", ko = "나" }, feedback = { en = "No.", ko = "아니요." } },
]

[[quiz]]
id = "q2"
prompt = { en = "And?", ko = "그리고?" }
choices = [
  { text = { en = "C", ko = "다" }, feedback = { en = "No.", ko = "아니요." } },
  { text = { en = "D", ko = "라" }, correct = true, feedback = { en = "Yes.", ko = "네." } },
]

[[wrong_attempts]]
name = "no-sts"
description = "Lists regions but never asks who they are."
lines = ["aws ec2 describe-regions"]
fails = "called-sts"
"#;

/// `SOUND` with `from` replaced by `to`, which must occur exactly once.
fn broken(from: &str, to: &str) -> String {
    assert_eq!(
        SOUND.matches(from).count(),
        1,
        "the fixture must contain {from:?} exactly once"
    );
    SOUND.replacen(from, to, 1)
}

/// The problems the loader gives for `source`, which it must refuse as not sound.
fn problems(source: &str) -> Vec<String> {
    match Chapter::parse(source) {
        Err(LessonError::Invalid { chapter, problems }) => {
            assert_eq!(chapter, 42);
            problems
        }
        other => panic!("expected the chapter to be refused as not sound, got {other:?}"),
    }
}

/// Asserts the loader refuses `source` with exactly this one problem.
fn refused_with(source: &str, problem: &str) {
    assert_eq!(problems(source), vec![problem.to_string()]);
}

/// The parser's message for `source`, which must not match the lesson format.
fn parse_error(source: &str) -> String {
    match Chapter::parse(source) {
        Err(LessonError::Parse { detail, .. }) => detail,
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn the_fixture_is_sound() {
    let chapter = Chapter::parse(SOUND).unwrap();
    assert_eq!(chapter.number, 42);
    assert_eq!(chapter.checkpoints().count(), 3);
    let catalog = Catalog::from_sources([("42-fixture.toml", SOUND)]).unwrap();
    assert_eq!(catalog.chapters().collect::<Vec<_>>(), vec![&chapter]);
}

#[test]
fn a_step_id_used_twice_is_refused() {
    refused_with(
        &broken("id = \"second\"", "id = \"first\""),
        "step id \"first\" is used twice",
    );
}

#[test]
fn a_checkpoint_id_used_twice_is_refused_even_across_steps() {
    refused_with(
        &broken("id = \"listed-regions\"", "id = \"called-sts\""),
        "checkpoint id \"called-sts\" is used twice",
    );
}

#[test]
fn a_question_id_used_twice_is_refused() {
    refused_with(
        &broken("id = \"q2\"", "id = \"q1\""),
        "question id \"q1\" is used twice",
    );
}

#[test]
fn a_wrong_attempt_named_twice_is_refused() {
    let source = format!(
        "{SOUND}\n[[wrong_attempts]]\nname = \"no-sts\"\ndescription = \"Again.\"\nlines = [\"true\"]\nfails = \"listed-regions\"\n"
    );
    refused_with(&source, "wrong attempt \"no-sts\" is named twice");
}

#[test]
fn missing_korean_is_refused_naming_the_text() {
    refused_with(
        &broken("ko = \"둘째\"", "ko = \"\""),
        "steps[second].title: a language is empty",
    );
    refused_with(
        &broken("ko = \"첫 힌트.\"", "ko = \"  \""),
        "steps[first].hints[0]: a language is empty",
    );
    refused_with(
        &broken("ko = \"STS 호출\"", "ko = \"\""),
        "steps[first].checkpoints[called-sts].label: a language is empty",
    );
    refused_with(
        &broken("ko = \"라\"", "ko = \"\""),
        "quiz[q2].choices[1].text: a language is empty",
    );
    refused_with(
        &broken("ko = \"시험용 챕터\"", "ko = \"\""),
        "title: a language is empty",
    );
}

#[test]
fn a_text_without_its_korean_field_is_refused() {
    // A data file holds one language, so a missing field reads as empty; the lesson
    // check then names the text that lacks a language.
    refused_with(
        &broken(
            "title = { en = \"Fixture\", ko = \"시험용 챕터\" }",
            "title = { en = \"Fixture\" }",
        ),
        "title: a language is empty",
    );
}

#[test]
fn a_step_without_hints_is_refused() {
    refused_with(
        &broken(
            "hints = [{ en = \"Second hint.\", ko = \"둘째 힌트.\" }]",
            "hints = []",
        ),
        "step \"second\" has no hint",
    );
    let detail = parse_error(&broken(
        "hints = [{ en = \"Second hint.\", ko = \"둘째 힌트.\" }]",
        "",
    ));
    assert!(detail.contains("hints"), "{detail}");
}

#[test]
fn a_question_with_two_correct_choices_is_refused() {
    refused_with(
        &broken(
            "{ text = { en = \"C\", ko = \"다\" }, feedback",
            "{ text = { en = \"C\", ko = \"다\" }, correct = true, feedback",
        ),
        "question \"q2\" has 2 correct choices, not 1",
    );
}

#[test]
fn a_question_with_no_correct_choice_is_refused() {
    refused_with(
        &broken(
            "{ text = { en = \"A\", ko = \"가\" }, correct = true, feedback",
            "{ text = { en = \"A\", ko = \"가\" }, feedback",
        ),
        "question \"q1\" has 0 correct choices, not 1",
    );
}

#[test]
fn a_wrong_attempt_naming_an_unknown_checkpoint_is_refused() {
    refused_with(
        &broken("fails = \"called-sts\"", "fails = \"called-sts-typo\""),
        "wrong attempt \"no-sts\" names an unknown checkpoint \"called-sts-typo\"",
    );
}

#[test]
fn every_problem_is_listed_not_only_the_first() {
    let source = broken("id = \"second\"", "id = \"first\"")
        .replacen("fails = \"called-sts\"", "fails = \"nope\"", 1)
        .replacen("ko = \"가\"", "ko = \"\"", 1);
    let problems = problems(&source);
    assert_eq!(problems.len(), 3, "{problems:?}");
    for expected in [
        "step id \"first\" is used twice",
        "names an unknown checkpoint \"nope\"",
        "quiz[q1].choices[0].text: a language is empty",
    ] {
        assert!(
            problems.iter().any(|problem| problem.contains(expected)),
            "no problem mentions {expected:?}: {problems:?}"
        );
    }
}

#[test]
fn the_catalog_refuses_a_broken_chapter_among_sound_ones() {
    let broken = broken("fails = \"called-sts\"", "fails = \"nope\"");
    let error = Catalog::from_sources([
        (
            "00-welcome.toml",
            include_str!("../../../lessons/00-welcome.toml"),
        ),
        ("42-fixture.toml", broken.as_str()),
    ])
    .unwrap_err();
    assert_eq!(
        error,
        LessonError::Invalid {
            chapter: 42,
            problems: vec!["wrong attempt \"no-sts\" names an unknown checkpoint \"nope\"".into()],
        }
    );
    assert!(error.to_string().starts_with("chapter 42: "), "{error}");
}

#[test]
fn a_real_lesson_broken_the_same_way_is_refused() {
    // The shipped chapter 4, with one wrong attempt pointed at a checkpoint
    // that does not exist.
    let source = include_str!("../../../lessons/04-launch-ec2.toml");
    assert!(Chapter::parse(source).is_ok());
    let at = source
        .find("fails = \"")
        .expect("chapter 4 has wrong attempts")
        + "fails = \"".len();
    let end = at + source[at..].find('"').expect("the fails string is closed");
    let broken = format!("{}no-such-checkpoint{}", &source[..at], &source[end..]);
    match Chapter::parse(&broken) {
        Err(LessonError::Invalid { chapter, problems }) => {
            assert_eq!(chapter, 4);
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(
                problems[0].contains("names an unknown checkpoint \"no-such-checkpoint\""),
                "{problems:?}"
            );
        }
        other => panic!("expected chapter 4 to be refused, got {other:?}"),
    }
}
