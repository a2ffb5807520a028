//! Step (being built).

use leptos::prelude::*;

/// The step page.
#[component]
pub fn StakeholdersStep() -> impl IntoView {
    view! { <p>"In aanbouw."</p> }
}
