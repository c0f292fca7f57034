//! The HTTP answers S3's endpoints give (REST and website): its headers, in its
//! order, for errors and for an object.

use super::S3Object;
use crate::ec2::http::HttpResponse;

/// What an S3 endpoint answers: `x-amz-id-2`, `x-amz-request-id`, `Date`, then
/// the body's type and length.
pub(crate) fn s3_response(
    status: u16,
    reason: &str,
    body: String,
    content_type: &str,
    request_id: &str,
    date: &str,
) -> HttpResponse {
    HttpResponse {
        status,
        reason: reason.to_string(),
        headers: vec![
            ("x-amz-id-2".into(), format!("{request_id}{request_id}")),
            ("x-amz-request-id".into(), request_id.to_string()),
            ("Date".into(), date.to_string()),
            ("Content-Type".into(), content_type.to_string()),
            ("Content-Length".into(), body.len().to_string()),
            ("Server".into(), "AmazonS3".into()),
        ],
        body,
        instance_id: String::new(),
        forwarded_for: None,
    }
}

/// `200 OK` with `object`: its content and the headers that describe it
/// (`Last-Modified`, `ETag`, its encryption when `with_encryption`, and its
/// `Cache-Control`).
pub(crate) fn object_response(
    object: &S3Object,
    request_id: &str,
    date: &str,
    with_encryption: bool,
) -> HttpResponse {
    let mut response = s3_response(
        200,
        "OK",
        object.body.clone(),
        object
            .content_type
            .as_deref()
            .unwrap_or("binary/octet-stream"),
        request_id,
        date,
    );
    let mut described = vec![
        ("Last-Modified".into(), object.last_modified.to_http_date()),
        ("ETag".into(), object.etag.clone()),
    ];
    if with_encryption {
        described.push((
            "x-amz-server-side-encryption".into(),
            object.server_side_encryption.clone(),
        ));
    }
    if let Some(cache_control) = &object.cache_control {
        described.push(("Cache-Control".into(), cache_control.clone()));
    }
    response.headers.splice(3..3, described);
    response
}
