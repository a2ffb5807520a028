//! The page for an address the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::dom::set_title;

/// Shown for unknown app routes, with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Pagina niet gevonden");
    view! {
        <section class="ptw-page" aria-labelledby="nf-title">
            <h1 id="nf-title">"Deze pagina bestaat niet"</h1>
            <p>"Het adres klopt niet, of de pagina is verplaatst."</p>
            <p><A href="/">"Naar Mijn proeftuinen"</A></p>
        </section>
    }
}
