//! The assessment rubric: criteria for realisme and impact, each scored 1–5 against anchored
//! descriptions; the dimension scores and the suggested verdict.
//!
//! Scores are stored in [`Beoordeling::scores`], one [`Score`] per criterion id. Scores outside
//! 1..=5 and scores for unknown criterion ids are ignored in the calculations here (and reported
//! by [`crate::validation::check_consistency`] when out of range).

use serde::Serialize;

use crate::choice::choice_enum;
use crate::model::{Beoordeling, Oordeel, Score};

choice_enum! {
    /// The two questions the buyer asks of a plan.
    pub enum Dimension {
        /// Can the plan really be carried out?
        Realisme => "realisme", "Realisme",
        /// How far does it help people into lasting work?
        Impact => "impact", "Impact",
    }
}

impl Dimension {
    /// One-line Dutch explanation of the dimension.
    pub fn question(self) -> &'static str {
        match self {
            Dimension::Realisme => "Kan dit plan echt worden uitgevoerd?",
            Dimension::Impact => {
                "Hoeveel helpt dit plan mensen met afstand tot de arbeidsmarkt aan blijvend werk?"
            }
        }
    }
}

/// One criterion of the rubric.
#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Criterion {
    /// Stable id, stored in [`Score::criterion`] and used in paths.
    pub id: &'static str,
    /// Realisme or impact.
    pub dimension: Dimension,
    /// Short Dutch title.
    pub title: &'static str,
    /// The question the assessor answers.
    pub question: &'static str,
    /// What a score of 1, 2, 3, 4 and 5 means (index 0 is score 1).
    pub anchors: [&'static str; 5],
}

impl Criterion {
    /// The anchor text for a score 1..=5.
    pub fn anchor(&self, score: u8) -> Option<&'static str> {
        if (1..=5).contains(&score) {
            Some(self.anchors[usize::from(score - 1)])
        } else {
            None
        }
    }
}

/// Lowest valid score.
pub const MIN_SCORE: u8 = 1;
/// Highest valid score.
pub const MAX_SCORE: u8 = 5;

static CRITERIA: [Criterion; 8] = [
    Criterion {
        id: "realisme_haalbaarheid",
        dimension: Dimension::Realisme,
        title: "Haalbare aantallen en planning",
        question: "Passen de aantallen, de uren en de planning bij wat de leverancier kan waarmaken?",
        anchors: [
            "Aantallen en planning ontbreken of zijn niet te halen.",
            "Er staan aantallen, maar zonder planning of onderbouwing.",
            "Aantallen en planning zijn er; een paar stappen zijn nog onzeker.",
            "Aantallen en planning zijn goed onderbouwd, met mijlpalen.",
            "Alles is concreet en haalbaar, met mijlpalen en een plan voor tegenvallers.",
        ],
    },
    Criterion {
        id: "realisme_begeleiding",
        dimension: Dimension::Realisme,
        title: "Begeleiding en capaciteit",
        question: "Is de begeleiding van kandidaten en leidinggevenden geregeld, en is daar tijd en geld voor?",
        anchors: [
            "Er is geen begeleiding geregeld.",
            "Begeleiding wordt genoemd, maar niet wie het doet of hoe.",
            "Er is een begeleider, maar de tijd of kennis is nog krap.",
            "Begeleiding is geregeld, met een vaste begeleider en genoeg tijd.",
            "Kandidaat én leidinggevende krijgen begeleiding, met hulp van een partner die de doelgroep kent.",
        ],
    },
    Criterion {
        id: "realisme_draagvlak",
        dimension: Dimension::Realisme,
        title: "Draagvlak en eigenaarschap",
        question: "Zitten de juiste mensen aan tafel, is het eigenaarschap verdeeld en zijn er escalatielijnen?",
        anchors: [
            "Alleen de leverancier is betrokken; niemand bij de opdrachtgever voelt zich eigenaar.",
            "Een paar mensen zijn betrokken, maar Inkoop, HR of Beleid ontbreekt.",
            "De belangrijkste rollen zijn bekend; afspraken over wie wat doet zijn nog vaag.",
            "Inkoop, HR en Beleid doen mee, er zijn afspraken aan beide kanten en een escalatielijn.",
            "Eigenaarschap is duidelijk verdeeld, met steun van de top en vaste momenten om bij te sturen.",
        ],
    },
    Criterion {
        id: "realisme_kerncompetentie",
        dimension: Dimension::Realisme,
        title: "Past bij de leverancier",
        question: "Past het plan bij het werk waar de leverancier goed in is en bij wat de leverancier al doet?",
        anchors: [
            "Het plan staat los van het werk en de cultuur van de leverancier.",
            "Er is een kleine link met het werk van de leverancier.",
            "Het plan past redelijk bij het werk van de leverancier.",
            "Het plan sluit goed aan bij het vak en bij bestaande initiatieven van de leverancier.",
            "Het plan bouwt voort op de kern van het bedrijf en op wat al werkt.",
        ],
    },
    Criterion {
        id: "impact_doelgroep",
        dimension: Dimension::Impact,
        title: "Afstand tot de arbeidsmarkt",
        question: "Hoe groot is de afstand tot de arbeidsmarkt van de mensen voor wie het plan is?",
        anchors: [
            "Onduidelijk voor wie het plan is, of de groep heeft geen afstand tot werk.",
            "De groep heeft een kleine afstand tot werk.",
            "De groep heeft een duidelijke afstand tot werk.",
            "De groep heeft een grote afstand tot werk en komt moeilijk zelf aan de slag.",
            "Een kwetsbare groep met een grote afstand, die het plan echt verder helpt.",
        ],
    },
    Criterion {
        id: "impact_omvang",
        dimension: Dimension::Impact,
        title: "Omvang",
        question: "Hoeveel mensen doen mee, hoeveel uur per week en hoe lang?",
        anchors: [
            "Geen aantallen, of het gaat om heel weinig uren.",
            "Een of twee mensen voor korte tijd.",
            "Een paar mensen, een redelijk aantal uren per week.",
            "Meerdere mensen, voor een flink aantal uren en langere tijd.",
            "Veel mensen of veel uren, passend bij de omvang van de opdracht.",
        ],
    },
    Criterion {
        id: "impact_duurzaamheid",
        dimension: Dimension::Impact,
        title: "Blijvend werk",
        question: "Hoe groot is de kans dat kandidaten na de proeftuin blijvend werk hebben?",
        anchors: [
            "Na de proeftuin houdt het op; er is geen vervolg.",
            "Een vervolg wordt genoemd, maar er is niets over afgesproken.",
            "Er is een plan voor een vervolg, zoals een opleiding of hulp bij zoeken.",
            "Beide partijen doen hun best om een vaste plek aan te bieden.",
            "Een contract of vaste plek is afgesproken, en de aanpak wordt vast beleid van de leverancier.",
        ],
    },
    Criterion {
        id: "impact_beleid",
        dimension: Dimension::Impact,
        title: "Beleidsdoelen en meerwaarde",
        question: "Helpt het plan de beleidsdoelen van de opdrachtgever, en is het extra bovenop wat er al gebeurt?",
        anchors: [
            "Geen link met beleidsdoelen; het plan gebeurt toch al.",
            "Een zwakke link met beleidsdoelen, of weinig extra.",
            "Het plan past bij een beleidsdoel en voegt iets toe.",
            "Het plan helpt een beleidsdoel, zoals de Banenafspraak, en is duidelijk extra.",
            "Het plan versterkt beleidsdoelen van opdrachtgever en leverancier en kan een voorbeeld voor anderen zijn.",
        ],
    },
];

/// All criteria, realisme first, then impact.
pub fn criteria() -> &'static [Criterion] {
    &CRITERIA
}

/// The criteria of one dimension.
pub fn criteria_for(dimension: Dimension) -> impl Iterator<Item = &'static Criterion> {
    CRITERIA.iter().filter(move |c| c.dimension == dimension)
}

/// The criterion with this id, if any.
pub fn criterion(id: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.id == id)
}

fn valid_score(b: &Beoordeling, c: &Criterion) -> Option<u8> {
    b.score_for(c.id)
        .and_then(|s| s.score)
        .filter(|s| (MIN_SCORE..=MAX_SCORE).contains(s))
}

/// Mean of the valid scores given for the criteria of this dimension; `None` if none is scored.
pub fn dimension_score(b: &Beoordeling, d: Dimension) -> Option<f64> {
    let scores: Vec<u8> = criteria_for(d).filter_map(|c| valid_score(b, c)).collect();
    if scores.is_empty() {
        None
    } else {
        let sum: u32 = scores.iter().map(|s| u32::from(*s)).sum();
        Some(f64::from(sum) / scores.len() as f64)
    }
}

/// `(scored, total)` criteria of this dimension; "scored" counts valid scores 1..=5.
pub fn scored_count(b: &Beoordeling, d: Dimension) -> (usize, usize) {
    let total = criteria_for(d).count();
    let scored = criteria_for(d)
        .filter(|c| valid_score(b, c).is_some())
        .count();
    (scored, total)
}

/// Score from which a dimension counts as good enough to accept.
pub const ACCEPT_FROM: f64 = 3.5;
/// Score below which a dimension is too weak and the plan is rejected.
pub const REJECT_BELOW: f64 = 2.5;

/// Suggested verdict from the two dimension scores:
/// - either score below 2.5 → [`Oordeel::Afwijzen`];
/// - both scores 3.5 or higher → [`Oordeel::Accepteren`];
/// - otherwise → [`Oordeel::Aanpassen`];
/// - `None` when either score is missing.
///
/// It is a suggestion: the assessor chooses the verdict.
pub fn suggested_oordeel(realisme: Option<f64>, impact: Option<f64>) -> Option<Oordeel> {
    let (r, i) = (realisme?, impact?);
    if r < REJECT_BELOW || i < REJECT_BELOW {
        Some(Oordeel::Afwijzen)
    } else if r >= ACCEPT_FROM && i >= ACCEPT_FROM {
        Some(Oordeel::Accepteren)
    } else {
        Some(Oordeel::Aanpassen)
    }
}

/// Suggested verdict for an assessment, from its dimension scores.
pub fn suggested_oordeel_for(b: &Beoordeling) -> Option<Oordeel> {
    suggested_oordeel(
        dimension_score(b, Dimension::Realisme),
        dimension_score(b, Dimension::Impact),
    )
}

impl Beoordeling {
    /// The score entry for a criterion id, if any.
    pub fn score_for(&self, criterion: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.criterion == criterion)
    }

    /// The score entry for a criterion id, created empty when missing.
    pub fn score_entry(&mut self, criterion: &str) -> &mut Score {
        let index = match self.scores.iter().position(|s| s.criterion == criterion) {
            Some(i) => i,
            None => {
                self.scores.push(Score {
                    criterion: criterion.to_string(),
                    score: None,
                    reden: String::new(),
                });
                self.scores.len() - 1
            }
        };
        &mut self.scores[index]
    }

    /// Sets (or clears, with `None`) the score for a criterion; keeps the reason.
    pub fn set_score(&mut self, criterion: &str, score: Option<u8>) {
        self.score_entry(criterion).score = score;
    }

    /// Sets the reason for a criterion; keeps the score.
    pub fn set_reden(&mut self, criterion: &str, reden: impl Into<String>) {
        self.score_entry(criterion).reden = reden.into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beoordeling(scores: &[(&str, u8)]) -> Beoordeling {
        let mut b = Beoordeling::default();
        for (id, s) in scores {
            b.set_score(id, Some(*s));
        }
        b
    }

    #[test]
    fn rubric_has_four_criteria_per_dimension_with_unique_ids() {
        assert_eq!(criteria().len(), 8);
        assert_eq!(criteria_for(Dimension::Realisme).count(), 4);
        assert_eq!(criteria_for(Dimension::Impact).count(), 4);
        let mut ids: Vec<&str> = criteria().iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 8);
        assert!(criteria()
            .iter()
            .all(|c| c.anchors.iter().all(|a| !a.is_empty())));
    }

    #[test]
    fn anchor_matches_score() {
        let c = criterion("realisme_begeleiding").unwrap();
        assert_eq!(c.anchor(1), Some("Er is geen begeleiding geregeld."));
        assert_eq!(c.anchor(0), None);
        assert_eq!(c.anchor(6), None);
    }

    #[test]
    fn dimension_score_is_the_mean_of_given_scores() {
        let b = beoordeling(&[
            ("realisme_haalbaarheid", 4),
            ("realisme_begeleiding", 3),
            ("impact_doelgroep", 5),
        ]);
        assert_eq!(dimension_score(&b, Dimension::Realisme), Some(3.5));
        assert_eq!(dimension_score(&b, Dimension::Impact), Some(5.0));
        assert_eq!(scored_count(&b, Dimension::Realisme), (2, 4));
        assert_eq!(scored_count(&b, Dimension::Impact), (1, 4));
    }

    #[test]
    fn dimension_without_scores_has_no_score() {
        let b = beoordeling(&[("realisme_haalbaarheid", 4)]);
        assert_eq!(dimension_score(&b, Dimension::Impact), None);
        assert_eq!(scored_count(&b, Dimension::Impact), (0, 4));
    }

    #[test]
    fn out_of_range_and_unknown_scores_are_ignored() {
        let b = beoordeling(&[
            ("realisme_haalbaarheid", 9),
            ("realisme_begeleiding", 0),
            ("bestaat_niet", 5),
            ("realisme_draagvlak", 2),
        ]);
        assert_eq!(dimension_score(&b, Dimension::Realisme), Some(2.0));
        assert_eq!(scored_count(&b, Dimension::Realisme), (1, 4));
    }

    #[test]
    fn strong_plan_is_suggested_for_acceptance() {
        assert_eq!(
            suggested_oordeel(Some(3.5), Some(4.0)),
            Some(Oordeel::Accepteren)
        );
    }

    #[test]
    fn weak_dimension_suggests_rejection() {
        assert_eq!(
            suggested_oordeel(Some(2.49), Some(5.0)),
            Some(Oordeel::Afwijzen)
        );
        assert_eq!(
            suggested_oordeel(Some(4.0), Some(1.0)),
            Some(Oordeel::Afwijzen)
        );
    }

    #[test]
    fn middling_plan_is_suggested_for_adjustment() {
        assert_eq!(
            suggested_oordeel(Some(2.5), Some(4.0)),
            Some(Oordeel::Aanpassen)
        );
        assert_eq!(
            suggested_oordeel(Some(3.49), Some(3.49)),
            Some(Oordeel::Aanpassen)
        );
    }

    #[test]
    fn no_suggestion_without_both_scores() {
        assert_eq!(suggested_oordeel(None, Some(4.0)), None);
        assert_eq!(suggested_oordeel(Some(4.0), None), None);
        assert_eq!(suggested_oordeel_for(&Beoordeling::default()), None);
    }

    #[test]
    fn set_score_and_reason_update_one_entry_per_criterion() {
        let mut b = Beoordeling::default();
        b.set_score("impact_omvang", Some(3));
        b.set_reden("impact_omvang", "Vier plekken voor een jaar.");
        b.set_score("impact_omvang", Some(4));
        assert_eq!(b.scores.len(), 1);
        let s = b.score_for("impact_omvang").unwrap();
        assert_eq!(s.score, Some(4));
        assert_eq!(s.reden, "Vier plekken voor een jaar.");
        b.set_score("impact_omvang", None);
        assert_eq!(b.score_for("impact_omvang").unwrap().score, None);
        assert!(b.score_for("impact_beleid").is_none());
    }
}
