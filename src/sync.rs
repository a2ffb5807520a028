//! Sync with the server, per proeftuin.
//!
//! Local first: every edit is saved on this device by the [`Editor`]; after each
//! save the [`Sync`] engine pushes the document with `If-Match` of the last
//! revision it got from the server. The server copy of that revision is kept
//! (in `ptw.sync.<id>`) as the **base**. When someone else was first (412), the
//! engine merges three ways (base, this device's version, the server's) with
//! the domain's merge: one-sided changes are taken, values both sides changed
//! differently become conflicts that wait for the user's choice (both values
//! are kept until then), and a clean merge is pushed again. Without a
//! connection it retries with backoff, at once when the browser is back online,
//! and every 15 seconds while the page is visible it asks for news.

pub mod api;

use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use proeftuin_domain::{merge, Proeftuin};
use serde::{Deserialize, Serialize};

pub use api::{Access, ApiError};

use crate::editor::{ConflictSource, Editor, SaveState};
use crate::local_store::{self, SaveError};
use crate::platform;

/// How often an open, visible, shared proeftuin asks the server for news.
pub const POLL_EVERY: Duration = Duration::from_secs(15);
/// Longest wait between retries.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// What this device knows about the server copy of a proeftuin (`ptw.sync.<id>`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SyncMeta {
    /// The secret this device uses (edit or read).
    pub secret: String,
    /// What that secret allows.
    pub access: Access,
    /// The server revision `base` is.
    pub revision: i64,
    /// The last server copy this device merged with: the base of the next merge.
    #[serde(with = "proeftuin_domain::storage::as_document")]
    pub base: Proeftuin,
    /// When this device last heard from the server.
    #[serde(default)]
    pub synced_at: Option<DateTime<Utc>>,
    /// A read-only secret made from this device, to share again.
    #[serde(default)]
    pub read_secret: Option<String>,
    /// The link id of `read_secret`, to forget it when it is revoked.
    #[serde(default)]
    pub read_link_id: Option<String>,
}

/// A share under way (`ptw.sharing.<id>`): the creation key and the document
/// sent with it, kept on this device before the create is sent, so that a
/// retry (after a lost answer) sends the same again and gets the same answer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct PendingShare {
    /// Random, from `crypto.getRandomValues` (see [`platform::new_id`]).
    key: String,
    /// The document as first sent.
    #[serde(with = "proeftuin_domain::storage::as_document")]
    document: Proeftuin,
}

fn pending_share_key(id: &str) -> String {
    format!("ptw.sharing.{id}")
}

/// The sync record of a proeftuin, if it is on the server.
pub fn load_meta(id: &str) -> Option<SyncMeta> {
    local_store::read_json(&local_store::sync_key(id))
}

/// Stores the sync record.
pub fn save_meta(meta: &SyncMeta) -> Result<(), SaveError> {
    local_store::write_json(&local_store::sync_key(&meta.base.id), meta)
}

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

/// Where a proeftuin stands with respect to the server.
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

/// Most rounds one run makes back to back (a merge that must be pushed again,
/// another tab that got ahead); more means something is off: stop and say so.
const MAX_ROUNDS: u32 = 6;

/// The sync engine of the open proeftuin.
#[derive(Clone, Copy)]
pub struct Sync {
    ed: Editor,
    /// Current state, for the status line.
    pub state: RwSignal<SyncState>,
    /// `None` while only on this device.
    pub access: RwSignal<Option<Access>>,
    busy: StoredValue<bool>,
    again: StoredValue<bool>,
    /// A background poll: no "bezig" in the status line.
    quiet: StoredValue<bool>,
    /// After an error that retrying cannot fix: no polling until the user acts.
    stopped: StoredValue<bool>,
    attempt: StoredValue<u32>,
    retry: StoredValue<Option<TimeoutHandle>>,
}

/// Updates the stored sync record from its latest stored state (another tab
/// may have changed it): never to an older revision, never losing the edit
/// secret or a read link made meanwhile.
fn record(id: &str, revision: i64, base: Proeftuin) -> Result<(), ApiError> {
    let Some(mut latest) = load_meta(id) else {
        return Ok(());
    };
    if revision < latest.revision {
        return Ok(());
    }
    latest.revision = revision;
    latest.base = base;
    latest.synced_at = Some(platform::now());
    save_meta(&latest).map_err(|e| ApiError::Local(e.message()))
}

impl Sync {
    /// A sync engine for the editor's proeftuin; sets read-only mode at once
    /// when this device holds only a read link.
    pub fn new(ed: Editor) -> Self {
        let meta = load_meta(&ed.doc.with_untracked(|d| d.id.clone()));
        let access = meta.as_ref().map(|m| m.access);
        ed.read_only.set(access.is_some_and(|a| a != Access::Edit));
        let state = match &meta {
            None => SyncState::LocalOnly,
            Some(m) => m
                .synced_at
                .map(SyncState::Synced)
                .unwrap_or(SyncState::Syncing),
        };
        Sync {
            ed,
            state: RwSignal::new(state),
            access: RwSignal::new(access),
            busy: StoredValue::new(false),
            again: StoredValue::new(false),
            quiet: StoredValue::new(false),
            stopped: StoredValue::new(false),
            attempt: StoredValue::new(0),
            retry: StoredValue::new(None),
        }
    }

    fn id(&self) -> String {
        self.ed.doc.with_untracked(|d| d.id.clone())
    }

    /// False once the wizard page that owns this engine is gone (after a
    /// request came back late): then nothing may be touched any more.
    fn alive(&self) -> bool {
        !self.state.is_disposed() && !self.ed.doc.is_disposed()
    }

    /// Starts a sync round now (or right after the one under way), because of
    /// an edit or the user's request.
    pub fn now(self) {
        self.stopped.set_value(false);
        self.quiet.set_value(false);
        self.start();
    }

    fn start(self) {
        if let Some(h) = self.retry.get_value() {
            h.clear();
        }
        self.retry.set_value(None);
        spawn_local(self.run());
    }

    /// A background check for news: silent, and not after a lasting error.
    fn poll(self) {
        if self.stopped.get_value() || self.retry.get_value().is_some() {
            return;
        }
        if !self.busy.get_value() {
            self.quiet.set_value(true);
        }
        self.start();
    }

    fn retry_in(self, delay: Duration) {
        if let Some(h) = self.retry.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if self.alive() {
                    self.retry.set_value(None);
                    self.start();
                }
            },
            delay,
        )
        .ok();
        self.retry.set_value(handle);
    }

    fn backoff(self) -> Duration {
        let n = self.attempt.get_value().min(5);
        self.attempt.set_value(n + 1);
        (Duration::from_secs(2) * 2u32.pow(n)).min(MAX_BACKOFF)
    }

    async fn run(self) {
        if self.busy.get_value() {
            self.again.set_value(true);
            return;
        }
        self.busy.set_value(true);
        let mut rounds = 0;
        loop {
            self.again.set_value(false);
            rounds += 1;
            let result = self.round().await;
            if !self.alive() {
                return;
            }
            match result {
                Ok(()) => self.attempt.set_value(0),
                Err(e) => {
                    self.again.set_value(false);
                    self.failed(e);
                }
            }
            if !self.again.get_value() {
                break;
            }
            if rounds >= MAX_ROUNDS {
                self.stopped.set_value(true);
                self.state.set(SyncState::Failed(
                    "Synchroniseren komt niet tot rust: de server en dit apparaat blijven verschillen. Je werk staat veilig op dit apparaat. Probeer het later opnieuw, of exporteer de proeftuin.".into(),
                ));
                break;
            }
        }
        self.quiet.set_value(false);
        self.busy.set_value(false);
    }

    fn failed(self, e: ApiError) {
        match e {
            ApiError::Offline => {
                self.state.set(SyncState::Offline);
                let delay = self.backoff();
                self.retry_in(delay);
            }
            ApiError::TooMany(s) => {
                self.state.set(SyncState::Failed(e.message()));
                self.retry_in(Duration::from_secs(u64::from(s.max(1))));
            }
            ApiError::Server(_) => {
                self.state.set(SyncState::Failed(e.message()));
                let delay = self.backoff();
                self.retry_in(delay);
            }
            ApiError::Invalid(..) => {
                self.stopped.set_value(true);
                self.state.set(SyncState::Failed(format!(
                    "De server neemt deze versie niet aan: {} Pas het aan; daarna wordt opnieuw gesynchroniseerd.",
                    e.message()
                )))
            }
            ApiError::NotFound => {
                self.stopped.set_value(true);
                self.state.set(SyncState::Failed(
                    "De link van dit apparaat werkt niet meer: hij is ingetrokken, of de proeftuin is van de server verwijderd. Je werk staat nog op dit apparaat: exporteer het, of vraag om een nieuwe link.".into(),
                ))
            }
            _ => {
                self.stopped.set_value(true);
                self.state.set(SyncState::Failed(e.message()))
            }
        }
    }

    /// One round: push local changes or fetch news, merging when needed.
    async fn round(self) -> Result<(), ApiError> {
        let id = self.id();
        let Some(meta) = load_meta(&id) else {
            self.access.set(None);
            self.ed.read_only.set(false);
            self.state.set(SyncState::LocalOnly);
            return Ok(());
        };
        self.access.set(Some(meta.access));
        self.ed.read_only.set(meta.access != Access::Edit);
        if meta.access == Access::Edit && !self.ed.conflicts.with_untracked(Vec::is_empty) {
            // Conflicts are never pushed: the user chooses first.
            return Ok(());
        }
        if self.ed.save_state.get_untracked() == SaveState::RemovedElsewhere {
            return Ok(());
        }
        if !self.quiet.get_value() {
            self.state.set(SyncState::Syncing);
        }
        match meta.access {
            Access::Read | Access::Assessor => {
                let remote = api::fetch(&id, &meta.secret).await?;
                if !self.alive() {
                    return Ok(());
                }
                if !self.ed.replace(remote.document.clone()) {
                    return Err(ApiError::Local(
                        "De nieuwste versie kon niet op dit apparaat worden bewaard.".into(),
                    ));
                }
                record(&id, remote.revision, remote.document)?;
                self.state.set(SyncState::Synced(platform::now()));
            }
            Access::Edit => {
                self.ed.flush();
                // Another tab's save first, so "mine" is everything this device has.
                if !self.ed.take_in_stored() {
                    return Ok(());
                }
                let mine = self.ed.doc.get_untracked();
                if mine == meta.base {
                    let remote = api::fetch(&id, &meta.secret).await?;
                    if !self.alive() {
                        return Ok(());
                    }
                    if remote.revision == meta.revision {
                        record(&id, remote.revision, remote.document)?;
                        self.state.set(SyncState::Synced(platform::now()));
                    } else {
                        self.reconcile(remote.revision, remote.document)?;
                    }
                } else {
                    let result = api::update(&id, &meta.secret, meta.revision, &mine).await;
                    if !self.alive() {
                        return Ok(());
                    }
                    match result {
                        Ok(remote) => {
                            record(&id, remote.revision, remote.document)?;
                            self.state.set(SyncState::Synced(platform::now()));
                            if self.ed.doc.with_untracked(|d| *d != mine) {
                                self.again.set_value(true);
                            }
                        }
                        Err(ApiError::Stale(revision, theirs)) => {
                            self.reconcile(revision, *theirs)?;
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        Ok(())
    }

    /// Merges the server's revision into this device's version.
    fn reconcile(self, revision: i64, theirs: Proeftuin) -> Result<(), ApiError> {
        let id = self.id();
        let Some(meta) = load_meta(&id) else {
            return Ok(());
        };
        if revision < meta.revision || (revision == meta.revision && meta.base != theirs) {
            // Another tab got further already, or the server went back in time:
            // start again from the latest record (bounded by MAX_ROUNDS).
            self.again.set_value(true);
            return Ok(());
        }
        // What another tab of this browser merged meanwhile must be in "mine".
        if !self.ed.take_in_stored() {
            return Ok(());
        }
        let mine = self.ed.doc.get_untracked();
        let outcome =
            merge(&meta.base, &mine, &theirs).map_err(|e| ApiError::Server(e.to_string()))?;
        let clean = outcome.is_clean();
        // Store the merge and the conflicts before the record moves on: if either
        // fails, the old base stays and the next round merges again.
        if !self
            .ed
            .add_conflicts(outcome.conflicts, ConflictSource::Server)
        {
            return Err(ApiError::Local(
                "De verschillen met de server konden niet op dit apparaat worden bewaard. Maak ruimte vrij of exporteer de proeftuin.".into(),
            ));
        }
        if outcome.merged != mine && !self.ed.replace(outcome.merged.clone()) {
            return Err(ApiError::Local(
                "De samengevoegde versie kon niet op dit apparaat worden bewaard. Maak ruimte vrij of exporteer de proeftuin.".into(),
            ));
        }
        if clean && outcome.merged != theirs {
            self.again.set_value(true);
        }
        record(&id, revision, theirs)?;
        self.state.set(SyncState::Synced(platform::now()));
        Ok(())
    }

    /// Puts a local-only proeftuin on the server (the first step of sharing).
    pub async fn upload(self) -> Result<(), ApiError> {
        self.ed.flush();
        let doc = self.ed.doc.get_untracked();
        let pending_key = pending_share_key(&doc.id);
        // A share tried before goes again as it was; later edits follow as an update.
        let pending = local_store::read_json::<PendingShare>(&pending_key)
            .filter(|p| p.document.id == doc.id)
            .unwrap_or_else(|| PendingShare {
                key: platform::new_id(),
                document: doc,
            });
        if let Err(e) = local_store::write_json(&pending_key, &pending) {
            // Without it a retry cannot be recognised; the share itself still works.
            leptos::logging::warn!("creation key not kept: {e:?}");
        }
        self.state.set(SyncState::Syncing);
        let result = api::create(&pending.document, &pending.key).await;
        let (remote, secret) = match result {
            Ok(ok) => ok,
            Err(e) => {
                if matches!(e, ApiError::CreationKeyReused(_)) {
                    let _ = local_store::remove_key(&pending_key);
                }
                if self.alive() {
                    self.state.set(SyncState::LocalOnly);
                }
                return Err(e);
            }
        };
        // Keep the edit secret first, even if the page was left meanwhile.
        let meta = SyncMeta {
            secret,
            access: Access::Edit,
            revision: remote.revision,
            base: remote.document,
            synced_at: Some(platform::now()),
            read_secret: None,
            read_link_id: None,
        };
        let saved = save_meta(&meta);
        if saved.is_ok() {
            let _ = local_store::remove_key(&pending_key);
        }
        if !self.alive() {
            return Ok(());
        }
        if let Err(e) = saved {
            // Without the record this device would lose the edit secret: show the link.
            let message = format!(
                "{} Bewaar deze link goed, anders kun je niet meer bij de kopie op de server: {}",
                e.message(),
                share_url(&meta.base.id, &meta.secret)
            );
            self.state.set(SyncState::Failed(message.clone()));
            return Err(ApiError::Local(message));
        }
        self.access.set(Some(Access::Edit));
        self.state.set(SyncState::Synced(platform::now()));
        self.now();
        Ok(())
    }

    /// The read-only secret for this proeftuin (made once, then kept).
    pub async fn read_secret(self) -> Result<String, ApiError> {
        let id = self.id();
        let Some(meta) = load_meta(&id) else {
            return Err(ApiError::NotFound);
        };
        if meta.access == Access::Read {
            return Ok(meta.secret);
        }
        if let Some(s) = meta.read_secret {
            return Ok(s);
        }
        let link = api::make_read_link(&id, &meta.secret).await?;
        let mut latest = load_meta(&id).unwrap_or(meta);
        latest.read_secret = Some(link.secret.clone());
        latest.read_link_id = Some(link.link_id);
        save_meta(&latest).map_err(|e| ApiError::Local(e.message()))?;
        Ok(link.secret)
    }

    /// Keeps syncing while the page is open: after every local save, when the
    /// connection returns, when the page becomes visible, and every
    /// [`POLL_EVERY`].
    pub fn run_in_background(self) {
        let ed = self.ed;
        Effect::new(move |prev: Option<u64>| {
            let n = ed.own_saves.get();
            if prev.is_some_and(|p| p != n) {
                self.now();
            }
            n
        });
        let online = window_event_listener(leptos::ev::online, move |_| {
            self.attempt.set_value(0);
            if self.access.get_untracked().is_some() {
                self.now();
            }
        });
        let offline = window_event_listener(leptos::ev::offline, move |_| {
            if self.access.get_untracked().is_some() {
                self.state.set(SyncState::Offline);
            }
        });
        let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if !document().hidden() && self.access.get_untracked().is_some() {
                self.poll();
            }
        });
        let poll = set_interval_with_handle(
            move || {
                if !document().hidden() && self.access.get_untracked().is_some() {
                    self.poll();
                }
            },
            POLL_EVERY,
        )
        .ok();
        on_cleanup(move || {
            online.remove();
            offline.remove();
            visible.remove();
            if let Some(p) = poll {
                p.clear();
            }
            if let Some(h) = self.retry.get_value() {
                h.clear();
            }
        });
        self.now();
    }
}

/// The sync engine of the open proeftuin.
pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}
