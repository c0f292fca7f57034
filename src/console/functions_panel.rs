//! Lambda → Functions: each function with its runtime, handler, state, role, the
//! services its policy lets invoke it and its latest runs (cold or warm, time,
//! outcome); the code editor, which deploys the handler's file as a new package;
//! and the Test tab, which invokes the function with an event and shows the
//! response and the log, as the Lambda console does.

use cloudlab_model::lambda::{InvocationOutcome, InvokeInput, UpdateFunctionCodeInput};
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON, SECONDARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One function.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct FunctionRow {
    name: String,
    runtime: String,
    handler: String,
    state: String,
    role: String,
    settings: String,
    invoked_by: String,
    last_run: String,
}

/// What the Test tab shows after an invocation.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TestResult {
    function: String,
    status: String,
    payload: String,
    log: String,
}

fn outcome_text(outcome: &InvocationOutcome) -> String {
    match outcome {
        InvocationOutcome::Success => "succeeded".into(),
        InvocationOutcome::Error(kind) => format!("failed: {kind}"),
        InvocationOutcome::Timeout => "timed out".into(),
    }
}

/// The Lambda functions page of the console.
#[component]
pub fn FunctionsPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let functions = from_cloud(chapter, |cloud| {
        cloud
            .lambda_functions()
            .iter()
            .map(|f| FunctionRow {
                name: f.name.clone(),
                runtime: f.latest.runtime.clone(),
                handler: f.latest.handler.clone(),
                state: f.state.clone(),
                role: cloudlab_model::lambda::Function::role_name(&f.latest).to_string(),
                settings: format!("{} MB · {} s", f.latest.memory_size, f.latest.timeout),
                invoked_by: f
                    .policy
                    .iter()
                    .map(|s| s.principal.trim_end_matches(".amazonaws.com").to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                last_run: f
                    .invocations
                    .last()
                    .map(|i| {
                        format!(
                            "{} · {} · {:.1} ms{}",
                            if i.cold { "cold" } else { "warm" },
                            outcome_text(&i.outcome),
                            i.duration_ms,
                            if i.logged { "" } else { " · no log" }
                        )
                    })
                    .unwrap_or_default(),
            })
            .collect::<Vec<_>>()
    });

    // The function the editor and the Test tab work on (the first when none is picked).
    let picked = RwSignal::new(String::new());
    let selected = move || {
        let name = picked.get();
        let all = functions.get();
        if all.iter().any(|f| f.name == name) {
            name
        } else {
            all.first().map(|f| f.name.clone()).unwrap_or_default()
        }
    };
    // The handler's file as deployed, read again whenever the function or its code changes.
    let source = Memo::new(move |_| {
        let name = selected();
        app.session.with(|s| {
            s.lab(chapter)
                .and_then(|lab| lab.cloud.lambda_function(&name))
                .map(|f| {
                    let file = f.latest.handler_file();
                    let text = f
                        .latest
                        .files()
                        .get(&file)
                        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                        .unwrap_or_default();
                    (file, text, f.latest.code_sha256.clone())
                })
                .unwrap_or_default()
        })
    });
    let code = RwSignal::new(String::new());
    Effect::new(move |_| {
        let (_, text, _) = source.get();
        code.set(text);
    });
    let event = RwSignal::new("{\n  \"name\": \"Ada\"\n}".to_string());
    let result: RwSignal<Option<TestResult>> = RwSignal::new(None);

    let deploy = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = selected();
        let (file, _, _) = source.get_untracked();
        let text = code.get_untracked();
        action.run_and_say(
            ("Deployed the code of", "코드를 배포했어요:"),
            name.clone(),
            move |lab| {
                let now = lab.cloud.now().unix_seconds();
                let package = lab
                    .cloud
                    .lambda_function(&name)
                    .map(|f| f.latest.package_with_file(&file, &text, now));
                lab.cloud.update_function_code(UpdateFunctionCodeInput {
                    function_name: name,
                    zip_file: package,
                    ..Default::default()
                })
            },
        );
    };
    let test = move |_| {
        let name = selected();
        let payload = event.get_untracked();
        let out = action.run(move |lab| {
            lab.cloud.invoke(InvokeInput {
                function_name: name,
                payload: Some(payload),
                log_type: Some("Tail".into()),
                ..Default::default()
            })
        });
        result.set(out.map(|out| {
            TestResult {
                function: selected(),
                status: match &out.function_error {
                    Some(kind) => format!("{} ({kind})", out.status_code),
                    None => out.status_code.to_string(),
                },
                payload: out.payload.clone(),
                log: out
                    .log_result
                    .as_deref()
                    .and_then(cloudlab_model::digest::base64_decode)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                    .unwrap_or_default(),
            }
        }));
    };

    let columns = vec![
        Column::new("Function", "함수", |r: &FunctionRow| {
            let (name, details) = (
                r.name.clone(),
                format!("{} · {} · {}", r.runtime, r.state, r.settings),
            );
            view! {
                <span class="block whitespace-nowrap font-mono">{name}</span>
                <span class="block whitespace-nowrap text-slate-600 dark:text-slate-300">{details}</span>
            }
        })
        .class("py-1 pr-3 text-xs")
        .row_header(),
        Column::new("Execution role", "실행 역할", |r: &FunctionRow| r.role.clone())
            .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Invoked by", "호출 허용", |r: &FunctionRow| r.invoked_by.clone())
            .class("py-1 pr-3 text-xs"),
        Column::new("Last run", "마지막 실행", |r: &FunctionRow| r.last_run.clone())
            .class("py-1 pr-3 text-xs"),
    ];

    view! {
        <section aria-labelledby="functions-title" data-testid="functions-panel">
            <h3 id="functions-title" class="text-lg font-semibold">{move || tr(lang(), "Functions", "함수")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "Code runs as the execution role; who may invoke a function is its resource-based policy. Lines the code prints go to /aws/lambda/NAME.", "코드는 실행 역할로 실행되고, 누가 함수를 호출할 수 있는지는 리소스 기반 정책이 정해요. 코드가 출력한 줄은 /aws/lambda/이름에 남아요.")}
            </p>
            <ResourceTable
                rows=functions
                row_id=("data-function", |r: &FunctionRow| r.name.clone())
                row_state=("data-state", |r: &FunctionRow| r.state.clone())
                columns
                caption=("Your functions", "내 함수")
                empty=("No functions.", "함수가 없습니다.")
                test_id="functions-table"
            />
            <Show when=move || !functions.get().is_empty()>
                <div class="mt-3 grid gap-3">
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "Function", "함수")}</span>
                        <select class=INPUT_CLASS name="function" data-testid="function-picker" on:change=move |ev| picked.set(event_target_value(&ev))>
                            {move || {
                                let current = selected();
                                functions
                                    .get()
                                    .into_iter()
                                    .map(|f| {
                                        let chosen = f.name == current;
                                        view! { <option value=f.name.clone() selected=chosen>{f.name.clone()}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <form class="grid gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" on:submit=deploy data-testid="code-editor">
                        <label class="grid gap-1 text-sm">
                            <span class="font-medium">
                                {move || tr(lang(), "Code source", "코드 소스")} " · "
                                <span class="font-mono text-xs">{move || source.get().0}</span>
                            </span>
                            <span class="text-xs text-slate-600 dark:text-slate-300">
                                {move || tr(lang(), "Handler", "핸들러")} " "
                                <span class="font-mono">{move || functions.get().into_iter().find(|f| f.name == selected()).map(|f| f.handler).unwrap_or_default()}</span>
                            </span>
                            <textarea
                                class=format!("{INPUT_CLASS} min-h-48 overflow-x-auto whitespace-pre font-mono text-xs leading-5")
                                wrap="off"
                                spellcheck="false"
                                autocapitalize="off"
                                name="code"
                                data-testid="code-text"
                                prop:value=move || code.get()
                                on:input=move |ev| code.set(event_target_value(&ev))
                            ></textarea>
                        </label>
                        <div>
                            <button type="submit" class=PRIMARY_BUTTON data-testid="deploy-code">
                                {move || tr(lang(), "Deploy", "배포")}
                            </button>
                        </div>
                    </form>
                    <div class="grid gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
                        <label class="grid gap-1 text-sm">
                            <span class="font-medium">{move || tr(lang(), "Test event (JSON)", "테스트 이벤트(JSON)")}</span>
                            <textarea
                                class=format!("{INPUT_CLASS} min-h-20 font-mono text-xs")
                                spellcheck="false"
                                name="event"
                                data-testid="test-event"
                                prop:value=move || event.get()
                                on:input=move |ev| event.set(event_target_value(&ev))
                            ></textarea>
                        </label>
                        <div>
                            <button type="button" class=SECONDARY_BUTTON data-testid="test-function" on:click=test>
                                {move || tr(lang(), "Test", "테스트")}
                            </button>
                        </div>
                        {move || {
                            result
                                .get()
                                .filter(|r| r.function == selected())
                                .map(|r| {
                                    view! {
                                        <div class="grid gap-1 text-sm" data-testid="test-result" aria-live="polite">
                                            <p>
                                                <span class="font-medium">{move || tr(lang(), "Status code", "상태 코드")}</span>
                                                " " {r.status.clone()}
                                            </p>
                                            <p class="font-medium">{move || tr(lang(), "Response", "응답")}</p>
                                            <pre class="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800">{r.payload.clone()}</pre>
                                            <p class="font-medium">{move || tr(lang(), "Log output", "로그 출력")}</p>
                                            <pre class="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800" data-testid="test-log">{r.log.clone()}</pre>
                                        </div>
                                    }
                                })
                        }}
                    </div>
                </div>
            </Show>
            <ActionStatus action done_test_id="function-action-done" />
        </section>
    }
}
