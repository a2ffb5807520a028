//! Fuzz target `parse`: any bytes through the document readers of
//! `proeftuin_domain::storage` (import of an export file, the local-storage reader and the
//! migrations).
//!
//! Properties, for every input:
//! - no reader panics, whatever the bytes;
//! - a document that [`import_json`] accepts comes back unchanged through its own export file
//!   and through the local-storage format;
//! - a document that [`parse_stored`] accepts comes back unchanged through the local-storage
//!   format, and its export file is imported unless the document is inconsistent;
//! - [`migrate_value`] is idempotent: migrating a migrated value changes nothing.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use proeftuin_domain::{
    check_consistency, export_json, import_json, migrate_value, parse_stored, stored_json,
    ImportError, Proeftuin,
};
use serde_json::Value;

/// A fixed export time: the readers never depend on it.
fn exported_at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_714_557_600, 0).expect("a valid timestamp")
}

/// The document survives its export file and the local-storage format.
fn assert_round_trips(doc: &Proeftuin) {
    assert_eq!(
        parse_stored(&stored_json(doc)).as_ref(),
        Ok(doc),
        "stored document does not read back the same"
    );
    let export = export_json(doc, exported_at());
    match import_json(&export) {
        Ok(back) => assert_eq!(&back, doc, "exported document does not import the same"),
        // An inconsistent document is refused by import (local storage keeps it, see above).
        Err(ImportError::Inconsistent(errors)) => {
            assert!(!errors.is_empty());
            assert_eq!(errors, check_consistency(doc));
        }
        // A document may grow past the import limit when pretty-printed.
        Err(ImportError::TooLarge) => assert!(export.len() > proeftuin_domain::MAX_IMPORT_BYTES),
        Err(other) => panic!("export of a readable document is refused: {other:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    if let Ok(doc) = import_json(text) {
        assert!(
            check_consistency(&doc).is_empty(),
            "import let an inconsistent document in"
        );
        assert_round_trips(&doc);
    }

    if let Ok(doc) = parse_stored(text) {
        assert_round_trips(&doc);
    }

    if let Ok(value) = serde_json::from_str::<Value>(text) {
        if let Ok(once) = migrate_value(value) {
            assert_eq!(
                migrate_value(once.clone()).as_ref(),
                Ok(&once),
                "migrating twice changed the document"
            );
        }
    }
});
