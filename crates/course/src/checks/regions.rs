//! Region choices: the region an AWS CLI profile sends its requests to, graded
//! against a scenario's rule (a country, or the lowest price).

use crate::checks::CheckOutcome;
use crate::inspect::cli::{self, DEFAULT_PROFILE};
use crate::inspect::regions::{self, RegionView};
use crate::lab::Lab;
use crate::text::Text;

/// Grades the region of `profile` against one rule: in `country`, or among
/// the cheapest regions when `cheapest` is set.
pub(super) fn profile_region(
    lab: &Lab,
    profile: &str,
    country: Option<&str>,
    cheapest: bool,
) -> CheckOutcome {
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
                    "~/.aws/config에 아직 {profile} 프로필이 없어요. `aws configure set region <리전> --profile {profile}`으로 만들 수 있어요."
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
    match country {
        Some(wanted) => in_country(profile, &region, wanted),
        None if cheapest => among_cheapest(profile, &region),
        None => CheckOutcome::failed(Text::new(
            "This checkpoint names no rule for the region.",
            "이 체크포인트에는 리전을 판단할 규칙이 없어요.",
        )),
    }
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
        let outcome = profile_region(&lab, "clinic-jp", Some("JP"), false);
        assert!(outcome.passed, "{}", outcome.detail.en);
        assert!(outcome.detail.en.contains("Japan"), "{}", outcome.detail.en);
        let outcome = profile_region(&lab, "shop-kr", Some("KR"), false);
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
        assert!(profile_region(&lab, "batch", None, true).passed);
        let outcome = profile_region(&lab, "pricey", None, true);
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
        let missing = profile_region(&lab, "shop-kr", Some("KR"), false);
        assert!(!missing.passed && missing.detail.en.contains("no profile named shop-kr"));
        let empty = profile_region(&lab, "empty", Some("KR"), false);
        assert!(!empty.passed && empty.detail.en.contains("no region set"));
        let typo = profile_region(&lab, "typo", Some("KR"), false);
        assert!(!typo.passed && typo.detail.en.contains("not an AWS region code"));
        // The default profile without a region uses the lab's region (Seoul).
        assert!(profile_region(&lab, "default", Some("KR"), false).passed);
    }
}
