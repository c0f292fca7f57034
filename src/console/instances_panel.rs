//! Instances: the list with state, addresses and the instance state actions.

use cloudlab_model::ec2::instances::{
    AttributeBooleanValue, InstanceIdsInput, InstanceStateName, ModifyInstanceAttributeInput,
};
use leptos::prelude::*;

use crate::console::error_box::{ConsoleError, ErrorBox};
use crate::console::{SECONDARY_BUTTON, act};
use crate::i18n::tr;
use crate::state::use_app;

/// One row of the instance list.
#[derive(Clone, Debug, PartialEq)]
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
}

/// Which action a button performs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Start,
    Stop,
    Reboot,
    Terminate,
    ToggleProtection,
}

/// The instances page of the console.
#[component]
pub fn InstancesPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let error = RwSignal::new(Option::<ConsoleError>::None);

    let rows = move || {
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
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };

    let perform = move |action: Action, row: &Row| {
        let ids = InstanceIdsInput {
            instance_ids: vec![row.id.clone()],
            ..InstanceIdsInput::default()
        };
        let id = row.id.clone();
        let protect = !row.protected;
        let result = act(app, chapter, move |lab| {
            let cloud = &mut lab.cloud;
            match action {
                Action::Start => cloud.start_instances(ids).map(|_| ()),
                Action::Stop => cloud.stop_instances(ids).map(|_| ()),
                Action::Reboot => cloud.reboot_instances(ids),
                Action::Terminate => cloud.terminate_instances(ids).map(|_| ()),
                Action::ToggleProtection => cloud
                    .modify_instance_attribute(ModifyInstanceAttributeInput {
                        instance_id: id,
                        disable_api_termination: Some(AttributeBooleanValue { value: protect }),
                        ..ModifyInstanceAttributeInput::default()
                    })
                    .map(|_| ()),
            }
        });
        error.set(result.err());
    };

    view! {
        <section aria-labelledby="instances-title" data-testid="instances-panel">
            <h3 id="instances-title" class="text-lg font-semibold">{move || tr(lang(), "Instances", "인스턴스")}</h3>
            <ErrorBox error=error />
            <div class="mt-2 overflow-x-auto">
                <table class="w-full text-left text-sm">
                    <caption class="sr-only">{move || tr(lang(), "Instances in this region", "이 리전의 인스턴스")}</caption>
                    <thead class="border-b border-slate-300 dark:border-slate-600">
                        <tr>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Name", "이름")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Instance ID", "인스턴스 ID")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "State", "상태")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Type", "유형")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Public IPv4", "퍼블릭 IPv4")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Key", "키")}</th>
                            <th scope="col" class="py-1 pr-3">{move || tr(lang(), "Security groups", "보안 그룹")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let rows = rows();
                            if rows.is_empty() {
                                return view! {
                                    <tr><td colspan="7" class="py-3 text-slate-600 dark:text-slate-400">{tr(lang(), "No instances. Use Launch instance or `aws ec2 run-instances`.", "인스턴스가 없습니다. 인스턴스 시작 또는 `aws ec2 run-instances`를 사용하세요.")}</td></tr>
                                }.into_any();
                            }
                            rows.into_iter().map(|row| {
                                let state = row.state;
                                let badge = match state {
                                    InstanceStateName::Running => "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
                                    InstanceStateName::Pending | InstanceStateName::Stopping | InstanceStateName::ShuttingDown => "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
                                    InstanceStateName::Stopped => "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
                                    InstanceStateName::Terminated => "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100",
                                };
                                let buttons: Vec<(Action, &'static str, &'static str)> = vec![
                                    (Action::Start, "Start", "시작"),
                                    (Action::Stop, "Stop", "중지"),
                                    (Action::Reboot, "Reboot", "재부팅"),
                                    (Action::Terminate, "Terminate", "종료"),
                                    (Action::ToggleProtection, if row.protected { "Disable termination protection" } else { "Enable termination protection" }, if row.protected { "종료 방지 끄기" } else { "종료 방지 켜기" }),
                                ];
                                let terminated = state == InstanceStateName::Terminated;
                                let row_for_actions = row.clone();
                                view! {
                                    <tr class="border-b border-slate-100 align-top dark:border-slate-800" data-instance=row.id.clone() data-state=state.as_str()>
                                        <td class="py-1 pr-3 font-medium">{row.name.clone()}</td>
                                        <td class="whitespace-nowrap py-1 pr-3 font-mono text-xs">{row.id.clone()}</td>
                                        <td class="py-1 pr-3"><span class=format!("rounded-full px-2 py-0.5 text-xs font-medium {badge}")>{state.as_str()}</span></td>
                                        <td class="py-1 pr-3">{row.instance_type.clone()}<span class="block text-xs text-slate-600 dark:text-slate-400">{row.zone.clone()}</span></td>
                                        <td class="py-1 pr-3 font-mono text-xs">{row.public_ip.clone()}<span class="block max-w-[12rem] truncate" title=row.public_dns.clone()>{row.public_dns.clone()}</span></td>
                                        <td class="py-1 pr-3">{row.key_name.clone()}</td>
                                        <td class="py-1 pr-3">{row.groups.clone()}</td>
                                    </tr>
                                    <Show when=move || !terminated>
                                        <tr class="border-b border-slate-200 dark:border-slate-700">
                                            <td colspan="7" class="pb-2">
                                                <div class="flex flex-wrap gap-1" role="group" aria-label=format!("{} {}", tr(lang(), "Actions for", "작업:"), row_for_actions.id)>
                                                    {buttons.clone().into_iter().map(|(action, en, ko)| {
                                                        let row = row_for_actions.clone();
                                                        view! {
                                                            <button type="button" class=SECONDARY_BUTTON on:click=move |_| perform(action, &row) data-action=format!("{action:?}").to_lowercase()>
                                                                {tr(lang(), en, ko)}
                                                            </button>
                                                        }
                                                    }).collect_view()}
                                                </div>
                                            </td>
                                        </tr>
                                    </Show>
                                }
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
