//! Het domein van de proeftuin-wizard: the pure Rust core shared by the Leptos front-end and
//! the server.
//!
//! A *proeftuin* (pilot) under Maatwerk voor Mensen replaces the generic 5% social-return rule
//! by a supplier's own Plan van Aanpak, assessed by the buyer on realisme and impact.
//!
//! Modules:
//! - [`fields`]: every editable field's path, labels and step, written once.
//! - [`format`]: Dutch numbers and dates.
//! - [`wire`]: the HTTP contract shared by the app and the server.
//! - [`model`]: the document ([`Proeftuin`]) and its choice enums.
//! - [`choice`]: the [`Choice`] trait for generic select components.
//! - [`step`]: the five wizard steps.
//! - [`validation`]: completeness per step, hard consistency checks, number parsing.
//! - [`rubric`]: assessment criteria, scores and the suggested verdict.
//! - [`assessment`]: several assessors: score sheets, their validation, labels and spread.
//! - [`attention`]: aandachtspunten derived from the plan.
//! - [`generic_rule`]: the 5% reference line and euro formatting.
//! - [`examples`]: six voorbeelden to start from.
//! - [`storage`]: export/import file format and migrations.
//! - [`help`]: plain-Dutch help per step.
//! - [`merge`]: three-way merge of two edited versions against their common base (for sync).
//! - [`sync`]: the sync protocol with the server as a pure state machine (no I/O).
//! - [`portfolio`]: the annual report's figures over several proeftuinen, with their rules.
//! - [`uitvoering`]: the year after acceptance: reporting moments, what is late or due soon,
//!   the latest count of candidates, a calendar file.
//!
//! The crate has no randomness, clock or I/O: callers pass ids and times. It builds for native
//! targets and `wasm32-unknown-unknown`.

pub mod access;
pub mod assessment;
pub mod attention;
pub mod choice;
pub mod examples;
pub mod fields;
pub mod format;
pub mod generic_rule;
pub mod help;
pub mod merge;
pub mod model;
pub mod portfolio;
pub mod rubric;
pub mod step;
pub mod storage;
pub mod sync;
pub mod uitvoering;
pub mod validation;
pub mod wire;

#[cfg(test)]
pub(crate) mod test_support;

/// Layout version of documents written by this build (see [`storage`] for the history).
pub const SCHEMA_VERSION: u32 = 3;

pub use access::Access;
pub use assessment::{
    spread, spread_for, validate_assessment, validate_assessor_labels, AssessorScores,
    MAX_ASSESSORS, MAX_LABEL_CHARS,
};
pub use attention::{aandachtspunten, Aandachtspunt};
pub use choice::Choice;
#[cfg(feature = "embedded-voorbeelden")]
pub use examples::voorbeeld_document;
pub use examples::{voorbeeld_from_export, voorbeeld_path, voorbeelden, Voorbeeld};
pub use generic_rule::{
    format_euro, format_number, generieke_regeling, referentie_zin, DREMPEL_MAANDEN, DREMPEL_WAARDE,
};
pub use help::{help_for, overview_help, Help};
pub use merge::{apply_choice, merge, Conflict, MergeError, MergeOutcome, Side};
pub use model::{
    default_evaluatiedatum, title_of, Afronden, Afspraak, AfspraakStand, Beleidsdoel, Beoordeling,
    Besluit, Categorie, Doelgroep, Evaluatie, Frequentie, GeaccepteerdPlan, Gesprek, Handtekening,
    Houding, Indicator, Invloed, Leverancier, ListItem, Meting, Mijlpaal, MijlpaalStand, Nameting,
    Oordeel, Partij, Partner, PlanVanAanpak, Proeftuin, Risico, Rol, Score, Situatie, Stakeholder,
    Stand, Status, Telling, Uitvoering, Verduurzaming, Vertrekpunt, Vorm, Werkplek,
};
pub use rubric::{
    criteria, criteria_for, criterion, dimension_score, scored_count, suggested_oordeel,
    suggested_oordeel_for, Criterion, Dimension,
};
pub use step::Step;
pub use storage::{
    export_json, import_json, migrate_value, parse_stored, stored_json, ExportFile, ImportError,
    EXPORT_FORMAT, MAX_IMPORT_BYTES,
};
pub use validation::{
    check_consistency, is_complete, is_step_complete, parse_decimal, parse_whole_number,
    validate_all, validate_step, FieldError,
};

/// The document in a reactive store (Leptos `reactive_stores`), for the front end's editor:
/// the field accessors (`doc.vertrekpunt().naam()`, `use proeftuin_domain::store::*`) and
/// [`store::patch_document`].
#[cfg(feature = "store")]
pub mod store {
    pub use crate::model::{
        AfrondenStoreFields, AfspraakStandStoreFields, AfspraakStoreFields, BeoordelingStoreFields,
        EvaluatieStoreFields, GesprekStoreFields, HandtekeningStoreFields, IndicatorStoreFields,
        LeverancierStoreFields, MetingStoreFields, MijlpaalStandStoreFields, MijlpaalStoreFields,
        NametingStoreFields, PartnerStoreFields, PlanVanAanpakStoreFields, ProeftuinStoreFields,
        RisicoStoreFields, ScoreStoreFields, StakeholderStoreFields, TellingStoreFields,
        UitvoeringStoreFields, VerduurzamingStoreFields, VertrekpuntStoreFields,
    };
    use reactive_stores::{Patch, Store};

    use crate::Proeftuin;

    /// A store holding `doc`, with its keyed lists indexed.
    pub fn document_store(doc: Proeftuin) -> Store<Proeftuin> {
        let store = Store::new(doc);
        index_lists(store);
        store
    }

    /// Puts a new version of the document in the store: only the fields it changes notify
    /// (list items are matched by id).
    pub fn patch_document(doc: Store<Proeftuin>, new: Proeftuin) {
        // A keyed patch finds an item's fields through the list's index; an item it cannot
        // find there keeps its old value. So the index must be current before, and after.
        index_lists(doc);
        doc.patch(new);
        index_lists(doc);
    }

    /// Brings the store's index (id to position) of every keyed list up to date, so
    /// `at_key(id)` finds items that were added, removed or moved.
    fn index_lists(doc: Store<Proeftuin>) {
        doc.stakeholders().update_keys();
        doc.vertrekpunt().leveranciers().update_keys();
        let plan = doc.plan();
        plan.partners().update_keys();
        plan.afspraken().update_keys();
        plan.mijlpalen().update_keys();
        plan.risicos().update_keys();
        plan.indicatoren().update_keys();
        let u = doc.uitvoering();
        u.afspraken().update_keys();
        u.metingen().update_keys();
        u.tellingen().update_keys();
        u.mijlpalen().update_keys();
        u.gesprekken().update_keys();
        u.decharge().update_keys();
    }
}
