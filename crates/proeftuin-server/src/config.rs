//! Server configuration: command-line flags, each with an environment
//! variable and a default, so `make run` needs no arguments.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// The default SQLite database, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/proeftuin.db";

/// Command-line flags and environment variables of `proeftuin-server`.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "proeftuin-server",
    about = "Server van de proeftuin-wizard: API en app"
)]
pub struct Config {
    /// Address to listen on (loopback by default).
    #[arg(long, env = "PROEFTUIN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Database URL; a SQLite file under ./data/ by default.
    #[arg(long = "database-url", env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Folder with the built front-end bundle.
    #[arg(long, env = "PROEFTUIN_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Log as JSON lines instead of readable text.
    #[arg(long, env = "PROEFTUIN_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
    /// Most bytes one proeftuin may store on the server: its document and
    /// its kept revisions (over it, an update gets 413 `quota_exceeded`).
    #[arg(long, env = "PROEFTUIN_QUOTA_BYTES", default_value_t = crate::api::store::DEFAULT_QUOTA_BYTES)]
    pub quota_bytes: u64,
}
