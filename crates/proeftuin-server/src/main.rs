//! `proeftuin-server`: starts the API and serves the built app.

use clap::Parser;
use proeftuin_server::{app, config::Config, db, precompress, serve, AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    if config.log_json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }

    let limits = config.limits.clone();
    let bounds = db::Options {
        writer_queue: limits.writer_queue,
        acquire_timeout: limits.db_acquire_timeout.get(),
    };
    let pool = db::connect_with(&config.database_url, bounds).await?;
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(dist = %config.dist.display(), "no built app found; run `make run` to build it");
    }

    let mut state = AppState::with_limits(pool.clone(), config.dist.clone(), limits.clone());
    state.storage.quota_bytes = config.quota_bytes;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    // Precompress in the background: until it is done, responses are compressed per request.
    let dist = config.dist.clone();
    tokio::task::spawn_blocking(move || match precompress::precompress_dir(&dist) {
        Ok(n) => tracing::info!(files = n, "precompressed bundle"),
        Err(e) => {
            tracing::warn!(error = %e, "could not precompress bundle; compressing per request")
        }
    });
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "listening");
    println!("Proeftuin-wizard draait op http://{addr}  (stoppen: Ctrl-C)");

    if !limits.trusted_proxies.is_empty() {
        let proxies: Vec<String> = limits
            .trusted_proxies
            .iter()
            .map(|p| p.to_string())
            .collect();
        tracing::info!(proxies = %proxies.join(","), "trusting forwarded client addresses from these proxies");
    }
    // With the peer address on every request, so clients are told apart.
    serve::serve(listener, app(state), &limits, shutdown_signal()).await?;
    pool.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
