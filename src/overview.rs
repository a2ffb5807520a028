//! "Mijn proeftuinen": the proeftuinen on this device, newest change first, with
//! open, duplicate, export and delete (with a confirmation in the row and an undo);
//! a new proeftuin or one from a voorbeeld; importing an export file; and a
//! warning for stored data that cannot be read (never overwritten or removed
//! without the user asking).

mod import;
mod unreadable;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use proeftuin_domain::{
    overview_help, voorbeeld_from_export, voorbeeld_path, voorbeelden, Access, Proeftuin, Step,
};
use wasm_bindgen::JsCast;

use crate::action::local_action;
use crate::dom::set_title;
use crate::local_store::{self, SaveError, StoredEntry, DOC_KEY_PREFIX};
use crate::platform;
use crate::wizard::step_href;

/// An id for an element that belongs to one proeftuin (ids of imported files may hold any character).
pub(crate) fn dom_id(prefix: &str, id: &str) -> String {
    crate::dom::safe_id(prefix, id)
}

/// Focuses the element with this id once the page has been redrawn.
pub(crate) fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Plain Dutch text for a storage problem on this page ("je"-form).
pub(crate) fn storage_message(e: &SaveError, what_failed: &str) -> String {
    match e {
        SaveError::QuotaFull => format!(
            "De opslag van deze browser is vol. {what_failed} Verwijder een proeftuin die je niet meer nodig hebt (exporteer hem eerst als je hem wilt bewaren) en probeer het opnieuw."
        ),
        SaveError::Unavailable => format!(
            "Deze browser staat opslaan op dit apparaat niet toe, bijvoorbeeld in een privévenster. {what_failed} Open de app in een gewoon venster."
        ),
        SaveError::NotVerified => format!(
            "Opslaan is niet gelukt: wat werd teruggelezen klopt niet. {what_failed} Probeer het opnieuw."
        ),
        SaveError::Other(detail) => {
            format!("Opslaan is niet gelukt ({detail}). {what_failed} Probeer het opnieuw.")
        }
    }
}

/// What the last action did, shown in the status region (with undo where possible).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Notice {
    /// A proeftuin was deleted; the raw texts (document, sync record, open
    /// conflicts) allow an exact undo.
    Deleted {
        key: String,
        raw: String,
        title: String,
        extra: Vec<(String, String)>,
    },
    /// Unreadable data was deleted; the raw text allows an undo.
    UnreadableDeleted { key: String, raw: String },
    /// An undo put the entry back.
    Restored { title: String },
    /// An undo put the unreadable data back.
    UnreadableRestored,
    /// A copy was made.
    Duplicated { title: String },
    /// An export file was made.
    Exported { title: String },
}

/// The state of the overview page, shared with its parts.
#[derive(Clone, Copy)]
pub(crate) struct Ov {
    /// What is stored on this device.
    pub entries: RwSignal<Vec<StoredEntry>>,
    /// Storage could not be read at all.
    pub list_failed: RwSignal<bool>,
    /// Result of the last action.
    pub notice: RwSignal<Option<Notice>>,
    /// A problem with the last action (alert).
    pub error: RwSignal<Option<String>>,
    /// Storage key of the row or entry that asks "are you sure?".
    pub confirming: RwSignal<Option<String>>,
    /// What this device may do with each proeftuin that is on the server (read with the list).
    pub shared: RwSignal<std::collections::HashMap<String, Access>>,
}

impl Ov {
    fn new() -> Self {
        let ov = Ov {
            entries: RwSignal::new(Vec::new()),
            list_failed: RwSignal::new(false),
            notice: RwSignal::new(None),
            error: RwSignal::new(None),
            confirming: RwSignal::new(None),
            shared: RwSignal::new(std::collections::HashMap::new()),
        };
        ov.refresh();
        ov
    }

    /// Reads the list from storage again.
    pub fn refresh(&self) {
        match local_store::list() {
            Ok(entries) => {
                let shared = entries
                    .iter()
                    .filter_map(|e| match e {
                        StoredEntry::Ok(doc) => {
                            local_store::shared_access(&doc.id).map(|a| (doc.id.clone(), a))
                        }
                        StoredEntry::Unreadable { .. } => None,
                    })
                    .collect();
                self.shared.set(shared);
                self.entries.set(entries);
                self.list_failed.set(false);
            }
            Err(_) => {
                self.entries.set(Vec::new());
                self.list_failed.set(true);
            }
        }
    }

    fn duplicate(&self, doc: &Proeftuin) {
        let copy = doc.duplicate(platform::new_id(), platform::now());
        match local_store::save(&copy) {
            Ok(()) => {
                self.error.set(None);
                self.refresh();
                self.notice.set(Some(Notice::Duplicated {
                    title: copy.title(),
                }));
                focus_later(dom_id("ov-link", &copy.id));
            }
            Err(e) => self
                .error
                .set(Some(storage_message(&e, "Er is geen kopie gemaakt."))),
        }
    }

    fn export(&self, doc: &Proeftuin) {
        let json = proeftuin_domain::export_json(doc, platform::now());
        let name = format!("{}.proeftuin.json", platform::safe_file_stem(&doc.title()));
        match platform::download_text(&name, &json, "application/json") {
            Ok(()) => self
                .notice
                .set(Some(Notice::Exported { title: doc.title() })),
            Err(e) => self.error.set(Some(e)),
        }
    }

    fn ask_delete(&self, key: &str) {
        self.confirming.set(Some(key.to_string()));
        focus_later(dom_id("ov-vraag", key));
    }

    fn cancel_delete(&self, key: &str, focus: String) {
        if self.confirming.get_untracked().as_deref() == Some(key) {
            self.confirming.set(None);
        }
        focus_later(focus);
    }

    fn delete(&self, doc: &Proeftuin) {
        let key = local_store::doc_key(&doc.id);
        let Some(raw) = local_store::read_raw(&key) else {
            self.confirming.set(None);
            self.refresh();
            return;
        };
        match local_store::remove(&doc.id) {
            Ok(()) => {
                // The sync record (with the secret) and open conflicts go too, kept for undo.
                let mut extra = Vec::new();
                for k in local_store::keys_of(&doc.id) {
                    if let Some(text) = local_store::read_raw(&k) {
                        if local_store::remove_key(&k).is_ok() {
                            extra.push((k, text));
                        }
                    }
                }
                self.confirming.set(None);
                self.error.set(None);
                self.refresh();
                self.notice.set(Some(Notice::Deleted {
                    key,
                    raw,
                    title: doc.title(),
                    extra,
                }));
                focus_later("ov-undo".into());
            }
            Err(e) => self
                .error
                .set(Some(storage_message(&e, "Er is niets verwijderd."))),
        }
    }

    fn undo(&self) {
        let Some(notice) = self.notice.get_untracked() else {
            return;
        };
        let (key, raw, title, extra) = match notice {
            Notice::Deleted {
                key,
                raw,
                title,
                extra,
            } => (key, raw, Some(title), extra),
            Notice::UnreadableDeleted { key, raw } => (key, raw, None, Vec::new()),
            _ => return,
        };
        let restored = extra
            .iter()
            .try_for_each(|(k, text)| local_store::write_raw(k, text))
            .and_then(|()| local_store::write_raw(&key, &raw));
        match restored {
            Ok(()) => {
                self.error.set(None);
                self.refresh();
                let id = key.strip_prefix(DOC_KEY_PREFIX).unwrap_or(&key).to_string();
                match title {
                    Some(title) => {
                        self.notice.set(Some(Notice::Restored { title }));
                        focus_later(dom_id("ov-link", &id));
                    }
                    None => {
                        self.notice.set(Some(Notice::UnreadableRestored));
                        focus_later("ov-onleesbaar-titel".into());
                    }
                }
            }
            Err(e) => self
                .error
                .set(Some(storage_message(&e, "Het terugzetten is niet gelukt."))),
        }
    }
}

// Split points (see `crate::split`): the overview is usable before these two are loaded.
#[cfg_attr(feature = "split", leptos::lazy)]
fn unreadable_warning(ov: Ov) -> AnyView {
    view! { <unreadable::UnreadableWarning ov=ov/> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
fn import_section(ov: Ov) -> AnyView {
    view! { <import::ImportSection ov=ov/> }.into_any()
}

/// The overview page.
#[component]
pub fn Overview() -> impl IntoView {
    set_title("Mijn proeftuinen");
    let navigate = use_navigate();
    let ov = Ov::new();
    let help = overview_help();
    // Read again once the page is drawn (a wizard that was just left saves its last
    // edit while it is taken down) and whenever another tab changes the storage.
    request_animation_frame(move || ov.refresh());
    let on_storage = window_event_listener(leptos::ev::storage, move |_| ov.refresh());
    on_cleanup(move || on_storage.remove());

    let open_new = move |doc: Proeftuin| match local_store::save(&doc) {
        Ok(()) => navigate(
            &step_href(&doc.id, Step::Vertrekpunt),
            NavigateOptions::default(),
        ),
        Err(e) => {
            ov.error.set(Some(storage_message(
                &e,
                "Er is geen nieuwe proeftuin gemaakt.",
            )));
            focus_later("ov-fout".into());
        }
    };
    let new_doc = {
        let open_new = open_new.clone();
        move |_| open_new(Proeftuin::new(platform::new_id(), platform::now()))
    };
    // A voorbeeld is a file beside the app (cached by the service worker for offline use):
    // fetched when picked, then read like an imported file.
    let from_voorbeeld = local_action({
        let open_new = open_new.clone();
        move |key: &String| {
            let (key, open_new) = (key.clone(), open_new.clone());
            async move {
                match fetch_voorbeeld(&key).await {
                    Ok(doc) => open_new(doc),
                    Err(message) => {
                        ov.error.set(Some(message));
                        focus_later("ov-fout".into());
                    }
                }
            }
        }
    });
    let loading = from_voorbeeld.pending();

    view! {
        <div class="ptw-overview">
            <section class="ptw-page ptw-overview__main" aria-labelledby="overview-title">
                <h1 id="overview-title">"Mijn proeftuinen"</h1>
                <p class="ptw-overview__intro">{help.intro}</p>
                <div role="alert" class="ptw-overview__alert">
                    {move || ov.error.get().map(|e| view! {
                        <div class="ptw-banner ptw-banner--error" id="ov-fout" tabindex="-1">
                            <p>{e}</p>
                            <button type="button" class="ptw-button ptw-button--link"
                                on:click=move |_| ov.error.set(None)>"Melding sluiten"</button>
                        </div>
                    })}
                </div>
                {move || ov.list_failed.get().then(|| view! {
                    <div class="ptw-banner ptw-banner--error">
                        <p>"De opslag van deze browser is niet te gebruiken, bijvoorbeeld in een privévenster. Proeftuinen worden dan niet bewaard. Open de app in een gewoon venster, of exporteer je werk steeds naar een bestand."</p>
                    </div>
                })}
                <div class="ptw-actions">
                    <button type="button" class="ptw-button" on:click=new_doc>"Nieuwe proeftuin"</button>
                    <a class="ptw-button ptw-button--secondary" href="#voorbeelden-titel"
                        on:click=|ev: leptos::ev::MouseEvent| {
                            ev.prevent_default();
                            crate::focus::focus_element("voorbeelden-titel");
                        }>"Begin met een voorbeeld"</a>
                    <a class="ptw-button ptw-button--secondary" href="#ov-import"
                        on:click=|ev: leptos::ev::MouseEvent| {
                            ev.prevent_default();
                            crate::focus::focus_element("ov-import");
                        }>"Importeer een bestand"</a>
                    <A href="/portfolio" attr:class="ptw-button ptw-button--secondary">"Portfolio: cijfers van meerdere proeftuinen"</A>
                </div>
                <NoticeRegion ov=ov/>
                {crate::split::show_quiet(move || unreadable_warning(ov))}
                <DocList ov=ov/>
                <KeptOnDevice/>
                {crate::split::show(move || import_section(ov))}
                <section class="ptw-section" aria-labelledby="voorbeelden-titel">
                    <h2 id="voorbeelden-titel" tabindex="-1">"Begin met een voorbeeld"</h2>
                    <p class="ptw-field__hint">"Een voorbeeld is al ingevuld. Je maakt er een eigen kopie van en past alles aan aan je eigen situatie."</p>
                    <p role="status" class="ptw-field__hint">
                        {move || loading.get().then_some("Het voorbeeld wordt geladen…")}
                    </p>
                    <ul class="ptw-cards">
                        {voorbeelden().into_iter().map(|v| {
                            let key = v.key;
                            view! {
                                <li class="ptw-card">
                                    <h3>{v.title}</h3>
                                    <p>{v.summary}</p>
                                    <button type="button" class="ptw-button ptw-button--secondary"
                                        aria-disabled=move || loading.get().then_some("true")
                                        on:click=move |_| {
                                            if !loading.get_untracked() {
                                                ov.error.set(None);
                                                from_voorbeeld.dispatch_local(key.to_string());
                                            }
                                        } aria-label=format!("Begin met dit voorbeeld: {}", v.title)>
                                        "Begin met dit voorbeeld"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            </section>
            <aside class="ptw-help ptw-overview__help" aria-labelledby="ov-hulp-titel">
                <h2 id="ov-hulp-titel" class="ptw-overview__help-title">"Goed om te weten"</h2>
                <ul>{help.tips.iter().map(|t| view! { <li>{*t}</li> }).collect_view()}</ul>
                <p>"Alles wat je invult, blijft op dit apparaat in deze browser. Wil je verder op een ander apparaat of met een collega? Exporteer de proeftuin naar een bestand en importeer dat bestand daar."</p>
            </aside>
        </div>
    }
}

/// Whether the browser keeps the proeftuinen on this device for good, and what to do when
/// it does not promise that.
#[component]
fn KeptOnDevice() -> impl IntoView {
    // Asked once when the overview opens; the browser answers in a moment.
    let answer = RwSignal::new(None);
    let ask = local_action(move |_: &()| async move {
        let kept = crate::platform::keep_storage().await;
        let _ = answer.try_set(Some(kept));
    });
    ask.dispatch_local(());
    move || {
        answer.get().map(|kept| {
            if kept == Some(true) {
                view! {
                    <p class="ptw-overview__kept" id="ov-bewaard">
                        "Je proeftuinen blijven op dit apparaat bewaard: deze browser ruimt ze niet zelf op."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <div class="ptw-banner ptw-banner--warn" id="ov-bewaard">
                        <p>
                            "Let op: deze browser belooft niet dat hij je proeftuinen bewaart. Sommige "
                            "browsers wissen ze als je de app een week niet opent. Zo voorkom je dat:"
                        </p>
                        <ul>
                            <li>"Installeer de app. In Chrome en Edge staat de knop Installeren in de adresbalk."</li>
                            <li>"Of exporteer je proeftuin naar een bestand, met de knop Exporteren bij de proeftuin."</li>
                            <li>"Of zet je proeftuin op de server en deel de link, met Delen in de wizard."</li>
                        </ul>
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// The voorbeeld `key` as a new proeftuin, fetched from beside the app; else a Dutch message.
async fn fetch_voorbeeld(key: &str) -> Result<Proeftuin, String> {
    const KEPT: &str = "Je proeftuinen op dit apparaat blijven gewoon staan.";
    let response = gloo_net::http::Request::get(&voorbeeld_path(key))
        .send()
        .await
        .map_err(|_| {
            format!(
                "Het voorbeeld kon niet worden geladen: er is nu geen verbinding met de server. \
                 Probeer het opnieuw als je weer verbinding hebt. {KEPT}"
            )
        })?;
    let text = if response.ok() {
        response.text().await.ok()
    } else {
        None
    };
    text.and_then(|text| voorbeeld_from_export(&text, platform::new_id(), platform::now()).ok())
        .ok_or_else(|| format!("Het voorbeeld kon niet worden geladen: het bestand is niet goed aangekomen. Probeer het opnieuw. {KEPT}"))
}

/// The result of the last action, with "Ongedaan maken" after a delete.
#[component]
fn NoticeRegion(ov: Ov) -> impl IntoView {
    view! {
        <div role="status" class="ptw-overview__status">
            {move || ov.notice.get().map(|n| {
                let (text, undo) = match n {
                    Notice::Deleted { title, .. } => (format!("“{title}” is verwijderd."), Some(title)),
                    Notice::UnreadableDeleted { .. } => (
                        "De onleesbare gegevens zijn verwijderd.".to_string(),
                        Some("de onleesbare gegevens".to_string()),
                    ),
                    Notice::Restored { title } => (format!("“{title}” is teruggezet."), None),
                    Notice::UnreadableRestored => ("De onleesbare gegevens zijn teruggezet.".to_string(), None),
                    Notice::Duplicated { title } => (
                        format!("Kopie gemaakt: “{title}”. De kopie begint als concept, zonder beoordeling."),
                        None,
                    ),
                    Notice::Exported { title } => (
                        format!("“{title}” is geëxporteerd. Je vindt het bestand bij je downloads."),
                        None,
                    ),
                };
                view! {
                    <div class="ptw-banner ptw-banner--ok">
                        <p>{text}</p>
                        {undo.map(|title| view! {
                            <div class="ptw-banner__actions">
                                <button type="button" id="ov-undo" class="ptw-button ptw-button--secondary"
                                    on:click=move |_| ov.undo() aria-label=format!("Ongedaan maken: zet “{title}” terug")>
                                    "Ongedaan maken"
                                </button>
                            </div>
                        })}
                    </div>
                }
            })}
        </div>
    }
}

/// The table of readable proeftuinen, newest change first.
#[component]
fn DocList(ov: Ov) -> impl IntoView {
    let docs = Memo::new(move |_| {
        let mut docs: Vec<Proeftuin> = ov.entries.with(|entries| {
            entries
                .iter()
                .filter_map(|e| match e {
                    StoredEntry::Ok(d) => Some((**d).clone()),
                    StoredEntry::Unreadable { .. } => None,
                })
                .collect()
        });
        docs.sort_by(|a, b| b.changed.cmp(&a.changed).then_with(|| a.id.cmp(&b.id)));
        docs
    });
    view! {
        <section class="ptw-overview__list" aria-labelledby="ov-lijst-titel">
            <h2 id="ov-lijst-titel">"Op dit apparaat"</h2>
            {move || if docs.with(Vec::is_empty) {
                view! { <p class="ptw-empty">"Er staan nog geen proeftuinen op dit apparaat. Maak een nieuwe proeftuin, begin met een voorbeeld of importeer een bestand."</p> }.into_any()
            } else {
                view! {
                    <table class="ptw-table ptw-overview__table">
                        <caption class="ptw-overview__caption">
                            {move || {
                                let n = docs.with(Vec::len);
                                format!("{n} {} op dit apparaat, de laatst gewijzigde bovenaan", if n == 1 { "proeftuin" } else { "proeftuinen" })
                            }}
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">"Naam"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Laatst gewijzigd"</th>
                                <th scope="col">"Acties"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || docs.get() key=|d| (d.id.clone(), d.changed) let:doc>
                                <DocRow doc=doc ov=ov/>
                            </For>
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// One row: name (link to step 1), status, last change, actions.
#[component]
fn DocRow(doc: Proeftuin, ov: Ov) -> impl IntoView {
    let title = doc.title();
    let key = local_store::doc_key(&doc.id);
    let href = step_href(&doc.id, Step::Vertrekpunt);
    let link_id = dom_id("ov-link", &doc.id);
    let del_id = dom_id("ov-del", &key);
    let question_id = dom_id("ov-vraag", &key);
    let status = doc.status;
    let changed = doc.changed;
    // What is late or due soon in the execution (step 6), as two badges linking there.
    let (laat, binnenkort) = proeftuin_domain::uitvoering::tel(
        &proeftuin_domain::uitvoering::signalen(&doc, platform::today()),
    );
    let signalen = (laat + binnenkort > 0).then(|| {
        let href = step_href(&doc.id, Step::Uitvoering);
        view! {
            <p class="ptw-overview__signalen">
                {(laat > 0).then(|| view! {
                    <a class="ptw-badge ptw-badge--laat" href=href.clone()>{format!("{laat} {} te laat", if laat == 1 { "punt" } else { "punten" })}<span class="ptw-visually-hidden">{format!(" bij “{title}”")}</span></a>
                })}
                {(binnenkort > 0).then(|| view! {
                    <a class="ptw-badge" href=href.clone()>{format!("{binnenkort} {} binnenkort", if binnenkort == 1 { "punt" } else { "punten" })}<span class="ptw-visually-hidden">{format!(" bij “{title}”")}</span></a>
                })}
            </p>
        }
    });
    let doc = StoredValue::new(doc);
    let confirming = {
        let key = key.clone();
        Memo::new(move |_| ov.confirming.with(|c| c.as_deref() == Some(key.as_str())))
    };
    let actions = {
        let (title, key, href, del_id, question_id) = (
            title.clone(),
            key.clone(),
            href.clone(),
            del_id.clone(),
            question_id.clone(),
        );
        move || {
            if confirming.get() {
                let key = key.clone();
                let del_id = del_id.clone();
                view! {
                    <div class="ptw-overview__confirm" role="group" aria-labelledby=question_id.clone()>
                        <p id=question_id.clone() tabindex="-1" class="ptw-overview__question">
                            {format!("Weet je zeker dat je “{title}” van dit apparaat wilt verwijderen?{}",
                                if ov.shared.with_untracked(|s| s.contains_key(&doc.get_value().id)) { " Op de server blijft hij staan; met de link kun je hem weer openen." } else { "" })}
                        </p>
                        <div class="ptw-overview__buttons">
                            <button type="button" class="ptw-button ptw-button--danger ptw-button--small"
                                on:click=move |_| ov.delete(&doc.get_value()) aria-label=format!("Ja, verwijder “{title}”")>
                                "Ja, verwijder"
                            </button>
                            <button type="button" class="ptw-button ptw-button--secondary ptw-button--small"
                                on:click=move |_| ov.cancel_delete(&key, del_id.clone()) aria-label=format!("Nee, bewaren “{title}”")>
                                "Nee, bewaren"
                            </button>
                        </div>
                    </div>
                }
                .into_any()
            } else {
                let key = key.clone();
                view! {
                    <div class="ptw-overview__buttons">
                        <a class="ptw-button ptw-button--secondary ptw-button--small" href=href.clone() aria-label=format!("Openen: {title}")>
                            "Openen"
                        </a>
                        <button type="button" class="ptw-button ptw-button--secondary ptw-button--small"
                            on:click=move |_| ov.duplicate(&doc.get_value()) aria-label=format!("Dupliceren: {title}")>
                            "Dupliceren"
                        </button>
                        <button type="button" class="ptw-button ptw-button--secondary ptw-button--small"
                            on:click=move |_| ov.export(&doc.get_value()) aria-label=format!("Exporteren: {title}")>
                            "Exporteren"
                        </button>
                        <button type="button" id=del_id.clone() class="ptw-button ptw-button--secondary ptw-button--small ptw-overview__delete"
                            on:click=move |_| ov.ask_delete(&key) aria-label=format!("Verwijderen: {title}")>
                            "Verwijderen"
                        </button>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <tr class:ptw-overview__row--confirm=move || confirming.get()>
            <th scope="row">
                <a id=link_id href=href>{title.clone()}</a>
                {ov.shared.with_untracked(|s| s.get(&doc.get_value().id).copied()).map(|access| view! {
                    <span class="ptw-overview__shared">
                        {if access == Access::Read { " · gedeeld, alleen lezen" } else { " · gedeeld via de server" }}
                    </span>
                })}
            </th>
            <td><span class=format!("ptw-status ptw-status--{}", status.key())>{status.label()}</span>{signalen}</td>
            <td><time datetime=changed.to_rfc3339()>{platform::format_date_time(changed)}</time></td>
            <td>{actions}</td>
        </tr>
    }
}
