//! The links of a proeftuin, for its owner (edit secret): make a read-only
//! link (`POST .../links`), list the live links (`GET .../links`: kind, the
//! assessor's label and round, when made, when last used; never a secret) and
//! revoke one (`DELETE .../links/{link_id}`). Assessor invitations come with
//! an assessment round (see [`super::rounds`]), one per assessor.
//!
//! A revoked secret gets the same 404 as a wrong one from then on. The edit
//! secret a request carries cannot be revoked with that same request (409
//! `own_link`): there is one edit secret, and revoking it would lock everyone
//! out of the proeftuin for good.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use proeftuin_domain::wire::{LinkInfo, LinkKind, LinkRequest, NewLink as Link};
use proeftuin_domain::FieldError;

use super::extract::{Authorized, EditSecret};
use super::input;
use super::secrets::{self, Access};
use super::store;
use crate::error::{ApiError, ErrorCode};
use crate::AppState;

/// Makes a new read-only secret for the proeftuin.
pub async fn create(
    State(state): State<AppState>,
    Authorized { id, .. }: Authorized<EditSecret>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Link>), ApiError> {
    let request: LinkRequest = input::typed_body(
        &headers,
        input::body_bytes(body)?,
        "een object met \"access\"",
    )?;
    let access = match request.access {
        Access::Read => Access::Read,
        _ => {
            return Err(ApiError::new(
                ErrorCode::Invalid,
                "Je kunt nu alleen een leeslink maken (access: \"read\").",
            )
            .with_fields(vec![FieldError::new("access", "Kies \"read\".")]))
        }
    };
    let secret = secrets::new_secret();
    let link_id = secrets::new_link_id();
    let added = store::add_secret(
        &state.db,
        &id,
        &link_id,
        &secrets::hash_secret(&secret),
        access.as_str(),
    )
    .await?;
    if !added {
        return Err(if store::current(&state.db, &id).await?.is_some() {
            ApiError::new(
                ErrorCode::TooManyLinks,
                &format!(
                    "Deze proeftuin heeft al {} links; meer kunnen er niet bij.",
                    store::MAX_SECRETS_PER_PROEFTUIN
                ),
            )
        } else {
            secrets::unknown_or_no_access()
        });
    }
    Ok((
        StatusCode::CREATED,
        Json(Link {
            secret,
            access,
            link_id,
        }),
    ))
}

/// The kind of a stored link (`None` for a kind this build does not know).
fn kind_of(access: &str) -> Option<LinkKind> {
    match access {
        "edit" => Some(LinkKind::Edit),
        "read" => Some(LinkKind::Read),
        "invitation" => Some(LinkKind::Invitation),
        "assessor" => Some(LinkKind::Assessor),
        _ => None,
    }
}

/// `GET /api/proeftuinen/{id}/links`: every live link, oldest first.
pub async fn list(
    State(state): State<AppState>,
    Authorized { id, grant, .. }: Authorized<EditSecret>,
) -> Result<Json<Vec<LinkInfo>>, ApiError> {
    let links = store::links(&state.db, &id).await?;
    Ok(Json(
        links
            .into_iter()
            .filter_map(|row| {
                Some(LinkInfo {
                    kind: kind_of(&row.access)?,
                    current: row.id == grant.link_id,
                    link_id: row.id,
                    label: row.label,
                    round: row.round,
                    created_at: row.created_at,
                    last_used_at: row.last_used_at,
                })
            })
            .collect(),
    ))
}

/// 403 for anything but an edit secret.
/// `DELETE /api/proeftuinen/{id}/links/{link_id}`: revokes one link (204).
pub async fn revoke(
    State(state): State<AppState>,
    Authorized { id, grant, .. }: Authorized<EditSecret>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path((_, link_id)) = path.map_err(|_| input::bad_id())?;
    if link_id == grant.link_id {
        return Err(ApiError::new(
            ErrorCode::OwnLink,
            "Dit is de bewerklink waarmee je nu werkt. Die kun je niet intrekken: \
             dan kan niemand de proeftuin nog wijzigen.",
        ));
    }
    if store::revoke(&state.db, &id, &link_id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::new(
            ErrorCode::NotFound,
            "Deze link bestaat niet (meer). Misschien is hij al ingetrokken.",
        ))
    }
}
