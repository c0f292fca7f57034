//! The save file: round trips, refusals with the right error, and parsers
//! that never panic.

use cloudlab_course::save::{CURRENT_SCHEMA, SaveError, SaveFile};
use cloudlab_course::{Catalog, Lang, Session, ThemePreference};
use proptest::prelude::*;
use serde_json::{Value, json};

fn catalog() -> Catalog {
    Catalog::load().unwrap()
}

/// A session with some work done in chapters 0 and 4.
fn worked_session() -> Session {
    let mut session = Session::new(catalog());
    session.set_lang(Lang::Ko);
    session.set_theme(ThemePreference::Dark);
    session.open_chapter(0, None);
    session.run_command(0, "aws sts get-caller-identity");
    session.reveal_next_hint(0, "who-am-i");
    session.answer(0, "how-graded", 1);
    session.open_chapter(4, Some("key-pair"));
    session.run_command(4, "aws ec2 create-key-pair --key-name web-key --query KeyMaterial --output text > web-key.pem");
    session
}

fn saved_json() -> Value {
    serde_json::from_str(&worked_session().to_save().to_json()).unwrap()
}

/// Parses `value` as a save file.
fn parse(value: &Value) -> Result<SaveFile, SaveError> {
    SaveFile::parse(&value.to_string())
}

#[test]
fn a_save_round_trips() {
    let save = worked_session().to_save();
    let json = save.to_json();
    let parsed = SaveFile::parse(&json).unwrap();
    assert_eq!(parsed.to_json(), json);
    assert_eq!(parsed.lang, Lang::Ko);
    assert_eq!(parsed.theme, ThemePreference::Dark);
    assert!(
        parsed
            .progress
            .chapter(0)
            .unwrap()
            .reached
            .contains("ran-get-caller-identity")
    );
    assert!(parsed.labs.contains_key(&4));
}

#[test]
fn a_restored_session_continues_where_it_left_off() {
    let session = worked_session();
    let restored = Session::from_save(
        catalog(),
        SaveFile::parse(&session.to_save().to_json()).unwrap(),
    );
    assert_eq!(restored.current_step(4).as_deref(), Some("key-pair"));
    assert_eq!(restored.revealed_hints(0, "who-am-i").len(), 1);
    assert_eq!(restored.quiz_answer(0, "how-graded"), Some(1));
    let key_pair = restored
        .checkpoints(4, "key-pair")
        .into_iter()
        .find(|status| status.id == "key-pair-created")
        .unwrap();
    assert!(key_pair.outcome.passed, "{}", key_pair.outcome.detail.en);
    assert_eq!(
        restored.lab(4).unwrap().cloud,
        session.lab(4).unwrap().cloud
    );
}

#[test]
fn the_save_says_what_it_is() {
    let value = saved_json();
    assert_eq!(value["app"], "cloudlab");
    assert_eq!(value["schema"], json!(CURRENT_SCHEMA));
    assert_eq!(value["lang"], "ko");
    assert_eq!(value["theme"], "dark");
}

/// One refusal case: a change to a good save and the error it must give.
fn check(edit: impl FnOnce(&mut Value), expected: impl Fn(&SaveError) -> bool) {
    let mut value = saved_json();
    edit(&mut value);
    match parse(&value) {
        Ok(_) => panic!(
            "accepted a damaged save: {}",
            value.to_string().chars().take(300).collect::<String>()
        ),
        Err(error) => {
            assert!(expected(&error), "unexpected error {error:?}");
            for lang in Lang::ALL {
                assert!(!error.message(lang).is_empty());
            }
        }
    }
}

fn invalid(error: &SaveError) -> bool {
    matches!(error, SaveError::Invalid(_))
}

#[test]
fn text_that_is_not_json_is_refused() {
    for text in ["", "not json", "{", "{\"app\": \"cloudlab\",", "\u{0}"] {
        assert!(
            matches!(SaveFile::parse(text), Err(SaveError::NotJson(_))),
            "{text:?}"
        );
    }
}

#[test]
fn json_from_elsewhere_is_refused() {
    for text in [
        "[]",
        "42",
        "null",
        "{}",
        "{\"app\": \"other\", \"schema\": 1}",
        "{\"schema\": 1}",
    ] {
        assert_eq!(
            SaveFile::parse(text).unwrap_err(),
            SaveError::NotCloudLab,
            "{text:?}"
        );
    }
}

#[test]
fn a_newer_schema_is_refused_as_too_new() {
    check(
        |v| v["schema"] = json!(CURRENT_SCHEMA + 1),
        |e| {
            *e == SaveError::TooNew {
                found: u64::from(CURRENT_SCHEMA) + 1,
                supported: CURRENT_SCHEMA,
            }
        },
    );
    check(
        |v| v["schema"] = json!(u64::MAX),
        |e| matches!(e, SaveError::TooNew { .. }),
    );
    let message = SaveError::TooNew {
        found: 7,
        supported: 1,
    }
    .message(Lang::Ko);
    assert!(
        message.contains('7') && message.contains("새로운"),
        "{message}"
    );
}

#[test]
fn a_missing_or_odd_schema_is_invalid() {
    check(|v| v["schema"] = json!(0), invalid);
    check(|v| v["schema"] = json!("1"), invalid);
    check(|v| v["schema"] = json!(-1), invalid);
    check(|v| v["schema"] = json!(1.5), invalid);
    check(
        |v| {
            v.as_object_mut().unwrap().remove("schema");
        },
        invalid,
    );
}

#[test]
fn fields_that_do_not_match_the_lessons_are_invalid() {
    check(|v| v["progress"]["chapters"]["99"] = json!({}), invalid);
    check(
        |v| v["progress"]["chapters"]["0"]["current_step"] = json!("no-such-step"),
        invalid,
    );
    check(
        |v| v["progress"]["chapters"]["0"]["reached"] = json!(["no-such-checkpoint"]),
        invalid,
    );
    check(
        |v| v["progress"]["chapters"]["0"]["hints_revealed"] = json!({"who-am-i": 99}),
        invalid,
    );
    check(
        |v| v["progress"]["chapters"]["0"]["hints_revealed"] = json!({"no-such-step": 1}),
        invalid,
    );
    check(
        |v| v["progress"]["chapters"]["0"]["quiz_answers"] = json!({"how-graded": 17}),
        invalid,
    );
    check(
        |v| v["progress"]["chapters"]["0"]["quiz_answers"] = json!({"no-such-question": 0}),
        invalid,
    );
    check(|v| v["labs"]["99"] = v["labs"]["4"].clone(), invalid);
}

#[test]
fn wrong_types_and_unknown_fields_are_invalid() {
    check(|v| v["lang"] = json!("fr"), invalid);
    check(|v| v["theme"] = json!(3), invalid);
    check(|v| v["progress"] = json!([]), invalid);
    check(
        |v| v["progress"]["chapters"]["0"] = json!([null, []]),
        invalid,
    );
    check(|v| v["labs"]["4"] = json!([]), invalid);
    check(
        |v| v["progress"]["chapters"]["0"]["hints_revealed"] = json!({"who-am-i": -1}),
        invalid,
    );
    check(|v| v["labs"]["4"] = json!({"cloud": 1}), invalid);
    check(|v| v["surprise"] = json!(true), invalid);
}

#[test]
fn a_lab_with_an_unknown_region_is_invalid() {
    let value = saved_json();
    let text = value
        .to_string()
        .replace("\"ap-northeast-2\"", "\"xx-nowhere-9\"");
    assert!(matches!(SaveFile::parse(&text), Err(SaveError::Invalid(_))));
}

#[test]
fn a_session_from_a_save_drops_what_the_lessons_no_longer_have() {
    let mut save = worked_session().to_save();
    let mut stale = save.progress.chapters[&0].clone();
    stale.reached.insert("retired-checkpoint".into());
    stale.hints_revealed.insert("who-am-i".into(), 99);
    stale.hints_revealed.insert("retired-step".into(), 1);
    stale.quiz_answers.insert("how-graded".into(), 42);
    stale.current_step = Some("retired-step".into());
    save.progress.chapters.insert(0, stale);
    save.progress.chapters.insert(77, Default::default());
    let lab = save.labs[&4].clone();
    save.labs.insert(77, lab);

    let session = Session::from_save(catalog(), save);
    assert!(session.progress().chapter(77).is_none());
    assert!(session.lab(77).is_none());
    let welcome = session.progress().chapter(0).unwrap();
    assert!(!welcome.reached.contains("retired-checkpoint"));
    assert!(welcome.reached.contains("ran-get-caller-identity"));
    assert_eq!(
        session.revealed_hints(0, "who-am-i").len(),
        session.hint_count(0, "who-am-i")
    );
    assert!(!welcome.hints_revealed.contains_key("retired-step"));
    assert_eq!(session.quiz_answer(0, "how-graded"), None);
    assert_eq!(session.current_step(0).as_deref(), Some("layout"));
}

#[test]
fn optional_fields_may_be_missing() {
    let text = format!("{{\"app\": \"cloudlab\", \"schema\": {CURRENT_SCHEMA}}}");
    let save = SaveFile::parse(&text).unwrap();
    assert_eq!(save.lang, Lang::En);
    assert!(save.labs.is_empty());
}

/// A save with arbitrary, valid progress (no labs: those are covered above).
fn arbitrary_save() -> impl Strategy<Value = SaveFile> {
    let catalog = catalog();
    let chapters: Vec<_> = catalog.chapters().cloned().collect();
    let per_chapter = chapters
        .into_iter()
        .map(|chapter| {
            let steps = chapter.steps.clone();
            let checkpoints: Vec<String> =
                chapter.checkpoints().map(|(_, c)| c.id.clone()).collect();
            let quiz = chapter.quiz.clone();
            (
                any::<bool>(),
                proptest::sample::subsequence(checkpoints.clone(), 0..=checkpoints.len()),
                proptest::collection::vec(any::<u32>(), steps.len()),
                proptest::collection::vec(any::<usize>(), quiz.len()),
                proptest::option::of(0..=steps.len()),
            )
                .prop_map(move |(opened, reached, hint_seeds, answer_seeds, step)| {
                    let mut progress = cloudlab_course::ChapterProgress {
                        reached: reached.into_iter().collect(),
                        ..Default::default()
                    };
                    for (step, seed) in steps.iter().zip(hint_seeds) {
                        let available = u32::try_from(step.hints.len()).unwrap();
                        let count = seed % (available + 1);
                        if count > 0 {
                            progress.hints_revealed.insert(step.id.clone(), count);
                        }
                    }
                    for (question, seed) in quiz.iter().zip(answer_seeds) {
                        if seed % 3 != 0 {
                            progress
                                .quiz_answers
                                .insert(question.id.clone(), seed % question.choices.len());
                        }
                    }
                    progress.current_step = step.map(|index| {
                        steps
                            .get(index)
                            .map_or("quiz".to_string(), |step| step.id.clone())
                    });
                    progress.update_completed(&chapter.outline());
                    (chapter.number, opened, progress)
                })
        })
        .collect::<Vec<_>>();
    (
        per_chapter,
        prop_oneof![Just(Lang::En), Just(Lang::Ko)],
        prop_oneof![
            Just(ThemePreference::System),
            Just(ThemePreference::Light),
            Just(ThemePreference::Dark)
        ],
        proptest::option::of("[0-9T:Z-]{0,24}"),
    )
        .prop_map(|(chapters, lang, theme, saved_at)| {
            let mut save = SaveFile::new(lang, theme);
            save.saved_at = saved_at;
            for (number, opened, progress) in chapters {
                if opened {
                    save.progress.chapters.insert(number, progress);
                }
            }
            save
        })
}

/// Lines a learner might run, for saves with labs in them.
const LAB_LINES: &[&str] = &[
    "aws sts get-caller-identity",
    "echo hello > note.txt",
    "chmod 600 note.txt",
    "aws ec2 create-key-pair --key-name k1 --query KeyMaterial --output text > k1.pem",
    "aws ec2 describe-instances",
    "sleep 5",
    "aws ec2 create-security-group --group-name g1 --description demo",
    "aws ec2 allocate-address --domain vpc",
    "ls -l",
    "aws ec2 describe-key-pairs --key-names nope",
];

/// A save with arbitrary progress and labs of arbitrary chapters with a few
/// lines run in them.
fn arbitrary_save_with_labs() -> impl Strategy<Value = SaveFile> {
    let numbers: Vec<u32> = catalog().chapters().map(|chapter| chapter.number).collect();
    (
        arbitrary_save(),
        proptest::sample::subsequence(numbers.clone(), 0..=numbers.len()),
        proptest::collection::vec(0..LAB_LINES.len(), 0..6),
    )
        .prop_map(|(mut save, chapters, lines)| {
            let catalog = catalog();
            for number in chapters {
                let mut lab =
                    cloudlab_course::Lab::for_chapter(catalog.chapter(number).unwrap()).unwrap();
                for index in &lines {
                    lab.run(LAB_LINES[*index]);
                }
                save.set_lab(number, &lab);
            }
            save
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_save_with_labs_round_trips(save in arbitrary_save_with_labs()) {
        let json = save.to_json();
        let parsed = SaveFile::parse(&json).unwrap();
        prop_assert_eq!(parsed.to_json(), json);
        for number in save.labs.keys() {
            let (lab, back) = (save.lab(*number).unwrap(), parsed.lab(*number).unwrap());
            prop_assert_eq!(&back.cloud, &lab.cloud);
            prop_assert_eq!(&back.terminal, &lab.terminal);
        }
    }

    #[test]
    fn any_valid_save_round_trips(save in arbitrary_save()) {
        let json = save.to_json();
        let parsed = SaveFile::parse(&json).unwrap();
        prop_assert_eq!(parsed.to_json(), json);
        prop_assert_eq!(parsed.progress, save.progress);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(SaveFile::parse(&text).is_err() || text.contains("cloudlab"));
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        let mut object = serde_json::Map::new();
        object.insert("app".into(), json!("cloudlab"));
        object.insert("schema".into(), json!(CURRENT_SCHEMA));
        object.insert("progress".into(), value.clone());
        let _ = SaveFile::parse(&Value::Object(object).to_string());
        let _ = SaveFile::parse(&value.to_string());
    }
}

/// Arbitrary JSON values, small and nested, with keys that look like the save's.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "[a-z0-9-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            Just("chapters".to_string()),
            Just("0".to_string()),
            Just("4".to_string()),
            Just("reached".to_string()),
            Just("hints_revealed".to_string()),
            Just("quiz_answers".to_string()),
            Just("current_step".to_string()),
            "[a-z0-9-]{0,8}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(key, inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}
