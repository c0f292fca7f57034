//! API Gateway → APIs: each REST API with its resources and methods (and where
//! each method sends requests), and its stages with their invoke URLs and the
//! deployment they serve.

use leptos::prelude::*;

use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::i18n::tr;
use crate::state::use_app;

/// One REST API.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ApiRow {
    id: String,
    name: String,
    endpoint: String,
    routes: Vec<String>,
    stages: Vec<(String, String)>,
}

/// The APIs page of the console.
#[component]
pub fn RestApisPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let apis = from_cloud(chapter, |cloud| {
        cloud
            .rest_apis()
            .iter()
            .map(|a| ApiRow {
                id: a.id.clone(),
                name: a.name.clone(),
                endpoint: a.endpoint_type.clone(),
                routes: a
                    .resources
                    .iter()
                    .flat_map(|r| {
                        r.methods.iter().map(move |(method, m)| {
                            let target = match &m.integration {
                                Some(i) if i.integration_type == "AWS_PROXY" => {
                                    let function = i
                                        .uri
                                        .as_deref()
                                        .and_then(|u| u.split(":function:").nth(1))
                                        .map(|f| f.trim_end_matches("/invocations").to_string())
                                        .unwrap_or_default();
                                    format!("Lambda proxy → {function}")
                                }
                                Some(i) => i.integration_type.clone(),
                                None => "no integration".to_string(),
                            };
                            format!("{method} {} · {target}", r.path)
                        })
                    })
                    .collect(),
                stages: a
                    .stages
                    .iter()
                    .map(|s| (cloud.invoke_url(&a.id, &s.name), s.deployment_id.clone()))
                    .collect(),
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::new("Name", "이름", |r: &ApiRow| r.name.clone())
            .class("whitespace-nowrap py-1 pr-3 font-medium")
            .row_header(),
        Column::new("ID", "ID", |r: &ApiRow| r.id.clone()).class("py-1 pr-3 font-mono text-xs"),
        Column::new("Endpoint type", "엔드포인트 유형", |r: &ApiRow| r.endpoint.clone()),
        Column::new("Methods", "메서드", |r: &ApiRow| {
            let routes = r.routes.clone();
            view! {
                <ul class="grid gap-1">
                    {routes.into_iter().map(|route| view! { <li class="font-mono">{route}</li> }).collect_view()}
                </ul>
            }
        })
        .class("py-1 pr-3 text-xs"),
        Column::new("Stages", "스테이지", move |r: &ApiRow| {
            let stages = r.stages.clone();
            view! {
                <ul class="grid gap-1">
                    {stages
                        .into_iter()
                        .map(|(url, deployment)| {
                            view! {
                                <li>
                                    <span class="block break-all font-mono">{url}</span>
                                    <span class="block text-slate-600 dark:text-slate-300">
                                        {move || tr(lang(), "deployment", "배포")} " " {deployment.clone()}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
        .class("py-1 pr-3 text-xs"),
    ];
    view! {
        <section aria-labelledby="apis-title" data-testid="rest-apis-panel">
            <h3 id="apis-title" class="text-lg font-semibold">{move || tr(lang(), "APIs", "API")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "A stage serves the deployment it points at: changes to resources and methods reach the invoke URL only after a new deployment.", "스테이지는 가리키는 배포를 서비스해요. 리소스와 메서드를 바꿔도 새로 배포해야 호출 URL에 반영돼요.")}
            </p>
            <ResourceTable
                rows=apis
                row_id=("data-api", |r: &ApiRow| r.id.clone())
                row_state=("data-endpoint", |r: &ApiRow| r.endpoint.clone())
                columns
                caption=("Your REST APIs", "내 REST API")
                empty=("No APIs.", "API가 없습니다.")
                test_id="rest-apis-table"
            />
        </section>
    }
}
