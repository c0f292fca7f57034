//! The network diagram: the learner's VPCs as SVG, drawn from
//! [`Diagram`], with the path of a reachability trace highlighted (teal) and the
//! hop that blocked it marked (red, dashed). Below it, the same account as a
//! list, for screen readers. Nothing moves on its own. On narrow screens the
//! zones are stacked one above the other instead of side by side.

use std::collections::HashSet;

use leptos::prelude::*;

use cloudlab_course::Lang;

use crate::console::network_diagram_data::{Diagram, INTERNET, Link, LinkKind, Node, NodeKind};
use crate::i18n::{tr, tr_string};
use crate::state::use_app;

/// How one drawn thing stands on the traced path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Plain,
    OnPath,
    Blocked,
}

fn mark(id: &str, path: &HashSet<String>, blocked: Option<&str>) -> Mark {
    if blocked == Some(id) {
        Mark::Blocked
    } else if path.contains(id) {
        Mark::OnPath
    } else {
        Mark::Plain
    }
}

fn box_class(mark: Mark) -> &'static str {
    match mark {
        Mark::Plain => "text-slate-400 dark:text-slate-500",
        Mark::OnPath => "text-teal-600 dark:text-teal-300",
        Mark::Blocked => "text-red-600 dark:text-red-400",
    }
}

fn stroke_width(mark: Mark) -> f64 {
    if mark == Mark::Plain { 1.2 } else { 3.0 }
}

fn kind_badge(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Instance => "EC2",
        NodeKind::NatGateway => "NAT",
        NodeKind::LoadBalancer => "ALB",
        NodeKind::InternetGateway => "IGW",
    }
}

fn node_view(n: &Node, path: &HashSet<String>, blocked: Option<&str>, l: Lang) -> impl IntoView {
    let m = mark(&n.id, path, blocked);
    let r = n.rect;
    let detail = if n.kind == NodeKind::InternetGateway {
        tr(l, "internet gateway", "인터넷 게이트웨이").to_string()
    } else {
        n.detail.clone()
    };
    let fill = if n.up {
        "fill-white dark:fill-slate-900"
    } else {
        "fill-slate-100 dark:fill-slate-800"
    };
    view! {
        <g data-node=n.id.clone() data-mark=match m { Mark::Plain => "", Mark::OnPath => "path", Mark::Blocked => "blocked" }>
            <rect x=r.x y=r.y width=r.w height=r.h rx="4" class=fill />
            <rect x=r.x y=r.y width=r.w height=r.h rx="4" fill="none" stroke="currentColor" stroke-width=stroke_width(m) stroke-dasharray=if m == Mark::Blocked { "5 3" } else { "" } class=box_class(m) />
            <text x=r.x + 6.0 y=r.y + 12.0 class="fill-current text-[10px] font-semibold text-slate-800 dark:text-slate-100">
                <tspan class="fill-current text-violet-700 dark:text-violet-300">{kind_badge(n.kind)}</tspan>
                {format!(" {}", n.label)}
            </text>
            <text x=r.x + 6.0 y=r.y + 25.0 class="fill-current text-[9px] text-slate-600 dark:text-slate-300">{detail}</text>
            <title>{format!("{} {} — {}", kind_badge(n.kind), n.label, n.detail)}</title>
        </g>
    }
}

/// One drawing of `d`: `narrow` is the stacked layout for small screens, shown
/// only there (the wide one shows from the `sm` breakpoint up).
fn drawing(
    d: &Diagram,
    on_path: &HashSet<String>,
    blocked: Option<&str>,
    l: Lang,
    narrow: bool,
) -> AnyView {
    let on_path = on_path.clone();
    if d.vpcs.is_empty() {
        return view! {
            <p class="text-sm text-slate-600 dark:text-slate-300" data-testid="network-diagram-empty">
                {tr(l, "No VPC of your own yet (and nothing runs in the default VPC). Create one and it appears here.", "아직 직접 만든 VPC가 없어요(기본 VPC에서 실행 중인 것도 없어요). VPC를 만들면 여기에 나타나요.")}
            </p>
        }
        .into_any();
    }
    let internet_mark = mark(INTERNET, &on_path, blocked);
    let link_view = |link: &Link| {
        let m = if on_path.contains(&link.from) && on_path.contains(&link.to) {
            Mark::OnPath
        } else {
            Mark::Plain
        };
        let dash = match link.kind {
            LinkKind::GroupReference => "2 3",
            _ => "",
        };
        let class = match link.kind {
            LinkKind::GroupReference if m == Mark::Plain => "text-amber-600 dark:text-amber-400",
            _ => box_class(m),
        };
        // A label sits on a small plate of the background colour just past the
        // upper end of its line, in the gap under that box, so it covers no
        // subnet's title (the middle of a line between two subnets is the lower
        // subnet's heading).
        let label = (!link.label.is_empty()).then(|| {
            let (x1, y1) = link.start;
            let (x2, y2) = link.end;
            let (top_x, top_y) = if y1 <= y2 { (x1, y1) } else { (x2, y2) };
            let (x, y) = (top_x + 4.0, top_y + 11.0);
            let width = 5.0 * link.label.chars().count() as f64 + 6.0;
            view! {
                <rect x=x - 3.0 y=y - 9.0 width=width height="12" rx="3" class="fill-white dark:fill-slate-900" />
                <text x=x y=y class="fill-current text-[9px] text-amber-700 dark:text-amber-300">{link.label.clone()}</text>
            }
        });
        view! {
            <line x1=link.start.0 y1=link.start.1 x2=link.end.0 y2=link.end.1 stroke="currentColor" stroke-width=stroke_width(m) stroke-dasharray=dash class=class data-link=format!("{}>{}", link.from, link.to) />
            {label}
        }
    };
    // Routes under the boxes; security group references over them, so their
    // labels stay readable.
    let links = d
        .links
        .iter()
        .filter(|l| l.kind != LinkKind::GroupReference)
        .map(link_view)
        .collect_view();
    let references = d
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::GroupReference)
        .map(link_view)
        .collect_view();
    let vpcs = d
        .vpcs
        .iter()
        .map(|v| {
            let r = v.rect;
            let zones = v
                .zones
                .iter()
                .map(|(name, x, y)| {
                    view! { <text x=*x y=*y text-anchor="middle" class="fill-current text-[10px] font-semibold text-slate-600 dark:text-slate-300">{name.clone()}</text> }
                })
                .collect_view();
            let subnets = v
                .subnets
                .iter()
                .map(|s| {
                    let m = mark(&s.id, &on_path, blocked);
                    let sr = s.rect;
                    let (tint, kind) = if s.public {
                        ("fill-emerald-50 dark:fill-emerald-950", tr(l, "public", "퍼블릭"))
                    } else {
                        ("fill-sky-50 dark:fill-sky-950", tr(l, "private", "프라이빗"))
                    };
                    let route = match &s.route {
                        Some(target) => format!("0.0.0.0/0 → {target}"),
                        None => tr(l, "local only", "로컬만").to_string(),
                    };
                    let acl = if s.acl.1 {
                        tr_string(l, format!("ACL {} (default)", s.acl.0), format!("ACL {} (기본)", s.acl.0))
                    } else {
                        format!("ACL {}", s.acl.0)
                    };
                    let nodes = s
                        .nodes
                        .iter()
                        .map(|n| node_view(n, &on_path, blocked, l))
                        .collect_view();
                    view! {
                        <g data-subnet=s.id.clone() data-public=s.public.to_string() data-mark=match m { Mark::Plain => "", Mark::OnPath => "path", Mark::Blocked => "blocked" }>
                            <rect x=sr.x y=sr.y width=sr.w height=sr.h rx="6" class=tint />
                            <rect x=sr.x y=sr.y width=sr.w height=sr.h rx="6" fill="none" stroke="currentColor" stroke-width=stroke_width(m) stroke-dasharray=if m == Mark::Blocked { "6 3" } else { "" } class=box_class(m) />
                            <text x=sr.x + 8.0 y=sr.y + 14.0 class="fill-current text-[11px] font-semibold text-slate-800 dark:text-slate-100">{format!("{} · {kind}", s.label)}</text>
                            <text x=sr.x + 8.0 y=sr.y + 27.0 class="fill-current text-[9px] text-slate-600 dark:text-slate-300">{s.detail.clone()}</text>
                            <text x=sr.x + 8.0 y=sr.y + 39.0 class="fill-current text-[9px] text-slate-600 dark:text-slate-300">{route}</text>
                            <text x=sr.x + 8.0 y=sr.y + 51.0 class="fill-current text-[9px] text-slate-600 dark:text-slate-300">{acl}</text>
                            {nodes}
                        </g>
                    }
                })
                .collect_view();
            let gateway = v.gateway.as_ref().map(|g| node_view(g, &on_path, blocked, l));
            view! {
                <g data-vpc=v.id.clone()>
                    <rect x=r.x y=r.y width=r.w height=r.h rx="8" fill="none" stroke="currentColor" stroke-width="1.5" class="text-slate-500 dark:text-slate-400" />
                    <text x=r.x + 10.0 y=r.y + 30.0 class="fill-current text-[12px] font-semibold text-slate-800 dark:text-slate-100">{format!("VPC {} · {}", v.label, v.cidr)}</text>
                    {zones}
                    {subnets}
                    {gateway}
                </g>
            }
        })
        .collect_view();
    let i = d.internet;
    let label = tr(l, "Diagram of your VPCs", "내 VPC 다이어그램");
    view! {
        <div class=if narrow { "sm:hidden" } else { "hidden sm:block" }>
            <svg viewBox=format!("0 0 {:.0} {:.0}", d.width, d.height) class=if narrow { "h-auto w-full max-w-sm" } else { "h-auto w-full max-w-4xl" } role="img" aria-label=label data-testid=if narrow { "network-diagram-narrow" } else { "network-diagram" }>
                <title>{label}</title>
                <rect x=i.x y=i.y width=i.w height=i.h rx="18" fill="none" stroke="currentColor" stroke-width=stroke_width(internet_mark) class=box_class(internet_mark) data-node=INTERNET data-mark=if internet_mark == Mark::OnPath { "path" } else { "" } />
                <text x=i.x + i.w / 2.0 y=i.y + 22.0 text-anchor="middle" class="fill-current text-[12px] font-semibold text-slate-700 dark:text-slate-200">{tr(l, "Internet", "인터넷")}</text>
                {links}
                {vpcs}
                {references}
            </svg>
        </div>
    }
    .into_any()
}

/// The diagram of the account's networks, with a traced path highlighted.
#[component]
pub fn NetworkDiagram(
    /// What to draw.
    #[prop(into)]
    diagram: Signal<Diagram>,
    /// The same, stacked for narrow screens.
    #[prop(into)]
    stacked: Signal<Diagram>,
    /// The ids on the traced path, and the one that blocked it.
    #[prop(into)]
    path: Signal<(HashSet<String>, Option<String>)>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let listing = move || {
        let d = diagram.get();
        let l = lang();
        d.vpcs
            .iter()
            .map(|v| {
                let subnets = v
                    .subnets
                    .iter()
                    .map(|s| {
                        let kind = if s.public { tr(l, "public", "퍼블릭") } else { tr(l, "private", "프라이빗") };
                        let nodes = s
                            .nodes
                            .iter()
                            .map(|n| format!("{} {} ({})", kind_badge(n.kind), n.label, n.detail))
                            .collect::<Vec<_>>()
                            .join("; ");
                        let route = s.route.clone().unwrap_or_else(|| tr(l, "local only", "로컬만").to_string());
                        view! { <li>{format!("{} · {kind} · {} · 0.0.0.0/0 → {route}{}{nodes}", s.label, s.detail, if nodes.is_empty() { "" } else { " · " })}</li> }
                    })
                    .collect_view();
                let gateway = v.gateway.as_ref().map_or_else(
                    || tr(l, "no internet gateway", "인터넷 게이트웨이 없음").to_string(),
                    |g| g.label.clone(),
                );
                view! {
                    <li>
                        {format!("VPC {} ({}), {gateway}", v.label, v.cidr)}
                        <ul class="ml-4 list-disc">{subnets}</ul>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <figure class="mt-3" data-testid="network-diagram-figure">
            {move || {
                let (on_path, blocked) = path.get();
                let l = lang();
                view! {
                    {drawing(&diagram.get(), &on_path, blocked.as_deref(), l, false)}
                    {drawing(&stacked.get(), &on_path, blocked.as_deref(), l, true)}
                }
            }}
            <figcaption class="mt-2 text-sm text-slate-700 dark:text-slate-300">
                <details>
                    <summary class="cursor-pointer">{move || tr(lang(), "The diagram as a list", "다이어그램을 목록으로 보기")}</summary>
                    <ul class="ml-4 list-disc" data-testid="network-diagram-list">{listing}</ul>
                </details>
            </figcaption>
        </figure>
    }
}
