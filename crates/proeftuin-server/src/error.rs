//! The one error type that crosses the wire: a status, a stable code, a Dutch
//! message for people, and optional field errors (for 422).
//!
//! [`json_errors`] turns the answers that axum and tower-http produce on their
//! own under `/api` (405, 413 from the body limit, ...) into the same
//! [`ErrorBody`], so a client only ever has to read one error shape.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use proeftuin_domain::FieldError;

pub use proeftuin_domain::wire::{ErrorBody, ErrorCode};

/// An error an API handler returns; it becomes a JSON response.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// The body (boxed: it is large, and errors travel through every `Result`).
    pub body: Box<ErrorBody>,
    /// Extra response headers (`Retry-After`, `ETag`).
    pub headers: HeaderMap,
}

impl ApiError {
    /// An error without field details; its status is the code's own.
    pub fn new(code: ErrorCode, message: &str) -> Self {
        let status =
            StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self {
            status,
            body: Box::new(ErrorBody::new(code, message)),
            headers: HeaderMap::new(),
        }
    }

    /// The error for a status that no handler chose a code for (a layer's
    /// answer, a rejection): the status stays, with its default code and message.
    pub fn for_status(status: StatusCode) -> Self {
        let (code, message) = ErrorCode::for_status(status.as_u16());
        Self {
            status,
            body: Box::new(ErrorBody::new(code, message)),
            headers: HeaderMap::new(),
        }
    }

    /// The same error with field errors.
    pub fn with_fields(mut self, fields: Vec<FieldError>) -> Self {
        self.body.fields = fields;
        self
    }

    /// The same error with one extra response header.
    pub fn with_header(mut self, name: header::HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// 404 for anything under /api that does not exist.
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, "Dit adres bestaat niet (meer).")
    }

    /// 500 when the database (or something else on the server) fails; the
    /// cause goes to the log, never to the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            ErrorCode::Internal,
            "Er ging iets mis op de server. Probeer het later opnieuw; je gegevens op dit apparaat blijven bewaard.",
        )
    }
}

impl ApiError {
    /// 503 `busy` with `Retry-After: 1`: too many requests or writes at once,
    /// or no database connection in time. The client may simply retry.
    pub fn busy() -> Self {
        let (code, message) = ErrorCode::for_status(503);
        Self::new(code, message).with_header(header::RETRY_AFTER, HeaderValue::from(1u32))
    }
}

/// Seconds a client is asked to wait after a storage fault.
const STORAGE_RETRY_AFTER: &str = "30";

impl From<sqlx::Error> for ApiError {
    /// A full disk is 507 `storage_full`, an I/O error 503 `storage_error`
    /// (both with `Retry-After`); any other database error is a 500.
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::PoolTimedOut = err {
            // A full writer queue, or no pooled connection in time (see `db::Options`).
            return Self::busy();
        }
        let (code, message) = match crate::db::storage_fault(&err) {
            None => return Self::internal(err),
            Some(crate::db::StorageFault::Full) => (
                ErrorCode::StorageFull,
                "De server heeft geen ruimte meer om gegevens op te slaan. Je wijziging is niet \
                 op de server bewaard, maar staat veilig op dit apparaat. Het wordt vanzelf \
                 opnieuw geprobeerd.",
            ),
            Some(crate::db::StorageFault::Io) => (
                ErrorCode::StorageError,
                "De server kon zijn gegevens niet lezen of schrijven. Je wijziging staat veilig \
                 op dit apparaat en wordt vanzelf opnieuw geprobeerd.",
            ),
        };
        tracing::error!(error = %err, code = %code, "storage fault");
        Self::new(code, message).with_header(
            header::RETRY_AFTER,
            HeaderValue::from_static(STORAGE_RETRY_AFTER),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, self.headers, Json(*self.body)).into_response()
    }
}

/// Middleware for `/api`: an error response that is not JSON yet (axum's 405,
/// tower-http's 413, a rejection's plain text) gets the JSON [`ErrorBody`] for
/// its status. Status and headers (e.g. `Allow`) are kept.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_api = path == "/api" || path.starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || !(res.status().is_client_error() || res.status().is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let (mut parts, _old_body) = res.into_parts();
    let (code, message) = ErrorCode::for_status(parts.status.as_u16());
    let body = ErrorBody::new(code, message);
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(bytes))
}
