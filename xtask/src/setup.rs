//! `cargo xtask setup`: installs what building and testing need, and only what is
//! missing, so it is quick on a machine that has everything.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, Result};

/// The rustc target the app compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Which tools a command needs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    /// rustfmt and clippy.
    pub rust_components: bool,
    /// The wasm32 target, wasm-bindgen and wasm-bindgen-test-runner.
    pub wasm: bool,
    /// wasm-opt (optional for builds: missing means a warning, not an error).
    pub wasm_opt: bool,
    /// Chromium, chromedriver and a Korean font.
    pub browser: bool,
}

impl Needs {
    /// Everything: what `setup` and `test` install.
    pub const ALL: Needs = Needs {
        rust_components: true,
        wasm: true,
        wasm_opt: true,
        browser: true,
    };

    /// What `build` needs.
    pub const BUILD: Needs = Needs {
        rust_components: false,
        wasm: true,
        wasm_opt: true,
        browser: false,
    };

    /// What `build` plus a browser session need (`serve` needs no browser, but
    /// `screenshots` and `bench` do).
    pub const BUILD_AND_BROWSER: Needs = Needs {
        rust_components: false,
        wasm: true,
        wasm_opt: true,
        browser: true,
    };
}

/// Paths of the tools found or installed.
#[derive(Clone, Debug, Default)]
pub struct Tools {
    /// `wasm-bindgen`, at the version in Cargo.lock.
    pub wasm_bindgen: Option<PathBuf>,
    /// `wasm-bindgen-test-runner`, installed with wasm-bindgen.
    pub wasm_bindgen_test_runner: Option<PathBuf>,
    /// `wasm-opt` from binaryen.
    pub wasm_opt: Option<PathBuf>,
    /// The Chromium (or Chrome) binary.
    pub chromium: Option<PathBuf>,
    /// `chromedriver`.
    pub chromedriver: Option<PathBuf>,
}

impl Tools {
    /// The wasm-bindgen path, or an error saying setup could not provide it.
    pub fn wasm_bindgen(&self) -> Result<&Path> {
        required(&self.wasm_bindgen, "wasm-bindgen")
    }

    /// The wasm-bindgen-test-runner path, or an error.
    pub fn wasm_bindgen_test_runner(&self) -> Result<&Path> {
        required(&self.wasm_bindgen_test_runner, "wasm-bindgen-test-runner")
    }

    /// The Chromium path, or an error.
    pub fn chromium(&self) -> Result<&Path> {
        required(&self.chromium, "chromium")
    }

    /// The chromedriver path, or an error.
    pub fn chromedriver(&self) -> Result<&Path> {
        required(&self.chromedriver, "chromedriver")
    }
}

fn required<'a>(tool: &'a Option<PathBuf>, name: &str) -> Result<&'a Path> {
    tool.as_deref()
        .ok_or_else(|| format!("{name} is not installed and setup could not install it").into())
}

/// Finds or installs what `needs` asks for, printing one line per tool.
pub fn ensure(root: &Path, needs: Needs) -> Result<Tools> {
    let mut tools = Tools::default();
    if needs.rust_components {
        ensure_rust_components()?;
    }
    if needs.wasm {
        ensure_wasm_target()?;
        let version =
            wasm_bindgen_version_in_lock(&util::read_to_string(&root.join("Cargo.lock"))?)?;
        tools.wasm_bindgen = Some(ensure_wasm_bindgen(&version)?);
        tools.wasm_bindgen_test_runner = util::which("wasm-bindgen-test-runner");
    }

    let mut apt_packages = Vec::new();
    if needs.browser && (find_chromium().is_none() || util::which("chromedriver").is_none()) {
        apt_packages.extend(["chromium", "chromium-driver"]);
    }
    if needs.browser && !has_korean_font() {
        // Without it, Korean text renders as boxes in screenshots.
        apt_packages.push("fonts-noto-cjk");
    }
    if needs.wasm_opt && util::which("wasm-opt").is_none() {
        apt_packages.push("binaryen");
    }
    if !apt_packages.is_empty()
        && let Err(err) = apt_install(&apt_packages)
    {
        // wasm-opt is optional for builds; a missing browser is reported below.
        println!("setup: warning: could not install {apt_packages:?}: {err}");
    }
    if needs.browser {
        println!(
            "setup: Korean font: {}",
            if has_korean_font() {
                "present"
            } else {
                "MISSING (Korean text shows as boxes)"
            }
        );
        tools.chromium = find_chromium();
        tools.chromedriver = util::which("chromedriver");
        report("chromium", tools.chromium.as_deref());
        report("chromedriver", tools.chromedriver.as_deref());
    }
    if needs.wasm_opt {
        tools.wasm_opt = util::which("wasm-opt");
        report("wasm-opt", tools.wasm_opt.as_deref());
    }
    Ok(tools)
}

fn report(name: &str, path: Option<&Path>) {
    match path {
        Some(path) => println!("setup: {name}: present ({})", path.display()),
        None => println!("setup: {name}: MISSING"),
    }
}

/// Whether a font covering Korean is installed (fontconfig's answer, or the
/// files of Debian's `fonts-noto-cjk` where `fc-list` is missing).
fn has_korean_font() -> bool {
    let known_to_fontconfig = util::output(Command::new("fc-list").args([":lang=ko", "family"]))
        .map(|fonts| !fonts.trim().is_empty())
        .unwrap_or(false);
    known_to_fontconfig
        || Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").is_file()
}

fn find_chromium() -> Option<PathBuf> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .into_iter()
    .find_map(util::which)
}

fn ensure_rust_components() -> Result<()> {
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        let present = util::output(util::cargo().args([probe, "--version"])).is_ok();
        if present {
            println!("setup: {component}: present");
        } else {
            util::run(Command::new("rustup").args(["component", "add", component]))?;
            println!("setup: {component}: installed");
        }
    }
    Ok(())
}

fn ensure_wasm_target() -> Result<()> {
    if wasm_target_installed() {
        println!("setup: {WASM_TARGET} target: present");
        return Ok(());
    }
    util::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    println!("setup: {WASM_TARGET} target: installed");
    Ok(())
}

fn wasm_target_installed() -> bool {
    // Works with and without rustup: the target's standard library sits in the sysroot.
    util::output(Command::new("rustc").args(["--print", "sysroot"]))
        .map(|sysroot| {
            Path::new(sysroot.trim())
                .join("lib/rustlib")
                .join(WASM_TARGET)
                .join("lib")
                .is_dir()
        })
        .unwrap_or(false)
}

/// The `wasm-bindgen` crate version that Cargo.lock pins (the CLI must match it).
pub fn wasm_bindgen_version_in_lock(lock: &str) -> Result<String> {
    let mut versions = Vec::new();
    let mut in_wasm_bindgen = false;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            in_wasm_bindgen = false;
        } else if line == r#"name = "wasm-bindgen""# {
            in_wasm_bindgen = true;
        } else if in_wasm_bindgen
            && let Some(version) = line
                .strip_prefix("version = \"")
                .and_then(|rest| rest.strip_suffix('"'))
        {
            versions.push(version.to_string());
            in_wasm_bindgen = false;
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err("Cargo.lock has no wasm-bindgen package".into()),
        many => Err(format!("Cargo.lock has several wasm-bindgen versions: {many:?}").into()),
    }
}

fn installed_wasm_bindgen_version(path: &Path) -> Option<String> {
    let out = util::output(Command::new(path).arg("--version")).ok()?;
    // "wasm-bindgen 0.2.130"
    out.split_whitespace().nth(1).map(str::to_string)
}

fn ensure_wasm_bindgen(version: &str) -> Result<PathBuf> {
    let found = util::which("wasm-bindgen");
    let found_version = found.as_deref().and_then(installed_wasm_bindgen_version);
    let runner_present = util::which("wasm-bindgen-test-runner").is_some();
    if let (Some(path), Some(found_version)) = (&found, &found_version)
        && found_version == version
        && runner_present
    {
        println!("setup: wasm-bindgen {version}: present");
        return Ok(path.clone());
    }
    println!(
        "setup: wasm-bindgen {version}: installing (found {})",
        found_version.as_deref().unwrap_or("none")
    );
    let install = |locked: bool| {
        let mut cmd = util::cargo();
        cmd.args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            version,
            "--force",
        ]);
        if locked {
            cmd.arg("--locked");
        }
        util::run(&mut cmd)
    };
    if let Err(err) = install(true) {
        // The CLI's own lockfile can pin crates the registry mirror lacks.
        println!("setup: `cargo install --locked` failed ({err}); retrying without --locked");
        install(false)?;
    }
    let path = util::cargo_bin_dir().join("wasm-bindgen");
    match installed_wasm_bindgen_version(&path) {
        Some(installed) if installed == version => {
            println!("setup: wasm-bindgen {version}: installed");
            Ok(path)
        }
        other => Err(format!(
            "wasm-bindgen {version} was installed to {} but it reports {other:?}",
            path.display()
        )
        .into()),
    }
}

fn apt_install(packages: &[&str]) -> Result<()> {
    if util::which("apt-get").is_none() {
        return Err("apt-get is not available; install them with your package manager".into());
    }
    let apt = |args: &[&str]| -> Result<()> {
        let mut cmd = if is_root() {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        util::run(&mut cmd)
    };
    let mut install_args = vec!["install", "-y", "--no-install-recommends"];
    install_args.extend_from_slice(packages);
    if apt(&install_args).is_ok() {
        println!("setup: apt installed {}", packages.join(" "));
        return Ok(());
    }
    // The package lists may be missing or stale on a fresh machine.
    apt(&["update"])?;
    apt(&install_args)?;
    println!("setup: apt installed {}", packages.join(" "));
    Ok(())
}

fn is_root() -> bool {
    util::output(Command::new("id").arg("-u"))
        .map(|uid| uid.trim() == "0")
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "web-sys"
version = "0.3.77"
"#;

    #[test]
    fn reads_the_wasm_bindgen_version_from_the_lockfile() {
        assert_eq!(wasm_bindgen_version_in_lock(LOCK).unwrap(), "0.2.130");
    }

    #[test]
    fn a_lockfile_without_wasm_bindgen_is_an_error() {
        let err =
            wasm_bindgen_version_in_lock("[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\n")
                .unwrap_err();
        assert!(err.to_string().contains("no wasm-bindgen"), "{err}");
    }

    #[test]
    fn two_wasm_bindgen_versions_are_an_error() {
        let lock = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        let err = wasm_bindgen_version_in_lock(&lock).unwrap_err();
        assert!(err.to_string().contains("several"), "{err}");
    }

    #[test]
    fn the_real_lockfile_pins_one_version() {
        let lock = std::fs::read_to_string(util::repo_root().join("Cargo.lock")).unwrap();
        let version = wasm_bindgen_version_in_lock(&lock).unwrap();
        assert!(version.starts_with("0."), "{version}");
    }
}
