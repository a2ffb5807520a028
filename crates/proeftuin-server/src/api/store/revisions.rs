//! The SQL of a proeftuin's revision history: updates (with the quota and
//! the thinning pass), the list of kept revisions and reading one of them.
//! The encoding and the policy themselves are in [`crate::api::history`].
//!
//! Bookkeeping on `proeftuinen`: `stored_bytes` is what the proeftuin stores
//! (its document plus the `size` of every history row), kept up to date by
//! every update and recounted by every thinning pass; `history_due` is when
//! the next pass is due (RFC 3339 text, compared as text).
//!
//! An update is prepared outside the database's writer: the handler's task
//! reads the current revision and encodes it against the new document (the
//! zstd work, off the one SQLite writer). The write itself then is, in the
//! common case, one compare-and-set `UPDATE` that also checks the quota and
//! that no pass is due, plus two statements for the history rows (on
//! PostgreSQL all three in one statement, committed on its own). Only when
//! that `UPDATE` changes nothing does the slow path run in a transaction: it
//! locks the row, tells a stale revision from a full quota or a due pass,
//! thins, and writes.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use sqlx::AnyConnection;

use super::{current_in, Current};
use crate::api::history::{self, Kept};
use crate::db::{Backend, Db, WriteFuture, Written};

/// Default for the most bytes one proeftuin may store (document and history).
pub const DEFAULT_QUOTA_BYTES: u64 = 20 * 1024 * 1024;

/// `history_due` of a proeftuin with nothing to thin: later than any real time.
pub const NEVER_DUE: &str = "9999-12-31T23:59:59.999Z";

/// Two passes of one proeftuin are at least this far apart (unless it is over
/// its quota): thinning a little late only keeps a little more.
pub const PASS_INTERVAL: Duration = Duration::minutes(15);

/// Text (bytes of JSON) a pass may decode and re-encode; the rest waits for
/// the next update. Not for a pass because of the quota: that one finishes.
const PASS_BUDGET: usize = 16 * 1024 * 1024;

/// Encoding work on texts larger than this runs on a blocking thread.
const BLOCKING_ABOVE: usize = 128 * 1024;

/// Rows a pass reads at a time.
const PAGE: i64 = 32;

/// The clock that dates revisions and drives thinning. The system clock,
/// or for tests a manual one that only moves when told to.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock standing at `at` until [`Clock::set`] or [`Clock::advance`].
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self(Some(Arc::new(Mutex::new(at))))
    }

    /// The time now.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Sets a manual clock. Panics on the system clock.
    pub fn set(&self, to: DateTime<Utc>) {
        let at = self.0.as_ref().expect("only a manual clock can be set");
        *at.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }

    /// Moves a manual clock on. Panics on the system clock.
    pub fn advance(&self, by: Duration) {
        self.set(self.now() + by);
    }
}

/// What the history of every proeftuin may use, and its clock.
#[derive(Clone, Debug)]
pub struct StorageSettings {
    /// Most bytes one proeftuin stores: its document and its kept revisions.
    pub quota_bytes: u64,
    /// Dates revisions and drives thinning.
    pub clock: Clock,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            quota_bytes: DEFAULT_QUOTA_BYTES,
            clock: Clock::system(),
        }
    }
}

impl StorageSettings {
    /// The quota as the database compares it.
    pub fn quota(&self) -> i64 {
        i64::try_from(self.quota_bytes).unwrap_or(i64::MAX)
    }
}

/// A time as stored: RFC 3339 in UTC with milliseconds.
pub fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// What became of an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Updated {
    /// Stored as this new revision.
    Saved(i64),
    /// The expected revision was not the current one: here is the current one.
    Stale(Current),
    /// The proeftuin does not exist (any more).
    Gone,
    /// Storing it would take the proeftuin over its quota, even after thinning
    /// (which has run): nothing was stored.
    OverQuota,
}

/// The revision that stops being the current one, encoded for the history.
#[derive(Debug, Clone)]
struct Demoted {
    encoding: &'static str,
    data: Vec<u8>,
    /// How much `stored_bytes` grows: the new document's length minus the
    /// old one's, plus the encoded old revision.
    grows_by: i64,
    /// When the old revision leaves the last 24 hours (a pass may be due then).
    due: String,
}

fn len(text: &str) -> i64 {
    i64::try_from(text.len()).unwrap_or(i64::MAX)
}

/// Encodes `old` (revision `revision`) for the history, with `new` after it.
fn demote(revision: i64, old: &Current, new: &str) -> Demoted {
    let (encoding, data) = history::encode_old(revision, &old.document, new);
    let due = parse_time(&old.changed_at)
        .map(|t| time_text(t + history::KEEP_ALL_FOR))
        .unwrap_or_default();
    Demoted {
        encoding,
        grows_by: len(new) - len(&old.document) + len_bytes(&data),
        data,
        due,
    }
}

fn len_bytes(data: &[u8]) -> i64 {
    i64::try_from(data.len()).unwrap_or(i64::MAX)
}

/// [`demote`], on a blocking thread for large texts.
async fn demote_off_writer(revision: i64, old: Current, new: &str) -> Demoted {
    if old.document.len() + new.len() <= BLOCKING_ABOVE {
        return demote(revision, &old, new);
    }
    let new_owned = new.to_owned();
    match tokio::task::spawn_blocking(move || demote(revision, &old, &new_owned)).await {
        Ok(demoted) => demoted,
        Err(panic) => std::panic::resume_unwind(panic.into_panic()),
    }
}

struct Update {
    id: String,
    expected: i64,
    document: String,
    now: DateTime<Utc>,
    quota: i64,
    backend: Backend,
    /// Encoded in advance from the revision read before the write; `None` when
    /// that read did not find `expected` (the write then finds out why).
    demoted: Option<Demoted>,
}

/// Stores `document` as the next revision if `expected` is still the current
/// one and the proeftuin stays within its quota; the old revision goes into
/// the history compactly, and history that the policy no longer keeps is
/// thinned.
pub async fn update(
    db: &Db,
    id: &str,
    expected: i64,
    document: &str,
    settings: &StorageSettings,
) -> Result<Updated, sqlx::Error> {
    let current = super::current(db, id).await?;
    update_from(db, id, expected, document, settings, current).await
}

/// [`update`] with the current revision read already (by the caller, outside
/// any transaction; the write checks again that it is still current).
pub async fn update_from(
    db: &Db,
    id: &str,
    expected: i64,
    document: &str,
    settings: &StorageSettings,
    current: Option<Current>,
) -> Result<Updated, sqlx::Error> {
    let demoted = match current {
        Some(old) if old.revision == expected => {
            Some(demote_off_writer(expected, old, document).await)
        }
        _ => None,
    };
    let args = Update {
        id: id.to_owned(),
        expected,
        document: document.to_owned(),
        now: settings.clock.now(),
        quota: settings.quota(),
        backend: db.backend(),
        demoted,
    };
    if db.backend() == Backend::Postgres {
        if let Some(demoted) = &args.demoted {
            let saved = db.noted(update_postgres_fast(db, &args, demoted).await)?;
            if saved {
                return Ok(Updated::Saved(expected + 1));
            }
        }
    }
    db.write(args, update_work).await
}

/// The common case on PostgreSQL in one statement, committed on its own: the
/// compare-and-set (with the quota and no pass due), the old revision's row
/// rewritten and the new one's added only for the row it changed. Under READ
/// COMMITTED a concurrent writer of the same row waits for the row lock and
/// re-checks the conditions on the committed row. False when it changed
/// nothing.
async fn update_postgres_fast(db: &Db, a: &Update, demoted: &Demoted) -> Result<bool, sqlx::Error> {
    let now = time_text(a.now);
    let saved = fast_update(
        "WITH changed AS ( \
             UPDATE proeftuinen SET revision = $1, document = $2, changed_at = $3, \
                 stored_bytes = stored_bytes + $4, \
                 history_due = CASE WHEN history_due > $5 THEN $5 ELSE history_due END \
             WHERE id = $6 AND revision = $7 AND stored_bytes + $4 <= $8 AND history_due > $3 \
             RETURNING id \
         ), demoted AS ( \
             UPDATE revisions SET encoding = $9, data = $10, size = $11, document = '' \
             WHERE proeftuin_id IN (SELECT id FROM changed) AND revision = $7 RETURNING revision \
         ) \
         INSERT INTO revisions (proeftuin_id, revision, document, saved_at, encoding, size) \
         SELECT id, $1, '', $3, 'current', 0 FROM changed",
        a,
        demoted,
        &now,
    )
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(saved == 1)
}

fn update_work<'c>(conn: &'c mut AnyConnection, a: &'c Update) -> WriteFuture<'c, Updated> {
    Box::pin(async move {
        let now = time_text(a.now);
        let next = a.expected + 1;
        if let (Some(demoted), Backend::Sqlite) = (&a.demoted, a.backend) {
            if update_sqlite_fast(conn, a, demoted, &now).await? {
                return Ok(Written::keep(Updated::Saved(next)));
            }
        }
        // On PostgreSQL the same compare-and-set was tried on its own already
        // ([`update_postgres_fast`]); it changed nothing, so the locked way decides.
        // Locked, so that nothing changes between the checks and the write.
        let lock = match a.backend {
            Backend::Postgres => {
                "SELECT revision, stored_bytes, history_due FROM proeftuinen WHERE id = $1 FOR UPDATE"
            }
            Backend::Sqlite => {
                "SELECT revision, stored_bytes, history_due FROM proeftuinen WHERE id = $1"
            }
        };
        let state: Option<(i64, i64, String)> = sqlx::query_as(lock)
            .bind(&a.id)
            .fetch_optional(&mut *conn)
            .await?;
        let Some((revision, stored_bytes, history_due)) = state else {
            return Ok(Written::discard(Updated::Gone));
        };
        if revision != a.expected {
            return Ok(Written::discard(
                match current_in(&mut *conn, &a.id).await? {
                    Some(current) => Updated::Stale(current),
                    None => Updated::Gone,
                },
            ));
        }
        let demoted = match &a.demoted {
            Some(demoted) => demoted.clone(),
            None => match current_in(&mut *conn, &a.id).await? {
                Some(old) => demote(a.expected, &old, &a.document),
                None => return Ok(Written::discard(Updated::Gone)),
            },
        };
        let over = stored_bytes.saturating_add(demoted.grows_by) > a.quota;
        let (stored_bytes, history_due) = if over || history_due <= now {
            let budget = if over { usize::MAX } else { PASS_BUDGET };
            let pass = thin(conn, &a.id, a.now, budget).await?;
            (pass.stored_bytes, pass.due)
        } else {
            (stored_bytes, history_due)
        };
        if stored_bytes.saturating_add(demoted.grows_by) > a.quota {
            // The pass stays: it only removed what the policy no longer keeps.
            return Ok(Written::keep(Updated::OverQuota));
        }
        let due = if demoted.due < history_due {
            &demoted.due
        } else {
            &history_due
        };
        sqlx::query(
            "UPDATE proeftuinen SET revision = $1, document = $2, changed_at = $3, \
                 stored_bytes = $4, history_due = $5 \
             WHERE id = $6 AND revision = $7",
        )
        .bind(next)
        .bind(&a.document)
        .bind(&now)
        .bind(stored_bytes + demoted.grows_by)
        .bind(due)
        .bind(&a.id)
        .bind(a.expected)
        .execute(&mut *conn)
        .await?;
        write_rows(conn, a, &demoted, &now).await?;
        Ok(Written::keep(Updated::Saved(next)))
    })
}

/// The common case on SQLite in one round trip to the writer connection's
/// thread: the compare-and-set of [`update_work`] (with the quota and no pass
/// due) and, only if it changed the row (`changes()`), the history rows of
/// [`write_rows`]. False when it changed nothing (the caller then takes the
/// slow path, inside the same transaction).
async fn update_sqlite_fast(
    conn: &mut AnyConnection,
    a: &Update,
    demoted: &Demoted,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let changed = fast_update(
        "UPDATE proeftuinen SET revision = $1, document = $2, changed_at = $3, \
             stored_bytes = stored_bytes + $4, \
             history_due = CASE WHEN history_due > $5 THEN $5 ELSE history_due END \
         WHERE id = $6 AND revision = $7 AND stored_bytes + $4 <= $8 AND history_due > $3; \
         INSERT INTO revisions (proeftuin_id, revision, document, saved_at, encoding, data, size) \
         SELECT * FROM (VALUES ($6, $7, '', $3, $9, $10, $11), ($6, $1, '', $3, 'current', NULL, 0)) \
         WHERE changes() = 1 \
         ON CONFLICT (proeftuin_id, revision) DO UPDATE SET encoding = excluded.encoding, \
             data = excluded.data, size = excluded.size, document = ''",
        a,
        demoted,
        now,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    // 1 for the row of the proeftuin and 2 for the history rows, or nothing.
    Ok(changed > 0)
}

/// The one-step update of [`update_postgres_fast`] and [`update_sqlite_fast`]:
/// `sql` with the parameters both use, `$1`..`$11`: new revision, document,
/// now, growth of `stored_bytes`, when a pass is due, id, expected revision,
/// quota, and the old revision's encoding, data and size.
fn fast_update<'q>(
    sql: &'q str,
    a: &'q Update,
    demoted: &'q Demoted,
    now: &'q str,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    sqlx::query(sql)
        .bind(a.expected + 1)
        .bind(&a.document)
        .bind(now)
        .bind(demoted.grows_by)
        .bind(&demoted.due)
        .bind(&a.id)
        .bind(a.expected)
        .bind(a.quota)
        .bind(demoted.encoding)
        .bind(&demoted.data)
        .bind(len_bytes(&demoted.data))
}

/// The history rows of an update in one statement: the old revision's row
/// (which exists: the current revision always has one) gets its encoded
/// text, keeping its `saved_at`; the new revision's row is added as current.
async fn write_rows(
    conn: &mut AnyConnection,
    a: &Update,
    demoted: &Demoted,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO revisions (proeftuin_id, revision, document, saved_at, encoding, data, size) \
         VALUES ($1, $2, '', $3, $4, $5, $6), ($1, $7, '', $3, 'current', NULL, 0) \
         ON CONFLICT (proeftuin_id, revision) DO UPDATE SET encoding = excluded.encoding, \
             data = excluded.data, size = excluded.size, document = ''",
    )
    .bind(&a.id)
    .bind(a.expected)
    .bind(now)
    .bind(demoted.encoding)
    .bind(&demoted.data)
    .bind(len_bytes(&demoted.data))
    .bind(a.expected + 1)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The outcome of a thinning pass.
struct Pass {
    /// `stored_bytes` after it, counted exactly.
    stored_bytes: i64,
    /// `history_due` after it.
    due: String,
}

/// A row as a pass reads it first (without its data).
struct Row {
    revision: i64,
    saved_at: String,
    encoding: String,
    size: i64,
}

fn self_contained(encoding: &str) -> bool {
    matches!(encoding, history::CURRENT | history::FULL | history::WHOLE)
}

/// The text of a row, given the text of the row above it (the next newer one).
fn decode(
    encoding: &str,
    data: Option<&[u8]>,
    document: String,
    current: &str,
    above: Option<&str>,
) -> Result<String, history::CorruptHistory> {
    let missing = || history::CorruptHistory(format!("a {encoding} row without its data"));
    match encoding {
        history::CURRENT => Ok(current.to_owned()),
        history::FULL => Ok(document),
        history::WHOLE => history::decode_whole(data.ok_or_else(missing)?),
        history::DELTA => history::decode_delta(
            data.ok_or_else(missing)?,
            above.ok_or_else(|| history::CorruptHistory("a delta without a newer row".into()))?,
        ),
        other => Err(history::CorruptHistory(format!("unknown encoding {other}"))),
    }
}

/// Thins the history of proeftuin `id` as the policy says at `now`, and
/// rewrites rows from before compact storage as deltas: walking down from the
/// nearest newer row stored whole, every row is decoded once; a kept row
/// whose next newer row goes is encoded again against the next kept one. A
/// row is removed only once the kept row below it no longer needs it. At most
/// `budget` bytes of text are handled; what is left waits for the next pass.
/// Counts `stored_bytes` again and sets `history_due`.
async fn thin(
    conn: &mut AnyConnection,
    id: &str,
    now: DateTime<Utc>,
    budget: usize,
) -> Result<Pass, sqlx::Error> {
    let (current_revision, current_doc): (i64, String) =
        sqlx::query_as("SELECT revision, document FROM proeftuinen WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let rows: Vec<Row> = sqlx::query_as::<_, (i64, String, String, i64)>(
        "SELECT revision, saved_at, encoding, size FROM revisions \
         WHERE proeftuin_id = $1 ORDER BY revision DESC",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(revision, saved_at, encoding, size)| Row {
        revision,
        saved_at,
        encoding,
        size,
    })
    .collect();
    // A row whose time cannot be read is kept.
    let kept: Vec<Kept> = rows
        .iter()
        .filter_map(|r| {
            parse_time(&r.saved_at).map(|saved_at| Kept {
                revision: r.revision,
                saved_at,
            })
        })
        .collect();
    let dropping: HashSet<i64> = history::to_drop(&kept, current_revision, now)
        .into_iter()
        .collect();
    let affected = |r: &Row| {
        dropping.contains(&r.revision)
            || (r.encoding == history::FULL && r.revision != current_revision)
    };
    let top = rows
        .iter()
        .filter(|r| affected(r))
        .map(|r| r.revision)
        .max();
    let bottom = rows
        .iter()
        .filter(|r| affected(r))
        .map(|r| r.revision)
        .min();
    let start = top.and_then(|top| {
        rows.iter()
            .filter(|r| r.revision > top && self_contained(&r.encoding))
            .map(|r| r.revision)
            .min()
    });

    let mut removed: Vec<i64> = Vec::new();
    let mut rewritten: Vec<(i64, &'static str, Vec<u8>)> = Vec::new();
    let mut unfinished = false;
    if let (Some(start), Some(bottom)) = (start, bottom) {
        let mut pending: Vec<i64> = Vec::new();
        let mut above: Option<String> = None;
        let mut newer_kept: Option<String> = None;
        let mut since_whole: i64 = 0;
        let mut spent = 0usize;
        let mut cursor = start;
        let mut done = false;
        'pages: while !done {
            let page: Vec<(i64, String, Option<Vec<u8>>, String)> = sqlx::query_as(
                "SELECT revision, encoding, data, document FROM revisions \
                 WHERE proeftuin_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3",
            )
            .bind(id)
            .bind(cursor)
            .bind(PAGE)
            .fetch_all(&mut *conn)
            .await?;
            if page.is_empty() {
                // Below the last row: nothing depends on the rows still pending.
                removed.append(&mut pending);
                break;
            }
            for (revision, encoding, data, document) in page {
                cursor = revision - 1;
                let text = match decode(
                    &encoding,
                    data.as_deref(),
                    document,
                    &current_doc,
                    above.as_deref(),
                ) {
                    Ok(text) => text,
                    Err(error) => {
                        // Nothing below a row that cannot be read is touched.
                        tracing::error!(%error, id, revision, "a stored revision cannot be read; thinning stops there");
                        pending.clear();
                        unfinished = true;
                        break 'pages;
                    }
                };
                spent = spent.saturating_add(text.len());
                if dropping.contains(&revision) {
                    pending.push(revision);
                    above = Some(text);
                    continue;
                }
                let stale_successor = !pending.is_empty();
                let legacy = encoding == history::FULL && revision != current_revision;
                let mut whole = self_contained(&encoding);
                if stale_successor || legacy {
                    let newer = newer_kept.as_deref().unwrap_or(&current_doc);
                    let (encoding, data) = if since_whole + 1 >= history::KEYFRAME_EVERY {
                        (history::WHOLE, history::encode_whole(&text))
                    } else {
                        (history::DELTA, history::encode_delta(&text, newer))
                    };
                    whole = encoding == history::WHOLE;
                    rewritten.push((revision, encoding, data));
                    removed.append(&mut pending);
                }
                since_whole = if whole { 0 } else { since_whole + 1 };
                above = Some(text.clone());
                newer_kept = Some(text);
                if revision <= bottom {
                    done = true;
                    break;
                }
                if spent > budget {
                    unfinished = revision > bottom;
                    done = true;
                    break;
                }
            }
        }
    }

    for revision in &removed {
        sqlx::query("DELETE FROM revisions WHERE proeftuin_id = $1 AND revision = $2")
            .bind(id)
            .bind(revision)
            .execute(&mut *conn)
            .await?;
    }
    for (revision, encoding, data) in &rewritten {
        sqlx::query(
            "UPDATE revisions SET encoding = $1, data = $2, size = $3, document = '' \
             WHERE proeftuin_id = $4 AND revision = $5",
        )
        .bind(*encoding)
        .bind(data)
        .bind(len_bytes(data))
        .bind(id)
        .bind(revision)
        .execute(&mut *conn)
        .await?;
    }
    let removed: HashSet<i64> = removed.into_iter().collect();
    let sizes: std::collections::HashMap<i64, i64> = rewritten
        .iter()
        .map(|(revision, _, data)| (*revision, len_bytes(data)))
        .collect();
    let stored_bytes = len(&current_doc)
        + rows
            .iter()
            .filter(|r| !removed.contains(&r.revision))
            .map(|r| sizes.get(&r.revision).copied().unwrap_or(r.size))
            .sum::<i64>();
    let left: Vec<Kept> = kept
        .into_iter()
        .filter(|k| !removed.contains(&k.revision))
        .collect();
    let due = if unfinished {
        time_text(now)
    } else {
        history::next_due(&left, current_revision, now)
            .map(|t| time_text(t.max(now + PASS_INTERVAL)))
            .unwrap_or_else(|| NEVER_DUE.to_owned())
    };
    sqlx::query("UPDATE proeftuinen SET stored_bytes = $1, history_due = $2 WHERE id = $3")
        .bind(stored_bytes)
        .bind(&due)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if !removed.is_empty() || !rewritten.is_empty() {
        tracing::info!(
            id,
            removed = removed.len(),
            rewritten = rewritten.len(),
            stored_bytes,
            "history thinned"
        );
    }
    Ok(Pass { stored_bytes, due })
}

/// `(revision, saved_at)` of every kept revision, oldest first.
pub async fn revisions(db: &Db, id: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT revision, saved_at FROM revisions WHERE proeftuin_id = $1 ORDER BY revision",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await
}

/// `(saved_at, document)` of one kept revision, decoded: one statement reads
/// the row and every newer row down from the nearest one stored whole (one
/// snapshot on both databases), then the deltas are undone from there.
pub async fn revision(
    db: &Db,
    id: &str,
    revision: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    type Row = (i64, String, Option<Vec<u8>>, String, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.revision, r.encoding, r.data, \
             CASE WHEN r.encoding = 'current' THEN p.document ELSE r.document END, r.saved_at \
         FROM revisions r JOIN proeftuinen p ON p.id = r.proeftuin_id \
         WHERE r.proeftuin_id = $1 AND r.revision >= $2 AND r.revision <= ( \
             SELECT MIN(s.revision) FROM revisions s \
             WHERE s.proeftuin_id = $1 AND s.revision >= $2 AND s.encoding <> 'zdelta') \
         ORDER BY r.revision DESC",
    )
    .bind(id)
    .bind(revision)
    .fetch_all(db.pool())
    .await?;
    if rows.last().map(|r| r.0) != Some(revision) {
        return Ok(None);
    }
    let mut text: Option<String> = None;
    let mut saved_at = String::new();
    for (_, encoding, data, document, at) in rows {
        // The statement put the current revision's text in `document` already.
        let encoding = if encoding == history::CURRENT {
            history::FULL
        } else {
            encoding.as_str()
        };
        let next = decode(encoding, data.as_deref(), document, "", text.as_deref())
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        text = Some(next);
        saved_at = at;
    }
    Ok(text.map(|text| (saved_at, text)))
}
