//! Stored data that cannot be read as a proeftuin: shown with the reason and a
//! download of the raw text. It is never changed or removed unless the user
//! asks for it (after downloading), and then with a confirmation and an undo.

use leptos::prelude::*;
use proeftuin_domain::{parse_stored, ImportError};

use super::{dom_id, focus_later, storage_message, Notice, Ov};
use crate::local_store;
use crate::local_store::StoredEntry;
use crate::platform;

/// Why stored text cannot be read, in words that fit stored data (the domain's
/// messages are written for import files).
pub(crate) fn stored_reason(raw: &str, fallback: &str) -> String {
    match parse_stored(raw) {
        Err(ImportError::NotJson) if raw.trim().is_empty() => "De opgeslagen tekst is leeg.".into(),
        Err(ImportError::NotJson) => {
            "De opgeslagen tekst is beschadigd of afgebroken: het is geen geldige JSON.".into()
        }
        Err(ImportError::Foreign) => "De opgeslagen tekst is geen proeftuin van deze app.".into(),
        Err(ImportError::NewerVersion { found }) => format!(
            "De proeftuin is gemaakt met een nieuwere versie van de app (versie {found}). Werk de app bij; dan kun je hem weer openen."
        ),
        Err(ImportError::Invalid(detail)) => format!("Er staan verkeerde gegevens in. {detail}"),
        _ => fallback.to_string(),
    }
}

/// The warning box listing every unreadable entry.
#[component]
pub fn UnreadableWarning(ov: Ov) -> impl IntoView {
    let items = Memo::new(move |_| {
        ov.entries.with(|entries| {
            entries
                .iter()
                .filter_map(|e| match e {
                    StoredEntry::Unreadable { key, raw, reason } => {
                        Some((key.clone(), raw.clone(), stored_reason(raw, reason)))
                    }
                    StoredEntry::Ok(_) => None,
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        {move || (!items.with(Vec::is_empty)).then(|| view! {
            <section class="ptw-banner ptw-banner--warn ptw-overview__unreadable" aria-labelledby="ov-onleesbaar-titel">
                <h2 id="ov-onleesbaar-titel" tabindex="-1">
                    <span class="ptw-overview__warn-icon" aria-hidden="true">"!"</span>
                    {move || if items.with(Vec::len) == 1 {
                        "Let op: een opgeslagen proeftuin kon niet worden gelezen".to_string()
                    } else {
                        format!("Let op: {} opgeslagen proeftuinen konden niet worden gelezen", items.with(Vec::len))
                    }}
                </h2>
                <p>"Op dit apparaat staan gegevens die de app niet kan openen. Misschien zijn ze beschadigd, of gemaakt met een andere versie van de app. De app laat deze gegevens staan en verandert er niets aan."</p>
                <p>"Download de opgeslagen tekst en bewaar het bestand. Dan gaat er niets verloren, en kan iemand je later helpen om de proeftuin terug te halen."</p>
                <ul class="ptw-overview__unreadable-list">
                    <For each=move || items.get() key=|(key, raw, _)| (key.clone(), raw.len()) let:item>
                        <UnreadableItem key=item.0 raw=item.1 reason=item.2 ov=ov/>
                    </For>
                </ul>
            </section>
        })}
    }
}

/// One unreadable entry: why, download, and (after download) an explicit delete.
#[component]
fn UnreadableItem(key: String, raw: String, reason: String, ov: Ov) -> impl IntoView {
    let downloaded = RwSignal::new(false);
    let size = raw.chars().count();
    let raw = StoredValue::new(raw);
    let download_error = RwSignal::new(None::<String>);
    let del_id = dom_id("ov-del", &key);
    let question_id = dom_id("ov-vraag", &key);
    let confirming = {
        let key = key.clone();
        Memo::new(move |_| ov.confirming.with(|c| c.as_deref() == Some(key.as_str())))
    };
    let download = {
        let key = key.clone();
        move |_| {
            let name = format!(
                "onleesbare-proeftuin-{}.txt",
                platform::safe_file_stem(&key)
            );
            match platform::download_text(&name, &raw.get_value(), "text/plain") {
                Ok(()) => {
                    download_error.set(None);
                    downloaded.set(true);
                }
                Err(e) => download_error.set(Some(e)),
            }
        }
    };
    let remove = {
        let key = key.clone();
        move |_| {
            // Remove only what was shown (and downloaded): if it changed meanwhile, keep it.
            let current = local_store::read_raw(&key);
            if current.as_deref() != Some(raw.get_value().as_str()) {
                ov.confirming.set(None);
                ov.refresh();
                return;
            }
            match local_store::remove_key(&key) {
                Ok(()) => {
                    ov.confirming.set(None);
                    ov.refresh();
                    ov.notice.set(Some(Notice::UnreadableDeleted {
                        key: key.clone(),
                        raw: raw.get_value(),
                    }));
                    focus_later("ov-undo".into());
                }
                Err(e) => ov
                    .error
                    .set(Some(storage_message(&e, "Er is niets verwijderd."))),
            }
        }
    };
    let ask = {
        let key = key.clone();
        move |_| {
            ov.confirming.set(Some(key.clone()));
            focus_later(dom_id("ov-vraag", &key));
        }
    };
    let cancel = {
        let key = key.clone();
        let del_id = del_id.clone();
        move |_| {
            if ov.confirming.get_untracked().as_deref() == Some(key.as_str()) {
                ov.confirming.set(None);
            }
            focus_later(del_id.clone());
        }
    };
    view! {
        <li class="ptw-overview__unreadable-item">
            <p><strong>"Opgeslagen onder: "</strong><code>{key.clone()}</code>{format!(" ({size} tekens)")}</p>
            <p><strong>"Waarom de app het niet kan lezen: "</strong>{reason}</p>
            <div class="ptw-banner__actions">
                <button type="button" class="ptw-button" on:click=download aria-label=format!("Download de opgeslagen tekst van {key}")>
                    "Download de opgeslagen tekst"
                </button>
            </div>
            <p role="status">
                {move || downloaded.get().then_some("De tekst is gedownload. Bewaar het bestand goed.")}
            </p>
            <p role="alert">{move || download_error.get()}</p>
            {move || downloaded.get().then(|| {
                let (remove, ask, cancel) = (remove.clone(), ask.clone(), cancel.clone());
                let question_id = question_id.clone();
                let key = key.clone();
                if confirming.get() {
                    view! {
                        <div class="ptw-overview__confirm" role="group" aria-labelledby=question_id.clone()>
                            <p id=question_id.clone() tabindex="-1" class="ptw-overview__question">
                                "Weet je zeker dat je deze onleesbare gegevens wilt verwijderen? Bewaar eerst het gedownloade bestand."
                            </p>
                            <div class="ptw-overview__buttons">
                                <button type="button" class="ptw-button ptw-button--danger ptw-button--small" on:click=remove aria-label=format!("Ja, verwijder de gegevens van {key}")>
                                    "Ja, verwijder"
                                </button>
                                <button type="button" class="ptw-button ptw-button--secondary ptw-button--small" on:click=cancel>
                                    "Nee, laten staan"
                                </button>
                            </div>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" id=del_id.clone() class="ptw-button ptw-button--link" on:click=ask aria-label=format!("Verwijder deze onleesbare gegevens ({key})")>
                            "Verwijder deze onleesbare gegevens"
                        </button>
                    }.into_any()
                }
            })}
        </li>
    }
}
