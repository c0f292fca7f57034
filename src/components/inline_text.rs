//! One line of lesson text (a checkpoint, a reason, a quiz answer) with its inline
//! marks rendered — `code`, **strong**, *emphasis* — never as HTML.

use cloudlab_course::text::inlines;
use leptos::prelude::*;

use crate::components::rich_text::render_inlines;

/// Inline markdown-lite rendered as text and `<code>`/`<strong>`/`<em>` elements.
#[component]
pub fn InlineText(
    /// The source text.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    render_inlines(inlines(&text))
}
