//! The proeftuin-wizard server: the JSON API under `/api` and the built
//! front-end bundle (Trunk's `dist/`) with an SPA fallback, behind one
//! [`app`] router that the tests drive in-process, served by [`serve::serve`]
//! with the connection bounds of [`config::Limits`].

pub mod api;
pub mod config;
pub mod db;
pub mod error;
pub mod precompress;
pub mod security;
pub mod serve;
pub mod static_files;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
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
    /// Creations per client (see [`api::limits`]).
    pub creations: Arc<api::limits::CreationLimiter>,
    /// The request bounds and the trusted proxies.
    pub limits: Arc<config::Limits>,
    /// One permit per request being handled (see [`serve::limit_requests`]).
    pub requests: Arc<Semaphore>,
    /// Storage of history: the per-proeftuin quota and the clock that dates
    /// revisions (see [`api::store::StorageSettings`]).
    pub storage: api::store::StorageSettings,
}

impl AppState {
    /// State with the default [`config::Limits`] and fresh (empty) windows.
    pub fn new(db: db::Db, dist: PathBuf) -> Self {
        Self::with_limits(db, dist, config::Limits::default())
    }

    /// State with the given limits and fresh (empty) windows.
    pub fn with_limits(db: db::Db, dist: PathBuf, limits: config::Limits) -> Self {
        Self {
            db,
            dist,
            attempts: Arc::new(api::limits::AttemptLimiter::default()),
            creations: Arc::new(api::limits::CreationLimiter::new(
                limits.create_burst,
                limits.create_per_hour,
            )),
            requests: serve::request_slots(&limits),
            limits: Arc::new(limits),
            storage: api::store::StorageSettings::default(),
        }
    }
}

/// Builds the whole application: API, static bundle, and the layers that
/// apply to every request, from the outside in: security headers; who the
/// client is ([`security::identify_client`]); the request id (made, put in
/// the answer and in the log span); the request log; compression; at most
/// `max_requests` at once (503 `busy`); JSON errors; the body size limit; the
/// body deadline (408).
///
/// Serve it with [`serve::serve`] (or anything that puts
/// `ConnectInfo<SocketAddr>` on requests) so the API can tell clients apart;
/// without connection info (e.g. `oneshot` in tests) all requests count as
/// one client.
pub fn app(state: AppState) -> Router {
    let api = api::router(&state).with_state(state.clone());
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(&state.dist))
        .layer(from_fn(static_files::cache_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn_with_state(state.clone(), serve::body_deadline))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Outside the body limit, so its 413 (and axum's 405) become JSON too.
        .layer(from_fn(error::json_errors))
        .layer(from_fn_with_state(state.clone(), serve::limit_requests))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(
            TraceLayer::new_for_http()
                // Method, path and request id only: other headers may carry
                // secrets and never reach the log. Every line logged while
                // the request is handled (security events too) is in this span.
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %req.uri().path(),
                        request_id = %security::request_id(req.headers()),
                    )
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
        .layer(PropagateRequestIdLayer::new(security::request_id_header()))
        .layer(SetRequestIdLayer::new(
            security::request_id_header(),
            security::RequestIds,
        ))
        .layer(from_fn_with_state(state, security::identify_client))
        .layer(from_fn(security::security_headers))
}
