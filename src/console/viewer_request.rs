//! "Request from a viewer": asks a distribution for a path as a viewer in a
//! chosen city would, and shows what came back: the status, `X-Cache`, `Age`,
//! the edge location that answered, and the body as text.

use cloudlab_model::cloudfront::CloudFrontError;
use cloudlab_model::ec2::http::HttpResponse;
use leptos::prelude::*;

use crate::console::choice::ViewerCity;
use crate::console::choice_select::ChoiceSelect;
use crate::console::console_action::use_console_action;
use crate::console::error_box::ErrorBox;
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// What one request got back, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Answer {
    city: ViewerCity,
    url: String,
    status: String,
    x_cache: String,
    age: Option<String>,
    pop: String,
    body: String,
}

impl Answer {
    fn from_response(city: ViewerCity, url: String, response: &HttpResponse) -> Answer {
        let header = |name: &str| {
            response
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        Answer {
            city,
            url,
            status: format!("{} {}", response.status, response.reason),
            x_cache: header("X-Cache").unwrap_or_default(),
            age: header("Age"),
            pop: header("X-Amz-Cf-Pop").unwrap_or_default(),
            body: response.body.clone(),
        }
    }

    /// What `X-Cache` means, in English and Korean.
    fn meaning(&self) -> (&'static str, &'static str) {
        match self.x_cache.split(' ').next().unwrap_or_default() {
            "Hit" => (
                "This edge answered from its own copy; Age says how old that copy is.",
                "이 엣지가 자기 사본으로 응답했어요. Age는 그 사본의 나이예요.",
            ),
            "RefreshHit" => (
                "The copy's TTL had run out; the origin said it had not changed, so the edge kept it for another TTL.",
                "사본의 TTL이 끝나서 오리진에 물었더니 바뀌지 않았다고 해서, 엣지가 TTL만큼 더 보관해요.",
            ),
            "Miss" => (
                "This edge had no fresh copy and fetched the object from the origin; it keeps it for the TTL.",
                "이 엣지에 신선한 사본이 없어서 오리진에서 가져왔어요. TTL 동안 보관해요.",
            ),
            "Redirect" => (
                "The viewer protocol policy sends HTTP requests to the HTTPS address.",
                "뷰어 프로토콜 정책이 HTTP 요청을 HTTPS 주소로 보내요.",
            ),
            _ => (
                "An error: from the origin (kept 10 seconds at the edge) or from CloudFront itself.",
                "오류예요. 오리진에서 온 것(엣지에 10초 보관)이거나 CloudFront 자체의 응답이에요.",
            ),
        }
    }
}

/// A form that requests a distribution's path from a viewer's city.
#[component]
pub fn ViewerRequest(
    /// Chapter whose lab this is.
    chapter: u32,
    /// The distributions' `*.cloudfront.net` names.
    #[prop(into)]
    domains: Signal<Vec<String>>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let city = RwSignal::new(ViewerCity(0));
    let domain = RwSignal::new(String::new());
    let path = RwSignal::new("/".to_string());
    let https = RwSignal::new(true);
    let answer = RwSignal::new(Option::<Answer>::None);
    let failure = RwSignal::new(Option::<String>::None);

    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = domain.get_untracked();
        let host = if chosen.is_empty() {
            domains.get_untracked().first().cloned().unwrap_or_default()
        } else {
            chosen
        };
        let mut wanted = path.get_untracked().trim().to_string();
        if !wanted.starts_with('/') {
            wanted.insert(0, '/');
        }
        let viewer = city.get_untracked();
        let secure = https.get_untracked();
        let url = format!("{}://{host}{wanted}", if secure { "https" } else { "http" });
        let got = action.run(move |lab| {
            Ok::<_, CloudFrontError>(lab.cloud.cloudfront_get(
                viewer.edge(),
                secure,
                &host,
                &wanted,
            ))
        });
        match got.flatten() {
            Some(Ok(response)) => {
                failure.set(None);
                answer.set(Some(Answer::from_response(viewer, url, &response)));
            }
            Some(Err(why)) => {
                answer.set(None);
                failure.set(Some(why.to_string()));
            }
            None => {
                answer.set(None);
                failure.set(Some(format!("Could not resolve host: {url}")));
            }
        }
    };

    view! {
        <section aria-labelledby="viewer-request-title" class="mt-4" data-testid="viewer-request">
            <h4 id="viewer-request-title" class="font-semibold">{move || tr(lang(), "Request from a viewer", "뷰어로 요청하기")}</h4>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Each city is served by its own edge location, with its own cache.", "도시마다 자기 엣지 로케이션이 응답하고, 캐시도 따로 있어요.")}
            </p>
            <form class="mt-2 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto_auto] lg:items-end dark:border-slate-700" on:submit=send>
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Distribution", "배포")}</span>
                    <select class=INPUT_CLASS name="viewer-domain" on:change=move |ev| domain.set(event_target_value(&ev))>
                        {move || domains.get().into_iter().map(|d| view! { <option value=d.clone()>{d.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <ChoiceSelect label=("City", "도시") name="viewer-city" value=city />
                <label class="text-sm">
                    <span class="font-medium">{move || tr(lang(), "Path", "경로")}</span>
                    <input class=INPUT_CLASS name="viewer-path" prop:value=path on:input=move |ev| path.set(event_target_value(&ev)) />
                </label>
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="viewer-https" prop:checked=https on:change=move |ev| https.set(event_target_checked(&ev)) />
                    "HTTPS"
                </label>
                <button type="submit" class=PRIMARY_BUTTON data-testid="viewer-send" disabled=move || domains.get().is_empty()>
                    {move || tr(lang(), "Send request", "요청 보내기")}
                </button>
            </form>
            <ErrorBox error=action.error />
            {move || failure.get().map(|why| view! {
                <p role="alert" class="my-2 rounded-md border border-rose-500 bg-rose-50 px-3 py-2 text-sm text-rose-950 dark:bg-rose-950 dark:text-rose-50">{why}</p>
            })}
            {move || answer.get().map(|a| {
                let (en, ko) = a.meaning();
                view! {
                    <div role="status" class="my-2 rounded-md border border-slate-300 p-3 text-sm dark:border-slate-600" data-testid="viewer-answer" data-x-cache=a.x_cache.clone()>
                        <p class="font-mono text-xs break-all">{a.url.clone()}</p>
                        <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                            <dt class="font-medium">{move || tr(lang(), "City", "도시")}</dt>
                            <dd>{move || a.city.label_for(lang())}" ("{a.pop.clone()}")"</dd>
                            <dt class="font-medium">{move || tr(lang(), "Status", "상태")}</dt>
                            <dd>{a.status.clone()}</dd>
                            <dt class="font-medium">"X-Cache"</dt>
                            <dd data-testid="viewer-x-cache">{a.x_cache.clone()}</dd>
                            <dt class="font-medium">"Age"</dt>
                            <dd>{a.age.clone().unwrap_or_else(|| "-".into())}</dd>
                        </dl>
                        <p class="mt-2">{move || tr(lang(), en, ko)}</p>
                        <pre class="mt-2 max-h-40 overflow-auto whitespace-pre-wrap rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800">{a.body.clone()}</pre>
                    </div>
                }
            })}
        </section>
    }
}
