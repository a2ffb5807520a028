//! The request log names method and path, never a secret. A test binary of its own: the
//! log subscriber below is per thread, while tracing caches per call site for the whole
//! process, so other tests running first on other threads would hide the request span.

use axum::http::{Method, StatusCode};
use proeftuin_server::{db, AppState};
use support::http::{call, document_at};

mod support;

#[tokio::test]
async fn the_request_log_names_method_and_path_but_never_a_secret() {
    let (sink, _guard) = support::log::capture();

    // On each backend in turn: the log must be clean whichever database is behind it.
    for backend in support::backends("the_request_log_names_method_and_path_but_never_a_secret") {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        let test_db = support::TestDb::new(backend, dir.path()).await;
        let state = AppState::new(db::connect(&test_db.url).await.unwrap(), dist);

        let doc = document_at("ey-1", chrono::Utc::now());
        let created = call(Method::POST, "/api/proeftuinen")
            .json(&doc)
            .send(&state)
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let edit = created.body["edit_secret"].as_str().unwrap().to_string();
        let link = call(Method::POST, "/api/proeftuinen/ey-1/links")
            .secret(&edit)
            .json_bytes(r#"{"access":"read"}"#)
            .send(&state)
            .await;
        assert_eq!(link.status, StatusCode::CREATED, "{}", link.body);
        let link = link.body;
        let read = link["secret"].as_str().unwrap().to_string();
        let status = call(Method::GET, "/api/proeftuinen/ey-1")
            .secret(&read)
            .send(&state)
            .await
            .status;
        assert_eq!(status, StatusCode::OK);
        // An update over the quota is a security event: the id, no content.
        let mut state = state;
        state.storage.quota_bytes = 1024;
        // A `PUT` of `doc` with `If-Match: "1"`.
        let refused = call(Method::PUT, "/api/proeftuinen/ey-1")
            .secret(&edit)
            .revision(1)
            .json(&doc)
            .send(&state)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            refused.body
        );

        // A revoked link: the same 404 as a wrong one, and a security event
        // with the proeftuin's id (never the secret) in the log.
        let link_id = link["link_id"].as_str().unwrap().to_string();
        let status = call(
            Method::DELETE,
            &format!("/api/proeftuinen/ey-1/links/{link_id}"),
        )
        .secret(&edit)
        .send(&state)
        .await
        .status;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let refused = call(Method::GET, "/api/proeftuinen/ey-1")
            .secret(&read)
            .send(&state)
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);

        let log = sink.take();
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
