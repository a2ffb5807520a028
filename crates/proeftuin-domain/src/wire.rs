//! The HTTP contract between the app and the server, defined once and used by
//! both sides: header names, the error body with its [`ErrorCode`]s, round and
//! access states, and the request and answer types of `/api`.
//!
//! Nothing here does I/O; the server (axum) and the client (fetch) serialise
//! these types with serde. Where an answer carries a document it is a
//! [`serde_json::Value`]: the client migrates and reads it with
//! [`crate::storage`], the server passes stored JSON text through unchanged.
//!
//! The route table with the rules of each route is in the server's `api`
//! module documentation.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::access::Access;
use crate::assessment::AssessorScores;
use crate::validation::FieldError;

/// The request header that carries a capability secret (lower case: HTTP
/// header names are case-insensitive, and this is the form `http` wants).
pub const SECRET_HEADER: &str = "x-proeftuin-secret";

/// The request header of a create that may be retried: the same key with the
/// same document gives the same answer again instead of a second proeftuin.
pub const CREATION_KEY_HEADER: &str = "idempotency-key";

/// How long the server remembers a creation key: a retry within this many
/// hours gets the first answer again; after that the key is forgotten.
pub const CREATION_KEY_HOURS: i64 = 24;

/// True for a well-formed creation key: 16 to 128 characters of `A-Z a-z 0-9 - _`
/// (the app sends 32 hex digits from `crypto.getRandomValues`).
pub fn is_creation_key(key: &str) -> bool {
    (16..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Characters of a secret: 32 random bytes as base64url without padding.
pub const SECRET_CHARS: usize = 43;

/// The value of one base64url character, if it is one.
fn base64url_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// True for a well-formed secret: exactly 32 bytes as base64url without
/// padding, in its one canonical spelling ([`SECRET_CHARS`] characters of
/// `A-Z a-z 0-9 - _`, the last one with its two unused bits zero), as the
/// server makes them and [`secret_from_bytes`] writes them.
pub fn is_secret(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == SECRET_CHARS
        && bytes.iter().all(|&c| base64url_value(c).is_some())
        && base64url_value(bytes[SECRET_CHARS - 1]).is_some_and(|v| v & 0b11 == 0)
}

/// 32 random bytes as a secret's text (base64url without padding, see
/// [`is_secret`]): how the app writes the personal secret it proposes.
pub fn secret_from_bytes(bytes: &[u8; 32]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut text = String::with_capacity(SECRET_CHARS);
    // 32 bytes are 256 bits: 42 whole characters of 6 bits, and 4 bits left.
    let (mut bits, mut held) = (0u32, 0u32);
    for &byte in bytes {
        bits = (bits << 8) | u32::from(byte);
        held += 8;
        while held >= 6 {
            held -= 6;
            text.push(char::from(ALPHABET[((bits >> held) & 63) as usize]));
        }
    }
    text.push(char::from(ALPHABET[((bits << (6 - held)) & 63) as usize]));
    text
}

/// The answer header that names the request, also in the server's log lines.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Every API path starts with this.
pub const API_PREFIX: &str = "/api";

/// The path of one proeftuin (`id` is put in as it is: callers encode it).
pub fn proeftuin_path(id: &str) -> String {
    format!("{API_PREFIX}/proeftuinen/{id}")
}

/// Stable, machine-readable reason of an error answer. Each code has one HTTP
/// status ([`ErrorCode::status`]). Codes this build does not know (a newer
/// server) read as [`ErrorCode::Unknown`], so a client never fails on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the request cannot be read at all.
    BadRequest,
    /// 400: the body is no JSON (or not the JSON expected).
    BadJson,
    /// 400: the JSON nests too deep.
    TooDeep,
    /// 400: the id in the path is no proeftuin id.
    BadId,
    /// 400: the `If-Match` header is no revision.
    BadPrecondition,
    /// 400: a revision number in the path is no whole number from 1.
    BadRevision,
    /// 400: the creation key is not a key.
    BadCreationKey,
    /// 400: the personal secret a device proposes is not a secret.
    BadSecret,
    /// 403: the secret only allows reading.
    ReadOnly,
    /// 403: only an assessor's secret may do this.
    NotAssessor,
    /// 404: unknown id, wrong, missing or revoked secret (never said which).
    NotFound,
    /// 405: this method is not allowed on this path.
    MethodNotAllowed,
    /// 408: the request took too long to arrive.
    Timeout,
    /// 409: a proeftuin with this id exists already.
    Exists,
    /// 409: a proeftuin has too many links.
    TooManyLinks,
    /// 409: a round is still open.
    RoundOpen,
    /// 409: the round is closed.
    RoundClosed,
    /// 409: the assessor handed in already.
    Submitted,
    /// 409: the invitation was taken already, on another device.
    InvitationClaimed,
    /// 409: the creation key was used before for another document.
    CreationKeyReused,
    /// 409: the link the request itself uses cannot be revoked with it.
    OwnLink,
    /// 403: the secret is an assessor's invitation, to be claimed first.
    NotClaimed,
    /// 412: someone saved a newer revision first (the body has it).
    Stale,
    /// 413: the body is too large.
    TooLarge,
    /// 413: the proeftuin's history has reached its size limit on the server.
    QuotaExceeded,
    /// 415: the body is not sent as JSON.
    UnsupportedMediaType,
    /// 422: the server cannot use this document (see `fields`).
    Invalid,
    /// 422: the document was written by a newer version of the app.
    NewerVersion,
    /// 422: too many items in one request.
    TooMany,
    /// 428: an update needs `If-Match`.
    PreconditionRequired,
    /// 429: too many wrong secrets from this client.
    TooManyAttempts,
    /// 429: too many new proeftuinen, links or rounds from this client.
    TooManyRequests,
    /// 500: something failed on the server.
    Internal,
    /// 503: the server is too busy right now (`Retry-After`).
    Busy,
    /// 503: the database could not read or write (an I/O error).
    StorageError,
    /// 507: the server's disk is full.
    StorageFull,
    /// A code this build does not know.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// Every code this build knows (for tests and documentation).
    pub const ALL: [ErrorCode; 36] = [
        ErrorCode::BadRequest,
        ErrorCode::BadJson,
        ErrorCode::TooDeep,
        ErrorCode::BadId,
        ErrorCode::BadPrecondition,
        ErrorCode::BadRevision,
        ErrorCode::BadCreationKey,
        ErrorCode::BadSecret,
        ErrorCode::ReadOnly,
        ErrorCode::NotAssessor,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Timeout,
        ErrorCode::Exists,
        ErrorCode::TooManyLinks,
        ErrorCode::RoundOpen,
        ErrorCode::RoundClosed,
        ErrorCode::Submitted,
        ErrorCode::InvitationClaimed,
        ErrorCode::CreationKeyReused,
        ErrorCode::OwnLink,
        ErrorCode::NotClaimed,
        ErrorCode::Stale,
        ErrorCode::TooLarge,
        ErrorCode::QuotaExceeded,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Invalid,
        ErrorCode::NewerVersion,
        ErrorCode::TooMany,
        ErrorCode::PreconditionRequired,
        ErrorCode::TooManyAttempts,
        ErrorCode::TooManyRequests,
        ErrorCode::Internal,
        ErrorCode::Busy,
        ErrorCode::StorageError,
        ErrorCode::StorageFull,
    ];

    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            BadRequest | BadJson | TooDeep | BadId | BadPrecondition | BadRevision
            | BadCreationKey | BadSecret => 400,
            ReadOnly | NotAssessor | NotClaimed => 403,
            NotFound => 404,
            MethodNotAllowed => 405,
            Timeout => 408,
            Exists | TooManyLinks | RoundOpen | RoundClosed | Submitted | InvitationClaimed
            | CreationKeyReused | OwnLink => 409,
            Stale => 412,
            TooLarge | QuotaExceeded => 413,
            UnsupportedMediaType => 415,
            Invalid | NewerVersion | TooMany => 422,
            PreconditionRequired => 428,
            TooManyAttempts | TooManyRequests => 429,
            Internal | Unknown => 500,
            Busy | StorageError => 503,
            StorageFull => 507,
        }
    }

    /// The wire name, e.g. `not_found`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            BadRequest => "bad_request",
            BadJson => "bad_json",
            TooDeep => "too_deep",
            BadId => "bad_id",
            BadPrecondition => "bad_precondition",
            BadRevision => "bad_revision",
            BadCreationKey => "bad_creation_key",
            BadSecret => "bad_secret",
            ReadOnly => "read_only",
            NotAssessor => "not_assessor",
            NotFound => "not_found",
            MethodNotAllowed => "method_not_allowed",
            Timeout => "timeout",
            Exists => "exists",
            TooManyLinks => "too_many_links",
            RoundOpen => "round_open",
            RoundClosed => "round_closed",
            Submitted => "submitted",
            InvitationClaimed => "invitation_claimed",
            CreationKeyReused => "creation_key_reused",
            OwnLink => "own_link",
            NotClaimed => "not_claimed",
            Stale => "stale",
            TooLarge => "too_large",
            QuotaExceeded => "quota_exceeded",
            UnsupportedMediaType => "unsupported_media_type",
            Invalid => "invalid",
            NewerVersion => "newer_version",
            TooMany => "too_many",
            PreconditionRequired => "precondition_required",
            TooManyAttempts => "too_many_attempts",
            TooManyRequests => "too_many_requests",
            Internal => "internal",
            Busy => "busy",
            StorageError => "storage_error",
            StorageFull => "storage_full",
            Unknown => "unknown",
        }
    }

    /// The code for an error status that no handler chose a code for (a
    /// layer's 413, axum's 405, a timeout), with its plain Dutch message.
    pub fn for_status(status: u16) -> (ErrorCode, &'static str) {
        match status {
            400 => (ErrorCode::BadRequest, "Dit verzoek kan de server niet lezen."),
            404 => (ErrorCode::NotFound, "Dit adres bestaat niet (meer)."),
            405 => (
                ErrorCode::MethodNotAllowed,
                "Deze handeling kan niet op dit adres.",
            ),
            408 => (
                ErrorCode::Timeout,
                "Het verzoek kwam te langzaam binnen. Probeer het opnieuw.",
            ),
            413 => (
                ErrorCode::TooLarge,
                "Dit is te veel gegevens in één keer: hooguit 2 MB.",
            ),
            415 => (
                ErrorCode::UnsupportedMediaType,
                "Stuur de gegevens als JSON (Content-Type: application/json).",
            ),
            422 => (
                ErrorCode::Invalid,
                "Deze gegevens kan de server niet gebruiken.",
            ),
            429 => (
                ErrorCode::TooManyAttempts,
                "Te veel pogingen. Wacht even en probeer het opnieuw.",
            ),
            503 => (
                ErrorCode::Busy,
                "De server is even te druk. Probeer het zo opnieuw; je gegevens op dit apparaat blijven bewaard.",
            ),
            s if s >= 500 => (
                ErrorCode::Internal,
                "Er ging iets mis op de server. Probeer het later opnieuw.",
            ),
            _ => (
                ErrorCode::BadRequest,
                "Dit verzoek kan de server niet verwerken.",
            ),
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// JSON body of every error answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErrorBody {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// Plain Dutch message for the user.
    #[serde(default)]
    pub message: String,
    /// Field errors, by field path, when the document was refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Only for `stale` (412): the revision currently stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
    /// Only for `stale` (412): the document currently stored, so the client can merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Value>,
}

impl ErrorBody {
    /// A body with a code and a message only.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
            revision: None,
            document: None,
        }
    }
}

/// Answer of a create (`POST /api/proeftuinen`, 201).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Created {
    /// The proeftuin id.
    pub id: String,
    /// Always 1.
    pub revision: i64,
    /// The edit secret, shown once (and again to a retry with the same creation key).
    pub edit_secret: String,
    /// The stored document.
    pub document: Value,
}

/// Answer of reading or writing one proeftuin (and one old revision).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocumentAnswer {
    /// The proeftuin id.
    pub id: String,
    /// The revision of `document`.
    pub revision: i64,
    /// What the request's secret allows (not in answers to writes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// Only for an old revision: when it was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<String>,
    /// The document.
    pub document: Value,
}

/// Body of `POST /api/proeftuinen/{id}/links`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LinkRequest {
    /// The access the new secret grants; only `read`.
    pub access: Access,
}

/// Answer of making a link (201).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewLink {
    /// The new secret: shown once, stored only as a hash.
    pub secret: String,
    /// What it allows.
    pub access: Access,
    /// The link's id (not secret), to revoke it later.
    pub link_id: String,
}

/// What kind of link a secret is, in the owner's list of links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// The edit secret (made with the proeftuin).
    Edit,
    /// A read-only link.
    Read,
    /// An assessor's invitation that nobody has opened yet.
    Invitation,
    /// An assessor's personal secret (claimed from an invitation, or a link
    /// of a round opened before invitations existed).
    Assessor,
}

/// One live link of `GET /api/proeftuinen/{id}/links`; never the secret itself.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LinkInfo {
    /// The link's id (not secret), for `DELETE .../links/{link_id}`.
    pub link_id: String,
    /// What kind of link it is.
    pub kind: LinkKind,
    /// For an invitation or an assessor's secret: the assessor's name or role.
    #[serde(default)]
    pub label: Option<String>,
    /// For an invitation or an assessor's secret: the round.
    #[serde(default)]
    pub round: Option<i64>,
    /// When it was made (server time, RFC 3339).
    pub created_at: String,
    /// When it was last used, to the minute (server time), or `null`.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// True for the secret the request itself carries (it cannot be revoked with itself).
    #[serde(default)]
    pub current: bool,
}

/// Body of claiming an invitation (`POST .../assessment/claim`): the
/// personal secret the device proposes, made on the device and kept there
/// before it is sent, so a claim whose answer was lost can be sent again with
/// the same one and get the same answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimRequest {
    /// 32 random bytes as base64url ([`is_secret`]); the server keeps only
    /// its hash.
    pub secret: String,
}

/// Answer of claiming an invitation (`POST .../assessment/claim`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claimed {
    /// The assessor's personal secret: only this device gets it, stored on the
    /// server as a hash (the one the device proposed in its [`ClaimRequest`]).
    pub secret: String,
}

/// One entry of `GET /api/proeftuinen/{id}/revisions`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RevisionInfo {
    /// Revision number, from 1.
    pub revision: i64,
    /// When it was saved (server time, RFC 3339).
    pub saved_at: String,
}

/// One pair the caller holds, for `POST /api/proeftuinen/summaries`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Held {
    /// Proeftuin id.
    pub id: String,
    /// A secret for it.
    pub secret: String,
}

/// One proeftuin the caller may see.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// Proeftuin id.
    pub id: String,
    /// Current revision.
    pub revision: i64,
    /// What the caller's secret allows.
    pub access: Access,
    /// `vertrekpunt.naam` of the document.
    pub name: String,
    /// Life-cycle status key, e.g. `concept`.
    pub status: String,
    /// The document's own `changed` time (last edit, client clock).
    pub changed: Option<String>,
    /// When the current revision was saved (server clock).
    pub saved_at: String,
}

/// Whether a round still takes scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RoundStatus {
    /// Assessors can save and submit.
    Open,
    /// Closed by the owner: nothing changes any more.
    Closed,
}

impl RoundStatus {
    /// True while assessors may still score.
    pub fn is_open(self) -> bool {
        self == RoundStatus::Open
    }
}

/// One assessor to invite: only a label (name or role), no other personal data.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct NamedAssessor {
    /// Name or role, e.g. `Inkoop`.
    pub label: String,
}

/// Body of `POST /api/proeftuinen/{id}/rounds`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct RoundRequest {
    /// The assessors, in the order they are shown.
    pub assessors: Vec<NamedAssessor>,
}

/// An invited assessor with the secret of their invitation (shown once; claimed
/// once on the assessor's device for a personal secret).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AssessorLink {
    /// Id of the assessor (not secret).
    pub assessor_id: String,
    /// Name or role, trimmed.
    pub label: String,
    /// The invitation's secret: shown once, stored only as a hash.
    pub secret: String,
}

/// Answer of opening a round (201).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OpenedRound {
    /// Round number, from 1 per proeftuin.
    pub round: i64,
    /// Always `open`.
    pub status: RoundStatus,
    /// The assessors with their links.
    pub assessors: Vec<AssessorLink>,
}

/// One assessor in a [`RoundView`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AssessorStatus {
    /// Id of the assessor.
    pub assessor_id: String,
    /// Name or role.
    pub label: String,
    /// When they submitted, or `null`.
    pub submitted_at: Option<String>,
    /// Their submitted scores, only once the round is closed or everyone has
    /// submitted; otherwise `null` (also for a draft).
    pub scores: Option<AssessorScores>,
}

/// One round as the owner (or a reader) sees it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoundView {
    /// Round number.
    pub round: i64,
    /// `open` or `closed`.
    pub status: RoundStatus,
    /// When it was opened (server time, RFC 3339).
    pub created_at: String,
    /// When it was closed, or `null`.
    pub closed_at: Option<String>,
    /// Its assessors, in the order they were named.
    pub assessors: Vec<AssessorStatus>,
}

impl RoundView {
    /// True while assessors may still score.
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }
}

/// What an assessor sees of their own assessment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AssessmentView {
    /// The round they assess in.
    pub round: i64,
    /// `open` or `closed`.
    pub status: RoundStatus,
    /// Their name or role.
    pub label: String,
    /// Their latest draft (after submitting: the submitted scores).
    #[serde(default)]
    pub draft: AssessorScores,
    /// When they submitted, or `null`.
    pub submitted_at: Option<String>,
    /// Their submitted scores, or `null`.
    pub submitted: Option<AssessorScores>,
}

/// Body of `GET /api/health`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Health {
    /// `ok`, `degraded` (the database refused writes lately) or `error`.
    pub status: String,
    /// `ok`, `full`, `io_error` or `unreachable`.
    pub database: String,
    /// Which database: `sqlite` or `postgres`.
    pub backend: String,
    /// Server version.
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_wire_name_and_reads_back() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
            assert!((400..600).contains(&code.status()), "{code}");
        }
    }

    #[test]
    fn a_code_from_a_newer_server_reads_as_unknown() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"brand_new","message":"Nieuw."}"#).unwrap();
        assert_eq!(body.code, ErrorCode::Unknown);
        assert_eq!(body.message, "Nieuw.");
    }

    #[test]
    fn the_default_code_of_a_status_has_that_status() {
        for status in [400, 404, 405, 408, 413, 415, 422, 429, 503] {
            let (code, message) = ErrorCode::for_status(status);
            assert_eq!(code.status(), status);
            assert!(!message.is_empty());
        }
    }

    #[test]
    fn creation_keys_are_16_to_128_url_safe_characters() {
        assert!(is_creation_key("0123456789abcdef"));
        assert!(is_creation_key(&"a".repeat(128)));
        assert!(!is_creation_key("0123456789abcde"));
        assert!(!is_creation_key(&"a".repeat(129)));
        assert!(!is_creation_key("0123456789abcdef gap"));
        assert!(!is_creation_key("0123456789abcdef/"));
    }

    #[test]
    fn secrets_are_32_bytes_of_canonical_base64url() {
        let zeros = secret_from_bytes(&[0; 32]);
        assert_eq!(zeros, "A".repeat(43));
        let ones = secret_from_bytes(&[0xff; 32]);
        assert_eq!(ones, format!("{}8", "_".repeat(42)));
        let counting: [u8; 32] = std::array::from_fn(|i| i as u8);
        assert_eq!(
            secret_from_bytes(&counting),
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
        );
        for good in [&zeros, &ones, &secret_from_bytes(&counting)] {
            assert!(is_secret(good), "{good}");
        }
        let short = "A".repeat(42);
        let long = "A".repeat(44);
        // The last character of 32 bytes carries 4 bits: `B` is not canonical.
        let loose = format!("{}B", "A".repeat(42));
        let padded = format!("{}=", "A".repeat(42));
        let plus = format!("+{}", "A".repeat(42));
        let spaced = format!(" {}", "A".repeat(42));
        let accent = format!("é{}", "A".repeat(41));
        for bad in ["", &short, &long, &loose, &padded, &plus, &spaced, &accent] {
            assert!(!is_secret(bad), "{bad:?}");
        }
    }

    #[test]
    fn link_kinds_have_snake_case_names() {
        assert_eq!(
            serde_json::to_string(&LinkKind::Invitation).unwrap(),
            "\"invitation\""
        );
        assert_eq!(
            serde_json::from_str::<LinkKind>("\"assessor\"").unwrap(),
            LinkKind::Assessor
        );
    }

    #[test]
    fn round_status_names_match_the_json() {
        assert_eq!(
            serde_json::to_string(&RoundStatus::Open).unwrap(),
            "\"open\""
        );
        assert_eq!(
            serde_json::from_str::<RoundStatus>("\"closed\"").unwrap(),
            RoundStatus::Closed
        );
    }
}
