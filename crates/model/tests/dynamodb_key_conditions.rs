//! Data-driven: every case of `fidelity/cases/dynamodb_key_conditions.json`
//! (gathered from moto's parser tests, Apache-2.0; see `fidelity/README.md`)
//! parses to the expected partition and sort conditions, or fails with the
//! expected `ValidationException` message.

use std::collections::BTreeMap;
use std::path::Path;

use cloudlab_model::dynamodb::key_condition::{KeyNames, SortKeyOp, parse_key_condition};
use cloudlab_model::dynamodb::values::AttributeValue;
use serde_json::Value;

fn op_name(op: SortKeyOp) -> &'static str {
    match op {
        SortKeyOp::Eq => "=",
        SortKeyOp::Lt => "<",
        SortKeyOp::Le => "<=",
        SortKeyOp::Gt => ">",
        SortKeyOp::Ge => ">=",
        SortKeyOp::Between => "BETWEEN",
        SortKeyOp::BeginsWith => "BEGINS_WITH",
    }
}

#[test]
fn every_key_condition_case_parses_as_dynamodb_does() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fidelity/cases/dynamodb_key_conditions.json");
    let text = std::fs::read_to_string(&path).expect("the cases file is in the repository");
    let file: Value = serde_json::from_str(&text).expect("the cases file is JSON");
    let cases = file["cases"].as_array().expect("a list of cases");
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut problems = Vec::new();
    for case in cases {
        let expression = case["KeyConditionExpression"].as_str().unwrap_or_default();
        let names: BTreeMap<String, String> =
            serde_json::from_value(case["ExpressionAttributeNames"].clone()).unwrap_or_default();
        let values: BTreeMap<String, AttributeValue> =
            serde_json::from_value(case["ExpressionAttributeValues"].clone()).unwrap_or_default();
        let schema = case["key_schema"].as_array().cloned().unwrap_or_default();
        let key_of = |kind: &str| {
            schema
                .iter()
                .find(|k| k["KeyType"] == kind)
                .and_then(|k| k["AttributeName"].as_str())
        };
        let key = KeyNames {
            hash: key_of("HASH").unwrap_or_default(),
            range: key_of("RANGE"),
        };
        let got = parse_key_condition(expression, &names, &values, &key);
        let expect = &case["expect"];
        match (&got, expect.get("error")) {
            (Err(message), Some(error)) => {
                if let Some(wanted) = error["message"].as_str()
                    && wanted != message
                {
                    problems.push(format!(
                        "{expression}: said {message:?}, AWS says {wanted:?}"
                    ));
                }
            }
            (Ok(parsed), None) => {
                let hash_value = serde_json::to_value(&parsed.hash.1).unwrap_or_default();
                if expect["hash"]["attribute"] != parsed.hash.0.as_str()
                    || expect["hash"]["value"] != hash_value
                {
                    problems.push(format!("{expression}: hash {:?}", parsed.hash));
                }
                let range = parsed.range.as_ref().map(|(attribute, op, values)| {
                    serde_json::json!({
                        "attribute": attribute,
                        "op": op_name(*op),
                        "values": values,
                    })
                });
                if expect["range"] != range.unwrap_or(Value::Null) {
                    problems.push(format!("{expression}: range {:?}", parsed.range));
                }
            }
            (Ok(parsed), Some(error)) => problems.push(format!(
                "{expression}: parsed {parsed:?}, AWS refuses it: {error}"
            )),
            (Err(message), None) => problems.push(format!(
                "{expression}: refused with {message:?}, AWS accepts it"
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
