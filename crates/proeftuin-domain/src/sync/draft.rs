//! The sync protocol of an assessor's draft scores, as pure code: the same shape as the
//! document protocol ([`super::SyncState`]), smaller. The draft is saved on the device at
//! every change; a moment later ([`SEND_AFTER_MS`]) it goes to the server, one request at a
//! time (a change while one is under way sends the newer scores right after it). Without a
//! connection it waits for the browser to be back online; after another failure it retries
//! after [`RETRY_AFTER_MS`] (or what the server asked). Once the scores are handed in, or the
//! round is closed, nothing is sent any more, and a newer answer never undoes a hand-in.

use chrono::{DateTime, Utc};

use crate::assessment::AssessorScores;
use crate::wire::AssessmentView;

/// How long after a change the draft goes to the server (ms).
pub const SEND_AFTER_MS: u64 = 800;
/// The wait before a draft is sent again after a server failure (ms).
pub const RETRY_AFTER_MS: u64 = 15_000;

/// Where the draft stands with respect to the server, for the status line.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftStatus {
    /// Not sent (yet) in this visit.
    OnlyHere,
    /// A request is under way.
    Sending,
    /// On the server at this time.
    Sent(DateTime<Utc>),
    /// No connection: it goes when there is one.
    Offline,
    /// The server refused or failed (its Dutch message); retried later.
    Failed(String),
}

/// The answer to a draft save (or what became of it).
#[derive(Clone, Debug, PartialEq)]
pub enum DraftAnswer {
    /// Saved: the assessment as the server has it now.
    Saved(AssessmentView),
    /// 409: handed in already or the round is closed.
    Closed,
    /// No answer (no connection, lost).
    Lost,
    /// Another failure; `retry_after` seconds if the server said so.
    Failed {
        /// What went wrong, in Dutch.
        message: String,
        /// The server's `Retry-After`.
        retry_after: Option<u32>,
    },
}

/// Something that happened, for [`DraftState::update`].
#[derive(Clone, Debug, PartialEq)]
pub enum DraftEvent {
    /// The page opened: send the draft if the server lacks it.
    Start,
    /// The scores on the device changed (saved there already).
    Changed(AssessorScores),
    /// The answer to the draft under way, received at `at`.
    Answered {
        /// When it came.
        at: DateTime<Utc>,
        /// What came.
        answer: DraftAnswer,
    },
    /// A newer assessment from the server or another tab (e.g. after handing in).
    Assessment(AssessmentView),
    /// The timer with this id went off.
    Timer(u64),
    /// The browser has a connection again.
    Online,
}

/// What the caller must do, in this order.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftAction {
    /// Save these scores as the draft; answer with [`DraftEvent::Answered`].
    Send(AssessorScores),
    /// Fetch the assessment and the plan again (the round may have closed).
    Refresh,
    /// Store this assessment as the device's record.
    StoreRecord(AssessmentView),
    /// Show the handed-in scores (read only): the assessment was handed in, maybe elsewhere.
    ShowSubmitted(AssessorScores),
    /// Call back with [`DraftEvent::Timer`]`(id)` after `ms`; replaces any earlier timer.
    SetTimer {
        /// The timer's id.
        id: u64,
        /// The wait.
        ms: u64,
    },
    /// Show this status.
    Status(DraftStatus),
}

/// Everything the protocol knows about one assessor's draft on one device.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftState {
    /// The scores on this device.
    pub scores: AssessorScores,
    /// The assessment as last heard from the server.
    pub record: Option<AssessmentView>,
    /// The scores under way.
    pub in_flight: Option<AssessorScores>,
    /// Send again right after the request under way.
    pub again: bool,
    /// The timer set: its id.
    pub timer: Option<u64>,
    /// The id of the next timer.
    pub next_timer: u64,
    /// The status shown.
    pub status: DraftStatus,
}

impl DraftState {
    /// The draft as stored on this device.
    pub fn new(scores: AssessorScores, record: Option<AssessmentView>) -> Self {
        DraftState {
            scores,
            record,
            in_flight: None,
            again: false,
            timer: None,
            next_timer: 1,
            status: DraftStatus::OnlyHere,
        }
    }

    /// True once the scores are handed in or the round is closed: nothing more is sent.
    pub fn is_done(&self) -> bool {
        self.record
            .as_ref()
            .is_some_and(|r| r.submitted_at.is_some() || !r.status.is_open())
    }

    /// True when the server lacks the scores on this device.
    pub fn is_unsent(&self) -> bool {
        self.record.as_ref().is_some_and(|r| r.draft != self.scores)
    }

    /// Takes in one event; returns what the caller must do, in order.
    pub fn update(&mut self, event: DraftEvent) -> Vec<DraftAction> {
        let mut out = Vec::new();
        match event {
            DraftEvent::Start => {
                if self.is_unsent() {
                    self.send(&mut out);
                }
            }
            DraftEvent::Changed(scores) => {
                if scores != self.scores {
                    self.scores = scores;
                    self.set_timer(SEND_AFTER_MS, &mut out);
                }
            }
            DraftEvent::Timer(id) => {
                if self.timer == Some(id) {
                    self.timer = None;
                    self.send(&mut out);
                }
            }
            DraftEvent::Online => {
                if matches!(self.status, DraftStatus::Offline | DraftStatus::Failed(_)) {
                    self.send(&mut out);
                }
            }
            DraftEvent::Assessment(a) => self.take(a, &mut out),
            DraftEvent::Answered { at, answer } => {
                if self.in_flight.take().is_none() {
                    return out;
                }
                match answer {
                    DraftAnswer::Saved(a) => {
                        self.take(a, &mut out);
                        self.show(DraftStatus::Sent(at), &mut out);
                    }
                    DraftAnswer::Lost => self.show(DraftStatus::Offline, &mut out),
                    DraftAnswer::Closed => {
                        self.show(DraftStatus::OnlyHere, &mut out);
                        out.push(DraftAction::Refresh);
                    }
                    DraftAnswer::Failed {
                        message,
                        retry_after,
                    } => {
                        self.show(DraftStatus::Failed(message), &mut out);
                        let ms = retry_after.map_or(RETRY_AFTER_MS, |s| u64::from(s.max(1)) * 1000);
                        self.set_timer(ms, &mut out);
                    }
                }
                if self.again {
                    // Typed while this request was under way: send the newer scores too.
                    self.again = false;
                    self.send(&mut out);
                }
            }
        }
        out
    }

    fn send(&mut self, out: &mut Vec<DraftAction>) {
        if self.is_done() {
            return;
        }
        if self.in_flight.is_some() {
            self.again = true;
            return;
        }
        self.timer = None;
        self.in_flight = Some(self.scores.clone());
        self.show(DraftStatus::Sending, out);
        out.push(DraftAction::Send(self.scores.clone()));
    }

    /// Takes a newer assessment, except one that would undo a hand-in.
    fn take(&mut self, a: AssessmentView, out: &mut Vec<DraftAction>) {
        let handed_in = self
            .record
            .as_ref()
            .is_some_and(|r| r.submitted_at.is_some());
        if handed_in && a.submitted_at.is_none() {
            return;
        }
        if let Some(submitted) = &a.submitted {
            self.scores = submitted.clone();
            out.push(DraftAction::ShowSubmitted(submitted.clone()));
        }
        if self.record.as_ref() != Some(&a) {
            out.push(DraftAction::StoreRecord(a.clone()));
        }
        self.record = Some(a);
    }

    fn set_timer(&mut self, ms: u64, out: &mut Vec<DraftAction>) {
        let id = self.next_timer;
        self.next_timer += 1;
        self.timer = Some(id);
        out.push(DraftAction::SetTimer { id, ms });
    }

    fn show(&mut self, status: DraftStatus, out: &mut Vec<DraftAction>) {
        if self.status != status {
            self.status = status.clone();
            out.push(DraftAction::Status(status));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Score;
    use crate::wire::RoundStatus;

    fn at() -> DateTime<Utc> {
        crate::test_support::utc("2026-12-02T10:00:00Z")
    }

    fn sheet(reden: &str) -> AssessorScores {
        AssessorScores {
            scores: vec![Score {
                criterion: "r1".into(),
                score: Some(3),
                reden: reden.into(),
            }],
        }
    }

    fn view(draft: AssessorScores, submitted: bool) -> AssessmentView {
        AssessmentView {
            round: 1,
            status: RoundStatus::Open,
            label: "Inkoper".into(),
            submitted_at: submitted.then(|| "2026-12-02T10:00:00Z".into()),
            submitted: submitted.then(|| draft.clone()),
            draft,
        }
    }

    fn sends(actions: &[DraftAction]) -> Vec<AssessorScores> {
        actions
            .iter()
            .filter_map(|a| match a {
                DraftAction::Send(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }

    fn timer(actions: &[DraftAction]) -> Option<(u64, u64)> {
        actions.iter().find_map(|a| match a {
            DraftAction::SetTimer { id, ms } => Some((*id, *ms)),
            _ => None,
        })
    }

    #[test]
    fn a_change_is_sent_a_moment_later_and_a_change_during_the_request_right_after_it() {
        let mut d = DraftState::new(sheet(""), Some(view(sheet(""), false)));
        assert!(sends(&d.update(DraftEvent::Start)).is_empty());
        let (id, ms) = timer(&d.update(DraftEvent::Changed(sheet("a")))).unwrap();
        assert_eq!(ms, SEND_AFTER_MS);
        assert_eq!(sends(&d.update(DraftEvent::Timer(id))), vec![sheet("a")]);
        d.update(DraftEvent::Changed(sheet("ab")));
        let (id2, _) = d.timer.map(|i| (i, 0)).unwrap();
        // The debounce timer fires while "a" is under way: "ab" waits for the answer.
        assert!(sends(&d.update(DraftEvent::Timer(id2))).is_empty());
        let out = d.update(DraftEvent::Answered {
            at: at(),
            answer: DraftAnswer::Saved(view(sheet("a"), false)),
        });
        assert_eq!(sends(&out), vec![sheet("ab")]);
    }

    #[test]
    fn without_a_connection_the_draft_waits_for_online_and_after_a_failure_for_a_timer() {
        let mut d = DraftState::new(sheet("a"), Some(view(sheet(""), false)));
        assert_eq!(sends(&d.update(DraftEvent::Start)), vec![sheet("a")]);
        d.update(DraftEvent::Answered {
            at: at(),
            answer: DraftAnswer::Lost,
        });
        assert_eq!(d.status, DraftStatus::Offline);
        assert_eq!(sends(&d.update(DraftEvent::Online)), vec![sheet("a")]);
        let out = d.update(DraftEvent::Answered {
            at: at(),
            answer: DraftAnswer::Failed {
                message: "De server is even te druk.".into(),
                retry_after: Some(3),
            },
        });
        let (id, ms) = timer(&out).unwrap();
        assert_eq!(ms, 3000);
        assert_eq!(sends(&d.update(DraftEvent::Timer(id))), vec![sheet("a")]);
        d.update(DraftEvent::Answered {
            at: at(),
            answer: DraftAnswer::Saved(view(sheet("a"), false)),
        });
        assert_eq!(d.status, DraftStatus::Sent(at()));
        assert!(!d.is_unsent());
    }

    #[test]
    fn a_hand_in_is_never_undone_and_stops_sending() {
        let mut d = DraftState::new(sheet("a"), Some(view(sheet("a"), false)));
        let out = d.update(DraftEvent::Assessment(view(sheet("final"), true)));
        assert!(out.contains(&DraftAction::ShowSubmitted(sheet("final"))));
        assert_eq!(d.scores, sheet("final"));
        // A late answer to an older draft save does not undo it.
        d.update(DraftEvent::Assessment(view(sheet("a"), false)));
        assert!(d.record.as_ref().unwrap().submitted_at.is_some());
        let out = d.update(DraftEvent::Changed(sheet("later")));
        let (id, _) = timer(&out).unwrap();
        assert!(sends(&d.update(DraftEvent::Timer(id))).is_empty());
    }

    #[test]
    fn a_closed_round_asks_for_news_instead_of_retrying() {
        let mut d = DraftState::new(sheet("a"), Some(view(sheet(""), false)));
        d.update(DraftEvent::Start);
        let out = d.update(DraftEvent::Answered {
            at: at(),
            answer: DraftAnswer::Closed,
        });
        assert!(out.contains(&DraftAction::Refresh));
        assert!(d.timer.is_none());
    }
}
