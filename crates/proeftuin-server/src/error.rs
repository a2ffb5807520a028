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
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// JSON body of every error response.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `not_found`.
    pub code: String,
    /// Plain Dutch message for the user.
    pub message: String,
    /// Field errors, by field path, when the document was refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Only for `stale` (412): the revision currently stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
    /// Only for `stale` (412): the document currently stored, so the client can merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Value>,
}

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
    /// An error without field details.
    pub fn new(status: StatusCode, code: &str, message: &str) -> Self {
        Self {
            status,
            body: Box::new(ErrorBody {
                code: code.into(),
                message: message.into(),
                fields: Vec::new(),
                revision: None,
                document: None,
            }),
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
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Dit adres bestaat niet (meer).",
        )
    }

    /// 500 when the database (or something else on the server) fails; the
    /// cause goes to the log, never to the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Er ging iets mis op de server. Probeer het later opnieuw; je gegevens op dit apparaat blijven bewaard.",
        )
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        Self::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, self.headers, Json(*self.body)).into_response()
    }
}

/// Code and Dutch message for an error status that a layer or axum itself
/// produced (no handler of ours ran, or it did not choose the body).
pub fn default_for_status(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::BAD_REQUEST => ("bad_request", "Dit verzoek kan de server niet lezen."),
        StatusCode::NOT_FOUND => ("not_found", "Dit adres bestaat niet (meer)."),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "Deze handeling kan niet op dit adres.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            "Dit is te veel gegevens in één keer: hooguit 2 MB.",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "Stuur de gegevens als JSON (Content-Type: application/json).",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => {
            ("invalid", "Deze gegevens kan de server niet gebruiken.")
        }
        StatusCode::TOO_MANY_REQUESTS => (
            "too_many_attempts",
            "Te veel pogingen. Wacht even en probeer het opnieuw.",
        ),
        s if s.is_server_error() => (
            "internal",
            "Er ging iets mis op de server. Probeer het later opnieuw.",
        ),
        _ => ("bad_request", "Dit verzoek kan de server niet verwerken."),
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
    let (code, message) = default_for_status(parts.status);
    let body = ErrorBody {
        code: code.into(),
        message: message.into(),
        fields: Vec::new(),
        revision: None,
        document: None,
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(bytes))
}
