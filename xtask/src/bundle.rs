//! `cargo xtask build`: compiles the app to wasm, generates its JS glue with
//! wasm-bindgen, shrinks it with wasm-opt, builds the stylesheet and copies the
//! static files, producing a self-contained `dist/` that works from any folder.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::setup::{self, Needs, WASM_TARGET};
use crate::util::{self, Result};
use crate::{css, lesson_data, wasm_tables};

/// Name of the app's package and of its output files (`pkg/cloudlab.js`).
pub const APP_NAME: &str = "cloudlab";

/// wasm-opt feature flags matching what current rustc emits for wasm32 (binaryen
/// 108 predates several of these being default).
pub const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Build settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildOptions {
    /// Debug build: faster to compile, no wasm-opt, much bigger.
    pub dev: bool,
}

/// `<root>/dist`.
pub fn dist_dir(root: &Path) -> PathBuf {
    root.join("dist")
}

/// Builds `dist/` and prints (and saves) the size report.
pub fn build(root: &Path, options: BuildOptions) -> Result<SizeReport> {
    let started = Instant::now();
    let tools = setup::ensure(root, Needs::BUILD)?;
    let profile = if options.dev { "debug" } else { "release" };

    // `src/main.rs` mounts the app (wasm-bindgen runs `main` on init), as in
    // Leptos' examples; without one, the library must carry `#[wasm_bindgen(start)]`.
    let target_kind = if root.join("src/main.rs").is_file() {
        ["--bin", APP_NAME]
    } else {
        ["--lib", ""]
    };
    // Release builds split the lab's code into its own chunk (see `src/lab_code.rs`).
    let split = !options.dev;
    let mut cargo = util::cargo();
    cargo
        .current_dir(root)
        .args(["build", "--target", WASM_TARGET, "-p", APP_NAME])
        .args(target_kind.iter().filter(|arg| !arg.is_empty()));
    if !options.dev {
        cargo.arg("--release");
    }
    if split {
        cargo.args(["--features", "split"]);
    }
    util::run(&mut cargo)?;
    let wasm = util::cargo_target_dir(root)
        .join(WASM_TARGET)
        .join(profile)
        .join(format!("{APP_NAME}.wasm"));

    let dist = dist_dir(root);
    if dist.exists() {
        fs::remove_dir_all(&dist)
            .map_err(|err| format!("cannot clear {}: {err}", dist.display()))?;
    }
    let staging = dist.join("pkg");
    fs::create_dir_all(&staging)?;
    let bindgen_input = if split {
        split_wasm(&wasm, &staging)?
    } else {
        wasm.clone()
    };
    let mut wasm_bindgen = Command::new(tools.wasm_bindgen()?);
    wasm_bindgen.args(["--target", "web", "--no-typescript", "--out-name", APP_NAME]);
    if split {
        // The chunks import the main module's function table and stack pointer.
        wasm_bindgen.args(["--keep-lld-exports"]);
    }
    if !options.dev {
        // Function names are a third of an unoptimized module; wasm-opt drops
        // them too, but it may be missing or refused (see `optimize_wasm`).
        wasm_bindgen.args(["--remove-name-section", "--remove-producers-section"]);
    }
    util::run(
        wasm_bindgen
            .arg("--out-dir")
            .arg(&staging)
            .arg(&bindgen_input),
    )?;
    if split {
        fs::remove_file(&bindgen_input)?;
    }

    for module in util::files_under(&staging)? {
        if module.extension().is_none_or(|ext| ext != "wasm") {
            continue;
        }
        match (&tools.wasm_opt, options.dev) {
            (_, true) => {}
            (None, false) => {
                println!("build: WARNING: wasm-opt not found, the wasm is not size-optimized")
            }
            (Some(wasm_opt), false) => optimize_wasm(wasm_opt, &module)?,
        }
    }
    if options.dev {
        println!("build: dev build, skipping wasm-opt");
    }
    // The module, its glue and its chunks live in a folder named after their content,
    // so a page can never load a chunk of another build than its main module.
    let pkg_name = format!("pkg-{}", folder_hash(&staging)?);
    fs::rename(&staging, dist.join(&pkg_name))?;

    let stylesheet = css::build_stylesheet(root)?;
    util::write(&dist.join("app.css"), stylesheet)?;
    copy_static_files(root, &dist)?;
    point_boot_at(&dist, &pkg_name)?;
    let index = lesson_data::write(root, &dist)?;
    lesson_data::name_index_in_page(&dist, &index)?;

    let report = SizeReport::measure(&dist)?;
    write_precompressed(&dist)?;
    let text = report.render();
    print!("{text}");
    util::write(&util::reports_dir(root).join("size-report.txt"), &text)?;
    println!(
        "build: dist/ ready in {} ({profile})",
        util::human_duration(started.elapsed())
    );
    Ok(report)
}

/// Splits the raw cargo output (linked with `--emit-relocs`) at its `wasm_split` points:
/// writes the chunks (`split_lab.wasm`, `chunk_N.wasm`) and their loader
/// `__wasm_split.js` into `out`, and returns the main module, still to go through
/// wasm-bindgen (as `cloudlab.js`, which the loader imports).
fn split_wasm(raw: &Path, out: &Path) -> Result<PathBuf> {
    let input = fs::read(raw)?;
    let main_out = out.join(format!("{APP_NAME}_split.wasm"));
    let main_module = format!("./{APP_NAME}.js");
    let started = Instant::now();
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = out;
        options.main_out_path = &main_out;
        options.main_module = &main_module;
        options.link_name = "./__wasm_split.js";
        options.target.web();
        options
    })
    .map_err(|err| format!("splitting the wasm failed: {err:?}"))?;
    println!(
        "build: split the lab's code into {} chunk(s) in {}",
        split.split_modules.len(),
        util::human_duration(started.elapsed())
    );
    Ok(main_out)
}

/// 16 hex digits over every file in `folder` (names and contents).
fn folder_hash(folder: &Path) -> Result<String> {
    let mut all = Vec::new();
    for file in util::files_under(folder)? {
        all.extend(file.strip_prefix(folder)?.to_string_lossy().as_bytes());
        all.extend(fs::read(&file)?);
    }
    Ok(lesson_data::content_hash(&all))
}

/// Makes `dist/boot.js` import the app from its content-named folder.
fn point_boot_at(dist: &Path, pkg_name: &str) -> Result<()> {
    let boot = dist.join("boot.js");
    let text = fs::read_to_string(&boot)?;
    let placeholder = format!("./pkg/{APP_NAME}.js");
    if !text.contains(&placeholder) {
        return Err(format!("boot.js does not import {placeholder}").into());
    }
    util::write(
        &boot,
        text.replace(&placeholder, &format!("./{pkg_name}/{APP_NAME}.js")),
    )
}

/// Runs `wasm-opt -Oz` and keeps its output only if the exported tables kept
/// their types (binaryen 108 points wasm-bindgen's externref table export at
/// the function table, and the app then fails at startup).
fn optimize_wasm(wasm_opt: &Path, wasm: &Path) -> Result<()> {
    let optimized = wasm.with_extension("opt.wasm");
    util::run(
        Command::new(wasm_opt)
            .arg("-Oz")
            .args(WASM_OPT_FEATURES)
            .arg(wasm)
            .arg("-o")
            .arg(&optimized),
    )?;
    let before = wasm_tables::exported_tables(&fs::read(wasm)?)?;
    let optimized_bytes = fs::read(&optimized)?;
    let after = wasm_tables::exported_tables(&optimized_bytes)?;
    if before != after {
        // binaryen 108 (Debian's) points wasm-bindgen's externref table export at the
        // function table; the externref table itself is intact, so point it back.
        match wasm_tables::repoint_table_exports(&optimized_bytes, &before) {
            Ok(repaired) if wasm_tables::exported_tables(&repaired)? == before => {
                println!(
                    "build: {} changed the exported tables ({}); pointed them back",
                    wasm_opt.display(),
                    wasm_tables::describe(&after)
                );
                fs::write(&optimized, repaired)?;
            }
            _ => {
                fs::remove_file(&optimized)?;
                println!(
                    "build: WARNING: {} changed the exported tables ({} became {}); \
                     keeping the unoptimized wasm (binaryen 116+ does not; see README)",
                    wasm_opt.display(),
                    wasm_tables::describe(&before),
                    wasm_tables::describe(&after)
                );
                return Ok(());
            }
        }
    }
    fs::rename(&optimized, wasm)
        .map_err(|err| format!("cannot replace {}: {err}", wasm.display()))?;
    Ok(())
}

/// Copies `index.html`, `boot.js` and everything under `assets/` into `dist/`.
fn copy_static_files(root: &Path, dist: &Path) -> Result<()> {
    for name in ["index.html", "boot.js"] {
        copy(&root.join(name), &dist.join(name))?;
    }
    let assets = root.join("assets");
    for file in util::files_under(&assets)? {
        let relative = file.strip_prefix(&assets)?;
        copy(&file, &dist.join(relative))?;
    }
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::copy(from, to)
        .map_err(|err| format!("cannot copy {} to {}: {err}", from.display(), to.display()))?;
    Ok(())
}

/// Writes `NAME.gz` and `NAME.br` beside every file a browser fetches (wasm, JS, CSS,
/// HTML, SVG, JSON), for servers that send precompressed files (nginx `gzip_static`
/// and `brotli_static`, Caddy `precompressed`). Files that a format would not shrink
/// get no copy in it.
pub fn write_precompressed(dist: &Path) -> Result<()> {
    for file in util::files_under(dist)? {
        let compressible = matches!(
            file.extension().and_then(|ext| ext.to_str()),
            Some("wasm" | "js" | "css" | "html" | "svg" | "json")
        );
        if !compressible {
            continue;
        }
        let bytes = fs::read(&file)?;
        let gzipped = util::gzip(&bytes);
        if gzipped.len() < bytes.len() {
            let mut name = file.clone().into_os_string();
            name.push(".gz");
            fs::write(PathBuf::from(name), gzipped)?;
        }
        let brotli = util::brotli(&bytes)?;
        if brotli.len() < bytes.len() {
            let mut name = file.clone().into_os_string();
            name.push(".br");
            fs::write(PathBuf::from(name), brotli)?;
        }
    }
    Ok(())
}

/// Sizes of the built site, raw and gzipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeReport {
    /// One row per kind of file: (label, raw bytes, gzipped bytes).
    pub rows: Vec<(String, u64, u64)>,
}

impl SizeReport {
    /// Measures `dist/`: wasm, JS, CSS, HTML and other files.
    pub fn measure(dist: &Path) -> Result<SizeReport> {
        let mut groups: Vec<(&str, u64, u64)> = ["wasm", "js", "css", "html", "other"]
            .into_iter()
            .map(|label| (label, 0, 0))
            .collect();
        for file in util::files_under(dist)? {
            // Precompressed copies are the same files again.
            if file
                .extension()
                .is_some_and(|ext| ext == "gz" || ext == "br")
            {
                continue;
            }
            let bytes = fs::read(&file)?;
            let label = match file.extension().and_then(|ext| ext.to_str()) {
                Some("wasm") => "wasm",
                Some("js") => "js",
                Some("css") => "css",
                Some("html") => "html",
                _ => "other",
            };
            if let Some(group) = groups.iter_mut().find(|group| group.0 == label) {
                group.1 += bytes.len() as u64;
                group.2 += util::gzip_len(&bytes) as u64;
            }
        }
        Ok(SizeReport {
            rows: groups
                .into_iter()
                .map(|(label, raw, gzip)| (label.to_string(), raw, gzip))
                .collect(),
        })
    }

    /// Raw and gzipped bytes of a row, if present.
    pub fn row(&self, label: &str) -> Option<(u64, u64)> {
        self.rows
            .iter()
            .find(|row| row.0 == label)
            .map(|row| (row.1, row.2))
    }

    /// Total raw and gzipped bytes.
    pub fn total(&self) -> (u64, u64) {
        self.rows
            .iter()
            .fold((0, 0), |(raw, gzip), row| (raw + row.1, gzip + row.2))
    }

    /// A small table.
    pub fn render(&self) -> String {
        let mut text = String::from("size report (dist/)\n");
        let _ = writeln!(text, "  {:<6} {:>12} {:>12}", "", "raw", "gzip");
        let (raw, gzip) = self.total();
        for (label, raw, gzip) in self
            .rows
            .iter()
            .map(|row| (row.0.as_str(), row.1, row.2))
            .chain([("total", raw, gzip)])
        {
            let _ = writeln!(
                text,
                "  {label:<6} {:>12} {:>12}",
                util::human_bytes(raw),
                util::human_bytes(gzip)
            );
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::TempDir;

    #[test]
    fn size_report_groups_files_by_kind() {
        let dir = TempDir::new("xtask-sizes").unwrap();
        fs::create_dir_all(dir.path().join("pkg")).unwrap();
        fs::write(dir.path().join("pkg/app_bg.wasm"), vec![0u8; 4096]).unwrap();
        fs::write(dir.path().join("pkg/app.js"), "export default 1;").unwrap();
        fs::write(dir.path().join("boot.js"), "import x from './pkg/app.js';").unwrap();
        fs::write(dir.path().join("app.css"), "a{color:red}").unwrap();
        fs::write(dir.path().join("favicon.svg"), "<svg/>").unwrap();

        let report = SizeReport::measure(dir.path()).unwrap();
        let (wasm_raw, wasm_gzip) = report.row("wasm").unwrap();
        assert_eq!(wasm_raw, 4096);
        assert!(wasm_gzip < wasm_raw);
        assert_eq!(report.row("js").unwrap().0, 46);
        assert_eq!(report.row("css").unwrap().0, 12);
        assert_eq!(report.row("html").unwrap().0, 0);
        assert_eq!(report.row("other").unwrap().0, 6);
        assert_eq!(report.total().0, 4096 + 46 + 12 + 6);

        write_precompressed(dir.path()).unwrap();
        let gz = fs::read(dir.path().join("pkg/app_bg.wasm.gz")).unwrap();
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unzipped)
            .unwrap();
        assert_eq!(unzipped, vec![0u8; 4096]);
        let br = fs::read(dir.path().join("pkg/app_bg.wasm.br")).unwrap();
        let mut unbrotlied = Vec::new();
        std::io::Read::read_to_end(
            &mut brotli::Decompressor::new(&br[..], 4096),
            &mut unbrotlied,
        )
        .unwrap();
        assert_eq!(unbrotlied, vec![0u8; 4096]);
        assert_eq!(
            SizeReport::measure(dir.path()).unwrap(),
            report,
            "the .gz and .br copies are not counted"
        );

        let text = report.render();
        assert!(text.contains("wasm"), "{text}");
        assert!(text.contains("total"), "{text}");
    }
}
