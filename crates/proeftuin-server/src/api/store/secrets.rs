//! The SQL of secrets: finding a secret's row, listing and revoking links,
//! "last used", assessor invitations and their claims, and creation keys.
//! Same rules as the rest of [`super`]: portable SQL, every write one
//! transaction through [`Db::write`], and a writer that checks something
//! first locks the proeftuin's row (a no-op update), in the order every other
//! writer takes its locks.
//!
//! A secret's row is never deleted while its proeftuin lives, except as an
//! old tombstone: revoking sets `revoked_at`, claiming an invitation sets its
//! `claimed_at`; such rows grant nothing, but a request that carries one can be
//! told apart from a guess (for the log). Of these tombstones a proeftuin keeps
//! the newest [`MAX_TOMBSTONES_PER_PROEFTUIN`] (and every one an assessor still
//! refers to), so their number stays bounded.

use sqlx::AnyConnection;

use super::{lock_proeftuin, now_text, Current, MAX_SECRETS_PER_PROEFTUIN};
use crate::db::{Db, WriteFuture, Written};

/// Most revoked or claimed secrets a proeftuin keeps as tombstones.
pub const MAX_TOMBSTONES_PER_PROEFTUIN: i64 = 100;

/// The condition of a secret that still counts (not revoked, not claimed).
const LIVE: &str = "revoked_at IS NULL AND claimed_at IS NULL";

/// One row of `secrets`, as the secret check needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct SecretRow {
    /// The row's id (the link id, not secret).
    pub id: String,
    /// SHA-256 of the secret, hex.
    pub hash: String,
    /// `edit`, `read`, `assessor` or `invitation`.
    pub access: String,
    /// Revoked: grants nothing.
    pub revoked: bool,
    /// A claimed invitation: grants nothing any more.
    pub claimed: bool,
    /// When it was last used (to the minute).
    pub last_used_at: Option<String>,
}

type SecretTuple = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Every secret of proeftuin `id`, tombstones too (none for an unknown id).
pub async fn secrets_of(db: &Db, id: &str) -> Result<Vec<SecretRow>, sqlx::Error> {
    let rows: Vec<SecretTuple> = sqlx::query_as(
        "SELECT id, secret_hash, access, revoked_at, claimed_at, last_used_at \
         FROM secrets WHERE proeftuin_id = $1",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, hash, access, revoked_at, claimed_at, last_used_at)| SecretRow {
                id,
                hash,
                access,
                revoked: revoked_at.is_some(),
                claimed: claimed_at.is_some(),
                last_used_at,
            },
        )
        .collect())
}

/// [`secrets_of`] and the current revision ([`super::current`]) in one
/// statement: what an update needs before it writes, with one round trip to
/// the database instead of two (on SQLite each is a hand-over to the
/// connection's own thread, and the pool adds a ping as the connection goes
/// back).
pub async fn secrets_and_current(
    db: &Db,
    id: &str,
) -> Result<(Vec<SecretRow>, Option<Current>), sqlx::Error> {
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT 'secret', id, secret_hash, access, revoked_at, claimed_at, last_used_at, \
                CAST(NULL AS BIGINT) \
         FROM secrets WHERE proeftuin_id = $1 \
         UNION ALL \
         SELECT 'current', document, changed_at, NULL, NULL, NULL, NULL, revision \
         FROM proeftuinen WHERE id = $1",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let mut secrets = Vec::with_capacity(rows.len());
    let mut current = None;
    for (kind, a, b, c, revoked_at, claimed_at, last_used_at, revision) in rows {
        match (kind.as_str(), revision) {
            ("current", Some(revision)) => {
                current = Some(Current {
                    revision,
                    document: a.unwrap_or_default(),
                    changed_at: b.unwrap_or_default(),
                });
            }
            _ => secrets.push(SecretRow {
                id: a.unwrap_or_default(),
                hash: b.unwrap_or_default(),
                access: c.unwrap_or_default(),
                revoked: revoked_at.is_some(),
                claimed: claimed_at.is_some(),
                last_used_at,
            }),
        }
    }
    Ok((secrets, current))
}

/// Sets "last used" of secret `link_id` to now, unless it was set after
/// `since` already (so a stream of reads costs one write a minute at most).
pub async fn touch_secret(db: &Db, link_id: &str, since: &str) -> Result<(), sqlx::Error> {
    db.write((link_id.to_owned(), since.to_owned()), touch_work)
        .await
}

fn touch_work<'c>(
    conn: &'c mut AnyConnection,
    (link_id, since): &'c (String, String),
) -> WriteFuture<'c, ()> {
    Box::pin(async move {
        sqlx::query(
            "UPDATE secrets SET last_used_at = $1 \
             WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(now_text())
        .bind(link_id)
        .bind(since)
        .execute(&mut *conn)
        .await?;
        Ok(Written::keep(()))
    })
}

/// The number of live secrets of proeftuin `id` (what counts towards
/// [`MAX_SECRETS_PER_PROEFTUIN`]).
pub(super) async fn live_secrets(conn: &mut AnyConnection, id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM secrets WHERE proeftuin_id = $1 AND {LIVE}"
    ))
    .bind(id)
    .fetch_one(&mut *conn)
    .await
}

/// Removes the oldest tombstones of proeftuin `id` beyond
/// [`MAX_TOMBSTONES_PER_PROEFTUIN`], never one an assessor refers to.
async fn prune_tombstones(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM secrets WHERE proeftuin_id = $1 \
         AND (revoked_at IS NOT NULL OR claimed_at IS NOT NULL) \
         AND id NOT IN (SELECT secret_id FROM assessors WHERE proeftuin_id = $1) \
         AND id NOT IN ( \
             SELECT t.id FROM secrets t WHERE t.proeftuin_id = $1 \
             AND (t.revoked_at IS NOT NULL OR t.claimed_at IS NOT NULL) \
             ORDER BY COALESCE(t.revoked_at, t.claimed_at) DESC, t.id LIMIT $2)",
    )
    .bind(id)
    .bind(MAX_TOMBSTONES_PER_PROEFTUIN)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One live link, for the owner's list.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRow {
    /// The row's id.
    pub id: String,
    /// `edit`, `read`, `assessor` or `invitation`.
    pub access: String,
    /// When it was made.
    pub created_at: String,
    /// When it was last used.
    pub last_used_at: Option<String>,
    /// The assessor's label, for an invitation or an assessor's secret.
    pub label: Option<String>,
    /// The assessor's round.
    pub round: Option<i64>,
}

type LinkTuple = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// Every live link of proeftuin `id`, oldest first.
pub async fn links(db: &Db, id: &str) -> Result<Vec<LinkRow>, sqlx::Error> {
    // An assessor is found through the link's `assessor_id` (invitations and
    // claimed secrets) or through their own `secret_id` (links of rounds opened
    // before invitations existed); for one link both name the same assessor.
    let rows: Vec<LinkTuple> = sqlx::query_as(&format!(
        "SELECT s.id, s.access, s.created_at, s.last_used_at, a.label, a.round_no \
         FROM secrets s LEFT JOIN assessors a ON a.proeftuin_id = s.proeftuin_id \
             AND (a.id = s.assessor_id OR (s.assessor_id IS NULL AND a.secret_id = s.id)) \
         WHERE s.proeftuin_id = $1 AND s.{} \
         ORDER BY s.created_at, s.id",
        LIVE.replace(" AND ", " AND s.")
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, access, created_at, last_used_at, label, round)| LinkRow {
                id,
                access,
                created_at,
                last_used_at,
                label,
                round,
            },
        )
        .collect())
}

/// Revokes live link `link_id` of proeftuin `id`; false when there is none.
pub async fn revoke(db: &Db, id: &str, link_id: &str) -> Result<bool, sqlx::Error> {
    db.write((id.to_owned(), link_id.to_owned()), revoke_work)
        .await
}

fn revoke_work<'c>(
    conn: &'c mut AnyConnection,
    (id, link_id): &'c (String, String),
) -> WriteFuture<'c, bool> {
    Box::pin(async move {
        if !lock_proeftuin(conn, id).await? {
            return Ok(Written::discard(false));
        }
        let revoked = sqlx::query(&format!(
            "UPDATE secrets SET revoked_at = $1 WHERE id = $2 AND proeftuin_id = $3 AND {LIVE}"
        ))
        .bind(now_text())
        .bind(link_id)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if revoked != 1 {
            return Ok(Written::discard(false));
        }
        prune_tombstones(conn, id).await?;
        Ok(Written::keep(true))
    })
}

/// What became of claiming an invitation.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// The assessor's personal secret is the claim's: stored now (their
    /// earlier one, if any, is revoked), or stored by the same claim before
    /// and still theirs (that claim's answer was lost; nothing is written).
    Claimed,
    /// Someone claimed it first, with another secret.
    AlreadyClaimed,
    /// Some secret already has this hash: nothing is stored.
    SecretTaken,
    /// The invitation, its assessor or the proeftuin is gone (or it was revoked).
    Gone,
}

/// A claim: the invitation's row and the new personal secret.
struct ClaimArgs {
    id: String,
    invitation: String,
    link_id: String,
    secret_hash: String,
}

/// Exchanges invitation `invitation` of proeftuin `id`, once, for a personal
/// assessor secret (row `link_id`, hash `secret_hash`). Of two claims at once
/// exactly one wins (a compare-and-set on `claimed_at IS NULL`); the other, and
/// any later one, is [`Claim::Claimed`] too when it brings the same secret
/// (a retry) and that secret is still the assessor's, else
/// [`Claim::AlreadyClaimed`].
pub async fn claim_invitation(
    db: &Db,
    id: &str,
    invitation: &str,
    link_id: &str,
    secret_hash: &str,
) -> Result<Claim, sqlx::Error> {
    let args = ClaimArgs {
        id: id.to_owned(),
        invitation: invitation.to_owned(),
        link_id: link_id.to_owned(),
        secret_hash: secret_hash.to_owned(),
    };
    db.write(args, claim_work).await
}

fn claim_work<'c>(conn: &'c mut AnyConnection, a: &'c ClaimArgs) -> WriteFuture<'c, Claim> {
    Box::pin(async move {
        if !lock_proeftuin(conn, &a.id).await? {
            return Ok(Written::discard(Claim::Gone));
        }
        let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT s.assessor_id, s.claimed_at, s.revoked_at FROM secrets s \
             WHERE s.id = $1 AND s.proeftuin_id = $2 AND s.access = 'invitation'",
        )
        .bind(&a.invitation)
        .bind(&a.id)
        .fetch_optional(&mut *conn)
        .await?;
        let (assessor_id, claimed_at) = match row {
            None | Some((None, _, _)) | Some((_, _, Some(_))) => {
                return Ok(Written::discard(Claim::Gone))
            }
            Some((Some(assessor_id), claimed_at, None)) => (assessor_id, claimed_at),
        };
        if claimed_at.is_some() {
            // Claimed: by this same claim before, when the assessor's live
            // personal secret is the one it brings again.
            let same: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM assessors a JOIN secrets s ON s.id = a.secret_id \
                 WHERE a.id = $1 AND a.proeftuin_id = $2 AND s.secret_hash = $3 \
                 AND s.access = 'assessor' AND s.revoked_at IS NULL",
            )
            .bind(&assessor_id)
            .bind(&a.id)
            .bind(&a.secret_hash)
            .fetch_one(&mut *conn)
            .await?;
            let claim = if same > 0 {
                Claim::Claimed
            } else {
                Claim::AlreadyClaimed
            };
            return Ok(Written::discard(claim));
        }
        // Hashes are unique; a proposed secret must not be one there is already
        // (the invitation itself, say), or a lookup could find the wrong row.
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM secrets WHERE secret_hash = $1")
            .bind(&a.secret_hash)
            .fetch_one(&mut *conn)
            .await?;
        if taken > 0 {
            return Ok(Written::discard(Claim::SecretTaken));
        }
        let earlier: Option<String> = sqlx::query_scalar(
            "SELECT secret_id FROM assessors WHERE id = $1 AND proeftuin_id = $2",
        )
        .bind(&assessor_id)
        .bind(&a.id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(earlier) = earlier else {
            return Ok(Written::discard(Claim::Gone));
        };
        let now = now_text();
        // The compare-and-set; the proeftuin's lock makes it the only claim now.
        let claimed = sqlx::query(
            "UPDATE secrets SET claimed_at = $1 WHERE id = $2 AND claimed_at IS NULL AND revoked_at IS NULL",
        )
        .bind(&now)
        .bind(&a.invitation)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if claimed != 1 {
            return Ok(Written::discard(Claim::AlreadyClaimed));
        }
        sqlx::query(
            "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at, assessor_id) \
             VALUES ($1, $2, $3, 'assessor', $4, $5)",
        )
        .bind(&a.link_id)
        .bind(&a.id)
        .bind(&a.secret_hash)
        .bind(&now)
        .bind(&assessor_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query("UPDATE assessors SET secret_id = $1 WHERE id = $2")
            .bind(&a.link_id)
            .bind(&assessor_id)
            .execute(&mut *conn)
            .await?;
        // The assessor's earlier personal secret (another device) stops working;
        // their draft and hand-in stay with the assessor.
        if earlier != a.invitation {
            sqlx::query("UPDATE secrets SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(&now)
                .bind(&earlier)
                .execute(&mut *conn)
                .await?;
        }
        prune_tombstones(conn, &a.id).await?;
        Ok(Written::keep(Claim::Claimed))
    })
}

/// What became of issuing a new invitation.
#[derive(Debug, Clone, PartialEq)]
pub enum Invited {
    /// Stored, for the assessor with this label.
    Invited(String),
    /// The proeftuin has too many live links.
    TooManySecrets,
    /// No such assessor in that round (or no such proeftuin).
    Unknown,
}

struct InviteArgs {
    id: String,
    round: i64,
    assessor_id: String,
    link_id: String,
    secret_hash: String,
}

/// A new invitation for assessor `assessor_id` of round `round`; an earlier
/// invitation of theirs that nobody claimed stops working. Their current
/// personal secret works until the new invitation is claimed.
pub async fn new_invitation(
    db: &Db,
    id: &str,
    round: i64,
    assessor_id: &str,
    link_id: &str,
    secret_hash: &str,
) -> Result<Invited, sqlx::Error> {
    let args = InviteArgs {
        id: id.to_owned(),
        round,
        assessor_id: assessor_id.to_owned(),
        link_id: link_id.to_owned(),
        secret_hash: secret_hash.to_owned(),
    };
    db.write(args, invite_work).await
}

fn invite_work<'c>(conn: &'c mut AnyConnection, a: &'c InviteArgs) -> WriteFuture<'c, Invited> {
    Box::pin(async move {
        if !lock_proeftuin(conn, &a.id).await? {
            return Ok(Written::discard(Invited::Unknown));
        }
        let label: Option<String> = sqlx::query_scalar(
            "SELECT label FROM assessors WHERE id = $1 AND proeftuin_id = $2 AND round_no = $3",
        )
        .bind(&a.assessor_id)
        .bind(&a.id)
        .bind(a.round)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(label) = label else {
            return Ok(Written::discard(Invited::Unknown));
        };
        // The earlier open invitation is replaced, so it does not count.
        let others: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM secrets WHERE proeftuin_id = $1 AND {LIVE} \
             AND NOT (access = 'invitation' AND assessor_id = $2)"
        ))
        .bind(&a.id)
        .bind(&a.assessor_id)
        .fetch_one(&mut *conn)
        .await?;
        if others >= MAX_SECRETS_PER_PROEFTUIN {
            return Ok(Written::discard(Invited::TooManySecrets));
        }
        let now = now_text();
        sqlx::query(&format!(
            "UPDATE secrets SET revoked_at = $1 WHERE proeftuin_id = $2 AND assessor_id = $3 \
             AND access = 'invitation' AND {LIVE}"
        ))
        .bind(&now)
        .bind(&a.id)
        .bind(&a.assessor_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at, assessor_id) \
             VALUES ($1, $2, $3, 'invitation', $4, $5)",
        )
        .bind(&a.link_id)
        .bind(&a.id)
        .bind(&a.secret_hash)
        .bind(&now)
        .bind(&a.assessor_id)
        .execute(&mut *conn)
        .await?;
        prune_tombstones(conn, &a.id).await?;
        Ok(Written::keep(Invited::Invited(label)))
    })
}

// ---------------------------------------------------------------------------------------------
// Creation keys

/// The creation key of a create that may be retried, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCreation {
    /// SHA-256 of the key, hex.
    pub key_hash: String,
    /// SHA-256 of the stored document text, hex.
    pub document_hash: String,
    /// The edit secret masked with another hash of the key, hex.
    pub masked_secret: String,
    /// Keys made before this time are forgotten (RFC 3339).
    pub forget_before: String,
}

/// A remembered creation key.
#[derive(Debug, Clone, PartialEq)]
pub struct Creation {
    /// The proeftuin it made.
    pub proeftuin_id: String,
    /// SHA-256 of the document it made, hex.
    pub document_hash: String,
    /// The edit secret, masked.
    pub masked_secret: String,
}

/// The create made with the key of hash `key_hash`, if it was made after
/// `forget_before` and its proeftuin still exists.
pub async fn creation(
    db: &Db,
    key_hash: &str,
    forget_before: &str,
) -> Result<Option<Creation>, sqlx::Error> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT c.proeftuin_id, c.document_hash, c.masked_secret FROM creations c \
         JOIN proeftuinen p ON p.id = c.proeftuin_id \
         WHERE c.key_hash = $1 AND c.created_at >= $2",
    )
    .bind(key_hash)
    .bind(forget_before)
    .fetch_optional(db.pool())
    .await?;
    Ok(
        row.map(|(proeftuin_id, document_hash, masked_secret)| Creation {
            proeftuin_id,
            document_hash,
            masked_secret,
        }),
    )
}

/// True when the key of `creation` is remembered and not forgotten yet.
pub(super) async fn creation_key_taken(
    conn: &mut AnyConnection,
    creation: &NewCreation,
) -> Result<bool, sqlx::Error> {
    let found: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM creations WHERE key_hash = $1 AND created_at >= $2",
    )
    .bind(&creation.key_hash)
    .bind(&creation.forget_before)
    .fetch_one(&mut *conn)
    .await?;
    Ok(found > 0)
}

/// Remembers the key of `creation` for proeftuin `id`, after forgetting every
/// key older than its `forget_before` (so the table holds a day of creates).
pub(super) async fn insert_creation(
    conn: &mut AnyConnection,
    id: &str,
    creation: &NewCreation,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM creations WHERE created_at < $1")
        .bind(&creation.forget_before)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO creations (key_hash, proeftuin_id, document_hash, masked_secret, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&creation.key_hash)
    .bind(id)
    .bind(&creation.document_hash)
    .bind(&creation.masked_secret)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
