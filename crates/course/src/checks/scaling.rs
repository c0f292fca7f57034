//! Scaling checks (chapter 8): a load balancer that serves from healthy targets
//! in several zones, an Auto Scaling group with its bounds and a CPU policy, the
//! group scaled out by an alarm and back in, and an instance replaced.

use cloudlab_model::Cloud;
use cloudlab_model::autoscaling::{Activity, AutoScalingGroup};
use cloudlab_model::elbv2::{LoadBalancer, TargetHealthState};

use crate::checks::{CheckOutcome, fail, pass};
use crate::text::Text;

/// What a target's failing health check means, for the learner.
fn health_advice(reason: &str) -> (&'static str, &'static str) {
    match reason {
        "Target.Timeout" => (
            "the check timed out: the instance's security group must allow port 80 from the load balancer's security group",
            "검사 시간이 초과됐어요. 인스턴스의 보안 그룹이 로드 밸런서의 보안 그룹에서 오는 80번 포트를 허용해야 해요",
        ),
        "Target.FailedHealthChecks" => (
            "nothing answered on the port: is the web server installed and running?",
            "포트에서 응답하는 프로그램이 없어요. 웹 서버가 설치되어 실행 중인가요?",
        ),
        "Target.ResponseCodeMismatch" => (
            "the page answered with a code the health check does not accept",
            "페이지가 상태 검사가 받아들이지 않는 코드로 응답했어요",
        ),
        "Elb.RegistrationInProgress" | "Elb.InitialHealthChecking" => (
            "its first checks are still running: fast-forward a little",
            "첫 검사가 아직 진행 중이에요. 시간을 조금 앞으로 돌려 보세요",
        ),
        _ => ("", ""),
    }
}

/// An active, internet-facing load balancer of the account.
fn active_balancer(cloud: &Cloud) -> Result<&LoadBalancer, CheckOutcome> {
    let lbs = cloud.load_balancers();
    if let Some(lb) = lbs
        .iter()
        .find(|lb| lb.is_active() && lb.scheme == "internet-facing")
    {
        return Ok(lb);
    }
    Err(match lbs.first() {
        None => fail(
            "You have no load balancer yet.".into(),
            "아직 로드 밸런서가 없어요.".into(),
        ),
        Some(lb) if !lb.is_active() => fail(
            format!(
                "{} is still {}: fast-forward a few minutes.",
                lb.name, lb.state
            ),
            format!(
                "{}은(는) 아직 {} 상태예요. 시간을 몇 분 앞으로 돌려 보세요.",
                lb.name, lb.state
            ),
        ),
        Some(lb) => fail(
            format!("{} is internal: the internet cannot reach it.", lb.name),
            format!("{}은(는) 내부용이라 인터넷에서 접속할 수 없어요.", lb.name),
        ),
    })
}

/// An active internet-facing load balancer answers `GET /` with 200 from a
/// target group that has at least `min_healthy` healthy targets in at least
/// `min_zones` Availability Zones.
pub(super) fn load_balancer_serves(
    cloud: &Cloud,
    min_healthy: u32,
    min_zones: u32,
) -> CheckOutcome {
    let lb = match active_balancer(cloud) {
        Ok(lb) => lb,
        Err(outcome) => return outcome,
    };
    let groups: Vec<_> = cloud
        .target_groups()
        .iter()
        .filter(|g| {
            cloud
                .load_balancers_of_target_group(&g.arn)
                .iter()
                .any(|l| l.arn == lb.arn)
        })
        .collect();
    let Some(group) = groups.first() else {
        return fail(
            format!(
                "{} has no listener that forwards to a target group.",
                lb.name
            ),
            format!("{}에 대상 그룹으로 전달하는 리스너가 없어요.", lb.name),
        );
    };
    let mut healthy = Vec::new();
    let mut zones = Vec::new();
    let mut problems_en = Vec::new();
    let mut problems_ko = Vec::new();
    for t in &group.targets {
        let (state, reason, _) = cloud.target_health(group, t);
        if state == TargetHealthState::Healthy {
            healthy.push(t.id.clone());
            if let Some(i) = cloud.instance(&t.id)
                && !zones.contains(&i.availability_zone)
            {
                zones.push(i.availability_zone.clone());
            }
        } else {
            let reason = reason.unwrap_or_default();
            let (en, ko) = health_advice(&reason);
            problems_en.push(format!(
                "{} is {} ({reason}){}{en}",
                t.id,
                state.as_str(),
                if en.is_empty() { "" } else { ": " }
            ));
            problems_ko.push(format!(
                "{}은(는) {} 상태예요({reason}){}{ko}",
                t.id,
                state.as_str(),
                if ko.is_empty() { "" } else { ". " }
            ));
        }
    }
    if (healthy.len() as u32) < min_healthy || (zones.len() as u32) < min_zones {
        let (more_en, more_ko) = if problems_en.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(" {}.", problems_en.join("; ")),
                format!(" {}.", problems_ko.join(" ")),
            )
        };
        return fail(
            format!(
                "Target group {} has {} healthy target(s) in {} zone(s); {min_healthy} in {min_zones} zones are needed.{more_en}",
                group.name,
                healthy.len(),
                zones.len()
            ),
            format!(
                "대상 그룹 {}에는 정상 대상이 가용 영역 {}개에 {}개 있어요. 가용 영역 {min_zones}개에 {min_healthy}개가 필요해요.{more_ko}",
                group.name,
                zones.len(),
                healthy.len()
            ),
        );
    }
    match cloud.http_get(cloud.learner_ip(), &lb.dns_name, 80, "/") {
        Ok(r) if r.status == 200 => pass(
            format!(
                "{} answers from {} healthy targets in {} ({} answered this time).",
                lb.name,
                healthy.len(),
                zones.join(", "),
                r.instance_id
            ),
            format!(
                "{}이(가) {}의 정상 대상 {}개로 응답해요(이번에는 {}이(가) 응답했어요).",
                lb.name,
                zones.join(", "),
                healthy.len(),
                r.instance_id
            ),
        ),
        Ok(r) => fail(
            format!("{} answered {} {}.", lb.name, r.status, r.reason),
            format!(
                "{}이(가) {} {}(으)로 응답했어요.",
                lb.name, r.status, r.reason
            ),
        ),
        Err(e) => {
            let why = match &e {
                cloudlab_model::ec2::http::HttpFailure::TimedOut(reason) => {
                    crate::inspect::explain_block(reason)
                }
                other => Text::new(other.to_string(), other.to_string()),
            };
            fail(
                format!("A request to {} fails: {}", lb.dns_name, why.en),
                format!("{}(으)로 보낸 요청이 실패해요. {}", lb.dns_name, why.ko),
            )
        }
    }
}

/// An active internet-facing load balancer in at least `min_zones` zones has an
/// HTTP listener on port 80 that forwards to a target group.
pub(super) fn load_balancer_ready(cloud: &Cloud, min_zones: u32) -> CheckOutcome {
    let lb = match active_balancer(cloud) {
        Ok(lb) => lb,
        Err(outcome) => return outcome,
    };
    let zones: Vec<&str> = lb.zones().collect();
    if (zones.len() as u32) < min_zones {
        return fail(
            format!("{} is only in {}.", lb.name, zones.join(", ")),
            format!("{}은(는) {}에만 있어요.", lb.name, zones.join(", ")),
        );
    }
    let forwards = cloud.listeners().iter().find(|l| {
        l.load_balancer_arn == lb.arn
            && l.port == 80
            && l.default_actions
                .iter()
                .any(|a| a.target_group_arn.is_some())
    });
    match forwards {
        Some(_) => pass(
            format!(
                "{} is active in {} and forwards port 80 to a target group.",
                lb.name,
                zones.join(", ")
            ),
            format!(
                "{}이(가) {}에서 활성 상태이고 80번 포트를 대상 그룹으로 전달해요.",
                lb.name,
                zones.join(", ")
            ),
        ),
        None => fail(
            format!(
                "{} has no listener on port 80 that forwards to a target group: create one with `aws elbv2 create-listener`.",
                lb.name
            ),
            format!(
                "{}에 80번 포트를 대상 그룹으로 전달하는 리스너가 없어요. `aws elbv2 create-listener`로 만드세요.",
                lb.name
            ),
        ),
    }
}

fn find_group<'a>(cloud: &'a Cloud, name: Option<&str>) -> Option<&'a AutoScalingGroup> {
    match name {
        Some(n) => cloud.auto_scaling_group(n),
        None => cloud.auto_scaling_groups().first(),
    }
}

fn no_group(name: Option<&str>) -> CheckOutcome {
    match name {
        Some(n) => fail(
            format!("There is no Auto Scaling group named {n}."),
            format!("{n}(이)라는 Auto Scaling 그룹이 없어요."),
        ),
        None => fail(
            "You have no Auto Scaling group yet.".into(),
            "아직 Auto Scaling 그룹이 없어요.".into(),
        ),
    }
}

/// The group has these bounds, spans at least `min_zones` zones, sends its
/// instances to a target group a load balancer uses, and has a policy on CPU.
pub(super) fn auto_scaling_group(
    cloud: &Cloud,
    name: Option<&str>,
    min: u32,
    max: u32,
    min_zones: u32,
) -> CheckOutcome {
    let Some(g) = find_group(cloud, name) else {
        return no_group(name);
    };
    if g.min_size != min || g.max_size != max {
        return fail(
            format!(
                "{} has min {} and max {}; the task asks for min {min} and max {max}.",
                g.name, g.min_size, g.max_size
            ),
            format!(
                "{}의 최소는 {}, 최대는 {}이에요. 과제는 최소 {min}, 최대 {max}예요.",
                g.name, g.min_size, g.max_size
            ),
        );
    }
    if (g.zones.len() as u32) < min_zones {
        return fail(
            format!(
                "{} launches only in {}: give it subnets in {min_zones} Availability Zones.",
                g.name,
                g.zones.join(", ")
            ),
            format!(
                "{}은(는) {}에서만 시작해요. 가용 영역 {min_zones}개의 서브넷을 주세요.",
                g.name,
                g.zones.join(", ")
            ),
        );
    }
    let served = g
        .target_group_arns
        .iter()
        .any(|arn| !cloud.load_balancers_of_target_group(arn).is_empty());
    if !served {
        return fail(
            format!(
                "{}'s instances join no target group a load balancer forwards to: give it --target-group-arns.",
                g.name
            ),
            format!(
                "{}의 인스턴스가 로드 밸런서가 전달하는 대상 그룹에 들어가지 않아요. --target-group-arns를 주세요.",
                g.name
            ),
        );
    }
    let policies: Vec<_> = cloud
        .scaling_policies()
        .iter()
        .filter(|p| p.group == g.name)
        .collect();
    let on_cpu = policies.iter().any(|p| {
        p.target_tracking.is_some()
            || cloud
                .alarms()
                .iter()
                .any(|a| a.metric_name == "CPUUtilization" && a.alarm_actions.contains(&p.arn))
    });
    if !on_cpu {
        return fail(
            format!(
                "{} has no scaling policy driven by CPU: add a target tracking policy (or a step policy with a CPU alarm).",
                g.name
            ),
            format!(
                "{}에 CPU로 움직이는 조정 정책이 없어요. 대상 추적 정책(또는 CPU 경보가 있는 단계 조정 정책)을 추가하세요.",
                g.name
            ),
        );
    }
    pass(
        format!(
            "{} keeps {min}–{max} instances across {} and scales on CPU.",
            g.name,
            g.zones.join(", ")
        ),
        format!(
            "{}은(는) {}에 걸쳐 인스턴스를 {min}–{max}개로 유지하고 CPU에 따라 조정돼요.",
            g.name,
            g.zones.join(", ")
        ),
    )
}

/// The group (the first when not named) and its activities, oldest first.
fn group_activities<'a>(
    cloud: &'a Cloud,
    name: Option<&str>,
) -> Result<(&'a AutoScalingGroup, Vec<&'a Activity>), CheckOutcome> {
    let g = find_group(cloud, name).ok_or_else(|| no_group(name))?;
    let activities = cloud
        .scaling_activities()
        .iter()
        .filter(|a| a.group == g.name)
        .collect();
    Ok((g, activities))
}

/// An alarm made the group launch instances, and later an alarm made it
/// terminate some: it scaled out under load and back in.
pub(super) fn scaled_out_and_in(cloud: &Cloud, name: Option<&str>) -> CheckOutcome {
    let (g, activities) = match group_activities(cloud, name) {
        Ok(found) => found,
        Err(outcome) => return outcome,
    };
    let out = activities.iter().position(|a| {
        a.description.starts_with("Launching")
            && a.cause.contains("monitor alarm")
            && a.status == "Successful"
    });
    let Some(out) = out else {
        return fail(
            format!(
                "{} has not scaled out yet: put load on the load balancer (ab -n 1000000 -c 100 http://<dns-name>/) long enough for the high alarm (3 minutes over the target).",
                g.name
            ),
            format!(
                "{}이(가) 아직 확장되지 않았어요. 높은 경보가 울릴 만큼(3분 동안 목표 초과) 로드 밸런서에 부하를 주세요(ab -n 1000000 -c 100 http://<DNS 이름>/).",
                g.name
            ),
        );
    };
    let back_in = activities
        .iter()
        .skip(out + 1)
        .any(|a| a.description.starts_with("Terminating") && a.cause.contains("monitor alarm"));
    if !back_in {
        return fail(
            format!(
                "{} scaled out; it has not scaled back in yet. After the load stops, the low alarm needs 15 minutes under the target: fast-forward.",
                g.name
            ),
            format!(
                "{}이(가) 확장됐어요. 아직 다시 축소되지 않았어요. 부하가 멈춘 뒤 낮은 경보는 15분 동안 목표 아래여야 해요. 시간을 앞으로 돌려 보세요.",
                g.name
            ),
        );
    }
    pass(
        format!(
            "{} scaled out under load and back in when it stopped.",
            g.name
        ),
        format!(
            "{}이(가) 부하를 받아 확장되고, 부하가 멈추자 다시 축소됐어요.",
            g.name
        ),
    )
}

/// An instance of the group was taken out of service by a health check, and a
/// new one launched after it.
pub(super) fn instance_replaced(cloud: &Cloud, name: Option<&str>) -> CheckOutcome {
    let (g, activities) = match group_activities(cloud, name) {
        Ok(found) => found,
        Err(outcome) => return outcome,
    };
    let Some(taken) = activities
        .iter()
        .position(|a| a.description.starts_with("Terminating") && a.cause.contains("health check"))
    else {
        return fail(
            format!(
                "No instance of {} has failed a health check yet: terminate or stop one of them.",
                g.name
            ),
            format!(
                "{}의 인스턴스 중 상태 검사에 실패한 것이 아직 없어요. 하나를 종료하거나 중지해 보세요.",
                g.name
            ),
        );
    };
    let replaced = activities
        .iter()
        .skip(taken + 1)
        .any(|a| a.description.starts_with("Launching") && a.status == "Successful");
    if !replaced {
        return fail(
            format!(
                "{} took the instance out of service; its replacement is not in service yet: fast-forward a minute.",
                g.name
            ),
            format!(
                "{}이(가) 인스턴스를 서비스에서 뺐어요. 대체 인스턴스가 아직 서비스 중이 아니에요. 시간을 1분 앞으로 돌려 보세요.",
                g.name
            ),
        );
    }
    pass(
        format!(
            "{} replaced the instance that failed its health check.",
            g.name
        ),
        format!(
            "{}이(가) 상태 검사에 실패한 인스턴스를 새 인스턴스로 바꿨어요.",
            g.name
        ),
    )
}
