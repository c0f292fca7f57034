//! Region choices: the region an AWS CLI profile sends its requests to, graded
//! against a scenario's rule (a country, or the lowest price).

use crate::checks::CheckOutcome;
use crate::inspect::cli::{self, DEFAULT_PROFILE};
use cloudlab_model::catalog;

use crate::inspect::regions::{self, RegionView};
use crate::lab::Lab;
use crate::text::Text;

/// What a region must be for a scenario; every rule given must hold.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RegionRule<'a> {
    /// ISO 3166 alpha-2 code of the country the region must be in.
    pub country: Option<&'a str>,
    /// The region must be one of the cheapest.
    pub cheapest: bool,
    /// The region must be in a member state of the European Union.
    pub eu: bool,
    /// The id of a service the region must offer.
    pub service: Option<&'a str>,
}

/// Grades the region of `profile` against a scenario's rule.
pub(crate) fn profile_region(lab: &Lab, profile: &str, rule: &RegionRule<'_>) -> CheckOutcome {
    let configured = cli::profile_setting(&lab.terminal, profile, "region");
    let code = match configured {
        Some(code) => code,
        None if profile == DEFAULT_PROFILE => lab.cloud.region().code.to_string(),
        None if cli::profiles(&lab.terminal).iter().any(|p| p == profile) => {
            return CheckOutcome::failed(Text::new(
                format!("The profile {profile} exists but has no region set."),
                format!("{profile} 프로필은 있지만 리전이 설정되어 있지 않아요."),
            ));
        }
        None => {
            return CheckOutcome::failed(Text::new(
                format!(
                    "There is no profile named {profile} in ~/.aws/config yet. `aws configure set region <region> --profile {profile}` creates it."
                ),
                format!(
                    "~/.aws/config에 아직 {profile} 프로필이 없어요. `aws configure set region <리전> --profile {profile}`(으)로 만들 수 있어요."
                ),
            ));
        }
    };
    let Some(region) = regions::region(&code) else {
        return CheckOutcome::failed(Text::new(
            format!(
                "The profile {profile} sends requests to {code}, which is not an AWS region code. Codes look like ap-northeast-2; `aws ec2 describe-regions` lists them."
            ),
            format!(
                "{profile} 프로필이 요청을 보내는 {code}은(는) AWS 리전 코드가 아니에요. 리전 코드는 ap-northeast-2 같은 모양이고, `aws ec2 describe-regions`로 목록을 볼 수 있어요."
            ),
        ));
    };
    let mut passed = Vec::new();
    if let Some(service) = rule.service {
        match offers(profile, &region, service) {
            Ok(why) => passed.push(why),
            Err(failed) => return failed,
        }
    }
    if rule.eu {
        match in_european_union(profile, &region) {
            Ok(why) => passed.push(why),
            Err(failed) => return failed,
        }
    }
    for outcome in [
        rule.country
            .map(|wanted| in_country(profile, &region, wanted)),
        rule.cheapest.then(|| among_cheapest(profile, &region)),
    ]
    .into_iter()
    .flatten()
    {
        if !outcome.passed {
            return outcome;
        }
        passed.push(outcome.detail);
    }
    match passed.len() {
        0 => CheckOutcome::failed(Text::new(
            "This checkpoint names no rule for the region.",
            "이 체크포인트에는 리전을 판단할 규칙이 없어요.",
        )),
        _ => CheckOutcome::passed(Text::new(
            passed
                .iter()
                .map(|t| t.en.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            passed
                .iter()
                .map(|t| t.ko.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        )),
    }
}

/// Whether the region offers the service, with AWS's way to look it up when not.
fn offers(profile: &str, region: &RegionView, service_id: &str) -> Result<Text, CheckOutcome> {
    let label = region.label();
    let name = catalog::service(service_id).map_or(service_id, |s| s.name);
    if catalog::region(&region.code).is_some_and(|r| r.offers(service_id)) {
        return Ok(Text::new(
            format!("The profile {profile} uses {label}, which offers {name}."),
            format!("{profile} 프로필이 쓰는 {label}에서는 {name}을(를) 쓸 수 있어요."),
        ));
    }
    let lookup = format!(
        "aws ssm get-parameters-by-path --path /aws/service/global-infrastructure/services/{service_id}/regions"
    );
    Err(CheckOutcome::failed(Text::new(
        format!(
            "The profile {profile} uses {label}, where {name} is not offered. `{lookup}` lists the regions that offer it."
        ),
        format!(
            "{profile} 프로필이 쓰는 {label}에서는 {name}을(를) 쓸 수 없어요. `{lookup}`(으)로 이 서비스를 제공하는 리전을 볼 수 있어요."
        ),
    )))
}

/// Whether the region is in the European Union; the UK and Switzerland are
/// in Europe but not in the EU.
fn in_european_union(profile: &str, region: &RegionView) -> Result<Text, CheckOutcome> {
    let label = region.label();
    if catalog::region(&region.code).is_some_and(|r| r.in_european_union()) {
        return Ok(Text::new(
            "It is in the European Union.",
            "유럽 연합(EU) 안에 있어요.",
        ));
    }
    let place = region.country.map(regions::country_name);
    Err(CheckOutcome::failed(match place {
        Some(country) => Text::new(
            format!(
                "The profile {profile} uses {label}, which is in {}: not a member of the European Union.",
                country.en
            ),
            format!(
                "{profile} 프로필이 쓰는 {label}은(는) {}에 있어요. 유럽 연합(EU) 회원국이 아니에요.",
                country.ko
            ),
        ),
        None => Text::new(
            format!("The profile {profile} uses {label}, which is not in the European Union."),
            format!("{profile} 프로필이 쓰는 {label}은(는) 유럽 연합(EU) 안에 있지 않아요."),
        ),
    }))
}

fn in_country(profile: &str, region: &RegionView, wanted: &str) -> CheckOutcome {
    let wanted_name = regions::country_name(wanted);
    let label = region.label();
    match region.country {
        Some(found) if found == wanted => CheckOutcome::passed(Text::new(
            format!(
                "The profile {profile} uses {label}, which is in {}.",
                wanted_name.en
            ),
            format!(
                "{profile} 프로필은 {}에 있는 {label}을(를) 써요.",
                wanted_name.ko
            ),
        )),
        Some(found) => {
            let found_name = regions::country_name(found);
            CheckOutcome::failed(Text::new(
                format!(
                    "The profile {profile} uses {label}, which is in {}, not in {}.",
                    found_name.en, wanted_name.en
                ),
                format!(
                    "{profile} 프로필이 쓰는 {label}은(는) {}에 있어요. {}에 있는 리전이 아니에요.",
                    found_name.ko, wanted_name.ko
                ),
            ))
        }
        None => CheckOutcome::failed(Text::new(
            format!("The profile {profile} uses {label}, and its country is not known."),
            format!("{profile} 프로필이 쓰는 {label}은(는) 어느 나라에 있는지 알 수 없어요."),
        )),
    }
}

fn among_cheapest(profile: &str, region: &RegionView) -> CheckOutcome {
    let label = region.label();
    if regions::is_cheapest(region) {
        return CheckOutcome::passed(Text::new(
            format!("The profile {profile} uses {label}, one of the cheapest regions."),
            format!("{profile} 프로필은 가장 저렴한 리전 중 하나인 {label}을(를) 써요."),
        ));
    }
    let percent = ((region.relative_price - 1.0) * 100.0).round();
    CheckOutcome::failed(Text::new(
        format!(
            "The profile {profile} uses {label}, where the same instance costs about {percent}% more than in the cheapest regions."
        ),
        format!(
            "{profile} 프로필이 쓰는 {label}에서는 같은 인스턴스가 가장 저렴한 리전보다 약 {percent}% 비싸요."
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapter::Catalog;

    const CHEAPEST: RegionRule<'static> = RegionRule {
        country: None,
        cheapest: true,
        eu: false,
        service: None,
    };

    fn country(code: &str) -> RegionRule<'_> {
        RegionRule {
            country: Some(code),
            ..RegionRule::default()
        }
    }

    #[test]
    fn a_service_in_the_eu_needs_both_rules() {
        let lab = lab_with_config(
            "[profile ireland]\nregion = eu-west-1\n[profile london]\nregion = eu-west-2\n[profile stockholm]\nregion = eu-north-1\n",
        );
        let rule = RegionRule {
            eu: true,
            service: Some("braket"),
            ..RegionRule::default()
        };
        let ireland = profile_region(&lab, "ireland", &rule);
        assert!(!ireland.passed);
        assert!(
            ireland.detail.en.contains("Amazon Braket is not offered")
                && ireland.detail.en.contains("services/braket/regions"),
            "{}",
            ireland.detail.en
        );
        let london = profile_region(&lab, "london", &rule);
        assert!(!london.passed);
        assert!(
            london
                .detail
                .en
                .contains("the United Kingdom: not a member"),
            "{}",
            london.detail.en
        );
        let stockholm = profile_region(&lab, "stockholm", &rule);
        assert!(stockholm.passed, "{}", stockholm.detail.en);
        assert!(stockholm.detail.ko.contains("Amazon Braket"));
    }

    fn lab_with_config(config: &str) -> Lab {
        let catalog = Catalog::load().unwrap();
        let mut lab = Lab::without_setup(catalog.chapter(0).unwrap());
        lab.terminal
            .write_file(".aws/config", config, 0o600)
            .unwrap();
        lab
    }

    #[test]
    fn a_region_in_the_wanted_country_passes() {
        let lab = lab_with_config(
            "[default]\n[profile clinic-jp]\nregion = ap-northeast-3\n[profile shop-kr]\nregion = us-east-1\n",
        );
        let outcome = profile_region(&lab, "clinic-jp", &country("JP"));
        assert!(outcome.passed, "{}", outcome.detail.en);
        assert!(outcome.detail.en.contains("Japan"), "{}", outcome.detail.en);
        let outcome = profile_region(&lab, "shop-kr", &country("KR"));
        assert!(!outcome.passed);
        assert!(
            outcome
                .detail
                .en
                .contains("in the United States, not in South Korea"),
            "{}",
            outcome.detail.en
        );
        assert!(outcome.detail.ko.contains("미국"), "{}", outcome.detail.ko);
    }

    #[test]
    fn the_cheapest_rule_names_the_extra_cost() {
        let lab = lab_with_config(
            "[profile batch]\nregion = us-east-2\n[profile pricey]\nregion = ap-northeast-2\n",
        );
        assert!(profile_region(&lab, "batch", &CHEAPEST).passed);
        let outcome = profile_region(&lab, "pricey", &CHEAPEST);
        assert!(!outcome.passed);
        assert!(
            outcome.detail.en.contains("25% more"),
            "{}",
            outcome.detail.en
        );
    }

    #[test]
    fn missing_profiles_regions_and_typos_say_what_is_wrong() {
        let lab = lab_with_config(
            "[profile empty]\noutput = json\n[profile typo]\nregion = ap-northest-2\n",
        );
        let missing = profile_region(&lab, "shop-kr", &country("KR"));
        assert!(!missing.passed && missing.detail.en.contains("no profile named shop-kr"));
        let empty = profile_region(&lab, "empty", &country("KR"));
        assert!(!empty.passed && empty.detail.en.contains("no region set"));
        let typo = profile_region(&lab, "typo", &country("KR"));
        assert!(!typo.passed && typo.detail.en.contains("not an AWS region code"));
        // The default profile without a region uses the lab's region (Seoul).
        assert!(profile_region(&lab, "default", &country("KR")).passed);
    }
}
