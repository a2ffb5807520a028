//! All SQL of the document API, in one place.
//!
//! The same statements run on SQLite and PostgreSQL (see [`crate::db`]):
//! plain SQL with `$n` placeholders (which SQLite binds by number and
//! PostgreSQL uses natively), text timestamps (RFC 3339, UTC), `BIGINT`
//! revisions bound as `i64`, and no functions of one database only.
//! Every write runs in one transaction; an update is a compare-and-set on the
//! revision (`UPDATE ... WHERE id = $n AND revision = $m`, then rows affected),
//! so two writers can never both win with the same `If-Match`: SQLite has one
//! writer at a time, and on PostgreSQL (READ COMMITTED) the second writer
//! waits for the first one's row lock and then finds the revision changed.

use crate::db::Db;

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

/// What became of an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Updated {
    /// Stored as this new revision.
    Saved(i64),
    /// The expected revision was not the current one: here is the current one.
    Stale(Current),
    /// The proeftuin does not exist (any more).
    Gone,
}

/// Now, as stored: RFC 3339 in UTC with milliseconds.
pub fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Stores a new proeftuin as revision 1 with its edit secret. `Ok(false)` when
/// the id is taken (nothing is written then).
pub async fn create(
    db: &Db,
    id: &str,
    document: &str,
    link_id: &str,
    secret_hash: &str,
) -> Result<bool, sqlx::Error> {
    let now = now_text();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO proeftuinen (id, revision, document, created_at, changed_at) \
         VALUES ($1, 1, $2, $3, $3)",
    )
    .bind(id)
    .bind(document)
    .bind(&now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(false),
        Err(e) => return Err(e),
    }
    sqlx::query(
        "INSERT INTO revisions (proeftuin_id, revision, document, saved_at) VALUES ($1, 1, $2, $3)",
    )
    .bind(id)
    .bind(document)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at) \
         VALUES ($1, $2, $3, 'edit', $4)",
    )
    .bind(link_id)
    .bind(id)
    .bind(secret_hash)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// `(secret_hash, access)` of every secret of proeftuin `id` (none for an unknown id).
pub async fn secrets_of(db: &Db, id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT secret_hash, access FROM secrets WHERE proeftuin_id = $1")
        .bind(id)
        .fetch_all(db)
        .await
}

/// The current revision and document.
pub async fn current(db: &Db, id: &str) -> Result<Option<Current>, sqlx::Error> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT revision, document, changed_at FROM proeftuinen WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(revision, document, changed_at)| Current {
        revision,
        document,
        changed_at,
    }))
}

/// Stores `document` as the next revision if `expected` is still the current
/// one; keeps the new revision in the history too.
pub async fn update(
    db: &Db,
    id: &str,
    expected: i64,
    document: &str,
) -> Result<Updated, sqlx::Error> {
    let now = now_text();
    let next = expected + 1;
    let mut tx = db.begin().await?;
    // The write comes first, so SQLite takes the write lock at once (no
    // read-to-write upgrade that could fail with a busy snapshot).
    let changed = sqlx::query(
        "UPDATE proeftuinen SET revision = $1, document = $2, changed_at = $3 \
         WHERE id = $4 AND revision = $5",
    )
    .bind(next)
    .bind(document)
    .bind(&now)
    .bind(id)
    .bind(expected)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        tx.rollback().await?;
        return Ok(match current(db, id).await? {
            Some(current) => Updated::Stale(current),
            None => Updated::Gone,
        });
    }
    sqlx::query(
        "INSERT INTO revisions (proeftuin_id, revision, document, saved_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(next)
    .bind(document)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Updated::Saved(next))
}

/// Removes a proeftuin with its history and secrets. False if it did not exist.
pub async fn delete(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Children first; explicit, so it does not depend on foreign-key cascades.
    sqlx::query("DELETE FROM revisions WHERE proeftuin_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM secrets WHERE proeftuin_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let removed = sqlx::query("DELETE FROM proeftuinen WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(removed == 1)
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
    let mut tx = db.begin().await?;
    // Locks the proeftuin first (a no-op update): the count below then sees every
    // secret that a concurrent writer added (PostgreSQL waits for that writer's
    // row lock; SQLite takes its one write lock at once).
    sqlx::query("UPDATE proeftuinen SET changed_at = changed_at WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // One statement: the count check and the insert cannot be split by another writer.
    let inserted = sqlx::query(
        "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at) \
         SELECT $1, p.id, $2, $3, $4 FROM proeftuinen p \
         WHERE p.id = $5 \
         AND (SELECT COUNT(*) FROM secrets s WHERE s.proeftuin_id = $5) < $6",
    )
    .bind(link_id)
    .bind(secret_hash)
    .bind(access)
    .bind(now_text())
    .bind(id)
    .bind(MAX_SECRETS_PER_PROEFTUIN)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(inserted == 1)
}

/// `(revision, saved_at)` of every stored revision, oldest first.
pub async fn revisions(db: &Db, id: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT revision, saved_at FROM revisions WHERE proeftuin_id = $1 ORDER BY revision",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// `(saved_at, document)` of one revision.
pub async fn revision(
    db: &Db,
    id: &str,
    revision: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT saved_at, document FROM revisions WHERE proeftuin_id = $1 AND revision = $2",
    )
    .bind(id)
    .bind(revision)
    .fetch_optional(db)
    .await
}
