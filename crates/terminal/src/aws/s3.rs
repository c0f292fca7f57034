//! `aws s3`: the CLI's file-like commands on top of S3's API. Buckets so far:
//! `mb`, `rb` and `ls` (the account's buckets); the commands on objects come
//! with the model's objects.

use cloudlab_model::Cloud;
use cloudlab_model::s3::buckets::{
    BucketInput, CreateBucketConfiguration, CreateBucketInput, ListBucketsInput,
};

use super::args::GlobalOptions;
use super::{Terminal, caller, effective_region, usage_error};
use crate::shell::CmdResult;

/// The `aws s3` commands, as the CLI lists them.
pub const COMMANDS: &[&str] = &["ls", "mb", "rb"];

/// The bucket of an `s3://bucket[/key]` address.
fn bucket_of(uri: &str) -> Option<&str> {
    let rest = uri.strip_prefix("s3://")?;
    let bucket = rest.split('/').next().unwrap_or(rest);
    (!bucket.is_empty()).then_some(bucket)
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
            let region = effective_region(term, cloud, globals);
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
                        ..Default::default()
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
                Ok(()) => CmdResult::ok(format!("{verb}: {bucket}\n")),
                Err(error) => failed(verb, uri, &error),
            }
        }
        "ls" => match args.as_slice() {
            [] => match cloud
                .as_caller(who)
                .list_buckets(ListBucketsInput::default())
            {
                Ok(out) => CmdResult::ok(
                    out.buckets
                        .iter()
                        .map(|b| {
                            let created = cloudlab_model::SimTime::parse(&b.creation_date)
                                .map(|t| {
                                    let u = t.to_utc();
                                    format!(
                                        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                                        u.year, u.month, u.day, u.hour, u.minute, u.second
                                    )
                                })
                                .unwrap_or_default();
                            format!("{created} {}\n", b.name)
                        })
                        .collect::<String>(),
                ),
                Err(e) => CmdResult::fail(format!("\n{}\n", api_error("ListBuckets", &e)), 254),
            },
            _ => CmdResult::fail(
                "\ncloudlab: the lab does not simulate objects yet, so `aws s3 ls` lists buckets only. Run it without an address.\n",
                255,
            ),
        },
        other => usage_error(&format!(
            "argument command: {}",
            super::args::invalid_choice(other, COMMANDS)
        )),
    }
}
