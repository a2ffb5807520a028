//! `POST /api/proeftuinen/{id}/links`: a new secret to share, made with the
//! edit secret. Only read-only links are made here; assessor links come with
//! an assessment round (see [`super::rounds`]), one per assessor.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use proeftuin_domain::wire::{LinkRequest, NewLink as Link};
use proeftuin_domain::FieldError;

use super::documents::path_id;
use super::input;
use super::limits::ClientKey;
use super::secrets::{self, Access};
use super::store;
use crate::error::{ApiError, ErrorCode};
use crate::AppState;

/// Makes a new read-only secret for the proeftuin.
pub async fn create(
    State(state): State<AppState>,
    client: ClientKey,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Link>), ApiError> {
    let id = path_id(path)?;
    secrets::authorize_edit(&state, client, &id, &headers).await?;
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
