//! Golden saves: save files written by earlier builds, kept in
//! `tests/golden/`, must still load. Each is parsed with [`SaveFile::parse`]
//! and restored with [`Session::from_save`], and nothing in it may be lost:
//! chapters, step, checkpoint and question ids, hint counts and quiz answers
//! all survive, and every checkpoint the file marks reached still passes on
//! the restored lab. A change that breaks old saves (a renamed id, a model
//! field that no longer deserializes, a check that reads the lab differently)
//! fails here.
//!
//! `tests/golden/README.md` says how to add a golden file. Golden files are
//! never regenerated: [`write_golden_saves`] refuses to overwrite one.

use std::path::{Path, PathBuf};

use cloudlab_course::session::QUIZ_STEP;
use cloudlab_course::{
    CURRENT_SCHEMA, Catalog, Lang, SaveFile, ScriptLine, Session, ThemePreference,
};

/// The folder of golden saves.
fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn catalog() -> Catalog {
    Catalog::load().unwrap()
}

/// Every golden save, as (file name, text), sorted by name.
fn golden_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The golden save with this file name.
fn golden(name: &str) -> SaveFile {
    let path = golden_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    SaveFile::parse(&text).unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[test]
fn there_are_golden_saves() {
    let names: Vec<String> = golden_files().into_iter().map(|(name, _)| name).collect();
    for wanted in ["v1-chapters-0-5.json", "v1-chapter-4-partial.json"] {
        assert!(
            names.iter().any(|name| name == wanted),
            "{wanted} is missing: {names:?}"
        );
    }
}

#[test]
fn every_golden_save_loads_and_loses_nothing() {
    for (name, text) in golden_files() {
        let save = SaveFile::parse(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(save.schema <= CURRENT_SCHEMA, "{name}");
        let stored = save.clone();
        let session = Session::from_save(catalog(), save);
        assert_eq!(session.lang(), stored.lang, "{name}");
        assert_eq!(session.theme(), stored.theme, "{name}");
        for (number, before) in &stored.progress.chapters {
            let Some(after) = session.chapter_progress(*number) else {
                panic!("{name}: the progress of chapter {number} was dropped");
            };
            assert_eq!(
                after.current_step, before.current_step,
                "{name}: chapter {number}"
            );
            assert_eq!(
                after.hints_revealed, before.hints_revealed,
                "{name}: chapter {number}"
            );
            assert_eq!(
                after.quiz_answers, before.quiz_answers,
                "{name}: chapter {number}"
            );
            let lost: Vec<&String> = before.reached.difference(&after.reached).collect();
            assert!(lost.is_empty(), "{name}: chapter {number} lost {lost:?}");
        }
        for number in stored.labs.keys() {
            let Some(restored) = session.lab(*number) else {
                panic!("{name}: the lab of chapter {number} was dropped");
            };
            let lab = stored.lab(*number).unwrap();
            assert_eq!(&restored.cloud, &lab.cloud, "{name}: chapter {number}");
            // Every checkpoint the file marks reached still passes on the
            // restored lab: the checks read the old state as they did.
            let Some(chapter) = session.catalog().chapter(*number) else {
                panic!("{name}: no chapter {number}");
            };
            let reached = &stored.progress.chapters[number].reached;
            for step in &chapter.steps {
                for status in session.checkpoints(*number, &step.id) {
                    if reached.contains(&status.id) {
                        assert!(
                            status.outcome.passed,
                            "{name}: chapter {number} checkpoint {} no longer passes: {}",
                            status.id, status.outcome.detail.en
                        );
                    }
                }
            }
        }
        // The restored session saves and loads again.
        let again = session.to_save().to_json();
        assert!(SaveFile::parse(&again).is_ok(), "{name}");
    }
}

#[test]
fn the_chapters_0_to_5_save_has_every_chapter_done() {
    let save = golden("v1-chapters-0-5.json");
    assert_eq!((save.lang, save.theme), (Lang::Ko, ThemePreference::Dark));
    // Lessons grow (a chapter gains a step or a checkpoint), so what is checked is what
    // the file holds: every checkpoint it reached, hint it showed and answer it gave.
    let saved_progress = save.progress.clone();
    let mut session = Session::from_save(catalog(), save);
    for number in 0..=5 {
        let chapter = session.catalog().chapter(number).unwrap().clone();
        let saved = &saved_progress.chapters[&number];
        let progress = session.chapter_progress(number).unwrap();
        assert_eq!(
            progress.current_step.as_deref(),
            Some(QUIZ_STEP),
            "chapter {number}"
        );
        assert_eq!(
            session.quiz_score(number),
            chapter.quiz.len(),
            "chapter {number}"
        );
        assert!(!saved.reached.is_empty(), "chapter {number}");
        for step in &chapter.steps {
            assert_eq!(
                session.revealed_hints(number, &step.id).len(),
                saved.hints_shown(&step.id) as usize,
                "chapter {number} {}",
                step.id
            );
            for status in session.checkpoints(number, &step.id) {
                if saved.reached.contains(&status.id) {
                    assert!(
                        status.reached && status.outcome.passed,
                        "chapter {number} {}: {}",
                        status.id,
                        status.outcome.detail.en
                    );
                }
            }
        }
    }
    // The restored labs carry on: chapter 5's web server still answers.
    let url =
        cloudlab_course::placeholders::fill("http://{public_ip}", session.lab(5).unwrap()).unwrap();
    let output = session.run_command(5, &format!("curl -s {url}"));
    assert_eq!(output.exit_code, 0, "{}", output.stderr);
    assert!(!output.stdout.is_empty());
}

#[test]
fn the_partial_chapter_4_save_is_partial() {
    let save = golden("v1-chapter-4-partial.json");
    assert_eq!((save.lang, save.theme), (Lang::En, ThemePreference::Light));
    let session = Session::from_save(catalog(), save);
    assert_eq!(session.current_step(4).as_deref(), Some("security-group"));
    let key_pair = session
        .checkpoints(4, "key-pair")
        .into_iter()
        .find(|status| status.id == "key-pair-created")
        .unwrap();
    assert!(key_pair.reached && key_pair.outcome.passed);
    assert!(!session.chapter_progress(4).unwrap().completed);
    assert_eq!(session.revealed_hints(4, "key-pair").len(), 2);
    assert_eq!(session.quiz_score(4), 0);
    assert!(
        session
            .quiz_answer(4, &session.catalog().chapter(4).unwrap().quiz[0].id)
            .is_some()
    );
}

/// Runs lesson lines in a chapter's lab through the session, as the app's
/// terminal and console would.
fn play(session: &mut Session, number: u32, lines: &[String]) {
    for line in lines {
        let parsed = ScriptLine::parse(line).unwrap();
        let result = session.with_lab(number, |lab| lab.run_script_line(&parsed));
        if let Some(Err(detail)) = result {
            panic!("chapter {number}: {line:?}: {detail}");
        }
    }
}

/// A learner who did chapters 0–5: every solution played, one hint per
/// step, every quiz answered right, on the quiz page; Korean, dark theme.
fn chapters_0_to_5() -> SaveFile {
    let mut session = Session::new(catalog());
    session.set_lang(Lang::Ko);
    session.set_theme(ThemePreference::Dark);
    for number in 0..=5 {
        let chapter = session.catalog().chapter(number).unwrap().clone();
        session.open_chapter(number, None);
        play(&mut session, number, &chapter.solution);
        for step in &chapter.steps {
            session.reveal_next_hint(number, &step.id);
        }
        for question in &chapter.quiz {
            let right = question.choices.iter().position(|c| c.correct).unwrap();
            session.answer(number, &question.id, right);
        }
        session.go_to_step(number, QUIZ_STEP);
    }
    let mut save = session.to_save();
    save.saved_at = Some("2026-11-20T09:00:00Z".into());
    save
}

/// A learner half-way through chapter 4: a key pair made, two hints read,
/// the first question answered wrong; English, light theme.
fn chapter_4_partial() -> SaveFile {
    let mut session = Session::new(catalog());
    session.set_theme(ThemePreference::Light);
    session.open_chapter(4, Some("key-pair"));
    play(
        &mut session,
        4,
        &["aws ec2 create-key-pair --key-name web-key --query KeyMaterial --output text > web-key.pem".to_string()],
    );
    session.reveal_next_hint(4, "key-pair");
    session.reveal_next_hint(4, "key-pair");
    let question = session.catalog().chapter(4).unwrap().quiz[0].clone();
    let wrong = question.choices.iter().position(|c| !c.correct).unwrap();
    session.answer(4, &question.id, wrong);
    session.go_to_step(4, "security-group");
    let mut save = session.to_save();
    save.saved_at = Some("2026-11-20T09:30:00Z".into());
    save
}

/// Writes the golden saves this build makes, in compact JSON, under names
/// that do not exist yet. Run by hand (see `tests/golden/README.md`):
///
/// ```text
/// cargo test -p cloudlab-course --test golden -- --ignored write_golden_saves
/// ```
///
/// `CLOUDLAB_GOLDEN_SUFFIX=-2027` appends a suffix to the names. An existing
/// file is never overwritten: the test fails instead.
#[test]
#[ignore = "writes new golden files; run by hand"]
fn write_golden_saves() {
    let suffix = std::env::var("CLOUDLAB_GOLDEN_SUFFIX").unwrap_or_default();
    for (stem, save) in [
        ("chapters-0-5", chapters_0_to_5()),
        ("chapter-4-partial", chapter_4_partial()),
    ] {
        let name = format!("v{CURRENT_SCHEMA}-{stem}{suffix}.json");
        let path = golden_dir().join(&name);
        assert!(
            !path.exists(),
            "{} exists: golden files are never regenerated; set CLOUDLAB_GOLDEN_SUFFIX to add a new one",
            path.display()
        );
        let json = serde_json::to_string(&save).unwrap();
        std::fs::write(&path, &json).unwrap();
        println!("wrote {} ({} bytes)", path.display(), json.len());
    }
}
