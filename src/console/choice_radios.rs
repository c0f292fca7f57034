//! A fieldset of radio buttons over a [`Choice`].

use leptos::prelude::*;

use crate::console::choice::Choice;
use crate::i18n::tr;
use crate::state::use_app;

/// One radio button per option of `C`, bound to `value`.
#[component]
pub fn ChoiceRadios<C: Choice>(
    /// The group's legend, in English and Korean.
    legend: (&'static str, &'static str),
    /// The radio group's name.
    name: &'static str,
    /// The option chosen.
    value: RwSignal<C>,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    view! {
        <fieldset class="text-sm">
            <legend class="font-medium">{move || tr(lang(), legend.0, legend.1)}</legend>
            <div class="flex flex-wrap gap-3 py-1">
                {C::ALL.iter().map(|choice| {
                    let choice = *choice;
                    view! {
                        <label class="flex items-center gap-1">
                            <input type="radio" name=name value=choice.value()
                                prop:checked=move || value.get() == choice
                                on:change=move |_| value.set(choice) />
                            {move || choice.label(lang())}
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}
