//! Choices a console form offers, held as enums: each variant knows its form value
//! and its label, so a form never compares strings.

use cloudlab_course::Lang;
use cloudlab_model::ssh_keys::KeyType;

use crate::i18n::tr;

/// A fixed set of options.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    /// Every option, in the order the console lists them.
    const ALL: &'static [Self];

    /// The form value (AWS's spelling where AWS has one).
    fn value(self) -> &'static str;

    /// What the console shows.
    fn label(self, lang: Lang) -> &'static str;

    /// The option whose form value is `value`.
    fn from_value(value: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.value() == value)
    }
}

impl Choice for KeyType {
    const ALL: &'static [Self] = &[KeyType::Ed25519, KeyType::Rsa];

    fn value(self) -> &'static str {
        self.as_str()
    }

    fn label(self, _lang: Lang) -> &'static str {
        match self {
            KeyType::Ed25519 => "ED25519",
            KeyType::Rsa => "RSA",
        }
    }
}

/// An EBS volume type the launch wizard offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolumeType {
    /// General Purpose SSD (gp3).
    Gp3,
    /// General Purpose SSD (gp2).
    Gp2,
    /// Provisioned IOPS SSD (io1).
    Io1,
    /// Provisioned IOPS SSD (io2).
    Io2,
    /// Throughput Optimized HDD (st1).
    St1,
    /// Cold HDD (sc1).
    Sc1,
    /// Magnetic (standard).
    Standard,
}

impl Choice for VolumeType {
    const ALL: &'static [Self] = &[
        VolumeType::Gp3,
        VolumeType::Gp2,
        VolumeType::Io1,
        VolumeType::Io2,
        VolumeType::St1,
        VolumeType::Sc1,
        VolumeType::Standard,
    ];

    fn value(self) -> &'static str {
        match self {
            VolumeType::Gp3 => "gp3",
            VolumeType::Gp2 => "gp2",
            VolumeType::Io1 => "io1",
            VolumeType::Io2 => "io2",
            VolumeType::St1 => "st1",
            VolumeType::Sc1 => "sc1",
            VolumeType::Standard => "standard",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            VolumeType::Gp3 => tr(lang, "General Purpose SSD (gp3)", "범용 SSD(gp3)"),
            VolumeType::Gp2 => tr(lang, "General Purpose SSD (gp2)", "범용 SSD(gp2)"),
            VolumeType::Io1 => tr(
                lang,
                "Provisioned IOPS SSD (io1)",
                "프로비저닝된 IOPS SSD(io1)",
            ),
            VolumeType::Io2 => tr(
                lang,
                "Provisioned IOPS SSD (io2)",
                "프로비저닝된 IOPS SSD(io2)",
            ),
            VolumeType::St1 => tr(
                lang,
                "Throughput Optimized HDD (st1)",
                "처리량 최적화 HDD(st1)",
            ),
            VolumeType::Sc1 => tr(lang, "Cold HDD (sc1)", "콜드 HDD(sc1)"),
            VolumeType::Standard => tr(lang, "Magnetic (standard)", "마그네틱(standard)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<C: Choice + std::fmt::Debug>() {
        for choice in C::ALL {
            assert_eq!(C::from_value(choice.value()), Some(*choice));
            assert!(!choice.label(Lang::En).is_empty() && !choice.label(Lang::Ko).is_empty());
        }
        assert_eq!(C::from_value("no such option"), None);
    }

    #[test]
    fn every_choice_reads_back_from_its_form_value() {
        round_trips::<KeyType>();
        round_trips::<VolumeType>();
    }
}

/// A city a viewer can be in (an index into the model's edge locations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewerCity(pub usize);

impl ViewerCity {
    /// The city's name in `lang`.
    pub fn label_for(self, lang: Lang) -> &'static str {
        Choice::label(self, lang)
    }

    /// The edge location that serves this city.
    pub fn edge(self) -> &'static cloudlab_model::cloudfront::EdgeLocation {
        let locations = cloudlab_model::cloudfront::EDGE_LOCATIONS;
        locations.get(self.0).unwrap_or(&locations[0])
    }
}

impl Choice for ViewerCity {
    const ALL: &'static [Self] = &[
        ViewerCity(0),
        ViewerCity(1),
        ViewerCity(2),
        ViewerCity(3),
        ViewerCity(4),
        ViewerCity(5),
    ];

    fn value(self) -> &'static str {
        self.edge().city
    }

    fn label(self, lang: Lang) -> &'static str {
        let edge = self.edge();
        tr(lang, edge.name_en, edge.name_ko)
    }
}
