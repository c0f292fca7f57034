//! The part of boto3 a handler can use: which clients and methods exist, and the
//! operation each method sends. Everything else a handler asks boto3 for is
//! refused with the error boto3 itself raises (`UnknownServiceError`,
//! `AttributeError`).

/// The clients `boto3.client(...)` makes, with boto3's class name and the methods
/// the labs use (snake case, as boto3 spells them).
pub const CLIENTS: &[(&str, &str, &[&str])] = &[
    (
        "dynamodb",
        "DynamoDB",
        &[
            "delete_item",
            "describe_table",
            "get_item",
            "list_tables",
            "put_item",
            "query",
            "scan",
            "update_item",
        ],
    ),
    (
        "s3",
        "S3",
        &[
            "copy_object",
            "delete_object",
            "get_object",
            "head_object",
            "list_buckets",
            "list_objects_v2",
            "put_object",
        ],
    ),
];

/// The methods of `boto3.resource('dynamodb').Table(name)`.
pub const TABLE_METHODS: &[&str] = &[
    "delete_item",
    "get_item",
    "put_item",
    "query",
    "scan",
    "update_item",
];

/// A client's class name and methods.
pub(crate) fn client(service: &str) -> Option<(&'static str, &'static [&'static str])> {
    CLIENTS
        .iter()
        .find(|(name, _, _)| *name == service)
        .map(|(_, class, methods)| (*class, *methods))
}

/// `put_item` → `PutItem`, `list_objects_v2` → `ListObjectsV2`.
pub(crate) fn operation_name(method: &str) -> String {
    method
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// boto3's message for a service it does not know.
pub(crate) fn unknown_service(name: &str) -> String {
    let valid: Vec<&str> = CLIENTS.iter().map(|(name, _, _)| *name).collect();
    format!(
        "Unknown service: '{name}'. Valid service names are: {} (the services this lab's boto3 offers)",
        valid.join(", ")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn method_names_become_operation_names() {
        assert_eq!(super::operation_name("put_item"), "PutItem");
        assert_eq!(super::operation_name("list_objects_v2"), "ListObjectsV2");
    }
}
