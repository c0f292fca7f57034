//! Instances: the list with state, addresses and the instance state actions.

use cloudlab_model::ec2::instances::{
    AttributeBooleanValue, InstanceIdsInput, InstanceStateName, ModifyInstanceAttributeInput,
};
use leptos::prelude::*;

use crate::console::SECONDARY_BUTTON;
use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One row of the instance list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    name: String,
    state: InstanceStateName,
    instance_type: String,
    zone: String,
    public_ip: String,
    public_dns: String,
    key_name: String,
    groups: String,
    protected: bool,
    stop_protected: bool,
    can_hibernate: bool,
    hibernated: bool,
}

/// Which action a button performs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Start,
    Stop,
    Reboot,
    Hibernate,
    Terminate,
    ToggleProtection,
    ToggleStopProtection,
}

/// The `data-action` of a button (what the tests click).
fn action_id(which: Action) -> &'static str {
    match which {
        Action::Start => "start",
        Action::Stop => "stop",
        Action::Reboot => "reboot",
        Action::Hibernate => "hibernate",
        Action::Terminate => "terminate",
        Action::ToggleProtection => "toggleprotection",
        Action::ToggleStopProtection => "togglestopprotection",
    }
}

/// The instances page of the console.
#[component]
pub fn InstancesPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);

    let rows = Signal::derive(move || {
        app.session
            .with(|s| {
                s.lab(chapter).map(|lab| {
                    let cloud = &lab.cloud;
                    cloud
                        .instances()
                        .iter()
                        .map(|i| {
                            let public_ip = cloud.public_ip_of(&i.instance_id);
                            Row {
                                id: i.instance_id.clone(),
                                name: i.tags.get("Name").cloned().unwrap_or_default(),
                                state: i.state,
                                instance_type: i.instance_type.clone(),
                                zone: i.availability_zone.clone(),
                                public_ip: public_ip
                                    .map(|ip| ip.to_string())
                                    .unwrap_or_else(|| "–".into()),
                                public_dns: public_ip
                                    .map(|_| cloud.public_dns_of(&i.instance_id))
                                    .unwrap_or_default(),
                                key_name: i.key_name.clone().unwrap_or_else(|| "–".into()),
                                groups: i
                                    .security_group_ids
                                    .iter()
                                    .map(|g| {
                                        cloud
                                            .security_group(g)
                                            .map(|sg| sg.group_name.clone())
                                            .unwrap_or_else(|| g.clone())
                                    })
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                protected: i.disable_api_termination,
                                stop_protected: i.disable_api_stop,
                                can_hibernate: i.hibernation_configured,
                                hibernated: i.hibernated,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });

    let perform = move |which: Action, row: &Row| {
        let ids = InstanceIdsInput {
            instance_ids: vec![row.id.clone()],
            ..InstanceIdsInput::default()
        };
        let id = row.id.clone();
        let protect = !row.protected;
        let protect_stop = !row.stop_protected;
        action.run(move |lab| {
            let cloud = &mut lab.cloud;
            match which {
                Action::Start => cloud.start_instances(ids).map(|_| ()),
                Action::Stop => cloud.stop_instances(ids).map(|_| ()),
                Action::Hibernate => cloud
                    .stop_instances(InstanceIdsInput {
                        hibernate: true,
                        ..ids
                    })
                    .map(|_| ()),
                Action::Reboot => cloud.reboot_instances(ids),
                Action::Terminate => cloud.terminate_instances(ids).map(|_| ()),
                Action::ToggleProtection => cloud
                    .modify_instance_attribute(ModifyInstanceAttributeInput {
                        instance_id: id,
                        disable_api_termination: Some(AttributeBooleanValue { value: protect }),
                        ..ModifyInstanceAttributeInput::default()
                    })
                    .map(|_| ()),
                Action::ToggleStopProtection => cloud
                    .modify_instance_attribute(ModifyInstanceAttributeInput {
                        instance_id: id,
                        disable_api_stop: Some(AttributeBooleanValue {
                            value: protect_stop,
                        }),
                        ..ModifyInstanceAttributeInput::default()
                    })
                    .map(|_| ()),
            }
        });
    };

    let columns = vec![
        Column::new("Name", "이름", |r: &Row| r.name.clone()).class("py-1 pr-3 font-medium"),
        Column::new("Instance ID", "인스턴스 ID", |r: &Row| r.id.clone())
            .class("whitespace-nowrap py-1 pr-3 font-mono text-xs"),
        Column::new("State", "상태", |r: &Row| {
            let badge = match r.state {
                InstanceStateName::Running => "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
                InstanceStateName::Pending | InstanceStateName::Stopping | InstanceStateName::ShuttingDown => "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
                InstanceStateName::Stopped => "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
                InstanceStateName::Terminated => "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100",
            };
            let hibernated = r.hibernated
                && matches!(r.state, InstanceStateName::Stopping | InstanceStateName::Stopped);
            view! {
                <span class=format!("rounded-full px-2 py-0.5 text-xs font-medium {badge}")>
                    {r.state.as_str()}
                </span>
                {hibernated.then(|| view! {
                    <span class="block text-xs text-slate-600 dark:text-slate-400">"hibernated"</span>
                })}
            }
        }),
        Column::new("Type", "유형", |r: &Row| {
            view! {
                {r.instance_type.clone()}
                <span class="block text-xs text-slate-600 dark:text-slate-400">{r.zone.clone()}</span>
            }
        }),
        Column::new("Public IPv4", "퍼블릭 IPv4", |r: &Row| {
            view! {
                {r.public_ip.clone()}
                <span class="block max-w-[12rem] truncate" title=r.public_dns.clone()>{r.public_dns.clone()}</span>
            }
        })
        .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Key", "키", |r: &Row| r.key_name.clone()),
        Column::new("Security groups", "보안 그룹", |r: &Row| r.groups.clone()),
    ];
    let actions = move |row: &Row| {
        if row.state == InstanceStateName::Terminated {
            return None;
        }
        let toggle = if row.protected {
            ("Disable termination protection", "종료 방지 끄기")
        } else {
            ("Enable termination protection", "종료 방지 켜기")
        };
        let stop_toggle = if row.stop_protected {
            ("Disable stop protection", "중지 방지 끄기")
        } else {
            ("Enable stop protection", "중지 방지 켜기")
        };
        let mut choices = vec![
            (Action::Start, ("Start", "시작")),
            (Action::Stop, ("Stop", "중지")),
        ];
        if row.can_hibernate {
            choices.push((Action::Hibernate, ("Hibernate", "최대 절전")));
        }
        choices.extend([
            (Action::Reboot, ("Reboot", "재부팅")),
            (Action::Terminate, ("Terminate", "종료")),
            (Action::ToggleProtection, toggle),
            (Action::ToggleStopProtection, stop_toggle),
        ]);
        let label = format!("{} {}", tr(lang(), "Actions for", "작업:"), row.id);
        let buttons = view! {
            <div class="flex flex-wrap gap-1" role="group" aria-label=label>
                {choices.into_iter().map(|(which, (en, ko))| {
                    let row = row.clone();
                    view! {
                        <button type="button" class=SECONDARY_BUTTON on:click=move |_| perform(which, &row) data-action=action_id(which)>
                            {tr(lang(), en, ko)}
                        </button>
                    }
                }).collect_view()}
            </div>
        };
        Some(buttons.into_any())
    };

    view! {
        <section aria-labelledby="instances-title" data-testid="instances-panel">
            <h3 id="instances-title" class="text-lg font-semibold">{move || tr(lang(), "Instances", "인스턴스")}</h3>
            <ActionStatus action />
            <ResourceTable
                rows
                row_id=("data-instance", |r: &Row| r.id.clone())
                row_state=("data-state", |r: &Row| r.state.as_str().to_string())
                columns
                below=std::sync::Arc::new(actions)
                caption=("Instances in this region", "이 리전의 인스턴스")
                empty=("No instances. Use Launch instance or `aws ec2 run-instances`.", "인스턴스가 없습니다. 인스턴스 시작 또는 `aws ec2 run-instances`를 사용하세요.")
            />
        </section>
    }
}
