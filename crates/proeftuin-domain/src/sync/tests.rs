//! Unit tests of the document sync protocol: one device against answers written by hand.

use super::*;
use crate::model::Leverancier;

fn at() -> DateTime<Utc> {
    crate::test_support::utc("2026-12-02T10:00:00Z")
}

fn doc() -> Proeftuin {
    Proeftuin::new("p-1".into(), at())
}

fn with(f: impl FnOnce(&mut Proeftuin)) -> Proeftuin {
    let mut d = doc();
    f(&mut d);
    d
}

fn copy(access: Access, revision: i64, base: Proeftuin) -> ServerCopy {
    ServerCopy {
        access,
        revision,
        base,
        synced_at: Some(at()),
    }
}

/// A shared proeftuin at revision 1, in step with the server.
fn shared() -> SyncState {
    SyncState::shared(copy(Access::Edit, 1, doc()), doc(), Vec::new())
}

/// [`shared`] after this event (its actions are not looked at).
fn shared_after(event: Event) -> SyncState {
    let mut s = shared();
    s.update(event);
    s
}

fn sent(actions: &[Action]) -> Vec<Request> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn timer(actions: &[Action]) -> Option<(u64, u64)> {
    actions.iter().rev().find_map(|a| match a {
        Action::SetTimer { id, ms } => Some((*id, *ms)),
        _ => None,
    })
}

fn answer(s: &mut SyncState, answer: Answer) -> Vec<Action> {
    s.update(Event::Answered { at: at(), answer })
}

/// The answer to a push or fetch: the server's document at this revision.
fn answer_document(s: &mut SyncState, revision: i64, document: Proeftuin) -> Vec<Action> {
    answer(s, Answer::Document { revision, document })
}

/// The 412 answer: someone saved this revision first.
fn answer_stale(s: &mut SyncState, revision: i64, document: Proeftuin) -> Vec<Action> {
    answer(s, Answer::Stale { revision, document })
}

/// The 201 answer to sharing [`doc`]: revision 1 with the secret "geheim".
fn answer_created(s: &mut SyncState) -> Vec<Action> {
    answer(
        s,
        Answer::Created {
            revision: 1,
            document: doc(),
            secret: "geheim".into(),
        },
    )
}

/// The one request that pushes this document on this revision.
fn push(revision: i64, document: Proeftuin) -> Vec<Request> {
    vec![Request::Push { revision, document }]
}

/// A new document with only its name filled in.
fn named(naam: &str) -> Proeftuin {
    with(|d| d.vertrekpunt.naam = naam.into())
}

/// The user chooses a side for the conflict on the name.
fn choose_naam(s: &mut SyncState, side: Side) -> Vec<Action> {
    s.update(Event::Choose {
        path: "vertrekpunt.naam".into(),
        side,
        at: at(),
    })
}

#[test]
fn an_edit_pushes_on_the_base_revision_and_the_answer_moves_the_record() {
    let mut s = shared();
    let mine = named("Mijn naam");
    let out = s.update(Event::Edited(mine.clone()));
    assert_eq!(sent(&out), push(1, mine.clone()));
    assert!(out.contains(&Action::Status(Status::Syncing)));
    let out = answer_document(&mut s, 2, mine.clone());
    assert!(out.contains(&Action::StoreRecord {
        copy: copy(Access::Edit, 2, mine.clone()),
        secret: None
    }));
    assert_eq!(s.status, Status::Synced(at()));
    assert!(sent(&out).is_empty());
    assert_eq!(timer(&out).map(|t| t.1), Some(POLL_EVERY_MS));
    assert!(s.is_settled());
}

#[test]
fn a_412_merges_both_edits_and_pushes_the_merge() {
    let mine = named("Mijn naam");
    let theirs = with(|d| d.vertrekpunt.omschrijving = "Hun omschrijving".into());
    let mut s = shared_after(Event::Edited(mine));
    let out = answer_stale(&mut s, 2, theirs.clone());
    let merged = with(|d| {
        d.vertrekpunt.naam = "Mijn naam".into();
        d.vertrekpunt.omschrijving = "Hun omschrijving".into();
    });
    // The merge is stored before the record moves on, then pushed on the new revision.
    let local_at = out
        .iter()
        .position(|a| *a == Action::StoreLocal(merged.clone()))
        .expect("merge stored");
    let record_at = out
        .iter()
        .position(|a| matches!(a, Action::StoreRecord { copy, .. } if copy.revision == 2))
        .expect("record stored");
    assert!(local_at < record_at);
    assert_eq!(sent(&out), push(2, merged));
}

#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_and_nothing_is_pushed_until_chosen() {
    let mine = named("Mijn naam");
    let mut s = shared_after(Event::Edited(mine.clone()));
    let out = answer_stale(&mut s, 2, named("Hun naam"));
    assert!(sent(&out).is_empty());
    assert_eq!(s.conflicts.len(), 1);
    assert!(matches!(&out[0], Action::StoreConflicts(c) if c.len() == 1));
    assert_eq!(s.local, mine, "mine stays in the document until chosen");
    assert_eq!(s.status, Status::Conflicts);
    // Another edit or a retry does not push either.
    let more = with(|d| {
        d.vertrekpunt.naam = "Mijn naam".into();
        d.vertrekpunt.omschrijving = "Meer".into();
    });
    assert!(sent(&s.update(Event::Edited(more.clone()))).is_empty());
    assert!(sent(&s.update(Event::Retry)).is_empty());

    let out = choose_naam(&mut s, Side::Theirs);
    assert!(out.contains(&Action::StoreConflicts(Vec::new())));
    let pushed = sent(&out);
    assert_eq!(pushed.len(), 1);
    let Request::Push { revision, document } = &pushed[0] else {
        panic!("{pushed:?}")
    };
    assert_eq!(*revision, 2);
    assert_eq!(document.vertrekpunt.naam, "Hun naam");
    assert_eq!(document.vertrekpunt.omschrijving, "Meer");
}

#[test]
fn keeping_my_side_of_a_conflict_keeps_the_document_as_it_is_now() {
    let mut s = shared_after(Event::Edited(named("Mijn")));
    answer_stale(&mut s, 2, named("Hun"));
    let later = named("Mijn, later");
    s.update(Event::Edited(later.clone()));
    let out = choose_naam(&mut s, Side::Mine);
    assert_eq!(sent(&out), push(2, later));
}

#[test]
fn a_lost_answer_retries_with_backoff_from_2_to_60_seconds() {
    let mine = named("x");
    let mut s = shared_after(Event::Edited(mine.clone()));
    let mut waits = Vec::new();
    for _ in 0..7 {
        let out = answer(&mut s, Answer::Lost);
        assert_eq!(s.status, Status::Offline);
        let (id, ms) = timer(&out).unwrap();
        waits.push(ms);
        let out = s.update(Event::Timer(id));
        assert_eq!(sent(&out), push(1, mine.clone()));
    }
    assert_eq!(waits, [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    // Back online resets the backoff.
    answer(&mut s, Answer::Lost);
    s.update(Event::Online);
    let out = answer(&mut s, Answer::Lost);
    assert_eq!(timer(&out).unwrap().1, 2_000);
}

#[test]
fn a_lost_answer_to_an_applied_push_ends_without_a_conflict_and_keeps_later_edits() {
    let first = named("Eerste");
    let mut s = shared_after(Event::Edited(first.clone()));
    // The server stored revision 2 = first, but the answer got lost.
    let out = answer(&mut s, Answer::Lost);
    let (id, _) = timer(&out).unwrap();
    let second = with(|d| {
        d.vertrekpunt.naam = "Eerste".into();
        d.vertrekpunt.omschrijving = "Tweede".into();
    });
    s.update(Event::LocalChanged(second.clone()));
    let out = s.update(Event::Timer(id));
    assert_eq!(sent(&out).len(), 1);
    let out = answer_stale(&mut s, 2, first);
    assert!(s.conflicts.is_empty());
    assert_eq!(sent(&out), push(2, second));
}

#[test]
fn an_edit_while_a_request_is_under_way_goes_up_right_after_it() {
    let one = named("1");
    let two = named("12");
    let mut s = shared_after(Event::Edited(one.clone()));
    assert!(sent(&s.update(Event::Edited(two.clone()))).is_empty());
    let out = answer_document(&mut s, 2, one);
    assert_eq!(sent(&out), push(2, two));
}

#[test]
fn not_found_stops_polling_until_the_user_or_an_edit_asks() {
    let mut s = shared_after(Event::Start);
    let out = answer(&mut s, Answer::NotFound);
    assert_eq!(s.status, Status::Failed(Problem::NotFound));
    assert!(timer(&out).is_none());
    assert!(sent(&s.update(Event::Visible(true))).is_empty());
    assert!(sent(&s.update(Event::Newer(9))).is_empty());
    assert_eq!(sent(&s.update(Event::Retry)), vec![Request::Fetch]);
}

#[test]
fn a_document_over_the_servers_limit_waits_for_the_next_change() {
    let big = named("groot");
    let mut s = shared_after(Event::Edited(big.clone()));
    let out = answer(&mut s, Answer::QuotaExceeded);
    assert_eq!(s.status, Status::Failed(Problem::QuotaExceeded));
    assert!(timer(&out).is_none(), "no retry of the same document");
    assert!(
        sent(&s.update(Event::Online)).len() == 1,
        "the user's network came back"
    );
    answer(&mut s, Answer::QuotaExceeded);
    let smaller = named("klein");
    assert_eq!(sent(&s.update(Event::Edited(smaller))).len(), 1);
}

#[test]
fn a_busy_or_full_server_keeps_the_edit_and_retries_later() {
    let mine = named("x");
    let mut s = shared_after(Event::Edited(mine.clone()));
    let out = answer(&mut s, Answer::Busy(Some(5)));
    assert_eq!(timer(&out).unwrap().1, 5_000);
    assert_eq!(s.status, Status::Failed(Problem::Busy));
    let (id, _) = timer(&out).unwrap();
    s.update(Event::Timer(id));
    let out = answer(&mut s, Answer::StorageFull);
    assert_eq!(timer(&out).unwrap().1, 2_000);
    let (id, _) = timer(&out).unwrap();
    s.update(Event::Timer(id));
    let out = answer(&mut s, Answer::TooMany(30));
    assert_eq!(timer(&out).unwrap().1, 30_000);
    assert_eq!(s.local, mine);
}

#[test]
fn it_polls_every_15_seconds_while_visible_and_not_while_hidden() {
    let mut s = shared_after(Event::Start);
    let out = answer_document(&mut s, 1, doc());
    let (id, ms) = timer(&out).unwrap();
    assert_eq!(ms, POLL_EVERY_MS);
    let out = s.update(Event::Timer(id));
    assert_eq!(sent(&out), vec![Request::Fetch]);
    assert!(
        !out.contains(&Action::Status(Status::Syncing)),
        "a poll is silent"
    );
    s.update(Event::Visible(false));
    let out = answer_document(&mut s, 1, doc());
    assert!(timer(&out).is_none());
    assert_eq!(sent(&s.update(Event::Visible(true))), vec![Request::Fetch]);
}

#[test]
fn an_old_timer_is_ignored() {
    let mut s = shared_after(Event::Edited(named("x")));
    let out = answer(&mut s, Answer::Lost);
    let (old, _) = timer(&out).unwrap();
    s.update(Event::Retry);
    let out = answer(&mut s, Answer::Lost);
    let (new, _) = timer(&out).unwrap();
    assert_ne!(old, new);
    assert!(sent(&s.update(Event::Timer(old))).is_empty());
    assert_eq!(sent(&s.update(Event::Timer(new))).len(), 1);
}

#[test]
fn the_record_never_moves_back() {
    let mut s = shared();
    let newer = named("nieuw");
    s.update(Event::RecordChanged(copy(Access::Edit, 5, newer.clone())));
    assert_eq!(s.revision(), 5);
    s.update(Event::RecordChanged(copy(Access::Edit, 3, doc())));
    assert_eq!(s.revision(), 5);
    // A late answer about revision 4 does not move it back either.
    s.update(Event::LocalChanged(newer.clone()));
    s.update(Event::Start);
    let out = answer_stale(&mut s, 4, doc());
    assert_eq!(s.revision(), 5);
    assert!(!out.iter().any(|a| matches!(a, Action::StoreRecord { .. })));
}

#[test]
fn sharing_keeps_the_creation_key_and_reuses_it_until_the_server_answers() {
    let mut s = SyncState::local_only(doc(), None);
    assert!(sent(&s.update(Event::Start)).is_empty());
    assert_eq!(s.status, Status::LocalOnly);
    let out = s.update(Event::Share { key: "k1".into() });
    assert_eq!(out[0], Action::StoreCreationKey(Some("k1".into())));
    let create = Request::Create {
        key: "k1".into(),
        document: doc(),
    };
    assert_eq!(sent(&out), vec![create.clone()]);
    answer(&mut s, Answer::Lost);
    // A reload: the stored key comes back and is used again.
    let mut s = SyncState::local_only(doc(), Some("k1".into()));
    assert_eq!(sent(&s.update(Event::Start)), vec![create]);
    let edited = named("Tijdens het delen");
    s.update(Event::Edited(edited.clone()));
    let out = answer_created(&mut s);
    let record_at = out
        .iter()
        .position(|a| matches!(a, Action::StoreRecord { secret: Some(s), .. } if s == "geheim"))
        .unwrap();
    let forget_at = out
        .iter()
        .position(|a| *a == Action::StoreCreationKey(None))
        .unwrap();
    assert!(
        record_at < forget_at,
        "the secret is kept before the key goes"
    );
    assert_eq!(sent(&out), push(1, edited));
}

#[test]
fn a_share_retried_after_a_lost_answer_sends_the_first_document_again_and_then_the_edit() {
    // The server answers a creation key again only for the same document.
    let mut s = SyncState::local_only(doc(), None);
    let out = s.update(Event::Share { key: "k1".into() });
    let first = Request::Create {
        key: "k1".into(),
        document: doc(),
    };
    assert_eq!(sent(&out), vec![first.clone()]);
    answer(&mut s, Answer::Lost);
    let edited = named("Na de mislukte poging");
    s.update(Event::Edited(edited.clone()));
    // The retry (the edit's own round) sends what was sent first, with the same key.
    assert_eq!(s.in_flight, Some(first));
    let out = answer_created(&mut s);
    assert_eq!(sent(&out), push(1, edited));
    assert_eq!(s.creating_document, None);
}

#[test]
fn a_share_retried_after_a_lost_answer_an_edit_and_a_reload_sends_the_first_document() {
    let mut s = SyncState::local_only(doc(), None);
    let out = s.update(Event::Share { key: "k1".into() });
    assert!(
        out.contains(&Action::StoreCreationDocument(doc())),
        "{out:?}"
    );
    answer(&mut s, Answer::Lost);
    // An edit, then a reload: the device has the edit, the key and the first document.
    let edited = named("Na herladen");
    let mut s =
        SyncState::local_only(edited.clone(), Some("k1".into())).with_first_sent(Some(doc()));
    let out = s.update(Event::Start);
    assert_eq!(
        sent(&out),
        vec![Request::Create {
            key: "k1".into(),
            document: doc()
        }]
    );
    assert!(!out
        .iter()
        .any(|a| matches!(a, Action::StoreCreationDocument(_))));
    let out = answer_created(&mut s);
    assert_eq!(sent(&out), push(1, edited));
}

#[test]
fn rounds_that_do_not_come_to_rest_stop_after_six_and_say_so() {
    let mut s = shared();
    let mut n = 0;
    s.update(Event::Edited(named("0")));
    loop {
        n += 1;
        // Every answer finds a newer local edit (e.g. another tab), so the run goes on.
        s.update(Event::Edited(with(|d| d.vertrekpunt.naam = n.to_string())));
        let out = answer_document(
            &mut s,
            1 + n,
            with(|d| d.vertrekpunt.naam = (n - 1).to_string()),
        );
        if sent(&out).is_empty() {
            break;
        }
        assert!(n < 10);
    }
    assert_eq!(n, MAX_ROUNDS as i64);
    assert_eq!(s.status, Status::Failed(Problem::Restless));
}

#[test]
fn a_read_link_fetches_and_takes_the_servers_copy() {
    let mut s = SyncState::shared(copy(Access::Read, 1, doc()), doc(), Vec::new());
    assert_eq!(sent(&s.update(Event::Start)), vec![Request::Fetch]);
    let theirs = named("Van de eigenaar");
    let out = answer_document(&mut s, 2, theirs.clone());
    assert!(out.contains(&Action::StoreLocal(theirs.clone())));
    assert_eq!(s.local, theirs);
    assert_eq!(s.revision(), 2);
}

#[test]
fn without_a_connection_nothing_is_sent_until_online() {
    let mut s = shared_after(Event::Offline);
    assert_eq!(s.status, Status::Offline);
    let mine = with(|d| d.plan.ambitie = "offline".into());
    assert!(sent(&s.update(Event::Edited(mine.clone()))).is_empty());
    assert_eq!(sent(&s.update(Event::Online)), push(1, mine));
}

#[test]
fn an_added_item_on_the_server_comes_in_with_a_fetch() {
    let mut s = shared_after(Event::Start);
    let theirs = with(|d| {
        d.vertrekpunt.leveranciers.push(Leverancier {
            id: "l1".into(),
            naam: "Schoon BV".into(),
        })
    });
    let out = answer_document(&mut s, 2, theirs.clone());
    assert!(out.contains(&Action::StoreLocal(theirs.clone())));
    assert!(sent(&out).is_empty());
    assert!(s.is_settled());
}

#[test]
fn every_problem_has_a_dutch_message() {
    for p in [
        Problem::NotFound,
        Problem::ReadOnly,
        Problem::Invalid("Naam ontbreekt.".into()),
        Problem::Exists,
        Problem::TooMany(3),
        Problem::QuotaExceeded,
        Problem::StorageFull,
        Problem::StorageError,
        Problem::Busy,
        Problem::Server("500".into()),
        Problem::Merge("x".into()),
        Problem::Restless,
    ] {
        let m = p.message();
        assert!(m.ends_with('.'), "{m}");
        assert!(!m.contains("error"), "{m}");
    }
}
