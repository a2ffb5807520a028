//! Voorbeelden: six filled-in proeftuinen to start from.
//!
//! They are based on proeftuinen described in the public sources of Maatwerk voor Mensen
//! (supplier, client, target group, form and number of candidates where these are known).
//! Everything else (amounts, dates, people's functions, agreements, risks) is illustrative and
//! made up; each document says so in its notes. Stakeholders are named by function, never by a
//! real person's name. Step 4 (beoordeling) is left empty. All item ids are deterministic
//! (`vb-<key>-sh-1`, …), so loading the same example twice gives the same document.
//!
//! The examples are data, not code: each is an export file in `voorbeelden/<key>.json` (the
//! format of [`crate::storage::export_json`]), read through the same [`import_json`] as a
//! file a user imports, so it is migrated and checked like one. To change an example, edit
//! its file (or export a document from the app and put it there); the tests below check
//! every file.
//!
//! The app does not carry the files in its wasm: Trunk copies the folder to
//! `dist/voorbeelden/`, the app fetches [`voorbeeld_path`] when someone picks an example
//! (the service worker has it cached for offline use) and reads the text with
//! [`voorbeeld_from_export`]. Tests and tools that want an example without a server enable
//! the feature `embedded-voorbeelden`, which compiles the files in ([`voorbeeld_document`]).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::Proeftuin;
use crate::storage::{import_json, ImportError};

/// An example to start from.
#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Voorbeeld {
    /// Stable key, passed to [`voorbeeld_document`].
    pub key: &'static str,
    /// Dutch title.
    pub title: &'static str,
    /// One or two Dutch sentences.
    pub summary: &'static str,
}

const VOORBEELDEN: [Voorbeeld; 6] = [
    Voorbeeld {
        key: "kpmg-dji",
        title: "KPMG en DJI: opleiding voor jonge justitiabelen",
        summary: "De eerste proeftuin (2017, Hoogwaardige Inhuur). KPMG geeft jongeren uit een \
                  justitiële jeugdinrichting een beurs voor een opleiding, als stap naar werk. \
                  Voorbeeld, deels fictief ingevuld.",
    },
    Voorbeeld {
        key: "berenschot",
        title: "Berenschot: betaalde werkervaring voor hoger opgeleiden",
        summary: "Drie betaalde werkervaringsplaatsen bij Berenschot voor hoger opgeleide mensen \
                  uit het doelgroepregister, met vier kandidaten. De aanpak is vastgelegd in het \
                  beleid van het bureau. Voorbeeld, deels fictief ingevuld.",
    },
    Voorbeeld {
        key: "ey-itvitae",
        title: "EY en ITvitae: mensen met autisme in cybersecurity",
        summary: "Werkervaringsplaatsen in het cybersecurityteam van EY voor vijf kandidaten met \
                  autisme. ITvitae begeleidt de kandidaten én hun leidinggevenden. Voorbeeld, \
                  deels fictief ingevuld.",
    },
    Voorbeeld {
        key: "atos-ocw",
        title: "Atos en OCW: stages rond diversiteit",
        summary: "Drie stageplaatsen bij Atos of bij een klant van Atos, voor drie kandidaten uit \
                  groepen binnen het thema diversiteit. Gestart via Hoogwaardige Inhuur en verder \
                  uitgewerkt voor ICT-Inhuur. Voorbeeld, deels fictief ingevuld.",
    },
    Voorbeeld {
        key: "platform-ex-gedetineerden",
        title: "Digitaal platform voor ex-gedetineerden",
        summary:
            "Een ICT-leverancier bouwt een online platform dat ex-gedetineerden helpt bij hun \
                  terugkeer in de maatschappij, en biedt werkervaring in het eigen team. \
                  Voorbeeld, grotendeels fictief ingevuld.",
    },
    Voorbeeld {
        key: "kleine-leveranciers",
        title: "Kleine leveranciers doen het samen",
        summary: "Drie kleine adviesbureaus starten samen één proeftuin, niet als concurrenten \
                  maar als partners, en delen werkervaringsplaatsen voor statushouders. \
                  Voorbeeld, grotendeels fictief ingevuld.",
    },
];

/// The export file of each example, by key.
#[cfg(any(test, feature = "embedded-voorbeelden"))]
const FILES: [(&str, &str); 6] = [
    ("kpmg-dji", include_str!("../voorbeelden/kpmg-dji.json")),
    ("berenschot", include_str!("../voorbeelden/berenschot.json")),
    ("ey-itvitae", include_str!("../voorbeelden/ey-itvitae.json")),
    ("atos-ocw", include_str!("../voorbeelden/atos-ocw.json")),
    (
        "platform-ex-gedetineerden",
        include_str!("../voorbeelden/platform-ex-gedetineerden.json"),
    ),
    (
        "kleine-leveranciers",
        include_str!("../voorbeelden/kleine-leveranciers.json"),
    ),
];

/// All examples, in the order the UI shows them.
pub fn voorbeelden() -> Vec<Voorbeeld> {
    VOORBEELDEN.to_vec()
}

/// Where the app fetches the export file of the example `key` (a path on its own origin).
pub fn voorbeeld_path(key: &str) -> String {
    format!("/voorbeelden/{key}.json")
}

/// A new proeftuin from the export file of an example: imported like any file (migrated and
/// checked), with the given id and times.
pub fn voorbeeld_from_export(
    text: &str,
    id: String,
    now: DateTime<Utc>,
) -> Result<Proeftuin, ImportError> {
    let mut doc = import_json(text)?;
    doc.id = id;
    doc.created = now;
    doc.changed = now;
    Ok(doc)
}

/// The filled-in document for an example key from the compiled-in files, with the given id
/// and times; `None` for an unknown key (or, which the tests rule out, a file that does not
/// import). Only with the feature `embedded-voorbeelden` (tests and tools).
#[cfg(any(test, feature = "embedded-voorbeelden"))]
pub fn voorbeeld_document(key: &str, id: String, now: DateTime<Utc>) -> Option<Proeftuin> {
    let (_, file) = FILES.iter().find(|(k, _)| *k == key)?;
    voorbeeld_from_export(file, id, now).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attention::aandachtspunten;
    use crate::model::{Beoordeling, Doelgroep, Status, Vorm};
    use crate::step::Step;
    use crate::validation::{check_consistency, validate_step};

    use crate::test_support::now;

    fn all_docs() -> Vec<Proeftuin> {
        voorbeelden()
            .iter()
            .map(|v| voorbeeld_document(v.key, format!("id-{}", v.key), now()).unwrap())
            .collect()
    }

    #[test]
    fn there_are_six_examples_with_unique_keys() {
        let list = voorbeelden();
        assert_eq!(list.len(), 6);
        let mut keys: Vec<&str> = list.iter().map(|v| v.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 6);
        assert!(list.iter().all(|v| v.summary.contains("fictief")));
    }

    #[test]
    fn every_listed_example_has_a_file_that_imports() {
        let keys: Vec<&str> = voorbeelden().iter().map(|v| v.key).collect();
        let files: Vec<&str> = FILES.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, files);
        for (key, file) in FILES {
            let doc = import_json(file).unwrap_or_else(|e| panic!("{key}: {}", e.message()));
            assert_eq!(doc.id, format!("vb-{key}"), "{key}");
            assert!(
                doc.afronden.notities.contains("Dit is een voorbeeld"),
                "{key}"
            );
        }
    }

    #[test]
    fn the_app_fetches_each_example_where_trunk_puts_its_file() {
        assert_eq!(voorbeeld_path("ey-itvitae"), "/voorbeelden/ey-itvitae.json");
        for v in voorbeelden() {
            let file = voorbeeld_path(v.key);
            let on_disk = format!("{}{file}", env!("CARGO_MANIFEST_DIR"));
            assert!(std::path::Path::new(&on_disk).is_file(), "{on_disk}");
        }
    }

    #[test]
    fn the_page_names_every_example_file_so_the_service_worker_keeps_it_offline() {
        let page = include_str!("../../../index.html");
        assert!(page.contains(r#"rel="copy-dir" href="crates/proeftuin-domain/voorbeelden""#));
        for v in voorbeelden() {
            let link = format!(r#"<link rel="prefetch" href="{}""#, voorbeeld_path(v.key));
            assert!(page.contains(&link), "index.html lacks {link}");
        }
    }

    #[test]
    fn an_example_file_gets_the_new_id_and_times() {
        let (_, file) = FILES[0];
        let doc = voorbeeld_from_export(file, "nieuw".into(), now()).unwrap();
        assert_eq!(doc.id, "nieuw");
        assert_eq!((doc.created, doc.changed), (now(), now()));
        assert_eq!(
            voorbeeld_from_export("<html>niet gevonden</html>", "x".into(), now()),
            Err(ImportError::NotJson)
        );
    }

    #[test]
    fn unknown_example_key_gives_nothing() {
        assert_eq!(voorbeeld_document("bestaat-niet", "x".into(), now()), None);
    }

    #[test]
    fn every_example_round_trips_through_json() {
        for doc in all_docs() {
            let text = serde_json::to_string(&doc).unwrap();
            let back: Proeftuin = serde_json::from_str(&text).unwrap();
            assert_eq!(back, doc, "{}", doc.id);
        }
    }

    #[test]
    fn every_example_is_consistent() {
        for doc in all_docs() {
            assert_eq!(check_consistency(&doc), vec![], "{}", doc.id);
        }
    }

    #[test]
    fn every_example_completes_steps_one_to_three() {
        for doc in all_docs() {
            for step in [Step::Vertrekpunt, Step::Stakeholders, Step::PlanVanAanpak] {
                assert_eq!(validate_step(&doc, step), vec![], "{} {step:?}", doc.id);
            }
            assert!(!validate_step(&doc, Step::Beoordeling).is_empty());
        }
    }

    #[test]
    fn examples_leave_the_assessment_empty_and_are_concepts() {
        for doc in all_docs() {
            assert_eq!(doc.beoordeling, Beoordeling::default());
            assert_eq!(doc.status, Status::Concept);
            assert_eq!(doc.created, now());
        }
    }

    #[test]
    fn examples_are_deterministic() {
        for v in voorbeelden() {
            let a = voorbeeld_document(v.key, "x".into(), now());
            let b = voorbeeld_document(v.key, "x".into(), now());
            assert_eq!(a, b);
        }
    }

    #[test]
    fn examples_have_rich_content() {
        for doc in all_docs() {
            assert!(doc.stakeholders.len() >= 5, "{}", doc.id);
            assert!(
                doc.stakeholders.iter().any(|s| s.escalatielijn),
                "{}",
                doc.id
            );
            assert!(doc.plan.afspraken.len() >= 3, "{}", doc.id);
            assert!(doc.plan.mijlpalen.len() >= 3, "{}", doc.id);
            assert!(doc.plan.risicos.len() >= 3, "{}", doc.id);
            assert!(doc.plan.indicatoren.len() >= 3, "{}", doc.id);
            assert!(doc.stakeholders[0].id.starts_with("vb-"));
            assert!(doc.vertrekpunt.generieke_regeling().is_some());
        }
    }

    #[test]
    fn examples_have_no_aandachtspunten() {
        for doc in all_docs() {
            let ids: Vec<&str> = aandachtspunten(&doc).iter().map(|a| a.id).collect();
            assert_eq!(ids, Vec::<&str>::new(), "{}", doc.id);
        }
    }

    #[test]
    fn known_facts_are_kept() {
        let by_key = |k: &str| voorbeeld_document(k, "x".into(), now()).unwrap();
        let berenschot = by_key("berenschot");
        assert_eq!(berenschot.plan.aantal_kandidaten, Some(4));
        assert_eq!(berenschot.plan.aantal_plaatsen, Some(3));
        let ey = by_key("ey-itvitae");
        assert_eq!(ey.plan.aantal_kandidaten, Some(5));
        assert_eq!(ey.plan.doelgroepen, vec![Doelgroep::Autisme]);
        let atos = by_key("atos-ocw");
        assert_eq!(atos.plan.aantal_kandidaten, Some(3));
        assert_eq!(atos.plan.vormen, vec![Vorm::Stage]);
        let kpmg = by_key("kpmg-dji");
        assert_eq!(
            kpmg.vertrekpunt.startdatum.map(|d| d.to_string()).unwrap()[..4],
            *"2017"
        );
        assert_eq!(
            by_key("kleine-leveranciers").vertrekpunt.leveranciers.len(),
            3
        );
    }
}
