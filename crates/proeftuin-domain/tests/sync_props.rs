//! Property tests of the sync protocol ([`proeftuin_domain::sync`]): two simulated devices
//! and a simulated server in one loop.
//!
//! Both devices start from one of the voorbeelden, shared at revision 1. A random list of
//! steps then runs: edits on either device (a text field, a new leverancier, a leverancier's
//! name; every value written is unique), the server handling a request, an answer delivered,
//! a request lost before the server, an answer lost after the server applied the write, a
//! server error (busy, disk full, storage error, too many requests, over the size limit), the
//! connection going and coming, the page hidden and shown, a timer going off (also an old
//! one: timers fire in any order), a conflict chosen, "Nu synchroniseren", a reload (the
//! device starts again from what it stored; an answer under way is lost), a notice of a
//! newer revision.
//!
//! Then the devices get a quiet, connected period (users choose the open conflicts) and
//! the properties are checked:
//! - **converge**: both devices, their bases and the server hold the same document;
//! - **nothing is lost**: every value a device wrote is in the final document, unless
//!   someone overwrote it while seeing it (an edit of that field on a device that showed
//!   that value) or it was in a conflict shown to a user;
//! - one request per device at a time, and the stored record never moves back.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use proeftuin_domain::sync::{Action, Answer, Event, Request, ServerCopy, SyncState};
use proeftuin_domain::{
    voorbeeld_document, voorbeelden, Access, Conflict, Leverancier, Proeftuin, Side,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

/// Cases and steps per case: about 2 s in a debug build on 2 cores (each step may merge a
/// voorbeeld, which goes through JSON three times).
const CASES: u32 = 128;
const MAX_STEPS: usize = 40;
/// Rounds of the quiet period before the devices must agree.
const QUIET_ROUNDS: usize = 60;

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    }
}

fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The text fields the edits write.
const FIELDS: [&str; 3] = [
    "vertrekpunt.naam",
    "vertrekpunt.omschrijving",
    "plan.ambitie",
];

/// The values the property follows, by merge path: the text fields and each leverancier's
/// name.
fn values(doc: &Proeftuin) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    map.insert(FIELDS[0].into(), doc.vertrekpunt.naam.clone());
    map.insert(FIELDS[1].into(), doc.vertrekpunt.omschrijving.clone());
    map.insert(FIELDS[2].into(), doc.plan.ambitie.clone());
    for l in &doc.vertrekpunt.leveranciers {
        map.insert(
            format!("vertrekpunt.leveranciers.{}.naam", l.id),
            l.naam.clone(),
        );
    }
    map
}

#[derive(Clone, Debug)]
enum EditKind {
    Field(u8),
    AddLeverancier,
    RenameLeverancier(u8),
}

#[derive(Clone, Copy, Debug)]
enum Failure {
    Busy,
    StorageFull,
    StorageError,
    TooMany,
    Quota,
    Server,
}

#[derive(Clone, Debug)]
enum Op {
    Edit(usize, EditKind),
    /// The server handles the request under way (the answer waits).
    Serve(usize),
    /// The answer arrives (handled first if needed).
    Deliver(usize),
    /// The request never reached the server.
    LoseRequest(usize),
    /// The server applied it; the answer got lost.
    LoseAnswer(usize),
    Fail(usize, Failure),
    Timer(usize, u8),
    Offline(usize),
    Online(usize),
    Hide(usize),
    Show(usize),
    Choose(usize, u8, bool),
    Retry(usize),
    Reload(usize),
    Newer(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let peer = 0..2usize;
    let edit = prop_oneof![
        3 => (0..3u8).prop_map(EditKind::Field),
        1 => Just(EditKind::AddLeverancier),
        2 => any::<u8>().prop_map(EditKind::RenameLeverancier),
    ];
    let failure = prop::sample::select(vec![
        Failure::Busy,
        Failure::StorageFull,
        Failure::StorageError,
        Failure::TooMany,
        Failure::Quota,
        Failure::Server,
    ]);
    prop_oneof![
        6 => (peer.clone(), edit).prop_map(|(p, e)| Op::Edit(p, e)),
        3 => peer.clone().prop_map(Op::Serve),
        5 => peer.clone().prop_map(Op::Deliver),
        1 => peer.clone().prop_map(Op::LoseRequest),
        2 => peer.clone().prop_map(Op::LoseAnswer),
        1 => (peer.clone(), failure).prop_map(|(p, f)| Op::Fail(p, f)),
        3 => (peer.clone(), any::<u8>()).prop_map(|(p, n)| Op::Timer(p, n)),
        1 => peer.clone().prop_map(Op::Offline),
        1 => peer.clone().prop_map(Op::Online),
        1 => peer.clone().prop_map(Op::Hide),
        1 => peer.clone().prop_map(Op::Show),
        2 => (peer.clone(), any::<u8>(), any::<bool>()).prop_map(|(p, n, m)| Op::Choose(p, n, m)),
        1 => peer.clone().prop_map(Op::Retry),
        1 => peer.clone().prop_map(Op::Reload),
        1 => peer.prop_map(Op::Newer),
    ]
}

struct Server {
    revision: i64,
    doc: Proeftuin,
}

impl Server {
    fn handle(&mut self, request: &Request) -> Answer {
        match request {
            Request::Fetch => Answer::Document {
                revision: self.revision,
                document: self.doc.clone(),
            },
            Request::Push { revision, document } if *revision == self.revision => {
                self.revision += 1;
                self.doc = document.clone();
                Answer::Document {
                    revision: self.revision,
                    document: document.clone(),
                }
            }
            Request::Push { .. } => Answer::Stale {
                revision: self.revision,
                document: self.doc.clone(),
            },
            Request::Create { .. } => panic!("both devices start shared"),
        }
    }
}

/// What a device keeps in storage (what a reload starts from).
#[derive(Clone)]
struct Disk {
    local: Proeftuin,
    record: ServerCopy,
    conflicts: Vec<Conflict>,
}

enum Pending {
    Sent(Request),
    Answered(Answer),
}

struct Peer {
    state: SyncState,
    disk: Disk,
    pending: Option<Pending>,
    timers: Vec<u64>,
}

/// One value some device wrote.
struct Write {
    path: String,
    value: String,
    /// Overwritten by a device that had this value on screen.
    superseded: bool,
    /// Shown to a user in a conflict.
    shown: bool,
}

struct World {
    server: Server,
    peers: [Peer; 2],
    writes: Vec<Write>,
    counter: u32,
    now: DateTime<Utc>,
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

impl World {
    fn new(base: Proeftuin) -> Self {
        let record = ServerCopy {
            access: Access::Edit,
            revision: 1,
            base: base.clone(),
            synced_at: None,
        };
        let peer = || Peer {
            state: SyncState::shared(record.clone(), base.clone(), Vec::new()),
            disk: Disk {
                local: base.clone(),
                record: record.clone(),
                conflicts: Vec::new(),
            },
            pending: None,
            timers: Vec::new(),
        };
        let writes = values(&base)
            .into_iter()
            .map(|(path, value)| Write {
                path,
                value,
                superseded: false,
                shown: false,
            })
            .collect();
        World {
            server: Server {
                revision: 1,
                doc: base.clone(),
            },
            peers: [peer(), peer()],
            writes,
            counter: 0,
            now: start_time(),
        }
    }

    fn tick(&mut self) -> DateTime<Utc> {
        self.now += Duration::seconds(1);
        self.now
    }

    fn event(&mut self, p: usize, event: Event) {
        let actions = self.peers[p].state.update(event);
        for action in actions {
            self.act(p, action);
        }
    }

    fn act(&mut self, p: usize, action: Action) {
        let peer = &mut self.peers[p];
        match action {
            Action::Send(request) => {
                assert!(peer.pending.is_none(), "two requests at once");
                peer.pending = Some(Pending::Sent(request));
            }
            Action::StoreCreationKey(_) | Action::StoreCreationDocument(_) => {
                panic!("no share in this test")
            }
            Action::StoreConflicts(list) => {
                for c in &list {
                    for v in [&c.mine, &c.theirs].into_iter().filter_map(text) {
                        for w in &mut self.writes {
                            if w.path == c.path && w.value == v {
                                w.shown = true;
                            }
                        }
                    }
                }
                peer.disk.conflicts = list;
            }
            Action::StoreLocal(doc) => peer.disk.local = doc,
            Action::StoreRecord { copy, secret } => {
                assert!(secret.is_none());
                assert!(
                    copy.revision >= peer.disk.record.revision,
                    "the record moved back from {} to {}",
                    peer.disk.record.revision,
                    copy.revision
                );
                peer.disk.record = copy;
            }
            Action::SetTimer { id, .. } => peer.timers.push(id),
            Action::Status(_) => {}
        }
    }

    /// The user on device `p` makes an edit: stored on the device first, then reported.
    fn edit(&mut self, p: usize, kind: &EditKind) {
        self.counter += 1;
        let value = format!("{}{}", ["A", "B"][p], self.counter);
        let mut doc = self.peers[p].state.local.clone();
        let before = values(&doc);
        let path = match kind {
            EditKind::Field(n) => {
                let path = FIELDS[usize::from(*n) % FIELDS.len()];
                match path {
                    "vertrekpunt.naam" => doc.vertrekpunt.naam = value.clone(),
                    "vertrekpunt.omschrijving" => doc.vertrekpunt.omschrijving = value.clone(),
                    _ => doc.plan.ambitie = value.clone(),
                }
                path.to_string()
            }
            EditKind::AddLeverancier => {
                doc.vertrekpunt.leveranciers.push(Leverancier {
                    id: format!("l-{value}"),
                    naam: value.clone(),
                });
                format!("vertrekpunt.leveranciers.l-{value}.naam")
            }
            EditKind::RenameLeverancier(n) => {
                let list = &mut doc.vertrekpunt.leveranciers;
                if list.is_empty() {
                    return;
                }
                let i = usize::from(*n) % list.len();
                list[i].naam = value.clone();
                format!("vertrekpunt.leveranciers.{}.naam", list[i].id)
            }
        };
        self.supersede(&path, before.get(&path));
        self.writes.push(Write {
            path,
            value,
            superseded: false,
            shown: false,
        });
        let at = self.tick();
        doc.touch(at);
        self.peers[p].disk.local = doc.clone();
        self.event(p, Event::Edited(doc));
    }

    fn supersede(&mut self, path: &str, old: Option<&String>) {
        if let Some(old) = old {
            for w in &mut self.writes {
                if w.path == path && &w.value == old {
                    w.superseded = true;
                }
            }
        }
    }

    fn answer(&mut self, p: usize, answer: Answer) {
        let at = self.tick();
        self.event(p, Event::Answered { at, answer });
    }

    /// The server handles the request under way, if it has not yet.
    fn serve(&mut self, p: usize) {
        if let Some(Pending::Sent(request)) = &self.peers[p].pending {
            let answer = self.server.handle(request);
            self.peers[p].pending = Some(Pending::Answered(answer));
        }
    }

    fn deliver(&mut self, p: usize) {
        self.serve(p);
        if let Some(Pending::Answered(answer)) = self.peers[p].pending.take() {
            self.answer(p, answer);
        }
    }

    fn choose(&mut self, p: usize, n: u8, mine: bool) {
        let conflicts = &self.peers[p].state.conflicts;
        if conflicts.is_empty() {
            return;
        }
        let c = conflicts[usize::from(n) % conflicts.len()].clone();
        let side = if mine { Side::Mine } else { Side::Theirs };
        // Taking the other version replaces what the field shows now, knowingly.
        if !mine {
            let now = values(&self.peers[p].state.local);
            self.supersede(&c.path, now.get(&c.path));
        }
        let at = self.tick();
        self.event(
            p,
            Event::Choose {
                path: c.path,
                side,
                at,
            },
        );
    }

    fn reload(&mut self, p: usize) {
        let disk = self.peers[p].disk.clone();
        // Whatever was under way: the server may have handled it, the answer is gone.
        self.peers[p].pending = None;
        self.peers[p].timers.clear();
        self.peers[p].state = SyncState::shared(disk.record, disk.local, disk.conflicts);
        self.event(p, Event::Start);
    }

    fn step(&mut self, op: &Op) {
        match op {
            Op::Edit(p, kind) => self.edit(*p, kind),
            Op::Serve(p) => self.serve(*p),
            Op::Deliver(p) => self.deliver(*p),
            Op::LoseRequest(p) => {
                if let Some(Pending::Sent(_)) = self.peers[*p].pending {
                    self.peers[*p].pending = None;
                    self.answer(*p, Answer::Lost);
                }
            }
            Op::LoseAnswer(p) => {
                self.serve(*p);
                if self.peers[*p].pending.take().is_some() {
                    self.answer(*p, Answer::Lost);
                }
            }
            Op::Fail(p, failure) => {
                if let Some(Pending::Sent(_)) = self.peers[*p].pending {
                    self.peers[*p].pending = None;
                    let answer = match failure {
                        Failure::Busy => Answer::Busy(Some(1)),
                        Failure::StorageFull => Answer::StorageFull,
                        Failure::StorageError => Answer::StorageError,
                        Failure::TooMany => Answer::TooMany(2),
                        Failure::Quota => Answer::QuotaExceeded,
                        Failure::Server => Answer::Server("500".into()),
                    };
                    self.answer(*p, answer);
                }
            }
            Op::Timer(p, n) => {
                let timers = &self.peers[*p].timers;
                if !timers.is_empty() {
                    let id = timers[usize::from(*n) % timers.len()];
                    self.event(*p, Event::Timer(id));
                }
            }
            Op::Offline(p) => self.event(*p, Event::Offline),
            Op::Online(p) => self.event(*p, Event::Online),
            Op::Hide(p) => self.event(*p, Event::Visible(false)),
            Op::Show(p) => self.event(*p, Event::Visible(true)),
            Op::Choose(p, n, mine) => self.choose(*p, *n, *mine),
            Op::Retry(p) => self.event(*p, Event::Retry),
            Op::Reload(p) => self.reload(*p),
            Op::Newer(p) => {
                let revision = self.server.revision;
                self.event(*p, Event::Newer(revision));
            }
        }
    }

    fn converged(&self) -> bool {
        self.peers.iter().all(|peer| {
            peer.pending.is_none()
                && peer.state.conflicts.is_empty()
                && peer.state.local == self.server.doc
                && peer.state.server.as_ref().is_some_and(|s| {
                    s.base == self.server.doc && s.revision == self.server.revision
                })
        })
    }

    /// Connected and quiet: requests are answered, timers go off, users choose the open
    /// conflicts (their own version, so the choice is visible in the final document).
    fn settle(&mut self) -> bool {
        for p in 0..2 {
            self.event(p, Event::Online);
            self.event(p, Event::Visible(true));
        }
        for _ in 0..QUIET_ROUNDS {
            // Every answer arrives (a run of rounds ends).
            for _ in 0..QUIET_ROUNDS {
                let busy: Vec<usize> = (0..2)
                    .filter(|p| self.peers[*p].pending.is_some())
                    .collect();
                if busy.is_empty() {
                    break;
                }
                for p in busy {
                    self.deliver(p);
                }
            }
            if self.converged() {
                return true;
            }
            for p in 0..2 {
                if !self.peers[p].state.conflicts.is_empty() {
                    self.choose(p, 0, true);
                } else if let Some((id, _)) = self.peers[p].state.timer {
                    self.event(p, Event::Timer(id));
                } else {
                    self.event(p, Event::Retry);
                }
            }
        }
        false
    }
}

fn run(example: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let key = voorbeelden()[example % voorbeelden().len()].key;
    let base = voorbeeld_document(key, "p-1".into(), start_time()).unwrap();
    let mut world = World::new(base);
    for p in 0..2 {
        world.event(p, Event::Start);
    }
    for op in ops {
        world.step(op);
    }
    prop_assert!(
        world.settle(),
        "no agreement after the quiet period: server r{} {} {:?}, devices {:?}",
        world.server.revision,
        world.server.doc.changed,
        values(&world.server.doc),
        world
            .peers
            .iter()
            .map(|p| (
                values(&p.state.local),
                p.state.conflicts.len(),
                &p.state.status,
                p.state.revision(),
                p.state.local == world.server.doc,
                p.state.local.changed,
                p.pending.is_some(),
                p.state.timer,
            ))
            .collect::<Vec<_>>()
    );
    let end = values(&world.server.doc);
    for w in &world.writes {
        if !w.superseded && !w.shown {
            prop_assert_eq!(
                end.get(&w.path),
                Some(&w.value),
                "the value {:?} written at {} was lost",
                &w.value,
                &w.path
            );
        }
    }
    // What each device stored is what it shows, so a reload loses nothing either.
    for peer in &world.peers {
        prop_assert_eq!(&peer.disk.local, &peer.state.local);
        prop_assert_eq!(&peer.disk.record, peer.state.server.as_ref().unwrap());
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn two_devices_and_a_server_converge_and_lose_no_edit(
        example in 0..6usize,
        ops in prop::collection::vec(op(), 0..=MAX_STEPS),
    ) {
        run(example, &ops)?;
    }
}

/// A fixed scenario, as a reading aid: A's push is applied but its answer is lost, B edits
/// the same document meanwhile; everything still arrives everywhere.
#[test]
fn a_lost_answer_and_a_412_together_lose_nothing() {
    let ops = [
        Op::Edit(0, EditKind::Field(0)),
        Op::LoseAnswer(0),
        Op::Edit(1, EditKind::Field(1)),
        Op::Deliver(1),
        Op::Edit(0, EditKind::AddLeverancier),
        Op::Timer(0, 0),
        Op::Deliver(0),
        Op::Deliver(0),
    ];
    run(0, &ops).unwrap();
}
