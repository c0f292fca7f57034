//! Placeholders in lesson lines and hints, filled in from the lab's state.
//!
//! Lesson authors cannot know the ids a lab will hand out, so solution lines,
//! setup lines and hints may name them with placeholders:
//!
//! | placeholder       | filled with                                              |
//! |-------------------|----------------------------------------------------------|
//! | `{learner_ip}`    | the learner's public IPv4 address                        |
//! | `{region}`        | the lab's region code                                    |
//! | `{account_id}`    | the lab's account id                                     |
//! | `{ubuntu_ami}`    | the Ubuntu Server 24.04 (x86_64) AMI id in the region    |
//! | `{al2023_ami}`    | the Amazon Linux 2023 (x86_64) AMI id in the region      |
//! | `{instance_id}`   | the id of the instance tagged `Name=web` (not terminated)|
//! | `{public_ip}`     | that instance's public IPv4 address                      |
//! | `{allocation_id}` | the allocation id of the newest Elastic IP               |
//!
//! Any other text in braces (such as `{Key=Name,Value=web}`) is left alone.

use crate::inspect;
use crate::lab::Lab;

/// Every placeholder name, with what a hint shows when the lab has no value yet.
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("learner_ip", "<your-ip>"),
    ("region", "<region>"),
    ("account_id", "<account-id>"),
    ("ubuntu_ami", "<ami-id>"),
    ("al2023_ami", "<ami-id>"),
    ("instance_id", "<instance-id>"),
    ("public_ip", "<public-ip>"),
    ("allocation_id", "<allocation-id>"),
];

/// The tag value of the instance the instance placeholders refer to.
const WEB_TAG_VALUE: &str = "web";

/// The value of one placeholder in `lab`, if the lab has it.
fn value(name: &str, lab: &Lab) -> Option<String> {
    let cloud = &lab.cloud;
    match name {
        "learner_ip" => Some(cloud.learner_ip().to_string()),
        "region" => Some(cloud.region().code.to_string()),
        "account_id" => Some(cloud.account_id().to_string()),
        "ubuntu_ami" => inspect::ubuntu_ami(cloud),
        "al2023_ami" => inspect::al2023_ami(cloud),
        "instance_id" => inspect::existing_instances_tagged(cloud, "Name", WEB_TAG_VALUE)
            .first()
            .map(|instance| instance.id.clone()),
        "public_ip" => inspect::existing_instances_tagged(cloud, "Name", WEB_TAG_VALUE)
            .first()
            .and_then(|instance| instance.public_ip)
            .map(|ip| ip.to_string()),
        "allocation_id" => inspect::newest_allocation_id(cloud),
        _ => None,
    }
}

/// Splits `text` into literal pieces and placeholder names, in order.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let name = &after[..close];
            PLACEHOLDERS
                .iter()
                .any(|(known, _)| *known == name)
                .then_some((name, close))
        });
        match known {
            Some((name, close)) => {
                out.push(Piece::Literal(&rest[..open]));
                out.push(Piece::Placeholder(name));
                rest = &after[close + 1..];
            }
            None => {
                out.push(Piece::Literal(&rest[..=open]));
                rest = after;
            }
        }
    }
    out.push(Piece::Literal(rest));
    out
}

enum Piece<'a> {
    Literal(&'a str),
    Placeholder(&'a str),
}

/// Fills in every placeholder; fails with the name of the first one the lab
/// has no value for.
pub fn fill(text: &str, lab: &Lab) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Placeholder(name) => {
                out.push_str(&value(name, lab).ok_or_else(|| name.to_string())?)
            }
        }
    }
    Ok(out)
}

/// Fills in every placeholder the lab has a value for and keeps the others
/// as written (for replaying known-wrong attempts).
pub fn fill_or_keep(text: &str, lab: &Lab) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Placeholder(name) => match value(name, lab) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// Fills in every placeholder the lab has a value for and shows the others
/// as `<instance-id>` and the like (for hints).
pub fn fill_for_display(text: &str, lab: &Lab) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Placeholder(name) => match value(name, lab) {
                Some(value) => out.push_str(&value),
                None => out.push_str(
                    PLACEHOLDERS
                        .iter()
                        .find(|(known, _)| *known == name)
                        .map_or(name, |(_, shown)| *shown),
                ),
            },
        }
    }
    out
}

/// Whether `text` contains any placeholder.
pub fn has_placeholders(text: &str) -> bool {
    pieces(text)
        .iter()
        .any(|piece| matches!(piece, Piece::Placeholder(_)))
}

/// The placeholder names `text` uses that are not known (for lesson checks):
/// a brace pair holding only lower-case letters and underscores, such as a
/// misspelt `{instanceid}`.
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        let looks_like_one =
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if looks_like_one && !PLACEHOLDERS.iter().any(|(known, _)| *known == name) {
            out.push(name.to_string());
        }
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapter::Catalog;

    fn lab(chapter: u32) -> Lab {
        let catalog = Catalog::load().unwrap();
        Lab::for_chapter(catalog.chapter(chapter).unwrap()).unwrap()
    }

    #[test]
    fn known_placeholders_are_filled_and_other_braces_kept() {
        let lab = lab(4);
        let text = "--cidr {learner_ip}/32 --tag-specifications \"Tags=[{Key=Name,Value=web}]\" in {region}";
        assert_eq!(
            fill(text, &lab).unwrap(),
            "--cidr 203.0.113.25/32 --tag-specifications \"Tags=[{Key=Name,Value=web}]\" in ap-northeast-2"
        );
        assert!(fill("{ubuntu_ami}", &lab).unwrap().starts_with("ami-"));
        assert!(fill("{al2023_ami}", &lab).unwrap().starts_with("ami-"));
        assert_eq!(fill("{account_id}", &lab).unwrap(), "123456789012");
    }

    #[test]
    fn missing_values_fail_or_show_a_stand_in() {
        let lab = lab(4);
        assert_eq!(
            fill("x {instance_id} y", &lab),
            Err("instance_id".to_string())
        );
        assert_eq!(
            fill_for_display("x {instance_id} {allocation_id}", &lab),
            "x <instance-id> <allocation-id>"
        );
    }

    #[test]
    fn instance_values_come_from_the_web_instance() {
        let lab = lab(5);
        let id = fill("{instance_id}", &lab).unwrap();
        assert!(id.starts_with("i-"), "{id}");
        let ip = fill("{public_ip}", &lab).unwrap();
        assert!(ip.parse::<std::net::Ipv4Addr>().is_ok(), "{ip}");
    }

    #[test]
    fn unknown_names_are_reported() {
        assert_eq!(
            unknown_placeholders("{instanceid} {Key=Name} {learner_ip} {}"),
            vec!["instanceid"]
        );
        assert!(has_placeholders("a {public_ip}"));
        assert!(!has_placeholders("a {Key=Name,Value=web} {"));
    }
}
