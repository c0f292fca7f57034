//! The S3 bucket-name cases in `tests/fidelity/s3_bucket_names.json` (AWS's
//! naming rules), each sent through `aws s3api create-bucket` and `aws s3 mb`
//! in a fresh lab: a valid name makes a bucket; an invalid one is refused with
//! `InvalidBucketName`, or by the CLI itself when botocore's pattern rejects it.

use cloudlab_model::{Cloud, CloudConfig};
use cloudlab_terminal::Terminal;
use serde_json::Value;

struct Case {
    bucket: String,
    valid: bool,
    client_side: bool,
    code: Option<String>,
    message: Option<String>,
}

fn cases() -> Vec<Case> {
    let text = include_str!("fidelity/s3_bucket_names.json");
    let data: Value = serde_json::from_str(text).expect("the cases parse");
    data["cases"]
        .as_array()
        .expect("a list of cases")
        .iter()
        .map(|c| Case {
            bucket: c["bucket"].as_str().unwrap_or_default().to_string(),
            valid: c["valid"].as_bool().unwrap_or(false),
            client_side: c["botocore_client_side_rejects"].as_bool().unwrap_or(false),
            code: c["expect"]["error"]["code"].as_str().map(str::to_string),
            message: c["expect"]["error"]["message"].as_str().map(str::to_string),
        })
        .collect()
}

fn fresh() -> (Cloud, Terminal) {
    (Cloud::new(CloudConfig::default()).unwrap(), Terminal::new())
}

#[test]
fn every_case_through_s3api_create_bucket() {
    let cases = cases();
    assert!(cases.len() >= 20);
    for case in &cases {
        let (mut cloud, mut term) = fresh();
        let region = cloud.region().code;
        let line = format!(
            "aws s3api create-bucket --bucket '{}' --create-bucket-configuration LocationConstraint={region}",
            case.bucket
        );
        let out = term.run(&mut cloud, &line);
        if case.valid {
            assert_eq!(out.exit_code, 0, "{}: {}", case.bucket, out.stderr);
            assert!(cloud.bucket(&case.bucket).is_some(), "{}", case.bucket);
        } else if case.client_side {
            assert_eq!(out.exit_code, 252, "{}: {}", case.bucket, out.stderr);
            assert!(
                out.stderr
                    .contains("Parameter validation failed:\nInvalid bucket name"),
                "{}: {}",
                case.bucket,
                out.stderr
            );
        } else {
            assert_eq!(out.exit_code, 254, "{}: {}", case.bucket, out.stderr);
            let expected = format!(
                "An error occurred ({}) when calling the CreateBucket operation: {}",
                case.code.as_deref().unwrap_or_default(),
                case.message.as_deref().unwrap_or_default()
            );
            assert!(
                out.stderr.contains(&expected),
                "{}: {}",
                case.bucket,
                out.stderr
            );
        }
        if !case.valid {
            assert!(cloud.buckets().is_empty(), "{}", case.bucket);
        }
    }
}

#[test]
fn every_case_through_s3_mb() {
    for case in cases() {
        let (mut cloud, mut term) = fresh();
        let out = term.run(&mut cloud, &format!("aws s3 mb 's3://{}'", case.bucket));
        if case.valid {
            assert_eq!(out.exit_code, 0, "{}: {}", case.bucket, out.stderr);
            assert_eq!(out.stdout, format!("make_bucket: {}\n", case.bucket));
            assert!(cloud.bucket(&case.bucket).is_some(), "{}", case.bucket);
            continue;
        }
        assert_eq!(out.exit_code, 1, "{}: {}", case.bucket, out.stderr);
        let prefix = format!("make_bucket failed: s3://{} ", case.bucket);
        assert!(
            out.stderr.starts_with(&prefix),
            "{}: {}",
            case.bucket,
            out.stderr
        );
        if case.client_side {
            assert!(
                out.stderr.contains("Parameter validation failed"),
                "{}",
                out.stderr
            );
        } else {
            assert!(
                out.stderr.contains(&format!(
                    "({}) when calling the CreateBucket operation: {}",
                    case.code.as_deref().unwrap_or_default(),
                    case.message.as_deref().unwrap_or_default()
                )),
                "{}: {}",
                case.bucket,
                out.stderr
            );
        }
        assert!(cloud.buckets().is_empty(), "{}", case.bucket);
    }
}
