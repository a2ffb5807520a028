//! Sync with the server, per proeftuin: the browser's driver of the pure protocol
//! [`proeftuin_domain::sync`].
//!
//! The protocol decides (when to push, fetch or create, what a 412 means, when to retry or
//! stop); this module only carries its actions out and feeds it events: requests through
//! [`api`], the sync record and the creation key through [`crate::local_store`], merged
//! documents and conflicts through the [`Editor`], timers with `setTimeout`, and the
//! browser's `online`, `offline`, `visibilitychange` and `storage` events. Before every event
//! it brings in what changed on the device meanwhile (a pending keystroke, another tab's save
//! or sync record, conflicts chosen in the editor), so the protocol decides on the latest
//! state. [`crate::assess`] drives the draft protocol ([`proeftuin_domain::sync::draft`]) the
//! same way, with [`Timer`].

pub mod api;

use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use proeftuin_domain::sync::{
    self as protocol, Action, Answer, Event, Request, ServerCopy, Status,
};
use proeftuin_domain::Conflict;

pub use api::{Access, ApiError};

use crate::editor::{ConflictSource, Editor, SaveState};
use crate::local_store::{self, SyncMeta};
use crate::platform;

/// How often an open, visible, shared proeftuin asks the server for news.
pub const POLL_EVERY: Duration = Duration::from_millis(protocol::POLL_EVERY_MS);
/// Longest wait between retries.
pub const MAX_BACKOFF: Duration = Duration::from_millis(protocol::MAX_BACKOFF_MS);

/// The link that opens a proeftuin on another device; the secret sits in the
/// fragment, so it never reaches a server log.
pub fn share_url(id: &str, secret: &str) -> String {
    link_url("open", id, secret)
}

/// `<origin>/<page>/<id>#sleutel=<secret>`: a capability link to a page of the app.
pub fn link_url(page: &str, id: &str, secret: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let id: String = js_sys::encode_uri_component(id).into();
    format!("{origin}/{page}/{id}#sleutel={secret}")
}

/// Where a proeftuin stands with respect to the server, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncState {
    /// Never shared: only on this device.
    LocalOnly,
    /// A request is under way.
    Syncing,
    /// Up to date with the server at this time.
    Synced(DateTime<Utc>),
    /// No connection: will sync when it is back.
    Offline,
    /// The server refused or failed; the message says what to do.
    Failed(String),
}

/// One `setTimeout` at a time: setting a new one clears the old one.
#[derive(Clone, Copy)]
pub struct Timer(StoredValue<Option<TimeoutHandle>>);

impl Timer {
    /// No timer set yet.
    pub fn new() -> Self {
        Timer(StoredValue::new(None))
    }

    /// Calls `f` after `ms`, instead of whatever was set before.
    pub fn set(self, ms: u64, f: impl FnOnce() + 'static) {
        self.clear();
        let handle = set_timeout_with_handle(f, Duration::from_millis(ms)).ok();
        self.0.set_value(handle);
    }

    /// Clears the timer (safe after the owner is gone).
    pub fn clear(self) {
        if let Some(Some(h)) = self.0.try_get_value() {
            h.clear();
        }
        self.0.try_set_value(None);
    }
}

impl Default for Timer {
    fn default() -> Self {
        Self::new()
    }
}

/// The sync engine of the open proeftuin: the protocol's state and its driver.
#[derive(Clone, Copy)]
pub struct Sync {
    ed: Editor,
    /// Current state, for the status line.
    pub state: RwSignal<SyncState>,
    /// `None` while only on this device.
    pub access: RwSignal<Option<Access>>,
    /// The server revision this device last merged with (0 while only on this device).
    pub revision: RwSignal<i64>,
    machine: StoredValue<protocol::SyncState>,
    /// The sync record as last read from storage (to notice another tab's record).
    seen_record: StoredValue<Option<String>>,
    /// This device's secret, from the record (read once, not per request).
    secret: StoredValue<Option<String>>,
    timer: Timer,
    /// The outcome of the last create request (for [`Sync::upload`]).
    created: StoredValue<Option<Result<(), ApiError>>>,
}

fn copy_of(meta: &SyncMeta) -> ServerCopy {
    ServerCopy {
        access: meta.access,
        revision: meta.revision,
        base: meta.base.clone(),
        synced_at: meta.synced_at,
    }
}

fn ui_state(status: &Status, synced_at: Option<DateTime<Utc>>) -> SyncState {
    match status {
        Status::LocalOnly => SyncState::LocalOnly,
        Status::Syncing => SyncState::Syncing,
        Status::Synced(t) => SyncState::Synced(*t),
        // The conflict panel says what to do; the line says when the server was last heard.
        Status::Conflicts => synced_at.map_or(SyncState::Syncing, SyncState::Synced),
        Status::Offline => SyncState::Offline,
        Status::Failed(p) => SyncState::Failed(p.message()),
    }
}

/// The protocol's view of an answer from [`api`].
fn answer_of(result: Result<api::Remote, ApiError>) -> Answer {
    match result {
        Ok(remote) => Answer::Document {
            revision: remote.revision,
            document: remote.document,
        },
        Err(e) => failure(e),
    }
}

fn failure(e: ApiError) -> Answer {
    match e {
        ApiError::Offline => Answer::Lost,
        ApiError::NotFound => Answer::NotFound,
        ApiError::ReadOnly => Answer::ReadOnly,
        ApiError::TooMany(s) | ApiError::TooManyNew(s) => Answer::TooMany(s),
        e @ ApiError::Invalid(..) => Answer::Invalid(e.message()),
        ApiError::Exists => Answer::Exists,
        ApiError::Stale(revision, document) => Answer::Stale {
            revision,
            document: *document,
        },
        ApiError::Quota => Answer::QuotaExceeded,
        ApiError::StorageFull => Answer::StorageFull,
        ApiError::StorageError => Answer::StorageError,
        ApiError::Busy(s) => Answer::Busy(s),
        ApiError::Server(detail) | ApiError::Local(detail) | ApiError::Closed(detail) => {
            Answer::Server(detail)
        }
        // Assessor links do not sync a document; read like a link without write access.
        ApiError::Invitation | ApiError::InvitationClaimed => Answer::ReadOnly,
        e @ ApiError::CreationKeyReused(_) => Answer::Invalid(e.message()),
    }
}

impl Sync {
    /// A sync engine for the editor's proeftuin; sets read-only mode at once
    /// when this device holds only a read link.
    pub fn new(ed: Editor) -> Self {
        let id = ed.doc.with_untracked(|d| d.id.clone());
        let raw = local_store::read_raw(&local_store::sync_key(&id));
        let meta = local_store::load_meta(&id);
        let doc = ed.doc.get_untracked();
        let mut machine = match &meta {
            Some(m) => protocol::SyncState::shared(copy_of(m), doc, open_conflicts(ed)),
            None => protocol::SyncState::local_only(doc, local_store::creation_key(&id))
                .with_first_sent(local_store::creation_document(&id)),
        };
        machine.online = window().navigator().on_line();
        machine.visible = !document().hidden();
        let access = meta.as_ref().map(|m| m.access);
        ed.read_only.set(access.is_some_and(|a| a != Access::Edit));
        let state = ui_state(&machine.status, meta.as_ref().and_then(|m| m.synced_at));
        Sync {
            ed,
            state: RwSignal::new(state),
            access: RwSignal::new(access),
            revision: RwSignal::new(machine.revision()),
            machine: StoredValue::new(machine),
            seen_record: StoredValue::new(raw),
            secret: StoredValue::new(meta.map(|m| m.secret)),
            timer: Timer::new(),
            created: StoredValue::new(None),
        }
    }

    fn id(&self) -> String {
        self.ed.doc.with_untracked(|d| d.id.clone())
    }

    /// False once the wizard page that owns this engine is gone (after a
    /// request came back late): then nothing may be touched any more.
    fn alive(&self) -> bool {
        !self.state.is_disposed() && !self.ed.doc.is_disposed() && !self.machine.is_disposed()
    }

    /// The secret of this device for the proeftuin, when it is on the server.
    pub fn secret(&self) -> Option<String> {
        self.secret.get_value()
    }

    /// The read-only link's secret made from this device before, if any.
    pub fn known_read_secret(&self) -> Option<String> {
        local_store::load_meta(&self.id()).and_then(|m| {
            if m.access == Access::Read {
                Some(m.secret)
            } else {
                m.read_secret
            }
        })
    }

    /// Starts a sync round now (or right after the one under way), because of
    /// the user's request.
    pub fn now(self) {
        self.feed(Event::Retry);
    }

    /// Brings what changed on this device since the last event into the protocol: another
    /// tab's sync record, a pending keystroke or another tab's save, conflicts chosen or found
    /// in the editor. False when this tab's copy was removed elsewhere (nothing syncs then).
    fn take_in(self) -> bool {
        let id = self.id();
        let raw = local_store::read_raw(&local_store::sync_key(&id));
        if raw != self.seen_record.get_value() {
            self.seen_record.set_value(raw);
            if let Some(meta) = local_store::load_meta(&id) {
                self.secret.set_value(Some(meta.secret.clone()));
                self.step(Event::RecordChanged(copy_of(&meta)));
                self.show_access(Some(meta.access));
            }
        }
        if !self.ed.read_only.get_untracked() {
            self.ed.flush();
            if !self.ed.take_in_stored() {
                return false;
            }
        }
        if self.ed.save_state.get_untracked() == SaveState::RemovedElsewhere {
            return false;
        }
        let doc = self.ed.doc.get_untracked();
        if self.machine.with_value(|m| m.local != doc) {
            self.step(Event::LocalChanged(doc));
        }
        let conflicts = open_conflicts(self.ed);
        if self.machine.with_value(|m| m.conflicts != conflicts) {
            self.step(Event::ConflictsChanged(conflicts));
        }
        true
    }

    /// Feeds one event, after taking in the device's latest state.
    fn feed(self, event: Event) {
        if !self.alive() || !self.take_in() {
            return;
        }
        self.step(event);
    }

    /// Runs the protocol on one event and carries out its actions in order; a store that
    /// fails stops the rest (so the record never moves past an unsaved merge) and is fed back.
    fn step(self, event: Event) {
        let Some(actions) = self.machine.try_update_value(|m| m.update(event)) else {
            return;
        };
        for action in actions {
            if let Err(message) = self.perform(action) {
                self.step(Event::StoreFailed(message));
                return;
            }
        }
    }

    fn perform(self, action: Action) -> Result<(), String> {
        match action {
            Action::Send(request) => self.send(request),
            Action::StoreCreationKey(key) => {
                local_store::set_creation_key(&self.id(), key.as_deref())
                    .map_err(|e| e.message())?;
            }
            Action::StoreCreationDocument(doc) => {
                local_store::set_creation_document(&self.id(), &doc).map_err(|e| e.message())?;
            }
            Action::StoreConflicts(list) => {
                let open = open_conflicts(self.ed);
                let new: Vec<Conflict> = list.into_iter().filter(|c| !open.contains(c)).collect();
                if !self.ed.add_conflicts(new, ConflictSource::Server) {
                    return Err("De verschillen met de server konden niet op dit apparaat worden bewaard. Maak ruimte vrij of exporteer de proeftuin.".into());
                }
            }
            Action::StoreLocal(doc) => {
                if !self.ed.replace(doc) {
                    return Err("De samengevoegde versie kon niet op dit apparaat worden bewaard. Maak ruimte vrij of exporteer de proeftuin.".into());
                }
            }
            Action::StoreRecord { copy, secret } => self.record(copy, secret)?,
            Action::SetTimer { id, ms } => self.timer.set(ms, move || {
                if self.alive() {
                    self.feed(Event::Timer(id));
                }
            }),
            Action::Status(status) => {
                let synced_at = self
                    .machine
                    .with_value(|m| m.server.as_ref().and_then(|s| s.synced_at));
                self.state.set(ui_state(&status, synced_at));
            }
        }
        Ok(())
    }

    fn send(self, request: Request) {
        let id = self.id();
        let secret = self.secret().unwrap_or_default();
        spawn_local(async move {
            let answer = match request {
                Request::Create { key, document } => match api::create(&document, &key).await {
                    Ok((remote, secret)) => Answer::Created {
                        revision: remote.revision,
                        document: remote.document,
                        secret,
                    },
                    Err(e) => {
                        self.created.try_set_value(Some(Err(e.clone())));
                        failure(e)
                    }
                },
                Request::Fetch => answer_of(api::fetch(&id, &secret).await),
                Request::Push { revision, document } => {
                    answer_of(api::update(&id, &secret, revision, &document).await)
                }
            };
            if self.alive() {
                self.feed(Event::Answered {
                    at: platform::now(),
                    answer,
                });
            }
        });
    }

    /// Stores the sync record from its latest stored state (another tab may have changed
    /// it): never to an older revision, never losing the edit secret or a read link made
    /// meanwhile. A new record (after a create) keeps the edit secret first of all.
    fn record(self, copy: ServerCopy, secret: Option<String>) -> Result<(), String> {
        let id = self.id();
        let meta = match (local_store::load_meta(&id), secret) {
            (Some(latest), _) if copy.revision < latest.revision => return Ok(()),
            (Some(latest), _) => SyncMeta {
                revision: copy.revision,
                base: copy.base,
                synced_at: copy.synced_at,
                ..latest
            },
            (None, Some(secret)) => SyncMeta {
                secret,
                access: copy.access,
                revision: copy.revision,
                base: copy.base,
                synced_at: copy.synced_at,
                read_secret: None,
                read_link_id: None,
            },
            // The record was removed meanwhile (the proeftuin was deleted here).
            (None, None) => return Ok(()),
        };
        let saved = local_store::save_meta(&meta);
        self.seen_record
            .set_value(local_store::read_raw(&local_store::sync_key(&id)));
        if self.revision.get_untracked() != meta.revision {
            self.revision.set(meta.revision);
        }
        self.secret.set_value(Some(meta.secret.clone()));
        self.show_access(Some(meta.access));
        match saved {
            Ok(()) => {
                self.created.set_value(Some(Ok(())));
                Ok(())
            }
            Err(e) => {
                // Without the record this device would lose the edit secret: show the link.
                let message = format!(
                    "{} Bewaar deze link goed, anders kun je niet meer bij de kopie op de server: {}",
                    e.message(),
                    share_url(&id, &meta.secret)
                );
                self.created
                    .set_value(Some(Err(ApiError::Local(message.clone()))));
                Err(message)
            }
        }
    }

    fn show_access(self, access: Option<Access>) {
        if self.access.get_untracked() != access {
            self.access.set(access);
        }
        let read_only = access.is_some_and(|a| a != Access::Edit);
        if self.ed.read_only.get_untracked() != read_only {
            self.ed.read_only.set(read_only);
        }
    }

    /// Puts a local-only proeftuin on the server (the first step of sharing), with a
    /// creation key kept on this device until the server answered, so a retry (also after a
    /// reload) cannot make it twice.
    pub async fn upload(self) -> Result<(), ApiError> {
        let id = self.id();
        let key = local_store::creation_key(&id).unwrap_or_else(platform::new_id);
        self.created.set_value(None);
        self.feed(Event::Share { key });
        // The answer comes back through the protocol; wait for it.
        loop {
            if !self.alive() {
                return Ok(());
            }
            if let Some(outcome) = self.created.get_value() {
                return outcome;
            }
            if self.access.get_untracked().is_some() {
                return Ok(());
            }
            if self.machine.with_value(|m| m.in_flight.is_none()) {
                // Nothing went (no connection): the share goes once there is one.
                return Err(ApiError::Offline);
            }
            sleep(Duration::from_millis(25)).await;
        }
    }

    /// The read-only secret for this proeftuin (made once, then kept).
    pub async fn read_secret(self) -> Result<String, ApiError> {
        let id = self.id();
        let Some(meta) = local_store::load_meta(&id) else {
            return Err(ApiError::NotFound);
        };
        if let Some(s) = self.known_read_secret() {
            return Ok(s);
        }
        let link = api::make_read_link(&id, &meta.secret).await?;
        let secret = link.secret;
        let mut latest = local_store::load_meta(&id).unwrap_or(meta);
        latest.read_secret = Some(secret.clone());
        latest.read_link_id = Some(link.link_id);
        local_store::save_meta(&latest).map_err(|e| ApiError::Local(e.message()))?;
        Ok(secret)
    }

    /// Keeps syncing while the page is open: after every local save, when the
    /// connection returns, when the page becomes visible, when another tab stores a
    /// sync record, and every [`POLL_EVERY`] (the protocol's timer).
    pub fn run_in_background(self) {
        let ed = self.ed;
        let mut prev = None;
        crate::action::effect(move || {
            let n = ed.own_saves.get();
            if prev.is_some_and(|p| p != n) {
                let doc = ed.doc.get_untracked();
                self.feed(Event::Edited(doc));
            }
            prev = Some(n);
        });
        let online = window_event_listener(leptos::ev::online, move |_| self.feed(Event::Online));
        let offline =
            window_event_listener(leptos::ev::offline, move |_| self.feed(Event::Offline));
        let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            self.feed(Event::Visible(!document().hidden()))
        });
        let sync_key = local_store::sync_key(&self.id());
        let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().as_deref() == Some(sync_key.as_str()) && self.alive() {
                self.take_in();
            }
        });
        on_cleanup(move || {
            online.remove();
            offline.remove();
            visible.remove();
            other_tab.remove();
            self.timer.clear();
        });
        self.feed(Event::Start);
    }
}

/// Every open conflict of the editor, whatever its source: any of them holds pushes.
fn open_conflicts(ed: Editor) -> Vec<Conflict> {
    ed.conflicts
        .with_untracked(|l| l.iter().map(|c| c.conflict.clone()).collect())
}

/// Waits `d` (for [`Sync::upload`]).
async fn sleep(d: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, d.as_millis() as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The sync engine of the open proeftuin.
pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}
