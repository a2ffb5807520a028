//! Extractors that make a handler's signature its contract: the proeftuin of
//! the path ([`ProeftuinId`], checked) and what the request's secret may do
//! with it ([`Authorized`], checked and counted by [`secrets::authorize`]).
//!
//! axum runs the extractors of a handler in the order of its arguments, all
//! before the body: so the id is checked first (400 `bad_id`), then the secret
//! (429 while the client is blocked, the same 404 for every kind of wrong
//! secret, 403 for a secret that may not do this), and only then is the body
//! looked at. A handler that takes `Authorized<EditSecret>` cannot run for a
//! read link, whatever its code does.

use std::collections::HashMap;
use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::input;
use super::limits::ClientKey;
use super::secrets::{self, Access, Grant};
use super::store;
use crate::error::ApiError;
use crate::AppState;

/// The `{id}` segment of the path, a well-formed proeftuin id (else 400
/// `bad_id`). Kept in the request's extensions, so later extractors read it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProeftuinId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ProeftuinId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(id) = parts.extensions.get::<ProeftuinId>() {
            return Ok(id.clone());
        }
        let Path(mut segments) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| input::bad_id())?;
        let id = segments.remove("id").ok_or_else(input::bad_id)?;
        input::check_id(&id)?;
        let id = ProeftuinId(id);
        parts.extensions.insert(id.clone());
        Ok(id)
    }
}

/// What a secret must be to pass [`Authorized`].
pub trait Rule {
    /// Whether the proeftuin's current revision is read with the secret (see
    /// [`Authorized::current`]).
    const WITH_CURRENT: bool = false;
    /// The grant when this rule lets it through, else the 403 to answer.
    fn check(grant: Grant) -> Result<Grant, ApiError>;
}

/// Any live secret: edit, read or an assessor's own.
#[derive(Debug)]
pub struct AnySecret;

/// Only an edit secret (403 `read_only` for a read link or an assessor's).
#[derive(Debug)]
pub struct EditSecret;

/// An edit secret (as [`EditSecret`]), with the proeftuin's current revision read in the same
/// statement as the secret: the update's fast path, one round trip to the database, not two.
#[derive(Debug)]
pub struct EditWithCurrent;

/// What edit and read links may see (history, rounds): 403 `read_only` for an
/// assessor's secret, since old revisions hold old scores.
#[derive(Debug)]
pub struct ViewerSecret;

impl Rule for AnySecret {
    fn check(grant: Grant) -> Result<Grant, ApiError> {
        Ok(grant)
    }
}

impl Rule for EditSecret {
    fn check(grant: Grant) -> Result<Grant, ApiError> {
        match grant.access {
            Access::Edit => Ok(grant),
            Access::Read => Err(secrets::read_only()),
            Access::Assessor => Err(secrets::assessor_only()),
        }
    }
}

impl Rule for EditWithCurrent {
    const WITH_CURRENT: bool = true;
    fn check(grant: Grant) -> Result<Grant, ApiError> {
        EditSecret::check(grant)
    }
}

impl Rule for ViewerSecret {
    fn check(grant: Grant) -> Result<Grant, ApiError> {
        match grant.access {
            Access::Assessor => Err(secrets::assessor_only()),
            Access::Edit | Access::Read => Ok(grant),
        }
    }
}

/// The proeftuin of the path with a secret that passes rule `R`.
#[derive(Debug)]
pub struct Authorized<R> {
    /// The proeftuin id (checked).
    pub id: String,
    /// What the secret grants, and its row (the link id).
    pub grant: Grant,
    /// The current revision, for a rule that asks for it (`None` otherwise, and when the
    /// proeftuin has no revision).
    pub current: Option<store::Current>,
    rule: PhantomData<R>,
}

impl<R: Rule> FromRequestParts<AppState> for Authorized<R> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ProeftuinId(id) = ProeftuinId::from_request_parts(parts, state).await?;
        let client = match ClientKey::from_request_parts(parts, state).await {
            Ok(client) => client,
            Err(never) => match never {},
        };
        let (grant, current) =
            secrets::authorize(state, client, &id, &parts.headers, R::WITH_CURRENT).await?;
        Ok(Self {
            id,
            grant: R::check(grant)?,
            current,
            rule: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn grant(access: Access) -> Grant {
        Grant {
            access,
            link_id: "l-1".into(),
        }
    }

    fn outcome<R: Rule>(access: Access) -> Result<Access, ErrorCode> {
        R::check(grant(access))
            .map(|g| g.access)
            .map_err(|e| e.body.code)
    }

    #[test]
    fn each_rule_lets_through_what_its_name_says() {
        use Access::{Assessor, Edit, Read};
        for access in [Edit, Read, Assessor] {
            assert_eq!(outcome::<AnySecret>(access), Ok(access));
        }
        assert_eq!(outcome::<EditSecret>(Edit), Ok(Edit));
        assert_eq!(outcome::<EditSecret>(Read), Err(ErrorCode::ReadOnly));
        assert_eq!(outcome::<EditSecret>(Assessor), Err(ErrorCode::ReadOnly));
        for access in [Edit, Read, Assessor] {
            assert_eq!(
                outcome::<EditWithCurrent>(access),
                outcome::<EditSecret>(access)
            );
        }
        assert_eq!(outcome::<ViewerSecret>(Edit), Ok(Edit));
        assert_eq!(outcome::<ViewerSecret>(Read), Ok(Read));
        assert_eq!(outcome::<ViewerSecret>(Assessor), Err(ErrorCode::ReadOnly));
    }
}
