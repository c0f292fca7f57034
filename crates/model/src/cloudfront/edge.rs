//! What a viewer gets from a distribution: the edge location nearest the viewer
//! answers from its own cache while the copy is fresh (`Hit`), asks the origin
//! otherwise (`Miss`), and when a stale copy is still the origin's current
//! version it keeps it for another TTL (`RefreshHit`). Each edge keeps its own
//! cache, so a viewer in Tokyo can get a page Seoul has never fetched.
//!
//! How long a copy stays fresh (AWS's rules): the origin's `Cache-Control`
//! `s-maxage`, else `max-age`, else `Expires`, clamped between the behaviour's
//! MinTTL and MaxTTL; DefaultTTL when the origin says nothing; `no-cache`,
//! `no-store` and `private` keep it only for MinTTL. Errors (4xx, 5xx) are kept
//! for ten seconds.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::Distribution;
use super::config::Origin;
use crate::clock::SimTime;
use crate::cloud::Cloud;
use crate::ec2::http::{HttpFailure, HttpResponse};
use crate::s3::presign::ServiceSigner;

/// How long CloudFront keeps an error answer by default (`ErrorCachingMinTTL`).
pub const ERROR_CACHING_SECONDS: u64 = 10;

/// An edge location and the city its viewers are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeLocation {
    /// The name used in commands (`seoul`).
    pub city: &'static str,
    /// The city in English.
    pub name_en: &'static str,
    /// The city in Korean.
    pub name_ko: &'static str,
    /// Its code in `X-Amz-Cf-Pop` (airport code, a number, a variant).
    pub code: &'static str,
    /// The address a viewer there comes from.
    pub viewer_ip: Ipv4Addr,
    /// The AWS regions whose instances it serves.
    pub regions: &'static [&'static str],
}

/// The edge locations viewers are simulated in. The first is the learner's own
/// laptop's (Seoul).
pub const EDGE_LOCATIONS: &[EdgeLocation] = &[
    EdgeLocation {
        city: "seoul",
        name_en: "Seoul",
        name_ko: "서울",
        code: "ICN57-P1",
        viewer_ip: Ipv4Addr::new(203, 0, 113, 10),
        regions: &["ap-northeast-2"],
    },
    EdgeLocation {
        city: "tokyo",
        name_en: "Tokyo",
        name_ko: "도쿄",
        code: "NRT57-P3",
        viewer_ip: Ipv4Addr::new(203, 0, 113, 20),
        regions: &["ap-northeast-1", "ap-northeast-3"],
    },
    EdgeLocation {
        city: "singapore",
        name_en: "Singapore",
        name_ko: "싱가포르",
        code: "SIN2-P2",
        viewer_ip: Ipv4Addr::new(203, 0, 113, 30),
        regions: &["ap-southeast-1", "ap-south-1", "ap-southeast-2"],
    },
    EdgeLocation {
        city: "frankfurt",
        name_en: "Frankfurt",
        name_ko: "프랑크푸르트",
        code: "FRA56-P7",
        viewer_ip: Ipv4Addr::new(198, 51, 100, 40),
        regions: &[
            "eu-central-1",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eu-north-1",
        ],
    },
    EdgeLocation {
        city: "virginia",
        name_en: "Virginia",
        name_ko: "버지니아",
        code: "IAD89-P2",
        viewer_ip: Ipv4Addr::new(198, 51, 100, 50),
        regions: &[
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "ca-central-1",
        ],
    },
    EdgeLocation {
        city: "sao-paulo",
        name_en: "São Paulo",
        name_ko: "상파울루",
        code: "GRU3-P1",
        viewer_ip: Ipv4Addr::new(198, 51, 100, 60),
        regions: &["sa-east-1"],
    },
];

/// The edge location of `city` (`seoul`, `tokyo`, ...).
pub fn edge_location(city: &str) -> Option<&'static EdgeLocation> {
    let city = city.to_ascii_lowercase();
    EDGE_LOCATIONS.iter().find(|l| l.city == city)
}

/// The edge location nearest region `region` (Seoul's for regions not listed).
pub fn edge_for_region(region: &str) -> &'static EdgeLocation {
    EDGE_LOCATIONS
        .iter()
        .find(|l| l.regions.contains(&region))
        .unwrap_or(&EDGE_LOCATIONS[0])
}

/// A copy an edge keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedObject {
    /// The origin's status.
    pub status: u16,
    /// Its reason phrase.
    pub reason: String,
    /// The origin's headers, as passed on.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
    /// When the edge fetched or last revalidated it.
    pub fetched_at: SimTime,
    /// Seconds it stays fresh after that.
    pub ttl_seconds: u64,
}

impl CachedObject {
    /// Whether it is still fresh at `now`.
    pub fn is_fresh(&self, now: SimTime) -> bool {
        now.since(self.fetched_at).as_secs() < self.ttl_seconds
    }

    /// The origin's `ETag`.
    pub fn etag(&self) -> Option<&str> {
        header(&self.headers, "ETag")
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// How long an edge keeps an answer, in seconds, by CloudFront's rules.
pub fn edge_ttl(
    cache_control: Option<&str>,
    expires: Option<SimTime>,
    now: SimTime,
    (min, default, max): (i64, i64, i64),
) -> u64 {
    let clamp = |seconds: i64| seconds.clamp(min, max.max(min)).max(0) as u64;
    let directives: Vec<String> = cache_control
        .unwrap_or("")
        .split(',')
        .map(|d| d.trim().to_ascii_lowercase())
        .filter(|d| !d.is_empty())
        .collect();
    let value_of = |name: &str| {
        directives.iter().find_map(|d| {
            d.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
                .and_then(|v| v.trim_matches('"').parse::<i64>().ok())
        })
    };
    if directives
        .iter()
        .any(|d| matches!(d.as_str(), "no-cache" | "no-store" | "private"))
    {
        return min.max(0) as u64;
    }
    if let Some(seconds) = value_of("s-maxage").or_else(|| value_of("max-age")) {
        return clamp(seconds);
    }
    if let Some(expires) = expires {
        let left = expires.unix_seconds() as i64 - now.unix_seconds() as i64;
        return clamp(left);
    }
    clamp(default)
}

/// How long an edge keeps an error from the origin: CloudFront's error caching
/// minimum TTL (10 s), or longer when the origin says so (up to MaxTTL); never
/// for codes CloudFront does not cache, nor for 404, 410, 414 and 501 marked
/// `no-cache`, `no-store` or `private`.
pub fn error_ttl(
    status: u16,
    cache_control: Option<&str>,
    expires: Option<SimTime>,
    now: SimTime,
    max_ttl: i64,
) -> u64 {
    const CACHED: &[u16] = &[400, 403, 404, 405, 410, 414, 500, 501, 502, 503, 504];
    if !CACHED.contains(&status) {
        return 0;
    }
    let said = cache_control.unwrap_or("").to_ascii_lowercase();
    let forbidden = ["no-cache", "no-store", "private"]
        .iter()
        .any(|d| said.split(',').any(|part| part.trim() == *d));
    if forbidden && [404, 410, 414, 501].contains(&status) {
        return 0;
    }
    let asked = if cache_control.is_some() || expires.is_some() {
        edge_ttl(cache_control, expires, now, (0, 0, max_ttl))
    } else {
        0
    };
    asked.max(ERROR_CACHING_SECONDS).min(max_ttl.max(0) as u64)
}

/// `X-Cache`'s value for an answer.
fn x_cache(outcome: &str) -> String {
    format!("{outcome} from cloudfront")
}

/// CloudFront's own error page.
fn error_page(status: u16, reason: &str, detail: &str, request_id: &str) -> String {
    format!(
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">\n<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\">\n<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n<H1>{status} ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size=\"1px\">\n{detail}\n<BR clear=\"all\">\nIf you provide content to customers through CloudFront, you can find steps to troubleshoot and help prevent this error by reviewing the CloudFront documentation.\n<BR clear=\"all\">\n<HR noshade size=\"1px\">\n<PRE>\nGenerated by cloudfront (CloudFront)\nRequest ID: {request_id}\n</PRE>\n<ADDRESS>\n</ADDRESS>\n</BODY></HTML>"
    )
    .replace("{reason}", reason)
}

/// S3's request ids, which CloudFront's answers do not carry.
const DROPPED_HEADERS: &[&str] = &["x-amz-id-2", "x-amz-request-id"];

/// What the learner sees of one viewer request.
struct Answer {
    status: u16,
    reason: String,
    /// The origin's headers (a cached copy's, with the `Date` it was fetched at),
    /// or CloudFront's own.
    headers: Vec<(String, String)>,
    body: String,
    /// `Hit`, `Miss`, `RefreshHit`, `Redirect` or `Error`.
    outcome: &'static str,
    /// Seconds since the edge fetched its copy, on a hit.
    age: Option<u64>,
}

impl Cloud {
    /// `GET scheme://host/path` from a viewer near edge location `edge`, when
    /// `host` is one of the account's distributions (`None` otherwise). The
    /// edge's cache changes: this is an action, not a look.
    pub fn cloudfront_get(
        &mut self,
        edge: &EdgeLocation,
        https: bool,
        host: &str,
        path_and_query: &str,
    ) -> Option<Result<HttpResponse, HttpFailure>> {
        let index = self
            .cloudfront
            .distributions
            .iter()
            .position(|d| d.domain_name == host.to_ascii_lowercase())?;
        let now = self.now;
        let distribution = self.cloudfront.distributions[index].clone();
        let request_id = cf_request_id(&distribution.id, edge.code, path_and_query, now);
        let answer = self.answer_viewer(
            &distribution,
            index,
            edge,
            https,
            path_and_query,
            &request_id,
        );
        let content_type = header(&answer.headers, "Content-Type")
            .unwrap_or("text/html")
            .to_string();
        let mut headers = vec![
            ("Content-Type".to_string(), content_type),
            ("Content-Length".to_string(), answer.body.len().to_string()),
            ("Connection".to_string(), "keep-alive".to_string()),
        ];
        if header(&answer.headers, "Date").is_none() {
            headers.push(("Date".into(), now.to_http_date()));
        }
        for (name, value) in &answer.headers {
            if !name.eq_ignore_ascii_case("Content-Type")
                && !name.eq_ignore_ascii_case("Content-Length")
                && !DROPPED_HEADERS.iter().any(|d| d.eq_ignore_ascii_case(name))
            {
                headers.push((name.clone(), value.clone()));
            }
        }
        let via_hash = crate::digest::hex(
            &crate::digest::md5(format!("{}{}", distribution.id, edge.code).as_bytes()),
            None,
        );
        headers.push(("X-Cache".into(), x_cache(answer.outcome)));
        headers.push((
            "Via".into(),
            format!("1.1 {via_hash}.cloudfront.net (CloudFront)"),
        ));
        headers.push(("X-Amz-Cf-Pop".into(), edge.code.to_string()));
        headers.push(("X-Amz-Cf-Id".into(), request_id));
        if let Some(age) = answer.age {
            headers.push(("Age".into(), age.to_string()));
        }
        Some(Ok(HttpResponse {
            status: answer.status,
            reason: answer.reason,
            headers,
            body: answer.body,
            instance_id: String::new(),
            forwarded_for: None,
        }))
    }

    fn answer_viewer(
        &mut self,
        distribution: &Distribution,
        index: usize,
        edge: &EdgeLocation,
        https: bool,
        path_and_query: &str,
        request_id: &str,
    ) -> Answer {
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path_and_query, None),
        };
        let path = if path.is_empty() { "/" } else { path };
        let config = &distribution.config;
        let cloudfront_error = |status: u16, reason: &str, detail: &str| Answer {
            status,
            reason: reason.to_string(),
            headers: vec![("Server".into(), "CloudFront".into())],
            body: error_page(status, reason, detail, request_id),
            outcome: "Error",
            age: None,
        };
        if !config.enabled {
            return cloudfront_error(
                403,
                "Forbidden",
                "Bad request.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
            );
        }
        let behavior = config.behavior_for(path).clone();
        if !https {
            match behavior.viewer_protocol_policy.as_str() {
                "redirect-to-https" => {
                    let location = format!("https://{}{path_and_query}", distribution.domain_name);
                    return Answer {
                        status: 301,
                        reason: "Moved Permanently".into(),
                        headers: vec![
                            ("Server".into(), "CloudFront".into()),
                            ("Location".into(), location),
                        ],
                        body: "<html>\n<head><title>301 Moved Permanently</title></head>\n<body>\n<center><h1>301 Moved Permanently</h1></center>\n<hr><center>CloudFront</center>\n</body>\n</html>\n".into(),
                        outcome: "Redirect",
                        age: None,
                    };
                }
                "https-only" => {
                    return cloudfront_error(403, "Forbidden", "Bad request.");
                }
                _ => {}
            }
        }
        let origin_path = if path == "/" && !config.default_root_object.is_empty() {
            format!("/{}", config.default_root_object)
        } else {
            path.to_string()
        };
        let forwards_query = behavior
            .forwarded_values
            .as_ref()
            .is_some_and(|f| f.query_string);
        let cache_key = match query {
            Some(q) if forwards_query && !q.is_empty() => format!("{origin_path}?{q}"),
            _ => origin_path.clone(),
        };
        let now = self.now;
        let cached = distribution
            .edges
            .get(edge.code)
            .and_then(|cache| cache.get(&cache_key))
            .cloned();
        if let Some(copy) = &cached
            && copy.is_fresh(now)
        {
            return Answer {
                status: copy.status,
                reason: copy.reason.clone(),
                headers: copy.headers.clone(),
                body: copy.body.clone(),
                outcome: if copy.status >= 400 { "Error" } else { "Hit" },
                age: Some(now.since(copy.fetched_at).as_secs()),
            };
        }
        let Some(origin) = config.origin(&behavior.target_origin_id).cloned() else {
            return cloudfront_error(
                502,
                "Bad Gateway",
                "CloudFront wasn't able to connect to the origin.",
            );
        };
        let fetched = self.fetch_from_origin(distribution, &origin, &cache_key, https, edge);
        let response = match fetched {
            Ok(response) => response,
            Err(HttpFailure::TimedOut(_)) => {
                return cloudfront_error(
                    504,
                    "Gateway Timeout",
                    "We can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
                );
            }
            Err(_) => {
                return cloudfront_error(
                    502,
                    "Bad Gateway",
                    "CloudFront wasn't able to connect to the origin.",
                );
            }
        };
        let cache_control = header(&response.headers, "Cache-Control");
        let expires = header(&response.headers, "Expires").and_then(SimTime::parse_http_date);
        let ttl = if response.status >= 400 {
            error_ttl(
                response.status,
                cache_control,
                expires,
                now,
                behavior.ttls().2,
            )
        } else {
            edge_ttl(cache_control, expires, now, behavior.ttls())
        };
        let kept: Vec<(String, String)> = response
            .headers
            .iter()
            .filter(|(n, _)| !DROPPED_HEADERS.iter().any(|d| d.eq_ignore_ascii_case(n)))
            .cloned()
            .collect();
        let refreshed = cached.as_ref().is_some_and(|copy| {
            copy.status == 200
                && response.status == 200
                && copy.etag().is_some()
                && copy.etag() == header(&response.headers, "ETag")
        });
        let copy = CachedObject {
            status: response.status,
            reason: response.reason.clone(),
            headers: kept.clone(),
            body: response.body.clone(),
            fetched_at: now,
            ttl_seconds: ttl,
        };
        let cache = self.cloudfront.distributions[index]
            .edges
            .entry(edge.code.to_string())
            .or_default();
        if ttl > 0 {
            cache.insert(cache_key, copy);
        } else {
            cache.remove(&cache_key);
        }
        let outcome = if response.status >= 400 {
            "Error"
        } else if refreshed {
            "RefreshHit"
        } else {
            "Miss"
        };
        Answer {
            status: response.status,
            reason: response.reason,
            headers: kept,
            body: response.body,
            outcome,
            age: None,
        }
    }

    /// What the origin answers the edge.
    fn fetch_from_origin(
        &self,
        distribution: &Distribution,
        origin: &Origin,
        path: &str,
        viewer_https: bool,
        edge: &EdgeLocation,
    ) -> Result<HttpResponse, HttpFailure> {
        let full_path = format!("{}{path}", origin.origin_path);
        let unresolved = || HttpFailure::CouldNotResolve {
            host: origin.domain_name.clone(),
        };
        if origin.s3_origin_config.is_some() {
            let signer = self
                .origin_access_control(&origin.origin_access_control_id)
                .filter(|oac| oac.signs())
                .map(|_| ServiceSigner {
                    service: "cloudfront.amazonaws.com".into(),
                    source_arn: distribution.arn.clone(),
                    source_account: self.config.account_id.clone(),
                });
            let answer = match &signer {
                Some(signer) => {
                    self.s3_rest_get_for_service(&origin.domain_name, &full_path, signer)
                }
                None => self.s3_rest_get(&origin.domain_name, &full_path),
            };
            return answer.ok_or_else(unresolved);
        }
        let custom = origin.custom_origin_config.clone().unwrap_or_default();
        let https = match custom.origin_protocol_policy.as_str() {
            "https-only" => true,
            "match-viewer" => viewer_https,
            _ => false,
        };
        let port = if https {
            custom.https_port
        } else {
            custom.http_port
        };
        self.http_get(edge.viewer_ip, &origin.domain_name, port, &full_path)
    }
}

/// A request id in CloudFront's form (56 characters of URL-safe base64),
/// derived from the request so runs are reproducible.
fn cf_request_id(distribution: &str, edge: &str, path: &str, now: SimTime) -> String {
    let seed = format!("{distribution}{edge}{path}{}", now.as_millis());
    let mut bytes = crate::digest::sha256(seed.as_bytes()).to_vec();
    bytes.extend_from_slice(&crate::digest::md5(seed.as_bytes())[..10]);
    crate::digest::base64_encode(&bytes[..42])
        .replace('+', "-")
        .replace('/', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEGACY: (i64, i64, i64) = (0, 86_400, 31_536_000);

    #[test]
    fn ttl_follows_cloudfront_s_rules() {
        let now = SimTime(1_000_000);
        assert_eq!(edge_ttl(None, None, now, LEGACY), 86_400);
        assert_eq!(edge_ttl(Some("max-age=60"), None, now, LEGACY), 60);
        assert_eq!(
            edge_ttl(Some("max-age=60, s-maxage=120"), None, now, LEGACY),
            120
        );
        assert_eq!(
            edge_ttl(Some("max-age=60"), None, now, (300, 600, 900)),
            300
        );
        assert_eq!(
            edge_ttl(Some("max-age=99999"), None, now, (0, 60, 600)),
            600
        );
        assert_eq!(edge_ttl(Some("no-cache"), None, now, LEGACY), 0);
        assert_eq!(edge_ttl(Some("no-store"), None, now, (5, 60, 600)), 5);
        let in_an_hour = now.plus(std::time::Duration::from_secs(3600));
        assert_eq!(edge_ttl(None, Some(in_an_hour), now, LEGACY), 3600);
        assert_eq!(
            edge_ttl(Some("max-age=30"), Some(in_an_hour), now, LEGACY),
            30,
            "max-age wins over Expires"
        );
    }

    #[test]
    fn errors_are_kept_ten_seconds_unless_the_origin_says_more_or_forbids() {
        let now = SimTime(1_000_000);
        assert_eq!(error_ttl(403, None, None, now, MAX), 10);
        assert_eq!(error_ttl(404, Some("max-age=60"), None, now, MAX), 60);
        assert_eq!(error_ttl(404, Some("max-age=5"), None, now, MAX), 10);
        assert_eq!(error_ttl(404, Some("no-store"), None, now, MAX), 0);
        assert_eq!(error_ttl(403, Some("no-store"), None, now, MAX), 10);
        assert_eq!(error_ttl(416, None, None, now, MAX), 0);
    }

    const MAX: i64 = 31_536_000;

    #[test]
    fn regions_map_to_the_nearest_edge() {
        assert_eq!(edge_for_region("ap-northeast-1").city, "tokyo");
        assert_eq!(edge_for_region("us-west-2").city, "virginia");
        assert_eq!(edge_for_region("me-south-1").city, "seoul");
        assert_eq!(edge_location("Tokyo").map(|l| l.code), Some("NRT57-P3"));
    }
}
