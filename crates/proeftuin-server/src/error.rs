//! The one error type that crosses the wire: a status, a stable code, a Dutch
//! message for people, and optional field errors (for 422).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use proeftuin_domain::FieldError;
use serde::{Deserialize, Serialize};

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
}

/// An error an API handler returns; it becomes a JSON response.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
}

impl ApiError {
    /// An error without field details.
    pub fn new(status: StatusCode, code: &str, message: &str) -> Self {
        Self {
            status,
            body: ErrorBody {
                code: code.into(),
                message: message.into(),
                fields: Vec::new(),
            },
        }
    }

    /// 404 for anything under /api that does not exist.
    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Dit adres bestaat niet (meer).",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
