//! Step (being built).

use leptos::prelude::*;

/// The step page.
#[component]
pub fn BeoordelingStep() -> impl IntoView {
    view! { <p>"In aanbouw."</p> }
}
