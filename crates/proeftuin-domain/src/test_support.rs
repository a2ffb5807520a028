//! Helpers shared by the unit tests of this crate.

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{Afspraak, Partij};

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

/// The calendar date; panics on one that does not exist.
pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An agreement without a date.
pub(crate) fn afspraak(id: &str, partij: Partij, wat: &str, eigenaar: &str) -> Afspraak {
    Afspraak {
        id: id.into(),
        partij,
        wat: wat.into(),
        eigenaar: eigenaar.into(),
        datum: None,
    }
}
