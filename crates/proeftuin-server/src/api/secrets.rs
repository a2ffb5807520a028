//! Capability secrets: access to a proeftuin is by secret, not by account.
//!
//! A secret is 32 random bytes from the operating system's RNG, as base64url
//! without padding (43 characters). The server keeps only its SHA-256 hash (hex)
//! in the `secrets` table, with the access it grants ([`Access`]). Clients send
//! a secret only in the [`SECRET_HEADER`] header, never in a path or query, so
//! it cannot end up in a request log or a browser history.
//!
//! [`authorize`] checks a secret: a missing secret, a wrong secret and an
//! unknown id all give the same 404 (no oracle), and count as a failure for
//! the client's window in [`super::limits`].

use std::time::Instant;

use axum::http::header::{HeaderValue, RETRY_AFTER};
use axum::http::{HeaderMap, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::limits::ClientKey;
use super::store;
use crate::error::ApiError;
use crate::AppState;

/// The request header that carries a secret.
pub const SECRET_HEADER: &str = "x-proeftuin-secret";
/// Bytes of randomness in a secret.
pub const SECRET_BYTES: usize = 32;
/// Longest header value that is hashed at all; longer ones are wrong anyway.
const MAX_SECRET_CHARS: usize = 256;

/// What a secret allows.
///
/// Stored as text in `secrets.access` (no CHECK constraint), so a new kind,
/// e.g. `assessor` for blind scoring, needs no table change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Read, update, delete, make links.
    Edit,
    /// Read the document and its history.
    Read,
}

impl Access {
    /// The stored and transmitted name.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Edit => "edit",
            Access::Read => "read",
        }
    }

    /// The access for a stored name; `None` for names this build does not know.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "edit" => Some(Access::Edit),
            "read" => Some(Access::Read),
            _ => None,
        }
    }
}

/// A new secret: 32 bytes from the OS RNG, base64url without padding.
pub fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new random id for a row of the `secrets` table (not itself secret: it
/// names a link, e.g. to revoke it later).
pub fn new_link_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256 of the secret's text, as lowercase hex: the only form that is stored.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The 404 for an unknown id, a missing secret and a wrong secret alike.
pub fn unknown_or_no_access() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "Deze proeftuin is niet gevonden. Misschien is hij verwijderd, of klopt de link niet.",
    )
}

/// 403 for a read-only secret on a write.
pub fn read_only() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "read_only",
        "Met deze link kun je de proeftuin alleen bekijken, niet wijzigen.",
    )
}

/// 429 while `client` has too many recent failures.
pub fn check_not_blocked(state: &AppState, client: ClientKey) -> Result<(), ApiError> {
    match state.attempts.retry_after(client, Instant::now()) {
        None => Ok(()),
        Some(wait) => {
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                &format!(
                    "Te veel pogingen met een verkeerde link. Probeer het over {} seconden opnieuw.",
                    secs.max(1)
                ),
            )
            .with_header(RETRY_AFTER, HeaderValue::from(secs.max(1))))
        }
    }
}

/// The secret in the request header, if there is a plausible one.
pub fn secret_from(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(SECRET_HEADER)?.to_str().ok()?.trim();
    (!value.is_empty() && value.len() <= MAX_SECRET_CHARS).then_some(value)
}

/// The access `secret` grants to proeftuin `id`, comparing hashes in constant time.
pub async fn access_for(
    state: &AppState,
    id: &str,
    secret: Option<&str>,
) -> Result<Option<Access>, ApiError> {
    // Hash even without a secret, so both cases cost the same.
    let hash = hash_secret(secret.unwrap_or_default());
    let stored = store::secrets_of(&state.db, id).await?;
    let mut found = None;
    for (stored_hash, access) in &stored {
        let same: bool = stored_hash.as_bytes().ct_eq(hash.as_bytes()).into();
        if same && secret.is_some() && found.is_none() {
            found = Access::from_name(access);
        }
    }
    Ok(found)
}

/// Checks the request's secret for proeftuin `id` (already known to be a
/// well-formed id): 429 while the client is blocked, the same 404 for every
/// kind of failure (counted), else the access granted.
pub async fn authorize(
    state: &AppState,
    client: ClientKey,
    id: &str,
    headers: &HeaderMap,
) -> Result<Access, ApiError> {
    check_not_blocked(state, client)?;
    match access_for(state, id, secret_from(headers)).await? {
        Some(access) => Ok(access),
        None => {
            state.attempts.record_failure(client, Instant::now());
            Err(unknown_or_no_access())
        }
    }
}

/// Like [`authorize`], but only an edit secret will do (403 for read-only).
pub async fn authorize_edit(
    state: &AppState,
    client: ClientKey,
    id: &str,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    match authorize(state, client, id, headers).await? {
        Access::Edit => Ok(()),
        Access::Read => Err(read_only()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_43_url_safe_characters_and_differ() {
        let a = new_secret();
        let b = new_secret();
        assert_eq!(a.len(), 43);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(a, b);
    }

    #[test]
    fn the_hash_is_sha256_hex() {
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
