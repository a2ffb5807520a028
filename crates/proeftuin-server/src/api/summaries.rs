//! `POST /api/proeftuinen/summaries`: "the proeftuinen I may see". There are
//! no accounts: the caller sends the `{id, secret}` pairs it holds (from its
//! own device) and gets a short summary of each one whose secret is right.
//! Pairs with a wrong secret, an unknown id or a malformed id are left out,
//! without saying which (no oracle); each such pair counts as one failure for
//! the client's window (once per window for the same pair, as a retry), and
//! the request stops with 429 as soon as the client is blocked.
//!
//! An assessor's secret gets a summary too, with access `assessor` (name,
//! status and times are part of the plan an assessor may see). When the
//! caller holds several secrets for one proeftuin, the summary names the
//! widest access: `edit`, then `read`, then `assessor`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use proeftuin_domain::wire::{Held, Summary};
use serde::Deserialize;

use super::input;
use super::limits::ClientKey;
use super::secrets::{self, Access};
use super::store;
use crate::error::{ApiError, ErrorCode};
use crate::AppState;

/// Most pairs in one request.
pub const MAX_SUMMARIES: usize = 200;

/// The few fields of a stored document a summary needs; tolerant of any schema version.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Head {
    status: Option<String>,
    changed: Option<String>,
    vertrekpunt: HeadVertrekpunt,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HeadVertrekpunt {
    naam: Option<String>,
}

/// How much an access allows, to keep the widest of several secrets.
fn breadth(access: Access) -> u8 {
    match access {
        Access::Edit => 2,
        Access::Read => 1,
        Access::Assessor => 0,
    }
}

/// Summaries of the proeftuinen whose secret is right, in request order.
pub async fn summaries(
    State(state): State<AppState>,
    client: ClientKey,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Vec<Summary>>, ApiError> {
    let held: Vec<Held> = input::typed_body(
        &headers,
        input::body_bytes(body)?,
        "een lijst van {\"id\", \"secret\"}",
    )?;
    if held.len() > MAX_SUMMARIES {
        return Err(ApiError::new(
            ErrorCode::TooMany,
            &format!("Vraag hooguit {MAX_SUMMARIES} proeftuinen tegelijk op."),
        ));
    }
    secrets::check_not_blocked(&state, client)?;
    let mut found: Vec<Summary> = Vec::new();
    // Every wrong pair counts as one failed attempt (as separate reads would), and the
    // request stops as soon as the client is blocked: a list is no way around the limit.
    let miss = |state: &AppState, pair: &Held| -> Result<(), ApiError> {
        secrets::count_failure(state, client, &pair.id, Some(&pair.secret), &headers)
    };
    for pair in &held {
        if !input::is_valid_id(&pair.id) {
            miss(&state, pair)?;
            continue;
        }
        let attempts = &state.attempts;
        let attempt = attempts
            .begin(client, attempts.fingerprint(&pair.id, Some(&pair.secret)))
            .await
            .map_err(secrets::refused)?;
        let Some(access) = secrets::access_for(&state, &pair.id, Some(&pair.secret)).await? else {
            if attempt.failed() {
                secrets::log_blocked(client, &headers);
            }
            secrets::check_not_blocked(&state, client)?;
            continue;
        };
        attempt.succeeded();
        if let Some(seen) = found.iter_mut().find(|s| s.id == pair.id) {
            if breadth(access) > breadth(seen.access) {
                seen.access = access;
            }
            continue;
        }
        let Some(current) = store::current(&state.db, &pair.id).await? else {
            miss(&state, pair)?;
            continue;
        };
        let head: Head = serde_json::from_str(&current.document).unwrap_or_default();
        found.push(Summary {
            id: pair.id.clone(),
            revision: current.revision,
            access,
            name: head.vertrekpunt.naam.unwrap_or_default(),
            status: head.status.unwrap_or_else(|| "concept".into()),
            changed: head.changed,
            saved_at: current.changed_at,
        });
    }
    Ok(Json(found))
}
