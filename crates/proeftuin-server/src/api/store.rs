//! All SQL of the document API, in one place.
//!
//! The same statements run on SQLite and PostgreSQL (see [`crate::db`]):
//! plain SQL with `$n` placeholders (which SQLite binds by number and
//! PostgreSQL uses natively), text timestamps (RFC 3339, UTC), `BIGINT`
//! revisions bound as `i64`, and no functions of one database only.
//! Every write runs in one transaction through [`Db::write`] (on SQLite the one
//! writer connection, which may commit several writes together; on PostgreSQL
//! a transaction of its own): its work is a `fn` over a connection and owned
//! arguments. An update is a compare-and-set on the revision (`UPDATE ...
//! WHERE id = $n AND revision = $m`, then rows affected), so two writers can
//! never both win with the same `If-Match`: SQLite has one writer at a time
//! (and a write sees the writes committed with it before it), and on
//! PostgreSQL (READ COMMITTED) the second writer waits for the first one's row
//! lock and then finds the revision changed.
//!
//! One exception, for speed: on PostgreSQL the common update is a single
//! statement (a data-modifying `WITH`: the compare-and-set `UPDATE`, and the
//! history rows only for the row it changed) committed on its own, one round
//! trip to the database instead of five; SQLite has no data-modifying `WITH`,
//! and its round trips stay inside the process. The history SQL (updates,
//! thinning, reading old revisions) is in [`revisions`].
//!
//! Assessment rounds follow the same pattern: a writer first locks the row
//! its check depends on (the proeftuin for "no other open round", the round
//! for "still open"), then checks, then writes; a submit is a compare-and-set
//! on `submitted_at IS NULL`, so of two submits exactly one wins.
//!
//! The SQL of secrets (links, revocation, invitations, creation keys) is in
//! the submodule `secrets`, re-exported here.

mod secrets;

use sqlx::{Any, AnyConnection, Executor};

use crate::db::{Db, WriteFuture, Written};

mod revisions;

pub use revisions::{
    revision, revisions, time_text, update, update_from, Clock, StorageSettings, Updated,
    DEFAULT_QUOTA_BYTES, NEVER_DUE,
};
pub use secrets::*;

/// Most secrets (links) one proeftuin can have.
pub const MAX_SECRETS_PER_PROEFTUIN: i64 = 100;

/// The current state of a stored proeftuin.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    /// Current revision, 1 for a new document.
    pub revision: i64,
    /// The document as stored JSON text.
    pub document: String,
    /// When this revision was saved (server time).
    pub changed_at: String,
}

/// Now, as stored: RFC 3339 in UTC with milliseconds.
pub fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Stores a new proeftuin as revision 1 with its edit secret and, for a create
/// that may be retried, its creation key. Nothing is written unless all of it is.
pub async fn create(
    db: &Db,
    id: &str,
    document: &str,
    link_id: &str,
    secret_hash: &str,
    settings: &StorageSettings,
    creation: Option<NewCreation>,
) -> Result<CreateOutcome, sqlx::Error> {
    let args = NewDocument {
        id: id.to_owned(),
        document: document.to_owned(),
        link_id: link_id.to_owned(),
        secret_hash: secret_hash.to_owned(),
        now: time_text(settings.clock.now()),
        creation,
    };
    db.write(args, create_work).await
}

/// What became of a create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateOutcome {
    /// Stored.
    Created,
    /// The id is taken: nothing was written.
    IdTaken,
    /// The creation key is taken (by an earlier create): nothing was written.
    KeyTaken,
}

struct NewDocument {
    id: String,
    document: String,
    link_id: String,
    secret_hash: String,
    now: String,
    creation: Option<NewCreation>,
}

fn create_work<'c>(
    conn: &'c mut AnyConnection,
    a: &'c NewDocument,
) -> WriteFuture<'c, CreateOutcome> {
    Box::pin(async move {
        let now = &a.now;
        // A creation key still in use refuses the create before anything is written.
        if let Some(creation) = &a.creation {
            if creation_key_taken(conn, creation).await? {
                return Ok(Written::discard(CreateOutcome::KeyTaken));
            }
        }
        // First, so a taken id writes nothing (the failed statement alone is undone).
        let inserted = sqlx::query(
            "INSERT INTO proeftuinen \
                 (id, revision, document, created_at, changed_at, stored_bytes, history_due) \
             VALUES ($1, 1, $2, $3, $3, $4, $5)",
        )
        .bind(&a.id)
        .bind(&a.document)
        .bind(now)
        .bind(i64::try_from(a.document.len()).unwrap_or(i64::MAX))
        .bind(NEVER_DUE)
        .execute(&mut *conn)
        .await;
        match inserted {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Ok(Written::discard(CreateOutcome::IdTaken))
            }
            Err(e) => return Err(e),
        }
        sqlx::query(
            "INSERT INTO revisions (proeftuin_id, revision, document, saved_at, encoding, size) \
             VALUES ($1, 1, '', $2, 'current', 0)",
        )
        .bind(&a.id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at) \
             VALUES ($1, $2, $3, 'edit', $4)",
        )
        .bind(&a.link_id)
        .bind(&a.id)
        .bind(&a.secret_hash)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        if let Some(creation) = &a.creation {
            insert_creation(conn, &a.id, creation, now).await?;
        }
        Ok(Written::keep(CreateOutcome::Created))
    })
}

/// The current revision and document.
pub async fn current(db: &Db, id: &str) -> Result<Option<Current>, sqlx::Error> {
    current_in(db.pool(), id).await
}

/// [`current`] on any executor (the pool, or a write's connection).
async fn current_in<'e>(
    executor: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<Current>, sqlx::Error> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT revision, document, changed_at FROM proeftuinen WHERE id = $1")
            .bind(id)
            .fetch_optional(executor)
            .await?;
    Ok(row.map(|(revision, document, changed_at)| Current {
        revision,
        document,
        changed_at,
    }))
}

/// Locks proeftuin `id` (a no-op update); false when it does not exist.
async fn lock_proeftuin(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE proeftuinen SET changed_at = changed_at WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1,
    )
}

/// A number that `sql` (one `$1`: the proeftuin id) counts.
async fn count_of(conn: &mut AnyConnection, sql: &str, id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sql).bind(id).fetch_one(&mut *conn).await
}

/// Removes a proeftuin with its history, secrets and assessment rounds (with
/// their assessors and scores). False if it did not exist.
pub async fn delete(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    db.write(id.to_owned(), delete_work).await
}

fn delete_work<'c>(conn: &'c mut AnyConnection, id: &'c String) -> WriteFuture<'c, bool> {
    Box::pin(async move {
        // Locks first, in the order every other writer takes them (proeftuin, then
        // its rounds, then assessors), so no writer of scores can deadlock with this.
        lock_proeftuin(conn, id).await?;
        sqlx::query("UPDATE assessment_rounds SET created_at = created_at WHERE proeftuin_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        // Children first; explicit, so it does not depend on foreign-key cascades.
        // Assessors before secrets: an assessor refers to their secret.
        for sql in [
            "DELETE FROM assessors WHERE proeftuin_id = $1",
            "DELETE FROM assessment_rounds WHERE proeftuin_id = $1",
            "DELETE FROM revisions WHERE proeftuin_id = $1",
            "DELETE FROM creations WHERE proeftuin_id = $1",
            "DELETE FROM secrets WHERE proeftuin_id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *conn).await?;
        }
        let removed = sqlx::query("DELETE FROM proeftuinen WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        Ok(Written::keep(removed == 1))
    })
}

/// Adds a secret. `Ok(false)` when the proeftuin already has
/// [`MAX_SECRETS_PER_PROEFTUIN`] secrets, or no longer exists.
pub async fn add_secret(
    db: &Db,
    id: &str,
    link_id: &str,
    secret_hash: &str,
    access: &str,
) -> Result<bool, sqlx::Error> {
    let args = NewSecret {
        id: id.to_owned(),
        link_id: link_id.to_owned(),
        secret_hash: secret_hash.to_owned(),
        access: access.to_owned(),
    };
    db.write(args, add_secret_work).await
}

struct NewSecret {
    id: String,
    link_id: String,
    secret_hash: String,
    access: String,
}

fn add_secret_work<'c>(conn: &'c mut AnyConnection, a: &'c NewSecret) -> WriteFuture<'c, bool> {
    Box::pin(async move {
        // Locks the proeftuin first (a no-op update): the count below then sees every
        // secret that a concurrent writer added (PostgreSQL waits for that writer's
        // row lock; SQLite has one writer at a time).
        lock_proeftuin(conn, &a.id).await?;
        // One statement: the count check and the insert cannot be split by another writer.
        let inserted = sqlx::query(
            "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at) \
             SELECT $1, p.id, $2, $3, $4 FROM proeftuinen p \
             WHERE p.id = $5 \
             AND (SELECT COUNT(*) FROM secrets s WHERE s.proeftuin_id = $5 \
                  AND s.revoked_at IS NULL AND s.claimed_at IS NULL) < $6",
        )
        .bind(&a.link_id)
        .bind(&a.secret_hash)
        .bind(&a.access)
        .bind(now_text())
        .bind(&a.id)
        .bind(MAX_SECRETS_PER_PROEFTUIN)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        Ok(Written::keep(inserted == 1))
    })
}

// ---------------------------------------------------------------------------------------------
// Assessment rounds

/// One assessment round as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// Round number, from 1 per proeftuin.
    pub number: i64,
    /// When it was opened (server time).
    pub created_at: String,
    /// When it was closed; `None` while open.
    pub closed_at: Option<String>,
}

/// One assessor of a round as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessor {
    /// Random id, not secret.
    pub id: String,
    /// The round the assessor belongs to.
    pub round: i64,
    /// Name or role.
    pub label: String,
    /// The draft as JSON text (`{"scores": [...]}`).
    pub draft: String,
    /// The submitted scores as JSON text, once submitted; never changed after.
    pub submitted: Option<String>,
    /// When the scores were submitted.
    pub submitted_at: Option<String>,
}

/// An assessor to add with a new round.
#[derive(Debug, Clone)]
pub struct NewAssessor {
    /// Random id for the assessor's row.
    pub id: String,
    /// Name or role, trimmed.
    pub label: String,
    /// Random id for the row of the assessor's invitation.
    pub link_id: String,
    /// Hash of the invitation's secret.
    pub secret_hash: String,
}

/// What became of opening a round.
#[derive(Debug, Clone, PartialEq)]
pub enum RoundOpened {
    /// Stored with this number.
    Opened(i64),
    /// Another round of the proeftuin is still open.
    OtherOpen,
    /// The new secrets would exceed [`MAX_SECRETS_PER_PROEFTUIN`].
    TooManySecrets,
    /// The proeftuin does not exist (any more).
    Gone,
}

/// What became of closing a round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RoundClosed {
    /// Closed now.
    Closed,
    /// It was closed already.
    AlreadyClosed,
    /// There is no such round.
    Unknown,
}

/// What became of saving a draft or submitting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScoresSaved {
    /// Stored.
    Saved,
    /// The assessor had submitted already: nothing changed.
    AlreadySubmitted,
    /// The round is closed: nothing changed.
    RoundClosed,
    /// The assessor or the round does not exist (any more).
    Gone,
}

/// The draft of an assessor who has saved nothing yet.
pub const EMPTY_SCORES: &str = r#"{"scores":[]}"#;

/// Opens the next round of proeftuin `id` with these assessors and their
/// invitations, unless another round is open or the secrets would be too many.
pub async fn open_round(
    db: &Db,
    id: &str,
    assessors: &[NewAssessor],
) -> Result<RoundOpened, sqlx::Error> {
    db.write((id.to_owned(), assessors.to_vec()), open_round_work)
        .await
}

fn open_round_work<'c>(
    conn: &'c mut AnyConnection,
    (id, assessors): &'c (String, Vec<NewAssessor>),
) -> WriteFuture<'c, RoundOpened> {
    Box::pin(async move {
        let now = now_text();
        // Locks the proeftuin first (a no-op update), so two rounds cannot be opened at
        // once and the counts below see every concurrent writer's rows.
        if !lock_proeftuin(conn, id).await? {
            return Ok(Written::discard(RoundOpened::Gone));
        }
        let open = count_of(
            conn,
            "SELECT COUNT(*) FROM assessment_rounds WHERE proeftuin_id = $1 AND closed_at IS NULL",
            id,
        )
        .await?;
        if open > 0 {
            return Ok(Written::discard(RoundOpened::OtherOpen));
        }
        let secrets = live_secrets(conn, id).await?;
        let wanted = i64::try_from(assessors.len()).unwrap_or(i64::MAX);
        if secrets.saturating_add(wanted) > MAX_SECRETS_PER_PROEFTUIN {
            return Ok(Written::discard(RoundOpened::TooManySecrets));
        }
        let last = count_of(
            conn,
            "SELECT COALESCE(MAX(round_no), 0) FROM assessment_rounds WHERE proeftuin_id = $1",
            id,
        )
        .await?;
        let number = last + 1;
        sqlx::query(
            "INSERT INTO assessment_rounds (proeftuin_id, round_no, created_at, closed_at) \
             VALUES ($1, $2, $3, NULL)",
        )
        .bind(id)
        .bind(number)
        .bind(&now)
        .execute(&mut *conn)
        .await?;
        for (position, assessor) in (1i64..).zip(assessors) {
            // The assessor's invitation; their row refers to it until it is claimed.
            sqlx::query(
                "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at, assessor_id) \
                 VALUES ($1, $2, $3, 'invitation', $4, $5)",
            )
            .bind(&assessor.link_id)
            .bind(id)
            .bind(&assessor.secret_hash)
            .bind(&now)
            .bind(&assessor.id)
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "INSERT INTO assessors (id, proeftuin_id, round_no, position, label, secret_id, draft) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&assessor.id)
            .bind(id)
            .bind(number)
            .bind(position)
            .bind(&assessor.label)
            .bind(&assessor.link_id)
            .bind(EMPTY_SCORES)
            .execute(&mut *conn)
            .await?;
        }
        Ok(Written::keep(RoundOpened::Opened(number)))
    })
}

const ASSESSOR_COLUMNS: &str = "a.id, a.round_no, a.label, a.draft, a.submitted, a.submitted_at";

type AssessorRow = (String, i64, String, String, Option<String>, Option<String>);

fn assessor_from((id, round, label, draft, submitted, submitted_at): AssessorRow) -> Assessor {
    Assessor {
        id,
        round,
        label,
        draft,
        submitted,
        submitted_at,
    }
}

/// Every round of proeftuin `id` with its assessors, oldest round first,
/// assessors in the order they were named.
pub async fn rounds(db: &Db, id: &str) -> Result<Vec<(Round, Vec<Assessor>)>, sqlx::Error> {
    let rounds: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT round_no, created_at, closed_at FROM assessment_rounds \
         WHERE proeftuin_id = $1 ORDER BY round_no",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let assessors: Vec<AssessorRow> = sqlx::query_as(&format!(
        "SELECT {ASSESSOR_COLUMNS} FROM assessors a \
         WHERE a.proeftuin_id = $1 ORDER BY a.round_no, a.position"
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let mut assessors: Vec<Assessor> = assessors.into_iter().map(assessor_from).collect();
    Ok(rounds
        .into_iter()
        .map(|(number, created_at, closed_at)| {
            let (of_round, rest) = assessors.drain(..).partition(|a| a.round == number);
            assessors = rest;
            (
                Round {
                    number,
                    created_at,
                    closed_at,
                },
                of_round,
            )
        })
        .collect())
}

/// One round of proeftuin `id` with its assessors.
pub async fn round(
    db: &Db,
    id: &str,
    number: i64,
) -> Result<Option<(Round, Vec<Assessor>)>, sqlx::Error> {
    Ok(rounds(db, id)
        .await?
        .into_iter()
        .find(|(round, _)| round.number == number))
}

/// Closes round `number` of proeftuin `id` if it is open.
pub async fn close_round(db: &Db, id: &str, number: i64) -> Result<RoundClosed, sqlx::Error> {
    db.write((id.to_owned(), number), close_round_work).await
}

fn close_round_work<'c>(
    conn: &'c mut AnyConnection,
    (id, number): &'c (String, i64),
) -> WriteFuture<'c, RoundClosed> {
    Box::pin(async move {
        let closed = sqlx::query(
            "UPDATE assessment_rounds SET closed_at = $1 \
             WHERE proeftuin_id = $2 AND round_no = $3 AND closed_at IS NULL",
        )
        .bind(now_text())
        .bind(id)
        .bind(number)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if closed == 1 {
            return Ok(Written::keep(RoundClosed::Closed));
        }
        let exists: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM assessment_rounds WHERE proeftuin_id = $1 AND round_no = $2",
        )
        .bind(id)
        .bind(number)
        .fetch_one(&mut *conn)
        .await?;
        Ok(Written::discard(if exists > 0 {
            RoundClosed::AlreadyClosed
        } else {
            RoundClosed::Unknown
        }))
    })
}

/// The assessor whose secret has row `link_id`, with their round.
pub async fn assessor_of_secret(
    db: &Db,
    id: &str,
    link_id: &str,
) -> Result<Option<(Assessor, Round)>, sqlx::Error> {
    assessor_where(db, id, "a.secret_id", link_id).await
}

/// Assessor `assessor_id` of proeftuin `id`, with their round.
pub async fn assessor(
    db: &Db,
    id: &str,
    assessor_id: &str,
) -> Result<Option<(Assessor, Round)>, sqlx::Error> {
    assessor_where(db, id, "a.id", assessor_id).await
}

/// The assessor of proeftuin `id` whose `column` (a fixed column name, never
/// input) equals `value`, with their round.
async fn assessor_where(
    db: &Db,
    id: &str,
    column: &'static str,
    value: &str,
) -> Result<Option<(Assessor, Round)>, sqlx::Error> {
    /// An [`AssessorRow`] followed by the round's `created_at` and `closed_at`.
    type Row = (
        String,
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {ASSESSOR_COLUMNS}, r.created_at, r.closed_at FROM assessors a \
         JOIN assessment_rounds r ON r.proeftuin_id = a.proeftuin_id AND r.round_no = a.round_no \
         WHERE a.proeftuin_id = $1 AND {column} = $2"
    ))
    .bind(id)
    .bind(value)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(
        |(id, round, label, draft, submitted, submitted_at, created_at, closed_at)| {
            (
                Assessor {
                    id,
                    round,
                    label,
                    draft,
                    submitted,
                    submitted_at,
                },
                Round {
                    number: round,
                    created_at,
                    closed_at,
                },
            )
        },
    ))
}

/// Stores `scores` (JSON text) as the draft of assessor `assessor_id` of round
/// `number` of proeftuin `id`, and with `submit` also as their submitted
/// scores; only while the round is open and the assessor has not submitted.
pub async fn save_scores(
    db: &Db,
    id: &str,
    number: i64,
    assessor_id: &str,
    scores: &str,
    submit: bool,
) -> Result<ScoresSaved, sqlx::Error> {
    let args = Scores {
        id: id.to_owned(),
        number,
        assessor_id: assessor_id.to_owned(),
        scores: scores.to_owned(),
        submit,
    };
    db.write(args, save_scores_work).await
}

struct Scores {
    id: String,
    number: i64,
    assessor_id: String,
    scores: String,
    submit: bool,
}

fn save_scores_work<'c>(
    conn: &'c mut AnyConnection,
    a: &'c Scores,
) -> WriteFuture<'c, ScoresSaved> {
    Box::pin(async move {
        let now = now_text();
        // Locks the round first (a no-op update): closing it waits for this write,
        // and a write after a close sees it closed.
        let locked = sqlx::query(
            "UPDATE assessment_rounds SET created_at = created_at \
             WHERE proeftuin_id = $1 AND round_no = $2",
        )
        .bind(&a.id)
        .bind(a.number)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if locked != 1 {
            return Ok(Written::discard(ScoresSaved::Gone));
        }
        let state: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT a.submitted_at, r.closed_at FROM assessors a \
             JOIN assessment_rounds r ON r.proeftuin_id = a.proeftuin_id AND r.round_no = a.round_no \
             WHERE a.id = $1 AND a.proeftuin_id = $2 AND a.round_no = $3",
        )
        .bind(&a.assessor_id)
        .bind(&a.id)
        .bind(a.number)
        .fetch_optional(&mut *conn)
        .await?;
        let refusal = match state {
            None => Some(ScoresSaved::Gone),
            Some((Some(_), _)) => Some(ScoresSaved::AlreadySubmitted),
            Some((None, Some(_))) => Some(ScoresSaved::RoundClosed),
            Some((None, None)) => None,
        };
        if let Some(refusal) = refusal {
            return Ok(Written::discard(refusal));
        }
        // Compare-and-set: only an assessor who has not submitted changes, so the
        // submitted scores are written once and never again.
        let sql = if a.submit {
            "UPDATE assessors SET draft = $1, draft_saved_at = $2, submitted = $1, submitted_at = $2 \
             WHERE id = $3 AND submitted_at IS NULL"
        } else {
            "UPDATE assessors SET draft = $1, draft_saved_at = $2 \
             WHERE id = $3 AND submitted_at IS NULL"
        };
        let changed = sqlx::query(sql)
            .bind(&a.scores)
            .bind(&now)
            .bind(&a.assessor_id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        if changed != 1 {
            return Ok(Written::discard(ScoresSaved::AlreadySubmitted));
        }
        Ok(Written::keep(ScoresSaved::Saved))
    })
}
