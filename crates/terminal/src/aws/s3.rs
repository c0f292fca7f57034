//! `aws s3`: the CLI's file-like commands on top of S3's API: `mb`, `rb`
//! (`--force` empties the bucket first), `ls` (buckets, or a bucket's keys with
//! its prefixes as folders), `cp` (up, down, or to standard output) and `rm`
//! (`--recursive` under a prefix). Not yet: `sync`, `mv`, `presign`, `website`,
//! S3-to-S3 copies.

use cloudlab_model::Cloud;
use cloudlab_model::s3::buckets::{
    BucketInput, CreateBucketConfiguration, CreateBucketInput, ListBucketsInput,
};
use cloudlab_model::s3::objects::{
    ListObjectsV2Input, ObjectInput, ObjectSummary, PutObjectInput, STORAGE_CLASSES,
};
use cloudlab_model::{Caller, S3Error};

use super::args::GlobalOptions;
use super::{Terminal, caller, effective_region, usage_error};
use crate::shell::CmdResult;
use crate::vfs;

/// The `aws s3` commands, as the CLI lists them.
pub const COMMANDS: &[&str] = &["cp", "ls", "mb", "rb", "rm"];

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
        "cp" => copy(term, cloud, who, args),
        "rm" => remove(cloud, who, args),
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

/// `aws s3 cp`: a local file up to `s3://bucket/key`, an object down to a local
/// path, or an object to standard output (`-`).
fn copy(term: &mut Terminal, cloud: &mut Cloud, who: Caller, mut args: Vec<&str>) -> CmdResult {
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
    if args.iter().any(|a| a.starts_with("--")) {
        return CmdResult::fail(
            "\ncloudlab: the lab does not simulate that option of aws s3 cp (--recursive, --acl, ...); copy one file at a time.\n",
            255,
        );
    }
    let [source, destination] = args.as_slice() else {
        return usage_error(
            "the following arguments are required: paths (aws s3 cp SOURCE DESTINATION)",
        );
    };
    match (split_uri(source), split_uri(destination)) {
        (None, Some((bucket, key))) => {
            let path = vfs::normalize(&term.cwd, source);
            let body = match term.vfs.read(&path) {
                Ok(text) => text.to_string(),
                Err(_) => {
                    return CmdResult::fail(
                        format!("\nThe user-provided path {source} does not exist.\n"),
                        255,
                    );
                }
            };
            let key = if key.is_empty() || key.ends_with('/') {
                format!("{key}{}", vfs::file_name(&path))
            } else {
                key.to_string()
            };
            let content_type = content_type.or_else(|| {
                guess
                    .then(|| guess_content_type(&path).map(str::to_string))
                    .flatten()
            });
            let put = cloud.as_caller(who).put_object(PutObjectInput {
                bucket: bucket.to_string(),
                key: key.clone(),
                body: Some(body),
                content_type,
                storage_class,
            });
            let shown = shown_path(&term.cwd, &path);
            match put {
                Ok(_) => CmdResult::ok(format!("upload: {shown} to s3://{bucket}/{key}\n")),
                Err(e) => CmdResult::fail(
                    format!(
                        "upload failed: {shown} to s3://{bucket}/{key} {}\n",
                        api_error("PutObject", &e)
                    ),
                    1,
                ),
            }
        }
        (Some((bucket, key)), None) => {
            let got = cloud.as_caller(who).get_object(ObjectInput {
                bucket: bucket.to_string(),
                key: key.to_string(),
            });
            let object = match got {
                Ok(o) => o,
                // The CLI's own words, which name GLACIER whatever the archive class.
                Err(S3Error::InvalidObjectState) => {
                    return CmdResult::fail(
                        format!(
                            "warning: Skipping file {source}. Object is of storage class GLACIER. Unable to perform download operations on GLACIER objects. You must restore the object to be able to perform the operation. See aws s3 download help for additional parameter options to ignore or force these transfers.\n"
                        ),
                        2,
                    );
                }
                // The CLI asks with HEAD first: no body, only the status.
                Err(S3Error::NoSuchKey | S3Error::NoSuchBucket) => {
                    return CmdResult::fail(
                        format!(
                            "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"{key}\" does not exist\n"
                        ),
                        1,
                    );
                }
                Err(S3Error::AccessDenied(_)) => {
                    return CmdResult::fail(
                        "fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden\n",
                        1,
                    );
                }
                Err(e) => {
                    return CmdResult::fail(
                        format!("fatal error: {}\n", api_error("HeadObject", &e)),
                        1,
                    );
                }
            };
            if *destination == "-" {
                return CmdResult::ok(object.body);
            }
            let mut path = vfs::normalize(&term.cwd, destination);
            if destination.ends_with('/') || term.vfs.is_dir(&path) {
                let name = key.rsplit('/').next().unwrap_or(key);
                path = vfs::normalize(&path, name);
            }
            let now = cloud.now().unix_seconds();
            // The CLI makes the folders a download goes into.
            let _ = term.vfs.mkdir(vfs::parent(&path), true, now);
            let shown = shown_path(&term.cwd, &path);
            match term.vfs.write(&path, &object.body, false, now) {
                Ok(()) => CmdResult::ok(format!("download: {source} to {shown}\n")),
                Err(_) => CmdResult::fail(
                    format!("download failed: {source} to {shown} [Errno 13] Permission denied\n"),
                    1,
                ),
            }
        }
        (Some(_), Some(_)) => CmdResult::fail(
            "\ncloudlab: the lab does not simulate copies from one S3 address to another yet.\n",
            255,
        ),
        (None, None) => usage_error("aws s3 cp needs an s3:// address at one end at least"),
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
        }) {
            Ok(()) => out.push_str(&format!("delete: s3://{bucket}/{key}\n")),
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
