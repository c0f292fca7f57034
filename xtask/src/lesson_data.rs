//! The lessons' data files: `lessons/*.toml` are parsed and checked natively, as the
//! course tests do, and written to `dist/lessons/` as JSON the app reads when needed:
//! `index.<hash>.json` (every chapter's outline: the chapter list and what a save is
//! checked against) and one `<NN>-<slug>.<lang>.<hash>.json` per chapter and language
//! (its text in that language, steps, checks and setup; no solutions). Names carry a
//! hash of the content, so a page never mixes files of two builds and the files can be
//! cached for ever. `index.html` names the index in `<meta name="cloudlab-lessons">`.

use std::fs;
use std::path::Path;

use cloudlab_course::{Catalog, Lang};

use crate::util::{self, Result};

/// The index's name in the source `index.html`, replaced by its hashed name.
pub const INDEX_PLACEHOLDER: &str = "lessons/index.json";

/// Reads and checks `root/lessons/*.toml`, writes the data files under `dist/lessons/`
/// and returns the index's path relative to `dist/`.
pub fn write(root: &Path, dist: &Path) -> Result<String> {
    let mut sources = Vec::new();
    for file in util::files_under(&root.join("lessons"))? {
        if file.extension().is_some_and(|ext| ext == "toml") {
            let name = file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            sources.push((name, fs::read_to_string(&file)?));
        }
    }
    let catalog = Catalog::from_sources(
        sources
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    )
    .map_err(|err| format!("the lessons are not sound: {err}"))?;

    let out = dist.join("lessons");
    fs::create_dir_all(&out)?;
    let mut files = std::collections::BTreeMap::new();
    for chapter in catalog.chapters() {
        for lang in Lang::ALL {
            let json = serde_json::to_string(&chapter.for_language(lang))?;
            let name = format!(
                "lessons/{:02}-{}.{}.{}.json",
                chapter.number,
                chapter.slug,
                lang.code(),
                content_hash(json.as_bytes())
            );
            util::write(&dist.join(&name), &json)?;
            files.insert((chapter.number, lang), name);
        }
    }
    let index = catalog.index(|outline, lang| {
        files
            .get(&(outline.number, lang))
            .cloned()
            .unwrap_or_default()
    });
    let json = serde_json::to_string(&index)?;
    let name = format!("lessons/index.{}.json", content_hash(json.as_bytes()));
    util::write(&dist.join(&name), &json)?;
    Ok(name)
}

/// Puts the index's hashed name into `dist/index.html` (its `<meta>` and preload link).
pub fn name_index_in_page(dist: &Path, index: &str) -> Result<()> {
    let page = dist.join("index.html");
    let html = fs::read_to_string(&page)?;
    if !html.contains(INDEX_PLACEHOLDER) {
        return Err(format!("index.html does not mention {INDEX_PLACEHOLDER}").into());
    }
    util::write(&page, html.replace(INDEX_PLACEHOLDER, index))
}

/// 16 hex digits of FNV-1a 64: enough to tell builds apart, stable across toolchains.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::TempDir;

    #[test]
    fn the_lessons_become_an_index_and_one_file_per_chapter_and_language() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dist = TempDir::new("xtask-lessons").unwrap();
        fs::write(
            dist.path().join("index.html"),
            r#"<meta name="cloudlab-lessons" content="lessons/index.json">"#,
        )
        .unwrap();
        let index = write(&root, dist.path()).unwrap();
        name_index_in_page(dist.path(), &index).unwrap();
        let page = fs::read_to_string(dist.path().join("index.html")).unwrap();
        assert!(page.contains(&index), "{page}");

        let text = fs::read_to_string(dist.path().join(&index)).unwrap();
        let index: cloudlab_course::CourseIndex = serde_json::from_str(&text).unwrap();
        let mut catalog = Catalog::from_index(index.clone()).unwrap();
        let whole = Catalog::load().unwrap();
        assert_eq!(catalog.outlines().len(), whole.outlines().len());
        for outline in &index.chapters {
            for lang in Lang::ALL {
                let file = &outline.files[&lang];
                let text = fs::read_to_string(dist.path().join(file)).unwrap();
                assert!(
                    !text.contains("\"solution\":[\""),
                    "{file} carries the solution"
                );
                let chapter = serde_json::from_str(&text).unwrap();
                catalog.add_chapter(chapter, lang).unwrap();
            }
            let loaded = catalog.chapter(outline.number).unwrap();
            let original = whole.chapter(outline.number).unwrap();
            assert_eq!(loaded.texts(), original.texts());
            assert_eq!(loaded.steps, original.steps);
        }
    }

    #[test]
    fn the_hash_follows_the_content() {
        assert_eq!(content_hash(b"a"), content_hash(b"a"));
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b"").len(), 16);
    }
}
