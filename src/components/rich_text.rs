//! Renders lesson text (the course crate's markdown-lite blocks) as elements, never as HTML.

use cloudlab_course::text::{Block, Inline, blocks};
use leptos::prelude::*;

/// A lesson text rendered as paragraphs, lists, code blocks and notes.
#[component]
pub fn RichText(
    /// The source text in markdown-lite.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    blocks(&text).into_iter().map(render_block).collect_view()
}

fn render_block(block: Block) -> AnyView {
    match block {
        Block::Paragraph(inlines) => {
            view! { <p class="my-3 leading-relaxed">{render_inlines(inlines)}</p> }.into_any()
        }
        Block::List(items) => view! {
            <ul class="my-3 list-disc space-y-1 pl-6">
                {items.into_iter().map(|item| view! { <li>{render_inlines(item)}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
        Block::Code(code) => view! {
            <pre class="my-3 overflow-x-auto rounded-md bg-slate-900 p-3 text-sm text-slate-100"><code>{code}</code></pre>
        }
        .into_any(),
        Block::Note(inlines) => view! {
            <aside class="my-3 rounded-md border-l-4 border-amber-500 bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
                {render_inlines(inlines)}
            </aside>
        }
        .into_any(),
    }
}

/// Renders inline runs as text and elements (shared with [`super::inline_text`]).
pub(crate) fn render_inlines(inlines: Vec<Inline>) -> impl IntoView {
    inlines
        .into_iter()
        .map(|inline| match inline {
            Inline::Plain(text) => text.into_any(),
            Inline::Code(code) => view! {
                <code class="rounded bg-slate-200 px-1 py-0.5 text-[0.9em] dark:bg-slate-800">{code}</code>
            }
            .into_any(),
            Inline::Strong(text) => view! { <strong class="font-semibold">{text}</strong> }.into_any(),
            Inline::Emphasis(text) => view! { <em>{text}</em> }.into_any(),
        })
        .collect_view()
}
