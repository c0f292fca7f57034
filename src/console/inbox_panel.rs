//! SNS → Inbox: the lab's mailbox. Every mail SNS sends arrives here, whatever
//! the address (the lab catches them all): subscription confirmations, with a
//! button that opens their link, and every notification, alarms' included.

use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::i18n::tr;
use crate::state::use_app;

/// One mail.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct MailRow {
    number: usize,
    from: String,
    to: String,
    subject: String,
    at: String,
    body: String,
    /// A confirmation mail's topic and token.
    confirms: Option<(String, String)>,
    /// Whether the subscription it asks about is confirmed already.
    confirmed: bool,
}

/// The Inbox page of the console.
#[component]
pub fn InboxPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let mails = from_cloud(chapter, |cloud| {
        cloud
            .mailbox()
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let confirms = m
                    .confirms
                    .as_ref()
                    .map(|l| (l.topic_arn.clone(), l.token.clone()));
                let confirmed = confirms.as_ref().is_some_and(|(topic, _)| {
                    let region = topic.split(':').nth(3).unwrap_or_default();
                    let home = cloud.region_name() == region;
                    let c = if home {
                        Some(cloud)
                    } else {
                        cloud.other_region(region)
                    };
                    c.is_some_and(|c| {
                        c.subscriptions_of(topic)
                            .any(|s| s.endpoint == m.to && s.is_confirmed())
                    })
                });
                MailRow {
                    number: i + 1,
                    from: m.from.clone(),
                    to: m.to.clone(),
                    subject: m.subject.clone(),
                    at: m.at.to_cli(),
                    body: m.body.clone(),
                    confirms,
                    confirmed,
                }
            })
            .collect::<Vec<_>>()
    });
    // The mail being read (the newest when none is picked).
    let picked = RwSignal::new(0usize);
    let reading = move || {
        let all = mails.get();
        let n = picked.get();
        all.iter()
            .find(|m| m.number == n)
            .or_else(|| all.last())
            .cloned()
    };
    let confirm = move |topic: String, token: String| {
        action.run_and_say(
            ("Confirmed the subscription to", "구독을 확인했어요:"),
            topic.rsplit(':').next().unwrap_or_default().to_string(),
            move |lab| lab.cloud.open_confirmation_link(&topic, &token),
        );
    };
    view! {
        <section aria-labelledby="inbox-title" data-testid="inbox-panel" class="grid gap-3">
            <h3 id="inbox-title" class="text-lg font-semibold">{move || tr(lang(), "Inbox", "받은 편지함")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "The lab's mailbox: every mail SNS sends, to any address, arrives here (the terminal's mail command reads the same).", "실습의 메일함이에요. SNS가 보내는 메일은 주소와 상관없이 모두 여기로 와요(터미널의 mail 명령도 같은 메일을 읽어요).")}
            </p>
            <Show
                when=move || !mails.get().is_empty()
                fallback=move || view! {
                    <p class="text-sm" data-testid="inbox-empty">{move || tr(lang(), "No mail yet.", "아직 메일이 없어요.")}</p>
                }
            >
                <ul class="grid gap-1" aria-label=move || tr(lang(), "Mails, oldest first", "메일(오래된 순)") data-testid="inbox-list">
                    {move || mails.get().into_iter().map(|m| {
                        let number = m.number;
                        let current = move || reading().map(|r| r.number) == Some(number);
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="w-full rounded border border-slate-300 px-2 py-1 text-left text-sm hover:bg-slate-100 focus:outline focus:outline-2 focus:outline-sky-600 dark:border-slate-600 dark:hover:bg-slate-800"
                                    class:bg-sky-50=current
                                    class:dark:bg-slate-800=current
                                    aria-current=move || if current() { "true" } else { "false" }
                                    data-testid="inbox-mail"
                                    on:click=move |_| picked.set(number)
                                >
                                    <span class="block font-medium">{m.subject.clone()}</span>
                                    <span class="block text-xs text-slate-600 dark:text-slate-300">
                                        {format!("{} · {} · {}", m.from, m.to, m.at)}
                                    </span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {move || reading().map(|m| {
                    let confirm_button = m.confirms.clone().map(|(topic, token)| {
                        let done = m.confirmed;
                        view! {
                            <button
                                type="button"
                                class="justify-self-start rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:bg-slate-400"
                                disabled=done
                                data-testid="inbox-confirm"
                                on:click=move |_| confirm(topic.clone(), token.clone())
                            >
                                {move || if done {
                                    tr(lang(), "Subscription confirmed", "구독 확인됨")
                                } else {
                                    tr(lang(), "Confirm subscription", "구독 확인")
                                }}
                            </button>
                        }
                    });
                    view! {
                        <article class="grid gap-2 rounded border border-slate-300 p-3 dark:border-slate-600" aria-labelledby="inbox-reading" data-testid="inbox-reading">
                            <h4 id="inbox-reading" class="font-semibold">{m.subject.clone()}</h4>
                            <p class="text-xs text-slate-600 dark:text-slate-300">
                                {move || tr(lang(), "From", "보낸 사람")} ": " {m.from.clone()} " · "
                                {move || tr(lang(), "To", "받는 사람")} ": " {m.to.clone()}
                            </p>
                            {confirm_button}
                            <pre class="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-900" data-testid="inbox-body">{m.body.clone()}</pre>
                        </article>
                    }
                })}
            </Show>
            <ActionStatus action done_test_id="inbox-done" />
        </section>
    }
}
