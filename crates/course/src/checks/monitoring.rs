//! Monitoring checks (chapter 15): a confirmed SNS subscription, a dashboard
//! that draws a metric, an alarm wired to a topic, a mail in the lab's mailbox,
//! the billing alarm in us-east-1, and a cleaned-up account. They read the
//! model (topics and subscriptions in every region, alarms, dashboards, the
//! mailbox), never what was typed.

use cloudlab_model::Cloud;
use cloudlab_model::cloudwatch::alarms::Alarm;
use cloudlab_model::cloudwatch::billing::{BILLING_NAMESPACE, BILLING_REGION, ESTIMATED_CHARGES};
use cloudlab_model::sns::Topic;

use crate::checks::{CheckOutcome, fail, pass};

/// The account's own region and every other region it uses.
fn regions(cloud: &Cloud) -> impl Iterator<Item = &Cloud> {
    std::iter::once(cloud).chain(cloud.other_regions().values())
}

/// The topic named `name` in any region, with the region it is in.
fn topic_named<'c>(cloud: &'c Cloud, name: &str) -> Option<(&'c Cloud, &'c Topic)> {
    regions(cloud).find_map(|c| c.topics().iter().find(|t| t.name == name).map(|t| (c, t)))
}

/// Whether `topic_arn` (in `region`) has a confirmed e-mail subscription.
fn has_confirmed_email(region: &Cloud, topic_arn: &str) -> bool {
    region
        .subscriptions_of(topic_arn)
        .any(|s| s.is_confirmed() && s.protocol.starts_with("email"))
}

/// The topic has a confirmed subscription of `endpoint`.
pub(super) fn subscription_confirmed(cloud: &Cloud, topic: &str, endpoint: &str) -> CheckOutcome {
    let Some((region, t)) = topic_named(cloud, topic) else {
        return fail(
            format!(
                "There is no topic {topic}. Create it with `aws sns create-topic --name {topic}`."
            ),
            format!("{topic} 주제가 없어요. `aws sns create-topic --name {topic}`으로 만드세요."),
        );
    };
    let subscription = region
        .subscriptions_of(&t.arn)
        .find(|s| s.endpoint.eq_ignore_ascii_case(endpoint));
    match subscription {
        None => fail(
            format!(
                "{endpoint} is not subscribed to {topic}. Subscribe it with `aws sns subscribe --topic-arn {} --protocol email --notification-endpoint {endpoint}`.",
                t.arn
            ),
            format!(
                "{endpoint}이(가) {topic} 주제를 구독하고 있지 않아요. `aws sns subscribe --topic-arn {} --protocol email --notification-endpoint {endpoint}`로 구독하세요.",
                t.arn
            ),
        ),
        Some(s) if !s.is_confirmed() => fail(
            format!(
                "{endpoint}'s subscription to {topic} is still PendingConfirmation: nothing is delivered until it is confirmed. Open the confirmation mail (`mail`, or Inbox in the console) and use its link, or pass its token to `aws sns confirm-subscription`."
            ),
            format!(
                "{endpoint}의 {topic} 구독은 아직 PendingConfirmation이에요. 확인하기 전에는 아무것도 배달되지 않아요. 확인 메일(`mail` 또는 콘솔의 받은 편지함)을 열어 링크를 쓰거나, 그 토큰을 `aws sns confirm-subscription`에 넘기세요."
            ),
        ),
        Some(s) => pass(
            format!(
                "{endpoint} is subscribed to {topic} and confirmed ({}).",
                s.arn
            ),
            format!(
                "{endpoint}이(가) {topic} 주제를 구독했고 확인도 마쳤어요({}).",
                s.arn
            ),
        ),
    }
}

/// The dashboard has a metric widget drawing `metric`.
pub(super) fn dashboard_shows(cloud: &Cloud, dashboard: &str, metric: &str) -> CheckOutcome {
    let Some(d) = cloud.dashboard(dashboard) else {
        return fail(
            format!(
                "There is no dashboard {dashboard}. Create it with `aws cloudwatch put-dashboard --dashboard-name {dashboard} --dashboard-body file://dashboard.json`."
            ),
            format!(
                "{dashboard} 대시보드가 없어요. `aws cloudwatch put-dashboard --dashboard-name {dashboard} --dashboard-body file://dashboard.json`으로 만드세요."
            ),
        );
    };
    let widgets = d.widgets();
    if widgets
        .iter()
        .any(|w| w.kind == "metric" && w.metrics.iter().any(|m| m.metric_name == metric))
    {
        return pass(
            format!("The dashboard {dashboard} draws {metric}."),
            format!("{dashboard} 대시보드가 {metric}을(를) 그려요."),
        );
    }
    fail(
        format!(
            "The dashboard {dashboard} has {} widget(s), none of them a metric widget drawing {metric}: add [\"AWS/EC2\", \"{metric}\", \"InstanceId\", \"<id>\"] to a widget's properties.metrics.",
            widgets.len()
        ),
        format!(
            "{dashboard} 대시보드에 위젯이 {}개 있지만 {metric}을(를) 그리는 지표 위젯은 없어요. 위젯의 properties.metrics에 [\"AWS/EC2\", \"{metric}\", \"InstanceId\", \"<id>\"]를 넣으세요.",
            widgets.len()
        ),
    )
}

/// The alarm named `name` in the account's own region.
fn alarm<'c>(cloud: &'c Cloud, name: &str) -> Option<&'c Alarm> {
    cloud.alarms().iter().find(|a| a.name == name)
}

/// The alarm's ALARM actions notify the topic, which has a confirmed e-mail
/// subscription.
pub(super) fn alarm_notifies(cloud: &Cloud, name: &str, topic: &str) -> CheckOutcome {
    let Some(a) = alarm(cloud, name) else {
        return fail(
            format!(
                "There is no alarm {name} in {}. Create it with `aws cloudwatch put-metric-alarm --alarm-name {name} ...`.",
                cloud.region_name()
            ),
            format!(
                "{}에 {name} 경보가 없어요. `aws cloudwatch put-metric-alarm --alarm-name {name} ...`으로 만드세요.",
                cloud.region_name()
            ),
        );
    };
    let arn = cloud.topic_arn(topic);
    if !a.alarm_actions.contains(&arn) {
        let actions = if a.alarm_actions.is_empty() {
            "none".to_string()
        } else {
            a.alarm_actions.join(", ")
        };
        return fail(
            format!(
                "{name}'s ALARM actions ({actions}) do not include {arn}: without it nobody hears when it fires. Put the alarm again with --alarm-actions {arn}."
            ),
            format!(
                "{name}의 ALARM 작업({actions})에 {arn}이(가) 없어서, 경보가 울려도 아무도 몰라요. --alarm-actions {arn}을 넣어 경보를 다시 만드세요."
            ),
        );
    }
    if !a.actions_enabled {
        return fail(
            format!(
                "{name}'s actions are disabled: enable them with `aws cloudwatch enable-alarm-actions` or put the alarm again."
            ),
            format!("{name}의 작업이 꺼져 있어요. 경보를 다시 만들어 작업을 켜세요."),
        );
    }
    if cloud.topic(&arn).is_none() {
        return fail(
            format!(
                "{name} notifies {arn}, but that topic does not exist: the action fails. Create the topic {topic} in {}.",
                cloud.region_name()
            ),
            format!(
                "{name} 경보가 {arn}에 알리지만 그 주제가 없어서 작업이 실패해요. {}에 {topic} 주제를 만드세요.",
                cloud.region_name()
            ),
        );
    }
    if !has_confirmed_email(cloud, &arn) {
        return fail(
            format!(
                "{name} notifies {topic}, but the topic has no confirmed e-mail subscription: the notification reaches nobody. Confirm the subscription from its mail."
            ),
            format!(
                "{name} 경보가 {topic}에 알리지만 그 주제에 확인된 이메일 구독이 없어서 알림이 아무에게도 가지 않아요. 메일에서 구독을 확인하세요."
            ),
        );
    }
    pass(
        format!(
            "{name} ({} {} {}) notifies {topic} when it enters ALARM, and the topic e-mails a confirmed address.",
            a.metric_name, a.comparison_operator, a.threshold
        ),
        format!(
            "{name} 경보({} {} {})가 ALARM 상태가 되면 {topic}에 알리고, 주제는 확인된 주소로 메일을 보내요.",
            a.metric_name, a.comparison_operator, a.threshold
        ),
    )
}

/// The mailbox holds a mail whose subject contains `text`.
pub(super) fn mail_received(cloud: &Cloud, text: &str) -> CheckOutcome {
    let mailbox = cloud.mailbox();
    if let Some(m) = mailbox.iter().find(|m| m.subject.contains(text)) {
        return pass(
            format!("The mailbox has \"{}\" (to {}).", m.subject, m.to),
            format!(
                "받은 편지함에 \"{}\" 메일이 있어요(받는 사람 {}).",
                m.subject, m.to
            ),
        );
    }
    // For an alarm's mail, say where the alarm is.
    let quoted = text.split('"').nth(1).and_then(|name| alarm(cloud, name));
    let (en, ko) = match quoted {
        Some(a) => (
            format!(" {} is {}: {}", a.name, a.state, a.state_reason),
            format!(
                " {} 경보는 {} 상태예요: {}",
                a.name, a.state, a.state_reason
            ),
        ),
        None => (String::new(), String::new()),
    };
    fail(
        format!(
            "No mail whose subject contains {text} yet ({} in the mailbox).{en}",
            mailbox.len()
        ),
        format!(
            "제목에 {text}이(가) 들어간 메일이 아직 없어요(받은 편지함에 {}통).{ko}",
            mailbox.len()
        ),
    )
}

/// A billing alarm in us-east-1 that notifies a confirmed topic.
pub(super) fn billing_alarm(cloud: &Cloud, threshold_at_most: f64) -> CheckOutcome {
    let is_billing =
        |a: &&Alarm| a.namespace == BILLING_NAMESPACE && a.metric_name == ESTIMATED_CHARGES;
    let east = regions(cloud).find(|c| c.region_name() == BILLING_REGION);
    let Some(a) = east.and_then(|c| c.alarms().iter().find(is_billing)) else {
        if let Some(elsewhere) = regions(cloud).find(|c| c.alarms().iter().any(|a| is_billing(&a)))
        {
            return fail(
                format!(
                    "Your billing alarm is in {}, but billing metrics exist only in us-east-1 (N. Virginia): there it never gets data. Put it again with --region us-east-1.",
                    elsewhere.region_name()
                ),
                format!(
                    "결제 경보가 {}에 있지만, 결제 지표는 us-east-1(버지니아 북부)에만 있어서 데이터를 받지 못해요. --region us-east-1로 다시 만드세요.",
                    elsewhere.region_name()
                ),
            );
        }
        return fail(
            "There is no alarm on AWS/Billing EstimatedCharges in us-east-1. Create one with `aws cloudwatch put-metric-alarm --region us-east-1 --namespace AWS/Billing --metric-name EstimatedCharges --dimensions Name=Currency,Value=USD ...`.".into(),
            "us-east-1에 AWS/Billing EstimatedCharges 경보가 없어요. `aws cloudwatch put-metric-alarm --region us-east-1 --namespace AWS/Billing --metric-name EstimatedCharges --dimensions Name=Currency,Value=USD ...`로 만드세요.".into(),
        );
    };
    let Some(east) = east else {
        return fail(String::new(), String::new());
    };
    if !a
        .dimensions
        .iter()
        .any(|d| d.name == "Currency" && d.value == "USD")
    {
        return fail(
            format!(
                "{} has no Currency=USD dimension: the total estimated charge is published as AWS/Billing EstimatedCharges with Currency=USD.",
                a.name
            ),
            format!(
                "{} 경보에 Currency=USD 차원이 없어요. 전체 예상 요금은 Currency=USD 차원으로 게시돼요.",
                a.name
            ),
        );
    }
    if a.threshold > threshold_at_most {
        return fail(
            format!(
                "{} fires above ${:.2}: set a threshold of at most ${threshold_at_most:.0} so it warns you early.",
                a.name, a.threshold
            ),
            format!(
                "{} 경보는 ${:.2}를 넘어야 울려요. 일찍 알 수 있게 임계값을 ${threshold_at_most:.0} 이하로 정하세요.",
                a.name, a.threshold
            ),
        );
    }
    let reached = a
        .alarm_actions
        .iter()
        .any(|arn| east.topic(arn).is_some() && has_confirmed_email(east, arn));
    if !reached {
        return fail(
            format!(
                "{} does not notify a topic in us-east-1 with a confirmed e-mail subscription: add --alarm-actions with such a topic (an alarm notifies topics in its own region).",
                a.name
            ),
            format!(
                "{} 경보가 확인된 이메일 구독이 있는 us-east-1 주제에 알리지 않아요. 그런 주제를 --alarm-actions로 넣으세요(경보는 자기 리전의 주제에 알려요).",
                a.name
            ),
        );
    }
    pass(
        format!(
            "{} watches the account's estimated charges in us-east-1 (above ${:.2}) and e-mails a confirmed address.",
            a.name, a.threshold
        ),
        format!(
            "{} 경보가 us-east-1에서 계정의 예상 요금(${:.2} 초과)을 지켜보고 확인된 주소로 메일을 보내요.",
            a.name, a.threshold
        ),
    )
}

/// Nothing of the chapter's monitoring and DNS is left.
pub(super) fn monitoring_cleaned_up(cloud: &Cloud) -> CheckOutcome {
    let made = regions(cloud).any(|c| {
        c.api_log().iter().any(|call| {
            call.error_code.is_none()
                && matches!(
                    (call.service.as_str(), call.operation.as_str()),
                    ("sns", "CreateTopic") | ("route53", "CreateHostedZone")
                )
        })
    });
    if !made {
        return fail(
            "Nothing of this chapter has been made yet: there is nothing to clean up.".into(),
            "이 장에서 만든 것이 아직 없어서 정리할 것도 없어요.".into(),
        );
    }
    let mut left: Vec<String> = Vec::new();
    for region in regions(cloud) {
        let code = region.region_name();
        left.extend(
            region
                .alarms()
                .iter()
                .map(|a| format!("alarm {} ({code})", a.name)),
        );
        left.extend(
            region
                .topics()
                .iter()
                .map(|t| format!("topic {} ({code})", t.name)),
        );
    }
    left.extend(
        cloud
            .dashboards()
            .iter()
            .map(|d| format!("dashboard {}", d.name)),
    );
    left.extend(
        cloud
            .hosted_zones()
            .iter()
            .map(|z| format!("hosted zone {}", z.name.trim_end_matches('.'))),
    );
    left.extend(cloud.health_checks().iter().map(|h| {
        format!(
            "health check {} ({})",
            h.caller_reference,
            h.endpoint_text()
        )
    }));
    if left.is_empty() {
        return pass(
            "No alarm, dashboard, topic, hosted zone or health check is left: nothing more to pay for them.".into(),
            "경보, 대시보드, 주제, 호스팅 영역, 상태 검사가 하나도 남지 않았어요. 더 낼 요금이 없어요.".into(),
        );
    }
    let list = left.join(", ");
    fail(
        format!(
            "Still there: {list}. A hosted zone goes only once it holds just its NS and SOA records."
        ),
        format!("아직 남아 있어요: {list}. 호스팅 영역은 NS와 SOA 레코드만 남아야 지울 수 있어요."),
    )
}
