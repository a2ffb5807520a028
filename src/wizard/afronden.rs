//! Step (being built).

use leptos::prelude::*;

/// The step page.
#[component]
pub fn AfrondenStep() -> impl IntoView {
    view! { <p>"In aanbouw."</p> }
}
