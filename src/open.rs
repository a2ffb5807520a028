//! Opening a shared link (`/open/<id>#sleutel=<secret>`) on this device: the
//! plan is fetched from the server and stored here with its sync record, then
//! the wizard opens. The secret sits in the fragment, so it never reaches a
//! server log. A wrong or incomplete link gets a clear message.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use proeftuin_domain::Step;

use crate::dom::set_title;
use crate::local_store::{self, load_meta, save_meta, SyncMeta};
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

/// Stores the server's copy on this device; a different local version of the
/// same id is kept as a copy, never overwritten.
fn store_remote(id: &str, secret: String, remote: Remote) -> Result<Option<String>, String> {
    let access = remote.access.unwrap_or(Access::Read);
    let existing_meta = load_meta(id);
    let mut copy_title = None;
    if let Some(meta) = existing_meta {
        // Already here and synced: keep this device's version and its base; the
        // wizard syncs. A link with more rights replaces one with fewer.
        if meta.access == Access::Read && access == Access::Edit {
            save_meta(&SyncMeta {
                secret,
                access,
                ..meta
            })
            .map_err(|e| e.message())?;
        }
        return Ok(None);
    }
    match local_store::load(id) {
        Some(Err(_)) => {
            return Err("Op dit apparaat staat al iets onder deze proeftuin dat niet te lezen is. Download dat eerst op de pagina Mijn proeftuinen (of verwijder het), en open de link dan opnieuw.".into());
        }
        Some(Ok(local)) if local != remote.document => {
            // Same id, but a version that was never synced: keep it as a copy.
            let mut copy = local;
            copy.id = crate::platform::new_id();
            copy.vertrekpunt.naam = format!("{} (eigen kopie)", copy.title());
            copy_title = Some(copy.vertrekpunt.naam.clone());
            local_store::save(&copy).map_err(|e| e.message())?;
        }
        _ => {}
    }
    local_store::save(&remote.document).map_err(|e| e.message())?;
    save_meta(&SyncMeta {
        secret,
        access,
        revision: remote.revision,
        base: remote.document,
        synced_at: Some(crate::platform::now()),
        read_secret: None,
        read_link_id: None,
    })
    .map_err(|e| e.message())?;
    Ok(copy_title)
}

/// What happened to the link.
#[derive(Clone, Debug, PartialEq)]
enum Opening {
    Busy,
    Failed(String),
}

/// The route component for `/open/:id`.
#[component]
pub fn OpenLink() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let state = RwSignal::new(Opening::Busy);
    let navigate = use_navigate();
    set_title("Gedeelde proeftuin openen");
    let attempt = move || {
        let id = id.clone();
        let navigate = navigate.clone();
        state.set(Opening::Busy);
        let Some(secret) = secret_from_fragment() else {
            state.set(Opening::Failed(
                "Deze link is niet volledig: het stuk na het #-teken ontbreekt of klopt niet. Vraag de afzender om de link opnieuw te sturen, en kopieer hem helemaal.".into(),
            ));
            return;
        };
        spawn_local(async move {
            let result = api::fetch(&id, &secret).await;
            if state.is_disposed() {
                return;
            }
            match result {
                Ok(Remote { access: Some(Access::Assessor), .. }) | Err(ApiError::Invitation) => {
                    // An assessor's invitation or personal link: the assessor's own page.
                    navigate(
                        &format!("/beoordelen/{id}#sleutel={secret}"),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    )
                }
                Ok(remote) => match store_remote(&id, secret, remote) {
                    Ok(_) => navigate(
                        &step_href(&id, Step::Vertrekpunt),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    ),
                    Err(message) => state.set(Opening::Failed(format!(
                        "De proeftuin is opgehaald, maar kon niet op dit apparaat worden bewaard. {message}"
                    ))),
                },
                Err(ApiError::NotFound) => state.set(Opening::Failed(
                    "Deze link werkt niet (meer). Misschien is hij ingetrokken of is de proeftuin verwijderd, of de link is niet volledig. Vraag de afzender om een nieuwe link.".into(),
                )),
                Err(ApiError::Offline) if local_store::exists(&id) => navigate(
                    &step_href(&id, Step::Vertrekpunt),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                ),
                Err(ApiError::Offline) => state.set(Opening::Failed(
                    "Er is geen verbinding met de server, dus de proeftuin kan nu niet worden opgehaald. Probeer het opnieuw als je weer verbinding hebt.".into(),
                )),
                Err(e) => state.set(Opening::Failed(e.message())),
            }
        });
    };
    let retry = attempt.clone();
    attempt();
    view! {
        <section class="ptw-page" aria-labelledby="open-titel">
            <h1 id="open-titel" tabindex="-1">"Gedeelde proeftuin openen"</h1>
            {move || match state.get() {
                Opening::Busy => view! { <p role="status">"De proeftuin wordt opgehaald…"</p> }.into_any(),
                Opening::Failed(message) => {
                    let retry = retry.clone();
                    view! {
                        <div class="ptw-banner ptw-banner--error" role="alert">
                            <p>{message}</p>
                        </div>
                        <div class="ptw-actions">
                            <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| retry()>"Opnieuw proberen"</button>
                            <A href="/" attr:class="ptw-button">"Naar Mijn proeftuinen"</A>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
