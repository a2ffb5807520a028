//! Assessment by several assessors: each assessor scores the rubric on their own first
//! (blind), then the panel compares the scores in a moderation round.
//!
//! This module owns the shared rules for that, used by the browser and the server alike:
//! - [`AssessorScores`]: one assessor's score sheet (a draft or a submitted one), in the same
//!   shape as [`Beoordeling::scores`](crate::model::Beoordeling::scores).
//! - [`validate_assessment`]: what makes a sheet unacceptable, as a draft or to submit.
//! - [`validate_assessor_labels`]: the names or roles of the assessors of a round.
//! - [`spread`] and [`spread_for`]: how far the scores for one criterion lie apart.
//!
//! Field paths are relative to the sheet: `scores.<criterion>.score`,
//! `scores.<criterion>.reden`; for the labels of a round `assessors.<index>.label`.
//! Messages are plain Dutch (B1).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::generic_rule::format_number;
use crate::model::Score;
use crate::rubric::{criteria, criterion, MAX_SCORE, MIN_SCORE};
use crate::validation::{FieldError, MAX_ID_CHARS, MAX_LIST_ITEMS, MAX_TEXT_CHARS};

/// Most assessors in one round.
pub const MAX_ASSESSORS: usize = 12;
/// Longest assessor label (a name or a role), in characters, after trimming.
pub const MAX_LABEL_CHARS: usize = 80;

/// One assessor's scores: at most one [`Score`] per rubric criterion.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default)]
pub struct AssessorScores {
    /// Score and reason per criterion id (see [`crate::rubric`]).
    pub scores: Vec<Score>,
}

impl AssessorScores {
    /// The entry for a criterion id, if any.
    pub fn score_for(&self, criterion: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.criterion == criterion)
    }
}

/// What is wrong with a score sheet.
///
/// Always errors, also in a draft: a criterion id that is not in the rubric, a criterion
/// scored twice, a score outside 1..=5, a reason longer than [`MAX_TEXT_CHARS`], more than
/// [`MAX_LIST_ITEMS`] entries. With `complete` (to submit) every rubric criterion also needs a
/// score and a reason that is not blank.
pub fn validate_assessment(s: &AssessorScores, complete: bool) -> Vec<FieldError> {
    let mut e = Vec::new();
    if s.scores.len() > MAX_LIST_ITEMS {
        e.push(FieldError::new(
            "scores",
            format!("Deze lijst is te lang. Gebruik hooguit {MAX_LIST_ITEMS} regels."),
        ));
        return e;
    }
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    for score in &s.scores {
        let id = score.criterion.as_str();
        if criterion(id).is_none() {
            if reported.insert(id) {
                e.push(FieldError::new(
                    entry_path(id),
                    "Dit onderdeel hoort niet bij de beoordeling.",
                ));
            }
            continue;
        }
        if !seen.insert(id) {
            if reported.insert(id) {
                e.push(FieldError::new(
                    entry_path(id),
                    "Je hebt dit onderdeel twee keer ingevuld. Geef één score per onderdeel.",
                ));
            }
            continue;
        }
        if score
            .score
            .is_some_and(|n| !(MIN_SCORE..=MAX_SCORE).contains(&n))
        {
            e.push(FieldError::new(
                format!("scores.{id}.score"),
                "Een score moet 1, 2, 3, 4 of 5 zijn.",
            ));
        }
        if score.reden.chars().count() > MAX_TEXT_CHARS {
            e.push(FieldError::new(
                format!("scores.{id}.reden"),
                format!(
                    "Deze tekst is te lang. Gebruik hooguit {} tekens.",
                    format_number(MAX_TEXT_CHARS as u64)
                ),
            ));
        }
    }
    if complete {
        for c in criteria() {
            let entry = s.score_for(c.id);
            if entry.and_then(|x| x.score).is_none() {
                e.push(FieldError::new(
                    format!("scores.{}.score", c.id),
                    format!("Geef een score van 1 tot 5 voor: {}.", c.title),
                ));
            }
            if entry.is_none_or(|x| x.reden.trim().is_empty()) {
                e.push(FieldError::new(
                    format!("scores.{}.reden", c.id),
                    format!("Schrijf kort waarom je deze score geeft voor: {}.", c.title),
                ));
            }
        }
    }
    e
}

/// The path of one entry; the list itself for an id that cannot be part of a path.
fn entry_path(id: &str) -> String {
    if id.trim().is_empty() || id.chars().count() > MAX_ID_CHARS {
        "scores".into()
    } else {
        format!("scores.{id}")
    }
}

/// What is wrong with the labels (name or role) of the assessors of a new round: there must
/// be 1 to [`MAX_ASSESSORS`]; each label, trimmed, 1 to [`MAX_LABEL_CHARS`] characters without
/// control characters (such as a line break), and no two the same (ignoring upper and lower
/// case). Paths: `assessors` for the list, `assessors.<index>.label` for one label.
pub fn validate_assessor_labels(labels: &[String]) -> Vec<FieldError> {
    let mut e = Vec::new();
    if labels.is_empty() {
        e.push(FieldError::new(
            "assessors",
            "Noem minstens één beoordelaar.",
        ));
    } else if labels.len() > MAX_ASSESSORS {
        e.push(FieldError::new(
            "assessors",
            format!("Een ronde heeft hooguit {MAX_ASSESSORS} beoordelaars."),
        ));
        return e;
    }
    let mut seen = HashSet::new();
    for (i, label) in labels.iter().enumerate() {
        let path = format!("assessors.{i}.label");
        let label = label.trim();
        if label.is_empty() {
            e.push(FieldError::new(
                path,
                "Vul een naam of rol in, bijvoorbeeld Inkoop.",
            ));
        } else if label.chars().count() > MAX_LABEL_CHARS {
            e.push(FieldError::new(
                path,
                format!("Deze naam is te lang. Gebruik hooguit {MAX_LABEL_CHARS} tekens."),
            ));
        } else if label.chars().any(char::is_control) {
            e.push(FieldError::new(
                path,
                "Gebruik één regel tekst, zonder tabs of regeleinden.",
            ));
        } else if !seen.insert(label.to_lowercase()) {
            e.push(FieldError::new(
                path,
                "Deze naam staat er al. Geef elke beoordelaar een eigen naam of rol.",
            ));
        }
    }
    e
}

/// The spread of some scores: the highest minus the lowest; `None` without scores.
pub fn spread(scores: &[u8]) -> Option<u8> {
    let max = scores.iter().max()?;
    let min = scores.iter().min()?;
    Some(max - min)
}

/// The spread of the valid scores (1..=5) that `sheets` give for one criterion; `None` when
/// no sheet scores it.
pub fn spread_for(criterion: &str, sheets: &[AssessorScores]) -> Option<u8> {
    let scores: Vec<u8> = sheets
        .iter()
        .filter_map(|s| s.score_for(criterion)?.score)
        .filter(|n| (MIN_SCORE..=MAX_SCORE).contains(n))
        .collect();
    spread(&scores)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(criterion: &str, score: Option<u8>, reden: &str) -> Score {
        Score {
            criterion: criterion.into(),
            score,
            reden: reden.into(),
        }
    }

    fn complete_sheet() -> AssessorScores {
        AssessorScores {
            scores: criteria()
                .iter()
                .map(|c| score(c.id, Some(3), "Redelijk onderbouwd."))
                .collect(),
        }
    }

    fn paths(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.path.as_str()).collect()
    }

    #[test]
    fn an_empty_draft_is_fine_but_cannot_be_submitted() {
        let empty = AssessorScores::default();
        assert!(validate_assessment(&empty, false).is_empty());
        let errors = validate_assessment(&empty, true);
        assert_eq!(errors.len(), 2 * criteria().len());
        assert!(paths(&errors).contains(&"scores.realisme_haalbaarheid.score"));
        assert!(paths(&errors).contains(&"scores.impact_beleid.reden"));
    }

    #[test]
    fn a_complete_sheet_can_be_submitted() {
        assert!(validate_assessment(&complete_sheet(), true).is_empty());
        assert!(validate_assessment(&complete_sheet(), false).is_empty());
    }

    #[test]
    fn a_partial_draft_is_fine_and_submitting_names_only_what_is_missing() {
        let draft = AssessorScores {
            scores: vec![
                score("impact_omvang", Some(4), "Vier mensen, 32 uur."),
                score("impact_doelgroep", None, "Nog twijfel."),
                score("realisme_draagvlak", Some(2), "   "),
            ],
        };
        assert!(validate_assessment(&draft, false).is_empty());
        let p = validate_assessment(&draft, true);
        let p = paths(&p);
        assert!(!p.contains(&"scores.impact_omvang.score"));
        assert!(!p.contains(&"scores.impact_omvang.reden"));
        assert!(p.contains(&"scores.impact_doelgroep.score"));
        assert!(!p.contains(&"scores.impact_doelgroep.reden"));
        assert!(!p.contains(&"scores.realisme_draagvlak.score"));
        assert!(
            p.contains(&"scores.realisme_draagvlak.reden"),
            "a blank reason"
        );
    }

    #[test]
    fn scores_outside_1_to_5_are_refused_even_in_a_draft() {
        for bad in [0, 6, 255] {
            let sheet = AssessorScores {
                scores: vec![score("impact_omvang", Some(bad), "")],
            };
            let errors = validate_assessment(&sheet, false);
            assert_eq!(paths(&errors), vec!["scores.impact_omvang.score"]);
            assert_eq!(errors[0].message, "Een score moet 1, 2, 3, 4 of 5 zijn.");
        }
        let mut sheet = complete_sheet();
        sheet.scores[0].score = Some(9);
        let errors = validate_assessment(&sheet, true);
        assert_eq!(
            paths(&errors),
            vec!["scores.realisme_haalbaarheid.score"],
            "one message for a wrong score, not also 'missing'"
        );
    }

    #[test]
    fn unknown_and_duplicate_criteria_are_refused_once_each() {
        let sheet = AssessorScores {
            scores: vec![
                score("impact_omvang", Some(3), "a"),
                score("impact_omvang", Some(5), "b"),
                score("impact_omvang", Some(1), "c"),
                score("gezelligheid", Some(5), ""),
                score("gezelligheid", Some(5), ""),
                score("", None, ""),
                score(&"x".repeat(MAX_ID_CHARS + 1), None, ""),
            ],
        };
        let errors = validate_assessment(&sheet, false);
        assert_eq!(
            paths(&errors),
            vec![
                "scores.impact_omvang",
                "scores.gezelligheid",
                "scores",
                "scores"
            ]
        );
        assert!(errors[0].message.contains("twee keer"));
        assert!(errors[1].message.contains("hoort niet bij"));
    }

    #[test]
    fn an_over_long_reason_is_refused() {
        let sheet = AssessorScores {
            scores: vec![score(
                "realisme_begeleiding",
                Some(2),
                &"é".repeat(MAX_TEXT_CHARS + 1),
            )],
        };
        let errors = validate_assessment(&sheet, false);
        assert_eq!(paths(&errors), vec!["scores.realisme_begeleiding.reden"]);
        assert!(
            errors[0].message.contains("10.000"),
            "{}",
            errors[0].message
        );
        let exactly = AssessorScores {
            scores: vec![score(
                "realisme_begeleiding",
                Some(2),
                &"é".repeat(MAX_TEXT_CHARS),
            )],
        };
        assert!(validate_assessment(&exactly, false).is_empty());
    }

    #[test]
    fn a_huge_list_gives_one_error_not_thousands() {
        let sheet = AssessorScores {
            scores: (0..=MAX_LIST_ITEMS)
                .map(|i| score(&format!("c{i}"), None, ""))
                .collect(),
        };
        assert_eq!(paths(&validate_assessment(&sheet, true)), vec!["scores"]);
    }

    #[test]
    fn a_sheet_reads_the_same_json_as_a_beoordeling() {
        let sheet: AssessorScores = serde_json::from_str(
            r#"{"scores":[{"criterion":"impact_omvang","score":4,"reden":"Vier mensen."}]}"#,
        )
        .unwrap();
        assert_eq!(sheet.score_for("impact_omvang").unwrap().score, Some(4));
        assert_eq!(
            serde_json::from_str::<AssessorScores>("{}").unwrap(),
            AssessorScores::default()
        );
        let back = serde_json::to_value(&sheet).unwrap();
        assert_eq!(back["scores"][0]["reden"], "Vier mensen.");
    }

    #[test]
    fn spread_is_highest_minus_lowest() {
        assert_eq!(spread(&[]), None);
        assert_eq!(spread(&[3]), Some(0));
        assert_eq!(spread(&[2, 5, 4]), Some(3));
        assert_eq!(spread(&[1, 5]), Some(4));
    }

    #[test]
    fn spread_for_a_criterion_skips_missing_and_invalid_scores() {
        let sheets = vec![
            AssessorScores {
                scores: vec![score("impact_omvang", Some(2), "")],
            },
            AssessorScores {
                scores: vec![score("impact_omvang", Some(5), "")],
            },
            AssessorScores {
                scores: vec![score("impact_omvang", None, "nog niet")],
            },
            AssessorScores {
                scores: vec![score("impact_omvang", Some(9), "")],
            },
            AssessorScores::default(),
        ];
        assert_eq!(spread_for("impact_omvang", &sheets), Some(3));
        assert_eq!(spread_for("impact_beleid", &sheets), None);
    }

    #[test]
    fn labels_are_trimmed_unique_and_short() {
        let ok: Vec<String> = vec!["Inkoop".into(), "  HR  ".into(), "Beleid".into()];
        assert!(validate_assessor_labels(&ok).is_empty());
        let at_most: Vec<String> = vec!["x".repeat(MAX_LABEL_CHARS)];
        assert!(validate_assessor_labels(&at_most).is_empty());

        let bad: Vec<String> = vec![
            "Inkoop".into(),
            "   ".into(),
            " inkoop ".into(),
            "x".repeat(MAX_LABEL_CHARS + 1),
            "Regel\neen".into(),
        ];
        let errors = validate_assessor_labels(&bad);
        assert_eq!(
            paths(&errors),
            vec![
                "assessors.1.label",
                "assessors.2.label",
                "assessors.3.label",
                "assessors.4.label"
            ]
        );
        assert!(errors[1].message.contains("staat er al"));
    }

    #[test]
    fn a_round_has_1_to_12_assessors() {
        assert_eq!(paths(&validate_assessor_labels(&[])), vec!["assessors"]);
        let twelve: Vec<String> = (1..=MAX_ASSESSORS).map(|i| format!("B{i}")).collect();
        assert!(validate_assessor_labels(&twelve).is_empty());
        let thirteen: Vec<String> = (1..=MAX_ASSESSORS + 1).map(|i| format!("B{i}")).collect();
        assert_eq!(
            paths(&validate_assessor_labels(&thirteen)),
            vec!["assessors"]
        );
    }
}
