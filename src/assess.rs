//! An assessor's own page (`/beoordelen/<id>#sleutel=<invitation>`): the plan to
//! read and the rubric to score, alone.
//!
//! The link holds an invitation. The first time it is opened on a device, the
//! page exchanges it (once, [`api::claim`]) for a personal secret that only
//! this device gets, and keeps that secret in the device's record of the
//! assessment (found by the link, so reloads and offline drafts keep working).
//! The device makes that secret itself and keeps it before the claim is sent:
//! when the answer is lost, the next try sends the same one and the server
//! answers the same, instead of taking the device for another.
//! Opened on a second device the invitation is refused with a clear message;
//! when the owner's new invitation is opened elsewhere, this device's secret
//! stops working and the page says so (the scores stay here). The draft is saved on this device at
//! every change (so it works offline) and sent to the server when there is a
//! connection; "Inleveren" hands the scores in for good. The server never sends
//! other assessors' scores here, and this page never asks for them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use proeftuin_domain::rubric::Dimension;
use proeftuin_domain::storage::{parse_stored, stored_json};
use proeftuin_domain::sync::draft::{
    DraftAction, DraftAnswer, DraftEvent, DraftState, DraftStatus,
};
use proeftuin_domain::{validate_assessment, AssessorScores, Beoordeling, Proeftuin, Step};
use serde::{Deserialize, Serialize};

use crate::action::local_action;
use crate::components::controls::Controls;
use crate::components::Confirm;
use crate::dom::set_title;
use crate::editor::{field_id, provide_editor_at, Editor, SaveState};
use crate::focus::focus_element;
use crate::local_store;
use crate::open::secret_from_fragment;
use crate::platform;
use crate::sync::api::{self, Assessment};
use crate::sync::{ApiError, Timer};
use crate::views::plan_document::PlanDocument;
use crate::wizard::beoordeling::DimensionSection;

/// What this device knows of the assessment (besides the scores in the document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AssessRecord {
    /// The personal secret (claimed from the link's invitation; for a link of a
    /// round opened before invitations, the link's own secret).
    secret: String,
    assessment: Assessment,
}

fn doc_key(id: &str, secret: &str) -> String {
    local_store::assess_key(id, secret)
}

fn record_key(id: &str, secret: &str) -> String {
    local_store::assess_record_key(id, secret)
}

/// Claims the link's invitation with a personal secret made on this device and kept
/// before it is sent (a lost answer is retried with the same one), and keeps what the
/// server answers (before the plan is fetched).
async fn claim(id: &str, link: &str) -> Result<String, ApiError> {
    let proposal_key = local_store::assess_proposal_key(id, link);
    let proposed = local_store::read_raw(&proposal_key).or_else(|| {
        let new = platform::new_secret()?;
        if let Err(e) = local_store::write_raw(&proposal_key, &new) {
            leptos::logging::warn!("nieuwe sleutel niet lokaal bewaard: {e:?}");
        }
        Some(new)
    });
    let claimed = api::claim(id, link, proposed.as_deref()).await;
    match &claimed {
        // The proposal goes once the answer is kept; until then a reload claims again.
        Ok(mine) => match local_store::write_raw(&local_store::assess_secret_key(id, link), mine) {
            Ok(()) => {
                let _ = local_store::remove_key(&proposal_key);
            }
            Err(e) => leptos::logging::warn!("persoonlijke sleutel niet lokaal bewaard: {e:?}"),
        },
        // Refused as a secret (400): the next try makes a new one.
        Err(ApiError::Invalid(..)) => {
            let _ = local_store::remove_key(&proposal_key);
        }
        Err(_) => {}
    }
    claimed
}

/// The scores in the document as a score sheet (empty entries left out).
fn sheet(doc: &Proeftuin) -> AssessorScores {
    AssessorScores {
        scores: doc
            .beoordeling
            .scores
            .iter()
            .filter(|s| s.score.is_some() || !s.reden.trim().is_empty())
            .cloned()
            .collect(),
    }
}

/// The plan as the assessor sees it: the panel's own scores and verdict left out.
fn plan_only(doc: &Proeftuin) -> Proeftuin {
    let mut d = doc.clone();
    d.beoordeling = Beoordeling::default();
    d
}

#[derive(Clone, PartialEq)]
enum Loading {
    Busy,
    Ready(Box<Proeftuin>),
    Failed(String),
}

/// The route component for `/beoordelen/:id`.
#[component]
pub fn AssessorPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let secret = secret_from_fragment();
    set_title("Beoordelen");
    let state = RwSignal::new(Loading::Busy);
    let record = RwSignal::new(None::<AssessRecord>);
    let id = StoredValue::new(id);
    let secret = StoredValue::new(secret);
    // The personal secret, once known.
    let personal = StoredValue::new(String::new());

    // Claiming the personal secret for the link's invitation (once) and fetching the plan
    // and the assessment with it.
    let claim_and_fetch = local_action(move |secret: &String| {
        let (id, secret) = (id.get_value(), secret.clone());
        let key = doc_key(&id, &secret);
        async move {
            let result = async {
                // The personal secret this device claimed before, or a claim now (once).
                let mine =
                    match local_store::read_raw(&local_store::assess_secret_key(&id, &secret)) {
                        Some(mine) => mine,
                        None => claim(&id, &secret).await?,
                    };
                let plan = api::fetch(&id, &mine).await?;
                let assessment = api::assessment(&id, &mine).await?;
                Ok::<_, ApiError>((mine, plan, assessment))
            }
            .await;
            if state.is_disposed() {
                return;
            }
            match result {
                Ok((mine, plan, assessment)) => {
                    let mut doc = plan_only(&plan.document);
                    let scores = assessment
                        .submitted
                        .clone()
                        .unwrap_or_else(|| assessment.draft.clone());
                    doc.beoordeling.scores = scores.scores;
                    let rec = AssessRecord {
                        secret: mine.clone(),
                        assessment,
                    };
                    personal.set_value(mine);
                    let stored = local_store::write_raw(&key, &stored_json(&doc))
                        .and_then(|()| local_store::write_json(&record_key(&id, &secret), &rec));
                    if let Err(e) = stored {
                        // Go on in memory: the scores still go to the server as drafts.
                        leptos::logging::warn!("beoordeling niet lokaal bewaard: {e:?}");
                    }
                    record.set(Some(rec));
                    state.set(Loading::Ready(Box::new(doc)));
                }
                Err(ApiError::InvitationClaimed) => state.set(Loading::Failed(
                    "Deze uitnodiging is al geopend op een ander apparaat. Alleen op dat apparaat kun je ermee beoordelen. Wil je op dit apparaat beoordelen? Vraag de eigenaar van de proeftuin om een nieuwe uitnodiging.".into(),
                )),
                Err(ApiError::NotFound) => state.set(Loading::Failed(
                    "Deze beoordelingslink werkt niet (meer). De proeftuin of de beoordelingsronde bestaat niet (meer), de uitnodiging is vervangen door een nieuwe, of de link is niet volledig. Vraag de eigenaar om een nieuwe uitnodiging.".into(),
                )),
                Err(ApiError::ReadOnly) => state.set(Loading::Failed(
                    "Dit is geen persoonlijke beoordelingslink. Open de proeftuin met de link die je hebt gekregen om hem te lezen of te bewerken.".into(),
                )),
                Err(ApiError::Offline) => state.set(Loading::Failed(
                    "Er is geen verbinding met de server, dus de beoordeling kan nu niet worden opgehaald. Probeer het opnieuw als je weer verbinding hebt; daarna kun je ook zonder verbinding verder.".into(),
                )),
                Err(e) => state.set(Loading::Failed(e.message())),
            }
        }
    });
    let fetch = move || {
        let Some(secret) = secret.get_value() else {
            state.set(Loading::Failed("Deze link is niet volledig: het stuk na het #-teken ontbreekt of klopt niet. Vraag de eigenaar van de proeftuin om je persoonlijke link opnieuw te sturen.".into()));
            return;
        };
        let id = id.get_value();
        // Already on this device: start from there at once (also offline).
        let key = doc_key(&id, &secret);
        let local_doc = local_store::read_raw(&key).and_then(|t| parse_stored(&t).ok());
        let local_record: Option<AssessRecord> = local_store::read_json(&record_key(&id, &secret));
        if let (Some(doc), Some(rec)) = (local_doc, local_record) {
            personal.set_value(rec.secret.clone());
            record.set(Some(rec));
            state.set(Loading::Ready(Box::new(doc)));
            return;
        }
        state.set(Loading::Busy);
        claim_and_fetch.dispatch_local(secret);
    };
    fetch();
    // Another personal link pasted over this one (only the part after # differs): start anew,
    // so nobody scores under someone else's link.
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let _ = window().location().reload();
    });
    on_cleanup(move || on_hash.remove());
    view! {
        {move || match state.get() {
            Loading::Busy => view! {
                <section class="ptw-page" aria-labelledby="beoordelen-titel">
                    <h1 id="beoordelen-titel">"Beoordelen"</h1>
                    <p role="status">"De beoordeling wordt opgehaald…"</p>
                </section>
            }.into_any(),
            Loading::Failed(message) => view! {
                <section class="ptw-page" aria-labelledby="beoordelen-titel">
                    <h1 id="beoordelen-titel">"Beoordelen"</h1>
                    <div class="ptw-banner ptw-banner--error" role="alert"><p>{message}</p></div>
                    <div class="ptw-actions">
                        <button type="button" class="ptw-button ptw-button--secondary" on:click=move |_| fetch()>"Opnieuw proberen"</button>
                        <A href="/" attr:class="ptw-button">"Naar Mijn proeftuinen"</A>
                    </div>
                </section>
            }.into_any(),
            Loading::Ready(doc) => {
                let link = secret.get_value().unwrap_or_default();
                view! { <AssessorForm doc=*doc id=id.get_value() link secret=personal.get_value() record/> }.into_any()
            }
        }}
    }
}

/// The browser's driver of the draft protocol ([`proeftuin_domain::sync::draft`]): sends
/// drafts through [`api`], stores the record on this device, sets the timer.
#[derive(Clone, Copy)]
struct DraftSync {
    ed: Editor,
    id: StoredValue<String>,
    /// The secret in the address (the invitation): it names this device's records.
    link: StoredValue<String>,
    /// The personal secret the requests carry.
    secret: StoredValue<String>,
    /// Set when the server no longer knows `secret` (404).
    lost: RwSignal<bool>,
    record: RwSignal<Option<AssessRecord>>,
    status: RwSignal<DraftStatus>,
    machine: StoredValue<DraftState>,
    timer: Timer,
}

impl DraftSync {
    fn feed(self, event: DraftEvent) {
        let Some(actions) = self.machine.try_update_value(|m| m.update(event)) else {
            return;
        };
        for action in actions {
            self.perform(action);
        }
    }

    fn perform(self, action: DraftAction) {
        match action {
            DraftAction::Send(scores) => spawn_local(async move {
                let result =
                    api::save_draft(&self.id.get_value(), &self.secret.get_value(), &scores).await;
                if self.machine.is_disposed() {
                    return;
                }
                let answer = match result {
                    Ok(a) => DraftAnswer::Saved(a),
                    Err(ApiError::Offline) => DraftAnswer::Lost,
                    Err(ApiError::Closed(_)) => DraftAnswer::Closed,
                    Err(ApiError::NotFound) => {
                        // A newer invitation was opened elsewhere, or the link was
                        // revoked: nothing more goes to the server from here.
                        self.lost.set(true);
                        DraftAnswer::Closed
                    }
                    Err(e) => DraftAnswer::Failed {
                        message: e.message(),
                        retry_after: match e {
                            ApiError::TooMany(s) | ApiError::TooManyNew(s) => Some(s),
                            ApiError::Busy(s) => s,
                            _ => None,
                        },
                    },
                };
                self.feed(DraftEvent::Answered {
                    at: platform::now(),
                    answer,
                });
            }),
            DraftAction::Refresh => self.refresh(),
            DraftAction::StoreRecord(a) => {
                let rec = AssessRecord {
                    secret: self.secret.get_value(),
                    assessment: a,
                };
                let key = record_key(&self.id.get_value(), &self.link.get_value());
                let _ = local_store::write_json(&key, &rec);
                self.record.set(Some(rec));
            }
            DraftAction::ShowSubmitted(scores) => {
                // Show exactly what was handed in (also when that happened in another tab).
                let mut doc = self.ed.doc.get_untracked();
                doc.beoordeling.scores = scores.scores;
                self.ed.read_only.set(true);
                let _ = self.ed.replace(doc);
            }
            DraftAction::SetTimer { id, ms } => self.timer.set(ms, move || {
                if !self.machine.is_disposed() {
                    self.feed(DraftEvent::Timer(id));
                }
            }),
            DraftAction::Status(status) => self.status.set(status),
        }
    }

    /// Fresh news: the assessment (closed, or handed in from another device) and the plan
    /// (the owner may have changed it since this copy was made).
    fn refresh(self) {
        spawn_local(async move {
            let (id, secret) = (self.id.get_value(), self.secret.get_value());
            match api::assessment(&id, &secret).await {
                Ok(a) => {
                    if self.machine.is_disposed() {
                        return;
                    }
                    self.feed(DraftEvent::Assessment(a));
                }
                Err(ApiError::NotFound) => {
                    if !self.lost.is_disposed() {
                        self.lost.set(true);
                    }
                    return;
                }
                Err(_) => {}
            }
            if let Ok(remote) = api::fetch(&id, &secret).await {
                if self.ed.doc.is_disposed() {
                    return;
                }
                let mut doc = plan_only(&remote.document);
                doc.beoordeling = self.ed.doc.with_untracked(|d| d.beoordeling.clone());
                if self
                    .ed
                    .doc
                    .with_untracked(|d| plan_only(d) != plan_only(&doc))
                {
                    let _ = self.ed.replace(doc);
                }
            }
        });
    }
}

/// The scoring form. `link` is the secret in the address (the invitation),
/// which names this device's records; `secret` the personal secret the
/// requests carry.
#[component]
fn AssessorForm(
    doc: Proeftuin,
    id: String,
    link: String,
    secret: String,
    record: RwSignal<Option<AssessRecord>>,
) -> impl IntoView {
    let key = doc_key(&id, &link);
    let ed: Editor = provide_editor_at(doc, Step::Beoordeling, key);
    let id = StoredValue::new(id);
    let link = StoredValue::new(link);
    let secret = StoredValue::new(secret);
    // The server no longer knows this device's secret (a newer invitation was
    // opened elsewhere, or the link was revoked): nothing more goes there.
    let lost = RwSignal::new(false);
    let done = Memo::new(move |_| {
        lost.get()
            || record.with(|r| {
                r.as_ref().is_some_and(|r| {
                    r.assessment.submitted_at.is_some() || !r.assessment.status.is_open()
                })
            })
    });
    crate::action::effect(move || ed.read_only.set(done.get()));
    let title = ed.doc.with_untracked(|d| d.title());
    set_title(&format!("Beoordelen – {title}"));

    let draft = RwSignal::new(DraftStatus::OnlyHere);
    let sync = DraftSync {
        ed,
        id,
        link,
        secret,
        lost,
        record,
        status: draft,
        machine: StoredValue::new(DraftState::new(
            ed.doc.with_untracked(sheet),
            record.with_untracked(|r| r.as_ref().map(|r| r.assessment.clone())),
        )),
        timer: Timer::new(),
    };
    // Every change of the scores (saved on this device or not) goes to the protocol, which
    // sends it a moment later.
    let scores = Memo::new(move |_| ed.doc.with(sheet));
    let mut first = true;
    crate::action::effect(move || {
        // Read (not just track): a memo computes, and so follows the document, only when read.
        let now = scores.get();
        if !std::mem::take(&mut first) {
            sync.feed(DraftEvent::Changed(now));
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| sync.feed(DraftEvent::Online));
    // Another tab handed in or saved: take its record.
    let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
        let key = record_key(&id.get_value(), &link.get_value());
        if ev.key().as_deref() == Some(key.as_str()) {
            if let Some(rec) = local_store::read_json::<AssessRecord>(&key) {
                sync.feed(DraftEvent::Assessment(rec.assessment));
            }
        }
    });
    on_cleanup(move || {
        online.remove();
        other_tab.remove();
        sync.timer.clear();
    });
    // Scores typed here that the server has not got yet (e.g. offline, then reloaded): send them.
    sync.feed(DraftEvent::Start);
    sync.refresh();

    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let confirming = RwSignal::new(false);
    let submit_message = RwSignal::new(None::<String>);
    let ask_submit = move |_| {
        ed.flush();
        let found = validate_assessment(&ed.doc.with_untracked(sheet), true);
        if found.is_empty() {
            errors.set(Vec::new());
            confirming.set(true);
            request_animation_frame(|| focus_element("inleveren-vraag"));
        } else {
            ed.show_all.set(true);
            errors.set(
                found
                    .into_iter()
                    .map(|e| (field_id(&format!("beoordeling.{}", e.path)), e.message))
                    .collect(),
            );
            request_animation_frame(|| focus_element("inleveren-fouten"));
        }
    };
    // Handing in the scores as they are now; `pending` holds a second click meanwhile.
    let handing_in = local_action(move |_: &()| {
        let (id, secret, scores) = (
            id.get_value(),
            secret.get_value(),
            ed.doc.with_untracked(sheet),
        );
        async move {
            let result = api::submit(&id, &secret, &scores).await;
            if submit_message.is_disposed() {
                return;
            }
            confirming.set(false);
            match result {
                Ok(a) => {
                    sync.feed(DraftEvent::Assessment(a));
                    request_animation_frame(|| focus_element("ingeleverd"));
                }
                Err(ApiError::Closed(m)) => {
                    submit_message.set(Some(m));
                    sync.refresh();
                }
                Err(ApiError::Offline) => submit_message.set(Some(
                    "Inleveren lukt alleen met verbinding. Je scores staan veilig op dit apparaat; lever ze in als je weer online bent.".into(),
                )),
                Err(ApiError::NotFound) => lost.set(true),
                Err(e) => submit_message.set(Some(e.message())),
            }
        }
    });
    let submitting = handing_in.pending();
    let submit = move || {
        if submitting.get_untracked() {
            return;
        }
        submit_message.set(None);
        handing_in.dispatch_local(());
    };
    let label = move || {
        record.with(|r| {
            r.as_ref()
                .map(|r| {
                    format!(
                        "Je beoordeelt als {} in ronde {}.",
                        r.assessment.label, r.assessment.round
                    )
                })
                .unwrap_or_default()
        })
    };
    let save_line = move || {
        let local = match ed.save_state.get() {
            SaveState::Saved(_) => "Je scores staan op dit apparaat.".to_string(),
            SaveState::Pending => "Je scores worden bewaard…".to_string(),
            SaveState::Failed(e) => e.message(),
            SaveState::RemovedElsewhere => "Je scores staan alleen nog in dit venster.".to_string(),
        };
        let server = match draft.get() {
            DraftStatus::OnlyHere => String::new(),
            DraftStatus::Sending => " Concept wordt naar de server gestuurd…".into(),
            DraftStatus::Sent(t) => {
                format!(" Concept op de server om {}.", platform::format_clock(t))
            }
            DraftStatus::Offline => {
                " Geen verbinding: het concept gaat naar de server zodra er weer verbinding is."
                    .into()
            }
            DraftStatus::Failed(m) => format!(" Het concept kon niet naar de server: {m}"),
        };
        format!("{local}{server}")
    };
    let plan = Signal::derive(move || ed.doc.with(plan_only));
    view! {
        <section class="ptw-page ptw-assess" aria-labelledby="beoordelen-titel">
            <h1 id="beoordelen-titel" tabindex="-1">{format!("Beoordelen: {title}")}</h1>
            <p class="ptw-assess__who">{label}</p>
            <div class="ptw-banner">
                <p>"Je scoort eerst alleen. Je ziet de scores van de andere beoordelaars niet, en zij die van jou niet. Zo neemt niemand ongemerkt een score van een ander over. Als iedereen heeft ingeleverd, bespreekt het panel de scores en legt het de afgesproken scores vast. Jouw eigen scores blijven daarbij bewaard."</p>
            </div>
            {move || lost.get().then(|| view! {
                <div class="ptw-banner ptw-banner--error" role="alert">
                    <p>"Deze link werkt niet meer op dit apparaat. Waarschijnlijk is er een nieuwe uitnodiging voor je gemaakt en op een ander apparaat geopend, of heeft de eigenaar de link ingetrokken. Je scores blijven op dit apparaat staan, maar gaan niet meer naar de server. Wil je hier verder? Vraag de eigenaar van de proeftuin om een nieuwe uitnodiging."</p>
                </div>
            })}
            <p class="ptw-save">{save_line}</p>
            <p class="ptw-visually-hidden" role="status">{move || match draft.get() {
                DraftStatus::Offline => "Geen verbinding: je concept blijft op dit apparaat en gaat later naar de server.",
                DraftStatus::Failed(_) => "Het concept kon niet naar de server. Het wordt straks opnieuw geprobeerd.",
                _ => "",
            }}</p>
            {move || record.with(|r| r.as_ref().and_then(|r| {
                let a = &r.assessment;
                match (&a.submitted_at, a.status.is_open()) {
                    (Some(at), _) => Some(format!("Je hebt je scores ingeleverd op {}. Ze kunnen niet meer veranderen.", platform::format_server_time(at))),
                    (None, true) => None,
                    (None, false) => Some("Deze beoordelingsronde is gesloten. Je kunt niet meer inleveren; je concept staat nog op dit apparaat.".to_string()),
                }
            })).map(|text| view! {
                <div class="ptw-banner ptw-banner--ok" id="ingeleverd" tabindex="-1" role="status"><p>{text}</p></div>
            })}
            <details class="ptw-assess__plan">
                <summary>"Lees het plan"</summary>
                <PlanDocument doc=plan/>
            </details>
            <Controls legend="Jouw scores" disabled=done>
                <DimensionSection dimension=Dimension::Realisme/>
                <DimensionSection dimension=Dimension::Impact/>
            </Controls>
            {move || {
                let list = errors.get();
                (!list.is_empty()).then(|| view! {
                    <div class="ptw-summary" role="alert" id="inleveren-fouten" tabindex="-1" aria-labelledby="inleveren-fouten-titel">
                        <h2 id="inleveren-fouten-titel">{format!("Nog niet compleet ({} punten)", list.len())}</h2>
                        <ul>
                            {list.into_iter().map(|(target, message)| view! {
                                <li><a href=format!("#{target}") on:click=move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
                                    focus_element(&target);
                                }>{message}</a></li>
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
            <p class="ptw-share__error" role="alert">{move || submit_message.get()}</p>
            {move || (!done.get()).then(|| if confirming.get() {
                view! {
                    <Confirm question_id="inleveren-vraag" question="Weet je het zeker? Na inleveren kun je je scores niet meer wijzigen."
                        yes="Ja, lever mijn scores in" on_yes=Box::new(submit) busy=submitting busy_text="Bezig met inleveren…" busy_no=true
                        no="Nog niet" on_no=Box::new(move || confirming.set(false)) back_to="inleveren"/>
                }.into_any()
            } else {
                view! {
                    <div class="ptw-actions">
                        <button type="button" id="inleveren" class="ptw-button" on:click=ask_submit>"Inleveren"</button>
                    </div>
                }.into_any()
            })}
        </section>
    }
}
