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
//! | `GET /api/proeftuinen/{id}` | any secret | 200 `{id, revision, access, document}`, `ETag` | 404 `not_found`, 429 |
//! | `PUT /api/proeftuinen/{id}` (document) | edit secret, `If-Match: "<n>"` | 200 `{id, revision: n+1, document}`, `ETag` | 403 `read_only`, 404, 412 `stale` (+ `revision`, `document`, `ETag` of the current one), 422, 428 `precondition_required` |
//! | `DELETE /api/proeftuinen/{id}` | edit secret | 204 | 403, 404 |
//! | `POST /api/proeftuinen/{id}/links` `{"access": "read"}` | edit secret | 201 `{secret, access, link_id}` | 403, 404, 409 `too_many_links`, 422 |
//! | `GET /api/proeftuinen/{id}/revisions` | any secret | 200 `[{revision, saved_at}]` | 404 |
//! | `GET /api/proeftuinen/{id}/revisions/{n}` | any secret | 200 `{id, revision, saved_at, access, document}` | 400 `bad_revision`, 404 |
//! | `POST /api/proeftuinen/summaries` `[{id, secret}]` (≤ 200) | – | 200 `[{id, revision, access, name, status, changed, saved_at}]` for the right pairs only | 422 `too_many`, 429 |
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

pub mod documents;
pub mod input;
pub mod limits;
pub mod links;
pub mod secrets;
pub mod store;
pub mod summaries;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::{db, AppState};

/// Body of `GET /api/health`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Health {
    /// `ok` or `error`.
    pub status: String,
    /// `ok` or `unreachable`.
    pub database: String,
    /// Which database: `sqlite` or `postgres`.
    pub backend: String,
    /// Server version.
    pub version: String,
}

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
        .route("/proeftuinen/{id}/links", post(links::create))
        .route("/proeftuinen/{id}/revisions", get(documents::revisions))
        .route("/proeftuinen/{id}/revisions/{n}", get(documents::revision))
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
