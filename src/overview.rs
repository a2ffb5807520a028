//! "Mijn proeftuinen": the list of proeftuinen on this device.

use leptos::prelude::*;

use crate::dom::set_title;

/// The overview page.
#[component]
pub fn Overview() -> impl IntoView {
    set_title("Mijn proeftuinen");
    view! {
        <section class="ptw-page" aria-labelledby="overview-title">
            <h1 id="overview-title">"Mijn proeftuinen"</h1>
            <p class="ptw-empty">"Er staan nog geen proeftuinen op dit apparaat."</p>
        </section>
    }
}
