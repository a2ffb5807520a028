//! The request log names method and path, never a secret. A test binary of its own: the
//! log subscriber below is per thread, while tracing caches per call site for the whole
//! process, so other tests running first on other threads would hide the request span.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use proeftuin_domain::voorbeeld_document;
use proeftuin_server::{app, db, AppState};
use tower::ServiceExt;
use tracing_subscriber::util::SubscriberInitExt;

mod support;

#[derive(Clone, Default)]
struct LogSink(Arc<Mutex<Vec<u8>>>);

impl Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn send(
    state: &AppState,
    method: Method,
    uri: &str,
    secret: Option<&str>,
    body: Option<String>,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(s) = secret {
        req = req.header(proeftuin_domain::wire::SECRET_HEADER, s);
    }
    let body = match body {
        Some(b) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(b)
        }
        None => Body::empty(),
    };
    let res = app(state.clone())
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// A `PUT` of `doc` with `If-Match: "1"`.
async fn send_put(
    state: &AppState,
    uri: &str,
    secret: &str,
    doc: &proeftuin_domain::Proeftuin,
) -> (StatusCode, serde_json::Value) {
    let req = Request::builder()
        .method(Method::PUT)
        .uri(uri)
        .header(proeftuin_domain::wire::SECRET_HEADER, secret)
        .header(header::IF_MATCH, "\"1\"")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_string(doc).unwrap()))
        .unwrap();
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn the_request_log_names_method_and_path_but_never_a_secret() {
    let sink = LogSink::default();
    let writer = sink.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .set_default();

    // On each backend in turn: the log must be clean whichever database is behind it.
    for backend in support::backends("the_request_log_names_method_and_path_but_never_a_secret") {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        let test_db = support::TestDb::new(backend, dir.path()).await;
        let state = AppState::new(db::connect(&test_db.url).await.unwrap(), dist);

        let doc = voorbeeld_document("ey-itvitae", "ey-1".into(), chrono::Utc::now()).unwrap();
        let (status, created) = send(
            &state,
            Method::POST,
            "/api/proeftuinen",
            None,
            Some(serde_json::to_string(&doc).unwrap()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let edit = created["edit_secret"].as_str().unwrap().to_string();
        let (status, link) = send(
            &state,
            Method::POST,
            "/api/proeftuinen/ey-1/links",
            Some(&edit),
            Some(r#"{"access":"read"}"#.into()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{link}");
        let read = link["secret"].as_str().unwrap().to_string();
        let (status, _) = send(
            &state,
            Method::GET,
            "/api/proeftuinen/ey-1",
            Some(&read),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        // An update over the quota is a security event: the id, no content.
        let mut state = state;
        state.storage.quota_bytes = 1024;
        let (status, refused) = send_put(&state, "/api/proeftuinen/ey-1", &edit, &doc).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{refused}");

        // A revoked link: the same 404 as a wrong one, and a security event
        // with the proeftuin's id (never the secret) in the log.
        let link_id = link["link_id"].as_str().unwrap().to_string();
        let (status, _) = send(
            &state,
            Method::DELETE,
            &format!("/api/proeftuinen/ey-1/links/{link_id}"),
            Some(&edit),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, refused) = send(
            &state,
            Method::GET,
            "/api/proeftuinen/ey-1",
            Some(&read),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{refused}");

        let log = String::from_utf8(std::mem::take(&mut *sink.0.lock().unwrap())).unwrap();
        assert!(
            log.lines().any(|l| l.contains("security")
                && l.contains("quota_exceeded")
                && l.contains("ey-1")),
            "{backend:?}: {log}"
        );
        assert!(
            !log.contains(&doc.vertrekpunt.naam) && !log.contains(&doc.afronden.notities),
            "{backend:?}: document content in the log"
        );
        let event = log
            .lines()
            .find(|l| l.contains("revoked_secret_used"))
            .unwrap_or_else(|| panic!("{backend:?}: no security event in {log}"));
        assert!(event.contains("security"), "{event}");
        assert!(event.contains("ey-1"), "{event}");
        assert!(log.contains("GET"), "{backend:?}: {log}");
        assert!(log.contains("/api/proeftuinen/ey-1"), "{backend:?}: {log}");
        assert!(!log.contains(&edit), "{backend:?}: edit secret in the log");
        assert!(!log.contains(&read), "{backend:?}: read secret in the log");
        assert!(
            !log.to_lowercase()
                .contains(proeftuin_domain::wire::SECRET_HEADER),
            "{backend:?}: {log}"
        );
    }
}
