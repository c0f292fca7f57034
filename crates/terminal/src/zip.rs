//! `zip` and `unzip` on the laptop, for Lambda deployment packages. The lab's
//! zip stores files without compressing them (what `zip -0` does), which Lambda
//! accepts like any other .zip.

use cloudlab_model::Cloud;
use cloudlab_model::lambda::package::{read_zip, write_zip};

use crate::Terminal;
use crate::shell::CmdResult;
use crate::vfs::{self, NodeKind};

/// `zip [-r] [-q] [-j] archive.zip file...`.
pub fn zip(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let mut recurse = false;
    let mut quiet = false;
    let mut junk_paths = false;
    let mut words = Vec::new();
    for a in args {
        match a.as_str() {
            "-r" => recurse = true,
            "-q" => quiet = true,
            "-j" => junk_paths = true,
            "-0" | "-9" | "-X" => {}
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return CmdResult::fail(
                    format!(
                        "zip error: Invalid command arguments (no such option: {})\n",
                        &flag[1..]
                    ),
                    16,
                );
            }
            _ => words.push(a.clone()),
        }
    }
    let Some((archive, inputs)) = words.split_first() else {
        return CmdResult::fail(
            "zip error: Invalid command arguments (nothing to select from)\n",
            16,
        );
    };
    let archive = if archive.ends_with(".zip") {
        archive.clone()
    } else {
        format!("{archive}.zip")
    };
    if inputs.is_empty() {
        return CmdResult::fail(
            "zip error: Nothing to do! (".to_string() + &archive + ")\n",
            12,
        );
    }
    let archive_path = vfs::normalize(&term.cwd, &archive);
    // An existing archive gets the new files added (replacing same names).
    let mut entries: Vec<(String, Vec<u8>)> = match term.vfs.get(&archive_path).map(|n| &n.kind) {
        Some(NodeKind::Binary { bytes, .. }) => read_zip(bytes)
            .map(|m| m.into_iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut out = String::new();
    let mut err = String::new();
    let mut added = 0;
    for input in inputs {
        let path = vfs::normalize(&term.cwd, input);
        let mut files = Vec::new();
        if term.vfs.is_dir(&path) {
            if !recurse {
                if !quiet {
                    out.push_str(&format!(
                        "  adding: {}/ (stored 0%)\n",
                        input.trim_end_matches('/')
                    ));
                }
                continue;
            }
            collect(term, &path, input.trim_end_matches('/'), &mut files);
        } else if term.vfs.exists(&path) {
            files.push((path.clone(), input.clone()));
        } else {
            err.push_str(&format!("\tzip warning: name not matched: {input}\n"));
            continue;
        }
        for (full, name) in files {
            let bytes = match term.vfs.get(&full).map(|n| &n.kind) {
                Some(NodeKind::File { contents }) => contents.as_bytes().to_vec(),
                Some(NodeKind::Binary { bytes, .. }) => bytes.clone(),
                _ => continue,
            };
            let name = if junk_paths {
                vfs::file_name(&name).to_string()
            } else {
                name.trim_start_matches("./").to_string()
            };
            if !quiet {
                let verb = if entries.iter().any(|(n, _)| *n == name) {
                    "updating"
                } else {
                    "adding"
                };
                out.push_str(&format!("  {verb}: {name} (stored 0%)\n"));
            }
            entries.retain(|(n, _)| *n != name);
            entries.push((name, bytes));
            added += 1;
        }
    }
    if added == 0 {
        err.push_str(&format!("\nzip error: Nothing to do! ({archive})\n"));
        return CmdResult {
            out,
            err,
            code: 12,
            ..CmdResult::default()
        };
    }
    let bytes = write_zip(&entries, cloud.now().unix_seconds());
    if let Err(e) = term
        .vfs
        .write_bytes(&archive_path, bytes, cloud.now().unix_seconds())
    {
        err.push_str(&format!(
            "zip I/O error: {e}\nzip error: Could not create output file ({archive})\n"
        ));
        return CmdResult {
            out,
            err,
            code: 15,
            ..CmdResult::default()
        };
    }
    CmdResult {
        out,
        err,
        code: 0,
        ..CmdResult::default()
    }
}

fn collect(term: &Terminal, dir: &str, shown: &str, files: &mut Vec<(String, String)>) {
    for name in term.vfs.list(dir).unwrap_or_default() {
        let full = format!("{}/{name}", dir.trim_end_matches('/'));
        let display = format!("{shown}/{name}");
        if term.vfs.is_dir(&full) {
            collect(term, &full, &display, files);
        } else {
            files.push((full, display));
        }
    }
}

/// `unzip -l archive.zip` lists; `unzip archive.zip` extracts into the
/// working directory.
pub fn unzip(term: &mut Terminal, cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let list = args.iter().any(|a| a == "-l");
    let overwrite = args.iter().any(|a| a == "-o");
    let Some(archive) = args.iter().find(|a| !a.starts_with('-')) else {
        return CmdResult::fail(
            "UnZip 6.00 of 20 April 2009, by Debian.\nUsage: unzip [-Z] [-opts[modifiers]] file[.zip] [list] [-x xlist] [-d exdir]\n",
            0,
        );
    };
    let path = vfs::normalize(&term.cwd, archive);
    let not_found = || {
        CmdResult::fail(
            format!("unzip:  cannot find or open {archive}, {archive}.zip or {archive}.ZIP.\n"),
            9,
        )
    };
    let bytes = match term.vfs.get(&path).map(|n| &n.kind) {
        Some(NodeKind::Binary { bytes, .. }) => bytes.clone(),
        Some(NodeKind::File { contents }) => contents.as_bytes().to_vec(),
        _ => return not_found(),
    };
    let Ok(files) = read_zip(&bytes) else {
        return CmdResult::fail(
            format!(
                "Archive:  {archive}\n  End-of-central-directory signature not found.  Either this file is not\n  a zipfile, or it constitutes one disk of a multi-part archive.\nunzip:  cannot find zipfile directory in {archive}.\n"
            ),
            9,
        );
    };
    let mut out = format!("Archive:  {archive}\n");
    if list {
        let date = cloud.now().to_utc();
        let stamp = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            date.year, date.month, date.day, date.hour, date.minute
        );
        out.push_str("  Length      Date    Time    Name\n---------  ---------- -----   ----\n");
        let mut total = 0;
        for (name, data) in &files {
            total += data.len();
            out.push_str(&format!("{:>9}  {stamp}   {name}\n", data.len()));
        }
        out.push_str(&format!(
            "---------                     -------\n{total:>9}                     {} file{}\n",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ));
        return CmdResult::ok(out);
    }
    let now = cloud.now().unix_seconds();
    for (name, data) in files {
        let target = vfs::normalize(&term.cwd, &name);
        if term.vfs.exists(&target) && !overwrite {
            out.push_str(&format!("replace {name}? [y]es, [n]o, [A]ll, [N]one, [r]ename: NULL\n(EOF or read error, treating as \"[N]one\" ...)\n"));
            return CmdResult {
                out,
                code: 1,
                ..CmdResult::default()
            };
        }
        let result = match String::from_utf8(data.clone()) {
            Ok(text) => term.vfs.write(&target, &text, false, now),
            Err(_) => term.vfs.write_bytes(&target, data, now),
        };
        if let Err(e) = result {
            out.push_str(&format!("error:  cannot create {name}\n        {e}\n"));
            return CmdResult {
                out,
                code: 50,
                ..CmdResult::default()
            };
        }
        out.push_str(&format!(" extracting: {name}\n"));
    }
    CmdResult::ok(out)
}
