//! Crash test: the real `proeftuin-server` binary, on a SQLite file, is killed
//! with SIGKILL in the middle of a stream of updates from several clients, and
//! started again on the same file. Every update the server acknowledged (2xx)
//! must then be there, with the same content, and the database must pass
//! SQLite's integrity check. Three rounds of kill and restart in one test.
//!
//! Loopback only: the server listens on `127.0.0.1:0` and prints the port it
//! got. The clients speak plain HTTP/1.1 over `std::net::TcpStream`, one
//! connection per request, so a request in flight at the kill just fails. The
//! child is killed when the test ends, also when it fails (see [`Server`]).
#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use proeftuin_domain::{voorbeeld_document, Proeftuin};
use serde_json::Value;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

/// Kill-and-restart rounds.
const ROUNDS: usize = 3;
/// Documents updated at the same time.
const DOCUMENTS: usize = 2;
/// Clients per document: they race for each revision (`If-Match`).
const CLIENTS_PER_DOCUMENT: usize = 2;
/// Most updates one client tries in one round: the stream ends by itself.
const MAX_TRIES_PER_CLIENT: usize = 400;
/// The server is killed once this many updates (times the round's number)
/// were acknowledged in a round: 60, 120 and 180.
const KILL_AFTER_ACKS: usize = 60;
/// Time limit for one request, and for the server to start.
const TIMEOUT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------------------------

/// A running `proeftuin-server`; killed (SIGKILL) and reaped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts the server on the SQLite file `db` and waits until it listens.
    fn start(db: &Path, dist: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_proeftuin-server"))
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--database-url")
            .arg(format!("sqlite://{}", db.display()))
            .arg("--dist")
            .arg(dist)
            .env_remove("DATABASE_URL")
            .env_remove("PROEFTUIN_ADDR")
            .env_remove("PROEFTUIN_LOG_JSON")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");
        // The server prints its address on stdout; keep reading so it never
        // blocks on a full pipe.
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.split("http://").nth(1) {
                    let addr = url.split_whitespace().next().unwrap_or_default();
                    let _ = tx.send(addr.parse::<SocketAddr>());
                }
            }
        });
        let mut server = Server {
            child,
            addr: "127.0.0.1:9".parse().unwrap(),
        };
        match rx.recv_timeout(TIMEOUT) {
            Ok(Ok(addr)) => server.addr = addr,
            other => panic!("the server did not say where it listens: {other:?}"),
        }
        server
    }

    /// SIGKILL (what `Child::kill` sends on unix), then reap the process.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

// ---------------------------------------------------------------------------------------------
// A tiny HTTP/1.1 client
// ---------------------------------------------------------------------------------------------

struct Response {
    status: u16,
    body: Value,
}

/// One request on its own connection (`Connection: close`). An `Err` means no
/// answer: the server is gone or the connection broke.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<&[u8]>,
) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body.unwrap_or_default());
    stream.write_all(&out)?;

    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("incomplete answer: {:?}", String::from_utf8_lossy(&raw)),
        )
    })
}

/// Status and JSON body of a complete HTTP/1.1 answer; `None` when cut off.
fn parse_response(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut rest = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let mut length = None;
    let mut chunked = false;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<usize>().ok()?);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.eq_ignore_ascii_case("chunked");
        }
    }
    let body = if chunked {
        let mut body = Vec::new();
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n")?;
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..end]).ok()?.trim(), 16).ok()?;
            rest = &rest[end + 2..];
            if size == 0 {
                break body;
            }
            body.extend_from_slice(rest.get(..size)?);
            rest = rest.get(size + 2..)?;
        }
    } else {
        match length {
            Some(n) => rest.get(..n)?.to_vec(),
            None => rest.to_vec(),
        }
    };
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).ok()?
    };
    Some(Response { status, body })
}

// ---------------------------------------------------------------------------------------------
// Documents and what the clients saw
// ---------------------------------------------------------------------------------------------

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// A stored proeftuin and its edit secret.
struct Document {
    id: String,
    secret: String,
    template: Proeftuin,
}

/// Everything the clients sent and every acknowledgement they got.
#[derive(Default)]
struct Log {
    /// Per document: acknowledged revision -> the document the server confirmed.
    acked: Vec<BTreeMap<i64, Value>>,
    /// Per document: every document sent (acknowledged or not).
    sent: Vec<Vec<Value>>,
    /// Requests that got no answer (cut off by the kill).
    unanswered: usize,
    /// `412 stale` answers (another client got that revision first).
    stale: usize,
}

fn create(addr: SocketAddr, n: usize) -> (Document, Value) {
    let id = format!("crash-{n}");
    let template = voorbeeld_document("ey-itvitae", id.clone(), now()).unwrap();
    let doc = serde_json::to_vec(&template).unwrap();
    let answer = request(addr, "POST", "/api/proeftuinen", &[], Some(&doc)).unwrap();
    assert_eq!(answer.status, 201, "create: {}", answer.body);
    assert_eq!(answer.body["revision"], 1);
    let secret = answer.body["edit_secret"].as_str().unwrap().to_string();
    let document = Document {
        id,
        secret,
        template,
    };
    (document, answer.body["document"].clone())
}

fn current_revision(addr: SocketAddr, doc: &Document) -> i64 {
    let path = format!("/api/proeftuinen/{}", doc.id);
    let answer = request(addr, "GET", &path, &secret(doc), None).unwrap();
    assert_eq!(answer.status, 200, "read {}: {}", doc.id, answer.body);
    answer.body["revision"].as_i64().unwrap()
}

fn secret(doc: &Document) -> Vec<(&'static str, String)> {
    vec![(proeftuin_domain::wire::SECRET_HEADER, doc.secret.clone())]
}

/// One client: keeps saving new versions of document `d` until the server is
/// gone, it is told to stop, or it has tried [`MAX_TRIES_PER_CLIENT`] times.
fn client(
    addr: SocketAddr,
    doc: &Document,
    d: usize,
    name: String,
    log: &Mutex<Log>,
    acks: &AtomicUsize,
    stop: &AtomicBool,
) {
    let path = format!("/api/proeftuinen/{}", doc.id);
    let Ok(mut revision) = request(addr, "GET", &path, &secret(doc), None)
        .map(|a| a.body["revision"].as_i64().expect("a revision"))
    else {
        return;
    };
    for k in 0..MAX_TRIES_PER_CLIENT {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let mut next = doc.template.clone();
        next.afronden.notities = format!("{name}, wijziging {k}, na versie {revision}");
        let value = serde_json::to_value(&next).unwrap();
        log.lock().unwrap().sent[d].push(value.clone());
        let mut headers = secret(doc);
        headers.push(("If-Match", format!("\"{revision}\"")));
        let body = serde_json::to_vec(&next).unwrap();
        match request(addr, "PUT", &path, &headers, Some(&body)) {
            Ok(answer) if answer.status == 200 => {
                let saved = answer.body["revision"].as_i64().expect("a revision");
                assert_eq!(
                    answer.body["document"], value,
                    "the server confirmed another document"
                );
                assert!(saved > revision, "revision went from {revision} to {saved}");
                let previous = log.lock().unwrap().acked[d].insert(saved, value);
                assert!(previous.is_none(), "revision {saved} acknowledged twice");
                acks.fetch_add(1, Ordering::SeqCst);
                revision = saved;
            }
            Ok(answer) if answer.status == 412 => {
                log.lock().unwrap().stale += 1;
                revision = answer.body["revision"]
                    .as_i64()
                    .expect("412 names the revision");
            }
            Ok(answer) => panic!("{name}: unexpected {}: {}", answer.status, answer.body),
            Err(_) => {
                log.lock().unwrap().unanswered += 1;
                return;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checks after a restart
// ---------------------------------------------------------------------------------------------

/// Every acknowledged revision is there with the confirmed content, the
/// history has no gaps, and a revision nobody saw acknowledged holds one of
/// the documents that was sent.
fn check_documents(addr: SocketAddr, docs: &[Document], log: &Log) {
    for (d, doc) in docs.iter().enumerate() {
        let acked = &log.acked[d];
        let current = current_revision(addr, doc);
        let last_acked = acked.keys().max().copied().unwrap_or(1);
        assert!(
            current >= last_acked,
            "{}: current revision {current} is older than acknowledged {last_acked}",
            doc.id
        );

        let path = format!("/api/proeftuinen/{}/revisions", doc.id);
        let list = request(addr, "GET", &path, &secret(doc), None).unwrap();
        assert_eq!(list.status, 200, "{}", list.body);
        let numbers: Vec<i64> = list
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["revision"].as_i64().unwrap())
            .collect();
        assert_eq!(
            numbers,
            (1..=current).collect::<Vec<_>>(),
            "{}: history",
            doc.id
        );

        for n in 2..=current {
            let answer = request(addr, "GET", &format!("{path}/{n}"), &secret(doc), None).unwrap();
            assert_eq!(
                answer.status, 200,
                "{} revision {n}: {}",
                doc.id, answer.body
            );
            let stored = &answer.body["document"];
            match acked.get(&n) {
                Some(confirmed) => assert_eq!(
                    stored, confirmed,
                    "{}: acknowledged revision {n} changed after the crash",
                    doc.id
                ),
                None => assert!(
                    log.sent[d].contains(stored),
                    "{}: revision {n} holds a document nobody sent",
                    doc.id
                ),
            }
        }
    }
}

/// `PRAGMA integrity_check` and `PRAGMA foreign_key_check` on the file, on a
/// connection of our own (next to the running server: WAL allows readers).
fn check_integrity(db: &Path) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut conn = SqliteConnectOptions::new()
            .filename(db)
            .busy_timeout(TIMEOUT)
            .connect()
            .await
            .unwrap();
        let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert_eq!(integrity, vec!["ok".to_string()], "integrity check");
        let dangling = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert!(
            dangling.is_empty(),
            "{} rows break a foreign key",
            dangling.len()
        );
        conn.close().await.unwrap();
    });
}

// ---------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------

#[test]
fn acknowledged_updates_survive_sigkill_and_the_database_stays_intact() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let db: PathBuf = dir.path().join("data/crash.db");

    let mut server = Server::start(&db, &dist);
    let mut log = Log::default();
    let mut docs = Vec::new();
    for n in 0..DOCUMENTS {
        let (doc, first) = create(server.addr, n);
        log.acked.push(BTreeMap::from([(1, first.clone())]));
        log.sent.push(vec![first]);
        docs.push(doc);
    }
    let docs = Arc::new(docs);
    let log = Arc::new(Mutex::new(log));

    for round in 1..=ROUNDS {
        let acks = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..DOCUMENTS * CLIENTS_PER_DOCUMENT)
            .map(|c| {
                let (docs, log, acks, stop) =
                    (docs.clone(), log.clone(), acks.clone(), stop.clone());
                let addr = server.addr;
                thread::spawn(move || {
                    let d = c % DOCUMENTS;
                    let name = format!("ronde {round}, client {c}");
                    client(addr, &docs[d], d, name, &log, &acks, &stop)
                })
            })
            .collect();

        // Kill in the middle of the stream: the clients are still sending.
        let kill_after = KILL_AFTER_ACKS * round;
        let deadline = Instant::now() + Duration::from_secs(20);
        while acks.load(Ordering::SeqCst) < kill_after
            && Instant::now() < deadline
            && !clients.iter().all(|c| c.is_finished())
        {
            thread::sleep(Duration::from_millis(1));
        }
        let acked_at_kill = acks.load(Ordering::SeqCst);
        server.kill();
        stop.store(true, Ordering::SeqCst);
        for c in clients {
            if let Err(panic) = c.join() {
                std::panic::resume_unwind(panic);
            }
        }
        assert!(
            acked_at_kill >= kill_after,
            "round {round}: only {acked_at_kill} updates acknowledged before the kill"
        );

        server = Server::start(&db, &dist);
        let log = log.lock().unwrap();
        check_documents(server.addr, &docs, &log);
        check_integrity(&db);
        let total: usize = log.acked.iter().map(BTreeMap::len).sum();
        let revisions: Vec<i64> = (0..DOCUMENTS)
            .map(|d| current_revision(server.addr, &docs[d]))
            .collect();
        eprintln!(
            "round {round}: killed after {acked_at_kill} acknowledged updates; \
             {total} acknowledged so far, {} unanswered, {} stale, current revisions {revisions:?}, \
             {:.1}s",
            log.unanswered,
            log.stale,
            started.elapsed().as_secs_f64()
        );
    }
    drop(server);
}
