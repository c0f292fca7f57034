//! A labelled `<select>` over a [`Choice`].

use leptos::prelude::*;

use crate::console::INPUT_CLASS;
use crate::console::choice::Choice;
use crate::i18n::tr;
use crate::state::use_app;

/// A drop-down list of every option of `C`, bound to `value`.
#[component]
pub fn ChoiceSelect<C: Choice>(
    /// The field's label, in English and Korean.
    label: (&'static str, &'static str),
    /// The form field's name.
    name: &'static str,
    /// The option chosen.
    value: RwSignal<C>,
    /// The id of a hint that describes the choice (`aria-describedby`), if any.
    #[prop(optional)]
    described_by: Option<&'static str>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    view! {
        <label class="text-sm">
            <span class="font-medium">{move || tr(lang(), label.0, label.1)}</span>
            <select class=INPUT_CLASS name=name aria-describedby=described_by on:change=move |ev| {
                if let Some(choice) = C::from_value(&event_target_value(&ev)) {
                    value.set(choice);
                }
            }>
                {C::ALL.iter().map(|choice| {
                    let choice = *choice;
                    view! {
                        <option value=choice.value() selected=move || value.get() == choice>
                            {move || choice.label(lang())}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}
