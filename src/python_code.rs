//! Lambda's Python interpreter (`cloudlab-python`, monty): a wasm chunk of its own
//! in a release build (the `split` feature), fetched only when a chapter whose lab
//! runs functions opens (`python = true` in its lesson), so no other chapter pays
//! for it. Once here it is installed in the model, and invocations run. Tests and
//! `--dev` builds link it in.

use leptos::prelude::*;

use crate::state::AppContext;

/// What the interpreter's chunk gives the app.
#[derive(Debug)]
pub struct PythonCode {
    /// Makes it the runtime Lambda's Python functions run in.
    pub install: fn(),
}

static PYTHON_CODE: PythonCode = PythonCode {
    install: cloudlab_python::install,
};

/// The interpreter's chunk could not be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PythonLoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for PythonLoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> PythonLoadFailed {
        PythonLoadFailed
    }
}

/// The interpreter, fetching its chunk first in a split build.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(python, fallible)]
pub fn load() -> Result<&'static PythonCode, PythonLoadFailed> {
    Ok(&PYTHON_CODE)
}

/// The interpreter (linked in: nothing to fetch).
#[cfg(not(feature = "split"))]
pub async fn load() -> Result<&'static PythonCode, PythonLoadFailed> {
    Ok(&PYTHON_CODE)
}

/// Starts fetching the interpreter unless it is here or on its way; once it
/// arrives it is installed and `AppContext::python_ready` is set. A failure sets
/// `python_failed`, whose retry calls this again.
pub fn request(app: AppContext) {
    if app.python_ready.get_untracked() || app.python_loading.get_value() {
        return;
    }
    app.python_loading.set_value(true);
    app.python_failed.set(false);
    leptos::task::spawn_local(async move {
        let result = load().await;
        app.python_loading.set_value(false);
        match result {
            Ok(code) => {
                (code.install)();
                app.python_ready.set(true);
            }
            Err(PythonLoadFailed) => app.python_failed.set(true),
        }
    });
}
