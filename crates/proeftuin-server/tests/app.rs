//! In-process tests of the whole router: health, static bundle, SPA fallback,
//! cache lifetimes, compression, security headers and the body limit.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use proeftuin_server::db::{WriteFuture, Written};
use proeftuin_server::{app, db, AppState};
use support::http::call;
use support::{Backend, Fixture, TestDb};
use tower::ServiceExt;

#[macro_use]
mod support;

// The tests that reach the database, once on SQLite and once on PostgreSQL.
on_both_backends!(
    health_reports_a_reachable_database,
    health_reports_an_unreachable_database_with_503,
    the_database_is_migrated_on_first_start_and_not_twice,
    a_database_from_before_bigint_revisions_is_upgraded_and_keeps_its_documents,
    one_failing_write_does_not_take_the_writes_queued_with_it_along,
);

const INDEX: &str = "<!doctype html><html lang=\"nl\"><head><title>Proeftuin-wizard</title></head><body></body></html>";
const WASM_NAME: &str = "proeftuin-wizard-0123456789abcdef_bg.wasm";

/// The app with a bundle and a fresh database. Tests of static files only
/// use SQLite: they never reach the database.
async fn fixture(backend: Backend) -> Fixture {
    support::fixture_with(backend, |dist| {
        std::fs::write(dist.join("index.html"), INDEX).unwrap();
        std::fs::write(dist.join(WASM_NAME), "wasm ".repeat(2000)).unwrap();
        std::fs::write(dist.join("boot.js"), "console.log('boot');".repeat(10)).unwrap();
        std::fs::write(
            dist.join("sw.js"),
            "self.addEventListener(\"fetch\", () => {});",
        )
        .unwrap();
    })
    .await
}

async fn get(
    state: &AppState,
    uri: &str,
    accept_encoding: Option<&str>,
) -> axum::response::Response {
    let mut req = Request::get(uri);
    if let Some(enc) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, enc);
    }
    app(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn body_text(res: axum::response::Response) -> String {
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

async fn health_reports_a_reachable_database(backend: Backend) {
    let f = fixture(backend).await;
    let res = get(&f.state, "/api/health", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let body: serde_json::Value = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["backend"], backend.name());
}

async fn health_reports_an_unreachable_database_with_503(backend: Backend) {
    let f = fixture(backend).await;
    f.state.db.close().await;
    let res = get(&f.state, "/api/health", None).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(body["database"], "unreachable");
    assert_eq!(body["backend"], backend.name());
}

#[tokio::test]
async fn unknown_api_path_is_a_json_404_not_the_app() {
    let f = fixture(Backend::Sqlite).await;
    let res = get(&f.state, "/api/bestaat-niet", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: serde_json::Value = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn app_routes_fall_back_to_index_html_without_caching() {
    let f = fixture(Backend::Sqlite).await;
    for uri in ["/", "/proeftuin/abc/stap/vertrekpunt", "/index.html"] {
        let res = get(&f.state, uri, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache", "{uri}");
        assert!(body_text(res).await.contains("Proeftuin-wizard"), "{uri}");
    }
}

#[tokio::test]
async fn a_missing_file_is_404_not_the_app_page() {
    let f = fixture(Backend::Sqlite).await;
    let res = get(&f.state, "/ontbreekt-0123456789abcdef.js", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year() {
    let f = fixture(Backend::Sqlite).await;
    let res = get(&f.state, &format!("/{WASM_NAME}"), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let unhashed = get(&f.state, "/boot.js", None).await;
    assert_eq!(unhashed.headers()[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn responses_are_compressed_with_brotli_or_gzip() {
    let f = fixture(Backend::Sqlite).await;
    let br = get(&f.state, &format!("/{WASM_NAME}"), Some("br")).await;
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    let gz = get(&f.state, "/", Some("gzip")).await;
    assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
    let compressed = gz.into_body().collect().await.unwrap().to_bytes();
    let mut plain = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut plain,
    )
    .unwrap();
    assert_eq!(plain, INDEX);
}

#[tokio::test]
async fn precompressed_siblings_are_served_and_identical() {
    let f = fixture(Backend::Sqlite).await;
    let written = proeftuin_server::precompress::precompress_dir(&f.state.dist).unwrap();
    assert_eq!(
        written, 8,
        "br and gz for index.html, the wasm file, boot.js and sw.js"
    );
    assert_eq!(
        proeftuin_server::precompress::precompress_dir(&f.state.dist).unwrap(),
        0,
        "a second run skips fresh files"
    );
    let res = get(&f.state, &format!("/{WASM_NAME}"), Some("gzip")).await;
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let compressed = res.into_body().collect().await.unwrap().to_bytes();
    let mut plain = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut plain,
    )
    .unwrap();
    assert_eq!(plain, "wasm ".repeat(2000));
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_only_the_page_those_of_a_page() {
    let f = fixture(Backend::Sqlite).await;
    for uri in [
        "/",
        "/proeftuin/x/vertrekpunt",
        "/api/health",
        "/api/nope",
        "/missing.css",
        "/sw.js",
        &format!("/{WASM_NAME}"),
    ] {
        let res = get(&f.state, uri, None).await;
        let h = res.headers();
        let page = h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html");
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert!(!csp.contains("unsafe-inline"), "{uri}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer", "{uri}");
        if page || uri == "/sw.js" {
            assert!(
                csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
                "{uri}"
            );
        } else {
            assert_eq!(csp, "default-src 'none'; frame-ancestors 'none'", "{uri}");
        }
        assert_eq!(h.contains_key(header::X_FRAME_OPTIONS), page, "{uri}");
        assert_eq!(h.contains_key("cross-origin-opener-policy"), page, "{uri}");
        assert_eq!(h.contains_key("permissions-policy"), page, "{uri}");
    }
    let page = get(&f.state, "/", None).await;
    assert!(page.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

#[tokio::test]
async fn oversized_request_bodies_are_refused_with_413() {
    let f = fixture(Backend::Sqlite).await;
    let big = vec![b'x'; proeftuin_server::MAX_BODY_BYTES + 1];
    let res = app(f.state.clone())
        .oneshot(
            Request::post("/api/health")
                .header(header::CONTENT_LENGTH, big.len())
                .body(Body::from(big))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_sqlite_file_and_folder_are_created_with_durable_settings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nieuw/sub/proeftuin.db");
    let url = format!("sqlite://{}", file.display());
    let pool = db::connect(&url).await.unwrap();
    assert!(file.is_file());
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    // Per connection, so asked of several pooled connections at once.
    let mut conns = Vec::new();
    for _ in 0..3 {
        let mut conn = pool.acquire().await.unwrap();
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(synchronous, 2, "FULL");
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(foreign_keys, 1);
        conns.push(conn);
    }
}

#[tokio::test]
async fn writes_go_through_one_connection_with_the_same_durable_settings() {
    fn settings<'c>(
        conn: &'c mut sqlx::AnyConnection,
        _: &'c (),
    ) -> WriteFuture<'c, (i64, i64, i64)> {
        Box::pin(async move {
            let synchronous = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(&mut *conn)
                .await?;
            let foreign_keys = sqlx::query_scalar("PRAGMA foreign_keys")
                .fetch_one(&mut *conn)
                .await?;
            let busy_timeout = sqlx::query_scalar("PRAGMA busy_timeout")
                .fetch_one(&mut *conn)
                .await?;
            Ok(Written::discard((synchronous, foreign_keys, busy_timeout)))
        })
    }
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}",
        dir.path().join("data/proeftuin.db").display()
    );
    let db = db::connect(&url).await.unwrap();
    let (synchronous, foreign_keys, busy_timeout) = db.write((), settings).await.unwrap();
    assert_eq!(synchronous, 2, "FULL");
    assert_eq!(foreign_keys, 1);
    assert!(busy_timeout > 0);
    db.close().await;
    let closed = db.write((), settings).await;
    assert!(closed.is_err(), "no writes after close");
}

/// Inserts `n` into the test table.
fn insert<'c>(conn: &'c mut sqlx::AnyConnection, n: &'c i64) -> WriteFuture<'c, ()> {
    Box::pin(async move {
        sqlx::query("INSERT INTO writer_test (n) VALUES ($1)")
            .bind(*n)
            .execute(&mut *conn)
            .await?;
        Ok(Written::keep(()))
    })
}

/// Keeps the writer busy for a while, so the writes after it queue up (on
/// SQLite they are then written together, in one transaction).
fn hold<'c>(_: &'c mut sqlx::AnyConnection, _: &'c ()) -> WriteFuture<'c, ()> {
    Box::pin(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        Ok(Written::discard(()))
    })
}

/// A write that always fails.
fn broken<'c>(conn: &'c mut sqlx::AnyConnection, _: &'c ()) -> WriteFuture<'c, ()> {
    Box::pin(async move {
        sqlx::query("INSERT INTO no_such_table (n) VALUES (1)")
            .execute(&mut *conn)
            .await?;
        Ok(Written::keep(()))
    })
}

async fn one_failing_write_does_not_take_the_writes_queued_with_it_along(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let test_db = TestDb::new(backend, dir.path()).await;
    let db = db::connect(&test_db.url).await.unwrap();
    sqlx::query("CREATE TABLE writer_test (n BIGINT PRIMARY KEY)")
        .execute(db.pool())
        .await
        .unwrap();
    let held = tokio::spawn({
        let db = db.clone();
        async move { db.write((), hold).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    // Queued behind it: ten inserts, one that fails, one that repeats a key.
    let mut writes = Vec::new();
    for n in [0, 1, 2, 3, 4, -1, 5, 6, 3, 7, 8, 9] {
        let db = db.clone();
        writes.push(tokio::spawn(async move {
            match n {
                -1 => db.write((), broken).await,
                n => db.write(n, insert).await,
            }
        }));
    }
    held.await.unwrap().unwrap();
    let mut failed = 0;
    for write in writes {
        if write.await.unwrap().is_err() {
            failed += 1;
        }
    }
    assert_eq!(failed, 2, "the broken write and one of the two 3s");
    let stored: Vec<i64> = sqlx::query_scalar("SELECT n FROM writer_test ORDER BY n")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(stored, (0..10).collect::<Vec<i64>>());
    db.close().await;
}

#[tokio::test]
async fn a_database_url_of_another_kind_is_refused() {
    let err = db::connect("mysql://localhost/proeftuin")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("unsupported database URL"),
        "{err}"
    );
}

async fn the_database_is_migrated_on_first_start_and_not_twice(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let test_db = TestDb::new(backend, dir.path()).await;
    let pool = db::connect(&test_db.url).await.unwrap();
    assert_eq!(db::backend(&pool), backend);
    assert_eq!(
        support::app_tables(&pool).await,
        [
            "assessment_rounds",
            "assessors",
            "creations",
            "proeftuinen",
            "revisions",
            "secrets"
        ]
    );
    assert_eq!(revision_types(&pool).await, ["bigint", "bigint"]);
    if backend == Backend::Postgres {
        // What the compare-and-set updates rely on (see `db`).
        let isolation: String = sqlx::query_scalar("SHOW transaction_isolation")
            .fetch_one(pool.pool())
            .await
            .unwrap();
        assert_eq!(isolation, "read committed");
    }
    pool.close().await;
    // A second start on the same database applies no migration twice.
    let again = db::connect(&test_db.url).await.unwrap();
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(again.pool())
        .await
        .unwrap();
    // One row per migration file, however many there are now.
    assert_eq!(applied, migration_files());
    again.close().await;
}

/// How many migration files the server ships (`migrations/*.sql`).
fn migration_files() -> i64 {
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .filter(|f| {
            f.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|e| e == "sql")
        })
        .count();
    i64::try_from(files).unwrap()
}

/// The declared type of `proeftuinen.revision` and `revisions.revision`, lower case.
async fn revision_types(pool: &db::Db) -> Vec<String> {
    let sql = match db::backend(pool) {
        Backend::Sqlite => {
            "SELECT lower(p.type) FROM pragma_table_info('proeftuinen') p WHERE p.name = 'revision' \
             UNION ALL \
             SELECT lower(r.type) FROM pragma_table_info('revisions') r WHERE r.name = 'revision'"
        }
        Backend::Postgres => {
            "SELECT CAST(data_type AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'revision' \
             AND table_name IN ('proeftuinen', 'revisions') ORDER BY table_name"
        }
    };
    sqlx::query_scalar(sql)
        .fetch_all(pool.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn server_instances_starting_together_on_postgres_migrate_once() {
    if support::postgres_admin_url().is_none() {
        support::skipped("server_instances_starting_together_on_postgres_migrate_once");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let test_db = TestDb::new(Backend::Postgres, dir.path()).await;
    let (a, b, c) = tokio::join!(
        db::connect(&test_db.url),
        db::connect(&test_db.url),
        db::connect(&test_db.url)
    );
    let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(a.pool())
        .await
        .unwrap();
    // One row per migration file, however many there are now.
    assert_eq!(applied, migration_files());
    for pool in [a, b, c] {
        pool.close().await;
    }
}

/// A database as the server left it before migration 0003 (revisions were
/// INTEGER, 32-bit on PostgreSQL), with a document at revision 2.
async fn a_database_from_before_bigint_revisions_is_upgraded_and_keeps_its_documents(
    backend: Backend,
) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let test_db = TestDb::new(backend, dir.path()).await;

    // Only the first two migrations, exactly as they are in the folder.
    let old = dir.path().join("old-migrations");
    std::fs::create_dir_all(&old).unwrap();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("0001_") || name.starts_with("0002_") {
            std::fs::copy(&path, old.join(&name)).unwrap();
        }
    }
    sqlx::any::install_default_drivers();
    let url = match backend {
        Backend::Sqlite => {
            std::fs::create_dir_all(dir.path().join("data")).unwrap();
            format!("{}?mode=rwc", test_db.url)
        }
        Backend::Postgres => test_db.url.clone(),
    };
    let before = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(old.as_path())
        .await
        .unwrap()
        .run(&before)
        .await
        .unwrap();
    let secret = "een-geheim-van-voor-de-upgrade";
    let doc = |name: &str| {
        let mut doc =
            proeftuin_domain::voorbeeld_document("ey-itvitae", "ey-1".into(), chrono::Utc::now())
                .unwrap();
        doc.vertrekpunt.naam = name.into();
        serde_json::to_string(&doc).unwrap()
    };
    // Within the last day, so the history policy keeps every revision (an older
    // one of the same day would be thinned to one per day on the first update).
    let at = (chrono::Utc::now() - chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let at = at.as_str();
    for (sql, binds) in [
        (
            "INSERT INTO proeftuinen (id, revision, document, created_at, changed_at) \
             VALUES ('ey-1', 2, $1, $2, $2)",
            vec![doc("Tweede"), at.to_string()],
        ),
        (
            "INSERT INTO revisions (proeftuin_id, revision, document, saved_at) \
             VALUES ('ey-1', 1, $1, $2)",
            vec![doc("Eerste"), at.to_string()],
        ),
        (
            "INSERT INTO revisions (proeftuin_id, revision, document, saved_at) \
             VALUES ('ey-1', 2, $1, $2)",
            vec![doc("Tweede"), at.to_string()],
        ),
        (
            "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at) \
             VALUES ('link-1', 'ey-1', $1, 'edit', $2)",
            vec![
                proeftuin_server::api::secrets::hash_secret(secret),
                at.to_string(),
            ],
        ),
    ] {
        let mut query = sqlx::query(sql);
        for bind in binds {
            query = query.bind(bind);
        }
        query.execute(&before).await.unwrap();
    }
    before.close().await;

    let state = AppState::new(db::connect(&test_db.url).await.unwrap(), dist);
    assert_eq!(revision_types(&state.db).await, ["bigint", "bigint"]);
    let read = send(&state, "GET", "/api/proeftuinen/ey-1", secret, None).await;
    assert_eq!(read.0, StatusCode::OK, "{}", read.1);
    assert_eq!(read.1["revision"], 2);
    assert_eq!(read.1["document"]["vertrekpunt"]["naam"], "Tweede");
    let first = send(
        &state,
        "GET",
        "/api/proeftuinen/ey-1/revisions/1",
        secret,
        None,
    )
    .await;
    assert_eq!(first.1["document"]["vertrekpunt"]["naam"], "Eerste");
    let put = send(
        &state,
        "PUT",
        "/api/proeftuinen/ey-1",
        secret,
        Some(doc("Derde")),
    )
    .await;
    assert_eq!(put.0, StatusCode::OK, "{}", put.1);
    assert_eq!(put.1["revision"], 3);
    let list = send(
        &state,
        "GET",
        "/api/proeftuinen/ey-1/revisions",
        secret,
        None,
    )
    .await;
    assert_eq!(list.1.as_array().unwrap().len(), 3, "{}", list.1);
    // The foreign keys still hold after the copy: deleting removes everything.
    let gone = send(&state, "DELETE", "/api/proeftuinen/ey-1", secret, None).await;
    assert_eq!(gone.0, StatusCode::NO_CONTENT);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM revisions")
        .fetch_one(state.db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
}

/// One API call with the secret (and `If-Match: "2"` on a PUT): status and JSON body.
async fn send(
    state: &AppState,
    method: &str,
    uri: &str,
    secret: &str,
    body: Option<String>,
) -> (StatusCode, serde_json::Value) {
    let mut req = call(method.parse().unwrap(), uri).secret(secret);
    if method == "PUT" {
        req = req.revision(2);
    }
    if let Some(b) = body {
        req = req.json_bytes(b);
    }
    let answer = req.send(state).await;
    (answer.status, answer.body)
}
