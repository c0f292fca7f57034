//! Presigned URLs (`aws s3 presign`) and what a plain HTTPS request to S3's REST
//! endpoint gets.
//!
//! A presigned URL carries a Signature Version 4 signature in its query: the
//! signer's access key, the time, how long it stays valid (at most 7 days) and an
//! HMAC-SHA256 over the request. Signing happens on the learner's machine and
//! asks nothing of S3; S3 checks the signature, the expiry and the signer's
//! permissions when the URL is used, so a URL stops working when it expires or
//! when the signer loses access. A URL without a signature is an anonymous
//! request, decided by the bucket policy.

use std::collections::BTreeMap;

use super::http::{object_response, s3_response};
use crate::auth::{Caller, Credentials};
use crate::clock::SimTime;
use crate::cloud::Cloud;
use crate::digest::{hex, hmac_sha256, sha256};
use crate::ec2::http::HttpResponse;

/// The longest a presigned URL may live: 7 days.
pub const MAX_EXPIRES_SECONDS: u64 = 604_800;

/// RFC 3986 encoding as SigV4 wants it (`/` kept in paths when `keep_slash`).
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char);
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space).
pub fn uri_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The REST endpoint host of `bucket` in `region` (virtual-hosted style).
pub fn rest_host(bucket: &str, region: &str) -> String {
    if region == "us-east-1" {
        format!("{bucket}.s3.amazonaws.com")
    } else {
        format!("{bucket}.s3.{region}.amazonaws.com")
    }
}

fn amz_date(time: SimTime) -> String {
    let t = time.to_utc();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

/// SigV4's signature of a GET of `path` on `host` with `query` (without the
/// signature), under `secret`, for `date` (`YYYYMMDD`) and `region`.
fn signature(
    secret: &str,
    date: &str,
    region: &str,
    host: &str,
    path: &str,
    query: &BTreeMap<String, String>,
    amz_date: &str,
) -> String {
    let canonical_query = query
        .iter()
        .map(|(k, v)| format!("{}={}", uri_encode(k, false), uri_encode(v, false)))
        .collect::<Vec<_>>()
        .join("&");
    let canonical_request =
        format!("GET\n{path}\n{canonical_query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD");
    let scope = format!("{date}/{region}/s3/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&sha256(canonical_request.as_bytes()), None)
    );
    let k_date = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, b"s3");
    let k_signing = hmac_sha256(&k_service, b"aws4_request");
    hex(&hmac_sha256(&k_signing, string_to_sign.as_bytes()), None)
}

/// A presigned URL for reading `key` of `bucket`, signed with `credentials` for
/// `region` (the CLI's region) now, valid for `expires_in` seconds.
pub fn presign_get(
    credentials: &Credentials,
    bucket: &str,
    key: &str,
    region: &str,
    now: SimTime,
    expires_in: u64,
) -> String {
    let host = rest_host(bucket, region);
    let path = format!("/{}", uri_encode(key, true));
    let stamp = amz_date(now);
    let date = &stamp[..8];
    let mut query = BTreeMap::new();
    query.insert(
        "X-Amz-Algorithm".to_string(),
        "AWS4-HMAC-SHA256".to_string(),
    );
    query.insert(
        "X-Amz-Credential".to_string(),
        format!(
            "{}/{date}/{region}/s3/aws4_request",
            credentials.access_key_id
        ),
    );
    query.insert("X-Amz-Date".to_string(), stamp.clone());
    query.insert("X-Amz-Expires".to_string(), expires_in.to_string());
    query.insert("X-Amz-SignedHeaders".to_string(), "host".to_string());
    if let Some(token) = &credentials.session_token {
        query.insert("X-Amz-Security-Token".to_string(), token.clone());
    }
    let signed = signature(
        &credentials.secret_access_key,
        date,
        region,
        &host,
        &path,
        &query,
        &stamp,
    );
    let mut url = format!("https://{host}{path}?");
    for name in [
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-Expires",
        "X-Amz-SignedHeaders",
        "X-Amz-Security-Token",
    ] {
        if let Some(value) = query.get(name) {
            url.push_str(&format!("{name}={}&", uri_encode(value, false)));
        }
    }
    url.push_str(&format!("X-Amz-Signature={signed}"));
    url
}

/// An AWS service signing a request to S3 on behalf of one of its resources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSigner {
    /// The service principal (`cloudfront.amazonaws.com`).
    pub service: String,
    /// The resource it acts for (`aws:SourceArn`: the distribution).
    pub source_arn: String,
    /// The account that owns that resource (`aws:SourceAccount`).
    pub source_account: String,
}

fn xml_error(code: &str, message: &str, extra: &str, request_id: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>{extra}<RequestId>{request_id}</RequestId><HostId>{request_id}{request_id}</HostId></Error>"
    )
}

impl Cloud {
    /// The bucket and key a REST request addresses (`None`: not an S3 host).
    /// The bucket, the key and the path as SigV4 signs it.
    fn rest_target(&self, host: &str, path: &str) -> Option<(String, String, String)> {
        let host = host.to_ascii_lowercase();
        let path = uri_decode(path.trim_start_matches('/'));
        if let Some(rest) = host.strip_suffix(".amazonaws.com") {
            let virtual_host = rest
                .split_once(".s3.")
                .map(|(bucket, _)| bucket)
                .or_else(|| rest.strip_suffix(".s3"));
            if let Some(bucket) = virtual_host {
                let signed = format!("/{}", uri_encode(&path, true));
                return Some((bucket.to_string(), path, signed));
            }
            if rest == "s3" || rest.starts_with("s3.") {
                let (bucket, key) = path.split_once('/').unwrap_or((path.as_str(), ""));
                let signed = format!("/{bucket}/{}", uri_encode(key, true));
                return Some((bucket.to_string(), key.to_string(), signed));
            }
        }
        None
    }

    /// What `GET https://host/path?query` on S3's REST endpoint answers (`None`:
    /// not an S3 host).
    pub fn s3_rest_get(&self, host: &str, path_and_query: &str) -> Option<HttpResponse> {
        self.s3_rest_request(host, path_and_query, None)
    }

    /// What S3's REST endpoint answers a `GET` that an AWS service signs with
    /// its own credentials (CloudFront's origin access control).
    pub fn s3_rest_get_for_service(
        &self,
        host: &str,
        path_and_query: &str,
        signer: &ServiceSigner,
    ) -> Option<HttpResponse> {
        self.s3_rest_request(host, path_and_query, Some(signer))
    }

    fn s3_rest_request(
        &self,
        host: &str,
        path_and_query: &str,
        service: Option<&ServiceSigner>,
    ) -> Option<HttpResponse> {
        let (path, query_text) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let (bucket_name, key, signed_path) = self.rest_target(host, path)?;
        let request_id = self.request_id_for(&format!("{host}{path_and_query}"));
        let date = self.now.to_http_date();
        let respond = |status: u16, reason: &str, body: String, content_type: &str| {
            s3_response(status, reason, body, content_type, &request_id, &date)
        };
        let error = |status: u16, reason: &str, code: &str, message: &str, extra: &str| {
            respond(
                status,
                reason,
                xml_error(code, message, extra, &request_id),
                "application/xml",
            )
        };
        let query: BTreeMap<String, String> = query_text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (uri_decode(k), uri_decode(v))
            })
            .collect();
        let Some(bucket) = self.bucket(&bucket_name) else {
            return Some(error(
                404,
                "Not Found",
                "NoSuchBucket",
                "The specified bucket does not exist",
                &format!("<BucketName>{bucket_name}</BucketName>"),
            ));
        };
        let object_arn = format!("arn:aws:s3:::{bucket_name}/{key}");
        if let Some(signer) = service {
            let decision = bucket.decide_service(
                &signer.service,
                &signer.source_arn,
                &signer.source_account,
                "s3:GetObject",
                &object_arn,
            );
            if !decision.is_allowed() {
                return Some(error(403, "Forbidden", "AccessDenied", "Access Denied", ""));
            }
        } else if let Some(given) = query.get("X-Amz-Signature") {
            let credential = query.get("X-Amz-Credential").cloned().unwrap_or_default();
            let parts: Vec<&str> = credential.split('/').collect();
            let [access_key_id, day, region, "s3", "aws4_request"] = parts.as_slice() else {
                return Some(error(
                    400,
                    "Bad Request",
                    "AuthorizationQueryParametersError",
                    "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".",
                    "",
                ));
            };
            if *region != bucket.region {
                return Some(error(
                    400,
                    "Bad Request",
                    "AuthorizationQueryParametersError",
                    &format!(
                        "Error parsing the X-Amz-Credential parameter; the region '{region}' is wrong; expecting '{}'",
                        bucket.region
                    ),
                    &format!("<Region>{}</Region>", bucket.region),
                ));
            }
            let expires: u64 = query
                .get("X-Amz-Expires")
                .and_then(|e| e.parse().ok())
                .unwrap_or(0);
            if expires > MAX_EXPIRES_SECONDS {
                return Some(error(
                    400,
                    "Bad Request",
                    "AuthorizationQueryParametersError",
                    "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds",
                    "",
                ));
            }
            let Some(secret) = self.secret_of_access_key(access_key_id) else {
                return Some(error(
                    403,
                    "Forbidden",
                    "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.",
                    &format!("<AWSAccessKeyId>{access_key_id}</AWSAccessKeyId>"),
                ));
            };
            let stamp = query.get("X-Amz-Date").cloned().unwrap_or_default();
            let mut unsigned = query.clone();
            unsigned.remove("X-Amz-Signature");
            let expected = signature(
                &secret,
                day,
                region,
                &host.to_ascii_lowercase(),
                &signed_path,
                &unsigned,
                &stamp,
            );
            if *given != expected {
                return Some(error(
                    403,
                    "Forbidden",
                    "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                    "",
                ));
            }
            let signed_at = SimTime::parse(&format!(
                "{}-{}-{}T{}:{}:{}Z",
                stamp.get(0..4).unwrap_or("0"),
                stamp.get(4..6).unwrap_or("0"),
                stamp.get(6..8).unwrap_or("0"),
                stamp.get(9..11).unwrap_or("0"),
                stamp.get(11..13).unwrap_or("0"),
                stamp.get(13..15).unwrap_or("0"),
            ))
            .unwrap_or(SimTime(0));
            let expires_at = signed_at.plus(std::time::Duration::from_secs(expires));
            if self.now > expires_at {
                return Some(error(
                    403,
                    "Forbidden",
                    "AccessDenied",
                    "Request has expired",
                    &format!(
                        "<X-Amz-Expires>{expires}</X-Amz-Expires><Expires>{}</Expires><ServerTime>{}</ServerTime>",
                        expires_at.to_iso8601(),
                        self.now.to_iso8601()
                    ),
                ));
            }
            let caller = Caller::Credentials(Credentials {
                access_key_id: access_key_id.to_string(),
                secret_access_key: secret,
                session_token: query.get("X-Amz-Security-Token").cloned(),
            });
            let allowed = self.authenticate(&caller).ok().is_some_and(|principal| {
                self.s3_authorize(&principal, "s3:GetObject", &object_arn, &bucket_name)
                    .is_ok()
            });
            if !allowed {
                return Some(error(403, "Forbidden", "AccessDenied", "Access Denied", ""));
            }
        } else if !self
            .anonymous_read_decision(bucket, &key, true)
            .is_allowed()
        {
            return Some(error(403, "Forbidden", "AccessDenied", "Access Denied", ""));
        }
        match bucket.objects.get(&key) {
            Some(object)
                if super::objects::ARCHIVE_CLASSES.contains(&object.storage_class.as_str()) =>
            {
                Some(error(
                    403,
                    "Forbidden",
                    "InvalidObjectState",
                    "The operation is not valid for the object's storage class",
                    &format!("<StorageClass>{}</StorageClass>", object.storage_class),
                ))
            }
            Some(object) => Some(object_response(object, &request_id, &date, true)),
            None => Some(error(
                404,
                "Not Found",
                "NoSuchKey",
                "The specified key does not exist.",
                &format!("<Key>{key}</Key>"),
            )),
        }
    }

    /// The secret of an access key of the account (root's or a user's).
    fn secret_of_access_key(&self, access_key_id: &str) -> Option<String> {
        self.iam
            .root
            .access_keys
            .iter()
            .chain(self.iam.users.iter().flat_map(|u| u.access_keys.iter()))
            .find(|k| k.access_key_id == access_key_id)
            .map(|k| k.secret_access_key.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::objects::PutObjectInput;
    use crate::s3::test_bucket::lab_with_bucket;

    #[test]
    fn a_presigned_url_works_until_it_expires_and_only_as_signed() {
        let mut cloud = lab_with_bucket("lab-share");
        cloud
            .put_object(PutObjectInput {
                bucket: "lab-share".into(),
                key: "reports/q1 2026.txt".into(),
                body: Some("numbers".into()),
                ..Default::default()
            })
            .unwrap();
        let credentials = cloud.default_cli_credentials();
        let url = presign_get(
            &credentials,
            "lab-share",
            "reports/q1 2026.txt",
            "ap-northeast-2",
            cloud.now(),
            300,
        );
        let rest = url.strip_prefix("https://").unwrap();
        let (host, path) = rest.split_at(rest.find('/').unwrap());
        assert_eq!(host, "lab-share.s3.ap-northeast-2.amazonaws.com");
        assert!(path.starts_with(
            "/reports/q1%202026.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
        ));
        let ok = cloud.s3_rest_get(host, path).unwrap();
        assert_eq!((ok.status, ok.body.as_str()), (200, "numbers"));
        // Without the signature it is an anonymous request: refused.
        let bare = cloud.s3_rest_get(host, "/reports/q1%202026.txt").unwrap();
        assert_eq!(bare.status, 403);
        // A changed key breaks the signature.
        let tampered = path.replace("q1%202026", "q2%202026");
        assert!(
            cloud
                .s3_rest_get(host, &tampered)
                .unwrap()
                .body
                .contains("SignatureDoesNotMatch")
        );
        cloud.advance(std::time::Duration::from_secs(301));
        let expired = cloud.s3_rest_get(host, path).unwrap();
        assert_eq!(expired.status, 403);
        assert!(
            expired.body.contains(
                "<Message>Request has expired</Message><X-Amz-Expires>300</X-Amz-Expires>"
            )
        );
        // Signed for the wrong region.
        let wrong = presign_get(
            &credentials,
            "lab-share",
            "reports/q1 2026.txt",
            "us-east-1",
            cloud.now(),
            300,
        );
        let wrong_path = &wrong[wrong.find(".com/").unwrap() + 4..];
        let answer = cloud.s3_rest_get(host, wrong_path).unwrap();
        assert!(
            answer
                .body
                .contains("the region 'us-east-1' is wrong; expecting 'ap-northeast-2'")
        );
    }
}
