//! Server configuration: command-line flags, each with an environment
//! variable and a default, so `make run` needs no arguments.
//!
//! [`Limits`] are the bounds that keep one client from taking the server
//! down: connection, request and response-write timeouts, caps on
//! connections (in all and per client), requests in flight and queued
//! writes, the creation rate, and which reverse proxies are trusted to name
//! the client. Their defaults ([`Limits::default`], the same
//! values clap uses) are safe for a public deployment; tests make them small.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use clap::{Args, Parser};

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
    /// Timeouts, caps and rates.
    #[command(flatten)]
    pub limits: Limits,
}

/// Time a client gets to send a whole request head (and a new connection to
/// send its first one).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a client gets to send a request body, from the end of its head.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Time a keep-alive connection may sit idle between requests.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(75);
/// Time a response write may make no progress (the client reads nothing).
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// Open connections at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// Open connections of one client at once (a quarter of all: a room of
/// twenty browsers behind one address, six connections each, still fits).
pub const DEFAULT_MAX_CONNECTIONS_PER_CLIENT: usize = 128;
/// Requests being handled at once.
pub const DEFAULT_MAX_REQUESTS: usize = 256;
/// Writes waiting for the SQLite writer.
pub const DEFAULT_WRITER_QUEUE: usize = 1024;
/// Time a request waits for a database connection from the pool.
pub const DEFAULT_DB_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// Creations (proeftuinen, links, rounds) one client may make in a burst.
pub const DEFAULT_CREATE_BURST: u32 = 120;
/// Creations one client may make per hour after a burst.
pub const DEFAULT_CREATE_PER_HOUR: u32 = 600;
/// Time connections get to finish after Ctrl-C.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// The bounds of the server (see the README's configuration table).
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct Limits {
    /// A request head must arrive within this time (e.g. `10s`, `500ms`); a
    /// client that stalls half-way is disconnected.
    #[arg(long, env = "PROEFTUIN_HEADER_TIMEOUT", default_value_t = Interval(DEFAULT_HEADER_TIMEOUT))]
    pub header_timeout: Interval,
    /// A request body must arrive within this time after its head (else 408).
    #[arg(long, env = "PROEFTUIN_REQUEST_TIMEOUT", default_value_t = Interval(DEFAULT_REQUEST_TIMEOUT))]
    pub request_timeout: Interval,
    /// An idle keep-alive connection is closed after this time.
    #[arg(long, env = "PROEFTUIN_IDLE_TIMEOUT", default_value_t = Interval(DEFAULT_IDLE_TIMEOUT))]
    pub idle_timeout: Interval,
    /// A response that cannot be written for this time (the client stopped
    /// reading) closes its connection.
    #[arg(long, env = "PROEFTUIN_WRITE_TIMEOUT", default_value_t = Interval(DEFAULT_WRITE_TIMEOUT))]
    pub write_timeout: Interval,
    /// Most open connections; further ones wait to be accepted.
    #[arg(long, env = "PROEFTUIN_MAX_CONNECTIONS", default_value_t = DEFAULT_MAX_CONNECTIONS, value_parser = at_least_one)]
    pub max_connections: usize,
    /// Most open connections of one client (IP address, IPv6 by /64); a
    /// further one is closed at once. Trusted proxies have no such cap.
    #[arg(long, env = "PROEFTUIN_MAX_CONNECTIONS_PER_CLIENT", default_value_t = DEFAULT_MAX_CONNECTIONS_PER_CLIENT, value_parser = at_least_one)]
    pub max_connections_per_client: usize,
    /// Most requests handled at once; further ones get 503 `busy`.
    #[arg(long, env = "PROEFTUIN_MAX_REQUESTS", default_value_t = DEFAULT_MAX_REQUESTS, value_parser = at_least_one)]
    pub max_requests: usize,
    /// Most writes waiting for the SQLite writer; further ones get 503 `busy`.
    #[arg(long, env = "PROEFTUIN_WRITER_QUEUE", default_value_t = DEFAULT_WRITER_QUEUE, value_parser = at_least_one)]
    pub writer_queue: usize,
    /// Time a request waits for a database connection before 503 `busy`.
    #[arg(long, env = "PROEFTUIN_DB_ACQUIRE_TIMEOUT", default_value_t = Interval(DEFAULT_DB_ACQUIRE_TIMEOUT))]
    pub db_acquire_timeout: Interval,
    /// Creations (proeftuinen, links, rounds) one client may make at once.
    #[arg(long, env = "PROEFTUIN_CREATE_BURST", default_value_t = DEFAULT_CREATE_BURST)]
    pub create_burst: u32,
    /// Creations one client may make per hour, after its burst is used up.
    #[arg(long, env = "PROEFTUIN_CREATE_PER_HOUR", default_value_t = DEFAULT_CREATE_PER_HOUR)]
    pub create_per_hour: u32,
    /// Reverse proxies whose `X-Forwarded-For` / `Forwarded` names the client:
    /// IP addresses and CIDR ranges, comma-separated in the variable.
    #[arg(
        long = "trusted-proxy",
        env = "PROEFTUIN_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpRange>,
    /// Time open connections get to finish after Ctrl-C.
    #[arg(long, env = "PROEFTUIN_SHUTDOWN_GRACE", default_value_t = Interval(DEFAULT_SHUTDOWN_GRACE))]
    pub shutdown_grace: Interval,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Interval(DEFAULT_HEADER_TIMEOUT),
            request_timeout: Interval(DEFAULT_REQUEST_TIMEOUT),
            idle_timeout: Interval(DEFAULT_IDLE_TIMEOUT),
            write_timeout: Interval(DEFAULT_WRITE_TIMEOUT),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_connections_per_client: DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
            max_requests: DEFAULT_MAX_REQUESTS,
            writer_queue: DEFAULT_WRITER_QUEUE,
            db_acquire_timeout: Interval(DEFAULT_DB_ACQUIRE_TIMEOUT),
            create_burst: DEFAULT_CREATE_BURST,
            create_per_hour: DEFAULT_CREATE_PER_HOUR,
            trusted_proxies: Vec::new(),
            shutdown_grace: Interval(DEFAULT_SHUTDOWN_GRACE),
        }
    }
}

impl Limits {
    /// True when `ip` is one of the trusted proxies.
    pub fn is_trusted_proxy(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|range| range.contains(ip))
    }
}

fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// A length of time on the command line: `10s`, `500ms`, `2m`, or a number
/// of seconds (`1.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval(pub Duration);

impl Interval {
    /// The length of time.
    pub fn get(self) -> Duration {
        self.0
    }
}

impl From<Duration> for Interval {
    fn from(d: Duration) -> Self {
        Self(d)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0.as_millis();
        if ms.is_multiple_of(1000) {
            write!(f, "{}s", ms / 1000)
        } else {
            write!(f, "{ms}ms")
        }
    }
}

impl FromStr for Interval {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic()) {
            Some(i) => text.split_at(i),
            None => (text, "s"),
        };
        let value: f64 = number
            .trim()
            .parse()
            .map_err(|_| format!("not a length of time: {text:?} (use e.g. 10s or 500ms)"))?;
        let seconds = match unit.trim() {
            "ms" => value / 1000.0,
            "s" => value,
            "m" | "min" => value * 60.0,
            other => return Err(format!("unknown unit {other:?} (use ms, s or m)")),
        };
        if !seconds.is_finite() || seconds <= 0.0 || seconds > 86_400.0 {
            return Err(format!(
                "{text:?} is out of range (more than 0, at most a day)"
            ));
        }
        Ok(Self(Duration::from_secs_f64(seconds)))
    }
}

/// An IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`, `192.0.2.7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// True when `ip` is in the range (an IPv4-mapped IPv6 address counts as
    /// its IPv4 address).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                mask32(u32::from(ip), self.prefix) == mask32(u32::from(net), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                mask128(u128::from(ip), self.prefix) == mask128(u128::from(net), self.prefix)
            }
            _ => false,
        }
    }
}

fn mask32(bits: u32, prefix: u8) -> u32 {
    bits & u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn mask128(bits: u128, prefix: u8) -> u128 {
    bits & u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

impl FromStr for IpRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = addr
            .parse()
            .map_err(|_| format!("not an IP address or CIDR range: {text:?}"))?;
        let network = network.to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("bad prefix length in {text:?} (0 to {max})"))?,
        };
        Ok(Self { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_of_time_read_with_or_without_a_unit() {
        let secs = |s: &str| s.parse::<Interval>().unwrap().get();
        assert_eq!(secs("10"), Duration::from_secs(10));
        assert_eq!(secs("10s"), Duration::from_secs(10));
        assert_eq!(secs("500ms"), Duration::from_millis(500));
        assert_eq!(secs("1.5"), Duration::from_millis(1500));
        assert_eq!(secs("2m"), Duration::from_secs(120));
        for bad in ["", "0", "-1s", "ten", "5h", "2d"] {
            assert!(bad.parse::<Interval>().is_err(), "{bad:?}");
        }
        assert_eq!(Interval(Duration::from_secs(10)).to_string(), "10s");
        assert_eq!(Interval(Duration::from_millis(250)).to_string(), "250ms");
    }

    #[test]
    fn ranges_contain_their_addresses_only() {
        let range: IpRange = "10.1.0.0/16".parse().unwrap();
        assert!(range.contains("10.1.200.3".parse().unwrap()));
        assert!(range.contains("::ffff:10.1.0.9".parse().unwrap()));
        assert!(!range.contains("10.2.0.1".parse().unwrap()));
        assert!(!range.contains("::1".parse().unwrap()));
        let one: IpRange = "192.0.2.7".parse().unwrap();
        assert!(one.contains("192.0.2.7".parse().unwrap()));
        assert!(!one.contains("192.0.2.8".parse().unwrap()));
        let v6: IpRange = "fd00::/8".parse().unwrap();
        assert!(v6.contains("fd12:3456::1".parse().unwrap()));
        assert!(!v6.contains("fe80::1".parse().unwrap()));
        let all: IpRange = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("203.0.113.1".parse().unwrap()));
        for bad in [
            "10.0.0.0/33",
            "fd00::/129",
            "proxy.internal",
            "10.0.0/8",
            "",
        ] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_flags_default_to_the_documented_limits() {
        let config = Config::try_parse_from(["proeftuin-server"]).unwrap();
        let from_env = [
            "PROEFTUIN_HEADER_TIMEOUT",
            "PROEFTUIN_REQUEST_TIMEOUT",
            "PROEFTUIN_IDLE_TIMEOUT",
            "PROEFTUIN_WRITE_TIMEOUT",
            "PROEFTUIN_MAX_CONNECTIONS",
            "PROEFTUIN_MAX_CONNECTIONS_PER_CLIENT",
            "PROEFTUIN_MAX_REQUESTS",
            "PROEFTUIN_WRITER_QUEUE",
            "PROEFTUIN_DB_ACQUIRE_TIMEOUT",
            "PROEFTUIN_CREATE_BURST",
            "PROEFTUIN_CREATE_PER_HOUR",
            "PROEFTUIN_TRUSTED_PROXIES",
            "PROEFTUIN_SHUTDOWN_GRACE",
        ];
        if from_env.iter().all(|var| std::env::var_os(var).is_none()) {
            assert_eq!(config.limits, Limits::default());
        }
        assert!(Limits::default().header_timeout.get() <= Duration::from_secs(30));
    }

    #[test]
    fn trusted_proxies_come_as_a_comma_separated_list_or_repeated_flags() {
        let config = Config::try_parse_from([
            "proeftuin-server",
            "--trusted-proxy",
            "10.0.0.0/8,192.0.2.1",
            "--trusted-proxy",
            "::1",
            "--header-timeout",
            "250ms",
            "--write-timeout",
            "1500ms",
        ])
        .unwrap();
        assert_eq!(config.limits.trusted_proxies.len(), 3);
        assert!(config.limits.is_trusted_proxy("10.9.9.9".parse().unwrap()));
        assert!(config.limits.is_trusted_proxy("::1".parse().unwrap()));
        assert!(!config.limits.is_trusted_proxy("192.0.2.2".parse().unwrap()));
        assert_eq!(
            config.limits.header_timeout.get(),
            Duration::from_millis(250)
        );
        assert_eq!(
            config.limits.write_timeout.get(),
            Duration::from_millis(1500)
        );
        assert!(Config::try_parse_from(["proeftuin-server", "--max-requests", "0"]).is_err());
        assert!(
            Config::try_parse_from(["proeftuin-server", "--max-connections-per-client", "0"])
                .is_err()
        );
        let capped =
            Config::try_parse_from(["proeftuin-server", "--max-connections-per-client", "8"])
                .unwrap();
        assert_eq!(capped.limits.max_connections_per_client, 8);
    }
}
