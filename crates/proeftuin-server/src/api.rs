//! The JSON API under `/api`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
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
    /// Server version.
    pub version: String,
}

/// All API routes; unknown API paths answer a JSON 404, never the app page.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
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
            version: env!("CARGO_PKG_VERSION").into(),
        }),
    )
}
