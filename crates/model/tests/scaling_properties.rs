//! Properties of a load-balanced Auto Scaling group under random operations: the
//! group's desired capacity stays within its bounds and its size never passes
//! its maximum; a request goes to a healthy target whenever the target group has
//! one; the bill never goes down; everything saves and reads back.

use std::time::Duration;

use cloudlab_model::Cloud;
use cloudlab_model::autoscaling::groups::{
    CreateAutoScalingGroupInput, SetDesiredCapacityInput, SetInstanceProtectionInput,
    UpdateAutoScalingGroupInput,
};
use cloudlab_model::autoscaling::policies::{
    PredefinedMetricSpecification, PutScalingPolicyInput, TargetTrackingConfiguration,
};
use cloudlab_model::catalog::{self, Architecture, OsFamily};
use cloudlab_model::ec2::guest::ServiceAction;
use cloudlab_model::ec2::instances::InstanceIdsInput;
use cloudlab_model::ec2::launch_templates::{
    CreateLaunchTemplateInput, LaunchTemplateData, LaunchTemplateSpecification,
};
use cloudlab_model::ec2::security_groups::{
    CreateSecurityGroupInput, IpPermission, SecurityGroupRulesInput,
};
use cloudlab_model::ec2::shapes::MonitoringRequest;
use cloudlab_model::elbv2::listeners::{Action, CreateListenerInput};
use cloudlab_model::elbv2::load_balancers::CreateLoadBalancerInput;
use cloudlab_model::elbv2::target_groups::{CreateTargetGroupInput, TargetHealthState};
use proptest::prelude::*;

const USER_DATA: &str = "#!/bin/bash\ndnf install -y httpd\nsystemctl enable --now httpd\necho \"<h1>$(hostname)</h1>\" > /var/www/html/index.html\n";

struct Lab {
    cloud: Cloud,
    dns: String,
    target_group: String,
}

fn group_id(cloud: &mut Cloud, name: &str) -> String {
    cloud
        .create_security_group(CreateSecurityGroupInput {
            group_name: name.into(),
            description: name.into(),
            ..Default::default()
        })
        .unwrap()
        .group_id
}

fn allow(cloud: &mut Cloud, group: &str, permission: IpPermission) {
    cloud
        .authorize_security_group_ingress(SecurityGroupRulesInput {
            group_id: Some(group.into()),
            ip_permissions: vec![permission],
            ..Default::default()
        })
        .unwrap();
}

/// The chapter 8 lab: an ALB in two zones in front of a group of 1–4 web servers
/// with target tracking at 50% CPU.
fn lab() -> Lab {
    let mut cloud = Cloud::default();
    let alb_sg = group_id(&mut cloud, "alb");
    allow(
        &mut cloud,
        &alb_sg,
        IpPermission::cidr("tcp", 80, 80, "0.0.0.0/0"),
    );
    let web_sg = group_id(&mut cloud, "web");
    allow(
        &mut cloud,
        &web_sg,
        IpPermission::group("tcp", 80, 80, &alb_sg),
    );
    let image = catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .unwrap();
    use base64::Engine as _;
    cloud
        .create_launch_template(CreateLaunchTemplateInput {
            launch_template_name: "web".into(),
            launch_template_data: LaunchTemplateData {
                image_id: Some(image.image_id),
                instance_type: Some("t3.micro".into()),
                security_group_ids: vec![web_sg],
                user_data: Some(base64::engine::general_purpose::STANDARD.encode(USER_DATA)),
                monitoring: Some(MonitoringRequest { enabled: true }),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    let vpc = cloud.default_vpc().unwrap().vpc_id.clone();
    let subnets: Vec<String> = cloud
        .subnets()
        .iter()
        .filter(|s| s.default_for_az)
        .take(2)
        .map(|s| s.subnet_id.clone())
        .collect();
    let target_group = cloud
        .create_target_group(CreateTargetGroupInput {
            name: "web".into(),
            protocol: Some("HTTP".into()),
            port: Some(80),
            vpc_id: Some(vpc),
            health_check_interval_seconds: Some(10),
            healthy_threshold_count: Some(2),
            ..Default::default()
        })
        .unwrap()
        .target_groups[0]
        .target_group_arn
        .clone();
    let lb = cloud
        .create_load_balancer(CreateLoadBalancerInput {
            name: "web".into(),
            subnets: subnets.clone(),
            security_groups: vec![alb_sg],
            ..Default::default()
        })
        .unwrap()
        .load_balancers[0]
        .clone();
    cloud
        .create_listener(CreateListenerInput {
            load_balancer_arn: lb.load_balancer_arn,
            protocol: Some("HTTP".into()),
            port: Some(80),
            default_actions: vec![Action {
                action_type: "forward".into(),
                target_group_arn: Some(target_group.clone()),
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap();
    cloud
        .create_auto_scaling_group(CreateAutoScalingGroupInput {
            auto_scaling_group_name: "web".into(),
            launch_template: Some(LaunchTemplateSpecification {
                launch_template_name: Some("web".into()),
                ..Default::default()
            }),
            min_size: Some(1),
            max_size: Some(4),
            desired_capacity: Some(2),
            vpc_zone_identifier: Some(subnets.join(",")),
            target_group_arns: vec![target_group.clone()],
            health_check_type: Some("ELB".into()),
            health_check_grace_period: Some(120),
            ..Default::default()
        })
        .unwrap();
    cloud
        .put_scaling_policy(PutScalingPolicyInput {
            auto_scaling_group_name: "web".into(),
            policy_name: "cpu50".into(),
            policy_type: Some("TargetTrackingScaling".into()),
            target_tracking_configuration: Some(TargetTrackingConfiguration {
                predefined_metric_specification: Some(PredefinedMetricSpecification {
                    predefined_metric_type: "ASGAverageCPUUtilization".into(),
                    resource_label: None,
                }),
                target_value: 50.0,
                disable_scale_in: None,
            }),
            ..Default::default()
        })
        .unwrap();
    Lab {
        cloud,
        dns: lb.dns_name,
        target_group,
    }
}

#[derive(Clone, Debug)]
enum Op {
    Advance(u64),
    Load(u64),
    SetDesired(i64),
    Bounds(i64, i64),
    Terminate(usize),
    Stop(usize),
    BreakWeb(usize),
    FixWeb(usize),
    Protect(usize, bool),
    Curl,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (10u64..900).prop_map(Op::Advance),
        (10_000u64..600_000).prop_map(Op::Load),
        (0i64..6).prop_map(Op::SetDesired),
        (0i64..3, 0i64..5).prop_map(|(min, max)| Op::Bounds(min, max)),
        (0usize..4).prop_map(Op::Terminate),
        (0usize..4).prop_map(Op::Stop),
        (0usize..4).prop_map(Op::BreakWeb),
        (0usize..4).prop_map(Op::FixWeb),
        (0usize..4, any::<bool>()).prop_map(|(i, on)| Op::Protect(i, on)),
        Just(Op::Curl),
    ]
}

fn member(cloud: &Cloud, i: usize) -> Option<String> {
    let g = cloud.auto_scaling_group("web")?;
    let n = g.instances.len();
    (n > 0).then(|| g.instances[i % n].instance_id.clone())
}

fn apply(lab: &mut Lab, op: &Op) {
    if let Op::Advance(_) | Op::Load(_) = op {
        return apply_time(lab, op);
    }
    let cloud = &mut lab.cloud;
    match op {
        Op::Advance(_) | Op::Load(_) | Op::Curl => {}
        Op::SetDesired(d) => drop(cloud.set_desired_capacity(SetDesiredCapacityInput {
            auto_scaling_group_name: "web".into(),
            desired_capacity: *d,
        })),
        Op::Bounds(min, max) => drop(cloud.update_auto_scaling_group(
            UpdateAutoScalingGroupInput {
                auto_scaling_group_name: "web".into(),
                min_size: Some(*min),
                max_size: Some(*max),
                ..Default::default()
            },
        )),
        Op::Terminate(i) => {
            if let Some(id) = member(cloud, *i) {
                let _ = cloud.terminate_instances(InstanceIdsInput {
                    instance_ids: vec![id],
                    ..Default::default()
                });
            }
        }
        Op::Stop(i) => {
            if let Some(id) = member(cloud, *i) {
                let _ = cloud.stop_instances(InstanceIdsInput {
                    instance_ids: vec![id],
                    ..Default::default()
                });
            }
        }
        Op::BreakWeb(i) | Op::FixWeb(i) => {
            if let Some(id) = member(cloud, *i) {
                let action = if matches!(op, Op::BreakWeb(_)) {
                    ServiceAction::Stop
                } else {
                    ServiceAction::Start
                };
                let _ = cloud.guest_service(&id, "httpd", action);
            }
        }
        Op::Protect(i, on) => {
            if let Some(id) = member(cloud, *i) {
                let _ = cloud.set_instance_protection(SetInstanceProtectionInput {
                    instance_ids: vec![id],
                    auto_scaling_group_name: "web".into(),
                    protected_from_scale_in: *on,
                });
            }
        }
    }
}

fn apply_time(lab: &mut Lab, op: &Op) {
    match op {
        Op::Advance(secs) => {
            // In steps, so the checks see the instants in between.
            for _ in 0..secs / 30 {
                lab.cloud.advance(Duration::from_secs(30));
                check(lab);
            }
        }
        Op::Load(n) => {
            let source = lab.cloud.learner_ip();
            let _ = lab.cloud.load_test(source, &lab.dns, 80, "/", *n, 100);
        }
        _ => {}
    }
}

/// The invariants at this instant.
fn check(lab: &Lab) {
    let cloud = &lab.cloud;
    let g = cloud.auto_scaling_group("web").expect("the group exists");
    assert!(
        g.min_size <= g.desired && g.desired <= g.max_size,
        "desired {} outside {}..={}",
        g.desired,
        g.min_size,
        g.max_size
    );
    let protected = g
        .instances
        .iter()
        .filter(|i| i.is_live() && i.protected)
        .count() as u32;
    assert!(
        g.live_count() <= g.max_size.max(protected),
        "{} instances with max {} ({} protected)",
        g.live_count(),
        g.max_size,
        protected
    );
    // A request goes to a healthy target whenever there is one.
    let tg = cloud
        .target_group(&lab.target_group)
        .expect("the target group exists");
    let any_healthy = tg
        .targets
        .iter()
        .any(|t| cloud.target_health(tg, t).0 == TargetHealthState::Healthy);
    if let Ok(response) = cloud.http_get(cloud.learner_ip(), &lab.dns, 80, "/")
        && any_healthy
    {
        let target = tg
            .targets
            .iter()
            .find(|t| t.id == response.instance_id)
            .unwrap_or_else(|| {
                panic!(
                    "answered {} by {:?}, not a target",
                    response.status, response.instance_id
                )
            });
        assert_eq!(
            cloud.target_health(tg, target).0,
            TargetHealthState::Healthy
        );
        // A healthy target whose server stopped since its last check gives a 502
        // until the checks notice, as on AWS.
        if response.status == 200 {
            assert_eq!(response.forwarded_for, Some(cloud.learner_ip()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_scaling_group_behind_a_load_balancer_keeps_its_promises(
        ops in proptest::collection::vec(op(), 1..20)
    ) {
        let mut lab = lab();
        let mut billed = 0.0;
        for op in &ops {
            apply(&mut lab, op);
            check(&lab);
            let total: f64 = lab.cloud.monthly_charges().iter().map(|m| m.total_usd()).sum();
            prop_assert!(total >= billed, "the bill went from {} to {} after {:?}", billed, total, op);
            billed = total;
        }
        let json = serde_json::to_string(&lab.cloud).unwrap();
        let back: Cloud = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, lab.cloud);
    }
}

/// Found by the property above: protection lifted from an instance above a
/// maximum of 0 must let the group terminate it at once.
#[test]
fn lifting_protection_above_the_maximum_scales_in_at_once() {
    let mut lab = lab();
    for op in [
        Op::Load(10_000),
        Op::Advance(10),
        Op::Protect(1, true),
        Op::Bounds(0, 0),
        Op::Protect(1, false),
    ] {
        apply(&mut lab, &op);
        check(&lab);
    }
}

#[test]
fn load_through_the_balancer_scales_out_then_in() {
    let mut lab = lab();
    lab.cloud.advance(Duration::from_secs(300));
    let source = lab.cloud.learner_ip();
    let report = lab
        .cloud
        .load_test(source, &lab.dns, 80, "/", 2_000_000, 200)
        .unwrap();
    assert_eq!(report.response.status, 200);
    let g = lab.cloud.auto_scaling_group("web").unwrap();
    assert_eq!(g.desired, 4, "scaled out to the maximum");
    lab.cloud.advance(Duration::from_secs(1_500));
    let g = lab.cloud.auto_scaling_group("web").unwrap();
    assert_eq!(g.desired, 1, "scaled back in");
    assert!(g.size_history.iter().any(|s| s.in_service == 4));
}

#[test]
fn auto_scaling_terminates_protected_instances_and_alarms_act_when_set_by_hand() {
    use cloudlab_model::autoscaling::policies::ExecutePolicyInput;
    use cloudlab_model::cloudwatch::alarms::{PutMetricAlarmInput, SetAlarmStateInput};
    let mut cloud = Cloud::default();
    let image = catalog::image_for(
        cloud.region().code,
        OsFamily::AmazonLinux2023,
        Architecture::X86_64,
    )
    .unwrap();
    cloud
        .create_launch_template(CreateLaunchTemplateInput {
            launch_template_name: "protected".into(),
            launch_template_data: LaunchTemplateData {
                image_id: Some(image.image_id),
                instance_type: Some("t3.micro".into()),
                disable_api_termination: Some(true),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    cloud
        .create_auto_scaling_group(CreateAutoScalingGroupInput {
            auto_scaling_group_name: "g".into(),
            launch_template: Some(LaunchTemplateSpecification {
                launch_template_name: Some("protected".into()),
                ..Default::default()
            }),
            min_size: Some(0),
            max_size: Some(3),
            desired_capacity: Some(1),
            availability_zones: vec!["ap-northeast-2a".into()],
            ..Default::default()
        })
        .unwrap();
    cloud.advance(Duration::from_secs(60));
    let arn = cloud
        .put_scaling_policy(PutScalingPolicyInput {
            auto_scaling_group_name: "g".into(),
            policy_name: "add-one".into(),
            adjustment_type: Some("ChangeInCapacity".into()),
            scaling_adjustment: Some(1),
            ..Default::default()
        })
        .unwrap()
        .policy_arn;
    cloud
        .put_metric_alarm(PutMetricAlarmInput {
            alarm_name: "busy".into(),
            metric_name: Some("CPUUtilization".into()),
            namespace: Some("AWS/EC2".into()),
            statistic: Some("Average".into()),
            dimensions: vec![cloudlab_model::cloudwatch::metrics::Dimension {
                name: "AutoScalingGroupName".into(),
                value: "g".into(),
            }],
            period: Some(60),
            evaluation_periods: Some(1),
            threshold: Some(90.0),
            comparison_operator: Some("GreaterThanThreshold".into()),
            alarm_actions: vec![arn],
            ..Default::default()
        })
        .unwrap();
    // Setting the state by hand runs the action at once, as on AWS.
    cloud
        .set_alarm_state(SetAlarmStateInput {
            alarm_name: "busy".into(),
            state_value: "ALARM".into(),
            state_reason: "testing".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(cloud.auto_scaling_group("g").unwrap().desired, 2);
    assert!(
        cloud
            .execute_policy(ExecutePolicyInput {
                auto_scaling_group_name: Some("g".into()),
                policy_name: "add-one".into(),
                ..Default::default()
            })
            .is_ok()
    );
    // Termination protection does not stop Auto Scaling.
    cloud
        .set_desired_capacity(SetDesiredCapacityInput {
            auto_scaling_group_name: "g".into(),
            desired_capacity: 0,
        })
        .unwrap();
    cloud.advance(Duration::from_secs(180));
    let g = cloud.auto_scaling_group("g").unwrap();
    assert!(g.instances.is_empty(), "{:?}", g.instances);
    assert!(
        cloud
            .scaling_activities()
            .iter()
            .all(|a| a.status != "InProgress")
    );
}

#[test]
fn get_metric_data_over_years_is_refused_not_hung() {
    use cloudlab_model::cloudwatch::metric_data::{
        GetMetricDataInput, Metric, MetricDataQuery, MetricStat,
    };
    let mut cloud = Cloud::default();
    cloud.advance(Duration::from_secs(86_400 * 400));
    let err = cloud
        .get_metric_data(GetMetricDataInput {
            metric_data_queries: vec![MetricDataQuery {
                id: "cpu".into(),
                metric_stat: Some(MetricStat {
                    metric: Metric {
                        namespace: "AWS/EC2".into(),
                        metric_name: "CPUUtilization".into(),
                        dimensions: Vec::new(),
                    },
                    period: 60,
                    stat: "Average".into(),
                    unit: None,
                }),
                ..Default::default()
            }],
            start_time: "2026-01-05T09:00:00Z".into(),
            end_time: "2030-01-01T00:00:00Z".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(
        err.message().contains("exceeds the limit"),
        "{}",
        err.message()
    );
}
