//! `proeftuin-server`: starts the API and serves the built app.

use std::net::SocketAddr;

use clap::Parser;
use proeftuin_server::{app, config::Config, db, precompress, AppState};
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

    let pool = db::connect(&config.database_url).await?;
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(dist = %config.dist.display(), "no built app found; run `make run` to build it");
    }

    let mut state = AppState::new(pool.clone(), config.dist.clone());
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

    // With the peer address, so repeated wrong secrets are counted per client.
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
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
