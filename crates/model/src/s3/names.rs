//! General purpose bucket naming rules, as AWS's S3 User Guide lists them
//! ("General purpose bucket naming rules"). A name that breaks one is
//! `InvalidBucketName`.

/// Prefixes a bucket name must not start with.
pub const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "amzn-s3-demo-"];

/// Suffixes a bucket name must not end with.
pub const RESERVED_SUFFIXES: &[&str] = &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// Every rule `name` breaks, in words (empty when it is a valid name).
pub fn bucket_name_violations(name: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let length = name.chars().count();
    if !(3..=63).contains(&length) {
        out.push("length must be 3..63");
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        out.push("must begin and end with a letter or digit");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        out.push("only lowercase letters, digits, dots, hyphens");
    }
    if name.contains("..") {
        out.push("no two adjacent periods");
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        out.push("must not be formatted as an IP address");
    }
    if RESERVED_PREFIXES.iter().any(|p| name.starts_with(p)) {
        out.push("must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-)");
    }
    if RESERVED_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        out.push(
            "must not end with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)",
        );
    }
    out
}

/// Whether `name` is a valid general purpose bucket name.
pub fn is_valid_bucket_name(name: &str) -> bool {
    bucket_name_violations(name).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_guide_s_examples() {
        for good in [
            "docexamplebucket1",
            "log-delivery-march-2020",
            "my-hosted-content",
            "a.b-c",
            "192.168.5.4.example",
        ] {
            assert!(is_valid_bucket_name(good), "{good}");
        }
        for bad in [
            "doc_example_bucket",
            "DocExampleBucket",
            "doc-example-bucket-",
            "ab",
            &"a".repeat(64),
            "my..bucket",
            "10.0.0.1",
            "xn--abc",
            "sthree-x",
            "amzn-s3-demo-x",
            "x-s3alias",
            "x--ol-s3",
            "x.mrap",
            "x--x-s3",
            "x--table-s3",
            "bücket",
        ] {
            assert!(!is_valid_bucket_name(bad), "{bad}");
        }
    }
}
