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
//!
//! An assessor starts with an invitation (the link the owner sends). The
//! assessor's device exchanges it once, with [`claim`], for a personal
//! secret that only that device gets; every other endpoint refuses an
//! invitation with 403 `not_claimed`. A second claim of the same invitation
//! gets 409 `invitation_claimed`. When the owner issues a new invitation and it
//! is claimed, the assessor's earlier personal secret stops working (404); the
//! draft and the hand-in belong to the assessor and stay. A personal secret
//! (also a link of a round opened before invitations existed) may be "claimed"
//! too: the answer is that same secret, so a device needs one way in.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use proeftuin_domain::{validate_assessment, AssessorScores};

use super::extract::ProeftuinId;
use super::input;
use super::limits::ClientKey;
use super::rounds::{status_of, stored_scores};
use super::secrets::{self, Access, Found, Grant};
use super::store::{self, Assessor, Claim, Round, ScoresSaved};
use crate::error::{ApiError, ErrorCode};
use crate::AppState;
pub use proeftuin_domain::wire::{AssessmentView, Claimed};

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
    let (grant, _) = secrets::authorize(state, client, id, headers, false).await?;
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
    ProeftuinId(id): ProeftuinId,
    client: ClientKey,
    headers: HeaderMap,
) -> Result<Json<AssessmentView>, ApiError> {
    let (assessor, round) = assessor(&state, client, &id, &headers).await?;
    Ok(Json(view(assessor, &round)?))
}

/// `PUT /api/proeftuinen/{id}/assessment` (`SUBMIT` false): saves the draft;
/// `POST /api/proeftuinen/{id}/assessment/submit` (`SUBMIT` true): submits the
/// scores, once.
pub async fn save<const SUBMIT: bool>(
    State(state): State<AppState>,
    ProeftuinId(id): ProeftuinId,
    client: ClientKey,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AssessmentView>, ApiError> {
    let submit = SUBMIT;
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

fn invitation_claimed() -> ApiError {
    ApiError::new(
        ErrorCode::InvitationClaimed,
        "Deze uitnodiging is al geopend op een ander apparaat. Vraag de eigenaar van de \
         proeftuin om een nieuwe uitnodiging.",
    )
}

/// `POST /api/proeftuinen/{id}/assessment/claim`: exchanges the invitation in
/// the secret header, once, for the assessor's personal secret.
pub async fn claim(
    State(state): State<AppState>,
    ProeftuinId(id): ProeftuinId,
    client: ClientKey,
    headers: HeaderMap,
) -> Result<Json<Claimed>, ApiError> {
    let secret = secrets::secret_from(&headers);
    match secrets::find_counted(&state, client, &id, &headers).await? {
        Found::Invitation { claimed: true, .. } => Err(invitation_claimed()),
        Found::Invitation { link_id, .. } => {
            let personal = secrets::new_secret();
            match store::claim_invitation(
                &state.db,
                &id,
                &link_id,
                &secrets::new_link_id(),
                &secrets::hash_secret(&personal),
            )
            .await?
            {
                Claim::Claimed => Ok(Json(Claimed { secret: personal })),
                Claim::AlreadyClaimed => Err(invitation_claimed()),
                Claim::Gone => Err(secrets::unknown_or_no_access()),
            }
        }
        Found::Grant(Grant {
            access: Access::Assessor,
            ..
        }) => Ok(Json(Claimed {
            secret: secret.unwrap_or_default().to_string(),
        })),
        Found::Grant(_) => Err(secrets::not_assessor()),
        Found::Revoked | Found::Nothing => Err(secrets::unknown_or_no_access()),
    }
}
