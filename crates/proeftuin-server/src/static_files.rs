//! Serving the built bundle: files from `dist/` (precompressed siblings when
//! present), an SPA fallback to `index.html` for app routes, and cache headers:
//! hashed assets are immutable for a year, everything else is revalidated.

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::service_fn;
use tower_http::services::ServeDir;

/// The service for everything outside `/api`.
pub fn service(
    dist: &Path,
) -> ServeDir<
    impl tower::Service<
            Request,
            Response = Response,
            Error = Infallible,
            Future = impl Send + 'static,
        > + Clone,
> {
    let index = dist.join("index.html");
    ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(service_fn(move |req: Request| {
            let index = index.clone();
            async move { Ok::<_, Infallible>(spa_fallback(req, index).await) }
        }))
}

/// App routes (no file extension) get `index.html`; a missing file gets 404.
async fn spa_fallback(req: Request, index: PathBuf) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "Niet gevonden").into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            Body::from(bytes),
        )
            .into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "De app is nog niet gebouwd: voer eerst `make run` uit.",
        )
            .into_response(),
    }
}

/// True for Trunk's content-hashed file names, e.g. `app-1a2b3c4d5e6f7a8b_bg.wasm`.
/// Trunk writes the 64-bit hash without leading zeros, so it may be shorter than
/// 16 digits (10 or fewer happens once in millions of builds and only costs caching).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => {
            (10..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => false,
    }
}

/// Middleware: cache lifetimes for the static bundle; API answers are never cached.
pub async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let value = if path.starts_with("/api/") || path == "/api" {
        "no-store"
    } else if res.status().is_success() && is_hashed_asset(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed_asset(
            "/proeftuin-wizard-0123456789abcdef_bg.wasm"
        ));
        assert!(is_hashed_asset("/proeftuin-wizard-0123456789abcdef.js"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        // A hash with a leading zero is written one digit shorter.
        assert!(is_hashed_asset("/proeftuin-wizard-fb93c067d178d20.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/boot.js"));
        assert!(!is_hashed_asset("/proeftuin-wizard-0123.js"));
        assert!(!is_hashed_asset("/sw.js"));
    }
}
