//! AWS regions as checks see them: code, console name, country and price,
//! read from the model's catalogue.

use cloudlab_model::catalog;

use crate::text::Text;

/// What a check needs to know about one region.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionView {
    /// `ap-northeast-2`.
    pub code: String,
    /// `Asia Pacific (Seoul)`.
    pub name: String,
    /// ISO 3166 alpha-2 code of the country the region is in (`KR`).
    pub country: Option<&'static str>,
    /// Price relative to the cheapest regions (1.0 = as cheap as any).
    pub relative_price: f64,
}

impl RegionView {
    /// `ap-northeast-2 (Asia Pacific (Seoul))`, for messages.
    pub fn label(&self) -> String {
        format!("{} ({})", self.code, self.name)
    }
}

/// Country names in both languages, by ISO 3166 alpha-2 code.
const COUNTRY_NAMES: &[(&str, &str, &str)] = &[
    ("AE", "the United Arab Emirates", "아랍에미리트"),
    ("AU", "Australia", "호주"),
    ("BH", "Bahrain", "바레인"),
    ("BR", "Brazil", "브라질"),
    ("CA", "Canada", "캐나다"),
    ("CH", "Switzerland", "스위스"),
    ("DE", "Germany", "독일"),
    ("ES", "Spain", "스페인"),
    ("FR", "France", "프랑스"),
    ("GB", "the United Kingdom", "영국"),
    ("HK", "Hong Kong", "홍콩"),
    ("ID", "Indonesia", "인도네시아"),
    ("IE", "Ireland", "아일랜드"),
    ("IL", "Israel", "이스라엘"),
    ("IN", "India", "인도"),
    ("IT", "Italy", "이탈리아"),
    ("JP", "Japan", "일본"),
    ("KR", "South Korea", "한국"),
    ("MX", "Mexico", "멕시코"),
    ("MY", "Malaysia", "말레이시아"),
    ("NZ", "New Zealand", "뉴질랜드"),
    ("SE", "Sweden", "스웨덴"),
    ("SG", "Singapore", "싱가포르"),
    ("TH", "Thailand", "태국"),
    ("TW", "Taiwan", "대만"),
    ("US", "the United States", "미국"),
    ("ZA", "South Africa", "남아프리카 공화국"),
];

/// The name of a country in both languages (the code itself when unknown).
pub fn country_name(code: &str) -> Text {
    COUNTRY_NAMES
        .iter()
        .find(|(known, _, _)| *known == code)
        .map_or_else(|| Text::new(code, code), |(_, en, ko)| Text::new(*en, *ko))
}

/// The lowest price factor of any region in the catalogue.
fn cheapest_factor() -> f64 {
    catalog::REGIONS
        .iter()
        .map(|region| region.price_factor)
        .fold(f64::INFINITY, f64::min)
}

/// The region with this code, if the catalogue has it.
pub fn region(code: &str) -> Option<RegionView> {
    let region = catalog::region(code)?;
    let cheapest = cheapest_factor();
    Some(RegionView {
        code: region.code.to_string(),
        name: region.name.to_string(),
        country: region.country_code(),
        relative_price: if cheapest > 0.0 && cheapest.is_finite() {
            region.price_factor / cheapest
        } else {
            1.0
        },
    })
}

/// Every region in the catalogue, in its order.
pub fn regions() -> Vec<RegionView> {
    catalog::REGIONS
        .iter()
        .filter_map(|region| self::region(region.code))
        .collect()
}

/// Whether a price is as low as the cheapest region's (within rounding).
pub fn is_cheapest(view: &RegionView) -> bool {
    view.relative_price <= 1.0 + 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_region_has_a_named_country() {
        for view in regions() {
            let country = view
                .country
                .unwrap_or_else(|| panic!("{} has no country", view.code));
            assert_ne!(country_name(country).en, country, "{country} has no name");
        }
    }

    #[test]
    fn seoul_is_in_korea_and_dearer_than_the_cheapest() {
        let seoul = region("ap-northeast-2").unwrap();
        assert_eq!(seoul.country, Some("KR"));
        assert_eq!(seoul.label(), "ap-northeast-2 (Asia Pacific (Seoul))");
        assert!(!is_cheapest(&seoul));
        assert!(regions().iter().any(is_cheapest));
        assert!(region("xx-nowhere-1").is_none());
        assert_eq!(country_name("ZZ"), Text::new("ZZ", "ZZ"));
    }
}
