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
//! the client's window in [`super::limits`]: in one step with the check (a
//! failure is reserved before the lookup, so parallel guesses cannot overrun
//! the window), and once per window for the same id and secret (an honest
//! retry is no guess). The moment a client becomes blocked is logged as the
//! security event `client_blocked`. What a right secret may do
//! depends on its [`Access`]: handlers name the rule in their signature
//! ([`super::extract::Authorized`] with `EditSecret`, `ViewerSecret` or
//! `AnySecret`), which refuses the others with 403 `read_only`; all of them go
//! through [`authorize`], which also names the secret's row.
//!
//! A revoked secret keeps its hash as a tombstone ([`Found::Revoked`]): it
//! gets the same 404 as a wrong one, but the server logs its use (target
//! `security`, `event = "revoked_secret_used"`, with the proeftuin id) and does
//! not count it as a guess. An assessor's invitation ([`Found::Invitation`])
//! is good only for claiming it once, for a personal secret the device
//! proposes in the same format as [`new_secret`] (checked with
//! [`proeftuin_domain::wire::is_secret`]; see [`super::assessment::claim`]).
//! A live secret's "last used" is written at most once a minute.

use std::time::{Duration, Instant};

use axum::http::header::{HeaderValue, RETRY_AFTER};
use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::limits::{self, ClientKey, Refusal};
use super::store;
use crate::error::{ApiError, ErrorCode};
use crate::security;
use crate::AppState;

pub use proeftuin_domain::wire::SECRET_HEADER;
/// Bytes of randomness in a secret.
pub const SECRET_BYTES: usize = 32;
/// Longest header value that is hashed at all; longer ones are wrong anyway.
const MAX_SECRET_CHARS: usize = 256;

pub use proeftuin_domain::Access;

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
        ErrorCode::NotFound,
        "Deze proeftuin is niet gevonden. Misschien is hij verwijderd, of klopt de link niet.",
    )
}

/// 403 for a read-only secret on a write.
pub fn read_only() -> ApiError {
    ApiError::new(
        ErrorCode::ReadOnly,
        "Met deze link kun je de proeftuin alleen bekijken, niet wijzigen.",
    )
}

/// 403 `read_only` for an assessor's secret on anything but the plan and their own scores.
pub fn assessor_only() -> ApiError {
    ApiError::new(
        ErrorCode::ReadOnly,
        "Met een beoordelaarslink kun je het plan bekijken en je eigen scores geven, meer niet.",
    )
}

/// 403 `not_assessor` for an edit or read secret on an assessor's endpoint.
pub fn not_assessor() -> ApiError {
    ApiError::new(
        ErrorCode::NotAssessor,
        "Alleen een beoordelaar kan hier scores geven, met de eigen beoordelaarslink.",
    )
}

/// 429 `too_many_attempts` for a client that must wait `wait`.
pub fn too_many_attempts(wait: Duration) -> ApiError {
    let secs = limits::retry_after_secs(wait);
    ApiError::new(
        ErrorCode::TooManyAttempts,
        &format!(
            "Te veel pogingen met een verkeerde link. Probeer het over {} opnieuw.",
            limits::in_words(secs)
        ),
    )
    .with_header(RETRY_AFTER, HeaderValue::from(secs))
}

/// The answer to a check the limiter refused: 429 while blocked, 503 `busy`
/// when the client's other checks took too long.
pub fn refused(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::Blocked(wait) => too_many_attempts(wait),
        Refusal::Busy => ApiError::busy(),
    }
}

/// Logs the security event `client_blocked` (once, when a failure blocks
/// the client): the request id and the client, nothing else of the request.
pub fn log_blocked(client: ClientKey, headers: &HeaderMap) {
    tracing::warn!(
        target: "security",
        event = "client_blocked",
        request_id = security::request_id(headers),
        client = %client,
        window_s = limits::WINDOW.as_secs(),
        "too many wrong secrets from one client"
    );
}

/// 429 while `client` has too many recent failures.
pub fn check_not_blocked(state: &AppState, client: ClientKey) -> Result<(), ApiError> {
    match state.attempts.retry_after(client, Instant::now()) {
        None => Ok(()),
        Some(wait) => Err(too_many_attempts(wait)),
    }
}

/// Counts a failure that needed no lookup (e.g. a malformed id in a list),
/// then 429 if the client is blocked now.
pub fn count_failure(
    state: &AppState,
    client: ClientKey,
    id: &str,
    secret: Option<&str>,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    let fingerprint = state.attempts.fingerprint(id, secret);
    if state
        .attempts
        .record_failure(client, fingerprint, Instant::now())
    {
        log_blocked(client, headers);
    }
    check_not_blocked(state, client)
}

/// The secret in the request header, if there is a plausible one.
pub fn secret_from(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(SECRET_HEADER)?.to_str().ok()?.trim();
    (!value.is_empty() && value.len() <= MAX_SECRET_CHARS).then_some(value)
}

/// What a right secret grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// What it allows.
    pub access: Access,
    /// The id of its row in `secrets` (an assessor's row refers to it).
    pub link_id: String,
}

/// What the request's secret turned out to be among a proeftuin's secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A live secret with what it grants.
    Grant(Grant),
    /// An assessor's invitation: good only for claiming it (row id; and
    /// whether it was claimed already).
    Invitation {
        /// Its row in `secrets`.
        link_id: String,
        /// True once it was exchanged for a personal secret.
        claimed: bool,
    },
    /// A secret that was revoked (or an assessor's secret retired by a newer
    /// claim): no guess, but it grants nothing.
    Revoked,
    /// No secret, or one this proeftuin never had (or no such proeftuin).
    Nothing,
}

/// How often "last used" of a secret is written at most.
pub const LAST_USED_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

/// What `secret` is for proeftuin `id`, comparing hashes in constant time.
/// A live secret's "last used" is brought up to date (at most once per
/// [`LAST_USED_EVERY`]; a failure to write it is logged, not answered).
pub async fn find(state: &AppState, id: &str, secret: Option<&str>) -> Result<Found, ApiError> {
    let stored = store::secrets_of(&state.db, id).await?;
    find_among(state, &stored, secret).await
}

/// [`find`] among the secrets of a proeftuin read already.
async fn find_among(
    state: &AppState,
    stored: &[store::SecretRow],
    secret: Option<&str>,
) -> Result<Found, ApiError> {
    // Hash even without a secret, so both cases cost the same.
    let hash = hash_secret(secret.unwrap_or_default());
    let mut found = None;
    for row in stored {
        let same: bool = row.hash.as_bytes().ct_eq(hash.as_bytes()).into();
        if same && secret.is_some() && found.is_none() {
            found = Some(row);
        }
    }
    let Some(row) = found else {
        return Ok(Found::Nothing);
    };
    if row.revoked {
        return Ok(Found::Revoked);
    }
    if row.access == "invitation" {
        return Ok(Found::Invitation {
            link_id: row.id.clone(),
            claimed: row.claimed,
        });
    }
    let Some(access) = Access::from_name(&row.access) else {
        return Ok(Found::Nothing);
    };
    let since =
        (chrono::Utc::now() - LAST_USED_EVERY).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    if row
        .last_used_at
        .as_deref()
        .is_none_or(|t| t < since.as_str())
    {
        if let Err(e) = store::touch_secret(&state.db, &row.id, &since).await {
            tracing::warn!(error = %e, "could not note when a link was last used");
        }
    }
    Ok(Found::Grant(Grant {
        access,
        link_id: row.id.clone(),
    }))
}

/// What `secret` grants for proeftuin `id` (see [`find`]); `None` for
/// anything but a live edit, read or assessor secret.
pub async fn grant_for(
    state: &AppState,
    id: &str,
    secret: Option<&str>,
) -> Result<Option<Grant>, ApiError> {
    Ok(match find(state, id, secret).await? {
        Found::Grant(grant) => Some(grant),
        _ => None,
    })
}

/// The access `secret` grants to proeftuin `id` (see [`grant_for`]).
pub async fn access_for(
    state: &AppState,
    id: &str,
    secret: Option<&str>,
) -> Result<Option<Access>, ApiError> {
    Ok(grant_for(state, id, secret).await?.map(|g| g.access))
}

/// Checks the request's secret for proeftuin `id` (already known to be a
/// well-formed id): 429 while the client is blocked, the same 404 for every
/// kind of failure (counted), else what it grants with the secret's row id
/// (handlers take it through [`super::extract::Authorized`]). An invitation gets 403
/// `not_claimed` (it is good for claiming only); a revoked secret the same 404
/// as a wrong one, logged as a security event and not counted as a guess.
///
/// With `with_current`, also the current revision of the proeftuin, read in the same
/// statement as its secrets (an update needs both).
pub async fn authorize(
    state: &AppState,
    client: ClientKey,
    id: &str,
    headers: &HeaderMap,
    with_current: bool,
) -> Result<(Grant, Option<store::Current>), ApiError> {
    let (found, current) = counted(state, client, id, headers, with_current).await?;
    match found {
        Found::Grant(grant) => Ok((grant, current)),
        Found::Invitation { .. } => Err(not_claimed()),
        Found::Revoked | Found::Nothing => Err(unknown_or_no_access()),
    }
}

/// Looks up the request's secret for proeftuin `id` with one attempt of
/// `client` reserved first, so check and count are one step (429 while the
/// client is blocked). A wrong secret is counted (the same one again only once
/// a window) and gets the 404; a revoked one gets the same 404, logged, and is
/// not counted: whoever holds it had the link once. On a database error the
/// attempt is given back.
pub async fn find_counted(
    state: &AppState,
    client: ClientKey,
    id: &str,
    headers: &HeaderMap,
) -> Result<Found, ApiError> {
    Ok(counted(state, client, id, headers, false).await?.0)
}

/// [`find_counted`], with the current revision when `with_current` (else `None`).
async fn counted(
    state: &AppState,
    client: ClientKey,
    id: &str,
    headers: &HeaderMap,
    with_current: bool,
) -> Result<(Found, Option<store::Current>), ApiError> {
    let secret = secret_from(headers);
    let attempts = &state.attempts;
    let attempt = attempts
        .begin(client, attempts.fingerprint(id, secret))
        .await
        .map_err(refused)?;
    let (stored, current) = if with_current {
        store::secrets_and_current(&state.db, id).await?
    } else {
        (store::secrets_of(&state.db, id).await?, None)
    };
    let found = find_among(state, &stored, secret).await?;
    match found {
        Found::Nothing => {
            if attempt.failed() {
                log_blocked(client, headers);
            }
            Err(unknown_or_no_access())
        }
        Found::Revoked => {
            drop(attempt);
            Err(revoked_secret_used(id))
        }
        found => {
            attempt.succeeded();
            Ok((found, current))
        }
    }
}

/// The 404 for a revoked secret, logged (the id, never the secret). It is not
/// counted as a guess: whoever holds it had the link once.
pub fn revoked_secret_used(id: &str) -> ApiError {
    tracing::warn!(target: "security", event = "revoked_secret_used", id = %id, "a revoked link was used");
    unknown_or_no_access()
}

/// 403 `not_claimed` for an invitation anywhere but its claim.
pub fn not_claimed() -> ApiError {
    ApiError::new(
        ErrorCode::NotClaimed,
        "Dit is een uitnodiging om te beoordelen. Open hem op de beoordelingspagina; daar krijg je je eigen beoordelaarslink.",
    )
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
    fn the_apps_secrets_are_written_like_the_servers() {
        use proeftuin_domain::wire::{is_secret, secret_from_bytes};
        for _ in 0..32 {
            assert!(is_secret(&new_secret()));
            let mut bytes = [0u8; SECRET_BYTES];
            OsRng.fill_bytes(&mut bytes);
            assert_eq!(secret_from_bytes(&bytes), URL_SAFE_NO_PAD.encode(bytes));
        }
    }

    #[test]
    fn access_kinds_keep_their_stored_names() {
        for access in [Access::Edit, Access::Read, Access::Assessor] {
            assert_eq!(Access::from_name(access.as_str()), Some(access));
            assert_eq!(
                serde_json::to_value(access).unwrap(),
                serde_json::json!(access.as_str())
            );
        }
        assert_eq!(Access::Assessor.as_str(), "assessor");
        assert_eq!(Access::from_name("owner"), None);
    }

    #[test]
    fn the_hash_is_sha256_hex() {
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
