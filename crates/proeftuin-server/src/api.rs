//! The JSON API under `/api`.
//!
//! # Proeftuin documents
//! Access is by capability: whoever holds a secret for a proeftuin may use it;
//! there are no accounts. Secrets travel only in the `X-Proeftuin-Secret`
//! header. Every error is an [`ErrorBody`](crate::error::ErrorBody)
//! `{code, message, fields?}` with a Dutch message.
//!
//! | method and path | needs | success | errors |
//! |---|---|---|---|
//! | `POST /api/proeftuinen` (document) | – | 201 `{id, revision: 1, edit_secret, document}`, `ETag: "1"`, `Location` | 400 `bad_json`/`too_deep`/`bad_id`, 409 `exists`, 413, 415, 422 `invalid`/`newer_version` |
//! | `GET /api/proeftuinen/{id}` | any secret | 200 `{id, revision, access, document}`, `ETag`; for an assessor's secret `access: "assessor"` and the document without its `beoordeling` (empty) | 404 `not_found`, 429 |
//! | `PUT /api/proeftuinen/{id}` (document) | edit secret, `If-Match: "<n>"` | 200 `{id, revision: n+1, document}`, `ETag` | 403 `read_only`, 404, 412 `stale` (+ `revision`, `document`, `ETag` of the current one), 422, 428 `precondition_required` |
//! | `DELETE /api/proeftuinen/{id}` | edit secret | 204; the rounds, assessors and scores go too | 403, 404 |
//! | `POST /api/proeftuinen/{id}/links` `{"access": "read"}` | edit secret | 201 `{secret, access, link_id}` | 403, 404, 409 `too_many_links`, 422 |
//! | `GET /api/proeftuinen/{id}/revisions` | edit or read secret | 200 `[{revision, saved_at}]` | 403 `read_only` (assessor), 404 |
//! | `GET /api/proeftuinen/{id}/revisions/{n}` | edit or read secret | 200 `{id, revision, saved_at, access, document}` | 400 `bad_revision`, 403 `read_only` (assessor), 404 |
//! | `POST /api/proeftuinen/summaries` `[{id, secret}]` (≤ 200) | – | 200 `[{id, revision, access, name, status, changed, saved_at}]` for the right pairs only (`access` may be `assessor`) | 422 `too_many`, 429 |
//!
//! - A missing secret, a wrong secret and an unknown id get the same 404.
//!   Ten such failures within a minute from one client give 429
//!   `too_many_attempts` with `Retry-After` (see [`limits`]).
//! - Documents are validated like an import: older schema versions are
//!   migrated, [`check_consistency`](proeftuin_domain::check_consistency)
//!   errors are refused even for drafts (422 with `fields` by path).
//! - Every saved revision is kept. **Restoring** an old revision is a normal
//!   update: fetch `revisions/{n}` and `PUT` its `document` with `If-Match`
//!   of the current revision; it becomes a new revision, the history stays.
//! - A lost answer to a `PUT` is safe to retry: the retry gets 412 with the
//!   current document, which then equals the one sent.
//! - The id `summaries` is reserved (it is a route).
//! - An assessor's secret (access `assessor`) gets 403 `read_only` on
//!   everything but reading the document and its own assessment: `PUT`,
//!   `DELETE`, links, revisions, rounds.
//!
//! # Assessment rounds (several assessors, blind first)
//! The owner opens a round and names the assessors (a label each: name or
//! role, nothing else); every assessor gets a personal secret (access
//! `assessor`), shown once. An assessor scores on their own; nobody sees what
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
//! | `POST /api/proeftuinen/{id}/rounds` `{"assessors": [{"label"}]}` (1–12; labels trimmed, 1–80 characters, one line, unique ignoring case) | edit secret | 201 `{round, status: "open", assessors: [{assessor_id, label, secret}]}` | 403 `read_only`, 404, 409 `round_open` (a round is still open), 409 `too_many_links` (over 100 secrets), 422 `invalid` with `fields` (`assessors`, `assessors.<i>.label`) |
//! | `GET /api/proeftuinen/{id}/rounds` | edit or read secret | 200 `[round]`, oldest first | 403 `read_only` (assessor), 404 |
//! | `POST /api/proeftuinen/{id}/rounds/{n}/close` | edit secret | 200 the round, now closed with its scores | 403 `read_only`, 404 (also for an unknown `n`), 409 `round_closed` |
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

pub mod assessment;
pub mod documents;
pub mod input;
pub mod limits;
pub mod links;
pub mod rounds;
pub mod secrets;
pub mod store;
pub mod summaries;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::error::ApiError;
use crate::{db, AppState};
pub use proeftuin_domain::wire::Health;

/// All API routes; unknown API paths answer a JSON 404, never the app page.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/proeftuinen", post(documents::create))
        .route("/proeftuinen/summaries", post(summaries::summaries))
        .route(
            "/proeftuinen/{id}",
            get(documents::read)
                .put(documents::update)
                .delete(documents::delete),
        )
        .route(
            "/proeftuinen/{id}/links",
            get(links::list).post(links::create),
        )
        .route(
            "/proeftuinen/{id}/links/{link_id}",
            axum::routing::delete(links::revoke),
        )
        .route("/proeftuinen/{id}/revisions", get(documents::revisions))
        .route("/proeftuinen/{id}/revisions/{n}", get(documents::revision))
        .route(
            "/proeftuinen/{id}/rounds",
            get(rounds::list).post(rounds::open),
        )
        .route("/proeftuinen/{id}/rounds/{n}/close", post(rounds::close))
        .route(
            "/proeftuinen/{id}/rounds/{n}/assessors/{assessor_id}/invitation",
            post(rounds::invite),
        )
        .route(
            "/proeftuinen/{id}/assessment",
            get(assessment::read).put(assessment::save_draft),
        )
        .route(
            "/proeftuinen/{id}/assessment/submit",
            post(assessment::submit),
        )
        .route(
            "/proeftuinen/{id}/assessment/claim",
            post(assessment::claim),
        )
        .fallback(|| async { ApiError::not_found() })
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let reachable = db::is_reachable(&state.db).await;
    let status = if reachable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Health {
            status: if reachable { "ok" } else { "error" }.into(),
            database: if reachable { "ok" } else { "unreachable" }.into(),
            backend: db::backend(&state.db).name().into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }),
    )
}
