//! The plan as a readable document: every section of the proeftuin in order, for
//! reading on screen and for printing on A4 (see `style/afronden.css`). Empty
//! fields say "Nog niet ingevuld"; dates are written the Dutch way.

use chrono::{Local, NaiveDate};
use leptos::prelude::*;
use proeftuin_domain::rubric::Dimension;
use proeftuin_domain::{
    aandachtspunten, criteria_for, dimension_score, format_euro, format_number, referentie_zin,
    scored_count, suggested_oordeel_for, Categorie, Choice, Proeftuin, DREMPEL_MAANDEN,
    DREMPEL_WAARDE,
};

use crate::views::chart::{ChartPoint, RealismeImpactChart};
use crate::views::stakeholder_map::StakeholderMap;

/// Shown for a field that has no value yet.
pub const LEEG: &str = "Nog niet ingevuld";

/// The handed-in scores of the latest assessment round with scores, for the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// Round number.
    pub round: i64,
    /// Each assessor's name or role with their original scores.
    pub sheets: Vec<(String, proeftuin_domain::AssessorScores)>,
}

impl Panel {
    /// Each assessor's position (mean realisme, mean impact) for the chart.
    pub fn points(&self) -> Vec<ChartPoint> {
        self.sheets
            .iter()
            .filter_map(|(label, sheet)| {
                let b = proeftuin_domain::Beoordeling {
                    scores: sheet.scores.clone(),
                    ..Default::default()
                };
                Some(ChartPoint {
                    label: label.clone(),
                    realisme: dimension_score(&b, Dimension::Realisme)?,
                    impact: dimension_score(&b, Dimension::Impact)?,
                })
            })
            .collect()
    }
}

use proeftuin_domain::format::{date as datum_nl, decimal as getal_nl};

fn leeg() -> AnyView {
    view! { <span class="ptw-plandoc__leeg">{LEEG}</span> }.into_any()
}

fn text(s: &str) -> AnyView {
    let s = s.trim();
    if s.is_empty() {
        leeg()
    } else {
        view! { <span class="ptw-plandoc__text">{s.to_string()}</span> }.into_any()
    }
}

fn plain(s: String) -> AnyView {
    view! { <span>{s}</span> }.into_any()
}

fn opt_date(d: Option<NaiveDate>) -> AnyView {
    match d {
        Some(d) => view! { <span class="ptw-plandoc__date">{datum_nl(d)}</span> }.into_any(),
        None => leeg(),
    }
}

fn opt_count(n: Option<u32>, one: &str, many: &str) -> AnyView {
    match n {
        Some(n) => plain(format!(
            "{} {}",
            format_number(u64::from(n)),
            if n == 1 { one } else { many }
        )),
        None => leeg(),
    }
}

fn choices<T: Choice>(items: &[T]) -> AnyView {
    if items.is_empty() {
        leeg()
    } else {
        view! {
            <ul class="ptw-plandoc__choices">
                {items.iter().map(|c| view! { <li>{c.label()}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

fn field(label: &'static str, value: AnyView) -> impl IntoView {
    view! {
        <dt>{label}</dt>
        <dd>{value}</dd>
    }
}

fn cell(s: &str) -> AnyView {
    text(s)
}

/// The readable plan of a proeftuin: an `<article>` with the name as `<h1>` and one
/// `<section>` with an `<h2>` per part.
#[component]
pub fn PlanDocument(
    /// The proeftuin to show.
    #[prop(into)]
    doc: Signal<Proeftuin>,
    /// The original scores of an assessment panel, when there was one.
    #[prop(optional, into)]
    panel: Option<Signal<Option<Panel>>>,
) -> impl IntoView {
    view! {
        <article class="ptw-plandoc" aria-labelledby="doc-titel">
            {move || doc.with(|d| view! {
                {kop(d)}
                {vertrekpunt_deel(d)}
                {stakeholders_deel(d)}
                {plan_deel(d)}
                {beoordeling_deel(d, panel.and_then(|p| p.get()))}
                {status_deel(d)}
            })}
        </article>
    }
}

fn kop(doc: &Proeftuin) -> impl IntoView {
    let leveranciers: Vec<String> = doc
        .vertrekpunt
        .leveranciers
        .iter()
        .map(|l| l.naam.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let changed = doc.changed.with_timezone(&Local);
    view! {
        <header class="ptw-plandoc__head">
            <p class="ptw-plandoc__kicker">"Proeftuin Maatwerk voor Mensen – Plan van Aanpak"</p>
            <h1 id="doc-titel">{doc.title()}</h1>
            <dl class="ptw-plandoc__fields ptw-plandoc__meta">
                {field("Status", plain(doc.status.label().to_string()))}
                {field("Opdrachtgever", text(&doc.vertrekpunt.opdrachtgever))}
                {field(if leveranciers.len() > 1 { "Leveranciers" } else { "Leverancier" },
                    if leveranciers.is_empty() { leeg() } else { plain(leveranciers.join(", ")) })}
                {field("Laatst gewijzigd", plain(format!("{} om {}", datum_nl(changed.date_naive()), proeftuin_domain::format::clock(&changed))))}
            </dl>
        </header>
    }
}

fn vertrekpunt_deel(doc: &Proeftuin) -> impl IntoView {
    let v = &doc.vertrekpunt;
    let categorie = match v.categorie {
        None => leeg(),
        Some(Categorie::Anders) if !v.categorie_anders.trim().is_empty() => {
            plain(format!("Anders: {}", v.categorie_anders.trim()))
        }
        Some(c) => plain(c.label().to_string()),
    };
    let leveranciers = if v.leveranciers.is_empty() {
        leeg()
    } else {
        view! {
            <ul class="ptw-plandoc__choices">
                {v.leveranciers.iter().map(|l| view! { <li>{text(&l.naam)}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let referentie = match (v.contractwaarde, v.looptijd_maanden) {
        (Some(w), Some(m)) => plain(referentie_zin(Some(w), Some(m)).map(|zin| {
            format!("{zin} Met deze proeftuin kiezen jullie voor maatwerk in plaats van die vaste regel; het bedrag is alleen een vergelijking.")
        }).unwrap_or_else(|| format!(
            "De generieke 5%-regeling geldt hier niet: die geldt pas vanaf {} (excl. btw) en een looptijd van {} maanden.",
            format_euro(DREMPEL_WAARDE), DREMPEL_MAANDEN
        ))),
        _ => plain("Nog niet te bepalen: vul de contractwaarde en de looptijd in.".to_string()),
    };
    view! {
        <section class="ptw-plandoc__section" aria-labelledby="doc-vertrekpunt">
            <h2 id="doc-vertrekpunt">"1. Vertrekpunt"</h2>
            <dl class="ptw-plandoc__fields">
                {field("Omschrijving", text(&v.omschrijving))}
                {field("Opdrachtgever", text(&v.opdrachtgever))}
                {field("Inkoopcategorie", categorie)}
                {field("Situatie", v.situatie.map(|s| plain(s.label().to_string())).unwrap_or_else(leeg))}
                {field("Leverancier(s)", leveranciers)}
                {field("Contractwaarde", v.contractwaarde.map(|w| plain(format!("{} (excl. btw)", format_euro(w)))).unwrap_or_else(leeg))}
                {field("Looptijd", opt_count(v.looptijd_maanden, "maand", "maanden"))}
                {field("Generieke 5%-regeling", referentie)}
                {field("Startdatum", opt_date(v.startdatum))}
                {field("Evaluatiedatum", opt_date(v.evaluatiedatum))}
                {field("Beleidsdoelen", choices(&v.beleidsdoelen))}
                {field("Toelichting op de beleidsdoelen", text(&v.beleidsdoelen_toelichting))}
            </dl>
        </section>
    }
}

fn stakeholders_deel(doc: &Proeftuin) -> impl IntoView {
    let list = &doc.stakeholders;
    let escalatie = list.iter().filter(|s| s.escalatielijn).count();
    let body = if list.is_empty() {
        view! { <p>{leeg()}</p> }.into_any()
    } else {
        view! {
            <p>{format!(
                "{} {}, van wie {} als escalatielijn.",
                list.len(),
                if list.len() == 1 { "stakeholder" } else { "stakeholders" },
                escalatie
            )}</p>
            <div class="ptw-plandoc__figure">
                <StakeholderMap stakeholders=Signal::stored(list.clone()) id="plan-kaart"/>
            </div>
            <table class="ptw-table ptw-plandoc__table">
                <caption class="ptw-visually-hidden">"Stakeholders"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Naam of functie"</th>
                        <th scope="col">"Rol"</th>
                        <th scope="col">"Houding"</th>
                        <th scope="col">"Invloed"</th>
                        <th scope="col">"Escalatielijn"</th>
                        <th scope="col">"Wat we nodig hebben"</th>
                    </tr>
                </thead>
                <tbody>
                    {list.iter().map(|s| view! {
                        <tr>
                            <th scope="row">
                                {text(&s.naam)}
                                {(!s.organisatie.trim().is_empty()).then(|| view! {
                                    <span class="ptw-plandoc__sub">{s.organisatie.trim().to_string()}</span>
                                })}
                            </th>
                            <td>{s.rol.map(|r| plain(r.label().to_string())).unwrap_or_else(leeg)}</td>
                            <td>{s.houding.label()}</td>
                            <td>{s.invloed.label()}</td>
                            <td>{if s.escalatielijn { "Ja" } else { "Nee" }}</td>
                            <td>
                                {cell(&s.nodig)}
                                {(!s.eigenaar_contact.trim().is_empty()).then(|| view! {
                                    <span class="ptw-plandoc__sub">{format!("Contact via: {}", s.eigenaar_contact.trim())}</span>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="ptw-plandoc__section" aria-labelledby="doc-stakeholders">
            <h2 id="doc-stakeholders">"2. Stakeholders"</h2>
            {body}
        </section>
    }
}

/// A small table with a caption, or "Nog niet ingevuld" when there are no rows.
fn table(caption: &'static str, heads: &[&'static str], rows: Vec<Vec<AnyView>>) -> AnyView {
    if rows.is_empty() {
        return view! { <p>{leeg()}</p> }.into_any();
    }
    let heads = heads.to_vec();
    view! {
        <table class="ptw-table ptw-plandoc__table">
            <caption class="ptw-visually-hidden">{caption}</caption>
            <thead>
                <tr>{heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|cells| view! {
                    <tr>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The panel's original scores per criterion beside the agreed one.
fn panel_deel(doc: &Proeftuin, panel: Panel) -> impl IntoView {
    let names: Vec<String> = panel.sheets.iter().map(|(l, _)| l.clone()).collect();
    let rows = [Dimension::Realisme, Dimension::Impact]
        .into_iter()
        .flat_map(criteria_for)
        .map(|c| {
            let agreed = doc.beoordeling.score_for(c.id).and_then(|s| s.score);
            let originals: Vec<String> = panel
                .sheets
                .iter()
                .map(
                    |(_, sheet)| match (sheet.score_for(c.id).and_then(|s| s.score), agreed) {
                        (Some(o), Some(a)) if o != a => {
                            format!("{o} (verschil {:+})", i16::from(a) - i16::from(o))
                        }
                        (Some(o), _) => o.to_string(),
                        (None, _) => "–".into(),
                    },
                )
                .collect();
            (c.title, originals, agreed)
        })
        .collect::<Vec<_>>();
    view! {
        <h3>{format!("Scores van het panel (ronde {})", panel.round)}</h3>
        <p>"Iedere beoordelaar scoorde eerst alleen. Hieronder staan die eerste scores naast de afgesproken score; het verschil is afgesproken min eerste score. De eerste scores blijven bewaard."</p>
        <table class="ptw-table ptw-plandoc__table">
            <caption class="ptw-visually-hidden">"Eerste scores van de beoordelaars en de afgesproken score"</caption>
            <thead><tr>
                <th scope="col">"Punt"</th>
                {names.into_iter().map(|n| view! { <th scope="col">{n}</th> }).collect_view()}
                <th scope="col">"Afgesproken"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(title, originals, agreed)| view! {
                    <tr>
                        <th scope="row">{title}</th>
                        {originals.into_iter().map(|o| view! { <td>{o}</td> }).collect_view()}
                        <td>{agreed.map(|a| a.to_string()).unwrap_or_else(|| LEEG.to_string())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn plan_deel(doc: &Proeftuin) -> impl IntoView {
    let p = &doc.plan;
    let partners = table(
        "Partners",
        &["Partner", "Wat de partner doet"],
        p.partners
            .iter()
            .map(|x| vec![cell(&x.naam), cell(&x.rol)])
            .collect(),
    );
    let afspraken = table(
        "Tweezijdige afspraken",
        &["Partij", "Afspraak", "Eigenaar", "Datum"],
        p.afspraken
            .iter()
            .map(|a| {
                vec![
                    plain(a.partij.label().to_string()),
                    cell(&a.wat),
                    cell(&a.eigenaar),
                    opt_date(a.datum),
                ]
            })
            .collect(),
    );
    let mijlpalen = table(
        "Mijlpalen",
        &["Mijlpaal", "Datum"],
        p.mijlpalen
            .iter()
            .map(|m| vec![cell(&m.wat), opt_date(m.datum)])
            .collect(),
    );
    let risicos = table(
        "Risico's en maatregelen",
        &["Risico", "Maatregel"],
        p.risicos
            .iter()
            .map(|r| vec![cell(&r.risico), cell(&r.maatregel)])
            .collect(),
    );
    let indicatoren = table(
        "Indicatoren",
        &["Indicator", "Hoe vaak gerapporteerd"],
        p.indicatoren
            .iter()
            .map(|i| {
                vec![
                    cell(&i.indicator),
                    i.frequentie
                        .map(|f| plain(f.label().to_string()))
                        .unwrap_or_else(leeg),
                ]
            })
            .collect(),
    );
    view! {
        <section class="ptw-plandoc__section" aria-labelledby="doc-plan">
            <h2 id="doc-plan">"3. Plan van Aanpak"</h2>
            <h3>"Doelgroep en ambitie"</h3>
            <dl class="ptw-plandoc__fields">
                {field("Doelgroep(en)", choices(&p.doelgroepen))}
                {field("Toelichting op de doelgroep", text(&p.doelgroep_toelichting))}
                {field("Ambitie", text(&p.ambitie))}
            </dl>
            <h3>"Vorm en omvang"</h3>
            <dl class="ptw-plandoc__fields">
                {field("Vorm(en)", choices(&p.vormen))}
                {field("Toelichting op de vorm", text(&p.vorm_toelichting))}
                {field("Aantal kandidaten", opt_count(p.aantal_kandidaten, "kandidaat", "kandidaten"))}
                {field("Aantal plaatsen", opt_count(p.aantal_plaatsen, "plaats", "plaatsen"))}
                {field("Uren per week", opt_count(p.uren_per_week, "uur per week", "uur per week"))}
                {field("Duur per plaats", opt_count(p.duur_maanden, "maand", "maanden"))}
                {field("Waar de kandidaten werken", choices(&p.werkplek))}
            </dl>
            <h3>"Partners"</h3>
            {partners}
            <h3>"Aansluiting bij het werk van de leverancier"</h3>
            <p>{text(&p.kerncompetentie)}</p>
            <h3>"Begeleiding"</h3>
            <p>{text(&p.begeleiding)}</p>
            <h3>"Wensen van de leverancier richting de opdrachtgever"</h3>
            <p>{text(&p.wensen_opdrachtgever)}</p>
            <h3>"Tweezijdige afspraken"</h3>
            {afspraken}
            <h3>"Na de proeftuin: duurzaam werk"</h3>
            <p>{text(&p.duurzaamheid)}</p>
            <h3>"Mijlpalen"</h3>
            {mijlpalen}
            <h3>"Risico's en maatregelen"</h3>
            {risicos}
            <h3>"Monitoring: indicatoren"</h3>
            {indicatoren}
            <h3>"Randvoorwaarden"</h3>
            <p>{text(&p.randvoorwaarden)}</p>
        </section>
    }
}

fn beoordeling_deel(doc: &Proeftuin, panel: Option<Panel>) -> impl IntoView {
    let b = &doc.beoordeling;
    let dimension = |d: Dimension| {
        let rows: Vec<Vec<AnyView>> = criteria_for(d)
            .map(|c| {
                let score = b.score_for(c.id);
                let value = score.and_then(|s| s.score);
                let score_view = match value {
                    Some(v) => view! {
                        <span>
                            <strong>{format!("{v} van 5")}</strong>
                            {c.anchor(v).map(|a| view! { <span class="ptw-plandoc__sub">{a}</span> })}
                        </span>
                    }
                    .into_any(),
                    None => leeg(),
                };
                vec![
                    plain(c.title.to_string()),
                    score_view,
                    text(score.map(|s| s.reden.as_str()).unwrap_or_default()),
                ]
            })
            .collect();
        let (scored, total) = scored_count(b, d);
        let summary = match dimension_score(b, d) {
            Some(x) => format!(
                "Score {}: {} van 5 (gemiddelde van {scored} van de {total} punten).",
                d.label().to_lowercase(),
                getal_nl(x)
            ),
            None => format!("Score {}: {LEEG}.", d.label().to_lowercase()),
        };
        view! {
            <h3>{format!("{}: {}", d.label(), d.question())}</h3>
            {table(if d == Dimension::Realisme { "Scores realisme" } else { "Scores impact" },
                &["Punt", "Score", "Waarom deze score"], rows)}
            <p class="ptw-plandoc__score">{summary}</p>
        }
    };
    let punten = aandachtspunten(doc);
    let suggestie = suggested_oordeel_for(b);
    view! {
        <section class="ptw-plandoc__section" aria-labelledby="doc-beoordeling">
            <h2 id="doc-beoordeling">"4. Beoordeling"</h2>
            {dimension(Dimension::Realisme)}
            {dimension(Dimension::Impact)}
            {panel.clone().map(|p| panel_deel(doc, p))}
            <div class="ptw-plandoc__figure">
                <RealismeImpactChart
                    realisme=Signal::stored(dimension_score(b, Dimension::Realisme))
                    impact=Signal::stored(dimension_score(b, Dimension::Impact))
                    others=Signal::stored(panel.as_ref().map(Panel::points).unwrap_or_default())
                    point_label="Afgesproken"/>
            </div>
            <h3>"Oordeel"</h3>
            <dl class="ptw-plandoc__fields">
                {field("Oordeel", b.oordeel.map(|o| plain(o.label().to_string())).unwrap_or_else(leeg))}
                {field("Toelichting op het oordeel", text(&b.oordeel_toelichting))}
                {field("Voorstel op basis van de scores", suggestie.map(|o| plain(o.label().to_string()))
                    .unwrap_or_else(|| plain("Nog geen voorstel: eerst moeten realisme en impact allebei een score hebben.".to_string())))}
                {(!b.beoordelaar.trim().is_empty()).then(|| field("Beoordeeld door", text(&b.beoordelaar)))}
            </dl>
            <h3>"Aandachtspunten"</h3>
            {if punten.is_empty() {
                view! { <p>"De app ziet in het plan geen aandachtspunten."</p> }.into_any()
            } else {
                view! {
                    <p>"Deze punten haalt de app uit het plan zelf. Het zijn adviezen, geen fouten."</p>
                    <ul class="ptw-plandoc__points">
                        {punten.into_iter().map(|p| view! {
                            <li><strong>{p.title}</strong>" – "{p.explanation}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn status_deel(doc: &Proeftuin) -> impl IntoView {
    let notities = doc.afronden.notities.trim().to_string();
    view! {
        <section class="ptw-plandoc__section" aria-labelledby="doc-status">
            <h2 id="doc-status">"5. Status en notities"</h2>
            <dl class="ptw-plandoc__fields">
                {field("Status", plain(format!("{}. {}", doc.status.label(), doc.status.uitleg())))}
                {(!notities.is_empty()).then(|| field("Notities", plain(notities)))}
            </dl>
            <p class="ptw-plandoc__privacy">"In dit plan staan alleen aantallen, geen namen of andere persoonsgegevens van kandidaten."</p>
        </section>
    }
}
