//! The database: embedded SQLite by default, PostgreSQL when the URL starts
//! with `postgres://` or `postgresql://` (for several server instances on one
//! database). Both go through sqlx's `Any` driver, so every statement in
//! [`crate::api::store`] and every migration is the same for both.
//!
//! - SQLite: the file and its folder are created on first start; WAL,
//!   durable commits (synchronous FULL), foreign keys and a busy timeout.
//!   Reads use a pool of connections; every write goes through one writer
//!   connection (see `writer`), so writers queue in the server instead of
//!   sleeping in SQLite's busy handler, and writes that wait together are
//!   committed together (one `fsync` for all of them, every one of them
//!   acknowledged only after that commit).
//! - PostgreSQL: the database must exist. Every connection uses READ
//!   COMMITTED, which the compare-and-set updates rely on: a writer that waited
//!   for another re-checks `revision = $n` on the committed row and changes
//!   nothing, instead of failing with a serialization error. Each write is a
//!   transaction of its own on the pool.
//!
//! Migrations take a lock on PostgreSQL, so instances starting together apply
//! each migration once.
//!
//! Nothing waits without bound ([`Options`]): the SQLite writer's queue holds
//! at most `writer_queue` writes, and a request waits at most
//! `acquire_timeout` for a pooled connection. Both then fail with
//! [`sqlx::Error::PoolTimedOut`], which the API answers with 503 `busy` and
//! `Retry-After`.
//!
//! # Storage faults
//! [`storage_fault`] tells a full disk ([`StorageFault::Full`]: SQLite's
//! `SQLITE_FULL` and its extended codes, PostgreSQL's SQLSTATE 53100
//! `disk_full` and 53200 `out_of_memory`) and an I/O error
//! ([`StorageFault::Io`]: `SQLITE_IOERR*`, SQLSTATE 58030 `io_error`) from
//! other errors. Every write remembers the last fault it met until a write
//! goes through again ([`Db::fault`]), for `/api/health`. A failed write is
//! rolled back whole, so nothing that was acknowledged is lost.
//!
//! For fault-injection tests, [`Db::set_max_page_count`] limits the size of a
//! SQLite database (`PRAGMA max_page_count` on the writer connection, also on
//! every connection it opens later), so writes fail as on a full disk.

mod writer;

use std::collections::HashMap;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Connection, Executor};
use tokio::sync::oneshot;

/// How long a SQLite connection waits for a lock another one holds before
/// giving up (another process on the same file; within the server, writes
/// queue in [`writer`] instead).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections per server instance (PostgreSQL's default limit is 100 in all).
const MAX_CONNECTIONS: u32 = 8;

/// A pooled connection idle for longer than this is checked before use (a
/// PostgreSQL server may have restarted meanwhile); busy ones are not.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(1);

/// The bounds of a database handle (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Most writes waiting for the SQLite writer.
    pub writer_queue: usize,
    /// Longest wait for a connection from the pool.
    pub acquire_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            writer_queue: crate::config::DEFAULT_WRITER_QUEUE,
            acquire_timeout: crate::config::DEFAULT_DB_ACQUIRE_TIMEOUT,
        }
    }
}

/// A boxed future, as a write's work returns it.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a write's work returns: its answer, and whether its changes are to be
/// committed.
#[derive(Debug)]
pub struct Written<T> {
    /// The answer for the caller.
    pub value: T,
    /// False when the work changed nothing worth keeping (a compare-and-set
    /// that did not match, a refusal): on its own it is rolled back.
    pub keep: bool,
}

impl<T> Written<T> {
    /// An answer whose changes are committed.
    pub fn keep(value: T) -> Self {
        Self { value, keep: true }
    }

    /// An answer after which nothing is committed. The work must not have
    /// changed anything but no-op locking updates (`SET x = x`) then: on SQLite
    /// it may share its transaction with other writes that are committed.
    pub fn discard(value: T) -> Self {
        Self { value, keep: false }
    }
}

/// What the work of a write returns.
pub type WriteFuture<'c, T> = BoxFuture<'c, Result<Written<T>, sqlx::Error>>;

/// The work of one write: SQL on a connection that is inside a transaction,
/// with its arguments. It may run more than once (on SQLite, a batch with a
/// failing write is rolled back and its writes are run again one by one), and
/// its answer reaches the caller only once its transaction is committed.
pub type Work<A, T> = for<'c> fn(&'c mut AnyConnection, &'c A) -> WriteFuture<'c, T>;

/// The database of a server instance: a pool for reads (and, on PostgreSQL,
/// writes) and, on SQLite, the one writer connection. Dereferences to the
/// pool.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    writer: Option<writer::Writer>,
    /// The last [`StorageFault`] a write met, until a write goes through
    /// (0: none; see [`StorageFault::code`]).
    fault: Arc<AtomicU8>,
    /// The writer's database URL (SQLite), the key of [`page_limits`].
    url: Option<String>,
}

/// A failure of the database's storage, as opposed to a bug or a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFault {
    /// No room left: disk full (or, on PostgreSQL, out of memory).
    Full,
    /// Reading or writing the storage failed.
    Io,
}

impl StorageFault {
    /// The `database` field of `/api/health` while this fault stands.
    pub fn health_name(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Io => "io_error",
        }
    }

    fn code(self) -> u8 {
        match self {
            Self::Full => 1,
            Self::Io => 2,
        }
    }

    fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(Self::Full),
            2 => Some(Self::Io),
            _ => None,
        }
    }
}

/// The storage fault `err` reports, if it is one.
pub fn storage_fault(err: &sqlx::Error) -> Option<StorageFault> {
    match err {
        sqlx::Error::Database(e) => e.code().and_then(|code| fault_of_code(&code)),
        _ => None,
    }
}

/// A database's error code as a storage fault: a PostgreSQL SQLSTATE (five
/// characters) or a SQLite result code (a number, extended codes included).
pub fn fault_of_code(code: &str) -> Option<StorageFault> {
    match code {
        "53100" | "53200" => return Some(StorageFault::Full),
        "58030" => return Some(StorageFault::Io),
        _ => {}
    }
    // SQLite's extended codes keep the primary code in their low byte; its
    // codes stay far below the five-digit numbers of SQLSTATEs.
    let number: u32 = code.parse().ok().filter(|n| *n < 10_000)?;
    const SQLITE_IOERR: u32 = 10;
    const SQLITE_FULL: u32 = 13;
    match number & 0xff {
        SQLITE_FULL => Some(StorageFault::Full),
        SQLITE_IOERR => Some(StorageFault::Io),
        _ => None,
    }
}

/// `PRAGMA max_page_count` per SQLite database URL, for fault-injection tests
/// (see [`Db::set_max_page_count`]); applied to every writer connection opened.
fn page_limits() -> &'static Mutex<HashMap<String, u64>> {
    static LIMITS: OnceLock<Mutex<HashMap<String, u64>>> = OnceLock::new();
    LIMITS.get_or_init(Default::default)
}

fn page_limit_of(url: &str) -> Option<u64> {
    page_limits()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(url)
        .copied()
}

impl Deref for Db {
    type Target = AnyPool;

    fn deref(&self) -> &AnyPool {
        &self.pool
    }
}

impl Db {
    /// The pool, for reads.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `work` with `args` in a transaction and returns its answer once the
    /// transaction is committed (or rolled back, see [`Written::discard`]).
    /// On SQLite through the writer connection, on PostgreSQL on the pool.
    /// A storage fault is remembered (see [`Db::fault`]).
    pub async fn write<A, T>(&self, args: A, work: Work<A, T>) -> Result<T, sqlx::Error>
    where
        A: Send + Sync + 'static,
        T: Send + 'static,
    {
        let result = self.write_unnoted(args, work).await;
        self.noted(result)
    }

    /// Remembers what the outcome of a write says about the storage: a fault,
    /// or (when it went through) that there is none any more.
    pub fn noted<T>(&self, result: Result<T, sqlx::Error>) -> Result<T, sqlx::Error> {
        match &result {
            Ok(_) => self.fault.store(0, Ordering::Relaxed),
            Err(e) => {
                if let Some(fault) = storage_fault(e) {
                    self.fault.store(fault.code(), Ordering::Relaxed);
                }
            }
        }
        result
    }

    /// The storage fault the last failed write met, unless a write went
    /// through after it.
    pub fn fault(&self) -> Option<StorageFault> {
        StorageFault::from_code(self.fault.load(Ordering::Relaxed))
    }

    /// Fault injection for tests, SQLite only: limits the database file to
    /// `pages` pages (`PRAGMA max_page_count`; SQLite keeps at least the pages
    /// in use), so writes that need more fail with `SQLITE_FULL`; `None`
    /// lifts the limit. Applies to the writer connection now and to every one
    /// it opens later.
    pub async fn set_max_page_count(&self, pages: Option<u64>) -> Result<(), sqlx::Error> {
        let Some(url) = &self.url else {
            return Err(sqlx::Error::Configuration(
                "a page limit exists on SQLite only".into(),
            ));
        };
        {
            let mut limits = page_limits().lock().unwrap_or_else(|e| e.into_inner());
            match pages {
                Some(pages) => limits.insert(url.clone(), pages),
                None => limits.remove(url),
            };
        }
        // SQLite's own upper limit stands for "none".
        let pages = pages.unwrap_or(4_294_967_294);
        self.write_unnoted(pages, set_page_limit_work).await
    }

    async fn write_unnoted<A, T>(&self, args: A, work: Work<A, T>) -> Result<T, sqlx::Error>
    where
        A: Send + Sync + 'static,
        T: Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.write(args, work).await,
            None => {
                let mut tx = self.pool.begin().await?;
                let written = work(&mut tx, &args).await?;
                if written.keep {
                    tx.commit().await?;
                } else {
                    tx.rollback().await?;
                }
                Ok(written.value)
            }
        }
    }

    /// Closes the pool and the writer connection; later queries and writes fail.
    pub async fn close(&self) {
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
        self.pool.close().await;
    }
}

fn set_page_limit_work<'c>(conn: &'c mut AnyConnection, pages: &'c u64) -> WriteFuture<'c, ()> {
    Box::pin(async move {
        conn.execute(format!("PRAGMA max_page_count = {pages}").as_str())
            .await?;
        Ok(Written::discard(()))
    })
}

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
/// applies all migrations, with the default [`Options`].
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    connect_with(url, Options::default()).await
}

/// [`connect`] with the given bounds.
pub async fn connect_with(url: &str, bounds: Options) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    let db = match Backend::of_url(url) {
        Some(Backend::Sqlite) => connect_sqlite(url, bounds).await?,
        Some(Backend::Postgres) => Db {
            pool: pool_options(Backend::Postgres, bounds).connect(url).await?,
            backend: Backend::Postgres,
            writer: None,
            fault: Arc::default(),
            url: None,
        },
        None => anyhow::bail!(
            "unsupported database URL (use sqlite://FILE or postgres://...): {}",
            url.split_once("://").map_or(url, |(scheme, _)| scheme)
        ),
    };
    migrate(&db).await?;
    Ok(db)
}

async fn connect_sqlite(url: &str, bounds: Options) -> anyhow::Result<Db> {
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
    let pool = pool_options(Backend::Sqlite, bounds)
        .connect_with(any.clone())
        .await?;
    Ok(Db {
        pool,
        backend: Backend::Sqlite,
        url: Some(any.database_url.to_string()),
        writer: Some(writer::Writer::start(any, bounds.writer_queue)),
        fault: Arc::default(),
    })
}

/// The statements every new connection of `backend` starts with.
fn session_settings(backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {}",
            BUSY_TIMEOUT.as_millis()
        ),
        Backend::Postgres => {
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED".to_string()
        }
    }
}

/// Opens one connection outside the pool, with the settings of the pool's.
async fn connect_one(options: &AnyConnectOptions, backend: Backend) -> sqlx::Result<AnyConnection> {
    let mut conn = AnyConnection::connect_with(options).await?;
    conn.execute(session_settings(backend).as_str()).await?;
    if backend == Backend::Sqlite {
        if let Some(pages) = page_limit_of(options.database_url.as_str()) {
            conn.execute(format!("PRAGMA max_page_count = {pages}").as_str())
                .await?;
        }
    }
    Ok(conn)
}

/// Pool settings; each new connection gets the per-connection settings its
/// backend needs.
fn pool_options(backend: Backend, bounds: Options) -> AnyPoolOptions {
    let options = AnyPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        // A request that cannot get a connection in time gets 503 `busy`.
        .acquire_timeout(bounds.acquire_timeout)
        // A ping on every checkout costs a round trip per query: SQLite files
        // do not go away, and of PostgreSQL's only connections that sat idle
        // are checked.
        .test_before_acquire(false)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                conn.execute(session_settings(backend).as_str()).await?;
                Ok(())
            })
        });
    match backend {
        Backend::Sqlite => options,
        Backend::Postgres => options.before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > CHECK_AFTER_IDLE {
                    conn.ping().await?;
                }
                Ok(true)
            })
        }),
    }
}

/// Applies the embedded migrations (idempotent). One folder for both
/// backends: its SQL is accepted by SQLite and PostgreSQL alike.
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    sqlx::migrate!("./migrations").run(db.pool()).await?;
    Ok(())
}

/// The backend `db` talks to.
pub fn backend(db: &Db) -> Backend {
    db.backend()
}

/// True when the database answers a trivial query.
pub async fn is_reachable(db: &Db) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(db.pool())
        .await
        .is_ok()
}

/// What a caller gets when the writer went away before answering.
fn writer_gone(_: oneshot::error::RecvError) -> sqlx::Error {
    sqlx::Error::WorkerCrashed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_and_io_errors_are_told_apart_from_other_errors() {
        // SQLite result codes, extended ones included.
        assert_eq!(fault_of_code("13"), Some(StorageFault::Full)); // SQLITE_FULL
        for io in ["10", "266", "522", "778", "1034", "3082", "3850", "8458"] {
            // SQLITE_IOERR and its _READ, _SHORT_READ, _WRITE, _FSYNC, _NOMEM, _LOCK, _CORRUPTFS
            assert_eq!(fault_of_code(io), Some(StorageFault::Io), "{io}");
        }
        for other in ["5", "6", "19", "2067", "1555", "11", "14", "0"] {
            // BUSY, LOCKED, CONSTRAINT, _UNIQUE, _PRIMARYKEY, CORRUPT, CANTOPEN, OK
            assert_eq!(fault_of_code(other), None, "{other}");
        }
        // PostgreSQL SQLSTATEs.
        assert_eq!(fault_of_code("53100"), Some(StorageFault::Full)); // disk_full
        assert_eq!(fault_of_code("53200"), Some(StorageFault::Full)); // out_of_memory
        assert_eq!(fault_of_code("58030"), Some(StorageFault::Io)); // io_error
        for other in ["53300", "23505", "40001", "57P01", "08006", "", "x", "-13"] {
            assert_eq!(fault_of_code(other), None, "{other}");
        }
    }

    #[test]
    fn other_errors_are_no_storage_fault() {
        assert_eq!(storage_fault(&sqlx::Error::PoolTimedOut), None);
        assert_eq!(storage_fault(&sqlx::Error::RowNotFound), None);
    }
}
