//! Security groups: list, create, delete, and a rule editor for inbound rules.

use cloudlab_model::ec2::security_groups::{
    CreateSecurityGroupInput, DeleteSecurityGroupInput, IpPermission, IpRange, SecurityGroup,
    SecurityGroupRule, SecurityGroupRulesInput, UserIdGroupPair,
};
use leptos::prelude::*;

use crate::console::error_box::{ConsoleError, ErrorBox};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON, act};
use crate::i18n::tr;
use crate::state::use_app;

/// A rule type the console offers: form key, AWS console label, fixed TCP port range.
type RuleType = (&'static str, &'static str, Option<(i32, i32)>);

/// The rule types the console offers, as the AWS console names them.
const RULE_TYPES: [RuleType; 6] = [
    ("ssh", "SSH", Some((22, 22))),
    ("http", "HTTP", Some((80, 80))),
    ("https", "HTTPS", Some((443, 443))),
    ("mysql", "MySQL/Aurora", Some((3306, 3306))),
    ("custom-tcp", "Custom TCP", None),
    ("all", "All traffic", None),
];

/// The security groups page of the console.
#[component]
pub fn SecurityGroupsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let error = RwSignal::new(Option::<ConsoleError>::None);
    let selected = RwSignal::new(Option::<String>::None);
    let (new_name, set_new_name) = signal(String::from("web-sg"));
    let (new_description, set_new_description) = signal(String::from(
        "Web server: SSH from my IP, HTTP from anywhere",
    ));

    let groups = move || {
        app.session
            .with(|s| {
                s.lab(chapter)
                    .map(|lab| lab.cloud.security_groups().to_vec())
            })
            .unwrap_or_default()
    };
    let learner_ip = move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| lab.cloud.learner_ip().to_string()))
            .unwrap_or_default()
    };
    let report = move |result: Result<(), ConsoleError>| error.set(result.err());

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CreateSecurityGroupInput {
            group_name: new_name.get_untracked().trim().to_string(),
            description: new_description.get_untracked(),
            ..CreateSecurityGroupInput::default()
        };
        match act(app, chapter, move |lab| {
            lab.cloud.create_security_group(input)
        }) {
            Ok(out) => {
                error.set(None);
                selected.set(Some(out.group_id));
            }
            Err(e) => error.set(Some(e)),
        }
    };

    view! {
        <section aria-labelledby="sg-title" data-testid="security-groups-panel">
            <h3 id="sg-title" class="text-lg font-semibold">{move || tr(lang(), "Security groups", "보안 그룹")}</h3>
            <form class="mt-3 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end dark:border-slate-700" on:submit=create>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Security group name", "보안 그룹 이름")}</span>
                    <input class=INPUT_CLASS name="group-name" required prop:value=new_name on:input=move |ev| set_new_name.set(event_target_value(&ev)) />
                </label>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Description", "설명")}</span>
                    <input class=INPUT_CLASS name="group-description" required prop:value=new_description on:input=move |ev| set_new_description.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class=PRIMARY_BUTTON data-testid="create-security-group">
                    {move || tr(lang(), "Create security group", "보안 그룹 생성")}
                </button>
            </form>
            <ErrorBox error=error />
            <div class="mt-3 overflow-x-auto">
                <table class="w-full text-left text-sm">
                    <caption class="sr-only">{move || tr(lang(), "Security groups in this region", "이 리전의 보안 그룹")}</caption>
                    <thead class="border-b border-slate-300 dark:border-slate-600">
                        <tr>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Name", "이름")}</th>
                            <th scope="col" class="py-1 pr-3">"ID"</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Inbound rules", "인바운드 규칙")}</th>
                            <th scope="col" class="py-1"><span class="sr-only">{move || tr(lang(), "Actions", "작업")}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || groups().into_iter().map(|g| {
                            let id_for_select = g.group_id.clone();
                            let id_for_delete = g.group_id.clone();
                            let id_for_current = g.group_id.clone();
                            let is_default = g.is_default;
                            view! {
                                <tr class="border-b border-slate-100 dark:border-slate-800" aria-current=move || (selected.get().as_deref() == Some(id_for_current.as_str())).then_some("true")>
                                    <td class="py-1 pr-3 font-medium">{g.group_name.clone()}</td>
                                    <td class="py-1 pr-3 font-mono text-xs">{g.group_id.clone()}</td>
                                    <td class="py-1 pr-3">{g.ingress.len()}</td>
                                    <td class="flex justify-end gap-1 py-1">
                                        <button type="button" class=SECONDARY_BUTTON on:click=move |_| selected.set(Some(id_for_select.clone())) data-testid=format!("edit-sg-{}", g.group_name)>
                                            {tr(lang(), "Edit rules", "규칙 편집")}
                                        </button>
                                        <button type="button" class=SECONDARY_BUTTON disabled=is_default
                                            on:click=move |_| {
                                                let input = DeleteSecurityGroupInput { group_id: Some(id_for_delete.clone()), ..DeleteSecurityGroupInput::default() };
                                                report(act(app, chapter, move |lab| lab.cloud.delete_security_group(input)).map(|_| ()));
                                            }>
                                            {tr(lang(), "Delete", "삭제")}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || {
                let id = selected.get()?;
                let group = groups().into_iter().find(|g| g.group_id == id)?;
                Some(view! { <RuleEditor chapter group learner_ip=learner_ip() error /> })
            }}
        </section>
    }
}

/// The inbound rules of one group, with a form to add a rule.
#[component]
fn RuleEditor(
    chapter: u32,
    group: SecurityGroup,
    learner_ip: String,
    error: RwSignal<Option<ConsoleError>>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let (rule_type, set_rule_type) = signal(String::from("ssh"));
    let (port, set_port) = signal(String::from("8080"));
    let (source, set_source) = signal(String::from("my-ip"));
    let (custom_source, set_custom_source) = signal(String::new());
    let (description, set_description) = signal(String::new());
    let group_id = group.group_id.clone();
    let my_cidr = format!("{learner_ip}/32");

    let revoke = {
        let group_id = group_id.clone();
        move |rule: SecurityGroupRule| {
            let input = SecurityGroupRulesInput {
                group_id: Some(group_id.clone()),
                security_group_rule_ids: vec![rule.rule_id],
                ..SecurityGroupRulesInput::default()
            };
            error.set(
                act(app, chapter, move |lab| {
                    lab.cloud.revoke_security_group_ingress(input)
                })
                .err(),
            );
        }
    };

    let add = {
        let group_id = group_id.clone();
        let my_cidr = my_cidr.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let kind = rule_type.get_untracked();
            let (protocol, from, to) = match RULE_TYPES.iter().find(|(k, _, _)| *k == kind) {
                Some((_, _, Some((from, to)))) => ("tcp", *from, *to),
                Some(("all", _, None)) => ("-1", -1, -1),
                _ => {
                    let Some((from, to)) = parse_port_range(&port.get_untracked()) else {
                        error.set(Some(ConsoleError {
                            code: "InvalidParameterValue".into(),
                            message: tr(
                                app.lang(),
                                "Enter a port (22) or a range (8000-8100) between 0 and 65535.",
                                "0~65535 사이의 포트(22)나 범위(8000-8100)를 입력하세요.",
                            )
                            .into(),
                        }));
                        return;
                    };
                    ("tcp", from, to)
                }
            };
            let text = description.get_untracked();
            let description = (!text.trim().is_empty()).then(|| text.trim().to_string());
            let mut permission = IpPermission {
                ip_protocol: protocol.to_string(),
                from_port: (protocol != "-1").then_some(from),
                to_port: (protocol != "-1").then_some(to),
                ..IpPermission::default()
            };
            match source.get_untracked().as_str() {
                "my-ip" => permission.ip_ranges.push(IpRange {
                    cidr_ip: my_cidr.clone(),
                    description,
                }),
                "anywhere" => permission.ip_ranges.push(IpRange {
                    cidr_ip: "0.0.0.0/0".into(),
                    description,
                }),
                _ => {
                    let value = custom_source.get_untracked().trim().to_string();
                    if value.starts_with("sg-") {
                        permission.user_id_group_pairs.push(UserIdGroupPair {
                            group_id: Some(value),
                            description,
                            ..UserIdGroupPair::default()
                        });
                    } else {
                        permission.ip_ranges.push(IpRange {
                            cidr_ip: value,
                            description,
                        });
                    }
                }
            }
            let input = SecurityGroupRulesInput {
                group_id: Some(group_id.clone()),
                ip_permissions: vec![permission],
                ..SecurityGroupRulesInput::default()
            };
            error.set(
                act(app, chapter, move |lab| {
                    lab.cloud.authorize_security_group_ingress(input)
                })
                .err(),
            );
        }
    };

    let needs_port = move || rule_type.get() == "custom-tcp";
    let needs_custom = move || source.get() == "custom";
    let rules = group.ingress.clone();
    let outbound: Vec<String> = group.egress.iter().map(|r| r.summary()).collect();

    view! {
        <section class="mt-4 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-labelledby="rules-title" data-testid="rule-editor">
            <h4 id="rules-title" class="font-semibold">
                {move || format!("{} {} ({})", tr(lang(), "Inbound rules of", "인바운드 규칙:"), group.group_name, group.group_id)}
            </h4>
            <ul class="mt-2 space-y-1 text-sm">
                {if rules.is_empty() {
                    view! { <li class="text-slate-600 dark:text-slate-400">{move || tr(lang(), "No inbound rules: nothing can connect in.", "인바운드 규칙이 없습니다. 들어오는 연결은 모두 막힙니다.")}</li> }.into_any()
                } else {
                    rules.into_iter().map(|rule| {
                        let revoke = revoke.clone();
                        let summary = rule.summary();
                        let note = rule.description.clone().unwrap_or_default();
                        view! {
                            <li class="flex items-center justify-between gap-2 rounded bg-slate-50 px-2 py-1 dark:bg-slate-800">
                                <span><span class="font-mono">{summary}</span>" "<span class="text-slate-600 dark:text-slate-400">{note}</span></span>
                                <button type="button" class=SECONDARY_BUTTON on:click=move |_| revoke(rule.clone())>{move || tr(lang(), "Delete", "삭제")}</button>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <form class="mt-3 grid gap-2 sm:grid-cols-2" on:submit=add>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Type", "유형")}</span>
                    <select class=INPUT_CLASS name="rule-type" on:change=move |ev| set_rule_type.set(event_target_value(&ev))>
                        {RULE_TYPES.iter().map(|(key, label, _)| view! { <option value=*key selected=move || rule_type.get() == *key>{*label}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=needs_port>
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "Port range", "포트 범위")}</span>
                        <input class=INPUT_CLASS name="rule-port" prop:value=port on:input=move |ev| set_port.set(event_target_value(&ev)) />
                    </label>
                </Show>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Source", "소스")}</span>
                    <select class=INPUT_CLASS name="rule-source" on:change=move |ev| set_source.set(event_target_value(&ev))>
                        <option value="my-ip" selected=move || source.get() == "my-ip">{let c = my_cidr.clone(); move || format!("{} ({})", tr(lang(), "My IP", "내 IP"), c)}</option>
                        <option value="anywhere" selected=move || source.get() == "anywhere">{move || tr(lang(), "Anywhere-IPv4 (0.0.0.0/0)", "Anywhere-IPv4 (0.0.0.0/0)")}</option>
                        <option value="custom" selected=move || source.get() == "custom">{move || tr(lang(), "Custom (CIDR or sg-…)", "사용자 지정 (CIDR 또는 sg-…)")}</option>
                    </select>
                </label>
                <Show when=needs_custom>
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "CIDR block or security group id", "CIDR 블록 또는 보안 그룹 ID")}</span>
                        <input class=INPUT_CLASS name="rule-custom-source" placeholder="10.0.0.0/16" prop:value=custom_source on:input=move |ev| set_custom_source.set(event_target_value(&ev)) />
                    </label>
                </Show>
                <label class="text-sm sm:col-span-2">
                    <span class="font-medium">{move || tr(lang(), "Description (optional)", "설명 (선택)")}</span>
                    <input class=INPUT_CLASS name="rule-description" prop:value=description on:input=move |ev| set_description.set(event_target_value(&ev)) />
                </label>
                <div class="sm:col-span-2">
                    <button type="submit" class=PRIMARY_BUTTON data-testid="add-rule">{move || tr(lang(), "Add inbound rule", "인바운드 규칙 추가")}</button>
                </div>
            </form>
            <p class="mt-3 text-sm text-slate-600 dark:text-slate-400">
                {move || tr(lang(), "Outbound:", "아웃바운드:")}" "{outbound.join(", ")}
            </p>
        </section>
    }
}

/// Parses `22` or `8000-8100` into a port range.
pub fn parse_port_range(text: &str) -> Option<(i32, i32)> {
    let text = text.trim();
    let (from, to) = text.split_once('-').unwrap_or((text, text));
    let from: u16 = from.trim().parse().ok()?;
    let to: u16 = to.trim().parse().ok()?;
    (from <= to).then_some((i32::from(from), i32::from(to)))
}

#[cfg(test)]
mod tests {
    use super::parse_port_range;

    #[test]
    fn port_ranges() {
        assert_eq!(parse_port_range("22"), Some((22, 22)));
        assert_eq!(parse_port_range(" 8000-8100 "), Some((8000, 8100)));
        assert_eq!(parse_port_range("90-80"), None);
        assert_eq!(parse_port_range("70000"), None);
        assert_eq!(parse_port_range("ssh"), None);
    }
}
