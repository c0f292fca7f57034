//! A small AWS console (EC2, VPC, S3, CloudWatch, IAM, Billing) beside the terminal. Both act on the same simulated account.
//!
//! Each panel builds AWS request inputs from form fields and calls the model through the
//! course session; the model decides and the panel shows the result or AWS's error.

pub mod action_status;
pub mod alarms_panel;
pub mod attached_policies;
pub mod authenticator;
pub mod auto_scaling_panel;
pub mod bucket_versions;
pub mod buckets_panel;
pub mod budgets_panel;
pub mod caches_panel;
pub mod choice;
pub mod choice_radios;
pub mod choice_select;
pub mod console_action;
pub mod console_nav;
pub mod dashboards_panel;
pub mod databases_panel;
pub mod dax_clusters_panel;
pub mod distributions_panel;
pub mod error_box;
pub mod functions_panel;
pub mod health_checks_panel;
pub mod hosted_zones_panel;
pub mod iam_access_keys;
pub mod iam_data;
pub mod iam_group_details;
pub mod iam_groups_panel;
pub mod iam_user_details;
pub mod iam_users_panel;
pub mod images_panel;
pub mod inbox_panel;
pub mod instances_panel;
pub mod key_pairs_panel;
pub mod lab_signal;
pub mod launch_plan;
pub mod launch_wizard;
pub mod load_balancers_panel;
pub mod navigation;
pub mod network_diagram;
pub mod network_diagram_data;
pub mod network_map_panel;
pub mod policy_editor;
pub mod policy_simulator;
pub mod pricing_panel;
pub mod resource_table;
pub mod rest_apis_panel;
pub mod root_mfa;
pub mod scaling_chart;
pub mod scaling_chart_data;
pub mod security_groups_panel;
pub mod snapshots_panel;
pub mod table_reader;
pub mod tables_panel;
pub mod topics_panel;
pub mod viewer_request;
pub mod volumes_panel;
pub mod vpcs_panel;

use leptos::prelude::*;

use alarms_panel::AlarmsPanel;
use authenticator::Authenticator;
use auto_scaling_panel::AutoScalingPanel;
use buckets_panel::BucketsPanel;
use budgets_panel::BudgetsPanel;
use caches_panel::CachesPanel;
use console_nav::ConsoleNav;
use dashboards_panel::DashboardsPanel;
use databases_panel::DatabasesPanel;
use dax_clusters_panel::DaxClustersPanel;
use distributions_panel::DistributionsPanel;
use functions_panel::FunctionsPanel;
use health_checks_panel::HealthChecksPanel;
use hosted_zones_panel::HostedZonesPanel;
use iam_groups_panel::IamGroupsPanel;
use iam_users_panel::IamUsersPanel;
use images_panel::ImagesPanel;
use inbox_panel::InboxPanel;
use instances_panel::InstancesPanel;
use key_pairs_panel::KeyPairsPanel;
use launch_wizard::LaunchWizard;
use load_balancers_panel::LoadBalancersPanel;
use network_map_panel::NetworkMapPanel;
use policy_editor::PolicyEditor;
use policy_simulator::PolicySimulator;
use pricing_panel::PricingPanel;
use rest_apis_panel::RestApisPanel;
use root_mfa::RootMfa;
use security_groups_panel::SecurityGroupsPanel;
use snapshots_panel::SnapshotsPanel;
use tables_panel::TablesPanel;
use topics_panel::TopicsPanel;
use volumes_panel::VolumesPanel;
use vpcs_panel::VpcsPanel;

/// The console's pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsolePage {
    /// Instance list and actions.
    Instances,
    /// The launch wizard.
    Launch,
    /// Key pairs.
    KeyPairs,
    /// Security groups and their rules.
    SecurityGroups,
    /// What instance types cost under each purchase option.
    Pricing,
    /// The account's own AMIs.
    Images,
    /// EBS volumes.
    Volumes,
    /// EBS snapshots.
    Snapshots,
    /// Load balancers, their listeners and targets' health.
    LoadBalancers,
    /// Auto Scaling groups, their chart and activities.
    AutoScaling,
    /// CloudWatch alarms.
    Alarms,
    /// VPCs, subnets, route tables, network ACLs and gateways.
    Vpcs,
    /// The diagram of the learner's VPCs and the reachability view.
    NetworkMap,
    /// S3 buckets and their objects.
    Buckets,
    /// CloudFront distributions, their edges' caches and invalidations.
    Distributions,
    /// RDS DB instances, their snapshots and what their databases hold.
    Databases,
    /// DynamoDB tables, their indexes, and reads that show their cost.
    Tables,
    /// DAX clusters and their caches' hits and misses.
    DaxClusters,
    /// ElastiCache replication groups and Memcached clusters.
    Caches,
    /// Lambda functions, their code editor and Test tab.
    Functions,
    /// API Gateway REST APIs, their methods and stages.
    RestApis,
    /// SNS topics and their subscriptions.
    Topics,
    /// The lab's mailbox (every mail SNS sends).
    Inbox,
    /// CloudWatch dashboards drawn from the model's metrics.
    Dashboards,
    /// Route 53 hosted zones and their records.
    HostedZones,
    /// Route 53 health checks.
    HealthChecks,
    /// The JSON policy editor.
    PolicyEditor,
    /// The IAM policy simulator.
    PolicySimulator,
    /// The simulated authenticator app for MFA.
    Authenticator,
    /// The root user's MFA assignment.
    RootMfa,
    /// IAM users, their groups, policies and access keys.
    IamUsers,
    /// IAM user groups, their members and policies.
    IamGroups,
    /// AWS Budgets.
    Budgets,
}

impl ConsolePage {
    /// Every page.
    pub const ALL: &[ConsolePage] = &[
        ConsolePage::Instances,
        ConsolePage::Launch,
        ConsolePage::KeyPairs,
        ConsolePage::SecurityGroups,
        ConsolePage::Pricing,
        ConsolePage::Images,
        ConsolePage::Volumes,
        ConsolePage::Snapshots,
        ConsolePage::LoadBalancers,
        ConsolePage::AutoScaling,
        ConsolePage::Alarms,
        ConsolePage::Vpcs,
        ConsolePage::NetworkMap,
        ConsolePage::Buckets,
        ConsolePage::Distributions,
        ConsolePage::Databases,
        ConsolePage::Tables,
        ConsolePage::DaxClusters,
        ConsolePage::Caches,
        ConsolePage::Functions,
        ConsolePage::RestApis,
        ConsolePage::Topics,
        ConsolePage::Inbox,
        ConsolePage::Dashboards,
        ConsolePage::HostedZones,
        ConsolePage::HealthChecks,
        ConsolePage::PolicyEditor,
        ConsolePage::PolicySimulator,
        ConsolePage::Authenticator,
        ConsolePage::RootMfa,
        ConsolePage::IamUsers,
        ConsolePage::IamGroups,
        ConsolePage::Budgets,
    ];

    /// The page's view for `chapter`'s lab.
    fn view(self, chapter: u32) -> AnyView {
        match self {
            ConsolePage::Instances => view! { <InstancesPanel chapter /> }.into_any(),
            ConsolePage::Launch => view! { <LaunchWizard chapter /> }.into_any(),
            ConsolePage::KeyPairs => view! { <KeyPairsPanel chapter /> }.into_any(),
            ConsolePage::SecurityGroups => view! { <SecurityGroupsPanel chapter /> }.into_any(),
            ConsolePage::Pricing => view! { <PricingPanel chapter /> }.into_any(),
            ConsolePage::Images => view! { <ImagesPanel chapter /> }.into_any(),
            ConsolePage::Volumes => view! { <VolumesPanel chapter /> }.into_any(),
            ConsolePage::Snapshots => view! { <SnapshotsPanel chapter /> }.into_any(),
            ConsolePage::LoadBalancers => view! { <LoadBalancersPanel chapter /> }.into_any(),
            ConsolePage::AutoScaling => view! { <AutoScalingPanel chapter /> }.into_any(),
            ConsolePage::Alarms => view! { <AlarmsPanel chapter /> }.into_any(),
            ConsolePage::Vpcs => view! { <VpcsPanel chapter /> }.into_any(),
            ConsolePage::NetworkMap => view! { <NetworkMapPanel chapter /> }.into_any(),
            ConsolePage::Buckets => view! { <BucketsPanel chapter /> }.into_any(),
            ConsolePage::Distributions => view! { <DistributionsPanel chapter /> }.into_any(),
            ConsolePage::Databases => view! { <DatabasesPanel chapter /> }.into_any(),
            ConsolePage::Tables => view! { <TablesPanel chapter /> }.into_any(),
            ConsolePage::DaxClusters => view! { <DaxClustersPanel chapter /> }.into_any(),
            ConsolePage::Caches => view! { <CachesPanel chapter /> }.into_any(),
            ConsolePage::Functions => view! { <FunctionsPanel chapter /> }.into_any(),
            ConsolePage::RestApis => view! { <RestApisPanel chapter /> }.into_any(),
            ConsolePage::Topics => view! { <TopicsPanel chapter /> }.into_any(),
            ConsolePage::Inbox => view! { <InboxPanel chapter /> }.into_any(),
            ConsolePage::Dashboards => view! { <DashboardsPanel chapter /> }.into_any(),
            ConsolePage::HostedZones => view! { <HostedZonesPanel chapter /> }.into_any(),
            ConsolePage::HealthChecks => view! { <HealthChecksPanel chapter /> }.into_any(),
            ConsolePage::PolicyEditor => view! { <PolicyEditor chapter /> }.into_any(),
            ConsolePage::PolicySimulator => view! { <PolicySimulator chapter /> }.into_any(),
            ConsolePage::Authenticator => view! { <Authenticator chapter /> }.into_any(),
            ConsolePage::RootMfa => view! { <RootMfa chapter /> }.into_any(),
            ConsolePage::IamUsers => view! { <IamUsersPanel chapter /> }.into_any(),
            ConsolePage::IamGroups => view! { <IamGroupsPanel chapter /> }.into_any(),
            ConsolePage::Budgets => view! { <BudgetsPanel chapter /> }.into_any(),
        }
    }
}

/// The console (EC2, IAM, Billing) for a chapter's lab.
#[component]
pub fn ConsolePanel(
    /// Chapter whose lab the console shows.
    chapter: u32,
) -> impl IntoView {
    let page = RwSignal::new(ConsolePage::Instances);
    provide_context(page);
    view! {
        <div class="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900 xl:flex-row">
            <ConsoleNav page />
            <div class="min-w-0 flex-1">{move || page.get().view(chapter)}</div>
        </div>
    }
}

/// Classes shared by the console's form controls.
pub const INPUT_CLASS: &str = "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800";
/// Classes of a primary button.
pub const PRIMARY_BUTTON: &str = "rounded bg-teal-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-teal-800 disabled:opacity-50";
/// Classes of a secondary button.
pub const SECONDARY_BUTTON: &str = "rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";
