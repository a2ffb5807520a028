//! Assessment rounds, the owner's side: open a round with named assessors
//! (one invitation each), follow who has submitted, close the round, and
//! issue a new invitation for an assessor (a lost link, another device). See
//! [`super`] for the API reference and [`super::assessment`] for the
//! assessor's side.
//!
//! Blind scoring: while a round is open and not every assessor of it has
//! submitted, a round shows who submitted and when, never what (`scores` is
//! `null` for everyone). Once every assessor has submitted, or the owner has
//! closed the round, it shows every submitted score sheet for moderation.
//! Drafts are never shown here.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use proeftuin_domain::{validate_assessor_labels, AssessorScores};

use super::extract::{Authorized, EditSecret, ViewerSecret};
use super::input;
use super::secrets;
use super::store::{self, Assessor, Invited, NewAssessor, Round, RoundClosed, RoundOpened};
use crate::error::{ApiError, ErrorCode};
use crate::AppState;
pub use proeftuin_domain::wire::{
    AssessorLink, AssessorStatus, NamedAssessor, OpenedRound, RoundRequest, RoundStatus, RoundView,
};

/// The status of a stored round.
pub fn status_of(round: &Round) -> RoundStatus {
    if round.closed_at.is_some() {
        RoundStatus::Closed
    } else {
        RoundStatus::Open
    }
}

/// Stored scores (JSON text) back to a sheet.
pub fn stored_scores(text: &str) -> Result<AssessorScores, ApiError> {
    serde_json::from_str(text).map_err(ApiError::internal)
}

/// A stored round for a response, with the scores only when they may be seen.
pub fn round_view(round: Round, assessors: Vec<Assessor>) -> Result<RoundView, ApiError> {
    let status = status_of(&round);
    let everyone_submitted = assessors.iter().all(|a| a.submitted_at.is_some());
    let visible = status == RoundStatus::Closed || everyone_submitted;
    let assessors = assessors
        .into_iter()
        .map(|a| {
            let scores = match (&a.submitted, visible) {
                (Some(text), true) => Some(stored_scores(text)?),
                _ => None,
            };
            Ok(AssessorStatus {
                assessor_id: a.id,
                label: a.label,
                submitted_at: a.submitted_at,
                scores,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(RoundView {
        round: round.number,
        status,
        created_at: round.created_at,
        closed_at: round.closed_at,
        assessors,
    })
}

fn round_not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "Deze beoordelingsronde bestaat niet.")
}

/// `POST /api/proeftuinen/{id}/rounds`: opens the next round (edit secret).
pub async fn open(
    State(state): State<AppState>,
    Authorized { id, .. }: Authorized<EditSecret>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<OpenedRound>), ApiError> {
    let request: RoundRequest = input::typed_object(
        &headers,
        input::body_bytes(body)?,
        "een object met \"assessors\": [{\"label\": \"...\"}]",
    )?;
    let labels: Vec<String> = request.assessors.into_iter().map(|a| a.label).collect();
    let errors = validate_assessor_labels(&labels);
    if let Some(first) = errors.first() {
        let message = format!(
            "De ronde is niet geopend: controleer de beoordelaars. Bij {}: {}",
            first.path, first.message
        );
        return Err(ApiError::new(ErrorCode::Invalid, &message).with_fields(errors));
    }
    let invited: Vec<(NewAssessor, String)> = labels
        .iter()
        .map(|label| {
            let secret = secrets::new_secret();
            let assessor = NewAssessor {
                id: secrets::new_link_id(),
                label: label.trim().to_string(),
                link_id: secrets::new_link_id(),
                secret_hash: secrets::hash_secret(&secret),
            };
            (assessor, secret)
        })
        .collect();
    let new: Vec<NewAssessor> = invited.iter().map(|(a, _)| a.clone()).collect();
    match store::open_round(&state.db, &id, &new).await? {
        RoundOpened::Opened(number) => Ok((
            StatusCode::CREATED,
            Json(OpenedRound {
                round: number,
                status: RoundStatus::Open,
                assessors: invited
                    .into_iter()
                    .map(|(a, secret)| AssessorLink {
                        assessor_id: a.id,
                        label: a.label,
                        secret,
                    })
                    .collect(),
            }),
        )),
        RoundOpened::OtherOpen => Err(ApiError::new(
            ErrorCode::RoundOpen,
            "Er loopt al een beoordelingsronde. Sluit die eerst, dan kun je een nieuwe openen.",
        )),
        RoundOpened::TooManySecrets => Err(ApiError::new(
            ErrorCode::TooManyLinks,
            &format!(
                "Deze proeftuin heeft dan meer dan {} links; zoveel kunnen er niet bij.",
                store::MAX_SECRETS_PER_PROEFTUIN
            ),
        )),
        RoundOpened::Gone => Err(secrets::unknown_or_no_access()),
    }
}

/// `GET /api/proeftuinen/{id}/rounds`: every round, oldest first (edit or read secret).
pub async fn list(
    State(state): State<AppState>,
    Authorized { id, .. }: Authorized<ViewerSecret>,
) -> Result<Json<Vec<RoundView>>, ApiError> {
    let rounds = store::rounds(&state.db, &id).await?;
    Ok(Json(
        rounds
            .into_iter()
            .map(|(round, assessors)| round_view(round, assessors))
            .collect::<Result<_, _>>()?,
    ))
}

/// `POST /api/proeftuinen/{id}/rounds/{n}/close`: closes an open round (edit
/// secret); its submitted scores become visible, nothing changes any more.
pub async fn close(
    State(state): State<AppState>,
    Authorized { id, .. }: Authorized<EditSecret>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<RoundView>, ApiError> {
    let Path((_, n)) = path.map_err(|_| input::bad_id())?;
    // Checked after the secret, so a wrong secret looks the same for every `n`.
    let Some(number) = n.parse::<i64>().ok().filter(|n| *n >= 1) else {
        return Err(round_not_found());
    };
    match store::close_round(&state.db, &id, number).await? {
        RoundClosed::Closed => {}
        RoundClosed::AlreadyClosed => {
            return Err(ApiError::new(
                ErrorCode::RoundClosed,
                "Deze beoordelingsronde is al gesloten.",
            ))
        }
        RoundClosed::Unknown => return Err(round_not_found()),
    }
    let (round, assessors) = store::round(&state.db, &id, number)
        .await?
        .ok_or_else(round_not_found)?;
    Ok(Json(round_view(round, assessors)?))
}

/// `POST /api/proeftuinen/{id}/rounds/{n}/assessors/{assessor_id}/invitation`:
/// a new invitation for one assessor (edit secret), 201 with its secret
/// (shown once). An earlier invitation of theirs that nobody opened stops
/// working at once; their personal secret when the new one is claimed.
pub async fn invite(
    State(state): State<AppState>,
    Authorized { id, .. }: Authorized<EditSecret>,
    path: Result<Path<(String, String, String)>, PathRejection>,
) -> Result<(StatusCode, Json<AssessorLink>), ApiError> {
    let Path((_, n, assessor_id)) = path.map_err(|_| input::bad_id())?;
    let unknown = || {
        ApiError::new(
            ErrorCode::NotFound,
            "Deze beoordelaar bestaat niet in deze ronde.",
        )
    };
    let Some(number) = n.parse::<i64>().ok().filter(|n| *n >= 1) else {
        return Err(unknown());
    };
    let secret = secrets::new_secret();
    match store::new_invitation(
        &state.db,
        &id,
        number,
        &assessor_id,
        &secrets::new_link_id(),
        &secrets::hash_secret(&secret),
    )
    .await?
    {
        Invited::Invited(label) => Ok((
            StatusCode::CREATED,
            Json(AssessorLink {
                assessor_id,
                label,
                secret,
            }),
        )),
        Invited::TooManySecrets => Err(ApiError::new(
            ErrorCode::TooManyLinks,
            &format!(
                "Deze proeftuin heeft al {} links; trek er eerst een in via Delen.",
                store::MAX_SECRETS_PER_PROEFTUIN
            ),
        )),
        Invited::Unknown => Err(unknown()),
    }
}
