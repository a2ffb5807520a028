//! Requests to the router in-process, their answers, and the example document
//! that tests store: one request builder ([`call`]), one [`Answer`], one
//! [`assert_error`] for every test binary.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, request, HeaderMap, Method, Request, StatusCode};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use proeftuin_domain::{voorbeeld_document, Proeftuin};
use proeftuin_server::{app, AppState};
use serde_json::Value;
use tower::ServiceExt;

/// The header that carries a capability secret.
pub const SECRET: &str = proeftuin_domain::wire::SECRET_HEADER;

/// The instant an RFC 3339 text names, in UTC.
pub fn time(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

/// The fixed "now" of the tests' documents.
pub fn now() -> DateTime<Utc> {
    time("2024-05-01T10:00:00Z")
}

/// The EY × ITvitae example as a real, consistent document under `id`, made at `at`.
pub fn document_at(id: &str, at: DateTime<Utc>) -> Proeftuin {
    voorbeeld_document("ey-itvitae", id.to_string(), at).unwrap()
}

/// The EY × ITvitae example under `id`, made at [`now`].
pub fn document(id: &str) -> Proeftuin {
    document_at(id, now())
}

/// One answer: status, headers, the body as JSON (`Null` when empty or not
/// JSON) and as text.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub raw: String,
}

impl Answer {
    /// Reads a whole response.
    pub async fn of(res: axum::response::Response) -> Self {
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let raw = String::from_utf8(bytes.to_vec()).unwrap();
        let body = serde_json::from_str(&raw).unwrap_or(Value::Null);
        Self {
            status,
            headers,
            body,
            raw,
        }
    }

    /// A header of the answer, if it is there and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `code` of a JSON error body (empty when there is none).
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }
}

/// Sends `req` through the router; the whole answer.
pub async fn request(state: &AppState, req: Request<Body>) -> Answer {
    Answer::of(app(state.clone()).oneshot(req).await.unwrap()).await
}

/// A request under construction: see [`call`].
pub struct Call {
    req: request::Builder,
    peer: Option<SocketAddr>,
    body: Option<Vec<u8>>,
    content_length: bool,
}

/// A request with this method and URI, no headers and no body yet.
pub fn call(method: Method, uri: &str) -> Call {
    Call {
        req: Request::builder().method(method).uri(uri),
        peer: None,
        body: None,
        content_length: false,
    }
}

impl Call {
    /// With this capability secret.
    pub fn secret(self, secret: &str) -> Self {
        self.header(SECRET, secret)
    }

    /// With this `If-Match` value, exactly as given.
    pub fn if_match(self, value: &str) -> Self {
        self.header(header::IF_MATCH.as_str(), value)
    }

    /// With `If-Match: "<revision>"`.
    pub fn revision(self, revision: i64) -> Self {
        self.if_match(&format!("\"{revision}\""))
    }

    /// With this header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.req = self.req.header(name, value);
        self
    }

    /// As sent by the client at `peer` (an IP address), as the real server
    /// puts it on the request.
    pub fn from(mut self, peer: &str) -> Self {
        self.peer = Some(format!("{peer}:40000").parse().unwrap());
        self
    }

    /// With `value` as a JSON body.
    pub fn json(self, value: &impl serde::Serialize) -> Self {
        self.json_bytes(serde_json::to_vec(value).unwrap())
    }

    /// With these bytes as the body, said to be JSON.
    pub fn json_bytes(self, body: impl Into<Vec<u8>>) -> Self {
        self.body_as("application/json", body)
    }

    /// With this body and content type.
    pub fn body_as(self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.header(header::CONTENT_TYPE.as_str(), content_type)
            .body(body)
    }

    /// With this body and no content type.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// With a `Content-Length` header for the body (when it has one).
    pub fn with_content_length(mut self) -> Self {
        self.content_length = true;
        self
    }

    /// The request as built.
    pub fn build(self) -> Request<Body> {
        let mut req = self.req;
        if let (true, Some(body)) = (self.content_length, &self.body) {
            req = req.header(header::CONTENT_LENGTH, body.len());
        }
        let body = self.body.map(Body::from).unwrap_or_else(Body::empty);
        let mut req = req.body(body).unwrap();
        if let Some(peer) = self.peer {
            req.extensions_mut().insert(ConnectInfo(peer));
        }
        req
    }

    /// Sends the request through the router; the whole answer.
    pub async fn send(self, state: &AppState) -> Answer {
        request(state, self.build()).await
    }
}

/// Asserts a JSON error answer with this status and code and a message for people.
pub fn assert_error(answer: &Answer, status: StatusCode, code: &str) {
    assert_eq!(answer.status, status, "{}", answer.raw);
    assert!(
        answer
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "JSON error body expected, got {:?}: {}",
        answer.header("content-type"),
        answer.raw
    );
    assert_eq!(answer.body["code"], code, "{}", answer.raw);
    assert!(
        answer.body["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "a message for people: {}",
        answer.raw
    );
}

/// Creates `doc` (`POST /api/proeftuinen`); returns the answer, asserted 201.
pub async fn create_document(state: &AppState, doc: &Proeftuin) -> Answer {
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(doc)
        .send(state)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    answer
}

/// Creates the example document under `id`; returns the edit secret.
pub async fn create(state: &AppState, id: &str) -> String {
    let answer = create_document(state, &document(id)).await;
    answer.body["edit_secret"].as_str().unwrap().to_string()
}

/// A request with, if given, a secret and a JSON body.
pub async fn send(
    state: &AppState,
    method: Method,
    uri: &str,
    secret: Option<&str>,
    body: Option<&Value>,
) -> Answer {
    let mut req = call(method, uri);
    if let Some(secret) = secret {
        req = req.secret(secret);
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    req.send(state).await
}

/// `GET` with the secret.
pub async fn get(state: &AppState, uri: &str, secret: &str) -> Answer {
    send(state, Method::GET, uri, Some(secret), None).await
}

/// `POST` of a JSON body with the secret.
pub async fn post(state: &AppState, uri: &str, secret: &str, body: &Value) -> Answer {
    send(state, Method::POST, uri, Some(secret), Some(body)).await
}

/// `PUT` of a JSON body with the secret (no `If-Match`).
pub async fn put(state: &AppState, uri: &str, secret: &str, body: &Value) -> Answer {
    send(state, Method::PUT, uri, Some(secret), Some(body)).await
}

/// `DELETE` with the secret.
pub async fn delete(state: &AppState, uri: &str, secret: &str) -> Answer {
    send(state, Method::DELETE, uri, Some(secret), None).await
}
