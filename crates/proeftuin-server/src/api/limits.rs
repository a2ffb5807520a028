//! Slowing down guessers: per client, a small in-memory window of failed
//! secret checks. After [`MAX_FAILURES`] failures within [`WINDOW`] the client
//! gets 429 `too_many_attempts` with `Retry-After` until the oldest failure
//! leaves the window (a sliding window: at most 10 guesses a minute).
//!
//! A client is its IP address from [`ConnectInfo`] (IPv6 by its /64 prefix, so
//! one host cannot rotate through its own addresses). Without `ConnectInfo`
//! (tests with `oneshot`) every request is the one [`ClientKey::Unknown`]
//! client. Behind a reverse proxy all clients share the proxy's address;
//! trusting a forwarded-for header is left for when the server runs behind one.
//!
//! Memory is bounded: at most [`MAX_FAILURES`] instants per client and
//! [`MAX_CLIENTS`] clients; when full, expired clients are dropped first and
//! then the client whose last failure is oldest.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// Failures allowed within [`WINDOW`] before a client must wait.
pub const MAX_FAILURES: usize = 10;
/// Length of the sliding window.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Most clients remembered at once.
pub const MAX_CLIENTS: usize = 10_000;

/// Who is asking, for the failure window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientKey {
    /// An IPv4 address, or an IPv6 address cut to its /64 prefix.
    Ip(IpAddr),
    /// No connection info (in-process tests): one shared client.
    Unknown,
}

impl ClientKey {
    /// The key for a peer address.
    pub fn from_ip(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => ClientKey::Ip(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey::Ip(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                    ClientKey::Ip(IpAddr::V6(Ipv6Addr::from(prefix)))
                }
            },
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientKey {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(
            match ConnectInfo::<SocketAddr>::from_request_parts(parts, state).await {
                Ok(ConnectInfo(addr)) => ClientKey::from_ip(addr.ip()),
                Err(_) => ClientKey::Unknown,
            },
        )
    }
}

/// The failure windows of all clients (shared by all requests through `AppState`).
#[derive(Debug)]
pub struct AttemptLimiter {
    clients: Mutex<HashMap<ClientKey, VecDeque<Instant>>>,
    max_clients: usize,
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
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ClientKey, VecDeque<Instant>>> {
        // The map holds only counters: after a panic elsewhere it is still usable.
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long `client` must still wait, or `None` when it may try.
    pub fn retry_after(&self, client: ClientKey, now: Instant) -> Option<Duration> {
        let mut clients = self.lock();
        let failures = clients.get_mut(&client)?;
        prune(failures, now);
        if failures.is_empty() {
            clients.remove(&client);
            return None;
        }
        if failures.len() < MAX_FAILURES {
            return None;
        }
        let oldest = *failures.front()?;
        Some((oldest + WINDOW).saturating_duration_since(now))
    }

    /// Remembers one failed secret check of `client`.
    pub fn record_failure(&self, client: ClientKey, now: Instant) {
        let mut clients = self.lock();
        if !clients.contains_key(&client) && clients.len() >= self.max_clients {
            clients.retain(|_, failures| {
                prune(failures, now);
                !failures.is_empty()
            });
            if clients.len() >= self.max_clients {
                let stalest = clients
                    .iter()
                    .min_by_key(|(_, failures)| failures.back().copied())
                    .map(|(key, _)| *key);
                if let Some(key) = stalest {
                    clients.remove(&key);
                }
            }
        }
        let failures = clients.entry(client).or_default();
        prune(failures, now);
        failures.push_back(now);
        while failures.len() > MAX_FAILURES {
            failures.pop_front();
        }
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

fn prune(failures: &mut VecDeque<Instant>, now: Instant) {
    while failures
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
    {
        failures.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> ClientKey {
        ClientKey::from_ip(IpAddr::from([10, 0, 0, n]))
    }

    #[test]
    fn ten_failures_within_a_minute_block_until_the_oldest_expires() {
        let limiter = AttemptLimiter::default();
        let start = Instant::now();
        for i in 0..MAX_FAILURES {
            assert_eq!(limiter.retry_after(ip(1), start), None);
            limiter.record_failure(ip(1), start + Duration::from_secs(i as u64));
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
    fn the_number_of_remembered_clients_is_bounded() {
        let limiter = AttemptLimiter::new(3);
        let now = Instant::now();
        for n in 0..50 {
            limiter.record_failure(ip(n), now + Duration::from_millis(u64::from(n)));
        }
        assert_eq!(limiter.len(), 3);
        // The most recent clients are kept.
        limiter.record_failure(ip(49), now + Duration::from_secs(1));
        assert_eq!(limiter.len(), 3);
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
    }
}
