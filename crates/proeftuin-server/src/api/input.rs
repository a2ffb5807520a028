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
use proeftuin_domain::{
    check_consistency, parse_stored, FieldError, ImportError, Proeftuin, SCHEMA_VERSION,
};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
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
    let doc = match current_document(text) {
        Some(doc) => doc,
        None => parse_stored(text).map_err(|err| document_error(text, err))?,
    };
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

/// `text` as a document, read straight into the types (no JSON value in
/// between, which costs most of a request's time), when it is a bare document
/// of the current [`SCHEMA_VERSION`]: then [`parse_stored`] would neither
/// unwrap nor migrate it and reads the same document. `None` for anything
/// else, and when the text does not read (then [`parse_stored`] says why).
pub fn current_document(text: &str) -> Option<Proeftuin> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let top: TopLevel = serde_json::from_str(text).ok()?;
    let bare = !top.format.0 && (top.vertrekpunt.is_some() || top.plan.is_some());
    if !bare || top.schema_version.0 != Some(u64::from(SCHEMA_VERSION)) {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// What [`parse_stored`] looks at before it reads a document: an export file
/// (`format`, with any value), the schema version, and `vertrekpunt` or
/// `plan` as an object. The rest of the text is skipped, not kept; a repeated
/// key among these makes it fail (and the slow way decides).
#[derive(Deserialize)]
struct TopLevel {
    #[serde(default)]
    format: Seen,
    #[serde(default)]
    schema_version: Whole,
    vertrekpunt: Option<Object>,
    plan: Option<Object>,
}

/// Whether a field is there at all (also with `null`).
#[derive(Default)]
struct Seen(bool);

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(d).map(|_| Seen(true))
    }
}

/// A whole number as `Value::as_u64` reads it; `None` for any other value.
#[derive(Default)]
struct Whole(Option<u64>);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Whole;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_u64<E>(self, v: u64) -> Result<Whole, E> {
                Ok(Whole(Some(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Whole, E> {
                Ok(Whole(u64::try_from(v).ok()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Whole, E> {
                Ok(Whole(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Whole, E> {
                Ok(Whole(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Whole, E> {
                Ok(Whole(None))
            }
            fn visit_unit<E>(self) -> Result<Whole, E> {
                Ok(Whole(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Whole, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Whole(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Whole, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Whole(None))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A JSON object (skipped); any other value (but `null`, which is `None`)
/// does not read.
struct Object;

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Object;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Object, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Object)
            }
        }
        d.deserialize_map(Visitor)
    }
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

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
    }

    #[test]
    fn a_current_document_reads_straight_into_the_same_document() {
        for v in proeftuin_domain::voorbeelden() {
            let doc = proeftuin_domain::voorbeeld_document(v.key, format!("id-{}", v.key), now())
                .unwrap();
            let text = proeftuin_domain::stored_json(&doc);
            let fast = current_document(&text).expect("a stored document of this version");
            assert_eq!(fast, parse_stored(&text).unwrap(), "{}", v.key);
            assert_eq!(fast, doc);
            let pretty = format!("\u{feff}{}", serde_json::to_string_pretty(&doc).unwrap());
            assert_eq!(current_document(&pretty), Some(doc));
        }
    }

    #[test]
    fn everything_but_a_bare_current_document_takes_the_slow_way() {
        let doc = proeftuin_domain::voorbeeld_document("ey-itvitae", "ey-1".into(), now()).unwrap();
        let mut value = serde_json::to_value(&doc).unwrap();
        let with = |change: &dyn Fn(&mut serde_json::Map<String, Value>)| {
            let mut v = value.clone();
            change(v.as_object_mut().unwrap());
            v.to_string()
        };
        let cases = [
            // Migrated: an older version, or none at all (version 1).
            with(&|o| {
                o.insert("schema_version".into(), 1.into());
            }),
            with(&|o| {
                o.remove("schema_version");
            }),
            with(&|o| {
                o.insert("schema_version".into(), Value::Null);
            }),
            // Refused by `parse_stored` with its own errors.
            with(&|o| {
                o.insert("schema_version".into(), 2.0.into());
            }),
            with(&|o| {
                o.insert("schema_version".into(), "2".into());
            }),
            with(&|o| {
                o.insert("schema_version".into(), 3.into());
            }),
            with(&|o| {
                o.insert("format".into(), Value::Null);
            }),
            with(&|o| {
                o.insert("vertrekpunt".into(), serde_json::json!([]));
                o.insert("plan".into(), Value::Null);
            }),
            with(&|o| {
                o.remove("vertrekpunt");
                o.remove("plan");
            }),
            // An export file is unwrapped by `parse_stored`.
            proeftuin_domain::storage::export_json(&doc, now()),
            // A repeated key: `parse_stored` keeps the last one.
            format!(r#"{{"schema_version": 1, {}"#, &value.to_string()[1..]),
            "[]".into(),
            "{".into(),
        ];
        for case in &cases {
            assert_eq!(current_document(case), None, "{case}");
        }
        value["vertrekpunt"]["naam"] = "Anders".into();
        assert!(current_document(&value.to_string()).is_some());
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
