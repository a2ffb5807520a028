//! In-process tests of the whole router: health, static bundle, SPA fallback,
//! cache lifetimes, compression, security headers and the body limit.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use proeftuin_server::{app, db, AppState};
use tower::ServiceExt;

const INDEX: &str = "<!doctype html><html lang=\"nl\"><head><title>Proeftuin-wizard</title></head><body></body></html>";
const WASM_NAME: &str = "proeftuin-wizard-0123456789abcdef_bg.wasm";

struct Fixture {
    _dir: tempfile::TempDir,
    state: AppState,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(dist.join(WASM_NAME), "wasm ".repeat(2000)).unwrap();
    std::fs::write(dist.join("boot.js"), "console.log('boot');".repeat(10)).unwrap();
    let url = format!("sqlite://{}", dir.path().join("data/test.db").display());
    let pool = db::connect(&url).await.unwrap();
    Fixture {
        _dir: dir,
        state: AppState::new(pool, dist),
    }
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

#[tokio::test]
async fn health_reports_a_reachable_database() {
    let f = fixture().await;
    let res = get(&f.state, "/api/health", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let body: serde_json::Value = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn health_reports_an_unreachable_database_with_503() {
    let f = fixture().await;
    f.state.db.close().await;
    let res = get(&f.state, "/api/health", None).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(body["database"], "unreachable");
}

#[tokio::test]
async fn unknown_api_path_is_a_json_404_not_the_app() {
    let f = fixture().await;
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
    let f = fixture().await;
    for uri in ["/", "/proeftuin/abc/stap/vertrekpunt", "/index.html"] {
        let res = get(&f.state, uri, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache", "{uri}");
        assert!(body_text(res).await.contains("Proeftuin-wizard"), "{uri}");
    }
}

#[tokio::test]
async fn a_missing_file_is_404_not_the_app_page() {
    let f = fixture().await;
    let res = get(&f.state, "/ontbreekt-0123456789abcdef.js", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year() {
    let f = fixture().await;
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
    let f = fixture().await;
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
    let f = fixture().await;
    let written = proeftuin_server::precompress::precompress_dir(&f.state.dist).unwrap();
    assert_eq!(
        written, 6,
        "br and gz for index.html, the wasm file and boot.js"
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
async fn every_response_carries_the_security_headers() {
    let f = fixture().await;
    for uri in ["/", "/api/health", "/api/nope", "/missing.css"] {
        let res = get(&f.state, uri, None).await;
        let h = res.headers();
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{uri}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert!(!csp.contains("unsafe-inline"), "{uri}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer", "{uri}");
    }
}

#[tokio::test]
async fn oversized_request_bodies_are_refused_with_413() {
    let f = fixture().await;
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
async fn the_database_file_and_folder_are_created_and_migrated_on_first_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nieuw/sub/proeftuin.db");
    let url = format!("sqlite://{}", file.display());
    let pool = db::connect(&url).await.unwrap();
    assert!(file.is_file());
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(tables.contains(&"proeftuinen".to_string()), "{tables:?}");
    assert!(tables.contains(&"revisions".to_string()), "{tables:?}");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    pool.close().await;
    // A second start on the same file applies no migration twice.
    db::connect(&url).await.unwrap();
}
