//! Opening a shared link (`/open/<id>#sleutel=<secret>`) on this device: the
//! plan is fetched from the server and stored here with its sync record, then
//! the wizard opens. The secret sits in the fragment, so it never reaches a
//! server log. A wrong or incomplete link gets a clear message.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use proeftuin_domain::Step;

use crate::action::local_action;
use crate::dom::set_title;
use crate::local_store;
use crate::sync::api::{self, Remote};
use crate::sync::{Access, ApiError};
use crate::wizard::step_href;

/// The secret in the fragment of the current address, if any.
pub(crate) fn secret_from_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let secret = hash
        .trim_start_matches('#')
        .strip_prefix("sleutel=")?
        .trim();
    let ok = !secret.is_empty()
        && secret.len() <= 200
        && secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| secret.to_string())
}

/// Goes to `href` in place of the link's own address (so "back" does not open it again).
fn replace_with(navigate: &impl Fn(&str, NavigateOptions), href: &str) {
    navigate(
        href,
        NavigateOptions {
            replace: true,
            ..Default::default()
        },
    );
}

/// The route component for `/open/:id`.
#[component]
pub fn OpenLink() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let failed = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    set_title("Gedeelde proeftuin openen");
    // Fetches the plan with the secret and keeps it here, then opens the wizard; else says
    // what went wrong.
    let open = local_action(move |secret: &String| {
        let (id, secret, navigate) = (id.clone(), secret.clone(), navigate.clone());
        async move {
            let message = match api::fetch(&id, &secret).await {
                Ok(Remote { access: Some(Access::Assessor), .. }) | Err(ApiError::Invitation) => {
                    // An assessor's invitation or personal link: the assessor's own page.
                    return replace_with(&navigate, &format!("/beoordelen/{id}#sleutel={secret}"));
                }
                Ok(remote) => {
                    let access = remote.access.unwrap_or(Access::Read);
                    match local_store::store_shared(secret, access, remote.revision, remote.document) {
                        Ok(_) => return replace_with(&navigate, &step_href(&id, Step::Vertrekpunt)),
                        Err(message) => format!(
                            "De proeftuin is opgehaald, maar kon niet op dit apparaat worden bewaard. {message}"
                        ),
                    }
                }
                Err(ApiError::NotFound) => "Deze link werkt niet (meer). Misschien is hij ingetrokken of is de proeftuin verwijderd, of de link is niet volledig. Vraag de afzender om een nieuwe link.".into(),
                Err(ApiError::Offline) if local_store::exists(&id) => {
                    return replace_with(&navigate, &step_href(&id, Step::Vertrekpunt))
                }
                Err(ApiError::Offline) => "Er is geen verbinding met de server, dus de proeftuin kan nu niet worden opgehaald. Probeer het opnieuw als je weer verbinding hebt.".into(),
                Err(e) => e.message(),
            };
            failed.try_set(Some(message));
        }
    });
    let attempt = move || {
        failed.set(None);
        match secret_from_fragment() {
            Some(secret) => {
                open.dispatch_local(secret);
            }
            None => failed.set(Some(
                "Deze link is niet volledig: het stuk na het #-teken ontbreekt of klopt niet. Vraag de afzender om de link opnieuw te sturen, en kopieer hem helemaal.".into(),
            )),
        }
    };
    attempt();
    view! {
        <section class="ptw-page" aria-labelledby="open-titel">
            <h1 id="open-titel" tabindex="-1">"Gedeelde proeftuin openen"</h1>
            {move || match failed.get() {
                None => view! { <p role="status">"De proeftuin wordt opgehaald…"</p> }.into_any(),
                Some(message) => view! {
                    <div class="ptw-banner ptw-banner--error" role="alert">
                        <p>{message}</p>
                    </div>
                    <div class="ptw-actions">
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| attempt()>"Opnieuw proberen"</button>
                        <A href="/" attr:class="ptw-button">"Naar Mijn proeftuinen"</A>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
