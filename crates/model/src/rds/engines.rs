//! The engines, versions and instance classes the lab offers, as dated data
//! (AWS's RDS release calendars, read 2026-08-22): MySQL 8.4 is the default
//! since 8.0 left standard support on 2026-07-31; PostgreSQL 16 to 18.

/// One engine version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineVersion {
    /// `mysql` or `postgres`.
    pub engine: &'static str,
    /// `8.4.10`.
    pub version: &'static str,
    /// The parameter group family (`mysql8.4`).
    pub family: &'static str,
    /// When RDS released the major version.
    pub major_released: &'static str,
    /// When its standard support ends.
    pub standard_support_ends: &'static str,
}

/// Every version offered, the default of each engine first.
pub const ENGINE_VERSIONS: &[EngineVersion] = &[
    EngineVersion {
        engine: "mysql",
        version: "8.4.10",
        family: "mysql8.4",
        major_released: "2024-11-21",
        standard_support_ends: "2029-07-31",
    },
    EngineVersion {
        engine: "mysql",
        version: "8.0.46",
        family: "mysql8.0",
        major_released: "2018-10-23",
        standard_support_ends: "2026-07-31",
    },
    EngineVersion {
        engine: "postgres",
        version: "18.4",
        family: "postgres18",
        major_released: "2025-11-14",
        standard_support_ends: "2031-02-28",
    },
    EngineVersion {
        engine: "postgres",
        version: "17.10",
        family: "postgres17",
        major_released: "2024-11-14",
        standard_support_ends: "2030-02-28",
    },
    EngineVersion {
        engine: "postgres",
        version: "16.14",
        family: "postgres16",
        major_released: "2023-11-17",
        standard_support_ends: "2029-02-28",
    },
];

/// The version `version` of `engine` (a major version such as `8.4` or `17`
/// names its newest minor), or the engine's default when `None`.
pub fn engine_version(engine: &str, version: Option<&str>) -> Option<&'static EngineVersion> {
    let mut offered = ENGINE_VERSIONS.iter().filter(|v| v.engine == engine);
    match version {
        None => offered.next(),
        Some(wanted) => {
            offered.find(|v| v.version == wanted || v.version.starts_with(&format!("{wanted}.")))
        }
    }
}

/// The engine's port.
pub fn default_port(engine: &str) -> u16 {
    if engine == "postgres" { 5432 } else { 3306 }
}

/// An instance class and its On-Demand Single-AZ price per hour, in us-east-1
/// and in Seoul. The us-east-1 figures are AWS's list prices; the Seoul figures
/// come from published bills and price tables, not AWS's page itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InstanceClass {
    /// `db.t3.micro`.
    pub name: &'static str,
    /// USD per hour in us-east-1.
    pub us_east_1: f64,
    /// USD per hour in ap-northeast-2.
    pub seoul: f64,
    /// Memory, GiB.
    pub memory_gib: u64,
}

/// The classes the lab offers (burstable ones: what a first database uses).
pub const INSTANCE_CLASSES: &[InstanceClass] = &[
    InstanceClass {
        name: "db.t3.micro",
        us_east_1: 0.017,
        seoul: 0.026,
        memory_gib: 1,
    },
    InstanceClass {
        name: "db.t4g.micro",
        us_east_1: 0.016,
        seoul: 0.025,
        memory_gib: 1,
    },
    InstanceClass {
        name: "db.t3.small",
        us_east_1: 0.034,
        seoul: 0.052,
        memory_gib: 2,
    },
    InstanceClass {
        name: "db.t4g.small",
        us_east_1: 0.032,
        seoul: 0.049,
        memory_gib: 2,
    },
];

/// The class `name`.
pub fn instance_class(name: &str) -> Option<&'static InstanceClass> {
    INSTANCE_CLASSES.iter().find(|c| c.name == name)
}

/// General Purpose SSD storage per GB-month (gp2 and gp3 cost the same).
pub fn storage_price_per_gb_month(region: &str) -> f64 {
    if region == "us-east-1" { 0.115 } else { 0.131 }
}
