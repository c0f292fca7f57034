//! `DistributionConfig` and its parts, in AWS's member order, with the defaults
//! CloudFront fills in and the checks it makes before accepting one.
//!
//! Lists are CloudFront's `{"Quantity": n, "Items": [...]}`. Parts the lab does
//! not simulate (custom headers, origin groups, function associations, custom
//! error responses, alternate domain names) must stay empty.

use serde::{Deserialize, Serialize};

use super::errors::CloudFrontError;

/// `{"Quantity": n, "Items": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Items<T> {
    /// How many items there are.
    pub quantity: i64,
    /// The items (left out when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<T>,
}

impl<T> Items<T> {
    /// A list of `items`.
    pub fn of(items: Vec<T>) -> Items<T> {
        Items {
            quantity: items.len() as i64,
            items,
        }
    }

    /// `InconsistentQuantities` unless `Quantity` counts `Items`.
    pub fn check(&self) -> Result<(), CloudFrontError> {
        if self.quantity == self.items.len() as i64 {
            Ok(())
        } else {
            Err(CloudFrontError::InconsistentQuantities)
        }
    }
}

/// A part the lab does not simulate: any member given inside it is refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotSimulated {}

/// `{"Enabled": false, "Quantity": 0}` (trusted signers and key groups).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SignerList {
    /// Whether signed URLs are required.
    pub enabled: bool,
    /// How many signers.
    pub quantity: i64,
}

/// `S3OriginConfig`: the origin is a bucket's REST endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct S3OriginConfig {
    /// The legacy origin access identity (`""`: none; use origin access control).
    pub origin_access_identity: String,
}

/// `CustomOriginConfig`: any HTTP server (an S3 website endpoint, a load balancer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CustomOriginConfig {
    /// 80 by default.
    #[serde(rename = "HTTPPort")]
    pub http_port: u16,
    /// 443 by default.
    #[serde(rename = "HTTPSPort")]
    pub https_port: u16,
    /// `http-only`, `match-viewer` or `https-only`.
    pub origin_protocol_policy: String,
    /// TLS versions towards the origin.
    pub origin_ssl_protocols: Items<String>,
    /// Seconds to wait for the origin (30).
    pub origin_read_timeout: i64,
    /// Seconds to keep the connection (5).
    pub origin_keepalive_timeout: i64,
}

impl Default for CustomOriginConfig {
    fn default() -> Self {
        CustomOriginConfig {
            http_port: 80,
            https_port: 443,
            origin_protocol_policy: String::new(),
            origin_ssl_protocols: Items::of(vec!["TLSv1.2".into()]),
            origin_read_timeout: 30,
            origin_keepalive_timeout: 5,
        }
    }
}

/// `OriginShield`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OriginShield {
    /// Not simulated: must stay off.
    pub enabled: bool,
}

/// `Origin`: where CloudFront fetches what it does not have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Origin {
    /// Its id, named by cache behaviours' `TargetOriginId`.
    pub id: String,
    /// Its host name.
    pub domain_name: String,
    /// A folder prefixed to every request's path (`/site`).
    pub origin_path: String,
    /// Not simulated.
    pub custom_headers: Items<NotSimulated>,
    /// For a bucket's REST endpoint.
    #[serde(rename = "S3OriginConfig", skip_serializing_if = "Option::is_none")]
    pub s3_origin_config: Option<S3OriginConfig>,
    /// For any other HTTP server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_origin_config: Option<CustomOriginConfig>,
    /// Tries per request (3).
    pub connection_attempts: i64,
    /// Seconds per try (10).
    pub connection_timeout: i64,
    /// Not simulated.
    pub origin_shield: OriginShield,
    /// The origin access control CloudFront signs its requests with (`""`: none).
    pub origin_access_control_id: String,
}

impl Default for Origin {
    fn default() -> Self {
        Origin {
            id: String::new(),
            domain_name: String::new(),
            origin_path: String::new(),
            custom_headers: Items::default(),
            s3_origin_config: None,
            custom_origin_config: None,
            connection_attempts: 3,
            connection_timeout: 10,
            origin_shield: OriginShield::default(),
            origin_access_control_id: String::new(),
        }
    }
}

/// `Cookies` of `ForwardedValues`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CookiePreference {
    /// `none` (only `none` is simulated: cookies never reach the origin).
    pub forward: String,
}

impl Default for CookiePreference {
    fn default() -> Self {
        CookiePreference {
            forward: "none".into(),
        }
    }
}

/// `ForwardedValues`: the legacy cache settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ForwardedValues {
    /// Whether the query string is part of the cache key and goes to the origin.
    pub query_string: bool,
    /// Cookies (none forwarded).
    pub cookies: CookiePreference,
    /// Not simulated.
    pub headers: Items<NotSimulated>,
    /// Not simulated.
    pub query_string_cache_keys: Items<NotSimulated>,
}

/// `AllowedMethods`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AllowedMethods {
    /// How many methods.
    pub quantity: i64,
    /// `HEAD`, `GET` (and `OPTIONS`, ...).
    pub items: Vec<String>,
    /// The methods whose answers are cached.
    pub cached_methods: Items<String>,
}

impl Default for AllowedMethods {
    fn default() -> Self {
        let methods = vec!["HEAD".to_string(), "GET".to_string()];
        AllowedMethods {
            quantity: 2,
            items: methods.clone(),
            cached_methods: Items::of(methods),
        }
    }
}

/// `DefaultCacheBehavior`, or one of `CacheBehaviors` (with its `PathPattern`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CacheBehavior {
    /// The paths it applies to (`/images/*`); absent on the default behaviour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_pattern: Option<String>,
    /// The origin it fetches from.
    pub target_origin_id: String,
    /// Not simulated (signed URLs).
    pub trusted_signers: SignerList,
    /// Not simulated (signed URLs).
    pub trusted_key_groups: SignerList,
    /// `allow-all`, `redirect-to-https` or `https-only`.
    pub viewer_protocol_policy: String,
    /// The methods viewers may use.
    pub allowed_methods: AllowedMethods,
    /// Not simulated.
    pub smooth_streaming: bool,
    /// Whether answers are compressed (recorded; bodies are not compressed).
    pub compress: bool,
    /// Not simulated.
    pub lambda_function_associations: Items<NotSimulated>,
    /// Not simulated.
    pub function_associations: Items<NotSimulated>,
    /// Not simulated.
    pub field_level_encryption_id: String,
    /// A cache policy (managed or the account's); or else the legacy settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_policy_id: Option<String>,
    /// Legacy cache settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_values: Option<ForwardedValues>,
    /// Legacy: the shortest time an answer is kept, in seconds.
    #[serde(rename = "MinTTL", skip_serializing_if = "Option::is_none")]
    pub min_ttl: Option<i64>,
    /// Legacy: how long an answer without caching headers is kept.
    #[serde(rename = "DefaultTTL", skip_serializing_if = "Option::is_none")]
    pub default_ttl: Option<i64>,
    /// Legacy: the longest time an answer is kept.
    #[serde(rename = "MaxTTL", skip_serializing_if = "Option::is_none")]
    pub max_ttl: Option<i64>,
}

/// `Logging` (not simulated: must stay off).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LoggingConfig {
    /// Whether access logs are written.
    pub enabled: bool,
    /// Cookies in the logs.
    pub include_cookies: bool,
    /// The log bucket.
    pub bucket: String,
    /// The log prefix.
    pub prefix: String,
}

/// `ViewerCertificate`: the `*.cloudfront.net` certificate is the only one simulated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ViewerCertificate {
    /// Use CloudFront's own certificate.
    pub cloud_front_default_certificate: bool,
    /// `vip` or `sni-only`.
    #[serde(rename = "SSLSupportMethod")]
    pub ssl_support_method: String,
    /// The oldest TLS version viewers may use.
    pub minimum_protocol_version: String,
    /// `cloudfront`.
    pub certificate_source: String,
}

impl Default for ViewerCertificate {
    fn default() -> Self {
        ViewerCertificate {
            cloud_front_default_certificate: true,
            ssl_support_method: "vip".into(),
            minimum_protocol_version: "TLSv1".into(),
            certificate_source: "cloudfront".into(),
        }
    }
}

/// `GeoRestriction`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GeoRestriction {
    /// `none` (country lists are not simulated).
    pub restriction_type: String,
    /// How many countries.
    pub quantity: i64,
}

impl Default for GeoRestriction {
    fn default() -> Self {
        GeoRestriction {
            restriction_type: "none".into(),
            quantity: 0,
        }
    }
}

/// `Restrictions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Restrictions {
    /// By country.
    pub geo_restriction: GeoRestriction,
}

/// `DistributionConfig`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DistributionConfig {
    /// A unique string per distribution: sending the same one twice does not
    /// create a second distribution.
    pub caller_reference: String,
    /// Alternate domain names (need a certificate: not simulated).
    pub aliases: Items<String>,
    /// The object `/` returns (`index.html`).
    pub default_root_object: String,
    /// Where content comes from.
    pub origins: Items<Origin>,
    /// Not simulated.
    pub origin_groups: Items<NotSimulated>,
    /// What applies to paths no other behaviour matches.
    pub default_cache_behavior: CacheBehavior,
    /// Behaviours for path patterns, checked in order.
    pub cache_behaviors: Items<CacheBehavior>,
    /// Not simulated.
    pub custom_error_responses: Items<NotSimulated>,
    /// A note.
    pub comment: String,
    /// Not simulated.
    pub logging: LoggingConfig,
    /// `PriceClass_All`, `PriceClass_200` or `PriceClass_100`.
    pub price_class: String,
    /// Whether it answers viewers.
    pub enabled: bool,
    /// The certificate viewers see.
    pub viewer_certificate: ViewerCertificate,
    /// By country.
    pub restrictions: Restrictions,
    /// Not simulated (AWS WAF).
    #[serde(rename = "WebACLId")]
    pub web_acl_id: String,
    /// `http2` by default.
    pub http_version: String,
    /// Whether it answers over IPv6 too.
    #[serde(rename = "IsIPV6Enabled")]
    pub is_ipv6_enabled: bool,
    /// Not simulated.
    pub continuous_deployment_policy_id: String,
    /// Not simulated.
    pub staging: bool,
}

impl Default for DistributionConfig {
    fn default() -> Self {
        DistributionConfig {
            caller_reference: String::new(),
            aliases: Items::default(),
            default_root_object: String::new(),
            origins: Items::default(),
            origin_groups: Items::default(),
            default_cache_behavior: CacheBehavior::default(),
            cache_behaviors: Items::default(),
            custom_error_responses: Items::default(),
            comment: String::new(),
            logging: LoggingConfig::default(),
            price_class: "PriceClass_All".into(),
            enabled: false,
            viewer_certificate: ViewerCertificate::default(),
            restrictions: Restrictions::default(),
            web_acl_id: String::new(),
            http_version: "http2".into(),
            is_ipv6_enabled: true,
            continuous_deployment_policy_id: String::new(),
            staging: false,
        }
    }
}

/// CloudFront's defaults for the legacy TTLs: a day, nothing, a year.
pub const DEFAULT_TTL: i64 = 86_400;
/// The longest TTL by default: a year.
pub const MAX_TTL: i64 = 31_536_000;

const VIEWER_PROTOCOL_POLICIES: &[&str] = &["allow-all", "https-only", "redirect-to-https"];
const ORIGIN_PROTOCOL_POLICIES: &[&str] = &["http-only", "match-viewer", "https-only"];
const PRICE_CLASSES: &[&str] = &["PriceClass_100", "PriceClass_200", "PriceClass_All"];

fn invalid(message: impl Into<String>) -> CloudFrontError {
    CloudFrontError::InvalidArgument(message.into())
}

impl CacheBehavior {
    /// The TTLs in force (MinTTL, DefaultTTL, MaxTTL) under the legacy settings.
    pub fn legacy_ttls(&self) -> (i64, i64, i64) {
        (
            self.min_ttl.unwrap_or(0),
            self.default_ttl.unwrap_or(DEFAULT_TTL),
            self.max_ttl.unwrap_or(MAX_TTL),
        )
    }

    /// The TTLs in force (MinTTL, DefaultTTL, MaxTTL): its cache policy's, or
    /// the legacy settings.
    pub fn ttls(&self) -> (i64, i64, i64) {
        match &self.cache_policy_id {
            Some(id) => super::cache_policies::managed_policy(id)
                .map(|p| p.ttls)
                .unwrap_or((0, 0, 0)),
            None => self.legacy_ttls(),
        }
    }

    /// Checks one behaviour and fills in the legacy TTLs CloudFront stores.
    fn normalize(&mut self, origins: &[Origin]) -> Result<(), CloudFrontError> {
        if !origins.iter().any(|o| o.id == self.target_origin_id) {
            return Err(CloudFrontError::NoSuchOrigin);
        }
        if !VIEWER_PROTOCOL_POLICIES.contains(&self.viewer_protocol_policy.as_str()) {
            return Err(invalid(format!(
                "The value of ViewerProtocolPolicy is not valid: {}. Valid values: allow-all, https-only, redirect-to-https.",
                self.viewer_protocol_policy
            )));
        }
        self.allowed_methods.cached_methods.check()?;
        if self.allowed_methods.quantity != self.allowed_methods.items.len() as i64 {
            return Err(CloudFrontError::InconsistentQuantities);
        }
        for list in [
            &self.lambda_function_associations,
            &self.function_associations,
        ] {
            list.check()?;
        }
        if self.trusted_signers.enabled || self.trusted_key_groups.enabled {
            return Err(invalid(
                "Signed URLs (trusted signers and key groups) are not simulated in this lab.",
            ));
        }
        match (&self.cache_policy_id, &mut self.forwarded_values) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    "The parameter ForwardedValues cannot be used when a cache policy is associated to the cache behavior.",
                ));
            }
            (Some(_), None) => {
                if self.min_ttl.is_some() || self.default_ttl.is_some() || self.max_ttl.is_some() {
                    return Err(invalid(
                        "The parameter MinTTL cannot be used when a cache policy is associated to the cache behavior.",
                    ));
                }
            }
            (None, None) => {
                return Err(invalid("The parameter ForwardedValues is required."));
            }
            (None, Some(forwarded)) => {
                forwarded.headers.check()?;
                forwarded.query_string_cache_keys.check()?;
                if forwarded.cookies.forward != "none" {
                    return Err(invalid(
                        "Forwarding cookies is not simulated in this lab: set Cookies.Forward to none.",
                    ));
                }
                let (min, default, max) = self.legacy_ttls();
                if min < 0 || !(min <= default && default <= max) {
                    return Err(CloudFrontError::InvalidTtlOrder);
                }
                self.min_ttl = Some(min);
                self.default_ttl = Some(default);
                self.max_ttl = Some(max);
            }
        }
        Ok(())
    }
}

impl DistributionConfig {
    /// Checks a configuration as CloudFront does and fills in what it stores by
    /// default. `known_oac` says whether an origin access control id exists.
    pub(crate) fn normalize(
        &mut self,
        known_oac: impl Fn(&str) -> bool,
        known_cache_policy: impl Fn(&str) -> bool,
    ) -> Result<(), CloudFrontError> {
        if self.caller_reference.is_empty() {
            return Err(invalid("The parameter CallerReference is required."));
        }
        for list in [&self.origin_groups, &self.custom_error_responses] {
            list.check()?;
        }
        self.aliases.check()?;
        self.origins.check()?;
        self.cache_behaviors.check()?;
        if !self.aliases.items.is_empty() {
            return Err(CloudFrontError::InvalidArgument(
                "To add an alternate domain name (CNAME) to a CloudFront distribution, you must attach a trusted certificate that validates your authorization to use the domain name.".into(),
            ));
        }
        if self.default_root_object.starts_with('/') || self.default_root_object.len() > 255 {
            return Err(CloudFrontError::InvalidDefaultRootObject);
        }
        if self.origins.items.is_empty() {
            return Err(invalid(
                "The parameter Origins must contain at least one origin.",
            ));
        }
        if !PRICE_CLASSES.contains(&self.price_class.as_str()) {
            return Err(invalid(format!(
                "The value of PriceClass is not valid: {}.",
                self.price_class
            )));
        }
        if self.logging.enabled {
            return Err(invalid("Access logs are not simulated in this lab."));
        }
        let ids: Vec<String> = self.origins.items.iter().map(|o| o.id.clone()).collect();
        for (i, origin) in self.origins.items.iter_mut().enumerate() {
            if origin.id.is_empty() || origin.domain_name.is_empty() {
                return Err(invalid("The parameter origin name must not be empty."));
            }
            if origin.domain_name.contains(':') || origin.domain_name.contains('/') {
                return Err(invalid("The parameter origin name cannot contain a colon."));
            }
            if ids[..i].contains(&origin.id) {
                return Err(invalid("The parameter Origin Id must be unique."));
            }
            origin.custom_headers.check()?;
            if !origin.origin_path.is_empty()
                && (!origin.origin_path.starts_with('/') || origin.origin_path.ends_with('/'))
            {
                return Err(invalid(
                    "The parameter origin path must start with a slash and must not end with a slash.",
                ));
            }
            match (&origin.s3_origin_config, &mut origin.custom_origin_config) {
                (Some(_), Some(_)) | (None, None) => {
                    return Err(invalid(
                        "Exactly one of CustomOriginConfig and S3OriginConfig must be specified",
                    ));
                }
                (Some(s3), None) => {
                    if !s3.origin_access_identity.is_empty() {
                        return Err(CloudFrontError::InvalidOriginAccessIdentity);
                    }
                    if super::bucket_of_rest_host(&origin.domain_name).is_none() {
                        return Err(invalid(
                            "The parameter Origin DomainName does not refer to a valid S3 bucket.",
                        ));
                    }
                }
                (None, Some(custom)) => {
                    if !ORIGIN_PROTOCOL_POLICIES.contains(&custom.origin_protocol_policy.as_str()) {
                        return Err(invalid(format!(
                            "The value of OriginProtocolPolicy is not valid: {}. Valid values: http-only, match-viewer, https-only.",
                            custom.origin_protocol_policy
                        )));
                    }
                    custom.origin_ssl_protocols.check()?;
                }
            }
            if !origin.origin_access_control_id.is_empty() {
                if !known_oac(&origin.origin_access_control_id) {
                    return Err(CloudFrontError::InvalidOriginAccessControl);
                }
                if origin.s3_origin_config.is_none() {
                    return Err(CloudFrontError::IllegalOriginAccessConfiguration);
                }
            }
        }
        let origins = self.origins.items.clone();
        self.default_cache_behavior.path_pattern = None;
        self.default_cache_behavior.normalize(&origins)?;
        for behavior in &mut self.cache_behaviors.items {
            let pattern = behavior.path_pattern.as_deref().unwrap_or("");
            if pattern.is_empty() {
                return Err(invalid("The parameter PathPattern is required."));
            }
            if pattern.len() > 255 {
                return Err(invalid(
                    "The parameter PathPattern must be at most 255 characters long.",
                ));
            }
            behavior.normalize(&origins)?;
        }
        for behavior in
            std::iter::once(&self.default_cache_behavior).chain(&self.cache_behaviors.items)
        {
            if let Some(id) = &behavior.cache_policy_id
                && !known_cache_policy(id)
            {
                return Err(CloudFrontError::NoSuchCachePolicy);
            }
        }
        Ok(())
    }

    /// The behaviour that applies to `path`: the first pattern that matches, else
    /// the default.
    pub fn behavior_for(&self, path: &str) -> &CacheBehavior {
        self.cache_behaviors
            .items
            .iter()
            .find(|b| {
                b.path_pattern
                    .as_deref()
                    .is_some_and(|pattern| path_matches(pattern, path))
            })
            .unwrap_or(&self.default_cache_behavior)
    }

    /// The origin named `id`.
    pub fn origin(&self, id: &str) -> Option<&Origin> {
        self.origins.items.iter().find(|o| o.id == id)
    }
}

/// Whether `path` matches a CloudFront pattern: `*` any run of characters,
/// `?` one character; case-sensitive; the leading `/` optional in the pattern.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    // An iterative glob: linear in the path for each star, however many stars.
    let p = pattern.trim_start_matches('/').as_bytes();
    let s = path.trim_start_matches('/').as_bytes();
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, si));
                pi += 1;
            }
            Some(&c) if c == b'?' || c == s[si] => {
                pi += 1;
                si += 1;
            }
            _ => match star {
                Some((star_p, star_s)) => {
                    pi = star_p + 1;
                    si = star_s + 1;
                    star = Some((star_p, star_s + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_cloudfront_documents() {
        assert!(path_matches("/images/*", "/images/cat.jpg"));
        assert!(path_matches("images/*.jpg", "/images/a/b.jpg"));
        assert!(!path_matches("/images/*", "/Images/cat.jpg"));
        assert!(path_matches("*.gif", "/x.gif"));
        assert!(path_matches("/a?c", "/abc"));
        assert!(!path_matches("/a?c", "/ac"));
        assert!(path_matches("*", "/anything/at/all"));
        let long = "a".repeat(100_000);
        assert!(!path_matches("*a*a*a*a*a*a*a*a*a*b", &long));
    }
}
