//! Aandachtspunten: points of attention the app derives from the plan itself.
//!
//! They are advice, not errors: a document with aandachtspunten can still be complete. A rule
//! only fires when there is enough data to judge it (e.g. candidates versus places only when
//! both are filled; stakeholder rules only once at least one stakeholder is listed; plan rules
//! only once the plan has been started). Each point says which step and field to look at, with
//! the same path format as [`crate::validation`].

use chrono::Months;
use serde::Serialize;

use crate::model::{Houding, Invloed, Partij, Proeftuin, Rol, Situatie};
use crate::step::Step;

/// One point of attention.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Aandachtspunt {
    /// Stable id of the rule (one point per rule at most).
    pub id: &'static str,
    /// Short Dutch title.
    pub title: String,
    /// Dutch explanation: why it matters and what to do.
    pub explanation: String,
    /// The step to fix it in.
    pub step: Step,
    /// Path of the field to fix (as in validation).
    pub field: String,
}

fn point(
    id: &'static str,
    title: &str,
    explanation: impl Into<String>,
    step: Step,
    field: impl Into<String>,
) -> Aandachtspunt {
    Aandachtspunt {
        id,
        title: title.to_string(),
        explanation: explanation.into(),
        step,
        field: field.into(),
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// True once someone started writing the plan (step 3).
fn plan_started(doc: &Proeftuin) -> bool {
    let p = &doc.plan;
    !p.doelgroepen.is_empty()
        || !p.vormen.is_empty()
        || !blank(&p.ambitie)
        || p.aantal_kandidaten.is_some()
        || p.aantal_plaatsen.is_some()
}

/// True once someone started the starting point (step 1).
fn vertrekpunt_started(doc: &Proeftuin) -> bool {
    let v = &doc.vertrekpunt;
    !blank(&v.naam) || !blank(&v.opdrachtgever) || v.startdatum.is_some()
}

fn has_role(doc: &Proeftuin, roles: &[Rol]) -> bool {
    doc.stakeholders
        .iter()
        .any(|s| s.rol.is_some_and(|r| roles.contains(&r)))
}

/// All points of attention for this document, in step order.
///
/// Rules (ids):
/// - `evaluatiedatum_ontbreekt`: step 1 started, no evaluation date.
/// - `evaluatie_na_meer_dan_een_jaar`: evaluation more than 13 months after the start.
/// - `geen_inkoop`, `geen_hr`, `geen_beleid`: no stakeholder from purchasing (Inkoop,
///   Categoriemanager or Contractmanager), HR / P&O, or policy.
/// - `geen_escalatielijn`: no stakeholder marked as escalation line.
/// - `kritisch_met_veel_invloed`: a critical stakeholder with high influence.
/// - `lopende_opdracht_basis`: a running contract without contract manager or internal client
///   among the stakeholders (who can say whether the basics are in order).
/// - `geen_begeleiding`, `geen_duurzaamheid`, `geen_wensen_opdrachtgever`,
///   `geen_indicatoren`: plan started but that part is empty.
/// - `minder_kandidaten_dan_plaatsen`: fewer candidates than places.
/// - `geen_afspraak_opdrachtgever`: no agreement for the client side (partij Opdrachtgever).
pub fn aandachtspunten(doc: &Proeftuin) -> Vec<Aandachtspunt> {
    let mut out = Vec::new();
    vertrekpunt_rules(doc, &mut out);
    stakeholder_rules(doc, &mut out);
    plan_rules(doc, &mut out);
    out
}

fn vertrekpunt_rules(doc: &Proeftuin, out: &mut Vec<Aandachtspunt>) {
    let v = &doc.vertrekpunt;
    if vertrekpunt_started(doc) && v.evaluatiedatum.is_none() {
        out.push(point(
            "evaluatiedatum_ontbreekt",
            "Geen datum voor de evaluatie",
            "Een proeftuin is een experiment. Spreek af wanneer jullie samen terugkijken, \
             meestal na een jaar. Dan kunnen jullie de ambitie bijstellen als dat nodig is.",
            Step::Vertrekpunt,
            "vertrekpunt.evaluatiedatum",
        ));
    }
    if let (Some(start), Some(eval)) = (v.startdatum, v.evaluatiedatum) {
        if start
            .checked_add_months(Months::new(13))
            .is_some_and(|limit| eval > limit)
        {
            out.push(point(
                "evaluatie_na_meer_dan_een_jaar",
                "Evaluatie pas na meer dan een jaar",
                "Kijk liever na ongeveer een jaar samen terug. Zo zien jullie op tijd wat werkt \
                 en wat niet, en kunnen jullie het plan bijsturen.",
                Step::Vertrekpunt,
                "vertrekpunt.evaluatiedatum",
            ));
        }
    }
}

fn stakeholder_rules(doc: &Proeftuin, out: &mut Vec<Aandachtspunt>) {
    if doc.stakeholders.is_empty() {
        return;
    }
    if !has_role(
        doc,
        &[Rol::Inkoop, Rol::Categoriemanager, Rol::Contractmanager],
    ) {
        out.push(point(
            "geen_inkoop",
            "Niemand van Inkoop aan tafel",
            "Inkoop en categoriemanagement kennen het contract en de ruimte in de regels. \
             Betrek een inkoper, categoriemanager of contractmanager, zodat de afspraken ook \
             in het contract terechtkomen.",
            Step::Stakeholders,
            "stakeholders",
        ));
    }
    if !has_role(doc, &[Rol::Hr]) {
        out.push(point(
            "geen_hr",
            "Niemand van HR / P&O aan tafel",
            "HR weet welke mensen het Rijk als werkgever zoekt, bijvoorbeeld voor de \
             Banenafspraak. Met HR erbij is de kans groter op een vaste plek voor kandidaten.",
            Step::Stakeholders,
            "stakeholders",
        ));
    }
    if !has_role(doc, &[Rol::Beleid]) {
        out.push(point(
            "geen_beleid",
            "Niemand van Beleid aan tafel",
            "Een beleidsdirectie kan doelgroepen en ideeën aandragen die passen bij de doelen \
             van het ministerie. Dan sluit de proeftuin beter aan en krijgt hij meer steun.",
            Step::Stakeholders,
            "stakeholders",
        ));
    }
    if !doc.stakeholders.iter().any(|s| s.escalatielijn) {
        out.push(point(
            "geen_escalatielijn",
            "Geen escalatielijn",
            "Zoek een of twee mensen hoger in de organisatie (of het Adviesteam Social Return) \
             die social return steunen. Bij hen kun je terecht als het ergens vastloopt.",
            Step::Stakeholders,
            "stakeholders",
        ));
    }
    let critical: Vec<_> = doc
        .stakeholders
        .iter()
        .filter(|s| s.houding == Houding::Kritisch && s.invloed == Invloed::Hoog)
        .collect();
    if let Some(first) = critical.first() {
        let names: Vec<String> = critical
            .iter()
            .map(|s| {
                if blank(&s.naam) {
                    "(naam nog niet ingevuld)".to_string()
                } else {
                    s.naam.trim().to_string()
                }
            })
            .collect();
        out.push(point(
            "kritisch_met_veel_invloed",
            "Kritische stakeholder met veel invloed",
            format!(
                "Wie kritisch is en veel invloed heeft, kan de proeftuin tegenhouden. Ga op \
                 tijd in gesprek: wat is nodig om mee te doen? Het gaat om: {}.",
                names.join(", ")
            ),
            Step::Stakeholders,
            format!("stakeholders.{}.houding", first.id),
        ));
    }
    if doc.vertrekpunt.situatie == Some(Situatie::LopendeOpdracht)
        && !has_role(doc, &[Rol::Contractmanager, Rol::Opdrachtgever])
    {
        out.push(point(
            "lopende_opdracht_basis",
            "Lopende opdracht: is de basis op orde?",
            "Begin in een lopend contract pas als het contract goed loopt en alle partijen \
             tevreden zijn. Vraag dat na bij de contractmanager of de opdrachtgever, en zet \
             hen bij de stakeholders.",
            Step::Stakeholders,
            "stakeholders",
        ));
    }
}

fn plan_rules(doc: &Proeftuin, out: &mut Vec<Aandachtspunt>) {
    let p = &doc.plan;
    let started = plan_started(doc);
    if started && blank(&p.begeleiding) {
        out.push(point(
            "geen_begeleiding",
            "Begeleiding is niet beschreven",
            "Kandidaten hebben vooral in het begin extra aandacht nodig. Ook leidinggevenden \
             en collega's hebben soms hulp nodig. Beschrijf wie begeleidt, hoe vaak en met \
             welke kennis.",
            Step::PlanVanAanpak,
            "plan.begeleiding",
        ));
    }
    if let (Some(kandidaten), Some(plaatsen)) = (p.aantal_kandidaten, p.aantal_plaatsen) {
        if kandidaten < plaatsen {
            out.push(point(
                "minder_kandidaten_dan_plaatsen",
                "Minder kandidaten dan plaatsen",
                format!(
                    "Er zijn {plaatsen} plaatsen, maar {kandidaten} kandidaten. Dan blijven \
                     er plaatsen leeg. Zoek meer kandidaten, bijvoorbeeld via een partner, of \
                     maak het aantal plaatsen kleiner."
                ),
                Step::PlanVanAanpak,
                "plan.aantal_kandidaten",
            ));
        }
    }
    if started && blank(&p.duurzaamheid) {
        out.push(point(
            "geen_duurzaamheid",
            "Geen afspraak over de tijd na de proeftuin",
            "Het doel is blijvend werk. Spreek af dat opdrachtgever en leverancier allebei hun \
             best doen om kandidaten daarna een vaste plek of contract te bieden.",
            Step::PlanVanAanpak,
            "plan.duurzaamheid",
        ));
    }
    if started && blank(&p.wensen_opdrachtgever) {
        out.push(point(
            "geen_wensen_opdrachtgever",
            "Wensen aan de opdrachtgever ontbreken",
            "Vraag de leverancier ook wat hij van jou als opdrachtgever nodig heeft. Vaak \
             ligt het knelpunt niet bij de leverancier, maar bij de eigen organisatie.",
            Step::PlanVanAanpak,
            "plan.wensen_opdrachtgever",
        ));
    }
    if (started || !p.afspraken.is_empty())
        && !p
            .afspraken
            .iter()
            .any(|a| a.partij == Partij::Opdrachtgever)
    {
        out.push(point(
            "geen_afspraak_opdrachtgever",
            "Geen afspraken voor de opdrachtgever",
            "Een proeftuin doe je samen. Leg ook vast wat de opdrachtgever doet, met een \
             eigenaar en een datum. Maak die afspraken aan twee kanten onderdeel van het \
             contract.",
            Step::PlanVanAanpak,
            "plan.afspraken",
        ));
    }
    if started && !p.indicatoren.iter().any(|i| !blank(&i.indicator)) {
        out.push(point(
            "geen_indicatoren",
            "Niets afgesproken over meten",
            "Spreek af wat jullie bijhouden (bijvoorbeeld aantal gestarte kandidaten en \
             aantal contracten daarna) en hoe vaak jullie dat delen. Dan is de evaluatie \
             makkelijker.",
            Step::PlanVanAanpak,
            "plan.indicatoren",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::test_support::{afspraak, date};

    fn sh(id: &str, rol: Rol) -> Stakeholder {
        Stakeholder {
            id: id.into(),
            naam: format!("Persoon {id}"),
            rol: Some(rol),
            ..Default::default()
        }
    }

    /// A document on which no rule fires.
    fn good_doc() -> Proeftuin {
        let mut doc = Proeftuin::default();
        doc.vertrekpunt.naam = "Test".into();
        doc.vertrekpunt.situatie = Some(Situatie::NieuweAanbesteding);
        doc.vertrekpunt.startdatum = Some(date(2024, 1, 1));
        doc.vertrekpunt.evaluatiedatum = Some(date(2025, 1, 1));
        let mut escalation = sh("sh-1", Rol::Inkoop);
        escalation.escalatielijn = true;
        doc.stakeholders = vec![escalation, sh("sh-2", Rol::Hr), sh("sh-3", Rol::Beleid)];
        doc.plan = PlanVanAanpak {
            doelgroepen: vec![Doelgroep::Autisme],
            aantal_kandidaten: Some(5),
            aantal_plaatsen: Some(5),
            begeleiding: "Jobcoach".into(),
            duurzaamheid: "Vaste plek".into(),
            wensen_opdrachtgever: "Een werkplek".into(),
            afspraken: vec![afspraak(
                "af-1",
                Partij::Opdrachtgever,
                "Werkplek",
                "Inkoop",
            )],
            indicatoren: vec![Indicator {
                id: "ind-1".into(),
                indicator: "Aantal gestart".into(),
                frequentie: Some(Frequentie::PerKwartaal),
                ..Indicator::default()
            }],
            ..PlanVanAanpak::default()
        };
        doc
    }

    fn ids(doc: &Proeftuin) -> Vec<&'static str> {
        aandachtspunten(doc).iter().map(|a| a.id).collect()
    }

    fn fires(doc: &Proeftuin, id: &str) -> bool {
        ids(doc).contains(&id)
    }

    #[test]
    fn good_document_has_no_aandachtspunten() {
        assert_eq!(ids(&good_doc()), Vec::<&str>::new());
    }

    #[test]
    fn empty_document_has_no_aandachtspunten() {
        assert_eq!(ids(&Proeftuin::default()), Vec::<&str>::new());
    }

    #[test]
    fn missing_begeleiding_is_flagged() {
        let mut doc = good_doc();
        doc.plan.begeleiding = " ".into();
        let points = aandachtspunten(&doc);
        let p = points.iter().find(|a| a.id == "geen_begeleiding").unwrap();
        assert_eq!(p.step, Step::PlanVanAanpak);
        assert_eq!(p.field, "plan.begeleiding");
    }

    #[test]
    fn missing_begeleiding_is_not_flagged_before_the_plan_starts() {
        let mut doc = good_doc();
        doc.plan = PlanVanAanpak::default();
        assert!(!fires(&doc, "geen_begeleiding"));
        assert!(!fires(&doc, "geen_duurzaamheid"));
        assert!(!fires(&doc, "geen_wensen_opdrachtgever"));
        assert!(!fires(&doc, "geen_indicatoren"));
        assert!(!fires(&doc, "geen_afspraak_opdrachtgever"));
    }

    #[test]
    fn fewer_candidates_than_places_is_flagged() {
        let mut doc = good_doc();
        doc.plan.aantal_kandidaten = Some(2);
        doc.plan.aantal_plaatsen = Some(3);
        assert!(fires(&doc, "minder_kandidaten_dan_plaatsen"));
    }

    #[test]
    fn candidates_versus_places_needs_both_numbers() {
        let mut doc = good_doc();
        doc.plan.aantal_kandidaten = Some(4);
        doc.plan.aantal_plaatsen = Some(3);
        assert!(!fires(&doc, "minder_kandidaten_dan_plaatsen"));
        doc.plan.aantal_kandidaten = None;
        assert!(!fires(&doc, "minder_kandidaten_dan_plaatsen"));
    }

    #[test]
    fn missing_durability_agreement_is_flagged() {
        let mut doc = good_doc();
        doc.plan.duurzaamheid.clear();
        assert!(fires(&doc, "geen_duurzaamheid"));
    }

    #[test]
    fn missing_hr_stakeholder_is_flagged() {
        let mut doc = good_doc();
        doc.stakeholders.retain(|s| s.rol != Some(Rol::Hr));
        assert_eq!(ids(&doc), vec!["geen_hr"]);
    }

    #[test]
    fn missing_beleid_stakeholder_is_flagged() {
        let mut doc = good_doc();
        doc.stakeholders.retain(|s| s.rol != Some(Rol::Beleid));
        assert_eq!(ids(&doc), vec!["geen_beleid"]);
    }

    #[test]
    fn missing_inkoop_stakeholder_is_flagged() {
        let mut doc = good_doc();
        doc.stakeholders[0].rol = Some(Rol::Leverancier);
        assert_eq!(ids(&doc), vec!["geen_inkoop"]);
        doc.stakeholders[0].rol = Some(Rol::Categoriemanager);
        assert!(!fires(&doc, "geen_inkoop"));
    }

    #[test]
    fn stakeholder_rules_wait_for_the_first_stakeholder() {
        let mut doc = good_doc();
        doc.stakeholders.clear();
        assert_eq!(ids(&doc), Vec::<&str>::new());
    }

    #[test]
    fn missing_escalation_line_is_flagged() {
        let mut doc = good_doc();
        doc.stakeholders[0].escalatielijn = false;
        assert_eq!(ids(&doc), vec!["geen_escalatielijn"]);
    }

    #[test]
    fn critical_stakeholder_with_high_influence_is_flagged() {
        let mut doc = good_doc();
        doc.stakeholders[2].houding = Houding::Kritisch;
        doc.stakeholders[2].invloed = Invloed::Hoog;
        let points = aandachtspunten(&doc);
        assert_eq!(points.len(), 1);
        assert_eq!(points[0].id, "kritisch_met_veel_invloed");
        assert_eq!(points[0].field, "stakeholders.sh-3.houding");
        assert!(points[0].explanation.contains("Persoon sh-3"));
    }

    #[test]
    fn critical_stakeholder_with_little_influence_is_not_flagged() {
        let mut doc = good_doc();
        doc.stakeholders[2].houding = Houding::Kritisch;
        doc.stakeholders[2].invloed = Invloed::Midden;
        assert!(!fires(&doc, "kritisch_met_veel_invloed"));
    }

    #[test]
    fn missing_wishes_towards_client_are_flagged() {
        let mut doc = good_doc();
        doc.plan.wensen_opdrachtgever.clear();
        assert_eq!(ids(&doc), vec!["geen_wensen_opdrachtgever"]);
    }

    #[test]
    fn missing_evaluation_date_is_flagged() {
        let mut doc = good_doc();
        doc.vertrekpunt.evaluatiedatum = None;
        assert_eq!(ids(&doc), vec!["evaluatiedatum_ontbreekt"]);
    }

    #[test]
    fn missing_evaluation_date_waits_until_step_one_is_started() {
        let mut doc = good_doc();
        doc.vertrekpunt = Vertrekpunt::default();
        assert!(!fires(&doc, "evaluatiedatum_ontbreekt"));
    }

    #[test]
    fn evaluation_long_after_a_year_is_flagged() {
        let mut doc = good_doc();
        doc.vertrekpunt.evaluatiedatum = Some(date(2025, 2, 1));
        assert!(!fires(&doc, "evaluatie_na_meer_dan_een_jaar"));
        doc.vertrekpunt.evaluatiedatum = Some(date(2025, 2, 2));
        assert_eq!(ids(&doc), vec!["evaluatie_na_meer_dan_een_jaar"]);
    }

    #[test]
    fn agreements_only_for_the_supplier_are_flagged() {
        let mut doc = good_doc();
        doc.plan.afspraken[0].partij = Partij::Leverancier;
        assert_eq!(ids(&doc), vec!["geen_afspraak_opdrachtgever"]);
        doc.plan.afspraken.clear();
        assert!(fires(&doc, "geen_afspraak_opdrachtgever"));
    }

    #[test]
    fn missing_indicators_are_flagged() {
        let mut doc = good_doc();
        doc.plan.indicatoren[0].indicator.clear();
        assert_eq!(ids(&doc), vec!["geen_indicatoren"]);
    }

    #[test]
    fn running_contract_without_contract_owner_is_flagged() {
        let mut doc = good_doc();
        doc.vertrekpunt.situatie = Some(Situatie::LopendeOpdracht);
        assert_eq!(ids(&doc), vec!["lopende_opdracht_basis"]);
        doc.stakeholders.push(sh("sh-4", Rol::Contractmanager));
        assert!(!fires(&doc, "lopende_opdracht_basis"));
    }

    #[test]
    fn new_tender_does_not_need_contract_owner_check() {
        let doc = good_doc();
        assert!(!fires(&doc, "lopende_opdracht_basis"));
    }
}
