//! Amazon DynamoDB (chapter 13, begun): attribute values in DynamoDB's JSON
//! form with DynamoDB's key ordering ([`values`]), and `KeyConditionExpression`
//! as Query reads it ([`key_condition`]). Tables, items, Query and Scan,
//! indexes, TTL and streams are still to come (issue 12).

pub mod expressions;
pub mod key_condition;
pub mod values;
