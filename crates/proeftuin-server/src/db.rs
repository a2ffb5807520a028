//! The database: embedded SQLite by default, PostgreSQL when the URL starts
//! with `postgres://` or `postgresql://` (for several server instances on one
//! database). Both go through sqlx's `Any` driver, so every statement in
//! [`crate::api::store`] and every migration is the same for both.
//!
//! - SQLite: the file and its folder are created on first start; WAL,
//!   durable commits (synchronous FULL), foreign keys and a busy timeout.
//! - PostgreSQL: the database must exist. Every connection uses READ
//!   COMMITTED, which the compare-and-set updates rely on: a writer that waited
//!   for another re-checks `revision = $n` on the committed row and changes
//!   nothing, instead of failing with a serialization error.
//!
//! Migrations take a lock on PostgreSQL, so instances starting together apply
//! each migration once.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};

/// The pool every handler uses, for either database.
pub type Db = AnyPool;

/// How long a SQLite writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections per server instance (PostgreSQL's default limit is 100 in all).
const MAX_CONNECTIONS: u32 = 8;

/// The two databases the server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (the default).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// The backend a database URL names; `None` for any other scheme. A URL
    /// without a scheme is a SQLite file name.
    pub fn of_url(url: &str) -> Option<Self> {
        let scheme = match url.split_once(':') {
            Some((scheme, _)) if url.contains("://") || scheme.eq_ignore_ascii_case("sqlite") => {
                scheme.to_ascii_lowercase()
            }
            _ => return Some(Self::Sqlite),
        };
        match scheme.as_str() {
            "sqlite" => Some(Self::Sqlite),
            "postgres" | "postgresql" => Some(Self::Postgres),
            _ => None,
        }
    }

    /// Lower-case name, as `/api/health` reports it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// Opens (and for SQLite, if needed, creates) the database at `url` and
/// applies all migrations.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    let pool = match Backend::of_url(url) {
        Some(Backend::Sqlite) => connect_sqlite(url).await?,
        Some(Backend::Postgres) => pool_options().connect(url).await?,
        None => anyhow::bail!(
            "unsupported database URL (use sqlite://FILE or postgres://...): {}",
            url.split_once("://").map_or(url, |(scheme, _)| scheme)
        ),
    };
    migrate(&pool).await?;
    Ok(pool)
}

async fn connect_sqlite(url: &str) -> anyhow::Result<Db> {
    let mut options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: an acknowledged commit survives a crash or power loss, also in WAL mode.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT);
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if !in_memory {
        let file = options.get_filename().to_path_buf();
        if let Some(parent) = file.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        // Absolute, because the pool gets the file as a URL, where the first
        // folder of a relative path would be read as a (lower-cased) host name.
        options = options.filename(std::path::absolute(file)?);
    }
    // The `Any` pool opens SQLite from a URL only, which cannot carry these
    // settings: one connection with all of them first creates the file and
    // switches it to WAL (stored in the file; the switch needs a lock that the
    // busy timeout cannot wait for, so it is done once, before the pool).
    options.connect().await?.close().await?;
    let any = AnyConnectOptions::from_url(&options.to_url_lossy())?;
    Ok(pool_options().connect_with(any).await?)
}

/// Pool settings for both backends; each new connection gets the per-connection
/// settings its backend needs.
fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                let settings = if conn.backend_name().eq_ignore_ascii_case("sqlite") {
                    format!(
                        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = {}",
                        BUSY_TIMEOUT.as_millis()
                    )
                } else {
                    "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED"
                        .to_string()
                };
                conn.execute(settings.as_str()).await?;
                Ok(())
            })
        })
}

/// Applies the embedded migrations (idempotent). One folder for both
/// backends: its SQL is accepted by SQLite and PostgreSQL alike.
pub async fn migrate(pool: &Db) -> anyhow::Result<()> {
    sqlx::migrate!("./migrations").run(pool).await?;
    Ok(())
}

/// The backend `pool` talks to.
pub fn backend(pool: &Db) -> Backend {
    Backend::of_url(pool.connect_options().database_url.as_str()).unwrap_or(Backend::Sqlite)
}

/// True when the database answers a trivial query.
pub async fn is_reachable(pool: &Db) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(pool)
        .await
        .is_ok()
}
