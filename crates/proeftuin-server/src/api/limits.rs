//! Per-client limits: the window of wrong secrets ([`AttemptLimiter`]) and
//! the creation rate ([`CreationLimiter`]), both in memory and bounded.
//!
//! # Who is a client
//! A [`ClientKey`] is an IP address (IPv6 by its /64 prefix, so one host
//! cannot rotate through its own addresses). [`crate::security::identify_client`]
//! works it out once per request: the peer address, or, when the peer is a
//! trusted reverse proxy (`--trusted-proxy`), the right-most forwarded address
//! that is not itself a trusted proxy. Without connection info (tests with
//! `oneshot`) every request is the one [`ClientKey::Unknown`] client.
//!
//! # Wrong secrets
//! After [`MAX_FAILURES`] failed secret checks within [`WINDOW`] a client gets
//! 429 `too_many_attempts` with `Retry-After` until the oldest failure leaves
//! the window (a sliding window: at most 10 guesses a minute).
//!
//! - Check and count are one step: a check reserves one of the client's
//!   remaining failures before the secret is looked up ([`AttemptLimiter::begin`]),
//!   so 50 wrong guesses sent at once still give at most 10 × 404 and the rest
//!   429. A right secret gives its reservation back; an honest client with more
//!   requests in flight than it has failures left waits a moment for one to end.
//! - Retries are no guesses: a failure counts once per window for a
//!   (client, proeftuin id, secret) triple. The app's autosave to a deleted
//!   proeftuin and the assessor page's retry send the same secret again and
//!   again; a guesser has to vary it.
//! - Memory is bounded: at most [`MAX_FAILURES`] fingerprints per client and
//!   [`MAX_CLIENTS`] clients (plus those with a check in flight); when full,
//!   expired clients go first, then the client whose last failure is oldest.
//!
//! # Creations
//! Creating proeftuinen, links and rounds takes a token from the client's
//! bucket ([`limit_creations`]): `--create-burst` tokens at most, refilled at
//! `--create-per-hour`. An empty bucket answers 429 `too_many_requests` with
//! `Retry-After` (the time until the next token), before anything is stored.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::fmt;
use std::hash::BuildHasher;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{HeaderValue, RETRY_AFTER};
use axum::http::request::Parts;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Notify;

use crate::error::{ApiError, ErrorCode};
use crate::security;
use crate::AppState;

/// Failures allowed within [`WINDOW`] before a client must wait.
pub const MAX_FAILURES: usize = 10;
/// Length of the sliding window.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Most clients remembered at once.
pub const MAX_CLIENTS: usize = 10_000;
/// Longest a secret check waits for the client's other checks in flight.
pub const MAX_WAIT: Duration = Duration::from_secs(5);

/// Who is asking, for the per-client limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientKey {
    /// An IPv4 address, or an IPv6 address cut to its /64 prefix.
    Ip(IpAddr),
    /// No connection info (in-process tests): one shared client.
    Unknown,
}

impl ClientKey {
    /// The key for a client address.
    pub fn from_ip(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(v4) => ClientKey::Ip(IpAddr::V4(v4)),
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                ClientKey::Ip(IpAddr::V6(Ipv6Addr::from(prefix)))
            }
        }
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientKey::Ip(IpAddr::V6(v6)) => write!(f, "{v6}/64"),
            ClientKey::Ip(ip) => write!(f, "{ip}"),
            ClientKey::Unknown => f.write_str("unknown"),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientKey {
    type Rejection = Infallible;

    /// The key [`crate::security::identify_client`] put on the request, else
    /// the peer address, else [`ClientKey::Unknown`].
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(key) = parts.extensions.get::<ClientKey>() {
            return Ok(*key);
        }
        Ok(
            match ConnectInfo::<SocketAddr>::from_request_parts(parts, state).await {
                Ok(ConnectInfo(addr)) => ClientKey::from_ip(addr.ip()),
                Err(_) => ClientKey::Unknown,
            },
        )
    }
}

/// Seconds for a `Retry-After` header: rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

// ---------------------------------------------------------------------------------------------
// Wrong secrets
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Failures {
    /// When each counted failure happened, with the fingerprint of its
    /// (proeftuin id, secret): oldest first.
    recent: VecDeque<(Instant, u64)>,
    /// Checks that reserved a failure and are still looking up their secret.
    in_flight: usize,
}

impl Failures {
    fn prune(&mut self, now: Instant) {
        while self
            .recent
            .front()
            .is_some_and(|(t, _)| now.saturating_duration_since(*t) >= WINDOW)
        {
            self.recent.pop_front();
        }
    }

    fn blocked_for(&self, now: Instant) -> Option<Duration> {
        if self.recent.len() < MAX_FAILURES {
            return None;
        }
        let (oldest, _) = *self.recent.front()?;
        Some((oldest + WINDOW).saturating_duration_since(now))
    }

    fn knows(&self, fingerprint: u64) -> bool {
        self.recent.iter().any(|(_, f)| *f == fingerprint)
    }

    fn is_idle(&self) -> bool {
        self.recent.is_empty() && self.in_flight == 0
    }
}

/// Why a secret check may not go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many recent failures: wait this long.
    Blocked(Duration),
    /// The client's other checks did not end in time ([`MAX_WAIT`]).
    Busy,
}

/// The failure windows of all clients (shared by all requests through `AppState`).
#[derive(Debug)]
pub struct AttemptLimiter {
    clients: Mutex<HashMap<ClientKey, Failures>>,
    max_clients: usize,
    /// Keys the fingerprints, so they say nothing outside this process.
    hasher: RandomState,
    /// Woken when a reservation is given back, for checks that wait.
    released: Notify,
    waiting: AtomicUsize,
}

impl Default for AttemptLimiter {
    fn default() -> Self {
        Self::new(MAX_CLIENTS)
    }
}

impl AttemptLimiter {
    /// A limiter that remembers at most `max_clients` clients.
    pub fn new(max_clients: usize) -> Self {
        Self {
            clients: Mutex::new(HashMap::new()),
            max_clients: max_clients.max(1),
            hasher: RandomState::new(),
            released: Notify::new(),
            waiting: AtomicUsize::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<ClientKey, Failures>> {
        // The map holds only counters: after a panic elsewhere it is still usable.
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fingerprint of a check of `secret` (or none) for proeftuin `id`:
    /// the same pair gives the same number within this process.
    pub fn fingerprint(&self, id: &str, secret: Option<&str>) -> u64 {
        self.hasher.hash_one((id, secret.unwrap_or_default()))
    }

    /// How long `client` must still wait, or `None` when it may try.
    pub fn retry_after(&self, client: ClientKey, now: Instant) -> Option<Duration> {
        let mut clients = self.lock();
        let failures = clients.get_mut(&client)?;
        failures.prune(now);
        let wait = failures.blocked_for(now);
        if failures.is_idle() {
            clients.remove(&client);
        }
        wait
    }

    /// One step of [`Self::begin`]: `Ok(Some(_))` when the check may go ahead
    /// (its failure is reserved), `Ok(None)` when it has to wait for the
    /// client's other checks, `Err` while the client is blocked.
    pub fn try_begin(
        &self,
        client: ClientKey,
        fingerprint: u64,
        now: Instant,
    ) -> Result<Option<Attempt<'_>>, Duration> {
        let mut clients = self.lock();
        if let Some(failures) = clients.get_mut(&client) {
            failures.prune(now);
            if let Some(wait) = failures.blocked_for(now) {
                return Err(wait);
            }
            if failures.knows(fingerprint) {
                // A retry of a failure already counted: it cannot count again.
                return Ok(Some(Attempt::new(self, client, fingerprint, false)));
            }
            if failures.recent.len() + failures.in_flight >= MAX_FAILURES {
                return Ok(None);
            }
        } else {
            self.make_room(&mut clients, now);
        }
        clients.entry(client).or_default().in_flight += 1;
        Ok(Some(Attempt::new(self, client, fingerprint, true)))
    }

    /// Starts a secret check of `client` (see [`Self::fingerprint`]): blocked
    /// clients are refused, and a check waits while the client's checks in
    /// flight could use up its remaining failures.
    pub async fn begin(&self, client: ClientKey, fingerprint: u64) -> Result<Attempt<'_>, Refusal> {
        let deadline = tokio::time::Instant::now() + MAX_WAIT;
        // Counted before the first look, so a reservation given back in between wakes us.
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let _waiting = Waiting(&self.waiting);
        loop {
            let released = self.released.notified();
            tokio::pin!(released);
            released.as_mut().enable();
            match self.try_begin(client, fingerprint, Instant::now()) {
                Ok(Some(attempt)) => return Ok(attempt),
                Err(wait) => return Err(Refusal::Blocked(wait)),
                Ok(None) => {
                    if tokio::time::timeout_at(deadline, released).await.is_err() {
                        return Err(Refusal::Busy);
                    }
                }
            }
        }
    }

    /// Makes room for one more client: expired clients go first, then the
    /// one whose last failure is oldest (never one with a check in flight).
    fn make_room(&self, clients: &mut HashMap<ClientKey, Failures>, now: Instant) {
        if clients.len() < self.max_clients {
            return;
        }
        clients.retain(|_, failures| {
            failures.prune(now);
            !failures.is_idle()
        });
        if clients.len() >= self.max_clients {
            let stalest = clients
                .iter()
                .filter(|(_, f)| f.in_flight == 0)
                .min_by_key(|(_, f)| f.recent.back().map(|(t, _)| *t))
                .map(|(key, _)| *key);
            if let Some(key) = stalest {
                clients.remove(&key);
            }
        }
    }

    /// Remembers one failed secret check of `client` right away (without a
    /// reservation); true when this failure blocks the client.
    pub fn record_failure(&self, client: ClientKey, fingerprint: u64, now: Instant) -> bool {
        let mut clients = self.lock();
        if !clients.contains_key(&client) {
            self.make_room(&mut clients, now);
        }
        let failures = clients.entry(client).or_default();
        count(failures, fingerprint, now)
    }

    fn finish(&self, client: ClientKey, fingerprint: u64, reserved: bool, failed: bool) -> bool {
        let now = Instant::now();
        let blocked = {
            let mut clients = self.lock();
            let Some(failures) = clients.get_mut(&client) else {
                return false;
            };
            if reserved {
                failures.in_flight = failures.in_flight.saturating_sub(1);
            }
            failures.prune(now);
            let blocked = failed && count(failures, fingerprint, now);
            if failures.is_idle() {
                clients.remove(&client);
            }
            blocked
        };
        if reserved && self.waiting.load(Ordering::SeqCst) > 0 {
            self.released.notify_waiters();
        }
        blocked
    }

    /// Number of clients remembered (for tests and metrics).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no client has recent failures on record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Counts a failure unless the same one is counted already; true when the
/// client has just reached the limit.
fn count(failures: &mut Failures, fingerprint: u64, now: Instant) -> bool {
    if failures.knows(fingerprint) {
        return false;
    }
    let was_blocked = failures.recent.len() >= MAX_FAILURES;
    failures.recent.push_back((now, fingerprint));
    while failures.recent.len() > MAX_FAILURES {
        failures.recent.pop_front();
    }
    !was_blocked && failures.recent.len() >= MAX_FAILURES
}

struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A secret check in progress; say how it ended with [`Attempt::succeeded`]
/// or [`Attempt::failed`]. Dropped without either (the request was
/// cancelled, the database failed) it gives its reservation back uncounted.
#[must_use = "say whether the secret was right"]
#[derive(Debug)]
pub struct Attempt<'a> {
    limiter: &'a AttemptLimiter,
    client: ClientKey,
    fingerprint: u64,
    reserved: bool,
    open: bool,
}

impl<'a> Attempt<'a> {
    fn new(
        limiter: &'a AttemptLimiter,
        client: ClientKey,
        fingerprint: u64,
        reserved: bool,
    ) -> Self {
        Self {
            limiter,
            client,
            fingerprint,
            reserved,
            open: true,
        }
    }

    /// The secret was right: nothing is counted.
    pub fn succeeded(mut self) {
        self.open = false;
        self.limiter
            .finish(self.client, self.fingerprint, self.reserved, false);
    }

    /// The secret was wrong: counted (once per window for the same secret
    /// and id); true when this failure blocks the client.
    pub fn failed(mut self) -> bool {
        self.open = false;
        self.limiter
            .finish(self.client, self.fingerprint, self.reserved, true)
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if self.open {
            self.limiter
                .finish(self.client, self.fingerprint, self.reserved, false);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Creations
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
    /// Refused since its last creation (the refusal was logged once).
    refusing: bool,
}

/// A refused creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Time until the client may create again.
    pub wait: Duration,
    /// True for the first refusal after a creation (the one to log).
    pub first: bool,
}

/// Token buckets of all clients for creations (proeftuinen, links, rounds).
#[derive(Debug)]
pub struct CreationLimiter {
    buckets: Mutex<HashMap<ClientKey, Bucket>>,
    burst: f64,
    per_second: f64,
    max_clients: usize,
}

impl CreationLimiter {
    /// At most `burst` creations at once, refilled at `per_hour`.
    pub fn new(burst: u32, per_hour: u32) -> Self {
        Self {
            buckets: Mutex::new(HashMap::new()),
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_hour.max(1)) / 3600.0,
            max_clients: MAX_CLIENTS,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<ClientKey, Bucket>> {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn refill(&self, bucket: &mut Bucket, now: Instant) {
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.at = now;
    }

    /// Takes one creation for `client`, or says how long it must wait.
    pub fn take(&self, client: ClientKey, now: Instant) -> Result<(), Refused> {
        let mut buckets = self.lock();
        if !buckets.contains_key(&client) && buckets.len() >= self.max_clients {
            // Full buckets hold nothing worth remembering; then the longest unused goes.
            buckets.retain(|_, b| {
                let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
                b.tokens + elapsed * self.per_second < self.burst
            });
            if buckets.len() >= self.max_clients {
                let stalest = buckets.iter().min_by_key(|(_, b)| b.at).map(|(k, _)| *k);
                if let Some(key) = stalest {
                    buckets.remove(&key);
                }
            }
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.burst,
            at: now,
            refusing: false,
        });
        self.refill(bucket, now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            bucket.refusing = false;
            return Ok(());
        }
        let wait = Duration::from_secs_f64((1.0 - bucket.tokens) / self.per_second);
        let first = !bucket.refusing;
        bucket.refusing = true;
        Err(Refused { wait, first })
    }

    /// Number of clients remembered.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no client is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Middleware for the routes that create something: a `POST` takes one
/// creation from the client's bucket, or gets 429 `too_many_requests`.
pub async fn limit_creations(
    State(state): State<AppState>,
    client: ClientKey,
    req: Request,
    next: Next,
) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    match state.creations.take(client, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(refused) => {
            let secs = retry_after_secs(refused.wait);
            if refused.first {
                tracing::warn!(
                    target: "security",
                    event = "creation_burst_refused",
                    request_id = security::request_id(req.headers()),
                    client = %client,
                    retry_after_s = secs,
                    "too many creations from one client"
                );
            }
            ApiError::new(
                ErrorCode::TooManyRequests,
                &format!(
                    "Er zijn vanaf dit adres in korte tijd te veel proeftuinen, links of rondes gemaakt. \
                     Probeer het over {} opnieuw; je werk op dit apparaat blijft bewaard.",
                    in_words(secs)
                ),
            )
            .with_header(RETRY_AFTER, HeaderValue::from(secs))
            .into_response()
        }
    }
}

/// "1 seconde", "40 seconden", "3 minuten": a wait in plain Dutch.
pub fn in_words(secs: u64) -> String {
    match secs {
        1 => "1 seconde".into(),
        s if s < 120 => format!("{s} seconden"),
        s => format!("{} minuten", s.div_ceil(60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> ClientKey {
        ClientKey::from_ip(IpAddr::from([10, 0, 0, n]))
    }

    fn fail(limiter: &AttemptLimiter, client: ClientKey, fingerprint: u64, now: Instant) -> bool {
        match limiter.try_begin(client, fingerprint, now) {
            Ok(Some(attempt)) => {
                attempt.failed();
                true
            }
            _ => false,
        }
    }

    #[test]
    fn ten_failures_within_a_minute_block_until_the_oldest_expires() {
        let limiter = AttemptLimiter::default();
        let start = Instant::now();
        for i in 0..MAX_FAILURES {
            assert_eq!(limiter.retry_after(ip(1), start), None);
            limiter.record_failure(ip(1), i as u64, start + Duration::from_secs(i as u64));
        }
        let now = start + Duration::from_secs(15);
        assert_eq!(
            limiter.retry_after(ip(1), now),
            Some(Duration::from_secs(45))
        );
        assert_eq!(limiter.retry_after(ip(2), now), None, "other clients");
        assert_eq!(limiter.retry_after(ip(1), start + WINDOW), None);
    }

    #[test]
    fn the_same_wrong_secret_for_the_same_id_counts_once_per_window() {
        let limiter = AttemptLimiter::default();
        let now = Instant::now();
        let retry = limiter.fingerprint("p-1", Some("old-secret"));
        for _ in 0..30 {
            assert!(
                fail(&limiter, ip(1), retry, now),
                "a retry is never blocked"
            );
        }
        assert_eq!(limiter.retry_after(ip(1), now), None);
        // The same secret for another proeftuin is another guess.
        assert_ne!(retry, limiter.fingerprint("p-2", Some("old-secret")));
        assert_ne!(retry, limiter.fingerprint("p-1", None));
        for n in 0..MAX_FAILURES - 1 {
            let guess = limiter.fingerprint("p-1", Some(&format!("guess-{n}")));
            assert!(fail(&limiter, ip(1), guess, now));
        }
        assert!(
            limiter.retry_after(ip(1), now).is_some(),
            "1 retry + 9 guesses"
        );
    }

    #[test]
    fn checks_in_flight_hold_the_remaining_failures() {
        let limiter = AttemptLimiter::default();
        let now = Instant::now();
        let attempts: Vec<_> = (0..MAX_FAILURES as u64)
            .map(|n| limiter.try_begin(ip(1), n, now).unwrap().unwrap())
            .collect();
        assert!(
            limiter.try_begin(ip(1), 99, now).unwrap().is_none(),
            "the eleventh has to wait"
        );
        assert!(
            limiter.try_begin(ip(2), 99, now).unwrap().is_some(),
            "others do not"
        );
        let mut attempts = attempts.into_iter();
        attempts.next().unwrap().succeeded();
        let next = limiter.try_begin(ip(1), 99, now).unwrap();
        assert!(next.is_some(), "a right secret gives its place back");
        drop(next);
        let blocked: Vec<bool> = attempts.map(|a| a.failed()).collect();
        assert_eq!(blocked.iter().filter(|b| **b).count(), 0, "9 failures");
        assert!(limiter.try_begin(ip(1), 100, now).unwrap().is_some());
    }

    #[tokio::test]
    async fn a_waiting_check_goes_ahead_when_another_ends_and_is_refused_once_blocked() {
        let limiter = std::sync::Arc::new(AttemptLimiter::default());
        let held: Vec<u64> = (0..MAX_FAILURES as u64).collect();
        for n in &held {
            let attempt = limiter
                .try_begin(ip(1), *n, Instant::now())
                .unwrap()
                .unwrap();
            // Detached from the borrow: finished by fingerprint below.
            std::mem::forget(attempt);
        }
        let waiter = {
            let limiter = limiter.clone();
            tokio::spawn(async move { limiter.begin(ip(1), 77).await.map(|a| a.failed()) })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            !waiter.is_finished(),
            "waits while the others are in flight"
        );
        for n in held {
            assert_eq!(limiter.finish(ip(1), n, true, true), n == 9);
        }
        assert_eq!(
            waiter
                .await
                .unwrap()
                .map_err(|r| matches!(r, Refusal::Blocked(_))),
            Err(true),
            "the ten failures block it"
        );
    }

    #[test]
    fn the_number_of_remembered_clients_is_bounded() {
        let limiter = AttemptLimiter::new(3);
        let now = Instant::now();
        for n in 0..50 {
            limiter.record_failure(ip(n), 1, now + Duration::from_millis(u64::from(n)));
        }
        assert_eq!(limiter.len(), 3);
        // The most recent clients are kept.
        limiter.record_failure(ip(49), 2, now + Duration::from_secs(1));
        assert_eq!(limiter.len(), 3);
        // Honest checks leave nothing behind.
        let limiter = AttemptLimiter::new(3);
        for n in 0..50 {
            limiter
                .try_begin(ip(n), 1, now)
                .unwrap()
                .unwrap()
                .succeeded();
        }
        assert!(limiter.is_empty());
    }

    #[test]
    fn ipv6_clients_are_grouped_by_their_64_bit_prefix() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(ClientKey::from_ip(a), ClientKey::from_ip(b));
        assert_ne!(ClientKey::from_ip(a), ClientKey::from_ip(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(ClientKey::from_ip(mapped), ip(1));
        assert_eq!(ClientKey::from_ip(a).to_string(), "2001:db8:1:2::/64");
    }

    #[test]
    fn a_bucket_allows_its_burst_then_refills_at_its_rate() {
        let limiter = CreationLimiter::new(5, 3600);
        let now = Instant::now();
        for _ in 0..5 {
            assert_eq!(limiter.take(ip(1), now), Ok(()));
        }
        let refused = limiter.take(ip(1), now).unwrap_err();
        assert!(refused.first);
        assert!(refused.wait <= Duration::from_secs(1), "{:?}", refused.wait);
        assert!(!limiter.take(ip(1), now).unwrap_err().first, "logged once");
        assert_eq!(limiter.take(ip(2), now), Ok(()), "other clients");
        assert_eq!(limiter.take(ip(1), now + Duration::from_secs(1)), Ok(()));
        assert!(limiter.take(ip(1), now + Duration::from_secs(1)).is_err());
        // A long pause refills the burst, no more.
        let later = now + Duration::from_secs(3600);
        for _ in 0..5 {
            assert_eq!(limiter.take(ip(1), later), Ok(()));
        }
        assert!(limiter.take(ip(1), later).is_err());
    }

    #[test]
    fn waits_read_in_plain_dutch() {
        assert_eq!(in_words(1), "1 seconde");
        assert_eq!(in_words(45), "45 seconden");
        assert_eq!(in_words(600), "10 minuten");
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(2001)), 3);
    }
}
