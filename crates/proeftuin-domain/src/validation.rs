//! Validation of a proeftuin document.
//!
//! Two kinds of checks:
//! - **Completeness** ([`validate_step`], [`validate_all`], [`is_complete`]): what is still
//!   missing or wrong before a step counts as done. Drafts may have such errors.
//! - **Consistency** ([`check_consistency`]): hard errors that the server refuses even in a
//!   draft: dates in the wrong order, scores outside 1..=5, duplicate or empty item ids,
//!   absurd numbers, too long texts, too long lists, an unknown schema version.
//!
//! Every error has a dotted `path` to the field to fix, e.g. `vertrekpunt.naam`,
//! `stakeholders.<id>.naam`, `plan.afspraken.<id>.eigenaar`,
//! `beoordeling.scores.<criterion>.reden`. List items are addressed by their stable id (scores
//! by criterion id). An error about a list as a whole uses the list path, e.g. `stakeholders`.
//!
//! Messages are plain Dutch (B1).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::fields;
use crate::generic_rule::format_number;
use crate::model::{Beleidsdoel, Categorie, Doelgroep, Proeftuin, Vorm};
use crate::rubric::{criteria, MAX_SCORE, MIN_SCORE};
use crate::step::Step;
use crate::SCHEMA_VERSION;

/// One problem with one field.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the field (see the module docs).
    pub path: String,
    /// Dutch message for the user.
    pub message: String,
}

impl FieldError {
    /// A new error.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Longest allowed text, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Longest allowed item id, in characters.
pub const MAX_ID_CHARS: usize = 200;
/// Most items allowed in one list.
pub const MAX_LIST_ITEMS: usize = 500;
/// Highest contract value in euros (100 miljard).
pub const MAX_CONTRACTWAARDE: u64 = 100_000_000_000;
/// Longest contract term in months.
pub const MAX_LOOPTIJD_MAANDEN: u32 = 240;
/// Most candidates.
pub const MAX_KANDIDATEN: u32 = 10_000;
/// Most places.
pub const MAX_PLAATSEN: u32 = 10_000;
/// Most hours per week.
pub const MAX_UREN_PER_WEEK: u32 = 60;
/// Longest duration per place in months.
pub const MAX_DUUR_MAANDEN: u32 = 240;
/// Largest measured value (either sign): a million million.
pub const MAX_WAARDE: f64 = 1e12;
/// How far after the start a date of step 6 may lie, in months.
pub const MAX_UITVOERING_MAANDEN: u32 = MAX_LOOPTIJD_MAANDEN;
/// Fewest stakeholders for step 2.
pub const MIN_STAKEHOLDERS: usize = 2;

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What is missing or wrong before `step` counts as complete.
///
/// [`Step::Afronden`] has no fields of its own that are required: it is complete when steps
/// 1 to 4 are, so it returns the errors of steps 1 to 4 together.
pub fn validate_step(doc: &Proeftuin, step: Step) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match step {
        Step::Vertrekpunt => vertrekpunt(doc, &mut errors),
        Step::Stakeholders => stakeholders(doc, &mut errors),
        Step::PlanVanAanpak => plan(doc, &mut errors),
        Step::Beoordeling => beoordeling(doc, &mut errors),
        Step::Afronden => return validate_all(doc),
        Step::Uitvoering => uitvoering(doc, &mut errors),
    }
    errors
}

/// Completeness errors of steps 1 to 4, in step order (each error once).
pub fn validate_all(doc: &Proeftuin) -> Vec<FieldError> {
    [
        Step::Vertrekpunt,
        Step::Stakeholders,
        Step::PlanVanAanpak,
        Step::Beoordeling,
    ]
    .into_iter()
    .flat_map(|s| validate_step(doc, s))
    .collect()
}

/// True when all steps are complete and the document is consistent.
pub fn is_complete(doc: &Proeftuin) -> bool {
    validate_all(doc).is_empty() && check_consistency(doc).is_empty()
}

/// True when this one step is complete.
pub fn is_step_complete(doc: &Proeftuin, step: Step) -> bool {
    validate_step(doc, step).is_empty()
}

fn vertrekpunt(doc: &Proeftuin, e: &mut Vec<FieldError>) {
    let v = &doc.vertrekpunt;
    if blank(&v.naam) {
        e.push(FieldError::new(
            fields::VERTREKPUNT_NAAM.path,
            "Vul de naam van de proeftuin in.",
        ));
    }
    if blank(&v.opdrachtgever) {
        e.push(FieldError::new(
            fields::VERTREKPUNT_OPDRACHTGEVER.path,
            "Vul de opdrachtgever in, bijvoorbeeld het ministerie of de dienst.",
        ));
    }
    match v.categorie {
        None => e.push(FieldError::new(
            fields::VERTREKPUNT_CATEGORIE.path,
            "Kies een categorie.",
        )),
        Some(Categorie::Anders) if blank(&v.categorie_anders) => e.push(FieldError::new(
            fields::VERTREKPUNT_CATEGORIE_ANDERS.path,
            "Schrijf op om welke categorie het gaat.",
        )),
        Some(_) => {}
    }
    if v.situatie.is_none() {
        e.push(FieldError::new(
            fields::VERTREKPUNT_SITUATIE.path,
            "Kies de situatie: nieuwe aanbesteding, lopende opdracht of raamovereenkomst.",
        ));
    }
    if v.leveranciers.is_empty() {
        e.push(FieldError::new(
            fields::VERTREKPUNT_LEVERANCIERS.path,
            "Voeg minstens één leverancier toe.",
        ));
    }
    for l in &v.leveranciers {
        if blank(&l.naam) {
            e.push(FieldError::new(
                fields::LEVERANCIER_NAAM.path(&l.id),
                "Vul de naam van de leverancier in.",
            ));
        }
    }
    if v.contractwaarde.is_none() {
        e.push(FieldError::new(
            fields::VERTREKPUNT_CONTRACTWAARDE.path,
            "Vul de waarde van de opdracht in, in hele euro's zonder btw.",
        ));
    }
    match v.looptijd_maanden {
        None => e.push(FieldError::new(
            fields::VERTREKPUNT_LOOPTIJD_MAANDEN.path,
            "Vul de looptijd van de opdracht in, in maanden.",
        )),
        Some(0) => e.push(FieldError::new(
            fields::VERTREKPUNT_LOOPTIJD_MAANDEN.path,
            "De looptijd moet minstens 1 maand zijn.",
        )),
        Some(_) => {}
    }
    if v.startdatum.is_none() {
        e.push(FieldError::new(
            fields::VERTREKPUNT_STARTDATUM.path,
            "Vul de datum in waarop de proeftuin start.",
        ));
    }
    if v.evaluatiedatum.is_none() {
        e.push(FieldError::new(
            fields::VERTREKPUNT_EVALUATIEDATUM.path,
            "Vul de datum in waarop jullie de proeftuin samen bekijken (evaluatie).",
        ));
    }
    if v.beleidsdoelen.contains(&Beleidsdoel::Anders) && blank(&v.beleidsdoelen_toelichting) {
        e.push(FieldError::new(
            fields::VERTREKPUNT_BELEIDSDOELEN_TOELICHTING.path,
            "Schrijf op welk ander beleidsdoel je bedoelt.",
        ));
    }
}

fn stakeholders(doc: &Proeftuin, e: &mut Vec<FieldError>) {
    if doc.stakeholders.len() < MIN_STAKEHOLDERS {
        e.push(FieldError::new(
            fields::STAKEHOLDERS.path,
            "Voeg minstens twee stakeholders toe: wie heb je nodig om de proeftuin te laten slagen?",
        ));
    }
    for s in &doc.stakeholders {
        if blank(&s.naam) {
            e.push(FieldError::new(
                fields::STAKEHOLDER_NAAM.path(&s.id),
                "Vul een naam of functie in.",
            ));
        }
        if s.rol.is_none() {
            e.push(FieldError::new(
                fields::STAKEHOLDER_ROL.path(&s.id),
                "Kies de rol van deze stakeholder.",
            ));
        }
    }
}

fn plan(doc: &Proeftuin, e: &mut Vec<FieldError>) {
    let p = &doc.plan;
    if p.doelgroepen.is_empty() {
        e.push(FieldError::new(
            fields::PLAN_DOELGROEPEN.path,
            "Kies minstens één doelgroep.",
        ));
    } else if p.doelgroepen.contains(&Doelgroep::Anders) && blank(&p.doelgroep_toelichting) {
        e.push(FieldError::new(
            fields::PLAN_DOELGROEP_TOELICHTING.path,
            "Schrijf op welke andere doelgroep je bedoelt.",
        ));
    }
    if blank(&p.ambitie) {
        e.push(FieldError::new(
            fields::PLAN_AMBITIE.path,
            "Beschrijf de ambitie in één of twee zinnen.",
        ));
    }
    if p.vormen.is_empty() {
        e.push(FieldError::new(
            fields::PLAN_VORMEN.path,
            "Kies minstens één vorm.",
        ));
    } else if p.vormen.contains(&Vorm::Anders) && blank(&p.vorm_toelichting) {
        e.push(FieldError::new(
            fields::PLAN_VORM_TOELICHTING.path,
            "Schrijf op welke andere vorm je bedoelt.",
        ));
    }
    match p.aantal_kandidaten {
        None => e.push(FieldError::new(
            fields::PLAN_AANTAL_KANDIDATEN.path,
            "Vul in hoeveel kandidaten meedoen. Alleen het aantal, geen namen.",
        )),
        Some(0) => e.push(FieldError::new(
            fields::PLAN_AANTAL_KANDIDATEN.path,
            "Er moet minstens 1 kandidaat meedoen.",
        )),
        Some(_) => {}
    }
    match p.aantal_plaatsen {
        None => e.push(FieldError::new(
            fields::PLAN_AANTAL_PLAATSEN.path,
            "Vul in hoeveel plaatsen er zijn.",
        )),
        Some(0) => e.push(FieldError::new(
            fields::PLAN_AANTAL_PLAATSEN.path,
            "Er moet minstens 1 plaats zijn.",
        )),
        Some(_) => {}
    }
    if blank(&p.begeleiding) {
        e.push(FieldError::new(
            fields::PLAN_BEGELEIDING.path,
            "Beschrijf wie de kandidaten begeleidt en hoe.",
        ));
    }
    if blank(&p.duurzaamheid) {
        e.push(FieldError::new(
            fields::PLAN_DUURZAAMHEID.path,
            "Beschrijf wat er na de proeftuin gebeurt, bijvoorbeeld een contract of een vaste plek.",
        ));
    }
    if p.afspraken.is_empty() {
        e.push(FieldError::new(
            fields::PLAN_AFSPRAKEN.path,
            "Voeg minstens één afspraak toe, met wie het doet.",
        ));
    }
    for a in &p.afspraken {
        if blank(&a.wat) {
            e.push(FieldError::new(
                fields::AFSPRAAK_WAT.path(&a.id),
                "Beschrijf wat er is afgesproken.",
            ));
        }
        if blank(&a.eigenaar) {
            e.push(FieldError::new(
                fields::AFSPRAAK_EIGENAAR.path(&a.id),
                "Vul in wie deze afspraak uitvoert.",
            ));
        }
    }
}

fn beoordeling(doc: &Proeftuin, e: &mut Vec<FieldError>) {
    let b = &doc.beoordeling;
    for c in criteria() {
        let score = b.score_for(c.id);
        if score.and_then(|s| s.score).is_none() {
            e.push(FieldError::new(
                fields::SCORE_SCORE.path(c.id),
                format!("Geef een score van 1 tot 5 voor: {}.", c.title),
            ));
        }
        if score.is_none_or(|s| blank(&s.reden)) {
            e.push(FieldError::new(
                fields::SCORE_REDEN.path(c.id),
                format!("Schrijf kort waarom je deze score geeft voor: {}.", c.title),
            ));
        }
    }
    if b.oordeel.is_none() {
        e.push(FieldError::new(
            fields::BEOORDELING_OORDEEL.path,
            "Kies een oordeel: accepteren, aanpassen of afwijzen.",
        ));
    } else if blank(&b.oordeel_toelichting) {
        e.push(FieldError::new(
            fields::BEOORDELING_OORDEEL_TOELICHTING.path,
            "Schrijf kort waarom je dit oordeel kiest.",
        ));
    }
}

/// Hard errors that make a document unacceptable even as a draft (see the module docs).
pub fn check_consistency(doc: &Proeftuin) -> Vec<FieldError> {
    let mut e = Vec::new();
    if doc.schema_version > SCHEMA_VERSION {
        e.push(FieldError::new(
            "schema_version",
            "Dit document komt uit een nieuwere versie van de app. Werk de app bij.",
        ));
    } else if doc.schema_version != SCHEMA_VERSION {
        e.push(FieldError::new(
            "schema_version",
            "Dit document heeft een oude indeling en moet eerst worden omgezet.",
        ));
    }

    let v = &doc.vertrekpunt;
    if let (Some(start), Some(eval)) = (v.startdatum, v.evaluatiedatum) {
        if eval < start {
            e.push(FieldError::new(
                fields::VERTREKPUNT_EVALUATIEDATUM.path,
                "De evaluatie kan niet vóór de start liggen. Kies een latere datum.",
            ));
        }
    }
    max_u64(
        &mut e,
        fields::VERTREKPUNT_CONTRACTWAARDE.path,
        v.contractwaarde,
        MAX_CONTRACTWAARDE,
    );
    max_u32(
        &mut e,
        fields::VERTREKPUNT_LOOPTIJD_MAANDEN.path,
        v.looptijd_maanden,
        MAX_LOOPTIJD_MAANDEN,
    );
    let p = &doc.plan;
    max_u32(
        &mut e,
        fields::PLAN_AANTAL_KANDIDATEN.path,
        p.aantal_kandidaten,
        MAX_KANDIDATEN,
    );
    max_u32(
        &mut e,
        fields::PLAN_AANTAL_PLAATSEN.path,
        p.aantal_plaatsen,
        MAX_PLAATSEN,
    );
    max_u32(
        &mut e,
        fields::PLAN_UREN_PER_WEEK.path,
        p.uren_per_week,
        MAX_UREN_PER_WEEK,
    );
    max_u32(
        &mut e,
        fields::PLAN_DUUR_MAANDEN.path,
        p.duur_maanden,
        MAX_DUUR_MAANDEN,
    );

    // Lists: length and ids.
    let u = &doc.uitvoering;
    let lists: [(&str, Vec<&str>); 15] = [
        (
            fields::VERTREKPUNT_LEVERANCIERS.path,
            v.leveranciers.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::STAKEHOLDERS.path,
            doc.stakeholders.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::PLAN_PARTNERS.path,
            p.partners.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::PLAN_AFSPRAKEN.path,
            p.afspraken.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::PLAN_MIJLPALEN.path,
            p.mijlpalen.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::PLAN_RISICOS.path,
            p.risicos.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::PLAN_INDICATOREN.path,
            p.indicatoren.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::BEOORDELING_SCORES.path,
            doc.beoordeling
                .scores
                .iter()
                .map(|x| x.criterion.as_str())
                .collect(),
        ),
        (
            fields::UITVOERING_AFSPRAKEN.path,
            u.afspraken.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::UITVOERING_METINGEN.path,
            u.metingen.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::UITVOERING_TELLINGEN.path,
            u.tellingen.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::UITVOERING_MIJLPALEN.path,
            u.mijlpalen.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::UITVOERING_GESPREKKEN.path,
            u.gesprekken.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            fields::EVALUATIE_SCORES.path,
            u.evaluatie
                .scores
                .iter()
                .map(|x| x.criterion.as_str())
                .collect(),
        ),
        (
            fields::UITVOERING_DECHARGE.path,
            u.decharge.iter().map(|x| x.id.as_str()).collect(),
        ),
    ];
    for (path, ids) in &lists {
        max_items(&mut e, path, ids.len());
        check_ids(&mut e, path, ids);
    }
    max_items(
        &mut e,
        fields::VERTREKPUNT_BELEIDSDOELEN.path,
        v.beleidsdoelen.len(),
    );
    max_items(&mut e, fields::PLAN_DOELGROEPEN.path, p.doelgroepen.len());
    max_items(&mut e, fields::PLAN_VORMEN.path, p.vormen.len());
    max_items(&mut e, fields::PLAN_WERKPLEK.path, p.werkplek.len());

    for s in &doc.beoordeling.scores {
        if let Some(score) = s.score {
            if !(MIN_SCORE..=MAX_SCORE).contains(&score) {
                e.push(FieldError::new(
                    fields::SCORE_SCORE.path(&s.criterion),
                    "Een score moet 1, 2, 3, 4 of 5 zijn.",
                ));
            }
        }
    }

    uitvoering_consistency(doc, &mut e);

    for (path, text) in texts(doc) {
        // A text of at most that many bytes has at most that many characters: only a longer
        // one is counted (this runs at every keystroke, over every text of the document).
        if text.len() > MAX_TEXT_CHARS && text.chars().count() > MAX_TEXT_CHARS {
            e.push(FieldError::new(
                path.to_string(),
                format!(
                    "Deze tekst is te lang. Gebruik hooguit {} tekens.",
                    format_number(MAX_TEXT_CHARS as u64)
                ),
            ));
        }
    }
    e
}

fn max_u64(e: &mut Vec<FieldError>, path: &str, value: Option<u64>, max: u64) {
    if value.is_some_and(|v| v > max) {
        e.push(FieldError::new(
            path,
            format!(
                "Dit getal is te groot. Het hoogste getal is {}.",
                format_number(max)
            ),
        ));
    }
}

fn max_u32(e: &mut Vec<FieldError>, path: &str, value: Option<u32>, max: u32) {
    max_u64(e, path, value.map(u64::from), u64::from(max));
}

fn max_items(e: &mut Vec<FieldError>, path: &str, len: usize) {
    if len > MAX_LIST_ITEMS {
        e.push(FieldError::new(
            path,
            format!("Deze lijst is te lang. Gebruik hooguit {MAX_LIST_ITEMS} regels."),
        ));
    }
}

fn check_ids(e: &mut Vec<FieldError>, path: &str, ids: &[&str]) {
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    for id in ids {
        if id.trim().is_empty() {
            if reported.insert("") {
                e.push(FieldError::new(
                    path,
                    "Een regel in deze lijst heeft geen kenmerk (id).",
                ));
            }
        } else if id.chars().count() > MAX_ID_CHARS {
            e.push(FieldError::new(
                path,
                "Een regel in deze lijst heeft een te lang kenmerk (id).",
            ));
        } else if !seen.insert(*id) && reported.insert(*id) {
            e.push(FieldError::new(
                path,
                format!("Twee regels in deze lijst hebben hetzelfde kenmerk (id \"{id}\")."),
            ));
        }
    }
}

/// Step 6: what is missing or doubtful in what was reported. Nothing on this step is
/// required; these are messages at the fields, never a refusal (see [`check_consistency`]
/// for values that cannot be).
fn uitvoering(doc: &Proeftuin, e: &mut Vec<FieldError>) {
    use crate::format::date;
    let start = doc.vertrekpunt.startdatum;
    let last =
        start.and_then(|s| s.checked_add_months(chrono::Months::new(MAX_UITVOERING_MAANDEN)));
    let check_date = |e: &mut Vec<FieldError>, path: String, d: chrono::NaiveDate, what: &str| {
        if let Some(s) = start.filter(|s| d < *s) {
            e.push(FieldError::new(
                path,
                format!(
                    "{what} ligt vóór de start van de proeftuin ({}). Kies een latere datum.",
                    date(s)
                ),
            ));
        } else if let Some(l) = last.filter(|l| d > *l) {
            e.push(FieldError::new(
                path,
                format!(
                    "{what} ligt meer dan {} jaar na de start. Kies een datum tot en met {}.",
                    MAX_UITVOERING_MAANDEN / 12,
                    date(l)
                ),
            ));
        }
    };
    tellingen_kloppen(doc, e);
    let u = &doc.uitvoering;
    for m in &u.metingen {
        if !doc.plan.indicatoren.iter().any(|i| i.id == m.indicator) {
            e.push(FieldError::new(
                fields::METING_INDICATOR.path(&m.id),
                "Deze meting hoort bij een indicator die niet meer in het plan staat.",
            ));
        }
        match m.datum {
            None => e.push(FieldError::new(
                fields::METING_DATUM.path(&m.id),
                "Vul de peildatum in: de dag waarop de waarde gold.",
            )),
            Some(d) => check_date(e, fields::METING_DATUM.path(&m.id), d, "De peildatum"),
        }
        if m.waarde.is_none() {
            e.push(FieldError::new(
                fields::METING_WAARDE.path(&m.id),
                "Vul de gemeten waarde in.",
            ));
        }
    }
    for t in &u.tellingen {
        match t.datum {
            None => e.push(FieldError::new(
                fields::TELLING_DATUM.path(&t.id),
                "Vul de datum van de telling in.",
            )),
            Some(d) => check_date(e, fields::TELLING_DATUM.path(&t.id), d, "De datum"),
        }
    }
    for m in &u.mijlpalen {
        if let Some(d) = m.behaald {
            check_date(
                e,
                fields::MIJLPAAL_STAND_BEHAALD.path(&m.id),
                d,
                "Deze datum",
            );
        }
    }
    for a in &u.afspraken {
        if let Some(d) = a.datum {
            check_date(e, fields::AFSPRAAK_STAND_DATUM.path(&a.id), d, "Deze datum");
        }
    }
    for g in &u.gesprekken {
        match g.datum {
            None => e.push(FieldError::new(
                fields::GESPREK_DATUM.path(&g.id),
                "Vul de datum van het gesprek in.",
            )),
            Some(d) => check_date(e, fields::GESPREK_DATUM.path(&g.id), d, "De datum"),
        }
        if let (Some(d), Some(v)) = (g.datum, g.volgende) {
            if v < d {
                e.push(FieldError::new(
                    fields::GESPREK_VOLGENDE.path(&g.id),
                    "Het volgende gesprek kan niet vóór dit gesprek liggen.",
                ));
            }
        }
    }
}

/// Counts of one date that do not add up (step 6, a message at the field): more at work,
/// stopped or with a contract than started, or more at work and stopped together. Nothing is
/// checked while "gestart" is empty.
fn tellingen_kloppen(doc: &Proeftuin, e: &mut Vec<FieldError>) {
    for t in &doc.uitvoering.tellingen {
        let Some(gestart) = t.gestart else { continue };
        let mut more = |f: fields::ItemField, n: Option<u32>, what: &str| {
            if let Some(n) = n.filter(|n| *n > gestart && *n <= MAX_KANDIDATEN) {
                e.push(FieldError::new(
                    f.path(&t.id),
                    format!(
                        "Er kunnen niet meer kandidaten {what} ({}) dan er zijn gestart ({}).",
                        format_number(u64::from(n)),
                        format_number(u64::from(gestart))
                    ),
                ));
                true
            } else {
                false
            }
        };
        let werk = more(
            fields::TELLING_AAN_HET_WERK,
            t.aan_het_werk,
            "aan het werk zijn",
        );
        let weg = more(fields::TELLING_UITGEVALLEN, t.uitgevallen, "gestopt zijn");
        more(fields::TELLING_CONTRACT, t.contract, "een contract hebben");
        if let (false, false, Some(w), Some(u)) = (werk, weg, t.aan_het_werk, t.uitgevallen) {
            if u64::from(w) + u64::from(u) > u64::from(gestart) {
                e.push(FieldError::new(
                    fields::TELLING_UITGEVALLEN.path(&t.id),
                    format!(
                        "Aan het werk ({}) en gestopt ({}) samen zijn meer dan het aantal gestarte kandidaten ({}).",
                        format_number(u64::from(w)),
                        format_number(u64::from(u)),
                        format_number(u64::from(gestart))
                    ),
                ));
            }
        }
    }
}

/// Follow-up counts after decharge that do not add up (a message on the decharge page, which is
/// no wizard step).
pub fn nametingen_kloppen(doc: &Proeftuin, e: &mut Vec<FieldError>) {
    let v = &doc.uitvoering.verduurzaming;
    for (vast_f, n) in [
        (fields::VERDUURZAMING_NA_6_VAST, &v.na_6),
        (fields::VERDUURZAMING_NA_12_VAST, &v.na_12),
        (fields::VERDUURZAMING_NA_24_VAST, &v.na_24),
    ] {
        if let (Some(w), Some(c)) = (n.aan_het_werk, n.vast_contract) {
            if c > w && c <= MAX_KANDIDATEN {
                e.push(FieldError::new(
                    vast_f.path,
                    format!(
                        "Er kunnen niet meer kandidaten een vast contract hebben ({}) dan er aan het werk zijn ({}).",
                        format_number(u64::from(c)),
                        format_number(u64::from(w))
                    ),
                ));
            }
        }
    }
}

/// Values of step 6 that cannot be: a measured value that is no number or too large, counts
/// above the largest number of candidates. (Counts that do not add up are a message at the
/// field, not a refusal: a merge of two devices' edits may briefly make them so.)
fn uitvoering_consistency(doc: &Proeftuin, e: &mut Vec<FieldError>) {
    let u = &doc.uitvoering;
    for ind in &doc.plan.indicatoren {
        if let Some(w) = ind.streefwaarde {
            if !w.is_finite() || w.abs() > MAX_WAARDE {
                e.push(FieldError::new(
                    fields::INDICATOR_STREEFWAARDE.path(&ind.id),
                    "Deze waarde is te groot. Vul een kleiner getal in.",
                ));
            }
        }
    }
    for m in &u.metingen {
        if let Some(w) = m.waarde {
            if !w.is_finite() || w.abs() > MAX_WAARDE {
                e.push(FieldError::new(
                    fields::METING_WAARDE.path(&m.id),
                    "Deze waarde is te groot. Vul een kleiner getal in.",
                ));
            }
        }
    }
    for t in &u.tellingen {
        for (f, v) in [
            (fields::TELLING_GESTART, t.gestart),
            (fields::TELLING_AAN_HET_WERK, t.aan_het_werk),
            (fields::TELLING_UITGEVALLEN, t.uitgevallen),
            (fields::TELLING_CONTRACT, t.contract),
        ] {
            max_u32(e, &f.path(&t.id), v, MAX_KANDIDATEN);
        }
    }
    for g in &u.gesprekken {
        max_items(e, &fields::GESPREK_AANWEZIG.path(&g.id), g.aanwezig.len());
    }
    for s in &u.evaluatie.scores {
        if s.score
            .is_some_and(|v| !(MIN_SCORE..=MAX_SCORE).contains(&v))
        {
            e.push(FieldError::new(
                fields::EVALUATIE_SCORE.path(&s.criterion),
                "Een score moet 1, 2, 3, 4 of 5 zijn.",
            ));
        }
    }
    if u.decharge
        .iter()
        .any(|h| !crate::uitvoering::TEKENAARS.iter().any(|p| p.key() == h.id))
    {
        e.push(FieldError::new(
            fields::UITVOERING_DECHARGE.path,
            "Een handtekening voor decharge hoort bij de opdrachtgever of de leverancier.",
        ));
    }
    let v = &u.verduurzaming;
    for (werk_f, vast_f, n) in [
        (
            fields::VERDUURZAMING_NA_6_WERK,
            fields::VERDUURZAMING_NA_6_VAST,
            &v.na_6,
        ),
        (
            fields::VERDUURZAMING_NA_12_WERK,
            fields::VERDUURZAMING_NA_12_VAST,
            &v.na_12,
        ),
        (
            fields::VERDUURZAMING_NA_24_WERK,
            fields::VERDUURZAMING_NA_24_VAST,
            &v.na_24,
        ),
    ] {
        max_u32(e, werk_f.path, n.aan_het_werk, MAX_KANDIDATEN);
        max_u32(e, vast_f.path, n.vast_contract, MAX_KANDIDATEN);
    }
}

/// Where a free text of the document is; made into a path only for a text that is too long.
enum TextAt<'a> {
    /// A field outside lists (its path).
    Field(&'static str),
    /// A field of a list item: the list's path, the item's id, the field's name.
    Item(&'static str, &'a str, &'static str),
}

impl std::fmt::Display for TextAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextAt::Field(path) => f.write_str(path),
            TextAt::Item(list, id, name) => write!(f, "{list}.{id}.{name}"),
        }
    }
}

/// Every free text in the document with where it is (item ids are checked in `check_ids`).
fn texts(doc: &Proeftuin) -> Vec<(TextAt<'_>, &str)> {
    use fields::*;
    let mut t: Vec<(TextAt, &str)> = vec![(TextAt::Field("id"), doc.id.as_str())];
    let v = &doc.vertrekpunt;
    let p = &doc.plan;
    let b = &doc.beoordeling;
    for (field, value) in [
        (VERTREKPUNT_NAAM, &v.naam),
        (VERTREKPUNT_OPDRACHTGEVER, &v.opdrachtgever),
        (VERTREKPUNT_CATEGORIE_ANDERS, &v.categorie_anders),
        (
            VERTREKPUNT_BELEIDSDOELEN_TOELICHTING,
            &v.beleidsdoelen_toelichting,
        ),
        (VERTREKPUNT_OMSCHRIJVING, &v.omschrijving),
        (PLAN_DOELGROEP_TOELICHTING, &p.doelgroep_toelichting),
        (PLAN_AMBITIE, &p.ambitie),
        (PLAN_VORM_TOELICHTING, &p.vorm_toelichting),
        (PLAN_KERNCOMPETENTIE, &p.kerncompetentie),
        (PLAN_BEGELEIDING, &p.begeleiding),
        (PLAN_WENSEN_OPDRACHTGEVER, &p.wensen_opdrachtgever),
        (PLAN_DUURZAAMHEID, &p.duurzaamheid),
        (PLAN_RANDVOORWAARDEN, &p.randvoorwaarden),
        (BEOORDELING_OORDEEL_TOELICHTING, &b.oordeel_toelichting),
        (BEOORDELING_BEOORDELAAR, &b.beoordelaar),
        (AFRONDEN_NOTITIES, &doc.afronden.notities),
    ] {
        t.push((TextAt::Field(field.path), value));
    }
    fn item<'a>(
        t: &mut Vec<(TextAt<'a>, &'a str)>,
        list: &Field,
        id: &'a str,
        name: &'static str,
        value: &'a str,
    ) {
        t.push((TextAt::Item(list.path, id, name), value));
    }
    for l in &v.leveranciers {
        item(&mut t, &VERTREKPUNT_LEVERANCIERS, &l.id, "naam", &l.naam);
    }
    for s in &doc.stakeholders {
        item(&mut t, &STAKEHOLDERS, &s.id, "naam", &s.naam);
        item(&mut t, &STAKEHOLDERS, &s.id, "organisatie", &s.organisatie);
        item(&mut t, &STAKEHOLDERS, &s.id, "nodig", &s.nodig);
        item(
            &mut t,
            &STAKEHOLDERS,
            &s.id,
            "eigenaar_contact",
            &s.eigenaar_contact,
        );
    }
    for x in &p.partners {
        item(&mut t, &PLAN_PARTNERS, &x.id, "naam", &x.naam);
        item(&mut t, &PLAN_PARTNERS, &x.id, "rol", &x.rol);
    }
    for x in &p.afspraken {
        item(&mut t, &PLAN_AFSPRAKEN, &x.id, "wat", &x.wat);
        item(&mut t, &PLAN_AFSPRAKEN, &x.id, "eigenaar", &x.eigenaar);
    }
    for x in &p.mijlpalen {
        item(&mut t, &PLAN_MIJLPALEN, &x.id, "wat", &x.wat);
    }
    for x in &p.risicos {
        item(&mut t, &PLAN_RISICOS, &x.id, "risico", &x.risico);
        item(&mut t, &PLAN_RISICOS, &x.id, "maatregel", &x.maatregel);
    }
    for x in &p.indicatoren {
        item(&mut t, &PLAN_INDICATOREN, &x.id, "indicator", &x.indicator);
    }
    for s in &b.scores {
        item(&mut t, &BEOORDELING_SCORES, &s.criterion, "reden", &s.reden);
    }
    for x in &p.indicatoren {
        item(&mut t, &PLAN_INDICATOREN, &x.id, "eenheid", &x.eenheid);
    }
    let u = &doc.uitvoering;
    for x in &u.afspraken {
        item(&mut t, &UITVOERING_AFSPRAKEN, &x.id, "notitie", &x.notitie);
    }
    for x in &u.metingen {
        item(
            &mut t,
            &UITVOERING_METINGEN,
            &x.id,
            "indicator",
            &x.indicator,
        );
        item(&mut t, &UITVOERING_METINGEN, &x.id, "notitie", &x.notitie);
    }
    for x in &u.mijlpalen {
        item(&mut t, &UITVOERING_MIJLPALEN, &x.id, "reden", &x.reden);
    }
    for x in &u.gesprekken {
        item(
            &mut t,
            &UITVOERING_GESPREKKEN,
            &x.id,
            "afgesproken",
            &x.afgesproken,
        );
        item(
            &mut t,
            &UITVOERING_GESPREKKEN,
            &x.id,
            "herstelacties",
            &x.herstelacties,
        );
    }
    let ev = &u.evaluatie;
    for (field, value) in [
        (EVALUATIE_WERKTE, &ev.werkte),
        (EVALUATIE_WERKTE_NIET, &ev.werkte_niet),
        (EVALUATIE_TOELICHTING, &ev.toelichting),
        (VERDUURZAMING_TOELICHTING, &u.verduurzaming.toelichting),
    ] {
        t.push((TextAt::Field(field.path), value));
    }
    for x in &ev.scores {
        item(&mut t, &EVALUATIE_SCORES, &x.criterion, "reden", &x.reden);
    }
    for x in &u.decharge {
        item(&mut t, &UITVOERING_DECHARGE, &x.id, "naam", &x.naam);
        item(&mut t, &UITVOERING_DECHARGE, &x.id, "rol", &x.rol);
    }
    t
}

/// Parses a decimal number typed by a user (a measured value, a target), Dutch style:
/// `12`, `12,5`, `-3`, `1.250`, `1.250,75`, `12.5` (a point with one or two digits after it
/// is read as a decimal point), with an optional `%` or spaces. At most two decimals.
/// Empty gives `Ok(None)`; anything else gives a Dutch message.
pub fn parse_decimal(input: &str) -> Result<Option<f64>, String> {
    let mut s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.to_string();
    }
    let negative = s.starts_with('-') || s.starts_with('\u{2212}');
    let body = s.trim_start_matches(['-', '\u{2212}']);
    let bad = || "Vul een getal in, zoals 12 of 12,5. Gebruik geen letters.".to_string();
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad());
    }
    let (whole, frac) = match (body.matches(',').count(), body.rfind(',')) {
        (0, _) => {
            // Only points: thousands separators, unless it is one point with one or two
            // digits after it (12.5).
            match body.rsplit_once('.') {
                Some((w, f)) if body.matches('.').count() == 1 && (1..=2).contains(&f.len()) => {
                    (w.to_string(), f.to_string())
                }
                _ => (body.to_string(), String::new()),
            }
        }
        (1, Some(at)) => (body[..at].to_string(), body[at + 1..].to_string()),
        _ => return Err("Gebruik hooguit één komma, voor de decimalen.".to_string()),
    };
    if frac.contains('.') {
        return Err(bad());
    }
    if whole.contains('.') {
        let groups: Vec<&str> = whole.split('.').collect();
        let leading_zero = groups[0].starts_with('0');
        if leading_zero
            || !(1..=3).contains(&groups[0].len())
            || groups[1..].iter().any(|g| g.len() != 3)
        {
            return Err(
                "Gebruik een punt alleen tussen duizendtallen, zoals 1.250, en een komma voor de decimalen."
                    .to_string(),
            );
        }
    }
    if frac.len() > 2 {
        return Err("Gebruik hooguit twee cijfers achter de komma.".to_string());
    }
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    // In hundredths, with integers: exact, and no float parser needed.
    let mut hundredths: u64 = 0;
    let padded = format!("{frac:0<2}");
    for c in digits.chars().chain(padded.chars()) {
        hundredths = hundredths
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(c as u8 - b'0')))
            .filter(|v| *v as f64 / 100.0 <= MAX_WAARDE)
            .ok_or_else(|| "Dit getal is te groot. Vul een kleiner getal in.".to_string())?;
    }
    let value = hundredths as f64 / 100.0;
    Ok(Some(if negative && hundredths > 0 {
        -value
    } else {
        value
    }))
}

/// Parses a whole number typed by a user, for number fields in the UI.
///
/// `field` is a short lower-case Dutch description used in the messages, e.g.
/// `"de contractwaarde"` gives "Vul bij de contractwaarde een heel getal in, zonder letters.";
/// pass `""` for messages without it.
///
/// Accepts: empty or only spaces (→ `Ok(None)`), `250000`, `250.000`, `250 000`, `€ 250.000`,
/// `EUR 250000`, `250.000,-` and `250.000,00`.
/// Rejects with a Dutch message: negative numbers, letters, decimals (`1,5`), dots that are not
/// thousands separators (`2.50`), and numbers above `max`.
pub fn parse_whole_number(input: &str, field: &str, max: u64) -> Result<Option<u64>, String> {
    let vul = if field.trim().is_empty() {
        "Vul".to_string()
    } else {
        format!("Vul bij {}", field.trim())
    };
    let letters = || format!("{vul} een heel getal in, zonder letters.");
    let too_large = || {
        if field.trim().is_empty() {
            format!(
                "Dit getal is te groot. Het hoogste getal is {}.",
                format_number(max)
            )
        } else {
            format!(
                "Het getal bij {} is te groot. Het hoogste getal is {}.",
                field.trim(),
                format_number(max)
            )
        }
    };

    let mut s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(rest) = s.strip_prefix('€') {
        s = rest.trim_start();
    } else if s.len() >= 3 && s[..3].eq_ignore_ascii_case("eur") {
        s = s[3..].trim_start();
    }
    if s.starts_with('-') || s.starts_with('\u{2212}') {
        return Err(format!("{vul} een getal in dat 0 of groter is."));
    }
    for suffix in [",-", ",--", ",00", ",0"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            break;
        }
    }
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty()
        || !compact
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(letters());
    }
    if compact.contains(',') {
        return Err(format!("{vul} een heel getal in, zonder komma."));
    }
    let groups: Vec<&str> = compact.split('.').collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(
                "Gebruik een punt alleen tussen duizendtallen, zoals 250.000. Een heel getal heeft geen komma of decimalen."
                    .to_string(),
            );
        }
    }
    let mut value: u64 = 0;
    for c in compact.chars().filter(char::is_ascii_digit) {
        let digit = u64::from(c as u8 - b'0');
        value = match value.checked_mul(10).and_then(|v| v.checked_add(digit)) {
            Some(v) => v,
            None => return Err(too_large()),
        };
    }
    if value > max {
        return Err(too_large());
    }
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::test_support::{afspraak, date};

    fn paths(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.path.as_str()).collect()
    }

    /// A document that is complete in all steps.
    pub(crate) fn complete_doc() -> Proeftuin {
        let mut doc = Proeftuin {
            id: "p-1".into(),
            ..Default::default()
        };
        let v = &mut doc.vertrekpunt;
        v.naam = "Werkervaring bij DUO".into();
        v.opdrachtgever = "DUO".into();
        v.categorie = Some(Categorie::IctInhuur);
        v.situatie = Some(Situatie::Raamovereenkomst);
        v.leveranciers = vec![Leverancier {
            id: "lev-1".into(),
            naam: "Voorbeeld BV".into(),
        }];
        v.contractwaarde = Some(500_000);
        v.looptijd_maanden = Some(24);
        v.startdatum = Some(date(2024, 1, 1));
        v.evaluatiedatum = Some(date(2025, 1, 1));
        doc.stakeholders = vec![
            Stakeholder {
                id: "sh-1".into(),
                naam: "Inkoper".into(),
                rol: Some(Rol::Inkoop),
                ..Default::default()
            },
            Stakeholder {
                id: "sh-2".into(),
                naam: "HR-adviseur".into(),
                rol: Some(Rol::Hr),
                ..Default::default()
            },
        ];
        let p = &mut doc.plan;
        p.doelgroepen = vec![Doelgroep::Banenafspraak];
        p.ambitie = "Drie werkervaringsplaatsen.".into();
        p.vormen = vec![Vorm::Werkervaringsplaats];
        p.aantal_kandidaten = Some(4);
        p.aantal_plaatsen = Some(3);
        p.begeleiding = "Een jobcoach.".into();
        p.duurzaamheid = "Beide partijen zoeken een vaste plek.".into();
        p.afspraken = vec![afspraak(
            "af-1",
            Partij::Opdrachtgever,
            "Een werkplek regelen.",
            "Contractmanager",
        )];
        for c in criteria() {
            doc.beoordeling.set_score(c.id, Some(4));
            doc.beoordeling.set_reden(c.id, "Goed onderbouwd.");
        }
        doc.beoordeling.oordeel = Some(Oordeel::Accepteren);
        doc.beoordeling.oordeel_toelichting = "Realistisch en met blijvend werk in zicht.".into();
        doc
    }

    #[test]
    fn complete_document_validates_clean() {
        let doc = complete_doc();
        for step in Step::ALL {
            assert_eq!(validate_step(&doc, step), vec![], "{step:?}");
        }
        assert!(check_consistency(&doc).is_empty());
        assert!(is_complete(&doc));
    }

    #[test]
    fn empty_vertrekpunt_reports_every_required_field() {
        let doc = Proeftuin::default();
        let errors = validate_step(&doc, Step::Vertrekpunt);
        assert_eq!(
            paths(&errors),
            vec![
                "vertrekpunt.naam",
                "vertrekpunt.opdrachtgever",
                "vertrekpunt.categorie",
                "vertrekpunt.situatie",
                "vertrekpunt.leveranciers",
                "vertrekpunt.contractwaarde",
                "vertrekpunt.looptijd_maanden",
                "vertrekpunt.startdatum",
                "vertrekpunt.evaluatiedatum",
            ]
        );
        assert_eq!(errors[0].message, "Vul de naam van de proeftuin in.");
    }

    #[test]
    fn blank_supplier_name_is_reported_by_item_id() {
        let mut doc = complete_doc();
        doc.vertrekpunt.leveranciers[0].naam = "  ".into();
        assert_eq!(
            paths(&validate_step(&doc, Step::Vertrekpunt)),
            vec!["vertrekpunt.leveranciers.lev-1.naam"]
        );
    }

    #[test]
    fn other_category_needs_a_description() {
        let mut doc = complete_doc();
        doc.vertrekpunt.categorie = Some(Categorie::Anders);
        assert_eq!(
            paths(&validate_step(&doc, Step::Vertrekpunt)),
            vec!["vertrekpunt.categorie_anders"]
        );
        doc.vertrekpunt.categorie_anders = "Schoonmaak".into();
        assert!(validate_step(&doc, Step::Vertrekpunt).is_empty());
    }

    #[test]
    fn one_stakeholder_is_not_enough_and_items_need_name_and_role() {
        let mut doc = complete_doc();
        doc.stakeholders.truncate(1);
        doc.stakeholders[0].naam.clear();
        doc.stakeholders[0].rol = None;
        assert_eq!(
            paths(&validate_step(&doc, Step::Stakeholders)),
            vec![
                "stakeholders",
                "stakeholders.sh-1.naam",
                "stakeholders.sh-1.rol"
            ]
        );
    }

    #[test]
    fn empty_plan_reports_required_fields() {
        let mut doc = complete_doc();
        doc.plan = PlanVanAanpak::default();
        assert_eq!(
            paths(&validate_step(&doc, Step::PlanVanAanpak)),
            vec![
                "plan.doelgroepen",
                "plan.ambitie",
                "plan.vormen",
                "plan.aantal_kandidaten",
                "plan.aantal_plaatsen",
                "plan.begeleiding",
                "plan.duurzaamheid",
                "plan.afspraken",
            ]
        );
    }

    #[test]
    fn agreement_needs_what_and_owner() {
        let mut doc = complete_doc();
        doc.plan.afspraken[0].wat.clear();
        doc.plan.afspraken[0].eigenaar.clear();
        assert_eq!(
            paths(&validate_step(&doc, Step::PlanVanAanpak)),
            vec!["plan.afspraken.af-1.wat", "plan.afspraken.af-1.eigenaar"]
        );
    }

    #[test]
    fn zero_candidates_is_not_complete() {
        let mut doc = complete_doc();
        doc.plan.aantal_kandidaten = Some(0);
        assert_eq!(
            paths(&validate_step(&doc, Step::PlanVanAanpak)),
            vec!["plan.aantal_kandidaten"]
        );
    }

    #[test]
    fn assessment_needs_every_score_with_reason_and_a_verdict() {
        let mut doc = complete_doc();
        doc.beoordeling = Beoordeling::default();
        doc.beoordeling.set_score("impact_omvang", Some(3));
        let errors = validate_step(&doc, Step::Beoordeling);
        let p = paths(&errors);
        assert_eq!(errors.len(), 7 + 8 + 1);
        assert!(p.contains(&"beoordeling.scores.realisme_haalbaarheid.score"));
        assert!(!p.contains(&"beoordeling.scores.impact_omvang.score"));
        assert!(p.contains(&"beoordeling.scores.impact_omvang.reden"));
        assert_eq!(*p.last().unwrap(), "beoordeling.oordeel");
    }

    #[test]
    fn a_verdict_needs_an_explanation() {
        let mut doc = complete_doc();
        doc.beoordeling.oordeel_toelichting = "  ".into();
        let errors = validate_step(&doc, Step::Beoordeling);
        assert_eq!(paths(&errors), vec!["beoordeling.oordeel_toelichting"]);
        doc.beoordeling.oordeel = None;
        let errors = validate_step(&doc, Step::Beoordeling);
        assert_eq!(paths(&errors), vec!["beoordeling.oordeel"]);
    }

    #[test]
    fn afronden_is_complete_when_steps_one_to_four_are() {
        let mut doc = complete_doc();
        assert!(validate_step(&doc, Step::Afronden).is_empty());
        doc.vertrekpunt.naam.clear();
        assert_eq!(
            paths(&validate_step(&doc, Step::Afronden)),
            vec!["vertrekpunt.naam"]
        );
        assert_eq!(validate_all(&doc).len(), 1);
        assert!(!is_complete(&doc));
    }

    #[test]
    fn evaluation_before_start_is_inconsistent() {
        let mut doc = complete_doc();
        doc.vertrekpunt.evaluatiedatum = Some(date(2023, 12, 31));
        assert_eq!(
            paths(&check_consistency(&doc)),
            vec!["vertrekpunt.evaluatiedatum"]
        );
    }

    #[test]
    fn score_outside_one_to_five_is_inconsistent() {
        let mut doc = complete_doc();
        doc.beoordeling.set_score("impact_beleid", Some(9));
        assert_eq!(
            paths(&check_consistency(&doc)),
            vec!["beoordeling.scores.impact_beleid.score"]
        );
        doc.beoordeling.set_score("impact_beleid", Some(0));
        assert_eq!(check_consistency(&doc).len(), 1);
    }

    #[test]
    fn duplicate_and_empty_ids_are_inconsistent() {
        let mut doc = complete_doc();
        doc.stakeholders[1].id = "sh-1".into();
        let errors = check_consistency(&doc);
        assert_eq!(paths(&errors), vec!["stakeholders"]);
        assert!(errors[0].message.contains("sh-1"));
        doc.stakeholders[1].id = String::new();
        assert_eq!(paths(&check_consistency(&doc)), vec!["stakeholders"]);
        let mut doc = complete_doc();
        doc.beoordeling.scores.push(Score {
            criterion: "impact_omvang".into(),
            score: Some(2),
            reden: String::new(),
        });
        assert_eq!(paths(&check_consistency(&doc)), vec!["beoordeling.scores"]);
    }

    #[test]
    fn a_draft_with_duplicate_or_empty_item_ids_gets_new_ones_and_keeps_every_item() {
        let mut doc = complete_doc();
        doc.stakeholders[1].id = doc.stakeholders[0].id.clone();
        doc.stakeholders.push(Stakeholder {
            id: String::new(),
            naam: "Zonder id".into(),
            ..Stakeholder::default()
        });
        let risico = Risico {
            id: "r".into(),
            risico: "Te weinig begeleiding".into(),
            ..Risico::default()
        };
        doc.plan.risicos.extend([risico.clone(), risico]);
        let before = doc.clone();
        let mut n = 0;
        let changed = doc.make_item_ids_unique(&mut || {
            n += 1;
            format!("nieuw-{n}")
        });
        assert_eq!(changed, 3);
        assert!(check_consistency(&doc).is_empty());
        // The first of two items with one id keeps it; every item stays, in its place.
        assert_eq!(doc.stakeholders[0].id, before.stakeholders[0].id);
        assert_eq!(doc.stakeholders[1].id, "nieuw-1");
        assert_eq!(doc.stakeholders.last().unwrap().id, "nieuw-2");
        assert_eq!(doc.plan.risicos.last().unwrap().id, "nieuw-3");
        let names = |d: &Proeftuin| {
            d.stakeholders
                .iter()
                .map(|s| s.naam.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&doc), names(&before));
        assert_eq!(doc.plan.risicos.len(), before.plan.risicos.len());
        // A sound document is left alone.
        let mut sound = complete_doc();
        assert_eq!(sound.make_item_ids_unique(&mut || unreachable!()), 0);
        assert_eq!(sound, complete_doc());
    }

    #[test]
    fn absurd_numbers_are_inconsistent() {
        let mut doc = complete_doc();
        doc.plan.aantal_kandidaten = Some(10_001);
        doc.plan.uren_per_week = Some(61);
        doc.plan.duur_maanden = Some(1_000);
        assert_eq!(
            paths(&check_consistency(&doc)),
            vec![
                "plan.aantal_kandidaten",
                "plan.uren_per_week",
                "plan.duur_maanden"
            ]
        );
        doc.plan.aantal_kandidaten = Some(10_000);
        doc.plan.uren_per_week = Some(60);
        doc.plan.duur_maanden = Some(12);
        assert!(check_consistency(&doc).is_empty());
    }

    #[test]
    fn too_long_text_and_too_long_list_are_inconsistent() {
        let mut doc = complete_doc();
        doc.plan.ambitie = "a".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(paths(&check_consistency(&doc)), vec!["plan.ambitie"]);
        doc.plan.ambitie = "é".repeat(MAX_TEXT_CHARS);
        assert!(check_consistency(&doc).is_empty());
        let id = doc.stakeholders[0].id.clone();
        doc.stakeholders[0].nodig = "ë".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            paths(&check_consistency(&doc)),
            vec![format!("stakeholders.{id}.nodig")]
        );
        doc.stakeholders[0].nodig.clear();
        doc.plan.mijlpalen = (0..=MAX_LIST_ITEMS)
            .map(|i| Mijlpaal {
                id: format!("m-{i}"),
                ..Default::default()
            })
            .collect();
        assert_eq!(paths(&check_consistency(&doc)), vec!["plan.mijlpalen"]);
    }

    #[test]
    fn unknown_schema_version_is_inconsistent() {
        let mut doc = complete_doc();
        doc.schema_version = 99;
        assert_eq!(paths(&check_consistency(&doc)), vec!["schema_version"]);
        doc.schema_version = 1;
        assert_eq!(paths(&check_consistency(&doc)), vec!["schema_version"]);
    }

    #[test]
    fn decimal_accepts_dutch_notations() {
        for (input, want) in [
            ("", None),
            ("  ", None),
            ("12", Some(12.0)),
            ("12,5", Some(12.5)),
            ("12.5", Some(12.5)),
            ("0,25", Some(0.25)),
            (",5", Some(0.5)),
            ("-3", Some(-3.0)),
            ("\u{2212}3,75", Some(-3.75)),
            ("1.250", Some(1250.0)),
            ("1.250,75", Some(1250.75)),
            ("1 250", Some(1250.0)),
            ("80%", Some(80.0)),
            ("-0", Some(0.0)),
        ] {
            assert_eq!(parse_decimal(input), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn decimal_rejects_bad_input_in_dutch() {
        for (input, part) in [
            ("twaalf", "Gebruik geen letters"),
            ("12a", "Gebruik geen letters"),
            ("-", "Gebruik geen letters"),
            ("1,2,3", "hooguit één komma"),
            ("1,234", "twee cijfers achter de komma"),
            ("12.50.3", "alleen tussen duizendtallen"),
            ("1.25,5", "alleen tussen duizendtallen"),
            ("0.125", "alleen tussen duizendtallen"),
            ("1,5.0", "Gebruik geen letters"),
            ("99999999999999999999", "te groot"),
            ("1000000000001", "te groot"),
            ("NaN", "Gebruik geen letters"),
            ("inf", "Gebruik geen letters"),
        ] {
            let err = parse_decimal(input).unwrap_err();
            assert!(err.contains(part), "{input:?}: {err}");
        }
        assert_eq!(parse_decimal("1000000000000"), Ok(Some(MAX_WAARDE)));
    }

    fn uitvoering_doc() -> Proeftuin {
        let mut doc = complete_doc();
        doc.vertrekpunt.startdatum = Some(date(2026, 1, 1));
        doc.vertrekpunt.evaluatiedatum = Some(date(2027, 1, 1));
        doc.plan.indicatoren = vec![Indicator {
            id: "i1".into(),
            indicator: "Aan het werk".into(),
            frequentie: Some(Frequentie::Maandelijks),
            ..Default::default()
        }];
        doc
    }

    #[test]
    fn step_6_says_what_is_missing_or_out_of_range_at_the_field() {
        let mut doc = uitvoering_doc();
        assert!(validate_step(&doc, Step::Uitvoering).is_empty());
        doc.uitvoering.metingen = vec![
            Meting {
                id: "m1".into(),
                indicator: "i1".into(),
                datum: Some(date(2025, 12, 31)),
                waarde: None,
                notitie: String::new(),
            },
            Meting {
                id: "m2".into(),
                indicator: "weg".into(),
                datum: Some(date(2046, 1, 2)),
                waarde: Some(1.0),
                notitie: String::new(),
            },
            Meting {
                id: "m3".into(),
                indicator: "i1".into(),
                datum: None,
                waarde: Some(1.0),
                notitie: String::new(),
            },
        ];
        doc.uitvoering.gesprekken = vec![Gesprek {
            id: "g1".into(),
            datum: Some(date(2026, 3, 1)),
            volgende: Some(date(2026, 2, 1)),
            ..Default::default()
        }];
        let errors = validate_step(&doc, Step::Uitvoering);
        assert_eq!(
            paths(&errors),
            [
                "uitvoering.metingen.m1.datum",
                "uitvoering.metingen.m1.waarde",
                "uitvoering.metingen.m2.indicator",
                "uitvoering.metingen.m2.datum",
                "uitvoering.metingen.m3.datum",
                "uitvoering.gesprekken.g1.volgende",
            ]
        );
        assert_eq!(
            errors[0].message,
            "De peildatum ligt vóór de start van de proeftuin (1 januari 2026). Kies een latere datum."
        );
        assert_eq!(
            errors[3].message,
            "De peildatum ligt meer dan 20 jaar na de start. Kies een datum tot en met 1 januari 2046."
        );
        // Messages, not refusals: the document stays consistent.
        assert!(check_consistency(&doc).is_empty());
        // Every path belongs to step 6.
        for e in &errors {
            assert_eq!(crate::fields::step_of(&e.path), Some(Step::Uitvoering));
        }
    }

    #[test]
    fn counts_that_do_not_add_up_are_a_message_and_values_too_large_are_refused() {
        let mut doc = uitvoering_doc();
        let telling = |id: &str, g, w, u, c| Telling {
            id: id.into(),
            datum: Some(date(2026, 3, 1)),
            gestart: g,
            aan_het_werk: w,
            uitgevallen: u,
            contract: c,
        };
        doc.uitvoering.tellingen = vec![
            telling("ok", Some(5), Some(3), Some(2), Some(1)),
            telling("werk", Some(2), Some(3), None, None),
            telling("samen", Some(4), Some(3), Some(2), None),
            telling("leeg", None, None, Some(1), None),
            telling("groot", Some(10_001), None, None, None),
        ];
        doc.uitvoering.metingen = vec![Meting {
            id: "m1".into(),
            indicator: "i1".into(),
            datum: Some(date(2026, 2, 1)),
            waarde: Some(f64::INFINITY),
            notitie: String::new(),
        }];
        doc.plan.indicatoren[0].streefwaarde = Some(2e12);
        let errors = check_consistency(&doc);
        assert_eq!(
            paths(&errors),
            [
                "plan.indicatoren.i1.streefwaarde",
                "uitvoering.metingen.m1.waarde",
                "uitvoering.tellingen.groot.gestart",
            ]
        );
        // Counts that do not add up: at the field, never a refusal (a merge may make them so).
        let errors = validate_step(&doc, Step::Uitvoering);
        let counts: Vec<_> = errors
            .iter()
            .filter(|e| e.path.starts_with("uitvoering.tellingen"))
            .collect();
        assert_eq!(
            counts.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
            [
                "uitvoering.tellingen.werk.aan_het_werk",
                "uitvoering.tellingen.samen.uitgevallen",
            ]
        );
        assert_eq!(
            counts[0].message,
            "Er kunnen niet meer kandidaten aan het werk zijn (3) dan er zijn gestart (2)."
        );
        assert_eq!(
            counts[1].message,
            "Aan het werk (3) en gestopt (2) samen zijn meer dan het aantal gestarte kandidaten (4)."
        );
    }

    #[test]
    fn texts_of_the_evaluation_and_decharge_have_a_limit_too() {
        let mut doc = uitvoering_doc();
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        doc.uitvoering.evaluatie.werkte = long.clone();
        doc.uitvoering.verduurzaming.toelichting = long.clone();
        doc.uitvoering.decharge.push(Handtekening {
            id: "leverancier".into(),
            naam: long,
            ..Default::default()
        });
        assert_eq!(
            paths(&check_consistency(&doc)),
            [
                "uitvoering.evaluatie.werkte",
                "uitvoering.verduurzaming.toelichting",
                "uitvoering.decharge.leverancier.naam",
            ]
        );
    }

    #[test]
    fn lists_of_step_6_are_checked_like_the_others() {
        let mut doc = uitvoering_doc();
        doc.uitvoering.gesprekken = vec![
            Gesprek {
                id: "g".into(),
                datum: Some(date(2026, 2, 1)),
                afgesproken: "x".repeat(MAX_TEXT_CHARS + 1),
                ..Default::default()
            },
            Gesprek {
                id: "g".into(),
                datum: Some(date(2026, 2, 1)),
                ..Default::default()
            },
        ];
        doc.uitvoering.afspraken = (0..=MAX_LIST_ITEMS)
            .map(|i| AfspraakStand {
                id: format!("a{i}"),
                ..Default::default()
            })
            .collect();
        assert_eq!(
            paths(&check_consistency(&doc)),
            [
                "uitvoering.afspraken",
                "uitvoering.gesprekken",
                "uitvoering.gesprekken.g.afgesproken",
            ]
        );
    }

    #[test]
    fn whole_number_accepts_dutch_notations() {
        let max = 1_000_000_000;
        assert_eq!(parse_whole_number("", "x", max), Ok(None));
        assert_eq!(parse_whole_number("   ", "x", max), Ok(None));
        assert_eq!(parse_whole_number("250000", "x", max), Ok(Some(250_000)));
        assert_eq!(parse_whole_number("250.000", "x", max), Ok(Some(250_000)));
        assert_eq!(parse_whole_number("€ 250.000", "x", max), Ok(Some(250_000)));
        assert_eq!(
            parse_whole_number("€250.000,-", "x", max),
            Ok(Some(250_000))
        );
        assert_eq!(
            parse_whole_number("EUR 1.250.000,00", "x", max),
            Ok(Some(1_250_000))
        );
        assert_eq!(parse_whole_number(" 250 000 ", "x", max), Ok(Some(250_000)));
        assert_eq!(parse_whole_number("0", "x", max), Ok(Some(0)));
        assert_eq!(parse_whole_number("1000000000", "x", max), Ok(Some(max)));
    }

    #[test]
    fn whole_number_rejects_bad_input_in_dutch() {
        let max = 10_000;
        assert_eq!(
            parse_whole_number("abc", "het aantal kandidaten", max),
            Err("Vul bij het aantal kandidaten een heel getal in, zonder letters.".into())
        );
        assert_eq!(
            parse_whole_number("abc", "", max),
            Err("Vul een heel getal in, zonder letters.".into())
        );
        assert_eq!(
            parse_whole_number("-5", "", max),
            Err("Vul een getal in dat 0 of groter is.".into())
        );
        assert_eq!(
            parse_whole_number("1,5", "", max),
            Err("Vul een heel getal in, zonder komma.".into())
        );
        assert!(parse_whole_number("2.50", "", max).is_err());
        assert!(parse_whole_number("1.5", "", max).is_err());
        assert!(parse_whole_number(".500", "", max).is_err());
        assert!(parse_whole_number("€", "", max).is_err());
        assert!(parse_whole_number("12a", "", max).is_err());
        assert_eq!(
            parse_whole_number("10.001", "", max),
            Err("Dit getal is te groot. Het hoogste getal is 10.000.".into())
        );
        assert_eq!(
            parse_whole_number("99999999999999999999999", "de contractwaarde", max),
            Err("Het getal bij de contractwaarde is te groot. Het hoogste getal is 10.000.".into())
        );
    }

    /// The editor checks a step again only when that step's part of the document changes (the
    /// step indicator's "compleet"): so a step's check must read nothing else.
    #[test]
    fn each_step_is_checked_on_its_own_part_of_the_document_only() {
        let empty = Proeftuin::new("leeg".into(), crate::test_support::now());
        for v in crate::voorbeelden() {
            let full =
                crate::voorbeeld_document(v.key, "vol".into(), crate::test_support::now()).unwrap();
            for step in [
                Step::Vertrekpunt,
                Step::Stakeholders,
                Step::PlanVanAanpak,
                Step::Beoordeling,
            ] {
                // The step's own part from one document, everything else from the other.
                let mix = |part: &Proeftuin, rest: &Proeftuin| {
                    let mut d = rest.clone();
                    match step {
                        Step::Vertrekpunt => d.vertrekpunt = part.vertrekpunt.clone(),
                        Step::Stakeholders => d.stakeholders = part.stakeholders.clone(),
                        Step::PlanVanAanpak => d.plan = part.plan.clone(),
                        _ => d.beoordeling = part.beoordeling.clone(),
                    }
                    d
                };
                assert_eq!(
                    validate_step(&mix(&full, &empty), step),
                    validate_step(&full, step)
                );
                assert_eq!(
                    validate_step(&mix(&empty, &full), step),
                    validate_step(&empty, step)
                );
                assert!(
                    !validate_step(&empty, step).is_empty(),
                    "{step:?} of an empty plan"
                );
            }
        }
    }
}
