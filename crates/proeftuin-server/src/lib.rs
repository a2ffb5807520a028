//! The proeftuin-wizard server: the JSON API under `/api` and the built
//! front-end bundle (Trunk's `dist/`) with an SPA fallback, behind one
//! [`app`] router that the tests drive in-process.

pub mod api;
pub mod config;
pub mod db;
pub mod error;
pub mod precompress;
pub mod security;
pub mod static_files;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

/// Largest request body the server accepts (a proeftuin document is far smaller).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database (embedded SQLite or PostgreSQL, see [`db`]): a pool, and
    /// on SQLite the one writer connection.
    pub db: db::Db,
    /// The folder with the built front-end bundle.
    pub dist: PathBuf,
    /// Recent failed secret checks per client (see [`api::limits`]).
    pub attempts: Arc<api::limits::AttemptLimiter>,
    /// Storage of history: the per-proeftuin quota and the clock that dates
    /// revisions (see [`api::store::StorageSettings`]).
    pub storage: api::store::StorageSettings,
}

impl AppState {
    /// State with a fresh (empty) failure window.
    pub fn new(db: db::Db, dist: PathBuf) -> Self {
        Self {
            db,
            dist,
            attempts: Arc::new(api::limits::AttemptLimiter::default()),
            storage: api::store::StorageSettings::default(),
        }
    }
}

/// Builds the whole application: API, static bundle, and the layers that
/// apply to every response (security headers, compression, body limit, logs).
///
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` so the
/// API can tell clients apart for its failure window; without connection info
/// (e.g. `oneshot` in tests) all requests count as one client.
pub fn app(state: AppState) -> Router {
    let api = api::router().with_state(state.clone());
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(&state.dist))
        .layer(axum::middleware::from_fn(static_files::cache_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Outside the body limit, so its 413 (and axum's 405) become JSON too.
        .layer(axum::middleware::from_fn(error::json_errors))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(
            TraceLayer::new_for_http()
                // Only method and path: headers may carry secrets and never reach the log.
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_response(
                    |res: &axum::http::Response<_>, latency: Duration, _span: &tracing::Span| {
                        tracing::info!(
                            status = res.status().as_u16(),
                            latency_ms = latency.as_secs_f64() * 1000.0,
                            "response"
                        );
                    },
                ),
        )
        .layer(axum::middleware::from_fn(security::security_headers))
}
