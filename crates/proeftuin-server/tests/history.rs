//! In-process tests of the stored history and of storage faults: old
//! revisions read back byte for byte after many edits and after thinning,
//! the history policy over simulated weeks (an injected clock), the
//! per-proeftuin quota, rows from before compact storage, the figure for
//! realistic use (a 30 KB plan edited 1,000 times), and a full disk (or an
//! I/O error) in the middle of a stream of updates from several clients.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, DurationRound, Utc};
use proeftuin_domain::{stored_json, Proeftuin};
use proeftuin_server::api::store::Clock;
use proeftuin_server::AppState;
use support::http::{assert_error, call, document_at, time, Answer, Call};
use support::{fixture, Backend};

#[macro_use]
mod support;

on_both_backends!(
    every_kept_revision_reads_back_byte_for_byte_after_many_edits,
    weeks_of_editing_keep_the_last_day_then_one_per_hour_then_one_per_day,
    an_update_over_the_quota_is_413_and_changes_nothing,
    a_new_document_over_the_quota_is_413,
    thinning_makes_room_again_once_old_revisions_leave_the_last_day,
    rows_from_before_compact_storage_are_rewritten_and_read_back,
    a_30_kb_plan_edited_1000_times_stores_under_2_mb,
    a_full_disk_during_a_stream_of_updates_loses_nothing_acknowledged,
);

/// No request of these tests may take longer: a hang is a failure.
const REQUEST_TIMEOUT: StdDuration = StdDuration::from_secs(20);

fn start() -> DateTime<Utc> {
    time("2024-05-01T08:00:00Z")
}

/// The EY × ITvitae example under `id`, made at [`start`].
fn document(id: &str) -> Proeftuin {
    document_at(id, start())
}

/// The example grown to at least `bytes` of stored JSON with more
/// stakeholders (copies with their own ids), still a consistent document.
fn grown(id: &str, bytes: usize) -> Proeftuin {
    let mut doc = document(id);
    let base = doc.stakeholders.clone();
    let mut i = 0;
    while stored_json(&doc).len() < bytes {
        let mut s = base[i % base.len()].clone();
        s.id = format!("extra-{i}");
        s.naam = format!("{} {i}", s.naam);
        doc.stakeholders.push(s);
        i += 1;
    }
    doc
}

/// A small edit, as a user makes one: one stakeholder's text and the time.
fn small_edit(doc: &mut Proeftuin, k: usize) {
    let i = (k * 7919) % doc.stakeholders.len();
    let old: String = doc.stakeholders[i].nodig.chars().take(60).collect();
    doc.stakeholders[i].nodig = format!("Wijziging {k}: {old}");
    doc.changed += Duration::seconds(30);
}

/// [`small_edit`] on stored JSON text (cheap, for long runs of updates that go
/// to the store directly): the start of one stakeholder's `nodig` becomes
/// `Wijziging <k>: `, so the text keeps its size.
fn small_text_edit(text: &str, k: usize) -> String {
    let starts: Vec<usize> = text
        .match_indices("\"nodig\":\"")
        .map(|(i, m)| i + m.len())
        .collect();
    let at = starts[(k * 7919) % starts.len()];
    let mut rest = &text[at..];
    if let Some(after) = rest.strip_prefix("Wijziging ") {
        rest = &after[after.find(": ").unwrap() + 2..];
    }
    format!("{}Wijziging {k}: {rest}", &text[..at])
}

/// Stores `text` as the revision after `revision` through the store (what
/// the update handler does after it has checked the document).
async fn store_update(state: &AppState, id: &str, revision: i64, text: &str) {
    let saved = proeftuin_server::api::store::update(&state.db, id, revision, text, &state.storage)
        .await
        .unwrap();
    assert_eq!(
        saved,
        proeftuin_server::api::store::Updated::Saved(revision + 1)
    );
}

/// `len` characters that do not compress: every one costs about a byte.
fn noise(seed: u64, len: usize) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'a' + (x % 26) as u8)
        })
        .collect()
}

/// What these tests read in an answer besides what every test binary does.
impl Answer {
    /// The stored JSON text of the document in the answer, exactly as sent:
    /// the server puts it in after `"document":`, as the last field.
    fn document_text(&self) -> &str {
        let at = self
            .raw
            .find(",\"document\":")
            .unwrap_or_else(|| panic!("no document in {}", self.raw));
        &self.raw[at + ",\"document\":".len()..self.raw.len() - 1]
    }

    /// [`assert_error`], with a message long enough to be Dutch for people.
    fn assert_error(&self, status: StatusCode, code: &str) {
        assert_error(self, status, code);
        assert!(
            self.body["message"].as_str().is_some_and(|m| m.len() > 40),
            "a Dutch message for people: {}",
            self.raw
        );
    }
}

/// Sends `call` through the router; no answer within [`REQUEST_TIMEOUT`] is a failure.
async fn send(state: &AppState, call: Call) -> Answer {
    tokio::time::timeout(REQUEST_TIMEOUT, call.send(state))
        .await
        .unwrap_or_else(|_| panic!("no answer within {REQUEST_TIMEOUT:?}"))
}

/// Creates `doc`; returns the edit secret and the stored text of revision 1.
async fn create(state: &AppState, doc: &Proeftuin) -> (String, String) {
    let answer = send(state, call(Method::POST, "/api/proeftuinen").json(doc)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    (
        answer.body["edit_secret"].as_str().unwrap().to_string(),
        answer.document_text().to_string(),
    )
}

async fn put(state: &AppState, secret: &str, revision: i64, doc: &Proeftuin) -> Answer {
    let uri = format!("/api/proeftuinen/{}", doc.id);
    send(
        state,
        call(Method::PUT, &uri)
            .secret(secret)
            .revision(revision)
            .json(doc),
    )
    .await
}

/// Stores `doc` as the revision after `revision`; returns its stored text.
async fn update(state: &AppState, secret: &str, revision: i64, doc: &Proeftuin) -> String {
    let answer = put(state, secret, revision, doc).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert_eq!(answer.body["revision"], revision + 1);
    answer.document_text().to_string()
}

/// `(revision, saved_at)` of every kept revision, oldest first.
async fn kept(state: &AppState, id: &str, secret: &str) -> Vec<(i64, DateTime<Utc>)> {
    let answer = send(
        state,
        call(Method::GET, &format!("/api/proeftuinen/{id}/revisions")).secret(secret),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    answer
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let at = DateTime::parse_from_rfc3339(r["saved_at"].as_str().unwrap())
                .unwrap()
                .with_timezone(&Utc);
            (r["revision"].as_i64().unwrap(), at)
        })
        .collect()
}

/// Asserts that every kept revision of `id` reads back as exactly the text
/// that was acknowledged for it, and that every kept one was acknowledged.
async fn assert_kept_read_back(
    state: &AppState,
    id: &str,
    secret: &str,
    acknowledged: &BTreeMap<i64, String>,
) -> usize {
    let list = kept(state, id, secret).await;
    assert!(!list.is_empty());
    for (revision, _) in &list {
        let answer = send(
            state,
            call(
                Method::GET,
                &format!("/api/proeftuinen/{id}/revisions/{revision}"),
            )
            .secret(secret),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
        let expected = acknowledged
            .get(revision)
            .unwrap_or_else(|| panic!("revision {revision} was never acknowledged"));
        assert!(
            answer.document_text() == expected,
            "revision {revision} of {id} reads back differently"
        );
    }
    list.len()
}

fn with_clock(state: &mut AppState) -> Clock {
    let clock = Clock::manual(start());
    state.storage.clock = clock.clone();
    clock
}

// ---------------------------------------------------------------------------------------------

async fn every_kept_revision_reads_back_byte_for_byte_after_many_edits(backend: Backend) {
    let mut fx = fixture(backend).await;
    with_clock(&mut fx.state);
    let state = &fx.state;
    let mut doc = document("veel-1");
    let (secret, first) = create(state, &doc).await;
    let mut acknowledged = BTreeMap::from([(1, first)]);
    // Past two keyframes (every 64th revision is stored whole), with small
    // edits, a large one (a whole new text) and one back to an old state.
    let original = doc.clone();
    for n in 1..=140i64 {
        match n {
            70 => doc.afronden.notities = noise(7, 5_000),
            100 => {
                doc = original.clone();
                doc.changed += Duration::seconds(1);
            }
            _ => small_edit(&mut doc, n as usize),
        }
        acknowledged.insert(n + 1, update(state, &secret, n, &doc).await);
    }
    let read = assert_kept_read_back(state, "veel-1", &secret, &acknowledged).await;
    assert_eq!(read, 141, "all of the last 24 hours are kept");
    // A revision that is not kept is a 404, not an error.
    let none = send(
        state,
        call(Method::GET, "/api/proeftuinen/veel-1/revisions/142").secret(&secret),
    )
    .await;
    none.assert_error(StatusCode::NOT_FOUND, "not_found");
    // The current revision is stored once: its history row holds no copy.
    let stored: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT revision, encoding, size FROM revisions WHERE proeftuin_id = 'veel-1' ORDER BY revision",
    )
    .fetch_all(state.db.pool())
    .await
    .unwrap();
    assert_eq!(stored.last().unwrap(), &(141, "current".to_string(), 0));
    assert_eq!(stored[63].1, "zstd", "revision 64 is a keyframe");
    assert_eq!(stored[127].1, "zstd", "and revision 128");
    assert_eq!(stored.iter().filter(|r| r.1 == "zdelta").count(), 138);
}

async fn weeks_of_editing_keep_the_last_day_then_one_per_hour_then_one_per_day(backend: Backend) {
    let mut fx = fixture(backend).await;
    let clock = with_clock(&mut fx.state);
    let state = &fx.state;
    let mut doc = document("weken-1");
    let (secret, first) = create(state, &doc).await;
    let mut acknowledged = BTreeMap::from([(1i64, first.clone())]);
    let mut saved_at = BTreeMap::from([(1i64, start())]);
    let mut revision = 1;
    let mut text = first;
    // Three days of an edit every 20 minutes, then 18 days of one every 5 hours.
    let steps = (0..216)
        .map(|_| Duration::minutes(20))
        .chain((0..86).map(|_| Duration::hours(5)));
    for (k, step) in steps.enumerate() {
        clock.advance(step);
        text = small_text_edit(&text, k);
        store_update(state, "weken-1", revision, &text).await;
        revision += 1;
        acknowledged.insert(revision, text.clone());
        saved_at.insert(revision, clock.now());
    }
    let now = clock.now();
    let list = kept(state, "weken-1", &secret).await;
    let numbers: Vec<i64> = list.iter().map(|(n, _)| *n).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(numbers.last(), Some(&revision), "the current one is kept");
    assert!(
        list.len() < 120,
        "thinned: {} of {revision} kept",
        list.len()
    );
    let kept_set: BTreeSet<i64> = numbers.iter().copied().collect();
    // A pass may run up to this late (see `store::revisions::PASS_INTERVAL`).
    let slack = Duration::minutes(15);
    let mut hours: BTreeMap<DateTime<Utc>, usize> = BTreeMap::new();
    let mut days: BTreeMap<DateTime<Utc>, usize> = BTreeMap::new();
    for (n, at) in &saved_at {
        assert_eq!(
            list.iter()
                .find(|(k, _)| k == n)
                .map(|(_, t)| *t)
                .unwrap_or(*at),
            *at
        );
        let age = now - *at;
        let is_kept = kept_set.contains(n);
        if age < Duration::hours(24) {
            assert!(is_kept, "revision {n} of the last 24 hours is kept");
        } else if age > Duration::hours(24) + slack && age < Duration::days(7) {
            *hours
                .entry(at.duration_trunc(Duration::hours(1)).unwrap())
                .or_default() += usize::from(is_kept);
        } else if age > Duration::days(7) + slack {
            *days
                .entry(at.duration_trunc(Duration::days(1)).unwrap())
                .or_default() += usize::from(is_kept);
        }
    }
    assert!(
        hours.len() > 24 && days.len() > 10,
        "{} hours, {} days",
        hours.len(),
        days.len()
    );
    assert!(hours.values().all(|n| *n == 1), "one per hour: {hours:?}");
    assert!(days.values().all(|n| *n <= 1), "one per day: {days:?}");
    let oldest_full_day = (now - Duration::days(8))
        .duration_trunc(Duration::days(1))
        .unwrap();
    assert!(
        days.iter()
            .filter(|(d, _)| **d < oldest_full_day)
            .all(|(_, n)| *n == 1),
        "every older day keeps one: {days:?}"
    );
    assert_kept_read_back(state, "weken-1", &secret, &acknowledged).await;
    // A new revision after thinning takes the next number, never a freed one.
    clock.advance(Duration::minutes(1));
    small_edit(&mut doc, 9999);
    doc.stakeholders[0].naam = "Na het uitdunnen".into();
    let text = update(state, &secret, revision, &doc).await;
    acknowledged.insert(revision + 1, text);
    assert_eq!(
        kept(state, "weken-1", &secret).await.last().unwrap().0,
        revision + 1
    );
    assert_kept_read_back(state, "weken-1", &secret, &acknowledged).await;
}

async fn an_update_over_the_quota_is_413_and_changes_nothing(backend: Backend) {
    let mut fx = fixture(backend).await;
    with_clock(&mut fx.state);
    fx.state.storage.quota_bytes = 64 * 1024;
    let state = &fx.state;
    let mut doc = document("vol-1");
    let (secret, first) = create(state, &doc).await;
    let mut acknowledged = BTreeMap::from([(1i64, first)]);
    let mut revision = 1;
    // Each revision adds 4 KB that no compression can save.
    let refused = loop {
        assert!(revision < 40, "the quota never came");
        doc.afronden.notities = noise(revision as u64, 4_000);
        let answer = put(state, &secret, revision, &doc).await;
        if answer.status != StatusCode::OK {
            break answer;
        }
        revision += 1;
        acknowledged.insert(revision, answer.document_text().to_string());
    };
    refused.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "quota_exceeded");
    let message = refused.body["message"].as_str().unwrap();
    assert!(message.contains("Exporteer") && message.contains("veilig op dit apparaat"));
    assert!(revision > 5, "a reasonable history fits: {revision}");
    // Nothing changed: the current document and the history are as acknowledged.
    let current = send(
        state,
        call(Method::GET, "/api/proeftuinen/vol-1").secret(&secret),
    )
    .await;
    assert_eq!(current.body["revision"], revision);
    assert_eq!(current.document_text(), acknowledged[&revision]);
    assert_eq!(
        assert_kept_read_back(state, "vol-1", &secret, &acknowledged).await,
        revision as usize
    );
    // A small edit that fits is still taken; trying again is refused again.
    let again = put(state, &secret, revision, &doc).await;
    again.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "quota_exceeded");
    let (bytes, counted) = stored_bytes(state, "vol-1").await;
    assert_eq!(bytes, counted, "the bookkeeping matches what is stored");
    assert!(bytes <= 64 * 1024);
}

/// `stored_bytes` of a proeftuin, and what it stores counted row by row.
async fn stored_bytes(state: &AppState, id: &str) -> (i64, i64) {
    let (bytes, document): (i64, String) =
        sqlx::query_as("SELECT stored_bytes, document FROM proeftuinen WHERE id = $1")
            .bind(id)
            .fetch_one(state.db.pool())
            .await
            .unwrap();
    let sizes: Vec<(i64, String, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT size, encoding, data FROM revisions WHERE proeftuin_id = $1")
            .bind(id)
            .fetch_all(state.db.pool())
            .await
            .unwrap();
    for (size, encoding, data) in &sizes {
        if encoding != "current" && encoding != "full" {
            assert_eq!(*size, data.as_ref().unwrap().len() as i64);
        }
    }
    (
        bytes,
        document.len() as i64 + sizes.iter().map(|(s, _, _)| s).sum::<i64>(),
    )
}

async fn a_new_document_over_the_quota_is_413(backend: Backend) {
    let mut fx = fixture(backend).await;
    fx.state.storage.quota_bytes = 4 * 1024;
    let answer = send(
        &fx.state,
        call(Method::POST, "/api/proeftuinen").json(&document("groot-1")),
    )
    .await;
    answer.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "quota_exceeded");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM proeftuinen")
        .fetch_one(fx.state.db.pool())
        .await
        .unwrap();
    assert_eq!(count, 0);
}

async fn thinning_makes_room_again_once_old_revisions_leave_the_last_day(backend: Backend) {
    let mut fx = fixture(backend).await;
    let clock = with_clock(&mut fx.state);
    fx.state.storage.quota_bytes = 64 * 1024;
    let state = &fx.state;
    let mut doc = document("ruimte-1");
    let (secret, first) = create(state, &doc).await;
    let mut acknowledged = BTreeMap::from([(1i64, first)]);
    let mut revision = 1;
    loop {
        clock.advance(Duration::minutes(1));
        doc.afronden.notities = noise(revision as u64, 4_000);
        let answer = put(state, &secret, revision, &doc).await;
        if answer.status != StatusCode::OK {
            answer.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "quota_exceeded");
            break;
        }
        revision += 1;
        acknowledged.insert(revision, answer.document_text().to_string());
    }
    // A day later the history of that hour is one revision: room again.
    clock.advance(Duration::hours(25));
    let text = update(state, &secret, revision, &doc).await;
    acknowledged.insert(revision + 1, text);
    let list = kept(state, "ruimte-1", &secret).await;
    assert!(list.len() <= 3, "{list:?}");
    assert_eq!(list.last().unwrap().0, revision + 1);
    assert_kept_read_back(state, "ruimte-1", &secret, &acknowledged).await;
    let (bytes, counted) = stored_bytes(state, "ruimte-1").await;
    assert_eq!(bytes, counted);
}

async fn rows_from_before_compact_storage_are_rewritten_and_read_back(backend: Backend) {
    let mut fx = fixture(backend).await;
    with_clock(&mut fx.state);
    let state = &fx.state;
    let mut doc = document("oud-1");
    let (secret, first) = create(state, &doc).await;
    let mut acknowledged = BTreeMap::from([(1i64, first)]);
    for n in 1..=70i64 {
        small_edit(&mut doc, n as usize);
        acknowledged.insert(n + 1, update(state, &secret, n, &doc).await);
    }
    // As migration 0005 leaves a database from before: old rows plain JSON
    // text, the first update due to thin at once.
    for (n, text) in acknowledged.range(..71) {
        sqlx::query(
            "UPDATE revisions SET encoding = 'full', document = $1, data = NULL, size = $2 \
             WHERE proeftuin_id = 'oud-1' AND revision = $3",
        )
        .bind(text)
        .bind(text.len() as i64)
        .bind(n)
        .execute(state.db.pool())
        .await
        .unwrap();
    }
    sqlx::query("UPDATE proeftuinen SET history_due = '', stored_bytes = 0 WHERE id = 'oud-1'")
        .execute(state.db.pool())
        .await
        .unwrap();
    // Old rows read as they are, before and after they are rewritten.
    assert_kept_read_back(state, "oud-1", &secret, &acknowledged).await;
    small_edit(&mut doc, 71);
    acknowledged.insert(72, update(state, &secret, 71, &doc).await);
    let full: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM revisions WHERE proeftuin_id = 'oud-1' AND encoding = 'full'",
    )
    .fetch_one(state.db.pool())
    .await
    .unwrap();
    assert_eq!(full, 0, "every old row is compact now");
    assert_eq!(
        assert_kept_read_back(state, "oud-1", &secret, &acknowledged).await,
        72
    );
    let (bytes, counted) = stored_bytes(state, "oud-1").await;
    assert_eq!(bytes, counted);
    let one = acknowledged[&72].len() as i64;
    assert!(
        bytes < 4 * one,
        "72 revisions of {one} bytes in {bytes} bytes"
    );
}

/// The size of the database files, after moving the WAL into the database
/// and giving free pages back (SQLite), or after `VACUUM FULL` (PostgreSQL).
async fn database_bytes(state: &AppState) -> i64 {
    let pool = state.db.pool();
    match state.db.backend() {
        Backend::Sqlite => {
            sqlx::raw_sql(
                "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE)",
            )
            .execute(pool)
            .await
            .unwrap();
            let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
                .fetch_one(pool)
                .await
                .unwrap();
            let size: i64 = sqlx::query_scalar("PRAGMA page_size")
                .fetch_one(pool)
                .await
                .unwrap();
            pages * size
        }
        Backend::Postgres => {
            // One statement each: several in one go would be one transaction.
            for table in ["proeftuinen", "revisions"] {
                sqlx::raw_sql(&format!("VACUUM FULL {table}"))
                    .execute(pool)
                    .await
                    .unwrap();
            }
            sqlx::query_scalar(
                "SELECT CAST(pg_total_relation_size('proeftuinen') + pg_total_relation_size('revisions') AS BIGINT)",
            )
            .fetch_one(pool)
            .await
            .unwrap()
        }
    }
}

async fn a_30_kb_plan_edited_1000_times_stores_under_2_mb(backend: Backend) {
    let mut fx = fixture(backend).await;
    let clock = with_clock(&mut fx.state);
    let state = &fx.state;
    let doc = grown("plan-30kb", 30_000);
    let (secret, first) = create(state, &doc).await;
    let empty = database_bytes(state).await;
    // A thousand small edits, every 15 seconds: all within one working day,
    // so the policy keeps every one of them. Through the store, for speed.
    let mut acknowledged = BTreeMap::from([(1i64, first.clone())]);
    let mut text = first;
    for n in 1..=1000i64 {
        clock.advance(Duration::seconds(15));
        text = small_text_edit(&text, n as usize);
        store_update(state, "plan-30kb", n, &text).await;
        acknowledged.insert(n + 1, text.clone());
    }
    let list = kept(state, "plan-30kb", &secret).await;
    assert_eq!(list.len(), 1001);
    // A sample reads back byte for byte (every 50th, and the oldest ones).
    for (n, _) in list.iter().filter(|(n, _)| n % 50 == 1 || *n < 4) {
        let answer = send(
            state,
            call(
                Method::GET,
                &format!("/api/proeftuinen/plan-30kb/revisions/{n}"),
            )
            .secret(&secret),
        )
        .await;
        assert_eq!(answer.document_text(), acknowledged[n], "revision {n}");
    }
    let bytes = database_bytes(state).await;
    let (stored, counted) = stored_bytes(state, "plan-30kb").await;
    assert_eq!(stored, counted);
    eprintln!(
        "{backend:?}: 30 KB plan ({} bytes), 1,000 edits: database {bytes} bytes \
         (after create {empty}), stored_bytes {stored}",
        text.len()
    );
    assert!(bytes < 2 * 1024 * 1024, "{bytes} bytes");
}

// ---------------------------------------------------------------------------------------------
// Storage faults

/// Installs (PostgreSQL) a trigger that fails every new history row with the
/// SQLSTATE in table `injected_fault`, if it holds one.
async fn install_fault_trigger(state: &AppState) {
    sqlx::raw_sql(
        "CREATE TABLE injected_fault (code TEXT NOT NULL); \
         CREATE FUNCTION injected_fault() RETURNS trigger AS $$ \
         DECLARE c TEXT; \
         BEGIN \
             SELECT code INTO c FROM injected_fault LIMIT 1; \
             IF c IS NOT NULL THEN RAISE EXCEPTION 'injected fault' USING ERRCODE = c; END IF; \
             RETURN NEW; \
         END $$ LANGUAGE plpgsql; \
         CREATE TRIGGER injected_fault BEFORE INSERT ON revisions \
             FOR EACH ROW EXECUTE FUNCTION injected_fault();",
    )
    .execute(state.db.pool())
    .await
    .unwrap();
}

/// Makes writes fail: SQLite fills up (a page limit a few pages above what is
/// in use), PostgreSQL raises `code` from the trigger.
async fn break_storage(state: &AppState, code: &str) {
    match state.db.backend() {
        Backend::Sqlite => {
            let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
                .fetch_one(state.db.pool())
                .await
                .unwrap();
            state
                .db
                .set_max_page_count(Some(pages as u64 + 4))
                .await
                .unwrap();
        }
        Backend::Postgres => {
            sqlx::query("INSERT INTO injected_fault (code) VALUES ($1)")
                .bind(code)
                .execute(state.db.pool())
                .await
                .unwrap();
        }
    }
}

async fn mend_storage(state: &AppState) {
    match state.db.backend() {
        Backend::Sqlite => state.db.set_max_page_count(None).await.unwrap(),
        Backend::Postgres => {
            sqlx::query("DELETE FROM injected_fault")
                .execute(state.db.pool())
                .await
                .unwrap();
        }
    }
}

async fn health(state: &AppState) -> (StatusCode, String, String) {
    let answer = send(state, call(Method::GET, "/api/health")).await;
    (
        answer.status,
        answer.body["status"].as_str().unwrap().to_string(),
        answer.body["database"].as_str().unwrap().to_string(),
    )
}

/// One client: updates its own document until it has seen `failures_wanted`
/// refusals in a row (or `max_tries`); returns what was acknowledged, the
/// refusals' statuses and codes, and its last revision.
async fn client_stream(
    state: AppState,
    id: String,
    secret: String,
    mut revision: i64,
    acks: Arc<AtomicUsize>,
    failures_wanted: usize,
    max_tries: usize,
) -> (BTreeMap<i64, String>, Vec<(StatusCode, String)>, i64) {
    let mut doc = grown(&id, 12_000);
    let mut acknowledged = BTreeMap::new();
    let mut refusals = Vec::new();
    let mut in_a_row = 0;
    for k in 0..max_tries {
        // 2 KB that do not compress: the database grows with every update.
        doc.afronden.notities = noise((revision as u64) << 8 | k as u64, 2_000);
        let answer = put(&state, &secret, revision, &doc).await;
        if answer.status == StatusCode::OK {
            revision += 1;
            assert_eq!(answer.body["revision"], revision);
            acknowledged.insert(revision, answer.document_text().to_string());
            acks.fetch_add(1, Ordering::Relaxed);
            in_a_row = 0;
        } else {
            refusals.push((
                answer.status,
                answer.body["code"].as_str().unwrap_or_default().to_string(),
            ));
            assert!(
                answer.body["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("veilig op dit apparaat")),
                "{}",
                answer.raw
            );
            in_a_row += 1;
            if in_a_row >= failures_wanted {
                break;
            }
        }
    }
    (acknowledged, refusals, revision)
}

async fn a_full_disk_during_a_stream_of_updates_loses_nothing_acknowledged(backend: Backend) {
    const CLIENTS: usize = 4;
    let mut fx = fixture(backend).await;
    with_clock(&mut fx.state);
    let state = fx.state.clone();
    if backend == Backend::Postgres {
        install_fault_trigger(&state).await;
    }
    assert_eq!(
        health(&state).await,
        (StatusCode::OK, "ok".into(), "ok".into())
    );
    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let id = format!("stroom-{c}");
        let (secret, first) = create(&state, &grown(&id, 12_000)).await;
        clients.push((id, secret, BTreeMap::from([(1i64, first)]), 1i64));
    }
    // Faults to try, one after the other: (SQLSTATE for PostgreSQL, status, code).
    let faults: &[(&str, StatusCode, &str, &str)] = match backend {
        Backend::Sqlite => &[("", StatusCode::INSUFFICIENT_STORAGE, "storage_full", "full")],
        Backend::Postgres => &[
            (
                "53100",
                StatusCode::INSUFFICIENT_STORAGE,
                "storage_full",
                "full",
            ),
            (
                "53200",
                StatusCode::INSUFFICIENT_STORAGE,
                "storage_full",
                "full",
            ),
            (
                "58030",
                StatusCode::SERVICE_UNAVAILABLE,
                "storage_error",
                "io_error",
            ),
        ],
    };
    let mut refused_total = 0;
    for (sqlstate, status, code, database) in faults {
        // A stream that runs into the fault: several clients at once, each
        // until it was refused three times in a row.
        let acks = Arc::new(AtomicUsize::new(0));
        let streams: Vec<_> = clients
            .iter()
            .map(|(id, secret, _, revision)| {
                tokio::spawn(client_stream(
                    state.clone(),
                    id.clone(),
                    secret.clone(),
                    *revision,
                    acks.clone(),
                    3,
                    400,
                ))
            })
            .collect();
        // Some updates go through first, then the storage breaks under them.
        let waited = tokio::time::timeout(REQUEST_TIMEOUT, async {
            while acks.load(Ordering::Relaxed) < 2 * CLIENTS {
                tokio::time::sleep(StdDuration::from_millis(5)).await;
            }
        })
        .await;
        assert!(waited.is_ok(), "the stream did not get going");
        break_storage(&state, sqlstate).await;
        for (stream, client) in streams.into_iter().zip(clients.iter_mut()) {
            let (acked, refusals, revision) = stream.await.unwrap();
            assert!(refusals.len() >= 3, "{} was never refused", client.0);
            for (s, c) in &refusals {
                assert_eq!((s, c.as_str()), (status, *code), "never a 500");
            }
            refused_total += refusals.len();
            client.2.extend(acked);
            client.3 = revision;
        }
        assert_eq!(
            health(&state).await,
            (StatusCode::OK, "degraded".into(), database.to_string())
        );
        // Room again: the next update of every client goes through.
        mend_storage(&state).await;
        for (id, secret, acked, revision) in clients.iter_mut() {
            let mut doc = grown(id, 12_000);
            doc.afronden.notities = noise(*revision as u64, 100);
            let text = update(&state, secret, *revision, &doc).await;
            *revision += 1;
            acked.insert(*revision, text);
        }
        assert_eq!(
            health(&state).await,
            (StatusCode::OK, "ok".into(), "ok".into())
        );
    }
    // Every acknowledged update is there, with exactly the acknowledged content.
    for (id, secret, acked, revision) in &clients {
        let current = send(
            &state,
            call(Method::GET, &format!("/api/proeftuinen/{id}")).secret(secret),
        )
        .await;
        assert_eq!(current.body["revision"], *revision);
        assert_eq!(current.document_text(), acked[revision]);
        let read = assert_kept_read_back(&state, id, secret, acked).await;
        assert_eq!(
            read,
            acked.len(),
            "every acknowledged revision of {id} is kept"
        );
    }
    eprintln!(
        "{backend:?}: {} faults, {refused_total} updates refused with a storage fault",
        faults.len()
    );
    if backend == Backend::Sqlite {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(state.db.pool())
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
}
