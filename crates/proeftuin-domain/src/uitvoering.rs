//! The year after acceptance (step 6, Uitvoering): reporting moments of the indicators, what
//! is late or due soon, the latest count of candidates, and the dates as a calendar file.
//!
//! Rules, the same on every device (no clock here: callers pass `today`):
//! - **Reporting moments** of an indicator follow from the start date and its frequency: one
//!   period after the start, two periods after, and so on (a month, a quarter, half a year or
//!   a year; a day that a month lacks becomes its last day). They end with the contract's term
//!   (start + looptijd) when that is known.
//! - A **measurement reports** the first moment on or after its date; a moment is reported
//!   when a measurement of that indicator with a value is dated after the moment before it (or
//!   on the start day) and at most on the moment itself. A report made late is dated on the
//!   moment it reports (the app proposes the earliest missing one, see [`eerste_open_moment`]).
//! - A moment before `today` that is not reported is **te laat**; the next moment within
//!   [`BINNENKORT_DAGEN`] days is **binnenkort**. The same for an agreement's date (unless the
//!   agreement is done or dropped; a delayed agreement is late whatever its date), a
//!   milestone's planned date (until it is reached), the evaluation date (until the plan is
//!   evaluated; binnenkort from [`EVALUATIE_BINNENKORT_DAGEN`] days before) and the next
//!   progress talk (until a talk on or after that day is written down).
//! - Only a plan in uitvoering has these: accepted, in uitvoering or evaluated; not a draft,
//!   not one being assessed and not one after decharge.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Timelike, Utc};

use crate::fields;
use crate::format;
use crate::model::{Frequentie, Indicator, Proeftuin, Stand, Status, Telling};

/// How many days ahead a date counts as "binnenkort".
pub const BINNENKORT_DAGEN: i64 = 14;
/// How many days ahead the evaluation counts as "binnenkort".
pub const EVALUATIE_BINNENKORT_DAGEN: i64 = 30;
/// Most reporting moments computed for one indicator (a monthly indicator over 100 years).
const MAX_MOMENTEN: u32 = 1200;

impl Frequentie {
    /// The length of one reporting period in months.
    pub fn maanden(self) -> u32 {
        match self {
            Frequentie::Maandelijks => 1,
            Frequentie::PerKwartaal => 3,
            Frequentie::Halfjaarlijks => 6,
            Frequentie::Jaarlijks => 12,
        }
    }
}

/// The reporting moments after `start` up to and including `tot`, one per period of
/// `frequentie` (see the module docs).
pub fn rapportagemomenten(
    start: NaiveDate,
    frequentie: Frequentie,
    tot: NaiveDate,
) -> Vec<NaiveDate> {
    (1..=MAX_MOMENTEN)
        .map_while(|k| start.checked_add_months(Months::new(k * frequentie.maanden())))
        .take_while(|m| *m <= tot)
        .collect()
}

/// The last day reports are due: the start plus the contract's term, if both are known.
pub fn einde(doc: &Proeftuin) -> Option<NaiveDate> {
    let v = &doc.vertrekpunt;
    v.startdatum?
        .checked_add_months(Months::new(v.looptijd_maanden?))
}

/// One reporting moment of an indicator and whether it is reported.
#[derive(Clone, Debug, PartialEq)]
pub struct Rapportage {
    /// The moment.
    pub moment: NaiveDate,
    /// The value reported for it (the last measurement in its period, in list order), if any.
    pub waarde: Option<f64>,
    /// Whether a measurement with a value reports it.
    pub gemeld: bool,
}

/// The reporting moments of `indicator` up to and including the first one on or after `today`
/// (none without a start date or frequency), each with what was reported.
pub fn rapportages(doc: &Proeftuin, indicator: &Indicator, today: NaiveDate) -> Vec<Rapportage> {
    let (Some(start), Some(freq)) = (doc.vertrekpunt.startdatum, indicator.frequentie) else {
        return Vec::new();
    };
    let horizon = today
        .checked_add_months(Months::new(freq.maanden()))
        .unwrap_or(today);
    let tot = einde(doc).map_or(horizon, |e| e.min(horizon));
    let mut momenten = rapportagemomenten(start, freq, tot);
    // Up to the first moment on or after today: later ones are not due yet.
    if let Some(next) = momenten.iter().position(|m| *m >= today) {
        momenten.truncate(next + 1);
    }
    let metingen: Vec<_> = doc
        .uitvoering
        .metingen
        .iter()
        .filter(|m| m.indicator == indicator.id)
        .filter_map(|m| Some((m.datum?, m.waarde)))
        .collect();
    let mut vorige = start.pred_opt().unwrap_or(start);
    momenten
        .into_iter()
        .map(|moment| {
            let in_periode: Vec<_> = metingen
                .iter()
                .filter(|(d, _)| *d > vorige && *d <= moment)
                .collect();
            vorige = moment;
            let waarde = in_periode.iter().rev().find_map(|(_, w)| *w);
            Rapportage {
                moment,
                waarde,
                gemeld: waarde.is_some(),
            }
        })
        .collect()
}

/// The earliest moment before `today` of `indicator` that is not reported: the date a new
/// measurement should carry to report it. `None` when nothing is missing.
pub fn eerste_open_moment(
    doc: &Proeftuin,
    indicator: &Indicator,
    today: NaiveDate,
) -> Option<NaiveDate> {
    rapportages(doc, indicator, today)
        .into_iter()
        .find(|r| !r.gemeld && r.moment < today)
        .map(|r| r.moment)
}

/// How urgent a [`Signaal`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgentie {
    /// Its date has passed.
    TeLaat,
    /// Its date is near.
    Binnenkort,
}

impl Urgentie {
    /// The word shown with it.
    pub fn label(self) -> &'static str {
        match self {
            Urgentie::TeLaat => "Te laat",
            Urgentie::Binnenkort => "Binnenkort",
        }
    }
}

/// What a [`Signaal`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Soort {
    /// A two-sided agreement.
    Afspraak,
    /// A report of an indicator.
    Rapportage,
    /// A milestone.
    Mijlpaal,
    /// The evaluation.
    Evaluatie,
    /// The next progress talk.
    Gesprek,
}

/// Something in the execution that is late or due soon.
#[derive(Clone, Debug, PartialEq)]
pub struct Signaal {
    /// Late or soon.
    pub urgentie: Urgentie,
    /// What it is about.
    pub soort: Soort,
    /// The date it is (or was) due.
    pub datum: NaiveDate,
    /// Plain Dutch, e.g. "Afspraak van de opdrachtgever: werkplekken regelen (uiterlijk
    /// 1 maart 2026)".
    pub tekst: String,
    /// The path of the field to go to.
    pub pad: String,
}

/// Whether a plan with this status is being carried out (see the module docs).
pub fn in_uitvoering(status: Status) -> bool {
    matches!(
        status,
        Status::Geaccepteerd | Status::InUitvoering | Status::Geevalueerd
    )
}

fn urgentie(datum: NaiveDate, today: NaiveDate, dagen: i64) -> Option<Urgentie> {
    if datum < today {
        Some(Urgentie::TeLaat)
    } else if datum <= today + Duration::days(dagen) {
        Some(Urgentie::Binnenkort)
    } else {
        None
    }
}

fn naam(text: &str, leeg: &str) -> String {
    match text.trim() {
        "" => leeg.to_string(),
        t => t.to_string(),
    }
}

/// Everything late or due soon on `today`, late first, each group by date.
pub fn signalen(doc: &Proeftuin, today: NaiveDate) -> Vec<Signaal> {
    let mut out = Vec::new();
    if !in_uitvoering(doc.status) {
        return out;
    }
    let plan = &doc.plan;
    let u = &doc.uitvoering;

    for a in &plan.afspraken {
        let stand = u
            .afspraken
            .iter()
            .find(|s| s.id == a.id)
            .and_then(|s| s.stand)
            .unwrap_or_default();
        if stand.afgesloten() {
            continue;
        }
        let wat = naam(&a.wat, "(afspraak zonder omschrijving)");
        let wie = format!("Afspraak van {}", partij_lidwoord(a.partij));
        let pad = fields::AFSPRAAK_STAND_STAND.path(&a.id);
        if stand == Stand::Vertraagd {
            out.push(Signaal {
                urgentie: Urgentie::TeLaat,
                soort: Soort::Afspraak,
                datum: a.datum.unwrap_or(today),
                tekst: format!("{wie} is vertraagd: {wat}"),
                pad,
            });
        } else if let Some(datum) = a.datum {
            if let Some(urg) = urgentie(datum, today, BINNENKORT_DAGEN) {
                out.push(Signaal {
                    urgentie: urg,
                    soort: Soort::Afspraak,
                    datum,
                    tekst: format!("{wie}: {wat} (uiterlijk {})", format::date(datum)),
                    pad,
                });
            }
        }
    }

    for ind in &plan.indicatoren {
        let r = rapportages(doc, ind, today);
        let wat = naam(&ind.indicator, "(indicator zonder naam)");
        let pad = fields::INDICATOR_METINGEN.path(&ind.id);
        let missend: Vec<_> = r.iter().filter(|r| !r.gemeld && r.moment < today).collect();
        if let Some(eerste) = missend.first() {
            let tekst = match missend.len() {
                1 => format!(
                    "Rapportage over '{wat}' ontbreekt (moment {})",
                    format::date(eerste.moment)
                ),
                n => format!(
                    "{n} rapportages over '{wat}' ontbreken (sinds {})",
                    format::date(eerste.moment)
                ),
            };
            out.push(Signaal {
                urgentie: Urgentie::TeLaat,
                soort: Soort::Rapportage,
                datum: eerste.moment,
                tekst,
                pad: pad.clone(),
            });
        }
        if let Some(next) = r.iter().find(|r| r.moment >= today && !r.gemeld) {
            if urgentie(next.moment, today, BINNENKORT_DAGEN).is_some() {
                out.push(Signaal {
                    urgentie: Urgentie::Binnenkort,
                    soort: Soort::Rapportage,
                    datum: next.moment,
                    tekst: format!(
                        "Rapportage over '{wat}' (moment {})",
                        format::date(next.moment)
                    ),
                    pad,
                });
            }
        }
    }

    for m in &plan.mijlpalen {
        let behaald = u
            .mijlpalen
            .iter()
            .any(|s| s.id == m.id && s.behaald.is_some());
        if let (false, Some(datum)) = (behaald, m.datum) {
            if let Some(urg) = urgentie(datum, today, BINNENKORT_DAGEN) {
                out.push(Signaal {
                    urgentie: urg,
                    soort: Soort::Mijlpaal,
                    datum,
                    tekst: format!(
                        "Mijlpaal: {} (gepland op {})",
                        naam(&m.wat, "(mijlpaal zonder omschrijving)"),
                        format::date(datum)
                    ),
                    pad: fields::MIJLPAAL_STAND_BEHAALD.path(&m.id),
                });
            }
        }
    }

    if doc.status != Status::Geevalueerd {
        if let Some(datum) = doc.vertrekpunt.evaluatiedatum {
            if let Some(urg) = urgentie(datum, today, EVALUATIE_BINNENKORT_DAGEN) {
                out.push(Signaal {
                    urgentie: urg,
                    soort: Soort::Evaluatie,
                    datum,
                    tekst: format!("Evaluatie ({})", format::date(datum)),
                    pad: fields::VERTREKPUNT_EVALUATIEDATUM.path.to_string(),
                });
            }
        }
    }

    if let Some((gesprek, volgende)) = volgend_gesprek(doc) {
        let gehouden = u
            .gesprekken
            .iter()
            .any(|g| g.datum.is_some_and(|d| d >= volgende));
        if !gehouden {
            if let Some(urg) = urgentie(volgende, today, BINNENKORT_DAGEN) {
                out.push(Signaal {
                    urgentie: urg,
                    soort: Soort::Gesprek,
                    datum: volgende,
                    tekst: format!("Volgend voortgangsgesprek ({})", format::date(volgende)),
                    pad: fields::GESPREK_VOLGENDE.path(gesprek),
                });
            }
        }
    }

    out.sort_by_key(|s| (s.urgentie, s.datum));
    out
}

/// The next talk planned at the latest talk (the one with the latest date; of two on one
/// day, the later in the list): its id and the date.
fn volgend_gesprek(doc: &Proeftuin) -> Option<(&str, NaiveDate)> {
    let laatste = doc
        .uitvoering
        .gesprekken
        .iter()
        .filter(|g| g.datum.is_some())
        .max_by_key(|g| g.datum)?;
    // max_by_key returns the last of equal maxima.
    Some((laatste.id.as_str(), laatste.volgende?))
}

/// "de leverancier", "de opdrachtgever", "de partner", "beide partijen".
pub fn partij_lidwoord(p: crate::model::Partij) -> &'static str {
    use crate::model::Partij;
    match p {
        Partij::Opdrachtgever => "de opdrachtgever",
        Partij::Leverancier => "de leverancier",
        Partij::Partner => "de partner",
        Partij::Samen => "beide partijen",
    }
}

/// How many signals are late and how many are due soon.
pub fn tel(signalen: &[Signaal]) -> (usize, usize) {
    let laat = signalen
        .iter()
        .filter(|s| s.urgentie == Urgentie::TeLaat)
        .count();
    (laat, signalen.len() - laat)
}

/// The latest count of candidates: the one with the latest date; of two on one date, the one
/// later in the list (added later). Counts without a date are left out.
pub fn laatste_telling(doc: &Proeftuin) -> Option<&Telling> {
    doc.uitvoering
        .tellingen
        .iter()
        .filter(|t| t.datum.is_some())
        .max_by_key(|t| t.datum)
}

/// The dates from `today` on (reporting moments in the coming year, agreements, milestones,
/// the evaluation and the next talk) as an iCalendar file (RFC 5545) of whole-day events, for
/// one's own calendar. `now` is when the file is made (its `DTSTAMP`). `None` when no date lies
/// ahead (a calendar file must hold at least one event). Each event's UID is stable for its item
/// (and, for a measurement, its moment), so importing a newer file updates the event.
pub fn agenda_ics(doc: &Proeftuin, today: NaiveDate, now: DateTime<Utc>) -> Option<String> {
    let stamp = format!(
        "{}T{:02}{:02}{:02}Z",
        ics_date(now.date_naive()),
        now.hour(),
        now.minute(),
        now.second()
    );
    let titel = doc.title();
    let mut events: Vec<(NaiveDate, String, String)> = Vec::new();
    let plan = &doc.plan;
    let u = &doc.uitvoering;
    if in_uitvoering(doc.status) {
        let jaar = today.checked_add_months(Months::new(12)).unwrap_or(today);
        for ind in &plan.indicatoren {
            let wat = naam(&ind.indicator, "indicator");
            for r in rapportages(doc, ind, jaar) {
                if r.moment >= today && r.moment <= jaar && !r.gemeld {
                    events.push((
                        r.moment,
                        format!("Meting: {wat}"),
                        format!("meting-{}-{}", ind.id, ics_date(r.moment)),
                    ));
                }
            }
        }
        for a in &plan.afspraken {
            let klaar = u
                .afspraken
                .iter()
                .any(|s| s.id == a.id && s.stand.is_some_and(Stand::afgesloten));
            if let (false, Some(d)) = (klaar, a.datum) {
                events.push((
                    d,
                    format!(
                        "Afspraak van {}: {}",
                        partij_lidwoord(a.partij),
                        naam(&a.wat, "afspraak")
                    ),
                    format!("afspraak-{}", a.id),
                ));
            }
        }
        for m in &plan.mijlpalen {
            let behaald = u
                .mijlpalen
                .iter()
                .any(|s| s.id == m.id && s.behaald.is_some());
            if let (false, Some(d)) = (behaald, m.datum) {
                events.push((
                    d,
                    format!("Mijlpaal: {}", naam(&m.wat, "mijlpaal")),
                    format!("mijlpaal-{}", m.id),
                ));
            }
        }
        if let (false, Some(d)) = (
            doc.status == Status::Geevalueerd,
            doc.vertrekpunt.evaluatiedatum,
        ) {
            events.push((d, "Evaluatie".into(), "evaluatie".into()));
        }
        if let Some((_, d)) = volgend_gesprek(doc) {
            let gehouden = u.gesprekken.iter().any(|g| g.datum.is_some_and(|x| x >= d));
            if !gehouden {
                events.push((d, "Voortgangsgesprek".into(), "gesprek".into()));
            }
        }
    }
    events.retain(|(d, _, _)| *d >= today);
    if events.is_empty() {
        return None;
    }
    events.sort();

    let mut out = String::new();
    let mut line = |text: &str| fold_line(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Proeftuin-wizard//NL");
    line("CALSCALE:GREGORIAN");
    line(&format!("X-WR-CALNAME:{}", ics_text(&titel)));
    for (datum, wat, sleutel) in events {
        let dag = ics_date(datum);
        let volgende = ics_date(datum.succ_opt().unwrap_or(datum));
        line("BEGIN:VEVENT");
        line(&format!(
            "UID:{}-{}@proeftuin-wizard",
            ics_uid_part(&doc.id),
            ics_uid_part(&sleutel)
        ));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{dag}"));
        line(&format!("DTEND;VALUE=DATE:{volgende}"));
        line(&format!(
            "SUMMARY:{}",
            ics_text(&format!("{wat} – {titel}"))
        ));
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    Some(out)
}

fn ics_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// A text value with RFC 5545's escapes; line breaks become `\n`.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An id as part of a UID: letters, digits and `-` only.
fn ics_uid_part(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Appends `text` as one content line, folded after at most 75 octets (RFC 5545 3.1), never
/// inside a character, with CRLF line ends.
fn fold_line(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

// ---------------------------------------------------------------------------------------------
// The evaluation after a year
// ---------------------------------------------------------------------------------------------

/// The plan beside what happened, for the evaluation. The number of candidates and the scores
/// "then" come from the plan as accepted ([`crate::model::Uitvoering::geaccepteerd`]; without
/// that copy, from the plan as it is); indicators, agreements and milestones are those of the
/// plan as it is now, since those are what was carried out.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Vergelijking {
    /// Candidates in the plan.
    pub kandidaten_plan: Option<u32>,
    /// The latest count, if any.
    pub telling: Option<Telling>,
    /// Per indicator.
    pub indicatoren: Vec<IndicatorStand>,
    /// Per party with agreements, in the order leverancier, opdrachtgever, samen, partner.
    pub afspraken: Vec<PartijStand>,
    /// Per milestone.
    pub mijlpalen: Vec<MijlpaalVergelijking>,
}

/// One indicator at the evaluation.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct IndicatorStand {
    /// What is measured.
    pub naam: String,
    /// Its unit.
    pub eenheid: String,
    /// The target.
    pub doel: Option<f64>,
    /// The value of the latest reported moment that has a value.
    pub laatste: Option<f64>,
    /// Moments reported, of those due (up to `today`).
    pub gemeld: usize,
    /// Moments due up to `today`.
    pub momenten: usize,
}

/// The agreements of one party at the evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct PartijStand {
    /// The party.
    pub partij: crate::model::Partij,
    /// How many agreements it has.
    pub totaal: usize,
    /// Done.
    pub gereed: usize,
    /// Dropped.
    pub vervallen: usize,
    /// Delayed, or open past their date.
    pub te_laat: usize,
}

/// One milestone at the evaluation.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MijlpaalVergelijking {
    /// What.
    pub wat: String,
    /// Planned day.
    pub gepland: Option<NaiveDate>,
    /// Day reached.
    pub behaald: Option<NaiveDate>,
    /// Why it was late.
    pub reden: String,
}

/// The plan as accepted, or the plan as it is without that copy.
fn plan_toen(doc: &Proeftuin) -> &crate::model::PlanVanAanpak {
    doc.uitvoering
        .geaccepteerd
        .as_ref()
        .map_or(&doc.plan, |g| &g.plan)
}

/// The plan beside what happened, on `today` (see [`Vergelijking`]).
pub fn vergelijking(doc: &Proeftuin, today: NaiveDate) -> Vergelijking {
    use crate::model::Partij;
    let u = &doc.uitvoering;
    let indicatoren = doc
        .plan
        .indicatoren
        .iter()
        .map(|i| {
            let r = rapportages(doc, i, today);
            let due: Vec<_> = r.iter().filter(|r| r.moment <= today).collect();
            IndicatorStand {
                naam: naam(&i.indicator, "(indicator zonder naam)"),
                eenheid: i.eenheid.trim().to_string(),
                doel: i.streefwaarde,
                laatste: r.iter().rev().find_map(|r| r.waarde),
                gemeld: due.iter().filter(|r| r.gemeld).count(),
                momenten: due.len(),
            }
        })
        .collect();
    let afspraken = [
        Partij::Leverancier,
        Partij::Opdrachtgever,
        Partij::Samen,
        Partij::Partner,
    ]
    .into_iter()
    .filter_map(|partij| {
        let eigen: Vec<_> = doc
            .plan
            .afspraken
            .iter()
            .filter(|a| a.partij == partij)
            .collect();
        if eigen.is_empty() {
            return None;
        }
        let stand = |id: &str| {
            u.afspraken
                .iter()
                .find(|s| s.id == id)
                .and_then(|s| s.stand)
                .unwrap_or_default()
        };
        let count = |st: Stand| eigen.iter().filter(|a| stand(&a.id) == st).count();
        let te_laat = eigen
            .iter()
            .filter(|a| {
                let s = stand(&a.id);
                s == Stand::Vertraagd || (!s.afgesloten() && a.datum.is_some_and(|d| d < today))
            })
            .count();
        Some(PartijStand {
            partij,
            totaal: eigen.len(),
            gereed: count(Stand::Gereed),
            vervallen: count(Stand::Vervallen),
            te_laat,
        })
    })
    .collect();
    let mijlpalen = doc
        .plan
        .mijlpalen
        .iter()
        .map(|m| {
            let s = u.mijlpalen.iter().find(|s| s.id == m.id);
            MijlpaalVergelijking {
                wat: naam(&m.wat, "(mijlpaal zonder omschrijving)"),
                gepland: m.datum,
                behaald: s.and_then(|s| s.behaald),
                reden: s.map(|s| s.reden.trim().to_string()).unwrap_or_default(),
            }
        })
        .collect();
    Vergelijking {
        kandidaten_plan: plan_toen(doc).aantal_kandidaten,
        telling: laatste_telling(doc).cloned(),
        indicatoren,
        afspraken,
        mijlpalen,
    }
}

/// One criterion scored at acceptance and again at the evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Herscore {
    /// The criterion.
    pub criterion: &'static crate::rubric::Criterion,
    /// The score at acceptance.
    pub toen: Option<u8>,
    /// The score at the evaluation.
    pub nu: Option<u8>,
}

impl Herscore {
    /// Now minus then, when both are scored.
    pub fn verschil(&self) -> Option<i8> {
        Some(self.nu? as i8 - self.toen? as i8)
    }
}

/// The assessment at acceptance (the accepted copy's, else the current one).
fn beoordeling_toen(doc: &Proeftuin) -> &crate::model::Beoordeling {
    doc.uitvoering
        .geaccepteerd
        .as_ref()
        .map_or(&doc.beoordeling, |g| &g.beoordeling)
}

/// Every criterion with its score at acceptance and at the evaluation.
pub fn herbeoordeling(doc: &Proeftuin) -> Vec<Herscore> {
    let toen = beoordeling_toen(doc);
    let nu = &doc.uitvoering.evaluatie.scores;
    crate::rubric::criteria()
        .iter()
        .map(|c| Herscore {
            criterion: c,
            toen: toen.score_for(c.id).and_then(|s| s.score),
            nu: nu
                .iter()
                .find(|s| s.criterion == c.id)
                .and_then(|s| s.score),
        })
        .collect()
}

/// The mean score of a dimension at acceptance and at the evaluation.
pub fn dimensie_toen_nu(
    doc: &Proeftuin,
    d: crate::rubric::Dimension,
) -> (Option<f64>, Option<f64>) {
    let nu = crate::model::Beoordeling {
        scores: doc.uitvoering.evaluatie.scores.clone(),
        ..Default::default()
    };
    (
        crate::rubric::dimension_score(beoordeling_toen(doc), d),
        crate::rubric::dimension_score(&nu, d),
    )
}

/// Sets the evaluation's score of criterion `id` (or clears it).
pub fn zet_evaluatiescore(doc: &mut Proeftuin, id: &str, score: Option<u8>) {
    let scores = &mut doc.uitvoering.evaluatie.scores;
    match scores.iter_mut().find(|s| s.criterion == id) {
        Some(s) => s.score = score,
        None => scores.push(crate::model::Score {
            criterion: id.to_string(),
            score,
            reden: String::new(),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Decharge
// ---------------------------------------------------------------------------------------------

/// What decharge means, in plain words (shown where both parties sign, and in its record).
pub const DECHARGE_UITLEG: &str = "Met decharge stelt de opdrachtgever vast dat de leverancier \
    zijn afspraken over social return is nagekomen: de manier van werken en de uitvoering zijn \
    goedgekeurd. De leverancier mag daarop voortbouwen in nieuwe opdrachten. Beide partijen \
    tekenen; daarna kan het plan niet meer worden gewijzigd.";

/// The two parties that sign, in order.
pub const TEKENAARS: [crate::model::Partij; 2] = [
    crate::model::Partij::Opdrachtgever,
    crate::model::Partij::Leverancier,
];

/// Where the decharge stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DechargeStand {
    /// Nobody signed.
    Open,
    /// One party signed; the other's signature is missing.
    Wacht {
        /// Whose signature is missing.
        ontbreekt: crate::model::Partij,
    },
    /// Both signed.
    Verleend,
}

/// The signature of party `p`, if it signed.
pub fn handtekening(
    doc: &Proeftuin,
    p: crate::model::Partij,
) -> Option<&crate::model::Handtekening> {
    doc.uitvoering
        .decharge
        .iter()
        .find(|h| h.id == p.key() && h.datum.is_some())
}

/// Where the decharge stands.
pub fn decharge_stand(doc: &Proeftuin) -> DechargeStand {
    let [a, b] = TEKENAARS.map(|p| handtekening(doc, p).is_some());
    match (a, b) {
        (true, true) => DechargeStand::Verleend,
        (false, false) => DechargeStand::Open,
        (true, false) => DechargeStand::Wacht {
            ontbreekt: TEKENAARS[1],
        },
        (false, true) => DechargeStand::Wacht {
            ontbreekt: TEKENAARS[0],
        },
    }
}

/// Signs the decharge for party `p` on `today`. Refused (with a Dutch message, nothing changed)
/// when that party signed already, when name or role is empty, or when the plan is not in
/// uitvoering. The second signature sets the status to Decharge.
pub fn onderteken(
    doc: &mut Proeftuin,
    p: crate::model::Partij,
    naam: &str,
    rol: &str,
    today: NaiveDate,
) -> Result<(), String> {
    if !TEKENAARS.contains(&p) {
        return Err("Alleen de opdrachtgever en de leverancier tekenen voor decharge.".into());
    }
    if !in_uitvoering(doc.status) {
        return Err(
            "Decharge kan pas als het plan is geaccepteerd en wordt uitgevoerd, en nog niet is afgesloten."
                .into(),
        );
    }
    if handtekening(doc, p).is_some() {
        return Err(format!(
            "De {} heeft al getekend. Een handtekening kan niet worden gewijzigd.",
            p.label().to_lowercase()
        ));
    }
    let (naam, rol) = (naam.trim(), rol.trim());
    if naam.is_empty() || rol.is_empty() {
        return Err("Vul je naam of functie en je rol in.".into());
    }
    doc.uitvoering.decharge.retain(|h| h.id != p.key());
    doc.uitvoering.decharge.push(crate::model::Handtekening {
        id: p.key().to_string(),
        naam: naam.to_string(),
        rol: rol.to_string(),
        datum: Some(today),
    });
    if decharge_stand(doc) == DechargeStand::Verleend {
        doc.set_status(Status::Decharge, today);
    }
    Ok(())
}

/// Whether party `p` may withdraw its signature: it signed and the other did not yet.
pub fn mag_intrekken(doc: &Proeftuin, p: crate::model::Partij) -> bool {
    handtekening(doc, p).is_some() && decharge_stand(doc) != DechargeStand::Verleend
}

/// Withdraws the signature of party `p`; refused once both signed.
pub fn trek_in(doc: &mut Proeftuin, p: crate::model::Partij) -> Result<(), String> {
    if !mag_intrekken(doc, p) {
        return Err(
            "Deze handtekening kan niet meer worden ingetrokken: beide partijen hebben getekend."
                .into(),
        );
    }
    doc.uitvoering.decharge.retain(|h| h.id != p.key());
    Ok(())
}

/// The day of decharge: the later of the two signatures.
pub fn dechargedatum(doc: &Proeftuin) -> Option<NaiveDate> {
    let [a, b] = TEKENAARS.map(|p| handtekening(doc, p).and_then(|h| h.datum));
    Some(a?.max(b?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AfspraakStand, Gesprek, Meting, Mijlpaal, MijlpaalStand, Partij, Telling};
    use crate::test_support::{afspraak, date};

    fn doc() -> Proeftuin {
        let mut d = Proeftuin::new("p-1".into(), crate::test_support::now());
        d.vertrekpunt.naam = "Stages bij DUO".into();
        d.vertrekpunt.startdatum = Some(date(2026, 1, 1));
        d.vertrekpunt.evaluatiedatum = Some(date(2027, 1, 1));
        d.vertrekpunt.looptijd_maanden = Some(24);
        d.status = Status::InUitvoering;
        d
    }

    fn indicator(id: &str, f: Frequentie) -> Indicator {
        Indicator {
            id: id.into(),
            indicator: format!("Indicator {id}"),
            frequentie: Some(f),
            ..Default::default()
        }
    }

    fn meting(id: &str, indicator: &str, d: NaiveDate, w: f64) -> Meting {
        Meting {
            id: id.into(),
            indicator: indicator.into(),
            datum: Some(d),
            waarde: Some(w),
            notitie: String::new(),
        }
    }

    #[test]
    fn moments_follow_the_frequency() {
        let s = date(2026, 1, 31);
        let tot = date(2027, 1, 31);
        let maand = rapportagemomenten(s, Frequentie::Maandelijks, tot);
        assert_eq!(maand.len(), 12);
        // A day the month lacks becomes its last day; later months start from the start again.
        assert_eq!(maand[0], date(2026, 2, 28));
        assert_eq!(maand[1], date(2026, 3, 31));
        assert_eq!(
            rapportagemomenten(s, Frequentie::PerKwartaal, tot),
            vec![
                date(2026, 4, 30),
                date(2026, 7, 31),
                date(2026, 10, 31),
                date(2027, 1, 31)
            ]
        );
        assert_eq!(
            rapportagemomenten(s, Frequentie::Halfjaarlijks, tot),
            vec![date(2026, 7, 31), date(2027, 1, 31)]
        );
        assert_eq!(
            rapportagemomenten(s, Frequentie::Jaarlijks, tot),
            vec![date(2027, 1, 31)]
        );
        assert!(rapportagemomenten(s, Frequentie::Jaarlijks, date(2027, 1, 30)).is_empty());
        // Far ahead: bounded.
        let ver = rapportagemomenten(s, Frequentie::Maandelijks, NaiveDate::MAX);
        assert_eq!(ver.len(), MAX_MOMENTEN as usize);
    }

    #[test]
    fn a_measurement_reports_the_first_moment_on_or_after_its_date() {
        let mut d = doc();
        d.plan
            .indicatoren
            .push(indicator("i1", Frequentie::Maandelijks));
        d.uitvoering.metingen = vec![
            meting("m1", "i1", date(2026, 1, 1), 1.0), // start day: February's moment
            meting("m2", "i1", date(2026, 3, 1), 3.0), // on March's moment
            meting("m3", "i1", date(2026, 3, 2), 4.0), // April's
            meting("m4", "i1", date(2026, 3, 20), 5.0), // April's again: the last counts
            meting("x", "i2", date(2026, 2, 1), 9.0),  // another indicator
        ];
        let r = rapportages(&d, &d.plan.indicatoren[0], date(2026, 4, 15));
        let moments: Vec<_> = r.iter().map(|r| r.moment).collect();
        assert_eq!(
            moments,
            vec![
                date(2026, 2, 1),
                date(2026, 3, 1),
                date(2026, 4, 1),
                date(2026, 5, 1)
            ]
        );
        assert_eq!(r[0].waarde, Some(1.0));
        assert!(r[0].gemeld);
        assert_eq!(r[1].waarde, Some(3.0));
        assert_eq!(r[2].waarde, Some(5.0));
        assert!(!r[3].gemeld);
    }

    #[test]
    fn no_moments_without_start_or_frequency_and_none_after_the_term() {
        let mut d = doc();
        let mut i = indicator("i1", Frequentie::PerKwartaal);
        i.frequentie = None;
        assert!(rapportages(&d, &i, date(2026, 12, 1)).is_empty());
        i.frequentie = Some(Frequentie::PerKwartaal);
        d.vertrekpunt.looptijd_maanden = Some(6);
        let r = rapportages(&d, &i, date(2030, 1, 1));
        assert_eq!(
            r.iter().map(|r| r.moment).collect::<Vec<_>>(),
            vec![date(2026, 4, 1), date(2026, 7, 1)]
        );
        d.vertrekpunt.startdatum = None;
        assert!(rapportages(&d, &i, date(2026, 12, 1)).is_empty());
    }

    #[test]
    fn missing_reports_are_late_and_the_next_is_soon() {
        let mut d = doc();
        d.plan
            .indicatoren
            .push(indicator("i1", Frequentie::Maandelijks));
        d.uitvoering.metingen = vec![meting("m1", "i1", date(2026, 1, 31), 2.0)];
        // 20 March: February's moment reported, March's missing, April's is 12 days away.
        let s = signalen(&d, date(2026, 3, 20));
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].urgentie, Urgentie::TeLaat);
        assert_eq!(s[0].datum, date(2026, 3, 1));
        assert_eq!(
            s[0].tekst,
            "Rapportage over 'Indicator i1' ontbreekt (moment 1 maart 2026)"
        );
        assert_eq!(s[0].pad, "uitvoering.indicator.i1.metingen");
        assert_eq!(s[1].urgentie, Urgentie::Binnenkort);
        assert_eq!(s[1].datum, date(2026, 4, 1));
        // On the moment itself it is not late yet.
        let s = signalen(&d, date(2026, 3, 1));
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].urgentie, Urgentie::Binnenkort);
        // Two missing in one line.
        let s = signalen(&d, date(2026, 4, 2));
        assert!(
            s[0].tekst.starts_with("2 rapportages over"),
            "{}",
            s[0].tekst
        );
    }

    #[test]
    fn a_measurement_without_a_value_reports_nothing_and_a_late_one_is_dated_on_its_moment() {
        let mut d = doc();
        d.plan
            .indicatoren
            .push(indicator("i1", Frequentie::Maandelijks));
        let i = d.plan.indicatoren[0].clone();
        assert_eq!(
            eerste_open_moment(&d, &i, date(2026, 3, 20)),
            Some(date(2026, 2, 1))
        );
        let mut leeg = meting("m1", "i1", date(2026, 2, 1), 0.0);
        leeg.waarde = None;
        d.uitvoering.metingen.push(leeg);
        assert!(!rapportages(&d, &i, date(2026, 3, 20))[0].gemeld);
        d.uitvoering.metingen[0].waarde = Some(2.0);
        assert_eq!(
            eerste_open_moment(&d, &i, date(2026, 3, 20)),
            Some(date(2026, 3, 1))
        );
        d.uitvoering
            .metingen
            .push(meting("m2", "i1", date(2026, 3, 1), 3.0));
        assert_eq!(eerste_open_moment(&d, &i, date(2026, 3, 20)), None);
    }

    #[test]
    fn agreements_are_late_until_done_or_dropped() {
        let mut d = doc();
        let mut a = afspraak(
            "a1",
            Partij::Opdrachtgever,
            "Werkplekken regelen",
            "Facilitair",
        );
        a.datum = Some(date(2026, 3, 1));
        d.plan.afspraken.push(a);
        let s = signalen(&d, date(2026, 3, 2));
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].tekst,
            "Afspraak van de opdrachtgever: Werkplekken regelen (uiterlijk 1 maart 2026)"
        );
        assert_eq!(s[0].pad, "uitvoering.afspraken.a1.stand");
        assert_eq!(
            signalen(&d, date(2026, 2, 20))[0].urgentie,
            Urgentie::Binnenkort
        );
        assert!(signalen(&d, date(2026, 2, 1)).is_empty());
        for (stand, late) in [
            (Stand::Open, true),
            (Stand::Loopt, true),
            (Stand::Vertraagd, true),
            (Stand::Gereed, false),
            (Stand::Vervallen, false),
        ] {
            d.uitvoering.afspraken = vec![AfspraakStand {
                id: "a1".into(),
                stand: Some(stand),
                ..Default::default()
            }];
            assert_eq!(
                !signalen(&d, date(2026, 3, 2)).is_empty(),
                late,
                "{stand:?}"
            );
        }
        // Delayed is late whatever its date.
        d.uitvoering.afspraken[0].stand = Some(Stand::Vertraagd);
        let s = signalen(&d, date(2026, 1, 2));
        assert_eq!(s[0].urgentie, Urgentie::TeLaat);
        assert!(s[0].tekst.contains("is vertraagd"));
    }

    #[test]
    fn milestones_evaluation_and_talks() {
        let mut d = doc();
        d.plan.mijlpalen.push(Mijlpaal {
            id: "m1".into(),
            wat: "Eerste kandidaat start".into(),
            datum: Some(date(2026, 2, 1)),
        });
        d.uitvoering.gesprekken.push(Gesprek {
            id: "g1".into(),
            datum: Some(date(2026, 1, 15)),
            volgende: Some(date(2026, 2, 15)),
            ..Default::default()
        });
        let s = signalen(&d, date(2026, 2, 10));
        let soorten: Vec<_> = s.iter().map(|s| (s.soort, s.urgentie)).collect();
        assert_eq!(
            soorten,
            vec![
                (Soort::Mijlpaal, Urgentie::TeLaat),
                (Soort::Gesprek, Urgentie::Binnenkort)
            ]
        );
        d.uitvoering.mijlpalen.push(MijlpaalStand {
            id: "m1".into(),
            behaald: Some(date(2026, 2, 3)),
            reden: "Ziekte".into(),
        });
        // A talk held on the planned day settles it.
        d.uitvoering.gesprekken.push(Gesprek {
            id: "g2".into(),
            datum: Some(date(2026, 2, 15)),
            ..Default::default()
        });
        assert!(signalen(&d, date(2026, 2, 20)).is_empty());
        // Evaluation: soon 30 days ahead, late after, gone once evaluated.
        let s = signalen(&d, date(2026, 12, 5));
        assert_eq!(s[0].soort, Soort::Evaluatie);
        assert_eq!(s[0].urgentie, Urgentie::Binnenkort);
        assert_eq!(signalen(&d, date(2027, 1, 2))[0].urgentie, Urgentie::TeLaat);
        d.status = Status::Geevalueerd;
        assert!(signalen(&d, date(2027, 1, 2)).is_empty());
    }

    #[test]
    fn only_a_plan_in_uitvoering_has_signals() {
        let mut d = doc();
        let mut a = afspraak("a1", Partij::Samen, "Kick-off", "Beiden");
        a.datum = Some(date(2026, 1, 2));
        d.plan.afspraken.push(a);
        for (status, has) in [
            (Status::Concept, false),
            (Status::TerBeoordeling, false),
            (Status::Geaccepteerd, true),
            (Status::InUitvoering, true),
            (Status::Geevalueerd, true),
            (Status::Decharge, false),
        ] {
            d.status = status;
            assert_eq!(
                !signalen(&d, date(2026, 2, 1)).is_empty(),
                has,
                "{status:?}"
            );
        }
    }

    #[test]
    fn the_latest_count_wins_and_on_one_date_the_later_one() {
        let mut d = doc();
        assert!(laatste_telling(&d).is_none());
        let t = |id: &str, dag: Option<NaiveDate>, gestart: u32| Telling {
            id: id.into(),
            datum: dag,
            gestart: Some(gestart),
            ..Default::default()
        };
        d.uitvoering.tellingen = vec![
            t("t1", Some(date(2026, 3, 1)), 3),
            t("t2", Some(date(2026, 6, 1)), 5),
            t("t3", Some(date(2026, 6, 1)), 6),
            t("t4", None, 99),
            t("t5", Some(date(2026, 4, 1)), 4),
        ];
        assert_eq!(laatste_telling(&d).unwrap().id, "t3");
    }

    #[test]
    fn the_calendar_has_the_coming_dates_escaped_and_folded() {
        let mut d = doc();
        d.vertrekpunt.naam = "Stages, werk; en meer\\ bij DUO".into();
        d.plan
            .indicatoren
            .push(indicator("i1", Frequentie::PerKwartaal));
        let mut a = afspraak("a1", Partij::Leverancier, "Vacatures delen", "HR");
        a.datum = Some(date(2026, 5, 1));
        d.plan.afspraken.push(a);
        let mut oud = afspraak("a2", Partij::Leverancier, "Al voorbij", "HR");
        oud.datum = Some(date(2026, 1, 5));
        d.plan.afspraken.push(oud);
        let now = crate::test_support::utc("2026-03-15T09:05:07Z");
        let ics = agenda_ics(&d, date(2026, 3, 15), now).unwrap();
        assert!(ics.contains("DTSTAMP:20260315T090507Z\r\n"));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("X-WR-CALNAME:Stages\\, werk\\; en meer\\\\ bij DUO\r\n"));
        // Quarterly moments in the coming year: 1 April, 1 July, 1 October, 1 January; the
        // agreement; the evaluation (1 January 2027). The past agreement is left out.
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 6, "{ics}");
        assert!(ics.contains("DTSTART;VALUE=DATE:20260401\r\nDTEND;VALUE=DATE:20260402\r\n"));
        assert!(ics.contains("UID:p-1-afspraak-a1@proeftuin-wizard\r\n"));
        assert!(ics.contains("UID:p-1-meting-i1-20260401@proeftuin-wizard\r\n"));
        assert!(ics.contains("SUMMARY:Meting: Indicator i1"));
        assert!(!ics.contains("Al voorbij"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        // Nothing for a draft.
        d.status = Status::Concept;
        assert_eq!(agenda_ics(&d, date(2026, 3, 15), now), None);
        // An id from a file cannot add lines: UIDs keep letters, digits and dashes only.
        d.status = Status::InUitvoering;
        d.plan.afspraken[0].id = "x\r\nATTENDEE:evil;a,b".into();
        let ics = agenda_ics(&d, date(2026, 3, 15), now).unwrap();
        assert!(ics.contains("UID:p-1-afspraak-x--ATTENDEE-evil-a-b@proeftuin-wizard\r\n"));
        assert!(!ics.contains("\r\nATTENDEE"));
    }

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        fold_line(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        let lines: Vec<_> = out.trim_end().split("\r\n").collect();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.len() <= 75);
        }
        let joined: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(joined, format!("SUMMARY:{}", "é".repeat(60)));
    }

    #[test]
    fn the_evaluation_puts_the_accepted_plan_beside_what_happened() {
        let mut d = doc();
        d.plan.aantal_kandidaten = Some(6);
        d.plan.indicatoren.push(Indicator {
            streefwaarde: Some(6.0),
            eenheid: "studenten".into(),
            ..indicator("i1", Frequentie::Maandelijks)
        });
        let mut a1 = afspraak("a1", Partij::Leverancier, "Mentor", "HR");
        a1.datum = Some(date(2026, 2, 1));
        let a2 = afspraak("a2", Partij::Leverancier, "Beurzen", "HR");
        let mut a3 = afspraak("a3", Partij::Opdrachtgever, "Werkplek", "Facilitair");
        a3.datum = Some(date(2026, 2, 1));
        d.plan.afspraken = vec![a1, a2, a3];
        d.plan.mijlpalen.push(Mijlpaal {
            id: "m1".into(),
            wat: "Start".into(),
            datum: Some(date(2026, 2, 1)),
        });
        d.set_status(Status::Geaccepteerd, date(2026, 1, 1));
        // After acceptance the plan asks for more candidates: the evaluation compares with
        // the plan as accepted.
        d.plan.aantal_kandidaten = Some(10);
        d.uitvoering.metingen = vec![
            meting("x1", "i1", date(2026, 2, 1), 3.0),
            meting("x2", "i1", date(2026, 3, 1), 5.0),
        ];
        d.uitvoering.tellingen.push(Telling {
            id: "t1".into(),
            datum: Some(date(2026, 3, 1)),
            gestart: Some(5),
            aan_het_werk: Some(4),
            ..Default::default()
        });
        d.uitvoering.afspraken.push(AfspraakStand {
            id: "a2".into(),
            stand: Some(Stand::Gereed),
            ..Default::default()
        });
        d.uitvoering.mijlpalen.push(MijlpaalStand {
            id: "m1".into(),
            behaald: Some(date(2026, 2, 10)),
            reden: " Ziekte ".into(),
        });
        let v = vergelijking(&d, date(2026, 4, 15));
        assert_eq!(v.kandidaten_plan, Some(6));
        assert_eq!(v.telling.unwrap().aan_het_werk, Some(4));
        assert_eq!(
            v.indicatoren,
            vec![IndicatorStand {
                naam: "Indicator i1".into(),
                eenheid: "studenten".into(),
                doel: Some(6.0),
                laatste: Some(5.0),
                gemeld: 2,
                momenten: 3,
            }]
        );
        let partijen: Vec<_> = v
            .afspraken
            .iter()
            .map(|p| (p.partij, p.totaal, p.gereed, p.te_laat))
            .collect();
        assert_eq!(
            partijen,
            vec![
                (Partij::Leverancier, 2, 1, 1),
                (Partij::Opdrachtgever, 1, 0, 1)
            ]
        );
        assert_eq!(v.mijlpalen[0].behaald, Some(date(2026, 2, 10)));
        assert_eq!(v.mijlpalen[0].reden, "Ziekte");
    }

    #[test]
    fn the_rubric_scored_again_shows_the_difference_per_criterion() {
        let mut d = doc();
        let first = crate::rubric::criteria()[0].id;
        let second = crate::rubric::criteria()[1].id;
        d.beoordeling.set_score(first, Some(3));
        d.beoordeling.set_score(second, Some(4));
        d.set_status(Status::Geaccepteerd, date(2026, 1, 1));
        // Scores changed after acceptance do not change "then".
        d.beoordeling.set_score(first, Some(1));
        zet_evaluatiescore(&mut d, first, Some(5));
        zet_evaluatiescore(&mut d, second, Some(2));
        zet_evaluatiescore(&mut d, second, Some(4));
        let h = herbeoordeling(&d);
        assert_eq!(h.len(), crate::rubric::criteria().len());
        assert_eq!(
            (h[0].toen, h[0].nu, h[0].verschil()),
            (Some(3), Some(5), Some(2))
        );
        assert_eq!(h[1].verschil(), Some(0));
        assert_eq!(h[2].verschil(), None);
        assert_eq!(d.uitvoering.evaluatie.scores.len(), 2);
        let (toen, nu) = dimensie_toen_nu(&d, crate::rubric::criteria()[0].dimension);
        assert!(toen.is_some() && nu.is_some());
    }

    #[test]
    fn decharge_needs_both_signatures_which_cannot_change() {
        let mut d = doc();
        let today = date(2027, 1, 10);
        assert_eq!(decharge_stand(&d), DechargeStand::Open);
        assert!(onderteken(&mut d, Partij::Leverancier, "", "Directeur", today).is_err());
        assert!(onderteken(&mut d, Partij::Samen, "X", "Y", today).is_err());
        onderteken(
            &mut d,
            Partij::Leverancier,
            "J. de Vries",
            "Directeur",
            today,
        )
        .unwrap();
        assert_eq!(
            decharge_stand(&d),
            DechargeStand::Wacht {
                ontbreekt: Partij::Opdrachtgever
            }
        );
        // Signed is signed: not again, but it may be withdrawn while the other has not signed.
        let again = onderteken(&mut d, Partij::Leverancier, "Iemand anders", "X", today);
        assert!(again.unwrap_err().contains("kan niet worden gewijzigd"));
        assert_eq!(
            handtekening(&d, Partij::Leverancier).unwrap().naam,
            "J. de Vries"
        );
        assert!(mag_intrekken(&d, Partij::Leverancier));
        assert!(!mag_intrekken(&d, Partij::Opdrachtgever));
        trek_in(&mut d, Partij::Leverancier).unwrap();
        assert_eq!(decharge_stand(&d), DechargeStand::Open);
        assert!(trek_in(&mut d, Partij::Leverancier).is_err());
        // Both sign: decharge, the status follows, and nothing can be withdrawn.
        onderteken(
            &mut d,
            Partij::Leverancier,
            "J. de Vries",
            "Directeur",
            today,
        )
        .unwrap();
        onderteken(
            &mut d,
            Partij::Opdrachtgever,
            "Contractmanager",
            "Inkoop",
            date(2027, 1, 12),
        )
        .unwrap();
        assert_eq!(decharge_stand(&d), DechargeStand::Verleend);
        assert_eq!(d.status, Status::Decharge);
        assert_eq!(dechargedatum(&d), Some(date(2027, 1, 12)));
        assert!(!mag_intrekken(&d, Partij::Leverancier));
        assert!(trek_in(&mut d, Partij::Opdrachtgever).is_err());
        // A draft cannot be discharged.
        let mut concept = doc();
        concept.status = Status::Concept;
        assert!(onderteken(&mut concept, Partij::Leverancier, "A", "B", today).is_err());
        // The record is valid; a signature for another party is not.
        assert!(crate::validation::check_consistency(&d).is_empty());
        d.uitvoering.decharge[0].id = "samen".into();
        assert_eq!(
            crate::validation::check_consistency(&d)[0].path,
            "uitvoering.decharge"
        );
    }
}
