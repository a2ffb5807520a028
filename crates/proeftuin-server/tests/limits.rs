//! In-process tests of the per-client limits and the request bounds: the
//! wrong-secret window under parallel guesses and honest retries, client
//! identity behind a trusted proxy, the creation rate, a full writer queue,
//! a pool without a free connection, the cap on requests in flight, and the
//! request id. A client is given by putting `ConnectInfo` on the request, as
//! the real server does.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use proeftuin_server::config::Limits;
use proeftuin_server::AppState;
use serde_json::json;
use support::http::{call, document, Answer, Call};
use support::{fixture, fixture_limited, Backend};

#[macro_use]
mod support;

on_both_backends!(
    fifty_parallel_wrong_guesses_give_at_most_ten_not_found,
    thirty_retries_of_one_wrong_secret_do_not_block_but_eleven_guesses_do,
    a_forged_forwarded_for_from_an_untrusted_peer_is_ignored,
    behind_a_trusted_proxy_one_users_typos_do_not_lock_out_another,
    a_burst_of_creates_gets_201_up_to_the_limit_then_only_429,
    the_default_creation_limit_stops_a_burst_of_600,
    links_and_rounds_take_from_the_same_creation_budget,
    a_request_that_gets_no_database_connection_in_time_is_busy,
    requests_over_the_cap_get_busy_at_once,
    every_answer_names_its_request_and_a_client_cannot_choose_the_id,
);

// ---------------------------------------------------------------------------------------------
// Harness

/// Creates `id` from `peer` and returns its edit secret.
async fn create(state: &AppState, id: &str, peer: &str) -> String {
    let answer = call(Method::POST, "/api/proeftuinen")
        .from(peer)
        .json(&document(id))
        .send(state)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    answer.body["edit_secret"].as_str().unwrap().to_string()
}

fn read(id: &str) -> Call {
    call(Method::GET, &format!("/api/proeftuinen/{id}"))
}

/// A 429 with a whole number of seconds to wait in `Retry-After` and a Dutch message.
fn assert_limited(answer: &Answer, code: &str) {
    assert_eq!(
        answer.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        answer.raw
    );
    assert_eq!(answer.code(), code, "{}", answer.raw);
    let wait: u64 = answer
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(wait >= 1, "{wait}");
    let message = answer.body["message"].as_str().unwrap();
    assert!(message.contains("Probeer het over"), "{message}");
}

fn assert_busy(answer: &Answer) {
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.raw
    );
    assert_eq!(answer.code(), "busy", "{}", answer.raw);
    assert_eq!(answer.header("retry-after"), Some("1"));
}

// ---------------------------------------------------------------------------------------------
// Wrong secrets

async fn fifty_parallel_wrong_guesses_give_at_most_ten_not_found(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1", "203.0.113.50").await;
    let guesses: Vec<_> = (0..50)
        .map(|i| {
            let state = f.state.clone();
            tokio::spawn(async move {
                read("ey-1")
                    .from("203.0.113.50")
                    .secret(&format!("gok-{i}"))
                    .send(&state)
                    .await
            })
        })
        .collect();
    let mut not_found = 0;
    let mut limited = 0;
    for guess in guesses {
        let answer = guess.await.unwrap();
        match answer.status {
            StatusCode::NOT_FOUND => not_found += 1,
            _ => {
                assert_limited(&answer, "too_many_attempts");
                limited += 1;
            }
        }
    }
    assert!(not_found <= 10, "{not_found} guesses were checked");
    assert_eq!(not_found + limited, 50);
    // The window is used up: even the right secret waits now.
    let right = read("ey-1")
        .from("203.0.113.50")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_limited(&right, "too_many_attempts");
    // Parallel right secrets are never refused, however many.
    let edit2 = create(&f.state, "ey-2", "203.0.113.51").await;
    let reads: Vec<_> = (0..30)
        .map(|_| {
            let (state, edit2) = (f.state.clone(), edit2.clone());
            tokio::spawn(async move {
                read("ey-2")
                    .from("203.0.113.51")
                    .secret(&edit2)
                    .send(&state)
                    .await
            })
        })
        .collect();
    for r in reads {
        let answer = r.await.unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    }
}

async fn thirty_retries_of_one_wrong_secret_do_not_block_but_eleven_guesses_do(backend: Backend) {
    let f = fixture(backend).await;
    let peer = "198.51.100.20";
    // The app's autosave to a proeftuin that was deleted elsewhere: the same
    // old secret, again and again.
    let edit = create(&f.state, "ey-weg", peer).await;
    let deleted = call(Method::DELETE, "/api/proeftuinen/ey-weg")
        .from(peer)
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    for _ in 0..30 {
        let answer = call(Method::PUT, "/api/proeftuinen/ey-weg")
            .from(peer)
            .secret(&edit)
            .header("if-match", "\"1\"")
            .json(&document("ey-weg"))
            .send(&f.state)
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.raw);
    }
    // The assessor page's retry with a link that no longer works: also one failure.
    for _ in 0..30 {
        let answer = call(Method::GET, "/api/proeftuinen/ey-weg/assessment")
            .from(peer)
            .secret("oude-beoordelaarslink")
            .send(&f.state)
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.raw);
    }
    // Not blocked: another proeftuin opens with its secret.
    let other = create(&f.state, "ey-2", peer).await;
    let answer = read("ey-2").from(peer).secret(&other).send(&f.state).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);

    // Eleven different wrong secrets from another client: ten 404, then 429.
    let guesser = "198.51.100.21";
    for i in 0..10 {
        let answer = read("ey-2")
            .from(guesser)
            .secret(&format!("gok-{i}"))
            .send(&f.state)
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "guess {i}");
    }
    let eleventh = read("ey-2")
        .from(guesser)
        .secret("gok-10")
        .send(&f.state)
        .await;
    assert_limited(&eleventh, "too_many_attempts");
    let wait: u64 = eleventh.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

async fn a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1", "192.0.2.1").await;
    let attacker = "203.0.113.5";
    for i in 0..10 {
        let answer = read("ey-1")
            .from(attacker)
            .header("x-forwarded-for", &format!("198.51.100.{i}"))
            .header("forwarded", &format!("for=198.51.100.{}", 100 + i))
            .secret(&format!("gok-{i}"))
            .send(&f.state)
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
    }
    let blocked = read("ey-1")
        .from(attacker)
        .header("x-forwarded-for", "198.51.100.77")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_limited(&blocked, "too_many_attempts");
    // Nor can a forged header put someone else in the attacker's window.
    let other = read("ey-1")
        .from("203.0.113.6")
        .header("x-forwarded-for", attacker)
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.raw);
}

async fn behind_a_trusted_proxy_one_users_typos_do_not_lock_out_another(backend: Backend) {
    let limits = Limits {
        trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
        ..Limits::default()
    };
    let f = fixture_limited(backend, limits).await;
    let proxy = "10.0.0.1";
    let edit = create(&f.state, "ey-1", proxy).await;
    // User A makes ten typos.
    for i in 0..10 {
        let answer = read("ey-1")
            .from(proxy)
            .header("x-forwarded-for", "198.51.100.1")
            .secret(&format!("typo-{i}"))
            .send(&f.state)
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
    }
    let a = read("ey-1")
        .from(proxy)
        .header("x-forwarded-for", "198.51.100.1")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_limited(&a, "too_many_attempts");
    // A cannot get out by putting another address in front of its own.
    let forged = read("ey-1")
        .from(proxy)
        .header("x-forwarded-for", "198.51.100.2, 198.51.100.1")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_limited(&forged, "too_many_attempts");
    // User B, behind the same proxy, is not locked out; nor with `Forwarded`.
    let b = read("ey-1")
        .from(proxy)
        .header("x-forwarded-for", "198.51.100.2")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_eq!(b.status, StatusCode::OK, "{}", b.raw);
    let typo = read("ey-1")
        .from(proxy)
        .header("x-forwarded-for", "198.51.100.2")
        .secret("typo-b")
        .send(&f.state)
        .await;
    assert_eq!(typo.status, StatusCode::NOT_FOUND);
    let c = read("ey-1")
        .from(proxy)
        .header("forwarded", "for=\"[2001:db8::c]:5000\";proto=https")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.raw);
}

// ---------------------------------------------------------------------------------------------
// Creations

/// Sends `n` creates at once from `peer`; the answers in any order.
async fn burst_of_creates(state: &AppState, n: usize, peer: &'static str) -> Vec<Answer> {
    // One document, its id swapped per request: the client side costs next to nothing.
    let template = serde_json::to_string(&document("burst-000000")).unwrap();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let state = state.clone();
            let body = template.replace("burst-000000", &format!("burst-{i:06}"));
            tokio::spawn(async move {
                call(Method::POST, "/api/proeftuinen")
                    .from(peer)
                    .json_bytes(body)
                    .send(&state)
                    .await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

async fn a_burst_of_creates_gets_201_up_to_the_limit_then_only_429(backend: Backend) {
    let limits = Limits {
        create_burst: 20,
        create_per_hour: 60,
        ..Limits::default()
    };
    let f = fixture_limited(backend, limits).await;
    let answers = burst_of_creates(&f.state, 100, "203.0.113.9").await;
    let created = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 20);
    for answer in answers.iter().filter(|a| a.status != StatusCode::CREATED) {
        assert_limited(answer, "too_many_requests");
        let wait: u64 = answer.header("retry-after").unwrap().parse().unwrap();
        assert!(wait <= 60, "one token a minute: {wait}");
    }
    assert!(answers.iter().all(|a| !a.status.is_server_error()));
    // Only this client is slowed down.
    create(&f.state, "ander", "203.0.113.10").await;
}

async fn the_default_creation_limit_stops_a_burst_of_600(backend: Backend) {
    // The default creation limit; only the pool may wait longer: one test thread builds
    // and checks all 600 requests, a busy CPU is no database that is too slow.
    let limits = Limits {
        db_acquire_timeout: Duration::from_secs(60).into(),
        ..Limits::default()
    };
    let f = fixture_limited(backend, limits).await;
    let answers = burst_of_creates(&f.state, 600, "203.0.113.11").await;
    let created = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    let burst = proeftuin_server::config::DEFAULT_CREATE_BURST as usize;
    let others: Vec<_> = answers
        .iter()
        .filter(|a| a.status != StatusCode::CREATED && a.status != StatusCode::TOO_MANY_REQUESTS)
        .map(|a| (a.status, a.raw.clone()))
        .take(3)
        .collect();
    assert!(others.is_empty(), "{others:?}");
    // The burst, and at most a token or two that refilled meanwhile.
    assert!(
        (burst..=burst + 2).contains(&created),
        "{created} of 600 created"
    );
    for answer in answers.iter().filter(|a| a.status != StatusCode::CREATED) {
        assert_limited(answer, "too_many_requests");
    }
}

async fn links_and_rounds_take_from_the_same_creation_budget(backend: Backend) {
    let limits = Limits {
        create_burst: 4,
        create_per_hour: 1,
        ..Limits::default()
    };
    let f = fixture_limited(backend, limits).await;
    let peer = "203.0.113.12";
    let edit = create(&f.state, "ey-1", peer).await;
    let link = |edit: &str| {
        call(Method::POST, "/api/proeftuinen/ey-1/links")
            .from(peer)
            .secret(edit)
            .json(&json!({"access": "read"}))
    };
    let round = |edit: &str| {
        call(Method::POST, "/api/proeftuinen/ey-1/rounds")
            .from(peer)
            .secret(edit)
            .json(&json!({"assessors": [{"label": "HR"}]}))
    };
    assert_eq!(link(&edit).send(&f.state).await.status, StatusCode::CREATED);
    assert_eq!(link(&edit).send(&f.state).await.status, StatusCode::CREATED);
    assert_eq!(
        round(&edit).send(&f.state).await.status,
        StatusCode::CREATED
    );
    assert_limited(&link(&edit).send(&f.state).await, "too_many_requests");
    assert_limited(&round(&edit).send(&f.state).await, "too_many_requests");
    let again = call(Method::POST, "/api/proeftuinen")
        .from(peer)
        .json(&document("ey-2"))
        .send(&f.state)
        .await;
    assert_limited(&again, "too_many_requests");
    // Reading and listing are not creations.
    let rounds = call(Method::GET, "/api/proeftuinen/ey-1/rounds")
        .from(peer)
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_eq!(rounds.status, StatusCode::OK, "{}", rounds.raw);
    let update = call(Method::PUT, "/api/proeftuinen/ey-1")
        .from(peer)
        .secret(&edit)
        .header("if-match", "\"1\"")
        .json(&document("ey-1"))
        .send(&f.state)
        .await;
    assert_eq!(update.status, StatusCode::OK, "{}", update.raw);
}

// ---------------------------------------------------------------------------------------------
// Busy

async fn a_request_that_gets_no_database_connection_in_time_is_busy(backend: Backend) {
    let limits = Limits {
        db_acquire_timeout: Duration::from_millis(200).into(),
        ..Limits::default()
    };
    let f = fixture_limited(backend, limits).await;
    let peer = "203.0.113.13";
    let edit = create(&f.state, "ey-1", peer).await;
    let pool = f.state.db.pool();
    let mut held = Vec::new();
    for _ in 0..pool.options().get_max_connections() {
        held.push(pool.acquire().await.unwrap());
    }
    // More than ten: a database that is busy is no reason to block the client.
    for _ in 0..12 {
        let started = Instant::now();
        let answer = read("ey-1").from(peer).secret(&edit).send(&f.state).await;
        assert_busy(&answer);
        assert!(started.elapsed() < Duration::from_secs(3));
    }
    drop(held);
    let answer = read("ey-1").from(peer).secret(&edit).send(&f.state).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
}

async fn requests_over_the_cap_get_busy_at_once(backend: Backend) {
    let limits = Limits {
        max_requests: 2,
        db_acquire_timeout: Duration::from_secs(20).into(),
        ..Limits::default()
    };
    let f = fixture_limited(backend, limits).await;
    let peer = "203.0.113.14";
    let edit = create(&f.state, "ey-1", peer).await;
    let pool = f.state.db.pool();
    let mut held = Vec::new();
    for _ in 0..pool.options().get_max_connections() {
        held.push(pool.acquire().await.unwrap());
    }
    // Two reads wait for a database connection, holding both request slots.
    let waiting: Vec<_> = (0..2)
        .map(|_| {
            let (state, edit) = (f.state.clone(), edit.clone());
            tokio::spawn(async move { read("ey-1").from(peer).secret(&edit).send(&state).await })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(10);
    while f.state.requests.available_permits() > 0 {
        assert!(Instant::now() < deadline, "the two reads never started");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = Instant::now();
    let third = call(Method::GET, "/api/health")
        .from(peer)
        .send(&f.state)
        .await;
    assert_busy(&third);
    assert!(started.elapsed() < Duration::from_secs(1), "at once");
    drop(held);
    for w in waiting {
        let answer = w.await.unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    }
    let health = call(Method::GET, "/api/health").send(&f.state).await;
    assert_eq!(health.status, StatusCode::OK);
}

/// SQLite only: the writer queue is SQLite's (PostgreSQL writes on the pool,
/// whose bound the test above covers).
#[tokio::test]
async fn a_full_writer_queue_answers_busy_with_retry_after_and_never_hangs() {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection, Executor};

    let limits = Limits {
        writer_queue: 2,
        create_burst: 1000,
        ..Limits::default()
    };
    let f = fixture_limited(Backend::Sqlite, limits).await;
    let file = f.url().trim_start_matches("sqlite://").to_string();
    // Another connection holds SQLite's write lock, so the writer waits.
    let mut blocker = SqliteConnectOptions::new()
        .filename(&file)
        .connect()
        .await
        .unwrap();
    blocker.execute("BEGIN IMMEDIATE").await.unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for i in 0..12 {
        let (state, tx) = (f.state.clone(), tx.clone());
        tokio::spawn(async move {
            let answer = call(Method::POST, "/api/proeftuinen")
                .from("203.0.113.15")
                .json(&document(&format!("q-{i}")))
                .send(&state)
                .await;
            let _ = tx.send(answer);
        });
    }
    drop(tx);
    // At most 1 + 2 writes in the writer's first batch and 2 in its queue:
    // the other seven or more are refused while the lock is held.
    let mut answers = Vec::new();
    while answers.len() < 7 {
        let answer = tokio::time::timeout(Duration::from_secs(3), rx.recv())
            .await
            .expect("a full queue answers at once")
            .unwrap();
        assert_busy(&answer);
        answers.push(answer);
    }
    blocker.execute("ROLLBACK").await.unwrap();
    blocker.close().await.unwrap();
    while let Some(answer) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("the queued writes finish once the lock is free")
    {
        if answer.status != StatusCode::CREATED {
            assert_busy(&answer);
        }
        answers.push(answer);
    }
    assert_eq!(answers.len(), 12);
    let created = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    assert!((1..=5).contains(&created), "{created}");
    // And after that the writer takes writes again.
    create(&f.state, "daarna", "203.0.113.15").await;
}

// ---------------------------------------------------------------------------------------------
// Request ids

async fn every_answer_names_its_request_and_a_client_cannot_choose_the_id(backend: Backend) {
    let limits = Limits {
        trusted_proxies: vec!["10.0.0.1".parse().unwrap()],
        ..Limits::default()
    };
    let f = fixture_limited(backend, limits).await;
    let is_ours = |id: &str| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit());
    let a = call(Method::GET, "/api/health").send(&f.state).await;
    let b = call(Method::GET, "/api/proeftuinen/bestaat-niet")
        .from("203.0.113.16")
        .send(&f.state)
        .await;
    let c = call(Method::GET, "/index.html").send(&f.state).await;
    let ids: Vec<&str> = [&a, &b, &c]
        .iter()
        .map(|x| x.header("x-request-id").expect("a request id"))
        .collect();
    assert!(ids.iter().all(|id| is_ours(id)), "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    assert_eq!(b.status, StatusCode::NOT_FOUND);
    // A client's own id is replaced; a trusted proxy's plausible one is kept.
    let forged = call(Method::GET, "/api/health")
        .from("203.0.113.16")
        .header("x-request-id", "mijn-eigen-id")
        .send(&f.state)
        .await;
    assert!(is_ours(forged.header("x-request-id").unwrap()));
    let proxied = call(Method::GET, "/api/health")
        .from("10.0.0.1")
        .header("x-request-id", "proxy-7f3a.1")
        .send(&f.state)
        .await;
    assert_eq!(proxied.header("x-request-id"), Some("proxy-7f3a.1"));
    let odd = call(Method::GET, "/api/health")
        .from("10.0.0.1")
        .header("x-request-id", "a b")
        .send(&f.state)
        .await;
    assert!(is_ours(odd.header("x-request-id").unwrap()));
}
