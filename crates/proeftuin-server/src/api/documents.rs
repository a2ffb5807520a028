//! Handlers for one proeftuin document: create, read, update (with
//! `If-Match`; a create may be retried with a creation key), delete, and its
//! revision history. See [`super`] for the API
//! reference.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::header::{HeaderName, CONTENT_TYPE, ETAG, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use proeftuin_domain::{stored_json, Beoordeling, FieldError, Proeftuin};
use serde::Serialize;
use serde_json::Value;

use super::extract::{AnySecret, Authorized, EditSecret, EditWithCurrent, ViewerSecret};
use super::input::{self, etag};
use super::secrets::{self, Access};
use super::store::{self, Updated};
use crate::error::{ApiError, ErrorCode};
use crate::AppState;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proeftuin_domain::wire::{
    is_creation_key, RevisionInfo, CREATION_KEY_HEADER, CREATION_KEY_HOURS,
};
use sha2::{Digest, Sha256};

/// Stored JSON text back to a value for a response.
pub fn stored_value(text: &str) -> Result<Value, ApiError> {
    serde_json::from_str(text).map_err(ApiError::internal)
}

/// The fields of a document answer before its `document`: `{id, revision,
/// edit_secret?, saved_at?, access?, document}`.
#[derive(Debug, Serialize)]
struct Head<'a> {
    /// The proeftuin id.
    id: &'a str,
    /// The revision of the document.
    revision: i64,
    /// Only in the answer to a create: the edit secret, shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    edit_secret: Option<&'a str>,
    /// Only for an old revision: when it was saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    saved_at: Option<&'a str>,
    /// What the request's secret allows (not in answers to writes).
    #[serde(skip_serializing_if = "Option::is_none")]
    access: Option<Access>,
}

impl<'a> Head<'a> {
    fn new(id: &'a str, revision: i64) -> Self {
        Self {
            id,
            revision,
            edit_secret: None,
            saved_at: None,
            access: None,
        }
    }
}

/// A JSON answer: the fields of `head`, then `"document"` with `document`,
/// JSON text as it was stored, put in as it is (not parsed and written again).
fn with_document(head: &Head<'_>, document: &str) -> Result<Vec<u8>, ApiError> {
    let mut body = serde_json::to_vec(head).map_err(ApiError::internal)?;
    // `head` is an object with fields: its closing brace makes way for one more.
    if body.pop() != Some(b'}') {
        return Err(ApiError::internal("a document answer's head is no object"));
    }
    body.reserve(document.len() + 14);
    body.extend_from_slice(b",\"document\":");
    body.extend_from_slice(document.as_bytes());
    body.push(b'}');
    Ok(body)
}

/// [`with_document`] for text read from the database: checked to be JSON
/// first (a 500, as ever, rather than a broken answer).
fn with_stored_document(head: &Head<'_>, document: &str) -> Result<Vec<u8>, ApiError> {
    serde_json::from_str::<serde::de::IgnoredAny>(document).map_err(ApiError::internal)?;
    with_document(head, document)
}

/// The `Content-Type` of a JSON answer.
fn json_type() -> (HeaderName, HeaderValue) {
    (CONTENT_TYPE, HeaderValue::from_static("application/json"))
}

/// `POST /api/proeftuinen`: stores a new document as revision 1.
///
/// With a creation key ([`CREATION_KEY_HEADER`]) a create may be retried: the
/// same key with the same document within [`CREATION_KEY_HOURS`] hours gets
/// the first answer again (same id, revision 1, the same edit secret); the
/// same key with another document gets 409 `creation_key_reused`; a key that
/// is no key 400 `bad_creation_key`. The server keeps only the key's hash, the
/// document's hash and the edit secret masked with another hash of the key.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = creation_key(&headers)?;
    let doc = input::document(&headers, input::body_bytes(body)?)?;
    let text = stored_json(&doc);
    if text.len() as u64 > state.storage.quota_bytes {
        return Err(over_quota(&state, &doc.id));
    }
    let document_hash = secrets::hash_secret(&text);
    let forget_before = (chrono::Utc::now() - chrono::TimeDelta::hours(CREATION_KEY_HOURS))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    if let Some(key) = key {
        if let Some(answer) = replay(&state, key, &document_hash, &forget_before, &text).await? {
            return Ok(answer);
        }
    }
    let secret = secrets::new_secret();
    let creation = key.map(|key| store::NewCreation {
        key_hash: secrets::hash_secret(key),
        document_hash: document_hash.clone(),
        masked_secret: mask_secret(&secret, key),
        forget_before: forget_before.clone(),
    });
    let outcome = store::create(
        &state.db,
        &doc.id,
        &text,
        &secrets::new_link_id(),
        &secrets::hash_secret(&secret),
        &state.storage,
        creation,
    )
    .await?;
    if outcome != store::CreateOutcome::Created {
        // A retry that overtook its first try, or a key used before.
        if let Some(key) = key {
            if let Some(answer) = replay(&state, key, &document_hash, &forget_before, &text).await?
            {
                return Ok(answer);
            }
        }
        return Err(ApiError::new(
            ErrorCode::Exists,
            "Er staat al een proeftuin met dit id op de server.",
        ));
    }
    created_answer(&doc.id, &secret, &text)
}

/// The 201 answer of a create.
fn created_answer(id: &str, secret: &str, text: &str) -> Result<Response, ApiError> {
    let location =
        HeaderValue::from_str(&format!("/api/proeftuinen/{id}")).map_err(ApiError::internal)?;
    let head = Head {
        edit_secret: Some(secret),
        ..Head::new(id, 1)
    };
    Ok((
        StatusCode::CREATED,
        [json_type(), (ETAG, etag(1)), (LOCATION, location)],
        with_document(&head, text)?,
    )
        .into_response())
}

/// The request's creation key: `None` without one, 400 `bad_creation_key`
/// for one that is not a key.
fn creation_key(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(value) = headers.get(CREATION_KEY_HEADER) else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(key) if is_creation_key(key) => Ok(Some(key)),
        _ => Err(ApiError::new(
            ErrorCode::BadCreationKey,
            "De sleutel om een nieuwe proeftuin veilig opnieuw te versturen klopt niet: \
             gebruik 16 tot 128 letters, cijfers, - of _.",
        )),
    }
}

/// The first answer again for a create retried with `key`, if the key is
/// remembered: the same answer for the same document, 409
/// `creation_key_reused` for another one.
async fn replay(
    state: &AppState,
    key: &str,
    document_hash: &str,
    forget_before: &str,
    text: &str,
) -> Result<Option<Response>, ApiError> {
    let Some(first) = store::creation(&state.db, &secrets::hash_secret(key), forget_before).await?
    else {
        return Ok(None);
    };
    if first.document_hash != document_hash {
        return Err(ApiError::new(
            ErrorCode::CreationKeyReused,
            "Met deze sleutel is al een andere proeftuin op de server gezet. \
             Probeer het opnieuw; de app maakt dan een nieuwe sleutel.",
        ));
    }
    let secret = unmask_secret(&first.masked_secret, key)?;
    created_answer(&first.proeftuin_id, &secret, text).map(Some)
}

/// The 32 bytes an edit secret is masked with: a hash of the creation key
/// that differs from the one stored to find the key.
fn secret_mask(key: &str) -> [u8; 32] {
    Sha256::digest(format!("proeftuin creation mask\n{key}").as_bytes()).into()
}

/// An edit secret masked with the creation key, hex: without the key it
/// cannot be read back.
fn mask_secret(secret: &str, key: &str) -> String {
    let bytes = URL_SAFE_NO_PAD.decode(secret).unwrap_or_default();
    let mask = secret_mask(key);
    hex::encode(
        bytes
            .iter()
            .zip(mask.iter().cycle())
            .map(|(b, m)| b ^ m)
            .collect::<Vec<u8>>(),
    )
}

/// The edit secret back from its masked form and the creation key.
fn unmask_secret(masked: &str, key: &str) -> Result<String, ApiError> {
    let bytes = hex::decode(masked).map_err(ApiError::internal)?;
    let mask = secret_mask(key);
    let plain: Vec<u8> = bytes
        .iter()
        .zip(mask.iter().cycle())
        .map(|(b, m)| b ^ m)
        .collect();
    Ok(URL_SAFE_NO_PAD.encode(plain))
}

/// The document as an assessor sees it: the plan without its `beoordeling`
/// (the panel's scores, which would break blind scoring), still a whole document.
fn without_beoordeling(mut document: Value) -> Result<Value, ApiError> {
    if let Some(object) = document.as_object_mut() {
        object.insert(
            "beoordeling".into(),
            serde_json::to_value(Beoordeling::default()).map_err(ApiError::internal)?,
        );
    }
    Ok(document)
}

/// `GET /api/proeftuinen/{id}`: the current document, for any valid secret;
/// for an assessor's secret without its `beoordeling`.
pub async fn read(
    State(state): State<AppState>,
    Authorized { id, grant, .. }: Authorized<AnySecret>,
) -> Result<Response, ApiError> {
    let access = grant.access;
    let current = store::current(&state.db, &id)
        .await?
        .ok_or_else(secrets::unknown_or_no_access)?;
    let head = Head {
        access: Some(access),
        ..Head::new(&id, current.revision)
    };
    let body = if access == Access::Assessor {
        let document = without_beoordeling(stored_value(&current.document)?)?;
        with_document(&head, &document.to_string())?
    } else {
        with_stored_document(&head, &current.document)?
    };
    Ok(([json_type(), (ETAG, etag(current.revision))], body).into_response())
}

/// `PUT /api/proeftuinen/{id}`: stores the next revision if `If-Match` names
/// the current one.
pub async fn update(
    State(state): State<AppState>,
    Authorized { id, current, .. }: Authorized<EditWithCurrent>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let expected = input::if_match(&headers)?;
    let doc: Proeftuin = input::document(&headers, input::body_bytes(body)?)?;
    if doc.id != id {
        return Err(ApiError::new(
            ErrorCode::Invalid,
            "Het id in het document hoort bij een andere proeftuin dan dit adres.",
        )
        .with_fields(vec![FieldError::new(
            "id",
            "Dit id moet gelijk zijn aan het id in het adres.",
        )]));
    }
    let text = stored_json(&doc);
    match store::update_from(&state.db, &id, expected, &text, &state.storage, current).await? {
        Updated::Saved(revision) => Ok((
            [json_type(), (ETAG, etag(revision))],
            with_document(&Head::new(&id, revision), &text)?,
        )
            .into_response()),
        Updated::Stale(current) => {
            let mut err = ApiError::new(
                ErrorCode::Stale,
                "Iemand anders heeft deze proeftuin intussen gewijzigd. \
                 Voeg je wijzigingen samen met de nieuwste versie en sla opnieuw op.",
            )
            .with_header(ETAG, etag(current.revision));
            err.body.revision = Some(current.revision);
            err.body.document = Some(stored_value(&current.document)?);
            Err(err)
        }
        Updated::Gone => Err(secrets::unknown_or_no_access()),
        Updated::OverQuota => Err(over_quota(&state, &id)),
    }
}

/// 413 `quota_exceeded`: the proeftuin would store more than the quota,
/// with the history already thinned. Logged as a security event (the id only).
fn over_quota(state: &AppState, id: &str) -> ApiError {
    let quota = state.storage.quota_bytes;
    tracing::warn!(target: "security", event = "quota_exceeded", id, quota_bytes = quota);
    let megabytes = quota.div_ceil(1024 * 1024).max(1);
    ApiError::new(
        ErrorCode::QuotaExceeded,
        &format!(
            "Deze proeftuin is te groot geworden voor de server: samen met zijn eerdere versies \
             mag hij hooguit {megabytes} MB innemen. Je wijziging is niet op de server \
             opgeslagen, maar staat veilig op dit apparaat. Oude versies zijn al opgeruimd. \
             Exporteer de proeftuin en zet hem als nieuwe kopie op de server, of maak hem \
             kleiner (bijvoorbeeld minder of kortere teksten)."
        ),
    )
}

/// `DELETE /api/proeftuinen/{id}`: removes the document, its history and all
/// its secrets (204).
pub async fn delete(
    State(state): State<AppState>,
    Authorized { id, .. }: Authorized<EditSecret>,
) -> Result<Response, ApiError> {
    if store::delete(&state.db, &id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(secrets::unknown_or_no_access())
    }
}

/// `GET /api/proeftuinen/{id}/revisions`: every stored revision, oldest
/// first (not for an assessor's secret: old revisions hold old scores).
pub async fn revisions(
    State(state): State<AppState>,
    Authorized { id, .. }: Authorized<ViewerSecret>,
) -> Result<Json<Vec<RevisionInfo>>, ApiError> {
    let list = store::revisions(&state.db, &id).await?;
    Ok(Json(
        list.into_iter()
            .map(|(revision, saved_at)| RevisionInfo { revision, saved_at })
            .collect(),
    ))
}

/// `GET /api/proeftuinen/{id}/revisions/{n}`: one old revision.
pub async fn revision(
    State(state): State<AppState>,
    Authorized { id, grant, .. }: Authorized<ViewerSecret>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((_, n)) = path.map_err(|_| input::bad_id())?;
    // Checked after the secret, so a wrong secret looks the same for every `n`.
    let Some(n) = n.parse::<i64>().ok().filter(|n| *n >= 1) else {
        return Err(ApiError::new(
            ErrorCode::BadRevision,
            "Een versienummer is een heel getal vanaf 1.",
        ));
    };
    let access = grant.access;
    let Some((saved_at, document)) = store::revision(&state.db, &id, n).await? else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "Deze versie van de proeftuin bestaat niet.",
        ));
    };
    let head = Head {
        saved_at: Some(&saved_at),
        access: Some(access),
        ..Head::new(&id, n)
    };
    Ok(([json_type()], with_stored_document(&head, &document)?).into_response())
}
