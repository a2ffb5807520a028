//! The connection bounds over real sockets: `app(state)` served by
//! `serve::serve` (the function `main` uses) on a 127.0.0.1:0 listener with
//! short timeouts. Stalled clients, a trickling body, a client that stops
//! reading its answer, idle keep-alive connections, the connection caps (in
//! all and per client) and shutdown. Loopback only; every loop is bounded in count and time.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use proeftuin_server::config::Limits;
use proeftuin_server::{app, serve};
use support::{fixture_limited, Backend, Fixture};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

#[macro_use]
mod support;

on_both_backends!(
    stalled_clients_are_disconnected_within_the_header_timeout_while_health_answers,
    a_body_that_trickles_in_gets_408_within_the_request_timeout,
    an_idle_connection_lasts_the_idle_timeout_but_a_stalled_next_head_only_the_header_timeout,
    a_client_that_stops_reading_is_cut_at_the_write_timeout_and_frees_its_place,
    connections_over_the_cap_wait_until_one_closes,
    a_client_over_its_share_of_connections_is_closed_while_others_get_in,
    on_shutdown_idle_connections_close_and_a_stalled_one_does_not_hold_it_up,
);

/// Stalled connections held at once (each is two sockets in this process).
const STALLED: usize = 300;
/// Slack for a loaded two-core machine.
const MARGIN: Duration = Duration::from_secs(2);

/// `app(state)` served on loopback; stopped (and its fixture dropped) at the end.
struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    served: Option<JoinHandle<std::io::Result<()>>>,
    _fixture: Fixture,
}

impl Running {
    async fn start(backend: Backend, limits: Limits) -> Self {
        let fixture = fixture_limited(backend, limits.clone()).await;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let router = app(fixture.state.clone());
        let served = tokio::spawn(async move {
            serve::serve(listener, router, &limits, async {
                let _ = stopped.await;
            })
            .await
        });
        Self {
            addr,
            stop: Some(stop),
            served: Some(served),
            _fixture: fixture,
        }
    }

    /// Sends the stop signal and waits (bounded) for `serve` to return.
    async fn stop(&mut self, within: Duration) -> Duration {
        let started = Instant::now();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(served) = self.served.take() {
            tokio::time::timeout(within, served)
                .await
                .expect("serve returns in time")
                .unwrap()
                .unwrap();
        }
        started.elapsed()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(served) = self.served.take() {
            served.abort();
        }
    }
}

fn limits(header: Duration, idle: Duration) -> Limits {
    Limits {
        header_timeout: header.into(),
        idle_timeout: idle.into(),
        request_timeout: Duration::from_millis(500).into(),
        max_connections: 1000,
        // The stalled clients of these tests all come from 127.0.0.1.
        max_connections_per_client: 1000,
        shutdown_grace: Duration::from_secs(5).into(),
        ..Limits::default()
    }
}

/// One `GET` on a new connection (`Connection: close`): status and body.
async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).await.unwrap();
    (status_of(&text), text)
}

fn status_of(response: &str) -> u16 {
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A connection to `addr` from the loopback address `from` (Linux answers on
/// all of 127.0.0.0/8), so one test can be several clients.
async fn connect_from(from: &str, addr: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    socket.connect(addr).await.unwrap()
}

/// A keep-alive connection from `from` that got 200 for health (so the
/// server has accepted it), or `None` when the server closed it unanswered.
async fn served_from(from: &str, addr: SocketAddr) -> Option<TcpStream> {
    let mut stream = connect_from(from, addr).await;
    // A write to a connection closed already may fail: that is an answer too.
    let _ = stream
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n")
        .await;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match tokio::time::timeout(MARGIN, stream.read(&mut chunk)).await {
            Err(_) => panic!("neither answered nor closed: {buf:?}"),
            Ok(Ok(0)) | Ok(Err(_)) => {
                assert!(buf.is_empty(), "closed half-way: {buf:?}");
                return None;
            }
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
        }
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            if text.len() >= end + 4 + content_length(&text[..end]) {
                assert_eq!(status_of(&text), 200, "{text}");
                return Some(stream);
            }
        }
    }
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0)
}

/// Reads one response on a keep-alive connection (head and a body of
/// `Content-Length`), bounded in time.
async fn read_response(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return text;
            }
        }
        let n = tokio::time::timeout_at(deadline.into(), stream.read(&mut chunk))
            .await
            .expect("a response in time")
            .unwrap();
        assert!(n > 0, "closed before the response was complete");
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Waits (at most `limit`) until the server closes `stream`; the time it took.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    let mut sink = [0u8; 1024];
    loop {
        match tokio::time::timeout(
            limit.saturating_sub(started.elapsed()),
            stream.read(&mut sink),
        )
        .await
        {
            Err(_) => panic!("still open after {limit:?}"),
            Ok(Ok(0)) | Ok(Err(_)) => return started.elapsed(),
            // A 408 from hyper before it closes: keep reading.
            Ok(Ok(_)) => continue,
        }
    }
}

async fn stalled_clients_are_disconnected_within_the_header_timeout_while_health_answers(
    backend: Backend,
) {
    let header = Duration::from_secs(1);
    let server = Running::start(backend, limits(header, Duration::from_secs(30))).await;
    let addr = server.addr;
    let opened = Instant::now();
    let mut stalled = Vec::new();
    for _ in 0..STALLED {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        // Half a request head, then nothing.
        stream
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: test\r\nX-Half: ")
            .await
            .unwrap();
        let connected = Instant::now();
        stalled.push(tokio::spawn(async move {
            closed_within(&mut stream, header + MARGIN * 3).await;
            connected.elapsed()
        }));
    }
    // Meanwhile health answers, on fresh connections.
    let mut answered = 0;
    while opened.elapsed() < header {
        let asked = Instant::now();
        let (status, body) = get(addr, "/api/health").await;
        assert_eq!(status, 200, "{body}");
        assert!(asked.elapsed() < Duration::from_secs(1), "health was slow");
        answered += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(answered >= 3, "{answered}");
    let mut longest = Duration::ZERO;
    for s in stalled {
        let lasted = s.await.unwrap();
        assert!(lasted >= header - Duration::from_millis(100), "{lasted:?}");
        longest = longest.max(lasted);
    }
    assert!(longest <= header + MARGIN, "{longest:?}");
    // And the server is still fine afterwards.
    assert_eq!(get(addr, "/api/health").await.0, 200);
}

async fn a_body_that_trickles_in_gets_408_within_the_request_timeout(backend: Backend) {
    let server = Running::start(
        backend,
        limits(Duration::from_secs(5), Duration::from_secs(30)),
    )
    .await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/proeftuinen HTTP/1.1\r\nHost: test\r\n\
              Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        // One byte every 100 ms: far from 1000 bytes in the 500 ms allowed.
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if writer.write_all(b" ").await.is_err() {
                return;
            }
        }
    });
    let mut text = String::new();
    tokio::time::timeout(
        Duration::from_millis(500) + MARGIN,
        reader.read_to_string(&mut text),
    )
    .await
    .expect("answered and closed in time")
    .ok();
    let took = started.elapsed();
    trickle.abort();
    assert_eq!(status_of(&text), 408, "{text}");
    assert!(text.contains("\"code\":\"timeout\""), "{text}");
    assert!(took >= Duration::from_millis(450), "{took:?}");
}

async fn an_idle_connection_lasts_the_idle_timeout_but_a_stalled_next_head_only_the_header_timeout(
    backend: Backend,
) {
    let header = Duration::from_millis(400);
    let idle = Duration::from_millis(1500);
    let server = Running::start(backend, limits(header, idle)).await;
    let request = b"GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n";

    // Idle after a request: open well past the header timeout, closed after the idle one.
    let mut idle_conn = TcpStream::connect(server.addr).await.unwrap();
    idle_conn.write_all(request).await.unwrap();
    assert_eq!(status_of(&read_response(&mut idle_conn).await), 200);
    let lasted = closed_within(&mut idle_conn, idle + MARGIN).await;
    assert!(lasted >= idle - Duration::from_millis(100), "{lasted:?}");

    // Keep-alive works meanwhile: a second request on the same connection.
    let mut conn = TcpStream::connect(server.addr).await.unwrap();
    conn.write_all(request).await.unwrap();
    assert_eq!(status_of(&read_response(&mut conn).await), 200);
    tokio::time::sleep(header * 2).await;
    conn.write_all(request).await.unwrap();
    assert_eq!(status_of(&read_response(&mut conn).await), 200);
    // Half of the next head, then nothing: cut at the header timeout.
    conn.write_all(b"GET /api/health HTTP/1.1\r\nHo")
        .await
        .unwrap();
    let lasted = closed_within(&mut conn, idle).await;
    assert!(lasted >= header - Duration::from_millis(100), "{lasted:?}");
}

async fn a_client_that_stops_reading_is_cut_at_the_write_timeout_and_frees_its_place(
    backend: Backend,
) {
    let write = Duration::from_secs(1);
    let limits = Limits {
        write_timeout: write.into(),
        max_connections: 2,
        ..limits(Duration::from_secs(5), Duration::from_secs(30))
    };
    let server = Running::start(backend, limits).await;
    let addr = server.addr;
    // Far more than the kernel buffers for one connection (at most 4 MiB to
    // send here, a few KiB to receive there).
    const BIG: usize = 16 << 20;
    let file = server._fixture.state.dist.join("groot.bin");
    std::fs::write(file, vec![0u8; BIG]).unwrap();

    // A client with a tiny receive window asks for the file and reads nothing.
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut slow = socket.connect(addr).await.unwrap();
    slow.write_all(b"GET /groot.bin HTTP/1.1\r\nHost: test\r\n\r\n")
        .await
        .unwrap();
    let asked = Instant::now();

    // Meanwhile health answers, on the other place.
    for _ in 0..3 {
        let started = Instant::now();
        let (status, body) = get(addr, "/api/health").await;
        assert_eq!(status, 200, "{body}");
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "health was slow"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // With that place held, the next connection waits for the slow reader's.
    let request = b"GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n";
    let mut holder = TcpStream::connect(addr).await.unwrap();
    holder.write_all(request).await.unwrap();
    assert_eq!(status_of(&read_response(&mut holder).await), 200);
    let mut next = TcpStream::connect(addr).await.unwrap();
    next.write_all(request).await.unwrap();
    let answer = tokio::time::timeout(write + MARGIN, read_response(&mut next))
        .await
        .expect("served once the slow reader was cut");
    let freed = asked.elapsed();
    assert_eq!(status_of(&answer), 200, "{answer}");
    assert!(freed >= write - Duration::from_millis(100), "{freed:?}");
    assert!(freed <= write + MARGIN, "{freed:?}");

    // The slow reader got what the kernel had buffered, then the end: never the whole file.
    let mut got = 0usize;
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        match tokio::time::timeout(MARGIN, slow.read(&mut chunk)).await {
            Err(_) => panic!("still open after the write timeout ({got} bytes read)"),
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => got += n,
        }
    }
    assert!(got < BIG, "{got} bytes: the whole file went out");
    drop(holder);
    assert_eq!(get(addr, "/api/health").await.0, 200);
}

async fn connections_over_the_cap_wait_until_one_closes(backend: Backend) {
    let limits = Limits {
        max_connections: 2,
        ..limits(Duration::from_secs(10), Duration::from_secs(30))
    };
    let server = Running::start(backend, limits).await;
    let request = b"GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n";
    let mut first = TcpStream::connect(server.addr).await.unwrap();
    first.write_all(request).await.unwrap();
    assert_eq!(status_of(&read_response(&mut first).await), 200);
    let mut second = TcpStream::connect(server.addr).await.unwrap();
    second.write_all(request).await.unwrap();
    assert_eq!(status_of(&read_response(&mut second).await), 200);
    // A third connects (the kernel queues it) but is not served yet.
    let mut third = TcpStream::connect(server.addr).await.unwrap();
    third.write_all(request).await.unwrap();
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(400), third.read(&mut byte)).await;
    assert!(early.is_err(), "served over the cap: {early:?}");
    drop(first);
    let started = Instant::now();
    let answer = tokio::time::timeout(MARGIN, async {
        let mut chunk = [0u8; 64];
        let n = third.read(&mut chunk).await.unwrap();
        String::from_utf8_lossy(&chunk[..n]).into_owned()
    })
    .await
    .expect("served once a connection closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() < MARGIN);
    drop(second);
}

async fn a_client_over_its_share_of_connections_is_closed_while_others_get_in(backend: Backend) {
    let header = Duration::from_secs(1);
    let limits = Limits {
        max_connections_per_client: 4,
        trusted_proxies: vec!["127.0.0.3".parse().unwrap()],
        ..limits(header, Duration::from_secs(30))
    };
    let server = Running::start(backend, limits).await;
    let addr = server.addr;
    let mut mine = Vec::new();
    for _ in 0..4 {
        mine.push(
            served_from("127.0.0.1", addr)
                .await
                .expect("within the share"),
        );
    }
    // A fifth from the same address is closed at once, unanswered.
    let started = Instant::now();
    assert!(
        served_from("127.0.0.1", addr).await.is_none(),
        "over the share"
    );
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "not at once"
    );
    // Another client still gets in, and a trusted proxy (many users) has no cap.
    let other = served_from("127.0.0.2", addr).await;
    assert!(other.is_some(), "another client");
    let mut proxied = Vec::new();
    for _ in 0..6 {
        proxied.push(served_from("127.0.0.3", addr).await.expect("a proxy"));
    }
    assert!(served_from("127.0.0.1", addr).await.is_none(), "still over");

    // The client closes one: its next one gets in (the server sees the close
    // a moment later; bounded retries).
    drop(mine.pop());
    let mut again = None;
    for _ in 0..40 {
        again = served_from("127.0.0.1", addr).await;
        if again.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    mine.push(again.expect("in again after one of its own closed"));
    assert!(served_from("127.0.0.1", addr).await.is_none(), "full again");

    // One the server closes (it stalls in its next head) gives its place back too.
    let mut stalled = mine.pop().unwrap();
    stalled
        .write_all(b"GET /api/health HTTP/1.1\r\nHo")
        .await
        .unwrap();
    closed_within(&mut stalled, header + MARGIN).await;
    let mut after = None;
    for _ in 0..40 {
        after = served_from("127.0.0.1", addr).await;
        if after.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(after.is_some(), "in again after the server closed one");
    drop((mine, other, proxied, after));
}

async fn on_shutdown_idle_connections_close_and_a_stalled_one_does_not_hold_it_up(
    backend: Backend,
) {
    let header = Duration::from_millis(800);
    let mut server = Running::start(backend, limits(header, Duration::from_secs(30))).await;
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(status_of(&read_response(&mut idle).await), 200);
    let mut stalled = TcpStream::connect(server.addr).await.unwrap();
    stalled.write_all(b"GET /api/he").await.unwrap();
    let addr = server.addr;
    let took = server.stop(header + MARGIN).await;
    assert!(took <= header + MARGIN, "{took:?}");
    closed_within(&mut idle, Duration::from_millis(500)).await;
    closed_within(&mut stalled, Duration::from_millis(500)).await;
    // No longer accepting.
    let after = TcpStream::connect(addr).await;
    if let Ok(mut conn) = after {
        let _ = conn
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n")
            .await;
        closed_within(&mut conn, Duration::from_millis(500)).await;
    }
}
