//! Reading requests without trusting them: ids, content type, JSON bodies
//! (size, nesting depth, syntax), documents (types, migration, consistency)
//! and `If-Match`. Every refusal is an [`ApiError`] with a Dutch message, never
//! a panic.
//!
//! Bodies are taken as raw bytes and parsed here rather than with axum's
//! `Json` extractor, so every kind of bad body gets our own error shape.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::header::{self, HeaderValue};
use axum::http::{HeaderMap, StatusCode};
use proeftuin_domain::storage::read_stored;
use proeftuin_domain::{check_consistency, FieldError, ImportError, Proeftuin};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, ErrorCode};

/// Longest id, in characters.
pub const MAX_ID_CHARS: usize = 200;
/// Deepest JSON nesting accepted (a proeftuin document needs about 5 levels).
/// Deeper bodies are refused before parsing; serde_json's own limit is 128.
pub const MAX_JSON_DEPTH: usize = 64;
/// Ids that name a route under `/api/proeftuinen/` and so cannot be a proeftuin.
pub const RESERVED_IDS: &[&str] = &["summaries"];

/// True for 1 to 200 characters of `A-Z a-z 0-9 _ -`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// 400 `bad_id`.
pub fn bad_id() -> ApiError {
    ApiError::new(
        ErrorCode::BadId,
        "Dit is geen geldig proeftuin-id: gebruik 1 tot 200 letters, cijfers, - of _.",
    )
}

/// Checks an id from a path or a body.
pub fn check_id(id: &str) -> Result<(), ApiError> {
    if is_valid_id(id) && !RESERVED_IDS.contains(&id) {
        Ok(())
    } else {
        Err(bad_id())
    }
}

/// 415 unless the request says its body is JSON.
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if is_json {
        Ok(())
    } else {
        Err(ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE))
    }
}

/// The body bytes, or the JSON error for a failed read (413 over the limit).
pub fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        let status = rejection.status();
        let status = if status.is_client_error() {
            status
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError::for_status(status)
    })
}

fn bad_json(message: &str) -> ApiError {
    ApiError::new(ErrorCode::BadJson, message)
}

/// True when `bytes`, read as JSON, nests arrays and objects deeper than `max`.
/// Brackets inside strings do not count.
pub fn nests_deeper_than(bytes: &[u8], max: usize) -> bool {
    /// What a byte means outside a string: 0 nothing, else one of these.
    const QUOTE: u8 = 1;
    const OPEN: u8 = 2;
    const CLOSE: u8 = 3;
    const CLASS: [u8; 256] = {
        let mut class = [0u8; 256];
        class[b'"' as usize] = QUOTE;
        class[b'[' as usize] = OPEN;
        class[b'{' as usize] = OPEN;
        class[b']' as usize] = CLOSE;
        class[b'}' as usize] = CLOSE;
        class
    };
    let mut depth = 0usize;
    let mut rest = bytes.iter();
    while let Some(&b) = rest.next() {
        match CLASS[usize::from(b)] {
            0 => {}
            QUOTE => loop {
                // To the end of the string; an escaped character is skipped.
                match rest.next() {
                    None => return false,
                    Some(b'"') => break,
                    Some(b'\\') => {
                        rest.next();
                    }
                    Some(_) => {}
                }
            },
            OPEN => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            _ => depth = depth.saturating_sub(1),
        }
    }
    false
}

/// The body as UTF-8 JSON text, not parsed yet: 415 unless it says it is
/// JSON, 400 `bad_json` when it is not UTF-8, 400 `too_deep` for nesting
/// deeper than [`MAX_JSON_DEPTH`].
fn json_text<'b>(headers: &HeaderMap, body: &'b [u8]) -> Result<&'b str, ApiError> {
    require_json(headers)?;
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(bad_json(
            "Dit is geen leesbare JSON: de tekst is niet in UTF-8.",
        ));
    };
    if nests_deeper_than(text.as_bytes(), MAX_JSON_DEPTH) {
        return Err(ApiError::new(
            ErrorCode::TooDeep,
            "Deze JSON is te diep genest; zo ziet een proeftuin-document er niet uit.",
        ));
    }
    Ok(text)
}

/// `text` (from [`json_text`]) as a JSON value: 400 `bad_json` with the
/// place of the first error.
fn json_value(text: &str) -> Result<Value, ApiError> {
    let trimmed = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<Value>(trimmed).map_err(|err| {
        bad_json(&format!(
            "Dit is geen geldige JSON (regel {}, teken {}).",
            err.line(),
            err.column()
        ))
    })
}

/// The body's parsed JSON value: 415 unless it says it is JSON, 400
/// `bad_json` for broken JSON, 400 `too_deep` for nesting deeper than
/// [`MAX_JSON_DEPTH`].
pub fn json_body(headers: &HeaderMap, body: Bytes) -> Result<Value, ApiError> {
    json_value(json_text(headers, &body)?)
}

/// A JSON body as `T`; a value of the wrong shape is 422 `invalid`.
pub fn typed_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Bytes,
    what: &str,
) -> Result<T, ApiError> {
    let value = json_body(headers, body)?;
    serde_json::from_value(value).map_err(|_| {
        ApiError::new(
            ErrorCode::Invalid,
            &format!("Deze gegevens kloppen niet: verwacht werd {what}."),
        )
    })
}

/// Like [`typed_body`], for a `T` that must come as a JSON object (serde would
/// also read a struct from an array of its fields).
pub fn typed_object<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Bytes,
    what: &str,
) -> Result<T, ApiError> {
    let value = json_body(headers, body)?;
    let wrong = || {
        invalid(&format!(
            "Deze gegevens kloppen niet: verwacht werd {what}."
        ))
    };
    if !value.is_object() {
        return Err(wrong());
    }
    serde_json::from_value(value).map_err(|_| wrong())
}

fn invalid(message: &str) -> ApiError {
    ApiError::new(ErrorCode::Invalid, message)
}

/// A proeftuin document from a request body, the same checks as an import:
/// JSON (400), a document at all (422), a known schema version (422
/// `newer_version`; older versions are migrated), the right types (422 with
/// the path), a valid id (400 `bad_id`) and [`check_consistency`] (422 with
/// `fields`). An export file (`{"format": "proeftuin-wizard", ...}`) is
/// accepted too.
pub fn document(headers: &HeaderMap, body: Bytes) -> Result<Proeftuin, ApiError> {
    let text = json_text(headers, &body)?;
    // One parse on the way in; only a refused body is read again, to say why.
    let doc = read_stored(text).map_err(|err| document_error(text, err))?;
    if check_id(&doc.id).is_err() {
        return Err(bad_id().with_fields(vec![FieldError::new(
            "id",
            "Gebruik 1 tot 200 letters, cijfers, - of _.",
        )]));
    }
    let errors = check_consistency(&doc);
    if !errors.is_empty() {
        let mut message =
            "Het document bevat gegevens die niet kloppen, daarom is het niet opgeslagen."
                .to_string();
        if let Some(first) = errors.first() {
            message.push_str(&format!(" Bij {}: {}", first.path, first.message));
        }
        return Err(invalid(&message).with_fields(errors));
    }
    Ok(doc)
}

/// Why [`parse_stored`] refused `text`, checked in the order a reader meets
/// it: broken JSON (400 with the place), no JSON object (422), then the
/// document's own error.
fn document_error(text: &str, err: ImportError) -> ApiError {
    match json_value(text) {
        Err(broken) => return broken,
        Ok(value) if !value.is_object() => {
            return invalid("Dit is geen proeftuin-document: verwacht werd een JSON-object.")
        }
        Ok(_) => {}
    }
    match err {
        ImportError::NewerVersion { found } => ApiError::new(
            ErrorCode::NewerVersion,
            &format!(
                "Dit document komt uit een nieuwere versie van de app (versie {found}). \
                 Werk de app bij en probeer het opnieuw."
            ),
        )
        .with_fields(vec![FieldError::new(
            "schema_version",
            "Deze versie kent de server nog niet.",
        )]),
        ImportError::Invalid(detail) => {
            let fields = detail
                .strip_prefix("Bij ")
                .and_then(|rest| rest.split_once(": "))
                .map(|(path, what)| vec![FieldError::new(path, what.trim_end_matches('.'))])
                .unwrap_or_default();
            invalid(&format!("Het document bevat verkeerde gegevens. {detail}")).with_fields(fields)
        }
        ImportError::NotJson => bad_json("Dit is geen geldige JSON."),
        ImportError::Foreign => {
            invalid("Dit is geen proeftuin-document: er staat geen vertrekpunt of plan in.")
        }
        other => invalid(&other.message()),
    }
}

/// The revision in `If-Match: "<n>"` (also accepted: `W/"<n>"` and a bare
/// number): 428 `precondition_required` when the header is missing, 400
/// `bad_precondition` when it is not one revision (`*` included: a write must
/// name the revision it builds on).
pub fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(ApiError::new(
            ErrorCode::PreconditionRequired,
            "Stuur de versie mee waarop je wijziging voortbouwt (If-Match), \
             zodat de wijziging van een ander niet verloren gaat.",
        ));
    };
    value
        .to_str()
        .ok()
        .map(str::trim)
        .map(|v| v.strip_prefix("W/").unwrap_or(v))
        .map(|v| v.trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::BadPrecondition,
                "If-Match moet één versie noemen, zoals \"3\".",
            )
        })
}

/// The `ETag` value for a revision: `"<n>"`.
pub fn etag(revision: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{revision}\"")).expect("digits and quotes are a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_1_to_200_safe_characters() {
        assert!(is_valid_id("ey-itvitae_2024"));
        assert!(is_valid_id(&"a".repeat(200)));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id(&"a".repeat(201)));
        assert!(!is_valid_id("met spatie"));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("é"));
        assert!(check_id("summaries").is_err());
    }

    #[test]
    fn nesting_depth_ignores_brackets_in_strings() {
        assert!(!nests_deeper_than(br#"{"a":[[1]]}"#, 3));
        assert!(nests_deeper_than(br#"{"a":[[[1]]]}"#, 3));
        assert!(!nests_deeper_than(br#"{"a":"[[[[[[\"[[[["}"#, 1));
        assert!(nests_deeper_than(&[b'['; 10_000], MAX_JSON_DEPTH));
    }

    #[test]
    fn nesting_depth_skips_escaped_quotes_in_strings() {
        assert!(!nests_deeper_than(br#"["\"[[[[", "\\"]"#, 1));
        assert!(nests_deeper_than(br#"["\\", [[1]]]"#, 2));
        assert!(
            !nests_deeper_than(br#"{"a": "[[[[[[[[[[["#, 1),
            "unterminated"
        );
    }

    #[test]
    fn if_match_accepts_quoted_weak_and_bare_revisions() {
        let mut h = HeaderMap::new();
        for (v, n) in [("\"3\"", 3), ("W/\"4\"", 4), ("5", 5)] {
            h.insert(header::IF_MATCH, HeaderValue::from_static(v));
            assert_eq!(if_match(&h).unwrap(), n);
        }
        h.insert(header::IF_MATCH, HeaderValue::from_static("*"));
        assert_eq!(if_match(&h).unwrap_err().status, StatusCode::BAD_REQUEST);
        assert_eq!(
            if_match(&HeaderMap::new()).unwrap_err().status,
            StatusCode::PRECONDITION_REQUIRED
        );
    }
}
