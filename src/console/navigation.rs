//! The console's navigation: one table per service, read by [`super::console_nav`].

use super::ConsolePage;

/// One entry of the navigation.
pub struct NavItem {
    /// The page it opens.
    pub page: ConsolePage,
    /// Its label, in English and Korean.
    pub label: (&'static str, &'static str),
    /// Its test id.
    pub test_id: &'static str,
}

/// A service's part of the navigation.
pub struct NavSection {
    /// The service's name, in English and Korean.
    pub title: (&'static str, &'static str),
    /// Its pages, in order.
    pub items: &'static [NavItem],
}

const fn item(
    page: ConsolePage,
    en: &'static str,
    ko: &'static str,
    test_id: &'static str,
) -> NavItem {
    NavItem {
        page,
        label: (en, ko),
        test_id,
    }
}

/// EC2's pages.
pub const EC2: NavSection = NavSection {
    title: ("EC2", "EC2"),
    items: &[
        item(
            ConsolePage::Instances,
            "Instances",
            "인스턴스",
            "console-instances",
        ),
        item(
            ConsolePage::Launch,
            "Launch instance",
            "인스턴스 시작",
            "console-launch",
        ),
        item(
            ConsolePage::KeyPairs,
            "Key pairs",
            "키 페어",
            "console-key-pairs",
        ),
        item(
            ConsolePage::SecurityGroups,
            "Security groups",
            "보안 그룹",
            "console-security-groups",
        ),
        item(ConsolePage::Images, "AMIs", "AMI", "console-images"),
        item(ConsolePage::Volumes, "Volumes", "볼륨", "console-volumes"),
        item(
            ConsolePage::Snapshots,
            "Snapshots",
            "스냅샷",
            "console-snapshots",
        ),
        item(
            ConsolePage::LoadBalancers,
            "Load balancers",
            "로드 밸런서",
            "console-load-balancers",
        ),
        item(
            ConsolePage::AutoScaling,
            "Auto Scaling groups",
            "Auto Scaling 그룹",
            "console-auto-scaling",
        ),
        item(ConsolePage::Pricing, "Pricing", "요금", "console-pricing"),
    ],
};

/// VPC's pages.
pub const VPC: NavSection = NavSection {
    title: ("VPC", "VPC"),
    items: &[
        item(ConsolePage::Vpcs, "Your VPCs", "내 VPC", "console-vpcs"),
        item(
            ConsolePage::NetworkMap,
            "Network map",
            "네트워크 지도",
            "console-network-map",
        ),
    ],
};

/// S3's pages.
pub const S3: NavSection = NavSection {
    title: ("S3", "S3"),
    items: &[item(
        ConsolePage::Buckets,
        "Buckets",
        "버킷",
        "console-buckets",
    )],
};

/// CloudFront's pages.
pub const CLOUDFRONT: NavSection = NavSection {
    title: ("CloudFront", "CloudFront"),
    items: &[item(
        ConsolePage::Distributions,
        "Distributions",
        "배포",
        "console-distributions",
    )],
};

/// RDS's pages.
pub const RDS: NavSection = NavSection {
    title: ("RDS", "RDS"),
    items: &[item(
        ConsolePage::Databases,
        "Databases",
        "데이터베이스",
        "console-databases",
    )],
};

/// DynamoDB's pages.
pub const DYNAMODB: NavSection = NavSection {
    title: ("DynamoDB", "DynamoDB"),
    items: &[
        item(ConsolePage::Tables, "Tables", "테이블", "console-tables"),
        item(
            ConsolePage::DaxClusters,
            "DAX clusters",
            "DAX 클러스터",
            "console-dax-clusters",
        ),
    ],
};

/// ElastiCache's pages.
pub const ELASTICACHE: NavSection = NavSection {
    title: ("ElastiCache", "ElastiCache"),
    items: &[item(
        ConsolePage::Caches,
        "Caches",
        "캐시",
        "console-caches",
    )],
};

/// Lambda's pages.
pub const LAMBDA: NavSection = NavSection {
    title: ("Lambda", "Lambda"),
    items: &[item(
        ConsolePage::Functions,
        "Functions",
        "함수",
        "console-functions",
    )],
};

/// API Gateway's pages.
pub const API_GATEWAY: NavSection = NavSection {
    title: ("API Gateway", "API Gateway"),
    items: &[item(
        ConsolePage::RestApis,
        "APIs",
        "API",
        "console-rest-apis",
    )],
};

/// CloudWatch's pages.
pub const CLOUDWATCH: NavSection = NavSection {
    title: ("CloudWatch", "CloudWatch"),
    items: &[
        item(ConsolePage::Alarms, "Alarms", "경보", "console-alarms"),
        item(
            ConsolePage::Dashboards,
            "Dashboards",
            "대시보드",
            "console-dashboards",
        ),
    ],
};

/// SNS's pages.
pub const SNS: NavSection = NavSection {
    title: ("SNS", "SNS"),
    items: &[
        item(ConsolePage::Topics, "Topics", "주제", "console-topics"),
        item(ConsolePage::Inbox, "Inbox", "받은 편지함", "console-inbox"),
    ],
};

/// Route 53's pages.
pub const ROUTE53: NavSection = NavSection {
    title: ("Route 53", "Route 53"),
    items: &[
        item(
            ConsolePage::HostedZones,
            "Hosted zones",
            "호스팅 영역",
            "console-hosted-zones",
        ),
        item(
            ConsolePage::HealthChecks,
            "Health checks",
            "상태 검사",
            "console-health-checks",
        ),
    ],
};

/// IAM's pages.
pub const IAM: NavSection = NavSection {
    title: ("IAM", "IAM"),
    items: &[
        item(
            ConsolePage::IamUsers,
            "Users",
            "사용자",
            "console-iam-users",
        ),
        item(
            ConsolePage::IamGroups,
            "User groups",
            "사용자 그룹",
            "console-iam-groups",
        ),
        item(
            ConsolePage::PolicyEditor,
            "Create policy",
            "정책 생성",
            "console-policy-editor",
        ),
        item(
            ConsolePage::PolicySimulator,
            "Policy simulator",
            "정책 시뮬레이터",
            "console-policy-simulator",
        ),
        item(
            ConsolePage::RootMfa,
            "Root user MFA",
            "루트 사용자 MFA",
            "console-root-mfa",
        ),
        item(
            ConsolePage::Authenticator,
            "MFA authenticator",
            "MFA 인증 관리자 앱",
            "console-authenticator",
        ),
    ],
};

/// Billing's pages.
pub const BILLING: NavSection = NavSection {
    title: ("Billing", "결제"),
    items: &[item(
        ConsolePage::Budgets,
        "Budgets",
        "예산",
        "console-budgets",
    )],
};

/// Every service's section, in the order the console lists them.
pub const SECTIONS: &[NavSection] = &[
    EC2,
    VPC,
    S3,
    CLOUDFRONT,
    RDS,
    DYNAMODB,
    ELASTICACHE,
    LAMBDA,
    API_GATEWAY,
    CLOUDWATCH,
    SNS,
    ROUTE53,
    IAM,
    BILLING,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_exactly_one_entry() {
        let pages: Vec<ConsolePage> = SECTIONS
            .iter()
            .flat_map(|s| s.items.iter().map(|i| i.page))
            .collect();
        for page in ConsolePage::ALL {
            assert_eq!(pages.iter().filter(|p| *p == page).count(), 1, "{page:?}");
        }
        assert_eq!(pages.len(), ConsolePage::ALL.len());
    }
}
