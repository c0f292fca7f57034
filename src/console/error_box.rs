//! Shows an AWS error the way the console does: its code and message.

use leptos::prelude::*;

/// An AWS error returned by the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleError {
    /// AWS error code, e.g. `InvalidPermission.Duplicate`.
    pub code: String,
    /// AWS's message.
    pub message: String,
}

/// A red box with an AWS error, or nothing.
#[component]
pub fn ErrorBox(
    /// The error to show.
    #[prop(into)]
    error: Signal<Option<ConsoleError>>,
) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <div role="alert" class="my-2 rounded-md border border-rose-400 bg-rose-50 px-3 py-2 text-sm text-rose-950 dark:bg-rose-950 dark:text-rose-50" data-testid="console-error">
                    <p class="font-mono font-semibold">{e.code}</p>
                    <p>{e.message}</p>
                </div>
            }
        })
    }
}
