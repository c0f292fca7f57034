//! Hash-based routes (`#/chapter/4/step/launch`), so `dist/` works from any folder of any
//! static server with no rewrites, and a reload keeps the learner's place.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// A place in the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The chapter list.
    Home,
    /// A chapter, optionally at a step (by step id).
    Chapter {
        /// Chapter number.
        number: u32,
        /// Step id within the chapter.
        step: Option<String>,
    },
    /// The copies of saves kept in this browser.
    SavedCopies,
    /// Anything else.
    NotFound,
}

impl Route {
    /// Parses a `location.hash` value such as `#/chapter/4/step/launch`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_matches('/');
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["saves"] => Route::SavedCopies,
            ["chapter", n] => n
                .parse()
                .map(|number| Route::Chapter { number, step: None })
                .unwrap_or(Route::NotFound),
            ["chapter", n, "step", step] => n
                .parse()
                .map(|number| Route::Chapter {
                    number,
                    step: Some((*step).to_string()),
                })
                .unwrap_or(Route::NotFound),
            _ => Route::NotFound,
        }
    }

    /// The hash for this route, starting with `#`.
    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "#/".to_string(),
            Route::SavedCopies => "#/saves".to_string(),
            Route::Chapter { number, step: None } => format!("#/chapter/{number}"),
            Route::Chapter {
                number,
                step: Some(step),
            } => format!("#/chapter/{number}/step/{step}"),
        }
    }
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// A signal that follows `location.hash`.
pub fn use_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(Route::parse(&current_hash()));
    let on_change =
        Closure::<dyn FnMut()>::new(move || set_route.set(Route::parse(&current_hash())));
    // The listener lives as long as the page: the app has one router.
    let _ =
        window().add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref());
    on_change.forget();
    route
}

/// Moves to `route`, adding a history entry.
pub fn navigate(route: &Route) {
    let _ = window().location().set_hash(&route.href());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_routes() {
        for (hash, route) in [
            ("", Route::Home),
            ("#/", Route::Home),
            (
                "#/chapter/4",
                Route::Chapter {
                    number: 4,
                    step: None,
                },
            ),
            (
                "#/chapter/5/step/ssh",
                Route::Chapter {
                    number: 5,
                    step: Some("ssh".into()),
                },
            ),
            ("#/saves", Route::SavedCopies),
            ("#/chapter/x", Route::NotFound),
            ("#/nowhere", Route::NotFound),
        ] {
            assert_eq!(Route::parse(hash), route, "{hash}");
            if route != Route::NotFound && !hash.is_empty() {
                assert_eq!(Route::parse(&route.href()), route);
            }
        }
    }
}
