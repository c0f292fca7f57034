//! `aws s3`: the CLI's file-like commands on top of S3's API: `mb`, `rb`
//! (`--force` empties the bucket first), `ls` (buckets, or a bucket's keys with
//! its prefixes as folders), `cp` and `mv` (up, down, between buckets, to
//! standard output, `--recursive` for folders), `sync` (only what changed, with
//! `--delete`), `rm` (`--recursive` under a prefix), `presign` (a URL signed with
//! the caller's keys) and `website` (static website hosting).

use cloudlab_model::Cloud;
use cloudlab_model::s3::buckets::{
    BucketInput, CreateBucketConfiguration, CreateBucketInput, ListBucketsInput,
};
use cloudlab_model::s3::objects::{
    CopyObjectInput, ListObjectsV2Input, ObjectInput, ObjectSummary, PutObjectInput,
    STORAGE_CLASSES,
};
use cloudlab_model::s3::website::{
    ErrorDocument, IndexDocument, PutBucketWebsiteInput, WebsiteConfiguration,
};
use cloudlab_model::{Caller, S3Error};

use super::args::GlobalOptions;
use super::{Terminal, caller, effective_region, usage_error};
use crate::shell::CmdResult;
use crate::vfs;

/// The `aws s3` commands, as the CLI lists them.
pub const COMMANDS: &[&str] = &[
    "cp", "ls", "mb", "mv", "presign", "rb", "rm", "sync", "website",
];

/// The bucket of an `s3://bucket[/key]` address.
fn bucket_of(uri: &str) -> Option<&str> {
    split_uri(uri).map(|(bucket, _)| bucket)
}

/// The bucket and key of an `s3://bucket/key` address (the key may be empty).
fn split_uri(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, key))
}

/// A simulated time as the CLI lists it: `2026-12-06 12:39:10`.
fn listed_time(iso: &str) -> String {
    cloudlab_model::SimTime::parse(iso)
        .map(|t| {
            let u = t.to_utc();
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                u.year, u.month, u.day, u.hour, u.minute, u.second
            )
        })
        .unwrap_or_default()
}

/// The value of `--name value` among the words, and the words without it.
fn take_option<'a>(words: &mut Vec<&'a str>, name: &str) -> Option<&'a str> {
    let i = words.iter().position(|w| *w == name)?;
    let value = words.get(i + 1).copied();
    words.drain(i..(i + 2).min(words.len()));
    value
}

/// Whether `--flag` is among the words (and takes it out).
fn take_flag(words: &mut Vec<&str>, name: &str) -> bool {
    let before = words.len();
    words.retain(|w| *w != name);
    words.len() != before
}

/// How a failed `mb`/`rb` reads: the command, the address, the error.
fn failed(verb: &str, uri: &str, error: &str) -> CmdResult {
    CmdResult::fail(format!("{verb} failed: {uri} {error}\n"), 1)
}

fn api_error(operation: &str, e: &cloudlab_model::S3Error) -> String {
    format!(
        "An error occurred ({}) when calling the {operation} operation: {}",
        e.code(),
        e.message()
    )
}

/// Runs `aws s3 <command> ...`.
pub fn run(
    term: &mut Terminal,
    cloud: &mut Cloud,
    globals: &GlobalOptions,
    rest: &[String],
) -> CmdResult {
    let Some(command) = rest.first() else {
        return usage_error("the following arguments are required: operation");
    };
    let args: Vec<&str> = rest.iter().skip(1).map(String::as_str).collect();
    let who = match caller(term, cloud, globals) {
        Ok(c) => c,
        Err(e) => return e,
    };
    match command.as_str() {
        "mb" | "rb" => {
            let mut args = args;
            let force = command == "rb" && take_flag(&mut args, "--force");
            let [uri] = args.as_slice() else {
                return usage_error(&format!(
                    "the following arguments are required: path (aws s3 {command} s3://bucket)"
                ));
            };
            let Some(bucket) = bucket_of(uri) else {
                return CmdResult::fail(
                    format!("\n{uri}\nError: Invalid argument type: use an s3:// address\n"),
                    252,
                );
            };
            let verb = if command == "mb" {
                "make_bucket"
            } else {
                "remove_bucket"
            };
            if let Some(message) = super::s3api::client_side_bucket_error(bucket) {
                return failed(verb, uri, &message);
            }
            if command == "rb" && split_uri(uri).is_some_and(|(_, key)| !key.is_empty()) {
                return CmdResult::fail(
                    format!("\nPlease specify a valid bucket name only. E.g. s3://{bucket}\n"),
                    252,
                );
            }
            let region = effective_region(term, cloud, globals);
            let mut out = String::new();
            if force {
                let emptied = remove(cloud, who.clone(), vec![uri, "--recursive"]);
                out.push_str(&emptied.out);
                if emptied.code != 0 {
                    return CmdResult {
                        out,
                        ..CmdResult::fail(
                            format!(
                                "{}remove_bucket failed: Unable to delete all objects in the bucket, bucket will not be deleted.\n",
                                emptied.err
                            ),
                            255,
                        )
                    };
                }
            }
            let mut as_caller = cloud.as_caller(who);
            let result = if command == "mb" {
                as_caller
                    .create_bucket(CreateBucketInput {
                        bucket: bucket.to_string(),
                        create_bucket_configuration: (region != "us-east-1").then(|| {
                            CreateBucketConfiguration {
                                location_constraint: Some(region.clone()),
                            }
                        }),
                        endpoint_region: Some(region.clone()),
                    })
                    .map(|_| ())
                    .map_err(|e| api_error("CreateBucket", &e))
            } else {
                as_caller
                    .delete_bucket(BucketInput {
                        bucket: bucket.to_string(),
                    })
                    .map_err(|e| api_error("DeleteBucket", &e))
            };
            match result {
                Ok(()) => CmdResult::ok(format!("{out}{verb}: {bucket}\n")),
                Err(error) => failed(verb, uri, &error),
            }
        }
        "ls" => {
            let mut args = args;
            let recursive = take_flag(&mut args, "--recursive");
            if args.iter().any(|a| a.starts_with("--")) {
                return CmdResult::fail(
                    "\ncloudlab: the lab does not simulate that option of aws s3 ls (--human-readable, --summarize, ...).\n",
                    255,
                );
            }
            match args.as_slice() {
                [] | ["s3://"] => match cloud
                    .as_caller(who)
                    .list_buckets(ListBucketsInput::default())
                {
                    Ok(out) => CmdResult::ok(
                        out.buckets
                            .iter()
                            .map(|b| format!("{} {}\n", listed_time(&b.creation_date), b.name))
                            .collect::<String>(),
                    ),
                    Err(e) => CmdResult::fail(format!("\n{}\n", api_error("ListBuckets", &e)), 254),
                },
                [uri] => list_keys(cloud, who, uri, recursive),
                _ => usage_error("aws s3 ls takes at most one address (s3://bucket/prefix)"),
            }
        }
        "cp" => transfer(term, cloud, who, args, Transfer::Copy),
        "mv" => transfer(term, cloud, who, args, Transfer::Move),
        "sync" => transfer(term, cloud, who, args, Transfer::Sync),
        "rm" => remove(cloud, who, args),
        "presign" => {
            let region = effective_region(term, cloud, globals);
            presign(cloud, &who, args, &region)
        }
        "website" => website(cloud, who, args),
        other => usage_error(&format!(
            "argument command: {}",
            super::args::invalid_choice(other, COMMANDS)
        )),
    }
}

/// Every page of a listing, as the CLI follows them.
fn list_all(
    cloud: &mut Cloud,
    who: Caller,
    bucket: &str,
    prefix: &str,
    delimiter: Option<&str>,
) -> Result<(Vec<ObjectSummary>, Vec<String>), S3Error> {
    let mut caller = cloud.as_caller(who);
    let mut contents = Vec::new();
    let mut folders = Vec::new();
    let mut token = None;
    loop {
        let page = caller.list_objects_v2(ListObjectsV2Input {
            bucket: bucket.to_string(),
            prefix: Some(prefix.to_string()),
            delimiter: delimiter.map(str::to_string),
            continuation_token: token.take(),
            ..Default::default()
        })?;
        contents.extend(page.contents);
        folders.extend(page.common_prefixes.into_iter().map(|p| p.prefix));
        match page.next_continuation_token {
            Some(next) if page.is_truncated => token = Some(next),
            _ => return Ok((contents, folders)),
        }
    }
}

/// `aws s3 ls s3://bucket/prefix`: the keys under the prefix, folders as `PRE`
/// (every key, with its full name, with `--recursive`).
fn list_keys(cloud: &mut Cloud, who: Caller, uri: &str, recursive: bool) -> CmdResult {
    let address = if uri.starts_with("s3://") {
        uri.to_string()
    } else {
        format!("s3://{uri}")
    };
    let Some((bucket, prefix)) = split_uri(&address) else {
        return CmdResult::fail(
            format!("\n{uri}\nError: Invalid argument type: use an s3:// address\n"),
            252,
        );
    };
    let delimiter = (!recursive).then_some("/");
    let (contents, folders) = match list_all(cloud, who, bucket, prefix, delimiter) {
        Ok(listed) => listed,
        Err(e) => {
            return CmdResult::fail(format!("\n{}\n", api_error("ListObjectsV2", &e)), 254);
        }
    };
    // Names are shown after the last `/` of the prefix, as the CLI does.
    let shown_from = if recursive {
        0
    } else {
        prefix.rfind('/').map_or(0, |i| i + 1)
    };
    let mut text = String::new();
    for folder in &folders {
        text.push_str(&format!(
            "{:>30} {}\n",
            "PRE",
            folder.get(shown_from..).unwrap_or(folder)
        ));
    }
    for o in &contents {
        text.push_str(&format!(
            "{} {:>10} {}\n",
            listed_time(&o.last_modified),
            o.size,
            o.key.get(shown_from..).unwrap_or(&o.key)
        ));
    }
    // A prefix that matches nothing is a failure (exit 1), though it prints nothing.
    if !prefix.is_empty() && text.is_empty() {
        return CmdResult {
            code: 1,
            ..CmdResult::ok(String::new())
        };
    }
    CmdResult::ok(text)
}

/// How the CLI names a local path in its `upload:`/`download:` lines: relative
/// to the working directory, with `./` in front.
fn shown_path(cwd: &str, path: &str) -> String {
    let base = if cwd.ends_with('/') {
        cwd.to_string()
    } else {
        format!("{cwd}/")
    };
    match path.strip_prefix(&base) {
        Some(rest) => format!("./{rest}"),
        None => path.to_string(),
    }
}

/// The media type the CLI guesses from a file name (Python's `mimetypes`).
fn guess_content_type(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "json" => "application/json",
        "txt" | "text" | "log" | "conf" => "text/plain",
        "csv" => "text/csv",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "md" => "text/markdown",
        "sh" => "application/x-sh",
        "zip" => "application/zip",
        _ => return None,
    })
}

/// What `cp`, `mv` and `sync` do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Transfer {
    /// Copy (one file, or everything with `--recursive`).
    Copy,
    /// Copy, then delete the source.
    Move,
    /// Copy only what is missing or changed (always recursive).
    Sync,
}

/// One end of a transfer: a local path or an S3 address.
#[derive(Clone, Debug)]
enum End {
    Local(String),
    S3 { bucket: String, key: String },
}

impl End {
    fn parse(cwd: &str, text: &str) -> End {
        match split_uri(text) {
            Some((bucket, key)) => End::S3 {
                bucket: bucket.to_string(),
                key: key.to_string(),
            },
            None => End::Local(vfs::normalize(cwd, text)),
        }
    }

    /// How the CLI shows this end (a local path relative to the working folder).
    fn shown(&self, cwd: &str) -> String {
        match self {
            End::Local(path) => shown_path(cwd, path),
            End::S3 { bucket, key } => format!("s3://{bucket}/{key}"),
        }
    }

    /// This end with `relative` under it (a folder or prefix).
    fn join(&self, relative: &str) -> End {
        match self {
            End::Local(path) => End::Local(vfs::normalize(path, relative)),
            End::S3 { bucket, key } => {
                let key = if key.is_empty() || key.ends_with('/') {
                    format!("{key}{relative}")
                } else {
                    format!("{key}/{relative}")
                };
                End::S3 {
                    bucket: bucket.clone(),
                    key,
                }
            }
        }
    }
}

/// A file or object found under a folder or prefix: its path relative to it,
/// its size and when it last changed (Unix seconds).
struct Found {
    relative: String,
    size: u64,
    modified: u64,
}

fn local_files(term: &Terminal, dir: &str, under: &str, found: &mut Vec<Found>) {
    let Ok(names) = term.vfs.list(dir) else {
        return;
    };
    for name in names {
        let path = vfs::normalize(dir, &name);
        let relative = if under.is_empty() {
            name.clone()
        } else {
            format!("{under}/{name}")
        };
        match term.vfs.get(&path) {
            Some(node) if node.is_dir() => local_files(term, &path, &relative, found),
            Some(node) => found.push(Found {
                relative,
                size: node.size() as u64,
                modified: node.mtime,
            }),
            None => {}
        }
    }
}

/// Everything under `end` (a folder or a prefix), by relative path.
fn found_under(
    term: &Terminal,
    cloud: &mut Cloud,
    who: &Caller,
    end: &End,
) -> Result<Vec<Found>, String> {
    match end {
        End::Local(path) => {
            let mut found = Vec::new();
            local_files(term, path, "", &mut found);
            found.sort_by(|a, b| a.relative.cmp(&b.relative));
            Ok(found)
        }
        End::S3 { bucket, key } => {
            let prefix = if key.is_empty() || key.ends_with('/') {
                key.clone()
            } else {
                format!("{key}/")
            };
            let (contents, _) = list_all(cloud, who.clone(), bucket, &prefix, None)
                .map_err(|e| api_error("ListObjectsV2", &e))?;
            Ok(contents
                .into_iter()
                .filter_map(|o| {
                    let relative = o.key.strip_prefix(prefix.as_str())?.to_string();
                    (!relative.is_empty() && !relative.ends_with('/')).then(|| Found {
                        relative,
                        size: o.size,
                        modified: cloudlab_model::SimTime::parse(&o.last_modified)
                            .map_or(0, |t| t.unix_seconds()),
                    })
                })
                .collect())
        }
    }
}

/// Options of `cp`, `mv` and `sync`.
struct TransferOptions {
    storage_class: Option<String>,
    content_type: Option<String>,
    cache_control: Option<String>,
    guess: bool,
}

/// `aws s3 cp`, `mv` and `sync`.
fn transfer(
    term: &mut Terminal,
    cloud: &mut Cloud,
    who: Caller,
    mut args: Vec<&str>,
    kind: Transfer,
) -> CmdResult {
    let name = match kind {
        Transfer::Copy => "cp",
        Transfer::Move => "mv",
        Transfer::Sync => "sync",
    };
    let class_given = args.contains(&"--storage-class");
    let storage_class = take_option(&mut args, "--storage-class").map(str::to_string);
    if class_given && storage_class.is_none() {
        return usage_error("argument --storage-class: expected one argument");
    }
    if let Some(class) = &storage_class
        && !STORAGE_CLASSES.contains(&class.as_str())
    {
        return usage_error(&format!(
            "argument --storage-class: {}",
            super::args::invalid_choice(class, STORAGE_CLASSES)
        ));
    }
    let guess = !take_flag(&mut args, "--no-guess-mime-type");
    let content_type = take_option(&mut args, "--content-type").map(str::to_string);
    let cache_control = take_option(&mut args, "--cache-control").map(str::to_string);
    let recursive = take_flag(&mut args, "--recursive") || kind == Transfer::Sync;
    let delete = kind == Transfer::Sync && take_flag(&mut args, "--delete");
    let size_only = kind == Transfer::Sync && take_flag(&mut args, "--size-only");
    if let Some(option) = args.iter().find(|a| a.starts_with("--")) {
        return CmdResult::fail(
            format!(
                "\ncloudlab: the lab does not simulate {option} of aws s3 {name} (it simulates --recursive, --storage-class, --content-type, --cache-control, --no-guess-mime-type{}).\n",
                if kind == Transfer::Sync {
                    ", --delete, --size-only"
                } else {
                    ""
                }
            ),
            255,
        );
    }
    let [source, destination] = args.as_slice() else {
        return usage_error(&format!(
            "the following arguments are required: paths (aws s3 {name} SOURCE DESTINATION)"
        ));
    };
    let options = TransferOptions {
        storage_class,
        content_type,
        cache_control,
        guess,
    };
    let from = End::parse(&term.cwd, source);
    let to = if *destination == "-" {
        End::Local("-".into())
    } else {
        End::parse(&term.cwd, destination)
    };
    if let (End::Local(_), End::Local(_)) = (&from, &to) {
        return usage_error(&format!(
            "aws s3 {name} needs an s3:// address at one end at least"
        ));
    }
    if !recursive {
        // One file: a folder or prefix destination takes the source's name.
        let to = match (&from, &to) {
            (End::Local(path), End::S3 { key, .. }) if key.is_empty() || key.ends_with('/') => {
                to.join(vfs::file_name(path))
            }
            (End::S3 { key, .. }, End::S3 { key: to_key, .. })
                if to_key.is_empty() || to_key.ends_with('/') =>
            {
                to.join(key.rsplit('/').next().unwrap_or(key))
            }
            (End::S3 { key, .. }, End::Local(path))
                if *destination != "-" && (destination.ends_with('/') || term.vfs.is_dir(path)) =>
            {
                to.join(key.rsplit('/').next().unwrap_or(key))
            }
            _ => to,
        };
        return match transfer_one(term, cloud, &who, &from, &to, &options, kind) {
            Ok(line) => CmdResult::ok(line),
            Err(result) => result,
        };
    }
    if let End::Local(path) = &from
        && !term.vfs.is_dir(path)
    {
        return CmdResult::fail(
            format!("\nThe user-provided path {source} does not exist.\n"),
            255,
        );
    }
    let sources = match found_under(term, cloud, &who, &from) {
        Ok(found) => found,
        Err(error) => return CmdResult::fail(format!("fatal error: {error}\n"), 1),
    };
    let existing = if kind == Transfer::Sync {
        match found_under(term, cloud, &who, &to) {
            Ok(found) => found,
            Err(error) => return CmdResult::fail(format!("fatal error: {error}\n"), 1),
        }
    } else {
        Vec::new()
    };
    let mut out = String::new();
    let mut err = String::new();
    for item in &sources {
        if kind == Transfer::Sync
            && let Some(there) = existing.iter().find(|e| e.relative == item.relative)
        {
            // The CLI copies when the size differs or the source is newer.
            let newer = !size_only && item.modified > there.modified;
            if item.size == there.size && !newer {
                continue;
            }
        }
        match transfer_one(
            term,
            cloud,
            &who,
            &from.join(&item.relative),
            &to.join(&item.relative),
            &options,
            kind,
        ) {
            Ok(line) => out.push_str(&line),
            Err(failure) => {
                out.push_str(&failure.out);
                err.push_str(&failure.err);
            }
        }
    }
    if delete {
        for gone in existing
            .iter()
            .filter(|e| !sources.iter().any(|s| s.relative == e.relative))
        {
            let target = to.join(&gone.relative);
            let removed = match &target {
                End::Local(path) => term.vfs.remove(path, false).map_err(|e| e.to_string()),
                End::S3 { bucket, key } => cloud
                    .as_caller(who.clone())
                    .delete_object(ObjectInput {
                        bucket: bucket.clone(),
                        key: key.clone(),
                        version_id: None,
                    })
                    .map(|_| ())
                    .map_err(|e| api_error("DeleteObject", &e)),
            };
            let shown = target.shown(&term.cwd);
            match removed {
                Ok(()) => out.push_str(&format!("delete: {shown}\n")),
                Err(e) => err.push_str(&format!("delete failed: {shown} {e}\n")),
            }
        }
    }
    if err.is_empty() {
        CmdResult::ok(out)
    } else {
        CmdResult {
            out,
            ..CmdResult::fail(err, 1)
        }
    }
}

/// Copies (or moves) one file or object; the line the CLI prints, or the failure.
fn transfer_one(
    term: &mut Terminal,
    cloud: &mut Cloud,
    who: &Caller,
    from: &End,
    to: &End,
    options: &TransferOptions,
    kind: Transfer,
) -> Result<String, CmdResult> {
    let shown_from = from.shown(&term.cwd);
    let shown_to = if matches!(to, End::Local(p) if p == "-") {
        "-".to_string()
    } else {
        to.shown(&term.cwd)
    };
    let verb = match (from, to, kind) {
        (_, _, Transfer::Move) => "move",
        (End::Local(_), _, _) => "upload",
        (_, End::Local(_), _) => "download",
        _ => "copy",
    };
    match (from, to) {
        (End::Local(path), End::S3 { bucket, key }) => {
            let body = match term.vfs.read(path) {
                Ok(text) => text.to_string(),
                Err(_) => {
                    return Err(CmdResult::fail(
                        format!("\nThe user-provided path {shown_from} does not exist.\n"),
                        255,
                    ));
                }
            };
            let content_type = options.content_type.clone().or_else(|| {
                options
                    .guess
                    .then(|| guess_content_type(path).map(str::to_string))
                    .flatten()
            });
            cloud
                .as_caller(who.clone())
                .put_object(PutObjectInput {
                    bucket: bucket.clone(),
                    key: key.clone(),
                    body: Some(body),
                    content_type,
                    storage_class: options.storage_class.clone(),
                    cache_control: options.cache_control.clone(),
                })
                .map_err(|e| {
                    CmdResult::fail(
                        format!(
                            "{verb} failed: {shown_from} to {shown_to} {}\n",
                            api_error("PutObject", &e)
                        ),
                        1,
                    )
                })?;
            if kind == Transfer::Move {
                let _ = term.vfs.remove(path, false);
            }
        }
        (End::S3 { bucket, key }, End::Local(path)) => {
            let got = cloud.as_caller(who.clone()).get_object(ObjectInput {
                bucket: bucket.clone(),
                key: key.clone(),
                version_id: None,
            });
            let object = match got {
                Ok(o) => o,
                // The CLI's own words, which name GLACIER whatever the archive class.
                Err(S3Error::InvalidObjectState) => {
                    return Err(CmdResult::fail(
                        format!(
                            "warning: Skipping file {shown_from}. Object is of storage class GLACIER. Unable to perform download operations on GLACIER objects. You must restore the object to be able to perform the operation. See aws s3 download help for additional parameter options to ignore or force these transfers.\n"
                        ),
                        2,
                    ));
                }
                // The CLI asks with HEAD first: no body, only the status.
                Err(S3Error::NoSuchKey | S3Error::NoSuchBucket) => {
                    return Err(CmdResult::fail(
                        format!(
                            "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"{key}\" does not exist\n"
                        ),
                        1,
                    ));
                }
                Err(S3Error::AccessDenied(_)) => {
                    return Err(CmdResult::fail(
                        "fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden\n",
                        1,
                    ));
                }
                Err(e) => {
                    return Err(CmdResult::fail(
                        format!("fatal error: {}\n", api_error("HeadObject", &e)),
                        1,
                    ));
                }
            };
            if path == "-" {
                return Ok(object.body);
            }
            let now = cloud.now().unix_seconds();
            // The CLI makes the folders a download goes into.
            let _ = term.vfs.mkdir(vfs::parent(path), true, now);
            term.vfs.write(path, &object.body, false, now).map_err(|_| {
                CmdResult::fail(
                    format!("{verb} failed: {shown_from} to {shown_to} [Errno 13] Permission denied\n"),
                    1,
                )
            })?;
            if kind == Transfer::Move {
                delete_source(cloud, who, bucket, key);
            }
        }
        (
            End::S3 { bucket, key },
            End::S3 {
                bucket: to_bucket,
                key: to_key,
            },
        ) => {
            cloud
                .as_caller(who.clone())
                .copy_object(CopyObjectInput {
                    bucket: to_bucket.clone(),
                    key: to_key.clone(),
                    copy_source: format!("{bucket}/{key}"),
                    storage_class: options.storage_class.clone(),
                    ..Default::default()
                })
                .map_err(|e| {
                    CmdResult::fail(
                        format!(
                            "{verb} failed: {shown_from} to {shown_to} {}\n",
                            api_error("CopyObject", &e)
                        ),
                        1,
                    )
                })?;
            if kind == Transfer::Move {
                delete_source(cloud, who, bucket, key);
            }
        }
        (End::Local(_), End::Local(_)) => {}
    }
    Ok(format!("{verb}: {shown_from} to {shown_to}\n"))
}

fn delete_source(cloud: &mut Cloud, who: &Caller, bucket: &str, key: &str) {
    let _ = cloud.as_caller(who.clone()).delete_object(ObjectInput {
        bucket: bucket.to_string(),
        key: key.to_string(),
        version_id: None,
    });
}

/// `aws s3 presign s3://bucket/key [--expires-in SECONDS]`: a URL anyone may use
/// to read the object until it expires, signed with the caller's keys.
fn presign(cloud: &mut Cloud, who: &Caller, mut args: Vec<&str>, region: &str) -> CmdResult {
    let given = args.contains(&"--expires-in");
    let expires = take_option(&mut args, "--expires-in");
    let expires_in = match expires.map(str::parse::<u64>) {
        None if given => return usage_error("argument --expires-in: expected one argument"),
        None => 3600,
        Some(Ok(seconds)) => seconds,
        Some(Err(_)) => {
            return usage_error(&format!(
                "argument --expires-in: invalid int value: '{}'",
                expires.unwrap_or_default()
            ));
        }
    };
    let [uri] = args.as_slice() else {
        return usage_error(
            "the following arguments are required: path (aws s3 presign s3://bucket/key)",
        );
    };
    let Some((bucket, key)) = split_uri(uri) else {
        return CmdResult::fail(
            format!("\n{uri}\nError: Invalid argument type: use an s3:// address\n"),
            252,
        );
    };
    let Caller::Credentials(credentials) = who else {
        return CmdResult::fail(
            "\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
            253,
        );
    };
    CmdResult::ok(format!(
        "{}\n",
        cloudlab_model::s3::presign::presign_get(
            credentials,
            bucket,
            key,
            region,
            cloud.now(),
            expires_in
        )
    ))
}

/// `aws s3 website s3://bucket --index-document index.html [--error-document error.html]`.
fn website(cloud: &mut Cloud, who: Caller, mut args: Vec<&str>) -> CmdResult {
    let index = take_option(&mut args, "--index-document");
    let error = take_option(&mut args, "--error-document");
    let [uri] = args.as_slice() else {
        return usage_error(
            "the following arguments are required: paths (aws s3 website s3://bucket --index-document index.html)",
        );
    };
    let Some(bucket) = bucket_of(uri) else {
        return CmdResult::fail(
            format!("\n{uri}\nError: Invalid argument type: use an s3:// address\n"),
            252,
        );
    };
    let put = cloud
        .as_caller(who)
        .put_bucket_website(PutBucketWebsiteInput {
            bucket: bucket.to_string(),
            website_configuration: WebsiteConfiguration {
                index_document: index.map(|suffix| IndexDocument {
                    suffix: suffix.to_string(),
                }),
                error_document: error.map(|key| ErrorDocument {
                    key: key.to_string(),
                }),
                redirect_all_requests_to: None,
            },
        });
    match put {
        Ok(()) => CmdResult::ok(String::new()),
        Err(e) => CmdResult::fail(format!("\n{}\n", api_error("PutBucketWebsite", &e)), 254),
    }
}

/// `aws s3 rm s3://bucket/key` (or every key under a prefix with `--recursive`).
fn remove(cloud: &mut Cloud, who: Caller, mut args: Vec<&str>) -> CmdResult {
    let recursive = take_flag(&mut args, "--recursive");
    let [uri] = args.as_slice() else {
        return usage_error(
            "the following arguments are required: paths (aws s3 rm s3://bucket/key)",
        );
    };
    let Some((bucket, key)) = split_uri(uri) else {
        return CmdResult::fail(
            format!("\n{uri}\nError: Invalid argument type: use an s3:// address\n"),
            252,
        );
    };
    let keys = if recursive {
        match list_all(cloud, who.clone(), bucket, key, None) {
            Ok((contents, _)) => contents.into_iter().map(|o| o.key).collect(),
            Err(e) => {
                return CmdResult::fail(
                    format!("fatal error: {}\n", api_error("ListObjectsV2", &e)),
                    1,
                );
            }
        }
    } else {
        vec![key.to_string()]
    };
    let mut caller = cloud.as_caller(who);
    let mut out = String::new();
    for key in keys {
        match caller.delete_object(ObjectInput {
            bucket: bucket.to_string(),
            key: key.clone(),
            version_id: None,
        }) {
            Ok(_) => out.push_str(&format!("delete: s3://{bucket}/{key}\n")),
            Err(e) => {
                return CmdResult {
                    out,
                    ..CmdResult::fail(
                        format!(
                            "delete failed: s3://{bucket}/{key} {}\n",
                            api_error("DeleteObject", &e)
                        ),
                        1,
                    )
                };
            }
        }
    }
    CmdResult::ok(out)
}
