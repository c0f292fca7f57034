//! Static website hosting: `PutBucketWebsite`, `GetBucketWebsite`,
//! `DeleteBucketWebsite`, and what a browser gets from the website endpoint.
//!
//! The endpoint (`http://BUCKET.s3-website.REGION.amazonaws.com`, a dash before
//! the region in the oldest regions) speaks plain HTTP only. A request for a
//! folder gets its index document. Nobody signs these requests, so the bucket
//! policy must grant `s3:GetObject` to everyone and Block Public Access must let
//! that policy stand; otherwise the answer is S3's `403 Forbidden` page. A
//! missing key is a 404 only for callers allowed to list the bucket (others get
//! 403, so keys cannot be guessed), and the error document, when set and
//! readable, is served in place of S3's page.

use serde::{Deserialize, Serialize};

use super::Bucket;
use super::access::AnonymousDecision;
use super::errors::S3Error;
use super::http::{object_response, s3_response};
use super::objects::ARCHIVE_CLASSES;
use crate::cloud::Cloud;
use crate::ec2::http::HttpResponse;

/// `IndexDocument`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IndexDocument {
    /// `index.html`: served for `/` and every folder.
    pub suffix: String,
}

/// `ErrorDocument`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ErrorDocument {
    /// The key served on errors.
    pub key: String,
}

/// `RedirectAllRequestsTo`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RedirectAllRequestsTo {
    /// Where to.
    pub host_name: String,
    /// `http` or `https`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

/// `WebsiteConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct WebsiteConfiguration {
    /// The index document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_document: Option<IndexDocument>,
    /// The error document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_document: Option<ErrorDocument>,
    /// Send every request elsewhere instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_all_requests_to: Option<RedirectAllRequestsTo>,
}

/// `PutBucketWebsite` input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutBucketWebsiteInput {
    /// The bucket.
    pub bucket: String,
    /// The configuration.
    pub website_configuration: WebsiteConfiguration,
}

/// Regions whose website endpoint puts a dash before the region.
const DASH_REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
];

/// The website endpoint's host name of `bucket` in `region`.
pub fn website_host(bucket: &str, region: &str) -> String {
    format!("{bucket}.{}", website_endpoint(region))
}

/// S3's website endpoint in `region`, without a bucket
/// (`s3-website.ap-northeast-2.amazonaws.com`): what a Route 53 alias targets.
pub fn website_endpoint(region: &str) -> String {
    if DASH_REGIONS.contains(&region) {
        format!("s3-website-{region}.amazonaws.com")
    } else {
        format!("s3-website.{region}.amazonaws.com")
    }
}

impl Bucket {
    /// The website endpoint's URL, once website hosting is on.
    pub fn website_url(&self) -> Option<String> {
        self.website
            .as_ref()
            .map(|_| format!("http://{}", website_host(&self.name, &self.region)))
    }
}

/// S3's HTML error page.
fn error_page(
    status: u16,
    reason: &str,
    code: &str,
    message: &str,
    key: Option<&str>,
    request_id: &str,
) -> String {
    let key = key
        .map(|k| format!("<li>Key: {k}</li>\n"))
        .unwrap_or_default();
    format!(
        "<html>\n<head><title>{status} {reason}</title></head>\n<body>\n<h1>{status} {reason}</h1>\n<ul>\n<li>Code: {code}</li>\n<li>Message: {message}</li>\n{key}<li>RequestId: {request_id}</li>\n<li>HostId: {request_id}{request_id}</li>\n</ul>\n<hr/>\n</body>\n</html>\n"
    )
}

impl Cloud {
    /// `s3api put-bucket-website` (and `aws s3 website`).
    pub fn put_bucket_website(&mut self, input: PutBucketWebsiteInput) -> Result<(), S3Error> {
        let bucket = input.bucket.clone();
        self.on_bucket("PutBucketWebsite", "PutBucketWebsite", &bucket, |c| {
            let config = input.website_configuration.clone();
            match (&config.index_document, &config.redirect_all_requests_to) {
                (None, None) => {
                    return Err(S3Error::InvalidArgument(
                        "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty".into(),
                    ));
                }
                (Some(index), _) if index.suffix.is_empty() || index.suffix.contains('/') => {
                    return Err(S3Error::InvalidArgument(
                        "The IndexDocument Suffix is not well formed".into(),
                    ));
                }
                _ => {}
            }
            let bucket = c.bucket_mut(&input.bucket).ok_or(S3Error::NoSuchBucket)?;
            bucket.website = Some(config);
            Ok(())
        })
    }

    /// `s3api get-bucket-website`.
    pub fn get_bucket_website(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<WebsiteConfiguration, S3Error> {
        self.read_bucket(
            "GetBucketWebsite",
            "GetBucketWebsite",
            &input.bucket,
            |bucket| {
                bucket
                    .website
                    .clone()
                    .ok_or(S3Error::NoSuchWebsiteConfiguration)
            },
        )
    }

    /// `s3api delete-bucket-website`.
    pub fn delete_bucket_website(
        &mut self,
        input: super::buckets::BucketInput,
    ) -> Result<(), S3Error> {
        self.change_bucket(
            "DeleteBucketWebsite",
            "DeleteBucketWebsite",
            &input.bucket,
            |bucket| {
                bucket.website = None;
                Ok(())
            },
        )
    }

    /// The bucket whose website endpoint is `host`, if any.
    pub fn bucket_for_website_host(&self, host: &str) -> Option<&Bucket> {
        let host = host.to_ascii_lowercase();
        self.s3
            .buckets
            .iter()
            .find(|b| website_host(&b.name, &b.region) == host)
    }

    /// Why an anonymous reader may or may not read `key` of `bucket` from the
    /// internet (the website endpoint and plain object URLs ask the same).
    pub fn anonymous_read_decision(
        &self,
        bucket: &Bucket,
        key: &str,
        secure: bool,
    ) -> AnonymousDecision {
        bucket.decide_anonymous(
            "s3:GetObject",
            &format!("arn:aws:s3:::{}/{key}", bucket.name),
            &self.learner_ip().to_string(),
            secure,
        )
    }

    /// What `GET path` on the website endpoint `host` answers (`None`: the host is
    /// not a website endpoint of this account).
    pub fn website_get(&self, host: &str, path: &str) -> Option<HttpResponse> {
        let date = self.now.to_http_date();
        let request_id = self.request_id_for(&format!("{host}{path}"));
        let respond = |status: u16, reason: &str, body: String, content_type: &str| {
            s3_response(status, reason, body, content_type, &request_id, &date)
        };
        let Some(bucket) = self.bucket_for_website_host(host) else {
            // The endpoint answers for any name: a bucket that does not exist is a
            // 404 (what a Route 53 alias to a bucket not named like the record gets).
            let host = host.to_ascii_lowercase();
            let (name, _) = host.split_once(".s3-website")?;
            if !host.ends_with(".amazonaws.com") {
                return None;
            }
            return Some(respond(
                404,
                "Not Found",
                error_page(
                    404,
                    "Not Found",
                    "NoSuchBucket",
                    "The specified bucket does not exist",
                    None,
                    &request_id,
                )
                .replace(
                    "<li>RequestId",
                    &format!("<li>BucketName: {name}</li>\n<li>RequestId"),
                ),
                "text/html; charset=utf-8",
            ));
        };
        // A bucket whose hosting is off answers on its name with NoSuchWebsiteConfiguration.
        let Some(config) = &bucket.website else {
            return Some(respond(
                404,
                "Not Found",
                error_page(
                    404,
                    "Not Found",
                    "NoSuchWebsiteConfiguration",
                    "The specified bucket does not have a website configuration",
                    None,
                    &request_id,
                )
                .replace(
                    "<li>RequestId",
                    &format!("<li>BucketName: {}</li>\n<li>RequestId", bucket.name),
                ),
                "text/html; charset=utf-8",
            ));
        };
        if let Some(redirect) = &config.redirect_all_requests_to {
            let protocol = redirect.protocol.as_deref().unwrap_or("http");
            let mut response = respond(
                301,
                "Moved Permanently",
                String::new(),
                "text/html; charset=utf-8",
            );
            response.headers.push((
                "Location".into(),
                format!("{protocol}://{}{path}", redirect.host_name),
            ));
            return Some(response);
        }
        let suffix = config
            .index_document
            .as_ref()
            .map(|i| i.suffix.clone())
            .unwrap_or_else(|| "index.html".into());
        let path = path.split(['?', '#']).next().unwrap_or("/");
        let mut key = path.trim_start_matches('/').to_string();
        if key.is_empty() || key.ends_with('/') {
            key.push_str(&suffix);
        }
        let denied = |bucket: &Bucket| -> HttpResponse {
            respond(
                403,
                "Forbidden",
                error_page(
                    403,
                    "Forbidden",
                    "AccessDenied",
                    "Access Denied",
                    None,
                    &request_id,
                ),
                "text/html; charset=utf-8",
            )
            .with_error_document(self, bucket, 403, "Forbidden")
        };
        if !self
            .anonymous_read_decision(bucket, &key, false)
            .is_allowed()
        {
            return Some(denied(bucket));
        }
        match bucket.objects.get(&key) {
            Some(object) if ARCHIVE_CLASSES.contains(&object.storage_class.as_str()) => {
                Some(respond(
                    403,
                    "Forbidden",
                    error_page(
                        403,
                        "Forbidden",
                        "InvalidObjectState",
                        "The operation is not valid for the object's storage class",
                        None,
                        &request_id,
                    ),
                    "text/html; charset=utf-8",
                ))
            }
            Some(object) => Some(object_response(object, &request_id, &date, false)),
            None => {
                // A folder without its trailing slash: S3 redirects to it.
                let folder_index = format!("{key}/{suffix}");
                if bucket.objects.contains_key(&folder_index) {
                    let mut response = respond(
                        302,
                        "Moved Temporarily",
                        String::new(),
                        "text/html; charset=utf-8",
                    );
                    response
                        .headers
                        .push(("Location".into(), format!("{path}/")));
                    return Some(response);
                }
                let may_list = bucket
                    .decide_anonymous(
                        "s3:ListBucket",
                        &format!("arn:aws:s3:::{}", bucket.name),
                        &self.learner_ip().to_string(),
                        false,
                    )
                    .is_allowed();
                if !may_list {
                    return Some(denied(bucket));
                }
                Some(
                    respond(
                        404,
                        "Not Found",
                        error_page(
                            404,
                            "Not Found",
                            "NoSuchKey",
                            "The specified key does not exist.",
                            Some(&key),
                            &request_id,
                        ),
                        "text/html; charset=utf-8",
                    )
                    .with_error_document(self, bucket, 404, "Not Found"),
                )
            }
        }
    }

    /// A request id for a response: 16 hex digits derived from the request and the time.
    pub(crate) fn request_id_for(&self, what: &str) -> String {
        let digest = crate::digest::sha256(format!("{what}@{}", self.now.0).as_bytes());
        crate::digest::hex(&digest[..8], None).to_ascii_uppercase()
    }
}

impl HttpResponse {
    /// Serves the bucket's error document in place of S3's page, when it is set
    /// and anyone may read it; otherwise S3 says so under its own page.
    fn with_error_document(
        mut self,
        cloud: &Cloud,
        bucket: &Bucket,
        status: u16,
        reason: &str,
    ) -> HttpResponse {
        let Some(key) = bucket
            .website
            .as_ref()
            .and_then(|w| w.error_document.as_ref())
            .map(|e| e.key.clone())
        else {
            return self;
        };
        let readable = cloud
            .anonymous_read_decision(bucket, &key, false)
            .is_allowed();
        match bucket.objects.get(&key).filter(|_| readable) {
            Some(document) => {
                self.body = document.body.clone();
                self.status = status;
                self.reason = reason.to_string();
                for (name, value) in &mut self.headers {
                    match name.as_str() {
                        "Content-Length" => *value = document.body.len().to_string(),
                        "Content-Type" => {
                            *value = document
                                .content_type
                                .clone()
                                .unwrap_or_else(|| "binary/octet-stream".into());
                        }
                        _ => {}
                    }
                }
                self
            }
            None => {
                let (code, message) = if readable {
                    ("NoSuchKey", "The specified key does not exist.")
                } else {
                    ("AccessDenied", "Access Denied")
                };
                let key_line = if readable {
                    format!("<li>Key: {key}</li>\n")
                } else {
                    String::new()
                };
                self.body = self.body.replace(
                    "<hr/>",
                    &format!("<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n<li>Code: {code}</li>\n<li>Message: {message}</li>\n{key_line}</ul>\n<hr/>"),
                );
                let length = self.body.len().to_string();
                if let Some((_, value)) =
                    self.headers.iter_mut().find(|(n, _)| n == "Content-Length")
                {
                    *value = length;
                }
                self
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::access::{
        PublicAccessBlockConfiguration, PutBucketPolicyInput, PutPublicAccessBlockInput,
    };
    use crate::s3::objects::PutObjectInput;
    use crate::s3::test_bucket::lab_with_bucket;

    fn site() -> (Cloud, String) {
        let mut cloud = lab_with_bucket("lab-site");
        for (key, body) in [
            ("index.html", "<h1>Hello</h1>"),
            ("error.html", "<h1>Oops</h1>"),
            ("docs/index.html", "docs"),
        ] {
            cloud
                .put_object(PutObjectInput {
                    bucket: "lab-site".into(),
                    key: key.into(),
                    body: Some(body.into()),
                    content_type: Some("text/html".into()),
                    ..Default::default()
                })
                .unwrap();
        }
        let refused = cloud.put_bucket_website(PutBucketWebsiteInput {
            bucket: "lab-site".into(),
            website_configuration: WebsiteConfiguration::default(),
        });
        assert_eq!(refused.unwrap_err().code(), "InvalidArgument");
        cloud
            .put_bucket_website(PutBucketWebsiteInput {
                bucket: "lab-site".into(),
                website_configuration: WebsiteConfiguration {
                    index_document: Some(IndexDocument {
                        suffix: "index.html".into(),
                    }),
                    error_document: Some(ErrorDocument {
                        key: "error.html".into(),
                    }),
                    redirect_all_requests_to: None,
                },
            })
            .unwrap();
        let host = website_host("lab-site", cloud.region().code);
        (cloud, host)
    }

    #[test]
    fn the_website_answers_403_until_a_public_policy_is_allowed() {
        let (mut cloud, host) = site();
        assert_eq!(host, "lab-site.s3-website.ap-northeast-2.amazonaws.com");
        let forbidden = cloud.website_get(&host, "/").unwrap();
        assert_eq!(forbidden.status, 403);
        assert!(forbidden.body.contains("<li>Code: AccessDenied</li>"));
        assert!(forbidden.body.contains("Custom Error Document"));
        cloud
            .put_public_access_block(PutPublicAccessBlockInput {
                bucket: "lab-site".into(),
                public_access_block_configuration: PublicAccessBlockConfiguration {
                    block_public_acls: Some(true),
                    ignore_public_acls: Some(true),
                    block_public_policy: Some(false),
                    restrict_public_buckets: Some(false),
                },
            })
            .unwrap();
        cloud
            .put_bucket_policy(PutBucketPolicyInput {
                bucket: "lab-site".into(),
                policy: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::lab-site/*"}]}"#.into(),
            })
            .unwrap();
        let page = cloud.website_get(&host, "/").unwrap();
        assert_eq!((page.status, page.body.as_str()), (200, "<h1>Hello</h1>"));
        let folder = cloud.website_get(&host, "/docs").unwrap();
        assert_eq!(folder.status, 302);
        assert_eq!(cloud.website_get(&host, "/docs/").unwrap().body, "docs");
        // Without s3:ListBucket a missing key is a 403, served with the error document.
        let missing = cloud.website_get(&host, "/nope.html").unwrap();
        assert_eq!(
            (missing.status, missing.body.as_str()),
            (403, "<h1>Oops</h1>")
        );
        // The endpoint answers for a bucket that does not exist, as S3 does.
        let none = cloud
            .website_get("other.s3-website.ap-northeast-2.amazonaws.com", "/")
            .unwrap();
        assert_eq!(none.status, 404);
        assert!(none.body.contains("NoSuchBucket") && none.body.contains("BucketName: other"));
        assert!(cloud.website_get("other.example.com", "/").is_none());
    }
}
