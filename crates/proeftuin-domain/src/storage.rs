//! Storage formats: the export file, import with checks and migrations, and the bare document
//! kept in local storage.
//!
//! # Export file (`*.json`)
//! ```json
//! { "format": "proeftuin-wizard", "schema_version": 2,
//!   "exported_at": "2024-05-01T10:00:00Z", "proeftuin": { ...the document... } }
//! ```
//! [`import_json`] also accepts a bare document (an object with `vertrekpunt` or `plan`).
//!
//! # Schema versions
//! - **Version 1** (the first stored layout): no `schema_version` field (or `1`/`0`);
//!   `vertrekpunt.leverancier` was one string (the supplier's name); `plan.doelgroep` was one
//!   target-group key string (same keys as [`crate::model::Doelgroep`]); list items
//!   (stakeholders, partners, afspraken, mijlpalen, risico's, indicatoren) could lack an `id`.
//! - **Version 2**: `vertrekpunt.leveranciers` is a list of `{id, naam}`; `plan.doelgroepen`
//!   is a list of keys; every list item has a unique `id`.
//! - **Version 3** (current, [`SCHEMA_VERSION`]): step 6, `uitvoering` (agreements' state,
//!   measurements, counts of candidates, milestones reached, progress talks, and the plan as
//!   accepted in `uitvoering.geaccepteerd`); an indicator has `streefwaarde` and `eenheid`.
//!   A version 2 plan that was already accepted (or later) gets its current plan and
//!   assessment as the accepted copy, dated `null` (the day is not known).
//!
//! [`migrate_value`] upgrades step by step (1→2→…). Migration is deterministic: new ids are
//! `lev-1`, `sh-1`, `partner-1`, `afspraak-1`, `mijlpaal-1`, `risico-1`, `indicator-1` (the
//! number is the item's position, bumped if already taken). An unknown v1 doelgroep key
//! becomes `anders` with the old text kept in `doelgroep_toelichting`.

use chrono::{DateTime, Utc};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::model::{Doelgroep, Proeftuin, Status};
use crate::validation::{check_consistency, FieldError};
use crate::SCHEMA_VERSION;

/// Value of the `format` field of an export file.
pub const EXPORT_FORMAT: &str = "proeftuin-wizard";
/// Largest file [`import_json`] accepts, in bytes.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

/// The export file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ExportFile {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// Schema version of the document inside.
    pub schema_version: u32,
    /// When the file was made.
    pub exported_at: DateTime<Utc>,
    /// The document.
    pub proeftuin: Proeftuin,
}

/// Why a file or stored text could not be loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge,
    /// Not JSON at all.
    NotJson,
    /// JSON, but not a file of this app.
    Foreign,
    /// Made by a newer version of the app.
    NewerVersion {
        /// The schema version found in the file.
        found: u32,
    },
    /// A field has the wrong kind of value; the text says where, in Dutch.
    Invalid(String),
    /// Readable, but with data that the app refuses (see
    /// [`crate::validation::check_consistency`]).
    Inconsistent(Vec<FieldError>),
}

impl ImportError {
    /// Plain Dutch message for the user.
    pub fn message(&self) -> String {
        match self {
            ImportError::TooLarge => format!(
                "Dit bestand is te groot. Een proeftuin-bestand is hooguit {} MB.",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            ImportError::NotJson => "Dit bestand kan de app niet lezen. Kies een bestand dat \
                 je met deze app hebt geëxporteerd (.json)."
                .to_string(),
            ImportError::Foreign => {
                "Dit bestand is geen proeftuin-bestand van deze app.".to_string()
            }
            ImportError::NewerVersion { found } => format!(
                "Dit bestand komt uit een nieuwere versie van de app (versie {found}). \
                 Werk de app bij en probeer het opnieuw."
            ),
            ImportError::Invalid(detail) => {
                format!("Dit bestand is beschadigd of bevat verkeerde gegevens. {detail}")
            }
            ImportError::Inconsistent(errors) => {
                let mut text =
                    "Dit bestand bevat gegevens die niet kloppen, daarom is het niet geladen."
                        .to_string();
                if let Some(first) = errors.first() {
                    text.push_str(&format!(" Bij {}: {}", first.path, first.message));
                }
                if errors.len() > 1 {
                    text.push_str(&format!(" (en nog {} andere).", errors.len() - 1));
                }
                text
            }
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ImportError {}

/// The export file for a document, as pretty JSON.
pub fn export_json(doc: &Proeftuin, now: DateTime<Utc>) -> String {
    // The same fields as [`ExportFile`], built through [`document_to_value`] (see there).
    let mut file = Map::new();
    file.insert("format".into(), Value::from(EXPORT_FORMAT));
    file.insert("schema_version".into(), Value::from(SCHEMA_VERSION));
    file.insert(
        "exported_at".into(),
        serde_json::to_value(now).expect("a time always serializes"),
    );
    file.insert("proeftuin".into(), document_to_value(doc));
    serde_json::to_string_pretty(&file).expect("a JSON value always serializes")
}

/// A document as compact JSON for local storage (read back with [`parse_stored`]).
///
/// Every serialization of a document in the app goes through this one function (also
/// [`document_to_value`]), and every deserialization through [`document_from_value`]: each
/// serde path is compiled separately for every serializer and deserializer it is used with,
/// so one path each keeps the app's WebAssembly bundle smaller.
pub fn stored_json(doc: &Proeftuin) -> String {
    serde_json::to_string(doc).expect("a proeftuin always serializes")
}

/// A document as a JSON value (through [`stored_json`], see there).
pub fn document_to_value(doc: &Proeftuin) -> Value {
    serde_json::from_str(&stored_json(doc)).expect("stored JSON is always JSON")
}

/// A document from a JSON value of the current version (no migration; see
/// [`migrate_value`]), with the path of the first wrong value in the error.
pub fn document_from_value(value: Value) -> Result<Proeftuin, ImportError> {
    from_value(value)
}

/// `#[serde(with = "proeftuin_domain::storage::as_document")]` for a document field of
/// another stored record: the document goes through [`stored_json`] and
/// [`document_from_value`] like every other document.
pub mod as_document {
    use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;

    use super::{document_to_value, from_value};
    use crate::model::Proeftuin;

    /// Writes the document as its JSON value.
    pub fn serialize<S: Serializer>(doc: &Proeftuin, s: S) -> Result<S::Ok, S::Error> {
        document_to_value(doc).serialize(s)
    }

    /// Reads the document from its JSON value.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Proeftuin, D::Error> {
        from_value(Value::deserialize(d)?).map_err(|e| D::Error::custom(e.message()))
    }
}

/// Reads an export file (or a bare document): size check, JSON check, format check,
/// migration, type check and consistency check.
pub fn import_json(text: &str) -> Result<Proeftuin, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let doc = read_document_value(text)?;
    let doc = from_value(migrate_value(doc)?)?;
    let errors = check_consistency(&doc);
    if errors.is_empty() {
        Ok(doc)
    } else {
        Err(ImportError::Inconsistent(errors))
    }
}

/// Reads a bare document from local storage (an export file is accepted too), with the same
/// migration as [`import_json`]. No size limit and no consistency check, so that a stored
/// draft is never lost: show [`check_consistency`] errors in the UI instead.
pub fn parse_stored(text: &str) -> Result<Proeftuin, ImportError> {
    let doc = read_document_value(text)?;
    from_value(migrate_value(doc)?)
}

/// [`parse_stored`], the one rule for what a stored document is, with a fast way for the
/// common case: a bare document of the current [`SCHEMA_VERSION`] is read straight into the
/// types (no JSON value in between, which would cost most of a server request's time); any
/// other text takes [`parse_stored`]. Both give the same document or the same error.
pub fn read_stored(text: &str) -> Result<Proeftuin, ImportError> {
    match current_document(text) {
        Some(doc) => Ok(doc),
        None => parse_stored(text),
    }
}

/// `text` as a document, read straight into the types (no JSON value in
/// between, which costs most of a request's time), when it is a bare document
/// of the current [`SCHEMA_VERSION`]: then [`parse_stored`] would neither
/// unwrap nor migrate it and reads the same document. `None` for anything
/// else, and when the text does not read (then [`parse_stored`] says why).
fn current_document(text: &str) -> Option<Proeftuin> {
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

/// Parses the text and returns the document object inside (unwrapping an export file).
fn read_document_value(text: &str) -> Result<Value, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|_| ImportError::NotJson)?;
    let Value::Object(mut obj) = value else {
        return Err(ImportError::Foreign);
    };
    match obj.get("format") {
        Some(Value::String(f)) if f == EXPORT_FORMAT => {
            if let Some(found) = obj.get("schema_version").and_then(Value::as_u64) {
                if found > u64::from(SCHEMA_VERSION) {
                    return Err(ImportError::NewerVersion {
                        found: u32::try_from(found).unwrap_or(u32::MAX),
                    });
                }
            }
            match obj.remove("proeftuin") {
                Some(doc @ Value::Object(_)) => Ok(doc),
                _ => Err(ImportError::Invalid(
                    "Er staat geen proeftuin in het bestand.".to_string(),
                )),
            }
        }
        Some(_) => Err(ImportError::Foreign),
        None => {
            let looks_like_doc = ["vertrekpunt", "plan"]
                .iter()
                .any(|k| obj.get(*k).is_some_and(Value::is_object));
            if looks_like_doc {
                Ok(Value::Object(obj))
            } else {
                Err(ImportError::Foreign)
            }
        }
    }
}

fn from_value(value: Value) -> Result<Proeftuin, ImportError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let what = dutch_serde_error(&err.inner().to_string());
        ImportError::Invalid(if path.is_empty() || path == "." {
            format!("{what}.")
        } else {
            format!("Bij {path}: {what}.")
        })
    })
}

/// A Dutch description of a serde_json error message.
fn dutch_serde_error(message: &str) -> String {
    if message.contains("unknown variant") {
        return "hier staat een keuze die de app niet kent".to_string();
    }
    if let Some(expected) = message.split("expected ").nth(1) {
        let kind = if expected.starts_with("a string") {
            Some("tekst")
        } else if expected.starts_with("u8")
            || expected.starts_with("u32")
            || expected.starts_with("u64")
            || expected.contains("integer")
        {
            Some("een heel getal van 0 of meer")
        } else if expected.starts_with("a boolean") {
            Some("ja of nee (true of false)")
        } else if expected.starts_with("a sequence") {
            Some("een lijst")
        } else if expected.starts_with("struct") || expected.starts_with("a map") {
            Some("een groep gegevens")
        } else if expected.contains("date") || expected.contains("formatted") {
            Some("een datum, zoals 2024-01-31")
        } else {
            None
        };
        if let Some(kind) = kind {
            return format!("hier hoort {kind} te staan");
        }
    }
    if message.contains("input contains invalid characters")
        || message.contains("premature end of input")
        || message.contains("input is out of range")
        || message.contains("trailing input")
        || message.contains("input is not enough")
    {
        return "hier staat geen geldige datum".to_string();
    }
    "hier staat een waarde die de app niet kan lezen".to_string()
}

type Migration = fn(Value) -> Result<Value, ImportError>;

/// Migrations, index 0 upgrades version 1 to 2, index 1 would upgrade 2 to 3, and so on.
const MIGRATIONS: [Migration; (SCHEMA_VERSION - 1) as usize] = [v1_to_v2, v2_to_v3];

/// Upgrades a bare stored document (not the export wrapper) to [`SCHEMA_VERSION`], one version
/// at a time. See the module docs for what changed per version.
pub fn migrate_value(mut v: Value) -> Result<Value, ImportError> {
    let Value::Object(obj) = &v else {
        return Err(ImportError::Foreign);
    };
    let found = match obj.get("schema_version") {
        None | Some(Value::Null) => 1,
        Some(x) => x.as_u64().ok_or_else(|| {
            ImportError::Invalid(
                "Bij schema_version: hier hoort een heel getal te staan.".to_string(),
            )
        })?,
    };
    let found = found.max(1);
    if found > u64::from(SCHEMA_VERSION) {
        return Err(ImportError::NewerVersion {
            found: u32::try_from(found).unwrap_or(u32::MAX),
        });
    }
    for migration in &MIGRATIONS[(found as usize - 1)..] {
        v = migration(v)?;
    }
    Ok(v)
}

fn v1_to_v2(mut v: Value) -> Result<Value, ImportError> {
    let obj = v.as_object_mut().ok_or(ImportError::Foreign)?;

    if let Some(Value::Object(vp)) = obj.get_mut("vertrekpunt") {
        if let Some(old) = vp.remove("leverancier") {
            let naam = match old {
                Value::Null => String::new(),
                Value::String(s) => s.trim().to_string(),
                _ => {
                    return Err(ImportError::Invalid(
                        "Bij vertrekpunt.leverancier: hier hoort tekst te staan.".to_string(),
                    ))
                }
            };
            let has_list = vp
                .get("leveranciers")
                .and_then(Value::as_array)
                .is_some_and(|l| !l.is_empty());
            if !naam.is_empty() && !has_list {
                vp.insert(
                    "leveranciers".into(),
                    json!([{ "id": "lev-1", "naam": naam }]),
                );
            }
        }
        fill_ids(vp, "leveranciers", "lev");
    }

    if let Some(Value::Object(plan)) = obj.get_mut("plan") {
        if let Some(old) = plan.remove("doelgroep") {
            let key = match old {
                Value::Null => String::new(),
                Value::String(s) => s.trim().to_string(),
                _ => {
                    return Err(ImportError::Invalid(
                        "Bij plan.doelgroep: hier hoort tekst te staan.".to_string(),
                    ))
                }
            };
            let has_list = plan
                .get("doelgroepen")
                .and_then(Value::as_array)
                .is_some_and(|l| !l.is_empty());
            if !key.is_empty() && !has_list {
                if Doelgroep::from_key(&key).is_some() {
                    plan.insert("doelgroepen".into(), json!([key]));
                } else {
                    plan.insert("doelgroepen".into(), json!([Doelgroep::Anders.key()]));
                    let old_text = plan
                        .get("doelgroep_toelichting")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    let text = if old_text.is_empty() {
                        key
                    } else {
                        format!("{key}. {old_text}")
                    };
                    plan.insert("doelgroep_toelichting".into(), Value::String(text));
                }
            }
        }
        for (list, prefix) in [
            ("partners", "partner"),
            ("afspraken", "afspraak"),
            ("mijlpalen", "mijlpaal"),
            ("risicos", "risico"),
            ("indicatoren", "indicator"),
        ] {
            fill_ids(plan, list, prefix);
        }
    }

    fill_ids(obj, "stakeholders", "sh");
    obj.insert("schema_version".into(), json!(2));
    Ok(v)
}

fn v2_to_v3(mut v: Value) -> Result<Value, ImportError> {
    let obj = v.as_object_mut().ok_or(ImportError::Foreign)?;
    let accepted = obj
        .get("status")
        .and_then(Value::as_str)
        .and_then(Status::from_key)
        .is_some_and(Status::is_accepted);
    let has_copy = obj
        .get("uitvoering")
        .and_then(|u| u.get("geaccepteerd"))
        .is_some_and(|g| !g.is_null());
    if accepted && !has_copy {
        let plan = obj.get("plan").cloned().unwrap_or_else(|| json!({}));
        let beoordeling = obj.get("beoordeling").cloned().unwrap_or_else(|| json!({}));
        let copy = json!({ "op": null, "plan": plan, "beoordeling": beoordeling });
        match obj.get_mut("uitvoering") {
            Some(Value::Object(u)) => {
                u.insert("geaccepteerd".into(), copy);
            }
            _ => {
                obj.insert("uitvoering".into(), json!({ "geaccepteerd": copy }));
            }
        }
    }
    obj.insert("schema_version".into(), json!(3));
    Ok(v)
}

/// Gives every object in `parent[list]` without a (non-empty string) id a deterministic one.
fn fill_ids(parent: &mut Map<String, Value>, list: &str, prefix: &str) {
    let Some(Value::Array(items)) = parent.get_mut(list) else {
        return;
    };
    let mut used: Vec<String> = items
        .iter()
        .filter_map(|i| i.get("id").and_then(Value::as_str))
        .filter(|id| !id.trim().is_empty())
        .map(str::to_string)
        .collect();
    for (index, item) in items.iter_mut().enumerate() {
        let Value::Object(fields) = item else {
            continue;
        };
        let has_id = fields
            .get("id")
            .and_then(Value::as_str)
            .is_some_and(|id| !id.trim().is_empty());
        if has_id {
            continue;
        }
        let mut n = index + 1;
        let mut id = format!("{prefix}-{n}");
        while used.contains(&id) {
            n += 1;
            id = format!("{prefix}-{n}");
        }
        used.push(id.clone());
        fields.insert("id".into(), Value::String(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    use crate::test_support::now;

    fn sample() -> Proeftuin {
        let mut doc = Proeftuin::new("p-1".into(), now());
        doc.vertrekpunt.naam = "Stages bij OCW".into();
        doc.vertrekpunt.leveranciers.push(Leverancier {
            id: "lev-1".into(),
            naam: "Voorbeeld BV".into(),
        });
        doc.vertrekpunt.startdatum = chrono::NaiveDate::from_ymd_opt(2024, 1, 1);
        doc.plan.doelgroepen = vec![Doelgroep::Statushouders];
        doc.beoordeling.set_score("impact_omvang", Some(3));
        doc
    }

    #[test]
    fn export_then_import_gives_the_same_document() {
        let doc = sample();
        let text = export_json(&doc, now());
        assert!(text.contains("\"format\": \"proeftuin-wizard\""));
        assert_eq!(import_json(&text), Ok(doc));
    }

    #[test]
    fn stored_document_round_trips() {
        let doc = sample();
        assert_eq!(parse_stored(&stored_json(&doc)), Ok(doc));
    }

    #[test]
    fn document_value_round_trips_and_matches_the_stored_json() {
        let doc = sample();
        let value = document_to_value(&doc);
        assert_eq!(
            value,
            serde_json::from_str::<Value>(&stored_json(&doc)).unwrap()
        );
        assert_eq!(document_from_value(value), Ok(doc));
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Record {
        n: u32,
        #[serde(with = "as_document")]
        doc: Proeftuin,
    }

    #[test]
    fn a_document_inside_another_record_round_trips() {
        let record = Record {
            n: 3,
            doc: sample(),
        };
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<Record>(&text).unwrap(), record);
        // The document inside is the same JSON as stored on its own.
        let inner = &serde_json::from_str::<Value>(&text).unwrap()["doc"];
        assert_eq!(*inner, document_to_value(&record.doc));
    }

    #[test]
    fn a_wrong_document_inside_another_record_names_the_path() {
        let mut value = json!({ "n": 1, "doc": document_to_value(&sample()) });
        value["doc"]["stakeholders"] = json!("geen lijst");
        let err = serde_json::from_value::<Record>(value)
            .unwrap_err()
            .to_string();
        assert!(err.contains("stakeholders"), "{err}");
    }

    #[test]
    fn export_file_has_its_fields_and_imports_again() {
        let doc = sample();
        let text = export_json(&doc, now());
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["format"], json!(EXPORT_FORMAT));
        assert_eq!(value["schema_version"], json!(SCHEMA_VERSION));
        assert_eq!(value["exported_at"], serde_json::to_value(now()).unwrap());
        assert_eq!(import_json(&text), Ok(doc));
    }

    #[test]
    fn oversized_file_is_refused() {
        let text = " ".repeat(MAX_IMPORT_BYTES + 1);
        assert_eq!(import_json(&text), Err(ImportError::TooLarge));
        assert!(ImportError::TooLarge.message().contains("2 MB"));
    }

    #[test]
    fn non_json_file_is_refused() {
        assert_eq!(import_json("dit is geen json"), Err(ImportError::NotJson));
        assert_eq!(import_json(""), Err(ImportError::NotJson));
    }

    #[test]
    fn foreign_json_is_refused() {
        assert_eq!(import_json(r#"{"foo":1}"#), Err(ImportError::Foreign));
        assert_eq!(import_json("[1,2,3]"), Err(ImportError::Foreign));
        assert_eq!(import_json("42"), Err(ImportError::Foreign));
        assert_eq!(
            import_json(r#"{"format":"iets-anders","proeftuin":{}}"#),
            Err(ImportError::Foreign)
        );
        assert_eq!(
            ImportError::Foreign.message(),
            "Dit bestand is geen proeftuin-bestand van deze app."
        );
    }

    #[test]
    fn file_from_newer_version_is_refused() {
        let text = r#"{"format":"proeftuin-wizard","schema_version":99,
            "exported_at":"2030-01-01T00:00:00Z","proeftuin":{"schema_version":99}}"#;
        assert_eq!(
            import_json(text),
            Err(ImportError::NewerVersion { found: 99 })
        );
        let bare = r#"{"schema_version":99,"vertrekpunt":{}}"#;
        assert_eq!(
            parse_stored(bare),
            Err(ImportError::NewerVersion { found: 99 })
        );
        assert!(ImportError::NewerVersion { found: 99 }
            .message()
            .contains("nieuwere versie"));
    }

    #[test]
    fn wrong_types_are_refused_with_the_path() {
        let text = r#"{"format":"proeftuin-wizard","schema_version":2,
            "exported_at":"2024-01-01T00:00:00Z",
            "proeftuin":{"schema_version":2,"vertrekpunt":{"naam":5}}}"#;
        let err = import_json(text).unwrap_err();
        assert_eq!(
            err,
            ImportError::Invalid("Bij vertrekpunt.naam: hier hoort tekst te staan.".into())
        );
        assert!(err.message().starts_with("Dit bestand is beschadigd"));
    }

    #[test]
    fn unknown_choice_and_bad_date_are_refused() {
        let choice = r#"{"schema_version":2,"vertrekpunt":{"categorie":"ruimtevaart"}}"#;
        assert!(matches!(
            parse_stored(choice),
            Err(ImportError::Invalid(m)) if m.contains("vertrekpunt.categorie") && m.contains("keuze")
        ));
        let date = r#"{"schema_version":2,"vertrekpunt":{"startdatum":"31-01-2024"}}"#;
        assert!(matches!(
            parse_stored(date),
            Err(ImportError::Invalid(m)) if m.contains("vertrekpunt.startdatum") && m.contains("datum")
        ));
    }

    #[test]
    fn inconsistent_file_is_refused() {
        let mut doc = sample();
        doc.beoordeling.set_score("impact_omvang", Some(9));
        let err = import_json(&export_json(&doc, now())).unwrap_err();
        match &err {
            ImportError::Inconsistent(errors) => {
                assert_eq!(errors[0].path, "beoordeling.scores.impact_omvang.score")
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err
            .message()
            .contains("beoordeling.scores.impact_omvang.score"));
        // Local storage still opens it, so the draft is not lost.
        assert!(parse_stored(&stored_json(&doc)).is_ok());
    }

    fn v1_document() -> &'static str {
        r#"{
            "id": "oud-1",
            "created": "2019-02-07T09:00:00Z",
            "changed": "2019-02-07T09:00:00Z",
            "status": "concept",
            "vertrekpunt": { "naam": "Oude proeftuin", "leverancier": "  Berenschot " },
            "stakeholders": [
                { "naam": "Inkoper", "rol": "inkoop" },
                { "id": "sh-1", "naam": "HR", "rol": "hr" }
            ],
            "plan": {
                "doelgroep": "autisme",
                "afspraken": [ { "wat": "Werkplek", "eigenaar": "Inkoop", "partij": "opdrachtgever" } ]
            }
        }"#
    }

    #[test]
    fn version_one_document_is_migrated() {
        let doc = parse_stored(v1_document()).unwrap();
        assert_eq!(doc.schema_version, SCHEMA_VERSION);
        assert_eq!(
            doc.vertrekpunt.leveranciers,
            vec![Leverancier {
                id: "lev-1".into(),
                naam: "Berenschot".into()
            }]
        );
        assert_eq!(doc.plan.doelgroepen, vec![Doelgroep::Autisme]);
        // "sh-1" was taken, so the first stakeholder gets the next free number.
        assert_eq!(doc.stakeholders[0].id, "sh-2");
        assert_eq!(doc.stakeholders[1].id, "sh-1");
        assert_eq!(doc.plan.afspraken[0].id, "afspraak-1");
        assert!(check_consistency(&doc).is_empty());
    }

    #[test]
    fn migration_is_deterministic_and_idempotent() {
        let v: Value = serde_json::from_str(v1_document()).unwrap();
        let once = migrate_value(v.clone()).unwrap();
        assert_eq!(once, migrate_value(v).unwrap());
        assert_eq!(migrate_value(once.clone()).unwrap(), once);
        assert_eq!(once["schema_version"], json!(SCHEMA_VERSION));
        assert!(once["vertrekpunt"].get("leverancier").is_none());
        assert!(once["plan"].get("doelgroep").is_none());
    }

    #[test]
    fn version_one_export_file_is_imported() {
        let text = format!(
            r#"{{"format":"proeftuin-wizard","schema_version":1,
                "exported_at":"2019-02-07T10:00:00Z","proeftuin":{}}}"#,
            v1_document()
        );
        let doc = import_json(&text).unwrap();
        assert_eq!(doc.vertrekpunt.leveranciers[0].naam, "Berenschot");
    }

    #[test]
    fn unknown_v1_target_group_becomes_other_with_its_text() {
        let v = json!({"schema_version": 1, "plan": {"doelgroep": "Jonge moeders", "doelgroep_toelichting": "In Rotterdam"}});
        let m = migrate_value(v).unwrap();
        assert_eq!(m["plan"]["doelgroepen"], json!(["anders"]));
        assert_eq!(
            m["plan"]["doelgroep_toelichting"],
            json!("Jonge moeders. In Rotterdam")
        );
    }

    #[test]
    fn empty_v1_supplier_creates_no_list_item() {
        let v = json!({"vertrekpunt": {"leverancier": ""}, "plan": {"doelgroep": null}});
        let m = migrate_value(v).unwrap();
        assert!(m["vertrekpunt"].get("leveranciers").is_none());
        assert!(m["plan"].get("doelgroepen").is_none());
    }

    #[test]
    fn v1_supplier_of_wrong_type_is_invalid() {
        let v = json!({"vertrekpunt": {"leverancier": 12}});
        assert!(matches!(migrate_value(v), Err(ImportError::Invalid(_))));
        assert_eq!(migrate_value(json!([1])), Err(ImportError::Foreign));
    }

    #[test]
    fn bare_document_can_be_imported() {
        let doc = sample();
        assert_eq!(import_json(&stored_json(&doc)), Ok(doc));
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let doc = sample();
        let text = format!("\u{feff}{}", export_json(&doc, now()));
        assert_eq!(import_json(&text), Ok(doc));
    }

    #[test]
    fn an_accepted_version_2_plan_gets_its_plan_as_the_accepted_copy() {
        for (status, copied) in [
            ("concept", false),
            ("ter_beoordeling", false),
            ("geaccepteerd", true),
            ("in_uitvoering", true),
            ("geevalueerd", true),
            ("decharge", true),
            ("onbekend", false),
        ] {
            let v = json!({"schema_version": 2, "status": status,
                "plan": {"ambitie": "Vijf plekken"},
                "beoordeling": {"oordeel": "accepteren"}});
            let once = migrate_value(v).unwrap();
            assert_eq!(once["schema_version"], json!(3));
            let copy = &once["uitvoering"]["geaccepteerd"];
            assert_eq!(!copy.is_null(), copied, "{status}");
            if copied {
                assert_eq!(copy["plan"]["ambitie"], json!("Vijf plekken"));
                assert_eq!(copy["beoordeling"]["oordeel"], json!("accepteren"));
                assert_eq!(copy["op"], Value::Null);
                assert_eq!(migrate_value(once.clone()).unwrap(), once);
            }
        }
        // A copy that is there already is kept; other parts of `uitvoering` too.
        let v = json!({"schema_version": 2, "status": "geaccepteerd", "plan": {"ambitie": "Nu"},
            "uitvoering": {"geaccepteerd": {"op": "2026-01-05", "plan": {"ambitie": "Toen"}},
                "tellingen": [{"id": "t1", "gestart": 2}]}});
        let once = migrate_value(v).unwrap();
        assert_eq!(
            once["uitvoering"]["geaccepteerd"]["plan"]["ambitie"],
            json!("Toen")
        );
        assert_eq!(once["uitvoering"]["tellingen"][0]["gestart"], json!(2));
        // From version 1 in one go, through a real import.
        let text = r#"{"format":"proeftuin-wizard","schema_version":1,"exported_at":"2024-05-01T10:00:00Z",
                "proeftuin":{"id":"oud","status":"in_uitvoering","plan":{"ambitie":"A"}}}"#;
        let doc = import_json(text).unwrap();
        assert_eq!(doc.schema_version, SCHEMA_VERSION);
        let copy = doc.uitvoering.geaccepteerd.expect("accepted copy");
        assert_eq!(copy.plan.ambitie, "A");
        assert_eq!(copy.op, None);
    }

    #[test]
    fn display_uses_the_dutch_message() {
        assert_eq!(
            ImportError::NotJson.to_string(),
            ImportError::NotJson.message()
        );
    }

    #[test]
    fn a_current_document_reads_straight_into_the_same_document() {
        for v in crate::examples::voorbeelden() {
            let doc =
                crate::examples::voorbeeld_document(v.key, format!("id-{}", v.key), now()).unwrap();
            let text = stored_json(&doc);
            let fast = current_document(&text).expect("a stored document of this version");
            assert_eq!(fast, parse_stored(&text).unwrap(), "{}", v.key);
            assert_eq!(fast, doc);
            let pretty = format!("\u{feff}{}", serde_json::to_string_pretty(&doc).unwrap());
            assert_eq!(current_document(&pretty), Some(doc.clone()));
            assert_eq!(read_stored(&text), Ok(doc));
        }
    }

    #[test]
    fn everything_but_a_bare_current_document_takes_the_slow_way() {
        let doc = crate::examples::voorbeeld_document("ey-itvitae", "ey-1".into(), now()).unwrap();
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
            with(&|o| {
                o.insert("schema_version".into(), 2.into());
            }),
            // Refused by `parse_stored` with its own errors.
            with(&|o| {
                o.insert("schema_version".into(), 3.0.into());
            }),
            with(&|o| {
                o.insert("schema_version".into(), "3".into());
            }),
            with(&|o| {
                o.insert("schema_version".into(), 4.into());
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
            export_json(&doc, now()),
            // A repeated key: `parse_stored` keeps the last one.
            format!(r#"{{"schema_version": 1, {}"#, &value.to_string()[1..]),
            "[]".into(),
            "{".into(),
        ];
        for case in &cases {
            assert_eq!(current_document(case), None, "{case}");
            assert_eq!(read_stored(case), parse_stored(case), "{case}");
        }
        value["vertrekpunt"]["naam"] = "Anders".into();
        assert!(current_document(&value.to_string()).is_some());
    }
}
