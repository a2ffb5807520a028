//! The client of the server's document API (`/api/proeftuinen`). Every answer
//! comes back as a value; a failed connection is [`ApiError::Offline`], never a
//! panic. Secrets travel only in the [`SECRET_HEADER`] header. Every request
//! and answer type is the shared contract of [`proeftuin_domain::wire`].

use gloo_net::http::{Request, RequestBuilder};
use proeftuin_domain::storage::{document_from_value, migrate_value};
use proeftuin_domain::sync::Problem;
use proeftuin_domain::{AssessorScores, FieldError, Proeftuin};
use serde_json::Value;
use web_sys::RequestCache;

use proeftuin_domain::wire::{
    proeftuin_path, ClaimRequest, Claimed, Created, DocumentAnswer, ErrorBody, ErrorCode,
    LinkRequest, NamedAssessor, NewLink, RoundRequest, API_PREFIX, CREATION_KEY_HEADER,
    SECRET_HEADER,
};
pub use proeftuin_domain::wire::{
    Access, AssessmentView as Assessment, AssessorLink, LinkInfo, LinkKind, OpenedRound,
    RevisionInfo, RoundStatus, RoundView as Round,
};

/// Why a request did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No connection (offline, server down, request blocked).
    Offline,
    /// Unknown proeftuin or a wrong secret (the server does not say which).
    NotFound,
    /// The secret only allows reading.
    ReadOnly,
    /// Too many wrong secrets from this device: wait this many seconds.
    TooMany(u32),
    /// Too many new proeftuinen, links or rounds from this device (or its network)
    /// in a short time: wait this many seconds.
    TooManyNew(u32),
    /// The server refused the document, with the fields at fault.
    Invalid(String, Vec<FieldError>),
    /// The id is already on the server.
    Exists,
    /// Someone saved a newer revision first: here it is.
    Stale(i64, Box<Proeftuin>),
    /// Any other failure (server error, an answer that cannot be read).
    Server(String),
    /// This device could not store the result (the message says why).
    Local(String),
    /// The assessment was handed in already, or its round is closed (409).
    Closed(String),
    /// The secret is an assessor's invitation: claim it first (403 `not_claimed`).
    Invitation,
    /// The invitation was opened on another device already (409).
    InvitationClaimed,
    /// The creation key was used for another document (409): start again with a new one.
    CreationKeyReused(String),
    /// The proeftuin's history reached its size limit on the server (413 `quota_exceeded`).
    Quota,
    /// The server's disk is full (507).
    StorageFull,
    /// The server's database could not read or write (503 `storage_error`).
    StorageError,
    /// The server is busy (503 `busy`): wait this many seconds if it said so.
    Busy(Option<u32>),
}

impl ApiError {
    /// Plain Dutch message for the user.
    pub fn message(&self) -> String {
        match self {
            ApiError::Offline => "Er is geen verbinding met de server. Je werk staat veilig op dit apparaat en gaat mee zodra er weer verbinding is.".into(),
            ApiError::NotFound => "De server kent deze proeftuin niet met deze link. Misschien is hij verwijderd, of is de link niet volledig.".into(),
            ApiError::ReadOnly => "Met deze link kun je de proeftuin alleen lezen, niet wijzigen.".into(),
            ApiError::TooMany(s) => format!("Er zijn te veel verkeerde links geprobeerd vanaf dit apparaat. Probeer het over {s} seconden opnieuw."),
            ApiError::TooManyNew(s) => format!("Vanaf dit apparaat of netwerk zijn in korte tijd te veel nieuwe proeftuinen, links of rondes gemaakt. Je werk staat veilig op dit apparaat. Probeer het over {s} seconden opnieuw."),
            ApiError::Invalid(message, fields) => {
                let details: Vec<&str> = fields.iter().map(|f| f.message.as_str()).collect();
                if details.is_empty() {
                    message.clone()
                } else {
                    format!("{message} {}", details.join(" "))
                }
            }
            ApiError::Exists => "Er staat al een proeftuin met hetzelfde id op de server. Open hem met de link die je hebt gekregen, of maak eerst een kopie.".into(),
            ApiError::Stale(..) => "Iemand anders heeft de proeftuin intussen gewijzigd.".into(),
            ApiError::Server(detail) => format!("De server gaf een fout ({detail}). Je werk staat veilig op dit apparaat; het wordt later opnieuw geprobeerd."),
            ApiError::Local(message)
            | ApiError::Closed(message)
            | ApiError::CreationKeyReused(message) => message.clone(),
            ApiError::Invitation => "Dit is een uitnodiging om te beoordelen. Open hem op de beoordelingspagina.".into(),
            ApiError::InvitationClaimed => "Deze uitnodiging is al geopend op een ander apparaat. Vraag de eigenaar van de proeftuin om een nieuwe uitnodiging.".into(),
            ApiError::Quota => Problem::QuotaExceeded.message(),
            ApiError::StorageFull => Problem::StorageFull.message(),
            ApiError::StorageError => Problem::StorageError.message(),
            ApiError::Busy(_) => Problem::Busy.message(),
        }
    }
}

/// The server's copy of a proeftuin.
#[derive(Debug, Clone, PartialEq)]
pub struct Remote {
    /// Its revision (the ETag).
    pub revision: i64,
    /// The document.
    pub document: Proeftuin,
    /// What the secret used allows (not in answers to writes).
    pub access: Option<Access>,
}

fn document_of(value: Value) -> Result<Proeftuin, ApiError> {
    let value = migrate_value(value).map_err(|e| ApiError::Server(e.message()))?;
    document_from_value(value).map_err(|e| ApiError::Server(e.message()))
}

fn url(id: &str, rest: &str) -> String {
    let id: String = js_sys::encode_uri_component(id).into();
    format!("{}{rest}", proeftuin_path(&id))
}

/// Sends a request and reads the JSON answer; non-2xx answers become [`ApiError`]s.
async fn send(request: Result<Request, gloo_net::Error>) -> Result<Value, ApiError> {
    let request = request.map_err(|e| ApiError::Server(e.to_string()))?;
    let response = request.send().await.map_err(|_| ApiError::Offline)?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u32>().ok());
    let text = response.text().await.map_err(|_| ApiError::Offline)?;
    if (200..300).contains(&status) {
        if text.is_empty() {
            return Ok(Value::Null);
        }
        return serde_json::from_str(&text).map_err(|e| ApiError::Server(e.to_string()));
    }
    Err(error_of(status, retry_after, &text))
}

/// The [`ApiError`] of a non-2xx answer: its status, its `Retry-After` in
/// seconds and its body (an [`ErrorBody`], or anything else a proxy sends).
pub fn error_of(status: u16, retry_after: Option<u32>, text: &str) -> ApiError {
    let body: Option<ErrorBody> = serde_json::from_str(text).ok();
    let code = body.as_ref().map(|b| b.code);
    // Our server's codes for "keep the edit, try again later" (a proxy's 503 has no code).
    match code {
        Some(ErrorCode::QuotaExceeded) => return ApiError::Quota,
        Some(ErrorCode::StorageFull) => return ApiError::StorageFull,
        Some(ErrorCode::StorageError) => return ApiError::StorageError,
        Some(ErrorCode::Busy) => return ApiError::Busy(retry_after),
        _ => {}
    }
    match (status, body) {
        (404, _) => ApiError::NotFound,
        (403, _) if code == Some(ErrorCode::NotClaimed) => ApiError::Invitation,
        (403, _) => ApiError::ReadOnly,
        (409, _) if code == Some(ErrorCode::Exists) => ApiError::Exists,
        (409, _) if code == Some(ErrorCode::InvitationClaimed) => ApiError::InvitationClaimed,
        (409, Some(b)) if code == Some(ErrorCode::CreationKeyReused) => {
            ApiError::CreationKeyReused(b.message)
        }
        (409, Some(b)) if matches!(code, Some(ErrorCode::Submitted | ErrorCode::RoundClosed)) => {
            ApiError::Closed(b.message)
        }
        (429, _) if code == Some(ErrorCode::TooManyRequests) => {
            ApiError::TooManyNew(retry_after.unwrap_or(60))
        }
        (429, _) => ApiError::TooMany(retry_after.unwrap_or(60)),
        (
            412,
            Some(ErrorBody {
                revision: Some(revision),
                document: Some(document),
                ..
            }),
        ) => match document_of(document) {
            Ok(document) => ApiError::Stale(revision, Box::new(document)),
            Err(e) => e,
        },
        (400 | 409 | 413 | 415 | 422, Some(b)) => ApiError::Invalid(b.message, b.fields),
        // A proxy or the service worker answering for an unreachable server.
        (502..=504, _) => ApiError::Offline,
        (_, Some(b)) if !b.message.is_empty() => {
            ApiError::Server(format!("{status}: {}", b.message))
        }
        _ => ApiError::Server(format!("status {status}")),
    }
}

fn with_secret(builder: RequestBuilder, secret: &str) -> RequestBuilder {
    builder
        .header(SECRET_HEADER, secret)
        .cache(RequestCache::NoStore)
}

fn doc_body(value: Value) -> Result<Remote, ApiError> {
    let body: DocumentAnswer = typed(value)?;
    Ok(Remote {
        revision: body.revision,
        document: document_of(body.document)?,
        access: body.access,
    })
}

/// Puts a new proeftuin on the server; returns its copy and the edit secret. The same
/// creation `key` on a retry makes the server answer with the proeftuin it made the first time.
pub async fn create(doc: &Proeftuin, key: &str) -> Result<(Remote, String), ApiError> {
    let value = send(
        Request::post(&format!("{API_PREFIX}/proeftuinen"))
            .header(CREATION_KEY_HEADER, key)
            .cache(RequestCache::NoStore)
            .json(doc),
    )
    .await?;
    let created: Created = typed(value)?;
    Ok((
        Remote {
            revision: created.revision,
            document: document_of(created.document)?,
            access: Some(Access::Edit),
        },
        created.edit_secret,
    ))
}

/// The server's current copy.
pub async fn fetch(id: &str, secret: &str) -> Result<Remote, ApiError> {
    doc_body(send(with_secret(Request::get(&url(id, "")), secret).build()).await?)
}

/// Stores `doc` as the revision after `revision`; [`ApiError::Stale`] when someone was first.
pub async fn update(
    id: &str,
    secret: &str,
    revision: i64,
    doc: &Proeftuin,
) -> Result<Remote, ApiError> {
    doc_body(
        send(
            with_secret(Request::put(&url(id, "")), secret)
                .header("If-Match", &format!("\"{revision}\""))
                .json(doc),
        )
        .await?,
    )
}

/// Makes a new read-only secret; returns it with its link id.
pub async fn make_read_link(id: &str, secret: &str) -> Result<NewLink, ApiError> {
    let value = send(
        with_secret(Request::post(&url(id, "/links")), secret).json(&LinkRequest {
            access: Access::Read,
        }),
    )
    .await?;
    typed(value)
}

/// The live links of a proeftuin (edit secret), oldest first.
pub async fn links(id: &str, secret: &str) -> Result<Vec<LinkInfo>, ApiError> {
    typed(send(with_secret(Request::get(&url(id, "/links")), secret).build()).await?)
}

/// Revokes one link (edit secret).
pub async fn revoke_link(id: &str, secret: &str, link_id: &str) -> Result<(), ApiError> {
    let link_id: String = js_sys::encode_uri_component(link_id).into();
    send(
        with_secret(
            Request::delete(&url(id, &format!("/links/{link_id}"))),
            secret,
        )
        .build(),
    )
    .await
    .map(|_| ())
}

/// Exchanges an assessor's invitation for their personal secret (once; a
/// personal secret answers with itself). With `proposed`, a secret made on this
/// device, that is the answer, and the same call again after a lost answer gets it
/// again; without, the server makes one.
pub async fn claim(id: &str, invitation: &str, proposed: Option<&str>) -> Result<String, ApiError> {
    let request = with_secret(Request::post(&url(id, "/assessment/claim")), invitation);
    let request = match proposed {
        Some(secret) => request.json(&ClaimRequest {
            secret: secret.to_string(),
        }),
        None => request.build(),
    };
    let claimed: Claimed = typed(send(request).await?)?;
    Ok(claimed.secret)
}

/// A new invitation for assessor `assessor_id` of round `n` (edit secret).
pub async fn new_invitation(
    id: &str,
    secret: &str,
    n: i64,
    assessor_id: &str,
) -> Result<AssessorLink, ApiError> {
    let assessor: String = js_sys::encode_uri_component(assessor_id).into();
    typed(
        send(
            with_secret(
                Request::post(&url(
                    id,
                    &format!("/rounds/{n}/assessors/{assessor}/invitation"),
                )),
                secret,
            )
            .json(&serde_json::json!({})),
        )
        .await?,
    )
}

/// Every stored revision, oldest first.
pub async fn revisions(id: &str, secret: &str) -> Result<Vec<RevisionInfo>, ApiError> {
    typed(send(with_secret(Request::get(&url(id, "/revisions")), secret).build()).await?)
}

/// One earlier revision.
pub async fn revision(id: &str, secret: &str, n: i64) -> Result<Proeftuin, ApiError> {
    let value =
        send(with_secret(Request::get(&url(id, &format!("/revisions/{n}"))), secret).build())
            .await?;
    Ok(doc_body(value)?.document)
}

fn typed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::Server(e.to_string()))
}

/// Every round of a proeftuin, oldest first.
pub async fn rounds(id: &str, secret: &str) -> Result<Vec<Round>, ApiError> {
    typed(send(with_secret(Request::get(&url(id, "/rounds")), secret).build()).await?)
}

/// Opens a round with these assessors.
pub async fn open_round(
    id: &str,
    secret: &str,
    labels: &[String],
) -> Result<OpenedRound, ApiError> {
    let request = RoundRequest {
        assessors: labels
            .iter()
            .map(|label| NamedAssessor {
                label: label.clone(),
            })
            .collect(),
    };
    typed(send(with_secret(Request::post(&url(id, "/rounds")), secret).json(&request)).await?)
}

/// Closes round `n`.
pub async fn close_round(id: &str, secret: &str, n: i64) -> Result<Round, ApiError> {
    typed(
        send(
            with_secret(
                Request::post(&url(id, &format!("/rounds/{n}/close"))),
                secret,
            )
            .json(&serde_json::json!({})),
        )
        .await?,
    )
}

/// The assessor's own assessment.
pub async fn assessment(id: &str, secret: &str) -> Result<Assessment, ApiError> {
    typed(send(with_secret(Request::get(&url(id, "/assessment")), secret).build()).await?)
}

/// Saves the assessor's draft.
pub async fn save_draft(
    id: &str,
    secret: &str,
    scores: &AssessorScores,
) -> Result<Assessment, ApiError> {
    typed(send(with_secret(Request::put(&url(id, "/assessment")), secret).json(scores)).await?)
}

/// Hands in the assessor's scores (final).
pub async fn submit(
    id: &str,
    secret: &str,
    scores: &AssessorScores,
) -> Result<Assessment, ApiError> {
    typed(
        send(with_secret(Request::post(&url(id, "/assessment/submit")), secret).json(scores))
            .await?,
    )
}
