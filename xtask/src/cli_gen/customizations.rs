//! What the AWS CLI changes in an operation's options on top of botocore's model
//! (`awscli/customizations/`): options it adds, which the terminal turns into
//! request members itself (their member names start with `@`), and members it
//! takes away. Every added option must be handled in the terminal's hook for the
//! service (`ec2::apply_custom`, `iam::prepare`).

/// An option the CLI adds.
pub struct Added {
    /// The option without dashes (`count`).
    pub name: &'static str,
    /// A boolean flag (`--associate-public-ip-address`), or an option with a value.
    pub flag: bool,
    /// Whether the CLI requires it.
    pub required: bool,
    /// Whether it takes several values (`--paths /a /b`).
    pub many: bool,
}

/// The CLI's changes to one operation.
pub struct Customization {
    /// botocore's service name (`ec2`).
    pub service: &'static str,
    /// The API operation (`RunInstances`).
    pub operation: &'static str,
    /// Options appended after the model's, in this order.
    pub added: &'static [Added],
    /// Model members the CLI does not offer.
    pub removed: &'static [&'static str],
    /// Required model members the CLI makes optional (its added options fill them).
    pub optional: &'static [&'static str],
}

const fn value(name: &'static str) -> Added {
    Added {
        name,
        flag: false,
        required: false,
        many: false,
    }
}

const fn values(name: &'static str) -> Added {
    Added {
        name,
        flag: false,
        required: false,
        many: true,
    }
}

const fn required(name: &'static str) -> Added {
    Added {
        name,
        flag: false,
        required: true,
        many: false,
    }
}

const fn flag(name: &'static str) -> Added {
    Added {
        name,
        flag: true,
        required: false,
        many: false,
    }
}

/// `awscli/customizations/ec2/secgroupsimplify.py`.
const SECURITY_GROUP_SHORTCUTS: &[Added] = &[
    value("protocol"),
    value("port"),
    value("cidr"),
    value("source-group"),
    value("group-owner"),
];

/// Every customization the terminal implements.
pub const CUSTOMIZATIONS: &[Customization] = &[
    // `awscli/customizations/ec2/addcount.py` replaces the two counts with
    // `--count min[:max]`; `runinstances.py` adds the public-address flag.
    Customization {
        service: "ec2",
        operation: "RunInstances",
        added: &[value("count"), flag("associate-public-ip-address")],
        removed: &["MinCount", "MaxCount"],
        optional: &[],
    },
    Customization {
        service: "ec2",
        operation: "AuthorizeSecurityGroupIngress",
        added: SECURITY_GROUP_SHORTCUTS,
        removed: &[],
        optional: &[],
    },
    Customization {
        service: "ec2",
        operation: "AuthorizeSecurityGroupEgress",
        added: SECURITY_GROUP_SHORTCUTS,
        removed: &[],
        optional: &[],
    },
    Customization {
        service: "ec2",
        operation: "RevokeSecurityGroupIngress",
        added: SECURITY_GROUP_SHORTCUTS,
        removed: &[],
        optional: &[],
    },
    Customization {
        service: "ec2",
        operation: "RevokeSecurityGroupEgress",
        added: SECURITY_GROUP_SHORTCUTS,
        removed: &[],
        optional: &[],
    },
    // `awscli/customizations/iamvirtmfa.py` writes the seed or QR code to a file.
    Customization {
        service: "iam",
        operation: "CreateVirtualMFADevice",
        added: &[required("outfile"), required("bootstrap-method")],
        removed: &[],
        optional: &[],
    },
    // `awscli/customizations/cloudfront.py`: a distribution from one origin's
    // domain name, a default root object set without the whole configuration,
    // and invalidations from a list of paths.
    Customization {
        service: "cloudfront",
        operation: "CreateDistribution",
        added: &[value("origin-domain-name"), value("default-root-object")],
        removed: &[],
        optional: &["DistributionConfig"],
    },
    Customization {
        service: "cloudfront",
        operation: "UpdateDistribution",
        added: &[value("default-root-object")],
        removed: &[],
        optional: &["DistributionConfig"],
    },
    Customization {
        service: "cloudfront",
        operation: "CreateInvalidation",
        added: &[values("paths")],
        removed: &[],
        optional: &["InvalidationBatch"],
    },
    // `awscli/customizations/awslambda.py`: `--zip-file fileb://function.zip`
    // fills `Code.ZipFile`, and `invoke` writes the response payload to a file
    // named after its options (`outfile`, positional in the CLI).
    Customization {
        service: "lambda",
        operation: "CreateFunction",
        added: &[value("zip-file")],
        removed: &[],
        optional: &["Code"],
    },
    Customization {
        service: "lambda",
        operation: "Invoke",
        added: &[required("outfile")],
        removed: &[],
        optional: &[],
    },
    // `awscli/customizations/argrename.py`: `sns subscribe --endpoint` is
    // `--notification-endpoint` (`--endpoint` would read like `--endpoint-url`).
    Customization {
        service: "sns",
        operation: "Subscribe",
        added: &[value("notification-endpoint")],
        removed: &["Endpoint"],
        optional: &[],
    },
];

/// The customization of `service`'s `operation`, if the CLI has one.
pub fn of(service: &str, operation: &str) -> Option<&'static Customization> {
    CUSTOMIZATIONS
        .iter()
        .find(|c| c.service == service && c.operation == operation)
}
