//! Security events in the log: a client blocked by the wrong-secret window and
//! a creation burst refused are logged once each, at `warn` with target
//! `security`, an `event` field, the client and the request id that the answer
//! carried; the request's span carries the request id too, so any event logged
//! while a request is handled names it. A client over its share of connections
//! is logged once too, with its address (at accept: no request, no id). Never a
//! secret or document content.
//!
//! A test binary of its own with one test: the log subscriber is per thread,
//! while tracing caches per call site for the whole process (see request_log.rs).

use axum::http::{Method, StatusCode};
use proeftuin_server::config::Limits;
use proeftuin_server::{app, serve, AppState};
use support::http::{call, document_at};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod support;

const CLIENT: &str = "203.0.113.70";

/// Sends a request from [`CLIENT`]; the status, the request id of the answer and its body.
async fn send(
    state: &AppState,
    method: Method,
    uri: &str,
    secret: Option<&str>,
    body: Option<String>,
) -> (StatusCode, String, serde_json::Value) {
    let mut req = call(method, uri).from(CLIENT);
    if let Some(s) = secret {
        req = req.secret(s);
    }
    if let Some(b) = body {
        req = req.json_bytes(b);
    }
    let answer = req.send(state).await;
    let id = answer.headers["x-request-id"].to_str().unwrap().to_string();
    (answer.status, id, answer.body)
}

#[tokio::test]
async fn blocked_clients_and_refused_bursts_are_logged_once_with_the_request_id() {
    let (sink, _guard) = support::log::capture();

    let test = "blocked_clients_and_refused_bursts_are_logged_once_with_the_request_id";
    for backend in support::backends(test) {
        let limits = Limits {
            create_burst: 2,
            create_per_hour: 1,
            ..Limits::default()
        };
        let f = support::fixture_limited(backend, limits).await;
        let doc = document_at("ey-1", chrono::Utc::now());
        let name = doc.vertrekpunt.naam.clone();
        let (status, _, created) = send(
            &f.state,
            Method::POST,
            "/api/proeftuinen",
            None,
            Some(serde_json::to_string(&doc).unwrap()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let edit = created["edit_secret"].as_str().unwrap().to_string();

        // Ten guesses: the tenth blocks the client; the eleventh is refused.
        let mut ids = Vec::new();
        for i in 0..10 {
            let guess = format!("gok-{i}-geheim");
            let (status, id, _) = send(
                &f.state,
                Method::GET,
                "/api/proeftuinen/ey-1",
                Some(&guess),
                None,
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            ids.push(id);
        }
        let (status, _, _) = send(
            &f.state,
            Method::GET,
            "/api/proeftuinen/ey-1",
            Some(&edit),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

        // Two more creations: the second is over the burst, and so is a third.
        let mut refused = Vec::new();
        for n in 2..5 {
            let other = document_at(&format!("ey-{n}"), chrono::Utc::now());
            let (status, id, _) = send(
                &f.state,
                Method::POST,
                "/api/proeftuinen",
                None,
                Some(serde_json::to_string(&other).unwrap()),
            )
            .await;
            if status == StatusCode::TOO_MANY_REQUESTS {
                refused.push(id);
            } else {
                assert_eq!(status, StatusCode::CREATED);
            }
        }
        assert_eq!(refused.len(), 2);

        let log = sink.take();
        let events = |event: &str| -> Vec<&str> {
            log.lines()
                .filter(|l| l.contains(" security:") && l.contains(event))
                .collect()
        };
        let blocked = events("client_blocked");
        assert_eq!(blocked.len(), 1, "{backend:?}: logged once: {log}");
        let line = blocked[0];
        assert!(line.contains("WARN"), "{line}");
        assert!(line.contains(CLIENT), "{line}");
        // In the event and in the request's span.
        let id = &ids[9];
        assert!(line.contains(&format!("request_id=\"{id}\"")), "{line}");
        assert!(line.contains(&format!("request_id={id}}}")), "{line}");
        let bursts = events("creation_burst_refused");
        assert_eq!(bursts.len(), 1, "{backend:?}: logged once: {log}");
        assert!(bursts[0].contains(&format!("request_id=\"{}\"", refused[0])));
        assert!(bursts[0].contains(CLIENT));

        // Every request's span names its id, so the response line does too.
        for id in &ids {
            assert!(log.contains(&format!("request_id={id}}}")), "{id}");
        }
        assert!(!log.contains(&edit), "{backend:?}: edit secret in the log");
        assert!(!log.contains("-geheim"), "{backend:?}: a guess in the log");
        assert!(!log
            .to_lowercase()
            .contains(proeftuin_domain::wire::SECRET_HEADER));
        assert!(!name.is_empty() && !log.contains(&name), "document content");

        // Served over loopback with one connection per client: three more are refused.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let limits = Limits {
            max_connections_per_client: 1,
            ..Limits::default()
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let router = app(f.state.clone());
        let served = tokio::spawn(async move {
            serve::serve(listener, router, &limits, async {
                let _ = stopped.await;
            })
            .await
        });
        let request = b"GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n";
        let mut held = TcpStream::connect(addr).await.unwrap();
        held.write_all(request).await.unwrap();
        let mut chunk = [0u8; 1024];
        let n = held.read(&mut chunk).await.unwrap();
        assert!(chunk[..n].starts_with(b"HTTP/1.1 200"));
        for _ in 0..3 {
            let mut refused = TcpStream::connect(addr).await.unwrap();
            let _ = refused.write_all(request).await;
            let read =
                tokio::time::timeout(std::time::Duration::from_secs(2), refused.read(&mut chunk))
                    .await
                    .expect("closed at once");
            assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
        }
        let log = sink.take();
        let capped: Vec<&str> = log
            .lines()
            .filter(|l| l.contains(" security:") && l.contains("connection_cap_reached"))
            .collect();
        assert_eq!(capped.len(), 1, "{backend:?}: logged once: {log}");
        assert!(capped[0].contains("WARN"), "{}", capped[0]);
        assert!(capped[0].contains("client=127.0.0.1"), "{}", capped[0]);
        drop(held);
        let _ = stop.send(());
        served.await.unwrap().unwrap();
    }
}
