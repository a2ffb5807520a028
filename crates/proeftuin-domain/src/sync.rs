//! The sync protocol between one device and the server, as pure code.
//!
//! Local first: every edit is saved on the device; the protocol then pushes the document
//! with `If-Match` of the last revision it got from the server. The server copy of that
//! revision is the **base**. When someone else was first (412), it merges three ways
//! (base, this device's version, the server's) with [`crate::merge`]: one-sided changes are
//! taken, values both sides changed differently become conflicts that wait for the user's
//! choice (both values are kept until then, and nothing is pushed), and a clean merge is
//! pushed again. Without a connection it retries with backoff (2 s doubling to 60 s), at once
//! when the browser is back online, and every [`POLL_EVERY_MS`] while the page is visible it
//! asks for news.
//!
//! Like automerge's `sync.rs`, the protocol does no I/O: a [`SyncState`] plus
//! [`SyncState::update`], which takes an [`Event`] (a local save, an answer, a timer, the
//! browser going online or visible, a choice) and returns the [`Action`]s the caller
//! performs (send a request, store the record, the merged document or the conflicts, set a
//! timer, show a status). Times and ids come in with the events; the caller owns transport,
//! storage and clocks, so two simulated devices and a simulated server can run it in a loop
//! natively (`tests/sync_props.rs`).
//!
//! The rules, in short:
//! - one request at a time; a reason to sync while one is under way runs another round right
//!   after it (at most [`MAX_ROUNDS`] back to back, then it stops and says so);
//! - local equal to base: fetch; otherwise push;
//! - open conflicts are never pushed: the user chooses first;
//! - the record (revision and base) only moves forward;
//! - after an error that waiting can fix (no connection, a busy or failing server, a full
//!   server disk, too many requests) it retries on a timer; after one it cannot fix (not
//!   found, read only, refused, over the size limit) it stops polling until the document
//!   changes or the user asks.
//!
//! [`draft`] is the same protocol, smaller, for an assessor's draft scores.

pub mod draft;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::access::Access;
use crate::merge::{apply_choice, merge, Conflict, MergeOutcome, Side};
use crate::model::Proeftuin;

/// How often an open, visible, shared proeftuin asks the server for news (ms).
pub const POLL_EVERY_MS: u64 = 15_000;
/// The first wait before a retry (ms); it doubles after every failure.
pub const FIRST_BACKOFF_MS: u64 = 2_000;
/// The longest wait before a retry (ms).
pub const MAX_BACKOFF_MS: u64 = 60_000;
/// Most rounds one run makes back to back (a merge that must be pushed again, another tab
/// that got ahead); more means something is off: stop and say so.
pub const MAX_ROUNDS: u32 = 6;

/// The wait before retry number `attempt` (0-based): 2 s doubling to 60 s.
pub fn backoff_ms(attempt: u32) -> u64 {
    (FIRST_BACKOFF_MS << attempt.min(5)).min(MAX_BACKOFF_MS)
}

/// What this device knows about the server copy of a proeftuin (kept in its sync record).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ServerCopy {
    /// What this device's secret allows.
    pub access: Access,
    /// The server revision `base` is.
    pub revision: i64,
    /// The last server copy this device merged with: the base of the next merge.
    pub base: Proeftuin,
    /// When this device last heard from the server.
    pub synced_at: Option<DateTime<Utc>>,
}

/// A request to the server, as sent.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Put a local-only proeftuin on the server; the same `key` on every retry, so the server
    /// makes it once.
    Create {
        /// The creation key (kept on the device until the server answered).
        key: String,
        /// The document.
        document: Proeftuin,
    },
    /// Ask for the server's current copy.
    Fetch,
    /// Store `document` as the revision after `revision` (`If-Match`).
    Push {
        /// The revision the document is based on.
        revision: i64,
        /// The document.
        document: Proeftuin,
    },
}

/// The server's answer to the request under way (or what became of it).
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// 200 to a fetch or a push: the server's copy now.
    Document {
        /// Its revision.
        revision: i64,
        /// The document.
        document: Proeftuin,
    },
    /// 201 to a create.
    Created {
        /// The first revision.
        revision: i64,
        /// The document as stored.
        document: Proeftuin,
        /// The edit secret.
        secret: String,
    },
    /// 412: someone saved a newer revision first; here it is.
    Stale {
        /// The current revision.
        revision: i64,
        /// The current document.
        document: Proeftuin,
    },
    /// No answer: no connection, the request or its answer got lost (the server may or may
    /// not have applied it).
    Lost,
    /// 404: unknown proeftuin or a wrong secret.
    NotFound,
    /// 403: the secret only allows reading.
    ReadOnly,
    /// 400/422: the server refuses the document (the message says why).
    Invalid(String),
    /// 409 to a create: another proeftuin with this id is on the server.
    Exists,
    /// 429: too many requests or wrong secrets; wait this many seconds.
    TooMany(u32),
    /// 413: the document is larger than the server accepts.
    QuotaExceeded,
    /// 507: the server's disk is full.
    StorageFull,
    /// 503: the server could not store it (database error).
    StorageError,
    /// 503: the server is busy; wait this many seconds if it said so.
    Busy(Option<u32>),
    /// Any other failure (server error, an answer that cannot be read).
    Server(String),
}

/// What happens to a proeftuin's sync, for the status line.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Never shared: only on this device.
    LocalOnly,
    /// A request is under way.
    Syncing,
    /// Up to date with the server at this time.
    Synced(DateTime<Utc>),
    /// No connection: will sync when it is back.
    Offline,
    /// Open conflicts: nothing is pushed until the user chose.
    Conflicts,
    /// The server refused or failed; the problem says what to do.
    Failed(Problem),
}

/// Why syncing did not succeed; [`Problem::message`] is the Dutch text for the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The server does not know the proeftuin with this device's link.
    NotFound,
    /// The secret only allows reading.
    ReadOnly,
    /// The server refuses this version (its reason).
    Invalid(String),
    /// Another proeftuin with this id is on the server.
    Exists,
    /// Too many requests: it waits this many seconds.
    TooMany(u32),
    /// The document is larger than the server accepts.
    QuotaExceeded,
    /// The server's disk is full; retried later.
    StorageFull,
    /// The server could not store it; retried later.
    StorageError,
    /// The server is busy; retried later.
    Busy,
    /// Another server failure; retried later.
    Server(String),
    /// This device could not store the result (the caller's message).
    Local(String),
    /// The two versions could not be merged.
    Merge(String),
    /// Rounds kept following each other without the server and the device agreeing.
    Restless,
}

impl Problem {
    /// Plain Dutch message for the user.
    pub fn message(&self) -> String {
        match self {
            Problem::NotFound => "De link van dit apparaat werkt niet meer: hij is ingetrokken, of de proeftuin is van de server verwijderd. Je werk staat nog op dit apparaat: exporteer het, of vraag om een nieuwe link.".into(),
            Problem::ReadOnly => "Met deze link kun je de proeftuin alleen lezen, niet wijzigen.".into(),
            Problem::Invalid(reason) => format!("De server neemt deze versie niet aan: {reason} Pas het aan; daarna wordt opnieuw gesynchroniseerd."),
            Problem::Exists => "Er staat al een proeftuin met hetzelfde id op de server. Open hem met de link die je hebt gekregen, of maak eerst een kopie.".into(),
            Problem::TooMany(s) => format!("Er zijn te veel verzoeken of verkeerde links gestuurd vanaf dit apparaat. Probeer het over {s} seconden opnieuw; je werk staat veilig op dit apparaat."),
            Problem::QuotaExceeded => "Deze proeftuin is te groot geworden voor de server, samen met zijn eerdere versies. Je wijziging staat veilig op dit apparaat. Exporteer de proeftuin en zet hem als nieuwe kopie op de server, of maak hem kleiner (bijvoorbeeld kortere teksten); na de volgende wijziging wordt het opnieuw geprobeerd.".into(),
            Problem::StorageFull => "De server heeft geen ruimte meer om gegevens op te slaan. Je werk staat veilig op dit apparaat; het wordt later opnieuw geprobeerd.".into(),
            Problem::StorageError => "De server kon de proeftuin nu niet bewaren. Je werk staat veilig op dit apparaat; het wordt later opnieuw geprobeerd.".into(),
            Problem::Busy => "De server is even te druk. Je werk staat veilig op dit apparaat; het wordt zo opnieuw geprobeerd.".into(),
            Problem::Server(detail) => format!("De server gaf een fout ({detail}). Je werk staat veilig op dit apparaat; het wordt later opnieuw geprobeerd."),
            Problem::Local(message) => message.clone(),
            Problem::Merge(detail) => format!("De versie van de server kon niet met die van dit apparaat worden samengevoegd ({detail}). Je werk staat veilig op dit apparaat; exporteer de proeftuin."),
            Problem::Restless => "Synchroniseren komt niet tot rust: de server en dit apparaat blijven verschillen. Je werk staat veilig op dit apparaat. Probeer het later opnieuw, of exporteer de proeftuin.".into(),
        }
    }
}

/// Something that happened, for [`SyncState::update`].
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The page opened with this state: sync now.
    Start,
    /// The user's own edit was saved on this device: this is the document now; sync.
    Edited(Proeftuin),
    /// The device's copy changed otherwise (another tab's save was taken in): this is the
    /// document now; no sync of its own (that tab syncs).
    LocalChanged(Proeftuin),
    /// Another tab stored a sync record (it may be ahead of this one).
    RecordChanged(ServerCopy),
    /// The open conflicts changed outside the protocol (chosen in the editor, or found
    /// between two tabs of one browser): this is the list now. Any open conflict holds pushes.
    ConflictsChanged(Vec<Conflict>),
    /// The user puts this local-only proeftuin on the server; `key` is a fresh creation key.
    Share {
        /// The creation key.
        key: String,
    },
    /// The answer to the request under way, received at `at`.
    Answered {
        /// When it came.
        at: DateTime<Utc>,
        /// What came.
        answer: Answer,
    },
    /// The timer with this id went off (an older timer's id is ignored).
    Timer(u64),
    /// The browser has a connection again.
    Online,
    /// The browser lost its connection.
    Offline,
    /// The page became visible (`true`) or hidden.
    Visible(bool),
    /// Somebody told this device that the server has this revision.
    Newer(i64),
    /// The user asks to sync now.
    Retry,
    /// The user settles the conflict at `path` with `side`, at `at`.
    Choose {
        /// The conflict's path.
        path: String,
        /// The side that stays.
        side: Side,
        /// When.
        at: DateTime<Utc>,
    },
    /// The caller could not carry out a store action (its Dutch message).
    StoreFailed(String),
}

/// What the caller must do, in this order.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Send this request; answer with [`Event::Answered`].
    Send(Request),
    /// Keep this creation key on the device (or forget it: `None`), so a share survives a
    /// reload and is retried with the same key.
    StoreCreationKey(Option<String>),
    /// Keep this document on the device beside the creation key: it is the one the
    /// share first sent, and every retry with that key sends it again. It goes with
    /// the key (`StoreCreationKey(None)`, or a new key).
    StoreCreationDocument(Proeftuin),
    /// Store the open conflicts (replacing the stored list).
    StoreConflicts(Vec<Conflict>),
    /// Store this document as the device's copy (a merge or the server's copy) and show it.
    StoreLocal(Proeftuin),
    /// Store the sync record (never to an older revision). `secret` is set only after a create.
    StoreRecord {
        /// The record.
        copy: ServerCopy,
        /// The edit secret of a proeftuin just put on the server.
        secret: Option<String>,
    },
    /// Call back with [`Event::Timer`]`(id)` after `ms` milliseconds; replaces any earlier timer.
    SetTimer {
        /// The timer's id.
        id: u64,
        /// The wait.
        ms: u64,
    },
    /// Show this status.
    Status(Status),
}

/// What the single timer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// Retry after a failure.
    Retry,
    /// Ask for news.
    Poll,
}

/// Everything the protocol knows about one proeftuin on one device.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncState {
    /// The server copy this device knows; `None` while only on this device.
    pub server: Option<ServerCopy>,
    /// The document on this device ("mine").
    pub local: Proeftuin,
    /// Open conflicts from merges with the server, waiting for the user's choice.
    pub conflicts: Vec<Conflict>,
    /// The creation key of a share the server has not confirmed yet.
    pub creating: Option<String>,
    /// The document first sent with `creating`: a retry sends it again, because the
    /// server gives the first answer again only for the same key and document (later
    /// edits follow as an update). Stored on the device with the key
    /// ([`Action::StoreCreationDocument`]), so a reload keeps it
    /// ([`SyncState::with_first_sent`]).
    pub creating_document: Option<Proeftuin>,
    /// The request under way.
    pub in_flight: Option<Request>,
    /// Another round is due right after the one under way.
    pub again: bool,
    /// Rounds in the current run.
    pub rounds: u32,
    /// Failures in a row (for the backoff).
    pub attempt: u32,
    /// The timer set, if any: its id and purpose.
    pub timer: Option<(u64, Wake)>,
    /// The id of the next timer.
    pub next_timer: u64,
    /// Stopped after a problem waiting cannot fix: no polling or retries until the document
    /// changes or the user asks.
    pub halted: Option<Problem>,
    /// The browser says it has a connection.
    pub online: bool,
    /// The page is visible.
    pub visible: bool,
    /// The run under way is a background poll: no "bezig" in the status line.
    pub quiet: bool,
    /// The status shown.
    pub status: Status,
}

impl SyncState {
    /// A proeftuin only on this device (`creating`: a share not yet confirmed by the server).
    pub fn local_only(local: Proeftuin, creating: Option<String>) -> Self {
        Self::new(None, local, Vec::new(), creating)
    }

    /// The same with the document a share first sent, as kept on the device (after a
    /// reload); without a creation key there is nothing to resend.
    pub fn with_first_sent(mut self, first: Option<Proeftuin>) -> Self {
        if self.creating.is_some() {
            self.creating_document = first;
        }
        self
    }

    /// A proeftuin on the server, as stored on this device.
    pub fn shared(copy: ServerCopy, local: Proeftuin, conflicts: Vec<Conflict>) -> Self {
        Self::new(Some(copy), local, conflicts, None)
    }

    fn new(
        server: Option<ServerCopy>,
        local: Proeftuin,
        conflicts: Vec<Conflict>,
        creating: Option<String>,
    ) -> Self {
        let status = match &server {
            None => Status::LocalOnly,
            Some(_) if !conflicts.is_empty() => Status::Conflicts,
            Some(c) => c.synced_at.map(Status::Synced).unwrap_or(Status::Syncing),
        };
        SyncState {
            server,
            local,
            conflicts,
            creating,
            creating_document: None,
            in_flight: None,
            again: false,
            rounds: 0,
            attempt: 0,
            timer: None,
            next_timer: 1,
            halted: None,
            online: true,
            visible: true,
            quiet: false,
            status,
        }
    }

    /// What this device may do with the server copy; `None` while only on this device.
    pub fn access(&self) -> Option<Access> {
        self.server.as_ref().map(|s| s.access)
    }

    /// The revision of the base; 0 while only on this device.
    pub fn revision(&self) -> i64 {
        self.server.as_ref().map_or(0, |s| s.revision)
    }

    /// True when nothing is under way, nothing is waiting to go up and nothing is to be chosen.
    pub fn is_settled(&self) -> bool {
        self.in_flight.is_none()
            && self.conflicts.is_empty()
            && self.creating.is_none()
            && self
                .server
                .as_ref()
                .is_some_and(|s| s.base == self.local || s.access != Access::Edit)
    }

    /// Takes in one event; returns what the caller must do, in order.
    pub fn update(&mut self, event: Event) -> Vec<Action> {
        let mut out = Out::default();
        match event {
            Event::Start => self.now(&mut out),
            Event::Edited(doc) => {
                self.local = doc;
                self.now(&mut out);
            }
            Event::LocalChanged(doc) => self.local = doc,
            Event::RecordChanged(copy) => self.record_changed(copy, &mut out),
            Event::ConflictsChanged(list) => self.conflicts = list,
            Event::Share { key } => {
                if self.server.is_none() && self.creating.is_none() {
                    self.creating = Some(key.clone());
                    self.creating_document = None;
                    out.push(Action::StoreCreationKey(Some(key)));
                }
                self.now(&mut out);
            }
            Event::Answered { at, answer } => self.answered(at, answer, &mut out),
            Event::Timer(id) => match self.timer {
                Some((current, wake)) if current == id => {
                    self.timer = None;
                    match wake {
                        Wake::Retry => self.kick(&mut out),
                        Wake::Poll => self.poll(&mut out),
                    }
                }
                _ => {}
            },
            Event::Online => {
                self.online = true;
                self.attempt = 0;
                if self.server.is_some() || self.creating.is_some() {
                    self.now(&mut out);
                }
            }
            Event::Offline => {
                self.online = false;
                if self.in_flight.is_none() && self.server.is_some() {
                    self.show(Status::Offline, &mut out);
                }
            }
            Event::Visible(visible) => {
                self.visible = visible;
                if visible {
                    self.poll(&mut out);
                }
            }
            Event::Newer(revision) => {
                if revision > self.revision() {
                    self.poll(&mut out);
                }
            }
            Event::Retry => self.now(&mut out),
            Event::Choose { path, side, at } => self.choose(&path, side, at, &mut out),
            Event::StoreFailed(message) => {
                self.again = false;
                self.halt(Problem::Local(message), &mut out);
            }
        }
        out.0
    }

    /// Sync now, because of an edit or the user: clears a stop, shows that it is busy.
    fn now(&mut self, out: &mut Out) {
        self.halted = None;
        self.quiet = false;
        self.kick(out);
    }

    /// A background check for news: silent, and not after a lasting error or while waiting
    /// to retry.
    fn poll(&mut self, out: &mut Out) {
        if self.halted.is_some()
            || self.server.is_none()
            || !self.visible
            || matches!(self.timer, Some((_, Wake::Retry)))
        {
            return;
        }
        if self.in_flight.is_none() {
            self.quiet = true;
        }
        self.kick(out);
    }

    /// Starts a round now, or right after the one under way.
    fn kick(&mut self, out: &mut Out) {
        if self.in_flight.is_some() {
            self.again = true;
            return;
        }
        self.timer = None;
        self.rounds = 0;
        self.round(out);
    }

    /// One round: push local changes, fetch news, or create.
    fn round(&mut self, out: &mut Out) {
        self.again = false;
        if self.halted.is_some() {
            return;
        }
        let request = match (&self.server, &self.creating) {
            (None, None) => {
                self.show(Status::LocalOnly, out);
                return;
            }
            (None, Some(key)) => {
                let document = match &self.creating_document {
                    Some(first) => first.clone(),
                    None => {
                        // Kept on the device too, so a retry after a reload still
                        // sends the same document with the same key.
                        self.creating_document = Some(self.local.clone());
                        out.push(Action::StoreCreationDocument(self.local.clone()));
                        self.local.clone()
                    }
                };
                Request::Create {
                    key: key.clone(),
                    document,
                }
            }
            (Some(s), _) if s.access != Access::Edit => Request::Fetch,
            (Some(_), _) if !self.conflicts.is_empty() => {
                // Conflicts are never pushed: the user chooses first.
                self.show(Status::Conflicts, out);
                self.schedule_poll(out);
                return;
            }
            (Some(s), _) if s.base == self.local => Request::Fetch,
            (Some(s), _) => Request::Push {
                revision: s.revision,
                document: self.local.clone(),
            },
        };
        if !self.online {
            self.show(Status::Offline, out);
            return;
        }
        self.rounds += 1;
        if self.rounds > MAX_ROUNDS {
            self.halt(Problem::Restless, out);
            return;
        }
        if !self.quiet {
            self.show(Status::Syncing, out);
        }
        self.in_flight = Some(request.clone());
        out.push(Action::Send(request));
    }

    fn answered(&mut self, at: DateTime<Utc>, answer: Answer, out: &mut Out) {
        let Some(request) = self.in_flight.take() else {
            return;
        };
        let ok = match (&request, answer) {
            (
                Request::Create { key, .. },
                Answer::Created {
                    revision,
                    document,
                    secret,
                },
            ) => {
                if self.creating.as_ref() == Some(key) {
                    self.creating = None;
                    self.creating_document = None;
                }
                let copy = ServerCopy {
                    access: Access::Edit,
                    revision,
                    base: document.clone(),
                    synced_at: Some(at),
                };
                // The record (with the secret) first, then the key may go.
                out.push(Action::StoreRecord {
                    copy: copy.clone(),
                    secret: Some(secret),
                });
                out.push(Action::StoreCreationKey(None));
                self.server = Some(copy);
                self.show(Status::Synced(at), out);
                if self.local != document {
                    self.again = true;
                }
                true
            }
            (Request::Push { document: sent, .. }, Answer::Document { revision, document }) => {
                let sent = sent.clone();
                self.record(revision, document, at, out);
                self.show(Status::Synced(at), out);
                if self.local != sent {
                    self.again = true;
                }
                true
            }
            (Request::Fetch, Answer::Document { revision, document }) => {
                if self.access() != Some(Access::Edit) {
                    if self.local != document {
                        self.local = document.clone();
                        out.push(Action::StoreLocal(document.clone()));
                    }
                    self.record(revision, document, at, out);
                    self.show(Status::Synced(at), out);
                    true
                } else if revision == self.revision() {
                    self.record(revision, document, at, out);
                    self.show_synced(at, out);
                    if self.server.as_ref().is_some_and(|s| s.base != self.local) {
                        self.again = true;
                    }
                    true
                } else {
                    self.reconcile(revision, document, at, out)
                }
            }
            (Request::Push { .. } | Request::Fetch, Answer::Stale { revision, document }) => {
                self.reconcile(revision, document, at, out)
            }
            (_, Answer::Lost) => {
                self.again = false;
                self.show(Status::Offline, out);
                self.retry_after(None, out);
                false
            }
            (_, Answer::TooMany(s)) => self.wait(Problem::TooMany(s), Some(s), out),
            (_, Answer::Busy(s)) => self.wait(Problem::Busy, s, out),
            (_, Answer::StorageFull) => self.wait(Problem::StorageFull, None, out),
            (_, Answer::StorageError) => self.wait(Problem::StorageError, None, out),
            (_, Answer::Server(detail)) => self.wait(Problem::Server(detail), None, out),
            (_, answer) => {
                let problem = match answer {
                    Answer::NotFound => Problem::NotFound,
                    Answer::ReadOnly => Problem::ReadOnly,
                    Answer::Invalid(reason) => Problem::Invalid(reason),
                    Answer::QuotaExceeded => Problem::QuotaExceeded,
                    Answer::Exists => Problem::Exists,
                    other => Problem::Server(format!("onverwacht antwoord: {other:?}")),
                };
                let changed_since = match &request {
                    Request::Push { document, .. } | Request::Create { document, .. } => {
                        *document != self.local
                    }
                    Request::Fetch => false,
                };
                let refused = matches!(problem, Problem::Invalid(_) | Problem::QuotaExceeded);
                if refused && changed_since {
                    // The document changed since it was sent: that version may be accepted.
                    self.show(Status::Failed(problem), out);
                    self.again = true;
                    true
                } else {
                    self.again = false;
                    self.halt(problem, out);
                    false
                }
            }
        };
        if ok {
            self.attempt = 0;
        }
        self.after_round(out);
    }

    /// After an answer: the next round of the run, or the end of the run.
    fn after_round(&mut self, out: &mut Out) {
        if self.again && self.halted.is_none() {
            self.round(out);
            if self.in_flight.is_some() || self.halted.is_some() {
                return;
            }
        }
        if self.in_flight.is_none() {
            self.quiet = false;
            self.rounds = 0;
            self.schedule_poll(out);
        }
    }

    /// Merges the server's `revision` into this device's version.
    fn reconcile(
        &mut self,
        revision: i64,
        theirs: Proeftuin,
        at: DateTime<Utc>,
        out: &mut Out,
    ) -> bool {
        let Some(server) = &self.server else {
            return false;
        };
        if revision < server.revision || (revision == server.revision && server.base != theirs) {
            // Another tab got further already, or the server went back in time: start again
            // from the latest record (bounded by MAX_ROUNDS).
            self.again = true;
            return true;
        }
        let outcome = match merge(&server.base, &self.local, &theirs) {
            Ok(outcome) => outcome,
            Err(e) => {
                self.halt(Problem::Merge(e.to_string()), out);
                return false;
            }
        };
        let clean = outcome.is_clean();
        // Store the conflicts and the merge before the record moves on: if either fails, the
        // old base stays and the next round merges again.
        if !outcome.conflicts.is_empty() {
            for conflict in outcome.conflicts {
                self.conflicts.retain(|c| c.path != conflict.path);
                self.conflicts.push(conflict);
            }
            out.push(Action::StoreConflicts(self.conflicts.clone()));
        }
        if outcome.merged != self.local {
            self.local = outcome.merged.clone();
            out.push(Action::StoreLocal(outcome.merged.clone()));
        }
        if clean && outcome.merged != theirs {
            self.again = true;
        }
        self.record(revision, theirs, at, out);
        self.show_synced(at, out);
        true
    }

    /// Moves the record forward (never back).
    fn record(&mut self, revision: i64, base: Proeftuin, at: DateTime<Utc>, out: &mut Out) {
        let Some(server) = &mut self.server else {
            return;
        };
        if revision < server.revision {
            return;
        }
        server.revision = revision;
        server.base = base;
        server.synced_at = Some(at);
        out.push(Action::StoreRecord {
            copy: server.clone(),
            secret: None,
        });
    }

    fn record_changed(&mut self, copy: ServerCopy, out: &mut Out) {
        match &self.server {
            Some(s) if copy.revision < s.revision => return,
            Some(s) if copy.revision == s.revision && copy.access == s.access => return,
            _ => {}
        }
        let first = self.server.is_none();
        self.server = Some(copy);
        if first {
            // Shared from another tab.
            self.creating = None;
            self.creating_document = None;
            self.now(out);
        }
    }

    fn choose(&mut self, path: &str, side: Side, at: DateTime<Utc>, out: &mut Out) {
        let Some(conflict) = self.conflicts.iter().find(|c| c.path == path).cloned() else {
            return;
        };
        // Keeping the value that is in the document leaves it as it is now (also if it was
        // edited since); the other value is put in.
        let keep_as_is = side == Side::Mine && !conflict.mine.is_null();
        if !keep_as_is {
            let mut outcome = MergeOutcome {
                merged: self.local.clone(),
                conflicts: vec![conflict],
            };
            if apply_choice(&mut outcome, path, side) {
                let mut doc = outcome.merged;
                doc.touch(at);
                self.local = doc;
            }
        }
        self.conflicts.retain(|c| c.path != path);
        out.push(Action::StoreConflicts(self.conflicts.clone()));
        if !keep_as_is {
            out.push(Action::StoreLocal(self.local.clone()));
        }
        self.now(out);
    }

    /// A failure waiting can fix: show it and retry after `seconds` or the backoff.
    fn wait(&mut self, problem: Problem, seconds: Option<u32>, out: &mut Out) -> bool {
        self.again = false;
        self.show(Status::Failed(problem), out);
        self.retry_after(seconds, out);
        false
    }

    fn retry_after(&mut self, seconds: Option<u32>, out: &mut Out) {
        let ms = match seconds {
            Some(s) => u64::from(s.max(1)) * 1000,
            None => {
                let ms = backoff_ms(self.attempt);
                self.attempt = (self.attempt + 1).min(6);
                ms
            }
        };
        self.set_timer(Wake::Retry, ms, out);
    }

    fn schedule_poll(&mut self, out: &mut Out) {
        if self.server.is_some()
            && self.halted.is_none()
            && self.visible
            && self.timer.is_none()
            && self.in_flight.is_none()
        {
            self.set_timer(Wake::Poll, POLL_EVERY_MS, out);
        }
    }

    fn set_timer(&mut self, wake: Wake, ms: u64, out: &mut Out) {
        let id = self.next_timer;
        self.next_timer += 1;
        self.timer = Some((id, wake));
        out.push(Action::SetTimer { id, ms });
    }

    fn halt(&mut self, problem: Problem, out: &mut Out) {
        self.timer = None;
        self.show(Status::Failed(problem.clone()), out);
        self.halted = Some(problem);
    }

    fn show_synced(&mut self, at: DateTime<Utc>, out: &mut Out) {
        if self.conflicts.is_empty() {
            self.show(Status::Synced(at), out);
        } else {
            self.show(Status::Conflicts, out);
        }
    }

    fn show(&mut self, status: Status, out: &mut Out) {
        if self.status != status {
            self.status = status.clone();
            out.push(Action::Status(status));
        }
    }
}

/// The actions of one update, in order.
#[derive(Default)]
struct Out(Vec<Action>);

impl Out {
    fn push(&mut self, action: Action) {
        self.0.push(action);
    }
}

#[cfg(test)]
mod tests;
