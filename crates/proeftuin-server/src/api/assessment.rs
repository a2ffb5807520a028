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
//! invitation with 403 `not_claimed`. The device proposes that secret itself
//! ([`ClaimRequest`]: 32 random bytes it keeps before it sends them; the
//! server stores only the hash), so the claim is idempotent: when its answer
//! is lost, the same claim again (same invitation, same proposed secret) gets
//! the same answer, as long as that secret is still the assessor's. A claim
//! of a claimed invitation with another secret, another device's, gets 409
//! `invitation_claimed`. A malformed proposal is 400 `bad_secret` before any
//! secret is looked up; one that is some secret already (the invitation
//! itself, say) is 400 `bad_secret` too, counted as a guess: only whoever
//! knows a secret can propose it. A claim without a body still works as
//! before (older apps): the server makes the secret, and such a claim cannot
//! be repeated. When the owner issues a new invitation and it
//! is claimed, the assessor's earlier personal secret stops working (404); the
//! draft and the hand-in belong to the assessor and stay. A personal secret
//! (also a link of a round opened before invitations existed) may be "claimed"
//! too: the answer is that same secret (a proposal is ignored), so a device
//! needs one way in.

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
use proeftuin_domain::wire::is_secret;
pub use proeftuin_domain::wire::{AssessmentView, ClaimRequest, Claimed};

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

fn bad_secret(message: &str) -> ApiError {
    ApiError::new(ErrorCode::BadSecret, message)
}

/// The personal secret the claim's body proposes: `None` without a body,
/// 400 `bad_secret` for one that is not a secret (the body's JSON and shape
/// as everywhere: 415, 400 `bad_json`, 422 `invalid`).
fn proposed_secret(headers: &HeaderMap, body: Bytes) -> Result<Option<String>, ApiError> {
    if body.is_empty() {
        return Ok(None);
    }
    let request: ClaimRequest = input::typed_object(
        headers,
        body,
        "een object met \"secret\": de nieuwe sleutel van dit apparaat",
    )?;
    if !is_secret(&request.secret) {
        return Err(bad_secret(
            "De nieuwe sleutel van dit apparaat klopt niet: verwacht werden 43 letters, \
             cijfers, - of _ (32 willekeurige bytes). Laad de pagina opnieuw en probeer het nog eens.",
        ));
    }
    Ok(Some(request.secret))
}

/// `POST /api/proeftuinen/{id}/assessment/claim`: exchanges the invitation in
/// the secret header, once, for the assessor's personal secret: the one the
/// body proposes ([`ClaimRequest`]), or without a body one the server makes.
/// The same claim again, with the same proposed secret, gets the same answer.
pub async fn claim(
    State(state): State<AppState>,
    ProeftuinId(id): ProeftuinId,
    client: ClientKey,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Claimed>, ApiError> {
    // The body first: a bad one is refused before a secret is looked up or counted.
    let proposed = proposed_secret(&headers, input::body_bytes(body)?)?;
    let secret = secrets::secret_from(&headers);
    match secrets::find_counted(&state, client, &id, &headers).await? {
        // Nothing to repeat: the server made the secret of the first claim.
        Found::Invitation { claimed: true, .. } if proposed.is_none() => Err(invitation_claimed()),
        Found::Invitation { link_id, .. } => {
            let personal = proposed.unwrap_or_else(secrets::new_secret);
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
                Claim::SecretTaken => {
                    // Only whoever knows a secret can propose it: a guess.
                    secrets::count_failure(&state, client, &id, Some(&personal), &headers)?;
                    Err(bad_secret(
                        "Deze nieuwe sleutel kan de server niet gebruiken. Laad de pagina \
                         opnieuw; dan maakt dit apparaat een andere.",
                    ))
                }
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
