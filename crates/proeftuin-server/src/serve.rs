//! How requests reach the app: [`serve`] accepts connections and speaks
//! HTTP/1.1 on them with hyper, and two request layers bound what a request
//! may take ([`limit_requests`], [`body_deadline`]). Every bound comes from
//! [`Limits`]:
//!
//! - **Connections**: at most `max_connections` open at once; the next one is
//!   accepted when another closes (until then it waits in the kernel's queue).
//! - **Connections per client**: at most `max_connections_per_client` of them
//!   from one client: its TCP peer address, IPv6 by /64 as for the other
//!   per-client limits ([`ClientKey`]). A trusted proxy (`--trusted-proxy`)
//!   has no such cap: its connections carry many users. A connection beyond
//!   the client's share is closed at once, unanswered, and takes no place of
//!   the server's; other clients still get in, and the client's next one
//!   gets in as soon as one of its own closes. Closed rather than answered
//!   503 `busy`: an answer means reading the request head first, so every
//!   connection over the share would hold a task and a place for up to the
//!   header timeout, the very thing the cap bounds; a connection closed at
//!   accept costs nothing. A browser or the app sees a network error and
//!   tries again later (the app keeps its work on the device meanwhile). The
//!   start of a client's refusals is logged once, as the security event
//!   `connection_cap_reached`.
//! - **Request head**: a new connection must send its first request head
//!   within `header_timeout`, and a later head must be complete within
//!   `header_timeout` of its first byte; a client that stalls is disconnected.
//! - **Idle keep-alive**: a connection with no request for `idle_timeout` is
//!   closed (hyper's header-read timer, which starts when a connection goes
//!   idle, set to this longer time; the head timeout above is our own watch).
//! - **Request body**: it must arrive within `request_timeout` after its head,
//!   else 408 `timeout` (a body that trickles in holds a slot no longer).
//! - **Response writes**: a write that makes no progress for `write_timeout`
//!   (the client stopped reading, or reads nothing: its receive window stays
//!   shut) closes the connection and frees its place. The clock runs from the
//!   first write the socket refused and restarts with every byte it takes, so
//!   a slow but moving download is not cut (watched per connection, like the
//!   head timeout: [`Activity`]).
//! - **Requests in flight**: at most `max_requests`; more get 503 `busy` with
//!   `Retry-After` at once, never a wait without end.
//! - **Shutdown**: on the signal, no new connections; open ones finish their
//!   request and close, for at most `shutdown_grace`.
//!
//! Handlers see the peer as [`ConnectInfo<SocketAddr>`], as with
//! `axum::serve(..., into_make_service_with_connect_info)`.

use std::collections::HashMap;
use std::error::Error as _;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{HeaderValue, CONNECTION};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::{Body as _, Incoming};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::Service;

use crate::api::limits::ClientKey;
use crate::config::Limits;
use crate::error::{ApiError, ErrorCode};
use crate::AppState;

/// Serves `app` on `listener` with the bounds of `limits` until `shutdown`
/// completes, then lets open connections finish (see the module docs).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .keep_alive(true)
        // Hyper's timer runs from the moment a connection waits for a head: on
        // an idle keep-alive connection that is the idle time. The shorter
        // head timeout is watched per connection ([`Activity`]).
        .header_read_timeout(limits.idle_timeout.get().max(limits.header_timeout.get()));
    let timeouts = Timeouts {
        header: limits.header_timeout.get(),
        write: limits.write_timeout.get(),
    };
    let clients = Arc::new(PerClient::new(limits.max_connections_per_client));
    // A place not used by the last accept (it failed, or was over its client's share).
    let mut spare = None;
    tokio::pin!(shutdown);
    loop {
        while connections.try_join_next().is_some() {}
        let permit = match spare.take() {
            Some(permit) => permit,
            None => tokio::select! {
                permit = permits.clone().acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
                () = &mut shutdown => break,
            },
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    spare = Some(permit);
                    accept_failed(error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let client = if limits.is_trusted_proxy(peer.ip()) {
            None
        } else {
            let key = ClientKey::from_ip(peer.ip());
            match clients.admit(key) {
                Ok(place) => Some(place),
                Err(first) => {
                    if first {
                        tracing::warn!(
                            target: "security",
                            event = "connection_cap_reached",
                            client = %key,
                            max_connections_per_client = clients.cap,
                            "one client has its share of connections; its next ones are closed at once"
                        );
                    }
                    drop(stream);
                    spare = Some(permit);
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        connections.spawn(connection(
            stream,
            peer,
            app.clone(),
            builder.clone(),
            timeouts,
            stopping.clone(),
            Place {
                _server: permit,
                _client: client,
            },
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    while connections.try_join_next().is_some() {}
    let open = connections.len();
    if open > 0 {
        tracing::info!(connections = open, "waiting for open connections");
    }
    let drained = tokio::time::timeout(limits.shutdown_grace.get(), async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = connections.len(),
            "connections still open after the shutdown grace; closing them"
        );
        connections.shutdown().await;
    }
    Ok(())
}

/// An accept error: per-connection ones (the peer gave up) are ignored; for
/// the others (out of file descriptors) the loop pauses a moment.
async fn accept_failed(error: io::Error) {
    use io::ErrorKind::*;
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted
    ) {
        return;
    }
    tracing::warn!(%error, "cannot accept a connection; pausing");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// What an open connection holds until it ends, however it ends: a place of
/// the server's and, unless it comes from a trusted proxy, one of its client's.
struct Place {
    _server: OwnedSemaphorePermit,
    _client: Option<ClientPlace>,
}

/// The open connections of each client, for `max_connections_per_client`.
/// Only clients with a connection open have an entry, so there are at most
/// `max_connections` of them.
struct PerClient {
    cap: usize,
    open: Mutex<HashMap<ClientKey, Open>>,
}

#[derive(Debug, Default)]
struct Open {
    connections: usize,
    /// A connection was refused since the count was last below the cap.
    refusing: bool,
}

impl PerClient {
    fn new(cap: usize) -> Self {
        Self {
            cap: cap.max(1),
            open: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ClientKey, Open>> {
        // Only counters: after a panic elsewhere they are still right.
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for one more connection of `client`; `Err(true)` for the first
    /// refusal since it was below its share, `Err(false)` for a later one.
    fn admit(self: &Arc<Self>, client: ClientKey) -> Result<ClientPlace, bool> {
        let mut open = self.lock();
        let entry = open.entry(client).or_default();
        if entry.connections >= self.cap {
            return Err(!std::mem::replace(&mut entry.refusing, true));
        }
        entry.connections += 1;
        Ok(ClientPlace {
            clients: self.clone(),
            client,
        })
    }

    #[cfg(test)]
    fn clients(&self) -> usize {
        self.lock().len()
    }
}

/// One connection's place in its client's share, given back on drop (the
/// connection's task ending, aborted or unwinding alike).
struct ClientPlace {
    clients: Arc<PerClient>,
    client: ClientKey,
}

impl Drop for ClientPlace {
    fn drop(&mut self) {
        let mut open = self.clients.lock();
        if let Some(entry) = open.get_mut(&self.client) {
            entry.connections = entry.connections.saturating_sub(1);
            entry.refusing = false;
            if entry.connections == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// The timeouts a connection watches itself (hyper's own idle timer aside).
#[derive(Debug, Clone, Copy)]
struct Timeouts {
    /// For a request head, from its first byte.
    header: Duration,
    /// For a response write that makes no progress.
    write: Duration,
}

/// One connection, until it closes, stalls in a request head or in writing
/// its response, or the server stops.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    builder: http1::Builder,
    timeouts: Timeouts,
    mut stopping: watch::Receiver<bool>,
    _place: Place,
) {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let service = {
        let activity = activity.clone();
        hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            let in_flight = activity.request_started();
            let answer = app.clone().call(req);
            async move {
                let res = answer.await;
                drop(in_flight);
                res
            }
        })
    };
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let mut closing = false;
    // The watch looks at least this often, so a stall that starts meanwhile
    // is seen in time to be cut at its own deadline.
    let every = timeouts.header.min(timeouts.write);
    loop {
        let check_at = [
            activity.head_deadline(timeouts.header),
            activity.write_deadline(timeouts.write),
        ]
        .into_iter()
        .flatten()
        .fold(Instant::now() + every, Instant::min);
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(error) = done {
                    tracing::debug!(%error, "connection ended with an error");
                }
                return;
            }
            () = tokio::time::sleep_until(check_at) => {
                let now = Instant::now();
                if activity.head_deadline(timeouts.header).is_some_and(|at| at <= now) {
                    tracing::debug!("closing a connection that stalled in a request head");
                    return;
                }
                if activity.write_deadline(timeouts.write).is_some_and(|at| at <= now) {
                    tracing::debug!("closing a connection whose client stopped reading");
                    return;
                }
            }
            _ = stopping.changed(), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// What a connection is doing, for the head and write timeouts: requests
/// being handled, since when a request head has been arriving, and since when
/// a write has been waiting for the client to read.
struct Activity {
    start: Instant,
    in_flight: AtomicUsize,
    /// Milliseconds from `start` to the first byte of the head being read, or
    /// [`NO_HEAD`]. A new connection starts "in a head": it has to send one.
    head_since: AtomicU64,
    /// Milliseconds from `start` to the first write the socket refused since
    /// it last took a byte, or [`NOT_BLOCKED`].
    blocked_since: AtomicU64,
}

const NO_HEAD: u64 = u64::MAX;
const NOT_BLOCKED: u64 = u64::MAX;

impl Activity {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            in_flight: AtomicUsize::new(0),
            head_since: AtomicU64::new(0),
            blocked_since: AtomicU64::new(NOT_BLOCKED),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(NO_HEAD - 1)
    }

    /// A head is complete and its request handled; the guard ends it.
    fn request_started(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        self.head_since.store(NO_HEAD, Ordering::SeqCst);
        InFlight(self.clone())
    }

    /// Bytes came in: with no request in flight they start the next head.
    fn bytes_read(&self) {
        if self.in_flight.load(Ordering::Relaxed) == 0
            && self.head_since.load(Ordering::Relaxed) == NO_HEAD
        {
            let _ = self.head_since.compare_exchange(
                NO_HEAD,
                self.now_ms(),
                Ordering::SeqCst,
                Ordering::Relaxed,
            );
        }
    }

    /// When the head now arriving must be complete; `None` while a request
    /// is in flight or no head has started.
    fn head_deadline(&self, header_timeout: Duration) -> Option<Instant> {
        if self.in_flight.load(Ordering::SeqCst) > 0 {
            return None;
        }
        match self.head_since.load(Ordering::SeqCst) {
            NO_HEAD => None,
            ms => Some(self.start + Duration::from_millis(ms) + header_timeout),
        }
    }

    /// A write found the socket full (the client's window is shut): the
    /// write clock starts, unless it runs already.
    fn write_blocked(&self) {
        if self.blocked_since.load(Ordering::Relaxed) == NOT_BLOCKED {
            let _ = self.blocked_since.compare_exchange(
                NOT_BLOCKED,
                self.now_ms(),
                Ordering::SeqCst,
                Ordering::Relaxed,
            );
        }
    }

    /// The socket took bytes: the write clock stops.
    fn bytes_written(&self) {
        if self.blocked_since.load(Ordering::Relaxed) != NOT_BLOCKED {
            self.blocked_since.store(NOT_BLOCKED, Ordering::SeqCst);
        }
    }

    /// When the blocked write must have made progress; `None` while nothing waits.
    fn write_deadline(&self, write_timeout: Duration) -> Option<Instant> {
        match self.blocked_since.load(Ordering::SeqCst) {
            NOT_BLOCKED => None,
            ms => Some(self.start + Duration::from_millis(ms) + write_timeout),
        }
    }
}

struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The TCP stream, telling [`Activity`] when bytes come in and when a write
/// waits for the client or goes ahead.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl Watched {
    fn wrote(&self, polled: Poll<io::Result<usize>>) -> Poll<io::Result<usize>> {
        match &polled {
            Poll::Pending => self.activity.write_blocked(),
            Poll::Ready(Ok(n)) if *n > 0 => self.activity.bytes_written(),
            Poll::Ready(_) => {}
        }
        polled
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.bytes_read();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.wrote(polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.wrote(polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Middleware: at most `max_requests` requests are handled at once; one more
/// gets 503 `busy` with `Retry-After` at once.
pub async fn limit_requests(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Ok(_permit) = state.requests.try_acquire() else {
        return ApiError::busy().into_response();
    };
    next.run(req).await
}

/// Middleware (inside the body size limit): a request body must arrive
/// within `request_timeout`, else 408 `timeout` and the connection closes.
/// The body is read here, so a handler never waits for a slow client.
pub async fn body_deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.body().is_end_stream() {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let read = tokio::time::timeout(state.limits.request_timeout.get(), body.collect()).await;
    let bytes = match read {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(error)) if is_too_large(&error) => {
            return ApiError::for_status(axum::http::StatusCode::PAYLOAD_TOO_LARGE).into_response()
        }
        Ok(Err(_)) => {
            return ApiError::for_status(axum::http::StatusCode::BAD_REQUEST).into_response()
        }
        Err(_) => {
            let (code, message) = ErrorCode::for_status(408);
            return ApiError::new(code, message)
                .with_header(CONNECTION, HeaderValue::from_static("close"))
                .into_response();
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn is_too_large(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(error) = cause {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = error.source();
    }
    false
}

/// `Semaphore` for [`limit_requests`], sized from `limits`.
pub fn request_slots(limits: &Limits) -> Arc<Semaphore> {
    Arc::new(Semaphore::new(limits.max_requests))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_head_is_timed_from_its_first_byte_and_not_while_a_request_runs() {
        let activity = Arc::new(Activity::new());
        let t = Duration::from_secs(10);
        let first = activity
            .head_deadline(t)
            .expect("a new connection owes a head");
        assert!(first <= activity.start + t);
        let running = activity.request_started();
        assert_eq!(activity.head_deadline(t), None);
        activity.bytes_read(); // the body
        assert_eq!(activity.head_deadline(t), None);
        drop(running);
        assert_eq!(activity.head_deadline(t), None, "idle: hyper's idle timer");
        tokio::time::sleep(Duration::from_millis(5)).await;
        activity.bytes_read();
        let next = activity.head_deadline(t).expect("the next head started");
        assert!(next > first);
    }

    #[test]
    fn a_client_gets_its_share_of_places_and_each_closed_one_back() {
        let clients = Arc::new(PerClient::new(2));
        let one = ClientKey::from_ip("192.0.2.1".parse().unwrap());
        let other = ClientKey::from_ip("192.0.2.2".parse().unwrap());
        let a = clients.admit(one).unwrap();
        let b = clients.admit(one).unwrap();
        assert_eq!(clients.admit(one).err(), Some(true), "the first refusal");
        assert_eq!(clients.admit(one).err(), Some(false), "logged once");
        let c = clients.admit(other).expect("another client gets in");
        drop(a);
        let a = clients.admit(one).expect("a closed one's place is free");
        assert_eq!(clients.admit(one).err(), Some(true), "a new streak");
        drop((a, b, c));
        assert_eq!(clients.clients(), 0, "no entry without a connection");
    }

    #[tokio::test]
    async fn a_write_is_timed_from_its_first_refusal_until_bytes_go_out() {
        let activity = Activity::new();
        let t = Duration::from_secs(10);
        assert_eq!(activity.write_deadline(t), None, "nothing waits yet");
        activity.write_blocked();
        let first = activity.write_deadline(t).expect("a write waits");
        tokio::time::sleep(Duration::from_millis(5)).await;
        activity.write_blocked();
        assert_eq!(
            activity.write_deadline(t),
            Some(first),
            "from the first refusal"
        );
        activity.bytes_written();
        assert_eq!(activity.write_deadline(t), None, "progress stops the clock");
        activity.write_blocked();
        assert!(activity.write_deadline(t).unwrap() > first);
    }
}
