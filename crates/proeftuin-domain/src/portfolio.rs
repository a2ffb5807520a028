//! The portfolio of a category manager or the Adviesteam: the annual report's figures over
//! several proeftuinen, counted the same way on every device.
//!
//! The counting rules ([`REGELS`], shown with every figure as "hoe geteld?"):
//! - **In voorbereiding**: status Concept or Ter beoordeling.
//! - **Gestart**: the plan was accepted: status Geaccepteerd, In uitvoering, Geëvalueerd or
//!   Decharge (a proeftuin that went on counts as started too).
//! - **Geëvalueerd**: status Geëvalueerd or Decharge.
//! - **Decharge**: status Decharge.
//! - **Kandidaten aan het werk** and **met een contract daarna**: per started proeftuin its
//!   latest count ([`crate::uitvoering::laatste_telling`]: the latest date; of two on one date,
//!   the one added later), added up; a proeftuin without a count adds nothing and is counted in
//!   "zonder telling".
//! - **Rapportages te laat**: proeftuinen with at least one report past its moment
//!   ([`crate::uitvoering::signalen`]).
//! - **Kleine aantallen**: a number of candidates of 1 or 2 is shown as "< 3" in every table of
//!   the portfolio (below that, people could be recognised); 0 and 3 or more as they are.
//!
//! Breakdowns: by category (its label, "Onbekend" without one), by client (the text of
//! `opdrachtgever`, trimmed; "Onbekend" when empty) and by year (the start date's year;
//! "Onbekend" without one).

use chrono::{Datelike, NaiveDate};

use crate::model::{Proeftuin, Status};
use crate::uitvoering::{laatste_telling, signalen, Soort, Urgentie};

/// The figures of a set of proeftuinen.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Cijfers {
    /// How many proeftuinen.
    pub totaal: usize,
    /// Status Concept or Ter beoordeling.
    pub in_voorbereiding: usize,
    /// Accepted or later.
    pub gestart: usize,
    /// Evaluated or later.
    pub geevalueerd: usize,
    /// Discharged.
    pub decharge: usize,
    /// Candidates at work, from the latest count of each started proeftuin.
    pub aan_het_werk: u64,
    /// Candidates with a contract afterwards, likewise.
    pub contract: u64,
    /// Started proeftuinen without any count.
    pub zonder_telling: usize,
    /// Proeftuinen with a report past its moment.
    pub te_laat: usize,
}

impl Cijfers {
    /// Adds one proeftuin, as on `today`.
    pub fn tel(&mut self, doc: &Proeftuin, today: NaiveDate) {
        self.totaal += 1;
        match doc.status {
            Status::Concept | Status::TerBeoordeling => self.in_voorbereiding += 1,
            Status::Geaccepteerd | Status::InUitvoering => self.gestart += 1,
            Status::Geevalueerd => {
                self.gestart += 1;
                self.geevalueerd += 1;
            }
            Status::Decharge => {
                self.gestart += 1;
                self.geevalueerd += 1;
                self.decharge += 1;
            }
        }
        if doc.status.is_accepted() {
            match laatste_telling(doc) {
                Some(t) => {
                    self.aan_het_werk += u64::from(t.aan_het_werk.unwrap_or(0));
                    self.contract += u64::from(t.contract.unwrap_or(0));
                }
                None => self.zonder_telling += 1,
            }
        }
        let laat = signalen(doc, today)
            .iter()
            .any(|s| s.soort == Soort::Rapportage && s.urgentie == Urgentie::TeLaat);
        if laat {
            self.te_laat += 1;
        }
    }
}

/// The figures of all of `docs` on `today`.
pub fn cijfers(docs: &[Proeftuin], today: NaiveDate) -> Cijfers {
    let mut c = Cijfers::default();
    for d in docs {
        c.tel(d, today);
    }
    c
}

/// How the portfolio is broken down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indeling {
    /// By purchasing category.
    Categorie,
    /// By client.
    Opdrachtgever,
    /// By the year of the start date.
    Jaar,
}

impl Indeling {
    /// All breakdowns, in the order shown.
    pub const ALL: [Indeling; 3] = [Indeling::Categorie, Indeling::Opdrachtgever, Indeling::Jaar];

    /// The heading of its column.
    pub fn label(self) -> &'static str {
        match self {
            Indeling::Categorie => "Categorie",
            Indeling::Opdrachtgever => "Opdrachtgever",
            Indeling::Jaar => "Jaar van de start",
        }
    }

    /// The group `doc` falls in.
    pub fn groep(self, doc: &Proeftuin) -> String {
        let onbekend = || "Onbekend".to_string();
        match self {
            Indeling::Categorie => doc
                .vertrekpunt
                .categorie
                .map_or_else(onbekend, |c| c.label().to_string()),
            Indeling::Opdrachtgever => match doc.vertrekpunt.opdrachtgever.trim() {
                "" => onbekend(),
                o => o.to_string(),
            },
            Indeling::Jaar => doc
                .vertrekpunt
                .startdatum
                .map_or_else(onbekend, |d| d.year().to_string()),
        }
    }
}

/// The figures per group of `indeling`, groups in alphabetical order with "Onbekend" last.
pub fn per(docs: &[Proeftuin], indeling: Indeling, today: NaiveDate) -> Vec<(String, Cijfers)> {
    let mut groups: Vec<(String, Cijfers)> = Vec::new();
    for d in docs {
        let g = indeling.groep(d);
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, c)) => c.tel(d, today),
            None => {
                let mut c = Cijfers::default();
                c.tel(d, today);
                groups.push((g, c));
            }
        }
    }
    groups.sort_by(|(a, _), (b, _)| (a == "Onbekend", a).cmp(&(b == "Onbekend", b)));
    groups
}

/// A number of candidates as the portfolio shows it: 1 and 2 as "< 3" (see the module docs).
pub fn kandidaten(n: u64) -> String {
    match n {
        1 | 2 => "< 3".to_string(),
        n => crate::format::number(n),
    }
}

/// Every figure with its counting rule, for "hoe geteld?".
pub const REGELS: [(&str, &str); 8] = [
    (
        "In voorbereiding",
        "Proeftuinen met de status Concept of Ter beoordeling.",
    ),
    (
        "Gestart",
        "Proeftuinen waarvan het plan is geaccepteerd: de status is Geaccepteerd, In uitvoering, Geëvalueerd of Decharge.",
    ),
    (
        "Geëvalueerd",
        "Proeftuinen met de status Geëvalueerd of Decharge.",
    ),
    ("Decharge", "Proeftuinen met de status Decharge."),
    (
        "Aan het werk",
        "Per gestarte proeftuin het aantal aan het werk uit de laatste telling (bij twee tellingen op één dag de laatst toegevoegde), opgeteld.",
    ),
    (
        "Contract daarna",
        "Per gestarte proeftuin het aantal met een contract uit de laatste telling, opgeteld.",
    ),
    (
        "Zonder telling",
        "Gestarte proeftuinen waarvan nog geen telling van kandidaten is ingevuld.",
    ),
    (
        "Rapportage te laat",
        "Proeftuinen waar een meting ontbreekt terwijl het meetmoment al voorbij is.",
    ),
];

/// A read link (`…/open/<id>#sleutel=<secret>`) taken apart: the id and the secret. `None` for
/// text that is not such a link.
pub fn lees_link(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let (before, secret) = text.split_once("#sleutel=")?;
    // Exactly one path segment after `/open/`.
    let (_, id) = before.rsplit_once("/open/")?;
    let ok_id = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let ok_secret = secret.len() >= 20
        && secret.len() <= 200
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (ok_id && ok_secret).then(|| (id.to_string(), secret.to_string()))
}

/// The portfolio as CSV (semicolons, as Dutch spreadsheets expect): one row per proeftuin with
/// its group values and figures, candidates shown as in the tables ("< 3").
pub fn csv(docs: &[Proeftuin], today: NaiveDate) -> String {
    let mut out = String::from(
        "Proeftuin;Status;Categorie;Opdrachtgever;Jaar van de start;Aan het werk;Contract daarna;Rapportage te laat\r\n",
    );
    for d in docs {
        let c = cijfers(std::slice::from_ref(d), today);
        let cells = [
            d.title(),
            d.status.label().to_string(),
            Indeling::Categorie.groep(d),
            Indeling::Opdrachtgever.groep(d),
            Indeling::Jaar.groep(d),
            kandidaten(c.aan_het_werk),
            kandidaten(c.contract),
            if c.te_laat > 0 { "ja" } else { "nee" }.to_string(),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

/// A CSV cell: quoted when it holds a separator, a quote or a line break; a leading `=`, `+`,
/// `-` or `@` gets a `'` so a spreadsheet does not run it as a formula.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Categorie, Frequentie, Indicator, Telling};
    use crate::test_support::date;

    fn pt(
        id: &str,
        status: Status,
        cat: Option<Categorie>,
        klant: &str,
        start: Option<NaiveDate>,
    ) -> Proeftuin {
        let mut d = Proeftuin::new(id.into(), crate::test_support::now());
        d.vertrekpunt.naam = format!("Proeftuin {id}");
        d.status = status;
        d.vertrekpunt.categorie = cat;
        d.vertrekpunt.opdrachtgever = klant.into();
        d.vertrekpunt.startdatum = start;
        d
    }

    fn telling(id: &str, dag: NaiveDate, werk: u32, contract: u32) -> Telling {
        Telling {
            id: id.into(),
            datum: Some(dag),
            gestart: Some(10),
            aan_het_werk: Some(werk),
            contract: Some(contract),
            ..Default::default()
        }
    }

    fn portfolio() -> Vec<Proeftuin> {
        let today = date(2026, 6, 1);
        let _ = today;
        let mut a = pt(
            "a",
            Status::InUitvoering,
            Some(Categorie::Catering),
            "DUO",
            Some(date(2025, 3, 1)),
        );
        // Two counts on one date: the one added later counts.
        a.uitvoering.tellingen = vec![
            telling("t1", date(2026, 1, 1), 4, 1),
            telling("t2", date(2026, 4, 1), 5, 2),
            telling("t3", date(2026, 4, 1), 6, 2),
        ];
        a.plan.indicatoren.push(Indicator {
            id: "i".into(),
            indicator: "Aan het werk".into(),
            frequentie: Some(Frequentie::Jaarlijks),
            ..Default::default()
        });
        let mut b = pt(
            "b",
            Status::Decharge,
            Some(Categorie::Catering),
            " DUO ",
            Some(date(2024, 1, 1)),
        );
        b.uitvoering.tellingen = vec![telling("t1", date(2025, 12, 1), 1, 1)];
        let c = pt(
            "c",
            Status::Geaccepteerd,
            Some(Categorie::Werken),
            "RWS",
            Some(date(2025, 9, 1)),
        );
        let d = pt("d", Status::Concept, None, "", None);
        let e = pt(
            "e",
            Status::Geevalueerd,
            Some(Categorie::Werken),
            "RWS",
            Some(date(2025, 2, 1)),
        );
        vec![a, b, c, d, e]
    }

    #[test]
    fn every_figure_follows_its_rule() {
        let c = cijfers(&portfolio(), date(2026, 6, 1));
        assert_eq!(
            c,
            Cijfers {
                totaal: 5,
                in_voorbereiding: 1,
                gestart: 4,
                geevalueerd: 2,
                decharge: 1,
                aan_het_werk: 7,
                contract: 3,
                zonder_telling: 2,
                te_laat: 1,
            }
        );
        // The same on every device, in any order.
        let mut reversed = portfolio();
        reversed.reverse();
        assert_eq!(cijfers(&reversed, date(2026, 6, 1)), c);
        assert_eq!(cijfers(&[], date(2026, 6, 1)), Cijfers::default());
    }

    #[test]
    fn breakdowns_by_category_client_and_year() {
        let docs = portfolio();
        let today = date(2026, 6, 1);
        let cat: Vec<_> = per(&docs, Indeling::Categorie, today)
            .into_iter()
            .map(|(g, c)| (g, c.totaal, c.aan_het_werk))
            .collect();
        assert_eq!(
            cat,
            vec![
                ("Catering".to_string(), 2, 7),
                ("Werken".to_string(), 2, 0),
                ("Onbekend".to_string(), 1, 0)
            ]
        );
        let klant: Vec<_> = per(&docs, Indeling::Opdrachtgever, today)
            .into_iter()
            .map(|(g, c)| (g, c.totaal))
            .collect();
        assert_eq!(
            klant,
            vec![
                ("DUO".to_string(), 2),
                ("RWS".to_string(), 2),
                ("Onbekend".to_string(), 1)
            ]
        );
        let jaar: Vec<_> = per(&docs, Indeling::Jaar, today)
            .into_iter()
            .map(|(g, c)| (g, c.gestart))
            .collect();
        assert_eq!(
            jaar,
            vec![
                ("2024".to_string(), 1),
                ("2025".to_string(), 3),
                ("Onbekend".to_string(), 0)
            ]
        );
    }

    #[test]
    fn small_numbers_of_candidates_are_not_shown() {
        assert_eq!(kandidaten(0), "0");
        assert_eq!(kandidaten(1), "< 3");
        assert_eq!(kandidaten(2), "< 3");
        assert_eq!(kandidaten(3), "3");
        assert_eq!(kandidaten(1250), "1.250");
    }

    #[test]
    fn a_read_link_is_taken_apart_and_anything_else_refused() {
        let secret = "A".repeat(43);
        assert_eq!(
            lees_link(&format!("  https://x.nl/open/abc123#sleutel={secret} ")),
            Some(("abc123".to_string(), secret.clone()))
        );
        for bad in [
            "".to_string(),
            "https://x.nl/open/abc".to_string(),
            format!("https://x.nl/beoordelen/abc#sleutel={secret}"),
            "https://x.nl/open/abc#sleutel=kort".to_string(),
            format!("https://x.nl/open/a%2Fb#sleutel={secret}"),
            format!("https://x.nl/open/abc#sleutel={secret}<script>"),
            format!("https://x.nl/open/#sleutel={secret}"),
            format!("https://x.nl/open/abc/extra#sleutel={secret}"),
        ] {
            assert_eq!(lees_link(&bad), None, "{bad}");
        }
    }

    #[test]
    fn the_csv_has_a_row_per_proeftuin_and_is_safe_in_a_spreadsheet() {
        let mut docs = portfolio();
        docs[3].vertrekpunt.naam = "=HYPERLINK(\"x\"); kwaad".into();
        let text = csv(&docs, date(2026, 6, 1));
        let lines: Vec<_> = text.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 6);
        assert_eq!(
            lines[1],
            "Proeftuin a;In uitvoering;Catering;DUO;2025;6;< 3;ja"
        );
        assert_eq!(
            lines[2],
            "Proeftuin b;Decharge;Catering;DUO;2024;< 3;< 3;nee"
        );
        assert_eq!(
            lines[4],
            "\"'=HYPERLINK(\"\"x\"\"); kwaad\";Concept;Onbekend;Onbekend;Onbekend;0;0;nee"
        );
    }
}
