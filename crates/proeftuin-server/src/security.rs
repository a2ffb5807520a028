//! What every request passes first: security headers (on the page and the
//! service worker a Content-Security-Policy that lets the wasm app run without
//! inline script, and on the page the headers only a document reads; on every
//! other answer a policy that allows nothing; see [`security_headers`]), who the client is ([`identify_client`],
//! trusting `X-Forwarded-For` / `Forwarded` only from a configured proxy), and
//! the request id ([`RequestIds`], header [`REQUEST_ID_HEADER`]) that names the
//! request in its answer and in every log line written while it is handled.
//!
//! # Security events
//! Events worth an operator's attention are logged at `warn` with target
//! `security` and an `event` field, e.g.
//! `tracing::warn!(target: "security", event = "client_blocked", request_id = ..., client = %client)`.
//! They run inside the request's span, which carries `request_id` too. They
//! never carry a secret, a header value other than the request id, or
//! document content. Events: `client_blocked` (too many wrong secrets),
//! `creation_burst_refused` (too many creations), `connection_cap_reached`
//! (a client over its share of connections, see [`crate::serve`]; logged at
//! accept, so outside any request and without a request id); each is logged
//! once when the refusals start, not for every refused request or connection.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::api::limits::ClientKey;
use crate::config::Limits;
use crate::AppState;
pub use proeftuin_domain::wire::REQUEST_ID_HEADER;

/// The de-facto standard header of the client chain a proxy forwards.
pub const X_FORWARDED_FOR: &str = "x-forwarded-for";
/// Longest request id taken over from a trusted proxy.
const MAX_REQUEST_ID_CHARS: usize = 64;
/// Most forwarded addresses looked at, from the right.
const MAX_HOPS: usize = 16;

/// The policy: only our own origin, wasm compilation allowed, no inline
/// script, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; \
img-src 'self' data: blob:; \
font-src 'self'; \
connect-src 'self'; \
worker-src 'self'; \
manifest-src 'self'; \
object-src 'none'; \
base-uri 'none'; \
form-action 'self'; \
frame-ancestors 'none'";

/// The policy of every response that is not a page: it may not run or load anything, nor
/// be framed (a JSON answer or an asset opened as a document stays inert).
pub const CONTENT_SECURITY_POLICY_NOT_A_PAGE: &str = "default-src 'none'; frame-ancestors 'none'";

/// Middleware that adds the security headers: to every response `nosniff`, the referrer
/// policy and a policy that allows nothing; to a page (HTML) and to the service worker
/// (whose policy comes from its own response) the app's full policy and, for the page, the
/// headers that only a document reads (framing, opener, permissions). An asset does not
/// carry the page's 0.5 KB of headers on every request.
///
/// Which is which follows from the address, not the answer: a `304 Not Modified` has no
/// content type, and the browser puts its headers on the copy it keeps (the service
/// worker's copy of the page would otherwise get the policy that allows nothing).
pub async fn security_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let worker = path == "/sw.js";
    let page = is_page(path);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if page || worker {
            CONTENT_SECURITY_POLICY
        } else {
            CONTENT_SECURITY_POLICY_NOT_A_PAGE
        }),
    );
    if page {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(
            "cross-origin-opener-policy",
            HeaderValue::from_static("same-origin"),
        );
        h.insert(
            "permissions-policy",
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        );
    }
    res
}

/// Whether `path` is answered with the page: every address of the app (the server answers
/// a route without a file name with index.html) and index.html itself; not the API.
pub fn is_page(path: &str) -> bool {
    if path.starts_with("/api/") || path == "/api" {
        return false;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.') || last.ends_with(".html")
}

/// The client's address: the peer, or, when the peer is a trusted proxy, the
/// right-most address of `X-Forwarded-For` (or else `Forwarded: for=`) that
/// is not a trusted proxy itself. When every forwarded address is trusted the
/// left-most one is the client; an address that cannot be read ends the walk
/// at the trusted hop before it.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, limits: &Limits) -> IpAddr {
    let mut client = peer.to_canonical();
    if limits.trusted_proxies.is_empty() || !limits.is_trusted_proxy(client) {
        return client;
    }
    for hop in forwarded_chain(headers).into_iter().rev().take(MAX_HOPS) {
        match hop {
            Some(ip) => {
                client = ip.to_canonical();
                if !limits.is_trusted_proxy(client) {
                    return client;
                }
            }
            None => return client,
        }
    }
    client
}

/// The forwarded addresses, left (the original client) to right (the proxy
/// nearest to us); `None` for an entry that is no address.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let xff: Vec<&str> = headers
        .get_all(X_FORWARDED_FOR)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !xff.is_empty() {
        return xff
            .iter()
            .flat_map(|v| v.split(','))
            .map(|hop| parse_hop(hop.trim()))
            .collect();
    }
    headers
        .get_all(header::FORWARDED)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| parse_hop(value.trim().trim_matches('"')))
            })
        })
        .collect()
}

/// One forwarded address: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(addr) = hop.parse::<SocketAddr>() {
        return Some(addr.ip());
    }
    hop.strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|inner| inner.parse().ok())
}

/// Middleware (outermost but one): puts the request's [`ClientKey`] on it,
/// and drops a request id that did not come from a trusted proxy (the client
/// cannot choose what names its request in the log).
pub async fn identify_client(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let limits = &state.limits;
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let (key, from_proxy) = match peer {
        Some(peer) => (
            ClientKey::from_ip(client_ip(peer, req.headers(), limits)),
            limits.is_trusted_proxy(peer),
        ),
        None => (ClientKey::Unknown, false),
    };
    req.extensions_mut().insert(key);
    let keep_id = from_proxy
        && req
            .headers()
            .get(REQUEST_ID_HEADER)
            .is_some_and(|v| is_plausible_request_id(v.as_bytes()));
    if !keep_id {
        req.headers_mut().remove(REQUEST_ID_HEADER);
    }
    next.run(req).await
}

fn is_plausible_request_id(id: &[u8]) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID_CHARS
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The header name of the request id.
pub fn request_id_header() -> HeaderName {
    HeaderName::from_static(REQUEST_ID_HEADER)
}

/// Makes request ids: 128 random bits as 32 hex digits.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestIds;

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let id = format!("{:032x}", rand::random::<u128>());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// The request id of a request (set by [`RequestIds`]), for log lines.
pub fn request_id(headers: &HeaderMap) -> &str {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_is_every_app_address_and_index_html_not_the_api_or_a_file() {
        for page in [
            "/",
            "/proeftuin/abc/vertrekpunt",
            "/beoordelen/x",
            "/index.html",
            "/open/a.b/",
        ] {
            assert!(super::is_page(page), "{page}");
        }
        for other in [
            "/api/health",
            "/api",
            "/boot.js",
            "/sw.js",
            "/main-0123456789abcdef.css",
            "/voorbeelden/x.json",
            "/favicon.png",
        ] {
            assert!(!super::is_page(other), "{other}");
        }
    }

    use super::*;

    fn limits(proxies: &[&str]) -> Limits {
        Limits {
            trusted_proxies: proxies.iter().map(|p| p.parse().unwrap()).collect(),
            ..Limits::default()
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarded_addresses_are_ignored_from_an_untrusted_peer() {
        let h = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            client_ip(ip("203.0.113.9"), &h, &limits(&[])),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("203.0.113.9"), &h, &limits(&["10.0.0.0/8"])),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client() {
        let l = limits(&["10.0.0.0/8", "192.0.2.1"]);
        // A forged first entry is left of the one the proxy added.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.1.1.1")]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &l), ip("198.51.100.7"));
        // Several headers read as one list.
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "198.51.100.8"),
        ]);
        assert_eq!(client_ip(ip("192.0.2.1"), &h, &l), ip("198.51.100.8"));
        // Without the header: the proxy itself.
        assert_eq!(
            client_ip(ip("10.0.0.2"), &HeaderMap::new(), &l),
            ip("10.0.0.2")
        );
        // All trusted: the left-most.
        let h = headers(&[("x-forwarded-for", "10.9.9.9, 10.1.1.1")]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &l), ip("10.9.9.9"));
        // Garbage stops at the trusted hop before it.
        let h = headers(&[("x-forwarded-for", "198.51.100.7, garbage, 10.1.1.1")]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &l), ip("10.1.1.1"));
        // Ports and IPv6.
        let h = headers(&[("x-forwarded-for", "[2001:db8::5]:4711")]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &l), ip("2001:db8::5"));
        // A mapped peer address counts as its IPv4 address.
        let h = headers(&[("x-forwarded-for", "198.51.100.9")]);
        assert_eq!(client_ip(ip("::ffff:10.0.0.2"), &h, &l), ip("198.51.100.9"));
    }

    #[test]
    fn the_forwarded_header_is_read_when_x_forwarded_for_is_absent() {
        let l = limits(&["10.0.0.0/8"]);
        let h = headers(&[(
            "forwarded",
            "for=1.2.3.4, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.1",
        )]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &l), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "proto=https;For=198.51.100.3")]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &l), ip("198.51.100.3"));
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &l), ip("10.0.0.1"));
    }

    #[test]
    fn request_ids_are_random_hex_and_a_proxy_id_must_look_like_one() {
        let req = axum::http::Request::new(());
        let a = RequestIds.make_request_id(&req).unwrap();
        let b = RequestIds.make_request_id(&req).unwrap();
        assert_eq!(a.header_value().len(), 32);
        assert_ne!(a.header_value(), b.header_value());
        assert!(is_plausible_request_id(b"abc-123_x.y"));
        assert!(!is_plausible_request_id(b"a b"));
        assert!(!is_plausible_request_id(&[b'a'; 65]));
        assert!(!is_plausible_request_id(b""));
    }
}
