//! Every checkpoint kind. A check reads the lab (the simulated account and the
//! learner's machine) and the chapter's progress, never what was typed, and
//! says whether it passed and why, in both languages.

use std::fmt;
use std::net::Ipv4Addr;

use cloudlab_model::Cloud;
use cloudlab_model::billing::budgets::TimeUnit;
use cloudlab_model::catalog::OsFamily;
use serde::{Deserialize, Serialize};

use crate::inspect::{self, GroupView, HttpView, InstanceView, RuleView};
use crate::lab::Lab;
use crate::progress::ChapterProgress;
use crate::text::Text;

mod account;
mod buckets;
mod databases;
mod distributions;
mod dns;
mod iam;
mod lifecycle;
mod monitoring;
mod networking;
mod nosql;
mod regions;
mod scaling;
mod serverless;
mod storage;

/// The tag key that names instances (`Name`), the default for every check.
fn name_tag() -> String {
    "Name".to_string()
}

/// What a checkpoint checks. In lesson TOML: `check = { kind = "api_called", ... }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The account received a successful call of this operation (`sts`,
    /// `GetCallerIdentity`), in `region` when given. The API log is the lab
    /// region's, like CloudTrail's event history: calls sent to other regions
    /// with `--region` are not in it.
    ApiCalled {
        /// The service, as in the API log (`sts`, `ec2`).
        service: String,
        /// The operation in AWS's PascalCase (`GetCallerIdentity`).
        operation: String,
        /// The region the call must have gone to (`ap-northeast-2`).
        #[serde(default)]
        region: Option<String>,
    },
    /// The learner revealed at least one hint in this chapter.
    HintUsed,
    /// A key pair exists (with this name, when given).
    KeyPairExists {
        /// The key pair's name; any key pair when absent.
        #[serde(default)]
        name: Option<String>,
    },
    /// Exactly `count` instances with this tag are pending or running, and at least one is running.
    RunningInstances {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value (`web`).
        tag_value: String,
        /// How many such instances there must be.
        count: u32,
    },
    /// An instance with this tag is pending or running, and no pending or
    /// running instance lacks the tag.
    NoOtherInstances {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// The tagged instance was launched with a key pair (named `key_name`,
    /// when given) that still exists.
    InstanceHasKeyPair {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The key pair it must have been launched with.
        #[serde(default)]
        key_name: Option<String>,
    },
    /// The tagged instance was launched from an AMI of this operating system.
    InstanceImage {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The OS family, as the model names it (`Ubuntu2404`).
        os: OsFamily,
    },
    /// The tagged instance's root volume has this type and size.
    RootVolume {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The EBS volume type (`gp3`).
        volume_type: String,
        /// The size in GiB.
        size_gib: u32,
    },
    /// A security group allows TCP on `port` from `source`: the named group,
    /// or any group of the tagged instance.
    SecurityGroupAllows {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value of the instance whose groups are checked.
        #[serde(default)]
        tag_value: Option<String>,
        /// The name of the group to check, instead of an instance's groups.
        #[serde(default)]
        group_name: Option<String>,
        /// The TCP port.
        port: u16,
        /// `"learner"` (exactly the learner's address as a /32) or a CIDR block.
        source: Source,
        /// When true, no rule may open `port` to any other source.
        #[serde(default)]
        only: bool,
    },
    /// No rule opens `port` to `0.0.0.0/0` or `::/0`: in the named group, or in
    /// any group of the tagged instance.
    PortNotOpenToWorld {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value of the instance whose groups are checked.
        #[serde(default)]
        tag_value: Option<String>,
        /// The name of the group to check, instead of an instance's groups.
        #[serde(default)]
        group_name: Option<String>,
        /// The TCP port.
        port: u16,
    },
    /// The tagged instance has this instance type.
    InstanceTypeIs {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The instance type (`t3.micro`).
        instance_type: String,
    },
    /// The tagged instance has termination protection turned on.
    TerminationProtection {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// A file on the learner's machine exists with one of these permission
    /// modes (the first is the one to recommend).
    KeyFileMode {
        /// The file's path (relative paths are in the home directory).
        path: String,
        /// The accepted permission bits, written in octal in TOML
        /// (`[0o400, 0o600]`).
        modes: Vec<u32>,
    },
    /// An HTTP GET from the learner's address to the tagged instance's public
    /// address answers 200 (and contains `contains`, when given).
    PageServed {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The TCP port (80).
        port: u16,
        /// Text the page must contain.
        #[serde(default)]
        contains: Option<String>,
    },
    /// Something on the tagged instance listens on TCP `port` (a web server
    /// answers `curl localhost`), whether or not the port is reachable from outside.
    ServiceListening {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The TCP port.
        port: u16,
    },
    /// An Elastic IP address is associated with the tagged instance.
    ElasticIpAssociated {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// Every instance with this tag is shutting down or terminated: none is
    /// pending, running, stopping or stopped.
    InstancesTerminated {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// The tagged instance was stopped and started again (it is running now).
    InstanceRestarted {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// The AWS CLI profile sends its requests to a region that fits a
    /// scenario: a region in `country`, or (with `cheapest`) one of the
    /// cheapest regions. Give exactly one rule.
    ProfileRegion {
        /// The profile's name (`default` for the default profile).
        profile: String,
        /// The ISO 3166 alpha-2 code of the country the region must be in (`KR`).
        #[serde(default)]
        country: Option<String>,
        /// When true, the region must be one of the cheapest in the catalogue.
        #[serde(default)]
        cheapest: bool,
        /// When true, the region must be in a member state of the European Union.
        #[serde(default)]
        eu: bool,
        /// The id of a service the region must offer (`braket`), as AWS's
        /// public SSM parameters name it.
        #[serde(default)]
        service: Option<String>,
    },
    /// The IAM group has a managed policy with this name (or ARN) attached.
    IamGroupHasPolicy {
        /// The group's name.
        group: String,
        /// The policy's name (`DeveloperAccess`) or ARN.
        policy: String,
    },
    /// The IAM user is a member of the group.
    IamUserInGroup {
        /// The user's name.
        user: String,
        /// The group's name.
        group: String,
    },
    /// The IAM user has exactly `active` active access keys.
    IamAccessKeys {
        /// The user's name.
        user: String,
        /// How many active keys it must have.
        active: u32,
    },
    /// The AWS CLI profile's credentials sign in as this IAM user.
    ProfileIdentity {
        /// The profile's name.
        profile: String,
        /// The IAM user it must sign in as.
        user: String,
    },
    /// AWS refused at least one call made as this IAM user (`AccessDenied`,
    /// `UnauthorizedOperation`), as CloudTrail records it.
    AccessDeniedFor {
        /// The user's name.
        user: String,
    },
    /// For this IAM user, IAM decides `action` on `resource` as given,
    /// computed live from the account's policies as the policy simulator does.
    PolicyDecision {
        /// The user's name.
        user: String,
        /// The action (`s3:DeleteBucket`).
        action: String,
        /// The resource ARN (`*` by default).
        #[serde(default = "any_resource")]
        resource: String,
        /// The expected decision.
        decision: Decision,
        /// The `Sid` of the statement that must decide, when given.
        #[serde(default)]
        statement: Option<String>,
    },
    /// The root user has no access keys, active or not.
    RootHasNoAccessKeys,
    /// The root user has an MFA device.
    RootMfaEnabled,
    /// The IAM user has `AdministratorAccess` through a group it belongs to.
    IamAdminViaGroup {
        /// The user's name.
        user: String,
    },
    /// The IAM user has a console password (a login profile), which, with
    /// `reset_required`, must be changed at the next sign-in
    /// (`PasswordResetRequired`).
    IamConsolePassword {
        /// The user's name.
        user: String,
        /// When true, the login profile must require a new password.
        #[serde(default)]
        reset_required: bool,
    },
    /// The account has an alias.
    AccountAliasSet,
    /// The password policy needs at least `min_length` characters and every
    /// kind of character (upper, lower, digit, symbol).
    PasswordPolicy {
        /// The shortest length the policy must demand.
        min_length: u32,
    },
    /// A `COST` budget of the period `time_unit` and at most
    /// `max_limit_usd` has an `ACTUAL` or `FORECASTED` alert for spending
    /// greater than a threshold at no more than `max_threshold_percent`
    /// percent of the limit (as a percentage, or as the same amount in
    /// dollars with `ABSOLUTE_VALUE`) that e-mails someone.
    BudgetAlert {
        /// The highest budget allowed, in USD.
        max_limit_usd: u32,
        /// The highest alert threshold allowed, in percent.
        max_threshold_percent: u32,
        /// The budget's period (`MONTHLY` by default).
        #[serde(default)]
        time_unit: TimeUnit,
    },
    /// The account's resources cost at most `cents` US cents per hour (the
    /// cost meter).
    HourlyCostAtMost {
        /// US cents per hour.
        cents: u32,
    },
    /// An instance with the tag went through these states in this order, others
    /// allowed between them (AWS's state names; `hibernated` is `stopped` reached
    /// by hibernating, and `stopped` then means a plain stop).
    StatesVisited {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The states, in order.
        states: Vec<String>,
    },
    /// Stop protection (`disableApiStop`) is on (or off, with `on = false`) for
    /// every instance with the tag that is not terminated.
    StopProtection {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// Whether it must be on.
        #[serde(default = "yes")]
        on: bool,
    },
    /// AWS refused a call of `operation` with `error_code` (read from the API
    /// log, where a refused call exists, as in CloudTrail).
    CallRefused {
        /// The service, as in the API log (`ec2`).
        service: String,
        /// The operation (`StopInstances`).
        operation: String,
        /// The error code (`OperationNotPermitted`).
        error_code: String,
    },
    /// One of the account's AMIs is named `name` and `available`.
    OwnImage {
        /// The image's name.
        name: String,
    },
    /// A live instance with the tag was launched from one of the account's AMIs.
    LaunchedFromOwnImage {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
    },
    /// In `region`, an instance launched from an image copied there answers
    /// `GET /` with 200 to the learner.
    ImageCopyServes {
        /// The region the image was copied to.
        region: String,
    },
    /// A data volume (not the root) of this type and at least this size is
    /// attached to the tagged instance.
    VolumeAttached {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// The volume type (`gp3` by default).
        #[serde(default = "gp3")]
        volume_type: String,
        /// The smallest size, GiB.
        size_gib: u32,
    },
    /// The tagged instance's OS has a data volume mounted at `mount_point`.
    VolumeMounted {
        /// The tag key (`Name` by default).
        #[serde(default = "name_tag")]
        tag_key: String,
        /// The tag value.
        tag_value: String,
        /// Where (`/data`).
        mount_point: String,
    },
    /// A completed snapshot of a data volume with a file system exists.
    DataSnapshot,
    /// A volume restored from such a snapshot exists.
    VolumeRestored,
    /// The learner's file `path` holds the monthly cost of `scenario`, priced
    /// from the model's price tables, within `tolerance_percent` (1 by default).
    MonthlyCostAnswer {
        /// The file, in the home directory.
        path: String,
        /// What to price.
        scenario: cloudlab_model::pricing::Scenario,
        /// How far off the answer may be, in percent.
        #[serde(default = "one")]
        tolerance_percent: u32,
    },
    /// An active internet-facing load balancer in at least `min_zones` zones has
    /// an HTTP listener on port 80 that forwards to a target group.
    LoadBalancerReady {
        /// Zones it must span.
        min_zones: u32,
    },
    /// An active internet-facing load balancer answers `GET /` with 200 from a
    /// target group with at least `min_healthy` healthy targets in at least
    /// `min_zones` Availability Zones.
    LoadBalancerServes {
        /// Healthy targets needed.
        min_healthy: u32,
        /// Zones they must span.
        min_zones: u32,
    },
    /// The Auto Scaling group (the first when not named) has these bounds, spans
    /// `min_zones` zones, feeds a target group a load balancer uses, and has a
    /// scaling policy on CPU.
    AutoScalingGroup {
        /// The group's name.
        #[serde(default)]
        name: Option<String>,
        /// Its minimum size.
        min: u32,
        /// Its maximum size.
        max: u32,
        /// Zones it must span.
        min_zones: u32,
    },
    /// An alarm scaled the group out, and a later alarm scaled it back in.
    ScaledOutAndIn {
        /// The group's name.
        #[serde(default)]
        name: Option<String>,
    },
    /// A health check took an instance of the group out of service and a new one
    /// was launched after it.
    InstanceReplaced {
        /// The group's name.
        #[serde(default)]
        name: Option<String>,
    },
    /// A VPC tagged `Name=name` with block `cidr` and at least `min_subnets`
    /// subnets across `min_zones` Availability Zones.
    VpcSubnets {
        /// The VPC's Name tag.
        name: String,
        /// Its IPv4 block.
        cidr: String,
        /// Subnets needed.
        min_subnets: u32,
        /// Zones they must span.
        min_zones: u32,
    },
    /// The VPC tagged `Name=vpc` has an internet gateway, and public and private
    /// subnets (told apart by their route tables) each in `min_zones` zones.
    PublicAndPrivateSubnets {
        /// The VPC's Name tag.
        vpc: String,
        /// Zones each kind must span.
        min_zones: u32,
    },
    /// The learner's address reaches the instance tagged `Name=tag_value` on TCP `port`.
    ReachableFromInternet {
        /// The instance's Name tag.
        tag_value: String,
        /// The port.
        port: u16,
    },
    /// The instance tagged `Name=tag_value` is in a private subnet and nothing on
    /// the internet reaches it on TCP `port`.
    UnreachableFromInternet {
        /// The instance's Name tag.
        tag_value: String,
        /// The port.
        port: u16,
    },
    /// The instance tagged `Name=from` reaches the one tagged `Name=to` on TCP `port`.
    ReachableBetween {
        /// The sender's Name tag.
        from: String,
        /// The receiver's Name tag.
        to: String,
        /// The port.
        port: u16,
    },
    /// From `blocked`, a numbered network ACL rule refuses TCP `port` of the
    /// instance tagged `Name=tag_value`; from `allowed` it still gets through.
    AclBlocksAddress {
        /// The instance's Name tag.
        tag_value: String,
        /// The port.
        port: u16,
        /// The address a deny rule must stop.
        blocked: Ipv4Addr,
        /// An address that must still get through.
        allowed: Ipv4Addr,
    },
    /// A bucket whose name starts with `prefix` lives in `region`.
    BucketInRegion {
        /// The start of the bucket's name.
        prefix: String,
        /// Its region.
        region: String,
    },
    /// That bucket holds `key` and at least one key inside a folder.
    ObjectsInFolders {
        /// The start of the bucket's name.
        prefix: String,
        /// A key it must hold.
        key: String,
    },
    /// Versioning is on, and `key`'s version containing `broken` was replaced by
    /// a restored one and kept.
    VersionRestored {
        /// The start of the bucket's name.
        prefix: String,
        /// The key.
        key: String,
        /// Text only the broken version has.
        broken: String,
    },
    /// An enabled lifecycle rule moves keys under `folder` to GLACIER or DEEP_ARCHIVE.
    LifecycleArchives {
        /// The start of the bucket's name.
        prefix: String,
        /// The folder, e.g. `logs/`.
        folder: String,
    },
    /// An object under `folder` is in GLACIER or DEEP_ARCHIVE.
    ObjectArchived {
        /// The start of the bucket's name.
        prefix: String,
        /// The folder.
        folder: String,
    },
    /// The bucket's website endpoint serves its index document to anyone.
    WebsiteServes {
        /// The start of the bucket's name.
        prefix: String,
    },
    /// Anyone may read the bucket's objects and do nothing else; no other bucket
    /// is public.
    PublicOnlyWhereAsked {
        /// The start of the bucket's name.
        prefix: String,
    },
    /// The bucket encrypts new objects with KMS by default.
    KmsByDefault {
        /// The start of the bucket's name.
        prefix: String,
    },
    /// An enabled, deployed CloudFront distribution with a default root object
    /// has an origin in the bucket.
    DistributionInFront {
        /// The start of the bucket's name.
        prefix: String,
    },
    /// The edge location of `city` keeps a good copy of the distribution's root page.
    EdgeServed {
        /// The start of the bucket's name.
        prefix: String,
        /// The viewers' city (`seoul`).
        city: String,
    },
    /// At least `count` edge locations keep a copy of the root page.
    EdgesInCities {
        /// The start of the bucket's name.
        prefix: String,
        /// How many edges.
        count: usize,
    },
    /// Edges keep the bucket's `key` at most `max_seconds` (its Cache-Control
    /// within the behaviour's TTLs).
    ShortTtl {
        /// The start of the bucket's name.
        prefix: String,
        /// The object.
        key: String,
        /// The longest TTL accepted.
        max_seconds: u64,
    },
    /// A completed invalidation covers the root page.
    InvalidationDone {
        /// The start of the bucket's name.
        prefix: String,
    },
    /// Every edge that keeps `key` keeps the bucket's current version, and two do.
    EdgesCurrent {
        /// The start of the bucket's name.
        prefix: String,
        /// The object.
        key: String,
    },
    /// Strangers cannot read the bucket; the distribution can, through its
    /// origin access control.
    OriginPrivate {
        /// The start of the bucket's name.
        prefix: String,
    },
    /// The distribution redirects HTTP to HTTPS.
    HttpsRedirect {
        /// The start of the bucket's name.
        prefix: String,
    },
    /// The MySQL DB instance is available on a free-tier class.
    DbAvailable {
        /// The DB instance.
        identifier: String,
    },
    /// Only the security group of the instance tagged `Name=web_tag` reaches
    /// the DB instance's port; it is not publicly accessible.
    DbFromWebOnly {
        /// The DB instance.
        identifier: String,
        /// The web instance's Name tag.
        web_tag: String,
    },
    /// `database.table` of the DB instance holds at least `min_rows` rows.
    DbRows {
        /// The DB instance.
        identifier: String,
        /// The database.
        database: String,
        /// The table.
        table: String,
        /// The fewest rows accepted.
        min_rows: usize,
    },
    /// A read replica of `source` is available at its own endpoint with the
    /// source's rows.
    DbReplica {
        /// The source DB instance.
        source: String,
        /// The database.
        database: String,
        /// The table.
        table: String,
    },
    /// The home page of the instance tagged `Name=web_tag` shows every row
    /// of `database.table`.
    PageShowsRows {
        /// The DB instance.
        identifier: String,
        /// The database.
        database: String,
        /// The table.
        table: String,
        /// The web instance's Name tag.
        web_tag: String,
    },
    /// The Multi-AZ DB instance failed over and kept its endpoint.
    DbFailedOver {
        /// The DB instance.
        identifier: String,
    },
    /// A manual snapshot of the DB instance is available.
    DbSnapshot {
        /// The DB instance.
        instance: String,
    },
    /// A new instance restored from a snapshot of `source` is available with
    /// the rows, and the web tier reaches it.
    DbRestored {
        /// The DB instance the snapshot was taken of.
        source: String,
        /// The database.
        database: String,
        /// The table.
        table: String,
        /// The web instance's Name tag.
        web_tag: String,
    },
    /// The DynamoDB table is ACTIVE with this partition key and sort key.
    TableKeys {
        /// The table.
        table: String,
        /// The partition key's attribute.
        partition: String,
        /// The sort key's attribute.
        sort: String,
    },
    /// A Query of `partition = value` on the table (or its `index`) returns
    /// items whose `attribute` values are `expected`, in that order.
    QueryOrder {
        /// The table.
        table: String,
        /// An index to query instead of the table.
        #[serde(default)]
        index: Option<String>,
        /// The partition key's attribute.
        partition: String,
        /// The partition key's value (a string).
        value: String,
        /// The attribute whose values are compared.
        attribute: String,
        /// Its values, in the order the Query must return them.
        expected: Vec<String>,
    },
    /// A global secondary index keyed on `partition` (not the table's key) is
    /// ACTIVE and answers `partition = value` with at least `min_items` items.
    GsiAnswers {
        /// The table.
        table: String,
        /// The index.
        index: String,
        /// The index's partition key.
        partition: String,
        /// The value asked for (a string).
        value: String,
        /// The fewest items accepted.
        min_items: usize,
    },
    /// The table's stream is on with `view_type` and recorded a MODIFY.
    StreamModify {
        /// The table.
        table: String,
        /// `NEW_AND_OLD_IMAGES`, ...
        view_type: String,
    },
    /// A Valkey or Redis OSS replication group has a replica in another zone
    /// with automatic failover, and only the web tier's group reaches it.
    CacheReplicated {
        /// The replication group.
        group: String,
        /// The web instance's Name tag.
        web_tag: String,
    },
    /// The replication group's nodes counted at least one miss and one hit.
    CacheHitsAndMisses {
        /// The replication group.
        group: String,
    },
    /// The DAX cluster is available and its item cache answered a read.
    DaxHits {
        /// The DAX cluster.
        cluster: String,
    },
    /// The Lambda function is Active and its latest invocation returned.
    FunctionRuns {
        /// The function.
        function: String,
    },
    /// An event in the log group contains `contains`.
    LogLine {
        /// The log group (`/aws/lambda/hello`).
        group: String,
        /// The text.
        contains: String,
    },
    /// The function's resource-based policy lets `principal` invoke it, limited
    /// to a source ARN.
    TriggerPermission {
        /// The function.
        function: String,
        /// `s3.amazonaws.com`, `apigateway.amazonaws.com`.
        principal: String,
    },
    /// The DynamoDB table holds an item whose string attribute `key` is `value`.
    ItemExists {
        /// The table.
        table: String,
        /// The key attribute.
        key: String,
        /// Its value.
        value: String,
    },
    /// The function's execution role allows `allowed` on the table, none of
    /// `denied` there, and `allowed` on no other table.
    RoleOnlyAllows {
        /// The function.
        function: String,
        /// The table.
        table: String,
        /// Actions the code needs (`dynamodb:PutItem`).
        allowed: Vec<String>,
        /// Actions it must not have.
        denied: Vec<String>,
    },
    /// The function's alias points at the version.
    AliasPointsTo {
        /// The function.
        function: String,
        /// The alias.
        alias: String,
        /// The version.
        version: String,
    },
    /// Functions were created in the lab and none is left, nor any REST API.
    ServerlessCleanedUp,
    /// The SNS topic named `topic` (in any region) has a confirmed subscription
    /// of `endpoint`.
    SubscriptionConfirmed {
        /// The topic's name.
        topic: String,
        /// The e-mail address.
        endpoint: String,
    },
    /// The CloudWatch dashboard has a metric widget that draws `metric`.
    DashboardShows {
        /// The dashboard.
        dashboard: String,
        /// The metric (`CPUUtilization`).
        metric: String,
    },
    /// The alarm's ALARM actions notify the topic, which has a confirmed e-mail
    /// subscription.
    AlarmNotifies {
        /// The alarm.
        alarm: String,
        /// The topic's name.
        topic: String,
    },
    /// The lab's mailbox holds a mail whose subject contains the text.
    MailReceived {
        /// Part of the subject (`ALARM: "web-a-cpu-high"`).
        subject_contains: String,
    },
    /// An alarm in us-east-1 watches `AWS/Billing` `EstimatedCharges` (USD) at a
    /// threshold of at most `threshold_at_most` and notifies a topic with a
    /// confirmed e-mail subscription.
    BillingAlarm {
        /// The highest threshold accepted, in dollars.
        threshold_at_most: u32,
    },
    /// Route 53 sends `name` to the load balancer or the bucket's website.
    NameReaches {
        /// The domain name.
        name: String,
        /// The load balancer it must reach.
        #[serde(default)]
        load_balancer: Option<String>,
        /// Or the bucket whose website it must reach.
        #[serde(default)]
        bucket: Option<String>,
    },
    /// The hosted zone has a record of that name and type with that value.
    RecordIs {
        /// The record's name.
        name: String,
        /// `CNAME`, `A` ...
        record_type: String,
        /// The value.
        value: String,
    },
    /// `name` has failover A records: a PRIMARY with a health check, and a
    /// SECONDARY.
    FailoverPair {
        /// The record's name.
        name: String,
    },
    /// No alarm, dashboard, topic, hosted zone or health check is left.
    MonitoringCleanedUp,
    /// The instance tagged `Name=tag_value` has no public address yet opens TCP
    /// connections to the internet on `port` (through a NAT gateway).
    ReachesInternetPrivately {
        /// The instance's Name tag.
        tag_value: String,
        /// The port.
        port: u16,
    },
}

fn yes() -> bool {
    true
}

fn gp3() -> String {
    "gp3".to_string()
}

fn one() -> u32 {
    1
}

/// `*`, every resource.
fn any_resource() -> String {
    "*".to_string()
}

/// A policy decision, as the simulator names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// `allowed`.
    Allowed,
    /// `implicitDeny`: no statement allows it.
    ImplicitDeny,
    /// `explicitDeny`: a `Deny` statement matches.
    ExplicitDeny,
}

impl Decision {
    /// The simulator's spelling (`implicitDeny`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ImplicitDeny => "implicitDeny",
            Decision::ExplicitDeny => "explicitDeny",
        }
    }
}

impl Check {
    /// Checks the parameters that the types alone cannot.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Check::ApiCalled {
                service, operation, ..
            } if service.is_empty() || operation.is_empty() => {
                return Err("service and operation must not be empty".into());
            }
            Check::ApiCalled {
                region: Some(region),
                ..
            } if cloudlab_model::catalog::region(region).is_none() => {
                return Err(format!("{region} is not a region"));
            }
            Check::RunningInstances { count, .. } if *count == 0 => {
                return Err("count must be at least 1".into());
            }
            Check::KeyFileMode { modes, .. } if modes.is_empty() => {
                return Err("give at least one mode".into());
            }
            Check::KeyFileMode { modes, .. } => {
                if let Some(mode) = modes.iter().find(|mode| **mode > 0o7777) {
                    return Err(format!("mode {mode:o} is not a permission mode"));
                }
            }
            Check::StatesVisited { states, .. } if states.is_empty() => {
                return Err("give at least one state".into());
            }
            Check::StatesVisited { states, .. } => {
                if let Some(unknown) = states.iter().find(|s| lifecycle::parse_state(s).is_none()) {
                    return Err(format!(
                        "{unknown} is not an instance state (or hibernated)"
                    ));
                }
            }
            Check::OwnImage { name } if name.is_empty() => {
                return Err("give the image's name".into());
            }
            Check::ImageCopyServes { region }
                if cloudlab_model::catalog::region(region).is_none() =>
            {
                return Err(format!("{region} is not a region"));
            }
            Check::VolumeAttached { volume_type, .. }
                if cloudlab_model::ec2::ebs::limits(volume_type).is_err() =>
            {
                return Err(format!("{volume_type} is not a volume type"));
            }
            Check::VolumeMounted { mount_point, .. } if !mount_point.starts_with('/') => {
                return Err("the mount point is an absolute path".into());
            }
            Check::CallRefused {
                service,
                operation,
                error_code,
            } if service.is_empty() || operation.is_empty() || error_code.is_empty() => {
                return Err("service, operation and error_code must not be empty".into());
            }
            Check::MonthlyCostAnswer { scenario, .. } => match scenario.monthly_cost_usd() {
                Ok(cost) if cost > 0.0 => {}
                Ok(_) => return Err("the scenario costs nothing".into()),
                Err(e) => return Err(format!("the scenario cannot be priced: {e:?}")),
            },
            Check::IamGroupHasPolicy { group, policy } if group.is_empty() || policy.is_empty() => {
                return Err("group and policy must not be empty".into());
            }
            Check::PolicyDecision { user, action, .. }
                if user.is_empty() || !action.contains(':') =>
            {
                return Err("give a user and an action such as s3:GetObject".into());
            }
            Check::ProfileRegion { profile, .. } if profile.trim().is_empty() => {
                return Err("profile must not be empty".into());
            }
            Check::ProfileRegion {
                country,
                cheapest,
                eu,
                service,
                ..
            } => {
                if country.is_none() && !cheapest && !eu && service.is_none() {
                    return Err("give at least one of country, cheapest, eu and service".into());
                }
                if country.is_some() && (*cheapest || *eu) {
                    return Err("country does not go with cheapest or eu".into());
                }
                if let Some(id) = service
                    && cloudlab_model::catalog::service(id).is_none()
                {
                    return Err(format!("service {id} is not in the model's catalogue"));
                }
            }
            Check::SecurityGroupAllows { port: 0, .. }
            | Check::PortNotOpenToWorld { port: 0, .. }
            | Check::PageServed { port: 0, .. }
            | Check::ServiceListening { port: 0, .. } => return Err("port 0 is not a port".into()),
            Check::SecurityGroupAllows {
                tag_value,
                group_name,
                ..
            }
            | Check::PortNotOpenToWorld {
                tag_value,
                group_name,
                ..
            } if tag_value.is_some() == group_name.is_some() => {
                return Err("give exactly one of tag_value and group_name".into());
            }
            _ => {}
        }
        Ok(())
    }
}

/// Where a security group rule must allow traffic from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Source {
    /// Exactly the learner's own address, as a /32.
    Learner,
    /// An IPv4 CIDR block such as `0.0.0.0/0`.
    Cidr(Cidr),
}

/// An IPv4 CIDR block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    /// The network address.
    pub address: Ipv4Addr,
    /// The prefix length, 0 to 32.
    pub prefix: u8,
}

impl Cidr {
    /// The whole IPv4 internet, `0.0.0.0/0`.
    pub const ANYWHERE: Cidr = Cidr {
        address: Ipv4Addr::UNSPECIFIED,
        prefix: 0,
    };

    /// Reads `a.b.c.d/n`.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (address, prefix) = text.trim().split_once('/')?;
        let address: Ipv4Addr = address.parse().ok()?;
        let prefix: u8 = prefix.parse().ok()?;
        (prefix <= 32).then_some(Cidr { address, prefix })
    }

    /// A /32 holding exactly this address.
    pub fn host(address: Ipv4Addr) -> Cidr {
        Cidr {
            address,
            prefix: 32,
        }
    }

    /// Whether `address` lies in this block.
    pub fn contains(&self, address: Ipv4Addr) -> bool {
        let mask = u32::MAX
            .checked_shl(32 - u32::from(self.prefix))
            .unwrap_or(0);
        u32::from(self.address) & mask == u32::from(address) & mask
    }

    /// Whether every address of `other` lies in this block.
    pub fn contains_block(&self, other: &Cidr) -> bool {
        self.prefix <= other.prefix && self.contains(other.address)
    }

    /// How many addresses the block holds (2^32 for `0.0.0.0/0`).
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix.min(32)))
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

impl TryFrom<String> for Source {
    type Error = String;

    fn try_from(text: String) -> Result<Source, String> {
        if text == "learner" {
            return Ok(Source::Learner);
        }
        Cidr::parse(&text)
            .map(Source::Cidr)
            .ok_or_else(|| format!("{text:?} is neither \"learner\" nor an IPv4 CIDR block"))
    }
}

impl From<Source> for String {
    fn from(source: Source) -> String {
        match source {
            Source::Learner => "learner".to_string(),
            Source::Cidr(cidr) => cidr.to_string(),
        }
    }
}

/// Whether a check passed, and why, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOutcome {
    /// True when the check passed.
    pub passed: bool,
    /// What was found (when passed) or what is missing (when failed).
    pub detail: Text,
}

/// A pass, saying what was found, in English and Korean.
pub(crate) fn pass(en: String, ko: String) -> CheckOutcome {
    CheckOutcome::passed(Text::new(en, ko))
}

/// A failure, saying what is missing or wrong, in English and Korean.
pub(crate) fn fail(en: String, ko: String) -> CheckOutcome {
    CheckOutcome::failed(Text::new(en, ko))
}

/// The running instance tagged `Name=web_tag`, or a failure saying the web
/// tier has to be up to test the path to `target` (in English and Korean).
pub(crate) fn running_web_instance(
    cloud: &Cloud,
    web_tag: &str,
    target: (&str, &str),
) -> Result<String, CheckOutcome> {
    let (en, ko) = target;
    inspect::existing_instances_tagged(cloud, "Name", web_tag)
        .into_iter()
        .find(|i| i.state == "running")
        .map(|i| i.id)
        .ok_or_else(|| {
            fail(
                format!("No running instance is tagged Name={web_tag}: the web tier has to be up to test the path to {en}."),
                format!("Name={web_tag} 태그가 붙은 실행 중인 인스턴스가 없어요. {ko}로 가는 길을 시험하려면 웹 계층이 켜져 있어야 해요."),
            )
        })
}

impl CheckOutcome {
    /// A pass, saying what was found.
    pub fn passed(detail: Text) -> CheckOutcome {
        CheckOutcome {
            passed: true,
            detail,
        }
    }

    /// A failure, saying what is missing.
    pub fn failed(detail: Text) -> CheckOutcome {
        CheckOutcome {
            passed: false,
            detail,
        }
    }
}

/// Grades one check against the lab and the chapter's progress.
pub fn evaluate(check: &Check, lab: &Lab, progress: &ChapterProgress) -> CheckOutcome {
    let cloud = &lab.cloud;
    match check {
        Check::ApiCalled {
            service,
            operation,
            region,
        } => api_called(cloud, service, operation, region.as_deref()),
        Check::HintUsed => {
            let count: u32 = progress.hints_revealed.values().sum();
            if count > 0 {
                CheckOutcome::passed(Text::new(
                    format!("You revealed {count} hint(s)."),
                    format!("힌트를 {count}개 열어 봤어요."),
                ))
            } else {
                CheckOutcome::failed(Text::new(
                    "No hint has been revealed in this chapter yet.",
                    "이 챕터에서 아직 힌트를 열어 보지 않았어요.",
                ))
            }
        }
        Check::KeyPairExists { name } => key_pair_exists(cloud, name.as_deref()),
        Check::RunningInstances {
            tag_key,
            tag_value,
            count,
        } => running_instances(cloud, tag_key, tag_value, *count),
        Check::NoOtherInstances { tag_key, tag_value } => {
            no_other_instances(cloud, tag_key, tag_value)
        }
        Check::InstanceHasKeyPair {
            tag_key,
            tag_value,
            key_name,
        } => for_each_target(cloud, tag_key, tag_value, |instance| {
            instance_has_key_pair(cloud, instance, key_name.as_deref())
        }),
        Check::InstanceImage {
            tag_key,
            tag_value,
            os,
        } => for_each_target(cloud, tag_key, tag_value, |instance| {
            instance_image(instance, *os)
        }),
        Check::RootVolume {
            tag_key,
            tag_value,
            volume_type,
            size_gib,
        } => for_each_target(cloud, tag_key, tag_value, |instance| {
            root_volume(instance, volume_type, *size_gib)
        }),
        Check::InstanceTypeIs {
            tag_key,
            tag_value,
            instance_type,
        } => for_each_target(cloud, tag_key, tag_value, |instance| {
            if instance.instance_type == *instance_type {
                CheckOutcome::passed(Text::new(
                    format!("{} is a {}.", instance.id, instance.instance_type),
                    format!(
                        "{}의 유형은 {}(이)에요.",
                        instance.id, instance.instance_type
                    ),
                ))
            } else {
                CheckOutcome::failed(Text::new(
                    format!(
                        "{} is a {}, not a {instance_type}. The type can only be changed while the instance is stopped.",
                        instance.id, instance.instance_type
                    ),
                    format!(
                        "{}의 유형은 {instance_type}이(가) 아니라 {}(이)에요. 유형은 인스턴스가 중지된 상태에서만 바꿀 수 있어요.",
                        instance.id, instance.instance_type
                    ),
                ))
            }
        }),
        Check::SecurityGroupAllows {
            tag_key,
            tag_value,
            group_name,
            port,
            source,
            only,
        } => match (tag_value, group_name) {
            (_, Some(name)) => match inspect::security_group_by_name(cloud, name) {
                Some(group) => {
                    group_allows(cloud, std::slice::from_ref(&group), *port, source, *only)
                }
                None => CheckOutcome::failed(Text::new(
                    format!("There is no security group named {name}."),
                    format!("{name}(이)라는 이름의 보안 그룹이 없어요."),
                )),
            },
            (Some(tag_value), None) => for_each_target(cloud, tag_key, tag_value, |instance| {
                group_allows(
                    cloud,
                    &inspect::groups_of(cloud, instance),
                    *port,
                    source,
                    *only,
                )
            }),
            (None, None) => invalid_check(),
        },
        Check::PortNotOpenToWorld {
            tag_key,
            tag_value,
            group_name,
            port,
        } => match (tag_value, group_name) {
            (_, Some(name)) => match inspect::security_group_by_name(cloud, name) {
                Some(group) => not_open_to_world(std::slice::from_ref(&group), *port),
                None => CheckOutcome::failed(Text::new(
                    format!("There is no security group named {name}."),
                    format!("{name}(이)라는 이름의 보안 그룹이 없어요."),
                )),
            },
            (Some(tag_value), None) => for_each_target(cloud, tag_key, tag_value, |instance| {
                not_open_to_world(&inspect::groups_of(cloud, instance), *port)
            }),
            (None, None) => invalid_check(),
        },
        Check::TerminationProtection { tag_key, tag_value } => {
            for_each_target(cloud, tag_key, tag_value, |instance| {
                if instance.termination_protection {
                    CheckOutcome::passed(Text::new(
                        format!("Termination protection is on for {}.", instance.id),
                        format!("{}의 종료 방지가 켜져 있어요.", instance.id),
                    ))
                } else {
                    CheckOutcome::failed(Text::new(
                        format!("Termination protection is off for {}.", instance.id),
                        format!("{}의 종료 방지가 꺼져 있어요.", instance.id),
                    ))
                }
            })
        }
        Check::KeyFileMode { path, modes } => key_file_mode(lab, path, modes),
        Check::PageServed {
            tag_key,
            tag_value,
            port,
            contains,
        } => for_each_target(cloud, tag_key, tag_value, |instance| {
            page_served(cloud, instance, *port, contains.as_deref())
        }),
        Check::ServiceListening {
            tag_key,
            tag_value,
            port,
        } => for_each_target(cloud, tag_key, tag_value, |instance| {
            if inspect::listening(cloud, &instance.id, *port) {
                CheckOutcome::passed(Text::new(
                    format!("A server on {} listens on TCP port {port}.", instance.id),
                    format!(
                        "{}에서 TCP {port}번 포트를 기다리는 서버가 있어요.",
                        instance.id
                    ),
                ))
            } else {
                CheckOutcome::failed(Text::new(
                    format!(
                        "Nothing on {} listens on TCP port {port}: `curl localhost` on the instance would be refused.",
                        instance.id
                    ),
                    format!(
                        "{}에서 TCP {port}번 포트를 기다리는 프로그램이 없어요. 인스턴스 안에서 `curl localhost`를 해도 연결이 거부돼요.",
                        instance.id
                    ),
                ))
            }
        }),
        Check::ElasticIpAssociated { tag_key, tag_value } => {
            for_each_target(cloud, tag_key, tag_value, |instance| {
                elastic_ip_associated(cloud, instance)
            })
        }
        Check::ProfileRegion {
            profile,
            country,
            cheapest,
            eu,
            service,
        } => regions::profile_region(
            lab,
            profile,
            &regions::RegionRule {
                country: country.as_deref(),
                cheapest: *cheapest,
                eu: *eu,
                service: service.as_deref(),
            },
        ),
        Check::IamGroupHasPolicy { group, policy } => iam::group_has_policy(cloud, group, policy),
        Check::IamUserInGroup { user, group } => iam::user_in_group(cloud, user, group),
        Check::IamAccessKeys { user, active } => iam::access_keys(cloud, user, *active),
        Check::ProfileIdentity { profile, user } => iam::profile_identity(lab, profile, user),
        Check::AccessDeniedFor { user } => iam::access_denied_for(cloud, user),
        Check::RootHasNoAccessKeys => account::root_has_no_access_keys(cloud),
        Check::OwnImage { name } => storage::own_image(cloud, name),
        Check::LaunchedFromOwnImage { tag_key, tag_value } => {
            storage::launched_from_own_image(cloud, tag_key, tag_value)
        }
        Check::ImageCopyServes { region } => storage::image_copy_serves(cloud, region),
        Check::VolumeAttached {
            tag_key,
            tag_value,
            volume_type,
            size_gib,
        } => storage::volume_attached(cloud, tag_key, tag_value, volume_type, *size_gib),
        Check::VolumeMounted {
            tag_key,
            tag_value,
            mount_point,
        } => storage::volume_mounted(cloud, tag_key, tag_value, mount_point),
        Check::DataSnapshot => storage::data_snapshot(cloud),
        Check::VolumeRestored => storage::volume_restored(cloud),
        Check::LoadBalancerReady { min_zones } => scaling::load_balancer_ready(cloud, *min_zones),
        Check::LoadBalancerServes {
            min_healthy,
            min_zones,
        } => scaling::load_balancer_serves(cloud, *min_healthy, *min_zones),
        Check::AutoScalingGroup {
            name,
            min,
            max,
            min_zones,
        } => scaling::auto_scaling_group(cloud, name.as_deref(), *min, *max, *min_zones),
        Check::ScaledOutAndIn { name } => scaling::scaled_out_and_in(cloud, name.as_deref()),
        Check::InstanceReplaced { name } => scaling::instance_replaced(cloud, name.as_deref()),
        Check::VpcSubnets {
            name,
            cidr,
            min_subnets,
            min_zones,
        } => networking::vpc_subnets(cloud, name, cidr, *min_subnets, *min_zones),
        Check::PublicAndPrivateSubnets { vpc, min_zones } => {
            networking::public_and_private_subnets(cloud, vpc, *min_zones)
        }
        Check::ReachableFromInternet { tag_value, port } => {
            networking::reachable_from_internet(cloud, tag_value, *port)
        }
        Check::UnreachableFromInternet { tag_value, port } => {
            networking::unreachable_from_internet(cloud, tag_value, *port)
        }
        Check::ReachableBetween { from, to, port } => {
            networking::reachable_between(cloud, from, to, *port)
        }
        Check::AclBlocksAddress {
            tag_value,
            port,
            blocked,
            allowed,
        } => networking::acl_blocks_address(cloud, tag_value, *port, *blocked, *allowed),
        Check::ReachesInternetPrivately { tag_value, port } => {
            networking::reaches_internet_privately(cloud, tag_value, *port)
        }
        Check::BucketInRegion { prefix, region } => {
            buckets::bucket_in_region(cloud, prefix, region)
        }
        Check::ObjectsInFolders { prefix, key } => buckets::objects_in_folders(cloud, prefix, key),
        Check::VersionRestored {
            prefix,
            key,
            broken,
        } => buckets::version_restored(cloud, prefix, key, broken),
        Check::LifecycleArchives { prefix, folder } => {
            buckets::lifecycle_archives(cloud, prefix, folder)
        }
        Check::ObjectArchived { prefix, folder } => buckets::object_archived(cloud, prefix, folder),
        Check::WebsiteServes { prefix } => buckets::website_serves(cloud, prefix),
        Check::PublicOnlyWhereAsked { prefix } => buckets::public_only_where_asked(cloud, prefix),
        Check::KmsByDefault { prefix } => buckets::kms_by_default(cloud, prefix),
        Check::DistributionInFront { prefix } => {
            distributions::distribution_in_front(cloud, prefix)
        }
        Check::EdgeServed { prefix, city } => distributions::edge_served(cloud, prefix, city),
        Check::EdgesInCities { prefix, count } => {
            distributions::edges_in_cities(cloud, prefix, *count)
        }
        Check::ShortTtl {
            prefix,
            key,
            max_seconds,
        } => distributions::short_ttl(cloud, prefix, key, *max_seconds),
        Check::InvalidationDone { prefix } => distributions::invalidation_done(cloud, prefix),
        Check::EdgesCurrent { prefix, key } => distributions::edges_current(cloud, prefix, key),
        Check::OriginPrivate { prefix } => distributions::origin_private(cloud, prefix),
        Check::HttpsRedirect { prefix } => distributions::https_redirect(cloud, prefix),
        Check::DbAvailable { identifier } => databases::db_available(cloud, identifier),
        Check::DbFromWebOnly {
            identifier,
            web_tag,
        } => databases::db_from_web_only(cloud, identifier, web_tag),
        Check::DbRows {
            identifier,
            database,
            table,
            min_rows,
        } => databases::db_rows(cloud, identifier, database, table, *min_rows),
        Check::DbReplica {
            source,
            database,
            table,
        } => databases::db_replica(cloud, source, database, table),
        Check::PageShowsRows {
            identifier,
            database,
            table,
            web_tag,
        } => databases::page_shows_rows(cloud, identifier, database, table, web_tag),
        Check::DbFailedOver { identifier } => databases::db_failed_over(cloud, identifier),
        Check::TableKeys {
            table,
            partition,
            sort,
        } => nosql::table_keys(cloud, table, partition, sort),
        Check::QueryOrder {
            table,
            index,
            partition,
            value,
            attribute,
            expected,
        } => nosql::query_order(
            cloud,
            table,
            index.as_deref(),
            partition,
            value,
            attribute,
            expected,
        ),
        Check::GsiAnswers {
            table,
            index,
            partition,
            value,
            min_items,
        } => nosql::gsi_answers(cloud, table, index, partition, value, *min_items),
        Check::StreamModify { table, view_type } => nosql::stream_modify(cloud, table, view_type),
        Check::CacheReplicated { group, web_tag } => nosql::cache_replicated(cloud, group, web_tag),
        Check::CacheHitsAndMisses { group } => nosql::cache_hits_and_misses(cloud, group),
        Check::DaxHits { cluster } => nosql::dax_hits(cloud, cluster),
        Check::FunctionRuns { function } => serverless::function_runs(cloud, function),
        Check::LogLine { group, contains } => serverless::log_line(cloud, group, contains),
        Check::TriggerPermission {
            function,
            principal,
        } => serverless::trigger_permission(cloud, function, principal),
        Check::ItemExists { table, key, value } => {
            serverless::item_exists(cloud, table, key, value)
        }
        Check::RoleOnlyAllows {
            function,
            table,
            allowed,
            denied,
        } => serverless::role_only_allows(cloud, function, table, allowed, denied),
        Check::AliasPointsTo {
            function,
            alias,
            version,
        } => serverless::alias_points_to(cloud, function, alias, version),
        Check::ServerlessCleanedUp => serverless::serverless_cleaned_up(cloud),
        Check::SubscriptionConfirmed { topic, endpoint } => {
            monitoring::subscription_confirmed(cloud, topic, endpoint)
        }
        Check::DashboardShows { dashboard, metric } => {
            monitoring::dashboard_shows(cloud, dashboard, metric)
        }
        Check::AlarmNotifies { alarm, topic } => monitoring::alarm_notifies(cloud, alarm, topic),
        Check::MailReceived { subject_contains } => {
            monitoring::mail_received(cloud, subject_contains)
        }
        Check::BillingAlarm { threshold_at_most } => {
            monitoring::billing_alarm(cloud, f64::from(*threshold_at_most))
        }
        Check::NameReaches {
            name,
            load_balancer,
            bucket,
        } => dns::name_reaches(cloud, name, load_balancer.as_deref(), bucket.as_deref()),
        Check::RecordIs {
            name,
            record_type,
            value,
        } => dns::record_is(cloud, name, record_type, value),
        Check::FailoverPair { name } => dns::failover_pair(cloud, name),
        Check::MonitoringCleanedUp => monitoring::monitoring_cleaned_up(cloud),
        Check::DbSnapshot { instance } => databases::db_snapshot(cloud, instance),
        Check::DbRestored {
            source,
            database,
            table,
            web_tag,
        } => databases::db_restored(cloud, source, database, table, web_tag),
        Check::StatesVisited {
            tag_key,
            tag_value,
            states,
        } => lifecycle::states_visited(cloud, tag_key, tag_value, states),
        Check::StopProtection {
            tag_key,
            tag_value,
            on,
        } => lifecycle::stop_protection(cloud, tag_key, tag_value, *on),
        Check::CallRefused {
            service,
            operation,
            error_code,
        } => lifecycle::call_refused(cloud, service, operation, error_code),
        Check::MonthlyCostAnswer {
            path,
            scenario,
            tolerance_percent,
        } => lifecycle::monthly_cost_answer(lab, path, scenario, *tolerance_percent),
        Check::RootMfaEnabled => account::root_mfa_enabled(cloud),
        Check::IamAdminViaGroup { user } => account::admin_via_group(cloud, user),
        Check::IamConsolePassword {
            user,
            reset_required,
        } => account::console_password(cloud, user, *reset_required),
        Check::AccountAliasSet => account::alias_set(cloud),
        Check::PasswordPolicy { min_length } => account::password_policy(cloud, *min_length),
        Check::BudgetAlert {
            max_limit_usd,
            max_threshold_percent,
            time_unit,
        } => account::budget_alert(cloud, *max_limit_usd, *max_threshold_percent, *time_unit),
        Check::HourlyCostAtMost { cents } => account::hourly_cost_at_most(cloud, *cents),
        Check::PolicyDecision {
            user,
            action,
            resource,
            decision,
            statement,
        } => iam::policy_decision(
            cloud,
            user,
            action,
            resource,
            *decision,
            statement.as_deref(),
        ),
        Check::InstancesTerminated { tag_key, tag_value } => {
            instances_terminated(cloud, tag_key, tag_value)
        }
        Check::InstanceRestarted { tag_key, tag_value } => {
            for_each_target(cloud, tag_key, tag_value, |instance| {
                if inspect::was_restarted(cloud, &instance.id) {
                    CheckOutcome::passed(Text::new(
                        format!("{} was stopped and started again.", instance.id),
                        format!("{}을(를) 중지했다가 다시 시작했어요.", instance.id),
                    ))
                } else {
                    CheckOutcome::failed(Text::new(
                        format!(
                            "{} has not been stopped and started again since it was launched.",
                            instance.id
                        ),
                        format!(
                            "{}은(는) 시작된 뒤로 중지했다가 다시 시작한 적이 없어요.",
                            instance.id
                        ),
                    ))
                }
            })
        }
    }
}

fn invalid_check() -> CheckOutcome {
    CheckOutcome::failed(Text::new(
        "This checkpoint names neither an instance nor a security group.",
        "이 체크포인트는 인스턴스도 보안 그룹도 지정하지 않았어요.",
    ))
}

fn api_called(cloud: &Cloud, service: &str, operation: &str, region: Option<&str>) -> CheckOutcome {
    if let Some(region) = region
        && region != cloud.region_name()
    {
        let here = cloud.region_name();
        return CheckOutcome::failed(Text::new(
            format!("This lab's account is in {here}, so it cannot see calls to {region}."),
            format!("이 실습 계정은 {here}에 있어서 {region}(으)로 간 호출은 볼 수 없어요."),
        ));
    }
    let calls: Vec<_> = cloud
        .api_log()
        .iter()
        .filter(|call| call.service == service && call.operation == operation)
        .collect();
    let succeeded = calls.iter().filter(|call| call.succeeded()).count();
    let (where_en, where_ko) = match region {
        Some(region) => (format!(" in {region}"), format!("{region}에서 ")),
        None => (String::new(), String::new()),
    };
    if succeeded > 0 {
        return CheckOutcome::passed(Text::new(
            format!("AWS answered {operation}{where_en} {succeeded} time(s)."),
            format!("AWS가 {where_ko}{operation} 요청에 {succeeded}번 응답했어요."),
        ));
    }
    match calls.last().and_then(|call| call.error_code.as_deref()) {
        Some(code) => CheckOutcome::failed(Text::new(
            format!(
                "AWS received {operation}{where_en} {} time(s), but every call failed (last error: {code}).",
                calls.len()
            ),
            format!(
                "AWS가 {where_ko}{operation} 요청을 {}번 받았지만 모두 실패했어요(마지막 오류: {code}).",
                calls.len()
            ),
        )),
        None if region.is_some() => CheckOutcome::failed(Text::new(
            format!(
                "AWS has not received a {operation} call{where_en} yet; a call sent to another region with --region does not count."
            ),
            format!(
                "AWS가 {where_ko}아직 {operation} 요청을 받지 않았어요. --region으로 다른 리전에 보낸 호출은 세지 않아요."
            ),
        )),
        None => CheckOutcome::failed(Text::new(
            format!("AWS has not received a {operation} call yet."),
            format!("AWS가 아직 {operation} 요청을 받지 않았어요."),
        )),
    }
}

fn key_pair_exists(cloud: &Cloud, name: Option<&str>) -> CheckOutcome {
    let names = inspect::key_pair_names(cloud);
    match name {
        Some(name) if names.iter().any(|existing| existing == name) => {
            CheckOutcome::passed(Text::new(
                format!("The key pair {name} exists."),
                format!("키 페어 {name}이(가) 있어요."),
            ))
        }
        Some(name) if names.is_empty() => CheckOutcome::failed(Text::new(
            format!("There is no key pair yet; create one named {name}."),
            format!("아직 키 페어가 없어요. {name}(이)라는 이름으로 만드세요."),
        )),
        Some(name) => CheckOutcome::failed(Text::new(
            format!(
                "There is no key pair named {name} (found: {}).",
                names.join(", ")
            ),
            format!(
                "{name}(이)라는 키 페어가 없어요(있는 것: {}).",
                names.join(", ")
            ),
        )),
        None if names.is_empty() => CheckOutcome::failed(Text::new(
            "There is no key pair yet.",
            "아직 키 페어가 없어요.",
        )),
        None => CheckOutcome::passed(Text::new(
            format!("Key pairs: {}.", names.join(", ")),
            format!("키 페어: {}.", names.join(", ")),
        )),
    }
}

/// "Name=web" for messages.
fn tag_text(tag_key: &str, tag_value: &str) -> String {
    format!("{tag_key}={tag_value}")
}

fn running_instances(cloud: &Cloud, tag_key: &str, tag_value: &str, count: u32) -> CheckOutcome {
    let tagged = inspect::live_instances_tagged(cloud, tag_key, tag_value);
    let tag = tag_text(tag_key, tag_value);
    let found = u32::try_from(tagged.len()).unwrap_or(u32::MAX);
    if found != count {
        let ids = tagged
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return CheckOutcome::failed(if found == 0 {
            Text::new(
                format!(
                    "No pending or running instance is tagged {tag}. Check the tag's key and value: both are case-sensitive."
                ),
                format!(
                    "{tag} 태그가 붙은 대기 중이거나 실행 중인 인스턴스가 없어요. 태그의 키와 값을 확인하세요. 대소문자를 구별해요."
                ),
            )
        } else {
            Text::new(
                format!(
                    "{found} instances are tagged {tag} ({ids}), not {count}. Terminate the ones you do not need."
                ),
                format!(
                    "{tag} 태그가 붙은 인스턴스가 {count}대가 아니라 {found}대예요({ids}). 필요 없는 인스턴스는 종료하세요."
                ),
            )
        });
    }
    if let Some(pending) = tagged.iter().find(|instance| instance.state != "running") {
        return CheckOutcome::failed(Text::new(
            format!(
                "{} is still {}. Wait a little or fast-forward the lab clock.",
                pending.id, pending.state
            ),
            format!(
                "{}은(는) 아직 {} 상태예요. 조금 기다리거나 실습 시계를 빨리 감으세요.",
                pending.id, pending.state
            ),
        ));
    }
    let ids = tagged
        .iter()
        .map(|i| i.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    CheckOutcome::passed(Text::new(
        format!("Running and tagged {tag}: {ids}."),
        format!("{tag} 태그로 실행 중: {ids}."),
    ))
}

fn no_other_instances(cloud: &Cloud, tag_key: &str, tag_value: &str) -> CheckOutcome {
    let others: Vec<_> = inspect::instances(cloud)
        .into_iter()
        .filter(|instance| {
            instance.is_live() && instance.tags.get(tag_key).map(String::as_str) != Some(tag_value)
        })
        .collect();
    let tag = tag_text(tag_key, tag_value);
    if inspect::live_instances_tagged(cloud, tag_key, tag_value).is_empty() {
        return CheckOutcome::failed(Text::new(
            format!(
                "No instance tagged {tag} is pending or running yet, so there is nothing to compare with."
            ),
            format!(
                "{tag} 태그가 붙은 대기 중이거나 실행 중인 인스턴스가 아직 없어서 비교할 대상이 없어요."
            ),
        ));
    }
    if others.is_empty() {
        return CheckOutcome::passed(Text::new(
            format!("No instance without the tag {tag} is pending or running."),
            format!("{tag} 태그가 없는 인스턴스 중 대기 중이거나 실행 중인 것은 없어요."),
        ));
    }
    let listed = others
        .iter()
        .map(|instance| format!("{} ({})", instance.id, instance.state))
        .collect::<Vec<_>>()
        .join(", ");
    CheckOutcome::failed(Text::new(
        format!(
            "Also running without the tag {tag}: {listed}. Terminate it so it does not run up a bill."
        ),
        format!(
            "{tag} 태그 없이 실행 중인 인스턴스가 더 있어요: {listed}. 요금이 쌓이지 않게 종료하세요."
        ),
    ))
}

fn instances_terminated(cloud: &Cloud, tag_key: &str, tag_value: &str) -> CheckOutcome {
    let tag = tag_text(tag_key, tag_value);
    let remaining = inspect::existing_instances_tagged(cloud, tag_key, tag_value);
    if remaining.is_empty() {
        return CheckOutcome::passed(Text::new(
            format!("Every instance tagged {tag} is terminated (or shutting down)."),
            format!("{tag} 태그가 붙은 인스턴스는 모두 종료됐어요(또는 종료 중이에요)."),
        ));
    }
    let listed = remaining
        .iter()
        .map(|instance| format!("{} ({})", instance.id, instance.state))
        .collect::<Vec<_>>()
        .join(", ");
    let (protected_en, protected_ko) = match remaining
        .iter()
        .find(|instance| instance.termination_protection)
    {
        Some(instance) => (
            format!(
                " {} has termination protection on: turn it off first with `aws ec2 modify-instance-attribute --instance-id {} --no-disable-api-termination`.",
                instance.id, instance.id
            ),
            format!(
                " {}에는 종료 방지가 켜져 있어요. 먼저 `aws ec2 modify-instance-attribute --instance-id {} --no-disable-api-termination`으로 끄세요.",
                instance.id, instance.id
            ),
        ),
        None => match remaining.iter().find(|instance| instance.stop_protection) {
            Some(instance) => (
                format!(
                    " {} has stop protection on, which also refuses termination: turn it off first with `aws ec2 modify-instance-attribute --instance-id {} --no-disable-api-stop`.",
                    instance.id, instance.id
                ),
                format!(
                    " {}에는 중지 방지가 켜져 있어서 종료도 거부돼요. 먼저 `aws ec2 modify-instance-attribute --instance-id {} --no-disable-api-stop`으로 끄세요.",
                    instance.id, instance.id
                ),
            ),
            None => (String::new(), String::new()),
        },
    };
    CheckOutcome::failed(Text::new(
        format!("Still tagged {tag} and not terminated: {listed}.{protected_en}"),
        format!("{tag} 태그가 붙은 인스턴스가 아직 종료되지 않았어요: {listed}.{protected_ko}"),
    ))
}

/// Runs `check` on every live instance with the tag; passes when all pass.
fn for_each_target(
    cloud: &Cloud,
    tag_key: &str,
    tag_value: &str,
    mut check: impl FnMut(&InstanceView) -> CheckOutcome,
) -> CheckOutcome {
    let targets = inspect::live_instances_tagged(cloud, tag_key, tag_value);
    if targets.is_empty() {
        let tag = tag_text(tag_key, tag_value);
        return CheckOutcome::failed(Text::new(
            format!("No pending or running instance is tagged {tag}."),
            format!("{tag} 태그가 붙은 대기 중이거나 실행 중인 인스턴스가 없어요."),
        ));
    }
    let mut passes = Vec::new();
    for instance in &targets {
        let outcome = check(instance);
        if !outcome.passed {
            return outcome;
        }
        passes.push(outcome.detail);
    }
    CheckOutcome::passed(Text::new(
        passes
            .iter()
            .map(|detail| detail.en.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        passes
            .iter()
            .map(|detail| detail.ko.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    ))
}

fn instance_has_key_pair(
    cloud: &Cloud,
    instance: &InstanceView,
    wanted: Option<&str>,
) -> CheckOutcome {
    match (instance.key_name.as_deref(), wanted) {
        (None, _) => CheckOutcome::failed(Text::new(
            format!(
                "{} was launched without a key pair, so nobody can log in with SSH. A key pair can only be chosen at launch.",
                instance.id
            ),
            format!(
                "{}은(는) 키 페어 없이 시작되어서 아무도 SSH로 로그인할 수 없어요. 키 페어는 시작할 때만 고를 수 있어요.",
                instance.id
            ),
        )),
        (Some(name), Some(wanted)) if wanted != name => CheckOutcome::failed(Text::new(
            format!(
                "{} was launched with the key pair {name}, not {wanted}. A key pair can only be chosen at launch.",
                instance.id
            ),
            format!(
                "{}은(는) {wanted}이(가) 아니라 키 페어 {name}(으)로 시작됐어요. 키 페어는 시작할 때만 고를 수 있어요.",
                instance.id
            ),
        )),
        (Some(name), _) if !inspect::key_pair_names(cloud).iter().any(|k| k == name) => {
            CheckOutcome::failed(Text::new(
                format!(
                    "{} was launched with the key pair {name}, which has since been deleted.",
                    instance.id
                ),
                format!(
                    "{}은(는) 키 페어 {name}(으)로 시작됐지만 그 키 페어는 이후에 삭제됐어요.",
                    instance.id
                ),
            ))
        }
        (Some(name), _) => CheckOutcome::passed(Text::new(
            format!("{} uses the key pair {name}.", instance.id),
            format!("{}은(는) 키 페어 {name}을(를) 써요.", instance.id),
        )),
    }
}

fn instance_image(instance: &InstanceView, os: OsFamily) -> CheckOutcome {
    if instance.os == os {
        return CheckOutcome::passed(Text::new(
            format!(
                "{} runs {} ({}).",
                instance.id,
                os.pretty_name(),
                instance.image_id
            ),
            format!(
                "{}에서 {}({})이(가) 실행 중이에요.",
                instance.id,
                os.pretty_name(),
                instance.image_id
            ),
        ));
    }
    CheckOutcome::failed(Text::new(
        format!(
            "{} was launched from {}, an image of {}, not {}. The image can only be chosen at launch: terminate it and launch again.",
            instance.id,
            instance.image_id,
            instance.os.pretty_name(),
            os.pretty_name()
        ),
        format!(
            "{}은(는) {}이(가) 아니라 {} 이미지인 {}에서 시작됐어요. 이미지는 시작할 때만 고를 수 있으니 종료하고 다시 시작하세요.",
            instance.id,
            os.pretty_name(),
            instance.os.pretty_name(),
            instance.image_id
        ),
    ))
}

fn root_volume(instance: &InstanceView, volume_type: &str, size_gib: u32) -> CheckOutcome {
    let Some(volume) = &instance.root_volume else {
        return CheckOutcome::failed(Text::new(
            format!("{} has no root volume attached.", instance.id),
            format!("{}에 연결된 루트 볼륨이 없어요.", instance.id),
        ));
    };
    if volume.volume_type == volume_type && volume.size_gib == size_gib {
        return CheckOutcome::passed(Text::new(
            format!(
                "The root volume {} of {} is {volume_type}, {size_gib} GiB.",
                volume.id, instance.id
            ),
            format!(
                "{}의 루트 볼륨 {}은(는) {volume_type}, {size_gib}GiB예요.",
                instance.id, volume.id
            ),
        ));
    }
    CheckOutcome::failed(Text::new(
        format!(
            "The root volume {} of {} is {}, {} GiB, not {volume_type}, {size_gib} GiB. In this lab, terminate the instance and launch it again with `--block-device-mappings \"DeviceName=/dev/sda1,Ebs={{VolumeSize={size_gib},VolumeType={volume_type}}}\"`.",
            volume.id, instance.id, volume.volume_type, volume.size_gib
        ),
        format!(
            "{}의 루트 볼륨 {}은(는) {volume_type}, {size_gib}GiB가 아니라 {}, {}GiB예요. 이 실습에서는 인스턴스를 종료한 뒤 `--block-device-mappings \"DeviceName=/dev/sda1,Ebs={{VolumeSize={size_gib},VolumeType={volume_type}}}\"` 옵션을 붙여 다시 시작하세요.",
            instance.id, volume.id, volume.volume_type, volume.size_gib
        ),
    ))
}

/// The source a rule must name, as a CIDR block.
fn wanted_cidr(cloud: &Cloud, source: &Source) -> Cidr {
    match source {
        Source::Learner => Cidr::host(cloud.learner_ip()),
        Source::Cidr(cidr) => *cidr,
    }
}

fn describe_source(cloud: &Cloud, source: &Source) -> Text {
    match source {
        Source::Learner => Text::new(
            format!("your address ({})", Cidr::host(cloud.learner_ip())),
            format!("내 주소({})", Cidr::host(cloud.learner_ip())),
        ),
        Source::Cidr(cidr) if *cidr == Cidr::ANYWHERE => {
            Text::new("anywhere (0.0.0.0/0)", "모든 주소(0.0.0.0/0)")
        }
        Source::Cidr(cidr) => Text::new(cidr.to_string(), cidr.to_string()),
    }
}

fn group_names(groups: &[GroupView]) -> String {
    groups
        .iter()
        .map(|group| format!("{} ({})", group.id, group.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn group_allows(
    cloud: &Cloud,
    groups: &[GroupView],
    port: u16,
    source: &Source,
    only: bool,
) -> CheckOutcome {
    let wanted = wanted_cidr(cloud, source);
    let from = describe_source(cloud, source);
    let allowing = groups.iter().find(|group| {
        group
            .inbound
            .iter()
            .any(|rule| rule.covers_tcp(port) && rule.ipv4.contains(&wanted))
    });
    let Some(allowing) = allowing else {
        return no_rule_from(groups, port, &wanted, &from);
    };
    if only {
        for group in groups {
            for rule in group.inbound.iter().filter(|rule| rule.covers_tcp(port)) {
                let wanted_text = wanted.to_string();
                let extra: Vec<String> = rule_sources(rule)
                    .filter(|source| *source != wanted_text)
                    .collect();
                if !extra.is_empty() {
                    let extra = extra.join(", ");
                    return CheckOutcome::failed(Text::new(
                        format!(
                            "{} ({}) also allows TCP {port} from {extra}. Only {} should be allowed: remove that rule.",
                            group.id, group.name, from.en
                        ),
                        format!(
                            "{}({})이(가) {extra}에서 오는 TCP {port}도 허용해요. {}만 허용해야 하니 그 규칙을 지우세요.",
                            group.id, group.name, from.ko
                        ),
                    ));
                }
            }
        }
    }
    CheckOutcome::passed(Text::new(
        format!(
            "{} ({}) allows TCP {port} from {}{}.",
            allowing.id,
            allowing.name,
            from.en,
            if only { ", and from nowhere else" } else { "" }
        ),
        format!(
            "{}({})이(가) {}에서 오는 TCP {port}을(를) 허용해요{}.",
            allowing.id,
            allowing.name,
            from.ko,
            if only {
                ". 다른 곳에서는 허용하지 않아요"
            } else {
                ""
            }
        ),
    ))
}

/// Every source a rule names: IPv4 and IPv6 blocks, groups and prefix lists.
fn rule_sources(rule: &RuleView) -> impl Iterator<Item = String> + '_ {
    rule.ipv4
        .iter()
        .map(Cidr::to_string)
        .chain(rule.ipv6.iter().cloned())
        .chain(rule.groups.iter().cloned())
}

/// Why no rule of `groups` allows TCP `port` from exactly `wanted`: a wider
/// block lets it in along with others, the port is open only to other
/// sources, or the port is not open at all.
fn no_rule_from(groups: &[GroupView], port: u16, wanted: &Cidr, from: &Text) -> CheckOutcome {
    let names = group_names(groups);
    let wider = groups.iter().find_map(|group| {
        group
            .inbound
            .iter()
            .filter(|rule| rule.covers_tcp(port))
            .flat_map(|rule| &rule.ipv4)
            .find(|cidr| cidr.contains_block(wanted))
            .map(|cidr| (group, *cidr))
    });
    if let Some((group, cidr)) = wider {
        if cidr == Cidr::ANYWHERE {
            return CheckOutcome::failed(Text::new(
                format!(
                    "{} ({}) allows TCP {port} from 0.0.0.0/0, the whole internet: that includes {}, but also everyone else. Allow only {} and revoke the 0.0.0.0/0 rule.",
                    group.id, group.name, from.en, from.en
                ),
                format!(
                    "{}({})이(가) TCP {port}을(를) 0.0.0.0/0, 즉 인터넷 전체에 허용해요. {}도 들어 있지만 다른 모든 주소도 들어 있어요. {}만 허용하고 0.0.0.0/0 규칙은 취소하세요.",
                    group.id, group.name, from.ko, from.ko
                ),
            ));
        }
        return CheckOutcome::failed(Text::new(
            format!(
                "{} ({}) allows TCP {port} from {cidr}, a block of {} addresses that includes {} but is wider. Allow exactly {wanted} instead.",
                group.id,
                group.name,
                cidr.size(),
                from.en
            ),
            format!(
                "{}({})이(가) TCP {port}을(를) {cidr}에 허용해요. {}이(가) 들어 있지만 주소 {}개짜리 더 넓은 블록이에요. 대신 정확히 {wanted}만 허용하세요.",
                group.id,
                group.name,
                from.ko,
                cidr.size()
            ),
        ));
    }
    let others: Vec<String> = groups
        .iter()
        .flat_map(|group| group.inbound.iter().filter(|rule| rule.covers_tcp(port)))
        .flat_map(rule_sources)
        .collect();
    if others.is_empty() {
        return CheckOutcome::failed(Text::new(
            format!(
                "No inbound rule of {names} opens TCP {port} to any source; add one from {}.",
                from.en
            ),
            format!(
                "{names}에는 TCP {port}을(를) 여는 인바운드 규칙이 하나도 없어요. {}에서 오는 규칙을 추가하세요.",
                from.ko
            ),
        ));
    }
    let others = others.join(", ");
    CheckOutcome::failed(Text::new(
        format!(
            "No inbound rule of {names} allows TCP {port} from {}: it is open only to {others}.",
            from.en
        ),
        format!(
            "{names}에 {}에서 오는 TCP {port}을(를) 허용하는 인바운드 규칙이 없어요. TCP {port}은(는) {others}에만 열려 있어요.",
            from.ko
        ),
    ))
}

fn not_open_to_world(groups: &[GroupView], port: u16) -> CheckOutcome {
    for group in groups {
        for rule in group.inbound.iter().filter(|rule| rule.covers_tcp(port)) {
            let open_v4 = rule.ipv4.contains(&Cidr::ANYWHERE);
            let open_v6 = rule.ipv6.iter().any(|cidr| cidr == "::/0");
            if open_v4 || open_v6 {
                let world = if open_v4 { "0.0.0.0/0" } else { "::/0" };
                return CheckOutcome::failed(Text::new(
                    format!(
                        "{} ({}) opens TCP {port} to the whole internet ({world}). Revoke that rule and allow only your own address.",
                        group.id, group.name
                    ),
                    format!(
                        "{}({})이(가) TCP {port}을(를) 인터넷 전체({world})에 열어 두었어요. 그 규칙을 취소하고 내 주소만 허용하세요.",
                        group.id, group.name
                    ),
                ));
            }
        }
    }
    let names = group_names(groups);
    CheckOutcome::passed(Text::new(
        format!("No rule of {names} opens TCP {port} to the whole internet."),
        format!("{names}의 어떤 규칙도 TCP {port}을(를) 인터넷 전체에 열지 않아요."),
    ))
}

/// `-rw-r--r--` for a mode (regular file).
pub fn mode_letters(mode: u32) -> String {
    let mut out = String::from("-");
    for shift in [6, 3, 0] {
        let bits = (mode >> shift) & 0o7;
        out.push(if bits & 4 != 0 { 'r' } else { '-' });
        out.push(if bits & 2 != 0 { 'w' } else { '-' });
        out.push(if bits & 1 != 0 { 'x' } else { '-' });
    }
    out
}

fn key_file_mode(lab: &Lab, path: &str, modes: &[u32]) -> CheckOutcome {
    let Some(found) = lab.terminal.file_mode(path) else {
        return CheckOutcome::failed(Text::new(
            format!("There is no file {path} in your home directory."),
            format!("홈 디렉터리에 {path} 파일이 없어요."),
        ));
    };
    let found = found & 0o7777;
    if modes.contains(&found) {
        return CheckOutcome::passed(Text::new(
            format!("{path} has mode {found:o} ({}).", mode_letters(found)),
            format!(
                "{path}의 모드는 {found:o}({})(이)에요.",
                mode_letters(found)
            ),
        ));
    }
    let wanted = |or: &str| {
        modes
            .iter()
            .map(|mode| format!("{mode:o} ({})", mode_letters(*mode)))
            .collect::<Vec<_>>()
            .join(or)
    };
    let others = found & 0o077;
    let (why_en, why_ko) = if others != 0 {
        (
            " Other users can use it, so `ssh` refuses the key.",
            " 다른 사용자도 쓸 수 있어서 `ssh`가 키를 거부해요.",
        )
    } else if found & 0o400 == 0 {
        (
            " You cannot read it yourself, so `ssh` cannot load the key.",
            " 나도 읽을 수 없어서 `ssh`가 키를 불러오지 못해요.",
        )
    } else {
        ("", "")
    };
    CheckOutcome::failed(Text::new(
        format!(
            "{path} has mode {found:o} ({}); it should be {}.{why_en}",
            mode_letters(found),
            wanted(" or ")
        ),
        format!(
            "{path}의 모드가 {found:o}({})(이)에요. {} 중 하나여야 해요.{why_ko}",
            mode_letters(found),
            wanted(", ")
        ),
    ))
}

pub(super) fn page_served(
    cloud: &Cloud,
    instance: &InstanceView,
    port: u16,
    contains: Option<&str>,
) -> CheckOutcome {
    let Some(address) = instance.public_ip else {
        return CheckOutcome::failed(Text::new(
            format!(
                "{} has no public IPv4 address, so nobody on the internet can reach it.",
                instance.id
            ),
            format!(
                "{}에 퍼블릭 IPv4 주소가 없어서 인터넷에서 아무도 접속할 수 없어요.",
                instance.id
            ),
        ));
    };
    let url = if port == 80 {
        format!("http://{address}/")
    } else {
        format!("http://{address}:{port}/")
    };
    match inspect::http_get_from_learner(cloud, address, port) {
        HttpView::Answered { status: 200, body } => match contains {
            Some(wanted) if !body.contains(wanted) => CheckOutcome::failed(Text::new(
                format!("{url} answered 200 OK, but the page does not contain \"{wanted}\"."),
                format!("{url}이(가) 200 OK로 응답했지만 페이지에 \"{wanted}\"가 없어요."),
            )),
            _ => CheckOutcome::passed(Text::new(
                format!("GET {url} from your address answered 200 OK."),
                format!("내 주소에서 GET {url} 요청에 200 OK로 응답했어요."),
            )),
        },
        HttpView::Answered { status, .. } => CheckOutcome::failed(Text::new(
            format!(
                "{url} answered HTTP {status}, not 200: the server runs, but the page is wrong."
            ),
            format!(
                "{url}이(가) 200이 아니라 HTTP {status}로 응답했어요. 서버는 실행 중이지만 페이지에 문제가 있어요."
            ),
        )),
        HttpView::Blocked(reason) => CheckOutcome::failed(Text::new(
            format!("GET {url} from your address failed: {}", reason.en),
            format!("내 주소에서 GET {url} 요청이 실패했어요. {}", reason.ko),
        )),
    }
}

fn elastic_ip_associated(cloud: &Cloud, instance: &InstanceView) -> CheckOutcome {
    let addresses = inspect::addresses(cloud);
    if let Some(address) = addresses
        .iter()
        .find(|address| address.instance_id.as_deref() == Some(instance.id.as_str()))
    {
        return CheckOutcome::passed(Text::new(
            format!(
                "The Elastic IP {} ({}) is associated with {}.",
                address.public_ip, address.allocation_id, instance.id
            ),
            format!(
                "탄력적 IP {}({})이(가) {}에 연결되어 있어요.",
                address.public_ip, address.allocation_id, instance.id
            ),
        ));
    }
    match addresses
        .iter()
        .find(|address| address.instance_id.is_none())
    {
        Some(idle) => CheckOutcome::failed(Text::new(
            format!(
                "The Elastic IP {} ({}) is allocated but not associated with {}; it is billed while it sits idle.",
                idle.public_ip, idle.allocation_id, instance.id
            ),
            format!(
                "탄력적 IP {}({})을(를) 할당했지만 {}에 연결하지 않았어요. 놀고 있는 동안에도 요금이 나가요.",
                idle.public_ip, idle.allocation_id, instance.id
            ),
        )),
        None => CheckOutcome::failed(Text::new(
            format!(
                "No Elastic IP is associated with {}; allocate one first.",
                instance.id
            ),
            format!(
                "{}에 연결된 탄력적 IP가 없어요. 먼저 하나를 할당하세요.",
                instance.id
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_learner_or_a_cidr() {
        assert_eq!(Source::try_from("learner".to_string()), Ok(Source::Learner));
        assert_eq!(
            Source::try_from("0.0.0.0/0".to_string()),
            Ok(Source::Cidr(Cidr::ANYWHERE))
        );
        assert!(Source::try_from("10.0.0.0/33".to_string()).is_err());
        assert!(Source::try_from("me".to_string()).is_err());
        assert_eq!(
            String::from(Source::Cidr(Cidr::host(Ipv4Addr::new(203, 0, 113, 25)))),
            "203.0.113.25/32"
        );
    }

    #[test]
    fn cidr_contains() {
        let block = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(block.contains(Ipv4Addr::new(10, 1, 200, 3)));
        assert!(!block.contains(Ipv4Addr::new(10, 2, 0, 1)));
        assert!(Cidr::ANYWHERE.contains(Ipv4Addr::new(1, 2, 3, 4)));
        assert!(Cidr::host(Ipv4Addr::LOCALHOST).contains(Ipv4Addr::LOCALHOST));
    }

    #[test]
    fn modes_read_as_ls_shows_them() {
        assert_eq!(mode_letters(0o644), "-rw-r--r--");
        assert_eq!(mode_letters(0o400), "-r--------");
        assert_eq!(mode_letters(0o777), "-rwxrwxrwx");
    }

    /// `web-sg` with one TCP rule per source, on `port`.
    fn web_sg(port: u16, sources: &[&str]) -> GroupView {
        GroupView {
            id: "sg-0123".into(),
            name: "web-sg".into(),
            inbound: sources
                .iter()
                .map(|source| RuleView {
                    protocol: "tcp".into(),
                    from_port: i32::from(port),
                    to_port: i32::from(port),
                    ipv4: Cidr::parse(source).into_iter().collect(),
                    ipv6: Vec::new(),
                    groups: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn each_security_group_reason_names_the_actual_problem() {
        let cloud = Cloud::default();
        let ssh_only_from_learner = |sources: &[&str]| {
            group_allows(&cloud, &[web_sg(22, sources)], 22, &Source::Learner, true)
        };
        let world = ssh_only_from_learner(&["0.0.0.0/0"]);
        assert!(!world.passed);
        assert!(
            world.detail.en.starts_with(
                "sg-0123 (web-sg) allows TCP 22 from 0.0.0.0/0, the whole internet: that includes your address (203.0.113.25/32), but also everyone else."
            ),
            "{}",
            world.detail.en
        );
        assert!(
            world.detail.ko.starts_with("sg-0123(web-sg)이 TCP 22를 0.0.0.0/0, 즉 인터넷 전체에 허용해요. 내 주소(203.0.113.25/32)도 들어 있지만"),
            "{}",
            world.detail.ko
        );
        let block = ssh_only_from_learner(&["203.0.113.0/24"]);
        assert!(
            block.detail.en.contains("from 203.0.113.0/24, a block of 256 addresses that includes your address (203.0.113.25/32) but is wider"),
            "{}",
            block.detail.en
        );
        let someone_else = ssh_only_from_learner(&["198.51.100.7/32"]);
        assert_eq!(
            someone_else.detail.en,
            "No inbound rule of sg-0123 (web-sg) allows TCP 22 from your address (203.0.113.25/32): it is open only to 198.51.100.7/32."
        );
        let closed = ssh_only_from_learner(&[]);
        assert_eq!(
            closed.detail.en,
            "No inbound rule of sg-0123 (web-sg) opens TCP 22 to any source; add one from your address (203.0.113.25/32)."
        );
        let both = ssh_only_from_learner(&["203.0.113.25/32", "0.0.0.0/0"]);
        assert!(
            both.detail.en.contains("also allows TCP 22 from 0.0.0.0/0"),
            "{}",
            both.detail.en
        );
        assert!(ssh_only_from_learner(&["203.0.113.25/32"]).passed);
        let http = group_allows(
            &cloud,
            &[web_sg(80, &["203.0.113.25/32"])],
            80,
            &Source::Cidr(Cidr::ANYWHERE),
            false,
        );
        assert_eq!(
            http.detail.en,
            "No inbound rule of sg-0123 (web-sg) allows TCP 80 from anywhere (0.0.0.0/0): it is open only to 203.0.113.25/32."
        );
    }

    #[test]
    fn korean_reasons_pick_ira_by_the_name() {
        let cloud = Cloud::default();
        let missing = key_pair_exists(&cloud, Some("web-key"));
        assert!(
            missing.detail.ko.contains("web-key라는 이름으로"),
            "{}",
            missing.detail.ko
        );
        let no_admin = account::console_password(&cloud, "admin", true);
        assert_eq!(no_admin.detail.ko, "아직 admin이라는 IAM 사용자가 없어요.");
    }

    #[test]
    fn check_parameters_are_validated() {
        let both = Check::SecurityGroupAllows {
            tag_key: "Name".into(),
            tag_value: Some("web".into()),
            group_name: Some("web-sg".into()),
            port: 22,
            source: Source::Learner,
            only: false,
        };
        assert!(both.validate().is_err());
        let neither = Check::PortNotOpenToWorld {
            tag_key: "Name".into(),
            tag_value: None,
            group_name: None,
            port: 22,
        };
        assert!(neither.validate().is_err());
        let zero = Check::PageServed {
            tag_key: "Name".into(),
            tag_value: "web".into(),
            port: 0,
            contains: None,
        };
        assert!(zero.validate().is_err());
        assert!(
            Check::KeyFileMode {
                path: "k".into(),
                modes: vec![0o400, 0o10000]
            }
            .validate()
            .is_err()
        );
        assert!(
            Check::KeyFileMode {
                path: "k".into(),
                modes: Vec::new()
            }
            .validate()
            .is_err()
        );
        assert!(Check::HintUsed.validate().is_ok());
    }

    #[test]
    fn checks_read_from_toml() {
        #[derive(Deserialize)]
        struct Holder {
            check: Check,
        }
        let holder: Holder = toml::from_str(
            r#"check = { kind = "key_file_mode", path = "web-key.pem", modes = [0o400, 0o600] }"#,
        )
        .unwrap();
        assert_eq!(
            holder.check,
            Check::KeyFileMode {
                path: "web-key.pem".into(),
                modes: vec![256, 384]
            }
        );
        let holder: Holder = toml::from_str(
            r#"check = { kind = "running_instances", tag_value = "web", count = 1 }"#,
        )
        .unwrap();
        assert!(
            matches!(holder.check, Check::RunningInstances { ref tag_key, .. } if tag_key == "Name")
        );
        let wrong: Result<Holder, _> =
            toml::from_str(r#"check = { kind = "key_pair_exists", nmae = "web-key" }"#);
        assert!(wrong.is_err());
    }
}
