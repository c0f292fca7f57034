//! VPC → Network map: the diagram of the learner's VPCs and the reachability
//! view. Pick a source (the internet or an instance), a destination and a port;
//! the path is traced hop by hop, each hop says what it found, the first one
//! that blocks is marked, and the diagram highlights the path. The trace is
//! read again whenever the account changes, so fixing a rule in the terminal
//! updates the answer.

use std::collections::HashSet;

use cloudlab_course::inspect::paths::{PathQuery, explain_hop, explain_verdict};
use cloudlab_course::text::Text;
use cloudlab_model::ec2::{InstanceStateName, Protocol};
use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::network_diagram::NetworkDiagram;
use crate::console::network_diagram_data::Diagram;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Form {
    source: String,
    destination: String,
    address: String,
    protocol: Protocol,
    port: String,
}

/// The network map page of the console.
#[component]
pub fn NetworkMapPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let diagram = from_cloud(chapter, Diagram::from_cloud);
    let stacked = from_cloud(chapter, Diagram::stacked);
    let instances = from_cloud(chapter, |cloud| {
        cloud
            .instances()
            .iter()
            .filter(|i| i.state != InstanceStateName::Terminated)
            .map(|i| {
                let name = i
                    .tags
                    .get("Name")
                    .map_or(String::new(), |n| format!(" ({n})"));
                (i.instance_id.clone(), format!("{}{name}", i.instance_id))
            })
            .collect::<Vec<_>>()
    });
    let learner_ip = from_cloud(chapter, |cloud| cloud.learner_ip().to_string());
    let source = RwSignal::new("internet".to_string());
    let destination = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let protocol = RwSignal::new(Protocol::Tcp);
    let port = RwSignal::new("80".to_string());
    let asked: RwSignal<Option<Form>> = RwSignal::new(None);

    // The asked question, read against the account as it is now.
    let answer = Signal::derive(move || {
        let form = asked.get()?;
        Some(app.session.with(|s| {
            let lab = s.lab(chapter).ok_or_else(|| Text::new("", ""))?;
            let query = PathQuery::from_form(
                &lab.cloud,
                &form.source,
                &form.destination,
                &form.address,
                form.protocol,
                &form.port,
            )?;
            let path = query.trace(&lab.cloud).ok_or_else(|| Text::new("", ""))?;
            let from_internet = form.source == "internet";
            let to_internet = form.destination == "internet";
            Ok::<_, Text>((path, from_internet, to_internet))
        }))
    });
    let highlight = Signal::derive(move || match answer.get() {
        Some(Ok((path, from_internet, to_internet))) => {
            Diagram::path_ids(&path, from_internet, to_internet)
        }
        _ => (HashSet::new(), None),
    });
    let trace = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut dest = destination.get_untracked();
        if dest.is_empty() {
            dest = instances
                .get_untracked()
                .first()
                .map(|(id, _)| format!("instance:{id}"))
                .unwrap_or_else(|| "internet".into());
        }
        asked.set(Some(Form {
            source: source.get_untracked(),
            destination: dest,
            address: address.get_untracked(),
            protocol: protocol.get_untracked(),
            port: port.get_untracked(),
        }));
    };
    let options = move |with_selected: RwSignal<String>| {
        instances
            .get()
            .into_iter()
            .map(move |(id, label)| {
                let value = format!("instance:{id}");
                let selected = with_selected.get() == value;
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let result = move || {
        let l = lang();
        match answer.get() {
            None => view! {
                <p class="text-sm text-slate-600 dark:text-slate-300">
                    {tr(l, "Choose both ends and a port, then trace the path.", "양쪽 끝과 포트를 고른 다음 경로를 추적하세요.")}
                </p>
            }
            .into_any(),
            Some(Err(why)) => view! {
                <p class="text-sm text-red-700 dark:text-red-300" role="alert">{why.get(l).to_string()}</p>
            }
            .into_any(),
            Some(Ok((path, _, _))) => {
                let reachable = path.is_reachable();
                let verdict = explain_verdict(&path).get(l).to_string();
                let hops = path
                    .hops
                    .iter()
                    .map(|hop| {
                        let (mark, class) = if hop.passed {
                            ("✓", "text-emerald-700 dark:text-emerald-300")
                        } else {
                            ("✗", "text-red-700 dark:text-red-300")
                        };
                        let status = if hop.passed { tr(l, "passes", "통과") } else { tr(l, "blocks", "막힘") };
                        view! {
                            <li class="flex gap-2" data-passed=hop.passed.to_string()>
                                <span class=format!("font-bold {class}") aria-hidden="true">{mark}</span>
                                <span class="sr-only">{status}": "</span>
                                <span>{explain_hop(hop).get(l).to_string()}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div data-testid="reachability-result" data-reachable=reachable.to_string()>
                        <p class=if reachable { "font-semibold text-emerald-800 dark:text-emerald-300" } else { "font-semibold text-red-800 dark:text-red-300" } role="status">{verdict}</p>
                        <ol class="mt-2 flex flex-col gap-1 text-sm" aria-label=tr(l, "Hops, in order", "순서대로 본 단계")>{hops}</ol>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <section aria-labelledby="network-map-title" data-testid="network-map-panel">
            <h3 id="network-map-title" class="text-lg font-semibold">{move || tr(lang(), "Network map and reachability", "네트워크 지도와 도달 가능성")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Your VPCs as they are now. Trace a path to see each hop it crosses: gateways, route tables, network ACLs (both ways, they are stateless) and security groups (stateful).", "지금 내 VPC의 모습이에요. 경로를 추적하면 지나는 단계를 모두 볼 수 있어요. 게이트웨이, 라우팅 테이블, 네트워크 ACL(상태 비저장이라 양방향), 보안 그룹(상태 저장)이에요.")}
            </p>
            <form class="mt-3 grid gap-2 sm:grid-cols-2 lg:grid-cols-5" on:submit=trace data-testid="reachability-form">
                <label class="flex flex-col text-sm">
                    {move || tr(lang(), "From", "출발")}
                    <select class=INPUT_CLASS data-testid="path-source" on:change=move |ev| source.set(event_target_value(&ev))>
                        <option value="internet" selected=move || source.get() == "internet">{move || tr(lang(), "The internet", "인터넷")}</option>
                        {move || options(source)}
                    </select>
                </label>
                <label class="flex flex-col text-sm">
                    {move || tr(lang(), "To", "도착")}
                    <select class=INPUT_CLASS data-testid="path-destination" on:change=move |ev| destination.set(event_target_value(&ev))>
                        {move || options(destination)}
                        <option value="internet" selected=move || destination.get() == "internet">{move || tr(lang(), "The internet", "인터넷")}</option>
                    </select>
                </label>
                <label class="flex flex-col text-sm">
                    {move || tr(lang(), "Internet address", "인터넷 주소")}
                    <input class=INPUT_CLASS type="text" inputmode="decimal" autocomplete="off" data-testid="path-address" placeholder=move || learner_ip.get() prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev)) />
                </label>
                <label class="flex flex-col text-sm">
                    {move || tr(lang(), "Protocol and port", "프로토콜과 포트")}
                    <span class="flex gap-1">
                        <select class=INPUT_CLASS aria-label=move || tr(lang(), "Protocol", "프로토콜") on:change=move |ev| protocol.set(if event_target_value(&ev) == "udp" { Protocol::Udp } else { Protocol::Tcp })>
                            <option value="tcp">"TCP"</option>
                            <option value="udp">"UDP"</option>
                        </select>
                        <input class=INPUT_CLASS type="text" inputmode="numeric" data-testid="path-port" aria-label=move || tr(lang(), "Port", "포트") prop:value=move || port.get() on:input=move |ev| port.set(event_target_value(&ev)) />
                    </span>
                </label>
                <div class="flex items-end">
                    <button type="submit" class=PRIMARY_BUTTON data-testid="path-trace">{move || tr(lang(), "Trace path", "경로 추적")}</button>
                </div>
            </form>
            <div class="mt-3" aria-live="polite">{result}</div>
            <NetworkDiagram diagram stacked path=highlight />
        </section>
    }
}
