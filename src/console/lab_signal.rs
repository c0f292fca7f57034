//! Reading the chapter's simulated account for a console page: a signal of
//! whatever the page computes from it (its rows, the zones of a select), empty
//! while the lab is not there yet.

use cloudlab_model::Cloud;
use leptos::prelude::*;

use crate::state::use_app;

/// A signal of `read(cloud)` for the chapter's lab, recomputed when the session
/// changes; `T::default()` while the chapter has no lab.
pub fn from_cloud<T>(chapter: u32, read: impl Fn(&Cloud) -> T + Send + Sync + 'static) -> Signal<T>
where
    T: Default + Clone + Send + Sync + 'static,
{
    let app = use_app();
    Signal::derive(move || {
        app.session
            .with(|s| s.lab(chapter).map(|lab| read(&lab.cloud)))
            .unwrap_or_default()
    })
}

/// The names of the region's Availability Zones (for a zone select).
pub fn zone_names(cloud: &Cloud) -> Vec<String> {
    cloud
        .region()
        .zones
        .iter()
        .map(|z| z.name.to_string())
        .collect()
}
