//! A page that only says something and offers the way back: the page for an address the app
//! does not know, and a proeftuin that is not on this device or cannot be read.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::dom::set_title;

/// A page with a message: the window title, the heading, the text (children), and a link
/// back to the overview.
#[component]
pub fn MessagePage(
    /// The window title.
    title: &'static str,
    /// The page's heading.
    heading: &'static str,
    /// What the page says.
    children: Children,
) -> impl IntoView {
    set_title(title);
    view! {
        <section class="ptw-page" aria-labelledby="nf-title">
            <h1 id="nf-title">{heading}</h1>
            {children()}
            <p><A href="/">"Naar Mijn proeftuinen"</A></p>
        </section>
    }
}

/// Shown for unknown app routes, with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <MessagePage title="Pagina niet gevonden" heading="Deze pagina bestaat niet">
            <p>"Het adres klopt niet, of de pagina is verplaatst."</p>
        </MessagePage>
    }
}
