//! How the revision history is kept: the compact encoding of old revisions
//! and the thinning policy. Pure functions over text and times; the SQL that
//! uses them is in [`super::store`].
//!
//! # Encoding
//! The current revision is the document in `proeftuinen.document`, stored
//! whole as JSON text; its row in `revisions` has encoding [`CURRENT`] and no
//! data, so it is not stored twice. An older revision is a **reverse delta**:
//! the revision compressed with zstd using the next newer kept revision as the
//! dictionary ([`DELTA`]), so a small edit costs tens of bytes. Reading
//! revision `k` starts at the nearest newer revision stored whole (the current
//! one, or one stored [`WHOLE`]: zstd on its own) and undoes the deltas down
//! to `k`; so that this walk stays short, every [`KEYFRAME_EVERY`]-th revision
//! is stored whole. Rows written before this encoding have encoding [`FULL`]
//! (plain JSON text in `revisions.document`) and are read as they are; the
//! first thinning pass of a proeftuin rewrites them as deltas.
//!
//! Decoding gives back exactly the bytes that were encoded (zstd is
//! lossless), so an old revision reads back byte for byte as it was stored.
//!
//! # Thinning
//! [`to_drop`] says which revisions a proeftuin no longer keeps: every
//! revision of the last 24 hours stays; older than that, one per clock hour
//! (the newest of that hour) up to a week; older than a week, one per day
//! (UTC; the newest of that day). The current revision always stays, and
//! revision numbers are never reused (a new revision is always the current
//! one plus one).

use std::collections::HashSet;

use chrono::{DateTime, Duration, DurationRound, Utc};

/// Encoding of the row of the current revision: the text is `proeftuinen.document`.
pub const CURRENT: &str = "current";
/// Encoding of a row from before compact storage: plain JSON text in `revisions.document`.
pub const FULL: &str = "full";
/// Encoding of an old revision compressed on its own (zstd).
pub const WHOLE: &str = "zstd";
/// Encoding of an old revision compressed against the next newer kept one.
pub const DELTA: &str = "zdelta";

/// Every revision whose number is a multiple of this is stored [`WHOLE`]
/// when it stops being the current one, so reading an old revision undoes at
/// most about this many deltas.
pub const KEYFRAME_EVERY: i64 = 64;

/// Every revision younger than this is kept.
pub const KEEP_ALL_FOR: Duration = Duration::hours(24);
/// Older than [`KEEP_ALL_FOR`] and younger than this: one per hour.
pub const HOURLY_FOR: Duration = Duration::days(7);

/// zstd level: fast, and on JSON with a dictionary almost as small as the
/// slow levels (measured on plans: about 50 bytes per small edit of a 30 KB plan).
const LEVEL: i32 = 3;

/// Largest text a stored frame may claim to hold (guards the allocation
/// against a damaged row; documents are at most 2 MiB).
const MAX_TEXT: u64 = 64 * 1024 * 1024;

/// Why stored history could not be read back.
#[derive(Debug)]
pub struct CorruptHistory(pub String);

impl std::fmt::Display for CorruptHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stored history cannot be decoded: {}", self.0)
    }
}

impl std::error::Error for CorruptHistory {}

/// The zstd window for a frame of `len` bytes with a dictionary of `dict`
/// bytes: large enough that every byte of the dictionary can be matched.
fn window_log(len: usize, dict: usize) -> u32 {
    let span = (len + dict).max(1 << 10);
    let bits = usize::BITS - (span - 1).leading_zeros();
    bits.clamp(10, 27)
}

/// zstd of `text`; with a non-empty `prefix`, matches may point into it (a
/// raw-content dictionary, referenced rather than copied or prepared).
fn compress(text: &str, prefix: &[u8]) -> Vec<u8> {
    use zstd::zstd_safe::{compress_bound, CCtx, CParameter};
    let attempt = || -> Result<Vec<u8>, zstd::zstd_safe::ErrorCode> {
        let mut cctx = CCtx::create();
        cctx.set_parameter(CParameter::CompressionLevel(LEVEL))?;
        cctx.set_parameter(CParameter::WindowLog(window_log(text.len(), prefix.len())))?;
        cctx.set_parameter(CParameter::ContentSizeFlag(true))?;
        cctx.set_parameter(CParameter::ChecksumFlag(true))?;
        if !prefix.is_empty() {
            cctx.ref_prefix(prefix)?;
        }
        let mut out = Vec::with_capacity(compress_bound(text.len()));
        cctx.compress2(&mut out, text.as_bytes())?;
        Ok(out)
    };
    // zstd fails only for want of memory, which aborts anyway.
    attempt().unwrap_or_else(|code| {
        panic!(
            "zstd cannot compress: {}",
            zstd::zstd_safe::get_error_name(code)
        )
    })
}

fn decompress(data: &[u8], prefix: &[u8]) -> Result<String, CorruptHistory> {
    use zstd::zstd_safe::{get_error_name, get_frame_content_size, DCtx, DParameter};
    let corrupt = |code| CorruptHistory(get_error_name(code).to_string());
    let len = get_frame_content_size(data)
        .ok()
        .flatten()
        .filter(|n| *n <= MAX_TEXT)
        .ok_or_else(|| CorruptHistory("no content size in the frame".into()))?;
    let mut dctx = DCtx::create();
    dctx.set_parameter(DParameter::WindowLogMax(27))
        .map_err(corrupt)?;
    if !prefix.is_empty() {
        dctx.ref_prefix(prefix).map_err(corrupt)?;
    }
    let mut out: Vec<u8> = Vec::with_capacity(len as usize);
    dctx.decompress(&mut out, data).map_err(corrupt)?;
    if out.len() as u64 != len {
        return Err(CorruptHistory("the frame is shorter than it says".into()));
    }
    String::from_utf8(out).map_err(|e| CorruptHistory(e.to_string()))
}

/// `text` compressed on its own ([`WHOLE`]).
pub fn encode_whole(text: &str) -> Vec<u8> {
    compress(text, &[])
}

/// `text` as a delta against `newer` ([`DELTA`]).
pub fn encode_delta(text: &str, newer: &str) -> Vec<u8> {
    compress(text, newer.as_bytes())
}

/// The text of a [`WHOLE`] row.
pub fn decode_whole(data: &[u8]) -> Result<String, CorruptHistory> {
    decompress(data, &[])
}

/// The text of a [`DELTA`] row, given the text of the next newer kept revision.
pub fn decode_delta(data: &[u8], newer: &str) -> Result<String, CorruptHistory> {
    decompress(data, newer.as_bytes())
}

/// How revision `revision` is stored once it is no longer the current one
/// and `newer` is the next kept revision: `(encoding, data)`.
pub fn encode_old(revision: i64, text: &str, newer: &str) -> (&'static str, Vec<u8>) {
    if revision % KEYFRAME_EVERY == 0 {
        (WHOLE, encode_whole(text))
    } else {
        (DELTA, encode_delta(text, newer))
    }
}

/// A kept revision as the policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    /// Its number.
    pub revision: i64,
    /// When it was saved.
    pub saved_at: DateTime<Utc>,
}

/// Which bucket of the policy a revision saved at `saved_at` falls in at
/// `now`: `None` while it is kept whatever happens (the last 24 hours), else
/// its tier and the start of its hour or day.
fn bucket(saved_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<(u8, DateTime<Utc>)> {
    let age = now.signed_duration_since(saved_at);
    if age < KEEP_ALL_FOR {
        return None;
    }
    let (tier, unit) = if age < HOURLY_FOR {
        (1, Duration::hours(1))
    } else {
        (2, Duration::days(1))
    };
    // Rounding fails only for dates far outside chrono's range: keep such a revision.
    saved_at
        .duration_trunc(unit)
        .ok()
        .map(|start| (tier, start))
}

/// The revisions of `kept` (any order) that the policy drops at `now`: of
/// all revisions in one bucket, only the newest stays, and `current` is
/// never dropped (in its bucket it counts as the newest, so the others of
/// that bucket go).
pub fn to_drop(kept: &[Kept], current: i64, now: DateTime<Utc>) -> Vec<i64> {
    let mut by_newest: Vec<&Kept> = kept.iter().collect();
    by_newest.sort_by(|a, b| {
        (b.revision == current)
            .cmp(&(a.revision == current))
            .then(b.saved_at.cmp(&a.saved_at))
            .then(b.revision.cmp(&a.revision))
    });
    let mut seen = HashSet::new();
    let mut drop = Vec::new();
    for k in by_newest {
        let Some(key) = bucket(k.saved_at, now) else {
            continue;
        };
        if !seen.insert(key) && k.revision != current {
            drop.push(k.revision);
        }
    }
    drop.sort_unstable();
    drop
}

/// When the next revision of `kept` moves into a tier where it could be
/// dropped (24 hours or a week after it was saved), after `now`; `None` when
/// none will (all are older than a week).
pub fn next_due(kept: &[Kept], current: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    kept.iter()
        .filter(|k| k.revision != current)
        .flat_map(|k| [k.saved_at + KEEP_ALL_FOR, k.saved_at + HOURLY_FOR])
        .filter(|t| *t > now)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_delta_of_a_small_edit_is_small_and_decodes_byte_for_byte() {
        // Text that does not compress much on its own: pseudo-random words.
        let mut seed = 7u64;
        let newer: String = (0..3000)
            .map(|i| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                format!(
                    "{{\"naam\":\"Persoon {i}\",\"code\":\"{:x}\"}},",
                    seed >> 20
                )
            })
            .collect();
        let older = newer.replacen("Persoon 1000\"", "Persoon duizend\"", 1);
        assert_ne!(older, newer);
        let delta = encode_delta(&older, &newer);
        assert!(delta.len() < 100, "{} bytes", delta.len());
        assert_eq!(decode_delta(&delta, &newer).unwrap(), older);
        let whole = encode_whole(&older);
        assert_eq!(decode_whole(&whole).unwrap(), older);
        assert!(whole.len() < older.len() / 3);
    }

    #[test]
    fn a_delta_against_the_wrong_revision_or_damaged_data_is_an_error_or_other_text() {
        let newer = "{\"a\":\"een tekst die lang genoeg is om naar terug te verwijzen\"}";
        let older = "{\"a\":\"een tekst die lang genoeg is om naar terug te verwijzen!\"}";
        let delta = encode_delta(older, newer);
        assert!(decode_delta(&delta[..delta.len() / 2], newer).is_err());
        assert!(decode_whole(b"no zstd at all").is_err());
        assert_ne!(
            decode_delta(&delta, &newer.replace('e', "x"))
                .ok()
                .as_deref(),
            Some(older)
        );
    }

    #[test]
    fn every_keyframe_revision_is_stored_whole() {
        assert_eq!(encode_old(KEYFRAME_EVERY, "{}", "{}").0, WHOLE);
        assert_eq!(encode_old(KEYFRAME_EVERY + 1, "{}", "{}").0, DELTA);
    }

    #[test]
    fn the_last_24_hours_are_kept_then_one_per_hour_then_one_per_day() {
        let now = at("2024-05-20T12:00:00Z");
        let kept = [
            // Three weeks ago, one day: the newest of the day stays.
            Kept {
                revision: 1,
                saved_at: at("2024-04-29T09:00:00Z"),
            },
            Kept {
                revision: 2,
                saved_at: at("2024-04-29T17:00:00Z"),
            },
            // Three days ago, one hour: the newest of the hour stays.
            Kept {
                revision: 3,
                saved_at: at("2024-05-17T10:05:00Z"),
            },
            Kept {
                revision: 4,
                saved_at: at("2024-05-17T10:55:00Z"),
            },
            Kept {
                revision: 5,
                saved_at: at("2024-05-17T11:01:00Z"),
            },
            // Within the last 24 hours: all stay.
            Kept {
                revision: 6,
                saved_at: at("2024-05-20T08:00:00Z"),
            },
            Kept {
                revision: 7,
                saved_at: at("2024-05-20T08:00:01Z"),
            },
            Kept {
                revision: 8,
                saved_at: at("2024-05-20T11:59:59Z"),
            },
        ];
        assert_eq!(to_drop(&kept, 8, now), vec![1, 3]);
        assert_eq!(
            next_due(&kept, 8, now),
            Some(at("2024-05-21T08:00:00Z")),
            "revision 6 leaves the last 24 hours first"
        );
    }

    #[test]
    fn the_current_revision_is_never_dropped_even_when_old() {
        let now = at("2024-06-30T00:00:00Z");
        let kept = [
            Kept {
                revision: 1,
                saved_at: at("2024-05-01T08:00:00Z"),
            },
            Kept {
                revision: 2,
                saved_at: at("2024-05-01T09:00:00Z"),
            },
            Kept {
                revision: 3,
                saved_at: at("2024-05-01T10:00:00Z"),
            },
        ];
        // The current one is the oldest of its day here (a clock set back).
        assert_eq!(to_drop(&kept, 1, now), vec![2, 3]);
        assert_eq!(to_drop(&kept, 3, now), vec![1, 2]);
        assert_eq!(next_due(&kept, 3, now), None);
    }

    #[test]
    fn thinning_again_later_keeps_what_was_kept_before_unless_its_day_has_a_newer_one() {
        let start = at("2024-05-01T00:00:00Z");
        let kept: Vec<Kept> = (1..=200)
            .map(|n| Kept {
                revision: n,
                saved_at: start + Duration::minutes(n * 37),
            })
            .collect();
        let current = 200;
        let mut now = start + Duration::days(2);
        let mut left: Vec<Kept> = kept.clone();
        let mut last_len = left.len();
        for _ in 0..30 {
            let drop = to_drop(&left, current, now);
            left.retain(|k| !drop.contains(&k.revision));
            assert!(left.iter().any(|k| k.revision == current));
            assert!(left.len() <= last_len);
            last_len = left.len();
            // Thinning the same set again at the same time drops nothing more.
            assert!(to_drop(&left, current, now).is_empty());
            now += Duration::hours(13);
        }
        // After weeks, one per day (about 5 days of revisions) plus the current one.
        assert!(left.len() <= 7, "{}", left.len());
    }
}
