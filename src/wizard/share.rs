//! Working together: the sync status line, "Delen" (put a proeftuin on the
//! server, edit and read-only links, the list of every link with "Intrekken"),
//! the conflicts that wait for a choice, and the earlier versions (view one,
//! restore one).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use proeftuin_domain::{Proeftuin, Side};
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::{field_href, focus_element, step_of};
use crate::action::local_action;
use crate::components::Confirm;
use crate::editor::{use_editor, ConflictSource, OpenConflict};
use crate::local_store;
use crate::platform;
use crate::sync::api::{self, LinkInfo, LinkKind, RevisionInfo};
use crate::sync::{share_url, use_sync, Access, ApiError, SyncState};
use crate::views::plan_document::PlanDocument;

/// The sync state in words, with "Nu synchroniseren", "Delen" and "Eerdere versies".
#[component]
pub fn SyncBar() -> impl IntoView {
    let ed = use_editor();
    let sync = use_sync();
    let open = RwSignal::new(false);
    let id = StoredValue::new(ed.doc.with_untracked(|d| d.id.clone()));
    let text = move || {
        if !ed.conflicts.with(Vec::is_empty) {
            return "Server: er zijn verschillen, kies welke versie blijft".to_string();
        }
        let read = if sync.access.get().is_some_and(|a| a != Access::Edit) {
            " (alleen lezen)"
        } else {
            ""
        };
        match sync.state.get() {
            SyncState::LocalOnly => "Alleen op dit apparaat, niet gedeeld".into(),
            SyncState::Syncing => "Server: bezig met synchroniseren…".into(),
            SyncState::Synced(t) => format!(
                "Server: gesynchroniseerd om {}{read}",
                platform::format_clock(t)
            ),
            SyncState::Offline => {
                "Server: offline, wordt gesynchroniseerd zodra er weer verbinding is".into()
            }
            SyncState::Failed(_) => "Server: synchroniseren is niet gelukt".into(),
        }
    };
    let shared = move || sync.access.get().is_some();
    // Announced once per change of kind, never per poll or per save.
    let news = Memo::new(move |_| {
        if !ed.conflicts.with(Vec::is_empty) {
            return "Er zijn verschillen met een andere versie: kies welke versie blijft.";
        }
        match sync.state.get() {
            SyncState::Offline => {
                "Geen verbinding met de server. Je werk wordt later gesynchroniseerd."
            }
            _ => "",
        }
    });
    view! {
        <p class="ptw-visually-hidden" role="status">{move || news.get()}</p>
        <div class="ptw-syncbar ptw-no-print">
            <p class="ptw-syncbar__state" id="sync-status">{text}</p>
            <div class="ptw-syncbar__actions">
                {move || shared().then(|| view! {
                    <button type="button" class="ptw-button ptw-button--small ptw-button--secondary"
                        on:click=move |_| sync.now()>"Nu synchroniseren"</button>
                })}
                <button type="button" class="ptw-button ptw-button--small"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="delen-paneel"
                    on:click=move |_| {
                        open.update(|o| *o = !*o);
                        if open.get_untracked() {
                            request_animation_frame(|| focus_element("delen-titel"));
                        }
                    }>"Delen"</button>
                {move || shared().then(|| view! {
                    <A href=format!("/proeftuin/{}/versies", id.get_value()) attr:class="ptw-button ptw-button--small ptw-button--secondary">
                        "Eerdere versies"
                    </A>
                    <A href=format!("/proeftuin/{}/beoordelaars", id.get_value()) attr:class="ptw-button ptw-button--small ptw-button--secondary">
                        "Beoordelaars"
                    </A>
                })}
            </div>
        </div>
        {move || match sync.state.get() {
            SyncState::Failed(message) => Some(view! {
                <div class="ptw-banner ptw-banner--error ptw-no-print" role="alert">
                    <p>{message}</p>
                    <div class="ptw-banner__actions">
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| sync.now()>"Opnieuw proberen"</button>
                    </div>
                </div>
            }),
            _ => None,
        }}
        <div id="delen-paneel" class="ptw-no-print" hidden=move || !open.get()>
            {move || open.get().then(|| view! { <SharePanel/> })}
        </div>
        <ConflictPanel/>
    }
}

/// Copies `text` to the clipboard; false when the browser does not allow it.
async fn copy_to_clipboard(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(&text))
        .await
        .is_ok()
}

/// A link in a read-only text box with a copy button.
#[component]
fn LinkBox(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    url: String,
) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let url = StoredValue::new(url);
    // Copying the link; where that is not allowed, the link is selected for Ctrl+C.
    let copy = local_action(move |text: &String| {
        let text = text.clone();
        async move {
            let ok = copy_to_clipboard(text).await;
            if copied.is_disposed() {
                return;
            }
            if ok {
                copied.set(Some("De link is gekopieerd."));
            } else {
                if let Some(input) = document()
                    .get_element_by_id(id)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                {
                    let _ = input.focus();
                    input.select();
                }
                copied.set(Some(
                    "Kopiëren lukt hier niet automatisch. De link is geselecteerd: kopieer hem met Ctrl+C.",
                ));
            }
        }
    });
    let hint_id = format!("{id}-hint");
    view! {
        <div class="ptw-field">
            <label class="ptw-field__label" for=id>{label}</label>
            <p class="ptw-field__hint" id=hint_id.clone()>{hint}</p>
            <div class="ptw-linkbox">
                <input id=id type="text" class="ptw-field__input" readonly=true prop:value=url.get_value()
                    aria-describedby=hint_id on:focus=|ev| {
                        if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            i.select();
                        }
                    }/>
                <button type="button" class="ptw-button ptw-button--secondary"
                    on:click=move |_| {
                        copied.set(None);
                        copy.dispatch_local(url.get_value());
                    }
                    aria-label=format!("Kopieer: {label}")>"Kopieer"</button>
            </div>
            <p class="ptw-linkbox__note" role="status">{move || copied.get()}</p>
        </div>
    }
}

/// "Delen": put the proeftuin on the server, then the links to share it.
#[component]
fn SharePanel() -> impl IntoView {
    let ed = use_editor();
    let sync = use_sync();
    let id = StoredValue::new(ed.doc.with_untracked(|d| d.id.clone()));
    let error = RwSignal::new(None::<String>);
    let read_secret = RwSignal::new(sync.known_read_secret());
    // Bumped when a link was made here, so the list of links is fetched again.
    let links_version = RwSignal::new(0u32);
    // Every sync round sets the access again: rebuild the panel only when it changes
    // (else the list of links would be fetched anew on every round).
    let access = Memo::new(move |_| sync.access.get());
    // Putting the proeftuin on the server, and making a read link; while either is under
    // way, both buttons are disabled.
    let upload = local_action(move |_: &()| async move {
        let result = sync.upload().await;
        if error.is_disposed() {
            return;
        }
        match result {
            Ok(()) => request_animation_frame(|| focus_element("link-bewerken")),
            Err(e) => error.set(Some(e.message())),
        }
    });
    let make_read = local_action(move |_: &()| async move {
        let result = sync.read_secret().await;
        if error.is_disposed() {
            return;
        }
        match result {
            Ok(secret) => {
                read_secret.set(Some(secret));
                links_version.update(|n| *n += 1);
                request_animation_frame(|| focus_element("link-lezen"));
            }
            Err(e) => error.set(Some(e.message())),
        }
    });
    let (uploading, making_read) = (upload.pending(), make_read.pending());
    let busy = move || uploading.get() || making_read.get();
    let start = move |action: Action<(), ()>| {
        error.set(None);
        action.dispatch_local(());
    };
    view! {
        <section class="ptw-section ptw-share" aria-labelledby="delen-titel">
            <h2 id="delen-titel" tabindex="-1">"Delen"</h2>
            {move || match access.get() {
                None => view! {
                    <p>"Deze proeftuin staat nu alleen op dit apparaat. Zet hem op de server om samen te werken: dan werken inkoper, leverancier en beoordelaars in hetzelfde plan, ook op een ander apparaat. Je kunt gewoon doorwerken zonder verbinding; wijzigingen gaan mee zodra er weer verbinding is."</p>
                    <p class="ptw-field__hint">"Op de server staat alleen het plan. Zet er geen namen of andere persoonsgegevens van kandidaten in."</p>
                    <button type="button" class="ptw-button" on:click=move |_| start(upload) disabled=busy>
                        "Op de server zetten en delen"
                    </button>
                }.into_any(),
                Some(Access::Edit) => {
                    let edit_url = sync.secret().map(|s| share_url(&id.get_value(), &s)).unwrap_or_default();
                    view! {
                        <LinkBox id="link-bewerken" label="Link om samen te bewerken"
                            hint="Wie deze link heeft, kan het plan lezen en wijzigen. Deel hem alleen met mensen die aan dit plan meewerken."
                            url=edit_url/>
                        {move || match read_secret.get() {
                            Some(secret) => view! {
                                <LinkBox id="link-lezen" label="Leeslink"
                                    hint="Wie deze link heeft, kan het plan en de eerdere versies lezen, maar niets wijzigen."
                                    url=share_url(&id.get_value(), &secret)/>
                            }.into_any(),
                            None => view! {
                                <p>"Wil je dat iemand het plan alleen kan lezen? Maak dan een leeslink."</p>
                                <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| start(make_read)
                                    disabled=busy>"Maak een leeslink"</button>
                            }.into_any(),
                        }}
                        <LinksPanel read_secret version=links_version/>
                    }.into_any()
                }
                Some(Access::Read | Access::Assessor) => {
                    let url = sync.secret().map(|s| share_url(&id.get_value(), &s)).unwrap_or_default();
                    view! {
                        <p>"Je bekijkt dit plan met een leeslink: je kunt het lezen, afdrukken en exporteren, maar niet wijzigen."</p>
                        <LinkBox id="link-lezen" label="Leeslink"
                            hint="Deze link kun je doorsturen aan wie het plan alleen moet kunnen lezen."
                            url=url/>
                    }.into_any()
                }
            }}
            <p class="ptw-share__error" role="alert">{move || error.get()}</p>
        </section>
    }
}

/// What a link is, in words: "Leeslink", "Bewerklink", "Uitnodiging
/// beoordelaar: Inkoop", "Beoordelaar: Inkoop".
pub fn link_words(link: &LinkInfo) -> String {
    let label = link.label.clone().unwrap_or_else(|| "(zonder naam)".into());
    match link.kind {
        LinkKind::Edit => "Bewerklink".into(),
        LinkKind::Read => "Leeslink".into(),
        LinkKind::Invitation => format!("Uitnodiging beoordelaar: {label}"),
        LinkKind::Assessor => format!("Beoordelaar: {label}"),
    }
}

/// When a link was made and last used, in Dutch.
fn link_times(link: &LinkInfo) -> String {
    let made = platform::format_server_time(&link.created_at);
    let round = link
        .round
        .map(|n| format!(" (ronde {n})"))
        .unwrap_or_default();
    match &link.last_used_at {
        Some(t) => format!(
            "Gemaakt op {made}{round}, laatst gebruikt op {}.",
            platform::format_server_time(t)
        ),
        None => format!("Gemaakt op {made}{round}, nog niet gebruikt."),
    }
}

/// The links of a proeftuin, each with "Intrekken" (after a confirmation),
/// except the one this device works with.
#[component]
pub fn LinkList(
    /// The live links, oldest first.
    links: Vec<LinkInfo>,
    /// Called with the link once its revocation is confirmed.
    on_revoke: Callback<LinkInfo>,
    /// True while a request is under way (the confirmation waits).
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let confirming = RwSignal::new(None::<String>);
    view! {
        <ul class="ptw-links">
            {links.into_iter().map(|link| {
                let words = link_words(&link);
                let times = link_times(&link);
                let link_id = link.link_id.clone();
                let button_id = format!("intrekken-{link_id}");
                let question_id = format!("intrekken-vraag-{link_id}");
                let current = link.current;
                let link = StoredValue::new(link);
                let (lid, bid, qid) = (link_id.clone(), button_id.clone(), question_id.clone());
                let made = platform::format_server_time(&link.with_value(|l| l.created_at.clone()));
                let label = format!("Intrekken: {words}, gemaakt op {made}");
                let question = format!(
                    "Weet je zeker dat je deze link wilt intrekken ({words})? Wie hem heeft, kan de proeftuin daarna niet meer openen. Dit kan niet ongedaan worden gemaakt; je kunt wel een nieuwe link maken."
                );
                view! {
                    <li class="ptw-links__item">
                        <p class="ptw-links__kind">{words.clone()}{current.then_some(" (deze link gebruik je nu)")}</p>
                        <p class="ptw-links__times">{times}</p>
                        {move || if current {
                            view! { <p class="ptw-field__hint">"Met deze link werk je nu; die kun je hier niet intrekken."</p> }.into_any()
                        } else if confirming.get().as_deref() == Some(lid.as_str()) {
                            view! {
                                <Confirm question_id=qid.clone() question=question.clone()
                                    yes="Ja, trek deze link in" busy on_yes=Box::new(move || {
                                        confirming.set(None);
                                        on_revoke.run(link.get_value());
                                    })
                                    no="Nee, laat staan" on_no=Box::new(move || confirming.set(None)) back_to=bid.clone()/>
                            }.into_any()
                        } else {
                            let (lid, qid) = (lid.clone(), qid.clone());
                            view! {
                                <div class="ptw-actions">
                                    <button type="button" id=bid.clone() class="ptw-button ptw-button--small ptw-button--secondary"
                                        aria-label=label.clone()
                                        on:click=move |_| {
                                            confirming.set(Some(lid.clone()));
                                            let qid = qid.clone();
                                            request_animation_frame(move || focus_element(&qid));
                                        }>"Intrekken"</button>
                                </div>
                            }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// "Links van deze proeftuin" on the Delen panel: fetched from the server,
/// revoked one by one; errors in a banner with a retry.
#[component]
fn LinksPanel(read_secret: RwSignal<Option<String>>, version: RwSignal<u32>) -> impl IntoView {
    let ed = use_editor();
    let sync = use_sync();
    let id = StoredValue::new(ed.doc.with_untracked(|d| d.id.clone()));
    let list = RwSignal::new(None::<Vec<LinkInfo>>);
    let failed = RwSignal::new(None::<(String, Option<LinkInfo>)>);
    let done = RwSignal::new(None::<String>);
    // Fetching the list of links (again), with this device's secret.
    let fetch = local_action(move |secret: &String| {
        let (pid, secret) = (id.get_value(), secret.clone());
        async move {
            let result = api::links(&pid, &secret).await;
            if list.is_disposed() {
                return;
            }
            match result {
                Ok(links) => list.set(Some(links)),
                Err(e) => failed.set(Some((
                    format!("De links konden niet worden opgehaald. {}", e.message()),
                    None,
                ))),
            }
        }
    });
    let load = move || {
        if let Some(secret) = sync.secret() {
            fetch.dispatch_local(secret);
        }
    };
    crate::action::effect(move || {
        version.track();
        load();
    });
    // Revoking one link; `pending` disables the buttons meanwhile.
    let revoking = local_action(move |link: &LinkInfo| {
        let (pid, secret, link) = (id.get_value(), sync.secret(), link.clone());
        async move {
            let Some(secret) = secret else {
                return;
            };
            let result = api::revoke_link(&pid, &secret, &link.link_id).await;
            if done.is_disposed() {
                return;
            }
            match result {
                Ok(()) => {
                    // The read link kept on this device is dead now: make room for a new one.
                    if link.kind == LinkKind::Read
                        && local_store::forget_read_link(&pid, &link.link_id)
                    {
                        read_secret.set(None);
                    }
                    done.set(Some(format!("De link is ingetrokken: {}. Wie hem heeft, kan de proeftuin er niet meer mee openen.", link_words(&link))));
                    load();
                    request_animation_frame(|| focus_element("links-melding"));
                }
                Err(ApiError::NotFound) => {
                    done.set(Some(format!(
                        "Deze link was al ingetrokken: {}.",
                        link_words(&link)
                    )));
                    load();
                    request_animation_frame(|| focus_element("links-melding"));
                }
                Err(e) => {
                    failed.set(Some((
                        format!(
                            "De link is niet ingetrokken ({}). {}",
                            link_words(&link),
                            e.message()
                        ),
                        Some(link),
                    )));
                    request_animation_frame(|| focus_element("links-fout"));
                }
            }
        }
    });
    let busy = Signal::from(revoking.pending());
    let revoke = move |link: LinkInfo| {
        if sync.secret().is_none() {
            return;
        }
        failed.set(None);
        done.set(None);
        revoking.dispatch_local(link);
    };
    let on_revoke = Callback::new(revoke);
    view! {
        <section class="ptw-share__links" aria-labelledby="links-titel">
            <h3 id="links-titel">"Links van deze proeftuin"</h3>
            <p class="ptw-field__hint">"Hier zie je alle links die nu werken. Trek een link in als iemand er niet meer bij mag; wie die link heeft, kan de proeftuin dan niet meer openen."</p>
            <p id="links-melding" class="ptw-history__message" role="status" tabindex="-1">{move || done.get()}</p>
            {move || failed.get().map(|(message, link)| view! {
                <div id="links-fout" class="ptw-banner ptw-banner--error" role="alert" tabindex="-1">
                    <p>{message}</p>
                    <div class="ptw-banner__actions">
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| {
                            failed.set(None);
                            match link.clone() {
                                Some(link) => revoke(link),
                                None => load(),
                            }
                        }>"Opnieuw proberen"</button>
                    </div>
                </div>
            })}
            {move || match list.get() {
                None => view! { <p>"De links worden opgehaald…"</p> }.into_any(),
                Some(links) => view! { <LinkList links on_revoke busy/> }.into_any(),
            }}
        </section>
    }
}

/// A value of a conflict in words.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Null => "(verwijderd)".into(),
        Value::Bool(true) => "ja".into(),
        Value::Bool(false) => "nee".into(),
        Value::Number(n) => n.to_string().replace('.', ","),
        Value::String(s) if s.trim().is_empty() => "(leeg)".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "(leeg)".into(),
        Value::Array(items) => items.iter().map(show_value).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            let mut parts: Vec<String> = Vec::new();
            for (key, value) in map {
                if key == "id" {
                    continue;
                }
                let shown = show_value(value);
                if shown != "(leeg)" {
                    parts.push(format!("{key}: {shown}"));
                }
            }
            if parts.is_empty() {
                "(leeg)".into()
            } else {
                parts.join("; ")
            }
        }
    }
}

/// The open conflicts, each with both values and a choice.
#[component]
fn ConflictPanel() -> impl IntoView {
    let ed = use_editor();
    let id = StoredValue::new(ed.doc.with_untracked(|d| d.id.clone()));
    let announce = RwSignal::new(String::new());
    let choose = move |path: String, label: String, side: Side| {
        ed.choose(&path, side);
        announce.set(format!(
            "Keuze bewaard voor {label}: {}.",
            if side == Side::Mine {
                "jouw versie"
            } else {
                "de andere versie"
            }
        ));
        request_animation_frame(move || {
            if ed.conflicts.with_untracked(Vec::is_empty) {
                focus_element("stap-titel");
            } else {
                focus_element("verschillen-titel");
            }
        });
    };
    view! {
        <p class="ptw-visually-hidden" role="status">{move || announce.get()}</p>
        {move || {
            let list = ed.conflicts.get();
            (!list.is_empty()).then(|| {
                let n = list.len();
                view! {
                    <section class="ptw-conflicts ptw-no-print" aria-labelledby="verschillen-titel">
                        <h2 id="verschillen-titel" tabindex="-1">
                            {format!("Kies welke versie blijft ({n} {})", if n == 1 { "verschil" } else { "verschillen" })}
                        </h2>
                        <p>"Hetzelfde onderdeel is op twee plekken verschillend ingevuld. Beide versies zijn bewaard. Kies per onderdeel welke blijft. Tot je kiest, staat jouw versie in het plan en gaat er niets naar de server."</p>
                        <ul class="ptw-conflicts__list">
                            {list.into_iter().map(|open: OpenConflict| {
                                let source = open.source;
                                let conflict = ed.as_seen_here(&open);
                                let other = match source {
                                    ConflictSource::Server => "Andere versie (op de server)",
                                    ConflictSource::Window => "Andere versie (uit een ander venster)",
                                };
                                let label = conflict.label.clone();
                                let href = step_of(&conflict.path)
                                    .map(|s| field_href(&id.get_value(), s, &conflict.path));
                                let (p1, l1) = (conflict.path.clone(), label.clone());
                                let (p2, l2) = (conflict.path.clone(), label.clone());
                                view! {
                                    <li class="ptw-conflict">
                                        <h3 class="ptw-conflict__title">{label.clone()}</h3>
                                        <div class="ptw-conflict__sides">
                                            <div class="ptw-conflict__side">
                                                <h4>"Jouw versie"</h4>
                                                <p class="ptw-conflict__value">{show_value(&conflict.mine)}</p>
                                                <button type="button" class="ptw-button ptw-button--secondary"
                                                    aria-label=format!("Houd jouw versie: {label}")
                                                    on:click=move |_| choose(p1.clone(), l1.clone(), Side::Mine)>"Houd jouw versie"</button>
                                            </div>
                                            <div class="ptw-conflict__side">
                                                <h4>{other}</h4>
                                                <p class="ptw-conflict__value">{show_value(&conflict.theirs)}</p>
                                                <button type="button" class="ptw-button ptw-button--secondary"
                                                    aria-label=format!("Neem de andere versie: {label}")
                                                    on:click=move |_| choose(p2.clone(), l2.clone(), Side::Theirs)>"Neem de andere versie"</button>
                                            </div>
                                        </div>
                                        {href.map(|h| view! { <p><A href=h>{format!("Naar het veld: {label}")}</A></p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })
        }}
    }
}

/// "Eerdere versies": the revisions on the server, newest first; one can be
/// viewed as a document and restored (it becomes the newest version, the
/// history stays).
#[component]
pub fn HistoryView() -> impl IntoView {
    let ed = use_editor();
    let sync = use_sync();
    let id = StoredValue::new(ed.doc.with_untracked(|d| d.id.clone()));
    let list = RwSignal::new(None::<Result<Vec<RevisionInfo>, ApiError>>);
    let shown = RwSignal::new(None::<(i64, String, Proeftuin)>);
    let message = RwSignal::new(None::<String>);
    // The server revision the list was last loaded for: reload only when it changes.
    let loaded_for = StoredValue::new(0i64);
    // Fetching the list of versions (again), with this device's secret.
    let fetch = local_action(move |secret: &String| {
        let (pid, secret) = (id.get_value(), secret.clone());
        async move {
            let result = api::revisions(&pid, &secret).await;
            list.try_set(Some(result.map(|mut l| {
                l.reverse();
                l
            })));
        }
    });
    let load = move || {
        let Some(secret) = sync.secret() else {
            return;
        };
        loaded_for.set_value(sync.revision.get_untracked());
        fetch.dispatch_local(secret);
    };
    load();
    // A new version on the server (after a restore or someone's edit): show it in the list.
    crate::action::effect(move || {
        if matches!(sync.state.get(), SyncState::Synced(_))
            && sync.revision.get() != loaded_for.get_value()
        {
            load();
        }
    });
    let view_revision = move |n: i64, when: String| {
        let Some(secret) = sync.secret() else {
            return;
        };
        message.set(None);
        spawn_local(async move {
            let result = api::revision(&id.get_value(), &secret, n).await;
            if shown.is_disposed() {
                return;
            }
            match result {
                Ok(doc) => {
                    shown.set(Some((n, when, doc)));
                    request_animation_frame(|| focus_element("versie-titel"));
                }
                Err(e) => message.set(Some(e.message())),
            }
        });
    };
    let restore = move |_| {
        let Some((n, when, old)) = shown.get_untracked() else {
            return;
        };
        ed.edit(move |d| {
            let (id, created) = (d.id.clone(), d.created);
            // After decharge the plan is final: an older version cannot undo it.
            let after_decharge = (d.status == proeftuin_domain::Status::Decharge)
                .then(|| (d.status, d.uitvoering.clone()));
            *d = old;
            d.id = id;
            d.created = created;
            if let Some((status, uitvoering)) = after_decharge {
                d.status = status;
                d.uitvoering = uitvoering;
            }
        });
        ed.flush();
        shown.set(None);
        message.set(Some(format!(
            "Versie {n} van {when} is teruggezet. Het is nu de nieuwste versie; de eerdere versies blijven staan."
        )));
        request_animation_frame(|| focus_element("versies-melding"));
    };
    view! {
        <div class="ptw-history">
            <p>"Bij elke synchronisatie bewaart de server een nieuwe versie. Van de laatste 24 uur blijft elke versie staan; van daarvoor één per uur (een week lang) en daarna één per dag. Hier kun je een eerdere versie bekijken en, als dat nodig is, terugzetten. Terugzetten maakt er een nieuwe versie van; de versies die er al waren blijven staan."</p>
            <p id="versies-melding" class="ptw-history__message" role="status" tabindex="-1">{move || message.get()}</p>
            {move || match (sync.access.get(), list.get()) {
                (None, _) => view! {
                    <p>"Deze proeftuin staat alleen op dit apparaat, dus er zijn nog geen versies op de server. Zet hem op de server via “Delen”."</p>
                }.into_any(),
                (_, None) => view! { <p>"Versies worden opgehaald…"</p> }.into_any(),
                (_, Some(Err(e))) => view! {
                    <div class="ptw-banner ptw-banner--error" role="alert">
                        <p>{format!("De versies konden niet worden opgehaald. {}", e.message())}</p>
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| { list.set(None); load() }>"Opnieuw proberen"</button>
                    </div>
                }.into_any(),
                (_, Some(Ok(revisions))) => view! {
                    <table class="ptw-table">
                        <caption>{format!("{} versies op de server", revisions.len())}</caption>
                        <thead><tr><th scope="col">"Versie"</th><th scope="col">"Opgeslagen op"</th><th scope="col"><span class="ptw-visually-hidden">"Actie"</span></th></tr></thead>
                        <tbody>
                            {revisions.into_iter().map(|r| {
                                let when = platform::format_server_time(&r.saved_at);
                                let n = r.revision;
                                let w = when.clone();
                                view! {
                                    <tr>
                                        <td>{n}</td>
                                        <td>{when.clone()}</td>
                                        <td><button type="button" class="ptw-button ptw-button--small ptw-button--secondary"
                                            aria-label=format!("Bekijk versie {n} van {when}")
                                            on:click=move |_| view_revision(n, w.clone())>"Bekijk"</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            {move || shown.get().map(|(n, when, doc)| view! {
                <section class="ptw-section ptw-history__shown" aria-labelledby="versie-titel">
                    <h2 id="versie-titel" tabindex="-1">{format!("Versie {n} van {when}")}</h2>
                    {(sync.access.get() == Some(Access::Edit)).then(|| view! {
                        <div class="ptw-actions">
                            <button type="button" class="ptw-button" on:click=restore>{format!("Zet versie {n} terug")}</button>
                        </div>
                    })}
                    <PlanDocument doc=Signal::stored(doc)/>
                </section>
            })}
        </div>
    }
}
