//! Helpers shared by the unit tests of this crate.

use chrono::{DateTime, Utc};

/// The time written as RFC 3339, in UTC.
pub(crate) fn utc(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

/// The fixed "now" of the document tests: 2024-05-01 10:00 UTC.
pub(crate) fn now() -> DateTime<Utc> {
    utc("2024-05-01T10:00:00Z")
}
