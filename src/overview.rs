//! "Mijn proeftuinen": the proeftuinen on this device; start a new one or one
//! from a voorbeeld.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use proeftuin_domain::{voorbeeld_document, voorbeelden, Proeftuin, Step};

use crate::dom::set_title;
use crate::local_store::{self, StoredEntry};
use crate::platform;
use crate::wizard::step_href;

/// The overview page.
#[component]
pub fn Overview() -> impl IntoView {
    set_title("Mijn proeftuinen");
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    let entries = RwSignal::new(local_store::list().unwrap_or_default());

    let open_new = {
        let navigate = navigate.clone();
        move |doc: Proeftuin| match local_store::save(&doc) {
            Ok(()) => navigate(&step_href(&doc.id, Step::Vertrekpunt), NavigateOptions::default()),
            Err(e) => error.set(Some(e.message())),
        }
    };
    let new_doc = {
        let open_new = open_new.clone();
        move |_| open_new(Proeftuin::new(platform::new_id(), platform::now()))
    };

    view! {
        <section class="ptw-page" aria-labelledby="overview-title">
            <h1 id="overview-title">"Mijn proeftuinen"</h1>
            {move || error.get().map(|e| view! { <div class="ptw-banner ptw-banner--error" role="alert"><p>{e}</p></div> })}
            <div class="ptw-actions">
                <button type="button" class="ptw-button" on:click=new_doc>"Nieuwe proeftuin"</button>
            </div>
            {move || {
                let docs: Vec<Proeftuin> = entries.get().into_iter().filter_map(|e| match e {
                    StoredEntry::Ok(d) => Some(*d),
                    StoredEntry::Unreadable { .. } => None,
                }).collect();
                if docs.is_empty() {
                    view! { <p class="ptw-empty">"Er staan nog geen proeftuinen op dit apparaat."</p> }.into_any()
                } else {
                    view! {
                        <ul class="ptw-cards">
                            {docs.into_iter().map(|d| view! {
                                <li class="ptw-card">
                                    <a href=step_href(&d.id, Step::Vertrekpunt)>{d.title()}</a>
                                    <span>{d.status.label()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <section class="ptw-section" aria-labelledby="voorbeelden-titel">
                <h2 id="voorbeelden-titel">"Begin met een voorbeeld"</h2>
                <ul class="ptw-cards">
                    {voorbeelden().into_iter().map(|v| {
                        let open_new = open_new.clone();
                        let key = v.key;
                        view! {
                            <li class="ptw-card">
                                <h3>{v.title}</h3>
                                <p>{v.summary}</p>
                                <button type="button" class="ptw-button ptw-button--secondary"
                                    on:click=move |_| {
                                        if let Some(doc) = voorbeeld_document(key, platform::new_id(), platform::now()) {
                                            open_new(doc);
                                        }
                                    }>
                                    "Begin met dit voorbeeld"<span class="ptw-visually-hidden">{format!(": {}", v.title)}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </section>
    }
}
