//! Data-driven: every case of `cases/iam_policy_document_validation.json`
//! through `iam create-policy`, checking the `MalformedPolicyDocument`
//! message or success. Prints the pass count.
//!
//! The data is the EC2 and IAM part kept in `tests/fidelity/` (see its README for
//! sources and licences); `CLOUDLAB_FIDELITY_DIR` points the test at another copy of
//! the same layout, such as the full reference set.

use std::path::PathBuf;

use cloudlab_model::Cloud;
use cloudlab_model::iam::policies::CreatePolicyInput;
use serde_json::Value;

fn cases() -> Vec<Value> {
    let dir = std::env::var_os("CLOUDLAB_FIDELITY_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity"));
    let path = dir.join("cases/iam_policy_document_validation.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file: Value = serde_json::from_str(&text).unwrap();
    file["cases"].as_array().unwrap().clone()
}

/// A string document is sent as is; an object is JSON-serialised first.
fn document_text(doc: &Value) -> String {
    match doc.as_str() {
        Some(s) => s.to_string(),
        None => serde_json::to_string(doc).unwrap(),
    }
}

#[test]
fn every_policy_validation_case_matches_iam() {
    let cases = cases();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let id = case["id"].as_str().unwrap_or("?");
        assert_eq!(case["operation"], "iam:CreatePolicy", "{id}");
        let text = document_text(&case["input"]["PolicyDocument"]);
        let mut cloud = Cloud::default();
        let result = cloud.create_policy(CreatePolicyInput {
            policy_name: format!("TestCreatePolicy{i}"),
            policy_document: text.clone(),
            ..Default::default()
        });
        let expect = &case["expect"];
        let outcome = match (&result, expect.get("error")) {
            (Ok(_), None) if expect["ok"] == true => Ok(()),
            (Err(e), Some(err)) => {
                if e.code() == err["code"] && e.message() == err["message"] {
                    Ok(())
                } else {
                    Err(format!("got {}: {}", e.code(), e.message()))
                }
            }
            (Ok(_), Some(err)) => Err(format!("accepted; expected {}", err["message"])),
            (Err(e), None) => Err(format!("refused with {}: {}", e.code(), e.message())),
            (Ok(_), None) => Err("case has neither ok nor error".to_string()),
        };
        if let Err(why) = outcome {
            failures.push(format!("{id}: {why}\n    document: {text}"));
        }
    }
    let passed = cases.len() - failures.len();
    println!("IAM policy validation: {passed}/{} cases pass", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
