//! Importing an export file: size check before reading, the domain's checks,
//! and storing it without overwriting anything (an id that is already used
//! gets a new one). A refused file changes nothing.

use leptos::prelude::*;
use proeftuin_domain::{import_json, ImportError, Proeftuin, Step, MAX_IMPORT_BYTES};

use super::{storage_message, Ov};
use crate::local_store;
use crate::platform;
use crate::wizard::step_href;

/// A successful import.
#[derive(Clone, Debug, PartialEq)]
struct Imported {
    id: String,
    title: String,
    as_copy: bool,
}

/// What the import does with a document read from a file: which id it is stored under.
/// Returns the document to store and whether it became a copy next to an existing one.
pub(crate) fn place_imported(
    mut doc: Proeftuin,
    exists: impl Fn(&str) -> bool,
) -> (Proeftuin, bool) {
    let usable = !doc.id.is_empty()
        && doc.id.len() <= 200
        && doc
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let taken = usable && exists(&doc.id);
    if !usable || taken {
        doc.id = platform::new_id();
    }
    (doc, taken)
}

/// The labelled file input with its messages.
#[component]
pub fn ImportSection(ov: Ov) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<Imported>);
    let busy = RwSignal::new(false);

    let fail = move |name: &str, message: String| {
        done.set(None);
        error.set(Some(format!(
            "“{name}” is niet geïmporteerd. {message} Er is niets veranderd."
        )));
    };

    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|list| list.get(0)) else {
            return;
        };
        // Allow choosing the same file again (a change event needs a new value).
        input.set_value("");
        let name = file.name();
        error.set(None);
        done.set(None);
        if file.size() > MAX_IMPORT_BYTES as f64 {
            fail(&name, ImportError::TooLarge.message());
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let text = platform::read_file_text(&file).await;
            busy.set(false);
            let doc = match text {
                Err(message) => return fail(&name, message),
                Ok(text) => match import_json(&text) {
                    Err(e) => return fail(&name, e.message()),
                    Ok(doc) => doc,
                },
            };
            let (doc, as_copy) = place_imported(doc, local_store::exists);
            match local_store::save(&doc) {
                Ok(()) => {
                    ov.refresh();
                    done.set(Some(Imported {
                        id: doc.id.clone(),
                        title: doc.title(),
                        as_copy,
                    }));
                }
                Err(e) => fail(
                    &name,
                    storage_message(&e, "De proeftuin is niet opgeslagen."),
                ),
            }
        });
    };

    let describedby = move || {
        if error.with(Option::is_some) {
            "ov-import-hint ov-import-fout"
        } else {
            "ov-import-hint"
        }
    };

    view! {
        <section class="ptw-section ptw-overview__import" aria-labelledby="ov-import-titel">
            <h2 id="ov-import-titel">"Een bestand importeren"</h2>
            <div class="ptw-field" class:ptw-field--invalid=move || error.with(Option::is_some)>
                <label class="ptw-field__label" for="ov-import">"Importeer een proeftuin-bestand (.json)"</label>
                <p class="ptw-field__hint" id="ov-import-hint">
                    "Kies een bestand dat je met deze app hebt geëxporteerd, hier of op een ander apparaat. Een proeftuin die al op dit apparaat staat, wordt niet overschreven: je krijgt dan een aparte kopie. Het bestand mag hooguit 2 MB zijn."
                </p>
                <input type="file" id="ov-import" class="ptw-overview__file"
                    accept=".json,application/json"
                    on:change=on_change
                    aria-describedby=describedby
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                />
            </div>
            <div role="alert">
                {move || error.get().map(|e| view! {
                    <p class="ptw-field__error" id="ov-import-fout">
                        <span class="ptw-field__error-icon" aria-hidden="true">"!"</span>{e}
                    </p>
                })}
            </div>
            <div role="status">
                {move || busy.get().then(|| view! { <p>"Het bestand wordt gelezen…"</p> })}
                {move || done.get().map(|d| {
                    let text = if d.as_copy {
                        format!("“{}” is geïmporteerd. Deze proeftuin stond al op dit apparaat; het bestand is daarom bewaard als een aparte kopie. Er is niets overschreven.", d.title)
                    } else {
                        format!("“{}” is geïmporteerd en staat nu op dit apparaat.", d.title)
                    };
                    view! {
                        <div class="ptw-banner ptw-banner--ok">
                            <p>{text}</p>
                            <p><a href=step_href(&d.id, Step::Vertrekpunt)>{format!("Open “{}”", d.title)}</a></p>
                        </div>
                    }
                })}
            </div>
        </section>
    }
}
