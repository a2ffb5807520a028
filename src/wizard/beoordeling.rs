//! Step 4, Beoordeling: the buyer scores the plan on realisme and impact with a rubric
//! (1 to 5 against anchored descriptions, each with a reason), sees the scores, the suggested
//! verdict and the plan in a realisme × impact chart, chooses the verdict, and reads the
//! aandachtspunten the app derives from the plan.
//!
//! The chart ([`crate::views::chart::RealismeImpactChart`]) and the list of aandachtspunten
//! ([`attention::AandachtspuntenList`]) need no editor, so the printable plan can reuse them.

pub mod attention;

use leptos::prelude::*;
use proeftuin_domain::fields;
use proeftuin_domain::rubric::{ACCEPT_FROM, REJECT_BELOW};
use proeftuin_domain::{
    aandachtspunten, criteria_for, dimension_score, scored_count, suggested_oordeel, Criterion,
    Dimension, Oordeel,
};
use wasm_bindgen::JsCast;

use attention::AandachtspuntenList;

use crate::components::field_error::{described_by, FieldErrorText};
use crate::components::TextField;
use crate::editor::{error_id, field_id, use_editor};
use proeftuin_domain::store::*;

use crate::views::chart::RealismeImpactChart;
use proeftuin_domain::format::one_decimal as format_score;

/// Plain Dutch sentence for the suggested verdict and why.
pub fn suggestion_reason(realisme: f64, impact: f64) -> String {
    let accept = format_score(ACCEPT_FROM);
    let reject = format_score(REJECT_BELOW);
    match (realisme < REJECT_BELOW, impact < REJECT_BELOW) {
        (true, true) => format!("Realisme en impact zijn allebei lager dan {reject}."),
        (true, false) => format!("Realisme is lager dan {reject}."),
        (false, true) => format!("Impact is lager dan {reject}."),
        (false, false) if realisme >= ACCEPT_FROM && impact >= ACCEPT_FROM => {
            format!("Realisme en impact zijn allebei {accept} of hoger.")
        }
        (false, false) => format!(
            "Realisme en impact zijn allebei {reject} of hoger, maar niet allebei {accept} of hoger."
        ),
    }
}

/// What a verdict means, shown under its radio button.
fn oordeel_uitleg(o: Oordeel) -> &'static str {
    match o {
        Oordeel::Accepteren => {
            "Het plan is goed genoeg om mee te starten. De 5%-regeling vervalt voor deze opdracht."
        }
        Oordeel::Aanpassen => {
            "De leverancier verbetert het plan eerst. Schrijf in de toelichting wat er beter moet."
        }
        Oordeel::Afwijzen => "Het plan is niet uit te voeren of helpt te weinig mensen aan werk.",
    }
}

/// True when focus leaves a radio group (not just moves to another radio of it).
fn leaves_group(ev: &leptos::ev::FocusEvent, name: &str) -> bool {
    !ev.related_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| input.type_() == "radio" && input.name() == name)
}

/// Step 4.
#[component]
pub fn BeoordelingStep() -> impl IntoView {
    let ed = use_editor();
    let (beoordelaar, set_beoordelaar) = ed.bind(ed.doc.beoordeling().beoordelaar());
    let doc_id = ed.doc.with_untracked(|d| d.id.clone());
    let punten = Memo::new(move |_| ed.doc.with(aandachtspunten));

    view! {
        <div class="ptw-form ptw-bo" >
            <p class="ptw-bo__intro">
                "Beoordeel het Plan van Aanpak op twee vragen: is het plan "<strong>"realistisch"</strong>
                " en heeft het genoeg "<strong>"impact"</strong>"? Geef bij elk criterium een score van 1 tot 5. "
                "Bij elke score staat wat die betekent. Schrijf er kort bij waarom je die score geeft. "
                "Score en onderbouwing zijn bij elk criterium verplicht."
            </p>

            <section class="ptw-section" aria-labelledby="bo-wie">
                <h2 id="bo-wie">"Wie beoordeelt?"</h2>
                <p>
                    "Met een panel beoordelen? Op de pagina "
                    <a href=format!("/proeftuin/{doc_id}/beoordelaars")>"Beoordelaars"</a>
                    " krijgt iedere beoordelaar een eigen link en scoort eerst alleen. Daarna leggen jullie hier de afgesproken scores vast."
                </p>
                <TextField label=fields::BEOORDELING_BEOORDELAAR.label path=fields::BEOORDELING_BEOORDELAAR.path
                    value=beoordelaar on_change=set_beoordelaar
                    hint="Bijvoorbeeld: categoriemanager ICT. Beoordelen jullie met meer mensen? Geef dan eerst ieder voor zich een score en bespreek daarna de verschillen."/>
            </section>

            <section class="ptw-section ptw-bo-aandacht" aria-labelledby="bo-aandacht">
                <h2 id="bo-aandacht">"Aandachtspunten uit het plan"</h2>
                <p class="ptw-field__hint">
                    "De wizard haalt deze punten uit wat er in de eerdere stappen staat. Het zijn geen fouten. Neem ze mee in je beoordeling."
                </p>
                <AandachtspuntenList doc_id=doc_id items=punten links=true/>
            </section>

            <DimensionSection dimension=Dimension::Realisme/>
            <DimensionSection dimension=Dimension::Impact/>
            <Uitkomst/>
        </div>
    }
}

/// The criteria of one dimension, with the running score of the dimension.
#[component]
pub(crate) fn DimensionSection(dimension: Dimension) -> impl IntoView {
    let ed = use_editor();
    let heading_id = format!("bo-{}", dimension.key());
    let stand = Memo::new(move |_| {
        ed.doc.with(|d| {
            (
                dimension_score(&d.beoordeling, dimension),
                scored_count(&d.beoordeling, dimension),
            )
        })
    });
    view! {
        <section class="ptw-section ptw-bo-dim" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{dimension.label()}</h2>
            <p class="ptw-bo-dim__question">{dimension.question()}</p>
            <p class="ptw-bo-dim__stand">
                {move || {
                    let (score, (n, total)) = stand.get();
                    match score {
                        Some(s) => format!("Score {}: {} ({n} van {total} criteria gescoord)", dimension.label().to_lowercase(), format_score(s)),
                        None => format!("Nog geen score voor {} (0 van {total} criteria gescoord)", dimension.label().to_lowercase()),
                    }
                }}
            </p>
            {criteria_for(dimension).map(|c| view! { <CriterionField criterion=c/> }).collect_view()}
        </section>
    }
}

/// One criterion: its question, the scores 1–5 with their anchors, and the reason.
#[component]
pub(crate) fn CriterionField(criterion: &'static Criterion) -> impl IntoView {
    let ed = use_editor();
    let cid = criterion.id;
    let score_path = fields::SCORE_SCORE.path(cid);
    let reden_path = fields::SCORE_REDEN.path(cid);
    let group = field_id(&score_path);
    let question_id = format!("{group}-vraag");
    let score_err_id = error_id(&score_path);
    let score_error = ed.error_for(score_path.clone());

    let score = Memo::new(move |_| {
        ed.doc
            .with(|d| d.beoordeling.score_for(cid).and_then(|s| s.score))
    });
    let reden = Signal::from(Memo::new(move |_| {
        ed.doc.with(|d| {
            d.beoordeling
                .score_for(cid)
                .map(|s| s.reden.clone())
                .unwrap_or_default()
        })
    }));
    let set_reden =
        Callback::new(move |v: String| ed.edit(move |d| d.beoordeling.set_reden(cid, v)));
    let choose = move |v: Option<u8>| ed.edit(move |d| d.beoordeling.set_score(cid, v));

    let describedby = {
        let question_id = question_id.clone();
        let score_err_id = score_err_id.clone();
        move || {
            described_by(
                Some(&question_id),
                &score_err_id,
                score_error.with(Option::is_some),
            )
        }
    };
    let on_focusout = {
        let name = group.clone();
        move |ev: leptos::ev::FocusEvent| {
            if leaves_group(&ev, &name) {
                ed.touch_field(&score_path);
            }
        }
    };

    let none_id = format!("{group}-geen");
    let options = (1..=5u8)
        .map(|n| {
            let id = format!("{group}-{n}");
            let anchor = criterion.anchor(n).unwrap_or_default();
            view! {
                <div class="ptw-bo-scale__option" class:ptw-bo-scale__option--checked=move || score.get() == Some(n)>
                    <input type="radio" class="ptw-bo-scale__input" id=id.clone() name=group.clone() value=n.to_string()
                        prop:checked=move || score.get() == Some(n)
                        on:change=move |_| choose(Some(n))/>
                    <label for=id class="ptw-bo-scale__label">
                        <span class="ptw-bo-scale__num">{n}</span>
                        <span class="ptw-visually-hidden">" – "</span>
                        <span class="ptw-bo-scale__anchor">{anchor}</span>
                    </label>
                </div>
            }
        })
        .collect_view();

    view! {
        <fieldset class="ptw-bo-crit" data-criterium=cid
            class:ptw-bo-crit--invalid=move || score_error.with(Option::is_some)
            aria-describedby=describedby>
            <legend class="ptw-bo-crit__title">{criterion.title}</legend>
            <p class="ptw-bo-crit__question" id=question_id>{criterion.question}</p>
            <div class="ptw-bo-scale" id=group.clone() on:focusout=on_focusout>
                <div class="ptw-bo-scale__none">
                    <input type="radio" id=none_id.clone() name=group.clone() value=""
                        prop:checked=move || score.get().is_none()
                        on:change=move |_| choose(None)/>
                    <label for=none_id>"Nog geen score"</label>
                </div>
                <div class="ptw-bo-scale__options">{options}</div>
            </div>
            <FieldErrorText id=score_err_id message=score_error/>
            <TextField label=fields::SCORE_REDEN.label label_extra=format!(" bij {}", criterion.title)
                path=reden_path value=reden on_change=set_reden required=true
                multiline=true rows=3 class="ptw-bo-area"/>
        </fieldset>
    }
}

/// Scores, suggested verdict, chart and the assessor's verdict.
#[component]
fn Uitkomst() -> impl IntoView {
    let ed = use_editor();
    let realisme = Memo::new(move |_| {
        ed.doc
            .with(|d| dimension_score(&d.beoordeling, Dimension::Realisme))
    });
    let impact = Memo::new(move |_| {
        ed.doc
            .with(|d| dimension_score(&d.beoordeling, Dimension::Impact))
    });
    let counts = Memo::new(move |_| {
        ed.doc.with(|d| {
            (
                scored_count(&d.beoordeling, Dimension::Realisme),
                scored_count(&d.beoordeling, Dimension::Impact),
            )
        })
    });
    let complete = Memo::new(move |_| {
        let ((r, rt), (i, it)) = counts.get();
        r == rt && i == it
    });
    let suggestie = Memo::new(move |_| suggested_oordeel(realisme.get(), impact.get()));
    let (oordeel, set_oordeel) = ed.bind(ed.doc.beoordeling().oordeel());
    let (toelichting, set_toelichting) = ed.bind(ed.doc.beoordeling().oordeel_toelichting());

    let differs = Signal::derive(move || {
        match (oordeel.get(), suggestie.get()) {
        (Some(o), Some(s)) if o != s => Some(format!(
            "Je kiest een ander oordeel dan het voorstel ({}). Dat mag: jij weegt alles af. Leg hieronder uit waarom je anders kiest.",
            s.label().to_lowercase()
        )),
        _ => None,
    }
    });
    let toelichting_missing = Signal::derive(move || {
        (oordeel.get().is_some() && toelichting.with(|t: &String| t.trim().is_empty()))
            .then(|| "Schrijf kort waarom je dit oordeel kiest.".to_string())
    });

    let accept = format_score(ACCEPT_FROM);
    let reject = format_score(REJECT_BELOW);

    view! {
        <section class="ptw-section ptw-bo-uitkomst" aria-labelledby="bo-uitkomst">
            <h2 id="bo-uitkomst">"Uitkomst"</h2>
            <div class="ptw-bo-uitkomst__grid">
                <div class="ptw-bo-uitkomst__facts">
                    <dl class="ptw-bo-scores">
                        <ScoreCard dimension=Dimension::Realisme score=realisme.into()
                            count=Signal::derive(move || counts.get().0)/>
                        <ScoreCard dimension=Dimension::Impact score=impact.into()
                            count=Signal::derive(move || counts.get().1)/>
                    </dl>
                    <div class="ptw-bo-suggestie">
                        <h3>"Voorstel voor het oordeel"</h3>
                        {move || match (realisme.get(), impact.get(), suggestie.get()) {
                            (Some(r), Some(i), Some(s)) => view! {
                                <p class="ptw-bo-suggestie__value">
                                    "Voorstel: "<strong class=format!("ptw-bo-verdict ptw-bo-verdict--{}", s.key())>{s.label()}</strong>
                                </p>
                                <p>{suggestion_reason(r, i)}</p>
                                {(!complete.get()).then(|| view! {
                                    <p class="ptw-bo-suggestie__partial">"Nog niet alle criteria hebben een score. Het voorstel kan nog veranderen."</p>
                                })}
                            }.into_any(),
                            _ => view! {
                                <p class="ptw-bo-suggestie__value">"Nog geen voorstel."</p>
                                <p>"Geef eerst minstens één score bij realisme en één bij impact."</p>
                            }.into_any(),
                        }}
                        <details class="ptw-bo-regels">
                            <summary>"Hoe komt het voorstel tot stand?"</summary>
                            <p>"De score van realisme en van impact is het gemiddelde van de criteria met een score. Daaruit volgt het voorstel:"</p>
                            <ul>
                                <li><strong>"Accepteren"</strong>{format!(": realisme én impact zijn {accept} of hoger.")}</li>
                                <li><strong>"Afwijzen"</strong>{format!(": realisme of impact is lager dan {reject}.")}</li>
                                <li><strong>"Aanpassen"</strong>": in alle andere gevallen."</li>
                            </ul>
                            <p>"Het voorstel is een hulpmiddel. Jij kiest het oordeel en legt uit waarom."</p>
                        </details>
                    </div>
                </div>
                <div class="ptw-bo-uitkomst__chart">
                    <RealismeImpactChart realisme=realisme impact=impact/>
                </div>
            </div>

            <OordeelField value=oordeel on_change=set_oordeel suggestie=suggestie.into()/>
            <TextField label=fields::BEOORDELING_OORDEEL_TOELICHTING.label path=fields::BEOORDELING_OORDEEL_TOELICHTING.path
                value=toelichting on_change=set_toelichting required=true
                hint="Waarom kies je dit oordeel? Wat moet er eventueel nog beter in het plan?"
                note=differs local_error=toelichting_missing multiline=true rows=3 class="ptw-bo-area"/>
        </section>
    }
}

/// "Realisme 3,5 – 3 van 4 criteria gescoord".
#[component]
fn ScoreCard(
    dimension: Dimension,
    score: Signal<Option<f64>>,
    count: Signal<(usize, usize)>,
) -> impl IntoView {
    view! {
        <div class=format!("ptw-bo-scores__item ptw-bo-scores__item--{}", dimension.key())>
            <dt class="ptw-bo-scores__name">{dimension.label()}</dt>
            <dd class="ptw-bo-scores__value">
                {move || match score.get() {
                    Some(s) => view! { {format_score(s)}<span class="ptw-bo-scores__max">" van 5"</span> }.into_any(),
                    None => view! { <span class="ptw-bo-scores__empty">"Nog geen score"</span> }.into_any(),
                }}
            </dd>
            <dd class="ptw-bo-scores__count">
                {move || {
                    let (n, total) = count.get();
                    format!("{n} van {total} criteria gescoord")
                }}
            </dd>
        </div>
    }
}

/// The verdict the assessor chooses, with the suggestion marked.
#[component]
fn OordeelField(
    value: Signal<Option<Oordeel>>,
    on_change: Callback<Option<Oordeel>>,
    suggestie: Signal<Option<Oordeel>>,
) -> impl IntoView {
    let ed = use_editor();
    let path = fields::BEOORDELING_OORDEEL.path;
    let name = field_id(path);
    let err_id = error_id(path);
    let error = ed.error_for(path);
    let on_focusout = {
        let name = name.clone();
        move |ev: leptos::ev::FocusEvent| {
            if leaves_group(&ev, &name) {
                ed.touch_field(path);
            }
        }
    };
    let describedby = {
        let err_id = err_id.clone();
        move || described_by(None, &err_id, error.with(Option::is_some))
    };
    view! {
        <fieldset class="ptw-choices ptw-bo-oordeel" id=name.clone()
            class:ptw-field--invalid=move || error.with(Option::is_some)
            aria-describedby=describedby
            on:focusout=on_focusout>
            <legend class="ptw-field__label">
                "Jouw oordeel"<span class="ptw-field__req">" (verplicht)"</span>
            </legend>
            {Oordeel::ALL.iter().map(|o| {
                let o = *o;
                let id = format!("{name}-{}", o.key());
                let hint_id = format!("{id}-uitleg");
                view! {
                    <div class="ptw-bo-oordeel__item" class:ptw-bo-oordeel__item--checked=move || value.get() == Some(o)>
                        <input type="radio" id=id.clone() name=name.clone() value=o.key()
                            prop:checked=move || value.get() == Some(o)
                            on:change=move |_| on_change.run(Some(o))
                            aria-describedby=hint_id.clone()/>
                        <div class="ptw-bo-oordeel__text">
                            <label for=id class="ptw-bo-oordeel__label">{o.label()}</label>
                            <p class="ptw-bo-oordeel__hint" id=hint_id>
                                {move || (suggestie.get() == Some(o)).then(|| view! {
                                    <span class="ptw-bo-badge">"Voorstel"</span>" "
                                })}
                                {oordeel_uitleg(o)}
                            </p>
                        </div>
                    </div>
                }
            }).collect_view()}
            <FieldErrorText id=err_id message=error/>
        </fieldset>
    }
}
