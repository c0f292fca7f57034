//! What AWS offers: regions and their Availability Zones, public AMIs and
//! instance types. Names, zone ids and AMI names follow AWS's own; prices are
//! Linux on-demand list prices in USD (us-east-1, scaled per region), good to a
//! few percent.

use serde::{Deserialize, Serialize};

use crate::digest;

/// One Availability Zone: its name and its zone id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AvailabilityZone {
    /// The zone name, e.g. `ap-northeast-2a`.
    pub name: &'static str,
    /// The zone id, e.g. `apne2-az1`.
    pub zone_id: &'static str,
}

/// One commercial AWS region.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Region {
    /// The region code, e.g. `ap-northeast-2`.
    pub code: &'static str,
    /// The console name, e.g. `Asia Pacific (Seoul)`.
    pub name: &'static str,
    /// Its Availability Zones in name order.
    pub zones: &'static [AvailabilityZone],
    /// Public IPv4 prefixes EC2 hands out in this region.
    pub public_ipv4_prefixes: &'static [&'static str],
    /// Price of the region relative to us-east-1.
    pub price_factor: f64,
    /// Whether previous-generation `m1` instances are offered (older regions only).
    pub offers_m1: bool,
    /// Whether the region must be enabled by the account first (opt-in regions).
    pub opt_in: bool,
    /// The broad geography: `North America`, `Europe`, `Asia Pacific`, ...
    pub geography: &'static str,
    /// The country the region's data centres are in (data residency).
    pub country: &'static str,
    /// The metro area the region is named after.
    pub city: &'static str,
    /// A few services not offered in the region. **Simplified**: an
    /// illustration of regional availability (Amazon Braket runs in five
    /// regions; App Runner has not launched in the newest ones), not a
    /// complete or authoritative list.
    pub services_not_available: &'static [&'static str],
}

macro_rules! zones {
    ($( $name:literal => $id:literal ),* $(,)?) => {
        &[ $( AvailabilityZone { name: $name, zone_id: $id } ),* ]
    };
}

/// The default region of a new simulated account: Asia Pacific (Seoul).
pub static AP_NORTHEAST_2: Region = Region {
    code: "ap-northeast-2",
    name: "Asia Pacific (Seoul)",
    zones: zones!("ap-northeast-2a" => "apne2-az1", "ap-northeast-2b" => "apne2-az2",
                  "ap-northeast-2c" => "apne2-az3", "ap-northeast-2d" => "apne2-az4"),
    public_ipv4_prefixes: &[
        "3.34.0.0/15",
        "3.36.0.0/14",
        "13.124.0.0/15",
        "15.164.0.0/15",
        "43.200.0.0/14",
        "52.78.0.0/15",
        "54.180.0.0/15",
    ],
    price_factor: 1.25,
    offers_m1: false,
    opt_in: false,
    geography: "Asia Pacific",
    country: "South Korea",
    city: "Seoul",
    services_not_available: &["Amazon Braket"],
};

/// When the region and edge data below were last checked.
pub const CATALOG_AS_OF: &str = "2026-01";

/// Every commercial region of the standard `aws` partition as of
/// [`CATALOG_AS_OF`] (34; the China, GovCloud and European Sovereign Cloud
/// partitions are separate and not listed). Regions launched after March
/// 2019 are opt-in. Zone ids of the newer regions follow AWS's
/// `<region-abbrev>-az<n>` scheme with `a` = `az1`; public IPv4 prefixes and
/// price factors are representative, not exhaustive.
pub static REGIONS: &[Region] = &[
    Region {
        code: "us-east-1",
        name: "US East (N. Virginia)",
        zones: zones!("us-east-1a" => "use1-az6", "us-east-1b" => "use1-az1",
                      "us-east-1c" => "use1-az2", "us-east-1d" => "use1-az4",
                      "us-east-1e" => "use1-az3", "us-east-1f" => "use1-az5"),
        public_ipv4_prefixes: &[
            "3.80.0.0/12",
            "34.192.0.0/12",
            "44.192.0.0/11",
            "54.144.0.0/12",
            "52.0.0.0/15",
        ],
        price_factor: 1.0,
        offers_m1: true,
        opt_in: false,
        geography: "North America",
        country: "United States",
        city: "N. Virginia",
        services_not_available: &[],
    },
    Region {
        code: "us-east-2",
        name: "US East (Ohio)",
        zones: zones!("us-east-2a" => "use2-az1", "us-east-2b" => "use2-az2",
                      "us-east-2c" => "use2-az3"),
        public_ipv4_prefixes: &["3.128.0.0/12", "18.216.0.0/14", "52.14.0.0/16"],
        price_factor: 1.0,
        offers_m1: false,
        opt_in: false,
        geography: "North America",
        country: "United States",
        city: "Ohio",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "us-west-1",
        name: "US West (N. California)",
        zones: zones!("us-west-1a" => "usw1-az1", "us-west-1c" => "usw1-az3"),
        public_ipv4_prefixes: &["13.52.0.0/16", "54.176.0.0/15", "52.52.0.0/16"],
        price_factor: 1.19,
        offers_m1: true,
        opt_in: false,
        geography: "North America",
        country: "United States",
        city: "N. California",
        services_not_available: &[],
    },
    Region {
        code: "us-west-2",
        name: "US West (Oregon)",
        zones: zones!("us-west-2a" => "usw2-az1", "us-west-2b" => "usw2-az2",
                      "us-west-2c" => "usw2-az3", "us-west-2d" => "usw2-az4"),
        public_ipv4_prefixes: &["34.208.0.0/12", "44.224.0.0/11", "54.184.0.0/13"],
        price_factor: 1.0,
        offers_m1: true,
        opt_in: false,
        geography: "North America",
        country: "United States",
        city: "Oregon",
        services_not_available: &[],
    },
    Region {
        code: "ca-central-1",
        name: "Canada (Central)",
        zones: zones!("ca-central-1a" => "cac1-az1", "ca-central-1b" => "cac1-az2",
                      "ca-central-1d" => "cac1-az4"),
        public_ipv4_prefixes: &["3.96.0.0/14", "15.222.0.0/15", "35.182.0.0/15"],
        price_factor: 1.11,
        offers_m1: false,
        opt_in: false,
        geography: "North America",
        country: "Canada",
        city: "Montréal",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "eu-west-1",
        name: "Europe (Ireland)",
        zones: zones!("eu-west-1a" => "euw1-az1", "eu-west-1b" => "euw1-az2",
                      "eu-west-1c" => "euw1-az3"),
        public_ipv4_prefixes: &["34.240.0.0/13", "52.208.0.0/13", "54.72.0.0/15"],
        price_factor: 1.09,
        offers_m1: true,
        opt_in: false,
        geography: "Europe",
        country: "Ireland",
        city: "Dublin",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "eu-west-2",
        name: "Europe (London)",
        zones: zones!("eu-west-2a" => "euw2-az2", "eu-west-2b" => "euw2-az3",
                      "eu-west-2c" => "euw2-az1"),
        public_ipv4_prefixes: &["3.8.0.0/14", "18.130.0.0/16", "35.176.0.0/15"],
        price_factor: 1.14,
        offers_m1: false,
        opt_in: false,
        geography: "Europe",
        country: "United Kingdom",
        city: "London",
        services_not_available: &[],
    },
    Region {
        code: "eu-west-3",
        name: "Europe (Paris)",
        zones: zones!("eu-west-3a" => "euw3-az1", "eu-west-3b" => "euw3-az2",
                      "eu-west-3c" => "euw3-az3"),
        public_ipv4_prefixes: &["15.236.0.0/15", "35.180.0.0/16", "13.36.0.0/14"],
        price_factor: 1.14,
        offers_m1: false,
        opt_in: false,
        geography: "Europe",
        country: "France",
        city: "Paris",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "eu-central-1",
        name: "Europe (Frankfurt)",
        zones: zones!("eu-central-1a" => "euc1-az2", "eu-central-1b" => "euc1-az3",
                      "eu-central-1c" => "euc1-az1"),
        public_ipv4_prefixes: &["3.64.0.0/12", "18.184.0.0/15", "52.57.0.0/16"],
        price_factor: 1.15,
        offers_m1: false,
        opt_in: false,
        geography: "Europe",
        country: "Germany",
        city: "Frankfurt",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "eu-north-1",
        name: "Europe (Stockholm)",
        zones: zones!("eu-north-1a" => "eun1-az1", "eu-north-1b" => "eun1-az2",
                      "eu-north-1c" => "eun1-az3"),
        public_ipv4_prefixes: &["13.48.0.0/15", "16.170.0.0/15"],
        price_factor: 1.04,
        offers_m1: false,
        opt_in: false,
        geography: "Europe",
        country: "Sweden",
        city: "Stockholm",
        services_not_available: &[],
    },
    Region {
        code: "ap-northeast-1",
        name: "Asia Pacific (Tokyo)",
        zones: zones!("ap-northeast-1a" => "apne1-az4", "ap-northeast-1c" => "apne1-az1",
                      "ap-northeast-1d" => "apne1-az2"),
        public_ipv4_prefixes: &[
            "13.112.0.0/14",
            "18.176.0.0/15",
            "54.64.0.0/15",
            "52.192.0.0/15",
        ],
        price_factor: 1.30,
        offers_m1: true,
        opt_in: false,
        geography: "Asia Pacific",
        country: "Japan",
        city: "Tokyo",
        services_not_available: &["Amazon Braket"],
    },
    AP_NORTHEAST_2,
    Region {
        code: "ap-northeast-3",
        name: "Asia Pacific (Osaka)",
        zones: zones!("ap-northeast-3a" => "apne3-az3", "ap-northeast-3b" => "apne3-az1",
                      "ap-northeast-3c" => "apne3-az2"),
        public_ipv4_prefixes: &["13.208.0.0/16", "15.152.0.0/16"],
        price_factor: 1.30,
        offers_m1: false,
        opt_in: false,
        geography: "Asia Pacific",
        country: "Japan",
        city: "Osaka",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "ap-southeast-1",
        name: "Asia Pacific (Singapore)",
        zones: zones!("ap-southeast-1a" => "apse1-az1", "ap-southeast-1b" => "apse1-az2",
                      "ap-southeast-1c" => "apse1-az3"),
        public_ipv4_prefixes: &["13.212.0.0/15", "18.136.0.0/15", "54.169.0.0/16"],
        price_factor: 1.27,
        offers_m1: true,
        opt_in: false,
        geography: "Asia Pacific",
        country: "Singapore",
        city: "Singapore",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "ap-southeast-2",
        name: "Asia Pacific (Sydney)",
        zones: zones!("ap-southeast-2a" => "apse2-az1", "ap-southeast-2b" => "apse2-az3",
                      "ap-southeast-2c" => "apse2-az2"),
        public_ipv4_prefixes: &["3.24.0.0/14", "13.54.0.0/15", "54.252.0.0/16"],
        price_factor: 1.26,
        offers_m1: true,
        opt_in: false,
        geography: "Asia Pacific",
        country: "Australia",
        city: "Sydney",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "ap-south-1",
        name: "Asia Pacific (Mumbai)",
        zones: zones!("ap-south-1a" => "aps1-az1", "ap-south-1b" => "aps1-az3",
                      "ap-south-1c" => "aps1-az2"),
        public_ipv4_prefixes: &["3.6.0.0/15", "13.232.0.0/14", "65.0.0.0/14"],
        price_factor: 1.07,
        offers_m1: false,
        opt_in: false,
        geography: "Asia Pacific",
        country: "India",
        city: "Mumbai",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "sa-east-1",
        name: "South America (São Paulo)",
        zones: zones!("sa-east-1a" => "sae1-az1", "sa-east-1b" => "sae1-az2",
                      "sa-east-1c" => "sae1-az3"),
        public_ipv4_prefixes: &["18.228.0.0/16", "54.232.0.0/16", "177.71.128.0/17"],
        price_factor: 1.62,
        offers_m1: true,
        opt_in: false,
        geography: "South America",
        country: "Brazil",
        city: "São Paulo",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "af-south-1",
        name: "Africa (Cape Town)",
        zones: zones!("af-south-1a" => "afs1-az1", "af-south-1b" => "afs1-az2", "af-south-1c" => "afs1-az3"),
        public_ipv4_prefixes: &["13.244.0.0/15", "13.245.0.0/16"],
        price_factor: 1.19,
        offers_m1: false,
        opt_in: true,
        geography: "Africa",
        country: "South Africa",
        city: "Cape Town",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "ap-east-1",
        name: "Asia Pacific (Hong Kong)",
        zones: zones!("ap-east-1a" => "ape1-az1", "ap-east-1b" => "ape1-az2", "ap-east-1c" => "ape1-az3"),
        public_ipv4_prefixes: &["18.162.0.0/16", "18.163.0.0/16"],
        price_factor: 1.3,
        offers_m1: false,
        opt_in: true,
        geography: "Asia Pacific",
        country: "Hong Kong",
        city: "Hong Kong",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "ap-east-2",
        name: "Asia Pacific (Taipei)",
        zones: zones!("ap-east-2a" => "ape2-az1", "ap-east-2b" => "ape2-az2", "ap-east-2c" => "ape2-az3"),
        public_ipv4_prefixes: &["43.212.0.0/16"],
        price_factor: 1.25,
        offers_m1: false,
        opt_in: true,
        geography: "Asia Pacific",
        country: "Taiwan",
        city: "Taipei",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "ap-south-2",
        name: "Asia Pacific (Hyderabad)",
        zones: zones!("ap-south-2a" => "aps2-az1", "ap-south-2b" => "aps2-az2", "ap-south-2c" => "aps2-az3"),
        public_ipv4_prefixes: &["18.60.0.0/16"],
        price_factor: 1.07,
        offers_m1: false,
        opt_in: true,
        geography: "Asia Pacific",
        country: "India",
        city: "Hyderabad",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "ap-southeast-3",
        name: "Asia Pacific (Jakarta)",
        zones: zones!("ap-southeast-3a" => "apse3-az1", "ap-southeast-3b" => "apse3-az2", "ap-southeast-3c" => "apse3-az3"),
        public_ipv4_prefixes: &["108.136.0.0/16"],
        price_factor: 1.27,
        offers_m1: false,
        opt_in: true,
        geography: "Asia Pacific",
        country: "Indonesia",
        city: "Jakarta",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "ap-southeast-4",
        name: "Asia Pacific (Melbourne)",
        zones: zones!("ap-southeast-4a" => "apse4-az1", "ap-southeast-4b" => "apse4-az2", "ap-southeast-4c" => "apse4-az3"),
        public_ipv4_prefixes: &["16.50.0.0/16"],
        price_factor: 1.26,
        offers_m1: false,
        opt_in: true,
        geography: "Asia Pacific",
        country: "Australia",
        city: "Melbourne",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "ap-southeast-5",
        name: "Asia Pacific (Malaysia)",
        zones: zones!("ap-southeast-5a" => "apse5-az1", "ap-southeast-5b" => "apse5-az2", "ap-southeast-5c" => "apse5-az3"),
        public_ipv4_prefixes: &["43.216.0.0/16"],
        price_factor: 1.16,
        offers_m1: false,
        opt_in: true,
        geography: "Asia Pacific",
        country: "Malaysia",
        city: "Kuala Lumpur",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "ap-southeast-6",
        name: "Asia Pacific (New Zealand)",
        zones: zones!("ap-southeast-6a" => "apse6-az1", "ap-southeast-6b" => "apse6-az2", "ap-southeast-6c" => "apse6-az3"),
        public_ipv4_prefixes: &["43.217.0.0/16"],
        price_factor: 1.26,
        offers_m1: false,
        opt_in: true,
        geography: "Asia Pacific",
        country: "New Zealand",
        city: "Auckland",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "ap-southeast-7",
        name: "Asia Pacific (Thailand)",
        zones: zones!("ap-southeast-7a" => "apse7-az1", "ap-southeast-7b" => "apse7-az2", "ap-southeast-7c" => "apse7-az3"),
        public_ipv4_prefixes: &["43.208.0.0/16"],
        price_factor: 1.16,
        offers_m1: false,
        opt_in: true,
        geography: "Asia Pacific",
        country: "Thailand",
        city: "Bangkok",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "ca-west-1",
        name: "Canada West (Calgary)",
        zones: zones!("ca-west-1a" => "caw1-az1", "ca-west-1b" => "caw1-az2", "ca-west-1c" => "caw1-az3"),
        public_ipv4_prefixes: &["40.176.0.0/16"],
        price_factor: 1.11,
        offers_m1: false,
        opt_in: true,
        geography: "North America",
        country: "Canada",
        city: "Calgary",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "eu-central-2",
        name: "Europe (Zurich)",
        zones: zones!("eu-central-2a" => "euc2-az1", "eu-central-2b" => "euc2-az2", "eu-central-2c" => "euc2-az3"),
        public_ipv4_prefixes: &["16.62.0.0/15"],
        price_factor: 1.26,
        offers_m1: false,
        opt_in: true,
        geography: "Europe",
        country: "Switzerland",
        city: "Zurich",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "eu-south-1",
        name: "Europe (Milan)",
        zones: zones!("eu-south-1a" => "eus1-az1", "eu-south-1b" => "eus1-az2", "eu-south-1c" => "eus1-az3"),
        public_ipv4_prefixes: &["15.160.0.0/16", "15.161.0.0/16"],
        price_factor: 1.16,
        offers_m1: false,
        opt_in: true,
        geography: "Europe",
        country: "Italy",
        city: "Milan",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "eu-south-2",
        name: "Europe (Spain)",
        zones: zones!("eu-south-2a" => "eus2-az1", "eu-south-2b" => "eus2-az2", "eu-south-2c" => "eus2-az3"),
        public_ipv4_prefixes: &["18.100.0.0/16"],
        price_factor: 1.09,
        offers_m1: false,
        opt_in: true,
        geography: "Europe",
        country: "Spain",
        city: "Aragón",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "il-central-1",
        name: "Israel (Tel Aviv)",
        zones: zones!("il-central-1a" => "ilc1-az1", "il-central-1b" => "ilc1-az2", "il-central-1c" => "ilc1-az3"),
        public_ipv4_prefixes: &["51.16.0.0/16"],
        price_factor: 1.18,
        offers_m1: false,
        opt_in: true,
        geography: "Middle East",
        country: "Israel",
        city: "Tel Aviv",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "me-central-1",
        name: "Middle East (UAE)",
        zones: zones!("me-central-1a" => "mec1-az1", "me-central-1b" => "mec1-az2", "me-central-1c" => "mec1-az3"),
        public_ipv4_prefixes: &["3.28.0.0/15"],
        price_factor: 1.21,
        offers_m1: false,
        opt_in: true,
        geography: "Middle East",
        country: "United Arab Emirates",
        city: "UAE",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
    Region {
        code: "me-south-1",
        name: "Middle East (Bahrain)",
        zones: zones!("me-south-1a" => "mes1-az1", "me-south-1b" => "mes1-az2", "me-south-1c" => "mes1-az3"),
        public_ipv4_prefixes: &["15.184.0.0/16", "15.185.0.0/16"],
        price_factor: 1.21,
        offers_m1: false,
        opt_in: true,
        geography: "Middle East",
        country: "Bahrain",
        city: "Bahrain",
        services_not_available: &["Amazon Braket"],
    },
    Region {
        code: "mx-central-1",
        name: "Mexico (Central)",
        zones: zones!("mx-central-1a" => "mxc1-az1", "mx-central-1b" => "mxc1-az2", "mx-central-1c" => "mxc1-az3"),
        public_ipv4_prefixes: &["78.12.0.0/16"],
        price_factor: 1.14,
        offers_m1: false,
        opt_in: true,
        geography: "North America",
        country: "Mexico",
        city: "Querétaro",
        services_not_available: &["Amazon Braket", "AWS App Runner"],
    },
];

/// AWS's own summary of its edge network (CloudFront and Route 53 points of
/// presence), as AWS states it: "600+ points of presence in 100+ cities
/// across 50+ countries" (figures dated [`EdgeNetworkSummary::as_of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeNetworkSummary {
    /// Points of presence ("600+").
    pub points_of_presence: u32,
    /// Cities ("100+").
    pub cities: u32,
    /// Countries ("50+").
    pub countries: u32,
    /// When AWS stated these figures.
    pub as_of: &'static str,
}

/// The edge network in AWS's words.
pub const EDGE_NETWORK: EdgeNetworkSummary = EdgeNetworkSummary {
    points_of_presence: 600,
    cities: 100,
    countries: 50,
    as_of: "2025",
};

/// A city with CloudFront edge locations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeCity {
    /// The city.
    pub city: &'static str,
    /// The country.
    pub country: &'static str,
    /// The broad geography.
    pub geography: &'static str,
}

macro_rules! edges {
    ($( $city:literal, $country:literal, $geo:literal );* $(;)?) => {
        &[ $( EdgeCity { city: $city, country: $country, geography: $geo } ),* ]
    };
}

/// A representative (not complete) list of cities with edge locations.
pub static EDGE_CITIES: &[EdgeCity] = edges![
    "Seoul", "South Korea", "Asia Pacific";
    "Tokyo", "Japan", "Asia Pacific";
    "Osaka", "Japan", "Asia Pacific";
    "Taipei", "Taiwan", "Asia Pacific";
    "Hong Kong", "Hong Kong", "Asia Pacific";
    "Singapore", "Singapore", "Asia Pacific";
    "Kuala Lumpur", "Malaysia", "Asia Pacific";
    "Bangkok", "Thailand", "Asia Pacific";
    "Jakarta", "Indonesia", "Asia Pacific";
    "Manila", "Philippines", "Asia Pacific";
    "Mumbai", "India", "Asia Pacific";
    "Chennai", "India", "Asia Pacific";
    "New Delhi", "India", "Asia Pacific";
    "Sydney", "Australia", "Asia Pacific";
    "Melbourne", "Australia", "Asia Pacific";
    "Auckland", "New Zealand", "Asia Pacific";
    "Frankfurt", "Germany", "Europe";
    "London", "United Kingdom", "Europe";
    "Paris", "France", "Europe";
    "Amsterdam", "Netherlands", "Europe";
    "Dublin", "Ireland", "Europe";
    "Madrid", "Spain", "Europe";
    "Milan", "Italy", "Europe";
    "Stockholm", "Sweden", "Europe";
    "Warsaw", "Poland", "Europe";
    "Zurich", "Switzerland", "Europe";
    "Ashburn", "United States", "North America";
    "New York", "United States", "North America";
    "Chicago", "United States", "North America";
    "Dallas", "United States", "North America";
    "Los Angeles", "United States", "North America";
    "Seattle", "United States", "North America";
    "Miami", "United States", "North America";
    "Toronto", "Canada", "North America";
    "Montréal", "Canada", "North America";
    "Mexico City", "Mexico", "North America";
    "São Paulo", "Brazil", "South America";
    "Buenos Aires", "Argentina", "South America";
    "Santiago", "Chile", "South America";
    "Bogotá", "Colombia", "South America";
    "Johannesburg", "South Africa", "Africa";
    "Cape Town", "South Africa", "Africa";
    "Nairobi", "Kenya", "Africa";
    "Lagos", "Nigeria", "Africa";
    "Dubai", "United Arab Emirates", "Middle East";
    "Tel Aviv", "Israel", "Middle East";
    "Manama", "Bahrain", "Middle East";
];

/// The region with this code, if AWS has it (commercial regions only).
pub fn region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

/// One AWS service as AWS's public Systems Manager parameters name it
/// (`/aws/service/global-infrastructure/services/<id>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The service id, e.g. `braket`.
    pub id: &'static str,
    /// Its long name, e.g. `Amazon Braket`.
    pub name: &'static str,
}

/// The services the lab's catalogue knows, by id. **Simplified**: AWS lists
/// over 300; these are the ones the course uses or names, and a region offers
/// each of them unless [`Region::services_not_available`] says otherwise.
pub static SERVICES: &[Service] = &[
    Service {
        id: "apprunner",
        name: "AWS App Runner",
    },
    Service {
        id: "braket",
        name: "Amazon Braket",
    },
    Service {
        id: "budgets",
        name: "AWS Budgets",
    },
    Service {
        id: "cloudfront",
        name: "Amazon CloudFront",
    },
    Service {
        id: "cloudwatch",
        name: "Amazon CloudWatch",
    },
    Service {
        id: "dynamodb",
        name: "Amazon DynamoDB",
    },
    Service {
        id: "ebs",
        name: "Amazon Elastic Block Store (EBS)",
    },
    Service {
        id: "ec2",
        name: "Amazon Elastic Compute Cloud (EC2)",
    },
    Service {
        id: "elb",
        name: "Elastic Load Balancing",
    },
    Service {
        id: "iam",
        name: "AWS Identity and Access Management (IAM)",
    },
    Service {
        id: "lambda",
        name: "AWS Lambda",
    },
    Service {
        id: "rds",
        name: "Amazon Relational Database Service (RDS)",
    },
    Service {
        id: "route53",
        name: "Amazon Route 53",
    },
    Service {
        id: "s3",
        name: "Amazon Simple Storage Service (S3)",
    },
    Service {
        id: "ssm",
        name: "AWS Systems Manager",
    },
    Service {
        id: "vpc",
        name: "Amazon Virtual Private Cloud (VPC)",
    },
];

/// The service with this id, if the catalogue has it.
pub fn service(id: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.id == id)
}

/// ISO 3166 alpha-2 code of the country each region is in, by region code
/// (what `/aws/service/global-infrastructure/regions/<code>/geolocationCountry` holds).
static REGION_COUNTRY_CODES: &[(&str, &str)] = &[
    ("us-east-1", "US"),
    ("us-east-2", "US"),
    ("us-west-1", "US"),
    ("us-west-2", "US"),
    ("ca-central-1", "CA"),
    ("ca-west-1", "CA"),
    ("mx-central-1", "MX"),
    ("sa-east-1", "BR"),
    ("eu-west-1", "IE"),
    ("eu-west-2", "GB"),
    ("eu-west-3", "FR"),
    ("eu-central-1", "DE"),
    ("eu-central-2", "CH"),
    ("eu-north-1", "SE"),
    ("eu-south-1", "IT"),
    ("eu-south-2", "ES"),
    ("af-south-1", "ZA"),
    ("il-central-1", "IL"),
    ("me-south-1", "BH"),
    ("me-central-1", "AE"),
    ("ap-northeast-1", "JP"),
    ("ap-northeast-2", "KR"),
    ("ap-northeast-3", "JP"),
    ("ap-east-1", "HK"),
    ("ap-east-2", "TW"),
    ("ap-south-1", "IN"),
    ("ap-south-2", "IN"),
    ("ap-southeast-1", "SG"),
    ("ap-southeast-2", "AU"),
    ("ap-southeast-3", "ID"),
    ("ap-southeast-4", "AU"),
    ("ap-southeast-5", "MY"),
    ("ap-southeast-6", "NZ"),
    ("ap-southeast-7", "TH"),
];

/// Member states of the European Union among the region countries.
const EU_COUNTRY_CODES: &[&str] = &["DE", "ES", "FR", "IE", "IT", "SE"];

impl Region {
    /// The DNS suffix of private host names: `ec2.internal` in us-east-1,
    /// `<region>.compute.internal` elsewhere.
    pub fn private_dns_suffix(&self) -> String {
        if self.code == "us-east-1" {
            "ec2.internal".to_string()
        } else {
            format!("{}.compute.internal", self.code)
        }
    }

    /// The DNS suffix of public host names: `compute-1.amazonaws.com` in
    /// us-east-1, `<region>.compute.amazonaws.com` elsewhere.
    pub fn public_dns_suffix(&self) -> String {
        if self.code == "us-east-1" {
            "compute-1.amazonaws.com".to_string()
        } else {
            format!("{}.compute.amazonaws.com", self.code)
        }
    }

    /// The zone with this name, if the region has it.
    pub fn zone(&self, name: &str) -> Option<&'static AvailabilityZone> {
        self.zones.iter().find(|z| z.name == name)
    }

    /// ISO 3166 alpha-2 code of the country the region is in (`KR`).
    pub fn country_code(&self) -> Option<&'static str> {
        REGION_COUNTRY_CODES
            .iter()
            .find(|(code, _)| *code == self.code)
            .map(|(_, country)| *country)
    }

    /// Whether the region is in a member state of the European Union.
    pub fn in_european_union(&self) -> bool {
        self.country_code()
            .is_some_and(|c| EU_COUNTRY_CODES.contains(&c))
    }

    /// Whether the region offers the service with this id (see [`SERVICES`]).
    pub fn offers(&self, service_id: &str) -> bool {
        service(service_id).is_some_and(|s| !self.services_not_available.contains(&s.name))
    }
}

/// CPU architecture of an AMI or an instance type (`ArchitectureValues`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Architecture {
    /// `x86_64`.
    #[serde(rename = "x86_64")]
    X86_64,
    /// `arm64`.
    #[serde(rename = "arm64")]
    Arm64,
}

impl Architecture {
    /// AWS's spelling: `x86_64` or `arm64`.
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// The operating system family of an AMI, which decides the guest's default user,
/// package manager and packages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OsFamily {
    /// Amazon Linux 2023.
    AmazonLinux2023,
    /// Ubuntu Server 24.04 LTS (Noble Numbat).
    Ubuntu2404,
    /// Ubuntu Server 22.04 LTS (Jammy Jellyfish).
    Ubuntu2204,
    /// Debian 12 (Bookworm).
    Debian12,
    /// Red Hat Enterprise Linux 9.
    Rhel9,
    /// Microsoft Windows Server 2022.
    WindowsServer2022,
}

/// How an OS installs software.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PackageManager {
    /// `dnf` (Amazon Linux 2023, RHEL 9).
    Dnf,
    /// `apt` / `apt-get` (Ubuntu, Debian).
    Apt,
    /// No Unix package manager (Windows).
    None,
}

impl OsFamily {
    /// The root file system's type (`xfs` on Amazon Linux and RHEL, `ext4` on
    /// Ubuntu and Debian).
    pub fn root_fs_type(self) -> &'static str {
        match self {
            OsFamily::AmazonLinux2023 | OsFamily::Rhel9 => "xfs",
            OsFamily::WindowsServer2022 => "ntfs",
            _ => "ext4",
        }
    }

    /// About how much of the root volume a fresh install uses, MiB.
    pub fn base_disk_used_mib(self) -> u32 {
        match self {
            OsFamily::AmazonLinux2023 => 1_600,
            OsFamily::Rhel9 => 2_100,
            OsFamily::Debian12 => 1_100,
            OsFamily::WindowsServer2022 => 15_000,
            _ => 1_900,
        }
    }

    /// The user to log in as with ssh (`ec2-user`, `ubuntu`, `admin`, `Administrator`).
    pub fn default_user(self) -> &'static str {
        match self {
            OsFamily::AmazonLinux2023 | OsFamily::Rhel9 => "ec2-user",
            OsFamily::Ubuntu2404 | OsFamily::Ubuntu2204 => "ubuntu",
            OsFamily::Debian12 => "admin",
            OsFamily::WindowsServer2022 => "Administrator",
        }
    }

    /// The package manager.
    pub fn package_manager(self) -> PackageManager {
        match self {
            OsFamily::AmazonLinux2023 | OsFamily::Rhel9 => PackageManager::Dnf,
            OsFamily::Ubuntu2404 | OsFamily::Ubuntu2204 | OsFamily::Debian12 => PackageManager::Apt,
            OsFamily::WindowsServer2022 => PackageManager::None,
        }
    }

    /// The package that provides the Apache web server (`httpd` or `apache2`).
    pub fn web_server_package(self) -> Option<&'static str> {
        match self.package_manager() {
            PackageManager::Dnf => Some("httpd"),
            PackageManager::Apt => Some("apache2"),
            PackageManager::None => None,
        }
    }

    /// Whether the instance is reached with ssh (Linux) rather than RDP (Windows).
    pub fn uses_ssh(self) -> bool {
        self != OsFamily::WindowsServer2022
    }

    /// Whether this is Windows.
    pub fn is_windows(self) -> bool {
        self == OsFamily::WindowsServer2022
    }

    /// The name the OS shows for itself (`PRETTY_NAME` in /etc/os-release).
    pub fn pretty_name(self) -> &'static str {
        match self {
            OsFamily::AmazonLinux2023 => "Amazon Linux 2023.6.20241212",
            OsFamily::Ubuntu2404 => "Ubuntu 24.04.1 LTS",
            OsFamily::Ubuntu2204 => "Ubuntu 22.04.5 LTS",
            OsFamily::Debian12 => "Debian GNU/Linux 12 (bookworm)",
            OsFamily::Rhel9 => "Red Hat Enterprise Linux 9.5 (Plow)",
            OsFamily::WindowsServer2022 => "Microsoft Windows Server 2022 Datacenter",
        }
    }
}

/// A public AMI in one region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ami {
    /// `ami-` followed by 17 hex digits; differs per region, like AWS's.
    pub image_id: String,
    /// AWS's image name.
    pub name: String,
    /// AWS's image description.
    pub description: String,
    /// The publisher's account id.
    pub owner_id: &'static str,
    /// `amazon` for Amazon-owned images.
    pub owner_alias: Option<&'static str>,
    /// CPU architecture.
    pub architecture: Architecture,
    /// OS family.
    pub os: OsFamily,
    /// `Platform` (only `windows` is ever set).
    pub platform: Option<&'static str>,
    /// `PlatformDetails`, e.g. `Linux/UNIX`.
    pub platform_details: &'static str,
    /// `UsageOperation`, e.g. `RunInstances`.
    pub usage_operation: &'static str,
    /// Root device name, e.g. `/dev/xvda`.
    pub root_device_name: &'static str,
    /// Size of the root snapshot in GiB (the smallest allowed root volume).
    pub root_volume_size_gib: u32,
    /// Volume type of the root device mapping.
    pub root_volume_type: &'static str,
    /// Snapshot id of the root device.
    pub snapshot_id: String,
    /// `CreationDate` as AWS shows it.
    pub creation_date: &'static str,
    /// Whether the AMI sets `HttpTokens=required` (IMDSv2 only) by default.
    pub imds_v2_required: bool,
    /// `BootMode` (`uefi-preferred` or `legacy-bios`).
    pub boot_mode: &'static str,
}

impl Ami {
    /// The user to log in as with ssh.
    pub fn default_user(&self) -> &'static str {
        self.os.default_user()
    }
}

struct AmiTemplate {
    name: &'static str,
    description: &'static str,
    owner_id: &'static str,
    owner_alias: Option<&'static str>,
    architecture: Architecture,
    os: OsFamily,
    root_device_name: &'static str,
    root_volume_size_gib: u32,
    root_volume_type: &'static str,
    creation_date: &'static str,
    boot_mode: &'static str,
}

const AMAZON: &str = "137112412989";
const CANONICAL: &str = "099720109477";
const DEBIAN: &str = "136693071363";
const MICROSOFT: &str = "801119661308";
const REDHAT: &str = "309956199498";

static AMI_TEMPLATES: &[AmiTemplate] = &[
    AmiTemplate {
        name: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64",
        description: "Amazon Linux 2023 AMI 2023.6.20241212.0 x86_64 HVM kernel-6.1",
        owner_id: AMAZON,
        owner_alias: Some("amazon"),
        architecture: Architecture::X86_64,
        os: OsFamily::AmazonLinux2023,
        root_device_name: "/dev/xvda",
        root_volume_size_gib: 8,
        root_volume_type: "gp3",
        creation_date: "2024-12-12T19:45:20.000Z",
        boot_mode: "uefi-preferred",
    },
    AmiTemplate {
        name: "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64",
        description: "Amazon Linux 2023 AMI 2023.6.20241212.0 arm64 HVM kernel-6.1",
        owner_id: AMAZON,
        owner_alias: Some("amazon"),
        architecture: Architecture::Arm64,
        os: OsFamily::AmazonLinux2023,
        root_device_name: "/dev/xvda",
        root_volume_size_gib: 8,
        root_volume_type: "gp3",
        creation_date: "2024-12-12T19:45:21.000Z",
        boot_mode: "uefi",
    },
    AmiTemplate {
        name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241206",
        description: "Canonical, Ubuntu, 24.04, amd64 noble image",
        owner_id: CANONICAL,
        owner_alias: None,
        architecture: Architecture::X86_64,
        os: OsFamily::Ubuntu2404,
        root_device_name: "/dev/sda1",
        root_volume_size_gib: 8,
        root_volume_type: "gp3",
        creation_date: "2024-12-06T04:52:22.000Z",
        boot_mode: "uefi-preferred",
    },
    AmiTemplate {
        name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20241206",
        description: "Canonical, Ubuntu, 24.04, arm64 noble image",
        owner_id: CANONICAL,
        owner_alias: None,
        architecture: Architecture::Arm64,
        os: OsFamily::Ubuntu2404,
        root_device_name: "/dev/sda1",
        root_volume_size_gib: 8,
        root_volume_type: "gp3",
        creation_date: "2024-12-06T04:52:24.000Z",
        boot_mode: "uefi",
    },
    AmiTemplate {
        name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241206",
        description: "Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2024-12-06",
        owner_id: CANONICAL,
        owner_alias: None,
        architecture: Architecture::X86_64,
        os: OsFamily::Ubuntu2204,
        root_device_name: "/dev/sda1",
        root_volume_size_gib: 8,
        root_volume_type: "gp2",
        creation_date: "2024-12-06T06:20:11.000Z",
        boot_mode: "legacy-bios",
    },
    AmiTemplate {
        name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20241206",
        description: "Canonical, Ubuntu, 22.04 LTS, arm64 jammy image build on 2024-12-06",
        owner_id: CANONICAL,
        owner_alias: None,
        architecture: Architecture::Arm64,
        os: OsFamily::Ubuntu2204,
        root_device_name: "/dev/sda1",
        root_volume_size_gib: 8,
        root_volume_type: "gp2",
        creation_date: "2024-12-06T06:20:13.000Z",
        boot_mode: "uefi",
    },
    AmiTemplate {
        name: "debian-12-amd64-20241201-1948",
        description: "Debian 12 (20241201-1948)",
        owner_id: DEBIAN,
        owner_alias: None,
        architecture: Architecture::X86_64,
        os: OsFamily::Debian12,
        root_device_name: "/dev/xvda",
        root_volume_size_gib: 8,
        root_volume_type: "gp2",
        creation_date: "2024-12-01T20:04:07.000Z",
        boot_mode: "uefi-preferred",
    },
    AmiTemplate {
        name: "debian-12-arm64-20241201-1948",
        description: "Debian 12 (20241201-1948)",
        owner_id: DEBIAN,
        owner_alias: None,
        architecture: Architecture::Arm64,
        os: OsFamily::Debian12,
        root_device_name: "/dev/xvda",
        root_volume_size_gib: 8,
        root_volume_type: "gp2",
        creation_date: "2024-12-01T20:04:09.000Z",
        boot_mode: "uefi",
    },
    AmiTemplate {
        name: "RHEL-9.5.0_HVM-20241211-x86_64-0-Hourly2-GP3",
        description: "Provided by Red Hat, Inc.",
        owner_id: REDHAT,
        owner_alias: None,
        architecture: Architecture::X86_64,
        os: OsFamily::Rhel9,
        root_device_name: "/dev/sda1",
        root_volume_size_gib: 10,
        root_volume_type: "gp3",
        creation_date: "2024-12-11T15:33:52.000Z",
        boot_mode: "uefi-preferred",
    },
    AmiTemplate {
        name: "Windows_Server-2022-English-Full-Base-2024.12.13",
        description: "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
        owner_id: MICROSOFT,
        owner_alias: Some("amazon"),
        architecture: Architecture::X86_64,
        os: OsFamily::WindowsServer2022,
        root_device_name: "/dev/sda1",
        root_volume_size_gib: 30,
        root_volume_type: "gp2",
        creation_date: "2024-12-13T07:51:49.000Z",
        boot_mode: "uefi-preferred",
    },
];

/// Every public AMI the simulation offers in `region`, in a fixed order. Ids are
/// derived from the region and the image name, so they are stable across runs
/// and differ between regions, as AWS's do.
pub fn images(region: &str) -> Vec<Ami> {
    with_images(region, <[Ami]>::to_vec)
}

/// Runs `read` on the AMIs of `region`, made once per region and thread (they are a
/// pure function of the region; `describe-instances` looks one up per instance).
fn with_images<R>(region: &str, read: impl FnOnce(&[Ami]) -> R) -> R {
    thread_local! {
        static IMAGES: std::cell::RefCell<std::collections::HashMap<String, Vec<Ami>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    IMAGES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let images = cache
            .entry(region.to_string())
            .or_insert_with(|| make_images(region));
        read(images)
    })
}

fn make_images(region: &str) -> Vec<Ami> {
    AMI_TEMPLATES
        .iter()
        .map(|t| {
            let digest = digest::sha256(format!("{region}/{}", t.name).as_bytes());
            let snap = digest::sha256(format!("snapshot/{region}/{}", t.name).as_bytes());
            let (platform, platform_details, usage_operation) = match t.os {
                OsFamily::WindowsServer2022 => (Some("windows"), "Windows", "RunInstances:0002"),
                OsFamily::Rhel9 => (None, "Red Hat Enterprise Linux", "RunInstances:0010"),
                _ => (None, "Linux/UNIX", "RunInstances"),
            };
            Ami {
                image_id: format!("ami-0{}", &digest::hex(&digest, None)[..16]),
                name: t.name.to_string(),
                description: t.description.to_string(),
                owner_id: t.owner_id,
                owner_alias: t.owner_alias,
                architecture: t.architecture,
                os: t.os,
                platform,
                platform_details,
                usage_operation,
                root_device_name: t.root_device_name,
                root_volume_size_gib: t.root_volume_size_gib,
                root_volume_type: t.root_volume_type,
                snapshot_id: format!("snap-0{}", &digest::hex(&snap, None)[..16]),
                creation_date: t.creation_date,
                imds_v2_required: t.os == OsFamily::AmazonLinux2023,
                boot_mode: t.boot_mode,
            }
        })
        .collect()
}

/// The AMI with this id in `region`.
pub fn image(region: &str, image_id: &str) -> Option<Ami> {
    with_images(region, |images| {
        images.iter().find(|a| a.image_id == image_id).cloned()
    })
}

/// The AMI of `os` and `architecture` in `region` (handy for tests and lessons).
pub fn image_for(region: &str, os: OsFamily, architecture: Architecture) -> Option<Ami> {
    with_images(region, |images| {
        images
            .iter()
            .find(|a| a.os == os && a.architecture == architecture)
            .cloned()
    })
}

/// Every instance type name EC2 accepts (botocore `InstanceType`).
pub fn instance_type_names() -> impl Iterator<Item = &'static str> {
    include_str!("../data/instance_types.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

/// Whether `name` is an instance type EC2 knows.
pub fn is_instance_type(name: &str) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| instance_type_names().collect())
        .contains(name)
}

/// What one instance type offers.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceTypeInfo {
    /// The type name, e.g. `t3.micro`.
    pub name: String,
    /// Default vCPUs.
    pub vcpus: u32,
    /// Memory in MiB, when known.
    pub memory_mib: Option<u32>,
    /// Linux on-demand price per hour in us-east-1 (USD), when known.
    pub price_per_hour_usd: Option<f64>,
    /// Whether the type counts for the AWS Free Tier.
    pub free_tier_eligible: bool,
    /// Supported architecture.
    pub architecture: Architecture,
    /// Burstable performance (T family).
    pub burstable: bool,
    /// Whether it is a current-generation type.
    pub current_generation: bool,
    /// The On-Demand vCPU quota bucket it counts against.
    pub vcpu_bucket: VcpuBucket,
}

/// The On-Demand vCPU quota an instance type counts against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VcpuBucket {
    /// Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances.
    Standard,
    /// Every other bucket (G and VT, P, X, F, Inf, DL, Trn, high memory ...).
    Other,
}

impl VcpuBucket {
    /// The default quota of a new account, in vCPUs.
    pub fn default_limit(self) -> u32 {
        match self {
            VcpuBucket::Standard => 32,
            VcpuBucket::Other => 0,
        }
    }
}

/// (name, vCPUs, memory MiB, us-east-1 Linux price per hour).
static KNOWN_TYPES: &[(&str, u32, u32, f64)] = &[
    ("m1.small", 1, 1_740, 0.044),
    ("t2.nano", 1, 512, 0.0058),
    ("t2.micro", 1, 1_024, 0.0116),
    ("t2.small", 1, 2_048, 0.023),
    ("t2.medium", 2, 4_096, 0.0464),
    ("t2.large", 2, 8_192, 0.0928),
    ("t2.xlarge", 4, 16_384, 0.1856),
    ("t2.2xlarge", 8, 32_768, 0.3712),
    ("t3.nano", 2, 512, 0.0052),
    ("t3.micro", 2, 1_024, 0.0104),
    ("t3.small", 2, 2_048, 0.0208),
    ("t3.medium", 2, 4_096, 0.0416),
    ("t3.large", 2, 8_192, 0.0832),
    ("t3.xlarge", 4, 16_384, 0.1664),
    ("t3.2xlarge", 8, 32_768, 0.3328),
    ("t3a.nano", 2, 512, 0.0047),
    ("t3a.micro", 2, 1_024, 0.0094),
    ("t3a.small", 2, 2_048, 0.0188),
    ("t3a.medium", 2, 4_096, 0.0376),
    ("t3a.large", 2, 8_192, 0.0752),
    ("t3a.xlarge", 4, 16_384, 0.1504),
    ("t3a.2xlarge", 8, 32_768, 0.3008),
    ("t4g.nano", 2, 512, 0.0042),
    ("t4g.micro", 2, 1_024, 0.0084),
    ("t4g.small", 2, 2_048, 0.0168),
    ("t4g.medium", 2, 4_096, 0.0336),
    ("t4g.large", 2, 8_192, 0.0672),
    ("t4g.xlarge", 4, 16_384, 0.1344),
    ("t4g.2xlarge", 8, 32_768, 0.2688),
    ("m5.large", 2, 8_192, 0.096),
    ("m5.xlarge", 4, 16_384, 0.192),
    ("m5.2xlarge", 8, 32_768, 0.384),
    ("m5.4xlarge", 16, 65_536, 0.768),
    ("m6i.large", 2, 8_192, 0.096),
    ("m6i.xlarge", 4, 16_384, 0.192),
    ("m6i.2xlarge", 8, 32_768, 0.384),
    ("m6i.4xlarge", 16, 65_536, 0.768),
    ("m7i.large", 2, 8_192, 0.1008),
    ("m7i.xlarge", 4, 16_384, 0.2016),
    ("m7i.2xlarge", 8, 32_768, 0.4032),
    ("m7i.4xlarge", 16, 65_536, 0.8064),
    ("m7i-flex.large", 2, 8_192, 0.09576),
    ("c5.large", 2, 4_096, 0.085),
    ("c5.xlarge", 4, 8_192, 0.17),
    ("c5.2xlarge", 8, 16_384, 0.34),
    ("c5.4xlarge", 16, 32_768, 0.68),
    ("c6i.large", 2, 4_096, 0.085),
    ("c6i.xlarge", 4, 8_192, 0.17),
    ("c6i.2xlarge", 8, 16_384, 0.34),
    ("c6i.4xlarge", 16, 32_768, 0.68),
    ("c7i.large", 2, 4_096, 0.08925),
    ("c7i.xlarge", 4, 8_192, 0.1785),
    ("c7i.2xlarge", 8, 16_384, 0.357),
    ("c7i.4xlarge", 16, 32_768, 0.714),
    ("c7i-flex.large", 2, 4_096, 0.08479),
    ("r5.large", 2, 16_384, 0.126),
    ("r5.xlarge", 4, 32_768, 0.252),
    ("r5.2xlarge", 8, 65_536, 0.504),
    ("r5.4xlarge", 16, 131_072, 1.008),
    ("r6i.large", 2, 16_384, 0.126),
    ("r6i.xlarge", 4, 32_768, 0.252),
    ("r6i.2xlarge", 8, 65_536, 0.504),
    ("r6i.4xlarge", 16, 131_072, 1.008),
];

/// Types in the AWS Free Tier for accounts created after 15 July 2025.
static FREE_TIER: &[&str] = &[
    "t3.micro",
    "t3.small",
    "t4g.micro",
    "t4g.small",
    "c7i-flex.large",
    "m7i-flex.large",
];

/// What `name` offers, or `None` if EC2 has no such type. Types outside the
/// priced table get an estimate from their size (vCPUs) and no price.
pub fn instance_type(name: &str) -> Option<InstanceTypeInfo> {
    if !is_instance_type(name) {
        return None;
    }
    Some(describe_type(name))
}

/// Every instance type EC2 knows, with what it offers, in botocore's order.
pub fn instance_types() -> impl Iterator<Item = InstanceTypeInfo> {
    instance_type_names().map(describe_type)
}

fn describe_type(name: &str) -> InstanceTypeInfo {
    let (family, size) = name.split_once('.').unwrap_or((name, ""));
    let known = KNOWN_TYPES.iter().find(|(n, ..)| *n == name);
    let vcpus = known.map(|k| k.1).unwrap_or_else(|| vcpus_for_size(size));
    InstanceTypeInfo {
        name: name.to_string(),
        vcpus,
        memory_mib: known.map(|k| k.2),
        price_per_hour_usd: known.map(|k| k.3),
        free_tier_eligible: FREE_TIER.contains(&name),
        architecture: architecture_of_family(family),
        burstable: family.starts_with('t'),
        current_generation: !matches!(
            family,
            "m1" | "m2" | "m3" | "c1" | "c3" | "t1" | "cc2" | "cr1" | "hs1" | "g2" | "i2" | "r3"
        ),
        vcpu_bucket: bucket_of_family(family),
    }
}

fn vcpus_for_size(size: &str) -> u32 {
    match size {
        "nano" | "micro" | "small" | "medium" | "large" => 2,
        "xlarge" => 4,
        s if s.ends_with("xlarge") => s
            .trim_end_matches("xlarge")
            .parse::<u32>()
            .map(|n| n.saturating_mul(4))
            .unwrap_or(4),
        _ => 96,
    }
}

fn architecture_of_family(family: &str) -> Architecture {
    if family == "a1" || family.starts_with("mac2") {
        return Architecture::Arm64;
    }
    // Graviton families have a `g` right after the generation digit: t4g, m6gd, c7gn, im4gn.
    let bytes = family.as_bytes();
    let graviton = bytes
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'g');
    if graviton {
        Architecture::Arm64
    } else {
        Architecture::X86_64
    }
}

fn bucket_of_family(family: &str) -> VcpuBucket {
    let letters: String = family
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    match letters.as_str() {
        "a" | "c" | "d" | "h" | "i" | "im" | "is" | "m" | "r" | "t" | "z" => VcpuBucket::Standard,
        _ => VcpuBucket::Other,
    }
}

/// EBS storage price per GB-month in us-east-1 (USD) for a volume type.
pub fn ebs_price_per_gb_month(volume_type: &str) -> f64 {
    match volume_type {
        "gp3" => 0.08,
        "gp2" => 0.10,
        "io1" | "io2" => 0.125,
        "st1" => 0.045,
        "sc1" => 0.015,
        _ => 0.05,
    }
}

/// The price of one public IPv4 address per hour (in use or idle, since 1 Feb 2024).
pub const PUBLIC_IPV4_PRICE_PER_HOUR: f64 = 0.005;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_has_a_country_and_only_catalogued_services_are_missing() {
        for r in REGIONS {
            assert!(r.country_code().is_some(), "{} has no country", r.code);
            for missing in r.services_not_available {
                assert!(
                    SERVICES.iter().any(|s| s.name == *missing),
                    "{} lists {missing}, which is not in SERVICES",
                    r.code
                );
            }
        }
    }

    #[test]
    fn braket_runs_in_five_regions_and_one_of_them_is_in_the_eu() {
        let offering: Vec<_> = REGIONS
            .iter()
            .filter(|r| r.offers("braket"))
            .map(|r| r.code)
            .collect();
        assert_eq!(
            offering,
            [
                "us-east-1",
                "us-west-1",
                "us-west-2",
                "eu-west-2",
                "eu-north-1"
            ]
        );
        let in_eu: Vec<_> = REGIONS
            .iter()
            .filter(|r| r.offers("braket") && r.in_european_union())
            .map(|r| r.code)
            .collect();
        assert_eq!(in_eu, ["eu-north-1"]);
        assert!(region("ap-northeast-2").unwrap().offers("ec2"));
        assert!(!region("ap-northeast-2").unwrap().offers("no-such-service"));
    }

    #[test]
    fn seoul_has_four_zones_with_ids() {
        let r = region("ap-northeast-2").unwrap();
        assert_eq!(r.name, "Asia Pacific (Seoul)");
        let names: Vec<_> = r.zones.iter().map(|z| z.name).collect();
        assert_eq!(
            names,
            [
                "ap-northeast-2a",
                "ap-northeast-2b",
                "ap-northeast-2c",
                "ap-northeast-2d"
            ]
        );
        assert_eq!(r.zone("ap-northeast-2c").unwrap().zone_id, "apne2-az3");
        assert_eq!(r.private_dns_suffix(), "ap-northeast-2.compute.internal");
        assert_eq!(
            r.public_dns_suffix(),
            "ap-northeast-2.compute.amazonaws.com"
        );
    }

    #[test]
    fn us_east_1_uses_its_legacy_dns_names() {
        let r = region("us-east-1").unwrap();
        assert_eq!(r.private_dns_suffix(), "ec2.internal");
        assert_eq!(r.public_dns_suffix(), "compute-1.amazonaws.com");
    }

    #[test]
    fn regions_are_unique_and_well_formed() {
        assert!(REGIONS.len() >= 15);
        for (i, r) in REGIONS.iter().enumerate() {
            assert!(REGIONS[i + 1..].iter().all(|o| o.code != r.code));
            assert!(!r.zones.is_empty());
            for z in r.zones {
                assert!(z.name.starts_with(r.code));
            }
            assert!(!r.public_ipv4_prefixes.is_empty());
        }
        assert!(region("mars-north-1").is_none());
    }

    #[test]
    fn ami_ids_are_stable_and_per_region() {
        let seoul = images("ap-northeast-2");
        let again = images("ap-northeast-2");
        let virginia = images("us-east-1");
        assert_eq!(seoul, again);
        for (a, b) in seoul.iter().zip(&virginia) {
            assert_ne!(a.image_id, b.image_id);
            assert_eq!(a.name, b.name);
        }
        for a in &seoul {
            assert_eq!(a.image_id.len(), "ami-".len() + 17);
            assert!(a.image_id.starts_with("ami-0"));
        }
        let al = image_for(
            "ap-northeast-2",
            OsFamily::AmazonLinux2023,
            Architecture::X86_64,
        )
        .unwrap();
        assert_eq!(al.name, "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64");
        assert_eq!(al.default_user(), "ec2-user");
        assert!(al.imds_v2_required);
        assert_eq!(image("ap-northeast-2", &al.image_id), Some(al));
    }

    #[test]
    fn os_families_know_their_users_and_packages() {
        assert_eq!(OsFamily::Ubuntu2404.default_user(), "ubuntu");
        assert_eq!(OsFamily::Debian12.default_user(), "admin");
        assert_eq!(OsFamily::WindowsServer2022.default_user(), "Administrator");
        assert_eq!(OsFamily::Rhel9.web_server_package(), Some("httpd"));
        assert_eq!(OsFamily::Ubuntu2204.web_server_package(), Some("apache2"));
        assert!(!OsFamily::WindowsServer2022.uses_ssh());
    }

    #[test]
    fn instance_types() {
        let t3 = instance_type("t3.micro").unwrap();
        assert_eq!((t3.vcpus, t3.memory_mib), (2, Some(1_024)));
        assert!(t3.free_tier_eligible && t3.burstable);
        assert_eq!(t3.architecture, Architecture::X86_64);
        assert_eq!(
            instance_type("t4g.small").unwrap().architecture,
            Architecture::Arm64
        );
        assert_eq!(
            instance_type("c7gn.large").unwrap().architecture,
            Architecture::Arm64
        );
        assert_eq!(
            instance_type("g5.xlarge").unwrap().architecture,
            Architecture::X86_64
        );
        assert_eq!(instance_type("m5.24xlarge").unwrap().vcpus, 96);
        assert_eq!(
            instance_type("p4d.24xlarge").unwrap().vcpu_bucket,
            VcpuBucket::Other
        );
        assert_eq!(
            instance_type("m5.large").unwrap().vcpu_bucket,
            VcpuBucket::Standard
        );
        assert!(!instance_type("m1.small").unwrap().current_generation);
        assert!(instance_type("t9.huge").is_none());
    }

    #[test]
    fn regions_as_of_the_catalog_date() {
        assert_eq!(REGIONS.len(), 34);
        for (i, r) in REGIONS.iter().enumerate() {
            assert!(
                REGIONS.iter().skip(i + 1).all(|o| o.code != r.code),
                "{}",
                r.code
            );
            assert!(r.zones.len() >= 2, "{}", r.code);
            assert!(
                r.zones.iter().all(|z| z.name.starts_with(r.code)),
                "{}",
                r.code
            );
            assert!(!r.country.is_empty() && !r.geography.is_empty());
            assert!(r.price_factor >= 1.0);
        }
        for code in [
            "ap-southeast-5",
            "ap-southeast-7",
            "mx-central-1",
            "ap-east-2",
            "ca-west-1",
        ] {
            let r = region(code).unwrap();
            assert!(r.opt_in, "{code}");
        }
        assert!(!region("ap-northeast-2").unwrap().opt_in);
        assert_eq!(region("ap-northeast-2").unwrap().country, "South Korea");
        assert_eq!(region("us-east-1").unwrap().zones.len(), 6);
        assert!(EDGE_CITIES.iter().any(|e| e.city == "Seoul"));
        assert!(EDGE_CITIES.iter().all(|e| !e.country.is_empty()));
    }
}
