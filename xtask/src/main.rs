//! `cargo xtask <command>`: builds, serves, tests and measures CloudLab.
//! Run `cargo xtask help` for the commands.

use std::process::ExitCode;

use xtask::util::{self, Result};
use xtask::{bench, bundle, cli_gen, screenshots, server, setup, test_layers};

const USAGE: &str = "\
cargo xtask <command> [options]

commands:
  setup                      install what is missing: wasm32 target, wasm-bindgen-cli
                             (Cargo.lock's version), rustfmt/clippy, chromium,
                             chromium-driver, fonts-noto-cjk, binaryen
  build [--dev]              build the site into dist/ and print its size
  serve [--port 8080] [--prefix /cloudlab/] [--host 127.0.0.1] [--dev]
                             build, then serve dist/ under the prefix
  test [--skip-e2e] [--only LAYER]... [--scenario NAME]
                             run every test layer in order, stopping at the first
                             failure (layers: setup fmt clippy clippy-wasm unit wasm
                             build e2e)
  screenshots [--out target/screenshots] [--full-page]
                             PNGs of the main pages: desktop and mobile, light and dark
  bench [--commands 2000]    report bundle size, page load time and model throughput
  gen-cli                    write the terminal's `aws` option tables
                             (crates/terminal/src/aws/generated/) from the
                             botocore models vendored in xtask/botocore/
  vendor-botocore --from DIR [service:Operation]...
                             copy the labs' operations (those vendored, plus any
                             named) from botocore's data folder DIR into
                             xtask/botocore/ (see xtask/botocore/README.md)
  help                       this text
";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        print!("{USAGE}");
        return ExitCode::FAILURE;
    }
    let command = args.remove(0);
    match dispatch(&command, Args(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask {command}: error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(command: &str, mut args: Args) -> Result<()> {
    let root = util::repo_root();
    match command {
        "setup" => {
            args.finish()?;
            setup::ensure(&root, setup::Needs::ALL)?;
            println!("setup: done");
            Ok(())
        }
        "build" => {
            let options = bundle::BuildOptions {
                dev: args.flag("--dev"),
            };
            args.finish()?;
            bundle::build(&root, options)?;
            Ok(())
        }
        "serve" => {
            let port: u16 = args.parsed("--port")?.unwrap_or(8080);
            let prefix = args
                .value("--prefix")?
                .unwrap_or_else(|| "/cloudlab/".into());
            let host = args.value("--host")?.unwrap_or_else(|| "127.0.0.1".into());
            let options = bundle::BuildOptions {
                dev: args.flag("--dev"),
            };
            args.finish()?;
            bundle::build(&root, options)?;
            let server = server::StaticServer::start(
                &bundle::dist_dir(&root),
                &prefix,
                (host.as_str(), port),
                true,
            )
            .map_err(|err| format!("cannot listen on {host}:{port}: {err}"))?;
            println!("\nServing dist/ at {}  (Ctrl+C to stop)\n", server.url());
            server.wait();
            Ok(())
        }
        "test" => {
            let options = test_layers::TestOptions {
                skip_e2e: args.flag("--skip-e2e"),
                only: args.values("--only")?,
                scenario: args.value("--scenario")?,
            };
            args.finish()?;
            test_layers::test(&root, &options)
        }
        "screenshots" => {
            let out = args
                .value("--out")?
                .map(|out| root.join(out))
                .unwrap_or_else(|| util::reports_dir(&root).join("screenshots"));
            let full_page = args.flag("--full-page");
            args.finish()?;
            screenshots::screenshots(&root, &out, full_page)
        }
        "bench" => {
            let mut options = bench::BenchOptions::default();
            if let Some(commands) = args.parsed("--commands")? {
                options.commands = commands;
            }
            args.finish()?;
            bench::bench(&root, options)
        }
        "gen-cli" => {
            args.finish()?;
            cli_gen::generate(&root)
        }
        "vendor-botocore" => {
            let from = args
                .value("--from")?
                .ok_or("--from DIR: botocore's data folder")?;
            let added = std::mem::take(&mut args.0);
            cli_gen::vendor(&root, std::path::Path::new(&from), &added)?;
            cli_gen::generate(&root)
        }
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}").into()),
    }
}

/// The remaining command-line arguments; each accessor consumes what it reads so
/// [`Args::finish`] can refuse leftovers.
#[derive(Debug)]
struct Args(Vec<String>);

impl Args {
    /// Whether `--name` is present.
    fn flag(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|arg| arg != name);
        self.0.len() != before
    }

    /// The value of the last `--name VALUE` or `--name=VALUE`.
    fn value(&mut self, name: &str) -> Result<Option<String>> {
        Ok(self.values(name)?.pop())
    }

    /// Every value given with `--name VALUE` or `--name=VALUE`.
    fn values(&mut self, name: &str) -> Result<Vec<String>> {
        let mut found = Vec::new();
        let mut rest = Vec::new();
        let mut args = std::mem::take(&mut self.0).into_iter();
        while let Some(arg) = args.next() {
            if arg == name {
                found.push(args.next().ok_or_else(|| format!("{name} needs a value"))?);
            } else if let Some(value) = arg.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
                found.push(value.to_string());
            } else {
                rest.push(arg);
            }
        }
        self.0 = rest;
        Ok(found)
    }

    /// The value of `--name`, parsed.
    fn parsed<T: std::str::FromStr>(&mut self, name: &str) -> Result<Option<T>> {
        match self.value(name)? {
            Some(text) => text
                .parse()
                .map(Some)
                .map_err(|_| format!("{name}: cannot parse {text:?}").into()),
            None => Ok(None),
        }
    }

    /// Fails if any argument was not recognized.
    fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(format!("unexpected arguments: {}", self.0.join(" ")).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        Args(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn flags_and_values_are_consumed() {
        let mut a = args(&["--dev", "--port", "9000", "--prefix=/x/"]);
        assert!(a.flag("--dev"));
        assert_eq!(a.parsed::<u16>("--port").unwrap(), Some(9000));
        assert_eq!(a.value("--prefix").unwrap().as_deref(), Some("/x/"));
        assert!(a.finish().is_ok());
    }

    #[test]
    fn repeated_values_are_all_kept() {
        let mut a = args(&["--only", "fmt", "--only=unit"]);
        assert_eq!(a.values("--only").unwrap(), ["fmt", "unit"]);
    }

    #[test]
    fn leftovers_and_bad_values_are_errors() {
        assert!(args(&["--nope"]).finish().is_err());
        assert!(args(&["--port", "x"]).parsed::<u16>("--port").is_err());
        assert!(args(&["--port"]).value("--port").is_err());
    }
}
