//! The JSON API under `/api`.
//!
//! # Proeftuin documents
//! Access is by capability: whoever holds a secret for a proeftuin may use it;
//! there are no accounts. Secrets travel only in the header named by
//! [`SECRET_HEADER`](proeftuin_domain::wire::SECRET_HEADER). Every error is an [`ErrorBody`](crate::error::ErrorBody)
//! `{code, message, fields?}` with a Dutch message.
//!
//! | method and path | needs | success | errors |
//! |---|---|---|---|
//! | `POST /api/proeftuinen` (document; optional `Idempotency-Key`) | – | 201 `{id, revision: 1, edit_secret, document}`, `ETag: "1"`, `Location`; the same again for a retry with the same key and document | 400 `bad_json`/`too_deep`/`bad_id`/`bad_creation_key`, 409 `exists`/`creation_key_reused`, 413 `too_large`/`quota_exceeded`, 415, 422 `invalid`/`newer_version`, 429 `too_many_requests` |
//! | `GET /api/proeftuinen/{id}` | any secret | 200 `{id, revision, access, document}`, `ETag`; for an assessor's secret `access: "assessor"` and the document without its `beoordeling` (empty) | 404 `not_found`, 429 |
//! | `PUT /api/proeftuinen/{id}` (document) | edit secret, `If-Match: "<n>"` | 200 `{id, revision: n+1, document}`, `ETag` | 403 `read_only`, 404, 412 `stale` (+ `revision`, `document`, `ETag` of the current one), 413 `quota_exceeded`, 422, 428 `precondition_required` |
//! | `DELETE /api/proeftuinen/{id}` | edit secret | 204; the rounds, assessors and scores go too | 403, 404 |
//! | `POST /api/proeftuinen/{id}/links` `{"access": "read"}` | edit secret | 201 `{secret, access, link_id}` | 403, 404, 409 `too_many_links`, 422 |
//! | `GET /api/proeftuinen/{id}/links` | edit secret | 200 `[{link_id, kind: "edit"\|"read"\|"invitation"\|"assessor", label, round, created_at, last_used_at, current}]`, the live links oldest first, never a secret | 403 `read_only`/`not_claimed`, 404 |
//! | `DELETE /api/proeftuinen/{id}/links/{link_id}` | edit secret | 204; from then on the secret gets the same 404 as a wrong one | 403, 404 (no such live link), 409 `own_link` (the edit secret of the request itself) |
//! | `GET /api/proeftuinen/{id}/revisions` | edit or read secret | 200 `[{revision, saved_at}]`: every kept revision, oldest first | 403 `read_only` (assessor), 404 |
//! | `GET /api/proeftuinen/{id}/revisions/{n}` | edit or read secret | 200 `{id, revision, saved_at, access, document}`, the document exactly as it was stored | 400 `bad_revision`, 403 `read_only` (assessor), 404 (also for a revision no longer kept) |
//! | `POST /api/proeftuinen/summaries` `[{id, secret}]` (≤ 200) | – | 200 `[{id, revision, access, name, status, changed, saved_at}]` for the right pairs only (`access` may be `assessor`) | 422 `too_many`, 429 |
//!
//! - A missing secret, a wrong secret and an unknown id get the same 404.
//!   Ten such failures within a minute from one client give 429
//!   `too_many_attempts` with `Retry-After` (see [`limits`]). Check and count
//!   are one step (parallel guesses cannot overrun the window); the same wrong
//!   secret for the same id again (an autosave, a retry) counts once a window.
//!   A client is its IP address, or behind a trusted proxy the forwarded one.
//! - `POST /api/proeftuinen`, `POST .../links` and `POST .../rounds` take one
//!   creation each from the client's budget (`--create-burst`, then
//!   `--create-per-hour`); over it 429 `too_many_requests` with `Retry-After`,
//!   before anything is read or stored.
//! - Every route may answer 503 `busy` with `Retry-After: 1` (too many
//!   requests at once, a full SQLite write queue, no database connection in
//!   time) and 408 `timeout` (the body did not arrive in time): safe to retry.
//! - Every answer carries `X-Request-Id` ([`REQUEST_ID_HEADER`](proeftuin_domain::wire::REQUEST_ID_HEADER)),
//!   the id of the request in the server's log.
//! - Documents are validated like an import: older schema versions are
//!   migrated, [`check_consistency`](proeftuin_domain::check_consistency)
//!   errors are refused even for drafts (422 with `fields` by path).
//! - **History policy**: every revision of the last 24 hours is kept; older
//!   ones are thinned to one per clock hour (the newest of that hour) for a
//!   week, then to one per day (UTC; the newest of that day). The current
//!   revision is never removed and revision numbers are never reused. Thinning
//!   runs inside an update's transaction when it is due (at most every 15
//!   minutes per proeftuin, and always before a quota refusal), so the list
//!   of revisions shows exactly what is kept. Old revisions are stored
//!   compactly (see [`history`]) and read back byte for byte.
//! - **Restoring** an old revision is a normal update: fetch `revisions/{n}`
//!   and `PUT` its `document` with `If-Match` of the current revision; it
//!   becomes a new revision, the history stays.
//! - A lost answer to a `PUT` is safe to retry: the retry gets 412 with the
//!   current document, which then equals the one sent.
//! - The id `summaries` is reserved (it is a route).
//! - An assessor's secret (access `assessor`) gets 403 `read_only` on
//!   everything but reading the document and its own assessment: `PUT`,
//!   `DELETE`, links, revisions, rounds. An invitation gets 403 `not_claimed`
//!   on everything but its claim.
//! - **Creation keys.** A create with an `Idempotency-Key` header (16–128
//!   characters `A-Z a-z 0-9 - _`; the app sends 32 random hex digits) may be
//!   retried when its answer was lost: within 24 hours
//!   ([`CREATION_KEY_HOURS`](proeftuin_domain::wire::CREATION_KEY_HOURS)) the
//!   same key with the same document gets the first answer again (same id,
//!   revision 1, the same edit secret), with another document 409
//!   `creation_key_reused`. The server keeps the key's SHA-256, the document's
//!   and the edit secret XOR-masked with another hash of the key, so only the
//!   key's holder can recover it; after 24 hours (or when the proeftuin is
//!   deleted) the key is forgotten and a retry gets 409 `exists`.
//! - **Revoked links** keep their hash as a tombstone (the newest 100 per
//!   proeftuin): their use is logged as a security event (target `security`,
//!   `event = "revoked_secret_used"`, the proeftuin id, never the secret) and
//!   does not count as a guess. "Last used" is written at most once a minute
//!   per secret.
//!
//! # Assessment rounds (several assessors, blind first)
//! The owner opens a round and names the assessors (a label each: name or
//! role, nothing else); every assessor gets an invitation, shown once. The
//! assessor's device exchanges it once (`.../assessment/claim`) for a personal
//! secret (access `assessor`) that the owner never sees: the device proposes
//! it, so a claim whose answer was lost can be sent again with the same
//! secret and gets the same answer; a claim with another secret (another
//! device) gets 409 `invitation_claimed`. The owner can issue a new invitation for an
//! assessor; an earlier unclaimed invitation of theirs stops working at once,
//! and once the new one is claimed their earlier personal secret stops working
//! too (404), while their draft and hand-in stay. Links of rounds opened
//! before invitations existed are personal secrets and keep working. An assessor scores on their own; nobody sees what
//! an assessor scored until the round is closed or every assessor of the
//! round has submitted. Submitted scores are never changed (there is no
//! endpoint for it); the agreed scores of the moderation go into the
//! document's `beoordeling` with a normal `PUT`. Every round stays readable.
//!
//! A round is `{round, status: "open"|"closed", created_at, closed_at, assessors:
//! [{assessor_id, label, submitted_at, scores}]}`, oldest first, assessors in
//! the order named; `scores` is `{"scores": [{criterion, score, reden}]}` (the
//! submitted sheet) only when the round is closed or all its assessors have
//! submitted, else `null` for everyone; drafts are never in it. An assessment
//! is `{round, status, label, draft: {"scores": [...]}, submitted_at,
//! submitted: null|{"scores": [...]}}`, the assessor's own data only.
//!
//! | method and path | needs | success | errors |
//! |---|---|---|---|
//! | `POST /api/proeftuinen/{id}/rounds` `{"assessors": [{"label"}]}` (1–12; labels trimmed, 1–80 characters, one line, unique ignoring case) | edit secret | 201 `{round, status: "open", assessors: [{assessor_id, label, secret}]}` (`secret`: the invitation) | 403 `read_only`, 404, 409 `round_open` (a round is still open), 409 `too_many_links` (over 100 secrets), 422 `invalid` with `fields` (`assessors`, `assessors.<i>.label`) |
//! | `GET /api/proeftuinen/{id}/rounds` | edit or read secret | 200 `[round]`, oldest first | 403 `read_only` (assessor), 404 |
//! | `POST /api/proeftuinen/{id}/rounds/{n}/close` | edit secret | 200 the round, now closed with its scores | 403 `read_only`, 404 (also for an unknown `n`), 409 `round_closed` |
//! | `POST /api/proeftuinen/{id}/rounds/{n}/assessors/{assessor_id}/invitation` | edit secret | 201 `{assessor_id, label, secret}` (a new invitation) | 403 `read_only`, 404 (unknown round or assessor), 409 `too_many_links` |
//! | `POST /api/proeftuinen/{id}/assessment/claim` `{"secret"}` (the personal secret the device proposes: 32 random bytes, base64url, 43 characters; optional) | invitation (or a personal assessor secret) | 200 `{secret}`: the personal secret, the one proposed (without a body one the server makes; for a personal secret: itself); the same claim again with the same proposed secret gets the same answer while it is the assessor's | 400 `bad_secret` (malformed, or already some secret), 403 `not_assessor` (edit or read secret), 404, 409 `invitation_claimed` (claimed with another secret, or without a body), 415, 422 `invalid` (not `{"secret": "..."}`) |
//! | `GET /api/proeftuinen/{id}/assessment` | assessor secret | 200 assessment | 403 `not_assessor` (edit or read secret), 404 |
//! | `PUT /api/proeftuinen/{id}/assessment` `{"scores": [...]}` | assessor secret | 200 assessment, the draft saved | 403 `not_assessor`, 404, 409 `submitted`, 409 `round_closed`, 422 `invalid` with `fields` (`scores.<criterion>.score`, ...) |
//! | `POST /api/proeftuinen/{id}/assessment/submit` `{"scores": [...]}` | assessor secret | 200 assessment, submitted (and saved as the draft) | 403 `not_assessor`, 404, 409 `submitted`, 409 `round_closed`, 422 `invalid` with `fields` (every criterion needs a score 1–5 and a reason) |
//!
//! - Scores are checked with
//!   [`validate_assessment`](proeftuin_domain::validate_assessment): unknown
//!   or repeated criteria, scores outside 1–5 and over-long reasons are
//!   refused in a draft too; to submit, every criterion needs both.
//! - For an assessor who has submitted, `submitted` comes before
//!   `round_closed`, and both come before any check of the body.
//! - Of two submits at once exactly one wins (compare-and-set on the
//!   assessor's row, with the round locked); a close waits for a submit in
//!   progress and a save after a close is refused.
//! - Wrong secrets count for the failure window as everywhere (404, then 429).
//!
//! # Storage: quota and faults
//! - **Quota**: a proeftuin may store at most `--quota-bytes` /
//!   `PROEFTUIN_QUOTA_BYTES` bytes (default 20 MiB): its document plus its
//!   kept revisions as stored. A create or an update that would go over it
//!   gets 413 `quota_exceeded` with a Dutch message (export the proeftuin and
//!   put it on the server as a new copy, or make it smaller); nothing is
//!   stored, and the event is logged (`target: "security"`, `event =
//!   "quota_exceeded"`, the id; never content or a secret).
//! - **Faults**: when the database's storage fails, a request gets 507
//!   `storage_full` (disk full: `SQLITE_FULL`, SQLSTATE 53100 or 53200) or
//!   503 `storage_error` (an I/O error: `SQLITE_IOERR*`, SQLSTATE 58030), both
//!   with `Retry-After: 30` and a Dutch message saying the work stays on the
//!   device; never a 500. The failed write is rolled back whole; what was
//!   acknowledged before stays.
//!
//! | method and path | success |
//! |---|---|
//! | `GET /api/health` | 200 `{status: "ok", database: "ok", backend, version}`; 200 with `status: "degraded"` and `database: "full"` or `"io_error"` after a write met that fault, until a write goes through again; 503 `{status: "error", database: "unreachable"}` when the database does not answer |
//!
//! Degraded is a 200 on purpose: the server still serves every read, and
//! neither a restart nor another instance on the same database would help.

pub mod assessment;
pub mod documents;
pub mod extract;
pub mod history;
pub mod input;
pub mod limits;
pub mod links;
pub mod rounds;
pub mod secrets;
pub mod store;
pub mod summaries;

use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::error::ApiError;
use crate::{db, AppState};
pub use proeftuin_domain::wire::Health;

/// All API routes; unknown API paths answer a JSON 404, never the app page.
/// A `POST` that creates something (a proeftuin, a link, a round) first takes
/// one creation from the client's budget ([`limits::limit_creations`]).
pub fn router(state: &AppState) -> Router<AppState> {
    let creation = from_fn_with_state(state.clone(), limits::limit_creations);
    Router::new()
        .route("/health", get(health))
        .route(
            "/proeftuinen",
            post(documents::create).route_layer(creation.clone()),
        )
        .route("/proeftuinen/summaries", post(summaries::summaries))
        .route(
            "/proeftuinen/{id}",
            get(documents::read)
                .put(documents::update)
                .delete(documents::delete),
        )
        .route(
            "/proeftuinen/{id}/links",
            get(links::list)
                .post(links::create)
                .route_layer(creation.clone()),
        )
        .route(
            "/proeftuinen/{id}/links/{link_id}",
            axum::routing::delete(links::revoke),
        )
        .route("/proeftuinen/{id}/revisions", get(documents::revisions))
        .route("/proeftuinen/{id}/revisions/{n}", get(documents::revision))
        .route(
            "/proeftuinen/{id}/rounds",
            get(rounds::list).post(rounds::open).route_layer(creation),
        )
        .route("/proeftuinen/{id}/rounds/{n}/close", post(rounds::close))
        .route(
            "/proeftuinen/{id}/rounds/{n}/assessors/{assessor_id}/invitation",
            post(rounds::invite),
        )
        .route(
            "/proeftuinen/{id}/assessment",
            get(assessment::read).put(assessment::save::<false>),
        )
        .route(
            "/proeftuinen/{id}/assessment/submit",
            post(assessment::save::<true>),
        )
        .route(
            "/proeftuinen/{id}/assessment/claim",
            post(assessment::claim),
        )
        .fallback(|| async { ApiError::not_found() })
}

/// `GET /api/health`: 200 `ok`; 200 `degraded` with `database: "full"` or
/// `"io_error"` after a write met a storage fault, until a write goes through
/// again (the server still reads, and restarting it would not help); 503
/// `error` with `database: "unreachable"` when the database does not answer.
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let reachable = db::is_reachable(&state.db).await;
    let fault = state.db.fault();
    let (code, status, database) = match (reachable, fault) {
        (false, _) => (StatusCode::SERVICE_UNAVAILABLE, "error", "unreachable"),
        (true, Some(fault)) => (StatusCode::OK, "degraded", fault.health_name()),
        (true, None) => (StatusCode::OK, "ok", "ok"),
    };
    (
        code,
        Json(Health {
            status: status.into(),
            database: database.into(),
            backend: db::backend(&state.db).name().into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }),
    )
}
