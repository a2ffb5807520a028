//! Test databases for both backends. Every test that touches the database is
//! an `async fn(Backend)` listed in [`on_both_backends!`], which makes it two
//! tests, `<name>::sqlite` and `<name>::postgres`:
//!
//! - SQLite always runs, on a file in the test's own temporary folder.
//! - PostgreSQL runs when [`POSTGRES_URL_VAR`] names a server (an admin URL,
//!   e.g. the one `scripts/postgres.sh` prints; `scripts/test.sh` always sets
//!   it). Each test gets a fresh database with a random name, dropped when the
//!   test ends, so tests run in parallel. Without the variable the test prints
//!   a "skipped" line to stderr and passes: for plain `cargo test` only.

#![allow(dead_code, unused_macros)] // Each test binary uses a different part of this module.

pub mod http;
pub mod log;

use std::path::Path;
use std::str::FromStr;

pub use proeftuin_server::db::Backend;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor, PgConnection};

/// Environment variable with the admin URL of the PostgreSQL server for tests.
pub const POSTGRES_URL_VAR: &str = "PROEFTUIN_TEST_POSTGRES_URL";

/// Generates `mod <name> { sqlite, postgres }` tests for each listed
/// `async fn <name>(backend: Backend)`. A test that is written but not listed
/// is dead code, which clippy (`-D warnings`) refuses.
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[tokio::test]
            async fn sqlite() {
                super::$test($crate::support::Backend::Sqlite).await;
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::support::postgres_admin_url().is_none() {
                    $crate::support::skipped(stringify!($test));
                    return;
                }
                super::$test($crate::support::Backend::Postgres).await;
            }
        }
    )*};
}

/// The admin URL for PostgreSQL tests, if set and not empty.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var(POSTGRES_URL_VAR)
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// Says on stderr that `test` did not run on PostgreSQL. Written to the
/// process's stderr directly: the test harness would hide `eprintln!` of a
/// passing test.
pub fn skipped(test: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: set {POSTGRES_URL_VAR} to run {test} on PostgreSQL"
    );
}

/// The backends to run a test on: SQLite, and PostgreSQL when
/// [`POSTGRES_URL_VAR`] is set (otherwise a "skipped" line on stderr).
pub fn backends(test: &str) -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    if postgres_admin_url().is_some() {
        backends.push(Backend::Postgres);
    } else {
        skipped(test);
    }
    backends
}

/// A database of its own for one test; a PostgreSQL one is dropped on drop.
pub struct TestDb {
    /// The URL to give `db::connect`.
    pub url: String,
    /// Which backend it is on.
    pub backend: Backend,
    /// PostgreSQL: the admin URL and the database name, to drop it.
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// A new, empty database: for SQLite a file under `dir` (not created yet),
    /// for PostgreSQL a fresh database on the server of [`POSTGRES_URL_VAR`].
    pub async fn new(backend: Backend, dir: &Path) -> Self {
        match backend {
            Backend::Sqlite => Self {
                url: format!("sqlite://{}", dir.join("data/test.db").display()),
                backend,
                postgres: None,
            },
            Backend::Postgres => {
                let admin = postgres_admin_url()
                    .unwrap_or_else(|| panic!("{POSTGRES_URL_VAR} is needed for PostgreSQL tests"));
                let name = format!(
                    "proeftuin_test_{}_{:016x}",
                    std::process::id(),
                    rand::random::<u64>()
                );
                let mut conn = PgConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin}: {e}"));
                conn.execute(format!("CREATE DATABASE \"{name}\"").as_str())
                    .await
                    .unwrap();
                conn.close().await.unwrap();
                let url = PgConnectOptions::from_str(&admin)
                    .unwrap()
                    .database(&name)
                    .to_url_lossy()
                    .to_string();
                Self {
                    url,
                    backend,
                    postgres: Some((admin, name)),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on: a
        // thread with a runtime of its own. FORCE ends the pool's connections.
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async move {
                    let mut conn = PgConnection::connect(&admin).await?;
                    conn.execute(
                        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str(),
                    )
                    .await?;
                    conn.close().await
                })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop a test database: {e}");
        }
    }
}

/// The tables the application made (not sqlx's own bookkeeping), by name.
pub async fn app_tables(pool: &proeftuin_server::db::Db) -> Vec<String> {
    let sql = match proeftuin_server::db::backend(pool) {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() ORDER BY table_name"
        }
    };
    sqlx::query_scalar::<_, String>(sql)
        .fetch_all(pool.pool())
        .await
        .unwrap()
        .into_iter()
        .filter(|name| !name.starts_with("_sqlx"))
        .collect()
}

/// The single number that `sql` (a `SELECT COUNT(*)` or the like) gives.
pub async fn count(state: &proeftuin_server::AppState, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(state.db.pool())
        .await
        .unwrap()
}

/// The app state of one test: a fresh database on `backend` and a bundle folder
/// (empty unless `with_dist` writes into it before the state is made).
pub struct Fixture {
    pub state: proeftuin_server::AppState,
    // After `state`: a PostgreSQL database is dropped when the test is done with it.
    _db: TestDb,
    _dir: tempfile::TempDir,
}

/// A [`Fixture`] whose `dist` folder is filled by `with_dist` first.
pub async fn fixture_with(backend: Backend, with_dist: impl FnOnce(&Path)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    with_dist(&dist);
    let test_db = TestDb::new(backend, dir.path()).await;
    let pool = proeftuin_server::db::connect(&test_db.url).await.unwrap();
    Fixture {
        state: proeftuin_server::AppState::new(pool, dist),
        _db: test_db,
        _dir: dir,
    }
}

/// A [`Fixture`] with an empty bundle folder.
pub async fn fixture(backend: Backend) -> Fixture {
    fixture_with(backend, |_| {}).await
}

/// A [`Fixture`] with these limits (also for its database: writer queue,
/// pool wait) and an empty bundle folder.
pub async fn fixture_limited(
    backend: Backend,
    limits: proeftuin_server::config::Limits,
) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let test_db = TestDb::new(backend, dir.path()).await;
    let options = proeftuin_server::db::Options {
        writer_queue: limits.writer_queue,
        acquire_timeout: limits.db_acquire_timeout.get(),
    };
    let pool = proeftuin_server::db::connect_with(&test_db.url, options)
        .await
        .unwrap();
    Fixture {
        state: proeftuin_server::AppState::with_limits(pool, dist, limits),
        _db: test_db,
        _dir: dir,
    }
}

impl Fixture {
    /// The URL of the fixture's database.
    pub fn url(&self) -> &str {
        &self._db.url
    }
}
