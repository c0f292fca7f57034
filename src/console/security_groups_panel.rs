//! Security groups: list, create, delete, and a rule editor for inbound rules.

use std::sync::Arc;

use cloudlab_course::Lang;
use cloudlab_model::ec2::security_groups::{
    CreateSecurityGroupInput, DeleteSecurityGroupInput, IpPermission, IpRange, SecurityGroup,
    SecurityGroupRule, SecurityGroupRulesInput, UserIdGroupPair,
};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::choice::Choice;
use crate::console::choice_select::ChoiceSelect;
use crate::console::console_action::{ConsoleAction, use_console_action};
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// A rule type the console offers, as the AWS console names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RuleType {
    Ssh,
    Http,
    Https,
    MySql,
    CustomTcp,
    AllTraffic,
}

impl RuleType {
    /// The protocol and port range the type stands for (`None`: the learner types it).
    fn ports(self) -> Option<(&'static str, i32, i32)> {
        match self {
            RuleType::Ssh => Some(("tcp", 22, 22)),
            RuleType::Http => Some(("tcp", 80, 80)),
            RuleType::Https => Some(("tcp", 443, 443)),
            RuleType::MySql => Some(("tcp", 3306, 3306)),
            RuleType::AllTraffic => Some(("-1", -1, -1)),
            RuleType::CustomTcp => None,
        }
    }
}

impl Choice for RuleType {
    const ALL: &'static [Self] = &[
        RuleType::Ssh,
        RuleType::Http,
        RuleType::Https,
        RuleType::MySql,
        RuleType::CustomTcp,
        RuleType::AllTraffic,
    ];

    fn value(self) -> &'static str {
        match self {
            RuleType::Ssh => "ssh",
            RuleType::Http => "http",
            RuleType::Https => "https",
            RuleType::MySql => "mysql",
            RuleType::CustomTcp => "custom-tcp",
            RuleType::AllTraffic => "all",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            RuleType::Ssh => "SSH",
            RuleType::Http => "HTTP",
            RuleType::Https => "HTTPS",
            RuleType::MySql => "MySQL/Aurora",
            RuleType::CustomTcp => tr(lang, "Custom TCP", "사용자 지정 TCP"),
            RuleType::AllTraffic => tr(lang, "All traffic", "모든 트래픽"),
        }
    }
}

/// Where a rule lets traffic come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RuleSource {
    MyIp,
    Anywhere,
    Custom,
}

impl Choice for RuleSource {
    const ALL: &'static [Self] = &[RuleSource::MyIp, RuleSource::Anywhere, RuleSource::Custom];

    fn value(self) -> &'static str {
        match self {
            RuleSource::MyIp => "my-ip",
            RuleSource::Anywhere => "anywhere",
            RuleSource::Custom => "custom",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            RuleSource::MyIp => tr(lang, "My IP", "내 IP"),
            RuleSource::Anywhere => "Anywhere-IPv4 (0.0.0.0/0)",
            RuleSource::Custom => tr(
                lang,
                "Custom (CIDR or sg-…)",
                "사용자 지정 (CIDR 또는 sg-…)",
            ),
        }
    }
}

/// One security group in the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    name: String,
    inbound_rules: usize,
    is_default: bool,
}

/// The security groups page of the console.
#[component]
pub fn SecurityGroupsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
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
    let rows = Signal::derive(move || {
        groups()
            .into_iter()
            .map(|g| Row {
                id: g.group_id,
                name: g.group_name,
                inbound_rules: g.ingress.len(),
                is_default: g.is_default,
            })
            .collect::<Vec<_>>()
    });

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CreateSecurityGroupInput {
            group_name: new_name.get_untracked().trim().to_string(),
            description: new_description.get_untracked(),
            ..CreateSecurityGroupInput::default()
        };
        if let Some(out) = action.run(move |lab| lab.cloud.create_security_group(input)) {
            selected.set(Some(out.group_id));
        }
    };

    let columns = vec![
        Column::new("Name", "이름", |r: &Row| r.name.clone()).class("py-1 pr-3 font-medium"),
        Column::new("ID", "ID", |r: &Row| r.id.clone()).class("py-1 pr-3 font-mono text-xs"),
        Column::new("Inbound rules", "인바운드 규칙", |r: &Row| r.inbound_rules),
        Column::new("Actions", "작업", move |r: &Row| {
            let edit = r.id.clone();
            let delete = r.id.clone();
            view! {
                <div class="flex justify-end gap-1">
                    <button type="button" class=SECONDARY_BUTTON on:click=move |_| selected.set(Some(edit.clone())) data-testid=format!("edit-sg-{}", r.name)>
                        {tr(lang(), "Edit rules", "규칙 편집")}
                    </button>
                    <button type="button" class=SECONDARY_BUTTON disabled=r.is_default
                        on:click=move |_| {
                            let input = DeleteSecurityGroupInput { group_id: Some(delete.clone()), ..DeleteSecurityGroupInput::default() };
                            action.run(move |lab| lab.cloud.delete_security_group(input));
                        }>
                        {tr(lang(), "Delete", "삭제")}
                    </button>
                </div>
            }
        })
        .class("py-1")
        .header_hidden(),
    ];

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
            <ActionStatus action />
            <ResourceTable
                rows
                row_id=("data-security-group", |r: &Row| r.id.clone())
                columns
                current=Arc::new(move |r: &Row| selected.get().as_deref() == Some(r.id.as_str()))
                caption=("Security groups in this region", "이 리전의 보안 그룹")
                empty=("No security groups.", "보안 그룹이 없습니다.")
            />
            {move || {
                let id = selected.get()?;
                let group = groups().into_iter().find(|g| g.group_id == id)?;
                Some(view! { <RuleEditor group learner_ip=learner_ip() action /> })
            }}
        </section>
    }
}

/// The inbound rules of one group, with a form to add a rule.
#[component]
fn RuleEditor(group: SecurityGroup, learner_ip: String, action: ConsoleAction) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let rule_type = RwSignal::new(RuleType::Ssh);
    let (port, set_port) = signal(String::from("8080"));
    let source = RwSignal::new(RuleSource::MyIp);
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
            action.run(move |lab| lab.cloud.revoke_security_group_ingress(input));
        }
    };

    let add = {
        let group_id = group_id.clone();
        let my_cidr = my_cidr.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (protocol, from, to) = match rule_type.get_untracked().ports() {
                Some(ports) => ports,
                None => {
                    let Some((from, to)) = parse_port_range(&port.get_untracked()) else {
                        action.refuse(
                            "InvalidParameterValue",
                            tr(
                                app.lang(),
                                "Enter a port (22) or a range (8000-8100) between 0 and 65535.",
                                "0~65535 사이의 포트(22)나 범위(8000-8100)를 입력하세요.",
                            ),
                        );
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
            match source.get_untracked() {
                RuleSource::MyIp => permission.ip_ranges.push(IpRange {
                    cidr_ip: my_cidr.clone(),
                    description,
                }),
                RuleSource::Anywhere => permission.ip_ranges.push(IpRange {
                    cidr_ip: "0.0.0.0/0".into(),
                    description,
                }),
                RuleSource::Custom => {
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
            action.run(move |lab| lab.cloud.authorize_security_group_ingress(input));
        }
    };

    let needs_port = move || rule_type.get() == RuleType::CustomTcp;
    let needs_custom = move || source.get() == RuleSource::Custom;
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
                <ChoiceSelect label=("Type", "유형") name="rule-type" value=rule_type />
                <Show when=needs_port>
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "Port range", "포트 범위")}</span>
                        <input class=INPUT_CLASS name="rule-port" prop:value=port on:input=move |ev| set_port.set(event_target_value(&ev)) />
                    </label>
                </Show>
                <div>
                    <ChoiceSelect label=("Source", "소스") name="rule-source" value=source described_by="rule-source-address" />
                    <Show when=move || source.get() == RuleSource::MyIp>
                        <p id="rule-source-address" class="text-xs text-slate-600 dark:text-slate-400">
                            {let c = my_cidr.clone(); move || format!("{} {c}", tr(lang(), "Your address:", "내 주소:"))}
                        </p>
                    </Show>
                </div>
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
