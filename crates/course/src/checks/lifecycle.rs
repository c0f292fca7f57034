//! Instance lifecycle and pricing checks (chapter 6): the states an instance went
//! through, stop protection, a call AWS refused, and a monthly cost the learner
//! worked out.

use cloudlab_model::Cloud;
use cloudlab_model::ec2::{Instance, InstanceStateName, StateChange};
use cloudlab_model::pricing::Scenario;

use crate::checks::{CheckOutcome, fail, pass};
use crate::lab::Lab;

/// The state a lesson names: AWS's state names, plus `hibernated` for `stopped`
/// reached by hibernating (`stopped` alone means a plain stop).
pub(super) fn parse_state(name: &str) -> Option<(InstanceStateName, bool)> {
    if name == "hibernated" {
        return Some((InstanceStateName::Stopped, true));
    }
    InstanceStateName::ALL
        .iter()
        .find(|state| state.as_str() == name)
        .map(|state| (*state, false))
}

fn matches(change: &StateChange, wanted: (InstanceStateName, bool)) -> bool {
    let (state, hibernated) = wanted;
    change.state == state
        && (state != InstanceStateName::Stopped || change.hibernated == hibernated)
}

fn state_label(change: &StateChange) -> &'static str {
    if change.state == InstanceStateName::Stopped && change.hibernated {
        "hibernated"
    } else {
        change.state.as_str()
    }
}

/// How many of `wanted`, in order, the history shows (a subsequence: other states
/// may come between them).
fn reached(history: &[StateChange], wanted: &[(InstanceStateName, bool)]) -> usize {
    let mut found = 0;
    for change in history {
        if let Some(next) = wanted.get(found)
            && matches(change, *next)
        {
            found += 1;
        }
    }
    found
}

/// Instances tagged `tag_key=tag_value`, terminated ones included (their history
/// is what a clean-up step checks).
fn tagged<'a>(cloud: &'a Cloud, tag_key: &str, tag_value: &str) -> Vec<&'a Instance> {
    cloud
        .instances()
        .iter()
        .filter(|i| i.tags.get(tag_key).map(String::as_str) == Some(tag_value))
        .collect()
}

/// An instance with the tag went through `states` in this order.
pub(super) fn states_visited(
    cloud: &Cloud,
    tag_key: &str,
    tag_value: &str,
    states: &[String],
) -> CheckOutcome {
    let wanted: Vec<(InstanceStateName, bool)> =
        states.iter().filter_map(|s| parse_state(s)).collect();
    let path = states.join(" → ");
    let instances = tagged(cloud, tag_key, tag_value);
    let Some(best) = instances
        .iter()
        .max_by_key(|i| reached(&i.state_history, &wanted))
    else {
        return fail(
            format!("No instance is tagged {tag_key}={tag_value}."),
            format!("{tag_key}={tag_value} 태그가 붙은 인스턴스가 없어요."),
        );
    };
    let history = best
        .state_history
        .iter()
        .map(state_label)
        .collect::<Vec<_>>()
        .join(" → ");
    let done = reached(&best.state_history, &wanted);
    if done == wanted.len() {
        return pass(
            format!("{} went through {path}.", best.instance_id),
            format!(
                "{}은(는) {path} 순서로 상태가 바뀌었어요.",
                best.instance_id
            ),
        );
    }
    let next = states.get(done).map(String::as_str).unwrap_or_default();
    fail(
        format!(
            "{} has been {history}; the next state to reach is {next} (the whole path: {path}).",
            best.instance_id
        ),
        format!(
            "{}의 상태는 지금까지 {history}(이)에요. 다음으로 거쳐야 할 상태는 {next}예요(전체 순서: {path}).",
            best.instance_id
        ),
    )
}

/// Stop protection (`disableApiStop`) is `on` for every existing instance with the tag.
pub(super) fn stop_protection(
    cloud: &Cloud,
    tag_key: &str,
    tag_value: &str,
    on: bool,
) -> CheckOutcome {
    let instances: Vec<&Instance> = tagged(cloud, tag_key, tag_value)
        .into_iter()
        .filter(|i| i.state != InstanceStateName::Terminated)
        .collect();
    if instances.is_empty() {
        return fail(
            format!("No instance tagged {tag_key}={tag_value} exists."),
            format!("{tag_key}={tag_value} 태그가 붙은 인스턴스가 없어요."),
        );
    }
    for i in &instances {
        if i.disable_api_stop != on {
            let id = &i.instance_id;
            return if on {
                fail(
                    format!(
                        "Stop protection is off for {id}: turn it on with `aws ec2 modify-instance-attribute --instance-id {id} --disable-api-stop`."
                    ),
                    format!(
                        "{id}의 중지 방지가 꺼져 있어요. `aws ec2 modify-instance-attribute --instance-id {id} --disable-api-stop`으로 켜세요."
                    ),
                )
            } else {
                fail(
                    format!(
                        "Stop protection is still on for {id}: turn it off with `--no-disable-api-stop`."
                    ),
                    format!(
                        "{id}의 중지 방지가 아직 켜져 있어요. `--no-disable-api-stop`으로 끄세요."
                    ),
                )
            };
        }
    }
    let ids = instances
        .iter()
        .map(|i| i.instance_id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if on {
        pass(
            format!("Stop protection is on for {ids}."),
            format!("{ids}의 중지 방지가 켜져 있어요."),
        )
    } else {
        pass(
            format!("Stop protection is off for {ids}."),
            format!("{ids}의 중지 방지가 꺼져 있어요."),
        )
    }
}

/// The API log holds a call of `operation` that AWS refused with `error_code`.
pub(super) fn call_refused(
    cloud: &Cloud,
    service: &str,
    operation: &str,
    error_code: &str,
) -> CheckOutcome {
    let calls: Vec<_> = cloud
        .api_log()
        .iter()
        .filter(|c| c.service == service && c.operation == operation)
        .collect();
    if calls
        .iter()
        .any(|c| c.error_code.as_deref() == Some(error_code))
    {
        return pass(
            format!("AWS refused a {operation} call with {error_code}."),
            format!("AWS가 {operation} 호출을 {error_code}(으)로 거부했어요."),
        );
    }
    if calls.is_empty() {
        fail(
            format!("No {operation} call has been made yet."),
            format!("아직 {operation}을(를) 호출하지 않았어요."),
        )
    } else {
        fail(
            format!(
                "{operation} was called, but never refused with {error_code}: the protection was not on at the time."
            ),
            format!(
                "{operation}을(를) 호출했지만 {error_code}(으)로 거부된 적은 없어요. 그때는 보호 기능이 켜져 있지 않았어요."
            ),
        )
    }
}

/// Reads a dollar amount as a learner might write it: `48.91`, `$48.91`,
/// `48.91 USD`, `1,048.50`.
pub(super) fn parse_dollars(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches('$')
        .trim_end_matches("USD")
        .trim_end_matches("usd")
        .trim()
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let value: f64 = cleaned.trim().parse().ok()?;
    value.is_finite().then_some(value)
}

/// The file at `path` holds the scenario's monthly cost, within `tolerance_percent`.
pub(super) fn monthly_cost_answer(
    lab: &Lab,
    path: &str,
    scenario: &Scenario,
    tolerance_percent: u32,
) -> CheckOutcome {
    let Ok(expected) = scenario.monthly_cost_usd() else {
        return fail(
            "This scenario cannot be priced (a lesson error).".into(),
            "이 시나리오는 가격을 계산할 수 없어요(레슨 오류).".into(),
        );
    };
    let Some(text) = lab.terminal.read_file(path) else {
        return fail(
            format!("There is no file {path} yet: write your answer with `echo 12.34 > {path}`."),
            format!("아직 {path} 파일이 없어요. `echo 12.34 > {path}`처럼 답을 적으세요."),
        );
    };
    let Some(answer) = parse_dollars(text) else {
        let shown: String = text.trim().chars().take(40).collect();
        return fail(
            format!("{path} holds \"{shown}\", not a dollar amount such as 12.34."),
            format!("{path}에는 \"{shown}\"이(가) 있어요. 12.34 같은 달러 금액이 아니에요."),
        );
    };
    let off = (answer - expected) / expected * 100.0;
    if off.abs() <= f64::from(tolerance_percent) {
        return pass(
            format!("${answer:.2} is within {tolerance_percent}% of the month's cost."),
            format!("${answer:.2}은(는) 한 달 비용과 {tolerance_percent}% 이내로 맞아요."),
        );
    }
    let (en, ko) = if off > 0.0 {
        (
            "too high: is something counted twice, or a month longer than 730 hours?",
            "너무 높아요. 두 번 더한 항목이 있거나 한 달을 730시간보다 길게 잡지 않았나요?",
        )
    } else {
        (
            "too low: is a line of the bill missing (storage, or the public IPv4 addresses)?",
            "너무 낮아요. 빠진 청구 항목(스토리지나 퍼블릭 IPv4 주소)이 없나요?",
        )
    };
    fail(
        format!("${answer:.2} is more than {tolerance_percent}% off, {en}"),
        format!("${answer:.2}은(는) {tolerance_percent}% 넘게 차이가 나요. {ko}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_as_learners_write_them() {
        assert_eq!(parse_dollars("48.91\n"), Some(48.91));
        assert_eq!(parse_dollars("$48.91"), Some(48.91));
        assert_eq!(parse_dollars("48.91 USD"), Some(48.91));
        assert_eq!(parse_dollars("1,048.50"), Some(1048.5));
        assert_eq!(parse_dollars("about fifty"), None);
        assert_eq!(parse_dollars("NaN"), None);
        assert_eq!(parse_dollars("inf"), None);
    }

    #[test]
    fn states_match_in_order_with_others_between() {
        use InstanceStateName::*;
        let change = |state, hibernated| StateChange {
            at: cloudlab_model::SimTime::ZERO,
            state,
            hibernated,
        };
        let history = [
            change(Pending, false),
            change(Running, false),
            change(Stopping, true),
            change(Stopped, true),
            change(Pending, false),
            change(Running, false),
        ];
        let want = |names: &[&str]| -> Vec<(InstanceStateName, bool)> {
            names.iter().filter_map(|n| parse_state(n)).collect()
        };
        assert_eq!(
            reached(&history, &want(&["running", "hibernated", "running"])),
            3
        );
        assert_eq!(
            reached(&history, &want(&["running", "stopped", "running"])),
            1
        );
        assert_eq!(parse_state("sleeping"), None);
    }
}
