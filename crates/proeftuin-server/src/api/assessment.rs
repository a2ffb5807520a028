//! Assessment rounds, the assessor's side: with their own assessor secret an
//! assessor reads, saves (as a draft) and submits their own scores, and
//! nothing of anyone else's. See [`super`] for the API reference and
//! [`super::rounds`] for the owner's side.
//!
//! A draft can be saved as often as needed while the round is open (also
//! later, from a device that was offline). Submitting stores the scores once
//! and for good: after that neither the assessor nor the owner can change
//! them (there is no endpoint that could), and a moderated result goes into
//! the document's `beoordeling` instead.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use proeftuin_domain::{validate_assessment, AssessorScores};

use super::documents::path_id;
use super::input;
use super::limits::ClientKey;
use super::rounds::{status_of, stored_scores};
use super::secrets::{self, Access};
use super::store::{self, Assessor, Round, ScoresSaved};
use crate::error::{ApiError, ErrorCode};
use crate::AppState;
pub use proeftuin_domain::wire::AssessmentView;

fn view(assessor: Assessor, round: &Round) -> Result<AssessmentView, ApiError> {
    Ok(AssessmentView {
        round: round.number,
        status: status_of(round),
        label: assessor.label,
        draft: stored_scores(&assessor.draft)?,
        submitted_at: assessor.submitted_at,
        submitted: assessor
            .submitted
            .as_deref()
            .map(stored_scores)
            .transpose()?,
    })
}

/// The assessor whose secret the request carries: the usual 404 for a wrong
/// secret, 403 `not_assessor` for an edit or read secret.
async fn assessor(
    state: &AppState,
    client: ClientKey,
    id: &str,
    headers: &HeaderMap,
) -> Result<(Assessor, Round), ApiError> {
    let grant = secrets::authorize_grant(state, client, id, headers).await?;
    if grant.access != Access::Assessor {
        return Err(secrets::not_assessor());
    }
    store::assessor_of_secret(&state.db, id, &grant.link_id)
        .await?
        .ok_or_else(secrets::unknown_or_no_access)
}

fn already_submitted() -> ApiError {
    ApiError::new(
        ErrorCode::Submitted,
        "Je hebt je scores al ingediend. Ingediende scores kun je niet meer wijzigen.",
    )
}

fn round_closed() -> ApiError {
    ApiError::new(
        ErrorCode::RoundClosed,
        "Deze beoordelingsronde is gesloten. Je kunt je scores niet meer wijzigen of indienen.",
    )
}

/// `GET /api/proeftuinen/{id}/assessment`: the assessor's own round, draft and
/// submitted scores.
pub async fn read(
    State(state): State<AppState>,
    client: ClientKey,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Json<AssessmentView>, ApiError> {
    let id = path_id(path)?;
    let (assessor, round) = assessor(&state, client, &id, &headers).await?;
    Ok(Json(view(assessor, &round)?))
}

/// `PUT /api/proeftuinen/{id}/assessment`: saves the draft.
pub async fn save_draft(
    state: State<AppState>,
    client: ClientKey,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AssessmentView>, ApiError> {
    save(state, client, path, headers, body, false).await
}

/// `POST /api/proeftuinen/{id}/assessment/submit`: submits the scores, once.
pub async fn submit(
    state: State<AppState>,
    client: ClientKey,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AssessmentView>, ApiError> {
    save(state, client, path, headers, body, true).await
}

async fn save(
    State(state): State<AppState>,
    client: ClientKey,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
    submit: bool,
) -> Result<Json<AssessmentView>, ApiError> {
    let id = path_id(path)?;
    let (assessor, round) = assessor(&state, client, &id, &headers).await?;
    // Refused before the body is looked at: a client syncing an old draft
    // learns first that nothing more can change.
    if assessor.submitted_at.is_some() {
        return Err(already_submitted());
    }
    if round.closed_at.is_some() {
        return Err(round_closed());
    }
    let scores: AssessorScores = input::typed_object(
        &headers,
        input::body_bytes(body)?,
        "een object met \"scores\": [{\"criterion\", \"score\", \"reden\"}]",
    )?;
    let errors = validate_assessment(&scores, submit);
    if let Some(first) = errors.first() {
        let what = if submit {
            "Je scores zijn niet ingediend"
        } else {
            "Je concept is niet opgeslagen"
        };
        let message = format!("{what}. Bij {}: {}", first.path, first.message);
        return Err(ApiError::new(ErrorCode::Invalid, &message).with_fields(errors));
    }
    let text = serde_json::to_string(&scores).map_err(ApiError::internal)?;
    match store::save_scores(&state.db, &id, round.number, &assessor.id, &text, submit).await? {
        ScoresSaved::Saved => {}
        ScoresSaved::AlreadySubmitted => return Err(already_submitted()),
        ScoresSaved::RoundClosed => return Err(round_closed()),
        ScoresSaved::Gone => return Err(secrets::unknown_or_no_access()),
    }
    let (assessor, round) = store::assessor(&state.db, &id, &assessor.id)
        .await?
        .ok_or_else(secrets::unknown_or_no_access)?;
    Ok(Json(view(assessor, &round)?))
}
